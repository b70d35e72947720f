#include "iso20022/validate.h"

#include <gtest/gtest.h>

#include <optional>

#include "iso20022/iban_registry.h"

namespace corridor::iso20022 {
namespace {

struct AmountCase {
  const char* text;
  const char* currency;
  const char* code;  // "" when valid
  core::AmountMinor amount_minor;
};

TEST(ParseAmount, ConvertsDecimalTextToMinorUnitsExactlyOrNamesTheCode) {
  const AmountCase cases[] = {
      {"1000.25", "EUR", "", 100025},
      {"1000", "EUR", "", 100000},
      {"1000.2", "EUR", "", 100020},
      {"  7.50 ", "EUR", "", 750},
      {"100", "JPY", "", 100},
      {"100.0", "JPY", "", 100},  // a trailing zero is not a decimal the currency lacks
      {"1.234", "KWD", "", 1234},
      {"0.1", "EUR", "", 10},
      {"0", "EUR", "", 0},  // zero is a valid amount (charges); settlement amounts check AM01
      {"100.5", "JPY", "CH20", 0},
      {"1.001", "EUR", "CH20", 0},
      {"-1.00", "EUR", "AM02", 0},
      {"1,00", "EUR", "AM12", 0},
      {"1e3", "EUR", "AM12", 0},
      {"", "EUR", "AM12", 0},
      {".", "EUR", "AM12", 0},
      {"1234567890123456789012345678901234567890", "EUR", "AM12", 0},  // 40 digits
      {"1234567890123456789", "JPY", "AM12", 0},                       // 19 digits
      {"1.123456", "EUR", "AM12", 0},                                  // 6 decimals
      {"999999999999999999", "EUR", "AM02", 0},  // 18 digits, too large in cents
      // 18 digits cannot reach INT64_MAX (19 digits); scaling by the minor units can overflow.
      {"999999999999999999", "JPY", "", 999'999'999'999'999'999},
      {"99999999999999999.9", "EUR", "AM02", 0},
      {"1.00", "XXX", "AM03", 0},
      {"1.00", "eur", "AM03", 0},
      {"1.00", "ZZZ", "AM03", 0},
  };
  for (const AmountCase& c : cases) {
    core::AmountMinor amount_minor = -1;
    core::CurrencyCode currency;
    const Check check = parse_amount(c.text, c.currency, &amount_minor, &currency);
    EXPECT_EQ(check.code, c.code) << c.text << " " << c.currency << ": " << check.text;
    if (check.ok()) {
      EXPECT_EQ(amount_minor, c.amount_minor) << c.text;
    }
  }
}

TEST(CheckIban, AcceptsCorrectCheckDigitsAndRejectsOthersWithAc01) {
  EXPECT_TRUE(check_iban("GB82WEST12345698765432").ok());
  EXPECT_TRUE(check_iban("DE89370400440532013000").ok());
  EXPECT_TRUE(check_iban("BE71096123456769").ok());
  EXPECT_EQ(check_iban("GB83WEST12345698765432").code, "AC01");  // check digits
  EXPECT_EQ(check_iban("DE89370400440532013001").code, "AC01");  // one digit of the BBAN
  EXPECT_EQ(check_iban("gb82WEST12345698765432").code, "AC01");
  EXPECT_EQ(check_iban("GB82 WEST 1234 5698 7654 32").code, "AC01");
  EXPECT_EQ(check_iban("GB8").code, "AC01");
  EXPECT_EQ(check_iban("GB82WEST123456987654321234567890123").code, "AC01");  // 35 chars
}

TEST(CheckIban, NamesWhatIsWrongInItsText) {
  EXPECT_NE(check_iban("D189370400440532013000").text.find("country code"), std::string::npos);
  EXPECT_NE(check_iban("DEX9370400440532013000").text.find("check digits"), std::string::npos);
  EXPECT_NE(check_iban("DE89370400440532013a00").text.find("character"), std::string::npos);
  EXPECT_NE(check_iban("DE893704004405320130-0").text.find("character"), std::string::npos);
  EXPECT_NE(check_iban("DE89370400440532013001").text.find("mod 97"), std::string::npos);
}

TEST(IbanRegistry, KnowsRegisteredCountriesOnly) {
  EXPECT_EQ(iban_length_of("AD"), 24);  // the first of the table
  EXPECT_EQ(iban_length_of("DE"), 22);
  EXPECT_EQ(iban_length_of("XK"), 20);  // the last
  EXPECT_EQ(iban_length_of("ZZ"), std::nullopt);
  EXPECT_EQ(iban_length_of("AA"), std::nullopt);
  EXPECT_EQ(iban_length_of("de"), std::nullopt);
  EXPECT_EQ(iban_length_of("D"), std::nullopt);
  EXPECT_EQ(iban_length_of("DEU"), std::nullopt);
  EXPECT_EQ(iban_length_of(""), std::nullopt);
}

// An IBAN with correct mod 97 check digits for `country` and `bban`.
std::string iban_with_check_digits(const std::string& country, const std::string& bban) {
  uint32_t remainder = 0;
  for (char c : bban + country + "00") {
    remainder = c >= 'A' ? (remainder * 100 + static_cast<uint32_t>(c - 'A' + 10)) % 97
                         : (remainder * 10 + static_cast<uint32_t>(c - '0')) % 97;
  }
  const uint32_t check = 98 - remainder;
  return country + (check < 10 ? "0" : "") + std::to_string(check) + bban;
}

TEST(CheckIban, EachRegisteredCountryHasItsOwnLength) {
  // Registry examples from short (NO, 15) to long (RU, 33).
  for (const char* iban :
       {"NO9386011117947", "BE68539007547034", "CH9300762011623852957",
        "FR1420041010050500013M02606", "MT84MALT011000012345MTLCAST001S",
        "LC55HEMM000100010012001200023015", "RU0204452560040702810412345678901"}) {
    EXPECT_TRUE(check_iban(iban).ok()) << iban << ": " << check_iban(iban).text;
  }
  // Correct check digits, wrong length for the country: AC01 naming both lengths.
  const std::string short_de = iban_with_check_digits("DE", "3704004405320130");
  ASSERT_EQ(short_de.size(), 20u);
  const Check de = check_iban(short_de);
  EXPECT_EQ(de.code, "AC01") << short_de;
  EXPECT_NE(de.text.find("DE IBANs have 22 characters, not 20"), std::string::npos) << de.text;
  const std::string long_gb = iban_with_check_digits("GB", "WEST123456987654321");
  EXPECT_EQ(check_iban(long_gb).code, "AC01") << long_gb;
  EXPECT_TRUE(check_iban(iban_with_check_digits("DE", "370400440532013000")).ok());
  // A country not in the registry table is checked by mod 97 only.
  EXPECT_TRUE(check_iban(iban_with_check_digits("ZZ", "1234567890")).ok());
}

TEST(CheckBicAndUetr, RejectWithTheirCodes) {
  EXPECT_TRUE(check_bic("BANKGB2L").ok());
  EXPECT_TRUE(check_bic("BANKGB2LXXX").ok());
  EXPECT_EQ(check_bic("BANKGB2").code, "RC01");
  EXPECT_EQ(check_bic("bankgb2l").code, "RC01");
  EXPECT_TRUE(check_uetr("eb6305c9-1f7f-49de-aed0-16487c27b42d").ok());
  EXPECT_EQ(check_uetr("eb6305c9-1f7f-39de-aed0-16487c27b42d").code, "FF01");  // version 3
  EXPECT_EQ(check_uetr("not-a-uetr").code, "FF01");
}

TEST(ParseIsoDate, AcceptsCalendarDatesOnly) {
  core::ValueDate date = 0;
  EXPECT_TRUE(parse_iso_date("2026-11-27", &date).ok());
  EXPECT_EQ(date, 20261127);
  EXPECT_TRUE(parse_iso_date("2024-02-29", &date).ok());
  EXPECT_TRUE(parse_iso_date("2026-11-27Z", &date).ok());
  EXPECT_TRUE(parse_iso_date("2026-11-27+02:00", &date).ok());
  EXPECT_EQ(parse_iso_date("2026-02-29", &date).code, "DT01");
  EXPECT_EQ(parse_iso_date("2026-13-01", &date).code, "DT01");
  EXPECT_EQ(parse_iso_date("2026-11-31", &date).code, "DT01");
  EXPECT_EQ(parse_iso_date("27.11.2026", &date).code, "DT01");
  EXPECT_EQ(parse_iso_date("2026-11-27T10:00:00", &date).code, "DT01");
}

// Found by scripts/fuzz.sh (iso_message_fuzz): a year far in the future
// overflowed the int64 nanoseconds (UBSan). Such dates are refused with DT01.
TEST(ParseIsoDateTime, YearsATimestampCannotHoldAreRefusedNotOverflowed) {
  core::TimestampNs ns = 0;
  EXPECT_EQ(parse_iso_date_time("9999-12-31T23:59:59Z", &ns).code, "DT01");
  EXPECT_EQ(parse_iso_date_time("2262-05-01T00:00:00Z", &ns).code, "DT01");
  EXPECT_TRUE(parse_iso_date_time("2261-12-31T23:59:59Z", &ns).ok());
  EXPECT_EQ(parse_iso_time_on("10:00:00", 99991231, &ns).code, "DT01");
  EXPECT_EQ(parse_iso_time_on("10:00:00", 19691231, &ns).code, "DT01");
  EXPECT_TRUE(parse_iso_time_on("10:00:00Z", 20261127, &ns).ok());
}

TEST(ParseIsoDateTime, GivesUtcNanosecondsHonouringTheZone) {
  core::TimestampNs ns = 0;
  ASSERT_TRUE(parse_iso_date_time("1970-01-01T00:00:01Z", &ns).ok());
  EXPECT_EQ(ns, 1'000'000'000);
  ASSERT_TRUE(parse_iso_date_time("1970-01-01T01:00:00.5+01:00", &ns).ok());
  EXPECT_EQ(ns, 500'000'000);
  ASSERT_TRUE(parse_iso_date_time("2026-11-27T10:40:00", &ns).ok());  // no zone: UTC
  EXPECT_EQ(ns, midnight_ns(20261127) + (10 * 3600 + 40 * 60) * 1'000'000'000LL);
  EXPECT_EQ(parse_iso_date_time("2026-11-27T24:00:00Z", &ns).code, "DT01");
  EXPECT_EQ(parse_iso_date_time("2026-11-27 10:00:00Z", &ns).code, "DT01");
  EXPECT_EQ(parse_iso_date_time("2026-11-27T10:00Z", &ns).code, "DT01");
  EXPECT_EQ(parse_iso_date_time("2026-11-27T10:00:00.Z", &ns).code, "DT01");
}

TEST(ParseIsoTimeOn, PlacesTheTimeOnTheSettlementDate) {
  core::TimestampNs ns = 0;
  ASSERT_TRUE(parse_iso_time_on("09:00:00Z", 20261127, &ns).ok());
  EXPECT_EQ(ns, midnight_ns(20261127) + 9 * 3600 * 1'000'000'000LL);
  ASSERT_TRUE(parse_iso_time_on("10:00:00+01:00", 20261127, &ns).ok());
  EXPECT_EQ(ns, midnight_ns(20261127) + 9 * 3600 * 1'000'000'000LL);
  EXPECT_EQ(parse_iso_time_on("9:00", 20261127, &ns).code, "DT01");
}

}  // namespace
namespace {

TEST(Dates, UtcWrittenAsZOrAsPlusZeroIsTheSameInstant) {
  core::TimestampNs with_z = 0, with_offset = 0, time_z = 0, time_offset = 0;
  ASSERT_TRUE(parse_iso_date_time("2026-11-27T10:15:30.123Z", &with_z).ok());
  ASSERT_TRUE(parse_iso_date_time("2026-11-27T10:15:30.123+00:00", &with_offset).ok());
  EXPECT_EQ(with_z, with_offset);
  ASSERT_TRUE(parse_iso_time_on("09:00:00Z", 20261127, &time_z).ok());
  ASSERT_TRUE(parse_iso_time_on("09:00:00+00:00", 20261127, &time_offset).ok());
  EXPECT_EQ(time_z, time_offset);
}

}  // namespace
}  // namespace corridor::iso20022
