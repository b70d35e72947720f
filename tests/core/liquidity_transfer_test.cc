// Rule 8: liquidity transfers settle at once from all the debtor's
// liquidity, ignoring queues and limits, or are rejected; never queued.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(LiquidityTransfer, CentralBankCreditSettlesAtOnce) {
  Ledger l;
  l.banks({A});
  EXPECT_THAT(l.fund(A, 100), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt"));
  const Event& e = l.raw_events()[0];
  EXPECT_EQ(e.amount_minor, 100);
  EXPECT_EQ(e.debtor_account, l.account(CB));
  EXPECT_EQ(e.creditor_account, l.account(A));
  EXPECT_EQ(e.at_ns, l.clock());
  EXPECT_EQ(l.balance(A), 100);
  EXPECT_EQ(l.balance(CB), -100);
  EXPECT_TRUE(l.core().knows_uetr(lt_uetr(1)));
  EXPECT_EQ(l.core().pending_count(), 0u);
}

TEST(LiquidityTransfer, BetweenTwoAccounts) {
  Ledger l;
  l.banks({A, B});
  l.fund(A, 100);
  EXPECT_THAT(l.transfer(A, B, 60), Settled());
  EXPECT_EQ(l.balance(A), 40);
  EXPECT_EQ(l.balance(B), 60);
}

TEST(LiquidityTransfer, InsufficientFundsIsRejectedNeverQueued) {
  Ledger l;
  l.banks({A, B});
  l.fund(A, 100);
  EXPECT_THAT(l.transfer(A, B, 101), Rejected("AM04"));
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_EQ(l.balance(A), 100);
  EXPECT_EQ(l.core().pending_count(), 0u);
  EXPECT_THAT(l.queue(A, HU), IsEmpty());
  EXPECT_THAT(l.queue(A, U), IsEmpty());
  EXPECT_THAT(l.queue(A, N), IsEmpty());
}

TEST(LiquidityTransfer, UsesTheCreditLineAndEveryReservation) {
  Ledger l;
  l.banks({A, B});
  l.fund(A, 100);
  ASSERT_THAT(l.credit_line(A, 50), Applied());
  ASSERT_THAT(l.reserve(A, HU, 100), Applied());
  ASSERT_THAT(l.reserve(A, U, 50), Applied());
  EXPECT_THAT(l.transfer(A, B, 151), Rejected("AM04"));
  EXPECT_THAT(l.transfer(A, B, 150), Settled());
  EXPECT_EQ(l.balance(A), -50);
}

TEST(LiquidityTransfer, IgnoresQueuedPayments) {
  Ledger l;
  l.banks({A, B, C});
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, C, 500, HU), Queued());
  EXPECT_THAT(l.transfer(A, B, 100), Settled());
  EXPECT_EQ(l.balance(B), 100);
  EXPECT_THAT(l.queue(A, HU), ElementsAre("1"));
}

TEST(LiquidityTransfer, IgnoresLimits) {
  Ledger l;
  l.banks({A, B});
  l.fund(A, 1000);
  ASSERT_THAT(l.bilateral_limit(A, B, 10), Applied());
  ASSERT_THAT(l.multilateral_limit(A, 10), Applied());
  EXPECT_THAT(l.transfer(A, B, 500), Settled());
  EXPECT_EQ(l.balance(B), 500);
}

TEST(LiquidityTransfer, ResolvesTheCreditorsQueue) {
  Ledger l;
  l.banks({A, B});
  ASSERT_THAT(l.pay(1, A, B, 70), Queued());
  EXPECT_THAT(l.fund(A, 70), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 1 queue"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 70);
}

TEST(LiquidityTransfer, RejectsBadAmounts) {
  Ledger l;
  l.banks({A});
  EXPECT_THAT(l.fund(A, 0), Rejected("AM01"));
  EXPECT_THAT(l.fund(A, -5), Rejected("AM02"));
  EXPECT_EQ(l.balance(A), 0);
}

TEST(LiquidityTransfer, RejectsSameAccount) {
  Ledger l;
  l.banks({A});
  l.fund(A, 100);
  EXPECT_THAT(l.transfer(A, A, 10), Rejected("AG01"));
}

TEST(LiquidityTransfer, RejectsUnknownPartiesAccountsAndCurrencies) {
  Ledger l;
  l.banks({A});
  EXPECT_THAT(l.fund(B, 10), Rejected("RC01"));
  ASSERT_THAT(l.add_direct(B), Applied());
  EXPECT_THAT(l.fund(B, 10), Rejected("AC01"));
  EXPECT_THAT(l.apply(LiquidityTransfer{lt_uetr(99), bic(CB), bic(A), ccy("USD"), 10}),
              Rejected("AM03"));
}

TEST(LiquidityTransfer, RejectsDuplicateAndNilUetr) {
  Ledger l;
  l.banks({A});
  ASSERT_THAT(l.fund(A, 10), Settled());
  EXPECT_THAT(l.apply(LiquidityTransfer{lt_uetr(1), bic(CB), bic(A), ccy("EUR"), 10}),
              Rejected("DUPL"));
  EXPECT_THAT(l.apply(LiquidityTransfer{Uetr{}, bic(CB), bic(A), ccy("EUR"), 10}),
              Rejected("FF01"));
  EXPECT_EQ(l.balance(A), 10);
}

TEST(LiquidityTransfer, SharesTheUetrSpaceWithPayments) {
  Ledger l;
  l.banks({A, B});
  l.fund(A, 100);
  ASSERT_THAT(l.pay(1, A, B, 10), Settled());
  EXPECT_THAT(l.apply(LiquidityTransfer{uetr(1), bic(CB), bic(A), ccy("EUR"), 10}),
              Rejected("DUPL"));
}

// Spec rule 5 (as amended): liquidity transfers are not payments and do not
// move limit positions.
TEST(LiquidityTransfer, DoesNotMoveLimitPositions) {
  Ledger l;
  l.banks({A, B, C});
  l.fund(A, 1000);
  l.fund(B, 1000);
  ASSERT_THAT(l.bilateral_limit(A, B, 100), Applied());
  ASSERT_THAT(l.multilateral_limit(A, 100), Applied());
  ASSERT_THAT(l.transfer(A, B, 500), Settled());
  ASSERT_THAT(l.transfer(A, C, 200), Settled());
  ASSERT_THAT(l.transfer(B, A, 50), Settled());
  EXPECT_EQ(l.core().bilateral_limit(l.account(A), l.account(B))->position_minor, 0);
  EXPECT_EQ(l.acct(A).multilateral_position_minor, 0);
  EXPECT_THAT(l.pay(1, A, B, 100), Settled());
  EXPECT_THAT(l.pay(2, A, C, 100), Settled());
}

}  // namespace
}  // namespace corridor::core::scenario
