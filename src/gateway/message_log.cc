#include "gateway/message_log.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <filesystem>
#include <stdexcept>

#include "journal/bytes.h"
#include "journal/hash.h"

namespace corridor::gateway {
namespace {

constexpr uint32_t kMagic = 0x324D5243;          // "CRM2" little endian (version 2, message_log.h)
constexpr uint32_t kMagicVersion1 = 0x4C4D5243;  // "CRML": read by no version since 2
constexpr size_t kHeaderBytes = 16;
// A payload longer than this is a broken length, not a message (the service
// refuses requests over limits.request_bytes_max, at most 64 MiB).
constexpr uint32_t kPayloadBytesMax = 80u << 20;

std::runtime_error io_error(const std::string& what, const std::string& path, int error) {
  return std::runtime_error("message log " + path + ": " + what + ": " + strerror(error));
}

bool pread_all(int fd, uint8_t* data, size_t bytes, uint64_t offset) {
  while (bytes > 0) {
    const ssize_t n = ::pread(fd, data, bytes, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    bytes -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
  return true;
}

bool pwrite_all(int fd, const uint8_t* data, size_t bytes, uint64_t offset) {
  while (bytes > 0) {
    const ssize_t n = ::pwrite(fd, data, bytes, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    bytes -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
  return true;
}

}  // namespace

std::string MessageLog::key_of(const core::Bic& submitter, std::string_view instruction_id) {
  std::string key = submitter.to_string();
  key.push_back('\0');
  key.append(instruction_id);
  return key;
}

std::unique_ptr<MessageLog> MessageLog::open(MessageLogOptions options) {
  std::unique_ptr<MessageLog> log(new MessageLog(std::move(options)));
  log->load();
  return log;
}

MessageLog::MessageLog(MessageLogOptions options)
    : options_(std::move(options)), path_(options_.dir + "/messages.log") {}

MessageLog::~MessageLog() {
  if (fd_ >= 0) ::close(fd_);
}

void MessageLog::load() {
  std::error_code ec;
  std::filesystem::create_directories(options_.dir, ec);
  if (ec) throw std::runtime_error("message log: create " + options_.dir + ": " + ec.message());
  fd_ = ::open(path_.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  if (fd_ < 0) throw io_error("open", path_, errno);
  struct stat st {};
  if (::fstat(fd_, &st) != 0) throw io_error("stat", path_, errno);
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  uint64_t offset = 0;
  std::vector<uint8_t> payload;
  while (offset < size) {
    uint8_t header[kHeaderBytes];
    if (size - offset < kHeaderBytes || !pread_all(fd_, header, kHeaderBytes, offset)) break;
    const uint32_t magic = static_cast<uint32_t>(journal::load_le(header, 4));
    const uint32_t bytes = static_cast<uint32_t>(journal::load_le(header + 4, 4));
    const uint64_t checksum = journal::load_le(header + 8, 8);
    // A log of the first format is refused whole rather than cut as a torn
    // tail: cutting would destroy messages whose payments are journaled.
    if (magic == kMagicVersion1) {
      throw std::runtime_error("message log " + path_ +
                               ": written in format version 1 (CRML), which this version does "
                               "not read; move it away to start a new one");
    }
    if (magic != kMagic || bytes > kPayloadBytesMax || size - offset - kHeaderBytes < bytes) break;
    payload.resize(bytes);
    if (!pread_all(fd_, payload.data(), bytes, offset + kHeaderBytes)) break;
    if (journal::checksum64(payload) != checksum) break;
    index_record(std::string_view(reinterpret_cast<const char*>(payload.data()), bytes),
                 offset + kHeaderBytes);
    ++records_;
    offset += kHeaderBytes + bytes;
  }
  // A record cut short or broken ends the log: it was being written when the
  // process died, so its message was never acknowledged. Cut it off.
  if (offset < size) {
    torn_tail_bytes_ = size - offset;
    if (::ftruncate(fd_, static_cast<off_t>(offset)) != 0) throw io_error("truncate", path_, errno);
    if (options_.sync && ::fdatasync(fd_) != 0) throw io_error("fdatasync", path_, errno);
  }
  end_offset_ = offset;
}

// Parses a checked payload into index entries (the first record of a key wins).
void MessageLog::index_record(std::string_view payload, uint64_t payload_offset) {
  size_t at = 0;
  auto take = [&](size_t n) -> std::string_view {
    if (payload.size() - at < n) return {};
    std::string_view part = payload.substr(at, n);
    at += n;
    return part;
  };
  auto number = [&](int bytes) -> std::optional<uint64_t> {
    const std::string_view part = take(static_cast<size_t>(bytes));
    if (part.size() != static_cast<size_t>(bytes)) return std::nullopt;
    return journal::load_le(reinterpret_cast<const uint8_t*>(part.data()), bytes);
  };
  const std::optional<uint64_t> bic_bytes = number(1);
  if (!bic_bytes) return;
  const std::string_view bic_text = take(*bic_bytes);
  core::Bic submitter;
  if (!bic_text.empty()) {
    const std::optional<core::Bic> parsed = core::Bic::parse(bic_text);
    if (!parsed) return;
    submitter = *parsed;
  }
  const std::optional<uint64_t> group_bytes = number(1);
  if (!group_bytes) return;
  const std::string_view group_message_id = take(*group_bytes);
  const std::optional<uint64_t> keys = number(4);
  if (!keys) return;
  std::vector<MessageKey> entries;
  for (uint64_t k = 0; k < *keys; ++k) {
    const std::optional<uint64_t> id_bytes = number(1);
    if (!id_bytes) return;
    const std::string_view id = take(*id_bytes);
    const std::optional<uint64_t> index = number(4);
    const std::optional<uint64_t> high = number(8);
    const std::optional<uint64_t> low = number(8);
    if (!index || !high || !low) return;
    MessageKey key;
    if (!key.instruction_id.assign(id)) return;
    key.transaction_index = static_cast<uint32_t>(*index);
    key.uetr = core::Uetr{*high, *low};
    entries.push_back(key);
  }
  index_keys(submitter, group_message_id, entries, payload_offset + at,
             static_cast<uint32_t>(payload.size() - at));
}

void MessageLog::index_keys(const core::Bic& submitter, std::string_view group_message_id,
                            std::span<const MessageKey> keys, uint64_t message_offset,
                            uint32_t message_bytes) {
  const auto group_index = static_cast<uint32_t>(group_ids_.size());
  group_ids_.emplace_back(group_message_id);
  std::vector<MessageKey>* group = nullptr;
  for (const MessageKey& key : keys) {
    const bool first = index_
                           .try_emplace(InstructionKey{submitter, key.instruction_id},
                                        Location{message_offset, message_bytes,
                                                 key.transaction_index, group_index})
                           .second;
    // A resent instruction id belongs to the message that first carried it.
    if (!first) continue;
    if (group == nullptr) group = &groups_[key_of(submitter, group_message_id)];
    group->push_back(key);
  }
}

bool MessageLog::append(const core::Bic& submitter, std::string_view group_message_id,
                        std::span<const MessageKey> keys, std::string_view message) {
  // Header and keys in one small buffer; the message is written from where it
  // is (no copy of what may be a megabyte), the checksum streamed over both.
  group_message_id = group_message_id.substr(0, 255);  // its length is one byte
  std::vector<uint8_t> head(kHeaderBytes);
  const std::string bic = submitter.to_string();
  head.reserve(kHeaderBytes + 2 + bic.size() + group_message_id.size() + 4 + keys.size() * 56);
  journal::append_le(&head, bic.size(), 1);
  head.insert(head.end(), bic.begin(), bic.end());
  journal::append_le(&head, group_message_id.size(), 1);
  head.insert(head.end(), group_message_id.begin(), group_message_id.end());
  journal::append_le(&head, keys.size(), 4);
  for (const MessageKey& key : keys) {
    const std::string_view id = key.instruction_id.view();
    journal::append_le(&head, id.size(), 1);
    head.insert(head.end(), id.begin(), id.end());
    journal::append_le(&head, key.transaction_index, 4);
    journal::append_le(&head, key.uetr.high, 8);
    journal::append_le(&head, key.uetr.low, 8);
  }
  const size_t message_at = head.size() - kHeaderBytes;
  const uint64_t payload_bytes = message_at + message.size();
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, head.data() + kHeaderBytes, message_at);
  XXH3_64bits_update(state, message.data(), message.size());
  const uint64_t checksum = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  journal::store_le(head.data(), kMagic, 4);
  journal::store_le(head.data() + 4, payload_bytes, 4);
  journal::store_le(head.data() + 8, checksum, 8);

  std::unique_lock lock(mutex_);
  if (failed_ || payload_bytes > kPayloadBytesMax ||
      !pwrite_all(fd_, head.data(), head.size(), end_offset_) ||
      !pwrite_all(fd_, reinterpret_cast<const uint8_t*>(message.data()), message.size(),
                  end_offset_ + head.size())) {
    failed_ = true;
    return false;
  }
  const uint64_t payload_offset = end_offset_ + kHeaderBytes;
  end_offset_ += head.size() + message.size();
  ++records_;
  index_keys(submitter, group_message_id, keys, payload_offset + message_at,
             static_cast<uint32_t>(message.size()));
  return true;
}

bool MessageLog::sync() {
  {
    std::lock_guard lock(mutex_);
    if (failed_) return false;
  }
  // Not under the lock: appends go on while the disk works; what they write
  // after this point waits for the next sync.
  if (!options_.sync || ::fdatasync(fd_) == 0) return true;
  std::lock_guard lock(mutex_);
  failed_ = true;
  return false;
}

std::optional<LoggedMessage> MessageLog::find(const core::Bic& submitter,
                                              const core::InstructionId& instruction_id) const {
  Location location;
  {
    std::lock_guard lock(mutex_);
    const auto it = index_.find(InstructionKey{submitter, instruction_id});
    if (it == index_.end()) return std::nullopt;
    location = it->second;
  }
  LoggedMessage found;
  found.transaction_index = location.transaction_index;
  {
    std::lock_guard lock(mutex_);
    found.group_message_id = group_ids_[location.group];
  }
  found.bytes.resize(location.bytes);
  if (!pread_all(fd_, reinterpret_cast<uint8_t*>(found.bytes.data()), location.bytes,
                 location.offset)) {
    return std::nullopt;
  }
  return found;
}

std::optional<std::string> MessageLog::group_message_id(
    const core::Bic& submitter, const core::InstructionId& instruction_id) const {
  std::lock_guard lock(mutex_);
  const auto it = index_.find(InstructionKey{submitter, instruction_id});
  if (it == index_.end()) return std::nullopt;
  return group_ids_[it->second.group];
}

std::vector<MessageKey> MessageLog::group(const core::Bic& submitter,
                                          std::string_view message_id) const {
  std::lock_guard lock(mutex_);
  const auto it = groups_.find(key_of(submitter, message_id));
  return it == groups_.end() ? std::vector<MessageKey>{} : it->second;
}

uint64_t MessageLog::records() const {
  std::lock_guard lock(mutex_);
  return records_;
}

bool MessageLog::failed() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

}  // namespace corridor::gateway
