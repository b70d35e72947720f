#include "gateway/message_endpoint.h"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/reason.h"
#include "gateway/authorization.h"
#include "gateway/http_answers.h"
#include "gateway/inbox_render.h"
#include "iso20022/mapping.h"
#include "iso20022/message_type.h"
#include "iso20022/parse.h"
#include "iso20022/render.h"
#include "iso20022/status_report.h"

namespace corridor::gateway {
namespace {

core::TimestampNs realtime_ns() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<core::TimestampNs>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// The media type without parameters, lower case: "Application/XML; charset=utf-8" ->
// "application/xml".
std::string media_type(std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  type.erase(
      std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }),
      type.end());
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

bool is_investigation(iso20022::MessageType type) {
  return type == iso20022::MessageType::kCamt056v08 || type == iso20022::MessageType::kCamt007v08;
}

bool is_payment_message(iso20022::MessageType type) {
  using iso20022::MessageType;
  return type == MessageType::kPacs008v08 || type == MessageType::kPacs009v08 ||
         type == MessageType::kPacs004v09 || type == MessageType::kPacs004v10;
}

// The id the sender gave its message, for RltdRef; "NONREF" when it gave none readable.
std::string related_reference(const iso20022::Message& message) {
  if (!message.header.business_message_id.empty()) return message.header.business_message_id;
  if (!message.group.message_id.empty()) return message.group.message_id;
  return "NONREF";
}

// One message's payments on their way through the engine. Completions write
// their own slot; the one that brings `remaining` to zero renders the answer
// (acq_rel on the count makes every slot visible to it).
struct PendingAnswer {
  iso20022::Message message;
  iso20022::Mapping mapping;
  std::vector<iso20022::TransactionOutcome> outcomes;
  std::vector<uint64_t> answer_seqs;  // per payment: its seq, or the original's for a repeat
  std::vector<uint8_t> failed;        // per payment: the journal failed, outcome unknown
  std::atomic<size_t> remaining{0};
  std::string system_bic;
  std::string peer_bic;
  std::shared_ptr<Responder> responder;
  ServiceMetrics* metrics = nullptr;
  std::shared_ptr<std::atomic<uint64_t>> in_flight;
};

void answer(const std::shared_ptr<PendingAnswer>& shared, core::TimestampNs now_ns) {
  PendingAnswer& pending = *shared;
  pending.in_flight->fetch_sub(pending.outcomes.size());
  if (std::any_of(pending.failed.begin(), pending.failed.end(), [](uint8_t f) { return f != 0; })) {
    pending.responder->respond(json_error(503, "journal failure, outcome unknown, resubmit"));
    return;
  }
  for (const iso20022::TransactionOutcome& outcome : pending.outcomes) {
    pending.metrics->count_payment(outcome.result.outcome);
  }
  // Named after the first payment's sequence number: a resubmission (a
  // repeat) gets the same answer id as the original. Without one (nothing
  // journaled: every transaction rejected before the core), after the time.
  const uint64_t first_seq = pending.answer_seqs.empty() ? 0 : pending.answer_seqs.front();
  std::string answer_id = first_seq > 0 ? fmt::format("CRDR-PACS002-{}", first_seq)
                                        : fmt::format("CRDR-PACS002-T{}", now_ns);
  // Built on an I/O thread: the outcomes are final, and the apply thread
  // (usually the caller) has the next completions to run.
  pending.responder->respond_with([shared, answer_id = std::move(answer_id), now_ns] {
    const PendingAnswer& p = *shared;
    const iso20022::AnswerIdentity identity{answer_id, now_ns, p.system_bic};
    const iso20022::StatusReportInput report =
        iso20022::status_report_for(p.message, p.mapping, p.outcomes, identity);
    std::string body;
    iso20022::render_pacs002(
        iso20022::HeaderInput{p.system_bic, p.peer_bic, answer_id, now_ns, ""}, report, body);
    return xml_answer(200, std::move(body));
  });
}

// The camt.029 answering a camt.056 (Sts/Conf CNCL, or RJCR with TxCxlSts RJCR
// and the core's reason) or a camt.007 (Conf MODI, "modified as per request",
// or RJCR with the reason in CxlStsRsnInf and no TxCxlSts: nothing was to be
// cancelled). camt.029 is the ISO answer to both requests.
iso20022::ResolutionInput resolution_for(const iso20022::Message& message,
                                         const iso20022::Request& request,
                                         const core::Result& result, const std::string& answer_id,
                                         core::TimestampNs now_ns, const std::string& system_bic,
                                         const std::string& peer_bic) {
  iso20022::ResolutionInput r;
  r.assignment_id = answer_id;
  r.assigner_bic = system_bic;
  r.assignee_bic = peer_bic;
  r.created_at_ns = now_ns;
  if (!request.original_message_id.empty()) {
    r.original_message_id = request.original_message_id;
    if (!request.original_message_name_id.empty()) {
      r.original_message_name_id = request.original_message_name_id;
    }
  }
  r.original_instruction_id = request.original_instruction_id;
  r.original_end_to_end_id = request.original_end_to_end_id;
  r.original_transaction_id = request.original_transaction_id;
  if (request.original_uetr) r.uetr = request.original_uetr->to_string();
  set_resolution_outcome(r, *message.type == iso20022::MessageType::kCamt056v08, result.ok(),
                         result.reason);
  return r;
}

}  // namespace

MessageEndpoint::MessageEndpoint(const ServiceConfig& config, journal::Engine& engine,
                                 MessageLog& message_log, ServiceMetrics& metrics, JsonLog& log)
    : config_(config),
      engine_(engine),
      message_log_(message_log),
      metrics_(metrics),
      log_(log),
      payments_in_flight_(std::make_shared<std::atomic<uint64_t>>(0)) {}

void MessageEndpoint::refuse(const HttpRequest& request, HttpResponse response,
                             const std::string& reason,
                             const std::shared_ptr<Responder>& responder) {
  log_.write("refused", {{"status", response.status},
                         {"remote", request.remote},
                         {"peer_role", to_string(request.peer.identity.role)},
                         {"peer_bic", request.peer.identity.bic.to_string()},
                         {"certificate_sha256", request.peer.certificate_sha256},
                         {"reason", reason}});
  responder->respond(std::move(response));
}

void MessageEndpoint::handle(const HttpRequest& request, std::shared_ptr<Responder> responder) {
  const std::string type = media_type(request.content_type);
  if (type != "application/xml" && type != "text/xml") {
    const std::string reason = fmt::format(
        "Content-Type must be application/xml or text/xml, not \"{}\"", request.content_type);
    refuse(request, json_error(415, reason), reason, responder);
    return;
  }
  // Who is asking comes first: an operator or a broken certificate learns
  // nothing about how its message would have been read.
  const PeerIdentity& peer = request.peer.identity;
  if (!peer.ok() || peer.role != PeerRole::kParticipant) {
    const std::string reason =
        peer.ok() ? fmt::format("a {} certificate may not send payment messages; only participants",
                                to_string(peer.role))
                  : "client certificate not usable: " + peer.error;
    refuse(request, json_error(403, reason), reason, responder);
    return;
  }
  const std::string system_bic = config_.service.system_bic.to_string();
  const std::string peer_bic = peer.bic.to_string();

  iso20022::Message message = iso20022::parse_message(request.body);
  const auto structural = std::find_if(message.problems.begin(), message.problems.end(),
                                       [](const iso20022::Problem& p) { return p.structural; });
  if (structural != message.problems.end() || !message.type) {
    const core::TimestampNs now_ns = realtime_ns();
    iso20022::MessageRejectInput reject;
    reject.related_reference = related_reference(message);
    reject.rejected_at_ns = now_ns;
    if (structural != message.problems.end()) {
      reject.reason_code = structural->code;
      reject.element_path = structural->path;
      reject.description = structural->text;
    } else {
      reject.reason_code = "FF01";
      reject.description = "the message type could not be determined";
    }
    if (message.problems.size() > 1) {
      reject.additional_data = fmt::format("{} problems in all", message.problems.size());
    }
    const std::string answer_id =
        fmt::format("CRDR-ADMI002-{}-{}", now_ns, reject_serial_.fetch_add(1));
    std::string body;
    iso20022::render_admi002(iso20022::HeaderInput{system_bic, peer_bic, answer_id, now_ns, ""},
                             reject, body);
    refuse(request, xml_answer(400, std::move(body)),
           fmt::format("{} {}{}", reject.reason_code, reject.description,
                       reject.element_path.empty() ? "" : " (at " + reject.element_path + ")"),
           responder);
    return;
  }
  if (!is_payment_message(*message.type) && !is_investigation(*message.type)) {
    const std::string reason = fmt::format(
        "{} is not accepted on /v1/messages: only pacs.008, pacs.009, pacs.004, camt.056 and "
        "camt.007",
        iso20022::message_id(*message.type));
    refuse(request, json_error(422, reason), reason, responder);
    return;
  }

  iso20022::Mapping mapping = iso20022::map_to_commands(message, config_.service.value_date);
  const AuthorizationVerdict verdict = authorize_payments(peer, config_, mapping);
  if (!verdict.allowed) {
    refuse(request, json_error(403, verdict.reason), verdict.reason, responder);
    return;
  }
  if (is_investigation(*message.type)) {
    handle_investigation(request, peer, std::move(message), std::move(mapping),
                         std::move(responder));
    return;
  }

  const size_t count = mapping.payments.size();
  if (payments_in_flight_->fetch_add(count) + count > config_.limits.queue_len_max && count > 0) {
    payments_in_flight_->fetch_sub(count);
    const std::string reason = "too many payments waiting for the journal, retry";
    HttpResponse busy = json_error(503, reason);
    busy.headers.emplace_back("Retry-After", "1");
    refuse(request, std::move(busy), reason, responder);
    return;
  }

  auto pending = std::make_shared<PendingAnswer>();
  pending->outcomes.resize(count);
  pending->answer_seqs.resize(count);
  pending->failed.resize(count);
  pending->remaining.store(count);
  pending->system_bic = system_bic;
  pending->peer_bic = peer_bic;
  pending->responder = std::move(responder);
  pending->metrics = &metrics_;
  pending->in_flight = payments_in_flight_;
  std::vector<journal::Submission> submissions;
  submissions.reserve(count);
  std::vector<MessageKey> keys;
  keys.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const iso20022::MappedPayment& payment = mapping.payments[i];
    keys.push_back(MessageKey{payment.command.instruction_id,
                              static_cast<uint32_t>(payment.transaction_index)});
    pending->outcomes[i].transaction_index = payment.transaction_index;
    submissions.push_back(journal::Submission{peer.bic, payment.command.instruction_id,
                                              core::Command{0, payment.command}});
  }
  pending->message = std::move(message);
  pending->mapping = std::move(mapping);
  if (count == 0) {  // every transaction had a mapping problem: RJCT each, nothing to journal
    answer(pending, realtime_ns());
    return;
  }
  // The message's bytes are durable before any of its payments is journaled:
  // the creditor agent is forwarded what the debtor agent sent (message_log.h).
  auto shared_submissions =
      std::make_shared<std::vector<journal::Submission>>(std::move(submissions));
  message_log_.append(
      peer.bic, keys, request.body,
      [this, pending, shared_submissions, count](bool durable) {
        if (!durable) {
          pending->in_flight->fetch_sub(count);
          pending->responder->respond(json_error(503, "the message could not be stored, resubmit"));
          return;
        }
        for (size_t i = 0; i < count; ++i) {
          engine_.submit(std::move((*shared_submissions)[i]), [pending, i](const journal::Ack& ack) {
            iso20022::TransactionOutcome& outcome = pending->outcomes[i];
            outcome.result = ack.applied.result;
            outcome.at_ns = ack.timestamp_ns;
            pending->failed[i] = ack.status == journal::AckStatus::kFailed ? 1 : 0;
            if (ack.status == journal::AckStatus::kRefused && outcome.result.ok()) {
              outcome.result =
                  core::Result::rejected(core::Reason::kNone);  // refused is never a success
            }
            pending->answer_seqs[i] =
                ack.applied.repeat ? ack.applied.original_seq : ack.applied.seq;
            if (pending->remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) {
              answer(pending, ack.timestamp_ns > 0 ? ack.timestamp_ns : realtime_ns());
            }
          });
        }
      });
}

void MessageEndpoint::handle_investigation(const HttpRequest& request, const PeerIdentity& peer,
                                           iso20022::Message message, iso20022::Mapping mapping,
                                           std::shared_ptr<Responder> responder) {
  const std::string kind(iso20022::message_id(*message.type));
  // authorize_payments() checks a sender when there is one; acting for no one
  // is not allowed (an empty requester would be the operator).
  if (mapping.sender_bic.empty()) {
    const std::string reason =
        fmt::format("{} names no sender (AppHdr From, else the Assigner agent)", kind);
    refuse(request, json_error(403, reason), reason, responder);
    return;
  }
  if (!mapping.group_cancellations.empty()) {
    const std::string reason =
        "cancelling a whole original message (GrpCxl) is not supported yet: name each payment "
        "by its OrgnlUETR";
    refuse(request, json_error(422, reason), reason, responder);
    return;
  }
  if (!mapping.ok()) {
    const iso20022::Problem& problem = mapping.problems.front();
    const std::string reason =
        fmt::format("{} {}{}", problem.code, problem.text,
                    problem.path.empty() ? "" : " (at " + problem.path + ")");
    refuse(request, json_error(422, reason), reason, responder);
    return;
  }
  // One camt.029 answers one case: one request per message.
  if (mapping.commands.size() != 1) {
    const std::string reason =
        fmt::format("{} must carry exactly one request (it carries {}): a camt.029 answers one",
                    kind, mapping.commands.size());
    refuse(request, json_error(422, reason), reason, responder);
    return;
  }
  if (payments_in_flight_->fetch_add(1) + 1 > config_.limits.queue_len_max) {
    payments_in_flight_->fetch_sub(1);
    const std::string reason = "too many requests waiting for the journal, retry";
    HttpResponse busy = json_error(503, reason);
    busy.headers.emplace_back("Retry-After", "1");
    refuse(request, std::move(busy), reason, responder);
    return;
  }

  core::CommandBody body = mapping.commands.front().body;
  // The certificate's holder asks, whatever the message says it acts for.
  std::visit(
      [&peer](auto& c) {
        if constexpr (requires { c.requester; }) c.requester = peer.bic;
      },
      body);
  journal::Submission submission{peer.bic, core::InstructionId(), core::Command{0, body}};
  // Exactly once per (sender, message id): a resubmission gets the same answer.
  if (!submission.message_id.assign(mapping.message_id)) submission.message_id = {};

  struct Answer {
    iso20022::Message message;
    size_t request_index = 0;
    std::string system_bic;
    std::string peer_bic;
    std::shared_ptr<Responder> responder;
    std::shared_ptr<std::atomic<uint64_t>> in_flight;
  };
  auto pending = std::make_shared<Answer>();
  pending->request_index = mapping.commands.front().request_index;
  pending->message = std::move(message);
  pending->system_bic = config_.service.system_bic.to_string();
  pending->peer_bic = peer.bic.to_string();
  pending->responder = std::move(responder);
  pending->in_flight = payments_in_flight_;
  engine_.submit(std::move(submission), [pending](const journal::Ack& ack) {
    pending->in_flight->fetch_sub(1);
    if (ack.status == journal::AckStatus::kFailed) {
      pending->responder->respond(json_error(503, "journal failure, outcome unknown, resubmit"));
      return;
    }
    core::Result result = ack.applied.result;
    if (ack.status == journal::AckStatus::kRefused && result.ok()) {
      result = core::Result::rejected(core::Reason::kNone);  // refused is never a success
    }
    if (!result.ok() && result.reason == core::Reason::kNone) {
      pending->responder->respond(json_error(503, "the request could not be journaled, resubmit"));
      return;
    }
    const core::TimestampNs now_ns = ack.timestamp_ns > 0 ? ack.timestamp_ns : realtime_ns();
    // Named after the request's sequence number: a repeat gets the original's name.
    const uint64_t seq = ack.applied.repeat ? ack.applied.original_seq : ack.applied.seq;
    const std::string answer_id =
        seq > 0 ? resolution_id(seq) : fmt::format("CRDR-CAMT029-T{}", now_ns);
    const iso20022::ResolutionInput resolution =
        resolution_for(pending->message, pending->message.requests[pending->request_index], result,
                       answer_id, now_ns, pending->system_bic, pending->peer_bic);
    std::string out;
    iso20022::render_camt029(
        iso20022::HeaderInput{pending->system_bic, pending->peer_bic, answer_id, now_ns, ""},
        resolution, out);
    pending->responder->respond(xml_answer(200, std::move(out)));
  });
}

}  // namespace corridor::gateway
