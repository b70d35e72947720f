// An inbox entry as the ISO 20022 message it stands for (docs/api.md,
// "Inbox"). Rendering is deterministic: the same entry gives the same bytes
// every time it is delivered, before and after a restart (ids and times come
// from the journal, never from the clock).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/result.h"
#include "gateway/json_log.h"
#include "gateway/message_log.h"
#include "gateway/participant_views.h"
#include "iso20022/render.h"

namespace corridor::gateway {

struct RenderedMessage {
  std::string message_type;  // "pacs.008.001.08", "camt.054.001.08", ...
  std::string message_id;    // its AppHdr BizMsgIdr
  std::string xml;
};

// `reader` is the inbox's owner (the AppHdr To); `log` gives a forwarded
// payment's original message (null, or a message not found: the forwarded
// message is rebuilt from what the journal holds, with fewer details).
RenderedMessage render_inbox_item(const InboxItem& item, const core::Bic& reader,
                                  const std::string& system_bic, const MessageLog* log);

// An inbox message as GET /v1/inbox and the stream deliver it: cursor, kind,
// journal_seq, uetr, message_type, message_id, xml; or "error" instead of the
// last three when it cannot be rendered (logged; the entry is never skipped,
// so that cursors stay continuous).
nlohmann::json inbox_item_json(const InboxItem& item, const core::Bic& reader,
                               const std::string& system_bic, const MessageLog* messages,
                               JsonLog& log);

// A debit or credit notification as the booked entry its camt.054, the
// intraday camt.052 and the day's camt.053 all carry.
iso20022::EntryInput entry_input_of(const InboxItem& item);

// The camt.029 status of a camt.056 (cancellation) or camt.007 (modification)
// request with this outcome: CNCL / MODI when accepted, else RJCR with the
// core's reason (for a camt.007 in CxlStsRsnInf, without a TxCxlSts).
void set_resolution_outcome(iso20022::ResolutionInput& resolution, bool cancellation, bool accepted,
                            core::Reason reason);

// The id of the camt.029 answering the request journaled at `seq` (the same
// in the HTTP answer and in the inbox).
std::string resolution_id(uint64_t seq);

}  // namespace corridor::gateway
