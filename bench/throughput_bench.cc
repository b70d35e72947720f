// Benchmarks 1 and 2: single-thread throughput of Core::apply on SubmitPayment;
// 1b: the same for cross-currency (PvP) payments (SubmitCrossCurrencyPayment).
//
// 10,000 funded accounts in one currency; 1,000,000 payments of 1..1,000 minor
// units between random accounts, every one of which settles on entry. The
// commands are generated once, outside the timed region; each iteration copies
// the funded Core with the timer paused and times only the apply() loop.
#include <benchmark/benchmark.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/fx_rate.h"
#include "workload.h"

namespace corridor::bench {
namespace {

constexpr uint32_t kAccounts = 10'000;
constexpr size_t kPrefetchDistance = 8;  // commands ahead; tuned on the machine in performance.md
constexpr size_t kPayments = 1'000'000;
// Enough that no account can run dry even if it paid every payment of the run.
constexpr core::AmountMinor kLiquidityEach = 1'000'000'000;

struct ThroughputWorkload {
  core::Core funded;  // state after setup, copied per iteration
  std::vector<core::Command> payments;
  uint64_t hot_payments = 0;  // payments touching the hot account (index 0)
  std::string error;
};

// `hot_percent` of the payments have participant 0 as debtor or creditor (half
// each); the others are between two distinct uniformly random other participants.
std::unique_ptr<ThroughputWorkload> make_workload(int hot_percent) {
  auto w = std::make_unique<ThroughputWorkload>();
  Market market = build_market(kAccounts, kLiquidityEach, 0xC0FFEE + hot_percent);
  w->error = market.error;
  SplitMix64 rng(0x5EED0000 + static_cast<uint64_t>(hot_percent));
  w->payments.reserve(kPayments);
  for (size_t i = 0; i < kPayments; ++i) {
    uint32_t debtor;
    uint32_t creditor;
    if (hot_percent > 0 && rng.below(100) < static_cast<uint64_t>(hot_percent)) {
      const uint32_t other = 1 + static_cast<uint32_t>(rng.below(kAccounts - 1));
      const bool hot_pays = rng.below(2) == 0;
      debtor = hot_pays ? 0 : other;
      creditor = hot_pays ? other : 0;
      ++w->hot_payments;
    } else {
      const uint32_t first = hot_percent > 0 ? 1 : 0;
      const uint32_t span = kAccounts - first;
      debtor = first + static_cast<uint32_t>(rng.below(span));
      // A uniformly random account other than the debtor.
      creditor = first + static_cast<uint32_t>((debtor - first + 1 + rng.below(span - 1)) % span);
    }
    w->payments.push_back(
        market.source.payment(market.bics[debtor], market.bics[creditor], rng.between(1, 1000)));
  }
  w->funded = std::move(market.core);
  return w;
}

const ThroughputWorkload& workload(int hot_percent) {
  static std::map<int, std::unique_ptr<ThroughputWorkload>> cache;
  auto& slot = cache[hot_percent];
  if (!slot) slot = make_workload(hot_percent);
  return *slot;
}

void BM_Throughput(benchmark::State& state) {
  const int hot_percent = static_cast<int>(state.range(0));
  const ThroughputWorkload& w = workload(hot_percent);
  if (!w.error.empty()) {
    state.SkipWithError(w.error.c_str());
    return;
  }
  bool checked = false;
  std::string failure;
  std::optional<core::Core> core;
  double wall_seconds = 0;
  for (auto _ : state) {
    state.PauseTiming();  // the copy of the funded state is not timed
    core.emplace(w.funded);
    uint64_t settled = 0;
    state.ResumeTiming();
    const auto start = std::chrono::steady_clock::now();
    // As the sequencer will: hint each command's memory a few commands ahead.
    const size_t count = w.payments.size();
    for (size_t i = 0; i < count; ++i) {
      if (i + kPrefetchDistance < count) core->prefetch(w.payments[i + kPrefetchDistance]);
      settled += core->apply(w.payments[i]).outcome == core::Outcome::kSettled;
    }
    const auto stop = std::chrono::steady_clock::now();
    state.PauseTiming();  // verification and teardown are not timed
    wall_seconds += std::chrono::duration<double>(stop - start).count();
    benchmark::DoNotOptimize(settled);
    if (settled != w.payments.size() || core->queued_count() != 0 || core->pending_count() != 0) {
      failure = std::to_string(w.payments.size() - settled) + " of " +
                std::to_string(w.payments.size()) + " payments did not settle on entry";
      state.SkipWithError(failure.c_str());
      break;
    }
    if (!checked) {
      const std::vector<std::string> violations = core->check_invariants();
      if (!violations.empty()) {
        failure = "invariant violated after the run: " + violations.front();
        state.SkipWithError(failure.c_str());
        break;
      }
      checked = true;
    }
    state.counters["settled"] = static_cast<double>(settled);
    core.reset();
    state.ResumeTiming();
  }
  const double payments =
      static_cast<double>(state.iterations()) * static_cast<double>(w.payments.size());
  // items_per_second is payments per second of CPU time (Google Benchmark divides
  // rates by CPU time); payments_per_s_wall divides by elapsed time instead.
  state.SetItemsProcessed(static_cast<int64_t>(payments));
  if (wall_seconds > 0) state.counters["payments_per_s_wall"] = payments / wall_seconds;
  state.counters["accounts"] = kAccounts;
  state.counters["hot_share_pct"] =
      static_cast<double>(w.hot_payments) * 100.0 / static_cast<double>(w.payments.size());
}

// Arg: percentage of payments touching the hot account (0 = uniform).
BENCHMARK(BM_Throughput)
    ->ArgName("hot_pct")
    ->Arg(0)
    ->Arg(10)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);

// Benchmark 1b: cross-currency (PvP) payments, to compare with BM_Throughput/hot_pct:0
// (issue 6: at least half its rate). Two currencies (EUR, USD); the same 10,000
// participants with an account in each, funded; 100 of them are FX providers, each
// with one EUR/USD quote valid all day. 1,000,000 SubmitCrossCurrencyPayment of
// 1..1,000 EUR cents from a random participant to another, through a random
// provider (never one of the two), the USD amount converted at its quote; each
// settles both legs on entry.
constexpr uint32_t kProviders = 100;

std::unique_ptr<ThroughputWorkload> make_cross_currency_workload() {
  auto w = std::make_unique<ThroughputWorkload>();
  Market market = build_market(kAccounts, kLiquidityEach, 0xF0F0);
  const core::CurrencyCode eur = bench_currency();
  const core::CurrencyCode usd = *core::CurrencyCode::parse("USD");
  const core::Bic usd_bank = *core::Bic::parse("CBNKUS33");
  bool ok = market.error.empty();
  ok = ok && apply_setup(market, market.source.next(core::DefineCurrency{usd, 2}));
  ok = ok && apply_setup(market, market.source.next(core::AddParticipant{
                                     usd_bank, "Central bank USD",
                                     core::ParticipantKind::kCentralBank, core::Bic(), usd}));
  ok = ok && apply_setup(market, market.source.next(core::OpenAccount{usd_bank, usd}));
  for (uint32_t i = 0; ok && i < kAccounts; ++i) {
    ok = apply_setup(market, market.source.next(core::OpenAccount{market.bics[i], usd}));
    core::LiquidityTransfer t;
    t.uetr = market.source.next_uetr();
    t.from = usd_bank;
    t.to = market.bics[i];
    t.currency = usd;
    t.amount_minor = kLiquidityEach;
    ok = ok && apply_setup(market, market.source.next(t));
  }
  SplitMix64 rng(0xFEED);
  std::vector<int64_t> rate_units(kProviders);
  const core::TimestampNs day_end = kDayStartNs + 24 * 3600 * 1'000'000'000LL;
  for (uint32_t q = 0; ok && q < kProviders; ++q) {
    rate_units[q] = rng.between(10'500, 11'500);  // 1.05 to 1.15 USD per EUR
    core::PublishFxQuote quote;
    quote.quote_id = q + 1;
    quote.provider = market.bics[q];
    quote.base_currency = eur;
    quote.quote_currency = usd;
    quote.rate_units = rate_units[q];
    quote.rate_scale = 4;
    quote.valid_from_ns = kDayStartNs;
    quote.valid_to_ns = day_end;
    quote.max_base_amount_minor = 1'000'000;
    ok = apply_setup(market, market.source.next(quote));
  }
  w->error = market.error;
  w->payments.reserve(kPayments);
  for (size_t i = 0; ok && i < kPayments; ++i) {
    const auto provider = static_cast<uint32_t>(rng.below(kProviders));
    uint32_t debtor = kProviders + static_cast<uint32_t>(rng.below(kAccounts - kProviders));
    uint32_t creditor = kProviders + static_cast<uint32_t>(rng.below(kAccounts - kProviders - 1));
    if (creditor >= debtor) ++creditor;
    core::SubmitCrossCurrencyPayment p;
    p.uetr = market.source.next_uetr();
    p.instruction_id.assign("FX-" + std::to_string(i));
    p.debtor_agent = market.bics[debtor];
    p.creditor_agent = market.bics[creditor];
    p.instructed_currency = eur;
    p.instructed_amount_minor = rng.between(1, 1000);
    p.settlement_currency = usd;
    p.settlement_amount_minor =
        core::convert_half_even(p.instructed_amount_minor, rate_units[provider], 4, 2, 2)
            .value_or(0);
    p.quote_id = provider + 1;
    w->payments.push_back(market.source.next(std::move(p)));
  }
  w->funded = std::move(market.core);
  return w;
}

void BM_CrossCurrencyThroughput(benchmark::State& state) {
  static const std::unique_ptr<ThroughputWorkload> w = make_cross_currency_workload();
  if (!w->error.empty()) {
    state.SkipWithError(w->error.c_str());
    return;
  }
  std::optional<core::Core> core;
  std::string failure;
  double wall_seconds = 0;
  bool checked = false;
  for (auto _ : state) {
    state.PauseTiming();
    core.emplace(w->funded);
    uint64_t settled = 0;
    state.ResumeTiming();
    const auto start = std::chrono::steady_clock::now();
    const size_t count = w->payments.size();
    for (size_t i = 0; i < count; ++i) {
      if (i + kPrefetchDistance < count) core->prefetch(w->payments[i + kPrefetchDistance]);
      settled += core->apply(w->payments[i]).outcome == core::Outcome::kSettled;
    }
    const auto stop = std::chrono::steady_clock::now();
    state.PauseTiming();
    wall_seconds += std::chrono::duration<double>(stop - start).count();
    benchmark::DoNotOptimize(settled);
    if (settled != count || core->pending_count() != 0) {
      failure = std::to_string(count - settled) + " of " + std::to_string(count) +
                " cross-currency payments did not settle on entry";
      state.SkipWithError(failure.c_str());
      break;
    }
    if (!checked) {
      const std::vector<std::string> violations = core->check_invariants();
      if (!violations.empty()) {
        failure = "invariant violated after the run: " + violations.front();
        state.SkipWithError(failure.c_str());
        break;
      }
      checked = true;
    }
    core.reset();
    state.ResumeTiming();
  }
  const double payments =
      static_cast<double>(state.iterations()) * static_cast<double>(w->payments.size());
  state.SetItemsProcessed(static_cast<int64_t>(payments));
  if (wall_seconds > 0) state.counters["payments_per_s_wall"] = payments / wall_seconds;
  state.counters["accounts"] = 2 * kAccounts;
  state.counters["providers"] = kProviders;
}

BENCHMARK(BM_CrossCurrencyThroughput)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace corridor::bench
