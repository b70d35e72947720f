// corridor_sim_bench: the simulator at a million payments (issue 7,
// docs/performance.md "Simulator"). A plain program, not Google Benchmark:
// each figure is one long run.
//   1. one day of N payments among B banks under the `rtgs` policy (plain RTGS:
//      FIFO, no offsetting on entry, no gridlock resolution), at the middle
//      liquidity level: payments simulated per second (target >= 1,000,000/s);
//   2. the sweep, 4 policies (rtgs, fifo, all_or_nothing, partial) x L levels
//      over the same day, all CPUs (target < 2 min).
#include <fmt/format.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "sim/bounds.h"
#include "sim/generator.h"
#include "sim/runner.h"
#include "sim/scenario.h"
#include "sim/sweep.h"
#include "sim/virtual_time.h"

namespace {

using corridor::sim::Scenario;
using Clock = std::chrono::steady_clock;

long peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // Linux: KiB
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A day among `banks` banks: the first tenth is a core every payment touches,
// half the payments are balanced cycles, heavy-tailed amounts, two peaks.
std::string scenario_toml(uint64_t payments, uint32_t banks, uint32_t levels,
                          uint32_t cycle_percent) {
  std::string toml = fmt::format(R"(
[scenario]
name = "bench: {} payments, {} banks"
value_date = 2026-11-27
day_start = 07:00:00
day_end = 18:00:00
[[currency]]
code = "EUR"
[[central_bank]]
bic = "ECBKDEFF"
currency = "EUR"
)",
                                 payments, banks);
  for (uint32_t b = 0; b < banks; ++b) {
    toml += fmt::format(
        "[[bank]]\nbic = \"B{}{}{}DEFF\"\nweight = {}\naccounts = [{{ currency = \"EUR\" }}]\n",
        static_cast<char>('A' + b / 676), static_cast<char>('A' + b / 26 % 26),
        static_cast<char>('A' + b % 26), b < banks / 10 ? 20 : 1 + b % 5);
  }
  toml += fmt::format(R"(
[payments]
count = {}
seed = 20261127
network = "core_periphery"
core_banks = {}
highly_urgent_percent = 2
urgent_percent = 8
cycle_percent = {}
arrival_weights_per_hour = [4, 9, 12, 11, 8, 6, 7, 10, 12, 8, 5]
[[payments.currency]]
code = "EUR"
amount_unit_major = 1_000
decade_up_percent = 30
decades_max = 3
[sweep]
levels = {}
gridlock_interval_minutes = 15
)",
                      payments, std::max<uint32_t>(1, banks / 10), cycle_percent, levels);
  return toml;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("corridor_sim_bench: the simulator at a million payments");
  uint64_t payments = 1'000'000;
  uint32_t banks = 100;
  uint32_t levels = 10;
  unsigned threads = 0;
  bool quick = false;
  bool skip_sweep = false;
  uint32_t cycle_percent = 50;
  app.add_option("--payments", payments, "Payments in the day");
  app.add_option("--banks", banks, "Banks")->check(CLI::Range(2u, 17576u));
  app.add_option("--levels", levels, "Liquidity levels of the sweep")->check(CLI::Range(2u, 1000u));
  app.add_option("--threads", threads, "Sweep threads (0: one per CPU)");
  app.add_option("--cycle-percent", cycle_percent,
                 "Share of payments in balanced cycles (more: smaller lower bounds, longer queues)")
      ->check(CLI::Range(0u, 100u));
  app.add_flag("--quick", quick, "Tiny sizes, to check that it runs (ctest)");
  app.add_flag("--no-sweep", skip_sweep, "Only the single day");
  CLI11_PARSE(app, argc, argv);
  if (quick) {
    payments = 10'000;
    banks = 20;
    levels = 3;
  }

  const Scenario scenario = corridor::sim::parse_scenario(
      scenario_toml(payments, banks, levels, cycle_percent), "bench.toml");
  fmt::print("corridor_sim_bench: {} payments, {} banks, {} levels x {} policies, {} CPUs\n",
             payments, banks, levels, scenario.sweep.policies.size(),
             std::thread::hardware_concurrency());

  auto start = Clock::now();
  const std::vector<corridor::sim::PlannedPayment> planned = corridor::sim::plan_payments(scenario);
  const double plan_s = seconds_since(start);
  start = Clock::now();
  const std::vector<corridor::sim::AccountBounds> bounds =
      corridor::sim::liquidity_bounds(scenario, planned);
  const double bounds_s = seconds_since(start);
  fmt::print("plan: {:.3f} s ({:.0f} payments/s); bounds: {:.3f} s\n", plan_s,
             static_cast<double>(planned.size()) / plan_s, bounds_s);

  // 1. One day under plain RTGS at the middle level.
  const Scenario day = corridor::sim::scenario_for_run(
      scenario, bounds, *corridor::sim::parse_policy("rtgs"), (levels - 1) / 2);
  corridor::sim::RunOptions options;
  options.payments = &planned;
  options.queue_sample_interval_ns = 5 * 60 * corridor::sim::kNsPerSecond;
  start = Clock::now();
  const corridor::sim::SimFigures figures = corridor::sim::run_scenario(day, options);
  const double day_s = seconds_since(start);
  const auto& c = figures.currencies[0];
  fmt::print(
      "day (rtgs, level {} of {}): {:.3f} s, {:.0f} payments simulated/s; settled {} of {}, "
      "peak queue {} payments, {} invariant violations\n",
      (levels - 1) / 2 + 1, levels, day_s, static_cast<double>(planned.size()) / day_s,
      c.settled.count, c.submitted.count, c.peak_queue_by_count.count,
      figures.invariant_violations.size());
  if (!figures.invariant_violations.empty() || c.submitted.count != planned.size()) return 1;
  fmt::print("peak RSS so far: {} MiB\n", peak_rss_mib());
  if (skip_sweep) return 0;

  // 2. The sweep, planning and bounds included.
  corridor::sim::SweepOptions sweep_options;
  sweep_options.threads = threads;
  start = Clock::now();
  const corridor::sim::SweepResult result = corridor::sim::run_sweep(scenario, sweep_options);
  const double sweep_s = seconds_since(start);
  uint64_t simulated = 0;
  for (const auto& run : result.runs) {
    simulated += run.figures.payments_planned;
    if (!run.figures.invariant_violations.empty()) return 1;
  }
  fmt::print("sweep: {} runs in {:.1f} s ({:.0f} payments simulated/s over all threads)\n",
             result.runs.size(), sweep_s, static_cast<double>(simulated) / sweep_s);
  for (size_t p = 0; p < result.policies.size(); ++p) {
    fmt::print("  {}: mean delay at level 1 {} s, at level {} {} s\n", result.policies[p].key,
               result.run(p, 0).figures.currencies[0].delay_value_weighted_mean_ns /
                   corridor::sim::kNsPerSecond,
               levels,
               result.run(p, levels - 1).figures.currencies[0].delay_value_weighted_mean_ns /
                   corridor::sim::kNsPerSecond);
  }
  fmt::print("peak RSS: {} MiB\n", peak_rss_mib());
  return 0;
}
