// Round trip (issue 4): every schema-valid payment sample is accepted, is
// re-rendered by render_transfer() into a message that is valid against the
// official XSDs, and that message parses back into an equal model. Also the
// re-rendering Corridor uses to forward a settled pacs.008/pacs.009 (issue 5).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "iso20022/parse.h"
#include "iso20022/render_transfer.h"
#include "iso20022/xml_writer.h"
#include "render_test_util.h"
#include "sample_test_util.h"

namespace corridor::iso20022 {
namespace {

using testing::read_sample;
using testing::sample_part;
using testing::schema_of;
using testing::schema_problems;

std::string describe(const Problems& problems) {
  std::string text;
  for (const Problem& p : problems) text += p.code + " " + p.path + ": " + p.text + "\n";
  return text;
}

#define DIFF(field)                         \
  if (!(a.field == b.field)) {              \
    differences.push_back(prefix + #field); \
  }

// The fields in which two models differ, by name ("" prefix for the message).
std::vector<std::string> differences_between(const Message& a, const Message& b,
                                             bool compare_type = true) {
  std::vector<std::string> differences;
  std::string prefix;
  if (compare_type) DIFF(type);
  DIFF(header.present);
  DIFF(header.from_bic);
  DIFF(header.to_bic);
  DIFF(header.business_message_id);
  if (compare_type) DIFF(header.message_definition_id);
  DIFF(group.message_id);
  DIFF(group.created_ns);
  DIFF(group.number_of_transactions);
  DIFF(group.control_sum_minor);
  DIFF(group.total_minor);
  DIFF(group.total_currency);
  DIFF(group.settlement_method);
  DIFF(transactions.size());
  const auto agent_differences = [&](const Agent& x, const Agent& y, const std::string& name) {
    if (x.present != y.present) differences.push_back(prefix + name + ".present");
    if (x.bic != y.bic) differences.push_back(prefix + name + ".bic");
    if (x.member_id != y.member_id) differences.push_back(prefix + name + ".member_id");
    // Clearing system id, name and postal address.
    if (!(x.details == y.details)) differences.push_back(prefix + name + ".details");
  };
  for (size_t i = 0; i < a.transactions.size() && i < b.transactions.size(); ++i) {
    prefix = "transactions[" + std::to_string(i) + "].";
    const Transaction& ta = a.transactions[i];
    const Transaction& tb = b.transactions[i];
    {
      const Transaction& a = ta;
      const Transaction& b = tb;
      // `path` is where the transaction sits in its message: the sample's
      // envelope is not the rendered wrapper, so it is not content to compare.
      DIFF(instruction_id);
      DIFF(end_to_end_id);
      DIFF(transaction_id);
      DIFF(uetr);
      DIFF(currency);
      DIFF(amount_minor);
      DIFF(settlement_date);
      DIFF(instruction_priority);
      DIFF(earliest_ns);
      DIFF(latest_ns);
      DIFF(debtor_name);
      DIFF(creditor_name);
      DIFF(debtor_iban);
      DIFF(creditor_iban);
      DIFF(cover);
      DIFF(original_uetr);
      DIFF(return_reason);
      DIFF(times_on_business_day);
      DIFF(charge_bearer);
      DIFF(payment_type);
      DIFF(instructed_amount_minor);
      DIFF(instructed_currency);
      DIFF(debtor_address);
      DIFF(creditor_address);
      DIFF(debtor_account_other);
      DIFF(creditor_account_other);
      DIFF(remittance_unstructured);
      DIFF(previous_agents);
      DIFF(intermediary_agents);
      DIFF(underlying);
    }
    agent_differences(ta.instructing_agent, tb.instructing_agent, "instructing_agent");
    agent_differences(ta.instructed_agent, tb.instructed_agent, "instructed_agent");
    agent_differences(ta.debtor_agent, tb.debtor_agent, "debtor_agent");
    agent_differences(ta.creditor_agent, tb.creditor_agent, "creditor_agent");
  }
  return differences;
}

#undef DIFF

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += name + " ";
  return text;
}

// Schema-valid samples that break a rule the schema cannot express: the parser
// rightly rejects them (parse_test.cc checks the code), so they have no model
// to re-render.
const std::map<std::string, std::string> kRightlyRejected = {
    // Underlying customer IBAN BE34001216371411 fails mod 97 (illustrative data).
    {"pacs.009.001.08__fedwire__FICreditTransfer_Scenario6_Step1_pacs.009.xml", "AC01"},
};

struct Sample {
  std::string name;
  std::string bytes;
};

// The samples whose Document is one of `ids` and whose Document and AppHdr
// (when present) are valid against their own XSDs.
std::vector<Sample> schema_valid_samples(const std::vector<std::string>& ids) {
  std::vector<Sample> samples;
  for (const auto& entry : std::filesystem::directory_iterator(CORRIDOR_ISO_SAMPLES_DIR)) {
    Sample sample{entry.path().filename().string(), read_sample(entry.path())};
    const std::string document = sample_part(sample.bytes, "Document");
    if (document.empty()) continue;
    const std::string id = schema_of(document);
    bool wanted = false;
    for (const std::string& w : ids) wanted = wanted || w == id;
    if (!wanted || !schema_problems(sample.bytes).empty()) continue;
    samples.push_back(std::move(sample));
  }
  std::sort(samples.begin(), samples.end(),
            [](const Sample& x, const Sample& y) { return x.name < y.name; });
  return samples;
}

// parse -> render -> XSD -> parse, and the two models equal.
void expect_round_trip(const std::string& name, const std::string& bytes,
                       bool same_type_expected = true) {
  SCOPED_TRACE(name);
  const Message original = parse_message(bytes);
  ASSERT_TRUE(original.ok()) << name << " is schema-valid but rejected:\n"
                             << describe(original.problems);
  std::string rendered;
  try {
    rendered = render_transfer(original);
  } catch (const RenderError& e) {
    FAIL() << name << " cannot be re-rendered: " << e.what();
  }
  const std::string invalid = schema_problems(rendered);
  EXPECT_EQ(invalid, "") << name << " re-rendered is not schema-valid\n" << rendered;
  EXPECT_EQ(original.header.present, !sample_part(rendered, "AppHdr").empty()) << name;
  const Message again = parse_message(rendered);
  ASSERT_TRUE(again.ok()) << name << " re-rendered is rejected:\n"
                          << describe(again.problems) << rendered;
  const std::vector<std::string> differences =
      differences_between(original, again, same_type_expected);
  EXPECT_TRUE(differences.empty())
      << name << " differs after the round trip in: " << joined(differences) << "\n"
      << rendered;
}

TEST(RoundTrip, EverySchemaValidPaymentSampleReRendersToAnEqualSchemaValidMessage) {
  const std::vector<Sample> samples =
      schema_valid_samples({"pacs.008.001.08", "pacs.009.001.08", "pacs.004.001.09"});
  // shared/iso20022/samples has 8 pacs.008, 5 pacs.009 and 1 pacs.004.001.09;
  // at least one of each, so that a sample silently dropped (xmllint missing,
  // a bad path) cannot pass as "all good", and more may be added.
  for (const char* id : {"pacs.008.001.08__", "pacs.009.001.08__", "pacs.004.001.09__"}) {
    EXPECT_TRUE(std::any_of(samples.begin(), samples.end(),
                            [&](const Sample& s) { return s.name.rfind(id, 0) == 0; }))
        << "no schema-valid " << id << " sample";
  }
  int rightly_rejected = 0;
  int round_tripped = 0;
  for (const Sample& sample : samples) {
    if (auto rejected = kRightlyRejected.find(sample.name); rejected != kRightlyRejected.end()) {
      const Message message = parse_message(sample.bytes);
      ASSERT_FALSE(message.problems.empty()) << sample.name;
      EXPECT_EQ(message.problems.front().code, rejected->second) << sample.name;
      ++rightly_rejected;
      continue;
    }
    expect_round_trip(sample.name, sample.bytes);
    ++round_tripped;
  }
  EXPECT_EQ(round_tripped + rightly_rejected, static_cast<int>(samples.size()));
  EXPECT_GE(round_tripped, 13);
}

TEST(RoundTrip, AVersion10ReturnIsForwardedAsVersion09WithEveryFieldKept) {
  const std::vector<Sample> samples = schema_valid_samples({"pacs.004.001.10"});
  EXPECT_FALSE(samples.empty());  // three in shared/iso20022/samples
  for (const Sample& sample : samples) {
    expect_round_trip(sample.name, sample.bytes, /*same_type_expected=*/false);
    const Message again = parse_message(render_transfer(parse_message(sample.bytes)));
    EXPECT_EQ(again.type, MessageType::kPacs004v09) << sample.name;
  }
}

// Three currencies with 2, 0 and 3 minor units, times with zones and
// sub-millisecond fractions, IBANs, UETRs, member ids and group-level agents.
const char* const kThreeCurrencies = R"(<?xml version="1.0" encoding="UTF-8"?>
<BusinessMessage>
<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">
  <Fr><FIId><FinInstnId><BICFI>BANKDEFFXXX</BICFI></FinInstnId></FIId></Fr>
  <To><FIId><FinInstnId><BICFI>CORRXXRT</BICFI></FinInstnId></FIId></To>
  <BizMsgIdr>MSG-3CCY-0001</BizMsgIdr>
  <MsgDefIdr>pacs.008.001.08</MsgDefIdr>
  <CreDt>2026-11-27T09:15:00.123456789+01:00</CreDt>
</AppHdr>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
<FIToFICstmrCdtTrf>
  <GrpHdr>
    <MsgId>MSG-3CCY-0001</MsgId>
    <CreDtTm>2026-11-27T09:15:00.123456789+01:00</CreDtTm>
    <NbOfTxs>3</NbOfTxs>
    <CtrlSum>1234.56</CtrlSum>
    <IntrBkSttlmDt>2026-11-27</IntrBkSttlmDt>
    <SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>
    <InstgAgt><FinInstnId><BICFI>BANKDEFFXXX</BICFI></FinInstnId></InstgAgt>
    <InstdAgt><FinInstnId><BICFI>CORRXXRT</BICFI></FinInstnId></InstdAgt>
  </GrpHdr>
  <CdtTrfTxInf>
    <PmtId><InstrId>I-EUR</InstrId><EndToEndId>E-EUR</EndToEndId><TxId>T-EUR</TxId>
      <UETR>0f4c3e1a-2b6d-4c8e-9a1b-3c5d7e9f1a2b</UETR></PmtId>
    <PmtTpInf><InstrPrty>HIGH</InstrPrty></PmtTpInf>
    <IntrBkSttlmAmt Ccy="EUR">1234.56</IntrBkSttlmAmt>
    <SttlmTmReq><TillTm>16:00:00+01:00</TillTm><FrTm>08:30:00.5Z</FrTm></SttlmTmReq>
    <ChrgBr>SHAR</ChrgBr>
    <Dbtr><Nm>Müller &amp; Söhne GmbH</Nm></Dbtr>
    <DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>
    <DbtrAgt><FinInstnId><BICFI>BANKDEFFXXX</BICFI></FinInstnId></DbtrAgt>
    <CdtrAgt><FinInstnId><BICFI>BANKFRPP</BICFI></FinInstnId></CdtrAgt>
    <Cdtr><Nm>Dupont SA</Nm></Cdtr>
    <CdtrAcct><Id><IBAN>FR1420041010050500013M02606</IBAN></Id></CdtrAcct>
  </CdtTrfTxInf>
  <CdtTrfTxInf>
    <PmtId><EndToEndId>E-JPY</EndToEndId><UETR>1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d</UETR></PmtId>
    <IntrBkSttlmAmt Ccy="JPY">1234567</IntrBkSttlmAmt>
    <SttlmTmReq><FrTm>23:30:00-05:00</FrTm><RjctTm>23:45:00.000001-05:00</RjctTm></SttlmTmReq>
    <ChrgBr>DEBT</ChrgBr>
    <Dbtr><Nm>Debtor JP</Nm></Dbtr>
    <DbtrAgt><FinInstnId><ClrSysMmbId><MmbId>0005</MmbId></ClrSysMmbId></FinInstnId></DbtrAgt>
    <CdtrAgt><FinInstnId><BICFI>BOTKJPJT</BICFI><ClrSysMmbId><MmbId>0005</MmbId></ClrSysMmbId></FinInstnId></CdtrAgt>
    <Cdtr><Nm>Creditor JP</Nm></Cdtr>
  </CdtTrfTxInf>
  <CdtTrfTxInf>
    <PmtId><EndToEndId>E-KWD</EndToEndId></PmtId>
    <PmtTpInf><InstrPrty>NORM</InstrPrty></PmtTpInf>
    <IntrBkSttlmAmt Ccy="KWD">1234.567</IntrBkSttlmAmt>
    <IntrBkSttlmDt>2026-11-28</IntrBkSttlmDt>
    <SttlmTmReq><FrTm>01:00:00+03:00</FrTm></SttlmTmReq>
    <ChrgBr>CRED</ChrgBr>
    <Dbtr><Nm>Debtor KW</Nm></Dbtr>
    <DbtrAgt><FinInstnId><BICFI>NBOKKWKW</BICFI></FinInstnId></DbtrAgt>
    <CdtrAgt><FinInstnId><BICFI>CBKUKWKW</BICFI></FinInstnId></CdtrAgt>
    <Cdtr><Nm>Creditor KW</Nm></Cdtr>
  </CdtTrfTxInf>
</FIToFICstmrCdtTrf>
</Document>
</BusinessMessage>
)";

TEST(RoundTrip, APacs008InEurJpyAndKwdKeepsEveryAmountInMinorUnits) {
  // CtrlSum 1234.56 is not the sum of three currencies' amounts; drop it.
  std::string bytes = kThreeCurrencies;
  bytes.erase(bytes.find("    <CtrlSum>1234.56</CtrlSum>\n"),
              std::string("    <CtrlSum>1234.56</CtrlSum>\n").size());
  const Message original = parse_message(bytes);
  ASSERT_TRUE(original.ok()) << describe(original.problems);
  ASSERT_EQ(original.transactions.size(), 3u);
  EXPECT_EQ(original.transactions[0].amount_minor, 123456);   // EUR, 2 minor units
  EXPECT_EQ(original.transactions[1].amount_minor, 1234567);  // JPY, none
  EXPECT_EQ(original.transactions[2].amount_minor, 1234567);  // KWD, 3
  // The JPY times lie on the next UTC day (23:30-05:00): the rendered zone must
  // bring them back onto the settlement date, which is what the parser reads.
  EXPECT_GT(original.transactions[1].earliest_ns - original.transactions[0].earliest_ns,
            int64_t{15} * 3600 * 1'000'000'000);

  const std::string rendered = render_transfer(original);
  EXPECT_NE(rendered.find("<IntrBkSttlmAmt Ccy=\"EUR\">1234.56</IntrBkSttlmAmt>"),
            std::string::npos);
  EXPECT_NE(rendered.find("<IntrBkSttlmAmt Ccy=\"JPY\">1234567</IntrBkSttlmAmt>"),
            std::string::npos);
  EXPECT_NE(rendered.find("<IntrBkSttlmAmt Ccy=\"KWD\">1234.567</IntrBkSttlmAmt>"),
            std::string::npos);
  // Instants exact to the nanosecond, with the explicit +00:00 offset CBPR+
  // requires (never "Z"); times kept on their settlement date.
  for (const char* expected :
       {"<CreDt>2026-11-27T08:15:00.123456789+00:00</CreDt>",
        "<CreDtTm>2026-11-27T08:15:00.123456789+00:00</CreDtTm>",
        "<SttlmTmReq><TillTm>15:00:00+00:00</TillTm><FrTm>08:30:00.5+00:00</FrTm></SttlmTmReq>",
        "<SttlmTmReq><TillTm>23:45:00.000001-05:00</TillTm><FrTm>23:30:00-05:00</FrTm>",
        "<SttlmTmReq><FrTm>00:00:00+02:00</FrTm></SttlmTmReq>"}) {
    EXPECT_NE(rendered.find(expected), std::string::npos) << expected << "\n" << rendered;
  }
  EXPECT_EQ(schema_problems(rendered), "") << rendered;
  const Message again = parse_message(rendered);
  ASSERT_TRUE(again.ok()) << describe(again.problems) << rendered;
  EXPECT_EQ(joined(differences_between(original, again)), "") << rendered;
}

TEST(RoundTrip, SettlementTimesWithoutADateAreForwardedAsTimesOfTheBusinessDay) {
  // Without the group's IntrBkSttlmDt the EUR and JPY transactions have no date.
  std::string bytes = kThreeCurrencies;
  bytes.erase(bytes.find("    <CtrlSum>1234.56</CtrlSum>\n"),
              std::string("    <CtrlSum>1234.56</CtrlSum>\n").size());
  bytes.erase(bytes.find("    <IntrBkSttlmDt>2026-11-27</IntrBkSttlmDt>\n"),
              std::string("    <IntrBkSttlmDt>2026-11-27</IntrBkSttlmDt>\n").size());
  const Message original = parse_message(bytes);
  ASSERT_TRUE(original.ok()) << describe(original.problems);
  ASSERT_TRUE(original.transactions.at(0).times_on_business_day);
  EXPECT_FALSE(original.transactions.at(2).times_on_business_day);  // KWD has its own date
  const std::string rendered = render_transfer(original);
  EXPECT_NE(
      rendered.find("<SttlmTmReq><TillTm>15:00:00+00:00</TillTm><FrTm>08:30:00.5+00:00</FrTm>"),
      std::string::npos)
      << rendered;
  EXPECT_EQ(schema_problems(rendered), "") << rendered;
  const Message again = parse_message(rendered);
  ASSERT_TRUE(again.ok()) << describe(again.problems) << rendered;
  EXPECT_EQ(joined(differences_between(original, again)), "") << rendered;
}

TEST(RoundTrip, AOneCurrencyControlSumIsKept) {
  // Only the EUR transaction, so the CtrlSum 1234.56 is right and kept.
  std::string bytes = kThreeCurrencies;
  const size_t jpy = bytes.find("  <CdtTrfTxInf>\n    <PmtId><EndToEndId>E-JPY");
  const size_t end = bytes.find("</FIToFICstmrCdtTrf>");
  bytes.erase(jpy, end - jpy);
  bytes.replace(bytes.find("<NbOfTxs>3</NbOfTxs>"), 20, "<NbOfTxs>1</NbOfTxs>");
  const Message original = parse_message(bytes);
  ASSERT_TRUE(original.ok()) << describe(original.problems);
  ASSERT_EQ(original.group.control_sum_minor, core::AmountMinor{123456});
  const std::string rendered = render_transfer(original);
  EXPECT_NE(rendered.find("<CtrlSum>1234.56</CtrlSum>"), std::string::npos) << rendered;
  EXPECT_EQ(schema_problems(rendered), "") << rendered;
  const Message again = parse_message(rendered);
  ASSERT_TRUE(again.ok()) << describe(again.problems) << rendered;
  EXPECT_EQ(joined(differences_between(original, again)), "") << rendered;
}

TEST(RoundTrip, AMessageWithoutAnAppHdrIsRenderedWithoutOne) {
  std::string bytes = kThreeCurrencies;
  const size_t begin = bytes.find("<AppHdr");
  const size_t end = bytes.find("</AppHdr>") + std::string("</AppHdr>").size();
  bytes.erase(begin, end - begin);
  bytes.erase(bytes.find("    <CtrlSum>1234.56</CtrlSum>\n"),
              std::string("    <CtrlSum>1234.56</CtrlSum>\n").size());
  const Message original = parse_message(bytes);
  ASSERT_TRUE(original.ok()) << describe(original.problems);
  const std::string rendered = render_transfer(original);
  EXPECT_EQ(sample_part(rendered, "AppHdr"), "");
  EXPECT_EQ(schema_problems(rendered), "") << rendered;
  EXPECT_EQ(joined(differences_between(original, parse_message(rendered))), "");
}

TEST(RoundTrip, AHeaderThatNamesItsPartiesWithoutABicIsKeptSchemaValid) {
  std::string bytes = kThreeCurrencies;
  bytes.erase(bytes.find("    <CtrlSum>1234.56</CtrlSum>\n"),
              std::string("    <CtrlSum>1234.56</CtrlSum>\n").size());
  const std::string sender =
      "<Fr><FIId><FinInstnId><BICFI>BANKDEFFXXX</BICFI></FinInstnId></FIId></Fr>";
  const size_t at = bytes.find(sender);
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, sender.size(),
                "<Fr><FIId><FinInstnId><ClrSysMmbId><MmbId>10020030</MmbId></ClrSysMmbId>"
                "</FinInstnId></FIId></Fr>");
  const Message original = parse_message(bytes);
  ASSERT_TRUE(original.ok()) << describe(original.problems);
  ASSERT_EQ(original.header.from_bic, "");
  const std::string rendered = render_transfer(original);
  EXPECT_EQ(schema_problems(rendered), "") << rendered;
  EXPECT_EQ(joined(differences_between(original, parse_message(rendered))), "");
}

TEST(RoundTrip, AnEnvelopeDeclaringTheDocumentPrefixIsExtractedWhole) {
  const std::string part = sample_part(
      "<Envelope xmlns:p=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\">"
      "<p:Document><p:FIToFICstmrCdtTrf/></p:Document></Envelope>",
      "Document");
  EXPECT_EQ(schema_of(part), "pacs.008.001.08") << part;
}

TEST(RoundTrip, AMessageThatIsNotAPaymentIsNotRendered) {
  Message message;
  message.type = MessageType::kPacs002v10;
  EXPECT_THROW(render_transfer(message), RenderError);
  EXPECT_THROW(render_transfer(Message{}), RenderError);
}

TEST(RoundTrip, APaymentWithoutTransactionsIsNotRendered) {
  // CdtTrfTxInf is mandatory: rendering none would be schema-invalid.
  Message message = parse_message(std::string(kThreeCurrencies));
  message.transactions.clear();
  EXPECT_THROW(render_transfer(message), RenderError);
}

}  // namespace
}  // namespace corridor::iso20022

namespace corridor::iso20022 {
namespace {

// Every field forwarding must keep beyond the settlement data, in a pacs.008
// (schema order) and a pacs.009 cover.
const char* const kForwardedPacs008 = R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
<FIToFICstmrCdtTrf>
  <GrpHdr>
    <MsgId>FWD-1</MsgId>
    <CreDtTm>2026-11-27T09:15:00+00:00</CreDtTm>
    <NbOfTxs>1</NbOfTxs>
    <TtlIntrBkSttlmAmt Ccy="USD">2500.00</TtlIntrBkSttlmAmt>
    <IntrBkSttlmDt>2026-11-27</IntrBkSttlmDt>
    <SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>
  </GrpHdr>
  <CdtTrfTxInf>
    <PmtId><EndToEndId>E-FWD</EndToEndId><UETR>0f4c3e1a-2b6d-4c8e-9a1b-3c5d7e9f1a2b</UETR></PmtId>
    <PmtTpInf><InstrPrty>NORM</InstrPrty><ClrChanl>RTGS</ClrChanl><SvcLvl><Cd>G001</Cd></SvcLvl>
      <LclInstrm><Prtry>CTRC</Prtry></LclInstrm><CtgyPurp><Cd>SUPP</Cd></CtgyPurp></PmtTpInf>
    <IntrBkSttlmAmt Ccy="USD">2500.00</IntrBkSttlmAmt>
    <InstdAmt Ccy="EUR">2301.17</InstdAmt>
    <ChrgBr>DEBT</ChrgBr>
    <PrvsInstgAgt1><FinInstnId><BICFI>PREVGB2L</BICFI></FinInstnId></PrvsInstgAgt1>
    <InstgAgt><FinInstnId><BICFI>BANKUS33</BICFI><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>011000028</MmbId></ClrSysMmbId></FinInstnId></InstgAgt>
    <InstdAgt><FinInstnId><BICFI>CORRUS33</BICFI></FinInstnId></InstdAgt>
    <IntrmyAgt1><FinInstnId><ClrSysMmbId><ClrSysId><Prtry>FED</Prtry></ClrSysId><MmbId>021000021</MmbId></ClrSysMmbId><Nm>Intermediary Bank</Nm></FinInstnId></IntrmyAgt1>
    <Dbtr><Nm>Debtor Inc</Nm><PstlAdr><Dept>Treasury</Dept><StrtNm>Main Street</StrtNm><BldgNb>1</BldgNb><PstCd>10001</PstCd><TwnNm>New York</TwnNm><CtrySubDvsn>NY</CtrySubDvsn><Ctry>US</Ctry></PstlAdr></Dbtr>
    <DbtrAcct><Id><Othr><Id>123456789</Id><SchmeNm><Prtry>DDA</Prtry></SchmeNm></Othr></Id></DbtrAcct>
    <DbtrAgt><FinInstnId><BICFI>BANKUS33</BICFI><Nm>Bank of Debtors</Nm><PstlAdr><AdrLine>1 Bank Plaza</AdrLine><AdrLine>New York NY</AdrLine></PstlAdr></FinInstnId></DbtrAgt>
    <CdtrAgt><FinInstnId><BICFI>BANKFRPP</BICFI></FinInstnId></CdtrAgt>
    <Cdtr><Nm>Creditor SA</Nm><PstlAdr><TwnNm>Paris</TwnNm><Ctry>FR</Ctry><AdrLine>12 rue de la Paix</AdrLine></PstlAdr></Cdtr>
    <CdtrAcct><Id><Othr><Id>FR-987</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr></Id></CdtrAcct>
    <RmtInf><Ustrd>Invoice 42</Ustrd><Ustrd>and 43</Ustrd></RmtInf>
  </CdtTrfTxInf>
</FIToFICstmrCdtTrf>
</Document>
)";

const char* const kForwardedCover = R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.009.001.08">
<FICdtTrf>
  <GrpHdr>
    <MsgId>COV-1</MsgId>
    <CreDtTm>2026-11-27T09:15:00+00:00</CreDtTm>
    <NbOfTxs>1</NbOfTxs>
    <SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf>
  </GrpHdr>
  <CdtTrfTxInf>
    <PmtId><EndToEndId>E-COV</EndToEndId><UETR>1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d</UETR></PmtId>
    <IntrBkSttlmAmt Ccy="EUR">1000.00</IntrBkSttlmAmt>
    <IntrBkSttlmDt>2026-11-27</IntrBkSttlmDt>
    <InstgAgt><FinInstnId><BICFI>BANKDEFF</BICFI></FinInstnId></InstgAgt>
    <InstdAgt><FinInstnId><BICFI>CORRDEFF</BICFI></FinInstnId></InstdAgt>
    <Dbtr><FinInstnId><BICFI>BANKDEFF</BICFI><Nm>Bank D</Nm></FinInstnId></Dbtr>
    <Cdtr><FinInstnId><BICFI>BANKFRPP</BICFI></FinInstnId></Cdtr>
    <UndrlygCstmrCdtTrf>
      <Dbtr><Nm>Müller GmbH</Nm><PstlAdr><TwnNm>Berlin</TwnNm><Ctry>DE</Ctry></PstlAdr></Dbtr>
      <DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>
      <DbtrAgt><FinInstnId><BICFI>BANKDEFF</BICFI></FinInstnId></DbtrAgt>
      <CdtrAgt><FinInstnId><BICFI>BANKFRPP</BICFI><ClrSysMmbId><ClrSysId><Cd>FRRTP</Cd></ClrSysId><MmbId>30004</MmbId></ClrSysMmbId></FinInstnId></CdtrAgt>
      <Cdtr><Nm>Dupont SA</Nm></Cdtr>
      <CdtrAcct><Id><Othr><Id>00012345</Id></Othr></Id></CdtrAcct>
      <RmtInf><Ustrd>Order 7</Ustrd></RmtInf>
      <InstdAmt Ccy="EUR">1000.00</InstdAmt>
    </UndrlygCstmrCdtTrf>
  </CdtTrfTxInf>
</FICdtTrf>
</Document>
)";

TEST(Forwarding, APacs008KeepsAccountsChargesPaymentTypeAgentsAddressesAndRemittance) {
  const Message original = parse_message(kForwardedPacs008);
  ASSERT_TRUE(original.ok()) << describe(original.problems);
  const Transaction& t = original.transactions.at(0);
  EXPECT_EQ(t.charge_bearer, "DEBT");
  ASSERT_TRUE(t.payment_type);
  EXPECT_EQ(t.payment_type->clearing_channel, "RTGS");
  EXPECT_EQ(t.payment_type->service_level_code, "G001");
  EXPECT_EQ(t.payment_type->local_instrument_proprietary, "CTRC");
  EXPECT_EQ(t.payment_type->category_purpose_code, "SUPP");
  EXPECT_EQ(t.instructed_amount_minor, core::AmountMinor{230117});
  ASSERT_TRUE(t.debtor_account_other);
  EXPECT_EQ(t.debtor_account_other->id, "123456789");
  EXPECT_EQ(t.debtor_account_other->scheme_proprietary, "DDA");
  EXPECT_EQ(t.creditor_account_other->scheme_code, "BBAN");
  ASSERT_TRUE(t.instructing_agent.details);
  EXPECT_EQ(t.instructing_agent.details->clearing_system_code, "USABA");
  EXPECT_EQ(t.instructing_agent.member_id, "011000028");
  ASSERT_TRUE(t.debtor_agent.details && t.debtor_agent.details->address);
  EXPECT_EQ(t.debtor_agent.details->name, "Bank of Debtors");
  EXPECT_EQ(t.debtor_agent.details->address->lines.size(), 2u);
  ASSERT_TRUE(t.debtor_address);
  EXPECT_EQ(t.debtor_address->town_name, "New York");
  EXPECT_EQ(t.debtor_address->country, "US");
  EXPECT_EQ(t.remittance_unstructured, (std::vector<std::string>{"Invoice 42", "and 43"}));
  ASSERT_TRUE(t.previous_agents && t.intermediary_agents);
  EXPECT_EQ((*t.previous_agents)[0].bic, "PREVGB2L");
  EXPECT_EQ((*t.intermediary_agents)[0].details->clearing_system_proprietary, "FED");
  EXPECT_EQ(original.group.total_minor, core::AmountMinor{250000});

  const std::string rendered = render_transfer(original);
  EXPECT_EQ(schema_problems(rendered), "") << rendered;
  const Message again = parse_message(rendered);
  ASSERT_TRUE(again.ok()) << describe(again.problems) << rendered;
  EXPECT_EQ(joined(differences_between(original, again)), "") << rendered;
}

TEST(Forwarding, APacs009CoverKeepsTheUnderlyingCustomerTransfer) {
  const Message original = parse_message(kForwardedCover);
  ASSERT_TRUE(original.ok()) << describe(original.problems);
  const Transaction& t = original.transactions.at(0);
  ASSERT_TRUE(t.cover && t.underlying);
  const UnderlyingTransfer& u = *t.underlying;
  EXPECT_EQ(u.debtor_name, "Müller GmbH");
  EXPECT_EQ(u.debtor_address->town_name, "Berlin");
  EXPECT_EQ(u.debtor_iban, "DE89370400440532013000");
  EXPECT_EQ(u.debtor_agent.bic, "BANKDEFF");
  EXPECT_EQ(u.creditor_agent.details->clearing_system_code, "FRRTP");
  EXPECT_EQ(u.creditor_name, "Dupont SA");
  EXPECT_EQ(u.creditor_account_other->id, "00012345");
  EXPECT_EQ(u.remittance_unstructured, std::vector<std::string>{"Order 7"});
  EXPECT_EQ(u.instructed_amount_minor, core::AmountMinor{100000});

  const std::string rendered = render_transfer(original);
  EXPECT_EQ(schema_problems(rendered), "") << rendered;
  const Message again = parse_message(rendered);
  ASSERT_TRUE(again.ok()) << describe(again.problems) << rendered;
  EXPECT_EQ(joined(differences_between(original, again)), "") << rendered;
}

TEST(Forwarding, AGroupLevelAgentKeepsItsDetailsOnEveryTransaction) {
  std::string bytes = kForwardedPacs008;
  const std::string own =
      "<InstgAgt><FinInstnId><BICFI>BANKUS33</BICFI><ClrSysMmbId><ClrSysId><Cd>USABA</Cd>"
      "</ClrSysId><MmbId>011000028</MmbId></ClrSysMmbId></FinInstnId></InstgAgt>";
  bytes.erase(bytes.find(own), own.size());
  bytes.insert(bytes.find("  </GrpHdr>"), "    " + own + "\n");
  const Message original = parse_message(bytes);
  ASSERT_TRUE(original.ok()) << describe(original.problems);
  const Agent& agent = original.transactions.at(0).instructing_agent;
  ASSERT_TRUE(agent.details);
  EXPECT_EQ(agent.details->clearing_system_code, "USABA");
  EXPECT_EQ(agent.member_id, "011000028");
  const std::string rendered = render_transfer(original);
  EXPECT_EQ(schema_problems(rendered), "") << rendered;
  const Message again = parse_message(rendered);
  ASSERT_TRUE(again.ok()) << describe(again.problems) << rendered;
  EXPECT_EQ(joined(differences_between(original, again)), "") << rendered;
}

TEST(Forwarding, OverLongTextsAreCutToTheSchemaLengthAndStaySchemaValid) {
  const std::string long_town(60, 'x');  // TwnNm is Max35Text
  const std::string bytes =
      std::string(kForwardedPacs008)
          .replace(std::string(kForwardedPacs008).find("Paris"), 5, long_town);
  const Message original = parse_message(bytes);
  ASSERT_TRUE(original.ok()) << describe(original.problems);
  EXPECT_EQ(original.transactions.at(0).creditor_address->town_name, long_town);
  const std::string rendered = render_transfer(original);
  EXPECT_EQ(schema_problems(rendered), "") << rendered;
  EXPECT_EQ(parse_message(rendered).transactions.at(0).creditor_address->town_name,
            std::string(35, 'x'));
}

TEST(Forwarding, ACodeOutsideItsListIsRefusedWithFf01) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"<ChrgBr>DEBT</ChrgBr>", "<ChrgBr>OURS</ChrgBr>"},
           {"<ClrChanl>RTGS</ClrChanl>", "<ClrChanl>FAST</ClrChanl>"},
           {"<Ctry>US</Ctry>", "<Ctry>usa</Ctry>"}}) {
    std::string bytes = kForwardedPacs008;
    bytes.replace(bytes.find(from), from.size(), to);
    const Message message = parse_message(bytes);
    ASSERT_EQ(message.problems.size(), 1u) << to << "\n" << describe(message.problems);
    EXPECT_EQ(message.problems[0].code, "FF01") << to;
  }
}

}  // namespace
}  // namespace corridor::iso20022
