#include "random_auditor.h"

#include <algorithm>
#include <functional>
#include <sstream>
#include <type_traits>

#include "core/fx_rate.h"
#include "random_format.h"

namespace corridor::core::random_test {
namespace {

// Whether liquidity transfers move limit positions. The rules say positions
// count "every settled payment"; a liquidity transfer is not a payment (rule 8).
constexpr bool kTransfersMovePositions = false;

const char* state_name(int s) {
  static constexpr const char* kNames[] = {"new",     "waiting",  "queued",
                                           "settled", "rejected", "cancelled"};
  return kNames[s];
}

bool valid_priority(Priority p) {
  return static_cast<uint8_t>(p) < kPriorityCount;
}

// A liquidity transfer, or a payment of type liquidity transfer (camt.050).
bool is_transfer(const CommandBody& body) {
  if (std::holds_alternative<LiquidityTransfer>(body)) return true;
  const auto* s = std::get_if<SubmitPayment>(&body);
  return s != nullptr && s->type == PaymentType::kLiquidityTransfer;
}

template <class T>
std::string str(const T& v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

Auditor::Auditor(const Core& core, AuditOptions options) : core_(core), options_(options) {
  now_ = core.now_ns();
  value_date_ = core.value_date();
}

void Auditor::fail(std::string message) {
  if (failures_.size() < 32) failures_.push_back(std::move(message));
}

int Auditor::find_part(const Bic& bic) const {
  auto it = part_index_.find(bic);
  return it == part_index_.end() ? -1 : it->second;
}

int Auditor::settling_part(int p) const {
  return parts_[p].kind == ParticipantKind::kIndirect ? parts_[p].bank : p;
}

bool Auditor::may_manage(const Bic& requester, const Payment& p) const {
  if (requester.empty()) return true;
  const int r = find_part(requester);
  return r >= 0 && p.debtor_part >= 0 && (r == p.debtor_part || r == settling_part(p.debtor_part));
}

std::optional<AccountId> Auditor::account_of(int part, CurrencyId currency) const {
  if (part < 0 || currency == kNoCurrency) return std::nullopt;
  auto it = account_index_.find((uint64_t(settling_part(part)) << 16) | currency);
  if (it == account_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<CurrencyId> Auditor::currency_of(const CurrencyCode& code) const {
  for (size_t i = 0; i < currencies_.size(); ++i) {
    if (currencies_[i] == code) return static_cast<CurrencyId>(i);
  }
  return std::nullopt;
}

bool Auditor::can_settle(int p, const std::vector<ParticipantStatus>& status) const {
  auto active = [&status](int i) {
    return static_cast<size_t>(i) >= status.size() || status[i] == ParticipantStatus::kActive;
  };
  return active(p) && active(parts_[p].bank);
}

bool Auditor::held(const Payment& p, const std::vector<ParticipantStatus>& status) const {
  return !can_settle(p.debtor_part, status) || !can_settle(p.creditor_part, status) ||
         (p.pvp && !can_settle(p.creditor2_part, status));
}

bool Auditor::held_now(const Payment& p) const {
  auto active = [this](int i) { return parts_[i].status == ParticipantStatus::kActive; };
  auto settles = [&](int i) { return active(i) && active(parts_[i].bank); };
  return !(settles(p.debtor_part) && settles(p.creditor_part) &&
           (!p.pvp || settles(p.creditor2_part)));
}

AmountMinor Auditor::reserved_above(const Account& a, Priority p) const {
  AmountMinor r = 0;
  if (p == Priority::kUrgent) r = a.reserved[0];
  if (p == Priority::kNormal) r = a.reserved[0] + a.reserved[1];
  return r;
}

void Auditor::set_pending(const Uetr& u, bool on) {
  if (!on) {
    pvp_pending_.erase(u);
  } else if (auto p = payments_.find(u); p != payments_.end() && p->second.pvp) {
    pvp_pending_.insert(u);
  }
  auto it = pending_index_.find(u);
  if (on) {
    if (it != pending_index_.end()) return;
    pending_index_[u] = pending_list_.size();
    pending_list_.push_back(u);
    return;
  }
  if (it == pending_index_.end()) return;
  const size_t i = it->second;
  pending_index_.erase(it);
  if (i + 1 != pending_list_.size()) {
    pending_list_[i] = pending_list_.back();
    pending_index_[pending_list_[i]] = i;
  }
  pending_list_.pop_back();
}

void Auditor::mark_dirty(AccountId a) {
  if (a >= snap_dirty_.size() || snap_dirty_[a]) return;
  snap_dirty_[a] = 1;
  dirty_list_.push_back(a);
}

void Auditor::refresh_snapshot(AccountId a) {
  snap_dirty_[a] = 0;
  for (int q = 0; q < 2; ++q) {
    std::vector<Uetr>& s = snap_[a][q];
    s = core_.queue_snapshot(a, static_cast<Priority>(q));
    stats_.max_queue = std::max<uint64_t>(stats_.max_queue, s.size());
    for (const Uetr& u : s) {
      auto it = payments_.find(u);
      if (it == payments_.end()) {
        fail("queue " + std::to_string(q) + " of account " + std::to_string(a) +
             " holds unknown UETR " + u.to_string());
        continue;
      }
      const Payment& p = it->second;
      if (p.state != State::kQueued || p.debtor != a || p.priority != static_cast<Priority>(q)) {
        fail("queue " + std::to_string(q) + " of account " + std::to_string(a) + " holds " +
             u.to_string() + " but the model has it " + state_name(int(p.state)) + " debtor " +
             std::to_string(p.debtor) + " priority " + std::to_string(int(p.priority)));
      }
    }
  }
}

void Auditor::before(const Generated& g) {
  ++cmd_;
  failures_.clear();
  for (AccountId a : dirty_list_) refresh_snapshot(a);
  dirty_list_.clear();
  if (options_.full_check_period != 0 && cmd_ % options_.full_check_period == 0) full_check();

  status_before_.resize(parts_.size());
  for (size_t i = 0; i < parts_.size(); ++i) status_before_[i] = parts_[i].status;
  // Deliberately invalid commands come in bursts: hash before the first.
  if (g.deliberate_invalid && !previous_invalid_) {
    hash_before_ = core_.state_hash();
    hash_before_valid_ = true;
  }
  previous_invalid_ = g.deliberate_invalid;

  all_or_nothing_expected_.assign(currencies_.size(), 0);
  if (const auto* run = std::get_if<RunGridlockResolution>(&g.command.body);
      run != nullptr && run->algorithm == GridlockAlgorithm::kAllOrNothing &&
      g.command.timestamp_ns == now_) {
    for (const Uetr& u : pending_list_) {
      const Payment& p = payments_.at(u);
      if (p.state == State::kQueued && !held(p, status_before_)) {
        ++all_or_nothing_expected_[p.currency];
      }
    }
  }
}

void Auditor::advance_clock(TimestampNs t) {
  expiring_.clear();
  released_.clear();
  if (t <= now_) return;
  const auto later = std::greater<Timed>();
  while (!latest_heap_.empty() && latest_heap_.front().at < t) {
    std::pop_heap(latest_heap_.begin(), latest_heap_.end(), later);
    const Timed x = latest_heap_.back();
    latest_heap_.pop_back();
    auto it = payments_.find(x.uetr);
    if (it != payments_.end() && pending(it->second) && it->second.latest == x.at) {
      expiring_.push_back(x.uetr);
    }
  }
  while (!earliest_heap_.empty() && earliest_heap_.front().at <= t) {
    std::pop_heap(earliest_heap_.begin(), earliest_heap_.end(), later);
    const Timed x = earliest_heap_.back();
    earliest_heap_.pop_back();
    auto it = payments_.find(x.uetr);
    if (it == payments_.end() || it->second.state != State::kWaiting) continue;
    if (it->second.earliest != x.at) continue;  // stale: the time was changed
    Payment& p = it->second;
    if (p.latest != kNoTime && p.latest < t) continue;  // rejected first
    p.released_cmd = cmd_;
    released_.push_back(x.uetr);
    mark_dirty(p.debtor);
  }
  now_ = t;
}

// What the core must answer to a ModifyPayment, from the model after the clock
// step (a payment released by this very step is already in its queue).
Reason Auditor::expected_timing_outcome(const ModifyPayment& c) const {
  auto it = payments_.find(c.uetr);
  if (it == payments_.end() || !pending(it->second)) return Reason::kNotQueued;
  const Payment& p = it->second;
  if (std::find(expiring_.begin(), expiring_.end(), c.uetr) != expiring_.end()) {
    return Reason::kNotQueued;
  }
  if (!may_manage(c.requester, p)) return Reason::kNotQueued;  // looks unknown to a non-owner
  const bool waiting = p.state == State::kWaiting && p.released_cmd != cmd_;
  const bool new_earliest = c.earliest_ns != kNoTime && c.earliest_ns != p.earliest;
  const bool new_latest = c.latest_ns != kNoTime && c.latest_ns != p.latest;
  if (new_earliest && !waiting) return Reason::kAlreadyReleased;
  const TimestampNs earliest = c.earliest_ns != kNoTime ? c.earliest_ns : p.earliest;
  const TimestampNs latest = c.latest_ns != kNoTime ? c.latest_ns : p.latest;
  if (earliest != kNoTime && latest != kNoTime && latest < earliest) {
    return Reason::kInvalidTimeWindow;
  }
  if (new_latest && latest < t_) return Reason::kLatestTimePassed;
  return Reason::kNone;
}

void Auditor::pre_command(const Command& command, const Result& result) {
  new_uetr_.reset();
  priority_change_.reset();
  new_is_provisional_ = false;
  skip_fifo_account_ = kNoId;
  per_event_checks_ = !(is_reference_data(command.body) && advanced_);
  gridlock_settled_.assign(currencies_.size(), 0);
  settled_now_.clear();
  settled_debtors_.clear();
  settled_accounts_.clear();
  retry_due_.clear();
  gridlock_net_.clear();
  const bool ok = result.ok();
  if (const auto* s = std::get_if<SetEntryOffsetting>(&command.body)) {
    if (!ok) fail("SetEntryOffsetting rejected with " + describe(result));
    entry_offsetting_ = s->enabled;
  }

  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, SubmitPayment> || std::is_same_v<T, LiquidityTransfer>) {
          const bool transfer = is_transfer(command.body);
          Payment p;
          p.liquidity_transfer = transfer;
          p.amount = c.amount_minor;
          const std::optional<CurrencyId> ccy = currency_of(c.currency);
          p.currency = ccy.value_or(kNoCurrency);
          if constexpr (std::is_same_v<T, LiquidityTransfer>) {
            p.debtor_part = find_part(c.from);
            p.creditor_part = find_part(c.to);
            p.priority = Priority::kHighlyUrgent;
          } else {
            ++stats_.submitted;
            p.debtor_part = find_part(c.debtor_agent);
            p.creditor_part = find_part(c.creditor_agent);
            // A payment of type liquidity transfer is one (settles at once from
            // all liquidity, HU, no timing).
            p.priority = transfer ? Priority::kHighlyUrgent : c.priority;
            p.earliest = transfer ? kNoTime : c.earliest_ns;
            p.latest = transfer ? kNoTime : c.latest_ns;
          }
          const auto d = account_of(p.debtor_part, p.currency);
          const auto k = account_of(p.creditor_part, p.currency);
          const bool resolvable = d.has_value() && k.has_value();
          if (resolvable) {
            p.debtor = *d;
            p.creditor = *k;
          }
          std::string must_reject;
          if (!resolvable)
            must_reject = "unresolvable participant, account or currency";
          else if (p.amount <= 0)
            must_reject = "amount not positive";
          else if (c.uetr.is_nil())
            must_reject = "nil UETR";
          else if (p.debtor == p.creditor)
            must_reject = "same account";
          else if (!can_settle(p.debtor_part, status_before_) ||
                   !can_settle(p.creditor_part, status_before_)) {
            must_reject = transfer ? "" : "party suspended or closed";
          }
          if constexpr (std::is_same_v<T, SubmitPayment>) {
            if (!valid_priority(c.priority)) must_reject = "invalid priority";
          }
          if (!transfer) {
            if (p.latest != kNoTime && p.earliest != kNoTime && p.latest < p.earliest) {
              must_reject = "latest before earliest";
            }
            if (p.latest != kNoTime && p.latest < t_) must_reject = "latest time passed";
          }
          if (ok && !must_reject.empty())
            fail("accepted although it must be rejected: " + must_reject);

          new_uetr_ = c.uetr;
          auto it = payments_.find(c.uetr);
          if (it != payments_.end()) {
            const Payment& old = it->second;
            // Remembered for dedupe_window_days business days: the day it was
            // final (nothing pending survives an end of day) and the next ones.
            const bool forgotten = !pending(old) && old.state != State::kNew &&
                                   eod_count_ - old.final_eod >=
                                       static_cast<uint64_t>(core_.config().dedupe_window_days);
            if (!ok && forgotten && result.reason == Reason::kDuplicate) {
              fail("UETR rejected as a duplicate although final " +
                   std::to_string(eod_count_ - old.final_eod) +
                   " business days ago (beyond the dedupe window)");
            }
            if (ok && !forgotten) {
              fail("duplicate UETR accepted (model: " + std::string(state_name(int(old.state))) +
                   ")");
            }
            if (ok && resolvable && forgotten) {
              settled_.erase(c.uetr);
              it->second = p;
              new_is_provisional_ = true;
            }
          } else if (resolvable) {
            payments_.emplace(c.uetr, p);
            new_is_provisional_ = true;
          }
        } else if constexpr (std::is_same_v<T, SubmitCrossCurrencyPayment>) {
          ++stats_.submitted;
          Payment p;
          p.pvp = true;
          p.amount = c.instructed_amount_minor;
          p.amount2 = c.settlement_amount_minor;
          p.currency = currency_of(c.instructed_currency).value_or(kNoCurrency);
          p.currency2 = currency_of(c.settlement_currency).value_or(kNoCurrency);
          p.debtor_part = find_part(c.debtor_agent);
          p.creditor2_part = find_part(c.creditor_agent);
          auto quote = quotes_.find(c.quote_id);
          p.creditor_part = quote == quotes_.end() ? -1 : quote->second.provider;
          p.priority = c.priority;
          p.earliest = c.earliest_ns;
          p.latest = c.latest_ns;
          const auto d = account_of(p.debtor_part, p.currency);
          const auto k = account_of(p.creditor_part, p.currency);
          const auto d2 = account_of(p.creditor_part, p.currency2);
          const auto k2 = account_of(p.creditor2_part, p.currency2);
          const bool resolvable = d && k && d2 && k2;
          if (resolvable) {
            p.debtor = *d;
            p.creditor = *k;
            p.debtor2 = *d2;
            p.creditor2 = *k2;
          }
          const std::string must_reject = pvp_must_reject(c, p, resolvable);
          if (ok && !must_reject.empty()) {
            fail("cross-currency payment accepted although it must be rejected: " + must_reject);
          }
          if (ok) ++stats_.pvp_submitted;
          new_uetr_ = c.uetr;
          auto it = payments_.find(c.uetr);
          if (it != payments_.end()) {
            const Payment& old = it->second;
            const bool forgotten = !pending(old) && old.state != State::kNew &&
                                   eod_count_ - old.final_eod >=
                                       static_cast<uint64_t>(core_.config().dedupe_window_days);
            if (ok && !forgotten) fail("duplicate UETR accepted for a cross-currency payment");
            if (ok && resolvable && forgotten) {
              settled_.erase(c.uetr);
              it->second = p;
              new_is_provisional_ = true;
            }
          } else if (resolvable) {
            payments_.emplace(c.uetr, p);
            new_is_provisional_ = true;
          }
        } else if constexpr (std::is_same_v<T, SubmitFxTrade>) {
          const int party = find_part(c.party);
          const int counterparty = find_part(c.counterparty);
          const auto sell = currency_of(c.sell_currency);
          const auto buy = currency_of(c.buy_currency);
          if (party < 0 || counterparty < 0 || !sell || !buy) {
            if (ok) fail("FX trade instruction with unknown parties or currencies accepted");
            return;
          }
          const std::string key = trade_key(c.trade_reference.view(), party, counterparty);
          auto it = trades_.find(key);
          const bool mirrors = it != trades_.end() && it->second.party == counterparty &&
                               it->second.sell == *buy && it->second.buy == *sell &&
                               it->second.sell_amount == c.buy_amount_minor &&
                               it->second.buy_amount == c.sell_amount_minor &&
                               it->second.deadline == c.settlement_deadline_ns;
          if (!ok) {
            if (result.reason == Reason::kTradeMismatch && mirrors) {
              fail("a mirrored FX trade instruction rejected as a mismatch");
            }
            return;
          }
          if (c.settlement_deadline_ns < t_)
            fail("FX trade instruction past its deadline accepted");
          if (result.outcome == Outcome::kApplied) {
            if (it != trades_.end()) fail("second instruction of a trade left unmatched");
            Trade tr;
            tr.uetr = c.uetr;
            tr.party = party;
            tr.counterparty = counterparty;
            tr.sell = *sell;
            tr.buy = *buy;
            tr.sell_amount = c.sell_amount_minor;
            tr.buy_amount = c.buy_amount_minor;
            tr.deadline = c.settlement_deadline_ns;
            trades_[key] = tr;
            return;
          }
          if (!mirrors) return fail("FX trade matched with an instruction that does not mirror it");
          ++stats_.trades_matched;
          const Trade first = it->second;
          trades_.erase(it);
          Payment p;
          p.pvp = true;
          p.debtor_part = first.party;
          p.creditor_part = party;
          p.creditor2_part = first.party;
          p.currency = first.sell;
          p.amount = first.sell_amount;
          p.currency2 = *sell;
          p.amount2 = c.sell_amount_minor;
          p.priority = Priority::kUrgent;
          p.latest = first.deadline;
          const auto d = account_of(first.party, first.sell);
          const auto k = account_of(party, first.sell);
          const auto d2 = account_of(party, *sell);
          const auto k2 = account_of(first.party, *sell);
          if (!d || !k || !d2 || !k2) return fail("FX trade matched between unknown accounts");
          p.debtor = *d;
          p.creditor = *k;
          p.debtor2 = *d2;
          p.creditor2 = *k2;
          if (payments_.contains(first.uetr)) return fail("FX trade pair under a known UETR");
          payments_.emplace(first.uetr, p);
          new_uetr_ = first.uetr;
          new_is_provisional_ = true;
        } else if constexpr (std::is_same_v<T, PublishFxQuote>) {
          if (!ok) return;
          ++stats_.quotes_published;
          Quote q;
          q.provider = find_part(c.provider);
          q.base = currency_of(c.base_currency).value_or(kNoCurrency);
          q.quote = currency_of(c.quote_currency).value_or(kNoCurrency);
          q.rate_units = c.rate_units;
          q.rate_scale = c.rate_scale;
          q.valid_from_ns = c.valid_from_ns;
          q.valid_to_ns = c.valid_to_ns;
          q.max_minor = c.max_base_amount_minor;
          if (q.provider < 0 || q.base == kNoCurrency || q.quote == kNoCurrency ||
              q.base == q.quote || q.rate_units <= 0 || q.rate_scale > 18 ||
              q.valid_to_ns <= q.valid_from_ns || q.max_minor <= 0 ||
              !account_of(q.provider, q.base) || !account_of(q.provider, q.quote) ||
              held_now(Payment{.debtor_part = q.provider, .creditor_part = q.provider})) {
            fail("malformed quote, or one from a provider without both accounts, accepted");
          }
          if (!quotes_.emplace(c.quote_id, q).second) fail("quote id accepted twice");
        } else if constexpr (std::is_same_v<T, WithdrawFxQuote>) {
          auto it = quotes_.find(c.quote_id);
          if (!ok) {
            if (it != quotes_.end() &&
                (c.requester.empty() ||
                 find_part(c.requester) == settling_part(it->second.provider) ||
                 find_part(c.requester) == it->second.provider)) {
              fail("withdrawal of a live quote by its provider or the operator rejected");
            }
            return;
          }
          if (it == quotes_.end()) return fail("withdrawal of an unknown quote accepted");
          const int r = find_part(c.requester);
          if (!c.requester.empty() && r != it->second.provider &&
              r != settling_part(it->second.provider)) {
            fail("quote withdrawn by someone other than its provider or the operator");
          }
          quotes_.erase(it);
        } else if constexpr (std::is_same_v<T, CancelPayment> ||
                             std::is_same_v<T, ChangePriority> || std::is_same_v<T, MoveInQueue>) {
          if (dns_cancel_target_ == c.uetr) return;  // an open DNS payment: see post_command
          auto it = payments_.find(c.uetr);
          if (it == payments_.end()) {
            if (ok) fail("accepted for an unknown UETR");
            return;
          }
          Payment& p = it->second;
          // A non-owner's request changes nothing: post_command() checks the answer.
          if (!may_manage(c.requester, p)) {
            if (ok) fail("accepted from a participant that does not own the payment");
            return;
          }
          if (pending(p)) mark_dirty(p.debtor);
          if constexpr (std::is_same_v<T, MoveInQueue>) {
            if (pending(p)) skip_fifo_account_ = p.debtor;
          }
          if constexpr (std::is_same_v<T, ChangePriority>) {
            priority_before_ = p.priority;
            if (ok) {
              if (!valid_priority(c.priority)) fail("invalid priority accepted");
              // Events of the clock step come before the change and carry the old
              // priority; process_event() switches at the first event with the new one.
              priority_change_ = c.uetr;
            }
          }
        } else if constexpr (std::is_same_v<T, ModifyPayment>) {
          // The generator changes times only; priority changes are ChangePriority's.
          if (c.priority_change) return fail("ModifyPayment with a priority is not modelled");
          timing_expected_ = expected_timing_outcome(c);
          if (!ok) return;
          Payment& p = payments_.at(c.uetr);  // expected_timing_outcome() found it
          if (c.latest_ns != kNoTime) p.latest = c.latest_ns;
          if (c.earliest_ns != kNoTime && c.earliest_ns != p.earliest) {
            p.earliest = c.earliest_ns;
            if (p.earliest <= t_) {  // released by the change itself
              p.released_cmd = cmd_;
              released_.push_back(c.uetr);
              mark_dirty(p.debtor);
            }
          }
        } else if constexpr (std::is_same_v<T, SetCreditLine>) {
          const auto a =
              account_of(find_part(c.participant), currency_of(c.currency).value_or(kNoCurrency));
          if (!ok) {
            if (result.reason == Reason::kLineFromCollateral &&
                (!a || !model_collateral_driven(*a))) {
              fail("SetCreditLine refused as collateral-driven for an account without collateral");
            }
            return;
          }
          if (!a) return fail("credit line set on an account the model does not know");
          if (c.credit_line_minor < 0) fail("negative credit line accepted");
          if (model_collateral_driven(*a))
            fail("SetCreditLine accepted on a collateral-driven line");
          if (!accounts_[*a].issuer && accounts_[*a].balance < -c.credit_line_minor) {
            fail("SetCreditLine accepted below the credit in use");
          }
          model_set_line(*a, c.credit_line_minor);
        } else if constexpr (std::is_same_v<T, SetHaircut> || std::is_same_v<T, SetRating> ||
                             std::is_same_v<T, PledgeCollateral>) {
          credit_pre_command(command, ok);
          stats_.credit_accepted += ok;
        } else if constexpr (std::is_same_v<T, ReserveLiquidity>) {
          if (!ok) return;
          const auto a =
              account_of(find_part(c.participant), currency_of(c.currency).value_or(kNoCurrency));
          if (!a) return fail("reservation on an account the model does not know");
          if (c.priority != Priority::kHighlyUrgent && c.priority != Priority::kUrgent) {
            return fail("reservation for a priority other than HU or U accepted");
          }
          if (c.amount_minor < 0) fail("negative reservation accepted");
          if (c.amount_minor < accounts_[*a].reserved[static_cast<int>(c.priority)]) {
            retry_due(*a);  // lower reservation
          }
          accounts_[*a].reserved[static_cast<int>(c.priority)] = c.amount_minor;
        } else if constexpr (std::is_same_v<T, SetBilateralLimit>) {
          if (!ok) return;
          const CurrencyId ccy = currency_of(c.currency).value_or(kNoCurrency);
          const auto from = account_of(find_part(c.participant), ccy);
          const auto to = account_of(find_part(c.counterparty), ccy);
          if (!from || !to) return fail("bilateral limit on accounts the model does not know");
          const uint64_t key = pair_key(*from, *to);
          auto it = limits_.find(key);
          if (c.remove) {
            if (it != limits_.end()) {
              limits_.erase(it);
              --accounts_[*from].bilateral_count;
            }
          } else {
            if (c.limit_minor < 0) fail("negative limit accepted");
            // The position counts from the moment the limit is first set; changing
            // the limit keeps it (the core's reading of rule 5; test HigherLimitResolvesTheQueue).
            if (it == limits_.end()) {
              ++accounts_[*from].bilateral_count;
              limits_[key] = Limit{c.limit_minor, 0};
            } else {
              if (c.limit_minor > it->second.limit) retry_due(*from);  // higher limit
              it->second.limit = c.limit_minor;
            }
          }
        } else if constexpr (std::is_same_v<T, SetMultilateralLimit>) {
          if (!ok) return;
          const auto a =
              account_of(find_part(c.participant), currency_of(c.currency).value_or(kNoCurrency));
          if (!a) return fail("multilateral limit on an account the model does not know");
          if (!c.remove && c.limit_minor < 0) fail("negative limit accepted");
          if (!c.remove && accounts_[*a].mlimit != kNoLimit &&
              c.limit_minor > accounts_[*a].mlimit) {
            retry_due(*a);  // higher limit
          }
          accounts_[*a].mlimit = c.remove ? kNoLimit : c.limit_minor;
        } else if constexpr (std::is_same_v<T, SuspendParticipant>) {
          if (!ok) return;
          const int p = find_part(c.bic);
          if (p < 0) return fail("suspension of an unknown participant accepted");
          if (parts_[p].status == ParticipantStatus::kClosed) fail("closed participant suspended");
          parts_[p].status = ParticipantStatus::kSuspended;
        } else if constexpr (std::is_same_v<T, ReactivateParticipant>) {
          if (!ok) return;
          const int p = find_part(c.bic);
          if (p < 0) return fail("reactivation of an unknown participant accepted");
          if (parts_[p].status == ParticipantStatus::kClosed)
            fail("closed participant reactivated");
          const bool was_suspended = parts_[p].status == ParticipantStatus::kSuspended;
          parts_[p].status = ParticipantStatus::kActive;
          if (was_suspended) {
            // Rule 4: the queues of every account that pays or is paid by it
            // are retried (its own, and those with payments to it).
            for (size_t a = 0; a < accounts_.size(); ++a) {
              if (accounts_[a].part == p) retry_due(static_cast<AccountId>(a));
            }
            for (const Uetr& u : pending_list_) {
              const Payment& x = payments_.at(u);
              if (x.debtor_part == p || x.creditor_part == p || parts_[x.debtor_part].bank == p ||
                  parts_[x.creditor_part].bank == p ||
                  (x.pvp && (x.creditor2_part == p || parts_[x.creditor2_part].bank == p))) {
                retry_due(x.debtor);
              }
            }
          }
        } else if constexpr (std::is_same_v<T, CloseParticipant>) {
          if (!ok) return;
          const int p = find_part(c.bic);
          if (p < 0) return fail("closure of an unknown participant accepted");
          for (const auto& [id, item] : collateral_) {
            if (item.part == p) fail("participant closed with collateral pledged");
          }
          for (size_t a = 0; a < accounts_.size(); ++a) {
            if (accounts_[a].part == p && accounts_[a].balance != 0) {
              fail("participant closed with account " + std::to_string(a) + " at " +
                   std::to_string(accounts_[a].balance));
            }
          }
          for (const Uetr& u : pending_list_) {
            const Payment& x = payments_.at(u);
            if (x.debtor_part == p || x.creditor_part == p || (x.pvp && x.creditor2_part == p)) {
              fail("participant closed with payment " + u.to_string() + " still pending");
            }
          }
          for (const auto& [key, tr] : trades_) {
            if (tr.party == p || tr.counterparty == p) {
              fail("participant closed while named in an unmatched FX trade instruction");
            }
          }
          for (size_t i = 0; i < parts_.size(); ++i) {
            if (static_cast<int>(i) != p && parts_[i].bank == p &&
                parts_[i].status != ParticipantStatus::kClosed) {
              fail("participant closed while an indirect participant settles through it");
            }
          }
          parts_[p].status = ParticipantStatus::kClosed;
        } else if constexpr (std::is_same_v<T, DefineCurrency>) {
          if (!ok) return;
          const auto id = core_.find_currency(c.code);
          if (!id || *id != currencies_.size()) return fail("currency id not the next dense id");
          currencies_.push_back(c.code);
          gridlock_settled_.push_back(0);
          day_settled_.push_back(0);
          day_rejected_.push_back(0);
        } else if constexpr (std::is_same_v<T, AddParticipant>) {
          if (!ok) return;
          if (find_part(c.bic) >= 0) return fail("participant added twice");
          Participant p;
          p.bic = c.bic;
          p.kind = c.kind;
          p.core_id = core_.find_participant(c.bic).value_or(kNoId);
          if (p.core_id != parts_.size()) fail("participant id not the next dense id");
          p.bank = static_cast<int>(parts_.size());
          if (c.kind == ParticipantKind::kIndirect) {
            p.bank = find_part(c.settlement_bank);
            if (p.bank < 0 || parts_[p.bank].kind == ParticipantKind::kIndirect) {
              return fail("indirect participant accepted with an invalid settlement bank");
            }
          }
          if (c.kind == ParticipantKind::kCentralBank) {
            p.home = currency_of(c.home_currency).value_or(kNoCurrency);
            if (p.home == kNoCurrency) fail("central bank accepted for an undefined currency");
          }
          part_index_[c.bic] = static_cast<int>(parts_.size());
          parts_.push_back(p);
        } else if constexpr (std::is_same_v<T, OpenAccount>) {
          if (!ok) return;
          const int p = find_part(c.participant);
          const auto ccy = currency_of(c.currency);
          if (p < 0 || !ccy) return fail("account opened for an unknown participant or currency");
          if (parts_[p].kind == ParticipantKind::kIndirect) {
            return fail("account opened for an indirect participant");
          }
          const uint64_t key = (uint64_t(p) << 16) | *ccy;
          if (account_index_.contains(key)) return fail("account opened twice");
          const auto id = core_.find_account(c.participant, c.currency);
          if (!id || *id != accounts_.size()) return fail("account id not the next dense id");
          Account a;
          a.part = p;
          a.currency = *ccy;
          a.issuer = parts_[p].kind == ParticipantKind::kCentralBank && parts_[p].home == *ccy;
          account_index_[key] = *id;
          accounts_.push_back(a);
          snap_.emplace_back();
          snap_dirty_.push_back(0);
        }
      },
      command.body);
}

void Auditor::group_touch(AccountId a, AccountId counterparty) {
  const uint64_t key = pair_key(a, counterparty);
  if (limits_.contains(key)) {
    bool seen = false;
    for (const auto& [k, v] : group_.bilateral_before) seen = seen || k == key;
    if (!seen) group_.bilateral_before.emplace_back(key, limits_.at(key).position);
  }
  for (const auto& [acct, v] : group_.mpos_before) {
    if (acct == a) return;
  }
  group_.mpos_before.emplace_back(a, accounts_[a].mpos);
}

void Auditor::close_group() {
  if (!group_.open) return;
  group_.open = false;
  const bool offsetting = group_.by == SettledBy::kOffsetting;
  if (offsetting && group_.new_payments != 1) {
    ++stats_.offsetting_groups_skipped;
  } else if (per_event_checks_) {
    ++(offsetting ? stats_.offsetting_groups_checked : stats_.gridlock_groups_checked);
    const char* what = offsetting ? "offsetting" : "gridlock resolution";
    for (const Group::Payer& payer : group_.payers) {
      const Account& a = accounts_[payer.account];
      if (!a.issuer) {
        // Rules 3 and 6: each priority's payments use only what rule 1 allows
        // them, most restricted first. With balance_after = L - credit line - paid: N <= L-Rhu-Ru,
        // U+N <= L-Rhu and everything <= L, rewritten on the balance after.
        const AmountMinor floor = -a.credit_line;
        const auto& out = payer.out;
        const bool ok =
            a.balance >= floor &&
            (out[1] + out[2] == 0 || a.balance + out[0] >= floor + a.reserved[0]) &&
            (out[2] == 0 || a.balance + out[0] + out[1] >= floor + a.reserved[0] + a.reserved[1]);
        if (!ok) {
          fail(std::string(what) + " left account " + std::to_string(payer.account) +
               " not covered (per priority): balance " + std::to_string(a.balance) + ", paid HU " +
               std::to_string(payer.out[0]) + " U " + std::to_string(payer.out[1]) + " N " +
               std::to_string(payer.out[2]) + ", reserved HU " + std::to_string(a.reserved[0]) +
               " U " + std::to_string(a.reserved[1]) + ", credit " + std::to_string(a.credit_line));
        }
      }
      if (!payer.pays_normal) continue;
      for (const auto& [key, before] : group_.bilateral_before) {
        if ((key >> 32) != payer.account) continue;
        auto it = limits_.find(key);
        if (it == limits_.end()) continue;
        if (it->second.position < -it->second.limit && it->second.position < before) {
          fail(std::string(what) + " worsened bilateral position " + std::to_string(payer.account) +
               "->" + std::to_string(key & 0xFFFFFFFF) +
               " beyond its limit: " + std::to_string(before) + " -> " +
               std::to_string(it->second.position) + ", limit " + std::to_string(it->second.limit));
        }
      }
      if (a.mlimit != kNoLimit) {
        for (const auto& [acct, before] : group_.mpos_before) {
          if (acct == payer.account && a.mpos < -a.mlimit && a.mpos < before) {
            fail(std::string(what) + " worsened multilateral position of account " +
                 std::to_string(acct) + " beyond its limit: " + std::to_string(before) + " -> " +
                 std::to_string(a.mpos) + ", limit " + std::to_string(a.mlimit));
          }
        }
      }
    }
  }
  group_.payers.clear();
  group_.mpos_before.clear();
  group_.bilateral_before.clear();
  group_.new_payments = 0;
}

void Auditor::settle(const Uetr& u, Payment& p, const Event& e) {
  if (!settled_.insert(u).second) fail("payment " + u.to_string() + " settled twice");
  if (!p.liquidity_transfer && e.priority != p.priority) {
    fail("settled with priority " + std::to_string(int(e.priority)) + ", model has " +
         std::to_string(int(p.priority)));
  }
  if (p.earliest != kNoTime && p.earliest > t_) fail("settled before its earliest time");
  if (p.latest != kNoTime && p.latest < t_) fail("settled after its latest time");
  if (held_now(p)) {
    fail("settled although a party (or its settlement bank) is suspended or closed");
  }
  const bool is_new = p.state == State::kNew;
  const bool released = p.state == State::kWaiting && p.released_cmd == cmd_;
  const bool queued = p.state == State::kQueued;
  bool by_ok = false;
  switch (e.settled_by) {
    case SettledBy::kLiquidityTransfer:
      by_ok = p.liquidity_transfer && is_new;
      break;
    case SettledBy::kEntry:
      by_ok = !p.liquidity_transfer && (is_new || released);
      break;
    case SettledBy::kOffsetting:
      // Rule 3 switched off (SetEntryOffsetting): no payment settles by offsetting.
      by_ok = entry_offsetting_ && !p.liquidity_transfer && (is_new || released || queued);
      break;
    case SettledBy::kQueueResolution:
      by_ok = !p.liquidity_transfer && (queued || released);
      break;
    case SettledBy::kGridlockResolution:
      by_ok = !p.liquidity_transfer && (queued || released) && group_.by == e.settled_by;
      break;
    case SettledBy::kNone:
      break;
  }
  if (!by_ok) {
    fail(std::string("settled by ") + std::to_string(int(e.settled_by)) +
         " which cannot apply to a payment in state " + state_name(int(p.state)) +
         (p.liquidity_transfer ? " (liquidity transfer)" : ""));
  }

  const bool grouped =
      e.settled_by == SettledBy::kOffsetting || e.settled_by == SettledBy::kGridlockResolution;
  if (grouped) {
    group_touch(p.debtor, p.creditor);
    group_touch(p.creditor, p.debtor);
    bool found = false;
    for (Group::Payer& payer : group_.payers) {
      if (payer.account != p.debtor) continue;
      found = true;
      payer.least_urgent = std::max(payer.least_urgent, p.priority);
      payer.pays_normal = payer.pays_normal || p.priority == Priority::kNormal;
      payer.out[static_cast<int>(p.priority)] += p.amount;
    }
    if (!found) {
      Group::Payer payer{p.debtor, p.priority, p.priority == Priority::kNormal};
      payer.out[static_cast<int>(p.priority)] = p.amount;
      group_.payers.push_back(payer);
    }
    if (is_new || released) ++group_.new_payments;
  }

  Account& d = accounts_[p.debtor];
  Account& k = accounts_[p.creditor];
  if (e.settled_by == SettledBy::kGridlockResolution) {
    gridlock_net_.emplace_back(p.debtor, -p.amount);
    gridlock_net_.emplace_back(p.creditor, p.amount);
  } else {
    retry_due(p.creditor);  // incoming payment or liquidity transfer
  }
  if (!checked_sub(d.balance, p.amount, &d.balance) ||
      !checked_add(k.balance, p.amount, &k.balance)) {
    fail("balance overflow in the model");
  }
  if (!p.liquidity_transfer || kTransfersMovePositions) {
    if (auto it = limits_.find(pair_key(p.debtor, p.creditor)); it != limits_.end()) {
      it->second.position -= p.amount;
    } else {
      d.mpos -= p.amount;
    }
    if (auto it = limits_.find(pair_key(p.creditor, p.debtor)); it != limits_.end()) {
      it->second.position += p.amount;
    } else {
      k.mpos += p.amount;
    }
  }

  if (per_event_checks_ && !d.issuer) {
    if (e.settled_by == SettledBy::kLiquidityTransfer && d.balance < -d.credit_line) {
      fail("liquidity transfer took account " + std::to_string(p.debtor) + " below its floor");
    }
    if (e.settled_by == SettledBy::kEntry || e.settled_by == SettledBy::kQueueResolution) {
      const AmountMinor available = d.balance + d.credit_line - reserved_above(d, p.priority);
      if (available < 0) {
        fail("settled beyond the debtor's available liquidity for its priority: account " +
             std::to_string(p.debtor) + " balance " + std::to_string(d.balance) + " credit " +
             std::to_string(d.credit_line) + " reserved HU " + std::to_string(d.reserved[0]) +
             " U " + std::to_string(d.reserved[1]));
      }
    }
  }
  if (per_event_checks_ && p.priority == Priority::kNormal &&
      (e.settled_by == SettledBy::kEntry || e.settled_by == SettledBy::kQueueResolution)) {
    if (auto it = limits_.find(pair_key(p.debtor, p.creditor)); it != limits_.end()) {
      if (it->second.position < -it->second.limit) {
        fail("normal payment left bilateral position " + std::to_string(p.debtor) + "->" +
             std::to_string(p.creditor) + " at " + std::to_string(it->second.position) +
             " beyond limit " + std::to_string(it->second.limit));
      }
    } else if (d.mlimit != kNoLimit && d.mpos < -d.mlimit) {
      fail("normal payment left multilateral position of account " + std::to_string(p.debtor) +
           " at " + std::to_string(d.mpos) + " beyond limit " + std::to_string(d.mlimit));
    }
  }

  if (pending(p)) {
    if (p.state == State::kQueued) --queued_count_;
    set_pending(u, false);
  }
  p.state = State::kSettled;
  p.settled_cmd = cmd_;
  p.final_eod = eod_count_;
  ++stats_.settled_by[static_cast<int>(e.settled_by)];
  ++day_settled_[p.currency];
  if (e.settled_by == SettledBy::kGridlockResolution) ++gridlock_settled_[p.currency];
  for (AccountId x : {p.debtor, p.creditor}) {
    if (std::find(settled_accounts_.begin(), settled_accounts_.end(), x) ==
        settled_accounts_.end()) {
      settled_accounts_.push_back(x);
    }
  }
  if (!p.liquidity_transfer) {
    settled_now_.push_back(u);
    if (std::find(settled_debtors_.begin(), settled_debtors_.end(), p.debtor) ==
        settled_debtors_.end()) {
      settled_debtors_.push_back(p.debtor);
    }
  }
  mark_dirty(p.debtor);
}

void Auditor::process_event(const Event& e, const Command& command) {
  if (e.leg == Leg::kSecond) return process_second_leg(e);
  if (first_leg_) {
    fail("first leg of PvP payment " + first_leg_->uetr.to_string() +
         " not followed by its second leg, but by [" + describe(e) + "]");
    first_leg_.reset();
  }
  if (dns_event(e)) return;
  const bool grouped =
      e.kind == EventKind::kSettled &&
      (e.settled_by == SettledBy::kOffsetting || e.settled_by == SettledBy::kGridlockResolution);
  uint64_t key = unordered_key(e.debtor_account, e.creditor_account);
  if (grouped && e.settled_by == SettledBy::kGridlockResolution) {
    const auto* run = std::get_if<RunGridlockResolution>(&command.body);
    if (run == nullptr) {
      fail("gridlock settlement outside a gridlock run: " + describe(e));
      return;
    }
    if (run->algorithm != GridlockAlgorithm::kBilateral) key = e.currency;
  }
  if (group_.open && (!grouped || e.settled_by != group_.by || key != group_.key)) close_group();
  if (grouped && !group_.open) {
    group_.open = true;
    group_.by = e.settled_by;
    group_.key = key;
  }

  auto where = [&e] { return " [" + describe(e) + "]"; };
  if (e.at_ns != t_) fail("event time differs from the command's" + where());
  if (e.reason == Reason::kTradeUnmatched) {
    // An unmatched FX trade instruction expiring (rule 14).
    for (auto it = trades_.begin(); it != trades_.end(); ++it) {
      const Trade& tr = it->second;
      if (tr.uetr != e.uetr) continue;
      if (e.kind != EventKind::kRejected || tr.deadline >= t_ || e.amount_minor != tr.sell_amount ||
          e.currency != tr.sell) {
        fail("FX trade expiry disagrees with the instruction" + where());
      }
      ++stats_.trades_expired;
      trades_.erase(it);
      return;
    }
    fail("expiry of an FX trade instruction the model does not hold" + where());
    return;
  }
  auto it = payments_.find(e.uetr);
  if (it == payments_.end()) {
    fail("event for an unknown UETR" + where());
    return;
  }
  Payment& p = it->second;
  if (priority_change_ && *priority_change_ == e.uetr) {
    const Priority to = std::get<ChangePriority>(command.body).priority;
    if (e.priority == to) p.priority = to;
  }
  if (!(p.state == State::kNew || pending(p))) {
    fail(std::string("event for a payment already ") + state_name(int(p.state)) + where());
    return;
  }
  if (p.state == State::kNew && !(new_uetr_ && *new_uetr_ == e.uetr && new_is_provisional_)) {
    fail("event for a payment the model has not seen accepted" + where());
    return;
  }
  if ((e.leg == Leg::kFirst) != p.pvp) {
    fail(std::string(p.pvp ? "a PvP payment's event not marked as its first leg"
                           : "a single payment's event marked as a leg of a pair") +
         where());
    return;
  }
  if (e.leg == Leg::kFirst) first_leg_ = FirstLeg{e.uetr, e.kind, e.settled_by, e.reason};
  if (e.debtor_account != p.debtor || e.creditor_account != p.creditor ||
      e.currency != p.currency || e.amount_minor != p.amount) {
    fail("event disagrees with the payment as submitted (model: acct " + std::to_string(p.debtor) +
         "->" + std::to_string(p.creditor) + " ccy " + std::to_string(p.currency) + " amount " +
         std::to_string(p.amount) + ")" + where());
    return;
  }

  switch (e.kind) {
    case EventKind::kSettled:
      settle(e.uetr, p, e);
      break;
    case EventKind::kQueued: {
      ++stats_.queued_events;
      if (p.liquidity_transfer) fail("liquidity transfer queued" + where());
      if (e.priority != p.priority)
        fail("queued with a priority the model does not have" + where());
      const bool target = [&] {
        if (const auto* c = std::get_if<ChangePriority>(&command.body)) return c->uetr == e.uetr;
        if (const auto* c = std::get_if<MoveInQueue>(&command.body)) return c->uetr == e.uetr;
        return false;
      }();
      if (p.state == State::kNew) {
        if (p.earliest != kNoTime && p.earliest > t_) {
          p.state = State::kWaiting;
        } else {
          p.state = State::kQueued;
          ++queued_count_;
        }
        set_pending(e.uetr, true);
      } else if (p.state == State::kWaiting && p.released_cmd == cmd_) {
        p.state = State::kQueued;
        ++queued_count_;
      } else if (!(p.state == State::kQueued && target)) {
        fail(std::string("queued event for a payment already ") + state_name(int(p.state)) +
             where());
      }
      p.queued_event = true;
      mark_dirty(p.debtor);
      break;
    }
    case EventKind::kRejected: {
      ++stats_.rejected_events;
      const bool latest_passed =
          e.reason == Reason::kLatestTimePassed && p.latest != kNoTime && p.latest < t_;
      const bool end_of_day =
          e.reason == Reason::kEndOfDay && std::holds_alternative<EndOfDay>(command.body);
      if (!latest_passed && !end_of_day)
        fail("rejection event without a reason the rules give" + where());
      if (p.state == State::kNew) fail("the new payment rejected through an event" + where());
      if (p.state == State::kQueued) {
        --queued_count_;
        retry_due(p.debtor);  // its queue head may have changed
      }
      set_pending(e.uetr, false);
      p.state = State::kRejected;
      p.final_eod = eod_count_;
      ++day_rejected_[p.currency];
      mark_dirty(p.debtor);
      break;
    }
    case EventKind::kCancelled: {
      ++stats_.cancelled_events;
      const auto* c = std::get_if<CancelPayment>(&command.body);
      if (c == nullptr || c->uetr != e.uetr || e.reason != Reason::kCancelledOnRequest) {
        fail("cancellation event not caused by a CancelPayment of that payment" + where());
      }
      if (p.state == State::kNew) fail("the new payment cancelled" + where());
      if (p.state == State::kQueued) {
        --queued_count_;
        retry_due(p.debtor);  // its queue head may have changed
      }
      set_pending(e.uetr, false);
      p.state = State::kCancelled;
      p.final_eod = eod_count_;
      mark_dirty(p.debtor);
      break;
    }
  }
}

void Auditor::process_second_leg(const Event& e) {
  if (!first_leg_ || first_leg_->uetr != e.uetr || first_leg_->kind != e.kind ||
      first_leg_->by != e.settled_by || first_leg_->reason != e.reason) {
    fail("second leg without its first leg just before it: [" + describe(e) + "]");
    first_leg_.reset();
    return;
  }
  first_leg_.reset();
  ++stats_.pvp_events_paired;
  auto it = payments_.find(e.uetr);
  if (it == payments_.end() || !it->second.pvp) {
    fail("second leg of a payment the model has not as a pair: [" + describe(e) + "]");
    return;
  }
  Payment& p = it->second;
  if (e.at_ns != t_ || e.debtor_account != p.debtor2 || e.creditor_account != p.creditor2 ||
      e.currency != p.currency2 || e.amount_minor != p.amount2 || e.priority != p.priority) {
    fail("second leg disagrees with the pair as submitted (model: acct " +
         std::to_string(p.debtor2) + "->" + std::to_string(p.creditor2) + " ccy " +
         std::to_string(p.currency2) + " amount " + std::to_string(p.amount2) + "): [" +
         describe(e) + "]");
    return;
  }
  switch (e.kind) {
    case EventKind::kSettled:
      settle_second_leg(p, e);
      break;
    case EventKind::kRejected:
      ++day_rejected_[p.currency2];
      break;
    case EventKind::kQueued:
    case EventKind::kCancelled:
      break;
  }
}

// The provider pays the creditor: the same bookkeeping and checks as a single
// payment's settlement, on the second currency's accounts.
void Auditor::settle_second_leg(Payment& p, const Event& e) {
  ++stats_.pvp_legs_settled;
  Account& d = accounts_[p.debtor2];
  Account& k = accounts_[p.creditor2];
  const bool grouped =
      e.settled_by == SettledBy::kOffsetting || e.settled_by == SettledBy::kGridlockResolution;
  if (grouped) {
    group_touch(p.debtor2, p.creditor2);
    group_touch(p.creditor2, p.debtor2);
    bool found = false;
    for (Group::Payer& payer : group_.payers) {
      if (payer.account != p.debtor2) continue;
      found = true;
      payer.least_urgent = std::max(payer.least_urgent, p.priority);
      payer.pays_normal = payer.pays_normal || p.priority == Priority::kNormal;
      payer.out[static_cast<int>(p.priority)] += p.amount2;
    }
    if (!found) {
      Group::Payer payer{p.debtor2, p.priority, p.priority == Priority::kNormal};
      payer.out[static_cast<int>(p.priority)] = p.amount2;
      group_.payers.push_back(payer);
    }
  }
  if (e.settled_by == SettledBy::kGridlockResolution) {
    gridlock_net_.emplace_back(p.debtor2, -p.amount2);
    gridlock_net_.emplace_back(p.creditor2, p.amount2);
  } else {
    retry_due(p.creditor2);
  }
  if (!checked_sub(d.balance, p.amount2, &d.balance) ||
      !checked_add(k.balance, p.amount2, &k.balance)) {
    fail("balance overflow in the model (second leg)");
  }
  if (auto it = limits_.find(pair_key(p.debtor2, p.creditor2)); it != limits_.end()) {
    it->second.position -= p.amount2;
  } else {
    d.mpos -= p.amount2;
  }
  if (auto it = limits_.find(pair_key(p.creditor2, p.debtor2)); it != limits_.end()) {
    it->second.position += p.amount2;
  } else {
    k.mpos += p.amount2;
  }
  const bool singly =
      e.settled_by == SettledBy::kEntry || e.settled_by == SettledBy::kQueueResolution;
  if (per_event_checks_ && singly && !d.issuer &&
      d.balance + d.credit_line - reserved_above(d, p.priority) < 0) {
    fail("second leg settled beyond the provider's available liquidity: account " +
         std::to_string(p.debtor2) + " balance " + std::to_string(d.balance));
  }
  if (per_event_checks_ && singly && p.priority == Priority::kNormal) {
    if (auto it = limits_.find(pair_key(p.debtor2, p.creditor2)); it != limits_.end()) {
      if (it->second.position < -it->second.limit) fail("second leg beyond a bilateral limit");
    } else if (d.mlimit != kNoLimit && d.mpos < -d.mlimit) {
      fail("second leg beyond the provider's multilateral limit");
    }
  }
  ++day_settled_[p.currency2];
  for (AccountId x : {p.debtor2, p.creditor2}) {
    if (std::find(settled_accounts_.begin(), settled_accounts_.end(), x) ==
        settled_accounts_.end()) {
      settled_accounts_.push_back(x);
    }
  }
}

std::string Auditor::pvp_must_reject(const SubmitCrossCurrencyPayment& c, const Payment& p,
                                     bool resolvable) const {
  auto quote = quotes_.find(c.quote_id);
  if (quote == quotes_.end()) return "unknown quote";
  const Quote& q = quote->second;
  if (!resolvable) return "unresolvable participant, account or currency";
  if (p.amount <= 0 || p.amount2 <= 0) return "amount not positive";
  if (!c.uetr.is_version4()) return "UETR not version 4";
  if (!valid_priority(c.priority) || c.type == PaymentType::kLiquidityTransfer) {
    return "invalid priority or type";
  }
  if (q.base != p.currency || q.quote != p.currency2) return "currencies not the quote's pair";
  if (t_ < q.valid_from_ns || t_ >= q.valid_to_ns) return "quote not valid at this time";
  if (p.amount > q.max_minor) return "above the quote's maximum";
  if (p.debtor == p.creditor || p.debtor2 == p.creditor2) return "same account";
  if (!can_settle(p.debtor_part, status_before_) || !can_settle(p.creditor_part, status_before_) ||
      !can_settle(p.creditor2_part, status_before_)) {
    return "party suspended or closed";
  }
  if (p.latest != kNoTime && p.earliest != kNoTime && p.latest < p.earliest) {
    return "latest before earliest";
  }
  if (p.latest != kNoTime && p.latest < t_) return "latest time passed";
  // The settlement amount is within half a minor unit of the exact product,
  // and even on an exact half (checked by cross-multiplication, not by the
  // core's division): |settled * 10^(scale + mu_in) - amount * rate * 10^mu_out| <= half.
  using U = unsigned __int128;
  const int mu_in = core_.currency(p.currency).minor_units;
  const int mu_out = core_.currency(p.currency2).minor_units;
  auto pow10 = [](int e) {
    U r = 1;
    while (e-- > 0) r *= 10;
    return r;
  };
  U exact, settled;
  if (__builtin_mul_overflow(static_cast<U>(p.amount), static_cast<U>(q.rate_units), &exact) ||
      __builtin_mul_overflow(exact, pow10(mu_out), &exact) ||
      __builtin_mul_overflow(static_cast<U>(p.amount2), pow10(q.rate_scale + mu_in), &settled)) {
    return "";  // beyond what the model checks
  }
  const U unit = pow10(q.rate_scale + mu_in);
  const U distance = settled > exact ? settled - exact : exact - settled;
  if (2 * distance > unit) return "settlement amount not the rounded conversion";
  if (2 * distance == unit && p.amount2 % 2 != 0) return "an exact half not rounded to even";
  return "";
}

void Auditor::post_command(const Command& command, const Result& result,
                           std::span<const Event> events) {
  for (const Uetr& u : expiring_) {
    const Payment& p = payments_.at(u);
    if (pending(p)) fail("payment " + u.to_string() + " still pending after its latest time");
  }
  for (const Uetr& u : released_) {
    Payment& p = payments_.at(u);
    if (p.state == State::kWaiting) {
      p.state = State::kQueued;
      ++queued_count_;
    }
  }
  const bool ok = result.ok();
  auto still_queued_position = [&](const Uetr& u, bool front) {
    const Payment& p = payments_.at(u);
    if (p.state != State::kQueued) return;
    const std::vector<Uetr> q = core_.queue_snapshot(p.debtor, p.priority);
    if (q.empty() || (front ? q.front() : q.back()) != u) {
      fail(std::string("payment not at the ") + (front ? "front" : "back") +
           " of its queue after the command");
    }
  };

  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, CancelPayment> || std::is_same_v<T, ChangePriority> ||
                      std::is_same_v<T, MoveInQueue> || std::is_same_v<T, ModifyPayment>) {
          auto it = payments_.find(c.uetr);
          if (it != payments_.end() && !may_manage(c.requester, it->second)) {
            // A non-owner is answered exactly as for an unknown payment (the
            // priority is checked first), and nothing changes.
            ++stats_.foreign_requests;
            Reason expected = Reason::kNotQueued;
            if constexpr (std::is_same_v<T, ChangePriority>) {
              if (!valid_priority(c.priority)) expected = Reason::kInvalidPriority;
            }
            if constexpr (std::is_same_v<T, ModifyPayment>) {
              if (c.priority_change && !valid_priority(c.priority)) {
                expected = Reason::kInvalidPriority;
              }
              ++stats_.timing_changes_rejected;
            }
            if (ok || result.reason != expected) {
              fail("request by a non-owner: core says " + describe(result) + ", expected " +
                   std::string(iso_code(expected)));
            }
            return;
          }
        }
        if constexpr (std::is_same_v<T, SubmitFxTrade>) {
          if (!ok || result.outcome == Outcome::kApplied || !new_uetr_) return;
          Payment& p = payments_.at(*new_uetr_);
          if (result.outcome == Outcome::kSettled) {
            if (p.state != State::kSettled) fail("matched trade settled without its events");
          } else if (result.outcome == Outcome::kQueued) {
            if (p.state != State::kQueued) fail("matched trade queued without its events");
            if (pending(p)) {
              latest_heap_.push_back(Timed{p.latest, *new_uetr_});
              std::push_heap(latest_heap_.begin(), latest_heap_.end(), std::greater<Timed>());
              mark_dirty(p.debtor);
            }
          }
        }
        if constexpr (std::is_same_v<T, SubmitPayment> || std::is_same_v<T, LiquidityTransfer> ||
                      std::is_same_v<T, SubmitCrossCurrencyPayment>) {
          const bool transfer = is_transfer(command.body);
          if (!new_is_provisional_) {
            if (ok) fail("accepted, but the model could not resolve it");
            return;
          }
          Payment& p = payments_.at(c.uetr);
          if (!ok) {
            if (p.state != State::kNew) fail("rejected, but events for it were emitted");
            if (transfer) {
              if (result.reason == Reason::kInsufficientFunds) {
                const Account& a = accounts_[p.debtor];
                if (a.issuer || a.balance + a.credit_line >= p.amount) {
                  fail("transfer rejected for insufficient funds but covered: balance " +
                       std::to_string(a.balance) + " credit " + std::to_string(a.credit_line));
                }
              }
            }
            payments_.erase(c.uetr);
            return;
          }
          if (!core_.knows_uetr(c.uetr)) fail("accepted UETR unknown to knows_uetr()");
          if (transfer) {
            if (p.state != State::kSettled || p.settled_cmd != cmd_) {
              fail("liquidity transfer accepted but not settled");
            }
          } else {
            if (result.outcome == Outcome::kSettled) {
              if (p.state != State::kSettled || p.settled_cmd != cmd_) {
                fail("result settled but no settlement event");
              }
            } else if (result.outcome == Outcome::kQueued) {
              if (p.state == State::kNew) {
                fail("result queued but no queued event");
                p.state = p.earliest > t_ ? State::kWaiting : State::kQueued;
                if (p.state == State::kQueued) ++queued_count_;
                set_pending(c.uetr, true);
              }
              if (p.state == State::kSettled) fail("result queued but the payment settled");
              if (pending(p)) {
                const auto later = std::greater<Timed>();
                if (p.latest != kNoTime) {
                  latest_heap_.push_back(Timed{p.latest, c.uetr});
                  std::push_heap(latest_heap_.begin(), latest_heap_.end(), later);
                }
                if (p.state == State::kWaiting) {
                  earliest_heap_.push_back(Timed{p.earliest, c.uetr});
                  std::push_heap(earliest_heap_.begin(), earliest_heap_.end(), later);
                }
                mark_dirty(p.debtor);
              }
            } else {
              fail("a submitted payment must settle, queue or be rejected; got " +
                   describe(result));
            }
          }
        } else if constexpr (std::is_same_v<T, CancelPayment>) {
          if (dns_cancel_target_ == c.uetr) {
            // An open DNS payment: cancelled with its event, or refused as a
            // non-owner's request (NOOR) or for its creditor's cap (AM14).
            if (ok == dns_open_.contains(c.uetr)) {
              fail("DNS cancel result and events disagree: " + describe(result));
            }
            if (!ok && result.reason != Reason::kNotQueued &&
                result.reason != Reason::kNetDebitCapExceeded) {
              fail("DNS cancel rejected with " + describe(result));
            }
            return;
          }
          auto it = payments_.find(c.uetr);
          const bool still_pending = it != payments_.end() && pending(it->second);
          if (ok) {
            if (it == payments_.end() || it->second.state != State::kCancelled) {
              fail("cancel accepted but no cancellation event");
            }
          } else if (still_pending) {
            fail("cancel of a pending payment rejected: " + describe(result));
          } else if (result.reason != Reason::kNotQueued &&
                     result.reason != Reason::kTimestampBackwards) {
            fail("cancel of an unknown or final payment rejected with " + describe(result));
          }
        } else if constexpr (std::is_same_v<T, ChangePriority>) {
          auto it = payments_.find(c.uetr);
          if (ok && it != payments_.end()) it->second.priority = c.priority;
          if (ok) {
            if (it == payments_.end() ||
                !(pending(it->second) || it->second.state == State::kSettled)) {
              fail("priority change accepted for a payment not pending");
            } else if (c.priority != priority_before_) {
              // To the back of the new priority's queue (an unchanged priority is a no-op).
              still_queued_position(c.uetr, false);
              if (it->second.state == State::kQueued) retry_due(it->second.debtor);
            }
          } else if (it != payments_.end() && it->second.state == State::kQueued &&
                     valid_priority(c.priority) && c.priority != it->second.priority) {
            fail("priority change of a queued payment rejected: " + describe(result));
          }
        } else if constexpr (std::is_same_v<T, ModifyPayment>) {
          // After a clock step the model's view of pending payments lags the
          // core's (the step may settle or reject the target), so the outcome is
          // predicted only for changes at an unchanged time (as generated).
          if (!advanced_ && result.reason != timing_expected_) {
            fail("timing change: core says " + describe(result) + ", model expects " +
                 std::string(iso_code(timing_expected_)) + " " +
                 std::string(reason_text(timing_expected_)));
          }
          ++(ok ? stats_.timing_changes : stats_.timing_changes_rejected);
          if (!ok) return;
          const Payment& p = payments_.at(c.uetr);
          const auto later = std::greater<Timed>();
          if (c.latest_ns != kNoTime && pending(p)) {
            latest_heap_.push_back(Timed{p.latest, c.uetr});
            std::push_heap(latest_heap_.begin(), latest_heap_.end(), later);
          }
          if (c.earliest_ns != kNoTime && p.state == State::kWaiting) {
            earliest_heap_.push_back(Timed{p.earliest, c.uetr});
            std::push_heap(earliest_heap_.begin(), earliest_heap_.end(), later);
          }
        } else if constexpr (std::is_same_v<T, MoveInQueue>) {
          auto it = payments_.find(c.uetr);
          if (ok) {
            if (it == payments_.end() ||
                !(pending(it->second) || it->second.state == State::kSettled)) {
              fail("move accepted for a payment not pending");
            } else {
              still_queued_position(c.uetr, c.position == QueuePosition::kTop);
              if (it->second.state == State::kQueued) retry_due(it->second.debtor);
            }
          } else if (it != payments_.end() && it->second.state == State::kQueued) {
            fail("move of a queued payment rejected: " + describe(result));
          }
        } else if constexpr (std::is_same_v<T, EndOfDay>) {
          if (ok) {
            if (c.next_value_date <= value_date_)
              fail("end of day accepted with a value date not after the current one");
            check_end_of_day();
            value_date_ = c.next_value_date;
            absl::erase_if(quotes_, [&](const auto& q) { return q.second.valid_to_ns <= t_; });
          } else if (c.next_value_date > value_date_ &&
                     result.reason != Reason::kTimestampBackwards) {
            fail("end of day to a later value date rejected: " + describe(result));
          }
        } else if constexpr (std::is_same_v<T, RunGridlockResolution>) {
          if (c.algorithm == GridlockAlgorithm::kAllOrNothing && ok && !advanced_) {
            ++stats_.all_or_nothing_checked;
            for (size_t ccy = 0; ccy < currencies_.size(); ++ccy) {
              const uint32_t got = gridlock_settled_[ccy];
              const uint32_t all = all_or_nothing_expected_[ccy];
              if (got != 0 && got != all) {
                fail("all-or-nothing gridlock run settled " + std::to_string(got) + " of " +
                     std::to_string(all) + " queued payments in currency " + std::to_string(ccy));
              }
            }
          }
        }
      },
      command.body);
  (void)events;
}

void Auditor::check_end_of_day() {
  ++stats_.end_of_days;
  if (!pending_list_.empty()) {
    fail(std::to_string(pending_list_.size()) + " payments still pending after end of day, e.g. " +
         pending_list_.front().to_string());
  }
  const EodReport& report = core_.last_eod_report();
  if (report.closed_value_date != value_date_) fail("end-of-day report for the wrong value date");
  if (report.accounts.size() != accounts_.size()) {
    fail("end-of-day report has " + std::to_string(report.accounts.size()) + " accounts, model " +
         std::to_string(accounts_.size()));
  } else {
    for (size_t i = 0; i < accounts_.size(); ++i) {
      const AccountDayFigures& f = report.accounts[i];
      const Account& a = accounts_[i];
      const AmountMinor lowest_bound = std::min(a.day_open, a.balance);
      std::string bad;
      if (f.account != i)
        bad = "account id";
      else if (f.balance_open_minor != a.day_open)
        bad = "opening balance";
      else if (f.balance_close_minor != a.balance)
        bad = "closing balance";
      else if (f.balance_min_minor > lowest_bound)
        bad = "lowest balance above opening or closing";
      // Issuer accounts use no credit: their negative balance is money in issue
      // (the core reports 0; rule 10's formula does not single them out).
      else if (f.peak_credit_use_minor !=
               (a.issuer ? 0 : std::max<AmountMinor>(0, -f.balance_min_minor)))
        bad = "peak credit use";
      else if (f.peak_liquidity_use_minor !=
               std::max<AmountMinor>(0, f.balance_open_minor - f.balance_min_minor))
        bad = "peak liquidity use";
      if (!bad.empty()) {
        fail("end-of-day figures of account " + std::to_string(i) + ": " + bad + " (open " +
             std::to_string(f.balance_open_minor) + "/" + std::to_string(a.day_open) + " close " +
             std::to_string(f.balance_close_minor) + "/" + std::to_string(a.balance) + " min " +
             std::to_string(f.balance_min_minor) + ")");
      }
    }
  }
  if (report.currencies.size() != currencies_.size()) {
    fail("end-of-day report has " + std::to_string(report.currencies.size()) + " currencies");
  } else {
    for (size_t c = 0; c < currencies_.size(); ++c) {
      const CurrencyDayTotals& t = report.currencies[c];
      if (t.settled_count != day_settled_[c] || t.rejected_count != day_rejected_[c]) {
        fail("end-of-day totals of currency " + std::to_string(c) + ": settled " +
             std::to_string(t.settled_count) + " (model " + std::to_string(day_settled_[c]) +
             "), rejected " + std::to_string(t.rejected_count) + " (model " +
             std::to_string(day_rejected_[c]) + ")");
      }
    }
  }
  for (auto& [key, limit] : limits_) limit.position = 0;
  for (Account& a : accounts_) {
    a.mpos = 0;
    a.day_open = a.balance;
  }
  std::fill(day_settled_.begin(), day_settled_.end(), 0);
  std::fill(day_rejected_.begin(), day_rejected_.end(), 0);
  ++eod_count_;
}

void Auditor::retry_due(AccountId a) {
  if (std::find(retry_due_.begin(), retry_due_.end(), a) == retry_due_.end()) {
    retry_due_.push_back(a);
  }
}

bool Auditor::covered_now(AccountId a, const Payment& p) const {
  if (!leg_covered_now(a, p.creditor, p.priority, p.amount)) return false;
  return !p.pvp || leg_covered_now(p.debtor2, p.creditor2, p.priority, p.amount2);
}

bool Auditor::leg_covered_now(AccountId a, AccountId creditor, Priority priority,
                              AmountMinor amount) const {
  const Account& x = accounts_[a];
  if (!x.issuer && x.balance + x.credit_line - reserved_above(x, priority) < amount) return false;
  if (priority != Priority::kNormal) return true;
  if (auto it = limits_.find(pair_key(a, creditor)); it != limits_.end()) {
    return it->second.position - amount >= -it->second.limit;
  }
  return x.mlimit == kNoLimit || x.mpos - amount >= -x.mlimit;
}

// Rule 4: whenever an account's liquidity rises (incoming payment, liquidity
// transfer, higher credit line, lower reservation, higher limit) or its queue
// head changes (cancel, priority change, move, rejection), its queues are
// retried. So at the end of such a command nothing of them may be settleable:
// the first unheld HU payment is not covered, else (no unheld HU) the first
// unheld U one, else (no unheld HU or U) no unheld normal payment is.
// A gridlock run owes a retry only to the accounts whose liquidity rose.
void Auditor::check_quiescence(const Command& command) {
  if (std::holds_alternative<RunGridlockResolution>(command.body) && !gridlock_net_.empty()) {
    std::sort(gridlock_net_.begin(), gridlock_net_.end());
    for (size_t i = 0; i < gridlock_net_.size();) {
      AmountMinor net = 0;
      size_t j = i;
      for (; j < gridlock_net_.size() && gridlock_net_[j].first == gridlock_net_[i].first; ++j) {
        net += gridlock_net_[j].second;
      }
      if (net > 0) retry_due(gridlock_net_[i].first);
      i = j;
    }
  }
  // Liquidity that reaches a provider's account retries the queues holding
  // pairs whose second leg it pays (rule 13).
  if (!pvp_pending_.empty()) {
    const size_t due = retry_due_.size();
    for (const Uetr& u : pvp_pending_) {
      const Payment& p = payments_.at(u);
      if (p.state != State::kQueued) continue;
      if (std::find(retry_due_.begin(), retry_due_.begin() + due, p.debtor2) !=
          retry_due_.begin() + due) {
        retry_due(p.debtor);
      }
    }
  }
  for (AccountId a : retry_due_) {
    const Account& x = accounts_[a];
    if (parts_[x.part].status != ParticipantStatus::kActive) continue;
    ++stats_.quiescence_checks;
    bool urgent_left = false;
    for (int q = 0; q < kPriorityCount && !urgent_left; ++q) {
      const std::vector<Uetr> queue = core_.queue_snapshot(a, static_cast<Priority>(q));
      for (const Uetr& u : queue) {
        auto it = payments_.find(u);
        if (it == payments_.end() || held_now(it->second)) continue;
        const Payment& p = it->second;
        if (covered_now(a, p)) {
          fail("queue " + std::to_string(q) + " of account " + std::to_string(a) +
               " not resolved: " + u.to_string() + " (" + std::to_string(p.amount) +
               ") is covered but still queued; balance " + std::to_string(x.balance) + " credit " +
               std::to_string(x.credit_line) + " reserved HU " + std::to_string(x.reserved[0]) +
               " U " + std::to_string(x.reserved[1]));
          return;
        }
        if (q < 2) {
          urgent_left = true;  // FIFO: the first unheld one decides
          break;
        }
      }
    }
  }
}

void Auditor::check_fifo() {
  if (settled_now_.empty()) return;
  for (AccountId a : settled_debtors_) {
    if (a == skip_fifo_account_) continue;
    ++stats_.fifo_accounts_checked;
    // For each of the HU and U snapshots taken before the command: the first
    // payment still queued there (same priority, not held before or after),
    // and whether any payment of the snapshot is still queued more urgently.
    constexpr size_t kNone = SIZE_MAX;
    size_t first_blocker[2] = {kNone, kNone};
    bool hu_left = false, hu_or_u_left = false;
    absl::flat_hash_map<Uetr, size_t> settled_index[2];
    for (int q = 0; q < 2; ++q) {
      const std::vector<Uetr>& snap = snap_[a][q];
      for (size_t i = 0; i < snap.size(); ++i) {
        auto it = payments_.find(snap[i]);
        if (it == payments_.end()) continue;
        const Payment& p = it->second;
        if (p.settled_cmd == cmd_) {
          settled_index[q][snap[i]] = i;
          continue;
        }
        if (p.state != State::kQueued) continue;
        if (held(p, status_before_) || held_now(p)) continue;
        // A ChangePriority's target had its old priority while the clock step
        // before the change settled payments, its new one after: the model does
        // not tell the two apart, so it counts with the less urgent of the two
        // (raised U -> HU, it blocked no U payment of the clock step; lowered
        // HU -> N, it blocks none of the U payments settled after the change).
        const Priority priority = priority_change_ && *priority_change_ == snap[i]
                                      ? std::max(priority_before_, p.priority)
                                      : p.priority;
        if (priority == static_cast<Priority>(q) && first_blocker[q] == kNone) first_blocker[q] = i;
        if (priority == Priority::kHighlyUrgent) hu_left = true;
        if (priority != Priority::kNormal) hu_or_u_left = true;
      }
    }
    for (const Uetr& u : settled_now_) {
      const Payment& p = payments_.at(u);
      if (p.debtor != a) continue;
      std::string why;
      if (p.priority == Priority::kNormal) {
        if (hu_or_u_left) why = "a normal payment settled while an HU or U payment stayed queued";
      } else {
        const int q = static_cast<int>(p.priority);
        if (p.priority == Priority::kUrgent && hu_left) {
          why = "an urgent payment settled while an HU payment stayed queued";
        } else if (first_blocker[q] != kNone) {
          auto it = settled_index[q].find(u);
          if (it == settled_index[q].end()) {
            why = "settled although an earlier payment of its queue stayed queued";
          } else if (first_blocker[q] < it->second) {
            why = "settled from queue position " + std::to_string(it->second) + " while position " +
                  std::to_string(first_blocker[q]) + " stayed queued";
          }
        }
      }
      if (!why.empty()) {
        fail("queue order (account " + std::to_string(a) + "): " + u.to_string() + " " + why);
      }
    }
  }
}

void Auditor::check_state(const Command& command) {
  if (core_.now_ns() != now_) fail("core clock " + str(core_.now_ns()) + ", model " + str(now_));
  if (core_.value_date() != value_date_) fail("core value date differs from the model's");
  if (core_.entry_offsetting() != entry_offsetting_)
    fail("entry offsetting differs from the model's");
  if (core_.account_count() != accounts_.size()) {
    fail("core has " + std::to_string(core_.account_count()) + " accounts, model " +
         std::to_string(accounts_.size()));
    return;
  }
  std::vector<__int128> sums(currencies_.size(), 0);
  for (AccountId id = 0; id < accounts_.size(); ++id) {
    const core::Account& c = core_.account(id);
    const Account& m = accounts_[id];
    if (c.currency >= sums.size()) {
      fail("account " + std::to_string(id) + " in an unknown currency");
      continue;
    }
    sums[c.currency] += c.balance_minor;
    check_credit(id);
    if (c.balance_minor != m.balance || c.credit_line_minor != m.credit_line ||
        c.reserved_minor[0] != m.reserved[0] || c.reserved_minor[1] != m.reserved[1] ||
        c.multilateral_limit_minor != m.mlimit || c.multilateral_position_minor != m.mpos ||
        c.is_issuer != m.issuer || c.currency != m.currency || c.owner != parts_[m.part].core_id ||
        c.bilateral_limit_count != m.bilateral_count) {
      fail("account " + std::to_string(id) + " differs from the model: balance " +
           str(c.balance_minor) + "/" + str(m.balance) + " credit " + str(c.credit_line_minor) +
           "/" + str(m.credit_line) + " reserved " + str(c.reserved_minor[0]) + "," +
           str(c.reserved_minor[1]) + "/" + str(m.reserved[0]) + "," + str(m.reserved[1]) +
           " mlimit " + str(c.multilateral_limit_minor) + "/" + str(m.mlimit) + " mpos " +
           str(c.multilateral_position_minor) + "/" + str(m.mpos) + " issuer " + str(c.is_issuer) +
           "/" + str(m.issuer) + " limits " + str(c.bilateral_limit_count) + "/" +
           str(m.bilateral_count));
    }
  }
  for (size_t c = 0; c < sums.size(); ++c) {
    // The reserve-fund account holds money too (rule 14).
    const AmountMinor fund = core_.dns_fund_minor(static_cast<CurrencyId>(c));
    if (fund != (c < dns_fund_.size() ? dns_fund_[c] : 0))
      fail("DNS fund differs from the model's");
    sums[c] += fund;
  }
  for (size_t c = 0; c < sums.size(); ++c) {
    if (sums[c] != 0) {
      fail("conservation: currency " + std::to_string(c) + " balances sum to " +
           str(static_cast<long long>(sums[c])));
    }
  }
  // Limits change only through limit commands, positions only through
  // settlements and end of day: compare the limits of the accounts this
  // command touched, and all of them now and then.
  const bool all_limits = cmd_ % 64 == 0 ||
                          std::holds_alternative<SetBilateralLimit>(command.body) ||
                          std::holds_alternative<EndOfDay>(command.body);
  auto touched = [this](AccountId a) {
    return std::find(settled_accounts_.begin(), settled_accounts_.end(), a) !=
           settled_accounts_.end();
  };
  for (const auto& [key, m] : limits_) {
    if (!all_limits && !touched(AccountId(key >> 32)) && !touched(AccountId(key & 0xFFFFFFFF))) {
      continue;
    }
    const auto c = core_.bilateral_limit(AccountId(key >> 32), AccountId(key & 0xFFFFFFFF));
    if (!c || c->limit_minor != m.limit || c->position_minor != m.position) {
      fail("bilateral limit " + str(key >> 32) + "->" + str(key & 0xFFFFFFFF) +
           " differs from the model: " +
           (c ? str(c->limit_minor) + " position " + str(c->position_minor) : "missing") +
           " / model " + str(m.limit) + " position " + str(m.position));
    }
  }
  if (core_.pending_count() != pending_list_.size()) {
    fail("core holds " + str(core_.pending_count()) + " pending payments, model " +
         str(pending_list_.size()));
  }
  if (core_.queued_count() != queued_count_) {
    fail("core has " + str(core_.queued_count()) + " queued payments, model " + str(queued_count_));
  }
  stats_.max_pending = std::max<uint64_t>(stats_.max_pending, pending_list_.size());
  // check_invariants() is O(accounts + pending): every command while the core
  // holds few pending payments, then every pending/granularity commands, so
  // its amortised cost per command stays bounded.
  const uint64_t period = std::max<uint64_t>(
      1, pending_list_.size() / std::max<uint64_t>(1, options_.invariants_granularity));
  if (cmd_ % period == 0) {
    ++stats_.invariant_checks;
    for (const std::string& v : core_.check_invariants()) fail("check_invariants: " + v);
  }
}

void Auditor::full_check() {
  ++stats_.full_checks;
  absl::flat_hash_set<Uetr> seen;
  uint64_t in_queues = 0;
  for (AccountId a = 0; a < accounts_.size(); ++a) {
    for (int q = 0; q < kPriorityCount; ++q) {
      const std::vector<Uetr> s = core_.queue_snapshot(a, static_cast<Priority>(q));
      if (q < 2 && s != snap_[a][q]) {
        fail("queue " + str(q) + " of account " + str(a) +
             " changed without an event the auditor saw");
      }
      for (const Uetr& u : s) {
        ++in_queues;
        if (!seen.insert(u).second) fail("UETR " + u.to_string() + " in two queue places");
        auto it = payments_.find(u);
        if (it == payments_.end() || it->second.state != State::kQueued || it->second.debtor != a ||
            it->second.priority != static_cast<Priority>(q)) {
          fail("queue " + str(q) + " of account " + str(a) + " holds " + u.to_string() +
               " which the model does not have queued there");
        }
      }
    }
    const Account& m = accounts_[a];
    if (!m.issuer) {
      for (int q = 0; q < kPriorityCount; ++q) {
        const AmountMinor expect =
            m.balance + m.credit_line - reserved_above(m, static_cast<Priority>(q));
        const AmountMinor got = core_.available_liquidity(a, static_cast<Priority>(q));
        if (got != expect) {
          fail("available_liquidity(" + str(a) + ", " + str(q) + ") = " + str(got) + ", model " +
               str(expect));
        }
      }
    }
  }
  if (in_queues != queued_count_) {
    fail("queues hold " + str(in_queues) + " payments, model has " + str(queued_count_) +
         " queued");
  }
  for (const Uetr& u : pending_list_) {
    const Payment& p = payments_.at(u);
    const core::Payment* c = core_.find_pending(u);
    if (c == nullptr) {
      fail("pending payment " + u.to_string() + " unknown to find_pending()");
      continue;
    }
    const PaymentPlace want =
        p.state == State::kWaiting ? PaymentPlace::kWaiting : PaymentPlace::kInQueue;
    if (c->place != want || c->amount_minor != p.amount || c->priority != p.priority ||
        (c->kind == PaymentKind::kPvp) != p.pvp) {
      fail("find_pending(" + u.to_string() + ") differs from the model");
    }
    if (p.pvp) {
      const SecondLeg* leg = core_.find_second_leg(u);
      if (leg == nullptr || leg->debtor_account != p.debtor2 ||
          leg->creditor_account != p.creditor2 || leg->amount_minor != p.amount2) {
        fail("second leg of pending pair " + u.to_string() + " differs from the model");
      }
    }
  }
}

std::vector<std::string> Auditor::after(const Generated& g, const Result& result,
                                        std::span<const Event> events) {
  const Command& c = g.command;
  t_ = c.timestamp_ns;
  ++stats_.commands;
  if (!result.ok()) ++stats_.rejected_commands;
  if (g.deliberate_invalid) ++stats_.deliberate_invalid;

  if (t_ < now_) {
    if (result.ok() || result.reason != Reason::kTimestampBackwards) {
      fail("command with a timestamp before the clock not rejected with FF01: " + describe(result));
    }
    if (!events.empty()) fail("command with a timestamp before the clock emitted events");
  } else {
    advanced_ = t_ > now_;
    advance_clock(t_);
    check_day_phase(c, result);
    pool_pre_command(c, result);
    dns_pre_command(c, result);
    pre_command(c, result);
    group_ = Group{};
    for (const Event& e : events) process_event(e, c);
    if (first_leg_) {
      fail("PvP payment " + first_leg_->uetr.to_string() + ": first leg without its second");
      first_leg_.reset();
    }
    for (const auto& [key, tr] : trades_) {
      if (tr.deadline < t_) fail("FX trade instruction " + key + " not expired after its deadline");
    }
    close_group();
    post_command(c, result, events);
    check_fifo();
    check_quiescence(c);

    if (!result.ok() && !advanced_ && !events.empty()) {
      fail("a rejected command emitted events without a clock step");
    }
  }
  check_state(c);

  if (g.deliberate_invalid) {
    if (result.ok()) {
      fail("deliberately invalid command accepted");
    } else if (g.expected_reason != Reason::kNone && result.reason != g.expected_reason) {
      fail("deliberately invalid command rejected for " + std::string(reason_text(result.reason)) +
           ", expected " + std::string(reason_text(g.expected_reason)));
    }
    if (!events.empty()) fail("deliberately invalid command emitted events");
    if (g.burst_last && hash_before_valid_ && core_.state_hash() != hash_before_) {
      fail("a burst of deliberately invalid commands, ending with this one, changed state_hash()");
    }
  }
  return failures_;
}

}  // namespace corridor::core::random_test

namespace corridor::core::random_test {

// --- The business day's cut-off (rule 10) ---------------------------------------------

void Auditor::check_day_phase(const Command& command, const Result& result) {
  if (const auto* phase = std::get_if<SetDayPhase>(&command.body)) {
    if (!result.ok()) return fail("SetDayPhase rejected: " + describe(result));
    cut_off_ = phase->phase == DayPhase::kCutOff;
    stats_.cut_offs += cut_off_;
    return;
  }
  const CommandBody& b = command.body;
  const bool instruction = std::holds_alternative<SubmitPayment>(b) ||
                           std::holds_alternative<SubmitDnsPayment>(b) ||
                           std::holds_alternative<SubmitCrossCurrencyPayment>(b) ||
                           std::holds_alternative<SubmitFxTrade>(b);
  if (cut_off_ && instruction) {
    ++stats_.refused_after_cut_off;
    if (result.ok() || result.reason != Reason::kAfterCutOff) {
      fail("payment instruction after the cut-off not refused as such: " + describe(result));
    }
  } else if (!result.ok() && result.reason == Reason::kAfterCutOff) {
    fail("refused as after the cut-off while entry is open, or not a payment instruction");
  }
}

// --- Deferred net settlement (rule 14) ------------------------------------------------

void Auditor::dns_pre_command(const Command& command, const Result& result) {
  dns_cancel_target_.reset();
  if (const auto* cancel = std::get_if<CancelPayment>(&command.body)) {
    if (dns_open_.contains(cancel->uetr)) dns_cancel_target_ = cancel->uetr;
    return;
  }
  if (const auto* pay = std::get_if<SubmitDnsPayment>(&command.body)) {
    if (!result.ok()) {
      if (dns_open_.contains(pay->uetr) && result.reason != Reason::kDuplicate) {
        fail("DNS resubmission of an open UETR rejected with " + describe(result));
      }
      return;
    }
    if (result.outcome != Outcome::kQueued) fail("DNS payment accepted but not queued");
    if (dns_open_.contains(pay->uetr) || dns_final_.contains(pay->uetr) ||
        payments_.contains(pay->uetr)) {
      fail("DNS payment accepted with a UETR already used");
    }
    const auto currency = currency_of(pay->currency);
    const int debtor = find_part(pay->debtor_agent);
    const int creditor = find_part(pay->creditor_agent);
    const auto d = currency && debtor >= 0 ? account_of(debtor, *currency) : std::nullopt;
    const auto k = currency && creditor >= 0 ? account_of(creditor, *currency) : std::nullopt;
    if (!d || !k || *d == *k || pay->amount_minor <= 0) {
      return fail("DNS payment accepted that the model cannot resolve");
    }
    dns_open_[pay->uetr] = DnsOpen{*d, *k, *currency, pay->amount_minor};
    ++stats_.dns_submitted;
    return;
  }
  if (const auto* settle = std::get_if<SettleDnsCycle>(&command.body)) {
    const auto currency = currency_of(settle->currency);
    size_t open = 0;
    for (const auto& [u, p] : dns_open_) open += currency && p.currency == *currency;
    if (!result.ok()) {
      ++stats_.dns_refused;
      if (result.reason == Reason::kDnsCycleEmpty && open != 0) {
        fail("DNS cycle refused as empty with " + std::to_string(open) + " open payments");
      }
      return;
    }
    if (!currency) return fail("DNS cycle of an unknown currency settled");
    dns_settled_cycle(*currency);
  }
}

// Checks the core's report against the model's own netting, then moves the
// model's balances by the report's (checked) changes, before the command's
// events (queue resolution after the credits) are processed.
void Auditor::dns_settled_cycle(CurrencyId currency) {
  ++stats_.dns_cycles;
  const DnsCycleReport& r = core_.last_dns_report();
  std::vector<__int128> net(accounts_.size(), 0);
  uint64_t count = 0;
  std::vector<Uetr> settled;
  for (const auto& [u, p] : dns_open_) {
    if (p.currency != currency) continue;
    net[p.debtor] -= p.amount;
    net[p.creditor] += p.amount;
    ++count;
    settled.push_back(u);
  }
  if (r.currency != currency || r.payment_count != count) {
    fail("DNS report: " + std::to_string(r.payment_count) + " payments, model " +
         std::to_string(count));
  }
  std::vector<uint8_t> reported(accounts_.size(), 0);
  __int128 net_sum = 0;
  __int128 change_sum = 0;
  __int128 shortfall_sum = 0;
  for (const DnsPosition& p : r.positions) {
    if (p.account >= accounts_.size() || reported[p.account]) {
      fail("DNS report: account out of range or listed twice");
      continue;
    }
    reported[p.account] = 1;
    net_sum += p.net_minor;
    if (p.net_minor != net[p.account]) {
      fail("DNS net position of account " + std::to_string(p.account) + ": core " +
           str(p.net_minor) + ", model " + str(static_cast<AmountMinor>(net[p.account])));
    }
    if (p.net_minor < 0 ? p.paid_minor + p.shortfall_minor != -p.net_minor || p.paid_minor < 0 ||
                              p.shortfall_minor < 0
                        : p.paid_minor != 0 || p.shortfall_minor != 0) {
      fail("DNS report: paid and shortfall do not make the net debit");
    }
    shortfall_sum += p.shortfall_minor;
    const __int128 settled_part = p.net_minor >= 0 ? p.net_minor : -p.paid_minor;
    const __int128 expected = settled_part + p.contribution_before_minor -
                              p.contribution_drawn_minor - p.contribution_after_minor;
    if (p.balance_change_minor != expected || p.contribution_drawn_minor < 0 ||
        p.contribution_drawn_minor > p.contribution_before_minor ||
        p.contribution_after_minor < 0) {
      fail("DNS report: balance change of account " + std::to_string(p.account) +
           " is not its settlement plus its contribution change");
    }
    change_sum += p.balance_change_minor;
    Account& a = accounts_[p.account];
    if (a.currency != currency) fail("DNS report: account in another currency");
    a.balance += p.balance_change_minor;
    if (p.balance_change_minor > 0) retry_due(p.account);
    if (p.balance_change_minor != 0) mark_dirty(p.account);
  }
  for (AccountId a = 0; a < accounts_.size(); ++a) {
    if (net[a] != 0 && !reported[a]) fail("DNS report misses account " + std::to_string(a));
  }
  if (net_sum != 0) fail("DNS net positions do not sum to zero");
  __int128 drawn = 0;
  for (const DnsDraw& d : r.draws) drawn += d.amount_minor;
  if (drawn != shortfall_sum) fail("DNS fund draws do not cover the shortfalls exactly");
  if (!r.draws.empty()) ++stats_.dns_defaults;
  if (dns_fund_.size() < currencies_.size()) dns_fund_.resize(currencies_.size(), 0);
  if (r.fund_before_minor != dns_fund_[currency]) fail("DNS fund before the cycle differs");
  // Money only moved between the accounts and the fund.
  if (change_sum + (r.fund_after_minor - r.fund_before_minor) != 0) {
    fail("DNS cycle created or destroyed money");
  }
  dns_fund_[currency] = r.fund_after_minor;
  for (const Uetr& u : settled) {
    if (!dns_final_.insert(u).second || settled_.contains(u)) {
      fail("DNS payment " + u.to_string() + " settled twice");
    }
    dns_open_.erase(u);
  }
}

bool Auditor::dns_event(const Event& e) {
  auto it = dns_open_.find(e.uetr);
  if (it == dns_open_.end()) return false;
  DnsOpen& p = it->second;
  if (e.debtor_account != p.debtor || e.creditor_account != p.creditor ||
      e.amount_minor != p.amount || e.currency != p.currency) {
    fail("DNS event disagrees with the payment: " + describe(e));
  }
  switch (e.kind) {
    case EventKind::kQueued:
      if (p.queued_event) fail("DNS payment queued twice");
      p.queued_event = true;
      break;
    case EventKind::kCancelled:
    case EventKind::kRejected:
      dns_final_.insert(e.uetr);
      dns_open_.erase(it);
      break;
    case EventKind::kSettled:
      fail("a DNS payment settled by an event: they settle by cycle");
      break;
  }
  return true;
}

}  // namespace corridor::core::random_test

namespace corridor::core::random_test {

// --- Rule 16: ratings, haircuts, collateral --------------------------------------------

bool Auditor::model_collateral_driven(AccountId a) const {
  for (const auto& [id, item] : collateral_) {
    if (item.account == a) return true;
  }
  return false;
}

void Auditor::model_set_line(AccountId a, AmountMinor line) {
  Account& m = accounts_[a];
  if (line > m.credit_line) retry_due(a);  // a higher line retries the queue
  m.credit_line = line;
  // Only a line change can put a balance below -line; from then on the
  // balance may only rise until it is back within the line.
  if (m.cut && m.balance >= -line) {  // a higher line ends the cut at once
    ++stats_.cuts_recovered;
    m.cut = false;
  }
  if (!m.issuer && m.balance < -line && !m.cut) {
    ++stats_.line_cuts;
    m.cut = true;
    m.cut_floor = m.balance;
  }
}

void Auditor::model_lines(int part) {
  std::map<AccountId, __int128> lines;
  for (const auto& [id, item] : collateral_) {
    if (part >= 0 && item.part != part) continue;
    const CreditGrade grade = static_cast<size_t>(item.part) < rating_.size()
                                  ? rating_[item.part]
                                  : CreditGrade::kUnrated;
    const int64_t haircut = on_scale(grade) ? haircut_bp_[static_cast<uint8_t>(grade)] : 10'000;
    lines[item.account] += static_cast<__int128>(item.value) * (10'000 - haircut) / 10'000;
  }
  for (const auto& [a, line] : lines) {
    if (line > INT64_MAX) return fail("model line overflows");
    model_set_line(a, static_cast<AmountMinor>(line));
  }
}

void Auditor::credit_pre_command(const Command& command, bool ok) {
  if (const auto* c = std::get_if<SetHaircut>(&command.body)) {
    const bool valid = on_scale(c->grade) && c->haircut_bp <= 10'000;
    if (ok != valid) return fail(ok ? "invalid haircut accepted" : "valid haircut refused");
    if (!ok) return;
    haircut_bp_[static_cast<uint8_t>(c->grade)] = static_cast<uint16_t>(c->haircut_bp);
    model_lines(-1);
  } else if (const auto* c = std::get_if<SetRating>(&command.body)) {
    const int part = find_part(c->participant);
    const bool valid = part >= 0 && (on_scale(c->grade) || c->grade == CreditGrade::kUnrated);
    if (ok != valid) return fail(ok ? "invalid rating accepted" : "valid rating refused");
    if (!ok) return;
    if (rating_.size() <= static_cast<size_t>(part))
      rating_.resize(part + 1, CreditGrade::kUnrated);
    rating_[part] = c->grade;
    model_lines(part);
  } else if (const auto* c = std::get_if<PledgeCollateral>(&command.body)) {
    // The model's own decision, in the order rule 16 gives.
    const int part = find_part(c->participant);
    const auto ccy = currency_of(c->currency);
    std::optional<AccountId> a;
    if (part >= 0 && ccy && parts_[part].kind != ParticipantKind::kIndirect &&
        parts_[part].status != ParticipantStatus::kClosed) {
      a = account_of(part, *ccy);
    }
    auto existing = collateral_.find(c->collateral_id);
    bool valid = c->value_minor >= 0 && a.has_value();
    if (valid && existing != collateral_.end() && existing->second.account != *a) valid = false;
    if (valid && existing == collateral_.end() && c->value_minor == 0) valid = false;
    __int128 value_total = c->value_minor;
    if (valid) {
      for (const auto& [id, item] : collateral_) {
        if (item.account == *a && id != c->collateral_id) value_total += item.value;
      }
      if (value_total > INT64_MAX) valid = false;
    }
    if (valid) {
      const CreditGrade grade =
          static_cast<size_t>(part) < rating_.size() ? rating_[part] : CreditGrade::kUnrated;
      const int64_t haircut = on_scale(grade) ? haircut_bp_[static_cast<uint8_t>(grade)] : 10'000;
      __int128 line = 0;
      for (const auto& [id, item] : collateral_) {
        if (item.account == *a && id != c->collateral_id) {
          line += static_cast<__int128>(item.value) * (10'000 - haircut) / 10'000;
        }
      }
      line += static_cast<__int128>(c->value_minor) * (10'000 - haircut) / 10'000;
      const Account& m = accounts_[*a];
      if (line < m.credit_line && !m.issuer && m.balance < -line) valid = false;  // AM04
    }
    if (ok != valid) {
      return fail(std::string(ok ? "pledge accepted that the model refuses"
                                 : "pledge refused that the model accepts") +
                  ": " + std::to_string(c->collateral_id));
    }
    if (!ok) return;
    if (c->value_minor == 0) {
      collateral_.erase(existing);
    } else {
      collateral_[c->collateral_id] = ModelCollateral{part, *a, c->value_minor};
    }
    model_lines(part);
    if (!model_collateral_driven(*a)) model_set_line(*a, 0);  // the last item went: line 0
  }
}

void Auditor::check_credit(AccountId id) {
  Account& m = accounts_[id];
  const core::Account& c = core_.account(id);
  if (m.issuer) return;
  if (m.cut) {
    if (m.balance < m.cut_floor) {
      fail("account " + str(id) + " debited after its line was cut below its use: balance " +
           str(m.balance) + ", floor " + str(m.cut_floor));
    }
    if (m.balance >= -m.credit_line) {
      ++stats_.cuts_recovered;
      m.cut = false;
    } else {
      m.cut_floor = m.balance;  // the ratchet
    }
  }
  if (!m.cut && m.balance < -m.credit_line) {
    fail("account " + str(id) + " below its floor: balance " + str(m.balance) + ", credit line " +
         str(m.credit_line));
  }
  const AmountMinor floor = m.cut ? m.cut_floor : -m.credit_line;
  if (c.line_cut != m.cut || core_.floor_minor(id) != floor) {
    fail("account " + str(id) + " line cut " + str(c.line_cut) + "/" + str(m.cut) + ", floor " +
         str(core_.floor_minor(id)) + "/" + str(floor));
  }
}

// --- Reserve pool (rule 17) -----------------------------------------------------------

// Called after the model's clock step and before the command's payment events:
// the core moves swap legs at the start of a clock step (repayments) or, for a
// DrawSwap or RepaySwap (generated without a clock step), before resolving queues.
void Auditor::pool_pre_command(const Command& command, const Result& result) {
  const auto* draw = std::get_if<DrawSwap>(&command.body);
  const auto* repay = std::get_if<RepaySwap>(&command.body);
  bool drawn = false;
  bool repaid_on_request = false;
  auto move = [&](AccountId from, AccountId to, AmountMinor amount) {
    Account& d = accounts_[from];
    Account& k = accounts_[to];
    if (__builtin_sub_overflow(d.balance, amount, &d.balance) ||
        __builtin_add_overflow(k.balance, amount, &k.balance)) {
      fail("balance overflow in the model (swap leg)");
    }
    retry_due(to);
    mark_dirty(to);
    mark_dirty(from);
  };
  for (const SwapEvent& e : core_.swap_events()) {
    const std::string name = "swap " + std::to_string(e.swap_id);
    auto it = swaps_.find(e.swap_id);
    if (e.kind == SwapEventKind::kDrawn) {
      if (draw == nullptr || draw->swap_id != e.swap_id || !result.ok() || drawn) {
        fail(name + " drawn, but not by this command");
        continue;
      }
      drawn = true;
      if (it != swaps_.end()) {
        fail(name + " drawn twice");
        continue;
      }
      const Swap& s = core_.reserve_pool().swaps.at(e.swap_id);
      const int drawer = find_part(draw->drawer);
      const int provider = find_part(draw->provider);
      const auto draw_ccy = currency_of(draw->draw_currency);
      const auto own_ccy = currency_of(core_.currency(s.drawer_currency).code);
      if (drawer < 0 || provider < 0 || !draw_ccy || !own_ccy || *draw_ccy == *own_ccy) {
        fail(name + " drawn between parties or currencies the model cannot resolve");
        continue;
      }
      SwapModel m;
      const auto a = account_of(drawer, *draw_ccy);
      const auto b = account_of(drawer, *own_ccy);
      const auto c = account_of(provider, *draw_ccy);
      const auto d = account_of(provider, *own_ccy);
      if (!a || !b || !c || !d) {
        fail(name + " drawn on accounts the model does not know");
        continue;
      }
      m.drawer_in = *a;
      m.drawer_out = *b;
      m.provider_out = *c;
      m.provider_in = *d;
      m.draw = draw->draw_amount_minor;
      m.counter = s.counter_amount_minor;
      m.repay_at = draw->repay_at_ns;
      // The counter amount is the exact conversion within half a minor unit:
      // value = draw * rate * 10^target / (10^scale * 10^source).
      __int128 numerator = static_cast<__int128>(m.draw) * draw->rate_units;
      __int128 denominator = 1;
      for (int i = 0; i < draw->rate_scale; ++i) denominator *= 10;
      const int source = core_.currency(*draw_ccy).minor_units;
      const int target = core_.currency(*own_ccy).minor_units;
      for (int i = 0; i < target; ++i) numerator *= 10;
      for (int i = 0; i < source; ++i) denominator *= 10;
      __int128 error = static_cast<__int128>(m.counter) * denominator - numerator;
      if (error < 0) error = -error;
      if (s.draw_amount_minor != m.draw || m.counter <= 0 || 2 * error > denominator) {
        fail(name + " counter amount " + str(m.counter) + " is not the converted draw amount");
      }
      move(m.provider_out, m.drawer_in, m.draw);
      move(m.drawer_out, m.provider_in, m.counter);
      swaps_.emplace(e.swap_id, m);
      ++stats_.swaps_drawn;
      continue;
    }
    if (it == swaps_.end() || it->second.repaid) {
      fail(name + (it == swaps_.end() ? " unknown to the model" : " already repaid"));
      continue;
    }
    SwapModel& m = it->second;
    const bool on_request = repay != nullptr && repay->swap_id == e.swap_id;
    if (!on_request && m.repay_at > t_) fail(name + " repaid or overdue before its time");
    if (e.kind == SwapEventKind::kOverdue) {
      if (e.reason == Reason::kNone) fail(name + " overdue without a reason");
      ++stats_.swaps_overdue;
      continue;
    }
    repaid_on_request |= on_request;
    move(m.drawer_in, m.provider_out, m.draw);
    move(m.provider_in, m.drawer_out, m.counter);
    m.repaid = true;
    ++stats_.swaps_repaid;
  }
  if (draw != nullptr && result.ok() != drawn) {
    fail("DrawSwap " + describe(result) + " but " + (drawn ? "drawn" : "not drawn"));
  }
  if (repay != nullptr) {
    auto it = swaps_.find(repay->swap_id);
    if (result.ok() != repaid_on_request) {
      fail("RepaySwap " + describe(result) + " but the swap " +
           (repaid_on_request ? "was" : "was not") + " repaid");
    }
    if (!result.ok() && result.reason == Reason::kUnknownSwap && it != swaps_.end() &&
        !it->second.repaid) {
      fail("RepaySwap of an open swap answered NOOR");
    }
  }
}

}  // namespace corridor::core::random_test
