// pacs.002.001.10 and admi.002.001.01 renderers: every variant validates
// against the official XSDs (Document and AppHdr) with xmllint.
#include <gtest/gtest.h>

#include <string>

#include "iso20022/render.h"
#include "render_test_util.h"

namespace corridor::iso20022 {
namespace {

using testing::expect_schema_valid;
using testing::first_text;

using testing::kAtNs;
using testing::kLongText;
using testing::kLongTextCut35;
using testing::kUetr;

HeaderInput header(std::string id) {
  return HeaderInput{"CORRXXYYXXX", "BANKDEFFXXX", std::move(id), kAtNs, "corridor.rtgs"};
}

StatusTransaction settled() {
  StatusTransaction tx;
  tx.original_instruction_id = "INSTR-1";
  tx.original_end_to_end_id = "E2E-1";
  tx.original_transaction_id = "TX-1";
  tx.uetr = kUetr;
  tx.status = PaymentStatus::kSettled;
  tx.accepted_at_ns = kAtNs - 1'000'000;
  tx.settled_at_ns = kAtNs;
  tx.clearing_system_reference = "CORR-000001";
  return tx;
}

StatusReportInput report(std::vector<StatusTransaction> transactions) {
  StatusReportInput input;
  input.message_id = "CORR-STS-1";
  input.created_at_ns = kAtNs;
  input.instructing_agent_bic = "CORRXXYYXXX";
  input.instructed_agent_bic = "BANKDEFF";
  input.original_message_id = "BANK-MSG-1";
  input.original_created_at_ns = kAtNs - 5'000'000'000;
  input.transactions = std::move(transactions);
  return input;
}

std::string pacs002(const StatusReportInput& input) {
  std::string out;
  render_pacs002(header(input.message_id), input, out);
  return out;
}

TEST(RenderPacs002, SettledPaymentIsSchemaValidWithAcsc) {
  const std::string xml = pacs002(report({settled()}));
  expect_schema_valid(xml, "pacs.002.001.10");
  EXPECT_EQ(first_text(xml, "TxSts"), "ACSC");
  EXPECT_EQ(first_text(xml, "GrpSts"), "ACSC");
  EXPECT_EQ(first_text(xml, "OrgnlUETR"), kUetr);
  EXPECT_EQ(first_text(xml, "DtTm"), "2026-11-27T10:15:30.123+00:00");
  EXPECT_EQ(first_text(xml, "MsgDefIdr"), "pacs.002.001.10");
}

TEST(RenderPacs002, QueuedPaymentIsSchemaValidWithAcsp) {
  StatusTransaction tx = settled();
  tx.status = PaymentStatus::kQueued;
  const std::string xml = pacs002(report({tx}));
  expect_schema_valid(xml, "pacs.002.001.10");
  EXPECT_EQ(first_text(xml, "TxSts"), "ACSP");
  EXPECT_EQ(first_text(xml, "FctvIntrBkSttlmDt"), "<absent>");  // not settled yet
}

TEST(RenderPacs002, RejectedPaymentCarriesTheIsoCodeAndText) {
  StatusTransaction tx = settled();
  tx.status = PaymentStatus::kRejected;
  tx.reason = core::Reason::kInsufficientFunds;
  const std::string xml = pacs002(report({tx}));
  expect_schema_valid(xml, "pacs.002.001.10");
  EXPECT_EQ(first_text(xml, "TxSts"), "RJCT");
  EXPECT_EQ(first_text(xml, "Cd"), core::iso_code(core::Reason::kInsufficientFunds));
  EXPECT_EQ(first_text(xml, "AddtlInf"), core::reason_text(core::Reason::kInsufficientFunds));
}

TEST(RenderPacs002, EveryReasonRendersValid) {
  std::vector<StatusTransaction> all;
  for (int r = 1; r < static_cast<int>(core::Reason::kCount); ++r) {
    StatusTransaction tx = settled();
    tx.status = PaymentStatus::kRejected;
    tx.reason = static_cast<core::Reason>(r);
    all.push_back(tx);
  }
  expect_schema_valid(pacs002(report(all)), "pacs.002.001.10");
}

TEST(RenderPacs002, LongTextsAreEscapedAndCutToTheirLimits) {
  StatusTransaction tx = settled();
  tx.status = PaymentStatus::kRejected;
  tx.reason = core::Reason::kUnknownAccount;
  tx.reason_detail = kLongText;
  tx.original_end_to_end_id = kLongText;
  tx.original_instruction_id = kLongText;
  StatusReportInput input = report({tx});
  input.message_id = kLongText;
  input.original_message_id = kLongText;
  const std::string xml = pacs002(input);
  expect_schema_valid(xml, "pacs.002.001.10");
  EXPECT_EQ(first_text(xml, "OrgnlEndToEndId"), kLongTextCut35);
  EXPECT_EQ(first_text(xml, "AddtlInf").size(), 105u + 1u);  // one two-byte character
}

TEST(RenderPacs002, MixedStatusesGivePartAsGroupStatus) {
  StatusTransaction queued = settled();
  queued.status = PaymentStatus::kQueued;
  StatusTransaction rejected = settled();
  rejected.status = PaymentStatus::kRejected;
  rejected.reason = core::Reason::kDuplicate;
  const std::string xml = pacs002(report({settled(), queued, rejected}));
  expect_schema_valid(xml, "pacs.002.001.10");
  EXPECT_EQ(first_text(xml, "GrpSts"), "PART");
  EXPECT_EQ(first_text(xml, "OrgnlNbOfTxs"), "3");
}

TEST(RenderPacs002, ReportOverSeveralMessagesNamesEachTransactionsOriginal) {
  StatusTransaction first = settled();
  first.original_message_id = "BANK-MSG-1";
  StatusTransaction second = settled();
  second.original_message_id = "BANK-MSG-2";
  StatusReportInput input = report({first, second});
  input.original_message_id.clear();
  const std::string xml = pacs002(input);
  expect_schema_valid(xml, "pacs.002.001.10");
  EXPECT_EQ(xml.find("OrgnlGrpInfAndSts"), std::string::npos);
  EXPECT_NE(xml.find("<OrgnlGrpInf><OrgnlMsgId>BANK-MSG-2</OrgnlMsgId><OrgnlMsgNmId>"
                     "pacs.008.001.08</OrgnlMsgNmId></OrgnlGrpInf>"),
            std::string::npos);
}

TEST(RenderPacs002, MinimalTransactionWithoutIdsIsValid) {
  StatusTransaction tx;
  StatusReportInput input = report({tx});
  input.instructing_agent_bic.clear();
  input.instructed_agent_bic.clear();
  input.original_created_at_ns = 0;
  expect_schema_valid(pacs002(input), "pacs.002.001.10");
}

TEST(RenderPacs002, RefusesWhatTheSchemaCannotExpress) {
  StatusTransaction bad_uetr = settled();
  bad_uetr.uetr = "not-a-uetr";
  EXPECT_THROW(pacs002(report({bad_uetr})), RenderError);
  StatusTransaction no_reason = settled();
  no_reason.status = PaymentStatus::kRejected;
  EXPECT_THROW(pacs002(report({no_reason})), RenderError);
  StatusReportInput bad_bic = report({settled()});
  bad_bic.instructed_agent_bic = "bank";
  EXPECT_THROW(pacs002(bad_bic), RenderError);
}

TEST(RenderPacs002, StatusFollowsTheCoreOutcome) {
  EXPECT_EQ(status_of(core::Outcome::kSettled), PaymentStatus::kSettled);
  EXPECT_EQ(status_of(core::Outcome::kQueued), PaymentStatus::kQueued);
  EXPECT_EQ(status_of(core::Outcome::kRejected), PaymentStatus::kRejected);
}

MessageRejectInput reject() {
  MessageRejectInput input;
  input.related_reference = "BANK-MSG-7";
  input.reason_code = "FF01";
  input.rejected_at_ns = kAtNs;
  input.element_path = "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]/IntrBkSttlmAmt";
  input.description = "amount has 3 decimals, EUR has 2";
  input.additional_data = "2 further problems";
  return input;
}

std::string admi002(const MessageRejectInput& input) {
  std::string out;
  render_admi002(header("CORR-REJ-1"), input, out);
  return out;
}

TEST(RenderAdmi002, RejectNamesTheProblemAndItsPath) {
  const std::string xml = admi002(reject());
  expect_schema_valid(xml, "admi.002.001.01");
  EXPECT_EQ(first_text(xml, "Ref"), "BANK-MSG-7");
  EXPECT_EQ(first_text(xml, "RjctgPtyRsn"), "FF01");
  EXPECT_EQ(first_text(xml, "RsnDesc"),
            "amount has 3 decimals, EUR has 2 (at "
            "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[2]/IntrBkSttlmAmt)");
}

TEST(RenderAdmi002, UnknownMessageIdGivesNonref) {
  MessageRejectInput input = reject();
  input.related_reference.clear();
  input.reason_code.clear();
  input.element_path.clear();
  input.additional_data.clear();
  const std::string xml = admi002(input);
  expect_schema_valid(xml, "admi.002.001.01");
  EXPECT_EQ(first_text(xml, "Ref"), "NONREF");
  EXPECT_EQ(first_text(xml, "RjctgPtyRsn"), "FF01");
}

TEST(RenderAdmi002, HostileTextsStayWellFormedAndWithinLimits) {
  MessageRejectInput input = reject();
  std::string hostile = "]]><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>&e;\xFF\x02";
  while (hostile.size() < 500) hostile += kLongText;
  input.related_reference = hostile;
  input.description = hostile;
  input.element_path = hostile;
  input.additional_data = hostile;
  const std::string xml = admi002(input);
  expect_schema_valid(xml, "admi.002.001.01");
  EXPECT_EQ(xml.find("<!DOCTYPE"), std::string::npos);
}

TEST(RenderConformance, XmllintFailsOnADocumentAgainstItsSchema) {
  // The checks above are only worth something if xmllint's verdict reaches the test.
  const testing::XmllintResult result = testing::xmllint(
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10\"><Wrong/></Document>",
      "pacs.002.001.10");
  EXPECT_NE(result.exit_status, 0);
  EXPECT_NE(result.output.find("Wrong"), std::string::npos) << result.output;
}

TEST(RenderHeader, HeaderNamesSenderReceiverAndDefinition) {
  const std::string xml = pacs002(report({settled()}));
  EXPECT_EQ(first_text(xml, "BizMsgIdr"), "CORR-STS-1");
  EXPECT_EQ(first_text(xml, "BizSvc"), "corridor.rtgs");
  EXPECT_EQ(first_text(xml, "CreDt"), "2026-11-27T10:15:30.123+00:00");
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BusinessMessage>", 0), 0u);
}

}  // namespace
}  // namespace corridor::iso20022
