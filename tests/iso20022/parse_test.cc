// The parser on real samples and on hand-made invalid variants of a valid message.
#include "iso20022/parse.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "input_test_util.h"
#include "iso20022/mapping.h"
#include "iso20022/validate.h"

namespace corridor::iso20022 {
namespace {

using testing::data_file;
using testing::describe;
using testing::has_problem;
using testing::read_file;
using testing::replaced;

const std::string kTx1 = "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]";
const std::string kTx2 = "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]";

// xmllint's verdict on the file's Document against its own schema, as
// shared/iso20022/README.md does it.
bool document_valid_against_xsd(const std::string& file, const std::string& message_id) {
  const std::string command = "xmllint --xpath \"(//*[local-name()='Document'])[1]\" '" + file +
                              "' 2>/dev/null | xmllint --noout --schema '" + CORRIDOR_ISO_XSD_DIR +
                              "/" + message_id + ".xsd' - >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

// Schema-valid samples that break a rule the schema cannot express, and the
// code each must be rejected with.
const std::map<std::string, std::string> kKnownInvalid = {
    // An IBAN in the underlying customer transfer whose check digits fail mod 97
    // (BE34001216371411 leaves remainder 5): illustrative data in the Fed's sample.
    {"pacs.009.001.08__fedwire__FICreditTransfer_Scenario6_Step1_pacs.009.xml", "AC01"},
};

TEST(Samples, EverySchemaValidSampleOfAnAcceptedTypeParsesWithoutProblems) {
  int parsed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(CORRIDOR_ISO_SAMPLES_DIR)) {
    const std::string name = entry.path().filename().string();
    const std::string id = name.substr(0, name.find("__"));
    const std::optional<MessageType> type = message_type_of_id(id);
    if (type != MessageType::kPacs008v08 && type != MessageType::kPacs009v08 &&
        type != MessageType::kPacs004v09 && type != MessageType::kPacs004v10) {
      continue;
    }
    if (!document_valid_against_xsd(entry.path().string(), id)) continue;
    const Message message = parse_message(read_file(entry.path().string()));
    if (auto known = kKnownInvalid.find(name); known != kKnownInvalid.end()) {
      EXPECT_TRUE(has_problem(message, known->second)) << name << "\n"
                                                       << describe(message.problems);
      EXPECT_EQ(message.problems.size(), 1u) << name << "\n" << describe(message.problems);
      ++parsed;
      continue;
    }
    EXPECT_TRUE(message.ok()) << name << "\n" << describe(message.problems);
    EXPECT_EQ(message.type, type) << name;
    EXPECT_FALSE(message.transactions.empty()) << name;
    ++parsed;
  }
  // 8 pacs.008, 5 pacs.009, 4 pacs.004 samples are in the folder and valid.
  EXPECT_GE(parsed, 17);
}

TEST(Samples, TheHandMadeMessageIsSchemaValidSoItsVariantsTestOneThingEach) {
  EXPECT_TRUE(document_valid_against_xsd(
      std::string(CORRIDOR_ISO_INPUT_DATA_DIR) + "/pacs008_two_transactions.xml",
      "pacs.008.001.08"));
}

TEST(Pacs008, ReadsTheFieldsCorridorUses) {
  const Message message = parse_message(data_file("pacs008_two_transactions.xml"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  EXPECT_EQ(message.type, MessageType::kPacs008v08);
  EXPECT_EQ(message.header.from_bic, "BANKGB2LXXX");
  EXPECT_EQ(message.header.business_message_id, "BIZ-1");
  EXPECT_EQ(message.group.message_id, "MSG-1");
  EXPECT_EQ(message.group.number_of_transactions, 2u);
  EXPECT_EQ(message.group.control_sum_minor, 150025);
  EXPECT_EQ(message.group.settlement_method, "CLRG");
  ASSERT_EQ(message.transactions.size(), 2u);
  const Transaction& tx = message.transactions[0];
  EXPECT_EQ(tx.path, kTx1);
  EXPECT_EQ(tx.uetr->to_string(), "eb6305c9-1f7f-49de-aed0-16487c27b42d");
  EXPECT_EQ(tx.amount_minor, 100025);
  EXPECT_EQ(tx.currency.view(), "EUR");
  EXPECT_EQ(tx.settlement_date, 20261127);
  EXPECT_EQ(tx.instruction_priority, "HIGH");
  EXPECT_EQ(tx.earliest_ns, midnight_ns(20261127) + 9 * 3600 * 1'000'000'000LL);
  EXPECT_EQ(tx.latest_ns, midnight_ns(20261127) + 15 * 3600 * 1'000'000'000LL);  // 16:00+01:00
  EXPECT_EQ(tx.instructing_agent.bic, "BANKGB2L");
  EXPECT_EQ(tx.instructed_agent.bic, "BANKDEFF");
  EXPECT_EQ(tx.debtor_name, "Alice");
  EXPECT_EQ(tx.creditor_iban, "DE89370400440532013000");
}

struct Variant {
  const char* name;
  const char* from;
  const char* to;
  const char* code;
  std::string path;
};

TEST(Pacs008, InvalidVariantsAreRejectedWithTheirIsoCodeAndPath) {
  const std::string base = data_file("pacs008_two_transactions.xml");
  const Variant variants[] = {
      {"bad BIC", "<BICFI>BANKDEFF</BICFI></FinInstnId></InstdAgt>",
       "<BICFI>BANKD3FF</BICFI></FinInstnId></InstdAgt>", "RC01",
       kTx1 + "/InstdAgt/FinInstnId/BICFI"},
      {"bad IBAN check digits", "GB82WEST12345698765432", "GB28WEST12345698765432", "AC01",
       kTx1 + "/DbtrAcct/Id/IBAN"},
      {"100.5 JPY", "<IntrBkSttlmAmt Ccy=\"EUR\">500.00", "<IntrBkSttlmAmt Ccy=\"JPY\">100.5",
       "CH20", kTx2 + "/IntrBkSttlmAmt"},
      {"unknown currency", "Ccy=\"EUR\">500.00", "Ccy=\"EUX\">500.00", "AM03",
       kTx2 + "/IntrBkSttlmAmt"},
      {"zero amount", "Ccy=\"EUR\">500.00", "Ccy=\"EUR\">0.00", "AM01", kTx2 + "/IntrBkSttlmAmt"},
      {"negative amount", "Ccy=\"EUR\">500.00", "Ccy=\"EUR\">-500.00", "AM02",
       kTx2 + "/IntrBkSttlmAmt"},
      {"40-digit amount", "Ccy=\"EUR\">500.00",
       "Ccy=\"EUR\">1234567890123456789012345678901234567890", "AM12", kTx2 + "/IntrBkSttlmAmt"},
      {"NbOfTxs mismatch", "<NbOfTxs>2</NbOfTxs>", "<NbOfTxs>3</NbOfTxs>", "AM18",
       "/Document/FIToFICstmrCdtTrf/GrpHdr/NbOfTxs"},
      {"CtrlSum mismatch", "<CtrlSum>1500.25</CtrlSum>", "<CtrlSum>1500.26</CtrlSum>", "AM10",
       "/Document/FIToFICstmrCdtTrf/GrpHdr/CtrlSum"},
      {"TtlIntrBkSttlmAmt not the sum", "<CtrlSum>1500.25</CtrlSum>",
       "<CtrlSum>1500.25</CtrlSum><TtlIntrBkSttlmAmt Ccy=\"EUR\">1500.00</TtlIntrBkSttlmAmt>",
       "AM10", "/Document/FIToFICstmrCdtTrf/GrpHdr/TtlIntrBkSttlmAmt"},
      {"TtlIntrBkSttlmAmt in another currency", "<CtrlSum>1500.25</CtrlSum>",
       "<CtrlSum>1500.25</CtrlSum><TtlIntrBkSttlmAmt Ccy=\"USD\">1500.25</TtlIntrBkSttlmAmt>",
       "AM03", "/Document/FIToFICstmrCdtTrf/GrpHdr/TtlIntrBkSttlmAmt"},
      {"bad UETR", "eb6305c9-1f7f-49de-aed0-16487c27b42d", "eb6305c9-1f7f-49de-aed0-16487c27b42",
       "FF01", kTx1 + "/PmtId/UETR"},
      {"missing creditor agent",
       "<CdtrAgt><FinInstnId><BICFI>BANKDEFF</BICFI></FinInstnId></CdtrAgt>", "", "CH21", kTx1},
      {"missing end-to-end id", "<EndToEndId>E-2</EndToEndId>", "", "CH21", kTx2 + "/PmtId"},
      {"bad settlement date", "<IntrBkSttlmDt>2026-11-27</IntrBkSttlmDt>",
       "<IntrBkSttlmDt>2026-02-30</IntrBkSttlmDt>", "DT01", kTx1 + "/IntrBkSttlmDt"},
      {"bad creation time", "<CreDtTm>2026-11-27T10:00:00Z</CreDtTm>",
       "<CreDtTm>2026-11-27T25:00:00Z</CreDtTm>", "DT01",
       "/Document/FIToFICstmrCdtTrf/GrpHdr/CreDtTm"},
      {"latest before earliest", "<TillTm>16:00:00+01:00</TillTm>", "<TillTm>08:00:00Z</TillTm>",
       "DT01", kTx1 + "/SttlmTmReq"},
      {"settlement method COVE", "<SttlmMtd>CLRG</SttlmMtd>", "<SttlmMtd>COVE</SttlmMtd>", "FF01",
       "/Document/FIToFICstmrCdtTrf/GrpHdr/SttlmInf/SttlmMtd"},
      {"unknown priority", "<InstrPrty>HIGH</InstrPrty>", "<InstrPrty>URGT</InstrPrty>", "FF01",
       kTx1},
      {"bad sender BIC in the header", "<BICFI>BANKGB2LXXX</BICFI>", "<BICFI>BANK</BICFI>", "RC01",
       "/AppHdr/Fr/FIId/FinInstnId/BICFI"},
      {"header names another message", "<MsgDefIdr>pacs.008.001.08</MsgDefIdr>",
       "<MsgDefIdr>pacs.009.001.08</MsgDefIdr>", "FF01", "/AppHdr/MsgDefIdr"},
  };
  for (const Variant& v : variants) {
    const Message message = parse_message(replaced(base, v.from, v.to));
    EXPECT_FALSE(message.ok()) << v.name;
    EXPECT_TRUE(has_problem(message, v.code, v.path))
        << v.name << ": expected " << v.code << " at " << v.path << ", got\n"
        << describe(message.problems);
  }
}

TEST(Pacs008, TotalSettlementAmountEqualToTheSumIsAcceptedAndKept) {
  const Message message = parse_message(replaced(data_file("pacs008_two_transactions.xml"),
                                                 "<CtrlSum>1500.25</CtrlSum>",
                                                 "<CtrlSum>1500.25</CtrlSum><TtlIntrBkSttlmAmt "
                                                 "Ccy=\"EUR\">1500.25</TtlIntrBkSttlmAmt>"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  EXPECT_EQ(message.group.total_minor, 150025);
  EXPECT_EQ(message.group.total_currency.view(), "EUR");
}

TEST(Pacs008, TotalSettlementAmountNotTheSumNamesTheStatedAndComputedTotals) {
  const Message message = parse_message(replaced(data_file("pacs008_two_transactions.xml"),
                                                 "<CtrlSum>1500.25</CtrlSum>",
                                                 "<CtrlSum>1500.25</CtrlSum><TtlIntrBkSttlmAmt "
                                                 "Ccy=\"EUR\">1500.00</TtlIntrBkSttlmAmt>"));
  ASSERT_EQ(message.problems.size(), 1u) << describe(message.problems);
  EXPECT_EQ(message.problems[0].code, "AM10");
  EXPECT_NE(message.problems[0].text.find("states 1500.00 EUR"), std::string::npos)
      << message.problems[0].text;
  EXPECT_NE(message.problems[0].text.find("add up to 1500.25 EUR"), std::string::npos)
      << message.problems[0].text;
}

TEST(Pacs008, AMessageWithoutAppHdrIsABareDocument) {
  std::string base = data_file("pacs008_two_transactions.xml");
  const size_t begin = base.find("<AppHdr");
  const size_t end = base.find("</AppHdr>") + std::string("</AppHdr>").size();
  base.erase(begin, end - begin);
  const Message message = parse_message(base);
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  EXPECT_FALSE(message.header.present);
  const Mapping mapping = map_to_commands(message);
  ASSERT_TRUE(mapping.ok()) << describe(mapping.problems);
  EXPECT_EQ(mapping.message_id, "MSG-1");     // no BizMsgIdr: the group's MsgId
  EXPECT_EQ(mapping.sender_bic, "BANKGB2L");  // no AppHdr: the instructing agent
}

TEST(Envelopes, AnyWrapperHeaderVersionAndPrefixFindsTheSameMessage) {
  const std::string base = data_file("pacs008_two_transactions.xml");
  // SWIFT DataPDU wrapper with a namespace of its own.
  std::string data_pdu =
      replaced(base, "<Envelope>", "<DataPDU xmlns=\"urn:swift:saa:xsd:saa.2.0\"><Body>");
  data_pdu = replaced(data_pdu, "</Envelope>", "</Body></DataPDU>");
  // head.001.001.03 header.
  const std::string head03 = replaced(base, "head.001.001.02", "head.001.001.03");
  // A prefixed Document whose prefix is declared on the wrapper, not on itself.
  std::string prefixed = replaced(
      base, "<Envelope>", "<Envelope xmlns:p=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\">");
  prefixed =
      replaced(prefixed, "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\">",
               "<p:Document>");
  prefixed = replaced(prefixed, "</Document>", "</p:Document>");
  for (size_t at = prefixed.find("<p:Document>") + 12; at < prefixed.find("</p:Document>");) {
    // Prefix every element inside the Document.
    const size_t open = prefixed.find('<', at);
    if (open >= prefixed.find("</p:Document>")) break;
    prefixed.insert(prefixed[open + 1] == '/' ? open + 2 : open + 1, "p:");
    at = open + 3;
  }
  for (const std::string& xml : {data_pdu, head03, prefixed}) {
    const Message message = parse_message(xml);
    ASSERT_TRUE(message.ok()) << describe(message.problems) << xml.substr(0, 400);
    EXPECT_EQ(message.type, MessageType::kPacs008v08);
    EXPECT_EQ(message.transactions.size(), 2u);
    EXPECT_EQ(message.transactions.at(1).amount_minor, 50000);
  }
  EXPECT_TRUE(parse_message(head03).header.present);
}

TEST(Mapping, EachTransactionBecomesASubmitPaymentFromInstructingToInstructedAgent) {
  const Message message = parse_message(data_file("pacs008_two_transactions.xml"));
  const Mapping mapping = map_to_commands(message);
  ASSERT_TRUE(mapping.ok()) << describe(mapping.problems);
  EXPECT_EQ(mapping.sender_bic, "BANKGB2LXXX");
  EXPECT_EQ(mapping.message_id, "BIZ-1");
  ASSERT_EQ(mapping.payments.size(), 2u);
  const core::SubmitPayment& first = mapping.payments[0].command;
  EXPECT_EQ(first.uetr.to_string(), "eb6305c9-1f7f-49de-aed0-16487c27b42d");
  EXPECT_EQ(first.instruction_id.view(), "I-1");
  EXPECT_EQ(first.debtor_agent.to_string(), "BANKGB2L");
  EXPECT_EQ(first.creditor_agent.to_string(), "BANKDEFF");
  EXPECT_EQ(first.currency.view(), "EUR");
  EXPECT_EQ(first.amount_minor, 100025);
  EXPECT_EQ(first.priority, core::Priority::kUrgent);
  EXPECT_EQ(first.type, core::PaymentType::kCustomerCreditTransfer);
  EXPECT_EQ(first.earliest_ns, midnight_ns(20261127) + 9 * 3600 * 1'000'000'000LL);
  const core::SubmitPayment& second = mapping.payments[1].command;
  EXPECT_EQ(second.instruction_id.view(), "E-2");  // no InstrId or TxId: the EndToEndId
  EXPECT_EQ(second.priority, core::Priority::kNormal);
  EXPECT_EQ(second.creditor_agent.to_string(), "BANKFRPP");
  EXPECT_EQ(second.earliest_ns, core::kNoTime);
}

TEST(Mapping, MissingInstructedAgentOrUetrIsNamedPerTransaction) {
  const std::string base = data_file("pacs008_two_transactions.xml");
  std::string variant =
      replaced(base, "<InstdAgt><FinInstnId><BICFI>BANKFRPP</BICFI></FinInstnId></InstdAgt>", "");
  variant = replaced(variant, "<UETR>eb6305c9-1f7f-49de-aed0-16487c27b42d</UETR>", "");
  const Message message = parse_message(variant);
  ASSERT_TRUE(message.ok()) << describe(message.problems);  // both are optional in the schema
  const Mapping mapping = map_to_commands(message);
  EXPECT_EQ(mapping.problems.size(), 2u) << describe(mapping.problems);
  EXPECT_EQ(mapping.problems.at(0).code, "FF01");
  EXPECT_EQ(mapping.problems.at(0).path, kTx1);
  EXPECT_EQ(mapping.problems.at(1).code, "RC04");
  EXPECT_EQ(mapping.problems.at(1).path, kTx2);
  EXPECT_TRUE(mapping.payments.empty());
}

TEST(Mapping, AnInvalidMessageMapsToNothing) {
  const Message message = parse_message(replaced(data_file("pacs008_two_transactions.xml"),
                                                 "<NbOfTxs>2</NbOfTxs>", "<NbOfTxs>1</NbOfTxs>"));
  const Mapping mapping = map_to_commands(message);
  EXPECT_FALSE(mapping.ok());
  EXPECT_TRUE(mapping.payments.empty());
}

TEST(Pacs009, CoverSampleIsReadAsACoverPaymentBetweenInstitutions) {
  const Message message = parse_message(read_file(
      std::string(CORRIDOR_ISO_SAMPLES_DIR) + "/pacs.009.001.08__phoughton__pacs.009_cov.max.xml"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  ASSERT_EQ(message.transactions.size(), 1u);
  EXPECT_TRUE(message.transactions[0].cover);
  EXPECT_FALSE(message.transactions[0].debtor_agent.bic.empty());
  const Mapping mapping = map_to_commands(message);
  ASSERT_TRUE(mapping.ok()) << describe(mapping.problems);
  EXPECT_EQ(mapping.payments.at(0).command.type, core::PaymentType::kFiCreditTransfer);
}

TEST(Pacs004, ReturnMapsToAReturnPaymentWithAUetrOfItsOwn) {
  const Message message =
      parse_message(read_file(std::string(CORRIDOR_ISO_SAMPLES_DIR) +
                              "/pacs.004.001.09__phoughton__pacs004_payment_return_sample.xml"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  ASSERT_EQ(message.transactions.size(), 1u);
  const Transaction& tx = message.transactions[0];
  ASSERT_TRUE(tx.original_uetr);
  EXPECT_GT(tx.amount_minor, 0);
  const Mapping mapping = map_to_commands(message);
  ASSERT_TRUE(mapping.ok()) << describe(mapping.problems);
  const core::SubmitPayment& command = mapping.payments.at(0).command;
  EXPECT_EQ(command.type, core::PaymentType::kReturn);
  EXPECT_NE(command.uetr, *tx.original_uetr);
  EXPECT_TRUE(command.uetr.is_version4());
  EXPECT_EQ(command.uetr, return_uetr(*tx.original_uetr, tx.instruction_id));
  EXPECT_EQ(command.debtor_agent.to_string(), tx.instructing_agent.bic.substr(0, 8));
}

TEST(Pacs004, FedwireReturnIsValidIsoButHasNoBicsForCorridor) {
  const Message message = parse_message(
      read_file(std::string(CORRIDOR_ISO_SAMPLES_DIR) +
                "/pacs.004.001.10__fedwire__PaymentReturn_Scenario1_Step4_pacs.004.xml"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  EXPECT_FALSE(message.transactions.at(0).instructing_agent.member_id.empty());
  const Mapping mapping = map_to_commands(message);
  EXPECT_FALSE(mapping.ok());
  EXPECT_EQ(mapping.problems.at(0).code, "RC03");
}

}  // namespace
}  // namespace corridor::iso20022

namespace corridor::iso20022 {
namespace {

using testing::data_file;
using testing::describe;
using testing::has_problem;
using testing::read_file;
using testing::replaced;

const char kReturnSample[] = "/pacs.004.001.09__phoughton__pacs004_payment_return_sample.xml";

TEST(GroupPriority, AppliesToTransactionsWithoutTheirOwnAndMapsToUrgent) {
  const Message message = parse_message(
      replaced(replaced(data_file("pacs008_two_transactions.xml"),
                        "<SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>",
                        "<SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>"
                        "<PmtTpInf><InstrPrty>HIGH</InstrPrty></PmtTpInf>"),
               "<PmtTpInf><InstrPrty>HIGH</InstrPrty></PmtTpInf>\n        <IntrBkSttlmAmt",
               "<IntrBkSttlmAmt"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  ASSERT_EQ(message.transactions.size(), 2u);
  EXPECT_EQ(message.transactions[0].instruction_priority, "HIGH");
  EXPECT_EQ(message.transactions[1].instruction_priority, "HIGH");
  const Mapping mapping = map_to_commands(message);
  ASSERT_TRUE(mapping.ok()) << describe(mapping.problems);
  EXPECT_EQ(mapping.payments.at(1).command.priority, core::Priority::kUrgent);
}

TEST(GroupPriority, ATransactionsOwnPriorityWinsOverTheGroups) {
  const Message message = parse_message(replaced(
      data_file("pacs008_two_transactions.xml"), "<SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>",
      "<SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>"
      "<PmtTpInf><InstrPrty>NORM</InstrPrty></PmtTpInf>"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  EXPECT_EQ(message.transactions[0].instruction_priority, "HIGH");
}

TEST(Pacs004, SettlementPriorityUrgtIsAcceptedAsUrgent) {
  const Message message = parse_message(
      replaced(read_file(std::string(CORRIDOR_ISO_SAMPLES_DIR) + kReturnSample), "<pacs:ChrgBr>",
               "<pacs:SttlmPrty>URGT</pacs:SttlmPrty><pacs:ChrgBr>"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  EXPECT_EQ(message.transactions.at(0).instruction_priority, "URGT");
  const Mapping mapping = map_to_commands(message);
  ASSERT_TRUE(mapping.ok()) << describe(mapping.problems);
  EXPECT_EQ(mapping.payments.at(0).command.priority, core::Priority::kUrgent);
}

TEST(Pacs004, AReturnWithoutTxInfIsRefusedSayingItMustCarryTxInf) {
  std::string xml = read_file(std::string(CORRIDOR_ISO_SAMPLES_DIR) + kReturnSample);
  const size_t begin = xml.find("<pacs:TxInf>");
  const size_t end = xml.find("</pacs:TxInf>") + std::string("</pacs:TxInf>").size();
  xml.erase(begin, end - begin);
  const Message message = parse_message(xml);
  ASSERT_TRUE(has_problem(message, "CH21", "/Document/PmtRtr")) << describe(message.problems);
  EXPECT_NE(message.problems.at(0).text.find("a return must carry TxInf"), std::string::npos)
      << message.problems.at(0).text;
}

// The first transaction without its IntrBkSttlmDt: 09:00Z to 16:00+01:00 undated.
Message undated_times() {
  return parse_message(replaced(data_file("pacs008_two_transactions.xml"),
                                "<IntrBkSttlmDt>2026-11-27</IntrBkSttlmDt>", ""));
}

TEST(SettlementTimes, WithoutADateTheyAreAcceptedAsTimesOfTheBusinessDay) {
  const Message message = undated_times();
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  const Transaction& tx = message.transactions.at(0);
  EXPECT_EQ(tx.settlement_date, 0);
  EXPECT_TRUE(tx.times_on_business_day);
  EXPECT_EQ(tx.earliest_ns, 9 * 3600 * 1'000'000'000LL);
  EXPECT_EQ(tx.latest_ns, 15 * 3600 * 1'000'000'000LL);
}

TEST(SettlementTimes, WithoutADateTheyApplyOnTheBusinessDayGivenToTheMapping) {
  const Mapping mapping = map_to_commands(undated_times(), 20261130);
  ASSERT_TRUE(mapping.ok()) << describe(mapping.problems);
  const core::SubmitPayment& command = mapping.payments.at(0).command;
  EXPECT_EQ(command.earliest_ns, midnight_ns(20261130) + 9 * 3600 * 1'000'000'000LL);
  EXPECT_EQ(command.latest_ns, midnight_ns(20261130) + 15 * 3600 * 1'000'000'000LL);
  // The second transaction keeps its own date.
  EXPECT_EQ(mapping.payments.at(1).command.earliest_ns, core::kNoTime);
}

TEST(SettlementTimes, WithoutADateAndWithoutABusinessDayTheMappingRefusesWithDt01) {
  const Mapping mapping = map_to_commands(undated_times());
  ASSERT_EQ(mapping.problems.size(), 1u) << describe(mapping.problems);
  EXPECT_EQ(mapping.problems[0].code, "DT01");
  EXPECT_EQ(mapping.problems[0].path, "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]");
}

}  // namespace
}  // namespace corridor::iso20022
