#include "sim/scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_scenarios.h"

namespace corridor::sim {
namespace {

using ::testing::HasSubstr;
using testing::parse_error;
using testing::small_day_toml;

// small_day_toml() with the first occurrence of `from` replaced by `to`.
std::string with(const std::string& from, const std::string& to) {
  std::string text = small_day_toml();
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "test setup: \"" << from << "\" not in the scenario";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(ScenarioTest, ParsesTheSmallDay) {
  const Scenario s = testing::small_day();
  EXPECT_EQ(s.name, "small day");
  EXPECT_EQ(s.value_date, 20261127);
  EXPECT_EQ(s.next_value_date, 0);
  EXPECT_EQ(s.day_start_seconds, 8 * 3600);
  EXPECT_EQ(s.day_end_seconds, 16 * 3600);
  ASSERT_EQ(s.currencies.size(), 1u);
  EXPECT_EQ(s.currencies[0].code.view(), "EUR");
  ASSERT_EQ(s.central_banks.size(), 1u);
  ASSERT_EQ(s.banks.size(), 4u);
  EXPECT_EQ(s.banks[0].bic.to_string(), "BANKAAFF");
  EXPECT_EQ(s.banks[0].weight, 4u);
  ASSERT_EQ(s.banks[0].accounts.size(), 1u);
  EXPECT_EQ(s.banks[0].accounts[0].opening_liquidity_minor, 4'000'000);  // 40,000.00 EUR
  EXPECT_EQ(s.banks[0].accounts[0].credit_line_minor, 1'000'000);
  EXPECT_EQ(s.generation.count, 2000u);
  EXPECT_EQ(s.generation.seed, 7u);
  EXPECT_EQ(s.generation.urgent_percent, 8u);
  EXPECT_EQ(s.generation.cycle_percent, 50u);
  EXPECT_EQ(s.generation.arrival_weights_per_hour.size(), 8u);
  ASSERT_EQ(s.generation.flows.size(), 1u);
  EXPECT_EQ(s.generation.flows[0].amount_unit_minor, 10'000);
  EXPECT_EQ(s.gridlock.interval_minutes, 30);
  EXPECT_EQ(s.gridlock.algorithm, core::GridlockAlgorithm::kPartial);
}

TEST(ScenarioTest, MinorUnitsComeFromIso4217WhenOmitted) {
  const Scenario s =
      parse_scenario(with("code = \"EUR\"\nminor_units = 2", "code = \"EUR\""), "t.toml");
  EXPECT_EQ(s.currencies[0].minor_units, 2);
}

TEST(ScenarioTest, AmountsInMinorUnitsAreTakenAsGiven) {
  const Scenario s = parse_scenario(
      with("opening_liquidity_major = 5_000", "opening_liquidity_minor = 123"), "t.toml");
  EXPECT_EQ(s.banks[3].accounts[0].opening_liquidity_minor, 123);
}

TEST(ScenarioTest, TimesMayBeStrings) {
  const Scenario s =
      parse_scenario(with("day_start = 08:00:00", "day_start = \"07:45\""), "t.toml");
  EXPECT_EQ(s.day_start_seconds, 7 * 3600 + 45 * 60);
}

TEST(ScenarioTest, ErrorsNameTheFileLineAndKey) {
  EXPECT_THAT(parse_error(with("weight = 3", "weight = \"three\"")),
              HasSubstr("test.toml:23: bank[1].weight: expected an integer, found a string"));
}

TEST(ScenarioTest, MissingRequiredKeyIsNamed) {
  EXPECT_THAT(parse_error(with("value_date = 2026-11-27", "")),
              HasSubstr("scenario: missing required key \"value_date\""));
  EXPECT_THAT(parse_error(with("bic = \"BANKCCFF\"", "")),
              HasSubstr("bank[2]: missing required key \"bic\""));
}

TEST(ScenarioTest, UnknownKeysAreRejected) {
  EXPECT_THAT(parse_error(with("opening_liquidity_major = 20_000", "opening_liquidty_major = 1")),
              HasSubstr("bank[1].accounts[0].opening_liquidty_major: unknown key"));
  EXPECT_THAT(parse_error(with("seed = 7", "sed = 7")), HasSubstr("payments.sed: unknown key"));
  EXPECT_THAT(parse_error(small_day_toml() + "\n[extra]\nx = 1\n"),
              HasSubstr("extra: unknown key"));
}

TEST(ScenarioTest, InvalidBicIsNamed) {
  EXPECT_THAT(parse_error(with("BANKBBFF", "BANK-BB")),
              HasSubstr("bank[1].bic: \"BANK-BB\" is not an ISO 9362 BIC"));
}

TEST(ScenarioTest, DuplicateBicIsRejected) {
  EXPECT_THAT(parse_error(with("BANKBBFF", "BANKAAFF")),
              HasSubstr("bank[1].bic: BANKAAFF is used twice"));
}

TEST(ScenarioTest, UndefinedCurrencyIsNamed) {
  EXPECT_THAT(
      parse_error(with("accounts = [{ currency = \"EUR\", opening_liquidity_major = 10_000 }]",
                       "accounts = [{ currency = \"USD\" }]")),
      HasSubstr("bank[2].accounts[0].currency: \"USD\" is not a currency defined"));
}

TEST(ScenarioTest, MinorUnitsMustMatchIso4217) {
  EXPECT_THAT(parse_error(with("minor_units = 2", "minor_units = 3")),
              HasSubstr("currency[0].minor_units: ISO 4217 gives EUR 2 minor units, not 3"));
}

TEST(ScenarioTest, CurrencyWithoutCentralBankIsRejected) {
  EXPECT_THAT(parse_error(with("[[central_bank]]\nbic = \"ECBKDEFF\"\ncurrency = \"EUR\"", "")),
              HasSubstr("currency EUR has no [[central_bank]]"));
}

TEST(ScenarioTest, PercentagesAreBounded) {
  EXPECT_THAT(parse_error(with("urgent_percent = 8", "urgent_percent = 101")),
              HasSubstr("payments.urgent_percent: 101 is out of range [0, 100]"));
  EXPECT_THAT(parse_error(with("urgent_percent = 8", "urgent_percent = 99")),
              HasSubstr("highly_urgent_percent + urgent_percent exceeds 100"));
}

TEST(ScenarioTest, AmountGivenTwiceIsRejected) {
  EXPECT_THAT(parse_error(with("opening_liquidity_major = 5_000",
                               "opening_liquidity_major = 5_000, opening_liquidity_minor = 1")),
              HasSubstr("bank[3].accounts[0].opening_liquidity_major: give either"));
}

TEST(ScenarioTest, AmountOverflowIsRejected) {
  EXPECT_THAT(parse_error(with("credit_line_major = 10_000",
                               "credit_line_major = 100_000_000_000_000_000")),
              HasSubstr("bank[0].accounts[0].credit_line_major: amount overflows"));
  EXPECT_THAT(
      parse_error(with("decades_max = 2", "decades_max = 18")),
      HasSubstr("payments.currency[0].decades_max: 9 * amount_unit * 10^decades_max overflows"));
}

TEST(ScenarioTest, DayMustEndAfterItStarts) {
  EXPECT_THAT(parse_error(with("day_end = 16:00:00", "day_end = 07:00:00")),
              HasSubstr("scenario.day_end: must be after day_start"));
}

TEST(ScenarioTest, TooManyArrivalHoursIsRejected) {
  EXPECT_THAT(parse_error(with("[3, 6, 8, 6, 4, 5, 7, 4]", "[3, 6, 8, 6, 4, 5, 7, 4, 1]")),
              HasSubstr("9 entries, but the business day has only 8 hours"));
}

TEST(ScenarioTest, UnknownAlgorithmIsNamed) {
  EXPECT_THAT(
      parse_error(with("algorithm = \"partial\"", "algorithm = \"magic\"")),
      HasSubstr("gridlock.algorithm: \"magic\" is not one of all_or_nothing, partial, bilateral"));
}

TEST(ScenarioTest, InvalidDateIsRejected) {
  EXPECT_THAT(parse_error(with("value_date = 2026-11-27", "value_date = 20260230")),
              HasSubstr("scenario.value_date: 20260230 is not a valid date"));
}

TEST(ScenarioTest, ExplicitPaymentsNeedParticipantsInTheirCurrency) {
  const std::string payment = R"(
[[payment]]
from = "BANKAAFF"
to = "BANKZZFF"
currency = "EUR"
amount_major = 1
at = 09:00:00
)";
  EXPECT_THAT(parse_error(small_day_toml() + payment),
              HasSubstr("payment[0].to: BANKZZFF is not a participant settling in EUR"));
}

TEST(ScenarioTest, ExplicitPaymentsMustFallInTheBusinessDay) {
  const std::string payment = R"(
[[payment]]
from = "BANKAAFF"
to = "BANKBBFF"
currency = "EUR"
amount_minor = 1
at = 17:00:00
)";
  EXPECT_THAT(parse_error(small_day_toml() + payment), HasSubstr("payment[0].at: must be within"));
}

TEST(ScenarioTest, IndirectParticipantNeedsABankOfTheScenario) {
  const std::string indirect = R"(
[[indirect]]
bic = "SMALLBFF"
settlement_bank = "OTHERBFF"
)";
  EXPECT_THAT(parse_error(small_day_toml() + indirect),
              HasSubstr("indirect[0].settlement_bank: OTHERBFF is not a [[bank]]"));
}

TEST(ScenarioTest, TomlSyntaxErrorsGiveLineAndColumn) {
  EXPECT_THAT(parse_error("[scenario]\nvalue_date = \n"), HasSubstr("test.toml:2:"));
  EXPECT_THAT(parse_error("[scenario]\nvalue_date = \n"), HasSubstr("TOML syntax error"));
}

TEST(ScenarioTest, LoadReportsAMissingFile) {
  try {
    load_scenario(testing::test_data_path("does-not-exist.toml"));
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.what(), HasSubstr("does-not-exist.toml: cannot open scenario file"));
  }
}

TEST(ScenarioTest, ExamplesParse) {
  EXPECT_NO_THROW(load_scenario(testing::example_path("two-area-day.toml")));
  EXPECT_NO_THROW(load_scenario(testing::example_path("classic-gridlock.toml")));
  EXPECT_NO_THROW(load_scenario(testing::example_path("sweep-day.toml")));
  EXPECT_EQ(load_scenario(testing::example_path("csv-day.toml")).payments.size(), 12u);
}

}  // namespace
}  // namespace corridor::sim
