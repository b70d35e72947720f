#include "gateway/service_metrics.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/core.h"

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

std::vector<CurrencyQueueFigures> queue_figures(const core::Core& core) {
  std::vector<CurrencyQueueFigures> out(core.currency_count());
  for (core::CurrencyId c = 0; c < core.currency_count(); ++c) {
    out[c].currency = core.currency(c).code.to_string();
  }
  for (core::AccountId a = 0; a < core.account_count(); ++a) {
    const core::Account& account = core.account(a);
    CurrencyQueueFigures& figures = out[account.currency];
    for (int p = 0; p < core::kPriorityCount; ++p) {
      figures.queued_count_by_priority[p] += account.queues[p].length;
    }
    // Cannot overflow while the core bounds all pending value by int64; saturate
    // rather than trust that from here.
    figures.queued_value_minor =
        core::saturating_add(figures.queued_value_minor, account.queued_value_minor);
  }
  return out;
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

namespace {

// One histogram family's series (its buckets cumulative, +Inf equal to _count),
// from per-bucket counts whose last is +Inf. `labels` is "" or `key="value",`.
// Bounds are divided (not multiplied) into seconds so that le prints as 0.0001,
// not as 0.00010000000000000002.
template <typename Bound, size_t N>
void render_histogram(std::string& out, std::string_view name, std::string_view labels,
                      const std::array<Bound, N>& bounds, const std::array<uint64_t, N + 1>& counts,
                      double bound_divisor, std::string_view sum_text) {
  uint64_t cumulative = 0;
  for (size_t b = 0; b < N; ++b) {
    cumulative += counts[b];
    out += fmt::format("{}_bucket{{{}le=\"{}\"}} {}\n", name, labels,
                       static_cast<double>(bounds[b]) / bound_divisor, cumulative);
  }
  cumulative += counts[N];
  out += fmt::format("{}_bucket{{{}le=\"+Inf\"}} {}\n", name, labels, cumulative);
  const std::string_view bare = labels.empty() ? labels : labels.substr(0, labels.size() - 1);
  const std::string braces = bare.empty() ? std::string() : fmt::format("{{{}}}", bare);
  out += fmt::format("{}_sum{} {}\n", name, braces, sum_text);
  out += fmt::format("{}_count{} {}\n", name, braces, cumulative);
}

void render_engine(std::string& out, const EngineFigures& engine) {
  out += "# HELP corridor_journal_last_seq Sequence number of the last journaled command.\n";
  out += "# TYPE corridor_journal_last_seq gauge\n";
  out += fmt::format("corridor_journal_last_seq {}\n", engine.journal_last_seq);
  out += "# HELP corridor_journal_failed 1 when the journal can no longer be written.\n";
  out += "# TYPE corridor_journal_failed gauge\n";
  out += fmt::format("corridor_journal_failed {}\n", engine.journal_failed ? 1 : 0);

  const journal::BatchWriteFigures& w = engine.batch_writes;
  out +=
      "# HELP corridor_journal_sync_duration_seconds Time the journal writer takes to make one "
      "batch durable: its write plus fdatasync (group commit).\n";
  out += "# TYPE corridor_journal_sync_duration_seconds histogram\n";
  render_histogram(out, "corridor_journal_sync_duration_seconds", "", journal::kBatchWriteBucketsNs,
                   w.write_counts, 1e9,
                   fmt::format("{:.9f}", static_cast<double>(w.write_sum_ns) / 1e9));
  out += "# HELP corridor_journal_batch_commands Commands per journaled batch.\n";
  out += "# TYPE corridor_journal_batch_commands histogram\n";
  render_histogram(out, "corridor_journal_batch_commands", "", journal::kBatchCommandsBuckets,
                   w.commands_counts, 1.0, std::to_string(w.commands_sum));

  out +=
      "# HELP corridor_queued_payments Payments in the settlement queues now, by currency and "
      "priority.\n";
  out += "# TYPE corridor_queued_payments gauge\n";
  for (const CurrencyQueueFigures& q : engine.queues) {
    for (int p = 0; p < core::kPriorityCount; ++p) {
      out += fmt::format("corridor_queued_payments{{currency=\"{}\",priority=\"{}\"}} {}\n",
                         q.currency, core::to_string(static_cast<core::Priority>(p)),
                         q.queued_count_by_priority[p]);
    }
  }
  out +=
      "# HELP corridor_queued_value_minor_units Value of the payments in the settlement queues "
      "now, in minor units of the labelled currency (its ISO 4217 exponent: 12345 in CNY is "
      "123.45 CNY); never summed across currencies.\n";
  out += "# TYPE corridor_queued_value_minor_units gauge\n";
  for (const CurrencyQueueFigures& q : engine.queues) {
    out += fmt::format("corridor_queued_value_minor_units{{currency=\"{}\"}} {}\n", q.currency,
                       q.queued_value_minor);
  }
}

}  // namespace

std::string ServiceMetrics::render(const EngineFigures& engine) const {
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
    // Read each bucket once and accumulate: the series stays monotone and
    // +Inf equals _count even while observations race with the scrape.
    std::array<uint64_t, kLatencyBucketsS.size() + 1> counts{};
    for (size_t b = 0; b < counts.size(); ++b) {
      counts[b] = histogram.counts[b].load(std::memory_order_relaxed);
    }
    render_histogram(
        out, "corridor_request_duration_seconds",
        fmt::format("endpoint=\"{}\",", to_string(static_cast<EndpointFamily>(f))),
        kLatencyBucketsS, counts, 1.0,
        fmt::format("{:.9f}",
                    static_cast<double>(histogram.sum_ns.load(std::memory_order_relaxed)) / 1e9));
  }
  render_engine(out, engine);
  return out;
}

}  // namespace corridor::gateway
