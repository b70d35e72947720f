// Rule 6: gridlock resolution (all-or-nothing, partial, bilateral).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr GridlockAlgorithm kAllOrNothing = GridlockAlgorithm::kAllOrNothing;
constexpr GridlockAlgorithm kPartial = GridlockAlgorithm::kPartial;
constexpr GridlockAlgorithm kBilateral = GridlockAlgorithm::kBilateral;

class Gridlock : public ::testing::Test {
 protected:
  void SetUp() override { l.banks({A, B, C, D, E}); }

  // Spec rule 6 example: A, B, C with no liquidity; A owes B 100, B owes C
  // 100, C owes A 100. Each payment queues.
  void classic_gridlock(Priority p = N) {
    ASSERT_THAT(l.pay(1, A, B, 100, p), Queued());
    ASSERT_THAT(l.pay(2, B, C, 100, p), Queued());
    ASSERT_THAT(l.pay(3, C, A, 100, p), Queued());
  }

  // Queues A -> B and B -> A payments that offsetting on entry did not catch:
  // B's U queue is headed by a payment to E while they enter, which is then
  // cancelled. Leaves payment 90 (B -> E) cancelled.
  void queue_both_ways(AmountMinor a_to_b, AmountMinor b_to_a) {
    ASSERT_THAT(l.pay(90, B, E, 1'000'000, U), Queued());
    ASSERT_THAT(l.pay(11, B, A, b_to_a, U), Queued());
    ASSERT_THAT(l.pay(12, A, B, a_to_b, U), Queued());
    ASSERT_THAT(l.cancel(90), Applied());
    ASSERT_THAT(l.queue(B, U), ElementsAre("11"));
    ASSERT_THAT(l.queue(A, U), ::testing::Contains("12"));
  }

  std::vector<SettledBy> settled_by() const {
    std::vector<SettledBy> how;
    for (const Event& e : l.raw_events()) how.push_back(e.settled_by);
    return how;
  }

  Ledger l;
};

// --- The classic gridlock ------------------------------------------------------------

TEST_F(Gridlock, ClassicGridlockStaysQueuedWithoutGridlockResolution) {
  classic_gridlock();
  EXPECT_THAT(l.advance_by(kMinute), Applied());
  l.fund(D, 1000);  // unrelated liquidity changes nothing
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("1"));
  EXPECT_THAT(l.queue(B, N), ElementsAre("2"));
  EXPECT_THAT(l.queue(C, N), ElementsAre("3"));
  EXPECT_EQ(l.core().queued_count(), 3u);
}

TEST_F(Gridlock, AllOrNothingSettlesTheClassicGridlockAtOnce) {
  classic_gridlock();
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 gridlock", "settled 2 gridlock",
                                               "settled 3 gridlock"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 0);
  EXPECT_EQ(l.balance(C), 0);
  EXPECT_EQ(l.core().queued_count(), 0u);
  EXPECT_EQ(l.core().pending_count(), 0u);
}

TEST_F(Gridlock, PartialSettlesTheClassicGridlockAtOnce) {
  classic_gridlock();
  EXPECT_THAT(l.gridlock(kPartial), Applied());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 gridlock", "settled 2 gridlock",
                                               "settled 3 gridlock"));
  EXPECT_EQ(l.core().queued_count(), 0u);
}

TEST_F(Gridlock, BilateralSettlesNothingInTheClassicGridlock) {
  classic_gridlock();
  const uint64_t before = l.hash();
  EXPECT_THAT(l.gridlock(kBilateral), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_EQ(l.core().queued_count(), 3u);
  EXPECT_EQ(l.hash(), before);
}

TEST_F(Gridlock, UrgentAndHighlyUrgentGridlocksResolveToo) {
  classic_gridlock(HU);
  ASSERT_THAT(l.pay(4, D, E, 50, U), Queued());
  ASSERT_THAT(l.pay(5, E, D, 50, U), Settled()) << "offsetting on entry";
  EXPECT_THAT(l.gridlock(kPartial), Applied());
  EXPECT_EQ(l.core().queued_count(), 0u);
}

TEST_F(Gridlock, EventsCarryTheSettledPayments) {
  classic_gridlock();
  ASSERT_THAT(l.gridlock(kAllOrNothing), Applied());
  ASSERT_EQ(l.raw_events().size(), 3u);
  for (const Event& e : l.raw_events()) {
    EXPECT_EQ(e.kind, EventKind::kSettled);
    EXPECT_EQ(e.settled_by, SettledBy::kGridlockResolution);
    EXPECT_EQ(e.amount_minor, 100);
    EXPECT_EQ(e.at_ns, l.clock());
  }
}

// --- All-or-nothing vs partial ----------------------------------------------------------

TEST_F(Gridlock, AllOrNothingSettlesNothingWhenOneAccountIsUncovered) {
  classic_gridlock();
  ASSERT_THAT(l.pay(4, D, A, 100), Queued());  // D has nothing
  const uint64_t before = l.hash();
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_EQ(l.core().queued_count(), 4u);
  EXPECT_EQ(l.hash(), before);
}

TEST_F(Gridlock, PartialDropsTheUncoveredParticipantsPaymentsAndSettlesTheRest) {
  classic_gridlock();
  ASSERT_THAT(l.pay(4, D, A, 100), Queued());  // D has nothing
  EXPECT_THAT(l.gridlock(kPartial), Applied());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 gridlock", "settled 2 gridlock",
                                               "settled 3 gridlock"));
  EXPECT_THAT(l.queue(D, N), ElementsAre("4"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(D), 0);
}

TEST_F(Gridlock, PartialDropsTheBackOfTheUncoveredQueue) {
  classic_gridlock();
  ASSERT_THAT(l.pay(4, B, D, 50), Queued());  // B would pay 150 and receive 100
  EXPECT_THAT(l.gridlock(kPartial), Applied());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 gridlock", "settled 2 gridlock",
                                               "settled 3 gridlock"));
  EXPECT_THAT(l.queue(B, N), ElementsAre("4"));
}

TEST_F(Gridlock, PartialDropsNormalPaymentsBeforeUrgentOnes) {
  // B's normal payment to C is older than its urgent payment to D, but it is
  // less urgent, so it goes first; that uncovers C, then A, then B again.
  ASSERT_THAT(l.pay(2, B, C, 100, N), Queued());
  ASSERT_THAT(l.pay(4, B, D, 50, U), Queued());
  ASSERT_THAT(l.pay(1, A, B, 100, N), Queued());
  ASSERT_THAT(l.pay(3, C, A, 100, N), Queued());
  EXPECT_THAT(l.gridlock(kPartial), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_EQ(l.core().queued_count(), 4u);
}

TEST_F(Gridlock, PartialRemovalCascadesThroughCreditors) {
  // C pays D before it pays A: C's back (C -> A) goes first, which uncovers A,
  // then B, then C again: nothing is left.
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  ASSERT_THAT(l.pay(2, B, C, 100), Queued());
  ASSERT_THAT(l.pay(4, C, D, 100), Queued());
  ASSERT_THAT(l.pay(3, C, A, 100), Queued());
  EXPECT_THAT(l.gridlock(kPartial), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_EQ(l.core().queued_count(), 4u);
}

TEST_F(Gridlock, PartialUsesAvailableLiquidity) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  ASSERT_THAT(l.pay(2, B, C, 150), Queued());
  ASSERT_THAT(l.pay(3, C, A, 100), Queued());
  l.fund(B, 50);  // B: 50 + 100 - 150 = 0
  ASSERT_EQ(l.core().queued_count(), 3u);
  EXPECT_THAT(l.gridlock(kPartial), Applied());
  EXPECT_THAT(settled_by(), Each(SettledBy::kGridlockResolution));
  EXPECT_EQ(l.raw_events().size(), 3u);
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 0);
  EXPECT_EQ(l.balance(C), 50);
}

// --- Bilateral ----------------------------------------------------------------------------

TEST_F(Gridlock, BilateralSettlesPairwiseOffsets) {
  queue_both_ways(100, 100);
  EXPECT_THAT(l.gridlock(kBilateral), Applied());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 11 gridlock", "settled 12 gridlock"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 0);
}

TEST_F(Gridlock, BilateralDropsFromTheBackOfTheUncoveredSide) {
  queue_both_ways(100, 100);
  ASSERT_THAT(l.pay(13, A, B, 50, U), Queued());
  EXPECT_THAT(l.gridlock(kBilateral), Applied());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 11 gridlock", "settled 12 gridlock"));
  EXPECT_THAT(l.queue(A, U), ElementsAre("13"));
}

TEST_F(Gridlock, AfterARunQueueResolutionRunsWhereLiquidityRose) {
  l.fund(B, 50);
  queue_both_ways(100, 150);                      // A gains 50 net, B pays 50 net
  ASSERT_THAT(l.pay(14, A, D, 50, N), Queued());  // A's other payment
  EXPECT_THAT(l.gridlock(kBilateral), Applied());
  EXPECT_THAT(l.events(),
              ElementsAre(::testing::AnyOf("settled 11 gridlock", "settled 12 gridlock"),
                          ::testing::AnyOf("settled 11 gridlock", "settled 12 gridlock"),
                          "settled 14 queue"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 0);
  EXPECT_EQ(l.balance(D), 50);
}

// --- What is covered ----------------------------------------------------------------------

TEST_F(Gridlock, HeldPaymentsAreLeftOut) {
  classic_gridlock();
  ASSERT_THAT(l.suspend(C), Applied());
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_THAT(l.events(), IsEmpty()) << "only A -> B is not held, and A cannot pay alone";
  EXPECT_THAT(l.gridlock(kPartial), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  ASSERT_THAT(l.reactivate(C), Applied());
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 gridlock", "settled 2 gridlock",
                                               "settled 3 gridlock"));
}

TEST_F(Gridlock, ReservationsMoreUrgentThanThePaymentsCount) {
  l.fund(A, 50);
  ASSERT_THAT(l.reserve(A, HU, 100), Applied());
  classic_gridlock(N);
  // A would end at 50, below its HU reservation of 100: not covered.
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_THAT(l.gridlock(kPartial), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  ASSERT_THAT(l.reserve(A, HU, 50), Applied());
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_EQ(l.raw_events().size(), 3u);
  EXPECT_EQ(l.balance(A), 50);
}

TEST_F(Gridlock, ReservationsForLessUrgentPaymentsDoNotCount) {
  l.fund(A, 50);
  ASSERT_THAT(l.reserve(A, HU, 100), Applied());
  classic_gridlock(HU);  // an HU payment may use the HU reservation
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_EQ(l.raw_events().size(), 3u);
}

TEST_F(Gridlock, LimitsOfNormalPaymentsCount) {
  ASSERT_THAT(l.bilateral_limit(A, B, 50), Applied());
  classic_gridlock(N);
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_THAT(l.events(), IsEmpty()) << "A's position towards B would be -100";
  EXPECT_THAT(l.gridlock(kPartial), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  ASSERT_THAT(l.bilateral_limit(A, B, 100), Applied());
  EXPECT_THAT(l.gridlock(kPartial), Applied());
  EXPECT_EQ(l.raw_events().size(), 3u);
}

TEST_F(Gridlock, LimitsDoNotApplyToUrgentPayments) {
  ASSERT_THAT(l.bilateral_limit(A, B, 50), Applied());
  classic_gridlock(U);
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_EQ(l.raw_events().size(), 3u);
}

TEST_F(Gridlock, RunsPerCurrency) {
  ASSERT_THAT(l.define_currency("USD", 2), Applied());
  ASSERT_THAT(l.central_bank("CBUSUSNY", "USD"), Applied());
  for (std::string_view b : {A, B, C}) ASSERT_THAT(l.open(b, "USD"), Applied());
  classic_gridlock();
  ASSERT_THAT(l.pay(21, A, B, 7, PayOptions{.currency = "USD"}), Queued());
  ASSERT_THAT(l.pay(22, B, C, 7, PayOptions{.currency = "USD"}), Queued());
  ASSERT_THAT(l.pay(23, C, A, 7, PayOptions{.currency = "USD"}), Queued());
  ASSERT_THAT(l.pay(24, C, B, 1, PayOptions{.currency = "USD"}), Queued());  // C short in USD
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 gridlock", "settled 2 gridlock",
                                               "settled 3 gridlock"))
      << "EUR settles; USD (C uncovered) does not, and does not stop EUR";
  EXPECT_THAT(l.queue(C, N, "USD"), ElementsAre("23", "24"));
}

TEST_F(Gridlock, BilateralPositionsAreNettedOverTheSelection) {
  l.fund(A, 50);
  ASSERT_THAT(l.bilateral_limit(A, B, 100), Applied());
  // Queue B -> A 100 and A -> B 150 (normal) without offsetting on entry.
  ASSERT_THAT(l.pay(90, B, E, 1'000'000, U), Queued());
  ASSERT_THAT(l.pay(11, B, A, 100, N), Queued());
  ASSERT_THAT(l.pay(12, A, B, 150, N), Queued());  // alone: position -150 < -100
  ASSERT_THAT(l.cancel(90), Applied());
  ASSERT_EQ(l.core().queued_count(), 2u);
  // Together: A's position towards B is -50, A's balance 0.
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 11 gridlock", "settled 12 gridlock"));
  EXPECT_EQ(l.balance(A), 0);
}

TEST_F(Gridlock, MultilateralPositionIsNettedOverTheSelection) {
  ASSERT_THAT(l.multilateral_limit(A, 50), Applied());
  classic_gridlock(N);  // A pays B 100 and receives 100 from C: position 0
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_EQ(l.raw_events().size(), 3u);
}

TEST_F(Gridlock, MultilateralPositionIgnoresCounterpartiesWithBilateralLimit) {
  ASSERT_THAT(l.multilateral_limit(A, 50), Applied());
  ASSERT_THAT(l.bilateral_limit(A, C, 1000), Applied());
  classic_gridlock(N);  // C's payment to A no longer lifts A's multilateral position
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
}

TEST_F(Gridlock, PartialIgnoresHeldPayments) {
  classic_gridlock();
  ASSERT_THAT(l.pay(4, A, D, 100), Queued());
  ASSERT_THAT(l.suspend(D), Applied());
  EXPECT_THAT(l.gridlock(kPartial), Applied());
  EXPECT_THAT(l.events(), UnorderedElementsAre("settled 1 gridlock", "settled 2 gridlock",
                                               "settled 3 gridlock"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("4"));
}

TEST_F(Gridlock, AllOrNothingIgnoresHeldPayments) {
  classic_gridlock();
  ASSERT_THAT(l.pay(4, A, D, 100), Queued());
  ASSERT_THAT(l.suspend(D), Applied());
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_EQ(l.raw_events().size(), 3u);
}

TEST_F(Gridlock, WaitingPaymentsAreNotSelected) {
  classic_gridlock();
  ASSERT_THAT(l.pay(4, A, D, 100, PayOptions{.earliest_ns = l.clock() + kMinute}), Queued());
  EXPECT_THAT(l.gridlock(kAllOrNothing), Applied());
  EXPECT_EQ(l.raw_events().size(), 3u);
  EXPECT_TRUE(l.is_pending(4));
}

TEST_F(Gridlock, NothingQueuedChangesNothing) {
  const uint64_t before = l.hash();
  for (GridlockAlgorithm a : {kAllOrNothing, kPartial, kBilateral}) {
    EXPECT_THAT(l.gridlock(a), Applied());
    EXPECT_THAT(l.events(), IsEmpty());
  }
  EXPECT_EQ(l.hash(), before);
}

TEST_F(Gridlock, UnknownAlgorithmIsFF01) {
  classic_gridlock();
  EXPECT_THAT(l.gridlock(static_cast<GridlockAlgorithm>(7)), Rejected("FF01"));
  EXPECT_EQ(l.core().queued_count(), 3u);
}

TEST_F(Gridlock, BilateralRespectsFifo) {
  // A's U queue is headed by a payment to C: A may pay B nothing in FIFO terms.
  ASSERT_THAT(l.pay(5, A, C, 500, U), Queued());
  queue_both_ways(100, 100);
  EXPECT_THAT(l.queue(A, U), ElementsAre("5", "12"));
  EXPECT_THAT(l.gridlock(kBilateral), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
}

TEST_F(Gridlock, PartialKeepsFifoWithinEachQueue) {
  // A's U head (to D, uncoverable) cannot be skipped to settle A's later U
  // payment to B: partial removes from the back, so A keeps nothing.
  ASSERT_THAT(l.pay(5, A, D, 500, U), Queued());
  classic_gridlock(U);
  EXPECT_THAT(l.gridlock(kPartial), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_EQ(l.core().queued_count(), 4u);
}

}  // namespace
}  // namespace corridor::core::scenario
