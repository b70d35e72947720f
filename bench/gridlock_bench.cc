// Benchmark 3: gridlock resolution over 10,000 and 100,000 queued payments among
// 100 participants.
//
// Setup (not timed, built once and cached): each participant receives a little
// liquidity (kLiquidityEach), then random payments of 1..1,000 between random
// participants are submitted until exactly the target number is queued. The first
// payments settle on entry; soon every account's outflows exceed what it has and
// receives, and the queues fill. Each iteration copies that Core and times one
// RunGridlockResolution apply (including the queue resolution the core runs after it).
#include <benchmark/benchmark.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "workload.h"

namespace corridor::bench {
namespace {

constexpr uint32_t kParticipants = 100;
constexpr core::AmountMinor kLiquidityEach = 20'000;  // ~40 average payments

struct GridlockWorkload {
  core::Core queued;  // state with exactly `target` payments queued, copied per iteration
  uint64_t submitted = 0;
  uint64_t settled_before = 0;  // settled while the queues filled (entry, offsetting, queues)
  std::string error;
};

std::unique_ptr<GridlockWorkload> make_workload(uint64_t target) {
  auto w = std::make_unique<GridlockWorkload>();
  Market market = build_market(kParticipants, kLiquidityEach, 0x6121D10C + target);
  w->error = market.error;
  SplitMix64 rng(0xD1CE + target);
  const uint64_t submit_max = 50 * target;  // guards against a workload that never fills
  while (w->error.empty() && market.core.queued_count() < target) {
    if (w->submitted == submit_max) {
      w->error = "queues did not fill to the target";
      break;
    }
    const uint32_t debtor = static_cast<uint32_t>(rng.below(kParticipants));
    const uint32_t creditor =
        static_cast<uint32_t>((debtor + 1 + rng.below(kParticipants - 1)) % kParticipants);
    const core::Command command =
        market.source.payment(market.bics[debtor], market.bics[creditor], rng.between(1, 1000));
    if (!apply_setup(market, command)) break;
    ++w->submitted;
    for (const core::Event& e : market.core.events()) {
      w->settled_before += e.kind == core::EventKind::kSettled;
    }
  }
  w->queued = std::move(market.core);
  return w;
}

const GridlockWorkload& workload(uint64_t target) {
  static std::map<uint64_t, std::unique_ptr<GridlockWorkload>> cache;
  auto& slot = cache[target];
  if (!slot) slot = make_workload(target);
  return *slot;
}

void BM_Gridlock(benchmark::State& state) {
  const uint64_t target = static_cast<uint64_t>(state.range(0));
  const auto algorithm = static_cast<core::GridlockAlgorithm>(state.range(1));
  const GridlockWorkload& w = workload(target);
  if (!w.error.empty()) {
    state.SkipWithError(w.error.c_str());
    return;
  }
  const core::Command run{w.queued.now_ns() + kCommandSpacingNs,
                          core::RunGridlockResolution{algorithm}};
  uint64_t by_gridlock = 0;
  uint64_t by_queues = 0;
  uint64_t queued_after = 0;
  std::string failure;
  for (auto _ : state) {
    core::Core core = w.queued;  // not timed
    const auto start = std::chrono::steady_clock::now();
    const core::Result result = core.apply(run);
    const auto stop = std::chrono::steady_clock::now();
    state.SetIterationTime(std::chrono::duration<double>(stop - start).count());
    if (!result.ok()) {
      failure = std::string("RunGridlockResolution rejected: ") +
                std::string(core::reason_text(result.reason));
      state.SkipWithError(failure.c_str());
      break;
    }
    by_gridlock = 0;
    by_queues = 0;
    for (const core::Event& e : core.events()) {
      if (e.kind != core::EventKind::kSettled) continue;
      by_gridlock += e.settled_by == core::SettledBy::kGridlockResolution;
      by_queues += e.settled_by == core::SettledBy::kQueueResolution;
    }
    queued_after = core.queued_count();
  }
  state.counters["queued_before"] = static_cast<double>(w.queued.queued_count());
  state.counters["settled_gridlock"] = static_cast<double>(by_gridlock);
  state.counters["settled_queues_after"] = static_cast<double>(by_queues);
  state.counters["queued_after"] = static_cast<double>(queued_after);
  state.SetLabel(core::to_string(algorithm));
}

void GridlockArgs(benchmark::internal::Benchmark* b) {
  for (int64_t queued : {10'000, 100'000}) {
    for (auto algorithm :
         {core::GridlockAlgorithm::kPartial, core::GridlockAlgorithm::kAllOrNothing,
          core::GridlockAlgorithm::kBilateral}) {
      b->Args({queued, static_cast<int64_t>(algorithm)});
    }
  }
}

// Args: {queued payments, algorithm (0 all-or-nothing, 1 partial, 2 bilateral)}.
BENCHMARK(BM_Gridlock)
    ->Apply(GridlockArgs)
    ->ArgNames({"queued", "algo"})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5);

}  // namespace
}  // namespace corridor::bench
