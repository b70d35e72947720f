// Batch records: the documented layout, round trips, and that every torn or
// damaged record is reported with the right status and never read out of bounds.
#include "journal/record_format.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace corridor::journal {
namespace {

using namespace corridor::core;

Bic bic(const char* text) {
  return *Bic::parse(text);
}

uint64_t le(const std::vector<uint8_t>& bytes, size_t at, size_t width) {
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i) value |= uint64_t{bytes[at + i]} << (8 * i);
  return value;
}

void put_le(std::vector<uint8_t>* bytes, size_t at, uint64_t value, size_t width) {
  for (size_t i = 0; i < width; ++i) (*bytes)[at + i] = static_cast<uint8_t>(value >> (8 * i));
}

std::vector<uint8_t> encoded(const Submission& s) {
  std::vector<uint8_t> out;
  encode_submission(s, &out);
  return out;
}

Submission payment(uint64_t n, const char* message_id) {
  SubmitPayment p;
  p.uetr = Uetr::from_bits(0x0123456789AB4DEFull + n, 0x8EDCBA9876543210ull ^ n);
  EXPECT_TRUE(p.instruction_id.assign("INSTR-" + std::to_string(n)));
  p.debtor_agent = bic("BANKDEFFXXX");
  p.creditor_agent = bic("BANKFRPP123");
  p.currency = *CurrencyCode::parse("EUR");
  p.amount_minor = 1000 + static_cast<int64_t>(n);
  p.priority = Priority::kUrgent;
  p.type = PaymentType::kFiCreditTransfer;
  Submission s{bic("BANKDEFF"), InstructionId(), Command{static_cast<TimestampNs>(n), p}};
  EXPECT_TRUE(s.message_id.assign(message_id));
  return s;
}

// Submissions of different shapes and lengths: with and without a sender and
// a message id, a long text field, and a command with no fields.
std::vector<Submission> various_submissions() {
  std::vector<Submission> out;
  out.push_back(payment(1, "MSG-0001"));
  out.push_back(payment(2, ""));
  out.push_back(Submission{Bic(), InstructionId(), Command{5, AdvanceTime{}}});
  out.push_back(
      Submission{Bic(), InstructionId(),
                 Command{6, AddParticipant{bic("SMALDEFF"), std::string(3000, 'n'),
                                           ParticipantKind::kDirect, Bic(), CurrencyCode()}}});
  out.push_back(payment(3, "12345678901234567890123456789012345"));  // 35 characters
  out.push_back(Submission{bic("ECBXDEFF"), InstructionId(), Command{7, EndOfDay{20261130}}});
  return out;
}

Hash256 some_hash(uint8_t seed) {
  Hash256 h{};
  for (size_t i = 0; i < h.size(); ++i) h[i] = static_cast<uint8_t>(seed + 7 * i);
  return h;
}

struct Built {
  std::vector<uint8_t> record;
  Hash256 hash;
};

Built build(const std::vector<Submission>& submissions, uint64_t first_seq = 41,
            int64_t timestamp_ns = 1'767'225'600'000'000'123, Hash256 prev = some_hash(3)) {
  BatchBuilder builder;
  builder.start(first_seq, timestamp_ns, prev);
  for (const Submission& s : submissions) builder.add(s);
  const Hash256 hash = builder.finish();
  return {std::vector<uint8_t>(builder.bytes().begin(), builder.bytes().end()), hash};
}

// Recomputes the header checksum, and optionally the batch hash, and then the
// record checksum, as a forger (or a writer bug) would: the checks behind the
// checksums must still hold.
void reseal(std::vector<uint8_t>* record, bool rehash) {
  std::vector<uint8_t>& r = *record;
  put_le(&r, 64, checksum64({r.data(), 64}), 8);
  const size_t hashed = r.size() - kBatchTrailerBytes;
  if (rehash) {
    const Hash256 h = sha256({r.data(), hashed});
    std::memcpy(r.data() + hashed, h.data(), h.size());
  }
  put_le(&r, r.size() - 8, checksum64({r.data(), r.size() - 8}), 8);
}

TEST(RecordFormat, BatchRoundTripsEverySubmissionToTheSameBytes) {
  const std::vector<Submission> submissions = various_submissions();
  const Built built = build(submissions, 41, 99, some_hash(3));
  const ParseResult parsed = parse_batch(built.record, true);
  ASSERT_EQ(parsed.status, ParseStatus::kOk) << parsed.what;
  const BatchView& view = parsed.view;
  EXPECT_EQ(view.header.first_seq, 41u);
  EXPECT_EQ(view.header.command_count, submissions.size());
  EXPECT_EQ(view.header.last_seq(), 41u + submissions.size() - 1);
  EXPECT_EQ(view.header.timestamp_ns, 99);
  EXPECT_EQ(view.header.prev_hash, some_hash(3));
  EXPECT_EQ(view.batch_hash, built.hash);
  EXPECT_EQ(view.record_bytes, built.record.size());

  size_t seen = 0;
  for_each_entry(view, [&](uint32_t index, std::span<const uint8_t> entry) {
    ASSERT_LT(index, submissions.size());
    EXPECT_EQ(index, seen);
    ++seen;
    const std::vector<uint8_t> original = encoded(submissions[index]);
    EXPECT_EQ(std::vector<uint8_t>(entry.begin(), entry.end()), original);
    auto decoded = decode_submission(entry);
    ASSERT_TRUE(std::holds_alternative<Submission>(decoded)) << std::get<DecodeError>(decoded).what;
    EXPECT_EQ(encoded(std::get<Submission>(decoded)), original);
  });
  EXPECT_EQ(seen, submissions.size());
}

TEST(RecordFormat, HeaderPayloadAndTrailerSitAtTheDocumentedOffsets) {
  const std::vector<Submission> submissions = {payment(1, "A"), payment(2, "BB")};
  const Hash256 prev = some_hash(9);
  const Built built = build(submissions, 0x0102030405060708ull, -5, prev);
  const std::vector<uint8_t>& r = built.record;
  const std::vector<uint8_t> e0 = encoded(submissions[0]);
  const std::vector<uint8_t> e1 = encoded(submissions[1]);
  const size_t payload = 4 + e0.size() + 4 + e1.size();
  ASSERT_EQ(r.size(), 72 + payload + 40);

  EXPECT_EQ(std::string(r.begin(), r.begin() + 4), "CRJB");
  EXPECT_EQ(le(r, 4, 2), 1u);
  EXPECT_EQ(le(r, 6, 2), 0u);
  EXPECT_EQ(le(r, 8, 4), payload);
  EXPECT_EQ(le(r, 12, 4), 2u);
  EXPECT_EQ(le(r, 16, 8), 0x0102030405060708ull);
  EXPECT_EQ(static_cast<int64_t>(le(r, 24, 8)), -5);
  EXPECT_TRUE(std::equal(prev.begin(), prev.end(), r.begin() + 32));
  EXPECT_EQ(le(r, 64, 8), checksum64({r.data(), 64}));

  EXPECT_EQ(le(r, 72, 4), e0.size());
  EXPECT_TRUE(std::equal(e0.begin(), e0.end(), r.begin() + 76));
  EXPECT_EQ(le(r, 76 + e0.size(), 4), e1.size());
  EXPECT_TRUE(std::equal(e1.begin(), e1.end(), r.begin() + 80 + e0.size()));

  const size_t trailer = 72 + payload;
  const Hash256 expected_hash = sha256({r.data(), trailer});
  EXPECT_EQ(built.hash, expected_hash);
  EXPECT_TRUE(std::equal(expected_hash.begin(), expected_hash.end(), r.begin() + trailer));
  EXPECT_EQ(le(r, trailer + 32, 8), checksum64({r.data(), trailer + 32}));
}

TEST(RecordFormat, PayloadBytesIsCurrentWhileBuildingAndAfterFinish) {
  BatchBuilder builder;
  EXPECT_EQ(builder.payload_bytes(), 0u);
  builder.start(1, 0, Hash256{});
  EXPECT_EQ(builder.payload_bytes(), 0u);
  builder.add(payment(1, "X"));
  const size_t one = 4 + encoded(payment(1, "X")).size();
  EXPECT_EQ(builder.payload_bytes(), one);
  builder.add(payment(2, "Y"));
  const size_t two = one + 4 + encoded(payment(2, "Y")).size();
  EXPECT_EQ(builder.payload_bytes(), two);
  EXPECT_EQ(builder.command_count(), 2u);
  builder.finish();
  EXPECT_EQ(builder.payload_bytes(), two);
  EXPECT_EQ(builder.bytes().size(), 72 + two + 40);
}

TEST(RecordFormat, ABuilderReusedForTheNextBatchChainsIt) {
  BatchBuilder builder;
  builder.start(1, 10, Hash256{});
  builder.add(payment(1, "first"));
  builder.add(payment(2, "second"));
  const Hash256 first_hash = builder.finish();
  builder.start(3, 20, first_hash);
  builder.add(payment(3, "third"));
  const Hash256 second_hash = builder.finish();
  const ParseResult parsed = parse_batch(builder.bytes(), true);
  ASSERT_EQ(parsed.status, ParseStatus::kOk) << parsed.what;
  EXPECT_EQ(parsed.view.header.first_seq, 3u);
  EXPECT_EQ(parsed.view.header.command_count, 1u);
  EXPECT_EQ(parsed.view.header.prev_hash, first_hash);
  EXPECT_EQ(parsed.view.batch_hash, second_hash);
  EXPECT_EQ(builder.bytes().size(), 72 + 4 + encoded(payment(3, "third")).size() + 40);
}

TEST(RecordFormat, ParseReadsOneRecordAndIgnoresWhatFollows) {
  const Built built = build({payment(1, "A")});
  std::vector<uint8_t> bytes = built.record;
  bytes.insert(bytes.end(), 100, 0xEE);
  const ParseResult parsed = parse_batch(bytes, true);
  ASSERT_EQ(parsed.status, ParseStatus::kOk) << parsed.what;
  EXPECT_EQ(parsed.view.record_bytes, built.record.size());
}

TEST(RecordFormat, EveryTruncationIsReportedAsTruncated) {
  const Built built = build(various_submissions());
  for (size_t length = 0; length < built.record.size(); ++length) {
    // An exact-size copy, so that any read past the end trips AddressSanitizer.
    const std::vector<uint8_t> cut(built.record.begin(), built.record.begin() + length);
    const ParseResult parsed = parse_batch(cut, true);
    EXPECT_EQ(parsed.status, ParseStatus::kTruncated) << "length " << length;
    EXPECT_FALSE(parsed.what.empty());
  }
}

// Which check a flipped bit at `offset` must trip, by the field it lands in.
struct Expected {
  const char* field;
  ParseStatus status;
  const char* what;
};

Expected expected_for(size_t offset, size_t record_bytes) {
  if (offset < 4) return {"magic", ParseStatus::kBadHeader, "bad magic"};
  if (offset < 6) return {"version", ParseStatus::kBadHeader, "unsupported format version"};
  if (offset < 8) return {"flags", ParseStatus::kBadHeader, "unknown flags"};
  if (offset < 12) return {"payload_bytes", ParseStatus::kBadHeader, "header checksum"};
  if (offset < 16) return {"command_count", ParseStatus::kBadHeader, "header checksum"};
  if (offset < 24) return {"first_seq", ParseStatus::kBadHeader, "header checksum"};
  if (offset < 32) return {"timestamp_ns", ParseStatus::kBadHeader, "header checksum"};
  if (offset < 64) return {"prev_hash", ParseStatus::kBadHeader, "header checksum"};
  if (offset < 72) return {"header_checksum", ParseStatus::kBadHeader, "header checksum"};
  if (offset < record_bytes - 40) return {"payload", ParseStatus::kBadChecksum, "record checksum"};
  if (offset < record_bytes - 8)
    return {"batch_hash", ParseStatus::kBadChecksum, "record checksum"};
  return {"checksum", ParseStatus::kBadChecksum, "record checksum"};
}

TEST(RecordFormat, AFlippedBitAnywhereIsCaughtByTheCheckGuardingItsField) {
  const Built built = build({payment(1, "MSG"), payment(2, "")});
  std::set<std::string> fields;
  for (size_t offset = 0; offset < built.record.size(); ++offset) {
    const Expected expected = expected_for(offset, built.record.size());
    fields.insert(expected.field);
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<uint8_t> damaged = built.record;
      damaged[offset] ^= static_cast<uint8_t>(1u << bit);
      const ParseResult parsed = parse_batch(damaged, true);
      if (offset == 6 && bit == 0) {  // the attachments flag: a known flag, a changed header
        EXPECT_EQ(parsed.status, ParseStatus::kBadHeader);
        EXPECT_NE(parsed.what.find("header checksum"), std::string::npos) << parsed.what;
        continue;
      }
      EXPECT_EQ(parsed.status, expected.status)
          << expected.field << " byte " << offset << " bit " << bit << ": " << parsed.what;
      EXPECT_NE(parsed.what.find(expected.what), std::string::npos)
          << expected.field << " byte " << offset << " bit " << bit << ": " << parsed.what;
    }
  }
  EXPECT_EQ(fields.size(), 12u);  // every field of the layout was hit
}

TEST(RecordFormat, AFlippedBitInAnEntryLengthOrEntryBytesFailsTheRecordChecksum) {
  const Built built = build({payment(1, "MSG"), payment(2, "")});
  const size_t second_length_at = 72 + 4 + le(built.record, 72, 4);
  for (size_t offset :
       {size_t{72}, size_t{73}, size_t{76}, second_length_at, second_length_at + 9}) {
    std::vector<uint8_t> damaged = built.record;
    damaged[offset] ^= 0x10;
    EXPECT_EQ(parse_batch(damaged, true).status, ParseStatus::kBadChecksum) << offset;
  }
}

TEST(RecordFormat, ABatchHashThatDoesNotMatchIsBadHashEvenUnderAValidChecksum) {
  Built built = build({payment(1, "MSG")});
  built.record[built.record.size() - 40] ^= 1;  // first byte of batch_hash
  reseal(&built.record, /*rehash=*/false);
  const ParseResult checked = parse_batch(built.record, true);
  EXPECT_EQ(checked.status, ParseStatus::kBadHash) << checked.what;
  // Without verify_hash only the checksums are checked, and they hold.
  EXPECT_EQ(parse_batch(built.record, false).status, ParseStatus::kOk);
}

// A u32 written over a record's field, with the checksums and hash made to match.
struct U32Forgery {
  const char* name;
  size_t at;
  uint64_t value;
};

// Each forgery must be caught by the payload walk, not by a checksum.
void expect_forgeries_bad_payload(const std::vector<uint8_t>& record,
                                  std::span<const U32Forgery> forgeries) {
  for (const U32Forgery& c : forgeries) {
    std::vector<uint8_t> forged = record;
    put_le(&forged, c.at, c.value, 4);
    reseal(&forged, /*rehash=*/true);
    const ParseResult parsed = parse_batch(forged, true);
    EXPECT_EQ(parsed.status, ParseStatus::kBadPayload) << c.name << ": " << parsed.what;
  }
}

TEST(RecordFormat, EntryLengthsThatDoNotWalkToThePayloadEndAreBadPayload) {
  const Built built = build({payment(1, "MSG"), payment(2, "")});
  const uint64_t first_length = le(built.record, 72, 4);
  const size_t second_length_at = 72 + 4 + first_length;
  const U32Forgery cases[] = {
      {"first entry one byte longer", 72, first_length + 1},
      {"first entry one byte shorter", 72, first_length - 1},
      {"first entry past the payload", 72, 0xFFFFF},
      {"first entry over kEntryBytesMax", 72, uint64_t{kEntryBytesMax} + 1},
      {"second entry leaves bytes over", second_length_at,
       le(built.record, second_length_at, 4) - 1},
      {"length field cut by the payload end", 72, le(built.record, 8, 4) - 4 - 2},
  };
  expect_forgeries_bad_payload(built.record, cases);
}

TEST(RecordFormat, ImpossibleHeaderValuesAreBadHeaderEvenUnderAValidHeaderChecksum) {
  const Built built = build({payment(1, "MSG"), payment(2, "")});
  struct Case {
    const char* name;
    size_t at;
    size_t width;
    uint64_t value;
  };
  const Case cases[] = {
      {"payload over the maximum", 8, 4, uint64_t{kBatchPayloadBytesMax} + 1},
      {"no commands", 12, 4, 0},
      {"more commands than length fields fit", 12, 4, le(built.record, 8, 4) / 4 + 1},
      {"first_seq 0", 16, 8, 0},
      {"last sequence number overflows", 16, 8, ~uint64_t{0}},
  };
  for (const Case& c : cases) {
    std::vector<uint8_t> forged = built.record;
    put_le(&forged, c.at, c.value, c.width);
    reseal(&forged, /*rehash=*/true);
    const ParseResult parsed = parse_batch(forged, true);
    EXPECT_EQ(parsed.status, ParseStatus::kBadHeader) << c.name << ": " << parsed.what;
    EXPECT_EQ(parsed.what.find("checksum"), std::string::npos) << c.name << ": " << parsed.what;
  }
}

TEST(RecordFormat, RandomDamageIsNeverAcceptedAndNeverReadsOutOfBounds) {
  const Built built = build(various_submissions());
  std::mt19937_64 random(20261130);
  for (int round = 0; round < 2000; ++round) {
    std::vector<uint8_t> damaged = built.record;
    const int changes = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < changes; ++i) {
      damaged[random() % damaged.size()] ^= static_cast<uint8_t>(1 + random() % 255);
    }
    damaged.resize(random() % (damaged.size() + 1));
    if (damaged.size() == built.record.size() && damaged == built.record) continue;
    EXPECT_NE(parse_batch(damaged, true).status, ParseStatus::kOk) << "round " << round;
  }
  for (int round = 0; round < 2000; ++round) {
    std::vector<uint8_t> noise(random() % 400);
    for (uint8_t& b : noise) b = static_cast<uint8_t>(random());
    if (noise.size() >= 4 && round % 2 == 0) std::memcpy(noise.data(), "CRJB", 4);
    EXPECT_NE(parse_batch(noise, true).status, ParseStatus::kOk) << "round " << round;
  }
}

Submission with_attachment(Submission s, std::string bytes) {
  s.attachment = std::make_shared<const std::string>(std::move(bytes));
  return s;
}

// Entries 0 and 2 of three carry attachments.
Built build_with_attachments() {
  return build({with_attachment(payment(1, "MSG"), "<first message/>"), payment(2, ""),
                with_attachment(payment(3, "M3"), std::string(1000, 'z'))});
}

TEST(RecordFormat, AttachmentsFollowTheEntriesAndAreFoundWhereTheBuilderSaid) {
  BatchBuilder builder;
  builder.start(41, 7, some_hash(1));
  const std::vector<Submission> submissions{
      with_attachment(payment(1, "MSG"), "<first message/>"), payment(2, ""),
      with_attachment(payment(3, "M3"), std::string(1000, 'z'))};
  for (const Submission& s : submissions) builder.add(s);
  builder.finish();
  const std::vector<uint8_t> record(builder.bytes().begin(), builder.bytes().end());
  EXPECT_EQ(le(record, 6, 2), kFlagAttachments);
  const ParseResult parsed = parse_batch(record, true);
  ASSERT_EQ(parsed.status, ParseStatus::kOk) << parsed.what;
  EXPECT_EQ(parsed.view.attachment_count, 2u);
  // The entries decode as without attachments (they are not part of a submission).
  std::vector<std::vector<uint8_t>> entries;
  for_each_entry(parsed.view, [&](uint32_t, std::span<const uint8_t> bytes) {
    entries.emplace_back(bytes.begin(), bytes.end());
  });
  ASSERT_EQ(entries.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(entries[i], encoded(submissions[i]));
  std::vector<std::pair<uint32_t, std::string>> seen;
  std::vector<size_t> offsets;
  for_each_attachment(parsed.view,
                      [&](uint32_t index, std::span<const uint8_t> bytes, size_t offset) {
                        seen.emplace_back(index, std::string(bytes.begin(), bytes.end()));
                        offsets.push_back(offset);
                      });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], (std::pair<uint32_t, std::string>{0, "<first message/>"}));
  EXPECT_EQ(seen[1], (std::pair<uint32_t, std::string>{2, std::string(1000, 'z')}));
  const auto at = builder.attachments();
  ASSERT_EQ(at.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(at[i].index, seen[i].first);
    EXPECT_EQ(at[i].offset, offsets[i]);
    EXPECT_EQ(at[i].bytes, seen[i].second.size());
    EXPECT_EQ(
        std::string(record.begin() + at[i].offset, record.begin() + at[i].offset + at[i].bytes),
        seen[i].second);
  }
}

TEST(RecordFormat, ABatchWithoutAttachmentsKeepsFlagsZero) {
  const Built built = build({payment(1, "MSG")});
  EXPECT_EQ(le(built.record, 6, 2), 0u);
  const ParseResult parsed = parse_batch(built.record, true);
  ASSERT_EQ(parsed.status, ParseStatus::kOk);
  EXPECT_EQ(parsed.view.attachment_count, 0u);
}

TEST(RecordFormat, AttachmentsThatDoNotWalkToThePayloadEndOrNameNoEntryAreBadPayload) {
  const Built built = build_with_attachments();
  const ParseResult good = parse_batch(built.record, true);
  ASSERT_EQ(good.status, ParseStatus::kOk);
  const size_t count_at = kBatchHeaderBytes + good.view.entries_bytes;
  const size_t first_at = count_at + 4;  // index, length, bytes
  const uint64_t first_length = le(built.record, first_at + 4, 4);
  const size_t second_at = first_at + 8 + first_length;
  const U32Forgery cases[] = {
      {"no attachments counted", count_at, 0},
      {"one attachment more than there are", count_at, 3},
      {"first attachment one byte longer", first_at + 4, first_length + 1},
      {"first attachment one byte shorter", first_at + 4, first_length - 1},
      {"first attachment over kAttachmentBytesMax", first_at + 4,
       uint64_t{kAttachmentBytesMax} + 1},
      {"second attachment for the same entry", second_at, 0},
      {"attachment for an entry past command_count", second_at, 3},
  };
  expect_forgeries_bad_payload(built.record, cases);
  // The flag cleared: the attachments are bytes left over after the entries.
  std::vector<uint8_t> unflagged = built.record;
  put_le(&unflagged, 6, 0, 2);
  reseal(&unflagged, true);
  EXPECT_EQ(parse_batch(unflagged, true).status, ParseStatus::kBadPayload);
  // Another flag bit: a format this reader does not know.
  std::vector<uint8_t> unknown = built.record;
  put_le(&unknown, 6, kFlagAttachments | 2, 2);
  reseal(&unknown, true);
  EXPECT_EQ(parse_batch(unknown, true).status, ParseStatus::kBadHeader);
}

TEST(RecordFormat, RandomDamageToABatchWithAttachmentsIsNeverAccepted) {
  const Built built = build_with_attachments();
  std::mt19937_64 random(20261127);
  for (int round = 0; round < 2000; ++round) {
    std::vector<uint8_t> damaged = built.record;
    damaged[random() % damaged.size()] ^= static_cast<uint8_t>(1 + random() % 255);
    EXPECT_NE(parse_batch(damaged, true).status, ParseStatus::kOk) << "round " << round;
  }
}

TEST(RecordFormat, BuilderRefusesAnAttachmentOverTheMaximum) {
  BatchBuilder builder;
  builder.start(1, 0, Hash256{});
  EXPECT_THROW(
      builder.add(with_attachment(payment(1, "M"), std::string(kAttachmentBytesMax + 1, 'x'))),
      std::length_error);
  builder.add(payment(2, "M"));  // the batch is as it was
  builder.finish();
  EXPECT_EQ(parse_batch(builder.bytes(), true).view.header.command_count, 1u);
}

TEST(RecordFormat, BuilderRejectsAnOversizedEntryAndKeepsTheBatchAsItWas) {
  BatchBuilder builder;
  builder.start(7, 0, Hash256{});
  builder.add(payment(1, "kept"));
  const size_t before = builder.payload_bytes();
  Submission huge{Bic(), InstructionId(),
                  Command{0, AddParticipant{bic("SMALDEFF"), std::string(kEntryBytesMax, 'n'),
                                            ParticipantKind::kDirect, Bic(), CurrencyCode()}}};
  EXPECT_THROW(builder.add(huge), std::length_error);
  EXPECT_EQ(builder.payload_bytes(), before);
  EXPECT_EQ(builder.command_count(), 1u);
  builder.finish();
  const ParseResult parsed = parse_batch(builder.bytes(), true);
  ASSERT_EQ(parsed.status, ParseStatus::kOk) << parsed.what;
  EXPECT_EQ(parsed.view.header.command_count, 1u);
}

TEST(RecordFormat, BuilderRefusesBatchesAReaderWouldReject) {
  BatchBuilder builder;
  EXPECT_THROW(builder.start(0, 0, Hash256{}), std::invalid_argument);
  EXPECT_THROW(builder.add(payment(1, "")), std::logic_error);  // not started
  builder.start(1, 0, Hash256{});
  EXPECT_THROW(builder.finish(), std::logic_error);  // empty batch
  builder.start(~uint64_t{0}, 0, Hash256{});
  builder.add(payment(1, ""));  // the last representable sequence number
  EXPECT_THROW(builder.add(payment(2, "")), std::length_error);
  builder.finish();
  EXPECT_EQ(parse_batch(builder.bytes(), true).status, ParseStatus::kOk);
  EXPECT_THROW(builder.add(payment(3, "")), std::logic_error);  // after finish
}

TEST(RecordFormat, EveryParseStatusHasItsOwnName) {
  std::set<std::string> names;
  for (ParseStatus s :
       {ParseStatus::kOk, ParseStatus::kTruncated, ParseStatus::kBadHeader,
        ParseStatus::kBadChecksum, ParseStatus::kBadHash, ParseStatus::kBadPayload}) {
    names.insert(to_string(s));
  }
  EXPECT_EQ(names.size(), 6u);
  EXPECT_STREQ(to_string(ParseStatus::kTruncated), "truncated");
}

}  // namespace
}  // namespace corridor::journal
