// Unique end-to-end transaction reference: a UUID version 4 in the lower-case
// form ISO 20022 prescribes (xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corridor::core {

struct Uetr {
  uint64_t high = 0;
  uint64_t low = 0;

  // Returns nullopt unless `text` matches the ISO 20022 UUIDv4Identifier pattern.
  static std::optional<Uetr> parse(std::string_view text);
  // Builds a version-4 UUID from 128 bits (version and variant bits are forced).
  static Uetr from_bits(uint64_t high, uint64_t low);

  std::string to_string() const;
  bool is_nil() const { return high == 0 && low == 0; }
  // Version nibble 4 and variant bits 10, as every parsed UETR has.
  bool is_version4() const { return ((high >> 12) & 0xF) == 4 && (low >> 62) == 0b10; }

  friend bool operator==(const Uetr& a, const Uetr& b) = default;
  friend auto operator<=>(const Uetr& a, const Uetr& b) = default;

  template <typename H>
  friend H AbslHashValue(H state, const Uetr& uetr) {
    return H::combine(std::move(state), uetr.high, uetr.low);
  }
};

}  // namespace corridor::core
