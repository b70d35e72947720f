// Value types: BIC (ISO 9362), UETR (UUID v4), currency codes (ISO 4217),
// checked money arithmetic, reason codes, instruction ids.
#include <absl/hash/hash.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "core/bic.h"
#include "core/command.h"
#include "core/currency.h"
#include "core/money.h"
#include "core/reason.h"
#include "core/uetr.h"

namespace corridor::core {
namespace {

constexpr AmountMinor kMax = std::numeric_limits<AmountMinor>::max();
constexpr AmountMinor kMin = std::numeric_limits<AmountMinor>::min();

// --- Bic ------------------------------------------------------------------

TEST(Bic, ParsesEightCharacterBic) {
  std::optional<Bic> bic = Bic::parse("BANKDEFF");
  ASSERT_TRUE(bic.has_value());
  EXPECT_EQ(bic->to_string(), "BANKDEFF");
  EXPECT_EQ(bic->bic11(), "BANKDEFFXXX");
  EXPECT_EQ(bic->country(), "DE");
  EXPECT_FALSE(bic->empty());
}

TEST(Bic, ParsesElevenCharacterBic) {
  std::optional<Bic> bic = Bic::parse("BANKDEFF123");
  ASSERT_TRUE(bic.has_value());
  EXPECT_EQ(bic->to_string(), "BANKDEFF123");
  EXPECT_EQ(bic->bic11(), "BANKDEFF123");
}

TEST(Bic, Bic8EqualsBic11WithBranchXXX) {
  std::optional<Bic> bic8 = Bic::parse("BANKDEFF");
  std::optional<Bic> bic11 = Bic::parse("BANKDEFFXXX");
  ASSERT_TRUE(bic8.has_value());
  ASSERT_TRUE(bic11.has_value());
  EXPECT_EQ(*bic8, *bic11);
  EXPECT_EQ(absl::Hash<Bic>()(*bic8), absl::Hash<Bic>()(*bic11));
  EXPECT_EQ(bic11->to_string(), "BANKDEFF") << "BIC11 with XXX prints as BIC8";
}

TEST(Bic, BranchOtherThanXXXIsADifferentBic) {
  EXPECT_NE(*Bic::parse("BANKDEFF"), *Bic::parse("BANKDEFF001"));
  EXPECT_NE(*Bic::parse("BANKDEFFXXA"), *Bic::parse("BANKDEFF"));
}

TEST(Bic, AllowsDigitsInPartyPrefixLocationAndBranch) {
  EXPECT_TRUE(Bic::parse("1234DE56").has_value());
  EXPECT_TRUE(Bic::parse("AB12DE3F9Z9").has_value());
}

TEST(Bic, RejectsWrongLength) {
  for (const char* text :
       {"", "B", "BANKDEF", "BANKDEFF1", "BANKDEFF12", "BANKDEFF1234", "BANKDEFFXXXX"}) {
    EXPECT_FALSE(Bic::parse(text).has_value()) << '"' << text << '"';
  }
}

TEST(Bic, RejectsLowerCase) {
  for (const char* text : {"bankdeff", "BANKdeFF", "BANKDEFf", "BANKDEFFxxx", "bANKDEFF"}) {
    EXPECT_FALSE(Bic::parse(text).has_value()) << text;
  }
}

TEST(Bic, RejectsBadCharacters) {
  for (const char* text : {"BANK-EFF", "BANK DEFF", "BANKDE.F", "BANKDEFF_XX", "BANKDEFFXX ",
                           "BÄNKDEFF", "BANKDEFF\n", "BANK\0EFF"}) {
    EXPECT_FALSE(Bic::parse(text).has_value()) << text;
  }
  EXPECT_FALSE(Bic::parse(std::string_view("BANK\0EFF", 8)).has_value());
}

TEST(Bic, RejectsDigitsInCountryCode) {
  EXPECT_FALSE(Bic::parse("BANK1EFF").has_value());
  EXPECT_FALSE(Bic::parse("BANKD1FF").has_value());
  EXPECT_FALSE(Bic::parse("BANK12FF").has_value());
}

TEST(Bic, DefaultIsEmptyAndPrintsEmpty) {
  Bic bic;
  EXPECT_TRUE(bic.empty());
  EXPECT_EQ(bic.to_string(), "");
  EXPECT_NE(bic, *Bic::parse("BANKDEFF"));
}

TEST(Bic, OrdersByBic11) {
  EXPECT_LT(*Bic::parse("AAAADEFF"), *Bic::parse("BBBBDEFF"));
  EXPECT_LT(*Bic::parse("AAAADEFF001"), *Bic::parse("AAAADEFF"));  // '0' < 'X'
}

// --- Uetr -----------------------------------------------------------------

TEST(Uetr, ParsesIso20022Uuid4AndRoundTrips) {
  const std::string text = "eb6305c9-1f7f-49de-aed0-16487c27b42d";
  std::optional<Uetr> u = Uetr::parse(text);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->high, 0xeb6305c91f7f49deULL);
  EXPECT_EQ(u->low, 0xaed016487c27b42dULL);
  EXPECT_EQ(u->to_string(), text);
}

TEST(Uetr, AcceptsEveryRfc4122VariantDigit) {
  for (char v : {'8', '9', 'a', 'b'}) {
    std::string text = "00000000-0000-4000-8000-000000000001";
    text[19] = v;
    std::optional<Uetr> u = Uetr::parse(text);
    ASSERT_TRUE(u.has_value()) << text;
    EXPECT_EQ(u->to_string(), text);
  }
}

TEST(Uetr, RejectsOtherVariants) {
  for (char v : {'0', '7', 'c', 'd', 'e', 'f'}) {
    std::string text = "00000000-0000-4000-8000-000000000001";
    text[19] = v;
    EXPECT_FALSE(Uetr::parse(text).has_value()) << text;
  }
}

TEST(Uetr, RejectsVersionsOtherThanFour) {
  for (char v : {'0', '1', '3', '5', '7', 'a'}) {
    std::string text = "eb6305c9-1f7f-49de-aed0-16487c27b42d";
    text[14] = v;
    EXPECT_FALSE(Uetr::parse(text).has_value()) << text;
  }
}

TEST(Uetr, RejectsUpperCase) {
  EXPECT_FALSE(Uetr::parse("EB6305C9-1F7F-49DE-AED0-16487C27B42D").has_value());
  EXPECT_FALSE(Uetr::parse("eb6305c9-1f7f-49de-Aed0-16487c27b42d").has_value());
}

TEST(Uetr, RejectsMalformedText) {
  for (const char* text : {
           "",
           "eb6305c91f7f49deaed016487c27b42d",        // no dashes
           "{eb6305c9-1f7f-49de-aed0-16487c27b42d}",  // braces
           "eb6305c9-1f7f-49de-aed0-16487c27b42",     // short
           "eb6305c9-1f7f-49de-aed0-16487c27b42d0",   // long
           "eb6305c9_1f7f-49de-aed0-16487c27b42d",    // wrong separator
           "eb6305c9-1f7f-49de-aed016487c27b-42d",    // dash misplaced
           "gb6305c9-1f7f-49de-aed0-16487c27b42d",    // not hex
           " b6305c9-1f7f-49de-aed0-16487c27b42d",
       }) {
    EXPECT_FALSE(Uetr::parse(text).has_value()) << text;
  }
}

TEST(Uetr, FromBitsForcesVersionAndVariant) {
  EXPECT_EQ(Uetr::from_bits(0, 0).to_string(), "00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(Uetr::from_bits(~uint64_t{0}, ~uint64_t{0}).to_string(),
            "ffffffff-ffff-4fff-bfff-ffffffffffff");
  EXPECT_EQ(Uetr::from_bits(0, 7).to_string(), "00000000-0000-4000-8000-000000000007");
}

TEST(Uetr, FromBitsIsAFixedPointOfParseAndToString) {
  uint64_t x = 0x9e3779b97f4a7c15ULL;
  for (int i = 0; i < 200; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const Uetr u = Uetr::from_bits(x, x * 0xbf58476d1ce4e5b9ULL);
    std::optional<Uetr> back = Uetr::parse(u.to_string());
    ASSERT_TRUE(back.has_value()) << u.to_string();
    EXPECT_EQ(*back, u);
    EXPECT_EQ(Uetr::from_bits(u.high, u.low), u);
  }
}

TEST(Uetr, DistinctSmallNumbersGiveDistinctUetrs) {
  EXPECT_NE(Uetr::from_bits(0, 1), Uetr::from_bits(0, 2));
  EXPECT_NE(Uetr::from_bits(0, 1), Uetr::from_bits(1, 1));
}

TEST(Uetr, NilIsOnlyAllZero) {
  EXPECT_TRUE(Uetr{}.is_nil());
  EXPECT_FALSE(Uetr::from_bits(0, 0).is_nil());
  EXPECT_FALSE(Uetr::parse("00000000-0000-4000-8000-000000000000")->is_nil());
}

// --- CurrencyCode and ISO 4217 ----------------------------------------------

TEST(CurrencyCode, ParsesThreeUpperCaseLetters) {
  std::optional<CurrencyCode> eur = CurrencyCode::parse("EUR");
  ASSERT_TRUE(eur.has_value());
  EXPECT_EQ(eur->view(), "EUR");
  EXPECT_EQ(eur->to_string(), "EUR");
  EXPECT_EQ(*eur, *CurrencyCode::parse("EUR"));
  EXPECT_NE(*eur, *CurrencyCode::parse("USD"));
}

TEST(CurrencyCode, RejectsAnythingElse) {
  for (const char* text : {"", "EU", "EURO", "eur", "Eur", "E1R", "EU ", "978"}) {
    EXPECT_FALSE(CurrencyCode::parse(text).has_value()) << '"' << text << '"';
  }
}

TEST(Iso4217, GivesOfficialMinorUnits) {
  EXPECT_EQ(iso4217_minor_units("EUR"), 2);
  EXPECT_EQ(iso4217_minor_units("USD"), 2);
  EXPECT_EQ(iso4217_minor_units("GBP"), 2);
  EXPECT_EQ(iso4217_minor_units("JPY"), 0);
  EXPECT_EQ(iso4217_minor_units("KRW"), 0);
  EXPECT_EQ(iso4217_minor_units("KWD"), 3);
  EXPECT_EQ(iso4217_minor_units("BHD"), 3);
  EXPECT_EQ(iso4217_minor_units("CLF"), 4);
  EXPECT_EQ(iso4217_minor_units("AED"), 2);  // first in the table
  EXPECT_EQ(iso4217_minor_units("ZWG"), 2);  // last in the table
}

TEST(Iso4217, UnknownCodesHaveNoMinorUnits) {
  for (const char* text : {"ABC", "ZZZ", "AAA", "XAU", "XXX", "", "EU", "EURO", "eur"}) {
    EXPECT_FALSE(iso4217_minor_units(text).has_value()) << '"' << text << '"';
  }
}

// --- Checked arithmetic -------------------------------------------------------

TEST(CheckedArithmetic, AddsAndSubtractsWithinRange) {
  AmountMinor r = 0;
  EXPECT_TRUE(checked_add(2, 3, &r));
  EXPECT_EQ(r, 5);
  EXPECT_TRUE(checked_add(kMax, 0, &r));
  EXPECT_EQ(r, kMax);
  EXPECT_TRUE(checked_add(kMax, kMin, &r));
  EXPECT_EQ(r, -1);
  EXPECT_TRUE(checked_sub(2, 3, &r));
  EXPECT_EQ(r, -1);
  EXPECT_TRUE(checked_sub(kMin + 1, 1, &r));
  EXPECT_EQ(r, kMin);
}

TEST(CheckedArithmetic, ReportsOverflowInsteadOfWrapping) {
  AmountMinor r = 0;
  EXPECT_FALSE(checked_add(kMax, 1, &r));
  EXPECT_FALSE(checked_add(kMin, -1, &r));
  EXPECT_FALSE(checked_add(kMax, kMax, &r));
  EXPECT_FALSE(checked_sub(kMin, 1, &r));
  EXPECT_FALSE(checked_sub(kMax, -1, &r));
  EXPECT_FALSE(checked_sub(0, kMin, &r));
}

TEST(CheckedArithmetic, SaturatesAtTheBounds) {
  EXPECT_EQ(saturating_add(1, 2), 3);
  EXPECT_EQ(saturating_add(kMax, 1), kMax);
  EXPECT_EQ(saturating_add(kMax, kMax), kMax);
  EXPECT_EQ(saturating_add(kMin, -1), kMin);
  EXPECT_EQ(saturating_sub(5, 7), -2);
  EXPECT_EQ(saturating_sub(kMin, 1), kMin);
  EXPECT_EQ(saturating_sub(kMax, -1), kMax);
  EXPECT_EQ(saturating_sub(0, kMin), kMax);
}

// --- Reason codes -----------------------------------------------------------------

TEST(ReasonCode, MapsToIsoCodesOfTheSpecTable) {
  EXPECT_EQ(iso_code(Reason::kNone), "");
  EXPECT_EQ(iso_code(Reason::kInvalidBic), "RC01");
  EXPECT_EQ(iso_code(Reason::kUnknownParticipant), "RC01");
  EXPECT_EQ(iso_code(Reason::kUnknownAccount), "AC01");
  EXPECT_EQ(iso_code(Reason::kParticipantClosed), "AC04");
  EXPECT_EQ(iso_code(Reason::kParticipantSuspended), "AC06");
  EXPECT_EQ(iso_code(Reason::kInvalidCurrency), "AM03");
  EXPECT_EQ(iso_code(Reason::kCurrencyNotAccepted), "AM03");
  EXPECT_EQ(iso_code(Reason::kZeroAmount), "AM01");
  EXPECT_EQ(iso_code(Reason::kNegativeAmount), "AM02");
  EXPECT_EQ(iso_code(Reason::kAmountOverflow), "AM02");
  EXPECT_EQ(iso_code(Reason::kInsufficientFunds), "AM04");
  EXPECT_EQ(iso_code(Reason::kDuplicate), "DUPL");
  EXPECT_EQ(iso_code(Reason::kAccountExists), "DUPL");
  EXPECT_EQ(iso_code(Reason::kParticipantExists), "DUPL");
  EXPECT_EQ(iso_code(Reason::kCurrencyExists), "DUPL");
  EXPECT_EQ(iso_code(Reason::kLatestTimePassed), "TM01");
  EXPECT_EQ(iso_code(Reason::kEndOfDay), "TM01");
  EXPECT_EQ(iso_code(Reason::kCancelledOnRequest), "CUST");
  EXPECT_EQ(iso_code(Reason::kNotQueued), "NOOR");
  EXPECT_EQ(iso_code(Reason::kInvalidTimeWindow), "DT01");
  EXPECT_EQ(iso_code(Reason::kInvalidValueDate), "DT01");
  EXPECT_EQ(iso_code(Reason::kTimestampBackwards), "FF01");
  EXPECT_EQ(iso_code(Reason::kTooMany), "AG01");
  EXPECT_EQ(iso_code(Reason::kInvalidParticipantKind), "AG01");
  EXPECT_EQ(iso_code(Reason::kSameAccount), "AG01");
  EXPECT_EQ(iso_code(Reason::kNotClosable), "AG01");
  EXPECT_EQ(iso_code(Reason::kCreditInUse), "AM04");
  EXPECT_EQ(iso_code(Reason::kTextTooLong), "FF01");
}

TEST(ReasonCode, EveryReasonHasAFourLetterCodeAndAText) {
  for (int r = 1; r < static_cast<int>(Reason::kCount); ++r) {
    const Reason reason = static_cast<Reason>(r);
    EXPECT_EQ(iso_code(reason).size(), 4u) << r;
    EXPECT_FALSE(reason_text(reason).empty()) << r;
  }
}

// --- InstructionId -----------------------------------------------------------------

TEST(InstructionId, HoldsUpTo35Characters) {
  InstructionId id;
  EXPECT_TRUE(id.view().empty());
  const std::string max(35, 'x');
  EXPECT_TRUE(id.assign(max));
  EXPECT_EQ(id.view(), max);
  EXPECT_TRUE(id.assign("short"));
  EXPECT_EQ(id.view(), "short");
}

TEST(InstructionId, RefusesLongerTextAndStaysEmpty) {
  InstructionId id;
  EXPECT_FALSE(id.assign(std::string(36, 'y')));
  EXPECT_TRUE(id.view().empty());
}

}  // namespace
}  // namespace corridor::core
