// `corridor admin`'s readable output: the operator API's JSON answers as
// aligned tables and short lines (admin_command.cc; --json prints the JSON).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace corridor::cli {

// Columns padded to their widest cell; a column whose header starts with '>'
// (the '>' is not printed) is right-aligned, for amounts and counts.
std::string render_table(const std::vector<std::string>& headers,
                         const std::vector<std::vector<std::string>>& rows);

// One text per answer shape; each ends with a newline.
std::string participants_text(const nlohmann::json& answer);
std::string queues_text(const nlohmann::json& answer);
std::string day_text(const nlohmann::json& answer);
std::string eod_report_text(const nlohmann::json& report);
// A command's outcome ({"command", "outcome", "seq", ...}), or the list of
// them that adding a participant answers, with what else the answer says.
std::string outcome_text(const nlohmann::json& answer);

}  // namespace corridor::cli
