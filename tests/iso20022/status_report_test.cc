// A pacs.008 through the mapping and a real core, answered with a pacs.002:
// reference-data rejections carry the core's ISO code and text.
#include "iso20022/status_report.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/core.h"
#include "input_test_util.h"
#include "iso20022/mapping.h"
#include "iso20022/parse.h"
#include "iso20022/validate.h"
#include "render_test_util.h"

namespace corridor::iso20022 {
namespace {

using testing::data_file;
using testing::describe;
using testing::expect_schema_valid;
using testing::first_text;
using testing::replaced;

core::Bic bic(const char* text) {
  return *core::Bic::parse(text);
}
const core::CurrencyCode kEur = *core::CurrencyCode::parse("EUR");

class StatusReport : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(parse_iso_date_time("2026-11-27T10:00:00Z", &now_ns_).ok());
    apply(core::DefineCurrency{kEur, 2});
    apply(core::AddParticipant{
        bic("ECBXDEFF"), "ECB", core::ParticipantKind::kCentralBank, {}, kEur});
    apply(core::OpenAccount{bic("ECBXDEFF"), kEur});
  }
  void apply(const core::CommandBody& body) {
    ASSERT_TRUE(core_.apply(core::Command{now_ns_, body}).ok()) << core::command_name(body);
  }
  void bank(const char* b, bool with_eur_account = true) {
    apply(core::AddParticipant{bic(b), b, core::ParticipantKind::kDirect, {}, {}});
    if (with_eur_account) apply(core::OpenAccount{bic(b), kEur});
  }
  void fund(const char* b, core::AmountMinor amount_minor) {
    static uint64_t n = 0;
    apply(core::LiquidityTransfer{core::Uetr::from_bits(0xF00D0000 + ++n, n), bic("ECBXDEFF"),
                                  bic(b), kEur, amount_minor});
  }

  // Parse, map, apply each payment, render the pacs.002 (XSD-checked).
  StatusReportInput submit(const std::string& xml, std::string* rendered = nullptr) {
    const Message message = parse_message(xml);
    EXPECT_TRUE(message.ok()) << describe(message.problems);
    const Mapping mapping = map_to_commands(message, 20261127);
    std::vector<TransactionOutcome> outcomes;
    for (const MappedPayment& payment : mapping.payments) {
      outcomes.push_back(TransactionOutcome{payment.transaction_index,
                                            core_.apply(core::Command{now_ns_, payment.command}),
                                            now_ns_});
    }
    const StatusReportInput report =
        status_report_for(message, mapping, outcomes, AnswerIdentity{"STS-1", now_ns_, "CORRGB2L"});
    std::string xml_out;
    render_pacs002(HeaderInput{"CORRGB2L", mapping.sender_bic, "STS-1", now_ns_, ""}, report,
                   xml_out);
    expect_schema_valid(xml_out, "pacs.002.001.10");
    if (rendered != nullptr) *rendered = xml_out;
    return report;
  }

  core::Core core_;
  core::TimestampNs now_ns_ = 0;
};

TEST_F(StatusReport, SettledPaymentsAreAcscWithTheirTimeAndTheOriginalNamed) {
  bank("BANKGB2L");
  bank("BANKDEFF");
  bank("BANKFRPP");
  fund("BANKGB2L", 200000);
  std::string xml;
  const StatusReportInput report = submit(data_file("pacs008_two_transactions.xml"), &xml);
  ASSERT_EQ(report.transactions.size(), 2u);
  EXPECT_EQ(report.transactions[0].status, PaymentStatus::kSettled);
  EXPECT_EQ(report.transactions[0].settled_at_ns, now_ns_);
  EXPECT_EQ(report.transactions[0].uetr, "eb6305c9-1f7f-49de-aed0-16487c27b42d");
  EXPECT_EQ(report.transactions[1].status, PaymentStatus::kSettled);
  EXPECT_EQ(report.original_message_id, "MSG-1");
  EXPECT_EQ(report.instructed_agent_bic, "BANKGB2LXXX");
  EXPECT_EQ(first_text(xml, "GrpSts"), "ACSC");
  EXPECT_EQ(first_text(xml, "OrgnlMsgNmId"), "pacs.008.001.08");
}

TEST_F(StatusReport, UnknownCreditorAgentIsRc01AndTheOtherStillSettles) {
  bank("BANKGB2L");
  bank("BANKDEFF");
  fund("BANKGB2L", 200000);
  std::string xml;
  const StatusReportInput report = submit(data_file("pacs008_two_transactions.xml"), &xml);
  EXPECT_EQ(report.transactions[0].status, PaymentStatus::kSettled);
  EXPECT_EQ(report.transactions[1].status, PaymentStatus::kRejected);
  EXPECT_EQ(report.transactions[1].reason, core::Reason::kUnknownParticipant);
  EXPECT_EQ(first_text(xml, "GrpSts"), "PART");
  EXPECT_NE(xml.find("<Cd>RC01</Cd>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("BIC is not a participant of the system"), std::string::npos);
}

TEST_F(StatusReport, NoAccountInTheCurrencyIsAc01) {
  bank("BANKGB2L");
  bank("BANKDEFF");
  bank("BANKFRPP", /*with_eur_account=*/false);
  fund("BANKGB2L", 200000);
  const StatusReportInput report = submit(data_file("pacs008_two_transactions.xml"));
  EXPECT_EQ(report.transactions[1].reason, core::Reason::kUnknownAccount);
  EXPECT_EQ(core::iso_code(report.transactions[1].reason), "AC01");
}

TEST_F(StatusReport, SuspendedParticipantIsAc06AndQueuedIsAcsp) {
  bank("BANKGB2L");
  bank("BANKDEFF");
  bank("BANKFRPP");
  apply(core::SuspendParticipant{bic("BANKDEFF")});
  std::string xml;
  const StatusReportInput report = submit(data_file("pacs008_two_transactions.xml"), &xml);
  EXPECT_EQ(core::iso_code(report.transactions[0].reason), "AC06");
  // No liquidity: the second waits in its queue.
  EXPECT_EQ(report.transactions[1].status, PaymentStatus::kQueued);
  EXPECT_NE(xml.find("<TxSts>ACSP</TxSts>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<Cd>AC06</Cd>"), std::string::npos) << xml;
}

TEST_F(StatusReport, TheSameMessageTwiceIsDupl) {
  bank("BANKGB2L");
  bank("BANKDEFF");
  bank("BANKFRPP");
  fund("BANKGB2L", 200000);
  submit(data_file("pacs008_two_transactions.xml"));
  const StatusReportInput again = submit(data_file("pacs008_two_transactions.xml"));
  for (const StatusTransaction& tx : again.transactions) {
    EXPECT_EQ(core::iso_code(tx.reason), "DUPL");
  }
}

TEST_F(StatusReport, AMappingProblemIsRejectedWithItsCodeWhileTheRestSettles) {
  bank("BANKGB2L");
  bank("BANKDEFF");
  bank("BANKFRPP");
  fund("BANKGB2L", 200000);
  // The second transaction's instructing agent by member id only: RC03 at mapping.
  const std::string xml_in =
      replaced(data_file("pacs008_two_transactions.xml"),
               "<InstgAgt><FinInstnId><BICFI>BANKGB2L</BICFI></FinInstnId></InstgAgt>\n        "
               "<InstdAgt><FinInstnId><BICFI>BANKFRPP",
               "<InstgAgt><FinInstnId><ClrSysMmbId><MmbId>123</MmbId></ClrSysMmbId></FinInstnId>"
               "</InstgAgt>\n        <InstdAgt><FinInstnId><BICFI>BANKFRPP");
  std::string xml;
  const StatusReportInput report = submit(xml_in, &xml);
  EXPECT_EQ(report.transactions[0].status, PaymentStatus::kSettled);
  EXPECT_EQ(report.transactions[1].status, PaymentStatus::kRejected);
  EXPECT_EQ(report.transactions[1].reason_as_sent.code, "RC03");
  EXPECT_NE(xml.find("<Cd>RC03</Cd>"), std::string::npos) << xml;
  EXPECT_EQ(core_.find_pending(*core::Uetr::parse("7a9f2c1e-5b3d-4e8f-9a6b-1c2d3e4f5a6b")),
            nullptr);
}

// The report writes each UETR itself: it must read as core::Uetr writes it,
// whatever the bits (a pacs.004's original UETR when it has no UETR).
TEST(StatusReportUetr, IsTheTextCoreUetrWritesForAnyBits) {
  Message message;
  std::mt19937_64 random(20261127);
  for (int i = 0; i < 200; ++i) {
    Transaction& tx = message.transactions.emplace_back();
    tx.path = "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[" + std::to_string(i + 1) + "]";
    const core::Uetr uetr = i == 0   ? core::Uetr::from_bits(0, 0)
                            : i == 1 ? core::Uetr::from_bits(~uint64_t{0}, ~uint64_t{0})
                                     : core::Uetr::from_bits(random(), random());
    if (i % 2 == 0) {
      tx.uetr = uetr;
    } else {
      tx.original_uetr = uetr;
    }
  }
  const StatusReportInput report =
      status_report_for(message, Mapping{}, {}, AnswerIdentity{"STS-1", 0, "CORRGB2L"});
  ASSERT_EQ(report.transactions.size(), message.transactions.size());
  for (size_t i = 0; i < message.transactions.size(); ++i) {
    const Transaction& tx = message.transactions[i];
    const core::Uetr uetr = tx.uetr ? *tx.uetr : *tx.original_uetr;
    EXPECT_EQ(report.transactions[i].uetr, uetr.to_string()) << i;
  }
}

}  // namespace
}  // namespace corridor::iso20022
