// camt.054, camt.053, camt.052 and camt.029 renderers: every variant validates
// against the official XSDs (Document and AppHdr) with xmllint.
#include <gtest/gtest.h>

#include <string>

#include "iso20022/render.h"
#include "render_test_util.h"

namespace corridor::iso20022 {
namespace {

using testing::expect_schema_valid;
using testing::first_text;

using testing::kAtNs;
using testing::kLongText;
using testing::kLongTextCut35;
using testing::kUetr;

HeaderInput header(std::string id) {
  return HeaderInput{"CORRXXYYXXX", "BANKDEFFXXX", std::move(id), kAtNs, ""};
}

AccountInput account(std::string currency) {
  return AccountInput{"BANKDEFF-" + currency, std::move(currency), "BANKDEFFXXX", "CORRXXYYXXX"};
}

EntryInput entry(core::AmountMinor amount_minor, std::string currency, CreditDebit direction) {
  EntryInput e;
  e.amount_minor = amount_minor;
  e.currency = std::move(currency);
  e.direction = direction;
  e.entry_reference = "CORR-000001";
  e.booked_at_ns = kAtNs;
  e.value_date = 20261127;
  e.account_servicer_reference = "CORR-000001";
  e.message_id = "BANK-MSG-1";
  e.instruction_id = "INSTR-1";
  e.end_to_end_id = "E2E-1";
  e.transaction_id = "TX-1";
  e.uetr = kUetr;
  e.debtor_agent_bic = "BANKDEFFXXX";
  e.creditor_agent_bic = "BANKGB2L";
  return e;
}

std::string camt054(const EntryInput& e) {
  NotificationInput input{"CORR-NTF-1", kAtNs, "CORR-NTF-1", account(e.currency), {e}};
  std::string out;
  render_camt054(header("CORR-NTF-1"), input, out);
  return out;
}

TEST(RenderCamt054, CreditNotificationIsSchemaValid) {
  const std::string xml = camt054(entry(12345, "EUR", CreditDebit::kCredit));
  expect_schema_valid(xml, "camt.054.001.08");
  EXPECT_EQ(first_text(xml, "Amt"), "123.45");
  EXPECT_EQ(first_text(xml, "CdtDbtInd"), "CRDT");
  EXPECT_EQ(first_text(xml, "UETR"), kUetr);
  EXPECT_NE(xml.find("<Amt Ccy=\"EUR\">123.45</Amt>"), std::string::npos);
  EXPECT_NE(xml.find("<Cd>RCDT</Cd>"), std::string::npos);
}

TEST(RenderCamt054, DebitNotificationIsSchemaValid) {
  const std::string xml = camt054(entry(12345, "EUR", CreditDebit::kDebit));
  expect_schema_valid(xml, "camt.054.001.08");
  EXPECT_EQ(first_text(xml, "CdtDbtInd"), "DBIT");
  EXPECT_NE(xml.find("<Cd>ICDT</Cd>"), std::string::npos);
}

TEST(RenderCamt054, AmountsFollowEachCurrencysMinorUnits) {
  const std::string jpy = camt054(entry(100, "JPY", CreditDebit::kCredit));
  expect_schema_valid(jpy, "camt.054.001.08");
  EXPECT_NE(jpy.find("<Amt Ccy=\"JPY\">100</Amt>"), std::string::npos);
  const std::string bhd = camt054(entry(1234567, "BHD", CreditDebit::kDebit));
  expect_schema_valid(bhd, "camt.054.001.08");
  EXPECT_NE(bhd.find("<Amt Ccy=\"BHD\">1234.567</Amt>"), std::string::npos);
  const std::string kwd = camt054(entry(1, "KWD", CreditDebit::kCredit));
  expect_schema_valid(kwd, "camt.054.001.08");
  EXPECT_NE(kwd.find("<Amt Ccy=\"KWD\">0.001</Amt>"), std::string::npos);
  const std::string big = camt054(entry(999'999'999'999'999'999, "USD", CreditDebit::kCredit));
  expect_schema_valid(big, "camt.054.001.08");
}

TEST(RenderCamt054, MinimalEntryWithoutReferencesIsValid) {
  EntryInput e;
  e.amount_minor = 1;
  e.currency = "GBP";
  e.value_date = 20261127;
  const std::string xml = camt054(e);
  expect_schema_valid(xml, "camt.054.001.08");
  EXPECT_NE(xml.find("<BookgDt><Dt>2026-11-27</Dt></BookgDt>"), std::string::npos);
}

TEST(RenderCamt054, LongTextsAreEscapedAndCutToTheirLimits) {
  EntryInput e = entry(12345, "EUR", CreditDebit::kCredit);
  e.end_to_end_id = kLongText;
  e.instruction_id = kLongText;
  e.entry_reference = kLongText;
  NotificationInput input{kLongText, kAtNs, kLongText, account("EUR"), {e}};
  input.account.id = kLongText;
  std::string xml;
  render_camt054(header(kLongText), input, xml);
  expect_schema_valid(xml, "camt.054.001.08");
  EXPECT_EQ(first_text(xml, "EndToEndId"), kLongTextCut35);
}

TEST(RenderCamt054, RefusesWhatTheSchemaCannotExpress) {
  EXPECT_THROW(camt054(entry(0, "EUR", CreditDebit::kCredit)), RenderError);
  EXPECT_THROW(camt054(entry(-5, "EUR", CreditDebit::kCredit)), RenderError);
  EXPECT_THROW(camt054(entry(5, "XXY", CreditDebit::kCredit)), RenderError);
  EntryInput bad_uetr = entry(5, "EUR", CreditDebit::kCredit);
  bad_uetr.uetr = "0000";
  EXPECT_THROW(camt054(bad_uetr), RenderError);
  EntryInput bad_code = entry(5, "EUR", CreditDebit::kCredit);
  bad_code.bank_transaction_subfamily = "TOOLONG";
  EXPECT_THROW(camt054(bad_code), RenderError);
}

StatementInput statement(std::string currency, core::AmountMinor open_minor,
                         core::AmountMinor close_minor, std::vector<EntryInput> entries) {
  StatementInput input;
  input.message_id = "CORR-STM-1";
  input.created_at_ns = kAtNs;
  input.statement_id = "CORR-STM-20261127-1";
  input.sequence_number = 42;
  input.account = account(currency);
  input.value_date = 20261127;
  input.figures.balance_open_minor = open_minor;
  input.figures.balance_close_minor = close_minor;
  input.entries = std::move(entries);
  return input;
}

std::string camt053(const StatementInput& input) {
  std::string out;
  render_camt053(header(input.message_id), input, out);
  return out;
}

TEST(RenderCamt053, StatementHasOpeningAndClosingBalancesAndSummary) {
  const std::string xml = camt053(statement(
      "EUR", 100000, 90000,
      {entry(5000, "EUR", CreditDebit::kCredit), entry(15000, "EUR", CreditDebit::kDebit)}));
  expect_schema_valid(xml, "camt.053.001.08");
  EXPECT_NE(xml.find("<Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">1000.00</Amt>"),
            std::string::npos);
  EXPECT_NE(xml.find("<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">900.00</Amt>"),
            std::string::npos);
  EXPECT_NE(xml.find("<TtlNtries><NbOfNtries>2</NbOfNtries><Sum>200.00</Sum><TtlNetNtry><Amt>"
                     "100.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>"),
            std::string::npos);
}

TEST(RenderCamt053, NegativeBalanceIsADebit) {
  const std::string xml =
      camt053(statement("JPY", -500, -700, {entry(200, "JPY", CreditDebit::kDebit)}));
  expect_schema_valid(xml, "camt.053.001.08");
  EXPECT_NE(xml.find("<Amt Ccy=\"JPY\">500</Amt><CdtDbtInd>DBIT</CdtDbtInd>"), std::string::npos);
}

TEST(RenderCamt053, StatementWithoutEntriesAndThreeMinorUnitsIsValid) {
  const std::string xml = camt053(statement("KWD", 1234, 1234, {}));
  expect_schema_valid(xml, "camt.053.001.08");
  EXPECT_NE(xml.find("<Amt Ccy=\"KWD\">1.234</Amt>"), std::string::npos);
  EXPECT_EQ(xml.find("TxsSummry"), std::string::npos);
}

TEST(RenderCamt053, EntryInAnotherCurrencyIsRefused) {
  EXPECT_THROW(camt053(statement("EUR", 0, 0, {entry(1, "USD", CreditDebit::kCredit)})),
               RenderError);
}

TEST(RenderCamt052, IntradayReportHasTheInterimBookedBalance) {
  ReportInput input;
  input.message_id = "CORR-RPT-1";
  input.created_at_ns = kAtNs;
  input.report_id = "CORR-RPT-1";
  input.account = account("BHD");
  input.balance_minor = -1500;
  input.balance_at_ns = kAtNs;
  input.entries = {entry(1500, "BHD", CreditDebit::kDebit)};
  std::string xml;
  render_camt052(header("CORR-RPT-1"), input, xml);
  expect_schema_valid(xml, "camt.052.001.08");
  EXPECT_NE(xml.find("<Cd>ITBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"BHD\">1.500</Amt><CdtDbtInd>DBIT"),
            std::string::npos);
  input.entries.clear();
  xml.clear();
  render_camt052(header("CORR-RPT-2"), input, xml);
  expect_schema_valid(xml, "camt.052.001.08");
}

ResolutionInput resolution(bool accepted) {
  ResolutionInput input;
  input.assignment_id = "CORR-CXL-1";
  input.assigner_bic = "CORRXXYYXXX";
  input.assignee_bic = "BANKDEFFXXX";
  input.created_at_ns = kAtNs;
  input.case_id = "CASE-1";
  input.case_creator_bic = "BANKDEFFXXX";
  input.accepted = accepted;
  input.original_message_id = "BANK-MSG-1";
  input.original_instruction_id = "INSTR-1";
  input.original_end_to_end_id = "E2E-1";
  input.original_transaction_id = "TX-1";
  input.uetr = kUetr;
  input.original_amount_minor = 12345;
  input.original_currency = "EUR";
  input.original_settlement_date = 20261127;
  return input;
}

std::string camt029(const ResolutionInput& input) {
  std::string out;
  render_camt029(header(input.assignment_id), input, out);
  return out;
}

TEST(RenderCamt029, AcceptedCancellationIsCncl) {
  const std::string xml = camt029(resolution(true));
  expect_schema_valid(xml, "camt.029.001.09");
  EXPECT_EQ(first_text(xml, "Conf"), "CNCL");
  EXPECT_EQ(first_text(xml, "TxCxlSts"), "ACCR");
  EXPECT_EQ(first_text(xml, "CxlStsRsnInf"), "<absent>");
}

TEST(RenderCamt029, RejectedCancellationIsRjcrWithReason) {
  ResolutionInput input = resolution(false);
  input.reason = core::Reason::kNotQueued;
  input.reason_detail = kLongText;
  input.case_id.clear();
  input.original_currency = "JPY";
  input.original_amount_minor = 100;
  const std::string xml = camt029(input);
  expect_schema_valid(xml, "camt.029.001.09");
  EXPECT_EQ(first_text(xml, "Conf"), "RJCR");
  EXPECT_EQ(first_text(xml, "TxCxlSts"), "RJCR");
  EXPECT_NE(xml.find("<Rsn><Cd>" + std::string(core::iso_code(core::Reason::kNotQueued))),
            std::string::npos);
}

TEST(RenderCamt029, RejectionWithoutReasonIsRefused) {
  EXPECT_THROW(camt029(resolution(false)), RenderError);
}

TEST(RenderCamt029, SeveralRequestsAreOneTxInfAndStsEachInOrder) {
  ResolutionInput input = resolution(false);
  input.reason = core::Reason::kNotQueued;
  ResolutionTransaction cancelled;
  cancelled.original_instruction_id = "INSTR-1";
  cancelled.uetr = kUetr;
  cancelled.accepted = true;
  ResolutionTransaction refused = cancelled;
  refused.original_instruction_id = "INSTR-2";
  refused.original_message_id = "BANK-MSG-2";
  refused.accepted = false;
  refused.reason = core::Reason::kNotQueued;
  input.transactions = {cancelled, refused};
  const std::string xml = camt029(input);
  expect_schema_valid(xml, "camt.029.001.09");
  EXPECT_EQ(first_text(xml, "Conf"), "RJCR");
  EXPECT_EQ(first_text(xml, "OrgnlGrpInfAndSts"), "<absent>");
  const size_t first = xml.find("<TxCxlSts>ACCR</TxCxlSts>");
  const size_t second = xml.find("<TxCxlSts>RJCR</TxCxlSts>");
  ASSERT_NE(first, std::string::npos) << xml;
  ASSERT_NE(second, std::string::npos) << xml;
  EXPECT_LT(first, second);
  EXPECT_EQ(xml.find("INSTR-1", xml.find("INSTR-1") + 1), std::string::npos);  // not twice
  EXPECT_EQ(xml.find("<OrgnlIntrBkSttlmAmt"), std::string::npos);  // the single form's fields
}

TEST(RenderCamt029, AWholeMessageCancellationHasItsGroupStatus) {
  ResolutionInput input = resolution(false);
  input.reason = core::Reason::kNotQueued;
  input.group_cancellation_status = "RJCR";  // nothing left to cancel: no transaction
  std::string xml = camt029(input);
  expect_schema_valid(xml, "camt.029.001.09");
  EXPECT_EQ(first_text(xml, "GrpCxlSts"), "RJCR");
  EXPECT_EQ(first_text(xml, "OrgnlMsgId"), "BANK-MSG-1");
  EXPECT_EQ(first_text(xml, "TxInfAndSts"), "<absent>");
  ResolutionTransaction one;
  one.original_instruction_id = "INSTR-1";
  one.uetr = kUetr;
  one.accepted = true;
  input.transactions = {one, one};
  input.transactions[1].accepted = false;
  input.transactions[1].reason = core::Reason::kNotQueued;
  input.group_cancellation_status = "PACR";
  xml.clear();
  xml = camt029(input);
  expect_schema_valid(xml, "camt.029.001.09");
  EXPECT_EQ(first_text(xml, "GrpCxlSts"), "PACR");
  const size_t first = xml.find("<TxInfAndSts>");
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(xml.find("<TxInfAndSts>", first + 1), std::string::npos);
}

ReceiptInput receipt(ReceiptStatus status) {
  ReceiptInput input;
  input.message_id = "CORR-RCT-1";
  input.created_at_ns = kAtNs;
  input.original_message_id = "BANK-LIQ-1";
  input.status = status;
  return input;
}

std::string camt025(const ReceiptInput& input) {
  std::string out;
  render_camt025(header(input.message_id), input, out);
  return out;
}

TEST(RenderCamt025, CompletedAndQueuedReceiptsAreSchemaValid) {
  const std::string completed = camt025(receipt(ReceiptStatus::kCompleted));
  expect_schema_valid(completed, "camt.025.001.05");
  EXPECT_EQ(first_text(completed, "StsCd"), "COMP");
  EXPECT_EQ(first_text(completed, "Desc"), "<absent>");
  const std::string queued = camt025(receipt(ReceiptStatus::kQueued));
  expect_schema_valid(queued, "camt.025.001.05");
  EXPECT_EQ(first_text(queued, "StsCd"), "QUED");
}

TEST(RenderCamt025, RejectedReceiptGivesCodeAndTextWithinMax140) {
  ReceiptInput input = receipt(ReceiptStatus::kRejected);
  input.reason = core::Reason::kInsufficientFunds;
  input.reason_detail = kLongText;
  const std::string xml = camt025(input);
  expect_schema_valid(xml, "camt.025.001.05");
  EXPECT_EQ(first_text(xml, "StsCd"), "REJT");
  EXPECT_EQ(first_text(xml, "Desc").rfind("AM04 insufficient funds: <tag>", 0), 0u);
  input.reason = core::Reason::kNone;
  EXPECT_THROW(camt025(input), RenderError);
}

TransactionStateInput found(TransactionState state, std::string currency,
                            core::AmountMinor amount_minor) {
  TransactionStateInput tx;
  tx.state = state;
  tx.uetr = kUetr;
  tx.end_to_end_id = "E2E-1";
  tx.transaction_id = "TX-1";
  tx.message_id = "BANK-MSG-1";
  tx.amount_minor = amount_minor;
  tx.currency = std::move(currency);
  tx.settlement_date = 20261127;
  tx.instructing_agent_bic = "BANKDEFFXXX";
  tx.instructed_agent_bic = "BANKGB2L";
  tx.priority = core::Priority::kUrgent;
  tx.status_at_ns = kAtNs;
  return tx;
}

std::string camt006(std::vector<TransactionStateInput> transactions) {
  ReturnTransactionInput input;
  input.message_id = "CORR-RTX-1";
  input.created_at_ns = kAtNs;
  input.query_message_id = "BANK-QRY-1";
  input.transactions = std::move(transactions);
  std::string out;
  render_camt006(header(input.message_id), input, out);
  return out;
}

TEST(RenderCamt006, QueuedSettledRejectedCancelledAndUnknownPaymentsAreSchemaValid) {
  TransactionStateInput rejected = found(TransactionState::kRejected, "EUR", 12345);
  rejected.reason = core::Reason::kEndOfDay;
  TransactionStateInput cancelled = found(TransactionState::kCancelled, "BHD", 1500);
  cancelled.reason = core::Reason::kCancelledOnRequest;
  TransactionStateInput unknown;
  unknown.state = TransactionState::kNotFound;
  unknown.uetr = "0f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b";
  const std::string xml =
      camt006({found(TransactionState::kQueued, "EUR", 12345),
               found(TransactionState::kSettled, "JPY", 100), rejected, cancelled, unknown});
  expect_schema_valid(xml, "camt.006.001.08");
  EXPECT_NE(xml.find("<Cd><Pdg>PSTL</Pdg></Cd>"), std::string::npos);
  EXPECT_NE(xml.find("<Cd><Fnl>STLD</Fnl></Cd>"), std::string::npos);
  EXPECT_NE(xml.find("<Rsn><Prtry>TM01</Prtry></Rsn>"), std::string::npos);
  EXPECT_NE(xml.find("<IntrBkSttlmAmt>123.45</IntrBkSttlmAmt>"), std::string::npos);
  EXPECT_NE(xml.find("<AmtWthCcy Ccy=\"JPY\">100</AmtWthCcy>"), std::string::npos);
  EXPECT_NE(xml.find("<AmtWthCcy Ccy=\"BHD\">1.500</AmtWthCcy>"), std::string::npos);
  EXPECT_NE(xml.find("<BizErr><Err><Cd>NOOR</Cd></Err>"), std::string::npos);
  EXPECT_NE(xml.find("<Prty><Cd>URGT</Cd></Prty>"), std::string::npos);
}

TEST(RenderCamt006, RefusesAnEmptyAnswerAndARejectionWithoutReason) {
  EXPECT_THROW(camt006({}), RenderError);
  EXPECT_THROW(camt006({found(TransactionState::kRejected, "EUR", 1)}), RenderError);
}

}  // namespace
}  // namespace corridor::iso20022
