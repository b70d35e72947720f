// The operator API's reads: JSON views of the core's state, built on the
// engine's apply thread (Engine::inspect) in time linear in the accounts, so
// they hold it briefly. docs/api.md, "Operator API", has their shapes.
#pragma once

#include <nlohmann/json.hpp>

#include "core/core.h"
#include "core/result.h"

namespace corridor::gateway {

// Every participant with its kind, status and accounts (balance, credit line,
// reservations, limits, queued count and value).
nlohmann::json participants_view(const core::Core& core);
// Queued payments per currency, and per account with the count per priority.
nlohmann::json queues_view(const core::Core& core);
// The value date, the clock, and the last closed value date (if any since start).
nlohmann::json day_view(const core::Core& core);
// An end-of-day report with BICs and currency codes, amounts in major units.
nlohmann::json eod_report_view(const core::Core& core, const core::EodReport& report);

}  // namespace corridor::gateway
