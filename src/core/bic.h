// ISO 9362 Business Identifier Code.
//
// Format: 4 alphanumeric (party prefix) + 2 letters (ISO 3166 country) +
// 2 alphanumeric (location) + optional 3 alphanumeric (branch), upper case.
// A BIC8 names the primary office and equals the BIC11 with branch "XXX";
// Bic stores the normalised 11-character form so the two compare equal.
#pragma once

#include <array>
#include <cstdint>
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

  // The BIC11 packed into an integer (base 36, 11 digits < 2^57): equal BICs have
  // equal packed codes, so comparing and hashing cost one integer operation.
  uint64_t packed() const { return packed_; }

  friend bool operator==(const Bic& a, const Bic& b) { return a.packed_ == b.packed_; }
  friend auto operator<=>(const Bic& a, const Bic& b) { return a.code_ <=> b.code_; }

  template <typename H>
  friend H AbslHashValue(H state, const Bic& bic) {
    return H::combine(std::move(state), bic.packed_);
  }

 private:
  std::array<char, 11> code_;
  uint64_t packed_ = 0;  // 0 only for the empty Bic
};

}  // namespace corridor::core
