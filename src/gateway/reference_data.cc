#include "gateway/reference_data.h"

#include "core/core.h"
#include "core/state.h"

namespace corridor::gateway {
namespace {

// "corridor" in ASCII: marks the setup transfers' UETRs, which no payment
// message shares (those are random version-4 UUIDs from the senders).
constexpr uint64_t kSetupUetrHigh = 0x636f'7272'6964'6f72;

// yyyymmdd needs 25 bits, the index 32: together below the 2 variant bits.
core::Uetr setup_uetr(core::ValueDate value_date, uint32_t index) {
  return core::Uetr::from_bits(kSetupUetrHigh, (static_cast<uint64_t>(value_date) << 32) | index);
}

core::AddParticipant add_participant(const ParticipantConfig& p) {
  core::AddParticipant add;
  add.bic = p.bic;
  add.name = p.name;
  add.kind = p.kind;
  if (p.kind == core::ParticipantKind::kIndirect) add.settlement_bank = p.settlement_bank;
  if (p.kind == core::ParticipantKind::kCentralBank) add.home_currency = *p.home_currency;
  return add;
}

}  // namespace

std::vector<core::CommandBody> reference_data_commands(const ServiceConfig& config) {
  std::vector<core::CommandBody> commands;
  core::Config core_config;
  core_config.value_date_initial = config.service.value_date;
  commands.emplace_back(core::configure_command(core_config));
  for (const CurrencyConfig& c : config.currencies) {
    commands.emplace_back(core::DefineCurrency{c.code, c.minor_units});
  }
  for (core::ParticipantKind kind :
       {core::ParticipantKind::kCentralBank, core::ParticipantKind::kDirect,
        core::ParticipantKind::kIndirect}) {
    for (const ParticipantConfig& p : config.participants) {
      if (p.kind == kind) commands.emplace_back(add_participant(p));
    }
  }
  for (const ParticipantConfig& p : config.participants) {
    if (p.kind == core::ParticipantKind::kCentralBank) {
      commands.emplace_back(core::OpenAccount{p.bic, *p.home_currency});
    }
    for (const AccountConfig& a : p.accounts) {
      commands.emplace_back(core::OpenAccount{p.bic, a.currency});
    }
  }
  for (const ParticipantConfig& p : config.participants) {
    for (const AccountConfig& a : p.accounts) {
      if (a.credit_line_minor > 0) {
        commands.emplace_back(core::SetCreditLine{p.bic, a.currency, a.credit_line_minor});
      }
    }
  }
  uint32_t transfers = 0;
  for (const ParticipantConfig& p : config.participants) {
    for (const AccountConfig& a : p.accounts) {
      if (a.opening_balance_minor == 0) continue;
      core::LiquidityTransfer transfer;
      transfer.uetr = setup_uetr(config.service.value_date, transfers++);
      transfer.from = config.central_bank_of(a.currency)->bic;
      transfer.to = p.bic;
      transfer.currency = a.currency;
      transfer.amount_minor = a.opening_balance_minor;
      commands.emplace_back(transfer);
    }
  }
  for (const ParticipantConfig& p : config.participants) {
    for (const AccountConfig& a : p.accounts) {
      if (a.multilateral_limit_minor) {
        core::SetMultilateralLimit limit;
        limit.participant = p.bic;
        limit.currency = a.currency;
        limit.limit_minor = *a.multilateral_limit_minor;
        commands.emplace_back(limit);
      }
      for (const BilateralLimitConfig& b : a.bilateral_limits) {
        core::SetBilateralLimit limit;
        limit.participant = p.bic;
        limit.counterparty = b.counterparty;
        limit.currency = a.currency;
        limit.limit_minor = b.limit_minor;
        commands.emplace_back(limit);
      }
    }
  }
  return commands;
}

}  // namespace corridor::gateway
