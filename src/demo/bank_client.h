// One simulated direct bank: its own TLS connection with its own
// certificate (gateway/https_client.h), posting its traffic (traffic_model.h)
// at the planned times and counting what the pacs.002 answers say.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "demo/demo_stats.h"
#include "demo/traffic_model.h"

namespace corridor::demo {

struct BankClientContext {
  const TrafficModel* model = nullptr;
  uint16_t port = 0;
  std::string pki_dir;  // ca.pem and <BIC>.pem / <BIC>.key
  std::chrono::steady_clock::time_point start;
  std::chrono::steady_clock::time_point end;  // nothing is sent after this
  const std::atomic<bool>* stop = nullptr;    // set: end now (SIGINT)
  DemoStats* stats = nullptr;
};

// Sends bank `bank`'s payments at their planned times until its traffic or
// the run ends; a bank that has fallen behind stops at the end and counts
// what it did not send (DemoStats::not_sent). A payment
// answered 429 or 503 is resent after Retry-After (exactly-once makes that
// safe); a broken connection is reopened and the payment resent, up to three
// times in a row before the bank gives up (DemoStats::bank_failed).
void run_bank_client(const BankClientContext& context, size_t bank);

}  // namespace corridor::demo
