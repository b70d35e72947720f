// A replay of a whole journal that shows every applied submission to an
// observer exactly as the engine's EngineOptions::observer saw it live (the
// same Ack: seq, result, timestamp, batch hash, events). For what is derived
// from the journal and kept outside it, rebuilt after a restart (the
// service's inboxes): a snapshot holds state, not the events that made it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "journal/engine.h"

namespace corridor::journal {

using Observer = std::function<void(const Submission&, const Ack&, const Machine&)>;

// Replays `dir` from sequence 1 (archived segments included) on a fresh
// machine, read-only; stops after `last_seq` (0: the whole journal). Returns
// the last sequence number replayed. Throws RecoveryError when the journal is
// corrupt or does not start at sequence 1.
uint64_t replay_observed(const std::string& dir, const Observer& observer, uint64_t last_seq = 0);

}  // namespace corridor::journal
