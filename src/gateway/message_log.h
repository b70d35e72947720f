// The message log: the bytes of every payment message the service accepted,
// so that what is forwarded to a creditor agent is what its debtor agent sent
// (docs/service.md, "Message log").
//
// The bytes live in the journal itself: a message travels as the attachment
// of its first payment's submission (journal::Submission::attachment), written
// in the same batch record, by the same write and the same fdatasync (one
// group commit, record_format.h). So a payment in the journal always has its
// message there too, and nothing else has to be synced. This class is the
// index over those attachments, fed by the engine's observer (live) and by
// observed_replay (at start); it reads the message bytes back from the
// segments when they are asked for.
//
// Attachment bytes (little endian):
//   u32 magic "CRMA" | u8 n, submitter BIC (n bytes) | u8 n, group message id
//   (GrpHdr MsgId, n bytes) | u32 keys | per key: u8 n, instruction id (n
//   bytes), u8 n, end-to-end id (n bytes; 0: the same as the instruction id),
//   u32 transaction index, u64 UETR high, u64 UETR low | the message
// The indexes in memory: submitter BIC + instruction id -> message; submitter
// BIC + group message id -> its payments; and, only for payments whose
// EndToEndId differs from the id Corridor keys them by, the EndToEndId both ways.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/bic.h"
#include "core/command.h"
#include "core/uetr.h"
#include "gateway/instruction_key.h"
#include "gateway/large_pages.h"
#include "journal/attachment_reader.h"
#include "journal/record_format.h"

namespace corridor::gateway {

// One payment of a message: its exactly-once key and where it is in the message.
struct MessageKey {
  core::InstructionId instruction_id;
  core::InstructionId end_to_end_id;  // empty: the same as instruction_id
  uint32_t transaction_index = 0;
  core::Uetr uetr;
};

struct LoggedMessage {
  std::string bytes;               // the message as received
  uint32_t transaction_index = 0;  // of the payment asked for
  std::string group_message_id;    // GrpHdr/MsgId of the message
};

class MessageLog {
 public:
  // Reads message bytes from the segments of the journal in `journal_dir`.
  explicit MessageLog(std::string journal_dir);
  MessageLog(const MessageLog&) = delete;
  MessageLog& operator=(const MessageLog&) = delete;

  // The attachment that carries `message` for its payments `keys`, for the
  // first of their submissions. `group_message_id` is the message's GrpHdr/MsgId
  // (at most 255 bytes; longer is cut, which cannot happen for a Max35Text).
  static std::shared_ptr<const std::string> attachment(const core::Bic& submitter,
                                                       std::string_view group_message_id,
                                                       std::span<const MessageKey> keys,
                                                       std::string_view message);
  // Indexes an attachment the journal holds at `ref` (on the apply thread, or
  // during the replay at start). Bytes that are not a message attachment are
  // ignored and counted (malformed()). Thread-safe.
  void index(std::span<const uint8_t> attachment, const journal::AttachmentRef& ref);

  // The first message logged for this submitter and instruction id.
  std::optional<LoggedMessage> find(const core::Bic& submitter,
                                    const core::InstructionId& instruction_id) const;
  // The group message id of that message, without reading the journal.
  std::optional<std::string> group_message_id(const core::Bic& submitter,
                                              const core::InstructionId& instruction_id) const;
  // The EndToEndId of the payment keyed by this submitter and instruction id
  // (the instruction id itself unless its message said otherwise); nullopt
  // when no message of that key is known.
  std::optional<core::InstructionId> end_to_end_id(const core::Bic& submitter,
                                                   const core::InstructionId& instruction_id) const;
  // The instruction id of the first payment of this submitter whose EndToEndId
  // is `end_to_end_id` and differs from its instruction id.
  std::optional<core::InstructionId> instruction_of_end_to_end_id(
      const core::Bic& submitter, const core::InstructionId& end_to_end_id) const;
  // Every payment this submitter sent in messages with this GrpHdr/MsgId, in
  // the order logged (each instruction id once: its first message's).
  std::vector<MessageKey> group(const core::Bic& submitter, std::string_view message_id) const;

  // Makes room for `payments` payments in the index (no rehash until then).
  void reserve(size_t payments);

  uint64_t records() const;    // messages indexed
  uint64_t malformed() const;  // attachments that were not messages

 private:
  // One logged message: where its attachment is in the journal.
  struct Message {
    uint64_t segment_first_seq = 0;
    uint64_t attachment_offset = 0;  // of the attachment in the segment
    uint32_t attachment_bytes = 0;
    uint32_t head_bytes = 0;  // the attachment's head: the message bytes follow it
  };
  // Where a payment is: its message (into messages_) and its place in it. Kept
  // small because there is one per payment; the keys of a group are read
  // back from the journal when a group is asked for (a rare camt.056).
  struct Location {
    uint32_t message = 0;
    uint32_t transaction_index = 0;
  };
  struct Head {
    core::Bic submitter;
    std::string group_message_id;
    std::vector<MessageKey> keys;
    size_t bytes = 0;  // of the head: the message follows
  };

  // Reads an attachment's head; nullopt if it is not a message attachment.
  static std::optional<Head> parse_head(std::span<const uint8_t> attachment);
  // Adds one message's keys to the indexes (mutex_ held).
  void index_keys(const Head& head, const Message& message);
  static std::string key_of(const core::Bic& submitter, std::string_view instruction_id);

  journal::AttachmentReader reader_;

  mutable std::mutex mutex_;
  uint64_t malformed_ = 0;
  std::vector<Message> messages_;
  std::vector<std::string> group_ids_;  // per message (as messages_): its GrpHdr/MsgId
  // Submitter BIC + instruction id, fingerprinted -> the payment. Its slot
  // array gets huge pages when large (one slot per payment).
  absl::flat_hash_map<InstructionFingerprint, Location, absl::Hash<InstructionFingerprint>,
                      std::equal_to<InstructionFingerprint>,
                      LargePageAllocator<std::pair<const InstructionFingerprint, Location>>>
      index_;
  // Submitter + MsgId -> the messages (into messages_) sent under it, in order.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> groups_;
  std::vector<InstructionFingerprint> fingerprints_;  // index_keys' scratch (mutex_ held)
  // Only where EndToEndId differs from the instruction id: either way round.
  absl::flat_hash_map<InstructionKey, core::InstructionId> end_to_end_ids_;
  absl::flat_hash_map<InstructionKey, core::InstructionId> by_end_to_end_id_;
};

}  // namespace corridor::gateway
