// Hostile input: each is rejected cleanly, quickly and without expansion.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "input_test_util.h"
#include "iso20022/mapping.h"
#include "iso20022/parse.h"
#include "iso20022/xml_input.h"

namespace corridor::iso20022 {
namespace {

using testing::data_file;
using testing::describe;
using testing::has_problem;

// Every hostile input must be refused as a whole: no transactions, nothing to map.
void expect_rejected(const Message& message, const std::string& code, const std::string& text) {
  EXPECT_FALSE(message.ok());
  EXPECT_TRUE(message.transactions.empty());
  EXPECT_TRUE(map_to_commands(message).payments.empty());
  ASSERT_FALSE(message.problems.empty());
  EXPECT_EQ(message.problems[0].code, code) << describe(message.problems);
  EXPECT_NE(message.problems[0].text.find(text), std::string::npos) << describe(message.problems);
}

TEST(HostileInput, BillionLaughsIsRefusedForItsDoctype) {
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
  xml += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i) {
    xml += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) xml += "&lol" + std::to_string(i - 1) + ";";
    xml += "\">\n";
  }
  xml += "]>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\">&lol9;</Document>";
  const Message message = parse_message(xml);
  expect_rejected(message, "FF01", "DOCTYPE");
  EXPECT_TRUE(message.problems[0].structural);
}

TEST(HostileInput, ExternalEntityIsRefusedAndNeverRead) {
  const std::string xml =
      "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\"><FIToFICstmrCdtTrf>"
      "<GrpHdr><MsgId>&xxe;</MsgId></GrpHdr></FIToFICstmrCdtTrf></Document>";
  const Message message = parse_message(xml);
  expect_rejected(message, "FF01", "DOCTYPE");
  EXPECT_EQ(message.group.message_id.find("root:"), std::string::npos);
}

TEST(HostileInput, A100MegabyteMessageIsRefusedBySizeBeforeParsing) {
  std::string xml = data_file("pacs008_two_transactions.xml");
  // Made unparseable at the start: only a size check before parsing can name the size.
  xml.insert(0, "<<<");
  xml.resize(100u << 20, ' ');
  const auto start = std::chrono::steady_clock::now();
  const Message message = parse_message(xml);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  expect_rejected(message, "FF01", "exceeds the limit");
  EXPECT_LT(elapsed, std::chrono::seconds(1));
}

TEST(HostileInput, TenThousandDeepNestingIsRefusedByDepth) {
  std::string xml;
  for (int i = 0; i < 10'000; ++i) xml += "<a>";
  for (int i = 0; i < 10'000; ++i) xml += "</a>";
  const Message message = parse_message(xml);
  expect_rejected(message, "FF01", "nested deeper than 64");
}

TEST(HostileInput, AMillionDeepNestingWithinTheSizeLimitIsRefusedWithoutRecursion) {
  // 8.4 MB: under the size limit, so parsing and the depth walk must both
  // cope without a stack frame per level.
  std::string xml;
  xml.reserve(8'400'000);
  for (int i = 0; i < 1'200'000; ++i) xml += "<a>";
  for (int i = 0; i < 1'200'000; ++i) xml += "</a>";
  expect_rejected(parse_message(xml), "FF01", "nested deeper than 64");
}

// `count` nested <x> elements.
std::string nested(int count) {
  std::string xml;
  for (int i = 0; i < count; ++i) xml += "<x>";
  for (int i = 0; i < count; ++i) xml += "</x>";
  return xml;
}

// The pacs parser checks depth in the walk that reads the message: deep
// nesting is refused wherever it hides, in an element read for its text, in
// one only scanned, or outside the Document.
TEST(HostileInput, DeepNestingAnywhereInAPaymentIsRefusedByDepth) {
  const std::string base = data_file("pacs008_two_transactions.xml");
  struct Place {
    const char* after;    // the deep element goes right after this text
    const char* wrapper;  // an element around it, or ""
  };
  const Place places[] = {
      {"<InstrId>I-1", ""},               // inside a text the parser reads
      {"<Nm>Alice", ""},                  // inside a party's name
      {"<ChrgBr>SHAR</ChrgBr>", "Purp"},  // in an element only scanned
      {"<MsgId>MSG-1", ""},               // in the group header
      {"</Document>", "Trailer"},         // outside the Document
  };
  for (const Place& place : places) {
    const std::string wrapper = place.wrapper;
    const std::string deep =
        wrapper.empty() ? nested(100) : "<" + wrapper + ">" + nested(100) + "</" + wrapper + ">";
    std::string xml = base;
    xml.insert(xml.find(place.after) + std::string(place.after).size(), deep);
    SCOPED_TRACE(place.after);
    expect_rejected(parse_message(xml), "FF01", "nested deeper than 64");
  }
}

TEST(HostileInput, NestingJustWithinTheLimitInsideATransactionIsAccepted) {
  const std::string base = data_file("pacs008_two_transactions.xml");
  // CdtTrfTxInf is at depth 4 (BusinessMessage, Document, FIToFICstmrCdtTrf).
  const Message within = parse_message(
      testing::replaced(base, "<ChrgBr>SHAR</ChrgBr>", "<ChrgBr>SHAR</ChrgBr>" + nested(60)));
  EXPECT_FALSE(has_problem(within, "FF01")) << describe(within.problems);
  const Message beyond = parse_message(
      testing::replaced(base, "<ChrgBr>SHAR</ChrgBr>", "<ChrgBr>SHAR</ChrgBr>" + nested(61)));
  expect_rejected(beyond, "FF01", "nested deeper than 64");
}

TEST(HostileInput, DepthLimitIsConfigurable) {
  const std::string xml = data_file("pacs008_two_transactions.xml");
  ASSERT_TRUE(parse_message(xml).ok());
  Limits shallow;
  shallow.element_depth_max = 4;
  expect_rejected(parse_message(xml, shallow), "FF01", "nested deeper than 4");
}

TEST(HostileInput, InvalidUtf8IsRefusedWithItsOffset) {
  const std::string base = data_file("pacs008_two_transactions.xml");
  const size_t name_at = base.find("Alice");
  const std::string bad_sequences[] = {
      "\xC0\xBC",          // overlong '<'
      "\xE0\x80\xBC",      // overlong '<' in three bytes
      "\xED\xA0\x80",      // a UTF-16 surrogate
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\x80",              // a stray continuation byte
      "\xE2\x82",          // truncated
      "\xFF",
  };
  for (const std::string& bad : bad_sequences) {
    std::string xml = base;
    xml.insert(name_at, bad);
    expect_rejected(parse_message(xml), "FF01",
                    "invalid UTF-8 at byte offset " + std::to_string(name_at));
  }
  EXPECT_FALSE(first_invalid_utf8("Zürich €  𝄞"));  // 2-, 3- and 4-byte forms are fine
}

TEST(HostileInput, AHundredThousandTransactionsAreRefusedBeforeAnyIsRead) {
  std::string xml =
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\"><FIToFICstmrCdtTrf>"
      "<GrpHdr><MsgId>M</MsgId><CreDtTm>2026-11-27T10:00:00Z</CreDtTm><NbOfTxs>100000</NbOfTxs>"
      "<SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf></GrpHdr>";
  for (int i = 0; i < 100'000; ++i) xml += "<CdtTrfTxInf/>";
  xml += "</FIToFICstmrCdtTrf></Document>";
  const auto start = std::chrono::steady_clock::now();
  const Message message = parse_message(xml);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  expect_rejected(message, "AM18", "100000 transactions exceed the limit of 10000");
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(HostileInput, NotWellFormedXmlIsRefusedWithItsByteOffset) {
  const Message message = parse_message("<Document><GrpHdr></Document>");
  expect_rejected(message, "FF01", "not well-formed XML at byte offset");
}

TEST(HostileInput, DocumentsCorridorDoesNotAcceptAsInputAreRefused) {
  expect_rejected(parse_message("<Envelope><Other/></Envelope>"), "FF01", "no Document");
  expect_rejected(parse_message("<Document xmlns=\"urn:example\"/>"), "FF01",
                  "unknown message namespace");
  expect_rejected(
      parse_message("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"/>"), "FF01",
      "not a message Corridor accepts as input");
}

TEST(HostileInput, AMessageWrongEverywhereReportsABoundedNumberOfProblems) {
  std::string xml =
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\"><FIToFICstmrCdtTrf>";
  for (int i = 0; i < 5'000; ++i)
    xml += "<CdtTrfTxInf><IntrBkSttlmAmt Ccy=\"ZZZ\">1</IntrBkSttlmAmt></CdtTrfTxInf>";
  xml += "</FIToFICstmrCdtTrf></Document>";
  const Message message = parse_message(xml);
  EXPECT_FALSE(message.ok());
  EXPECT_LE(message.problems.size(), 101u);
}

TEST(HostileInput, RandomlyMutatedMessagesAreParsedOrRejectedWithoutCrashing) {
  // A deterministic small fuzz run under ASan/UBSan: byte flips, cuts and
  // spliced tokens that reach the amount, date, IBAN and structure paths.
  const std::string base = data_file("pacs008_two_transactions.xml");
  const std::string tokens[] = {"<",    ">",    "</", "&amp;", "&#0;", "-", ".",    "9999999999",
                                "\xC3", "Ccy=", "T",  ":",     "+",    "Z", "<!--", "]]>"};
  std::mt19937_64 random(20261127);
  int valid = 0;
  for (int i = 0; i < 10'000; ++i) {
    std::string xml = base;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t at = random() % xml.size();
      switch (random() % 4) {
        case 0:
          xml[at] = static_cast<char>(random());
          break;
        case 1:
          xml.erase(at, random() % 16);
          break;
        case 2:
          xml.insert(at, tokens[random() % std::size(tokens)]);
          break;
        default:
          xml.resize(at);
          break;
      }
      if (xml.empty()) xml = "<";
    }
    const Message message = parse_message(xml);
    if (message.ok()) {
      ++valid;
      const Mapping mapping = map_to_commands(message);
      EXPECT_EQ(mapping.payments.size() + mapping.problems.size() > 0, true);
    } else {
      EXPECT_FALSE(message.problems.front().code.empty());
    }
  }
  EXPECT_GT(valid, 0);  // some mutations land in free text and keep the message valid
}

}  // namespace
}  // namespace corridor::iso20022
