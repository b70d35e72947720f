// Entry disposition, offsetting on entry, queues and queue resolution
// (docs/settlement-rules.md, rules 2 to 5, 7 and 8).
#include <algorithm>

#include "core/assert.h"
#include "core/core.h"

namespace corridor::core {
namespace {

bool valid_priority(Priority p) {
  return static_cast<uint8_t>(p) < kPriorityCount;
}
bool valid_type(PaymentType t) {
  return static_cast<uint8_t>(t) <= static_cast<uint8_t>(PaymentType::kLiquidityTransfer);
}

}  // namespace

// --- Liquidity and limits ---------------------------------------------------------

AmountMinor Core::floor_minor(AccountId account) const {
  const Account& a = accounts_[account];
  if (a.is_issuer) return INT64_MIN;
  if (!a.line_cut) return -a.credit_line_minor;
  auto it = credit_.cut_floor_minor.find(account);
  return it == credit_.cut_floor_minor.end() ? -a.credit_line_minor
                                             : std::min(-a.credit_line_minor, it->second);
}

__int128 Core::liquidity_at(const Account& a, __int128 balance_minor, Priority priority) {
  __int128 liquidity = balance_minor + a.credit_line_minor;
  if (priority != Priority::kHighlyUrgent) liquidity -= a.reserved_minor[0];
  if (priority == Priority::kNormal) liquidity -= a.reserved_minor[1];
  return liquidity;
}

AmountMinor Core::available_liquidity(AccountId account, Priority priority) const {
  const Account& a = accounts_[account];
  if (a.is_issuer) return INT64_MAX;
  const __int128 available = liquidity_at(a, a.balance_minor, priority);
  if (available > INT64_MAX) return INT64_MAX;
  if (available < INT64_MIN) return INT64_MIN;
  return static_cast<AmountMinor>(available);
}

bool Core::limits_allow(AccountId debtor, AccountId creditor, AmountMinor amount) const {
  const Account& d = accounts_[debtor];
  if (d.bilateral_limit_count > 0) {
    auto it = bilateral_limits_.find(pair_key(debtor, creditor));
    if (it != bilateral_limits_.end()) {
      return saturating_sub(it->second.position_minor, amount) >= -it->second.limit_minor;
    }
  }
  if (d.multilateral_limit_minor != kNoLimit) {
    return saturating_sub(d.multilateral_position_minor, amount) >= -d.multilateral_limit_minor;
  }
  return true;
}

bool Core::covers(AccountId debtor, AccountId creditor, Priority priority,
                  AmountMinor amount) const {
  const Account& d = accounts_[debtor];
  AmountMinor unused;
  if (d.is_issuer) {
    if (!checked_sub(d.balance_minor, amount, &unused)) return false;
  } else if (available_liquidity(debtor, priority) < amount) {
    return false;
  }
  if (!checked_add(accounts_[creditor].balance_minor, amount, &unused)) return false;
  return priority != Priority::kNormal || limits_allow(debtor, creditor, amount);
}

bool Core::payment_can_settle_now(const Payment& p) const {
  if (!participant_can_settle(p.debtor_agent) || !participant_can_settle(p.creditor_agent)) {
    return false;
  }
  if (p.kind == PaymentKind::kSingle) return true;
  // A pair: the creditor of the second leg too (the provider is the first leg's creditor).
  const PaymentSlot slot = static_cast<PaymentSlot>(&p - payments_.data());
  return participant_can_settle(second_leg(slot).creditor_agent);
}

bool Core::payment_covered(PaymentSlot slot) const {
  const Payment& p = payments_[slot];
  if (!covers(p.debtor_account, p.creditor_account, p.priority, p.amount_minor)) return false;
  if (p.kind == PaymentKind::kSingle) return true;
  const SecondLeg& leg = second_leg(slot);
  return covers(leg.debtor_account, leg.creditor_account, p.priority, leg.amount_minor);
}

// True if a payment of `priority` from `debtor` would jump the FIFO: an
// unheld payment of its priority or higher waits (normal payments may bypass
// the normal queue).
bool Core::ahead_in_fifo(AccountId debtor, Priority priority) const {
  const Account& a = accounts_[debtor];
  const int last = priority == Priority::kHighlyUrgent ? 0 : 1;
  const uint8_t urgent_bits = priority == Priority::kHighlyUrgent ? 0b001 : 0b011;
  if ((a.queue_nonempty_bits & urgent_bits) == 0) return false;
  for (int q = 0; q <= last; ++q) {
    for (PaymentSlot s = a.queues[q].head; s != kNoId; s = payments_[s].next) {
      if (!is_held(payments_[s])) return true;
    }
  }
  return false;
}

// --- Moving money ---------------------------------------------------------------

void Core::post_transfer(AccountId debtor, AccountId creditor, AmountMinor amount, Flow flow) {
  Account& d = accounts_[debtor];
  Account& c = accounts_[creditor];
  // Callers checked both sides (covers(), or the liquidity-transfer guards).
  const bool debited = checked_sub(d.balance_minor, amount, &d.balance_minor);
  const bool credited = checked_add(c.balance_minor, amount, &c.balance_minor);
  CORRIDOR_ASSERT(debited && credited);
  CORRIDOR_ASSERT(d.balance_minor >= floor_minor(debtor));
  d.balance_min_minor = std::min(d.balance_min_minor, d.balance_minor);
  if (c.line_cut) [[unlikely]]
    update_line_cut(creditor);

  record_flow(debtor, creditor, amount, flow);
  mark_dirty(creditor);
}

void Core::record_flow(AccountId debtor, AccountId creditor, AmountMinor amount, Flow flow) {
  CurrencyDayTotals& totals = day_totals_[accounts_[debtor].currency];
  ++totals.settled_count;
  totals.settled_value_minor = saturating_add(totals.settled_value_minor, amount);
  if (flow == Flow::kLiquidityTransfer) return;
  // Each side moves its bilateral position if it has a limit towards the
  // other, else its multilateral position. Positions saturate rather than wrap.
  auto move_position = [&](AccountId self, AccountId other, AmountMinor delta) {
    Account& a = accounts_[self];
    if (a.bilateral_limit_count > 0) {
      auto it = bilateral_limits_.find(pair_key(self, other));
      if (it != bilateral_limits_.end()) {
        it->second.position_minor = saturating_add(it->second.position_minor, delta);
        return;
      }
    }
    a.multilateral_position_minor = saturating_add(a.multilateral_position_minor, delta);
  };
  move_position(debtor, creditor, -amount);
  move_position(creditor, debtor, amount);
}

void Core::emit(PaymentSlot slot, EventKind kind, SettledBy how, Reason reason) {
  const Payment& p = payments_[slot];
  if (p.kind == PaymentKind::kSingle) {
    events_.push_back(Event{p.uetr, p.amount_minor, now_ns_, p.debtor_account, p.creditor_account,
                            p.currency, kind, how, p.priority, reason});
    return;
  }
  const SecondLeg& leg = second_leg(slot);
  events_.push_back(Event{p.uetr, p.amount_minor, now_ns_, p.debtor_account, p.creditor_account,
                          p.currency, kind, how, p.priority, reason, Leg::kFirst});
  events_.push_back(Event{p.uetr, leg.amount_minor, now_ns_, leg.debtor_account,
                          leg.creditor_account, leg.currency, kind, how, p.priority, reason,
                          Leg::kSecond});
}

void Core::settle(PaymentSlot slot, SettledBy how) {
  Payment& p = payments_[slot];
  CORRIDOR_ASSERT(p.place != PaymentPlace::kFree);
  if (p.place == PaymentPlace::kInQueue) queue_remove(slot);
  post_transfer(p.debtor_account, p.creditor_account, p.amount_minor, Flow::kPayment);
  if (p.kind == PaymentKind::kPvp) {
    // Both legs in one step: nothing runs between the two transfers.
    const SecondLeg& leg = second_leg(slot);
    post_transfer(leg.debtor_account, leg.creditor_account, leg.amount_minor, Flow::kPayment);
  }
  emit(slot, EventKind::kSettled, how, Reason::kNone);
  const size_t erased = pending_index_.erase(p.uetr);
  CORRIDOR_ASSERT(erased == 1);
  free_slot(slot);
}

void Core::finish_pending(PaymentSlot slot, EventKind kind, Reason reason) {
  Payment& p = payments_[slot];
  CORRIDOR_ASSERT(p.place != PaymentPlace::kFree);
  if (p.place == PaymentPlace::kInQueue) {
    queue_remove(slot);
    mark_dirty(p.debtor_account);  // the queue head may have changed
  }
  emit(slot, kind, SettledBy::kNone, reason);
  if (kind == EventKind::kRejected) {
    // Each leg counts in its own currency.
    auto count_rejected = [&](CurrencyId currency, AmountMinor amount) {
      CurrencyDayTotals& totals = day_totals_[currency];
      ++totals.rejected_count;
      totals.rejected_value_minor = saturating_add(totals.rejected_value_minor, amount);
    };
    count_rejected(p.currency, p.amount_minor);
    if (p.kind == PaymentKind::kPvp) {
      count_rejected(second_leg(slot).currency, second_leg(slot).amount_minor);
    }
  }
  const size_t erased = pending_index_.erase(p.uetr);
  CORRIDOR_ASSERT(erased == 1);
  free_slot(slot);
}

// --- Submission ---------------------------------------------------------------------

Result Core::submit_payment(const SubmitPayment& c) {
  if (c.amount_minor == 0) return Result::rejected(Reason::kZeroAmount);
  if (c.amount_minor < 0) return Result::rejected(Reason::kNegativeAmount);
  if (!c.uetr.is_version4()) return Result::rejected(Reason::kInvalidUetr);
  if (!valid_priority(c.priority) || !valid_type(c.type)) {
    return Result::rejected(Reason::kInvalidPriority);
  }
  if (c.type == PaymentType::kLiquidityTransfer) {
    return liquidity_transfer(
        LiquidityTransfer{c.uetr, c.debtor_agent, c.creditor_agent, c.currency, c.amount_minor});
  }
  if (c.debtor_agent.empty() || c.creditor_agent.empty())
    return Result::rejected(Reason::kInvalidBic);
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
  if (c.earliest_ns != kNoTime && c.latest_ns != kNoTime && c.latest_ns < c.earliest_ns) {
    return Result::rejected(Reason::kInvalidTimeWindow);
  }
  if (c.latest_ns != kNoTime && c.latest_ns < now_ns_) {
    return Result::rejected(Reason::kLatestTimePassed);
  }
  const bool waits = c.earliest_ns != kNoTime && c.earliest_ns > now_ns_;
  const bool settles_now = !waits && !ahead_in_fifo(*debtor, c.priority) &&
                           covers(*debtor, *creditor, c.priority, c.amount_minor);
  AmountMinor unused;
  if (!checked_add(accounts_[*creditor].balance_minor, c.amount_minor, &unused)) {
    return Result::rejected(Reason::kAmountOverflow);  // could never settle
  }
  if (!settles_now) {
    if (pending_count_ >= config_.pending_payments_max) return Result::rejected(Reason::kTooMany);
    if (!checked_add(accounts_[*debtor].pending_value_minor, c.amount_minor, &unused) ||
        !checked_add(currency_pending_[*currency].pending_value_minor, c.amount_minor, &unused)) {
      return Result::rejected(Reason::kAmountOverflow);
    }
  }
  // The duplicate check is last, so that its insertion is the first change.
  if (!dedupe_.insert(c.uetr, business_day_)) return Result::rejected(Reason::kDuplicate);

  if (settles_now) {
    // The hot path: no pending record is ever made.
    post_transfer(*debtor, *creditor, c.amount_minor, Flow::kPayment);
    events_.push_back(Event{c.uetr, c.amount_minor, now_ns_, *debtor, *creditor, *currency,
                            EventKind::kSettled, SettledBy::kEntry, c.priority, Reason::kNone});
    return Result{Outcome::kSettled, Reason::kNone};
  }

  const auto slot = allocate_slot();
  CORRIDOR_ASSERT(slot.has_value());
  pending_index_.emplace(c.uetr, *slot);
  accounts_[*debtor].pending_value_minor += c.amount_minor;  // checked above
  currency_pending_[*currency].pending_value_minor += c.amount_minor;
  Payment& p = payments_[*slot];
  p.uetr = c.uetr;
  p.instruction_id = c.instruction_id;
  p.amount_minor = c.amount_minor;
  p.earliest_ns = c.earliest_ns;
  p.latest_ns = c.latest_ns;
  p.submitted_ns = now_ns_;
  p.entry_seq = entry_seq_next_++;
  p.debtor_account = *debtor;
  p.creditor_account = *creditor;
  p.debtor_agent = *debtor_agent;
  p.creditor_agent = *creditor_agent;
  p.currency = *currency;
  p.priority = c.priority;
  p.type = c.type;
  p.kind = PaymentKind::kSingle;
  p.prev = p.next = kNoId;
  p.place = PaymentPlace::kWaiting;
  if (c.latest_ns != kNoTime) {
    push_timed(latest_heap_, TimedEntry{c.latest_ns, p.entry_seq, *slot});
  }
  if (waits) {
    push_timed(earliest_heap_, TimedEntry{c.earliest_ns, p.entry_seq, *slot});
    emit(*slot, EventKind::kQueued, SettledBy::kNone, Reason::kNone);
    return Result{Outcome::kQueued, Reason::kNone};
  }
  const Outcome outcome = dispose(*slot);
  return Result{outcome, Reason::kNone};
}

Outcome Core::dispose(PaymentSlot slot) {
  const Payment& p = payments_[slot];
  CORRIDOR_ASSERT(p.place == PaymentPlace::kWaiting);
  if (payment_can_settle_now(p) && !ahead_in_fifo(p.debtor_account, p.priority)) {
    if (payment_covered(slot)) {
      settle(slot, SettledBy::kEntry);
      return Outcome::kSettled;
    }
    // PvP pairs are not offset on entry: offsetting is bilateral, a pair has three parties.
    if (entry_offsetting_ && p.kind == PaymentKind::kSingle && try_offsetting(slot)) {
      return Outcome::kSettled;
    }
  }
  queue_push_back(slot);
  emit(slot, EventKind::kQueued, SettledBy::kNone, Reason::kNone);
  return Outcome::kQueued;
}

bool Core::try_offsetting(PaymentSlot slot) {
  const Payment& p = payments_[slot];
  const AccountId debtor = p.debtor_account;
  const AccountId creditor = p.creditor_account;
  if (queued_between(creditor, debtor) == 0) return false;
  if (!participant_can_settle(accounts_[creditor].owner)) return false;
  selection_clear();
  // The new payment is not queued yet: it is the debtor's only selected debit.
  selection_add(slot);
  collect_takeable(creditor, debtor);
  if (selection_.debits.size() == 1) return false;
  if (!selection_solve(/*all_or_nothing=*/false)) return false;
  // Offsetting succeeds only if the new payment settles and something offsets it.
  if (selection_.selected_count[debtor] != 1 || selection_.selected_count[creditor] == 0) {
    return false;
  }
  selection_commit(SettledBy::kOffsetting);
  return true;
}

Result Core::liquidity_transfer(const LiquidityTransfer& c) {
  if (c.amount_minor == 0) return Result::rejected(Reason::kZeroAmount);
  if (c.amount_minor < 0) return Result::rejected(Reason::kNegativeAmount);
  if (!c.uetr.is_version4()) return Result::rejected(Reason::kInvalidUetr);
  if (c.from.empty() || c.to.empty()) return Result::rejected(Reason::kInvalidBic);
  const auto currency = find_currency(c.currency);
  if (!currency) return Result::rejected(Reason::kCurrencyNotAccepted);
  const auto from = find_participant(c.from);
  const auto to = find_participant(c.to);
  if (!from || !to) return Result::rejected(Reason::kUnknownParticipant);
  for (ParticipantId id : {*from, *to}) {
    if (const Reason why = party_block(id); why != Reason::kNone) return Result::rejected(why);
  }
  const auto debtor = account_of(*from, *currency);
  const auto creditor = account_of(*to, *currency);
  if (!debtor || !creditor) return Result::rejected(Reason::kUnknownAccount);
  if (*debtor == *creditor) return Result::rejected(Reason::kSameAccount);
  AmountMinor unused;
  if (!checked_add(accounts_[*creditor].balance_minor, c.amount_minor, &unused) ||
      (accounts_[*debtor].is_issuer &&
       !checked_sub(accounts_[*debtor].balance_minor, c.amount_minor, &unused))) {
    return Result::rejected(Reason::kAmountOverflow);
  }
  if (available_liquidity(*debtor, Priority::kHighlyUrgent) < c.amount_minor) {
    return Result::rejected(Reason::kInsufficientFunds);
  }
  if (!dedupe_.insert(c.uetr, business_day_)) return Result::rejected(Reason::kDuplicate);
  post_transfer(*debtor, *creditor, c.amount_minor, Flow::kLiquidityTransfer);
  events_.push_back(Event{c.uetr, c.amount_minor, now_ns_, *debtor, *creditor, *currency,
                          EventKind::kSettled, SettledBy::kLiquidityTransfer,
                          Priority::kHighlyUrgent, Reason::kNone});
  return Result{Outcome::kSettled, Reason::kNone};
}

// --- Queue resolution -------------------------------------------------------------

// dirty_flags_: 0 clean, kDirtyChanged (liquidity or queue changed), kDirtyWoken
// (only woken for a PvP pair's second leg; see wake_pairs_paid_from()).
void Core::mark_dirty(AccountId account) {
  if (dirty_flags_[account] == kDirtyChanged) return;
  if (dirty_flags_[account] == 0) dirty_accounts_.push_back(account);
  dirty_flags_[account] = kDirtyChanged;
}

void Core::resolve_dirty_accounts() {
  // Settling marks creditors dirty, so the list may grow while we work; every
  // settlement removes a payment, so this ends.
  for (size_t i = 0; i < dirty_accounts_.size(); ++i) {
    const AccountId account = dirty_accounts_[i];
    const uint8_t why = dirty_flags_[account];
    dirty_flags_[account] = 0;
    resolve_queue(account);
    // Only a real change wakes pairs: woken accounts waking each other would never end.
    if (why == kDirtyChanged && !pairs_waiting_on_.empty()) wake_pairs_paid_from(account);
  }
  dirty_accounts_.clear();
}

void Core::resolve_queue(AccountId account) {
  Account& a = accounts_[account];
  if (a.queue_nonempty_bits == 0) return;
  if (!participant_can_settle(a.owner)) return;
  // HU then U: strict FIFO; the first unheld payment not covered blocks the rest.
  for (int q = 0; q < 2; ++q) {
    PaymentSlot slot = a.queues[q].head;
    while (slot != kNoId) {
      const Payment& p = payments_[slot];
      const PaymentSlot next = p.next;
      if (!is_held(p)) {
        if (!payment_covered(slot)) return;
        settle(slot, SettledBy::kQueueResolution);
      }
      slot = next;
    }
  }
  // N: every covered payment settles, in order (bypass).
  PaymentSlot slot = a.queues[2].head;
  while (slot != kNoId) {
    const Payment& p = payments_[slot];
    const PaymentSlot next = p.next;
    if (!is_held(p) && payment_covered(slot)) {
      settle(slot, SettledBy::kQueueResolution);
    }
    slot = next;
  }
}

void Core::wake_pairs_paid_from(AccountId account) {
  // Keys are (provider account << 32 | debtor account): one ordered range.
  for (auto it = pairs_waiting_on_.lower_bound(pair_key(account, 0));
       it != pairs_waiting_on_.end() && (it->first >> 32) == account; ++it) {
    const auto debtor = static_cast<AccountId>(it->first & 0xFFFFFFFFu);
    if (dirty_flags_[debtor] != 0) continue;
    dirty_flags_[debtor] = kDirtyWoken;
    dirty_accounts_.push_back(debtor);
  }
}

// --- The pending table and its queues ---------------------------------------------

void Core::add_queued_value(Account& a, AmountMinor amount) {
  // Queued value is bounded by the sum of pending amounts; overflow would be a bug.
  const bool ok = checked_add(a.queued_value_minor, amount, &a.queued_value_minor) &&
                  checked_add(currency_pending_[a.currency].queued_value_minor, amount,
                              &currency_pending_[a.currency].queued_value_minor);
  CORRIDOR_ASSERT(ok);
}

std::optional<PaymentSlot> Core::allocate_slot() {
  if (pending_count_ >= config_.pending_payments_max) return std::nullopt;
  ++pending_count_;
  if (!free_slots_.empty()) {
    const PaymentSlot slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  payments_.emplace_back();
  return static_cast<PaymentSlot>(payments_.size() - 1);
}

void Core::free_slot(PaymentSlot slot) {
  CORRIDOR_ASSERT(pending_count_ > 0);
  --pending_count_;
  const Payment& p = payments_[slot];
  accounts_[p.debtor_account].pending_value_minor -= p.amount_minor;
  currency_pending_[p.currency].pending_value_minor -= p.amount_minor;
  if (p.kind == PaymentKind::kPvp) {
    const size_t erased = second_legs_.erase(slot);
    CORRIDOR_ASSERT(erased == 1);
  }
  // Only the fields that mark a slot as free are reset: stale timer entries
  // are recognised by entry_seq, and a reused slot is written in full.
  payments_[slot].place = PaymentPlace::kFree;
  payments_[slot].entry_seq = 0;
  free_slots_.push_back(slot);
}

void Core::queue_push_back(PaymentSlot slot) {
  Payment& p = payments_[slot];
  QueueList& q = accounts_[p.debtor_account].queues[static_cast<int>(p.priority)];
  p.prev = q.tail;
  p.next = kNoId;
  if (q.tail != kNoId) {
    payments_[q.tail].next = slot;
  } else {
    q.head = slot;
  }
  q.tail = slot;
  count_queued(slot);
}

void Core::queue_push_front(PaymentSlot slot) {
  Payment& p = payments_[slot];
  QueueList& q = accounts_[p.debtor_account].queues[static_cast<int>(p.priority)];
  p.prev = kNoId;
  p.next = q.head;
  if (q.head != kNoId) {
    payments_[q.head].prev = slot;
  } else {
    q.tail = slot;
  }
  q.head = slot;
  count_queued(slot);
}

// The bookkeeping of a payment just linked into its queue.
void Core::count_queued(PaymentSlot slot) {
  Payment& p = payments_[slot];
  Account& a = accounts_[p.debtor_account];
  ++a.queues[static_cast<int>(p.priority)].length;
  a.queue_nonempty_bits |= static_cast<uint8_t>(1u << static_cast<int>(p.priority));
  p.place = PaymentPlace::kInQueue;
  ++queued_count_;
  ++queued_by_pair_[pair_key(p.debtor_account, p.creditor_account)];
  add_queued_value(a, p.amount_minor);
  if (p.kind == PaymentKind::kPvp) {
    ++pairs_waiting_on_[pair_key(second_leg(slot).debtor_account, p.debtor_account)];
  }
}

void Core::queue_remove(PaymentSlot slot) {
  Payment& p = payments_[slot];
  CORRIDOR_ASSERT(p.place == PaymentPlace::kInQueue);
  Account& a = accounts_[p.debtor_account];
  QueueList& q = a.queues[static_cast<int>(p.priority)];
  if (p.prev != kNoId) {
    payments_[p.prev].next = p.next;
  } else {
    q.head = p.next;
  }
  if (p.next != kNoId) {
    payments_[p.next].prev = p.prev;
  } else {
    q.tail = p.prev;
  }
  p.prev = p.next = kNoId;
  CORRIDOR_ASSERT(q.length > 0 && queued_count_ > 0);
  if (--q.length == 0) {
    a.queue_nonempty_bits &= static_cast<uint8_t>(~(1u << static_cast<int>(p.priority)));
  }
  --queued_count_;
  auto pair = queued_by_pair_.find(pair_key(p.debtor_account, p.creditor_account));
  CORRIDOR_ASSERT(pair != queued_by_pair_.end() && pair->second > 0);
  if (--pair->second == 0) queued_by_pair_.erase(pair);
  a.queued_value_minor -= p.amount_minor;
  currency_pending_[p.currency].queued_value_minor -= p.amount_minor;
  if (p.kind == PaymentKind::kPvp) {
    auto waiting =
        pairs_waiting_on_.find(pair_key(second_leg(slot).debtor_account, p.debtor_account));
    CORRIDOR_ASSERT(waiting != pairs_waiting_on_.end() && waiting->second > 0);
    if (--waiting->second == 0) pairs_waiting_on_.erase(waiting);
  }
  p.place = PaymentPlace::kWaiting;  // out of the queue, still pending
}

}  // namespace corridor::core
