// Cross-currency payments in the simulator: FX providers' quotes, generated
// and explicit cross-currency payments (settlement rule 13), their bounds and
// how the runner counts them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/fx_rate.h"
#include "sim/bounds.h"
#include "sim/generator.h"
#include "sim/payments_csv.h"
#include "sim/runner.h"
#include "sim/scenario.h"
#include "sim/sweep.h"
#include "test_scenarios.h"

namespace corridor::sim {
namespace {

using ::testing::HasSubstr;

core::CurrencyCode ccy(const char* code) {
  return *core::CurrencyCode::parse(code);
}
core::Bic bic(const char* text) {
  return *core::Bic::parse(text);
}

// EUR and USD. A holds both, B only EUR, C only USD; F, an FX provider with
// both, sells USD for EUR at 1.0845 (at most 1,000.00 EUR a payment) and takes
// no part in generated payments of its own (weight 0).
std::string two_currencies(const std::string& rest) {
  return testing::scenario_day() + R"([[currency]]
code = "EUR"
[[currency]]
code = "USD"
[[central_bank]]
bic = "ECBKDEFF"
currency = "EUR"
[[central_bank]]
bic = "FRBKUS33"
currency = "USD"
[[bank]]
bic = "BANKAAFF"
accounts = [{ currency = "EUR" }, { currency = "USD" }]
[[bank]]
bic = "BANKBBFF"
accounts = [{ currency = "EUR" }]
[[bank]]
bic = "BANKCCUS"
accounts = [{ currency = "USD" }]
[[bank]]
bic = "FXPRGB2L"
weight = 0
accounts = [{ currency = "EUR" }, { currency = "USD" }]
[[fx_provider]]
bic = "FXPRGB2L"
base = "EUR"
quote = "USD"
rate_units = 10845
rate_scale = 4
max_per_payment_major = 1_000
)" + rest;
}

std::string generated(const char* share, int count = 20'000, int seed = 7) {
  return "[payments]\ncount = " + std::to_string(count) + "\nseed = " + std::to_string(seed) +
         "\ncross_currency_share = " + share +
         "\n[[payments.currency]]\ncode = \"EUR\"\ndecades_max = 4\n";
}

Scenario parse(const std::string& toml) {
  return parse_scenario(toml, "fx.toml");
}

TEST(CrossCurrencyGeneration, SameSeedSamePaymentsOtherSeedOthers) {
  const Scenario s = parse(two_currencies(generated("0.3", 2'000)));
  const std::vector<PlannedPayment> one = plan_payments(s);
  const std::vector<PlannedPayment> two = plan_payments(s);
  ASSERT_EQ(one.size(), two.size());
  for (size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].at_ns, two[i].at_ns);
    EXPECT_EQ(one[i].command.uetr, two[i].command.uetr);
    EXPECT_EQ(one[i].command.creditor_agent, two[i].command.creditor_agent);
    EXPECT_EQ(one[i].fx_quote_id, two[i].fx_quote_id);
    EXPECT_EQ(one[i].settlement_amount_minor, two[i].settlement_amount_minor);
  }
  const Scenario other = parse(two_currencies(generated("0.3", 2'000, 8)));
  const std::vector<PlannedPayment> three = plan_payments(other);
  size_t differ = 0;
  for (size_t i = 0; i < one.size(); ++i) differ += one[i].fx_quote_id != three[i].fx_quote_id;
  EXPECT_GT(differ, 0u);
}

TEST(CrossCurrencyGeneration, TheShareIsRespectedAndAmountsAreTheCoresConversion) {
  const Scenario s = parse(two_currencies(generated("0.25")));
  EXPECT_EQ(s.generation.cross_currency_ppm, 250'000u);
  const std::vector<PlannedPayment> plan = plan_payments(s);
  ASSERT_EQ(plan.size(), 20'000u);
  size_t cross = 0;
  for (const PlannedPayment& p : plan) {
    if (!p.cross_currency()) {
      EXPECT_EQ(p.command.currency, ccy("EUR"));
      continue;
    }
    ++cross;
    EXPECT_EQ(p.fx_quote_id, 1u);
    EXPECT_EQ(p.fx_provider, bic("FXPRGB2L"));
    EXPECT_EQ(p.command.currency, ccy("EUR"));
    EXPECT_EQ(p.settlement_currency, ccy("USD"));
    EXPECT_LE(p.command.amount_minor, 1'000'00) << "capped at the quote's maximum";
    EXPECT_EQ(p.settlement_amount_minor,
              core::convert_half_even(p.command.amount_minor, 10845, 4, 2, 2));
    // The creditor settles in USD and not on the provider's account; nor on the debtor's bank.
    EXPECT_TRUE(s.settles_in(p.command.creditor_agent, ccy("USD")));
    EXPECT_NE(p.command.creditor_agent, bic("FXPRGB2L"));
    EXPECT_NE(p.command.creditor_agent, p.command.debtor_agent);
  }
  // 25% of 20,000 = 5,000; binomial standard deviation ~61: +-300 is ~5 sigma.
  EXPECT_GT(cross, 4'700u);
  EXPECT_LT(cross, 5'300u);
}

TEST(CrossCurrencyGeneration, ShareZeroChangesNothing) {
  // Without the key, or with 0, not a single extra draw: the same day as before.
  const Scenario with_zero = parse(two_currencies(generated("0", 500)));
  std::string without = two_currencies(generated("0", 500));
  without.erase(without.find("cross_currency_share = 0\n"), 25);
  const std::vector<PlannedPayment> a = plan_payments(with_zero);
  const std::vector<PlannedPayment> b = plan_payments(parse(without));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].command.uetr, b[i].command.uetr);
    EXPECT_FALSE(a[i].cross_currency());
  }
}

std::string fx_payment(const char* from, const char* to, const char* currency, int amount,
                       const char* at, const char* settlement = nullptr) {
  return testing::payment_toml(
      from, to, currency, amount, at,
      settlement == nullptr ? "" : std::string("settlement_currency = \"") + settlement + "\"");
}

// 09:00 A pays C 100.00 EUR -> 108.45 USD through F; 10:00 C pays A 50.00 USD;
// 11:00 B pays A 30.00 EUR.
std::string hand_day() {
  return two_currencies(fx_payment("BANKAAFF", "BANKCCUS", "EUR", 100'00, "09:00:00", "USD") +
                        fx_payment("BANKCCUS", "BANKAAFF", "USD", 50'00, "10:00:00") +
                        fx_payment("BANKBBFF", "BANKAAFF", "EUR", 30'00, "11:00:00"));
}

TEST(CrossCurrencyBounds, BothLegsCountOnTheirAccountsAndCurrencies) {
  // Cumulative net outflow per account and currency, in arrival order:
  //   A EUR: +100.00 (leg 1), then -30.00      -> upper 100.00, lower 70.00
  //   A USD: -50.00                            -> upper 0, lower 0
  //   B EUR: +30.00                            -> upper 30.00, lower 30.00
  //   C USD: -108.45 (leg 2), then +50.00      -> upper 0, lower 0
  //   F EUR: -100.00 (receives leg 1)          -> upper 0, lower 0
  //   F USD: +108.45 (pays leg 2)              -> upper 108.45, lower 108.45
  const Scenario s = parse(hand_day());
  const std::vector<PlannedPayment> plan = plan_payments(s);
  ASSERT_EQ(plan.size(), 3u);
  ASSERT_TRUE(plan[0].cross_currency());
  EXPECT_EQ(plan[0].settlement_amount_minor, 108'45);
  const std::vector<AccountBounds> b = liquidity_bounds(s, plan);
  ASSERT_EQ(b.size(), 6u);
  auto expect = [&](size_t i, const char* who, const char* currency, int64_t upper, int64_t lower) {
    SCOPED_TRACE(std::string(who) + " " + currency);
    EXPECT_EQ(b[i].bic, bic(who));
    EXPECT_EQ(b[i].currency, ccy(currency));
    EXPECT_EQ(b[i].upper_minor, upper);
    EXPECT_EQ(b[i].lower_minor, lower);
  };
  expect(0, "BANKAAFF", "EUR", 100'00, 70'00);
  expect(1, "BANKAAFF", "USD", 0, 0);
  expect(2, "BANKBBFF", "EUR", 30'00, 30'00);
  expect(3, "BANKCCUS", "USD", 0, 0);
  expect(4, "FXPRGB2L", "EUR", 0, 0);
  expect(5, "FXPRGB2L", "USD", 108'45, 108'45);
}

TEST(CrossCurrencyRunner, APaymentCountsOnceInItsInstructedCurrency) {
  // Every account at its upper bound: everything settles on arrival.
  Scenario s = parse(hand_day());
  const std::vector<AccountBounds> bounds = liquidity_bounds(s, plan_payments(s));
  size_t next = 0;
  for (BankSpec& bank : s.banks) {
    for (AccountSpec& a : bank.accounts) a.opening_liquidity_minor = bounds[next++].upper_minor;
  }
  RunOptions options;
  options.check_every_commands = 1;
  const SimFigures f = run_scenario(s, options);
  EXPECT_TRUE(f.invariant_violations.empty());
  ASSERT_EQ(f.currencies.size(), 2u);
  const CurrencyFigures& eur = f.currencies[0];
  const CurrencyFigures& usd = f.currencies[1];
  EXPECT_EQ(eur.submitted.count, 2u);
  EXPECT_EQ(eur.submitted.value_minor, 130'00);
  EXPECT_EQ(eur.settled.count, 2u);
  EXPECT_EQ(eur.settled.value_minor, 130'00);
  // USD: only C's own payment; the 108.45 of leg 2 is not a second payment.
  EXPECT_EQ(usd.submitted.count, 1u);
  EXPECT_EQ(usd.settled.count, 1u);
  EXPECT_EQ(usd.settled.value_minor, 50'00);
  EXPECT_EQ(eur.settled_by[static_cast<size_t>(core::SettledBy::kEntry)].count, 2u);
  // F ends with 100.00 EUR more and 108.45 USD less: the legs moved.
  for (const AccountFigures& a : f.accounts) {
    if (a.bic != bic("FXPRGB2L")) continue;
    const int64_t change = a.balance_close_minor - a.balance_open_minor;
    EXPECT_EQ(change, a.currency == ccy("EUR") ? 100'00 : -108'45) << a.currency.view();
  }
}

TEST(CrossCurrencyRunner, WithoutTheProvidersLiquidityThePairQueuesAsOne) {
  // Nobody has anything: the pair queues (counted once, in EUR) and is
  // rejected at the end of the day.
  const SimFigures f = run_scenario(parse(hand_day()));
  EXPECT_TRUE(f.invariant_violations.empty());
  EXPECT_EQ(f.currencies[0].peak_queue.value_minor, 130'00);
  EXPECT_EQ(f.currencies[0].rejected_later.count, 2u);
  EXPECT_EQ(f.currencies[1].rejected_later.count, 1u);
  EXPECT_EQ(f.currencies[1].rejected_later.value_minor, 50'00);
}

TEST(CrossCurrencyCsv, TheSettlementCurrencyColumnMakesAPaymentCrossCurrency) {
  const Scenario s = parse(two_currencies(""));
  const std::vector<PaymentSpec> p = parse_payments_csv(
      "time,debtor,creditor,amount,currency,settlement_currency\n"
      "09:00,BANKAAFF,BANKCCUS,100.00,EUR,USD\n"
      "09:01,BANKAAFF,BANKBBFF,5.00,EUR,\n"
      "09:02,BANKBBFF,BANKAAFF,6.00,EUR,EUR\n",
      "day.csv", s);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].settlement_currency, ccy("USD"));
  EXPECT_FALSE(p[1].settlement_currency.has_value()) << "empty: the same currency";
  EXPECT_FALSE(p[2].settlement_currency.has_value()) << "the same currency: an ordinary payment";
  auto error = [&](const std::string& line) {
    try {
      parse_payments_csv("time,debtor,creditor,amount,currency,settlement_currency\n" + line,
                         "day.csv", s);
    } catch (const ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error("09:00,BANKAAFF,BANKBBFF,1.00,EUR,USD\n"),
            "day.csv:2: creditor: BANKBBFF is not a participant settling in USD");
  EXPECT_EQ(error("09:00,BANKCCUS,BANKAAFF,1.00,USD,EUR\n"),
            "day.csv:2: settlement_currency: no [[fx_provider]] quotes USD -> EUR");
  EXPECT_EQ(error("09:00,BANKAAFF,BANKCCUS,1.00,EUR,XXX\n"),
            "day.csv:2: settlement_currency: \"XXX\" is not a currency defined in [[currency]]");
}

TEST(CrossCurrencyScenario, ProvidersAndSettlementCurrenciesAreValidated) {
  std::string bad_provider = two_currencies("");
  bad_provider.replace(bad_provider.rfind("bic = \"FXPRGB2L\""), 16, "bic = \"BANKBBFF\"");
  EXPECT_THAT(testing::parse_error(bad_provider),
              HasSubstr("fx_provider[0].bic: BANKBBFF is not a participant settling in USD"));
  EXPECT_THAT(testing::parse_error(
                  two_currencies(fx_payment("BANKCCUS", "BANKAAFF", "USD", 1, "09:00:00", "EUR"))),
              HasSubstr("settlement_currency: no [[fx_provider]] quotes USD -> EUR"));
  EXPECT_THAT(testing::parse_error(
                  two_currencies(fx_payment("BANKAAFF", "BANKBBFF", "EUR", 1, "09:00:00", "USD"))),
              HasSubstr("BANKBBFF is not a participant settling in USD"));
  EXPECT_THAT(testing::parse_error(two_currencies(generated("1.5"))),
              HasSubstr("cross_currency_share: must be from 0 to 1"));
}

TEST(CrossCurrencyExample, TheFxAndDnsDayRunsAndSweepsWithItsInvariants) {
  Scenario s = load_scenario(testing::example_path("fx-dns-day.toml"));
  EXPECT_EQ(s.dns_cycle_minutes, 60) << "[dns] cycle_minutes";
  EXPECT_EQ(s.generation.cross_currency_ppm, 200'000u);
  size_t cross = 0;
  for (const PlannedPayment& p : plan_payments(s)) cross += p.cross_currency();
  EXPECT_GT(cross, 100u);
  RunOptions options;
  options.check_every_commands = 500;
  const SimFigures day = run_scenario(s, options);
  EXPECT_TRUE(day.invariant_violations.empty());
  EXPECT_GT(day.dns.cycles_settled, 0u);
  s.sweep.levels = 2;
  SweepOptions sweep_options;
  sweep_options.threads = 2;
  const SweepResult r = run_sweep(s, sweep_options);
  ASSERT_EQ(r.runs.size(), 4u * 2u);
  for (const SweepRun& run : r.runs) {
    SCOPED_TRACE(r.policies[run.policy].key + " " + std::to_string(run.level));
    EXPECT_TRUE(run.figures.invariant_violations.empty());
    for (const CurrencyFigures& c : run.figures.currencies) {
      EXPECT_EQ(c.submitted.count,
                c.settled.count + c.rejected_on_submission.count + c.rejected_later.count);
    }
  }
  EXPECT_GT(r.run(3, 1).figures.dns.cycles_settled, 0u);  // dns at the upper bound
}

}  // namespace
}  // namespace corridor::sim
