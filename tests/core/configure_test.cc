// The Configure command: a journal's first command carries the system's
// configuration, so that a replay needs nothing but the journal.
#include <gtest/gtest.h>

#include "core/core.h"

namespace corridor::core {
namespace {

Bic bic(const char* text) {
  return *Bic::parse(text);
}
CurrencyCode eur() {
  return *CurrencyCode::parse("EUR");
}

Configure small_configuration() {
  return Configure{20270315, 3, 2, 2, 4, 10};
}

TEST(Configure, FirstCommandSetsValueDateWindowAndLimits) {
  Config initial;
  initial.dedupe_hash_seed = 42;
  Core core(initial);
  ASSERT_EQ(core.apply(Command{100, small_configuration()}).outcome, Outcome::kApplied);
  EXPECT_EQ(core.value_date(), 20270315);
  EXPECT_EQ(core.now_ns(), 100);
  EXPECT_EQ(core.config().dedupe_window_days, 3);
  EXPECT_EQ(core.config().participants_max, 2u);
  EXPECT_EQ(core.config().pending_payments_max, 10u);
  EXPECT_EQ(core.config().dedupe_hash_seed, 42u) << "the seed is layout, not state";
  AddParticipant a;
  a.bic = bic("BANKDEFF");
  a.name = "A";
  AddParticipant b = a;
  b.bic = bic("BANKFRPP");
  AddParticipant c = a;
  c.bic = bic("BANKITMM");
  EXPECT_TRUE(core.apply(Command{101, a}).ok());
  EXPECT_TRUE(core.apply(Command{102, b}).ok());
  EXPECT_EQ(core.apply(Command{103, c}).reason, Reason::kTooMany) << "participants_max is 2";
}

TEST(Configure, EqualsACoreBuiltWithThatConfiguration) {
  Config config;
  config.value_date_initial = 20280101;
  config.dedupe_window_days = 9;
  config.currencies_max = 7;
  config.participants_max = 70;
  config.accounts_max = 700;
  config.pending_payments_max = 7000;
  Core built(config);
  Core configured;
  ASSERT_TRUE(configured.apply(Command{0, configure_command(config)}).ok());
  EXPECT_EQ(configured.state_hash(), built.state_hash());
}

TEST(Configure, AfterReferenceDataIsRejectedAndChangesNothing) {
  Core core;
  ASSERT_TRUE(core.apply(Command{1, DefineCurrency{eur(), 2}}).ok());
  const uint64_t before = core.state_hash();
  const Result r = core.apply(Command{1, small_configuration()});
  EXPECT_EQ(r.reason, Reason::kAlreadyConfigured);
  EXPECT_EQ(iso_code(r.reason), "AG01");
  EXPECT_EQ(core.state_hash(), before);
  EXPECT_EQ(core.value_date(), Config().value_date_initial);
}

TEST(Configure, OutOfRangeValuesAreRejectedWithFf01) {
  auto rejected = [](Configure c) {
    Core core;
    const uint64_t before = core.state_hash();
    const Result r = core.apply(Command{0, c});
    if (r.ok()) return false;
    EXPECT_EQ(core.state_hash(), before) << "a rejection changes nothing";
    return r.reason == Reason::kInvalidConfiguration;
  };
  Configure c = small_configuration();
  c.dedupe_window_days = 0;
  EXPECT_TRUE(rejected(c));
  c = small_configuration();
  c.dedupe_window_days = 16;
  EXPECT_TRUE(rejected(c));
  c = small_configuration();
  c.value_date_initial = 20261340;
  EXPECT_TRUE(rejected(c));
  c = small_configuration();
  c.participants_max = 0;
  EXPECT_TRUE(rejected(c));
  c = small_configuration();
  c.currencies_max = 70000;
  EXPECT_TRUE(rejected(c));
  c = small_configuration();
  c.pending_payments_max = 1u << 31;
  EXPECT_TRUE(rejected(c));
  EXPECT_FALSE(rejected(small_configuration()));
}

}  // namespace
}  // namespace corridor::core
