#include "sim/generator.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "sim/virtual_time.h"
#include "test_scenarios.h"

namespace corridor::sim {
namespace {

bool same_plan(const std::vector<PlannedPayment>& a, const std::vector<PlannedPayment>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const core::SubmitPayment& x = a[i].command;
    const core::SubmitPayment& y = b[i].command;
    if (a[i].at_ns != b[i].at_ns || x.uetr != y.uetr || x.amount_minor != y.amount_minor ||
        x.debtor_agent != y.debtor_agent || x.creditor_agent != y.creditor_agent ||
        x.priority != y.priority || x.earliest_ns != y.earliest_ns || x.latest_ns != y.latest_ns ||
        !(x.instruction_id == y.instruction_id)) {
      return false;
    }
  }
  return true;
}

TEST(GeneratorTest, SameSeedSamePlanDifferentSeedDifferentPlan) {
  Scenario s = testing::small_day();
  const auto first = plan_payments(s);
  EXPECT_TRUE(same_plan(first, plan_payments(s)));
  s.generation.seed += 1;
  EXPECT_FALSE(same_plan(first, plan_payments(s)));
}

TEST(GeneratorTest, PaymentsAreWellFormedAndInOrder) {
  const Scenario s = testing::small_day();
  const auto plan = plan_payments(s);
  ASSERT_EQ(plan.size(), 2000u);
  const core::TimestampNs start = timestamp_ns(s.value_date, s.day_start_seconds);
  const core::TimestampNs end = timestamp_ns(s.value_date, s.day_end_seconds);
  const core::AmountMinor unit = s.generation.flows[0].amount_unit_minor;
  for (size_t i = 0; i < plan.size(); ++i) {
    const PlannedPayment& p = plan[i];
    const core::SubmitPayment& c = p.command;
    if (i > 0) {
      ASSERT_GE(p.at_ns, plan[i - 1].at_ns);
    }
    EXPECT_GE(p.at_ns, start);
    EXPECT_LT(p.at_ns, end);
    EXPECT_NE(c.debtor_agent, c.creditor_agent);
    EXPECT_FALSE(c.uetr.is_nil());
    EXPECT_EQ(c.currency.view(), "EUR");
    // mantissa 1..9 times unit times 10^k, k <= decades_max (2)
    ASSERT_EQ(c.amount_minor % unit, 0);
    int64_t mantissa = c.amount_minor / unit;
    int decades = 0;
    while (mantissa % 10 == 0) {
      mantissa /= 10;
      ++decades;
    }
    EXPECT_GE(mantissa, 1);
    EXPECT_LE(mantissa, 9);
    EXPECT_LE(decades, 2);
    if (c.earliest_ns != core::kNoTime) {
      EXPECT_GT(c.earliest_ns, p.at_ns);
    }
    if (c.latest_ns != core::kNoTime) {
      EXPECT_GT(c.latest_ns, std::max(p.at_ns, c.earliest_ns));
    }
  }
}

TEST(GeneratorTest, SharesFollowTheScenario) {
  Scenario s = testing::small_day();
  s.generation.count = 10'000;
  const auto plan = plan_payments(s);
  int urgent = 0, highly_urgent = 0, timed = 0, from_a = 0;
  for (const PlannedPayment& p : plan) {
    urgent += p.command.priority == core::Priority::kUrgent;
    highly_urgent += p.command.priority == core::Priority::kHighlyUrgent;
    timed += p.command.earliest_ns != core::kNoTime || p.command.latest_ns != core::kNoTime;
    from_a += p.command.debtor_agent.to_string() == "BANKAAFF";
  }
  // Expected: 8% urgent, 2% highly urgent, 10% timed; BANKAAFF (weight 4 of 10)
  // sends about 4*6 / (sum over ordered pairs of different banks w_i*w_j = 70) = 34%.
  EXPECT_NEAR(urgent, 800, 150);
  EXPECT_NEAR(highly_urgent, 200, 80);
  EXPECT_NEAR(timed, 1000, 150);
  EXPECT_NEAR(from_a, 3430, 300);
}

TEST(GeneratorTest, ArrivalsFollowTheHourlyWeights) {
  Scenario s = testing::small_day();
  s.generation.count = 4000;
  s.generation.arrival_weights_per_hour = {0, 1, 0, 0, 0, 0, 0, 3};
  const core::TimestampNs start = timestamp_ns(s.value_date, s.day_start_seconds);
  std::map<int64_t, int> per_hour;
  for (const PlannedPayment& p : plan_payments(s)) {
    ++per_hour[(p.at_ns - start) / (3600 * kNsPerSecond)];
  }
  EXPECT_EQ(per_hour.size(), 2u);
  EXPECT_NEAR(per_hour[1], 1000, 120);
  EXPECT_NEAR(per_hour[7], 3000, 120);
}

TEST(GeneratorTest, CyclesOnlyLeaveNetPositionsBalanced) {
  Scenario s = testing::small_day();
  s.generation.cycle_percent = 100;
  s.generation.count = 3000;
  // Two banks with weight: every cycle is A -> B -> A, and 3,000 is even, so
  // no payment is left over as a single one.
  s.banks[2].weight = 0;
  s.banks[3].weight = 0;
  std::map<std::string, int64_t> net;
  for (const PlannedPayment& p : plan_payments(s)) {
    net[p.command.debtor_agent.to_string()] -= p.command.amount_minor;
    net[p.command.creditor_agent.to_string()] += p.command.amount_minor;
  }
  ASSERT_EQ(net.size(), 2u);
  for (const auto& [bic, position] : net) EXPECT_EQ(position, 0) << bic;
}

TEST(GeneratorTest, WithoutCyclesNetPositionsDrift) {
  Scenario s = testing::small_day();
  s.generation.cycle_percent = 0;
  s.banks[2].weight = 0;
  s.banks[3].weight = 0;
  std::map<std::string, int64_t> net;
  for (const PlannedPayment& p : plan_payments(s)) {
    net[p.command.debtor_agent.to_string()] -= p.command.amount_minor;
  }
  EXPECT_NE(net["BANKAAFF"], net["BANKBBFF"]);
}

TEST(GeneratorTest, ExplicitPaymentsKeepTheirFields) {
  Scenario s = testing::small_day();
  s.generation.count = 0;
  PaymentSpec spec;
  spec.from = *core::Bic::parse("BANKAAFF");
  spec.to = *core::Bic::parse("BANKBBFF");
  spec.currency = *core::CurrencyCode::parse("EUR");
  spec.amount_minor = 12345;
  spec.at_seconds = 9 * 3600;
  spec.priority = core::Priority::kUrgent;
  spec.latest_seconds = 10 * 3600;
  s.payments = {spec};
  const auto plan = plan_payments(s);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].at_ns, timestamp_ns(s.value_date, 9 * 3600));
  EXPECT_EQ(plan[0].command.amount_minor, 12345);
  EXPECT_EQ(plan[0].command.priority, core::Priority::kUrgent);
  EXPECT_EQ(plan[0].command.earliest_ns, core::kNoTime);
  EXPECT_EQ(plan[0].command.latest_ns, timestamp_ns(s.value_date, 10 * 3600));
  EXPECT_EQ(plan[0].command.instruction_id.view(), "PAY0000000001");
}

TEST(GeneratorTest, CorePeripheryPaymentsAlwaysHaveACoreParty) {
  // Banks A and B are the core; C and D never pay each other, in plain
  // payments or cycle legs, yet they do pay the core.
  Scenario s = parse_scenario(testing::small_day_toml() + "", "t.toml");
  s.generation.network = Network::kCorePeriphery;
  s.generation.core_banks = 2;
  const auto plan = plan_payments(s);
  ASSERT_EQ(plan.size(), 2000u);
  auto is_core = [](const core::Bic& bic) {
    return bic.to_string() == "BANKAAFF" || bic.to_string() == "BANKBBFF";
  };
  uint64_t periphery_to_core = 0;
  for (const PlannedPayment& p : plan) {
    EXPECT_TRUE(is_core(p.command.debtor_agent) || is_core(p.command.creditor_agent));
    if (!is_core(p.command.debtor_agent)) ++periphery_to_core;
  }
  EXPECT_GT(periphery_to_core, 100u);
}

TEST(GeneratorTest, ScaleFreeNetworkGivesZipfShares) {
  Scenario s = testing::small_day();
  for (BankSpec& b : s.banks) b.weight = 1;  // Zipf replaces them
  s.generation.network = Network::kScaleFree;
  s.generation.cycle_percent = 0;
  std::map<std::string, uint64_t> sent;
  for (const PlannedPayment& p : plan_payments(s)) ++sent[p.command.debtor_agent.to_string()];
  // Weights 1, 1/2, 1/3, 1/4: the first bank sends most, the last least.
  EXPECT_GT(sent["BANKAAFF"], sent["BANKBBFF"]);
  EXPECT_GT(sent["BANKBBFF"], sent["BANKCCFF"]);
  EXPECT_GT(sent["BANKCCFF"], sent["BANKDDFF"]);
}

TEST(GeneratorTest, NetworkKeysAreValidated) {
  const std::string base = testing::small_day_toml();
  const size_t at = base.find("cycle_percent");
  std::string with = base;
  with.insert(at, "network = \"core_periphery\"\ncore_banks = 2\n");
  EXPECT_EQ(parse_scenario(with, "t.toml").generation.core_banks, 2u);
  std::string missing = base;
  missing.insert(at, "network = \"core_periphery\"\n");
  EXPECT_NE(testing::parse_error(missing).find("needs \"core_banks\""), std::string::npos);
  std::string bad = base;
  bad.insert(at, "network = \"mesh\"\n");
  EXPECT_NE(testing::parse_error(bad).find(
                "payments.network: \"mesh\" is not one of weights, core_periphery, scale_free"),
            std::string::npos);
  std::string too_many = base;
  too_many.insert(at, "network = \"core_periphery\"\ncore_banks = 9\n");
  EXPECT_NE(testing::parse_error(too_many).find("payments.core_banks"), std::string::npos);
}

}  // namespace
}  // namespace corridor::sim
