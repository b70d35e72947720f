#include <fmt/format.h>

#include "cli/commands.h"

namespace corridor::cli {

void add_version_command(CLI::App& app) {
  CLI::App* command = app.add_subcommand("version", "Print the version of corridor");
  command->callback([] { fmt::print("corridor {}\n", CORRIDOR_VERSION); });
}

}  // namespace corridor::cli
