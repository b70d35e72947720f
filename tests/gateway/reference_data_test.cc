#include "gateway/reference_data.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "config_text.h"
#include "core/core.h"
#include "core/reason.h"

namespace corridor::gateway {
namespace {

core::Bic bic(const char* text) {
  return *core::Bic::parse(text);
}
core::CurrencyCode currency(const char* text) {
  return *core::CurrencyCode::parse(text);
}

// Applies every command to a fresh core, as `corridor serve` does on an empty
// journal; fails the test naming the first command the core rejects.
void apply_all(core::Core* core, const std::vector<core::CommandBody>& commands) {
  core::TimestampNs now_ns = 1'800'000'000'000'000'000;
  for (size_t i = 0; i < commands.size(); ++i) {
    const core::Result result = core->apply(core::Command{now_ns++, commands[i]});
    ASSERT_TRUE(result.ok()) << "command " << i << " (" << core::command_name(commands[i])
                             << ") rejected: " << core::iso_code(result.reason);
  }
}

const core::Account& account_of(const core::Core& core, const char* who, const char* code) {
  const std::optional<core::AccountId> id = core.find_account(bic(who), currency(code));
  if (!id) throw std::logic_error(std::string("no account for ") + who + " in " + code);
  return core.account(*id);
}

TEST(ReferenceData, CommandsStartWithConfigureThenCurrenciesThenParticipants) {
  const ServiceConfig config = parse_service_config(testing::kSmallConfig, "test.toml");
  const std::vector<core::CommandBody> commands = reference_data_commands(config);
  ASSERT_GE(commands.size(), 9u);
  const auto* configure = std::get_if<core::Configure>(&commands[0]);
  ASSERT_NE(configure, nullptr);
  EXPECT_EQ(configure->value_date_initial, 20261130);
  EXPECT_TRUE(std::holds_alternative<core::DefineCurrency>(commands[1]));
  EXPECT_TRUE(std::holds_alternative<core::DefineCurrency>(commands[2]));
  // Central banks first, the indirect participant after every direct one.
  const auto* first = std::get_if<core::AddParticipant>(&commands[3]);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->kind, core::ParticipantKind::kCentralBank);
  const auto* last_added = std::get_if<core::AddParticipant>(&commands[8]);
  ASSERT_NE(last_added, nullptr);
  EXPECT_EQ(last_added->bic, bic("BAMBCNS0"));
  EXPECT_EQ(last_added->settlement_bank, bic("LTSBCNB0"));
}

TEST(ReferenceData, AppliedToAnEmptyCoreGivesTheConfiguredBalancesLinesAndLimits) {
  const ServiceConfig config = parse_service_config(testing::kSmallConfig, "test.toml");
  core::Core core;
  apply_all(&core, reference_data_commands(config));

  EXPECT_EQ(core.value_date(), 20261130);
  EXPECT_EQ(core.currency_count(), 2u);
  EXPECT_EQ(core.participant_count(), 6u);
  EXPECT_EQ(core.account_count(), 6u);  // 2 central banks + 1 + 1 + 2; none for the indirect

  EXPECT_EQ(account_of(core, "LTSBCNB0", "CNY").balance_minor, 100050);
  EXPECT_EQ(account_of(core, "LTSBCNB0", "CNY").credit_line_minor, 20000);
  EXPECT_EQ(account_of(core, "BERZRUM0", "RUB").balance_minor, 500000);
  EXPECT_EQ(account_of(core, "BERZRUM0", "RUB").multilateral_limit_minor, 30000);
  EXPECT_EQ(account_of(core, "SILKCNB0", "CNY").balance_minor, 1);
  EXPECT_EQ(account_of(core, "SILKCNB0", "RUB").balance_minor, 7000);
  EXPECT_EQ(account_of(core, "SILKCNB0", "RUB").credit_line_minor, 1000);
  // Opening balances came from the central banks.
  EXPECT_EQ(account_of(core, "CBCNCNB0", "CNY").balance_minor, -(100050 + 1));
  EXPECT_EQ(account_of(core, "CBRURUM0", "RUB").balance_minor, -(500000 + 7000));
  // The indirect participant settles on its bank's account.
  EXPECT_EQ(core.find_account(bic("BAMBCNS0"), currency("CNY")),
            core.find_account(bic("LTSBCNB0"), currency("CNY")));

  const auto silk_rub = core.find_account(bic("SILKCNB0"), currency("RUB"));
  const auto bereza_rub = core.find_account(bic("BERZRUM0"), currency("RUB"));
  const std::optional<core::BilateralLimit> limit = core.bilateral_limit(*silk_rub, *bereza_rub);
  ASSERT_TRUE(limit.has_value());
  EXPECT_EQ(limit->limit_minor, 2500);

  EXPECT_EQ(core.check_invariants(), std::vector<std::string>{});
}

TEST(ReferenceData, SameConfigurationGivesTheSameStateEveryTime) {
  const ServiceConfig config = parse_service_config(testing::kSmallConfig, "test.toml");
  core::Core first;
  core::Core second;
  apply_all(&first, reference_data_commands(config));
  apply_all(&second, reference_data_commands(config));
  EXPECT_EQ(first.state_hash(), second.state_hash());
}

TEST(ReferenceData, TheExampleAppliesCleanlyAndHoldsItsInvariants) {
  const ServiceConfig config = load_service_config(CORRIDOR_EXAMPLES_DIR "/service.toml");
  core::Core core;
  apply_all(&core, reference_data_commands(config));
  EXPECT_EQ(core.participant_count(), config.participants.size());
  for (const ParticipantConfig& p : config.participants) {
    for (const AccountConfig& a : p.accounts) {
      const auto id = core.find_account(p.bic, a.currency);
      ASSERT_TRUE(id.has_value()) << p.bic_text << " " << a.currency.view();
      EXPECT_EQ(core.account(*id).balance_minor, a.opening_balance_minor) << p.bic_text;
      EXPECT_EQ(core.account(*id).credit_line_minor, a.credit_line_minor) << p.bic_text;
    }
  }
  EXPECT_EQ(core.check_invariants(), std::vector<std::string>{});
}

}  // namespace
}  // namespace corridor::gateway
