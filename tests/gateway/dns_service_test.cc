// Deferred net settlement through the service, end to end over TLS: the
// operator sets net debit caps and settles a cycle (/v1/admin/dns/...);
// participants send DNS payments as pacs.008 with PmtTpInf/ClrChanl MPNS and
// get their notifications when the cycle settles (docs/api.md, "DNS").
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "receipt/utc_time.h"
#include "receipt_check.h"
#include "render_test_util.h"
#include "service_fixture.h"

namespace corridor::gateway {
namespace {

using nlohmann::json;
using namespace service_testing;

// A pacs.008 for the DNS service (ClrChanl MPNS) in CNY.
std::string dns_pacs008(const std::string& from, const std::string& to, const std::string& amount,
                        const std::string& id, const std::string& uetr_text) {
  Transfer transfer{from, to, amount, id, uetr_text};
  transfer.clearing_channel = "MPNS";
  return pacs008("M-" + id, {transfer});
}

class DnsServiceTest : public ServiceTest {
 protected:
  struct Answer {
    unsigned status = 0;
    json body;
  };
  Answer admin(const std::string& method, const std::string& target, const json& body = {}) {
    const ClientResponse r = send("operator", method, target,
                                  body.is_null() ? std::string() : body.dump(), "application/json");
    return Answer{r.status, json::parse(r.body, nullptr, false)};
  }
  std::string pay(const std::string& from, const std::string& to, const std::string& amount,
                  const std::string& id, int n) {
    const ClientResponse r =
        send(from, "POST", "/v1/messages", dns_pacs008(from, to, amount, id, uetr(n)));
    EXPECT_EQ(r.status, 200u) << r.body;
    return r.body;
  }
  std::vector<json> inbox_about(const std::string& stem, const std::string& uetr_text) {
    const ClientResponse r = send(stem, "GET", "/v1/inbox?after=0&limit=500");
    std::vector<json> found;
    const json page = json::parse(r.body);
    for (const json& m : page["messages"]) {
      if (m["uetr"] == uetr_text) found.push_back(m);
    }
    return found;
  }
  void set_cap(const std::string& bic, const std::string& cap) {
    const Answer a =
        admin("POST", "/v1/admin/dns/caps", {{"bic", bic}, {"currency", "CNY"}, {"cap", cap}});
    ASSERT_EQ(a.status, 200u) << a.body.dump();
  }
};

TEST_F(DnsServiceTest, ADnsPaymentIsAcceptedAcspAndMovesNoBalanceUntilTheCycleSettles) {
  set_cap(kLotus, "500.00");
  const std::string answer = pay(kLotus, kSilk, "100.00", "D-1", 1);
  EXPECT_NE(answer.find("<TxSts>ACSP</TxSts>"), std::string::npos) << answer;
  iso20022::testing::expect_schema_valid(answer, "pacs.002.001.10");
  EXPECT_EQ(balance_minor(kLotus), 100050);
  EXPECT_EQ(balance_minor(kSilk), 1);
  const Answer cycle = admin("GET", "/v1/admin/dns/CNY");
  ASSERT_EQ(cycle.status, 200u);
  EXPECT_EQ(cycle.body["open_payment_count"], 1);
  ASSERT_EQ(cycle.body["accounts"].size(), 2u) << cycle.body.dump();
  EXPECT_EQ(cycle.body["accounts"][0]["bic"], kLotus);
  EXPECT_EQ(cycle.body["accounts"][0]["cap"], "500.00");
  EXPECT_EQ(cycle.body["accounts"][0]["position"], "-100.00");
  EXPECT_EQ(cycle.body["accounts"][1]["bic"], kSilk);
  EXPECT_EQ(cycle.body["accounts"][1]["position"], "100.00");
}

TEST_F(DnsServiceTest, APaymentBeyondTheNetDebitCapIsRejectedAm14) {
  set_cap(kLotus, "50.00");
  const std::string answer = pay(kLotus, kSilk, "50.01", "D-2", 2);
  EXPECT_NE(answer.find("<TxSts>RJCT</TxSts>"), std::string::npos) << answer;
  EXPECT_NE(answer.find("<Cd>AM14</Cd>"), std::string::npos) << answer;
  EXPECT_EQ(admin("GET", "/v1/admin/dns/CNY").body["open_payment_count"], 0);
}

TEST_F(DnsServiceTest, SettlingTheCycleMovesTheNetAndNotifiesEachParty) {
  set_cap(kLotus, "500.00");
  set_cap(kSilk, "500.00");
  pay(kLotus, kSilk, "100.00", "D-1", 1);
  pay(kSilk, kLotus, "30.00", "D-3", 3);
  const Answer settled = admin("POST", "/v1/admin/dns/CNY/settle", json::object());
  ASSERT_EQ(settled.status, 200u) << settled.body.dump();
  const json& report = settled.body["report"];
  EXPECT_EQ(report["cycle"], 1);
  EXPECT_EQ(report["payment_count"], 2);
  EXPECT_EQ(report["gross_value"], "130.00");
  EXPECT_EQ(report["fund_required"], "100.00");  // Lotus's peak net debit
  ASSERT_EQ(report["positions"].size(), 2u);
  EXPECT_EQ(report["positions"][0]["bic"], kLotus);
  EXPECT_EQ(report["positions"][0]["net"], "-70.00");
  EXPECT_EQ(report["positions"][0]["paid"], "70.00");
  EXPECT_EQ(report["positions"][1]["net"], "70.00");
  // Net 70.00 moved; then Lotus, the only one with a net debit in the cycle
  // (peak 100.00), paid the whole fund requirement from what it had left.
  EXPECT_EQ(report["positions"][0]["contribution_after"], "100.00");
  EXPECT_EQ(report["fund_after"], "100.00");
  EXPECT_EQ(balance_minor(kLotus), 100050 - 7000 - 10000);
  EXPECT_EQ(balance_minor(kSilk), 1 + 7000);
  EXPECT_EQ(admin("GET", "/v1/admin/dns/CNY/report").body, report);

  // Lotus sent D-1: its later pacs.002 ACSC and its debit; Silk the forwarded
  // message and its credit.
  const std::vector<json> to_lotus = inbox_about(kLotus, uetr(1));
  ASSERT_EQ(to_lotus.size(), 2u);
  EXPECT_EQ(to_lotus[0]["kind"], "debit_notification");
  iso20022::testing::expect_schema_valid(to_lotus[0]["xml"], "camt.054.001.08");
  EXPECT_EQ(to_lotus[1]["kind"], "status_report");
  const std::string acsc = to_lotus[1]["xml"];
  EXPECT_NE(acsc.find("<TxSts>ACSC</TxSts>"), std::string::npos) << acsc;
  iso20022::testing::expect_schema_valid(acsc, "pacs.002.001.10");
  const std::vector<json> to_silk = inbox_about(kSilk, uetr(1));
  ASSERT_EQ(to_silk.size(), 2u);
  EXPECT_EQ(to_silk[0]["kind"], "payment");
  iso20022::testing::expect_schema_valid(to_silk[0]["xml"], "pacs.008.001.08");
  EXPECT_EQ(to_silk[1]["kind"], "credit_notification");
  const std::string credit = to_silk[1]["xml"];
  EXPECT_NE(credit.find(">100.00</Amt>"), std::string::npos) << credit;
  iso20022::testing::expect_schema_valid(credit, "camt.054.001.08");

  const ClientResponse tracking = send(kLotus, "GET", "/v1/payments/" + uetr(1));
  const json p = json::parse(tracking.body);
  EXPECT_EQ(p["status"], "settled");
  EXPECT_EQ(p["clearing_channel"], "MPNS");
  EXPECT_EQ(p["history"].back()["settled_by"], "dns_cycle");
  EXPECT_EQ(admin("GET", "/v1/admin/dns/CNY").body["open_payment_count"], 0);
}

TEST_F(DnsServiceTest, ADnsPaymentsReceiptIsRefused409UntilItsCycleSettlesThenNamesTheCycle) {
  set_cap(kLotus, "500.00");
  pay(kLotus, kSilk, "100.00", "D-1", 1);
  const ClientResponse open = send(kLotus, "GET", "/v1/receipts/" + uetr(1));
  EXPECT_EQ(open.status, 409u) << open.body;
  EXPECT_NE(open.body.find("not settled"), std::string::npos) << open.body;

  const Answer settled = admin("POST", "/v1/admin/dns/CNY/settle", json::object());
  ASSERT_EQ(settled.status, 200u) << settled.body.dump();
  const uint64_t cycle_seq = settled.body["seq"].get<uint64_t>();
  const ClientResponse response = send(kLotus, "GET", "/v1/receipts/" + uetr(1));
  ASSERT_EQ(response.status, 200u) << response.body;
  const std::optional<receipt::SignedReceipt> signed_receipt =
      verified_receipt(response.body, config_.tls.pki_dir);
  ASSERT_TRUE(signed_receipt);
  const receipt::Receipt& r = signed_receipt->receipt;
  EXPECT_EQ(receipt::format_of(r), receipt::kFormat);
  EXPECT_NE(response.body.find("\"settled_by\": \"dns_cycle\""), std::string::npos);
  EXPECT_EQ(r.settled_by, receipt::SettledBy::kDnsCycle);
  EXPECT_EQ(r.journal_seq, cycle_seq);
  EXPECT_EQ(r.uetr, *core::Uetr::parse(uetr(1)));
  EXPECT_EQ(r.amount_minor, 10000);
  EXPECT_EQ(r.currency, *core::CurrencyCode::parse("CNY"));
  EXPECT_EQ(r.debtor_agent, *core::Bic::parse(kLotus));
  EXPECT_EQ(r.creditor_agent, *core::Bic::parse(kSilk));
  EXPECT_EQ(r.chain_head_sha256, batch_hash_holding(config_.service.journal_dir, cycle_seq));
  // The tracking says the same instant and command.
  const json tracked = json::parse(send(kSilk, "GET", "/v1/payments/" + uetr(1)).body);
  EXPECT_EQ(tracked["settled_journal_seq"], cycle_seq);
  EXPECT_EQ(tracked["settled_at"], receipt::format_utc_ns(r.settled_at_ns));
  // The creditor gets the same receipt; a third party learns nothing of it.
  EXPECT_EQ(send(kSilk, "GET", "/v1/receipts/" + uetr(1)).body, response.body);
  EXPECT_EQ(send("BERZRUM0XXX", "GET", "/v1/receipts/" + uetr(1)).status, 404u);
  // And the same after a restart: the views rebuild the cycle's facts from the journal.
  restart();
  EXPECT_EQ(send(kLotus, "GET", "/v1/receipts/" + uetr(1)).body, response.body);
}

TEST_F(DnsServiceTest, ADnsPaymentInARefusedCycleOrRejectedHasNoReceipt) {
  // Lotus's net debit of 1500.00 is more than its 1000.50 and 200.00 credit
  // line, and the empty fund cannot cover the rest: the cycle is refused.
  set_cap(kLotus, "5000.00");
  pay(kLotus, kSilk, "1500.00", "D-4", 4);
  const Answer refused = admin("POST", "/v1/admin/dns/CNY/settle", json::object());
  ASSERT_EQ(refused.status, 422u) << refused.body.dump();
  const ClientResponse in_refused_cycle = send(kLotus, "GET", "/v1/receipts/" + uetr(4));
  EXPECT_EQ(in_refused_cycle.status, 409u) << in_refused_cycle.body;
  // Over Lotus's cap (its position is -1500.00 already): rejected AM14 on arrival.
  const std::string answer = pay(kLotus, kSilk, "3500.01", "D-5", 5);
  EXPECT_NE(answer.find("<Cd>AM14</Cd>"), std::string::npos) << answer;
  const ClientResponse rejected = send(kLotus, "GET", "/v1/receipts/" + uetr(5));
  EXPECT_EQ(rejected.status, 409u) << rejected.body;
  EXPECT_NE(rejected.body.find("rejected"), std::string::npos) << rejected.body;
}

TEST_F(DnsServiceTest, AnEmptyCycleIsNotSettledNoorAndBadRequestsAre400) {
  const Answer empty = admin("POST", "/v1/admin/dns/CNY/settle", json::object());
  EXPECT_EQ(empty.status, 422u);
  EXPECT_EQ(empty.body["reason"], "NOOR");
  EXPECT_EQ(admin("GET", "/v1/admin/dns/CNY/report").status, 404u);
  EXPECT_EQ(admin("GET", "/v1/admin/dns/cny!").status, 400u);
  EXPECT_EQ(admin("POST", "/v1/admin/dns/caps", {{"bic", kLotus}, {"currency", "CNY"}}).status,
            400u);
  EXPECT_EQ(send(kLotus, "POST", "/v1/admin/dns/CNY/settle", "{}", "application/json").status,
            403u);
}

}  // namespace
}  // namespace corridor::gateway
