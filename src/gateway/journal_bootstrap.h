// Opening the service's journal: recovery of an existing one, or a new one
// started from the configuration's reference data.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "gateway/service_config.h"
#include "journal/engine.h"
#include "journal/observed_replay.h"

namespace corridor::gateway {

struct OpenedJournal {
  std::unique_ptr<journal::Engine> engine;
  bool initialised = false;         // true: the journal was new and got the reference data
  uint64_t reference_commands = 0;  // applied when initialised (Configure included)
};

// Opens (recovers) the journal in config.service.journal_dir. A journal with
// no command yet gets reference_data_commands(config): the engine journals
// the Configure itself, then the rest are submitted as one block from the
// operator (empty sender BIC) and awaited. An existing journal is never
// given them again: its history already holds its reference data.
// Throws journal::IoError / RecoveryError, or std::runtime_error naming the
// reference-data command that was refused.
// `observer` and `observer_prefetch` (either may be empty) become the
// engine's (journal/engine.h).
OpenedJournal open_service_journal(
    const ServiceConfig& config, std::function<void(const std::string&)> engine_log,
    journal::Observer observer = {},
    std::function<void(const journal::Submission&)> observer_prefetch = {});

}  // namespace corridor::gateway
