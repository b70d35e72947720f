// Deferred net settlement and the reserve fund (docs/settlement-rules.md, rule 15).
//
// Submission checks the payment and the debtor's net debit cap and appends it
// to the open cycle of its currency; no RTGS balance moves. SettleDnsCycle
// nets the cycle in one flat pass over its payments, then plans every balance
// move (net debtors into the DNS settlement account, the fund for those who
// cannot pay, the settlement account out to the net creditors, contributions
// recomputed) and applies the plan only if all of it holds: all or nothing.
#include <algorithm>
#include <string>

#include "core/assert.h"
#include "core/core.h"

namespace corridor::core {
namespace {

// A 128-bit quotient that the callers know fits int64 (a share of an int64 amount).
AmountMinor share_of(__int128 total, __int128 part, __int128 whole) {
  return static_cast<AmountMinor>(total * part / whole);
}

}  // namespace

// Grows the table to every account at once, so that references to two
// entries taken one after the other stay valid.
DnsAccount& Core::dns_account(AccountId id) {
  if (id >= dns_.accounts.size()) dns_.accounts.resize(accounts_.size());
  return dns_.accounts[id];
}

AmountMinor Core::dns_claim_minor(AccountId defaulter, AccountId contributor) const {
  auto it = dns_.claims.find({defaulter, contributor});
  return it == dns_.claims.end() ? 0 : it->second;
}

Result Core::set_net_debit_cap(const SetNetDebitCap& c) {
  const AccountOrReason resolved = resolve_account(c.participant, c.currency);
  if (resolved.reason != Reason::kNone) return Result::rejected(resolved.reason);
  if (c.cap_minor < 0) return Result::rejected(Reason::kNegativeAmount);
  // As for credit lines: never below the net debit already in the open cycle,
  // so that no position is ever beyond its cap.
  const DnsAccount* d = dns_.account(resolved.account);
  if (d != nullptr && d->position_minor < -c.cap_minor) {
    return Result::rejected(Reason::kCreditInUse);
  }
  dns_account(resolved.account).cap_minor = c.cap_minor;
  return Result{};
}

Result Core::submit_dns_payment(const SubmitDnsPayment& c) {
  if (c.amount_minor == 0) return Result::rejected(Reason::kZeroAmount);
  if (c.amount_minor < 0) return Result::rejected(Reason::kNegativeAmount);
  if (!c.uetr.is_version4()) return Result::rejected(Reason::kInvalidUetr);
  if (c.debtor_agent.empty() || c.creditor_agent.empty()) {
    return Result::rejected(Reason::kInvalidBic);
  }
  const auto currency = find_currency(c.currency);
  if (!currency) return Result::rejected(Reason::kCurrencyNotAccepted);
  const auto debtor_agent = find_participant(c.debtor_agent);
  const auto creditor_agent = find_participant(c.creditor_agent);
  if (!debtor_agent || !creditor_agent) return Result::rejected(Reason::kUnknownParticipant);
  for (ParticipantId agent : {*debtor_agent, *creditor_agent}) {
    if (const Reason why = party_block(agent); why != Reason::kNone) return Result::rejected(why);
  }
  const auto debtor = account_of(*debtor_agent, *currency);
  const auto creditor = account_of(*creditor_agent, *currency);
  if (!debtor || !creditor) return Result::rejected(Reason::kUnknownAccount);
  if (*debtor == *creditor) return Result::rejected(Reason::kSameAccount);
  const DnsAccount none;
  const DnsAccount& d = dns_.account(*debtor) ? *dns_.account(*debtor) : none;
  const DnsAccount& k = dns_.account(*creditor) ? *dns_.account(*creditor) : none;
  AmountMinor debtor_position;
  AmountMinor creditor_position;
  if (!checked_sub(d.position_minor, c.amount_minor, &debtor_position) ||
      !checked_add(k.position_minor, c.amount_minor, &creditor_position)) {
    return Result::rejected(Reason::kAmountOverflow);
  }
  // Rejected, not held: a DNS payment is small and cheap to resend after the
  // cycle settles, and a held payment would make the cycle's content depend on
  // later payments (docs/settlement-rules.md, rule 15).
  if (debtor_position < -d.cap_minor) return Result::rejected(Reason::kNetDebitCapExceeded);
  DnsCurrency& cycle = dns_.currencies[*currency];
  if (cycle.payments.size() >= config_.pending_payments_max) {
    return Result::rejected(Reason::kTooMany);
  }
  // The duplicate check is last, so that its insertion is the first change.
  if (!dedupe_.insert(c.uetr, business_day_)) return Result::rejected(Reason::kDuplicate);

  cycle.index.emplace(c.uetr, static_cast<uint32_t>(cycle.payments.size()));
  cycle.payments.push_back(
      DnsPayment{c.uetr, c.amount_minor, *debtor, *creditor, *debtor_agent, *creditor_agent});
  DnsAccount& debtor_dns = dns_account(*debtor);
  debtor_dns.position_minor = debtor_position;
  debtor_dns.peak_debit_minor = std::max(debtor_dns.peak_debit_minor, -debtor_position);
  dns_account(*creditor).position_minor = creditor_position;
  events_.push_back(Event{c.uetr, c.amount_minor, now_ns_, *debtor, *creditor, *currency,
                          EventKind::kQueued, SettledBy::kNone, Priority::kNormal, Reason::kNone});
  return Result{Outcome::kQueued, Reason::kNone};
}

Reason Core::cancel_dns_payment(const Uetr& uetr, const Bic& requester) {
  CurrencyId currency = 0;
  while (currency < dns_.currencies.size() && !dns_.currencies[currency].index.contains(uetr)) {
    ++currency;
  }
  if (currency == dns_.currencies.size()) return Reason::kNotQueued;
  DnsCurrency& cycle = dns_.currencies[currency];
  auto it = cycle.index.find(uetr);
  const uint32_t index = it->second;
  std::vector<DnsPayment>& payments = cycle.payments;
  const DnsPayment p = payments[index];
  if (!requester.empty()) {
    // As for RTGS payments (rule 4): someone else's payment looks unknown.
    const auto id = find_participant(requester);
    if (!id || (*id != p.debtor_agent && *id != participant_hot_[p.debtor_agent].settlement_bank)) {
      return Reason::kNotQueued;
    }
  }
  // The creditor loses a credit it may have paid against: refused if that
  // would take it beyond its cap (no position is ever beyond its cap).
  DnsAccount& debtor = dns_account(p.debtor_account);  // grows the table first
  DnsAccount& creditor = dns_account(p.creditor_account);
  if (creditor.position_minor - p.amount_minor < -creditor.cap_minor) {
    return Reason::kNetDebitCapExceeded;
  }
  // The positions go back; peaks stay (they were observed: they size the fund)
  // or rise, for the creditor.
  debtor.position_minor += p.amount_minor;
  creditor.position_minor -= p.amount_minor;
  creditor.peak_debit_minor = std::max(creditor.peak_debit_minor, -creditor.position_minor);
  cycle.index.erase(it);
  if (index + 1 != payments.size()) {
    payments[index] = payments.back();
    cycle.index[payments[index].uetr] = index;
  }
  payments.pop_back();
  events_.push_back(Event{p.uetr, p.amount_minor, now_ns_, p.debtor_account, p.creditor_account,
                          currency, EventKind::kCancelled, SettledBy::kNone, Priority::kNormal,
                          Reason::kCancelledOnRequest});
  return Reason::kNone;
}

void Core::dns_end_of_day() {
  for (CurrencyId c = 0; c < dns_.currencies.size(); ++c) {
    for (const DnsPayment& p : dns_.currencies[c].payments) {
      events_.push_back(Event{p.uetr, p.amount_minor, now_ns_, p.debtor_account, p.creditor_account,
                              c, EventKind::kRejected, SettledBy::kNone, Priority::kNormal,
                              Reason::kEndOfDay});
    }
    dns_.currencies[c].payments.clear();
    dns_.currencies[c].index.clear();
  }
  for (DnsAccount& a : dns_.accounts) {
    a.position_minor = 0;
    a.peak_debit_minor = 0;
  }
}

bool Core::dns_involves(ParticipantId id) const {
  for (const DnsCurrency& cycle : dns_.currencies) {
    for (const DnsPayment& p : cycle.payments) {
      if (p.debtor_agent == id || p.creditor_agent == id) return true;
    }
  }
  for (AccountId a = 0; a < dns_.accounts.size(); ++a) {
    if (accounts_[a].owner == id && dns_.accounts[a].contribution_minor != 0) return true;
  }
  return false;
}

Result Core::settle_dns_cycle(const SettleDnsCycle& c) {
  const auto currency = find_currency(c.currency);
  if (!currency) return Result::rejected(Reason::kCurrencyNotAccepted);
  DnsCurrency& cycle = dns_.currencies[*currency];
  if (cycle.payments.empty()) return Result::rejected(Reason::kDnsCycleEmpty);

  // 1. Netting: one flat pass into per-account int64 positions, overflow-checked.
  std::vector<AmountMinor> net(accounts_.size(), 0);
  bool overflow = false;
  AmountMinor gross = 0;
  for (const DnsPayment& p : cycle.payments) {
    overflow |=
        __builtin_sub_overflow(net[p.debtor_account], p.amount_minor, &net[p.debtor_account]);
    overflow |=
        __builtin_add_overflow(net[p.creditor_account], p.amount_minor, &net[p.creditor_account]);
    gross = saturating_add(gross, p.amount_minor);
  }
  if (overflow) return Result::rejected(Reason::kAmountOverflow);

  // The accounts taking part: a net position, a peak (sizes the fund) or a contribution.
  struct Plan {
    DnsPosition pos;
    AmountMinor peak = 0;
    AmountMinor contribution = 0;  // working value
    __int128 balance_after = 0;
  };
  std::vector<Plan> plan;
  for (AccountId a = 0; a < accounts_.size(); ++a) {
    if (accounts_[a].currency != *currency) continue;
    const DnsAccount* d = dns_.account(a);
    const AmountMinor peak = d ? d->peak_debit_minor : 0;
    const AmountMinor contribution = d ? d->contribution_minor : 0;
    if (net[a] == 0 && peak == 0 && contribution == 0) continue;
    if (net[a] == INT64_MIN) return Result::rejected(Reason::kAmountOverflow);
    Plan e;
    e.pos.account = a;
    e.pos.net_minor = net[a];
    e.pos.contribution_before_minor = contribution;
    e.peak = peak;
    e.contribution = contribution;
    plan.push_back(e);
  }

  // 2. Each net debtor pays what its liquidity allows (balance + credit line
  // minus both reservations: a DNS debit is a normal payment).
  __int128 shortfall_total = 0;
  for (Plan& e : plan) {
    if (e.pos.net_minor >= 0) continue;
    const AmountMinor debit = -e.pos.net_minor;
    const AmountMinor liquidity =
        std::max<AmountMinor>(0, available_liquidity(e.pos.account, Priority::kNormal));
    e.pos.paid_minor = std::min(debit, liquidity);
    e.pos.shortfall_minor = debit - e.pos.paid_minor;
    shortfall_total += e.pos.shortfall_minor;
  }

  // 3. Cover 1: a defaulter's own contribution first, then the others' pro rata.
  std::vector<DnsDraw> draws;
  if (shortfall_total > 0) {
    std::vector<AmountMinor> rest(plan.size(), 0);  // shortfall left after the own contribution
    __int128 pool = 0;
    for (size_t i = 0; i < plan.size(); ++i) {
      Plan& e = plan[i];
      const AmountMinor own = std::min(e.pos.shortfall_minor, e.contribution);
      if (own > 0) {
        e.contribution -= own;
        e.pos.contribution_drawn_minor += own;
        draws.push_back(DnsDraw{e.pos.account, e.pos.account, own});
      }
      rest[i] = e.pos.shortfall_minor - own;
    }
    __int128 rest_total = 0;
    for (size_t i = 0; i < plan.size(); ++i) {
      pool += plan[i].contribution;
      rest_total += rest[i];
    }
    if (rest_total > pool) return Result::rejected(Reason::kDnsFundInsufficient);
    // Defaulters in account order; each takes from every remaining contribution
    // floor(rest * contribution / pool); the remainder (fewer minor units than
    // contributors) one unit each to contributors in account order.
    std::vector<AmountMinor> take(plan.size(), 0);
    for (size_t i = 0; i < plan.size(); ++i) {
      if (rest[i] == 0) continue;
      AmountMinor taken = 0;
      for (size_t j = 0; j < plan.size(); ++j) {
        take[j] = plan[j].contribution == 0 ? 0 : share_of(rest[i], plan[j].contribution, pool);
        taken += take[j];
      }
      for (size_t j = 0; j < plan.size() && taken < rest[i]; ++j) {
        if (plan[j].contribution - take[j] > 0) {
          ++take[j];
          ++taken;
        }
      }
      CORRIDOR_ASSERT(taken == rest[i]);
      for (size_t j = 0; j < plan.size(); ++j) {
        if (take[j] == 0) continue;
        plan[j].contribution -= take[j];
        plan[j].pos.contribution_drawn_minor += take[j];
        pool -= take[j];
        draws.push_back(DnsDraw{plan[i].pos.account, plan[j].pos.account, take[j]});
      }
    }
  }

  // 4. Contributions for the next cycles: the fund must cover the largest net
  // debit seen in this cycle (its peak, the largest of the running positions);
  // each account's share is pro rata to its own peak, floor(R * peak / sum of
  // peaks), the remainder one unit each to accounts with a peak, in account order.
  AmountMinor required_total = 0;
  __int128 peak_sum = 0;
  for (const Plan& e : plan) {
    required_total = std::max(required_total, e.peak);
    peak_sum += e.peak;
  }
  if (peak_sum > 0) {
    AmountMinor assigned = 0;
    for (Plan& e : plan) {
      e.pos.contribution_required_minor = share_of(required_total, e.peak, peak_sum);
      assigned += e.pos.contribution_required_minor;
    }
    for (Plan& e : plan) {
      if (assigned == required_total) break;
      if (e.peak > 0) {
        ++e.pos.contribution_required_minor;
        ++assigned;
      }
    }
  }

  // 5. Every account's balance after: its settlement, then its contribution
  // topped up from what liquidity it has left, or the excess refunded.
  __int128 settlement_account = 0;  // the DNS settlement (technical) account
  AmountMinor fund_after = 0;
  for (Plan& e : plan) {
    const Account& a = accounts_[e.pos.account];
    __int128 change = e.pos.net_minor >= 0 ? e.pos.net_minor : -e.pos.paid_minor;
    settlement_account -= change;
    const AmountMinor required = e.pos.contribution_required_minor;
    if (required <= e.contribution) {
      change += e.contribution - required;
      e.pos.contribution_after_minor = required;
    } else {
      // A contribution is collected as a normal payment would be (rule 16:
      // nothing below the line, whatever a cut left).
      const __int128 liquidity =
          a.is_issuer
              ? static_cast<__int128>(a.balance_minor) + change
              : liquidity_at(a, static_cast<__int128>(a.balance_minor) + change, Priority::kNormal);
      const __int128 collect = a.is_issuer ? required - e.contribution
                                           : std::min<__int128>(required - e.contribution,
                                                                std::max<__int128>(0, liquidity));
      change -= collect;
      e.pos.contribution_after_minor = e.contribution + static_cast<AmountMinor>(collect);
    }
    e.balance_after = static_cast<__int128>(a.balance_minor) + change;
    if (e.balance_after > INT64_MAX || e.balance_after < INT64_MIN) {
      return Result::rejected(Reason::kAmountOverflow);
    }
    e.pos.balance_change_minor = static_cast<AmountMinor>(change);
    fund_after += e.pos.contribution_after_minor;
  }
  for (const DnsDraw& draw : draws) settlement_account += draw.amount_minor;
  // Net debtors and the fund paid in exactly what the net creditors took out.
  CORRIDOR_ASSERT(settlement_account == 0);

  // 6. Apply: nothing above changed state.
  DnsCycleReport report;
  report.currency = *currency;
  report.cycle = ++cycle.cycles_settled;
  report.payment_count = cycle.payments.size();
  report.gross_value_minor = gross;
  report.fund_before_minor = cycle.fund_minor;
  report.fund_required_minor = required_total;
  report.fund_after_minor = fund_after;
  report.positions.reserve(plan.size());
  for (const Plan& e : plan) {
    Account& a = accounts_[e.pos.account];
    a.balance_minor = static_cast<AmountMinor>(e.balance_after);
    CORRIDOR_ASSERT(a.balance_minor >= floor_minor(e.pos.account));
    a.balance_min_minor = std::min(a.balance_min_minor, a.balance_minor);
    if (a.line_cut) update_line_cut(e.pos.account);
    if (e.pos.balance_change_minor > 0) mark_dirty(e.pos.account);
    DnsAccount& d = dns_account(e.pos.account);
    d.contribution_minor = e.pos.contribution_after_minor;
    d.position_minor = 0;
    d.peak_debit_minor = 0;
    report.positions.push_back(e.pos);
  }
  for (const DnsDraw& draw : draws) {
    if (draw.contributor != draw.defaulter) {
      dns_.claims[{draw.defaulter, draw.contributor}] += draw.amount_minor;
    }
  }
  report.draws = std::move(draws);
  cycle.fund_minor = fund_after;
  cycle.index.clear();
  cycle.payments.clear();
  dns_report_ = std::move(report);
  return Result{};
}

// --- Invariants and hash -----------------------------------------------------------

void Core::check_dns_invariants(std::vector<std::string>* faults) const {
  auto fault = [&](std::string text) { faults->push_back("DNS: " + std::move(text)); };
  if (dns_.currencies.size() != currencies_.size()) fault("not one cycle per currency");
  if (dns_.accounts.size() > accounts_.size()) fault("figures for accounts that do not exist");
  std::vector<__int128> position(accounts_.size(), 0);
  std::vector<__int128> zero_sum(currencies_.size(), 0);
  std::vector<__int128> fund(currencies_.size(), 0);
  for (CurrencyId c = 0; c < dns_.currencies.size() && c < currencies_.size(); ++c) {
    const std::vector<DnsPayment>& payments = dns_.currencies[c].payments;
    if (dns_.currencies[c].index.size() != payments.size()) {
      fault(currencies_[c].code.to_string() + " index holds payments no longer open");
    }
    for (uint32_t i = 0; i < payments.size(); ++i) {
      const DnsPayment& p = payments[i];
      if (p.debtor_account >= accounts_.size() || p.creditor_account >= accounts_.size() ||
          p.debtor_account == p.creditor_account || accounts_[p.debtor_account].currency != c ||
          accounts_[p.creditor_account].currency != c || p.amount_minor <= 0 ||
          p.debtor_agent >= participants_.size() || p.creditor_agent >= participants_.size()) {
        fault("payment " + p.uetr.to_string() + " inconsistent");
        continue;
      }
      position[p.debtor_account] -= p.amount_minor;
      position[p.creditor_account] += p.amount_minor;
      // At most once: each open payment is in exactly one cycle, once, known to
      // the duplicate window, and not also pending in RTGS.
      auto it = dns_.currencies[c].index.find(p.uetr);
      if (it == dns_.currencies[c].index.end() || it->second != i) {
        fault("payment " + p.uetr.to_string() + " not indexed to its place (or open twice)");
      }
      if (!dedupe_.contains(p.uetr) || pending_slot(p.uetr) != kNoId) {
        fault("payment " + p.uetr.to_string() + " not in the duplicate window, or also in RTGS");
      }
      for (CurrencyId other = 0; other < dns_.currencies.size(); ++other) {
        if (other != c && dns_.currencies[other].index.contains(p.uetr)) {
          fault("payment " + p.uetr.to_string() + " open in two currencies");
        }
      }
    }
  }
  for (AccountId a = 0; a < accounts_.size(); ++a) {
    const DnsAccount* d = dns_.account(a);
    const DnsAccount none;
    const DnsAccount& x = d ? *d : none;
    if (position[a] != x.position_minor) {
      fault("account " + std::to_string(a) + " position out of step with its open payments");
    }
    if (x.cap_minor < 0 || x.contribution_minor < 0 || x.peak_debit_minor < 0 ||
        x.peak_debit_minor < -x.position_minor || x.position_minor < -x.cap_minor) {
      fault("account " + std::to_string(a) + " cap, contribution or peak out of range");
    }
    zero_sum[accounts_[a].currency] += x.position_minor;
    fund[accounts_[a].currency] += x.contribution_minor;
  }
  for (CurrencyId c = 0; c < currencies_.size() && c < dns_.currencies.size(); ++c) {
    // Every payment is one account's debit and another's credit.
    if (zero_sum[c] != 0) fault(currencies_[c].code.to_string() + " net positions do not sum to 0");
    if (fund[c] != dns_.currencies[c].fund_minor) {
      fault(currencies_[c].code.to_string() + " fund is not the sum of the contributions");
    }
  }
  for (const auto& [key, amount] : dns_.claims) {
    if (key.first >= accounts_.size() || key.second >= accounts_.size() ||
        key.first == key.second ||
        accounts_[key.first].currency != accounts_[key.second].currency || amount <= 0) {
      fault("claim of account " + std::to_string(key.second) + " on " + std::to_string(key.first) +
            " malformed");
    }
  }
}

}  // namespace corridor::core
