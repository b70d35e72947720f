// The in-process service fixture shared by the service tests: real TLS
// clients, a real journal in a temporary directory, kSmallConfig's banks (CNY:
// Lotus 1000.50 with a 200 credit line, Silk Road 0.01; Bamboo is indirect
// through Lotus), and builders of the messages they send (one pacs.008 builder
// for RTGS, DNS and cross-currency payments).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config_text.h"
#include "core/currency.h"
#include "core/uetr.h"
#include "gateway/pki.h"
#include "gateway/service.h"
#include "temp_dir.h"
#include "tls_client.h"

namespace corridor::gateway::service_testing {

using testing::ClientFiles;
using testing::ClientResponse;
using testing::TempDir;
using testing::TlsClient;

inline constexpr const char* kLotus = "LTSBCNB0";
inline constexpr const char* kSilk = "SILKCNB0";
inline constexpr const char* kBamboo = "BAMBCNS0";

struct Transfer {
  std::string instructing_agent;
  std::string instructed_agent;
  std::string amount;  // major units, as written in the message
  std::string id;      // InstrId, TxId and EndToEndId
  std::string uetr;
  std::string currency = "CNY";  // of `amount`, the interbank settlement amount
  // Each left out of the message when empty (initialised: aggregate
  // initialisers may stop before them):
  std::string clearing_channel{};  // PmtTpInf/ClrChanl: "MPNS" for deferred net settlement
  // A cross-currency payment: InstdAmt in instructed_currency, XchgRate, and
  // the quote reference in InstrForNxtAgt ("/FXQT/<quote id>").
  std::string instructed_amount{};
  std::string instructed_currency{};
  std::string exchange_rate{};
  std::string instruction_for_next_agent{};
};

// A pacs.008 in its AppHdr envelope, one transaction per transfer, from the
// first transfer's instructing agent.
inline std::string pacs008(const std::string& message_id, const std::vector<Transfer>& transfers) {
  std::string txs;
  for (const Transfer& t : transfers) {
    const std::string payment_type =
        t.clearing_channel.empty()
            ? ""
            : "\n        <PmtTpInf><ClrChanl>" + t.clearing_channel + "</ClrChanl></PmtTpInf>";
    const std::string instructed =
        (t.instructed_amount.empty() ? ""
                                     : "\n        <InstdAmt Ccy=\"" + t.instructed_currency +
                                           "\">" + t.instructed_amount + "</InstdAmt>") +
        (t.exchange_rate.empty() ? "" : "<XchgRate>" + t.exchange_rate + "</XchgRate>");
    const std::string next_agent = t.instruction_for_next_agent.empty()
                                       ? ""
                                       : "\n        <InstrForNxtAgt><InstrInf>" +
                                             t.instruction_for_next_agent +
                                             "</InstrInf></InstrForNxtAgt>";
    txs += R"(
      <CdtTrfTxInf>
        <PmtId><InstrId>)" +
           t.id + "</InstrId><EndToEndId>" + t.id + "</EndToEndId><TxId>" + t.id + "</TxId><UETR>" +
           t.uetr + "</UETR></PmtId>" + payment_type + R"(
        <IntrBkSttlmAmt Ccy=")" +
           t.currency + "\">" + t.amount + R"(</IntrBkSttlmAmt>
        <IntrBkSttlmDt>2026-11-30</IntrBkSttlmDt>)" +
           instructed + R"(
        <ChrgBr>SHAR</ChrgBr>
        <InstgAgt><FinInstnId><BICFI>)" +
           t.instructing_agent + R"(</BICFI></FinInstnId></InstgAgt>
        <InstdAgt><FinInstnId><BICFI>)" +
           t.instructed_agent + R"(</BICFI></FinInstnId></InstdAgt>
        <Dbtr><Nm>Alice</Nm></Dbtr>
        <DbtrAgt><FinInstnId><BICFI>)" +
           t.instructing_agent + R"(</BICFI></FinInstnId></DbtrAgt>
        <CdtrAgt><FinInstnId><BICFI>)" +
           t.instructed_agent + R"(</BICFI></FinInstnId></CdtrAgt>
        <Cdtr><Nm>Bob</Nm></Cdtr>)" +
           next_agent + R"(
      </CdtTrfTxInf>)";
  }
  const std::string from = transfers.front().instructing_agent;
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<Envelope>
  <AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">
    <Fr><FIId><FinInstnId><BICFI>)" +
         from + R"(</BICFI></FinInstnId></FIId></Fr>
    <To><FIId><FinInstnId><BICFI>CRDRCHZ0</BICFI></FinInstnId></FIId></To>
    <BizMsgIdr>)" +
         message_id + R"(</BizMsgIdr>
    <MsgDefIdr>pacs.008.001.08</MsgDefIdr>
    <CreDt>2026-11-30T10:00:00Z</CreDt>
  </AppHdr>
  <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
    <FIToFICstmrCdtTrf>
      <GrpHdr>
        <MsgId>)" +
         message_id + R"(</MsgId>
        <CreDtTm>2026-11-30T10:00:00Z</CreDtTm>
        <NbOfTxs>)" +
         std::to_string(transfers.size()) + R"(</NbOfTxs>
        <SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>
      </GrpHdr>)" +
         txs + R"(
    </FIToFICstmrCdtTrf>
  </Document>
</Envelope>
)";
}

// The AppHdr envelope around `document`, from `sender`.
inline std::string in_envelope(const std::string& sender, const std::string& message_id,
                               const std::string& definition, const std::string& document) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<Envelope>
  <AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">
    <Fr><FIId><FinInstnId><BICFI>)" +
         sender + R"(</BICFI></FinInstnId></FIId></Fr>
    <To><FIId><FinInstnId><BICFI>CRDRCHZ0</BICFI></FinInstnId></FIId></To>
    <BizMsgIdr>)" +
         message_id + "</BizMsgIdr>\n    <MsgDefIdr>" + definition + R"(</MsgDefIdr>
    <CreDt>2026-11-30T10:05:00Z</CreDt>
  </AppHdr>)" +
         document + "</Envelope>\n";
}

// A camt.056 from `sender` cancelling the payment `original_uetr` (its TxId `original_id`).
inline std::string camt056(const std::string& sender, const std::string& message_id,
                           const std::string& original_id, const std::string& original_uetr) {
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
        <TxInf>
          <OrgnlInstrId>)" + original_id + R"(</OrgnlInstrId>
          <OrgnlEndToEndId>)" + original_id + R"(</OrgnlEndToEndId>
          <OrgnlUETR>)" + original_uetr + R"(</OrgnlUETR>
          <CxlRsnInf><Rsn><Cd>DUPL</Cd></Rsn></CxlRsnInf>
        </TxInf>
      </Undrlyg>
    </FIToFIPmtCxlReq>
  </Document>)");
}

// A camt.007 from `sender` giving the payment `original_uetr` priority HIGH.
inline std::string camt007(const std::string& sender, const std::string& message_id,
                           const std::string& original_uetr, const std::string& instructed_agent) {
  return in_envelope(sender, message_id, "camt.007.001.08", R"(
  <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.007.001.08">
    <ModfyTx>
      <MsgHdr><MsgId>)" + message_id + R"(</MsgId><CreDtTm>2026-11-30T10:05:00Z</CreDtTm></MsgHdr>
      <Mod>
        <PmtId>
          <LngBizId>
            <TxId>T-1</TxId>
            <UETR>)" + original_uetr + R"(</UETR>
            <IntrBkSttlmAmt>500.00</IntrBkSttlmAmt>
            <IntrBkSttlmDt>2026-11-30</IntrBkSttlmDt>
            <InstgAgt><FinInstnId><BICFI>)" + sender + R"(</BICFI></FinInstnId></InstgAgt>
            <InstdAgt><FinInstnId><BICFI>)" + instructed_agent + R"(</BICFI></FinInstnId></InstdAgt>
          </LngBizId>
        </PmtId>
        <NewPmtValSet><Prty><Cd>HIGH</Cd></Prty></NewPmtValSet>
      </Mod>
    </ModfyTx>
  </Document>)");
}

inline std::string uetr(int n) {
  return "eb6305c9-1f7f-49de-aed0-" + std::to_string(100000000000 + n);
}

inline int count_of(const std::string& text, const std::string& part) {
  int n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

class ServiceTest : public ::testing::Test {
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
    ServiceOptions options;
    // The rate limiter's clock stands still unless a test moves it.
    options.monotonic_clock = [this] { return std::chrono::nanoseconds(fake_now_ns_.load()); };
    service_ = std::make_unique<Service>(config_, log_, options);
    service_->start();
  }
  void restart() {
    service_->stop();
    service_.reset();
    start();
  }
  ClientFiles as(const std::string& stem) const {
    const std::string pki = config_.tls.pki_dir + "/";
    return ClientFiles{pki + "ca.pem", pki + stem + ".pem", pki + stem + ".key"};
  }
  // One request on a new connection.
  ClientResponse send(const std::string& stem, const std::string& method, const std::string& target,
                      const std::string& body = "",
                      const std::string& content_type = "application/xml") {
    TlsClient client(service_->port(), as(stem));
    EXPECT_TRUE(client.connect()) << client.last_error;
    const std::optional<ClientResponse> response =
        client.request(method, target, body, content_type);
    EXPECT_TRUE(response) << client.last_error;
    return response.value_or(ClientResponse{});
  }
  // The pending payment's priority, or nullopt when it is not pending.
  std::optional<core::Priority> pending_priority(const std::string& text) {
    std::optional<core::Priority> priority;
    const core::Uetr id = *core::Uetr::parse(text);
    service_->engine().inspect([&](const journal::Machine& machine) {
      if (const core::Payment* p = machine.core().find_pending(id)) priority = p->priority;
    });
    return priority;
  }
  core::AmountMinor balance_minor(const std::string& bic) {
    core::AmountMinor balance = 0;
    service_->engine().inspect([&](const journal::Machine& machine) {
      const auto account =
          machine.core().find_account(*core::Bic::parse(bic), *core::CurrencyCode::parse("CNY"));
      balance = machine.core().account(*account).balance_minor;
    });
    return balance;
  }
  // Read on the apply thread between batches: the engine's stats() are
  // updated after a batch's completions have run, so they may lag an answer.
  uint64_t last_seq() {
    uint64_t seq = 0;
    service_->engine().inspect([&](const journal::Machine& machine) { seq = machine.last_seq(); });
    return seq;
  }

  TempDir dir_;
  std::atomic<int64_t> fake_now_ns_{1'000'000'000};
  ServiceConfig config_;
  std::vector<std::string> log_lines_;
  JsonLog log_{[this](const std::string& line) { log_lines_.push_back(line); }};
  std::unique_ptr<Service> service_;
};

}  // namespace corridor::gateway::service_testing
