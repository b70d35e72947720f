#include "core/fx_rate.h"

namespace corridor::core {
namespace {

using U128 = unsigned __int128;

U128 power_of_ten(int exponent) {
  U128 result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

}  // namespace

std::optional<AmountMinor> convert_half_even(AmountMinor amount_minor, int64_t rate_units,
                                             int rate_scale, int source_minor_units,
                                             int target_minor_units) {
  if (amount_minor <= 0 || rate_units <= 0 || rate_scale < 0 || rate_scale > 18 ||
      source_minor_units < 0 || target_minor_units < 0 || source_minor_units > 18 ||
      target_minor_units > 18) {
    return std::nullopt;
  }
  // target_minor = amount_minor * rate_units * 10^target_mu / (10^scale * 10^source_mu),
  // with the common powers of ten moved to one side.
  U128 numerator = static_cast<U128>(amount_minor) * static_cast<U128>(rate_units);  // < 2^126
  U128 denominator = power_of_ten(rate_scale);
  if (target_minor_units >= source_minor_units) {
    if (__builtin_mul_overflow(numerator, power_of_ten(target_minor_units - source_minor_units),
                               &numerator)) {
      return std::nullopt;
    }
  } else {
    denominator *= power_of_ten(source_minor_units - target_minor_units);  // <= 10^36
  }
  U128 quotient = numerator / denominator;
  const U128 remainder = numerator % denominator;
  const U128 twice = remainder * 2;  // remainder < denominator <= 10^36: no overflow
  if (twice > denominator || (twice == denominator && (quotient & 1) != 0)) ++quotient;
  if (quotient > static_cast<U128>(INT64_MAX)) return std::nullopt;
  return static_cast<AmountMinor>(quotient);
}

}  // namespace corridor::core
