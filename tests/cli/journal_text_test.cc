#include "cli/journal_text.h"

#include <gtest/gtest.h>

#include "core/bic.h"
#include "core/currency.h"
#include "core/uetr.h"

namespace corridor::cli {
namespace {

core::Bic bic(const char* text) {
  return *core::Bic::parse(text);
}
core::CurrencyCode currency(const char* text) {
  return *core::CurrencyCode::parse(text);
}

TEST(JournalTextTest, TimestampIsIsoUtcWithNanoseconds) {
  EXPECT_EQ(format_timestamp_utc(0), "1970-01-01T00:00:00.000000000Z");
  EXPECT_EQ(format_timestamp_utc(1'795'770'000'000'000'001), "2026-11-27T09:00:00.000000001Z");
  EXPECT_EQ(format_timestamp_utc(1'795'823'999'999'999'999), "2026-11-27T23:59:59.999999999Z");
  EXPECT_EQ(format_timestamp_utc(951'825'600'000'000'000), "2000-02-29T12:00:00.000000000Z");
}

TEST(JournalTextTest, TimestampBeforeTheEpochCountsBackFromIt) {
  EXPECT_EQ(format_timestamp_utc(-1), "1969-12-31T23:59:59.999999999Z");
  EXPECT_EQ(format_timestamp_utc(-1'000'000'000), "1969-12-31T23:59:59.000000000Z");
}

TEST(JournalTextTest, ValueDateIsIsoWhenValidElseTheNumber) {
  EXPECT_EQ(format_value_date(20261130), "2026-11-30");
  EXPECT_EQ(format_value_date(20261399), "20261399");
}

TEST(JournalTextTest, PaymentShowsEveryFieldReadably) {
  core::SubmitPayment p;
  p.uetr = *core::Uetr::parse("3f2b6c1e-8a4d-4e7f-9b2a-1c3d5e7f9a0b");
  p.instruction_id.assign("PAY7");
  p.debtor_agent = bic("BANKAAFF");
  p.creditor_agent = bic("BANKBBFFXXX");
  p.currency = currency("EUR");
  p.amount_minor = 12'345;
  p.priority = core::Priority::kUrgent;
  p.latest_ns = 1'000'000'000;
  EXPECT_EQ(describe_command(p),
            "submit_payment uetr=3f2b6c1e-8a4d-4e7f-9b2a-1c3d5e7f9a0b instruction_id=\"PAY7\" "
            "debtor_agent=BANKAAFF creditor_agent=BANKBBFF amount=12345 EUR priority=urgent "
            "type=customer_credit_transfer earliest=- latest=1970-01-01T00:00:01.000000000Z");
}

TEST(JournalTextTest, ReferenceDataAndOperatorCommands) {
  core::AddParticipant central_bank;
  central_bank.bic = bic("ECBKDEFF");
  central_bank.name = "Central bank";
  central_bank.kind = core::ParticipantKind::kCentralBank;
  central_bank.home_currency = currency("EUR");
  EXPECT_EQ(describe_command(central_bank),
            "add_participant bic=ECBKDEFF name=\"Central bank\" kind=central_bank "
            "home_currency=EUR");
  EXPECT_EQ(describe_command(core::SetBilateralLimit{bic("BANKAAFF"), bic("BANKBBFF"),
                                                     currency("EUR"), 500, true}),
            "set_bilateral_limit participant=BANKAAFF counterparty=BANKBBFF limit=removed");
  EXPECT_EQ(describe_command(core::RunGridlockResolution{core::GridlockAlgorithm::kBilateral}),
            "run_gridlock_resolution algorithm=bilateral");
  EXPECT_EQ(describe_command(core::AdvanceTime{}), "advance_time");
  EXPECT_EQ(describe_command(core::EndOfDay{20261130}), "end_of_day next_value_date=2026-11-30");
}

TEST(JournalTextTest, CreditCommandsShowGradesByName) {
  EXPECT_EQ(describe_command(core::SetHaircut{core::CreditGrade::kBBBMinus, 2500}),
            "set_haircut grade=BBB- haircut_bp=2500");
  EXPECT_EQ(describe_command(core::SetRating{bic("BANKAAFF"), core::CreditGrade::kUnrated}),
            "set_rating participant=BANKAAFF grade=unrated");
  EXPECT_EQ(
      describe_command(core::PledgeCollateral{17, bic("BANKAAFF"), currency("EUR"), 1'000'000'00}),
      "pledge_collateral collateral_id=17 participant=BANKAAFF value=100000000 EUR");
}

// A name is whatever the submitter sent: it must not be able to fake the rest of the line.
TEST(JournalTextTest, TextIsQuotedWithControlCharactersEscaped) {
  core::AddParticipant p;
  p.bic = bic("BANKAAFF");
  p.name = "A \"B\"\n\\C\x7f";
  EXPECT_EQ(describe_command(p),
            "add_participant bic=BANKAAFF name=\"A \\\"B\\\"\\x0a\\\\C\\x7f\" kind=direct");
}

}  // namespace
}  // namespace corridor::cli
