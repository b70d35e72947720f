// The `corridor` executable: a thin dispatcher to subcommands (commands.h).
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"Corridor: a cross-border RTGS payment system"};
  app.require_subcommand(1);
  corridor::cli::add_sim_command(app);
  corridor::cli::add_journal_command(app);
  corridor::cli::add_iso_command(app);
  corridor::cli::add_pki_command(app);
  corridor::cli::add_receipt_command(app);
  corridor::cli::add_serve_command(app);
  corridor::cli::add_admin_command(app);
  corridor::cli::add_demo_command(app);
  corridor::cli::add_version_command(app);
  CLI11_PARSE(app, argc, argv);
  return corridor::cli::kExitOk;
}
