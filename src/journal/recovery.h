// Recovery: rebuilds the machine from the newest valid snapshot and the
// journal after it.
//
// Every live segment is read and checked in full (checksums, sequence
// numbers, hash chain) whatever snapshot is used: corruption anywhere before
// the tail stops recovery with an error naming the file and offset; it is
// never skipped. A torn tail is reported (the writer truncates it). A snapshot
// that fails its checksum, does not load, or does not match the journal's
// hash chain is passed over for an older one, and finally for a full replay.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/state.h"
#include "journal/journal_reader.h"
#include "journal/machine.h"

namespace corridor::journal {

class RecoveryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RecoveryOptions {
  core::Config core_config;
  bool verify_hash = true;  // recompute every batch's SHA-256 (the full check)
  // Room in the exactly-once index before it grows (EngineOptions::index_keys_reserved).
  size_t index_keys_reserved = 0;
  std::function<void(const std::string&)> log;  // one line per notable event
};

struct RecoveryReport {
  std::string snapshot_path;  // empty: replayed from the first command
  uint64_t snapshot_seq = 0;
  std::vector<std::string> snapshots_rejected;  // "<path>: <why>"
  uint64_t replayed_commands = 0;
  uint64_t last_seq = 0;
  Hash256 head{};
  std::optional<TornTail> torn_tail;
  double seconds = 0;
};

struct Recovered {
  std::unique_ptr<Machine> machine;
  ScanResult scan;  // of the live segments, for SegmentWriter::open
  RecoveryReport report;
};

// Recovers the journal in `dir` (an empty or missing directory gives an empty
// machine). Throws RecoveryError when the journal cannot be trusted.
Recovered recover(const std::string& dir, const RecoveryOptions& options);

// Applies every submission of a checked batch to `machine` (skipping those at
// or below machine.last_seq()). Returns false with *error set if an entry does
// not decode: a batch whose checksums hold but whose content is not a command.
bool apply_batch(Machine& machine, const BatchView& batch, std::string* error);

}  // namespace corridor::journal
