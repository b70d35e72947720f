#include "sim/report.h"

#include <fmt/format.h>

#include <iterator>

#include "sim/money_format.h"
#include "sim/scenario.h"
#include "sim/virtual_time.h"

namespace corridor::sim {
namespace {

using Out = std::back_insert_iterator<std::string>;

std::string time_of_day(core::TimestampNs at_ns) {
  return format_seconds(at_ns / kNsPerSecond % kSecondsPerDay);
}

std::string count_text(uint64_t count) {
  return format_minor(static_cast<int64_t>(count), 0);
}

void line(Out out, std::string_view label, const CountValue& cv, int minor_units,
          std::string_view suffix = "") {
  fmt::format_to(out, "  {:<26}{:>10}  {:>24}{}\n", label, count_text(cv.count),
                 format_minor(cv.value_minor, minor_units), suffix);
}

void currency_section(Out out, const CurrencyFigures& c) {
  const int mu = c.minor_units;
  fmt::format_to(out, "\n{} (minor units {})                count  {:>24}\n", c.code.view(), mu,
                 "value");
  line(out, "submitted", c.submitted, mu);
  line(out, "settled", c.settled, mu,
       fmt::format("  ({} of value)",
                   format_percent(c.settled.value_minor, c.submitted.value_minor)));
  const auto by = [&](core::SettledBy how) { return c.settled_by[static_cast<size_t>(how)]; };
  line(out, "  at entry", by(core::SettledBy::kEntry), mu);
  line(out, "  by offsetting on entry", by(core::SettledBy::kOffsetting), mu);
  line(out, "  from the queue", by(core::SettledBy::kQueueResolution), mu);
  line(out, "  by gridlock resolution", by(core::SettledBy::kGridlockResolution), mu);
  if (c.settled_dns.count > 0) line(out, "  in DNS cycles", c.settled_dns, mu);
  line(out, "rejected on submission", c.rejected_on_submission, mu);
  line(out, "rejected after queueing", c.rejected_later, mu);
  if (c.peak_queue.count > 0) {
    line(out, "peak queue by value", c.peak_queue, mu,
         fmt::format("  at {}", time_of_day(c.peak_queue_at_ns)));
    line(out, "peak queue by count", c.peak_queue_by_count, mu,
         fmt::format("  at {}", time_of_day(c.peak_queue_by_count_at_ns)));
  } else {
    fmt::format_to(out, "  {:<26}{:>10}\n", "peak queue", "none");
  }
  if (c.delayed_settled_count > 0) {
    const int64_t mean_s =
        c.delay_total_ns / static_cast<int64_t>(c.delayed_settled_count) / kNsPerSecond;
    fmt::format_to(out, "  {:<26}{:>10}  mean {}, max {}\n", "queued, then settled",
                   count_text(c.delayed_settled_count), format_seconds(mean_s),
                   format_seconds(c.delay_max_ns / kNsPerSecond));
  }
  line(out, "opening liquidity provided", c.liquidity_transfers, mu);
}

void rejections_section(Out out, const SimFigures& f) {
  fmt::format_to(out, "\nRejections by reason\n");
  bool any = false;
  for (size_t r = 0; r < f.rejected_by_reason.size(); ++r) {
    if (f.rejected_by_reason[r] == 0) continue;
    const auto reason = static_cast<core::Reason>(r);
    fmt::format_to(out, "  {:<4}  {:<64}{:>10}\n", core::iso_code(reason),
                   core::reason_text(reason), count_text(f.rejected_by_reason[r]));
    any = true;
  }
  if (!any) fmt::format_to(out, "  none\n");
  if (f.cancelled > 0) fmt::format_to(out, "  cancelled: {}\n", count_text(f.cancelled));
}

void gridlock_section(Out out, const SimFigures& f) {
  if (f.gridlock_spec.interval_minutes == 0) {
    fmt::format_to(out, "\nGridlock resolution: off\n");
    return;
  }
  fmt::format_to(out, "\nGridlock resolution ({}, every {} minutes)\n",
                 algorithm_key(f.gridlock_spec.algorithm), f.gridlock_spec.interval_minutes);
  fmt::format_to(out, "  runs {}, of which settled something {}, payments settled {}\n",
                 count_text(f.gridlock.runs), count_text(f.gridlock.runs_settling),
                 count_text(f.gridlock.payments_settled));
}

void dns_section(Out out, const SimFigures& f) {
  if (f.dns.cycle_minutes == 0) return;
  fmt::format_to(out, "\nDeferred net settlement (normal payments, every {} minutes)\n",
                 f.dns.cycle_minutes);
  fmt::format_to(out, "  payments in cycles {}, cycles settled {}, refused {}\n",
                 count_text(f.dns.submitted), count_text(f.dns.cycles_settled),
                 count_text(f.dns.cycles_refused));
}

void accounts_section(Out out, const SimFigures& f) {
  fmt::format_to(out, "\nLiquidity by account (end-of-day report)\n");
  fmt::format_to(out, "  {:<11} {:<3} {:>20} {:>20} {:>20} {:>20} {:>20}\n", "BIC", "ccy",
                 "opening", "closing", "peak liquidity use", "peak credit use", "credit line");
  for (const AccountFigures& a : f.accounts) {
    const int mu = a.minor_units;
    fmt::format_to(
        out, "  {:<11} {:<3} {:>20} {:>20} {:>20} {:>20} {:>20}\n", a.bic.to_string(),
        a.currency.view(), format_minor(a.balance_open_minor, mu),
        format_minor(a.balance_close_minor, mu), format_minor(a.peak_liquidity_use_minor, mu),
        format_minor(a.peak_credit_use_minor, mu), format_minor(a.credit_line_minor, mu));
  }
}

}  // namespace

std::string format_report(const SimFigures& f) {
  std::string text;
  Out out(text);
  fmt::format_to(out, "Corridor simulation: {}\n",
                 f.scenario_name.empty() ? "(unnamed)" : f.scenario_name);
  fmt::format_to(out, "value date {}, business day {} to {} UTC, next value date {}\n",
                 format_date(f.value_date), format_seconds(f.day_start_seconds),
                 format_seconds(f.day_end_seconds), format_date(f.next_value_date));
  fmt::format_to(out, "seed {}, {} payments, {} commands\n", f.seed, count_text(f.payments_planned),
                 count_text(f.commands_applied));
  for (const CurrencyFigures& c : f.currencies) currency_section(out, c);
  rejections_section(out, f);
  gridlock_section(out, f);
  dns_section(out, f);
  accounts_section(out, f);

  fmt::format_to(out, "\n");
  if (f.invariant_violations.empty()) {
    fmt::format_to(out, "Invariants: all hold ({} checks)\n", count_text(f.invariant_checks));
  } else {
    fmt::format_to(out, "Invariants: VIOLATED after command {} (the run stopped there):\n",
                   count_text(f.violation_after_command));
    for (const std::string& v : f.invariant_violations) fmt::format_to(out, "  {}\n", v);
  }
  fmt::format_to(out, "State hash: {:016x}\n", f.state_hash);
  return text;
}

}  // namespace corridor::sim
