#include "demo/demo_stats.h"

namespace corridor::demo {

DemoStats::DemoStats(size_t currencies)
    : currencies_(currencies),
      settled_count_(std::make_unique<std::atomic<uint64_t>[]>(currencies)),
      settled_minor_(std::make_unique<std::atomic<core::AmountMinor>[]>(currencies)) {
  for (size_t i = 0; i < currencies_; ++i) {
    settled_count_[i].store(0);
    settled_minor_[i].store(0);
  }
}

void DemoStats::settled(size_t currency, core::AmountMinor amount_minor) {
  settled_.fetch_add(1, std::memory_order_relaxed);
  settled_count_[currency].fetch_add(1, std::memory_order_relaxed);
  // A demo run settles far less than 2^63 minor units of any currency.
  settled_minor_[currency].fetch_add(amount_minor, std::memory_order_relaxed);
}

void DemoStats::queued(const QueuedPayment& payment) {
  queued_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  queued_payments_.push_back(payment);
}

void DemoStats::rejected(const std::string& reason_code, const std::string& reason_text) {
  rejected_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  Rejections& r = rejected_by_reason_[reason_code.empty() ? "(none)" : reason_code];
  if (r.count++ == 0) r.text = reason_text;
}

void DemoStats::add_latencies(const std::vector<int64_t>& latencies_ns) {
  std::lock_guard lock(mutex_);
  latencies_ns_.insert(latencies_ns_.end(), latencies_ns.begin(), latencies_ns.end());
}

StatsSnapshot DemoStats::snapshot() const {
  StatsSnapshot s;
  s.sent = sent_.load();
  s.not_sent = not_sent_.load();
  s.settled_at_entry = settled_.load();
  s.queued_at_entry = queued_.load();
  s.rejected = rejected_.load();
  s.other_status = other_status_.load();
  s.answered = s.settled_at_entry + s.queued_at_entry + s.rejected + s.other_status;
  s.rate_limited = rate_limited_.load();
  s.busy = busy_.load();
  s.http_errors = http_errors_.load();
  s.unreadable_answers = unreadable_answers_.load();
  s.transport_errors = transport_errors_.load();
  s.banks_failed = banks_failed_.load();
  s.cross_currency_settled = cross_settled_.load();
  s.cross_currency_queued = cross_queued_.load();
  s.cross_currency_rejected = cross_rejected_.load();
  s.dns_accepted = dns_accepted_.load();
  s.dns_rejected = dns_rejected_.load();
  return s;
}

void DemoStats::cross_currency(AnsweredAs as) {
  (as == AnsweredAs::kSettled  ? cross_settled_
   : as == AnsweredAs::kQueued ? cross_queued_
                               : cross_rejected_)
      .fetch_add(1, std::memory_order_relaxed);
}

void DemoStats::dns(AnsweredAs as) {
  // A DNS payment is never settled on entry: ACSP means accepted into its cycle.
  (as == AnsweredAs::kRejected ? dns_rejected_ : dns_accepted_)
      .fetch_add(1, std::memory_order_relaxed);
}

std::vector<core::AmountMinor> DemoStats::settled_at_entry_minor() const {
  std::vector<core::AmountMinor> values;
  for (size_t i = 0; i < currencies_; ++i) values.push_back(settled_minor_[i].load());
  return values;
}

std::vector<uint64_t> DemoStats::settled_at_entry_count() const {
  std::vector<uint64_t> counts;
  for (size_t i = 0; i < currencies_; ++i) counts.push_back(settled_count_[i].load());
  return counts;
}

std::map<std::string, DemoStats::Rejections> DemoStats::rejected_by_reason() const {
  std::lock_guard lock(mutex_);
  return rejected_by_reason_;
}

std::vector<QueuedPayment> DemoStats::queued_payments() const {
  std::lock_guard lock(mutex_);
  return queued_payments_;
}

std::vector<int64_t> DemoStats::latencies_ns() const {
  std::lock_guard lock(mutex_);
  return latencies_ns_;
}

}  // namespace corridor::demo
