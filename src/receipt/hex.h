// Lower-case hex for digests and signatures in receipts.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::receipt {

std::string to_hex(std::span<const uint8_t> bytes);
// Exactly `byte_count` bytes as 2 * byte_count lower-case hex digits; nullopt
// otherwise (upper case is refused so that each value has one spelling).
std::optional<std::vector<uint8_t>> from_hex(std::string_view text, size_t byte_count);

}  // namespace corridor::receipt
