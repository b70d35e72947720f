// Rules 0 and 7: the clock, earliest (from) and latest (reject) times.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class TimedPayments : public ::testing::Test {
 protected:
  void SetUp() override {
    l.banks({A, B, C});
    t0 = l.clock();
  }
  Ledger l;
  TimestampNs t0 = 0;
};

TEST_F(TimedPayments, AdvanceTimeMovesTheClock) {
  EXPECT_THAT(l.advance_to(t0 + kMinute), Applied());
  EXPECT_EQ(l.core().now_ns(), t0 + kMinute);
  EXPECT_THAT(l.events(), IsEmpty());
}

TEST_F(TimedPayments, PaymentWithFutureEarliestTimeWaitsOutsideTheQueues) {
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0 + kMinute}), Queued());
  EXPECT_THAT(l.events(), ElementsAre("queued 1"));
  ASSERT_NE(l.pending(1), nullptr);
  EXPECT_EQ(l.pending(1)->place, PaymentPlace::kWaiting);
  EXPECT_THAT(l.queue(A, N), IsEmpty());
  EXPECT_EQ(l.balance(A), 100);
  // A waiting payment blocks nothing.
  EXPECT_THAT(l.pay(2, A, B, 10, HU), Settled());
}

TEST_F(TimedPayments, NeverSettlesBeforeItsEarliestTime) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0 + kMinute}), Queued());
  EXPECT_THAT(l.advance_to(t0 + kMinute - 1), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_EQ(l.balance(B), 0);
  EXPECT_THAT(l.advance_to(t0 + kMinute), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 entry"));
  EXPECT_EQ(l.balance(B), 50);
}

TEST_F(TimedPayments, EarliestTimeNowOrPastEntersAtOnce) {
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0}), Settled());
  EXPECT_THAT(l.pay(2, A, B, 50, PayOptions{.earliest_ns = t0 - kMinute}), Settled());
}

TEST_F(TimedPayments, WaitingPaymentEntersTheQueueWhenNotCovered) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.priority = U, .earliest_ns = t0 + kMinute}), Queued());
  EXPECT_THAT(l.advance_to(t0 + kMinute), Applied());
  EXPECT_THAT(l.events(), ElementsAre("queued 1"));
  EXPECT_EQ(l.pending(1)->place, PaymentPlace::kInQueue);
  EXPECT_THAT(l.queue(A, U), ElementsAre("1"));
  l.fund(A, 50);
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 1 queue"));
}

TEST_F(TimedPayments, WaitingPaymentsEnterInOrderOfEarliestTimeThenSubmission) {
  ASSERT_THAT(l.pay(1, A, B, 10, PayOptions{.earliest_ns = t0 + 3 * kSecond}), Queued());
  ASSERT_THAT(l.pay(2, A, B, 10, PayOptions{.earliest_ns = t0 + 2 * kSecond}), Queued());
  ASSERT_THAT(l.pay(3, A, B, 10, PayOptions{.earliest_ns = t0 + 3 * kSecond}), Queued());
  ASSERT_THAT(l.pay(4, A, B, 10, PayOptions{.earliest_ns = t0 + 1 * kSecond}), Queued());
  EXPECT_THAT(l.advance_to(t0 + kMinute), Applied());
  EXPECT_THAT(l.events(), ElementsAre("queued 4", "queued 2", "queued 1", "queued 3"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("4", "2", "1", "3"));
}

TEST_F(TimedPayments, EveryCommandMovesTheClockFirst) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0 + kMinute}), Queued());
  l.set_clock(t0 + kMinute);
  // The payment enters (and queues: A has nothing) before the funding applies,
  // then the funding resolves A's queue.
  EXPECT_THAT(l.fund(A, 50), Settled());
  EXPECT_THAT(l.events(), ElementsAre("queued 1", "settled lt1 lt", "settled 1 queue"));
}

TEST_F(TimedPayments, WaitingPaymentCanOffsetOnEntry) {
  ASSERT_THAT(l.pay(1, B, A, 100), Queued());
  ASSERT_THAT(l.pay(2, A, B, 100, PayOptions{.earliest_ns = t0 + kMinute}), Queued());
  EXPECT_THAT(l.advance_to(t0 + kMinute), Applied());
  EXPECT_THAT(l.events(),
              ::testing::UnorderedElementsAre("settled 1 offsetting", "settled 2 offsetting"));
}

// --- Latest time ---------------------------------------------------------------

TEST_F(TimedPayments, QueuedPaymentIsRejectedAfterItsLatestTime) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.latest_ns = t0 + kMinute}), Queued());
  EXPECT_THAT(l.advance_to(t0 + kMinute), Applied());
  EXPECT_THAT(l.events(), IsEmpty()) << "at its latest time it may still settle";
  EXPECT_TRUE(l.is_pending(1));
  EXPECT_THAT(l.advance_to(t0 + kMinute + 1), Applied());
  EXPECT_THAT(l.events(), ElementsAre("rejected 1 TM01"));
  EXPECT_EQ(l.raw_events()[0].reason, Reason::kLatestTimePassed);
  EXPECT_FALSE(l.is_pending(1));
  EXPECT_THAT(l.queue(A, N), IsEmpty());
  EXPECT_EQ(l.core().queued_count(), 0u);
  EXPECT_EQ(l.queued_value(), 0);
}

TEST_F(TimedPayments, CanSettleUpToItsLatestTime) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.latest_ns = t0 + kMinute}), Queued());
  l.set_clock(t0 + kMinute);
  EXPECT_THAT(l.fund(A, 50), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 1 queue"));
}

TEST_F(TimedPayments, ExpiryComesBeforeTheCommandsOwnEffect) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.latest_ns = t0 + kMinute}), Queued());
  l.set_clock(t0 + kMinute + 1);
  EXPECT_THAT(l.fund(A, 50), Settled());
  EXPECT_THAT(l.events(), ElementsAre("rejected 1 TM01", "settled lt1 lt"));
  EXPECT_EQ(l.balance(A), 50);
  EXPECT_EQ(l.balance(B), 0);
}

TEST_F(TimedPayments, RejectionOfTheQueueHeadLetsTheRestSettle) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 500, PayOptions{.priority = U, .latest_ns = t0 + kMinute}), Queued());
  ASSERT_THAT(l.pay(2, A, C, 100, U), Queued());
  EXPECT_THAT(l.advance_to(t0 + 2 * kMinute), Applied());
  EXPECT_THAT(l.events(), ElementsAre("rejected 1 TM01", "settled 2 queue"));
}

TEST_F(TimedPayments, SubmittedAfterItsLatestTimeIsRejectedAtOnce) {
  l.fund(A, 100);
  l.advance_to(t0 + kMinute);
  EXPECT_THAT(l.pay(1, A, B, 50, PayOptions{.latest_ns = t0 + kMinute - 1}), Rejected("TM01"));
  EXPECT_EQ(l.balance(B), 0);
  EXPECT_FALSE(l.core().knows_uetr(uetr(1)));
  EXPECT_THAT(l.pay(2, A, B, 50, PayOptions{.latest_ns = t0 + kMinute}), Settled())
      << "latest time not yet passed";
}

TEST_F(TimedPayments, WaitingPaymentWithPassedLatestTimeIsRejected) {
  ASSERT_THAT(
      l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0 + kMinute, .latest_ns = t0 + 2 * kMinute}),
      Queued());
  EXPECT_THAT(l.advance_to(t0 + 3 * kMinute), Applied());
  EXPECT_THAT(l.events(), ElementsAre("rejected 1 TM01"));
  EXPECT_FALSE(l.is_pending(1));
}

TEST_F(TimedPayments, EarliestEqualToLatestIsAValidWindow) {
  l.fund(A, 100);
  EXPECT_THAT(
      l.pay(1, A, B, 50, PayOptions{.earliest_ns = t0 + kMinute, .latest_ns = t0 + kMinute}),
      Queued());
  EXPECT_THAT(l.advance_to(t0 + kMinute), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 entry"));
}

TEST_F(TimedPayments, AllExpiredPaymentsAreRejectedTogether) {
  ASSERT_THAT(l.pay(1, A, B, 50, PayOptions{.latest_ns = t0 + 3 * kSecond}), Queued());
  ASSERT_THAT(l.pay(2, A, B, 50, PayOptions{.latest_ns = t0 + 1 * kSecond}), Queued());
  ASSERT_THAT(l.pay(3, A, B, 50, PayOptions{.latest_ns = t0 + 2 * kSecond}), Queued());
  EXPECT_THAT(l.advance_to(t0 + kMinute), Applied());
  EXPECT_THAT(l.events(), ::testing::UnorderedElementsAre("rejected 1 TM01", "rejected 2 TM01",
                                                          "rejected 3 TM01"));
  EXPECT_EQ(l.core().pending_count(), 0u);
}

TEST_F(TimedPayments, AdvanceTimeBackwardsIsFF01) {
  l.advance_to(t0 + kMinute);
  const uint64_t before = l.hash();
  l.set_clock(t0);
  EXPECT_THAT(l.advance_to(t0), Rejected("FF01"));
  EXPECT_EQ(l.hash(), before);
  EXPECT_EQ(l.core().now_ns(), t0 + kMinute);
}

TEST_F(TimedPayments, WaitingHighlyUrgentPaymentBlocksNothing) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 500, PayOptions{.priority = HU, .earliest_ns = t0 + kMinute}),
              Queued());
  EXPECT_THAT(l.pay(2, A, B, 50, HU), Settled());
  EXPECT_THAT(l.pay(3, A, B, 50, N), Settled());
}

// A cancelled payment's earliest time must not release whatever reuses its
// place in the core's tables.
TEST_F(TimedPayments, CancelledWaitingPaymentsTimeDoesNotReleaseALaterPayment) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 10, PayOptions{.earliest_ns = t0 + kMinute}), Queued());
  ASSERT_THAT(l.cancel(1), Applied());
  ASSERT_THAT(l.pay(2, A, B, 20, PayOptions{.earliest_ns = t0 + 2 * kMinute}), Queued());
  EXPECT_THAT(l.advance_to(t0 + kMinute), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_EQ(l.pending(2)->place, PaymentPlace::kWaiting);
  EXPECT_THAT(l.advance_to(t0 + 2 * kMinute), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 2 entry"));
}

TEST_F(TimedPayments, CancelledPaymentsLatestTimeDoesNotRejectALaterPayment) {
  ASSERT_THAT(l.pay(1, A, B, 10, PayOptions{.latest_ns = t0 + kMinute}), Queued());
  ASSERT_THAT(l.cancel(1), Applied());
  ASSERT_THAT(l.pay(2, A, B, 20), Queued());
  EXPECT_THAT(l.advance_to(t0 + 2 * kMinute), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_TRUE(l.is_pending(2));
}

TEST_F(TimedPayments, SettledPaymentsLatestTimeDoesNotRejectALaterPayment) {
  ASSERT_THAT(l.pay(1, A, B, 10, PayOptions{.latest_ns = t0 + kMinute}), Queued());
  l.fund(A, 10);
  ASSERT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 1 queue"));
  ASSERT_THAT(l.pay(2, A, B, 20), Queued());
  EXPECT_THAT(l.advance_to(t0 + 2 * kMinute), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_TRUE(l.is_pending(2));
}

TEST_F(TimedPayments, TimesOfPaymentsRejectedAtEndOfDayAreForgotten) {
  ASSERT_THAT(l.pay(1, A, B, 10, PayOptions{.latest_ns = t0 + kMinute}), Queued());
  ASSERT_THAT(l.pay(2, A, B, 10, PayOptions{.earliest_ns = t0 + kMinute}), Queued());
  ASSERT_THAT(l.end_of_day(20260102), Applied());
  ASSERT_THAT(l.pay(3, A, B, 30), Queued());
  ASSERT_THAT(l.pay(4, A, B, 40, PayOptions{.earliest_ns = t0 + 2 * kMinute}), Queued());
  EXPECT_THAT(l.advance_to(t0 + kMinute + 1), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_TRUE(l.is_pending(3));
  EXPECT_EQ(l.pending(4)->place, PaymentPlace::kWaiting);
}

}  // namespace
}  // namespace corridor::core::scenario
