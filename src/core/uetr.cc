#include "core/uetr.h"

#include <array>
#include <cstdint>

namespace corridor::core {
namespace {

// A table rather than comparisons: a UETR's digits and letters are random,
// so branching on which one a character is mispredicts about a third of them.
constexpr std::array<int8_t, 256> kHexValues = [] {
  std::array<int8_t, 256> values{};
  for (size_t i = 0; i < values.size(); ++i) values[i] = -1;
  for (int d = 0; d < 10; ++d) values[static_cast<size_t>('0' + d)] = static_cast<int8_t>(d);
  for (int d = 0; d < 6; ++d) values[static_cast<size_t>('a' + d)] = static_cast<int8_t>(10 + d);
  return values;
}();

int hex_value(char c) {
  // Upper case is not allowed by the ISO 20022 pattern.
  return kHexValues[static_cast<unsigned char>(c)];
}

constexpr size_t kTextLength = 36;
bool is_dash_position(size_t i) {
  return i == 8 || i == 13 || i == 18 || i == 23;
}

}  // namespace

std::optional<Uetr> Uetr::parse(std::string_view text) {
  if (text.size() != kTextLength) return std::nullopt;
  uint64_t words[2] = {0, 0};
  int nibble_index = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (is_dash_position(i)) {
      if (text[i] != '-') return std::nullopt;
      continue;
    }
    const int value = hex_value(text[i]);
    if (value < 0) return std::nullopt;
    uint64_t& word = words[nibble_index / 16];
    word = (word << 4) | static_cast<uint64_t>(value);
    ++nibble_index;
  }
  if (text[14] != '4') return std::nullopt;  // version 4
  const char variant = text[19];
  if (variant != '8' && variant != '9' && variant != 'a' && variant != 'b') return std::nullopt;
  return Uetr{words[0], words[1]};
}

Uetr Uetr::from_bits(uint64_t high, uint64_t low) {
  high = (high & ~uint64_t{0xF000}) | uint64_t{0x4000};
  low = (low & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);
  return Uetr{high, low};
}

std::string Uetr::to_string() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(kTextLength);
  int nibble_index = 0;
  for (size_t i = 0; i < kTextLength; ++i) {
    if (is_dash_position(i)) {
      text.push_back('-');
      continue;
    }
    const uint64_t word = nibble_index < 16 ? high : low;
    const int shift = 60 - 4 * (nibble_index % 16);
    text.push_back(kDigits[(word >> shift) & 0xF]);
    ++nibble_index;
  }
  return text;
}

}  // namespace corridor::core
