#include "journal/submission_index.h"

#include <algorithm>
#include <variant>

namespace corridor::journal {
namespace {

constexpr uint32_t kIndexMagic = 0x58494E53;  // "SNIX"

void put(std::vector<uint8_t>* out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<uint8_t>(v >> (8 * i)));
}

class Cursor {
 public:
  explicit Cursor(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  bool get(int count, uint64_t* v) {
    if (bytes_.size() - at_ < static_cast<size_t>(count)) return false;
    *v = 0;
    for (int i = 0; i < count; ++i) *v |= uint64_t{bytes_[at_ + i]} << (8 * i);
    at_ += static_cast<size_t>(count);
    return true;
  }
  bool text(size_t count, std::string_view* v) {
    if (bytes_.size() - at_ < count) return false;
    *v = std::string_view(reinterpret_cast<const char*>(bytes_.data() + at_), count);
    at_ += count;
    return true;
  }
  size_t used() const { return at_; }
  size_t left() const { return bytes_.size() - at_; }

 private:
  std::span<const uint8_t> bytes_;
  size_t at_ = 0;
};

void put_entry(std::vector<uint8_t>* out, const SubmissionIndex::Entry& e) {
  put(out, e.content_digest, 8);
  put(out, e.seq, 8);
  put(out, e.business_day, 4);
  put(out, static_cast<uint8_t>(e.result.outcome), 1);
  put(out, static_cast<uint8_t>(e.result.reason), 1);
}

bool get_entry(Cursor& c, SubmissionIndex::Entry* e) {
  uint64_t digest, seq, day, outcome, reason;
  if (!c.get(8, &digest) || !c.get(8, &seq) || !c.get(4, &day) || !c.get(1, &outcome) ||
      !c.get(1, &reason)) {
    return false;
  }
  if (outcome > static_cast<uint64_t>(core::Outcome::kRejected)) return false;
  if (reason >= static_cast<uint64_t>(core::Reason::kCount)) return false;
  e->content_digest = digest;
  e->seq = seq;
  e->business_day = static_cast<uint32_t>(day);
  e->result = core::Result{static_cast<core::Outcome>(outcome), static_cast<core::Reason>(reason)};
  return true;
}

// Order-independent: a sum of per-entry mixes.
uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 31;
  return x;
}

uint64_t entry_mix(uint64_t key_mix, const SubmissionIndex::Entry& e) {
  uint64_t h = mix(key_mix ^ e.content_digest);
  h = mix(h ^ e.seq);
  h = mix(h ^
          (uint64_t{e.business_day} << 16 | uint64_t{static_cast<uint8_t>(e.result.outcome)} << 8 |
           static_cast<uint8_t>(e.result.reason)));
  return h;
}

}  // namespace

bool SubmissionIndex::message_key(const Submission& s, MessageKey* key) {
  if (s.message_id.view().empty()) return false;
  key->sender = s.sender.packed();
  key->message_id = s.message_id;
  return true;
}

bool SubmissionIndex::uetr_key(const Submission& s, core::Uetr* uetr) {
  if (const auto* p = std::get_if<core::SubmitPayment>(&s.command.body)) {
    *uetr = p->uetr;
    return true;
  }
  if (const auto* t = std::get_if<core::LiquidityTransfer>(&s.command.body)) {
    *uetr = t->uetr;
    return true;
  }
  return false;
}

SubmissionIndex::Lookup SubmissionIndex::check(const Submission& submission,
                                               uint64_t content_digest) const {
  const Entry* found = nullptr;
  bool conflict = false;
  auto consider = [&](const Entry& e) {
    if (e.content_digest != content_digest) conflict = true;
    if (found == nullptr) found = &e;
  };
  MessageKey key;
  if (message_key(submission, &key)) {
    if (auto it = by_message_.find(key); it != by_message_.end()) consider(it->second);
  }
  core::Uetr uetr;
  if (uetr_key(submission, &uetr)) {
    if (auto it = by_uetr_.find(uetr); it != by_uetr_.end()) consider(it->second);
  }
  if (found == nullptr) return Lookup{};
  return Lookup{conflict ? Verdict::kConflict : Verdict::kRepeat, found->seq, found->result};
}

void SubmissionIndex::record(const Submission& submission, uint64_t content_digest, uint64_t seq,
                             core::Result result) {
  const Entry entry{content_digest, seq, business_day_, result};
  MessageKey key;
  if (message_key(submission, &key)) by_message_.try_emplace(key, entry);
  core::Uetr uetr;
  if (uetr_key(submission, &uetr)) by_uetr_.try_emplace(uetr, entry);
}

void SubmissionIndex::end_of_day(uint32_t window_days) {
  ++business_day_;
  if (window_days == 0) window_days = 1;
  // Keep the days business_day_ - window_days + 1 .. business_day_.
  if (business_day_ < window_days) return;
  const uint32_t oldest_kept = business_day_ - window_days + 1;
  absl::erase_if(by_message_, [&](const auto& kv) { return kv.second.business_day < oldest_kept; });
  absl::erase_if(by_uetr_, [&](const auto& kv) { return kv.second.business_day < oldest_kept; });
}

uint64_t SubmissionIndex::state_hash() const {
  uint64_t sum = mix(business_day_ + 1);
  for (const auto& [key, e] : by_message_) {
    uint64_t k = mix(key.sender);
    for (char c : key.message_id.view()) k = mix(k ^ static_cast<uint8_t>(c));
    sum += entry_mix(k ^ 0x1, e);
  }
  for (const auto& [uetr, e] : by_uetr_) {
    sum += entry_mix(mix(uetr.high) ^ mix(uetr.low ^ 0x2), e);
  }
  return mix(sum ^ (by_message_.size() << 32 | by_uetr_.size()));
}

void SubmissionIndex::save_state(std::vector<uint8_t>* out) const {
  out->reserve(out->size() + 16 + by_message_.size() * 70 + by_uetr_.size() * 38);
  put(out, kIndexMagic, 4);
  put(out, business_day_, 4);
  put(out, by_message_.size(), 8);
  for (const auto& [key, e] : by_message_) {
    put(out, key.sender, 8);
    const std::string_view id = key.message_id.view();
    put(out, id.size(), 1);
    out->insert(out->end(), id.begin(), id.end());
    put_entry(out, e);
  }
  put(out, by_uetr_.size(), 8);
  for (const auto& [uetr, e] : by_uetr_) {
    put(out, uetr.high, 8);
    put(out, uetr.low, 8);
    put_entry(out, e);
  }
}

size_t SubmissionIndex::load_state(std::span<const uint8_t> bytes, std::string* error) {
  Cursor c(bytes);
  SubmissionIndex loaded;
  uint64_t magic, day, count;
  auto fail = [&](const char* what) {
    *error = std::string("submission index: ") + what;
    return size_t{0};
  };
  if (!c.get(4, &magic) || magic != kIndexMagic) return fail("bad magic");
  if (!c.get(4, &day)) return fail("ends early");
  loaded.business_day_ = static_cast<uint32_t>(day);
  if (!c.get(8, &count)) return fail("ends early");
  if (count > c.left() / 31) return fail("message count larger than the image");
  loaded.by_message_.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    MessageKey key;
    uint64_t length;
    std::string_view id;
    Entry e;
    if (!c.get(8, &key.sender) || !c.get(1, &length)) return fail("ends early");
    if (length == 0 || length > core::InstructionId::kLengthMax) return fail("bad message id");
    if (!c.text(length, &id) || !get_entry(c, &e)) return fail("bad message entry");
    key.message_id.assign(id);
    if (!loaded.by_message_.try_emplace(key, e).second) return fail("message key twice");
  }
  if (!c.get(8, &count)) return fail("ends early");
  if (count > c.left() / 38) return fail("UETR count larger than the image");
  loaded.by_uetr_.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    core::Uetr uetr;
    Entry e;
    if (!c.get(8, &uetr.high) || !c.get(8, &uetr.low) || !get_entry(c, &e)) {
      return fail("bad UETR entry");
    }
    if (!loaded.by_uetr_.try_emplace(uetr, e).second) return fail("UETR twice");
  }
  *this = std::move(loaded);
  return c.used();
}

}  // namespace corridor::journal
