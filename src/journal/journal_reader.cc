#include "journal/journal_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <string_view>

#include "journal/segment_writer.h"

namespace corridor::journal {
namespace {

constexpr std::string_view kSegmentPrefix = "journal-";
constexpr std::string_view kSegmentSuffix = ".seg";
constexpr size_t kSeqDigits = 20;
constexpr size_t kPayloadBytesAt = 8;     // record_format.h, header layout
constexpr size_t kHeaderChecksumAt = 64;  // record_format.h, header layout

bool is_zero(const Hash256& hash) {
  return std::all_of(hash.begin(), hash.end(), [](uint8_t b) { return b == 0; });
}

JournalFault fault_at(const std::string& file, uint64_t offset, std::string what) {
  return JournalFault{file, offset, std::move(what)};
}

// Parses the 20 digits of a segment name; false for anything else, for 0
// (sequence numbers start at 1) and for values past u64.
bool parse_seq(std::string_view digits, uint64_t* seq) {
  if (digits.size() != kSeqDigits) return false;
  uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) return false;
    value = value * 10 + digit;
  }
  if (value == 0) return false;
  *seq = value;
  return true;
}

// Lists the segment files of one directory, sorted by first_seq. A missing
// directory holds no segments (a journal not yet written, or no archive).
std::optional<JournalFault> list_segments(const std::string& dir, bool archived,
                                          std::vector<SegmentInfo>* out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec == std::errc::no_such_file_or_directory) return std::nullopt;
  if (ec) return fault_at(dir, 0, "cannot list the directory: " + ec.message());
  std::vector<SegmentInfo> found;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    // Anything not shaped like a segment (snapshots, temporary files) is not ours.
    if (!name.starts_with(kSegmentPrefix) || !name.ends_with(kSegmentSuffix)) continue;
    const std::string path = (fs::path(dir) / name).string();
    SegmentInfo segment{path, 0, 0, archived};
    const std::string_view digits = std::string_view(name).substr(
        kSegmentPrefix.size(), name.size() - kSegmentPrefix.size() - kSegmentSuffix.size());
    // A misnamed segment could hold batches the scan would otherwise skip.
    if (!parse_seq(digits, &segment.first_seq)) {
      return fault_at(path, 0, "segment name does not carry a valid 20-digit sequence number");
    }
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) return fault_at(path, 0, "segment is not a regular file");
    found.push_back(std::move(segment));
  }
  if (ec) return fault_at(dir, 0, "cannot list the directory: " + ec.message());
  std::sort(found.begin(), found.end(),
            [](const SegmentInfo& a, const SegmentInfo& b) { return a.first_seq < b.first_seq; });
  out->insert(out->end(), found.begin(), found.end());
  return std::nullopt;
}

// Reads a whole segment into `buffer`; a fault if it cannot.
std::optional<JournalFault> read_segment(const std::string& path, std::vector<uint8_t>* buffer) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fault_at(path, 0, "cannot open: " + errno_text(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int error = errno;
    ::close(fd);
    return fault_at(path, 0, "cannot stat: " + errno_text(error));
  }
  buffer->resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < buffer->size()) {
    const ssize_t n = ::read(fd, buffer->data() + done, buffer->size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      return fault_at(path, done, "cannot read: " + errno_text(error));
    }
    if (n == 0) break;  // shrank since fstat: what was read is the segment
    done += static_cast<size_t>(n);
  }
  buffer->resize(done);
  ::close(fd);
  return std::nullopt;
}

uint64_t read_le(const uint8_t* at, size_t bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < bytes; ++i) value |= uint64_t{at[i]} << (8 * i);
  return value;
}

// The offset of the first batch header with the magic and a matching header
// checksum at or after `from`, if any. Such a header was written by the
// journal: random damage does not produce one.
std::optional<uint64_t> find_batch_header(std::span<const uint8_t> bytes, size_t from) {
  if (bytes.size() < kBatchHeaderBytes) return std::nullopt;
  const size_t last_start = bytes.size() - kBatchHeaderBytes;
  const auto first_magic_byte = static_cast<uint8_t>(kBatchMagic & 0xFF);
  for (size_t at = from; at <= last_start; ++at) {
    const void* hit = std::memchr(bytes.data() + at, first_magic_byte, last_start - at + 1);
    if (hit == nullptr) return std::nullopt;
    at = static_cast<size_t>(static_cast<const uint8_t*>(hit) - bytes.data());
    const uint8_t* header = bytes.data() + at;
    if (read_le(header, 4) == kBatchMagic &&
        read_le(header + kHeaderChecksumAt, 8) == checksum64({header, kHeaderChecksumAt})) {
      return at;
    }
  }
  return std::nullopt;
}

std::string seq_mismatch(uint64_t expected, uint64_t found) {
  return std::string(found > expected ? "sequence gap" : "sequence overlap") + ": expected " +
         std::to_string(expected) + ", found " + std::to_string(found);
}

}  // namespace

std::string JournalFault::to_string() const {
  return file + " at byte " + std::to_string(offset) + ": " + what;
}

std::string segment_file_name(uint64_t first_seq) {
  char name[64];
  std::snprintf(name, sizeof name, "journal-%020llu.seg",
                static_cast<unsigned long long>(first_seq));
  return name;
}

ScanResult scan_journal(const std::string& dir, const ScanOptions& options,
                        const std::function<bool(const BatchAt&)>& on_batch) {
  ScanResult result;
  std::vector<SegmentInfo> archived;
  std::vector<SegmentInfo> live;
  if (options.include_archive) {
    if (auto fault = list_segments(dir + "/archive", true, &archived)) {
      result.fault = std::move(fault);
      return result;
    }
  }
  if (auto fault = list_segments(dir, false, &live)) {
    result.fault = std::move(fault);
    return result;
  }
  // Two copies of a segment cannot both be the truth.
  for (const SegmentInfo& segment : live) {
    const bool in_archive =
        std::any_of(archived.begin(), archived.end(),
                    [&](const SegmentInfo& a) { return a.first_seq == segment.first_seq; });
    if (in_archive) {
      result.fault = fault_at(segment.path, 0, "segment is also present in archive/");
      return result;
    }
  }
  // Archived segments are older than every live one; were they not, the
  // sequence checks below would say so.
  std::vector<SegmentInfo> segments = std::move(archived);
  segments.insert(segments.end(), live.begin(), live.end());

  std::vector<uint8_t> buffer;
  bool have_batch = false;
  for (size_t index = 0; index < segments.size(); ++index) {
    SegmentInfo& segment = segments[index];
    // Only the live journal's last segment was being written when a process
    // died; an archived segment was complete when it was archived.
    const bool is_last = index + 1 == segments.size() && !segment.archived;
    auto finish_segment = [&](uint64_t valid_bytes) {
      segment.valid_bytes = valid_bytes;
      result.segments.push_back(segment);
    };
    auto fail = [&](uint64_t offset, std::string what) {
      finish_segment(offset);
      result.fault = fault_at(segment.path, offset, std::move(what));
      return result;
    };

    if (have_batch && segment.first_seq != result.last_seq + 1) {
      return fail(0, seq_mismatch(result.last_seq + 1, segment.first_seq) + " (segment name)");
    }
    if (auto fault = read_segment(segment.path, &buffer)) {
      finish_segment(0);
      result.fault = std::move(fault);
      return result;
    }
    const std::span<const uint8_t> bytes(buffer);
    if (bytes.empty() && !is_last) return fail(0, "empty segment before the last");

    size_t offset = 0;
    while (offset < bytes.size()) {
      const ParseResult parsed = parse_batch(bytes.subspan(offset), options.verify_hash);
      if (parsed.status != ParseStatus::kOk) {
        std::string what = std::string(to_string(parsed.status)) + ": " + parsed.what;
        if (!is_last) return fail(offset, "broken batch in a segment before the last: " + what);
        if (parsed.status != ParseStatus::kTruncated) {
          // Only the batch being written when the process died can be broken,
          // so a valid batch header after this one means corruption. When this
          // batch's header is good its extent is known and the search starts
          // after it: the payload may legitimately contain header-like bytes.
          size_t search_from = offset + 1;
          if (parsed.status != ParseStatus::kBadHeader) {
            const uint64_t payload_bytes = read_le(bytes.data() + offset + kPayloadBytesAt, 4);
            search_from = offset + kBatchHeaderBytes + payload_bytes + kBatchTrailerBytes;
          }
          if (auto later = find_batch_header(bytes, search_from)) {
            return fail(offset, what + "; a valid batch header follows at byte " +
                                    std::to_string(*later) + ", so this is not a torn tail");
          }
        }
        result.torn_tail = TornTail{segment.path, offset, bytes.size() - offset, std::move(what)};
        finish_segment(offset);
        return result;
      }

      const BatchView& batch = parsed.view;
      const BatchHeader& header = batch.header;
      if (offset == 0 && header.first_seq != segment.first_seq) {
        return fail(offset, "first batch starts at sequence " + std::to_string(header.first_seq) +
                                " but the segment is named for " +
                                std::to_string(segment.first_seq));
      }
      if (have_batch) {
        if (header.first_seq != result.last_seq + 1) {
          return fail(offset, seq_mismatch(result.last_seq + 1, header.first_seq));
        }
        if (header.prev_hash != result.head) {
          return fail(offset, "hash chain broken: prev_hash " + to_hex(header.prev_hash) +
                                  " is not the previous batch's hash " + to_hex(result.head));
        }
      } else {
        if (header.first_seq == 1 && !is_zero(header.prev_hash)) {
          return fail(offset,
                      "hash chain broken: the batch at sequence 1 has a non-zero prev_hash");
        }
        result.first_seq = header.first_seq;
        result.start_prev_hash = header.prev_hash;
        have_batch = true;
      }
      result.last_seq = header.last_seq();
      result.head = batch.batch_hash;
      ++result.batch_count;
      offset += batch.record_bytes;
      if (on_batch) {
        segment.valid_bytes = offset;
        if (!on_batch(BatchAt{segment, offset - batch.record_bytes, batch})) {
          finish_segment(offset);
          return result;
        }
      }
    }
    finish_segment(offset);
  }
  return result;
}

}  // namespace corridor::journal
