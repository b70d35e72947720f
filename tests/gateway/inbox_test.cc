// What participants read, end to end over TLS: inboxes (forwarded payments,
// notifications, later status reports, resolutions) and their
// acknowledgement, tracking, finality receipts, statements, accounts and the
// intraday report; all rebuilt identically after a restart.
#include <gtest/gtest.h>
#include <openssl/x509.h>

#include <nlohmann/json.hpp>

#include "receipt/pem.h"
#include "receipt/receipt_json.h"
#include "receipt/signing.h"
#include "render_test_util.h"
#include "service_fixture.h"

namespace corridor::gateway {
namespace {

using nlohmann::json;
using namespace service_testing;

class InboxTest : public ServiceTest {
 protected:
  json get_json(const std::string& stem, const std::string& target, unsigned status = 200) {
    const ClientResponse response = send(stem, "GET", target);
    EXPECT_EQ(response.status, status) << target << ": " << response.body;
    return json::parse(response.body, nullptr, false);
  }
  json inbox(const std::string& stem, uint64_t after = 0) {
    return get_json(stem, "/v1/inbox?after=" + std::to_string(after) + "&limit=500");
  }
  // The inbox's messages about one payment, in order.
  std::vector<json> about(const json& page, const std::string& uetr_text) {
    std::vector<json> found;
    for (const json& m : page["messages"]) {
      if (m["uetr"] == uetr_text) found.push_back(m);
    }
    return found;
  }
  std::string pay(const std::string& from, const std::string& to, const std::string& amount,
                  const std::string& id, int n) {
    const ClientResponse response =
        send(from, "POST", "/v1/messages", pacs008("M-" + id, {{from, to, amount, id, uetr(n)}}));
    EXPECT_EQ(response.status, 200u) << response.body;
    return response.body;
  }
  void end_of_day() {
    core::EndOfDay eod;
    eod.next_value_date = 20261201;
    const auto out = service_->engine().submit_and_wait(
        journal::Submission{core::Bic(), core::InstructionId(), core::Command{0, eod}});
    ASSERT_TRUE(out.applied.result.ok());
  }
};

TEST_F(InboxTest, ASettledPaymentIsForwardedToTheCreditorAndNotifiedToBoth) {
  pay(kLotus, kSilk, "100.00", "T-1", 1);
  const json silk = inbox(kSilk);
  const std::vector<json> to_silk = about(silk, uetr(1));
  ASSERT_EQ(to_silk.size(), 2u) << silk.dump(1);
  EXPECT_EQ(to_silk[0]["kind"], "payment");
  EXPECT_EQ(to_silk[0]["message_type"], "pacs.008.001.08");
  const std::string forwarded = to_silk[0]["xml"];
  // What Lotus sent, from Corridor to Silk Road.
  EXPECT_NE(forwarded.find("<Nm>Alice</Nm>"), std::string::npos) << forwarded;
  EXPECT_NE(forwarded.find("<Nm>Bob</Nm>"), std::string::npos);
  EXPECT_EQ(
      iso20022::testing::first_text(iso20022::testing::extract_part(forwarded, "AppHdr"), "BICFI"),
      "CRDRCHZ0");
  iso20022::testing::expect_schema_valid(forwarded, "pacs.008.001.08");
  EXPECT_EQ(to_silk[1]["kind"], "credit_notification");
  const std::string credit = to_silk[1]["xml"];
  EXPECT_NE(credit.find("<CdtDbtInd>CRDT</CdtDbtInd>"), std::string::npos);
  EXPECT_NE(credit.find(">100.00</Amt>"), std::string::npos) << credit;
  iso20022::testing::expect_schema_valid(credit, "camt.054.001.08");

  const std::vector<json> to_lotus = about(inbox(kLotus), uetr(1));
  ASSERT_EQ(to_lotus.size(), 1u);
  EXPECT_EQ(to_lotus[0]["kind"], "debit_notification");
  EXPECT_NE(std::string(to_lotus[0]["xml"]).find("<CdtDbtInd>DBIT</CdtDbtInd>"), std::string::npos);
}

TEST_F(InboxTest, AQueuedPaymentsLaterSettlementReachesItsSenderAsPacs002Acsc) {
  const std::string answer = pay(kSilk, kLotus, "50.00", "Q-1", 2);  // Silk holds 0.01 CNY
  EXPECT_NE(answer.find("<TxSts>ACSP</TxSts>"), std::string::npos);
  EXPECT_TRUE(about(inbox(kSilk), uetr(2)).empty());  // nothing yet: the answer said ACSP
  EXPECT_TRUE(about(inbox(kLotus), uetr(2)).empty());
  pay(kLotus, kSilk, "100.00", "T-2", 3);  // funds Silk: the queued payment settles
  const std::vector<json> to_silk = about(inbox(kSilk), uetr(2));
  ASSERT_EQ(to_silk.size(), 2u);
  EXPECT_EQ(to_silk[0]["kind"], "debit_notification");
  EXPECT_EQ(to_silk[1]["kind"], "status_report");
  const std::string report = to_silk[1]["xml"];
  EXPECT_NE(report.find("<TxSts>ACSC</TxSts>"), std::string::npos) << report;
  iso20022::testing::expect_schema_valid(report, "pacs.002.001.10");
  const std::vector<json> to_lotus = about(inbox(kLotus), uetr(2));
  ASSERT_EQ(to_lotus.size(), 2u);
  EXPECT_EQ(to_lotus[0]["kind"], "payment");
  EXPECT_EQ(to_lotus[1]["kind"], "credit_notification");
}

TEST_F(InboxTest, ACancelledQueuedPaymentGivesTheRequesterItsCamt029AndTheSenderAnRjct) {
  pay(kSilk, kLotus, "50.00", "Q-3", 4);
  const ClientResponse answer =
      send(kSilk, "POST", "/v1/messages", camt056(kSilk, "C-1", "Q-3", uetr(4)));
  ASSERT_EQ(answer.status, 200u) << answer.body;
  const std::vector<json> to_silk = about(inbox(kSilk), uetr(4));
  ASSERT_EQ(to_silk.size(), 2u) << inbox(kSilk).dump(1);
  EXPECT_EQ(to_silk[0]["kind"], "status_report");
  EXPECT_NE(std::string(to_silk[0]["xml"]).find("<TxSts>RJCT</TxSts>"), std::string::npos);
  EXPECT_EQ(to_silk[1]["kind"], "resolution");
  // The same camt.029 as the HTTP answer: one id for one case.
  EXPECT_EQ(iso20022::testing::first_text(iso20022::testing::extract_part(answer.body, "AppHdr"),
                                          "BizMsgIdr"),
            to_silk[1]["message_id"]);
  EXPECT_NE(std::string(to_silk[1]["xml"]).find("<Conf>CNCL</Conf>"), std::string::npos);
  iso20022::testing::expect_schema_valid(to_silk[1]["xml"], "camt.029.001.09");
  EXPECT_TRUE(about(inbox(kLotus), uetr(4)).empty());
}

TEST_F(InboxTest, APaymentToAnIndirectParticipantIsForwardedToItsSettlementBank) {
  const std::string answer = pay(kSilk, kBamboo, "0.01", "B-1", 5);
  EXPECT_NE(answer.find("<TxSts>ACSC</TxSts>"), std::string::npos) << answer;
  const std::vector<json> to_lotus = about(inbox(kLotus), uetr(5));
  ASSERT_EQ(to_lotus.size(), 2u);  // Bamboo's payment and the credit on Lotus's account
  EXPECT_EQ(to_lotus[0]["kind"], "payment");
  EXPECT_NE(std::string(to_lotus[0]["xml"]).find("BAMBCNS0"), std::string::npos);
  EXPECT_EQ(to_lotus[1]["kind"], "credit_notification");
  // Bamboo has no certificate of its own: its tracking is its settlement bank's.
  EXPECT_EQ(get_json(kLotus, "/v1/payments/" + uetr(5))["creditor_agent"], kBamboo);
}

TEST_F(InboxTest, PagesFollowTheCursorAndAcknowledgementMovesTheDefaultStart) {
  pay(kLotus, kSilk, "1.00", "P-1", 6);
  pay(kLotus, kSilk, "1.00", "P-2", 7);
  const json all = inbox(kSilk);
  const uint64_t size = all["size"];
  ASSERT_GE(size, 4u);
  const json first = get_json(kSilk, "/v1/inbox?after=0&limit=2");
  ASSERT_EQ(first["messages"].size(), 2u);
  EXPECT_EQ(first["next_after"], 2);
  EXPECT_TRUE(first["more"].get<bool>());
  const json second = get_json(kSilk, "/v1/inbox?after=2&limit=2");
  EXPECT_EQ(second["messages"][0]["cursor"], 3);
  EXPECT_EQ(second["messages"][0]["xml"], all["messages"][2]["xml"]);

  const ClientResponse ack =
      send(kSilk, "POST", "/v1/inbox/ack", R"({"cursor": 3})", "application/json");
  EXPECT_EQ(ack.status, 200u) << ack.body;
  const json from_ack = get_json(kSilk, "/v1/inbox");
  EXPECT_EQ(from_ack["after"], 3);
  EXPECT_EQ(from_ack["acknowledged"], 3);
  EXPECT_EQ(from_ack["messages"][0]["cursor"], 4);
  // Going back changes nothing; beyond the end is refused; the body is checked.
  EXPECT_EQ(json::parse(send(kSilk, "POST", "/v1/inbox/ack", R"({"cursor": 1})", "application/json")
                            .body)["acknowledged"],
            3);
  EXPECT_EQ(send(kSilk, "POST", "/v1/inbox/ack", R"({"cursor": 999})", "application/json").status,
            422u);
  EXPECT_EQ(send(kSilk, "POST", "/v1/inbox/ack", R"({"cursor": -1})", "application/json").status,
            400u);
  EXPECT_EQ(send(kSilk, "POST", "/v1/inbox/ack", "{", "application/json").status, 400u);
  EXPECT_EQ(send(kSilk, "GET", "/v1/inbox?after=x").status, 400u);
  EXPECT_EQ(send(kSilk, "GET", "/v1/inbox?limit=0").status, 400u);
  EXPECT_EQ(send(kSilk, "GET", "/v1/inbox?limit=100000").status, 400u);
}

TEST_F(InboxTest, InboxesAcknowledgementsAndTrackingAreTheSameAfterARestart) {
  pay(kLotus, kSilk, "100.00", "R-1", 8);
  pay(kSilk, kLotus, "500.00", "R-2", 9);  // queued
  send(kSilk, "POST", "/v1/inbox/ack", R"({"cursor": 2})", "application/json");
  const json silk = inbox(kSilk);
  const json lotus = inbox(kLotus);
  const json tracked = get_json(kSilk, "/v1/payments/" + uetr(9));
  restart();
  EXPECT_EQ(inbox(kSilk), silk);
  EXPECT_EQ(inbox(kLotus), lotus);
  EXPECT_EQ(get_json(kSilk, "/v1/payments/" + uetr(9)), tracked);
  EXPECT_EQ(get_json(kSilk, "/v1/inbox")["acknowledged"], 2);
  // And it goes on from there: the queued payment settles after the restart.
  pay(kLotus, kSilk, "600.00", "R-3", 10);
  const std::vector<json> later = about(inbox(kSilk), uetr(9));
  ASSERT_EQ(later.size(), 2u);
  EXPECT_EQ(later[1]["kind"], "status_report");
}

TEST_F(InboxTest, TrackingShowsTheHistoryToThePartiesOnly) {
  pay(kSilk, kLotus, "50.00", "H-1", 11);   // queued
  pay(kLotus, kSilk, "100.00", "H-2", 12);  // releases it
  const json tracked = get_json(kSilk, "/v1/payments/" + uetr(11));
  EXPECT_EQ(tracked["status"], "settled");
  EXPECT_EQ(tracked["amount"], "50.00");
  EXPECT_EQ(tracked["currency"], "CNY");
  EXPECT_EQ(tracked["debtor_agent"], kSilk);
  EXPECT_EQ(tracked["creditor_agent"], kLotus);
  ASSERT_EQ(tracked["history"].size(), 3u) << tracked.dump(1);
  EXPECT_EQ(tracked["history"][0]["step"], "accepted");
  EXPECT_EQ(tracked["history"][1]["step"], "queued");
  EXPECT_EQ(tracked["history"][2]["step"], "settled");
  EXPECT_EQ(tracked["history"][2]["settled_by"], "queue_resolution");
  EXPECT_EQ(get_json(kLotus, "/v1/payments/" + uetr(11))["status"], "settled");
  // A third party learns nothing, not even that the payment exists.
  const json other = get_json("BERZRUM0XXX", "/v1/payments/" + uetr(11), 404);
  EXPECT_TRUE(std::any_of(log_lines_.begin(), log_lines_.end(), [](const std::string& line) {
    return line.find("\"refused\"") != std::string::npos &&
           line.find("is not a party to payment") != std::string::npos;
  }));
  EXPECT_EQ(
      get_json("BERZRUM0XXX", "/v1/payments/" + uetr(99), 404)["error"].get<std::string>().find(
          "no payment"),
      0u);
  EXPECT_EQ(send(kSilk, "GET", "/v1/payments/not-a-uetr").status, 400u);
  EXPECT_EQ(send("operator", "GET", "/v1/inbox").status, 403u);
}

TEST_F(InboxTest, ASettledPaymentsReceiptVerifiesWithTheOperatorCertificate) {
  pay(kLotus, kSilk, "100.00", "F-1", 13);
  const ClientResponse response = send(kSilk, "GET", "/v1/receipts/" + uetr(13));
  ASSERT_EQ(response.status, 200u) << response.body;
  const auto parsed = receipt::parse_json(response.body);
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  const auto cert = receipt::load_certificate_pem(config_.tls.pki_dir + "/operator.pem");
  ASSERT_TRUE(cert.ok());
  const receipt::Verification verification = receipt::verify(*parsed.value, cert.value->get());
  EXPECT_TRUE(verification.valid) << verification.reason;
  EXPECT_EQ(parsed.value->receipt.amount_minor, 10000);
  EXPECT_EQ(parsed.value->receipt.debtor_agent, *core::Bic::parse(kLotus));
  // The same receipt after a restart: everything it binds comes from the journal.
  restart();
  EXPECT_EQ(send(kSilk, "GET", "/v1/receipts/" + uetr(13)).body, response.body);
  pay(kSilk, kLotus, "900.00", "F-2", 14);  // queued: no receipt
  EXPECT_EQ(send(kSilk, "GET", "/v1/receipts/" + uetr(14)).status, 409u);
}

TEST_F(InboxTest, AccountsShowLiveBalancesAndTheIntradayReportIsAValidCamt052) {
  pay(kLotus, kSilk, "100.00", "A-1", 15);
  const json accounts = get_json(kLotus, "/v1/accounts");
  ASSERT_EQ(accounts["accounts"].size(), 1u);
  EXPECT_EQ(accounts["accounts"][0]["currency"], "CNY");
  EXPECT_EQ(accounts["accounts"][0]["balance"], "900.50");
  EXPECT_EQ(accounts["accounts"][0]["credit_line"], "200.00");
  EXPECT_EQ(accounts["value_date"], "2026-11-30");
  const ClientResponse report = send(kLotus, "GET", "/v1/reports/intraday");
  ASSERT_EQ(report.status, 200u) << report.body;
  iso20022::testing::expect_schema_valid(report.body, "camt.052.001.08");
  EXPECT_NE(report.body.find(uetr(15)), std::string::npos);
  // Plain decimal text, signed: no separators (1000.00, not 1,000.00).
  pay(kLotus, kSilk, "1000.00", "A-2", 17);
  EXPECT_EQ(get_json(kLotus, "/v1/accounts")["accounts"][0]["balance"], "-99.50");
  EXPECT_EQ(get_json(kLotus, "/v1/payments/" + uetr(17))["amount"], "1000.00");
  // Silk Road has two accounts: it must say which.
  EXPECT_EQ(send(kSilk, "GET", "/v1/reports/intraday").status, 400u);
  EXPECT_EQ(send(kSilk, "GET", "/v1/reports/intraday?currency=RUB").status, 200u);
}

TEST_F(InboxTest, AClosedDaysStatementIsAValidCamt053WithTheDaysEntries) {
  pay(kLotus, kSilk, "100.00", "S-1", 16);
  EXPECT_EQ(send(kLotus, "GET", "/v1/statements/2026-11-30").status, 404u);  // still open
  end_of_day();
  const ClientResponse statement = send(kLotus, "GET", "/v1/statements/2026-11-30");
  ASSERT_EQ(statement.status, 200u) << statement.body;
  iso20022::testing::expect_schema_valid(statement.body, "camt.053.001.08");
  EXPECT_NE(statement.body.find(uetr(16)), std::string::npos);
  EXPECT_NE(statement.body.find("<Cd>OPBD</Cd>"), std::string::npos);
  EXPECT_EQ(send(kLotus, "GET", "/v1/statements/2026-13-01").status, 400u);
  EXPECT_EQ(send(kSilk, "GET", "/v1/statements/2026-11-30?currency=CNY").status, 200u);
  EXPECT_EQ(json::parse(send(kLotus, "GET", "/v1/accounts").body)["value_date"], "2026-12-01");
}

}  // namespace
}  // namespace corridor::gateway
