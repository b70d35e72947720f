// The service's counters, and their Prometheus text exposition (GET /metrics).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/result.h"

namespace corridor::gateway {

class ServiceMetrics {
 public:
  void count_response(unsigned http_status);
  // One payment's final answer in a pacs.002: settled (ACSC), queued (ACSP) or rejected (RJCT).
  void count_payment(core::Outcome outcome);
  uint64_t responses_with(unsigned http_status) const;
  uint64_t payments_settled() const { return settled_.load(); }
  uint64_t payments_queued() const { return queued_.load(); }
  uint64_t payments_rejected() const { return rejected_.load(); }

  // Prometheus text format 0.0.4; the engine's figures are passed in, as they
  // are read from the engine at scrape time.
  std::string render(uint64_t journal_last_seq, bool journal_failed) const;

 private:
  mutable std::mutex mutex_;
  std::map<unsigned, uint64_t> responses_by_status_;
  std::atomic<uint64_t> settled_{0};
  std::atomic<uint64_t> queued_{0};
  std::atomic<uint64_t> rejected_{0};
};

}  // namespace corridor::gateway
