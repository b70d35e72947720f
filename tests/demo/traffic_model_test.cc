// The demo's traffic model: reproducible from its seed, amounts within the
// bounds it derives from the configuration, counterparties that fit the
// accounts, and messages that parse and map with no problem to exactly the
// planned payment.
#include "demo/traffic_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "demo/demo_message.h"
#include "gateway/service_config.h"
#include "iso20022/mapping.h"
#include "iso20022/parse.h"

namespace corridor::demo {
namespace {

constexpr core::TimestampNs kCreatedNs = 1'796'025'600'000'000'000;  // 2026-11-30T10:00:00Z

gateway::ServiceConfig example_config() {
  return gateway::load_service_config(std::string(CORRIDOR_EXAMPLES_DIR) + "/service.toml");
}

std::vector<DemoPayment> all_of(const TrafficModel& model, size_t bank) {
  std::vector<DemoPayment> payments;
  TrafficModel::BankTraffic traffic = model.traffic_of(bank);
  while (std::optional<DemoPayment> p = traffic.next()) payments.push_back(*p);
  return payments;
}

std::vector<DemoPayment> all_of(const TrafficModel& model) {
  std::vector<DemoPayment> payments;
  for (size_t b = 0; b < model.banks().size(); ++b) {
    std::vector<DemoPayment> mine = all_of(model, b);
    payments.insert(payments.end(), mine.begin(), mine.end());
  }
  return payments;
}

bool same(const DemoPayment& a, const DemoPayment& b) {
  return a.at_ns == b.at_ns && a.sender == b.sender && a.kind == b.kind &&
         a.instructing_agent == b.instructing_agent && a.instructed_agent == b.instructed_agent &&
         a.currency == b.currency && a.amount_minor == b.amount_minor && a.urgent == b.urgent &&
         a.uetr == b.uetr && a.id == b.id && a.customer == b.customer &&
         a.settlement_currency == b.settlement_currency &&
         a.settlement_amount_minor == b.settlement_amount_minor && a.quote_id == b.quote_id;
}

// The direct bank whose account `bic` settles on in `currency` ("" when none).
core::Bic account_owner(const gateway::ServiceConfig& config, const core::Bic& bic,
                        const core::CurrencyCode& currency) {
  const gateway::ParticipantConfig* p = config.find_participant(bic);
  if (p == nullptr) return core::Bic();
  if (p->kind == core::ParticipantKind::kIndirect) p = config.find_participant(p->settlement_bank);
  for (const gateway::AccountConfig& a : p->accounts) {
    if (a.currency == currency) return p->bic;
  }
  return core::Bic();
}

TEST(TrafficModel, TheSameSeedGivesTheSamePaymentsAndAnotherSeedOthers) {
  const gateway::ServiceConfig config = example_config();
  const TrafficModel a(config, {.seed = 7, .seconds = 20, .rate_per_second = 300});
  const TrafficModel b(config, {.seed = 7, .seconds = 20, .rate_per_second = 300});
  const TrafficModel c(config, {.seed = 8, .seconds = 20, .rate_per_second = 300});
  const std::vector<DemoPayment> pa = all_of(a), pb = all_of(b), pc = all_of(c);
  ASSERT_EQ(pa.size(), pb.size());
  for (size_t i = 0; i < pa.size(); ++i) ASSERT_TRUE(same(pa[i], pb[i])) << "payment " << i;
  size_t differ = 0;
  for (size_t i = 0; i < std::min(pa.size(), pc.size()); ++i) differ += same(pa[i], pc[i]) ? 0 : 1;
  EXPECT_GT(differ, pa.size() / 2);
}

TEST(TrafficModel, RunsOfDifferentSeedsShareNoIdSoAKeptJournalCanContinue) {
  const gateway::ServiceConfig config = example_config();
  std::set<std::string> ids;
  for (const DemoPayment& p : all_of(TrafficModel(config, {.seed = 1, .seconds = 10}))) {
    ids.insert(p.id);
  }
  for (const DemoPayment& p : all_of(TrafficModel(config, {.seed = 2, .seconds = 10}))) {
    EXPECT_FALSE(ids.contains(p.id)) << p.id;
  }
}

TEST(TrafficModel, EveryDirectBankSendsAndTheRateIsTheOneAskedFor) {
  const gateway::ServiceConfig config = example_config();
  const TrafficModel model(config, {.seed = 1, .seconds = 60, .rate_per_second = 300});
  ASSERT_EQ(model.banks().size(), 8u);
  size_t total = 0;
  for (size_t b = 0; b < model.banks().size(); ++b) {
    const std::vector<DemoPayment> mine = all_of(model, b);
    EXPECT_GT(mine.size(), 500u) << model.banks()[b].bic_text;
    total += mine.size();
  }
  // 18,000 planned on average; random gaps and bulk files keep it within 10%.
  EXPECT_GT(total, 16'200u);
  EXPECT_LT(total, 19'800u);
}

TEST(TrafficModel, PaymentsAreInTimeOrderWithinTheRunAndFitTheAccounts) {
  const gateway::ServiceConfig config = example_config();
  const TrafficModel model(config, {.seed = 3, .seconds = 30, .rate_per_second = 400});
  const int64_t duration_ns = int64_t{30} * 1'000'000'000;
  std::set<core::Uetr> uetrs;
  std::set<std::string> ids;
  std::map<PaymentKind, size_t> kinds;
  size_t urgent = 0, from_indirect = 0, bulk = 0;
  for (size_t b = 0; b < model.banks().size(); ++b) {
    int64_t last_ns = 0;
    for (const DemoPayment& p : all_of(model, b)) {
      SCOPED_TRACE(p.id);
      EXPECT_EQ(p.sender, b);
      EXPECT_GE(p.at_ns, last_ns);
      EXPECT_LT(p.at_ns, duration_ns);
      bulk += p.at_ns == last_ns ? 1 : 0;
      last_ns = p.at_ns;
      EXPECT_TRUE(p.uetr.is_version4());
      EXPECT_TRUE(uetrs.insert(p.uetr).second) << "UETR repeated";
      EXPECT_TRUE(ids.insert(p.id).second) << "id repeated";
      EXPECT_LE(p.id.size(), 35u);
      // The sender's account pays: its own, or the one its indirect participant settles on.
      EXPECT_EQ(account_owner(config, p.instructing_agent, p.currency), model.banks()[b].bic);
      from_indirect += p.instructing_agent != model.banks()[b].bic ? 1 : 0;
      // A cross-currency payment's creditor is paid in the other currency, not
      // on the FX provider's account (the core would refuse it, AG01).
      const bool cross = p.kind == PaymentKind::kCrossCurrency;
      const core::Bic to =
          account_owner(config, p.instructed_agent, cross ? p.settlement_currency : p.currency);
      if (cross) {
        ASSERT_TRUE(model.fx());
        EXPECT_NE(to, model.banks()[model.fx()->provider].bic);
        EXPECT_NE(p.instructing_agent, model.banks()[model.fx()->provider].bic);
        EXPECT_NE(p.settlement_currency, p.currency);
        EXPECT_GT(p.settlement_amount_minor, 0);
      }
      if (p.kind == PaymentKind::kDns) {
        EXPECT_FALSE(p.urgent);
      }
      if (p.kind == PaymentKind::kMisrouted) {
        EXPECT_TRUE(to.empty()) << "a misrouted payment goes to a bank without the currency";
      } else {
        EXPECT_FALSE(to.empty());
        EXPECT_NE(to, model.banks()[b].bic) << "payer and payee on one account";
      }
      ++kinds[p.kind];
      urgent += p.urgent ? 1 : 0;
    }
  }
  // The mix the demo shows: customer and bank transfers, rollovers, a few
  // misrouted payments, urgent ones, bulk files, payments for the indirect bank.
  EXPECT_GT(kinds[PaymentKind::kCustomer], kinds[PaymentKind::kInterbank] * 3);
  EXPECT_GT(kinds[PaymentKind::kInterbank], 0u);
  EXPECT_EQ(kinds[PaymentKind::kRolloverRepay], 7u);  // 15 a minute
  EXPECT_EQ(kinds[PaymentKind::kRolloverLoan], 7u);
  EXPECT_GT(kinds[PaymentKind::kMisrouted], 0u);
  EXPECT_LT(kinds[PaymentKind::kMisrouted], ids.size() / 100);
  // About 6% of customer payments each: cross-currency and DNS.
  EXPECT_GT(kinds[PaymentKind::kCrossCurrency], kinds[PaymentKind::kCustomer] / 50);
  EXPECT_LT(kinds[PaymentKind::kCrossCurrency], kinds[PaymentKind::kCustomer] / 5);
  EXPECT_GT(kinds[PaymentKind::kDns], kinds[PaymentKind::kCustomer] / 50);
  EXPECT_LT(kinds[PaymentKind::kDns], kinds[PaymentKind::kCustomer] / 5);
  EXPECT_GT(urgent, 0u);
  EXPECT_GT(bulk, 0u);
  EXPECT_GT(from_indirect, 0u);
}

TEST(TrafficModel, AmountsAreWithinTheBoundsDerivedFromTheConfiguration) {
  const gateway::ServiceConfig config = example_config();
  const TrafficModel model(config, {.seed = 11, .seconds = 60, .rate_per_second = 300});
  // The smallest CNY liquidity is Peony's 12,500,000.50: 1/50,000 of it is
  // 250.00, so the unit is 100.00 CNY; RUB (Sokol, 150,000,000.00): 1,000.00.
  EXPECT_EQ(model.currencies()[model.currency_index(*core::CurrencyCode::parse("CNY"))].unit_minor,
            10'000);
  EXPECT_EQ(model.currencies()[model.currency_index(*core::CurrencyCode::parse("RUB"))].unit_minor,
            100'000);
  std::map<std::string, DemoPayment> repayments;
  for (const DemoPayment& p : all_of(model)) {
    SCOPED_TRACE(p.id);
    const DemoCurrency& c = model.currencies()[model.currency_index(p.currency)];
    EXPECT_EQ(p.amount_minor % c.unit_minor, 0);
    if (p.kind == PaymentKind::kRolloverRepay || p.kind == PaymentKind::kRolloverLoan) {
      EXPECT_GE(p.amount_minor, c.bounds.large_min_minor);
      EXPECT_LE(p.amount_minor, c.bounds.large_max_minor);
      EXPECT_FALSE(p.urgent) << "a queued urgent payment would hold back the bank's others";
    } else {
      EXPECT_GE(p.amount_minor, c.bounds.regular_min_minor);
      EXPECT_LE(p.amount_minor, c.bounds.regular_max_minor);
    }
    if (p.kind == PaymentKind::kRolloverRepay) repayments[p.id.substr(9)] = p;
  }
  // Each repayment is more than the repaying bank's liquidity (so it queues);
  // its loan comes later, from the lender, and is at least as large.
  ASSERT_EQ(repayments.size(), 15u);
  for (const DemoPayment& p : all_of(model)) {
    if (p.kind != PaymentKind::kRolloverLoan) continue;
    const DemoPayment& repay = repayments.at(p.id.substr(9));
    EXPECT_EQ(p.instructing_agent, repay.instructed_agent);
    EXPECT_EQ(p.instructed_agent, repay.instructing_agent);
    EXPECT_GT(p.at_ns, repay.at_ns);
    EXPECT_GE(p.amount_minor, repay.amount_minor);
    const DemoBank& repayer = model.banks()[repay.sender];
    for (size_t a = 0; a < repayer.currencies.size(); ++a) {
      if (repayer.currencies[a] == repay.currency) {
        EXPECT_GT(repay.amount_minor, repayer.liquidity_minor[a]);
      }
    }
  }
}

TEST(DemoMessage, EveryPaymentParsesAndMapsToExactlyThePlannedCommand) {
  const gateway::ServiceConfig config = example_config();
  const TrafficModel model(config, {.seed = 5, .seconds = 20, .rate_per_second = 100});
  size_t checked = 0;
  for (const DemoPayment& p : all_of(model)) {
    SCOPED_TRACE(p.id);
    const std::string xml = render_payment(model, p, kCreatedNs);
    const iso20022::Message message = iso20022::parse_message(xml);
    ASSERT_TRUE(message.ok()) << message.problems.front().text << "\n" << xml;
    EXPECT_EQ(*message.type, is_pacs009(p.kind) ? iso20022::MessageType::kPacs009v08
                                                : iso20022::MessageType::kPacs008v08);
    EXPECT_EQ(message.header.from_bic, model.banks()[p.sender].bic_text);
    const iso20022::Mapping mapping = iso20022::map_to_commands(message, config.service.value_date);
    ASSERT_TRUE(mapping.ok()) << mapping.problems.front().text;
    ASSERT_EQ(mapping.payments.size(), 1u);
    const core::SubmitPayment& c = mapping.payments[0].command;
    EXPECT_EQ(c.uetr, p.uetr);
    EXPECT_EQ(c.instruction_id.view(), p.id);
    EXPECT_EQ(c.debtor_agent, p.instructing_agent);
    EXPECT_EQ(c.creditor_agent, p.instructed_agent);
    EXPECT_EQ(c.currency, p.currency);
    EXPECT_EQ(c.amount_minor, p.amount_minor);
    EXPECT_EQ(c.priority, p.urgent ? core::Priority::kUrgent : core::Priority::kNormal);
    EXPECT_EQ(mapping.message_id, p.id);
    EXPECT_EQ(mapping.payments[0].cross_currency.has_value(),
              p.kind == PaymentKind::kCrossCurrency);
    if (const auto& x = mapping.payments[0].cross_currency) {
      EXPECT_EQ(x->quote_id, p.quote_id);
      EXPECT_EQ(x->instructed_currency, p.currency);
      EXPECT_EQ(x->instructed_amount_minor, p.amount_minor);
      EXPECT_EQ(x->settlement_currency, p.settlement_currency);
      EXPECT_EQ(x->settlement_amount_minor, p.settlement_amount_minor);
    }
    EXPECT_EQ(mapping.payments[0].dns.has_value(), p.kind == PaymentKind::kDns);
    ++checked;
  }
  EXPECT_GT(checked, 1'000u);
}

TEST(TrafficModel, AConfigurationWithNobodyToPayIsRefused) {
  gateway::ServiceConfig config = example_config();
  // Keep one direct bank per currency: no payment can be made.
  std::vector<gateway::ParticipantConfig> kept;
  std::set<std::string> currencies_seen;
  for (const gateway::ParticipantConfig& p : config.participants) {
    if (p.kind != core::ParticipantKind::kDirect) {
      if (p.kind == core::ParticipantKind::kCentralBank) kept.push_back(p);
      continue;
    }
    bool fresh = true;
    for (const gateway::AccountConfig& a : p.accounts) {
      fresh = fresh && !currencies_seen.contains(a.currency.to_string());
    }
    if (!fresh) continue;
    for (const gateway::AccountConfig& a : p.accounts)
      currencies_seen.insert(a.currency.to_string());
    kept.push_back(p);
  }
  config.participants = kept;
  EXPECT_THROW(TrafficModel(config, {}), std::invalid_argument);
  EXPECT_THROW(TrafficModel(example_config(), {.seed = 1, .seconds = 60, .rate_per_second = 0}),
               std::invalid_argument);
}

}  // namespace
}  // namespace corridor::demo
