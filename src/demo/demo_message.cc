#include "demo/demo_message.h"

#include <fmt/format.h>

#include "iso20022/fx_reference.h"
#include "iso20022/render_transfer.h"

namespace corridor::demo {
namespace {

iso20022::Agent agent(const TrafficModel& model, const core::Bic& bic) {
  iso20022::Agent a;
  a.present = true;
  a.bic = model.bic_text(bic);
  return a;
}

}  // namespace

iso20022::Message message_of(const TrafficModel& model, const DemoPayment& payment,
                             core::TimestampNs created_ns) {
  iso20022::Message m;
  const bool fi_transfer = is_pacs009(payment.kind);
  m.type = fi_transfer ? iso20022::MessageType::kPacs009v08 : iso20022::MessageType::kPacs008v08;
  m.header.present = true;
  m.header.from_bic = model.banks()[payment.sender].bic_text;
  m.header.to_bic = model.config().service.system_bic.to_string();
  m.header.business_message_id = payment.id;
  m.group.message_id = payment.id;
  m.group.created_ns = created_ns;
  m.group.number_of_transactions = 1;
  m.group.settlement_method = "CLRG";

  iso20022::Transaction t;
  t.instruction_id = payment.id;
  t.end_to_end_id = payment.id;
  t.transaction_id = payment.id;
  t.uetr = payment.uetr;
  t.currency = payment.currency;
  t.amount_minor = payment.amount_minor;
  t.settlement_date = model.config().service.value_date;
  t.instruction_priority = payment.urgent ? "HIGH" : "";
  t.instructing_agent = agent(model, payment.instructing_agent);
  t.instructed_agent = agent(model, payment.instructed_agent);
  // pacs.008: the customers' banks; pacs.009: the institutions themselves (Dbtr, Cdtr).
  t.debtor_agent = agent(model, payment.instructing_agent);
  t.creditor_agent = agent(model, payment.instructed_agent);
  if (fi_transfer) {
    if (payment.kind != PaymentKind::kInterbank) {
      t.remittance_unstructured.push_back(payment.kind == PaymentKind::kRolloverRepay
                                              ? "Repayment of overnight deposit"
                                              : "Overnight deposit");
    }
  } else {
    t.charge_bearer = "SHAR";
    t.debtor_name = std::string(debtor_name(payment));
    t.creditor_name = std::string(creditor_name(payment));
    t.remittance_unstructured.push_back(fmt::format("Invoice {}", payment.id));
  }
  if (payment.kind == PaymentKind::kCrossCurrency) {
    // Settled in the creditor's currency, instructed in the debtor's, at the quote.
    const DemoQuote* quote = nullptr;
    for (const DemoQuote& q : model.fx()->quotes) {
      if (q.quote_id == payment.quote_id) quote = &q;
    }
    t.currency = payment.settlement_currency;
    t.amount_minor = payment.settlement_amount_minor;
    t.instructed_amount_minor = payment.amount_minor;
    t.instructed_currency = payment.currency;
    iso20022::FxInstruction& fx = t.fx.get();
    fx.exchange_rate =
        iso20022::format_rate(iso20022::DecimalRate{quote->rate_units, quote->rate_scale});
    fx.next_agent_instructions.push_back(
        fmt::format("{}{}", iso20022::kQuoteReferencePrefix, payment.quote_id));
  } else if (payment.kind == PaymentKind::kDns) {
    t.payment_type.get().clearing_channel = "MPNS";
  }
  m.transactions.push_back(std::move(t));
  return m;
}

std::string render_payment(const TrafficModel& model, const DemoPayment& payment,
                           core::TimestampNs created_ns) {
  return iso20022::render_transfer(message_of(model, payment, created_ns));
}

}  // namespace corridor::demo
