// The readable report of a simulated day (docs/simulator.md explains each figure).
#pragma once

#include <string>

#include "sim/runner.h"

namespace corridor::sim {

std::string format_report(const SimFigures& figures);

}  // namespace corridor::sim
