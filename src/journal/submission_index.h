// Exactly-once submission: remembers every instruction the engine has applied,
// by (sender BIC, message id) and, for payments and liquidity transfers, by
// UETR, with a digest of its content and the result it got.
//
// A resubmission of the same instruction (same key, same content) is a repeat:
// it is not applied again and gets the original result back. The same key with
// different content is a conflict: rejected with DUPL. The index is part of
// the replicated state: it is rebuilt by replay and saved in snapshots, so
// duplicate detection survives restarts. Like the core's UETR window, it
// forgets instructions after `window_days` business days.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/command.h"
#include "core/result.h"
#include "core/uetr.h"
#include "journal/submission.h"

namespace corridor::journal {

class SubmissionIndex {
 public:
  enum class Verdict : uint8_t { kNew = 0, kRepeat = 1, kConflict = 2 };
  struct Lookup {
    Verdict verdict = Verdict::kNew;
    uint64_t original_seq = 0;  // kRepeat, kConflict: the sequence number that applied it
    core::Result original_result;
  };

  Lookup check(const Submission& submission, uint64_t content_digest) const;
  // Records an instruction that was applied (check() said kNew) as `seq`.
  void record(const Submission& submission, uint64_t content_digest, uint64_t seq,
              core::Result result);
  // A business day ended: forget instructions older than `window_days` days.
  void end_of_day(uint32_t window_days);

  size_t size() const { return by_message_.size() + by_uetr_.size(); }
  uint64_t state_hash() const;  // order-independent of insertion history
  void save_state(std::vector<uint8_t>* out) const;
  // Reads what save_state() wrote from the front of `bytes`; returns bytes used, 0 on error.
  size_t load_state(std::span<const uint8_t> bytes, std::string* error);

  // The keys an instruction is known by.
  struct MessageKey {
    uint64_t sender = 0;  // Bic::packed()
    core::InstructionId message_id;
    friend bool operator==(const MessageKey&, const MessageKey&) = default;
    template <typename H>
    friend H AbslHashValue(H state, const MessageKey& key) {
      return H::combine(std::move(state), key.sender, key.message_id.view());
    }
  };
  struct Entry {
    uint64_t content_digest = 0;
    uint64_t seq = 0;
    uint32_t business_day = 0;
    core::Result result;
  };

 private:
  static bool message_key(const Submission& s, MessageKey* key);
  static bool uetr_key(const Submission& s, core::Uetr* uetr);

  absl::flat_hash_map<MessageKey, Entry> by_message_;
  absl::flat_hash_map<core::Uetr, Entry> by_uetr_;
  uint32_t business_day_ = 0;
};

}  // namespace corridor::journal
