// The randomised core tests draw from the simulator's PRNG (xoshiro256**
// seeded through splitmix64, sim/prng.h), with the few draws they need on top.
#pragma once

#include <cstdint>

#include "sim/prng.h"

namespace corridor::core::random_test {

class Rng : public sim::Prng {
 public:
  using sim::Prng::Prng;

  // Uniform in [lo, hi], lo <= hi.
  int64_t range(int64_t lo, int64_t hi) { return between(lo, hi); }
  // True with probability per_mille / 1000.
  bool chance(uint32_t per_mille) { return below(1000) < per_mille; }
  // Log-uniform-ish in [1, 10^digits_max]: a random number of digits, then a value.
  int64_t skewed(int digits_min, int digits_max) {
    const int digits = static_cast<int>(range(digits_min, digits_max));
    int64_t lo = 1;
    for (int i = 1; i < digits; ++i) lo *= 10;
    return range(lo, lo * 10 - 1);
  }
};

}  // namespace corridor::core::random_test
