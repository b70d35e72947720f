#include "demo/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace corridor::demo {
namespace {

constexpr double kFirstBoundNs = 10'000;
constexpr double kGrowth = 1.05;

double upper_bound_ns(int bucket) {
  return kFirstBoundNs * std::pow(kGrowth, bucket);
}

}  // namespace

void LatencyHistogram::record(int64_t latency_ns) {
  int bucket = 0;
  if (static_cast<double>(latency_ns) > kFirstBoundNs) {
    bucket = static_cast<int>(
        std::ceil(std::log(static_cast<double>(latency_ns) / kFirstBoundNs) / std::log(kGrowth)));
  }
  bucket = std::clamp(bucket, 0, kBuckets - 1);
  buckets_[static_cast<size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

double LatencyHistogram::percentile_ms(double p) const {
  uint64_t total = 0;
  std::array<uint64_t, kBuckets> counts;
  for (size_t i = 0; i < counts.size(); ++i) {
    counts[i] = buckets_[i].load(std::memory_order_relaxed);
    total += counts[i];
  }
  if (total == 0) return 0;
  // The smallest bucket whose cumulative count reaches ceil(p * total).
  const uint64_t rank =
      std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(p * static_cast<double>(total))));
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts[static_cast<size_t>(i)];
    if (seen >= rank) return upper_bound_ns(i) / 1e6;
  }
  return upper_bound_ns(kBuckets - 1) / 1e6;
}

}  // namespace corridor::demo
