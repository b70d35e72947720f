// The demo's figures: the progress line, the settled count it derives, the
// live latency histogram and the summary's exact percentiles.
#include "demo/progress.h"

#include <gtest/gtest.h>

#include "demo/latency_histogram.h"
#include "demo/summary.h"
#include "demo/text.h"

namespace corridor::demo {
namespace {

TEST(Progress, TheLineShowsEveryFigure) {
  ProgressFigures f;
  f.elapsed_s = 12.34;
  f.total_s = 60;
  f.sent = 3702;
  f.settled = 3650;
  f.queued_now = 3;
  f.rejected = 11;
  f.payments_per_s = 312.4;
  f.p50_ms = 1.23;
  f.p99_ms = 4.81;
  EXPECT_EQ(format_progress(f),
            " 12.3/60 s  sent 3,702  settled 3,650  queued 3  rejected 11  312 payments/s  p50 "
            "1.2 ms  p99 4.8 ms");
}

TEST(Progress, QueuedPaymentsThatLeftTheQueueCountAsSettled) {
  StatsSnapshot s;
  s.settled_at_entry = 100;
  s.queued_at_entry = 5;
  EXPECT_EQ(settled_so_far(s, 5), 100u);
  EXPECT_EQ(settled_so_far(s, 2), 103u);
  // A payment already in a queue whose ACSP answer is not counted yet.
  EXPECT_EQ(settled_so_far(s, 6), 100u);
}

TEST(LatencyHistogram, PercentilesAreWithinABucketOfTheTruth) {
  LatencyHistogram h;
  EXPECT_EQ(h.percentile_ms(0.5), 0);
  for (int i = 1; i <= 100; ++i) h.record(int64_t{i} * 1'000'000);  // 1 .. 100 ms
  EXPECT_EQ(h.count(), 100u);
  EXPECT_NEAR(h.percentile_ms(0.50), 50, 50 * 0.05);
  EXPECT_NEAR(h.percentile_ms(0.99), 99, 99 * 0.05);
  EXPECT_GE(h.percentile_ms(0.99), 99);  // an upper bound
  h.record(0);
  h.record(int64_t{1} << 60);  // beyond the last bound: counted in the last bucket
  EXPECT_GT(h.percentile_ms(1.0), 90'000);
}

TEST(Summary, PercentilesAreExact) {
  std::vector<int64_t> ns;
  for (int i = 100; i >= 1; --i) ns.push_back(int64_t{i} * 1'000'000);
  EXPECT_DOUBLE_EQ(percentile_ms(ns, 0.50), 51);
  EXPECT_DOUBLE_EQ(percentile_ms(ns, 0.99), 100);
  EXPECT_DOUBLE_EQ(percentile_ms(ns, 1.0), 100);
  EXPECT_DOUBLE_EQ(percentile_ms({}, 0.5), 0);
}

TEST(Text, CountsAndMoneyAreGrouped) {
  EXPECT_EQ(grouped(0), "0");
  EXPECT_EQ(grouped(999), "999");
  EXPECT_EQ(grouped(1'234'567), "1,234,567");
  EXPECT_EQ(money(123'456'789, 2, *core::CurrencyCode::parse("CNY")), "1,234,567.89 CNY");
}

}  // namespace
}  // namespace corridor::demo
