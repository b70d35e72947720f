// Formatting and scaling of int64 minor-unit amounts. Integer arithmetic only:
// money never passes through floating point.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/money.h"

namespace corridor::sim {

// Major units with the currency's exponent and thousands separators:
// (123456789, 2) -> "1,234,567.89"; (-5, 3) -> "-0.005"; (42, 0) -> "42".
std::string format_minor(core::AmountMinor amount_minor, int minor_units);

// 10^minor_units, for 0 <= minor_units <= core::kMinorUnitsMax.
int64_t minor_per_major(int minor_units);

// amount_major * 10^minor_units, or nullopt on overflow.
std::optional<core::AmountMinor> major_to_minor(int64_t amount_major, int minor_units);

// part / whole (both >= 0) as a percentage with one decimal ("97.3%"); "-" when whole is 0.
std::string format_percent(int64_t part, int64_t whole);

}  // namespace corridor::sim
