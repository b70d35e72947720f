// The queries of POST /v1/messages (docs/api.md, "Queue management and
// queries"): a pacs.008 status request (pacs.028) answered with a pacs.002,
// a get-transaction query (camt.005) answered with a camt.006.
//
// Answered on the I/O thread from the participant views (the journal as
// applied so far) and the message log's in-memory index: nothing is
// journaled, no core state is read. A participant sees only payments it is
// a party to (PaymentRecord::visible_to); anything else is answered exactly
// like a reference nobody knows, so nothing leaks.
#pragma once

#include <functional>
#include <string>

#include "gateway/http_server.h"
#include "gateway/message_log.h"
#include "gateway/participant_views.h"
#include "gateway/pki.h"
#include "gateway/service_config.h"
#include "iso20022/model.h"
#include "iso20022/render.h"

namespace corridor::gateway {

// A payment as a query's answer describes it: its state, amount, agents and
// priority from the views; its message's GrpHdr/MsgId from the message log;
// TxId is Corridor's instruction id for it (InstrId, else TxId, else
// EndToEndId), as the EndToEndId and TxId of the message are not kept apart.
// `messages` null: without the MsgId (a search that does not ask for it).
iso20022::TransactionStateInput transaction_state(const PaymentRecord& payment,
                                                  const MessageLog* messages);

class QueryEndpoint {
 public:
  using Refuse = std::function<void(HttpResponse response, const std::string& reason)>;

  QueryEndpoint(const ServiceConfig& config, const ParticipantViews& views,
                const MessageLog& messages);
  // `message` is a parsed pacs.028 or camt.005 whose sender the caller has
  // authorized for `peer`; answers 200 with the pacs.002 / camt.006, or
  // refuses (422: a camt.005 matching more than limits.inbox_page_limit_max
  // payments, or a message with problems).
  void handle(const PeerIdentity& peer, const iso20022::Message& message,
              const std::shared_ptr<Responder>& responder, const Refuse& refuse);

 private:
  void status_request(const PeerIdentity& peer, const iso20022::Message& message,
                      const std::shared_ptr<Responder>& responder);
  void get_transaction(const PeerIdentity& peer, const iso20022::Message& message,
                       const std::shared_ptr<Responder>& responder, const Refuse& refuse);

  const ServiceConfig& config_;
  const ParticipantViews& views_;
  const MessageLog& messages_;
};

}  // namespace corridor::gateway
