// Queue management of one's own queued payments through the JSON API
// (docs/api.md, "Queue management and queries"):
//   POST /v1/payments/{uetr}/move      {"position": "top" | "bottom"}  MoveInQueue
//   POST /v1/payments/{uetr}/cancel    {}                              CancelPayment
//   POST /v1/payments/{uetr}/priority  {"priority": "urgent" | "normal"} ChangePriority
// Each is one journal submission on behalf of the certificate's BIC; the core
// decides whether that participant owns the payment (its debtor agent, or the
// settlement bank of an indirect one) and answers anyone else NOOR, exactly
// as for a UETR that does not exist. Answered from the engine's completion.
// Each body may add "request_id" (1 to 32 characters): the request is then
// exactly-once, and a retry is answered as the first time with "repeat": true.
#pragma once

#include <memory>
#include <string>

#include "gateway/http_server.h"
#include "gateway/json_log.h"
#include "gateway/router.h"
#include "journal/engine.h"

namespace corridor::gateway {

class QueueEndpoint {
 public:
  QueueEndpoint(journal::Engine& engine, JsonLog& log);
  void add_routes(Router& router);

 private:
  enum class Action : uint8_t { kMove, kCancel, kPriority };
  void handle(Action action, const HttpRequest& request, std::shared_ptr<Responder> responder);
  void refuse(const HttpRequest& request, HttpResponse response, const std::string& reason,
              const std::shared_ptr<Responder>& responder);

  journal::Engine& engine_;
  JsonLog& log_;
};

}  // namespace corridor::gateway
