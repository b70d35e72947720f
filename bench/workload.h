// Shared helpers for the benchmarks: a deterministic PRNG, participant BICs,
// command builders and a small "market" (one currency, a central bank, N direct
// participants with one account each). Nothing here is timed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/core.h"

namespace corridor::bench {

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, deterministic on every platform.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n) for n > 0 (multiply-shift; bias below n / 2^64, irrelevant here).
  uint64_t below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }

  // Uniform in [lo, hi].
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }

 private:
  uint64_t state_;
};

inline constexpr core::TimestampNs kDayStartNs = 1'767'225'600'000'000'000;  // 2026-01-01T00:00Z
inline constexpr core::TimestampNs kCommandSpacingNs = 1'000;                // 1 us apart

// "CBNKDEFF": the central bank issuing the benchmark currency.
core::Bic central_bank_bic();
// Distinct, valid BIC8s for participant `index` (< 26^4): four letters + "NL2A".
core::Bic participant_bic(uint32_t index);
core::CurrencyCode bench_currency();  // EUR

// Issues commands with increasing timestamps and unique UETRs.
class CommandSource {
 public:
  explicit CommandSource(uint64_t uetr_salt) : uetr_salt_(uetr_salt) {}

  core::Command next(core::CommandBody body);
  core::Command payment(const core::Bic& debtor, const core::Bic& creditor,
                        core::AmountMinor amount,
                        core::Priority priority = core::Priority::kNormal);
  core::Command liquidity(const core::Bic& from, const core::Bic& to, core::AmountMinor amount);
  core::Uetr next_uetr();
  core::TimestampNs now_ns() const { return now_ns_; }

 private:
  core::TimestampNs now_ns_ = kDayStartNs;
  uint64_t uetr_salt_;
  uint64_t uetr_seq_ = 0;
};

// One currency (EUR), a central bank with its issuer account, and `participants`
// direct participants with an EUR account each, funded with `liquidity_each` by a
// central bank liquidity transfer (none when 0).
struct Market {
  core::Core core;
  std::vector<core::Bic> bics;  // participant index -> BIC
  CommandSource source{0};
  std::string error;  // non-empty when a setup command was rejected
};

Market build_market(uint32_t participants, core::AmountMinor liquidity_each, uint64_t salt);

// Applies `command` and records a readable error in `market` if it is rejected.
bool apply_setup(Market& market, const core::Command& command);

// Bytes currently allocated through malloc (arena and mmapped chunks), from mallinfo2().
uint64_t heap_in_use_bytes();
// Resident set size from /proc/self/statm, or 0 if unavailable.
uint64_t resident_bytes();

}  // namespace corridor::bench
