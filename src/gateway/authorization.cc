#include "gateway/authorization.h"

#include <fmt/format.h>

namespace corridor::gateway {
namespace {

// May `peer_bic` instruct for `agent`?
bool may_instruct_for(const core::Bic& peer_bic, const core::Bic& agent,
                      const ServiceConfig& config) {
  if (agent == peer_bic) return true;
  const ParticipantConfig* participant = config.find_participant(agent);
  return participant != nullptr && participant->kind == core::ParticipantKind::kIndirect &&
         participant->settlement_bank == peer_bic;
}

}  // namespace

AuthorizationVerdict authorize_payments(const PeerIdentity& peer, const ServiceConfig& config,
                                        const iso20022::Mapping& mapping) {
  if (!peer.ok()) return {false, "client certificate not usable: " + peer.error};
  if (peer.role != PeerRole::kParticipant) {
    return {false, fmt::format("a {} certificate may not send payment messages; only participants",
                               to_string(peer.role))};
  }
  const std::string peer_text = peer.bic.to_string();
  if (!mapping.sender_bic.empty()) {
    const std::optional<core::Bic> sender = core::Bic::parse(mapping.sender_bic);
    if (!sender || !may_instruct_for(peer.bic, *sender, config)) {
      return {false, fmt::format("the message's sender {} is not the certificate's BIC {}",
                                 mapping.sender_bic, peer_text)};
    }
  }
  for (const iso20022::MappedPayment& payment : mapping.payments) {
    const core::Bic& agent = payment.command.debtor_agent;
    if (!may_instruct_for(peer.bic, agent, config)) {
      return {false, fmt::format(
                         "transaction {}: the instructing agent {} is not the certificate's BIC {}",
                         payment.transaction_index + 1, agent.to_string(), peer_text)};
    }
  }
  return {true, ""};
}

}  // namespace corridor::gateway
