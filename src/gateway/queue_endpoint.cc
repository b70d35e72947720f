#include "gateway/queue_endpoint.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/command.h"
#include "core/reason.h"
#include "gateway/http_answers.h"
#include "gateway/refusal.h"

namespace corridor::gateway {
namespace {

using nlohmann::json;

const char* request_command_name(const core::CommandBody& body) {
  if (std::holds_alternative<core::MoveInQueue>(body)) return "MoveInQueue";
  if (std::holds_alternative<core::CancelPayment>(body)) return "CancelPayment";
  return "ChangePriority";
}

const char* done_field(const core::CommandBody& body) {
  if (std::holds_alternative<core::MoveInQueue>(body)) return "moved";
  if (std::holds_alternative<core::CancelPayment>(body)) return "cancelled";
  return "priority_changed";
}

}  // namespace

QueueEndpoint::QueueEndpoint(journal::Engine& engine, JsonLog& log) : engine_(engine), log_(log) {}

void QueueEndpoint::add_routes(Router& router) {
  auto route = [this](Action action) {
    return [this, action](const HttpRequest& request, std::shared_ptr<Responder> responder) {
      handle(action, request, std::move(responder));
    };
  };
  router.add("POST", "/v1/payments/{uetr}/move", route(Action::kMove));
  router.add("POST", "/v1/payments/{uetr}/cancel", route(Action::kCancel));
  router.add("POST", "/v1/payments/{uetr}/priority", route(Action::kPriority));
}

void QueueEndpoint::refuse(const HttpRequest& request, HttpResponse response,
                           const std::string& reason, const std::shared_ptr<Responder>& responder) {
  refuse_logged(log_, request, std::move(response), reason, responder);
}

void QueueEndpoint::handle(Action action, const HttpRequest& request,
                           std::shared_ptr<Responder> responder) {
  // Who asks comes first. The operator manages queues through /v1/admin and
  // would act as no one here (an empty requester is the operator's).
  const PeerIdentity& peer = request.peer.identity;
  if (!peer.ok() || peer.role != PeerRole::kParticipant) {
    const std::string reason =
        peer.ok() ? fmt::format(
                        "a {} certificate may not manage a participant's queue; the "
                        "operator has /v1/admin",
                        to_string(peer.role))
                  : "client certificate not usable: " + peer.error;
    refuse(request, json_error(403, reason), reason, responder);
    return;
  }
  const std::string uetr_text = path_segment(request.target, 2);
  const std::optional<core::Uetr> uetr = core::Uetr::parse(uetr_text);
  if (!uetr) {
    refuse(request, json_error(400, "the path must name a UETR (a UUID version 4, lower case)"),
           "not a UETR", responder);
    return;
  }
  const json body =
      request.body.empty() ? json::object() : json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    refuse(request, json_error(400, "the body must be a JSON object"), "body not a JSON object",
           responder);
    return;
  }
  // An optional request_id (at most 32 characters) makes the request
  // exactly-once: a retry gets the first answer, marked "repeat". It is
  // journaled as the message id "qm:<request_id>", apart from the ids of the
  // participant's payments.
  core::InstructionId request_id;
  json fields = body;
  if (const auto it = fields.find("request_id"); it != fields.end()) {
    if (!it->is_string() || it->get<std::string>().empty() || it->get<std::string>().size() > 32 ||
        !request_id.assign("qm:" + it->get<std::string>())) {
      const std::string reason = "request_id must be a string of 1 to 32 characters";
      refuse(request, json_error(400, reason), reason, responder);
      return;
    }
    fields.erase(it);
  }
  core::CommandBody command;
  std::string error;
  switch (action) {
    case Action::kMove: {
      const auto position = fields.find("position");
      if (fields.size() != 1 || position == fields.end() || !position->is_string() ||
          (*position != "top" && *position != "bottom")) {
        error = R"(the body must be {"position": "top"} or {"position": "bottom"})";
        break;
      }
      command = core::MoveInQueue{
          *uetr, *position == "top" ? core::QueuePosition::kTop : core::QueuePosition::kBottom,
          peer.bic};
      break;
    }
    case Action::kCancel:
      if (!fields.empty()) {
        error = R"(the body must be {} or {"request_id": "..."})";
        break;
      }
      command = core::CancelPayment{*uetr, peer.bic};
      break;
    case Action::kPriority: {
      // Highly urgent is the operator's and ancillary systems' (as in a camt.007).
      const auto priority = fields.find("priority");
      if (fields.size() != 1 || priority == fields.end() || !priority->is_string() ||
          (*priority != "urgent" && *priority != "normal")) {
        error = R"(the body must be {"priority": "urgent"} or {"priority": "normal"})";
        break;
      }
      command = core::ChangePriority{
          *uetr, *priority == "urgent" ? core::Priority::kUrgent : core::Priority::kNormal,
          peer.bic};
      break;
    }
  }
  if (!error.empty()) {
    refuse(request, json_error(400, error), error, responder);
    return;
  }
  // Without a request_id there is no exactly-once key: moving, cancelling or
  // reprioritising twice leaves the payment as once, but the second answer is
  // NOOR or "nothing changed" rather than the first one's.
  journal::Submission submission{peer.bic, request_id, core::Command{0, command}};
  engine_.submit(std::move(submission), [responder, uetr_text, command](const journal::Ack& ack) {
    if (ack.status == journal::AckStatus::kFailed) {
      responder->respond(json_error(503, "journal failure, outcome unknown, resubmit"));
      return;
    }
    const core::Result& result = ack.applied.result;
    if (ack.status == journal::AckStatus::kRefused ||
        (!result.ok() && result.reason == core::Reason::kNone)) {
      responder->respond(json_error(503, "the request could not be journaled, resubmit"));
      return;
    }
    const uint64_t seq = ack.applied.repeat ? ack.applied.original_seq : ack.applied.seq;
    if (result.ok()) {
      responder->respond(json_answer(200, {{"uetr", uetr_text},
                                           {done_field(command), true},
                                           {"journal_seq", seq},
                                           {"repeat", ack.applied.repeat}}));
      return;
    }
    const std::string code(core::iso_code(result.reason));
    const std::string text(core::reason_text(result.reason));
    responder->respond(json_answer(
        422,
        {{"uetr", uetr_text},
         {done_field(command), false},
         {"journal_seq", seq},
         {"repeat", ack.applied.repeat},
         {"reason", code},
         {"reason_text", text},
         {"error", fmt::format("{} rejected: {} {}", request_command_name(command), code, text)}}));
  });
}

}  // namespace corridor::gateway
