// Rule 2: entry disposition (validation, FIFO condition, liquidity), and
// rule 0: a rejected command changes nothing but the clock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class EntryDisposition : public ::testing::Test {
 protected:
  void SetUp() override { l.banks({A, B, C}); }
  Ledger l;
};

// --- Settles or queues --------------------------------------------------------------

TEST_F(EntryDisposition, SettlesAtOnceWhenCovered) {
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, B, 80), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 entry"));
  const Event& e = l.raw_events()[0];
  EXPECT_EQ(e.amount_minor, 80);
  EXPECT_EQ(e.debtor_account, l.account(A));
  EXPECT_EQ(e.creditor_account, l.account(B));
  EXPECT_EQ(e.priority, N);
  EXPECT_EQ(e.at_ns, l.clock());
  EXPECT_EQ(l.balance(A), 20);
  EXPECT_EQ(l.balance(B), 80);
  EXPECT_FALSE(l.is_pending(1));
  EXPECT_TRUE(l.core().knows_uetr(uetr(1)));
}

TEST_F(EntryDisposition, SettlesExactlyAtTheAvailableLiquidity) {
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, B, 100, U), Settled());
  EXPECT_EQ(l.balance(A), 0);
}

TEST_F(EntryDisposition, QueuesWhenNotCovered) {
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, B, 101, U), Queued());
  EXPECT_THAT(l.events(), ElementsAre("queued 1"));
  EXPECT_THAT(l.queue(A, U), ElementsAre("1"));
  ASSERT_NE(l.pending(1), nullptr);
  EXPECT_EQ(l.pending(1)->place, PaymentPlace::kInQueue);
  EXPECT_EQ(l.pending(1)->amount_minor, 101);
  EXPECT_EQ(l.core().queued_count(), 1u);
  EXPECT_EQ(l.core().pending_count(), 1u);
  EXPECT_EQ(l.queued_value(), 101);
  EXPECT_EQ(l.acct(A).queued_value_minor, 101);
  EXPECT_EQ(l.balance(A), 100);
  EXPECT_EQ(l.balance(B), 0);
}

TEST_F(EntryDisposition, EachPriorityQueuesInItsOwnQueue) {
  EXPECT_THAT(l.pay(1, A, B, 10, HU), Queued());
  EXPECT_THAT(l.pay(2, A, B, 10, U), Queued());
  EXPECT_THAT(l.pay(3, A, B, 10, N), Queued());
  EXPECT_THAT(l.queue(A, HU), ElementsAre("1"));
  EXPECT_THAT(l.queue(A, U), ElementsAre("2"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("3"));
}

// --- FIFO condition ----------------------------------------------------------------------

TEST_F(EntryDisposition, HighlyUrgentPaymentQueuesBehindQueuedHighlyUrgentPayment) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 500, HU), Queued());
  EXPECT_THAT(l.pay(2, A, B, 10, HU), Queued()) << "covered, but HU is strict FIFO";
  EXPECT_THAT(l.queue(A, HU), ElementsAre("1", "2"));
  EXPECT_EQ(l.balance(A), 100);
}

TEST_F(EntryDisposition, UrgentPaymentQueuesBehindQueuedUrgentPayment) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 500, U), Queued());
  EXPECT_THAT(l.pay(2, A, B, 10, U), Queued());
  EXPECT_THAT(l.queue(A, U), ElementsAre("1", "2"));
}

TEST_F(EntryDisposition, UrgentPaymentQueuesBehindQueuedHighlyUrgentPayment) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 500, HU), Queued());
  EXPECT_THAT(l.pay(2, A, B, 10, U), Queued());
  EXPECT_THAT(l.queue(A, U), ElementsAre("2"));
}

TEST_F(EntryDisposition, NormalPaymentQueuesBehindQueuedHighlyUrgentPayment) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 500, HU), Queued());
  EXPECT_THAT(l.pay(2, A, B, 10, N), Queued());
}

// Spec rule 2 example: A has balance 100 and a U payment queued. A new N
// payment of 50 queues (the U queue is not empty); a new HU payment of 50
// settles (nothing HU waits).
TEST_F(EntryDisposition, SpecExampleNormalWaitsForUrgentQueueHighlyUrgentDoesNot) {
  ASSERT_THAT(l.pay(1, A, B, 180, U), Queued());
  l.fund(A, 100);
  ASSERT_THAT(l.queue(A, U), ElementsAre("1"));
  EXPECT_THAT(l.pay(2, A, C, 50, N), Queued());
  EXPECT_THAT(l.pay(3, A, C, 50, HU), Settled());
  EXPECT_EQ(l.balance(A), 50);
  EXPECT_EQ(l.balance(C), 50);
  EXPECT_THAT(l.queue(A, U), ElementsAre("1"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("2"));
}

TEST_F(EntryDisposition, HighlyUrgentIgnoresTheUrgentAndNormalQueues) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 500, U), Queued());
  ASSERT_THAT(l.pay(2, A, B, 500, N), Queued());
  EXPECT_THAT(l.pay(3, A, B, 100, HU), Settled());
}

TEST_F(EntryDisposition, UrgentIgnoresTheNormalQueue) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 500, N), Queued());
  EXPECT_THAT(l.pay(2, A, B, 100, U), Settled());
}

TEST_F(EntryDisposition, NormalPaymentBypassesTheNormalQueue) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 150, N), Queued());
  EXPECT_THAT(l.pay(2, A, C, 50, N), Settled());
  EXPECT_THAT(l.queue(A, N), ElementsAre("1"));
  EXPECT_EQ(l.balance(A), 50);
}

TEST_F(EntryDisposition, OtherDebtorsQueuesDoNotMatter) {
  ASSERT_THAT(l.pay(1, B, C, 500, HU), Queued());
  l.fund(A, 100);
  EXPECT_THAT(l.pay(2, A, C, 100, HU), Settled());
}

// --- Validation: every failure rejects with its code and changes nothing -------------

TEST_F(EntryDisposition, ZeroAmountIsRejectedAM01) {
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, B, 0), Rejected("AM01"));
  EXPECT_FALSE(l.core().knows_uetr(uetr(1)));
}

TEST_F(EntryDisposition, NegativeAmountIsRejectedAM02) {
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, B, -1), Rejected("AM02"));
  EXPECT_THAT(l.pay(2, A, B, INT64_MIN), Rejected("AM02"));
  EXPECT_EQ(l.balance(A), 100);
  EXPECT_EQ(l.balance(B), 0);
}

TEST_F(EntryDisposition, UnknownDebtorOrCreditorBicIsRejectedRC01) {
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, D, B, 10), Rejected("RC01"));
  EXPECT_THAT(l.pay(2, A, D, 10), Rejected("RC01"));
  SubmitPayment p;
  p.uetr = uetr(3);
  p.debtor_agent = bic(A);  // creditor left empty: not a BIC
  p.currency = ccy("EUR");
  p.amount_minor = 10;
  EXPECT_THAT(l.apply(p), Rejected("RC01"));
}

TEST_F(EntryDisposition, ParticipantWithoutAccountInTheCurrencyIsRejectedAC01) {
  ASSERT_THAT(l.add_direct(D), Applied());
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, D, 10), Rejected("AC01"));
  EXPECT_THAT(l.pay(2, D, A, 10), Rejected("AC01"));
  ASSERT_THAT(l.define_currency("USD", 2), Applied());
  EXPECT_THAT(l.pay(3, A, B, 10, PayOptions{.currency = "USD"}), Rejected("AC01"));
}

TEST_F(EntryDisposition, UnknownCurrencyIsRejectedAM03) {
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, B, 10, PayOptions{.currency = "USD"}), Rejected("AM03"));
}

TEST_F(EntryDisposition, DuplicateOfAPendingPaymentIsRejectedDUPL) {
  ASSERT_THAT(l.pay(1, A, B, 10), Queued());
  EXPECT_THAT(l.pay(1, A, C, 20), Rejected("DUPL"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("1"));
  EXPECT_EQ(l.pending(1)->amount_minor, 10);
}

TEST_F(EntryDisposition, DuplicateOfASettledPaymentIsRejectedDUPL) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 10), Settled());
  EXPECT_THAT(l.pay(1, A, B, 10), Rejected("DUPL"));
  EXPECT_EQ(l.balance(B), 10);
}

TEST_F(EntryDisposition, DuplicateOfACancelledPaymentIsRejectedDUPL) {
  ASSERT_THAT(l.pay(1, A, B, 10), Queued());
  ASSERT_THAT(l.cancel(1), Applied());
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, B, 10), Rejected("DUPL"));
}

TEST_F(EntryDisposition, NilUetrIsRejectedFF01) {
  l.fund(A, 100);
  SubmitPayment p;
  p.debtor_agent = bic(A);
  p.creditor_agent = bic(B);
  p.currency = ccy("EUR");
  p.amount_minor = 10;
  EXPECT_THAT(l.apply(p), Rejected("FF01"));
}

TEST_F(EntryDisposition, UetrThatIsNotVersion4IsRejectedFF01) {
  l.fund(A, 100);
  SubmitPayment p;
  p.uetr = Uetr{0x1234, 0x5678};  // version nibble 0, variant bits 00
  p.debtor_agent = bic(A);
  p.creditor_agent = bic(B);
  p.currency = ccy("EUR");
  p.amount_minor = 10;
  EXPECT_THAT(l.apply(p), Rejected("FF01"));
}

TEST_F(EntryDisposition, SuspendedDebtorOrCreditorIsRejectedAC06) {
  l.fund(A, 100);
  l.fund(C, 100);
  ASSERT_THAT(l.suspend(B), Applied());
  EXPECT_THAT(l.pay(1, A, B, 10), Rejected("AC06"));
  EXPECT_THAT(l.pay(2, B, A, 10), Rejected("AC06"));
  EXPECT_THAT(l.pay(3, C, A, 10), Settled()) << "others are unaffected";
}

TEST_F(EntryDisposition, IndirectWhoseSettlementBankIsSuspendedIsRejectedAC06) {
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  l.fund(A, 100);
  ASSERT_THAT(l.suspend(A), Applied());
  EXPECT_THAT(l.pay(1, I, B, 10), Rejected("AC06"));
  EXPECT_THAT(l.pay(2, B, I, 10), Rejected("AC06"));
}

TEST_F(EntryDisposition, TimestampGoingBackwardsIsRejectedFF01) {
  l.fund(A, 100);
  l.advance_by(kSecond);
  const uint64_t before = l.hash();
  SubmitPayment p;
  p.uetr = uetr(1);
  p.debtor_agent = bic(A);
  p.creditor_agent = bic(B);
  p.currency = ccy("EUR");
  p.amount_minor = 10;
  EXPECT_THAT(l.apply_at(l.clock() - 1, p), Rejected("FF01"));
  EXPECT_EQ(l.hash(), before);
  EXPECT_EQ(l.core().now_ns(), l.clock());
  EXPECT_EQ(l.balance(B), 0);
  EXPECT_FALSE(l.core().knows_uetr(uetr(1)));
  // Equal timestamps are fine.
  EXPECT_THAT(l.apply_at(l.clock(), p), Settled());
}

TEST_F(EntryDisposition, LatestBeforeEarliestIsRejectedDT01) {
  l.fund(A, 100);
  EXPECT_THAT(
      l.pay(1, A, B, 10,
            PayOptions{.earliest_ns = l.clock() + 2 * kSecond, .latest_ns = l.clock() + kSecond}),
      Rejected("DT01"));
}

TEST_F(EntryDisposition, PriorityOrTypeOutOfRangeIsRejectedFF01) {
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, B, 10, static_cast<Priority>(3)), Rejected("FF01"));
  SubmitPayment p;
  p.uetr = uetr(2);
  p.debtor_agent = bic(A);
  p.creditor_agent = bic(B);
  p.currency = ccy("EUR");
  p.amount_minor = 10;
  p.type = static_cast<PaymentType>(42);
  EXPECT_THAT(l.apply(p), Rejected("FF01"));
}

TEST_F(EntryDisposition, SameAccountIsRejectedAG01) {
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, A, 10), Rejected("AG01"));
}

TEST_F(EntryDisposition, RejectedPaymentChangesNothing) {
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 500), Queued());
  const uint64_t before = l.hash();
  EXPECT_THAT(l.pay(2, A, B, 0), Rejected("AM01"));
  EXPECT_THAT(l.pay(1, A, B, 5), Rejected("DUPL"));
  EXPECT_THAT(l.pay(3, A, D, 5), Rejected("RC01"));
  EXPECT_THAT(l.pay(4, A, B, 5, PayOptions{.currency = "GBP"}), Rejected("AM03"));
  EXPECT_EQ(l.hash(), before);
  EXPECT_EQ(l.core().pending_count(), 1u);
  EXPECT_FALSE(l.core().knows_uetr(uetr(2)));
  EXPECT_FALSE(l.core().knows_uetr(uetr(3)));
  EXPECT_FALSE(l.core().knows_uetr(uetr(4)));
  // A rejected UETR was never seen: it may be used again.
  EXPECT_THAT(l.pay(2, A, B, 5), Settled());
}

// Spec rule 0 (as amended): a rejected command changes nothing but the
// clock; time passing, and what it releases or expires, still happens.
TEST_F(EntryDisposition, RejectedCommandStillMovesTheClock) {
  l.fund(A, 100);
  const TimestampNs t = l.clock();
  ASSERT_THAT(l.pay(1, A, B, 10, PayOptions{.earliest_ns = t + kSecond}), Queued());
  l.set_clock(t + 2 * kSecond);
  EXPECT_THAT(l.pay(2, A, B, 0), Rejected("AM01"));
  EXPECT_EQ(l.core().now_ns(), t + 2 * kSecond);
  EXPECT_THAT(l.events(), ElementsAre("settled 1 entry"));
  EXPECT_EQ(l.balance(B), 10);
}

}  // namespace
}  // namespace corridor::core::scenario
