// Payments for the deferred net settlement service (docs/api.md, "DNS
// payments"): a pacs.008 or pacs.009 transaction with PmtTpInf/ClrChanl MPNS
// maps to SubmitDnsPayment; without it, to an RTGS payment as before.
#include <gtest/gtest.h>

#include <string>

#include "iso20022/mapping.h"
#include "iso20022/parse.h"
#include "render_test_util.h"

namespace corridor::iso20022 {
namespace {

std::string pacs008(const std::string& payment_type, const std::string& extra = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
  <FIToFICstmrCdtTrf>
    <GrpHdr>
      <MsgId>M-DNS</MsgId>
      <CreDtTm>2026-11-30T10:00:00Z</CreDtTm>
      <NbOfTxs>1</NbOfTxs>
      <SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>
    </GrpHdr>
    <CdtTrfTxInf>
      <PmtId><InstrId>I-1</InstrId><EndToEndId>E-1</EndToEndId><UETR>eb6305c9-1f7f-49de-aed0-16487c27b42d</UETR></PmtId>
      )" +
         payment_type + R"(
      <IntrBkSttlmAmt Ccy="CNY">12.34</IntrBkSttlmAmt>
      <IntrBkSttlmDt>2026-11-30</IntrBkSttlmDt>
      )" +
         extra + R"(
      <ChrgBr>SLEV</ChrgBr>
      <InstgAgt><FinInstnId><BICFI>LTSBCNB0</BICFI></FinInstnId></InstgAgt>
      <InstdAgt><FinInstnId><BICFI>SILKCNB0</BICFI></FinInstnId></InstdAgt>
      <Dbtr><Nm>Alice</Nm></Dbtr>
      <DbtrAgt><FinInstnId><BICFI>LTSBCNB0</BICFI></FinInstnId></DbtrAgt>
      <CdtrAgt><FinInstnId><BICFI>SILKCNB0</BICFI></FinInstnId></CdtrAgt>
      <Cdtr><Nm>Bob</Nm></Cdtr>
    </CdtTrfTxInf>
  </FIToFICstmrCdtTrf>
</Document>
)";
}

constexpr const char* kMpns = "<PmtTpInf><ClrChanl>MPNS</ClrChanl></PmtTpInf>";

Mapping mapped(const std::string& xml) {
  const Message message = parse_message(xml);
  EXPECT_TRUE(message.ok()) << message.problems.front().text;
  return map_to_commands(message, 20261130);
}

TEST(DnsMapping, TheTestMessageIsValidAgainstTheSchema) {
  const testing::XmllintResult r = testing::xmllint(pacs008(kMpns), "pacs.008.001.08");
  EXPECT_EQ(r.exit_status, 0) << r.output;
}

TEST(DnsMapping, ClearingChannelMpnsMapsToADnsPayment) {
  const Mapping m = mapped(pacs008(kMpns));
  ASSERT_EQ(m.payments.size(), 1u);
  ASSERT_TRUE(m.payments[0].dns);
  const core::SubmitDnsPayment& d = *m.payments[0].dns;
  EXPECT_EQ(d.debtor_agent.to_string(), "LTSBCNB0");
  EXPECT_EQ(d.creditor_agent.to_string(), "SILKCNB0");
  EXPECT_EQ(d.currency.to_string(), "CNY");
  EXPECT_EQ(d.amount_minor, 1234);
  EXPECT_EQ(d.instruction_id.view(), "I-1");
  EXPECT_TRUE(std::holds_alternative<core::SubmitDnsPayment>(m.payments[0].body()));
}

TEST(DnsMapping, AnotherClearingChannelOrNoneIsAnRtgsPayment) {
  for (const std::string type : {"", "<PmtTpInf><ClrChanl>RTGS</ClrChanl></PmtTpInf>"}) {
    const Mapping m = mapped(pacs008(type));
    ASSERT_EQ(m.payments.size(), 1u);
    EXPECT_FALSE(m.payments[0].dns);
    EXPECT_TRUE(std::holds_alternative<core::SubmitPayment>(m.payments[0].body()));
  }
}

TEST(DnsMapping, ADnsPaymentWithASettlementTimeIsRefusedFf01) {
  const Mapping m = mapped(pacs008(kMpns, "<SttlmTmReq><TillTm>15:00:00Z</TillTm></SttlmTmReq>"));
  EXPECT_TRUE(m.payments.empty());
  ASSERT_EQ(m.problems.size(), 1u);
  EXPECT_EQ(m.problems.front().code, "FF01");
}

}  // namespace
}  // namespace corridor::iso20022
