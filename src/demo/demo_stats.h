// What the simulated banks saw, shared by their threads: counts of the
// outcomes their pacs.002 answers carried, rejections by reason code, the
// payments answered as queued (to learn at the end whether they settled),
// and latencies. Counters are atomics; lists take a mutex.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/money.h"
#include "core/uetr.h"
#include "demo/latency_histogram.h"

namespace corridor::demo {

// A payment the service answered ACSP: queued for liquidity.
struct QueuedPayment {
  core::Uetr uetr;
  size_t currency = 0;  // index into TrafficModel::currencies()
  core::AmountMinor amount_minor = 0;
};

struct StatsSnapshot {
  uint64_t sent = 0;                // payments posted (each once, whatever the resends)
  uint64_t not_sent = 0;            // planned before the end, left when the run ended
  uint64_t answered = 0;            // with a status in a pacs.002
  uint64_t settled_at_entry = 0;    // ACSC
  uint64_t queued_at_entry = 0;     // ACSP
  uint64_t rejected = 0;            // RJCT
  uint64_t other_status = 0;        // any other TxSts (none expected)
  uint64_t rate_limited = 0;        // 429 answers, each followed by a resend after Retry-After
  uint64_t busy = 0;                // 503 answers, resent after Retry-After
  uint64_t http_errors = 0;         // other non-200 answers: the payment is given up
  uint64_t unreadable_answers = 0;  // a 200 that is not a pacs.002
  uint64_t transport_errors = 0;    // a request that failed on the connection (then reconnected)
  uint64_t banks_failed = 0;        // banks that could not connect, or gave up
  // Of the answered: cross-currency payments (at the FX provider's quote) by
  // status, and DNS payments accepted into a cycle (ACSP) or rejected.
  uint64_t cross_currency_settled = 0;
  uint64_t cross_currency_queued = 0;
  uint64_t cross_currency_rejected = 0;
  uint64_t dns_accepted = 0;
  uint64_t dns_rejected = 0;
};

// The statuses a pacs.002 answer can carry, as counted per kind.
enum class AnsweredAs : uint8_t { kSettled, kQueued, kRejected };

class DemoStats {
 public:
  explicit DemoStats(size_t currencies);

  void sent() { sent_.fetch_add(1, std::memory_order_relaxed); }
  void not_sent(uint64_t count) { not_sent_.fetch_add(count, std::memory_order_relaxed); }
  void settled(size_t currency, core::AmountMinor amount_minor);
  void queued(const QueuedPayment& payment);
  // The reason code and the text that came with its first occurrence.
  void rejected(const std::string& reason_code, const std::string& reason_text);
  void other_status() { other_status_.fetch_add(1, std::memory_order_relaxed); }
  void rate_limited() { rate_limited_.fetch_add(1, std::memory_order_relaxed); }
  void busy() { busy_.fetch_add(1, std::memory_order_relaxed); }
  void http_error() { http_errors_.fetch_add(1, std::memory_order_relaxed); }
  void unreadable_answer() { unreadable_answers_.fetch_add(1, std::memory_order_relaxed); }
  void transport_error() { transport_errors_.fetch_add(1, std::memory_order_relaxed); }
  void bank_failed() { banks_failed_.fetch_add(1, std::memory_order_relaxed); }
  // Also counted by kind: a cross-currency payment's answer, a DNS payment's.
  void cross_currency(AnsweredAs as);
  void dns(AnsweredAs as);
  // One answered request's time from sending to its whole answer.
  void latency(int64_t latency_ns) { histogram_.record(latency_ns); }
  // A client's exact latencies, added once when it ends.
  void add_latencies(const std::vector<int64_t>& latencies_ns);

  StatsSnapshot snapshot() const;
  const LatencyHistogram& histogram() const { return histogram_; }
  // Count and value settled at entry (ACSC), per currency index.
  std::vector<uint64_t> settled_at_entry_count() const;
  std::vector<core::AmountMinor> settled_at_entry_minor() const;
  struct Rejections {
    uint64_t count = 0;
    std::string text;  // of the first one
  };
  std::map<std::string, Rejections> rejected_by_reason() const;
  std::vector<QueuedPayment> queued_payments() const;
  std::vector<int64_t> latencies_ns() const;

 private:
  std::atomic<uint64_t> sent_{0}, not_sent_{0}, settled_{0}, queued_{0}, rejected_{0},
      other_status_{0};
  std::atomic<uint64_t> rate_limited_{0}, busy_{0}, http_errors_{0}, unreadable_answers_{0};
  std::atomic<uint64_t> transport_errors_{0}, banks_failed_{0};
  std::atomic<uint64_t> cross_settled_{0}, cross_queued_{0}, cross_rejected_{0};
  std::atomic<uint64_t> dns_accepted_{0}, dns_rejected_{0};
  size_t currencies_;
  std::unique_ptr<std::atomic<uint64_t>[]> settled_count_;
  std::unique_ptr<std::atomic<core::AmountMinor>[]> settled_minor_;
  LatencyHistogram histogram_;
  mutable std::mutex mutex_;  // for what follows
  std::map<std::string, Rejections> rejected_by_reason_;
  std::vector<QueuedPayment> queued_payments_;
  std::vector<int64_t> latencies_ns_;
};

}  // namespace corridor::demo
