// Cross-currency pacs.008 (docs/api.md, "Cross-currency payments"): XchgRate
// and the quote reference InstrForNxtAgt/InstrInf "/FXQT/<id>" are read,
// mapped to SubmitCrossCurrencyPayment with their problems' reason codes, and
// rendered again schema-valid when the message is forwarded.
#include <gtest/gtest.h>

#include <string>

#include "iso20022/fx_reference.h"
#include "iso20022/mapping.h"
#include "iso20022/parse.h"
#include "iso20022/render_transfer.h"
#include "render_test_util.h"

namespace corridor::iso20022 {
namespace {

struct Fields {
  std::string settlement = R"(<IntrBkSttlmAmt Ccy="USD">108.45</IntrBkSttlmAmt>)";
  std::string instructed = R"(<InstdAmt Ccy="EUR">100.00</InstdAmt>)";
  std::string rate = "<XchgRate>1.0845</XchgRate>";
  std::string instructions =
      "<InstrForNxtAgt><Cd>PHOA</Cd></InstrForNxtAgt>"
      "<InstrForNxtAgt><InstrInf>/FXQT/42</InstrInf></InstrForNxtAgt>";
};

std::string pacs008(const Fields& f) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
  <FIToFICstmrCdtTrf>
    <GrpHdr>
      <MsgId>M-FX</MsgId>
      <CreDtTm>2026-11-30T10:00:00Z</CreDtTm>
      <NbOfTxs>1</NbOfTxs>
      <SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>
    </GrpHdr>
    <CdtTrfTxInf>
      <PmtId><InstrId>I-1</InstrId><EndToEndId>E-1</EndToEndId><TxId>T-1</TxId><UETR>eb6305c9-1f7f-49de-aed0-16487c27b42d</UETR></PmtId>
      )" +
         f.settlement + R"(
      <IntrBkSttlmDt>2026-11-30</IntrBkSttlmDt>
      )" +
         f.instructed + f.rate + R"(
      <ChrgBr>SHAR</ChrgBr>
      <InstgAgt><FinInstnId><BICFI>AAAADEFF</BICFI></FinInstnId></InstgAgt>
      <InstdAgt><FinInstnId><BICFI>BBBBUS33</BICFI></FinInstnId></InstdAgt>
      <Dbtr><Nm>Alice</Nm></Dbtr>
      <DbtrAgt><FinInstnId><BICFI>AAAADEFF</BICFI></FinInstnId></DbtrAgt>
      <CdtrAgt><FinInstnId><BICFI>BBBBUS33</BICFI></FinInstnId></CdtrAgt>
      <Cdtr><Nm>Bob</Nm></Cdtr>
      )" +
         f.instructions + R"(
    </CdtTrfTxInf>
  </FIToFICstmrCdtTrf>
</Document>
)";
}

// The mapping of a message that parsed without problems.
Mapping mapped(const Fields& f) {
  const Message message = parse_message(pacs008(f));
  EXPECT_TRUE(message.ok()) << message.problems.front().text;
  return map_to_commands(message, 20261130);
}

std::string only_code(const Mapping& m) {
  EXPECT_TRUE(m.payments.empty());
  return m.problems.size() == 1 ? m.problems.front().code
                                : "(" + std::to_string(m.problems.size()) + " problems)";
}

TEST(CrossCurrencyPacs008, TheTestMessageIsValidAgainstTheSchema) {
  const testing::XmllintResult r = testing::xmllint(pacs008(Fields{}), "pacs.008.001.08");
  EXPECT_EQ(r.exit_status, 0) << r.output;
}

TEST(CrossCurrencyPacs008, AQuoteReferenceMapsToACrossCurrencyPaymentWithBothAmounts) {
  const Mapping m = mapped(Fields{});
  ASSERT_TRUE(m.ok()) << m.problems.front().text;
  ASSERT_EQ(m.payments.size(), 1u);
  ASSERT_TRUE(m.payments[0].cross_currency);
  const core::SubmitCrossCurrencyPayment& c = *m.payments[0].cross_currency;
  EXPECT_EQ(c.quote_id, 42u);
  EXPECT_EQ(c.instructed_currency.to_string(), "EUR");
  EXPECT_EQ(c.instructed_amount_minor, 10000);
  EXPECT_EQ(c.settlement_currency.to_string(), "USD");
  EXPECT_EQ(c.settlement_amount_minor, 10845);
  EXPECT_EQ(c.debtor_agent.to_string(), "AAAADEFF");
  EXPECT_EQ(c.creditor_agent.to_string(), "BBBBUS33");
  EXPECT_EQ(c.instruction_id.view(), "I-1");
  // The service knows it by its debtor side.
  EXPECT_EQ(m.payments[0].command.currency.to_string(), "EUR");
  EXPECT_EQ(m.payments[0].command.amount_minor, 10000);
  EXPECT_TRUE(same_rate(m.payments[0].exchange_rate, DecimalRate{10845, 4}));
}

TEST(CrossCurrencyPacs008, WithoutAQuoteReferenceItSettlesInIntrBkSttlmAmtAsBefore) {
  Fields f;
  f.instructions = "<InstrForNxtAgt><InstrInf>PHONE BEFORE</InstrInf></InstrForNxtAgt>";
  const Mapping m = mapped(f);
  ASSERT_EQ(m.payments.size(), 1u);
  EXPECT_FALSE(m.payments[0].cross_currency);
  EXPECT_EQ(m.payments[0].command.currency.to_string(), "USD");
  EXPECT_EQ(m.payments[0].command.amount_minor, 10845);
}

TEST(CrossCurrencyPacs008, MissingOrInconsistentFieldsHaveTheirReasonCodes) {
  Fields f;
  f.rate = "";
  EXPECT_EQ(only_code(mapped(f)), "FF01");
  f = Fields{};
  f.instructed = "";
  EXPECT_EQ(only_code(mapped(f)), "FF01");
  f = Fields{};
  f.instructed = R"(<InstdAmt Ccy="USD">108.45</InstdAmt>)";
  EXPECT_EQ(only_code(mapped(f)), "CURR");
  f = Fields{};
  f.settlement = R"(<IntrBkSttlmAmt Ccy="USD">108.46</IntrBkSttlmAmt>)";
  EXPECT_EQ(only_code(mapped(f)), "AM09");
  f = Fields{};
  f.instructions = "<InstrForNxtAgt><InstrInf>/FXQT/</InstrInf></InstrForNxtAgt>";
  EXPECT_EQ(only_code(mapped(f)), "FF01");
  f = Fields{};
  f.instructions =
      "<InstrForNxtAgt><InstrInf>/FXQT/1</InstrInf></InstrForNxtAgt>"
      "<InstrForNxtAgt><InstrInf>/FXQT/2</InstrInf></InstrForNxtAgt>";
  EXPECT_EQ(only_code(mapped(f)), "FF01");
}

TEST(CrossCurrencyPacs008, AnXchgRateThatIsNoBaseOneRateIsAParseProblem) {
  for (const char* rate : {"-1.2", "1.2.3", "0", "1.12345678901", "123456789012", "abc"}) {
    Fields f;
    f.rate = std::string("<XchgRate>") + rate + "</XchgRate>";
    const Message message = parse_message(pacs008(f));
    ASSERT_EQ(message.problems.size(), 1u) << rate;
    EXPECT_EQ(message.problems.front().code, "FF01") << rate;
  }
}

TEST(CrossCurrencyPacs008, HalfEvenRoundingDecidesTheSettlementAmount) {
  // JPY has no minor units: 1.01 EUR at 162.345 is 163.96845 JPY -> 164.
  Fields f;
  f.settlement = R"(<IntrBkSttlmAmt Ccy="JPY">164</IntrBkSttlmAmt>)";
  f.instructed = R"(<InstdAmt Ccy="EUR">1.01</InstdAmt>)";
  f.rate = "<XchgRate>162.345</XchgRate>";
  EXPECT_TRUE(mapped(f).ok());
  f.settlement = R"(<IntrBkSttlmAmt Ccy="JPY">163</IntrBkSttlmAmt>)";
  EXPECT_EQ(only_code(mapped(f)), "AM09");
  // 0.05 EUR at 50 is 2.50 USD exactly; at 0.5 it is 0.025 USD: a half, to the even 0.02.
  f = Fields{};
  f.instructed = R"(<InstdAmt Ccy="EUR">0.05</InstdAmt>)";
  f.rate = "<XchgRate>0.5</XchgRate>";
  f.settlement = R"(<IntrBkSttlmAmt Ccy="USD">0.02</IntrBkSttlmAmt>)";
  EXPECT_TRUE(mapped(f).ok());
  f.settlement = R"(<IntrBkSttlmAmt Ccy="USD">0.03</IntrBkSttlmAmt>)";
  EXPECT_EQ(only_code(mapped(f)), "AM09");
}

TEST(CrossCurrencyPacs008, ForwardingKeepsTheRateAndTheQuoteReferenceSchemaValid) {
  Fields f;
  f.rate = "<XchgRate>1.084500</XchgRate>";
  const Message message = parse_message(pacs008(f));
  ASSERT_TRUE(message.ok());
  const std::string rendered = render_transfer(message);
  const testing::XmllintResult r =
      testing::xmllint(testing::extract_part(rendered, "Document"), "pacs.008.001.08");
  EXPECT_EQ(r.exit_status, 0) << r.output << rendered;
  EXPECT_NE(rendered.find("<XchgRate>1.0845</XchgRate>"), std::string::npos) << rendered;
  EXPECT_NE(rendered.find("<InstrInf>/FXQT/42</InstrInf>"), std::string::npos);
  const Message again = parse_message(rendered);
  ASSERT_TRUE(again.ok());
  const Mapping m = map_to_commands(again, 20261130);
  ASSERT_EQ(m.payments.size(), 1u);
  ASSERT_TRUE(m.payments[0].cross_currency);
  EXPECT_EQ(m.payments[0].cross_currency->quote_id, 42u);
}

}  // namespace
}  // namespace corridor::iso20022
