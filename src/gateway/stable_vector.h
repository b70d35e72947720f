// A growable array whose elements never move: chunk c holds 64 << c elements,
// so growing allocates one new chunk (no copy of what is there, no pause on
// the apply thread at a million entries), indexing is two shifts, and chunks
// of 2 MiB and more get huge pages (large_pages.h). For the views' per-payment
// records and per-participant inboxes, which only grow.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <new>
#include <utility>

#include "gateway/large_pages.h"

namespace corridor::gateway {

template <typename T>
class StableVector {
 public:
  StableVector() = default;
  StableVector(const StableVector&) = delete;
  StableVector& operator=(const StableVector&) = delete;
  StableVector(StableVector&& other) noexcept
      : chunks_(std::exchange(other.chunks_, {})), size_(std::exchange(other.size_, 0)) {}
  StableVector& operator=(StableVector&& other) noexcept {
    if (this != &other) {
      release();
      chunks_ = std::exchange(other.chunks_, {});
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  ~StableVector() { release(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  T& operator[](size_t i) { return chunks_[chunk_of(i)][i - first_of(chunk_of(i))]; }
  const T& operator[](size_t i) const { return chunks_[chunk_of(i)][i - first_of(chunk_of(i))]; }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }

  // Allocates the chunks for the first `n` elements and backs them with
  // memory now (populate()): growing to n then allocates nothing and takes no
  // page fault. The chunk holding element n - 1 is allocated whole but
  // populated only up to it.
  void reserve(size_t n) {
    for (size_t c = 0; first_of(c) < n; ++c) {
      if (chunks_[c] == nullptr) {
        chunks_[c] = static_cast<T*>(allocate_large(capacity_of(c) * sizeof(T)));
      }
      const size_t from = std::max(size_, first_of(c));
      const size_t to = std::min(n, first_of(c) + capacity_of(c));
      if (from < to) populate(chunks_[c] + (from - first_of(c)), (to - from) * sizeof(T));
    }
  }

  template <typename... Args>
  T& emplace_back(Args&&... args) {
    const size_t c = chunk_of(size_);
    const bool fresh = chunks_[c] == nullptr;  // not yet allocated (nor reserved)
    if (fresh) chunks_[c] = static_cast<T*>(allocate_large(capacity_of(c) * sizeof(T)));
    T* slot = chunks_[c] + (size_ - first_of(c));
    try {
      ::new (static_cast<void*>(slot)) T(std::forward<Args>(args)...);
    } catch (...) {
      if (fresh) {
        free_large(chunks_[c], capacity_of(c) * sizeof(T));
        chunks_[c] = nullptr;
      }
      throw;
    }
    ++size_;
    return *slot;
  }
  void push_back(const T& value) { emplace_back(value); }
  void push_back(T&& value) { emplace_back(std::move(value)); }

  template <typename V, typename Owner>
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = V*;
    using reference = V&;
    Iterator() = default;
    Iterator(Owner* owner, size_t i) : owner_(owner), i_(i) {}
    V& operator*() const { return (*owner_)[i_]; }
    V* operator->() const { return &(*owner_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++i_;
      return before;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.i_ == b.i_; }

   private:
    Owner* owner_ = nullptr;
    size_t i_ = 0;
  };
  using iterator = Iterator<T, StableVector>;
  using const_iterator = Iterator<const T, const StableVector>;
  iterator begin() { return iterator(this, 0); }
  iterator end() { return iterator(this, size_); }
  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(this, size_); }

 private:
  static constexpr int kFirstChunkShift = 6;  // 64 elements
  static constexpr int kChunksMax = 58;       // 64 * (2^58 - 1) elements: more than memory holds

  // Chunk c holds elements [64 * (2^c - 1), 64 * (2^(c+1) - 1)).
  static size_t chunk_of(size_t i) {
    return static_cast<size_t>(std::bit_width((i >> kFirstChunkShift) + 1)) - 1;
  }
  static size_t first_of(size_t c) { return ((size_t{1} << c) - 1) << kFirstChunkShift; }
  static size_t capacity_of(size_t c) { return size_t{1} << (c + kFirstChunkShift); }

  void release() noexcept {
    for (size_t c = 0; c < chunks_.size() && chunks_[c] != nullptr; ++c) {
      const size_t in_chunk =
          size_ > first_of(c) ? std::min(size_ - first_of(c), capacity_of(c)) : 0;
      for (size_t k = 0; k < in_chunk; ++k) chunks_[c][k].~T();
      free_large(chunks_[c], capacity_of(c) * sizeof(T));
      chunks_[c] = nullptr;
    }
    size_ = 0;
  }

  std::array<T*, kChunksMax> chunks_{};
  size_t size_ = 0;
};

}  // namespace corridor::gateway
