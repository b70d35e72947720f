// POST /v1/messages: a participant's ISO 20022 payment message in, its
// pacs.002 out; a camt.056 cancellation / camt.007 modification request in,
// its camt.029 out (investigation_endpoint.h); a pacs.028 or camt.005 query
// in, its pacs.002 / camt.006 out (query_endpoint.h) (docs/api.md).
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
#include "gateway/investigation_endpoint.h"
#include "gateway/json_log.h"
#include "gateway/message_log.h"
#include "gateway/participant_views.h"
#include "gateway/query_endpoint.h"
#include "gateway/service_config.h"
#include "gateway/service_metrics.h"
#include "iso20022/mapping.h"
#include "iso20022/model.h"
#include "journal/engine.h"

namespace corridor::gateway {

class MessageEndpoint {
 public:
  // `views` gives the business day and what queries and group cancellations read.
  MessageEndpoint(const ServiceConfig& config, journal::Engine& engine, MessageLog& message_log,
                  const ParticipantViews& views, ServiceMetrics& metrics, JsonLog& log);
  void handle(const HttpRequest& request, std::shared_ptr<Responder> responder);

 private:
  // Answers a refusal (any status but 200), logging who was refused and why.
  void refuse(const HttpRequest& request, HttpResponse response, const std::string& reason,
              const std::shared_ptr<Responder>& responder);

  const ServiceConfig& config_;
  journal::Engine& engine_;
  const ParticipantViews& views_;
  ServiceMetrics& metrics_;
  JsonLog& log_;
  // Payments submitted and not yet answered: bounded by limits.queue_len_max
  // so that a flood is answered 503 instead of blocking an I/O thread in submit().
  std::shared_ptr<std::atomic<uint64_t>> payments_in_flight_;
  std::atomic<uint64_t> reject_serial_{0};
  InvestigationEndpoint investigations_;
  QueryEndpoint queries_;
};

}  // namespace corridor::gateway
