// The message log: the bytes of every payment message the service accepted,
// kept beside the journal so that what is forwarded to a creditor agent is
// what its debtor agent sent (docs/service.md, "Message log").
//
// A message is appended (written, not yet synced) before any of its commands
// is submitted to the journal, and the journal's writer calls sync() before it
// writes each batch (EngineOptions::before_sync): one fdatasync here covers
// every message appended meanwhile, in the same group commit as the journal's,
// with no thread of its own. So a payment in the journal always has its
// message durable here; a message here whose commands never reached the
// journal (a crash in between) is simply never used. Opening the log reads it
// whole, checks every record and cuts a torn tail (a record cut short by a
// crash, never acknowledged).
//
// File: DIR/messages.log, records back to back:
//   u32 magic "CRM2" | u32 payload bytes | u64 checksum64(payload) | payload
//   payload: u8 n, submitter BIC (n bytes) | u8 n, group message id (GrpHdr
//            MsgId, n bytes) | u32 keys | per key: u8 n, instruction id (n
//            bytes), u32 transaction index, u64 UETR high, u64 UETR low |
//            the message bytes
// (little endian). Version 2 ("CRM2") added the group message id and the
// UETRs, so that a camt.056 cancelling a whole original message can find its
// payments; a log with a version 1 ("CRML") record is refused when opened (no
// such log was ever deployed; it is not cut, as a torn tail would be). Two indexes are in
// memory (submitter BIC + instruction id -> record; submitter BIC + group
// message id -> its payments); the message bytes are read back from the file
// when needed.
#pragma once

#include <cstdint>
#include <functional>
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

namespace corridor::gateway {

struct MessageLogOptions {
  std::string dir;
  bool sync = true;  // fdatasync before a record counts as durable (tests may turn it off)
};

// One payment of a message: its exactly-once key and where it is in the message.
struct MessageKey {
  core::InstructionId instruction_id;
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
  // Creates DIR if missing; throws std::runtime_error when the file cannot be
  // opened or read, or holds a record of the first format version. The
  // first broken record ends the log: it and what follows are cut (see
  // torn_tail_bytes(); docs/service.md says what that costs when the damage
  // is not at the end).
  static std::unique_ptr<MessageLog> open(MessageLogOptions options);
  ~MessageLog();
  MessageLog(const MessageLog&) = delete;
  MessageLog& operator=(const MessageLog&) = delete;

  // Thread-safe. Writes the record (durable at the next sync()); false if the
  // disk failed (then nothing later succeeds). `group_message_id` is the
  // message's GrpHdr/MsgId (at most 255 bytes; longer is cut, which cannot
  // happen for a valid Max35Text).
  bool append(const core::Bic& submitter, std::string_view group_message_id,
              std::span<const MessageKey> keys, std::string_view message);
  // Makes every record appended before the call durable (fdatasync unless
  // options.sync is off); false if the disk failed. Thread-safe.
  bool sync();

  // The first message logged for this submitter and instruction id.
  std::optional<LoggedMessage> find(const core::Bic& submitter,
                                    const core::InstructionId& instruction_id) const;
  // The group message id of that message, without reading the file.
  std::optional<std::string> group_message_id(const core::Bic& submitter,
                                              const core::InstructionId& instruction_id) const;
  // Every payment this submitter sent in messages with this GrpHdr/MsgId, in
  // the order logged (each instruction id once: its first record's).
  std::vector<MessageKey> group(const core::Bic& submitter, std::string_view message_id) const;

  uint64_t records() const;
  uint64_t torn_tail_bytes() const { return torn_tail_bytes_; }  // cut when opened
  bool failed() const;

 private:
  struct Location {
    uint64_t offset = 0;  // of the message bytes in the file
    uint32_t bytes = 0;
    uint32_t transaction_index = 0;
    uint32_t group = 0;  // into group_ids_
  };

  explicit MessageLog(MessageLogOptions options);
  void load();
  void index_record(std::string_view payload, uint64_t payload_offset);
  // Adds one record's keys to both indexes (mutex_ held, or while loading).
  void index_keys(const core::Bic& submitter, std::string_view group_message_id,
                  std::span<const MessageKey> keys, uint64_t message_offset,
                  uint32_t message_bytes);
  static std::string key_of(const core::Bic& submitter, std::string_view instruction_id);

  MessageLogOptions options_;
  std::string path_;
  int fd_ = -1;
  uint64_t torn_tail_bytes_ = 0;

  mutable std::mutex mutex_;
  uint64_t end_offset_ = 0;  // bytes written so far
  uint64_t records_ = 0;
  absl::flat_hash_map<InstructionKey, Location> index_;
  std::vector<std::string> group_ids_;  // one per record: its GrpHdr/MsgId
  absl::flat_hash_map<std::string, std::vector<MessageKey>> groups_;  // submitter + MsgId
  bool failed_ = false;
};

}  // namespace corridor::gateway
