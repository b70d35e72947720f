// camt.005.001.08 get transaction: GetTx/TxQryDef/TxCrit/NewCrit/SchCrit/PmtSch
// into PaymentSearch (search.h). Criteria Corridor cannot evaluate are refused
// (FF01 naming the element) rather than ignored: ignoring one would answer a
// wider question than the one asked.
#include <string>

#include "iso20022/parse_internal.h"
#include "iso20022/search.h"
#include "iso20022/validate.h"

namespace corridor::iso20022::internal {
namespace {

class SearchReader {
 public:
  SearchReader(Message* message, const Limits& limits) : message_(message), limits_(limits) {}

  void read(const pugi::xml_node& search_node, PaymentSearch* out) {
    out->path = path_of(search_node);
    for (pugi::xml_node c = search_node.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (++criteria_ > limits_.transactions_max) {
        if (criteria_ == limits_.transactions_max + 1) {
          add_problem(message_, c, "AM18",
                      "more than " + std::to_string(limits_.transactions_max) +
                          " search criteria: the limit is that of transactions per message");
        }
        return;
      }
      const std::string_view name = local_name(c);
      if (name == "MsgId") {
        out->message_ids.push_back(text_of(c));
      } else if (name == "PmtId") {
        payment_id(c, out);
      } else if (name == "Sts") {
        status(c, out);
      } else if (name == "IntrBkSttlmAmt") {
        amount(c, out);
      } else if (name == "IntrBkSttlmAmtCcy") {
        currency(c, out);
      } else if (name == "Prty") {
        priority(c, out);
      } else if (name == "TxId") {
        out->transaction_ids.push_back(text_of(c));
      } else if (name == "IntrBkSttlmDt") {
        core::ValueDate date = 0;
        Check check = parse_iso_date(text_of(c), &date);
        if (!check.ok()) add_problem(message_, c, check.code, std::move(check.text));
        out->settlement_dates.push_back(date);
      } else if (name == "EndToEndId") {
        out->end_to_end_ids.push_back(text_of(c));
      } else if (name == "Pties") {
        parties(c, out);
      } else {
        unsupported(c);
      }
    }
  }

 private:
  void unsupported(const pugi::xml_node& node) {
    add_problem(message_, node, "FF01",
                "search criterion " + std::string(local_name(node)) +
                    " is not supported: Corridor searches by MsgId, PmtId, Sts, IntrBkSttlmAmt, "
                    "IntrBkSttlmAmtCcy, Prty, TxId, IntrBkSttlmDt, EndToEndId and "
                    "Pties/InstgAgt or InstdAgt");
  }

  void payment_id(const pugi::xml_node& id, PaymentSearch* out) {
    if (const pugi::xml_node tx = child(id, "TxId")) {
      out->transaction_ids.push_back(text_of(tx));
    } else if (const pugi::xml_node long_id = child(id, "LngBizId")) {
      // The UETR identifies the payment on its own; the other fields of a
      // LngBizId restate it and are not separate criteria.
      if (const pugi::xml_node uetr = child(long_id, "UETR")) {
        out->uetrs.push_back(text_of(uetr));  // format checked by the field scan
      } else if (const pugi::xml_node tx_id = child(long_id, "TxId")) {
        out->transaction_ids.push_back(text_of(tx_id));
      } else {
        out->end_to_end_ids.push_back(text_of(child(long_id, "EndToEndId")));
      }
    } else if (const pugi::xml_node short_id = child(id, "ShrtBizId")) {
      out->transaction_ids.push_back(text_of(required(message_, short_id, "TxId")));
    } else {
      unsupported(id.first_child() ? id.first_child() : id);
    }
  }

  void status(const pugi::xml_node& node, PaymentSearch* out) {
    const pugi::xml_node choice = child(node, "PmtInstrSts");
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && c != choice) return unsupported(c);
    }
    const pugi::xml_node code = choice.first_child();
    if (!code) return missing(message_, node, "PmtInstrSts");
    const std::string value = text_of(code);
    const std::string_view kind = local_name(code);
    if ((kind == "PdgSts" || kind == "PdgAndFnlSts") && value == "PSTL") {
      out->states.push_back(TransactionState::kQueued);
    } else if ((kind == "FnlSts" || kind == "PdgAndFnlSts") && value == "STLD") {
      out->states.push_back(TransactionState::kSettled);
    } else if ((kind == "FnlSts" || kind == "PdgAndFnlSts") && value == "RJTD") {
      out->states.push_back(TransactionState::kRejected);
    } else if ((kind == "FnlSts" || kind == "PdgAndFnlSts") && value == "CAND") {
      out->states.push_back(TransactionState::kCancelled);
    } else {
      add_problem(
          message_, code, "FF01",
          "status " + value + " is not one Corridor reports: PSTL (queued), STLD, RJTD or CAND");
    }
  }

  std::optional<int64_t> boundary(const pugi::xml_node& node, bool* inclusive) {
    const pugi::xml_node amount = required(message_, node, "BdryAmt");
    const pugi::xml_node incl = required(message_, node, "Incl");
    if (inclusive != nullptr) *inclusive = text_of(incl) != "false" && text_of(incl) != "0";
    return decimal(amount);
  }

  std::optional<int64_t> decimal(const pugi::xml_node& node) {
    if (!node) return std::nullopt;
    const std::optional<int64_t> value = parse_decimal_e5(text_of(node));
    if (!value) {
      add_problem(message_, node, "AM12",
                  "\"" + text_of(node) +
                      "\" is not an amount of at most 18 digits with at most 5 decimals");
    }
    return value;
  }

  void range(const pugi::xml_node& choice, AmountRange* out) {
    const pugi::xml_node c = choice.first_child();
    const std::string_view name = c ? local_name(c) : std::string_view();
    if (name == "FrAmt") {
      out->from_e5 = boundary(c, &out->from_inclusive);
    } else if (name == "ToAmt") {
      out->to_e5 = boundary(c, &out->to_inclusive);
    } else if (name == "FrToAmt") {
      out->from_e5 = boundary(required(message_, c, "FrAmt"), &out->from_inclusive);
      out->to_e5 = boundary(required(message_, c, "ToAmt"), &out->to_inclusive);
    } else if (name == "EQAmt") {
      out->equal_e5 = decimal(c);
    } else if (name == "NEQAmt") {
      out->not_equal_e5 = decimal(c);
    } else {
      missing(message_, choice, "FrAmt, ToAmt, FrToAmt, EQAmt or NEQAmt");
    }
  }

  void amount(const pugi::xml_node& node, PaymentSearch* out) {
    AmountRange& r = out->amounts.emplace_back();
    if (const pugi::xml_node implied = child(node, "ImpldCcyAndAmtRg")) {
      if (child(implied, "CdtDbtInd")) return unsupported(child(implied, "CdtDbtInd"));
      range(required(message_, implied, "Amt"), &r);
    } else if (const pugi::xml_node with_ccy = child(node, "CcyAndAmtRg")) {
      if (child(with_ccy, "CdtDbtInd")) return unsupported(child(with_ccy, "CdtDbtInd"));
      range(required(message_, with_ccy, "Amt"), &r);
      r.currency = currency_code(required(message_, with_ccy, "Ccy"));
    } else {
      missing(message_, node, "ImpldCcyAndAmtRg or CcyAndAmtRg");
    }
  }

  std::string currency_code(const pugi::xml_node& node) {
    if (!node) return {};
    const std::string code = text_of(node);
    if (!core::iso4217_minor_units(code)) {
      add_problem(message_, node, "AM03", "\"" + code + "\" is not an ISO 4217 currency code");
    }
    return code;
  }

  void currency(const pugi::xml_node& node, PaymentSearch* out) {
    out->currencies.push_back(currency_code(node));
  }

  void priority(const pugi::xml_node& node, PaymentSearch* out) {
    const pugi::xml_node code = child(node, "Cd");
    if (!code) return unsupported(node.first_child() ? node.first_child() : node);
    const std::string value = text_of(code);
    if (value == "URGT") {
      out->priorities.push_back(core::Priority::kHighlyUrgent);
    } else if (value == "HIGH") {
      out->priorities.push_back(core::Priority::kUrgent);
    } else if (value == "NORM") {
      out->priorities.push_back(core::Priority::kNormal);
    } else {
      add_problem(message_, code, "FF01",
                  "priority \"" + value + "\" has no queue in Corridor: URGT, HIGH or NORM");
    }
  }

  void parties(const pugi::xml_node& node, PaymentSearch* out) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = local_name(c);
      if (name != "InstgAgt" && name != "InstdAgt") {
        unsupported(c);
        continue;
      }
      const Agent agent = agent_of(c);
      if (agent.bic.empty()) {
        add_problem(message_, c, name == "InstgAgt" ? "RC03" : "RC04",
                    "a party in a search is named by its BICFI");
        continue;
      }
      (name == "InstgAgt" ? out->instructing_agent_bic : out->instructed_agent_bic) = agent.bic;
    }
  }

  Message* message_;
  const Limits& limits_;
  uint64_t criteria_ = 0;
};

}  // namespace

void parse_camt005(const pugi::xml_node& root, const Limits& limits, Message* message) {
  if (const pugi::xml_node header = required(message, root, "MsgHdr")) {
    message->group.message_id = text_of(required(message, header, "MsgId"));
    if (const pugi::xml_node created = child(header, "CreDtTm")) {
      Check check = parse_iso_date_time(text_of(created), &message->group.created_ns);
      if (!check.ok()) add_problem(message, created, check.code, std::move(check.text));
    }
  }
  const pugi::xml_node definition = child(root, "TxQryDef");
  const pugi::xml_node criteria = child(definition, "TxCrit");
  if (criteria && !child(criteria, "NewCrit")) {
    // QryNm refers to a query stored by the system: Corridor stores none.
    add_problem(message, criteria, "FF01", "only NewCrit is supported (no stored queries)");
    return;
  }
  SearchReader reader(message, limits);
  const pugi::xml_node new_criteria = child(criteria, "NewCrit");
  for (pugi::xml_node c = new_criteria.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || local_name(c) != "SchCrit") continue;
    const pugi::xml_node search = child(c, "PmtSch");
    if (!search) {
      add_problem(message, c, "FF01", "only PmtSch search criteria are supported");
      continue;
    }
    reader.read(search, &message->searches.emplace_back());
  }
  // No criteria at all asks for every payment the sender may see.
  if (message->searches.empty() && message->ok())
    message->searches.emplace_back().path = path_of(root);
}

}  // namespace corridor::iso20022::internal
