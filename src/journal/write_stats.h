// How long the engine's writer takes to make each batch durable (its write
// plus fdatasync, the group commit's price), and how many commands each batch
// holds: histograms with fixed buckets, for GET /metrics.
//
// One writer thread records; any thread may read. Recording is a few relaxed
// atomic additions per batch (no lock), next to a sync that takes tens of
// microseconds at least, so it costs the pipeline nothing measurable.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace corridor::journal {

// Upper bounds (le) of the write-and-sync buckets, in nanoseconds; +Inf is
// implied. From a fast NVMe flush (~50 us) to a disk in trouble (seconds).
inline constexpr std::array<int64_t, 14> kBatchWriteBucketsNs = {
    50'000,     100'000,    250'000,    500'000,     1'000'000,   2'500'000,     5'000'000,
    10'000'000, 25'000'000, 50'000'000, 100'000'000, 250'000'000, 1'000'000'000, 5'000'000'000};

// Upper bounds of the batch-size buckets, in commands: powers of two up to the
// default EngineOptions::batch_commands_max (8192); +Inf is implied.
inline constexpr std::array<uint64_t, 14> kBatchCommandsBuckets = {
    1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192};

// A copy of the counters; per bucket, not cumulative (the last is +Inf).
struct BatchWriteFigures {
  std::array<uint64_t, kBatchWriteBucketsNs.size() + 1> write_counts{};
  uint64_t write_sum_ns = 0;
  std::array<uint64_t, kBatchCommandsBuckets.size() + 1> commands_counts{};
  uint64_t commands_sum = 0;
};

class BatchWriteStats {
 public:
  // The writer thread, once per batch made durable.
  void observe(std::chrono::nanoseconds write_and_sync, uint64_t commands);
  // Each counter read once; counts may run slightly ahead of the sums while a
  // batch is being recorded, never the reverse order of buckets.
  BatchWriteFigures read() const;

 private:
  std::array<std::atomic<uint64_t>, kBatchWriteBucketsNs.size() + 1> write_counts_{};
  std::atomic<uint64_t> write_sum_ns_{0};
  std::array<std::atomic<uint64_t>, kBatchCommandsBuckets.size() + 1> commands_counts_{};
  std::atomic<uint64_t> commands_sum_{0};
};

}  // namespace corridor::journal
