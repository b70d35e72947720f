// The pacs.002 that answers a payment message (pacs.008, pacs.009, pacs.004):
// one status per transaction, in the message's order, from what the mapping
// found and what the core answered. The service (issue 5) returns it to the
// sender of POST /v1/messages.
#pragma once

#include <span>
#include <string>

#include "core/result.h"
#include "iso20022/mapping.h"
#include "iso20022/model.h"
#include "iso20022/queries.h"
#include "iso20022/render.h"

namespace corridor::iso20022 {

// What the core answered for one mapped payment.
struct TransactionOutcome {
  size_t transaction_index = 0;  // into Message::transactions (MappedPayment::transaction_index)
  core::Result result;
  core::TimestampNs at_ns = 0;  // the command's timestamp: acceptance, and settlement if settled
};

// Per transaction: a mapping problem → RJCT with that problem's code and text;
// else the core's outcome: settled ACSC (with the settlement time), queued
// ACSP, rejected RJCT with core::iso_code(reason) and its text. A transaction
// with neither (never submitted) is RJCT FF01. The report names the original
// message (OrgnlGrpInfAndSts) and is addressed to the message's sender.
StatusReportInput status_report_for(const Message& message, const Mapping& mapping,
                                    std::span<const TransactionOutcome> outcomes,
                                    const AnswerIdentity& identity);

}  // namespace corridor::iso20022
