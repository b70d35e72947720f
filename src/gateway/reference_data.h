// The core commands that set up a service's reference data, so that
// `corridor serve` can start an empty journal from its configuration alone.
#pragma once

#include <vector>

#include "core/command.h"
#include "gateway/service_config.h"

namespace corridor::gateway {

// In the order the core needs them: Configure; DefineCurrency for each
// currency; AddParticipant (central banks, direct, then indirect participants,
// so that settlement banks exist first); OpenAccount; SetCreditLine; opening
// balances as LiquidityTransfer from the currency's central bank; then
// multilateral and bilateral limits. Applied in order to an empty core, every
// command is accepted (the configuration was validated when parsed).
//
// The transfers' UETRs are derived from the value date and their position, so
// the same configuration always gives the same commands (and journal).
std::vector<core::CommandBody> reference_data_commands(const ServiceConfig& config);

}  // namespace corridor::gateway
