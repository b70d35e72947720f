#include "gateway/inbox_acks.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace corridor::gateway {

InboxAcks::InboxAcks(const std::string& dir, bool sync)
    : path_(dir + "/inbox-acks.log"), sync_(sync) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("inbox acknowledgements: create " + dir + ": " + ec.message());
  {
    std::ifstream in(path_);
    std::string line;
    while (std::getline(in, line)) {
      if (in.eof()) break;  // no newline: the last line was not finished
      const size_t space = line.find(' ');
      if (space == std::string::npos) continue;
      const std::optional<core::Bic> bic = core::Bic::parse(line.substr(0, space));
      uint64_t cursor = 0;
      const char* first = line.data() + space + 1;
      const char* last = line.data() + line.size();
      if (!bic || std::from_chars(first, last, cursor).ptr != last) continue;
      uint64_t& recorded = cursors_[*bic];
      recorded = std::max(recorded, cursor);
    }
  }
  fd_ = ::open(path_.c_str(), O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw std::runtime_error("inbox acknowledgements: open " + path_ + ": " + strerror(errno));
  }
}

InboxAcks::~InboxAcks() {
  if (fd_ >= 0) ::close(fd_);
}

uint64_t InboxAcks::acknowledged(const core::Bic& participant) const {
  std::lock_guard lock(mutex_);
  const auto it = cursors_.find(participant);
  return it == cursors_.end() ? 0 : it->second;
}

uint64_t InboxAcks::acknowledge(const core::Bic& participant, uint64_t cursor) {
  std::lock_guard lock(mutex_);
  uint64_t& recorded = cursors_[participant];
  if (cursor <= recorded) return recorded;
  const std::string line = participant.to_string() + " " + std::to_string(cursor) + "\n";
  if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) ||
      (sync_ && ::fdatasync(fd_) != 0)) {
    throw std::runtime_error("inbox acknowledgements: write " + path_ + ": " + strerror(errno));
  }
  recorded = cursor;
  return recorded;
}

}  // namespace corridor::gateway
