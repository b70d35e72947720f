// `corridor demo [--config FILE] [--dir DIR] [--seconds N] [--rate N] [--seed N]
// [--port P] [--keep-running] [--keep-journal]`: the service on loopback with
// simulated banks sending it traffic over mutual TLS, a live progress line
// and a summary (demo/demo_run.h; docs/service.md, "The demo"). Exits 0 when
// the run completed cleanly, 1 when it could not start, 3 when something
// failed during the run (a bank, the journal).
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "demo/demo_run.h"

namespace corridor::cli {
namespace {

// How the printed commands should run this executable: its path relative to
// the working directory when it is below it (./build/release/corridor).
std::string corridor_path() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "corridor";
  const fs::path relative = exe.lexically_relative(fs::current_path(ec));
  if (ec || relative.empty() || *relative.begin() == "..") return exe.string();
  return (fs::path(".") / relative).string();
}

// SIGINT and SIGTERM set `stop` instead of killing the process: the traffic
// ends, the summary is printed and the service stops cleanly. The signals are
// blocked before any thread starts, so every thread inherits the mask and
// only this watcher receives them.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    watcher_ = std::thread([this] {
      const timespec wait{0, 100'000'000};
      while (!done_.load()) {
        if (sigtimedwait(&signals_, nullptr, &wait) > 0) stop_.store(true);
      }
    });
  }
  ~StopSignals() {
    done_.store(true);
    watcher_.join();
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  const std::atomic<bool>& stop() const { return stop_; }

 private:
  sigset_t signals_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> done_{false};
  std::thread watcher_;
};

void demo(demo::DemoOptions options) {
  options.terminal = isatty(STDERR_FILENO) == 1;
  options.corridor = corridor_path();
  StopSignals signals;
  bool ok = false;
  try {
    ok = demo::run_demo(options, signals.stop(), stdout, stderr);
  } catch (const demo::DemoSetupError& e) {
    fmt::print(stderr, "corridor demo: {}\n", e.what());
    throw CLI::RuntimeError(kExitBadInput);
  }
  if (!ok) {
    fmt::print(stderr, "corridor demo: the run did not complete cleanly (see the summary)\n");
    throw CLI::RuntimeError(kExitIoError);
  }
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto options = std::make_shared<demo::DemoOptions>();
  CLI::App* command = app.add_subcommand(
      "demo", "Run the service on loopback with simulated banks sending it traffic");
  command->add_option("--config", options->config_path, "Service configuration (TOML)")
      ->capture_default_str();
  command
      ->add_option("--dir", options->dir,
                   "Where the PKI (DIR/pki), journal (DIR/journal) and log go")
      ->capture_default_str();
  command->add_option("--seconds", options->seconds, "How long the banks send")
      ->capture_default_str()
      ->check(CLI::Range(1, 86'400));
  command
      ->add_option("--rate", options->rate_per_second,
                   "Payments per second, all banks together, on average over the run")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  command
      ->add_option("--seed", options->seed,
                   "Seed of the traffic (the same seed, the same payments)")
      ->capture_default_str();
  command->add_option("--port", options->port, "Port on 127.0.0.1 (0: any free port)")
      ->capture_default_str();
  command->add_flag("--keep-running", options->keep_running,
                    "After the summary, keep the service up until SIGINT or SIGTERM");
  command->add_flag("--keep-journal", options->keep_journal,
                    "Continue the journal in DIR/journal instead of starting a new one "
                    "(use another --seed: the same one resends the same payments)");
  command->callback([options] { demo(*options); });
}

}  // namespace corridor::cli
