#include "sim/sweep_output.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/money.h"
#include "sim/money_format.h"
#include "sim/svg_chart.h"
#include "sim/virtual_time.h"

namespace corridor::sim {
namespace {

constexpr int64_t kNsPerMs = 1'000'000;

// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
std::string csv(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

const char* delay_class_name(size_t bucket) {
  static const char* const kNames[kDelayBuckets] = {
      "0", "<=1min", "<=5min", "<=15min", "<=30min", "<=1h", "<=2h", "<=4h", ">4h"};
  return kNames[bucket];
}

// The level the per-day charts show: the middle of the sweep.
uint32_t reference_level(const SweepResult& r) {
  return (r.spec.levels - 1) / 2;
}

std::string hhmm(int64_t seconds_of_day) {
  return format_seconds(seconds_of_day).substr(0, 5);
}

// A delay for people: "0s", "42s", "12m 05s", "2h 03m".
std::string format_delay(int64_t delay_ns) {
  const int64_t s = delay_ns / kNsPerSecond;
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
  return fmt::format("{}h {:02}m", s / 3600, (s % 3600) / 60);
}

const AccountBounds* bounds_of(const SweepResult& r, const core::Bic& bic,
                               const core::CurrencyCode& currency) {
  for (const AccountBounds& b : r.bounds) {
    if (b.bic == bic && b.currency == currency) return &b;
  }
  return nullptr;
}

std::string bounds_csv(const SweepResult& r) {
  std::string out = "currency,bic,name,lower_bound_minor,upper_bound_minor\n";
  for (const AccountBounds& b : r.bounds) {
    out += fmt::format("{},{},{},{},{}\n", b.currency.view(), b.bic.to_string(), csv(b.name),
                       b.lower_minor, b.upper_minor);
  }
  return out;
}

std::string runs_csv(const SweepResult& r) {
  std::string out =
      "policy,level,currency,liquidity_minor,submitted_count,submitted_value_minor,"
      "settled_count,settled_value_minor,unsettled_count,unsettled_value_minor,"
      "delay_value_weighted_mean_ms,delay_value_weighted_p99_ms,delay_max_ms,"
      "peak_queue_value_minor,offsetting_settled_value_minor,gridlock_runs,"
      "gridlocks_resolved,gridlock_payments_settled,gridlock_value_settled_minor,"
      "dns_settled_count,dns_settled_value_minor,dns_cycles_settled,dns_cycles_refused,"
      "dns_rejected_over_cap_count\n";
  for (const SweepRun& run : r.runs) {
    const SimFigures& f = run.figures;
    for (const CurrencyFigures& c : f.currencies) {
      const CountValue& offsetting =
          c.settled_by[static_cast<size_t>(core::SettledBy::kOffsetting)];
      const CountValue& gridlock =
          c.settled_by[static_cast<size_t>(core::SettledBy::kGridlockResolution)];
      out += fmt::format(
          "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
          r.policies[run.policy].key, run.level, c.code.view(),
          liquidity_total(r, c.code, run.level), c.submitted.count, c.submitted.value_minor,
          c.settled.count, c.settled.value_minor, c.submitted.count - c.settled.count,
          c.submitted.value_minor - c.settled.value_minor,
          c.delay_value_weighted_mean_ns / kNsPerMs, c.delay_value_weighted_p99_ns / kNsPerMs,
          c.delay_max_ns / kNsPerMs, c.peak_queue.value_minor, offsetting.value_minor,
          f.gridlock.runs, f.gridlock.runs_settling, gridlock.count, gridlock.value_minor,
          c.settled_dns.count, c.settled_dns.value_minor, f.dns.cycles_settled,
          f.dns.cycles_refused,
          f.rejected_by_reason[static_cast<size_t>(core::Reason::kNetDebitCapExceeded)]);
    }
  }
  return out;
}

std::string queue_csv(const SweepResult& r) {
  std::string out = "policy,level,currency,time,queue_count,queue_value_minor\n";
  for (const SweepRun& run : r.runs) {
    for (const CurrencyFigures& c : run.figures.currencies) {
      for (const QueueSample& q : c.queue_series) {
        out += fmt::format("{},{},{},{},{},{}\n", r.policies[run.policy].key, run.level,
                           c.code.view(), format_seconds(q.at_seconds), q.count, q.value_minor);
      }
    }
  }
  return out;
}

std::string peak_liquidity_csv(const SweepResult& r) {
  std::string out =
      "policy,level,currency,bic,opening_liquidity_minor,peak_liquidity_use_minor,"
      "lower_bound_minor,upper_bound_minor\n";
  for (const SweepRun& run : r.runs) {
    for (const AccountFigures& a : run.figures.accounts) {
      const AccountBounds* b = bounds_of(r, a.bic, a.currency);
      out +=
          fmt::format("{},{},{},{},{},{},{},{}\n", r.policies[run.policy].key, run.level,
                      a.currency.view(), a.bic.to_string(), a.balance_open_minor,
                      a.peak_liquidity_use_minor, b ? b->lower_minor : 0, b ? b->upper_minor : 0);
    }
  }
  return out;
}

std::string delay_distribution_csv(const SweepResult& r) {
  std::string out = "policy,level,currency,delay_class,count,value_minor\n";
  for (const SweepRun& run : r.runs) {
    for (const CurrencyFigures& c : run.figures.currencies) {
      for (size_t b = 0; b < kDelayBuckets; ++b) {
        out += fmt::format("{},{},{},{},{},{}\n", r.policies[run.policy].key, run.level,
                           c.code.view(), delay_class_name(b), c.delay_buckets[b].count,
                           c.delay_buckets[b].value_minor);
      }
    }
  }
  return out;
}

// --- The HTML report ---

class Report {
 public:
  explicit Report(const SweepResult& r) : r_(r) {}

  std::string render() {
    const SimFigures& first = r_.runs.front().figures;
    out_ += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out_ +=
        fmt::format("<title>Corridor simulation: {}</title>\n", html_escape(first.scenario_name));
    out_ +=
        "<style>body{font-family:sans-serif;margin:24px;color:#222}"
        "table{border-collapse:collapse;margin:8px 0 16px}"
        "td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}"
        "td.n{text-align:right;font-variant-numeric:tabular-nums}"
        "th{background:#f3f3f3}svg.chart{display:block;margin:8px 0 20px}"
        "p.note{color:#555;font-size:13px;max-width:60em}</style>\n</head>\n<body>\n";
    out_ += fmt::format("<h1>Corridor simulation: {}</h1>\n", html_escape(first.scenario_name));
    out_ += fmt::format(
        "<p>Value date {}, business day {}–{}, {} payments, seed {}. {} policies × {} "
        "liquidity levels from the lower to the upper bound (Bech and Soramäki), {} runs of "
        "the settlement core. Gridlock resolution every {} minutes.</p>\n",
        format_date(first.value_date), hhmm(first.day_start_seconds), hhmm(first.day_end_seconds),
        first.payments_planned, first.seed, r_.policies.size(), r_.spec.levels, r_.runs.size(),
        r_.spec.gridlock_interval_minutes);
    summary();
    for (size_t ci = 0; ci < first.currencies.size(); ++ci) currency_section(ci);
    out_ +=
        "<p class=\"note\">Every policy settles FIFO with offsetting on entry (settlement "
        "rules 1–4). Delay: from submission (or the earliest time) to settlement, weighted by "
        "value; a payment that never settled counts until it was rejected (end of day or its "
        "latest time). "
        "Amounts in major units. The CSV files beside this report hold every series.</p>\n";
    out_ += "</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  const CurrencyFigures& cur(size_t policy, uint32_t level, size_t ci) const {
    return r_.run(policy, level).figures.currencies[ci];
  }

  std::string title(size_t policy) const {
    if (r_.policies[policy].dns) {
      return fmt::format("DNS every {} min, urgent RTGS", r_.spec.dns_cycle_minutes);
    }
    return policy_title(r_.policies[policy], r_.spec.gridlock_interval_minutes);
  }

  // For each delay the first policy reaches at some level, the liquidity each
  // policy needs to do at least as well: the smallest sweep level that does.
  void summary() {
    const SimFigures& first = r_.runs.front().figures;
    out_ += "<h2>Summary: liquidity needed for the same delay</h2>\n";
    out_ += fmt::format(
        "<p class=\"note\">Rows: the value-weighted mean delay of <b>{}</b> at each liquidity "
        "level. Columns: the liquidity with which each policy settles with at most that delay "
        "(interpolated linearly between the two sweep levels around it, rounded up), and how "
        "much less than {} that is.</p>\n",
        html_escape(title(0)), html_escape(r_.policies[0].key));
    for (size_t ci = 0; ci < first.currencies.size(); ++ci) {
      const CurrencyFigures& c0 = first.currencies[ci];
      const int mu = c0.minor_units;
      out_ += fmt::format("<h3>{}</h3>\n<table class=\"summary\">\n<tr><th>delay of {}</th>",
                          c0.code.view(), html_escape(r_.policies[0].key));
      for (size_t p = 0; p < r_.policies.size(); ++p) {
        out_ += fmt::format("<th>{}: liquidity</th>", html_escape(r_.policies[p].key));
        if (p > 0)
          out_ += fmt::format("<th>{}: less than {}</th>", html_escape(r_.policies[p].key),
                              html_escape(r_.policies[0].key));
      }
      out_ += "</tr>\n";
      for (uint32_t k = 0; k < r_.spec.levels; ++k) {
        const int64_t target_ns = cur(0, k, ci).delay_value_weighted_mean_ns;
        // Levels where the baseline needs less liquidity for the same delay say nothing new.
        if (k > 0 && cur(0, k - 1, ci).delay_value_weighted_mean_ns == target_ns) continue;
        const core::AmountMinor base = liquidity_total(r_, c0.code, k);
        out_ += fmt::format("<tr><td class=\"n\">{}</td>", format_delay(target_ns));
        for (size_t p = 0; p < r_.policies.size(); ++p) {
          const std::optional<core::AmountMinor> need = liquidity_for_delay(r_, p, ci, target_ns);
          if (!need) {
            out_ += p > 0 ? "<td>not reached</td><td></td>" : "<td>not reached</td>";
            continue;
          }
          out_ += fmt::format("<td class=\"n\">{}</td>", format_minor(*need, mu));
          if (p > 0) {
            const core::AmountMinor saved = base - *need;
            out_ += fmt::format("<td class=\"n\">{} ({})</td>", format_minor(saved, mu),
                                saved >= 0 ? format_percent(saved, base) : "-");
          }
        }
        out_ += "</tr>\n";
      }
      out_ += "</table>\n";
    }
  }

  void currency_section(size_t ci) {
    const CurrencyFigures& c0 = r_.runs.front().figures.currencies[ci];
    out_ += fmt::format("<h2>{}</h2>\n", c0.code.view());
    tradeoff_chart(ci);
    queue_chart(ci);
    peak_liquidity_chart(ci);
    delay_distribution_chart(ci);
    runs_table(ci);
  }

  void tradeoff_chart(size_t ci) {
    const CurrencyFigures& c0 = r_.runs.front().figures.currencies[ci];
    LineChart chart;
    chart.title = fmt::format("{}: liquidity–delay trade-off", c0.code.view());
    chart.x_label = fmt::format("opening liquidity, all banks ({})", c0.code.view());
    chart.y_label = "value-weighted mean delay";
    const core::AmountMinor x_lo = liquidity_total(r_, c0.code, 0);
    const core::AmountMinor x_hi = liquidity_total(r_, c0.code, r_.spec.levels - 1);
    int64_t delay_max_s = 0;
    for (size_t p = 0; p < r_.policies.size(); ++p) {
      ChartSeries s{title(p), series_color(p), {}};
      for (uint32_t k = 0; k < r_.spec.levels; ++k) {
        const int64_t d = cur(p, k, ci).delay_value_weighted_mean_ns;
        delay_max_s = std::max(delay_max_s, d / kNsPerSecond + 1);
        s.points.push_back({static_cast<double>(liquidity_total(r_, c0.code, k)),
                            static_cast<double>(d) / kNsPerSecond});
      }
      chart.series.push_back(std::move(s));
    }
    chart.x_min = static_cast<double>(x_lo);
    chart.x_max = static_cast<double>(std::max(x_hi, x_lo + 1));
    // Ticks at the lower bound, the middle level and the upper bound.
    for (uint32_t k : {0u, reference_level(r_), r_.spec.levels - 1}) {
      const core::AmountMinor x = liquidity_total(r_, c0.code, k);
      chart.x_ticks.push_back({static_cast<double>(x), format_minor(x, c0.minor_units)});
    }
    // Round minutes once delays reach ten minutes, round seconds below.
    const int64_t unit_s = delay_max_s >= 600 ? 60 : 1;
    const std::vector<int64_t> ticks = nice_ticks((delay_max_s + unit_s - 1) / unit_s);
    for (int64_t t : ticks) {
      chart.y_ticks.push_back(
          {static_cast<double>(t * unit_s), format_delay(t * unit_s * kNsPerSecond)});
    }
    chart.y_max = static_cast<double>(ticks.back() * unit_s);
    out_ += render_line_chart(chart);
  }

  void queue_chart(size_t ci) {
    const uint32_t level = reference_level(r_);
    const CurrencyFigures& c0 = r_.runs.front().figures.currencies[ci];
    LineChart chart;
    chart.title = fmt::format("{}: queue value over the day (level {} of {}: {})", c0.code.view(),
                              level + 1, r_.spec.levels,
                              format_minor(liquidity_total(r_, c0.code, level), c0.minor_units));
    chart.x_label = "time of day";
    chart.y_label = fmt::format("queued value ({})", c0.code.view());
    const SimFigures& f = r_.runs.front().figures;
    chart.x_min = static_cast<double>(f.day_start_seconds);
    chart.x_max = static_cast<double>(f.day_end_seconds);
    core::AmountMinor peak = 0;
    for (size_t p = 0; p < r_.policies.size(); ++p) {
      ChartSeries s{title(p), series_color(p), {}};
      for (const QueueSample& q : cur(p, level, ci).queue_series) {
        peak = std::max(peak, q.value_minor);
        s.points.push_back({static_cast<double>(q.at_seconds), static_cast<double>(q.value_minor)});
      }
      chart.series.push_back(std::move(s));
    }
    for (int64_t h = (f.day_start_seconds + 3599) / 3600 * 3600; h <= f.day_end_seconds;
         h += 3600) {
      chart.x_ticks.push_back({static_cast<double>(h), hhmm(h)});
    }
    money_ticks(&chart.y_ticks, &chart.y_max, peak, c0.minor_units);
    out_ += render_line_chart(chart);
  }

  void peak_liquidity_chart(size_t ci) {
    const uint32_t level = reference_level(r_);
    const CurrencyFigures& c0 = r_.runs.front().figures.currencies[ci];
    BarChart chart;
    chart.title = fmt::format("{}: peak liquidity use per participant (level {} of {})",
                              c0.code.view(), level + 1, r_.spec.levels);
    chart.y_label = fmt::format("peak liquidity use ({})", c0.code.view());
    // The accounts with the largest upper bounds; the CSV has them all.
    std::vector<const AccountBounds*> accounts;
    for (const AccountBounds& b : r_.bounds) {
      if (b.currency == c0.code) accounts.push_back(&b);
    }
    std::stable_sort(accounts.begin(), accounts.end(),
                     [](const auto* a, const auto* b) { return a->upper_minor > b->upper_minor; });
    if (accounts.size() > 20) accounts.resize(20);
    chart.series_names = {"lower bound", "upper bound"};
    chart.colors = {"#bbbbbb", "#555555"};
    for (size_t p = 0; p < r_.policies.size(); ++p) {
      chart.series_names.push_back(title(p));
      chart.colors.push_back(series_color(p));
    }
    core::AmountMinor peak = 0;
    for (const AccountBounds* b : accounts) {
      chart.group_labels.push_back(b->bic.to_string());
      std::vector<core::AmountMinor> values{b->lower_minor, b->upper_minor};
      for (size_t p = 0; p < r_.policies.size(); ++p) {
        core::AmountMinor use = 0;
        for (const AccountFigures& a : r_.run(p, level).figures.accounts) {
          if (a.bic == b->bic && a.currency == b->currency) use = a.peak_liquidity_use_minor;
        }
        values.push_back(use);
      }
      std::vector<double> row;
      for (core::AmountMinor v : values) {
        peak = std::max(peak, v);
        row.push_back(static_cast<double>(v));
      }
      chart.values.push_back(std::move(row));
    }
    money_ticks(&chart.y_ticks, &chart.y_max, peak, c0.minor_units);
    out_ += render_bar_chart(chart);
  }

  void delay_distribution_chart(size_t ci) {
    const uint32_t level = reference_level(r_);
    const CurrencyFigures& c0 = r_.runs.front().figures.currencies[ci];
    BarChart chart;
    chart.title = fmt::format("{}: settled value by delay (level {} of {})", c0.code.view(),
                              level + 1, r_.spec.levels);
    chart.y_label = fmt::format("settled value ({})", c0.code.view());
    for (size_t p = 0; p < r_.policies.size(); ++p) {
      chart.series_names.push_back(title(p));
      chart.colors.push_back(series_color(p));
    }
    core::AmountMinor peak = 0;
    for (size_t b = 0; b < kDelayBuckets; ++b) {
      chart.group_labels.push_back(delay_class_name(b));
      std::vector<double> row;
      for (size_t p = 0; p < r_.policies.size(); ++p) {
        const core::AmountMinor v = cur(p, level, ci).delay_buckets[b].value_minor;
        peak = std::max(peak, v);
        row.push_back(static_cast<double>(v));
      }
      chart.values.push_back(std::move(row));
    }
    money_ticks(&chart.y_ticks, &chart.y_max, peak, c0.minor_units);
    out_ += render_bar_chart(chart);
  }

  void runs_table(size_t ci) {
    const CurrencyFigures& c0 = r_.runs.front().figures.currencies[ci];
    const int mu = c0.minor_units;
    out_ += fmt::format(
        "<h3>{}: every run</h3>\n<table class=\"runs\">\n<tr><th>policy</th><th>level</th>"
        "<th>liquidity</th><th>mean delay</th><th>p99 delay</th><th>peak queue</th>"
        "<th>unsettled</th><th>gridlocks resolved</th><th>settled by resolution</th></tr>\n",
        c0.code.view());
    for (const SweepRun& run : r_.runs) {
      const CurrencyFigures& c = run.figures.currencies[ci];
      const CountValue& g = c.settled_by[static_cast<size_t>(core::SettledBy::kGridlockResolution)];
      out_ += fmt::format(
          "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
          "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} ({})</td>"
          "<td class=\"n\">{}</td><td class=\"n\">{} ({})</td></tr>\n",
          html_escape(r_.policies[run.policy].key), run.level + 1,
          format_minor(liquidity_total(r_, c.code, run.level), mu),
          format_delay(c.delay_value_weighted_mean_ns), format_delay(c.delay_value_weighted_p99_ns),
          format_minor(c.peak_queue.value_minor, mu),
          format_minor(c.submitted.value_minor - c.settled.value_minor, mu),
          c.submitted.count - c.settled.count, run.figures.gridlock.runs_settling,
          format_minor(g.value_minor, mu), g.count);
    }
    out_ += "</table>\n";
  }

  static void money_ticks(std::vector<ChartTick>* ticks, double* y_max, core::AmountMinor peak,
                          int minor_units) {
    const std::vector<int64_t> values = nice_ticks(peak);
    for (int64_t v : values) {
      ticks->push_back({static_cast<double>(v), format_minor(v, minor_units)});
    }
    *y_max = static_cast<double>(values.back());
  }

  const SweepResult& r_;
  std::string out_;
};

}  // namespace

std::string policy_title(const PolicySpec& policy, int64_t interval_minutes) {
  if (!policy.entry_offsetting) return "plain RTGS (FIFO, no offsetting)";
  if (!policy.gridlock) return "FIFO + offsetting on entry";
  return fmt::format("+ {} /{} min", policy.key, interval_minutes);
}

core::AmountMinor liquidity_total(const SweepResult& result, const core::CurrencyCode& currency,
                                  uint32_t level) {
  core::AmountMinor total = 0;
  for (const AccountBounds& b : result.bounds) {
    if (b.currency == currency) {
      total = core::saturating_add(total, liquidity_at_level(b, level, result.spec.levels));
    }
  }
  return total;
}

uint32_t first_level_within(const SweepResult& result, size_t policy, size_t currency_index,
                            int64_t delay_ns) {
  for (uint32_t k = 0; k < result.spec.levels; ++k) {
    const CurrencyFigures& c = result.run(policy, k).figures.currencies[currency_index];
    if (c.delay_value_weighted_mean_ns <= delay_ns) return k;
  }
  return result.spec.levels;
}

std::optional<core::AmountMinor> liquidity_for_delay(const SweepResult& result, size_t policy,
                                                     size_t currency_index, int64_t delay_ns) {
  const uint32_t level = first_level_within(result, policy, currency_index, delay_ns);
  if (level >= result.spec.levels) return std::nullopt;
  const CurrencyFigures& at = result.run(policy, level).figures.currencies[currency_index];
  const core::AmountMinor liquidity = liquidity_total(result, at.code, level);
  if (level == 0) return liquidity;
  const CurrencyFigures& below = result.run(policy, level - 1).figures.currencies[currency_index];
  const core::AmountMinor liquidity_below = liquidity_total(result, at.code, level - 1);
  // delay(below) > delay_ns >= delay(at): the line from (below) to (at) meets delay_ns at
  // liquidity_below + (liquidity - liquidity_below) * (d_below - delay_ns) / (d_below - d_at).
  const __int128 d_below = below.delay_value_weighted_mean_ns;
  const __int128 d_at = at.delay_value_weighted_mean_ns;
  const __int128 step = __int128{liquidity} - liquidity_below;
  const __int128 numerator = step * (d_below - delay_ns);
  const __int128 denominator = d_below - d_at;
  const __int128 up = (numerator + denominator - 1) / denominator;  // both >= 0: ceiling
  return static_cast<core::AmountMinor>(liquidity_below + up);
}

std::vector<OutputFile> sweep_csv_files(const SweepResult& result) {
  return {{"bounds.csv", bounds_csv(result)},
          {"runs.csv", runs_csv(result)},
          {"queue.csv", queue_csv(result)},
          {"peak_liquidity.csv", peak_liquidity_csv(result)},
          {"delay_distribution.csv", delay_distribution_csv(result)}};
}

std::string sweep_report_html(const SweepResult& result) {
  return Report(result).render();
}

}  // namespace corridor::sim
