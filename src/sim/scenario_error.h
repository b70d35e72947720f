#pragma once

#include <stdexcept>

namespace corridor::sim {

// A scenario that cannot be used. The message names the file, line and key,
// e.g. "day.toml:12: bank[2].accounts[0].currency: \"XYZ\" is not a defined currency".
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace corridor::sim
