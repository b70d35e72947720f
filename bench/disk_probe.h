// The disk under a journal directory, measured the way the journal uses it:
// what filesystem it is, how fast a small append becomes durable, how many
// 128-byte records per second an append + fdatasync loop reaches for a given
// group size, and the sequential write bandwidth. corridor_journal_bench
// prints these next to the engine's figures, so that every throughput figure
// can be read against the ceiling of the same disk at the same moment.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace corridor::bench {

struct FilesystemFacts {
  std::string path;  // the directory asked about, made absolute
  std::string mount_point;
  std::string device;      // the mount's source, e.g. /dev/vda
  std::string fs_type;     // from /proc/self/mountinfo, e.g. ext4
  std::string options;     // mount options
  std::string magic;       // statfs f_type, named when known
  std::string rotational;  // "yes", "no" or "?" (from /sys/dev/block)
  bool tmpfs = false;      // fdatasync is a no-op there: figures would not be disk figures
  uint64_t size_bytes = 0;
  uint64_t available_bytes = 0;
};

FilesystemFacts filesystem_facts(const std::string& dir);

// One append-and-sync loop: each step appends `group_bytes` with one write at
// the end of a new file, then calls fdatasync, like SegmentWriter::append.
struct SyncLoopResult {
  uint64_t group_bytes = 0;
  uint64_t syncs = 0;
  double seconds = 0;
  double mean_us = 0;  // of write + fdatasync
  double p50_us = 0;
  double p99_us = 0;
  double syncs_per_s() const { return seconds > 0 ? static_cast<double>(syncs) / seconds : 0; }
  double bytes_per_s() const { return syncs_per_s() * static_cast<double>(group_bytes); }
};

// Runs for at least `seconds_min` (and at least 3 syncs), stopping early once
// `bytes_max` were written. Throws on I/O errors. The probes leave their files
// in `dir` for the caller to remove at the very end: on a filesystem mounted
// with `discard`, deleting hundreds of MB makes the device busy with trims
// for a while, and the next measurement would pay for them.
SyncLoopResult append_sync_loop(const std::string& dir, uint64_t group_bytes, double seconds_min,
                                uint64_t bytes_max);

struct SequentialWriteResult {
  uint64_t bytes = 0;
  double write_seconds = 0;  // the write() calls (into the page cache)
  double sync_seconds = 0;   // the final fdatasync (the flush to the device)
  double bytes_per_s() const {
    return write_seconds + sync_seconds > 0
               ? static_cast<double>(bytes) / (write_seconds + sync_seconds)
               : 0;
  }
};

// Writes `bytes` in 1 MiB writes, then one fdatasync. The file is left in `dir`.
SequentialWriteResult sequential_write(const std::string& dir, uint64_t bytes);

// Asks the kernel to drop the cached pages of a file (clean pages only): a
// later read comes from the device. Returns false if it could not.
bool drop_cached_pages(const std::string& path);

// p in [0, 100] of unsorted samples (sorts them); 0 for none.
double percentile(std::vector<double>& samples, double p);

}  // namespace corridor::bench
