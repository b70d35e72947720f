// The core's only output: the last words of a failed assertion.
// (tests/check_core_purity.cmake allows <cstdio> here and nowhere else in src/core.)
#include "core/assert.h"

#include <cstdio>
#include <cstdlib>

namespace corridor::core {

void assert_failed(const char* expression, const char* file, int line) {
  std::fprintf(stderr, "corridor: assertion failed: %s (%s:%d)\n", expression, file, line);
  std::abort();
}

}  // namespace corridor::core
