#include "gateway/inbox_render.h"

#include <fmt/format.h>

#include "iso20022/fx_reference.h"
#include "iso20022/message_type.h"
#include "iso20022/parse.h"
#include "iso20022/render_transfer.h"

namespace corridor::gateway {
namespace {

std::string account_id(const core::Bic& holder, const core::CurrencyCode& currency) {
  return fmt::format("{}-{}", holder.to_string(), currency.view());
}

iso20022::MessageType transfer_type(core::PaymentType type) {
  switch (type) {
    case core::PaymentType::kFiCreditTransfer:
      return iso20022::MessageType::kPacs009v08;
    case core::PaymentType::kReturn:
      return iso20022::MessageType::kPacs004v09;
    default:
      return iso20022::MessageType::kPacs008v08;
  }
}

// The original message's transaction alone, as the debtor agent sent it.
std::optional<iso20022::Message> original_transfer(const PaymentRecord& p, const MessageLog* log) {
  if (log == nullptr) return std::nullopt;
  std::optional<LoggedMessage> logged = log->find(p.submitter, p.instruction_id);
  if (!logged) return std::nullopt;
  iso20022::Message message = iso20022::parse_message(logged->bytes);
  if (!message.type || logged->transaction_index >= message.transactions.size()) {
    return std::nullopt;
  }
  iso20022::Transaction transaction = std::move(message.transactions[logged->transaction_index]);
  message.transactions.clear();
  message.transactions.push_back(std::move(transaction));
  return message;
}

// What the journal alone says about the payment, for a message not in the log.
iso20022::Message rebuilt_transfer(const PaymentRecord& p) {
  iso20022::Message message;
  message.type = transfer_type(p.type);
  message.group.message_id = fmt::format("CRDR-{}", p.accepted_seq);
  message.group.created_ns = p.accepted_at_ns;
  message.group.settlement_method = "CLRG";
  iso20022::Transaction t;
  t.instruction_id = std::string(p.instruction_id.view());
  t.end_to_end_id = "NOTPROVIDED";
  t.transaction_id = std::string(p.instruction_id.view());
  t.uetr = p.uetr;
  t.currency = p.currency;
  t.amount_minor = p.amount_minor;
  t.settlement_date = p.value_date;
  t.instructing_agent.bic = p.debtor_agent.to_string();
  t.instructed_agent.bic = p.creditor_agent.to_string();
  t.debtor_agent.bic = p.debtor_agent.to_string();
  t.creditor_agent.bic = p.creditor_agent.to_string();
  t.charge_bearer = p.type == core::PaymentType::kCustomerCreditTransfer ? "SHAR" : "";
  if (p.type == core::PaymentType::kReturn) t.original_uetr = p.uetr;
  if (p.fx) {  // settled in the creditor's currency, instructed in the debtor's
    t.currency = p.fx->settlement_currency;
    t.amount_minor = p.fx->settlement_amount_minor;
    t.instructed_amount_minor = p.amount_minor;
    t.instructed_currency = p.currency;
    iso20022::FxInstruction& fx = t.fx.get();
    if (p.fx->rate_units > 0) {
      fx.exchange_rate =
          iso20022::format_rate(iso20022::DecimalRate{p.fx->rate_units, p.fx->rate_scale});
    }
    fx.next_agent_instructions.push_back(
        fmt::format("{}{}", iso20022::kQuoteReferencePrefix, p.fx->quote_id));
  }
  message.transactions.push_back(std::move(t));
  return message;
}

RenderedMessage forwarded(const InboxItem& item, const PaymentRecord& p, const core::Bic& reader,
                          const std::string& system_bic, const MessageLog* log) {
  iso20022::Message message = original_transfer(p, log).value_or(rebuilt_transfer(p));
  iso20022::Transaction& t = message.transactions.front();
  message.group.number_of_transactions = 1;
  if (message.group.control_sum_minor) message.group.control_sum_minor = t.amount_minor;
  if (message.group.total_minor) {
    message.group.total_minor = t.amount_minor;
    message.group.total_currency = t.currency;
  }
  // Corridor delivers it: its own AppHdr, the debtor agent's Document.
  RenderedMessage out;
  out.message_id = fmt::format("CRDR-FWD-{}-{}", item.entry.seq, item.entry.cursor);
  message.header.present = true;
  message.header.from_bic = system_bic;
  message.header.to_bic = reader.to_string();
  message.header.business_message_id = out.message_id;
  if (*message.type == iso20022::MessageType::kPacs004v10) {
    message.type = iso20022::MessageType::kPacs004v09;  // the version Corridor sends
  }
  message.header.message_definition_id = std::string(iso20022::message_id(*message.type));
  out.message_type = message.header.message_definition_id;
  out.xml = iso20022::render_transfer(message);
  return out;
}

RenderedMessage notification(const InboxItem& item, const PaymentRecord& p, const core::Bic& reader,
                             const std::string& system_bic) {
  const bool debit = item.entry.kind == InboxKind::kDebitNotification;
  RenderedMessage out;
  out.message_type = "camt.054.001.08";
  out.message_id = fmt::format("CRDR-CAMT054-{}-{}", item.entry.seq, item.entry.cursor);
  iso20022::NotificationInput n;
  n.message_id = out.message_id;
  n.created_at_ns = item.entry.at_ns;
  n.notification_id = out.message_id;
  // A cross-currency payment's leg: its own currency and the FX provider's account.
  const LegView leg = p.leg(item.entry.leg);
  const core::Bic& holder = debit ? leg.debtor_holder : leg.creditor_holder;
  n.account =
      iso20022::AccountInput{account_id(holder, leg.currency), std::string(leg.currency.view()),
                             holder.to_string(), system_bic};
  n.entries.push_back(entry_input_of(item));
  iso20022::render_camt054(
      iso20022::HeaderInput{system_bic, reader.to_string(), out.message_id, item.entry.at_ns, ""},
      n, out.xml);
  return out;
}

RenderedMessage status_report(const InboxItem& item, const PaymentRecord& p,
                              const core::Bic& reader, const std::string& system_bic) {
  RenderedMessage out;
  out.message_type = "pacs.002.001.10";
  out.message_id = fmt::format("CRDR-PACS002-{}-{}", item.entry.seq, item.entry.cursor);
  iso20022::StatusReportInput r;
  r.message_id = out.message_id;
  r.created_at_ns = item.entry.at_ns;
  r.instructing_agent_bic = system_bic;
  r.instructed_agent_bic = reader.to_string();
  r.original_message_name_id = std::string(iso20022::message_id(transfer_type(p.type)));
  iso20022::StatusTransaction t;
  t.original_message_id = "NOTPROVIDED";  // several messages' payments may be reported
  t.original_instruction_id = std::string(p.instruction_id.view());
  t.uetr = p.uetr.to_string();
  t.accepted_at_ns = p.accepted_at_ns;
  t.clearing_system_reference = fmt::format("CRDR-{}", item.entry.seq);
  if (item.entry.state == PaymentState::kSettled) {
    t.status = iso20022::PaymentStatus::kSettled;
    t.settled_at_ns = item.entry.at_ns;
  } else {
    t.status = iso20022::PaymentStatus::kRejected;
    t.reason = item.entry.reason;
    if (item.entry.state == PaymentState::kCancelled) t.reason_detail = "cancelled on request";
  }
  r.transactions.push_back(std::move(t));
  iso20022::render_pacs002(
      iso20022::HeaderInput{system_bic, reader.to_string(), out.message_id, item.entry.at_ns, ""},
      r, out.xml);
  return out;
}

RenderedMessage resolution(const InboxItem& item, const core::Bic& reader,
                           const std::string& system_bic) {
  RenderedMessage out;
  out.message_type = "camt.029.001.09";
  out.message_id = resolution_id(item.entry.seq);
  iso20022::ResolutionInput r;
  r.assignment_id = out.message_id;
  r.assigner_bic = system_bic;
  r.assignee_bic = reader.to_string();
  r.created_at_ns = item.entry.at_ns;
  r.uetr = item.entry.uetr.to_string();
  if (item.payment) {
    r.original_instruction_id = std::string(item.payment->instruction_id.view());
    r.original_message_name_id =
        std::string(iso20022::message_id(transfer_type(item.payment->type)));
  }
  set_resolution_outcome(r, item.entry.cancellation, item.entry.accepted, item.entry.reason);
  iso20022::render_camt029(
      iso20022::HeaderInput{system_bic, reader.to_string(), out.message_id, item.entry.at_ns, ""},
      r, out.xml);
  return out;
}

}  // namespace

iso20022::EntryInput entry_input_of(const InboxItem& item) {
  iso20022::EntryInput e;
  const PaymentRecord& p = *item.payment;
  const LegView leg = p.leg(item.entry.leg);
  e.amount_minor = leg.amount_minor;
  e.currency = std::string(leg.currency.view());
  e.direction = item.entry.kind == InboxKind::kDebitNotification ? iso20022::CreditDebit::kDebit
                                                                 : iso20022::CreditDebit::kCredit;
  e.entry_reference = fmt::format("{}", item.entry.seq);
  e.booked_at_ns = item.entry.at_ns;
  e.value_date = item.entry.value_date;
  e.account_servicer_reference = fmt::format("CRDR-{}", item.entry.seq);
  if (p.type == core::PaymentType::kLiquidityTransfer) e.bank_transaction_subfamily = "BOOK";
  e.instruction_id = std::string(p.instruction_id.view());
  e.uetr = p.uetr.to_string();
  if (!leg.debtor_agent.empty()) e.debtor_agent_bic = leg.debtor_agent.to_string();
  if (!leg.creditor_agent.empty()) e.creditor_agent_bic = leg.creditor_agent.to_string();
  return e;
}

std::string resolution_id(uint64_t seq) {
  return fmt::format("CRDR-CAMT029-{}", seq);
}

void set_resolution_outcome(iso20022::ResolutionInput& r, bool cancellation, bool accepted,
                            core::Reason reason) {
  r.accepted = accepted;
  r.reason = reason;
  if (!cancellation) {
    r.cancellation_status = "-";  // nothing was to be cancelled
    if (accepted) {
      r.confirmation = "MODI";
    } else {
      r.reason_as_sent = iso20022::ReasonInput{std::string(core::iso_code(reason)), false,
                                               std::string(core::reason_text(reason))};
    }
  }
}

nlohmann::json inbox_item_json(const InboxItem& item, const core::Bic& reader,
                               const std::string& system_bic, const MessageLog* messages,
                               JsonLog& log) {
  nlohmann::json m{{"cursor", item.entry.cursor},
                   {"kind", to_string(item.entry.kind)},
                   {"journal_seq", item.entry.seq},
                   {"uetr", item.entry.uetr.to_string()}};
  try {
    RenderedMessage rendered = render_inbox_item(item, reader, system_bic, messages);
    m["message_type"] = rendered.message_type;
    m["message_id"] = rendered.message_id;
    m["xml"] = std::move(rendered.xml);
  } catch (const std::exception& e) {
    m["error"] = std::string("cannot render: ") + e.what();
    log.write("error", {{"what", "inbox entry not renderable"},
                        {"participant", reader.to_string()},
                        {"cursor", item.entry.cursor},
                        {"error", e.what()}});
  }
  return m;
}

RenderedMessage render_inbox_item(const InboxItem& item, const core::Bic& reader,
                                  const std::string& system_bic, const MessageLog* log) {
  if (item.entry.kind == InboxKind::kResolution) return resolution(item, reader, system_bic);
  // Every other kind is about a payment the views hold.
  const PaymentRecord& p = *item.payment;
  switch (item.entry.kind) {
    case InboxKind::kForwardedPayment:
      return forwarded(item, p, reader, system_bic, log);
    case InboxKind::kDebitNotification:
    case InboxKind::kCreditNotification:
      return notification(item, p, reader, system_bic);
    case InboxKind::kStatusReport:
      return status_report(item, p, reader, system_bic);
    case InboxKind::kResolution:
      break;
  }
  return {};
}

}  // namespace corridor::gateway
