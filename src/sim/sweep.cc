#include "sim/sweep.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "sim/generator.h"
#include "sim/virtual_time.h"

namespace corridor::sim {

core::AmountMinor liquidity_at_level(const AccountBounds& bounds, uint32_t level, uint32_t levels) {
  if (levels < 2 || level + 1 >= levels) return std::max(bounds.upper_minor, bounds.lower_minor);
  // A net debtor can need more at the end than at any moment of the day only
  // if payments were left out; the span is never negative.
  const __int128 span = std::max<__int128>(0, __int128{bounds.upper_minor} - bounds.lower_minor);
  return static_cast<core::AmountMinor>(bounds.lower_minor + span * level / (levels - 1));
}

Scenario scenario_for_run(const Scenario& scenario, const std::vector<AccountBounds>& bounds,
                          const PolicySpec& policy, uint32_t level) {
  Scenario s = scenario;
  s.payments.clear();
  s.generation.count = 0;
  size_t next = 0;
  for (BankSpec& bank : s.banks) {
    for (AccountSpec& account : bank.accounts) {
      account.opening_liquidity_minor = liquidity_at_level(bounds[next++], level, s.sweep.levels);
      account.credit_line_minor = 0;
      account.reserve_highly_urgent_minor = 0;
      account.reserve_urgent_minor = 0;
    }
  }
  s.gridlock.interval_minutes = policy.gridlock ? s.sweep.gridlock_interval_minutes : 0;
  s.gridlock.algorithm = policy.algorithm;
  s.entry_offsetting = policy.entry_offsetting;
  s.dns_cycle_minutes = policy.dns ? s.sweep.dns_cycle_minutes : 0;
  return s;
}

SweepResult run_sweep(const Scenario& scenario, const SweepOptions& options) {
  SweepResult result;
  result.spec = scenario.sweep;
  result.policies = scenario.sweep.policies;
  const std::vector<PlannedPayment> payments = plan_payments(scenario);
  result.bounds = liquidity_bounds(scenario, payments);
  // The runs take the planned payments: copy the scenario without its own
  // (a CSV day can hold millions) once, not once per run.
  Scenario base = scenario;
  base.payments = {};
  base.generation.count = 0;
  const uint32_t levels = result.spec.levels;
  const size_t total = result.policies.size() * levels;
  result.runs.resize(total);

  RunOptions run_options;
  run_options.payments = &payments;
  run_options.check_every_commands = options.check_every_commands;
  run_options.advance_to_payment_times = true;
  run_options.queue_sample_interval_ns = result.spec.queue_sample_minutes * 60 * kNsPerSecond;

  std::atomic<size_t> next{0};
  std::mutex progress_mutex;
  SweepProgress progress;
  progress.runs_total = total;
  progress.payments_total = static_cast<uint64_t>(payments.size()) * total;
  std::exception_ptr failure;
  auto work = [&] {
    for (;;) {
      const size_t i = next.fetch_add(1);
      if (i >= total) return;
      SweepRun& run = result.runs[i];
      run.policy = i / levels;
      run.level = static_cast<uint32_t>(i % levels);
      try {
        const Scenario s =
            scenario_for_run(base, result.bounds, result.policies[run.policy], run.level);
        RunOptions options_of_run = run_options;
        uint64_t reported = 0;
        options_of_run.on_payments_done = [&](uint64_t done) {
          const std::lock_guard<std::mutex> lock(progress_mutex);
          progress.payments_done += done - reported;
          reported = done;
          if (options.on_progress) options.on_progress(progress);
        };
        run.figures = run_scenario(s, options_of_run);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(progress_mutex);
        if (!failure) failure = std::current_exception();
        next.store(total);  // no new runs: the sweep has failed
        return;
      }
      const std::lock_guard<std::mutex> lock(progress_mutex);
      ++progress.runs_done;
      if (options.on_progress) options.on_progress(progress);
    }
  };
  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  threads = static_cast<unsigned>(std::clamp<size_t>(threads, 1, std::max<size_t>(total, 1)));
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (std::thread& w : workers) w.join();
  if (failure) std::rethrow_exception(failure);
  return result;
}

}  // namespace corridor::sim
