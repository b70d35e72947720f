// Scenarios shared by the simulator tests.
#pragma once

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

// The message of the ScenarioError parse_scenario throws, or "" if it does not.
std::string parse_error(const std::string& toml_text);

}  // namespace corridor::sim::testing
