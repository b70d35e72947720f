// The replicated state machine the journal drives: the settlement core plus
// the exactly-once submission index in front of it. Live operation and
// recovery both apply sequenced submissions through here, one at a time and in
// order, so the two always reach the same state.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/core.h"
#include "journal/submission.h"
#include "journal/submission_index.h"

namespace corridor::journal {

struct Applied {
  uint64_t seq = 0;
  core::Result result;
  // A resubmission of an instruction already applied: the core did not see it
  // again, `result` is the original result and original_seq says where it is.
  bool repeat = false;
  uint64_t original_seq = 0;
};

class Machine {
 public:
  explicit Machine(const core::Config& config = core::Config())
      : core_(config), index_(config.dedupe_hash_seed) {}

  // A hint, no effect on state: starts loading what applying `submission`
  // will touch. The engine calls it a few submissions ahead.
  void prefetch(const Submission& submission) const {
    index_.prefetch(submission);
    core_.prefetch(submission.command);
  }
  // Room for this many instruction keys before the exactly-once index grows.
  void reserve_index(size_t keys) { index_.reserve(keys); }

  // Applies the submission sequenced as `seq` (the next one: last_seq() + 1).
  // `content_digest` is submission_content_digest() of its encoding.
  Applied apply(uint64_t seq, const Submission& submission, uint64_t content_digest);

  // Events of the last apply(): empty when it did not reach the core.
  std::span<const core::Event> events() const {
    return last_reached_core_ ? core_.events() : std::span<const core::Event>();
  }

  const core::Core& core() const { return core_; }
  const SubmissionIndex& index() const { return index_; }
  uint64_t last_seq() const { return last_seq_; }
  uint64_t repeats() const { return repeats_; }
  uint64_t conflicts() const { return conflicts_; }

  // A digest of the core's state, the index and the last sequence number.
  uint64_t state_hash() const;

  // A binary image of everything above (docs/journal-format.md, "Snapshots").
  void save_state(std::vector<uint8_t>* out) const;
  // Replaces the state with an image; false (state unchanged) on any fault.
  bool load_state(std::span<const uint8_t> image, std::string* error);

 private:
  core::Core core_;
  SubmissionIndex index_;
  uint64_t last_seq_ = 0;
  uint64_t repeats_ = 0;  // statistics, not state: not hashed or saved
  uint64_t conflicts_ = 0;
  bool last_reached_core_ = false;
};

}  // namespace corridor::journal
