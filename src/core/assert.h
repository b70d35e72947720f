// Always-on invariant checks. A failed CORRIDOR_ASSERT is a programmer error:
// the process stops at once rather than settle on a corrupt state.
#pragma once

namespace corridor::core {
[[noreturn]] void assert_failed(const char* expression, const char* file, int line);
}  // namespace corridor::core

#define CORRIDOR_ASSERT(condition)                                     \
  do {                                                                 \
    if (!(condition)) [[unlikely]]                                     \
      ::corridor::core::assert_failed(#condition, __FILE__, __LINE__); \
  } while (false)
