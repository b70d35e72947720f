// Renderers of the ISO 20022 messages Corridor sends, from plain input structs
// (not from the parser's model: what we send is built from the core's results,
// events and reports, not from messages we received). The parser reads those
// same types back into these structs (Message::status_report ..., for `iso
// check` and the sample round trip); the fields only such read-back messages
// carry are marked "read back" and default to what Corridor writes.
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
#include "iso20022/small_text.h"

namespace corridor::iso20022 {

// A financial institution as a received message may name it: BICFI and/or a
// clearing-system member id (FedNow and Fedwire name agents by ABA number).
// Written as FinInstnId/BICFI then ClrSysMmbId/MmbId; the renderers that take
// one write the element only when either is set.
struct AgentInput {
  std::string bic{};
  std::string member_id{};
  bool empty() const { return bic.empty() && member_id.empty(); }
  bool operator==(const AgentInput&) const = default;
};

// A reason exactly as a received message carried it (Rsn/Cd, or Rsn/Prtry for
// a scheme's own code such as FedNow's E000, and AddtlInf), for reports read
// back by the parser; Corridor's own reports give a core::Reason instead.
struct ReasonInput {
  std::string code{};
  bool proprietary = false;
  std::string additional_info{};  // AddtlInf (Max105Text, optional)
  bool empty() const { return code.empty(); }
  bool operator==(const ReasonInput&) const = default;
};

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
  // Not defaulted: a vector's emplace_back() value-initializes, which for an
  // implicit constructor first zeroes the whole (large) struct; the members
  // all have their own initial values.
  StatusTransaction() {}  // NOLINT(modernize-use-equals-default)
  // OrgnlGrpInf/OrgnlMsgId (optional): for a report that answers several
  // original messages (StatusReportInput::original_message_id empty); the
  // name id is the report's original_message_name_id.
  std::string original_message_id;
  // Inline: the answer to a 100-transaction message has 100 of each.
  SmallText<35> original_instruction_id;  // OrgnlInstrId (optional)
  SmallText<35> original_end_to_end_id;   // OrgnlEndToEndId (optional)
  SmallText<35> original_transaction_id;  // OrgnlTxId (optional)
  SmallText<36> uetr;                     // OrgnlUETR (optional; checked when present)
  PaymentStatus status = PaymentStatus::kSettled;
  // For kRejected: StsRsnInf/Rsn/Cd = core::iso_code(reason), AddtlInf =
  // core::reason_text(reason), followed by ": detail" when detail is not empty.
  core::Reason reason = core::Reason::kNone;
  std::string reason_detail;
  core::TimestampNs accepted_at_ns = 0;   // AccptncDtTm, when not 0 (queued and settled)
  core::TimestampNs settled_at_ns = 0;    // FctvIntrBkSttlmDt/DtTm for kSettled, when not 0
  std::string clearing_system_reference;  // ClrSysRef (optional): Corridor's own reference
  // Read back from a received report (parse_reports.cc); empty for Corridor's own.
  // TxSts when it is none of ACSC, ACSP, RJCT (e.g. ACTC, PDNG), or RJCT
  // without a reason: written instead of `status`; "-" for none (TxSts is optional).
  std::string other_status{};
  ReasonInput reason_as_sent{};  // when set, StsRsnInf is written from it instead of `reason`
  std::string original_message_name_id{};        // OrgnlGrpInf/OrgnlMsgNmId, else the report's
  core::TimestampNs original_created_at_ns = 0;  // OrgnlGrpInf/OrgnlCreDtTm, when not 0
  core::ValueDate settlement_date = 0;  // FctvIntrBkSttlmDt/Dt, when no settled_at_ns is written
  AgentInput instructing_agent{};       // TxInfAndSts/InstgAgt (optional)
  AgentInput instructed_agent{};        // TxInfAndSts/InstdAgt (optional)
  bool operator==(const StatusTransaction&) const = default;
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
  // Read back from a received report: GrpSts as sent, written instead of the
  // computed one (and then without OrgnlNbOfTxs); "-" for none.
  std::string group_status{};
  bool operator==(const StatusReportInput&) const = default;
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
  bool operator==(const MessageRejectInput&) const = default;
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
  // Read back from received reports: an IBAN is written as Id/IBAN instead of
  // Id/Othr/Id (then `id` is empty); the owner's name as Ownr/Nm.
  std::string iban{};
  std::string owner_name{};
  bool operator==(const AccountInput&) const = default;
};

// One booked entry (ReportEntry10), as a notification, a report or a
// statement carries it.
struct EntryInput {
  core::AmountMinor amount_minor = 0;  // positive (0 only when status is not BOOK)
  std::string currency{};
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
  // Read back from received reports; the defaults are what Corridor writes.
  std::string status = "BOOK";       // Sts/Cd
  bool reversal = false;             // RvslInd true
  core::ValueDate booking_date = 0;  // BookgDt/Dt when set, else value_date; with neither
                                     // (and no booked_at_ns) BookgDt is left out, as is
                                     // ValDt without a value_date
  std::string bank_transaction_domain = "PMNT";  // BkTxCd/Domn/Cd; "" leaves Domn out
  std::string bank_transaction_family{};         // Fmly/Cd; "": RCDT for credits, ICDT for debits
  std::string bank_transaction_proprietary{};    // BkTxCd/Prtry/Cd (optional)
  std::string bank_transaction_proprietary_issuer{};    // BkTxCd/Prtry/Issr (optional)
  std::string references_account_servicer_reference{};  // TxDtls/Refs/AcctSvcrRef (optional)
  std::string clearing_system_reference{};              // TxDtls/Refs/ClrSysRef (optional)
  AgentInput instructing_agent{};                       // TxDtls/RltdAgts/InstgAgt (optional)
  AgentInput instructed_agent{};                        // TxDtls/RltdAgts/InstdAgt (optional)
  std::string debtor_agent_member_id{};                 // DbtrAgt's ClrSysMmbId/MmbId (optional)
  std::string creditor_agent_member_id{};               // CdtrAgt's ClrSysMmbId/MmbId (optional)
  std::string additional_information{};                 // AddtlNtryInf (Max500Text, optional)
  bool operator==(const EntryInput&) const = default;
};

// Page of a paginated message or report: PgNb and LastPgInd. Left out when page is 0.
struct PaginationInput {
  uint64_t page = 0;
  bool last = true;
  bool operator==(const PaginationInput&) const = default;
};

struct NotificationInput {
  std::string message_id;  // GrpHdr/MsgId
  core::TimestampNs created_at_ns = 0;
  std::string notification_id;  // Ntfctn/Id
  AccountInput account;
  std::vector<EntryInput> entries;  // usually one: the settled payment
  // Read back from received notifications (optional).
  PaginationInput message_pagination{};              // GrpHdr/MsgPgntn
  core::TimestampNs notification_created_at_ns = 0;  // Ntfctn/CreDtTm, when not 0
  bool operator==(const NotificationInput&) const = default;
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

// One Bal of a received report: Tp/CdOrPrtry Cd (or Prtry, e.g. Fedwire's
// DLOD), the signed amount (DBIT below zero) and its Dt/Dt or Dt/DtTm.
struct BalanceInput {
  std::string type_code{};
  bool proprietary = false;
  core::AmountMinor amount_minor = 0;
  std::string currency{};
  core::ValueDate date = 0;     // Dt/Dt when at_ns is 0
  core::TimestampNs at_ns = 0;  // Dt/DtTm
  bool operator==(const BalanceInput&) const = default;
};

// camt.052 intraday report: the interim booked balance now and the entries so far.
struct ReportInput {
  std::string message_id;
  core::TimestampNs created_at_ns = 0;
  std::string report_id;  // Rpt/Id
  AccountInput account;
  core::AmountMinor balance_minor = 0;  // ITBD, signed
  core::TimestampNs balance_at_ns = 0;  // its Dt/DtTm
  std::vector<EntryInput> entries;
  // Read back from received reports (each optional). A received report sets
  // intraday_balance false: no ITBD from the two fields above, its own Bal
  // (any number, none for a gap or activity report) in `balances`, each
  // naming its currency, so the account needs none; TxsSummry is then
  // computed in the entries' currency.
  bool intraday_balance = true;
  std::vector<BalanceInput> balances{};
  PaginationInput message_pagination{};          // GrpHdr/MsgPgntn
  std::string original_query_message_id{};       // GrpHdr/OrgnlBizQry/MsgId: the camt.060 answered
  std::string original_query_message_name_id{};  // OrgnlBizQry/MsgNmId
  core::TimestampNs original_query_created_at_ns = 0;  // OrgnlBizQry/CreDtTm
  PaginationInput report_pagination{};                 // Rpt/RptPgntn
  core::TimestampNs report_created_at_ns = 0;          // Rpt/CreDtTm
  std::string additional_information{};                // Rpt/AddtlRptInf (Max500Text)
  bool operator==(const ReportInput&) const = default;
};

void render_camt052(const HeaderInput& header, const ReportInput& report, std::string& out);

// ---------------------------------------------------------------- camt.029.001.09

// One more transaction of a resolution (ResolutionInput::transactions): the
// same fields, with the same meaning, as the transaction of ResolutionInput.
struct ResolutionTransaction {
  std::string original_message_id{};  // OrgnlGrpInf/OrgnlMsgId, when not empty
  std::string original_message_name_id = "pacs.008.001.08";
  core::TimestampNs original_created_at_ns = 0;  // OrgnlGrpInf/OrgnlCreDtTm, when not 0
  std::string original_instruction_id{};
  std::string original_end_to_end_id{};
  std::string original_transaction_id{};
  std::string uetr{};
  bool accepted = false;
  core::Reason reason = core::Reason::kNone;
  std::string reason_detail{};
  std::string cancellation_status{};  // as ResolutionInput::cancellation_status
  ReasonInput reason_as_sent{};       // as ResolutionInput::reason_as_sent
  bool operator==(const ResolutionTransaction&) const = default;
};

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
  // Read back from received resolutions (each optional; defaults are Corridor's).
  AgentInput assigner{};            // its ClrSysMmbId/MmbId when there is no assigner_bic
  AgentInput assignee{};            // likewise: assigner_bic/assignee_bic stay the BICs
  AgentInput case_creator{};        // member id of RslvdCase/Cretr/Agt
  std::string case_creator_name{};  // RslvdCase/Cretr/Pty/Nm when no agent is named
  std::string confirmation{};       // Sts/Conf as sent (IPAY, ...): written instead of CNCL/RJCR
  // TxCxlSts: "" derives ACCR/RJCR from `accepted`; "-" leaves it out (a
  // received resolution may have none); anything else is written as sent.
  std::string cancellation_status{};
  ReasonInput reason_as_sent{};  // when set, CxlStsRsnInf is written from it instead of `reason`
  core::TimestampNs original_created_at_ns = 0;  // OrgnlGrpInf/OrgnlCreDtTm
  // OrgnlPmtInfAndSts/OrgnlPmtInfId: the resolution answers a payment
  // information block (a pain.013 request for payment); the transaction is then
  // its TxInfAndSts (uetr as UETR; no OrgnlTxId, amounts or dates).
  std::string original_payment_information_id{};
  // RsltnRltdInf: the payment that resolved the case (a return or a re-send).
  std::string resolution_uetr{};
  core::AmountMinor resolution_amount_minor = 0;  // IntrBkSttlmAmt, when currency is set
  std::string resolution_currency{};
  core::ValueDate resolution_settlement_date = 0;  // IntrBkSttlmDt, when not 0
  // Several requests answered at once (a camt.056 / camt.007 with several
  // requests, a camt.056 cancelling a whole message). Both empty: the one
  // transaction above, as always. Otherwise CxlDtls holds, when
  // group_cancellation_status is set (ACCR, PACR or RJCR), an
  // OrgnlGrpInfAndSts (original_message_id and _name_id above, GrpCxlSts, and
  // CxlStsRsnInf from `reason` when RJCR), then one TxInfAndSts per entry of
  // `transactions` in order; the transaction fields above are then not
  // written (Sts/Conf still comes from accepted / confirmation).
  std::vector<ResolutionTransaction> transactions{};
  std::string group_cancellation_status{};
  bool operator==(const ResolutionInput&) const = default;
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
