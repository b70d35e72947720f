#include "gateway/service.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "gateway/http_answers.h"
#include "gateway/journal_bootstrap.h"

namespace corridor::gateway {
namespace {

// Counts every answer by status and times it (GET /metrics) on its way to the
// client. The time runs from the request handed over (its body read) to the
// answer handed to the server; writing it to the socket is not included, as
// that happens on the I/O thread after respond() returns.
class CountingResponder : public Responder, public std::enable_shared_from_this<CountingResponder> {
 public:
  CountingResponder(std::shared_ptr<Responder> inner, ServiceMetrics& metrics,
                    EndpointFamily family)
      : inner_(std::move(inner)),
        metrics_(metrics),
        family_(family),
        started_(std::chrono::steady_clock::now()) {}
  void respond(HttpResponse response) override {
    count(response);
    inner_->respond(std::move(response));
  }
  void respond_with(std::function<HttpResponse()> make) override {
    // Counted when made; `self` keeps the metrics' owner alive until then.
    inner_->respond_with([self = shared_from_this(), make = std::move(make)] {
      HttpResponse response = make();
      self->count(response);
      return response;
    });
  }

 private:
  void count(const HttpResponse& response) {
    metrics_.count_response(response.status);
    metrics_.observe_latency(family_, std::chrono::steady_clock::now() - started_);
  }

  std::shared_ptr<Responder> inner_;
  ServiceMetrics& metrics_;
  EndpointFamily family_;
  std::chrono::steady_clock::time_point started_;
};

ServerOptions server_options(const ServiceConfig& config, const ServiceOptions& options) {
  ServerOptions server;
  server.listen_address = config.service.listen_address;
  server.port = config.service.listen_port;
  server.io_threads = options.io_threads;
  server.tls.ca_certificate_pem = config.tls.path_of(config.tls.ca_cert);
  server.tls.certificate_pem = config.tls.path_of(config.tls.server_cert);
  server.tls.private_key_pem = config.tls.path_of(config.tls.server_key);
  server.tls.tls13_only = config.tls.tls_version_min == TlsVersion::k1_3;
  server.limits.body_bytes_max = config.limits.request_bytes_max;
  server.limits.header_timeout_ms = config.limits.header_timeout_ms;
  server.limits.body_timeout_ms = config.limits.body_timeout_ms;
  return server;
}

uint64_t physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_bytes = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_bytes <= 0) return UINT64_MAX;  // unknown: no check
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_bytes);
}

}  // namespace

uint64_t views_reserved_bytes(uint64_t payments) {
  // Three hash tables of 24-byte slots (by UETR and by instruction in the views,
  // by instruction in the message index) kept at most 7/8 full.
  constexpr uint64_t kIndexBytesPerPayment = 3 * 24 * 8 / 7;
  return payments * (ParticipantViews::kRecordBytes +
                     ParticipantViews::kEntriesPerPayment * ParticipantViews::kEntryBytes +
                     kIndexBytesPerPayment);
}

std::optional<std::string> views_reservation_problem(uint64_t payments, uint64_t physical_bytes) {
  const uint64_t bytes = views_reserved_bytes(payments);
  if (bytes <= physical_bytes / 2) return std::nullopt;
  return "service.views_payments_reserved: " + std::to_string(payments) + " payments take " +
         std::to_string(bytes >> 20) + " MiB backed at start, more than half of this machine's " +
         std::to_string(physical_bytes >> 20) + " MiB";
}

Service::Service(ServiceConfig config, JsonLog& log, ServiceOptions options)
    : config_(std::move(config)), log_(log), options_(options) {
  if (auto problem = views_reservation_problem(config_.service.views_payments_reserved,
                                               physical_memory_bytes())) {
    throw std::invalid_argument(*problem);
  }
  // Before the engine, so that a key that cannot sign refuses to start
  // instead of serving receipts it cannot make.
  receipt_signer_ = std::make_unique<ReceiptSigner>(config_.tls.path_of(config_.tls.operator_key),
                                                    config_.tls.path_of(config_.tls.operator_cert),
                                                    config_.service.system_bic);
  // The views are a function of the journal: rebuilt from all of it, then fed
  // by the engine with every command applied from now on.
  views_ = std::make_unique<ParticipantViews>();
  views_->reserve(config_.service.views_payments_reserved);
  const auto rebuild_started = std::chrono::steady_clock::now();
  // Message bytes live in the journal (message_log.h): the index over them is
  // rebuilt with the views, by the same replay.
  message_log_ = std::make_unique<MessageLog>(config_.service.journal_dir);
  message_log_->reserve(config_.service.views_payments_reserved);
  const auto observe = [this](const journal::Submission& s, const journal::Ack& a,
                              const journal::Machine& m) {
    if (a.attachment) message_log_->index(a.attachment_bytes, *a.attachment);
    views_->observe(s, a, m);
  };
  std::error_code exists_error;
  const uint64_t rebuilt_seq = !std::filesystem::exists(config_.service.journal_dir, exists_error)
                                   ? 0
                                   : journal::replay_observed(config_.service.journal_dir, observe);
  log_.write(
      "views_rebuilt",
      {{"journal_seq", rebuilt_seq},
       {"messages", message_log_->records()},
       {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - rebuild_started)
                       .count()}});
  if (message_log_->malformed() > 0) {
    log_.write("message_attachments_malformed", {{"count", message_log_->malformed()}});
  }
  inbox_acks_ = std::make_unique<InboxAcks>(config_.service.journal_dir + "/messages", true);
  inbox_stream_ =
      std::make_unique<InboxStream>(config_, *views_, *message_log_, *inbox_acks_, log_);
  // Before the engine runs: the apply thread calls it from the first command.
  views_->set_on_new_entries([stream = inbox_stream_.get()] { stream->notify(); });
  OpenedJournal opened = open_service_journal(
      config_,
      [this](const std::string& line) {
        log_.write("engine", {{"message", line}});
      },
      observe, [views = views_.get()](const journal::Submission& s) { views->prefetch(s); });
  engine_ = std::move(opened.engine);
  journal_initialised_ = opened.initialised;
  const journal::RecoveryReport& recovery = engine_->recovery();
  log_.write("recovery", {{"journal_dir", config_.service.journal_dir},
                          {"snapshot", recovery.snapshot_path},
                          {"snapshot_seq", recovery.snapshot_seq},
                          {"replayed_commands", recovery.replayed_commands},
                          {"last_seq", recovery.last_seq},
                          {"torn_tail", recovery.torn_tail.has_value()},
                          {"seconds", recovery.seconds},
                          {"initialised_from_config", opened.initialised},
                          {"reference_commands", opened.reference_commands}});

  if (!opened.initialised) warn_if_reference_data_differs();
  // Recovery and the views' rebuild read the same journal: they must agree.
  if (recovery.last_seq != rebuilt_seq) {
    throw std::runtime_error(fmt::format(
        "the participant views were rebuilt up to journal sequence {} but recovery reached {}",
        rebuilt_seq, recovery.last_seq));
  }

  messages_ =
      std::make_unique<MessageEndpoint>(config_, *engine_, *message_log_, *views_, metrics_, log_);
  participant_reads_ = std::make_unique<ParticipantEndpoint>(
      config_, *views_, *message_log_, *inbox_acks_, *receipt_signer_, *engine_, log_);
  participant_reads_->add_routes(router_);
  queue_management_ = std::make_unique<QueueEndpoint>(*engine_, log_);
  queue_management_->add_routes(router_);
  rate_limiter_ = std::make_unique<RateLimiter>(config_, options_.monotonic_clock);
  router_.set_gate([this](const HttpRequest& request, const std::shared_ptr<Responder>& responder) {
    return admit(request, responder);
  });
  operator_api_ = std::make_unique<OperatorEndpoint>(config_, *engine_, log_);
  operator_api_->register_routes(router_);
  router_.add("POST", "/v1/messages",
              [this](const HttpRequest& request, std::shared_ptr<Responder> responder) {
                messages_->handle(request, std::move(responder));
              });
  // Health and metrics are not rate limited: probes and scrapers must see a
  // flooded service, and they cost no parsing nor journal work.
  router_.add(
      "GET", "/healthz",
      [this](const HttpRequest&, std::shared_ptr<Responder> responder) {
        const uint64_t seq = engine_->stats().last_seq;
        if (engine_->failed()) {
          responder->respond(json_answer(
              503, {{"status", "failed"}, {"journal_seq", seq}, {"error", engine_->failure()}}));
          return;
        }
        responder->respond(json_answer(200, {{"status", "ok"}, {"journal_seq", seq}}));
      },
      Router::RateLimited::kNo);
  router_.add(
      "GET", "/metrics",
      [this](const HttpRequest&, std::shared_ptr<Responder> responder) {
        EngineFigures figures;
        figures.journal_last_seq = engine_->stats().last_seq;
        figures.journal_failed = engine_->failed();
        figures.batch_writes = engine_->batch_writes();
        // The queues are core state: read between batches on the apply thread
        // (a wait of at most one batch's apply, as GET /v1/accounts does).
        engine_->inspect([&](const journal::Machine& machine) {
          figures.queues = queue_figures(machine.core());
        });
        responder->respond(
            HttpResponse{200, "text/plain; version=0.0.4", metrics_.render(figures), {}});
      },
      Router::RateLimited::kNo);
  server_ = std::make_unique<HttpServer>(
      server_options(config_, options_),
      [this](HttpRequest request, std::shared_ptr<Responder> responder) {
        handle(std::move(request), std::move(responder));
      },
      [this](const HttpRequest& request) { return inbox_stream_->accept(request); });
}

Service::~Service() {
  stop();
}

void Service::warn_if_reference_data_differs() {
  // An existing journal keeps its own reference data: the configuration's is
  // applied only to a new one. Say so when they no longer agree (a changed
  // configuration, or a first start that died before its reference data was
  // journaled), rather than serve quietly on something else.
  size_t accounts_configured = 0;
  for (const ParticipantConfig& p : config_.participants) {
    accounts_configured += p.kind == core::ParticipantKind::kCentralBank ? 1 : p.accounts.size();
  }
  size_t currencies = 0;
  size_t participants = 0;
  size_t accounts = 0;
  engine_->inspect([&](const journal::Machine& machine) {
    currencies = machine.core().currency_count();
    participants = machine.core().participant_count();
    accounts = machine.core().account_count();
  });
  if (currencies != config_.currencies.size() || participants != config_.participants.size() ||
      accounts != accounts_configured) {
    log_.write(
        "reference_data_differs",
        {{"journal",
          {{"currencies", currencies}, {"participants", participants}, {"accounts", accounts}}},
         {"config",
          {{"currencies", config_.currencies.size()},
           {"participants", config_.participants.size()},
           {"accounts", accounts_configured}}}});
  }
}

void Service::start() {
  server_->start();
  log_.write("listening", {{"address", config_.service.listen_address},
                           {"port", server_->port()},
                           {"system_bic", config_.service.system_bic.to_string()},
                           {"journal_seq", engine_->stats().last_seq}});
}

void Service::handle(HttpRequest request, std::shared_ptr<Responder> responder) {
  router_.dispatch(request, std::make_shared<CountingResponder>(std::move(responder), metrics_,
                                                                endpoint_family(request.target)));
}

bool Service::admit(const HttpRequest& request, const std::shared_ptr<Responder>& responder) {
  const Admission admission = rate_limiter_->admit(request.peer.identity);
  if (admission.allowed) return true;
  metrics_.count_rate_limited();
  const std::string reason = fmt::format(
      "rate limit exceeded for {}: {} requests per second, burst {}; retry after {} s",
      rate_limiter_->bucket_name(request.peer.identity), config_.limits.rate_limit_per_second,
      config_.limits.rate_limit_burst, admission.retry_after_s);
  log_.write("refused", {{"status", 429},
                         {"remote", request.remote},
                         {"peer_role", to_string(request.peer.identity.role)},
                         {"peer_bic", request.peer.identity.bic.to_string()},
                         {"certificate_sha256", request.peer.certificate_sha256},
                         {"retry_after_s", admission.retry_after_s},
                         {"reason", reason}});
  HttpResponse response =
      json_answer(429, {{"error", reason}, {"retry_after_s", admission.retry_after_s}});
  response.headers.emplace_back("Retry-After", std::to_string(admission.retry_after_s));
  responder->respond(std::move(response));
  return false;
}

void Service::stop() {
  if (stopped_) return;
  stopped_ = true;
  // The server first: answers still owed come from engine completions, which
  // engine stop() runs; the server's work guard keeps them flowing after its stop.
  server_->stop(options_.drain_timeout_ms);
  engine_->stop();
  log_.write("stopped", {{"journal_seq", engine_->stats().last_seq}});
}

}  // namespace corridor::gateway
