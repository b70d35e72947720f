// A payment instruction's exactly-once identity in the service: the BIC that
// sent it and its instruction id. Fixed size and hashed in place, so indexing
// a payment allocates nothing (the message log and the views index every one).
#pragma once

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

}  // namespace corridor::gateway
