#include "sim/bounds.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/generator.h"
#include "sim/scenario.h"
#include "test_scenarios.h"

namespace corridor::sim {
namespace {

// Three banks and an indirect participant of bank A, no generated payments;
// each test spells out its payments.
std::string three_banks(const std::string& payments) {
  return testing::scenario_day() + R"([[currency]]
code = "EUR"
[[central_bank]]
bic = "ECBKDEFF"
currency = "EUR"
[[bank]]
bic = "BANKAAFF"
accounts = [{ currency = "EUR" }]
[[bank]]
bic = "BANKBBFF"
accounts = [{ currency = "EUR" }]
[[bank]]
bic = "BANKCCFF"
accounts = [{ currency = "EUR" }]
[[indirect]]
bic = "SMALAAFF"
settlement_bank = "BANKAAFF"
)" + payments;
}

std::string payment(const char* from, const char* to, int amount, const char* at,
                    const char* extra = "") {
  return testing::payment_toml(from, to, "EUR", amount, at, extra);
}

std::vector<AccountBounds> bounds_of(const std::string& toml) {
  const Scenario s = parse_scenario(toml, "bounds.toml");
  return liquidity_bounds(s, plan_payments(s));
}

TEST(LiquidityBoundsTest, HandComputedThreeBankDay) {
  // Cumulative net outflow, in arrival order:
  //   A: +100, +50 (150), -120 (30), -40 (-10)  -> upper 150, end -10 -> lower 0
  //   B: +30, -100 (-70), +40 (-30)             -> upper 30,  end -30 -> lower 0
  //   C: -30, -50 (-80), +120 (40)              -> upper 40,  end 40  -> lower 40
  const std::vector<AccountBounds> b =
      bounds_of(three_banks(payment("BANKBBFF", "BANKCCFF", 30, "08:55:00") +
                            payment("BANKAAFF", "BANKBBFF", 100, "09:00:00") +
                            payment("BANKAAFF", "BANKCCFF", 50, "09:20:00") +
                            payment("BANKCCFF", "BANKAAFF", 120, "09:30:00") +
                            payment("BANKBBFF", "BANKAAFF", 40, "09:40:00")));
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].bic.to_string(), "BANKAAFF");
  EXPECT_EQ(b[0].upper_minor, 150);
  EXPECT_EQ(b[0].lower_minor, 0);
  EXPECT_EQ(b[1].upper_minor, 30);
  EXPECT_EQ(b[1].lower_minor, 0);
  EXPECT_EQ(b[2].upper_minor, 40);
  EXPECT_EQ(b[2].lower_minor, 40);
}

TEST(LiquidityBoundsTest, ClassicGridlockNeedsNothingByNettingAndEachAmountOnArrival) {
  // A -> B -> C -> A, 100 each: every bank's net is 0 (lower 0); on arrival
  // the first payer needs 100 and the others are paid before they pay (upper 100, 0, 0).
  const std::vector<AccountBounds> b =
      bounds_of(three_banks(payment("BANKAAFF", "BANKBBFF", 100, "09:00:00") +
                            payment("BANKBBFF", "BANKCCFF", 100, "09:01:00") +
                            payment("BANKCCFF", "BANKAAFF", 100, "09:02:00")));
  EXPECT_EQ(b[0].upper_minor, 100);
  EXPECT_EQ(b[1].upper_minor, 0);
  EXPECT_EQ(b[2].upper_minor, 0);
  for (const AccountBounds& a : b) EXPECT_EQ(a.lower_minor, 0);
}

TEST(LiquidityBoundsTest, PaymentArrivesAtItsEarliestTime) {
  // A's payment is submitted first but cannot settle before 10:00, after B's
  // payment to A has arrived: A never needs liquidity, B needs 100.
  const std::vector<AccountBounds> b = bounds_of(
      three_banks(payment("BANKAAFF", "BANKBBFF", 100, "09:00:00", "earliest = 10:00:00") +
                  payment("BANKBBFF", "BANKAAFF", 100, "09:30:00")));
  EXPECT_EQ(b[0].upper_minor, 0);
  EXPECT_EQ(b[1].upper_minor, 100);
  EXPECT_EQ(b[0].lower_minor, 0);
  EXPECT_EQ(b[1].lower_minor, 0);
}

TEST(LiquidityBoundsTest, PaymentThatCannotArriveWithinTheDayIsLeftOut) {
  // The day ends at 16:00; A's payment cannot settle before 16:30.
  const std::vector<AccountBounds> b = bounds_of(
      three_banks(payment("BANKAAFF", "BANKBBFF", 100, "15:00:00", "earliest = 16:30:00") +
                  payment("BANKBBFF", "BANKCCFF", 10, "15:10:00")));
  EXPECT_EQ(b[0].upper_minor, 0);
  EXPECT_EQ(b[0].lower_minor, 0);
  EXPECT_EQ(b[1].upper_minor, 10);
  EXPECT_EQ(b[1].lower_minor, 10);
}

TEST(LiquidityBoundsTest, IndirectParticipantCountsOnItsSettlementBankAndInternalPaymentsDoNot) {
  // SMALAAFF settles on A's account: its payment to C is A's outflow; its
  // payment to A itself moves nothing on the books of the system.
  const std::vector<AccountBounds> b =
      bounds_of(three_banks(payment("SMALAAFF", "BANKCCFF", 70, "09:00:00") +
                            payment("SMALAAFF", "BANKAAFF", 500, "09:10:00") +
                            payment("BANKCCFF", "BANKAAFF", 20, "09:20:00")));
  EXPECT_EQ(b[0].upper_minor, 70);
  EXPECT_EQ(b[0].lower_minor, 50);
  EXPECT_EQ(b[2].upper_minor, 0);
  EXPECT_EQ(b[2].lower_minor, 0);
}

TEST(LiquidityBoundsTest, LowerNeverExceedsUpper) {
  const std::vector<AccountBounds> b =
      bounds_of(three_banks(payment("BANKAAFF", "BANKBBFF", 10, "09:00:00") +
                            payment("BANKAAFF", "BANKCCFF", 5, "09:00:00") +
                            payment("BANKBBFF", "BANKAAFF", 3, "09:05:00")));
  for (const AccountBounds& a : b) EXPECT_LE(a.lower_minor, a.upper_minor);
  EXPECT_EQ(b[0].upper_minor, 15);
  EXPECT_EQ(b[0].lower_minor, 12);
}

}  // namespace
}  // namespace corridor::sim
