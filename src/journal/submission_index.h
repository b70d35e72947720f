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
//
// It sits on the apply thread's path for every payment, so it is one flat
// open-addressing table of 32-byte slots (two per cache line), probed
// linearly, with a prefetch hint; both keys of an instruction live in it:
// - a UETR key is the UETR itself (version-4 UETRs only; the core rejects others);
// - a message key is a 128-bit XXH3 fingerprint of (sender, message id), with
//   the UUID version nibble cleared so it can never equal a version-4 UETR.
// Two different message keys share a fingerprint with probability about 2^-128
// per pair; a participant chooses only its own message ids, so it cannot aim
// at another's.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

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
  static constexpr uint32_t kWindowDaysMax = 15;  // days are kept mod 16

  // `hash_seed` picks the table layout only (never what it holds): a service
  // passes a secret so that nobody can craft UETRs that share one probe run.
  explicit SubmissionIndex(uint64_t hash_seed = 0);
  SubmissionIndex(SubmissionIndex&&) noexcept = default;
  SubmissionIndex& operator=(SubmissionIndex&&) noexcept = default;

  Lookup check(const Submission& submission, uint64_t content_digest) const;
  // Records an instruction that was applied (check() said kNew) as `seq`.
  void record(const Submission& submission, uint64_t content_digest, uint64_t seq,
              core::Result result);
  // A business day ended: forget instructions older than `window_days` days.
  void end_of_day(uint32_t window_days);
  // Starts loading the slots `submission`'s keys hash to. No effect on contents.
  void prefetch(const Submission& submission) const;
  // Makes room for `keys` keys without growing (growing rehashes everything).
  void reserve(size_t keys);

  size_t size() const { return size_; }  // keys held (an instruction has one or two)
  uint64_t state_hash() const;           // independent of the table's layout
  void save_state(std::vector<uint8_t>* out) const;
  // Reads what save_state() wrote from the front of `bytes`; returns bytes used, 0 on error.
  size_t load_state(std::span<const uint8_t> bytes, std::string* error);

 private:
  struct Key {
    uint64_t high = 0;
    uint64_t low = 0;  // never 0 for a key: 0 marks an empty slot
  };
  struct Slot {
    uint64_t high;
    uint64_t low;
    uint64_t content_digest;
    // seq << 12 | (business day mod 16) << 8 | outcome << 6 | reason
    uint64_t packed;
  };
  static bool uetr_key(const Submission& s, Key* key);
  static bool message_key(const Submission& s, Key* key);
  size_t home(const Key& key) const;
  // The slot holding `key`, or nullptr and *empty_at = the empty slot ending its probe.
  const Slot* find(const Key& key, size_t* empty_at = nullptr) const;
  void insert(const Slot& slot);  // the key must not be present
  void grow_to(size_t capacity);
  static uint32_t day_of(const Slot& s) { return static_cast<uint32_t>(s.packed >> 8) & 0xF; }

  // Zeroed slot memory: anonymous pages, mapped as slots are used, with
  // transparent huge pages asked for when large (fewer TLB misses and faults
  // on the apply thread's hottest table).
  class SlotArray {
   public:
    SlotArray() = default;
    explicit SlotArray(size_t count);
    SlotArray(SlotArray&& other) noexcept { swap(other); }
    SlotArray& operator=(SlotArray&& other) noexcept {
      swap(other);
      return *this;
    }
    ~SlotArray();
    Slot& operator[](size_t i) const { return data_[i]; }
    void swap(SlotArray& other) noexcept {
      std::swap(data_, other.data_);
      std::swap(bytes_, other.bytes_);
      std::swap(mapped_, other.mapped_);
    }

   private:
    Slot* data_ = nullptr;
    size_t bytes_ = 0;
    bool mapped_ = false;
  };

  // What check() found, so that record() of the same submission right after
  // does not hash and probe again. Valid while size_ and capacity_ are unchanged.
  struct Probe {
    const Submission* submission = nullptr;
    size_t size = 0;
    size_t capacity = 0;
    bool has_message = false;
    bool has_uetr = false;
    Key message;
    Key uetr;
    size_t message_empty_at = 0;  // meaningful when the key was not found
    size_t uetr_empty_at = 0;
    bool message_found = false;
    bool uetr_found = false;
  };
  mutable Probe probe_;

  SlotArray slots_;
  size_t capacity_ = 0;  // a power of two, or 0
  size_t size_ = 0;
  uint64_t hash_seed_ = 0;
  uint32_t business_day_ = 0;
};

}  // namespace corridor::journal
