#include "gateway/service_metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace corridor::gateway {

const char* to_string(EndpointFamily family) {
  switch (family) {
    case EndpointFamily::kMessages:
      return "messages";
    case EndpointFamily::kHealthz:
      return "healthz";
    case EndpointFamily::kMetrics:
      return "metrics";
    case EndpointFamily::kOther:
      break;
  }
  return "other";
}

EndpointFamily endpoint_family(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  if (path == "/v1/messages") return EndpointFamily::kMessages;
  if (path == "/healthz") return EndpointFamily::kHealthz;
  if (path == "/metrics") return EndpointFamily::kMetrics;
  return EndpointFamily::kOther;
}

void ServiceMetrics::observe_latency(EndpointFamily family, std::chrono::nanoseconds latency) {
  Histogram& histogram = latency_[static_cast<size_t>(family)];
  const double seconds = std::chrono::duration<double>(latency).count();
  size_t bucket = 0;
  while (bucket < kLatencyBucketsS.size() && seconds > kLatencyBucketsS[bucket]) ++bucket;
  histogram.counts[bucket].fetch_add(1, std::memory_order_relaxed);
  histogram.sum_ns.fetch_add(static_cast<uint64_t>(std::max<int64_t>(0, latency.count())),
                             std::memory_order_relaxed);
}

uint64_t ServiceMetrics::latency_count(EndpointFamily family) const {
  uint64_t count = 0;
  for (const auto& c : latency_[static_cast<size_t>(family)].counts) count += c.load();
  return count;
}

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
  out +=
      "# HELP corridor_rate_limited_total Requests refused 429 by the per-participant rate "
      "limit.\n";
  out += "# TYPE corridor_rate_limited_total counter\n";
  out += fmt::format("corridor_rate_limited_total {}\n", rate_limited_.load());
  out +=
      "# HELP corridor_request_duration_seconds Time from a request's body read to its "
      "answer handed to the server, by endpoint family.\n";
  out += "# TYPE corridor_request_duration_seconds histogram\n";
  for (size_t f = 0; f < kEndpointFamilies; ++f) {
    const Histogram& histogram = latency_[f];
    const char* family = to_string(static_cast<EndpointFamily>(f));
    // Read each bucket once and accumulate: the series stays monotone and
    // +Inf equals _count even while observations race with the scrape.
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kLatencyBucketsS.size(); ++b) {
      cumulative += histogram.counts[b].load(std::memory_order_relaxed);
      out +=
          fmt::format("corridor_request_duration_seconds_bucket{{endpoint=\"{}\",le=\"{}\"}} {}\n",
                      family, kLatencyBucketsS[b], cumulative);
    }
    cumulative += histogram.counts.back().load(std::memory_order_relaxed);
    out +=
        fmt::format("corridor_request_duration_seconds_bucket{{endpoint=\"{}\",le=\"+Inf\"}} {}\n",
                    family, cumulative);
    out += fmt::format("corridor_request_duration_seconds_sum{{endpoint=\"{}\"}} {:.9f}\n", family,
                       static_cast<double>(histogram.sum_ns.load(std::memory_order_relaxed)) / 1e9);
    out += fmt::format("corridor_request_duration_seconds_count{{endpoint=\"{}\"}} {}\n", family,
                       cumulative);
  }
  out += "# HELP corridor_journal_last_seq Sequence number of the last journaled command.\n";
  out += "# TYPE corridor_journal_last_seq gauge\n";
  out += fmt::format("corridor_journal_last_seq {}\n", journal_last_seq);
  out += "# HELP corridor_journal_failed 1 when the journal can no longer be written.\n";
  out += "# TYPE corridor_journal_failed gauge\n";
  out += fmt::format("corridor_journal_failed {}\n", journal_failed ? 1 : 0);
  return out;
}

}  // namespace corridor::gateway
