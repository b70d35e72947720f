#include "gateway/service_config.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "config_text.h"
#include "gateway/service.h"

namespace corridor::gateway {
namespace {

using testing::kSmallConfig;
using testing::replaced;

core::Bic bic(const char* text) {
  return *core::Bic::parse(text);
}
core::CurrencyCode currency(const char* text) {
  return *core::CurrencyCode::parse(text);
}

// The error message parse_service_config gives for `text` ("" if it parses).
std::string error_of(const std::string& text) {
  try {
    parse_service_config(text, "test.toml");
  } catch (const ServiceConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ServiceConfig, SmallConfigParsesWithDefaultsForOmittedSections) {
  const ServiceConfig c = parse_service_config(kSmallConfig, "test.toml");
  EXPECT_EQ(c.service.system_bic, bic("CRDRCHZ0"));
  EXPECT_EQ(c.service.listen_address, "127.0.0.1");
  EXPECT_EQ(c.service.listen_port, 8443);
  EXPECT_EQ(c.service.journal_dir, "journal");
  EXPECT_EQ(c.service.value_date, 20261130);
  EXPECT_EQ(c.tls.pki_dir, "build/demo-pki");
  EXPECT_EQ(c.tls.path_of(c.tls.ca_cert), "build/demo-pki/ca.pem");
  EXPECT_EQ(c.tls.path_of(c.tls.server_key), "build/demo-pki/server.key");
  EXPECT_EQ(c.tls.tls_version_min, TlsVersion::k1_3);
  EXPECT_EQ(c.limits.request_bytes_max, 1u << 20);
  EXPECT_EQ(c.limits.queue_len_max, 4096u);
  EXPECT_EQ(c.operator_.name, "Corridor operator");
  ASSERT_EQ(c.currencies.size(), 2u);
  EXPECT_EQ(c.currencies[0].minor_units, 2);  // from ISO 4217 when omitted
  ASSERT_EQ(c.participants.size(), 6u);
}

TEST(ServiceConfig, ParticipantsKeepKindAccountsAndExactAmounts) {
  const ServiceConfig c = parse_service_config(kSmallConfig, "test.toml");
  const ParticipantConfig* lotus = c.find_participant(bic("LTSBCNB0"));
  ASSERT_NE(lotus, nullptr);
  EXPECT_EQ(lotus->kind, core::ParticipantKind::kDirect);
  ASSERT_EQ(lotus->accounts.size(), 1u);
  EXPECT_EQ(lotus->accounts[0].opening_balance_minor, 100050);
  EXPECT_EQ(lotus->accounts[0].credit_line_minor, 20000);
  EXPECT_FALSE(lotus->accounts[0].multilateral_limit_minor.has_value());

  const ParticipantConfig* bereza = c.find_participant(bic("BERZRUM0"));
  ASSERT_NE(bereza, nullptr);
  EXPECT_EQ(bereza->bic_text, "BERZRUM0XXX");  // as configured: its certificate's CN
  EXPECT_EQ(bereza->accounts[0].multilateral_limit_minor, 30000);

  const ParticipantConfig* silk = c.find_participant(bic("SILKCNB0"));
  ASSERT_NE(silk, nullptr);
  EXPECT_EQ(silk->home_currency, currency("CNY"));
  ASSERT_EQ(silk->accounts.size(), 2u);
  EXPECT_EQ(silk->accounts[0].opening_balance_minor, 1);
  EXPECT_EQ(silk->accounts[1].opening_balance_minor, 7000);
  ASSERT_EQ(silk->accounts[1].bilateral_limits.size(), 1u);
  EXPECT_EQ(silk->accounts[1].bilateral_limits[0].counterparty, bic("BERZRUM0"));
  EXPECT_EQ(silk->accounts[1].bilateral_limits[0].limit_minor, 2500);

  const ParticipantConfig* bamboo = c.find_participant(bic("BAMBCNS0"));
  ASSERT_NE(bamboo, nullptr);
  EXPECT_EQ(bamboo->kind, core::ParticipantKind::kIndirect);
  EXPECT_EQ(bamboo->settlement_bank, bic("LTSBCNB0"));
  EXPECT_EQ(c.central_bank_of(currency("RUB"))->bic, bic("CBRURUM0"));
}

TEST(ServiceConfig, EveryOptionalSectionIsRead) {
  const std::string text = replaced(kSmallConfig, "[[currency]]", R"([tls]
pki_dir = "/etc/corridor/pki"
ca_cert = "root.pem"
tls_version_min = "1.2"

[limits]
request_bytes_max = 65536
header_timeout_ms = 1000
body_timeout_ms = 2000
idle_timeout_ms = 3000
rate_limit_per_second = 5
rate_limit_burst = 10
queue_len_max = 64
inbox_page_limit_max = 50

[operator]
name = "Ops"

[[currency]])");
  const ServiceConfig c = parse_service_config(text, "test.toml");
  EXPECT_EQ(c.tls.path_of(c.tls.ca_cert), "/etc/corridor/pki/root.pem");
  EXPECT_EQ(c.tls.tls_version_min, TlsVersion::k1_2);
  EXPECT_EQ(c.limits.request_bytes_max, 65536u);
  EXPECT_EQ(c.limits.header_timeout_ms, 1000u);
  EXPECT_EQ(c.limits.body_timeout_ms, 2000u);
  EXPECT_EQ(c.limits.idle_timeout_ms, 3000u);
  EXPECT_EQ(c.limits.rate_limit_per_second, 5u);
  EXPECT_EQ(c.limits.rate_limit_burst, 10u);
  EXPECT_EQ(c.limits.queue_len_max, 64u);
  EXPECT_EQ(c.limits.inbox_page_limit_max, 50u);
  EXPECT_EQ(c.operator_.name, "Ops");
}

TEST(ServiceConfig, TheExampleParses) {
  const ServiceConfig c = load_service_config(CORRIDOR_EXAMPLES_DIR "/service.toml");
  EXPECT_EQ(c.currencies.size(), 2u);
  int direct = 0;
  int indirect = 0;
  for (const ParticipantConfig& p : c.participants) {
    direct += p.kind == core::ParticipantKind::kDirect ? 1 : 0;
    indirect += p.kind == core::ParticipantKind::kIndirect ? 1 : 0;
  }
  EXPECT_GE(direct, 8);
  EXPECT_GE(indirect, 1);
}

TEST(ServiceConfig, UnknownKeyIsRefusedWithItsPathAndLine) {
  EXPECT_EQ(error_of(replaced(kSmallConfig, "journal_dir", "listen_prot = 1\njournal_dir")),
            "test.toml:3: service.listen_prot: unknown key");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "credit_line", "credit_lien")),
            "test.toml:29: participant[2].accounts[0].credit_lien: unknown key");
  EXPECT_EQ(error_of(kSmallConfig + "[limit]\nqueue_len_max = 3\n"),
            "test.toml:50: limit: unknown key");
}

TEST(ServiceConfig, BadBicIsRefused) {
  EXPECT_EQ(error_of(replaced(kSmallConfig, "\"LTSBCNB0\"\nname", "\"LTSB1NB0\"\nname")),
            "test.toml:26: participant[2].bic: \"LTSB1NB0\" is not an ISO 9362 BIC (8 or 11 "
            "characters)");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "CRDRCHZ0", "CRDRCHZ")),
            "test.toml:2: service.system_bic: \"CRDRCHZ\" is not an ISO 9362 BIC (8 or 11 "
            "characters)");
}

TEST(ServiceConfig, AccountInUndefinedCurrencyIsRefused) {
  EXPECT_EQ(error_of(replaced(kSmallConfig, "currency = \"CNY\", opening_balance = \"1000.50\"",
                              "currency = \"EUR\", opening_balance = \"1000.50\"")),
            "test.toml:29: participant[2].accounts[0].currency: \"EUR\" is not a currency "
            "defined in [[currency]]");
}

TEST(ServiceConfig, CurrencyOutsideIso4217OrWithWrongMinorUnitsIsRefused) {
  EXPECT_EQ(error_of(replaced(kSmallConfig, "code = \"RUB\"", "code = \"XQZ\"")),
            "test.toml:10: currency[1].code: \"XQZ\" is not an active ISO 4217 currency");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "minor_units = 2", "minor_units = 0")),
            "test.toml:11: currency[1].minor_units: ISO 4217 gives RUB 2 minor units, not 0");
}

TEST(ServiceConfig, IndirectParticipantNeedsAnExistingDirectSettlementBank) {
  EXPECT_EQ(error_of(replaced(kSmallConfig, "settlement_bank = \"LTSBCNB0\"",
                              "settlement_bank = \"NONECNB0\"")),
            "test.toml:49: participant[5].settlement_bank: NONECNB0 is not a [[participant]]");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "settlement_bank = \"LTSBCNB0\"",
                              "settlement_bank = \"CBCNCNB0\"")),
            "test.toml:49: participant[5].settlement_bank: CBCNCNB0 is a central_bank "
            "participant; a settlement bank must be direct");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "settlement_bank = \"LTSBCNB0\"\n", "")),
            "test.toml:45: participant[5]: missing required key \"settlement_bank\"");
}

TEST(ServiceConfig, DuplicateBicIsRefusedEvenInAnotherForm) {
  // BIC8 and BIC11 with branch XXX name the same institution.
  EXPECT_EQ(error_of(replaced(kSmallConfig, "\"SILKCNB0\"", "\"LTSBCNB0XXX\"")),
            "test.toml:38: participant[4].bic: LTSBCNB0XXX is defined twice (also as LTSBCNB0)");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "\"SILKCNB0\"", "\"CRDRCHZ0\"")),
            "test.toml:38: participant[4].bic: CRDRCHZ0 is the system BIC ([service] "
            "system_bic), not a participant");
}

TEST(ServiceConfig, BadPortIsRefused) {
  EXPECT_EQ(error_of(replaced(kSmallConfig, "journal_dir", "listen_port = 70000\njournal_dir")),
            "test.toml:3: service.listen_port: 70000 is out of range [0, 65535]");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "journal_dir", "listen_port = \"8443\"\njournal_dir")),
            "test.toml:3: service.listen_port: expected an integer, found a string");
}

TEST(ServiceConfig, ExactlyOncePaymentsReservedHasADefaultAndARange) {
  EXPECT_EQ(parse_service_config(kSmallConfig, "test.toml").service.exactly_once_payments_reserved,
            uint64_t{1} << 20);
  EXPECT_EQ(parse_service_config(replaced(kSmallConfig, "journal_dir",
                                          "exactly_once_payments_reserved = 5000000\njournal_dir"),
                                 "test.toml")
                .service.exactly_once_payments_reserved,
            5'000'000u);
  EXPECT_EQ(
      error_of(
          replaced(kSmallConfig, "journal_dir", "exactly_once_payments_reserved = 0\njournal_dir")),
      "test.toml:3: service.exactly_once_payments_reserved: 0 is out of range [1, 268435456]");
}

TEST(ServiceConfig, ViewsPaymentsReservedHasADefaultAndARange) {
  EXPECT_EQ(parse_service_config(kSmallConfig, "test.toml").service.views_payments_reserved,
            uint64_t{1} << 18);
  EXPECT_EQ(parse_service_config(replaced(kSmallConfig, "journal_dir",
                                          "views_payments_reserved = 3000000\njournal_dir"),
                                 "test.toml")
                .service.views_payments_reserved,
            3'000'000u);
  EXPECT_EQ(
      error_of(replaced(kSmallConfig, "journal_dir",
                        "views_payments_reserved = 268435457\njournal_dir")),
      "test.toml:3: service.views_payments_reserved: 268435457 is out of range [1, 268435456]");
}

TEST(ServiceConfig, AViewsReservationOverHalfTheMachinesMemoryIsRefusedWithWhatItTakes) {
  constexpr uint64_t kPhysicalBytes = uint64_t{16} << 30;
  // The default fits easily: about half a kilobyte a payment.
  EXPECT_GT(views_reserved_bytes(1), 400u);
  EXPECT_LT(views_reserved_bytes(1), 600u);
  EXPECT_EQ(views_reservation_problem(uint64_t{1} << 18, kPhysicalBytes), std::nullopt);
  // Exactly at half: accepted; one payment more: refused, saying how much it takes.
  const uint64_t most = kPhysicalBytes / 2 / views_reserved_bytes(1);
  EXPECT_EQ(views_reservation_problem(most, kPhysicalBytes), std::nullopt);
  const std::optional<std::string> refused = views_reservation_problem(most + 1, kPhysicalBytes);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(*refused, "service.views_payments_reserved: " + std::to_string(most + 1) +
                          " payments take " + std::to_string(views_reserved_bytes(most + 1) >> 20) +
                          " MiB backed at start, more than half of this machine's 16384 MiB");
}

TEST(ServiceConfig, CurrencyWithoutCentralBankIsRefused) {
  EXPECT_EQ(error_of(replaced(kSmallConfig, "home_currency = \"RUB\"", "home_currency = \"CNY\"")),
            "test.toml:23: participant[1].home_currency: currency CNY already has a central bank "
            "(CBCNCNB0)");
  const std::string no_rub_bank =
      replaced(kSmallConfig,
               "[[participant]]\nbic = \"CBRURUM0\"\nname = \"RUB central bank\"\nkind = "
               "\"central_bank\"\nhome_currency = \"RUB\"\n",
               "");
  EXPECT_EQ(error_of(no_rub_bank),
            "test.toml:1: (top level): currency RUB has no central bank: add a [[participant]] "
            "with kind = \"central_bank\" and home_currency = \"RUB\"");
}

TEST(ServiceConfig, AmountsAreExactDecimalTextOnly) {
  EXPECT_EQ(error_of(replaced(kSmallConfig, "opening_balance = \"1000.50\"",
                              "opening_balance = 1000.50")),
            "test.toml:29: participant[2].accounts[0].opening_balance: expected a string, found "
            "a float");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "\"1000.50\"", "\"1000.505\"")),
            "test.toml:29: participant[2].accounts[0].opening_balance: \"1000.505\" has more "
            "decimals than CNY allows (2)");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "\"1000.50\"", "\"-5\"")),
            "test.toml:29: participant[2].accounts[0].opening_balance: \"-5\" is negative");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "\"1000.50\"", "\"1,000\"")),
            "test.toml:29: participant[2].accounts[0].opening_balance: \"1,000\" is not an "
            "amount");
}

TEST(ServiceConfig, BilateralLimitNeedsACounterpartyInItsCurrencyOnAnotherAccount) {
  EXPECT_EQ(error_of(replaced(kSmallConfig, "counterparty = \"BERZRUM0\"",
                              "counterparty = \"LTSBCNB0\"")),
            "test.toml:43: participant[4].accounts[1].bilateral_limits[0].counterparty: LTSBCNB0 "
            "does not settle in RUB");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "counterparty = \"BERZRUM0\"",
                              "counterparty = \"SILKCNB0\"")),
            "test.toml:43: participant[4].accounts[1].bilateral_limits[0].counterparty: SILKCNB0 "
            "settles on SILKCNB0's own account");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "counterparty = \"BERZRUM0\"",
                              "counterparty = \"NONERUM0\"")),
            "test.toml:43: participant[4].accounts[1].bilateral_limits[0].counterparty: NONERUM0 "
            "is not a [[participant]]");
}

TEST(ServiceConfig, KindRulesAreEnforced) {
  EXPECT_EQ(error_of(replaced(kSmallConfig, "kind = \"indirect\"", "kind = \"agent\"")),
            "test.toml:48: participant[5].kind: \"agent\" is not one of central_bank, direct, "
            "indirect");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "kind = \"indirect\"",
                              "kind = \"indirect\"\naccounts = [{ currency = \"CNY\" }]")),
            "test.toml:49: participant[5].accounts: an indirect participant settles on its "
            "settlement bank's accounts: give no \"accounts\"");
  EXPECT_EQ(error_of(replaced(kSmallConfig,
                              "home_currency = \"CNY\"\n\n[[participant]]\nbic = "
                              "\"CBRURUM0\"",
                              "\n[[participant]]\nbic = \"CBRURUM0\"")),
            "test.toml:13: participant[0]: a central bank needs \"home_currency\" (the currency it "
            "issues)");
  EXPECT_EQ(error_of(replaced(
                kSmallConfig, "kind = \"direct\"\naccounts = [{ currency = \"CNY\"",
                "kind = \"direct\"\nhome_currency = \"RUB\"\naccounts = [{ currency = \"CNY\"")),
            "test.toml:29: participant[2].home_currency: LTSBCNB0 has no account in RUB");
}

TEST(ServiceConfig, NamesMustFitACertificate) {
  const std::string long_name(65, 'n');
  EXPECT_EQ(error_of(replaced(kSmallConfig, "\"Lotus Bank\"", "\"" + long_name + "\"")),
            "test.toml:27: participant[2].name: is 65 bytes; at most 64 (it becomes a "
            "certificate's O=)");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "name = \"Lotus Bank\"\n", "")),
            "test.toml:25: participant[2]: missing required key \"name\"");
}

TEST(ServiceConfig, CentralBankGetsNoConfiguredAccounts) {
  EXPECT_EQ(error_of(replaced(kSmallConfig, "home_currency = \"RUB\"",
                              "home_currency = \"RUB\"\naccounts = [{ currency = \"RUB\" }]")),
            "test.toml:24: participant[1].accounts: a central bank has one account, in its home "
            "currency, opened for it: give no \"accounts\"");
}

TEST(ServiceConfig, ServiceSectionIsRequiredAndChecked) {
  EXPECT_EQ(error_of(replaced(kSmallConfig, "[service]", "[services]")),
            "test.toml:1: (top level): missing required table [service]");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "journal_dir = \"journal\"\n", "")),
            "test.toml:1: service: missing required key \"journal_dir\"");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "2026-11-30", "20260230")),
            "test.toml:4: service.value_date: 20260230 is not a valid date between 1970 and 2200");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "journal_dir",
                              "listen_address = \"bad address!\"\njournal_dir")),
            "test.toml:3: service.listen_address: \"bad address!\" is neither an IP address nor "
            "a host name");
  EXPECT_EQ(error_of(replaced(kSmallConfig, "[[currency]]",
                              "[tls]\ntls_version_min = \"1.1\"\n\n[[currency]]")),
            "test.toml:7: tls.tls_version_min: \"1.1\" is not \"1.2\" or \"1.3\"");
}

TEST(ServiceConfig, TomlSyntaxErrorNamesLineAndColumn) {
  const std::string message =
      error_of(replaced(kSmallConfig, "journal_dir = \"journal\"", "journal_dir = \"journal"));
  EXPECT_EQ(message.rfind("test.toml:3:", 0), 0u) << message;
  EXPECT_NE(message.find("TOML syntax error"), std::string::npos) << message;
}

TEST(ServiceConfig, MissingFileIsAnError) {
  EXPECT_THROW(load_service_config("/nonexistent/service.toml"), ServiceConfigError);
}

}  // namespace
}  // namespace corridor::gateway
