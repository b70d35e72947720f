// pacs.008.001.08 (customer credit transfer), pacs.009.001.08 (FI credit
// transfer, cover variant included) and pacs.004.001.09/.10 (payment return).
#include <string>

#include "iso20022/parse_internal.h"
#include "iso20022/tag.h"
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

void parse_times(Message* message, const pugi::xml_node& request, Transaction* out) {
  if (out->settlement_date == 0) {
    // Times of day mean nothing without the day they are on.
    add_problem(message, request, "DT01", "SttlmTmReq needs IntrBkSttlmDt");
    return;
  }
  core::TimestampNs till_ns = core::kNoTime, reject_ns = core::kNoTime;
  for (pugi::xml_node c = request.first_child(); exists(c); c = c.next_sibling()) {
    // Inside elements only text and CDATA (with parse_default) have no name.
    const char* const c_name = c.name();
    if (*c_name == '\0') continue;
    core::TimestampNs* ns = nullptr;
    switch (tag_of(local_of(c_name))) {
      case Tag::kFrTm:
        ns = &out->earliest_ns;
        break;
      case Tag::kTillTm:
        ns = &till_ns;
        break;
      case Tag::kRjctTm:
        ns = &reject_ns;
        break;
      default:
        continue;
    }
    if (*ns != core::kNoTime) continue;  // the first of a repeated element counts
    Check check = parse_iso_time_on(text_view(c), out->settlement_date, ns);
    if (!check.ok()) add_problem(message, c, check.code, std::move(check.text));
  }
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

// The first occurrence of an element counts, as a name lookup would find it.
void assign_once(std::string* out, bool* seen, const pugi::xml_node& node) {
  if (*seen) return;
  *seen = true;
  out->assign(text_view(node));
}

// FinInstnId: BICFI (checked here, RC01), ClrSysMmbId/MmbId; the rest is scanned.
void read_institution(Message* message, const pugi::xml_node& institution, Agent* agent) {
  bool bic_seen = false;
  for (pugi::xml_node c = institution.first_child(); exists(c); c = c.next_sibling()) {
    // Inside elements only text and CDATA (with parse_default) have no name.
    const char* const c_name = c.name();
    if (*c_name == '\0') continue;
    switch (tag_of(local_of(c_name))) {
      case Tag::kBICFI: {
        const std::string_view text = text_view(c);
        Check check = check_bic(text);
        if (!check.ok()) add_problem(message, c, check.code, std::move(check.text));
        if (!bic_seen) agent->bic.assign(text);
        bic_seen = true;
        break;
      }
      case Tag::kClrSysMmbId:
        scan_subtree(c, message);
        if (agent->member_id.empty()) agent->member_id = text_of(child(c, "MmbId"));
        break;
      default:
        scan_subtree(c, message);
        break;
    }
  }
}

// An agent (BranchAndFinancialInstitutionIdentification6): FinInstnId, BrnchId.
Agent read_agent(Message* message, const pugi::xml_node& node) {
  Agent agent;
  agent.present = true;
  bool institution_seen = false;
  for (pugi::xml_node c = node.first_child(); exists(c); c = c.next_sibling()) {
    // Inside elements only text and CDATA (with parse_default) have no name.
    const char* const c_name = c.name();
    if (*c_name == '\0') continue;
    if (!institution_seen && tag_of(local_of(c_name)) == Tag::kFinInstnId) {
      institution_seen = true;
      read_institution(message, c, &agent);
    } else {
      scan_subtree(c, message);
    }
  }
  return agent;
}

// A pacs.008 party (PartyIdentification135): its name; the rest is scanned.
void read_party(Message* message, const pugi::xml_node& node, std::string* name) {
  bool name_seen = false;
  for (pugi::xml_node c = node.first_child(); exists(c); c = c.next_sibling()) {
    // Inside elements only text and CDATA (with parse_default) have no name.
    const char* const c_name = c.name();
    if (*c_name == '\0') continue;
    if (tag_of(local_of(c_name)) == Tag::kNm) {
      assign_once(name, &name_seen, c);
    } else {
      scan_subtree(c, message);
    }
  }
}

// CashAccount38: Id/IBAN (checked here, AC01); the rest is scanned.
void read_account(Message* message, const pugi::xml_node& node, std::string* iban) {
  bool id_seen = false, iban_seen = false;
  for (pugi::xml_node c = node.first_child(); exists(c); c = c.next_sibling()) {
    // Inside elements only text and CDATA (with parse_default) have no name.
    const char* const c_name = c.name();
    if (*c_name == '\0') continue;
    if (id_seen || tag_of(local_of(c_name)) != Tag::kId) {
      scan_subtree(c, message);
      continue;
    }
    id_seen = true;
    for (pugi::xml_node id = c.first_child(); exists(id); id = id.next_sibling()) {
      // Inside elements only text and CDATA (with parse_default) have no name.
      const char* const id_name = id.name();
      if (*id_name == '\0') continue;
      if (tag_of(local_of(id_name)) == Tag::kIBAN) {
        const std::string_view text = text_view(id);
        Check check = check_iban(text);
        if (!check.ok()) add_problem(message, id, check.code, std::move(check.text));
        if (!iban_seen) iban->assign(text);
        iban_seen = true;
      } else {
        scan_subtree(id, message);
      }
    }
  }
}

// A UETR element: read once, FF01 when it is not a UUID v4.
void read_uetr(Message* message, const pugi::xml_node& node, std::optional<core::Uetr>* out) {
  const std::string_view text = text_view(node);
  std::optional<core::Uetr> uetr = core::Uetr::parse(text);
  if (!uetr) {
    add_problem(message, node, "FF01", "\"" + std::string(text) + "\" is not a UUID v4 UETR");
  } else if (!*out) {
    *out = uetr;
  }
}

// PmtId: InstrId, EndToEndId (mandatory), TxId, UETR.
void read_payment_id(Message* message, const pugi::xml_node& node, Transaction* out) {
  bool instruction_seen = false, end_to_end_seen = false, transaction_seen = false;
  for (pugi::xml_node c = node.first_child(); exists(c); c = c.next_sibling()) {
    // Inside elements only text and CDATA (with parse_default) have no name.
    const char* const c_name = c.name();
    if (*c_name == '\0') continue;
    switch (tag_of(local_of(c_name))) {
      case Tag::kInstrId:
        assign_once(&out->instruction_id, &instruction_seen, c);
        break;
      case Tag::kEndToEndId:
        assign_once(&out->end_to_end_id, &end_to_end_seen, c);
        break;
      case Tag::kTxId:
        assign_once(&out->transaction_id, &transaction_seen, c);
        break;
      case Tag::kUETR:
        read_uetr(message, c, &out->uetr);
        break;
      default:
        scan_subtree(c, message);
        break;
    }
  }
  if (!end_to_end_seen) missing(message, node, "EndToEndId");
}

// PmtTpInf: InstrPrty; the rest is scanned.
void read_payment_type(Message* message, const pugi::xml_node& node, Transaction* out) {
  bool priority_seen = false;
  for (pugi::xml_node c = node.first_child(); exists(c); c = c.next_sibling()) {
    // Inside elements only text and CDATA (with parse_default) have no name.
    const char* const c_name = c.name();
    if (*c_name == '\0') continue;
    if (tag_of(local_of(c_name)) == Tag::kInstrPrty) {
      assign_once(&out->instruction_priority, &priority_seen, c);
    } else {
      scan_subtree(c, message);
    }
  }
}

// The settlement amount, read and checked once; it must not be zero (AM01).
void read_settlement_amount(Message* message, const pugi::xml_node& node, Transaction* out) {
  core::AmountMinor amount_minor = 0;
  Check check =
      parse_amount(node.text().get(), node.attribute("Ccy").value(), &amount_minor, &out->currency);
  if (!check.ok()) {
    add_problem(message, node, check.code, std::move(check.text));
    return;
  }
  out->amount_minor = amount_minor;
  if (amount_minor == 0) add_problem(message, node, "AM01", "the amount is zero");
}

// What every transaction takes from GrpHdr when it does not say itself.
struct GroupDefaults {
  Agent instructing_agent;
  Agent instructed_agent;
  core::ValueDate settlement_date = 0;
};

// One pass over the transaction's children, dispatching on the local name;
// what is not read is scanned, so every identifier and amount is checked once.
void parse_transaction(Message* message, MessageType type, const pugi::xml_node& tx,
                       const GroupDefaults& group, Transaction* out) {
  const bool is_return = type == MessageType::kPacs004v09 || type == MessageType::kPacs004v10;
  const bool is_customer = type == MessageType::kPacs008v08;
  bool seen_payment_id = false, seen_amount = false, seen_date = false, seen_priority = false;
  bool seen_instructing = false, seen_instructed = false, seen_debtor = false,
       seen_creditor = false, seen_debtor_agent = false, seen_creditor_agent = false;
  bool seen_instruction = false, seen_end_to_end = false, seen_transaction = false,
       seen_reason = false, seen_debtor_account = false, seen_creditor_account = false;
  pugi::xml_node times;
  for (pugi::xml_node c = tx.first_child(); exists(c); c = c.next_sibling()) {
    // Inside elements only text and CDATA (with parse_default) have no name.
    const char* const c_name = c.name();
    if (*c_name == '\0') continue;
    const Tag tag = tag_of(local_of(c_name));
    // Elements of the other family (a PmtId in a return) are only scanned.
    bool read = true;
    switch (tag) {
      case Tag::kIntrBkSttlmDt:
        if (seen_date) break;
        seen_date = true;
        if (Check check = parse_iso_date(text_view(c), &out->settlement_date); !check.ok()) {
          add_problem(message, c, check.code, std::move(check.text));
        }
        break;
      case Tag::kSttlmTmReq:
        if (!times) times = c;
        break;
      case Tag::kInstgAgt:
        if (seen_instructing) break;
        seen_instructing = true;
        out->instructing_agent = read_agent(message, c);
        break;
      case Tag::kInstdAgt:
        if (seen_instructed) break;
        seen_instructed = true;
        out->instructed_agent = read_agent(message, c);
        break;
      default:
        read = false;
        break;
    }
    if (read) continue;
    if (is_return) {
      switch (tag) {
        case Tag::kRtrId:
          assign_once(&out->instruction_id, &seen_instruction, c);
          break;
        case Tag::kOrgnlEndToEndId:
          assign_once(&out->end_to_end_id, &seen_end_to_end, c);
          break;
        case Tag::kOrgnlTxId:
          assign_once(&out->transaction_id, &seen_transaction, c);
          break;
        case Tag::kOrgnlUETR:
          read_uetr(message, c, &out->original_uetr);
          break;
        case Tag::kSttlmPrty:
          assign_once(&out->instruction_priority, &seen_priority, c);
          break;
        case Tag::kRtrdIntrBkSttlmAmt:
          if (seen_amount) {
            scan_subtree(c, message);
            break;
          }
          seen_amount = true;
          read_settlement_amount(message, c, out);
          break;
        case Tag::kRtrRsnInf:
          scan_subtree(c, message);
          if (!seen_reason) {
            seen_reason = true;
            const pugi::xml_node reason = child(c, "Rsn");
            out->return_reason = text_of(child(reason, "Cd"));
            if (out->return_reason.empty()) out->return_reason = text_of(child(reason, "Prtry"));
          }
          break;
        default:
          scan_subtree(c, message);
          break;
      }
      continue;
    }
    switch (tag) {
      case Tag::kPmtId:
        if (seen_payment_id) {
          scan_subtree(c, message);
          break;
        }
        seen_payment_id = true;
        read_payment_id(message, c, out);
        break;
      case Tag::kPmtTpInf:
        if (seen_priority) {
          scan_subtree(c, message);
          break;
        }
        seen_priority = true;
        read_payment_type(message, c, out);
        break;
      case Tag::kIntrBkSttlmAmt:
        if (seen_amount) {
          scan_subtree(c, message);
          break;
        }
        seen_amount = true;
        read_settlement_amount(message, c, out);
        break;
      case Tag::kDbtr:
        if (seen_debtor) {
          scan_subtree(c, message);
          break;
        }
        seen_debtor = true;
        // In pacs.009 the debtor and creditor are themselves institutions.
        if (is_customer) {
          read_party(message, c, &out->debtor_name);
        } else {
          out->debtor_agent = read_agent(message, c);
          out->debtor_name = text_of(descend(c, {"FinInstnId", "Nm"}));
        }
        break;
      case Tag::kCdtr:
        if (seen_creditor) {
          scan_subtree(c, message);
          break;
        }
        seen_creditor = true;
        if (is_customer) {
          read_party(message, c, &out->creditor_name);
        } else {
          out->creditor_agent = read_agent(message, c);
          out->creditor_name = text_of(descend(c, {"FinInstnId", "Nm"}));
        }
        break;
      case Tag::kDbtrAgt:
        if (!is_customer || seen_debtor_agent) {
          scan_subtree(c, message);
          break;
        }
        seen_debtor_agent = true;
        out->debtor_agent = read_agent(message, c);
        break;
      case Tag::kCdtrAgt:
        if (!is_customer || seen_creditor_agent) {
          scan_subtree(c, message);
          break;
        }
        seen_creditor_agent = true;
        out->creditor_agent = read_agent(message, c);
        break;
      case Tag::kDbtrAcct:
        if (!is_customer || seen_debtor_account) {
          scan_subtree(c, message);
          break;
        }
        seen_debtor_account = true;
        read_account(message, c, &out->debtor_iban);
        break;
      case Tag::kCdtrAcct:
        if (!is_customer || seen_creditor_account) {
          scan_subtree(c, message);
          break;
        }
        seen_creditor_account = true;
        read_account(message, c, &out->creditor_iban);
        break;
      case Tag::kUndrlygCstmrCdtTrf:
        if (type == MessageType::kPacs009v08) out->cover = true;
        scan_subtree(c, message);
        break;
      default:
        scan_subtree(c, message);
        break;
    }
  }

  if (!is_return && !seen_payment_id) missing(message, tx, "PmtId");
  if (!out->instruction_priority.empty() && out->instruction_priority != "HIGH" &&
      out->instruction_priority != "NORM") {
    add_problem(message, tx, "FF01",
                "priority \"" + out->instruction_priority + "\" is neither HIGH nor NORM");
  }
  if (!seen_amount) {
    missing(message, tx, is_return ? "RtrdIntrBkSttlmAmt" : "IntrBkSttlmAmt");
  }
  if (!seen_date) out->settlement_date = group.settlement_date;
  if (times) parse_times(message, times, out);
  if (!seen_instructing) out->instructing_agent = group.instructing_agent;
  if (!seen_instructed) out->instructed_agent = group.instructed_agent;
  if (is_customer) {
    if (!seen_debtor_agent) missing(message, tx, "DbtrAgt");
    if (!seen_creditor_agent) missing(message, tx, "CdtrAgt");
  }
  if (!is_return) {
    if (!seen_debtor) missing(message, tx, "Dbtr");
    if (!seen_creditor) missing(message, tx, "Cdtr");
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
  for (pugi::xml_node c = root.first_child(); exists(c); c = c.next_sibling()) {
    if (local_of(c.name()) == family.transaction) ++count;
  }
  if (count > limits.transactions_max) {
    add_problem(message, root, "AM18",
                std::to_string(count) + " transactions exceed the limit of " +
                    std::to_string(limits.transactions_max));
    return;
  }
  if (count == 0) missing(message, root, family.transaction);

  // Everything outside the transactions and the group header is only scanned;
  // the transactions are read (and their fields checked) in one pass each.
  for (pugi::xml_node c = document.first_child(); c; c = c.next_sibling()) {
    if (c != root) scan_subtree(c, message);
  }

  const pugi::xml_node group = required(message, root, "GrpHdr");
  GroupHeader& header = message->group;
  std::optional<uint64_t> declared_count;
  pugi::xml_node count_node, sum_node;
  GroupDefaults defaults;
  if (group) {
    scan_subtree(group, message);
    if (const pugi::xml_node agent = child(group, "InstgAgt")) {
      defaults.instructing_agent = agent_of(agent);
    }
    if (const pugi::xml_node agent = child(group, "InstdAgt")) {
      defaults.instructed_agent = agent_of(agent);
    }
    if (const pugi::xml_node date = child(group, "IntrBkSttlmDt")) {
      Check check = parse_iso_date(text_view(date), &defaults.settlement_date);
      if (!check.ok()) add_problem(message, date, check.code, std::move(check.text));
    }
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
  for (pugi::xml_node tx = root.first_child(); exists(tx); tx = tx.next_sibling()) {
    // Inside elements only text and CDATA (with parse_default) have no name.
    const char* const tx_name = tx.name();
    if (*tx_name == '\0') continue;
    if (local_of(tx_name) != family.transaction) {
      if (raw(tx) != raw(group)) scan_subtree(tx, message);
      continue;
    }
    ++index;
    Transaction& out = message->transactions.emplace_back();
    out.path = count > 1 ? base + "[" + std::to_string(index) + "]" : base;
    parse_transaction(message, type, tx, defaults, &out);
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
