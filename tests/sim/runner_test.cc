#include "sim/runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "core/core.h"
#include "sim/report.h"
#include "test_scenarios.h"

namespace corridor::sim {
namespace {

using ::testing::HasSubstr;

const CountValue& settled_by(const CurrencyFigures& c, core::SettledBy how) {
  return c.settled_by[static_cast<size_t>(how)];
}

uint64_t rejected(const SimFigures& f, core::Reason reason) {
  return f.rejected_by_reason[static_cast<size_t>(reason)];
}

// Every submitted payment ends the day settled or rejected (end of day
// rejects what is left); nothing is lost or counted twice.
void expect_every_payment_accounted_for(const SimFigures& f) {
  for (const CurrencyFigures& c : f.currencies) {
    SCOPED_TRACE(c.code.to_string());
    EXPECT_EQ(c.submitted.count,
              c.settled.count + c.rejected_on_submission.count + c.rejected_later.count);
    EXPECT_EQ(c.submitted.value_minor, c.settled.value_minor +
                                           c.rejected_on_submission.value_minor +
                                           c.rejected_later.value_minor);
    uint64_t by_count = 0;
    for (const CountValue& by : c.settled_by) by_count += by.count;
    EXPECT_EQ(by_count, c.settled.count);
  }
}

TEST(RunnerTest, SameSeedGivesSameFiguresAndHash) {
  const Scenario s = testing::small_day();
  const SimFigures first = run_scenario(s);
  const SimFigures second = run_scenario(s);
  EXPECT_EQ(first.state_hash, second.state_hash);
  EXPECT_TRUE(first == second);
  EXPECT_EQ(format_report(first), format_report(second));
}

TEST(RunnerTest, DifferentSeedGivesDifferentHashAndFigures) {
  Scenario s = testing::small_day();
  const SimFigures first = run_scenario(s);
  s.generation.seed = 8;
  const SimFigures second = run_scenario(s);
  EXPECT_NE(first.state_hash, second.state_hash);
  EXPECT_NE(first.currencies[0].settled.value_minor, second.currencies[0].settled.value_minor);
}

TEST(RunnerTest, SmallDayAccountsForEveryPayment) {
  RunOptions options;
  options.check_every_commands = 1;  // the core's invariants after every command
  const SimFigures f = run_scenario(testing::small_day(), options);
  EXPECT_TRUE(f.invariant_violations.empty()) << f.invariant_violations.front();
  EXPECT_EQ(f.payments_planned, 2000u);
  EXPECT_EQ(f.invariant_checks, f.commands_applied + 1);  // every command, and the end
  ASSERT_EQ(f.currencies.size(), 1u);
  EXPECT_EQ(f.currencies[0].submitted.count, 2000u);
  expect_every_payment_accounted_for(f);
  EXPECT_EQ(f.currencies[0].liquidity_transfers.count, 4u);
  EXPECT_EQ(f.currencies[0].liquidity_transfers.value_minor, 7'500'000);  // 75,000.00
}

// The hook is what `corridor sim --journal` records: replaying what it saw
// into a fresh core, with the default configuration a journal replay uses,
// must reach the simulation's own state.
TEST(RunnerTest, OnCommandSeesEveryCommandSoThatAReplayReachesTheSameState) {
  std::vector<core::Command> seen;
  RunOptions options;
  options.on_command = [&](const core::Command& c) { seen.push_back(c); };
  const SimFigures f = run_scenario(testing::small_day(), options);
  EXPECT_EQ(seen.size(), f.commands_applied);
  core::Core replay{core::Config()};
  for (const core::Command& c : seen) replay.apply(c);
  EXPECT_EQ(replay.state_hash(), f.state_hash);
}

TEST(RunnerTest, TwoAreaExampleRunsWithInvariantsHoldingAndInterestingFigures) {
  const Scenario s = load_scenario(testing::example_path("two-area-day.toml"));
  RunOptions options;
  options.check_every_commands = 500;
  const SimFigures f = run_scenario(s, options);
  ASSERT_TRUE(f.invariant_violations.empty()) << f.invariant_violations.front();
  EXPECT_GE(f.invariant_checks, 40u);
  EXPECT_EQ(f.payments_planned, 20'000u);
  expect_every_payment_accounted_for(f);
  ASSERT_EQ(f.currencies.size(), 2u);
  for (const CurrencyFigures& c : f.currencies) {
    SCOPED_TRACE(c.code.to_string());
    // Not everything settles at entry, not everything is rejected; queues form
    // and are resolved, and gridlock resolution settles something.
    EXPECT_GT(settled_by(c, core::SettledBy::kEntry).count, c.submitted.count / 2);
    EXPECT_LT(settled_by(c, core::SettledBy::kEntry).count, c.settled.count);
    EXPECT_GT(settled_by(c, core::SettledBy::kQueueResolution).count, 0u);
    EXPECT_GT(settled_by(c, core::SettledBy::kOffsetting).count, 0u);
    EXPECT_GT(settled_by(c, core::SettledBy::kGridlockResolution).count, 0u);
    EXPECT_GT(c.peak_queue.count, 0u);
    EXPECT_LT(c.rejected_later.count, c.submitted.count / 10);
    EXPECT_GT(c.delayed_settled_count, 0u);
  }
  EXPECT_GT(f.gridlock.runs_settling, 0u);
  EXPECT_LT(f.gridlock.runs_settling, f.gridlock.runs);
  EXPECT_GT(rejected(f, core::Reason::kEndOfDay), 0u);
  EXPECT_GT(rejected(f, core::Reason::kLatestTimePassed), 0u);
  // 12 banks, the two global ones with an account in each currency.
  EXPECT_EQ(f.accounts.size(), 14u);
  bool some_credit_used = false;
  for (const AccountFigures& a : f.accounts) {
    EXPECT_GE(a.peak_liquidity_use_minor, 0);
    EXPECT_LE(a.peak_credit_use_minor, a.credit_line_minor) << a.bic.to_string();
    some_credit_used |= a.peak_credit_use_minor > 0;
  }
  EXPECT_TRUE(some_credit_used);
}

// Rule 6's example: A -> B -> C -> A, 100.00 each, nobody has liquidity.
class ClassicGridlockTest : public ::testing::Test {
 protected:
  SimFigures run(int64_t interval_minutes, core::GridlockAlgorithm algorithm) {
    Scenario s = load_scenario(testing::example_path("classic-gridlock.toml"));
    s.gridlock.interval_minutes = interval_minutes;
    s.gridlock.algorithm = algorithm;
    RunOptions options;
    options.check_every_commands = 1;
    SimFigures f = run_scenario(s, options);
    EXPECT_TRUE(f.invariant_violations.empty());
    expect_every_payment_accounted_for(f);
    return f;
  }
};

TEST_F(ClassicGridlockTest, StaysQueuedWithoutGridlockResolution) {
  const SimFigures f = run(0, core::GridlockAlgorithm::kPartial);
  const CurrencyFigures& eur = f.currencies[0];
  EXPECT_EQ(eur.submitted.count, 3u);
  EXPECT_EQ(eur.settled.count, 0u);
  EXPECT_EQ(eur.peak_queue.count, 3u);
  EXPECT_EQ(eur.peak_queue.value_minor, 30000);
  EXPECT_EQ(eur.rejected_later.count, 3u);
  EXPECT_EQ(rejected(f, core::Reason::kEndOfDay), 3u);
  EXPECT_EQ(f.gridlock.runs, 0u);
}

TEST_F(ClassicGridlockTest, PartialSettlesAllThreeInOneRun) {
  const SimFigures f = run(30, core::GridlockAlgorithm::kPartial);
  const CurrencyFigures& eur = f.currencies[0];
  EXPECT_EQ(eur.settled.count, 3u);
  EXPECT_EQ(settled_by(eur, core::SettledBy::kGridlockResolution).count, 3u);
  EXPECT_EQ(settled_by(eur, core::SettledBy::kGridlockResolution).value_minor, 30000);
  EXPECT_EQ(eur.rejected_later.count, 0u);
  EXPECT_EQ(f.gridlock.runs_settling, 1u);
  EXPECT_EQ(f.gridlock.payments_settled, 3u);
  EXPECT_GT(f.gridlock.runs, 1u);  // the later runs find nothing to do
  // The first run after the last payment (09:02) is at 09:30.
  EXPECT_EQ(eur.delay_max_ns, 30LL * 60 * 1'000'000'000);
  for (const AccountFigures& a : f.accounts) {
    EXPECT_EQ(a.balance_close_minor, 0);
    EXPECT_EQ(a.peak_credit_use_minor, 0);
  }
}

TEST_F(ClassicGridlockTest, AllOrNothingSettlesAllThree) {
  const SimFigures f = run(30, core::GridlockAlgorithm::kAllOrNothing);
  EXPECT_EQ(settled_by(f.currencies[0], core::SettledBy::kGridlockResolution).count, 3u);
}

TEST_F(ClassicGridlockTest, BilateralCannotResolveACycleOfThree) {
  const SimFigures f = run(30, core::GridlockAlgorithm::kBilateral);
  EXPECT_EQ(f.currencies[0].settled.count, 0u);
  EXPECT_EQ(f.gridlock.runs_settling, 0u);
  EXPECT_EQ(rejected(f, core::Reason::kEndOfDay), 3u);
}

TEST(RunnerTest, RejectionsOnSubmissionAreCountedByReason) {
  Scenario s = testing::small_day();
  s.generation.count = 0;
  PaymentSpec bad_window;
  bad_window.from = *core::Bic::parse("BANKAAFF");
  bad_window.to = *core::Bic::parse("BANKBBFF");
  bad_window.currency = *core::CurrencyCode::parse("EUR");
  bad_window.amount_minor = 100;
  bad_window.at_seconds = 9 * 3600;
  bad_window.earliest_seconds = 11 * 3600;
  bad_window.latest_seconds = 10 * 3600;  // before the earliest time
  PaymentSpec good = bad_window;
  good.earliest_seconds.reset();
  good.latest_seconds.reset();
  s.payments = {bad_window, good};
  const SimFigures f = run_scenario(s);
  EXPECT_EQ(f.currencies[0].rejected_on_submission.count, 1u);
  EXPECT_EQ(f.currencies[0].rejected_on_submission.value_minor, 100);
  EXPECT_EQ(rejected(f, core::Reason::kInvalidTimeWindow), 1u);
  EXPECT_EQ(settled_by(f.currencies[0], core::SettledBy::kEntry).count, 1u);
  expect_every_payment_accounted_for(f);
}

TEST(RunnerTest, TimedPaymentsWaitAndExpire) {
  Scenario s = testing::small_day();
  s.generation.count = 0;
  PaymentSpec waits;
  waits.from = *core::Bic::parse("BANKAAFF");
  waits.to = *core::Bic::parse("BANKBBFF");
  waits.currency = *core::CurrencyCode::parse("EUR");
  waits.amount_minor = 100;
  waits.at_seconds = 9 * 3600;
  waits.earliest_seconds = 10 * 3600;
  // Too large for BANKDDFF (5,000.00 of liquidity): queues until its latest time.
  PaymentSpec expires = waits;
  expires.from = *core::Bic::parse("BANKDDFF");
  expires.amount_minor = 1'000'000;
  expires.earliest_seconds.reset();
  expires.latest_seconds = 9 * 3600 + 60;
  // A later payment moves the clock past both times.
  PaymentSpec later = waits;
  later.earliest_seconds.reset();
  later.at_seconds = 11 * 3600;
  s.payments = {waits, expires, later};
  const SimFigures f = run_scenario(s);
  EXPECT_EQ(f.currencies[0].settled.count, 2u);
  EXPECT_EQ(f.currencies[0].delayed_settled_count, 1u);  // the waiting one, counted from 10:00
  EXPECT_EQ(rejected(f, core::Reason::kLatestTimePassed), 1u);
  expect_every_payment_accounted_for(f);
}

TEST(RunnerTest, ReportShowsTheFigures) {
  const SimFigures f = run_scenario(load_scenario(testing::example_path("classic-gridlock.toml")));
  const std::string report = format_report(f);
  EXPECT_THAT(report, HasSubstr("EUR (minor units 2)"));
  EXPECT_THAT(report, HasSubstr("by gridlock resolution           3                    300.00"));
  EXPECT_THAT(report, HasSubstr("Gridlock resolution (partial, every 30 minutes)"));
  EXPECT_THAT(report, HasSubstr("BANKAAFF    EUR"));
  EXPECT_THAT(report, HasSubstr("Invariants: all hold"));
  EXPECT_THAT(report, HasSubstr("State hash: "));
}

TEST(RunnerTest, SetupRejectedByTheCoreIsReported) {
  Scenario s = testing::small_day();
  // Validation would catch this in a file; in code, the core must refuse it.
  s.banks[1].bic = s.banks[0].bic;
  EXPECT_THROW(run_scenario(s), SetupError);
}

}  // namespace
}  // namespace corridor::sim
