// Calendar arithmetic for the simulation's virtual clock. Pure integer
// functions: the simulation never reads a wall clock.
#pragma once

#include <cstdint>
#include <string>

#include "core/types.h"

namespace corridor::sim {

inline constexpr int64_t kNsPerSecond = 1'000'000'000;
inline constexpr int64_t kSecondsPerDay = 86'400;

// True for a real Gregorian yyyymmdd date.
bool is_valid_date(core::ValueDate date);
// Days since 1970-01-01 (negative before); requires a valid date.
int64_t days_since_epoch(core::ValueDate date);
core::ValueDate date_from_days(int64_t days_since_epoch);
// The next Monday-to-Friday date after `date`; the simulator's minimal business calendar.
core::ValueDate next_weekday(core::ValueDate date);

// Nanoseconds since the epoch at `seconds_of_day` (UTC) on `date`.
core::TimestampNs timestamp_ns(core::ValueDate date, int64_t seconds_of_day);

// "HH:MM:SS" for a second of the day (hours may exceed 23 for durations).
std::string format_seconds(int64_t seconds);
// "yyyy-mm-dd".
std::string format_date(core::ValueDate date);

}  // namespace corridor::sim
