#include "gateway/message_log.h"

#include "journal/bytes.h"

namespace corridor::gateway {
namespace {

constexpr uint32_t kMagic = 0x414D5243;  // "CRMA" little endian (message_log.h)

}  // namespace

std::string MessageLog::key_of(const core::Bic& submitter, std::string_view instruction_id) {
  std::string key = submitter.to_string();
  key.push_back('\0');
  key.append(instruction_id);
  return key;
}

MessageLog::MessageLog(std::string journal_dir) : reader_(std::move(journal_dir)) {}

std::shared_ptr<const std::string> MessageLog::attachment(const core::Bic& submitter,
                                                          std::string_view group_message_id,
                                                          std::span<const MessageKey> keys,
                                                          std::string_view message) {
  group_message_id = group_message_id.substr(0, 255);  // its length is one byte
  const std::string bic = submitter.to_string();
  std::vector<uint8_t> head;
  head.reserve(4 + 2 + bic.size() + group_message_id.size() + 4 + keys.size() * 92);
  journal::append_le(&head, kMagic, 4);
  journal::append_le(&head, bic.size(), 1);
  head.insert(head.end(), bic.begin(), bic.end());
  journal::append_le(&head, group_message_id.size(), 1);
  head.insert(head.end(), group_message_id.begin(), group_message_id.end());
  journal::append_le(&head, keys.size(), 4);
  for (const MessageKey& key : keys) {
    const std::string_view id = key.instruction_id.view();
    journal::append_le(&head, id.size(), 1);
    head.insert(head.end(), id.begin(), id.end());
    const std::string_view e2e =
        key.end_to_end_id == key.instruction_id ? std::string_view() : key.end_to_end_id.view();
    journal::append_le(&head, e2e.size(), 1);
    head.insert(head.end(), e2e.begin(), e2e.end());
    journal::append_le(&head, key.transaction_index, 4);
    journal::append_le(&head, key.uetr.high, 8);
    journal::append_le(&head, key.uetr.low, 8);
  }
  auto bytes = std::make_shared<std::string>();
  bytes->reserve(head.size() + message.size());
  bytes->append(reinterpret_cast<const char*>(head.data()), head.size());
  bytes->append(message);
  return bytes;
}

void MessageLog::index(std::span<const uint8_t> attachment, const journal::AttachmentRef& ref) {
  size_t at = 0;
  auto take = [&](size_t n) -> std::string_view {
    if (attachment.size() - at < n) return {};
    const std::string_view part(reinterpret_cast<const char*>(attachment.data()) + at, n);
    at += n;
    return part;
  };
  auto number = [&](int bytes) -> std::optional<uint64_t> {
    if (attachment.size() - at < static_cast<size_t>(bytes)) return std::nullopt;
    const uint64_t value = journal::load_le(attachment.data() + at, bytes);
    at += static_cast<size_t>(bytes);
    return value;
  };
  auto malformed = [&] {
    std::lock_guard lock(mutex_);
    ++malformed_;
  };
  const std::optional<uint64_t> magic = number(4);
  const std::optional<uint64_t> bic_bytes = number(1);
  if (magic != kMagic || !bic_bytes) return malformed();
  const std::string_view bic_text = take(*bic_bytes);
  core::Bic submitter;
  if (!bic_text.empty()) {
    const std::optional<core::Bic> parsed = core::Bic::parse(bic_text);
    if (!parsed) return malformed();
    submitter = *parsed;
  }
  const std::optional<uint64_t> group_bytes = number(1);
  if (!group_bytes) return malformed();
  const std::string_view group_message_id = take(*group_bytes);
  const std::optional<uint64_t> keys = number(4);
  // Each key takes at least 22 bytes: a count past that is not a message.
  if (!keys || *keys > (attachment.size() - at) / 22) return malformed();
  std::vector<MessageKey> entries;
  entries.reserve(*keys);
  for (uint64_t k = 0; k < *keys; ++k) {
    const std::optional<uint64_t> id_bytes = number(1);
    if (!id_bytes) return malformed();
    const std::string_view id = take(*id_bytes);
    const std::optional<uint64_t> e2e_bytes = number(1);
    if (!e2e_bytes) return malformed();
    const std::string_view e2e = take(*e2e_bytes);
    const std::optional<uint64_t> index = number(4);
    const std::optional<uint64_t> high = number(8);
    const std::optional<uint64_t> low = number(8);
    MessageKey key;
    if (!index || !high || !low || !key.instruction_id.assign(id) || e2e.size() != *e2e_bytes ||
        !key.end_to_end_id.assign(e2e)) {
      return malformed();
    }
    key.transaction_index = static_cast<uint32_t>(*index);
    key.uetr = core::Uetr{*high, *low};
    entries.push_back(key);
  }
  Location message;
  message.segment_first_seq = ref.segment_first_seq;
  message.offset = ref.offset + at;
  message.bytes = static_cast<uint32_t>(attachment.size() - at);
  std::lock_guard lock(mutex_);
  index_keys(submitter, group_message_id, entries, message);
  ++records_;
}

void MessageLog::index_keys(const core::Bic& submitter, std::string_view group_message_id,
                            std::span<const MessageKey> keys, const Location& message) {
  const auto group_index = static_cast<uint32_t>(group_ids_.size());
  group_ids_.emplace_back(group_message_id);
  std::vector<MessageKey>* group = nullptr;
  for (const MessageKey& key : keys) {
    Location location = message;
    location.transaction_index = key.transaction_index;
    location.group = group_index;
    const bool first =
        index_.try_emplace(InstructionKey{submitter, key.instruction_id}, location).second;
    // A resent instruction id belongs to the message that first carried it.
    if (!first) continue;
    if (!key.end_to_end_id.view().empty() && key.end_to_end_id != key.instruction_id) {
      end_to_end_ids_.emplace(InstructionKey{submitter, key.instruction_id}, key.end_to_end_id);
      by_end_to_end_id_.try_emplace(InstructionKey{submitter, key.end_to_end_id},
                                    key.instruction_id);
    }
    if (group == nullptr) group = &groups_[key_of(submitter, group_message_id)];
    group->push_back(key);
  }
}

std::optional<LoggedMessage> MessageLog::find(const core::Bic& submitter,
                                              const core::InstructionId& instruction_id) const {
  Location location;
  LoggedMessage found;
  {
    std::lock_guard lock(mutex_);
    const auto it = index_.find(InstructionKey{submitter, instruction_id});
    if (it == index_.end()) return std::nullopt;
    location = it->second;
    found.group_message_id = group_ids_[location.group];
  }
  found.transaction_index = location.transaction_index;
  std::optional<std::string> bytes = reader_.read(
      journal::AttachmentRef{location.segment_first_seq, location.offset, location.bytes});
  if (!bytes) return std::nullopt;
  found.bytes = std::move(*bytes);
  return found;
}

std::optional<std::string> MessageLog::group_message_id(
    const core::Bic& submitter, const core::InstructionId& instruction_id) const {
  std::lock_guard lock(mutex_);
  const auto it = index_.find(InstructionKey{submitter, instruction_id});
  if (it == index_.end()) return std::nullopt;
  return group_ids_[it->second.group];
}

std::optional<core::InstructionId> MessageLog::end_to_end_id(
    const core::Bic& submitter, const core::InstructionId& instruction_id) const {
  const InstructionKey key{submitter, instruction_id};
  std::lock_guard lock(mutex_);
  if (const auto it = end_to_end_ids_.find(key); it != end_to_end_ids_.end()) return it->second;
  if (!index_.contains(key)) return std::nullopt;
  return instruction_id;
}

std::optional<core::InstructionId> MessageLog::instruction_of_end_to_end_id(
    const core::Bic& submitter, const core::InstructionId& end_to_end_id) const {
  std::lock_guard lock(mutex_);
  const auto it = by_end_to_end_id_.find(InstructionKey{submitter, end_to_end_id});
  if (it == by_end_to_end_id_.end()) return std::nullopt;
  return it->second;
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

uint64_t MessageLog::malformed() const {
  std::lock_guard lock(mutex_);
  return malformed_;
}

}  // namespace corridor::gateway
