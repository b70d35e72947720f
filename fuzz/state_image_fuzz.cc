// libFuzzer target: a machine image (exactly-once index + core state) from
// untrusted bytes, as a damaged snapshot would give. Loading either refuses
// it or yields a machine whose invariants hold and which can go on working.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "core/command.h"
#include "journal/machine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace corridor;
  journal::Machine machine;
  std::string error;
  if (!machine.load_state(std::span<const uint8_t>(data, size), &error)) return 0;
  if (!machine.core().check_invariants().empty()) __builtin_trap();
  // A loaded state must survive the clock, gridlock resolution and a day's end.
  journal::Submission s;
  const core::TimestampNs now = machine.core().now_ns();
  s.command = core::Command{now + 1, core::RunGridlockResolution{}};
  machine.apply(machine.last_seq() + 1, s, 1);
  s.command = core::Command{now + 2, core::EndOfDay{machine.core().value_date() + 1}};
  machine.apply(machine.last_seq() + 1, s, 2);
  if (!machine.core().check_invariants().empty()) __builtin_trap();
  return 0;
}
