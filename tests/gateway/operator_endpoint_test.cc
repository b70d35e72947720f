// The operator API end to end, in process: real TLS clients with the
// operator's and a participant's certificates, a real journal in a temporary
// directory, kSmallConfig's banks (CNY: Lotus 1000.50 with a 200 credit line,
// Silk Road 0.01; Bamboo is indirect through Lotus; RUB: Bereza 5000 with a
// multilateral limit of 300, Silk Road 70 with a bilateral limit of 25 to Bereza).
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config_text.h"
#include "gateway/operator_json.h"
#include "gateway/operator_worker.h"
#include "gateway/pki.h"
#include "gateway/service.h"
#include "service_fixture.h"
#include "temp_dir.h"
#include "tls_client.h"

namespace corridor::gateway {
namespace {

using nlohmann::json;
using testing::ClientFiles;
using testing::TempDir;
using testing::TlsClient;

constexpr const char* kLotus = "LTSBCNB0";
constexpr const char* kSilk = "SILKCNB0";
constexpr const char* kCnyBank = "CBCNCNB0";

struct Answer {
  unsigned status = 0;
  json body;
  std::string text;
};

// A one-transaction pacs.008 from `from` to `to` in CNY (to queue a payment).
std::string pacs008(const std::string& from, const std::string& to, const std::string& amount,
                    const std::string& id, const std::string& uetr) {
  return service_testing::pacs008(id, {service_testing::Transfer{from, to, amount, id, uetr}});
}

class OperatorEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = parse_service_config(testing::kSmallConfig, "test.toml");
    config_.service.listen_port = 0;
    config_.service.journal_dir = dir_.file("journal");
    config_.tls.pki_dir = dir_.file("pki");
    init_pki(config_.tls.pki_dir, config_, false);
    start();
  }
  void start() {
    service_ = std::make_unique<Service>(config_, log_);
    service_->start();
  }
  void restart() {
    service_->stop();
    service_.reset();
    start();
  }
  Answer send(const std::string& stem, const std::string& method, const std::string& target,
              const std::string& body = "", const std::string& content_type = "application/json") {
    const std::string pki = config_.tls.pki_dir + "/";
    TlsClient client(service_->port(),
                     ClientFiles{pki + "ca.pem", pki + stem + ".pem", pki + stem + ".key"});
    EXPECT_TRUE(client.connect()) << client.last_error;
    const auto response = client.request(method, target, body, content_type);
    EXPECT_TRUE(response) << client.last_error;
    if (!response) return Answer{};
    return Answer{response->status, json::parse(response->body, nullptr, false), response->body};
  }
  Answer admin(const std::string& method, const std::string& target, const json& body) {
    return send("operator", method, target, body.dump());
  }
  Answer get(const std::string& target) { return send("operator", "GET", target); }
  // A participant's entry in GET /v1/admin/participants.
  json participant(const std::string& bic) {
    const Answer list = get("/v1/admin/participants");
    EXPECT_EQ(list.status, 200u) << list.text;
    for (const json& p : list.body["participants"]) {
      if (p["bic"] == bic) return p;
    }
    ADD_FAILURE() << bic << " not listed: " << list.text;
    return json::object();
  }
  json account(const std::string& bic, const std::string& currency) {
    const json entry = participant(bic);  // kept: the loop must not outlive it
    for (const json& a : entry["accounts"]) {
      if (a["currency"] == currency) return a;
    }
    ADD_FAILURE() << bic << " has no " << currency << " account";
    return json::object();
  }
  uint64_t last_seq() {
    uint64_t seq = 0;
    service_->engine().inspect([&](const journal::Machine& machine) { seq = machine.last_seq(); });
    return seq;
  }
  uint64_t state_hash() {
    uint64_t hash = 0;
    service_->engine().inspect(
        [&](const journal::Machine& machine) { hash = machine.core().state_hash(); });
    return hash;
  }
  size_t log_count(const std::string& part) {
    return static_cast<size_t>(std::count_if(
        log_lines_.begin(), log_lines_.end(),
        [&](const std::string& line) { return line.find(part) != std::string::npos; }));
  }

  TempDir dir_;
  ServiceConfig config_;
  std::vector<std::string> log_lines_;
  JsonLog log_{[this](const std::string& line) { log_lines_.push_back(line); }};
  std::unique_ptr<Service> service_;
};

TEST_F(OperatorEndpointTest, ListsParticipantsWithTheirAccountsInMajorUnits) {
  const json lotus = participant(kLotus);
  EXPECT_EQ(lotus["kind"], "direct");
  EXPECT_EQ(lotus["status"], "active");
  const json cny = account(kLotus, "CNY");
  EXPECT_EQ(cny["balance"], "1000.50");
  EXPECT_EQ(cny["credit_line"], "200.00");
  EXPECT_EQ(cny["queued_count"], 0);
  EXPECT_EQ(cny["multilateral_limit"], nullptr);
  EXPECT_EQ(participant("BAMBCNS0")["settlement_bank"], kLotus);
  EXPECT_EQ(participant("BAMBCNS0")["accounts"].size(), 0u);
  EXPECT_EQ(account("BERZRUM0", "RUB")["multilateral_limit"], "300.00");
  const json silk_rub = account(kSilk, "RUB");
  ASSERT_EQ(silk_rub["bilateral_limits"].size(), 1u);
  EXPECT_EQ(silk_rub["bilateral_limits"][0]["counterparty"], "BERZRUM0");
  EXPECT_EQ(silk_rub["bilateral_limits"][0]["limit"], "25.00");
  EXPECT_EQ(account(kCnyBank, "CNY")["issuer"], true);
}

TEST_F(OperatorEndpointTest, AddsAParticipantWithItsAccountsAndItSurvivesARestart) {
  const Answer added = admin("POST", "/v1/admin/participants",
                             {{"bic", "JADECNB0"},
                              {"name", "Jade Bank"},
                              {"kind", "direct"},
                              {"accounts", {"CNY", "RUB"}}});
  ASSERT_EQ(added.status, 200u) << added.text;
  ASSERT_EQ(added.body["results"].size(), 3u);
  EXPECT_EQ(added.body["results"][0]["command"], "AddParticipant");
  EXPECT_EQ(added.body["results"][2]["currency"], "RUB");
  EXPECT_EQ(added.body["results"][2]["outcome"], "applied");
  restart();
  const json jade = participant("JADECNB0");
  EXPECT_EQ(jade["name"], "Jade Bank");
  ASSERT_EQ(jade["accounts"].size(), 2u);
  EXPECT_EQ(account("JADECNB0", "RUB")["balance"], "0.00");
  // Admitted twice: the core's DUPL, nothing more opened.
  const Answer again = admin("POST", "/v1/admin/participants",
                             {{"bic", "JADECNB0"}, {"name", "Jade"}, {"kind", "direct"}});
  EXPECT_EQ(again.status, 422u) << again.text;
  EXPECT_EQ(again.body["results"][0]["reason"], "DUPL");
}

TEST_F(OperatorEndpointTest, SuspendsReactivatesAndClosesParticipants) {
  Answer answer = admin("POST", "/v1/admin/participants/LTSBCNB0/suspend", json::object());
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_EQ(answer.body["command"], "SuspendParticipant");
  EXPECT_EQ(participant(kLotus)["status"], "suspended");
  answer = send("operator", "POST", "/v1/admin/participants/LTSBCNB0/reactivate");  // no body
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_EQ(participant(kLotus)["status"], "active");
  // Lotus holds money: not closable (AG01), still active.
  answer = admin("POST", "/v1/admin/participants/LTSBCNB0/close", json::object());
  EXPECT_EQ(answer.status, 422u) << answer.text;
  EXPECT_EQ(answer.body["reason"], "AG01");
  EXPECT_EQ(participant(kLotus)["status"], "active");
  // An indirect participant has no accounts of its own: closable.
  answer = admin("POST", "/v1/admin/participants/BAMBCNS0/close", json::object());
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_EQ(participant("BAMBCNS0")["status"], "closed");
}

TEST_F(OperatorEndpointTest, SetsCreditLinesLimitsAndReservations) {
  Answer answer = admin("POST", "/v1/admin/credit-lines",
                        {{"bic", kLotus}, {"currency", "CNY"}, {"credit_line", "500"}});
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_EQ(account(kLotus, "CNY")["credit_line"], "500.00");

  answer =
      admin("POST", "/v1/admin/limits/bilateral",
            {{"bic", kLotus}, {"counterparty", kSilk}, {"currency", "CNY"}, {"limit", "10.5"}});
  ASSERT_EQ(answer.status, 200u) << answer.text;
  json limits = account(kLotus, "CNY")["bilateral_limits"];
  ASSERT_EQ(limits.size(), 1u);
  EXPECT_EQ(limits[0]["counterparty"], kSilk);
  EXPECT_EQ(limits[0]["limit"], "10.50");
  answer = admin("POST", "/v1/admin/limits/bilateral",
                 {{"bic", kLotus}, {"counterparty", kSilk}, {"currency", "CNY"}, {"remove", true}});
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_EQ(account(kLotus, "CNY")["bilateral_limits"].size(), 0u);

  answer = admin("POST", "/v1/admin/limits/multilateral",
                 {{"bic", kLotus}, {"currency", "CNY"}, {"limit", "0.07"}});
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_EQ(account(kLotus, "CNY")["multilateral_limit"], "0.07");
  answer = admin("POST", "/v1/admin/limits/multilateral",
                 {{"bic", kLotus}, {"currency", "CNY"}, {"remove", true}});
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_EQ(account(kLotus, "CNY")["multilateral_limit"], nullptr);

  answer = admin("POST", "/v1/admin/reservations",
                 {{"bic", kLotus}, {"currency", "CNY"}, {"priority", "urgent"}, {"amount", "100"}});
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_EQ(account(kLotus, "CNY")["reserved_urgent"], "100.00");
  EXPECT_EQ(account(kLotus, "CNY")["reserved_highly_urgent"], "0.00");
}

TEST_F(OperatorEndpointTest, ALiquidityTransferSettlesOnceAndAnInsufficientOneIs422) {
  const std::string uetr = "0d7b4c1e-6a4f-4e0a-9d8c-2b1a3c4d5e6f";
  const json transfer = {
      {"from", kCnyBank}, {"to", kSilk}, {"currency", "CNY"}, {"amount", "250.00"}, {"uetr", uetr}};
  Answer answer = admin("POST", "/v1/admin/liquidity-transfers", transfer);
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_EQ(answer.body["uetr"], uetr);
  EXPECT_EQ(answer.body["repeat"], false);
  EXPECT_EQ(account(kSilk, "CNY")["balance"], "250.01");
  // The same UETR again is a repeat: the original's answer, settled once.
  answer = admin("POST", "/v1/admin/liquidity-transfers", transfer);
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_EQ(answer.body["repeat"], true);
  EXPECT_EQ(account(kSilk, "CNY")["balance"], "250.01");

  // Without a UETR one is made up (a version-4 UUID).
  answer = admin("POST", "/v1/admin/liquidity-transfers",
                 {{"from", kSilk}, {"to", kLotus}, {"currency", "CNY"}, {"amount", "0.01"}});
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_TRUE(core::Uetr::parse(answer.body["uetr"].get<std::string>()));
  EXPECT_EQ(account(kSilk, "CNY")["balance"], "250.00");

  // Rejected: journaled (the clock moves), but no balance, limit or status changes.
  const json before = get("/v1/admin/participants").body;
  answer = admin("POST", "/v1/admin/liquidity-transfers",
                 {{"from", kSilk}, {"to", kLotus}, {"currency", "CNY"}, {"amount", "1000"}});
  EXPECT_EQ(answer.status, 422u) << answer.text;
  EXPECT_EQ(answer.body["reason"], "AM04");
  EXPECT_EQ(answer.body["outcome"], "rejected");
  EXPECT_NE(answer.body["error"].get<std::string>().find("AM04"), std::string::npos);
  EXPECT_EQ(get("/v1/admin/participants").body, before);
}

TEST_F(OperatorEndpointTest, QueuesShowAQueuedPaymentAndGridlockResolutionRunsOnDemand) {
  const Answer paid =
      send(kSilk, "POST", "/v1/messages",
           pacs008(kSilk, kLotus, "500.00", "Q-1", "eb6305c9-1f7f-49de-aed0-100000000001"),
           "application/xml");
  ASSERT_EQ(paid.status, 200u) << paid.text;
  ASSERT_NE(paid.text.find("ACSP"), std::string::npos) << paid.text;
  Answer queues = get("/v1/admin/queues");
  ASSERT_EQ(queues.status, 200u) << queues.text;
  EXPECT_EQ(queues.body["queued_count"], 1);
  const json cny = queues.body["currencies"][0];
  EXPECT_EQ(cny["currency"], "CNY");
  EXPECT_EQ(cny["queued_value"], "500.00");
  ASSERT_EQ(cny["accounts"].size(), 1u);
  EXPECT_EQ(cny["accounts"][0]["bic"], kSilk);
  EXPECT_EQ(cny["accounts"][0]["queued_count_by_priority"]["normal"], 1);
  EXPECT_EQ(account(kSilk, "CNY")["queued_value"], "500.00");

  // Uncovered: all-or-nothing settles nothing; the run is journaled all the same.
  const uint64_t seq = last_seq();
  Answer run = admin("POST", "/v1/admin/gridlock", {{"algorithm", "all_or_nothing"}});
  ASSERT_EQ(run.status, 200u) << run.text;
  EXPECT_EQ(run.body["algorithm"], "all_or_nothing");
  EXPECT_EQ(run.body["settled"].size(), 0u);
  EXPECT_EQ(last_seq(), seq + 1);
  EXPECT_EQ(get("/v1/admin/queues").body["queued_count"], 1);

  // Liquidity in: the queue resolves, and the queue view is empty again.
  const Answer in =
      admin("POST", "/v1/admin/liquidity-transfers",
            {{"from", kCnyBank}, {"to", kSilk}, {"currency", "CNY"}, {"amount", "500"}});
  ASSERT_EQ(in.status, 200u) << in.text;
  queues = get("/v1/admin/queues");
  EXPECT_EQ(queues.body["queued_count"], 0);
  EXPECT_EQ(queues.body["currencies"][0]["accounts"].size(), 0u);
}

TEST_F(OperatorEndpointTest, GridlockResolutionSettlesAGridlockThatOffsettingCouldNotBreak) {
  // Lotus's liquidity is all reserved for highly urgent payments, so its normal
  // payment to Silk queues; Silk's smaller one back cannot settle by offsetting
  // (Lotus would still pay 50 net with nothing available).
  const json reserve_all = {
      {"bic", kLotus}, {"currency", "CNY"}, {"priority", "highly_urgent"}, {"amount", "1200.50"}};
  ASSERT_EQ(admin("POST", "/v1/admin/reservations", reserve_all).status, 200u);
  Answer paid =
      send(kLotus, "POST", "/v1/messages",
           pacs008(kLotus, kSilk, "100.00", "G-1", "eb6305c9-1f7f-49de-aed0-100000000011"),
           "application/xml");
  ASSERT_NE(paid.text.find("ACSP"), std::string::npos) << paid.text;
  paid = send(kSilk, "POST", "/v1/messages",
              pacs008(kSilk, kLotus, "50.00", "G-2", "eb6305c9-1f7f-49de-aed0-100000000012"),
              "application/xml");
  ASSERT_NE(paid.text.find("ACSP"), std::string::npos) << paid.text;
  // 60 available to normal payments: not enough for Lotus's 100 alone, enough net.
  const json reserve_less = {
      {"bic", kLotus}, {"currency", "CNY"}, {"priority", "highly_urgent"}, {"amount", "1140.50"}};
  ASSERT_EQ(admin("POST", "/v1/admin/reservations", reserve_less).status, 200u);
  ASSERT_EQ(get("/v1/admin/queues").body["queued_count"], 2);

  const Answer run = admin("POST", "/v1/admin/gridlock", {{"algorithm", "partial"}});
  ASSERT_EQ(run.status, 200u) << run.text;
  ASSERT_EQ(run.body["settled"].size(), 1u) << run.text;
  EXPECT_EQ(run.body["settled"][0]["currency"], "CNY");
  EXPECT_EQ(run.body["settled"][0]["settled_count"], 2);
  EXPECT_EQ(run.body["settled"][0]["settled_value"], "150.00");
  EXPECT_EQ(get("/v1/admin/queues").body["queued_count"], 0);
  EXPECT_EQ(account(kLotus, "CNY")["balance"], "950.50");
  EXPECT_EQ(account(kSilk, "CNY")["balance"], "50.01");
}

TEST_F(OperatorEndpointTest, ClosingTheDayAnswersTheReportAndTheValueDateSurvivesARestart) {
  EXPECT_EQ(get("/v1/admin/reports/eod").status, 404u);
  Answer day = get("/v1/admin/day");
  ASSERT_EQ(day.status, 200u) << day.text;
  EXPECT_EQ(day.body["value_date"], "2026-11-30");
  EXPECT_EQ(day.body["open"], true);
  EXPECT_EQ(day.body["last_closed_value_date"], nullptr);

  // Monday 2026-11-30 -> Tuesday.
  Answer closed = admin("POST", "/v1/admin/day/close", json::object());
  ASSERT_EQ(closed.status, 200u) << closed.text;
  const json report = closed.body["report"];
  EXPECT_EQ(report["closed_value_date"], "2026-11-30");
  EXPECT_EQ(report["next_value_date"], "2026-12-01");
  const auto lotus = std::find_if(report["accounts"].begin(), report["accounts"].end(),
                                  [](const json& a) { return a["bic"] == kLotus; });
  ASSERT_NE(lotus, report["accounts"].end());
  EXPECT_EQ((*lotus)["balance_close"], "1000.50");
  EXPECT_EQ((*lotus)["currency"], "CNY");
  EXPECT_EQ(report["currencies"].size(), 2u);
  const Answer last = get("/v1/admin/reports/eod");
  ASSERT_EQ(last.status, 200u) << last.text;
  EXPECT_EQ(last.body, report);

  // A given date; then from Friday 2026-12-04 the weekend is skipped.
  closed = admin("POST", "/v1/admin/day/close", {{"next_value_date", "2026-12-04"}});
  ASSERT_EQ(closed.status, 200u) << closed.text;
  closed = admin("POST", "/v1/admin/day/close", json::object());
  ASSERT_EQ(closed.status, 200u) << closed.text;
  EXPECT_EQ(closed.body["report"]["next_value_date"], "2026-12-07");
  // Not after the current date: the core's DT01.
  closed = admin("POST", "/v1/admin/day/close", {{"next_value_date", "2026-12-07"}});
  EXPECT_EQ(closed.status, 422u) << closed.text;
  EXPECT_EQ(closed.body["reason"], "DT01");

  restart();
  day = get("/v1/admin/day");
  EXPECT_EQ(day.body["value_date"], "2026-12-07");
  EXPECT_EQ(get("/v1/admin/participants").body["value_date"], "2026-12-07");
}

TEST_F(OperatorEndpointTest, AfterTheCutOffPaymentsAreRefusedTM01UntilEntryOpensAgain) {
  // A queued payment before the cut-off.
  const Answer queued =
      send(kSilk, "POST", "/v1/messages",
           pacs008(kSilk, kLotus, "500.00", "C-1", "eb6305c9-1f7f-49de-aed0-200000000001"),
           "application/xml");
  ASSERT_EQ(queued.status, 200u) << queued.text;
  ASSERT_NE(queued.text.find("ACSP"), std::string::npos) << queued.text;

  Answer cut = admin("POST", "/v1/admin/day/cutoff", json::object());
  ASSERT_EQ(cut.status, 200u) << cut.text;
  EXPECT_EQ(cut.body["phase"], "cut_off");
  Answer day = get("/v1/admin/day");
  EXPECT_EQ(day.body["open"], false);
  EXPECT_EQ(day.body["phase"], "cut_off");

  // A new payment is refused with TM01 in its pacs.002, and nothing is journaled for it
  // beyond the refusal itself.
  const Answer late =
      send(kSilk, "POST", "/v1/messages",
           pacs008(kSilk, kLotus, "1.00", "C-2", "eb6305c9-1f7f-49de-aed0-200000000002"),
           "application/xml");
  EXPECT_NE(late.text.find("RJCT"), std::string::npos) << late.text;
  EXPECT_NE(late.text.find("TM01"), std::string::npos) << late.text;
  // The queued payment still settles when liquidity comes in.
  const Answer in =
      admin("POST", "/v1/admin/liquidity-transfers",
            {{"from", kCnyBank}, {"to", kSilk}, {"currency", "CNY"}, {"amount", "500"}});
  ASSERT_EQ(in.status, 200u) << in.text;
  EXPECT_EQ(get("/v1/admin/queues").body["queued_count"], 0);

  // End of day keeps entry closed, across a restart too.
  ASSERT_EQ(admin("POST", "/v1/admin/day/close", json::object()).status, 200u);
  restart();
  day = get("/v1/admin/day");
  EXPECT_EQ(day.body["value_date"], "2026-12-01");
  EXPECT_EQ(day.body["phase"], "cut_off");

  Answer opened = admin("POST", "/v1/admin/day/open", json::object());
  ASSERT_EQ(opened.status, 200u) << opened.text;
  EXPECT_EQ(opened.body["phase"], "open");
  EXPECT_EQ(get("/v1/admin/day").body["open"], true);
  // A retry of the refused message gets its final answer again; the payment goes
  // as a new instruction.
  const Answer retry =
      send(kSilk, "POST", "/v1/messages",
           pacs008(kSilk, kLotus, "1.00", "C-2", "eb6305c9-1f7f-49de-aed0-200000000002"),
           "application/xml");
  EXPECT_NE(retry.text.find("TM01"), std::string::npos) << retry.text;
  const Answer anew =
      send(kSilk, "POST", "/v1/messages",
           pacs008(kSilk, kLotus, "1.00", "C-3", "eb6305c9-1f7f-49de-aed0-200000000003"),
           "application/xml");
  EXPECT_EQ(anew.text.find("RJCT"), std::string::npos) << anew.text;
  EXPECT_NE(anew.text.find("<TxSts>ACSP</TxSts>"), std::string::npos) << "accepted (queued: Silk "
                                                                         "spent its liquidity)";
}

TEST_F(OperatorEndpointTest, ARequestIdMakesARetryARepeatAndItsReuseForOtherContentIsDupl) {
  const json body = {
      {"bic", kLotus}, {"currency", "CNY"}, {"credit_line", "300"}, {"request_id", "cl-1"}};
  const Answer first = admin("POST", "/v1/admin/credit-lines", body);
  ASSERT_EQ(first.status, 200u) << first.text;
  const Answer retry = admin("POST", "/v1/admin/credit-lines", body);
  ASSERT_EQ(retry.status, 200u) << retry.text;
  EXPECT_EQ(retry.body["repeat"], true);
  EXPECT_EQ(retry.body["seq"], first.body["seq"]);
  json other = body;
  other["credit_line"] = "400";
  const Answer conflict = admin("POST", "/v1/admin/credit-lines", other);
  EXPECT_EQ(conflict.status, 422u) << conflict.text;
  EXPECT_EQ(conflict.body["reason"], "DUPL");
  EXPECT_EQ(account(kLotus, "CNY")["credit_line"], "300.00");
}

TEST_F(OperatorEndpointTest, PublishesShowsAndWithdrawsAnFxQuoteThatSurvivesARestart) {
  ASSERT_EQ(admin("POST", "/v1/admin/participants",
                  {{"bic", "JADECNB0"},
                   {"name", "Jade FX"},
                   {"kind", "direct"},
                   {"accounts", {"CNY", "RUB"}}})
                .status,
            200u);
  const json quote = {{"quote_id", "7"},
                      {"provider", "JADECNB0"},
                      {"base_currency", "CNY"},
                      {"quote_currency", "RUB"},
                      {"rate", "12.3456"},
                      {"valid_from", "2026-11-30T08:00:00Z"},
                      {"valid_to", "2026-11-30T18:00:00Z"},
                      {"max_base_amount", "1000000.00"}};
  const Answer published = admin("POST", "/v1/admin/fx/quotes", quote);
  ASSERT_EQ(published.status, 200u) << published.text;
  EXPECT_EQ(published.body["rate"], "12.3456");
  restart();
  const Answer shown = admin("GET", "/v1/admin/fx/quotes/7", json::object());
  ASSERT_EQ(shown.status, 200u) << shown.text;
  EXPECT_EQ(shown.body["provider"], "JADECNB0");
  EXPECT_EQ(shown.body["base_currency"], "CNY");
  EXPECT_EQ(shown.body["quote_currency"], "RUB");
  EXPECT_EQ(shown.body["rate"], "12.3456");
  EXPECT_EQ(shown.body["max_base_amount"], "1000000.00");
  EXPECT_LT(shown.body["valid_from_ns"].get<int64_t>(), shown.body["valid_to_ns"].get<int64_t>());

  // The same id again is the core's DUPL; bad fields are 400 with nothing journaled.
  EXPECT_EQ(admin("POST", "/v1/admin/fx/quotes", quote).body["reason"], "DUPL");
  const uint64_t seq = last_seq();
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"rate", "-1"},
                                                        {"rate", "0.000"},
                                                        {"rate", "1.2.3"},
                                                        {"rate", "1e5"},
                                                        {"rate", "99999999999999999999"},
                                                        {"valid_from", "tomorrow"},
                                                        {"quote_id", "x"},
                                                        {"quote_id", "0"},
                                                        {"max_base_amount", "1.001"}}) {
    json bad = quote;
    bad["quote_id"] = "8";
    bad[key] = value;
    EXPECT_EQ(admin("POST", "/v1/admin/fx/quotes", bad).status, 400u) << key << " " << value;
  }
  EXPECT_EQ(last_seq(), seq);
  // A provider without an account in both currencies: the core refuses it.
  json lotus = quote;
  lotus["quote_id"] = "9";
  lotus["provider"] = kLotus;
  const Answer refused = admin("POST", "/v1/admin/fx/quotes", lotus);
  EXPECT_EQ(refused.status, 422u) << refused.text;

  const Answer withdrawn = admin("POST", "/v1/admin/fx/quotes/7/withdraw", json::object());
  ASSERT_EQ(withdrawn.status, 200u) << withdrawn.text;
  EXPECT_EQ(admin("GET", "/v1/admin/fx/quotes/7", json::object()).status, 404u);
  EXPECT_EQ(admin("POST", "/v1/admin/fx/quotes/7/withdraw", json::object()).status, 422u);
  EXPECT_EQ(admin("GET", "/v1/admin/fx/quotes/nope", json::object()).status, 400u);
}

TEST_F(OperatorEndpointTest, RatingsHaircutsAndCollateralDriveTheCreditLineAndSurviveARestart) {
  const std::string credit_path = std::string("/v1/admin/participants/") + kLotus + "/credit";
  Answer credit = get(credit_path);
  ASSERT_EQ(credit.status, 200u) << credit.text;
  EXPECT_EQ(credit.body["grade"], "unrated");
  EXPECT_EQ(credit.body["haircut_bp"], 10000);
  ASSERT_EQ(credit.body["accounts"].size(), 1u);
  EXPECT_EQ(credit.body["accounts"][0]["credit_line"], "200.00");
  EXPECT_EQ(credit.body["accounts"][0]["collateral_driven"], false);
  EXPECT_EQ(credit.body["accounts"][0]["floor"], "-200.00");

  Answer answer = admin("POST", "/v1/admin/ratings", {{"bic", kLotus}, {"grade", "AA"}});
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_EQ(answer.body["command"], "SetRating");
  answer = admin("POST", "/v1/admin/collateral",
                 {{"collateral_id", "1"}, {"bic", kLotus}, {"currency", "CNY"}, {"value", "1000"}});
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_EQ(answer.body["released"], false);
  credit = get(credit_path);
  EXPECT_EQ(credit.body["grade"], "AA");
  EXPECT_EQ(credit.body["haircut_bp"], 400);
  EXPECT_EQ(credit.body["accounts"][0]["credit_line"], "960.00");  // 1,000 less 4%
  EXPECT_EQ(credit.body["accounts"][0]["collateral_value"], "1000.00");
  EXPECT_EQ(credit.body["accounts"][0]["collateral_items"], 1);
  EXPECT_EQ(credit.body["accounts"][0]["collateral_driven"], true);
  EXPECT_EQ(account(kLotus, "CNY")["credit_line"], "960.00");
  // A collateral-driven line is not set by hand (AG01).
  answer = admin("POST", "/v1/admin/credit-lines",
                 {{"bic", kLotus}, {"currency", "CNY"}, {"credit_line", "500"}});
  EXPECT_EQ(answer.status, 422u) << answer.text;
  EXPECT_EQ(answer.body["reason"], "AG01");
  answer = admin("POST", "/v1/admin/haircuts", {{"grade", "AA"}, {"haircut_bp", "5000"}});
  ASSERT_EQ(answer.status, 200u) << answer.text;
  restart();
  credit = get(credit_path);
  EXPECT_EQ(credit.body["haircut_bp"], 5000);
  EXPECT_EQ(credit.body["accounts"][0]["credit_line"], "500.00");

  // Bad fields are 400 with nothing journaled.
  const uint64_t seq = last_seq();
  EXPECT_EQ(admin("POST", "/v1/admin/ratings", {{"bic", kLotus}, {"grade", "AAA+"}}).status, 400u);
  EXPECT_EQ(admin("POST", "/v1/admin/haircuts", {{"grade", "unrated"}, {"haircut_bp", "1"}}).status,
            400u);
  for (const char* bp : {"10001", "-1", "x", "1.5", ""}) {
    EXPECT_EQ(admin("POST", "/v1/admin/haircuts", {{"grade", "A"}, {"haircut_bp", bp}}).status,
              400u)
        << bp;
  }
  EXPECT_EQ(admin("POST", "/v1/admin/collateral",
                  {{"collateral_id", "x"}, {"bic", kLotus}, {"currency", "CNY"}, {"value", "1"}})
                .status,
            400u);
  EXPECT_EQ(admin("POST", "/v1/admin/collateral",
                  {{"collateral_id", "2"}, {"bic", kLotus}, {"currency", "CNY"}, {"value", "-1"}})
                .status,
            400u);
  EXPECT_EQ(get("/v1/admin/participants/nope/credit").status, 400u);
  EXPECT_EQ(get("/v1/admin/participants/JADECNB0/credit").status, 404u);
  EXPECT_EQ(last_seq(), seq);

  // Released: the line is 0 and set by hand again; releasing it twice is NOOR.
  answer = admin("POST", "/v1/admin/collateral",
                 {{"collateral_id", "1"}, {"bic", kLotus}, {"currency", "CNY"}, {"value", "0"}});
  ASSERT_EQ(answer.status, 200u) << answer.text;
  EXPECT_EQ(answer.body["released"], true);
  EXPECT_EQ(get(credit_path).body["accounts"][0]["credit_line"], "0.00");
  answer = admin("POST", "/v1/admin/collateral",
                 {{"collateral_id", "1"}, {"bic", kLotus}, {"currency", "CNY"}, {"value", "0"}});
  EXPECT_EQ(answer.status, 422u) << answer.text;
  EXPECT_EQ(answer.body["reason"], "NOOR");
}

TEST_F(OperatorEndpointTest, AdmitsReservePoolMembersDrawsAndRepaysASwapThatSurvivesARestart) {
  // Two banks with CNY and RUB accounts: Pine commits CNY, Jade RUB.
  for (const char* b : {"PINECNB0", "JADECNB0"}) {
    ASSERT_EQ(admin("POST", "/v1/admin/participants",
                    {{"bic", b}, {"name", b}, {"kind", "direct"}, {"accounts", {"CNY", "RUB"}}})
                  .status,
              200u);
  }
  ASSERT_EQ(admin("POST", "/v1/admin/liquidity-transfers",
                  {{"from", kCnyBank}, {"to", "PINECNB0"}, {"currency", "CNY"}, {"amount", "500"}})
                .status,
            200u);
  ASSERT_EQ(
      admin("POST", "/v1/admin/liquidity-transfers",
            {{"from", "CBRURUM0"}, {"to", "JADECNB0"}, {"currency", "RUB"}, {"amount", "800"}})
          .status,
      200u);
  const Answer pine = admin("POST", "/v1/admin/reserve-pool/members",
                            {{"bic", "PINECNB0"},
                             {"currency", "CNY"},
                             {"commitment", "1000.00"},
                             {"draw_multiple", "2"}});
  ASSERT_EQ(pine.status, 200u) << pine.text;
  ASSERT_EQ(admin("POST", "/v1/admin/reserve-pool/members",
                  {{"bic", "JADECNB0"},
                   {"currency", "RUB"},
                   {"commitment", "600.00"},
                   {"draw_multiple", "1"}})
                .status,
            200u);
  // Pine draws 400.00 RUB from Jade at 1.25 CNY per RUB: it gives 500.00 CNY.
  const json swap = {{"swap_id", "11"},
                     {"drawer", "PINECNB0"},
                     {"provider", "JADECNB0"},
                     {"draw_currency", "RUB"},
                     {"draw_amount", "400.00"},
                     {"rate", "1.25"},
                     {"repay_at", "2099-01-01T00:00:00Z"}};
  const Answer drawn = admin("POST", "/v1/admin/swaps", swap);
  ASSERT_EQ(drawn.status, 200u) << drawn.text;
  EXPECT_EQ(drawn.body["rate"], "1.25");
  EXPECT_EQ(account("PINECNB0", "RUB")["balance"], "400.00");
  EXPECT_EQ(account("PINECNB0", "CNY")["balance"], "0.00");
  EXPECT_EQ(account("JADECNB0", "CNY")["balance"], "500.00");
  EXPECT_EQ(admin("POST", "/v1/admin/swaps", swap).body["reason"], "DUPL");
  json beyond = swap;
  beyond["swap_id"] = "12";
  beyond["draw_amount"] = "300.00";  // Jade would provide 700.00 RUB of its 600.00
  const Answer refused = admin("POST", "/v1/admin/swaps", beyond);
  EXPECT_EQ(refused.status, 422u) << refused.text;
  EXPECT_EQ(refused.body["reason"], "AM14");

  restart();
  const Answer shown = get("/v1/admin/reserve-pool");
  ASSERT_EQ(shown.status, 200u) << shown.text;
  ASSERT_EQ(shown.body["members"].size(), 2u);
  EXPECT_EQ(shown.body["members"][0]["drawn"].is_string(), true);
  ASSERT_EQ(shown.body["swaps"].size(), 1u);
  const json& s = shown.body["swaps"][0];
  EXPECT_EQ(s["swap_id"], "11");
  EXPECT_EQ(s["drawer"], "PINECNB0");
  EXPECT_EQ(s["draw_amount"], "400.00");
  EXPECT_EQ(s["counter_currency"], "CNY");
  EXPECT_EQ(s["counter_amount"], "500.00");
  EXPECT_EQ(s["status"], "open");

  const uint64_t seq = last_seq();
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"swap_id", "0"}, {"rate", "-1"}, {"repay_at", "soon"}, {"draw_amount", "1.001"}}) {
    json bad = swap;
    bad["swap_id"] = "13";
    bad[key] = value;
    EXPECT_EQ(admin("POST", "/v1/admin/swaps", bad).status, 400u) << key << " " << value;
  }
  EXPECT_EQ(admin("POST", "/v1/admin/reserve-pool/members",
                  {{"bic", "PINECNB0"},
                   {"currency", "CNY"},
                   {"commitment", "1000.00"},
                   {"draw_multiple", "11"}})
                .status,
            400u);
  EXPECT_EQ(last_seq(), seq);

  const Answer repaid = admin("POST", "/v1/admin/swaps/11/repay", json::object());
  ASSERT_EQ(repaid.status, 200u) << repaid.text;
  EXPECT_EQ(account("PINECNB0", "RUB")["balance"], "0.00");
  EXPECT_EQ(account("PINECNB0", "CNY")["balance"], "500.00");
  EXPECT_EQ(get("/v1/admin/reserve-pool").body["swaps"][0]["status"], "repaid");
  const Answer again = admin("POST", "/v1/admin/swaps/11/repay", json::object());
  EXPECT_EQ(again.status, 422u);
  EXPECT_EQ(again.body["reason"], "NOOR");
  EXPECT_EQ(admin("POST", "/v1/admin/swaps/x/repay", json::object()).status, 400u);
}

TEST_F(OperatorEndpointTest, AParticipantCertificateIsRefused403EverywhereAndNothingIsJournaled) {
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"GET", "/v1/admin/participants"},
      {"POST", "/v1/admin/participants"},
      {"POST", "/v1/admin/participants/LTSBCNB0/suspend"},
      {"POST", "/v1/admin/participants/LTSBCNB0/reactivate"},
      {"POST", "/v1/admin/participants/LTSBCNB0/close"},
      {"POST", "/v1/admin/credit-lines"},
      {"POST", "/v1/admin/limits/bilateral"},
      {"POST", "/v1/admin/limits/multilateral"},
      {"POST", "/v1/admin/reservations"},
      {"POST", "/v1/admin/liquidity-transfers"},
      {"POST", "/v1/admin/gridlock"},
      {"GET", "/v1/admin/queues"},
      {"GET", "/v1/admin/day"},
      {"POST", "/v1/admin/day/close"},
      {"POST", "/v1/admin/day/cutoff"},
      {"POST", "/v1/admin/day/open"},
      {"GET", "/v1/admin/reports/eod"},
      {"POST", "/v1/admin/fx/quotes"},
      {"GET", "/v1/admin/fx/quotes/7"},
      {"POST", "/v1/admin/fx/quotes/7/withdraw"},
      {"POST", "/v1/admin/ratings"},
      {"POST", "/v1/admin/haircuts"},
      {"POST", "/v1/admin/collateral"},
      {"GET", "/v1/admin/participants/LTSBCNB0/credit"},
      {"GET", "/v1/admin/reserve-pool"},
      {"POST", "/v1/admin/reserve-pool/members"},
      {"POST", "/v1/admin/swaps"},
      {"POST", "/v1/admin/swaps/7/repay"},
  };
  const uint64_t seq = last_seq();
  const size_t refused_before = log_count("\"event\":\"refused\"");
  // A valid body, so that only the certificate can be the reason.
  const json transfer = {{"from", kCnyBank}, {"to", kLotus}, {"currency", "CNY"}, {"amount", "1"}};
  for (const auto& [method, target] : routes) {
    const Answer answer = send(kLotus, method, target, method == "POST" ? transfer.dump() : "");
    EXPECT_EQ(answer.status, 403u) << method << " " << target << ": " << answer.text;
    EXPECT_NE(answer.text.find("participant certificate may not use the operator API"),
              std::string::npos)
        << answer.text;
  }
  EXPECT_EQ(last_seq(), seq);
  EXPECT_EQ(log_count("\"event\":\"refused\"") - refused_before, routes.size());
  EXPECT_EQ(account(kLotus, "CNY")["balance"], "1000.50");
}

TEST_F(OperatorEndpointTest, MalformedRequestsAre400AndChangeNothing) {
  const uint64_t seq = last_seq();
  const uint64_t hash = state_hash();
  const auto expect_400 = [&](const std::string& target, const std::string& body,
                              const std::string& says) {
    const Answer answer = send("operator", "POST", target, body);
    EXPECT_EQ(answer.status, 400u) << target << " " << body << ": " << answer.text;
    EXPECT_NE(answer.body.value("error", "").find(says), std::string::npos)
        << "expected \"" << says << "\" in " << answer.text;
  };
  expect_400("/v1/admin/credit-lines", "{\"bic\": ", "not JSON");
  expect_400("/v1/admin/credit-lines", "[1, 2]", "must be a JSON object");
  expect_400("/v1/admin/credit-lines",
             R"({"bic":"LTSBCNB0","currency":"CNY","credit_line":"1","colour":"red"})",
             "unknown field \"colour\"");
  expect_400("/v1/admin/credit-lines", R"({"bic":"LTSBCNB0","currency":"CNY"})",
             "\"credit_line\" is required");
  expect_400("/v1/admin/credit-lines",
             R"({"bic":"LTSBCNB0","currency":"CNY","credit_line":"1.234"})",
             "not an amount in CNY");
  expect_400("/v1/admin/credit-lines", R"({"bic":"LTSBCNB0","currency":"CNY","credit_line":"-5"})",
             "not an amount in CNY");
  expect_400("/v1/admin/credit-lines", R"({"bic":"LTSBCNB0","currency":"CNY","credit_line":12.5})",
             "decimal text");
  expect_400("/v1/admin/credit-lines", R"({"bic":"LTSBCNB0","currency":"CNY","credit_line":"1e3"})",
             "not an amount");
  expect_400("/v1/admin/credit-lines", R"({"bic":"LOTUS","currency":"CNY","credit_line":"1"})",
             "not a BIC");
  expect_400("/v1/admin/credit-lines", R"({"bic":"LTSBCNB0","currency":"XYZ","credit_line":"1"})",
             "not an active ISO 4217 currency");
  expect_400("/v1/admin/limits/bilateral",
             R"({"bic":"LTSBCNB0","counterparty":"SILKCNB0","currency":"CNY"})",
             "either \"limit\"");
  expect_400("/v1/admin/reservations",
             R"({"bic":"LTSBCNB0","currency":"CNY","priority":"normal","amount":"1"})",
             "\"priority\"");
  expect_400("/v1/admin/liquidity-transfers",
             R"({"from":"CBCNCNB0","to":"LTSBCNB0","currency":"CNY","amount":"1","uetr":"nope"})",
             "\"uetr\"");
  expect_400("/v1/admin/gridlock", R"({"algorithm":"fastest"})", "\"algorithm\"");
  expect_400("/v1/admin/day/close", R"({"next_value_date":"2026-02-30"})", "not a date");
  expect_400("/v1/admin/participants", R"({"bic":"JADECNB0","name":"Jade","kind":"big"})",
             "\"kind\"");
  expect_400("/v1/admin/participants/NOTABIC/suspend", "", "not a BIC");
  expect_400("/v1/admin/credit-lines",
             R"({"bic":"LTSBCNB0","currency":"CNY","credit_line":"1","request_id":"has space"})",
             "\"request_id\"");
  EXPECT_EQ(last_seq(), seq);  // nothing submitted
  EXPECT_EQ(state_hash(), hash);
}

TEST_F(OperatorEndpointTest, AnUnknownBicIs422WithTheCoresReasonAndChangesNothing) {
  // Rejections are journaled (the clock moves): compare what they could have changed.
  const json before = get("/v1/admin/participants").body;
  Answer answer = admin("POST", "/v1/admin/credit-lines",
                        {{"bic", "UNKNCNB0"}, {"currency", "CNY"}, {"credit_line", "1"}});
  EXPECT_EQ(answer.status, 422u) << answer.text;
  EXPECT_EQ(answer.body["reason"], "RC01");
  EXPECT_EQ(answer.body["reason_text"],
            std::string(core::reason_text(core::Reason::kUnknownParticipant)));
  answer = admin("POST", "/v1/admin/participants/UNKNCNB0/suspend", json::object());
  EXPECT_EQ(answer.status, 422u) << answer.text;
  EXPECT_EQ(answer.body["reason"], "RC01");
  answer = admin("POST", "/v1/admin/participants",
                 {{"bic", "CRDRCHZ0"}, {"name", "Corridor itself"}, {"kind", "direct"}});
  EXPECT_EQ(answer.status, 422u) << answer.text;
  EXPECT_EQ(get("/v1/admin/participants").body, before);
}

TEST(OperatorWorkerTest, RunsJobsInOrderRefusesBeyondItsBoundAndRunsWhatIsQueuedOnDestruction) {
  std::vector<int> ran;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  {
    OperatorWorker worker(2);
    ASSERT_TRUE(worker.post([&] {
      started.set_value();
      released.wait();  // holds the thread: later jobs queue
      ran.push_back(1);
    }));
    started.get_future().wait();
    EXPECT_TRUE(worker.post([&] { ran.push_back(2); }));
    EXPECT_TRUE(worker.post([&] { ran.push_back(3); }));
    EXPECT_FALSE(worker.post([&] { ran.push_back(4); }));  // two waiting: the bound
    release.set_value();
  }  // the destructor runs 2 and 3 before joining
  EXPECT_EQ(ran, (std::vector<int>{1, 2, 3}));
}

TEST(OperatorJsonTest, AmountsAndDatesAreExact) {
  EXPECT_EQ(format_amount(123456, 2), "1234.56");
  EXPECT_EQ(format_amount(-5, 3), "-0.005");
  EXPECT_EQ(format_amount(42, 0), "42");
  EXPECT_EQ(format_amount(INT64_MIN, 2), "-92233720368547758.08");
  EXPECT_EQ(format_amount(INT64_MAX, 4), "922337203685477.5807");
  EXPECT_EQ(next_business_day(20261127), 20261130);  // Friday -> Monday
  EXPECT_EQ(next_business_day(20261231), 20270101);
  EXPECT_EQ(next_business_day(20240228), 20240229);
  EXPECT_EQ(parse_value_date("2026-11-30"), 20261130);
  EXPECT_FALSE(parse_value_date("2026-11-31"));
  EXPECT_FALSE(parse_value_date("20261130"));
  JsonBody body(R"({"amount":"0.1"})");
  EXPECT_EQ(body.amount("amount", *core::CurrencyCode::parse("KWD")), 100);
  EXPECT_THROW(body.amount("amount", *core::CurrencyCode::parse("JPY")), BadRequest);
}

}  // namespace
}  // namespace corridor::gateway
