// DedupeSet: the duplicate-detection window behind DUPL.
#include "core/dedupe_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace corridor::core {
namespace {

Uetr uetr(uint64_t n) { return Uetr::from_bits(n * 0x9E3779B97F4A7C15ull, n); }

TEST(DedupeSet, SecondInsertOfTheSameUetrIsRefused) {
  DedupeSet set;
  EXPECT_TRUE(set.insert(uetr(1), 0));
  EXPECT_FALSE(set.insert(uetr(1), 0));
  EXPECT_FALSE(set.insert(uetr(1), 3));  // the day stored does not make it new
  EXPECT_EQ(set.size(), 1u);
}

TEST(DedupeSet, UetrsDifferingInOneWordAreDistinct) {
  DedupeSet set;
  const Uetr a = Uetr::from_bits(1, 7);
  const Uetr b = Uetr::from_bits(2, 7);
  const Uetr c = Uetr::from_bits(1, 8);
  EXPECT_TRUE(set.insert(a, 0));
  EXPECT_TRUE(set.insert(b, 0));
  EXPECT_TRUE(set.insert(c, 0));
  EXPECT_TRUE(set.contains(a) && set.contains(b) && set.contains(c));
  EXPECT_FALSE(set.contains(Uetr::from_bits(2, 8)));
}

TEST(DedupeSet, KeepsEveryUetrThroughGrowth) {
  DedupeSet set;
  constexpr uint64_t kCount = 100'000;  // many doublings past the initial 1,024 slots
  for (uint64_t n = 1; n <= kCount; ++n) ASSERT_TRUE(set.insert(uetr(n), 0));
  EXPECT_EQ(set.size(), kCount);
  for (uint64_t n = 1; n <= kCount; ++n) ASSERT_TRUE(set.contains(uetr(n))) << n;
  EXPECT_FALSE(set.contains(uetr(kCount + 1)));
}

TEST(DedupeSet, KeepWindowForgetsOnlyUetrsOlderThanTheWindow) {
  DedupeSet set;
  for (uint32_t day = 0; day < 6; ++day) {
    for (uint64_t n = 0; n < 100; ++n) ASSERT_TRUE(set.insert(uetr(day * 1000 + n + 1), day));
  }
  set.keep_window(/*business_day=*/5, /*window_days=*/3);  // keeps days 3, 4 and 5
  EXPECT_EQ(set.size(), 300u);
  for (uint32_t day = 0; day < 6; ++day) {
    EXPECT_EQ(set.contains(uetr(day * 1000 + 1)), day >= 3) << "day " << day;
  }
  EXPECT_TRUE(set.insert(uetr(1), 5));  // forgotten, so new again
}

TEST(DedupeSet, DaysWrapModuloSixteen) {
  DedupeSet set;
  ASSERT_TRUE(set.insert(uetr(1), 15));
  ASSERT_TRUE(set.insert(uetr(2), 16));  // stored as day 0
  set.keep_window(/*business_day=*/17, /*window_days=*/2);  // keeps days 16 and 17
  EXPECT_FALSE(set.contains(uetr(1)));
  EXPECT_TRUE(set.contains(uetr(2)));
}

TEST(DedupeSet, EntriesGiveBackTheOriginalUetrsAndDays) {
  DedupeSet set;
  ASSERT_TRUE(set.insert(uetr(1), 2));
  ASSERT_TRUE(set.insert(uetr(2), 17));
  std::vector<DedupeSet::Entry> entries = set.entries();
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.uetr.low < b.uetr.low; });
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].uetr, uetr(1));
  EXPECT_EQ(entries[0].day_mod16, 2u);
  EXPECT_EQ(entries[1].uetr, uetr(2));
  EXPECT_EQ(entries[1].day_mod16, 1u);
}

}  // namespace
}  // namespace corridor::core
