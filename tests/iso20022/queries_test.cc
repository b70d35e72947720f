// camt.005 search criteria, camt.007 timing, camt.056 whole-group
// cancellation, and the answers to camt.005 (camt.006) and pacs.028 (pacs.002).
#include "iso20022/queries.h"

#include <gtest/gtest.h>

#include "input_test_util.h"
#include "iso20022/mapping.h"
#include "iso20022/parse.h"
#include "iso20022/render.h"
#include "iso20022/search.h"
#include "iso20022/validate.h"
#include "render_test_util.h"

namespace corridor::iso20022 {
namespace {

using testing::data_file;
using testing::describe;
using testing::expect_schema_valid;
using testing::has_problem;
using testing::replaced;

const std::string kUetrA = "eb6305c9-1f7f-49de-aed0-16487c27b42d";
const std::string kUetrB = "8a562c67-ca16-48ba-b074-65581be6f011";

core::TimestampNs at(const char* text) {
  core::TimestampNs ns = 0;
  EXPECT_TRUE(parse_iso_date_time(text, &ns).ok()) << text;
  return ns;
}

TransactionStateInput payment(std::string uetr, TransactionState state, core::AmountMinor amount,
                              std::string currency) {
  TransactionStateInput p;
  p.state = state;
  p.uetr = std::move(uetr);
  p.transaction_id = "TX-" + p.uetr.substr(0, 4);
  p.end_to_end_id = "E2E-" + p.uetr.substr(0, 4);
  p.message_id = "BATCH-77";
  p.amount_minor = amount;
  p.currency = std::move(currency);
  p.settlement_date = 20261127;
  p.instructing_agent_bic = "BANKGB2LXXX";
  p.instructed_agent_bic = "BANKDEFF";
  p.priority = core::Priority::kNormal;
  if (state == TransactionState::kRejected || state == TransactionState::kCancelled) {
    p.reason = state == TransactionState::kRejected ? core::Reason::kLatestTimePassed
                                                    : core::Reason::kCancelledOnRequest;
  }
  return p;
}

HeaderInput header(std::string id) {
  return HeaderInput{"CORRXXYYXXX", "BANKGB2LXXX", std::move(id), testing::kAtNs, ""};
}

// ------------------------------------------------------------------ camt.005

TEST(Camt005Search, TheIdentificationsOfOnePmtSchAreOneConjunction) {
  const Message message = parse_message(data_file("camt005_get_transaction.xml"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  EXPECT_EQ(message.group.message_id, "GET-1");
  ASSERT_EQ(message.searches.size(), 1u);
  const PaymentSearch& search = message.searches[0];
  EXPECT_EQ(search.uetrs, std::vector<std::string>{kUetrA});
  EXPECT_EQ(search.end_to_end_ids, std::vector<std::string>{"E-2"});
  EXPECT_TRUE(search.identifies_payments());
  const Mapping mapping = map_to_commands(message);
  EXPECT_TRUE(mapping.ok());
  EXPECT_TRUE(mapping.commands.empty());
}

TEST(Camt005Search, EveryCriterionCorridorEvaluatesIsRead) {
  const Message message = parse_message(data_file("camt005_search_criteria.xml"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  ASSERT_EQ(message.searches.size(), 2u);
  const PaymentSearch& s = message.searches[0];
  EXPECT_EQ(s.states, std::vector<TransactionState>{TransactionState::kQueued});
  ASSERT_EQ(s.amounts.size(), 1u);
  EXPECT_EQ(s.amounts[0].from_e5, 100'00000);
  EXPECT_TRUE(s.amounts[0].from_inclusive);
  EXPECT_EQ(s.amounts[0].to_e5, 1000'50000);
  EXPECT_FALSE(s.amounts[0].to_inclusive);
  EXPECT_EQ(s.currencies, std::vector<std::string>{"EUR"});
  EXPECT_EQ(s.priorities,
            (std::vector<core::Priority>{core::Priority::kUrgent, core::Priority::kNormal}));
  EXPECT_EQ(s.settlement_dates, std::vector<core::ValueDate>{20261127});
  EXPECT_EQ(s.instructed_agent_bic, "BANKDEFF");
  EXPECT_FALSE(s.identifies_payments());
  EXPECT_EQ(message.searches[1].transaction_ids, std::vector<std::string>{"TX-9"});
}

TEST(Camt005Search, ACriterionCorridorCannotEvaluateIsRefusedNotIgnored) {
  const std::string base = data_file("camt005_search_criteria.xml");
  const Message message =
      parse_message(replaced(base, "<TxId>TX-9</TxId>", "<Instr>PHOA</Instr><TxId>TX-9</TxId>"));
  EXPECT_TRUE(has_problem(message, "FF01",
                          "/Document/GetTx/TxQryDef/TxCrit/NewCrit/SchCrit[2]/PmtSch/Instr"))
      << describe(message.problems);
}

TEST(Camt005Search, BadValuesAreRejectedWithTheirCodes) {
  const std::string base = data_file("camt005_search_criteria.xml");
  const std::string search = "/Document/GetTx/TxQryDef/TxCrit/NewCrit/SchCrit[1]/PmtSch";
  EXPECT_TRUE(has_problem(parse_message(replaced(base, "<BdryAmt>100<", "<BdryAmt>1.000001<")),
                          "AM12",
                          search + "/IntrBkSttlmAmt/ImpldCcyAndAmtRg/Amt/FrToAmt/FrAmt/BdryAmt"));
  EXPECT_TRUE(
      has_problem(parse_message(replaced(base, "<IntrBkSttlmAmtCcy>EUR", "<IntrBkSttlmAmtCcy>EUX")),
                  "AM03", search + "/IntrBkSttlmAmtCcy"));
  EXPECT_TRUE(has_problem(parse_message(replaced(base, "<PdgSts>PSTL", "<PdgSts>MATD")), "FF01",
                          search + "/Sts/PmtInstrSts/PdgSts"));
  EXPECT_TRUE(has_problem(
      parse_message(replaced(base, "<IntrBkSttlmDt>2026-11-27", "<IntrBkSttlmDt>2026-02-30")),
      "DT01", search + "/IntrBkSttlmDt"));
}

TEST(Camt005Search, NoCriteriaAsksForEverythingTheSenderMaySee) {
  const std::string base = data_file("camt005_get_transaction.xml");
  const std::string bare = replaced(
      base,
      base.substr(base.find("<TxQryDef>"), base.find("</TxQryDef>") + 11 - base.find("<TxQryDef>")),
      "");
  const Message message = parse_message(bare);
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  ASSERT_EQ(message.searches.size(), 1u);
  EXPECT_TRUE(matches(message.searches[0], payment(kUetrA, TransactionState::kSettled, 1, "EUR")));
}

TEST(Camt005Search, AmountRangesCompareExactlyWhateverTheMinorUnits) {
  AmountRange r;
  r.from_e5 = 100'00000;  // 100
  r.to_e5 = 1000'50000;   // 1000.5, exclusive
  r.to_inclusive = false;
  EXPECT_TRUE(amount_in_range(r, 10000, 2));     // 100.00 EUR: inclusive lower bound
  EXPECT_FALSE(amount_in_range(r, 9999, 2));     // 99.99
  EXPECT_TRUE(amount_in_range(r, 100049, 2));    // 1000.49
  EXPECT_FALSE(amount_in_range(r, 100050, 2));   // 1000.50: exclusive upper bound
  EXPECT_TRUE(amount_in_range(r, 1000, 0));      // 1000 JPY
  EXPECT_FALSE(amount_in_range(r, 1001, 0));     // 1001 JPY
  EXPECT_TRUE(amount_in_range(r, 1000499, 3));   // 1000.499 BHD
  EXPECT_FALSE(amount_in_range(r, 1000500, 3));  // 1000.500 BHD
  AmountRange eq;
  eq.equal_e5 = 1000'25000;
  EXPECT_TRUE(amount_in_range(eq, 100025, 2));
  EXPECT_FALSE(amount_in_range(eq, 100026, 2));
  AmountRange neq;
  neq.not_equal_e5 = 1000'25000;
  EXPECT_FALSE(amount_in_range(neq, 100025, 2));
  EXPECT_TRUE(amount_in_range(neq, 100026, 2));
}

TEST(Camt005Search, DecimalsAreReadExactlyOrRefused) {
  EXPECT_EQ(parse_decimal_e5("0"), 0);
  EXPECT_EQ(parse_decimal_e5("1000.25"), 1000'25000);
  EXPECT_EQ(parse_decimal_e5("0.00001"), 1);
  EXPECT_EQ(parse_decimal_e5("9999999999999.99999"), 999999999999999999);
  EXPECT_FALSE(parse_decimal_e5("0.000001"));
  EXPECT_FALSE(parse_decimal_e5("1234567890123456789"));
  EXPECT_FALSE(parse_decimal_e5("-1"));
  EXPECT_FALSE(parse_decimal_e5("1."));
  EXPECT_FALSE(parse_decimal_e5(".5"));
  EXPECT_FALSE(parse_decimal_e5("1e3"));
  EXPECT_FALSE(parse_decimal_e5(""));
}

TEST(Camt005Search, EveryKindOfCriterionMustHoldAndRepeatsAreAlternatives) {
  const Message message = parse_message(data_file("camt005_search_criteria.xml"));
  ASSERT_TRUE(message.ok());
  const PaymentSearch& s = message.searches[0];
  TransactionStateInput p = payment(kUetrA, TransactionState::kQueued, 50000, "EUR");
  EXPECT_TRUE(matches(s, p));
  p.priority = core::Priority::kUrgent;  // HIGH: the other alternative
  EXPECT_TRUE(matches(s, p));
  p.priority = core::Priority::kHighlyUrgent;
  EXPECT_FALSE(matches(s, p));
  p = payment(kUetrA, TransactionState::kSettled, 50000, "EUR");
  EXPECT_FALSE(matches(s, p)) << "status";
  p = payment(kUetrA, TransactionState::kQueued, 50000, "USD");
  EXPECT_FALSE(matches(s, p)) << "currency";
  p = payment(kUetrA, TransactionState::kQueued, 200000, "EUR");
  EXPECT_FALSE(matches(s, p)) << "amount";
  p = payment(kUetrA, TransactionState::kQueued, 50000, "EUR");
  p.instructed_agent_bic = "BANKFRPP";
  EXPECT_FALSE(matches(s, p)) << "instructed agent";
  p = payment(kUetrA, TransactionState::kQueued, 50000, "EUR");
  p.settlement_date = 20261128;
  EXPECT_FALSE(matches(s, p)) << "settlement date";
}

TEST(Camt005Answer, MatchesAreListedOnceAndUnmatchedIdentificationsAreNotFound) {
  const Message message = parse_message(data_file("camt005_search_criteria.xml"));
  ASSERT_TRUE(message.ok());
  std::vector<TransactionStateInput> payments = {
      payment(kUetrA, TransactionState::kQueued, 50000, "EUR"),
      payment(kUetrB, TransactionState::kSettled, 50000, "EUR"),
  };
  payments[0].transaction_id = "TX-9";  // matched by both searches
  const ReturnTransactionInput answer =
      answer_get_transaction(message, payments, AnswerIdentity{"ANS-1", testing::kAtNs, ""});
  EXPECT_EQ(answer.query_message_id, "GET-2");
  ASSERT_EQ(answer.transactions.size(), 1u);
  EXPECT_EQ(answer.transactions[0].uetr, kUetrA);

  payments[0].transaction_id = "TX-1";
  const ReturnTransactionInput partly =
      answer_get_transaction(message, payments, AnswerIdentity{"ANS-2", testing::kAtNs, ""});
  ASSERT_EQ(partly.transactions.size(), 2u);
  EXPECT_EQ(partly.transactions[0].uetr, kUetrA);
  EXPECT_EQ(partly.transactions[1].state, TransactionState::kNotFound);
  EXPECT_EQ(partly.transactions[1].uetr, "TX-9");
  std::string xml;
  render_camt006(header("ANS-2"), partly, xml);
  expect_schema_valid(xml, "camt.006.001.08");
}

TEST(Camt005Answer, NothingFoundAnswersOneNotFoundEntryNamingTheQuery) {
  const Message message = parse_message(data_file("camt005_search_criteria.xml"));
  const ReturnTransactionInput answer =
      answer_get_transaction(message, {}, AnswerIdentity{"ANS-3", testing::kAtNs, ""});
  ASSERT_EQ(answer.transactions.size(), 1u);  // TX-9 not found; the criteria search adds nothing
  EXPECT_EQ(answer.transactions[0].uetr, "TX-9");
  const Message no_ids =
      parse_message(replaced(data_file("camt005_search_criteria.xml"),
                             "<SchCrit>\n            <PmtSch>\n              <TxId>TX-9</TxId>\n   "
                             "         </PmtSch>\n          </SchCrit>",
                             ""));
  ASSERT_TRUE(no_ids.ok()) << describe(no_ids.problems);
  ASSERT_EQ(no_ids.searches.size(), 1u);
  const ReturnTransactionInput empty =
      answer_get_transaction(no_ids, {}, AnswerIdentity{"ANS-4", testing::kAtNs, ""});
  ASSERT_EQ(empty.transactions.size(), 1u);
  EXPECT_EQ(empty.transactions[0].state, TransactionState::kNotFound);
  EXPECT_EQ(empty.transactions[0].uetr, "GET-2");
  std::string xml;
  render_camt006(header("ANS-4"), empty, xml);
  expect_schema_valid(xml, "camt.006.001.08");
}

// ------------------------------------------------------------------ pacs.028

TEST(Pacs028Answer, EachRequestGetsItsPaymentsStatus) {
  std::string xml_in = data_file("pacs028_status_request.xml");
  const Message request = parse_message(xml_in);
  ASSERT_TRUE(request.ok()) << describe(request.problems);
  ASSERT_EQ(request.requests.size(), 1u);
  for (const auto& [state, code] : std::vector<std::pair<TransactionState, std::string>>{
           {TransactionState::kQueued, "ACSP"},
           {TransactionState::kSettled, "ACSC"},
           {TransactionState::kRejected, "RJCT"},
           {TransactionState::kCancelled, "RJCT"}}) {
    const PaymentLookup lookup = [&](const Request& asked) -> std::optional<TransactionStateInput> {
      if (asked.original_uetr && asked.original_uetr->to_string() == kUetrA) {
        TransactionStateInput found = payment(kUetrA, state, 100025, "EUR");
        found.status_at_ns = testing::kAtNs;
        return found;
      }
      return std::nullopt;
    };
    const StatusReportInput report = answer_status_request(
        request, lookup, AnswerIdentity{"STS-ANS", testing::kAtNs, "CORRXXYY"});
    ASSERT_EQ(report.transactions.size(), 1u);
    const StatusTransaction& tx = report.transactions[0];
    EXPECT_EQ(status_code(tx.status), code);
    EXPECT_EQ(tx.uetr, kUetrA);
    EXPECT_EQ(tx.original_message_id, "BATCH-77");
    if (state == TransactionState::kCancelled) {
      EXPECT_EQ(core::iso_code(tx.reason), "CUST");
    }
    if (state == TransactionState::kRejected) {
      EXPECT_EQ(core::iso_code(tx.reason), "TM01");
    }
    if (state == TransactionState::kSettled) {
      EXPECT_EQ(tx.settled_at_ns, testing::kAtNs);
    }
    std::string xml;
    render_pacs002(header("STS-ANS"), report, xml);
    expect_schema_valid(xml, "pacs.002.001.10");
  }
}

TEST(Pacs028Answer, AnUnknownPaymentIsRejectedNOOR) {
  const Message request = parse_message(data_file("pacs028_status_request.xml"));
  const StatusReportInput report = answer_status_request(
      request, [](const Request&) { return std::nullopt; },
      AnswerIdentity{"STS-ANS", testing::kAtNs, ""});
  ASSERT_EQ(report.transactions.size(), 1u);
  EXPECT_EQ(report.transactions[0].status, PaymentStatus::kRejected);
  EXPECT_EQ(core::iso_code(report.transactions[0].reason), "NOOR");
  EXPECT_EQ(report.transactions[0].uetr, kUetrA);
  std::string xml;
  render_pacs002(header("STS-ANS"), report, xml);
  expect_schema_valid(xml, "pacs.002.001.10");
}

// ------------------------------------------------------------------ camt.007

const std::string kPriority = "<NewPmtValSet><Prty><Cd>HIGH</Cd></Prty></NewPmtValSet>";

TEST(Camt007Timing, NewTimesMapToOneModifyPaymentWithThePriority) {
  const std::string xml = replaced(
      data_file("camt007_modify_priority.xml"), kPriority,
      "<NewPmtValSet><Prty><Cd>HIGH</Cd></Prty><PrcgVldtyTm><DtTmRg>"
      "<FrDtTm>2026-11-27T13:00:00+00:00</FrDtTm><ToDtTm>2026-11-27T15:30:00+01:00</ToDtTm>"
      "</DtTmRg></PrcgVldtyTm></NewPmtValSet>");
  EXPECT_EQ(testing::xmllint(xml, "camt.007.001.08").exit_status, 0);
  const Message message = parse_message(xml);
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  const Mapping mapping = map_to_commands(message);
  ASSERT_TRUE(mapping.ok()) << describe(mapping.problems);
  ASSERT_EQ(mapping.commands.size(), 1u);
  const auto* modify = std::get_if<core::ModifyPayment>(&mapping.commands[0].body);
  ASSERT_NE(modify, nullptr);
  EXPECT_EQ(modify->uetr.to_string(), kUetrA);
  EXPECT_EQ(modify->earliest_ns, at("2026-11-27T13:00:00Z"));
  EXPECT_EQ(modify->latest_ns, at("2026-11-27T14:30:00Z"));
  EXPECT_TRUE(modify->priority_change);
  EXPECT_EQ(modify->priority, core::Priority::kUrgent);
}

TEST(Camt007Timing, OnlyALatestTimeLeavesThePriorityAlone) {
  const Message message = parse_message(
      replaced(data_file("camt007_modify_priority.xml"), kPriority,
               "<NewPmtValSet><PrcgVldtyTm><ToDtTm>2026-11-27T16:00:00Z</ToDtTm></PrcgVldtyTm>"
               "</NewPmtValSet>"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  const Mapping mapping = map_to_commands(message);
  ASSERT_EQ(mapping.commands.size(), 1u);
  const auto& modify = std::get<core::ModifyPayment>(mapping.commands[0].body);
  EXPECT_EQ(modify.earliest_ns, core::kNoTime);
  EXPECT_EQ(modify.latest_ns, at("2026-11-27T16:00:00Z"));
  EXPECT_FALSE(modify.priority_change);
}

TEST(Camt007Timing, OnlyAPriorityStillMapsToChangePriority) {
  const Mapping mapping = map_to_commands(parse_message(data_file("camt007_modify_priority.xml")));
  ASSERT_EQ(mapping.commands.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<core::ChangePriority>(mapping.commands[0].body));
}

TEST(Camt007Timing, InvalidModificationsAreRejectedWithTheirCodes) {
  const std::string base = data_file("camt007_modify_priority.xml");
  const std::string values = "/Document/ModfyTx/Mod/NewPmtValSet";
  EXPECT_TRUE(
      has_problem(parse_message(replaced(base, kPriority, "<NewPmtValSet/>")), "CH21", values));
  EXPECT_TRUE(has_problem(
      parse_message(replaced(base, kPriority,
                             "<NewPmtValSet><PrcgVldtyTm><DtTmRg><FrDtTm>2026-11-27T15:00:00Z"
                             "</FrDtTm><ToDtTm>2026-11-27T14:00:00Z</ToDtTm></DtTmRg>"
                             "</PrcgVldtyTm></NewPmtValSet>")),
      "DT01", values + "/PrcgVldtyTm"));
  EXPECT_TRUE(has_problem(
      parse_message(replaced(base, kPriority,
                             "<NewPmtValSet><PrcgVldtyTm><FrDtTm>2026-11-27T25:00:00Z</FrDtTm>"
                             "</PrcgVldtyTm></NewPmtValSet>")),
      "DT01", values + "/PrcgVldtyTm/FrDtTm"));
  EXPECT_TRUE(has_problem(
      parse_message(replaced(base, kPriority,
                             "<NewPmtValSet><Instr>PHOB</Instr><Prty><Cd>HIGH</Cd></Prty>"
                             "</NewPmtValSet>")),
      "FF01", values + "/Instr"));
}

// ------------------------------------------------------------------ camt.056

TEST(Camt056Group, AWholeGroupCancellationIsLeftForTheServiceToExpand) {
  const Message message = parse_message(data_file("camt056_group_cancel.xml"));
  ASSERT_TRUE(message.ok()) << describe(message.problems);
  ASSERT_EQ(message.requests.size(), 1u);
  EXPECT_TRUE(message.requests[0].whole_group);
  EXPECT_EQ(message.requests[0].request_id, "GC-1");
  EXPECT_EQ(message.requests[0].reason, "DUPL");
  const Mapping mapping = map_to_commands(message);
  ASSERT_TRUE(mapping.ok()) << describe(mapping.problems);
  EXPECT_TRUE(mapping.commands.empty());
  EXPECT_EQ(mapping.sender_bic, "BANKGB2L");
  ASSERT_EQ(mapping.group_cancellations.size(), 1u);
  EXPECT_EQ(mapping.group_cancellations[0].original_message_id, "BATCH-77");
  EXPECT_EQ(mapping.group_cancellations[0].original_message_name_id, "pacs.008.001.08");
  EXPECT_EQ(mapping.group_cancellations[0].request_index, 0u);
}

TEST(Camt056Group, GroupCancelTogetherWithSingleTransactionsIsAmbiguous) {
  const std::string xml =
      replaced(data_file("camt056_group_cancel.xml"), "</OrgnlGrpInfAndCxl>",
               "</OrgnlGrpInfAndCxl><TxInf><OrgnlUETR>" + kUetrA + "</OrgnlUETR></TxInf>");
  EXPECT_EQ(testing::xmllint(xml, "camt.056.001.08").exit_status, 0);
  EXPECT_TRUE(has_problem(parse_message(xml), "FF01",
                          "/Document/FIToFIPmtCxlReq/Undrlyg/OrgnlGrpInfAndCxl"));
}

TEST(Camt056Group, GrpCxlFalseWithoutTransactionsNamesNothingToCancel) {
  const Message message = parse_message(
      replaced(data_file("camt056_group_cancel.xml"), "<GrpCxl>true", "<GrpCxl>false"));
  EXPECT_TRUE(has_problem(message, "CH21", "/Document/FIToFIPmtCxlReq"))
      << describe(message.problems);
}

}  // namespace
}  // namespace corridor::iso20022
