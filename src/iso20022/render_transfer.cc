// pacs.008.001.08, pacs.009.001.08 and pacs.004.001.09 written back from the
// parsed model. Element order follows the official XSDs (a sequence out of
// order is invalid); only what the model holds is written, plus the few values
// the schema makes mandatory, which docs/iso20022.md ("Forwarding and round
// trip") lists.
#include "iso20022/render_transfer.h"

#include <array>
#include <string>
#include <string_view>

#include "iso20022/render_header.h"  // kWrapperElement, end_business_message
#include "iso20022/validate.h"
#include "iso20022/xml_writer.h"

namespace corridor::iso20022 {
namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;
constexpr int64_t kNsPerHour = 3600 * kNsPerSecond;
constexpr int64_t kNsPerDay = 24 * kNsPerHour;
// xs:time zones run from -14:00 to +14:00.
constexpr int64_t kZoneMaxHours = 14;

// The model keeps nanoseconds (validate.cc reads up to nine fraction digits);
// writing only milliseconds would change the model on the way back.
void append_fraction(std::string& out, int64_t ns_of_second) {
  if (ns_of_second == 0) return;
  std::array<char, 9> digits{};
  for (int i = 8; i >= 0; --i) {
    digits[static_cast<size_t>(i)] = static_cast<char>('0' + ns_of_second % 10);
    ns_of_second /= 10;
  }
  size_t length = digits.size();
  while (digits[length - 1] == '0') --length;  // xs:decimal fraction, no trailing zeros needed
  out += '.';
  out.append(digits.data(), length);
}

void append_two(std::string& out, int64_t value) {
  out += static_cast<char>('0' + value / 10);
  out += static_cast<char>('0' + value % 10);
}

// xs:dateTime in UTC with the model's full precision.
void exact_datetime(XmlWriter& w, std::string_view name, core::TimestampNs at_ns) {
  std::string& out = w.buffer();
  w.open(name);
  // append_datetime writes "...THH:MM:SS.mmmZ"; keep its calendar arithmetic
  // and replace the millisecond tail with the exact fraction.
  append_datetime(out, at_ns);
  out.resize(out.size() - 5);
  int64_t fraction = at_ns % kNsPerSecond;
  if (fraction < 0) fraction += kNsPerSecond;
  append_fraction(out, fraction);
  out += 'Z';
  w.close(name);
}

// xs:time for an instant the parser reads as "that time of day on the
// settlement date" (parse_iso_time_on). An instant outside the date's UTC day
// (the participant wrote 23:30-05:00) needs a zone that brings the local time
// back into 00:00-24:00: the whole-hour zone nearest UTC that does, which
// keeps minutes, seconds and fraction exact and gives back a whole-hour
// participant zone unchanged (23:30-05:00 stays 23:30-05:00).
void time_after_midnight(XmlWriter& w, std::string_view name, int64_t after_midnight) {
  int64_t zone_hours = 0;  // local time = UTC + zone
  if (after_midnight >= kNsPerDay) {
    zone_hours = -((after_midnight - kNsPerDay) / kNsPerHour + 1);
  } else if (after_midnight < 0) {
    zone_hours = (-after_midnight + kNsPerHour - 1) / kNsPerHour;
  }
  if (zone_hours > kZoneMaxHours || zone_hours < -kZoneMaxHours) {
    throw RenderError("settlement time is more than 14 hours outside its settlement date");
  }
  const int64_t zone_minutes = zone_hours * 60;
  const int64_t local = after_midnight + zone_hours * kNsPerHour;
  const int64_t seconds = local / kNsPerSecond;
  std::string& out = w.buffer();
  w.open(name);
  append_two(out, seconds / 3600);
  out += ':';
  append_two(out, seconds / 60 % 60);
  out += ':';
  append_two(out, seconds % 60);
  append_fraction(out, local % kNsPerSecond);
  if (zone_minutes == 0) {
    out += 'Z';
  } else {
    const int64_t magnitude = zone_minutes < 0 ? -zone_minutes : zone_minutes;
    out += zone_minutes < 0 ? '-' : '+';
    append_two(out, magnitude / 60);
    out += ':';
    append_two(out, magnitude % 60);
  }
  w.close(name);
}

void time_on(XmlWriter& w, std::string_view name, core::TimestampNs at_ns, core::ValueDate date) {
  time_after_midnight(w, name, at_ns - midnight_ns(date));
}

// BranchAndFinancialInstitutionIdentification6 with what the model holds:
// BICFI and/or ClrSysMmbId/MmbId (in that schema order). An agent with neither
// is an empty FinInstnId, which the schema allows (every child is optional).
void agent(XmlWriter& w, std::string_view name, const Agent& a, std::string_view fi_name = {}) {
  w.open(name);
  w.open("FinInstnId");
  if (!a.bic.empty()) {
    if (!is_bic(a.bic)) throw RenderError("'" + a.bic + "' is not a BIC (ISO 9362)");
    w.code("BICFI", a.bic);
  }
  if (!a.member_id.empty()) {
    w.open("ClrSysMmbId");
    w.text("MmbId", a.member_id, kMax35);
    w.close("ClrSysMmbId");
  }
  w.optional_text("Nm", fi_name, kMax140);  // pacs.009 Dbtr/Cdtr name
  w.close("FinInstnId");
  w.close(name);
}

void optional_agent(XmlWriter& w, std::string_view name, const Agent& a) {
  if (a.present) agent(w, name, a);
}

// PartyIdentification135 with its name; all its children are optional.
void party(XmlWriter& w, std::string_view name, std::string_view party_name) {
  w.open(name);
  w.optional_text("Nm", party_name, kMax140);
  w.close(name);
}

void account(XmlWriter& w, std::string_view name, std::string_view iban) {
  if (iban.empty()) return;
  w.open(name);
  w.open("Id");
  w.text("IBAN", iban, kMax34);
  w.close("Id");
  w.close(name);
}

// Priority2Code (InstrPrty) is HIGH or NORM; Priority3Code (a return's
// SttlmPrty) adds URGT.
void priority_code(std::string_view priority, bool urgent_allowed = false) {
  if (priority != "HIGH" && priority != "NORM" && !(urgent_allowed && priority == "URGT")) {
    throw RenderError("priority '" + std::string(priority) + "' is neither HIGH nor NORM" +
                      (urgent_allowed ? " nor URGT" : ""));
  }
}

void group_header(XmlWriter& w, const Message& m) {
  const GroupHeader& g = m.group;
  w.open("GrpHdr");
  w.text("MsgId", g.message_id, kMax35);
  exact_datetime(w, "CreDtTm", g.created_ns);
  // The count of what is written, which is what NbOfTxs must say.
  w.number("NbOfTxs", m.transactions.size());
  if (g.control_sum_minor && !m.transactions.empty()) {
    // The parser keeps CtrlSum only when every transaction has one currency.
    w.decimal("CtrlSum", *g.control_sum_minor,
              minor_units_of(m.transactions.front().currency.view()));
  }
  if (g.total_minor && m.type != MessageType::kPacs004v09 && m.type != MessageType::kPacs004v10) {
    w.amount("TtlIntrBkSttlmAmt", *g.total_minor, g.total_currency.view());
  }
  const std::string& method = g.settlement_method;
  if (method != "CLRG" && method != "INDA" && method != "INGA" && method != "COVE") {
    throw RenderError("settlement method '" + method + "' is not a SettlementMethod1Code");
  }
  w.open("SttlmInf");
  w.code("SttlmMtd", method);
  w.close("SttlmInf");
  w.close("GrpHdr");
}

// PmtId, PmtTpInf, IntrBkSttlmAmt, IntrBkSttlmDt and SttlmTmReq: the same
// leading sequence in CreditTransferTransaction39 (pacs.008) and 36 (pacs.009).
void transfer_lead(XmlWriter& w, const Transaction& t) {
  w.open("PmtId");
  w.optional_text("InstrId", t.instruction_id, kMax35);
  w.text("EndToEndId", t.end_to_end_id, kMax35);
  w.optional_text("TxId", t.transaction_id, kMax35);
  if (t.uetr) w.code("UETR", t.uetr->to_string());
  w.close("PmtId");
  if (!t.instruction_priority.empty()) {
    priority_code(t.instruction_priority);
    w.open("PmtTpInf");
    w.code("InstrPrty", t.instruction_priority);
    w.close("PmtTpInf");
  }
  w.amount("IntrBkSttlmAmt", t.amount_minor, t.currency.view());
  if (t.settlement_date != 0) w.date("IntrBkSttlmDt", t.settlement_date);
  if ((t.settlement_date != 0 || t.times_on_business_day) &&
      (t.earliest_ns != core::kNoTime || t.latest_ns != core::kNoTime)) {
    // Schema order is CLSTm, TillTm, FrTm, RjctTm. The model keeps the
    // earlier of TillTm and RjctTm as the latest time; TillTm carries it.
    // Without a date the model holds offsets from midnight UTC already.
    const auto time = [&](std::string_view name, core::TimestampNs at_ns) {
      if (t.times_on_business_day) {
        time_after_midnight(w, name, at_ns);
      } else {
        time_on(w, name, at_ns, t.settlement_date);
      }
    };
    w.open("SttlmTmReq");
    if (t.latest_ns != core::kNoTime) time("TillTm", t.latest_ns);
    if (t.earliest_ns != core::kNoTime) time("FrTm", t.earliest_ns);
    w.close("SttlmTmReq");
  }
}

void pacs008_transaction(XmlWriter& w, const Transaction& t) {
  w.open("CdtTrfTxInf");
  transfer_lead(w, t);
  // Mandatory, not in the model: SLEV, charges as the scheme's rules say
  // (docs/iso20022.md, "Forwarding and round trip").
  w.code("ChrgBr", "SLEV");
  optional_agent(w, "InstgAgt", t.instructing_agent);
  optional_agent(w, "InstdAgt", t.instructed_agent);
  party(w, "Dbtr", t.debtor_name);
  account(w, "DbtrAcct", t.debtor_iban);
  agent(w, "DbtrAgt", t.debtor_agent);
  agent(w, "CdtrAgt", t.creditor_agent);
  party(w, "Cdtr", t.creditor_name);
  account(w, "CdtrAcct", t.creditor_iban);
  w.close("CdtTrfTxInf");
}

void pacs009_transaction(XmlWriter& w, const Transaction& t) {
  w.open("CdtTrfTxInf");
  transfer_lead(w, t);
  optional_agent(w, "InstgAgt", t.instructing_agent);
  optional_agent(w, "InstdAgt", t.instructed_agent);
  // In pacs.009 the debtor and creditor are the institutions themselves.
  agent(w, "Dbtr", t.debtor_agent, t.debtor_name);
  agent(w, "Cdtr", t.creditor_agent, t.creditor_name);
  if (t.cover) {
    // The model records only that this is a cover payment, not the customer
    // transfer it covers; the schema's mandatory parties are written empty
    // (every child of theirs is optional) so the message stays a cover.
    w.open("UndrlygCstmrCdtTrf");
    party(w, "Dbtr", "");
    agent(w, "DbtrAgt", Agent{});
    agent(w, "CdtrAgt", Agent{});
    party(w, "Cdtr", "");
    w.close("UndrlygCstmrCdtTrf");
  }
  w.close("CdtTrfTxInf");
}

// ReturnReason5Choice: an external code is 1 to 4 characters
// (ExternalReturnReason1Code); anything longer can only be proprietary.
void return_reason(XmlWriter& w, std::string_view reason) {
  if (reason.empty()) return;
  w.open("RtrRsnInf");
  w.open("Rsn");
  if (reason.size() <= 4) {
    w.text("Cd", reason, 4);
  } else {
    w.text("Prtry", reason, kMax35);
  }
  w.close("Rsn");
  w.close("RtrRsnInf");
}

void pacs004_transaction(XmlWriter& w, const Transaction& t) {
  // PaymentTransaction112 has no SttlmTmReq, so no times are written.
  w.open("TxInf");
  w.optional_text("RtrId", t.instruction_id, kMax35);
  w.optional_text("OrgnlEndToEndId", t.end_to_end_id, kMax35);
  w.optional_text("OrgnlTxId", t.transaction_id, kMax35);
  if (t.original_uetr) w.code("OrgnlUETR", t.original_uetr->to_string());
  w.amount("RtrdIntrBkSttlmAmt", t.amount_minor, t.currency.view());
  if (t.settlement_date != 0) w.date("IntrBkSttlmDt", t.settlement_date);
  if (!t.instruction_priority.empty()) {
    priority_code(t.instruction_priority, /*urgent_allowed=*/true);
    w.code("SttlmPrty", t.instruction_priority);
  }
  optional_agent(w, "InstgAgt", t.instructing_agent);
  optional_agent(w, "InstdAgt", t.instructed_agent);
  return_reason(w, t.return_reason);
  w.close("TxInf");
}

// head.001.001.02 from the model's AppHeader. Not render_app_header(): that
// one addresses participants Corridor knows by BIC and throws without one,
// while a received header may have named its parties otherwise (ClrSysMmbId,
// OrgId), which the model keeps as an empty BIC. An empty FinInstnId is
// schema-valid (every child is optional) and reads back as that same empty BIC.
// The model has no CreDt or BizSvc: the Document's creation time stands in
// for CreDt (the header is created with its document); MsgDefIdr names the
// type written.
void header_party(XmlWriter& w, std::string_view name, const std::string& bic) {
  w.open(name);
  w.open("FIId");
  w.open("FinInstnId");
  if (!bic.empty()) {
    if (!is_bic(bic)) throw RenderError("'" + bic + "' is not a BIC (ISO 9362)");
    w.code("BICFI", bic);
  }
  w.close("FinInstnId");
  w.close("FIId");
  w.close(name);
}

void app_header(XmlWriter& w, const Message& m, MessageType type) {
  w.open_with_namespace("AppHdr", namespace_uri(MessageType::kHead001v02));
  header_party(w, "Fr", m.header.from_bic);
  header_party(w, "To", m.header.to_bic);
  w.text("BizMsgIdr", m.header.business_message_id, kMax35);
  w.code("MsgDefIdr", message_id(type));
  exact_datetime(w, "CreDt", m.group.created_ns);
  w.close("AppHdr");
}

struct Shape {
  MessageType type;  // the type written
  std::string_view root;
  void (*transaction)(XmlWriter&, const Transaction&);
};

Shape shape_of(const std::optional<MessageType>& type) {
  if (!type) throw RenderError("the message has no type");
  switch (*type) {
    case MessageType::kPacs008v08:
      return {MessageType::kPacs008v08, "FIToFICstmrCdtTrf", pacs008_transaction};
    case MessageType::kPacs009v08:
      return {MessageType::kPacs009v08, "FICdtTrf", pacs009_transaction};
    case MessageType::kPacs004v09:
    case MessageType::kPacs004v10:
      // Every field the model holds has the same place in .09 and .10.
      return {MessageType::kPacs004v09, "PmtRtr", pacs004_transaction};
    default:
      throw RenderError(std::string(message_id(*type)) + " is not a payment message");
  }
}

}  // namespace

std::string render_transfer(const Message& message) {
  const Shape shape = shape_of(message.type);
  // pacs.008 and pacs.009 need at least one CdtTrfTxInf; a pacs.004 without
  // TxInf (a whole-group return) is not something the parser accepts either.
  if (message.transactions.empty()) throw RenderError("the message has no transactions");
  std::string out;
  out.reserve(1024 + 1024 * message.transactions.size());
  XmlWriter w(out);
  w.declaration();
  w.open(kWrapperElement);
  if (message.header.present) app_header(w, message, shape.type);
  w.open_with_namespace("Document", namespace_uri(shape.type));
  w.open(shape.root);
  group_header(w, message);
  for (const Transaction& t : message.transactions) shape.transaction(w, t);
  w.close(shape.root);
  end_business_message(w);
  return out;
}

}  // namespace corridor::iso20022
