// Deterministic payment generation: the scenario's explicit payments plus
// `generation.count` random ones, drawn from one seed with integer-only sampling.
#pragma once

#include <cstdint>
#include <vector>

#include "core/command.h"
#include "sim/prng.h"
#include "sim/scenario.h"

namespace corridor::sim {

struct PlannedPayment {
  core::TimestampNs at_ns = 0;  // virtual submission time
  uint64_t sequence = 0;        // breaks ties between equal times
  core::SubmitPayment command;
};

// All payments of the business day in submission order (time, then sequence).
// The same scenario and seed always give the same list.
std::vector<PlannedPayment> plan_payments(const Scenario& scenario);

// A fresh random UETR (version 4) from two PRNG words.
core::Uetr draw_uetr(Prng* prng);

// A seed for an independent stream derived from the scenario seed, so adding
// draws to one purpose (e.g. setup) does not shift another's.
uint64_t stream_seed(uint64_t seed, uint64_t stream);

inline constexpr uint64_t kStreamPayments = 1;
inline constexpr uint64_t kStreamUetrs = 2;
inline constexpr uint64_t kStreamSetup = 3;

}  // namespace corridor::sim
