// The JSON file format: exact round trip, and every malformed file refused with
// an error naming what is wrong.
#include "receipt/receipt_json.h"

#include <gtest/gtest.h>

#include <string>

#include "test_pki.h"

namespace corridor::receipt {
namespace {

using testing::sample_receipt;

SignedReceipt sample_signed() {
  SignedReceipt s{sample_receipt(nullptr), {}};
  for (size_t i = 0; i < s.signature_ed25519.size(); ++i) {
    s.signature_ed25519[i] = static_cast<uint8_t>(255 - i);
  }
  return s;
}

constexpr char kSampleJson[] = R"({
  "format": "corridor-finality-receipt/1",
  "uetr": "058512c6-0d9c-4041-bc90-ec5371343601",
  "amount_minor": "10000",
  "currency": "EUR",
  "debtor_agent": "BANKAAFF",
  "creditor_agent": "BANKBBFF",
  "settled_at_ns": "1795770000123456789",
  "settled_at": "2026-11-27T09:00:00.123456789Z",
  "settled_by": "entry",
  "journal_seq": "13",
  "chain_head_sha256": "01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3da",
  "system_bic": "CORRXXFFRTG",
  "operator_cert_sha256": "0000000000000000000000000000000000000000000000000000000000000000",
  "signature_ed25519": "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0dfdedddcdbdad9d8d7d6d5d4d3d2d1d0cfcecdcccbcac9c8c7c6c5c4c3c2c1c0"
}
)";

// Replaces the first occurrence of `from` in the sample file.
std::string sample_with(const std::string& from, const std::string& to) {
  std::string text = kSampleJson;
  const size_t at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("not in the sample: " + from);
  return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
  const OrError<SignedReceipt> parsed = parse_json(text);
  EXPECT_FALSE(parsed.ok()) << text;
  return parsed.error;
}

#define EXPECT_ERROR_HAS(text, part) \
  EXPECT_NE(error_of(text).find(part), std::string::npos) << "error: " << error_of(text)

TEST(ReceiptJson, IsTheCanonicalFieldsInOrderThenTheSignature) {
  EXPECT_EQ(to_json(sample_signed()), kSampleJson);
}

TEST(ReceiptJson, RoundTripIsExactBothWays) {
  const OrError<SignedReceipt> parsed = parse_json(kSampleJson);
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(*parsed.value, sample_signed());
  EXPECT_EQ(to_json(*parsed.value), kSampleJson);
}

TEST(ReceiptJson, MemberOrderAndWhitespaceDoNotMatter) {
  const std::string reordered =
      R"({"signature_ed25519":)"
      R"("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0)"
      R"(dfdedddcdbdad9d8d7d6d5d4d3d2d1d0cfcecdcccbcac9c8c7c6c5c4c3c2c1c0",)"
      R"("uetr":"058512c6-0d9c-4041-bc90-ec5371343601",)"
      R"("format":"corridor-finality-receipt/1","amount_minor":"10000",)"
      R"("currency":"EUR","debtor_agent":"BANKAAFF",)"
      R"("creditor_agent":"BANKBBFF","settled_at_ns":"1795770000123456789",)"
      R"("settled_at":"2026-11-27T09:00:00.123456789Z",)"
      R"("settled_by":"entry","journal_seq":"13",)"
      R"("chain_head_sha256":)"
      R"("01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3da",)"
      R"("system_bic":"CORRXXFFRTG","operator_cert_sha256":)"
      R"("0000000000000000000000000000000000000000000000000000000000000000"})";
  const OrError<SignedReceipt> parsed = parse_json(reordered);
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(*parsed.value, sample_signed());
}

TEST(ReceiptJson, EachMissingFieldIsRefusedByName) {
  for (const char* field :
       {"format", "uetr", "amount_minor", "currency", "debtor_agent", "creditor_agent",
        "settled_at_ns", "settled_at", "settled_by", "journal_seq", "chain_head_sha256",
        "system_bic", "operator_cert_sha256", "signature_ed25519"}) {
    std::string text = kSampleJson;
    const size_t start = text.find(std::string("  \"") + field + "\"");
    ASSERT_NE(start, std::string::npos) << field;
    const size_t end = text.find('\n', start);
    text.erase(start, end - start + 1);
    if (std::string(field) == "signature_ed25519") {  // the new last member has a comma
      text.erase(text.rfind(','), 1);
    }
    EXPECT_EQ(error_of(text), std::string("missing field ") + field);
  }
}

TEST(ReceiptJson, AnUnknownFieldIsRefusedByName) {
  EXPECT_EQ(error_of(sample_with("  \"uetr\"", "  \"note\": \"hi\",\n  \"uetr\"")),
            "unknown field \"note\"");
}

TEST(ReceiptJson, UnprintableOrLongValuesAreDescribedNotEchoed) {
  EXPECT_EQ(error_of(sample_with("\"EUR\"", "\"\\u001b[2J\"")),
            "field currency: the value is not three upper-case letters");
  EXPECT_EQ(error_of(sample_with("  \"uetr\"", "  \"n\\u0007\": \"\",\n  \"uetr\"")),
            "unknown field (a long or unprintable name)");
  EXPECT_EQ(error_of(sample_with("\"EUR\"", "\"" + std::string(81, 'E') + "\"")),
            "field currency: the value is not three upper-case letters");
}

TEST(ReceiptJson, ARepeatedFieldIsRefused) {
  EXPECT_ERROR_HAS(sample_with("  \"currency\"", "  \"amount_minor\": \"10001\",\n  \"currency\""),
                   "member amount_minor appears more than once");
}

TEST(ReceiptJson, BadHexIsRefusedNamingTheField) {
  EXPECT_ERROR_HAS(sample_with("01080f161d", "01080g161d"), "field chain_head_sha256");
  EXPECT_ERROR_HAS(sample_with("01080f161d", "01080F161D"), "lower-case hex");
  EXPECT_ERROR_HAS(sample_with("\"0000000000", "\"00000000"), "field operator_cert_sha256");
  EXPECT_ERROR_HAS(sample_with("fffefdfc", "fffefdfx"), "field signature_ed25519");
}

TEST(ReceiptJson, ATruncatedSignatureIsRefusedWithItsLength) {
  EXPECT_ERROR_HAS(sample_with("c3c2c1c0\"", "c3c2\""), "this has 124 characters");
  EXPECT_ERROR_HAS(sample_with("c3c2c1c0\"", "c3c2c1c000\""), "this has 130 characters");
}

TEST(ReceiptJson, MalformedValuesAreRefusedNamingTheField) {
  EXPECT_ERROR_HAS(sample_with("\"10000\"", "10000"), "field amount_minor must be a JSON string");
  EXPECT_ERROR_HAS(sample_with("\"10000\"", "\"010000\""), "field amount_minor");
  EXPECT_ERROR_HAS(sample_with("\"10000\"", "\"-10000\""), "field amount_minor");
  EXPECT_ERROR_HAS(sample_with("\"10000\"", "\"0\""), "field amount_minor");
  EXPECT_ERROR_HAS(sample_with("\"10000\"", "\"100.00\""), "field amount_minor");
  EXPECT_ERROR_HAS(sample_with("\"10000\"", "\"9223372036854775808\""), "field amount_minor");
  EXPECT_ERROR_HAS(sample_with("\"EUR\"", "\"eur\""), "field currency");
  EXPECT_ERROR_HAS(sample_with("\"BANKAAFF\"", "\"BANKAAFFXXX\""),
                   "field debtor_agent: \"BANKAAFFXXX\" is not in canonical form; write "
                   "\"BANKAAFF\"");
  EXPECT_ERROR_HAS(sample_with("\"BANKBBFF\"", "\"BANK\""), "field creditor_agent");
  EXPECT_ERROR_HAS(sample_with("\"CORRXXFFRTG\"", "\"\""), "field system_bic");
  EXPECT_ERROR_HAS(sample_with("058512c6-0d9c-4041", "058512c6-0d9c-3041"), "field uetr");
  EXPECT_ERROR_HAS(sample_with("\"entry\"", "\"Entry\""), "field settled_by");
  EXPECT_ERROR_HAS(sample_with("\"13\"", "\"0\""), "field journal_seq");
  EXPECT_ERROR_HAS(sample_with("T09:00:00.123456789Z", "T09:00:00.123456788Z"),
                   "field settled_at: \"2026-11-27T09:00:00.123456788Z\" does not match "
                   "settled_at_ns (expected \"2026-11-27T09:00:00.123456789Z\")");
  EXPECT_ERROR_HAS(sample_with("receipt/1", "receipt/3"), "is not a known receipt format");
  EXPECT_ERROR_HAS(sample_with("\"entry\"", "\"dns\""),
                   "is not one of entry, offsetting, queue_resolution, gridlock_resolution, "
                   "liquidity_transfer, dns_cycle");
}

constexpr char kCrossCurrencyJson[] = R"({
  "format": "corridor-finality-receipt/2",
  "uetr": "058512c6-0d9c-4041-bc90-ec5371343601",
  "amount_minor": "10000",
  "currency": "EUR",
  "debtor_agent": "BANKAAFF",
  "creditor_agent": "BANKBBFF",
  "fx_provider": "FXPRFFXX",
  "fx_quote_id": "42",
  "settlement_amount_minor": "1085000",
  "settlement_currency": "JPY",
  "settled_at_ns": "1795770000123456789",
  "settled_at": "2026-11-27T09:00:00.123456789Z",
  "settled_by": "entry",
  "journal_seq": "13",
  "chain_head_sha256": "01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3da",
  "system_bic": "CORRXXFFRTG",
  "operator_cert_sha256": "0000000000000000000000000000000000000000000000000000000000000000",
  "signature_ed25519": "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0efeeedecebeae9e8e7e6e5e4e3e2e1e0dfdedddcdbdad9d8d7d6d5d4d3d2d1d0cfcecdcccbcac9c8c7c6c5c4c3c2c1c0"
}
)";

SignedReceipt cross_currency_signed() {
  SignedReceipt s = sample_signed();
  s.receipt = testing::sample_cross_currency_receipt(nullptr);
  return s;
}

// The /2 sample file with its `field` member's line removed.
std::string cross_currency_without(const std::string& field) {
  std::string text = kCrossCurrencyJson;
  const size_t start = text.find("  \"" + field + "\"");
  if (start == std::string::npos) throw std::logic_error("not in the sample: " + field);
  return text.erase(start, text.find('\n', start) - start + 1);
}

TEST(ReceiptJson, Format2IsBothLegsInCanonicalOrderAndRoundTripsExactly) {
  EXPECT_EQ(to_json(cross_currency_signed()), kCrossCurrencyJson);
  const OrError<SignedReceipt> parsed = parse_json(kCrossCurrencyJson);
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(*parsed.value, cross_currency_signed());
  EXPECT_EQ(to_json(*parsed.value), kCrossCurrencyJson);
}

TEST(ReceiptJson, Format2WithoutAnySecondLegFieldIsRefusedNamingIt) {
  for (const char* field :
       {"fx_provider", "fx_quote_id", "settlement_amount_minor", "settlement_currency"}) {
    EXPECT_ERROR_HAS(cross_currency_without(field), std::string("missing field ") + field + ": a " +
                                                        "corridor-finality-receipt/2 receipt "
                                                        "states the second leg");
  }
}

TEST(ReceiptJson, Format1WithASecondLegFieldIsRefusedNamingIt) {
  std::string text = kCrossCurrencyJson;
  text.replace(text.find("receipt/2"), 9, "receipt/1");
  EXPECT_ERROR_HAS(text,
                   "field fx_provider is not part of a corridor-finality-receipt/1 "
                   "(single-currency) receipt; a cross-currency receipt is "
                   "corridor-finality-receipt/2");
  EXPECT_ERROR_HAS(sample_with("  \"uetr\"", "  \"settlement_currency\": \"JPY\",\n  \"uetr\""),
                   "field settlement_currency is not part of a corridor-finality-receipt/1");
}

TEST(ReceiptJson, Format2WithAnExtraFieldIsRefusedNamingIt) {
  std::string text = kCrossCurrencyJson;
  text.replace(text.find("  \"uetr\""), 0, "  \"rate\": \"108.5\",\n");
  EXPECT_EQ(error_of(text), "unknown field \"rate\"");
}

TEST(ReceiptJson, Format2MalformedSecondLegValuesAreRefusedNamingTheField) {
  const auto cross_with = [](const std::string& from, const std::string& to) {
    std::string text = kCrossCurrencyJson;
    return text.replace(text.find(from), from.size(), to);
  };
  EXPECT_ERROR_HAS(cross_with("\"FXPRFFXX\"", "\"FXPRFFXXXXX\""),
                   "field fx_provider: \"FXPRFFXXXXX\" is not in canonical form");
  EXPECT_ERROR_HAS(cross_with("\"42\"", "\"0\""), "field fx_quote_id");
  EXPECT_ERROR_HAS(cross_with("\"42\"", "42"), "field fx_quote_id must be a JSON string");
  EXPECT_ERROR_HAS(cross_with("\"1085000\"", "\"1085000.0\""), "field settlement_amount_minor");
  EXPECT_ERROR_HAS(cross_with("\"JPY\"", "\"EUR\""),
                   "field settlement_currency: \"EUR\" is the same as currency");
  EXPECT_ERROR_HAS(cross_with("\"JPY\"", "\"JP\""), "field settlement_currency");
}

TEST(ReceiptJson, TextThatIsNotOneJsonObjectIsRefused) {
  EXPECT_ERROR_HAS(std::string(kSampleJson).substr(0, 200), "receipt is not valid JSON");
  EXPECT_ERROR_HAS("", "receipt is not valid JSON");
  EXPECT_ERROR_HAS("[1, 2]", "receipt JSON must be an object");
  EXPECT_ERROR_HAS(std::string(kSampleJson) + "{}", "receipt is not valid JSON");
  EXPECT_ERROR_HAS(sample_with("\"EUR\"", "{\"code\": \"EUR\"}"),
                   "field currency must be a JSON string");
  EXPECT_ERROR_HAS(std::string(kJsonBytesMax + 1, ' '), "exceeds the limit of 16384");
}

}  // namespace
}  // namespace corridor::receipt
