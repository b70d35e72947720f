// Subcommands of the `corridor` executable, one file each.
#pragma once

#include <CLI/CLI.hpp>

namespace corridor::cli {

// Exit codes shared by the subcommands (CLI11 usage errors exit with 100 and up).
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;           // unreadable or invalid scenario / arguments
inline constexpr int kExitInvariantViolated = 2;  // the core's invariants failed during a run
inline constexpr int kExitIoError = 3;            // a journal could not be written
// A journal (or a snapshot) failed a check: the message names the file and byte.
inline constexpr int kExitJournalFault = 4;

// `corridor sim SCENARIO.toml [--seed N] [--check-every N] [--journal DIR]`
void add_sim_command(CLI::App& app);
// `corridor journal verify|inspect|replay DIR` (journal_command.cc)
void add_journal_command(CLI::App& app);
// `corridor iso check FILE...` (iso_command.cc)
void add_iso_command(CLI::App& app);
// `corridor pki init DIR --config FILE [--force]` (pki_command.cc)
void add_pki_command(CLI::App& app);
// `corridor serve --config FILE [--pki-dir DIR] [--journal-dir DIR] [--port P]` (serve_command.cc)
void add_serve_command(CLI::App& app);
// `corridor admin ...`: the operator API's client (admin_command.cc)
void add_admin_command(CLI::App& app);
// `corridor demo [--config FILE] [--dir DIR] [--seconds N] [--rate N] [--seed N] [--port P]
// [--keep-running] [--keep-journal]` (demo_command.cc)
void add_demo_command(CLI::App& app);
// `corridor version`
void add_version_command(CLI::App& app);
// `corridor iso render JSON_FILE` (iso_render_command.cc), under `corridor iso`
void add_iso_render_command(CLI::App& iso);
// `corridor receipt verify FILE --operator-cert CERT` and `receipt make` (receipt_command.cc)
void add_receipt_command(CLI::App& app);

}  // namespace corridor::cli
