// Currency conversion at a quoted rate, in exact integer arithmetic
// (docs/settlement-rules.md, rule 13). No floating point anywhere.
#pragma once

#include <cstdint>
#include <optional>

#include "core/money.h"

namespace corridor::core {

// `amount_minor` (> 0, in a currency with `source_minor_units`) converted at
// rate_units / 10^rate_scale target units per source unit, in minor units of a
// currency with `target_minor_units`, rounded half-even (a remainder of exactly
// half goes to the even neighbour). Computed as one 128-bit fraction, so the
// only rounding is the final one. nullopt when an intermediate or the result
// does not fit (rate_scale at most 18, minor units at most 4).
std::optional<AmountMinor> convert_half_even(AmountMinor amount_minor, int64_t rate_units,
                                             int rate_scale, int source_minor_units,
                                             int target_minor_units);

}  // namespace corridor::core
