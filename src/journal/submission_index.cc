#include "journal/submission_index.h"

#include <sys/mman.h>
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <variant>

#include "journal/bytes.h"

namespace corridor::journal {
namespace {

constexpr uint32_t kIndexMagic = 0x32584E53;  // "SNX2"
constexpr size_t kEntryBytes = 32;
constexpr size_t kCapacityMin = 64;
constexpr uint64_t kVersionMask = 0xF000;  // the UUID version nibble of the high word
constexpr int kSeqShift = 12;
constexpr uint64_t kSeqMax = (uint64_t{1} << (64 - kSeqShift)) - 1;

// The reason takes the low 6 bits of the packed result.
static_assert(static_cast<int>(core::Reason::kCount) <= 64, "a Reason must fit in 6 bits");

uint64_t pack(uint64_t seq, uint32_t business_day, core::Result result) {
  return std::min(seq, kSeqMax) << kSeqShift | uint64_t{business_day & 0xF} << 8 |
         uint64_t{static_cast<uint8_t>(result.outcome)} << 6 | static_cast<uint8_t>(result.reason);
}

}  // namespace

SubmissionIndex::SubmissionIndex(uint64_t hash_seed) : hash_seed_(hash_seed) {}

SubmissionIndex::SlotArray::SlotArray(size_t count) {
  constexpr size_t kHugePageBytes = size_t{2} << 20;
  bytes_ = count * sizeof(Slot);
  if (bytes_ >= kHugePageBytes) {
    bytes_ = (bytes_ + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
    void* p = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    ::madvise(p, bytes_, MADV_HUGEPAGE);  // a hint: without it, 4 KiB pages still work
    data_ = static_cast<Slot*>(p);
    mapped_ = true;
  } else {
    data_ = static_cast<Slot*>(std::calloc(count, sizeof(Slot)));
    if (data_ == nullptr) throw std::bad_alloc();
  }
}

SubmissionIndex::SlotArray::~SlotArray() {
  if (data_ == nullptr) return;
  if (mapped_) {
    ::munmap(data_, bytes_);
  } else {
    std::free(data_);
  }
}

bool SubmissionIndex::uetr_key(const Submission& s, Key* key) {
  const core::Uetr* uetr = nullptr;
  if (const auto* p = std::get_if<core::SubmitPayment>(&s.command.body)) uetr = &p->uetr;
  if (const auto* t = std::get_if<core::LiquidityTransfer>(&s.command.body)) uetr = &t->uetr;
  if (const auto* x = std::get_if<core::SubmitCrossCurrencyPayment>(&s.command.body)) {
    uetr = &x->uetr;
  }
  if (const auto* t = std::get_if<core::SubmitFxTrade>(&s.command.body)) uetr = &t->uetr;
  if (const auto* d = std::get_if<core::SubmitDnsPayment>(&s.command.body)) uetr = &d->uetr;
  // Other UETRs never reach the core's books (FF01), and are kept out of the
  // key space that message fingerprints use.
  if (uetr == nullptr || !uetr->is_version4()) return false;
  *key = Key{uetr->high, uetr->low};
  return true;
}

bool SubmissionIndex::message_key(const Submission& s, Key* key) {
  const std::string_view id = s.message_id.view();
  if (id.empty()) return false;
  uint8_t bytes[8 + core::InstructionId::kLengthMax];
  const uint64_t sender = s.sender.packed();
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(sender >> (8 * i));
  std::memcpy(bytes + 8, id.data(), id.size());
  const XXH128_hash_t h = XXH3_128bits(bytes, 8 + id.size());
  // Version nibble 0: never a version-4 UETR. Top bit of low set: never empty.
  *key = Key{h.high64 & ~kVersionMask, h.low64 | (uint64_t{1} << 63)};
  return true;
}

size_t SubmissionIndex::home(const Key& key) const {
  return static_cast<size_t>(mix64(key.high ^ mix64(key.low ^ hash_seed_))) & (capacity_ - 1);
}

const SubmissionIndex::Slot* SubmissionIndex::find(const Key& key, size_t* empty_at) const {
  if (capacity_ == 0) return nullptr;
  for (size_t i = home(key);; i = (i + 1) & (capacity_ - 1)) {
    const Slot& s = slots_[i];
    if (s.low == 0) {
      if (empty_at != nullptr) *empty_at = i;
      return nullptr;
    }
    if (s.low == key.low && s.high == key.high) return &s;
  }
}

void SubmissionIndex::insert(const Slot& slot) {
  if ((size_ + 1) * 2 > capacity_) grow_to(std::max(kCapacityMin, capacity_ * 2));
  for (size_t i = home(Key{slot.high, slot.low});; i = (i + 1) & (capacity_ - 1)) {
    if (slots_[i].low == 0) {
      slots_[i] = slot;
      ++size_;
      return;
    }
  }
}

void SubmissionIndex::grow_to(size_t capacity) {
  SlotArray old(capacity);
  old.swap(slots_);
  const size_t old_capacity = capacity_;
  capacity_ = capacity;
  size_ = 0;
  for (size_t i = 0; i < old_capacity; ++i) {
    if (old[i].low != 0) insert(old[i]);
  }
}

void SubmissionIndex::reserve(size_t keys) {
  size_t capacity = kCapacityMin;
  while (capacity < keys * 2) capacity *= 2;
  if (capacity > capacity_) grow_to(capacity);
}

void SubmissionIndex::prefetch(const Submission& submission) const {
  if (capacity_ == 0) return;
  Key key;
  if (uetr_key(submission, &key)) __builtin_prefetch(&slots_[home(key)]);
  if (message_key(submission, &key)) __builtin_prefetch(&slots_[home(key)]);
}

SubmissionIndex::Lookup SubmissionIndex::check(const Submission& submission,
                                               uint64_t content_digest) const {
  const Slot* found = nullptr;
  bool conflict = false;
  auto consider = [&](const Slot* s) {
    if (s == nullptr) return;
    if (s->content_digest != content_digest) conflict = true;
    if (found == nullptr) found = s;
  };
  Probe& p = probe_;
  p.submission = &submission;
  p.size = size_;
  p.capacity = capacity_;
  p.has_message = message_key(submission, &p.message);
  p.has_uetr = uetr_key(submission, &p.uetr);
  p.message_found = p.uetr_found = false;
  if (p.has_message) {
    const Slot* s = find(p.message, &p.message_empty_at);
    p.message_found = s != nullptr;
    consider(s);
  }
  if (p.has_uetr) {
    const Slot* s = find(p.uetr, &p.uetr_empty_at);
    p.uetr_found = s != nullptr;
    consider(s);
  }
  if (found == nullptr) return Lookup{};
  const core::Result result{static_cast<core::Outcome>((found->packed >> 6) & 0x3),
                            static_cast<core::Reason>(found->packed & 0x3F)};
  return Lookup{conflict ? Verdict::kConflict : Verdict::kRepeat, found->packed >> kSeqShift,
                result};
}

void SubmissionIndex::record(const Submission& submission, uint64_t content_digest, uint64_t seq,
                             core::Result result) {
  const uint64_t packed = pack(seq, business_day_, result);
  Probe& p = probe_;
  const bool probed = p.submission == &submission && p.size == size_ && p.capacity == capacity_ &&
                      capacity_ > 0 && (size_ + 2) * 2 <= capacity_;  // no growth on the way
  probe_.submission = nullptr;
  if (!probed) {  // the slow path: hash and probe afresh
    Key key;
    if (message_key(submission, &key) && find(key) == nullptr) {
      insert(Slot{key.high, key.low, content_digest, packed});
    }
    if (uetr_key(submission, &key) && find(key) == nullptr) {
      insert(Slot{key.high, key.low, content_digest, packed});
    }
    return;
  }
  if (p.has_message && !p.message_found) {
    slots_[p.message_empty_at] = Slot{p.message.high, p.message.low, content_digest, packed};
    ++size_;
  }
  if (p.has_uetr && !p.uetr_found) {
    // Both probes may have ended on the same empty slot, now taken: walk on.
    size_t i = p.uetr_empty_at;
    while (slots_[i].low != 0) i = (i + 1) & (capacity_ - 1);
    slots_[i] = Slot{p.uetr.high, p.uetr.low, content_digest, packed};
    ++size_;
  }
}

void SubmissionIndex::end_of_day(uint32_t window_days) {
  ++business_day_;
  window_days = std::clamp<uint32_t>(window_days, 1, kWindowDaysMax);
  // Keep the days business_day_ - window_days + 1 .. business_day_ (mod 16).
  std::vector<Slot> kept;
  kept.reserve(size_);
  for (size_t i = 0; i < capacity_; ++i) {
    const Slot& s = slots_[i];
    if (s.low == 0) continue;
    const uint32_t age = (business_day_ - day_of(s)) & 0xF;
    if (age < window_days) kept.push_back(s);
  }
  if (kept.size() == size_) return;
  slots_ = SlotArray(capacity_);
  size_ = 0;
  for (const Slot& s : kept) insert(s);
}

uint64_t SubmissionIndex::state_hash() const {
  uint64_t sum = 0;
  for (size_t i = 0; i < capacity_; ++i) {
    const Slot& s = slots_[i];
    if (s.low == 0) continue;
    sum += mix64(mix64(mix64(s.high) ^ s.low) ^ mix64(s.content_digest ^ mix64(s.packed)));
  }
  return mix64(sum ^ mix64(size_ + (uint64_t{business_day_} << 40)));
}

void SubmissionIndex::save_state(std::vector<uint8_t>* out) const {
  // Slots are four little-endian u64 on the hosts we build for: copied whole
  // (a snapshot saves millions of them on the apply thread).
  static_assert(std::endian::native == std::endian::little);
  static_assert(sizeof(Slot) == kEntryBytes);
  const size_t at = out->size();
  out->resize(at + 16 + size_ * kEntryBytes);
  uint8_t* p = out->data() + at;
  const uint64_t header[2] = {uint64_t{kIndexMagic} | uint64_t{business_day_} << 32, size_};
  std::memcpy(p, header, sizeof(header));
  p += sizeof(header);
  for (size_t i = 0; i < capacity_; ++i) {
    if (slots_[i].low == 0) continue;
    std::memcpy(p, &slots_[i], kEntryBytes);
    p += kEntryBytes;
  }
}

size_t SubmissionIndex::load_state(std::span<const uint8_t> bytes, std::string* error) {
  auto fail = [&](const char* what) {
    *error = std::string("submission index: ") + what;
    return size_t{0};
  };
  if (bytes.size() < 16) return fail("ends early");
  if (load_le(bytes.data(), 4) != kIndexMagic) return fail("bad magic");
  SubmissionIndex loaded(hash_seed_);
  loaded.business_day_ = static_cast<uint32_t>(load_le(bytes.data() + 4, 4));
  const uint64_t count = load_le(bytes.data() + 8, 8);
  if (count > (bytes.size() - 16) / kEntryBytes) return fail("more entries than the image holds");
  loaded.reserve(count);
  const uint8_t* at = bytes.data() + 16;
  for (uint64_t i = 0; i < count; ++i, at += kEntryBytes) {
    Slot s;
    std::memcpy(&s, at, kEntryBytes);
    if (s.low == 0) return fail("an entry with an empty key");
    if (((s.packed >> 6) & 0x3) > static_cast<uint64_t>(core::Outcome::kRejected)) {
      return fail("an entry with an unknown outcome");
    }
    if ((s.packed & 0x3F) >= static_cast<uint64_t>(core::Reason::kCount)) {
      return fail("an entry with an unknown reason");
    }
    if (loaded.find(Key{s.high, s.low}) != nullptr) return fail("a key twice");
    loaded.insert(s);
  }
  *this = std::move(loaded);
  return 16 + count * kEntryBytes;
}

}  // namespace corridor::journal
