// The requests of POST /v1/messages about queued payments (docs/api.md,
// "Cancelling and modifying a queued payment", "Queue management and
// queries"): a camt.056 cancellation or camt.007 modification, with one or
// several requests, or a camt.056 cancelling a whole original message
// (GrpCxl), answered with one camt.029.
//
// Each request is its own journal submission on behalf of the certificate's
// BIC (the core checks that it owns the payment); the answer is rendered
// when the last one completes, on the engine's apply thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "gateway/http_server.h"
#include "gateway/message_log.h"
#include "gateway/participant_views.h"
#include "gateway/pki.h"
#include "gateway/service_config.h"
#include "iso20022/mapping.h"
#include "iso20022/model.h"
#include "journal/engine.h"

namespace corridor::gateway {

class InvestigationEndpoint {
 public:
  using Refuse = std::function<void(HttpResponse response, const std::string& reason)>;

  // `in_flight` is shared with the payments of the message endpoint: one
  // bound (limits.queue_len_max) on what waits for the journal.
  InvestigationEndpoint(const ServiceConfig& config, journal::Engine& engine,
                        const ParticipantViews& views, const MessageLog& messages,
                        std::shared_ptr<std::atomic<uint64_t>> in_flight);
  // `message` is an authorized camt.056 / camt.007 and `mapping` its mapping.
  void handle(const PeerIdentity& peer, iso20022::Message message, iso20022::Mapping mapping,
              std::shared_ptr<Responder> responder, const Refuse& refuse);

 private:
  const ServiceConfig& config_;
  journal::Engine& engine_;
  const ParticipantViews& views_;
  const MessageLog& messages_;
  std::shared_ptr<std::atomic<uint64_t>> in_flight_;
};

// The journal key of the `position`th request of a message with several:
// "<message id>#<position>", or, when that is over 35 characters,
// "H<16 hex digits of the message id's checksum>#<position>". The same
// request of the same message always gets the same key (exactly once).
std::string request_key(std::string_view message_id, size_t position);

}  // namespace corridor::gateway
