#include "cli/iso_check_reports.h"

#include <fmt/format.h>

#include "core/currency.h"

namespace corridor::cli {
namespace {

std::string or_dash(std::string_view text) {
  return text.empty() ? "-" : std::string(text);
}

std::string agent_text(const std::string& bic, const std::string& member_id) {
  if (!bic.empty()) return bic;
  if (!member_id.empty()) return "member " + member_id;
  return "-";
}

void print_status_report(const iso20022::StatusReportInput& r) {
  fmt::print("  status report: MsgId {} {} transaction(s)\n", r.message_id, r.transactions.size());
  for (size_t i = 0; i < r.transactions.size(); ++i) {
    const iso20022::StatusTransaction& tx = r.transactions[i];
    const std::string status =
        tx.other_status.empty() ? std::string(iso20022::status_code(tx.status)) : tx.other_status;
    fmt::print("  status {}: OrgnlUETR {} OrgnlEndToEndId {} TxSts {}{}\n", i + 1, or_dash(tx.uetr),
               or_dash(tx.original_end_to_end_id), status == "-" ? "none" : status,
               tx.reason_as_sent.empty() ? "" : " reason " + tx.reason_as_sent.code);
  }
}

void print_entries(const std::vector<iso20022::EntryInput>& entries) {
  for (size_t i = 0; i < entries.size(); ++i) {
    const iso20022::EntryInput& e = entries[i];
    fmt::print("  entry {}: {} {} {} UETR {}\n", i + 1,
               e.direction == iso20022::CreditDebit::kCredit ? "CRDT" : "DBIT",
               format_amount(e.amount_minor, e.currency), e.status, or_dash(e.uetr));
  }
}

std::string account_text(const iso20022::AccountInput& a) {
  return (a.iban.empty() ? or_dash(a.id) : "IBAN " + a.iban) +
         (a.currency.empty() ? "" : " " + a.currency);
}

void print_report(const iso20022::ReportInput& r) {
  fmt::print("  account report: MsgId {} Rpt/Id {} account {} {} balance(s) {} entr(ies)\n",
             r.message_id, r.report_id, account_text(r.account), r.balances.size(),
             r.entries.size());
  for (const iso20022::BalanceInput& b : r.balances) {
    fmt::print("  balance {}: {}{}\n", b.type_code, b.amount_minor < 0 ? "-" : "",
               format_amount(b.amount_minor < 0 ? -b.amount_minor : b.amount_minor, b.currency));
  }
  print_entries(r.entries);
}

void print_notification(const iso20022::NotificationInput& n) {
  fmt::print("  notification: MsgId {} Ntfctn/Id {} account {} {} entr(ies)\n", n.message_id,
             n.notification_id, account_text(n.account), n.entries.size());
  print_entries(n.entries);
}

void print_resolution(const iso20022::ResolutionInput& r) {
  const std::string confirmation =
      r.confirmation.empty() ? (r.accepted ? "CNCL" : "RJCR") : r.confirmation;
  fmt::print(
      "  resolution: Assgnmt/Id {} {} -> {} case {} Conf {} OrgnlUETR {}{}\n", r.assignment_id,
      agent_text(r.assigner_bic, r.assigner.member_id),
      agent_text(r.assignee_bic, r.assignee.member_id), or_dash(r.case_id), confirmation,
      or_dash(r.uetr),
      r.resolution_currency.empty()
          ? ""
          : " resolved by " + format_amount(r.resolution_amount_minor, r.resolution_currency));
}

void print_reject(const iso20022::MessageRejectInput& r) {
  fmt::print("  message reject: RltdRef {} reason {}{}\n", r.related_reference, r.reason_code,
             r.element_path.empty() ? "" : " at " + r.element_path);
}

}  // namespace

std::string format_amount(core::AmountMinor amount_minor, std::string_view currency) {
  const int minor_units = core::iso4217_minor_units(currency).value_or(0);
  std::string digits = std::to_string(amount_minor);
  if (minor_units == 0) return digits + " " + std::string(currency);
  if (static_cast<int>(digits.size()) <= minor_units) {
    digits.insert(0, static_cast<size_t>(minor_units + 1) - digits.size(), '0');
  }
  digits.insert(digits.size() - static_cast<size_t>(minor_units), ".");
  return digits + " " + std::string(currency);
}

void print_read_back(const iso20022::Message& message) {
  if (message.header_input && !message.status_report && !message.account_report &&
      !message.notification && !message.resolution && !message.message_reject) {
    const iso20022::HeaderInput& h = *message.header_input;
    fmt::print("  application header: from {} to {} BizMsgIdr {} for {}\n",
               agent_text(h.from_bic, h.from_member_id), agent_text(h.to_bic, h.to_member_id),
               h.business_message_id, message.header.message_definition_id);
  }
  if (message.status_report) print_status_report(*message.status_report);
  if (message.account_report) print_report(*message.account_report);
  if (message.notification) print_notification(*message.notification);
  if (message.resolution) print_resolution(*message.resolution);
  if (message.message_reject) print_reject(*message.message_reject);
}

}  // namespace corridor::cli
