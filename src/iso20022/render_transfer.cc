// pacs.008.001.08, pacs.009.001.08 and pacs.004.001.09 written back from the
// parsed model. Element order follows the official XSDs (a sequence out of
// order is invalid); only what the model holds is written, plus the few values
// the schema makes mandatory, which docs/iso20022.md ("Forwarding and round
// trip") lists.
#include "iso20022/render_transfer.h"

#include <array>
#include <string>
#include <string_view>

#include "iso20022/fx_reference.h"
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

// xs:dateTime in UTC with the model's full precision and an explicit offset.
void exact_datetime(XmlWriter& w, std::string_view name, core::TimestampNs at_ns) {
  std::string& out = w.buffer();
  w.open(name);
  int64_t seconds = at_ns / kNsPerSecond;
  int64_t fraction = at_ns % kNsPerSecond;
  if (fraction < 0) fraction += kNsPerSecond, --seconds;
  append_datetime_seconds(out, seconds);
  append_fraction(out, fraction);
  out += kUtcOffset;
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
    out += kUtcOffset;
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

constexpr size_t kMax16 = 16;
constexpr size_t kMax70 = 70;
constexpr size_t kAddressLinesMax = 7;

// PostalAddress24 in schema order (AdrTp is not kept). Ctry must be two
// capital letters: the parser refuses anything else (FF01).
void postal_address(XmlWriter& w, const Boxed<PostalAddress>& boxed) {
  if (!boxed) return;
  const PostalAddress& a = *boxed;
  w.open("PstlAdr");
  w.optional_text("Dept", a.department, kMax70);
  w.optional_text("SubDept", a.sub_department, kMax70);
  w.optional_text("StrtNm", a.street_name, kMax70);
  w.optional_text("BldgNb", a.building_number, kMax16);
  w.optional_text("BldgNm", a.building_name, kMax35);
  w.optional_text("Flr", a.floor, kMax70);
  w.optional_text("PstBx", a.post_box, kMax16);
  w.optional_text("Room", a.room, kMax70);
  w.optional_text("PstCd", a.post_code, kMax16);
  w.optional_text("TwnNm", a.town_name, kMax35);
  w.optional_text("TwnLctnNm", a.town_location_name, kMax35);
  w.optional_text("DstrctNm", a.district_name, kMax35);
  w.optional_text("CtrySubDvsn", a.country_sub_division, kMax35);
  if (!a.country.empty()) {
    const std::string& c = a.country;
    if (c.size() != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z') {
      throw RenderError("'" + c + "' is not a country code");
    }
    w.code("Ctry", c);
  }
  for (size_t i = 0; i < a.lines.size() && i < kAddressLinesMax; ++i) {
    w.text("AdrLine", a.lines[i], kMax70);
  }
  w.close("PstlAdr");
}

// A Cd/Prtry choice: the code when there is one, else the proprietary text.
void choice(XmlWriter& w, std::string_view name, std::string_view code, size_t code_max,
            std::string_view proprietary) {
  if (code.empty() && proprietary.empty()) return;
  w.open(name);
  if (!code.empty()) {
    w.text("Cd", code, code_max);
  } else {
    w.text("Prtry", proprietary, kMax35);
  }
  w.close(name);
}

// BranchAndFinancialInstitutionIdentification6 with what the model holds:
// BICFI, ClrSysMmbId (ClrSysId, MmbId), Nm and PstlAdr, in that schema order.
// An agent with none is an empty FinInstnId, which the schema allows (every
// child is optional). `fi_name` is the pacs.009 Dbtr/Cdtr name, written when
// the agent's details have none.
void agent(XmlWriter& w, std::string_view name, const Agent& a, std::string_view fi_name = {}) {
  w.open(name);
  w.open("FinInstnId");
  if (!a.bic.empty()) {
    if (!is_bic(a.bic)) throw RenderError("'" + a.bic + "' is not a BIC (ISO 9362)");
    w.code("BICFI", a.bic);
  }
  // MmbId is mandatory in ClrSysMmbId: a clearing system without a member id
  // cannot be written.
  if (!a.member_id.empty()) {
    w.open("ClrSysMmbId");
    if (a.details) {
      choice(w, "ClrSysId", a.details->clearing_system_code, 5,
             a.details->clearing_system_proprietary);
    }
    w.text("MmbId", a.member_id, kMax35);
    w.close("ClrSysMmbId");
  }
  const std::string_view institution_name =
      a.details && !a.details->name.empty() ? std::string_view(a.details->name) : fi_name;
  w.optional_text("Nm", institution_name, kMax140);
  if (a.details) postal_address(w, a.details->address);
  w.close("FinInstnId");
  w.close(name);
}

void optional_agent(XmlWriter& w, std::string_view name, const Agent& a) {
  if (a.present) agent(w, name, a);
}

// PrvsInstgAgt1..3 or IntrmyAgt1..3 (their accounts are not kept).
void numbered_agents(XmlWriter& w, std::string_view stem,
                     const Boxed<std::array<Agent, 3>>& agents) {
  if (!agents) return;
  for (size_t i = 0; i < agents->size(); ++i) {
    const std::string name = std::string(stem) + std::to_string(i + 1);
    optional_agent(w, name, (*agents)[i]);
  }
}

// PartyIdentification135 with its name and address; all its children are optional.
void party(XmlWriter& w, std::string_view name, std::string_view party_name,
           const Boxed<PostalAddress>& address = {}) {
  w.open(name);
  w.optional_text("Nm", party_name, kMax140);
  postal_address(w, address);
  w.close(name);
}

// CashAccount38: Id/IBAN, else Id/Othr (Id, SchmeNm).
void account(XmlWriter& w, std::string_view name, std::string_view iban,
             const Boxed<OtherAccount>& other = {}) {
  if (iban.empty() && (!other || other->id.empty())) return;
  w.open(name);
  w.open("Id");
  if (!iban.empty()) {
    w.text("IBAN", iban, kMax34);
  } else {
    w.open("Othr");
    w.text("Id", other->id, kMax34);
    choice(w, "SchmeNm", other->scheme_code, 4, other->scheme_proprietary);
    w.close("Othr");
  }
  w.close("Id");
  w.close(name);
}

// RemittanceInformation16 (pacs.009: 2) with its unstructured lines.
void remittance(XmlWriter& w, const std::vector<std::string>& unstructured) {
  if (unstructured.empty()) return;
  w.open("RmtInf");
  for (const std::string& line : unstructured) w.text("Ustrd", line, kMax140);
  w.close("RmtInf");
}

void optional_amount(XmlWriter& w, std::string_view name,
                     const std::optional<core::AmountMinor>& amount,
                     const core::CurrencyCode& currency) {
  if (amount) w.amount(name, *amount, currency.view());
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
  if (!t.instruction_priority.empty() || t.payment_type) {
    w.open("PmtTpInf");
    if (!t.instruction_priority.empty()) {
      priority_code(t.instruction_priority);
      w.code("InstrPrty", t.instruction_priority);
    }
    if (t.payment_type) {
      const PaymentTypeInfo& p = *t.payment_type;
      if (!p.clearing_channel.empty()) {
        if (p.clearing_channel != "RTGS" && p.clearing_channel != "RTNS" &&
            p.clearing_channel != "MPNS" && p.clearing_channel != "BOOK") {
          throw RenderError("clearing channel '" + p.clearing_channel + "' is not a code");
        }
        w.code("ClrChanl", p.clearing_channel);
      }
      choice(w, "SvcLvl", p.service_level_code, 4, p.service_level_proprietary);
      choice(w, "LclInstrm", p.local_instrument_code, kMax35, p.local_instrument_proprietary);
      choice(w, "CtgyPurp", p.category_purpose_code, 4, p.category_purpose_proprietary);
    }
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

// ChargeBearerType1Code; absent in the model (a pacs.004 without one) is "".
void check_charge_bearer(const std::string& bearer) {
  if (bearer != "DEBT" && bearer != "CRED" && bearer != "SHAR" && bearer != "SLEV") {
    throw RenderError("charge bearer '" + bearer + "' is not DEBT, CRED, SHAR or SLEV");
  }
}

void pacs008_transaction(XmlWriter& w, const Transaction& t) {
  w.open("CdtTrfTxInf");
  transfer_lead(w, t);
  optional_amount(w, "InstdAmt", t.instructed_amount_minor, t.instructed_currency);
  if (t.fx && !t.fx->exchange_rate.empty()) {
    const std::optional<DecimalRate> rate = parse_base_one_rate(t.fx->exchange_rate);
    if (!rate)
      throw RenderError("exchange rate '" + t.fx->exchange_rate + "' is not a BaseOneRate");
    w.code("XchgRate", format_rate(normalized(*rate)));
  }
  // Mandatory: the received charge bearer, else SLEV, charges as the scheme's
  // rules say (docs/iso20022.md, "Forwarding and round trip").
  const std::string bearer = t.charge_bearer.empty() ? "SLEV" : t.charge_bearer;
  check_charge_bearer(bearer);
  w.code("ChrgBr", bearer);
  numbered_agents(w, "PrvsInstgAgt", t.previous_agents);
  optional_agent(w, "InstgAgt", t.instructing_agent);
  optional_agent(w, "InstdAgt", t.instructed_agent);
  numbered_agents(w, "IntrmyAgt", t.intermediary_agents);
  party(w, "Dbtr", t.debtor_name, t.debtor_address);
  account(w, "DbtrAcct", t.debtor_iban, t.debtor_account_other);
  agent(w, "DbtrAgt", t.debtor_agent);
  agent(w, "CdtrAgt", t.creditor_agent);
  party(w, "Cdtr", t.creditor_name, t.creditor_address);
  account(w, "CdtrAcct", t.creditor_iban, t.creditor_account_other);
  if (t.fx) {
    for (const std::string& instruction : t.fx->next_agent_instructions) {
      w.open("InstrForNxtAgt");
      w.text("InstrInf", instruction, 140);
      w.close("InstrForNxtAgt");
    }
  }
  remittance(w, t.remittance_unstructured);
  w.close("CdtTrfTxInf");
}

// CreditTransferTransaction37 in schema order: Dbtr, DbtrAcct, DbtrAgt,
// CdtrAgt, Cdtr, CdtrAcct, RmtInf, InstdAmt. The four parties are mandatory:
// what the model lacks is written empty (every child of theirs is optional).
void underlying_transfer(XmlWriter& w, const Boxed<UnderlyingTransfer>& boxed) {
  const UnderlyingTransfer empty;
  const UnderlyingTransfer& u = boxed ? *boxed : empty;
  w.open("UndrlygCstmrCdtTrf");
  party(w, "Dbtr", u.debtor_name, u.debtor_address);
  account(w, "DbtrAcct", u.debtor_iban, u.debtor_account_other);
  agent(w, "DbtrAgt", u.debtor_agent);
  agent(w, "CdtrAgt", u.creditor_agent);
  party(w, "Cdtr", u.creditor_name, u.creditor_address);
  account(w, "CdtrAcct", u.creditor_iban, u.creditor_account_other);
  remittance(w, u.remittance_unstructured);
  optional_amount(w, "InstdAmt", u.instructed_amount_minor, u.instructed_currency);
  w.close("UndrlygCstmrCdtTrf");
}

void pacs009_transaction(XmlWriter& w, const Transaction& t) {
  w.open("CdtTrfTxInf");
  transfer_lead(w, t);
  numbered_agents(w, "PrvsInstgAgt", t.previous_agents);
  optional_agent(w, "InstgAgt", t.instructing_agent);
  optional_agent(w, "InstdAgt", t.instructed_agent);
  numbered_agents(w, "IntrmyAgt", t.intermediary_agents);
  // In pacs.009 the debtor and creditor are the institutions themselves.
  agent(w, "Dbtr", t.debtor_agent, t.debtor_name);
  agent(w, "Cdtr", t.creditor_agent, t.creditor_name);
  remittance(w, t.remittance_unstructured);
  if (t.cover) underlying_transfer(w, t.underlying);
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
  optional_amount(w, "RtrdInstdAmt", t.instructed_amount_minor, t.instructed_currency);
  if (!t.charge_bearer.empty()) {
    check_charge_bearer(t.charge_bearer);
    w.code("ChrgBr", t.charge_bearer);
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
