// What a participant reads (docs/api.md): its inbox and the acknowledgement
// of it, the tracking of its payments, finality receipts, end-of-day
// statements, its accounts and the intraday report. Every answer is built from
// the participant views (the journal) or, for live balances, from the core
// through Engine::inspect; a participant sees only what it is a party to.
#pragma once

#include <memory>

#include "gateway/http_server.h"
#include "gateway/inbox_acks.h"
#include "gateway/json_log.h"
#include "gateway/message_log.h"
#include "gateway/participant_views.h"
#include "gateway/receipt_signer.h"
#include "gateway/router.h"
#include "gateway/service_config.h"
#include "journal/engine.h"

namespace corridor::gateway {

class ParticipantEndpoint {
 public:
  ParticipantEndpoint(const ServiceConfig& config, const ParticipantViews& views,
                      const MessageLog& messages, InboxAcks& acks, const ReceiptSigner& signer,
                      journal::Engine& engine, JsonLog& log);
  // GET /v1/inbox, POST /v1/inbox/ack, GET /v1/payments/{uetr},
  // GET /v1/receipts/{uetr}, GET /v1/statements/{date}, GET /v1/accounts,
  // GET /v1/reports/intraday.
  void add_routes(Router& router);

 private:
  void inbox(const HttpRequest& request, const std::shared_ptr<Responder>& responder);
  void acknowledge(const HttpRequest& request, const std::shared_ptr<Responder>& responder);
  void payment(const HttpRequest& request, const std::shared_ptr<Responder>& responder);
  void receipt(const HttpRequest& request, const std::shared_ptr<Responder>& responder);
  void statement(const HttpRequest& request, const std::shared_ptr<Responder>& responder);
  void accounts(const HttpRequest& request, const std::shared_ptr<Responder>& responder);
  void intraday(const HttpRequest& request, const std::shared_ptr<Responder>& responder);
  // The participant asking, or nullopt after answering 403 (not a participant).
  std::optional<core::Bic> participant(const HttpRequest& request,
                                       const std::shared_ptr<Responder>& responder);
  // A payment the reader may see, or nullopt after answering 400/404.
  std::optional<PaymentRecord> visible_payment(const HttpRequest& request, const core::Bic& reader,
                                               const std::shared_ptr<Responder>& responder);
  void refuse(const HttpRequest& request, HttpResponse response, const std::string& reason,
              const std::shared_ptr<Responder>& responder);

  const ServiceConfig& config_;
  const ParticipantViews& views_;
  const MessageLog& messages_;
  InboxAcks& acks_;
  const ReceiptSigner& signer_;
  journal::Engine& engine_;
  JsonLog& log_;
};

}  // namespace corridor::gateway
