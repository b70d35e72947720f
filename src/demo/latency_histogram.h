// Request latencies for the live display: a fixed histogram of atomic
// buckets 5% wide, so any thread records without a lock and percentiles are
// read at any time (to within a bucket). The final summary uses the exact
// latencies instead (DemoStats::latencies_ns).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace corridor::demo {

class LatencyHistogram {
 public:
  void record(int64_t latency_ns);
  // The upper bound of the bucket holding the p-quantile (0 <= p <= 1), in
  // milliseconds; 0 when nothing was recorded.
  double percentile_ms(double p) const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }

  // Bucket 0 holds everything up to 10 µs; bucket i up to 10 µs * 1.05^i;
  // the last one everything above (about 100 s).
  static constexpr int kBuckets = 332;

 private:
  std::array<std::atomic<uint64_t>, kBuckets> buckets_{};
  std::atomic<uint64_t> count_{0};
};

}  // namespace corridor::demo
