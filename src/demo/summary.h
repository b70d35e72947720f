// The demo's closing report: what was settled, queued and rejected, the
// largest queue, throughput, latency and the journal's position; then the
// commands that query what the run left behind (docs/service.md, "The demo").
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/money.h"
#include "demo/demo_stats.h"
#include "demo/fx_dns_setup.h"
#include "demo/queue_monitor.h"
#include "demo/traffic_model.h"

namespace corridor::demo {

struct DemoSummary {
  const TrafficModel* model = nullptr;
  double elapsed_s = 0;      // from the start of the traffic to the last answer
  bool interrupted = false;  // SIGINT or SIGTERM ended the traffic early
  StatsSnapshot stats;
  // Per currency index: settled at entry, and answered queued but since settled.
  std::vector<uint64_t> settled_at_entry_count;
  std::vector<core::AmountMinor> settled_at_entry_minor;
  std::vector<uint64_t> settled_after_queue_count;
  std::vector<core::AmountMinor> settled_after_queue_minor;
  QueueFigures queued_at_end;
  QueuePeaks peaks{0};
  std::map<std::string, DemoStats::Rejections> rejected_by_reason;
  std::vector<int64_t> latencies_ns;  // every answered request
  uint64_t journal_last_seq = 0;
  std::string journal_head;                 // hex
  std::string journal_fault;                // empty when the journal verified
  std::vector<DnsCycleOutcome> dns_cycles;  // settled after the traffic, per currency

  uint64_t settled_total() const;
};

std::string format_summary(const DemoSummary& summary);

// Where the run left its data, for the commands that query it.
struct QueryHints {
  std::string corridor;     // how to run the executable, e.g. ./build/release/corridor
  std::string config_path;  // the configuration the demo read
  std::string pki_dir;
  std::string journal_dir;
  uint16_t port = 0;
  bool running = false;         // the service is still up (--keep-running)
  std::string example_message;  // a pacs.008 to post ("" when none), sent by example_sender
  std::string example_sender;   // the BIC whose certificate posts it
  std::string reader;           // a participant certificate for /healthz and its own data
  // A payment the reader received in the run ("" when none): for tracking and its receipt.
  std::string sample_uetr;
};

// The curl commands of the endpoints docs/api.md documents (health, metrics,
// a message, the reader's inbox, accounts and intraday report, a payment's
// tracking and finality receipt), `corridor admin` and `corridor journal
// verify`, and when the service has stopped, how to start it again on the
// demo's journal.
std::string format_queries(const QueryHints& hints);

// The p-quantile (0 <= p <= 1) of latencies, in milliseconds (0 when empty).
double percentile_ms(std::vector<int64_t> latencies_ns, double p);

}  // namespace corridor::demo
