// The engine pipeline: group commit, acknowledgement only after the sync,
// ordering, restart with recovery and snapshots, exactly-once across restarts.
#include "journal/engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <span>
#include <thread>
#include <variant>
#include <vector>

#include "journal/attachment_reader.h"
#include "journal/journal_reader.h"
#include "journal/observed_replay.h"
#include "journal/recovery.h"
#include "journal/snapshot_store.h"
#include "journal_fixture.h"

namespace corridor::journal {
namespace {

using testing::kBankA;
using testing::kBankB;
using testing::kBankC;

EngineOptions options_for(const std::string& dir) {
  EngineOptions o;
  o.dir = dir;
  o.writer.sync = false;  // the page cache is enough to test the logic; crash tests sync
  o.batch_wait_ns = 50'000;
  o.snapshot_every_commands = 0;
  o.index_keys_reserved = 1024;  // small systems: no need to map 128 MB per engine
  int64_t fake_now = 1'800'000'000'000'000'000;
  o.clock = [fake_now]() mutable { return fake_now += 1000; };
  return o;
}

void setup(Engine& engine) {
  for (Submission& s : testing::small_system(1'000'000'00)) {
    ASSERT_TRUE(engine.submit_and_wait(std::move(s)).applied.result.ok());
  }
}

// A full replay of the journal from sequence 1, independent of the engine.
uint64_t replayed_hash(const std::string& dir, uint64_t* commands = nullptr) {
  Machine machine;
  ScanOptions options;
  options.include_archive = true;
  const ScanResult scan = scan_journal(dir, options, [&](const BatchAt& at) {
    std::string error;
    EXPECT_TRUE(apply_batch(machine, at.batch, &error)) << error;
    return true;
  });
  EXPECT_FALSE(scan.fault.has_value()) << scan.fault->to_string();
  if (commands) *commands = machine.last_seq();
  return machine.state_hash();
}

uint64_t machine_hash(Engine& engine) {
  uint64_t hash = 0;
  engine.inspect([&](const Machine& m) { hash = m.state_hash(); });
  return hash;
}

TEST(Engine, AcknowledgedPaymentIsAlreadyInTheJournal) {
  testing::TempDir dir;
  auto engine = Engine::open(options_for(dir.path()));
  setup(*engine);
  const Engine::Outcome out = engine->submit_and_wait(testing::payment(1, kBankA, kBankB, 100));
  ASSERT_EQ(out.status, AckStatus::kApplied);
  EXPECT_EQ(out.applied.result.outcome, core::Outcome::kSettled);
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].kind, core::EventKind::kSettled);
  // Read the directory while the engine still runs: the acknowledged command is there.
  const ScanResult scan = scan_journal(dir.path(), ScanOptions{}, nullptr);
  EXPECT_FALSE(scan.fault.has_value());
  EXPECT_GE(scan.last_seq, out.applied.seq);
}

TEST(Engine, ObserverSeesEveryAppliedSubmissionInOrderBeforeItsCompletion) {
  testing::TempDir dir;
  EngineOptions options = options_for(dir.path());
  std::vector<uint64_t> observed;  // apply thread only, then read after flush()
  std::vector<uint64_t> observed_at_completion;
  options.observer = [&](const Submission& submission, const Ack& ack, const Machine& machine) {
    EXPECT_EQ(machine.last_seq(), ack.applied.seq);
    EXPECT_EQ(ack.status, AckStatus::kApplied);
    if (std::holds_alternative<core::SubmitPayment>(submission.command.body)) {
      EXPECT_EQ(ack.events.size(), 1u);  // the payment settles on entry
    }
    observed.push_back(ack.applied.seq);
  };
  auto engine = Engine::open(std::move(options));
  setup(*engine);
  for (uint64_t i = 1; i <= 20; ++i) {
    engine->submit(testing::payment(i, kBankA, kBankB, 100),
                   [&](const Ack&) { observed_at_completion.push_back(observed.size()); });
  }
  engine->flush();
  const uint64_t last_seq = engine->stats().last_seq;
  ASSERT_EQ(observed.size(), last_seq);  // the configuration, the set-up and the payments
  for (size_t i = 0; i < observed.size(); ++i) EXPECT_EQ(observed[i], i + 1);
  // Each completion ran after its own submission was observed.
  ASSERT_EQ(observed_at_completion.size(), 20u);
  for (size_t i = 0; i < 20; ++i) EXPECT_EQ(observed_at_completion[i], last_seq - 19 + i);
}

TEST(Engine, ObserverPrefetchSeesEachSubmissionOnceBeforeTheObserverDoes) {
  testing::TempDir dir;
  EngineOptions options = options_for(dir.path());
  // Apply thread only, then read after flush(): the submissions' UETRs, by who saw them.
  std::vector<core::Uetr> prefetched, observed;
  size_t observed_before_its_prefetch = 0;
  options.observer_prefetch = [&](const Submission& submission) {
    if (const auto* p = std::get_if<core::SubmitPayment>(&submission.command.body)) {
      prefetched.push_back(p->uetr);
    }
  };
  options.observer = [&](const Submission& submission, const Ack&, const Machine&) {
    if (const auto* p = std::get_if<core::SubmitPayment>(&submission.command.body)) {
      observed.push_back(p->uetr);
      if (prefetched.size() < observed.size()) ++observed_before_its_prefetch;
    }
  };
  auto engine = Engine::open(std::move(options));
  setup(*engine);
  std::vector<Submission> batch;
  for (uint64_t i = 1; i <= 50; ++i) batch.push_back(testing::payment(i, kBankA, kBankB, 100));
  std::vector<Completion> done(batch.size());
  engine->submit_all(std::move(batch), std::move(done));
  engine->flush();
  ASSERT_EQ(observed.size(), 50u);
  EXPECT_EQ(prefetched, observed);  // each once, in the order applied
  EXPECT_EQ(observed_before_its_prefetch, 0u);
}

// What an observer saw, one line per applied submission.
struct Seen {
  uint64_t seq;
  core::Outcome outcome;
  bool repeat;
  core::TimestampNs at_ns;
  Hash256 batch_hash;
  std::vector<std::pair<core::EventKind, core::AmountMinor>> events;
  bool operator==(const Seen&) const = default;
};

TEST(Engine, AnObservedReplayShowsTheObserverWhatItSawLiveAcrossARestartAndSnapshots) {
  testing::TempDir dir;
  std::vector<Seen> live;
  auto record = [](std::vector<Seen>* into) {
    return [into](const Submission&, const Ack& ack, const Machine&) {
      Seen seen{ack.applied.seq,    ack.applied.result.outcome,
                ack.applied.repeat, ack.timestamp_ns,
                ack.batch_hash,     {}};
      for (const core::Event& e : ack.events) seen.events.emplace_back(e.kind, e.amount_minor);
      into->push_back(seen);
    };
  };
  {
    EngineOptions options = options_for(dir.path());
    options.observer = record(&live);
    auto engine = Engine::open(std::move(options));
    setup(*engine);
    // A payment too large to settle queues, a repeat, then liquidity releases it.
    engine->submit_and_wait(testing::payment(1, kBankA, kBankB, 100));
    engine->submit_and_wait(testing::payment(1, kBankA, kBankB, 100));
    engine->submit_and_wait(testing::payment(2, kBankB, kBankC, 1'500'000'00));
    engine->submit_and_wait(testing::payment(3, kBankA, kBankB, 600'000'00));
    engine->snapshot_now();
  }
  {
    EngineOptions options = options_for(dir.path());
    options.observer = record(&live);
    auto engine = Engine::open(std::move(options));  // recovers from the snapshot
    engine->submit_and_wait(testing::payment(4, kBankC, kBankA, 7));
  }
  std::vector<Seen> replayed;
  const uint64_t last = replay_observed(dir.path(), record(&replayed));
  EXPECT_EQ(last, live.back().seq);
  EXPECT_EQ(replayed, live);
  EXPECT_TRUE(std::any_of(live.begin(), live.end(), [](const Seen& s) { return s.repeat; }));
  EXPECT_TRUE(std::any_of(live.begin(), live.end(),
                          [](const Seen& s) { return s.outcome == core::Outcome::kQueued; }));
  // Payment 3 settles and releases the queued payment 2: two settlements in one ack.
  EXPECT_TRUE(std::any_of(live.begin(), live.end(), [](const Seen& s) {
    return s.outcome == core::Outcome::kSettled && s.events.size() == 2;
  }));
  std::vector<Seen> first_three;
  replay_observed(dir.path(), record(&first_three), 3);
  ASSERT_EQ(first_three.size(), 3u);
  EXPECT_EQ(first_three[2], live[2]);
}

TEST(Engine, AnAsynchronousInspectionRunsOnTheApplyThreadAfterWhatWasAppliedBefore) {
  testing::TempDir dir;
  auto engine = Engine::open(options_for(dir.path()));
  setup(*engine);
  engine->submit_and_wait(testing::payment(1, kBankA, kBankB, 100));
  std::promise<std::pair<uint64_t, std::thread::id>> seen;
  engine->inspect_async([&](const Machine& m) {
    seen.set_value({m.last_seq(), std::this_thread::get_id()});
  });
  const auto [seq, thread] = seen.get_future().get();
  EXPECT_EQ(seq, engine->stats().last_seq);
  EXPECT_NE(thread, std::this_thread::get_id());
  engine->stop();
  bool ran = false;  // once stopped: at once, on the caller's thread
  engine->inspect_async([&](const Machine& m) { ran = m.last_seq() == seq; });
  EXPECT_TRUE(ran);
}

// An attachment is journaled in its submission's batch: the observer sees
// where, live and in a replay alike, and the bytes read back are the bytes given.
TEST(Engine, AnAttachmentIsJournaledWithItsSubmissionAndReadBackFromWhereTheObserverWasTold) {
  testing::TempDir dir;
  EngineOptions options = options_for(dir.path());
  std::mutex mutex;
  std::vector<std::pair<uint64_t, AttachmentRef>> live;  // seq -> where
  options.observer = [&](const Submission& s, const Ack& ack, const Machine&) {
    if (!ack.attachment) return;
    std::lock_guard lock(mutex);
    EXPECT_EQ(std::string(ack.attachment_bytes.begin(), ack.attachment_bytes.end()), *s.attachment);
    live.emplace_back(ack.applied.seq, *ack.attachment);
  };
  options.writer.segment_bytes_max = 4096;  // several segments
  auto engine = Engine::open(std::move(options));
  setup(*engine);
  std::vector<std::string> texts;
  for (uint64_t i = 1; i <= 40; ++i) {
    Submission s = testing::payment(i, kBankA, kBankB, 1);
    if (i % 3 != 0) {  // some submissions carry none
      texts.push_back("message " + std::to_string(i) + std::string(i * 37, 'x'));
      s.attachment = std::make_shared<const std::string>(texts.back());
    }
    if (i % 4 == 0) {
      engine->submit_and_wait(std::move(s));  // batches of a few: several segments
    } else {
      engine->submit(std::move(s), nullptr);
    }
  }
  engine->flush();
  engine->stop();
  ASSERT_EQ(live.size(), texts.size());
  AttachmentReader reader(dir.path());
  for (size_t i = 0; i < live.size(); ++i) {
    EXPECT_EQ(reader.read(live[i].second), texts[i]) << "attachment " << i;
  }
  std::vector<std::pair<uint64_t, AttachmentRef>> replayed;
  replay_observed(dir.path(), [&](const Submission&, const Ack& ack, const Machine&) {
    if (!ack.attachment) return;
    EXPECT_EQ(reader.read(*ack.attachment),
              std::string(ack.attachment_bytes.begin(), ack.attachment_bytes.end()));
    replayed.emplace_back(ack.applied.seq, *ack.attachment);
  });
  ASSERT_EQ(replayed.size(), live.size());
  for (size_t i = 0; i < live.size(); ++i) {
    EXPECT_EQ(replayed[i].first, live[i].first);
    EXPECT_EQ(replayed[i].second.segment_first_seq, live[i].second.segment_first_seq);
    EXPECT_EQ(replayed[i].second.offset, live[i].second.offset);
    EXPECT_EQ(replayed[i].second.bytes, live[i].second.bytes);
  }
  EXPECT_GT(scan_journal(dir.path(), ScanOptions{}, nullptr).segments.size(), size_t{1});
}

TEST(Engine, AnAttachmentChangesNeitherTheStateNorTheExactlyOnceDigest) {
  testing::TempDir with_dir, without_dir;
  auto with = Engine::open(options_for(with_dir.path()));
  auto without = Engine::open(options_for(without_dir.path()));
  setup(*with);
  setup(*without);
  Submission carried = testing::payment(7, kBankA, kBankB, 100);
  carried.attachment = std::make_shared<const std::string>("the message");
  EXPECT_EQ(with->submit_and_wait(carried).applied.result.outcome, core::Outcome::kSettled);
  EXPECT_EQ(
      without->submit_and_wait(testing::payment(7, kBankA, kBankB, 100)).applied.result.outcome,
      core::Outcome::kSettled);
  uint64_t hash_with = 0, hash_without = 0;
  with->inspect([&](const Machine& m) { hash_with = m.state_hash(); });
  without->inspect([&](const Machine& m) { hash_without = m.state_hash(); });
  EXPECT_EQ(hash_with, hash_without);
  // The same instruction again, without its message: still the same instruction.
  const Engine::Outcome again = with->submit_and_wait(testing::payment(7, kBankA, kBankB, 100));
  EXPECT_TRUE(again.applied.repeat);
}

TEST(Engine, AnAttachmentOverTheMaximumIsRefusedWithoutASequenceNumber) {
  testing::TempDir dir;
  auto engine = Engine::open(options_for(dir.path()));
  setup(*engine);
  const uint64_t last_seq = engine->stats().last_seq;
  Submission s = testing::payment(1, kBankA, kBankB, 100);
  s.attachment = std::make_shared<const std::string>(kAttachmentBytesMax + 1, 'x');
  const Engine::Outcome out = engine->submit_and_wait(std::move(s));
  EXPECT_EQ(out.status, AckStatus::kRefused);
  EXPECT_EQ(out.applied.result.reason, core::Reason::kTextTooLong);
  EXPECT_EQ(engine->stats().last_seq, last_seq);
}

TEST(Engine, ConcurrentSubmissionsGetConsecutiveSequenceNumbersAndCompleteInOrder) {
  testing::TempDir dir;
  auto engine = Engine::open(options_for(dir.path()));
  setup(*engine);
  constexpr int kThreads = 3;
  constexpr int kEach = 3000;
  std::mutex mutex;
  std::vector<uint64_t> completion_order;
  std::vector<std::vector<uint64_t>> seqs_by_thread(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const core::Bic from = t == 0 ? kBankA : (t == 1 ? kBankB : kBankC);
      const core::Bic to = t == 0 ? kBankB : (t == 1 ? kBankC : kBankA);
      for (int i = 0; i < kEach; ++i) {
        engine->submit(testing::payment(uint64_t(t) * 1'000'000 + i + 1, from, to, 1),
                       [&, t](const Ack& ack) {
                         ASSERT_EQ(ack.status, AckStatus::kApplied);
                         EXPECT_EQ(ack.applied.result.outcome, core::Outcome::kSettled);
                         std::lock_guard lock(mutex);
                         completion_order.push_back(ack.applied.seq);
                         seqs_by_thread[t].push_back(ack.applied.seq);
                       });
      }
    });
  }
  for (auto& t : threads) t.join();
  engine->flush();
  ASSERT_EQ(completion_order.size(), size_t{kThreads * kEach});
  for (size_t i = 1; i < completion_order.size(); ++i) {
    ASSERT_EQ(completion_order[i], completion_order[i - 1] + 1) << "completions in sequence order";
  }
  for (const auto& seqs : seqs_by_thread) {
    EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end())) << "one sender's order is kept";
  }
}

TEST(Engine, SubmitAllSequencesTogetherInOrderAndRefusesOnlyWhatCannotBeJournaled) {
  testing::TempDir dir;
  auto engine = Engine::open(options_for(dir.path()));
  setup(*engine);
  const uint64_t last_seq = engine->stats().last_seq;
  std::vector<Submission> submissions;
  std::vector<Completion> done;
  struct Seen {
    AckStatus status = AckStatus::kFailed;
    Applied applied;
  };
  std::vector<Seen> acks(5);
  for (size_t i = 0; i < 5; ++i) {
    submissions.push_back(testing::payment(500 + i, kBankA, kBankB, 10));
    done.push_back([&acks, i](const Ack& ack) { acks[i] = Seen{ack.status, ack.applied}; });
  }
  // The third cannot be journaled: refused without a sequence number, the others go on.
  submissions[2].attachment = std::make_shared<const std::string>(kAttachmentBytesMax + 1, 'x');
  engine->submit_all(std::move(submissions), std::move(done));
  engine->flush();
  EXPECT_EQ(acks[2].status, AckStatus::kRefused);
  EXPECT_EQ(acks[2].applied.result.reason, core::Reason::kTextTooLong);
  const uint64_t expected_seqs[] = {last_seq + 1, last_seq + 2, 0, last_seq + 3, last_seq + 4};
  for (size_t i : {0u, 1u, 3u, 4u}) {
    EXPECT_EQ(acks[i].status, AckStatus::kApplied) << i;
    EXPECT_EQ(acks[i].applied.seq, expected_seqs[i]) << i;
    EXPECT_EQ(acks[i].applied.result.outcome, core::Outcome::kSettled) << i;
  }
  EXPECT_EQ(engine->stats().last_seq, last_seq + 4);
}

TEST(Engine, GroupCommitPutsManySubmissionsInOneBatchAndRespectsTheBatchSize) {
  testing::TempDir dir;
  EngineOptions o = options_for(dir.path());
  o.batch_commands_max = 100;
  auto engine = Engine::open(o);
  setup(*engine);
  // A window far longer than the test: a batch closes only when it is full,
  // so the count below does not depend on how fast this machine is.
  engine->set_batch_wait_ns(60'000'000'000);
  engine->flush();  // stats count a batch once all its completions have run
  const EngineStats before = engine->stats();
  for (uint64_t n = 1; n <= 1000; ++n) {
    engine->submit(testing::payment(n, kBankA, kBankB, 1), nullptr);
  }
  engine->flush();
  const EngineStats after = engine->stats();
  EXPECT_EQ(after.commands - before.commands, 1000u);
  EXPECT_EQ(after.batches - before.batches, 10u) << "one batch (and one sync) per 100 commands";
  uint32_t largest = 0;
  scan_journal(dir.path(), ScanOptions{}, [&](const BatchAt& at) {
    largest = std::max(largest, at.batch.header.command_count);
    return true;
  });
  EXPECT_EQ(largest, 100u);
}

uint64_t total(std::span<const uint64_t> counts) {
  uint64_t sum = 0;
  for (const uint64_t c : counts) sum += c;
  return sum;
}

TEST(Engine, TheWriterTimesEveryBatchOnceAndCountsItsCommands) {
  testing::TempDir dir;
  EngineOptions o = options_for(dir.path());
  o.batch_commands_max = 100;
  auto engine = Engine::open(o);
  setup(*engine);
  engine->set_batch_wait_ns(60'000'000'000);  // batches close only when full
  engine->flush();
  const BatchWriteFigures before = engine->batch_writes();
  // Every batch so far (configuration and reference data) was timed once.
  EXPECT_EQ(total(before.write_counts), engine->stats().batches);
  EXPECT_EQ(total(before.commands_counts), engine->stats().batches);
  EXPECT_EQ(before.commands_sum, engine->stats().commands);
  for (uint64_t n = 1; n <= 1000; ++n) {
    engine->submit(testing::payment(n, kBankA, kBankB, 1), nullptr);
  }
  engine->flush();
  const BatchWriteFigures after = engine->batch_writes();
  EXPECT_EQ(total(after.write_counts) - total(before.write_counts), 10u);
  EXPECT_GT(after.write_sum_ns, before.write_sum_ns);
  // Ten batches of 100: all in the bucket le 128 (65 .. 128 commands).
  ASSERT_EQ(kBatchCommandsBuckets[7], 128u);
  EXPECT_EQ(after.commands_counts[7] - before.commands_counts[7], 10u);
  EXPECT_EQ(after.commands_sum - before.commands_sum, 1000u);
}

TEST(Engine, EachAckNamesTheHashOfTheBatchThatHoldsItsSubmission) {
  testing::TempDir dir;
  EngineOptions o = options_for(dir.path());
  o.batch_commands_max = 7;
  auto engine = Engine::open(o);
  setup(*engine);
  std::mutex mutex;
  std::map<uint64_t, Hash256> acked;  // seq -> batch hash
  for (uint64_t n = 1; n <= 50; ++n) {
    engine->submit(testing::payment(n, kBankA, kBankB, 1), [&](const Ack& ack) {
      std::lock_guard lock(mutex);
      acked[ack.applied.seq] = ack.batch_hash;
    });
  }
  engine->flush();
  ASSERT_EQ(acked.size(), 50u);
  size_t checked = 0;
  scan_journal(dir.path(), ScanOptions{}, [&](const BatchAt& at) {
    for (uint64_t seq = at.batch.header.first_seq; seq <= at.batch.header.last_seq(); ++seq) {
      auto it = acked.find(seq);
      if (it == acked.end()) continue;
      EXPECT_EQ(it->second, at.batch.batch_hash) << "seq " << seq;
      ++checked;
    }
    return true;
  });
  EXPECT_EQ(checked, 50u);
  // The health figure is current when a completion runs.
  EXPECT_EQ(engine->stats().last_seq, acked.rbegin()->first);
}

TEST(Engine, ADifferentHashSeedAfterARestartChangesNoStateAndStillCatchesRepeats) {
  // A service picks a secret seed at every start: a snapshot or journal made
  // under one seed must recover under another.
  testing::TempDir dir;
  uint64_t hash_before = 0;
  {
    EngineOptions o = options_for(dir.path());
    o.core_config.dedupe_hash_seed = 0x1234'5678'9abc'def0;
    auto engine = Engine::open(o);
    setup(*engine);
    for (uint64_t n = 1; n <= 200; ++n) {
      engine->submit(testing::payment(n, kBankA, kBankB, 1), nullptr);
    }
    engine->flush();
    engine->snapshot_now();
    for (uint64_t n = 201; n <= 300; ++n) {
      engine->submit(testing::payment(n, kBankA, kBankB, 1), nullptr);
    }
    engine->flush();
    hash_before = machine_hash(*engine);
    engine->stop();
  }
  EngineOptions o = options_for(dir.path());
  o.core_config.dedupe_hash_seed = 0x0fed'cba9'8765'4321;
  auto engine = Engine::open(o);
  EXPECT_EQ(machine_hash(*engine), hash_before);
  for (uint64_t n : {7u, 250u}) {  // one from before the snapshot, one after
    const auto ack = engine->submit_and_wait(testing::payment(n, kBankA, kBankB, 1));
    EXPECT_TRUE(ack.applied.repeat) << n;
  }
}

TEST(Engine, TimestampsNeverGoBackAndABatchSharesOne) {
  testing::TempDir dir;
  EngineOptions o = options_for(dir.path());
  int64_t now = 5'000;
  o.clock = [&now] { return now -= 1; };  // a clock that runs backwards
  auto engine = Engine::open(o);
  setup(*engine);
  int64_t last = 0;
  scan_journal(dir.path(), ScanOptions{}, [&](const BatchAt& at) {
    EXPECT_GE(at.batch.header.timestamp_ns, last);
    last = at.batch.header.timestamp_ns;
    for_each_entry(at.batch, [&](uint32_t, std::span<const uint8_t> bytes) {
      auto s = std::get<Submission>(decode_submission(bytes));
      EXPECT_EQ(s.command.timestamp_ns, at.batch.header.timestamp_ns);
    });
    return true;
  });
}

TEST(Engine, RestartRecoversTheStateThatAFullReplayGives) {
  testing::TempDir dir;
  uint64_t hash_before = 0;
  {
    auto engine = Engine::open(options_for(dir.path()));
    setup(*engine);
    for (uint64_t n = 1; n <= 500; ++n) {
      engine->submit(testing::payment(n, n % 2 ? kBankA : kBankB, kBankC, 10'00), nullptr);
    }
    engine->flush();
    hash_before = machine_hash(*engine);
  }
  auto engine = Engine::open(options_for(dir.path()));
  EXPECT_EQ(engine->recovery().last_seq, 513u);
  EXPECT_EQ(machine_hash(*engine), hash_before);
  EXPECT_EQ(replayed_hash(dir.path()), hash_before);
  // And it carries on from there.
  const auto out = engine->submit_and_wait(testing::payment(501, kBankA, kBankB, 1));
  EXPECT_EQ(out.applied.seq, 514u);
}

TEST(Engine, DuplicatesAreRecognisedBeforeAndAfterARestart) {
  testing::TempDir dir;
  uint64_t original_seq = 0;
  core::AmountMinor a_balance = 0;
  auto balance_of_a = [](Engine& e) {
    core::AmountMinor b = 0;
    e.inspect([&](const Machine& m) {
      b = m.core().account(*m.core().find_account(kBankA, testing::eur())).balance_minor;
    });
    return b;
  };
  {
    auto engine = Engine::open(options_for(dir.path()));
    setup(*engine);
    const auto first = engine->submit_and_wait(testing::payment(1, kBankA, kBankB, 250));
    original_seq = first.applied.seq;
    const auto again = engine->submit_and_wait(testing::payment(1, kBankA, kBankB, 250));
    EXPECT_TRUE(again.applied.repeat);
    EXPECT_EQ(again.applied.original_seq, original_seq);
    EXPECT_TRUE(again.events.empty());
    a_balance = balance_of_a(*engine);
  }
  auto engine = Engine::open(options_for(dir.path()));
  const auto after_restart = engine->submit_and_wait(testing::payment(1, kBankA, kBankB, 250));
  EXPECT_TRUE(after_restart.applied.repeat);
  EXPECT_EQ(after_restart.applied.original_seq, original_seq);
  EXPECT_EQ(after_restart.applied.result.outcome, core::Outcome::kSettled);
  EXPECT_EQ(balance_of_a(*engine), a_balance) << "not applied again";
  const auto changed = engine->submit_and_wait(testing::payment(1, kBankA, kBankB, 999));
  EXPECT_EQ(changed.applied.result.reason, core::Reason::kDuplicateInstruction);
}

TEST(Engine, DuplicatesAreRecognisedAfterARestartFromASnapshot) {
  testing::TempDir dir;
  {
    auto engine = Engine::open(options_for(dir.path()));
    setup(*engine);
    ASSERT_TRUE(
        engine->submit_and_wait(testing::payment(1, kBankA, kBankB, 250)).applied.result.ok());
    engine->snapshot_now();
  }
  auto engine = Engine::open(options_for(dir.path()));
  ASSERT_FALSE(engine->recovery().snapshot_path.empty());
  EXPECT_EQ(engine->recovery().replayed_commands, 0u);
  EXPECT_TRUE(engine->submit_and_wait(testing::payment(1, kBankA, kBankB, 250)).applied.repeat);
}

TEST(Engine, RecoveryStartsFromTheNewestSnapshotAndReplaysOnlyWhatFollows) {
  testing::TempDir dir;
  uint64_t hash_before = 0;
  {
    auto engine = Engine::open(options_for(dir.path()));
    setup(*engine);
    for (uint64_t n = 1; n <= 100; ++n)
      engine->submit(testing::payment(n, kBankA, kBankB, 1), nullptr);
    engine->flush();
    engine->snapshot_now();
    for (uint64_t n = 101; n <= 130; ++n)
      engine->submit(testing::payment(n, kBankB, kBankC, 1), nullptr);
    engine->flush();
    hash_before = machine_hash(*engine);
  }
  auto engine = Engine::open(options_for(dir.path()));
  EXPECT_EQ(engine->recovery().snapshot_seq, 113u);
  EXPECT_EQ(engine->recovery().replayed_commands, 30u);
  EXPECT_EQ(machine_hash(*engine), hash_before);
  EXPECT_EQ(replayed_hash(dir.path()), hash_before);
}

TEST(Engine, CorruptNewestSnapshotFallsBackToTheOlderOne) {
  testing::TempDir dir;
  uint64_t hash_before = 0;
  {
    auto engine = Engine::open(options_for(dir.path()));
    setup(*engine);
    engine->snapshot_now();
    for (uint64_t n = 1; n <= 20; ++n)
      engine->submit(testing::payment(n, kBankA, kBankB, 1), nullptr);
    engine->flush();
    engine->snapshot_now();
    hash_before = machine_hash(*engine);
  }
  const auto snapshots = list_snapshots(dir.path());
  ASSERT_EQ(snapshots.size(), 2u);
  auto bytes = testing::read_file(snapshots[0].path);
  bytes[bytes.size() / 2] ^= 0x10;
  testing::write_file(snapshots[0].path, bytes);

  std::vector<std::string> log;
  EngineOptions o = options_for(dir.path());
  o.log = [&log](const std::string& line) { log.push_back(line); };
  auto engine = Engine::open(o);
  EXPECT_EQ(engine->recovery().snapshot_path, snapshots[1].path);
  ASSERT_EQ(engine->recovery().snapshots_rejected.size(), 1u);
  EXPECT_NE(engine->recovery().snapshots_rejected[0].find("checksum"), std::string::npos);
  EXPECT_EQ(machine_hash(*engine), hash_before);
}

TEST(Engine, EveryCorruptSnapshotMeansAFullReplay) {
  testing::TempDir dir;
  uint64_t hash_before = 0;
  {
    auto engine = Engine::open(options_for(dir.path()));
    setup(*engine);
    engine->snapshot_now();
    hash_before = machine_hash(*engine);
  }
  const auto snapshots = list_snapshots(dir.path());
  ASSERT_EQ(snapshots.size(), 1u);
  auto bytes = testing::read_file(snapshots[0].path);
  bytes.resize(bytes.size() - 1);
  testing::write_file(snapshots[0].path, bytes);
  auto engine = Engine::open(options_for(dir.path()));
  EXPECT_TRUE(engine->recovery().snapshot_path.empty());
  EXPECT_EQ(engine->recovery().replayed_commands, 13u);
  EXPECT_EQ(machine_hash(*engine), hash_before);
}

TEST(Engine, TornTailIsTruncatedAndLoggedAndTheChainContinues) {
  testing::TempDir dir;
  {
    auto engine = Engine::open(options_for(dir.path()));
    setup(*engine);
  }
  const auto segments = testing::segment_paths(dir.path());
  ASSERT_FALSE(segments.empty());
  const auto size_clean = std::filesystem::file_size(segments.back());
  // Half a batch: what a crash in the middle of a write leaves.
  {
    auto engine = Engine::open(options_for(dir.path()));
    engine->submit_and_wait(testing::payment(1, kBankA, kBankB, 1));
  }
  auto bytes = testing::read_file(segments.back());
  bytes.resize(size_clean + (bytes.size() - size_clean) / 2);
  testing::write_file(segments.back(), bytes);

  std::vector<std::string> log;
  EngineOptions o = options_for(dir.path());
  o.log = [&log](const std::string& line) { log.push_back(line); };
  auto engine = Engine::open(o);
  ASSERT_TRUE(engine->recovery().torn_tail.has_value());
  EXPECT_EQ(engine->recovery().torn_tail->offset, size_clean);
  EXPECT_EQ(engine->recovery().last_seq, 13u);
  bool logged = false;
  for (const auto& line : log) logged |= line.find("torn tail") != std::string::npos;
  EXPECT_TRUE(logged);
  // The payment was never acknowledged: submitting it again applies it, once.
  const auto out = engine->submit_and_wait(testing::payment(1, kBankA, kBankB, 1));
  EXPECT_FALSE(out.applied.repeat);
  EXPECT_EQ(out.applied.seq, 14u);
  engine->stop();
  const ScanResult scan = scan_journal(dir.path(), ScanOptions{}, nullptr);
  EXPECT_FALSE(scan.fault.has_value());
  EXPECT_FALSE(scan.torn_tail.has_value());
  EXPECT_EQ(scan.last_seq, 14u);
}

TEST(Engine, CorruptionBeforeTheTailRefusesToStartAndNamesFileAndOffset) {
  testing::TempDir dir;
  {
    auto engine = Engine::open(options_for(dir.path()));
    setup(*engine);
    engine->submit_and_wait(testing::payment(1, kBankA, kBankB, 1));
  }
  const auto segments = testing::segment_paths(dir.path());
  auto bytes = testing::read_file(segments.front());
  bytes[kBatchHeaderBytes + 20] ^= 0x01;  // inside the first batch's payload
  testing::write_file(segments.front(), bytes);
  try {
    Engine::open(options_for(dir.path()));
    FAIL() << "a corrupt journal must not start";
  } catch (const RecoveryError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(segments.front()), std::string::npos) << what;
    EXPECT_NE(what.find("at byte 0"), std::string::npos) << what;
  }
}

TEST(Engine, OldSnapshotsAndSegmentsAreArchivedNotDeleted) {
  testing::TempDir dir;
  EngineOptions o = options_for(dir.path());
  o.writer.segment_bytes_max = 2048;
  o.snapshots_kept = 1;
  uint64_t hash_before = 0;
  size_t segments_written = 0;
  {
    auto engine = Engine::open(o);
    setup(*engine);
    for (int round = 0; round < 3; ++round) {
      for (uint64_t n = 1; n <= 40; ++n) {
        engine->submit_and_wait(testing::payment(round * 100 + n, kBankA, kBankB, 1));
      }
      engine->snapshot_now();
    }
    hash_before = machine_hash(*engine);
    segments_written = testing::segment_paths(dir.path()).size();
  }
  const std::string archive = dir.sub("archive");
  ASSERT_TRUE(std::filesystem::exists(archive));
  EXPECT_EQ(list_snapshots(dir.path()).size(), 1u);
  EXPECT_EQ(list_snapshots(archive).size(), 2u);
  const size_t archived_segments = testing::segment_paths(archive).size();
  EXPECT_GT(archived_segments, 0u);
  EXPECT_EQ(segments_written + 0, testing::segment_paths(dir.path()).size());
  // Nothing lost: a full replay over archive and live segments gives the same state.
  uint64_t commands = 0;
  EXPECT_EQ(replayed_hash(dir.path(), &commands), hash_before);
  EXPECT_EQ(commands, 133u);
  auto engine = Engine::open(o);
  EXPECT_EQ(machine_hash(*engine), hash_before);
}

TEST(Engine, SubmissionThatCouldNotBeReplayedIsRefusedBeforeSequencing) {
  testing::TempDir dir;
  auto engine = Engine::open(options_for(dir.path()));
  const uint64_t commands_before = engine->stats().commands;  // the configuration
  core::AddParticipant p;
  p.bic = kBankA;
  p.name.assign(70'000, 'x');
  const auto out = engine->submit_and_wait(testing::operator_command(p));
  EXPECT_EQ(out.status, AckStatus::kRefused);
  EXPECT_EQ(out.applied.result.reason, core::Reason::kTextTooLong);
  EXPECT_EQ(engine->stats().commands, commands_before);
}

TEST(Engine, NewJournalStartsWithItsConfigurationAndAReplayNeedsNothingElse) {
  testing::TempDir dir;
  EngineOptions o = options_for(dir.path());
  o.core_config.value_date_initial = 20300102;
  o.core_config.participants_max = 3;
  {
    auto engine = Engine::open(o);
    for (Submission& s : testing::small_system(100)) engine->submit(std::move(s), nullptr);
    engine->flush();
  }
  Machine replayed;  // default configuration: the journal must carry its own
  scan_journal(dir.path(), ScanOptions{}, [&](const BatchAt& at) {
    std::string error;
    EXPECT_TRUE(apply_batch(replayed, at.batch, &error)) << error;
    return true;
  });
  EXPECT_EQ(replayed.core().value_date(), 20300102);
  EXPECT_EQ(replayed.core().participant_count(), 3u) << "the fourth was refused: participants_max";
  // Reopened with other options, the journal's configuration still applies.
  EngineOptions other = options_for(dir.path());
  std::vector<std::string> log;
  other.log = [&log](const std::string& line) { log.push_back(line); };
  auto engine = Engine::open(other);
  engine->inspect([](const Machine& m) { EXPECT_EQ(m.core().config().participants_max, 3u); });
  bool warned = false;
  for (const auto& line : log) warned |= line.find("configuration differs") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(Engine, UnfinishedSnapshotFromACrashIsRemovedAndLogged) {
  testing::TempDir dir;
  { auto engine = Engine::open(options_for(dir.path())); }
  const std::string leftover = dir.sub(snapshot_file_name(5) + ".tmp");
  testing::write_file(leftover, std::vector<uint8_t>(100, 0xAB));
  std::vector<std::string> log;
  EngineOptions o = options_for(dir.path());
  o.log = [&log](const std::string& line) { log.push_back(line); };
  auto engine = Engine::open(o);
  EXPECT_FALSE(std::filesystem::exists(leftover));
  bool logged = false;
  for (const auto& line : log)
    logged |= line.find("removed unfinished snapshot") != std::string::npos;
  EXPECT_TRUE(logged);
}

TEST(Engine, SnapshotsKeepComingWhenTheEngineRestartsOften) {
  testing::TempDir dir;
  EngineOptions o = options_for(dir.path());
  o.snapshot_every_commands = 50;
  uint64_t n = 0;
  for (int run = 0; run < 4; ++run) {  // at most 33 commands a run, fewer than 50
    auto engine = Engine::open(o);
    if (run == 0) setup(*engine);
    for (int i = 0; i < 20; ++i) engine->submit(testing::payment(++n, kBankA, kBankB, 1), nullptr);
    engine->flush();
    engine->stop();
  }
  EXPECT_FALSE(list_snapshots(dir.path()).empty());
}

TEST(Engine, SecondEngineOnTheSameDirectoryIsRefused) {
  testing::TempDir dir;
  auto engine = Engine::open(options_for(dir.path()));
  EXPECT_THROW(Engine::open(options_for(dir.path())), IoError);
  engine.reset();
  EXPECT_NO_THROW(Engine::open(options_for(dir.path())));
}

TEST(Engine, StopCompletesEverythingSubmitted) {
  testing::TempDir dir;
  auto engine = Engine::open(options_for(dir.path()));
  setup(*engine);
  std::atomic<int> completed = 0;
  for (uint64_t n = 1; n <= 2000; ++n) {
    engine->submit(testing::payment(n, kBankA, kBankB, 1), [&](const Ack&) { ++completed; });
  }
  engine->stop();
  EXPECT_EQ(completed.load(), 2000);
  const auto late = engine->submit_and_wait(testing::payment(9999, kBankA, kBankB, 1));
  EXPECT_EQ(late.status, AckStatus::kFailed);
}

}  // namespace
}  // namespace corridor::journal
