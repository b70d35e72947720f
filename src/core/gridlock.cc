// Atomic settlement of a selection of payments, and the three gridlock-
// resolution algorithms built on it (docs/settlement-rules.md, rules 3 and 6).
//
// A selection holds, per debtor account, a run of its queued payments in queue
// order (HU, then U, then N). "Selected" is always a front part of that run,
// so whatever settles respects FIFO. Amounts are summed in 128 bits so that no
// intermediate sum can overflow; only final balances must fit in int64.
#include <algorithm>

#include "core/assert.h"
#include "core/core.h"

namespace corridor::core {
namespace {

constexpr int kHu = static_cast<int>(Priority::kHighlyUrgent);
constexpr int kU = static_cast<int>(Priority::kUrgent);
constexpr int kN = static_cast<int>(Priority::kNormal);

}  // namespace

void Core::selection_clear() {
  Selection& s = selection_;
  const size_t n = accounts_.size();
  if (s.in_minor.size() != n) {
    s.in_minor.assign(n, 0);
    s.out_minor.assign(n, {0, 0, 0});
    s.debits_begin.assign(n, 0);
    s.debits_count.assign(n, 0);
    s.selected_count.assign(n, 0);
    s.is_touched.assign(n, 0);
    s.on_worklist.assign(n, 0);
    s.touched.clear();
  }
  for (AccountId a : s.touched) {
    s.in_minor[a] = 0;
    s.out_minor[a] = {0, 0, 0};
    s.debits_begin[a] = s.debits_count[a] = s.selected_count[a] = 0;
    s.is_touched[a] = s.on_worklist[a] = 0;
  }
  s.touched.clear();
  s.debits.clear();
  s.worklist.clear();
  s.pair_delta_minor.clear();
  s.pvp.clear();
}

void Core::selection_touch(AccountId account) {
  Selection& s = selection_;
  if (s.is_touched[account]) return;
  s.is_touched[account] = 1;
  s.touched.push_back(account);
}

void Core::selection_add(PaymentSlot slot) {
  Selection& s = selection_;
  const Payment& p = payments_[slot];
  const AccountId d = p.debtor_account;
  const AccountId c = p.creditor_account;
  selection_touch(d);
  selection_touch(c);
  if (s.debits_count[d] == 0) {
    s.debits_begin[d] = static_cast<uint32_t>(s.debits.size());
  }
  // A debtor's payments are added consecutively, most urgent first.
  CORRIDOR_ASSERT(s.debits_begin[d] + s.debits_count[d] == s.debits.size());
  s.debits.push_back(slot);
  ++s.debits_count[d];
  ++s.selected_count[d];
  s.out_minor[d][static_cast<int>(p.priority)] += p.amount_minor;
  s.in_minor[c] += p.amount_minor;
  if (accounts_[d].bilateral_limit_count > 0) s.pair_delta_minor[pair_key(d, c)] -= p.amount_minor;
  if (accounts_[c].bilateral_limit_count > 0) s.pair_delta_minor[pair_key(c, d)] += p.amount_minor;
  if (p.kind == PaymentKind::kPvp) {
    // The second leg goes in with the first: the pair is one unit.
    const SecondLeg& leg = second_leg(slot);
    s.pvp.emplace_back(slot, static_cast<uint32_t>(s.debits.size() - 1));
    selection_flow(leg.debtor_account, leg.creditor_account, p.priority, leg.amount_minor);
  }
}

void Core::selection_flow(AccountId from, AccountId to, Priority priority, __int128 amount) {
  Selection& s = selection_;
  selection_touch(from);
  selection_touch(to);
  s.out_minor[from][static_cast<int>(priority)] += amount;
  s.in_minor[to] += amount;
  if (accounts_[from].bilateral_limit_count > 0) s.pair_delta_minor[pair_key(from, to)] -= amount;
  if (accounts_[to].bilateral_limit_count > 0) s.pair_delta_minor[pair_key(to, from)] += amount;
}

void Core::selection_unselect_last(AccountId debtor) {
  Selection& s = selection_;
  CORRIDOR_ASSERT(s.selected_count[debtor] > 0);
  const PaymentSlot slot = s.debits[s.debits_begin[debtor] + s.selected_count[debtor] - 1];
  --s.selected_count[debtor];
  const Payment& p = payments_[slot];
  const AccountId c = p.creditor_account;
  s.out_minor[debtor][static_cast<int>(p.priority)] -= p.amount_minor;
  s.in_minor[c] -= p.amount_minor;
  if (accounts_[debtor].bilateral_limit_count > 0) {
    s.pair_delta_minor[pair_key(debtor, c)] += p.amount_minor;
  }
  if (accounts_[c].bilateral_limit_count > 0)
    s.pair_delta_minor[pair_key(c, debtor)] -= p.amount_minor;
  if (p.kind == PaymentKind::kPvp) {
    const SecondLeg& leg = second_leg(slot);
    selection_flow(leg.debtor_account, leg.creditor_account, p.priority, -leg.amount_minor);
  }
}

void Core::selection_drop_last(AccountId debtor) {
  Selection& s = selection_;
  const PaymentSlot last = s.debits[s.debits_begin[debtor] + s.selected_count[debtor] - 1];
  selection_unselect_last(debtor);
  // Its creditors receive less: they may be uncovered now.
  auto recheck = [&](AccountId account) {
    if (!s.on_worklist[account]) {
      s.on_worklist[account] = 1;
      s.worklist.push_back(account);
    }
  };
  recheck(payments_[last].creditor_account);
  if (payments_[last].kind == PaymentKind::kPvp) recheck(second_leg(last).creditor_account);
}

bool Core::selection_drop_pair_paid_from(AccountId provider_account) {
  Selection& s = selection_;
  for (size_t i = s.pvp.size(); i-- > 0;) {
    const auto [slot, position] = s.pvp[i];
    const AccountId debtor = payments_[slot].debtor_account;
    if (second_leg(slot).debtor_account != provider_account) continue;
    if (position >= s.debits_begin[debtor] + s.selected_count[debtor]) continue;  // dropped
    // Selected payments stay a front part of the debtor's run: drop back to the pair.
    while (s.debits_begin[debtor] + s.selected_count[debtor] > position) {
      selection_drop_last(debtor);
    }
    return true;
  }
  return false;
}

// Covered: settling the selection leaves the account's balance in int64 and,
// for a non-issuer, lets each priority's payments use only the liquidity rule 1
// allows them, taking the most restricted first: normal payments within
// L - R_hu - R_u, normal and urgent within L - R_hu, all within L, where
// L = balance + credit line + incoming. Normal payments must also keep the
// account within its limits.
bool Core::selection_covers(AccountId account) const {
  const Selection& s = selection_;
  const Account& a = accounts_[account];
  const auto& out = s.out_minor[account];
  const __int128 out_total = out[kHu] + out[kU] + out[kN];
  const __int128 balance_after =
      static_cast<__int128>(a.balance_minor) + s.in_minor[account] - out_total;
  if (balance_after > INT64_MAX || balance_after < INT64_MIN) return false;
  // Nothing to pay (a provider may pay second legs without its own queue selected).
  if (a.is_issuer || out_total == 0) return true;

  // After a line cut below use (rule 16) this is negative until incoming money
  // brings the balance back within the line: only within it may the account pay.
  const __int128 balance_in = static_cast<__int128>(a.balance_minor) + s.in_minor[account];
  if (out_total > liquidity_at(a, balance_in, Priority::kHighlyUrgent)) return false;
  if (out[kU] + out[kN] > 0 && out[kU] + out[kN] > liquidity_at(a, balance_in, Priority::kUrgent)) {
    return false;
  }
  if (out[kN] == 0) return true;
  if (out[kN] > liquidity_at(a, balance_in, Priority::kNormal)) return false;

  // Limits (conservative: every bilateral position the selection worsens must
  // stay within its limit; the multilateral position likewise).
  __int128 bilateral_delta_sum = 0;
  for (AccountId counterparty : limit_counterparties_[account]) {
    auto it = s.pair_delta_minor.find(pair_key(account, counterparty));
    if (it == s.pair_delta_minor.end()) continue;
    bilateral_delta_sum += it->second;
    if (it->second >= 0) continue;
    const BilateralLimit& limit = bilateral_limits_.at(pair_key(account, counterparty));
    if (limit.position_minor + it->second < -static_cast<__int128>(limit.limit_minor)) return false;
  }
  if (a.multilateral_limit_minor != kNoLimit) {
    const __int128 delta = s.in_minor[account] - out_total - bilateral_delta_sum;
    if (delta < 0 && a.multilateral_position_minor + delta <
                         -static_cast<__int128>(a.multilateral_limit_minor)) {
      return false;
    }
  }
  return true;
}

bool Core::selection_solve(bool all_or_nothing) {
  Selection& s = selection_;
  for (AccountId a : s.touched) {
    s.on_worklist[a] = 1;
    s.worklist.push_back(a);
  }
  // Every removal takes one payment out for good, so this loop ends after at
  // most touched + debits rounds.
  for (size_t i = 0; i < s.worklist.size(); ++i) {
    const AccountId a = s.worklist[i];
    s.on_worklist[a] = 0;
    while (!selection_covers(a)) {
      if (all_or_nothing) return false;
      // Its own payments from the back first; then the pairs whose second leg it pays.
      if (s.selected_count[a] > 0) {
        selection_drop_last(a);
      } else if (!selection_drop_pair_paid_from(a)) {
        return false;
      }
    }
  }
  for (AccountId a : s.touched) {
    if (s.selected_count[a] > 0) return true;
  }
  return false;
}

size_t Core::selection_commit(SettledBy how) {
  Selection& s = selection_;
  // Balances move by their net amount at once: the selection settles atomically,
  // so no account passes through an intermediate balance.
  for (AccountId id : s.touched) {
    Account& a = accounts_[id];
    const auto& out = s.out_minor[id];
    const __int128 after =
        static_cast<__int128>(a.balance_minor) + s.in_minor[id] - out[kHu] - out[kU] - out[kN];
    CORRIDOR_ASSERT(after >= INT64_MIN && after <= INT64_MAX);
    a.balance_minor = static_cast<AmountMinor>(after);
    CORRIDOR_ASSERT(a.balance_minor >= floor_minor(id));
    a.balance_min_minor = std::min(a.balance_min_minor, a.balance_minor);
    if (a.line_cut) update_line_cut(id);
  }
  size_t settled = 0;
  for (AccountId id : s.touched) {
    for (uint32_t i = 0; i < s.selected_count[id]; ++i) {
      const PaymentSlot slot = s.debits[s.debits_begin[id] + i];
      Payment& p = payments_[slot];
      if (p.place == PaymentPlace::kInQueue) queue_remove(slot);
      record_flow(p.debtor_account, p.creditor_account, p.amount_minor, Flow::kPayment);
      if (p.kind == PaymentKind::kPvp) {
        const SecondLeg& leg = second_leg(slot);
        record_flow(leg.debtor_account, leg.creditor_account, leg.amount_minor, Flow::kPayment);
      }
      emit(slot, EventKind::kSettled, how, Reason::kNone);
      const size_t erased = pending_index_.erase(p.uetr);
      CORRIDOR_ASSERT(erased == 1);
      free_slot(slot);
      ++settled;
    }
  }
  // Liquidity moved and queue heads changed: every party may have more to settle.
  for (AccountId id : s.touched) mark_dirty(id);
  return settled;
}

void Core::collect_takeable(AccountId from, AccountId to) {
  const uint32_t queued_to_target = queued_between(from, to);
  if (queued_to_target == 0) return;
  uint32_t seen = 0;  // payments to `to` met so far; the walk stops when all are met
  const Account& a = accounts_[from];
  for (int q = kHu; q <= kU; ++q) {
    for (PaymentSlot slot = a.queues[q].head; slot != kNoId; slot = payments_[slot].next) {
      const Payment& p = payments_[slot];
      if (p.creditor_account == to) ++seen;
      if (is_held(p)) continue;
      // FIFO: a payment to someone else is ahead. A PvP pair (three parties,
      // two currencies) is never part of a bilateral selection: it blocks too.
      if (p.creditor_account != to || p.kind == PaymentKind::kPvp) return;
      selection_add(slot);
    }
  }
  for (PaymentSlot slot = a.queues[kN].head; slot != kNoId && seen < queued_to_target;
       slot = payments_[slot].next) {
    const Payment& p = payments_[slot];
    if (p.creditor_account != to) continue;
    ++seen;
    if (!is_held(p) && p.kind == PaymentKind::kSingle) selection_add(slot);
  }
}

size_t Core::gridlock_currency(CurrencyId currency, GridlockAlgorithm algorithm) {
  selection_clear();
  for (AccountId id = 0; id < accounts_.size(); ++id) {
    const Account& a = accounts_[id];
    if (a.currency != currency || a.queued_value_minor == 0) continue;
    if (!participant_can_settle(a.owner)) continue;
    for (int q = kHu; q <= kN; ++q) {
      for (PaymentSlot slot = a.queues[q].head; slot != kNoId; slot = payments_[slot].next) {
        if (!is_held(payments_[slot])) selection_add(slot);
      }
    }
  }
  if (selection_.debits.empty()) return 0;
  if (!selection_solve(algorithm == GridlockAlgorithm::kAllOrNothing)) return 0;
  return selection_commit(SettledBy::kGridlockResolution);
}

size_t Core::gridlock_bilateral(CurrencyId currency) {
  // The pairs are listed once, at the start of the run: a pair that a settled
  // pair brings to the front of a queue waits for the next run.
  // Pairs whose payments could offset: each account with its first unheld HU
  // or U payment's creditor, or, with none, every creditor of its N payments.
  std::vector<uint64_t>& pairs = gridlock_pairs_;
  pairs.clear();
  auto add_pair = [&](AccountId a, AccountId b) {
    pairs.push_back(pair_key(std::min(a, b), std::max(a, b)));
  };
  for (AccountId id = 0; id < accounts_.size(); ++id) {
    const Account& a = accounts_[id];
    if (a.currency != currency || a.queued_value_minor == 0) continue;
    if (!participant_can_settle(a.owner)) continue;
    bool fifo_head_found = false;
    for (int q = kHu; q <= kU && !fifo_head_found; ++q) {
      for (PaymentSlot slot = a.queues[q].head; slot != kNoId; slot = payments_[slot].next) {
        if (is_held(payments_[slot])) continue;
        add_pair(id, payments_[slot].creditor_account);
        fifo_head_found = true;
        break;
      }
    }
    if (fifo_head_found) continue;
    for (PaymentSlot slot = a.queues[kN].head; slot != kNoId; slot = payments_[slot].next) {
      const AccountId creditor = payments_[slot].creditor_account;
      if (!is_held(payments_[slot]) && queued_between(creditor, id) > 0) add_pair(id, creditor);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());

  size_t settled = 0;
  for (uint64_t key : pairs) {
    const auto x = static_cast<AccountId>(key >> 32);
    const auto y = static_cast<AccountId>(key & 0xFFFFFFFFu);
    if (queued_between(x, y) == 0 || queued_between(y, x) == 0) continue;
    if (!participant_can_settle(accounts_[x].owner) ||
        !participant_can_settle(accounts_[y].owner)) {
      continue;
    }
    selection_clear();
    collect_takeable(x, y);
    const size_t x_count = selection_.debits.size();
    if (x_count == 0) continue;
    collect_takeable(y, x);
    if (selection_.debits.size() == x_count) continue;  // no payments both ways
    if (selection_solve(/*all_or_nothing=*/false))
      settled += selection_commit(SettledBy::kGridlockResolution);
  }
  return settled;
}

}  // namespace corridor::core
