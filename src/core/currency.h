// ISO 4217 currency codes and their minor-unit exponents.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corridor::core {

class CurrencyCode {
 public:
  CurrencyCode() { code_.fill(' '); }
  // Three upper-case letters; nullopt otherwise.
  static std::optional<CurrencyCode> parse(std::string_view text);

  std::string_view view() const { return std::string_view(code_.data(), code_.size()); }
  std::string to_string() const { return std::string(view()); }

  // A dense number for the code, 0 .. kIndexCount-1, or kIndexCount for the empty code.
  static constexpr uint32_t kIndexCount = 26 * 26 * 26;
  uint32_t index() const {
    if (code_[0] < 'A' || code_[0] > 'Z') return kIndexCount;
    return static_cast<uint32_t>((code_[0] - 'A') * 676 + (code_[1] - 'A') * 26 + (code_[2] - 'A'));
  }

  friend bool operator==(const CurrencyCode& a, const CurrencyCode& b) = default;
  friend auto operator<=>(const CurrencyCode& a, const CurrencyCode& b) = default;

  template <typename H>
  friend H AbslHashValue(H state, const CurrencyCode& code) {
    return H::combine(std::move(state), code.view());
  }

 private:
  std::array<char, 3> code_;
};

// The minor-unit exponent ISO 4217 gives for an active currency code
// (2 for EUR, 0 for JPY, 3 for KWD), or nullopt when the code is not in
// the table of active currencies (funds codes and precious metals excluded).
std::optional<int> iso4217_minor_units(std::string_view code);

inline constexpr int kMinorUnitsMax = 4;  // CLF and UYW have 4; nothing has more

}  // namespace corridor::core
