#include "sim/money_format.h"

#include <fmt/format.h>

#include "core/currency.h"

namespace corridor::sim {
namespace {

std::string group_thousands(uint64_t value) {
  std::string digits = fmt::format("{}", value);
  std::string grouped;
  const size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  return grouped;
}

}  // namespace

int64_t minor_per_major(int minor_units) {
  int64_t factor = 1;
  for (int i = 0; i < minor_units; ++i) factor *= 10;
  return factor;
}

std::string format_minor(core::AmountMinor amount_minor, int minor_units) {
  // The magnitude as unsigned, so INT64_MIN formats too.
  const bool negative = amount_minor < 0;
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(amount_minor) : static_cast<uint64_t>(amount_minor);
  const uint64_t factor = static_cast<uint64_t>(minor_per_major(minor_units));
  std::string text = negative ? "-" : "";
  text += group_thousands(magnitude / factor);
  if (minor_units > 0) {
    text += fmt::format(".{:0{}}", magnitude % factor, minor_units);
  }
  return text;
}

std::optional<core::AmountMinor> major_to_minor(int64_t amount_major, int minor_units) {
  if (minor_units < 0 || minor_units > core::kMinorUnitsMax) return std::nullopt;
  core::AmountMinor minor;
  if (__builtin_mul_overflow(amount_major, minor_per_major(minor_units), &minor)) {
    return std::nullopt;
  }
  return minor;
}

std::string format_percent(int64_t part, int64_t whole) {
  if (whole == 0) return "-";
  // Tenths of a percent, rounded half up; 128-bit so large values cannot overflow.
  const __int128 tenths =
      (static_cast<__int128>(part) * 2000 + whole) / (2 * static_cast<__int128>(whole));
  const int64_t t = static_cast<int64_t>(tenths);
  return fmt::format("{}.{}%", t / 10, t % 10);
}

}  // namespace corridor::sim
