#include "iso20022/status_report.h"

#include <vector>

namespace corridor::iso20022 {
namespace {

// core::Uetr::to_string() into *text, written in place: no allocation and no
// per-character appends (the answer to a 100-transaction message writes 100).
void assign_uetr(const core::Uetr& uetr, SmallText<36>* text) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char* p = text->resize_for_overwrite(36);
  const auto put = [&p](uint64_t word, int nibbles) {
    for (int shift = 4 * (nibbles - 1); shift >= 0; shift -= 4)
      *p++ = kDigits[(word >> shift) & 0xF];
  };
  // 8-4-4 digits from the high word, 4-12 from the low.
  put(uetr.high >> 32, 8);
  *p++ = '-';
  put(uetr.high >> 16, 4);
  *p++ = '-';
  put(uetr.high, 4);
  *p++ = '-';
  put(uetr.low >> 48, 4);
  *p++ = '-';
  put(uetr.low, 12);
}

}  // namespace

StatusReportInput status_report_for(const Message& message, const Mapping& mapping,
                                    std::span<const TransactionOutcome> outcomes,
                                    const AnswerIdentity& identity) {
  StatusReportInput report;
  report.message_id = identity.message_id;
  report.created_at_ns = identity.created_at_ns;
  report.instructing_agent_bic = identity.system_bic;
  report.instructed_agent_bic = mapping.sender_bic;
  report.original_message_id = message.group.message_id;
  if (message.type) report.original_message_name_id = std::string(message_id(*message.type));
  report.original_created_at_ns = message.group.created_ns;

  report.transactions.reserve(message.transactions.size());
  std::vector<const TransactionOutcome*> by_index(message.transactions.size(), nullptr);
  for (const TransactionOutcome& outcome : outcomes) {
    if (outcome.transaction_index < by_index.size()) {
      by_index[outcome.transaction_index] = &outcome;
    }
  }
  for (size_t i = 0; i < message.transactions.size(); ++i) {
    const Transaction& tx = message.transactions[i];
    StatusTransaction& out = report.transactions.emplace_back();
    out.original_instruction_id = tx.instruction_id;
    out.original_end_to_end_id = tx.end_to_end_id;
    out.original_transaction_id = tx.transaction_id;
    const std::optional<core::Uetr> uetr = tx.uetr ? tx.uetr : tx.original_uetr;
    if (uetr) assign_uetr(*uetr, &out.uetr);
    const Problem* problem = nullptr;
    for (const Problem& p : mapping.problems) {
      if (p.path == tx.path) {
        problem = &p;
        break;
      }
    }
    const TransactionOutcome* outcome = by_index[i];
    if (problem != nullptr) {
      out.status = PaymentStatus::kRejected;
      out.reason_as_sent = ReasonInput{problem->code, false, problem->text.substr(0, 105)};
    } else if (outcome == nullptr) {
      out.status = PaymentStatus::kRejected;
      out.reason_as_sent = ReasonInput{"FF01", false, "the transaction was not submitted"};
    } else {
      out.status = status_of(outcome->result.outcome);
      out.reason = outcome->result.reason;
      out.accepted_at_ns = outcome->at_ns;
      if (out.status == PaymentStatus::kSettled) out.settled_at_ns = outcome->at_ns;
    }
  }
  return report;
}

}  // namespace corridor::iso20022
