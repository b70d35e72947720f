#include "sim/virtual_time.h"

#include <gtest/gtest.h>

namespace corridor::sim {
namespace {

TEST(VirtualTimeTest, DaysSinceEpoch) {
  EXPECT_EQ(days_since_epoch(19700101), 0);
  EXPECT_EQ(days_since_epoch(19700102), 1);
  EXPECT_EQ(days_since_epoch(20000301), 11017);
  EXPECT_EQ(days_since_epoch(20261127), 20784);
}

TEST(VirtualTimeTest, DateRoundTripsOverCenturies) {
  for (int64_t day = 0; day < 80000; day += 17) {
    const core::ValueDate date = date_from_days(day);
    ASSERT_TRUE(is_valid_date(date)) << date;
    ASSERT_EQ(days_since_epoch(date), day) << date;
  }
}

TEST(VirtualTimeTest, ValidDates) {
  EXPECT_TRUE(is_valid_date(20240229));
  EXPECT_FALSE(is_valid_date(20260229));
  EXPECT_TRUE(is_valid_date(20000229));
  EXPECT_FALSE(is_valid_date(21000229));
  EXPECT_FALSE(is_valid_date(20261131));
  EXPECT_FALSE(is_valid_date(20261300));
  EXPECT_FALSE(is_valid_date(19691231));
}

TEST(VirtualTimeTest, NextWeekdaySkipsWeekends) {
  EXPECT_EQ(next_weekday(20261126), 20261127);  // Thursday -> Friday
  EXPECT_EQ(next_weekday(20261127), 20261130);  // Friday -> Monday
  EXPECT_EQ(next_weekday(20261128), 20261130);  // Saturday -> Monday
  EXPECT_EQ(next_weekday(20261231), 20270101);  // across a year
}

TEST(VirtualTimeTest, TimestampsAndFormatting) {
  EXPECT_EQ(timestamp_ns(19700101, 0), 0);
  EXPECT_EQ(timestamp_ns(19700102, 3600), (86400 + 3600) * kNsPerSecond);
  EXPECT_EQ(format_seconds(7 * 3600 + 5 * 60 + 9), "07:05:09");
  EXPECT_EQ(format_date(20261127), "2026-11-27");
}

}  // namespace
}  // namespace corridor::sim
