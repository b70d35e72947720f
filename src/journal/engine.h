// The engine: sequencer, journal and machine in one pipeline.
//
//   submit() ──> sequencer thread ──> writer thread ──> apply thread ──> completion
//                (order, sequence      (append the      (apply to the
//                 number, timestamp,    batch, then      machine, call each
//                 encode, hash chain)   fdatasync)       completion in order)
//
// Group commit: the sequencer closes a batch when it holds batch_commands_max
// submissions or when batch_wait_ns has passed since the first one arrived;
// the writer makes each batch durable with one sync before the apply thread
// sees it, so nothing is acknowledged before it is on disk. The stages run on
// their own threads, so one batch is synced while the previous one is applied
// and the next one is encoded. Snapshots are written by a fourth thread from
// an image the apply thread takes between batches.
//
// If the journal cannot be written, the engine fails stop: the batch in flight
// and every later submission complete with AckStatus::kFailed (outcome
// unknown: the batch may or may not be on disk) and nothing more is applied.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "core/state.h"
#include "journal/machine.h"
#include "journal/record_format.h"
#include "journal/recovery.h"
#include "journal/segment_writer.h"
#include "journal/snapshot_store.h"
#include "journal/submission.h"
#include "journal/write_stats.h"

namespace corridor::journal {

struct Ack;

struct EngineOptions {
  std::string dir;  // the journal directory; created if missing
  core::Config core_config;
  WriterOptions writer;
  uint32_t batch_commands_max = 8192;
  int64_t batch_wait_ns = 200'000;  // group-commit window for a batch that is not full
  // A snapshot after this many commands or seconds since the last (0: never).
  uint64_t snapshot_every_commands = 10'000'000;
  double snapshot_every_seconds = 600;
  // Snapshots kept in the directory; older ones, and segments that only hold
  // commands before the oldest kept snapshot, are moved to archive/ (never deleted).
  uint32_t snapshots_kept = 2;
  // Nanoseconds since the epoch; default CLOCK_REALTIME. Timestamps never go back.
  std::function<core::TimestampNs()> clock;
  // Keep each submission's own timestamp (made non-decreasing) instead of the
  // clock's: for the simulator's virtual clock and for tests.
  bool keep_submitted_timestamps = false;
  size_t inbox_commands_max = 1u << 20;  // submit() blocks while this many are waiting
  // Instruction keys (about two per payment) the exactly-once index holds
  // before it grows; growing rehashes it all, a pause on the apply thread.
  // Memory is mapped as it is used, 32 bytes a slot at half load.
  size_t index_keys_reserved = size_t{1} << 21;
  std::function<void(const std::string&)> log;
  bool verify_hash_on_recovery = true;
  // Sees every applied submission (kApplied acks only), on the apply thread, in
  // sequence order, before its completion, with the machine just after it:
  // for what is derived from the whole journal (the service's inboxes). Not
  // called for what recovery replayed (observed_replay.h replays for it).
  std::function<void(const Submission&, const Ack&, const Machine&)> observer;
  // Called on the apply thread a few submissions before the observer sees
  // each one (as the machine's own prefetch), so that the observer can start
  // loading what it will touch. Must not change anything.
  std::function<void(const Submission&)> observer_prefetch;
};

enum class AckStatus : uint8_t {
  kApplied = 0,  // durable and applied: `applied` holds the result
  // Not acknowledged: the journal failed (the outcome is unknown) or the engine
  // was stopped first (never sequenced). Resubmitting after a restart is safe:
  // exactly-once submission applies it at most once.
  kFailed = 1,
  kRefused = 2,  // never sequenced: the submission cannot be journaled (applied.result says why)
};

struct Ack {
  AckStatus status = AckStatus::kApplied;
  Applied applied;
  core::TimestampNs timestamp_ns = 0;
  // kApplied: the hash of the batch that holds the submission (applied.seq),
  // the chain head once the batch is applied: what a finality receipt binds
  // with the seq (docs/receipts.md).
  Hash256 batch_hash{};
  std::span<const core::Event> events;  // valid during the completion call only
  // kApplied, when the submission carried an attachment: where the journal
  // holds it (for reading it back later: attachment_reader.h) and its bytes
  // (valid during the call only).
  std::optional<AttachmentRef> attachment;
  std::span<const uint8_t> attachment_bytes;
};
// Runs on an engine thread, in sequence order; must not block for long.
using Completion = std::function<void(const Ack&)>;

struct EngineStats {
  uint64_t batches = 0;
  uint64_t commands = 0;
  uint64_t snapshots = 0;
  uint64_t last_seq = 0;
};

class Engine {
 public:
  // Locks options.dir (one engine per journal), recovers the journal in it,
  // then starts the threads. Throws RecoveryError (corrupt journal) or IoError
  // (including: another engine holds the directory).
  static std::unique_ptr<Engine> open(EngineOptions options);
  ~Engine();  // stop()
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Thread-safe. The sequencer sets the command's timestamp.
  void submit(Submission submission, Completion done);

  struct Outcome {
    AckStatus status = AckStatus::kApplied;
    Applied applied;
    core::TimestampNs timestamp_ns = 0;
    std::vector<core::Event> events;
  };
  Outcome submit_and_wait(Submission submission);
  // Thread-safe. submit() for each submission in order (done[i] for
  // submissions[i]), with one hand-off to the sequencer: a message's payments
  // take its locks once, not once each.
  void submit_all(std::vector<Submission> submissions, std::vector<Completion> done);

  // Returns once every submission made before the call has completed.
  void flush();
  // Completes everything submitted, then stops the threads. Idempotent.
  void stop();
  // Runs fn on the apply thread between batches, and waits for it.
  void inspect(const std::function<void(const Machine&)>& fn);
  // The same without waiting: `fn` runs later on the apply thread (or at once
  // on the caller's, once the engine has stopped). For callers that must not
  // block (the service's I/O threads): `fn` copies what it needs and hands it on.
  void inspect_async(std::function<void(const Machine&)> fn);
  // Takes a snapshot now (between batches) and waits until it is on disk.
  void snapshot_now();

  // Changes the group-commit window from the next batch on (a tuning knob).
  void set_batch_wait_ns(int64_t wait_ns) { batch_wait_ns_.store(wait_ns); }

  const RecoveryReport& recovery() const { return recovery_; }
  bool failed() const { return failed_.load(); }
  std::string failure() const;
  EngineStats stats() const;
  // Each batch's write and fdatasync time and size, as measured by the writer
  // thread (with WriterOptions::sync off: the write alone).
  BatchWriteFigures batch_writes() const { return batch_writes_.read(); }

 private:
  struct Pending {
    Submission submission;
    Completion done;
  };
  struct Batch {
    BatchBuilder builder;
    std::vector<Pending> items;
    std::vector<uint64_t> digests;
    uint64_t first_seq = 0;
    core::TimestampNs timestamp_ns = 0;
    Hash256 hash{};
    RecordPlace place;                 // where the writer put it
    std::function<void()> inspection;  // set: not a batch, a request run on the apply thread
  };
  // A small blocking queue of batches; nullptr is the end-of-stream marker.
  class BatchQueue {
   public:
    void push(Batch* batch);
    Batch* pop();

   private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Batch*> queue_;
  };
  struct SnapshotJob {
    SnapshotMeta meta;
    std::vector<uint8_t> image;
    std::function<void()> done;  // may be empty
  };

  explicit Engine(EngineOptions options);
  void lock_directory();
  void remove_unfinished_snapshots();
  void configure_new_journal();
  void sequencer_loop();
  void seal_batch(std::span<Pending> pending);  // sequence, stamp, encode, hash; to the writer
  void seal_one_batch(std::span<Pending> pending);
  void writer_loop();
  void apply_loop();
  void snapshot_loop();
  void complete_failed(Batch* batch);
  void complete(uint64_t count);
  void fail(const std::string& why);
  void maybe_snapshot(bool force, std::function<void()> done);
  void archive_old_files(uint64_t oldest_kept_seq);
  bool encodable(const Submission& s, core::Result* refusal) const;
  core::TimestampNs clock_now() const;

  EngineOptions options_;
  RecoveryReport recovery_;
  std::unique_ptr<Machine> machine_;  // the apply thread's, once started
  std::unique_ptr<SegmentWriter> writer_;
  int lock_fd_ = -1;

  // Inbox (submit -> sequencer)
  std::mutex inbox_mutex_;
  std::condition_variable inbox_ready_;
  std::condition_variable inbox_space_;
  std::vector<Pending> inbox_;
  bool stopping_ = false;

  // Sequencer state (sequencer thread only)
  uint64_t next_seq_ = 1;
  core::TimestampNs last_timestamp_ns_ = 0;
  Hash256 head_{};

  // Batch objects cycle: free -> sequencer -> writer -> apply -> free.
  std::vector<std::unique_ptr<Batch>> batches_;
  BatchQueue free_batches_;
  BatchQueue to_writer_;
  BatchQueue to_apply_;

  // Apply-thread state
  Hash256 applied_head_{};

  // Snapshot thread
  std::mutex snapshot_mutex_;
  std::condition_variable snapshot_ready_;
  std::unique_ptr<SnapshotJob> snapshot_job_;
  bool snapshot_busy_ = false;
  bool snapshot_stop_ = false;
  uint64_t commands_since_snapshot_ = 0;
  int64_t last_snapshot_steady_ns_ = 0;

  // Completion accounting for flush()
  std::mutex done_mutex_;
  std::condition_variable done_changed_;
  uint64_t submitted_ = 0;
  uint64_t completed_ = 0;

  std::atomic<int64_t> batch_wait_ns_{0};
  std::atomic<bool> failed_{false};
  mutable std::mutex failure_mutex_;
  std::string failure_;
  std::atomic<uint64_t> stat_batches_{0};
  std::atomic<uint64_t> stat_commands_{0};
  std::atomic<uint64_t> stat_snapshots_{0};
  std::atomic<uint64_t> stat_last_seq_{0};
  BatchWriteStats batch_writes_;

  std::mutex stop_mutex_;
  bool stopped_ = false;
  std::thread sequencer_;
  std::thread writer_thread_;
  std::thread apply_;
  std::thread snapshotter_;
};

}  // namespace corridor::journal
