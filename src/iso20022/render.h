// Renderers of the ISO 20022 messages Corridor sends, from plain input structs
// (not from the parser's model: what we send is built from the core's results,
// events and reports, not from messages we received).
//
// Each render_* function appends one complete message — XML declaration,
// <BusinessMessage>, AppHdr (head.001.001.02) and Document — to `out`
// (render_header.h explains the wrapper). Texts are escaped and cut to the
// schema's length limits; empty mandatory texts become "NOTPROVIDED". What the
// schema cannot express (an unknown currency, a malformed BIC or UETR, a
// negative or 19-digit amount, a rejection without a reason) throws
// RenderError, possibly after part of the message was appended: callers that
// reuse a buffer clear it after catching.
//
// All money is int64 minor units of the entry's ISO 4217 currency; the text is
// exact (no floating point anywhere).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/reason.h"
#include "core/result.h"
#include "core/types.h"
#include "iso20022/render_header.h"

namespace corridor::iso20022 {

// ---------------------------------------------------------------- pacs.002.001.10

// What Corridor says about a payment in a status report.
enum class PaymentStatus : uint8_t {
  // ACSC AcceptedSettlementCompleted: settled, final and irrevocable.
  kSettled = 0,
  // ACSP AcceptedSettlementInProcess: validated and accepted, waiting in a
  // settlement queue (or for its earliest time). As in CBPR+/gpi, ACSP — not
  // PDNG — because every check is done and the payment is committed to
  // settlement; it can still end RJCT (latest time, end of day) or be cancelled.
  kQueued = 1,
  // RJCT Rejected, with the ISO reason code (core::iso_code) and its text.
  kRejected = 2,
};
std::string_view status_code(PaymentStatus status);
// The status a core outcome gives (kApplied, which no payment has, maps to kSettled).
PaymentStatus status_of(core::Outcome outcome);

struct StatusTransaction {
  // OrgnlGrpInf/OrgnlMsgId (optional): for a report that answers several
  // original messages (StatusReportInput::original_message_id empty); the
  // name id is the report's original_message_name_id.
  std::string original_message_id;
  std::string original_instruction_id;  // OrgnlInstrId (optional)
  std::string original_end_to_end_id;   // OrgnlEndToEndId (optional)
  std::string original_transaction_id;  // OrgnlTxId (optional)
  std::string uetr;                     // OrgnlUETR (optional; checked when present)
  PaymentStatus status = PaymentStatus::kSettled;
  // For kRejected: StsRsnInf/Rsn/Cd = core::iso_code(reason), AddtlInf =
  // core::reason_text(reason), followed by ": detail" when detail is not empty.
  core::Reason reason = core::Reason::kNone;
  std::string reason_detail;
  core::TimestampNs accepted_at_ns = 0;   // AccptncDtTm, when not 0 (queued and settled)
  core::TimestampNs settled_at_ns = 0;    // FctvIntrBkSttlmDt/DtTm for kSettled, when not 0
  std::string clearing_system_reference;  // ClrSysRef (optional): Corridor's own reference
};

struct StatusReportInput {
  std::string message_id;  // GrpHdr/MsgId
  core::TimestampNs created_at_ns = 0;
  std::string instructing_agent_bic;  // GrpHdr/InstgAgt (optional): Corridor
  std::string instructed_agent_bic;   // GrpHdr/InstdAgt (optional): the addressee
  // OrgnlGrpInfAndSts/OrgnlMsgId. Empty: the report covers transactions of
  // several messages, each names its own, and OrgnlGrpInfAndSts is left out.
  std::string original_message_id;
  std::string original_message_name_id = "pacs.008.001.08";
  core::TimestampNs original_created_at_ns = 0;  // OrgnlCreDtTm, when not 0
  // GrpSts is the common status of all transactions, PART when they differ.
  std::vector<StatusTransaction> transactions;
};

void render_pacs002(const HeaderInput& header, const StatusReportInput& report, std::string& out);

// ---------------------------------------------------------------- admi.002.001.01

// The answer to a message that could not be read at all (not well-formed,
// unknown type, over a size or depth limit).
struct MessageRejectInput {
  std::string related_reference;         // RltdRef/Ref: the message id if known, else "NONREF"
  std::string reason_code;               // RjctgPtyRsn, e.g. "FF01" (Max35Text)
  core::TimestampNs rejected_at_ns = 0;  // RjctnDtTm
  std::string element_path;              // ErrLctn, and repeated in RsnDesc: "text (at path)"
  std::string description;               // the problem text
  std::string additional_data;           // AddtlData (optional), e.g. the other problems found
};

void render_admi002(const HeaderInput& header, const MessageRejectInput& reject, std::string& out);

// ---------------------------------------------- camt.054 / camt.053 / camt.052

enum class CreditDebit : uint8_t { kCredit = 0, kDebit = 1 };  // CRDT / DBIT

// A settlement account as the Acct block names it.
struct AccountInput {
  std::string id;            // Id/Othr/Id (Max34Text): Corridor's account id
  std::string currency;      // Ccy
  std::string owner_bic;     // Ownr/Id/OrgId/AnyBIC (optional): the participant
  std::string servicer_bic;  // Svcr (optional): Corridor's own BIC
};

// One booked entry (ReportEntry10), as a notification, a report or a
// statement carries it.
struct EntryInput {
  core::AmountMinor amount_minor = 0;  // positive; the direction says which way
  std::string currency;
  CreditDebit direction = CreditDebit::kCredit;
  std::string entry_reference;             // NtryRef (optional)
  core::TimestampNs booked_at_ns = 0;      // BookgDt/DtTm, or BookgDt/Dt = value_date when 0
  core::ValueDate value_date = 0;          // ValDt/Dt
  std::string account_servicer_reference;  // AcctSvcrRef (optional)
  // BkTxCd: Domn PMNT, family RCDT (received) for credits and ICDT (issued)
  // for debits, this sub-family: XBCT cross-border credit transfer by default.
  std::string bank_transaction_subfamily = "XBCT";
  // NtryDtls/TxDtls/Refs (each optional)
  std::string message_id;
  std::string instruction_id;
  std::string end_to_end_id;
  std::string transaction_id;
  std::string uetr;
  // NtryDtls/TxDtls/RltdAgts (each optional)
  std::string debtor_agent_bic;
  std::string creditor_agent_bic;
};

struct NotificationInput {
  std::string message_id;  // GrpHdr/MsgId
  core::TimestampNs created_at_ns = 0;
  std::string notification_id;  // Ntfctn/Id
  AccountInput account;
  std::vector<EntryInput> entries;  // usually one: the settled payment
};

void render_camt054(const HeaderInput& header, const NotificationInput& notification,
                    std::string& out);

// camt.053 end-of-day statement: balances from the core's EodReport.
struct StatementInput {
  std::string message_id;
  core::TimestampNs created_at_ns = 0;
  std::string statement_id;      // Stmt/Id
  uint64_t sequence_number = 0;  // ElctrncSeqNb, when not 0
  AccountInput account;
  core::ValueDate value_date = 0;  // EodReport::closed_value_date: the balances' Dt
  // balance_open_minor -> OPBD, balance_close_minor -> CLBD (signed: DBIT when
  // below zero); the other figures are not part of a statement.
  core::AccountDayFigures figures;
  // TxsSummry (counts, sums, net) is computed from these.
  std::vector<EntryInput> entries;
};

void render_camt053(const HeaderInput& header, const StatementInput& statement, std::string& out);

// camt.052 intraday report: the interim booked balance now and the entries so far.
struct ReportInput {
  std::string message_id;
  core::TimestampNs created_at_ns = 0;
  std::string report_id;  // Rpt/Id
  AccountInput account;
  core::AmountMinor balance_minor = 0;  // ITBD, signed
  core::TimestampNs balance_at_ns = 0;  // its Dt/DtTm
  std::vector<EntryInput> entries;
};

void render_camt052(const HeaderInput& header, const ReportInput& report, std::string& out);

// ---------------------------------------------------------------- camt.029.001.09

// The answer to a camt.056 cancellation request for a queued payment.
struct ResolutionInput {
  std::string assignment_id;  // Assgnmt/Id
  std::string assigner_bic;   // Assgnmt/Assgnr/Agt: Corridor
  std::string assignee_bic;   // Assgnmt/Assgne/Agt: the requester
  core::TimestampNs created_at_ns = 0;
  std::string case_id;           // RslvdCase/Id (optional), the camt.056's Case/Id
  std::string case_creator_bic;  // RslvdCase/Cretr/Agt (needed with case_id)
  // Accepted: Sts/Conf CNCL and TxCxlSts ACCR. Rejected: Sts/Conf RJCR, TxCxlSts
  // RJCR and CxlStsRsnInf with Cd = core::iso_code(reason) (NOOR when the
  // payment is not queued any more) and AddtlInf = reason_text [: detail].
  bool accepted = false;
  core::Reason reason = core::Reason::kNone;
  std::string reason_detail;
  std::string original_message_id;  // OrgnlGrpInf/OrgnlMsgId
  std::string original_message_name_id = "pacs.008.001.08";
  std::string original_instruction_id;
  std::string original_end_to_end_id;
  std::string original_transaction_id;
  std::string uetr;
  core::AmountMinor original_amount_minor = 0;  // OrgnlIntrBkSttlmAmt, when currency is set
  std::string original_currency;
  core::ValueDate original_settlement_date = 0;  // OrgnlIntrBkSttlmDt, when not 0
};

void render_camt029(const HeaderInput& header, const ResolutionInput& resolution, std::string& out);

// ---------------------------------------------------------------- camt.025.001.05

// The answer to an instruction that is not a payment (a camt.050 liquidity
// transfer, an operator instruction): RctDtls/ReqHdlg/StsCd
//   COMP completed (applied or settled), QUED queued (accepted, waits), REJT
//   rejected with Desc = "<ISO code> <reason text>[: detail]" (Max140Text).
// The status codes are T2's (Max4AlphaNumericText in the schema).
enum class ReceiptStatus : uint8_t { kCompleted = 0, kQueued = 1, kRejected = 2 };
std::string_view receipt_status_code(ReceiptStatus status);

struct ReceiptInput {
  std::string message_id;  // MsgHdr/MsgId
  core::TimestampNs created_at_ns = 0;
  std::string original_message_id;  // RctDtls/OrgnlMsgId/MsgId
  std::string original_message_name_id = "camt.050.001.05";
  ReceiptStatus status = ReceiptStatus::kCompleted;
  core::Reason reason = core::Reason::kNone;  // required for kRejected
  std::string reason_detail;
};

void render_camt025(const HeaderInput& header, const ReceiptInput& receipt, std::string& out);

// ---------------------------------------------------------------- camt.006.001.08

// The answer to a camt.005 get-transaction query: the state of queued and
// settled payments. A payment found is identified by LngBizId (UETR, amount,
// settlement date, instructing and instructed agents) with Tx/Pmt/Sts:
//   queued    Pdg PSTL (pending settlement), with its priority
//   settled   Fnl STLD     rejected  Fnl RJTD + Rsn/Prtry = ISO code
//   cancelled Fnl CAND + Rsn/Prtry = ISO code
// A payment not found is PrtryId = the reference asked for, with BizErr
// Err/Cd = the ISO code of `reason` (NOOR by default) and Desc = its text.
enum class TransactionState : uint8_t { kQueued, kSettled, kRejected, kCancelled, kNotFound };

struct TransactionStateInput {
  TransactionState state = TransactionState::kQueued;
  std::string uetr;  // LngBizId/UETR; for kNotFound the reference asked for (Max70Text)
  std::string end_to_end_id;
  std::string transaction_id;
  std::string message_id;                             // Pmt/MsgId: the pacs.008/009 it came in
  core::AmountMinor amount_minor = 0;                 // IntrBkSttlmAmt, in
  std::string currency;                               // this currency's minor units
  core::ValueDate settlement_date = 0;                // IntrBkSttlmDt
  std::string instructing_agent_bic;                  // the debtor's bank
  std::string instructed_agent_bic;                   // the creditor's bank
  core::Priority priority = core::Priority::kNormal;  // Prty/Cd HIGH, URGT, NORM
  core::TimestampNs status_at_ns = 0;                 // Sts/DtTm/DtTm, when not 0
  core::Reason reason = core::Reason::kNone;          // rejected, cancelled, not found
};

struct ReturnTransactionInput {
  std::string message_id;
  core::TimestampNs created_at_ns = 0;
  std::string query_message_id;  // OrgnlBizQry/MsgId: the camt.005
  std::string query_message_name_id = "camt.005.001.08";
  // At least one; RenderError otherwise.
  std::vector<TransactionStateInput> transactions;
};

void render_camt006(const HeaderInput& header, const ReturnTransactionInput& input,
                    std::string& out);

}  // namespace corridor::iso20022
