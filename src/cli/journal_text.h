// Readable forms of what the journal holds, for `corridor journal inspect`
// and the other journal tools: timestamps, value dates and commands with
// every field, so that a listing can be read without the format document.
#pragma once

#include <string>

#include "core/command.h"
#include "core/types.h"

namespace corridor::cli {

// ISO 8601 in UTC with nanoseconds: "2026-11-27T09:00:00.000000001Z".
// Times before 1970 count back from it ("1969-12-31T23:59:59.999999999Z" for -1).
std::string format_timestamp_utc(core::TimestampNs timestamp_ns);

// "yyyy-mm-dd" for a valid yyyymmdd value date, else the number as it is
// (a journal may carry any value a command was given).
std::string format_value_date(core::ValueDate date);

// The command's name (core::command_name) and its fields as key=value pairs
// in declaration order: amounts as integer minor units with their currency
// ("amount=10000 EUR"), UETRs in canonical form, BICs, enumerations by name,
// times as ISO 8601 (or "-" when not set), text quoted.
std::string describe_command(const core::CommandBody& body);

}  // namespace corridor::cli
