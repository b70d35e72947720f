// The network service (`corridor serve`): the journal's engine behind the
// HTTPS front door, one process.
//
//   I/O threads (HttpServer) ── parse, map, authorize ──> Engine::submit
//   apply thread (completion) ── pacs.002 ──> Responder::respond
//
// The I/O threads never touch core state and never wait for the engine.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "gateway/http_server.h"
#include "gateway/inbox_acks.h"
#include "gateway/inbox_stream.h"
#include "gateway/json_log.h"
#include "gateway/message_endpoint.h"
#include "gateway/message_log.h"
#include "gateway/operator_endpoint.h"
#include "gateway/participant_endpoint.h"
#include "gateway/participant_views.h"
#include "gateway/queue_endpoint.h"
#include "gateway/rate_limiter.h"
#include "gateway/receipt_signer.h"
#include "gateway/router.h"
#include "gateway/service_config.h"
#include "gateway/service_metrics.h"
#include "journal/engine.h"

namespace corridor::gateway {

// Memory `views_payments_reserved` = `payments` backs at start (the views'
// records, inbox entries and index tables and the message index's table), and
// the refusal to start when that is more than half of `physical_bytes`: a
// reservation the machine cannot hold would otherwise end in the OOM killer.
uint64_t views_reserved_bytes(uint64_t payments);
std::optional<std::string> views_reservation_problem(uint64_t payments, uint64_t physical_bytes);

struct ServiceOptions {
  uint32_t io_threads = 2;
  uint32_t drain_timeout_ms = 5'000;  // stop(): how long requests in progress may finish
  // The rate limiter's time; empty: std::chrono::steady_clock (tests pass a fake one).
  MonotonicClock monotonic_clock;
};

class Service {
 public:
  // Opens the journal (a new one gets the configuration's reference data,
  // journal_bootstrap.h) and loads the TLS files; logs the recovery. Throws
  // journal::IoError / RecoveryError, or std::runtime_error naming a TLS file.
  Service(ServiceConfig config, JsonLog& log, ServiceOptions options = {});
  ~Service();  // stop()
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Binds and starts serving; logs the address and port.
  void start();
  uint16_t port() const { return server_->port(); }
  // Stops accepting, lets requests in progress be answered, then completes
  // and stops the engine (everything acknowledged is on disk). Idempotent.
  void stop();

  journal::Engine& engine() { return *engine_; }
  const ParticipantViews& views() const { return *views_; }
  const ServiceMetrics& metrics() const { return metrics_; }
  bool journal_initialised() const { return journal_initialised_; }

 private:
  void handle(HttpRequest request, std::shared_ptr<Responder> responder);
  // The router's gate: false after answering 429 (logged as refused).
  bool admit(const HttpRequest& request, const std::shared_ptr<Responder>& responder);
  // Logs reference_data_differs when a recovered journal's counts of
  // currencies, participants and accounts are not the configuration's.
  void warn_if_reference_data_differs();

  ServiceConfig config_;
  JsonLog& log_;
  ServiceOptions options_;
  ServiceMetrics metrics_;
  // Declared before the engine: its observer feeds them until the engine stops.
  std::unique_ptr<ParticipantViews> views_;
  std::unique_ptr<MessageLog> message_log_;
  std::unique_ptr<InboxAcks> inbox_acks_;
  std::unique_ptr<ReceiptSigner> receipt_signer_;
  std::unique_ptr<InboxStream> inbox_stream_;
  std::unique_ptr<journal::Engine> engine_;
  bool journal_initialised_ = false;
  std::unique_ptr<MessageEndpoint> messages_;
  std::unique_ptr<ParticipantEndpoint> participant_reads_;
  std::unique_ptr<QueueEndpoint> queue_management_;  // /v1/payments/{uetr}/move, ...
  std::unique_ptr<OperatorEndpoint> operator_api_;   // /v1/admin/ (operator_endpoint.h)
  std::unique_ptr<RateLimiter> rate_limiter_;
  Router router_;
  std::unique_ptr<HttpServer> server_;
  bool stopped_ = false;
};

}  // namespace corridor::gateway
