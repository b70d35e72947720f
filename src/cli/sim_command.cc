#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "cli/commands.h"
#include "cli/journal_text.h"
#include "core/state.h"
#include "journal/appender.h"
#include "journal/hash.h"
#include "journal/segment_writer.h"
#include "journal/submission.h"
#include "sim/report.h"
#include "sim/runner.h"
#include "sim/scenario.h"

namespace corridor::cli {
namespace {

struct SimOptions {
  std::string scenario_path;
  std::optional<uint64_t> seed;
  uint64_t check_every_commands = 0;
  std::string journal_dir;  // empty: no journal
  uint32_t journal_batch_commands = journal::AppenderOptions().batch_commands_max;
  uint64_t journal_segment_bytes = journal::WriterOptions().segment_bytes_max;
};

// Throws CLI::RuntimeError(code) so CLI11 ends the program with that exit code
// (it prints nothing for RuntimeError: the message is ours, on stderr).
[[noreturn]] void fail(int code, const std::string& message) {
  fmt::print(stderr, "corridor sim: error: {}\n", message);
  throw CLI::RuntimeError(code);
}

// Who submitted a command, as the journal records it: the paying bank for
// payments and liquidity transfers; nobody (the operator) for the rest.
core::Bic sender_of(const core::Command& command) {
  if (const auto* p = std::get_if<core::SubmitPayment>(&command.body)) return p->debtor_agent;
  if (const auto* t = std::get_if<core::LiquidityTransfer>(&command.body)) return t->from;
  return core::Bic();
}

// A journal for the run, or null without --journal.
// The run's first command, Configure, carries the core's configuration, so a
// replay of the journal needs nothing else.
std::unique_ptr<journal::Appender> open_journal(const SimOptions& options) {
  if (options.journal_dir.empty()) return nullptr;
  std::error_code ec;
  if (std::filesystem::exists(options.journal_dir, ec) &&
      !std::filesystem::is_directory(options.journal_dir, ec)) {
    fail(kExitBadInput, fmt::format("--journal {}: not a directory", options.journal_dir));
  }
  journal::AppenderOptions appender_options;
  appender_options.batch_commands_max = options.journal_batch_commands;
  appender_options.writer.segment_bytes_max = options.journal_segment_bytes;
  try {
    return journal::Appender::create(options.journal_dir, appender_options);
  } catch (const journal::IoError& e) {
    fail(kExitBadInput, fmt::format("--journal: {}", e.what()));
  }
}

void run(const SimOptions& options) {
  sim::Scenario scenario;
  try {
    scenario = sim::load_scenario(options.scenario_path);
  } catch (const sim::ScenarioError& e) {
    fail(kExitBadInput, e.what());
  }
  if (options.seed) scenario.generation.seed = *options.seed;

  std::unique_ptr<journal::Appender> appender = open_journal(options);
  sim::RunOptions run_options;
  run_options.check_every_commands = options.check_every_commands;
  if (appender) {
    // Journaled before the core applies it, as the engine does: the journal
    // holds what was submitted, including commands the core rejects.
    run_options.on_command = [&appender](const core::Command& command) {
      appender->append(journal::Submission{sender_of(command), core::InstructionId(), command});
    };
  }
  sim::SimFigures figures;
  try {
    figures = sim::run_scenario(scenario, run_options);
    if (appender) appender->flush();
  } catch (const sim::SetupError& e) {
    fail(kExitBadInput, fmt::format("{}: {}", options.scenario_path, e.what()));
  } catch (const journal::IoError& e) {
    fail(kExitIoError, fmt::format("--journal: {}", e.what()));
  }
  fmt::print("{}", sim::format_report(figures));
  if (appender) {
    fmt::print("journal: {}, {} commands, head {}\n", options.journal_dir, appender->last_seq(),
               journal::to_hex(appender->head()));
  }
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
  command->add_option("--journal", options->journal_dir,
                      "Write every command of the run to a new journal in this directory "
                      "(docs/journal-format.md); it must not hold a journal yet");
  command
      ->add_option("--journal-batch", options->journal_batch_commands,
                   "Commands per journal batch (one fdatasync each)")
      ->check(CLI::Range(uint32_t{1}, uint32_t{1} << 20));
  command
      ->add_option("--journal-segment-bytes", options->journal_segment_bytes,
                   "Start a new journal segment file once one reaches this size")
      ->check(CLI::PositiveNumber);
  command->callback([options] { run(*options); });
}

}  // namespace corridor::cli
