#include "gateway/service_metrics.h"

#include <fmt/format.h>

namespace corridor::gateway {

void ServiceMetrics::count_response(unsigned http_status) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++responses_by_status_[http_status];
}

void ServiceMetrics::count_payment(core::Outcome outcome) {
  switch (outcome) {
    case core::Outcome::kSettled:
      ++settled_;
      break;
    case core::Outcome::kQueued:
      ++queued_;
      break;
    case core::Outcome::kRejected:
    case core::Outcome::kApplied:  // not a payment outcome: counted as not settled
      ++rejected_;
      break;
  }
}

uint64_t ServiceMetrics::responses_with(unsigned http_status) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = responses_by_status_.find(http_status);
  return it == responses_by_status_.end() ? 0 : it->second;
}

std::string ServiceMetrics::render(uint64_t journal_last_seq, bool journal_failed) const {
  std::string out;
  out += "# HELP corridor_http_responses_total HTTP responses by status code.\n";
  out += "# TYPE corridor_http_responses_total counter\n";
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [status, count] : responses_by_status_) {
      out += fmt::format("corridor_http_responses_total{{code=\"{}\"}} {}\n", status, count);
    }
  }
  out += "# HELP corridor_payments_total Payments answered in a pacs.002, by outcome.\n";
  out += "# TYPE corridor_payments_total counter\n";
  out += fmt::format("corridor_payments_total{{outcome=\"settled\"}} {}\n", settled_.load());
  out += fmt::format("corridor_payments_total{{outcome=\"queued\"}} {}\n", queued_.load());
  out += fmt::format("corridor_payments_total{{outcome=\"rejected\"}} {}\n", rejected_.load());
  out += "# HELP corridor_journal_last_seq Sequence number of the last journaled command.\n";
  out += "# TYPE corridor_journal_last_seq gauge\n";
  out += fmt::format("corridor_journal_last_seq {}\n", journal_last_seq);
  out += "# HELP corridor_journal_failed 1 when the journal can no longer be written.\n";
  out += "# TYPE corridor_journal_failed gauge\n";
  out += fmt::format("corridor_journal_failed {}\n", journal_failed ? 1 : 0);
  return out;
}

}  // namespace corridor::gateway
