#include "iso20022/queries.h"

#include "iso20022/search.h"

namespace corridor::iso20022 {
namespace {

TransactionStateInput not_found(std::string reference) {
  TransactionStateInput entry;
  entry.state = TransactionState::kNotFound;
  entry.uetr = std::move(reference);
  entry.reason = core::Reason::kNotQueued;
  return entry;
}

std::string first_reference(const PaymentSearch& search) {
  if (!search.uetrs.empty()) return search.uetrs.front();
  if (!search.transaction_ids.empty()) return search.transaction_ids.front();
  return search.end_to_end_ids.front();
}

}  // namespace

ReturnTransactionInput answer_get_transaction(const Message& query,
                                              std::span<const TransactionStateInput> payments,
                                              const AnswerIdentity& identity) {
  ReturnTransactionInput answer;
  answer.message_id = identity.message_id;
  answer.created_at_ns = identity.created_at_ns;
  answer.query_message_id = query.group.message_id;
  std::vector<bool> taken(payments.size(), false);
  for (const PaymentSearch& search : query.searches) {
    bool found = false;
    for (size_t i = 0; i < payments.size(); ++i) {
      if (!matches(search, payments[i])) continue;
      found = true;
      if (taken[i]) continue;  // matched by an earlier search: listed once
      taken[i] = true;
      answer.transactions.push_back(payments[i]);
    }
    if (!found && search.identifies_payments()) {
      answer.transactions.push_back(not_found(first_reference(search)));
    }
  }
  if (answer.transactions.empty()) answer.transactions.push_back(not_found(query.group.message_id));
  return answer;
}

StatusReportInput answer_status_request(const Message& request, const PaymentLookup& lookup,
                                        const AnswerIdentity& identity) {
  StatusReportInput report;
  report.message_id = identity.message_id;
  report.created_at_ns = identity.created_at_ns;
  report.instructing_agent_bic = identity.system_bic;
  report.instructed_agent_bic = request.header.from_bic;
  for (const Request& asked : request.requests) {
    StatusTransaction& tx = report.transactions.emplace_back();
    tx.original_instruction_id = asked.original_instruction_id;
    tx.original_end_to_end_id = asked.original_end_to_end_id;
    tx.original_transaction_id = asked.original_transaction_id;
    if (asked.original_uetr) tx.uetr = asked.original_uetr->to_string();
    const std::optional<TransactionStateInput> found = lookup(asked);
    if (!found) {
      tx.status = PaymentStatus::kRejected;
      tx.reason = core::Reason::kNotQueued;
      tx.reason_detail = "no payment with this reference is known to Corridor";
      continue;
    }
    tx.original_message_id = found->message_id;
    if (tx.uetr.empty()) tx.uetr = found->uetr;
    switch (found->state) {
      case TransactionState::kQueued:
        tx.status = PaymentStatus::kQueued;
        break;
      case TransactionState::kSettled:
        tx.status = PaymentStatus::kSettled;
        tx.settled_at_ns = found->status_at_ns;
        break;
      case TransactionState::kRejected:
        tx.status = PaymentStatus::kRejected;
        tx.reason = found->reason == core::Reason::kNone ? core::Reason::kNotQueued : found->reason;
        break;
      case TransactionState::kCancelled:
        tx.status = PaymentStatus::kRejected;
        tx.reason = core::Reason::kCancelledOnRequest;
        break;
      case TransactionState::kNotFound:
        tx.status = PaymentStatus::kRejected;
        tx.reason = core::Reason::kNotQueued;
        tx.reason_detail = "no payment with this reference is known to Corridor";
        break;
    }
  }
  return report;
}

}  // namespace corridor::iso20022
