#include "sim/money_format.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace corridor::sim {
namespace {

TEST(MoneyFormatTest, UsesTheCurrencyExponentAndGroupsThousands) {
  EXPECT_EQ(format_minor(123456789, 2), "1,234,567.89");
  EXPECT_EQ(format_minor(0, 2), "0.00");
  EXPECT_EQ(format_minor(5, 2), "0.05");
  EXPECT_EQ(format_minor(-5, 3), "-0.005");
  EXPECT_EQ(format_minor(42, 0), "42");
  EXPECT_EQ(format_minor(1000, 0), "1,000");
  EXPECT_EQ(format_minor(999, 0), "999");
  EXPECT_EQ(format_minor(-1234567, 0), "-1,234,567");
  EXPECT_EQ(format_minor(10000, 4), "1.0000");
}

TEST(MoneyFormatTest, ExtremesDoNotOverflow) {
  EXPECT_EQ(format_minor(INT64_MAX, 2), "92,233,720,368,547,758.07");
  EXPECT_EQ(format_minor(INT64_MIN, 2), "-92,233,720,368,547,758.08");
}

TEST(MoneyFormatTest, MajorToMinorScalesAndDetectsOverflow) {
  EXPECT_EQ(major_to_minor(1500, 2), 150000);
  EXPECT_EQ(major_to_minor(1500, 0), 1500);
  EXPECT_EQ(major_to_minor(7, 3), 7000);
  EXPECT_EQ(major_to_minor(INT64_MAX / 100 + 1, 2), std::nullopt);
  EXPECT_EQ(major_to_minor(1, 5), std::nullopt);  // no currency has 5 minor units
}

TEST(MoneyFormatTest, PercentRoundsToOneDecimal) {
  EXPECT_EQ(format_percent(1, 3), "33.3%");
  EXPECT_EQ(format_percent(2, 3), "66.7%");
  EXPECT_EQ(format_percent(3, 3), "100.0%");
  EXPECT_EQ(format_percent(0, 3), "0.0%");
  EXPECT_EQ(format_percent(1, 0), "-");
  EXPECT_EQ(format_percent(INT64_MAX, INT64_MAX), "100.0%");
}

}  // namespace
}  // namespace corridor::sim
