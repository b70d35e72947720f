// The batch record: the unit the journal appends and syncs (group commit).
//
// Layout (all integers little-endian; docs/journal-format.md, "Batch record"):
//
//   header, 72 bytes
//     0  u32  magic "CRJB" (bytes 43 52 4A 42)
//     4  u16  format version (1)
//     6  u16  flags: bit 0 = the payload ends with attachments; readers reject
//              any other bit
//     8  u32  payload_bytes
//    12  u32  command_count (>= 1)
//    16  u64  first_seq (>= 1); the batch holds first_seq .. first_seq + count - 1
//    24  i64  timestamp_ns, when the sequencer closed the batch
//    32  32B  prev_hash: the batch_hash of the previous batch (zeros before the first)
//    64  u64  header_checksum = XXH3-64(bytes 0..63)
//   payload, payload_bytes
//     command_count times: u32 length, then that many bytes of one encoded Submission
//     if flags bit 0: u32 attachment_count (>= 1), then that many times:
//       u32 entry index (strictly increasing, < command_count), u32 length, bytes
//   trailer, 40 bytes
//     0  32B  batch_hash = SHA-256(header || payload): the hash-chain head after this batch
//    32  u64  checksum = XXH3-64(header || payload || batch_hash)
//
// The header checksum makes payload_bytes trustworthy before the rest is read,
// so a reader can tell a batch cut short by a crash from a corrupted one.
//
// Attachments are opaque bytes that belong to one submission (the service's
// ISO 20022 message, whose payments are the batch's commands): written in the
// same record, so one write and one fdatasync make both durable, and covered by
// the hash chain. The machine never sees them (Submission::attachment).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
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
inline constexpr uint16_t kFlagAttachments = 1;
inline constexpr uint32_t kAttachmentBytesMax = 80u << 20;  // one attachment
// The sequencer closes a batch early rather than let its attachments pass this.
inline constexpr uint64_t kBatchAttachmentBytesBudget = 128u << 20;

// Where an attachment's bytes are in the journal: the segment (by its first
// sequence number; the file may have moved to archive/) and the byte offset in it.
struct AttachmentRef {
  uint64_t segment_first_seq = 0;
  uint64_t offset = 0;
  uint32_t bytes = 0;
};

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
  // Adds the submission and, if it carries one, its attachment (written by finish()).
  void add(const Submission& submission);
  // Writes the attachments, header and trailer; returns the batch hash. bytes()
  // is then the record.
  Hash256 finish();
  std::span<const uint8_t> bytes() const { return buffer_; }
  uint32_t command_count() const { return count_; }
  uint64_t first_seq() const { return first_seq_; }
  size_t payload_bytes() const;
  // After finish(): each attachment's entry index and the offset of its bytes
  // in the record, in entry order.
  struct AttachmentAt {
    uint32_t index = 0;
    uint32_t offset = 0;
    uint32_t bytes = 0;
  };
  std::span<const AttachmentAt> attachments() const { return attachments_at_; }

 private:
  std::vector<uint8_t> buffer_;
  std::vector<std::pair<uint32_t, std::shared_ptr<const std::string>>> attachments_;
  std::vector<AttachmentAt> attachments_at_;
  uint64_t first_seq_ = 0;
  int64_t timestamp_ns_ = 0;
  Hash256 prev_hash_{};
  uint32_t count_ = 0;
};

// One parsed, checked batch. Spans point into the bytes given to parse_batch().
struct BatchView {
  BatchHeader header;
  std::span<const uint8_t> payload;  // entries and attachments
  size_t entries_bytes = 0;          // of the payload: the entries'
  uint32_t attachment_count = 0;
  Hash256 batch_hash{};
  size_t record_bytes = 0;  // header + payload + trailer
};

enum class ParseStatus : uint8_t {
  kOk = 0,
  kTruncated,    // fewer bytes than the header, or than the header declares: a torn write
  kBadHeader,    // wrong magic, version or flags, header checksum mismatch, or impossible sizes
  kBadChecksum,  // the record checksum does not match
  kBadHash,      // batch_hash is not the SHA-256 of header and payload
  kBadPayload,   // entry and attachment lengths do not add up to payload_bytes
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

// Calls fn(entry_index, bytes, offset_in_record) for each attachment of a
// parsed batch, in entry order.
template <typename Fn>
void for_each_attachment(const BatchView& batch, Fn&& fn) {
  if (batch.attachment_count == 0) return;
  size_t at = batch.entries_bytes + 4;
  auto u32 = [&](size_t i) {
    const uint8_t* p = batch.payload.data() + i;
    return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
  };
  for (uint32_t i = 0; i < batch.attachment_count; ++i) {
    const uint32_t index = u32(at);
    const uint32_t length = u32(at + 4);
    fn(index, batch.payload.subspan(at + 8, length), kBatchHeaderBytes + at + 8);
    at += 8 + length;
  }
}

}  // namespace corridor::journal
