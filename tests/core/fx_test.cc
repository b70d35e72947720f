// Rule 13: FX quotes and cross-currency payments settled payment versus
// payment (docs/settlement-rules.md). The hand-worked examples of the rule are
// the tests named Example*.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/fx_rate.h"
#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr std::string_view F = "FFFFDEFF";      // the FX provider
constexpr std::string_view CBUSD = "CBKBUSNY";  // central bank issuing USD
constexpr std::string_view CBJPY = "CBKCJPJT";  // central bank issuing JPY
constexpr TimestampNs kHour = 60 * kMinute;

// --- Conversion -------------------------------------------------------------------

TEST(FxConversion, ExactRateNeedsNoRounding) {
  // 100.00 EUR at 1.0845 USD per EUR = 108.45 USD.
  EXPECT_EQ(convert_half_even(100'00, 10845, 4, 2, 2), 108'45);
}

TEST(FxConversion, HalfGoesToTheEvenNeighbour) {
  // 0.1 target units per source unit, both with 2 minor units.
  EXPECT_EQ(convert_half_even(5, 1, 1, 2, 2), 0);   // 0.5 -> 0
  EXPECT_EQ(convert_half_even(15, 1, 1, 2, 2), 2);  // 1.5 -> 2
  EXPECT_EQ(convert_half_even(25, 1, 1, 2, 2), 2);  // 2.5 -> 2
  EXPECT_EQ(convert_half_even(35, 1, 1, 2, 2), 4);  // 3.5 -> 4
  EXPECT_EQ(convert_half_even(26, 1, 1, 2, 2), 3);  // 2.6 -> 3
  EXPECT_EQ(convert_half_even(24, 1, 1, 2, 2), 2);  // 2.4 -> 2
}

TEST(FxConversion, MinorUnitsOfBothCurrenciesCount) {
  // EUR (2) -> JPY (0) at 162.345: 1.01 EUR = 163.96845 JPY -> 164.
  EXPECT_EQ(convert_half_even(101, 162345, 3, 2, 0), 164);
  // 1.00 EUR = 162.345 JPY -> 162.
  EXPECT_EQ(convert_half_even(100, 162345, 3, 2, 0), 162);
  // JPY (0) -> EUR (2) at 0.00616: 1,000 JPY = 6.16 EUR.
  EXPECT_EQ(convert_half_even(1000, 616, 5, 0, 2), 6'16);
  // KWD (3) -> JPY (0) at 486.5: 1.234 KWD = 600.341 JPY -> 600.
  EXPECT_EQ(convert_half_even(1234, 4865, 1, 3, 0), 600);
  // JPY (0) -> KWD (3) at 0.002055: 2 JPY = 0.00411 KWD -> 0.004 (4 minor units).
  EXPECT_EQ(convert_half_even(2, 2055, 6, 0, 3), 4);
}

TEST(FxConversion, OverflowIsNotAResult) {
  EXPECT_EQ(convert_half_even(INT64_MAX, 1, 0, 2, 2), INT64_MAX);
  EXPECT_EQ(convert_half_even(INT64_MAX, 2, 0, 2, 2), std::nullopt);
  // The 128-bit product itself overflows once scaled by 10^4.
  EXPECT_EQ(convert_half_even(INT64_MAX, INT64_MAX, 0, 0, 4), std::nullopt);
  // A huge rate at the largest scale: representable intermediates, a result too large.
  EXPECT_EQ(convert_half_even(INT64_MAX, INT64_MAX, 18, 2, 2), std::nullopt);
  // Largest scale with a small result: exact.
  EXPECT_EQ(convert_half_even(1'000'000'000'000'000'000, 1, 18, 2, 2), 1);
}

TEST(FxConversion, InvalidArgumentsAreNotAResult) {
  EXPECT_EQ(convert_half_even(0, 1, 0, 2, 2), std::nullopt);
  EXPECT_EQ(convert_half_even(-5, 1, 0, 2, 2), std::nullopt);
  EXPECT_EQ(convert_half_even(5, 0, 0, 2, 2), std::nullopt);
  EXPECT_EQ(convert_half_even(5, 1, 19, 2, 2), std::nullopt);
}

// --- Scenarios --------------------------------------------------------------------

// EUR (CB), USD (CBUSD) and JPY (CBJPY); A and C bank in EUR, B and D in USD,
// F, the FX provider, in all three.
void build_world(Ledger& l) {
  EXPECT_THAT(l.define_currency("USD", 2), Applied());
  EXPECT_THAT(l.central_bank(CBUSD, "USD"), Applied());
  EXPECT_THAT(l.define_currency("JPY", 0), Applied());
  EXPECT_THAT(l.central_bank(CBJPY, "JPY"), Applied());
  l.banks({A, C, F});
  for (std::string_view b : {B, D}) EXPECT_THAT(l.add_direct(b), Applied());
  for (std::string_view b : {B, D, F}) EXPECT_THAT(l.open(b, "USD"), Applied());
  EXPECT_THAT(l.open(F, "JPY"), Applied());
}

class Fx : public ::testing::Test {
 protected:
  Fx() { build_world(l); }

  // EUR/USD 1.0845, valid for an hour from now, up to 1,000,000.00 EUR a payment.
  Result publish(uint64_t id = 1, std::string_view provider = F, std::string_view base = "EUR",
                 std::string_view quote = "USD", int64_t rate_units = 10845, uint8_t scale = 4) {
    return l.apply(quote_command(id, provider, base, quote, rate_units, scale));
  }
  PublishFxQuote quote_command(uint64_t id, std::string_view provider = F,
                               std::string_view base = "EUR", std::string_view quote = "USD",
                               int64_t rate_units = 10845, uint8_t scale = 4) {
    PublishFxQuote q;
    q.quote_id = id;
    q.provider = bic(provider);
    q.base_currency = ccy(base);
    q.quote_currency = ccy(quote);
    q.rate_units = rate_units;
    q.rate_scale = scale;
    q.valid_from_ns = l.clock();
    q.valid_to_ns = l.clock() + kHour;
    q.max_base_amount_minor = 1'000'000'00;
    return q;
  }
  SubmitCrossCurrencyPayment xpay_command(uint64_t n, std::string_view from, std::string_view to,
                                          AmountMinor instructed, AmountMinor settlement,
                                          uint64_t quote = 1, Priority priority = N,
                                          std::string_view from_ccy = "EUR",
                                          std::string_view to_ccy = "USD") {
    SubmitCrossCurrencyPayment p;
    p.uetr = uetr(n);
    EXPECT_TRUE(p.instruction_id.assign("FX-" + std::to_string(n)));
    p.debtor_agent = bic(from);
    p.creditor_agent = bic(to);
    p.instructed_currency = ccy(from_ccy);
    p.instructed_amount_minor = instructed;
    p.settlement_currency = ccy(to_ccy);
    p.settlement_amount_minor = settlement;
    p.quote_id = quote;
    p.priority = priority;
    return p;
  }
  // A pays B 100.00 EUR -> 108.45 USD at quote 1.
  Result xpay(uint64_t n, std::string_view from = A, std::string_view to = B,
              AmountMinor instructed = 100'00, AmountMinor settlement = 108'45,
              Priority priority = N) {
    return l.apply(xpay_command(n, from, to, instructed, settlement, 1, priority));
  }
  // "settled 1 entry first EUR 10000" per event.
  std::vector<std::string> legs() const {
    std::vector<std::string> out;
    for (const Event& e : l.raw_events()) {
      std::string leg = e.leg == Leg::kFirst ? "first" : e.leg == Leg::kSecond ? "second" : "only";
      out.push_back(render(e) + " " + leg + " " + l.core().currency(e.currency).code.to_string() +
                    " " + std::to_string(e.amount_minor));
    }
    return out;
  }

  Ledger l;
};

TEST_F(Fx, ExampleBothLegsSettleAtOnce) {
  ASSERT_THAT(publish(), Applied());
  ASSERT_THAT(l.fund(A, 500'00), Settled());
  ASSERT_THAT(l.fund(F, 1'000'00, "USD"), Settled());
  EXPECT_THAT(xpay(1), Settled());
  EXPECT_THAT(legs(),
              ElementsAre("settled 1 entry first EUR 10000", "settled 1 entry second USD 10845"));
  EXPECT_EQ(l.balance(A), 400'00);
  EXPECT_EQ(l.balance(F), 100'00);
  EXPECT_EQ(l.balance(F, "USD"), 1'000'00 - 108'45);
  EXPECT_EQ(l.balance(B, "USD"), 108'45);
}

TEST_F(Fx, ExampleProviderShortOfTheSecondCurrencyQueuesThePairAsOneUnit) {
  ASSERT_THAT(publish(), Applied());
  ASSERT_THAT(l.fund(A, 500'00), Settled());
  ASSERT_THAT(l.fund(F, 100'00, "USD"), Settled());
  EXPECT_THAT(xpay(1), Queued());
  EXPECT_THAT(legs(), ElementsAre("queued 1 first EUR 10000", "queued 1 second USD 10845"));
  EXPECT_EQ(l.balance(A), 500'00) << "no leg moved";
  EXPECT_EQ(l.balance(F), 0);
  EXPECT_THAT(l.queue(A, N), ElementsAre("1"));
  EXPECT_EQ(l.queued_value(), 100'00) << "queued in the debtor's (instructed) currency";
  EXPECT_EQ(l.queued_value("USD"), 0);
  // USD arrives on the provider's account: the pair in A's EUR queue is retried.
  ASSERT_THAT(l.fund(F, 8'45, "USD"), Settled());
  EXPECT_THAT(legs(), ElementsAre("settled lt3 lt only USD 845", "settled 1 queue first EUR 10000",
                                  "settled 1 queue second USD 10845"));
  EXPECT_EQ(l.balance(F, "USD"), 0);
  EXPECT_EQ(l.balance(B, "USD"), 108'45);
  EXPECT_EQ(l.balance(A), 400'00);
  EXPECT_FALSE(l.is_pending(1));
}

TEST_F(Fx, DebtorShortOfTheFirstCurrencyQueuesUntilFunded) {
  ASSERT_THAT(publish(), Applied());
  ASSERT_THAT(l.fund(F, 1'000'00, "USD"), Settled());
  EXPECT_THAT(xpay(1), Queued());
  EXPECT_EQ(l.balance(F, "USD"), 1'000'00);
  ASSERT_THAT(l.fund(A, 100'00), Settled());
  EXPECT_THAT(legs(),
              ElementsAre("settled lt2 lt only EUR 10000", "settled 1 queue first EUR 10000",
                          "settled 1 queue second USD 10845"));
}

TEST_F(Fx, QueuedPairKeepsItsFifoPlaceAndBlocksLaterUrgentPayments) {
  ASSERT_THAT(publish(), Applied());
  ASSERT_THAT(l.fund(A, 300'00), Settled());
  EXPECT_THAT(xpay(1, A, B, 100'00, 108'45, U), Queued());  // F has no USD
  EXPECT_THAT(l.pay(2, A, C, 50'00, U), Queued()) << "behind the pair in A's U queue";
  EXPECT_THAT(l.queue(A, U), ElementsAre("1", "2"));
  ASSERT_THAT(l.fund(F, 108'45, "USD"), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled lt2 lt", "settled 1 queue", "settled 1 queue",
                                      "settled 2 queue"));
  EXPECT_EQ(l.balance(A), 150'00);
}

TEST_F(Fx, RejectedPairsChangeNothing) {
  ASSERT_THAT(publish(), Applied());
  ASSERT_THAT(l.fund(A, 500'00), Settled());
  ASSERT_THAT(l.fund(F, 1'000'00, "USD"), Settled());
  // One minor unit off the converted amount.
  EXPECT_THAT(xpay(1, A, B, 100'00, 108'44), RejectedBecause(Reason::kSettlementAmountMismatch));
  EXPECT_THAT(xpay(1, A, B, 100'00, 108'46), Rejected("AM09"));
  // Above the quote's maximum.
  EXPECT_THAT(xpay(2, A, B, 1'000'000'01, 1'084'500'01),
              RejectedBecause(Reason::kQuoteAmountExceeded));
  // The wrong direction (USD -> EUR on an EUR/USD quote).
  EXPECT_THAT(l.apply(xpay_command(3, B, A, 108'45, 100'00, 1, N, "USD", "EUR")),
              RejectedBecause(Reason::kCurrencyMismatch));
  // One currency only.
  EXPECT_THAT(l.apply(xpay_command(4, A, C, 100'00, 100'00, 1, N, "EUR", "EUR")), Rejected("CURR"));
  // No such quote.
  EXPECT_THAT(l.apply(xpay_command(5, A, B, 100'00, 108'45, 99)),
              RejectedBecause(Reason::kUnknownQuote));
  // The provider paying itself: its own first leg.
  EXPECT_THAT(xpay(6, F, B), RejectedBecause(Reason::kSameAccount));
  // Zero and negative amounts.
  EXPECT_THAT(xpay(7, A, B, 0, 108'45), Rejected("AM01"));
  EXPECT_THAT(xpay(8, A, B, 100'00, -1), Rejected("AM02"));
  // A creditor without an account in the settlement currency.
  EXPECT_THAT(xpay(9, A, C), RejectedBecause(Reason::kUnknownAccount));
  EXPECT_EQ(l.balance(A), 500'00);
  EXPECT_EQ(l.core().pending_count(), 0u);
  // Rejected UETRs were never taken: the same UETR with the right amount settles.
  EXPECT_THAT(xpay(1), Settled());
}

TEST_F(Fx, QuoteIsUsableOnlyWithinItsValidityWindow) {
  PublishFxQuote q = quote_command(1);
  q.valid_from_ns = l.clock() + kMinute;
  q.valid_to_ns = l.clock() + 2 * kMinute;
  ASSERT_THAT(l.apply(q), Applied());
  ASSERT_THAT(l.fund(A, 500'00), Settled());
  ASSERT_THAT(l.fund(F, 1'000'00, "USD"), Settled());
  EXPECT_THAT(xpay(1), RejectedBecause(Reason::kQuoteNotValid)) << "not yet valid";
  l.set_clock(l.clock() + kMinute);
  EXPECT_THAT(xpay(1), Settled()) << "valid from valid_from_ns";
  l.set_clock(l.clock() + kMinute);
  EXPECT_THAT(xpay(2), Rejected("TM01")) << "no longer valid at valid_to_ns";
}

TEST_F(Fx, MalformedQuotesAreRejectedAndChangeNothing) {
  ASSERT_THAT(publish(), Applied());
  const uint64_t hash = l.hash();
  PublishFxQuote q = quote_command(2);
  q.rate_units = 0;
  EXPECT_THAT(l.apply(q), RejectedBecause(Reason::kInvalidQuote));
  q = quote_command(2);
  q.rate_scale = 19;
  EXPECT_THAT(l.apply(q), RejectedBecause(Reason::kInvalidQuote));
  q = quote_command(2);
  q.valid_to_ns = q.valid_from_ns;
  EXPECT_THAT(l.apply(q), RejectedBecause(Reason::kInvalidQuote));
  q = quote_command(2);
  q.max_base_amount_minor = 0;
  EXPECT_THAT(l.apply(q), Rejected("FF01"));
  EXPECT_THAT(publish(2, F, "EUR", "EUR"), RejectedBecause(Reason::kInvalidQuote));
  EXPECT_THAT(publish(2, "ZZZZDEFF"), Rejected("RC01"));
  EXPECT_THAT(publish(2, F, "EUR", "GBP"), Rejected("AM03"));
  EXPECT_THAT(publish(2, A, "EUR", "USD"), RejectedBecause(Reason::kUnknownAccount))
      << "A has no USD account";
  EXPECT_THAT(publish(1), RejectedBecause(Reason::kQuoteExists));
  EXPECT_EQ(l.hash(), hash);
  EXPECT_EQ(l.core().quote_count(), 1u);
}

TEST_F(Fx, OnlyTheProviderOrTheOperatorWithdrawsAQuote) {
  ASSERT_THAT(publish(), Applied());
  EXPECT_THAT(l.apply(WithdrawFxQuote{1, bic(A)}), RejectedBecause(Reason::kUnknownQuote));
  EXPECT_THAT(l.apply(WithdrawFxQuote{1, bic(F)}), Applied());
  EXPECT_THAT(l.apply(WithdrawFxQuote{1}), RejectedBecause(Reason::kUnknownQuote));
  ASSERT_THAT(l.fund(A, 500'00), Settled());
  EXPECT_THAT(xpay(1), RejectedBecause(Reason::kUnknownQuote));
  ASSERT_THAT(publish(7), Applied());
  EXPECT_THAT(l.apply(WithdrawFxQuote{7}), Applied()) << "the operator";
}

TEST_F(Fx, WithdrawingAQuoteLeavesAcceptedPairsAsTheyAre) {
  ASSERT_THAT(publish(), Applied());
  ASSERT_THAT(l.fund(A, 500'00), Settled());
  ASSERT_THAT(xpay(1), Queued());
  ASSERT_THAT(l.apply(WithdrawFxQuote{1, bic(F)}), Applied());
  ASSERT_THAT(l.fund(F, 108'45, "USD"), Settled());
  EXPECT_EQ(l.balance(B, "USD"), 108'45);
}

TEST_F(Fx, SuspendedProviderCannotBeUsedAndHoldsItsQueuedPairs) {
  ASSERT_THAT(publish(), Applied());
  ASSERT_THAT(l.fund(A, 500'00), Settled());
  ASSERT_THAT(xpay(1), Queued());
  ASSERT_THAT(l.suspend(F), Applied());
  EXPECT_THAT(xpay(2), Rejected("AC06"));
  ASSERT_THAT(l.fund(F, 1'000'00, "USD"), Rejected("AC06"));
  ASSERT_THAT(l.reactivate(F), Applied());
  ASSERT_THAT(l.fund(F, 1'000'00, "USD"), Settled());
  EXPECT_FALSE(l.is_pending(1));
}

TEST_F(Fx, SuspendedSecondLegCreditorHoldsThePair) {
  ASSERT_THAT(publish(), Applied());
  ASSERT_THAT(l.fund(A, 500'00), Settled());
  ASSERT_THAT(xpay(1), Queued());
  ASSERT_THAT(l.suspend(B), Applied());
  ASSERT_THAT(l.fund(F, 1'000'00, "USD"), Settled());
  EXPECT_TRUE(l.is_pending(1)) << "held: its second leg's creditor is suspended";
  EXPECT_THAT(l.pay(2, A, C, 10'00), Settled()) << "a held pair blocks nothing";
  ASSERT_THAT(l.reactivate(B), Applied());
  EXPECT_FALSE(l.is_pending(1));
  EXPECT_EQ(l.balance(B, "USD"), 108'45);
}

TEST_F(Fx, SecondLegCreditorCannotCloseWhileAPairToItIsPending) {
  ASSERT_THAT(publish(), Applied());
  ASSERT_THAT(xpay(1), Queued());
  EXPECT_THAT(l.close(B), Rejected("AG01"));
  ASSERT_THAT(l.cancel(1), Applied());
  EXPECT_THAT(legs(),
              ElementsAre("cancelled 1 CUST first EUR 10000", "cancelled 1 CUST second USD 10845"));
  EXPECT_THAT(l.close(B), Applied());
}

TEST_F(Fx, LatestTimeAndEndOfDayRejectBothLegs) {
  ASSERT_THAT(publish(), Applied());
  SubmitCrossCurrencyPayment p = xpay_command(1, A, B, 100'00, 108'45);
  p.latest_ns = l.clock() + kMinute;
  ASSERT_THAT(l.apply(p), Queued());
  ASSERT_THAT(xpay(2), Queued());
  ASSERT_THAT(l.advance_by(kMinute + 1), Applied());
  EXPECT_THAT(legs(),
              ElementsAre("rejected 1 TM01 first EUR 10000", "rejected 1 TM01 second USD 10845"));
  ASSERT_THAT(l.end_of_day(20260102), Applied());
  EXPECT_THAT(legs(),
              ElementsAre("rejected 2 TM01 first EUR 10000", "rejected 2 TM01 second USD 10845"));
  const EodReport& report = l.core().last_eod_report();
  EXPECT_EQ(report.currencies[0].rejected_value_minor, 200'00) << "EUR legs";
  EXPECT_EQ(report.currencies[1].rejected_value_minor, 216'90) << "USD legs";
  EXPECT_EQ(l.core().quote_count(), 1u) << "still valid: kept over the end of day";
}

TEST_F(Fx, EndOfDayDropsQuotesWhoseValidityEnded) {
  ASSERT_THAT(publish(), Applied());
  l.set_clock(l.clock() + kHour);
  ASSERT_THAT(l.end_of_day(20260102), Applied());
  EXPECT_EQ(l.core().quote_count(), 0u);
  EXPECT_THAT(publish(1), Applied()) << "the id is free again";
}

TEST_F(Fx, ExampleGridlockSettlesAPairAndItsOffsetTogether) {
  // A (no EUR) pays B in USD through F; F (no EUR) owes A 100.00 EUR. F holds
  // the USD. Neither settles alone; partial gridlock resolution over EUR
  // settles both, with the pair's second leg.
  ASSERT_THAT(publish(), Applied());
  ASSERT_THAT(l.fund(F, 108'45, "USD"), Settled());
  ASSERT_THAT(xpay(1), Queued());
  ASSERT_THAT(l.pay(2, F, A, 100'00), Queued()) << "a pair is never offset bilaterally";
  EXPECT_THAT(l.gridlock(GridlockAlgorithm::kBilateral), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_THAT(l.gridlock(GridlockAlgorithm::kPartial), Applied());
  EXPECT_THAT(legs(), ElementsAre("settled 1 gridlock first EUR 10000",
                                  "settled 1 gridlock second USD 10845",
                                  "settled 2 gridlock only EUR 10000"));
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(F), 0);
  EXPECT_EQ(l.balance(F, "USD"), 0);
  EXPECT_EQ(l.balance(B, "USD"), 108'45);
}

TEST_F(Fx, GridlockDropsAPairWhoseSecondLegIsNotCoveredAsOneUnit) {
  ASSERT_THAT(publish(), Applied());
  ASSERT_THAT(l.fund(F, 50'00, "USD"), Settled());  // short of 108.45
  ASSERT_THAT(xpay(1), Queued());
  ASSERT_THAT(l.pay(2, F, A, 100'00), Queued());
  const uint64_t hash = l.hash();
  EXPECT_THAT(l.gridlock(GridlockAlgorithm::kAllOrNothing), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_THAT(l.gridlock(GridlockAlgorithm::kPartial), Applied());
  EXPECT_THAT(l.events(), IsEmpty()) << "without the pair, F's payment to A is not covered";
  EXPECT_EQ(l.hash(), hash);
  EXPECT_TRUE(l.is_pending(1));
  EXPECT_TRUE(l.is_pending(2));
}

TEST_F(Fx, PartialGridlockDropsThePairAndWhatFollowsItInFifo) {
  // A cycle A -> C -> E -> A in EUR; A's queue also holds the pair (behind its
  // payment to C) and a payment to C behind the pair. A is covered with
  // everything (E pays it 150.00); F is not (no USD for the second leg), so the
  // pair goes, and with it A's later payment: selected payments stay a front
  // part of A's queue. The rest of the cycle settles; then queue resolution
  // settles A's payment 3 (normal payments bypass), the pair still waiting for USD.
  ASSERT_THAT(publish(), Applied());
  ASSERT_THAT(l.bank(E), Applied());
  ASSERT_THAT(l.fund(E, 120'00), Settled());
  ASSERT_THAT(l.pay(1, A, C, 30'00), Queued());
  ASSERT_THAT(xpay(2), Queued());
  ASSERT_THAT(l.pay(3, A, C, 20'00), Queued());
  ASSERT_THAT(l.pay(4, C, E, 30'00), Queued());
  ASSERT_THAT(l.pay(5, E, A, 150'00), Queued());
  EXPECT_THAT(l.gridlock(GridlockAlgorithm::kPartial), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 gridlock", "settled 4 gridlock",
                                      "settled 5 gridlock", "settled 3 queue"));
  EXPECT_THAT(l.queue(A, N), ElementsAre("2"));
  EXPECT_EQ(l.balance(A), 100'00);
  // USD for F: the pair settles by queue resolution.
  ASSERT_THAT(l.fund(F, 108'45, "USD"), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled lt2 lt", "settled 2 queue", "settled 2 queue"));
  EXPECT_EQ(l.balance(A), 0);
}

TEST_F(Fx, PvpPairsCountInTheirInstructedCurrencyOnly) {
  ASSERT_THAT(publish(), Applied());
  ASSERT_THAT(xpay(1), Queued());
  EXPECT_EQ(l.pending_value(), 100'00);
  EXPECT_EQ(l.pending_value("USD"), 0);
  ASSERT_NE(l.core().find_second_leg(uetr(1)), nullptr);
  EXPECT_EQ(l.core().find_second_leg(uetr(1))->amount_minor, 108'45);
  EXPECT_EQ(l.core().find_second_leg(uetr(1))->creditor_account, l.account(B, "USD"));
}

TEST_F(Fx, PairIntoAZeroMinorUnitCurrencyRoundsHalfEven) {
  // EUR/JPY 162.345: 1.01 EUR is 163.96845 JPY, so 164 JPY.
  ASSERT_THAT(publish(3, F, "EUR", "JPY", 162345, 3), Applied());
  ASSERT_THAT(l.open(D, "JPY"), Applied());
  ASSERT_THAT(l.fund(A, 1'01), Settled());
  ASSERT_THAT(l.fund(F, 1'000, "JPY"), Settled());
  EXPECT_THAT(l.apply(xpay_command(1, A, D, 1'01, 163, 3, N, "EUR", "JPY")), Rejected("AM09"));
  EXPECT_THAT(l.apply(xpay_command(1, A, D, 1'01, 164, 3, N, "EUR", "JPY")), Settled());
  EXPECT_EQ(l.balance(D, "JPY"), 164);
}

// Determinism: quotes and each leg of a pending pair are part of the state hash.
TEST_F(Fx, QuotesAndSecondLegsArePartOfTheStateHash) {
  std::vector<uint64_t> seen = {l.hash()};
  auto expect_new_hash = [&](const char* what) {
    for (uint64_t h : seen) EXPECT_NE(l.hash(), h) << what;
    seen.push_back(l.hash());
  };
  ASSERT_THAT(publish(1), Applied());
  expect_new_hash("quote");
  ASSERT_THAT(publish(2, F, "EUR", "USD", 10846, 4), Applied());
  expect_new_hash("second quote");
  ASSERT_THAT(l.apply(WithdrawFxQuote{2}), Applied());
  EXPECT_EQ(l.hash(), seen[1]) << "withdrawn: the state with quote 1 alone again";

  ASSERT_THAT(xpay(1), Queued());
  expect_new_hash("queued pair");

  // Another core where the same first leg has another second leg (quote 1 at 1.0846).
  Ledger other;
  build_world(other);
  ASSERT_THAT(other.apply(quote_command(1, F, "EUR", "USD", 10846, 4)), Applied());
  ASSERT_THAT(other.apply(quote_command(2, F, "EUR", "USD", 10846, 4)), Applied());
  ASSERT_THAT(other.apply(WithdrawFxQuote{2}), Applied());
  ASSERT_THAT(other.apply(xpay_command(1, A, B, 100'00, 108'46)), Queued());
  EXPECT_NE(l.hash(), other.hash());
  // ... and the same second leg: the same hash, built independently.
  Ledger same;
  build_world(same);
  ASSERT_THAT(same.apply(quote_command(1)), Applied());
  ASSERT_THAT(same.apply(quote_command(2, F, "EUR", "USD", 10846, 4)), Applied());
  ASSERT_THAT(same.apply(WithdrawFxQuote{2}), Applied());
  ASSERT_THAT(same.apply(xpay_command(1, A, B, 100'00, 108'45)), Queued());
  EXPECT_EQ(l.hash(), same.hash());
}

// The image carries pairs (queued and waiting, with their second legs) and
// quotes: a restored core answers every further command exactly as the original.
TEST_F(Fx, RestoredCoreCarriesPairsAndQuotes) {
  ASSERT_THAT(publish(1), Applied());
  ASSERT_THAT(publish(2, F, "EUR", "JPY", 162345, 3), Applied());
  ASSERT_THAT(l.open(D, "JPY"), Applied());
  ASSERT_THAT(l.fund(A, 150'00), Settled());
  ASSERT_THAT(xpay(1), Queued());
  ASSERT_THAT(l.pay(2, A, C, 10'00, U), Settled());
  ASSERT_THAT(xpay(3, A, D, 50'00, 54'22, U), Queued());  // 54.225 -> 54.22; F has no USD
  SubmitCrossCurrencyPayment waiting = xpay_command(4, C, D, 1'01, 164, 2, HU, "EUR", "JPY");
  waiting.earliest_ns = l.clock() + kMinute;
  waiting.latest_ns = l.clock() + 2 * kMinute;
  ASSERT_THAT(l.apply(waiting), Queued());
  ASSERT_THAT(l.pay(5, F, A, 100'00), Queued());
  ASSERT_EQ(l.core().pending_count(), 4u);

  std::vector<uint8_t> image;
  l.core().save_state(&image);
  Config config;
  config.dedupe_hash_seed = 0xF00D;
  Core copy(config);
  std::string error;
  ASSERT_TRUE(copy.load_state(image, &error)) << error;
  EXPECT_EQ(copy.state_hash(), l.core().state_hash());
  EXPECT_THAT(copy.check_invariants(), IsEmpty());
  ASSERT_NE(copy.find_second_leg(uetr(3)), nullptr);
  EXPECT_EQ(copy.find_second_leg(uetr(3))->amount_minor, 54'22);
  EXPECT_EQ(copy.quote_count(), 2u);

  const TimestampNs t = l.clock();
  auto usd = [&](uint64_t k, AmountMinor amount) {
    return LiquidityTransfer{Uetr::from_bits(9, k), bic(CBUSD), bic(F), ccy("USD"), amount};
  };
  const std::vector<Command> continuation = {
      {t, xpay_command(1, A, B, 100'00, 108'45)},  // pending: duplicate
      {t, usd(1, 54'22)},                          // covers the U pair, not the N one
      {t + kMinute, AdvanceTime{}},                // the waiting pair is released (C has no EUR)
      {t + kMinute, LiquidityTransfer{Uetr::from_bits(9, 2), bic(CB), bic(C), ccy("EUR"), 5'00}},
      {t + kMinute, LiquidityTransfer{Uetr::from_bits(9, 3), bic(CBJPY), bic(F), ccy("JPY"), 500}},
      {t + kMinute, RunGridlockResolution{GridlockAlgorithm::kPartial}},
      {t + kMinute, usd(4, 108'45)},
      {t + kMinute, WithdrawFxQuote{2, bic(F)}},
      {t + kMinute, xpay_command(6, A, B, 1'00, 1'08, 1)},
      {t + 3 * kMinute, EndOfDay{20260102}},
  };
  for (const Command& command : continuation) {
    const Result a = l.core().apply(command);
    std::vector<std::tuple<int, int, int64_t, int>> events_a;
    for (const Event& e : l.core().events()) {
      events_a.emplace_back(static_cast<int>(e.kind), static_cast<int>(e.leg), e.amount_minor,
                            static_cast<int>(e.settled_by));
    }
    const Result b = copy.apply(command);
    std::vector<std::tuple<int, int, int64_t, int>> events_b;
    for (const Event& e : copy.events()) {
      events_b.emplace_back(static_cast<int>(e.kind), static_cast<int>(e.leg), e.amount_minor,
                            static_cast<int>(e.settled_by));
    }
    EXPECT_EQ(a.outcome, b.outcome) << command_name(command.body);
    EXPECT_EQ(a.reason, b.reason) << command_name(command.body);
    EXPECT_EQ(events_a, events_b) << command_name(command.body);
    EXPECT_EQ(l.core().state_hash(), copy.state_hash()) << command_name(command.body);
    EXPECT_THAT(copy.check_invariants(), IsEmpty());
  }
  EXPECT_EQ(copy.pending_count(), 0u);
}

}  // namespace
}  // namespace corridor::core::scenario
