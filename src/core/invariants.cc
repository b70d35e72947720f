// check_invariants(): the properties that must hold after every command.
// Slow (O(state)) on purpose: it recomputes from scratch what the hot path
// maintains incrementally, so the two can be compared.
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "core/core.h"

namespace corridor::core {

std::vector<std::string> Core::check_invariants() const {
  std::vector<std::string> faults;
  auto fault = [&](std::string text) { faults.push_back(std::move(text)); };

  // Conservation: per currency, balances (issuer included) sum to zero.
  std::vector<__int128> sums(currencies_.size(), 0);
  uint64_t queued_total = 0;
  std::vector<__int128> queued_value_by_currency(currencies_.size(), 0);
  for (AccountId id = 0; id < accounts_.size(); ++id) {
    const Account& a = accounts_[id];
    sums[a.currency] += a.balance_minor;
    if (a.balance_minor < floor_minor(id)) {
      fault("account " + std::to_string(id) + " balance " + std::to_string(a.balance_minor) +
            " below its floor " + std::to_string(floor_minor(id)));
    }
    if (a.balance_min_minor > a.balance_minor) {
      fault("account " + std::to_string(id) + " lowest balance above the balance");
    }
    __int128 queued_value = 0;
    for (int q = 0; q < kPriorityCount; ++q) {
      const QueueList& list = a.queues[q];
      uint32_t length = 0;
      PaymentSlot prev = kNoId;
      for (PaymentSlot s = list.head; s != kNoId; s = payments_[s].next) {
        const Payment& p = payments_[s];
        if (p.place != PaymentPlace::kInQueue || p.debtor_account != id ||
            static_cast<int>(p.priority) != q || p.prev != prev) {
          fault("account " + std::to_string(id) + " queue " + std::to_string(q) +
                " holds a payment that does not belong there (slot " + std::to_string(s) + ")");
          break;
        }
        queued_value += p.amount_minor;
        prev = s;
        if (++length > payments_.size()) {
          fault("account " + std::to_string(id) + " queue " + std::to_string(q) + " has a cycle");
          break;
        }
      }
      if (((a.queue_nonempty_bits >> q) & 1) != (length > 0 ? 1 : 0)) {
        fault("account " + std::to_string(id) + " queue " + std::to_string(q) +
              " non-empty bit wrong");
      }
      if (list.tail != prev || list.length != length) {
        fault("account " + std::to_string(id) + " queue " + std::to_string(q) +
              " length or tail wrong");
      }
      queued_total += length;
    }
    if (queued_value != a.queued_value_minor) {
      fault("account " + std::to_string(id) + " queued value out of step with its queues");
    }
    queued_value_by_currency[a.currency] += queued_value;
  }
  // The reserve-fund account of each currency holds money too (the DNS
  // settlement account is at zero between commands: settle_dns_cycle asserts it).
  for (CurrencyId c = 0; c < sums.size(); ++c) sums[c] += dns_fund_minor(c);
  for (CurrencyId c = 0; c < sums.size(); ++c) {
    if (sums[c] != 0) {
      fault("currency " + currencies_[c].code.to_string() + " balances do not sum to zero");
    }
  }
  if (queued_total != queued_count_) fault("queued count out of step with the queues");
  if (currency_pending_.size() != currencies_.size()) {
    fault("per-currency pending totals not one per currency");
  }

  // The entry path's compact participant table mirrors the records.
  for (ParticipantId id = 0; id < participants_.size(); ++id) {
    if (participant_hot_[id].status != participants_[id].status ||
        participant_hot_[id].settlement_bank != participants_[id].settlement_bank) {
      fault("participant " + std::to_string(id) + " compact record out of step");
    }
    for (CurrencyId c = 0; c < kInlineCurrencies && c < currencies_.size(); ++c) {
      auto it = account_index_.find(account_key(id, c));
      const AccountId indexed = it == account_index_.end() ? kNoId : it->second;
      if (participant_hot_[id].account_by_currency[c] != indexed) {
        fault("participant " + std::to_string(id) + " inline account table out of step");
      }
    }
  }

  // The per-pair queued counts match the queues.
  absl::flat_hash_map<uint64_t, uint32_t> by_pair;
  for (const Payment& p : payments_) {
    if (p.place == PaymentPlace::kInQueue)
      ++by_pair[pair_key(p.debtor_account, p.creditor_account)];
  }
  if (by_pair != queued_by_pair_) fault("queued-by-pair counts out of step with the queues");

  // Pending payments: each is indexed by its UETR exactly once.
  uint64_t pending = 0;
  std::vector<__int128> pending_value(accounts_.size(), 0);
  std::vector<__int128> pending_value_by_currency(currencies_.size(), 0);
  absl::flat_hash_set<Uetr> seen;
  for (PaymentSlot s = 0; s < payments_.size(); ++s) {
    const Payment& p = payments_[s];
    if (p.place == PaymentPlace::kFree) continue;
    ++pending;
    pending_value[p.debtor_account] += p.amount_minor;
    pending_value_by_currency[p.currency] += p.amount_minor;
    if (!seen.insert(p.uetr).second) fault("UETR " + p.uetr.to_string() + " pending twice");
    if (pending_slot(p.uetr) != s || !dedupe_.contains(p.uetr)) {
      fault("pending payment " + p.uetr.to_string() + " not indexed to its slot");
    }
  }
  if (pending != pending_count_) fault("pending count out of step with the table");
  if (pending_index_.size() != pending) fault("pending index holds payments no longer pending");
  for (CurrencyId c = 0; c < currencies_.size() && c < currency_pending_.size(); ++c) {
    if (queued_value_by_currency[c] != currency_pending_[c].queued_value_minor) {
      fault("currency " + currencies_[c].code.to_string() +
            " queued value out of step with the queues");
    }
    if (pending_value_by_currency[c] != currency_pending_[c].pending_value_minor) {
      fault("currency " + currencies_[c].code.to_string() +
            " pending value out of step with the table");
    }
  }
  for (AccountId id = 0; id < accounts_.size(); ++id) {
    if (pending_value[id] != accounts_[id].pending_value_minor) {
      fault("account " + std::to_string(id) + " pending value out of step with the table");
    }
  }
  // PvP pairs: each pending pair has exactly one second leg, in another
  // currency, paid from an account of the first leg's creditor (the provider);
  // the retry index matches the queued pairs.
  size_t pairs = 0;
  std::map<uint64_t, uint32_t> waiting;
  for (PaymentSlot s = 0; s < payments_.size(); ++s) {
    const Payment& p = payments_[s];
    if (p.place == PaymentPlace::kFree || p.kind != PaymentKind::kPvp) continue;
    ++pairs;
    auto it = second_legs_.find(s);
    if (it == second_legs_.end()) {
      fault("PvP payment " + p.uetr.to_string() + " has no second leg");
      continue;
    }
    const SecondLeg& leg = it->second;
    if (leg.debtor_account >= accounts_.size() || leg.creditor_account >= accounts_.size() ||
        leg.debtor_account == leg.creditor_account || leg.currency == p.currency ||
        accounts_[leg.debtor_account].currency != leg.currency ||
        accounts_[leg.creditor_account].currency != leg.currency ||
        accounts_[leg.debtor_account].owner != accounts_[p.creditor_account].owner ||
        leg.amount_minor <= 0) {
      fault("PvP payment " + p.uetr.to_string() + " second leg inconsistent");
      continue;
    }
    if (p.place == PaymentPlace::kInQueue)
      ++waiting[pair_key(leg.debtor_account, p.debtor_account)];
  }
  if (pairs != second_legs_.size()) fault("second legs held for payments that are not PvP pairs");
  if (waiting != pairs_waiting_on_) fault("PvP retry index out of step with the queues");
  for (const auto& [id, quote] : quotes_) {
    if (quote.quote_id != id || quote.provider >= participants_.size() ||
        quote.base_currency >= currencies_.size() || quote.quote_currency >= currencies_.size() ||
        quote.base_currency == quote.quote_currency || quote.rate_units <= 0 ||
        quote.rate_scale > PublishFxQuote::kRateScaleMax ||
        quote.valid_to_ns <= quote.valid_from_ns || quote.max_base_amount_minor <= 0) {
      fault("FX quote " + std::to_string(id) + " malformed");
    }
  }
  TimestampNs earliest_deadline = INT64_MAX;
  for (const auto& [key, t] : unmatched_trades_) {
    earliest_deadline = std::min(earliest_deadline, t.settlement_deadline_ns);
    const bool ok =
        t.party < participants_.size() && t.counterparty < participants_.size() &&
        t.party != t.counterparty && t.sell_currency < currencies_.size() &&
        t.buy_currency < currencies_.size() && t.sell_currency != t.buy_currency &&
        t.sell_amount_minor > 0 && t.buy_amount_minor > 0 && !t.trade_reference.view().empty() &&
        key.reference == t.trade_reference.view() && key.low == std::min(t.party, t.counterparty) &&
        key.high == std::max(t.party, t.counterparty) && dedupe_.contains(t.uetr);
    if (!ok) fault("unmatched FX trade " + std::string(t.trade_reference.view()) + " malformed");
  }
  if (next_trade_deadline_ns_ > earliest_deadline) {
    fault("next FX trade deadline after the earliest one held");
  }
  check_dns_invariants(&faults);
  check_credit_invariants(&faults);
  check_reserve_pool_invariants(&faults);
  return faults;
}

}  // namespace corridor::core
