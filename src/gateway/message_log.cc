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

std::optional<MessageLog::Head> MessageLog::parse_head(std::span<const uint8_t> attachment) {
  size_t at = 0;
  auto take = [&](size_t n) -> std::optional<std::string_view> {
    if (attachment.size() - at < n) return std::nullopt;
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
  Head head;
  const std::optional<uint64_t> magic = number(4);
  const std::optional<uint64_t> bic_bytes = number(1);
  if (magic != kMagic || !bic_bytes) return std::nullopt;
  const std::optional<std::string_view> bic_text = take(*bic_bytes);
  if (!bic_text) return std::nullopt;
  if (!bic_text->empty()) {
    const std::optional<core::Bic> parsed = core::Bic::parse(*bic_text);
    if (!parsed) return std::nullopt;
    head.submitter = *parsed;
  }
  const std::optional<uint64_t> group_bytes = number(1);
  if (!group_bytes) return std::nullopt;
  const std::optional<std::string_view> group_message_id = take(*group_bytes);
  if (!group_message_id) return std::nullopt;
  head.group_message_id = std::string(*group_message_id);
  const std::optional<uint64_t> keys = number(4);
  // Each key takes at least 22 bytes: a count past that is not a message.
  if (!keys || *keys > (attachment.size() - at) / 22) return std::nullopt;
  head.keys.reserve(*keys);
  for (uint64_t k = 0; k < *keys; ++k) {
    const std::optional<uint64_t> id_bytes = number(1);
    if (!id_bytes) return std::nullopt;
    const std::optional<std::string_view> id = take(*id_bytes);
    if (!id) return std::nullopt;
    const std::optional<uint64_t> e2e_bytes = number(1);
    if (!e2e_bytes) return std::nullopt;
    const std::optional<std::string_view> e2e = take(*e2e_bytes);
    const std::optional<uint64_t> index = number(4);
    const std::optional<uint64_t> high = number(8);
    const std::optional<uint64_t> low = number(8);
    MessageKey key;
    if (!e2e || !index || !high || !low || !key.instruction_id.assign(*id) ||
        !key.end_to_end_id.assign(*e2e)) {
      return std::nullopt;
    }
    key.transaction_index = static_cast<uint32_t>(*index);
    key.uetr = core::Uetr{*high, *low};
    head.keys.push_back(key);
  }
  head.bytes = at;
  return head;
}

void MessageLog::index(std::span<const uint8_t> attachment, const journal::AttachmentRef& ref) {
  const std::optional<Head> head = parse_head(attachment);
  std::lock_guard lock(mutex_);
  if (!head) {
    ++malformed_;
    return;
  }
  Message message;
  message.segment_first_seq = ref.segment_first_seq;
  message.attachment_offset = ref.offset;
  message.attachment_bytes = static_cast<uint32_t>(attachment.size());
  message.head_bytes = static_cast<uint32_t>(head->bytes);
  index_keys(*head, message);
}

void MessageLog::index_keys(const Head& head, const Message& message) {
  const auto number = static_cast<uint32_t>(messages_.size());
  messages_.push_back(message);
  group_ids_.push_back(head.group_message_id);
  // A message's keys land all over a table of millions of slots: ask for all
  // their slots first, so that the cache misses overlap instead of queueing.
  fingerprints_.clear();
  for (const MessageKey& key : head.keys) {
    fingerprints_.push_back(fingerprint(head.submitter, key.instruction_id));
    index_.prefetch(fingerprints_.back());
  }
  bool listed = false;
  for (size_t k = 0; k < head.keys.size(); ++k) {
    const MessageKey& key = head.keys[k];
    const bool first =
        index_.try_emplace(fingerprints_[k], Location{number, key.transaction_index}).second;
    // A resent instruction id belongs to the message that first carried it.
    if (!first) continue;
    if (!key.end_to_end_id.view().empty() && key.end_to_end_id != key.instruction_id) {
      end_to_end_ids_.emplace(InstructionKey{head.submitter, key.instruction_id},
                              key.end_to_end_id);
      by_end_to_end_id_.try_emplace(InstructionKey{head.submitter, key.end_to_end_id},
                                    key.instruction_id);
    }
    if (!listed) {
      groups_[key_of(head.submitter, head.group_message_id)].push_back(number);
      listed = true;
    }
  }
}

std::optional<LoggedMessage> MessageLog::find(const core::Bic& submitter,
                                              const core::InstructionId& instruction_id) const {
  Message message;
  LoggedMessage found;
  {
    std::lock_guard lock(mutex_);
    const auto it = index_.find(fingerprint(submitter, instruction_id));
    if (it == index_.end()) return std::nullopt;
    message = messages_[it->second.message];
    found.transaction_index = it->second.transaction_index;
    found.group_message_id = group_ids_[it->second.message];
  }
  std::optional<std::string> bytes = reader_.read(journal::AttachmentRef{
      message.segment_first_seq, message.attachment_offset + message.head_bytes,
      message.attachment_bytes - message.head_bytes});
  if (!bytes) return std::nullopt;
  found.bytes = std::move(*bytes);
  return found;
}

std::optional<std::string> MessageLog::group_message_id(
    const core::Bic& submitter, const core::InstructionId& instruction_id) const {
  std::lock_guard lock(mutex_);
  const auto it = index_.find(fingerprint(submitter, instruction_id));
  if (it == index_.end()) return std::nullopt;
  return group_ids_[it->second.message];
}

std::optional<core::InstructionId> MessageLog::end_to_end_id(
    const core::Bic& submitter, const core::InstructionId& instruction_id) const {
  const InstructionKey key{submitter, instruction_id};
  std::lock_guard lock(mutex_);
  if (const auto it = end_to_end_ids_.find(key); it != end_to_end_ids_.end()) return it->second;
  if (!index_.contains(fingerprint(submitter, instruction_id))) return std::nullopt;
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
  std::vector<std::pair<uint32_t, Message>> messages;  // number, where
  {
    std::lock_guard lock(mutex_);
    const auto it = groups_.find(key_of(submitter, message_id));
    if (it == groups_.end()) return {};
    for (uint32_t number : it->second) messages.emplace_back(number, messages_[number]);
  }
  // Each message's keys, read back from the journal; a key counts for the
  // message that first carried its instruction id (index_keys).
  std::vector<MessageKey> keys;
  for (const auto& [number, message] : messages) {
    const std::optional<std::string> bytes = reader_.read(journal::AttachmentRef{
        message.segment_first_seq, message.attachment_offset, message.head_bytes});
    if (!bytes) continue;
    const std::optional<Head> head = parse_head(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()));
    if (!head) continue;
    std::lock_guard lock(mutex_);
    for (const MessageKey& key : head->keys) {
      const auto at = index_.find(fingerprint(submitter, key.instruction_id));
      if (at != index_.end() && at->second.message == number) keys.push_back(key);
    }
  }
  return keys;
}

void MessageLog::reserve(size_t payments) {
  std::lock_guard lock(mutex_);
  const PopulatingScope populating;  // backed with memory now, as the views' tables
  index_.reserve(payments);
}

uint64_t MessageLog::records() const {
  std::lock_guard lock(mutex_);
  return messages_.size();
}

uint64_t MessageLog::malformed() const {
  std::lock_guard lock(mutex_);
  return malformed_;
}

}  // namespace corridor::gateway
