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
  // The payment; for a cross-currency one, its instructed side (leg 1: the
  // debtor pays amount_minor in `currency`), the rest below.
  core::SubmitPayment command;
  // Cross-currency (settlement rule 13), when fx_quote_id != 0: the creditor
  // receives settlement_amount_minor in settlement_currency from fx_provider,
  // at quote fx_quote_id (the [[fx_provider]]'s index + 1); the amount is
  // converted by the core's own core::convert_half_even.
  uint64_t fx_quote_id = 0;
  core::Bic fx_provider;
  core::CurrencyCode settlement_currency;
  core::AmountMinor settlement_amount_minor = 0;
  bool cross_currency() const { return fx_quote_id != 0; }
  // The command the runner submits: SubmitPayment or SubmitCrossCurrencyPayment.
  core::CommandBody submission() const;
};

// Makes `p` cross-currency through the scenario's [[fx_provider]] `provider`
// (amount converted at its rate); false, leaving `p` as it was, if the
// conversion gives nothing (rounds to 0 or overflows).
bool make_cross_currency(const Scenario& scenario, size_t provider, PlannedPayment* p);

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
