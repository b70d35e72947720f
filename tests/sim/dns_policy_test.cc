// The dns policy: normal payments in deferred net settlement cycles (settlement
// rule 15), urgent ones in RTGS.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/reason.h"
#include "sim/generator.h"
#include "sim/runner.h"
#include "sim/scenario.h"
#include "sim/sweep.h"
#include "sim/sweep_output.h"
#include "sim/virtual_time.h"
#include "test_scenarios.h"

namespace corridor::sim {
namespace {

constexpr int64_t kMinuteNs = 60 * kNsPerSecond;

std::string pay(const char* from, const char* to, int amount, const char* at,
                const char* priority = "normal") {
  return testing::payment_toml(from, to, "EUR", amount, at,
                               std::string("priority = \"") + priority + "\"");
}

// A 100.00, B 50.00, C nothing; cycles every 60 minutes from 08:00, so the
// net debit caps are 100.00, 50.00 and 0.
Scenario hand_day() {
  Scenario s = parse_scenario(testing::scenario_day() + R"([[currency]]
code = "EUR"
[[central_bank]]
bic = "ECBKDEFF"
currency = "EUR"
[[bank]]
bic = "BANKAAFF"
accounts = [{ currency = "EUR", opening_liquidity_minor = 10000 }]
[[bank]]
bic = "BANKBBFF"
accounts = [{ currency = "EUR", opening_liquidity_minor = 5000 }]
[[bank]]
bic = "BANKCCFF"
accounts = [{ currency = "EUR" }]
)" + pay("BANKAAFF", "BANKBBFF", 8000, "08:10:00") +
                                  pay("BANKBBFF", "BANKCCFF", 12000, "08:20:00") +
                                  pay("BANKCCFF", "BANKAAFF", 3000, "08:30:00") +
                                  pay("BANKCCFF", "BANKBBFF", 1000, "08:40:00", "urgent") +
                                  pay("BANKAAFF", "BANKCCFF", 5000, "08:50:00") +
                                  pay("BANKBBFF", "BANKAAFF", 2000, "08:55:00"),
                              "dns.toml");
  s.dns_cycle_minutes = 60;
  return s;
}

TEST(DnsPolicy, AHandCheckedDay) {
  // Net positions in the 09:00 cycle: A -80 +30 -50 = -100.00 (its cap: accepted),
  // B +80 -120 = -40.00; B's 20.00 to A at 08:55 would take it to -60.00, beyond
  // its cap of 50.00: rejected AM14. C +120 -30 +50 = +140.00. A pays 100.00, B
  // 40.00, C receives 140.00; C's urgent 10.00 to B, queued in RTGS since 08:40
  // (C had nothing), then settles from the queue. Fund: R = 100.00, shares
  // A 72.00 (A has nothing left: 0), B 28.00 (B pays the 10.00 it has left).
  RunOptions options;
  options.check_every_commands = 1;
  const SimFigures f = run_scenario(hand_day(), options);
  ASSERT_TRUE(f.invariant_violations.empty()) << f.invariant_violations.front();
  const CurrencyFigures& c = f.currencies[0];
  EXPECT_EQ(c.submitted.count, 6u);
  EXPECT_EQ(c.submitted.value_minor, 31000);
  EXPECT_EQ(c.settled.count, 5u);
  EXPECT_EQ(c.settled.value_minor, 29000);
  EXPECT_EQ(c.settled_dns.count, 4u);
  EXPECT_EQ(c.settled_dns.value_minor, 28000);
  EXPECT_EQ(c.settled_by[static_cast<size_t>(core::SettledBy::kQueueResolution)].value_minor, 1000);
  // The cap rejection is unsettled, and reported by reason.
  EXPECT_EQ(c.rejected_on_submission.count, 1u);
  EXPECT_EQ(c.rejected_on_submission.value_minor, 2000);
  EXPECT_EQ(f.rejected_by_reason[static_cast<size_t>(core::Reason::kNetDebitCapExceeded)], 1u);
  EXPECT_EQ(f.dns.submitted, 4u);
  EXPECT_EQ(f.dns.cycles_settled, 1u) << "later cycles are empty and not asked for";
  EXPECT_EQ(f.dns.cycles_refused, 0u);
  // Delay of a DNS payment: its cycle's settlement (09:00) - its arrival:
  // 50, 40, 30 and 10 minutes; C's urgent payment 20 minutes in the queue.
  const int64_t weighted = 8000 * 50 + 12000 * 40 + 3000 * 30 + 5000 * 10 + 1000 * 20;
  EXPECT_EQ(c.delay_value_weighted_mean_ns, weighted * kMinuteNs / 29000);
  EXPECT_EQ(c.delay_max_ns, 50 * kMinuteNs);
  EXPECT_EQ(c.delayed_settled_count, 5u);
  std::vector<int64_t> closing;
  for (const AccountFigures& a : f.accounts) closing.push_back(a.balance_close_minor);
  EXPECT_THAT(closing, ::testing::ElementsAre(0, 1000, 13000)) << "B: 50 - 40 - 10 + 10";
}

TEST(DnsPolicy, WithoutDnsTheSameDayIsPlainRtgsAndFifo) {
  Scenario s = hand_day();
  s.dns_cycle_minutes = 0;
  const SimFigures f = run_scenario(s);
  EXPECT_EQ(f.dns.submitted, 0u);
  EXPECT_EQ(f.currencies[0].settled_dns.count, 0u);
  EXPECT_EQ(f.rejected_by_reason[static_cast<size_t>(core::Reason::kNetDebitCapExceeded)], 0u);
}

TEST(DnsPolicy, TheSweepPolicySettlesCyclesAndIsDeterministicWhateverTheThreads) {
  Scenario s = testing::small_day();
  s.sweep.levels = 3;
  s.sweep.dns_cycle_minutes = 30;
  s.sweep.policies = {*parse_policy("rtgs"), *parse_policy("dns")};
  SweepOptions one;
  one.threads = 1;
  SweepOptions three;
  three.threads = 3;
  const SweepResult a = run_sweep(s, one);
  const SweepResult b = run_sweep(s, three);
  EXPECT_TRUE(a == b);
  for (uint32_t level = 0; level < s.sweep.levels; ++level) {
    const SimFigures& f = a.run(1, level).figures;
    SCOPED_TRACE(level);
    EXPECT_TRUE(f.invariant_violations.empty());
    EXPECT_EQ(f.dns.cycle_minutes, 30);
    EXPECT_GT(f.dns.submitted, 0u);
    EXPECT_GT(f.dns.cycles_settled, 0u);
    EXPECT_GT(f.currencies[0].settled_dns.count, 0u);
    // Every payment ends the day settled or rejected, once.
    const CurrencyFigures& c = f.currencies[0];
    EXPECT_EQ(c.submitted.count,
              c.settled.count + c.rejected_on_submission.count + c.rejected_later.count);
  }
  EXPECT_EQ(a.run(0, 0).figures.dns.submitted, 0u) << "rtgs has no DNS";
}

// Splits one CSV line (no quoting in runs.csv's numeric rows).
std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> out(1);
  for (char ch : line) {
    if (ch == ',') {
      out.emplace_back();
    } else {
      out.back() += ch;
    }
  }
  return out;
}

TEST(DnsPolicy, RunsCsvCarriesTheDnsFiguresOfEachRun) {
  Scenario s = testing::small_day();
  s.sweep.levels = 2;
  s.sweep.dns_cycle_minutes = 30;
  s.sweep.policies = {*parse_policy("rtgs"), *parse_policy("dns")};
  const SweepResult r = run_sweep(s);
  const std::vector<OutputFile> files = sweep_csv_files(r);
  ASSERT_EQ(files[1].name, "runs.csv");
  const std::string& csv = files[1].content;
  const std::string header = csv.substr(0, csv.find('\n'));
  const std::vector<std::string> names = fields_of(header);
  const auto column = [&](const std::string& name) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return i;
    }
    ADD_FAILURE() << "no column " << name;
    return size_t{0};
  };
  const size_t settled_count = column("dns_settled_count");
  const size_t settled_value = column("dns_settled_value_minor");
  const size_t cycles = column("dns_cycles_settled");
  const size_t refused = column("dns_cycles_refused");
  const size_t over_cap = column("dns_rejected_over_cap_count");
  size_t rows = 0;
  size_t at = csv.find('\n') + 1;
  while (at < csv.size()) {
    const size_t end = csv.find('\n', at);
    const std::vector<std::string> row = fields_of(csv.substr(at, end - at));
    at = end + 1;
    ASSERT_EQ(row.size(), names.size());
    const uint32_t policy = row[0] == "dns" ? 1 : 0;
    const SimFigures& f = r.run(policy, static_cast<uint32_t>(std::stoul(row[1]))).figures;
    const CurrencyFigures& c = f.currencies[0];
    EXPECT_EQ(row[settled_count], std::to_string(c.settled_dns.count));
    EXPECT_EQ(row[settled_value], std::to_string(c.settled_dns.value_minor));
    EXPECT_EQ(row[cycles], std::to_string(f.dns.cycles_settled));
    EXPECT_EQ(row[refused], std::to_string(f.dns.cycles_refused));
    EXPECT_EQ(row[over_cap],
              std::to_string(
                  f.rejected_by_reason[static_cast<size_t>(core::Reason::kNetDebitCapExceeded)]));
    if (policy == 1) {
      EXPECT_NE(row[cycles], "0");
    } else {
      EXPECT_EQ(row[settled_count], "0") << "rtgs settles nothing in DNS";
    }
    ++rows;
  }
  EXPECT_EQ(rows, r.runs.size());
}

}  // namespace
}  // namespace corridor::sim
