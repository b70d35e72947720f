// Who may send a payment message: the rule of POST /v1/messages (docs/api.md).
#pragma once

#include <string>

#include "gateway/pki.h"
#include "gateway/service_config.h"
#include "iso20022/mapping.h"

namespace corridor::gateway {

struct AuthorizationVerdict {
  bool allowed = false;
  std::string reason;  // why not, naming the BICs: for the 403 body and the log
};

// Only a participant certificate may send payments. The certificate's BIC
// must be the instructing agent (InstgAgt) of every transaction mapped to a
// payment and the message's sender (AppHdr From), compared as BIC11 (BIC8 ==
// BIC8XXX); or the configured settlement bank of that agent when the agent is
// an indirect participant (the settlement bank sends for it). One transaction
// that fails refuses the whole message: nothing of it is submitted.
AuthorizationVerdict authorize_payments(const PeerIdentity& peer, const ServiceConfig& config,
                                        const iso20022::Mapping& mapping);

}  // namespace corridor::gateway
