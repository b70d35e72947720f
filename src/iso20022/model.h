// The fields of incoming ISO 20022 messages that Corridor uses, as parsed and
// validated by parse_message() (parse.h). Texts are kept as sent; amounts are
// int64 minor units of the currency; times are nanoseconds since the Unix epoch.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/currency.h"
#include "core/money.h"
#include "core/types.h"
#include "core/uetr.h"
#include "iso20022/boxed.h"
#include "iso20022/message_type.h"
#include "iso20022/problem.h"
#include "iso20022/render.h"
#include "iso20022/search.h"
#include "iso20022/small_text.h"

namespace corridor::iso20022 {

// PostalAddress24 as sent (AdrTp is not kept). Texts are kept whole; the
// renderer cuts them to the schema's lengths, as it does every text.
struct PostalAddress {
  std::string department;            // Dept (Max70Text)
  std::string sub_department;        // SubDept (70)
  std::string street_name;           // StrtNm (70)
  std::string building_number;       // BldgNb (16)
  std::string building_name;         // BldgNm (35)
  std::string floor;                 // Flr (70)
  std::string post_box;              // PstBx (16)
  std::string room;                  // Room (70)
  std::string post_code;             // PstCd (16)
  std::string town_name;             // TwnNm (35)
  std::string town_location_name;    // TwnLctnNm (35)
  std::string district_name;         // DstrctNm (35)
  std::string country_sub_division;  // CtrySubDvsn (35)
  std::string country;               // Ctry ([A-Z]{2}, checked: FF01)
  std::vector<std::string> lines;    // AdrLine (70), at most 7 kept
  friend bool operator==(const PostalAddress&, const PostalAddress&) = default;
};

// What an agent carries beyond its BIC and member id.
struct AgentDetails {
  std::string clearing_system_code;         // ClrSysMmbId/ClrSysId/Cd (e.g. USABA; 1-5)
  std::string clearing_system_proprietary;  // ClrSysMmbId/ClrSysId/Prtry (35)
  std::string name;                         // FinInstnId/Nm (140)
  Boxed<PostalAddress> address;             // FinInstnId/PstlAdr
  friend bool operator==(const AgentDetails&, const AgentDetails&) = default;
};

// A financial institution: its BICFI when given (validated, RC01), else the
// clearing-system member id (Fedwire/FedNow identify agents by ABA number).
struct Agent {
  bool present = false;
  std::string bic;        // "" when the agent has no BICFI
  std::string member_id;  // ClrSysMmbId/MmbId, "" when absent
  Boxed<AgentDetails> details;
  friend bool operator==(const Agent&, const Agent&) = default;
};

// An account identified otherwise than by IBAN: Id/Othr (Fedwire and FedNow
// send account numbers so).
struct OtherAccount {
  std::string id;                  // Othr/Id (Max34Text)
  std::string scheme_code;         // Othr/SchmeNm/Cd (1-4)
  std::string scheme_proprietary;  // Othr/SchmeNm/Prtry (35)
  friend bool operator==(const OtherAccount&, const OtherAccount&) = default;
};

// PmtTpInf beyond InstrPrty (the first SvcLvl only).
struct PaymentTypeInfo {
  std::string clearing_channel;              // ClrChanl: RTGS, RTNS, MPNS or BOOK (checked: FF01)
  std::string service_level_code;            // SvcLvl/Cd (1-4)
  std::string service_level_proprietary;     // SvcLvl/Prtry (35)
  std::string local_instrument_code;         // LclInstrm/Cd (35)
  std::string local_instrument_proprietary;  // LclInstrm/Prtry (35)
  std::string category_purpose_code;         // CtgyPurp/Cd (1-4)
  std::string category_purpose_proprietary;  // CtgyPurp/Prtry (35)
  friend bool operator==(const PaymentTypeInfo&, const PaymentTypeInfo&) = default;
};

// A cross-currency pacs.008's exchange: XchgRate, and the instructions for the
// next agent (Corridor), one of which names the FX quote (fx_reference.h).
struct FxInstruction {
  std::string exchange_rate;  // XchgRate as sent ("" when absent); a BaseOneRate (checked: FF01)
  std::vector<std::string> next_agent_instructions;  // InstrForNxtAgt/InstrInf (140 each)
  friend bool operator==(const FxInstruction&, const FxInstruction&) = default;
};

// The customer credit transfer a pacs.009 cover settles (UndrlygCstmrCdtTrf).
struct UnderlyingTransfer {
  std::string debtor_name;  // Dbtr/Nm
  Boxed<PostalAddress> debtor_address;
  std::string debtor_iban;  // DbtrAcct/Id/IBAN (checked, AC01)
  Boxed<OtherAccount> debtor_account_other;
  Agent debtor_agent;         // DbtrAgt
  Agent creditor_agent;       // CdtrAgt
  std::string creditor_name;  // Cdtr/Nm
  Boxed<PostalAddress> creditor_address;
  std::string creditor_iban;
  Boxed<OtherAccount> creditor_account_other;
  std::vector<std::string> remittance_unstructured;          // RmtInf/Ustrd (140 each)
  std::optional<core::AmountMinor> instructed_amount_minor;  // InstdAmt
  core::CurrencyCode instructed_currency;
  friend bool operator==(const UnderlyingTransfer&, const UnderlyingTransfer&) = default;
};

struct AppHeader {
  bool present = false;
  std::string from_bic;               // Fr/FIId/FinInstnId/BICFI
  std::string to_bic;                 // To/FIId/FinInstnId/BICFI
  std::string business_message_id;    // BizMsgIdr
  std::string message_definition_id;  // MsgDefIdr
};

struct GroupHeader {
  std::string message_id;  // MsgId (camt.007/050: MsgHdr/MsgId; camt.056: Assgnmt/Id)
  core::TimestampNs created_ns = core::kNoTime;
  uint64_t number_of_transactions = 0;  // NbOfTxs, checked against the transactions (AM18)
  std::optional<core::AmountMinor>
      control_sum_minor;  // CtrlSum when all transactions share one currency
  // TtlIntrBkSttlmAmt (pacs.008/009), checked against the transactions:
  // their currency (AM03) and the sum of their amounts (AM10).
  std::optional<core::AmountMinor> total_minor;
  core::CurrencyCode total_currency;
  std::string settlement_method;  // SttlmInf/SttlmMtd: CLRG, INDA, INGA or COVE
  // camt.056 Assgnmt/Assgnr and Assgne (Agt/FinInstnId/BICFI); MsgId is Assgnmt/Id.
  Agent assigner;
  Agent assignee;
};

// One CdtTrfTxInf (pacs.008, pacs.009) or TxInf (pacs.004).
struct Transaction {
  std::string path;  // where it is in the message, for problems found later (mapping)
  // Inline: a bank's ids are often longer than std::string keeps inline, and
  // a 100-transaction message has 100 of each.
  SmallText<35> instruction_id;    // InstrId (pacs.004: RtrId)
  SmallText<35> end_to_end_id;     // EndToEndId (pacs.004: OrgnlEndToEndId)
  SmallText<35> transaction_id;    // TxId (pacs.004: OrgnlTxId)
  std::optional<core::Uetr> uetr;  // pacs.004: none (the schema has no UETR for the return itself)
  core::CurrencyCode currency;
  core::AmountMinor amount_minor = 0;   // IntrBkSttlmAmt (pacs.004: RtrdIntrBkSttlmAmt)
  core::ValueDate settlement_date = 0;  // IntrBkSttlmDt, 0 when absent
  // InstrPrty, else GrpHdr/PmtTpInf/InstrPrty (pacs.004: SttlmPrty, which
  // may also be URGT): HIGH, NORM, URGT or ""
  std::string instruction_priority;
  core::TimestampNs earliest_ns = core::kNoTime;  // SttlmTmReq/FrTm on the settlement date
  core::TimestampNs latest_ns = core::kNoTime;    // SttlmTmReq/TillTm or RjctTm
  // SttlmTmReq without a settlement date (pacs.008/009 IntrBkSttlmDt, own or
  // the group's): earliest_ns and latest_ns are then nanoseconds after
  // midnight UTC of the business day the payment is processed on, which
  // map_to_commands is given.
  bool times_on_business_day = false;
  Agent instructing_agent;    // InstgAgt (falls back to GrpHdr/InstgAgt)
  Agent instructed_agent;     // InstdAgt (falls back to GrpHdr/InstdAgt)
  Agent debtor_agent;         // DbtrAgt; pacs.009: Dbtr
  Agent creditor_agent;       // CdtrAgt; pacs.009: Cdtr
  std::string debtor_name;    // Dbtr/Nm
  std::string creditor_name;  // Cdtr/Nm
  std::string debtor_iban;    // DbtrAcct/Id/IBAN (validated, AC01)
  std::string creditor_iban;  // CdtrAcct/Id/IBAN
  bool cover = false;         // pacs.009 with UndrlygCstmrCdtTrf
  // Kept so a forwarded message says what the received one said.
  std::string charge_bearer;  // ChrgBr: DEBT, CRED, SHAR or SLEV (checked: FF01); "" when absent
  Boxed<PaymentTypeInfo> payment_type;                       // PmtTpInf beyond InstrPrty
  std::optional<core::AmountMinor> instructed_amount_minor;  // InstdAmt (pacs.004: RtrdInstdAmt)
  core::CurrencyCode instructed_currency;
  Boxed<PostalAddress> debtor_address;               // pacs.008 Dbtr/PstlAdr
  Boxed<PostalAddress> creditor_address;             // pacs.008 Cdtr/PstlAdr
  Boxed<OtherAccount> debtor_account_other;          // DbtrAcct/Id/Othr
  Boxed<OtherAccount> creditor_account_other;        // CdtrAcct/Id/Othr
  std::vector<std::string> remittance_unstructured;  // RmtInf/Ustrd (140 each)
  Boxed<std::array<Agent, 3>> previous_agents;       // PrvsInstgAgt1..3 (absent ones not present)
  Boxed<std::array<Agent, 3>> intermediary_agents;   // IntrmyAgt1..3
  Boxed<UnderlyingTransfer> underlying;              // pacs.009 cover: UndrlygCstmrCdtTrf
  Boxed<FxInstruction> fx;                           // pacs.008 XchgRate, InstrForNxtAgt
  // pacs.004 only
  std::optional<core::Uetr> original_uetr;  // OrgnlUETR
  std::string return_reason;                // RtrRsnInf/Rsn/Cd or Prtry
};

// A request about an earlier payment: a camt.056 cancellation (Undrlyg/TxInf),
// a camt.007 modification (Mod) or a pacs.028 status request (TxInf).
struct Request {
  std::string path;
  std::string request_id;  // CxlId, StsReqId; camt.007: PmtId/LngBizId/TxId or PmtId/TxId
  std::optional<core::Uetr> original_uetr;  // OrgnlUETR; camt.007: PmtId/LngBizId/UETR
  std::string original_instruction_id;      // OrgnlInstrId
  std::string original_end_to_end_id;       // OrgnlEndToEndId
  std::string original_transaction_id;      // OrgnlTxId
  std::string reason;                       // camt.056: CxlRsnInf/Rsn/Cd or Prtry
  std::string new_priority;  // camt.007: NewPmtValSet/Prty/Cd (HIGH or NORM), "" unchanged
  core::TimestampNs new_earliest_ns = core::kNoTime;  // camt.007: PrcgVldtyTm FrDtTm
  core::TimestampNs new_latest_ns = core::kNoTime;    // camt.007: PrcgVldtyTm ToDtTm
  // camt.056 Undrlyg/OrgnlGrpInfAndCxl with GrpCxl true and no TxInf: cancel
  // every pending payment of that original message (mapping.h).
  bool whole_group = false;
  std::string original_message_id;       // OrgnlGrpInfAndCxl/OrgnlMsgId
  std::string original_message_name_id;  // OrgnlGrpInfAndCxl/OrgnlMsgNmId
  Agent instructing_agent;               // pacs.028: InstgAgt
  Agent instructed_agent;                // pacs.028: InstdAgt
};

struct Message {
  std::optional<MessageType> type;
  AppHeader header;
  GroupHeader group;
  // pacs.008/009/004 transactions; camt.050: its one liquidity transfer
  // (LqdtyTrfId -> ids and UETR, Dbtr/Cdtr -> debtor/creditor agent, TrfdAmt, SttlmDt).
  std::vector<Transaction> transactions;
  std::vector<Request> requests;        // camt.056, camt.007, pacs.028
  std::vector<PaymentSearch> searches;  // camt.005: alternatives (SchCrit)
  Problems problems;                    // empty when the message is valid
  bool ok() const { return problems.empty(); }
  // The types Corridor sends, read back (parse_reports.cc) into the input
  // struct their renderer takes (render.h), so that what was parsed renders
  // again: at most one of the five below is set, by the type, and
  // header_input when there is an AppHdr. Mapping refuses these types (FF01).
  std::optional<HeaderInput> header_input;           // the AppHdr (also a standalone head.001)
  std::optional<StatusReportInput> status_report;    // pacs.002.001.10
  std::optional<ReportInput> account_report;         // camt.052.001.08
  std::optional<NotificationInput> notification;     // camt.054.001.08
  std::optional<ResolutionInput> resolution;         // camt.029.001.09
  std::optional<MessageRejectInput> message_reject;  // admi.002.001.01
};

}  // namespace corridor::iso20022
