// The canonical encoding: its exact bytes, and that it is injective (it has an inverse).
#include "receipt/receipt.h"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

#include "receipt/utc_time.h"
#include "test_pki.h"

namespace corridor::receipt {
namespace {

using testing::sample_receipt;

constexpr char kSampleCanonical[] =
    "format=corridor-finality-receipt/1\n"
    "uetr=058512c6-0d9c-4041-bc90-ec5371343601\n"
    "amount_minor=10000\n"
    "currency=EUR\n"
    "debtor_agent=BANKAAFF\n"
    "creditor_agent=BANKBBFF\n"
    "settled_at_ns=1795770000123456789\n"
    "settled_at=2026-11-27T09:00:00.123456789Z\n"
    "settled_by=entry\n"
    "journal_seq=13\n"
    "chain_head_sha256=01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3da\n"
    "system_bic=CORRXXFFRTG\n"
    "operator_cert_sha256=0000000000000000000000000000000000000000000000000000000000000000\n";

TEST(CanonicalEncoding, IsTheDocumentedNameValueLinesInFixedOrder) {
  EXPECT_EQ(canonical_bytes(sample_receipt(nullptr)), kSampleCanonical);
}

TEST(CanonicalEncoding, ParsesBackToTheSameReceipt) {
  const OrError<Receipt> parsed = parse_canonical(kSampleCanonical);
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(*parsed.value, sample_receipt(nullptr));
}

core::Bic random_bic(std::mt19937_64& rng) {
  static constexpr char kLetters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string text;
  for (int i = 0; i < 6; ++i) text.push_back(kLetters[rng() % 26]);
  for (int i = 0; i < 2; ++i) text.push_back(kAlnum[rng() % 36]);
  switch (rng() % 3) {
    case 0:
      break;
    case 1:
      text += "XXX";
      break;
    default:
      for (int i = 0; i < 3; ++i) text.push_back(kAlnum[rng() % 36]);
  }
  return *core::Bic::parse(text);
}

Receipt random_receipt(std::mt19937_64& rng) {
  static constexpr core::SettledBy kWays[] = {
      core::SettledBy::kEntry, core::SettledBy::kOffsetting, core::SettledBy::kQueueResolution,
      core::SettledBy::kGridlockResolution, core::SettledBy::kLiquidityTransfer};
  Receipt r;
  r.uetr = core::Uetr::from_bits(rng(), rng());
  // Small and huge values both, to cover every length of decimal.
  r.amount_minor = static_cast<int64_t>(rng() >> (1 + rng() % 63)) + 1;
  const std::string currency = {static_cast<char>('A' + rng() % 26),
                                static_cast<char>('A' + rng() % 26),
                                static_cast<char>('A' + rng() % 26)};
  r.currency = *core::CurrencyCode::parse(currency);
  r.debtor_agent = random_bic(rng);
  r.creditor_agent = random_bic(rng);
  r.settled_at_ns = static_cast<int64_t>(rng() >> 1) | 1;
  r.settled_by = kWays[rng() % 5];
  r.journal_seq = (rng() >> (rng() % 64)) | 1;
  for (uint8_t& b : r.chain_head_sha256) b = static_cast<uint8_t>(rng());
  r.system_bic = random_bic(rng);
  for (uint8_t& b : r.operator_cert_sha256) b = static_cast<uint8_t>(rng());
  return r;
}

// parse_canonical(canonical_bytes(r)) == r for every r means canonical_bytes is
// injective: two different receipts can never have the same signed bytes.
TEST(CanonicalEncoding, RandomReceiptsParseBackExactly) {
  std::mt19937_64 rng(20261127);
  for (int i = 0; i < 5000; ++i) {
    const Receipt r = random_receipt(rng);
    const OrError<Receipt> parsed = parse_canonical(canonical_bytes(r));
    ASSERT_TRUE(parsed.ok()) << parsed.error << "\n" << canonical_bytes(r);
    ASSERT_EQ(*parsed.value, r) << canonical_bytes(r);
  }
}

TEST(CanonicalEncoding, ABic11WithBranchXxxIsTheSameBankAndEncodesAsBic8) {
  Receipt with_bic11 = sample_receipt(nullptr);
  with_bic11.debtor_agent = *core::Bic::parse("BANKAAFFXXX");
  EXPECT_EQ(canonical_bytes(with_bic11), kSampleCanonical);
}

TEST(CanonicalEncoding, NonCanonicalSpellingsAreRefused) {
  const std::string canonical = kSampleCanonical;
  const auto replaced = [&](const std::string& from, const std::string& to) {
    std::string text = canonical;
    text.replace(text.find(from), from.size(), to);
    return parse_canonical(text);
  };
  EXPECT_NE(replaced("amount_minor=10000", "amount_minor=010000").error.find("leading zeros"),
            std::string::npos);
  EXPECT_NE(replaced("debtor_agent=BANKAAFF", "debtor_agent=BANKAAFFXXX").error.find("canonical"),
            std::string::npos);
  EXPECT_NE(replaced("chain_head_sha256=01080f", "chain_head_sha256=01080F").error.find("hex"),
            std::string::npos);
  EXPECT_FALSE(replaced("uetr=058512c6", "uetr=058512C6").ok());
  EXPECT_NE(replaced("settled_at=2026-11-27T09", "settled_at=2026-11-27T10")
                .error.find("does not match settled_at_ns"),
            std::string::npos);
}

TEST(CanonicalEncoding, LinesOutOfOrderOrTrailingBytesAreRefused) {
  std::string swapped = kSampleCanonical;
  swapped.replace(swapped.find("currency=EUR\n"), 13, "");
  swapped.replace(swapped.find("amount_minor"), 0, "currency=EUR\n");
  ASSERT_NE(swapped, kSampleCanonical);
  EXPECT_NE(parse_canonical(swapped).error.find("expected the line"), std::string::npos);
  EXPECT_NE(parse_canonical(std::string(kSampleCanonical) + "x").error.find("after the last"),
            std::string::npos);
  EXPECT_NE(parse_canonical(std::string(kSampleCanonical, sizeof kSampleCanonical - 2))
                .error.find("unterminated"),
            std::string::npos);
}

TEST(CanonicalEncoding, AnIncompleteReceiptIsRefusedNamingTheField) {
  Receipt r = sample_receipt(nullptr);
  r.amount_minor = 0;
  EXPECT_NE(validation_error(r).find("amount_minor"), std::string::npos);
  EXPECT_THROW(canonical_bytes(r), std::invalid_argument);
  r = sample_receipt(nullptr);
  r.settled_by = core::SettledBy::kNone;
  EXPECT_NE(validation_error(r).find("settled_by"), std::string::npos);
  r = sample_receipt(nullptr);
  r.journal_seq = 0;
  EXPECT_NE(validation_error(r).find("journal_seq"), std::string::npos);
  r = sample_receipt(nullptr);
  r.creditor_agent = core::Bic();
  EXPECT_NE(validation_error(r).find("creditor_agent"), std::string::npos);
  r = sample_receipt(nullptr);
  r.uetr = core::Uetr{};
  EXPECT_NE(validation_error(r).find("uetr"), std::string::npos);
}

TEST(UtcTime, FormatsNanosecondsSinceTheEpochAsIso8601) {
  EXPECT_EQ(format_utc_ns(0), "1970-01-01T00:00:00.000000000Z");
  EXPECT_EQ(format_utc_ns(1), "1970-01-01T00:00:00.000000001Z");
  EXPECT_EQ(format_utc_ns(-1), "1969-12-31T23:59:59.999999999Z");
  EXPECT_EQ(format_utc_ns(1'795'770'000'123'456'789), "2026-11-27T09:00:00.123456789Z");
  EXPECT_EQ(format_utc_ns(951'782'400'000'000'000), "2000-02-29T00:00:00.000000000Z");
  EXPECT_EQ(format_utc_ns(INT64_MAX), "2262-04-11T23:47:16.854775807Z");
}

}  // namespace
}  // namespace corridor::receipt
