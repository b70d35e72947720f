// Command dispatch, reference data, queue management and end of day.
// Settlement itself is in settlement.cc, gridlock resolution in gridlock.cc.
#include "core/core.h"

#include <algorithm>
#include <type_traits>

#include "core/assert.h"

namespace corridor::core {
namespace {

constexpr size_t kNameLengthMax = 140;  // ISO 20022 Max140Text

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

bool valid_priority(Priority p) {
  return static_cast<uint8_t>(p) < kPriorityCount;
}

}  // namespace

Core::Core(const Config& config)
    : config_(config),
      value_date_(config.value_date_initial),
      dedupe_(config.dedupe_hash_seed),
      window_days_(static_cast<uint32_t>(std::clamp<int>(
          config.dedupe_window_days, 1, static_cast<int>(DedupeSet::kWindowDaysMax)))) {
  if (config.uetrs_reserved > 0) dedupe_.reserve(config.uetrs_reserved);
}

Result Core::apply(const Command& command) {
  events_.clear();
  swap_events_.clear();
  if (command.timestamp_ns < now_ns_) return Result::rejected(Reason::kTimestampBackwards);
  advance_clock(command.timestamp_ns, std::holds_alternative<AdvanceTime>(command.body));
  // After the cut-off no new payment instruction enters, whatever its content.
  if (day_phase_ == DayPhase::kCutOff && is_payment_instruction(command.body)) {
    resolve_dirty_accounts();
    return Result::rejected(Reason::kAfterCutOff);
  }

  const Result result = std::visit(
      Overloaded{
          [&](const DefineCurrency& c) { return define_currency(c); },
          [&](const AddParticipant& c) { return add_participant(c); },
          [&](const OpenAccount& c) { return open_account(c); },
          [&](const SetCreditLine& c) { return set_credit_line(c); },
          [&](const SetBilateralLimit& c) { return set_bilateral_limit(c); },
          [&](const SetMultilateralLimit& c) { return set_multilateral_limit(c); },
          [&](const ReserveLiquidity& c) { return reserve_liquidity(c); },
          [&](const SubmitPayment& c) { return submit_payment(c); },
          [&](const LiquidityTransfer& c) { return liquidity_transfer(c); },
          [&](const CancelPayment& c) { return cancel_payment(c); },
          [&](const ChangePriority& c) { return change_priority(c); },
          [&](const MoveInQueue& c) { return move_in_queue(c); },
          [&](const RunGridlockResolution& c) { return run_gridlock_resolution(c); },
          [&](const AdvanceTime&) { return Result{}; },
          [&](const SuspendParticipant& c) { return suspend_participant(c); },
          [&](const ReactivateParticipant& c) { return reactivate_participant(c); },
          [&](const CloseParticipant& c) { return close_participant(c); },
          [&](const EndOfDay& c) { return end_of_day(c); },
          [&](const Configure& c) { return configure(c); },
          [&](const ModifyPayment& c) { return modify_payment(c); },
          [&](const PublishFxQuote& c) { return publish_fx_quote(c); },
          [&](const WithdrawFxQuote& c) { return withdraw_fx_quote(c); },
          [&](const SubmitCrossCurrencyPayment& c) { return submit_cross_currency_payment(c); },
          [&](const SubmitFxTrade& c) { return submit_fx_trade(c); },
          [&](const SetNetDebitCap& c) { return set_net_debit_cap(c); },
          [&](const SubmitDnsPayment& c) { return submit_dns_payment(c); },
          [&](const SettleDnsCycle& c) { return settle_dns_cycle(c); },
          [&](const SetEntryOffsetting& c) { return set_entry_offsetting(c); },
          [&](const SetHaircut& c) { return set_haircut(c); },
          [&](const SetRating& c) { return set_rating(c); },
          [&](const PledgeCollateral& c) { return pledge_collateral(c); },
          [&](const SetDayPhase& c) { return set_day_phase(c); },
          [&](const JoinReservePool& c) { return join_reserve_pool(c); },
          [&](const DrawSwap& c) { return draw_swap(c); },
          [&](const RepaySwap& c) { return repay_swap(c); },
          [&](const LeaveReservePool& c) { return leave_reserve_pool(c); },
      },
      command.body);

  resolve_dirty_accounts();
  return result;
}

void Core::prefetch(const Command& command) const {
  const auto* payment = std::get_if<SubmitPayment>(&command.body);
  if (payment == nullptr) {
    if (const auto* x = std::get_if<SubmitCrossCurrencyPayment>(&command.body)) {
      dedupe_.prefetch(x->uetr);
      participant_index_.prefetch(x->debtor_agent.packed());
      participant_index_.prefetch(x->creditor_agent.packed());
      quotes_.prefetch(x->quote_id);
    }
    return;
  }
  // Index slots only: looking up the parties' accounts here too would cost
  // more than their lines save (docs/performance.md).
  dedupe_.prefetch(payment->uetr);
  participant_index_.prefetch(payment->debtor_agent.packed());
  participant_index_.prefetch(payment->creditor_agent.packed());
}

void Core::advance_clock(TimestampNs now_ns, bool retry_overdue_swaps) {
  CORRIDOR_ASSERT(now_ns >= now_ns_);
  now_ns_ = now_ns;
  const auto later = timed_later;
  // An entry is stale once its payment has finished (its slot perhaps reused)
  // or its time was changed (ModifyPayment pushes a new entry).
  auto is_live = [&](const TimedEntry& e, bool earliest) {
    const Payment& p = payments_[e.slot];
    return p.place != PaymentPlace::kFree && p.entry_seq == e.entry_seq &&
           (earliest ? p.earliest_ns : p.latest_ns) == e.at_ns;
  };
  if (now_ns_ > next_trade_deadline_ns_) expire_trades();
  // Swaps first: a repayment falls due at its time, before payments released
  // at the same moment can spend the liquidity it needs.
  // Overdue swaps are retried only on AdvanceTime: the entry path must not pay
  // for them (docs/settlement-rules.md, rule 17).
  if (now_ns_ >= next_swap_due_ns_ || retry_overdue_swaps) repay_due_swaps(retry_overdue_swaps);
  // Expiry first: a payment whose latest time has passed must not be released.
  while (!latest_heap_.empty() && latest_heap_.front().at_ns < now_ns_) {
    std::pop_heap(latest_heap_.begin(), latest_heap_.end(), later);
    const TimedEntry e = latest_heap_.back();
    latest_heap_.pop_back();
    if (is_live(e, false)) finish_pending(e.slot, EventKind::kRejected, Reason::kLatestTimePassed);
  }
  while (!earliest_heap_.empty() && earliest_heap_.front().at_ns <= now_ns_) {
    std::pop_heap(earliest_heap_.begin(), earliest_heap_.end(), later);
    const TimedEntry e = earliest_heap_.back();
    earliest_heap_.pop_back();
    if (is_live(e, true) && payments_[e.slot].place == PaymentPlace::kWaiting) dispose(e.slot);
  }
  resolve_dirty_accounts();
}

// --- Lookups ----------------------------------------------------------------

std::optional<CurrencyId> Core::find_currency(const CurrencyCode& code) const {
  const CurrencyId id = currency_index_[code.index()];
  if (id == kNoCurrency) return std::nullopt;
  return id;
}

std::optional<ParticipantId> Core::find_participant(const Bic& bic) const {
  auto it = participant_index_.find(bic.packed());
  if (it == participant_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<AccountId> Core::account_of(ParticipantId participant, CurrencyId currency) const {
  const ParticipantId owner = participant_hot_[participant].settlement_bank;
  if (currency < kInlineCurrencies) {
    const AccountId account = participant_hot_[owner].account_by_currency[currency];
    if (account == kNoId) return std::nullopt;
    return account;
  }
  auto it = account_index_.find(account_key(owner, currency));
  if (it == account_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<AccountId> Core::find_account(const Bic& bic, const CurrencyCode& code) const {
  const auto participant = find_participant(bic);
  const auto currency = find_currency(code);
  if (!participant || !currency) return std::nullopt;
  return account_of(*participant, *currency);
}

std::optional<BilateralLimit> Core::bilateral_limit(AccountId from, AccountId to) const {
  auto it = bilateral_limits_.find(pair_key(from, to));
  if (it == bilateral_limits_.end()) return std::nullopt;
  return it->second;
}

const Payment* Core::find_pending(const Uetr& uetr) const {
  const PaymentSlot slot = pending_slot(uetr);
  return slot == kNoId ? nullptr : &payments_[slot];
}

std::vector<Uetr> Core::queue_snapshot(AccountId account, Priority priority) const {
  std::vector<Uetr> uetrs;
  const QueueList& q = accounts_[account].queues[static_cast<int>(priority)];
  uetrs.reserve(q.length);
  for (PaymentSlot s = q.head; s != kNoId; s = payments_[s].next)
    uetrs.push_back(payments_[s].uetr);
  return uetrs;
}

Reason Core::party_block(ParticipantId id) const {
  const ParticipantHot& p = participant_hot_[id];
  const ParticipantHot& bank = participant_hot_[p.settlement_bank];
  if (p.status == ParticipantStatus::kClosed || bank.status == ParticipantStatus::kClosed) {
    return Reason::kParticipantClosed;
  }
  if (p.status != ParticipantStatus::kActive || bank.status != ParticipantStatus::kActive) {
    return Reason::kParticipantSuspended;
  }
  return Reason::kNone;
}

bool Core::participant_can_settle(ParticipantId id) const {
  const ParticipantHot& p = participant_hot_[id];
  if (p.status != ParticipantStatus::kActive) return false;
  return p.settlement_bank == id ||
         participant_hot_[p.settlement_bank].status == ParticipantStatus::kActive;
}

Core::AccountOrReason Core::resolve_account(const Bic& bic, const CurrencyCode& code) const {
  const auto participant = find_participant(bic);
  if (!participant) return {kNoId, Reason::kUnknownParticipant};
  const auto currency = find_currency(code);
  if (!currency) return {kNoId, Reason::kCurrencyNotAccepted};
  if (party_block(*participant) == Reason::kParticipantClosed) {
    return {kNoId, Reason::kParticipantClosed};
  }
  const auto account = account_of(*participant, *currency);
  if (!account) return {kNoId, Reason::kUnknownAccount};
  return {*account, Reason::kNone};
}

// --- Reference data -----------------------------------------------------------

Result Core::define_currency(const DefineCurrency& c) {
  if (c.code.view() == "   ") return Result::rejected(Reason::kInvalidCurrency);
  if (c.minor_units < 0 || c.minor_units > kMinorUnitsMax) {
    return Result::rejected(Reason::kInvalidCurrency);
  }
  const auto official = iso4217_minor_units(c.code.view());
  if (official && *official != c.minor_units) return Result::rejected(Reason::kInvalidCurrency);
  if (find_currency(c.code)) return Result::rejected(Reason::kCurrencyExists);
  if (currencies_.size() >= std::min<size_t>(config_.currencies_max, kNoCurrency)) {
    return Result::rejected(Reason::kTooMany);
  }
  const auto id = static_cast<CurrencyId>(currencies_.size());
  currencies_.push_back(CurrencyRecord{c.code, c.minor_units, kNoId});
  currency_index_[c.code.index()] = id;
  day_totals_.push_back(CurrencyDayTotals{id, 0, 0, 0, 0});
  currency_pending_.emplace_back();
  dns_.currencies.emplace_back();
  return Result{};
}

Result Core::add_participant(const AddParticipant& c) {
  if (c.bic.empty()) return Result::rejected(Reason::kInvalidBic);
  if (c.name.size() > kNameLengthMax) return Result::rejected(Reason::kTextTooLong);
  if (participant_index_.contains(c.bic.packed()))
    return Result::rejected(Reason::kParticipantExists);
  if (participants_.size() >= config_.participants_max) return Result::rejected(Reason::kTooMany);
  const auto id = static_cast<ParticipantId>(participants_.size());
  ParticipantRecord record{c.bic, c.name, c.kind, ParticipantStatus::kActive, id, kNoCurrency};
  switch (c.kind) {
    case ParticipantKind::kCentralBank: {
      const auto currency = find_currency(c.home_currency);
      if (!currency) return Result::rejected(Reason::kCurrencyNotAccepted);
      for (const ParticipantRecord& other : participants_) {
        if (other.kind == ParticipantKind::kCentralBank && other.home_currency == *currency) {
          return Result::rejected(Reason::kInvalidParticipantKind);  // one issuer per currency
        }
      }
      record.home_currency = *currency;
      break;
    }
    case ParticipantKind::kDirect:
      break;
    case ParticipantKind::kIndirect: {
      if (c.settlement_bank.empty()) return Result::rejected(Reason::kInvalidBic);
      const auto bank = find_participant(c.settlement_bank);
      if (!bank) return Result::rejected(Reason::kUnknownParticipant);
      if (participants_[*bank].kind == ParticipantKind::kIndirect) {
        return Result::rejected(Reason::kInvalidParticipantKind);
      }
      if (participants_[*bank].status == ParticipantStatus::kClosed) {
        return Result::rejected(Reason::kParticipantClosed);
      }
      record.settlement_bank = *bank;
      break;
    }
    default:
      return Result::rejected(Reason::kInvalidParticipantKind);
  }
  participant_hot_.push_back(ParticipantHot{record.settlement_bank, record.status});
  participants_.push_back(std::move(record));
  participant_index_.emplace(c.bic.packed(), id);
  return Result{};
}

Result Core::open_account(const OpenAccount& c) {
  const auto participant = find_participant(c.participant);
  if (!participant) return Result::rejected(Reason::kUnknownParticipant);
  const ParticipantRecord& owner = participants_[*participant];
  if (owner.status == ParticipantStatus::kClosed)
    return Result::rejected(Reason::kParticipantClosed);
  if (owner.kind == ParticipantKind::kIndirect) {
    return Result::rejected(Reason::kInvalidParticipantKind);  // settles on its bank's account
  }
  const auto currency = find_currency(c.currency);
  if (!currency) return Result::rejected(Reason::kCurrencyNotAccepted);
  if (account_index_.contains(account_key(*participant, *currency))) {
    return Result::rejected(Reason::kAccountExists);
  }
  if (accounts_.size() >= config_.accounts_max) return Result::rejected(Reason::kTooMany);
  const auto id = static_cast<AccountId>(accounts_.size());
  Account account;
  account.owner = *participant;
  account.currency = *currency;
  account.is_issuer =
      owner.kind == ParticipantKind::kCentralBank && owner.home_currency == *currency;
  if (account.is_issuer) currencies_[*currency].issuer_account = id;
  accounts_.push_back(account);
  account_index_.emplace(account_key(*participant, *currency), id);
  if (*currency < kInlineCurrencies)
    participant_hot_[*participant].account_by_currency[*currency] = id;
  limit_counterparties_.emplace_back();
  dirty_flags_.push_back(0);
  return Result{};
}

Result Core::set_credit_line(const SetCreditLine& c) {
  const AccountOrReason resolved = resolve_account(c.participant, c.currency);
  if (resolved.reason != Reason::kNone) return Result::rejected(resolved.reason);
  if (c.credit_line_minor < 0) return Result::rejected(Reason::kNegativeAmount);
  if (collateral_driven(resolved.account)) return Result::rejected(Reason::kLineFromCollateral);
  const Account& a = accounts_[resolved.account];
  if (!a.is_issuer && a.balance_minor < -c.credit_line_minor) {
    return Result::rejected(Reason::kCreditInUse);
  }
  set_line(resolved.account, c.credit_line_minor);
  return Result{};
}

Result Core::set_bilateral_limit(const SetBilateralLimit& c) {
  const AccountOrReason from_resolved = resolve_account(c.participant, c.currency);
  if (from_resolved.reason != Reason::kNone) return Result::rejected(from_resolved.reason);
  const AccountOrReason to_resolved = resolve_account(c.counterparty, c.currency);
  if (to_resolved.reason != Reason::kNone) return Result::rejected(to_resolved.reason);
  const AccountId from = from_resolved.account;
  const AccountId to = to_resolved.account;
  if (from == to) return Result::rejected(Reason::kSameAccount);
  if (!c.remove && c.limit_minor < 0) return Result::rejected(Reason::kNegativeAmount);
  Account& a = accounts_[from];
  std::vector<AccountId>& counterparties = limit_counterparties_[from];
  const uint64_t key = pair_key(from, to);
  if (c.remove) {
    if (bilateral_limits_.erase(key) == 0) return Result{};
    counterparties.erase(std::find(counterparties.begin(), counterparties.end(), to));
    --a.bilateral_limit_count;
  } else {
    auto [it, inserted] = bilateral_limits_.try_emplace(key, BilateralLimit{c.limit_minor, 0});
    if (inserted) {
      counterparties.insert(std::lower_bound(counterparties.begin(), counterparties.end(), to), to);
      ++a.bilateral_limit_count;
    } else {
      it->second.limit_minor = c.limit_minor;
    }
  }
  mark_dirty(from);
  return Result{};
}

Result Core::set_multilateral_limit(const SetMultilateralLimit& c) {
  const AccountOrReason resolved = resolve_account(c.participant, c.currency);
  if (resolved.reason != Reason::kNone) return Result::rejected(resolved.reason);
  if (!c.remove && c.limit_minor < 0) return Result::rejected(Reason::kNegativeAmount);
  accounts_[resolved.account].multilateral_limit_minor = c.remove ? kNoLimit : c.limit_minor;
  mark_dirty(resolved.account);
  return Result{};
}

Result Core::reserve_liquidity(const ReserveLiquidity& c) {
  if (c.priority != Priority::kHighlyUrgent && c.priority != Priority::kUrgent) {
    return Result::rejected(Reason::kInvalidPriority);
  }
  const AccountOrReason resolved = resolve_account(c.participant, c.currency);
  if (resolved.reason != Reason::kNone) return Result::rejected(resolved.reason);
  if (c.amount_minor < 0) return Result::rejected(Reason::kNegativeAmount);
  AmountMinor& reserved = accounts_[resolved.account].reserved_minor[static_cast<int>(c.priority)];
  if (c.amount_minor < reserved) mark_dirty(resolved.account);
  reserved = c.amount_minor;
  return Result{};
}

Result Core::suspend_participant(const SuspendParticipant& c) {
  const auto id = find_participant(c.bic);
  if (!id) return Result::rejected(Reason::kUnknownParticipant);
  if (participants_[*id].status == ParticipantStatus::kClosed) {
    return Result::rejected(Reason::kParticipantClosed);
  }
  set_participant_status(*id, ParticipantStatus::kSuspended);
  return Result{};
}

Result Core::reactivate_participant(const ReactivateParticipant& c) {
  const auto id = find_participant(c.bic);
  if (!id) return Result::rejected(Reason::kUnknownParticipant);
  const ParticipantStatus status = participants_[*id].status;
  if (status == ParticipantStatus::kClosed) return Result::rejected(Reason::kParticipantClosed);
  if (status == ParticipantStatus::kActive) return Result{};
  set_participant_status(*id, ParticipantStatus::kActive);
  // Its own queues and every queue holding a payment to it may move again.
  for (AccountId a = 0; a < accounts_.size(); ++a) {
    if (accounts_[a].queued_value_minor > 0) mark_dirty(a);
  }
  return Result{};
}

Result Core::close_participant(const CloseParticipant& c) {
  const auto id = find_participant(c.bic);
  if (!id) return Result::rejected(Reason::kUnknownParticipant);
  if (participants_[*id].status == ParticipantStatus::kClosed) {
    return Result::rejected(Reason::kParticipantClosed);
  }
  for (const Account& a : accounts_) {
    if (a.owner != *id) continue;
    if (a.balance_minor != 0 || a.pending_value_minor != 0) {
      return Result::rejected(Reason::kNotClosable);
    }
  }
  for (ParticipantId other = 0; other < participants_.size(); ++other) {
    const ParticipantRecord& p = participants_[other];
    if (other != *id && p.settlement_bank == *id && p.status != ParticipantStatus::kClosed) {
      return Result::rejected(Reason::kNotClosable);  // close its indirect participants first
    }
  }
  for (const Payment& p : payments_) {
    if (p.place != PaymentPlace::kFree && (p.debtor_agent == *id || p.creditor_agent == *id)) {
      return Result::rejected(Reason::kNotClosable);
    }
  }
  for (const auto& [slot, leg] : second_legs_) {
    if (leg.creditor_agent == *id) return Result::rejected(Reason::kNotClosable);
  }
  for (const auto& [key, trade] : unmatched_trades_) {
    if (trade.party == *id || trade.counterparty == *id) {
      return Result::rejected(Reason::kNotClosable);
    }
  }
  if (pool_involves(*id)) return Result::rejected(Reason::kNotClosable);
  if (dns_involves(*id)) return Result::rejected(Reason::kNotClosable);
  if (has_collateral(*id)) return Result::rejected(Reason::kNotClosable);  // release it first
  set_participant_status(*id, ParticipantStatus::kClosed);
  return Result{};
}

// --- Queue management -----------------------------------------------------------

bool Core::may_manage(const Bic& requester, PaymentSlot slot) const {
  if (requester.empty()) return true;  // the operator
  const auto id = find_participant(requester);
  if (!id) return false;
  const ParticipantId debtor_agent = payments_[slot].debtor_agent;
  // A direct participant may act for the indirect participants it settles for.
  return *id == debtor_agent || *id == participant_hot_[debtor_agent].settlement_bank;
}

PaymentSlot Core::owned_pending_slot(const Uetr& uetr, const Bic& requester) const {
  const PaymentSlot slot = pending_slot(uetr);
  // Someone else's payment looks unknown: the answer must not tell a bank
  // whether another bank's UETR exists.
  if (slot == kNoId || !may_manage(requester, slot)) return kNoId;
  return slot;
}

Result Core::cancel_payment(const CancelPayment& c) {
  const PaymentSlot slot = owned_pending_slot(c.uetr, c.requester);
  if (slot == kNoId) {
    const Reason why = cancel_dns_payment(c.uetr, c.requester);
    return why == Reason::kNone ? Result{} : Result::rejected(why);
  }
  finish_pending(slot, EventKind::kCancelled, Reason::kCancelledOnRequest);
  return Result{};
}

Result Core::change_priority(const ChangePriority& c) {
  if (!valid_priority(c.priority)) return Result::rejected(Reason::kInvalidPriority);
  const PaymentSlot slot = owned_pending_slot(c.uetr, c.requester);
  if (slot == kNoId) return Result::rejected(Reason::kNotQueued);
  set_priority(slot, c.priority);
  return Result{};
}

// A queued payment goes to the back of its new priority's queue; a waiting one
// only changes its priority. The same priority changes nothing.
void Core::set_priority(PaymentSlot slot, Priority priority) {
  Payment& p = payments_[slot];
  if (p.priority == priority) return;
  if (p.place == PaymentPlace::kWaiting) {
    p.priority = priority;
    return;
  }
  queue_remove(slot);
  p.priority = priority;
  queue_push_back(slot);
  mark_dirty(p.debtor_account);
}

Result Core::modify_payment(const ModifyPayment& c) {
  if (c.priority_change && !valid_priority(c.priority)) {
    return Result::rejected(Reason::kInvalidPriority);
  }
  const PaymentSlot slot = owned_pending_slot(c.uetr, c.requester);
  if (slot == kNoId) return Result::rejected(Reason::kNotQueued);
  Payment& p = payments_[slot];
  const bool new_earliest = c.earliest_ns != kNoTime && c.earliest_ns != p.earliest_ns;
  const bool new_latest = c.latest_ns != kNoTime && c.latest_ns != p.latest_ns;
  if (new_earliest && p.place != PaymentPlace::kWaiting) {
    return Result::rejected(Reason::kAlreadyReleased);
  }
  const TimestampNs earliest_ns = c.earliest_ns != kNoTime ? c.earliest_ns : p.earliest_ns;
  const TimestampNs latest_ns = c.latest_ns != kNoTime ? c.latest_ns : p.latest_ns;
  if (earliest_ns != kNoTime && latest_ns != kNoTime && latest_ns < earliest_ns) {
    return Result::rejected(Reason::kInvalidTimeWindow);
  }
  if (new_latest && latest_ns < now_ns_) return Result::rejected(Reason::kLatestTimePassed);
  // Every check is done: from here on each change applies.
  if (c.priority_change) set_priority(slot, c.priority);
  if (new_latest) {
    p.latest_ns = latest_ns;
    push_timed(latest_heap_, TimedEntry{latest_ns, p.entry_seq, slot});
  }
  if (new_earliest) {
    p.earliest_ns = earliest_ns;
    if (earliest_ns > now_ns_) {
      push_timed(earliest_heap_, TimedEntry{earliest_ns, p.entry_seq, slot});
    } else {
      dispose(slot);  // its new earliest time has come: enters settlement now
    }
  }
  return Result{};
}

Result Core::move_in_queue(const MoveInQueue& c) {
  const PaymentSlot slot = owned_pending_slot(c.uetr, c.requester);
  if (slot == kNoId) return Result::rejected(Reason::kNotQueued);
  if (payments_[slot].place != PaymentPlace::kInQueue) return Result::rejected(Reason::kNotInQueue);
  queue_remove(slot);
  if (c.position == QueuePosition::kTop) {
    queue_push_front(slot);
  } else {
    queue_push_back(slot);
  }
  mark_dirty(payments_[slot].debtor_account);
  return Result{};
}

Result Core::run_gridlock_resolution(const RunGridlockResolution& c) {
  if (static_cast<uint8_t>(c.algorithm) > static_cast<uint8_t>(GridlockAlgorithm::kBilateral)) {
    return Result::rejected(Reason::kInvalidPriority);
  }
  for (CurrencyId currency = 0; currency < currencies_.size(); ++currency) {
    if (c.algorithm == GridlockAlgorithm::kBilateral) {
      gridlock_bilateral(currency);
    } else {
      gridlock_currency(currency, c.algorithm);
    }
  }
  return Result{};
}

// --- End of day --------------------------------------------------------------------

namespace {

// yyyymmdd with a plausible month and day; calendars live outside the core.
bool plausible_value_date(ValueDate date) {
  const int month = date / 100 % 100;
  const int day = date % 100;
  return date >= 19000101 && date <= 99991231 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

Result Core::configure(const Configure& c) {
  if (!currencies_.empty() || !participants_.empty() || entry_seq_next_ != 1 ||
      business_day_ != 0) {
    return Result::rejected(Reason::kAlreadyConfigured);
  }
  constexpr uint32_t kTableMax = 1u << 30;
  const bool in_range = plausible_value_date(c.value_date_initial) && c.dedupe_window_days >= 1 &&
                        c.dedupe_window_days <= static_cast<int32_t>(DedupeSet::kWindowDaysMax) &&
                        c.currencies_max >= 1 && c.currencies_max < kNoCurrency &&
                        c.participants_max >= 1 && c.participants_max <= kTableMax &&
                        c.accounts_max >= 1 && c.accounts_max <= kTableMax &&
                        c.pending_payments_max >= 1 && c.pending_payments_max <= kTableMax;
  if (!in_range) return Result::rejected(Reason::kInvalidConfiguration);
  Config next = config_;  // keeps dedupe_hash_seed: layout, not state
  next.value_date_initial = c.value_date_initial;
  next.dedupe_window_days = c.dedupe_window_days;
  next.currencies_max = c.currencies_max;
  next.participants_max = c.participants_max;
  next.accounts_max = c.accounts_max;
  next.pending_payments_max = c.pending_payments_max;
  const TimestampNs now_ns = now_ns_;
  const bool entry_offsetting = entry_offsetting_;  // an operator setting, not configuration
  *this = Core(next);
  now_ns_ = now_ns;
  entry_offsetting_ = entry_offsetting;
  return Result{};
}

// Applies from the next payment that enters rule 2; what is queued stays queued
// (rule 3 looks only at a payment on its entry).
Result Core::set_entry_offsetting(const SetEntryOffsetting& c) {
  entry_offsetting_ = c.enabled;
  return Result{};
}

Configure configure_command(const Config& config) {
  Configure c;
  c.value_date_initial = config.value_date_initial;
  c.dedupe_window_days = config.dedupe_window_days;
  c.currencies_max = config.currencies_max;
  c.participants_max = config.participants_max;
  c.accounts_max = config.accounts_max;
  c.pending_payments_max = config.pending_payments_max;
  return c;
}

bool Core::is_payment_instruction(const CommandBody& body) {
  return std::holds_alternative<SubmitPayment>(body) ||
         std::holds_alternative<SubmitCrossCurrencyPayment>(body) ||
         std::holds_alternative<SubmitFxTrade>(body) ||
         std::holds_alternative<SubmitDnsPayment>(body);
}

Result Core::set_day_phase(const SetDayPhase& c) {
  if (c.phase != DayPhase::kOpen && c.phase != DayPhase::kCutOff) {
    return Result::rejected(Reason::kInvalidConfiguration);
  }
  day_phase_ = c.phase;
  return Result{};
}

Result Core::end_of_day(const EndOfDay& c) {
  if (c.next_value_date <= value_date_) return Result::rejected(Reason::kInvalidValueDate);

  // Reject what is still queued, account by account in queue order, then what waits.
  for (AccountId a = 0; a < accounts_.size(); ++a) {
    for (int priority = 0; priority < kPriorityCount; ++priority) {
      while (accounts_[a].queues[priority].head != kNoId) {
        finish_pending(accounts_[a].queues[priority].head, EventKind::kRejected, Reason::kEndOfDay);
      }
    }
  }
  for (PaymentSlot slot = 0; slot < payments_.size(); ++slot) {
    if (payments_[slot].place == PaymentPlace::kWaiting) {
      finish_pending(slot, EventKind::kRejected, Reason::kEndOfDay);
    }
  }
  dns_end_of_day();
  CORRIDOR_ASSERT(pending_count_ == 0 && queued_count_ == 0);
  CORRIDOR_ASSERT(second_legs_.empty() && pairs_waiting_on_.empty());
  // Quotes whose validity has ended go (their ids may be used again).
  absl::erase_if(quotes_, [&](const auto& entry) { return entry.second.valid_to_ns <= now_ns_; });
  // Nothing is pending: the slot table and timers start afresh for the new day.
  payments_.clear();
  free_slots_.clear();
  earliest_heap_.clear();
  latest_heap_.clear();
  queued_by_pair_.clear();
  dirty_accounts_.clear();
  std::fill(dirty_flags_.begin(), dirty_flags_.end(), 0);

  eod_report_ = EodReport{};
  eod_report_.closed_value_date = value_date_;
  eod_report_.next_value_date = c.next_value_date;
  eod_report_.currencies = day_totals_;
  eod_report_.accounts.reserve(accounts_.size());
  for (AccountId id = 0; id < accounts_.size(); ++id) {
    Account& a = accounts_[id];
    AccountDayFigures f;
    f.account = id;
    f.balance_open_minor = a.balance_open_minor;
    f.balance_close_minor = a.balance_minor;
    f.balance_min_minor = a.balance_min_minor;
    f.peak_credit_use_minor = a.is_issuer ? 0 : std::max<AmountMinor>(0, -a.balance_min_minor);
    f.peak_liquidity_use_minor =
        std::max<AmountMinor>(0, saturating_sub(a.balance_open_minor, a.balance_min_minor));
    eod_report_.accounts.push_back(f);
    a.balance_open_minor = a.balance_minor;
    a.balance_min_minor = a.balance_minor;
    a.multilateral_position_minor = 0;
  }
  for (auto& [key, limit] : bilateral_limits_) limit.position_minor = 0;
  for (CurrencyDayTotals& totals : day_totals_)
    totals = CurrencyDayTotals{totals.currency, 0, 0, 0, 0};

  value_date_ = c.next_value_date;
  ++business_day_;
  // Forget UETRs older than the dedupe window (nothing is pending now).
  pending_index_.clear();
  dedupe_.keep_window(business_day_, window_days_);
  return Result{};
}

}  // namespace corridor::core
