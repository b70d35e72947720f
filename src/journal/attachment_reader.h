// Reads attachments back from the journal's segments, by the AttachmentRef the
// engine (Ack::attachment) or observed_replay gave when it was journaled.
//
// The bytes were checked when their batch was read or written (checksum and
// hash chain), so they are read here without rereading the batch: one pread.
// A segment may have moved to archive/ meanwhile (Engine's snapshots_kept); an
// open file stays valid across that rename. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "journal/record_format.h"

namespace corridor::journal {

class AttachmentReader {
 public:
  explicit AttachmentReader(std::string dir) : dir_(std::move(dir)) {}
  ~AttachmentReader();
  AttachmentReader(const AttachmentReader&) = delete;
  AttachmentReader& operator=(const AttachmentReader&) = delete;

  // The attachment's bytes; nullopt when its segment cannot be opened or is
  // shorter than the reference says (a reference from another journal).
  std::optional<std::string> read(const AttachmentRef& ref) const;

 private:
  int segment_fd(uint64_t segment_first_seq) const;  // -1: not found

  std::string dir_;
  mutable std::mutex mutex_;
  mutable absl::flat_hash_map<uint64_t, int> fds_;  // segment first seq -> open file
};

}  // namespace corridor::journal
