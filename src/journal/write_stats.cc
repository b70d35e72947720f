#include "journal/write_stats.h"

#include <algorithm>

namespace corridor::journal {
namespace {

// The first bucket whose bound is not below `value`; bounds.size() is +Inf.
template <typename T, size_t N>
size_t bucket_of(const std::array<T, N>& bounds, T value) {
  return static_cast<size_t>(std::lower_bound(bounds.begin(), bounds.end(), value) -
                             bounds.begin());
}

}  // namespace

void BatchWriteStats::observe(std::chrono::nanoseconds write_and_sync, uint64_t commands) {
  const int64_t ns = std::max<int64_t>(0, write_and_sync.count());
  write_counts_[bucket_of(kBatchWriteBucketsNs, ns)].fetch_add(1, std::memory_order_relaxed);
  write_sum_ns_.fetch_add(static_cast<uint64_t>(ns), std::memory_order_relaxed);
  commands_counts_[bucket_of(kBatchCommandsBuckets, commands)].fetch_add(1,
                                                                         std::memory_order_relaxed);
  commands_sum_.fetch_add(commands, std::memory_order_relaxed);
}

BatchWriteFigures BatchWriteStats::read() const {
  BatchWriteFigures out;
  for (size_t i = 0; i < write_counts_.size(); ++i) {
    out.write_counts[i] = write_counts_[i].load(std::memory_order_relaxed);
  }
  out.write_sum_ns = write_sum_ns_.load(std::memory_order_relaxed);
  for (size_t i = 0; i < commands_counts_.size(); ++i) {
    out.commands_counts[i] = commands_counts_[i].load(std::memory_order_relaxed);
  }
  out.commands_sum = commands_sum_.load(std::memory_order_relaxed);
  return out;
}

}  // namespace corridor::journal
