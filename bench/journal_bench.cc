// corridor_journal_bench: durable throughput of the journal engine (issue 3,
// "Benchmarks"), recovery and snapshot speed, and the disk's own figures,
// all measured in one run so that each engine figure can be read against the
// ceiling of the same disk at the same moment (docs/performance.md, "Journal:
// durable throughput and recovery").
//
// Sections, in order:
//   1. machine and filesystem facts; the disk alone: append + fdatasync of 4 KiB,
//      of groups of 128-byte records, and sequential write bandwidth;
//   2. the engine with writer.sync = true for each batch size: payments/s from
//      the first submit to the last acknowledgement, batches, syncs/s, MB/s,
//      acknowledgement latency and the CPU time of each engine thread;
//   3. recovery of the largest run's journal: with its snapshots, full replay
//      with and without SHA-256 checking, warm and cold cache, and the scan alone;
//   4. a snapshot of the state after the run: save, write, load;
//   5. each pipeline stage alone on one thread (encode + hash, write + sync,
//      apply), to show which one limits the pipeline.
#include <stdlib.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "core/core.h"
#include "disk_probe.h"
#include "journal/engine.h"
#include "journal/hash.h"
#include "journal/journal_reader.h"
#include "journal/machine.h"
#include "journal/record_format.h"
#include "journal/recovery.h"
#include "journal/segment_writer.h"
#include "journal/snapshot_store.h"
#include "journal/submission.h"
#include "journal/submission_index.h"
#include "workload.h"

namespace corridor::bench {
namespace {

namespace fs = std::filesystem;
using journal::Submission;
using Clock = std::chrono::steady_clock;

// Enough that no participant runs dry even if it paid every payment of a run
// (at most 1,000 minor units each): every payment settles on entry, as in
// corridor_bench's throughput case, so the apply stage is the core's fast path.
constexpr core::AmountMinor kLiquidityEach = 1'000'000'000'000;
// One submission in this many has its acknowledgement latency recorded: two
// clock reads per payment would cost the apply thread a few percent.
constexpr uint64_t kLatencySampleEvery = 16;
constexpr size_t kPrefetchDistance = 8;  // as in corridor_bench (docs/performance.md)
constexpr double kMB = 1e6;

// Results of work that is only timed go here, so the compiler cannot drop the work.
volatile uint64_t g_sink = 0;

struct Flags {
  std::string dir = ".";
  uint64_t payments = 2'000'000;         // batches of 1,000 and more
  uint64_t payments_batch100 = 500'000;  // batches of 100
  uint64_t payments_batch1 = 20'000;     // batches of 1: latency-bound
  uint32_t participants = 1000;
  std::vector<uint32_t> batches = {1, 100, 1000, 8000};
  int64_t batch_wait_ns = 1'000'000;
  uint32_t window_batches = 4;
  uint64_t snapshot_every = 1'000'000;
  double probe_seconds = 1.0;
  uint64_t sequential_mb = 256;
  bool stages = true;
  bool with_no_snapshot_run = true;
  bool disk_probes = true;
  bool recovery = true;
  bool keep = false;
  bool quick = false;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

std::string with_commas(double value) {
  const auto v = static_cast<unsigned long long>(value + 0.5);
  std::string digits = std::to_string(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string first_line_with(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(key)) {
      const size_t colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  }
  return "?";
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// ---------------------------------------------------------------------------
// Workload

struct Workload {
  std::vector<Submission> setup;     // currency, central bank, participants, funding
  std::vector<Submission> payments;  // timestamps increasing, UETRs and message ids distinct
  std::vector<core::Command> setup_commands;
  double entry_bytes = 0;  // mean bytes of a payment's entry in a batch record
};

Submission operator_submission(core::Command command) {
  Submission s;
  s.command = std::move(command);
  return s;
}

Workload make_workload(uint32_t participants, uint64_t payments) {
  Workload w;
  CommandSource source(0x10BE0C4);
  const core::CurrencyCode eur = bench_currency();
  const core::Bic cb = central_bank_bic();
  w.setup_commands.push_back(source.next(core::DefineCurrency{eur, 2}));
  w.setup_commands.push_back(source.next(core::AddParticipant{
      cb, "Central bank", core::ParticipantKind::kCentralBank, core::Bic(), eur}));
  w.setup_commands.push_back(source.next(core::OpenAccount{cb, eur}));
  std::vector<core::Bic> bics;
  for (uint32_t i = 0; i < participants; ++i) {
    const core::Bic bic = participant_bic(i);
    bics.push_back(bic);
    w.setup_commands.push_back(source.next(
        core::AddParticipant{bic, "Bank " + std::to_string(i), core::ParticipantKind::kDirect,
                             core::Bic(), core::CurrencyCode()}));
    w.setup_commands.push_back(source.next(core::OpenAccount{bic, eur}));
    w.setup_commands.push_back(source.liquidity(cb, bic, kLiquidityEach));
  }
  for (const core::Command& c : w.setup_commands) w.setup.push_back(operator_submission(c));

  SplitMix64 rng(0x5EED7);
  w.payments.reserve(payments);
  for (uint64_t n = 0; n < payments; ++n) {
    const uint32_t debtor = static_cast<uint32_t>(rng.below(participants));
    const uint32_t creditor =
        static_cast<uint32_t>((debtor + 1 + rng.below(participants - 1)) % participants);
    Submission s;
    s.sender = bics[debtor];  // banks submit their own payments
    s.message_id.assign("M" + std::to_string(n + 1));
    s.command = source.payment(bics[debtor], bics[creditor], rng.between(1, 1000));
    w.payments.push_back(std::move(s));
  }
  std::vector<uint8_t> encoded;
  const size_t measured = std::min<size_t>(w.payments.size(), 100'000);
  for (size_t i = 0; i < measured; ++i) journal::encode_submission(w.payments[i], &encoded);
  w.entry_bytes = measured == 0 ? 0 : 4.0 + static_cast<double>(encoded.size()) / measured;
  return w;
}

// ---------------------------------------------------------------------------
// Per-thread CPU time, from /proc/self/task/<tid>/schedstat: nanoseconds on a
// CPU and nanoseconds runnable but waiting for one. The second one shows
// contention for the machine's cores directly.

struct ThreadTimes {
  uint64_t run_ns = 0;
  uint64_t wait_ns = 0;
  uint64_t voluntary_switches = 0;    // blocked: waited for a lock, a condition or I/O
  uint64_t involuntary_switches = 0;  // preempted: another thread took its core
  uint64_t minor_faults = 0;          // mostly first touches of freshly grown tables
};

// Field `number` (1-based, as in proc(5)) of /proc/.../stat, after the command name.
uint64_t stat_field(const std::string& stat, int number) {
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  for (int i = 3; i <= number && fields >> field; ++i) {
    if (i == number) return std::stoull(field);
  }
  return 0;
}

std::map<int, ThreadTimes> thread_times() {
  std::map<int, ThreadTimes> out;
  for (const auto& entry : fs::directory_iterator("/proc/self/task")) {
    const int tid = std::atoi(entry.path().filename().c_str());
    ThreadTimes t;
    std::ifstream schedstat(entry.path() / "schedstat");
    if (!(schedstat >> t.run_ns >> t.wait_ns)) continue;
    std::ifstream status(entry.path() / "status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.starts_with("voluntary_ctxt_switches:")) {
        t.voluntary_switches = std::stoull(line.substr(line.find(':') + 1));
      } else if (line.starts_with("nonvoluntary_ctxt_switches:")) {
        t.involuntary_switches = std::stoull(line.substr(line.find(':') + 1));
      }
    }
    std::ifstream stat(entry.path() / "stat");
    std::string text;
    std::getline(stat, text);
    t.minor_faults = stat_field(text, 10);
    out[tid] = t;
  }
  return out;
}

ThreadTimes delta(const std::map<int, ThreadTimes>& before, const std::map<int, ThreadTimes>& after,
                  int tid) {
  ThreadTimes d;
  const auto a = after.find(tid);
  if (a == after.end()) return d;
  const auto b = before.find(tid);
  const ThreadTimes zero;
  const ThreadTimes& from = b == before.end() ? zero : b->second;
  d.run_ns = a->second.run_ns - from.run_ns;
  d.wait_ns = a->second.wait_ns - from.wait_ns;
  d.voluntary_switches = a->second.voluntary_switches - from.voluntary_switches;
  d.involuntary_switches = a->second.involuntary_switches - from.involuntary_switches;
  d.minor_faults = a->second.minor_faults - from.minor_faults;
  return d;
}

// ---------------------------------------------------------------------------
// Engine runs

uint64_t segment_bytes(const std::string& dir) {
  uint64_t total = 0;
  for (const fs::path& d : {fs::path(dir), fs::path(dir) / "archive"}) {
    std::error_code ec;
    for (fs::directory_iterator it(d, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.starts_with("journal-") && name.ends_with(".seg")) total += it->file_size();
    }
  }
  return total;
}

std::vector<std::string> segment_paths(const std::string& dir) {
  std::vector<std::string> out;
  for (const fs::path& d : {fs::path(dir), fs::path(dir) / "archive"}) {
    std::error_code ec;
    for (fs::directory_iterator it(d, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.starts_with("journal-") && name.ends_with(".seg")) out.push_back(it->path());
    }
  }
  return out;
}

// Counts acknowledgements on the apply thread and lets the producer wait,
// without a lock per acknowledgement, until the number in flight has dropped.
class Acks {
 public:
  Acks(uint64_t total, uint64_t sampled) : total_(total), ack_ns_(sampled, 0) {}

  void on_ack(uint64_t n, const journal::Ack& ack) {
    if (ack.status != journal::AckStatus::kApplied) {
      ++failed_;
    } else if (ack.applied.result.outcome == core::Outcome::kSettled) {
      ++settled_;
    } else if (!ack.applied.result.ok()) {
      ++rejected_;
    }
    if (n % kLatencySampleEvery == 0) ack_ns_[n / kLatencySampleEvery] = now_ns();
    const uint64_t done = ++done_local_;
    if (done == total_) last_ack_ns_ = now_ns();
    // seq_cst on both sides (here and in wait_until) so that either the
    // producer sees this count or this thread sees the producer's wake_at_.
    done_.store(done);
    if (done >= wake_at_.load()) {
      { std::lock_guard lock(mutex_); }
      changed_.notify_one();
    }
  }

  void wait_until(uint64_t done) {
    if (done_.load() >= done) return;
    std::unique_lock lock(mutex_);
    wake_at_.store(done);
    changed_.wait(lock, [&] { return done_.load() >= done; });
    wake_at_.store(UINT64_MAX);
  }

  uint64_t done() const { return done_.load(); }
  uint64_t settled() const { return settled_; }
  uint64_t failed() const { return failed_; }
  uint64_t rejected() const { return rejected_; }
  int64_t last_ack_ns() const { return last_ack_ns_; }
  const std::vector<int64_t>& ack_ns() const { return ack_ns_; }

 private:
  const uint64_t total_;
  uint64_t done_local_ = 0;  // apply thread only
  uint64_t settled_ = 0;
  uint64_t failed_ = 0;
  uint64_t rejected_ = 0;
  int64_t last_ack_ns_ = 0;
  std::vector<int64_t> ack_ns_;
  std::atomic<uint64_t> done_{0};
  std::atomic<uint64_t> wake_at_{UINT64_MAX};
  std::mutex mutex_;
  std::condition_variable changed_;
};

struct EngineRun {
  std::string label;  // the batch size, and what differs from the default run
  uint32_t batch_max = 0;
  uint64_t payments = 0;
  double seconds = 0;
  uint64_t batches = 0;
  uint64_t snapshots = 0;
  uint64_t journal_bytes = 0;
  uint64_t settled = 0;
  uint64_t failed = 0;
  double ack_p50_us = 0;
  double ack_p99_us = 0;
  double ack_max_us = 0;
  // The longest pauses in the stream of acknowledgements (between sampled
  // ones): milliseconds, and the payment number where each ended.
  std::vector<std::pair<double, uint64_t>> stalls;
  // CPU of each thread during the run: producer (this thread), then the engine's.
  ThreadTimes producer, sequencer, writer, apply, snapshotter;
  bool threads_known = false;
  uint64_t state_hash = 0;
  uint64_t last_seq = 0;
  // The disk alone just before the run: append + fdatasync of records the size
  // of this run's full batches, so the run can be read against its ceiling.
  SyncLoopResult ceiling;
  std::string error;
  double payments_per_s() const { return seconds > 0 ? payments / seconds : 0; }
  double ceiling_payments_per_s() const { return ceiling.syncs_per_s() * batch_max; }
};

// `payments_expected` sizes the duplicate and exactly-once indexes up front, as
// an operator sizes them for a day's volume, so that no rehash pauses the run.
journal::EngineOptions engine_options(const std::string& dir, uint64_t payments_expected = 0) {
  journal::EngineOptions o;
  o.dir = dir;
  o.core_config.uetrs_reserved = payments_expected + 4096;
  o.index_keys_reserved = 2 * payments_expected + 4096;
  o.writer.sync = true;
  o.log = [](const std::string&) {};  // the table says what matters; snapshots are counted
  return o;
}

// Writes the setup (participants and their funding) with a first engine, so
// that the measured engine starts from a funded journal as after a restart.
std::string write_setup(const std::string& dir, const Workload& w) {
  journal::EngineOptions o = engine_options(dir);
  o.batch_commands_max = 8192;
  o.batch_wait_ns = 0;
  o.snapshot_every_commands = 0;
  auto engine = journal::Engine::open(o);
  uint64_t bad = 0;
  for (const Submission& s : w.setup) {
    engine->submit(s, [&bad](const journal::Ack& ack) {
      if (ack.status != journal::AckStatus::kApplied || !ack.applied.result.ok()) ++bad;
    });
  }
  engine->flush();
  engine->stop();
  return bad == 0 ? "" : std::to_string(bad) + " setup commands were not applied";
}

// Bytes of a batch record of `count` payments (record_format.h: header,
// entries with their u32 length, trailer).
uint64_t record_bytes_for(uint32_t count, double entry_bytes) {
  return journal::kBatchHeaderBytes + journal::kBatchTrailerBytes +
         static_cast<uint64_t>(count * entry_bytes + 0.5);
}

EngineRun run_engine(const std::string& dir, const Workload& w, uint64_t payments,
                     uint32_t batch_max, uint64_t snapshot_every, const Flags& flags) {
  EngineRun run;
  run.batch_max = batch_max;
  run.label = with_commas(batch_max);
  if (snapshot_every != flags.snapshot_every) {
    run.label += snapshot_every == 0 ? " (no snapshots)"
                                     : " (snapshot every " + with_commas(snapshot_every) + ")";
  }
  run.payments = std::min<uint64_t>(payments, w.payments.size());
  run.error = write_setup(dir, w);
  if (!run.error.empty()) return run;
  // Copied outside the timed region; submit() then moves each one in.
  std::vector<Submission> todo(w.payments.begin(),
                               w.payments.begin() + static_cast<ptrdiff_t>(run.payments));

  journal::EngineOptions o = engine_options(dir, run.payments);
  o.batch_commands_max = batch_max;
  // A batch of one never waits; a larger batch waits at most this long to fill.
  o.batch_wait_ns = batch_max > 1 ? flags.batch_wait_ns : 0;
  o.snapshot_every_commands = snapshot_every;
  fs::create_directories(dir);
  run.ceiling = append_sync_loop(dir, record_bytes_for(batch_max, w.entry_bytes),
                                 flags.probe_seconds, 256u << 20);
  const auto threads_before_open = thread_times();
  auto engine = journal::Engine::open(o);
  const auto threads_at_start = thread_times();
  // Engine::open starts its threads in this order (engine.cc): snapshotter,
  // apply, writer, sequencer; thread ids are handed out in increasing order.
  std::vector<int> engine_tids;
  for (const auto& [tid, t] : threads_at_start) {
    if (!threads_before_open.contains(tid)) engine_tids.push_back(tid);
  }
  run.threads_known = engine_tids.size() == 4;
  const uint64_t bytes_before = segment_bytes(dir);

  const uint64_t sampled = (run.payments + kLatencySampleEvery - 1) / kLatencySampleEvery;
  Acks acks(run.payments, sampled);
  std::vector<int64_t> submit_ns(sampled, 0);
  const uint64_t window = uint64_t{flags.window_batches} * batch_max;
  uint64_t allowed = window;  // submissions that may be made before the next wait
  const int64_t start_ns = now_ns();
  for (uint64_t n = 0; n < run.payments; ++n) {
    if (window > 0 && n >= allowed) {
      // Wait for a batch's worth of room, then submit up to the window again
      // without looking: waking per acknowledgement would make the producer
      // and the apply thread take turns on a core every few payments.
      acks.wait_until(n - window + batch_max);
      allowed = acks.done() + window;
    }
    if (n % kLatencySampleEvery == 0) submit_ns[n / kLatencySampleEvery] = now_ns();
    engine->submit(std::move(todo[n]),
                   [&acks, n](const journal::Ack& ack) { acks.on_ack(n, ack); });
  }
  engine->flush();
  const auto threads_at_end = thread_times();
  run.seconds = static_cast<double>(acks.last_ack_ns() - start_ns) / 1e9;
  const journal::EngineStats stats = engine->stats();
  run.batches = stats.batches;
  run.snapshots = stats.snapshots;
  engine->inspect([&](const journal::Machine& m) {
    run.state_hash = m.state_hash();
    run.last_seq = m.last_seq();
  });
  if (engine->failed()) run.error = "engine failed: " + engine->failure();
  engine->stop();
  engine.reset();
  run.journal_bytes = segment_bytes(dir) - bytes_before;
  run.settled = acks.settled();
  run.failed = acks.failed();
  if (run.error.empty() && (run.failed > 0 || acks.rejected() > 0)) {
    run.error = std::to_string(run.failed) + " not acknowledged, " +
                std::to_string(acks.rejected()) + " rejected";
  }

  std::vector<double> latencies_us;
  for (uint64_t i = 0; i < sampled; ++i) {
    latencies_us.push_back(static_cast<double>(acks.ack_ns()[i] - submit_ns[i]) / 1e3);
  }
  for (uint64_t i = 1; i < sampled; ++i) {
    const double gap_ms = static_cast<double>(acks.ack_ns()[i] - acks.ack_ns()[i - 1]) / 1e6;
    run.stalls.emplace_back(gap_ms, i * kLatencySampleEvery);
  }
  const size_t kept = std::min<size_t>(3, run.stalls.size());
  std::partial_sort(run.stalls.begin(), run.stalls.begin() + kept, run.stalls.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  run.stalls.resize(kept);
  run.ack_p50_us = percentile(latencies_us, 50);
  run.ack_p99_us = percentile(latencies_us, 99);
  run.ack_max_us = latencies_us.empty() ? 0 : latencies_us.back();

  run.producer = delta(threads_at_start, threads_at_end, static_cast<int>(::gettid()));
  if (run.threads_known) {
    std::sort(engine_tids.begin(), engine_tids.end());
    run.snapshotter = delta(threads_at_start, threads_at_end, engine_tids[0]);
    run.apply = delta(threads_at_start, threads_at_end, engine_tids[1]);
    run.writer = delta(threads_at_start, threads_at_end, engine_tids[2]);
    run.sequencer = delta(threads_at_start, threads_at_end, engine_tids[3]);
  }
  return run;
}

// ---------------------------------------------------------------------------
// Recovery

struct Timed {
  std::string what;
  double seconds = 0;
  uint64_t commands = 0;  // replayed, or scanned
  std::string note;
};

uint64_t machine_hash_after(const journal::Recovered& r) {
  return r.machine ? r.machine->state_hash() : 0;
}

std::vector<Timed> measure_recovery(const std::string& dir, const std::string& aside,
                                    const EngineRun& run, std::string* error,
                                    std::unique_ptr<journal::Machine>* machine_out,
                                    journal::Hash256* head_out) {
  std::vector<Timed> out;
  auto check = [&](const journal::Recovered& r, const char* what) {
    if (machine_hash_after(r) != run.state_hash || r.report.last_seq != run.last_seq) {
      *error = std::string(what) + ": the recovered state differs from the engine's";
    }
  };
  // Sized for the journal's volume, as the engine that wrote it was.
  const journal::EngineOptions sized = engine_options(dir, run.payments);
  journal::RecoveryOptions verify;
  verify.verify_hash = true;
  verify.core_config = sized.core_config;
  verify.index_keys_reserved = sized.index_keys_reserved;
  journal::RecoveryOptions fast = verify;
  fast.verify_hash = false;

  {
    journal::Recovered r = journal::recover(dir, verify);
    check(r, "recovery with snapshots");
    Timed t{"recover(), newest snapshot + replay after it, SHA-256 checked", r.report.seconds,
            r.report.replayed_commands, ""};
    t.note = r.report.snapshot_path.empty()
                 ? "no snapshot"
                 : "snapshot at " + with_commas(static_cast<double>(r.report.snapshot_seq)) +
                       " (load included); every segment still scanned and checked";
    out.push_back(t);
  }
  // Full replay: the snapshots are moved out of the directory, not deleted.
  fs::create_directories(aside);
  for (const journal::SnapshotFile& s : journal::list_snapshots(dir)) {
    fs::rename(s.path, fs::path(aside) / fs::path(s.path).filename());
  }
  {
    journal::Recovered r = journal::recover(dir, verify);
    check(r, "full replay");
    out.push_back(Timed{"recover(), no snapshot: full replay, SHA-256 checked", r.report.seconds,
                        r.report.replayed_commands, "page cache warm"});
  }
  {
    journal::Recovered r = journal::recover(dir, fast);
    check(r, "full replay without SHA-256");
    out.push_back(Timed{"recover(), full replay, checksums only (verify_hash=false)",
                        r.report.seconds, r.report.replayed_commands, "page cache warm"});
  }
  for (const bool verify_hash : {true, false}) {
    journal::ScanOptions so;
    so.verify_hash = verify_hash;
    so.include_archive = true;
    const auto start = Clock::now();
    uint64_t commands = 0;
    const journal::ScanResult scan =
        journal::scan_journal(dir, so, [&](const journal::BatchAt& at) {
          commands += at.batch.header.command_count;
          return true;
        });
    const double seconds = seconds_since(start);
    if (scan.fault) *error = "scan: " + scan.fault->to_string();
    out.push_back(Timed{verify_hash ? "scan_journal() alone, SHA-256 checked (no apply)"
                                    : "scan_journal() alone, checksums only (no apply)",
                        seconds, commands, "read + parse + checks"});
  }
  {
    // Decoding without applying separates the codec's cost from the machine's.
    journal::ScanOptions so;
    so.verify_hash = true;
    so.include_archive = true;
    const auto start = Clock::now();
    uint64_t commands = 0;
    uint64_t digests = 0;
    journal::scan_journal(dir, so, [&](const journal::BatchAt& at) {
      journal::for_each_entry(at.batch, [&](uint32_t, std::span<const uint8_t> encoded) {
        auto decoded = journal::decode_submission(encoded);
        digests += journal::submission_content_digest(encoded);
        commands += std::holds_alternative<Submission>(decoded);
      });
      return true;
    });
    const double seconds = seconds_since(start);
    g_sink = g_sink + digests;
    out.push_back(Timed{"scan + decode every submission, SHA-256 checked (no apply)", seconds,
                        commands, "codec cost = this minus the scan above"});
  }
  {
    bool dropped = true;
    for (const std::string& path : segment_paths(dir)) dropped &= drop_cached_pages(path);
    journal::Recovered r = journal::recover(dir, verify);
    check(r, "cold full replay");
    out.push_back(Timed{"recover(), full replay, SHA-256 checked, cold cache", r.report.seconds,
                        r.report.replayed_commands,
                        dropped ? "segments' pages dropped first (posix_fadvise DONTNEED)"
                                : "could not drop the page cache: warm"});
    *head_out = r.report.head;
    *machine_out = std::move(r.machine);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Snapshot

struct SnapshotFigures {
  uint64_t image_bytes = 0;
  double hash_seconds = 0;
  double save_seconds = 0;
  double write_seconds = 0;
  double load_seconds = 0;
  std::string error;
};

SnapshotFigures measure_snapshot(const journal::Machine& machine, const journal::Hash256& head,
                                 const std::string& dir) {
  SnapshotFigures f;
  fs::create_directories(dir);
  auto start = Clock::now();
  journal::SnapshotMeta meta;
  meta.seq = machine.last_seq();
  meta.chain_head = head;
  meta.state_hash = machine.state_hash();
  f.hash_seconds = seconds_since(start);
  start = Clock::now();
  std::vector<uint8_t> image;
  machine.save_state(&image);
  f.save_seconds = seconds_since(start);
  meta.image_bytes = image.size();
  f.image_bytes = image.size();
  start = Clock::now();
  const std::string path = journal::write_snapshot(dir, meta, image);
  f.write_seconds = seconds_since(start);
  image = std::vector<uint8_t>();
  start = Clock::now();
  auto loaded = journal::load_snapshot(journal::SnapshotFile{path, meta.seq});
  journal::Machine restored;
  std::string why;
  if (auto* e = std::get_if<std::string>(&loaded)) {
    f.error = "snapshot does not load: " + *e;
  } else if (!restored.load_state(std::get<journal::LoadedSnapshot>(loaded).image, &why)) {
    f.error = "snapshot image does not load: " + why;
  }
  f.load_seconds = seconds_since(start);
  if (f.error.empty() && restored.state_hash() != meta.state_hash) {
    f.error = "the loaded snapshot's state hash differs";
  }
  return f;
}

// ---------------------------------------------------------------------------
// Each pipeline stage alone, on this thread

struct Stage {
  std::string what;
  double seconds = 0;
  uint64_t payments = 0;
  std::string note;
  double ns_per_payment() const { return payments > 0 ? seconds * 1e9 / payments : 0; }
};

std::vector<Stage> measure_stages(const std::string& dir, const Workload& w, uint64_t payments,
                                  uint32_t batch_max, std::string* error) {
  std::vector<Stage> out;
  payments = std::min<uint64_t>(payments, w.payments.size());
  const std::span<const Submission> todo(w.payments.data(), payments);

  // Sequencer: what sequencer_loop() does per batch (engine.cc), without the
  // inbox and the moves: encode each submission, digest it, finish the batch
  // (header, SHA-256, XXH3).
  std::vector<std::vector<uint8_t>> records;
  std::vector<uint64_t> first_seqs;  // of each record
  std::vector<uint64_t> digests;
  digests.reserve(payments);
  journal::BatchBuilder builder;
  journal::Hash256 head{};
  uint64_t seq = 1;
  {
    builder.start(seq, 0, head);  // the setup first, so the records form a valid journal
    for (const Submission& s : w.setup) builder.add(s);
    head = builder.finish();
    records.emplace_back(builder.bytes().begin(), builder.bytes().end());
    first_seqs.push_back(seq);
    seq += w.setup.size();
  }
  double encode_seconds = 0;
  for (size_t first = 0; first < todo.size(); first += batch_max) {
    const size_t count = std::min<size_t>(batch_max, todo.size() - first);
    const auto start = Clock::now();
    builder.start(seq, 0, head);
    for (size_t i = first; i < first + count; ++i) {
      const size_t before = builder.bytes().size();
      builder.add(todo[i]);
      const auto bytes = builder.bytes();
      digests.push_back(
          journal::submission_content_digest(bytes.subspan(before + 4, bytes.size() - before - 4)));
    }
    head = builder.finish();
    encode_seconds += seconds_since(start);
    records.emplace_back(builder.bytes().begin(), builder.bytes().end());
    first_seqs.push_back(seq);
    seq += count;
  }
  uint64_t record_bytes = 0;
  for (size_t i = 1; i < records.size(); ++i) record_bytes += records[i].size();
  out.push_back(Stage{"sequencer: encode + digest + finish (SHA-256, XXH3)", encode_seconds,
                      payments,
                      fixed(static_cast<double>(record_bytes) / static_cast<double>(payments), 1) +
                          " bytes per payment journaled"});
  {
    const auto start = Clock::now();
    uint64_t sink = 0;
    for (size_t i = 1; i < records.size(); ++i) sink += journal::sha256(records[i]).front();
    g_sink = g_sink + sink;
    out.push_back(
        Stage{"  of which SHA-256 of the records (OpenSSL)", seconds_since(start), payments, ""});
  }
  {
    const auto start = Clock::now();
    uint64_t sink = 0;
    for (size_t i = 1; i < records.size(); ++i) sink += journal::checksum64(records[i]);
    g_sink = g_sink + sink;
    out.push_back(Stage{"  of which XXH3-64 of the records", seconds_since(start), payments, ""});
  }

  // Writer: SegmentWriter::append (pwrite + fdatasync) of the same records.
  {
    const std::string wdir = dir + "/stage-writer";
    const journal::ScanResult empty = journal::scan_journal(wdir, {}, nullptr);
    journal::WriterOptions wo;
    wo.sync = true;
    auto writer = journal::SegmentWriter::open(wdir, empty, wo);
    writer->append(records[0], first_seqs[0]);
    const auto start = Clock::now();
    for (size_t i = 1; i < records.size(); ++i) writer->append(records[i], first_seqs[i]);
    const double seconds = seconds_since(start);
    out.push_back(Stage{"writer: SegmentWriter::append, pwrite + fdatasync per batch", seconds,
                        payments,
                        fixed(static_cast<double>(records.size() - 1) / seconds, 0) + " syncs/s, " +
                            fixed(static_cast<double>(record_bytes) / seconds / kMB, 0) + " MB/s"});
    writer.reset();
    // The same records read back and checked, as recovery does (warm cache).
    for (const bool verify_hash : {true, false}) {
      journal::ScanOptions so;
      so.verify_hash = verify_hash;
      const auto scan_start = Clock::now();
      const journal::ScanResult scan = journal::scan_journal(wdir, so, nullptr);
      const double scan_seconds = seconds_since(scan_start);
      if (scan.fault) *error = "stage journal: " + scan.fault->to_string();
      out.push_back(Stage{verify_hash ? "reader: scan_journal of it, SHA-256 checked"
                                      : "reader: scan_journal of it, checksums only",
                          scan_seconds, payments, "warm cache"});
    }
  }

  // Apply: Machine::apply (exactly-once index + core), as apply_loop() calls it;
  // then with the core's prefetch hint, which apply_loop() does not give; then
  // with what apply_loop() does around it (Ack, completion call, Pending freed).
  auto funded_machine = [&w]() {
    auto machine = std::make_unique<journal::Machine>();
    uint64_t s = 0;
    std::vector<uint8_t> encoded;
    for (const Submission& sub : w.setup) {
      encoded.clear();
      journal::encode_submission(sub, &encoded);
      machine->apply(++s, sub, journal::submission_content_digest(encoded));
    }
    return machine;
  };
  for (const bool prefetch : {false, true}) {
    auto machine = funded_machine();
    uint64_t s = machine->last_seq();
    uint64_t settled = 0;
    const auto start = Clock::now();
    for (size_t i = 0; i < todo.size(); ++i) {
      if (prefetch && i + kPrefetchDistance < todo.size()) {
        machine->core().prefetch(todo[i + kPrefetchDistance].command);
      }
      settled += machine->apply(++s, todo[i], digests[i]).result.outcome == core::Outcome::kSettled;
    }
    const double seconds = seconds_since(start);
    if (settled != payments) *error = "stage apply: not every payment settled";
    out.push_back(Stage{prefetch ? "  Machine::apply with core prefetch 8 ahead (apply_loop could)"
                                 : "apply: Machine::apply (exactly-once index + core)",
                        seconds, payments, with_commas(static_cast<double>(settled)) + " settled"});
  }
  {
    // The engine's Pending: the submission and its completion, freed after the batch.
    struct Pending {
      Submission submission;
      journal::Completion done;
    };
    auto machine = funded_machine();
    uint64_t s = machine->last_seq();
    uint64_t acked = 0;
    double seconds = 0;
    std::vector<Pending> items;
    for (size_t first = 0; first < todo.size(); first += batch_max) {
      // Made just before, untimed: in the engine a batch's submissions arrive
      // shortly before it is applied, so they are still in the cache.
      const size_t end = std::min<size_t>(todo.size(), first + batch_max);
      for (size_t i = first; i < end; ++i) {
        items.push_back(Pending{
            todo[i], [&acked](const journal::Ack& ack) { acked += ack.applied.result.ok(); }});
      }
      const auto start = Clock::now();
      size_t i = first;
      for (Pending& p : items) {
        journal::Ack ack;
        ack.applied = machine->apply(++s, p.submission, digests[i++]);
        ack.timestamp_ns = p.submission.command.timestamp_ns;
        ack.events = machine->events();
        p.done(ack);
      }
      items.clear();
      seconds += seconds_since(start);
    }
    out.push_back(Stage{"  Machine::apply + Ack + completion call + Pending freed (as apply_loop)",
                        seconds, payments, with_commas(static_cast<double>(acked)) + " acked"});
  }
  {
    // The exactly-once index alone: one check and one record per payment.
    journal::SubmissionIndex index;
    uint64_t s = w.setup.size();
    uint64_t fresh = 0;
    const auto start = Clock::now();
    for (size_t i = 0; i < todo.size(); ++i) {
      fresh += index.check(todo[i], digests[i]).verdict == journal::SubmissionIndex::Verdict::kNew;
      index.record(todo[i], digests[i], ++s, core::Result{core::Outcome::kSettled});
    }
    out.push_back(Stage{"  SubmissionIndex::check + record alone (two absl maps)",
                        seconds_since(start), payments,
                        with_commas(static_cast<double>(index.size())) + " entries"});
    g_sink = g_sink + fresh;
  }
  for (const bool prefetch : {false, true}) {
    core::Core core;
    for (const core::Command& c : w.setup_commands) core.apply(c);
    uint64_t settled = 0;
    const auto start = Clock::now();
    for (size_t i = 0; i < todo.size(); ++i) {
      if (prefetch && i + kPrefetchDistance < todo.size()) {
        core.prefetch(todo[i + kPrefetchDistance].command);
      }
      settled += core.apply(todo[i].command).outcome == core::Outcome::kSettled;
    }
    const double seconds = seconds_since(start);
    out.push_back(Stage{prefetch ? "  core::Core::apply alone, prefetch 8 ahead (not in Machine)"
                                 : "  core::Core::apply alone (no index), as Machine calls it",
                        seconds, payments, with_commas(static_cast<double>(settled)) + " settled"});
  }
  {
    // Decode alone (recovery's extra work per command before apply).
    uint64_t ok = 0;
    const auto start = Clock::now();
    for (size_t i = 1; i < records.size(); ++i) {
      const journal::ParseResult parsed = journal::parse_batch(records[i], false);
      journal::for_each_entry(parsed.view, [&](uint32_t, std::span<const uint8_t> encoded) {
        ok += std::holds_alternative<Submission>(journal::decode_submission(encoded));
        g_sink = g_sink + journal::submission_content_digest(encoded);
      });
    }
    const double seconds = seconds_since(start);
    if (ok != payments) *error = "stage decode: not every submission decodes";
    out.push_back(Stage{"recovery: parse (checksums) + decode_submission + digest", seconds,
                        payments, "from memory"});
  }
  return out;
}

// ---------------------------------------------------------------------------
// Printing

void print_machine(const Flags& flags, const FilesystemFacts& fsf) {
  utsname u{};
  ::uname(&u);
  const std::time_t t = std::time(nullptr);
  char date[64];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&t));
  std::printf("# corridor_journal_bench%s\n\n",
              flags.quick ? " --quick (smoke test: figures mean nothing)" : "");
  std::printf("| | |\n|---|---|\n");
  std::printf("| date | %s |\n", date);
  std::printf("| CPU | %s, %u logical CPUs |\n",
              first_line_with("/proc/cpuinfo", "model name").c_str(),
              std::thread::hardware_concurrency());
  std::printf("| kernel | %s %s |\n", u.sysname, u.release);
  std::printf("| load average at start | %s |\n", load_average().c_str());
  std::printf("| journal directory | %s |\n", fsf.path.c_str());
  std::printf("| filesystem | %s on %s, mounted at %s (statfs: %s), %s |\n", fsf.fs_type.c_str(),
              fsf.device.c_str(), fsf.mount_point.c_str(), fsf.magic.c_str(), fsf.options.c_str());
  std::printf("| size, available | %.1f GB, %.1f GB |\n", static_cast<double>(fsf.size_bytes) / 1e9,
              static_cast<double>(fsf.available_bytes) / 1e9);
  std::printf("| rotational device | %s |\n", fsf.rotational.c_str());
  std::printf("| tmpfs | %s |\n\n",
              fsf.tmpfs ? "YES: fdatasync does nothing here; these are not disk figures" : "no");
}

void print_disk(const std::vector<SyncLoopResult>& loops, const SequentialWriteResult& seq) {
  std::printf("## Disk alone (append to a new file, then fdatasync; one write per group)\n\n");
  std::printf(
      "| group | syncs | syncs/s | 128-byte records/s | MB/s | mean µs | p50 µs | p99 µs |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const SyncLoopResult& r : loops) {
    const bool records = r.group_bytes % 128 == 0 && r.group_bytes != 4096;
    std::string group =
        records ? with_commas(static_cast<double>(r.group_bytes / 128)) +
                      " × 128 B = " + with_commas(static_cast<double>(r.group_bytes)) + " B"
                : with_commas(static_cast<double>(r.group_bytes)) + " B (bare sync)";
    std::printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", group.c_str(),
                with_commas(static_cast<double>(r.syncs)).c_str(),
                with_commas(r.syncs_per_s()).c_str(),
                records ? with_commas(r.bytes_per_s() / 128).c_str() : "",
                fixed(r.bytes_per_s() / kMB, 1).c_str(), fixed(r.mean_us, 0).c_str(),
                fixed(r.p50_us, 0).c_str(), fixed(r.p99_us, 0).c_str());
  }
  std::printf(
      "\nSequential write of %s MB in 1 MiB writes, then one fdatasync: %s MB/s "
      "(writes %.3f s, final fdatasync %.3f s)\n\n",
      with_commas(static_cast<double>(seq.bytes) / kMB).c_str(),
      fixed(seq.bytes_per_s() / kMB, 0).c_str(), seq.write_seconds, seq.sync_seconds);
}

double cpu_pct(const ThreadTimes& t, double seconds) {
  return seconds > 0 ? static_cast<double>(t.run_ns) / 1e9 / seconds * 100 : 0;
}

void print_runs(const std::vector<EngineRun>& runs, const Flags& flags) {
  std::printf(
      "## Engine: durable payments/s (writer.sync = true; acknowledged after the fdatasync and the "
      "apply)\n\n");
  std::printf(
      "Producer: one thread, at most %u batches in flight (submitted, not acknowledged); "
      "batch_wait_ns %s; snapshots: %s.\n\n",
      flags.window_batches, with_commas(static_cast<double>(flags.batch_wait_ns)).c_str(),
      flags.snapshot_every == 0
          ? "none"
          : ("every " + with_commas(static_cast<double>(flags.snapshot_every)) + " commands")
                .c_str());
  std::printf(
      "| batch max | payments | seconds | payments/s | disk alone, same record size: syncs/s → "
      "payments/s | engine ÷ disk | batches | mean batch | syncs/s | MB/s journaled | "
      "bytes/payment | ack p50 µs | ack p99 µs | snapshots |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const EngineRun& r : runs) {
    const double batches = static_cast<double>(std::max<uint64_t>(r.batches, 1));
    std::printf(
        "| %s | %s | %.3f | **%s** | %s → %s | %s%% | %s | %s | %s | %s | %s | %s | %s | %s |\n",
        r.label.c_str(), with_commas(static_cast<double>(r.payments)).c_str(), r.seconds,
        with_commas(r.payments_per_s()).c_str(), with_commas(r.ceiling.syncs_per_s()).c_str(),
        with_commas(r.ceiling_payments_per_s()).c_str(),
        fixed(r.ceiling_payments_per_s() > 0 ? r.payments_per_s() / r.ceiling_payments_per_s() * 100
                                             : 0,
              0)
            .c_str(),
        with_commas(static_cast<double>(r.batches)).c_str(),
        fixed(static_cast<double>(r.payments) / batches, 1).c_str(),
        with_commas(static_cast<double>(r.batches) / r.seconds).c_str(),
        fixed(static_cast<double>(r.journal_bytes) / r.seconds / kMB, 1).c_str(),
        fixed(static_cast<double>(r.journal_bytes) / static_cast<double>(r.payments), 1).c_str(),
        fixed(r.ack_p50_us, 0).c_str(), fixed(r.ack_p99_us, 0).c_str(),
        with_commas(static_cast<double>(r.snapshots)).c_str());
  }
  std::printf(
      "\n\"Disk alone\": append + fdatasync of one record of a full batch's size, in a loop, "
      "measured just before each run (the disk's speed moves with other work on the machine).\n");
  std::printf(
      "\nCPU of each thread during the run, in %% of the run's wall time "
      "(/proc/self/task/*/schedstat; 100%% = one core busy), and the time its threads "
      "were runnable but waiting for a core:\n\n");
  std::printf(
      "| batch max | producer | sequencer | writer | apply | apply: waiting for a core | snapshot "
      "| "
      "sum (of %u cores) | "
      "waiting for a core, sum | CPU ns/payment | bound: apply thread alone | bound: all "
      "threads on %u cores |\n",
      std::thread::hardware_concurrency(), std::thread::hardware_concurrency());
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const EngineRun& r : runs) {
    if (!r.threads_known) continue;
    const ThreadTimes* all[] = {&r.producer, &r.sequencer, &r.writer, &r.apply, &r.snapshotter};
    uint64_t run_ns = 0;
    uint64_t wait_ns = 0;
    for (const ThreadTimes* t : all) {
      run_ns += t->run_ns;
      wait_ns += t->wait_ns;
    }
    // If a thread's CPU per payment were the only limit: the apply thread on
    // one core, or all threads' CPU shared among all cores.
    const double apply_bound = r.apply.run_ns > 0 ? 1e9 * r.payments / r.apply.run_ns : 0;
    const double cores_bound =
        run_ns > 0 ? 1e9 * r.payments * std::thread::hardware_concurrency() / run_ns : 0;
    std::printf(
        "| %s | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %s | %s | "
        "%s "
        "|\n",
        r.label.c_str(), cpu_pct(r.producer, r.seconds), cpu_pct(r.sequencer, r.seconds),
        cpu_pct(r.writer, r.seconds), cpu_pct(r.apply, r.seconds),
        static_cast<double>(r.apply.wait_ns) / 1e9 / r.seconds * 100,
        cpu_pct(r.snapshotter, r.seconds), static_cast<double>(run_ns) / 1e9 / r.seconds * 100,
        static_cast<double>(wait_ns) / 1e9 / r.seconds * 100,
        fixed(static_cast<double>(run_ns) / static_cast<double>(r.payments), 0).c_str(),
        with_commas(apply_bound).c_str(), with_commas(cores_bound).c_str());
  }
  std::printf(
      "\nPer payment, CPU ns by thread:\n\n| batch max | producer | sequencer | writer | apply | "
      "snapshot |\n|---|---:|---:|---:|---:|---:|\n");
  for (const EngineRun& r : runs) {
    if (!r.threads_known) continue;
    const double n = static_cast<double>(r.payments);
    std::printf("| %s | %.0f | %.0f | %.0f | %.0f | %.0f |\n", r.label.c_str(),
                static_cast<double>(r.producer.run_ns) / n,
                static_cast<double>(r.sequencer.run_ns) / n,
                static_cast<double>(r.writer.run_ns) / n, static_cast<double>(r.apply.run_ns) / n,
                static_cast<double>(r.snapshotter.run_ns) / n);
  }
  std::printf(
      "\nLongest pauses between acknowledgements (ms, at payment number):\n\n"
      "| batch max | 1st | 2nd | 3rd |\n|---|---:|---:|---:|\n");
  for (const EngineRun& r : runs) {
    std::printf("| %s |", r.label.c_str());
    for (const auto& [ms, n] : r.stalls) {
      std::printf(" %s at %s |", fixed(ms, 0).c_str(), with_commas(static_cast<double>(n)).c_str());
    }
    std::printf("\n");
  }
  std::printf(
      "\nContext switches (voluntary/involuntary) and minor page faults by thread, per batch:\n\n"
      "| batch max | producer | sequencer | writer | apply | apply: page faults |\n"
      "|---|---:|---:|---:|---:|---:|\n");
  for (const EngineRun& r : runs) {
    if (!r.threads_known) continue;
    const double b = static_cast<double>(std::max<uint64_t>(r.batches, 1));
    auto switches = [b](const ThreadTimes& t) {
      return fixed(static_cast<double>(t.voluntary_switches) / b, 1) + " / " +
             fixed(static_cast<double>(t.involuntary_switches) / b, 1);
    };
    std::printf("| %s | %s | %s | %s | %s | %s |\n", r.label.c_str(), switches(r.producer).c_str(),
                switches(r.sequencer).c_str(), switches(r.writer).c_str(),
                switches(r.apply).c_str(),
                fixed(static_cast<double>(r.apply.minor_faults) / b, 1).c_str());
  }
  std::printf("\n");
}

void print_timed(const char* title, const std::vector<Timed>& rows) {
  std::printf("## %s\n\n| | seconds | commands | commands/s | |\n|---|---:|---:|---:|---|\n",
              title);
  for (const Timed& t : rows) {
    std::printf(
        "| %s | %.3f | %s | **%s** | %s |\n", t.what.c_str(), t.seconds,
        with_commas(static_cast<double>(t.commands)).c_str(),
        with_commas(t.seconds > 0 ? static_cast<double>(t.commands) / t.seconds : 0).c_str(),
        t.note.c_str());
  }
  std::printf("\n");
}

void print_snapshot(const SnapshotFigures& f, uint64_t commands) {
  std::printf("## Snapshot of the state after the largest run (%s commands)\n\n",
              with_commas(static_cast<double>(commands)).c_str());
  std::printf("| step | seconds | |\n|---|---:|---|\n");
  std::printf("| Machine::state_hash() | %.3f | the engine computes it on the apply thread |\n",
              f.hash_seconds);
  std::printf("| Machine::save_state() | %.3f | %s MB image; on the apply thread in the engine |\n",
              f.save_seconds, fixed(static_cast<double>(f.image_bytes) / kMB, 1).c_str());
  std::printf(
      "| write_snapshot() (write, fsync, rename, fsync dir) | %.3f | %s MB/s; on the snapshot "
      "thread |\n",
      f.write_seconds,
      fixed(static_cast<double>(f.image_bytes) / f.write_seconds / kMB, 0).c_str());
  std::printf("| load_snapshot() + Machine::load_state() | %.3f | as recovery does |\n\n",
              f.load_seconds);
}

void print_stages(const std::vector<Stage>& stages, uint32_t batch_max) {
  std::printf("## Each stage alone, on one thread (batches of %s)\n\n",
              with_commas(batch_max).c_str());
  std::printf("| stage | ns/payment | payments/s alone | |\n|---|---:|---:|---|\n");
  for (const Stage& s : stages) {
    std::printf("| %s | %.0f | %s | %s |\n", s.what.c_str(), s.ns_per_payment(),
                with_commas(s.ns_per_payment() > 0 ? 1e9 / s.ns_per_payment() : 0).c_str(),
                s.note.c_str());
  }
  std::printf("\n");
}

// Issue 3's targets: 2,000,000 durable payments/s with batches of 8,000, and
// 2,000,000 commands/s replayed by recovery (the full replay, every check on).
void print_targets(const std::vector<EngineRun>& runs, const std::vector<Timed>& recovery) {
  constexpr double kTarget = 2'000'000;
  std::printf("## Targets\n\n| target | measured | met? |\n|---|---:|---|\n");
  for (const EngineRun& r : runs) {
    if (r.batch_max != 8000) continue;
    std::printf("| ≥ 2,000,000 durable payments/s, batches of 8,000: %s | %s | %s |\n",
                r.label.c_str(), with_commas(r.payments_per_s()).c_str(),
                r.payments_per_s() >= kTarget ? "**yes**" : "**no**");
  }
  for (const Timed& t : recovery) {
    if (!t.what.starts_with("recover(), no snapshot") && !t.what.ends_with("cold cache")) continue;
    const double rate = t.seconds > 0 ? static_cast<double>(t.commands) / t.seconds : 0;
    std::printf("| ≥ 2,000,000 commands/s replayed: %s | %s | %s |\n", t.what.c_str(),
                with_commas(rate).c_str(), rate >= kTarget ? "**yes**" : "**no**");
  }
  std::printf("\n");
}

// ---------------------------------------------------------------------------

int run(const Flags& flags) {
  const FilesystemFacts fsf = filesystem_facts(flags.dir);
  std::string root_pattern = (fs::path(fsf.path) / "corridor-jbench-XXXXXX").string();
  if (::mkdtemp(root_pattern.data()) == nullptr) {
    std::fprintf(stderr, "cannot create a directory under %s\n", fsf.path.c_str());
    return 2;
  }
  const std::string root = root_pattern;
  // Removes everything written, also when a measurement throws.
  struct RemoveAtExit {
    std::string path;
    bool keep;
    ~RemoveAtExit() {
      std::error_code ec;
      if (!keep) fs::remove_all(path, ec);
    }
  } cleanup{root, flags.keep};
  print_machine(flags, fsf);
  std::fflush(stdout);
  std::vector<std::string> errors;

  // 1. The disk alone.
  if (flags.disk_probes) {
    std::vector<SyncLoopResult> loops;
    const uint64_t probe_bytes_max = flags.quick ? (16u << 20) : (512u << 20);
    loops.push_back(append_sync_loop(root, 4096, flags.probe_seconds, probe_bytes_max));
    for (const uint64_t records : {1u, 100u, 1000u, 8192u}) {
      loops.push_back(append_sync_loop(root, records * 128, flags.probe_seconds, probe_bytes_max));
    }
    const SequentialWriteResult seq = sequential_write(root, flags.sequential_mb << 20);
    print_disk(loops, seq);
    std::fflush(stdout);
  }

  // 2. The engine.
  const uint64_t largest =
      std::max({flags.payments, flags.payments_batch100, flags.payments_batch1});
  const auto generate_start = Clock::now();
  const Workload w = make_workload(flags.participants, largest);
  std::printf(
      "Workload: %u participants funded with %s minor units each, %s setup commands; "
      "%s payments generated in %.1f s (not timed), uniform random pairs, 1..1,000 minor "
      "units, all settle on entry.\n\n",
      flags.participants, with_commas(static_cast<double>(kLiquidityEach)).c_str(),
      with_commas(static_cast<double>(w.setup.size())).c_str(),
      with_commas(static_cast<double>(largest)).c_str(), seconds_since(generate_start));
  // Each batch size in turn; the largest also once without snapshots (first),
  // to show what the snapshot taken on the apply thread costs. The last run's
  // journal is kept for the recovery measurements.
  struct Planned {
    uint32_t batch;
    uint64_t snapshot_every;
  };
  std::vector<Planned> plan;
  for (const uint32_t batch : flags.batches) plan.push_back({batch, flags.snapshot_every});
  if (!plan.empty() && flags.snapshot_every > 0 && flags.with_no_snapshot_run) {
    plan.insert(plan.end() - 1, Planned{plan.back().batch, 0});
  }
  std::vector<EngineRun> runs;
  std::string last_dir;
  for (const Planned& p : plan) {
    const uint64_t n = p.batch == 1     ? flags.payments_batch1
                       : p.batch <= 100 ? flags.payments_batch100
                                        : flags.payments;
    const std::string dir =
        root + "/engine-batch-" + std::to_string(p.batch) + "-" + std::to_string(runs.size());
    runs.push_back(run_engine(dir, w, n, p.batch, p.snapshot_every, flags));
    if (!runs.back().error.empty()) {
      errors.push_back("batch " + runs.back().label + ": " + runs.back().error);
    }
    std::fprintf(stderr, "batch %s: %.0f payments/s\n", runs.back().label.c_str(),
                 runs.back().payments_per_s());
    // Journals are removed only at the end (with `root`): deleting one now
    // would make the disk busy with discards during the next run's probe.
    last_dir = dir;
  }
  print_runs(runs, flags);
  std::fflush(stdout);

  // 3. Recovery of the last (largest-batch) run's journal; 4. a snapshot of its state.
  std::vector<Timed> recovery;
  if (flags.recovery && !runs.empty() && runs.back().error.empty()) {
    std::string error;
    std::unique_ptr<journal::Machine> machine;
    journal::Hash256 head{};
    recovery =
        measure_recovery(last_dir, root + "/snapshots-aside", runs.back(), &error, &machine, &head);
    print_timed(("Recovery of the batch-" + with_commas(runs.back().batch_max) + " journal (" +
                 fixed(static_cast<double>(segment_bytes(last_dir)) / kMB, 0) + " MB of segments)")
                    .c_str(),
                recovery);
    if (!error.empty()) errors.push_back(error);
    std::fflush(stdout);
    const SnapshotFigures snapshot = measure_snapshot(*machine, head, root + "/snapshot-bench");
    if (!snapshot.error.empty()) errors.push_back(snapshot.error);
    print_snapshot(snapshot, machine->last_seq());
    std::fflush(stdout);
  }

  // 5. Stages alone.
  if (flags.stages && !flags.batches.empty()) {
    const uint32_t batch = *std::max_element(flags.batches.begin(), flags.batches.end());
    std::string error;
    const std::vector<Stage> stages = measure_stages(root, w, flags.payments, batch, &error);
    if (!error.empty()) errors.push_back(error);
    print_stages(stages, batch);
  }
  print_targets(runs, recovery);
  std::printf("Load average at the end: %s\n\n", load_average().c_str());

  uint64_t used_bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) used_bytes += entry.file_size();
  }
  std::printf("Files written under %s: %.2f GB%s\n", root.c_str(),
              static_cast<double>(used_bytes) / 1e9, flags.keep ? " (kept)" : " (removed)");
  for (const std::string& e : errors) std::fprintf(stderr, "error: %s\n", e.c_str());
  return errors.empty() ? 0 : 1;
}

}  // namespace
}  // namespace corridor::bench

int main(int argc, char** argv) {
  corridor::bench::Flags flags;
  CLI::App app{"corridor_journal_bench: durable throughput, recovery and the disk's own figures"};
  app.add_option("--dir", flags.dir,
                 "base directory; a temporary directory is made in it and removed at the end "
                 "(use a disk, not tmpfs)");
  app.add_option("--payments", flags.payments, "payments for batches of 1,000 and more");
  app.add_option("--payments-batch100", flags.payments_batch100, "payments for batches of 100");
  app.add_option("--payments-batch1", flags.payments_batch1, "payments for batches of 1");
  app.add_option("--participants", flags.participants, "banks (at least 2)")
      ->check(CLI::Range(2u, 456976u));
  app.add_option("--batches", flags.batches, "batch_commands_max values to run")->delimiter(',');
  app.add_option("--batch-wait-ns", flags.batch_wait_ns, "group-commit window of a batch");
  app.add_option(
      "--window-batches", flags.window_batches,
      "most batches' worth of payments in flight at once (0: only the engine's inbox bound)");
  app.add_option("--snapshot-every", flags.snapshot_every,
                 "engine snapshot period in commands (0: never)");
  app.add_option("--probe-seconds", flags.probe_seconds, "duration of each disk probe");
  app.add_option("--sequential-mb", flags.sequential_mb, "size of the sequential write probe");
  app.add_flag("!--no-stages", flags.stages, "skip the single-stage measurements");
  app.add_flag("!--no-disk-probes", flags.disk_probes,
               "skip section 1 (the disk alone; each run still probes its own record size)");
  app.add_flag("!--no-recovery", flags.recovery, "skip the recovery and snapshot measurements");
  app.add_flag("!--no-snapshot-free-run", flags.with_no_snapshot_run,
               "skip the extra run of the largest batch without snapshots");
  app.add_flag("--keep", flags.keep, "keep the temporary directory");
  app.add_flag("--quick", flags.quick, "tiny sizes: a smoke test that the program still works");
  CLI11_PARSE(app, argc, argv);
  if (flags.quick) {
    flags.payments = 3000;
    flags.payments_batch100 = 1000;
    flags.payments_batch1 = 40;
    flags.participants = 20;
    flags.probe_seconds = 0.02;
    flags.sequential_mb = 4;
    flags.snapshot_every = 1000;
  }
  try {
    return corridor::bench::run(flags);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "corridor_journal_bench: %s\n", e.what());
    return 2;
  }
}
