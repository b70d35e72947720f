// How far each participant has acknowledged its inbox (POST /v1/inbox/ack):
// where GET /v1/inbox starts when no cursor is given. Durable (synced before
// the answer) and never going back: a stale acknowledgement changes nothing.
//
// File DIR/inbox-acks.log, one line per acknowledgement: "<BIC> <cursor>\n";
// on open the highest cursor per BIC wins, and an unfinished last line (a
// crash while it was written) is ignored.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "core/bic.h"

namespace corridor::gateway {

class InboxAcks {
 public:
  // Throws std::runtime_error when the file cannot be opened or read.
  InboxAcks(const std::string& dir, bool sync);
  ~InboxAcks();
  InboxAcks(const InboxAcks&) = delete;
  InboxAcks& operator=(const InboxAcks&) = delete;

  uint64_t acknowledged(const core::Bic& participant) const;
  // Records the acknowledgement if it moves the cursor forward; returns the
  // cursor now recorded. Throws std::runtime_error when it cannot be made durable.
  uint64_t acknowledge(const core::Bic& participant, uint64_t cursor);

 private:
  std::string path_;
  bool sync_ = true;
  int fd_ = -1;
  mutable std::mutex mutex_;
  absl::flat_hash_map<core::Bic, uint64_t> cursors_;
};

}  // namespace corridor::gateway
