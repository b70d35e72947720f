// camt.054 notification, camt.053 statement, camt.052 report, camt.029
// resolution of investigation, camt.025 receipt and camt.006 return transaction.
#include <string>

#include "iso20022/render.h"

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
  w.open("Othr");
  w.text("Id", acct.id, kMax34);
  w.close("Othr");
  w.close("Id");
  if (!acct.currency.empty()) {
    minor_units_of(acct.currency);  // an active ISO 4217 code, so three letters
    w.code("Ccy", acct.currency);
  }
  if (!acct.owner_bic.empty()) {
    if (!is_bic(acct.owner_bic)) throw RenderError("'" + acct.owner_bic + "' is not a BIC");
    w.buffer() += "<Ownr><Id><OrgId><AnyBIC>";
    w.buffer() += acct.owner_bic;
    w.buffer() += "</AnyBIC></OrgId></Id></Ownr>";
  }
  if (!acct.servicer_bic.empty()) w.agent("Svcr", acct.servicer_bic);
  w.close("Acct");
}

void entry(XmlWriter& w, const EntryInput& e) {
  if (e.amount_minor <= 0) throw RenderError("an entry's amount must be above zero");
  w.open("Ntry");
  w.optional_text("NtryRef", e.entry_reference, kMax35);
  w.amount("Amt", e.amount_minor, e.currency);
  w.code("CdtDbtInd", credit_debit_code(e.direction));
  w.buffer() += "<Sts><Cd>BOOK</Cd></Sts>";  // Corridor notifies settled (final) entries only
  w.open("BookgDt");
  if (e.booked_at_ns != 0) {
    w.datetime("DtTm", e.booked_at_ns);
  } else {
    w.date("Dt", e.value_date);
  }
  w.close("BookgDt");
  w.open("ValDt");
  w.date("Dt", e.value_date);
  w.close("ValDt");
  w.optional_text("AcctSvcrRef", e.account_servicer_reference, kMax35);
  check_code("bank transaction sub-family", e.bank_transaction_subfamily);
  w.buffer() += "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>";
  w.buffer() += e.direction == CreditDebit::kCredit ? "RCDT" : "ICDT";
  w.buffer() += "</Cd><SubFmlyCd>";
  append_escaped(w.buffer(), e.bank_transaction_subfamily);
  w.buffer() += "</SubFmlyCd></Fmly></Domn></BkTxCd>";

  const bool refs = !e.message_id.empty() || !e.instruction_id.empty() ||
                    !e.end_to_end_id.empty() || !e.transaction_id.empty() || !e.uetr.empty();
  const bool agents = !e.debtor_agent_bic.empty() || !e.creditor_agent_bic.empty();
  if (refs || agents) {
    w.open("NtryDtls");
    w.open("TxDtls");
    if (refs) {
      w.open("Refs");
      w.optional_text("MsgId", e.message_id, kMax35);
      w.optional_text("InstrId", e.instruction_id, kMax35);
      w.optional_text("EndToEndId", e.end_to_end_id, kMax35);
      if (!e.uetr.empty()) {
        check_uetr(e.uetr);
        w.code("UETR", e.uetr);
      }
      w.optional_text("TxId", e.transaction_id, kMax35);
      w.close("Refs");
    }
    if (agents) {
      w.open("RltdAgts");
      if (!e.debtor_agent_bic.empty()) w.agent("DbtrAgt", e.debtor_agent_bic);
      if (!e.creditor_agent_bic.empty()) w.agent("CdtrAgt", e.creditor_agent_bic);
      w.close("RltdAgts");
    }
    w.close("TxDtls");
    w.close("NtryDtls");
  }
  w.close("Ntry");
}

void group_header(XmlWriter& w, std::string_view message_id, core::TimestampNs created_at_ns) {
  w.open("GrpHdr");
  w.text("MsgId", message_id, kMax35);
  w.datetime("CreDtTm", created_at_ns);
  w.close("GrpHdr");
}

// A signed balance as Amt (its absolute value) + CdtDbtInd.
void balance(XmlWriter& w, std::string_view type_code, core::AmountMinor balance_minor,
             std::string_view currency, core::ValueDate date, core::TimestampNs at_ns) {
  if (balance_minor == INT64_MIN) throw RenderError("balance out of range");
  w.open("Bal");
  w.buffer() += "<Tp><CdOrPrtry><Cd>";
  w.buffer() += type_code;
  w.buffer() += "</Cd></CdOrPrtry></Tp>";
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
    if (e.amount_minor <= 0 || !core::checked_add(sum, e.amount_minor, &sum)) {
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
  group_header(w, notification.message_id, notification.created_at_ns);
  w.open("Ntfctn");
  w.text("Id", notification.notification_id, kMax35);
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
  group_header(w, report.message_id, report.created_at_ns);
  w.open("Rpt");
  w.text("Id", report.report_id, kMax35);
  account(w, report.account);
  const std::string& ccy = report.account.currency;
  if (ccy.empty()) throw RenderError("a report needs the account's currency");
  if (report.balance_at_ns == 0) throw RenderError("an intraday balance needs its time");
  balance(w, "ITBD", report.balance_minor, ccy, 0, report.balance_at_ns);
  transactions_summary(w, report.entries, ccy);
  for (const EntryInput& e : report.entries) entry(w, e);
  w.close("Rpt");
  w.close("BkToCstmrAcctRpt");
  end_business_message(w);
}

void render_camt029(const HeaderInput& header, const ResolutionInput& r, std::string& out) {
  XmlWriter w(out);
  begin_business_message(w, header, MessageType::kCamt029v09);
  w.open("RsltnOfInvstgtn");
  w.open("Assgnmt");
  w.text("Id", r.assignment_id, kMax35);
  w.open("Assgnr");
  w.agent("Agt", r.assigner_bic);
  w.close("Assgnr");
  w.open("Assgne");
  w.agent("Agt", r.assignee_bic);
  w.close("Assgne");
  w.datetime("CreDtTm", r.created_at_ns);
  w.close("Assgnmt");
  if (!r.case_id.empty()) {
    w.open("RslvdCase");
    w.text("Id", r.case_id, kMax35);
    w.open("Cretr");
    w.agent("Agt", r.case_creator_bic);
    w.close("Cretr");
    w.close("RslvdCase");
  }
  w.open("Sts");
  w.code("Conf", r.accepted ? "CNCL" : "RJCR");
  w.close("Sts");
  w.open("CxlDtls");
  w.open("TxInfAndSts");
  w.open("OrgnlGrpInf");
  w.text("OrgnlMsgId", r.original_message_id, kMax35);
  w.text("OrgnlMsgNmId", r.original_message_name_id, kMax35);
  w.close("OrgnlGrpInf");
  w.optional_text("OrgnlInstrId", r.original_instruction_id, kMax35);
  w.optional_text("OrgnlEndToEndId", r.original_end_to_end_id, kMax35);
  w.optional_text("OrgnlTxId", r.original_transaction_id, kMax35);
  if (!r.uetr.empty()) {
    check_uetr(r.uetr);
    w.code("OrgnlUETR", r.uetr);
  }
  w.code("TxCxlSts", r.accepted ? "ACCR" : "RJCR");
  if (!r.accepted) {
    if (r.reason == core::Reason::kNone)
      throw RenderError("a rejected cancellation needs a reason");
    w.open("CxlStsRsnInf");
    w.open("Rsn");
    w.code("Cd", core::iso_code(r.reason));
    w.close("Rsn");
    std::string text(core::reason_text(r.reason));
    if (!r.reason_detail.empty()) text += ": " + r.reason_detail;
    w.text("AddtlInf", text, kMax105);
    w.close("CxlStsRsnInf");
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
