// What the demo sets up beside the traffic (docs/service.md, "The demo"): the
// FX provider's quotes and every bank's net debit cap at the start, and one
// DNS cycle per currency settled once the banks have sent everything.
// Journaled from the system BIC, as the operator API would.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/money.h"
#include "demo/traffic_model.h"
#include "journal/engine.h"

namespace corridor::demo {

// Each bank's net debit cap in each of its currencies: this fraction of its liquidity.
inline constexpr int64_t kDnsCapDivisor = 20;

// What prepare_fx_and_dns journaled.
struct SetupCounts {
  uint64_t quotes_published = 0;
  uint64_t caps_set = 0;
};

// Publishes TrafficModel::fx()'s quotes (valid for the whole day) and sets the
// caps. A quote already in the core (--keep-journal) is kept, not sent again.
// Throws DemoSetupError naming a command the core refused.
SetupCounts prepare_fx_and_dns(journal::Engine& engine, const TrafficModel& model);

struct DnsCycleOutcome {
  size_t currency = 0;  // index into TrafficModel::currencies()
  bool settled = false;
  std::string reason;  // when not settled: the core's code and text
  uint64_t payment_count = 0;
  core::AmountMinor gross_minor = 0;
  core::AmountMinor fund_after_minor = 0;
};

// Settles the open DNS cycle of every currency that has one.
std::vector<DnsCycleOutcome> settle_dns_cycles(journal::Engine& engine, const TrafficModel& model);

}  // namespace corridor::demo
