#include "cli/progress_bar.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>

namespace corridor::cli {
namespace {

constexpr size_t kBarWidth = 30;

std::string minutes_seconds(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

ProgressBar::ProgressBar(std::FILE* out, bool enabled, std::string what)
    : out_(out),
      enabled_(enabled),
      what_(std::move(what)),
      start_(std::chrono::steady_clock::now()) {}

std::string ProgressBar::line(const std::string& what, size_t done, size_t total,
                              double elapsed_s) {
  const size_t filled = total > 0 ? kBarWidth * done / total : kBarWidth;
  std::string bar(filled, '#');
  bar.append(kBarWidth - filled, '.');
  std::string left = "estimating";
  if (done > 0 && done < total) {
    // The runs so far, extrapolated: each run of a sweep costs about the same.
    left =
        "about " +
        minutes_seconds(elapsed_s / static_cast<double>(done) * static_cast<double>(total - done)) +
        " left";
  } else if (done >= total) {
    left = "done";
  }
  return fmt::format("{} [{}] {}/{}  {} elapsed, {}", what, bar, done, total,
                     minutes_seconds(elapsed_s), left);
}

void ProgressBar::update(size_t done, size_t total) {
  if (!enabled_) return;
  const double elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // \r and clear to the end of the line: the line is redrawn in place.
  fmt::print(out_, "\r{}\x1b[K", line(what_, done, total, elapsed_s));
  std::fflush(out_);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!drawn_) return;
  fmt::print(out_, "\n");
  std::fflush(out_);
  drawn_ = false;
}

bool is_terminal(std::FILE* stream) {
  return ::isatty(::fileno(stream)) == 1;
}

}  // namespace corridor::cli
