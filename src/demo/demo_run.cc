#include "demo/demo_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "demo/bank_client.h"
#include "demo/demo_stats.h"
#include "demo/fx_dns_setup.h"
#include "demo/progress.h"
#include "demo/queue_monitor.h"
#include "demo/summary.h"
#include "demo/traffic_model.h"
#include "gateway/heap_tuning.h"
#include "gateway/json_log.h"
#include "gateway/pki.h"
#include "gateway/service.h"
#include "gateway/service_config.h"
#include "journal/hash.h"
#include "journal/journal_reader.h"

namespace corridor::demo {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The service's JSON log goes to a file: on the terminal it would bury the
// progress line.
class LogFile {
 public:
  explicit LogFile(const std::string& path) : file_(path, std::ios::trunc) {
    if (!file_) throw DemoSetupError("cannot write " + path);
  }
  gateway::JsonLog::Sink sink() {
    return [this](const std::string& line) {
      std::lock_guard lock(mutex_);
      file_ << line << '\n';
      file_.flush();
    };
  }

 private:
  std::mutex mutex_;
  std::ofstream file_;
};

gateway::ServiceConfig demo_config(const DemoOptions& o, const std::string& pki_dir,
                                   const std::string& journal_dir) {
  gateway::ServiceConfig config;
  try {
    config = gateway::load_service_config(o.config_path);
  } catch (const gateway::ServiceConfigError& e) {
    throw DemoSetupError(e.what());
  }
  config.service.listen_address = "127.0.0.1";  // the demo is for this machine only
  config.service.listen_port = o.port;
  config.service.journal_dir = journal_dir;
  config.tls.pki_dir = pki_dir;
  return config;
}

// Fresh directories: the PKI always, the journal unless kept.
void prepare_directories(const DemoOptions& o, const std::string& pki_dir,
                         const std::string& journal_dir) {
  std::error_code ec;
  fs::create_directories(o.dir, ec);
  if (ec) throw DemoSetupError("cannot create " + o.dir + ": " + ec.message());
  fs::remove_all(pki_dir, ec);
  if (!ec && !o.keep_journal) fs::remove_all(journal_dir, ec);
  if (ec) throw DemoSetupError("cannot clear " + o.dir + ": " + ec.message());
}

QueryHints query_hints(const DemoOptions& o, const TrafficModel& model, const std::string& pki_dir,
                       const std::string& journal_dir, uint16_t port) {
  QueryHints h;
  h.corridor = o.corridor;
  h.config_path = o.config_path;
  h.pki_dir = pki_dir;
  h.journal_dir = journal_dir;
  h.port = port;
  h.running = o.keep_running;
  h.reader = model.banks().front().bic_text;
  // The example message beside the configuration, when its sender is a bank here.
  const fs::path message =
      fs::path(o.config_path).parent_path() / "messages" / "pacs008_lotus_to_jade.xml";
  for (const DemoBank& bank : model.banks()) {
    if (bank.bic_text == "LTSBCNB0" && fs::exists(message)) {
      h.example_message = message.string();
      h.example_sender = bank.bic_text;
    }
  }
  return h;
}

// A payment `reader` received during the run (the first forwarded to it), "" if none.
std::string received_uetr(const gateway::ParticipantViews& views, const std::string& reader) {
  const std::optional<core::Bic> bic = core::Bic::parse(reader);
  if (!bic) return "";
  const gateway::InboxPage page = views.inbox(*bic, 0, 200);
  for (const gateway::InboxItem& item : page.items) {
    // An RTGS payment: its receipt shows the common case (a DNS one names its cycle).
    if (item.entry.kind == gateway::InboxKind::kForwardedPayment &&
        !(item.payment && item.payment->dns)) {
      return item.entry.uetr.to_string();
    }
  }
  return "";
}

// Which payments answered as queued have left the queues since (settled).
void count_settled_after_queue(journal::Engine& engine, const DemoStats& stats, DemoSummary* s) {
  const std::vector<QueuedPayment> queued = stats.queued_payments();
  std::vector<core::Uetr> uetrs;
  for (const QueuedPayment& q : queued) uetrs.push_back(q.uetr);
  const std::vector<bool> pending = still_pending(engine, uetrs);
  for (size_t i = 0; i < queued.size(); ++i) {
    if (pending[i]) continue;
    ++s->settled_after_queue_count[queued[i].currency];
    s->settled_after_queue_minor[queued[i].currency] += queued[i].amount_minor;
  }
}

void read_journal(const std::string& journal_dir, DemoSummary* s) {
  journal::ScanOptions options;
  options.verify_hash = true;
  const journal::ScanResult scan = journal::scan_journal(journal_dir, options, {});
  s->journal_last_seq = scan.last_seq;
  s->journal_head = journal::to_hex(scan.head);
  if (scan.fault) s->journal_fault = scan.fault->to_string();
}

}  // namespace

bool run_demo(const DemoOptions& o, const std::atomic<bool>& stop, std::FILE* out, std::FILE* err) {
  const std::string pki_dir = (fs::path(o.dir) / "pki").string();
  const std::string journal_dir = (fs::path(o.dir) / "journal").string();
  const std::string log_path = (fs::path(o.dir) / "service.log").string();
  const gateway::ServiceConfig config = demo_config(o, pki_dir, journal_dir);
  TrafficOptions traffic_options;
  traffic_options.seed = o.seed;
  traffic_options.seconds = o.seconds;
  traffic_options.rate_per_second = o.rate_per_second;
  std::unique_ptr<TrafficModel> model;
  try {
    model = std::make_unique<TrafficModel>(config, traffic_options);
  } catch (const std::invalid_argument& e) {
    throw DemoSetupError(o.config_path + ": " + e.what());
  }
  prepare_directories(o, pki_dir, journal_dir);
  try {
    gateway::init_pki(pki_dir, config, /*force=*/true);
  } catch (const gateway::PkiError& e) {
    throw DemoSetupError(e.what());
  }
  LogFile log_file(log_path);
  gateway::JsonLog log(log_file.sink());
  gateway::keep_freed_heap_memory();  // as corridor serve does
  std::unique_ptr<gateway::Service> service;
  try {
    service = std::make_unique<gateway::Service>(config, log);
    service->start();
  } catch (const std::exception& e) {
    throw DemoSetupError(std::string("the service did not start: ") + e.what() +
                         " (log: " + log_path + ")");
  }
  SetupCounts setup;
  try {
    setup = prepare_fx_and_dns(service->engine(), *model);
  } catch (const DemoSetupError&) {
    service->stop();
    throw;
  }
  const uint16_t port = service->port();
  fmt::print(out,
             "Corridor demo: the service at https://127.0.0.1:{} (journal {}, PKI {}, log {})\n"
             "{} banks over mutual TLS for {} s, about {} payments/s, seed {}\n",
             port, journal_dir, pki_dir, log_path, model->banks().size(), o.seconds,
             o.rate_per_second, o.seed);
  fmt::print(out, "setup: {} FX quotes published, {} net debit caps set\n", setup.quotes_published,
             setup.caps_set);
  std::fflush(out);

  DemoStats stats(model->currencies().size());
  BankClientContext context;
  context.model = model.get();
  context.port = port;
  context.pki_dir = pki_dir;
  context.start = Clock::now();
  context.end = context.start + std::chrono::seconds(o.seconds);
  context.stop = &stop;
  context.stats = &stats;
  ProgressDisplay progress(service->engine(), *model, stats, context.start, o.terminal, err);
  std::vector<std::thread> banks;
  for (size_t b = 0; b < model->banks().size(); ++b) {
    banks.emplace_back([&context, b] { run_bank_client(context, b); });
  }
  for (std::thread& t : banks) t.join();
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - context.start).count();
  progress.stop();
  // The DNS payments the banks sent wait in their cycles: one settlement each.
  const std::vector<DnsCycleOutcome> dns_cycles = settle_dns_cycles(service->engine(), *model);

  DemoSummary summary;
  summary.model = model.get();
  summary.elapsed_s = elapsed_s;
  summary.interrupted = stop.load();
  summary.stats = stats.snapshot();
  summary.settled_at_entry_count = stats.settled_at_entry_count();
  summary.settled_at_entry_minor = stats.settled_at_entry_minor();
  summary.settled_after_queue_count.assign(model->currencies().size(), 0);
  summary.settled_after_queue_minor.assign(model->currencies().size(), 0);
  count_settled_after_queue(service->engine(), stats, &summary);
  summary.queued_at_end = sample_queues(service->engine(), *model);
  summary.peaks = progress.peaks();
  summary.peaks.update(summary.queued_at_end);
  summary.rejected_by_reason = stats.rejected_by_reason();
  summary.latencies_ns = stats.latencies_ns();
  summary.dns_cycles = dns_cycles;
  const bool journal_failed = service->engine().failed();
  if (o.keep_running) {
    service->engine().flush();
  } else {
    service->stop();  // everything acknowledged is on disk; the journal is complete
  }
  read_journal(journal_dir, &summary);
  if (journal_failed) summary.journal_fault = "the engine failed: " + service->engine().failure();
  fmt::print(out, "{}", format_summary(summary));
  QueryHints hints = query_hints(o, *model, pki_dir, journal_dir, port);
  hints.sample_uetr = received_uetr(service->views(), hints.reader);
  fmt::print(out, "{}", format_queries(hints));
  std::fflush(out);

  if (o.keep_running) {
    while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    fmt::print(out, "Stopping the service.\n");
    std::fflush(out);
    service->stop();
  }
  const StatsSnapshot& st = summary.stats;
  const bool cycles_settled = std::all_of(dns_cycles.begin(), dns_cycles.end(),
                                          [](const DnsCycleOutcome& c) { return c.settled; });
  return cycles_settled && summary.journal_fault.empty() && st.banks_failed == 0 &&
         st.http_errors == 0 && st.unreadable_answers == 0 && st.answered > 0;
}

}  // namespace corridor::demo
