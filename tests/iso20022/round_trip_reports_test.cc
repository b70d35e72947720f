// Round trip of the types Corridor sends (pacs.002, camt.052, camt.054,
// camt.029, admi.002) and of the standalone head.001 headers: every sample is
// valid against its XSD (checked here with xmllint, so a sample that is not
// fails the test), is accepted, is rendered again by its own renderer from the
// parsed input struct into a message valid against the official XSDs, and
// that message parses back into equal structs. Hand-made invalid variants are
// rejected with the reason code and element path of what is wrong.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "input_test_util.h"
#include "iso20022/mapping.h"
#include "iso20022/parse.h"
#include "iso20022/render.h"
#include "render_test_util.h"
#include "sample_test_util.h"

namespace corridor::iso20022 {
namespace {

using testing::describe;
using testing::has_problem;
using testing::read_sample;
using testing::replaced;
using testing::sample_part;
using testing::schema_problems;

struct Sample {
  std::string name;
  std::string bytes;
};

// Every sample whose file name starts with `id` (the samples are named
// "<message id>__<source>__<name>.xml").
std::vector<Sample> samples_of(const std::string& id) {
  std::vector<Sample> samples;
  for (const auto& entry : std::filesystem::directory_iterator(CORRIDOR_ISO_SAMPLES_DIR)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(id + "__", 0) == 0) samples.push_back({name, read_sample(entry.path())});
  }
  std::sort(samples.begin(), samples.end(),
            [](const Sample& x, const Sample& y) { return x.name < y.name; });
  return samples;
}

std::string sample_bytes(const std::string& name) {
  return read_sample(std::filesystem::path(CORRIDOR_ISO_SAMPLES_DIR) / name);
}

// A sample without an AppHdr is rendered with this one (the renderers always
// write the header); only a header that was read is compared.
const HeaderInput kStandInHeader{
    "CORRXXYYXXX", "BANKDEFFXXX", "STAND-IN-HEADER", 1'795'774'530'000'000'000, "", "", ""};

// The message rendered again by the renderer of its type, from what was parsed.
std::string render_read_back(const Message& m) {
  const HeaderInput& header = m.header_input ? *m.header_input : kStandInHeader;
  std::string out;
  switch (*m.type) {
    case MessageType::kPacs002v10:
      render_pacs002(header, m.status_report.value(), out);
      break;
    case MessageType::kCamt052v08:
      render_camt052(header, m.account_report.value(), out);
      break;
    case MessageType::kCamt054v08:
      render_camt054(header, m.notification.value(), out);
      break;
    case MessageType::kCamt029v09:
      render_camt029(header, m.resolution.value(), out);
      break;
    case MessageType::kAdmi002v01:
      render_admi002(header, m.message_reject.value(), out);
      break;
    default: {
      // A standalone head.001: the header alone, naming the message it heads.
      XmlWriter w(out);
      w.declaration();
      render_app_header(w, header, message_type_of_id(m.header.message_definition_id).value());
      break;
    }
  }
  return out;
}

bool read_backs_equal(const Message& a, const Message& b) {
  return a.status_report == b.status_report && a.account_report == b.account_report &&
         a.notification == b.notification && a.resolution == b.resolution &&
         a.message_reject == b.message_reject;
}

void expect_round_trip(const Sample& sample, MessageType type) {
  SCOPED_TRACE(sample.name);
  const Message original = parse_message(sample.bytes);
  ASSERT_TRUE(original.ok()) << describe(original.problems);
  ASSERT_EQ(original.type, type);
  const bool standalone_header = sample_part(sample.bytes, "Document").empty();
  std::string rendered;
  try {
    rendered = render_read_back(original);
  } catch (const RenderError& e) {
    FAIL() << "cannot be rendered again: " << e.what();
  }
  if (standalone_header) {
    const testing::XmllintResult lint =
        testing::xmllint(sample_part(rendered, "AppHdr"), "head.001.001.02");
    EXPECT_EQ(lint.exit_status, 0) << lint.output << rendered;
  } else {
    EXPECT_EQ(schema_problems(rendered), "") << rendered;
  }
  const Message again = parse_message(rendered);
  ASSERT_TRUE(again.ok()) << describe(again.problems) << rendered;
  // head.001.001.03 is rendered as .02, as Corridor writes every header.
  if (!standalone_header) {
    EXPECT_EQ(again.type, original.type);
  }
  EXPECT_TRUE(read_backs_equal(original, again))
      << "differs after the round trip; rendered from the sample:\n"
      << rendered << "\nrendered again from that:\n"
      << render_read_back(again);
  ASSERT_TRUE(again.header_input.has_value());
  if (original.header_input) {
    EXPECT_EQ(*original.header_input, *again.header_input) << rendered;
    EXPECT_EQ(original.header.message_definition_id, again.header.message_definition_id);
  } else {
    EXPECT_EQ(*again.header_input, kStandInHeader) << rendered;
  }
}

struct Kind {
  const char* id;
  MessageType type;
  size_t samples;  // in ../shared/iso20022/samples; more may be added
};

constexpr Kind kKinds[] = {
    {"pacs.002.001.10", MessageType::kPacs002v10, 5},
    {"camt.052.001.08", MessageType::kCamt052v08, 6},
    {"camt.054.001.08", MessageType::kCamt054v08, 3},
    {"camt.029.001.09", MessageType::kCamt029v09, 3},
    {"admi.002.001.01", MessageType::kAdmi002v01, 2},
    {"head.001.001.02", MessageType::kHead001v02, 1},
    {"head.001.001.03", MessageType::kHead001v03, 1},
};

TEST(RoundTripReports, EverySampleOfATypeCorridorSendsIsSchemaValidAndReRendersToEqualStructs) {
  for (const Kind& kind : kKinds) {
    const std::vector<Sample> samples = samples_of(kind.id);
    EXPECT_GE(samples.size(), kind.samples) << kind.id;
    for (const Sample& sample : samples) {
      // Not skipped when invalid: the issue promises these samples round trip.
      EXPECT_EQ(schema_problems(sample.bytes),
                sample_part(sample.bytes, "Document").empty() ? "no Document\n" : "")
          << sample.name;
      expect_round_trip(sample, kind.type);
    }
  }
}

TEST(RoundTripReports, ASampleThatIsNotSchemaValidIsDetectedAsSuch) {
  // The check above would catch a broken sample: TxSts is Max4Text.
  const std::string broken = replaced(
      sample_bytes("pacs.002.001.10__fedwire__CustomerCreditTransfer_Scenario1_Step2_pacs.002.xml"),
      "<TxSts>ACSC</TxSts>", "<TxSts>ACSCX</TxSts>");
  EXPECT_NE(schema_problems(broken), "");
}

TEST(RoundTripReports, TheKeyFieldsOfEachTypeAreRead) {
  const Message status = parse_message(
      sample_bytes("pacs.002.001.10__fednow__MessageReject_Scenario2_Step4_pacs.002_BankA.xml"));
  ASSERT_TRUE(status.status_report);
  ASSERT_EQ(status.status_report->transactions.size(), 1u);
  const StatusTransaction& tx = status.status_report->transactions[0];
  EXPECT_EQ(tx.status, PaymentStatus::kRejected);
  EXPECT_EQ(tx.reason_as_sent, (ReasonInput{"E000", true, ""}));
  EXPECT_EQ(tx.instructing_agent.member_id, "021150706");
  EXPECT_EQ(tx.original_message_name_id, "pacs.008.001.08");

  const Message report = parse_message(sample_bytes(
      "camt.052.001.08__fedwire__AccountBalanceReport_Scenario1_Step2_camt.052_ABAR_MM.xml"));
  ASSERT_TRUE(report.account_report);
  ASSERT_EQ(report.account_report->balances.size(), 3u);
  const BalanceInput& balance = report.account_report->balances[0];
  EXPECT_EQ(balance.type_code, "DLOD");
  EXPECT_TRUE(balance.proprietary);
  EXPECT_EQ(balance.amount_minor, 27'045'889'593'079);  // 270458895930.79 USD in cents
  EXPECT_EQ(report.account_report->account.id, "231981435");
  EXPECT_EQ(report.account_report->original_query_message_name_id, "camt.060.001.05");

  const Message notification = parse_message(
      sample_bytes("camt.054.001.08__dvbern__200519_camt.054_P_CH2909000000250094239_1111091335_0_"
                   "2020061900081727_v2019.xml"));
  ASSERT_TRUE(notification.notification);
  EXPECT_EQ(notification.notification->account.iban, "CH2909000000250094239");
  ASSERT_EQ(notification.notification->entries.size(), 1u);
  EXPECT_EQ(notification.notification->entries[0].amount_minor, 169'222);
  EXPECT_EQ(notification.notification->entries[0].uetr, "b009c997-97b3-4a9c-803c-d645a7276bf0");

  const Message resolution = parse_message(
      sample_bytes("camt.029.001.09__fednow__PaymentReturn_Scenario1_Step3_camt.029.xml"));
  ASSERT_TRUE(resolution.resolution);
  EXPECT_EQ(resolution.resolution->confirmation, "IPAY");
  EXPECT_EQ(resolution.resolution->resolution_amount_minor, 5'174);
  EXPECT_EQ(resolution.resolution->resolution_currency, "USD");

  const Message reject = parse_message(sample_bytes(
      "admi.002.001.01__fednow__MessageReject_Scenario1_Step2a_admi.002_invalidXML.xml"));
  ASSERT_TRUE(reject.message_reject);
  EXPECT_EQ(reject.message_reject->reason_code, "T505");
  EXPECT_EQ(reject.message_reject->related_reference, "NOTAVAILABLE");

  const Message header = parse_message(sample_bytes(
      "head.001.001.03__fedwire__CustomerCreditTransfer_Scenario1_Step1_head.001.xml"));
  ASSERT_TRUE(header.header_input);
  EXPECT_EQ(header.header_input->from_member_id, "011104238");
  EXPECT_EQ(header.header_input->business_service, "TEST");
}

TEST(RoundTripReports, AParticipantSendingATypeCorridorSendsIsRefusedAtMappingWithFF01) {
  for (const Kind& kind : kKinds) {
    for (const Sample& sample : samples_of(kind.id)) {
      const Message message = parse_message(sample.bytes);
      ASSERT_TRUE(message.ok()) << sample.name;
      const Mapping mapping = map_to_commands(message);
      EXPECT_TRUE(mapping.payments.empty()) << sample.name;
      EXPECT_TRUE(mapping.commands.empty()) << sample.name;
      ASSERT_EQ(mapping.problems.size(), 1u) << sample.name;
      EXPECT_EQ(mapping.problems[0].code, "FF01") << sample.name;
      EXPECT_NE(mapping.problems[0].text.find("Corridor does not accept"), std::string::npos)
          << mapping.problems[0].text;
    }
  }
}

// ------------------------------------------------- hand-made invalid variants

const char* const kDvbern =
    "camt.054.001.08__dvbern__200519_camt.054_P_CH2909000000250094239_1111091335_0_"
    "2020061900081727_v2019.xml";
const std::string kEntry = "/Document/BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry";

void expect_refused(const std::string& bytes, const std::string& code, const std::string& path) {
  const Message message = parse_message(bytes);
  EXPECT_FALSE(message.ok());
  EXPECT_TRUE(has_problem(message, code, path)) << describe(message.problems);
  EXPECT_TRUE(map_to_commands(message).commands.empty());
}

TEST(RoundTripReports, AnEntryAgentWithABadBicIsRefusedWithRC01) {
  expect_refused(replaced(sample_bytes(kDvbern), "POFICHBEXXX", "POFI1HBEXXX"), "RC01",
                 kEntry + "/NtryDtls/TxDtls[1]/RltdAgts/DbtrAgt/FinInstnId/BICFI");
}

TEST(RoundTripReports, AnAccountWithABadIbanIsRefusedWithAC01) {
  expect_refused(replaced(sample_bytes(kDvbern), "<IBAN>CH2909000000250094239</IBAN>",
                          "<IBAN>CH2909000000250094238</IBAN>"),
                 "AC01", "/Document/BkToCstmrDbtCdtNtfctn/Ntfctn/Acct/Id/IBAN");
}

TEST(RoundTripReports, AnEntryOf100Point5JpyIsRefusedWithCH20) {
  expect_refused(replaced(sample_bytes(kDvbern), "<Amt Ccy=\"CHF\">1692.22</Amt>",
                          "<Amt Ccy=\"JPY\">100.5</Amt>"),
                 "CH20", kEntry + "/Amt");
}

TEST(RoundTripReports, AnEntryWithoutItsCreditDebitIndicatorIsRefusedWithCH21) {
  expect_refused(replaced(sample_bytes(kDvbern), "<CdtDbtInd>CRDT</CdtDbtInd>", ""), "CH21",
                 kEntry);
}

TEST(RoundTripReports, AnImpossibleBookingDateIsRefusedWithDT01) {
  expect_refused(replaced(sample_bytes(kDvbern), "<Dt>2020-06-18</Dt>", "<Dt>2020-02-30</Dt>"),
                 "DT01", kEntry + "/BookgDt/Dt");
}

TEST(RoundTripReports, AStatusReportWithoutAMessageIdIsRefusedWithCH21) {
  const std::string bytes =
      sample_bytes("pacs.002.001.10__fedwire__CustomerCreditTransfer_Scenario1_Step2_pacs.002.xml");
  expect_refused(replaced(bytes, "<MsgId>20250310QMGFNP31000001</MsgId>", ""), "CH21",
                 "/Document/FIToFIPmtStsRpt/GrpHdr");
}

TEST(RoundTripReports, AStatusReportWithABadUetrIsRefusedWithFF01) {
  const std::string bytes =
      sample_bytes("pacs.002.001.10__fedwire__CustomerCreditTransfer_Scenario1_Step2_pacs.002.xml");
  expect_refused(replaced(bytes, "8a562c67-ca16-48ba", "8a562c67-ca16-08ba"), "FF01",
                 "/Document/FIToFIPmtStsRpt/TxInfAndSts/OrgnlUETR");
}

TEST(RoundTripReports, AReportBalanceWithMoreDecimalsThanItsCurrencyIsRefusedWithCH20) {
  const std::string bytes =
      sample_bytes("camt.052.001.08__phoughton__camt052_account_report_sample.xml");
  expect_refused(replaced(bytes, ">3425890<", ">3425890.125<"), "CH20",
                 "/Document/BkToCstmrAcctRpt/Rpt/Bal/Amt");
}

TEST(RoundTripReports, AResolutionWithAnImpossibleCreationTimeIsRefusedWithDT01) {
  const std::string bytes =
      sample_bytes("camt.029.001.09__fedwire__Paymentreturn_Scenario1_Step3_camt.029.xml");
  expect_refused(replaced(bytes, "2025-03-10T09:35:00-04:00", "2025-13-10T09:35:00-04:00"), "DT01",
                 "/Document/RsltnOfInvstgtn/Assgnmt/CreDtTm");
}

TEST(RoundTripReports, AMessageRejectWithoutItsReasonIsRefusedWithCH21) {
  const std::string bytes = sample_bytes(
      "admi.002.001.01__fednow__MessageReject_Scenario1_Step2a_admi.002_invalidXML.xml");
  expect_refused(replaced(bytes, "<RjctgPtyRsn>T505</RjctgPtyRsn>", ""), "CH21",
                 "/Document/admi.002.001.01/Rsn");
}

TEST(RoundTripReports, AReportWithTwoReportsIsRefusedRatherThanHalfRead) {
  const std::string bytes =
      sample_bytes("camt.052.001.08__fedwire__EndpointGapReport_Scenario1_Step1_camt.052_IMAD.xml");
  const size_t begin = bytes.find("<Rpt>");
  const size_t end = bytes.find("</Rpt>") + std::string("</Rpt>").size();
  ASSERT_NE(begin, std::string::npos);
  std::string doubled = bytes;
  doubled.insert(end, bytes.substr(begin, end - begin));
  expect_refused(doubled, "FF01", "/Document/BkToCstmrAcctRpt/Rpt[2]");
}

TEST(RoundTripReports, AResolutionOfNoTransactionIsRefusedWithFF01NotCH21) {
  // CxlDtls is optional in the schema: not a missing element, but not one
  // transaction's resolution either, which is what ResolutionInput holds.
  const std::string bytes =
      sample_bytes("camt.029.001.09__fedwire__Paymentreturn_Scenario1_Step3_camt.029.xml");
  const size_t begin = bytes.find("<CxlDtls>");
  const size_t end = bytes.find("</CxlDtls>") + std::string("</CxlDtls>").size();
  ASSERT_NE(begin, std::string::npos);
  std::string without = bytes;
  without.erase(begin, end - begin);
  expect_refused(without, "FF01", "/Document/RsltnOfInvstgtn");
  EXPECT_FALSE(has_problem(parse_message(without), "CH21"));
}

TEST(RoundTripReports, AHeaderWithoutItsCreationDateIsRefusedWithCH21) {
  const std::string bytes =
      sample_bytes("head.001.001.02__fednow__CustomerCreditTransfer_Scenario1_Step1_head.001.xml");
  expect_refused(replaced(bytes, "<CreDt>2023-06-04T10:55:26-04:00</CreDt>", ""), "CH21",
                 "/AppHdr");
}

}  // namespace
}  // namespace corridor::iso20022
