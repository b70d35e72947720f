#include "demo/summary.h"

#include <fmt/format.h>

#include <algorithm>

#include "demo/text.h"
#include "iso20022/fx_reference.h"

namespace corridor::demo {

uint64_t DemoSummary::settled_total() const {
  uint64_t total = 0;
  for (uint64_t n : settled_at_entry_count) total += n;
  for (uint64_t n : settled_after_queue_count) total += n;
  return total;
}

double percentile_ms(std::vector<int64_t> latencies_ns, double p) {
  if (latencies_ns.empty()) return 0;
  const size_t at = std::min(latencies_ns.size() - 1,
                             static_cast<size_t>(p * static_cast<double>(latencies_ns.size())));
  std::nth_element(latencies_ns.begin(), latencies_ns.begin() + static_cast<std::ptrdiff_t>(at),
                   latencies_ns.end());
  return static_cast<double>(latencies_ns[at]) / 1e6;
}

std::string format_summary(const DemoSummary& s) {
  const std::vector<DemoCurrency>& currencies = s.model->currencies();
  std::string out;
  auto line = [&](std::string_view label, const std::string& text) {
    out += fmt::format("  {:<22}{}\n", label, text);
  };
  const std::string interrupted =
      s.interrupted ? fmt::format(" (interrupted: {} s planned)", s.model->options().seconds) : "";
  out += fmt::format("\nSummary: {:.1f} s{}, {} banks, seed {}, {} payments/s planned\n",
                     s.elapsed_s, interrupted, s.model->banks().size(), s.model->options().seed,
                     s.model->options().rate_per_second);
  const StatsSnapshot& st = s.stats;
  std::string sent =
      fmt::format("{} payments, {} answered", grouped(st.sent), grouped(st.answered));
  if (st.rate_limited > 0) sent += fmt::format(", {} resent after 429", grouped(st.rate_limited));
  if (st.busy > 0) sent += fmt::format(", {} resent after 503", grouped(st.busy));
  line("sent", sent);
  if (st.not_sent > 0) {
    line("not sent", fmt::format("{} planned, left when the run ended (the banks fell behind)",
                                 grouped(st.not_sent)));
  }

  uint64_t at_entry = 0, after_queue = 0;
  for (size_t c = 0; c < currencies.size(); ++c) {
    at_entry += s.settled_at_entry_count[c];
    after_queue += s.settled_after_queue_count[c];
  }
  line("settled", fmt::format("{} ({} at once, {} after queueing)", grouped(s.settled_total()),
                              grouped(at_entry), grouped(after_queue)));
  for (size_t c = 0; c < currencies.size(); ++c) {
    const DemoCurrency& cur = currencies[c];
    line(fmt::format("  {}", cur.code.view()),
         fmt::format("{:>9}  {:>24}",
                     grouped(s.settled_at_entry_count[c] + s.settled_after_queue_count[c]),
                     money(s.settled_at_entry_minor[c] + s.settled_after_queue_minor[c],
                           cur.minor_units, cur.code)));
  }
  line("queued at end", grouped(s.queued_at_end.total_count()));
  for (size_t c = 0; c < currencies.size(); ++c) {
    if (s.queued_at_end.count[c] == 0) continue;
    const DemoCurrency& cur = currencies[c];
    line(fmt::format("  {}", cur.code.view()),
         fmt::format("{:>9}  {:>24}", grouped(s.queued_at_end.count[c]),
                     money(s.queued_at_end.value_minor[c], cur.minor_units, cur.code)));
  }
  line("rejected", grouped(st.rejected));
  for (const auto& [code, r] : s.rejected_by_reason) {
    line(fmt::format("  {}", code), fmt::format("{:>9}  {}", grouped(r.count), r.text));
  }
  if (st.other_status > 0) line("other status", grouped(st.other_status));
  if (const std::optional<DemoFx>& fx = s.model->fx()) {
    std::string quotes;
    for (const DemoQuote& q : fx->quotes) {
      quotes += fmt::format("{}{} {}/{} {}", quotes.empty() ? "" : ", ", q.quote_id,
                            currencies[q.base].code.view(), currencies[q.quote].code.view(),
                            iso20022::format_rate({q.rate_units, q.rate_scale}));
    }
    line("cross-currency",
         fmt::format("{} settled at once, {} queued, {} rejected (FX provider {}, quotes {})",
                     grouped(st.cross_currency_settled), grouped(st.cross_currency_queued),
                     grouped(st.cross_currency_rejected), s.model->banks()[fx->provider].bic_text,
                     quotes));
  }
  uint64_t dns_settled = 0, dns_cycles_settled = 0;
  for (const DnsCycleOutcome& c : s.dns_cycles) {
    if (!c.settled) continue;
    ++dns_cycles_settled;
    dns_settled += c.payment_count;
  }
  line("DNS", fmt::format("{} accepted, {} rejected; {} cycles settled with {} payments",
                          grouped(st.dns_accepted), grouped(st.dns_rejected),
                          grouped(dns_cycles_settled), grouped(dns_settled)));
  for (const DnsCycleOutcome& c : s.dns_cycles) {
    const DemoCurrency& cur = currencies[c.currency];
    line(fmt::format("  {}", cur.code.view()),
         c.settled ? fmt::format("{:>9}  {:>24}  fund {}", grouped(c.payment_count),
                                 money(c.gross_minor, cur.minor_units, cur.code),
                                 money(c.fund_after_minor, cur.minor_units, cur.code))
                   : fmt::format("{:>9}  NOT SETTLED: {}", grouped(c.payment_count), c.reason));
  }
  line("peak queue", fmt::format("{} payments at once", grouped(s.peaks.total_count())));
  for (size_t c = 0; c < currencies.size(); ++c) {
    const DemoCurrency& cur = currencies[c];
    line(fmt::format("  {}", cur.code.view()),
         fmt::format("{:>9}  {:>24}", grouped(s.peaks.count()[c]),
                     money(s.peaks.value_minor()[c], cur.minor_units, cur.code)));
  }
  const double throughput = s.elapsed_s > 0 ? static_cast<double>(st.answered) / s.elapsed_s : 0;
  line("throughput", fmt::format("{:.1f} payments/s answered", throughput));
  line("latency",
       fmt::format("p50 {:.2f} ms  p99 {:.2f} ms  max {:.2f} ms (request to pacs.002)",
                   percentile_ms(s.latencies_ns, 0.50), percentile_ms(s.latencies_ns, 0.99),
                   percentile_ms(s.latencies_ns, 1.0)));
  line("journal", fmt::format("seq {}  head {}", grouped(s.journal_last_seq), s.journal_head));
  if (!s.journal_fault.empty()) line("JOURNAL FAULT", s.journal_fault);
  const uint64_t trouble =
      st.http_errors + st.unreadable_answers + st.transport_errors + st.banks_failed;
  if (trouble > 0) {
    line("errors",
         fmt::format("{} HTTP errors, {} unreadable answers, {} broken connections, {} "
                     "banks failed",
                     st.http_errors, st.unreadable_answers, st.transport_errors, st.banks_failed));
  }
  return out;
}

std::string format_queries(const QueryHints& h) {
  std::string out = "\n";
  if (h.running) {
    out += fmt::format(
        "The service stays up at https://127.0.0.1:{} (Ctrl-C or SIGTERM stops it). Query it:\n",
        h.port);
  } else {
    out += fmt::format(
        "The service has stopped. To query what the run left, start it again on the demo's journal "
        "and PKI:\n  {} serve --config {} --pki-dir {} --journal-dir {} --port {} &\nthen:\n",
        h.corridor, h.config_path, h.pki_dir, h.journal_dir, h.port);
  }
  const std::string base = fmt::format("https://localhost:{}", h.port);
  out += fmt::format("  PKI={}\n", h.pki_dir);
  out += fmt::format(
      "  curl --cacert $PKI/ca.pem --cert $PKI/{0}.pem --key $PKI/{0}.key {1}/healthz\n", h.reader,
      base);
  out += fmt::format(
      "  curl --cacert $PKI/ca.pem --cert $PKI/operator.pem --key $PKI/operator.key {}/metrics\n",
      base);
  if (!h.example_message.empty()) {
    out += fmt::format(
        "  curl --cacert $PKI/ca.pem --cert $PKI/{0}.pem --key $PKI/{0}.key \\\n"
        "       -H 'Content-Type: application/xml' --data-binary @{1} {2}/v1/messages\n",
        h.example_sender, h.example_message, base);
  }
  const std::string as_reader =
      fmt::format("curl --cacert $PKI/ca.pem --cert $PKI/{0}.pem --key $PKI/{0}.key", h.reader);
  out += fmt::format("  {} '{}/v1/inbox?after=0&limit=5'\n", as_reader, base);
  out += fmt::format("  {} {}/v1/accounts\n", as_reader, base);
  out += fmt::format("  {} {}/v1/reports/intraday\n", as_reader, base);
  if (!h.sample_uetr.empty()) {
    out += fmt::format("  {} {}/v1/payments/{}\n", as_reader, base, h.sample_uetr);
    out += fmt::format("  {} {}/v1/receipts/{} > receipt.json\n", as_reader, base, h.sample_uetr);
    out += fmt::format("  {} receipt verify receipt.json --operator-cert $PKI/operator.pem\n",
                       h.corridor);
  }
  out += fmt::format("  {} admin --pki-dir $PKI --port {} queues\n", h.corridor, h.port);
  out += fmt::format("  {} journal verify {}\n", h.corridor, h.journal_dir);
  return out;
}

}  // namespace corridor::demo
