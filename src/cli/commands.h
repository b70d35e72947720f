// Subcommands of the `corridor` executable, one file each.
#pragma once

#include <CLI/CLI.hpp>

namespace corridor::cli {

// Exit codes shared by the subcommands (CLI11 usage errors exit with 100 and up).
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;           // unreadable or invalid scenario / arguments
inline constexpr int kExitInvariantViolated = 2;  // the core's invariants failed during a run

// `corridor sim SCENARIO.toml [--seed N] [--check-every N]`
void add_sim_command(CLI::App& app);
// `corridor version`
void add_version_command(CLI::App& app);

}  // namespace corridor::cli
