// Queue management and queries over the network API, end to end over TLS:
// pacs.028 status requests (pacs.002), camt.005 queries (camt.006), camt.056
// whole-message cancellation and camt.056 / camt.007 with several requests
// (one camt.029), moving a queued payment through the JSON API, and times
// without a date placed on the business day the journal is on.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "iso20022/message_type.h"
#include "iso20022/parse.h"
#include "render_test_util.h"
#include "service_fixture.h"

namespace corridor::gateway {
namespace {

using nlohmann::json;
using namespace service_testing;
using iso20022::testing::expect_schema_valid;

// A pacs.028 from `sender`; each reference is a UETR, "id:X" for OrgnlInstrId X
// or "e2e:X" for OrgnlEndToEndId X.
std::string pacs028(const std::string& sender, const std::string& message_id,
                    const std::vector<std::string>& references) {
  std::string txs;
  int n = 0;
  for (const std::string& reference : references) {
    txs += "\n      <TxInf><StsReqId>SR-" + std::to_string(++n) + "</StsReqId>";
    if (reference.starts_with("id:")) {
      txs += "<OrgnlInstrId>" + reference.substr(3) + "</OrgnlInstrId>";
    } else if (reference.starts_with("e2e:")) {
      txs += "<OrgnlEndToEndId>" + reference.substr(4) + "</OrgnlEndToEndId>";
    } else {
      txs += "<OrgnlUETR>" + reference + "</OrgnlUETR>";
    }
    txs += "<InstgAgt><FinInstnId><BICFI>" + sender +
           "</BICFI></FinInstnId></InstgAgt><InstdAgt><FinInstnId><BICFI>CRDRCHZ0</BICFI>"
           "</FinInstnId></InstdAgt></TxInf>";
  }
  return in_envelope(sender, message_id, "pacs.028.001.03",
                     R"(
  <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.028.001.03">
    <FIToFIPmtStsReq>
      <GrpHdr><MsgId>)" + message_id +
                         R"(</MsgId><CreDtTm>2026-11-30T10:05:00Z</CreDtTm></GrpHdr>)" + txs + R"(
    </FIToFIPmtStsReq>
  </Document>)");
}

// A camt.005 from `sender` with the PmtSch criteria given (none: every payment).
std::string camt005(const std::string& sender, const std::string& message_id,
                    const std::string& criteria) {
  const std::string search = criteria.empty() ? std::string()
                                              : "<TxCrit><NewCrit><SchCrit><PmtSch>" + criteria +
                                                    "</PmtSch></SchCrit></NewCrit></TxCrit>";
  return in_envelope(sender, message_id, "camt.005.001.08", R"(
  <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.005.001.08">
    <GetTx>
      <MsgHdr><MsgId>)" + message_id + R"(</MsgId><CreDtTm>2026-11-30T10:05:00Z</CreDtTm></MsgHdr>
      <TxQryDef>)" + search + R"(</TxQryDef>
    </GetTx>
  </Document>)");
}

// A camt.056 from `sender` cancelling the whole message `original_message_id`.
std::string camt056_group(const std::string& sender, const std::string& message_id,
                          const std::string& original_message_id) {
  return in_envelope(sender, message_id, "camt.056.001.08", R"(
  <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.056.001.08">
    <FIToFIPmtCxlReq>
      <Assgnmt>
        <Id>)" + message_id + R"(</Id>
        <Assgnr><Agt><FinInstnId><BICFI>)" + sender + R"(</BICFI></FinInstnId></Agt></Assgnr>
        <Assgne><Agt><FinInstnId><BICFI>CRDRCHZ0</BICFI></FinInstnId></Agt></Assgne>
        <CreDtTm>2026-11-30T10:05:00Z</CreDtTm>
      </Assgnmt>
      <Undrlyg>
        <OrgnlGrpInfAndCxl>
          <OrgnlMsgId>)" + original_message_id + R"(</OrgnlMsgId>
          <OrgnlMsgNmId>pacs.008.001.08</OrgnlMsgNmId>
          <GrpCxl>true</GrpCxl>
        </OrgnlGrpInfAndCxl>
      </Undrlyg>
    </FIToFIPmtCxlReq>
  </Document>)");
}

// A camt.056 from `sender` with one TxInf per UETR.
std::string camt056_several(const std::string& sender, const std::string& message_id,
                            const std::vector<std::string>& uetrs) {
  std::string txs;
  for (const std::string& u : uetrs) {
    txs += "<TxInf><OrgnlUETR>" + u + "</OrgnlUETR></TxInf>";
  }
  return in_envelope(sender, message_id, "camt.056.001.08", R"(
  <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.056.001.08">
    <FIToFIPmtCxlReq>
      <Assgnmt>
        <Id>)" + message_id + R"(</Id>
        <Assgnr><Agt><FinInstnId><BICFI>)" + sender + R"(</BICFI></FinInstnId></Agt></Assgnr>
        <Assgne><Agt><FinInstnId><BICFI>CRDRCHZ0</BICFI></FinInstnId></Agt></Assgne>
        <CreDtTm>2026-11-30T10:05:00Z</CreDtTm>
      </Assgnmt>
      <Undrlyg>)" + txs + R"(</Undrlyg>
    </FIToFIPmtCxlReq>
  </Document>)");
}

// A camt.007 from `sender` giving each UETR priority HIGH.
std::string camt007_several(const std::string& sender, const std::string& message_id,
                            const std::vector<std::string>& uetrs) {
  std::string mods;
  for (const std::string& u : uetrs) {
    mods += "<Mod><PmtId><LngBizId><TxId>T-1</TxId><UETR>" + u +
            "</UETR><IntrBkSttlmAmt>1.00</IntrBkSttlmAmt><IntrBkSttlmDt>2026-11-30</IntrBkSttlmDt>"
            "<InstgAgt><FinInstnId><BICFI>" +
            sender +
            "</BICFI></FinInstnId></InstgAgt><InstdAgt><FinInstnId><BICFI>LTSBCNB0</BICFI>"
            "</FinInstnId></InstdAgt></LngBizId></PmtId>"
            "<NewPmtValSet><Prty><Cd>HIGH</Cd></Prty></NewPmtValSet></Mod>";
  }
  return in_envelope(sender, message_id, "camt.007.001.08",
                     R"(
  <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.007.001.08">
    <ModfyTx>
      <MsgHdr><MsgId>)" + message_id +
                         R"(</MsgId><CreDtTm>2026-11-30T10:05:00Z</CreDtTm></MsgHdr>)" + mods + R"(
    </ModfyTx>
  </Document>)");
}

// The texts of every `tag` element in `xml`, in order.
std::vector<std::string> all_texts(const std::string& xml, const std::string& tag) {
  std::vector<std::string> out;
  const std::string open = "<" + tag + ">";
  const std::string close = "</" + tag + ">";
  for (size_t at = xml.find(open); at != std::string::npos; at = xml.find(open, at + 1)) {
    const size_t start = at + open.size();
    out.push_back(xml.substr(start, xml.find(close, start) - start));
  }
  return out;
}

class QueueManagementTest : public ServiceTest {
 protected:
  json get_json(const std::string& stem, const std::string& target, unsigned status = 200) {
    const ClientResponse response = send(stem, "GET", target);
    EXPECT_EQ(response.status, status) << target << ": " << response.body;
    return json::parse(response.body, nullptr, false);
  }
  std::string pay(const std::string& from, const std::string& to, const std::string& amount,
                  const std::string& id, int n) {
    const ClientResponse response =
        send(from, "POST", "/v1/messages", pacs008("M-" + id, {{from, to, amount, id, uetr(n)}}));
    EXPECT_EQ(response.status, 200u) << response.body;
    return response.body;
  }
  ClientResponse post_json(const std::string& stem, const std::string& target,
                           const std::string& body) {
    return send(stem, "POST", target, body, "application/json");
  }
  std::string status_of(const std::string& stem, int n) {
    return get_json(stem, "/v1/payments/" + uetr(n))["status"];
  }
  // The reader's inbox messages of one kind.
  std::vector<json> inbox_of(const std::string& stem, const std::string& kind) {
    std::vector<json> found;
    const json page = get_json(stem, "/v1/inbox?after=0&limit=500");
    for (const json& m : page["messages"]) {
      if (m["kind"] == kind) found.push_back(m);
    }
    return found;
  }
};

TEST_F(QueueManagementTest, AStatusRequestAnswersThePartiesOwnPaymentsAndNoorForAnyOther) {
  pay(kLotus, kSilk, "100.00", "T-1", 1);  // settles
  pay(kSilk, kLotus, "500.00", "Q-1", 2);  // queued: Silk Road lacks the funds
  const ClientResponse answer =
      send(kLotus, "POST", "/v1/messages",
           pacs028(kLotus, "SR-M-1", {uetr(1), uetr(2), uetr(99), "id:T-1", "id:NOPE"}));
  ASSERT_EQ(answer.status, 200u) << answer.body;
  expect_schema_valid(answer.body, "pacs.002.001.10");
  EXPECT_EQ(all_texts(answer.body, "TxSts"),
            (std::vector<std::string>{"ACSC", "ACSP", "RJCT", "ACSC", "RJCT"}))
      << answer.body;
  EXPECT_EQ(count_of(answer.body, "<Cd>NOOR</Cd>"), 2) << answer.body;
  // The original message's id comes from the message log.
  EXPECT_NE(answer.body.find("<OrgnlMsgId>M-T-1</OrgnlMsgId>"), std::string::npos) << answer.body;

  // Another participant's payment is answered exactly like one that does not
  // exist, by UETR and by instruction id (Silk Road did not send T-1).
  const ClientResponse other =
      send("BERZRUM0XXX", "POST", "/v1/messages", pacs028("BERZRUM0XXX", "SR-B-1", {uetr(1)}));
  ASSERT_EQ(other.status, 200u) << other.body;
  const ClientResponse unknown =
      send("BERZRUM0XXX", "POST", "/v1/messages", pacs028("BERZRUM0XXX", "SR-B-2", {uetr(99)}));
  EXPECT_EQ(all_texts(other.body, "TxSts"), std::vector<std::string>{"RJCT"});
  EXPECT_EQ(all_texts(other.body, "AddtlInf"), all_texts(unknown.body, "AddtlInf"));
  EXPECT_EQ(all_texts(other.body, "Cd"), all_texts(unknown.body, "Cd"));
  const ClientResponse by_id =
      send(kSilk, "POST", "/v1/messages", pacs028(kSilk, "SR-S-1", {"id:T-1"}));
  EXPECT_EQ(all_texts(by_id.body, "TxSts"), std::vector<std::string>{"RJCT"}) << by_id.body;
  // A query journals nothing; and it may not be sent for someone else.
  const uint64_t seq = last_seq();
  send(kLotus, "POST", "/v1/messages", pacs028(kLotus, "SR-M-2", {uetr(1)}));
  EXPECT_EQ(last_seq(), seq);
  EXPECT_EQ(send(kSilk, "POST", "/v1/messages", pacs028(kLotus, "SR-X", {uetr(1)})).status, 403u);
  EXPECT_EQ(send("operator", "POST", "/v1/messages", pacs028(kLotus, "SR-O", {uetr(1)})).status,
            403u);
}

TEST_F(QueueManagementTest, AGetTransactionQueryListsOnlyWhatTheSenderMaySeeWithinTheBound) {
  pay(kLotus, kSilk, "100.00", "G-1", 1);  // settles
  pay(kLotus, kSilk, "2.00", "G-2", 2);    // settles
  pay(kSilk, kLotus, "500.00", "G-3", 3);  // queued
  const ClientResponse all = send(kLotus, "POST", "/v1/messages", camt005(kLotus, "Q-ALL", ""));
  ASSERT_EQ(all.status, 200u) << all.body;
  expect_schema_valid(all.body, "camt.006.001.08");
  for (int n : {1, 2, 3}) EXPECT_NE(all.body.find(uetr(n)), std::string::npos) << n;

  const ClientResponse queued = send(
      kLotus, "POST", "/v1/messages",
      camt005(kLotus, "Q-PSTL", "<Sts><PmtInstrSts><PdgSts>PSTL</PdgSts></PmtInstrSts></Sts>"));
  ASSERT_EQ(queued.status, 200u) << queued.body;
  expect_schema_valid(queued.body, "camt.006.001.08");
  EXPECT_NE(queued.body.find(uetr(3)), std::string::npos);
  EXPECT_EQ(queued.body.find(uetr(1)), std::string::npos);
  EXPECT_EQ(queued.body.find(uetr(2)), std::string::npos);

  const ClientResponse by_message =
      send(kLotus, "POST", "/v1/messages", camt005(kLotus, "Q-MSG", "<MsgId>M-G-2</MsgId>"));
  EXPECT_NE(by_message.body.find(uetr(2)), std::string::npos) << by_message.body;
  EXPECT_EQ(by_message.body.find(uetr(1)), std::string::npos);

  // Bereza is party to none of them: it learns nothing, even asking by UETR.
  const ClientResponse stranger =
      send("BERZRUM0XXX", "POST", "/v1/messages",
           camt005("BERZRUM0XXX", "Q-B",
                   "<PmtId><LngBizId><TxId>G-1</TxId><UETR>" + uetr(1) +
                       "</UETR><IntrBkSttlmAmt>100.00</IntrBkSttlmAmt>"
                       "<IntrBkSttlmDt>2026-11-30</IntrBkSttlmDt>"
                       "<InstgAgt><FinInstnId><BICFI>LTSBCNB0</BICFI></FinInstnId></InstgAgt>"
                       "<InstdAgt><FinInstnId><BICFI>SILKCNB0</BICFI></FinInstnId></InstdAgt>"
                       "</LngBizId></PmtId>"));
  ASSERT_EQ(stranger.status, 200u) << stranger.body;
  expect_schema_valid(stranger.body, "camt.006.001.08");
  EXPECT_EQ(count_of(stranger.body, "<BizErr>"), 1) << stranger.body;
  EXPECT_EQ(count_of(stranger.body, "<Cd>NOOR</Cd>"), 1) << stranger.body;
  EXPECT_EQ(stranger.body.find("<Amt"), std::string::npos) << stranger.body;

  // More matches than limits.inbox_page_limit_max: refused, to be narrowed.
  config_.limits.inbox_page_limit_max = 2;
  restart();
  const ClientResponse too_many =
      send(kLotus, "POST", "/v1/messages", camt005(kLotus, "Q-ALL-2", ""));
  EXPECT_EQ(too_many.status, 422u) << too_many.body;
  EXPECT_NE(too_many.body.find("more than 2"), std::string::npos) << too_many.body;
  // The lists are rebuilt from the journal after the restart.
  const ClientResponse narrowed = send(kLotus, "POST", "/v1/messages",
                                       camt005(kLotus, "Q-PSTL-2",
                                               "<Sts><PmtInstrSts><PdgSts>PSTL</PdgSts>"
                                               "</PmtInstrSts></Sts>"));
  EXPECT_EQ(narrowed.status, 200u) << narrowed.body;
  EXPECT_NE(narrowed.body.find(uetr(3)), std::string::npos) << narrowed.body;
}

// Corridor keys a payment by its InstrId; its EndToEndId (the customer's
// reference) is kept from the message, so searches by it find the payment.
TEST_F(QueueManagementTest, SearchesByAnEndToEndIdOtherThanTheInstructionIdFindThePayment) {
  std::string body = pacs008("M-E2E", {{kLotus, kSilk, "3.00", "E-1", uetr(1)}});
  const std::string given = "<EndToEndId>E-1</EndToEndId>";
  ASSERT_NE(body.find(given), std::string::npos);
  body.replace(body.find(given), given.size(), "<EndToEndId>CUST-REF-9</EndToEndId>");
  ASSERT_EQ(send(kLotus, "POST", "/v1/messages", body).status, 200u);
  pay(kLotus, kSilk, "4.00", "E-2", 2);  // EndToEndId the same as its InstrId

  const ClientResponse found =
      send(kLotus, "POST", "/v1/messages",
           camt005(kLotus, "Q-E2E", "<EndToEndId>CUST-REF-9</EndToEndId>"));
  ASSERT_EQ(found.status, 200u) << found.body;
  EXPECT_NE(found.body.find(uetr(1)), std::string::npos) << found.body;
  EXPECT_EQ(found.body.find(uetr(2)), std::string::npos) << found.body;
  EXPECT_NE(found.body.find("<EndToEndId>CUST-REF-9</EndToEndId>"), std::string::npos)
      << found.body;
  const ClientResponse same = send(kLotus, "POST", "/v1/messages",
                                   camt005(kLotus, "Q-E2E-2", "<EndToEndId>E-2</EndToEndId>"));
  EXPECT_NE(same.body.find(uetr(2)), std::string::npos) << same.body;
  EXPECT_EQ(same.body.find(uetr(1)), std::string::npos) << same.body;

  const ClientResponse status = send(kLotus, "POST", "/v1/messages",
                                     pacs028(kLotus, "SR-E2E", {"e2e:CUST-REF-9", "e2e:NOPE"}));
  ASSERT_EQ(status.status, 200u) << status.body;
  EXPECT_EQ(all_texts(status.body, "TxSts"), (std::vector<std::string>{"ACSC", "RJCT"}))
      << status.body;
  // Only the sender's own references are searched.
  const ClientResponse other =
      send(kSilk, "POST", "/v1/messages", pacs028(kSilk, "SR-E2E-S", {"e2e:CUST-REF-9"}));
  EXPECT_EQ(all_texts(other.body, "TxSts"), std::vector<std::string>{"RJCT"}) << other.body;

  // After a restart the references come back with the journal.
  restart();
  const ClientResponse again =
      send(kLotus, "POST", "/v1/messages",
           camt005(kLotus, "Q-E2E-3", "<EndToEndId>CUST-REF-9</EndToEndId>"));
  EXPECT_NE(again.body.find(uetr(1)), std::string::npos) << again.body;
}

TEST_F(QueueManagementTest, AWholeMessageIsCancelledPaymentByPaymentAndRepeatsItsAnswer) {
  // One message, three payments from Silk Road: two queue, one settles.
  const ClientResponse sent = send(kSilk, "POST", "/v1/messages",
                                   pacs008("BULK-1", {{kSilk, kLotus, "0.01", "B-1", uetr(1)},
                                                      {kSilk, kLotus, "300.00", "B-2", uetr(2)},
                                                      {kSilk, kLotus, "400.00", "B-3", uetr(3)}}));
  ASSERT_EQ(sent.status, 200u) << sent.body;
  EXPECT_EQ(all_texts(sent.body, "TxSts"), (std::vector<std::string>{"ACSC", "ACSP", "ACSP"}));
  // Lotus may not cancel Silk Road's message: it sent no message BULK-1.
  const ClientResponse foreign =
      send(kLotus, "POST", "/v1/messages", camt056_group(kLotus, "CXL-L", "BULK-1"));
  ASSERT_EQ(foreign.status, 200u) << foreign.body;
  expect_schema_valid(foreign.body, "camt.029.001.09");
  EXPECT_NE(foreign.body.find("<GrpCxlSts>RJCR</GrpCxlSts>"), std::string::npos) << foreign.body;
  EXPECT_NE(foreign.body.find("<Cd>NOOR</Cd>"), std::string::npos);
  EXPECT_EQ(status_of(kSilk, 2), "queued");

  const ClientResponse answer =
      send(kSilk, "POST", "/v1/messages", camt056_group(kSilk, "CXL-G", "BULK-1"));
  ASSERT_EQ(answer.status, 200u) << answer.body;
  expect_schema_valid(answer.body, "camt.029.001.09");
  EXPECT_NE(answer.body.find("<Conf>CNCL</Conf>"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("<GrpCxlSts>ACCR</GrpCxlSts>"), std::string::npos);
  EXPECT_EQ(all_texts(answer.body, "TxCxlSts"), (std::vector<std::string>{"ACCR", "ACCR"}));
  EXPECT_EQ(all_texts(answer.body, "OrgnlUETR"), (std::vector<std::string>{uetr(2), uetr(3)}));
  EXPECT_EQ(status_of(kSilk, 1), "settled");
  EXPECT_EQ(status_of(kSilk, 2), "cancelled");
  EXPECT_EQ(status_of(kSilk, 3), "cancelled");
  // Each cancellation is its own journaled request: its camt.029 is in the inbox.
  EXPECT_EQ(inbox_of(kSilk, "resolution").size(), 2u);
  // Sent again (a lost answer): the same answer, nothing applied twice.
  const uint64_t seq = last_seq();
  const ClientResponse again =
      send(kSilk, "POST", "/v1/messages", camt056_group(kSilk, "CXL-G", "BULK-1"));
  EXPECT_EQ(all_texts(again.body, "TxCxlSts"), all_texts(answer.body, "TxCxlSts"));
  EXPECT_EQ(all_texts(again.body, "BizMsgIdr"), all_texts(answer.body, "BizMsgIdr"));
  EXPECT_EQ(inbox_of(kSilk, "resolution").size(), 2u);
  EXPECT_EQ(last_seq(), seq + 2);  // two repeats journaled, nothing applied
}

TEST_F(QueueManagementTest, AWholeMessagePartlyCancelledIsPartiallyAccepted) {
  send(kSilk, "POST", "/v1/messages",
       pacs008("BULK-2", {{kSilk, kLotus, "300.00", "P-1", uetr(1)},
                          {kSilk, kLotus, "400.00", "P-2", uetr(2)}}));
  // One is cancelled by itself first: the group's request for it is NOOR.
  ASSERT_EQ(send(kSilk, "POST", "/v1/messages", camt056(kSilk, "CXL-1", "P-1", uetr(1))).status,
            200u);
  const ClientResponse answer =
      send(kSilk, "POST", "/v1/messages", camt056_group(kSilk, "CXL-G2", "BULK-2"));
  ASSERT_EQ(answer.status, 200u) << answer.body;
  expect_schema_valid(answer.body, "camt.029.001.09");
  EXPECT_NE(answer.body.find("<Conf>RJCR</Conf>"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("<GrpCxlSts>PACR</GrpCxlSts>"), std::string::npos) << answer.body;
  EXPECT_EQ(all_texts(answer.body, "TxCxlSts"), (std::vector<std::string>{"RJCR", "ACCR"}));
  EXPECT_EQ(status_of(kSilk, 2), "cancelled");
  // Asked again under a new id: both are cancelled already, NOOR each.
  const uint64_t seq = last_seq();
  const ClientResponse none =
      send(kSilk, "POST", "/v1/messages", camt056_group(kSilk, "CXL-G3", "BULK-2"));
  EXPECT_NE(none.body.find("<GrpCxlSts>RJCR</GrpCxlSts>"), std::string::npos) << none.body;
  EXPECT_EQ(last_seq(), seq + 2);  // asked again for the two cancelled ones: NOOR each
}

TEST_F(QueueManagementTest, SeveralRequestsInOneMessageGetOneCamt029WithATransactionEach) {
  pay(kSilk, kLotus, "300.00", "S-1", 1);  // queued
  pay(kSilk, kLotus, "400.00", "S-2", 2);  // queued
  pay(kLotus, kSilk, "1.00", "S-3", 3);    // settled, Lotus's
  const ClientResponse changed =
      send(kSilk, "POST", "/v1/messages", camt007_several(kSilk, "MOD-2", {uetr(1), uetr(2)}));
  ASSERT_EQ(changed.status, 200u) << changed.body;
  expect_schema_valid(changed.body, "camt.029.001.09");
  EXPECT_NE(changed.body.find("<Conf>MODI</Conf>"), std::string::npos) << changed.body;
  EXPECT_EQ(count_of(changed.body, "<TxInfAndSts>"), 2);
  EXPECT_EQ(pending_priority(uetr(1)), core::Priority::kUrgent);
  EXPECT_EQ(pending_priority(uetr(2)), core::Priority::kUrgent);

  const ClientResponse cancelled = send(
      kSilk, "POST", "/v1/messages", camt056_several(kSilk, "CXL-3", {uetr(1), uetr(3), uetr(2)}));
  ASSERT_EQ(cancelled.status, 200u) << cancelled.body;
  expect_schema_valid(cancelled.body, "camt.029.001.09");
  // Not every request was accepted: RJCR, each transaction with its own status.
  EXPECT_NE(cancelled.body.find("<Conf>RJCR</Conf>"), std::string::npos) << cancelled.body;
  EXPECT_EQ(all_texts(cancelled.body, "TxCxlSts"),
            (std::vector<std::string>{"ACCR", "RJCR", "ACCR"}));
  EXPECT_EQ(all_texts(cancelled.body, "OrgnlUETR"),
            (std::vector<std::string>{uetr(1), uetr(3), uetr(2)}));
  EXPECT_EQ(status_of(kSilk, 1), "cancelled");
  EXPECT_EQ(status_of(kSilk, 2), "cancelled");
  EXPECT_EQ(status_of(kLotus, 3), "settled");
  // Two camt.007 and three camt.056 requests: five camt.029 in the inbox.
  EXPECT_EQ(inbox_of(kSilk, "resolution").size(), 5u);
  // One request alone is answered as it always was: no group, one transaction.
  pay(kSilk, kLotus, "500.00", "S-4", 4);
  const ClientResponse one =
      send(kSilk, "POST", "/v1/messages", camt056_several(kSilk, "CXL-4", {uetr(4)}));
  EXPECT_NE(one.body.find("<Conf>CNCL</Conf>"), std::string::npos) << one.body;
  EXPECT_EQ(count_of(one.body, "<TxInfAndSts>"), 1);
  EXPECT_EQ(inbox_of(kSilk, "resolution").back()["message_id"],
            all_texts(iso20022::testing::extract_part(one.body, "AppHdr"), "BizMsgIdr").front());
}

TEST_F(QueueManagementTest, AQueuedPaymentMovedToTheTopSettlesFirst) {
  pay(kSilk, kLotus, "50.00", "M-1", 1);  // queued first
  pay(kSilk, kLotus, "60.00", "M-2", 2);  // queued behind it
  const ClientResponse moved =
      post_json(kSilk, "/v1/payments/" + uetr(2) + "/move", R"({"position": "top"})");
  ASSERT_EQ(moved.status, 200u) << moved.body;
  const json answer = json::parse(moved.body);
  EXPECT_EQ(answer["uetr"], uetr(2));
  EXPECT_EQ(answer["moved"], true);
  // 60.00 in all: enough for the one at the top, not for both.
  pay(kLotus, kSilk, "59.99", "M-3", 3);
  EXPECT_EQ(status_of(kSilk, 2), "settled");
  EXPECT_EQ(status_of(kSilk, 1), "queued");
  const json history = get_json(kSilk, "/v1/payments/" + uetr(2))["history"];
  ASSERT_GE(history.size(), 3u) << history.dump(1);
  EXPECT_EQ(history[2]["step"], "moved");
  EXPECT_EQ(history[2]["by"], kSilk);
  // Moving to the bottom, and the JSON equivalents of camt.007 and camt.056.
  EXPECT_EQ(
      post_json(kSilk, "/v1/payments/" + uetr(1) + "/move", R"({"position": "bottom"})").status,
      200u);
  const ClientResponse priority =
      post_json(kSilk, "/v1/payments/" + uetr(1) + "/priority", R"({"priority": "urgent"})");
  EXPECT_EQ(priority.status, 200u) << priority.body;
  EXPECT_EQ(pending_priority(uetr(1)), core::Priority::kUrgent);
  const ClientResponse cancel = post_json(kSilk, "/v1/payments/" + uetr(1) + "/cancel", "");
  EXPECT_EQ(cancel.status, 200u) << cancel.body;
  EXPECT_EQ(json::parse(cancel.body)["cancelled"], true);
  EXPECT_EQ(status_of(kSilk, 1), "cancelled");
}

TEST_F(QueueManagementTest, MovingAnotherBanksPaymentLeaksNothingAndBadRequestsAreRefused) {
  pay(kSilk, kLotus, "50.00", "N-1", 1);  // queued, Silk Road's
  // The creditor agent does not own it: NOOR, the same as for no payment at all.
  const ClientResponse foreign =
      post_json(kLotus, "/v1/payments/" + uetr(1) + "/move", R"({"position": "top"})");
  const ClientResponse unknown =
      post_json(kLotus, "/v1/payments/" + uetr(77) + "/move", R"({"position": "top"})");
  EXPECT_EQ(foreign.status, 422u) << foreign.body;
  EXPECT_EQ(unknown.status, 422u) << unknown.body;
  const json f = json::parse(foreign.body);
  const json u = json::parse(unknown.body);
  EXPECT_EQ(f["reason"], "NOOR");
  EXPECT_EQ(f["reason"], u["reason"]);
  EXPECT_EQ(f["error"], u["error"]);
  EXPECT_EQ(f["moved"], false);
  EXPECT_EQ(post_json(kLotus, "/v1/payments/" + uetr(1) + "/cancel", "{}").status, 422u);
  EXPECT_EQ(status_of(kSilk, 1), "queued");

  const std::string target = "/v1/payments/" + uetr(1) + "/move";
  EXPECT_EQ(post_json(kSilk, target, "{").status, 400u);
  EXPECT_EQ(post_json(kSilk, target, R"({"position": "middle"})").status, 400u);
  EXPECT_EQ(post_json(kSilk, target, R"({"position": "top", "x": 1})").status, 400u);
  EXPECT_EQ(post_json(kSilk, "/v1/payments/not-a-uetr/move", R"({"position": "top"})").status,
            400u);
  EXPECT_EQ(
      post_json(kSilk, "/v1/payments/" + uetr(1) + "/priority", R"({"priority": "highly_urgent"})")
          .status,
      400u);
  EXPECT_EQ(post_json("operator", target, R"({"position": "top"})").status, 403u);
  EXPECT_EQ(send(kSilk, "GET", target).status, 405u);
}

TEST_F(QueueManagementTest, ARequestIdMakesAQueueRequestExactlyOnce) {
  pay(kSilk, kLotus, "50.00", "X-1", 1);  // queued, Silk Road's
  const std::string cancel = "/v1/payments/" + uetr(1) + "/cancel";
  const ClientResponse first = post_json(kSilk, cancel, R"({"request_id": "CXL-1"})");
  ASSERT_EQ(first.status, 200u) << first.body;
  const json a = json::parse(first.body);
  EXPECT_EQ(a["cancelled"], true);
  EXPECT_EQ(a["repeat"], false);
  const uint64_t seq = last_seq();
  // The retry (its answer lost, say) gets the first answer, and journals no change.
  const ClientResponse retry = post_json(kSilk, cancel, R"({"request_id": "CXL-1"})");
  ASSERT_EQ(retry.status, 200u) << retry.body;
  const json b = json::parse(retry.body);
  EXPECT_EQ(b["cancelled"], true);
  EXPECT_EQ(b["repeat"], true);
  EXPECT_EQ(b["journal_seq"], a["journal_seq"]);
  EXPECT_EQ(status_of(kSilk, 1), "cancelled");
  // Without one, a second cancel is a new request: the payment is gone.
  EXPECT_EQ(post_json(kSilk, cancel, "{}").status, 422u);
  // The same request_id for another request is refused, changing nothing.
  pay(kSilk, kLotus, "60.00", "X-2", 2);  // queued
  const ClientResponse reused =
      post_json(kSilk, "/v1/payments/" + uetr(2) + "/cancel", R"({"request_id": "CXL-1"})");
  EXPECT_EQ(reused.status, 422u) << reused.body;
  EXPECT_EQ(json::parse(reused.body)["reason"], "DUPL");
  EXPECT_EQ(status_of(kSilk, 2), "queued");
  // A request_id apart from the payments' own ids: "X-2" is a payment's InstrId.
  EXPECT_EQ(post_json(kSilk, "/v1/payments/" + uetr(2) + "/move",
                      R"({"position": "top", "request_id": "X-2"})")
                .status,
            200u);
  EXPECT_GT(last_seq(), seq);
  for (const char* bad : {R"({"request_id": ""})", R"({"request_id": 7})",
                          R"({"request_id": "123456789012345678901234567890123"})"}) {
    EXPECT_EQ(post_json(kSilk, cancel, bad).status, 400u) << bad;
  }
}

TEST_F(QueueManagementTest, TimesWithoutADateArePlacedOnTheBusinessDayAfterTheOperatorClosesOne) {
  const ClientResponse closed = send("operator", "POST", "/v1/admin/day/close",
                                     R"({"next_value_date": "2026-12-01"})", "application/json");
  ASSERT_EQ(closed.status, 200u) << closed.body;
  // FrTm 23:00 UTC without IntrBkSttlmDt: on the new business day, 2026-12-01.
  std::string message = pacs008("M-D-1", {{kLotus, kSilk, "1.00", "D-1", uetr(1)}});
  message = testing::replaced(message, "<IntrBkSttlmDt>2026-11-30</IntrBkSttlmDt>",
                              "<SttlmTmReq><FrTm>23:00:00Z</FrTm></SttlmTmReq>");
  const ClientResponse answer = send(kLotus, "POST", "/v1/messages", message);
  ASSERT_EQ(answer.status, 200u) << answer.body;
  core::TimestampNs earliest_ns = 0;
  service_->engine().inspect([&](const journal::Machine& machine) {
    if (const core::Payment* p = machine.core().find_pending(*core::Uetr::parse(uetr(1)))) {
      earliest_ns = p->earliest_ns;
    }
  });
  EXPECT_EQ(earliest_ns, 1'796'166'000'000'000'000) << answer.body;  // 2026-12-01T23:00:00Z
}

// The messages docs/api.md posts with curl ("Queue management and queries").
TEST(QueueManagementExamples, TheDocumentedMessagesAreSchemaValidAndReadable) {
  const std::vector<std::pair<std::string, std::string>> examples = {
      {"pacs028_lotus_status.xml", "pacs.028.001.03"},
      {"camt005_lotus_queued.xml", "camt.005.001.08"},
      {"camt056_lotus_cancel_message.xml", "camt.056.001.08"}};
  for (const auto& [file, type] : examples) {
    std::ifstream in(std::string(CORRIDOR_EXAMPLES_DIR) + "/messages/" + file);
    std::stringstream text;
    text << in.rdbuf();
    ASSERT_FALSE(text.str().empty()) << file;
    // The schema check cuts AppHdr and Document out of a BusinessMessage wrapper.
    std::string wrapped = testing::replaced(text.str(), "<Envelope>", "<BusinessMessage>");
    wrapped = testing::replaced(wrapped, "</Envelope>", "</BusinessMessage>");
    expect_schema_valid(wrapped, type);
    const iso20022::Message message = iso20022::parse_message(text.str());
    EXPECT_TRUE(message.ok()) << file;
    ASSERT_TRUE(message.type.has_value()) << file;
    EXPECT_EQ(iso20022::message_id(*message.type), type);
  }
}

}  // namespace
}  // namespace corridor::gateway
