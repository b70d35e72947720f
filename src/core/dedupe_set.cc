#include "core/dedupe_set.h"

#include "core/assert.h"

namespace corridor::core {
namespace {

constexpr size_t kCapacityInitial = 1024;  // slots; a power of two

// Both words go through multiply-xorshift rounds (splitmix64's finaliser), so
// structured UETRs (counters, shared prefixes) spread over the table.
uint64_t mix(uint64_t seed, uint64_t high, uint64_t low) {
  uint64_t x = ((high & ~uint64_t{0xF000}) ^ seed) * 0x9E3779B97F4A7C15ull;
  x ^= x >> 29;
  x += low;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 32;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 29;
  return x;
}

}  // namespace

DedupeSet::DedupeSet(uint64_t hash_seed)
    : slots_(kCapacityInitial), mask_(kCapacityInitial - 1), hash_seed_(hash_seed) {}

size_t DedupeSet::home(const Uetr& uetr) const {
  return mix(hash_seed_, uetr.high, uetr.low) & mask_;
}

bool DedupeSet::insert(const Uetr& uetr, uint32_t business_day) {
  CORRIDOR_ASSERT(uetr.low != 0);
  const uint64_t key_high = uetr.high & ~kVersionMask;
  for (size_t i = home(uetr);; i = (i + 1) & mask_) {
    Slot& slot = slots_[i];
    if (slot.low == 0) {
      slot.high = key_high | (uint64_t{business_day % 16} << kVersionShift);
      slot.low = uetr.low;
      // Load at most 1/2: probe runs stay short and mostly within a cache line.
      if (++size_ * 2 > slots_.size()) grow();
      return true;
    }
    if (slot.low == uetr.low && (slot.high & ~kVersionMask) == key_high) return false;
  }
}

bool DedupeSet::contains(const Uetr& uetr) const {
  if (uetr.low == 0) return false;
  const uint64_t key_high = uetr.high & ~kVersionMask;
  for (size_t i = home(uetr);; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.low == 0) return false;
    if (slot.low == uetr.low && (slot.high & ~kVersionMask) == key_high) return true;
  }
}

void DedupeSet::place(const Slot& entry) {
  const Uetr uetr{entry.high, entry.low};
  for (size_t i = home(uetr);; i = (i + 1) & mask_) {
    if (slots_[i].low == 0) {
      slots_[i] = entry;
      return;
    }
  }
}

void DedupeSet::grow() {
  rehash(slots_.size() * 2);
}

void DedupeSet::rehash(size_t capacity) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  for (const Slot& slot : old) {
    if (slot.low != 0) place(slot);
  }
}

void DedupeSet::reserve(size_t count) {
  size_t capacity = slots_.size();
  // insert() grows when the load would pass 1/2: `count` entries fit within that.
  while (count * 2 > capacity) capacity *= 2;
  if (capacity != slots_.size()) rehash(capacity);
}

bool DedupeSet::insert_entry(const Entry& entry) {
  if (!entry.uetr.is_version4() || entry.day_mod16 >= 16) return false;
  // insert() stores day % 16: the entry's day, as it was saved.
  return insert(entry.uetr, entry.day_mod16);
}

void DedupeSet::keep_window(uint32_t business_day, uint32_t window_days) {
  CORRIDOR_ASSERT(window_days >= 1 && window_days <= kWindowDaysMax);
  std::vector<Slot> old = std::move(slots_);
  size_t kept = 0;
  for (const Slot& slot : old) {
    if (slot.low == 0) continue;
    const uint32_t day = static_cast<uint32_t>((slot.high & kVersionMask) >> kVersionShift);
    const uint32_t age_days = (business_day - day) % 16;  // all entries are < 16 days old
    if (age_days < window_days) ++kept;
  }
  size_t capacity = kCapacityInitial;
  while (kept * 2 > capacity) capacity *= 2;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  size_ = kept;
  for (const Slot& slot : old) {
    if (slot.low == 0) continue;
    const uint32_t day = static_cast<uint32_t>((slot.high & kVersionMask) >> kVersionShift);
    if ((business_day - day) % 16 < window_days) place(slot);
  }
}

std::vector<DedupeSet::Entry> DedupeSet::entries() const {
  std::vector<Entry> out;
  out.reserve(size_);
  for (const Slot& slot : slots_) {
    if (slot.low == 0) continue;
    const uint32_t day = static_cast<uint32_t>((slot.high & kVersionMask) >> kVersionShift);
    out.push_back(Entry{Uetr{(slot.high & ~kVersionMask) | 0x4000, slot.low}, day});
  }
  return out;
}

}  // namespace corridor::core
