// The message log: messages travel as journal attachments; the index finds
// them by submitter and instruction id and by submitter and group message id,
// live and after the journal is replayed, from live or archived segments.
#include "gateway/message_log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "journal/engine.h"
#include "journal/observed_replay.h"
#include "temp_dir.h"

namespace corridor::gateway {
namespace {

using testing::TempDir;

core::Bic bic(const char* text) {
  return *core::Bic::parse(text);
}

MessageKey key(const char* id, uint32_t index, uint64_t uetr_low = 0x8000000000000001) {
  MessageKey k;
  EXPECT_TRUE(k.instruction_id.assign(id));
  k.transaction_index = index;
  k.uetr = core::Uetr{0x0123456789ab4cde, uetr_low};
  return k;
}

core::InstructionId id(const char* text) {
  core::InstructionId i;
  EXPECT_TRUE(i.assign(text));
  return i;
}

// A journal whose observer feeds a MessageLog, as the service's does. The
// commands are AdvanceTime: the log cares for attachments, not for what the
// core does with a command.
class JournalWithLog {
 public:
  explicit JournalWithLog(const std::string& dir, uint64_t segment_bytes_max = 64u << 20)
      : dir_(dir), log_(std::make_unique<MessageLog>(dir)) {
    journal::EngineOptions options;
    options.dir = dir;
    options.writer.segment_bytes_max = segment_bytes_max;
    options.observer = [this](const journal::Submission&, const journal::Ack& ack,
                              const journal::Machine&) {
      if (ack.attachment) log_->index(ack.attachment_bytes, *ack.attachment);
    };
    engine_ = journal::Engine::open(std::move(options));
  }

  // Journals one message: its attachment on the first of `keys`'s submissions.
  void send(const core::Bic& submitter, const std::vector<MessageKey>& keys,
            const std::string& message, const std::string& group = "MSG-1") {
    for (size_t i = 0; i < keys.size(); ++i) {
      journal::Submission s{submitter, keys[i].instruction_id,
                            core::Command{0, core::AdvanceTime{}}};
      if (i == 0) s.attachment = MessageLog::attachment(submitter, group, keys, message);
      engine_->submit(std::move(s), nullptr);
    }
  }
  void send_raw(std::string attachment) {
    journal::Submission s{core::Bic(), core::InstructionId(), core::Command{0, core::AdvanceTime{}},
                          nullptr};
    s.attachment = std::make_shared<const std::string>(std::move(attachment));
    engine_->submit(std::move(s), nullptr);
  }
  MessageLog& log() {
    engine_->flush();
    return *log_;
  }
  void stop() { engine_->stop(); }

 private:
  std::string dir_;
  std::unique_ptr<MessageLog> log_;
  std::unique_ptr<journal::Engine> engine_;
};

// A new index over the same journal, as the service builds at start.
std::unique_ptr<MessageLog> replayed(const std::string& dir) {
  auto log = std::make_unique<MessageLog>(dir);
  journal::replay_observed(
      dir, [&](const journal::Submission&, const journal::Ack& ack, const journal::Machine&) {
        if (ack.attachment) log->index(ack.attachment_bytes, *ack.attachment);
      });
  return log;
}

TEST(MessageLog, AMessageIsFoundByEachOfItsPaymentsKeysWithItsTransactionIndex) {
  TempDir dir;
  JournalWithLog journal(dir.path().string());
  journal.send(bic("LTSBCNB0"), {key("A-1", 0), key("A-2", 1)}, "<two/>");
  journal.send(bic("SILKCNB0"), {key("A-1", 0)}, "<other/>");
  MessageLog& log = journal.log();
  const auto first = log.find(bic("LTSBCNB0"), id("A-2"));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->bytes, "<two/>");
  EXPECT_EQ(first->transaction_index, 1u);
  // The same instruction id from another submitter is another payment.
  EXPECT_EQ(log.find(bic("SILKCNB0"), id("A-1"))->bytes, "<other/>");
  EXPECT_FALSE(log.find(bic("SILKCNB0"), id("A-2")).has_value());
  EXPECT_EQ(log.records(), 2u);
}

TEST(MessageLog, AGroupMessageIdFindsItsPaymentsInOrderWithTheirUetrsAlsoAfterAReplay) {
  TempDir dir;
  {
    JournalWithLog journal(dir.path().string());
    journal.send(bic("LTSBCNB0"),
                 {key("G-1", 0, 0x8000000000000011), key("G-2", 1, 0x8000000000000012)}, "<bulk/>",
                 "BULK-7");
    // Same group id from another submitter: another message.
    journal.send(bic("SILKCNB0"), {key("S-1", 0)}, "<s/>", "BULK-7");
    // A later message under the same group id adds its new payments, not a resent one.
    journal.send(bic("LTSBCNB0"),
                 {key("G-2", 0, 0x8000000000000099), key("G-3", 1, 0x8000000000000013)}, "<more/>",
                 "BULK-7");
    journal.stop();
  }
  const auto log = replayed(dir.path().string());
  const std::vector<MessageKey> group = log->group(bic("LTSBCNB0"), "BULK-7");
  ASSERT_EQ(group.size(), 3u);
  EXPECT_EQ(group[0].instruction_id.view(), "G-1");
  EXPECT_EQ(group[1].instruction_id.view(), "G-2");
  EXPECT_EQ(group[1].uetr.low, 0x8000000000000012u);  // the first message's
  EXPECT_EQ(group[1].transaction_index, 1u);
  EXPECT_EQ(group[2].instruction_id.view(), "G-3");
  EXPECT_EQ(log->group(bic("SILKCNB0"), "BULK-7").size(), 1u);
  EXPECT_TRUE(log->group(bic("LTSBCNB0"), "OTHER").empty());
  EXPECT_EQ(log->group_message_id(bic("LTSBCNB0"), id("G-3")), "BULK-7");
  EXPECT_EQ(log->find(bic("LTSBCNB0"), id("G-1"))->group_message_id, "BULK-7");
  EXPECT_EQ(log->find(bic("LTSBCNB0"), id("G-3"))->bytes, "<more/>");
  EXPECT_FALSE(log->group_message_id(bic("LTSBCNB0"), id("NONE")).has_value());
}

TEST(MessageLog, TheFirstMessageOfAKeyWinsLiveAndAfterAReplay) {
  TempDir dir;
  {
    JournalWithLog journal(dir.path().string());
    journal.send(bic("LTSBCNB0"), {key("X", 0)}, "<first/>");
    journal.send(bic("LTSBCNB0"), {key("X", 0)}, "<resent/>");
    EXPECT_EQ(journal.log().find(bic("LTSBCNB0"), id("X"))->bytes, "<first/>");
    journal.stop();
  }
  EXPECT_EQ(replayed(dir.path().string())->find(bic("LTSBCNB0"), id("X"))->bytes, "<first/>");
}

TEST(MessageLog, AnEndToEndIdOtherThanTheInstructionIdIsFoundBothWaysAlsoAfterAReplay) {
  TempDir dir;
  {
    JournalWithLog journal(dir.path().string());
    MessageKey own = key("I-1", 0);
    ASSERT_TRUE(own.end_to_end_id.assign("CUST-7"));
    MessageKey same = key("I-2", 1);
    ASSERT_TRUE(same.end_to_end_id.assign("I-2"));
    journal.send(bic("LTSBCNB0"), {own, same, key("I-3", 2)}, "<m/>");
    journal.stop();
  }
  const auto log = replayed(dir.path().string());
  EXPECT_EQ(log->end_to_end_id(bic("LTSBCNB0"), id("I-1"))->view(), "CUST-7");
  EXPECT_EQ(log->end_to_end_id(bic("LTSBCNB0"), id("I-2"))->view(), "I-2");
  EXPECT_EQ(log->end_to_end_id(bic("LTSBCNB0"), id("I-3"))->view(), "I-3");  // none given
  EXPECT_FALSE(log->end_to_end_id(bic("LTSBCNB0"), id("I-9")).has_value());
  EXPECT_EQ(log->instruction_of_end_to_end_id(bic("LTSBCNB0"), id("CUST-7"))->view(), "I-1");
  EXPECT_FALSE(log->instruction_of_end_to_end_id(bic("SILKCNB0"), id("CUST-7")).has_value());
  EXPECT_FALSE(log->instruction_of_end_to_end_id(bic("LTSBCNB0"), id("I-2")).has_value());
}

TEST(MessageLog, AnAttachmentThatIsNotAMessageIsCountedAndIndexesNothing) {
  TempDir dir;
  JournalWithLog journal(dir.path().string());
  journal.send_raw("not a message");
  std::string cut = *MessageLog::attachment(bic("LTSBCNB0"), "M", std::vector{key("K", 0)}, "");
  cut.resize(cut.size() - 3);  // the key's UETR cut short
  journal.send_raw(cut);
  journal.send(bic("LTSBCNB0"), {key("OK", 0)}, "<ok/>");
  MessageLog& log = journal.log();
  EXPECT_EQ(log.malformed(), 2u);
  EXPECT_EQ(log.records(), 1u);
  EXPECT_FALSE(log.find(bic("LTSBCNB0"), id("K")).has_value());
  EXPECT_EQ(log.find(bic("LTSBCNB0"), id("OK"))->bytes, "<ok/>");
}

TEST(MessageLog, MessagesInArchivedSegmentsAreStillFound) {
  TempDir dir;
  const std::string path = dir.path().string();
  {
    JournalWithLog journal(path, 2048);  // a segment every few messages
    for (int i = 0; i < 30; ++i) {
      const std::string name = "M-" + std::to_string(i);
      journal.send(bic("LTSBCNB0"), {key(name.c_str(), 0)}, "<m" + std::to_string(i) + "/>");
      journal.log();  // waits: a batch each
    }
    journal.stop();
  }
  // Archive every segment but the last, as the engine does after snapshots.
  std::vector<std::filesystem::path> segments;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    if (entry.path().extension() == ".seg") segments.push_back(entry.path());
  }
  std::sort(segments.begin(), segments.end());
  ASSERT_GT(segments.size(), size_t{2});
  std::filesystem::create_directories(path + "/archive");
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    std::filesystem::rename(segments[i], path + "/archive/" + segments[i].filename().string());
  }
  const auto log = replayed(path);
  for (int i = 0; i < 30; ++i) {
    const std::string name = "M-" + std::to_string(i);
    const auto found = log->find(bic("LTSBCNB0"), id(name.c_str()));
    ASSERT_TRUE(found.has_value()) << name;
    EXPECT_EQ(found->bytes, "<m" + std::to_string(i) + "/>");
  }
}

TEST(MessageLog, ManyThreadsSendingLoseNothingLiveOrAfterAReplay) {
  TempDir dir;
  constexpr int kThreads = 4;
  constexpr int kEach = 200;
  {
    JournalWithLog journal(dir.path().string(), 1u << 16);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          const std::string name = std::to_string(t) + "-" + std::to_string(i);
          journal.send(bic("LTSBCNB0"), {key(name.c_str(), 0), key((name + "b").c_str(), 1)},
                       "<" + name + "/>");
        }
      });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(journal.log().records(), uint64_t{kThreads * kEach});
    journal.stop();
  }
  const auto log = replayed(dir.path().string());
  EXPECT_EQ(log->records(), uint64_t{kThreads * kEach});
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) {
      const std::string name = std::to_string(t) + "-" + std::to_string(i);
      const auto second = log->find(bic("LTSBCNB0"), id((name + "b").c_str()));
      ASSERT_TRUE(second.has_value()) << name;
      EXPECT_EQ(second->bytes, "<" + name + "/>");
      EXPECT_EQ(second->transaction_index, 1u);
    }
  }
}

}  // namespace
}  // namespace corridor::gateway
