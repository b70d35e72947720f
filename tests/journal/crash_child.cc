// The engine under load, to be SIGKILLed by the crash test (crash_test.cc).
//
//   journal_crash_child DIR --from N [--seed S] [--snapshot-every K] [--check-only]
//
// Opens an Engine on DIR with real fdatasync, prints
//
//   RECOVERED <last_seq> <state hash, 16 hex> snapshot_seq=<seq> replayed=<commands>
//             torn_bytes=<bytes> snapshots_rejected=<count> unfinished_snapshots=<count>
//
// (one line) for the machine Engine::open() left (what recovery gave, plus
// the Configure command a new journal starts with) and its recovery report,
// sets up the small system if it is not complete yet, then submits payments
// N, N+1, ... (crash_load.h) until it is killed, and prints for each one, only
// once its completion has fired,
//
//   ACK <n> <seq> <repeat 0/1> <original_seq> <outcome> <reason>
//
// (outcome and reason as the numbers of core::Outcome and core::Reason). Each
// line is one write(2) of at most PIPE_BUF bytes to stdout, so a pipe reader
// sees whole lines only. --check-only exits after the RECOVERED line. Logs go
// to stderr. Exit codes: 2 recovery refused, 3 a submission failed, 4 setup failed.
#include <fcntl.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <semaphore>
#include <string>
#include <vector>

#include "crash_load.h"
#include "journal/engine.h"

namespace corridor::journal::crash {
namespace {

void write_all(int fd, const char* data, size_t bytes) {
  while (bytes > 0) {
    const ssize_t n = ::write(fd, data, bytes);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) std::_Exit(5);  // the test is gone
    data += n;
    bytes -= static_cast<size_t>(n);
  }
}

void log_line(const std::string& line) {
  const std::string text = "crash-child[" + std::to_string(::getpid()) + "] " + line + "\n";
  write_all(2, text.data(), text.size());
}

void out_line(const std::string& line) {
  const std::string text = line + "\n";
  write_all(1, text.data(), text.size());
}

struct Args {
  std::string dir;
  uint64_t from = 0;
  uint64_t seed = 1;
  uint64_t snapshot_every_commands = 2000;
  bool check_only = false;
};

bool parse_args(int argc, char** argv, Args* args) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto number = [&](uint64_t* v) {
      if (i + 1 >= argc) return false;
      char* end = nullptr;
      *v = std::strtoull(argv[++i], &end, 10);
      return end != nullptr && *end == '\0';
    };
    if (a == "--from") {
      if (!number(&args->from)) return false;
    } else if (a == "--seed") {
      if (!number(&args->seed)) return false;
    } else if (a == "--snapshot-every") {
      if (!number(&args->snapshot_every_commands)) return false;
    } else if (a == "--check-only") {
      args->check_only = true;
    } else if (args->dir.empty() && !a.starts_with("--")) {
      args->dir = a;
    } else {
      return false;
    }
  }
  return !args->dir.empty() && (args->from >= 1 || args->check_only);
}

size_t unfinished_snapshots(const std::string& dir) {
  size_t count = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().filename().string().ends_with(".snap.tmp")) ++count;
  }
  return count;
}

int run(const Args& args) {
  const size_t unfinished = unfinished_snapshots(args.dir);
  EngineOptions options;
  options.dir = args.dir;
  options.core_config = core_config();
  options.writer.sync = true;                     // real fdatasync: the point of the test
  options.writer.segment_bytes_max = 256u << 10;  // rotation and archiving happen often
  options.batch_wait_ns = 100'000;
  options.snapshot_every_commands = args.snapshot_every_commands;
  options.snapshots_kept = 2;
  options.index_keys_reserved = 1u << 16;  // the table grows (and rehashes) under load too
  options.log = log_line;
  std::unique_ptr<Engine> engine;
  try {
    engine = Engine::open(options);
  } catch (const std::exception& e) {
    log_line(std::string("open failed: ") + e.what());
    out_line(std::string("ERROR ") + e.what());
    return 2;
  }

  const std::vector<Submission> setup = setup_submissions();
  const uint64_t setup_last_digest = content_digest(setup.back());
  // The state Engine::open() left: what recovery gave, and for a new journal
  // the Configure command the engine starts it with.
  uint64_t last_seq = 0;
  uint64_t state_hash = 0;
  bool setup_done = false;
  engine->inspect([&](const Machine& m) {
    last_seq = m.last_seq();
    state_hash = m.state_hash();
    // Payments, and so ends of day, follow a complete setup; after an end of
    // day the index may have forgotten the setup's message ids.
    setup_done = m.index().check(setup.back(), setup_last_digest).verdict ==
                     SubmissionIndex::Verdict::kRepeat ||
                 m.core().value_date() != core_config().value_date_initial;
  });
  const RecoveryReport& r = engine->recovery();
  char line[256];
  std::snprintf(line, sizeof line,
                "RECOVERED %" PRIu64 " %016" PRIx64 " snapshot_seq=%" PRIu64 " replayed=%" PRIu64
                " torn_bytes=%" PRIu64 " snapshots_rejected=%zu unfinished_snapshots=%zu",
                last_seq, state_hash, r.snapshot_seq, r.replayed_commands,
                r.torn_tail ? r.torn_tail->bytes : uint64_t{0}, r.snapshots_rejected.size(),
                unfinished);
  out_line(line);
  if (args.check_only) {
    engine->stop();
    return 0;
  }

  if (!setup_done) {
    log_line("setting up the small system");
    for (const Submission& s : setup) {
      const Engine::Outcome out = engine->submit_and_wait(s);
      if (out.status != AckStatus::kApplied || !out.applied.result.ok()) {
        log_line("setup command failed: status " + std::to_string(int(out.status)) + ", reason " +
                 std::string(core::iso_code(out.applied.result.reason)));
        return 4;
      }
    }
  }

  // Vary the number of submissions in flight from run to run, and so the batch sizes.
  const auto in_flight_max = static_cast<std::ptrdiff_t>(kInFlightMax >> (args.seed % 7));
  std::counting_semaphore<kInFlightMax> in_flight(in_flight_max);  // 64 .. 4096
  log_line("submitting payments from " + std::to_string(args.from) + ", at most " +
           std::to_string(in_flight_max) + " in flight");
  auto operator_done = [&in_flight](const Ack&) { in_flight.release(); };
  for (uint64_t n = args.from;; ++n) {
    in_flight.acquire();
    engine->submit(payment_submission(n), [n, &in_flight](const Ack& ack) {
      if (ack.status != AckStatus::kApplied) {
        log_line("payment " + std::to_string(n) + " not acknowledged: status " +
                 std::to_string(int(ack.status)));
        std::_Exit(3);
      }
      char text[160];
      const int bytes =
          std::snprintf(text, sizeof text, "ACK %" PRIu64 " %" PRIu64 " %d %" PRIu64 " %d %d\n", n,
                        ack.applied.seq, ack.applied.repeat ? 1 : 0, ack.applied.original_seq,
                        int(ack.applied.result.outcome), int(ack.applied.result.reason));
      write_all(1, text, static_cast<size_t>(bytes));
      in_flight.release();
    });
    if (n % kGridlockEvery == 0) {
      in_flight.acquire();
      engine->submit(gridlock_submission(n), operator_done);
    }
    if (n % kEndOfDayEvery == 0) {
      in_flight.acquire();
      engine->submit(end_of_day_submission(n), operator_done);
    }
  }
}

}  // namespace
}  // namespace corridor::journal::crash

int main(int argc, char** argv) {
  corridor::journal::crash::Args args;
  if (!corridor::journal::crash::parse_args(argc, argv, &args)) {
    std::fprintf(stderr,
                 "usage: journal_crash_child DIR --from N [--seed S] [--snapshot-every K] "
                 "[--check-only]\n");
    return 1;
  }
  return corridor::journal::crash::run(args);
}
