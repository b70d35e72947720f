// Rule 7 (timing) and queue management: changing the earliest and latest
// times and the priority of a pending payment at once (ModifyPayment, camt.007).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ModifyPaymentRule : public ::testing::Test {
 protected:
  void SetUp() override {
    l.banks({A, B, C});
    t0 = l.clock();
  }
  Ledger l;
  TimestampNs t0 = 0;
};

TEST_F(ModifyPaymentRule, LaterEarliestTimeKeepsTheWaitingPaymentWaiting) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0 + kMinute}), Queued());
  EXPECT_THAT(l.modify_payment(1, t0 + 3 * kMinute, kNoTime), Applied());
  EXPECT_EQ(l.pending(1)->earliest_ns, t0 + 3 * kMinute);
  // The old time passes: nothing happens (its heap entry is stale).
  EXPECT_THAT(l.advance_to(t0 + 2 * kMinute), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_EQ(l.pending(1)->place, PaymentPlace::kWaiting);
  EXPECT_THAT(l.advance_to(t0 + 3 * kMinute), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 entry"));
}

TEST_F(ModifyPaymentRule, EarlierEarliestTimeReleasesAtTheNewTime) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0 + 5 * kMinute}), Queued());
  EXPECT_THAT(l.modify_payment(1, t0 + kMinute, kNoTime), Applied());
  EXPECT_THAT(l.advance_to(t0 + kMinute), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 entry"));
  EXPECT_THAT(l.advance_to(t0 + 5 * kMinute), Applied());
  EXPECT_THAT(l.events(), IsEmpty()) << "the old entry must not act again";
}

TEST_F(ModifyPaymentRule, EarliestTimeNowOrPastReleasesTheWaitingPaymentAtOnce) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.priority = U, .earliest_ns = t0 + kMinute}), Queued());
  EXPECT_THAT(l.modify_payment(1, t0, kNoTime), Applied());
  EXPECT_THAT(l.events(), ElementsAre("queued 1"));
  EXPECT_EQ(l.pending(1)->place, PaymentPlace::kInQueue);
  EXPECT_THAT(l.queue(A, U), ElementsAre("1"));
}

TEST_F(ModifyPaymentRule, EarliestTimeOfAQueuedPaymentCannotChange) {
  ASSERT_THAT(l.pay(1, A, B, 50), Queued());
  const uint64_t hash = l.core().state_hash();
  EXPECT_THAT(l.modify_payment(1, t0 + kMinute, kNoTime), Rejected("TM01"));
  EXPECT_THAT(l.modify_payment(1, t0 + kMinute, kNoTime),
              RejectedBecause(Reason::kAlreadyReleased));
  EXPECT_EQ(l.core().state_hash(), hash);
}

TEST_F(ModifyPaymentRule, NewLatestTimeRejectsAtTheNewTimeOnly) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.latest_ns = t0 + kMinute}), Queued());
  EXPECT_THAT(l.modify_payment(1, kNoTime, t0 + 3 * kMinute), Applied());
  EXPECT_THAT(l.advance_to(t0 + 2 * kMinute), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_TRUE(l.is_pending(1));
  EXPECT_THAT(l.advance_to(t0 + 3 * kMinute + 1), Applied());
  EXPECT_THAT(l.events(), ElementsAre("rejected 1 TM01"));
}

TEST_F(ModifyPaymentRule, EarlierLatestTimeRejectsSooner) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.latest_ns = t0 + 10 * kMinute}), Queued());
  EXPECT_THAT(l.modify_payment(1, kNoTime, t0 + kMinute), Applied());
  EXPECT_THAT(l.advance_to(t0 + kMinute + 1), Applied());
  EXPECT_THAT(l.events(), ElementsAre("rejected 1 TM01"));
  EXPECT_THAT(l.advance_to(t0 + 11 * kMinute), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
}

TEST_F(ModifyPaymentRule, LatestTimeCanBeGivenToAPaymentThatHadNone) {
  ASSERT_THAT(l.pay(1, A, B, 50), Queued());
  EXPECT_THAT(l.modify_payment(1, kNoTime, t0 + kMinute), Applied());
  EXPECT_THAT(l.advance_to(t0 + kMinute + 1), Applied());
  EXPECT_THAT(l.events(), ElementsAre("rejected 1 TM01"));
}

TEST_F(ModifyPaymentRule, BothTimesChangeTogether) {
  l.fund(A, 100);
  ASSERT_THAT(
      l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0 + kMinute, .latest_ns = t0 + 2 * kMinute}),
      Queued());
  EXPECT_THAT(l.modify_payment(1, t0 + 5 * kMinute, t0 + 6 * kMinute), Applied());
  EXPECT_THAT(l.advance_to(t0 + 3 * kMinute), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_THAT(l.advance_to(t0 + 5 * kMinute), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 entry"));
}

TEST_F(ModifyPaymentRule, WindowEndingBeforeItStartsIsDT01AndChangesNothing) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0 + 5 * kMinute}), Queued());
  const uint64_t hash = l.core().state_hash();
  EXPECT_THAT(l.modify_payment(1, kNoTime, t0 + 4 * kMinute), Rejected("DT01"));
  EXPECT_THAT(l.modify_payment(1, t0 + 3 * kMinute, t0 + 2 * kMinute), Rejected("DT01"));
  EXPECT_EQ(l.core().state_hash(), hash);
  EXPECT_EQ(l.pending(1)->earliest_ns, t0 + 5 * kMinute);
  EXPECT_EQ(l.pending(1)->latest_ns, kNoTime);
}

TEST_F(ModifyPaymentRule, LatestTimeAlreadyPassedIsTM01) {
  ASSERT_THAT(l.pay(1, A, B, 50), Queued());
  l.advance_to(t0 + kMinute);
  EXPECT_THAT(l.modify_payment(1, kNoTime, t0 + kMinute - 1),
              RejectedBecause(Reason::kLatestTimePassed));
  EXPECT_TRUE(l.is_pending(1));
}

TEST_F(ModifyPaymentRule, UnknownOrSettledPaymentIsNOOR) {
  EXPECT_THAT(l.modify_payment(9, kNoTime, t0 + kMinute), Rejected("NOOR"));
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 50), Settled());
  EXPECT_THAT(l.modify_payment(1, kNoTime, t0 + kMinute), Rejected("NOOR"));
}

TEST_F(ModifyPaymentRule, UnchangedTimesAreANoOp) {
  ASSERT_THAT(
      l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0 + kMinute, .latest_ns = t0 + 2 * kMinute}),
      Queued());
  const uint64_t hash = l.core().state_hash();
  EXPECT_THAT(l.modify_payment(1, t0 + kMinute, t0 + 2 * kMinute), Applied());
  EXPECT_THAT(l.modify_payment(1, kNoTime, kNoTime), Applied());
  EXPECT_EQ(l.core().state_hash(), hash);
}

TEST_F(ModifyPaymentRule, PriorityAndTimeChangeTogether) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.latest_ns = t0 + kMinute}), Queued());
  ASSERT_THAT(l.pay(2, A, C, 60, U), Queued());
  EXPECT_THAT(l.modify_payment(1, kNoTime, t0 + 5 * kMinute, U), Applied());
  EXPECT_THAT(l.queue(A, U), ElementsAre("2", "1"));
  EXPECT_EQ(l.pending(1)->latest_ns, t0 + 5 * kMinute);
}

TEST_F(ModifyPaymentRule, AllOrNothingARejectedTimeLeavesThePriorityUnchanged) {
  ASSERT_THAT(l.pay(1, A, B, 50), Queued());
  const uint64_t hash = l.core().state_hash();
  EXPECT_THAT(l.modify_payment(1, t0 + kMinute, kNoTime, HU), Rejected("TM01"));
  EXPECT_EQ(l.pending(1)->priority, N);
  EXPECT_THAT(l.queue(A, N), ElementsAre("1"));
  EXPECT_EQ(l.core().state_hash(), hash);
}

TEST_F(ModifyPaymentRule, InvalidPriorityIsFF01AndChangesNothing) {
  ASSERT_THAT(l.pay(1, A, B, 50), Queued());
  EXPECT_THAT(l.modify_payment(1, kNoTime, t0 + kMinute, static_cast<Priority>(7)),
              Rejected("FF01"));
  EXPECT_EQ(l.pending(1)->latest_ns, kNoTime);
}

TEST_F(ModifyPaymentRule, PriorityOfAWaitingPaymentChangesAndItIsReleasedWithIt) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0 + kMinute}), Queued());
  EXPECT_THAT(l.modify_payment(1, t0, kNoTime, U), Applied());
  EXPECT_THAT(l.queue(A, U), ElementsAre("1"));
}

// --- Who may ask (as for cancellation: see queue_management_test.cc) ---------------

TEST_F(ModifyPaymentRule, TheDebtorAgentMayModifyItsPayment) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0 + kMinute}), Queued());
  EXPECT_THAT(l.modify_payment_by(A, 1, t0 + 2 * kMinute, t0 + 3 * kMinute), Applied());
  EXPECT_EQ(l.pending(1)->earliest_ns, t0 + 2 * kMinute);
  EXPECT_EQ(l.pending(1)->latest_ns, t0 + 3 * kMinute);
}

TEST_F(ModifyPaymentRule, TheSettlementBankMayModifyForItsIndirectParticipant) {
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  ASSERT_THAT(l.pay(1, I, B, 50), Queued());
  EXPECT_THAT(l.modify_payment_by(A, 1, kNoTime, t0 + kMinute), Applied());
  EXPECT_EQ(l.pending(1)->latest_ns, t0 + kMinute);
}

TEST_F(ModifyPaymentRule, AnotherBankGetsNOORAndNothingChanges) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0 + kMinute}), Queued());
  const uint64_t hash = l.core().state_hash();
  EXPECT_THAT(l.modify_payment_by(B, 1, t0 + 2 * kMinute, kNoTime), Rejected("NOOR"));
  EXPECT_THAT(l.modify_payment_by(C, 1, kNoTime, t0 + kMinute), Rejected("NOOR"));
  // Not TM01 nor DT01 either: a non-owner learns nothing about the payment.
  EXPECT_THAT(l.modify_payment_by(C, 1, kNoTime, t0 - kMinute), Rejected("NOOR"));
  EXPECT_EQ(l.core().state_hash(), hash);
  EXPECT_EQ(l.pending(1)->earliest_ns, t0 + kMinute);
  EXPECT_EQ(l.pending(1)->latest_ns, kNoTime);
}

TEST_F(ModifyPaymentRule, TheOperatorMayModifyAnyPayment) {
  ASSERT_THAT(l.pay(1, A, B, 50), Queued());
  EXPECT_THAT(l.apply(ModifyPayment{uetr(1), kNoTime, t0 + kMinute, true, U, Bic()}), Applied());
  EXPECT_EQ(l.pending(1)->latest_ns, t0 + kMinute);
  EXPECT_EQ(l.pending(1)->priority, U);
}

}  // namespace
}  // namespace corridor::core::scenario
