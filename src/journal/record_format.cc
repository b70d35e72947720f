#include "journal/record_format.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace corridor::journal {
namespace {

// Header field offsets (record_format.h).
constexpr size_t kMagicAt = 0;
constexpr size_t kVersionAt = 4;
constexpr size_t kFlagsAt = 6;
constexpr size_t kPayloadBytesAt = 8;
constexpr size_t kCommandCountAt = 12;
constexpr size_t kFirstSeqAt = 16;
constexpr size_t kTimestampAt = 24;
constexpr size_t kPrevHashAt = 32;
constexpr size_t kHeaderChecksumAt = 64;
constexpr size_t kEntryLengthBytes = 4;
constexpr size_t kBatchHashBytes = 32;

static_assert(kHeaderChecksumAt + 8 == kBatchHeaderBytes);
static_assert(kBatchHashBytes + 8 == kBatchTrailerBytes);

void put_le(uint8_t* at, uint64_t value, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i) at[i] = static_cast<uint8_t>(value >> (8 * i));
}

uint64_t get_le(const uint8_t* at, size_t bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < bytes; ++i) value |= uint64_t{at[i]} << (8 * i);
  return value;
}

ParseResult failure(ParseStatus status, std::string what) {
  ParseResult result;
  result.status = status;
  result.what = std::move(what);
  return result;
}

}  // namespace

void BatchBuilder::start(uint64_t first_seq, int64_t timestamp_ns, const Hash256& prev_hash) {
  // Sequence numbers start at 1: a reader rejects a batch claiming 0.
  if (first_seq == 0) throw std::invalid_argument("BatchBuilder: first_seq must be at least 1");
  // Shrinking keeps the capacity, so a steady stream of batches does not allocate.
  // (resize after clear() trips GCC 12's false -Warray-bounds at -O3.)
  buffer_.resize(kBatchHeaderBytes);
  std::fill(buffer_.begin(), buffer_.end(), uint8_t{0});
  first_seq_ = first_seq;
  timestamp_ns_ = timestamp_ns;
  prev_hash_ = prev_hash;
  count_ = 0;
  attachments_.clear();
  attachments_at_.clear();
}

void BatchBuilder::add(const Submission& submission) {
  if (buffer_.size() != kBatchHeaderBytes + payload_bytes()) {
    throw std::logic_error("BatchBuilder: add() outside start() .. finish()");
  }
  // The last sequence number of the batch must stay representable.
  if (count_ == std::numeric_limits<uint32_t>::max() ||
      first_seq_ + count_ < first_seq_ /* wrapped */) {
    throw std::length_error("BatchBuilder: sequence numbers overflow");
  }
  if (submission.attachment && submission.attachment->size() > kAttachmentBytesMax) {
    throw std::length_error("BatchBuilder: attachment longer than kAttachmentBytesMax");
  }
  const size_t entry_at = buffer_.size();
  buffer_.resize(entry_at + kEntryLengthBytes);
  encode_submission(submission, &buffer_);
  const size_t entry_bytes = buffer_.size() - entry_at - kEntryLengthBytes;
  const size_t payload = buffer_.size() - kBatchHeaderBytes;
  if (entry_bytes > kEntryBytesMax || payload > kBatchPayloadBytesMax) {
    buffer_.resize(entry_at);  // the batch stays as it was before this call
    throw std::length_error(entry_bytes > kEntryBytesMax
                                ? "BatchBuilder: submission longer than kEntryBytesMax"
                                : "BatchBuilder: batch payload longer than kBatchPayloadBytesMax");
  }
  put_le(buffer_.data() + entry_at, entry_bytes, kEntryLengthBytes);
  if (submission.attachment) attachments_.emplace_back(count_, submission.attachment);
  ++count_;
  // The header's payload_bytes is kept current, so payload_bytes() is right
  // both while building and after finish().
  put_le(buffer_.data() + kPayloadBytesAt, payload, 4);
}

size_t BatchBuilder::payload_bytes() const {
  if (buffer_.size() < kBatchHeaderBytes) return 0;
  return static_cast<size_t>(get_le(buffer_.data() + kPayloadBytesAt, 4));
}

Hash256 BatchBuilder::finish() {
  const size_t payload = payload_bytes();
  if (buffer_.size() != kBatchHeaderBytes + payload) {
    throw std::logic_error("BatchBuilder: finish() without start()");
  }
  // A reader rejects empty batches, so one must never be written.
  if (count_ == 0) throw std::logic_error("BatchBuilder: finish() of an empty batch");
  uint16_t flags = 0;
  if (!attachments_.empty()) {
    uint64_t total = buffer_.size() + 4;
    for (const auto& [index, bytes] : attachments_) total += 8 + bytes->size();
    if (total - kBatchHeaderBytes > kBatchPayloadBytesMax) {
      throw std::length_error("BatchBuilder: batch payload longer than kBatchPayloadBytesMax");
    }
    buffer_.reserve(total + kBatchTrailerBytes);
    size_t at = buffer_.size();
    buffer_.resize(at + 4);
    put_le(buffer_.data() + at, attachments_.size(), 4);
    for (const auto& [index, bytes] : attachments_) {
      at = buffer_.size();
      buffer_.resize(at + 8);
      put_le(buffer_.data() + at, index, 4);
      put_le(buffer_.data() + at + 4, bytes->size(), 4);
      attachments_at_.push_back(
          AttachmentAt{index, static_cast<uint32_t>(at + 8), static_cast<uint32_t>(bytes->size())});
      buffer_.insert(buffer_.end(), bytes->begin(), bytes->end());
    }
    put_le(buffer_.data() + kPayloadBytesAt, buffer_.size() - kBatchHeaderBytes, 4);
    flags = kFlagAttachments;
    attachments_.clear();  // the record holds them now; release the messages
  }
  uint8_t* header = buffer_.data();
  put_le(header + kMagicAt, kBatchMagic, 4);
  put_le(header + kVersionAt, kFormatVersion, 2);
  put_le(header + kFlagsAt, flags, 2);
  put_le(header + kCommandCountAt, count_, 4);
  put_le(header + kFirstSeqAt, first_seq_, 8);
  put_le(header + kTimestampAt, static_cast<uint64_t>(timestamp_ns_), 8);
  std::memcpy(header + kPrevHashAt, prev_hash_.data(), prev_hash_.size());
  put_le(header + kHeaderChecksumAt, checksum64({header, kHeaderChecksumAt}), 8);

  const Hash256 batch_hash = sha256(buffer_);
  buffer_.insert(buffer_.end(), batch_hash.begin(), batch_hash.end());
  const uint64_t checksum = checksum64(buffer_);
  const size_t checksum_at = buffer_.size();
  buffer_.resize(checksum_at + 8);
  put_le(buffer_.data() + checksum_at, checksum, 8);
  return batch_hash;
}

const char* to_string(ParseStatus status) {
  switch (status) {
    case ParseStatus::kOk:
      return "ok";
    case ParseStatus::kTruncated:
      return "truncated";
    case ParseStatus::kBadHeader:
      return "bad header";
    case ParseStatus::kBadChecksum:
      return "bad checksum";
    case ParseStatus::kBadHash:
      return "bad hash";
    case ParseStatus::kBadPayload:
      return "bad payload";
  }
  return "unknown parse status";
}

ParseResult parse_batch(std::span<const uint8_t> bytes, bool verify_hash) {
  if (bytes.size() < kBatchHeaderBytes) {
    return failure(ParseStatus::kTruncated, "header cut short: " + std::to_string(bytes.size()) +
                                                " of " + std::to_string(kBatchHeaderBytes) +
                                                " bytes");
  }
  const uint8_t* header = bytes.data();
  if (get_le(header + kMagicAt, 4) != kBatchMagic) {
    return failure(ParseStatus::kBadHeader, "bad magic");
  }
  const uint64_t version = get_le(header + kVersionAt, 2);
  if (version != kFormatVersion) {
    return failure(ParseStatus::kBadHeader,
                   "unsupported format version " + std::to_string(version));
  }
  const uint64_t flags = get_le(header + kFlagsAt, 2);
  if ((flags & ~uint64_t{kFlagAttachments}) != 0) {
    return failure(ParseStatus::kBadHeader, "unknown flags " + std::to_string(flags));
  }
  if (get_le(header + kHeaderChecksumAt, 8) != checksum64({header, kHeaderChecksumAt})) {
    return failure(ParseStatus::kBadHeader, "header checksum mismatch");
  }

  // The header checksum matched, so these fields are as written; they are
  // still checked, because a writer bug or a forged record must not make the
  // reader index out of bounds.
  BatchHeader h;
  h.payload_bytes = static_cast<uint32_t>(get_le(header + kPayloadBytesAt, 4));
  h.command_count = static_cast<uint32_t>(get_le(header + kCommandCountAt, 4));
  h.first_seq = get_le(header + kFirstSeqAt, 8);
  h.timestamp_ns = static_cast<int64_t>(get_le(header + kTimestampAt, 8));
  std::memcpy(h.prev_hash.data(), header + kPrevHashAt, h.prev_hash.size());
  if (h.payload_bytes > kBatchPayloadBytesMax) {
    return failure(ParseStatus::kBadHeader,
                   "payload_bytes " + std::to_string(h.payload_bytes) + " exceeds the maximum");
  }
  if (h.command_count == 0) return failure(ParseStatus::kBadHeader, "command_count is 0");
  if (uint64_t{h.command_count} * kEntryLengthBytes > h.payload_bytes) {
    return failure(ParseStatus::kBadHeader, "command_count " + std::to_string(h.command_count) +
                                                " does not fit in payload_bytes " +
                                                std::to_string(h.payload_bytes));
  }
  if (h.first_seq == 0) return failure(ParseStatus::kBadHeader, "first_seq is 0");
  if (h.first_seq > std::numeric_limits<uint64_t>::max() - (h.command_count - 1)) {
    return failure(ParseStatus::kBadHeader, "sequence numbers overflow");
  }

  const size_t record_bytes = kBatchHeaderBytes + h.payload_bytes + kBatchTrailerBytes;
  if (bytes.size() < record_bytes) {
    return failure(ParseStatus::kTruncated, "record cut short: " + std::to_string(bytes.size()) +
                                                " of " + std::to_string(record_bytes) + " bytes");
  }
  const size_t hashed_bytes = kBatchHeaderBytes + h.payload_bytes;
  const size_t checksum_at = hashed_bytes + kBatchHashBytes;
  if (get_le(bytes.data() + checksum_at, 8) != checksum64(bytes.first(checksum_at))) {
    return failure(ParseStatus::kBadChecksum, "record checksum mismatch");
  }
  Hash256 batch_hash;
  std::memcpy(batch_hash.data(), bytes.data() + hashed_bytes, batch_hash.size());
  if (verify_hash && sha256(bytes.first(hashed_bytes)) != batch_hash) {
    return failure(ParseStatus::kBadHash, "batch_hash is not the SHA-256 of header and payload");
  }

  // for_each_entry() trusts the entry lengths, so they are walked here once.
  const std::span<const uint8_t> payload = bytes.subspan(kBatchHeaderBytes, h.payload_bytes);
  size_t at = 0;
  for (uint32_t i = 0; i < h.command_count; ++i) {
    if (payload.size() - at < kEntryLengthBytes) {
      return failure(ParseStatus::kBadPayload,
                     "entry " + std::to_string(i) + ": length runs past the payload");
    }
    const uint64_t length = get_le(payload.data() + at, kEntryLengthBytes);
    if (length > kEntryBytesMax) {
      return failure(ParseStatus::kBadPayload, "entry " + std::to_string(i) + ": length " +
                                                   std::to_string(length) + " exceeds the maximum");
    }
    at += kEntryLengthBytes;
    if (payload.size() - at < length) {
      return failure(ParseStatus::kBadPayload,
                     "entry " + std::to_string(i) + ": bytes run past the payload");
    }
    at += length;
  }
  const size_t entries_bytes = at;
  uint32_t attachment_count = 0;
  if ((flags & kFlagAttachments) != 0) {
    // for_each_attachment() trusts these lengths too.
    if (payload.size() - at < 4) {
      return failure(ParseStatus::kBadPayload, "attachment count runs past the payload");
    }
    const uint64_t count = get_le(payload.data() + at, 4);
    at += 4;
    if (count == 0) return failure(ParseStatus::kBadPayload, "attachment count is 0");
    uint64_t next_index = 0;  // the least index the next attachment may have
    for (uint64_t i = 0; i < count; ++i) {
      const std::string which = "attachment " + std::to_string(i);
      if (payload.size() - at < 8) {
        return failure(ParseStatus::kBadPayload, which + ": header runs past the payload");
      }
      const uint64_t index = get_le(payload.data() + at, 4);
      const uint64_t length = get_le(payload.data() + at + 4, 4);
      if (index < next_index || index >= h.command_count) {
        return failure(ParseStatus::kBadPayload,
                       which + ": entry index " + std::to_string(index) +
                           " is not after the previous attachment's and before command_count");
      }
      if (length > kAttachmentBytesMax) {
        return failure(ParseStatus::kBadPayload,
                       which + ": length " + std::to_string(length) + " exceeds the maximum");
      }
      at += 8;
      if (payload.size() - at < length) {
        return failure(ParseStatus::kBadPayload, which + ": bytes run past the payload");
      }
      at += length;
      next_index = index + 1;
    }
    attachment_count = static_cast<uint32_t>(count);
  }
  if (at != payload.size()) {
    return failure(ParseStatus::kBadPayload, std::to_string(payload.size() - at) +
                                                 " payload bytes after the last " +
                                                 (attachment_count > 0 ? "attachment" : "entry"));
  }

  ParseResult result;
  result.view.header = h;
  result.view.payload = payload;
  result.view.entries_bytes = entries_bytes;
  result.view.attachment_count = attachment_count;
  result.view.batch_hash = batch_hash;
  result.view.record_bytes = record_bytes;
  return result;
}

}  // namespace corridor::journal
