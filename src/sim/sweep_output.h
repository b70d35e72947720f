// What `corridor sim --out DIR` writes: CSV files of every measured series of
// a sweep, and one self-contained HTML report with inline SVG charts
// (docs/simulator.md describes each file and column).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/sweep.h"

namespace corridor::sim {

struct OutputFile {
  std::string name;  // file name within the output directory
  std::string content;
};

// bounds.csv, runs.csv, queue.csv, peak_liquidity.csv, delay_distribution.csv.
std::vector<OutputFile> sweep_csv_files(const SweepResult& result);

// report.html: no scripts, no external references.
std::string sweep_report_html(const SweepResult& result);

// A policy as the charts name it: "FIFO + offsetting", "+ partial /15 min".
std::string policy_title(const PolicySpec& policy, int64_t interval_minutes);

// Total opening liquidity of the accounts in `currency` at `level`.
core::AmountMinor liquidity_total(const SweepResult& result, const core::CurrencyCode& currency,
                                  uint32_t level);

// The smallest level at which `policy`'s value-weighted mean delay in currency
// `currency_index` is at most `delay_ns`; levels when none is.
uint32_t first_level_within(const SweepResult& result, size_t policy, size_t currency_index,
                            int64_t delay_ns);

// The liquidity `policy` needs for a value-weighted mean delay of at most
// `delay_ns` in currency `currency_index`: the first level that achieves it,
// or, between that level and the one below, the straight line through the two
// (liquidity, delay) points, in integer arithmetic, rounded up. nullopt when
// no level achieves it.
std::optional<core::AmountMinor> liquidity_for_delay(const SweepResult& result, size_t policy,
                                                     size_t currency_index, int64_t delay_ns);

}  // namespace corridor::sim
