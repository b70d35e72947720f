// FX trades between two participants, settled as in CLS (docs/settlement-rules.md,
// rule 14): each side instructs; the mirrored second instruction matches the
// first and the trade becomes a PvP pair (settlement.cc and gridlock.cc move both
// legs or neither); an instruction unmatched at its deadline expires.
#include <algorithm>

#include "core/assert.h"
#include "core/core.h"

namespace corridor::core {

Result Core::submit_fx_trade(const SubmitFxTrade& c) {
  if (c.sell_amount_minor == 0 || c.buy_amount_minor == 0) {
    return Result::rejected(Reason::kZeroAmount);
  }
  if (c.sell_amount_minor < 0 || c.buy_amount_minor < 0) {
    return Result::rejected(Reason::kNegativeAmount);
  }
  if (!c.uetr.is_version4()) return Result::rejected(Reason::kInvalidUetr);
  if (c.trade_reference.view().empty()) return Result::rejected(Reason::kInvalidTrade);
  if (c.party.empty() || c.counterparty.empty()) return Result::rejected(Reason::kInvalidBic);
  const auto party = find_participant(c.party);
  const auto counterparty = find_participant(c.counterparty);
  if (!party || !counterparty) return Result::rejected(Reason::kUnknownParticipant);
  const auto sell = find_currency(c.sell_currency);
  const auto buy = find_currency(c.buy_currency);
  if (!sell || !buy) return Result::rejected(Reason::kCurrencyNotAccepted);
  if (*sell == *buy) return Result::rejected(Reason::kCurrencyMismatch);
  for (ParticipantId id : {*party, *counterparty}) {
    if (const Reason why = party_block(id); why != Reason::kNone) return Result::rejected(why);
  }
  const auto party_sell = account_of(*party, *sell);
  const auto party_buy = account_of(*party, *buy);
  const auto other_sell = account_of(*counterparty, *sell);
  const auto other_buy = account_of(*counterparty, *buy);
  if (!party_sell || !party_buy || !other_sell || !other_buy) {
    return Result::rejected(Reason::kUnknownAccount);
  }
  if (*party_sell == *other_sell) return Result::rejected(Reason::kSameAccount);
  if (c.settlement_deadline_ns < now_ns_) return Result::rejected(Reason::kLatestTimePassed);

  const TradeKey key = trade_key(c.trade_reference.view(), *party, *counterparty);
  auto waiting = unmatched_trades_.find(key);
  if (waiting == unmatched_trades_.end()) {
    // The first side: it waits for its counterpart.
    if (unmatched_trades_.size() >= kUnmatchedTradesMax) return Result::rejected(Reason::kTooMany);
    if (!dedupe_.insert(c.uetr, business_day_)) return Result::rejected(Reason::kDuplicate);
    unmatched_trades_.emplace(
        key, UnmatchedTrade{c.uetr, c.trade_reference, *party, *counterparty, *sell, *buy,
                            c.sell_amount_minor, c.buy_amount_minor, c.settlement_deadline_ns});
    next_trade_deadline_ns_ = std::min(next_trade_deadline_ns_, c.settlement_deadline_ns);
    return Result{};
  }
  const UnmatchedTrade& first = waiting->second;
  if (first.party == *party) return Result::rejected(Reason::kTradeExists);
  // Mirrored: what one sells the other buys, for the same deadline.
  if (first.sell_currency != *buy || first.sell_amount_minor != c.buy_amount_minor ||
      first.buy_currency != *sell || first.buy_amount_minor != c.sell_amount_minor ||
      first.settlement_deadline_ns != c.settlement_deadline_ns) {
    return Result::rejected(Reason::kTradeMismatch);
  }
  // Leg 1: the first side pays what it sells; leg 2: this side pays what it sells.
  const AccountId debtor = *other_buy;  // the first side's account in its sell currency
  const AccountId creditor = *party_buy;
  AmountMinor unused;
  if (!checked_add(accounts_[creditor].balance_minor, first.sell_amount_minor, &unused) ||
      !checked_add(accounts_[*other_sell].balance_minor, c.sell_amount_minor, &unused) ||
      !checked_add(accounts_[debtor].pending_value_minor, first.sell_amount_minor, &unused) ||
      !checked_add(currency_pending_[first.sell_currency].pending_value_minor,
                   first.sell_amount_minor, &unused)) {
    return Result::rejected(Reason::kAmountOverflow);
  }
  if (pending_count_ >= config_.pending_payments_max) return Result::rejected(Reason::kTooMany);
  if (!dedupe_.insert(c.uetr, business_day_)) return Result::rejected(Reason::kDuplicate);

  const UnmatchedTrade matched = first;
  unmatched_trades_.erase(waiting);
  const auto slot = allocate_slot();
  CORRIDOR_ASSERT(slot.has_value());
  pending_index_.emplace(matched.uetr, *slot);  // the pair goes by the first side's UETR
  accounts_[debtor].pending_value_minor += matched.sell_amount_minor;
  currency_pending_[matched.sell_currency].pending_value_minor += matched.sell_amount_minor;
  second_legs_[*slot] =
      SecondLeg{*party_sell, *other_sell, matched.party, *sell, c.sell_amount_minor, 0};
  Payment& p = payments_[*slot];
  p.uetr = matched.uetr;
  p.instruction_id = matched.trade_reference;
  p.amount_minor = matched.sell_amount_minor;
  p.earliest_ns = kNoTime;
  p.latest_ns = matched.settlement_deadline_ns;
  p.submitted_ns = now_ns_;
  p.entry_seq = entry_seq_next_++;
  p.debtor_account = debtor;
  p.creditor_account = creditor;
  p.debtor_agent = matched.party;
  p.creditor_agent = *party;
  p.currency = matched.sell_currency;
  p.priority = Priority::kUrgent;
  p.type = PaymentType::kFiCreditTransfer;
  p.kind = PaymentKind::kPvp;
  p.prev = p.next = kNoId;
  p.place = PaymentPlace::kWaiting;
  push_timed(latest_heap_, TimedEntry{p.latest_ns, p.entry_seq, *slot});
  return Result{dispose(*slot), Reason::kNone};
}

void Core::expire_trades() {
  std::vector<std::map<TradeKey, UnmatchedTrade>::iterator> due;
  TimestampNs next = INT64_MAX;
  for (auto it = unmatched_trades_.begin(); it != unmatched_trades_.end(); ++it) {
    if (it->second.settlement_deadline_ns < now_ns_) {
      due.push_back(it);
    } else {
      next = std::min(next, it->second.settlement_deadline_ns);
    }
  }
  // By deadline, then key order: the same on every replay.
  std::stable_sort(due.begin(), due.end(), [](const auto& a, const auto& b) {
    return a->second.settlement_deadline_ns < b->second.settlement_deadline_ns;
  });
  for (const auto& it : due) {
    const UnmatchedTrade& t = it->second;
    const AccountId from = account_of(t.party, t.sell_currency).value_or(kNoId);
    const AccountId to = account_of(t.counterparty, t.sell_currency).value_or(kNoId);
    events_.push_back(Event{t.uetr, t.sell_amount_minor, now_ns_, from, to, t.sell_currency,
                            EventKind::kRejected, SettledBy::kNone, Priority::kUrgent,
                            Reason::kTradeUnmatched});
    unmatched_trades_.erase(it);
  }
  next_trade_deadline_ns_ = next;
}

}  // namespace corridor::core
