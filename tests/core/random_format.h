// Readable one-line forms of commands and events, and 64-bit fingerprints of
// commands and outcomes, for the randomised core tests (reproductions and
// determinism checks).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/command.h"
#include "core/result.h"

namespace corridor::core::random_test {

std::string describe(const Command& command);
std::string describe(const Event& event);
std::string describe(const Result& result);

// Equal commands have equal fingerprints; every field is mixed in.
uint64_t fingerprint(const Command& command);
// The result and every field of every event.
uint64_t fingerprint(const Result& result, std::span<const Event> events);

}  // namespace corridor::core::random_test
