#include "journal/segment_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>

namespace corridor::journal {
namespace {

namespace fs = std::filesystem;

// After any failed write or sync the writer refuses further appends: a failed
// fdatasync may have dropped the dirty pages, and a retry that then succeeded
// would acknowledge a batch that is not on disk (and a half-written record
// followed by new ones would read back as corruption).
constexpr int kFailedFd = -2;

constexpr size_t kFirstSeqAt = 16;  // record_format.h, header layout

[[noreturn]] void throw_io(const std::string& path, std::string_view operation, int error) {
  throw IoError(path + ": " + std::string(operation) + ": " + errno_text(error));
}

std::string segment_path(const std::string& dir, uint64_t first_seq) {
  return (fs::path(dir) / segment_file_name(first_seq)).string();
}

void sync_file(int fd, const std::string& path) {
  if (::fdatasync(fd) != 0) throw_io(path, "fdatasync", errno);
}

void close_file(int fd, const std::string& path) {
  // On Linux the descriptor is released even when close() reports EINTR.
  if (::close(fd) != 0 && errno != EINTR) throw_io(path, "close", errno);
}

// Creates the journal directory if it is missing, and makes its name durable.
void ensure_directory(const std::string& dir, bool sync) {
  if (::mkdir(dir.c_str(), 0755) == 0) {
    if (sync) {
      fs::path path = fs::path(dir).lexically_normal();
      if (!path.has_filename()) path = path.parent_path();  // "a/b/" names "a/b"
      const fs::path parent = path.parent_path();
      fsync_directory(parent.empty() ? std::string(".") : parent.string());
    }
    return;
  }
  if (errno != EEXIST) throw_io(dir, "mkdir", errno);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) throw_io(dir, "stat", errno);
  if (!S_ISDIR(st.st_mode)) throw_io(dir, "open journal directory", ENOTDIR);
}

// The greatest segment name in `dir` ("" if none). Zero-padded names sort
// like their numbers.
std::string last_segment_name(const std::string& dir) {
  std::error_code ec;
  std::string last;
  for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with("journal-") && name.ends_with(".seg") && name > last) last = name;
  }
  if (ec) throw_io(dir, "list", ec.value());
  return last;
}

// Cuts a torn tail off the last segment and makes the cut durable before
// anything new is appended after it.
void truncate_torn_tail(const TornTail& tail, bool sync) {
  const int fd = ::open(tail.file.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) throw_io(tail.file, "open to truncate the torn tail", errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int error = errno;
    ::close(fd);
    throw_io(tail.file, "stat", error);
  }
  // A size other than the scan saw means someone else wrote here since.
  if (static_cast<uint64_t>(st.st_size) != tail.offset + tail.bytes) {
    ::close(fd);
    throw std::invalid_argument(tail.file + ": size changed since the scan; not truncating");
  }
  if (::ftruncate(fd, static_cast<off_t>(tail.offset)) != 0) {
    const int error = errno;
    ::close(fd);
    throw_io(tail.file, "ftruncate of the torn tail", error);
  }
  if (sync && ::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    throw_io(tail.file, "fsync after truncating the torn tail", error);
  }
  close_file(fd, tail.file);
}

}  // namespace

std::string errno_text(int error_number) {
  char buffer[256];
  // GNU strerror_r: returns the message, which need not be in `buffer`.
  const char* message = ::strerror_r(error_number, buffer, sizeof buffer);
  const char* name = ::strerrorname_np(error_number);
  std::string text = name != nullptr ? std::string(name) : "errno " + std::to_string(error_number);
  return text + " (" + message + ")";
}

void fsync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_io(dir, "open directory to fsync", errno);
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    throw_io(dir, "fsync of the directory", error);
  }
  close_file(fd, dir);
}

SegmentWriter::SegmentWriter(std::string dir, WriterOptions options)
    : dir_(std::move(dir)), options_(options) {}

SegmentWriter::~SegmentWriter() {
  // Every appended batch was already synced; closing loses nothing.
  if (fd_ >= 0) ::close(fd_);
}

std::unique_ptr<SegmentWriter> SegmentWriter::open(const std::string& dir, const ScanResult& scan,
                                                   const WriterOptions& options) {
  if (scan.fault) {
    throw std::invalid_argument("SegmentWriter: the journal has a fault: " +
                                scan.fault->to_string());
  }
  if (options.segment_bytes_max == 0) {
    throw std::invalid_argument("SegmentWriter: segment_bytes_max must be positive");
  }
  ensure_directory(dir, options.sync);
  std::unique_ptr<SegmentWriter> writer(new SegmentWriter(dir, options));

  // Appends continue the last live segment; archived ones are never written.
  const SegmentInfo* last = nullptr;
  if (!scan.segments.empty() && !scan.segments.back().archived) last = &scan.segments.back();
  if (last != nullptr && last->path != segment_path(dir, last->first_seq)) {
    throw std::invalid_argument("SegmentWriter: the scan is of another directory than " + dir);
  }
  // A scan stopped early by its callback describes only part of the journal;
  // appending after that part would overwrite or fork it.
  const std::string last_name = last_segment_name(dir);
  if (last_name != (last != nullptr ? segment_file_name(last->first_seq) : std::string())) {
    throw std::invalid_argument("SegmentWriter: the scan does not reach " + last_name +
                                "; it is partial or stale");
  }
  if (scan.torn_tail) {
    if (last == nullptr || scan.torn_tail->file != last->path ||
        scan.torn_tail->offset != last->valid_bytes) {
      throw std::invalid_argument("SegmentWriter: the torn tail is not at the end of the journal");
    }
    truncate_torn_tail(*scan.torn_tail, options.sync);
  }
  if (last == nullptr || last->valid_bytes >= options.segment_bytes_max) return writer;

  const int fd = ::open(last->path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) throw_io(last->path, "open for append", errno);
  writer->fd_ = fd;  // owned by the writer from here on, closed by its destructor
  writer->path_ = last->path;
  writer->segment_first_seq_ = last->first_seq;
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw_io(last->path, "stat", errno);
  // Bytes past what the scan validated are either a tail the scan did not
  // report or a change since the scan; neither may be silently cut off.
  if (static_cast<uint64_t>(st.st_size) != last->valid_bytes) {
    throw std::invalid_argument("SegmentWriter: " + last->path + " has " +
                                std::to_string(st.st_size) + " bytes but the scan validated " +
                                std::to_string(last->valid_bytes));
  }
  writer->bytes_ = last->valid_bytes;
  // The segment may have been created just before a crash, without its
  // directory entry being synced: sync it now, before batches in it are
  // acknowledged.
  if (options.sync) fsync_directory(dir);
  return writer;
}

void SegmentWriter::start_segment(uint64_t first_seq) {
  path_ = segment_path(dir_, first_seq);
  segment_first_seq_ = first_seq;
  bytes_ = 0;
  fd_ = ::open(path_.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
  if (fd_ < 0) throw_io(path_, "create segment", errno);
  // The new name must survive a crash as well as the data written under it.
  if (options_.sync) fsync_directory(dir_);
}

RecordPlace SegmentWriter::append(std::span<const uint8_t> record, uint64_t first_seq) {
  if (fd_ == kFailedFd) {
    throw IoError(path_ + ": an earlier write or sync failed; the journal takes no more appends");
  }
  // The segment's name states its first batch's sequence number; a record
  // that disagrees would make the journal unreadable.
  uint64_t record_first_seq = 0;
  if (record.size() >= kBatchHeaderBytes) {
    for (size_t i = 0; i < 8; ++i) record_first_seq |= uint64_t{record[kFirstSeqAt + i]} << (8 * i);
  }
  if (record.size() < kBatchHeaderBytes || record_first_seq != first_seq) {
    throw std::invalid_argument("SegmentWriter: the record does not start at sequence " +
                                std::to_string(first_seq));
  }
  if (fd_ >= 0 && bytes_ == 0 && path_ != segment_path(dir_, first_seq)) {
    throw std::invalid_argument("SegmentWriter: the empty segment " + path_ +
                                " cannot start at sequence " + std::to_string(first_seq));
  }
  try {
    if (fd_ >= 0 && bytes_ >= options_.segment_bytes_max) {
      // No sync needed first: each append synced its batch before returning.
      const int full = fd_;
      fd_ = -1;
      close_file(full, path_);
    }
    if (fd_ < 0) start_segment(first_seq);

    size_t done = 0;
    while (done < record.size()) {
      const ssize_t n = ::pwrite(fd_, record.data() + done, record.size() - done,
                                 static_cast<off_t>(bytes_ + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw_io(path_, "pwrite", errno);
      if (n == 0) throw_io(path_, "pwrite (wrote nothing)", EIO);
      done += static_cast<size_t>(n);
    }
    if (options_.sync) {
      sync_file(fd_, path_);
      ++syncs_;
    }
    const RecordPlace place{segment_first_seq_, bytes_};
    bytes_ += record.size();
    return place;
  } catch (const IoError&) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = kFailedFd;
    throw;
  }
}

}  // namespace corridor::journal
