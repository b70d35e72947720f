// Rule 10: end of day, value dates, the end-of-day report, the dedupe window.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr ValueDate kDay1 = 20260101;  // Config().value_date_initial
constexpr ValueDate kDay2 = 20260102;
constexpr ValueDate kDay3 = 20260105;

class EndOfDay : public ::testing::Test {
 protected:
  void SetUp() override { l.banks({A, B, C}); }
  const AccountDayFigures& figures(std::string_view b) {
    const EodReport& r = l.core().last_eod_report();
    const AccountId id = l.account(b);
    EXPECT_LT(id, r.accounts.size());
    for (const AccountDayFigures& f : r.accounts) {
      if (f.account == id) return f;
    }
    ADD_FAILURE() << "no figures for " << b;
    static AccountDayFigures none;
    return none;
  }
  const CurrencyDayTotals& eur_totals() {
    const EodReport& r = l.core().last_eod_report();
    const CurrencyId eur = *l.core().find_currency(ccy("EUR"));
    for (const CurrencyDayTotals& t : r.currencies) {
      if (t.currency == eur) return t;
    }
    ADD_FAILURE() << "no EUR totals";
    static CurrencyDayTotals none;
    return none;
  }
  Ledger l;
};

TEST_F(EndOfDay, ValueDateRollsAtOnce) {
  EXPECT_EQ(l.core().value_date(), kDay1);
  EXPECT_THAT(l.end_of_day(kDay2), Applied());
  EXPECT_EQ(l.core().value_date(), kDay2);
  EXPECT_EQ(l.core().last_eod_report().closed_value_date, kDay1);
  EXPECT_EQ(l.core().last_eod_report().next_value_date, kDay2);
  EXPECT_THAT(l.end_of_day(kDay3), Applied()) << "weekends are the calendar's business";
  EXPECT_EQ(l.core().value_date(), kDay3);
}

TEST_F(EndOfDay, NextValueDateMustBeLater) {
  EXPECT_THAT(l.end_of_day(kDay1), Rejected("DT01"));
  EXPECT_THAT(l.end_of_day(kDay1 - 1), Rejected("DT01"));
  EXPECT_EQ(l.core().value_date(), kDay1);
}

TEST_F(EndOfDay, ReportIsEmptyBeforeTheFirstEndOfDay) {
  EXPECT_TRUE(l.core().last_eod_report().accounts.empty());
  EXPECT_TRUE(l.core().last_eod_report().currencies.empty());
}

TEST_F(EndOfDay, QueuedAndWaitingPaymentsAreRejectedTM01) {
  l.fund(A, 50);
  ASSERT_THAT(l.pay(1, A, B, 100, HU), Queued());
  ASSERT_THAT(l.pay(2, A, B, 100, N), Queued());
  ASSERT_THAT(l.pay(3, B, C, 100, PayOptions{.earliest_ns = l.clock() + kMinute}), Queued());
  EXPECT_THAT(l.end_of_day(kDay2), Applied());
  EXPECT_THAT(l.events(),
              UnorderedElementsAre("rejected 1 TM01", "rejected 2 TM01", "rejected 3 TM01"));
  for (const Event& e : l.raw_events()) EXPECT_EQ(e.reason, Reason::kEndOfDay);
  EXPECT_EQ(l.core().pending_count(), 0u);
  EXPECT_EQ(l.core().queued_count(), 0u);
  EXPECT_EQ(l.queued_value(), 0);
  EXPECT_THAT(l.queue(A, HU), IsEmpty());
  EXPECT_THAT(l.queue(A, N), IsEmpty());
  EXPECT_EQ(l.acct(A).queued_value_minor, 0);
  EXPECT_EQ(l.balance(A), 50);
  // The waiting payment never enters, even when its time comes.
  l.fund(B, 1000);
  l.advance_by(2 * kMinute);
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_EQ(l.balance(C), 0);
}

TEST_F(EndOfDay, RejectedPaymentsStayDuplicates) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  ASSERT_THAT(l.end_of_day(kDay2), Applied());
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, B, 100), Rejected("DUPL"));
}

TEST_F(EndOfDay, ReportFigures) {
  l.fund(A, 1000);  // on day 1
  ASSERT_THAT(l.end_of_day(kDay2), Applied());
  // Day 2.
  const TimestampNs t = l.clock();
  ASSERT_THAT(l.credit_line(A, 800), Applied());
  ASSERT_THAT(l.pay(1, A, B, 1500, N), Settled());  // A: -500
  ASSERT_THAT(l.pay(2, B, A, 200, U), Settled());   // A: -300, B: 1300
  ASSERT_THAT(l.pay(3, C, B, 100, PayOptions{.latest_ns = t + kSecond}), Queued());
  l.advance_to(t + 2 * kSecond);
  ASSERT_THAT(l.events(), ElementsAre("rejected 3 TM01"));
  ASSERT_THAT(l.pay(4, C, B, 40), Queued());
  ASSERT_THAT(l.end_of_day(kDay3), Applied());
  EXPECT_THAT(l.events(), ElementsAre("rejected 4 TM01"));

  const EodReport& r = l.core().last_eod_report();
  EXPECT_EQ(r.closed_value_date, kDay2);
  EXPECT_EQ(r.next_value_date, kDay3);
  EXPECT_EQ(r.accounts.size(), l.core().account_count());
  EXPECT_EQ(r.currencies.size(), l.core().currency_count());

  const CurrencyDayTotals& eur = eur_totals();
  EXPECT_EQ(eur.settled_count, 2u);
  EXPECT_EQ(eur.settled_value_minor, 1700);
  EXPECT_EQ(eur.rejected_count, 2u) << "one at its latest time, one at end of day";
  EXPECT_EQ(eur.rejected_value_minor, 140);

  const AccountDayFigures& a = figures(A);
  EXPECT_EQ(a.balance_open_minor, 1000);
  EXPECT_EQ(a.balance_close_minor, -300);
  EXPECT_EQ(a.balance_min_minor, -500);
  EXPECT_EQ(a.peak_credit_use_minor, 500);
  EXPECT_EQ(a.peak_liquidity_use_minor, 1500);

  const AccountDayFigures& b = figures(B);
  EXPECT_EQ(b.balance_open_minor, 0);
  EXPECT_EQ(b.balance_close_minor, 1300);
  EXPECT_EQ(b.balance_min_minor, 0);
  EXPECT_EQ(b.peak_credit_use_minor, 0);
  EXPECT_EQ(b.peak_liquidity_use_minor, 0);

  const AccountDayFigures& c = figures(C);
  EXPECT_EQ(c.balance_open_minor, 0);
  EXPECT_EQ(c.balance_close_minor, 0);
  EXPECT_EQ(c.peak_credit_use_minor, 0);
  EXPECT_EQ(c.peak_liquidity_use_minor, 0);
}

TEST_F(EndOfDay, NextDayOpensAtTheClosingBalance) {
  l.fund(A, 1000);
  ASSERT_THAT(l.pay(1, A, B, 300), Settled());
  ASSERT_THAT(l.end_of_day(kDay2), Applied());
  EXPECT_EQ(figures(A).balance_close_minor, 700);
  EXPECT_EQ(l.acct(A).balance_open_minor, 700);
  EXPECT_EQ(l.acct(A).balance_min_minor, 700);
  ASSERT_THAT(l.end_of_day(kDay3), Applied());
  EXPECT_EQ(figures(A).balance_open_minor, 700);
  EXPECT_EQ(figures(A).balance_min_minor, 700);
  EXPECT_EQ(figures(A).peak_liquidity_use_minor, 0);
  EXPECT_EQ(eur_totals().settled_count, 0u);
}

TEST_F(EndOfDay, PeakLiquidityUseCountsTheLowestPointNotTheClose) {
  l.fund(A, 1000);
  ASSERT_THAT(l.end_of_day(kDay2), Applied());
  ASSERT_THAT(l.pay(1, A, B, 900), Settled());
  ASSERT_THAT(l.pay(2, B, A, 900), Settled());
  ASSERT_THAT(l.end_of_day(kDay3), Applied());
  EXPECT_EQ(figures(A).balance_close_minor, 1000);
  EXPECT_EQ(figures(A).balance_min_minor, 100);
  EXPECT_EQ(figures(A).peak_liquidity_use_minor, 900);
  EXPECT_EQ(figures(A).peak_credit_use_minor, 0);
  EXPECT_EQ(figures(B).peak_liquidity_use_minor, 0);
}

TEST_F(EndOfDay, PaymentsAfterEndOfDaySettleOnTheNewValueDate) {
  l.fund(A, 1000);
  ASSERT_THAT(l.end_of_day(kDay2), Applied());
  // Same timestamp: the next command already belongs to the new business day.
  ASSERT_THAT(l.pay(1, A, B, 10), Settled());
  ASSERT_THAT(l.end_of_day(kDay3), Applied());
  EXPECT_EQ(l.core().last_eod_report().closed_value_date, kDay2);
  EXPECT_EQ(eur_totals().settled_count, 1u);
  EXPECT_EQ(eur_totals().settled_value_minor, 10);
  EXPECT_EQ(figures(B).balance_close_minor, 10);
}

TEST_F(EndOfDay, TimeKeepsRunningAcrossEndOfDay) {
  const TimestampNs t = l.clock();
  ASSERT_THAT(l.pay(1, A, B, 10, PayOptions{.earliest_ns = t + kMinute}), Queued());
  ASSERT_THAT(l.end_of_day(kDay2), Applied());
  l.fund(A, 10);
  ASSERT_THAT(l.pay(2, A, B, 10, PayOptions{.earliest_ns = t + kMinute}), Queued());
  l.advance_to(t + kMinute);
  EXPECT_THAT(l.events(), ElementsAre("settled 2 entry"));
}

// --- Dedupe window -----------------------------------------------------------------

TEST(DedupeWindow, UetrIsForgottenAfterTheWindow) {
  Config config;
  config.dedupe_window_days = 2;
  Ledger l(config);
  l.banks({A, B});
  l.fund(A, 1000);
  ASSERT_THAT(l.pay(1, A, B, 10), Settled());
  ASSERT_THAT(l.end_of_day(kDay1 + 1), Applied());
  EXPECT_TRUE(l.core().knows_uetr(uetr(1)));
  EXPECT_THAT(l.pay(1, A, B, 10), Rejected("DUPL"));
  ASSERT_THAT(l.end_of_day(kDay1 + 2), Applied());
  EXPECT_FALSE(l.core().knows_uetr(uetr(1)));
  EXPECT_THAT(l.pay(1, A, B, 10), Settled());
  EXPECT_EQ(l.balance(B), 20);
}

TEST(DedupeWindow, DefaultIsFiveBusinessDays) {
  Ledger l;
  l.banks({A, B});
  l.fund(A, 1000);
  ASSERT_THAT(l.pay(1, A, B, 10), Settled());
  ValueDate d = kDay1;
  for (int day = 1; day < 5; ++day) {
    ASSERT_THAT(l.end_of_day(++d), Applied());
    EXPECT_THAT(l.pay(1, A, B, 10), Rejected("DUPL")) << "after " << day << " end(s) of day";
  }
  ASSERT_THAT(l.end_of_day(++d), Applied());
  EXPECT_FALSE(l.core().knows_uetr(uetr(1)));
  EXPECT_THAT(l.pay(1, A, B, 10), Settled());
}

TEST(DedupeWindow, KeepsNewerUetrsWhileForgettingOlderOnes) {
  Config config;
  config.dedupe_window_days = 2;
  Ledger l(config);
  l.banks({A, B});
  l.fund(A, 1000);
  ASSERT_THAT(l.pay(1, A, B, 10), Settled());
  ASSERT_THAT(l.end_of_day(kDay1 + 1), Applied());
  ASSERT_THAT(l.pay(2, A, B, 10), Settled());
  ASSERT_THAT(l.end_of_day(kDay1 + 2), Applied());
  EXPECT_FALSE(l.core().knows_uetr(uetr(1)));
  EXPECT_TRUE(l.core().knows_uetr(uetr(2)));
  EXPECT_THAT(l.pay(2, A, B, 10), Rejected("DUPL"));
}

TEST_F(EndOfDay, RejectedEndOfDayLeavesQueuesAlone) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  EXPECT_THAT(l.end_of_day(kDay1), Rejected("DT01"));
  EXPECT_TRUE(l.is_pending(1));
  EXPECT_EQ(l.core().value_date(), kDay1);
}

TEST_F(EndOfDay, ReportCoversEveryCurrencyAndAccount) {
  ASSERT_THAT(l.define_currency("JPY", 0), Applied());
  ASSERT_THAT(l.central_bank("CBJPJPJT", "JPY"), Applied());
  ASSERT_THAT(l.open(A, "JPY"), Applied());
  l.fund(A, 5000, "JPY");
  ASSERT_THAT(l.end_of_day(kDay2), Applied());
  const EodReport& r = l.core().last_eod_report();
  EXPECT_EQ(r.currencies.size(), 2u);
  EXPECT_EQ(r.accounts.size(), l.core().account_count());
  const AccountId a_jpy = l.account(A, "JPY");
  bool found = false;
  for (const AccountDayFigures& f : r.accounts) {
    if (f.account != a_jpy) continue;
    found = true;
    EXPECT_EQ(f.balance_open_minor, 0);
    EXPECT_EQ(f.balance_close_minor, 5000);
    EXPECT_EQ(f.balance_min_minor, 0);
  }
  EXPECT_TRUE(found);
}

// Spec rule 6: balances move by their net amounts at once; no account passes
// through an intermediate balance, so none shows in the lowest balance.
TEST_F(EndOfDay, GridlockResolutionMovesBalancesByNetAmounts) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  ASSERT_THAT(l.pay(2, B, C, 100), Queued());
  ASSERT_THAT(l.pay(3, C, A, 100), Queued());
  ASSERT_THAT(l.gridlock(GridlockAlgorithm::kAllOrNothing), Applied());
  ASSERT_EQ(l.raw_events().size(), 3u);
  ASSERT_THAT(l.end_of_day(kDay2), Applied());
  for (std::string_view b : {A, B, C}) {
    EXPECT_EQ(figures(b).balance_min_minor, 0) << b;
    EXPECT_EQ(figures(b).peak_liquidity_use_minor, 0) << b;
    EXPECT_EQ(figures(b).peak_credit_use_minor, 0) << b;
  }
  EXPECT_EQ(eur_totals().settled_count, 3u);
  EXPECT_EQ(eur_totals().settled_value_minor, 300);
}

// Spec rule 3: the offsetting set settles atomically.
TEST_F(EndOfDay, OffsettingMovesBalancesByNetAmounts) {
  ASSERT_THAT(l.pay(1, B, A, 100), Queued());
  ASSERT_THAT(l.pay(2, A, B, 100), Settled());
  ASSERT_THAT(l.end_of_day(kDay2), Applied());
  EXPECT_EQ(figures(A).balance_min_minor, 0);
  EXPECT_EQ(figures(B).balance_min_minor, 0);
  EXPECT_EQ(eur_totals().settled_count, 2u);
}

}  // namespace
}  // namespace corridor::core::scenario
