// The service's counters, and their Prometheus text exposition (GET /metrics).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/result.h"
#include "core/types.h"
#include "journal/write_stats.h"

namespace corridor::core {
class Core;
}

namespace corridor::gateway {

// The label of corridor_request_duration_seconds: a fixed set, so that odd
// paths cannot grow the series.
enum class EndpointFamily : uint8_t { kMessages = 0, kHealthz, kMetrics, kOther };
inline constexpr size_t kEndpointFamilies = 4;
const char* to_string(EndpointFamily family);
// The family of a request target ("/v1/messages?x" -> messages); unknown paths are "other".
EndpointFamily endpoint_family(std::string_view target);

// Upper bounds (le) of the latency histogram's buckets, in seconds; +Inf is implied.
inline constexpr std::array<double, 13> kLatencyBucketsS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0};

// One currency's queues at scrape time. Values are minor units of that
// currency: figures of two currencies are never added together.
struct CurrencyQueueFigures {
  std::string currency;  // ISO 4217 code
  std::array<uint64_t, core::kPriorityCount> queued_count_by_priority{};
  core::AmountMinor queued_value_minor = 0;  // every priority
};
// Per currency, in the core's currency order. O(accounts): reads each
// account's queue lengths and totals, never walks the payments. Call it on the
// engine's apply thread (Engine::inspect).
std::vector<CurrencyQueueFigures> queue_figures(const core::Core& core);

// What GET /metrics reads from the engine at scrape time.
struct EngineFigures {
  uint64_t journal_last_seq = 0;
  bool journal_failed = false;
  journal::BatchWriteFigures batch_writes;
  std::vector<CurrencyQueueFigures> queues;
};

class ServiceMetrics {
 public:
  // One request's time from being handed to the service (its body read) to its
  // answer given to the server (respond()), by endpoint family. Lock-free: it
  // runs on every answer.
  void observe_latency(EndpointFamily family, std::chrono::nanoseconds latency);
  uint64_t latency_count(EndpointFamily family) const;
  // A request refused 429 by the rate limiter.
  void count_rate_limited() { ++rate_limited_; }
  uint64_t rate_limited() const { return rate_limited_.load(); }
  void count_response(unsigned http_status);
  // One payment's final answer in a pacs.002: settled (ACSC), queued (ACSP) or rejected (RJCT).
  void count_payment(core::Outcome outcome);
  uint64_t responses_with(unsigned http_status) const;
  uint64_t payments_settled() const { return settled_.load(); }
  uint64_t payments_queued() const { return queued_.load(); }
  uint64_t payments_rejected() const { return rejected_.load(); }

  // Prometheus text format 0.0.4; the engine's figures are passed in, as they
  // are read from the engine at scrape time.
  std::string render(const EngineFigures& engine) const;

 private:
  mutable std::mutex mutex_;
  std::map<unsigned, uint64_t> responses_by_status_;
  std::atomic<uint64_t> settled_{0};
  std::atomic<uint64_t> queued_{0};
  std::atomic<uint64_t> rejected_{0};
  std::atomic<uint64_t> rate_limited_{0};

  struct Histogram {
    // Per bucket, not cumulative (the last is +Inf): render() accumulates.
    std::array<std::atomic<uint64_t>, kLatencyBucketsS.size() + 1> counts{};
    std::atomic<uint64_t> sum_ns{0};
  };
  std::array<Histogram, kEndpointFamilies> latency_;
};

}  // namespace corridor::gateway
