// Memory for the service's big, long-lived tables (the participant views and
// the message index: a record, inbox entries and index slots per payment).
// Blocks of 2 MiB and more are mapped directly, aligned to 2 MiB, with
// transparent huge pages asked for: a table that grows by hundreds of MiB an
// hour then takes one page fault per 2 MiB instead of one per 4 KiB (the
// faults were about 8% of the service's CPU at 130k payments/s). Smaller
// blocks come from the heap as usual.
#pragma once

#include <cstddef>
#include <new>

namespace corridor::gateway {

inline constexpr size_t kLargePageBytes = size_t{2} << 20;

// `bytes` of memory aligned for any type (2 MiB aligned when bytes >= 2 MiB);
// throws std::bad_alloc. Free with free_large with the same size.
void* allocate_large(size_t bytes);
void free_large(void* p, size_t bytes) noexcept;

// Backs [p, p + bytes), memory nobody else is using yet, with memory now (the page faults taken
// here, not on first use). Reserving a table at start does this: its first million inserts on the
// apply thread then take no fault at all (docs/service.md).
void populate(void* p, size_t bytes) noexcept;

// While one is alive, allocate_large on this thread populates what it returns:
// for containers that allocate inside their own reserve() (the hash maps).
class PopulatingScope {
 public:
  PopulatingScope();
  ~PopulatingScope();
  PopulatingScope(const PopulatingScope&) = delete;
  PopulatingScope& operator=(const PopulatingScope&) = delete;

 private:
  bool was_ = false;
};

// An allocator for standard and Abseil containers over allocate_large.
template <typename T>
struct LargePageAllocator {
  using value_type = T;
  LargePageAllocator() = default;
  template <typename U>
  LargePageAllocator(const LargePageAllocator<U>&) {}  // NOLINT: rebinding is implicit
  T* allocate(size_t n) {
    if (n > static_cast<size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    return static_cast<T*>(allocate_large(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept { free_large(p, n * sizeof(T)); }
  template <typename U>
  friend bool operator==(const LargePageAllocator&, const LargePageAllocator<U>&) {
    return true;
  }
};

}  // namespace corridor::gateway
