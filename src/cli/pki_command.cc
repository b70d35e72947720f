// `corridor pki init DIR --config FILE [--force]`: a development PKI for the
// service's mutual TLS (gateway/pki.h; layout in docs/service.md).
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "gateway/pki.h"
#include "gateway/service_config.h"

namespace corridor::cli {
namespace {

struct PkiInitOptions {
  std::string dir;
  std::string config_path;
  bool force = false;
};

[[noreturn]] void fail(int code, const std::string& message) {
  fmt::print(stderr, "corridor pki init: error: {}\n", message);
  throw CLI::RuntimeError(code);
}

void init(const PkiInitOptions& options) {
  gateway::ServiceConfig config;
  try {
    config = gateway::load_service_config(options.config_path);
  } catch (const gateway::ServiceConfigError& e) {
    fail(kExitBadInput, e.what());
  }
  try {
    const std::vector<std::string> written = gateway::init_pki(options.dir, config, options.force);
    for (const std::string& path : written) fmt::print("wrote {}\n", path);
    fmt::print("PKI for {} participants in {}\n", config.participants.size(), options.dir);
  } catch (const gateway::PkiExistsError& e) {
    fail(kExitBadInput, e.what());
  } catch (const gateway::PkiError& e) {
    fail(kExitIoError, e.what());
  }
}

}  // namespace

void add_pki_command(CLI::App& app) {
  CLI::App* pki = app.add_subcommand("pki", "Development PKI for the service's mutual TLS");
  pki->require_subcommand(1);
  auto options = std::make_shared<PkiInitOptions>();
  CLI::App* init_command = pki->add_subcommand(
      "init", "Create a CA, server, operator and participant certificates (Ed25519)");
  init_command->add_option("dir", options->dir, "Directory for the PKI (created if missing)")
      ->required();
  init_command->add_option("--config", options->config_path, "Service configuration (TOML)")
      ->required();
  init_command->add_flag("--force", options->force, "Replace an existing PKI in DIR");
  init_command->callback([options] { init(*options); });
}

}  // namespace corridor::cli
