// A one-line progress bar with an estimate of the time left, for long runs.
// Draws only on a terminal: with `enabled` false (not a TTY, or --quiet) it
// prints nothing, so logs and pipes stay clean.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace corridor::cli {

class ProgressBar {
 public:
  ProgressBar(std::FILE* out, bool enabled, std::string what);
  // `done` of `total` units finished; redraws the line.
  void update(size_t done, size_t total);
  // Ends the line (when anything was drawn).
  void finish();

  // The line for `done` of `total` after `elapsed_s` seconds, e.g.
  // "runs [#######.............] 14/40  0:12 elapsed, about 0:22 left".
  static std::string line(const std::string& what, size_t done, size_t total, double elapsed_s);

 private:
  std::FILE* out_;
  bool enabled_;
  bool drawn_ = false;
  std::string what_;
  std::chrono::steady_clock::time_point start_;
};

// True when `stream` is a terminal.
bool is_terminal(std::FILE* stream);

}  // namespace corridor::cli
