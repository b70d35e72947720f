#include "cli/progress_bar.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace corridor::cli {
namespace {

constexpr size_t kBarWidth = 30;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

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

std::string ProgressBar::line(const std::string& what, size_t done, size_t total, double fraction,
                              double elapsed_s) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  const size_t filled = std::min(kBarWidth, static_cast<size_t>(fraction * kBarWidth));
  std::string bar(filled, '#');
  bar.append(kBarWidth - filled, '.');
  std::string left = "estimating";
  if (done >= total) {
    left = "done";
  } else if (fraction > 0) {
    // The rate so far, extrapolated: a sweep's runs cost about the same per payment.
    left = "about " + minutes_seconds(elapsed_s / fraction * (1 - fraction)) + " left";
  }
  return fmt::format("{} [{}] {}/{}  {} elapsed, {}", what, bar, done, total,
                     minutes_seconds(elapsed_s), left);
}

void ProgressBar::update(size_t done, size_t total, uint64_t work_done, uint64_t work_total) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done == last_done_ && now - last_draw_ < kRedrawEvery) return;
  last_done_ = done;
  last_draw_ = now;
  const double fraction =
      work_total > 0 ? static_cast<double>(work_done) / static_cast<double>(work_total)
                     : (total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0);
  const double elapsed_s = std::chrono::duration<double>(now - start_).count();
  // \r and clear to the end of the line: the line is redrawn in place.
  fmt::print(out_, "\r{}\x1b[K", line(what_, done, total, fraction, elapsed_s));
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
