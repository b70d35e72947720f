// POST /v1/messages: a participant's ISO 20022 payment message in, its
// pacs.002 out; or a camt.056 cancellation / camt.007 modification request
// in, its camt.029 out (docs/api.md).
//
// On the I/O thread: content type, parse, map, authorize; then one engine
// submission per payment. The answer is rendered when the last of them
// completes (on the engine's apply thread), so no I/O thread ever waits for
// the journal.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "gateway/http_server.h"
#include "gateway/json_log.h"
#include "gateway/message_log.h"
#include "gateway/service_config.h"
#include "gateway/service_metrics.h"
#include "iso20022/mapping.h"
#include "iso20022/model.h"
#include "journal/engine.h"

namespace corridor::gateway {

class MessageEndpoint {
 public:
  MessageEndpoint(const ServiceConfig& config, journal::Engine& engine, MessageLog& message_log,
                  ServiceMetrics& metrics, JsonLog& log);
  void handle(const HttpRequest& request, std::shared_ptr<Responder> responder);

 private:
  // Answers a refusal (any status but 200), logging who was refused and why.
  void refuse(const HttpRequest& request, HttpResponse response, const std::string& reason,
              const std::shared_ptr<Responder>& responder);
  // A camt.056 or camt.007, authorized: its one request to the engine, on
  // behalf of the certificate's BIC (the core checks that it owns the payment).
  void handle_investigation(const HttpRequest& request, const PeerIdentity& peer,
                            iso20022::Message message, iso20022::Mapping mapping,
                            std::shared_ptr<Responder> responder);

  const ServiceConfig& config_;
  journal::Engine& engine_;
  MessageLog& message_log_;
  ServiceMetrics& metrics_;
  JsonLog& log_;
  // Payments submitted and not yet answered: bounded by limits.queue_len_max
  // so that a flood is answered 503 instead of blocking an I/O thread in submit().
  std::shared_ptr<std::atomic<uint64_t>> payments_in_flight_;
  std::atomic<uint64_t> reject_serial_{0};
};

}  // namespace corridor::gateway
