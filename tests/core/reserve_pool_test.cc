// Rule 17: the central-bank reserve arrangement, a reserve pool and swap
// drawings between its members (docs/settlement-rules.md). The hand-worked
// example of the rule is the test named Example*. The Ledger checks
// invariants, conservation per currency and that rejected commands change
// nothing after every command.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/fx_rate.h"
#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr std::string_view CBJPY = "CBKCJPJT";  // central bank issuing JPY
constexpr std::string_view CBUSD = "CBKBUSNY";  // central bank issuing USD
constexpr TimestampNs kHour = 60 * kMinute;

Result join(Ledger& l, std::string_view b, std::string_view currency, AmountMinor commitment,
            uint32_t multiple) {
  return l.apply(JoinReservePool{bic(b), ccy(currency), commitment, multiple});
}
// `drawer` draws `amount` of `currency` from `provider` at units/10^scale of the
// drawer's currency per unit of `currency`, repaid one hour from now.
Result draw(Ledger& l, uint64_t id, std::string_view drawer, std::string_view provider,
            std::string_view currency, AmountMinor amount, int64_t units, uint8_t scale) {
  return l.apply(DrawSwap{id, bic(drawer), bic(provider), ccy(currency), amount, units, scale,
                          l.clock() + kHour});
}
Result repay(Ledger& l, uint64_t id) {
  return l.apply(RepaySwap{id});
}
const Swap& swap(const Ledger& l, uint64_t id) {
  return l.core().reserve_pool().swaps.at(id);
}
const ReservePoolMember& member(const Ledger& l, std::string_view b) {
  return l.core().reserve_pool().members.at(*l.core().find_participant(bic(b)));
}
std::vector<std::string> swap_events(const Ledger& l) {
  std::vector<std::string> out;
  for (const SwapEvent& e : l.core().swap_events()) {
    const char* kind = e.kind == SwapEventKind::kDrawn    ? "drawn"
                       : e.kind == SwapEventKind::kRepaid ? "repaid"
                                                          : "overdue";
    std::string text = std::string(kind) + " " + std::to_string(e.swap_id);
    if (e.reason != Reason::kNone) text += " " + std::string(iso_code(e.reason));
    out.push_back(std::move(text));
  }
  return out;
}

// EUR (CB) and JPY (CBJPY) central banks, each with an account in the other's
// currency; bank A with a JPY account.
Ledger two_central_banks() {
  Ledger l;
  EXPECT_THAT(l.define_currency("JPY", 0), Applied());
  EXPECT_THAT(l.central_bank(CBJPY, "JPY"), Applied());
  EXPECT_THAT(l.open(CB, "JPY"), Applied());
  EXPECT_THAT(l.open(CBJPY, "EUR"), Applied());
  EXPECT_THAT(l.add_direct(A), Applied());
  EXPECT_THAT(l.open(A, "JPY"), Applied());
  EXPECT_THAT(l.open(A, "EUR"), Applied());
  return l;
}

// Both central banks in the pool: CB commits 500,000.00 EUR with multiple 2,
// CBJPY 150,000,000 JPY with multiple 2.
Ledger pool() {
  Ledger l = two_central_banks();
  EXPECT_THAT(join(l, CB, "EUR", 500'000'00, 2), Applied());
  EXPECT_THAT(join(l, CBJPY, "JPY", 150'000'000, 2), Applied());
  return l;
}

// --- The hand-worked example of rule 17 --------------------------------------------

TEST(ReservePool, ExampleASwapDrawingAndItsRepayment) {
  Ledger l = pool();
  // CB draws 123,456,789 JPY at 0.0061597 EUR per JPY: 760,456.7832033 EUR,
  // rounded half-even to 760,456.78.
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 123'456'789, 61597, 7), Applied());
  EXPECT_THAT(swap_events(l), ElementsAre("drawn 1"));
  EXPECT_EQ(swap(l, 1).counter_amount_minor, 760'456'78);
  EXPECT_EQ(l.balance(CB, "JPY"), 123'456'789);
  EXPECT_EQ(l.balance(CBJPY, "JPY"), -123'456'789);  // issued by CBJPY
  EXPECT_EQ(l.balance(CB, "EUR"), -760'456'78);      // issued by CB
  EXPECT_EQ(l.balance(CBJPY, "EUR"), 760'456'78);
  EXPECT_EQ(member(l, CB).drawn_minor, 760'456'78);         // of 1,000,000.00 EUR
  EXPECT_EQ(member(l, CBJPY).provided_minor, 123'456'789);  // of 150,000,000 JPY
  // A second drawing of 30,000,000 JPY would take CBJPY's provision beyond its commitment.
  EXPECT_THAT(draw(l, 2, CB, CBJPY, "JPY", 30'000'000, 61597, 7), Rejected("AM14"));
  // CB lends 50,000,000 JPY on to bank A.
  EXPECT_THAT(l.transfer(CB, A, 50'000'000, "JPY"), Settled());
  // At the repay time CB holds 73,456,789 JPY: it cannot give back 123,456,789.
  // Nothing moves; the swap is overdue.
  EXPECT_THAT(l.advance_by(kHour), Applied());
  EXPECT_THAT(swap_events(l), ElementsAre("overdue 1 AM04"));
  EXPECT_EQ(swap(l, 1).status, SwapStatus::kOverdue);
  EXPECT_EQ(l.balance(CB, "JPY"), 73'456'789);
  EXPECT_EQ(l.balance(CBJPY, "EUR"), 760'456'78);
  // A pays the JPY back; the next AdvanceTime retries the overdue swap, which
  // reverses both legs at the original amounts (no interest).
  l.advance_by(kMinute);
  EXPECT_THAT(l.transfer(A, CB, 50'000'000, "JPY"), Settled());
  EXPECT_THAT(swap_events(l), IsEmpty());  // only AdvanceTime retries
  EXPECT_THAT(l.advance_by(kMinute), Applied());
  EXPECT_THAT(swap_events(l), ElementsAre("repaid 1"));
  EXPECT_EQ(swap(l, 1).status, SwapStatus::kRepaid);
  EXPECT_EQ(swap(l, 1).repaid_ns, l.clock());
  for (std::string_view b : {CB, CBJPY}) {
    EXPECT_EQ(l.balance(b, "JPY"), 0) << b;
    EXPECT_EQ(l.balance(b, "EUR"), 0) << b;
  }
  EXPECT_EQ(member(l, CB).drawn_minor, 0);
  EXPECT_EQ(member(l, CBJPY).provided_minor, 0);
  // Repaid at most once.
  EXPECT_THAT(repay(l, 1), RejectedBecause(Reason::kUnknownSwap));
  EXPECT_THAT(l.advance_by(kHour), Applied());
  EXPECT_THAT(swap_events(l), IsEmpty());
}

// --- Drawing ----------------------------------------------------------------------

TEST(ReservePool, ADrawingIsRepaidAutomaticallyAtItsTime) {
  Ledger l = pool();
  EXPECT_THAT(draw(l, 7, CB, CBJPY, "JPY", 1'000'000, 61597, 7), Applied());
  EXPECT_EQ(swap(l, 7).counter_amount_minor, 6159'70);
  // Any command reaching the repay time repays first, not only AdvanceTime.
  l.set_clock(l.clock() + kHour - 1);
  EXPECT_THAT(l.fund(A, 5, "EUR"), Settled());
  EXPECT_THAT(swap_events(l), IsEmpty());
  l.set_clock(l.clock() + 1);
  EXPECT_THAT(l.fund(A, 5, "EUR"), Settled());
  EXPECT_THAT(swap_events(l), ElementsAre("repaid 7"));
  EXPECT_EQ(l.balance(CB, "JPY"), 0);
  EXPECT_EQ(l.balance(CBJPY, "EUR"), 0);
}

TEST(ReservePool, TheCounterLegIsTheCoreConversionRoundedHalfEven) {
  Ledger l = pool();
  // 25 JPY at 0.001 EUR per JPY is 2.5 cents: half-even gives 2; 15 JPY gives 2.
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 25, 1, 3), Applied());
  EXPECT_THAT(draw(l, 2, CB, CBJPY, "JPY", 15, 1, 3), Applied());
  EXPECT_EQ(swap(l, 1).counter_amount_minor, 2);
  EXPECT_EQ(swap(l, 2).counter_amount_minor, 2);
  EXPECT_EQ(convert_half_even(25, 1, 3, 0, 2), 2);
  // 5 JPY is half a cent: rounded to nothing, refused (a leg of zero).
  EXPECT_THAT(draw(l, 3, CB, CBJPY, "JPY", 5, 1, 3), RejectedBecause(Reason::kZeroAmount));
}

TEST(ReservePool, TheDrawerIsLimitedToItsMultipleOfItsCommitment) {
  Ledger l = two_central_banks();
  EXPECT_THAT(join(l, CB, "EUR", 1'000'00, 3), Applied());  // may draw 3,000.00 EUR's worth
  EXPECT_THAT(join(l, CBJPY, "JPY", 10'000'000, 1), Applied());
  // 300,000 JPY at 0.01 EUR per JPY = 3,000.00 EUR: exactly the limit.
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 300'000, 1, 2), Applied());
  EXPECT_THAT(draw(l, 2, CB, CBJPY, "JPY", 1, 1, 2), RejectedBecause(Reason::kSwapLimitExceeded));
  EXPECT_THAT(draw(l, 2, CB, CBJPY, "JPY", 1, 1, 2), Rejected("AM14"));
  // Raising the multiple makes room; lowering the commitment below what is
  // drawn is refused.
  EXPECT_THAT(join(l, CB, "EUR", 999'99, 3), RejectedBecause(Reason::kCommitmentInUse));
  EXPECT_THAT(join(l, CB, "EUR", 1'000'00, 4), Applied());
  EXPECT_THAT(draw(l, 2, CB, CBJPY, "JPY", 100, 1, 2), Applied());
}

TEST(ReservePool, TheProviderCannotLowerItsCommitmentBelowWhatItProvides) {
  Ledger l = pool();
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 100'000'000, 61597, 7), Applied());
  EXPECT_THAT(join(l, CBJPY, "JPY", 99'999'999, 2), RejectedBecause(Reason::kCommitmentInUse));
  EXPECT_THAT(join(l, CBJPY, "JPY", 100'000'000, 1), Applied());
  EXPECT_THAT(join(l, CBJPY, "EUR", 100'000'000, 1), Rejected("AG01"));  // not its currency
}

TEST(ReservePool, BothLegsOrNeitherWhenTheDrawerLacksLiquidity) {
  // A commercial bank admitted to the pool pays its leg from its own liquidity.
  Ledger l = two_central_banks();
  EXPECT_THAT(join(l, A, "EUR", 100'00, 2), Applied());
  EXPECT_THAT(join(l, CBJPY, "JPY", 1'000'000, 1), Applied());
  EXPECT_THAT(l.fund(A, 50'00, "EUR"), Settled());
  // 10,000 JPY at 0.01 EUR per JPY = 100.00 EUR, but A holds 50.00.
  EXPECT_THAT(draw(l, 1, A, CBJPY, "JPY", 10'000, 1, 2), Rejected("AM04"));
  EXPECT_EQ(l.balance(A, "JPY"), 0);
  EXPECT_EQ(l.balance(A, "EUR"), 50'00);
  EXPECT_THAT(draw(l, 1, A, CBJPY, "JPY", 5'000, 1, 2), Applied());
  EXPECT_EQ(l.balance(A, "JPY"), 5'000);
  EXPECT_EQ(l.balance(A, "EUR"), 0);
}

TEST(ReservePool, RefusalsCarryTheirReasonCodesAndChangeNothing) {
  Ledger l = pool();
  EXPECT_THAT(l.define_currency("USD", 2), Applied());
  EXPECT_THAT(l.central_bank(CBUSD, "USD"), Applied());
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 0, 1, 2), Rejected("AM01"));
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", -1, 1, 2), Rejected("AM02"));
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 100, 0, 2), RejectedBecause(Reason::kInvalidSwapTerms));
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 100, 1, 19), Rejected("FF01"));
  EXPECT_THAT(draw(l, 1, CB, CB, "JPY", 100, 1, 2), Rejected("FF01"));
  EXPECT_THAT(draw(l, 1, CB, "ZZZZDEFF", "JPY", 100, 1, 2), Rejected("RC01"));
  EXPECT_THAT(draw(l, 1, CB, CBUSD, "USD", 100, 1, 2), RejectedBecause(Reason::kNotPoolMember));
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "EUR", 100, 1, 2), Rejected("CURR"));  // not CBJPY's
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "GBP", 100, 1, 2), Rejected("AM03"));
  EXPECT_THAT(l.apply(DrawSwap{1, bic(CB), bic(CBJPY), ccy("JPY"), 100, 1, 2, l.clock()}),
              Rejected("DT01"));
  EXPECT_THAT(repay(l, 42), Rejected("NOOR"));
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 100, 1, 2), Applied());
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 100, 1, 2), Rejected("DUPL"));
  EXPECT_THAT(join(l, CB, "EUR", 0, 2), Rejected("AM01"));
  EXPECT_THAT(join(l, CB, "EUR", -1, 2), Rejected("AM02"));
  EXPECT_THAT(join(l, CB, "EUR", 100, 0), Rejected("FF01"));
  EXPECT_THAT(join(l, CB, "EUR", 100, JoinReservePool::kDrawMultipleMax + 1), Rejected("FF01"));
  EXPECT_THAT(join(l, CB, "JPY", 100, 1), Rejected("AG01"));  // a central bank commits its own
  EXPECT_THAT(join(l, CBUSD, "EUR", 100, 1), Rejected("AC01"));
  EXPECT_THAT(l.apply(LeaveReservePool{bic(CBUSD)}), RejectedBecause(Reason::kNotPoolMember));
  EXPECT_THAT(l.suspend(CBJPY), Applied());
  EXPECT_THAT(draw(l, 2, CB, CBJPY, "JPY", 100, 1, 2), Rejected("AC06"));
}

TEST(ReservePool, ADueSwapWithASuspendedPartyIsOverdueUntilReactivated) {
  Ledger l = pool();
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 1'000, 1, 2), Applied());
  EXPECT_THAT(l.suspend(CBJPY), Applied());
  EXPECT_THAT(l.advance_by(kHour), Applied());
  EXPECT_THAT(swap_events(l), ElementsAre("overdue 1 AC06"));
  EXPECT_THAT(repay(l, 1), Rejected("AC06"));
  EXPECT_THAT(l.reactivate(CBJPY), Applied());
  EXPECT_THAT(repay(l, 1), Applied());  // the operator need not wait for AdvanceTime
  EXPECT_THAT(swap_events(l), ElementsAre("repaid 1"));
}

TEST(ReservePool, EarlyRepaymentOnRequestReversesBothLegs) {
  Ledger l = pool();
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 1'000, 1, 2), Applied());
  EXPECT_THAT(repay(l, 1), Applied());
  EXPECT_EQ(l.balance(CB, "JPY"), 0);
  EXPECT_EQ(l.balance(CB, "EUR"), 0);
  EXPECT_THAT(l.advance_by(kHour), Applied());  // nothing left to repay at the time
  EXPECT_THAT(swap_events(l), IsEmpty());
}

TEST(ReservePool, AMemberWithOpenSwapsCannotLeaveOrClose) {
  Ledger l = pool();
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 1'000, 1, 2), Applied());
  EXPECT_THAT(l.apply(LeaveReservePool{bic(CBJPY)}), RejectedBecause(Reason::kMemberHasSwaps));
  EXPECT_THAT(l.close(CBJPY), RejectedBecause(Reason::kNotClosable));
  EXPECT_THAT(repay(l, 1), Applied());
  EXPECT_THAT(l.apply(LeaveReservePool{bic(CBJPY)}), Applied());
  EXPECT_THAT(draw(l, 2, CB, CBJPY, "JPY", 1'000, 1, 2), RejectedBecause(Reason::kNotPoolMember));
  // The repaid swap's id stays taken.
  EXPECT_THAT(join(l, CBJPY, "JPY", 1'000'000, 1), Applied());
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 1'000, 1, 2), Rejected("DUPL"));
}

// --- State: hash and image ----------------------------------------------------------

TEST(ReservePool, TheStateHashCoversThePoolAndTheSwaps) {
  Ledger a = pool();
  Ledger b = pool();
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_THAT(join(b, CB, "EUR", 500'000'00, 3), Applied());
  EXPECT_NE(a.hash(), b.hash());
  Ledger c = pool();
  Ledger d = pool();
  EXPECT_THAT(draw(c, 1, CB, CBJPY, "JPY", 1'000, 1, 2), Applied());
  EXPECT_THAT(draw(d, 2, CB, CBJPY, "JPY", 1'000, 1, 2), Applied());
  EXPECT_NE(c.hash(), d.hash());  // same balances, different swap
}

TEST(ReservePool, AStateImageCarriesMembersAndSwaps) {
  Ledger l = pool();
  EXPECT_THAT(draw(l, 1, CB, CBJPY, "JPY", 1'000, 1, 2), Applied());
  EXPECT_THAT(draw(l, 2, CB, CBJPY, "JPY", 2'000, 1, 2), Applied());
  EXPECT_THAT(repay(l, 2), Applied());
  std::vector<uint8_t> image;
  l.core().save_state(&image);
  Core restored;
  std::string error;
  ASSERT_TRUE(restored.load_state(image, &error)) << error;
  EXPECT_EQ(restored.state_hash(), l.hash());
  EXPECT_EQ(restored.reserve_pool().swaps.size(), 2u);
  // The restored core repays swap 1 at its time, as the original does.
  const Command due{l.clock() + kHour, AdvanceTime{}};
  EXPECT_TRUE(restored.apply(due).ok());
  EXPECT_TRUE(l.core().apply(due).ok());
  EXPECT_EQ(restored.state_hash(), l.core().state_hash());
  EXPECT_EQ(restored.reserve_pool().swaps.at(1).status, SwapStatus::kRepaid);
}

TEST(ReservePool, AVersion4ImageLoadsWithAnEmptyPool) {
  Ledger l = two_central_banks();
  std::vector<uint8_t> image;
  l.core().save_state(&image);
  // A version 4 image is the version 5 one without the day phase (clock part),
  // the credit part (no ratings or collateral: default haircuts and three
  // counts), the settings byte and the pool's two counts.
  ASSERT_GE(image.size(), 100u);
  image[4] = 4;
  image[5] = 0;
  image.resize(image.size() - (kCreditGradeCount * 2 + 3 * 4 + 1 + 8));
  image.erase(image.begin() + (4 + 2 + 24 + 8 + 4 + 4));
  Core restored;
  std::string error;
  ASSERT_TRUE(restored.load_state(image, &error)) << error;
  EXPECT_EQ(restored.state_hash(), l.hash());
  image[4] = 5;  // the same bytes as version 5 lack the pool
  EXPECT_FALSE(restored.load_state(image, &error));
}

}  // namespace
}  // namespace corridor::core::scenario
