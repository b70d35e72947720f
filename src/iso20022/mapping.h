// From a parsed, valid message to core commands.
//
// Corridor is the settlement system: each transaction moves money from the
// instructing agent's settlement account (InstgAgt, the core's debtor_agent)
// to the instructed agent's (InstdAgt, creditor_agent). DbtrAgt/CdtrAgt are
// the customers' banks further along the chain and stay in the message only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/command.h"
#include "iso20022/fx_reference.h"
#include "iso20022/model.h"

namespace corridor::iso20022 {

struct MappedPayment {
  // For a cross-currency payment: its debtor side (instructed currency and
  // amount), what the service keys, authorizes and reports it by.
  core::SubmitPayment command;
  size_t transaction_index = 0;  // into Message::transactions
  // A pacs.008 naming an FX quote (InstrForNxtAgt/InstrInf "/FXQT/<id>"):
  // what is submitted instead of `command`, and the XchgRate it stated, which
  // the service checks against the quote's rate (the core checks the amounts).
  std::optional<core::SubmitCrossCurrencyPayment> cross_currency;
  DecimalRate exchange_rate;
  // A payment for the deferred net settlement service (PmtTpInf/ClrChanl
  // MPNS): what is submitted instead of `command`; it settles with its cycle.
  std::optional<core::SubmitDnsPayment> dns;
  // The command to journal for this payment.
  core::CommandBody body() const {
    if (cross_currency) return *cross_currency;
    if (dns) return *dns;
    return command;
  }
};

// A non-payment command: CancelPayment (camt.056), ChangePriority (camt.007),
// LiquidityTransfer (camt.050).
struct MappedCommand {
  core::CommandBody body;
  size_t request_index = 0;  // into Message::requests (camt.050: Message::transactions)
};

// A camt.056 that cancels a whole original message (GrpCxl true): which of
// its payments are still pending only the service knows (its index of what
// each message carried), so it expands this into one CancelPayment per such
// payment, or answers NOOR when none is pending.
struct GroupCancellation {
  std::string original_message_id;       // OrgnlMsgId, sent by Mapping::sender_bic
  std::string original_message_name_id;  // OrgnlMsgNmId, e.g. pacs.008.001.08
  size_t request_index = 0;              // into Message::requests
};

struct Mapping {
  // Who sent the message and under which id, for the journal's exactly-once
  // check (journal/submission.h): the AppHdr's From BIC, else the first
  // transaction's InstgAgt; the AppHdr's BizMsgIdr, else GrpHdr/MsgId.
  std::string sender_bic;
  std::string message_id;
  std::vector<MappedPayment> payments;
  std::vector<MappedCommand> commands;
  std::vector<GroupCancellation> group_cancellations;  // camt.056 GrpCxl
  Problems problems;  // a transaction with a problem has no payment
  bool ok() const { return problems.empty(); }
};

// Maps every transaction of a valid pacs.008/009/004 to a SubmitPayment;
// camt.056 requests to CancelPayment (a whole original group to a
// GroupCancellation for the service to expand), camt.007 to
// ChangePriority, or ModifyPayment when it changes times (each needs the
// original UETR: FF01), camt.050 to LiquidityTransfer (UETR, Dbtr and Cdtr
// BICs needed: FF01, RC03, RC04). The sender's BIC (sender_bic) is the
// requester of every camt.056/camt.007 command: the core lets only the
// payment's owner act. Without a sender BIC the requester stays empty, which
// the core takes for the operator: a service submitting for a participant
// must set the requester to the authenticated sender (the gateway does).
// pacs.028 and camt.005 are queries: no command, their
// requests are answered from the core's state. The types Corridor sends
// (pacs.002, camt.052, camt.054, camt.029, admi.002; corridor_sends()) and a
// standalone head.001 parse, but map to nothing: one FF01 problem ("Corridor
// does not accept pacs.002.001.10 from participants").
// A message with parse problems maps to nothing (FF01 problem). Problems found
// here: no UETR (FF01; pacs.004 needs OrgnlUETR), instructing agent without
// BIC (RC03), instructed agent without BIC (RC04), instruction id too long (FF01).
//
// Cross-currency (docs/api.md, "Cross-currency payments"): a pacs.008
// transaction with the quote reference maps to a SubmitCrossCurrencyPayment:
// InstdAmt is the instructed amount (debtor's currency), IntrBkSttlmAmt the
// settlement amount (creditor's). Refused: a reference without a quote id
// from 1, or two references (FF01); no InstdAmt or no XchgRate (FF01);
// InstdAmt in the settlement currency (CURR); IntrBkSttlmAmt not InstdAmt x
// XchgRate rounded half-even to the settlement currency's minor units (AM09).
// Without the reference, InstdAmt and XchgRate are the customer's conversion
// done before: the payment settles in IntrBkSttlmAmt alone, as before.
//
// Deferred net settlement (docs/api.md, "DNS payments"): a pacs.008 or
// pacs.009 transaction whose PmtTpInf/ClrChanl is MPNS (mass payment net
// system) maps to a SubmitDnsPayment in IntrBkSttlmAmt. Refused (FF01): one
// also naming an FX quote (a DNS cycle nets one currency), or with a
// SttlmTmReq (it settles when its cycle does).
//
// Priorities: HIGH (pacs.008/009 InstrPrty, camt.007) and URGT (pacs.004
// SttlmPrty) are urgent; NORM or none is normal. Highly urgent is kept for
// the operator and ancillary systems, which do not arrive as pacs messages.
//
// business_day (yyyymmdd) is the business day the message is processed on.
// A transaction whose SttlmTmReq has no IntrBkSttlmDt to go with it
// (Transaction::times_on_business_day) has its times applied on that day;
// without one (0) it is refused with DT01, as the times cannot be placed.
Mapping map_to_commands(const Message& message, core::ValueDate business_day = 0);

// The UETR of a return: derived from the original UETR and the return id, so
// it differs from the original payment's (which the core would take as a
// duplicate) and is the same every time the same return is read.
core::Uetr return_uetr(const core::Uetr& original, std::string_view return_id);

}  // namespace corridor::iso20022
