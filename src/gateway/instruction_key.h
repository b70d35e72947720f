// A payment instruction's exactly-once identity in the service: the BIC that
// sent it and its instruction id. Fixed size and hashed in place, so indexing
// a payment allocates nothing (the message log and the views index every one).
#pragma once

#include <cstdint>
#include <utility>

#include "core/bic.h"
#include "core/command.h"

namespace corridor::gateway {

struct InstructionKey {
  core::Bic submitter;
  core::InstructionId instruction_id;
  friend bool operator==(const InstructionKey& a, const InstructionKey& b) {
    return a.submitter == b.submitter && a.instruction_id == b.instruction_id;
  }
  template <typename H>
  friend H AbslHashValue(H state, const InstructionKey& key) {
    return H::combine(std::move(state), key.submitter, key.instruction_id.view());
  }
};

// An InstructionKey as 16 bytes instead of 64, for the indexes that hold one
// per payment: a 128-bit hash keyed with a secret drawn at process start (the
// indexes are rebuilt at each start, never stored). Two keys share a
// fingerprint with probability about n^2 / 2^129 for n keys, and nobody
// without the secret can aim for it; the journal's exactly-once index makes
// the same bargain (journal/submission_index.h).
struct InstructionFingerprint {
  uint64_t high = 0;
  uint64_t low = 0;
  friend bool operator==(const InstructionFingerprint&, const InstructionFingerprint&) = default;
  template <typename H>
  friend H AbslHashValue(H state, const InstructionFingerprint& f) {
    return H::combine(std::move(state), f.low);  // already uniformly spread
  }
};

InstructionFingerprint fingerprint(const core::Bic& submitter,
                                   const core::InstructionId& instruction_id);

}  // namespace corridor::gateway
