// Rule 16: ratings, haircuts, collateral and collateral-driven credit lines
// (docs/settlement-rules.md). The hand-worked example of the rule is the test
// named Example*. The Ledger checks invariants (the floor rule among them),
// conservation and that rejected commands change nothing after every command.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class Credit : public ::testing::Test {
 protected:
  void SetUp() override { l.banks({A, B, C}); }
  Result rate(std::string_view b, CreditGrade grade) { return l.apply(SetRating{bic(b), grade}); }
  Result pledge(uint64_t id, std::string_view b, AmountMinor value,
                std::string_view currency = "EUR") {
    return l.apply(PledgeCollateral{id, bic(b), ccy(currency), value});
  }
  Result haircut(CreditGrade grade, uint32_t bp) { return l.apply(SetHaircut{grade, bp}); }
  AmountMinor line(std::string_view b) { return l.acct(b).credit_line_minor; }
  AmountMinor floor(std::string_view b) { return l.core().floor_minor(l.account(b)); }
  CreditView view(std::string_view b) { return l.core().credit_view(l.account(b)); }
  Ledger l;
};

// Spec rule 16 example: a downgrade mid-day.
TEST_F(Credit, ExampleDowngradeMidDay) {
  // A pledges 10,000 of collateral while unrated: it counts for nothing.
  ASSERT_THAT(pledge(1, A, 10'000), Applied());
  EXPECT_EQ(line(A), 0);
  // Rated AA (default haircut 4%): line floor(10,000 x 9,600 / 10,000) = 9,600.
  ASSERT_THAT(rate(A, CreditGrade::kAA), Applied());
  EXPECT_EQ(line(A), 9'600);
  // A pays B 6,000 then 2,000 on credit: balance -8,000.
  EXPECT_THAT(l.pay(1, A, B, 6'000), Settled());
  EXPECT_THAT(l.pay(2, A, B, 2'000), Settled());
  EXPECT_EQ(l.balance(A), -8'000);
  EXPECT_EQ(floor(A), -9'600);
  // Downgraded to BB (45%): line 5,500, below the 8,000 in use. Nothing is
  // clawed back; the floor stays at the balance, -8,000; nothing may be debited.
  ASSERT_THAT(rate(A, CreditGrade::kBB), Applied());
  EXPECT_EQ(line(A), 5'500);
  EXPECT_EQ(l.balance(A), -8'000);
  EXPECT_TRUE(view(A).line_cut);
  EXPECT_EQ(floor(A), -8'000);
  EXPECT_EQ(l.available(A, HU), -2'500);
  // A payment of 100 queues; a liquidity transfer of 1 is refused.
  EXPECT_THAT(l.pay(3, A, B, 100), Queued());
  EXPECT_THAT(l.transfer(A, C, 1), Rejected("AM04"));
  // A may not release collateral either: revaluing to 9,000 would make the line 4,950.
  EXPECT_THAT(pledge(1, A, 9'000), RejectedBecause(Reason::kCreditInUse));
  // B pays A 1,500: balance -6,500, and the floor ratchets up to it.
  EXPECT_THAT(l.pay(4, B, A, 1'500), Settled());
  EXPECT_EQ(l.balance(A), -6'500);
  EXPECT_EQ(floor(A), -6'500);
  EXPECT_THAT(l.queue(A, N), ElementsAre("3"));
  // B pays A 1,200: balance -5,300, within the line again. The cut ends, the
  // floor is -5,500 and payment 3 settles from the queue: balance -5,400.
  EXPECT_THAT(l.pay(5, B, A, 1'200), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled 5 entry", "settled 3 queue"));
  EXPECT_EQ(l.balance(A), -5'400);
  EXPECT_FALSE(view(A).line_cut);
  EXPECT_EQ(floor(A), -5'500);
  EXPECT_EQ(l.available(A, N), 100);
}

TEST_F(Credit, UnratedCollateralGivesNoCreditAndWithdrawingARatingCutsTheLine) {
  ASSERT_THAT(rate(A, CreditGrade::kAAA), Applied());
  ASSERT_THAT(pledge(1, A, 1'000), Applied());
  EXPECT_EQ(line(A), 980);  // AAA: 2%
  EXPECT_THAT(l.pay(1, A, B, 500), Settled());
  ASSERT_THAT(rate(A, CreditGrade::kUnrated), Applied());
  EXPECT_EQ(line(A), 0);
  EXPECT_EQ(floor(A), -500);
  EXPECT_THAT(l.pay(2, A, B, 1), Queued());
}

TEST_F(Credit, LineIsTheSumOfEachItemAfterHaircutRoundedDown) {
  ASSERT_THAT(rate(A, CreditGrade::kBBB), Applied());
  ASSERT_THAT(haircut(CreditGrade::kBBB, 333), Applied());
  ASSERT_THAT(pledge(1, A, 999), Applied());  // 999 x 9,667 / 10,000 = 965.73
  ASSERT_THAT(pledge(2, A, 1), Applied());    // 0.9667
  EXPECT_EQ(line(A), 965);
  EXPECT_EQ(view(A).collateral_value_minor, 1'000);
  EXPECT_EQ(view(A).collateral_count, 2u);
}

TEST_F(Credit, HaircutChangeRecomputesEveryLineOfThatGradeOnly) {
  ASSERT_THAT(rate(A, CreditGrade::kA), Applied());
  ASSERT_THAT(rate(B, CreditGrade::kA), Applied());
  ASSERT_THAT(rate(C, CreditGrade::kAMinus), Applied());
  for (auto [id, b] : {std::pair{1, A}, std::pair{2, B}, std::pair{3, C}}) {
    ASSERT_THAT(pledge(id, b, 10'000), Applied());
  }
  EXPECT_EQ(line(A), 9'200);
  EXPECT_EQ(line(C), 9'000);
  ASSERT_THAT(haircut(CreditGrade::kA, 10'000), Applied());
  EXPECT_EQ(line(A), 0);
  EXPECT_EQ(line(B), 0);
  EXPECT_EQ(line(C), 9'000);
  EXPECT_EQ(l.core().haircut_bp(CreditGrade::kA), 10'000);
  EXPECT_EQ(l.core().haircut_bp(CreditGrade::kAMinus), 1'000);  // still the default
}

TEST_F(Credit, RaisingALineRetriesTheQueue) {
  ASSERT_THAT(pledge(1, A, 1'000), Applied());
  EXPECT_THAT(l.pay(1, A, B, 500), Queued());
  ASSERT_THAT(rate(A, CreditGrade::kAAA), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 1 queue"));
  EXPECT_EQ(l.balance(A), -500);
}

TEST_F(Credit, RevaluingAndReleasingIsAllowedWhileTheLineCoversTheUse) {
  ASSERT_THAT(rate(A, CreditGrade::kAAA), Applied());
  ASSERT_THAT(pledge(1, A, 1'000), Applied());
  ASSERT_THAT(pledge(2, A, 1'000), Applied());
  EXPECT_THAT(l.pay(1, A, B, 900), Settled());
  ASSERT_THAT(pledge(1, A, 500), Applied());  // line 490 + 980 = 1,470
  EXPECT_EQ(line(A), 1'470);
  ASSERT_THAT(pledge(1, A, 0), Applied());  // released: line 980
  EXPECT_EQ(line(A), 980);
  EXPECT_THAT(pledge(2, A, 0), RejectedBecause(Reason::kCreditInUse));  // line 0 < 900 used
  EXPECT_THAT(pledge(1, A, 0), RejectedBecause(Reason::kUnknownCollateral));
  ASSERT_THAT(pledge(2, A, 5'000), Applied());  // revalued up
  EXPECT_EQ(line(A), 4'900);
}

TEST_F(Credit, CollateralDrivenLinesRefuseSetCreditLineUntilAllIsReleased) {
  ASSERT_THAT(l.credit_line(A, 700), Applied());
  ASSERT_THAT(pledge(1, A, 100), Applied());
  EXPECT_EQ(line(A), 0);  // unrated: the collateral, not the old manual line, decides
  EXPECT_TRUE(view(A).collateral_driven);
  EXPECT_THAT(l.credit_line(A, 500), RejectedBecause(Reason::kLineFromCollateral));
  ASSERT_THAT(pledge(1, A, 0), Applied());
  EXPECT_FALSE(view(A).collateral_driven);
  EXPECT_THAT(l.credit_line(A, 500), Applied());
  EXPECT_EQ(line(A), 500);
}

TEST_F(Credit, AManualLineClearsACutOnlyWhenItCoversTheUse) {
  ASSERT_THAT(rate(A, CreditGrade::kAAA), Applied());
  ASSERT_THAT(pledge(1, A, 1'000), Applied());
  EXPECT_THAT(l.pay(1, A, B, 900), Settled());
  ASSERT_THAT(haircut(CreditGrade::kAAA, 10'000), Applied());  // line 0: cut
  ASSERT_THAT(pledge(1, A, 0), Applied());  // the line stays 0: not lowered by the release
  EXPECT_TRUE(view(A).line_cut);
  EXPECT_THAT(l.credit_line(A, 899), RejectedBecause(Reason::kCreditInUse));
  ASSERT_THAT(l.credit_line(A, 900), Applied());
  EXPECT_FALSE(view(A).line_cut);
  EXPECT_EQ(floor(A), -900);
}

TEST_F(Credit, BadCommandsAreRefusedWithClearReasons) {
  l.add_indirect(I, A);
  EXPECT_THAT(haircut(static_cast<CreditGrade>(22), 100),
              RejectedBecause(Reason::kInvalidCreditTerms));
  EXPECT_THAT(haircut(CreditGrade::kUnrated, 100), RejectedBecause(Reason::kInvalidCreditTerms));
  EXPECT_THAT(haircut(CreditGrade::kD, 10'001), RejectedBecause(Reason::kInvalidCreditTerms));
  EXPECT_THAT(rate(A, static_cast<CreditGrade>(30)), RejectedBecause(Reason::kInvalidCreditTerms));
  EXPECT_THAT(rate(D, CreditGrade::kA), RejectedBecause(Reason::kUnknownParticipant));
  EXPECT_THAT(pledge(1, A, -1), RejectedBecause(Reason::kNegativeAmount));
  EXPECT_THAT(pledge(1, D, 1), RejectedBecause(Reason::kUnknownParticipant));
  EXPECT_THAT(pledge(1, A, 1, "USD"), RejectedBecause(Reason::kCurrencyNotAccepted));
  EXPECT_THAT(pledge(1, I, 1), RejectedBecause(Reason::kInvalidParticipantKind));
  ASSERT_THAT(pledge(1, A, 1), Applied());
  EXPECT_THAT(pledge(1, B, 1), RejectedBecause(Reason::kCollateralMismatch));
  ASSERT_THAT(pledge(2, A, INT64_MAX - 1), Applied());
  EXPECT_THAT(pledge(3, A, 1), RejectedBecause(Reason::kAmountOverflow));
  EXPECT_THAT(pledge(3, B, INT64_MAX), Applied());
}

TEST_F(Credit, AccountWithoutAnAccountInTheCurrencyCannotPledgeInIt) {
  ASSERT_THAT(l.define_currency("USD", 2), Applied());
  EXPECT_THAT(pledge(1, A, 1, "USD"), RejectedBecause(Reason::kUnknownAccount));
}

TEST_F(Credit, ParticipantWithCollateralCannotClose) {
  ASSERT_THAT(pledge(1, C, 1), Applied());
  EXPECT_THAT(l.close(C), RejectedBecause(Reason::kNotClosable));
  ASSERT_THAT(pledge(1, C, 0), Applied());
  EXPECT_THAT(l.close(C), Applied());
}

// Offsetting and gridlock resolution let a cut account pay only what incoming
// payments bring back within its line: a net gain that leaves it below the
// line is not enough.
class CreditCut : public Credit {
 protected:
  void SetUp() override {
    Credit::SetUp();
    ASSERT_THAT(rate(A, CreditGrade::kAAA), Applied());
    ASSERT_THAT(pledge(1, A, 1'000), Applied());                // line 980
    ASSERT_THAT(l.pay(1, A, B, 900), Settled());                // B: 900
    ASSERT_THAT(haircut(CreditGrade::kAAA, 5'000), Applied());  // line 500, use 900
    ASSERT_EQ(floor(A), -900);
  }
};

TEST_F(CreditCut, OffsettingSettlesWhenTheNetLeavesTheCutAccountWithinItsLine) {
  EXPECT_THAT(l.pay(2, A, B, 300), Queued());
  EXPECT_THAT(l.pay(3, B, A, 1'000), Settled());  // A: -900 + 1,000 - 300 = -200
  EXPECT_THAT(l.events(), ElementsAre("settled 3 offsetting", "settled 2 offsetting"));
  EXPECT_EQ(l.balance(A), -200);
  EXPECT_FALSE(view(A).line_cut);
}

TEST_F(CreditCut, GridlockLeavesTheCutAccountsPaymentUntilItsNetIsWithinTheLine) {
  EXPECT_THAT(l.pay(2, A, B, 800), Queued());
  EXPECT_THAT(l.pay(3, B, A, 1'000), Queued());  // A would end at -700, below -500
  ASSERT_THAT(l.gridlock(GridlockAlgorithm::kAllOrNothing), Applied());
  EXPECT_THAT(l.events(), IsEmpty());
  l.fund(C, 200);
  EXPECT_THAT(l.pay(4, C, A, 200), Settled());  // A: -700, floor -700
  EXPECT_EQ(floor(A), -700);
  EXPECT_THAT(l.events(), ElementsAre("settled 4 entry"));  // 2 alone needs 1,000 more
  ASSERT_THAT(l.gridlock(GridlockAlgorithm::kAllOrNothing), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 2 gridlock", "settled 3 gridlock"));
  EXPECT_EQ(l.balance(A), -500);
  EXPECT_FALSE(view(A).line_cut);
}

TEST_F(Credit, RejectedCreditCommandsChangeNothingAndAcceptedOnesMoveTheHash) {
  const uint64_t before = l.hash();
  EXPECT_THAT(pledge(1, A, -5), Rejected("AM02"));
  EXPECT_EQ(l.hash(), before);
  ASSERT_THAT(rate(A, CreditGrade::kB), Applied());
  EXPECT_NE(l.hash(), before);
  const uint64_t rated = l.hash();
  ASSERT_THAT(haircut(CreditGrade::kD, 10'000), Applied());  // the default: no change
  EXPECT_EQ(l.hash(), rated);
  ASSERT_THAT(haircut(CreditGrade::kD, 9'999), Applied());
  EXPECT_NE(l.hash(), rated);
}

TEST(CreditGrades, NamesRoundTripAndOffScaleCodesHaveNone) {
  for (int code = 0; code < kCreditGradeCount; ++code) {
    const auto grade = static_cast<CreditGrade>(code);
    ASSERT_NE(to_string(grade), nullptr);
    EXPECT_EQ(credit_grade_from_string(to_string(grade)), grade);
  }
  EXPECT_STREQ(to_string(CreditGrade::kBBBMinus), "BBB-");
  EXPECT_STREQ(to_string(CreditGrade::kUnrated), "unrated");
  EXPECT_EQ(to_string(static_cast<CreditGrade>(22)), nullptr);
  EXPECT_EQ(credit_grade_from_string("AAA+"), std::nullopt);
  // Haircuts never fall as grades fall.
  for (int code = 1; code < kCreditGradeCount; ++code) {
    EXPECT_GE(kDefaultHaircutsBp[code], kDefaultHaircutsBp[code - 1]);
  }
}

}  // namespace
}  // namespace corridor::core::scenario
