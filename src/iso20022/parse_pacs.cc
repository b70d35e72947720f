// pacs.008.001.08 (customer credit transfer), pacs.009.001.08 (FI credit
// transfer, cover variant included) and pacs.004.001.09/.10 (payment return).
#include <string>

#include "iso20022/parse_internal.h"
#include "iso20022/validate.h"

namespace corridor::iso20022::internal {
namespace {

constexpr int kSumScaleDigits = 5;  // amounts carry at most 5 decimals (schema)

struct Family {
  std::string_view root;         // FIToFICstmrCdtTrf, FICdtTrf, PmtRtr
  std::string_view transaction;  // CdtTrfTxInf or TxInf
  std::string_view amount;       // IntrBkSttlmAmt or RtrdIntrBkSttlmAmt
};

Family family_of(MessageType type) {
  switch (type) {
    case MessageType::kPacs008v08:
      return {"FIToFICstmrCdtTrf", "CdtTrfTxInf", "IntrBkSttlmAmt"};
    case MessageType::kPacs009v08:
      return {"FICdtTrf", "CdtTrfTxInf", "IntrBkSttlmAmt"};
    default:
      return {"PmtRtr", "TxInf", "RtrdIntrBkSttlmAmt"};
  }
}

// A decimal (CtrlSum) scaled to 10^5 exactly, or nullopt when it has more
// decimals or digits than any sum of amounts can have.
std::optional<__int128> scaled_decimal(std::string_view text) {
  const size_t point = text.find('.');
  std::string_view integer = text.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? "" : text.substr(point + 1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  while (!integer.empty() && integer.front() == '0') integer.remove_prefix(1);
  if ((integer.empty() && fraction.empty() && text.empty()) || fraction.size() > kSumScaleDigits ||
      integer.size() > 18) {
    return std::nullopt;
  }
  __int128 value = 0;
  for (char c : integer) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  for (int i = 0; i < kSumScaleDigits; ++i) {
    const char c = i < static_cast<int>(fraction.size()) ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

__int128 scaled_amount(core::AmountMinor amount_minor, core::CurrencyCode currency) {
  __int128 value = amount_minor;
  const int minor_units = core::iso4217_minor_units(currency.view()).value_or(0);
  for (int i = minor_units; i < kSumScaleDigits; ++i) value *= 10;
  return value;
}

void parse_times(Message* message, const pugi::xml_node& tx, Transaction* out) {
  const pugi::xml_node request = child(tx, "SttlmTmReq");
  if (!request) return;
  if (out->settlement_date == 0) {
    // Times of day mean nothing without the day they are on.
    add_problem(message, request, "DT01", "SttlmTmReq needs IntrBkSttlmDt");
    return;
  }
  const auto time_of = [&](std::string_view name, core::TimestampNs* ns) {
    const pugi::xml_node node = child(request, name);
    if (!node) return;
    Check check = parse_iso_time_on(text_of(node), out->settlement_date, ns);
    if (!check.ok()) add_problem(message, node, check.code, std::move(check.text));
  };
  core::TimestampNs till_ns = core::kNoTime, reject_ns = core::kNoTime;
  time_of("FrTm", &out->earliest_ns);
  time_of("TillTm", &till_ns);
  time_of("RjctTm", &reject_ns);
  // The earlier of TillTm and RjctTm: after either the payment must not settle.
  if (till_ns != core::kNoTime && reject_ns != core::kNoTime) {
    out->latest_ns = std::min(till_ns, reject_ns);
  } else {
    out->latest_ns = till_ns != core::kNoTime ? till_ns : reject_ns;
  }
  if (out->earliest_ns != core::kNoTime && out->latest_ns != core::kNoTime &&
      out->latest_ns < out->earliest_ns) {
    add_problem(message, request, "DT01", "the latest settlement time is before the earliest");
  }
}

void parse_transaction(Message* message, MessageType type, const Family& family,
                       const pugi::xml_node& tx, const pugi::xml_node& group_node,
                       Transaction* out) {
  const bool is_return = type == MessageType::kPacs004v09 || type == MessageType::kPacs004v10;
  if (is_return) {
    out->instruction_id = text_of(child(tx, "RtrId"));
    out->end_to_end_id = text_of(child(tx, "OrgnlEndToEndId"));
    out->transaction_id = text_of(child(tx, "OrgnlTxId"));
    if (auto uetr = core::Uetr::parse(text_of(child(tx, "OrgnlUETR")))) out->original_uetr = uetr;
    out->instruction_priority = text_of(child(tx, "SttlmPrty"));
    const pugi::xml_node reason = descend(tx, {"RtrRsnInf", "Rsn"});
    out->return_reason = text_of(child(reason, "Cd"));
    if (out->return_reason.empty()) out->return_reason = text_of(child(reason, "Prtry"));
  } else {
    const pugi::xml_node payment_id = required(message, tx, "PmtId");
    if (payment_id) {
      out->instruction_id = text_of(child(payment_id, "InstrId"));
      const pugi::xml_node end_to_end = required(message, payment_id, "EndToEndId");
      out->end_to_end_id = text_of(end_to_end);
      out->transaction_id = text_of(child(payment_id, "TxId"));
      if (auto uetr = core::Uetr::parse(text_of(child(payment_id, "UETR")))) out->uetr = uetr;
    }
    out->instruction_priority = text_of(descend(tx, {"PmtTpInf", "InstrPrty"}));
  }
  if (!out->instruction_priority.empty() && out->instruction_priority != "HIGH" &&
      out->instruction_priority != "NORM") {
    add_problem(message, tx, "FF01",
                "priority \"" + out->instruction_priority + "\" is neither HIGH nor NORM");
  }

  const pugi::xml_node amount = required(message, tx, family.amount);
  if (amount) {
    // Format, digits and currency were checked by the field scan; here only
    // what a settlement amount needs on top: it must not be zero.
    core::AmountMinor amount_minor = 0;
    Check check = parse_amount(amount.text().get(), amount.attribute("Ccy").value(), &amount_minor,
                               &out->currency);
    if (check.ok()) {
      out->amount_minor = amount_minor;
      if (amount_minor == 0) add_problem(message, amount, "AM01", "the amount is zero");
    }
  }

  pugi::xml_node date = child(tx, "IntrBkSttlmDt");
  if (!date && group_node) date = child(group_node, "IntrBkSttlmDt");
  if (date) {
    Check check = parse_iso_date(text_of(date), &out->settlement_date);
    if (!check.ok()) add_problem(message, date, check.code, std::move(check.text));
  }
  parse_times(message, tx, out);

  pugi::xml_node instructing = child(tx, "InstgAgt");
  if (!instructing && group_node) instructing = child(group_node, "InstgAgt");
  pugi::xml_node instructed = child(tx, "InstdAgt");
  if (!instructed && group_node) instructed = child(group_node, "InstdAgt");
  out->instructing_agent = agent_of(instructing);
  out->instructed_agent = agent_of(instructed);

  if (type == MessageType::kPacs008v08) {
    out->debtor_agent = agent_of(required(message, tx, "DbtrAgt"));
    out->creditor_agent = agent_of(required(message, tx, "CdtrAgt"));
    const pugi::xml_node debtor = required(message, tx, "Dbtr");
    const pugi::xml_node creditor = required(message, tx, "Cdtr");
    out->debtor_name = text_of(child(debtor, "Nm"));
    out->creditor_name = text_of(child(creditor, "Nm"));
    out->debtor_iban = text_of(descend(tx, {"DbtrAcct", "Id", "IBAN"}));
    out->creditor_iban = text_of(descend(tx, {"CdtrAcct", "Id", "IBAN"}));
  } else if (type == MessageType::kPacs009v08) {
    // In pacs.009 the debtor and creditor are themselves institutions.
    out->debtor_agent = agent_of(required(message, tx, "Dbtr"));
    out->creditor_agent = agent_of(required(message, tx, "Cdtr"));
    out->debtor_name = text_of(descend(tx, {"Dbtr", "FinInstnId", "Nm"}));
    out->creditor_name = text_of(descend(tx, {"Cdtr", "FinInstnId", "Nm"}));
    out->cover = static_cast<bool>(child(tx, "UndrlygCstmrCdtTrf"));
  }
}

}  // namespace

void missing(Message* message, const pugi::xml_node& parent, std::string_view name) {
  add_problem(message, parent, "CH21", "mandatory element " + std::string(name) + " is missing");
}

pugi::xml_node required(Message* message, const pugi::xml_node& parent, std::string_view name) {
  pugi::xml_node node = child(parent, name);
  if (!node) missing(message, parent, name);
  return node;
}

Agent agent_of(const pugi::xml_node& node) {
  Agent agent;
  if (!node) return agent;
  agent.present = true;
  const pugi::xml_node institution = child(node, "FinInstnId");
  agent.bic = text_of(child(institution, "BICFI"));
  agent.member_id = text_of(descend(institution, {"ClrSysMmbId", "MmbId"}));
  return agent;
}

void parse_pacs(const pugi::xml_node& document, MessageType type, const Limits& limits,
                Message* message) {
  const Family family = family_of(type);
  const pugi::xml_node root = child(document, family.root);
  if (!root) {
    message->problems.push_back(
        Problem{"/Document", "FF01", "no " + std::string(family.root) + " element", true});
    return;
  }
  // Count before anything is built, so a message with 100,000 transactions
  // costs one pass over sibling pointers.
  size_t count = 0;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == family.transaction) ++count;
  }
  if (count > limits.transactions_max) {
    add_problem(message, root, "AM18",
                std::to_string(count) + " transactions exceed the limit of " +
                    std::to_string(limits.transactions_max));
    return;
  }
  if (count == 0) missing(message, root, family.transaction);

  scan_fields(document, message);

  const pugi::xml_node group = required(message, root, "GrpHdr");
  GroupHeader& header = message->group;
  std::optional<uint64_t> declared_count;
  pugi::xml_node count_node, sum_node;
  if (group) {
    header.message_id = text_of(required(message, group, "MsgId"));
    if (const pugi::xml_node created = required(message, group, "CreDtTm")) {
      Check check = parse_iso_date_time(text_of(created), &header.created_ns);
      if (!check.ok()) add_problem(message, created, check.code, std::move(check.text));
    }
    count_node = required(message, group, "NbOfTxs");
    if (count_node) {
      declared_count = parse_count(text_of(count_node));
      if (!declared_count) add_problem(message, count_node, "AM18", "NbOfTxs is not a count");
    }
    sum_node = child(group, "CtrlSum");
    if (const pugi::xml_node settlement = required(message, group, "SttlmInf")) {
      const pugi::xml_node method = required(message, settlement, "SttlmMtd");
      header.settlement_method = text_of(method);
      // CLRG, INDA and INGA all end as a booking between the two agents'
      // settlement accounts on Corridor's books; COVE (settled elsewhere,
      // through correspondents) is not something Corridor can settle.
      if (method && header.settlement_method != "CLRG" && header.settlement_method != "INDA" &&
          header.settlement_method != "INGA") {
        add_problem(message, method, "FF01",
                    "settlement method \"" + header.settlement_method +
                        "\" is not accepted (CLRG, INDA or INGA)");
      }
    }
  }

  message->transactions.reserve(count);
  __int128 sum_scaled = 0;
  size_t index = 0;
  const std::string base = path_of(root) + "/" + std::string(family.transaction);
  for (pugi::xml_node tx = root.first_child(); tx; tx = tx.next_sibling()) {
    if (tx.type() != pugi::node_element || local_name(tx) != family.transaction) continue;
    ++index;
    Transaction& out = message->transactions.emplace_back();
    out.path = count > 1 ? base + "[" + std::to_string(index) + "]" : base;
    parse_transaction(message, type, family, tx, group, &out);
    sum_scaled += scaled_amount(out.amount_minor, out.currency);
  }
  header.number_of_transactions = declared_count.value_or(0);
  if (declared_count && *declared_count != count) {
    add_problem(message, count_node, "AM18",
                "NbOfTxs says " + std::to_string(*declared_count) + ", the message has " +
                    std::to_string(count));
  }
  if (sum_node) {
    const std::string sum_text = text_of(sum_node);
    const std::optional<__int128> declared_sum = scaled_decimal(sum_text);
    if (!declared_sum || *declared_sum != sum_scaled) {
      add_problem(message, sum_node, "AM10",
                  "CtrlSum " + sum_text + " is not the sum of the transactions' amounts");
    } else if (!message->transactions.empty()) {
      const core::CurrencyCode currency = message->transactions.front().currency;
      bool one_currency = true;
      core::AmountMinor total = 0;
      for (const Transaction& t : message->transactions) {
        one_currency = one_currency && t.currency == currency;
        if (!core::checked_add(total, t.amount_minor, &total)) one_currency = false;
      }
      if (one_currency) header.control_sum_minor = total;
    }
  }
}

}  // namespace corridor::iso20022::internal
