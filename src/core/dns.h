// Deferred net settlement (DNS) and its reserve fund: the records the core
// keeps for them (docs/settlement-rules.md, rule 15). The logic is in dns.cc.
//
// A DNS payment does not move an RTGS balance when it is submitted: it enters
// the open clearing cycle of its currency. SettleDnsCycle nets the cycle
// multilaterally and settles the net positions all or nothing, with the
// reserve fund standing behind a net debtor that cannot pay (cover 1).
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/money.h"
#include "core/types.h"
#include "core/uetr.h"

namespace corridor::core {

// One payment of an open cycle: plain and compact, the netting pass reads
// millions of them.
struct DnsPayment {
  Uetr uetr;
  AmountMinor amount_minor = 0;
  AccountId debtor_account = kNoId;
  AccountId creditor_account = kNoId;
  ParticipantId debtor_agent = kNoId;  // the owner, for cancellation
  ParticipantId creditor_agent = kNoId;
};
static_assert(sizeof(DnsPayment) == 40, "DnsPayment is a hot, compact record");

// Per settlement account (so per currency): DNS figures of its owner.
struct DnsAccount {
  AmountMinor cap_minor = 0;  // net debit cap; 0 until the operator sets one
  // Net position in the open cycle (received - paid), kept at submission and cancellation.
  AmountMinor position_minor = 0;
  AmountMinor peak_debit_minor = 0;    // largest net debit reached in the open cycle (>= 0)
  AmountMinor contribution_minor = 0;  // held for it on the reserve-fund account
};

struct DnsCurrency {
  std::vector<DnsPayment> payments;  // the open cycle, in no particular order
  // Open payment -> its index in `payments`. One per currency, so that settling
  // a cycle clears its index at once instead of erasing a million keys.
  absl::flat_hash_map<Uetr, uint32_t> index;
  uint64_t cycles_settled = 0;
  AmountMinor fund_minor = 0;  // the reserve-fund account: the sum of the contributions
};

struct DnsState {
  std::vector<DnsCurrency> currencies;  // by currency id
  std::vector<DnsAccount> accounts;     // by account id (grown on demand; missing = defaults)
  // Claims arising from fund draws: (defaulter account, contributor account) ->
  // amount the defaulter owes the contributor, cumulative. Ordered: hashed and imaged in order.
  std::map<std::pair<AccountId, AccountId>, AmountMinor> claims;

  const DnsAccount* account(AccountId id) const {
    return id < accounts.size() ? &accounts[id] : nullptr;
  }
};

// One account's part in a settled cycle.
struct DnsPosition {
  AccountId account = kNoId;
  AmountMinor net_minor = 0;        // received - paid in the cycle
  AmountMinor paid_minor = 0;       // of a net debit, paid from its own liquidity
  AmountMinor shortfall_minor = 0;  // of a net debit, not paid: covered by the fund
  AmountMinor contribution_before_minor = 0;
  AmountMinor contribution_drawn_minor = 0;  // taken from its contribution (own default or others')
  AmountMinor contribution_required_minor = 0;  // recomputed for the next cycles
  AmountMinor contribution_after_minor = 0;     // below required if its liquidity fell short
  AmountMinor balance_change_minor = 0;         // its RTGS balance moved by this much in all
};

// A draw on the reserve fund: `contributor`'s contribution paid part of
// `defaulter`'s net debit. contributor == defaulter: its own contribution (no claim).
struct DnsDraw {
  AccountId defaulter = kNoId;
  AccountId contributor = kNoId;
  AmountMinor amount_minor = 0;
};

// What the last successful SettleDnsCycle did (Core::last_dns_report()).
struct DnsCycleReport {
  CurrencyId currency = kNoCurrency;
  uint64_t cycle = 0;  // 1 for a currency's first settled cycle
  uint64_t payment_count = 0;
  AmountMinor gross_value_minor = 0;  // saturates (a statistic)
  AmountMinor fund_before_minor = 0;
  AmountMinor fund_after_minor = 0;
  AmountMinor fund_required_minor = 0;  // the largest peak net debit of the cycle (cover 1)
  std::vector<DnsPosition> positions;   // accounts taking part, by increasing id
  std::vector<DnsDraw> draws;           // empty unless someone defaulted
};

}  // namespace corridor::core
