#include "iso20022/fx_reference.h"

#include <charconv>

namespace corridor::iso20022 {

std::optional<DecimalRate> parse_decimal_rate(std::string_view text, int scale_max) {
  int64_t value = 0;
  int decimals = -1;  // -1: no point seen yet
  bool digits = false;
  for (const char c : text) {
    if (c == '.') {
      if (decimals >= 0) return std::nullopt;
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (__builtin_mul_overflow(value, int64_t{10}, &value) ||
        __builtin_add_overflow(value, int64_t{c - '0'}, &value)) {
      return std::nullopt;
    }
    digits = true;
    if (decimals >= 0) ++decimals;
  }
  if (!digits || value <= 0 || decimals > scale_max) return std::nullopt;
  return DecimalRate{value, static_cast<uint8_t>(decimals < 0 ? 0 : decimals)};
}

std::optional<DecimalRate> parse_base_one_rate(std::string_view text) {
  const std::optional<DecimalRate> rate = parse_decimal_rate(text, 10);
  if (!rate) return std::nullopt;
  // totalDigits 11 counts significant digits: leading zeros and trailing
  // fraction zeros do not count.
  const DecimalRate n = normalized(*rate);
  if (std::to_string(n.units).size() > 11) return std::nullopt;
  return rate;
}

DecimalRate normalized(DecimalRate rate) {
  while (rate.scale > 0 && rate.units % 10 == 0) {
    rate.units /= 10;
    --rate.scale;
  }
  return rate;
}

bool same_rate(DecimalRate a, DecimalRate b) {
  const DecimalRate x = normalized(a), y = normalized(b);
  return x.units == y.units && x.scale == y.scale;
}

std::string format_rate(DecimalRate rate) {
  std::string digits = std::to_string(rate.units);
  if (rate.scale == 0) return digits;
  if (digits.size() <= rate.scale) digits.insert(0, rate.scale - digits.size() + 1, '0');
  digits.insert(digits.size() - rate.scale, ".");
  return digits;
}

std::optional<uint64_t> quote_reference(std::string_view instruction) {
  if (instruction.substr(0, kQuoteReferencePrefix.size()) != kQuoteReferencePrefix) {
    return std::nullopt;
  }
  const std::string_view id_text = instruction.substr(kQuoteReferencePrefix.size());
  uint64_t id = 0;
  const auto [end, error] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (error != std::errc() || end != id_text.data() + id_text.size()) return uint64_t{0};
  return id;
}

}  // namespace corridor::iso20022
