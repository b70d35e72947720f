// The canonical encoding: its exact bytes, and that it is injective (it has an inverse).
#include "receipt/receipt.h"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>

#include "receipt/utc_time.h"
#include "test_pki.h"

namespace corridor::receipt {
namespace {

using testing::sample_cross_currency_receipt;
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

// docs/receipts.md's /2 example: /1's lines with the second leg's after creditor_agent.
constexpr char kCrossCurrencyCanonical[] =
    "format=corridor-finality-receipt/2\n"
    "uetr=058512c6-0d9c-4041-bc90-ec5371343601\n"
    "amount_minor=10000\n"
    "currency=EUR\n"
    "debtor_agent=BANKAAFF\n"
    "creditor_agent=BANKBBFF\n"
    "fx_provider=FXPRFFXX\n"
    "fx_quote_id=42\n"
    "settlement_amount_minor=1085000\n"
    "settlement_currency=JPY\n"
    "settled_at_ns=1795770000123456789\n"
    "settled_at=2026-11-27T09:00:00.123456789Z\n"
    "settled_by=entry\n"
    "journal_seq=13\n"
    "chain_head_sha256=01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3da\n"
    "system_bic=CORRXXFFRTG\n"
    "operator_cert_sha256=0000000000000000000000000000000000000000000000000000000000000000\n";

// Replaces the first occurrence of `from` in `text`; `from` must be there.
std::string with(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("not in the text: " + from);
  return text.replace(at, from.size(), to);
}

TEST(CanonicalEncoding, IsTheDocumentedNameValueLinesInFixedOrder) {
  EXPECT_EQ(canonical_bytes(sample_receipt(nullptr)), kSampleCanonical);
}

TEST(CanonicalEncoding, ParsesBackToTheSameReceipt) {
  const OrError<Receipt> parsed = parse_canonical(kSampleCanonical);
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(*parsed.value, sample_receipt(nullptr));
}

TEST(CanonicalEncoding, ACrossCurrencyReceiptIsFormat2WithTheSecondLegAfterTheAgents) {
  EXPECT_EQ(canonical_bytes(sample_cross_currency_receipt(nullptr)), kCrossCurrencyCanonical);
  EXPECT_EQ(format_of(sample_cross_currency_receipt(nullptr)), "corridor-finality-receipt/2");
  EXPECT_EQ(format_of(sample_receipt(nullptr)), "corridor-finality-receipt/1");
}

TEST(CanonicalEncoding, Format2ParsesBackToTheSameReceiptWithBothLegs) {
  const OrError<Receipt> parsed = parse_canonical(kCrossCurrencyCanonical);
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(*parsed.value, sample_cross_currency_receipt(nullptr));
  ASSERT_TRUE(parsed.value->second_leg.has_value());
  EXPECT_EQ(parsed.value->second_leg->settlement_amount_minor, 1'085'000);
}

TEST(CanonicalEncoding, ADnsCycleSettlementIsNamedDnsCycleInFormat1) {
  Receipt dns = sample_receipt(nullptr);
  dns.settled_by = SettledBy::kDnsCycle;
  const std::string bytes = canonical_bytes(dns);
  EXPECT_EQ(bytes, with(kSampleCanonical, "settled_by=entry", "settled_by=dns_cycle"));
  const OrError<Receipt> parsed = parse_canonical(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(*parsed.value, dns);
}

TEST(CanonicalEncoding, MixedOrMalformedFormat2IsRefused) {
  const std::string v2 = kCrossCurrencyCanonical;
  // A /1 receipt cannot carry the second leg, nor a /2 one go without it.
  EXPECT_NE(parse_canonical(with(v2, "receipt/2", "receipt/1")).error.find("expected the line"),
            std::string::npos);
  const std::string no_leg = with(kSampleCanonical, "receipt/1", "receipt/2");
  EXPECT_NE(parse_canonical(no_leg).error.find("expected the line fx_provider"), std::string::npos);
  EXPECT_NE(parse_canonical(with(v2, "settlement_currency=JPY", "settlement_currency=EUR"))
                .error.find("same as currency"),
            std::string::npos);
  EXPECT_NE(
      parse_canonical(with(v2, "fx_quote_id=42", "fx_quote_id=042")).error.find("fx_quote_id"),
      std::string::npos);
  EXPECT_NE(parse_canonical(with(v2, "fx_quote_id=42", "fx_quote_id=0")).error.find("fx_quote_id"),
            std::string::npos);
  EXPECT_NE(parse_canonical(with(v2, "fx_provider=FXPRFFXX", "fx_provider=FXPRFFXXXXX"))
                .error.find("field fx_provider"),
            std::string::npos);
  EXPECT_NE(
      parse_canonical(with(v2, "settlement_amount_minor=1085000", "settlement_amount_minor=-1"))
          .error.find("field settlement_amount_minor"),
      std::string::npos);
  EXPECT_NE(parse_canonical(with(v2, "settlement_currency=JPY", "settlement_currency=jpy"))
                .error.find("field settlement_currency"),
            std::string::npos);
  // The second leg's lines in another order.
  const std::string swapped = with(with(v2, "fx_quote_id=42\n", ""), "settlement_currency=JPY\n",
                                   "settlement_currency=JPY\nfx_quote_id=42\n");
  EXPECT_NE(parse_canonical(swapped).error.find("expected the line fx_quote_id"),
            std::string::npos);
  EXPECT_NE(parse_canonical(with(v2, "receipt/2", "receipt/3")).error.find("not a known"),
            std::string::npos);
}

TEST(CanonicalEncoding, AnIncompleteSecondLegIsRefusedNamingTheField) {
  Receipt r = sample_cross_currency_receipt(nullptr);
  r.second_leg->fx_provider = core::Bic();
  EXPECT_NE(validation_error(r).find("fx_provider"), std::string::npos);
  EXPECT_THROW(canonical_bytes(r), std::invalid_argument);
  r = sample_cross_currency_receipt(nullptr);
  r.second_leg->fx_quote_id = 0;
  EXPECT_NE(validation_error(r).find("fx_quote_id"), std::string::npos);
  r = sample_cross_currency_receipt(nullptr);
  r.second_leg->settlement_amount_minor = 0;
  EXPECT_NE(validation_error(r).find("settlement_amount_minor"), std::string::npos);
  r = sample_cross_currency_receipt(nullptr);
  r.second_leg->settlement_currency = r.currency;
  EXPECT_NE(validation_error(r).find("settlement_currency"), std::string::npos);
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
  static constexpr SettledBy kWays[] = {SettledBy::kEntry,
                                        SettledBy::kOffsetting,
                                        SettledBy::kQueueResolution,
                                        SettledBy::kGridlockResolution,
                                        SettledBy::kLiquidityTransfer,
                                        SettledBy::kDnsCycle};
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
  r.settled_by = kWays[rng() % 6];
  r.journal_seq = (rng() >> (rng() % 64)) | 1;
  for (uint8_t& b : r.chain_head_sha256) b = static_cast<uint8_t>(rng());
  r.system_bic = random_bic(rng);
  for (uint8_t& b : r.operator_cert_sha256) b = static_cast<uint8_t>(rng());
  if (rng() % 2 == 0) {  // half of them cross-currency (format /2)
    SecondLeg leg;
    leg.fx_provider = random_bic(rng);
    leg.fx_quote_id = (rng() >> (rng() % 64)) | 1;
    leg.settlement_amount_minor = static_cast<int64_t>(rng() >> (1 + rng() % 63)) + 1;
    do {
      const std::string code = {static_cast<char>('A' + rng() % 26),
                                static_cast<char>('A' + rng() % 26),
                                static_cast<char>('A' + rng() % 26)};
      leg.settlement_currency = *core::CurrencyCode::parse(code);
    } while (leg.settlement_currency == r.currency);
    r.second_leg = leg;
  }
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
  r.settled_by = SettledBy::kNone;
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
