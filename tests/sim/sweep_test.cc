#include "sim/sweep.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sim/generator.h"
#include "sim/sweep_output.h"
#include "sim/virtual_time.h"
#include "test_scenarios.h"

namespace corridor::sim {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The small day without timed payments, with more or fewer balanced cycles.
Scenario untimed_day(uint32_t cycle_percent, uint32_t levels) {
  Scenario s = testing::small_day();
  s.generation.timed_percent = 0;
  s.generation.cycle_percent = cycle_percent;
  s.sweep.levels = levels;
  return s;
}

TEST(SweepLevelsTest, LevelsSpanTheBoundsInIntegerSteps) {
  AccountBounds b;
  b.lower_minor = 10;
  b.upper_minor = 20;
  EXPECT_EQ(liquidity_at_level(b, 0, 4), 10);
  EXPECT_EQ(liquidity_at_level(b, 1, 4), 13);  // 10 + 10/3, rounded down
  EXPECT_EQ(liquidity_at_level(b, 2, 4), 16);
  EXPECT_EQ(liquidity_at_level(b, 3, 4), 20);
  b.lower_minor = 0;
  b.upper_minor = INT64_MAX;  // no overflow in level * span
  EXPECT_EQ(liquidity_at_level(b, 1, 2), INT64_MAX);
  EXPECT_EQ(liquidity_at_level(b, 1, 3), INT64_MAX / 2);
}

TEST(SweepLevelsTest, RunScenarioHasOnlyTheLevelsLiquidityAndThePolicysResolution) {
  const Scenario s = testing::small_day();
  std::vector<AccountBounds> bounds(s.banks.size());
  for (size_t i = 0; i < bounds.size(); ++i) {
    bounds[i].lower_minor = 100 * static_cast<int64_t>(i);
    bounds[i].upper_minor = 1000;
  }
  const Scenario run = scenario_for_run(s, bounds, *parse_policy("bilateral"), 0);
  for (size_t i = 0; i < run.banks.size(); ++i) {
    EXPECT_EQ(run.banks[i].accounts[0].opening_liquidity_minor, 100 * static_cast<int64_t>(i));
    EXPECT_EQ(run.banks[i].accounts[0].credit_line_minor, 0);
  }
  EXPECT_EQ(run.gridlock.algorithm, core::GridlockAlgorithm::kBilateral);
  EXPECT_EQ(run.gridlock.interval_minutes, s.sweep.gridlock_interval_minutes);
  EXPECT_EQ(scenario_for_run(s, bounds, *parse_policy("fifo"), 0).gridlock.interval_minutes, 0);
  EXPECT_EQ(run.generation.count, 0u);  // the sweep passes its planned payments
}

TEST(SweepLevelsTest, LiquidityForADelayInterpolatesBetweenLevelsInIntegers) {
  // One account with bounds 0 and 100 (levels 0, 50, 100) and mean delays of
  // 100 s, 40 s and 0 s at them.
  SweepResult r;
  r.spec.levels = 3;
  r.policies = {*parse_policy("fifo")};
  AccountBounds b;
  b.currency = *core::CurrencyCode::parse("EUR");
  b.upper_minor = 100;
  r.bounds = {b};
  for (int64_t delay_s : {100, 40, 0}) {
    SweepRun run;
    run.level = static_cast<uint32_t>(r.runs.size());
    CurrencyFigures c;
    c.code = b.currency;
    c.delay_value_weighted_mean_ns = delay_s * kNsPerSecond;
    run.figures.currencies = {c};
    r.runs.push_back(run);
  }
  auto need = [&](int64_t delay_s) { return liquidity_for_delay(r, 0, 0, delay_s * kNsPerSecond); };
  EXPECT_EQ(need(100), 0);  // the lower bound already does
  EXPECT_EQ(need(70), 25);  // 0 + 50 * (100 - 70) / (100 - 40)
  EXPECT_EQ(need(40), 50);  // exactly level 1
  EXPECT_EQ(need(10), 88);  // 50 + 50 * 30 / 40 = 87.5, rounded up
  EXPECT_EQ(need(0), 100);
  EXPECT_EQ(liquidity_for_delay(r, 0, 0, -1), std::nullopt);  // no level is that fast
}

TEST(SweepTest, AtTheUpperBoundEveryPaymentSettlesOnArrival) {
  // With timed payments (10%): the sweep's runs release a payment at its
  // earliest time exactly, which is when the bound has it arrive.
  Scenario s = testing::small_day();
  s.sweep.levels = 3;
  ASSERT_GT(s.generation.timed_percent, 0u);
  uint64_t after_the_day = 0;
  for (const PlannedPayment& p : plan_payments(s)) {
    after_the_day += p.command.earliest_ns >= timestamp_ns(s.value_date, s.day_end_seconds);
  }
  SweepOptions options;
  options.threads = 2;
  const SweepResult r = run_sweep(s, options);
  ASSERT_EQ(r.runs.size(), 4u * 3u);
  for (size_t p = 0; p < r.policies.size(); ++p) {
    const CurrencyFigures& c = r.run(p, 2).figures.currencies[0];
    SCOPED_TRACE(r.policies[p].key);
    EXPECT_EQ(c.submitted.count, 2000u);
    // All but those whose earliest time is after the end of the day.
    EXPECT_EQ(c.settled.count, c.submitted.count - after_the_day);
    EXPECT_EQ(c.peak_queue.value_minor, 0);
    EXPECT_EQ(c.delay_value_weighted_mean_ns, 0);
    EXPECT_EQ(c.delay_buckets[0].value_minor, c.settled.value_minor);
  }
  // Below the upper bound something waits: the bound is not loose for everyone.
  EXPECT_GT(r.run(0, 0).figures.currencies[0].peak_queue.value_minor, 0);
  for (const SweepRun& run : r.runs) EXPECT_TRUE(run.figures.invariant_violations.empty());
}

TEST(SweepTest, GridlockResolutionMeasurablyReducesDelayAtTheSameLiquidity) {
  // Mostly balanced cycles: at the lower bound, FIFO with offsetting on entry
  // gridlocks early and leaves most of the day queued; a partial resolution
  // every 15 minutes (the same liquidity) releases the cycles.
  Scenario s = untimed_day(90, 3);
  s.sweep.gridlock_interval_minutes = 15;
  s.sweep.policies = {*parse_policy("fifo"), *parse_policy("partial")};
  const SweepResult r = run_sweep(s);
  const CurrencyFigures& fifo = r.run(0, 0).figures.currencies[0];
  const CurrencyFigures& partial = r.run(1, 0).figures.currencies[0];
  EXPECT_EQ(liquidity_total(r, fifo.code, 0), liquidity_total(r, partial.code, 0));
  // At least halves the value-weighted delay (unsettled payments count until the end of day).
  EXPECT_LT(partial.delay_value_weighted_mean_ns, fifo.delay_value_weighted_mean_ns / 2);
  EXPECT_LT(partial.submitted.value_minor - partial.settled.value_minor,
            (fifo.submitted.value_minor - fifo.settled.value_minor) / 2);
  EXPECT_GT(r.run(1, 0).figures.gridlock.runs_settling, 0u);
  EXPECT_GT(partial.settled_by[static_cast<size_t>(core::SettledBy::kGridlockResolution)].count,
            0u);
  // So the summary's first row: partial reaches FIFO's lower-bound delay at the lower bound.
  EXPECT_EQ(first_level_within(r, 1, 0, fifo.delay_value_weighted_mean_ns), 0u);
}

TEST(SweepLevelsTest, OnlyTheRtgsPolicySwitchesOffsettingOnEntryOff) {
  const Scenario s = testing::small_day();
  std::vector<AccountBounds> bounds(s.banks.size());
  for (const char* key : {"fifo", "all_or_nothing", "partial", "bilateral"}) {
    EXPECT_TRUE(scenario_for_run(s, bounds, *parse_policy(key), 0).entry_offsetting) << key;
  }
  const Scenario rtgs = scenario_for_run(s, bounds, *parse_policy("rtgs"), 0);
  EXPECT_FALSE(rtgs.entry_offsetting);
  EXPECT_EQ(rtgs.gridlock.interval_minutes, 0);
  // The run tells the core so, once, before the day.
  size_t switched_off = 0;
  RunOptions options;
  options.on_command = [&](const core::Command& c) {
    const auto* set = std::get_if<core::SetEntryOffsetting>(&c.body);
    switched_off += set != nullptr && !set->enabled;
  };
  run_scenario(rtgs, options);
  EXPECT_EQ(switched_off, 1u);
}

TEST(SweepTest, PlainRtgsDelaysAreAtLeastThoseWithOffsettingOnEntry) {
  // Half the payments in balanced cycles, A->B->A among them: a payment that
  // cannot settle alone often meets its counterparty's queued payment, which
  // offsetting on entry settles with it and plain RTGS leaves queued.
  Scenario s = untimed_day(50, 4);
  s.sweep.policies = {*parse_policy("rtgs"), *parse_policy("fifo")};
  SweepOptions options;
  options.threads = 2;
  const SweepResult r = run_sweep(s, options);
  const size_t offsetting = static_cast<size_t>(core::SettledBy::kOffsetting);
  for (uint32_t level = 0; level < s.sweep.levels; ++level) {
    SCOPED_TRACE(level);
    const CurrencyFigures& rtgs = r.run(0, level).figures.currencies[0];
    const CurrencyFigures& fifo = r.run(1, level).figures.currencies[0];
    EXPECT_EQ(liquidity_total(r, rtgs.code, level), liquidity_total(r, fifo.code, level));
    EXPECT_EQ(rtgs.settled_by[offsetting].count, 0u);
    EXPECT_GE(rtgs.delay_value_weighted_mean_ns, fifo.delay_value_weighted_mean_ns);
    EXPECT_GE(rtgs.delay_value_weighted_p99_ns, fifo.delay_value_weighted_p99_ns);
  }
  // Below the upper bound offsetting matters: it settles something, and sooner.
  const CurrencyFigures& rtgs = r.run(0, 0).figures.currencies[0];
  const CurrencyFigures& fifo = r.run(1, 0).figures.currencies[0];
  EXPECT_GT(fifo.settled_by[offsetting].count, 0u);
  EXPECT_GT(rtgs.delay_value_weighted_mean_ns, fifo.delay_value_weighted_mean_ns);
}

TEST(SweepTest, UnsettledPaymentsCountAsDelayedUntilTheEndOfDay) {
  // The classic gridlock with no resolution: all three payments of 100.00
  // queue at 09:00, 09:01 and 09:02 and are rejected at 12:00.
  Scenario s = load_scenario(testing::example_path("classic-gridlock.toml"));
  s.sweep.levels = 2;
  s.sweep.policies = {*parse_policy("fifo")};
  const SweepResult r = run_sweep(s);
  // Bounds: A needs 100.00 on arrival, B and C are paid first; nobody nets a debit.
  EXPECT_EQ(r.bounds[0].upper_minor, 10000);
  const CurrencyFigures& c = r.run(0, 0).figures.currencies[0];
  EXPECT_EQ(c.settled.count, 0u);
  const int64_t hour_ns = 3600 * kNsPerSecond;
  const int64_t minute_ns = 60 * kNsPerSecond;
  // (3h + (3h - 1min) + (3h - 2min)) / 3, equal values.
  EXPECT_EQ(c.delay_value_weighted_mean_ns, 3 * hour_ns - minute_ns);
  EXPECT_EQ(c.delay_value_weighted_p99_ns, 3 * hour_ns);
  for (const CountValue& bucket : c.delay_buckets) EXPECT_EQ(bucket.count, 0u);  // settled only
  // At the upper bound A pays first and everything settles on arrival.
  EXPECT_EQ(r.run(0, 1).figures.currencies[0].settled.count, 3u);
  EXPECT_EQ(r.run(0, 1).figures.currencies[0].delay_value_weighted_mean_ns, 0);
}

TEST(SweepTest, SameSeedGivesByteIdenticalOutputsWhateverTheThreads) {
  const Scenario s = untimed_day(50, 3);
  SweepOptions one;
  one.threads = 1;
  SweepOptions three;
  three.threads = 3;
  const SweepResult a = run_sweep(s, one);
  const SweepResult b = run_sweep(s, three);
  EXPECT_TRUE(a == b);
  const std::vector<OutputFile> files_a = sweep_csv_files(a);
  const std::vector<OutputFile> files_b = sweep_csv_files(b);
  ASSERT_EQ(files_a.size(), files_b.size());
  for (size_t i = 0; i < files_a.size(); ++i) {
    EXPECT_EQ(files_a[i].name, files_b[i].name);
    EXPECT_EQ(files_a[i].content, files_b[i].content) << files_a[i].name;
  }
  EXPECT_EQ(sweep_report_html(a), sweep_report_html(b));

  Scenario other = s;
  other.generation.seed = 99;
  EXPECT_NE(sweep_csv_files(run_sweep(other, one))[1].content, files_a[1].content);
}

TEST(SweepTest, ProgressCountsRunsAndPaymentsUpToTheirTotals) {
  Scenario s = untimed_day(50, 2);
  s.generation.count = 40'000;  // more than kProgressEveryPayments a run
  s.sweep.policies = {*parse_policy("fifo")};
  std::vector<SweepProgress> seen;
  SweepOptions options;
  options.threads = 2;
  options.on_progress = [&](const SweepProgress& p) { seen.push_back(p); };
  run_sweep(s, options);
  ASSERT_GT(seen.size(), 2u * 2u);  // within runs too, not only at their ends
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_GE(seen[i].payments_done, seen[i - 1].payments_done);
    EXPECT_GE(seen[i].runs_done, seen[i - 1].runs_done);
  }
  EXPECT_EQ(seen.back().runs_done, 2u);
  EXPECT_EQ(seen.back().runs_total, 2u);
  EXPECT_EQ(seen.back().payments_done, 80'000u);
  EXPECT_EQ(seen.back().payments_total, 80'000u);
}

TEST(SweepOutputTest, CsvFilesHaveOneRowPerRunAndSeries) {
  const Scenario s = untimed_day(50, 2);
  const SweepResult r = run_sweep(s);
  const std::vector<OutputFile> files = sweep_csv_files(r);
  ASSERT_EQ(files.size(), 5u);
  EXPECT_EQ(files[0].name, "bounds.csv");
  EXPECT_EQ(count_of(files[0].content, "\n"), 1 + s.banks.size());
  EXPECT_EQ(files[1].name, "runs.csv");
  EXPECT_EQ(count_of(files[1].content, "\n"), 1 + r.runs.size());
  EXPECT_THAT(files[1].content, HasSubstr("\nfifo,0,EUR,"));
  EXPECT_THAT(files[1].content, HasSubstr("\nrtgs,1,EUR,"));
  EXPECT_THAT(files[1].content, HasSubstr("\npartial,1,EUR,"));
  // 08:00 to 16:00 every 5 minutes, both ends: 97 samples per run.
  EXPECT_EQ(files[2].name, "queue.csv");
  EXPECT_EQ(count_of(files[2].content, "\n"), 1 + r.runs.size() * 97);
  EXPECT_THAT(files[2].content, HasSubstr(",08:00:00,0,0\n"));
  EXPECT_EQ(count_of(files[3].content, "\n"), 1 + r.runs.size() * s.banks.size());
  EXPECT_EQ(count_of(files[4].content, "\n"), 1 + r.runs.size() * kDelayBuckets);
}

TEST(SweepOutputTest, ReportIsSelfContainedWithItsChartsAndSummary) {
  const SweepResult r = run_sweep(untimed_day(50, 3));
  const std::string html = sweep_report_html(r);
  EXPECT_THAT(html, HasSubstr("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("Summary: liquidity needed for the same delay"));
  // Trade-off, queue, peak liquidity, delay distribution: one each per currency.
  EXPECT_EQ(count_of(html, "<svg class=\"chart\""), 4u);
  EXPECT_EQ(count_of(html, "<svg"), count_of(html, "</svg>"));
  EXPECT_EQ(count_of(html, "<polyline class=\"series\""), 2 * r.policies.size());
  for (const char* external :
       {"<script", "http:", "https:", "src=", "href=", "url(", "@import", "<link"}) {
    EXPECT_THAT(html, Not(HasSubstr(external))) << external;
  }
  // Money in the report comes from integers: the upper bound total, formatted.
  EXPECT_THAT(html, HasSubstr("<table class=\"summary\">"));
}

TEST(SweepScenarioTest, SweepTableChoosesPoliciesAndLevels) {
  Scenario s = parse_scenario(testing::small_day_toml() +
                                  "[sweep]\nlevels = 4\npolicies = [\"fifo\", \"bilateral\"]\n"
                                  "gridlock_interval_minutes = 10\nqueue_sample_minutes = 15\n",
                              "t.toml");
  EXPECT_EQ(s.sweep.levels, 4u);
  ASSERT_EQ(s.sweep.policies.size(), 2u);
  EXPECT_EQ(s.sweep.policies[1].algorithm, core::GridlockAlgorithm::kBilateral);
  EXPECT_EQ(s.sweep.gridlock_interval_minutes, 10);
  EXPECT_EQ(s.sweep.queue_sample_minutes, 15);
  // Without [sweep]: plain RTGS (the baseline), FIFO with offsetting on entry
  // and two gridlock algorithms; the scenario's gridlock interval.
  s = testing::small_day();
  std::vector<std::string> keys;
  for (const PolicySpec& p : s.sweep.policies) keys.push_back(p.key);
  EXPECT_THAT(keys, ::testing::ElementsAre("rtgs", "fifo", "all_or_nothing", "partial"));
  EXPECT_EQ(s.sweep.gridlock_interval_minutes, 30);
}

TEST(SweepScenarioTest, UnknownPolicyIsAnErrorNamingLineAndKey) {
  const std::string error =
      testing::parse_error(testing::small_day_toml() + "[sweep]\npolicies = [\"fifo\", \"lsm\"]\n");
  EXPECT_THAT(error, ::testing::MatchesRegex(
                         "test\\.toml:[0-9]+: sweep\\.policies: \"lsm\" is not one of .*"));
}

}  // namespace
}  // namespace corridor::sim
