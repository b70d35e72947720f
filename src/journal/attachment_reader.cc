#include "journal/attachment_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "journal/journal_reader.h"

namespace corridor::journal {

AttachmentReader::~AttachmentReader() {
  for (const auto& [seq, fd] : fds_) ::close(fd);
}

int AttachmentReader::segment_fd(uint64_t segment_first_seq) const {
  std::lock_guard lock(mutex_);
  if (const auto it = fds_.find(segment_first_seq); it != fds_.end()) return it->second;
  const std::string name = segment_file_name(segment_first_seq);
  int fd = ::open((dir_ + "/" + name).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fd = ::open((dir_ + "/archive/" + name).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  // Segments are never deleted, and a journal has few: one descriptor each is
  // kept for the life of the reader.
  fds_.emplace(segment_first_seq, fd);
  return fd;
}

std::optional<std::string> AttachmentReader::read(const AttachmentRef& ref) const {
  const int fd = segment_fd(ref.segment_first_seq);
  if (fd < 0) return std::nullopt;
  std::string bytes(ref.bytes, '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::pread(fd, bytes.data() + done, bytes.size() - done,
                              static_cast<off_t>(ref.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    done += static_cast<size_t>(n);
  }
  return bytes;
}

}  // namespace corridor::journal
