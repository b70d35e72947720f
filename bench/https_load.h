// An event-driven HTTPS load generator for corridor_serve_bench: many mutual-TLS
// keep-alive connections served by few threads (as wrk does), each connection
// with one request in flight, sending until a deadline. A thread per
// connection (the blocking HttpsClient) spends a large share of a 2-core
// machine on context switches that the server under test then lacks.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace corridor::bench {

struct LoadOptions {
  uint16_t port = 0;
  std::string ca_certificate_pem;
  std::string certificate_pem;
  std::string private_key_pem;
  uint32_t connections = 32;
  uint32_t threads = 1;  // each runs its share of the connections
  std::chrono::steady_clock::time_point until;
  // Requests sent before this are a warm-up: answered but neither timed nor
  // passed to on_answer (the service's one-time costs, such as the first
  // touch of its preallocated tables, stay out of the figures).
  std::chrono::steady_clock::time_point measure_from;
  std::string target = "/v1/messages";
  // Writes the n-th request's body (n from 1, unique across connections) into
  // *body, which holds this connection's previous body (empty at first), so
  // that a body can be patched in place instead of built afresh; called on
  // the load's threads.
  std::function<void(uint64_t n, std::string* body)> body;
};

struct LoadResult {
  std::vector<int64_t> latencies_ns;  // one per answered request sent at or after measure_from
  std::vector<std::string> answers;   // bodies of 200 answers, when asked for
  uint64_t failed = 0;                // connections that failed or got another status
  std::string first_error;
};

// Runs the load to its deadline; `on_answer(body)` sees each 200 answer to a
// request sent at or after measure_from (on a load thread; may be empty).
LoadResult run_load(const LoadOptions& options,
                    const std::function<void(const std::string&)>& on_answer);

}  // namespace corridor::bench
