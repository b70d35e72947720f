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
  std::string message_id;  // MsgId
  core::TimestampNs created_ns = core::kNoTime;
  uint64_t number_of_transactions = 0;  // NbOfTxs, checked against the transactions (AM18)
  std::optional<core::AmountMinor>
      control_sum_minor;          // CtrlSum when all transactions share one currency
  std::string settlement_method;  // SttlmInf/SttlmMtd: CLRG, INDA, INGA or COVE
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
  std::string instruction_priority;     // InstrPrty (pacs.004: SttlmPrty): HIGH, NORM or ""
  core::TimestampNs earliest_ns = core::kNoTime;  // SttlmTmReq/FrTm on the settlement date
  core::TimestampNs latest_ns = core::kNoTime;    // SttlmTmReq/TillTm or RjctTm
  Agent instructing_agent;                        // InstgAgt (falls back to GrpHdr/InstgAgt)
  Agent instructed_agent;                         // InstdAgt (falls back to GrpHdr/InstdAgt)
  Agent debtor_agent;                             // DbtrAgt; pacs.009: Dbtr
  Agent creditor_agent;                           // CdtrAgt; pacs.009: Cdtr
  std::string debtor_name;                        // Dbtr/Nm
  std::string creditor_name;                      // Cdtr/Nm
  std::string debtor_iban;                        // DbtrAcct/Id/IBAN (validated, AC01)
  std::string creditor_iban;                      // CdtrAcct/Id/IBAN
  bool cover = false;                             // pacs.009 with UndrlygCstmrCdtTrf
  // pacs.004 only
  std::optional<core::Uetr> original_uetr;  // OrgnlUETR
  std::string return_reason;                // RtrRsnInf/Rsn/Cd or Prtry
};

struct Message {
  std::optional<MessageType> type;
  AppHeader header;
  GroupHeader group;
  std::vector<Transaction> transactions;
  Problems problems;  // empty when the message is valid
  bool ok() const { return problems.empty(); }
};

}  // namespace corridor::iso20022
