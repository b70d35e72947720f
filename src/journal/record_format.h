// The batch record: the unit the journal appends and syncs (group commit).
//
// Layout (all integers little-endian; docs/journal-format.md, "Batch record"):
//
//   header, 72 bytes
//     0  u32  magic "CRJB" (bytes 43 52 4A 42)
//     4  u16  format version (1)
//     6  u16  flags (0; readers reject anything else)
//     8  u32  payload_bytes
//    12  u32  command_count (>= 1)
//    16  u64  first_seq (>= 1); the batch holds first_seq .. first_seq + count - 1
//    24  i64  timestamp_ns, when the sequencer closed the batch
//    32  32B  prev_hash: the batch_hash of the previous batch (zeros before the first)
//    64  u64  header_checksum = XXH3-64(bytes 0..63)
//   payload, payload_bytes
//     command_count times: u32 length, then that many bytes of one encoded Submission
//   trailer, 40 bytes
//     0  32B  batch_hash = SHA-256(header || payload): the hash-chain head after this batch
//    32  u64  checksum = XXH3-64(header || payload || batch_hash)
//
// The header checksum makes payload_bytes trustworthy before the rest is read,
// so a reader can tell a batch cut short by a crash from a corrupted one.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "journal/hash.h"
#include "journal/submission.h"

namespace corridor::journal {

inline constexpr uint32_t kBatchMagic = 0x424A5243;  // "CRJB" in file order
inline constexpr uint16_t kFormatVersion = 1;
inline constexpr size_t kBatchHeaderBytes = 72;
inline constexpr size_t kBatchTrailerBytes = 40;
inline constexpr uint32_t kBatchPayloadBytesMax = 256u << 20;
inline constexpr uint32_t kEntryBytesMax = 1u << 20;  // one encoded submission

struct BatchHeader {
  uint32_t payload_bytes = 0;
  uint32_t command_count = 0;
  uint64_t first_seq = 0;
  int64_t timestamp_ns = 0;
  Hash256 prev_hash{};
  uint64_t last_seq() const { return first_seq + command_count - 1; }
};

// Builds one batch record in a reusable buffer.
class BatchBuilder {
 public:
  void start(uint64_t first_seq, int64_t timestamp_ns, const Hash256& prev_hash);
  void add(const Submission& submission);
  // Writes the header and trailer; returns the batch hash. bytes() is then the record.
  Hash256 finish();
  std::span<const uint8_t> bytes() const { return buffer_; }
  uint32_t command_count() const { return count_; }
  uint64_t first_seq() const { return first_seq_; }
  size_t payload_bytes() const;

 private:
  std::vector<uint8_t> buffer_;
  uint64_t first_seq_ = 0;
  int64_t timestamp_ns_ = 0;
  Hash256 prev_hash_{};
  uint32_t count_ = 0;
};

// One parsed, checked batch. Spans point into the bytes given to parse_batch().
struct BatchView {
  BatchHeader header;
  std::span<const uint8_t> payload;
  Hash256 batch_hash{};
  size_t record_bytes = 0;  // header + payload + trailer
};

enum class ParseStatus : uint8_t {
  kOk = 0,
  kTruncated,    // fewer bytes than the header, or than the header declares: a torn write
  kBadHeader,    // wrong magic, version or flags, header checksum mismatch, or impossible sizes
  kBadChecksum,  // the record checksum does not match
  kBadHash,      // batch_hash is not the SHA-256 of header and payload
  kBadPayload,   // entry lengths do not add up to payload_bytes and command_count
};
const char* to_string(ParseStatus status);

struct ParseResult {
  ParseStatus status = ParseStatus::kOk;
  std::string what;  // for anything but kOk: which check failed, readable
  BatchView view;    // valid when status == kOk
};

// Parses the record at the start of `bytes` (which may continue past it).
// verify_hash=false skips recomputing SHA-256 (checksums are always checked).
ParseResult parse_batch(std::span<const uint8_t> bytes, bool verify_hash);

// Calls fn(index, encoded_submission) for each entry of a parsed batch's payload.
template <typename Fn>
void for_each_entry(const BatchView& batch, Fn&& fn) {
  size_t at = 0;
  for (uint32_t i = 0; i < batch.header.command_count; ++i) {
    const uint8_t* p = batch.payload.data() + at;
    const uint32_t length =
        uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
    fn(i, batch.payload.subspan(at + 4, length));
    at += 4 + length;
  }
}

}  // namespace corridor::journal
