#include "gateway/query_endpoint.h"

#include <fmt/format.h>

#include <algorithm>

#include "gateway/http_answers.h"
#include "gateway/wall_clock.h"
#include "iso20022/message_type.h"
#include "iso20022/queries.h"
#include "iso20022/search.h"

namespace corridor::gateway {
namespace {

iso20022::TransactionState state_of(PaymentState state) {
  switch (state) {
    case PaymentState::kQueued:
      return iso20022::TransactionState::kQueued;
    case PaymentState::kSettled:
      return iso20022::TransactionState::kSettled;
    case PaymentState::kRejected:
      return iso20022::TransactionState::kRejected;
    case PaymentState::kCancelled:
      return iso20022::TransactionState::kCancelled;
  }
  return iso20022::TransactionState::kRejected;
}

std::string bic_text(const core::Bic& bic) {
  return bic.empty() ? std::string() : bic.to_string();
}

// The payment a pacs.028 TxInf names, if the reader may see it: by
// OrgnlUETR, else by the reader's own instruction id (OrgnlInstrId, else
// OrgnlTxId, else OrgnlEndToEndId: Corridor keys a payment by the first of
// InstrId, TxId, EndToEndId its message had).
std::optional<PaymentRecord> find_for(const ParticipantViews& views, const MessageLog& messages,
                                      const core::Bic& reader, const iso20022::Request& asked) {
  std::optional<PaymentRecord> found;
  if (asked.original_uetr) {
    found = views.payment(*asked.original_uetr);
  } else {
    for (const std::string* id : {&asked.original_instruction_id, &asked.original_transaction_id,
                                  &asked.original_end_to_end_id}) {
      core::InstructionId instruction_id;
      if (id->empty() || !instruction_id.assign(*id)) continue;
      found = views.payment_by_instruction(reader, instruction_id);
      if (found) break;
    }
    // An EndToEndId other than the id the payment is keyed by.
    core::InstructionId end_to_end_id;
    if (!found && !asked.original_end_to_end_id.empty() &&
        end_to_end_id.assign(asked.original_end_to_end_id)) {
      if (const auto instruction = messages.instruction_of_end_to_end_id(reader, end_to_end_id)) {
        found = views.payment_by_instruction(reader, *instruction);
      }
    }
  }
  // Another participant's payment is answered like an unknown one.
  if (!found || !found->visible_to(reader)) return std::nullopt;
  return found;
}

}  // namespace

iso20022::TransactionStateInput transaction_state(const PaymentRecord& p,
                                                  const MessageLog* messages) {
  iso20022::TransactionStateInput t;
  t.state = state_of(p.state);
  t.uetr = p.uetr.to_string();
  t.transaction_id = std::string(p.instruction_id.view());
  if (messages != nullptr && !p.instruction_id.view().empty()) {
    t.message_id = messages->group_message_id(p.submitter, p.instruction_id).value_or("");
    if (const auto e2e = messages->end_to_end_id(p.submitter, p.instruction_id)) {
      t.end_to_end_id = std::string(e2e->view());
    }
  }
  t.amount_minor = p.amount_minor;
  t.currency = std::string(p.currency.view());
  t.settlement_date = p.value_date;
  t.instructing_agent_bic = bic_text(p.debtor_agent);
  t.instructed_agent_bic = bic_text(p.creditor_agent);
  t.priority = p.priority;
  t.reason = p.reason;
  t.status_at_ns = p.state == PaymentState::kSettled ? p.settled_at_ns : p.accepted_at_ns;
  if (p.state != PaymentState::kSettled && !p.history.empty()) {
    t.status_at_ns = p.history.back().at_ns;
  }
  return t;
}

QueryEndpoint::QueryEndpoint(const ServiceConfig& config, const ParticipantViews& views,
                             const MessageLog& messages)
    : config_(config), views_(views), messages_(messages) {}

void QueryEndpoint::handle(const PeerIdentity& peer, const iso20022::Message& message,
                           const std::shared_ptr<Responder>& responder, const Refuse& refuse) {
  if (!message.ok()) {
    const iso20022::Problem& problem = message.problems.front();
    refuse(json_error(422, fmt::format("{} {}{}", problem.code, problem.text,
                                       problem.path.empty() ? "" : " (at " + problem.path + ")")),
           fmt::format("{} {}", problem.code, problem.text));
    return;
  }
  if (*message.type == iso20022::MessageType::kPacs028v03) {
    status_request(peer, message, responder);
  } else {
    get_transaction(peer, message, responder, refuse);
  }
}

void QueryEndpoint::status_request(const PeerIdentity& peer, const iso20022::Message& message,
                                   const std::shared_ptr<Responder>& responder) {
  const core::TimestampNs now_ns = realtime_ns();
  const std::string system_bic = config_.service.system_bic.to_string();
  // Not journaled: named after the time, Q for query (Max35Text: 33 characters).
  const iso20022::AnswerIdentity identity{fmt::format("CRDR-PACS002-Q{}", now_ns), now_ns,
                                          system_bic};
  const iso20022::StatusReportInput report = iso20022::answer_status_request(
      message,
      [&](const iso20022::Request& asked) -> std::optional<iso20022::TransactionStateInput> {
        const std::optional<PaymentRecord> found = find_for(views_, messages_, peer.bic, asked);
        if (!found) return std::nullopt;
        return transaction_state(*found, &messages_);
      },
      identity);
  std::string body;
  iso20022::render_pacs002(
      iso20022::HeaderInput{system_bic, peer.bic.to_string(), identity.message_id, now_ns, ""},
      report, body);
  responder->respond(xml_answer(200, std::move(body)));
}

void QueryEndpoint::get_transaction(const PeerIdentity& peer, const iso20022::Message& message,
                                    const std::shared_ptr<Responder>& responder,
                                    const Refuse& refuse) {
  const size_t limit = config_.limits.inbox_page_limit_max;
  // The selection runs under the views' shared lock, which the apply thread
  // waits for: the message log is asked only when a search names a MsgId or
  // an EndToEndId.
  const bool by_message_id = std::any_of(
      message.searches.begin(), message.searches.end(), [](const iso20022::PaymentSearch& s) {
        return !s.message_ids.empty() || !s.end_to_end_ids.empty();
      });
  const MessageLog* selecting_log = by_message_id ? &messages_ : nullptr;
  // Selected under the views' lock from the reader's own list; one more than
  // the limit tells a query that asks for too much.
  const std::vector<PaymentRecord> selected = views_.payments_of(
      peer.bic,
      [&](const PaymentRecord& p) {
        const iso20022::TransactionStateInput t = transaction_state(p, selecting_log);
        for (const iso20022::PaymentSearch& search : message.searches) {
          if (iso20022::matches(search, t)) return true;
        }
        return false;
      },
      limit + 1);
  if (selected.size() > limit) {
    const std::string reason = fmt::format(
        "the camt.005 matches more than {} payments (limits.inbox_page_limit_max): narrow it, "
        "e.g. by IntrBkSttlmDt, Sts/PmtInstrSts, IntrBkSttlmAmt or MsgId",
        limit);
    refuse(json_error(422, reason), reason);
    return;
  }
  std::vector<iso20022::TransactionStateInput> states;
  states.reserve(selected.size());
  for (const PaymentRecord& p : selected) states.push_back(transaction_state(p, &messages_));
  const core::TimestampNs now_ns = realtime_ns();
  const std::string system_bic = config_.service.system_bic.to_string();
  const iso20022::AnswerIdentity identity{fmt::format("CRDR-CAMT006-{}", now_ns), now_ns,
                                          system_bic};
  const iso20022::ReturnTransactionInput answer =
      iso20022::answer_get_transaction(message, states, identity);
  std::string body;
  iso20022::render_camt006(
      iso20022::HeaderInput{system_bic, peer.bic.to_string(), identity.message_id, now_ns, ""},
      answer, body);
  responder->respond(xml_answer(200, std::move(body)));
}

}  // namespace corridor::gateway
