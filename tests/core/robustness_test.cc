// Bounded tables (AG01) and int64 overflow (AM02): the core rejects, never
// wraps. The Ledger checks invariants and conservation after every command;
// the sanitizer build turns any signed overflow into a failure.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::AnyOf;
using ::testing::ElementsAre;

constexpr AmountMinor kMax = INT64_MAX;

// --- Capacity ---------------------------------------------------------------------

TEST(Capacity, CurrencyTableFullIsAG01) {
  Config config;
  config.currencies_max = 2;
  Ledger l(config);  // EUR
  EXPECT_THAT(l.define_currency("USD", 2), Applied());
  EXPECT_THAT(l.define_currency("GBP", 2), Rejected("AG01"));
  EXPECT_EQ(l.core().currency_count(), 2u);
}

TEST(Capacity, ParticipantTableFullIsAG01) {
  Config config;
  config.participants_max = 3;
  Ledger l(config);  // the central bank
  EXPECT_THAT(l.add_direct(A), Applied());
  EXPECT_THAT(l.add_direct(B), Applied());
  EXPECT_THAT(l.add_direct(C), Rejected("AG01"));
  EXPECT_FALSE(l.core().find_participant(bic(C)).has_value());
}

TEST(Capacity, AccountTableFullIsAG01) {
  Config config;
  config.accounts_max = 2;
  Ledger l(config);  // the issuer account
  l.banks({A});
  ASSERT_THAT(l.add_direct(B), Applied());
  EXPECT_THAT(l.open(B), Rejected("AG01"));
  EXPECT_EQ(l.core().account_count(), 2u);
}

TEST(Capacity, PendingPaymentTableFullIsAG01) {
  Config config;
  config.pending_payments_max = 2;
  Ledger l(config);
  l.banks({A, B});
  EXPECT_THAT(l.pay(1, A, B, 10), Queued());
  EXPECT_THAT(l.pay(2, A, B, 10, PayOptions{.earliest_ns = l.clock() + kMinute}), Queued());
  EXPECT_THAT(l.pay(3, A, B, 10), Rejected("AG01"));
  EXPECT_FALSE(l.core().knows_uetr(uetr(3)));
  ASSERT_THAT(l.cancel(1), Applied());
  EXPECT_THAT(l.pay(3, A, B, 10), Queued()) << "a freed slot is reused";
}

// --- Overflow -----------------------------------------------------------------------

TEST(Overflow, PaymentThatWouldOverflowTheCreditorIsRejectedAM02) {
  Ledger l;
  l.banks({A, B});
  ASSERT_THAT(l.fund(B, kMax), Settled());  // the issuer account is at -max: no more issuance
  ASSERT_THAT(l.credit_line(A, 100), Applied());
  EXPECT_THAT(l.pay(1, A, B, 100), Rejected("AM02"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), kMax);
}

TEST(Overflow, QueuedPaymentNeverWrapsTheCreditorsBalance) {
  Ledger l;
  l.banks({A, B});
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  ASSERT_THAT(l.fund(B, kMax - 50), Settled());
  ASSERT_THAT(l.credit_line(A, 100), Applied());  // A's liquidity rises: queue resolution
  EXPECT_EQ(l.balance(B), kMax - 50) << "payment 1 must not settle";
  EXPECT_EQ(l.balance(A), 0);
}

// Rule 12 / money.h: an overflow is a rejection (AM02), never a wrap or a crash.
TEST(Overflow, QueuedValueOfAnAccountDoesNotOverflow) {
  Ledger l;
  l.banks({A, B, C});
  ASSERT_THAT(l.pay(1, A, B, kMax), Queued());
  EXPECT_THAT(l.pay(2, A, C, kMax), Rejected("AM02"));
  EXPECT_EQ(l.acct(A).queued_value_minor, kMax);
}

TEST(Overflow, TotalQueuedValueDoesNotOverflow) {
  Ledger l;
  l.banks({A, B, C});
  ASSERT_THAT(l.pay(1, A, B, kMax), Queued());
  EXPECT_THAT(l.pay(2, B, C, kMax), Rejected("AM02"));
  EXPECT_EQ(l.queued_value(), kMax);
}

// Amounts of different currencies are never added: a currency's pending value
// near the int64 maximum does not block payments in another currency.
TEST(Overflow, PendingValueIsBoundedPerCurrencyNotAcrossCurrencies) {
  Ledger l;
  l.banks({A, B, C});
  ASSERT_THAT(l.define_currency("USD", 2), Applied());
  ASSERT_THAT(l.central_bank("CBKBUSNY", "USD"), Applied());
  for (std::string_view b : {A, B, C}) ASSERT_THAT(l.open(b, "USD"), Applied());
  ASSERT_THAT(l.pay(1, A, B, kMax), Queued());
  EXPECT_THAT(l.pay(2, B, C, kMax, PayOptions{.currency = "USD"}), Queued());
  EXPECT_THAT(l.pay(3, C, A, 1, PayOptions{.currency = "USD"}), Rejected("AM02"))
      << "USD's own pending value would overflow";
  EXPECT_EQ(l.queued_value(), kMax);
  EXPECT_EQ(l.queued_value("USD"), kMax);
  EXPECT_EQ(l.pending_value("USD"), kMax);
}

TEST(Overflow, PositionsDoNotOverflow) {
  Ledger l;
  l.banks({A, B, C});
  ASSERT_THAT(l.fund(A, kMax), Settled());
  ASSERT_THAT(l.credit_line(A, kMax), Applied());
  ASSERT_THAT(l.pay(1, A, B, kMax, U), Settled());
  // A's multilateral position is already -max; paying C max more would
  // overflow it (A's balance itself stays representable: -max).
  EXPECT_THAT(l.pay(2, A, C, kMax, U), AnyOf(Settled(), Rejected("AM02")));
  EXPECT_GE(l.balance(A), -kMax);
}

TEST(Overflow, CreditLineAtInt64MaxSaturatesAvailableLiquidity) {
  Ledger l;
  l.banks({A, B});
  ASSERT_THAT(l.fund(A, 10), Settled());
  ASSERT_THAT(l.credit_line(A, kMax), Applied());
  EXPECT_EQ(l.available(A, HU), kMax);
  EXPECT_THAT(l.pay(1, A, B, kMax, HU), Settled());
  EXPECT_EQ(l.balance(A), 10 - kMax);
}

// --- Central bank as a payer ---------------------------------------------------------

TEST(CentralBank, PaymentsFromTheIssuerAccountAreAlwaysCovered) {
  Ledger l;
  l.banks({A});
  EXPECT_THAT(l.pay(1, CB, A, 1'000'000, N), Settled());
  EXPECT_EQ(l.balance(CB), -1'000'000);
  EXPECT_THAT(l.pay(2, A, CB, 400'000, U), Settled());
  EXPECT_EQ(l.balance(CB), -600'000);
}

}  // namespace
}  // namespace corridor::core::scenario
