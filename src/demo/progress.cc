#include "demo/progress.h"

#include <fmt/format.h>

#include "demo/text.h"

namespace corridor::demo {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kTerminalInterval = std::chrono::milliseconds(250);
constexpr auto kPlainInterval = std::chrono::seconds(5);

}  // namespace

std::string format_progress(const ProgressFigures& f) {
  return fmt::format(
      "{:5.1f}/{} s  sent {}  settled {}  queued {}  rejected {}  {:.0f} payments/s  p50 {:.1f} "
      "ms  p99 {:.1f} ms",
      f.elapsed_s, f.total_s, grouped(f.sent), grouped(f.settled), grouped(f.queued_now),
      grouped(f.rejected), f.payments_per_s, f.p50_ms, f.p99_ms);
}

uint64_t settled_so_far(const StatsSnapshot& stats, uint64_t queued_now) {
  // The queue sample and the answers are read at slightly different moments:
  // a payment may be in a queue before its ACSP answer is counted.
  const uint64_t left_queue =
      stats.queued_at_entry > queued_now ? stats.queued_at_entry - queued_now : 0;
  return stats.settled_at_entry + left_queue;
}

ProgressDisplay::ProgressDisplay(journal::Engine& engine, const TrafficModel& model,
                                 const DemoStats& stats, Clock::time_point start, bool terminal,
                                 std::FILE* out)
    : engine_(engine),
      model_(model),
      stats_(stats),
      start_(start),
      terminal_(terminal),
      out_(out),
      peaks_(model.currencies().size()),
      last_print_(start) {
  thread_ = std::thread([this] { run(); });
}

ProgressDisplay::~ProgressDisplay() {
  stop();
}

void ProgressDisplay::stop() {
  if (!thread_.joinable()) return;
  stopping_.store(true);
  thread_.join();
  tick(/*print=*/true);
  if (terminal_) fmt::print(out_, "\n");
  std::fflush(out_);
}

QueuePeaks ProgressDisplay::peaks() const {
  std::lock_guard lock(mutex_);
  return peaks_;
}

void ProgressDisplay::run() {
  Clock::time_point next = Clock::now() + kTerminalInterval;
  while (!stopping_.load()) {
    std::this_thread::sleep_until(next);
    next += kTerminalInterval;
    if (stopping_.load()) break;
    tick(terminal_ || Clock::now() - last_print_ >= kPlainInterval);
  }
}

void ProgressDisplay::tick(bool print) {
  const QueueFigures queues = sample_queues(engine_, model_);
  {
    std::lock_guard lock(mutex_);
    peaks_.update(queues);
  }
  if (!print) return;
  const Clock::time_point now = Clock::now();
  const StatsSnapshot stats = stats_.snapshot();
  ProgressFigures f;
  f.elapsed_s = std::chrono::duration<double>(now - start_).count();
  f.total_s = model_.options().seconds;
  f.sent = stats.sent;
  f.queued_now = queues.total_count();
  f.settled = settled_so_far(stats, f.queued_now);
  f.rejected = stats.rejected;
  const double interval_s = std::chrono::duration<double>(now - last_print_).count();
  if (interval_s > 0) {
    f.payments_per_s = static_cast<double>(stats.answered - last_answered_) / interval_s;
  }
  f.p50_ms = stats_.histogram().percentile_ms(0.50);
  f.p99_ms = stats_.histogram().percentile_ms(0.99);
  last_print_ = now;
  last_answered_ = stats.answered;
  const std::string line = format_progress(f);
  if (terminal_) {
    // Back to the line's start, the line, then clear whatever a longer one left.
    fmt::print(out_, "\r{}\x1b[K", line);
  } else {
    fmt::print(out_, "{}\n", line);
  }
  std::fflush(out_);
}

}  // namespace corridor::demo
