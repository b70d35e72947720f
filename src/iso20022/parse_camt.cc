// Requests about payments and liquidity: camt.056.001.08 (cancellation),
// camt.007.001.08 (modify priority and times), camt.050.001.05 (liquidity
// credit transfer) and pacs.028.001.03 (status request); camt.005 is read by
// parse_search.cc.
#include <string>

#include "iso20022/parse_internal.h"
#include "iso20022/validate.h"

namespace corridor::iso20022::internal {
namespace {

void read_created(Message* message, const pugi::xml_node& node) {
  if (!node) return;
  Check check = parse_iso_date_time(text_of(node), &message->group.created_ns);
  if (!check.ok()) add_problem(message, node, check.code, std::move(check.text));
}

void read_originals(const pugi::xml_node& tx, Request* out) {
  out->original_instruction_id = text_of(child(tx, "OrgnlInstrId"));
  out->original_end_to_end_id = text_of(child(tx, "OrgnlEndToEndId"));
  out->original_transaction_id = text_of(child(tx, "OrgnlTxId"));
  // Its format was checked by the field scan; an invalid one stays absent here.
  out->original_uetr = core::Uetr::parse(text_of(child(tx, "OrgnlUETR")));
}

// Element children named `name` of each of `parents`, counted against the
// limit before any is read.
std::vector<pugi::xml_node> items(Message* message, const std::vector<pugi::xml_node>& parents,
                                  std::string_view name, const Limits& limits,
                                  const pugi::xml_node& root) {
  std::vector<pugi::xml_node> found;
  size_t count = 0;
  for (const pugi::xml_node& parent : parents) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && local_name(c) == name) ++count;
    }
  }
  if (count > limits.transactions_max) {
    add_problem(message, root, "AM18",
                std::to_string(count) + " transactions exceed the limit of " +
                    std::to_string(limits.transactions_max));
    return found;
  }
  found.reserve(count);
  for (const pugi::xml_node& parent : parents) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && local_name(c) == name) found.push_back(c);
    }
  }
  return found;
}

void parse_camt056(const pugi::xml_node& root, const Limits& limits, Message* message) {
  if (const pugi::xml_node assignment = required(message, root, "Assgnmt")) {
    message->group.message_id = text_of(required(message, assignment, "Id"));
    message->group.assigner = agent_of(child(required(message, assignment, "Assgnr"), "Agt"));
    message->group.assignee = agent_of(child(required(message, assignment, "Assgne"), "Agt"));
    read_created(message, required(message, assignment, "CreDtTm"));
  }
  std::vector<pugi::xml_node> underlyings;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == "Undrlyg") underlyings.push_back(c);
  }
  const std::vector<pugi::xml_node> txs = items(message, underlyings, "TxInf", limits, root);
  for (const pugi::xml_node& underlying : underlyings) {
    const pugi::xml_node group = child(underlying, "OrgnlGrpInfAndCxl");
    if (!group) continue;
    const bool has_tx = static_cast<bool>(child(underlying, "TxInf"));
    const std::string flag = text_of(child(group, "GrpCxl"));
    const bool whole = flag == "true" || flag == "1";
    if (whole && has_tx) {
      // ISO 20022: GrpCxl true cancels the whole group; naming transactions too is ambiguous.
      add_problem(message, group, "FF01", "GrpCxl is true but TxInf names single transactions");
      continue;
    }
    if (!whole) continue;  // only the context of the TxInf that follow
    Request& out = message->requests.emplace_back();
    out.path = path_of(group);
    out.whole_group = true;
    out.request_id = text_of(child(group, "GrpCxlId"));
    out.original_message_id = text_of(required(message, group, "OrgnlMsgId"));
    out.original_message_name_id = text_of(required(message, group, "OrgnlMsgNmId"));
    const pugi::xml_node reason = descend(group, {"CxlRsnInf", "Rsn"});
    out.reason = text_of(child(reason, "Cd"));
    if (out.reason.empty()) out.reason = text_of(child(reason, "Prtry"));
  }
  if (message->requests.empty() && txs.empty() && message->ok()) {
    add_problem(message, root, "CH21",
                "no Undrlyg/TxInf and no OrgnlGrpInfAndCxl with GrpCxl true: name the payments "
                "to cancel, or the whole original message");
  }
  for (const pugi::xml_node& tx : txs) {
    Request& out = message->requests.emplace_back();
    out.path = path_of(tx);
    out.request_id = text_of(child(tx, "CxlId"));
    read_originals(tx, &out);
    const pugi::xml_node reason = descend(tx, {"CxlRsnInf", "Rsn"});
    out.reason = text_of(child(reason, "Cd"));
    if (out.reason.empty()) out.reason = text_of(child(reason, "Prtry"));
  }
}

void read_time(Message* message, const pugi::xml_node& node, core::TimestampNs* out) {
  Check check = parse_iso_date_time(text_of(node), out);
  if (!check.ok()) add_problem(message, node, check.code, std::move(check.text));
}

// PrcgVldtyTm (DateTimePeriod1Choice): FrDtTm is the new earliest settlement
// time, ToDtTm the new latest (reject) time, DtTmRg both.
void read_times(Message* message, const pugi::xml_node& times, Request* out) {
  const pugi::xml_node range = child(times, "DtTmRg");
  const pugi::xml_node from = range ? required(message, range, "FrDtTm") : child(times, "FrDtTm");
  const pugi::xml_node to = range ? required(message, range, "ToDtTm") : child(times, "ToDtTm");
  if (!from && !to && !range) missing(message, times, "FrDtTm, ToDtTm or DtTmRg");
  if (from) read_time(message, from, &out->new_earliest_ns);
  if (to) read_time(message, to, &out->new_latest_ns);
  if (out->new_earliest_ns != core::kNoTime && out->new_latest_ns != core::kNoTime &&
      out->new_latest_ns < out->new_earliest_ns) {
    add_problem(message, times, "DT01", "ToDtTm is before FrDtTm");
  }
}

void parse_camt007(const pugi::xml_node& root, const Limits& limits, Message* message) {
  if (const pugi::xml_node header = required(message, root, "MsgHdr")) {
    message->group.message_id = text_of(required(message, header, "MsgId"));
    read_created(message, child(header, "CreDtTm"));
  }
  const std::vector<pugi::xml_node> mods = items(message, {root}, "Mod", limits, root);
  if (mods.empty() && message->ok()) missing(message, root, "Mod");
  for (const pugi::xml_node& mod : mods) {
    Request& out = message->requests.emplace_back();
    out.path = path_of(mod);
    const pugi::xml_node id = required(message, mod, "PmtId");
    if (const pugi::xml_node long_id = child(id, "LngBizId")) {
      out.request_id = text_of(child(long_id, "TxId"));
      out.original_uetr = core::Uetr::parse(text_of(child(long_id, "UETR")));
      out.original_end_to_end_id = text_of(child(long_id, "EndToEndId"));
    } else {
      out.request_id = text_of(child(id, "TxId"));
    }
    const pugi::xml_node values = required(message, mod, "NewPmtValSet");
    if (!values) continue;
    const pugi::xml_node priority_choice = child(values, "Prty");
    const pugi::xml_node times = child(values, "PrcgVldtyTm");
    for (pugi::xml_node c = values.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && c != priority_choice && c != times) {
        add_problem(message, c, "FF01",
                    std::string(local_name(c)) +
                        " cannot be modified: Corridor changes Prty and PrcgVldtyTm");
      }
    }
    if (!priority_choice && !times) {
      add_problem(message, values, "CH21", "neither Prty nor PrcgVldtyTm: nothing to modify");
    }
    if (priority_choice) {
      const pugi::xml_node priority = child(priority_choice, "Cd");
      out.new_priority = text_of(priority);
      if (!priority) {
        missing(message, priority_choice, "Cd");
      } else if (out.new_priority != "HIGH" && out.new_priority != "NORM") {
        // URGT (highly urgent) is kept for the operator; LOWW has no queue.
        add_problem(message, priority, "FF01",
                    "priority \"" + out.new_priority + "\" is neither HIGH nor NORM");
      }
    }
    if (times) read_times(message, times, &out);
  }
}

void parse_camt050(const pugi::xml_node& root, Message* message) {
  if (const pugi::xml_node header = required(message, root, "MsgHdr")) {
    message->group.message_id = text_of(required(message, header, "MsgId"));
    read_created(message, child(header, "CreDtTm"));
  }
  const pugi::xml_node transfer = required(message, root, "LqdtyCdtTrf");
  if (!transfer) return;
  Transaction& out = message->transactions.emplace_back();
  out.path = path_of(transfer);
  if (const pugi::xml_node id = child(transfer, "LqdtyTrfId")) {
    out.instruction_id = text_of(child(id, "InstrId"));
    out.end_to_end_id = text_of(child(id, "EndToEndId"));
    out.transaction_id = text_of(child(id, "TxId"));
    out.uetr = core::Uetr::parse(text_of(child(id, "UETR")));
  }
  out.debtor_agent = agent_of(child(transfer, "Dbtr"));
  out.creditor_agent = agent_of(child(transfer, "Cdtr"));
  // Dbtr/Cdtr name the accounts' owners: for the core, from and to.
  out.instructing_agent = out.debtor_agent;
  out.instructed_agent = out.creditor_agent;
  const pugi::xml_node amount_choice = required(message, transfer, "TrfdAmt");
  const pugi::xml_node amount = child(amount_choice, "AmtWthCcy");
  if (amount_choice && !amount) {
    // Without a currency the amount means nothing to a multi-currency system.
    add_problem(message, amount_choice, "AM11", "TrfdAmt must be AmtWthCcy (with a currency)");
  } else if (amount) {
    core::AmountMinor amount_minor = 0;
    if (parse_amount(amount.text().get(), amount.attribute("Ccy").value(), &amount_minor,
                     &out.currency)
            .ok()) {
      out.amount_minor = amount_minor;
      if (amount_minor == 0) add_problem(message, amount, "AM01", "the amount is zero");
    }
  }
  if (const pugi::xml_node date = child(transfer, "SttlmDt")) {
    Check check = parse_iso_date(text_of(date), &out.settlement_date);
    if (!check.ok()) add_problem(message, date, check.code, std::move(check.text));
  }
}

void parse_pacs028(const pugi::xml_node& root, const Limits& limits, Message* message) {
  if (const pugi::xml_node group = required(message, root, "GrpHdr")) {
    message->group.message_id = text_of(required(message, group, "MsgId"));
    read_created(message, required(message, group, "CreDtTm"));
  }
  const std::vector<pugi::xml_node> txs = items(message, {root}, "TxInf", limits, root);
  if (txs.empty() && message->ok()) {
    add_problem(message, root, "CH21", "no TxInf: name each payment asked about");
  }
  for (const pugi::xml_node& tx : txs) {
    Request& out = message->requests.emplace_back();
    out.path = path_of(tx);
    out.request_id = text_of(child(tx, "StsReqId"));
    read_originals(tx, &out);
    out.instructing_agent = agent_of(child(tx, "InstgAgt"));
    out.instructed_agent = agent_of(child(tx, "InstdAgt"));
  }
}

}  // namespace

void parse_requests(const pugi::xml_node& document, MessageType type, const Limits& limits,
                    Message* message) {
  std::string_view root_name;
  switch (type) {
    case MessageType::kCamt056v08:
      root_name = "FIToFIPmtCxlReq";
      break;
    case MessageType::kCamt007v08:
      root_name = "ModfyTx";
      break;
    case MessageType::kCamt050v05:
      root_name = "LqdtyCdtTrf";
      break;
    case MessageType::kCamt005v08:
      root_name = "GetTx";
      break;
    default:
      root_name = "FIToFIPmtStsReq";
      break;
  }
  const pugi::xml_node root = scanned_root(document, root_name, message);
  if (!root) return;
  switch (type) {
    case MessageType::kCamt056v08:
      parse_camt056(root, limits, message);
      break;
    case MessageType::kCamt007v08:
      parse_camt007(root, limits, message);
      break;
    case MessageType::kCamt050v05:
      parse_camt050(root, message);
      break;
    case MessageType::kCamt005v08:
      parse_camt005(root, limits, message);
      break;
    default:
      parse_pacs028(root, limits, message);
      break;
  }
}

}  // namespace corridor::iso20022::internal
