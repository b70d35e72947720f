#include "journal/engine.h"

#include <fcntl.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <future>
#include <variant>

#include "journal/snapshot_store.h"

namespace corridor::journal {
namespace {

constexpr size_t kBatchesInFlight = 4;   // free, encoding, syncing, applying
constexpr size_t kPrefetchDistance = 8;  // submissions ahead (docs/performance.md)
constexpr size_t kTextBytesMax = 65536;  // command_codec.cc: longer text does not decode

int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void Engine::BatchQueue::push(Batch* batch) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(batch);
  }
  ready_.notify_one();
}

Engine::Batch* Engine::BatchQueue::pop() {
  std::unique_lock lock(mutex_);
  ready_.wait(lock, [&] { return !queue_.empty(); });
  Batch* batch = queue_.front();
  queue_.pop_front();
  return batch;
}

Engine::Engine(EngineOptions options) : options_(std::move(options)) {
  if (options_.batch_commands_max == 0) options_.batch_commands_max = 1;
  batch_wait_ns_.store(options_.batch_wait_ns);
}

std::unique_ptr<Engine> Engine::open(EngineOptions options) {
  std::unique_ptr<Engine> engine(new Engine(std::move(options)));
  const EngineOptions& o = engine->options_;
  engine->lock_directory();
  RecoveryOptions recovery_options;
  recovery_options.core_config = o.core_config;
  recovery_options.verify_hash = o.verify_hash_on_recovery;
  recovery_options.index_keys_reserved = o.index_keys_reserved;
  recovery_options.log = o.log;
  Recovered recovered = recover(o.dir, recovery_options);
  engine->writer_ = SegmentWriter::open(o.dir, recovered.scan, o.writer);
  engine->recovery_ = recovered.report;
  engine->machine_ = std::move(recovered.machine);
  engine->machine_->reserve_index(o.index_keys_reserved);
  // What recovery replayed is what a snapshot would now save replaying again:
  // an engine restarted more often than snapshot_every_commands still snapshots.
  engine->commands_since_snapshot_ = recovered.report.replayed_commands;
  engine->remove_unfinished_snapshots();
  engine->next_seq_ = engine->machine_->last_seq() + 1;
  engine->head_ = recovered.report.head;
  engine->applied_head_ = recovered.report.head;
  engine->last_timestamp_ns_ = engine->machine_->core().now_ns();
  engine->stat_last_seq_ = engine->machine_->last_seq();
  engine->last_snapshot_steady_ns_ = steady_ns();
  for (size_t i = 0; i < kBatchesInFlight; ++i) {
    engine->batches_.push_back(std::make_unique<Batch>());
    engine->free_batches_.push(engine->batches_.back().get());
  }
  Engine* e = engine.get();
  e->snapshotter_ = std::thread([e] { e->snapshot_loop(); });
  e->apply_ = std::thread([e] { e->apply_loop(); });
  e->writer_thread_ = std::thread([e] { e->writer_loop(); });
  e->sequencer_ = std::thread([e] { e->sequencer_loop(); });
  e->configure_new_journal();
  return engine;
}

void Engine::configure_new_journal() {
  const core::Config& wanted = options_.core_config;
  if (machine_->last_seq() > 0) {
    // The journal's own configuration wins: it is what its history was built under.
    const core::Config& journaled = machine_->core().config();
    if (journaled.value_date_initial != wanted.value_date_initial ||
        journaled.dedupe_window_days != wanted.dedupe_window_days ||
        journaled.currencies_max != wanted.currencies_max ||
        journaled.participants_max != wanted.participants_max ||
        journaled.accounts_max != wanted.accounts_max ||
        journaled.pending_payments_max != wanted.pending_payments_max) {
      if (options_.log) {
        options_.log(
            "engine: the journal's configuration differs from the one given; "
            "using the journal's (it is the first command of its history)");
      }
    }
    return;
  }
  // A new journal starts with its configuration, so that a replay needs nothing else.
  const Outcome out = submit_and_wait(Submission{
      core::Bic(), core::InstructionId(), core::Command{0, core::configure_command(wanted)}});
  if (out.status != AckStatus::kApplied || !out.applied.result.ok()) {
    throw IoError("cannot start a new journal in " + options_.dir + ": its configuration (" +
                  std::string(core::reason_text(out.applied.result.reason)) + ") was not applied");
  }
}

Engine::~Engine() {
  stop();
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the directory lock
}

void Engine::remove_unfinished_snapshots() {
  // A crash while a snapshot was written leaves its temporary file; the
  // snapshot it would have been is not needed (the journal holds everything),
  // and only this engine, holding the lock, could be writing one.
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(options_.dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("snapshot-") && name.ends_with(".snap.tmp")) {
      std::filesystem::remove(entry.path(), ec);
      if (options_.log) {
        options_.log("engine: removed unfinished snapshot " + entry.path().string() +
                     (ec ? " failed: " + ec.message() : std::string()));
      }
    }
  }
}

void Engine::lock_directory() {
  // Two engines appending to one journal would interleave batches and break the
  // chain: the first holds an exclusive lock on DIR/LOCK for its lifetime.
  std::error_code ec;
  std::filesystem::create_directories(options_.dir, ec);
  if (ec) throw IoError("create " + options_.dir + ": " + ec.message());
  const std::string path = options_.dir + "/LOCK";
  lock_fd_ = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) throw IoError("open " + path + ": " + errno_text(errno));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw IoError("journal directory " + options_.dir + " is in use by another engine (lock " +
                  path + ": " + errno_text(error) + ")");
  }
}

core::TimestampNs Engine::clock_now() const {
  if (options_.clock) return options_.clock();
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

bool Engine::encodable(const Submission& s, core::Result* refusal) const {
  // The codec refuses to decode longer texts, so such a command could be
  // journaled but never replayed: refuse it before it gets a sequence number.
  if (const auto* p = std::get_if<core::AddParticipant>(&s.command.body)) {
    if (p->name.size() > kTextBytesMax) {
      *refusal = core::Result::rejected(core::Reason::kTextTooLong);
      return false;
    }
  }
  if (s.attachment && s.attachment->size() > kAttachmentBytesMax) {
    *refusal = core::Result::rejected(core::Reason::kTextTooLong);
    return false;
  }
  return true;
}

void Engine::submit(Submission submission, Completion done) {
  std::vector<Submission> one;
  one.push_back(std::move(submission));
  std::vector<Completion> its_done;
  its_done.push_back(std::move(done));
  submit_all(std::move(one), std::move(its_done));
}

void Engine::submit_all(std::vector<Submission> submissions, std::vector<Completion> done) {
  const size_t count = submissions.size();
  done.resize(count);
  {
    std::lock_guard lock(done_mutex_);
    submitted_ += count;
  }
  std::vector<size_t> accepted;  // the encodable ones, in order
  accepted.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    core::Result refusal;
    if (encodable(submissions[i], &refusal)) {
      accepted.push_back(i);
      continue;
    }
    Ack ack;
    ack.status = AckStatus::kRefused;
    ack.applied.result = refusal;
    if (done[i]) done[i](ack);
    complete(1);
  }
  if (accepted.empty()) return;
  std::unique_lock lock(inbox_mutex_);
  inbox_space_.wait(lock, [&] {
    return inbox_.size() < options_.inbox_commands_max || stopping_ || failed_.load();
  });
  if (stopping_ || failed_.load()) {
    lock.unlock();
    for (size_t i : accepted) {
      Ack ack;
      ack.status = AckStatus::kFailed;
      if (done[i]) done[i](ack);
    }
    complete(accepted.size());
    return;
  }
  const bool was_empty = inbox_.empty();
  for (size_t i : accepted) {
    inbox_.push_back(Pending{std::move(submissions[i]), std::move(done[i])});
  }
  const bool wake = was_empty || inbox_.size() >= options_.batch_commands_max;
  lock.unlock();
  if (wake) inbox_ready_.notify_one();
}

Engine::Outcome Engine::submit_and_wait(Submission submission) {
  std::promise<Outcome> promise;
  auto future = promise.get_future();
  submit(std::move(submission), [&promise](const Ack& ack) {
    Outcome out;
    out.status = ack.status;
    out.applied = ack.applied;
    out.timestamp_ns = ack.timestamp_ns;
    out.events.assign(ack.events.begin(), ack.events.end());
    promise.set_value(std::move(out));
  });
  return future.get();
}

void Engine::complete(uint64_t count) {
  {
    std::lock_guard lock(done_mutex_);
    completed_ += count;
  }
  done_changed_.notify_all();
}

void Engine::flush() {
  std::unique_lock lock(done_mutex_);
  const uint64_t target = submitted_;
  done_changed_.wait(lock, [&] { return completed_ >= target; });
}

void Engine::sequencer_loop() {
  // Submissions taken from the inbox, not sealed yet; a part batch left over
  // from the last round waits at the front for its window to fill it.
  std::vector<Pending> taken;
  const size_t batch_max = options_.batch_commands_max;
  for (;;) {
    bool stopping = false;
    bool window_over = false;
    {
      std::unique_lock lock(inbox_mutex_);
      inbox_ready_.wait(lock, [&] { return !inbox_.empty() || !taken.empty() || stopping_; });
      if (inbox_.empty() && taken.empty()) break;  // stopping and drained
      const int64_t wait_ns = batch_wait_ns_.load();
      if (taken.size() + inbox_.size() < batch_max && wait_ns > 0 && !stopping_) {
        // Group commit: give a batch that is not full a short time to fill up.
        inbox_ready_.wait_for(lock, std::chrono::nanoseconds(wait_ns), [&] {
          return taken.size() + inbox_.size() >= batch_max || stopping_;
        });
      }
      window_over = taken.size() + inbox_.size() < batch_max;
      stopping = stopping_;
      // Everything waiting, at once: a swap (or a move) under the lock.
      if (taken.empty()) {
        taken.swap(inbox_);
      } else {
        taken.insert(taken.end(), std::make_move_iterator(inbox_.begin()),
                     std::make_move_iterator(inbox_.end()));
        inbox_.clear();
      }
    }
    inbox_space_.notify_all();
    // Full batches now; a part batch only once its window is over or on stop.
    const size_t full = taken.size() / batch_max * batch_max;
    for (size_t from = 0; from < full; from += batch_max) {
      seal_batch(std::span(taken.data() + from, batch_max));
    }
    if (full < taken.size() && (full == 0 || stopping) && (window_over || stopping)) {
      seal_batch(std::span(taken.data() + full, taken.size() - full));
      taken.clear();
    } else {
      taken.erase(taken.begin(), taken.begin() + static_cast<std::ptrdiff_t>(full));
    }
  }
  to_writer_.push(nullptr);
}

void Engine::seal_batch(std::span<Pending> pending) {
  // Attachments (the service's messages) may be large: a batch closes early
  // rather than let them pass kBatchAttachmentBytesBudget.
  size_t from = 0;
  while (from < pending.size()) {
    size_t to = from;
    uint64_t attachment_bytes = 0;
    while (to < pending.size()) {
      const auto& attachment = pending[to].submission.attachment;
      const uint64_t bytes = attachment ? attachment->size() : 0;
      if (to > from && attachment_bytes + bytes > kBatchAttachmentBytesBudget) break;
      attachment_bytes += bytes;
      ++to;
    }
    seal_one_batch(pending.subspan(from, to - from));
    from = to;
  }
}

void Engine::seal_one_batch(std::span<Pending> pending) {
  Batch* batch = free_batches_.pop();
  batch->items.clear();
  batch->digests.clear();
  batch->inspection = nullptr;
  core::TimestampNs now = last_timestamp_ns_;
  if (!options_.keep_submitted_timestamps) now = std::max(now, clock_now());
  batch->first_seq = next_seq_;
  batch->builder.start(next_seq_, now, head_);
  for (Pending& p : pending) {
    core::TimestampNs& ts = p.submission.command.timestamp_ns;
    if (options_.keep_submitted_timestamps) now = std::max(now, ts);
    ts = now;
    const size_t before = batch->builder.bytes().size();
    batch->builder.add(p.submission);
    const auto bytes = batch->builder.bytes();
    batch->digests.push_back(
        submission_content_digest(bytes.subspan(before + 4, bytes.size() - before - 4)));
    batch->items.push_back(std::move(p));
  }
  last_timestamp_ns_ = now;
  batch->timestamp_ns = now;
  batch->hash = batch->builder.finish();
  head_ = batch->hash;
  next_seq_ += batch->items.size();
  to_writer_.push(batch);
}

void Engine::complete_failed(Batch* batch) {
  Ack ack;
  ack.status = AckStatus::kFailed;
  for (Pending& p : batch->items) {
    if (p.done) p.done(ack);
  }
  complete(batch->items.size());
  batch->items.clear();
  free_batches_.push(batch);
}

void Engine::fail(const std::string& why) {
  {
    std::lock_guard lock(failure_mutex_);
    if (failure_.empty()) failure_ = why;
  }
  failed_.store(true);
  inbox_space_.notify_all();
  if (options_.log) options_.log("engine: stopped accepting submissions: " + why);
}

void Engine::writer_loop() {
  for (;;) {
    Batch* batch = to_writer_.pop();
    if (batch == nullptr) break;
    if (failed_.load()) {
      complete_failed(batch);
      continue;
    }
    try {
      const auto started = std::chrono::steady_clock::now();
      batch->place = writer_->append(batch->builder.bytes(), batch->first_seq);
      batch_writes_.observe(std::chrono::steady_clock::now() - started, batch->items.size());
    } catch (const std::exception& e) {
      fail(std::string("journal write failed: ") + e.what());
      complete_failed(batch);
      continue;
    }
    to_apply_.push(batch);
  }
  to_apply_.push(nullptr);
}

void Engine::apply_loop() {
  for (;;) {
    Batch* batch = to_apply_.pop();
    if (batch == nullptr) break;
    if (batch->inspection) {
      batch->inspection();
      delete batch;
      continue;
    }
    Machine& machine = *machine_;
    const size_t count = batch->items.size();
    const auto prefetch = [&](const Submission& submission) {
      machine.prefetch(submission);
      if (options_.observer_prefetch) options_.observer_prefetch(submission);
    };
    for (size_t i = 0; i < std::min(count, kPrefetchDistance); ++i) {
      prefetch(batch->items[i].submission);
    }
    const std::span<const BatchBuilder::AttachmentAt> attachments = batch->builder.attachments();
    size_t next_attachment = 0;
    for (size_t i = 0; i < count; ++i) {
      // Overlap the cache misses of later submissions with this one's work.
      if (i + kPrefetchDistance < count) prefetch(batch->items[i + kPrefetchDistance].submission);
      Pending& p = batch->items[i];
      Ack ack;
      ack.applied = machine.apply(batch->first_seq + i, p.submission, batch->digests[i]);
      ack.timestamp_ns = p.submission.command.timestamp_ns;
      ack.events = machine.events();
      ack.batch_hash = batch->hash;
      if (next_attachment < attachments.size() && attachments[next_attachment].index == i) {
        const BatchBuilder::AttachmentAt& at = attachments[next_attachment++];
        ack.attachment = AttachmentRef{batch->place.segment_first_seq,
                                       batch->place.offset + at.offset, at.bytes};
        const std::string& bytes = *p.submission.attachment;
        ack.attachment_bytes = {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()};
      }
      // Before the completion: whoever it answers may ask for the journal's seq.
      stat_last_seq_.store(ack.applied.seq, std::memory_order_relaxed);
      if (options_.observer) options_.observer(p.submission, ack, machine);
      if (p.done) p.done(ack);
    }
    applied_head_ = batch->hash;
    commands_since_snapshot_ += count;
    stat_batches_.fetch_add(1, std::memory_order_relaxed);
    stat_commands_.fetch_add(count, std::memory_order_relaxed);
    stat_last_seq_.store(machine.last_seq(), std::memory_order_relaxed);
    batch->items.clear();
    free_batches_.push(batch);
    complete(count);
    maybe_snapshot(false, nullptr);
  }
}

void Engine::maybe_snapshot(bool force, std::function<void()> done) {
  if (!force) {
    const bool by_count = options_.snapshot_every_commands > 0 &&
                          commands_since_snapshot_ >= options_.snapshot_every_commands;
    const bool by_time =
        options_.snapshot_every_seconds > 0 && commands_since_snapshot_ > 0 &&
        (steady_ns() - last_snapshot_steady_ns_) / 1e9 >= options_.snapshot_every_seconds;
    if (!by_count && !by_time) return;
  }
  std::unique_lock lock(snapshot_mutex_);
  if (snapshot_busy_) {
    if (!force) return;  // the previous one is still being written: try after the next batch
    snapshot_ready_.wait(lock, [&] { return !snapshot_busy_; });
  }
  auto job = std::make_unique<SnapshotJob>();
  job->meta.seq = machine_->last_seq();
  job->meta.chain_head = applied_head_;
  job->meta.state_hash = machine_->state_hash();
  machine_->save_state(&job->image);
  job->meta.image_bytes = job->image.size();
  job->done = std::move(done);
  snapshot_job_ = std::move(job);
  snapshot_busy_ = true;
  commands_since_snapshot_ = 0;
  last_snapshot_steady_ns_ = steady_ns();
  lock.unlock();
  snapshot_ready_.notify_all();
}

void Engine::snapshot_loop() {
  for (;;) {
    std::unique_ptr<SnapshotJob> job;
    {
      std::unique_lock lock(snapshot_mutex_);
      snapshot_ready_.wait(lock, [&] { return snapshot_job_ != nullptr || snapshot_stop_; });
      if (snapshot_job_ == nullptr) break;
      job = std::move(snapshot_job_);
    }
    if (job->meta.seq > 0) {
      try {
        const std::string path = write_snapshot(options_.dir, job->meta, job->image);
        stat_snapshots_.fetch_add(1, std::memory_order_relaxed);
        if (options_.log) {
          options_.log("snapshot: " + path + " at sequence " + std::to_string(job->meta.seq) +
                       " (" + std::to_string(job->image.size()) + " bytes)");
        }
        std::vector<SnapshotFile> kept = list_snapshots(options_.dir);
        const size_t keep = std::max<uint32_t>(1, options_.snapshots_kept);
        if (kept.size() > keep) archive_old_files(kept[keep - 1].seq);
      } catch (const std::exception& e) {
        // A failed snapshot loses nothing (the journal has every command); say so.
        if (options_.log) options_.log(std::string("snapshot failed: ") + e.what());
      }
    }
    if (job->done) job->done();
    {
      std::lock_guard lock(snapshot_mutex_);
      snapshot_busy_ = false;
    }
    snapshot_ready_.notify_all();
  }
}

void Engine::archive_old_files(uint64_t oldest_kept_seq) {
  namespace fs = std::filesystem;
  const fs::path dir(options_.dir);
  const fs::path archive = dir / "archive";
  fs::create_directories(archive);
  std::vector<std::string> moved;
  for (const SnapshotFile& s : list_snapshots(options_.dir)) {
    if (s.seq < oldest_kept_seq) {
      fs::rename(s.path, archive / fs::path(s.path).filename());
      moved.push_back(fs::path(s.path).filename().string());
    }
  }
  // A segment may go once the next one starts at or before oldest_kept_seq + 1:
  // every command it holds is in the oldest snapshot kept.
  std::vector<std::pair<uint64_t, fs::path>> segments;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() == segment_file_name(0).size() && name.starts_with("journal-") &&
        name.ends_with(".seg")) {
      segments.emplace_back(std::stoull(name.substr(8, 20)), entry.path());
    }
  }
  std::sort(segments.begin(), segments.end());
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    if (segments[i + 1].first > oldest_kept_seq + 1) break;
    fs::rename(segments[i].second, archive / segments[i].second.filename());
    moved.push_back(segments[i].second.filename().string());
  }
  if (moved.empty()) return;
  fsync_directory(archive.string());
  fsync_directory(options_.dir);
  if (options_.log) {
    std::string line = "archive: moved to " + archive.string() + ":";
    for (const std::string& name : moved) line += " " + name;
    options_.log(line);
  }
}

void Engine::inspect(const std::function<void(const Machine&)>& fn) {
  std::unique_lock lock(stop_mutex_);
  if (stopped_) {
    fn(*machine_);
    return;
  }
  std::promise<void> finished;
  auto future = finished.get_future();
  auto* request = new Batch();
  request->inspection = [&] {
    fn(*machine_);
    finished.set_value();
  };
  // Pushed under stop_mutex_, so it is ahead of the end-of-stream marker.
  to_apply_.push(request);
  lock.unlock();
  future.wait();
}

void Engine::inspect_async(std::function<void(const Machine&)> fn) {
  std::unique_lock lock(stop_mutex_);
  if (stopped_) {
    lock.unlock();
    fn(*machine_);
    return;
  }
  auto* request = new Batch();
  request->inspection = [this, fn = std::move(fn)] { fn(*machine_); };
  to_apply_.push(request);  // under stop_mutex_: ahead of the end-of-stream marker
}

void Engine::snapshot_now() {
  std::promise<void> written;
  auto future = written.get_future();
  bool queued = false;
  inspect([&](const Machine&) {
    maybe_snapshot(true, [&written] { written.set_value(); });
    queued = true;
  });
  if (queued) future.wait();
}

void Engine::stop() {
  std::lock_guard stop_lock(stop_mutex_);
  if (stopped_) return;
  {
    std::lock_guard lock(inbox_mutex_);
    stopping_ = true;
  }
  inbox_ready_.notify_all();
  inbox_space_.notify_all();
  // Threads are absent when open() failed before starting them.
  if (sequencer_.joinable()) sequencer_.join();
  if (writer_thread_.joinable()) writer_thread_.join();
  if (apply_.joinable()) apply_.join();
  {
    std::lock_guard lock(snapshot_mutex_);
    snapshot_stop_ = true;
  }
  snapshot_ready_.notify_all();
  if (snapshotter_.joinable()) snapshotter_.join();
  stopped_ = true;
}

std::string Engine::failure() const {
  std::lock_guard lock(failure_mutex_);
  return failure_;
}

EngineStats Engine::stats() const {
  EngineStats s;
  s.batches = stat_batches_.load();
  s.commands = stat_commands_.load();
  s.snapshots = stat_snapshots_.load();
  s.last_seq = stat_last_seq_.load();
  return s;
}

}  // namespace corridor::journal
