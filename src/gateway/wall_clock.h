// The wall clock, for the time of an answer that nothing was journaled for
// (a refusal, a query): a journaled answer takes its command's timestamp.
#pragma once

#include <time.h>

#include "core/types.h"

namespace corridor::gateway {

inline core::TimestampNs realtime_ns() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<core::TimestampNs>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

}  // namespace corridor::gateway
