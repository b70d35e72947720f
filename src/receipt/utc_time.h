// Nanoseconds since the epoch as ISO 8601 UTC text, for receipts. The receipt
// library depends on the core only, so it carries its own small formatter.
#pragma once

#include <string>

#include "core/types.h"

namespace corridor::receipt {

// "2026-11-27T09:00:00.000000001Z"; times before 1970 count back from it
// ("1969-12-31T23:59:59.999999999Z" for -1). Same text as `corridor journal inspect`.
std::string format_utc_ns(core::TimestampNs at_ns);

}  // namespace corridor::receipt
