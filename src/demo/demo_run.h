// `corridor demo`: the service on loopback with a fresh PKI and journal, the
// configuration's direct banks as client connections sending simulated
// traffic, a live progress line, and a summary at the end
// (docs/service.md, "The demo").
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace corridor::demo {

struct DemoOptions {
  std::string config_path = "examples/service.toml";
  // DIR/pki and DIR/journal (both made fresh unless keep_journal), DIR/service.log.
  std::string dir = "build/demo";
  uint32_t seconds = 60;
  uint32_t rate_per_second = 300;
  uint64_t seed = 1;
  uint16_t port = 8443;  // 0: any free port
  bool keep_running = false;
  bool keep_journal = false;
  bool terminal = false;              // progress rewritten in place (stderr is a terminal)
  std::string corridor = "corridor";  // how the printed commands run the executable
};

// The demo could not start: a bad configuration, a PKI or journal that cannot
// be made, a port in use. The message says what.
class DemoSetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs the demo: progress on `err`, summary and query commands on `out`.
// With keep_running, waits for `stop` after the summary, then stops the
// service. `stop` set earlier ends the traffic early (the summary still
// comes). Returns true when every bank ran to the end, every request was
// answered and the journal verified.
bool run_demo(const DemoOptions& options, const std::atomic<bool>& stop, std::FILE* out,
              std::FILE* err);

}  // namespace corridor::demo
