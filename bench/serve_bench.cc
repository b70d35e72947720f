// corridor_serve_bench: single-transaction pacs.008 messages over HTTPS with
// keep-alive from many client connections on loopback (an event-driven
// client, https_load.h), against an in-process
// `corridor serve` (Service) with a real, fdatasync'd journal. Prints payments/s
// and latency percentiles (docs/performance.md, "Service"). A plain program: one
// long run per figure, clients and server on the same machine.
#include <fmt/format.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "config_text.h"
#include "gateway/heap_tuning.h"
#include "gateway/pki.h"
#include "gateway/service.h"
#include "https_load.h"

namespace {

using namespace corridor;
using Clock = std::chrono::steady_clock;

// A version-4 UETR from a counter (unique per run): 36 characters.
std::string uetr_of(uint64_t n) {
  return fmt::format("{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}", static_cast<uint32_t>(n >> 32),
                     static_cast<uint32_t>((n >> 16) & 0xffff), 0, 0, n & 0xffffffffffffull);
}

// The group id of message n: fixed width, so that every message has the same length.
std::string group_id_of(uint64_t n) {
  return fmt::format("B{:012}", n);
}

// One pacs.008 of `transactions` transactions of 0.01 CNY; `n` makes its ids
// and UETRs unique (transaction i of message n is payment n * 1000 + i). As a
// bank's system writes it: no indentation.
std::string pacs008(uint64_t n, uint32_t transactions) {
  const std::string id = group_id_of(n);
  std::string txs;
  for (uint32_t i = 0; i < transactions; ++i) {
    txs += fmt::format(
        "<CdtTrfTxInf>"
        "<PmtId><InstrId>{0}-{1:03}</InstrId><EndToEndId>{0}-{1:03}</EndToEndId>"
        "<TxId>{0}-{1:03}</TxId><UETR>{2}</UETR></PmtId>"
        "<IntrBkSttlmAmt Ccy=\"CNY\">0.01</IntrBkSttlmAmt>"
        "<IntrBkSttlmDt>2026-11-30</IntrBkSttlmDt>"
        "<ChrgBr>SHAR</ChrgBr>"
        "<InstgAgt><FinInstnId><BICFI>LTSBCNB0</BICFI></FinInstnId></InstgAgt>"
        "<InstdAgt><FinInstnId><BICFI>SILKCNB0</BICFI></FinInstnId></InstdAgt>"
        "<Dbtr><Nm>Alice</Nm></Dbtr>"
        "<DbtrAgt><FinInstnId><BICFI>LTSBCNB0</BICFI></FinInstnId></DbtrAgt>"
        "<CdtrAgt><FinInstnId><BICFI>SILKCNB0</BICFI></FinInstnId></CdtrAgt>"
        "<Cdtr><Nm>Bob</Nm></Cdtr>"
        "</CdtTrfTxInf>",
        id, i, uetr_of(n * 1000 + i));
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Envelope>"
      "<AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\">"
      "<Fr><FIId><FinInstnId><BICFI>LTSBCNB0</BICFI></FinInstnId></FIId></Fr>"
      "<To><FIId><FinInstnId><BICFI>CRDRCHZ0</BICFI></FinInstnId></FIId></To>"
      "<BizMsgIdr>{0}</BizMsgIdr><MsgDefIdr>pacs.008.001.08</MsgDefIdr>"
      "<CreDt>2026-11-30T10:00:00Z</CreDt></AppHdr>"
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\">"
      "<FIToFICstmrCdtTrf>"
      "<GrpHdr><MsgId>{0}</MsgId><CreDtTm>2026-11-30T10:00:00Z</CreDtTm><NbOfTxs>{1}</NbOfTxs>"
      "<SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf></GrpHdr>{2}"
      "</FIToFICstmrCdtTrf></Document></Envelope>\n",
      id, transactions, txs);
}

// Message n as pacs008(n) makes it, but by patching message 0's bytes: where
// message 0 has its group id or a UETR, message n has its own, of the same
// width. The client then costs a copy per message instead of a formatting
// pass, and leaves the shared CPUs to the server under test.
class MessageTemplate {
 public:
  explicit MessageTemplate(uint32_t transactions)
      : transactions_(transactions), bytes_(pacs008(0, transactions)) {
    const std::string id = group_id_of(0);
    for (size_t at = bytes_.find(id); at != std::string::npos; at = bytes_.find(id, at + 1)) {
      id_offsets_.push_back(at);
    }
    for (uint32_t i = 0; i < transactions; ++i) {
      uetr_offsets_.push_back(bytes_.find(uetr_of(i)));
    }
  }

  // Makes *out message n; when it already holds another message of this
  // template, only the ids are rewritten, digit by digit in place (no
  // formatting, no allocation: the client shares the CPUs with the server).
  void write(uint64_t n, std::string* out) const {
    if (out->size() != bytes_.size()) *out = bytes_;
    char* bytes = out->data();
    for (size_t at : id_offsets_) put_decimal(bytes + at + 1, n, 12);  // "B" and 12 digits
    for (uint32_t i = 0; i < transactions_; ++i) put_uetr(bytes + uetr_offsets_[i], n * 1000 + i);
  }
  std::string message(uint64_t n) const {
    std::string out;
    write(n, &out);
    return out;
  }

 private:
  static void put_hex(char* at, uint64_t value, int digits) {
    for (int d = digits - 1; d >= 0; --d, value >>= 4) at[d] = "0123456789abcdef"[value & 0xF];
  }
  static void put_decimal(char* at, uint64_t value, int digits) {
    for (int d = digits - 1; d >= 0; --d, value /= 10) at[d] = static_cast<char>('0' + value % 10);
  }
  // As uetr_of(n): the 4 and 8 (and the zeros after them) are the template's already.
  static void put_uetr(char* at, uint64_t n) {
    put_hex(at, n >> 32, 8);
    put_hex(at + 9, (n >> 16) & 0xffff, 4);
    put_hex(at + 24, n & 0xffffffffffffull, 12);
  }

  uint32_t transactions_;
  std::string bytes_;
  std::vector<size_t> id_offsets_;
  std::vector<size_t> uetr_offsets_;
};

// Settled transactions in a pacs.002: its ACSC statuses. memmem skips ahead
// by whole words, not from one "<" to the next as string::find does.
uint64_t count_settled(const std::string& body) {
  static constexpr std::string_view kSettled = "<TxSts>ACSC</TxSts>";
  uint64_t count = 0;
  const char* at = body.data();
  const char* const end = body.data() + body.size();
  while (const void* found =
             ::memmem(at, static_cast<size_t>(end - at), kSettled.data(), kSettled.size())) {
    ++count;
    at = static_cast<const char*>(found) + kSettled.size();
  }
  return count;
}

// User and system CPU time of the whole process so far.
double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double percentile_ms(std::vector<int64_t>& ns, double p) {
  if (ns.empty()) return 0;
  const size_t at =
      std::min(ns.size() - 1, static_cast<size_t>(p * static_cast<double>(ns.size())));
  std::nth_element(ns.begin(), ns.begin() + static_cast<std::ptrdiff_t>(at), ns.end());
  return static_cast<double>(ns[at]) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"corridor_serve_bench: pacs.008 over HTTPS against an in-process service"};
  uint32_t clients = 16;
  double seconds = 5;
  uint32_t io_threads = 2;
  uint32_t transactions = 1;
  std::string dir_base = std::filesystem::temp_directory_path().string();
  uint32_t client_threads = 1;
  app.add_option("--clients", clients, "client connections");
  app.add_option("--client-threads", client_threads,
                 "threads running the client connections (event-driven, as wrk)");
  app.add_option("--seconds", seconds, "how long the clients send, measured");
  double warmup_seconds = 2;
  app.add_option("--warmup", warmup_seconds,
                 "how long they send first, unmeasured (the service's start-up transients: the "
                 "first touch of its preallocated exactly-once table)");
  app.add_option("--io-threads", io_threads, "the server's I/O threads");
  app.add_option("--transactions", transactions, "transactions per pacs.008 (1 to 999)")
      ->check(CLI::Range(1, 999));
  bool restart = false;
  app.add_flag("--restart", restart,
               "after the load, time a restart of the service on its journal (recovery: the core, "
               "the participant views and the message index rebuilt)");
  app.add_option("--dir", dir_base, "where the journal and PKI go (a temporary directory in it)");
  CLI11_PARSE(app, argc, argv);

  std::string pattern = dir_base + "/corridor-serve-bench.XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    fmt::print(stderr, "cannot create a directory in {}\n", dir_base);
    return 1;
  }
  const std::filesystem::path dir = pattern;
  gateway::ServiceConfig config = gateway::parse_service_config(
      // Liquidity for millions of 0.01 payments, no rate limit in the way, and
      // room for 64 connections with a 100-transaction message each in flight
      // (the default queue_len_max, 4,096 payments, answers 503 beyond 40).
      gateway::testing::replaced(gateway::testing::kSmallConfig, "opening_balance = \"1000.50\"",
                                 "opening_balance = \"100000000\"") +
          "\n[limits]\nrate_limit_per_second = 1000000\nrate_limit_burst = 1000000\nqueue_len_max "
          "= 65536\n",
      "bench.toml");
  config.service.listen_port = 0;
  // Room for every payment of the run in the exactly-once index (as an
  // operator sizes it for a day, docs/service.md): 2M payments, a 256 MiB table.
  config.service.exactly_once_payments_reserved = uint64_t{1} << 21;
  // And in the views' and the message index's tables (3 x 24 bytes a slot).
  config.service.views_payments_reserved = uint64_t{1} << 21;
  config.service.journal_dir = (dir / "journal").string();
  config.tls.pki_dir = (dir / "pki").string();
  gateway::init_pki(config.tls.pki_dir, config, false);
  gateway::JsonLog log([](const std::string&) {});
  gateway::ServiceOptions options;
  options.io_threads = io_threads;
  gateway::keep_freed_heap_memory();  // as corridor serve does
  auto service = std::make_unique<gateway::Service>(config, log, options);
  service->start();
  const std::string pki = config.tls.pki_dir + "/";

  std::atomic<uint64_t> settled{0}, other{0};
  const auto start = Clock::now();
  bench::LoadOptions load;
  load.port = service->port();
  load.ca_certificate_pem = pki + "ca.pem";
  load.certificate_pem = pki + "LTSBCNB0.pem";
  load.private_key_pem = pki + "LTSBCNB0.key";
  load.connections = clients;
  load.threads = client_threads;
  load.measure_from = start + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(warmup_seconds));
  load.until = load.measure_from +
               std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  const MessageTemplate messages(transactions);
  // The patching must give exactly what formatting gives (checked once, for a
  // message number with every digit in use).
  std::string patched = messages.message(1);  // and over another message's bytes
  messages.write(987654321, &patched);
  if (messages.message(987654321) != pacs008(987654321, transactions) ||
      patched != pacs008(987654321, transactions)) {
    fmt::print(stderr, "the message template does not reproduce pacs008()\n");
    return 1;
  }
  load.body = [&messages](uint64_t n, std::string* body) { messages.write(n, body); };
  // The process's CPU time (server and client) at the start of the measured
  // window: CPU per payment is steadier than payments/s on a shared machine.
  double cpu_at_measure_s = 0;
  std::thread cpu_sampler([&] {
    std::this_thread::sleep_until(load.measure_from);
    cpu_at_measure_s = process_cpu_seconds();
  });
  bench::LoadResult result = bench::run_load(load, [&](const std::string& answer) {
    const uint64_t acsc = count_settled(answer);
    settled += acsc;
    other += transactions - acsc;
  });
  std::vector<int64_t>& latencies_ns = result.latencies_ns;
  const uint64_t failed = result.failed;
  if (!result.first_error.empty()) fmt::print(stderr, "first failure: {}\n", result.first_error);
  // The measured window: from measure_from to the last answer.
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - load.measure_from).count();
  cpu_sampler.join();
  const double cpu_s = process_cpu_seconds() - cpu_at_measure_s;
  service->stop();
  service.reset();  // releases the journal
  double restart_s = 0;
  if (restart) {
    const auto restart_start = Clock::now();
    gateway::Service again(config, log, options);
    restart_s = std::chrono::duration<double>(Clock::now() - restart_start).count();
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);

  const uint64_t answered = latencies_ns.size() * transactions;
  fmt::print(
      "clients {} (on {} threads) io_threads {} transactions/message {} warm-up {:.1f} s, "
      "measured {:.1f} s: {} "
      "payments answered ({} "
      "settled, {} other, {} failed requests), {:.0f} payments/s; request latency p50 {:.2f} ms, "
      "p99 {:.2f} ms, max {:.2f} ms\n",
      clients, client_threads, io_threads, transactions, warmup_seconds, elapsed_s, answered,
      settled.load(), other.load(), failed, static_cast<double>(answered) / elapsed_s,
      percentile_ms(latencies_ns, 0.50), percentile_ms(latencies_ns, 0.99),
      percentile_ms(latencies_ns, 1.0));
  fmt::print(
      "CPU in the measured window (server and client): {:.2f} of {} CPUs busy, {:.2f} us a "
      "payment\n",
      cpu_s / elapsed_s, std::thread::hardware_concurrency(),
      answered == 0 ? 0.0 : cpu_s * 1e6 / static_cast<double>(answered));
  if (restart) {
    fmt::print("restart on the journal of {} payments: {:.2f} s ({:.2f} us a payment)\n", answered,
               restart_s, answered == 0 ? 0.0 : restart_s * 1e6 / static_cast<double>(answered));
  }
  return failed == 0 ? 0 : 1;
}
