// `corridor serve --config FILE [--pki-dir DIR] [--journal-dir DIR] [--port P]`: the network
// service (gateway/service.h; docs/api.md). Runs until SIGTERM or SIGINT, then stops accepting,
// lets requests in progress be answered, completes the journal and exits 0. Log lines are JSON on
// stderr; the bound port is printed alone on stdout once listening (port 0 in the configuration:
// any free port).
#include <fmt/format.h>
#include <signal.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "gateway/heap_tuning.h"
#include "gateway/json_log.h"
#include "gateway/service.h"
#include "gateway/service_config.h"
#include "journal/recovery.h"
#include "journal/segment_writer.h"

namespace corridor::cli {
namespace {

struct ServeOptions {
  std::string config_path;
  std::string pki_dir;           // overrides [tls] pki_dir when set
  std::string journal_dir;       // overrides [service] journal_dir when set
  std::optional<uint16_t> port;  // overrides [service] listen_port when set
};

[[noreturn]] void fail(gateway::JsonLog& log, int code, const std::string& message) {
  log.write("error", {{"error", message}, {"exit_code", code}});
  throw CLI::RuntimeError(code);
}

void serve(const ServeOptions& options) {
  gateway::JsonLog log;
  gateway::ServiceConfig config;
  try {
    config = gateway::load_service_config(options.config_path);
  } catch (const gateway::ServiceConfigError& e) {
    fail(log, kExitBadInput, e.what());
  }
  if (!options.pki_dir.empty()) config.tls.pki_dir = options.pki_dir;
  if (!options.journal_dir.empty()) config.service.journal_dir = options.journal_dir;
  if (options.port) config.service.listen_port = *options.port;

  // Blocked before any thread starts, so every thread inherits the mask and
  // only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  log.write("start", {{"config", options.config_path},
                      {"journal_dir", config.service.journal_dir},
                      {"pki_dir", config.tls.pki_dir}});
  gateway::keep_freed_heap_memory();
  std::unique_ptr<gateway::Service> service;
  try {
    service = std::make_unique<gateway::Service>(config, log);
    service->start();
  } catch (const journal::RecoveryError& e) {
    fail(log, kExitJournalFault, e.what());
  } catch (const journal::IoError& e) {
    fail(log, kExitIoError, e.what());
  } catch (const std::exception& e) {
    fail(log, kExitBadInput, e.what());
  }
  fmt::print("{}\n", service->port());
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  log.write("stopping", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
  service->stop();
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* serve_command =
      app.add_subcommand("serve", "Run the network service (HTTPS, mutual TLS) until SIGTERM");
  serve_command->add_option("--config", options->config_path, "Service configuration (TOML)")
      ->required();
  serve_command->add_option("--pki-dir", options->pki_dir,
                            "PKI directory (overrides [tls] pki_dir)");
  serve_command->add_option("--journal-dir", options->journal_dir,
                            "Journal directory (overrides [service] journal_dir)");
  serve_command->add_option(
      "--port", options->port,
      "Port to listen on, 0 for any free one (overrides [service] listen_port)");
  serve_command->callback([options] { serve(*options); });
}

}  // namespace corridor::cli
