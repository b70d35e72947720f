// ISO 9362 Business Identifier Code.
//
// Format: 4 alphanumeric (party prefix) + 2 letters (ISO 3166 country) +
// 2 alphanumeric (location) + optional 3 alphanumeric (branch), upper case.
// A BIC8 names the primary office and equals the BIC11 with branch "XXX";
// Bic stores the normalised 11-character form so the two compare equal.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace corridor::core {

class Bic {
 public:
  Bic() { code_.fill(' '); }

  // Returns nullopt when `text` is not an 8- or 11-character ISO 9362 BIC.
  static std::optional<Bic> parse(std::string_view text);
  // True when parse() would accept the text; cheaper, as nothing is packed.
  static bool valid(std::string_view text);

  // The BIC8 form when the branch is "XXX", else the BIC11 form.
  std::string to_string() const;
  std::string_view bic11() const { return std::string_view(code_.data(), code_.size()); }
  std::string_view country() const { return std::string_view(code_.data() + 4, 2); }
  bool empty() const { return code_[0] == ' '; }

  // The BIC11 packed into an integer (base 36, 11 digits < 2^57, plus one):
  // equal BICs have equal packed codes; 0 only for the empty Bic. Computed
  // when asked (eleven multiply-adds), so that a Bic is its 11 characters and
  // the records that hold several (commands, the views' payments) stay small.
  uint64_t packed() const {
    if (empty()) return 0;
    uint64_t packed = 0;
    for (const char c : code_) {
      packed = packed * 36 + static_cast<uint64_t>(c <= '9' ? c - '0' : c - 'A' + 10);
    }
    return packed + 1;
  }

  friend bool operator==(const Bic& a, const Bic& b) { return a.code_ == b.code_; }
  friend auto operator<=>(const Bic& a, const Bic& b) { return a.code_ <=> b.code_; }

  template <typename H>
  friend H AbslHashValue(H state, const Bic& bic) {
    uint64_t head = 0;  // the first 8 characters and the last 3, as two integers
    uint32_t tail = 0;
    std::memcpy(&head, bic.code_.data(), 8);
    std::memcpy(&tail, bic.code_.data() + 8, 3);
    return H::combine(std::move(state), head, tail);
  }

 private:
  std::array<char, 11> code_;  // upper-case letters and digits; all spaces when empty
};

static_assert(sizeof(Bic) == 11, "a Bic is its eleven characters");

}  // namespace corridor::core
