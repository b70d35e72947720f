// state_hash(): one 64-bit digest of everything that decides future behaviour,
// visited in a fixed order (tables by id, queues head to tail, hash maps by
// sorted key, the UETR window as an order-independent sum), so two cores given
// the same commands always agree.
#include <algorithm>
#include <string_view>
#include <vector>

#include "core/core.h"

namespace corridor::core {
namespace {

// A small, fixed, platform-independent mixer (not for security: for comparing runs).
class Hasher {
 public:
  void add(uint64_t value) {
    state_ ^= mix(value + 0x9E3779B97F4A7C15ull + (state_ << 6) + (state_ >> 2));
    state_ *= 0x100000001B3ull;
  }
  void add_signed(int64_t value) { add(static_cast<uint64_t>(value)); }
  void add(std::string_view text) {
    add(text.size());
    for (unsigned char c : text) add(c);
  }
  void add(const Uetr& uetr) {
    add(uetr.high);
    add(uetr.low);
  }
  uint64_t digest() const { return mix(state_); }

 private:
  static uint64_t mix(uint64_t x) {  // splitmix64 finaliser
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 31;
    return x;
  }
  uint64_t state_ = 0xCBF29CE484222325ull;
};

}  // namespace

uint64_t Core::state_hash() const {
  Hasher h;
  h.add_signed(now_ns_);
  h.add_signed(value_date_);
  h.add(business_day_);
  h.add(static_cast<uint8_t>(day_phase_));
  h.add(entry_seq_next_);

  h.add(currencies_.size());
  for (const CurrencyRecord& c : currencies_) {
    h.add(c.code.view());
    h.add_signed(c.minor_units);
    h.add(c.issuer_account);
  }
  h.add(participants_.size());
  for (const ParticipantRecord& p : participants_) {
    h.add(p.bic.bic11());
    h.add(p.name);
    h.add(static_cast<uint64_t>(p.kind));
    h.add(static_cast<uint64_t>(p.status));
    h.add(p.settlement_bank);
    h.add(p.home_currency);
  }
  h.add(accounts_.size());
  for (AccountId id = 0; id < accounts_.size(); ++id) {
    const Account& a = accounts_[id];
    h.add(a.owner);
    h.add(a.currency);
    h.add(a.is_issuer);
    h.add(a.line_cut);
    h.add_signed(a.balance_minor);
    h.add_signed(a.credit_line_minor);
    h.add_signed(a.reserved_minor[0]);
    h.add_signed(a.reserved_minor[1]);
    h.add_signed(a.multilateral_limit_minor);
    h.add_signed(a.multilateral_position_minor);
    h.add_signed(a.balance_open_minor);
    h.add_signed(a.balance_min_minor);
    for (AccountId counterparty : limit_counterparties_[id]) {
      const BilateralLimit& limit = bilateral_limits_.at(pair_key(id, counterparty));
      h.add(counterparty);
      h.add_signed(limit.limit_minor);
      h.add_signed(limit.position_minor);
    }
    for (const QueueList& q : a.queues) {
      h.add(q.length);
      for (PaymentSlot s = q.head; s != kNoId; s = payments_[s].next) h.add(s);
    }
  }
  // Pending payments, by slot (slot assignment is itself deterministic).
  h.add(payments_.size());
  for (PaymentSlot s = 0; s < payments_.size(); ++s) {
    const Payment& p = payments_[s];
    h.add(static_cast<uint64_t>(p.place));
    if (p.place == PaymentPlace::kFree) continue;
    h.add(p.uetr);
    h.add(p.instruction_id.view());
    h.add_signed(p.amount_minor);
    h.add_signed(p.earliest_ns);
    h.add_signed(p.latest_ns);
    h.add_signed(p.submitted_ns);
    h.add(p.entry_seq);
    h.add(p.debtor_account);
    h.add(p.creditor_account);
    h.add(p.debtor_agent);
    h.add(p.creditor_agent);
    h.add(static_cast<uint64_t>(p.priority));
    h.add(static_cast<uint64_t>(p.type));
    h.add(static_cast<uint64_t>(p.kind));
    if (p.kind == PaymentKind::kPvp) {
      const SecondLeg& leg = second_legs_.at(s);
      h.add(leg.debtor_account);
      h.add(leg.creditor_account);
      h.add(leg.creditor_agent);
      h.add(leg.currency);
      h.add_signed(leg.amount_minor);
      h.add(leg.quote_id);
    }
  }
  // FX quotes by increasing id.
  std::vector<uint64_t> quote_ids;
  quote_ids.reserve(quotes_.size());
  for (const auto& [id, quote] : quotes_) quote_ids.push_back(id);
  std::sort(quote_ids.begin(), quote_ids.end());
  h.add(quote_ids.size());
  for (uint64_t id : quote_ids) {
    const FxQuote& q = quotes_.at(id);
    h.add(q.quote_id);
    h.add(q.provider);
    h.add(q.base_currency);
    h.add(q.quote_currency);
    h.add(q.rate_scale);
    h.add_signed(q.rate_units);
    h.add_signed(q.valid_from_ns);
    h.add_signed(q.valid_to_ns);
    h.add_signed(q.max_base_amount_minor);
  }
  // The duplicate-detection window, whatever the table's layout: a sum of
  // per-entry digests is independent of order, so no sort (O(n), no allocation;
  // snapshots hash millions of UETRs). Pending payments' UETRs were hashed with
  // their slots above.
  uint64_t window_sum = 0;
  dedupe_.for_each([&](const DedupeSet::Entry& entry) {
    Hasher one;
    one.add(entry.uetr);
    one.add(entry.day_mod16);
    window_sum += one.digest();
  });
  h.add(dedupe_.size());
  h.add(window_sum);
  // Unmatched FX trade instructions, in key order.
  h.add(unmatched_trades_.size());
  for (const auto& [key, t] : unmatched_trades_) {
    h.add(t.uetr);
    h.add(t.trade_reference.view());
    h.add(t.party);
    h.add(t.counterparty);
    h.add(t.sell_currency);
    h.add(t.buy_currency);
    h.add_signed(t.sell_amount_minor);
    h.add_signed(t.buy_amount_minor);
    h.add_signed(t.settlement_deadline_ns);
  }
  for (const CurrencyPending& totals : currency_pending_) {
    h.add_signed(totals.queued_value_minor);
    h.add_signed(totals.pending_value_minor);
  }
  for (const CurrencyDayTotals& t : day_totals_) {
    h.add(t.settled_count);
    h.add_signed(t.settled_value_minor);
    h.add(t.rejected_count);
    h.add_signed(t.rejected_value_minor);
  }
  h.add(dns_state_hash());           // deferred net settlement and the reserve fund (below)
  h.add(reserve_pool_state_hash());  // the central-bank reserve arrangement (below)
  // Hashed only when off, so that every state with the default keeps the hash
  // it had before the switch existed (hashes recorded by earlier runs still match).
  if (!entry_offsetting_) h.add(0x0FF5E7u);
  h.add(credit_state_hash());
  return h.digest();
}

// Ratings, haircuts, collateral and line cuts (rule 16). A core that never saw
// a credit command hashes the defaults, so its digest only moves with them.
uint64_t Core::credit_state_hash() const {
  Hasher h;
  for (uint16_t bp : credit_.haircut_bp) h.add(bp);
  for (ParticipantId id = 0; id < credit_.rating.size(); ++id) {
    if (credit_.rating[id] == CreditGrade::kUnrated) continue;  // same as never rated
    h.add(id);
    h.add(static_cast<uint64_t>(credit_.rating[id]));
  }
  h.add(credit_.collateral.size());
  for (const auto& [id, item] : credit_.collateral) {
    h.add(id);
    h.add(item.owner);
    h.add(item.account);
    h.add_signed(item.value_minor);
  }
  h.add(credit_.cut_floor_minor.size());
  for (const auto& [account, floor] : credit_.cut_floor_minor) {
    h.add(account);
    h.add_signed(floor);
  }
  return h.digest();
}

// The DNS (rule 15) and reserve-pool (rule 17) parts, with the same mixer.
uint64_t Core::dns_state_hash() const {
  Hasher h;
  auto add = [&h](uint64_t v) { h.add(v); };
  add(dns_.currencies.size());
  for (const DnsCurrency& cycle : dns_.currencies) {
    add(cycle.cycles_settled);
    add(static_cast<uint64_t>(cycle.fund_minor));
    add(cycle.payments.size());
    for (const DnsPayment& p : cycle.payments) {
      add(p.uetr.high);
      add(p.uetr.low);
      add(static_cast<uint64_t>(p.amount_minor));
      add(p.debtor_account);
      add(p.creditor_account);
      add(p.debtor_agent);
      add(p.creditor_agent);
    }
  }
  // Accounts whose figures are not all zero: the table's length is layout.
  const DnsAccount none;
  for (AccountId a = 0; a < dns_.accounts.size(); ++a) {
    const DnsAccount& x = dns_.accounts[a];
    if (x.cap_minor == none.cap_minor && x.position_minor == 0 && x.peak_debit_minor == 0 &&
        x.contribution_minor == 0) {
      continue;
    }
    add(a);
    add(static_cast<uint64_t>(x.cap_minor));
    add(static_cast<uint64_t>(x.position_minor));
    add(static_cast<uint64_t>(x.peak_debit_minor));
    add(static_cast<uint64_t>(x.contribution_minor));
  }
  add(dns_.claims.size());
  for (const auto& [key, amount] : dns_.claims) {
    add(key.first);
    add(key.second);
    add(static_cast<uint64_t>(amount));
  }
  return h.digest();
}

uint64_t Core::reserve_pool_state_hash() const {
  Hasher h;
  auto add = [&h](uint64_t v) { h.add(v); };
  add(pool_.members.size());
  for (const auto& [id, m] : pool_.members) {
    add(id);
    add(m.currency);
    add(static_cast<uint64_t>(m.commitment_minor));
    add(m.draw_multiple);
    add(static_cast<uint64_t>(m.drawn_minor));
    add(static_cast<uint64_t>(m.provided_minor));
  }
  add(pool_.swaps.size());
  for (const auto& [id, s] : pool_.swaps) {
    add(s.swap_id);
    add(s.drawer);
    add(s.provider);
    add(s.draw_currency);
    add(s.drawer_currency);
    add(static_cast<uint64_t>(s.draw_amount_minor));
    add(static_cast<uint64_t>(s.counter_amount_minor));
    add(static_cast<uint64_t>(s.rate_units));
    add(s.rate_scale);
    add(static_cast<uint64_t>(s.status));
    add(static_cast<uint64_t>(s.drawn_ns));
    add(static_cast<uint64_t>(s.repay_at_ns));
    add(static_cast<uint64_t>(s.repaid_ns));
  }
  return h.digest();
}

}  // namespace corridor::core
