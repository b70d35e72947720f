// The message log: durable before the callback, found by submitter and
// instruction id and by submitter and group message id, intact across a
// reopen, a torn tail cut off, a record of another format version refused.
#include "gateway/message_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <stdexcept>
#include <thread>

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

// Appended and synced, as the service's journal writer syncs it before a batch.
bool append_and_wait(MessageLog& log, const core::Bic& submitter, std::vector<MessageKey> keys,
                     const std::string& message, const std::string& group = "MSG-1") {
  return log.append(submitter, group, keys, message) && log.sync();
}

TEST(MessageLog, AMessageIsFoundByEachOfItsPaymentsKeysWithItsTransactionIndex) {
  TempDir dir;
  auto log = MessageLog::open(MessageLogOptions{dir.path().string(), true});
  ASSERT_TRUE(append_and_wait(*log, bic("LTSBCNB0"), {key("A-1", 0), key("A-2", 1)}, "<two/>"));
  ASSERT_TRUE(append_and_wait(*log, bic("SILKCNB0"), {key("A-1", 0)}, "<other/>"));
  const auto first = log->find(bic("LTSBCNB0"), id("A-2"));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->bytes, "<two/>");
  EXPECT_EQ(first->transaction_index, 1u);
  // The same instruction id from another submitter is another payment.
  EXPECT_EQ(log->find(bic("SILKCNB0"), id("A-1"))->bytes, "<other/>");
  EXPECT_FALSE(log->find(bic("SILKCNB0"), id("A-2")).has_value());
  EXPECT_EQ(log->records(), 2u);
}

TEST(MessageLog, AGroupMessageIdFindsItsPaymentsInOrderWithTheirUetrsAlsoAfterAReopen) {
  TempDir dir;
  {
    auto log = MessageLog::open(MessageLogOptions{dir.path().string(), true});
    ASSERT_TRUE(
        append_and_wait(*log, bic("LTSBCNB0"),
                        {key("G-1", 0, 0x8000000000000011), key("G-2", 1, 0x8000000000000012)},
                        "<bulk/>", "BULK-7"));
    // Same group id from another submitter: another message.
    ASSERT_TRUE(append_and_wait(*log, bic("SILKCNB0"), {key("S-1", 0)}, "<s/>", "BULK-7"));
    // A later message under the same group id adds its new payments, not a resent one.
    ASSERT_TRUE(
        append_and_wait(*log, bic("LTSBCNB0"),
                        {key("G-2", 0, 0x8000000000000099), key("G-3", 1, 0x8000000000000013)},
                        "<more/>", "BULK-7"));
  }
  auto log = MessageLog::open(MessageLogOptions{dir.path().string(), true});
  const std::vector<MessageKey> group = log->group(bic("LTSBCNB0"), "BULK-7");
  ASSERT_EQ(group.size(), 3u);
  EXPECT_EQ(group[0].instruction_id.view(), "G-1");
  EXPECT_EQ(group[1].instruction_id.view(), "G-2");
  EXPECT_EQ(group[1].uetr.low, 0x8000000000000012u);  // the first record's
  EXPECT_EQ(group[1].transaction_index, 1u);
  EXPECT_EQ(group[2].instruction_id.view(), "G-3");
  EXPECT_EQ(log->group(bic("SILKCNB0"), "BULK-7").size(), 1u);
  EXPECT_TRUE(log->group(bic("LTSBCNB0"), "OTHER").empty());
  EXPECT_EQ(log->group_message_id(bic("LTSBCNB0"), id("G-3")), "BULK-7");
  EXPECT_EQ(log->find(bic("LTSBCNB0"), id("G-1"))->group_message_id, "BULK-7");
  EXPECT_FALSE(log->group_message_id(bic("LTSBCNB0"), id("NONE")).has_value());
}

TEST(MessageLog, ALogOfTheFirstFormatVersionIsRefusedAndLeftAsItIs) {
  TempDir dir;
  {
    auto log = MessageLog::open(MessageLogOptions{dir.path().string(), true});
    ASSERT_TRUE(append_and_wait(*log, bic("LTSBCNB0"), {key("ONE", 0)}, "<one/>"));
    ASSERT_TRUE(append_and_wait(*log, bic("LTSBCNB0"), {key("TWO", 0)}, "<two/>"));
  }
  const std::string path = dir.file("messages.log");
  const auto size = std::filesystem::file_size(path);
  {
    // The second record's magic rewritten as version 1's "CRML" (both
    // records have the same size).
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(size / 2));
    file.write("CRML", 4);
  }
  EXPECT_THROW(MessageLog::open(MessageLogOptions{dir.path().string(), true}), std::runtime_error);
  EXPECT_EQ(std::filesystem::file_size(path), size);  // not cut as a torn tail
}

TEST(MessageLog, TheFirstMessageOfAKeyWinsAndEverythingSurvivesAReopen) {
  TempDir dir;
  {
    auto log = MessageLog::open(MessageLogOptions{dir.path().string(), true});
    ASSERT_TRUE(append_and_wait(*log, bic("LTSBCNB0"), {key("X", 0)}, "<first/>"));
    ASSERT_TRUE(append_and_wait(*log, bic("LTSBCNB0"), {key("X", 0)}, "<resent/>"));
  }
  auto log = MessageLog::open(MessageLogOptions{dir.path().string(), true});
  EXPECT_EQ(log->records(), 2u);
  EXPECT_EQ(log->torn_tail_bytes(), 0u);
  EXPECT_EQ(log->find(bic("LTSBCNB0"), id("X"))->bytes, "<first/>");
}

TEST(MessageLog, ARecordCutShortByACrashIsCutOffWhenReopenedAndAppendingGoesOn) {
  TempDir dir;
  {
    auto log = MessageLog::open(MessageLogOptions{dir.path().string(), true});
    ASSERT_TRUE(append_and_wait(*log, bic("LTSBCNB0"), {key("KEEP", 0)}, "<kept/>"));
    ASSERT_TRUE(append_and_wait(*log, bic("LTSBCNB0"), {key("TORN", 0)}, "<torn-message/>"));
  }
  const std::string path = dir.file("messages.log");
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size - 3);
  {
    auto log = MessageLog::open(MessageLogOptions{dir.path().string(), true});
    EXPECT_EQ(log->records(), 1u);
    EXPECT_GT(log->torn_tail_bytes(), 0u);
    EXPECT_FALSE(log->find(bic("LTSBCNB0"), id("TORN")).has_value());
    ASSERT_TRUE(append_and_wait(*log, bic("LTSBCNB0"), {key("NEXT", 0)}, "<next/>"));
  }
  auto log = MessageLog::open(MessageLogOptions{dir.path().string(), true});
  EXPECT_EQ(log->records(), 2u);
  EXPECT_EQ(log->find(bic("LTSBCNB0"), id("KEEP"))->bytes, "<kept/>");
  EXPECT_EQ(log->find(bic("LTSBCNB0"), id("NEXT"))->bytes, "<next/>");
}

TEST(MessageLog, AFlippedByteEndsTheLogThere) {
  TempDir dir;
  {
    auto log = MessageLog::open(MessageLogOptions{dir.path().string(), true});
    ASSERT_TRUE(append_and_wait(*log, bic("LTSBCNB0"), {key("ONE", 0)}, "<one/>"));
    ASSERT_TRUE(append_and_wait(*log, bic("LTSBCNB0"), {key("TWO", 0)}, "<two/>"));
  }
  const std::string path = dir.file("messages.log");
  const auto size = std::filesystem::file_size(path);
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(size - 2));
    file.put('X');
  }
  auto log = MessageLog::open(MessageLogOptions{dir.path().string(), true});
  EXPECT_EQ(log->records(), 1u);
  EXPECT_TRUE(log->find(bic("LTSBCNB0"), id("ONE")).has_value());
  EXPECT_FALSE(log->find(bic("LTSBCNB0"), id("TWO")).has_value());
}

TEST(MessageLog, ManyThreadsAppendingWhileOneSyncsLoseNothingAcrossAReopen) {
  TempDir dir;
  constexpr int kThreads = 4;
  constexpr int kEach = 200;
  {
    auto log = MessageLog::open(MessageLogOptions{dir.path().string(), true});
    std::atomic<int> appended{0};
    std::atomic<bool> done{false};
    std::thread syncer([&] {
      while (!done) EXPECT_TRUE(log->sync());
    });
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          const std::string instruction = "T" + std::to_string(t) + "-" + std::to_string(i);
          appended += log->append(bic("LTSBCNB0"), "G",
                                  std::vector<MessageKey>{key(instruction.c_str(), 0)},
                                  "<m>" + instruction + "</m>")
                          ? 1
                          : 0;
        }
      });
    }
    for (std::thread& t : threads) t.join();
    done = true;
    syncer.join();
    ASSERT_TRUE(log->sync());
    EXPECT_EQ(appended.load(), kThreads * kEach);
  }
  auto log = MessageLog::open(MessageLogOptions{dir.path().string(), true});
  EXPECT_EQ(log->records(), static_cast<uint64_t>(kThreads * kEach));
  EXPECT_EQ(log->torn_tail_bytes(), 0u);
  EXPECT_EQ(log->find(bic("LTSBCNB0"), id("T3-199"))->bytes, "<m>T3-199</m>");
  EXPECT_EQ(log->group(bic("LTSBCNB0"), "G").size(), static_cast<size_t>(kThreads * kEach));
}

}  // namespace
}  // namespace corridor::gateway
