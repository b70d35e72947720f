// Exactly-once submission in the machine: repeats get the original result and
// do not reach the core; conflicting reuse of an id is rejected with DUPL.
#include <gtest/gtest.h>

#include <vector>

#include "journal/machine.h"
#include "journal/submission.h"
#include "journal_fixture.h"

namespace corridor::journal {
namespace {

using testing::kBankA;
using testing::kBankB;
using testing::kBankC;

class MachineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const Submission& s : testing::small_system(1'000'00)) {
      ASSERT_TRUE(apply(s).result.ok());
    }
  }
  Applied apply(Submission s) {
    s.command.timestamp_ns = ++clock_ns_;
    std::vector<uint8_t> bytes;
    encode_submission(s, &bytes);
    return machine_.apply(machine_.last_seq() + 1, s, submission_content_digest(bytes));
  }
  core::AmountMinor balance(const core::Bic& bic) const {
    return machine_.core()
        .account(*machine_.core().find_account(bic, testing::eur()))
        .balance_minor;
  }
  Machine machine_;
  int64_t clock_ns_ = 1'000;
};

TEST_F(MachineTest, ResubmittedPaymentGetsOriginalResultAndIsNotSettledTwice) {
  const Applied first = apply(testing::payment(1, kBankA, kBankB, 100));
  ASSERT_EQ(first.result.outcome, core::Outcome::kSettled);
  EXPECT_FALSE(first.repeat);
  const core::AmountMinor a_after = balance(kBankA);
  const uint64_t core_hash = machine_.core().state_hash();

  const Applied again = apply(testing::payment(1, kBankA, kBankB, 100));
  EXPECT_TRUE(again.repeat);
  EXPECT_EQ(again.original_seq, first.seq);
  EXPECT_EQ(again.result.outcome, core::Outcome::kSettled);
  EXPECT_TRUE(machine_.events().empty());
  EXPECT_EQ(balance(kBankA), a_after);
  EXPECT_EQ(machine_.core().state_hash(), core_hash) << "a repeat must not reach the core";
  EXPECT_EQ(machine_.repeats(), 1u);
}

TEST_F(MachineTest, ResubmittedQueuedPaymentGetsQueuedBack) {
  const Applied first = apply(testing::payment(1, kBankA, kBankB, 5'000'00));
  ASSERT_EQ(first.result.outcome, core::Outcome::kQueued);
  const Applied again = apply(testing::payment(1, kBankA, kBankB, 5'000'00));
  EXPECT_TRUE(again.repeat);
  EXPECT_EQ(again.result.outcome, core::Outcome::kQueued);
  EXPECT_EQ(machine_.core().queued_count(), 1u);
}

TEST_F(MachineTest, SameMessageIdWithDifferentContentIsRejectedWithDupl) {
  ASSERT_TRUE(apply(testing::payment(1, kBankA, kBankB, 100)).result.ok());
  Submission changed = testing::payment(1, kBankA, kBankB, 200);
  auto& p = std::get<core::SubmitPayment>(changed.command.body);
  p.uetr = core::Uetr::from_bits(1, 999);  // a new UETR: only the message id collides
  const core::AmountMinor a_before = balance(kBankA);
  const Applied conflict = apply(changed);
  EXPECT_EQ(conflict.result.outcome, core::Outcome::kRejected);
  EXPECT_EQ(conflict.result.reason, core::Reason::kDuplicateInstruction);
  EXPECT_EQ(core::iso_code(conflict.result.reason), "DUPL");
  EXPECT_FALSE(conflict.repeat);
  EXPECT_EQ(balance(kBankA), a_before);
  EXPECT_EQ(machine_.conflicts(), 1u);
}

TEST_F(MachineTest, SameUetrUnderAnotherMessageIdIsRejectedWithDupl) {
  ASSERT_TRUE(apply(testing::payment(1, kBankA, kBankB, 100)).result.ok());
  Submission other = testing::payment(1, kBankA, kBankB, 100);
  other.message_id = testing::message_id("ANOTHER-MESSAGE");
  const Applied conflict = apply(other);
  EXPECT_EQ(conflict.result.reason, core::Reason::kDuplicateInstruction);
}

TEST_F(MachineTest, DnsPaymentsShareTheUetrKeySpaceWithPayments) {
  ASSERT_TRUE(apply(testing::payment(1, kBankA, kBankB, 100)).result.ok());
  Submission dns = testing::payment(1, kBankA, kBankB, 100);
  const auto& p = std::get<core::SubmitPayment>(dns.command.body);
  dns.command.body = core::SubmitDnsPayment{p.uetr,           p.instruction_id, p.debtor_agent,
                                            p.creditor_agent, p.currency,       p.amount_minor};
  dns.message_id = testing::message_id("DNS-MESSAGE");
  EXPECT_EQ(apply(dns).result.reason, core::Reason::kDuplicateInstruction);

  // And the other way round: a DNS payment's UETR (here rejected by the core:
  // no net debit cap) is not reused by a payment under another message id.
  Submission second = testing::payment(2, kBankA, kBankB, 100);
  const auto& q = std::get<core::SubmitPayment>(second.command.body);
  Submission first_dns = second;
  first_dns.command.body = core::SubmitDnsPayment{
      q.uetr, q.instruction_id, q.debtor_agent, q.creditor_agent, q.currency, q.amount_minor};
  first_dns.message_id = testing::message_id("DNS-FIRST");
  EXPECT_EQ(apply(first_dns).result.reason, core::Reason::kNetDebitCapExceeded);
  EXPECT_EQ(apply(second).result.reason, core::Reason::kDuplicateInstruction);
}

TEST_F(MachineTest, SameMessageIdFromAnotherSenderIsAnotherInstruction) {
  ASSERT_TRUE(apply(testing::payment(1, kBankA, kBankB, 100)).result.ok());
  Submission from_c = testing::payment(2, kBankC, kBankB, 100);
  from_c.message_id = testing::message_id("MSG1");  // A's message id, C's own instruction
  const Applied applied = apply(from_c);
  EXPECT_FALSE(applied.repeat);
  EXPECT_EQ(applied.result.outcome, core::Outcome::kSettled);
}

TEST_F(MachineTest, RepeatIgnoresTheSequencerTimestamp) {
  Submission s = testing::payment(1, kBankA, kBankB, 100);
  ASSERT_TRUE(apply(s).result.ok());
  clock_ns_ += 3'600'000'000'000;  // an hour later
  EXPECT_TRUE(apply(s).repeat);
}

TEST_F(MachineTest, RejectedInstructionIsRememberedWithItsRejection) {
  Submission bad = testing::payment(1, kBankA, testing::bic("NOBKDEFF"), 100);
  const Applied first = apply(bad);
  ASSERT_EQ(first.result.outcome, core::Outcome::kRejected);
  const Applied again = apply(bad);
  EXPECT_TRUE(again.repeat);
  EXPECT_EQ(again.result.reason, first.result.reason);
}

TEST_F(MachineTest, InstructionsAreForgottenAfterTheDedupeWindow) {
  ASSERT_TRUE(apply(testing::payment(1, kBankA, kBankB, 100)).result.ok());
  const int window_days = machine_.core().config().dedupe_window_days;
  core::ValueDate date = machine_.core().value_date();
  for (int day = 0; day < window_days; ++day) {
    ASSERT_TRUE(apply(testing::operator_command(core::EndOfDay{++date})).result.ok());
  }
  EXPECT_EQ(machine_.index().size(), 0u) << "older than the window: forgotten";
}

TEST_F(MachineTest, InstructionsWithinTheWindowSurviveEndOfDay) {
  ASSERT_TRUE(apply(testing::payment(1, kBankA, kBankB, 100)).result.ok());
  ASSERT_TRUE(apply(testing::operator_command(core::EndOfDay{machine_.core().value_date() + 1}))
                  .result.ok());
  EXPECT_TRUE(apply(testing::payment(1, kBankA, kBankB, 100)).repeat);
}

TEST_F(MachineTest, SavedImageLoadsIntoAnEqualMachineThatStillRecognisesRepeats) {
  ASSERT_TRUE(apply(testing::payment(1, kBankA, kBankB, 100)).result.ok());
  ASSERT_EQ(apply(testing::payment(2, kBankB, kBankC, 5'000'00)).result.outcome,
            core::Outcome::kQueued);
  std::vector<uint8_t> image;
  machine_.save_state(&image);
  Machine restored;
  std::string error;
  ASSERT_TRUE(restored.load_state(image, &error)) << error;
  EXPECT_EQ(restored.state_hash(), machine_.state_hash());
  EXPECT_EQ(restored.last_seq(), machine_.last_seq());

  Submission repeat = testing::payment(1, kBankA, kBankB, 100);
  repeat.command.timestamp_ns = ++clock_ns_;
  std::vector<uint8_t> bytes;
  encode_submission(repeat, &bytes);
  const Applied applied =
      restored.apply(restored.last_seq() + 1, repeat, submission_content_digest(bytes));
  EXPECT_TRUE(applied.repeat);
}

TEST_F(MachineTest, TruncatedImageIsRefusedAndLeavesTheMachineUnchanged) {
  ASSERT_TRUE(apply(testing::payment(1, kBankA, kBankB, 100)).result.ok());
  std::vector<uint8_t> image;
  machine_.save_state(&image);
  Machine target;
  const uint64_t before = target.state_hash();
  // Every length up to the index's end, then a sample of the core image's lengths.
  for (size_t length = 0; length < image.size(); length += (length < 512 ? 1 : 97)) {
    std::string error;
    EXPECT_FALSE(target.load_state(std::span(image.data(), length), &error)) << length;
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(target.state_hash(), before);
  }
}

TEST(SubmissionDigest, IgnoresTheTimestampAndNothingElse) {
  Submission s = testing::payment(1, kBankA, kBankB, 100);
  auto digest = [](const Submission& x) {
    std::vector<uint8_t> bytes;
    encode_submission(x, &bytes);
    return submission_content_digest(bytes);
  };
  const uint64_t base = digest(s);
  s.command.timestamp_ns = 123456789;
  EXPECT_EQ(digest(s), base);
  Submission other_amount = testing::payment(1, kBankA, kBankB, 101);
  EXPECT_NE(digest(other_amount), base);
  Submission other_sender = testing::payment(1, kBankA, kBankB, 100);
  other_sender.sender = kBankC;
  EXPECT_NE(digest(other_sender), base);
  Submission other_id = testing::payment(1, kBankA, kBankB, 100);
  other_id.message_id = testing::message_id("MSG-OTHER");
  EXPECT_NE(digest(other_id), base);
}

}  // namespace
}  // namespace corridor::journal

namespace corridor::journal {
namespace {

uint64_t digest_of(const Submission& s) {
  std::vector<uint8_t> bytes;
  encode_submission(s, &bytes);
  return submission_content_digest(bytes);
}

TEST(SubmissionIndexTable, KeepsEveryKeyThroughGrowthAndASaveAndLoad) {
  SubmissionIndex index(/*hash_seed=*/12345);
  constexpr uint64_t kCount = 50'000;
  for (uint64_t n = 1; n <= kCount; ++n) {
    const Submission s = testing::payment(n, testing::kBankA, testing::kBankB, 1);
    ASSERT_EQ(index.check(s, digest_of(s)).verdict, SubmissionIndex::Verdict::kNew);
    index.record(s, digest_of(s), n, core::Result{core::Outcome::kSettled, core::Reason::kNone});
  }
  EXPECT_EQ(index.size(), 2 * kCount) << "a message key and a UETR key each";
  std::vector<uint8_t> image;
  index.save_state(&image);
  SubmissionIndex loaded(/*hash_seed=*/999);  // another layout, the same contents
  std::string error;
  ASSERT_EQ(loaded.load_state(image, &error), image.size()) << error;
  EXPECT_EQ(loaded.state_hash(), index.state_hash());
  for (uint64_t n = 1; n <= kCount; n += 7) {
    const Submission s = testing::payment(n, testing::kBankA, testing::kBankB, 1);
    const auto seen = loaded.check(s, digest_of(s));
    ASSERT_EQ(seen.verdict, SubmissionIndex::Verdict::kRepeat) << n;
    EXPECT_EQ(seen.original_seq, n);
    EXPECT_EQ(seen.original_result.outcome, core::Outcome::kSettled);
  }
}

TEST(SubmissionIndexTable, ResultsAndSequenceNumbersComeBackExactly) {
  SubmissionIndex index;
  const Submission s = testing::payment(7, testing::kBankA, testing::kBankB, 1);
  const core::Result rejected = core::Result::rejected(core::Reason::kCreditInUse);
  index.record(s, digest_of(s), (uint64_t{1} << 40) + 3, rejected);
  const auto seen = index.check(s, digest_of(s));
  EXPECT_EQ(seen.original_seq, (uint64_t{1} << 40) + 3);
  EXPECT_EQ(seen.original_result.outcome, core::Outcome::kRejected);
  EXPECT_EQ(seen.original_result.reason, core::Reason::kCreditInUse);
}

TEST(SubmissionIndexTable, AUetrThatIsNotVersion4IsNoKeyButItsMessageIdIs) {
  SubmissionIndex index;
  Submission s = testing::payment(1, testing::kBankA, testing::kBankB, 1);
  std::get<core::SubmitPayment>(s.command.body).uetr = core::Uetr{1, 2};  // not version 4
  index.record(s, digest_of(s), 1, core::Result::rejected(core::Reason::kInvalidUetr));
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(index.check(s, digest_of(s)).verdict, SubmissionIndex::Verdict::kRepeat);
}

TEST(SubmissionIndexTable, ImageWithAnUnknownReasonIsRefused) {
  SubmissionIndex index;
  const Submission s = testing::payment(1, testing::kBankA, testing::kBankB, 1);
  index.record(s, digest_of(s), 1, core::Result{core::Outcome::kSettled, core::Reason::kNone});
  std::vector<uint8_t> image;
  index.save_state(&image);
  // Reason 63, and the first unused one (with outcome bits 01).
  constexpr auto kFirstUnused = static_cast<uint8_t>(core::Reason::kCount);
  for (uint8_t bad_low_byte : {uint8_t{0x3F}, static_cast<uint8_t>(0x40 | kFirstUnused)}) {
    std::vector<uint8_t> corrupt = image;
    corrupt[16 + 24] = bad_low_byte;  // the packed word of the first entry, low byte
    SubmissionIndex target;
    std::string error;
    EXPECT_EQ(target.load_state(corrupt, &error), 0u);
    EXPECT_NE(error.find("unknown"), std::string::npos) << error;
    EXPECT_EQ(target.size(), 0u);
  }
}

}  // namespace
}  // namespace corridor::journal
