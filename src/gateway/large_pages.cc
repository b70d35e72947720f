#include "gateway/large_pages.h"

#include <sys/mman.h>

#include <cstdint>

namespace corridor::gateway {
namespace {

size_t rounded_up(size_t bytes) {
  return (bytes + kLargePageBytes - 1) / kLargePageBytes * kLargePageBytes;
}

thread_local bool populating = false;

}  // namespace

void* allocate_large(size_t bytes) {
  if (bytes < kLargePageBytes) return ::operator new(bytes);
  const size_t size = rounded_up(bytes);
  // Map one huge page more than needed and unmap the ends, so that the block
  // starts on a 2 MiB boundary (a huge page can only back an aligned range).
  const size_t mapped = size + kLargePageBytes;
  void* p = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<uintptr_t>(p);
  const uintptr_t aligned = (start + kLargePageBytes - 1) & ~(uintptr_t{kLargePageBytes} - 1);
  if (aligned > start) ::munmap(p, aligned - start);
  const uintptr_t end = start + mapped;
  if (end > aligned + size) ::munmap(reinterpret_cast<void*>(aligned + size), end - aligned - size);
  void* block = reinterpret_cast<void*>(aligned);
  ::madvise(block, size, MADV_HUGEPAGE);  // a hint: 4 KiB pages still work without it
  if (populating) populate(block, size);
  return block;
}

void populate(void* p, size_t bytes) noexcept {
  if (p == nullptr || bytes == 0) return;
  // The kernel does it in one call where it can (Linux 5.14+); elsewhere a
  // write per 4 KiB page does the same (the memory is new: it holds zeros).
  const auto start = reinterpret_cast<uintptr_t>(p) & ~uintptr_t{4095};
  const size_t length = reinterpret_cast<uintptr_t>(p) + bytes - start;
#ifdef MADV_POPULATE_WRITE
  if (::madvise(reinterpret_cast<void*>(start), length, MADV_POPULATE_WRITE) == 0) return;
#endif
  auto* bytes_at = static_cast<volatile char*>(p);
  for (size_t at = 0; at < bytes; at += 4096) bytes_at[at] = bytes_at[at];
  bytes_at[bytes - 1] = bytes_at[bytes - 1];
}

PopulatingScope::PopulatingScope() : was_(populating) {
  populating = true;
}

PopulatingScope::~PopulatingScope() {
  populating = was_;
}

void free_large(void* p, size_t bytes) noexcept {
  if (p == nullptr) return;
  if (bytes < kLargePageBytes) {
    ::operator delete(p);
    return;
  }
  ::munmap(p, rounded_up(bytes));
}

}  // namespace corridor::gateway
