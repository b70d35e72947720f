// Rule 3: offsetting on entry against the creditor's queued payments.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class Offsetting : public ::testing::Test {
 protected:
  void SetUp() override { l.banks({A, B, C}); }
  Ledger l;
};

// Spec rule 3 example: A (balance 0) pays B 100; B (balance 0) has a queued
// payment of 100 to A. Neither can pay alone; together both settle and both
// balances stay 0.
TEST_F(Offsetting, SpecExampleTwoUncoveredPaymentsSettleTogether) {
  ASSERT_THAT(l.pay(1, B, A, 100), Queued());
  EXPECT_THAT(l.pay(2, A, B, 100), Settled());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 offsetting", "settled 2 offsetting"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 0);
  EXPECT_THAT(l.queue(B, N), IsEmpty());
  EXPECT_EQ(l.core().pending_count(), 0u);
}

TEST_F(Offsetting, NetDebtorMayUseItsLiquidity) {
  l.fund(A, 30);
  ASSERT_THAT(l.pay(1, B, A, 100, U), Queued());
  EXPECT_THAT(l.pay(2, A, B, 130, U), Settled());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 offsetting", "settled 2 offsetting"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 30);
}

TEST_F(Offsetting, NotCoveredEvenTogetherTheNewPaymentQueues) {
  l.fund(A, 30);
  ASSERT_THAT(l.pay(1, B, A, 100), Queued());
  EXPECT_THAT(l.pay(2, A, B, 131), Queued());
  EXPECT_THAT(l.events(), ElementsAre("queued 2"));
  EXPECT_THAT(l.queue(B, N), ElementsAre("1"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("2"));
  EXPECT_EQ(l.balance(A), 30);
}

TEST_F(Offsetting, DropsTheCreditorsPaymentsFromTheBackUntilCovered) {
  ASSERT_THAT(l.pay(1, B, A, 100), Queued());
  ASSERT_THAT(l.pay(2, B, A, 50), Queued());
  // Together {A->B 100, B->A 100, B->A 50} leaves B at -50: drop payment 2.
  EXPECT_THAT(l.pay(3, A, B, 100), Settled());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 offsetting", "settled 3 offsetting"));
  EXPECT_THAT(l.queue(B, N), ElementsAre("2"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 0);
}

TEST_F(Offsetting, TakesSeveralCreditorPaymentsWhenCovered) {
  ASSERT_THAT(l.pay(1, B, A, 60, HU), Queued());
  ASSERT_THAT(l.pay(2, B, A, 40, HU), Queued());
  EXPECT_THAT(l.pay(3, A, B, 100, HU), Settled());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 offsetting", "settled 2 offsetting",
                                               "settled 3 offsetting"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 0);
}

TEST_F(Offsetting, OnlyWhenTheNewPaymentPassesTheFifoCondition) {
  ASSERT_THAT(l.pay(1, A, C, 500, U), Queued());  // A's U queue is not empty
  ASSERT_THAT(l.pay(2, B, A, 100, U), Queued());
  EXPECT_THAT(l.pay(3, A, B, 100, U), Queued());
  EXPECT_THAT(l.events(), ElementsAre("queued 3"));
  EXPECT_THAT(l.queue(B, U), ElementsAre("2"));
  EXPECT_THAT(l.queue(A, U), ElementsAre("1", "3"));
}

TEST_F(Offsetting, RespectsTheCreditorsFifoInTheHighlyUrgentQueue) {
  ASSERT_THAT(l.pay(1, B, C, 500, HU), Queued());  // B's HU head pays C, not A
  ASSERT_THAT(l.pay(2, B, A, 100, HU), Queued());
  EXPECT_THAT(l.pay(3, A, B, 100, HU), Queued())
      << "B's leading HU run towards A is empty: B->A would jump B's HU queue";
  EXPECT_THAT(l.queue(B, HU), ElementsAre("1", "2"));
  EXPECT_EQ(l.balance(B), 0);
}

TEST_F(Offsetting, RespectsTheCreditorsFifoInTheUrgentQueue) {
  ASSERT_THAT(l.pay(1, B, C, 500, U), Queued());
  ASSERT_THAT(l.pay(2, B, A, 100, U), Queued());
  EXPECT_THAT(l.pay(3, A, B, 100, U), Queued());
  EXPECT_THAT(l.queue(B, U), ElementsAre("1", "2"));
}

TEST_F(Offsetting, CreditorsUrgentPaymentsAreNotTakenWhileItsHighlyUrgentQueueWaits) {
  ASSERT_THAT(l.pay(1, B, C, 500, HU), Queued());
  ASSERT_THAT(l.pay(2, B, A, 100, U), Queued());
  EXPECT_THAT(l.pay(3, A, B, 100, U), Queued());
  EXPECT_THAT(l.queue(B, U), ElementsAre("2"));
}

TEST_F(Offsetting, CreditorsNormalPaymentsAreNotTakenWhileItsUrgentQueueWaits) {
  ASSERT_THAT(l.pay(1, B, C, 500, U), Queued());
  ASSERT_THAT(l.pay(2, B, A, 100, N), Queued());
  EXPECT_THAT(l.pay(3, A, B, 100, N), Queued());
  EXPECT_THAT(l.queue(B, N), ElementsAre("2"));
}

TEST_F(Offsetting, TakesTheLeadingRunAcrossHighlyUrgentUrgentAndNormalQueues) {
  ASSERT_THAT(l.pay(1, B, A, 30, HU), Queued());
  ASSERT_THAT(l.pay(2, B, A, 30, U), Queued());
  ASSERT_THAT(l.pay(3, B, A, 40, N), Queued());
  EXPECT_THAT(l.pay(4, A, B, 100, HU), Settled());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 offsetting", "settled 2 offsetting",
                                               "settled 3 offsetting", "settled 4 offsetting"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 0);
}

TEST_F(Offsetting, StopsTheRunAtTheFirstPaymentToSomeoneElse) {
  ASSERT_THAT(l.pay(1, B, A, 100, HU), Queued());
  ASSERT_THAT(l.pay(2, B, C, 100, HU), Queued());
  ASSERT_THAT(l.pay(3, B, A, 100, HU), Queued());
  EXPECT_THAT(l.pay(4, A, B, 100, HU), Settled());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 offsetting", "settled 4 offsetting"));
  EXPECT_THAT(l.queue(B, HU), ElementsAre("2", "3"));
}

TEST_F(Offsetting, NormalPaymentsToTheDebtorMayBypassOthersInTheNormalQueue) {
  // With B's HU and U queues empty, every normal payment of B to A counts,
  // even behind a normal payment to C (normal payments may bypass).
  ASSERT_THAT(l.pay(1, B, C, 500, N), Queued());
  ASSERT_THAT(l.pay(2, B, A, 100, N), Queued());
  EXPECT_THAT(l.pay(3, A, B, 100, N), Settled());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 2 offsetting", "settled 3 offsetting"));
  EXPECT_THAT(l.queue(B, N), ElementsAre("1"));
}

TEST_F(Offsetting, CreditorsReservationsStillApply) {
  l.fund(B, 100);
  ASSERT_THAT(l.reserve(B, HU, 100), Applied());
  ASSERT_THAT(l.pay(1, B, A, 150, N), Queued());
  // B after the pair: 100 - 150 + 100 = 50 < HU reserve 100 for a normal payment.
  EXPECT_THAT(l.pay(2, A, B, 100, N), Queued());
  EXPECT_EQ(l.balance(B), 100);
}

TEST_F(Offsetting, OffsetsWhenOnlyTheLimitBlocks) {
  l.fund(A, 1000);
  ASSERT_THAT(l.bilateral_limit(A, B, 50), Applied());
  ASSERT_THAT(l.pay(1, B, A, 100), Queued());
  // Alone, A's position towards B would be -100 < -50; with B's payment it is 0.
  EXPECT_THAT(l.pay(2, A, B, 100), Settled());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 offsetting", "settled 2 offsetting"));
  EXPECT_EQ(l.balance(A), 1000);
  EXPECT_EQ(l.balance(B), 0);
}

TEST_F(Offsetting, CreditorsLimitsStillApplyToItsNormalPayments) {
  l.fund(B, 1000);
  ASSERT_THAT(l.bilateral_limit(B, A, 50), Applied());
  ASSERT_THAT(l.pay(1, B, A, 100), Queued());  // over B's limit towards A
  // A (no liquidity) pays B 40: B's position towards A would be +40 - 100 = -60 < -50.
  EXPECT_THAT(l.pay(2, A, B, 40), Queued());
  EXPECT_THAT(l.queue(B, N), ElementsAre("1"));
  // A pays B 60 more: with it, B's position is +60 - 100 = -40; A: -60 + 100 = 40.
  EXPECT_THAT(l.pay(3, A, B, 60), Settled());
  EXPECT_THAT(l.events(), ::testing::Contains("settled 1 offsetting"));
}

TEST_F(Offsetting, DebtorsReservationsApplyForItsPriority) {
  l.fund(A, 100);
  ASSERT_THAT(l.reserve(A, HU, 100), Applied());
  ASSERT_THAT(l.pay(1, B, A, 100), Queued());
  // A after the pair: 100 - 150 + 100 = 50, below the HU reserve a normal payment must leave.
  EXPECT_THAT(l.pay(2, A, B, 150, N), Queued());
  EXPECT_THAT(l.cancel(2), Applied());
  // The same as HU may use the reserve.
  EXPECT_THAT(l.pay(3, A, B, 150, HU), Settled());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 offsetting", "settled 3 offsetting"));
  EXPECT_EQ(l.balance(A), 50);
}

TEST_F(Offsetting, OffsetsWhenOnlyTheMultilateralLimitBlocks) {
  l.fund(A, 1000);
  ASSERT_THAT(l.multilateral_limit(A, 50), Applied());
  ASSERT_THAT(l.pay(1, B, A, 100), Queued());
  EXPECT_THAT(l.pay(2, A, B, 120), Settled());  // multilateral position -20
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 offsetting", "settled 2 offsetting"));
  EXPECT_EQ(l.acct(A).multilateral_position_minor, -20);
}

TEST_F(Offsetting, WorksBetweenIndirectParticipantsAccounts) {
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  ASSERT_THAT(l.pay(1, B, I, 100), Queued());
  EXPECT_THAT(l.pay(2, I, B, 100), Settled());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 offsetting", "settled 2 offsetting"));
}

TEST_F(Offsetting, HeldCreditorPaymentsDoNotBreakTheLeadingRun) {
  ASSERT_THAT(l.pay(1, B, C, 500, HU), Queued());
  ASSERT_THAT(l.suspend(C), Applied());  // payment 1 is held: it blocks nothing
  ASSERT_THAT(l.pay(2, B, A, 100, HU), Queued());
  EXPECT_THAT(l.pay(3, A, B, 100, HU), Settled());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 2 offsetting", "settled 3 offsetting"));
  EXPECT_THAT(l.queue(B, HU), ElementsAre("1"));
}

// SetEntryOffsetting{false}: plain RTGS. The same payments that offset above
// each queue, and the classic bilateral pair is left to gridlock resolution.
TEST_F(Offsetting, SwitchedOffTheSamePaymentsQueueInsteadOfOffsetting) {
  ASSERT_THAT(l.apply(SetEntryOffsetting{false}), Applied());
  EXPECT_FALSE(l.core().entry_offsetting());
  ASSERT_THAT(l.pay(1, B, A, 100), Queued());
  EXPECT_THAT(l.pay(2, A, B, 100), Queued());
  EXPECT_THAT(l.events(), ElementsAre("queued 2"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("2"));
  EXPECT_THAT(l.queue(B, N), ElementsAre("1"));
  // Gridlock resolution (rule 6) is not offsetting on entry: it still runs.
  EXPECT_THAT(l.gridlock(GridlockAlgorithm::kBilateral), Applied());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 gridlock", "settled 2 gridlock"));
  EXPECT_EQ(l.core().pending_count(), 0u);
}

TEST_F(Offsetting, SwitchedOffAndOnAgainOffsettingResumesForNewPayments) {
  ASSERT_THAT(l.apply(SetEntryOffsetting{false}), Applied());
  ASSERT_THAT(l.pay(1, B, A, 100), Queued());
  ASSERT_THAT(l.pay(2, A, B, 100), Queued());
  ASSERT_THAT(l.apply(SetEntryOffsetting{true}), Applied());
  EXPECT_THAT(l.events(), IsEmpty()) << "switching does not touch what is queued";
  // A's queue is not empty, so A's next normal payment may still bypass (rule 2)
  // and, uncovered, is offset against B's queued payment 1.
  EXPECT_THAT(l.pay(3, A, B, 100), Settled());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 offsetting", "settled 3 offsetting"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("2"));
}

TEST_F(Offsetting, SwitchedOffQueueResolutionStillSettlesWhenLiquidityArrives) {
  ASSERT_THAT(l.apply(SetEntryOffsetting{false}), Applied());
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  l.fund(A, 100);
  EXPECT_THAT(l.events(), ::testing::Contains("settled 1 queue"));
  EXPECT_EQ(l.balance(B), 100);
}

TEST_F(Offsetting, SwitchedOffATimedPaymentReleasedAtItsEarliestTimeIsNotOffset) {
  ASSERT_THAT(l.apply(SetEntryOffsetting{false}), Applied());
  ASSERT_THAT(l.pay(1, B, A, 100), Queued());
  ASSERT_THAT(l.pay(2, A, B, 100, PayOptions{.earliest_ns = l.clock() + kMinute}), Queued());
  ASSERT_THAT(l.advance_by(kMinute), Applied());
  EXPECT_THAT(l.queue(A, N), ElementsAre("2"));
  EXPECT_THAT(l.queue(B, N), ElementsAre("1"));
}

TEST_F(Offsetting, TheSwitchIsInTheStateHashOnlyWhenOff) {
  Ledger other;
  other.banks({A, B, C});
  ASSERT_EQ(other.core().state_hash(), l.core().state_hash());
  ASSERT_THAT(other.apply(SetEntryOffsetting{true}), Applied());
  EXPECT_EQ(other.core().state_hash(), l.core().state_hash()) << "on is the default";
  ASSERT_THAT(other.apply(SetEntryOffsetting{false}), Applied());
  EXPECT_NE(other.core().state_hash(), l.core().state_hash());
}

}  // namespace
}  // namespace corridor::core::scenario
