#include "iso20022/xml_writer.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <random>
#include <string>

#include "core/currency.h"

namespace corridor::iso20022 {
namespace {

std::string escaped(std::string_view text, size_t max_chars = SIZE_MAX) {
  std::string out;
  append_escaped(out, text, max_chars);
  return out;
}

std::string amount(core::AmountMinor amount_minor, int minor_units) {
  std::string out;
  append_amount(out, amount_minor, minor_units);
  return out;
}

std::string datetime(core::TimestampNs at_ns) {
  std::string out;
  append_datetime(out, at_ns);
  return out;
}

TEST(XmlWriter, EscapesTheFiveMarkupCharacters) {
  EXPECT_EQ(escaped(R"(a&b<c>d"e'f)"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(escaped("plain text 123"), "plain text 123");
}

TEST(XmlWriter, WritesTabLineFeedAndCarriageReturnAsReferences) {
  EXPECT_EQ(escaped("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
}

TEST(XmlWriter, ReplacesControlCharactersXmlForbids) {
  std::string text = "a";
  for (char c = 1; c < 0x20; ++c) {
    if (c != '\t' && c != '\n' && c != '\r') text += c;
  }
  text += '\0';
  text += "z";
  const std::string out = escaped(text);
  EXPECT_EQ(out, "a" + std::string(28 + 1, '?') + "z");  // 28 controls and NUL
}

TEST(XmlWriter, ReplacesInvalidUtf8AndNonCharacters) {
  EXPECT_EQ(escaped("\xC3\xA9t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");  // é kept
  EXPECT_EQ(escaped("\xE2\x82\xAC"), "\xE2\x82\xAC");            // € kept
  EXPECT_EQ(escaped("\xF0\x9F\x92\xB6"), "\xF0\x9F\x92\xB6");    // 4-byte kept
  EXPECT_EQ(escaped("a\xFFz"), "a?z");                           // never valid
  EXPECT_EQ(escaped("a\xC3"), "a?");                             // cut sequence
  EXPECT_EQ(escaped("\xC0\xAF"), "??");                          // overlong '/'
  EXPECT_EQ(escaped("\xED\xA0\x80"), "???");                     // surrogate
  EXPECT_EQ(escaped("\xEF\xBF\xBE\xEF\xBF\xBF"), "??");          // U+FFFE, U+FFFF
}

TEST(XmlWriter, TruncatesByCharactersNeverInsideASequence) {
  EXPECT_EQ(escaped("abcdef", 3), "abc");
  EXPECT_EQ(escaped("\xC3\xA9\xC3\xA9\xC3\xA9", 2), "\xC3\xA9\xC3\xA9");
  EXPECT_EQ(escaped("&&&&", 2), "&amp;&amp;");  // an escape counts as one character
  std::string out;
  EXPECT_EQ(append_escaped(out, std::string(50, 'x'), 35), 35u);
  EXPECT_EQ(out.size(), 35u);
}

TEST(XmlWriter, AnyByteStringGivesWellFormedXml) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  std::string xml = "<a x=\"";
  append_escaped(xml, all);
  xml += "\">";
  append_escaped(xml, all);
  xml += "</a>";
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(xml.c_str()));
}

TEST(XmlWriter, AmountsAreExactForEveryMinorUnitCount) {
  EXPECT_EQ(amount(12345, 2), "123.45");
  EXPECT_EQ(amount(5, 2), "0.05");
  EXPECT_EQ(amount(0, 2), "0.00");
  EXPECT_EQ(amount(100, 0), "100");
  EXPECT_EQ(amount(0, 0), "0");
  EXPECT_EQ(amount(1, 3), "0.001");
  EXPECT_EQ(amount(1234567, 3), "1234.567");
  EXPECT_EQ(amount(1, 4), "0.0001");
  EXPECT_EQ(amount(10000, 4), "1.0000");
  EXPECT_EQ(amount(999'999'999'999'999'999, 2), "9999999999999999.99");
}

TEST(XmlWriter, AmountTextReadsBackAsTheSameMinorUnits) {
  // Reading the text back digit by digit (point removed) gives the integer we
  // started from, and the point sits exactly minor_units digits from the end.
  std::mt19937_64 engine(42);
  std::uniform_int_distribution<int64_t> amounts(0, 999'999'999'999'999'999);
  for (int i = 0; i < 20000; ++i) {
    const int64_t amount_minor = i < 100 ? i : amounts(engine) >> (i % 60);
    for (int units = 0; units <= core::kMinorUnitsMax; ++units) {
      const std::string text = amount(amount_minor, units);
      const size_t point = text.find('.');
      ASSERT_EQ(point == std::string::npos, units == 0) << text;
      if (units > 0) {
        ASSERT_EQ(text.size() - point - 1, static_cast<size_t>(units)) << text;
        ASSERT_GE(point, 1u) << text;
      }
      if (text[0] == '0') {  // no leading zeros: "0", "0.05", never "007"
        ASSERT_TRUE(text.size() == 1 || text[1] == '.') << text;
      }
      int64_t back = 0;
      for (char c : text) {
        if (c != '.') back = back * 10 + (c - '0');
      }
      ASSERT_EQ(back, amount_minor) << text;
    }
  }
}

TEST(XmlWriter, RejectsAmountsTheSchemaCannotHold) {
  EXPECT_THROW(amount(-1, 2), RenderError);
  EXPECT_THROW(amount(1'000'000'000'000'000'000, 2), RenderError);
  EXPECT_THROW(amount(INT64_MAX, 0), RenderError);
}

TEST(XmlWriter, MinorUnitsComeFromIso4217) {
  EXPECT_EQ(minor_units_of("EUR"), 2);
  EXPECT_EQ(minor_units_of("JPY"), 0);
  EXPECT_EQ(minor_units_of("KWD"), 3);
  EXPECT_EQ(minor_units_of("BHD"), 3);
  EXPECT_THROW(minor_units_of("XYZ"), RenderError);
  EXPECT_THROW(minor_units_of("eur"), RenderError);
}

TEST(XmlWriter, DateTimesAreUtcWithMilliseconds) {
  EXPECT_EQ(datetime(0), "1970-01-01T00:00:00.000+00:00");
  // 2026-11-27T10:15:30.123456789Z
  EXPECT_EQ(datetime(1'795'774'530'123'456'789), "2026-11-27T10:15:30.123+00:00");
  EXPECT_EQ(datetime(951'782'400'000'000'000), "2000-02-29T00:00:00.000+00:00");
  EXPECT_EQ(datetime(-1), "1969-12-31T23:59:59.999+00:00");
}

TEST(XmlWriter, DateTimeYearsHaveAtLeastFourDigits) {
  const auto seconds = [](int64_t value) {
    std::string out;
    append_datetime_seconds(out, value);
    return out;
  };
  EXPECT_EQ(seconds(-62'135'596'800), "0001-01-01T00:00:00");
  EXPECT_EQ(seconds(-30'610'310'400 + 86'399), "0999-12-31T23:59:59");
  EXPECT_EQ(seconds(253'402'214'400), "9999-12-31T00:00:00");
  EXPECT_EQ(seconds(253'402'387'199), "10000-01-01T23:59:59");
  // Appended to what the buffer holds, never in place of it.
  std::string out = "<DtTm>";
  append_datetime(out, 1'795'774'530'123'456'789);
  EXPECT_EQ(out, "<DtTm>2026-11-27T10:15:30.123+00:00");
}

TEST(XmlWriter, DateTimeElementsAreRightWhenTheDayChangesBetweenThem) {
  // The writer reuses the date of its previous date-time on the same day.
  std::string out;
  XmlWriter w(out);
  w.datetime("A", 1'795'774'530'123'456'789);  // 2026-11-27T10:15:30.123
  w.datetime("B", 1'795'774'530'999'000'000);
  w.datetime("C", 1'795'824'000'000'000'000);  // 2026-11-28T00:00:00
  w.datetime("D", 1'795'823'999'999'999'999);  // 2026-11-27T23:59:59.999
  w.datetime("E", -1);
  w.datetime("F", 0);
  EXPECT_EQ(out,
            "<A>2026-11-27T10:15:30.123+00:00</A><B>2026-11-27T10:15:30.999+00:00</B>"
            "<C>2026-11-28T00:00:00.000+00:00</C><D>2026-11-27T23:59:59.999+00:00</D>"
            "<E>1969-12-31T23:59:59.999+00:00</E><F>1970-01-01T00:00:00.000+00:00</F>");
}

TEST(XmlWriter, DatesComeFromYyyymmdd) {
  std::string out;
  append_date(out, 20261127);
  EXPECT_EQ(out, "2026-11-27");
  EXPECT_THROW(append_date(out, 20261327), RenderError);
  EXPECT_THROW(append_date(out, 20261100), RenderError);
  EXPECT_THROW(append_date(out, 0), RenderError);
  EXPECT_THROW(append_date(out, 101), RenderError);  // year 0
  EXPECT_THROW(append_date(out, 20260229), RenderError);
  EXPECT_THROW(append_date(out, 20260431), RenderError);
  EXPECT_THROW(append_date(out, 21000229), RenderError);
  out.clear();
  append_date(out, 20280229);
  append_date(out, 20000229);
  EXPECT_EQ(out, "2028-02-292000-02-29");
}

TEST(XmlWriter, ChecksBicsAndUetrs) {
  EXPECT_TRUE(is_bic("DEUTDEFF"));
  EXPECT_TRUE(is_bic("DEUTDEFF500"));
  EXPECT_FALSE(is_bic("DEUTDEF"));
  EXPECT_FALSE(is_bic("DEUT1EFF"));
  EXPECT_FALSE(is_bic("deutdeff"));
  EXPECT_TRUE(is_uetr("eb6305c9-1f7f-49de-aed0-16487c27b42d"));
  EXPECT_FALSE(is_uetr("eb6305c9-1f7f-39de-aed0-16487c27b42d"));  // version 3
  EXPECT_FALSE(is_uetr("eb6305c9-1f7f-49de-7ed0-16487c27b42d"));  // variant
  EXPECT_FALSE(is_uetr("EB6305C9-1F7F-49DE-AED0-16487C27B42D"));  // upper case
}

// The UUIDv4Identifier pattern written out plainly, to check is_uetr against.
bool matches_uetr_pattern(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    const char c = text[i];
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (i == 14) {
      if (c != '4') return false;
    } else if (i == 19) {
      if (c != '8' && c != '9' && c != 'a' && c != 'b') return false;
    } else if (!hex) {
      return false;
    }
  }
  return true;
}

TEST(XmlWriter, UetrCheckAgreesWithThePatternForEveryByteAtEveryPosition) {
  const std::string valid = "eb6305c9-1f7f-49de-aed0-16487c27b42d";
  for (size_t i = 0; i < valid.size(); ++i) {
    for (int byte = 0; byte < 256; ++byte) {
      std::string text = valid;
      text[i] = static_cast<char>(byte);
      EXPECT_EQ(is_uetr(text), matches_uetr_pattern(text)) << "position " << i << " byte " << byte;
    }
  }
  EXPECT_FALSE(is_uetr(valid.substr(0, 35)));
  EXPECT_FALSE(is_uetr(valid + "0"));
}

TEST(XmlWriter, EmptyMandatoryTextBecomesNotProvided) {
  std::string out;
  XmlWriter w(out);
  w.text("Id", "", kMax35);
  w.optional_text("Nm", "", kMax35);
  EXPECT_EQ(out, "<Id>NOTPROVIDED</Id>");
}

}  // namespace
}  // namespace corridor::iso20022
