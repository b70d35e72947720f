#include "journal/machine.h"

#include <variant>

#include "journal/bytes.h"

namespace corridor::journal {
namespace {

constexpr uint32_t kMachineMagic = 0x534D5243;  // "CRMS"
constexpr uint16_t kMachineVersion = 1;

}  // namespace

Applied Machine::apply(uint64_t seq, const Submission& submission, uint64_t content_digest) {
  last_seq_ = seq;
  const SubmissionIndex::Lookup seen = index_.check(submission, content_digest);
  switch (seen.verdict) {
    case SubmissionIndex::Verdict::kRepeat:
      last_reached_core_ = false;
      ++repeats_;
      return Applied{seq, seen.original_result, true, seen.original_seq};
    case SubmissionIndex::Verdict::kConflict:
      last_reached_core_ = false;
      ++conflicts_;
      return Applied{seq, core::Result::rejected(core::Reason::kDuplicateInstruction), false, 0};
    case SubmissionIndex::Verdict::kNew:
      break;
  }
  const core::Result result = core_.apply(submission.command);
  last_reached_core_ = true;
  index_.record(submission, content_digest, seq, result);
  if (result.ok() && std::holds_alternative<core::EndOfDay>(submission.command.body)) {
    index_.end_of_day(static_cast<uint32_t>(core_.config().dedupe_window_days));
  }
  return Applied{seq, result, false, seq};
}

uint64_t Machine::state_hash() const {
  return mix64(mix64(core_.state_hash()) ^ mix64(index_.state_hash() + 0x9E3779B97F4A7C15ull) ^
               last_seq_);
}

void Machine::save_state(std::vector<uint8_t>* out) const {
  append_le(out, kMachineMagic, 4);
  append_le(out, kMachineVersion, 2);
  append_le(out, last_seq_, 8);
  const size_t index_length_at = out->size();
  append_le(out, 0, 8);
  index_.save_state(out);
  const uint64_t index_length = out->size() - index_length_at - 8;
  store_le(out->data() + index_length_at, index_length, 8);
  core_.save_state(out);
}

bool Machine::load_state(std::span<const uint8_t> image, std::string* error) {
  constexpr size_t kHeaderBytes = 4 + 2 + 8 + 8;
  if (image.size() < kHeaderBytes) {
    *error = "machine image: ends early";
    return false;
  }
  if (load_le(image.data() + 0, 4) != kMachineMagic ||
      load_le(image.data() + 4, 2) != kMachineVersion) {
    *error = "machine image: bad magic or version";
    return false;
  }
  const uint64_t seq = load_le(image.data() + 6, 8);
  const uint64_t index_length = load_le(image.data() + 14, 8);
  if (index_length > image.size() - kHeaderBytes) {
    *error = "machine image: index longer than the image";
    return false;
  }
  SubmissionIndex index(core_.config().dedupe_hash_seed);
  const size_t used = index.load_state(image.subspan(kHeaderBytes, index_length), error);
  if (used == 0 || used != index_length) {
    if (used != 0) *error = "machine image: index length mismatch";
    return false;
  }
  core::Core core(core_.config());
  if (!core.load_state(image.subspan(kHeaderBytes + index_length), error)) return false;
  core_ = std::move(core);
  index_ = std::move(index);
  last_seq_ = seq;
  last_reached_core_ = false;
  return true;
}

}  // namespace corridor::journal
