// Benchmark 3: gridlock resolution over 10,000 and 100,000 queued payments among
// 100 participants.
//
// Setup (not timed; built once per size and cached). No participant has any
// liquidity, so every payment queues, and the payment graph is built so that no
// pair of accounts ever has payments both ways: offsetting on entry never
// applies and exactly the target number of payments is queued.
//
// - "Ring" banks 0..78 pay each other only in balanced cycles: a random amount
//   of 1..1,000 goes once around 3 or more of them (each cycle takes steps of
//   1..39 around the ring of 79, so a pair is only ever paid one way). Cycles
//   net to zero for every bank, so they can settle together with no liquidity.
// - "Overextended" banks 79..99 send `noise_pct` percent of the payments, to
//   ring banks or to higher-numbered overextended banks, and receive nothing
//   back that could cover them (noise_pct of the payments is theirs).
//
// Partial resolution must find that the overextended banks' payments cannot
// settle, remove all of them (one at a time, cascading through their
// creditors) and settle every cycle payment: some, but not all, settle.
// All-or-nothing settles nothing with noise and everything without. Bilateral
// settles nothing (no pair has payments both ways) but still scans every pair.
// The payments are submitted in a random order, so queues interleave cycles.
//
// Each iteration copies the prepared Core with the timer paused and times one
// RunGridlockResolution apply (including the queue resolution the core runs after it).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "workload.h"

namespace corridor::bench {
namespace {

constexpr uint32_t kParticipants = 100;
constexpr uint32_t kRing = 79;  // banks 0..78; odd, so steps of 1..39 orient every pair
constexpr uint32_t kStepMax = (kRing - 1) / 2;

struct GridlockWorkload {
  core::Core queued;  // exactly `target` payments queued; copied per iteration
  uint64_t cycle_payments = 0;
  uint64_t noise_payments = 0;
  std::string error;
};

struct PlannedPayment {
  uint32_t debtor;
  uint32_t creditor;
  core::AmountMinor amount;
};

void add_noise(SplitMix64& rng, std::vector<PlannedPayment>& plan) {
  const uint32_t debtor = kRing + static_cast<uint32_t>(rng.below(kParticipants - kRing));
  // Any ring bank, or an overextended bank numbered above the debtor.
  const uint32_t choices = kRing + (kParticipants - 1 - debtor);
  uint32_t creditor = static_cast<uint32_t>(rng.below(choices));
  if (creditor >= kRing) creditor = debtor + 1 + (creditor - kRing);
  plan.push_back({debtor, creditor, rng.between(1, 1000)});
}

// Steps around the ring, each 1..kStepMax, summing to kRing: a cycle of 3 or more
// distinct banks, all pairs in the ring's orientation.
void add_cycle(SplitMix64& rng, std::vector<PlannedPayment>& plan, size_t room) {
  uint32_t steps[kRing];
  uint32_t count = 0;
  uint32_t remaining = kRing;
  while (count < 2 || remaining > kStepMax) {
    const uint32_t step = 1 + static_cast<uint32_t>(rng.below(std::min(kStepMax, remaining - 1)));
    steps[count++] = step;
    remaining -= step;
  }
  steps[count++] = remaining;
  if (count > room) return;  // does not fit; the caller fills up with noise
  const core::AmountMinor amount = rng.between(1, 1000);
  uint32_t bank = static_cast<uint32_t>(rng.below(kRing));
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t next = (bank + steps[i]) % kRing;
    plan.push_back({bank, next, amount});
    bank = next;
  }
}

std::unique_ptr<GridlockWorkload> make_workload(uint64_t target, int noise_pct) {
  auto w = std::make_unique<GridlockWorkload>();
  Market market = build_market(kParticipants, 0, 0x6121D10C + target * 101 + noise_pct);
  w->error = market.error;
  SplitMix64 rng(0xD1CE + target * 101 + static_cast<uint64_t>(noise_pct));
  std::vector<PlannedPayment> plan;
  plan.reserve(target);
  while (plan.size() < target) {
    const size_t before = plan.size();
    // Keep the overextended banks' share of the payments at noise_pct.
    const bool noise_due =
        w->noise_payments * 100 < static_cast<uint64_t>(noise_pct) * (before + 1);
    if (!noise_due) add_cycle(rng, plan, target - before);
    if (plan.size() == before) {
      if (noise_pct == 0) break;  // no room for another cycle, and no noise wanted
      add_noise(rng, plan);
      ++w->noise_payments;
    }
  }
  w->cycle_payments = plan.size() - w->noise_payments;
  for (size_t i = plan.size(); i > 1; --i) std::swap(plan[i - 1], plan[rng.below(i)]);
  for (const PlannedPayment& p : plan) {
    if (!w->error.empty()) break;
    const core::Command command =
        market.source.payment(market.bics[p.debtor], market.bics[p.creditor], p.amount);
    const core::Result result = market.core.apply(command);
    if (result.outcome != core::Outcome::kQueued) {
      w->error = "a gridlock setup payment did not queue";
    }
  }
  if (w->error.empty() && market.core.queued_count() != plan.size()) {
    w->error = "queued count differs from the payments submitted";
  }
  w->queued = std::move(market.core);
  return w;
}

const GridlockWorkload& workload(uint64_t target, int noise_pct) {
  static std::map<std::pair<uint64_t, int>, std::unique_ptr<GridlockWorkload>> cache;
  auto& slot = cache[{target, noise_pct}];
  if (!slot) slot = make_workload(target, noise_pct);
  return *slot;
}

void BM_Gridlock(benchmark::State& state) {
  const uint64_t target = static_cast<uint64_t>(state.range(0));
  const auto algorithm = static_cast<core::GridlockAlgorithm>(state.range(1));
  const int noise_pct = static_cast<int>(state.range(2));
  const GridlockWorkload& w = workload(target, noise_pct);
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
  std::optional<core::Core> core;
  for (auto _ : state) {
    state.PauseTiming();  // the copy of the queued state is not timed
    core.emplace(w.queued);
    state.ResumeTiming();
    const core::Result result = core->apply(run);
    state.PauseTiming();  // counting and teardown are not timed
    if (!result.ok()) {
      failure = std::string("RunGridlockResolution rejected: ") +
                std::string(core::reason_text(result.reason));
      state.SkipWithError(failure.c_str());
      break;
    }
    by_gridlock = 0;
    by_queues = 0;
    for (const core::Event& e : core->events()) {
      if (e.kind != core::EventKind::kSettled) continue;
      by_gridlock += e.settled_by == core::SettledBy::kGridlockResolution;
      by_queues += e.settled_by == core::SettledBy::kQueueResolution;
    }
    queued_after = core->queued_count();
    core.reset();
    state.ResumeTiming();
  }
  state.counters["queued_before"] = static_cast<double>(w.queued.queued_count());
  state.counters["cycle_payments"] = static_cast<double>(w.cycle_payments);
  state.counters["settled_gridlock"] = static_cast<double>(by_gridlock);
  state.counters["settled_queues_after"] = static_cast<double>(by_queues);
  state.counters["queued_after"] = static_cast<double>(queued_after);
  state.SetLabel(core::to_string(algorithm));
}

void GridlockArgs(benchmark::internal::Benchmark* b) {
  constexpr auto kAon = static_cast<int64_t>(core::GridlockAlgorithm::kAllOrNothing);
  constexpr auto kPartial = static_cast<int64_t>(core::GridlockAlgorithm::kPartial);
  constexpr auto kBilateral = static_cast<int64_t>(core::GridlockAlgorithm::kBilateral);
  for (int64_t queued : {10'000, 100'000}) {
    for (int64_t algorithm : {kPartial, kAon, kBilateral}) b->Args({queued, algorithm, 10});
  }
  // Balanced cycles only: everything can settle at once.
  for (int64_t algorithm : {kPartial, kAon}) b->Args({100'000, algorithm, 0});
}

// Args: {queued payments, algorithm (0 all-or-nothing, 1 partial, 2 bilateral),
//        percentage of payments sent by overextended banks}.
BENCHMARK(BM_Gridlock)
    ->Apply(GridlockArgs)
    ->ArgNames({"queued", "algo", "noise_pct"})
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5);

}  // namespace
}  // namespace corridor::bench
