// The crash test of issue 3: the engine runs as a child process under
// continuous load (crash_child.cc, crash_load.h), is SIGKILLed at random
// moments, restarted, and checked against an independent replay of its
// journal:
//   - every restart recovers at least up to the highest acknowledged sequence number;
//   - every acknowledged payment is in the journal at the sequence number its
//     acknowledgement gave, with the content it was submitted with;
//   - no payment reaches the core twice: a resubmission after a crash (of a
//     payment that was durable but never acknowledged) is a repeat that points
//     at the sequence number that applied it, and carries its result;
//   - the acknowledged results are the results the replay gives;
//   - conservation holds and every core invariant holds after the replay;
//   - the state hash every restart recovered (from a snapshot or by replay)
//     equals the hash of the independent replay at the same sequence number.
//
// Environment: CORRIDOR_CRASH_KILLS (default 50), CORRIDOR_CRASH_SEED,
// CORRIDOR_CRASH_KEEP=1 (keep the temporary directory). scripts/crash-test.sh
// runs thousands of kills. On failure the directory (journal and child log) is kept.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "crash_load.h"
#include "journal/journal_reader.h"
#include "journal/machine.h"
#include "journal/recovery.h"

#ifndef CRASH_CHILD_PATH
#error "CRASH_CHILD_PATH must name the journal_crash_child executable"
#endif

namespace corridor::journal {
namespace {

using Clock = std::chrono::steady_clock;

uint64_t env_number(const char* name, uint64_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  return std::strtoull(text, nullptr, 10);
}

// Reports the first failures in full and counts the rest, so that a broken
// journal does not print a million lines.
class Failures {
 public:
  void add(const std::string& what) {
    if (++count_ <= kReported) ADD_FAILURE() << what;
  }
  uint64_t count() const { return count_; }
  ~Failures() {
    if (count_ > kReported) ADD_FAILURE() << (count_ - kReported) << " more failures not shown";
  }

 private:
  static constexpr uint64_t kReported = 20;
  uint64_t count_ = 0;
};

// --- The child process ------------------------------------------------------

enum class KillAt : uint8_t {
  kAfterSpawn,      // a delay after the start, usually during start-up and recovery
  kAfterRecovered,  // a delay after the RECOVERED line (0: at once)
  kNever,           // --check-only: let it exit
};

struct ChildRun {
  std::vector<std::string> lines;            // complete lines only; a cut last line is dropped
  std::chrono::nanoseconds to_recovered{0};  // from the start to the RECOVERED line
  std::chrono::nanoseconds lifetime{0};      // from the start to the end of its output
  bool killed = false;                       // we sent SIGKILL
  int wait_status = 0;
  bool timed_out = false;
};

ChildRun run_child(const std::vector<std::string>& args, const std::string& log_path, KillAt at,
                   std::chrono::nanoseconds delay) {
  ChildRun run;
  std::vector<std::string> argv_text = {CRASH_CHILD_PATH};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) throw std::runtime_error("cannot open " + log_path);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);
    ::dup2(pipe_fds[1], 1);
    ::dup2(log_fd, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  ::close(log_fd);
  const int fd = pipe_fds[0];

  const auto started = Clock::now();
  // Generous: the child recovers, under the sanitizers, on a shared machine.
  const auto give_up = started + std::chrono::seconds(120);
  std::optional<Clock::time_point> kill_at;
  if (at == KillAt::kAfterSpawn) kill_at = started + delay;
  std::string pending;
  char buffer[65536];
  for (;;) {
    const auto now = Clock::now();
    if (!run.killed && kill_at && now >= *kill_at) {
      ::kill(pid, SIGKILL);
      run.killed = true;
    }
    if (!run.killed && now >= give_up) {
      ::kill(pid, SIGKILL);
      run.killed = true;
      run.timed_out = true;
    }
    auto until = give_up;
    if (!run.killed && kill_at) until = std::min(until, *kill_at);
    const auto wait = std::max<Clock::duration>(Clock::duration::zero(), until - now);
    timespec timeout{};
    const auto wait_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wait).count();
    timeout.tv_sec = wait_ns / 1'000'000'000;
    timeout.tv_nsec = wait_ns % 1'000'000'000;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::ppoll(&p, 1, run.killed ? nullptr : &timeout, nullptr);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // end of file: the child is gone
    pending.append(buffer, static_cast<size_t>(got));
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      run.lines.emplace_back(pending, start, nl - start);
      if (run.lines.back().starts_with("RECOVERED ")) {
        run.to_recovered = Clock::now() - started;
        if (at == KillAt::kAfterRecovered && !kill_at) kill_at = Clock::now() + delay;
      }
    }
    pending.erase(0, start);
  }
  run.lifetime = Clock::now() - started;
  ::close(fd);
  while (::waitpid(pid, &run.wait_status, 0) < 0 && errno == EINTR) {
  }
  return run;
}

// --- What the children said ---------------------------------------------------

struct AckRecord {
  uint64_t seq = 0;
  bool repeat = false;
  uint64_t original_seq = 0;
  int outcome = 0;
  int reason = 0;
};

struct RecoveredPoint {
  uint64_t seq = 0;
  uint64_t state_hash = 0;
  size_t run = 0;
};

struct Recovered {
  RecoveredPoint point;
  uint64_t snapshot_seq = 0;
  uint64_t torn_bytes = 0;
  uint64_t snapshots_rejected = 0;
  uint64_t unfinished_snapshots = 0;
};

std::optional<Recovered> parse_recovered(const std::string& line) {
  Recovered r;
  unsigned long long seq = 0, hash = 0, snapshot = 0, replayed = 0, torn = 0;
  size_t rejected = 0, unfinished = 0;
  if (std::sscanf(line.c_str(),
                  "RECOVERED %llu %llx snapshot_seq=%llu replayed=%llu torn_bytes=%llu "
                  "snapshots_rejected=%zu unfinished_snapshots=%zu",
                  &seq, &hash, &snapshot, &replayed, &torn, &rejected, &unfinished) != 7) {
    return std::nullopt;
  }
  r.point.seq = seq;
  r.point.state_hash = hash;
  r.snapshot_seq = snapshot;
  r.torn_bytes = torn;
  r.snapshots_rejected = rejected;
  r.unfinished_snapshots = unfinished;
  return r;
}

bool parse_ack(const std::string& line, uint64_t* n, AckRecord* ack) {
  unsigned long long number = 0, seq = 0, original = 0;
  int repeat = 0;
  if (std::sscanf(line.c_str(), "ACK %llu %llu %d %llu %d %d", &number, &seq, &repeat, &original,
                  &ack->outcome, &ack->reason) != 6) {
    return false;
  }
  *n = number;
  ack->seq = seq;
  ack->repeat = repeat != 0;
  ack->original_seq = original;
  return true;
}

// --- The independent replay -------------------------------------------------

struct Replay {
  uint64_t last_seq = 0;
  uint64_t state_hash = 0;
  uint64_t payments_applied = 0;  // reached the core
  uint64_t repeats = 0;           // resubmissions the index answered
  uint64_t batches = 0;
  uint64_t points_checked = 0;
};

// Replays the whole journal (archive included) onto a fresh machine, entry by
// entry as apply_batch() does, and checks it against every acknowledgement
// (acks[n - 1] is payment n's) and every recovered state hash.
Replay replay_and_check(const std::string& dir, const std::vector<AckRecord>& acks,
                        std::vector<RecoveredPoint> points, Failures& failures) {
  Replay out;
  Machine machine;  // the journal starts with its configuration (a Configure command)
  std::vector<uint64_t> payment_at{0};  // by sequence number: payment number, 0 for others
  std::vector<uint64_t> applied_at;     // by payment number: the seq that applied it
  std::vector<core::Result> applied_result;
  std::sort(points.begin(), points.end(),
            [](const RecoveredPoint& a, const RecoveredPoint& b) { return a.seq < b.seq; });
  size_t next_point = 0;
  auto check_points = [&] {
    for (; next_point < points.size() && points[next_point].seq <= machine.last_seq();
         ++next_point) {
      const RecoveredPoint& p = points[next_point];
      ++out.points_checked;
      if (p.seq != machine.last_seq()) {
        failures.add("run " + std::to_string(p.run) + " recovered up to sequence " +
                     std::to_string(p.seq) + ", which is not the end of a batch");
      } else if (p.state_hash != machine.state_hash()) {
        char text[200];
        std::snprintf(text, sizeof text,
                      "run %zu recovered state hash %016" PRIx64 " at sequence %" PRIu64
                      ", the replay gives %016" PRIx64,
                      p.run, p.state_hash, p.seq, machine.state_hash());
        failures.add(text);
      }
    }
  };
  check_points();

  ScanOptions options;
  options.include_archive = true;
  options.verify_hash = true;  // every batch's SHA-256 recomputed
  const ScanResult scan = scan_journal(dir, options, [&](const BatchAt& at) {
    bool ok = true;
    for_each_entry(at.batch, [&](uint32_t index, std::span<const uint8_t> bytes) {
      const uint64_t seq = at.batch.header.first_seq + index;
      if (!ok) return;
      if (seq != machine.last_seq() + 1) {
        failures.add("sequence " + std::to_string(seq) + " follows " +
                     std::to_string(machine.last_seq()));
        ok = false;
        return;
      }
      auto decoded = decode_submission(bytes);
      if (auto* e = std::get_if<DecodeError>(&decoded)) {
        failures.add("sequence " + std::to_string(seq) + " does not decode: " + e->what);
        ok = false;
        return;
      }
      const Submission& s = std::get<Submission>(decoded);
      const uint64_t digest = submission_content_digest(bytes);
      const uint64_t conflicts_before = machine.conflicts();
      const Applied applied = machine.apply(seq, s, digest);
      uint64_t n = 0;
      if (const auto* p = std::get_if<core::SubmitPayment>(&s.command.body)) {
        n = crash::payment_number(p->uetr);
        if (n == 0) failures.add("sequence " + std::to_string(seq) + ": a payment not of the load");
      }
      payment_at.push_back(n);
      if (n == 0) return;
      if (digest != crash::content_digest(crash::payment_submission(n))) {
        failures.add("sequence " + std::to_string(seq) + ": payment " + std::to_string(n) +
                     " differs from what was submitted");
      }
      if (applied_at.size() <= n) {
        applied_at.resize(n + 1, 0);
        applied_result.resize(n + 1);
      }
      if (machine.conflicts() != conflicts_before) {
        failures.add("sequence " + std::to_string(seq) + ": payment " + std::to_string(n) +
                     " was taken for a different instruction (DUPL)");
      } else if (applied.repeat) {
        ++out.repeats;
        if (applied.original_seq != applied_at[n]) {
          failures.add("sequence " + std::to_string(seq) + ": repeat of payment " +
                       std::to_string(n) + " points at " + std::to_string(applied.original_seq) +
                       ", it was applied at " + std::to_string(applied_at[n]));
        }
      } else {
        ++out.payments_applied;
        if (applied_at[n] != 0) {
          failures.add("payment " + std::to_string(n) + " applied twice: at sequence " +
                       std::to_string(applied_at[n]) + " and " + std::to_string(seq));
        } else {
          applied_at[n] = seq;
          applied_result[n] = applied.result;
        }
      }
    });
    ++out.batches;
    check_points();
    return ok;
  });
  if (scan.fault) failures.add("the journal has a fault: " + scan.fault->to_string());
  for (; next_point < points.size(); ++next_point) {
    failures.add("run " + std::to_string(points[next_point].run) + " recovered up to sequence " +
                 std::to_string(points[next_point].seq) + ", beyond the journal's end " +
                 std::to_string(machine.last_seq()));
  }

  // Every acknowledged payment is in the journal, applied once, with the result acknowledged.
  for (uint64_t n = 1; n <= acks.size(); ++n) {
    const AckRecord& ack = acks[n - 1];
    const std::string which =
        "acknowledged payment " + std::to_string(n) + " (sequence " + std::to_string(ack.seq) + ")";
    if (ack.seq >= payment_at.size() || payment_at[ack.seq] != n) {
      failures.add(which + " is not in the journal at that sequence number");
      continue;
    }
    const uint64_t applied_seq = n < applied_at.size() ? applied_at[n] : 0;
    const uint64_t expected_seq = ack.repeat ? ack.original_seq : ack.seq;
    if (applied_seq != expected_seq || (ack.repeat && ack.original_seq >= ack.seq)) {
      failures.add(which +
                   (ack.repeat ? " is a repeat of " + std::to_string(ack.original_seq)
                               : std::string(" was applied")) +
                   " but the replay applied it at " + std::to_string(applied_seq));
      continue;
    }
    const core::Result& r = applied_result[n];
    if (int(r.outcome) != ack.outcome || int(r.reason) != ack.reason) {
      failures.add(which + " was acknowledged with outcome " + std::to_string(ack.outcome) + "/" +
                   std::to_string(ack.reason) + ", the replay gives " +
                   std::to_string(int(r.outcome)) + "/" + std::to_string(int(r.reason)));
    }
  }

  // Conservation, and the core's own invariants.
  const core::Core& core = machine.core();
  std::vector<__int128> sums(core.currency_count(), 0);
  for (core::AccountId a = 0; a < core.account_count(); ++a) {
    sums[core.account(a).currency] += core.account(a).balance_minor;
  }
  for (size_t c = 0; c < sums.size(); ++c) {
    if (sums[c] != 0)
      failures.add("balances in currency " + std::to_string(c) + " do not sum to 0");
  }
  for (const std::string& broken : core.check_invariants()) failures.add("invariant: " + broken);

  out.last_seq = machine.last_seq();
  out.state_hash = machine.state_hash();
  return out;
}

// What engine_test.cc's replayed_hash() does: apply_batch() onto a fresh machine.
uint64_t replayed_hash_with_apply_batch(const std::string& dir, uint64_t* last_seq) {
  Machine machine;  // the journal starts with its configuration (a Configure command)
  ScanOptions options;
  options.include_archive = true;
  const ScanResult scan = scan_journal(dir, options, [&](const BatchAt& at) {
    std::string error;
    EXPECT_TRUE(apply_batch(machine, at.batch, &error)) << error;
    return true;
  });
  EXPECT_FALSE(scan.fault.has_value()) << scan.fault->to_string();
  *last_seq = machine.last_seq();
  return machine.state_hash();
}

std::string describe(const ChildRun& run) {
  if (WIFSIGNALED(run.wait_status))
    return "killed by signal " + std::to_string(WTERMSIG(run.wait_status));
  if (WIFEXITED(run.wait_status))
    return "exit code " + std::to_string(WEXITSTATUS(run.wait_status));
  return "status " + std::to_string(run.wait_status);
}

std::string log_tail(const std::string& path, size_t lines) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string out;
  for (size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) {
    out += "  " + all[i] + "\n";
  }
  return out;
}

TEST(CrashTest, EveryAcknowledgedCommandSurvivesRepeatedSigkill) {
  const uint64_t kills = env_number("CORRIDOR_CRASH_KILLS", 50);
  const uint64_t seed = env_number("CORRIDOR_CRASH_SEED", 20260101);
  // A full replay every check_every kills; its cost grows with the journal.
  const uint64_t check_every = std::max<uint64_t>(10, kills / 10);

  std::string pattern = "/tmp/corridor-crash-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const std::string root = pattern;
  const std::string dir = root + "/journal";
  const std::string log = root + "/child.log";
  std::printf("crash test: %" PRIu64 " kills, seed %" PRIu64 ", directory %s\n", kills, seed,
              root.c_str());

  std::mt19937_64 rng(seed);
  auto uniform = [&rng](uint64_t lo, uint64_t hi) {
    return std::uniform_int_distribution<uint64_t>(lo, hi)(rng);
  };
  Failures failures;
  std::vector<AckRecord> acks;  // acks[n - 1]: payment n's acknowledgement
  std::vector<RecoveredPoint> points;
  uint64_t highest_acked_seq = 0;
  struct {
    uint64_t killed_before_recovered = 0, recovered = 0, from_snapshot = 0, torn_tails = 0,
             torn_bytes = 0, snapshots_rejected = 0, unfinished_snapshots = 0, acked_repeats = 0,
             replays = 0, archived_snapshots_removed = 0;
  } stats;
  const auto started = Clock::now();

  for (uint64_t kill = 0; kill < kills && failures.count() == 0; ++kill) {
    KillAt at = KillAt::kAfterRecovered;
    std::chrono::nanoseconds delay{0};
    const uint64_t mode = uniform(0, 19);
    if (kill == 0 || mode < 2) {
      // At once: for the first run, in the middle of setting up the system.
      delay = std::chrono::nanoseconds(0);
    } else if (mode < 4) {
      at = KillAt::kAfterSpawn;  // while it starts and recovers
      delay = std::chrono::microseconds(uniform(0, 150'000));
    } else if (mode < 8) {
      delay = std::chrono::microseconds(uniform(80'000, 250'000));  // more snapshots
    } else {
      delay = std::chrono::microseconds(uniform(2'000, 80'000));
    }
    const uint64_t from = acks.size() + 1;
    { std::ofstream(log, std::ios::app) << "=== run " << kill << ": --from " << from << "\n"; }
    // A run acknowledges about a thousand payments before it is killed: snapshot
    // often enough that restarts recover from snapshots and kills hit their writing.
    const ChildRun run = run_child(
        {dir, "--from", std::to_string(from), "--seed", std::to_string(uniform(0, 1u << 30)),
         "--snapshot-every", std::to_string(uniform(100, 1'500))},
        log, at, delay);
    if (!run.killed || run.timed_out || !WIFSIGNALED(run.wait_status) ||
        WTERMSIG(run.wait_status) != SIGKILL) {
      failures.add("run " + std::to_string(kill) + " ended on its own (" + describe(run) +
                   (run.timed_out ? ", no progress for 120 s" : "") + "); its log:\n" +
                   log_tail(log, 30));
      break;
    }
    bool saw_recovered = false;
    uint64_t expected_n = from;
    uint64_t run_repeats = 0;
    for (const std::string& line : run.lines) {
      if (line.starts_with("RECOVERED ")) {
        const auto r = parse_recovered(line);
        if (!r) {
          failures.add("run " + std::to_string(kill) + ": unreadable line: " + line);
          continue;
        }
        saw_recovered = true;
        ++stats.recovered;
        stats.from_snapshot += r->snapshot_seq > 0;
        stats.torn_tails += r->torn_bytes > 0;
        stats.torn_bytes += r->torn_bytes;
        stats.snapshots_rejected += r->snapshots_rejected;
        stats.unfinished_snapshots = std::max(stats.unfinished_snapshots, r->unfinished_snapshots);
        if (r->point.seq < highest_acked_seq) {
          failures.add("run " + std::to_string(kill) + " recovered up to sequence " +
                       std::to_string(r->point.seq) + " but " + std::to_string(highest_acked_seq) +
                       " was acknowledged");
        }
        points.push_back(r->point);
        points.back().run = kill;
      } else if (line.starts_with("ACK ")) {
        uint64_t n = 0;
        AckRecord ack;
        if (!parse_ack(line, &n, &ack)) {
          failures.add("run " + std::to_string(kill) + ": unreadable line: " + line);
          continue;
        }
        if (!saw_recovered || n != expected_n || ack.seq <= highest_acked_seq) {
          failures.add("run " + std::to_string(kill) + ": acknowledgement out of order: " + line +
                       " (expected payment " + std::to_string(expected_n) + " after sequence " +
                       std::to_string(highest_acked_seq) + ")");
          continue;
        }
        ++expected_n;
        highest_acked_seq = ack.seq;
        stats.acked_repeats += ack.repeat;
        run_repeats += ack.repeat;
        acks.push_back(ack);
      } else if (line.starts_with("ERROR")) {
        failures.add("run " + std::to_string(kill) + ": " + line);
      }
    }
    stats.killed_before_recovered += !saw_recovered;
    // Housekeeping, so that thousands of kills fit on the disk: the engine moves
    // old snapshots to archive/ and never deletes them; nothing reads them
    // (recovery and this test's replay use archive/ for segments only).
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir + "/archive", ec)) {
      if (e.path().extension() == ".snap" && std::filesystem::remove(e.path(), ec)) {
        ++stats.archived_snapshots_removed;
      }
    }
    std::ofstream(log, std::ios::app)
        << "=== run " << kill << ": killed "
        << std::chrono::duration_cast<std::chrono::microseconds>(delay).count() << " us after "
        << (at == KillAt::kAfterSpawn ? "the start" : "RECOVERED") << " (RECOVERED after "
        << std::chrono::duration_cast<std::chrono::milliseconds>(run.to_recovered).count()
        << " ms, output for "
        << std::chrono::duration_cast<std::chrono::milliseconds>(run.lifetime).count() << " ms), "
        << (expected_n - from) << " payments acknowledged (" << run_repeats << " repeats)\n";
    if ((kill + 1) % check_every == 0 && kill + 1 < kills) {
      replay_and_check(dir, acks, points, failures);
      ++stats.replays;
    }
  }
  const double load_seconds = std::chrono::duration<double>(Clock::now() - started).count();

  // The last word: a restart without load, and the full check, hashes included.
  { std::ofstream(log, std::ios::app) << "=== last run: --check-only\n"; }
  const ChildRun last = run_child({dir, "--check-only"}, log, KillAt::kNever, {});
  std::optional<Recovered> final_state;
  for (const std::string& line : last.lines) {
    if (line.starts_with("RECOVERED ")) final_state = parse_recovered(line);
  }
  EXPECT_TRUE(WIFEXITED(last.wait_status) && WEXITSTATUS(last.wait_status) == 0)
      << "--check-only: " << describe(last) << "\n"
      << log_tail(log, 30);
  ASSERT_TRUE(final_state.has_value()) << "--check-only printed no RECOVERED line";
  final_state->point.run = kills;
  points.push_back(final_state->point);
  EXPECT_GE(final_state->point.seq, highest_acked_seq);
  const Replay replay = replay_and_check(dir, acks, points, failures);
  ++stats.replays;
  uint64_t apply_batch_last_seq = 0;
  const uint64_t apply_batch_hash = replayed_hash_with_apply_batch(dir, &apply_batch_last_seq);
  EXPECT_EQ(apply_batch_last_seq, replay.last_seq);
  EXPECT_EQ(apply_batch_hash, replay.state_hash);
  EXPECT_EQ(final_state->point.seq, replay.last_seq);
  EXPECT_EQ(final_state->point.state_hash, replay.state_hash)
      << "the engine's recovered state differs from an independent replay";
  const double total_seconds = std::chrono::duration<double>(Clock::now() - started).count();

  std::printf("crash test: %" PRIu64 " kills in %.1f s (%.1f s with the checks); %" PRIu64
              " killed before RECOVERED, %" PRIu64 " restarts recovered, %" PRIu64
              " from a snapshot, %" PRIu64 " snapshots rejected, %" PRIu64
              " unfinished snapshot files (most at once), %" PRIu64 " torn tails (%" PRIu64
              " bytes truncated)\n"
              "crash test: %zu payments acknowledged, %" PRIu64
              " of them repeats; journal: %" PRIu64 " commands in %" PRIu64 " batches, %" PRIu64
              " payments applied, %" PRIu64 " repeats; %" PRIu64
              " recovered hashes compared in %" PRIu64 " replays; %" PRIu64
              " archived snapshots removed\n",
              kills, load_seconds, total_seconds, stats.killed_before_recovered, stats.recovered,
              stats.from_snapshot, stats.snapshots_rejected, stats.unfinished_snapshots,
              stats.torn_tails, stats.torn_bytes, acks.size(), stats.acked_repeats, replay.last_seq,
              replay.batches, replay.payments_applied, replay.repeats, replay.points_checked,
              stats.replays, stats.archived_snapshots_removed);
  std::fflush(stdout);

  // The run must have done something worth checking. With 50 kills or more,
  // some restarts always recover from a snapshot (a fifth of the runs last
  // long enough to write several) and some always get repeats (most kills
  // land while a synced batch waits to be applied); torn tails need a kill in
  // the middle of a write, which is rare, so they are only counted.
  EXPECT_GE(acks.size(), kills * 20) << "too few payments acknowledged to mean much";
  EXPECT_GE(stats.recovered, kills / 2);
  if (kills >= 50) {
    EXPECT_GT(stats.from_snapshot, 0u) << "no restart recovered from a snapshot";
    EXPECT_GT(stats.acked_repeats, 0u) << "no resubmission was answered as a repeat";
  }

  if (::testing::Test::HasFailure() || env_number("CORRIDOR_CRASH_KEEP", 0) != 0) {
    std::printf("crash test: kept %s (journal in journal/, child output in child.log)\n",
                root.c_str());
  } else {
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
  }
}

}  // namespace
}  // namespace corridor::journal
