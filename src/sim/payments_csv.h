// Payments of a scenario read from a CSV file (docs/simulator.md, "Payments
// from a CSV file"): a header row naming the columns, then one payment a line.
#pragma once

#include <string_view>
#include <vector>

#include "sim/scenario.h"

namespace corridor::sim {

// Parses `text` against the scenario's participants, currencies and business
// day. Throws ScenarioError naming `source_name`, the line and the column.
std::vector<PaymentSpec> parse_payments_csv(std::string_view text, std::string_view source_name,
                                            const Scenario& scenario);

// Splits one CSV line into fields (RFC 4180 quoting); nullopt if a quote is unbalanced.
std::optional<std::vector<std::string>> split_csv_line(std::string_view line);

}  // namespace corridor::sim
