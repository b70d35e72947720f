// Appends batch records to the journal's segment files and makes them durable.
//
// append() writes the whole record and calls fdatasync before it returns, so a
// batch is acknowledged only once it is on disk (group commit: one sync per
// batch). A segment that has reached segment_bytes_max is closed and the next
// batch starts a new file, named after its first sequence number; the
// directory is fsynced when a file is created, so the new name survives a
// crash too. I/O failures throw IoError: the engine must stop accepting work.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>

#include "journal/journal_reader.h"

namespace corridor::journal {

class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct WriterOptions {
  uint64_t segment_bytes_max = 64ull << 20;
  bool sync = true;  // false only for tests and benchmarks that measure without the disk
};

// Where a record was written: its segment (by the segment's first sequence
// number) and the byte offset of the record in that file.
struct RecordPlace {
  uint64_t segment_first_seq = 0;
  uint64_t offset = 0;
};

class SegmentWriter {
 public:
  // Continues the journal `scan` describes (scan.fault must be empty): a torn
  // tail is truncated away first (and fsynced), then appends go to the end of
  // the last segment, or to a new segment if there is none or it is full.
  static std::unique_ptr<SegmentWriter> open(const std::string& dir, const ScanResult& scan,
                                             const WriterOptions& options);
  ~SegmentWriter();
  SegmentWriter(const SegmentWriter&) = delete;
  SegmentWriter& operator=(const SegmentWriter&) = delete;

  // Appends one record built by BatchBuilder whose first sequence number is
  // `first_seq`, and syncs it; returns where it went. Throws IoError.
  RecordPlace append(std::span<const uint8_t> record, uint64_t first_seq);

  const std::string& current_path() const { return path_; }
  uint64_t current_bytes() const { return bytes_; }
  uint64_t syncs() const { return syncs_; }

 private:
  SegmentWriter(std::string dir, WriterOptions options);
  void start_segment(uint64_t first_seq);

  std::string dir_;
  WriterOptions options_;
  std::string path_;
  uint64_t segment_first_seq_ = 0;  // of the segment path_ names
  int fd_ = -1;
  uint64_t bytes_ = 0;
  uint64_t syncs_ = 0;
};

// Durability helpers shared with the snapshot store.
void fsync_directory(const std::string& dir);  // throws IoError
std::string errno_text(int error_number);

}  // namespace corridor::journal
