// SmallText<N>: a text kept inline up to N bytes, on the heap beyond. For the
// short texts a report has per transaction (ids, the UETR): a 100-transaction
// pacs.002 answer made a heap allocation for each of them (std::string keeps
// only 15 bytes inline; a UETR has 36, a bank's ids often 16 to 35).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <ostream>
#include <string>
#include <string_view>

namespace corridor::iso20022 {

template <size_t N>
class SmallText {
  static_assert(N <= 255, "the inline size is kept in one byte");

 public:
  SmallText() = default;
  explicit SmallText(std::string_view text) { assign(text); }
  SmallText& operator=(std::string_view text) {
    assign(text);
    return *this;
  }

  void assign(std::string_view text) {
    if (text.size() <= N) {
      // Before long_ is freed: text may be part of it (or of inline_).
      if (!text.empty()) std::memmove(inline_.data(), text.data(), text.size());
      inline_size_ = static_cast<uint8_t>(text.size());
      if (is_long_) {
        long_.clear();
        long_.shrink_to_fit();
        is_long_ = false;
      }
    } else {
      long_.assign(text);
      inline_size_ = 0;
      is_long_ = true;
    }
  }
  // size bytes to write (up to N inline), their contents unspecified.
  char* resize_for_overwrite(size_t size) {
    if (size <= N) {
      assign(std::string_view());
      inline_size_ = static_cast<uint8_t>(size);
      return inline_.data();
    }
    long_.resize(size);
    is_long_ = true;
    return long_.data();
  }

  std::string_view view() const {
    return is_long_ ? std::string_view(long_) : std::string_view(inline_.data(), inline_size_);
  }
  operator std::string_view() const { return view(); }  // NOLINT: it stands for its text
  std::string str() const { return std::string(view()); }
  bool empty() const { return view().empty(); }
  size_t size() const { return view().size(); }

  friend bool operator==(const SmallText& a, const SmallText& b) { return a.view() == b.view(); }
  friend bool operator==(const SmallText& a, std::string_view b) { return a.view() == b; }
  friend std::ostream& operator<<(std::ostream& out, const SmallText& text) {
    return out << text.view();
  }

 private:
  std::array<char, N> inline_{};
  uint8_t inline_size_ = 0;
  bool is_long_ = false;
  std::string long_;
};

}  // namespace corridor::iso20022
