// camt.054 notification, camt.053 statement, camt.052 report, camt.029
// resolution of investigation, camt.025 receipt and camt.006 return transaction.
#include <string>

#include "iso20022/render.h"
#include "iso20022/render_agent.h"

namespace corridor::iso20022 {
namespace {

std::string_view credit_debit_code(CreditDebit direction) {
  return direction == CreditDebit::kCredit ? "CRDT" : "DBIT";
}

void check_uetr(std::string_view uetr) {
  if (!is_uetr(uetr)) throw RenderError("'" + std::string(uetr) + "' is not a UETR (UUID v4)");
}

// Sub-family codes are chosen by callers (JSON too): keep them within the
// schema's 1..4 characters rather than emit an invalid document.
void check_code(std::string_view what, std::string_view code) {
  if (code.empty() || code.size() > 4) {
    throw RenderError(std::string(what) + " '" + std::string(code) +
                      "' is not a 1-4 character code");
  }
}

void account(XmlWriter& w, const AccountInput& acct) {
  w.open("Acct");
  w.open("Id");
  if (!acct.iban.empty()) {
    w.text("IBAN", acct.iban, kMax34);
  } else {
    w.open("Othr");
    w.text("Id", acct.id, kMax34);
    w.close("Othr");
  }
  w.close("Id");
  if (!acct.currency.empty()) {
    minor_units_of(acct.currency);  // an active ISO 4217 code, so three letters
    w.code("Ccy", acct.currency);
  }
  if (!acct.owner_bic.empty() || !acct.owner_name.empty()) {
    if (!acct.owner_bic.empty() && !is_bic(acct.owner_bic)) {
      throw RenderError("'" + acct.owner_bic + "' is not a BIC");
    }
    w.open("Ownr");
    w.optional_text("Nm", acct.owner_name, kMax140);
    if (!acct.owner_bic.empty()) {
      w.buffer() += "<Id><OrgId><AnyBIC>";
      w.buffer() += acct.owner_bic;
      w.buffer() += "</AnyBIC></OrgId></Id>";
    }
    w.close("Ownr");
  }
  if (!acct.servicer_bic.empty()) w.agent("Svcr", acct.servicer_bic);
  w.close("Acct");
}

void entry(XmlWriter& w, const EntryInput& e) {
  // A booked entry moves money; an information-only one (INFO) may be zero.
  if (e.amount_minor < 0 || (e.amount_minor == 0 && e.status == "BOOK")) {
    throw RenderError("a booked entry's amount must be above zero");
  }
  w.open("Ntry");
  w.optional_text("NtryRef", e.entry_reference, kMax35);
  w.amount("Amt", e.amount_minor, e.currency);
  w.code("CdtDbtInd", credit_debit_code(e.direction));
  if (e.reversal) w.code("RvslInd", "true");
  // Corridor notifies settled (final) entries only: BOOK unless read back otherwise.
  check_code("entry status", e.status);
  w.open("Sts");
  w.text("Cd", e.status, 4);
  w.close("Sts");
  if (e.booked_at_ns != 0 || e.booking_date != 0 || e.value_date != 0) {
    w.open("BookgDt");
    if (e.booked_at_ns != 0) {
      w.datetime("DtTm", e.booked_at_ns);
    } else {
      w.date("Dt", e.booking_date != 0 ? e.booking_date : e.value_date);
    }
    w.close("BookgDt");
  }
  if (e.value_date != 0) {
    w.open("ValDt");
    w.date("Dt", e.value_date);
    w.close("ValDt");
  }
  w.optional_text("AcctSvcrRef", e.account_servicer_reference, kMax35);
  w.open("BkTxCd");
  if (!e.bank_transaction_domain.empty()) {
    check_code("bank transaction domain", e.bank_transaction_domain);
    check_code("bank transaction sub-family", e.bank_transaction_subfamily);
    w.open("Domn");
    w.text("Cd", e.bank_transaction_domain, 4);
    w.open("Fmly");
    if (!e.bank_transaction_family.empty()) {
      check_code("bank transaction family", e.bank_transaction_family);
      w.text("Cd", e.bank_transaction_family, 4);
    } else {
      w.code("Cd", e.direction == CreditDebit::kCredit ? "RCDT" : "ICDT");
    }
    w.text("SubFmlyCd", e.bank_transaction_subfamily, 4);
    w.close("Fmly");
    w.close("Domn");
  }
  if (!e.bank_transaction_proprietary.empty()) {
    w.open("Prtry");
    w.text("Cd", e.bank_transaction_proprietary, kMax35);
    w.optional_text("Issr", e.bank_transaction_proprietary_issuer, kMax35);
    w.close("Prtry");
  }
  w.close("BkTxCd");

  const bool refs = !e.message_id.empty() || !e.instruction_id.empty() ||
                    !e.end_to_end_id.empty() || !e.transaction_id.empty() || !e.uetr.empty() ||
                    !e.references_account_servicer_reference.empty() ||
                    !e.clearing_system_reference.empty();
  const bool agents = !e.debtor_agent_bic.empty() || !e.creditor_agent_bic.empty() ||
                      !e.debtor_agent_member_id.empty() || !e.creditor_agent_member_id.empty() ||
                      !e.instructing_agent.empty() || !e.instructed_agent.empty();
  if (refs || agents) {
    w.open("NtryDtls");
    w.open("TxDtls");
    if (refs) {
      w.open("Refs");
      w.optional_text("MsgId", e.message_id, kMax35);
      w.optional_text("AcctSvcrRef", e.references_account_servicer_reference, kMax35);
      w.optional_text("InstrId", e.instruction_id, kMax35);
      w.optional_text("EndToEndId", e.end_to_end_id, kMax35);
      if (!e.uetr.empty()) {
        check_uetr(e.uetr);
        w.code("UETR", e.uetr);
      }
      w.optional_text("TxId", e.transaction_id, kMax35);
      w.optional_text("ClrSysRef", e.clearing_system_reference, kMax35);
      w.close("Refs");
    }
    if (agents) {
      w.open("RltdAgts");
      if (!e.instructing_agent.empty()) {
        agent_or_member(w, "InstgAgt", e.instructing_agent.bic, e.instructing_agent.member_id);
      }
      if (!e.instructed_agent.empty()) {
        agent_or_member(w, "InstdAgt", e.instructed_agent.bic, e.instructed_agent.member_id);
      }
      if (!e.debtor_agent_bic.empty() || !e.debtor_agent_member_id.empty()) {
        agent_or_member(w, "DbtrAgt", e.debtor_agent_bic, e.debtor_agent_member_id);
      }
      if (!e.creditor_agent_bic.empty() || !e.creditor_agent_member_id.empty()) {
        agent_or_member(w, "CdtrAgt", e.creditor_agent_bic, e.creditor_agent_member_id);
      }
      w.close("RltdAgts");
    }
    w.close("TxDtls");
    w.close("NtryDtls");
  }
  w.optional_text("AddtlNtryInf", e.additional_information, kMax500);
  w.close("Ntry");
}

void pagination(XmlWriter& w, std::string_view name, const PaginationInput& page) {
  if (page.page == 0) return;
  w.open(name);
  w.number("PgNb", page.page);
  w.code("LastPgInd", page.last ? "true" : "false");
  w.close(name);
}

// GrpHdr; a report read back may also name the camt.060 query it answers.
void group_header(XmlWriter& w, std::string_view message_id, core::TimestampNs created_at_ns,
                  const PaginationInput& page = {}, const ReportInput* query = nullptr) {
  w.open("GrpHdr");
  w.text("MsgId", message_id, kMax35);
  w.datetime("CreDtTm", created_at_ns);
  pagination(w, "MsgPgntn", page);
  if (query != nullptr && !query->original_query_message_id.empty()) {
    w.open("OrgnlBizQry");
    w.text("MsgId", query->original_query_message_id, kMax35);
    w.optional_text("MsgNmId", query->original_query_message_name_id, kMax35);
    if (query->original_query_created_at_ns != 0) {
      w.datetime("CreDtTm", query->original_query_created_at_ns);
    }
    w.close("OrgnlBizQry");
  }
  w.close("GrpHdr");
}

// A signed balance as Amt (its absolute value) + CdtDbtInd.
void balance(XmlWriter& w, std::string_view type_code, core::AmountMinor balance_minor,
             std::string_view currency, core::ValueDate date, core::TimestampNs at_ns,
             bool proprietary = false) {
  if (balance_minor == INT64_MIN) throw RenderError("balance out of range");
  if (type_code.empty()) throw RenderError("a balance needs its type");
  w.open("Bal");
  w.open("Tp");
  w.open("CdOrPrtry");
  if (proprietary) {
    w.text("Prtry", type_code, kMax35);
  } else {
    check_code("balance type", type_code);
    w.text("Cd", type_code, 4);
  }
  w.close("CdOrPrtry");
  w.close("Tp");
  w.amount("Amt", balance_minor < 0 ? -balance_minor : balance_minor, currency);
  w.code("CdtDbtInd", balance_minor < 0 ? "DBIT" : "CRDT");
  w.open("Dt");
  if (at_ns != 0) {
    w.datetime("DtTm", at_ns);
  } else {
    w.date("Dt", date);
  }
  w.close("Dt");
  w.close("Bal");
}

// TxsSummry: number and sum of all, credit and debit entries and the net.
// Sums are in the account's currency; entries in another currency are an error.
void transactions_summary(XmlWriter& w, const std::vector<EntryInput>& entries,
                          std::string_view currency) {
  if (entries.empty()) return;
  const int units = minor_units_of(currency);
  core::AmountMinor credit_minor = 0;
  core::AmountMinor debit_minor = 0;
  uint64_t credits = 0;
  for (const EntryInput& e : entries) {
    if (e.currency != currency)
      throw RenderError("entry in " + e.currency + " on a " + std::string(currency) + " account");
    core::AmountMinor& sum = e.direction == CreditDebit::kCredit ? credit_minor : debit_minor;
    if (e.amount_minor < 0 || !core::checked_add(sum, e.amount_minor, &sum)) {
      throw RenderError("entry amounts out of range");
    }
    credits += e.direction == CreditDebit::kCredit ? 1 : 0;
  }
  const uint64_t debits = entries.size() - credits;
  core::AmountMinor total_minor = 0;
  if (!core::checked_add(credit_minor, debit_minor, &total_minor)) {
    throw RenderError("entry amounts out of range");
  }
  const core::AmountMinor net_minor = credit_minor - debit_minor;  // both >= 0: cannot overflow
  w.open("TxsSummry");
  w.open("TtlNtries");
  w.number("NbOfNtries", entries.size());
  w.decimal("Sum", total_minor, units);
  w.open("TtlNetNtry");
  w.decimal("Amt", net_minor < 0 ? -net_minor : net_minor, units);
  w.code("CdtDbtInd", net_minor < 0 ? "DBIT" : "CRDT");
  w.close("TtlNetNtry");
  w.close("TtlNtries");
  w.open("TtlCdtNtries");
  w.number("NbOfNtries", credits);
  w.decimal("Sum", credit_minor, units);
  w.close("TtlCdtNtries");
  w.open("TtlDbtNtries");
  w.number("NbOfNtries", debits);
  w.decimal("Sum", debit_minor, units);
  w.close("TtlDbtNtries");
  w.close("TxsSummry");
}

}  // namespace

void render_camt054(const HeaderInput& header, const NotificationInput& notification,
                    std::string& out) {
  XmlWriter w(out);
  begin_business_message(w, header, MessageType::kCamt054v08);
  w.open("BkToCstmrDbtCdtNtfctn");
  group_header(w, notification.message_id, notification.created_at_ns,
               notification.message_pagination);
  w.open("Ntfctn");
  w.text("Id", notification.notification_id, kMax35);
  if (notification.notification_created_at_ns != 0) {
    w.datetime("CreDtTm", notification.notification_created_at_ns);
  }
  account(w, notification.account);
  for (const EntryInput& e : notification.entries) entry(w, e);
  w.close("Ntfctn");
  w.close("BkToCstmrDbtCdtNtfctn");
  end_business_message(w);
}

void render_camt053(const HeaderInput& header, const StatementInput& statement, std::string& out) {
  XmlWriter w(out);
  begin_business_message(w, header, MessageType::kCamt053v08);
  w.open("BkToCstmrStmt");
  group_header(w, statement.message_id, statement.created_at_ns);
  w.open("Stmt");
  w.text("Id", statement.statement_id, kMax35);
  if (statement.sequence_number != 0) w.number("ElctrncSeqNb", statement.sequence_number);
  account(w, statement.account);
  const std::string& ccy = statement.account.currency;
  if (ccy.empty()) throw RenderError("a statement needs the account's currency");
  balance(w, "OPBD", statement.figures.balance_open_minor, ccy, statement.value_date, 0);
  balance(w, "CLBD", statement.figures.balance_close_minor, ccy, statement.value_date, 0);
  transactions_summary(w, statement.entries, ccy);
  for (const EntryInput& e : statement.entries) entry(w, e);
  w.close("Stmt");
  w.close("BkToCstmrStmt");
  end_business_message(w);
}

void render_camt052(const HeaderInput& header, const ReportInput& report, std::string& out) {
  XmlWriter w(out);
  begin_business_message(w, header, MessageType::kCamt052v08);
  w.open("BkToCstmrAcctRpt");
  group_header(w, report.message_id, report.created_at_ns, report.message_pagination, &report);
  w.open("Rpt");
  w.text("Id", report.report_id, kMax35);
  pagination(w, "RptPgntn", report.report_pagination);
  if (report.report_created_at_ns != 0) w.datetime("CreDtTm", report.report_created_at_ns);
  account(w, report.account);
  std::string ccy = report.account.currency;
  if (report.intraday_balance) {
    if (ccy.empty()) throw RenderError("a report needs the account's currency");
    if (report.balance_at_ns == 0) throw RenderError("an intraday balance needs its time");
    balance(w, "ITBD", report.balance_minor, ccy, 0, report.balance_at_ns);
  }
  for (const BalanceInput& b : report.balances) {
    balance(w, b.type_code, b.amount_minor, b.currency, b.date, b.at_ns, b.proprietary);
  }
  // Without an account currency (a received report may omit it) the entries' own.
  if (ccy.empty() && !report.entries.empty()) ccy = report.entries.front().currency;
  transactions_summary(w, report.entries, ccy);
  for (const EntryInput& e : report.entries) entry(w, e);
  w.optional_text("AddtlRptInf", report.additional_information, kMax500);
  w.close("Rpt");
  w.close("BkToCstmrAcctRpt");
  end_business_message(w);
}

namespace {

// CxlStsRsnInf: a received resolution's reason as sent, else core::Reason
// (required when the cancellation is rejected and TxCxlSts is derived).
template <typename Resolution>
void cancellation_reason(XmlWriter& w, const Resolution& r, bool derived_rejection) {
  if (!r.reason_as_sent.empty()) {
    w.open("CxlStsRsnInf");
    w.open("Rsn");
    w.text(r.reason_as_sent.proprietary ? "Prtry" : "Cd", r.reason_as_sent.code, kMax35);
    w.close("Rsn");
    w.optional_text("AddtlInf", r.reason_as_sent.additional_info, kMax105);
    w.close("CxlStsRsnInf");
    return;
  }
  if (!derived_rejection) return;
  if (r.reason == core::Reason::kNone) throw RenderError("a rejected cancellation needs a reason");
  w.open("CxlStsRsnInf");
  w.open("Rsn");
  w.code("Cd", core::iso_code(r.reason));
  w.close("Rsn");
  std::string text(core::reason_text(r.reason));
  if (!r.reason_detail.empty()) text += ": " + r.reason_detail;
  w.text("AddtlInf", text, kMax105);
  w.close("CxlStsRsnInf");
}

template <typename Resolution>
void original_group(XmlWriter& w, const Resolution& r) {
  if (r.original_message_id.empty()) return;  // optional: a resolution may not name it
  w.open("OrgnlGrpInf");
  w.text("OrgnlMsgId", r.original_message_id, kMax35);
  w.text("OrgnlMsgNmId", r.original_message_name_id, kMax35);
  if (r.original_created_at_ns != 0) w.datetime("OrgnlCreDtTm", r.original_created_at_ns);
  w.close("OrgnlGrpInf");
}

// TxCxlSts and CxlStsRsnInf, shared by both transaction shapes.
template <typename Resolution>
void cancellation_status(XmlWriter& w, const Resolution& r) {
  const bool derived = r.cancellation_status.empty();
  if (derived) {
    w.code("TxCxlSts", r.accepted ? "ACCR" : "RJCR");
  } else if (r.cancellation_status != "-") {
    w.text("TxCxlSts", r.cancellation_status, 4);
  }
  cancellation_reason(w, r, derived && !r.accepted);
}

// CxlDtls of a resolution answering several requests (ResolutionInput::transactions).
void several_transactions(XmlWriter& w, const ResolutionInput& r) {
  w.open("CxlDtls");
  if (!r.group_cancellation_status.empty()) {
    w.open("OrgnlGrpInfAndSts");
    w.text("OrgnlMsgId", r.original_message_id, kMax35);
    w.text("OrgnlMsgNmId", r.original_message_name_id, kMax35);
    w.text("GrpCxlSts", r.group_cancellation_status, 4);
    if (r.group_cancellation_status == "RJCR" && r.reason != core::Reason::kNone) {
      cancellation_reason(w, r, true);
    }
    w.close("OrgnlGrpInfAndSts");
  }
  for (const ResolutionTransaction& t : r.transactions) {
    w.open("TxInfAndSts");
    original_group(w, t);
    w.optional_text("OrgnlInstrId", t.original_instruction_id, kMax35);
    w.optional_text("OrgnlEndToEndId", t.original_end_to_end_id, kMax35);
    w.optional_text("OrgnlTxId", t.original_transaction_id, kMax35);
    if (!t.uetr.empty()) {
      check_uetr(t.uetr);
      w.code("OrgnlUETR", t.uetr);
    }
    cancellation_status(w, t);
    w.close("TxInfAndSts");
  }
  w.close("CxlDtls");
}

}  // namespace

void render_camt029(const HeaderInput& header, const ResolutionInput& r, std::string& out) {
  XmlWriter w(out);
  begin_business_message(w, header, MessageType::kCamt029v09);
  w.open("RsltnOfInvstgtn");
  w.open("Assgnmt");
  w.text("Id", r.assignment_id, kMax35);
  w.open("Assgnr");
  agent_or_member(w, "Agt", r.assigner_bic, r.assigner.member_id);
  w.close("Assgnr");
  w.open("Assgne");
  agent_or_member(w, "Agt", r.assignee_bic, r.assignee.member_id);
  w.close("Assgne");
  w.datetime("CreDtTm", r.created_at_ns);
  w.close("Assgnmt");
  if (!r.case_id.empty()) {
    w.open("RslvdCase");
    w.text("Id", r.case_id, kMax35);
    w.open("Cretr");
    if (r.case_creator_bic.empty() && r.case_creator.member_id.empty() &&
        !r.case_creator_name.empty()) {
      w.open("Pty");
      w.text("Nm", r.case_creator_name, kMax140);
      w.close("Pty");
    } else {
      agent_or_member(w, "Agt", r.case_creator_bic, r.case_creator.member_id);
    }
    w.close("Cretr");
    w.close("RslvdCase");
  }
  w.open("Sts");
  if (!r.confirmation.empty()) {
    w.text("Conf", r.confirmation, 4);
  } else {
    w.code("Conf", r.accepted ? "CNCL" : "RJCR");
  }
  w.close("Sts");
  if (!r.transactions.empty() || !r.group_cancellation_status.empty()) {
    several_transactions(w, r);
    w.close("RsltnOfInvstgtn");
    end_business_message(w);
    return;
  }
  w.open("CxlDtls");
  if (!r.original_payment_information_id.empty()) {
    // A payment information block (pain.013): its transaction names the UETR as UETR.
    w.open("OrgnlPmtInfAndSts");
    w.text("OrgnlPmtInfId", r.original_payment_information_id, kMax35);
    original_group(w, r);
    w.open("TxInfAndSts");
    w.optional_text("OrgnlInstrId", r.original_instruction_id, kMax35);
    w.optional_text("OrgnlEndToEndId", r.original_end_to_end_id, kMax35);
    if (!r.uetr.empty()) {
      check_uetr(r.uetr);
      w.code("UETR", r.uetr);
    }
    cancellation_status(w, r);
    w.close("TxInfAndSts");
    w.close("OrgnlPmtInfAndSts");
    w.close("CxlDtls");
    w.close("RsltnOfInvstgtn");
    end_business_message(w);
    return;
  }
  w.open("TxInfAndSts");
  original_group(w, r);
  w.optional_text("OrgnlInstrId", r.original_instruction_id, kMax35);
  w.optional_text("OrgnlEndToEndId", r.original_end_to_end_id, kMax35);
  w.optional_text("OrgnlTxId", r.original_transaction_id, kMax35);
  if (!r.uetr.empty()) {
    check_uetr(r.uetr);
    w.code("OrgnlUETR", r.uetr);
  }
  cancellation_status(w, r);
  if (!r.resolution_uetr.empty() || !r.resolution_currency.empty() ||
      r.resolution_settlement_date != 0) {
    w.open("RsltnRltdInf");
    if (!r.resolution_uetr.empty()) {
      check_uetr(r.resolution_uetr);
      w.code("UETR", r.resolution_uetr);
    }
    if (!r.resolution_currency.empty()) {
      w.amount("IntrBkSttlmAmt", r.resolution_amount_minor, r.resolution_currency);
    }
    if (r.resolution_settlement_date != 0) w.date("IntrBkSttlmDt", r.resolution_settlement_date);
    w.close("RsltnRltdInf");
  }
  if (!r.original_currency.empty()) {
    w.amount("OrgnlIntrBkSttlmAmt", r.original_amount_minor, r.original_currency);
  }
  if (r.original_settlement_date != 0) w.date("OrgnlIntrBkSttlmDt", r.original_settlement_date);
  w.close("TxInfAndSts");
  w.close("CxlDtls");
  w.close("RsltnOfInvstgtn");
  end_business_message(w);
}

std::string_view receipt_status_code(ReceiptStatus status) {
  switch (status) {
    case ReceiptStatus::kCompleted:
      return "COMP";
    case ReceiptStatus::kQueued:
      return "QUED";
    case ReceiptStatus::kRejected:
      return "REJT";
  }
  return "REJT";
}

void render_camt025(const HeaderInput& header, const ReceiptInput& receipt, std::string& out) {
  XmlWriter w(out);
  begin_business_message(w, header, MessageType::kCamt025v05);
  w.open("Rct");
  w.open("MsgHdr");
  w.text("MsgId", receipt.message_id, kMax35);
  w.datetime("CreDtTm", receipt.created_at_ns);
  w.close("MsgHdr");
  w.open("RctDtls");
  w.open("OrgnlMsgId");
  w.text("MsgId", receipt.original_message_id, kMax35);
  w.optional_text("MsgNmId", receipt.original_message_name_id, kMax35);
  w.close("OrgnlMsgId");
  w.open("ReqHdlg");
  w.code("StsCd", receipt_status_code(receipt.status));
  if (receipt.status == ReceiptStatus::kRejected) {
    if (receipt.reason == core::Reason::kNone) throw RenderError("a rejection needs a reason");
    std::string text(core::iso_code(receipt.reason));
    text += ' ';
    text += core::reason_text(receipt.reason);
    if (!receipt.reason_detail.empty()) text += ": " + receipt.reason_detail;
    w.text("Desc", text, kMax140);
  }
  w.close("ReqHdlg");
  w.close("RctDtls");
  w.close("Rct");
  end_business_message(w);
}

namespace {

std::string_view priority_code(core::Priority priority) {
  switch (priority) {
    case core::Priority::kHighlyUrgent:
      return "HIGH";
    case core::Priority::kUrgent:
      return "URGT";
    case core::Priority::kNormal:
      return "NORM";
  }
  return "NORM";
}

void transaction_report(XmlWriter& w, const TransactionStateInput& tx) {
  w.open("TxRpt");
  if (tx.state == TransactionState::kNotFound) {
    w.open("PmtId");
    w.text("PrtryId", tx.uetr, 70);
    w.close("PmtId");
    const core::Reason reason =
        tx.reason == core::Reason::kNone ? core::Reason::kNotQueued : tx.reason;
    w.open("TxOrErr");
    w.open("BizErr");
    w.open("Err");
    w.code("Cd", core::iso_code(reason));
    w.close("Err");
    w.text("Desc", core::reason_text(reason), kMax140);
    w.close("BizErr");
    w.close("TxOrErr");
    w.close("TxRpt");
    return;
  }
  const int units = minor_units_of(tx.currency);
  w.open("PmtId");
  w.open("LngBizId");
  w.optional_text("TxId", tx.transaction_id, kMax35);
  if (!tx.uetr.empty()) {
    check_uetr(tx.uetr);
    w.code("UETR", tx.uetr);
  }
  w.decimal("IntrBkSttlmAmt", tx.amount_minor, units);
  w.date("IntrBkSttlmDt", tx.settlement_date);
  w.agent("InstgAgt", tx.instructing_agent_bic);
  w.agent("InstdAgt", tx.instructed_agent_bic);
  w.optional_text("EndToEndId", tx.end_to_end_id, kMax35);
  w.close("LngBizId");
  w.close("PmtId");

  w.open("TxOrErr");
  w.open("Tx");
  w.open("Pmt");
  w.optional_text("MsgId", tx.message_id, kMax35);
  w.open("Sts");
  w.open("Cd");
  switch (tx.state) {
    case TransactionState::kQueued:
      w.code("Pdg", "PSTL");
      break;
    case TransactionState::kSettled:
      w.code("Fnl", "STLD");
      break;
    case TransactionState::kRejected:
      w.code("Fnl", "RJTD");
      break;
    case TransactionState::kCancelled:
      w.code("Fnl", "CAND");
      break;
    case TransactionState::kNotFound:
      break;
  }
  w.close("Cd");
  if (tx.status_at_ns != 0) {
    w.open("DtTm");
    w.datetime("DtTm", tx.status_at_ns);
    w.close("DtTm");
  }
  if (tx.state == TransactionState::kRejected || tx.state == TransactionState::kCancelled) {
    if (tx.reason == core::Reason::kNone) throw RenderError("a rejection needs a reason");
    w.open("Rsn");
    w.code("Prtry", core::iso_code(tx.reason));
    w.close("Rsn");
  }
  w.close("Sts");
  w.open("IntrBkSttlmAmt");
  w.amount("AmtWthCcy", tx.amount_minor, tx.currency);
  w.close("IntrBkSttlmAmt");
  w.open("Prty");
  w.code("Cd", priority_code(tx.priority));
  w.close("Prty");
  w.date("IntrBkSttlmDt", tx.settlement_date);
  w.optional_text("EndToEndId", tx.end_to_end_id, kMax35);
  w.close("Pmt");
  w.close("Tx");
  w.close("TxOrErr");
  w.close("TxRpt");
}

}  // namespace

void render_camt006(const HeaderInput& header, const ReturnTransactionInput& input,
                    std::string& out) {
  if (input.transactions.empty()) throw RenderError("a return transaction needs a transaction");
  XmlWriter w(out);
  begin_business_message(w, header, MessageType::kCamt006v08);
  w.open("RtrTx");
  w.open("MsgHdr");
  w.text("MsgId", input.message_id, kMax35);
  w.datetime("CreDtTm", input.created_at_ns);
  w.open("OrgnlBizQry");
  w.text("MsgId", input.query_message_id, kMax35);
  w.optional_text("MsgNmId", input.query_message_name_id, kMax35);
  w.close("OrgnlBizQry");
  w.close("MsgHdr");
  w.open("RptOrErr");
  w.open("BizRpt");
  for (const TransactionStateInput& tx : input.transactions) transaction_report(w, tx);
  w.close("BizRpt");
  w.close("RptOrErr");
  w.close("RtrTx");
  end_business_message(w);
}

}  // namespace corridor::iso20022
