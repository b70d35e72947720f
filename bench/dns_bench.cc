// Deferred net settlement (issue 6): one DNS cycle of 1,000,000 payments among
// 100 participants nets and settles; target under 100 ms (docs/performance.md).
//
// Setup (not timed; built once and cached): 100 funded participants with net
// debit caps wide enough for every payment, and `payments` DNS payments of
// 1..1,000 between random pairs in the open EUR cycle. Each iteration copies
// the prepared Core with the timer paused and times one SettleDnsCycle apply:
// the netting pass over the payments, the settlement of the net positions, the
// recomputation of the reserve-fund contributions and the queue resolution the
// core runs after it.
#include <benchmark/benchmark.h>

#include <memory>
#include <optional>
#include <string>

#include "workload.h"

namespace corridor::bench {
namespace {

constexpr uint32_t kParticipants = 100;
constexpr core::AmountMinor kLiquidityEach = 1'000'000'000'000;
constexpr core::AmountMinor kCap = 1'000'000'000'000;

struct DnsWorkload {
  core::Core open;  // `payments` DNS payments in the open cycle; copied per iteration
  std::string error;
};

std::unique_ptr<DnsWorkload> make_workload(uint64_t payments) {
  auto w = std::make_unique<DnsWorkload>();
  Market market = build_market(kParticipants, kLiquidityEach, 0xD15 + payments);
  w->error = market.error;
  for (const core::Bic& bic : market.bics) {
    const core::Result r =
        market.core.apply(market.source.next(core::SetNetDebitCap{bic, bench_currency(), kCap}));
    if (!r.ok() && w->error.empty()) w->error = "SetNetDebitCap rejected";
  }
  SplitMix64 rng(0xD115 + payments);
  for (uint64_t i = 0; i < payments && w->error.empty(); ++i) {
    const uint32_t debtor = static_cast<uint32_t>(rng.below(kParticipants));
    uint32_t creditor = static_cast<uint32_t>(rng.below(kParticipants - 1));
    if (creditor >= debtor) ++creditor;
    core::SubmitDnsPayment p;
    p.uetr = market.source.next_uetr();
    p.debtor_agent = market.bics[debtor];
    p.creditor_agent = market.bics[creditor];
    p.currency = bench_currency();
    p.amount_minor = rng.between(1, 1000);
    const core::Result r = market.core.apply(market.source.next(p));
    if (r.outcome != core::Outcome::kQueued) w->error = "a DNS setup payment was not accepted";
  }
  const auto currency = market.core.find_currency(bench_currency());
  if (w->error.empty() && market.core.dns_open_count(*currency) != payments) {
    w->error = "open cycle size differs from the payments submitted";
  }
  w->open = std::move(market.core);
  return w;
}

const DnsWorkload& workload(uint64_t payments) {
  static std::optional<std::pair<uint64_t, std::unique_ptr<DnsWorkload>>> cache;
  if (!cache || cache->first != payments) cache.emplace(payments, make_workload(payments));
  return *cache->second;
}

void BM_DnsCycle(benchmark::State& state) {
  const uint64_t payments = static_cast<uint64_t>(state.range(0));
  const DnsWorkload& w = workload(payments);
  if (!w.error.empty()) {
    state.SkipWithError(w.error.c_str());
    return;
  }
  const core::Command settle{w.open.now_ns() + kCommandSpacingNs,
                             core::SettleDnsCycle{bench_currency()}};
  std::optional<core::Core> core;
  size_t positions = 0;
  core::AmountMinor fund_required = 0;
  std::string failure;
  for (auto _ : state) {
    state.PauseTiming();  // the copy of the open cycle is not timed
    core.emplace(w.open);
    state.ResumeTiming();
    const core::Result result = core->apply(settle);
    state.PauseTiming();
    if (!result.ok()) {
      failure = "SettleDnsCycle rejected: " + std::string(core::reason_text(result.reason));
      state.SkipWithError(failure.c_str());
      break;
    }
    positions = core->last_dns_report().positions.size();
    fund_required = core->last_dns_report().fund_required_minor;
    core.reset();
    state.ResumeTiming();
  }
  state.counters["payments"] = static_cast<double>(payments);
  state.counters["positions"] = static_cast<double>(positions);
  state.counters["fund_required"] = static_cast<double>(fund_required);
}

// Args: {payments in the cycle}.
BENCHMARK(BM_DnsCycle)->Arg(1'000'000)->ArgNames({"payments"})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace corridor::bench
