// Rule 4: cancel, change priority, move to top or bottom of a queue.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class QueueManagement : public ::testing::Test {
 protected:
  void SetUp() override { l.banks({A, B, C}); }
  Ledger l;
};

// --- Cancel ----------------------------------------------------------------------

TEST_F(QueueManagement, CancelRemovesAQueuedPaymentWithCUST) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  ASSERT_THAT(l.pay(2, A, B, 200), Queued());
  EXPECT_THAT(l.cancel(1), Applied());
  EXPECT_THAT(l.events(), ElementsAre("cancelled 1 CUST"));
  EXPECT_EQ(l.raw_events()[0].reason, Reason::kCancelledOnRequest);
  EXPECT_EQ(l.raw_events()[0].amount_minor, 100);
  EXPECT_THAT(l.queue(A, N), ElementsAre("2"));
  EXPECT_FALSE(l.is_pending(1));
  EXPECT_EQ(l.core().queued_count(), 1u);
  EXPECT_EQ(l.queued_value(), 200);
  EXPECT_EQ(l.acct(A).queued_value_minor, 200);
}

TEST_F(QueueManagement, CancelOfTheQueueHeadLetsTheRestSettle) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 200, U), Queued());
  ASSERT_THAT(l.pay(2, A, B, 50, U), Queued());
  ASSERT_THAT(l.pay(3, A, B, 50, N), Queued());
  EXPECT_THAT(l.cancel(1), Applied());
  EXPECT_THAT(l.events(), ElementsAre("cancelled 1 CUST", "settled 2 queue", "settled 3 queue"));
  EXPECT_EQ(l.balance(A), 0);
}

TEST_F(QueueManagement, CancelOfAWaitingPayment) {
  ASSERT_THAT(l.pay(1, A, B, 100, PayOptions{.earliest_ns = l.clock() + kMinute}), Queued());
  EXPECT_THAT(l.cancel(1), Applied());
  EXPECT_THAT(l.events(), ElementsAre("cancelled 1 CUST"));
  EXPECT_FALSE(l.is_pending(1));
  EXPECT_EQ(l.core().pending_count(), 0u);
  l.fund(A, 100);
  l.advance_by(2 * kMinute);
  EXPECT_THAT(l.events(), IsEmpty()) << "a cancelled waiting payment never enters";
  EXPECT_EQ(l.balance(B), 0);
}

TEST_F(QueueManagement, CancelOfAnUnknownPaymentIsNOOR) {
  EXPECT_THAT(l.cancel(42), Rejected("NOOR"));
}

TEST_F(QueueManagement, CancelOfASettledPaymentIsNOOR) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 100), Settled());
  EXPECT_THAT(l.cancel(1), Rejected("NOOR"));
  EXPECT_EQ(l.balance(B), 100);
}

TEST_F(QueueManagement, CancelTwiceIsNOOR) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  ASSERT_THAT(l.cancel(1), Applied());
  EXPECT_THAT(l.cancel(1), Rejected("NOOR"));
}

TEST_F(QueueManagement, CancelOfARejectedPaymentIsNOOR) {
  ASSERT_THAT(l.pay(1, A, B, 100, PayOptions{.latest_ns = l.clock() + kSecond}), Queued());
  l.advance_by(2 * kSecond);
  ASSERT_THAT(l.events(), ElementsAre("rejected 1 TM01"));
  EXPECT_THAT(l.cancel(1), Rejected("NOOR"));
}

// --- Change priority ---------------------------------------------------------------

TEST_F(QueueManagement, ChangedPriorityGoesToTheBackOfTheNewQueue) {
  ASSERT_THAT(l.pay(1, A, B, 100, U), Queued());
  ASSERT_THAT(l.pay(2, A, B, 100, U), Queued());
  ASSERT_THAT(l.pay(3, A, B, 100, N), Queued());
  ASSERT_THAT(l.pay(4, A, B, 100, N), Queued());
  EXPECT_THAT(l.change_priority(3, U), Applied());
  EXPECT_THAT(l.queue(A, U), ElementsAre("1", "2", "3"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("4"));
  EXPECT_EQ(l.pending(3)->priority, U);
  EXPECT_THAT(l.change_priority(1, N), Applied());
  EXPECT_THAT(l.queue(A, U), ElementsAre("2", "3"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("4", "1"));
}

TEST_F(QueueManagement, RaisingPriorityToHighlyUrgentSettlesAheadOfTheUrgentQueue) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 150, U), Queued());
  ASSERT_THAT(l.pay(2, A, C, 50, N), Queued());
  EXPECT_THAT(l.change_priority(2, HU), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 2 queue"));
  EXPECT_EQ(l.raw_events()[0].priority, HU);
  EXPECT_EQ(l.balance(C), 50);
  EXPECT_THAT(l.queue(A, U), ElementsAre("1"));
}

TEST_F(QueueManagement, LoweringTheHeadsPriorityUnblocksTheQueue) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 150, HU), Queued());
  ASSERT_THAT(l.pay(2, A, C, 50, HU), Queued());
  EXPECT_THAT(l.change_priority(1, N), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 2 queue"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("1"));
}

TEST_F(QueueManagement, ChangePriorityOfUnknownOrSettledPaymentIsNOOR) {
  EXPECT_THAT(l.change_priority(9, HU), Rejected("NOOR"));
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 100), Settled());
  EXPECT_THAT(l.change_priority(1, HU), Rejected("NOOR"));
}

TEST_F(QueueManagement, ChangePriorityOutOfRangeIsFF01) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  EXPECT_THAT(l.change_priority(1, static_cast<Priority>(5)), Rejected("FF01"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("1"));
}

// --- Move to top / bottom ------------------------------------------------------------

TEST_F(QueueManagement, MoveToTopKeepsPriorityAndMayLetItSettle) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 200, HU), Queued());
  ASSERT_THAT(l.pay(2, A, B, 300, HU), Queued());
  ASSERT_THAT(l.pay(3, A, B, 50, HU), Queued());
  EXPECT_THAT(l.move_to_top(3), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 3 queue"));
  EXPECT_THAT(l.queue(A, HU), ElementsAre("1", "2"));
  EXPECT_THAT(l.move_to_top(2), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_THAT(l.queue(A, HU), ElementsAre("2", "1"));
  EXPECT_EQ(l.pending(2)->priority, HU);
}

TEST_F(QueueManagement, MoveToBottom) {
  ASSERT_THAT(l.pay(1, A, B, 100, U), Queued());
  ASSERT_THAT(l.pay(2, A, B, 100, U), Queued());
  ASSERT_THAT(l.pay(3, A, B, 100, U), Queued());
  EXPECT_THAT(l.move_to_bottom(1), Applied());
  EXPECT_THAT(l.queue(A, U), ElementsAre("2", "3", "1"));
  EXPECT_THAT(l.move_to_bottom(1), Applied());
  EXPECT_THAT(l.queue(A, U), ElementsAre("2", "3", "1"));
  EXPECT_EQ(l.pending(1)->priority, U);
}

TEST_F(QueueManagement, MovingTheBlockingHeadToTheBottomUnblocksTheQueue) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 500, U), Queued());
  ASSERT_THAT(l.pay(2, A, B, 100, U), Queued());
  EXPECT_THAT(l.move_to_bottom(1), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 2 queue"));
  EXPECT_THAT(l.queue(A, U), ElementsAre("1"));
}

TEST_F(QueueManagement, MoveOfUnknownOrSettledPaymentIsNOOR) {
  EXPECT_THAT(l.move_to_top(9), Rejected("NOOR"));
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 100), Settled());
  EXPECT_THAT(l.move_to_bottom(1), Rejected("NOOR"));
}

TEST_F(QueueManagement, MoveOfAWaitingPaymentIsNOOR) {
  ASSERT_THAT(l.pay(1, A, B, 100, PayOptions{.earliest_ns = l.clock() + kMinute}), Queued());
  EXPECT_THAT(l.move_to_top(1), Rejected("NOOR"));
}

TEST_F(QueueManagement, QueueChangesChangeTheStateHash) {
  ASSERT_THAT(l.pay(1, A, B, 100, U), Queued());
  ASSERT_THAT(l.pay(2, A, B, 100, U), Queued());
  const uint64_t before = l.hash();
  ASSERT_THAT(l.move_to_top(2), Applied());
  EXPECT_NE(l.hash(), before) << "queue order is part of the state";
}

// --- Who may ask ------------------------------------------------------------------
// The debtor agent, its settlement bank (for an indirect participant) and the
// operator may; anyone else is answered as for an unknown payment.

TEST_F(QueueManagement, TheDebtorAgentMayCancelItsPayment) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  EXPECT_THAT(l.cancel_by(A, 1), Applied());
  EXPECT_THAT(l.events(), ElementsAre("cancelled 1 CUST"));
  EXPECT_FALSE(l.is_pending(1));
}

TEST_F(QueueManagement, AnotherBankCannotCancelAndLearnsNothing) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  const uint64_t before = l.hash();
  // The creditor agent does not own the payment either.
  EXPECT_THAT(l.cancel_by(B, 1), Rejected("NOOR"));
  EXPECT_THAT(l.cancel_by(C, 1), Rejected("NOOR"));
  EXPECT_EQ(l.raw_events().size(), 0u);
  EXPECT_EQ(l.hash(), before);
  EXPECT_TRUE(l.is_pending(1));
  // The same answer and reason as for a UETR that does not exist.
  EXPECT_EQ(l.cancel_by(C, 1).reason, l.cancel_by(C, 42).reason);
}

TEST_F(QueueManagement, AnUnknownRequesterIsNOOR) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  EXPECT_THAT(l.cancel_by(E, 1), Rejected("NOOR")) << "E was never added";
  EXPECT_TRUE(l.is_pending(1));
}

TEST_F(QueueManagement, TheSettlementBankMayCancelForItsIndirectParticipant) {
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  ASSERT_THAT(l.pay(1, I, B, 100), Queued());
  ASSERT_THAT(l.pay(2, I, B, 100), Queued());
  EXPECT_THAT(l.cancel_by(A, 1), Applied());
  EXPECT_FALSE(l.is_pending(1));
  EXPECT_THAT(l.cancel_by(I, 2), Applied()) << "the indirect participant itself";
  EXPECT_FALSE(l.is_pending(2));
}

TEST_F(QueueManagement, AnIndirectParticipantCannotTouchItsSettlementBanksPayments) {
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  ASSERT_THAT(l.pay(1, A, B, 100, U), Queued());
  ASSERT_THAT(l.pay(2, A, B, 100, U), Queued());
  const uint64_t before = l.hash();
  EXPECT_THAT(l.cancel_by(I, 1), Rejected("NOOR"));
  EXPECT_THAT(l.change_priority_by(I, 1, HU), Rejected("NOOR"));
  EXPECT_THAT(l.move_to_top_by(I, 2), Rejected("NOOR"));
  EXPECT_EQ(l.hash(), before);
  EXPECT_THAT(l.queue(A, U), ElementsAre("1", "2"));
}

TEST_F(QueueManagement, OnlyTheOwnerMayChangePriorityOrMove) {
  ASSERT_THAT(l.pay(1, A, B, 100, U), Queued());
  ASSERT_THAT(l.pay(2, A, B, 100, U), Queued());
  const uint64_t before = l.hash();
  EXPECT_THAT(l.change_priority_by(B, 1, N), Rejected("NOOR"));
  EXPECT_THAT(l.move_to_top_by(C, 2), Rejected("NOOR"));
  EXPECT_EQ(l.hash(), before);
  EXPECT_THAT(l.queue(A, U), ElementsAre("1", "2"));
  EXPECT_THAT(l.move_to_top_by(A, 2), Applied());
  EXPECT_THAT(l.queue(A, U), ElementsAre("2", "1"));
  EXPECT_THAT(l.change_priority_by(A, 1, N), Applied());
  EXPECT_THAT(l.queue(A, N), ElementsAre("1"));
}

TEST_F(QueueManagement, TheOperatorMayCancelAnyPayment) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  EXPECT_THAT(l.apply(CancelPayment{uetr(1), Bic()}), Applied());
  EXPECT_FALSE(l.is_pending(1));
}

}  // namespace
}  // namespace corridor::core::scenario
