// Benchmark 4: heap bytes per queued payment.
//
// 1,000 participants with no liquidity; N payments are submitted, each from a
// lower-numbered to a higher-numbered participant, so none can settle on entry
// and no pair ever has payments both ways to offset: all N queue. The heap in use
// (mallinfo2: arena uordblks + mmapped hblkhd) is read after setup and after the
// N submissions; the growth divided by N is reported. It includes the amortised
// slack of growing tables (vector capacity, hash map load factor), as a real
// deployment would see it. The submissions alone are timed too (queued payments/s).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "workload.h"

namespace corridor::bench {
namespace {

constexpr uint32_t kParticipants = 1'000;

// Builds the market and N payment commands (timer paused), applies them with the
// timer running, and measures the heap growth. The market is destroyed before
// this returns, so its teardown is not timed either.
bool queue_payments(size_t n, double* heap_per_payment, double* rss_per_payment,
                    benchmark::State& state, std::string& failure) {
  Market market = build_market(kParticipants, 0, 0x3E3 + n);
  if (!market.error.empty()) {
    failure = market.error;
    state.SkipWithError(failure.c_str());
    return false;
  }
  SplitMix64 rng(0x3E30 + n);
  std::vector<core::Command> commands;
  commands.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t debtor = static_cast<uint32_t>(rng.below(kParticipants - 1));
    const uint32_t creditor =
        debtor + 1 + static_cast<uint32_t>(rng.below(kParticipants - 1 - debtor));
    commands.push_back(
        market.source.payment(market.bics[debtor], market.bics[creditor], rng.between(1, 1000)));
  }
  core::Core& core = market.core;
  const uint64_t queued_before = core.queued_count();
  const uint64_t heap_before = heap_in_use_bytes();
  const uint64_t rss_before = resident_bytes();
  uint64_t queued = 0;
  state.ResumeTiming();
  for (const core::Command& command : commands) {
    queued += core.apply(command).outcome == core::Outcome::kQueued;
  }
  state.PauseTiming();
  const uint64_t heap_after = heap_in_use_bytes();
  const uint64_t rss_after = resident_bytes();
  if (queued != n || core.queued_count() - queued_before != n) {
    failure = std::to_string(n - queued) + " of " + std::to_string(n) + " payments did not queue";
    state.SkipWithError(failure.c_str());
    return false;
  }
  *heap_per_payment =
      (static_cast<double>(heap_after) - static_cast<double>(heap_before)) / static_cast<double>(n);
  *rss_per_payment =
      (static_cast<double>(rss_after) - static_cast<double>(rss_before)) / static_cast<double>(n);
  return true;
}

void BM_MemoryPerQueuedPayment(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::string failure;
  double heap_per_payment = 0;
  double rss_per_payment = 0;
  for (auto _ : state) {
    state.PauseTiming();  // building the market and the commands is not timed
    if (!queue_payments(n, &heap_per_payment, &rss_per_payment, state, failure)) break;
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(n));
  state.counters["bytes_per_queued_payment"] = heap_per_payment;
  state.counters["rss_bytes_per_queued_payment"] = rss_per_payment;
  state.counters["sizeof_Payment"] = sizeof(core::Payment);
}

BENCHMARK(BM_MemoryPerQueuedPayment)
    ->ArgName("queued")
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace corridor::bench
