#include "gateway/investigation_endpoint.h"

#include <fmt/format.h>

#include <algorithm>
#include <variant>
#include <vector>

#include "core/reason.h"
#include "gateway/http_answers.h"
#include "gateway/inbox_render.h"
#include "gateway/wall_clock.h"
#include "iso20022/message_type.h"
#include "iso20022/render.h"
#include "journal/hash.h"

namespace corridor::gateway {
namespace {

// The camt.029 answering one camt.056 (Sts/Conf CNCL, or RJCR with TxCxlSts
// RJCR and the core's reason) or camt.007 (Conf MODI, "modified as per
// request", or RJCR with the reason in CxlStsRsnInf and no TxCxlSts: nothing
// was to be cancelled). camt.029 is the ISO answer to both requests.
iso20022::ResolutionInput resolution_for(const iso20022::Request& request, bool cancellation,
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
  set_resolution_outcome(r, cancellation, result.ok(), result.reason);
  return r;
}

// A request's transaction as the answer repeats it (several requests).
iso20022::ResolutionTransaction described(const iso20022::Request& request) {
  iso20022::ResolutionTransaction t;
  if (!request.original_message_id.empty()) {
    t.original_message_id = request.original_message_id;
    if (!request.original_message_name_id.empty()) {
      t.original_message_name_id = request.original_message_name_id;
    }
  }
  t.original_instruction_id = request.original_instruction_id;
  t.original_end_to_end_id = request.original_end_to_end_id;
  t.original_transaction_id = request.original_transaction_id;
  if (request.original_uetr) t.uetr = request.original_uetr->to_string();
  return t;
}

// One request on its way: its command, journal key and the answer's transaction.
struct Item {
  core::CommandBody body;
  std::string key;
  iso20022::ResolutionTransaction transaction;
};

struct PendingResolution {
  iso20022::Message message;
  bool cancellation = true;  // camt.056, else camt.007
  // One request: answered exactly as before several were accepted.
  bool single = true;
  size_t single_request_index = 0;
  bool group = false;  // a whole original message (GrpCxl)
  std::string group_message_id;
  std::string group_message_name_id;
  std::vector<iso20022::ResolutionTransaction> transactions;
  std::vector<core::Result> results;
  std::vector<uint64_t> answer_seqs;  // per request: its seq, or the original's for a repeat
  std::vector<uint8_t> failed;        // per request: the journal failed, outcome unknown
  std::atomic<size_t> remaining{0};
  std::string system_bic;
  std::string peer_bic;
  std::shared_ptr<Responder> responder;
  std::shared_ptr<std::atomic<uint64_t>> in_flight;
};

void answer(PendingResolution& p, core::TimestampNs now_ns) {
  p.in_flight->fetch_sub(p.results.size());
  if (std::any_of(p.failed.begin(), p.failed.end(), [](uint8_t f) { return f != 0; })) {
    p.responder->respond(json_error(503, "journal failure, outcome unknown, resubmit"));
    return;
  }
  for (const core::Result& result : p.results) {
    if (!result.ok() && result.reason == core::Reason::kNone) {
      p.responder->respond(json_error(503, "the request could not be journaled, resubmit"));
      return;
    }
  }
  // Named after the first request's sequence number: a repeat gets the
  // original's name. Nothing journaled (a group with nothing pending): the time.
  const uint64_t seq = p.answer_seqs.empty() ? 0 : p.answer_seqs.front();
  const std::string answer_id =
      seq > 0 ? resolution_id(seq) : fmt::format("CRDR-CAMT029-T{}", now_ns);
  iso20022::ResolutionInput r;
  if (p.single) {
    r = resolution_for(p.message.requests[p.single_request_index], p.cancellation,
                       p.results.front(), answer_id, now_ns, p.system_bic, p.peer_bic);
  } else {
    r.assignment_id = answer_id;
    r.assigner_bic = p.system_bic;
    r.assignee_bic = p.peer_bic;
    r.created_at_ns = now_ns;
    size_t accepted = 0;
    core::Reason first_refusal = core::Reason::kNone;
    for (size_t i = 0; i < p.results.size(); ++i) {
      const core::Result& result = p.results[i];
      iso20022::ResolutionInput one;
      set_resolution_outcome(one, p.cancellation, result.ok(), result.reason);
      iso20022::ResolutionTransaction& t = p.transactions[i];
      t.accepted = one.accepted;
      t.reason = one.reason;
      t.cancellation_status = one.cancellation_status;
      t.reason_as_sent = one.reason_as_sent;
      if (result.ok()) {
        ++accepted;
      } else if (first_refusal == core::Reason::kNone) {
        first_refusal = result.reason;
      }
    }
    // Accepted (CNCL / MODI) only when every request was; each transaction
    // says its own outcome.
    const bool all = accepted == p.results.size() && !p.results.empty();
    set_resolution_outcome(
        r, p.cancellation, all,
        all ? core::Reason::kNone
            : (first_refusal == core::Reason::kNone ? core::Reason::kNotQueued : first_refusal));
    r.transactions = std::move(p.transactions);
    if (p.group) {
      r.original_message_id = p.group_message_id;
      if (!p.group_message_name_id.empty()) r.original_message_name_id = p.group_message_name_id;
      r.group_cancellation_status = all ? "ACCR" : accepted > 0 ? "PACR" : "RJCR";
    }
  }
  std::string out;
  iso20022::render_camt029(iso20022::HeaderInput{p.system_bic, p.peer_bic, answer_id, now_ns, ""},
                           r, out);
  p.responder->respond(xml_answer(200, std::move(out)));
}

}  // namespace

std::string request_key(std::string_view message_id, size_t position) {
  std::string key = fmt::format("{}#{}", message_id, position);
  if (key.size() <= core::InstructionId::kLengthMax) return key;
  const uint64_t digest = journal::checksum64(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(message_id.data()), message_id.size()));
  return fmt::format("H{:016x}#{}", digest, position);
}

InvestigationEndpoint::InvestigationEndpoint(const ServiceConfig& config, journal::Engine& engine,
                                             const ParticipantViews& views,
                                             const MessageLog& messages,
                                             std::shared_ptr<std::atomic<uint64_t>> in_flight)
    : config_(config),
      engine_(engine),
      views_(views),
      messages_(messages),
      in_flight_(std::move(in_flight)) {}

void InvestigationEndpoint::handle(const PeerIdentity& peer, iso20022::Message message,
                                   iso20022::Mapping mapping, std::shared_ptr<Responder> responder,
                                   const Refuse& refuse) {
  const std::string kind(iso20022::message_id(*message.type));
  // authorize_payments() checks a sender when there is one; acting for no one
  // is not allowed (an empty requester would be the operator).
  if (mapping.sender_bic.empty()) {
    const std::string reason =
        fmt::format("{} names no sender (AppHdr From, else the Assigner agent)", kind);
    refuse(json_error(403, reason), reason);
    return;
  }
  if (!mapping.ok()) {
    const iso20022::Problem& problem = mapping.problems.front();
    const std::string reason =
        fmt::format("{} {}{}", problem.code, problem.text,
                    problem.path.empty() ? "" : " (at " + problem.path + ")");
    refuse(json_error(422, reason), reason);
    return;
  }
  if (mapping.group_cancellations.size() > 1 ||
      (!mapping.group_cancellations.empty() && !mapping.commands.empty())) {
    const std::string reason =
        "a camt.056 may cancel one whole original message (GrpCxl), and then nothing else: "
        "one camt.029 answers it";
    refuse(json_error(422, reason), reason);
    return;
  }

  if (mapping.group_cancellations.empty() && mapping.commands.empty()) {
    const std::string reason = fmt::format("{} carries no request", kind);
    refuse(json_error(422, reason), reason);
    return;
  }

  auto pending = std::make_shared<PendingResolution>();
  pending->cancellation = *message.type == iso20022::MessageType::kCamt056v08;
  std::vector<Item> items;
  if (!mapping.group_cancellations.empty()) {
    const iso20022::GroupCancellation& group = mapping.group_cancellations.front();
    pending->single = false;
    pending->group = true;
    pending->group_message_id = group.original_message_id;
    pending->group_message_name_id = group.original_message_name_id;
    // Only the requester's own messages are looked up (the index is by
    // submitter). A payment still pending is queued; a cancelled one is
    // asked again so that a resubmitted camt.056 repeats its first answer
    // (the journal's exactly-once key is per position in the original
    // message) instead of finding nothing left to cancel.
    const std::vector<MessageKey> keys = messages_.group(peer.bic, group.original_message_id);
    for (size_t position = 0; position < keys.size(); ++position) {
      const std::optional<PaymentRecord> payment = views_.payment(keys[position].uetr);
      if (!payment ||
          (payment->state != PaymentState::kQueued && payment->state != PaymentState::kCancelled)) {
        continue;
      }
      iso20022::ResolutionTransaction t;
      t.original_instruction_id = std::string(keys[position].instruction_id.view());
      t.uetr = keys[position].uetr.to_string();
      items.push_back(Item{core::CancelPayment{keys[position].uetr, peer.bic},
                           request_key(mapping.message_id, position), std::move(t)});
    }
  } else {
    pending->single = mapping.commands.size() == 1;
    pending->single_request_index = mapping.commands.front().request_index;
    for (const iso20022::MappedCommand& command : mapping.commands) {
      core::CommandBody body = command.body;
      // The certificate's holder asks, whatever the message says it acts for.
      std::visit(
          [&peer](auto& c) {
            if constexpr (requires { c.requester; }) c.requester = peer.bic;
          },
          body);
      // One request keeps the key it always had: the message id alone.
      std::string key = pending->single ? mapping.message_id
                                        : request_key(mapping.message_id, command.request_index);
      items.push_back(Item{std::move(body), std::move(key),
                           described(message.requests[command.request_index])});
    }
  }

  const size_t count = items.size();
  if (count > config_.limits.queue_len_max) {
    const std::string reason =
        fmt::format("{} asks for {} changes; at most {} (limits.queue_len_max) in one message",
                    kind, count, config_.limits.queue_len_max);
    refuse(json_error(422, reason), reason);
    return;
  }
  if (in_flight_->fetch_add(count) + count > config_.limits.queue_len_max) {
    in_flight_->fetch_sub(count);
    const std::string reason = "too many requests waiting for the journal, retry";
    HttpResponse busy = json_error(503, reason);
    busy.headers.emplace_back("Retry-After", "1");
    refuse(std::move(busy), reason);
    return;
  }
  pending->message = std::move(message);
  pending->results.resize(count);
  pending->answer_seqs.resize(count);
  pending->failed.resize(count);
  pending->remaining.store(count);
  pending->system_bic = config_.service.system_bic.to_string();
  pending->peer_bic = peer.bic.to_string();
  pending->responder = std::move(responder);
  pending->in_flight = in_flight_;
  for (Item& item : items) pending->transactions.push_back(std::move(item.transaction));
  if (count == 0) {  // a whole message with nothing pending: NOOR, nothing to journal
    answer(*pending, realtime_ns());
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    journal::Submission submission{peer.bic, core::InstructionId(),
                                   core::Command{0, std::move(items[i].body)}};
    // Exactly once per (sender, key): a resubmission gets the same answer.
    if (!submission.message_id.assign(items[i].key)) submission.message_id = {};
    engine_.submit(std::move(submission), [pending, i](const journal::Ack& ack) {
      core::Result result = ack.applied.result;
      if (ack.status == journal::AckStatus::kRefused && result.ok()) {
        result = core::Result::rejected(core::Reason::kNone);  // refused is never a success
      }
      pending->results[i] = result;
      pending->failed[i] = ack.status == journal::AckStatus::kFailed ? 1 : 0;
      pending->answer_seqs[i] = ack.applied.repeat ? ack.applied.original_seq : ack.applied.seq;
      if (pending->remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        answer(*pending, ack.timestamp_ns > 0 ? ack.timestamp_ns : realtime_ns());
      }
    });
  }
}

}  // namespace corridor::gateway
