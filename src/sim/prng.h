// A small deterministic PRNG (xoshiro256** seeded by splitmix64) and
// integer-only sampling. Our own code, so the same seed draws the same
// numbers on every platform and standard library (std::*_distribution does not).
#pragma once

#include <cstdint>
#include <span>

namespace corridor::sim {

// splitmix64: expands one 64-bit seed into well-mixed words.
inline uint64_t splitmix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Prng {
 public:
  explicit Prng(uint64_t seed) {
    uint64_t sm = seed;
    for (uint64_t& word : s_) word = splitmix64(&sm);
  }

  // xoshiro256** (Blackman and Vigna).
  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, bound), without modulo bias (rejection of the short tail).
  // bound 0 returns 0.
  uint64_t below(uint64_t bound) {
    if (bound == 0) return 0;
    const uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
    for (;;) {
      const uint64_t x = next();
      if (x >= threshold) return x % bound;
    }
  }

  // Uniform in [low, high], inclusive; requires low <= high.
  int64_t between(int64_t low, int64_t high) {
    const uint64_t span = static_cast<uint64_t>(high) - static_cast<uint64_t>(low);
    if (span == UINT64_MAX) return static_cast<int64_t>(next());
    return static_cast<int64_t>(static_cast<uint64_t>(low) + below(span + 1));
  }

  // True with probability percent/100.
  bool percent(uint32_t percent) { return below(100) < percent; }

  // An index drawn with probability weights[i] / sum(weights); requires a
  // positive sum. Linear scan: the tables it serves are small.
  size_t weighted(std::span<const uint64_t> weights) {
    uint64_t total = 0;
    for (uint64_t w : weights) total += w;
    uint64_t pick = below(total);
    for (size_t i = 0; i < weights.size(); ++i) {
      if (pick < weights[i]) return i;
      pick -= weights[i];
    }
    return weights.size() - 1;  // unreachable with a positive total
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace corridor::sim
