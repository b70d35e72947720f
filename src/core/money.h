// Money is int64 minor units. Every operation that can overflow is checked;
// an overflow is a rejection (AM02), never a wrap.
#pragma once

#include <cstdint>

namespace corridor::core {

using AmountMinor = int64_t;

[[nodiscard]] inline bool checked_add(AmountMinor a, AmountMinor b, AmountMinor* sum) {
  return !__builtin_add_overflow(a, b, sum);
}

[[nodiscard]] inline bool checked_sub(AmountMinor a, AmountMinor b, AmountMinor* difference) {
  return !__builtin_sub_overflow(a, b, difference);
}

// a + b, saturating at the int64 bounds. Used only for comparisons against
// liquidity ("is there at least X available"), never for stored balances.
inline AmountMinor saturating_add(AmountMinor a, AmountMinor b) {
  AmountMinor sum;
  if (!__builtin_add_overflow(a, b, &sum)) return sum;
  return b > 0 ? INT64_MAX : INT64_MIN;
}

inline AmountMinor saturating_sub(AmountMinor a, AmountMinor b) {
  AmountMinor difference;
  if (!__builtin_sub_overflow(a, b, &difference)) return difference;
  return b < 0 ? INT64_MAX : INT64_MIN;
}

}  // namespace corridor::core
