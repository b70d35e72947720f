// Rule 5: bilateral and multilateral limits on normal payments.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class Limits : public ::testing::Test {
 protected:
  void SetUp() override {
    l.banks({A, B, C, D});
    for (std::string_view b : {A, B, C, D}) l.fund(b, 10'000);
  }
  std::optional<BilateralLimit> limit(std::string_view from, std::string_view to) {
    return l.core().bilateral_limit(l.account(from), l.account(to));
  }
  Ledger l;
};

// Spec rule 5 example: A's bilateral limit towards B is 1,000. A pays B 700
// (N), B pays A 200 (U): position -500. A normal payment of 600 from A to B
// waits (-1,100 < -1,000); one of 500 settles (-1,000).
TEST_F(Limits, SpecExampleBilateralLimit) {
  ASSERT_THAT(l.bilateral_limit(A, B, 1000), Applied());
  EXPECT_THAT(l.pay(1, A, B, 700, N), Settled());
  EXPECT_THAT(l.pay(2, B, A, 200, U), Settled());
  ASSERT_TRUE(limit(A, B).has_value());
  EXPECT_EQ(limit(A, B)->limit_minor, 1000);
  EXPECT_EQ(limit(A, B)->position_minor, -500);
  EXPECT_THAT(l.pay(3, A, B, 600, N), Queued());
  EXPECT_THAT(l.pay(4, A, B, 500, N), Settled());
  EXPECT_EQ(limit(A, B)->position_minor, -1000);
  EXPECT_THAT(l.queue(A, N), ElementsAre("3"));
}

TEST_F(Limits, NoLimitMeansNoCheck) {
  EXPECT_FALSE(limit(A, B).has_value());
  EXPECT_THAT(l.pay(1, A, B, 9'000), Settled());
}

TEST_F(Limits, BilateralLimitBindsOnlyThatCounterparty) {
  ASSERT_THAT(l.bilateral_limit(A, B, 100), Applied());
  EXPECT_THAT(l.pay(1, A, B, 101), Queued());
  EXPECT_THAT(l.pay(2, A, C, 5'000), Settled());
}

TEST_F(Limits, UrgentPaymentsAreNotLimitedButMovePositions) {
  ASSERT_THAT(l.bilateral_limit(A, B, 100), Applied());
  EXPECT_THAT(l.pay(1, A, B, 500, U), Settled());
  EXPECT_THAT(l.pay(2, A, B, 500, HU), Settled());
  EXPECT_EQ(limit(A, B)->position_minor, -1000);
  EXPECT_THAT(l.pay(3, A, B, 1, N), Queued());
}

TEST_F(Limits, ReceivedPaymentsOfAnyPriorityLiftThePosition) {
  ASSERT_THAT(l.bilateral_limit(A, B, 100), Applied());
  EXPECT_THAT(l.pay(1, B, A, 300, HU), Settled());
  EXPECT_EQ(limit(A, B)->position_minor, 300);
  EXPECT_THAT(l.pay(2, A, B, 400, N), Settled());
  EXPECT_EQ(limit(A, B)->position_minor, -100);
}

TEST_F(Limits, PaymentFromTheLimitedCounterpartyResolvesTheQueue) {
  ASSERT_THAT(l.bilateral_limit(A, B, 100), Applied());
  ASSERT_THAT(l.pay(1, A, B, 150), Queued());
  EXPECT_THAT(l.pay(2, B, A, 50, U), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled 2 entry", "settled 1 queue"));
  EXPECT_EQ(limit(A, B)->position_minor, -100);
}

TEST_F(Limits, HigherLimitResolvesTheQueue) {
  ASSERT_THAT(l.bilateral_limit(A, B, 100), Applied());
  ASSERT_THAT(l.pay(1, A, B, 150), Queued());
  EXPECT_THAT(l.bilateral_limit(A, B, 150), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 queue"));
}

TEST_F(Limits, RemovingTheBilateralLimitResolvesTheQueue) {
  ASSERT_THAT(l.bilateral_limit(A, B, 100), Applied());
  ASSERT_THAT(l.pay(1, A, B, 150), Queued());
  EXPECT_THAT(l.remove_bilateral_limit(A, B), Applied());
  EXPECT_FALSE(limit(A, B).has_value());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 queue"));
  EXPECT_EQ(l.balance(B), 10'150);
}

TEST_F(Limits, RemovingTheMultilateralLimitResolvesTheQueue) {
  ASSERT_THAT(l.multilateral_limit(A, 100), Applied());
  ASSERT_THAT(l.pay(1, A, B, 150), Queued());
  EXPECT_THAT(l.remove_multilateral_limit(A), Applied());
  EXPECT_EQ(l.acct(A).multilateral_limit_minor, kNoLimit);
  EXPECT_THAT(l.events(), ElementsAre("settled 1 queue"));
}

TEST_F(Limits, BilateralPositionCountsFromWhenTheLimitIsSet) {
  ASSERT_THAT(l.pay(1, A, B, 700), Settled());
  ASSERT_THAT(l.bilateral_limit(A, B, 500), Applied());
  EXPECT_EQ(limit(A, B)->position_minor, 0) << "earlier payments of the day do not count";
  EXPECT_THAT(l.pay(2, A, B, 500), Settled());
  EXPECT_THAT(l.pay(3, A, B, 1), Queued());
}

TEST_F(Limits, ChangingALimitKeepsThePosition) {
  ASSERT_THAT(l.bilateral_limit(A, B, 500), Applied());
  ASSERT_THAT(l.pay(1, A, B, 400), Settled());
  ASSERT_THAT(l.bilateral_limit(A, B, 450), Applied());
  EXPECT_EQ(limit(A, B)->position_minor, -400);
  EXPECT_THAT(l.pay(2, A, B, 51), Queued());
  EXPECT_THAT(l.pay(3, A, B, 50), Settled());
}

TEST_F(Limits, MultilateralLimitCoversCounterpartiesWithoutBilateralLimit) {
  ASSERT_THAT(l.multilateral_limit(A, 300), Applied());
  EXPECT_THAT(l.pay(1, A, B, 200), Settled());
  EXPECT_THAT(l.pay(2, A, C, 200), Queued()) << "multilateral position would be -400";
  EXPECT_EQ(l.acct(A).multilateral_position_minor, -200);
  // C pays A 100 (U): the multilateral position rises, A's queue is retried.
  EXPECT_THAT(l.pay(3, C, A, 100, U), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled 3 entry", "settled 2 queue"));
  EXPECT_EQ(l.acct(A).multilateral_position_minor, -300);
}

TEST_F(Limits, MultilateralLimitIgnoresCounterpartiesWithBilateralLimit) {
  ASSERT_THAT(l.bilateral_limit(A, B, 1000), Applied());
  ASSERT_THAT(l.multilateral_limit(A, 100), Applied());
  EXPECT_THAT(l.pay(1, A, B, 900), Settled()) << "only the bilateral limit applies to B";
  EXPECT_EQ(l.acct(A).multilateral_position_minor, 0);
  EXPECT_THAT(l.pay(2, A, C, 100), Settled());
  EXPECT_THAT(l.pay(3, A, D, 1), Queued());
  // Payments from B do not lift the multilateral position either.
  EXPECT_THAT(l.pay(4, B, A, 50, U), Settled());
  EXPECT_EQ(l.acct(A).multilateral_position_minor, -100);
  EXPECT_THAT(l.queue(A, N), ElementsAre("3"));
}

TEST_F(Limits, UrgentPaymentsMoveTheMultilateralPosition) {
  ASSERT_THAT(l.multilateral_limit(A, 100), Applied());
  EXPECT_THAT(l.pay(1, A, B, 500, U), Settled());
  EXPECT_EQ(l.acct(A).multilateral_position_minor, -500);
  EXPECT_THAT(l.pay(2, A, C, 1), Queued());
}

TEST_F(Limits, LimitsCountOnlyTheDebtorsOwnDirection) {
  ASSERT_THAT(l.bilateral_limit(A, B, 100), Applied());
  // B has no limit towards A: B may pay A any amount.
  EXPECT_THAT(l.pay(1, B, A, 5'000), Settled());
  EXPECT_FALSE(limit(B, A).has_value());
}

TEST_F(Limits, NegativeLimitIsRejected) {
  EXPECT_THAT(l.bilateral_limit(A, B, -1), Rejected("AM02"));
  EXPECT_THAT(l.multilateral_limit(A, -1), Rejected("AM02"));
}

TEST_F(Limits, LimitTowardsItselfOrUnknownIsRejected) {
  EXPECT_THAT(l.bilateral_limit(A, A, 100), Rejected("AG01"));
  EXPECT_THAT(l.bilateral_limit(A, E, 100), Rejected("RC01"));
  EXPECT_THAT(l.multilateral_limit(E, 100), Rejected("RC01"));
}

TEST_F(Limits, ZeroLimitBlocksEveryNetOutflow) {
  ASSERT_THAT(l.bilateral_limit(A, B, 0), Applied());
  EXPECT_THAT(l.pay(1, A, B, 1), Queued());
  EXPECT_THAT(l.pay(2, B, A, 1, U), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled 2 entry", "settled 1 queue"));
}

TEST_F(Limits, PositionsResetAtEndOfDayButLimitsStand) {
  ASSERT_THAT(l.bilateral_limit(A, B, 1000), Applied());
  ASSERT_THAT(l.multilateral_limit(A, 500), Applied());
  ASSERT_THAT(l.pay(1, A, B, 1000), Settled());
  ASSERT_THAT(l.pay(2, A, C, 500), Settled());
  ASSERT_THAT(l.pay(3, A, B, 1), Queued());
  ASSERT_THAT(l.pay(4, A, C, 1), Queued());
  ASSERT_THAT(l.end_of_day(20260102), Applied());
  EXPECT_EQ(limit(A, B)->limit_minor, 1000);
  EXPECT_EQ(limit(A, B)->position_minor, 0);
  EXPECT_EQ(l.acct(A).multilateral_limit_minor, 500);
  EXPECT_EQ(l.acct(A).multilateral_position_minor, 0);
  EXPECT_THAT(l.pay(5, A, B, 1000), Settled());
  EXPECT_THAT(l.pay(6, A, C, 500), Settled());
  EXPECT_THAT(l.pay(7, A, B, 1), Queued());
}

TEST_F(Limits, RemovedAndSetAgainStartsAFreshPosition) {
  ASSERT_THAT(l.bilateral_limit(A, B, 100), Applied());
  ASSERT_THAT(l.pay(1, A, B, 100), Settled());
  ASSERT_THAT(l.remove_bilateral_limit(A, B), Applied());
  ASSERT_THAT(l.bilateral_limit(A, B, 100), Applied());
  EXPECT_EQ(limit(A, B)->position_minor, 0);
  EXPECT_THAT(l.pay(2, A, B, 100), Settled());
}

TEST_F(Limits, LimitMayBeCutBelowThePosition) {
  ASSERT_THAT(l.bilateral_limit(A, B, 500), Applied());
  ASSERT_THAT(l.pay(1, A, B, 400), Settled());
  EXPECT_THAT(l.bilateral_limit(A, B, 300), Applied());
  EXPECT_THAT(l.pay(2, A, B, 1), Queued());
  EXPECT_THAT(l.pay(3, A, B, 1, U), Settled()) << "urgent payments are not limited";
}

TEST_F(Limits, RemovingAnUnsetLimitIsHarmless) {
  EXPECT_THAT(l.remove_bilateral_limit(A, B), ::testing::AnyOf(Applied(), Rejected("NOOR")));
  EXPECT_FALSE(limit(A, B).has_value());
  EXPECT_THAT(l.pay(1, A, B, 5'000), Settled());
}

TEST_F(Limits, IndirectParticipantsPaymentsCountOnItsSettlementBanksLimits) {
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  ASSERT_THAT(l.bilateral_limit(A, B, 100), Applied());
  EXPECT_THAT(l.pay(1, I, B, 80), Settled());
  EXPECT_THAT(l.pay(2, A, B, 30), Queued()) << "A's position towards B is already -80";
}

}  // namespace
}  // namespace corridor::core::scenario
