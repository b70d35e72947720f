// A one-line progress bar with an estimate of the time left, for long runs.
// Draws only on a terminal: with `enabled` false (not a TTY, or --quiet) it
// prints nothing, so logs and pipes stay clean.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace corridor::cli {

class ProgressBar {
 public:
  ProgressBar(std::FILE* out, bool enabled, std::string what);
  // `done` of `total` units finished; `work_done` of `work_total` (e.g.
  // payments simulated) measures the progress within them, for the bar and the
  // estimate (work_total 0: units only). Redraws at most ten times a second,
  // and whenever a unit finishes.
  void update(size_t done, size_t total, uint64_t work_done, uint64_t work_total);
  // Ends the line (when anything was drawn).
  void finish();

  // The line for `done` of `total` units, `fraction` (0..1) of the work, after
  // `elapsed_s` seconds, e.g.
  // "sim runs [#######.............] 14/40  0:12 elapsed, about 0:22 left".
  static std::string line(const std::string& what, size_t done, size_t total, double fraction,
                          double elapsed_s);

 private:
  std::FILE* out_;
  bool enabled_;
  bool drawn_ = false;
  size_t last_done_ = static_cast<size_t>(-1);
  std::string what_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// True when `stream` is a terminal.
bool is_terminal(std::FILE* stream);

}  // namespace corridor::cli
