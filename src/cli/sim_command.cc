#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "sim/report.h"
#include "sim/runner.h"
#include "sim/scenario.h"

namespace corridor::cli {
namespace {

struct SimOptions {
  std::string scenario_path;
  std::optional<uint64_t> seed;
  uint64_t check_every_commands = 0;
};

// Throws CLI::RuntimeError(code) so CLI11 ends the program with that exit code
// (it prints nothing for RuntimeError: the message is ours, on stderr).
[[noreturn]] void fail(int code, const std::string& message) {
  fmt::print(stderr, "corridor sim: error: {}\n", message);
  throw CLI::RuntimeError(code);
}

void run(const SimOptions& options) {
  sim::Scenario scenario;
  try {
    scenario = sim::load_scenario(options.scenario_path);
  } catch (const sim::ScenarioError& e) {
    fail(kExitBadInput, e.what());
  }
  if (options.seed) scenario.generation.seed = *options.seed;

  sim::RunOptions run_options;
  run_options.check_every_commands = options.check_every_commands;
  sim::SimFigures figures;
  try {
    figures = sim::run_scenario(scenario, run_options);
  } catch (const sim::SetupError& e) {
    fail(kExitBadInput, fmt::format("{}: {}", options.scenario_path, e.what()));
  }
  fmt::print("{}", sim::format_report(figures));
  std::fflush(stdout);
  if (!figures.invariant_violations.empty()) {
    fail(kExitInvariantViolated,
         fmt::format("{} invariant violation(s) after command {}",
                     figures.invariant_violations.size(), figures.violation_after_command));
  }
}

}  // namespace

void add_sim_command(CLI::App& app) {
  auto options = std::make_shared<SimOptions>();
  CLI::App* command =
      app.add_subcommand("sim", "Simulate a business day from a scenario file through the core");
  command->add_option("scenario", options->scenario_path, "Scenario TOML file (docs/simulator.md)")
      ->required();
  command->add_option("--seed", options->seed, "Override the scenario's payment seed");
  command->add_option("--check-every", options->check_every_commands,
                      "Check the core's invariants every N commands (0: only at the end)");
  command->callback([options] { run(*options); });
}

}  // namespace corridor::cli
