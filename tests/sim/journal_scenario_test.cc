#include "sim/journal_scenario.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/runner.h"
#include "sim/virtual_time.h"

namespace corridor::sim {
namespace {

core::Bic bic(const char* text) {
  return *core::Bic::parse(text);
}
core::CurrencyCode eur() {
  return *core::CurrencyCode::parse("EUR");
}

core::Uetr uetr(uint64_t n) {
  return core::Uetr::from_bits(0x1234000000004000ull + n, 0x8000000000000000ull + n);
}

core::Command at(core::ValueDate date, int64_t seconds, core::CommandBody body) {
  return core::Command{timestamp_ns(date, seconds), std::move(body)};
}

core::SubmitPayment pay(uint64_t n, const char* from, const char* to, core::AmountMinor amount) {
  core::SubmitPayment p;
  p.uetr = uetr(n);
  p.instruction_id.assign("MSG" + std::to_string(n));
  p.debtor_agent = bic(from);
  p.creditor_agent = bic(to);
  p.currency = eur();
  p.amount_minor = amount;
  return p;
}

// Set up on the 26th, two payments on the 27th, one on the 30th: as
// `corridor sim --journal` or the service would journal them.
std::vector<core::Command> journal_of_two_days() {
  const core::ValueDate setup = 20261126, day = 20261127, next = 20261130;
  core::Configure configure;
  configure.value_date_initial = setup;
  std::vector<core::Command> c;
  c.push_back(at(setup, 0, configure));
  c.push_back(at(setup, 1, core::DefineCurrency{eur(), 2}));
  c.push_back(at(
      setup, 2,
      core::AddParticipant{bic("ECBKDEFF"), "CB", core::ParticipantKind::kCentralBank, {}, eur()}));
  c.push_back(at(setup, 3, core::OpenAccount{bic("ECBKDEFF"), eur()}));
  c.push_back(
      at(setup, 4,
         core::AddParticipant{bic("BANKAAFF"), "A", core::ParticipantKind::kDirect, {}, {}}));
  c.push_back(
      at(setup, 4,
         core::AddParticipant{bic("BANKAAFF"), "A again", core::ParticipantKind::kDirect, {}, {}}));
  c.push_back(at(setup, 5, core::OpenAccount{bic("BANKAAFF"), eur()}));
  c.push_back(
      at(setup, 6,
         core::AddParticipant{bic("BANKBBFF"), "B", core::ParticipantKind::kDirect, {}, {}}));
  c.push_back(at(setup, 7, core::OpenAccount{bic("BANKBBFF"), eur()}));
  c.push_back(
      at(setup, 8,
         core::AddParticipant{
             bic("SMALBBFF"), "small", core::ParticipantKind::kIndirect, bic("BANKBBFF"), {}}));
  c.push_back(at(setup, 9, core::SetCreditLine{bic("BANKBBFF"), eur(), 700}));
  c.push_back(at(setup, 10,
                 core::LiquidityTransfer{uetr(90), bic("ECBKDEFF"), bic("BANKAAFF"), eur(), 500}));
  c.push_back(at(setup, 11,
                 core::LiquidityTransfer{uetr(91), bic("BANKAAFF"), bic("ECBKDEFF"), eur(), 200}));
  c.push_back(
      at(setup, 12, core::ReserveLiquidity{bic("BANKAAFF"), eur(), core::Priority::kUrgent, 50}));
  c.push_back(at(setup, 13, core::EndOfDay{day}));
  core::SubmitPayment urgent = pay(1, "BANKAAFF", "SMALBBFF", 100);
  urgent.priority = core::Priority::kUrgent;
  urgent.latest_ns = timestamp_ns(day, 11 * 3600);
  c.push_back(at(day, 9 * 3600 + 30 * 60 + 15, urgent));
  c.push_back(at(day, 9 * 3600 + 45 * 60, core::RunGridlockResolution{}));
  c.push_back(at(day, 10 * 3600 + 5 * 60, pay(2, "BANKBBFF", "BANKAAFF", 40)));
  c.push_back(at(day, 10 * 3600 + 6 * 60, pay(3, "BANKBBFF", "NOBANKFF", 40)));  // unknown: skipped
  c.push_back(at(day, 18 * 3600, core::EndOfDay{next}));
  c.push_back(at(next, 8 * 3600, pay(4, "BANKAAFF", "BANKBBFF", 7)));
  return c;
}

TEST(JournalScenarioTest, TakesReferenceDataLiquidityAndTheFirstDaysPayments) {
  const Scenario s = scenario_from_commands(journal_of_two_days(), {std::nullopt, "replay"});
  EXPECT_EQ(s.name, "replay");
  EXPECT_EQ(s.value_date, 20261127);
  ASSERT_EQ(s.currencies.size(), 1u);
  ASSERT_EQ(s.central_banks.size(), 1u);
  ASSERT_EQ(s.banks.size(), 2u);
  EXPECT_EQ(s.banks[0].name, "A");  // the second AddParticipant of A was refused
  ASSERT_EQ(s.indirects.size(), 1u);
  EXPECT_EQ(s.indirects[0].settlement_bank, bic("BANKBBFF"));
  EXPECT_EQ(s.banks[0].accounts[0].opening_liquidity_minor, 300);  // 500 in, 200 back
  EXPECT_EQ(s.banks[0].accounts[0].reserve_urgent_minor, 50);
  EXPECT_EQ(s.banks[1].accounts[0].credit_line_minor, 700);
  ASSERT_EQ(s.payments.size(), 2u);
  const PaymentSpec& p = s.payments[0];
  EXPECT_EQ(p.from, bic("BANKAAFF"));
  EXPECT_EQ(p.to, bic("SMALBBFF"));
  EXPECT_EQ(p.amount_minor, 100);
  EXPECT_EQ(p.at_seconds, 9 * 3600 + 30 * 60 + 15);
  EXPECT_EQ(p.priority, core::Priority::kUrgent);
  EXPECT_EQ(p.latest_seconds, 11 * 3600);
  EXPECT_FALSE(p.earliest_seconds.has_value());
  EXPECT_EQ(p.instruction_id, "MSG1");
  // The day: from the hour of the first payment to the hour after the last.
  EXPECT_EQ(s.day_start_seconds, 9 * 3600);
  EXPECT_EQ(s.day_end_seconds, 11 * 3600);
  // And it runs.
  const SimFigures f = run_scenario(s);
  EXPECT_EQ(f.currencies[0].submitted.count, 2u);
  EXPECT_EQ(f.currencies[0].settled.count, 2u);
  EXPECT_TRUE(f.invariant_violations.empty());
}

TEST(JournalScenarioTest, ValueDateChoosesTheDay) {
  const Scenario s = scenario_from_commands(journal_of_two_days(), {20261130, ""});
  EXPECT_EQ(s.value_date, 20261130);
  ASSERT_EQ(s.payments.size(), 1u);
  EXPECT_EQ(s.payments[0].amount_minor, 7);
  EXPECT_EQ(s.banks[0].accounts[0].opening_liquidity_minor, 300);
}

TEST(JournalScenarioTest, NoPaymentIsAnError) {
  try {
    scenario_from_commands(journal_of_two_days(), {20261201, ""});
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(), "the journal holds no payment on value date 2026-12-01");
  }
  std::vector<core::Command> setup_only = journal_of_two_days();
  setup_only.resize(5);
  EXPECT_THROW(scenario_from_commands(setup_only, {}), ScenarioError);
}

}  // namespace
}  // namespace corridor::sim
