// The fields of incoming ISO 20022 messages that Corridor uses, as parsed and
// validated by parse_message() (parse.h). Texts are kept as sent; amounts are
// int64 minor units of the currency; times are nanoseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/currency.h"
#include "core/money.h"
#include "core/types.h"
#include "core/uetr.h"
#include "iso20022/message_type.h"
#include "iso20022/problem.h"

namespace corridor::iso20022 {

// A financial institution: its BICFI when given (validated, RC01), else the
// clearing-system member id (Fedwire/FedNow identify agents by ABA number).
struct Agent {
  bool present = false;
  std::string bic;        // "" when the agent has no BICFI
  std::string member_id;  // ClrSysMmbId/MmbId, "" when absent
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
      control_sum_minor;          // CtrlSum when all transactions share one currency
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
  std::string path;                // where it is in the message, for problems found later (mapping)
  std::string instruction_id;      // InstrId (pacs.004: RtrId)
  std::string end_to_end_id;       // EndToEndId (pacs.004: OrgnlEndToEndId)
  std::string transaction_id;      // TxId (pacs.004: OrgnlTxId)
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
  std::string new_priority;                 // camt.007: NewPmtValSet/Prty/Cd (HIGH or NORM)
  Agent instructing_agent;                  // pacs.028: InstgAgt
  Agent instructed_agent;                   // pacs.028: InstdAgt
};

struct Message {
  std::optional<MessageType> type;
  AppHeader header;
  GroupHeader group;
  // pacs.008/009/004 transactions; camt.050: its one liquidity transfer
  // (LqdtyTrfId -> ids and UETR, Dbtr/Cdtr -> debtor/creditor agent, TrfdAmt, SttlmDt).
  std::vector<Transaction> transactions;
  std::vector<Request> requests;  // camt.056, camt.007, pacs.028
  Problems problems;              // empty when the message is valid
  bool ok() const { return problems.empty(); }
};

}  // namespace corridor::iso20022
