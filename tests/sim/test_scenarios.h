// Scenarios shared by the simulator tests.
#pragma once

#include <cstdint>
#include <string>

#include "sim/scenario.h"

namespace corridor::sim::testing {

// A small valid scenario: one currency (EUR), four banks with modest
// liquidity, 2,000 generated payments, gridlock resolution every 30 minutes.
// Tests tweak the TOML text or the parsed struct.
std::string small_day_toml();
Scenario small_day();

std::string example_path(const std::string& file_name);
std::string test_data_path(const std::string& file_name);

// The [scenario] table of the hand-written scenarios: one business day,
// 2026-11-27 08:00 to 16:00.
std::string scenario_day();
// One [[payment]] table; `extra` is more of its lines ("earliest = 10:00:00").
std::string payment_toml(const char* from, const char* to, const char* currency,
                         int64_t amount_minor, const char* at, const std::string& extra = "");

// The message of the ScenarioError parse_scenario throws, or "" if it does not.
std::string parse_error(const std::string& toml_text);

}  // namespace corridor::sim::testing
