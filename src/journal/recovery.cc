#include "journal/recovery.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <variant>

#include "journal/snapshot_store.h"

namespace corridor::journal {
namespace {

std::unique_ptr<Machine> new_machine(const RecoveryOptions& options) {
  auto machine = std::make_unique<Machine>(options.core_config);
  if (options.index_keys_reserved > 0) machine->reserve_index(options.index_keys_reserved);
  return machine;
}

void say(const RecoveryOptions& options, const std::string& line) {
  if (options.log) options.log(line);
}

struct Attempt {
  std::unique_ptr<Machine> machine;
  ScanResult scan;
  std::string rejected;  // non-empty: this snapshot cannot be used
  uint64_t replayed = 0;
};

// Replays the journal on top of `machine` (already holding the snapshot's
// state, or empty). `meta` is null for a replay from the start.
// Decoded submissions of one batch, handed from the scanning thread to the
// applying one.
struct DecodedBatch {
  uint64_t first_seq = 0;
  std::vector<Submission> submissions;
  std::vector<uint64_t> digests;
};

// A small blocking queue between the two recovery threads; an empty optional
// ends the stream.
class DecodedQueue {
 public:
  void push(std::unique_ptr<DecodedBatch> batch) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return queue_.size() < kDepth; });
    queue_.push_back(std::move(batch));
    ready_.notify_one();
  }
  std::unique_ptr<DecodedBatch> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !queue_.empty(); });
    auto batch = std::move(queue_.front());
    queue_.pop_front();
    space_.notify_one();
    return batch;
  }

 private:
  static constexpr size_t kDepth = 4;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<std::unique_ptr<DecodedBatch>> queue_;
};

bool decode_batch(const BatchView& batch, uint64_t after_seq, DecodedBatch* out,
                  std::string* error) {
  out->first_seq = 0;
  bool ok = true;
  for_each_entry(batch, [&](uint32_t index, std::span<const uint8_t> encoded) {
    const uint64_t seq = batch.header.first_seq + index;
    if (!ok || seq <= after_seq) return;
    auto decoded = decode_submission(encoded);
    if (auto* e = std::get_if<DecodeError>(&decoded)) {
      *error = "sequence " + std::to_string(seq) + " does not decode: " + e->what;
      ok = false;
      return;
    }
    if (out->first_seq == 0) out->first_seq = seq;
    out->submissions.push_back(std::move(std::get<Submission>(decoded)));
    out->digests.push_back(submission_content_digest(encoded));
  });
  return ok;
}

void apply_decoded(Machine& machine, const DecodedBatch& batch) {
  const size_t count = batch.submissions.size();
  constexpr size_t kAhead = 8;  // as the engine's apply thread
  for (size_t i = 0; i < std::min(count, kAhead); ++i) machine.prefetch(batch.submissions[i]);
  for (size_t i = 0; i < count; ++i) {
    if (i + kAhead < count) machine.prefetch(batch.submissions[i + kAhead]);
    machine.apply(batch.first_seq + i, batch.submissions[i], batch.digests[i]);
  }
}

// Replays the journal on top of `machine` (already holding the snapshot's
// state, or empty). `meta` is null for a replay from the start. One thread
// reads, checks and decodes; this one applies, so the two overlap.
Attempt replay(const std::string& dir, const RecoveryOptions& options,
               std::unique_ptr<Machine> machine, const SnapshotMeta* meta) {
  Attempt attempt;
  const uint64_t replay_from = meta ? meta->seq : 0;
  bool joined = replay_from == 0;  // seen the point where the snapshot ends
  std::string fault;
  ScanOptions scan_options;
  scan_options.verify_hash = options.verify_hash;
  scan_options.include_archive = meta == nullptr;
  DecodedQueue queue;
  std::thread reader([&] {
    attempt.scan = scan_journal(dir, scan_options, [&](const BatchAt& at) {
      const BatchHeader& h = at.batch.header;
      if (h.last_seq() <= replay_from) {
        if (h.last_seq() == replay_from) {
          if (at.batch.batch_hash != meta->chain_head) {
            attempt.rejected = "its hash-chain head does not match the journal's batch ending at " +
                               std::to_string(replay_from);
            return false;
          }
          joined = true;
        }
        return true;
      }
      if (!joined) {
        // The batch that ends at the snapshot is not in the live segments
        // (archived): this batch must continue from the snapshot's head.
        if (h.first_seq != replay_from + 1 || h.prev_hash != meta->chain_head) {
          attempt.rejected = "the journal does not continue from it (batch " +
                             std::to_string(h.first_seq) + " in " + at.segment.path + ")";
          return false;
        }
        joined = true;
      }
      auto decoded = std::make_unique<DecodedBatch>();
      std::string error;
      if (!decode_batch(at.batch, replay_from, decoded.get(), &error)) {
        fault = at.segment.path + " at byte " + std::to_string(at.offset) + ": " + error;
        return false;
      }
      queue.push(std::move(decoded));
      return true;
    });
    queue.push(nullptr);
  });
  while (auto batch = queue.pop()) {
    apply_decoded(*machine, *batch);
    attempt.replayed += batch->submissions.size();
  }
  reader.join();
  if (!fault.empty()) throw RecoveryError("journal corrupt: " + fault);
  if (attempt.scan.fault)
    throw RecoveryError("journal corrupt: " + attempt.scan.fault->to_string());
  if (!attempt.rejected.empty()) return attempt;
  if (meta != nullptr && attempt.scan.last_seq < meta->seq) {
    throw RecoveryError("journal ends at sequence " + std::to_string(attempt.scan.last_seq) +
                        " but a snapshot covers up to " + std::to_string(meta->seq) +
                        ": acknowledged batches are missing");
  }
  if (meta != nullptr && !joined) {
    attempt.rejected = "no batch of the journal continues from it";
    return attempt;
  }
  if (meta == nullptr && attempt.scan.batch_count > 0 && attempt.scan.first_seq != 1) {
    throw RecoveryError("journal starts at sequence " + std::to_string(attempt.scan.first_seq) +
                        ", earlier segments are missing, and no snapshot covers them");
  }
  attempt.machine = std::move(machine);
  return attempt;
}

}  // namespace

bool apply_batch(Machine& machine, const BatchView& batch, std::string* error) {
  DecodedBatch decoded;
  if (!decode_batch(batch, machine.last_seq(), &decoded, error)) return false;
  apply_decoded(machine, decoded);
  return true;
}

Recovered recover(const std::string& dir, const RecoveryOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  Recovered out;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    out.machine = new_machine(options);
    return out;
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("snapshot-") && name.ends_with(".snap.tmp")) {
      say(options, "recovery: ignoring unfinished snapshot " + entry.path().string() +
                       " (a crash while it was written)");
    }
  }

  Attempt attempt;
  bool done = false;
  for (const SnapshotFile& file : list_snapshots(dir)) {
    auto loaded = load_snapshot(file);
    std::string why;
    auto machine = new_machine(options);
    if (auto* error = std::get_if<std::string>(&loaded)) {
      why = *error;
    } else {
      const LoadedSnapshot& snapshot = std::get<LoadedSnapshot>(loaded);
      if (!machine->load_state(snapshot.image, &why)) {
        // why is set
      } else if (machine->last_seq() != snapshot.meta.seq) {
        why = "image sequence number differs from its header";
      } else if (machine->state_hash() != snapshot.meta.state_hash) {
        why = "state hash after loading differs from the one recorded";
      } else {
        attempt = replay(dir, options, std::move(machine), &snapshot.meta);
        if (attempt.rejected.empty()) {
          out.report.snapshot_path = file.path;
          out.report.snapshot_seq = snapshot.meta.seq;
          done = true;
        } else {
          why = attempt.rejected;
        }
      }
    }
    if (done) break;
    out.report.snapshots_rejected.push_back(file.path + ": " + why);
    say(options, "recovery: not using snapshot " + file.path + ": " + why);
  }
  if (!done) {
    attempt = replay(dir, options, new_machine(options), nullptr);
  }
  out.machine = std::move(attempt.machine);
  out.report.replayed_commands = attempt.replayed;
  out.report.last_seq = out.machine->last_seq();
  out.report.head = attempt.scan.head;
  out.report.torn_tail = attempt.scan.torn_tail;
  if (attempt.scan.torn_tail) {
    const TornTail& t = *attempt.scan.torn_tail;
    say(options, "recovery: torn tail in " + t.file + " at byte " + std::to_string(t.offset) +
                     " (" + std::to_string(t.bytes) + " bytes, " + t.what +
                     "): a batch that was never acknowledged; it will be truncated");
  }
  out.scan = std::move(attempt.scan);
  // A full replay read archive/ too; the writer continues the live segments only.
  out.scan.segments.erase(std::remove_if(out.scan.segments.begin(), out.scan.segments.end(),
                                         [](const SegmentInfo& s) { return s.archived; }),
                          out.scan.segments.end());
  out.report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  say(options, "recovery: " +
                   (out.report.snapshot_path.empty() ? std::string("no snapshot")
                                                     : "snapshot " + out.report.snapshot_path) +
                   ", replayed " + std::to_string(out.report.replayed_commands) +
                   " commands, last sequence " + std::to_string(out.report.last_seq) + ", head " +
                   to_hex(out.report.head));
  return out;
}

}  // namespace corridor::journal
