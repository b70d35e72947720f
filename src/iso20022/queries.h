// Answers to the queries a participant sends: camt.005 get transaction
// (answered with camt.006) and pacs.028 payment status request (answered with
// pacs.002). The payments come from whoever keeps them (the service's payment
// store, issue 5); this layer only selects and shapes the answer. The caller
// passes only payments the sender may see (its own, as debtor or creditor agent).
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>

#include "iso20022/model.h"
#include "iso20022/render.h"

namespace corridor::iso20022 {

struct AnswerIdentity {
  std::string message_id;  // the answer's MsgId
  core::TimestampNs created_at_ns = 0;
  std::string system_bic;  // Corridor's BIC: GrpHdr/InstgAgt of a pacs.002 (optional)
};

// camt.005 → camt.006: every payment matching any of the query's searches, in
// the order given. A search that identifies payments (UETR, TxId, EndToEndId)
// and matches none adds a not-found entry naming the first reference asked
// for; a query that matches nothing at all answers one not-found entry with
// the query's MsgId, so that the answer is never empty.
ReturnTransactionInput answer_get_transaction(const Message& query,
                                              std::span<const TransactionStateInput> payments,
                                              const AnswerIdentity& identity);

// Finds the payment a pacs.028 TxInf asks about: by OrgnlUETR, else by
// OrgnlTxId / OrgnlEndToEndId / OrgnlInstrId. nullopt when unknown (or not the
// sender's to see).
using PaymentLookup = std::function<std::optional<TransactionStateInput>(const Request&)>;

// pacs.028 → pacs.002: one transaction status per TxInf: queued ACSP, settled
// ACSC, rejected RJCT with the core's reason, cancelled RJCT CUST, unknown RJCT
// NOOR ("no payment with this reference is known to Corridor").
StatusReportInput answer_status_request(const Message& request, const PaymentLookup& lookup,
                                        const AnswerIdentity& identity);

}  // namespace corridor::iso20022
