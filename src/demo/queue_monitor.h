// The settlement queues as the engine holds them, read on its apply thread
// between batches (journal::Engine::inspect): a read-only look that the
// demo's display and summary need and no participant API gives yet.
#pragma once

#include <cstdint>
#include <vector>

#include "core/money.h"
#include "core/uetr.h"
#include "demo/traffic_model.h"
#include "journal/engine.h"

namespace corridor::demo {

// Queued payments now, per currency index of the traffic model.
struct QueueFigures {
  std::vector<uint64_t> count;
  std::vector<core::AmountMinor> value_minor;
  uint64_t total_count() const;
};

QueueFigures sample_queues(journal::Engine& engine, const TrafficModel& model);

// The largest queue seen, per currency: count and value, each at its own peak.
class QueuePeaks {
 public:
  explicit QueuePeaks(size_t currencies) : count_(currencies, 0), value_minor_(currencies, 0) {}
  void update(const QueueFigures& now);
  const std::vector<uint64_t>& count() const { return count_; }
  const std::vector<core::AmountMinor>& value_minor() const { return value_minor_; }
  uint64_t total_count() const { return total_count_; }  // of all currencies at one moment

 private:
  std::vector<uint64_t> count_;
  std::vector<core::AmountMinor> value_minor_;
  uint64_t total_count_ = 0;
};

// For each UETR: whether the core still holds it pending (queued or waiting).
std::vector<bool> still_pending(journal::Engine& engine, const std::vector<core::Uetr>& uetrs);

}  // namespace corridor::demo
