// camt.056, camt.007, camt.050 and pacs.028: parsed, validated and mapped.
#include <gtest/gtest.h>

#include <filesystem>

#include "input_test_util.h"
#include "iso20022/mapping.h"
#include "iso20022/parse.h"

namespace corridor::iso20022 {
namespace {

using testing::data_file;
using testing::describe;
using testing::has_problem;
using testing::read_file;
using testing::replaced;

bool document_valid_against_xsd(const std::string& file, const std::string& message_id) {
  const std::string command = "xmllint --xpath \"(//*[local-name()='Document'])[1]\" '" + file +
                              "' 2>/dev/null | xmllint --noout --schema '" + CORRIDOR_ISO_XSD_DIR +
                              "/" + message_id + ".xsd' - >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

TEST(Requests, HandMadeMessagesAreSchemaValidSoTheirVariantsTestOneThingEach) {
  const std::string dir = CORRIDOR_ISO_INPUT_DATA_DIR;
  EXPECT_TRUE(
      document_valid_against_xsd(dir + "/camt050_liquidity_transfer.xml", "camt.050.001.05"));
  EXPECT_TRUE(document_valid_against_xsd(dir + "/camt007_modify_priority.xml", "camt.007.001.08"));
  EXPECT_TRUE(document_valid_against_xsd(dir + "/camt056_cancel_one.xml", "camt.056.001.08"));
  EXPECT_TRUE(document_valid_against_xsd(dir + "/pacs028_status_request.xml", "pacs.028.001.03"));
  EXPECT_TRUE(document_valid_against_xsd(dir + "/camt005_get_transaction.xml", "camt.005.001.08"));
}

TEST(Camt056, EverySchemaValidSampleParsesAndMapsToCancelPayment) {
  int parsed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(CORRIDOR_ISO_SAMPLES_DIR)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("camt.056.001.08__")) continue;
    if (!document_valid_against_xsd(entry.path().string(), "camt.056.001.08")) continue;
    const Message message = parse_message(read_file(entry.path().string()));
    ASSERT_TRUE(message.ok()) << name << "\n" << describe(message.problems);
    ASSERT_EQ(message.requests.size(), 1u) << name;
    EXPECT_TRUE(message.requests[0].original_uetr) << name;
    EXPECT_FALSE(message.group.message_id.empty()) << name;
    const Mapping mapping = map_to_commands(message);
    ASSERT_TRUE(mapping.ok()) << name << "\n" << describe(mapping.problems);
    ASSERT_EQ(mapping.commands.size(), 1u);
    const auto* cancel = std::get_if<core::CancelPayment>(&mapping.commands[0].body);
    ASSERT_NE(cancel, nullptr);
    EXPECT_EQ(cancel->uetr, *message.requests[0].original_uetr);
    // These senders are named by a clearing member id only: no BIC, so no
    // requester (the gateway refuses such a message: docs/api.md).
    EXPECT_TRUE(mapping.sender_bic.empty()) << name;
    EXPECT_TRUE(cancel->requester.empty()) << name;
    ++parsed;
  }
  EXPECT_EQ(parsed, 3);
}

TEST(Camt056, ARequestWithoutOriginalUetrCannotBeMapped) {
  const std::string file = std::string(CORRIDOR_ISO_SAMPLES_DIR) +
                           "/camt.056.001.08__fedwire__PaymentReturn_Scenario1_Step2_camt.056.xml";
  std::string xml = read_file(file);
  const size_t begin = xml.find("<OrgnlUETR>");
  ASSERT_NE(begin, std::string::npos);
  xml.erase(begin, xml.find("</OrgnlUETR>") + 12 - begin);
  const Message message = parse_message(xml);
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  const Mapping mapping = map_to_commands(message);
  EXPECT_TRUE(mapping.commands.empty());
  ASSERT_EQ(mapping.problems.size(), 1u);
  EXPECT_EQ(mapping.problems[0].code, "FF01");
  EXPECT_EQ(mapping.problems[0].path, "/Document/FIToFIPmtCxlReq/Undrlyg/TxInf");
}

TEST(Camt056, TheAssignerIsTheRequester) {
  const Message message = parse_message(data_file("camt056_cancel_one.xml"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  const Mapping mapping = map_to_commands(message);
  ASSERT_TRUE(mapping.ok()) << describe(mapping.problems);
  EXPECT_EQ(mapping.sender_bic, "BANKGB2L");
  ASSERT_EQ(mapping.commands.size(), 1u);
  const auto& cancel = std::get<core::CancelPayment>(mapping.commands[0].body);
  EXPECT_EQ(cancel.uetr.to_string(), "eb6305c9-1f7f-49de-aed0-16487c27b42d");
  EXPECT_EQ(cancel.requester.bic11(), "BANKGB2LXXX");
}

TEST(Camt056, TheAppHdrSenderIsTheRequesterBeforeTheAssigner) {
  const std::string document = data_file("camt056_cancel_one.xml");
  const std::string xml =
      "<Envelope><AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\">"
      "<Fr><FIId><FinInstnId><BICFI>BANKDEFF</BICFI></FinInstnId></FIId></Fr>"
      "<To><FIId><FinInstnId><BICFI>CORRXXYY</BICFI></FinInstnId></FIId></To>"
      "<BizMsgIdr>CXL-BIZ-1</BizMsgIdr><MsgDefIdr>camt.056.001.08</MsgDefIdr>"
      "<CreDt>2026-11-27T12:00:00Z</CreDt></AppHdr>" +
      document.substr(document.find("<Document")) + "</Envelope>";
  const Message message = parse_message(xml);
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  const Mapping mapping = map_to_commands(message);
  ASSERT_EQ(mapping.commands.size(), 1u);
  EXPECT_EQ(std::get<core::CancelPayment>(mapping.commands[0].body).requester.bic11(),
            "BANKDEFFXXX");
  EXPECT_EQ(mapping.message_id, "CXL-BIZ-1");
}

TEST(Camt007, HighPriorityMapsToChangePriorityUrgent) {
  const Message message = parse_message(data_file("camt007_modify_priority.xml"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  EXPECT_EQ(message.group.message_id, "MOD-1");
  const Mapping mapping = map_to_commands(message);
  ASSERT_TRUE(mapping.ok()) << describe(mapping.problems);
  ASSERT_EQ(mapping.commands.size(), 1u);
  const auto* change = std::get_if<core::ChangePriority>(&mapping.commands[0].body);
  ASSERT_NE(change, nullptr);
  EXPECT_EQ(change->uetr.to_string(), "eb6305c9-1f7f-49de-aed0-16487c27b42d");
  EXPECT_EQ(change->priority, core::Priority::kUrgent);
  EXPECT_EQ(mapping.message_id, "MOD-1");
}

TEST(Camt007, TheAppHdrSenderIsTheRequesterOfChangesAndModifications) {
  const std::string document = data_file("camt007_modify_priority.xml");
  const auto with_header = [](const std::string& doc) {
    return "<Envelope><AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\">"
           "<Fr><FIId><FinInstnId><BICFI>BANKGB2L</BICFI></FinInstnId></FIId></Fr>"
           "<To><FIId><FinInstnId><BICFI>CORRXXYY</BICFI></FinInstnId></FIId></To>"
           "<BizMsgIdr>MOD-BIZ-1</BizMsgIdr><MsgDefIdr>camt.007.001.08</MsgDefIdr>"
           "<CreDt>2026-11-27T11:00:00Z</CreDt></AppHdr>" +
           doc.substr(doc.find("<Document")) + "</Envelope>";
  };
  const Mapping priority = map_to_commands(parse_message(with_header(document)));
  ASSERT_EQ(priority.commands.size(), 1u) << describe(priority.problems);
  EXPECT_EQ(std::get<core::ChangePriority>(priority.commands[0].body).requester.bic11(),
            "BANKGB2LXXX");
  const Mapping timing = map_to_commands(parse_message(with_header(
      replaced(document, "<NewPmtValSet><Prty><Cd>HIGH</Cd></Prty></NewPmtValSet>",
               "<NewPmtValSet><PrcgVldtyTm><ToDtTm>2026-11-27T16:00:00Z</ToDtTm></PrcgVldtyTm>"
               "</NewPmtValSet>"))));
  ASSERT_EQ(timing.commands.size(), 1u) << describe(timing.problems);
  EXPECT_EQ(std::get<core::ModifyPayment>(timing.commands[0].body).requester.bic11(),
            "BANKGB2LXXX");
  // Without an AppHdr a camt.007 names no sender: no requester.
  const Mapping bare = map_to_commands(parse_message(document));
  ASSERT_EQ(bare.commands.size(), 1u);
  EXPECT_TRUE(std::get<core::ChangePriority>(bare.commands[0].body).requester.empty());
}

TEST(Camt007, PrioritiesOtherThanHighOrNormAreRefused) {
  const Message message = parse_message(
      replaced(data_file("camt007_modify_priority.xml"), "<Cd>HIGH</Cd>", "<Cd>URGT</Cd>"));
  EXPECT_TRUE(has_problem(message, "FF01", "/Document/ModfyTx/Mod/NewPmtValSet/Prty/Cd"))
      << describe(message.problems);
}

TEST(Camt050, MapsToALiquidityTransferFromDebtorToCreditor) {
  const Message message = parse_message(data_file("camt050_liquidity_transfer.xml"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  const Mapping mapping = map_to_commands(message);
  ASSERT_TRUE(mapping.ok()) << describe(mapping.problems);
  EXPECT_EQ(mapping.message_id, "LIQ-BIZ-1");
  ASSERT_EQ(mapping.commands.size(), 1u);
  const auto* transfer = std::get_if<core::LiquidityTransfer>(&mapping.commands[0].body);
  ASSERT_NE(transfer, nullptr);
  EXPECT_EQ(transfer->uetr.to_string(), "3f1c2b4a-9d8e-4f7a-b6c5-d4e3f2a1b0c9");
  EXPECT_EQ(transfer->from.to_string(), "BANKGB2L");
  EXPECT_EQ(transfer->to.to_string(), "BANKDEFF");
  EXPECT_EQ(transfer->currency.view(), "EUR");
  EXPECT_EQ(transfer->amount_minor, 250'000'000);
}

TEST(Camt050, WithoutDebtorTheSenderMovesItsOwnLiquidity) {
  const std::string base = data_file("camt050_liquidity_transfer.xml");
  const std::string no_debtor =
      replaced(base, "<Dbtr><FinInstnId><BICFI>BANKGB2L</BICFI></FinInstnId></Dbtr>", "");
  const Mapping mapping =
      map_to_commands(parse_message(replaced(no_debtor, "<Fr><FIId><FinInstnId><BICFI>BANKGB2L",
                                             "<Fr><FIId><FinInstnId><BICFI>BANKIT2M")));
  ASSERT_TRUE(mapping.ok()) << describe(mapping.problems);
  EXPECT_EQ(std::get<core::LiquidityTransfer>(mapping.commands.at(0).body).from.to_string(),
            "BANKIT2M");
  // No header either: nobody to debit.
  std::string bare = no_debtor;
  bare.erase(bare.find("<AppHdr"), bare.find("</AppHdr>") + 9 - bare.find("<AppHdr"));
  const Mapping nobody = map_to_commands(parse_message(bare));
  ASSERT_EQ(nobody.problems.size(), 1u) << describe(nobody.problems);
  EXPECT_EQ(nobody.problems[0].code, "RC03");
}

TEST(Camt050, InvalidVariantsAreRejectedWithTheirCodes) {
  const std::string base = data_file("camt050_liquidity_transfer.xml");
  const std::string transfer = "/Document/LqdtyCdtTrf/LqdtyCdtTrf";
  EXPECT_TRUE(has_problem(parse_message(replaced(base, "2500000.00", "0")), "AM01",
                          transfer + "/TrfdAmt/AmtWthCcy"));
  EXPECT_TRUE(
      has_problem(parse_message(replaced(base, "Ccy=\"EUR\">2500000.00", "Ccy=\"JPY\">1.5")),
                  "CH20", transfer + "/TrfdAmt/AmtWthCcy"));
  EXPECT_TRUE(
      has_problem(parse_message(replaced(base, "<AmtWthCcy Ccy=\"EUR\">2500000.00</AmtWthCcy>",
                                         "<AmtWthtCcy>2500000.00</AmtWthtCcy>")),
                  "AM11", transfer + "/TrfdAmt"));
  EXPECT_TRUE(has_problem(parse_message(replaced(base, "<BICFI>BANKDEFF", "<BICFI>BANK-EFF")),
                          "RC01", transfer + "/Cdtr/FinInstnId/BICFI"));
  EXPECT_TRUE(
      has_problem(parse_message(replaced(base, "<SttlmDt>2026-11-27", "<SttlmDt>2026-11-32")),
                  "DT01", transfer + "/SttlmDt"));
  const Mapping no_uetr = map_to_commands(
      parse_message(replaced(base, "<UETR>3f1c2b4a-9d8e-4f7a-b6c5-d4e3f2a1b0c9</UETR>", "")));
  EXPECT_TRUE(no_uetr.commands.empty());
  EXPECT_EQ(no_uetr.problems.at(0).code, "FF01");
}

TEST(Pacs028, IsAQueryWithTheOriginalUetrAndNoCommand) {
  const Message message = parse_message(data_file("pacs028_status_request.xml"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  ASSERT_EQ(message.requests.size(), 1u);
  EXPECT_EQ(message.requests[0].request_id, "SR-1");
  EXPECT_EQ(message.requests[0].original_uetr->to_string(), "eb6305c9-1f7f-49de-aed0-16487c27b42d");
  EXPECT_EQ(message.requests[0].instructing_agent.bic, "BANKGB2L");
  const Mapping mapping = map_to_commands(message);
  EXPECT_TRUE(mapping.ok());
  EXPECT_TRUE(mapping.commands.empty());
  EXPECT_TRUE(mapping.payments.empty());
  EXPECT_EQ(mapping.message_id, "STS-1");
}

TEST(Camt005, ABadUetrInTheSearchIsRejected) {
  const Message message = parse_message(
      replaced(data_file("camt005_get_transaction.xml"), "<UETR>eb6305c9", "<UETR>EB6305C9"));
  EXPECT_TRUE(
      has_problem(message, "FF01",
                  "/Document/GetTx/TxQryDef/TxCrit/NewCrit/SchCrit/PmtSch/PmtId/LngBizId/UETR"))
      << describe(message.problems);
}

TEST(Pacs028, ABadOriginalUetrIsRejected) {
  const Message message = parse_message(replaced(data_file("pacs028_status_request.xml"),
                                                 "eb6305c9-1f7f-49de", "eb6305c9-1f7f-59de"));
  EXPECT_TRUE(has_problem(message, "FF01", "/Document/FIToFIPmtStsReq/TxInf/OrgnlUETR"))
      << describe(message.problems);
}

}  // namespace
}  // namespace corridor::iso20022
