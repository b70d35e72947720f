// Reads a journal directory and checks all of it: every batch's checksums and
// hash, sequence continuity across batches and segments, and the hash chain.
//
// Segment files are named `journal-<first_seq, 20 digits>.seg` in the journal
// directory (archived ones in its `archive/` subdirectory) and hold batch
// records back to back (record_format.h). The first fault ends the scan:
// - in the last segment, a batch that is cut short or broken with no valid
//   batch after it is a torn tail (a crash during the write of a batch that
//   was never acknowledged): reported in `torn_tail`, not a fault;
// - anything else (a broken batch anywhere before that, a gap or overlap in
//   sequence numbers, a prev_hash that does not match, a misnamed or empty
//   segment before the last) is a fault naming the file and the byte offset.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "journal/hash.h"
#include "journal/record_format.h"

namespace corridor::journal {

struct JournalFault {
  std::string file;  // path of the segment
  uint64_t offset = 0;
  std::string what;
  std::string to_string() const;  // "<file> at byte <offset>: <what>"
};

struct TornTail {
  std::string file;
  uint64_t offset = 0;  // where the broken batch starts; the segment is valid up to here
  uint64_t bytes = 0;   // how many bytes follow, to be truncated
  std::string what;
};

struct SegmentInfo {
  std::string path;
  uint64_t first_seq = 0;  // from the name
  uint64_t valid_bytes = 0;
  bool archived = false;
};

struct ScanOptions {
  bool verify_hash = true;       // recompute every batch's SHA-256
  bool include_archive = false;  // start from the segments in archive/ too
};

struct ScanResult {
  std::optional<JournalFault> fault;  // set: the journal is corrupt; refuse to use it
  std::optional<TornTail> torn_tail;
  std::vector<SegmentInfo> segments;  // in order, as scanned
  uint64_t first_seq = 0;             // of the first batch scanned (0: no batches)
  uint64_t last_seq = 0;              // of the last valid batch (0: none)
  uint64_t batch_count = 0;
  Hash256 head{};  // batch_hash of the last valid batch (zeros: none)
  // The first batch's prev_hash: zeros when the scan started at sequence 1,
  // else the head the scanned part continues from (earlier segments archived).
  Hash256 start_prev_hash{};
};

struct BatchAt {
  const SegmentInfo& segment;
  uint64_t offset;
  const BatchView& batch;
};

// Scans `dir`. on_batch (may be empty) sees every valid batch in order; its
// spans are valid only during the call; returning false stops the scan early
// (no fault). Never modifies anything.
ScanResult scan_journal(const std::string& dir, const ScanOptions& options,
                        const std::function<bool(const BatchAt&)>& on_batch);

std::string segment_file_name(uint64_t first_seq);  // "journal-00000000000000000001.seg"

}  // namespace corridor::journal
