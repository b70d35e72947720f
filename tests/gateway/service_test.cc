// The service end to end, in process: real TLS clients, a real journal in a
// temporary directory, kSmallConfig's banks (CNY: Lotus 1000.50 with a 200
// credit line, Silk Road 0.01; Bamboo is indirect through Lotus).
#include "gateway/service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config_text.h"
#include "core/currency.h"
#include "core/uetr.h"
#include "gateway/pki.h"
#include "render_test_util.h"
#include "temp_dir.h"
#include "tls_client.h"
#include "service_fixture.h"

namespace corridor::gateway {
namespace {

using testing::ClientFiles;
using testing::ClientResponse;
using testing::TempDir;
using testing::TlsClient;
using namespace service_testing;


TEST_F(ServiceTest, ANewJournalStartsFromTheConfigurationsReferenceData) {
  EXPECT_TRUE(service_->journal_initialised());
  EXPECT_EQ(balance_minor(kLotus), 100050);
  EXPECT_EQ(balance_minor(kSilk), 1);
}

TEST_F(ServiceTest, APaymentSettlesAndIsAnsweredWithPacs002Acsc) {
  const auto response = send(kLotus, "POST", "/v1/messages",
                             pacs008("M-1", {{kLotus, kSilk, "100.00", "T-1", uetr(1)}}));
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.content_type, "application/xml");
  EXPECT_NE(response.body.find("pacs.002.001.10"), std::string::npos);
  EXPECT_NE(response.body.find("<TxSts>ACSC</TxSts>"), std::string::npos) << response.body;
  EXPECT_EQ(balance_minor(kLotus), 90050);
  EXPECT_EQ(balance_minor(kSilk), 10001);
}

TEST_F(ServiceTest, ASettledPaymentSurvivesARestartAndItsResubmissionIsARepeat) {
  const std::string message = pacs008("M-1", {{kLotus, kSilk, "100.00", "T-1", uetr(1)}});
  const auto first = send(kLotus, "POST", "/v1/messages", message);
  ASSERT_EQ(first.status, 200u);
  restart();
  EXPECT_FALSE(service_->journal_initialised());  // reference data not applied again
  EXPECT_EQ(balance_minor(kLotus), 90050);
  const auto again = send(kLotus, "POST", "/v1/messages", message);
  EXPECT_EQ(again.status, 200u);
  EXPECT_NE(again.body.find("<TxSts>ACSC</TxSts>"), std::string::npos) << again.body;
  EXPECT_EQ(balance_minor(kLotus), 90050);  // applied once
  EXPECT_EQ(balance_minor(kSilk), 10001);
}

TEST_F(ServiceTest, ARestartKeepsTheJournalsReferenceDataAndLogsWhenTheConfigurationDiffers) {
  restart();
  const auto differs = [this] {
    return std::count_if(log_lines_.begin(), log_lines_.end(), [](const std::string& line) {
      return line.find("\"event\":\"reference_data_differs\"") != std::string::npos;
    });
  };
  EXPECT_EQ(differs(), 0);
  config_.participants.pop_back();  // Bamboo
  restart();
  EXPECT_FALSE(service_->journal_initialised());
  EXPECT_EQ(differs(), 1);
  EXPECT_EQ(balance_minor(kLotus), 100050);
}

TEST_F(ServiceTest, ADuplicateSubmissionGetsTheSameAnswerAndSettlesOnce) {
  const std::string message = pacs008("M-1", {{kLotus, kSilk, "100.00", "T-1", uetr(1)}});
  const auto first = send(kLotus, "POST", "/v1/messages", message);
  const auto second = send(kLotus, "POST", "/v1/messages", message);
  EXPECT_EQ(second.status, 200u);
  EXPECT_NE(second.body.find("<TxSts>ACSC</TxSts>"), std::string::npos) << second.body;
  // The answer is named after the original's sequence number.
  const auto id_of = [](const std::string& body) {
    const size_t at = body.find("CRDR-PACS002-");
    return body.substr(at, body.find('<', at) - at);
  };
  EXPECT_EQ(id_of(first.body), id_of(second.body));
  EXPECT_EQ(balance_minor(kLotus), 90050);
}

TEST_F(ServiceTest, APaymentBeyondTheSendersLiquidityIsQueuedAcsp) {
  const auto response = send(kSilk, "POST", "/v1/messages",
                             pacs008("M-2", {{kSilk, kLotus, "500.00", "T-2", uetr(2)}}));
  EXPECT_EQ(response.status, 200u);
  EXPECT_NE(response.body.find("<TxSts>ACSP</TxSts>"), std::string::npos) << response.body;
  EXPECT_EQ(balance_minor(kSilk), 1);
  EXPECT_EQ(service_->metrics().payments_queued(), 1u);
}

TEST_F(ServiceTest, ABankCancelsItsOwnQueuedPaymentWithCamt056AndGetsCamt029Cncl) {
  ASSERT_EQ(send(kSilk, "POST", "/v1/messages",
                 pacs008("M-20", {{kSilk, kLotus, "500.00", "T-20", uetr(20)}}))
                .status,
            200u);
  ASSERT_TRUE(pending_priority(uetr(20)));
  const auto response =
      send(kSilk, "POST", "/v1/messages", camt056(kSilk, "CXL-20", "T-20", uetr(20)));
  EXPECT_EQ(response.status, 200u) << response.body;
  EXPECT_EQ(response.content_type, "application/xml");
  EXPECT_NE(response.body.find("camt.029.001.09"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("<Conf>CNCL</Conf>"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("<TxCxlSts>ACCR</TxCxlSts>"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("<OrgnlUETR>" + uetr(20) + "</OrgnlUETR>"), std::string::npos);
  iso20022::testing::expect_schema_valid(response.body, "camt.029.001.09");
  EXPECT_FALSE(pending_priority(uetr(20))) << "the payment is gone";
  EXPECT_EQ(balance_minor(kSilk), 1);
}

TEST_F(ServiceTest, AnotherBankCannotCancelAPaymentAndLearnsOnlyNoor) {
  ASSERT_EQ(send(kSilk, "POST", "/v1/messages",
                 pacs008("M-21", {{kSilk, kLotus, "500.00", "T-21", uetr(21)}}))
                .status,
            200u);
  // Lotus asks, under its own certificate, for Silk Road's payment.
  const auto response =
      send(kLotus, "POST", "/v1/messages", camt056(kLotus, "CXL-21", "T-21", uetr(21)));
  EXPECT_EQ(response.status, 200u) << response.body;
  EXPECT_NE(response.body.find("<Conf>RJCR</Conf>"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("<TxCxlSts>RJCR</TxCxlSts>"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("<Cd>NOOR</Cd>"), std::string::npos) << response.body;
  iso20022::testing::expect_schema_valid(response.body, "camt.029.001.09");
  EXPECT_EQ(pending_priority(uetr(21)), core::Priority::kNormal) << "still queued";
  // Exactly what a UETR that does not exist gets, apart from the ids.
  const auto unknown =
      send(kLotus, "POST", "/v1/messages", camt056(kLotus, "CXL-22", "T-22", uetr(22)));
  EXPECT_NE(unknown.body.find("<Cd>NOOR</Cd>"), std::string::npos) << unknown.body;
}

TEST_F(ServiceTest, ACamt056FromSomeoneElseThanTheCertificateIsRefused403) {
  ASSERT_EQ(send(kSilk, "POST", "/v1/messages",
                 pacs008("M-23", {{kSilk, kLotus, "500.00", "T-23", uetr(23)}}))
                .status,
            200u);
  const uint64_t before = last_seq();
  const auto response =
      send(kLotus, "POST", "/v1/messages", camt056(kSilk, "CXL-23", "T-23", uetr(23)));
  EXPECT_EQ(response.status, 403u) << response.body;
  EXPECT_EQ(last_seq(), before);
  EXPECT_TRUE(pending_priority(uetr(23)));
}

TEST_F(ServiceTest, Camt007ChangesThePriorityAndIsAnsweredWithCamt029Modi) {
  ASSERT_EQ(send(kSilk, "POST", "/v1/messages",
                 pacs008("M-24", {{kSilk, kLotus, "500.00", "T-24", uetr(24)}}))
                .status,
            200u);
  const auto response =
      send(kSilk, "POST", "/v1/messages", camt007(kSilk, "MOD-24", uetr(24), kLotus));
  EXPECT_EQ(response.status, 200u) << response.body;
  EXPECT_NE(response.body.find("<Conf>MODI</Conf>"), std::string::npos) << response.body;
  EXPECT_EQ(response.body.find("TxCxlSts"), std::string::npos) << response.body;
  iso20022::testing::expect_schema_valid(response.body, "camt.029.001.09");
  EXPECT_EQ(pending_priority(uetr(24)), core::Priority::kUrgent);
  // Another bank's camt.007 changes nothing.
  const auto foreign =
      send(kLotus, "POST", "/v1/messages", camt007(kLotus, "MOD-25", uetr(24), kSilk));
  EXPECT_EQ(foreign.status, 200u) << foreign.body;
  EXPECT_NE(foreign.body.find("<Conf>RJCR</Conf>"), std::string::npos) << foreign.body;
  EXPECT_NE(foreign.body.find("<Cd>NOOR</Cd>"), std::string::npos) << foreign.body;
  iso20022::testing::expect_schema_valid(foreign.body, "camt.029.001.09");
  EXPECT_EQ(pending_priority(uetr(24)), core::Priority::kUrgent);
}

TEST_F(ServiceTest, AWholeGroupCancellationOfAMessageNeverSentIsRjcrNoorAndJournalsNothing) {
  const uint64_t before = last_seq();
  const std::string document = R"(
  <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.056.001.08">
    <FIToFIPmtCxlReq>
      <Assgnmt>
        <Id>CXL-G</Id>
        <Assgnr><Agt><FinInstnId><BICFI>SILKCNB0</BICFI></FinInstnId></Agt></Assgnr>
        <Assgne><Agt><FinInstnId><BICFI>CRDRCHZ0</BICFI></FinInstnId></Agt></Assgne>
        <CreDtTm>2026-11-30T10:05:00Z</CreDtTm>
      </Assgnmt>
      <Undrlyg>
        <OrgnlGrpInfAndCxl>
          <OrgnlMsgId>M-20</OrgnlMsgId>
          <OrgnlMsgNmId>pacs.008.001.08</OrgnlMsgNmId>
          <GrpCxl>true</GrpCxl>
        </OrgnlGrpInfAndCxl>
      </Undrlyg>
    </FIToFIPmtCxlReq>
  </Document>)";
  const auto response =
      send(kSilk, "POST", "/v1/messages", in_envelope(kSilk, "CXL-G", "camt.056.001.08", document));
  EXPECT_EQ(response.status, 200u) << response.body;
  iso20022::testing::expect_schema_valid(response.body, "camt.029.001.09");
  EXPECT_NE(response.body.find("<GrpCxlSts>RJCR</GrpCxlSts>"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("<Cd>NOOR</Cd>"), std::string::npos) << response.body;
  EXPECT_EQ(last_seq(), before);
}

TEST_F(ServiceTest, AnUnknownCreditorIsRejectedRc01InsideA200) {
  const auto response = send(kLotus, "POST", "/v1/messages",
                             pacs008("M-3", {{kLotus, "UNKNCNB0", "1.00", "T-3", uetr(3)}}));
  EXPECT_EQ(response.status, 200u);
  EXPECT_NE(response.body.find("<TxSts>RJCT</TxSts>"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("RC01"), std::string::npos) << response.body;
  EXPECT_EQ(balance_minor(kLotus), 100050);
}

TEST_F(ServiceTest, AnIndirectParticipantsSettlementBankMaySendForIt) {
  const auto response = send(kLotus, "POST", "/v1/messages",
                             pacs008("M-4", {{kBamboo, kSilk, "10.00", "T-4", uetr(4)}}));
  EXPECT_EQ(response.status, 200u);
  EXPECT_NE(response.body.find("<TxSts>ACSC</TxSts>"), std::string::npos) << response.body;
  EXPECT_EQ(balance_minor(kLotus), 99050);  // Bamboo settles on Lotus's account
}

TEST_F(ServiceTest,
       AnInstructingAgentOtherThanTheCertificatesBicIsRefused403AndNothingIsJournaled) {
  const uint64_t before = last_seq();
  // The second transaction is someone else's: the whole message is refused.
  const auto response = send(kLotus, "POST", "/v1/messages",
                             pacs008("M-5", {{kLotus, kSilk, "1.00", "T-5", uetr(5)},
                                             {kSilk, kLotus, "1.00", "T-6", uetr(6)}}));
  EXPECT_EQ(response.status, 403u);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_NE(response.body.find("SILKCNB0"), std::string::npos) << response.body;
  EXPECT_EQ(last_seq(), before);
  EXPECT_EQ(balance_minor(kLotus), 100050);
  EXPECT_EQ(count_of(log_lines_.back(), "\"event\":\"refused\""), 1) << log_lines_.back();
}

TEST_F(ServiceTest, ABic8InstructingAgentMatchesItsBic11Certificate) {
  // Bereza's certificate says BERZRUM0XXX (as configured); its message says BERZRUM0.
  const auto response = send("BERZRUM0XXX", "POST", "/v1/messages",
                             pacs008("M-9", {{"BERZRUM0", kSilk, "1.00", "T-9", uetr(9), "RUB"}}));
  EXPECT_EQ(response.status, 200u) << response.body;
  EXPECT_NE(response.body.find("<TxSts>ACSC</TxSts>"), std::string::npos) << response.body;
}

TEST_F(ServiceTest, TheOperatorCertificateMayNotSendPayments) {
  const uint64_t before = last_seq();
  const auto response = send("operator", "POST", "/v1/messages",
                             pacs008("M-7", {{kLotus, kSilk, "1.00", "T-7", uetr(7)}}));
  EXPECT_EQ(response.status, 403u);
  EXPECT_NE(response.body.find("operator"), std::string::npos) << response.body;
  EXPECT_EQ(last_seq(), before);
}

TEST_F(ServiceTest, XmlThatIsNotWellFormedIsAnswered400WithAdmi002) {
  const uint64_t before = last_seq();
  const auto response = send(kLotus, "POST", "/v1/messages", "<Document><unclosed></Document>");
  EXPECT_EQ(response.status, 400u);
  EXPECT_EQ(response.content_type, "application/xml");
  EXPECT_NE(response.body.find("admi.002.001.01"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("<RjctgPtyRsn>"), std::string::npos) << response.body;
  EXPECT_EQ(last_seq(), before);
  EXPECT_NE(log_lines_.back().find("\"status\":400"), std::string::npos) << log_lines_.back();
}

TEST_F(ServiceTest, AReadableMessageOfAnotherTypeIsAnswered422AndNotJournaled) {
  // Corridor's own pacs.002 sent back to it: readable, but not a payment.
  const auto pacs002 = send(kLotus, "POST", "/v1/messages",
                            pacs008("M-8", {{kLotus, kSilk, "1.00", "T-8", uetr(8)}}));
  ASSERT_EQ(pacs002.status, 200u);
  const uint64_t before = last_seq();
  const auto response = send(kLotus, "POST", "/v1/messages", pacs002.body);
  EXPECT_EQ(response.status, 422u) << response.body;
  EXPECT_NE(response.body.find("pacs.002.001.10 is not accepted"), std::string::npos)
      << response.body;
  EXPECT_EQ(last_seq(), before);
}

TEST_F(ServiceTest, MorePaymentsThanTheQueueLimitAreAnswered503AndNotJournaled) {
  config_.limits.queue_len_max = 1;
  restart();
  const uint64_t before = last_seq();
  const auto response = send(kLotus, "POST", "/v1/messages",
                             pacs008("M-10", {{kLotus, kSilk, "1.00", "T-10", uetr(10)},
                                              {kLotus, kSilk, "1.00", "T-11", uetr(11)}}));
  EXPECT_EQ(response.status, 503u) << response.body;
  EXPECT_EQ(last_seq(), before);
  // One payment fits: the count of waiting payments was given back.
  const auto one = send(kLotus, "POST", "/v1/messages",
                        pacs008("M-12", {{kLotus, kSilk, "1.00", "T-12", uetr(12)}}));
  EXPECT_EQ(one.status, 200u) << one.body;
}

TEST_F(ServiceTest, AContentTypeOtherThanXmlIsAnswered415) {
  const auto response = send(kLotus, "POST", "/v1/messages", "{}", "application/json");
  EXPECT_EQ(response.status, 415u);
}

TEST_F(ServiceTest, UnknownPathsAre404AndWrongMethods405) {
  EXPECT_EQ(send(kLotus, "GET", "/v2/nothing").status, 404u);
  EXPECT_EQ(send(kLotus, "GET", "/v1/messages").status, 405u);
  EXPECT_EQ(send(kLotus, "POST", "/healthz", "", "application/xml").status, 405u);
}

TEST_F(ServiceTest, HealthzReportsTheJournalSequence) {
  const uint64_t seq = last_seq();  // after it, the engine's stats are up to date too
  const auto response = send(kLotus, "GET", "/healthz");
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.body, "{\"journal_seq\":" + std::to_string(seq) + ",\"status\":\"ok\"}");
}

TEST_F(ServiceTest, MetricsCountResponsesAndPaymentOutcomes) {
  send(kLotus, "POST", "/v1/messages", pacs008("M-1", {{kLotus, kSilk, "1.00", "T-1", uetr(1)}}));
  send(kLotus, "GET", "/nothing");
  const uint64_t seq = last_seq();  // after it, the engine's stats are up to date too
  const auto response = send(kLotus, "GET", "/metrics");
  EXPECT_EQ(response.status, 200u);
  EXPECT_NE(response.body.find("corridor_http_responses_total{code=\"200\"} 1\n"),
            std::string::npos)
      << response.body;
  EXPECT_NE(response.body.find("corridor_http_responses_total{code=\"404\"} 1\n"),
            std::string::npos);
  EXPECT_NE(response.body.find("corridor_payments_total{outcome=\"settled\"} 1\n"),
            std::string::npos);
  EXPECT_NE(response.body.find("corridor_journal_last_seq " + std::to_string(seq) + "\n"),
            std::string::npos);
}

TEST_F(ServiceTest, MetricsShowEachCurrencysQueuesAndTheJournalSyncHistogram) {
  // Silk Road has 0.01 CNY, and 80.00 RUB of liquidity: both payments queue.
  ASSERT_EQ(send(kSilk, "POST", "/v1/messages",
                 pacs008("M-1", {{kSilk, kLotus, "500.00", "T-1", uetr(1)}}))
                .status,
            200u);
  ASSERT_EQ(send(kSilk, "POST", "/v1/messages",
                 pacs008("M-2", {{kSilk, "BERZRUM0XXX", "100.00", "T-2", uetr(2), "RUB"}}))
                .status,
            200u);
  ASSERT_EQ(service_->metrics().payments_queued(), 2u);
  const std::string body = send(kLotus, "GET", "/metrics").body;
  EXPECT_NE(body.find("corridor_queued_payments{currency=\"CNY\",priority=\"normal\"} 1\n"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("corridor_queued_payments{currency=\"RUB\",priority=\"normal\"} 1\n"),
            std::string::npos);
  EXPECT_NE(body.find("corridor_queued_payments{currency=\"CNY\",priority=\"urgent\"} 0\n"),
            std::string::npos);
  EXPECT_NE(body.find("corridor_queued_value_minor_units{currency=\"CNY\"} 50000\n"),
            std::string::npos);
  EXPECT_NE(body.find("corridor_queued_value_minor_units{currency=\"RUB\"} 10000\n"),
            std::string::npos);
  // Every batch so far was written and synced once: the reference data, two
  // payments. After last_seq() (on the apply thread) the stats count them all.
  last_seq();
  const journal::BatchWriteFigures writes = service_->engine().batch_writes();
  uint64_t synced = 0;
  for (const uint64_t count : writes.write_counts) synced += count;
  EXPECT_GE(synced, 3u);
  EXPECT_EQ(synced, service_->engine().stats().batches);
  EXPECT_NE(body.find("corridor_journal_sync_duration_seconds_count "), std::string::npos);
  EXPECT_NE(body.find("corridor_journal_batch_commands_sum "), std::string::npos);
}

TEST_F(ServiceTest, OverTheRateLimitAPostIsAnswered429WithRetryAfterAndNotJournaled) {
  config_.limits.rate_limit_per_second = 1;
  config_.limits.rate_limit_burst = 2;
  restart();
  const auto payment = [](int n) {
    const std::string id = "T-" + std::to_string(n);
    return pacs008("M-" + std::to_string(n), {{kLotus, kSilk, "1.00", id, uetr(n)}});
  };
  EXPECT_EQ(send(kLotus, "POST", "/v1/messages", payment(20)).status, 200u);
  EXPECT_EQ(send(kLotus, "POST", "/v1/messages", payment(21)).status, 200u);
  const uint64_t before = last_seq();
  const auto refused = send(kLotus, "POST", "/v1/messages", payment(22));
  EXPECT_EQ(refused.status, 429u) << refused.body;
  EXPECT_EQ(refused.retry_after, "1");
  EXPECT_EQ(refused.content_type, "application/json");
  EXPECT_NE(refused.body.find("rate limit exceeded for LTSBCNB0"), std::string::npos)
      << refused.body;
  EXPECT_EQ(last_seq(), before);
  EXPECT_EQ(balance_minor(kLotus), 99850);  // two payments of 1.00
  EXPECT_NE(log_lines_.back().find("\"event\":\"refused\""), std::string::npos);
  EXPECT_NE(log_lines_.back().find("\"status\":429"), std::string::npos) << log_lines_.back();

  // Another participant has its own bucket; health and metrics are not limited.
  EXPECT_EQ(send(kSilk, "POST", "/v1/messages", "{}", "application/json").status, 415u);
  EXPECT_EQ(send(kLotus, "GET", "/healthz").status, 200u);
  const auto metrics = send(kLotus, "GET", "/metrics");
  EXPECT_EQ(metrics.status, 200u);
  EXPECT_NE(metrics.body.find("corridor_http_responses_total{code=\"429\"} 1\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("corridor_rate_limited_total 1\n"), std::string::npos);
  EXPECT_NE(metrics.body.find("# TYPE corridor_request_duration_seconds histogram\n"),
            std::string::npos);
  // Three answers to Lotus's POSTs and Silk Road's 415.
  EXPECT_NE(metrics.body.find("corridor_request_duration_seconds_count{endpoint=\"messages\"} 4\n"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find(
                "corridor_request_duration_seconds_bucket{endpoint=\"messages\",le=\"+Inf\"} 4\n"),
            std::string::npos);

  // A second later one token is back: one more payment, not two.
  fake_now_ns_ += 1'000'000'000;
  EXPECT_EQ(send(kLotus, "POST", "/v1/messages", payment(22)).status, 200u);
  EXPECT_EQ(send(kLotus, "POST", "/v1/messages", payment(23)).status, 429u);
  EXPECT_EQ(balance_minor(kLotus), 99750);
}

}  // namespace
}  // namespace corridor::gateway
