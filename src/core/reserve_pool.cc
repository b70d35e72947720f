// The central-bank reserve arrangement (docs/settlement-rules.md, rule 17):
// pool membership, swap drawings and their repayment.
//
// A swap is two liquidity moves in two currencies, checked in full before
// either moves (both legs or neither, as PvP in rule 13). The legs are
// liquidity, not payments: they ignore queues and limits and use all of the
// paying account's liquidity, as a liquidity transfer does (rule 8).
#include <algorithm>
#include <string>

#include "core/assert.h"
#include "core/core.h"
#include "core/fx_rate.h"

namespace corridor::core {

Result Core::join_reserve_pool(const JoinReservePool& c) {
  if (c.commitment_minor == 0) return Result::rejected(Reason::kZeroAmount);
  if (c.commitment_minor < 0) return Result::rejected(Reason::kNegativeAmount);
  if (c.draw_multiple < 1 || c.draw_multiple > JoinReservePool::kDrawMultipleMax) {
    return Result::rejected(Reason::kInvalidSwapTerms);
  }
  if (c.bic.empty()) return Result::rejected(Reason::kInvalidBic);
  const AccountOrReason resolved = resolve_account(c.bic, c.currency);
  if (resolved.reason != Reason::kNone) return Result::rejected(resolved.reason);
  const ParticipantId id = *find_participant(c.bic);
  const ParticipantRecord& p = participants_[id];
  const CurrencyId currency = *find_currency(c.currency);
  // A member holds its own accounts; a central bank commits the currency it issues.
  if (p.kind == ParticipantKind::kIndirect ||
      (p.kind == ParticipantKind::kCentralBank && p.home_currency != currency)) {
    return Result::rejected(Reason::kInvalidParticipantKind);
  }
  if (const Reason why = party_block(id); why != Reason::kNone) return Result::rejected(why);
  auto it = pool_.members.find(id);
  if (it != pool_.members.end()) {
    ReservePoolMember& m = it->second;
    if (m.currency != currency) return Result::rejected(Reason::kCurrencyMismatch);
    const __int128 draw_limit = static_cast<__int128>(c.commitment_minor) * c.draw_multiple;
    if (c.commitment_minor < m.provided_minor || draw_limit < m.drawn_minor) {
      return Result::rejected(Reason::kCommitmentInUse);
    }
    m.commitment_minor = c.commitment_minor;
    m.draw_multiple = c.draw_multiple;
    return Result{};
  }
  if (pool_.members.size() >= kPoolMembersMax) return Result::rejected(Reason::kTooMany);
  pool_.members.emplace(id, ReservePoolMember{currency, c.commitment_minor, c.draw_multiple, 0, 0});
  return Result{};
}

Result Core::leave_reserve_pool(const LeaveReservePool& c) {
  if (c.bic.empty()) return Result::rejected(Reason::kInvalidBic);
  const auto id = find_participant(c.bic);
  if (!id) return Result::rejected(Reason::kUnknownParticipant);
  auto it = pool_.members.find(*id);
  if (it == pool_.members.end()) return Result::rejected(Reason::kNotPoolMember);
  if (it->second.drawn_minor != 0 || it->second.provided_minor != 0) {
    return Result::rejected(Reason::kMemberHasSwaps);
  }
  pool_.members.erase(it);
  return Result{};
}

Result Core::draw_swap(const DrawSwap& c) {
  if (c.draw_amount_minor == 0) return Result::rejected(Reason::kZeroAmount);
  if (c.draw_amount_minor < 0) return Result::rejected(Reason::kNegativeAmount);
  if (c.rate_units <= 0 || c.rate_scale > PublishFxQuote::kRateScaleMax) {
    return Result::rejected(Reason::kInvalidSwapTerms);
  }
  if (c.repay_at_ns <= now_ns_) return Result::rejected(Reason::kInvalidTimeWindow);
  if (c.drawer.empty() || c.provider.empty()) return Result::rejected(Reason::kInvalidBic);
  const auto drawer = find_participant(c.drawer);
  const auto provider = find_participant(c.provider);
  if (!drawer || !provider) return Result::rejected(Reason::kUnknownParticipant);
  if (*drawer == *provider) return Result::rejected(Reason::kInvalidSwapTerms);
  for (ParticipantId id : {*drawer, *provider}) {
    if (const Reason why = party_block(id); why != Reason::kNone) return Result::rejected(why);
  }
  const auto draw_currency = find_currency(c.draw_currency);
  if (!draw_currency) return Result::rejected(Reason::kCurrencyNotAccepted);
  auto drawer_it = pool_.members.find(*drawer);
  auto provider_it = pool_.members.find(*provider);
  if (drawer_it == pool_.members.end() || provider_it == pool_.members.end()) {
    return Result::rejected(Reason::kNotPoolMember);
  }
  ReservePoolMember& dm = drawer_it->second;
  ReservePoolMember& pm = provider_it->second;
  // The provider lends the currency it committed; the drawer gives its own.
  if (pm.currency != *draw_currency || dm.currency == *draw_currency) {
    return Result::rejected(Reason::kCurrencyMismatch);
  }
  const auto drawer_in = account_of(*drawer, *draw_currency);
  const auto drawer_out = account_of(*drawer, dm.currency);
  const auto provider_out = account_of(*provider, *draw_currency);
  const auto provider_in = account_of(*provider, dm.currency);
  if (!drawer_in || !drawer_out || !provider_out || !provider_in) {
    return Result::rejected(Reason::kUnknownAccount);
  }
  // The core's one conversion (rule 13), so a swap and a PvP payment at the
  // same rate always agree to the minor unit.
  const std::optional<AmountMinor> counter = convert_half_even(
      c.draw_amount_minor, c.rate_units, c.rate_scale, currencies_[*draw_currency].minor_units,
      currencies_[dm.currency].minor_units);
  if (!counter) return Result::rejected(Reason::kAmountOverflow);
  if (*counter == 0) return Result::rejected(Reason::kZeroAmount);  // a leg of nothing
  if (pool_.swaps.contains(c.swap_id)) return Result::rejected(Reason::kSwapExists);
  if (static_cast<__int128>(dm.drawn_minor) + *counter >
          static_cast<__int128>(dm.commitment_minor) * dm.draw_multiple ||
      static_cast<__int128>(pm.provided_minor) + c.draw_amount_minor > pm.commitment_minor) {
    return Result::rejected(Reason::kSwapLimitExceeded);
  }
  if (available_liquidity(*provider_out, Priority::kHighlyUrgent) < c.draw_amount_minor ||
      available_liquidity(*drawer_out, Priority::kHighlyUrgent) < *counter) {
    return Result::rejected(Reason::kInsufficientFunds);
  }
  AmountMinor unused;
  if (!checked_add(accounts_[*drawer_in].balance_minor, c.draw_amount_minor, &unused) ||
      !checked_add(accounts_[*provider_in].balance_minor, *counter, &unused) ||
      !checked_sub(accounts_[*provider_out].balance_minor, c.draw_amount_minor, &unused) ||
      !checked_sub(accounts_[*drawer_out].balance_minor, *counter, &unused)) {
    return Result::rejected(Reason::kAmountOverflow);
  }
  if (pool_.swaps.size() >= kSwapsMax) return Result::rejected(Reason::kTooMany);

  move_swap_leg(*provider_out, *drawer_in, c.draw_amount_minor);
  move_swap_leg(*drawer_out, *provider_in, *counter);
  dm.drawn_minor += *counter;  // within the limits checked above
  pm.provided_minor += c.draw_amount_minor;
  pool_.swaps.emplace(c.swap_id, Swap{c.swap_id, *drawer, *provider, *draw_currency, dm.currency,
                                      c.draw_amount_minor, *counter, c.rate_units, c.rate_scale,
                                      SwapStatus::kOpen, now_ns_, c.repay_at_ns, kNoTime});
  next_swap_due_ns_ = std::min(next_swap_due_ns_, c.repay_at_ns);
  swap_events_.push_back(SwapEvent{c.swap_id, SwapEventKind::kDrawn, Reason::kNone});
  return Result{};
}

Result Core::repay_swap(const RepaySwap& c) {
  auto it = pool_.swaps.find(c.swap_id);
  if (it == pool_.swaps.end() || it->second.status == SwapStatus::kRepaid) {
    return Result::rejected(Reason::kUnknownSwap);  // repaid at most once
  }
  if (const Reason why = try_repay(it->second); why != Reason::kNone) {
    return Result::rejected(why);
  }
  refresh_next_swap_due();
  return Result{};
}

void Core::move_swap_leg(AccountId from, AccountId to, AmountMinor amount_minor) {
  Account& d = accounts_[from];
  Account& k = accounts_[to];
  const bool debited = checked_sub(d.balance_minor, amount_minor, &d.balance_minor);
  const bool credited = checked_add(k.balance_minor, amount_minor, &k.balance_minor);
  CORRIDOR_ASSERT(debited && credited);  // callers checked both sides
  CORRIDOR_ASSERT(d.balance_minor >= floor_minor(from));
  d.balance_min_minor = std::min(d.balance_min_minor, d.balance_minor);
  if (k.line_cut) [[unlikely]]
    update_line_cut(to);  // a cut line's floor ratchets up with the balance (rule 16)
  mark_dirty(to);         // liquidity arrived: its queues may now settle
}

Reason Core::try_repay(Swap& s) {
  CORRIDOR_ASSERT(s.status != SwapStatus::kRepaid);
  for (ParticipantId id : {s.drawer, s.provider}) {
    if (const Reason why = party_block(id); why != Reason::kNone) return why;
  }
  // Accounts are never removed, so the draw's four accounts still exist.
  const AccountId drawer_in = *account_of(s.drawer, s.draw_currency);
  const AccountId drawer_out = *account_of(s.drawer, s.drawer_currency);
  const AccountId provider_out = *account_of(s.provider, s.draw_currency);
  const AccountId provider_in = *account_of(s.provider, s.drawer_currency);
  if (available_liquidity(drawer_in, Priority::kHighlyUrgent) < s.draw_amount_minor ||
      available_liquidity(provider_in, Priority::kHighlyUrgent) < s.counter_amount_minor) {
    return Reason::kInsufficientFunds;
  }
  AmountMinor unused;
  if (!checked_add(accounts_[provider_out].balance_minor, s.draw_amount_minor, &unused) ||
      !checked_add(accounts_[drawer_out].balance_minor, s.counter_amount_minor, &unused) ||
      !checked_sub(accounts_[drawer_in].balance_minor, s.draw_amount_minor, &unused) ||
      !checked_sub(accounts_[provider_in].balance_minor, s.counter_amount_minor, &unused)) {
    return Reason::kAmountOverflow;
  }
  move_swap_leg(drawer_in, provider_out, s.draw_amount_minor);
  move_swap_leg(provider_in, drawer_out, s.counter_amount_minor);
  pool_.members.at(s.drawer).drawn_minor -= s.counter_amount_minor;
  pool_.members.at(s.provider).provided_minor -= s.draw_amount_minor;
  s.status = SwapStatus::kRepaid;
  s.repaid_ns = now_ns_;
  swap_events_.push_back(SwapEvent{s.swap_id, SwapEventKind::kRepaid, Reason::kNone});
  return Reason::kNone;
}

void Core::repay_due_swaps(bool retry_overdue) {
  if (now_ns_ < next_swap_due_ns_ && !retry_overdue) return;
  if (retry_overdue && now_ns_ < next_swap_due_ns_ && pool_.swaps.empty()) return;
  // In order of repay time, then swap id: the order must not depend on layout.
  std::vector<std::pair<TimestampNs, uint64_t>> due;
  for (const auto& [id, s] : pool_.swaps) {
    if ((s.status == SwapStatus::kOpen && s.repay_at_ns <= now_ns_) ||
        (retry_overdue && s.status == SwapStatus::kOverdue)) {
      due.emplace_back(s.repay_at_ns, id);
    }
  }
  if (due.empty()) return;
  std::sort(due.begin(), due.end());
  for (const auto& [at_ns, id] : due) {
    Swap& s = pool_.swaps.at(id);
    const Reason why = try_repay(s);
    if (why != Reason::kNone && s.status == SwapStatus::kOpen) {
      s.status = SwapStatus::kOverdue;
      swap_events_.push_back(SwapEvent{id, SwapEventKind::kOverdue, why});
    }
  }
  refresh_next_swap_due();
}

void Core::refresh_next_swap_due() {
  next_swap_due_ns_ = INT64_MAX;
  for (const auto& [id, s] : pool_.swaps) {
    if (s.status == SwapStatus::kOpen)
      next_swap_due_ns_ = std::min(next_swap_due_ns_, s.repay_at_ns);
  }
}

bool Core::pool_involves(ParticipantId id) const {
  if (pool_.members.contains(id)) return true;
  for (const auto& [swap_id, s] : pool_.swaps) {
    if (s.status != SwapStatus::kRepaid && (s.drawer == id || s.provider == id)) return true;
  }
  return false;
}

// --- Invariants and hash -----------------------------------------------------------

void Core::check_reserve_pool_invariants(std::vector<std::string>* faults) const {
  auto fault = [&](std::string text) { faults->push_back("reserve pool: " + std::move(text)); };
  if (pool_.members.size() > kPoolMembersMax || pool_.swaps.size() > kSwapsMax) {
    fault("more members or swaps than allowed");
  }
  std::map<ParticipantId, std::pair<__int128, __int128>> outstanding;  // drawn, provided
  TimestampNs next_due = INT64_MAX;
  for (const auto& [id, s] : pool_.swaps) {
    const std::string name = "swap " + std::to_string(id);
    if (s.swap_id != id || s.drawer >= participants_.size() || s.provider >= participants_.size() ||
        s.drawer == s.provider || s.draw_currency >= currencies_.size() ||
        s.drawer_currency >= currencies_.size() || s.draw_currency == s.drawer_currency ||
        s.draw_amount_minor <= 0 || s.counter_amount_minor <= 0 || s.rate_units <= 0 ||
        s.rate_scale > PublishFxQuote::kRateScaleMax || s.repay_at_ns <= s.drawn_ns ||
        s.drawn_ns > now_ns_ || static_cast<uint8_t>(s.status) > 2) {
      fault(name + " malformed");
      continue;
    }
    // The counter leg is the draw amount converted at the swap's rate, to the unit.
    if (convert_half_even(s.draw_amount_minor, s.rate_units, s.rate_scale,
                          currencies_[s.draw_currency].minor_units,
                          currencies_[s.drawer_currency].minor_units) != s.counter_amount_minor) {
      fault(name + " counter leg is not the converted draw amount");
    }
    if (s.status == SwapStatus::kRepaid) {
      // Repaid once, for good: a final record that no longer counts anywhere.
      if (s.repaid_ns < s.drawn_ns || s.repaid_ns > now_ns_) fault(name + " repaid out of time");
      continue;
    }
    if (s.repaid_ns != kNoTime) fault(name + " open but marked repaid");
    if (s.status == SwapStatus::kOpen) {
      // advance_clock() repays (or marks overdue) every swap due.
      if (s.repay_at_ns <= now_ns_) fault(name + " due but neither repaid nor overdue");
      next_due = std::min(next_due, s.repay_at_ns);
    }
    auto d = pool_.members.find(s.drawer);
    auto p = pool_.members.find(s.provider);
    if (d == pool_.members.end() || p == pool_.members.end() ||
        d->second.currency != s.drawer_currency || p->second.currency != s.draw_currency) {
      fault(name + " open between parties that are not members in its currencies");
      continue;
    }
    outstanding[s.drawer].first += s.counter_amount_minor;
    outstanding[s.provider].second += s.draw_amount_minor;
  }
  if (next_due != next_swap_due_ns_) fault("next repay time out of step with the open swaps");
  for (const auto& [id, m] : pool_.members) {
    const std::string name = "member " + std::to_string(id);
    if (id >= participants_.size() || m.currency >= currencies_.size() ||
        participants_[id].kind == ParticipantKind::kIndirect || !account_of(id, m.currency) ||
        m.commitment_minor <= 0 || m.draw_multiple < 1 ||
        m.draw_multiple > JoinReservePool::kDrawMultipleMax) {
      fault(name + " malformed");
      continue;
    }
    const auto o = outstanding[id];
    if (o.first != m.drawn_minor || o.second != m.provided_minor) {
      fault(name + " drawn or provided out of step with its open swaps");
    }
    if (static_cast<__int128>(m.drawn_minor) >
            static_cast<__int128>(m.commitment_minor) * m.draw_multiple ||
        m.provided_minor > m.commitment_minor) {
      fault(name + " beyond its limits");
    }
  }
}

}  // namespace corridor::core
