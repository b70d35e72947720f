// Bech and Soramäki's liquidity bounds per settlement account (bank and
// currency) for a planned day of payments. Integer arithmetic only.
//
// Upper bound: the liquidity an account needs to settle every one of its
// payments the moment it arrives, with no queueing: the largest cumulative net
// outflow (debits minus credits so far) over the day, in order of arrival
// (a payment with an earliest time arrives then), floored at 0.
// Lower bound: what settling the whole day by multilateral netting at its end
// needs: max(0, net debit position at the end of the day).
// Bech, M. L. and K. Soramäki (2001), "Gridlock resolution in interbank payment
// systems", Bank of Finland Discussion Papers 9/2001.
#pragma once

#include <string>
#include <vector>

#include "core/bic.h"
#include "core/currency.h"
#include "core/money.h"
#include "sim/generator.h"
#include "sim/scenario.h"

namespace corridor::sim {

struct AccountBounds {
  core::Bic bic;  // the bank holding the account (indirect participants settle on it)
  std::string name;
  core::CurrencyCode currency;
  int minor_units = 2;
  core::AmountMinor lower_minor = 0;
  core::AmountMinor upper_minor = 0;
  friend bool operator==(const AccountBounds&, const AccountBounds&) = default;
};

// One entry per bank account of the scenario, in scenario order (banks, then
// their accounts). Payments between two parties settling on the same account,
// or naming a party without an account in their currency, are left out: the
// core rejects them; so are payments whose earliest time is at or after the
// end of the business day (no liquidity lets them settle within it).
// Throws ScenarioError if a bound does not fit in int64.
std::vector<AccountBounds> liquidity_bounds(const Scenario& scenario,
                                            const std::vector<PlannedPayment>& payments);

}  // namespace corridor::sim
