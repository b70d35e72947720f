// Rule 4: queues and queue resolution; held payments (rule 9).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class QueueResolution : public ::testing::Test {
 protected:
  void SetUp() override { l.banks({A, B, C, D}); }
  Ledger l;
};

// --- Triggers -------------------------------------------------------------------

TEST_F(QueueResolution, IncomingPaymentSettlesTheQueue) {
  ASSERT_THAT(l.pay(1, A, C, 100), Queued());
  l.fund(B, 100);
  EXPECT_THAT(l.pay(2, B, A, 100), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled 2 entry", "settled 1 queue"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(C), 100);
  EXPECT_THAT(l.queue(A, N), IsEmpty());
}

TEST_F(QueueResolution, LiquidityTransferSettlesTheQueue) {
  ASSERT_THAT(l.pay(1, A, C, 100, U), Queued());
  EXPECT_THAT(l.fund(A, 100), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 1 queue"));
  EXPECT_EQ(l.balance(C), 100);
}

TEST_F(QueueResolution, CreditLineIncreaseSettlesTheQueue) {
  ASSERT_THAT(l.pay(1, A, C, 100, HU), Queued());
  EXPECT_THAT(l.credit_line(A, 100), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 queue"));
  EXPECT_EQ(l.balance(A), -100);
}

TEST_F(QueueResolution, ReservationReleaseSettlesTheQueue) {
  l.fund(A, 100);
  ASSERT_THAT(l.reserve(A, HU, 100), Applied());
  ASSERT_THAT(l.pay(1, A, C, 100, N), Queued());
  EXPECT_THAT(l.reserve(A, HU, 0), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 queue"));
  EXPECT_EQ(l.balance(A), 0);
}

TEST_F(QueueResolution, LoweringTheUrgentReservationSettlesNormalPayments) {
  l.fund(A, 100);
  ASSERT_THAT(l.reserve(A, U, 60), Applied());
  ASSERT_THAT(l.pay(1, A, C, 50, N), Queued());
  EXPECT_THAT(l.reserve(A, U, 50), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 queue"));
}

TEST_F(QueueResolution, ChainReactionThroughSeveralAccounts) {
  ASSERT_THAT(l.pay(1, B, C, 100), Queued());
  ASSERT_THAT(l.pay(2, C, D, 100), Queued());
  ASSERT_THAT(l.pay(3, A, B, 100), Queued());
  EXPECT_THAT(l.fund(A, 100), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 3 queue", "settled 1 queue",
                                      "settled 2 queue"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 0);
  EXPECT_EQ(l.balance(C), 0);
  EXPECT_EQ(l.balance(D), 100);
}

// --- Order -----------------------------------------------------------------------------

TEST_F(QueueResolution, HighlyUrgentQueueIsStrictFifo) {
  ASSERT_THAT(l.pay(1, A, B, 100, HU), Queued());
  ASSERT_THAT(l.pay(2, A, B, 50, HU), Queued());
  l.fund(A, 60);  // enough for payment 2, not for the head
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt"));
  EXPECT_THAT(l.queue(A, HU), ElementsAre("1", "2"));
  l.fund(A, 40);
  EXPECT_THAT(l.events(), ElementsAre("settled lt2 lt", "settled 1 queue"));
  EXPECT_THAT(l.queue(A, HU), ElementsAre("2"));
  l.fund(A, 50);
  EXPECT_THAT(l.events(), ElementsAre("settled lt3 lt", "settled 2 queue"));
}

TEST_F(QueueResolution, UrgentQueueIsStrictFifo) {
  ASSERT_THAT(l.pay(1, A, B, 100, U), Queued());
  ASSERT_THAT(l.pay(2, A, B, 50, U), Queued());
  l.fund(A, 60);
  EXPECT_THAT(l.queue(A, U), ElementsAre("1", "2"));
  l.fund(A, 90);
  EXPECT_THAT(l.events(), ElementsAre("settled lt2 lt", "settled 1 queue", "settled 2 queue"));
  EXPECT_EQ(l.balance(A), 0);
}

TEST_F(QueueResolution, NormalQueueSettlesEveryCoveredPaymentInOrder) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  ASSERT_THAT(l.pay(2, A, B, 50), Queued());
  ASSERT_THAT(l.pay(3, A, B, 200), Queued());
  ASSERT_THAT(l.pay(4, A, B, 10), Queued());
  l.fund(A, 60);
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 2 queue", "settled 4 queue"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("1", "3"));
  EXPECT_EQ(l.balance(A), 0);
}

TEST_F(QueueResolution, NormalQueueTriesPaymentsInQueueOrder) {
  ASSERT_THAT(l.pay(1, A, B, 60), Queued());
  ASSERT_THAT(l.pay(2, A, B, 50), Queued());
  l.fund(A, 60);  // either could settle; the head goes first
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 1 queue"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("2"));
}

TEST_F(QueueResolution, UrgentWaitsWhileAnyHighlyUrgentPaymentIsLeft) {
  ASSERT_THAT(l.pay(1, A, B, 100, HU), Queued());
  ASSERT_THAT(l.pay(2, A, B, 10, U), Queued());
  ASSERT_THAT(l.pay(3, A, B, 10, N), Queued());
  l.fund(A, 50);
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt"));
  EXPECT_THAT(l.queue(A, U), ElementsAre("2"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("3"));
}

TEST_F(QueueResolution, NormalWaitsWhileAnyUrgentPaymentIsLeft) {
  ASSERT_THAT(l.pay(1, A, B, 100, U), Queued());
  ASSERT_THAT(l.pay(2, A, B, 10, N), Queued());
  l.fund(A, 50);
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("2"));
}

TEST_F(QueueResolution, AllPrioritiesInTurnWhenLiquiditySuffices) {
  ASSERT_THAT(l.pay(1, A, B, 10, N), Queued());
  ASSERT_THAT(l.pay(2, A, B, 20, U), Queued());
  ASSERT_THAT(l.pay(3, A, B, 30, HU), Queued());
  ASSERT_THAT(l.pay(4, A, B, 40, HU), Queued());
  l.fund(A, 100);
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 3 queue", "settled 4 queue",
                                      "settled 2 queue", "settled 1 queue"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 100);
}

TEST_F(QueueResolution, ReservationsApplyDuringResolution) {
  ASSERT_THAT(l.reserve(A, HU, 50), Applied());
  ASSERT_THAT(l.pay(1, A, B, 60, U), Queued());
  l.fund(A, 100);  // U may use 100 - 50 = 50
  EXPECT_THAT(l.queue(A, U), ElementsAre("1"));
  l.fund(A, 10);
  EXPECT_THAT(l.events(), ElementsAre("settled lt2 lt", "settled 1 queue"));
}

// --- Held payments (rule 4, rule 9) ------------------------------------------------------

TEST_F(QueueResolution, PaymentToSuspendedParticipantIsHeldAndBlocksNothing) {
  ASSERT_THAT(l.pay(1, A, C, 100, HU), Queued());
  ASSERT_THAT(l.suspend(C), Applied());
  ASSERT_THAT(l.pay(2, A, B, 50, HU), Queued());
  l.fund(A, 100);
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 2 queue"))
      << "held payment 1 is skipped and blocks nothing";
  EXPECT_THAT(l.queue(A, HU), ElementsAre("1")) << "held payment keeps its place";
  EXPECT_EQ(l.balance(A), 50);
  EXPECT_EQ(l.balance(C), 0);
}

TEST_F(QueueResolution, HeldPaymentDoesNotBlockEntry) {
  ASSERT_THAT(l.pay(1, A, C, 100, U), Queued());
  ASSERT_THAT(l.suspend(C), Applied());
  l.fund(A, 100);
  ASSERT_THAT(l.queue(A, U), ElementsAre("1"));
  EXPECT_THAT(l.pay(2, A, B, 50, U), Settled()) << "only held payments wait ahead";
  EXPECT_THAT(l.pay(3, A, B, 50, N), Settled());
}

TEST_F(QueueResolution, SuspendedDebtorsQueuedPaymentsAreHeld) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  ASSERT_THAT(l.suspend(A), Applied());
  EXPECT_THAT(l.credit_line(A, 100), Applied());  // A's liquidity rises
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_THAT(l.queue(A, N), ElementsAre("1"));
  EXPECT_EQ(l.balance(B), 0);
}

TEST_F(QueueResolution, ReactivationReleasesHeldPayments) {
  ASSERT_THAT(l.pay(1, A, C, 100, U), Queued());
  ASSERT_THAT(l.suspend(C), Applied());
  l.fund(A, 100);
  ASSERT_THAT(l.queue(A, U), ElementsAre("1"));
  EXPECT_THAT(l.reactivate(C), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 queue"))
      << "once C is active, A's covered queue head settles";
  EXPECT_EQ(l.balance(C), 100);
}

TEST_F(QueueResolution, ReactivatedHeldPaymentBlocksAgainInFifoOrder) {
  ASSERT_THAT(l.pay(1, A, C, 100, HU), Queued());
  ASSERT_THAT(l.suspend(C), Applied());
  ASSERT_THAT(l.reactivate(C), Applied());
  l.fund(A, 50);
  EXPECT_THAT(l.pay(2, A, B, 50, HU), Queued()) << "payment 1 is no longer held";
  EXPECT_THAT(l.queue(A, HU), ElementsAre("1", "2"));
}

TEST_F(QueueResolution, HeldPaymentCanBeCancelled) {
  ASSERT_THAT(l.pay(1, A, C, 100, U), Queued());
  ASSERT_THAT(l.suspend(C), Applied());
  EXPECT_THAT(l.cancel(1), Applied());
  EXPECT_THAT(l.events(), ElementsAre("cancelled 1 CUST"));
  EXPECT_THAT(l.queue(A, U), IsEmpty());
}

TEST_F(QueueResolution, HeldPaymentCanChangePriorityAndStaysHeld) {
  ASSERT_THAT(l.pay(1, A, C, 100, U), Queued());
  ASSERT_THAT(l.suspend(C), Applied());
  l.fund(A, 100);
  EXPECT_THAT(l.change_priority(1, HU), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_THAT(l.queue(A, HU), ElementsAre("1"));
}

TEST_F(QueueResolution, IndirectParticipantsPaymentsShowTheSettlementBanksAccount) {
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  ASSERT_THAT(l.pay(1, I, B, 100), Queued());
  l.fund(A, 100);
  ASSERT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 1 queue"));
  EXPECT_EQ(l.raw_events()[1].debtor_account, l.account(A));
  EXPECT_EQ(l.raw_events()[1].creditor_account, l.account(B));
}

TEST_F(QueueResolution, TwoIndirectsOfOneSettlementBankShareAnAccount) {
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  ASSERT_THAT(l.add_indirect("JJJJDEFF", A), Applied());
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, I, "JJJJDEFF", 10), Rejected("AG01"));
}

TEST_F(QueueResolution, PaymentsToAnIndirectOfASuspendedSettlementBankAreHeld) {
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  ASSERT_THAT(l.pay(1, B, I, 100), Queued());
  ASSERT_THAT(l.suspend(A), Applied());
  l.fund(B, 100);
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt"));
  EXPECT_THAT(l.queue(B, N), ElementsAre("1"));
  ASSERT_THAT(l.reactivate(A), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 queue"));
}

TEST_F(QueueResolution, NormalPaymentBlockedByALimitDoesNotBlockOthers) {
  ASSERT_THAT(l.bilateral_limit(A, B, 50), Applied());
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  ASSERT_THAT(l.pay(2, A, C, 30), Queued());
  l.fund(A, 200);
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 2 queue"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("1"));
}

TEST_F(QueueResolution, HigherMultilateralLimitResolvesTheQueue) {
  l.fund(A, 200);
  ASSERT_THAT(l.multilateral_limit(A, 50), Applied());
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  EXPECT_THAT(l.multilateral_limit(A, 100), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 queue"));
}

TEST_F(QueueResolution, SlotsAreReusedWithoutCorruptingQueues) {
  for (uint64_t n = 1; n <= 6; ++n) ASSERT_THAT(l.pay(n, A, B, 10 * n, U), Queued());
  ASSERT_THAT(l.cancel(2), Applied());
  ASSERT_THAT(l.cancel(4), Applied());
  ASSERT_THAT(l.pay(7, A, C, 5, U), Queued());
  ASSERT_THAT(l.pay(8, A, C, 5, HU), Queued());
  EXPECT_THAT(l.queue(A, U), ElementsAre("1", "3", "5", "6", "7"));
  EXPECT_THAT(l.queue(A, HU), ElementsAre("8"));
  l.fund(A, 10 + 30 + 50 + 60 + 5 + 5);
  EXPECT_THAT(l.events(),
              ElementsAre("settled lt1 lt", "settled 8 queue", "settled 1 queue", "settled 3 queue",
                          "settled 5 queue", "settled 6 queue", "settled 7 queue"));
  EXPECT_EQ(l.core().pending_count(), 0u);
}

TEST_F(QueueResolution, EachCurrencyHasItsOwnQueuesAndLiquidity) {
  ASSERT_THAT(l.define_currency("USD", 2), Applied());
  ASSERT_THAT(l.central_bank("CBUSUSNY", "USD"), Applied());
  ASSERT_THAT(l.open(A, "USD"), Applied());
  ASSERT_THAT(l.open(B, "USD"), Applied());
  ASSERT_THAT(l.pay(1, A, B, 100, PayOptions{.priority = HU, .currency = "USD"}), Queued());
  l.fund(A, 1000);  // EUR
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt"));
  EXPECT_THAT(l.pay(2, A, B, 100, HU), Settled()) << "the USD HU queue does not block EUR";
  EXPECT_THAT(l.queue(A, HU, "USD"), ElementsAre("1"));
  EXPECT_THAT(l.queue(A, HU), IsEmpty());
  l.fund(A, 100, "USD");
  EXPECT_THAT(l.events(), ElementsAre("settled lt2 lt", "settled 1 queue"));
  EXPECT_EQ(l.balance(B, "USD"), 100);
  EXPECT_EQ(l.balance(B), 100);
}

}  // namespace
}  // namespace corridor::core::scenario
