// The messages Corridor sends, read back: pacs.002.001.10 (status report),
// camt.052.001.08 (account report), camt.054.001.08 (notification),
// camt.029.001.09 (resolution of investigation), admi.002.001.01 (message
// reject) and the head.001 AppHdr. Each is read into the input struct its
// renderer takes (render.h), so what was parsed renders again: the round trip
// of the samples. What the structs cannot hold is not read (docs/iso20022.md).
// Identifiers and amounts were checked by scan_fields (RC01, AC01, FF01, AM*,
// CH20); this file checks dates (DT01) and mandatory elements (CH21).
#include <string>

#include "iso20022/parse_internal.h"
#include "iso20022/validate.h"

namespace corridor::iso20022::internal {
namespace {

void read_time(Message* message, const pugi::xml_node& node, core::TimestampNs* ns) {
  if (!node) return;
  Check check = parse_iso_date_time(text_of(node), ns);
  if (!check.ok()) add_problem(message, node, check.code, std::move(check.text));
}

void read_date(Message* message, const pugi::xml_node& node, core::ValueDate* date) {
  if (!node) return;
  Check check = parse_iso_date(text_of(node), date);
  if (!check.ok()) add_problem(message, node, check.code, std::move(check.text));
}

// An amount with its Ccy; an invalid one was reported by scan_fields and stays 0.
void read_amount(const pugi::xml_node& node, core::AmountMinor* amount_minor,
                 std::string* currency) {
  if (!node) return;
  core::CurrencyCode code;
  if (parse_amount(text_of(node), node.attribute("Ccy").value(), amount_minor, &code).ok()) {
    *currency = code.to_string();
  }
}

AgentInput agent_input(const pugi::xml_node& node) {
  const Agent agent = agent_of(node);
  return AgentInput{agent.bic, agent.member_id};
}

// Rsn/Cd or Rsn/Prtry and AddtlInf of a StsRsnInf or CxlStsRsnInf.
ReasonInput reason_input(const pugi::xml_node& node) {
  ReasonInput reason;
  const pugi::xml_node rsn = child(node, "Rsn");
  reason.code = text_of(child(rsn, "Cd"));
  if (reason.code.empty()) {
    reason.code = text_of(child(rsn, "Prtry"));
    reason.proprietary = !reason.code.empty();
  }
  reason.additional_info = text_of(child(node, "AddtlInf"));
  return reason;
}

PaginationInput pagination_of(Message* message, const pugi::xml_node& node) {
  PaginationInput page;
  if (!node) return page;
  const pugi::xml_node number = required(message, node, "PgNb");
  if (number) {
    const std::optional<uint64_t> value = parse_count(text_of(number));
    if (!value || *value == 0) {
      add_problem(message, number, "FF01", "PgNb is not a page number");
    } else {
      page.page = *value;
    }
  }
  page.last = text_of(required(message, node, "LastPgInd")) != "false";
  return page;
}

// Element children called `name`, counted against the transaction limit (AM18).
std::vector<pugi::xml_node> children(Message* message, const pugi::xml_node& parent,
                                     std::string_view name, const Limits& limits) {
  std::vector<pugi::xml_node> found;
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == name) found.push_back(c);
    if (found.size() > limits.transactions_max) {
      add_problem(message, parent, "AM18",
                  "more than " + std::to_string(limits.transactions_max) + " " + std::string(name) +
                      " elements");
      return {};
    }
  }
  return found;
}

// The one element of a repeatable kind Corridor reads (a report, a
// notification, a case): a second one could not be rendered again, so it is
// refused rather than dropped. None is CH21 where the schema requires one,
// else (`optional_in_schema`) FF01: valid, but not what the struct can hold.
pugi::xml_node only(Message* message, const pugi::xml_node& parent, std::string_view name,
                    bool optional_in_schema = false) {
  pugi::xml_node first;
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || local_name(c) != name) continue;
    if (first) {
      add_problem(message, c, "FF01", "Corridor reads one " + std::string(name) + " per message");
      break;
    }
    first = c;
  }
  if (!first && optional_in_schema) {
    add_problem(
        message, parent, "FF01",
        "Corridor reads a resolution of one transaction: " + std::string(name) + " is needed");
  } else if (!first) {
    missing(message, parent, name);
  }
  return first;
}

// ------------------------------------------------------------------ AppHdr

HeaderInput header_input(Message* message, const pugi::xml_node& app_hdr) {
  HeaderInput h;
  const pugi::xml_node from = descend(app_hdr, {"Fr", "FIId"});
  const pugi::xml_node to = descend(app_hdr, {"To", "FIId"});
  h.from_bic = agent_of(from).bic;
  h.from_member_id = agent_of(from).member_id;
  h.to_bic = agent_of(to).bic;
  h.to_member_id = agent_of(to).member_id;
  if (!child(app_hdr, "Fr")) missing(message, app_hdr, "Fr");
  if (!child(app_hdr, "To")) missing(message, app_hdr, "To");
  h.business_message_id = text_of(required(message, app_hdr, "BizMsgIdr"));
  required(message, app_hdr, "MsgDefIdr");
  h.business_service = text_of(child(app_hdr, "BizSvc"));
  read_time(message, required(message, app_hdr, "CreDt"), &h.created_at_ns);
  return h;
}

// ---------------------------------------------------------------- pacs.002

void parse_pacs002(const pugi::xml_node& root, const Limits& limits, Message* message) {
  StatusReportInput& r = message->status_report.emplace();
  r.original_message_name_id.clear();  // only what the report names
  if (const pugi::xml_node group = required(message, root, "GrpHdr")) {
    r.message_id = text_of(required(message, group, "MsgId"));
    read_time(message, required(message, group, "CreDtTm"), &r.created_at_ns);
    r.instructing_agent_bic = agent_of(child(group, "InstgAgt")).bic;
    r.instructed_agent_bic = agent_of(child(group, "InstdAgt")).bic;
    message->group.message_id = r.message_id;
    message->group.created_ns = r.created_at_ns;
  }
  if (const pugi::xml_node original = child(root, "OrgnlGrpInfAndSts")) {
    r.original_message_id = text_of(required(message, original, "OrgnlMsgId"));
    r.original_message_name_id = text_of(required(message, original, "OrgnlMsgNmId"));
    read_time(message, child(original, "OrgnlCreDtTm"), &r.original_created_at_ns);
    r.group_status = text_of(child(original, "GrpSts"));
    if (r.group_status.empty()) r.group_status = "-";
  }
  for (const pugi::xml_node& node : children(message, root, "TxInfAndSts", limits)) {
    StatusTransaction& tx = r.transactions.emplace_back();
    if (const pugi::xml_node group = child(node, "OrgnlGrpInf")) {
      tx.original_message_id = text_of(required(message, group, "OrgnlMsgId"));
      tx.original_message_name_id = text_of(required(message, group, "OrgnlMsgNmId"));
      read_time(message, child(group, "OrgnlCreDtTm"), &tx.original_created_at_ns);
    }
    tx.original_instruction_id = text_of(child(node, "OrgnlInstrId"));
    tx.original_end_to_end_id = text_of(child(node, "OrgnlEndToEndId"));
    tx.original_transaction_id = text_of(child(node, "OrgnlTxId"));
    tx.uetr = text_of(child(node, "OrgnlUETR"));
    const pugi::xml_node status = child(node, "TxSts");
    const std::string code = text_of(status);
    if (const pugi::xml_node reason = child(node, "StsRsnInf"))
      tx.reason_as_sent = reason_input(reason);
    if (!status) {
      tx.other_status = "-";
    } else if (code == "ACSC") {
      tx.status = PaymentStatus::kSettled;
    } else if (code == "ACSP") {
      tx.status = PaymentStatus::kQueued;
    } else if (code == "RJCT" && !tx.reason_as_sent.empty()) {
      tx.status = PaymentStatus::kRejected;
    } else {
      tx.other_status = code;
    }
    read_time(message, child(node, "AccptncDtTm"), &tx.accepted_at_ns);
    const pugi::xml_node settled = child(node, "FctvIntrBkSttlmDt");
    if (tx.status == PaymentStatus::kSettled && tx.other_status.empty()) {
      read_time(message, child(settled, "DtTm"), &tx.settled_at_ns);
    }
    read_date(message, child(settled, "Dt"), &tx.settlement_date);
    tx.clearing_system_reference = text_of(child(node, "ClrSysRef"));
    tx.instructing_agent = agent_input(child(node, "InstgAgt"));
    tx.instructed_agent = agent_input(child(node, "InstdAgt"));
  }
}

// ---------------------------------------------------------------- admi.002

void parse_admi002(const pugi::xml_node& root, Message* message) {
  MessageRejectInput& r = message->message_reject.emplace();
  r.related_reference = text_of(required(message, required(message, root, "RltdRef"), "Ref"));
  const pugi::xml_node reason = required(message, root, "Rsn");
  if (!reason) return;
  r.reason_code = text_of(required(message, reason, "RjctgPtyRsn"));
  read_time(message, child(reason, "RjctnDtTm"), &r.rejected_at_ns);
  r.element_path = text_of(child(reason, "ErrLctn"));
  r.description = text_of(child(reason, "RsnDesc"));
  // The renderer appends the location to RsnDesc ("text (at path)", or "at
  // path" alone); take it off again so the description is the text only.
  if (!r.element_path.empty()) {
    const std::string alone = "at " + r.element_path;
    const std::string suffix = " (" + alone + ")";
    if (r.description == alone) {
      r.description.clear();
    } else if (r.description.size() > suffix.size() && r.description.ends_with(suffix)) {
      r.description.resize(r.description.size() - suffix.size());
    }
  }
  r.additional_data = text_of(child(reason, "AddtlData"));
  message->group.message_id = r.related_reference;
}

// ---------------------------------------------------------------- camt.052 / camt.054

AccountInput account_input(Message* message, const pugi::xml_node& acct) {
  AccountInput a;
  const pugi::xml_node id = required(message, acct, "Id");
  a.iban = text_of(child(id, "IBAN"));
  a.id = text_of(descend(id, {"Othr", "Id"}));
  a.currency = text_of(child(acct, "Ccy"));
  if (!a.currency.empty() && !core::iso4217_minor_units(a.currency)) {
    add_problem(message, child(acct, "Ccy"), "AM03", "unknown currency " + a.currency);
  }
  const pugi::xml_node owner = child(acct, "Ownr");
  a.owner_name = text_of(child(owner, "Nm"));
  a.owner_bic = text_of(descend(owner, {"Id", "OrgId", "AnyBIC"}));
  a.servicer_bic = agent_of(child(acct, "Svcr")).bic;
  return a;
}

void read_entry(Message* message, const pugi::xml_node& node, EntryInput* e) {
  e->entry_reference = text_of(child(node, "NtryRef"));
  const pugi::xml_node amount = required(message, node, "Amt");
  read_amount(amount, &e->amount_minor, &e->currency);
  const pugi::xml_node direction = required(message, node, "CdtDbtInd");
  e->direction = text_of(direction) == "DBIT" ? CreditDebit::kDebit : CreditDebit::kCredit;
  e->reversal = text_of(child(node, "RvslInd")) == "true";
  e->status = text_of(child(required(message, node, "Sts"), "Cd"));
  // A booked entry moves money (information-only ones, INFO, may be zero).
  if (amount && !e->currency.empty() && e->amount_minor == 0 && e->status == "BOOK") {
    add_problem(message, amount, "AM01", "the booked entry's amount is zero");
  }
  const pugi::xml_node booking = child(node, "BookgDt");
  read_time(message, child(booking, "DtTm"), &e->booked_at_ns);
  read_date(message, child(booking, "Dt"), &e->booking_date);
  read_date(message, descend(node, {"ValDt", "Dt"}), &e->value_date);
  // The renderer books on the value date unless told otherwise: keep only a different day.
  if (e->booking_date == e->value_date) e->booking_date = 0;
  e->account_servicer_reference = text_of(child(node, "AcctSvcrRef"));
  const pugi::xml_node code = required(message, node, "BkTxCd");
  const pugi::xml_node domain = child(code, "Domn");
  e->bank_transaction_domain = text_of(child(domain, "Cd"));
  e->bank_transaction_family = text_of(descend(domain, {"Fmly", "Cd"}));
  e->bank_transaction_subfamily = text_of(descend(domain, {"Fmly", "SubFmlyCd"}));
  e->bank_transaction_proprietary = text_of(descend(code, {"Prtry", "Cd"}));
  e->bank_transaction_proprietary_issuer = text_of(descend(code, {"Prtry", "Issr"}));
  // The first transaction's details: Corridor books one payment per entry.
  const pugi::xml_node details = descend(node, {"NtryDtls", "TxDtls"});
  const pugi::xml_node refs = child(details, "Refs");
  e->message_id = text_of(child(refs, "MsgId"));
  e->references_account_servicer_reference = text_of(child(refs, "AcctSvcrRef"));
  e->instruction_id = text_of(child(refs, "InstrId"));
  e->end_to_end_id = text_of(child(refs, "EndToEndId"));
  e->uetr = text_of(child(refs, "UETR"));
  e->transaction_id = text_of(child(refs, "TxId"));
  e->clearing_system_reference = text_of(child(refs, "ClrSysRef"));
  const pugi::xml_node agents = child(details, "RltdAgts");
  e->instructing_agent = agent_input(child(agents, "InstgAgt"));
  e->instructed_agent = agent_input(child(agents, "InstdAgt"));
  const AgentInput debtor = agent_input(child(agents, "DbtrAgt"));
  const AgentInput creditor = agent_input(child(agents, "CdtrAgt"));
  e->debtor_agent_bic = debtor.bic;
  e->debtor_agent_member_id = debtor.member_id;
  e->creditor_agent_bic = creditor.bic;
  e->creditor_agent_member_id = creditor.member_id;
  e->additional_information = text_of(child(node, "AddtlNtryInf"));
}

void read_group(Message* message, const pugi::xml_node& group, std::string* message_id,
                core::TimestampNs* created_at_ns, PaginationInput* page) {
  if (!group) return;
  *message_id = text_of(required(message, group, "MsgId"));
  read_time(message, required(message, group, "CreDtTm"), created_at_ns);
  *page = pagination_of(message, child(group, "MsgPgntn"));
  message->group.message_id = *message_id;
  message->group.created_ns = *created_at_ns;
}

void parse_camt052(const pugi::xml_node& root, const Limits& limits, Message* message) {
  ReportInput& r = message->account_report.emplace();
  r.intraday_balance = false;  // its balances are read as they are, into `balances`
  const pugi::xml_node group = required(message, root, "GrpHdr");
  read_group(message, group, &r.message_id, &r.created_at_ns, &r.message_pagination);
  if (const pugi::xml_node query = child(group, "OrgnlBizQry")) {
    r.original_query_message_id = text_of(required(message, query, "MsgId"));
    r.original_query_message_name_id = text_of(child(query, "MsgNmId"));
    read_time(message, child(query, "CreDtTm"), &r.original_query_created_at_ns);
  }
  const pugi::xml_node report = only(message, root, "Rpt");
  if (!report) return;
  r.report_id = text_of(required(message, report, "Id"));
  r.report_pagination = pagination_of(message, child(report, "RptPgntn"));
  read_time(message, child(report, "CreDtTm"), &r.report_created_at_ns);
  if (const pugi::xml_node acct = required(message, report, "Acct")) {
    r.account = account_input(message, acct);
  }
  for (const pugi::xml_node& node : children(message, report, "Bal", limits)) {
    BalanceInput& b = r.balances.emplace_back();
    const pugi::xml_node type = descend(required(message, node, "Tp"), {"CdOrPrtry"});
    b.type_code = text_of(child(type, "Cd"));
    if (b.type_code.empty()) {
      b.type_code = text_of(child(type, "Prtry"));
      b.proprietary = true;
    }
    read_amount(required(message, node, "Amt"), &b.amount_minor, &b.currency);
    if (text_of(required(message, node, "CdtDbtInd")) == "DBIT") b.amount_minor = -b.amount_minor;
    const pugi::xml_node date = required(message, node, "Dt");
    read_time(message, child(date, "DtTm"), &b.at_ns);
    read_date(message, child(date, "Dt"), &b.date);
  }
  for (const pugi::xml_node& node : children(message, report, "Ntry", limits)) {
    read_entry(message, node, &r.entries.emplace_back());
  }
  r.additional_information = text_of(child(report, "AddtlRptInf"));
}

void parse_camt054(const pugi::xml_node& root, const Limits& limits, Message* message) {
  NotificationInput& n = message->notification.emplace();
  read_group(message, required(message, root, "GrpHdr"), &n.message_id, &n.created_at_ns,
             &n.message_pagination);
  const pugi::xml_node notification = only(message, root, "Ntfctn");
  if (!notification) return;
  n.notification_id = text_of(required(message, notification, "Id"));
  read_time(message, child(notification, "CreDtTm"), &n.notification_created_at_ns);
  if (const pugi::xml_node acct = required(message, notification, "Acct")) {
    n.account = account_input(message, acct);
  }
  for (const pugi::xml_node& node : children(message, notification, "Ntry", limits)) {
    read_entry(message, node, &n.entries.emplace_back());
  }
}

// ---------------------------------------------------------------- camt.029

void parse_camt029(const pugi::xml_node& root, Message* message) {
  ResolutionInput& r = message->resolution.emplace();
  r.original_message_name_id.clear();  // only what the resolution names
  if (const pugi::xml_node assignment = required(message, root, "Assgnmt")) {
    r.assignment_id = text_of(required(message, assignment, "Id"));
    r.assigner = agent_input(child(required(message, assignment, "Assgnr"), "Agt"));
    r.assignee = agent_input(child(required(message, assignment, "Assgne"), "Agt"));
    r.assigner_bic = r.assigner.bic;
    r.assignee_bic = r.assignee.bic;
    read_time(message, required(message, assignment, "CreDtTm"), &r.created_at_ns);
    message->group.message_id = r.assignment_id;
    message->group.created_ns = r.created_at_ns;
  }
  if (const pugi::xml_node resolved = child(root, "RslvdCase")) {
    r.case_id = text_of(required(message, resolved, "Id"));
    const pugi::xml_node creator = required(message, resolved, "Cretr");
    r.case_creator = agent_input(child(creator, "Agt"));
    r.case_creator_bic = r.case_creator.bic;
    r.case_creator_name = text_of(descend(creator, {"Pty", "Nm"}));
  }
  // Corridor's own resolutions say CNCL or RJCR; any other is kept as sent.
  const std::string confirmation = text_of(child(required(message, root, "Sts"), "Conf"));
  r.accepted = confirmation == "CNCL";
  if (confirmation != "CNCL" && confirmation != "RJCR") r.confirmation = confirmation;
  const pugi::xml_node details = only(message, root, "CxlDtls", true);
  pugi::xml_node tx;
  pugi::xml_node group;
  if (const pugi::xml_node payment = child(details, "OrgnlPmtInfAndSts")) {
    r.original_payment_information_id = text_of(required(message, payment, "OrgnlPmtInfId"));
    group = child(payment, "OrgnlGrpInf");
    tx = only(message, payment, "TxInfAndSts", true);
    r.uetr = text_of(child(tx, "UETR"));
  } else if (details) {
    tx = only(message, details, "TxInfAndSts", true);
    group = child(tx, "OrgnlGrpInf");
    r.uetr = text_of(child(tx, "OrgnlUETR"));
    r.original_transaction_id = text_of(child(tx, "OrgnlTxId"));
  }
  if (group) {
    r.original_message_id = text_of(required(message, group, "OrgnlMsgId"));
    r.original_message_name_id = text_of(required(message, group, "OrgnlMsgNmId"));
    read_time(message, child(group, "OrgnlCreDtTm"), &r.original_created_at_ns);
  }
  if (!tx) return;
  r.original_instruction_id = text_of(child(tx, "OrgnlInstrId"));
  r.original_end_to_end_id = text_of(child(tx, "OrgnlEndToEndId"));
  const std::string status = text_of(child(tx, "TxCxlSts"));
  if (const pugi::xml_node reason = child(tx, "CxlStsRsnInf"))
    r.reason_as_sent = reason_input(reason);
  // ACCR/RJCR as Corridor derives them from Conf need no copy; anything else is kept.
  const bool derived = status == (r.accepted ? "ACCR" : "RJCR") && r.confirmation.empty() &&
                       (r.accepted || !r.reason_as_sent.empty());
  if (!derived) r.cancellation_status = status.empty() ? "-" : status;
  if (const pugi::xml_node resolution = child(tx, "RsltnRltdInf")) {
    r.resolution_uetr = text_of(child(resolution, "UETR"));
    read_amount(child(resolution, "IntrBkSttlmAmt"), &r.resolution_amount_minor,
                &r.resolution_currency);
    read_date(message, child(resolution, "IntrBkSttlmDt"), &r.resolution_settlement_date);
  }
  read_amount(child(tx, "OrgnlIntrBkSttlmAmt"), &r.original_amount_minor, &r.original_currency);
  read_date(message, child(tx, "OrgnlIntrBkSttlmDt"), &r.original_settlement_date);
}

std::string_view root_name_of(MessageType type) {
  switch (type) {
    case MessageType::kPacs002v10:
      return "FIToFIPmtStsRpt";
    case MessageType::kCamt052v08:
      return "BkToCstmrAcctRpt";
    case MessageType::kCamt054v08:
      return "BkToCstmrDbtCdtNtfctn";
    case MessageType::kCamt029v09:
      return "RsltnOfInvstgtn";
    default:
      return "admi.002.001.01";
  }
}

}  // namespace

void parse_report_header(const pugi::xml_node& app_hdr, Message* message) {
  message->header_input = header_input(message, app_hdr);
}

void parse_reports(const pugi::xml_node& document, MessageType type, const Limits& limits,
                   Message* message) {
  const std::string_view root_name = root_name_of(type);
  const pugi::xml_node root = scanned_root(document, root_name, message);
  if (!root) return;
  switch (type) {
    case MessageType::kPacs002v10:
      parse_pacs002(root, limits, message);
      break;
    case MessageType::kCamt052v08:
      parse_camt052(root, limits, message);
      break;
    case MessageType::kCamt054v08:
      parse_camt054(root, limits, message);
      break;
    case MessageType::kCamt029v09:
      parse_camt029(root, message);
      break;
    default:
      parse_admi002(root, message);
      break;
  }
}

}  // namespace corridor::iso20022::internal
