// The set of UETRs seen within the duplicate-detection window.
//
// Every payment inserts its UETR here once, on the entry path, so this is the
// core's hottest table; it is built for that: open addressing with linear
// probing over 16-byte slots (four per cache line), one probe sequence per
// insert, and a prefetch hint. A version-4 UUID has a fixed version nibble;
// the set stores the business day (mod 16) in its place, so a slot holds
// both the key and its age. The window is therefore at most 15 business days.
//
// Only valid version-4 UETRs may be inserted (the core rejects others first):
// their variant bits make the low word non-zero, which marks a slot as used.
#pragma once

#include <cstdint>
#include <vector>

#include "core/uetr.h"

namespace corridor::core {

class DedupeSet {
 public:
  static constexpr uint32_t kWindowDaysMax = 15;

  // The seed picks the table layout only, never what the set contains, so the
  // core stays deterministic whatever it is. UETRs come from participants: a
  // service should pass a secret, random seed so that nobody can craft UETRs
  // that all land in one probe run.
  explicit DedupeSet(uint64_t hash_seed = 0);

  // Inserts `uetr`, dated `business_day`; false (and no change) if it is already in.
  bool insert(const Uetr& uetr, uint32_t business_day);
  bool contains(const Uetr& uetr) const;
  // Starts loading the slot `uetr` hashes to. No effect on contents.
  void prefetch(const Uetr& uetr) const { __builtin_prefetch(&slots_[home(uetr)]); }
  // Keeps only the UETRs dated within the last `window_days` business days up to
  // `business_day` (inclusive), by rebuilding the table: once a day, O(size).
  void keep_window(uint32_t business_day, uint32_t window_days);

  size_t size() const { return size_; }
  // Every UETR with its business day mod 16, in no particular order.
  struct Entry {
    Uetr uetr;
    uint32_t day_mod16;
  };
  std::vector<Entry> entries() const;
  // Calls f(const Entry&) for every entry, in table order, without building a
  // vector (a saved state may hold millions of UETRs).
  template <typename F>
  void for_each(F&& f) const {
    for (const Slot& slot : slots_) {
      if (slot.low == 0) continue;
      f(Entry{Uetr{(slot.high & ~kVersionMask) | 0x4000, slot.low},
              static_cast<uint32_t>((slot.high & kVersionMask) >> kVersionShift)});
    }
  }

  // --- Restoring a saved state (Core::load_state) ---
  // Makes room for `count` entries so that inserting them never rehashes. Layout only.
  void reserve(size_t count);
  // Inserts an entry as entries() lists it, keeping its day. False (and no
  // change) if the UETR is not version 4, the day is not below 16 or the UETR is in already.
  bool insert_entry(const Entry& entry);

 private:
  struct Slot {
    uint64_t high = 0;  // version nibble replaced by the day (mod 16)
    uint64_t low = 0;   // 0: empty
  };
  static constexpr uint64_t kVersionMask = uint64_t{0xF000};
  static constexpr int kVersionShift = 12;

  size_t home(const Uetr& uetr) const;
  void grow();
  void rehash(size_t capacity);  // a power of two holding size_ at load <= 1/2
  void place(const Slot& slot);

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
  uint64_t hash_seed_ = 0;
};

}  // namespace corridor::core
