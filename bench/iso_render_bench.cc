// Rendering what Corridor sends for each settled payment: a pacs.002 ACSC to
// the debtor's bank and a camt.054 credit notification to the creditor's bank
// (issue 4's target: at least 200,000 payments/s on one core).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "iso20022/mapping.h"
#include "iso20022/parse.h"
#include "iso20022/render.h"
#include "iso20022/status_report.h"
#include "iso_bench_messages.h"

namespace {

using namespace corridor::iso20022;

constexpr corridor::core::TimestampNs kAtNs = 1'795'774'530'123'456'789;

struct SettledPayment {
  HeaderInput status_header{"CORRXXYYXXX", "BANKDEFFXXX", "CORR-STS-0000000001", kAtNs, ""};
  HeaderInput notification_header{"CORRXXYYXXX", "BANKGB2LXXX", "CORR-NTF-0000000001", kAtNs, ""};
  StatusReportInput status;
  NotificationInput notification;

  SettledPayment() {
    status.message_id = "CORR-STS-0000000001";
    status.created_at_ns = kAtNs;
    status.instructing_agent_bic = "CORRXXYYXXX";
    status.instructed_agent_bic = "BANKDEFFXXX";
    status.original_message_id = "BANKDEFF-20261127-000042";
    StatusTransaction tx;
    tx.original_instruction_id = "INSTR-000042";
    tx.original_end_to_end_id = "E2E-INVOICE-2026-11-000042";
    tx.uetr = "eb6305c9-1f7f-49de-aed0-16487c27b42d";
    tx.status = PaymentStatus::kSettled;
    tx.accepted_at_ns = kAtNs;
    tx.settled_at_ns = kAtNs;
    tx.clearing_system_reference = "CORR-0000000001";
    status.transactions.push_back(tx);

    notification.message_id = "CORR-NTF-0000000001";
    notification.created_at_ns = kAtNs;
    notification.notification_id = "CORR-NTF-0000000001";
    notification.account = AccountInput{"BANKGB2L-EUR", "EUR", "BANKGB2LXXX", "CORRXXYYXXX"};
    EntryInput e;
    e.amount_minor = 123'456'789;
    e.currency = "EUR";
    e.direction = CreditDebit::kCredit;
    e.entry_reference = "CORR-0000000001";
    e.booked_at_ns = kAtNs;
    e.value_date = 20261127;
    e.account_servicer_reference = "CORR-0000000001";
    e.message_id = "BANKDEFF-20261127-000042";
    e.instruction_id = "INSTR-000042";
    e.end_to_end_id = "E2E-INVOICE-2026-11-000042";
    e.uetr = tx.uetr;
    e.debtor_agent_bic = "BANKDEFFXXX";
    e.creditor_agent_bic = "BANKGB2LXXX";
    notification.entries.push_back(e);
  }
};

// One iteration = one settled payment = pacs.002 + camt.054, into reused buffers
// (as a sender thread would: the text goes to the network, the buffer stays).
void BM_RenderSettledPayment(benchmark::State& state) {
  const SettledPayment payment;
  std::string status_xml;
  std::string notification_xml;
  status_xml.reserve(4096);
  notification_xml.reserve(4096);
  for (auto _ : state) {
    status_xml.clear();
    notification_xml.clear();
    render_pacs002(payment.status_header, payment.status, status_xml);
    render_camt054(payment.notification_header, payment.notification, notification_xml);
    benchmark::DoNotOptimize(status_xml.data());
    benchmark::DoNotOptimize(notification_xml.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(status_xml.size() + notification_xml.size()));
}
BENCHMARK(BM_RenderSettledPayment);

void BM_RenderPacs002Settled(benchmark::State& state) {
  const SettledPayment payment;
  std::string xml;
  xml.reserve(4096);
  for (auto _ : state) {
    xml.clear();
    render_pacs002(payment.status_header, payment.status, xml);
    benchmark::DoNotOptimize(xml.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderPacs002Settled);

void BM_RenderCamt054Credit(benchmark::State& state) {
  const SettledPayment payment;
  std::string xml;
  xml.reserve(4096);
  for (auto _ : state) {
    xml.clear();
    render_camt054(payment.notification_header, payment.notification, xml);
    benchmark::DoNotOptimize(xml.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderCamt054Credit);

// The service's answer to a 100-transaction pacs.008 whose payments all
// settled (gateway/message_endpoint.cc): the report built from the parsed
// message, its mapping and the core's outcomes, rendered into a new string.
// Items = transactions.
void answer_hundred(benchmark::State& state, bool long_ids) {
  constexpr int kTransactions = 100;
  const std::string sent = corridor::bench::pacs008(1, kTransactions);
  const Message message = parse_message(long_ids ? corridor::bench::with_long_ids(sent) : sent);
  const Mapping mapping = map_to_commands(message);
  if (!message.ok() || !mapping.ok() || mapping.payments.size() != kTransactions) {
    state.SkipWithError("the benchmark's pacs.008 does not map");
    return;
  }
  std::vector<TransactionOutcome> outcomes(mapping.payments.size());
  for (size_t i = 0; i < outcomes.size(); ++i) {
    outcomes[i].transaction_index = mapping.payments[i].transaction_index;
    outcomes[i].result =
        corridor::core::Result{corridor::core::Outcome::kSettled, corridor::core::Reason::kNone};
    outcomes[i].at_ns = kAtNs + static_cast<int64_t>(i) * 1'000;
  }
  const std::string answer_id = "CRDR-PACS002-1";
  const AnswerIdentity identity{answer_id, kAtNs, "CRDRXXYYXXX"};
  const HeaderInput header{"CRDRXXYYXXX", "BANKDEFFXXX", answer_id, kAtNs, ""};
  size_t bytes = 0;
  for (auto _ : state) {
    const StatusReportInput report = status_report_for(message, mapping, outcomes, identity);
    std::string body;
    render_pacs002(header, report, body);
    bytes = body.size();
    benchmark::DoNotOptimize(body.data());
  }
  state.SetItemsProcessed(state.iterations() * kTransactions);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}
void BM_RenderPacs002AnswerHundred(benchmark::State& state) {
  answer_hundred(state, /*long_ids=*/false);
}
BENCHMARK(BM_RenderPacs002AnswerHundred);
// The same with 20-character and longer ids, as the service benchmark sends.
void BM_RenderPacs002AnswerHundredLongIds(benchmark::State& state) {
  answer_hundred(state, /*long_ids=*/true);
}
BENCHMARK(BM_RenderPacs002AnswerHundredLongIds);

}  // namespace
