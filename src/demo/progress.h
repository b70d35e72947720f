// The live progress of a demo run on stderr: one line rewritten in place
// (`\r`) about four times a second on a terminal, or a plain line every five
// seconds otherwise (CI logs, pipes). The same thread samples the engine's
// queues, so it also keeps the peaks the summary reports.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "demo/demo_stats.h"
#include "demo/queue_monitor.h"
#include "demo/traffic_model.h"
#include "journal/engine.h"

namespace corridor::demo {

struct ProgressFigures {
  double elapsed_s = 0;
  uint32_t total_s = 0;
  uint64_t sent = 0;
  uint64_t settled = 0;  // at entry, and queued ones since settled
  uint64_t queued_now = 0;
  uint64_t rejected = 0;
  double payments_per_s = 0;  // answered, over the last interval
  double p50_ms = 0;
  double p99_ms = 0;
};

// "  12.3/60 s  sent 3,702  settled 3,650  queued 3  rejected 11  312/s  p50 1.2 ms  p99 4.8 ms"
std::string format_progress(const ProgressFigures& figures);

// Payments settled so far: those settled at entry, plus those answered as
// queued that are no longer in a queue. Payments are only ever queued for
// liquidity in the demo (no timed payments, no cancellations), so a queued
// payment that left its queue settled.
uint64_t settled_so_far(const StatsSnapshot& stats, uint64_t queued_now);

class ProgressDisplay {
 public:
  // `terminal`: rewrite one line in place; else a line every five seconds.
  ProgressDisplay(journal::Engine& engine, const TrafficModel& model, const DemoStats& stats,
                  std::chrono::steady_clock::time_point start, bool terminal,
                  std::FILE* out = stderr);
  ~ProgressDisplay();  // stop()
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // Samples once more, ends the line on a terminal, and joins the thread.
  void stop();
  QueuePeaks peaks() const;

 private:
  void run();
  void tick(bool print);

  journal::Engine& engine_;
  const TrafficModel& model_;
  const DemoStats& stats_;
  std::chrono::steady_clock::time_point start_;
  bool terminal_;
  std::FILE* out_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;  // peaks_
  QueuePeaks peaks_;
  std::chrono::steady_clock::time_point last_print_;
  uint64_t last_answered_ = 0;
  std::thread thread_;
};

}  // namespace corridor::demo
