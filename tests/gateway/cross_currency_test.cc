// Cross-currency (PvP) payments through the service, end to end over TLS: a
// pacs.008 naming an FX quote settles as two legs (docs/api.md, "Cross-currency
// payments"). Silk Road, with CNY and RUB accounts, is the FX provider: Lotus
// pays in CNY, Bereza is paid in RUB.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "receipt_check.h"
#include "render_test_util.h"
#include "service_fixture.h"

namespace corridor::gateway {
namespace {

using nlohmann::json;
using namespace service_testing;

inline constexpr const char* kBereza = "BERZRUM0XXX";
inline constexpr uint64_t kQuoteId = 7;

struct FxTransfer {
  std::string id;
  std::string uetr;
  std::string instructed = "1.50";   // CNY
  std::string settlement = "18.52";  // RUB: 1.50 x 12.3456 = 18.5184
  std::string rate = "12.3456";      // "" for none
  std::string reference = "/FXQT/7";
  std::string instructed_currency = "CNY";
};

// A pacs.008 from Lotus to Bereza, instructed in CNY and settled in RUB.
std::string fx_pacs008(const std::string& message_id, const FxTransfer& t) {
  Transfer transfer{kLotus, kBereza, t.settlement, t.id, t.uetr, "RUB"};
  transfer.instructed_amount = t.instructed;
  transfer.instructed_currency = t.instructed_currency;
  transfer.exchange_rate = t.rate;
  transfer.instruction_for_next_agent = t.reference;
  return pacs008(message_id, {transfer});
}

class CrossCurrencyTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    // Silk Road sells RUB for CNY at 12.3456, up to 1,000.00 CNY a payment.
    core::PublishFxQuote quote;
    quote.quote_id = kQuoteId;
    quote.provider = *core::Bic::parse(kSilk);
    quote.base_currency = *core::CurrencyCode::parse("CNY");
    quote.quote_currency = *core::CurrencyCode::parse("RUB");
    quote.rate_units = 123456;
    quote.rate_scale = 4;
    quote.valid_from_ns = 0;
    quote.valid_to_ns = INT64_MAX;
    quote.max_base_amount_minor = 100000;
    const auto out = service_->engine().submit_and_wait(
        journal::Submission{core::Bic(), core::InstructionId(), core::Command{0, quote}});
    ASSERT_TRUE(out.applied.result.ok());
  }
  core::AmountMinor balance(const std::string& bic, const char* currency) {
    core::AmountMinor minor = 0;
    service_->engine().inspect([&](const journal::Machine& machine) {
      const auto account =
          machine.core().find_account(*core::Bic::parse(bic), *core::CurrencyCode::parse(currency));
      minor = machine.core().account(*account).balance_minor;
    });
    return minor;
  }
  json get_json(const std::string& stem, const std::string& target, unsigned status = 200) {
    const ClientResponse response = send(stem, "GET", target);
    EXPECT_EQ(response.status, status) << target << ": " << response.body;
    return json::parse(response.body, nullptr, false);
  }
  std::vector<json> inbox_about(const std::string& stem, const std::string& uetr_text) {
    std::vector<json> found;
    const json page = get_json(stem, "/v1/inbox?after=0&limit=500");
    for (const json& m : page["messages"]) {
      if (m["uetr"] == uetr_text) found.push_back(m);
    }
    return found;
  }
  std::string pay(const FxTransfer& t) {
    const ClientResponse response =
        send(kLotus, "POST", "/v1/messages", fx_pacs008("M-" + t.id, t));
    EXPECT_EQ(response.status, 200u) << response.body;
    return response.body;
  }
  // Nothing moved on any of the four accounts.
  void expect_opening_balances() {
    EXPECT_EQ(balance(kLotus, "CNY"), 100050);
    EXPECT_EQ(balance(kSilk, "CNY"), 1);
    EXPECT_EQ(balance(kSilk, "RUB"), 7000);
    EXPECT_EQ(balance(kBereza, "RUB"), 500000);
  }
};

TEST_F(CrossCurrencyTest, APaymentAtAQuoteSettlesBothLegsAndIsAnsweredAcsc) {
  const std::string answer = pay({"X-1", uetr(1)});
  EXPECT_NE(answer.find("<TxSts>ACSC</TxSts>"), std::string::npos) << answer;
  iso20022::testing::expect_schema_valid(answer, "pacs.002.001.10");
  EXPECT_EQ(balance(kLotus, "CNY"), 100050 - 150);
  EXPECT_EQ(balance(kSilk, "CNY"), 1 + 150);
  EXPECT_EQ(balance(kSilk, "RUB"), 7000 - 1852);
  EXPECT_EQ(balance(kBereza, "RUB"), 500000 + 1852);
}

TEST_F(CrossCurrencyTest, TheCreditorGetsBothAmountsAndEachPartyANotificationInItsCurrency) {
  pay({"X-1", uetr(1)});
  const std::vector<json> to_bereza = inbox_about(kBereza, uetr(1));
  ASSERT_EQ(to_bereza.size(), 2u);
  EXPECT_EQ(to_bereza[0]["kind"], "payment");
  const std::string forwarded = to_bereza[0]["xml"];
  EXPECT_NE(forwarded.find(R"(<IntrBkSttlmAmt Ccy="RUB">18.52</IntrBkSttlmAmt>)"),
            std::string::npos)
      << forwarded;
  EXPECT_NE(forwarded.find(R"(<InstdAmt Ccy="CNY">1.50</InstdAmt>)"), std::string::npos);
  EXPECT_NE(forwarded.find("<XchgRate>12.3456</XchgRate>"), std::string::npos);
  EXPECT_NE(forwarded.find("<InstrInf>/FXQT/7</InstrInf>"), std::string::npos);
  iso20022::testing::expect_schema_valid(forwarded, "pacs.008.001.08");
  const std::string credit = to_bereza[1]["xml"];
  EXPECT_EQ(to_bereza[1]["kind"], "credit_notification");
  EXPECT_NE(credit.find(R"(<Amt Ccy="RUB">18.52</Amt>)"), std::string::npos) << credit;
  iso20022::testing::expect_schema_valid(credit, "camt.054.001.08");

  const std::vector<json> to_lotus = inbox_about(kLotus, uetr(1));
  ASSERT_EQ(to_lotus.size(), 1u);
  EXPECT_EQ(to_lotus[0]["kind"], "debit_notification");
  const std::string debit = to_lotus[0]["xml"];
  EXPECT_NE(debit.find(R"(<Amt Ccy="CNY">1.50</Amt>)"), std::string::npos) << debit;
  iso20022::testing::expect_schema_valid(debit, "camt.054.001.08");

  // The FX provider: credited in CNY (leg 1), debited in RUB (leg 2).
  const std::vector<json> to_silk = inbox_about(kSilk, uetr(1));
  ASSERT_EQ(to_silk.size(), 2u);
  EXPECT_EQ(to_silk[0]["kind"], "credit_notification");
  const std::string silk_credit = to_silk[0]["xml"];
  EXPECT_NE(silk_credit.find(R"(<Amt Ccy="CNY">1.50</Amt>)"), std::string::npos) << silk_credit;
  EXPECT_NE(silk_credit.find("SILKCNB0-CNY"), std::string::npos) << silk_credit;
  iso20022::testing::expect_schema_valid(silk_credit, "camt.054.001.08");
  EXPECT_EQ(to_silk[1]["kind"], "debit_notification");
  const std::string silk_debit = to_silk[1]["xml"];
  EXPECT_NE(silk_debit.find(R"(<Amt Ccy="RUB">18.52</Amt>)"), std::string::npos) << silk_debit;
  EXPECT_NE(silk_debit.find("SILKCNB0-RUB"), std::string::npos) << silk_debit;
  iso20022::testing::expect_schema_valid(silk_debit, "camt.054.001.08");
}

TEST_F(CrossCurrencyTest, AnXchgRateOtherThanTheQuotesIsRejectedAm09AndNothingMoves) {
  // 1.50 x 12.3457 = 18.51855, also 18.52: only the rate tells them apart.
  FxTransfer t{"X-2", uetr(2)};
  t.rate = "12.3457";
  const std::string answer = pay(t);
  EXPECT_NE(answer.find("<TxSts>RJCT</TxSts>"), std::string::npos) << answer;
  EXPECT_NE(answer.find("<Cd>AM09</Cd>"), std::string::npos) << answer;
  EXPECT_NE(answer.find("XchgRate 12.3457 is not the rate of FX quote 7, 12.3456"),
            std::string::npos)
      << answer;
  iso20022::testing::expect_schema_valid(answer, "pacs.002.001.10");
  expect_opening_balances();
  // The same rate with more zeros is the same rate.
  t = FxTransfer{"X-3", uetr(3)};
  t.rate = "12.345600";
  EXPECT_NE(pay(t).find("<TxSts>ACSC</TxSts>"), std::string::npos);
}

TEST_F(CrossCurrencyTest, InconsistentCrossCurrencyFieldsAreRejectedWithTheirCodes) {
  const auto rejected = [&](FxTransfer t, const std::string& code) {
    const std::string answer = pay(t);
    EXPECT_NE(answer.find("<TxSts>RJCT</TxSts>"), std::string::npos) << t.id << answer;
    EXPECT_NE(answer.find("<Cd>" + code + "</Cd>"), std::string::npos) << t.id << answer;
  };
  FxTransfer no_rate{"X-4", uetr(4)};
  no_rate.rate = "";
  rejected(no_rate, "FF01");
  FxTransfer wrong_amount{"X-5", uetr(5)};
  wrong_amount.settlement = "18.53";
  rejected(wrong_amount, "AM09");
  FxTransfer one_currency{"X-6", uetr(6)};
  one_currency.instructed_currency = "RUB";
  rejected(one_currency, "CURR");
  FxTransfer no_quote_id{"X-7", uetr(7)};
  no_quote_id.reference = "/FXQT/x";
  rejected(no_quote_id, "FF01");
  FxTransfer unknown_quote{"X-8", uetr(8)};
  unknown_quote.reference = "/FXQT/8";
  rejected(unknown_quote, "FF01");  // the core's: quote unknown or withdrawn
  expect_opening_balances();
}

TEST_F(CrossCurrencyTest, WithoutAQuoteReferenceInstdAmtAndXchgRateDoNotMakeItCrossCurrency) {
  // The customer's conversion was done before: settled in RUB alone, Lotus has no RUB account.
  FxTransfer t{"X-9", uetr(9)};
  t.reference = "";
  const std::string answer = pay(t);
  EXPECT_NE(answer.find("<Cd>AC01</Cd>"), std::string::npos) << answer;
  expect_opening_balances();
}

TEST_F(CrossCurrencyTest, TrackingShowsBothLegsToTheDebtorTheCreditorAndTheProvider) {
  pay({"X-1", uetr(1)});
  for (const char* reader : {kLotus, kBereza, kSilk}) {
    const json p = get_json(reader, "/v1/payments/" + uetr(1));
    EXPECT_EQ(p["status"], "settled") << reader;
    EXPECT_EQ(p["fx"]["quote_id"], "7");
    EXPECT_EQ(p["fx"]["provider"], kSilk);
    EXPECT_EQ(p["fx"]["rate"], "12.3456");
    ASSERT_EQ(p["legs"].size(), 2u) << p.dump(1);
    EXPECT_EQ(p["legs"][0]["currency"], "CNY");
    EXPECT_EQ(p["legs"][0]["amount"], "1.50");
    EXPECT_EQ(p["legs"][0]["debtor"], kLotus);
    EXPECT_EQ(p["legs"][0]["creditor"], kSilk);
    EXPECT_EQ(p["legs"][0]["creditor_account_holder"], kSilk);
    EXPECT_EQ(p["legs"][1]["currency"], "RUB");
    EXPECT_EQ(p["legs"][1]["amount"], "18.52");
    EXPECT_EQ(p["legs"][1]["debtor"], kSilk);
    EXPECT_EQ(p["legs"][1]["creditor"], "BERZRUM0");
  }
  get_json("CBCNCNB0", "/v1/payments/" + uetr(1), 404);
}

TEST_F(CrossCurrencyTest, TheReceiptBindsBothLegsAndTheQuoteAndVerifiesForEveryParty) {
  pay({"X-1", uetr(1)});
  const ClientResponse response = send(kLotus, "GET", "/v1/receipts/" + uetr(1));
  ASSERT_EQ(response.status, 200u) << response.body;
  const std::optional<receipt::SignedReceipt> signed_receipt =
      verified_receipt(response.body, config_.tls.pki_dir);
  ASSERT_TRUE(signed_receipt);
  const receipt::Receipt& r = signed_receipt->receipt;
  EXPECT_EQ(receipt::format_of(r), receipt::kFormatCrossCurrency);
  EXPECT_NE(response.body.find("\"format\": \"corridor-finality-receipt/2\""), std::string::npos);
  // Leg 1: Lotus pays 1.50 CNY to Silk Road; leg 2: Silk Road pays 18.52 RUB to Bereza.
  EXPECT_EQ(r.amount_minor, 150);
  EXPECT_EQ(r.currency, *core::CurrencyCode::parse("CNY"));
  EXPECT_EQ(r.debtor_agent, *core::Bic::parse(kLotus));
  EXPECT_EQ(r.creditor_agent, *core::Bic::parse(kBereza));
  ASSERT_TRUE(r.second_leg);
  EXPECT_EQ(r.second_leg->fx_provider, *core::Bic::parse(kSilk));
  EXPECT_EQ(r.second_leg->fx_quote_id, kQuoteId);
  EXPECT_EQ(r.second_leg->settlement_amount_minor, 1852);
  EXPECT_EQ(r.second_leg->settlement_currency, *core::CurrencyCode::parse("RUB"));
  EXPECT_EQ(r.settled_by, receipt::SettledBy::kEntry);
  const json tracked = get_json(kLotus, "/v1/payments/" + uetr(1));
  EXPECT_EQ(tracked["settled_journal_seq"], r.journal_seq);
  EXPECT_EQ(r.chain_head_sha256, batch_hash_holding(config_.service.journal_dir, r.journal_seq));
  // The creditor and the FX provider (a party to leg 1 and leg 2, which can
  // track the payment) get the same receipt; a bank that is no party, none.
  EXPECT_EQ(send(kBereza, "GET", "/v1/receipts/" + uetr(1)).body, response.body);
  EXPECT_EQ(send(kSilk, "GET", "/v1/receipts/" + uetr(1)).body, response.body);
  EXPECT_EQ(send("CBCNCNB0", "GET", "/v1/receipts/" + uetr(1)).status, 404u);
  restart();
  EXPECT_EQ(send(kLotus, "GET", "/v1/receipts/" + uetr(1)).body, response.body);
}

TEST_F(CrossCurrencyTest, AnUnsettledCrossCurrencyPaymentHasNoReceipt) {
  // 10.00 CNY is 123.46 RUB, more than Silk Road's 70.00 RUB and 10.00 credit line.
  FxTransfer big{"X-2", uetr(2)};
  big.instructed = "10.00";
  big.settlement = "123.46";
  pay(big);
  EXPECT_NE(get_json(kLotus, "/v1/payments/" + uetr(2))["status"], "settled");
  const ClientResponse response = send(kLotus, "GET", "/v1/receipts/" + uetr(2));
  EXPECT_EQ(response.status, 409u) << response.body;
}

TEST_F(CrossCurrencyTest, TheProvidersReportsAndStatementsShowEachLegInItsCurrency) {
  pay({"X-1", uetr(1)});
  // Intraday (camt.052): the CNY account was credited 1.50, the RUB account debited 18.52.
  const ClientResponse cny = send(kSilk, "GET", "/v1/reports/intraday?currency=CNY");
  ASSERT_EQ(cny.status, 200u) << cny.body;
  iso20022::testing::expect_schema_valid(cny.body, "camt.052.001.08");
  EXPECT_NE(cny.body.find(R"(<Amt Ccy="CNY">1.50</Amt>)"), std::string::npos) << cny.body;
  EXPECT_NE(cny.body.find(uetr(1)), std::string::npos);
  const ClientResponse rub = send(kSilk, "GET", "/v1/reports/intraday?currency=RUB");
  ASSERT_EQ(rub.status, 200u) << rub.body;
  iso20022::testing::expect_schema_valid(rub.body, "camt.052.001.08");
  EXPECT_NE(rub.body.find(R"(<Amt Ccy="RUB">18.52</Amt>)"), std::string::npos) << rub.body;
  EXPECT_EQ(rub.body.find(R"(<Amt Ccy="CNY">)"), std::string::npos) << "a CNY entry in RUB";

  core::EndOfDay eod;
  eod.next_value_date = 20261201;
  ASSERT_TRUE(service_->engine()
                  .submit_and_wait(journal::Submission{core::Bic(), core::InstructionId(),
                                                       core::Command{0, eod}})
                  .applied.result.ok());
  // The day's statements (camt.053), one per currency, each with its leg.
  const ClientResponse cny_day = send(kSilk, "GET", "/v1/statements/2026-11-30?currency=CNY");
  ASSERT_EQ(cny_day.status, 200u) << cny_day.body;
  iso20022::testing::expect_schema_valid(cny_day.body, "camt.053.001.08");
  EXPECT_NE(cny_day.body.find(R"(<Amt Ccy="CNY">1.50</Amt>)"), std::string::npos) << cny_day.body;
  const ClientResponse rub_day = send(kSilk, "GET", "/v1/statements/2026-11-30?currency=RUB");
  ASSERT_EQ(rub_day.status, 200u) << rub_day.body;
  iso20022::testing::expect_schema_valid(rub_day.body, "camt.053.001.08");
  EXPECT_NE(rub_day.body.find(R"(<Amt Ccy="RUB">18.52</Amt>)"), std::string::npos) << rub_day.body;
  // Bereza, RUB only, has the credit of leg 2; Lotus, CNY only, the debit of leg 1.
  const ClientResponse bereza = send(kBereza, "GET", "/v1/statements/2026-11-30");
  EXPECT_NE(bereza.body.find(R"(<Amt Ccy="RUB">18.52</Amt>)"), std::string::npos) << bereza.body;
  const ClientResponse lotus = send(kLotus, "GET", "/v1/statements/2026-11-30");
  EXPECT_NE(lotus.body.find(R"(<Amt Ccy="CNY">1.50</Amt>)"), std::string::npos) << lotus.body;
}

}  // namespace
}  // namespace corridor::gateway
