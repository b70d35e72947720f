#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "cli/commands.h"
#include "cli/journal_text.h"
#include "cli/progress_bar.h"
#include "core/state.h"
#include "journal/appender.h"
#include "journal/hash.h"
#include "journal/journal_reader.h"
#include "journal/segment_writer.h"
#include "journal/submission.h"
#include "sim/journal_scenario.h"
#include "sim/report.h"
#include "sim/runner.h"
#include "sim/scenario.h"
#include "sim/sweep.h"
#include "sim/sweep_output.h"

namespace corridor::cli {
namespace {

struct SimOptions {
  std::string scenario_path;
  std::optional<uint64_t> seed;
  uint64_t check_every_commands = 0;
  std::string journal_dir;  // empty: no journal
  uint32_t journal_batch_commands = journal::AppenderOptions().batch_commands_max;
  uint64_t journal_segment_bytes = journal::WriterOptions().segment_bytes_max;
  std::string out_dir;  // non-empty: run the liquidity sweep and write its outputs here
  std::optional<uint32_t> levels;
  unsigned threads = 0;
  bool quiet = false;
  std::optional<core::ValueDate> value_date;  // a journal's day to replay
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

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) fail(kExitIoError, fmt::format("--out: cannot write {}", path.string()));
}

// The liquidity sweep: every policy at every level, then the CSV files and report.html.
void run_sweep(const SimOptions& options, const sim::Scenario& scenario) {
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  if (ec || !std::filesystem::is_directory(options.out_dir, ec)) {
    fail(kExitIoError, fmt::format("--out {}: cannot create the directory", options.out_dir));
  }
  ProgressBar progress(stderr, !options.quiet && is_terminal(stderr), "sim runs");
  sim::SweepOptions sweep_options;
  sweep_options.threads = options.threads;
  sweep_options.check_every_commands = options.check_every_commands;
  // The bar counts runs; its estimate of the time left follows the payments
  // simulated, so it moves within long runs too.
  sweep_options.on_progress = [&progress](const sim::SweepProgress& p) {
    progress.update(p.runs_done, p.runs_total, p.payments_done, p.payments_total);
  };
  progress.update(0, scenario.sweep.policies.size() * scenario.sweep.levels, 0, 0);
  sim::SweepResult result;
  try {
    result = sim::run_sweep(scenario, sweep_options);
  } catch (const sim::SetupError& e) {
    progress.finish();
    fail(kExitBadInput, fmt::format("{}: {}", options.scenario_path, e.what()));
  } catch (const sim::ScenarioError& e) {
    progress.finish();
    fail(kExitBadInput, fmt::format("{}: {}", options.scenario_path, e.what()));
  }
  progress.finish();
  const std::filesystem::path dir(options.out_dir);
  for (const sim::OutputFile& file : sim::sweep_csv_files(result)) {
    write_file(dir / file.name, file.content);
  }
  write_file(dir / "report.html", sim::sweep_report_html(result));
  fmt::print("sweep: {} policies x {} levels = {} runs of {} payments\n", result.policies.size(),
             result.spec.levels, result.runs.size(),
             result.runs.empty() ? 0 : result.runs.front().figures.payments_planned);
  fmt::print("wrote {}\n", (dir / "report.html").string());
  std::fflush(stdout);
  for (const sim::SweepRun& run : result.runs) {
    if (!run.figures.invariant_violations.empty()) {
      fail(kExitInvariantViolated,
           fmt::format("policy {} level {}: {} invariant violation(s), the first: {}",
                       result.policies[run.policy].key, run.level,
                       run.figures.invariant_violations.size(),
                       run.figures.invariant_violations.front()));
    }
  }
}

// A journal directory as a scenario: its commands, checked and decoded, then
// the day taken from them (sim::scenario_from_commands).
sim::Scenario journal_scenario(const SimOptions& options) {
  std::vector<core::Command> commands;
  std::optional<std::string> bad_entry;
  journal::ScanOptions scan_options;
  scan_options.include_archive = true;
  const journal::ScanResult scan =
      journal::scan_journal(options.scenario_path, scan_options, [&](const journal::BatchAt& at) {
        journal::for_each_entry(at.batch, [&](uint32_t index, std::span<const uint8_t> encoded) {
          if (bad_entry) return;
          auto decoded = journal::decode_submission(encoded);
          if (auto* error = std::get_if<journal::DecodeError>(&decoded)) {
            bad_entry = fmt::format("{}: sequence {} does not decode: {}", at.segment.path,
                                    at.batch.header.first_seq + index, error->what);
            return;
          }
          commands.push_back(std::get<journal::Submission>(decoded).command);
        });
        return !bad_entry;
      });
  if (scan.fault) fail(kExitJournalFault, scan.fault->to_string());
  if (bad_entry) fail(kExitJournalFault, *bad_entry);
  if (commands.empty()) {
    fail(kExitBadInput, fmt::format("{}: a directory without a journal", options.scenario_path));
  }
  sim::JournalDayOptions day;
  day.value_date = options.value_date;
  day.name = fmt::format("journal {}", options.scenario_path);
  try {
    return sim::scenario_from_commands(commands, day);
  } catch (const sim::ScenarioError& e) {
    fail(kExitBadInput, fmt::format("{}: {}", options.scenario_path, e.what()));
  }
}

void run(const SimOptions& options) {
  sim::Scenario scenario;
  std::error_code ec;
  if (std::filesystem::is_directory(options.scenario_path, ec)) {
    scenario = journal_scenario(options);
  } else {
    if (options.value_date) fail(kExitBadInput, "--value-date is for a journal directory");
    try {
      scenario = sim::load_scenario(options.scenario_path);
    } catch (const sim::ScenarioError& e) {
      fail(kExitBadInput, e.what());
    }
  }
  if (options.seed) scenario.generation.seed = *options.seed;
  if (options.levels) scenario.sweep.levels = *options.levels;
  if (!options.out_dir.empty()) {
    if (!options.journal_dir.empty()) fail(kExitBadInput, "--journal and --out exclude each other");
    run_sweep(options, scenario);
    return;
  }

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
  command
      ->add_option("scenario", options->scenario_path,
                   "Scenario TOML file (docs/simulator.md), or a journal directory whose day "
                   "to re-run")
      ->required();
  command->add_option("--value-date", options->value_date,
                      "With a journal: the value date (yyyymmdd) to re-run (default: the first "
                      "with payments)");
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
  CLI::Option* out =
      command->add_option("--out", options->out_dir,
                          "Run the liquidity sweep (every policy at every level between the "
                          "liquidity bounds) and write report.html and CSV files into this "
                          "directory");
  command
      ->add_option("--levels", options->levels, "Liquidity levels of the sweep (default: [sweep])")
      ->check(CLI::Range(uint32_t{2}, uint32_t{1000}))
      ->needs(out);
  command
      ->add_option("--threads", options->threads, "Sweep runs in parallel (default: one per CPU)")
      ->needs(out);
  command->add_flag("--quiet", options->quiet, "No progress bar")->needs(out);
  command->callback([options] { run(*options); });
}

}  // namespace corridor::cli
