#include "iso20022/mapping.h"

#include "core/bic.h"
#include "core/currency.h"
#include "core/fx_rate.h"
#include "iso20022/validate.h"

namespace corridor::iso20022 {
namespace {

uint64_t fnv1a(std::string_view text, uint64_t hash) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

void add(Mapping* mapping, const Transaction& tx, std::string_view code, std::string text) {
  mapping->problems.push_back(Problem{tx.path, std::string(code), std::move(text), false});
}

// A pacs.008 transaction naming an FX quote becomes a cross-currency payment
// (mapping.h); false after adding the problem that refuses it. Without a
// quote reference nothing changes.
bool map_cross_currency(Mapping* mapping, const Transaction& tx, MappedPayment* mapped) {
  if (!tx.fx) return true;
  std::optional<uint64_t> quote_id;
  for (const std::string& instruction : tx.fx->next_agent_instructions) {
    const std::optional<uint64_t> id = quote_reference(instruction);
    if (!id) continue;
    if (quote_id) {
      add(mapping, tx, "FF01",
          "two FX quote references (InstrForNxtAgt/InstrInf /FXQT/): one only");
      return false;
    }
    quote_id = id;
  }
  if (!quote_id) return true;
  if (*quote_id == 0) {
    add(mapping, tx, "FF01",
        "InstrForNxtAgt/InstrInf /FXQT/ must be followed by a quote id (a number from 1)");
    return false;
  }
  if (!tx.instructed_amount_minor) {
    add(mapping, tx, "FF01",
        "a payment at an FX quote needs InstdAmt, the amount in the debtor's currency");
    return false;
  }
  if (tx.instructed_currency == tx.currency) {
    add(mapping, tx, "CURR",
        "InstdAmt and IntrBkSttlmAmt are both in " + tx.currency.to_string() +
            ": a payment at an FX quote pays in the debtor's currency and settles in the "
            "creditor's");
    return false;
  }
  const std::optional<DecimalRate> rate = parse_base_one_rate(tx.fx->exchange_rate);
  if (!rate) {
    add(mapping, tx, "FF01", "a payment at an FX quote needs XchgRate, the quote's rate");
    return false;
  }
  const std::optional<int> minor_in = core::iso4217_minor_units(tx.instructed_currency.view());
  const std::optional<int> minor_out = core::iso4217_minor_units(tx.currency.view());
  const std::optional<core::AmountMinor> converted =
      minor_in && minor_out ? core::convert_half_even(*tx.instructed_amount_minor, rate->units,
                                                      rate->scale, *minor_in, *minor_out)
                            : std::nullopt;
  if (!converted || *converted != tx.amount_minor) {
    add(mapping, tx, "AM09",
        "IntrBkSttlmAmt is not InstdAmt x XchgRate " + format_rate(*rate) +
            " rounded half-even to the settlement currency's minor units");
    return false;
  }
  core::SubmitCrossCurrencyPayment c;
  const core::SubmitPayment& p = mapped->command;
  c.uetr = p.uetr;
  c.instruction_id = p.instruction_id;
  c.debtor_agent = p.debtor_agent;
  c.creditor_agent = p.creditor_agent;
  c.instructed_currency = tx.instructed_currency;
  c.instructed_amount_minor = *tx.instructed_amount_minor;
  c.settlement_currency = tx.currency;
  c.settlement_amount_minor = tx.amount_minor;
  c.quote_id = *quote_id;
  c.priority = p.priority;
  c.type = p.type;
  c.earliest_ns = p.earliest_ns;
  c.latest_ns = p.latest_ns;
  // The service knows the payment by its debtor side.
  mapped->command.currency = c.instructed_currency;
  mapped->command.amount_minor = c.instructed_amount_minor;
  mapped->cross_currency = c;
  mapped->exchange_rate = *rate;
  return true;
}

// A transaction for the DNS service (ClrChanl MPNS) becomes a SubmitDnsPayment
// (mapping.h); false after adding the problem that refuses it.
bool map_dns(Mapping* mapping, const Transaction& tx, MappedPayment* mapped) {
  if (!tx.payment_type || tx.payment_type->clearing_channel != "MPNS") return true;
  if (mapped->cross_currency) {
    add(mapping, tx, "FF01",
        "ClrChanl MPNS (deferred net settlement) nets one currency: no FX quote reference");
    return false;
  }
  if (tx.earliest_ns != core::kNoTime || tx.latest_ns != core::kNoTime) {
    add(mapping, tx, "FF01",
        "ClrChanl MPNS (deferred net settlement) settles with its cycle: no SttlmTmReq");
    return false;
  }
  const core::SubmitPayment& p = mapped->command;
  mapped->dns = core::SubmitDnsPayment{p.uetr,           p.instruction_id, p.debtor_agent,
                                       p.creditor_agent, p.currency,       p.amount_minor};
  return true;
}

}  // namespace

core::Uetr return_uetr(const core::Uetr& original, std::string_view return_id) {
  const std::string key = "pacs.004/" + original.to_string() + "/" + std::string(return_id);
  // Two independent FNV-1a streams; from_bits forces the version-4 bits.
  return core::Uetr::from_bits(fnv1a(key, 0xcbf29ce484222325ULL),
                               fnv1a(key, 0x84222325cbf29ce4ULL));
}

Mapping map_to_commands(const Message& message, core::ValueDate business_day) {
  Mapping mapping;
  if (!message.ok() || !message.type) {
    mapping.problems.push_back(Problem{"", "FF01", "the message is not valid", false});
    return mapping;
  }
  const MessageType type = *message.type;
  if (corridor_sends(type) || type == MessageType::kHead001v02 ||
      type == MessageType::kHead001v03) {
    // Parsed for `iso check` and the round trip, but nothing a participant may
    // instruct: Corridor sends these. FF01, as for any type it does not take.
    mapping.message_id = message.header.present && !message.header.business_message_id.empty()
                             ? message.header.business_message_id
                             : message.group.message_id;
    mapping.sender_bic = message.header.from_bic;
    const bool header_only = !corridor_sends(type);
    mapping.problems.push_back(
        Problem{header_only ? "/AppHdr" : "/Document", "FF01",
                header_only ? "Corridor does not accept a business application header without its "
                              "Document: it carries no instruction"
                            : "Corridor does not accept " + std::string(message_id(type)) +
                                  " from participants: it sends this type",
                false});
    return mapping;
  }
  if (type == MessageType::kCamt056v08 || type == MessageType::kCamt007v08) {
    mapping.message_id = message.header.present && !message.header.business_message_id.empty()
                             ? message.header.business_message_id
                             : message.group.message_id;
    mapping.sender_bic =
        message.header.present ? message.header.from_bic : message.group.assigner.bic;
    // The core lets only the payment's owner cancel or change it: the sender
    // asks. A sender known only by a clearing member id leaves it empty (the
    // operator's), so a submitter must set the authenticated requester itself
    // (the gateway sets the certificate's BIC and refuses a message without sender).
    const core::Bic requester = core::Bic::parse(mapping.sender_bic).value_or(core::Bic());
    for (size_t i = 0; i < message.requests.size(); ++i) {
      const Request& request = message.requests[i];
      if (request.whole_group) {
        mapping.group_cancellations.push_back(
            GroupCancellation{request.original_message_id, request.original_message_name_id, i});
        continue;
      }
      if (!request.original_uetr) {
        mapping.problems.push_back(Problem{request.path, "FF01",
                                           "the original UETR is required: Corridor finds "
                                           "payments by UETR",
                                           false});
        continue;
      }
      if (type == MessageType::kCamt056v08) {
        mapping.commands.push_back(
            MappedCommand{core::CancelPayment{*request.original_uetr, requester}, i});
      } else {
        const core::Priority priority =
            request.new_priority == "HIGH" ? core::Priority::kUrgent : core::Priority::kNormal;
        if (request.new_earliest_ns == core::kNoTime && request.new_latest_ns == core::kNoTime) {
          mapping.commands.push_back(
              MappedCommand{core::ChangePriority{*request.original_uetr, priority, requester}, i});
        } else {
          // Times (and the priority with them): one command, all or nothing.
          mapping.commands.push_back(
              MappedCommand{core::ModifyPayment{*request.original_uetr, request.new_earliest_ns,
                                                request.new_latest_ns,
                                                !request.new_priority.empty(), priority, requester},
                            i});
        }
      }
    }
    return mapping;
  }
  if (type == MessageType::kPacs028v03 || type == MessageType::kCamt005v08) {
    mapping.message_id = message.header.present && !message.header.business_message_id.empty()
                             ? message.header.business_message_id
                             : message.group.message_id;
    mapping.sender_bic = message.header.from_bic;
    return mapping;
  }
  if (type == MessageType::kCamt050v05) {
    mapping.message_id = message.header.present && !message.header.business_message_id.empty()
                             ? message.header.business_message_id
                             : message.group.message_id;
    mapping.sender_bic = message.header.from_bic;
    if (message.transactions.empty()) return mapping;
    const Transaction& tx = message.transactions.front();
    core::LiquidityTransfer transfer;
    bool ok = true;
    if (!tx.uetr) {
      add(&mapping, tx, "FF01", "LqdtyTrfId/UETR is required: Corridor settles by UETR");
      ok = false;
    }
    // Without Dbtr the sender moves its own liquidity (as in T2): the AppHdr's From.
    const std::optional<core::Bic> from =
        core::Bic::parse(tx.debtor_agent.present ? tx.debtor_agent.bic : message.header.from_bic);
    if (!from) {
      add(&mapping, tx, "RC03", "the debtor (Dbtr, else the AppHdr's From) has no BIC");
      ok = false;
    }
    const std::optional<core::Bic> to = core::Bic::parse(tx.creditor_agent.bic);
    if (!to) {
      add(&mapping, tx, "RC04", "the creditor (Cdtr) has no BIC");
      ok = false;
    }
    if (!ok) return mapping;
    transfer.uetr = *tx.uetr;
    transfer.from = *from;
    transfer.to = *to;
    transfer.currency = tx.currency;
    transfer.amount_minor = tx.amount_minor;
    mapping.commands.push_back(MappedCommand{transfer, 0});
    return mapping;
  }
  const bool is_return = type == MessageType::kPacs004v09 || type == MessageType::kPacs004v10;
  mapping.message_id = message.header.present && !message.header.business_message_id.empty()
                           ? message.header.business_message_id
                           : message.group.message_id;
  mapping.sender_bic = message.header.from_bic;
  if (mapping.sender_bic.empty() && !message.transactions.empty()) {
    mapping.sender_bic = message.transactions.front().instructing_agent.bic;
  }
  for (size_t i = 0; i < message.transactions.size(); ++i) {
    const Transaction& tx = message.transactions[i];
    core::SubmitPayment command;
    bool ok = true;
    if (is_return) {
      if (!tx.original_uetr) {
        add(&mapping, tx, "FF01", "OrgnlUETR is required to return a payment");
        ok = false;
      } else {
        command.uetr = return_uetr(*tx.original_uetr, tx.instruction_id);
      }
      command.type = core::PaymentType::kReturn;
    } else {
      if (!tx.uetr) {
        add(&mapping, tx, "FF01", "PmtId/UETR is required: Corridor settles by UETR");
        ok = false;
      } else {
        command.uetr = *tx.uetr;
      }
      command.type = type == MessageType::kPacs008v08 ? core::PaymentType::kCustomerCreditTransfer
                                                      : core::PaymentType::kFiCreditTransfer;
    }
    // InstrId, else TxId, else EndToEndId: the first the sender made unique.
    std::string_view instruction = tx.instruction_id;
    if (instruction.empty()) instruction = tx.transaction_id;
    if (instruction.empty()) instruction = tx.end_to_end_id;
    if (!command.instruction_id.assign(instruction)) {
      add(&mapping, tx, "FF01", "instruction id longer than 35 characters");
      ok = false;
    }
    const std::optional<core::Bic> debtor = core::Bic::parse(tx.instructing_agent.bic);
    if (!debtor) {
      add(&mapping, tx, "RC03", "the instructing agent (InstgAgt) has no BIC");
      ok = false;
    }
    const std::optional<core::Bic> creditor = core::Bic::parse(tx.instructed_agent.bic);
    if (!creditor) {
      add(&mapping, tx, "RC04", "the instructed agent (InstdAgt) has no BIC");
      ok = false;
    }
    core::TimestampNs earliest_ns = tx.earliest_ns, latest_ns = tx.latest_ns;
    if (tx.times_on_business_day) {
      if (business_day == 0) {
        add(&mapping, tx, "DT01",
            "SttlmTmReq without IntrBkSttlmDt applies on the business day it is processed on, "
            "and none was given");
        ok = false;
      } else {
        const core::TimestampNs midnight = midnight_ns(business_day);
        if (earliest_ns != core::kNoTime) earliest_ns += midnight;
        if (latest_ns != core::kNoTime) latest_ns += midnight;
      }
    }
    if (!ok) continue;
    command.debtor_agent = *debtor;
    command.creditor_agent = *creditor;
    command.currency = tx.currency;
    command.amount_minor = tx.amount_minor;
    // HIGH (and a return's URGT) is urgent; highly urgent is kept for the
    // operator and ancillary systems, which do not arrive as pacs messages.
    command.priority = tx.instruction_priority == "HIGH" || tx.instruction_priority == "URGT"
                           ? core::Priority::kUrgent
                           : core::Priority::kNormal;
    command.earliest_ns = earliest_ns;
    command.latest_ns = latest_ns;
    MappedPayment mapped;
    mapped.command = command;
    mapped.transaction_index = i;
    if (type == MessageType::kPacs008v08 && !map_cross_currency(&mapping, tx, &mapped)) continue;
    if (!is_return && !map_dns(&mapping, tx, &mapped)) continue;
    mapping.payments.push_back(std::move(mapped));
  }
  return mapping;
}

}  // namespace corridor::iso20022
