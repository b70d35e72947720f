#include "sim/payments_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sim/generator.h"
#include "sim/runner.h"
#include "test_scenarios.h"

namespace corridor::sim {
namespace {

using ::testing::HasSubstr;

const char* kHeader = "time,debtor,creditor,amount,currency,priority\n";

std::string csv_error(const std::string& csv) {
  try {
    parse_payments_csv(csv, "day.csv", testing::small_day());
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(PaymentsCsvTest, ReadsEveryColumnExactly) {
  const std::vector<PaymentSpec> p = parse_payments_csv(
      "id,latest,earliest,priority,currency,amount,creditor,debtor,time\n"
      "X-1,11:00,10:00,urgent,EUR,1234.5,BANKBBFF,BANKAAFF,09:00:30\n"
      "# a comment\n\n"
      "\"a,b\",,,,EUR,7,BANKAAFF,BANKCCFF,09:01\r\n",
      "day.csv", testing::small_day());
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].from.to_string(), "BANKAAFF");
  EXPECT_EQ(p[0].to.to_string(), "BANKBBFF");
  EXPECT_EQ(p[0].amount_minor, 123450);
  EXPECT_EQ(p[0].at_seconds, 9 * 3600 + 30);
  EXPECT_EQ(p[0].priority, core::Priority::kUrgent);
  EXPECT_EQ(p[0].earliest_seconds, 10 * 3600);
  EXPECT_EQ(p[0].latest_seconds, 11 * 3600);
  EXPECT_EQ(p[0].instruction_id, "X-1");
  EXPECT_EQ(p[1].amount_minor, 700);
  EXPECT_EQ(p[1].priority, core::Priority::kNormal);
  EXPECT_FALSE(p[1].earliest_seconds.has_value());
  EXPECT_EQ(p[1].instruction_id, "a,b");
}

TEST(PaymentsCsvTest, AmountInMinorUnitsColumn) {
  const std::vector<PaymentSpec> p = parse_payments_csv(
      "time,debtor,creditor,amount_minor,currency\n"
      "09:00,BANKAAFF,BANKBBFF,5,EUR\n",
      "day.csv", testing::small_day());
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].amount_minor, 5);
}

TEST(PaymentsCsvTest, ErrorsNameFileLineAndColumn) {
  EXPECT_EQ(csv_error(std::string(kHeader) + "09:00,BANKAAFF,BANKBBFF,1.234,EUR,normal\n"),
            "day.csv:2: amount: \"1.234\" has more than 2 decimals");
  EXPECT_EQ(csv_error(std::string(kHeader) + "09:00,BANKAAFF,BANKBBFF,-1,EUR,normal\n"),
            "day.csv:2: amount: \"-1\" is not a positive decimal amount");
  EXPECT_EQ(csv_error(std::string(kHeader) + "\n09:00,BANKAAFF,NOBANKFF,1,EUR,normal\n"),
            "day.csv:3: creditor: NOBANKFF is not a participant settling in EUR");
  EXPECT_EQ(csv_error(std::string(kHeader) + "07:00,BANKAAFF,BANKBBFF,1,EUR,normal\n"),
            "day.csv:2: time: must be within the business day (day_start <= time < day_end)");
  EXPECT_EQ(csv_error(std::string(kHeader) + "9h,BANKAAFF,BANKBBFF,1,EUR,normal\n"),
            "day.csv:2: time: \"9h\" is not a time of day (HH:MM or HH:MM:SS)");
  EXPECT_EQ(csv_error(std::string(kHeader) + "09:00,BANKAAFF,BANKBBFF,1,USD,normal\n"),
            "day.csv:2: currency: \"USD\" is not a currency defined in [[currency]]");
  EXPECT_EQ(csv_error(std::string(kHeader) + "09:00,BANKAAFF,BANKBBFF,1,EUR,fast\n"),
            "day.csv:2: priority: \"fast\" is not one of normal, urgent, highly_urgent");
  EXPECT_EQ(csv_error(std::string(kHeader) + "09:00,BANKAAFF,BANKBBFF,1,EUR\n"),
            "day.csv:2: 5 fields, the header has 6");
  EXPECT_EQ(csv_error("time,debtor,creditor,amount,currency,colour\n"),
            "day.csv:1: unknown column \"colour\"");
  EXPECT_EQ(csv_error("time,debtor,amount,currency\n"),
            "day.csv:1: missing required column \"creditor\"");
  EXPECT_EQ(csv_error("time,debtor,creditor,amount,amount_minor,currency\n"),
            "day.csv:1: give exactly one of the columns \"amount\" and \"amount_minor\"");
  EXPECT_EQ(csv_error(""),
            "day.csv:1: no header row (time,debtor,creditor,amount,currency,priority,...)");
}

TEST(PaymentsCsvTest, ScenarioFileReadsItsCsvAndTheDayRunsIt) {
  const Scenario s = load_scenario(testing::test_data_path("csv-day.toml"));
  ASSERT_EQ(s.payments.size(), 4u);
  EXPECT_EQ(s.payments[3].instruction_id, "TIMED,1");
  const std::vector<PlannedPayment> planned = plan_payments(s);
  EXPECT_EQ(planned[0].command.instruction_id.view(), "CYCLE-1");
  const SimFigures f = run_scenario(s);
  // The cycle settles by gridlock resolution; the 0.05 has no liquidity and is rejected at the end.
  EXPECT_EQ(f.currencies[0].settled.value_minor, 30000);
  EXPECT_EQ(f.gridlock.payments_settled, 3u);
}

TEST(PaymentsCsvTest, BadCsvLineFailsLoadingTheScenario) {
  try {
    load_scenario(testing::test_data_path("bad-csv-day.toml"));
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.what(),
                HasSubstr("bad-csv-day.csv:3: amount: \"10.005\" has more than 2 decimals"));
  }
}

}  // namespace
}  // namespace corridor::sim
