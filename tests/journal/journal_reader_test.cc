// Fault injection on real segment files: the reader tells a torn tail (the
// batch being written when the process died) from corruption, the writer
// repairs the one and continues the chain, and the other is always refused
// with the file and the offset.
#include "journal/journal_reader.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "journal/record_format.h"
#include "journal/segment_writer.h"

namespace corridor::journal {
namespace {

namespace fs = std::filesystem;
using namespace corridor::core;

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/corridor-journal-test-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    if (made == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

Submission submission(uint64_t seq) {
  SubmitPayment p;
  p.uetr = Uetr::from_bits(0x0123456789AB4DEFull, 0x8000000000000000ull | seq);
  EXPECT_TRUE(p.instruction_id.assign("I" + std::to_string(seq)));
  p.debtor_agent = *Bic::parse("BANKDEFF");
  p.creditor_agent = *Bic::parse("BANKFRPP");
  p.currency = *CurrencyCode::parse("EUR");
  p.amount_minor = static_cast<int64_t>(seq);
  Submission s{*Bic::parse("BANKDEFF"), InstructionId(), Command{static_cast<TimestampNs>(seq), p}};
  EXPECT_TRUE(s.message_id.assign("M" + std::to_string(seq)));
  return s;
}

struct Written {
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  Hash256 hash{};
  std::string file;
  uint64_t offset = 0;
  std::vector<uint8_t> record;
};

BatchBuilder& builder_for(uint64_t first_seq, uint32_t count, const Hash256& prev,
                          BatchBuilder* builder) {
  builder->start(first_seq, static_cast<int64_t>(first_seq) * 1000, prev);
  for (uint32_t i = 0; i < count; ++i) builder->add(submission(first_seq + i));
  return *builder;
}

// Appends `batches` batches of `per_batch` commands, continuing `scan`.
std::vector<Written> append_batches(const std::string& dir, const ScanResult& scan, size_t batches,
                                    uint32_t per_batch, uint64_t segment_bytes_max,
                                    bool sync = false) {
  auto writer = SegmentWriter::open(dir, scan, {segment_bytes_max, sync});
  std::vector<Written> out;
  uint64_t next = scan.last_seq + 1;
  Hash256 prev = scan.head;
  BatchBuilder builder;
  for (size_t b = 0; b < batches; ++b) {
    builder_for(next, per_batch, prev, &builder);
    Written w;
    w.hash = builder.finish();
    w.record.assign(builder.bytes().begin(), builder.bytes().end());
    writer->append(builder.bytes(), next);
    w.first_seq = next;
    w.last_seq = next + per_batch - 1;
    w.file = writer->current_path();
    w.offset = writer->current_bytes() - w.record.size();
    out.push_back(std::move(w));
    next += per_batch;
    prev = out.back().hash;
  }
  return out;
}

ScanResult scan(const std::string& dir, bool include_archive = false) {
  return scan_journal(dir, ScanOptions{true, include_archive}, nullptr);
}

std::string describe(const ScanResult& r) {
  std::string text;
  if (r.fault) text += "fault: " + r.fault->to_string() + "; ";
  if (r.torn_tail) {
    text += "torn tail: " + r.torn_tail->file + " at " + std::to_string(r.torn_tail->offset) +
            ": " + r.torn_tail->what;
  }
  return text;
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

void append_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::vector<uint8_t> all = read_file(path);
  all.insert(all.end(), bytes.begin(), bytes.end());
  write_file(path, all);
}

void flip_bit(const std::string& path, uint64_t offset, int bit) {
  std::vector<uint8_t> bytes = read_file(path);
  ASSERT_LT(offset, bytes.size());
  bytes[offset] ^= static_cast<uint8_t>(1u << bit);
  write_file(path, bytes);
}

std::vector<std::string> segment_names(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A journal of 23 batches of 3 commands in segments of 4 batches (the last has 3),
// written once; each test works on a copy of it.
class JournalFiles : public ::testing::Test {
 protected:
  static constexpr size_t kBatches = 23;
  static constexpr uint32_t kPerBatch = 3;

  void SetUp() override {
    const size_t record_bytes = [] {
      BatchBuilder b;
      builder_for(1, kPerBatch, Hash256{}, &b).finish();
      return b.bytes().size();
    }();
    segment_bytes_max_ = 4 * record_bytes - 1;  // rotation after the 4th batch of a segment
    batches_ =
        append_batches(pristine_.path(), ScanResult{}, kBatches, kPerBatch, segment_bytes_max_);
    for (const Written& w : batches_) by_file_[w.file].push_back(w);
    ASSERT_GE(by_file_.size(), 4u);
  }

  // A fresh copy of the journal; returns its directory.
  std::string copy() {
    const std::string dir = work_.sub("copy" + std::to_string(copies_++));
    fs::copy(pristine_.path(), dir, fs::copy_options::recursive);
    return dir;
  }
  static std::string in(const std::string& dir, const std::string& pristine_path) {
    return dir + "/" + fs::path(pristine_path).filename().string();
  }
  std::vector<std::vector<Written>> segments() const {
    std::vector<std::vector<Written>> out;
    for (const auto& [file, batches] : by_file_) out.push_back(batches);
    return out;
  }

  TempDir pristine_;
  TempDir work_;
  int copies_ = 0;
  uint64_t segment_bytes_max_ = 0;
  std::vector<Written> batches_;
  std::map<std::string, std::vector<Written>> by_file_;  // names sort by first_seq
};

TEST_F(JournalFiles, ScanFindsEveryBatchAcrossRotatedSegmentsInOrder) {
  std::vector<uint64_t> seen_first_seqs;
  std::vector<std::pair<std::string, uint64_t>> seen_places;
  const ScanResult r = scan_journal(pristine_.path(), ScanOptions{}, [&](const BatchAt& at) {
    seen_first_seqs.push_back(at.batch.header.first_seq);
    seen_places.emplace_back(at.segment.path, at.offset);
    return true;
  });
  ASSERT_FALSE(r.fault) << describe(r);
  EXPECT_FALSE(r.torn_tail);
  EXPECT_EQ(r.first_seq, 1u);
  EXPECT_EQ(r.last_seq, kBatches * kPerBatch);
  EXPECT_EQ(r.batch_count, kBatches);
  EXPECT_EQ(r.head, batches_.back().hash);
  EXPECT_EQ(r.start_prev_hash, Hash256{});
  ASSERT_EQ(r.segments.size(), by_file_.size());
  size_t i = 0;
  for (const auto& [file, batches] : by_file_) {
    EXPECT_EQ(r.segments[i].path, file);
    EXPECT_EQ(r.segments[i].first_seq, batches.front().first_seq);
    EXPECT_EQ(r.segments[i].valid_bytes, fs::file_size(file));
    EXPECT_FALSE(r.segments[i].archived);
    ++i;
  }
  ASSERT_EQ(seen_first_seqs.size(), kBatches);
  for (size_t b = 0; b < kBatches; ++b) {
    EXPECT_EQ(seen_first_seqs[b], batches_[b].first_seq);
    EXPECT_EQ(seen_places[b], std::make_pair(batches_[b].file, batches_[b].offset));
  }
}

TEST_F(JournalFiles, WriterRotatesIntoFilesNamedByTheirFirstSequenceNumber) {
  std::vector<std::string> expected;
  for (const auto& [file, batches] : by_file_) {
    EXPECT_EQ(fs::path(file).filename().string(), segment_file_name(batches.front().first_seq));
    expected.push_back(segment_file_name(batches.front().first_seq));
    EXPECT_EQ(batches.front().offset, 0u);
  }
  EXPECT_EQ(segment_names(pristine_.path()), expected);
  EXPECT_EQ(segment_file_name(1), "journal-00000000000000000001.seg");
  // Every full segment reached the limit with its last batch and not before.
  const auto all = segments();
  for (size_t s = 0; s + 1 < all.size(); ++s) {
    const uint64_t size = fs::file_size(all[s].back().file);
    EXPECT_GE(size, segment_bytes_max_);
    EXPECT_LT(size - all[s].back().record.size(), segment_bytes_max_);
  }
}

TEST_F(JournalFiles, ACallbackReturningFalseStopsTheScanWithoutAFault) {
  int calls = 0;
  const ScanResult r =
      scan_journal(pristine_.path(), ScanOptions{}, [&](const BatchAt&) { return ++calls < 5; });
  EXPECT_FALSE(r.fault);
  EXPECT_EQ(calls, 5);
  EXPECT_EQ(r.batch_count, 5u);
  EXPECT_EQ(r.last_seq, batches_[4].last_seq);
  // A writer must not continue such a partial picture of the journal.
  EXPECT_THROW(SegmentWriter::open(pristine_.path(), r, {segment_bytes_max_, false}),
               std::invalid_argument);
}

TEST_F(JournalFiles, ReopenedWriterContinuesTheLastSegmentAndTheChain) {
  const std::string dir = copy();
  const ScanResult before = scan(dir);
  const std::string last_file = in(dir, batches_.back().file);
  const uint64_t last_size = fs::file_size(last_file);
  ASSERT_LT(last_size, segment_bytes_max_) << "the fixture's last segment should have room";
  const auto more = append_batches(dir, before, 1, kPerBatch, segment_bytes_max_);
  EXPECT_EQ(more[0].file, last_file);
  EXPECT_EQ(more[0].offset, last_size);
  const ScanResult after = scan(dir);
  ASSERT_FALSE(after.fault) << describe(after);
  EXPECT_FALSE(after.torn_tail);
  EXPECT_EQ(after.last_seq, before.last_seq + kPerBatch);
  EXPECT_EQ(after.head, more[0].hash);
}

TEST_F(JournalFiles, EveryTruncationOfTheLastBatchIsATornTailThatTheWriterRepairs) {
  const Written& last = batches_.back();
  const Written& before_last = batches_[batches_.size() - 2];
  ASSERT_GT(last.offset, 0u) << "the last batch should not start its segment";
  for (uint64_t cut = last.offset + 1; cut < last.offset + last.record.size(); ++cut) {
    SCOPED_TRACE("cut at byte " + std::to_string(cut));
    const std::string dir = copy();
    const std::string file = in(dir, last.file);
    fs::resize_file(file, cut);

    const ScanResult r = scan(dir);
    ASSERT_FALSE(r.fault) << describe(r);
    ASSERT_TRUE(r.torn_tail);
    EXPECT_EQ(r.torn_tail->file, file);
    EXPECT_EQ(r.torn_tail->offset, last.offset);
    EXPECT_EQ(r.torn_tail->bytes, cut - last.offset);
    EXPECT_EQ(r.last_seq, before_last.last_seq);
    EXPECT_EQ(r.head, before_last.hash);
    EXPECT_EQ(r.segments.back().valid_bytes, last.offset);

    // The writer cuts the tail off and the chain continues from the batch before it.
    const auto more = append_batches(dir, r, 2, 1, segment_bytes_max_);
    EXPECT_EQ(more[0].file, file);
    EXPECT_EQ(more[0].offset, last.offset);
    const ScanResult again = scan(dir);
    ASSERT_FALSE(again.fault) << describe(again);
    EXPECT_FALSE(again.torn_tail) << describe(again);
    EXPECT_EQ(again.last_seq, before_last.last_seq + 2);
    EXPECT_EQ(again.head, more[1].hash);
    fs::remove_all(dir);
  }
}

TEST_F(JournalFiles, ATornFirstBatchOfANewSegmentLeavesAnEmptySegmentToContinue) {
  // The last segment holds only its first batch, cut short.
  const std::string dir = copy();
  const auto all = segments();
  const std::vector<Written>& last_segment = all.back();
  const std::string file = in(dir, last_segment.front().file);
  fs::resize_file(file, last_segment.front().record.size() / 2);  // drops the later batches too

  const ScanResult r = scan(dir);
  ASSERT_FALSE(r.fault) << describe(r);
  ASSERT_TRUE(r.torn_tail);
  EXPECT_EQ(r.torn_tail->offset, 0u);
  EXPECT_EQ(r.last_seq, last_segment.front().first_seq - 1);
  const auto more = append_batches(dir, r, 1, kPerBatch, segment_bytes_max_);
  EXPECT_EQ(more[0].file, file);
  EXPECT_EQ(more[0].offset, 0u);
  const ScanResult again = scan(dir);
  ASSERT_FALSE(again.fault) << describe(again);
  EXPECT_FALSE(again.torn_tail);
  EXPECT_EQ(again.head, more[0].hash);
}

// The fields of a record as [offset, label]; the payload's first entry length
// and a byte inside the first entry stand for all entries.
std::vector<std::pair<uint64_t, std::string>> record_fields(const Written& w) {
  const uint64_t size = w.record.size();
  return {{0, "magic"},
          {4, "version"},
          {6, "flags"},
          {8, "payload_bytes"},
          {12, "command_count"},
          {16, "first_seq"},
          {24, "timestamp_ns"},
          {32, "prev_hash"},
          {64, "header_checksum"},
          {72, "entry length"},
          {72 + 4 + 5, "entry bytes"},
          {size - 40, "batch_hash"},
          {size - 8, "checksum"}};
}

TEST_F(JournalFiles, AFlippedBitInAnyFieldBeforeTheTailIsAFaultNamingFileAndOffset) {
  const auto all = segments();
  const std::vector<Written>& last_segment = all.back();
  ASSERT_GE(last_segment.size(), 3u) << "need a batch in the middle of the last segment";
  // The middle of the last segment, the middle and the end of an earlier one.
  const Written* targets[] = {&last_segment[1], &all[1][1], &all[1].back(), &all[0][0]};
  for (const Written* target : targets) {
    for (const auto& [field_offset, field] : record_fields(*target)) {
      for (int bit : {0, 7}) {
        SCOPED_TRACE(field + " bit " + std::to_string(bit) + " of the batch at sequence " +
                     std::to_string(target->first_seq));
        const std::string dir = copy();
        const std::string file = in(dir, target->file);
        flip_bit(file, target->offset + field_offset, bit);
        const ScanResult r = scan(dir);
        ASSERT_TRUE(r.fault) << describe(r);
        EXPECT_FALSE(r.torn_tail);
        EXPECT_EQ(r.fault->file, file);
        EXPECT_EQ(r.fault->offset, target->offset) << r.fault->to_string();
        EXPECT_NE(r.fault->to_string().find(file + " at byte " + std::to_string(target->offset)),
                  std::string::npos);
        EXPECT_THROW(SegmentWriter::open(dir, r, {segment_bytes_max_, false}),
                     std::invalid_argument);
        fs::remove_all(dir);
      }
    }
  }
}

TEST_F(JournalFiles, AFlippedBitInTheLastBatchIsATornTail) {
  const Written& last = batches_.back();
  for (const auto& [field_offset, field] : record_fields(last)) {
    SCOPED_TRACE(field);
    const std::string dir = copy();
    flip_bit(in(dir, last.file), last.offset + field_offset, 3);
    const ScanResult r = scan(dir);
    ASSERT_FALSE(r.fault) << describe(r);
    ASSERT_TRUE(r.torn_tail);
    EXPECT_EQ(r.torn_tail->offset, last.offset);
    EXPECT_EQ(r.torn_tail->bytes, last.record.size());
    EXPECT_EQ(r.head, batches_[batches_.size() - 2].hash);
    fs::remove_all(dir);
  }
}

TEST_F(JournalFiles, TwoSwappedRecordsAreAFault) {
  const auto all = segments();
  const std::vector<Written>& segment = all[1];
  const std::string dir = copy();
  const std::string file = in(dir, segment[0].file);
  std::vector<uint8_t> bytes = read_file(file);
  // Records 1 and 2 of the segment change places.
  std::vector<uint8_t> swapped(bytes.begin(), bytes.begin() + segment[1].offset);
  swapped.insert(swapped.end(), segment[2].record.begin(), segment[2].record.end());
  swapped.insert(swapped.end(), segment[1].record.begin(), segment[1].record.end());
  swapped.insert(swapped.end(), bytes.begin() + segment[2].offset + segment[2].record.size(),
                 bytes.end());
  ASSERT_EQ(swapped.size(), bytes.size());
  write_file(file, swapped);
  const ScanResult r = scan(dir);
  ASSERT_TRUE(r.fault) << describe(r);
  EXPECT_EQ(r.fault->file, file);
  EXPECT_EQ(r.fault->offset, segment[1].offset);
  EXPECT_NE(r.fault->what.find("sequence gap: expected " + std::to_string(segment[1].first_seq) +
                               ", found " + std::to_string(segment[2].first_seq)),
            std::string::npos)
      << r.fault->what;
}

TEST_F(JournalFiles, TwoSwappedRecordsInTheLastSegmentAreAFaultNotATornTail) {
  const std::vector<Written> segment = segments().back();
  ASSERT_GE(segment.size(), 2u);
  const size_t a = segment.size() - 2;
  const std::string dir = copy();
  const std::string file = in(dir, segment[a].file);
  std::vector<uint8_t> bytes = read_file(file);
  bytes.resize(segment[a].offset);
  bytes.insert(bytes.end(), segment[a + 1].record.begin(), segment[a + 1].record.end());
  bytes.insert(bytes.end(), segment[a].record.begin(), segment[a].record.end());
  write_file(file, bytes);
  const ScanResult r = scan(dir);
  ASSERT_TRUE(r.fault) << describe(r);
  EXPECT_EQ(r.fault->offset, segment[a].offset);
  EXPECT_FALSE(r.torn_tail);
}

TEST_F(JournalFiles, ASegmentDeletedInTheMiddleIsASequenceGap) {
  const auto all = segments();
  const std::string dir = copy();
  fs::remove(in(dir, all[1][0].file));
  const ScanResult r = scan(dir);
  ASSERT_TRUE(r.fault) << describe(r);
  EXPECT_EQ(r.fault->file, in(dir, all[2][0].file));
  EXPECT_EQ(r.fault->offset, 0u);
  EXPECT_NE(r.fault->what.find("sequence gap: expected " + std::to_string(all[1][0].first_seq)),
            std::string::npos)
      << r.fault->what;
}

// The reader alone cannot tell a deleted first segment from an archived one:
// both leave a journal that starts later and continues a chain it does not
// hold. It reports where the scanned part starts (first_seq) and which head
// it continues (start_prev_hash); recovery must find a snapshot at exactly
// that sequence number and head, or scan with the archive, and refuse
// otherwise.
TEST_F(JournalFiles, AMissingFirstSegmentStartsTheScanLaterWithTheHeadItContinues) {
  const auto all = segments();
  const std::string dir = copy();
  fs::remove(in(dir, all[0][0].file));
  const ScanResult r = scan(dir);
  ASSERT_FALSE(r.fault) << describe(r);
  EXPECT_FALSE(r.torn_tail);
  EXPECT_EQ(r.first_seq, all[1][0].first_seq);
  EXPECT_EQ(r.start_prev_hash, all[0].back().hash);
  EXPECT_EQ(r.last_seq, batches_.back().last_seq);
  EXPECT_EQ(r.batch_count, kBatches - all[0].size());
}

TEST_F(JournalFiles, ArchivedSegmentsAreReadWithIncludeArchive) {
  const auto all = segments();
  const std::string dir = copy();
  fs::create_directory(dir + "/archive");
  for (size_t s = 0; s < 2; ++s) {
    fs::rename(in(dir, all[s][0].file), dir + "/archive/" + segment_file_name(all[s][0].first_seq));
  }
  const ScanResult live_only = scan(dir);
  ASSERT_FALSE(live_only.fault) << describe(live_only);
  EXPECT_EQ(live_only.first_seq, all[2][0].first_seq);
  EXPECT_EQ(live_only.start_prev_hash, all[1].back().hash);

  const ScanResult everything = scan(dir, /*include_archive=*/true);
  ASSERT_FALSE(everything.fault) << describe(everything);
  EXPECT_EQ(everything.first_seq, 1u);
  EXPECT_EQ(everything.batch_count, kBatches);
  EXPECT_EQ(everything.head, batches_.back().hash);
  ASSERT_EQ(everything.segments.size(), all.size());
  EXPECT_TRUE(everything.segments[0].archived);
  EXPECT_TRUE(everything.segments[1].archived);
  EXPECT_FALSE(everything.segments[2].archived);
  EXPECT_EQ(everything.segments[0].path, dir + "/archive/" + segment_file_name(1));

  // The writer continues the live journal, never the archive.
  const auto more = append_batches(dir, everything, 1, 1, segment_bytes_max_);
  EXPECT_EQ(fs::path(more[0].file).parent_path(), fs::path(dir));
  EXPECT_FALSE(scan(dir, true).fault);
}

TEST_F(JournalFiles, ASegmentBothArchivedAndLiveIsAFault) {
  const auto all = segments();
  const std::string dir = copy();
  fs::create_directory(dir + "/archive");
  fs::copy_file(in(dir, all[0][0].file), dir + "/archive/" + segment_file_name(1));
  EXPECT_FALSE(scan(dir).fault) << "without the archive the copy is not looked at";
  const ScanResult r = scan(dir, true);
  ASSERT_TRUE(r.fault);
  EXPECT_EQ(r.fault->file, in(dir, all[0][0].file));
  EXPECT_NE(r.fault->what.find("archive"), std::string::npos);
}

TEST_F(JournalFiles, AnArchivedSegmentEndingInABrokenBatchIsAFault) {
  // Only the live journal's last segment may end in a torn tail.
  const auto all = segments();
  const std::string dir = copy();
  fs::create_directory(dir + "/archive");
  for (const auto& segment : all) {
    fs::rename(in(dir, segment[0].file),
               dir + "/archive/" + segment_file_name(segment[0].first_seq));
  }
  const std::string last = dir + "/archive/" + segment_file_name(all.back()[0].first_seq);
  fs::resize_file(last, fs::file_size(last) - 1);
  const ScanResult r = scan(dir, true);
  ASSERT_TRUE(r.fault) << describe(r);
  EXPECT_EQ(r.fault->file, last);
}

TEST_F(JournalFiles, GarbageOrZerosAfterTheLastBatchAreATornTail) {
  std::mt19937_64 random(7);
  std::vector<uint8_t> garbage(300);
  for (uint8_t& b : garbage) b = static_cast<uint8_t>(random());
  const std::vector<uint8_t> zeros(4096, 0);  // a crash after the file was extended
  const std::vector<uint8_t> short_zeros(5, 0);
  const std::vector<uint8_t>* tails[] = {&garbage, &zeros, &short_zeros};
  for (const std::vector<uint8_t>* tail : tails) {
    const std::string dir = copy();
    const std::string file = in(dir, batches_.back().file);
    const uint64_t end = fs::file_size(file);
    append_file(file, *tail);
    const ScanResult r = scan(dir);
    ASSERT_FALSE(r.fault) << describe(r);
    ASSERT_TRUE(r.torn_tail);
    EXPECT_EQ(r.torn_tail->offset, end);
    EXPECT_EQ(r.torn_tail->bytes, tail->size());
    EXPECT_EQ(r.head, batches_.back().hash);
    append_batches(dir, r, 1, 1, segment_bytes_max_);
    const ScanResult again = scan(dir);
    EXPECT_FALSE(again.fault || again.torn_tail) << describe(again);
  }
}

TEST_F(JournalFiles, ALastBatchOverwrittenWithZerosIsATornTail) {
  // The file's size reached the disk but the batch's data did not.
  const Written& last = batches_.back();
  const std::string dir = copy();
  const std::string file = in(dir, last.file);
  std::vector<uint8_t> bytes = read_file(file);
  std::fill(bytes.begin() + static_cast<long>(last.offset), bytes.end(), 0);
  write_file(file, bytes);
  const ScanResult r = scan(dir);
  ASSERT_FALSE(r.fault) << describe(r);
  ASSERT_TRUE(r.torn_tail);
  EXPECT_EQ(r.torn_tail->offset, last.offset);
}

TEST_F(JournalFiles, AValidLookingBatchAfterABrokenOneInTheLastSegmentIsAFault) {
  const Written& last = batches_.back();
  const std::string dir = copy();
  const std::string file = in(dir, last.file);
  flip_bit(file, last.offset + 100, 2);        // the last batch's payload
  append_file(file, batches_.front().record);  // a well-formed record after it
  const ScanResult r = scan(dir);
  ASSERT_TRUE(r.fault) << describe(r);
  EXPECT_FALSE(r.torn_tail);
  EXPECT_EQ(r.fault->file, file);
  EXPECT_EQ(r.fault->offset, last.offset);
  EXPECT_NE(r.fault->what.find("valid batch header follows at byte " +
                               std::to_string(last.offset + last.record.size())),
            std::string::npos)
      << r.fault->what;
}

TEST_F(JournalFiles, ACorruptHeaderWithAValidHeaderLaterInTheSegmentIsAFault) {
  // The header is unreadable, so its extent is unknown: the search for a later
  // header starts right after its first byte.
  const Written& last = batches_.back();
  const std::string dir = copy();
  const std::string file = in(dir, last.file);
  std::vector<uint8_t> bytes = read_file(file);
  std::fill(bytes.begin() + static_cast<long>(last.offset),
            bytes.begin() + static_cast<long>(last.offset) + 72, 0);
  write_file(file, bytes);
  append_file(file, batches_.front().record);
  const ScanResult r = scan(dir);
  ASSERT_TRUE(r.fault) << describe(r);
  EXPECT_EQ(r.fault->offset, last.offset);
}

TEST(JournalReader, AHeaderQuotedInsideABrokenLastBatchDoesNotMakeItCorruption) {
  // A participant's name may hold any bytes, even a copy of a valid batch
  // header; a torn last batch carrying one is still a torn tail.
  TempDir dir;
  const auto first = append_batches(dir.path(), ScanResult{}, 1, 1, 1 << 20);
  const std::string quoted(first[0].record.begin(), first[0].record.begin() + kBatchHeaderBytes);
  auto writer = SegmentWriter::open(dir.path(), scan(dir.path()), {1 << 20, false});
  BatchBuilder builder;
  builder.start(2, 0, first[0].hash);
  builder.add(
      Submission{Bic(), InstructionId(),
                 Command{0, AddParticipant{*Bic::parse("SMALDEFF"), quoted,
                                           ParticipantKind::kDirect, Bic(), CurrencyCode()}}});
  builder.finish();
  writer->append(builder.bytes(), 2);
  writer.reset();
  const std::string file = first[0].file;
  const uint64_t last_offset = first[0].record.size();
  flip_bit(file, fs::file_size(file) - 1, 0);  // the record checksum
  const ScanResult r = scan(dir.path());
  ASSERT_FALSE(r.fault) << describe(r);
  ASSERT_TRUE(r.torn_tail);
  EXPECT_EQ(r.torn_tail->offset, last_offset);
}

TEST_F(JournalFiles, ABrokenLastBatchOfAnEarlierSegmentIsAFault) {
  const auto all = segments();
  const std::string dir = copy();
  const std::string file = in(dir, all[0][0].file);
  fs::resize_file(file, fs::file_size(file) - 1);
  const ScanResult r = scan(dir);
  ASSERT_TRUE(r.fault) << describe(r);
  EXPECT_EQ(r.fault->file, file);
  EXPECT_EQ(r.fault->offset, all[0].back().offset);
}

TEST_F(JournalFiles, AnEmptySegmentBeforeTheLastIsAFault) {
  const auto all = segments();
  const std::string dir = copy();
  const std::string file = in(dir, all[1][0].file);
  fs::resize_file(file, 0);
  const ScanResult r = scan(dir);
  ASSERT_TRUE(r.fault) << describe(r);
  EXPECT_EQ(r.fault->file, file);
  EXPECT_NE(r.fault->what.find("empty"), std::string::npos) << r.fault->what;
}

TEST_F(JournalFiles, AnEmptyLastSegmentNamedForTheNextSequenceIsFineAndIsContinued) {
  // A crash right after the writer created a new segment.
  const std::string dir = copy();
  const uint64_t next = batches_.back().last_seq + 1;
  write_file(dir + "/" + segment_file_name(next), {});
  const ScanResult r = scan(dir);
  ASSERT_FALSE(r.fault || r.torn_tail) << describe(r);
  EXPECT_EQ(r.segments.back().valid_bytes, 0u);
  EXPECT_EQ(r.last_seq, next - 1);
  const auto more = append_batches(dir, r, 1, 1, segment_bytes_max_);
  EXPECT_EQ(more[0].file, dir + "/" + segment_file_name(next));
  EXPECT_EQ(more[0].offset, 0u);
  EXPECT_FALSE(scan(dir).fault);
}

TEST_F(JournalFiles, AnEmptyLastSegmentNamedForAnotherSequenceIsAFault) {
  const std::string dir = copy();
  const std::string file = dir + "/" + segment_file_name(batches_.back().last_seq + 5);
  write_file(file, {});
  const ScanResult r = scan(dir);
  ASSERT_TRUE(r.fault) << describe(r);
  EXPECT_EQ(r.fault->file, file);
  EXPECT_NE(r.fault->what.find("sequence gap"), std::string::npos) << r.fault->what;
}

TEST_F(JournalFiles, ASegmentNamedForAnotherSequenceThanItsFirstBatchIsAFault) {
  const auto all = segments();
  const std::string dir = copy();
  const std::string renamed = dir + "/" + segment_file_name(2);
  fs::rename(in(dir, all[0][0].file), renamed);
  const ScanResult r = scan(dir);
  ASSERT_TRUE(r.fault) << describe(r);
  EXPECT_EQ(r.fault->file, renamed);
  EXPECT_NE(r.fault->what.find("named for 2"), std::string::npos) << r.fault->what;
}

TEST_F(JournalFiles, OtherFilesAreIgnoredButAMisnumberedSegmentIsAFault) {
  const std::string dir = copy();
  write_file(dir + "/snapshot-00000000000000000010.snap", {1, 2, 3});
  write_file(dir + "/" + segment_file_name(999) + ".tmp", {1, 2, 3});
  write_file(dir + "/notes.txt", {});
  const ScanResult clean = scan(dir);
  EXPECT_FALSE(clean.fault || clean.torn_tail) << describe(clean);
  EXPECT_EQ(clean.batch_count, kBatches);

  for (const char* bad :
       {"journal-12.seg", "journal-0000000000000000001x.seg", "journal-00000000000000000000.seg",
        "journal-99999999999999999999.seg", "journal-000000000000000000001.seg"}) {
    SCOPED_TRACE(bad);
    const std::string misnamed = dir + "/" + bad;
    write_file(misnamed, {});
    const ScanResult r = scan(dir);
    ASSERT_TRUE(r.fault) << describe(r);
    EXPECT_EQ(r.fault->file, misnamed);
    fs::remove(misnamed);
  }
}

TEST_F(JournalFiles, WriterDoesNotOpenAJournalWithAFault) {
  const auto all = segments();
  const std::string dir = copy();
  fs::remove(in(dir, all[1][0].file));
  const ScanResult r = scan(dir);
  ASSERT_TRUE(r.fault);
  EXPECT_THROW(SegmentWriter::open(dir, r, {segment_bytes_max_, false}), std::invalid_argument);
}

TEST_F(JournalFiles, WriterDoesNotTruncateAFileThatChangedSinceTheScan) {
  const std::string dir = copy();
  const std::string file = in(dir, batches_.back().file);
  append_file(file, std::vector<uint8_t>(10, 0));
  const ScanResult r = scan(dir);
  ASSERT_TRUE(r.torn_tail);
  append_file(file, std::vector<uint8_t>(10, 0));
  EXPECT_THROW(SegmentWriter::open(dir, r, {segment_bytes_max_, false}), std::invalid_argument);
  EXPECT_EQ(fs::file_size(file), batches_.back().offset + batches_.back().record.size() + 20);
}

// Chains written wrongly on purpose, through the writer itself.
class BadChains : public ::testing::Test {
 protected:
  void append(uint64_t first_seq, uint32_t count, const Hash256& prev) {
    if (!writer_) writer_ = SegmentWriter::open(dir_.path(), ScanResult{}, {1 << 20, false});
    builder_for(first_seq, count, prev, &builder_);
    hashes_.push_back(builder_.finish());
    writer_->append(builder_.bytes(), first_seq);
  }
  TempDir dir_;
  std::unique_ptr<SegmentWriter> writer_;
  BatchBuilder builder_;
  std::vector<Hash256> hashes_;
};

TEST_F(BadChains, APrevHashThatIsNotThePreviousBatchHashIsAFault) {
  append(1, 2, Hash256{});
  append(3, 2, hashes_[0]);
  Hash256 wrong = hashes_[1];
  wrong[31] ^= 1;
  append(5, 2, wrong);
  append(7, 2, hashes_[2]);
  const ScanResult r = scan(dir_.path());
  ASSERT_TRUE(r.fault) << describe(r);
  EXPECT_NE(r.fault->what.find("hash chain broken"), std::string::npos) << r.fault->what;
  EXPECT_EQ(r.fault->offset, fs::file_size(writer_->current_path()) / 4 * 2)
      << "all four records have the same size";
  EXPECT_EQ(r.head, hashes_[1]);
}

TEST_F(BadChains, ABatchAtSequenceOneWithANonZeroPrevHashIsAFault) {
  Hash256 not_zero{};
  not_zero[0] = 1;
  append(1, 1, not_zero);
  append(2, 1, hashes_[0]);
  const ScanResult r = scan(dir_.path());
  ASSERT_TRUE(r.fault) << describe(r);
  EXPECT_EQ(r.fault->offset, 0u);
  EXPECT_NE(r.fault->what.find("hash chain broken"), std::string::npos) << r.fault->what;
}

TEST_F(BadChains, OverlappingSequenceNumbersAreAFault) {
  append(1, 3, Hash256{});
  append(3, 3, hashes_[0]);
  append(6, 1, hashes_[1]);
  const ScanResult r = scan(dir_.path());
  ASSERT_TRUE(r.fault) << describe(r);
  EXPECT_NE(r.fault->what.find("sequence overlap: expected 4, found 3"), std::string::npos)
      << r.fault->what;
}

TEST(SegmentWriter, SyncsOncePerBatchAndCreatesAMissingDirectory) {
  TempDir root;
  const std::string dir = root.sub("journal");
  auto writer = SegmentWriter::open(dir, ScanResult{}, {1 << 20, true});
  EXPECT_TRUE(fs::is_directory(dir));
  BatchBuilder builder;
  Hash256 prev{};
  for (uint64_t seq = 1; seq <= 5; ++seq) {
    builder_for(seq, 1, prev, &builder);
    prev = builder.finish();
    writer->append(builder.bytes(), seq);
  }
  EXPECT_EQ(writer->syncs(), 5u);
  EXPECT_EQ(writer->current_path(), dir + "/" + segment_file_name(1));
  EXPECT_EQ(writer->current_bytes(), fs::file_size(writer->current_path()));
  const ScanResult r = scan(dir);
  EXPECT_FALSE(r.fault || r.torn_tail) << describe(r);
  EXPECT_EQ(r.head, prev);
}

TEST(SegmentWriter, RejectsARecordWhoseSequenceNumberDisagrees) {
  TempDir dir;
  auto writer = SegmentWriter::open(dir.path(), ScanResult{}, {1 << 20, false});
  BatchBuilder builder;
  builder_for(1, 1, Hash256{}, &builder).finish();
  EXPECT_THROW(writer->append(builder.bytes(), 2), std::invalid_argument);
  EXPECT_THROW(writer->append(builder.bytes().first(10), 1), std::invalid_argument);
  writer->append(builder.bytes(), 1);
  EXPECT_FALSE(scan(dir.path()).fault);
}

TEST(SegmentWriter, AfterAFailedAppendEveryLaterAppendFails) {
  TempDir dir;
  auto writer = SegmentWriter::open(dir.path(), ScanResult{}, {1, false});  // one batch a segment
  BatchBuilder builder;
  builder_for(1, 1, Hash256{}, &builder);
  const Hash256 first = builder.finish();
  writer->append(builder.bytes(), 1);
  // The next segment's name is taken, so creating it fails.
  const std::string taken = dir.sub(segment_file_name(2));
  write_file(taken, {});
  builder_for(2, 1, first, &builder).finish();
  EXPECT_THROW(writer->append(builder.bytes(), 2), IoError);
  fs::remove(taken);
  try {
    writer->append(builder.bytes(), 2);
    ADD_FAILURE() << "an append after a failure succeeded";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("earlier"), std::string::npos) << error.what();
  }
}

TEST(SegmentWriter, IoErrorsNameThePathTheOperationAndTheErrno) {
  TempDir dir;
  const std::string missing_parent = dir.sub("no/such/journal");
  try {
    SegmentWriter::open(missing_parent, ScanResult{}, {1 << 20, false});
    ADD_FAILURE() << "opened a journal under a missing directory";
  } catch (const IoError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find(missing_parent), std::string::npos) << what;
    EXPECT_NE(what.find("mkdir"), std::string::npos) << what;
    EXPECT_NE(what.find("ENOENT"), std::string::npos) << what;
  }
  EXPECT_EQ(errno_text(ENOSPC), "ENOSPC (No space left on device)");
}

TEST(JournalReader, AMissingDirectoryIsAnEmptyJournal) {
  TempDir dir;
  const ScanResult r = scan(dir.sub("never-written"), true);
  EXPECT_FALSE(r.fault || r.torn_tail);
  EXPECT_EQ(r.batch_count, 0u);
  EXPECT_EQ(r.last_seq, 0u);
  EXPECT_EQ(r.head, Hash256{});
}

TEST(JournalReader, FaultTextNamesFileAndOffset) {
  const JournalFault fault{"/j/journal-00000000000000000001.seg", 144, "bad checksum"};
  EXPECT_EQ(fault.to_string(), "/j/journal-00000000000000000001.seg at byte 144: bad checksum");
}

}  // namespace
}  // namespace corridor::journal
