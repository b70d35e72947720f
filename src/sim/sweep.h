// The liquidity sweep: every policy of the scenario at `levels` liquidity
// levels between Bech and Soramäki's lower and upper bounds, each run an
// independent simulated day through its own core, run in parallel. Results
// come back in (policy, level) order whatever the scheduling, so the same
// scenario and seed always give the same SweepResult.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/bounds.h"
#include "sim/runner.h"
#include "sim/scenario.h"

namespace corridor::sim {

struct SweepRun {
  size_t policy = 0;   // index into SweepResult::policies
  uint32_t level = 0;  // 0 = lower bound ... levels-1 = upper bound
  SimFigures figures;
  friend bool operator==(const SweepRun&, const SweepRun&) = default;
};

struct SweepResult {
  SweepSpec spec;
  std::vector<PolicySpec> policies;
  std::vector<AccountBounds> bounds;  // one per bank account, scenario order
  // runs[policy * levels + level]
  std::vector<SweepRun> runs;
  const SweepRun& run(size_t policy, uint32_t level) const {
    return runs[policy * spec.levels + level];
  }
  friend bool operator==(const SweepResult&, const SweepResult&) = default;
};

struct SweepProgress {
  size_t runs_done = 0;
  size_t runs_total = 0;
  uint64_t payments_done = 0;  // submitted, over all runs
  uint64_t payments_total = 0;
};

struct SweepOptions {
  unsigned threads = 0;               // 0: std::thread::hardware_concurrency()
  uint64_t check_every_commands = 0;  // RunOptions::check_every_commands of every run
  // Called as the runs go (every RunOptions::kProgressEveryPayments payments of
  // a run, and when a run ends); from worker threads, one call at a time.
  std::function<void(const SweepProgress&)> on_progress;
};

// Opening liquidity of an account at `level` of `levels`:
// lower + level * (upper - lower) / (levels - 1), rounded down, in integers.
core::AmountMinor liquidity_at_level(const AccountBounds& bounds, uint32_t level, uint32_t levels);

// The scenario of one run: the planned payments (not the scenario's own), the
// level's opening liquidity on every bank account, no credit lines and no
// reservations (so the level is all the liquidity there is), and the policy's
// gridlock resolution.
Scenario scenario_for_run(const Scenario& scenario, const std::vector<AccountBounds>& bounds,
                          const PolicySpec& policy, uint32_t level);

// Plans the scenario's payments once, computes the bounds and runs the sweep.
// Throws SetupError or ScenarioError as run_scenario and liquidity_bounds do.
SweepResult run_sweep(const Scenario& scenario, const SweepOptions& options = SweepOptions());

}  // namespace corridor::sim
