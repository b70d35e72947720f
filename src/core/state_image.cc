// save_state() and load_state(): the whole state of the core as one binary
// image, for the journal's snapshots (docs/journal-format.md, "Core state image").
//
// The image holds primary data only. Every index and every scratch table is
// rebuilt on load from that data, so nothing derived can be out of step with it.
//
// Loading never trusts the image. Every count is bounded, before anything is
// allocated, by the bytes left (each record has a minimum size) and by the
// Config maxima, both the image's and the loading core's. Every id and link is
// range-checked, each queue is walked with its back links checked, and the
// rebuilt state must pass check_invariants(). The state is built in a fresh
// Core, which is moved into the target only once all of that holds.
#include <algorithm>
#include <bit>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/assert.h"
#include "core/core.h"

namespace corridor::core {
namespace {

constexpr char kMagic[4] = {'C', 'R', 'C', 'S'};
// 2: per-currency queued and pending values (1 had one total across currencies),
// the payment kind (PvP pairs with their second legs) and FX quotes.
// 3: deferred net settlement (open cycles, caps, contributions, fund, claims).
// 4: unmatched FX trade instructions.
// 5: the day phase in the clock part (rule 10); ratings, haircuts, collateral
// and line cuts (rule 16), the settings part (entry offsetting), then the
// reserve pool (members and swaps, rule 17) at the end. Version 4 images, which
// have none, are still read: entry open, default haircuts, no ratings or
// collateral, offsetting on, an empty pool.
constexpr uint16_t kVersion = 5;
constexpr uint16_t kVersionOldestRead = 4;
constexpr size_t kNameLengthMax = 140;  // what AddParticipant accepts (core.cc)

// Record sizes in bytes. They bound counts before allocating and size the output.
constexpr size_t kHeaderBytes = 4 + 2;
constexpr size_t kConfigBytes = 6 * 4;
constexpr size_t kClockBytes = 8 + 4 + 4 + 1 + 4 + 8;
constexpr size_t kCurrencyBytes = 3 + 1 + 4 + 4 * 8;
constexpr size_t kParticipantBytesMin = 11 + 1 + 1 + 4 + 2 + 4;                   // + the name
constexpr size_t kAccountBytesMin = 4 + 2 + 10 * 8 + kPriorityCount * 3 * 4 + 4;  // + limits
constexpr size_t kLimitBytes = 4 + 8 + 8;
// A pending payment after its place byte: UETR, instruction id length, five
// 64-bit and six 32-bit fields, priority and type; + the instruction id.
constexpr size_t kPaymentBytesMin = 16 + 1 + 5 * 8 + 6 * 4 + 3;
// A PvP pair's second leg: accounts, creditor agent, currency, amount, quote id.
constexpr size_t kSecondLegBytes = 3 * 4 + 2 + 8 + 8;
constexpr size_t kQuoteBytes = 8 + 4 + 2 + 2 + 1 + 4 * 8;
// An unmatched trade: UETR, reference length, parties, currencies, amounts, deadline.
constexpr size_t kTradeBytesMin = 16 + 1 + 2 * 4 + 2 * 2 + 3 * 8;
// Every slot costs at least 5 bytes of image: its place byte, and either a
// payment record or, when free, its 4-byte entry in the free list.
constexpr size_t kSlotBytesMin = 1 + 4;
constexpr size_t kCountersBytes = 2 * 8;  // + kCurrencyCountersBytes per currency
constexpr size_t kCurrencyCountersBytes = 2 * 8;
constexpr size_t kTimedBytes = 8 + 8 + 4;
constexpr size_t kUetrBytes = 8 + 8;
constexpr size_t kDnsCurrencyBytes = 8 + 8 + 4;
constexpr size_t kDnsPaymentBytes = 16 + 8 + 4 * 4;
constexpr size_t kDnsAccountBytes = 4 + 4 * 8;
constexpr size_t kDnsClaimBytes = 4 + 4 + 8;
constexpr size_t kSettingsBytes = 1;
constexpr size_t kHaircutsBytes = kCreditGradeCount * 2;
constexpr size_t kRatingBytes = 4 + 1;
constexpr size_t kCollateralBytes = 8 + 4 + 4 + 8;
constexpr size_t kCutFloorBytes = 4 + 8;
// A pool member: participant, currency, commitment, multiple (drawn and
// provided are derived from the swaps, rebuilt on load).
constexpr size_t kPoolMemberBytes = 4 + 2 + 8 + 4;
// A swap: id, parties, currencies, amounts, rate, status, three times.
constexpr size_t kSwapBytes = 8 + 2 * 4 + 2 * 2 + 2 * 8 + 8 + 1 + 1 + 3 * 8;

constexpr uint64_t kDayMask = 0xF000;  // the UUID version nibble: holds the day mod 16
constexpr int kDayShift = 12;

// Writes little-endian integers through a raw pointer into space the caller
// reserved: snapshots hold millions of records, so no per-byte push_back.
class Writer {
 public:
  explicit Writer(uint8_t* at) : at_(at) {}
  template <typename T>
  void put(T value) {
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    using U = std::make_unsigned_t<T>;
    const auto u = static_cast<U>(value);
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(at_, &u, sizeof u);
    } else {
      for (size_t i = 0; i < sizeof u; ++i) at_[i] = static_cast<uint8_t>(u >> (8 * i));
    }
    at_ += sizeof u;
  }
  void bytes(std::string_view text) {
    if (!text.empty()) std::memcpy(at_, text.data(), text.size());
    at_ += text.size();
  }
  uint8_t* at() const { return at_; }

 private:
  uint8_t* at_;
};

// Reads little-endian integers; past the end it returns zeros and ok() turns
// false for good, so a record is read whole and checked once.
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes)
      : at_(bytes.data()), end_(bytes.data() + bytes.size()) {}
  bool ok() const { return ok_; }
  size_t remaining() const { return static_cast<size_t>(end_ - at_); }
  template <typename T>
  T get() {
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
    using U = std::make_unsigned_t<T>;
    if (remaining() < sizeof(U)) {
      at_ = end_;
      ok_ = false;
      return T{};
    }
    U u = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&u, at_, sizeof u);
    } else {
      for (size_t i = 0; i < sizeof u; ++i) u = static_cast<U>(u | (U{at_[i]} << (8 * i)));
    }
    at_ += sizeof u;
    return static_cast<T>(u);
  }
  std::string_view chars(size_t count) {
    if (remaining() < count) {
      at_ = end_;
      ok_ = false;
      return {};
    }
    const std::string_view text(reinterpret_cast<const char*>(at_), count);
    at_ += count;
    return text;
  }

 private:
  const uint8_t* at_;
  const uint8_t* end_;
  bool ok_ = true;
};

std::string num(uint64_t value) {
  return std::to_string(value);
}

}  // namespace

// Friend of Core: reads every member when saving, fills a fresh Core when loading.
class StateImage {
 public:
  static void save(const Core& core, std::vector<uint8_t>* out);
  // Builds a core from `image` and moves it into *target; false, with *error, otherwise.
  static bool load(std::span<const uint8_t> image, Core* target, std::string* error);

 private:
  StateImage(std::span<const uint8_t> image, const Config& limits) : in_(image), limits_(limits) {}

  bool run(Core* target);
  bool read_clock(Core& c);
  bool read_currencies(Core& c);
  bool read_participants(Core& c);
  bool read_accounts(Core& c);
  bool read_payments(Core& c);
  bool read_free_slots(Core& c);
  bool link_queues(Core& c);
  bool read_counters(Core& c);
  bool read_quotes(Core& c);
  bool read_trades(Core& c);
  bool read_timed(Core& c, bool earliest);
  bool read_uetrs(Core& c);
  bool read_dns(Core& c);
  bool read_settings(Core& c);
  bool read_credit(Core& c);
  bool read_reserve_pool(Core& c);

  bool fail(std::string what) {
    error_ = std::move(what);
    return false;
  }
  bool truncated(std::string_view where) {
    return fail(std::string(where) + ": the image ends early");
  }
  // False, with an error, if `count` records of at least `bytes_min` bytes each
  // cannot fit in what is left: checked before allocating room for them.
  bool fits(uint64_t count, size_t bytes_min, std::string_view what) {
    if (count <= in_.remaining() / bytes_min) return true;
    return fail(std::string(what) + ": " + num(count) + " records cannot fit in the " +
                num(in_.remaining()) + " bytes left");
  }

  // The heaps' order, as advance_clock() and submit_payment() keep it: a
  // min-heap by (time, entry_seq) under std::*_heap's max-heap convention.
  static bool later(const Core::TimedEntry& a, const Core::TimedEntry& b) {
    return a.at_ns != b.at_ns ? a.at_ns > b.at_ns : a.entry_seq > b.entry_seq;
  }

  Reader in_;
  uint16_t version_ = kVersion;
  const Config limits_;  // the loading core's: bounds what an image may make it allocate
  std::string error_;

  // Tallies of the payment table, checked against the queues, counters and heaps.
  uint64_t live_count_ = 0;
  uint64_t in_queue_count_ = 0;
  uint64_t waiting_count_ = 0;
  uint64_t with_latest_count_ = 0;
  std::vector<uint64_t> entry_seqs_;
};

// --- Saving --------------------------------------------------------------------------

void StateImage::save(const Core& c, std::vector<uint8_t>* out) {
  // An upper bound of the image size (instruction ids counted at their maximum),
  // so that the output grows once; it is cut to the bytes written at the end.
  size_t bound = kHeaderBytes + kConfigBytes + kClockBytes;
  bound += 4 + c.currencies_.size() * kCurrencyBytes;
  bound += 4 + c.participants_.size() * kParticipantBytesMin;
  for (const ParticipantRecord& p : c.participants_) bound += p.name.size();
  bound += 4 + c.accounts_.size() * kAccountBytesMin + c.bilateral_limits_.size() * kLimitBytes;
  bound += 4 + c.payments_.size() +
           c.pending_count_ * (kPaymentBytesMin + InstructionId::kLengthMax) +
           c.second_legs_.size() * kSecondLegBytes;
  bound += 4 + c.quotes_.size() * kQuoteBytes;
  bound += 4 + c.unmatched_trades_.size() * (kTradeBytesMin + InstructionId::kLengthMax);
  bound += 4 + c.free_slots_.size() * 4 + kCountersBytes +
           c.currency_pending_.size() * kCurrencyCountersBytes;
  bound += 8 + c.earliest_heap_.size() * kTimedBytes + 8 + c.latest_heap_.size() * kTimedBytes;
  bound += 8 + c.dedupe_.size() * kUetrBytes;
  size_t dns_payments = 0;
  for (const DnsCurrency& cycle : c.dns_.currencies) dns_payments += cycle.payments.size();
  bound += c.dns_.currencies.size() * kDnsCurrencyBytes + dns_payments * kDnsPaymentBytes;
  bound +=
      4 + c.dns_.accounts.size() * kDnsAccountBytes + 4 + c.dns_.claims.size() * kDnsClaimBytes;
  bound += kSettingsBytes;
  bound += kHaircutsBytes + 4 + c.credit_.rating.size() * kRatingBytes + 4 +
           c.credit_.collateral.size() * kCollateralBytes + 4 +
           c.credit_.cut_floor_minor.size() * kCutFloorBytes;
  bound += 4 + c.pool_.members.size() * kPoolMemberBytes + 4 + c.pool_.swaps.size() * kSwapBytes;

  const size_t start = out->size();
  out->resize(start + bound);
  Writer w(out->data() + start);

  w.bytes(std::string_view(kMagic, 4));
  w.put<uint16_t>(kVersion);

  // The hash seed is not state (it picks the duplicate index's layout) and is
  // a secret of the process: it is not written.
  const Config& config = c.config_;
  w.put<int32_t>(config.value_date_initial);
  w.put<int32_t>(config.dedupe_window_days);
  w.put<uint32_t>(config.currencies_max);
  w.put<uint32_t>(config.participants_max);
  w.put<uint32_t>(config.accounts_max);
  w.put<uint32_t>(config.pending_payments_max);

  w.put<int64_t>(c.now_ns_);
  w.put<int32_t>(c.value_date_);
  w.put<uint32_t>(c.business_day_);
  w.put<uint8_t>(static_cast<uint8_t>(c.day_phase_));
  w.put<uint32_t>(c.window_days_);
  w.put<uint64_t>(c.entry_seq_next_);

  w.put<uint32_t>(static_cast<uint32_t>(c.currencies_.size()));
  for (CurrencyId id = 0; id < c.currencies_.size(); ++id) {
    const CurrencyRecord& r = c.currencies_[id];
    const CurrencyDayTotals& t = c.day_totals_[id];
    w.bytes(r.code.view());
    w.put<uint8_t>(static_cast<uint8_t>(r.minor_units));
    w.put<uint32_t>(r.issuer_account);
    w.put<uint64_t>(t.settled_count);
    w.put<int64_t>(t.settled_value_minor);
    w.put<uint64_t>(t.rejected_count);
    w.put<int64_t>(t.rejected_value_minor);
  }

  w.put<uint32_t>(static_cast<uint32_t>(c.participants_.size()));
  for (const ParticipantRecord& p : c.participants_) {
    w.bytes(p.bic.bic11());
    w.put<uint8_t>(static_cast<uint8_t>(p.kind));
    w.put<uint8_t>(static_cast<uint8_t>(p.status));
    w.put<uint32_t>(p.settlement_bank);
    w.put<uint16_t>(p.home_currency);
    w.put<uint32_t>(static_cast<uint32_t>(p.name.size()));
    w.bytes(p.name);
  }

  w.put<uint32_t>(static_cast<uint32_t>(c.accounts_.size()));
  for (AccountId id = 0; id < c.accounts_.size(); ++id) {
    const Account& a = c.accounts_[id];
    w.put<uint32_t>(a.owner);
    w.put<uint16_t>(a.currency);
    w.put<int64_t>(a.balance_minor);
    w.put<int64_t>(a.credit_line_minor);
    w.put<int64_t>(a.reserved_minor[0]);
    w.put<int64_t>(a.reserved_minor[1]);
    w.put<int64_t>(a.multilateral_limit_minor);
    w.put<int64_t>(a.multilateral_position_minor);
    w.put<int64_t>(a.balance_open_minor);
    w.put<int64_t>(a.balance_min_minor);
    w.put<int64_t>(a.queued_value_minor);
    w.put<int64_t>(a.pending_value_minor);
    for (const QueueList& q : a.queues) {
      w.put<uint32_t>(q.head);
      w.put<uint32_t>(q.tail);
      w.put<uint32_t>(q.length);
    }
    const std::vector<AccountId>& counterparties = c.limit_counterparties_[id];
    w.put<uint32_t>(static_cast<uint32_t>(counterparties.size()));
    for (AccountId counterparty : counterparties) {
      const BilateralLimit& limit = c.bilateral_limits_.at(Core::pair_key(id, counterparty));
      w.put<uint32_t>(counterparty);
      w.put<int64_t>(limit.limit_minor);
      w.put<int64_t>(limit.position_minor);
    }
  }

  // Free slots are one byte: only their place matters (a reused slot is written in full).
  w.put<uint32_t>(static_cast<uint32_t>(c.payments_.size()));
  uint64_t live = 0;
  for (const Payment& p : c.payments_) {
    w.put<uint8_t>(static_cast<uint8_t>(p.place));
    if (p.place == PaymentPlace::kFree) continue;
    CORRIDOR_ASSERT(++live <= c.pending_count_);  // the size bound counted pending_count_
    w.put<uint64_t>(p.uetr.high);
    w.put<uint64_t>(p.uetr.low);
    const std::string_view instruction_id = p.instruction_id.view();
    w.put<uint8_t>(static_cast<uint8_t>(instruction_id.size()));
    w.bytes(instruction_id);
    w.put<int64_t>(p.amount_minor);
    w.put<int64_t>(p.earliest_ns);
    w.put<int64_t>(p.latest_ns);
    w.put<int64_t>(p.submitted_ns);
    w.put<uint64_t>(p.entry_seq);
    w.put<uint32_t>(p.debtor_account);
    w.put<uint32_t>(p.creditor_account);
    w.put<uint32_t>(p.debtor_agent);
    w.put<uint32_t>(p.creditor_agent);
    w.put<uint32_t>(p.prev);
    w.put<uint32_t>(p.next);
    w.put<uint8_t>(static_cast<uint8_t>(p.priority));
    w.put<uint8_t>(static_cast<uint8_t>(p.type));
    w.put<uint8_t>(static_cast<uint8_t>(p.kind));
    if (p.kind == PaymentKind::kPvp) {
      const SecondLeg& leg = c.second_legs_.at(static_cast<PaymentSlot>(&p - c.payments_.data()));
      w.put<uint32_t>(leg.debtor_account);
      w.put<uint32_t>(leg.creditor_account);
      w.put<uint32_t>(leg.creditor_agent);
      w.put<uint16_t>(leg.currency);
      w.put<int64_t>(leg.amount_minor);
      w.put<uint64_t>(leg.quote_id);
    }
  }
  // In stack order: the last is reused first, so slot numbers replay exactly.
  w.put<uint32_t>(static_cast<uint32_t>(c.free_slots_.size()));
  for (PaymentSlot slot : c.free_slots_) w.put<uint32_t>(slot);

  w.put<uint64_t>(c.pending_count_);
  w.put<uint64_t>(c.queued_count_);
  for (const Core::CurrencyPending& totals : c.currency_pending_) {
    w.put<int64_t>(totals.queued_value_minor);
    w.put<int64_t>(totals.pending_value_minor);
  }

  // Quotes by increasing id (the table's own order depends on its layout).
  std::vector<uint64_t> quote_ids;
  quote_ids.reserve(c.quotes_.size());
  for (const auto& [id, quote] : c.quotes_) quote_ids.push_back(id);
  std::sort(quote_ids.begin(), quote_ids.end());
  w.put<uint32_t>(static_cast<uint32_t>(quote_ids.size()));
  for (uint64_t id : quote_ids) {
    const FxQuote& q = c.quotes_.at(id);
    w.put<uint64_t>(q.quote_id);
    w.put<uint32_t>(q.provider);
    w.put<uint16_t>(q.base_currency);
    w.put<uint16_t>(q.quote_currency);
    w.put<uint8_t>(q.rate_scale);
    w.put<int64_t>(q.rate_units);
    w.put<int64_t>(q.valid_from_ns);
    w.put<int64_t>(q.valid_to_ns);
    w.put<int64_t>(q.max_base_amount_minor);
  }

  // Unmatched FX trade instructions in key order.
  w.put<uint32_t>(static_cast<uint32_t>(c.unmatched_trades_.size()));
  for (const auto& [key, t] : c.unmatched_trades_) {
    w.put<uint64_t>(t.uetr.high);
    w.put<uint64_t>(t.uetr.low);
    const std::string_view reference = t.trade_reference.view();
    w.put<uint8_t>(static_cast<uint8_t>(reference.size()));
    w.bytes(reference);
    w.put<uint32_t>(t.party);
    w.put<uint32_t>(t.counterparty);
    w.put<uint16_t>(t.sell_currency);
    w.put<uint16_t>(t.buy_currency);
    w.put<int64_t>(t.sell_amount_minor);
    w.put<int64_t>(t.buy_amount_minor);
    w.put<int64_t>(t.settlement_deadline_ns);
  }

  // The heaps as stored (vector order, stale entries included): the restored
  // core pops them in exactly the same order.
  for (const std::vector<Core::TimedEntry>* heap : {&c.earliest_heap_, &c.latest_heap_}) {
    w.put<uint64_t>(heap->size());
    for (const Core::TimedEntry& e : *heap) {
      w.put<int64_t>(e.at_ns);
      w.put<uint64_t>(e.entry_seq);
      w.put<uint32_t>(e.slot);
    }
  }

  // The duplicate-detection window in table order (no sort: millions of
  // entries), each UETR with its business day mod 16 in the version nibble.
  w.put<uint64_t>(c.dedupe_.size());
  c.dedupe_.for_each([&w](const DedupeSet::Entry& e) {
    w.put<uint64_t>((e.uetr.high & ~kDayMask) | (uint64_t{e.day_mod16} << kDayShift));
    w.put<uint64_t>(e.uetr.low);
  });

  // Deferred net settlement: per currency (in id order, no count: one per
  // currency) its cycle count, fund and open payments in cycle order; then the
  // accounts with DNS figures; then the claims in (defaulter, contributor) order.
  for (const DnsCurrency& cycle : c.dns_.currencies) {
    w.put<uint64_t>(cycle.cycles_settled);
    w.put<int64_t>(cycle.fund_minor);
    w.put<uint32_t>(static_cast<uint32_t>(cycle.payments.size()));
    for (const DnsPayment& p : cycle.payments) {
      w.put<uint64_t>(p.uetr.high);
      w.put<uint64_t>(p.uetr.low);
      w.put<int64_t>(p.amount_minor);
      w.put<uint32_t>(p.debtor_account);
      w.put<uint32_t>(p.creditor_account);
      w.put<uint32_t>(p.debtor_agent);
      w.put<uint32_t>(p.creditor_agent);
    }
  }
  uint32_t dns_accounts = 0;
  for (const DnsAccount& a : c.dns_.accounts) {
    dns_accounts +=
        (a.cap_minor | a.position_minor | a.peak_debit_minor | a.contribution_minor) != 0;
  }
  w.put<uint32_t>(dns_accounts);
  for (AccountId id = 0; id < c.dns_.accounts.size(); ++id) {
    const DnsAccount& a = c.dns_.accounts[id];
    if ((a.cap_minor | a.position_minor | a.peak_debit_minor | a.contribution_minor) == 0) continue;
    w.put<uint32_t>(id);
    w.put<int64_t>(a.cap_minor);
    w.put<int64_t>(a.position_minor);
    w.put<int64_t>(a.peak_debit_minor);
    w.put<int64_t>(a.contribution_minor);
  }
  w.put<uint32_t>(static_cast<uint32_t>(c.dns_.claims.size()));
  for (const auto& [key, amount] : c.dns_.claims) {
    w.put<uint32_t>(key.first);
    w.put<uint32_t>(key.second);
    w.put<int64_t>(amount);
  }

  // Credit (rule 16): every grade's haircut; the rated participants in id
  // order; the collateral in id order; the cut accounts' floors in account order.
  for (uint16_t bp : c.credit_.haircut_bp) w.put<uint16_t>(bp);
  uint32_t rated = 0;
  for (CreditGrade grade : c.credit_.rating) rated += grade != CreditGrade::kUnrated;
  w.put<uint32_t>(rated);
  for (ParticipantId id = 0; id < c.credit_.rating.size(); ++id) {
    if (c.credit_.rating[id] == CreditGrade::kUnrated) continue;
    w.put<uint32_t>(id);
    w.put<uint8_t>(static_cast<uint8_t>(c.credit_.rating[id]));
  }
  w.put<uint32_t>(static_cast<uint32_t>(c.credit_.collateral.size()));
  for (const auto& [id, item] : c.credit_.collateral) {
    w.put<uint64_t>(id);
    w.put<uint32_t>(item.owner);
    w.put<uint32_t>(item.account);
    w.put<int64_t>(item.value_minor);
  }
  w.put<uint32_t>(static_cast<uint32_t>(c.credit_.cut_floor_minor.size()));
  for (const auto& [account, floor] : c.credit_.cut_floor_minor) {
    w.put<uint32_t>(account);
    w.put<int64_t>(floor);
  }

  w.put<uint8_t>(c.entry_offsetting_ ? 1 : 0);

  // The reserve pool: members by participant id, then every swap by id.
  w.put<uint32_t>(static_cast<uint32_t>(c.pool_.members.size()));
  for (const auto& [id, m] : c.pool_.members) {
    w.put<uint32_t>(id);
    w.put<uint16_t>(m.currency);
    w.put<int64_t>(m.commitment_minor);
    w.put<uint32_t>(m.draw_multiple);
  }
  w.put<uint32_t>(static_cast<uint32_t>(c.pool_.swaps.size()));
  for (const auto& [id, s] : c.pool_.swaps) {
    w.put<uint64_t>(s.swap_id);
    w.put<uint32_t>(s.drawer);
    w.put<uint32_t>(s.provider);
    w.put<uint16_t>(s.draw_currency);
    w.put<uint16_t>(s.drawer_currency);
    w.put<int64_t>(s.draw_amount_minor);
    w.put<int64_t>(s.counter_amount_minor);
    w.put<int64_t>(s.rate_units);
    w.put<uint8_t>(s.rate_scale);
    w.put<uint8_t>(static_cast<uint8_t>(s.status));
    w.put<int64_t>(s.drawn_ns);
    w.put<int64_t>(s.repay_at_ns);
    w.put<int64_t>(s.repaid_ns);
  }

  const auto written = static_cast<size_t>(w.at() - (out->data() + start));
  CORRIDOR_ASSERT(written <= bound);
  out->resize(start + written);
}

// --- Loading -------------------------------------------------------------------------

bool StateImage::load(std::span<const uint8_t> image, Core* target, std::string* error) {
  StateImage loader(image, target->config_);
  if (loader.run(target)) return true;
  if (error != nullptr) *error = "core state image: " + loader.error_;
  return false;
}

bool StateImage::run(Core* target) {
  const std::string_view magic = in_.chars(4);
  const auto version = in_.get<uint16_t>();
  if (!in_.ok()) return truncated("header");
  if (magic != std::string_view(kMagic, 4)) return fail("not a core state image (no CRCS magic)");
  if (version < kVersionOldestRead || version > kVersion) {
    return fail("version " + num(version) + ", but this build reads versions " +
                num(kVersionOldestRead) + " to " + num(kVersion));
  }
  version_ = version;

  Config config;
  config.value_date_initial = in_.get<int32_t>();
  config.dedupe_window_days = in_.get<int32_t>();
  config.currencies_max = in_.get<uint32_t>();
  config.participants_max = in_.get<uint32_t>();
  config.accounts_max = in_.get<uint32_t>();
  config.pending_payments_max = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("config");
  // The image's Config is state (its maxima and window decide rejections), but
  // the hash seed is a layout secret of this process: the loading core's stays.
  config.dedupe_hash_seed = limits_.dedupe_hash_seed;

  Core c(config);
  if (!read_clock(c) || !read_currencies(c) || !read_participants(c) || !read_accounts(c) ||
      !read_payments(c) || !read_free_slots(c) || !link_queues(c) || !read_counters(c) ||
      !read_quotes(c) || !read_trades(c) || !read_timed(c, /*earliest=*/true) ||
      !read_timed(c, /*earliest=*/false) || !read_uetrs(c) || !read_dns(c) ||
      (version >= 5 && !read_credit(c)) || !read_settings(c) ||
      (version >= 5 && !read_reserve_pool(c))) {
    return false;
  }
  if (in_.remaining() != 0) return fail(num(in_.remaining()) + " bytes after the end of the state");

  // Entry sequence numbers order timers and must be unique among pending payments.
  std::sort(entry_seqs_.begin(), entry_seqs_.end());
  if (std::adjacent_find(entry_seqs_.begin(), entry_seqs_.end()) != entry_seqs_.end()) {
    return fail("payments: two pending payments share an entry sequence number");
  }
  entry_seqs_ = {};

  if (const std::vector<std::string> faults = c.check_invariants(); !faults.empty()) {
    std::string what = "inconsistent state: " + faults.front();
    if (faults.size() > 1) what += " (and " + num(faults.size() - 1) + " more)";
    return fail(std::move(what));
  }
  *target = std::move(c);
  return true;
}

bool StateImage::read_clock(Core& c) {
  c.now_ns_ = in_.get<int64_t>();
  c.value_date_ = in_.get<int32_t>();
  c.business_day_ = in_.get<uint32_t>();
  const uint8_t day_phase = version_ >= 5 ? in_.get<uint8_t>() : 0;  // version 4: open
  const auto window_days = in_.get<uint32_t>();
  c.entry_seq_next_ = in_.get<uint64_t>();
  if (!in_.ok()) return truncated("clock");
  if (day_phase > static_cast<uint8_t>(DayPhase::kCutOff)) {
    return fail("clock: day phase " + num(day_phase) + " is neither open (0) nor cut-off (1)");
  }
  c.day_phase_ = static_cast<DayPhase>(day_phase);
  if (window_days != c.window_days_) {
    return fail("clock: a dedupe window of " + num(window_days) + " days, but the config gives " +
                num(c.window_days_));
  }
  if (c.entry_seq_next_ == 0) return fail("clock: next entry sequence number 0");
  return true;
}

bool StateImage::read_currencies(Core& c) {
  const auto count = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("currencies");
  const uint64_t max = std::min({uint64_t{c.config_.currencies_max},
                                 uint64_t{limits_.currencies_max}, uint64_t{kNoCurrency}});
  if (count > max) return fail("currencies: " + num(count) + ", above the maximum " + num(max));
  if (!fits(count, kCurrencyBytes, "currencies")) return false;
  c.currencies_.reserve(count);
  c.day_totals_.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    const auto id = static_cast<CurrencyId>(i);
    const std::string where = "currency " + num(id);
    const std::string_view code_text = in_.chars(3);
    const auto minor_units = in_.get<uint8_t>();
    const auto issuer_account = in_.get<uint32_t>();
    CurrencyDayTotals totals{id, 0, 0, 0, 0};
    totals.settled_count = in_.get<uint64_t>();
    totals.settled_value_minor = in_.get<int64_t>();
    totals.rejected_count = in_.get<uint64_t>();
    totals.rejected_value_minor = in_.get<int64_t>();
    if (!in_.ok()) return truncated(where);
    const auto code = CurrencyCode::parse(code_text);
    if (!code) return fail(where + ": not a currency code");
    if (c.currency_index_[code->index()] != kNoCurrency) {
      return fail(where + ": " + code->to_string() + " defined twice");
    }
    const auto official = iso4217_minor_units(code->view());
    if (minor_units > kMinorUnitsMax || (official && *official != minor_units)) {
      return fail(where + ": " + num(minor_units) + " minor units are wrong for " +
                  code->to_string());
    }
    if (totals.settled_value_minor < 0 || totals.rejected_value_minor < 0) {
      return fail(where + ": negative day totals");
    }
    // issuer_account is checked with the accounts.
    c.currencies_.push_back(CurrencyRecord{*code, minor_units, issuer_account});
    c.currency_index_[code->index()] = id;
    c.day_totals_.push_back(totals);
  }
  return true;
}

bool StateImage::read_participants(Core& c) {
  const auto count = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("participants");
  const uint64_t max = std::min(c.config_.participants_max, limits_.participants_max);
  if (count > max) return fail("participants: " + num(count) + ", above the maximum " + num(max));
  if (!fits(count, kParticipantBytesMin, "participants")) return false;
  c.participants_.reserve(count);
  c.participant_hot_.reserve(count);
  c.participant_index_.reserve(count);
  std::vector<uint8_t> has_central_bank(c.currencies_.size(), 0);
  for (ParticipantId id = 0; id < count; ++id) {
    const std::string where = "participant " + num(id);
    const std::string_view bic_text = in_.chars(11);
    const auto kind = in_.get<uint8_t>();
    const auto status = in_.get<uint8_t>();
    const auto settlement_bank = in_.get<uint32_t>();
    const auto home_currency = in_.get<uint16_t>();
    const auto name_length = in_.get<uint32_t>();
    if (!in_.ok()) return truncated(where);
    if (name_length > kNameLengthMax) return fail(where + ": name longer than 140 bytes");
    const std::string_view name = in_.chars(name_length);
    if (!in_.ok()) return truncated(where);
    const auto bic = Bic::parse(bic_text);
    if (!bic) return fail(where + ": not a BIC");
    if (kind > static_cast<uint8_t>(ParticipantKind::kIndirect)) {
      return fail(where + ": kind " + num(kind) + " out of range");
    }
    if (status > static_cast<uint8_t>(ParticipantStatus::kClosed)) {
      return fail(where + ": status " + num(status) + " out of range");
    }
    if (!c.participant_index_.emplace(bic->packed(), id).second) {
      return fail(where + ": " + bic->to_string() + " added twice");
    }
    ParticipantRecord record{*bic,
                             std::string(name),
                             static_cast<ParticipantKind>(kind),
                             static_cast<ParticipantStatus>(status),
                             settlement_bank,
                             home_currency};
    // As add_participant() allows them: a central bank issues one currency, no
    // other has one; an indirect settles through an earlier, non-indirect bank.
    switch (record.kind) {
      case ParticipantKind::kCentralBank:
        if (home_currency >= c.currencies_.size() || has_central_bank[home_currency]) {
          return fail(where + ": central bank without a currency of its own");
        }
        has_central_bank[home_currency] = 1;
        if (settlement_bank != id) return fail(where + ": settles through another participant");
        break;
      case ParticipantKind::kDirect:
        if (home_currency != kNoCurrency) return fail(where + ": has a home currency");
        if (settlement_bank != id) return fail(where + ": settles through another participant");
        break;
      case ParticipantKind::kIndirect:
        if (home_currency != kNoCurrency) return fail(where + ": has a home currency");
        if (settlement_bank >= id ||
            c.participants_[settlement_bank].kind == ParticipantKind::kIndirect) {
          return fail(where + ": settlement bank " + num(settlement_bank) + " not allowed");
        }
        break;
    }
    c.participant_hot_.push_back(Core::ParticipantHot{record.settlement_bank, record.status});
    c.participants_.push_back(std::move(record));
  }
  return true;
}

bool StateImage::read_accounts(Core& c) {
  const auto count = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("accounts");
  const uint64_t max = std::min(c.config_.accounts_max, limits_.accounts_max);
  if (count > max) return fail("accounts: " + num(count) + ", above the maximum " + num(max));
  if (!fits(count, kAccountBytesMin, "accounts")) return false;
  c.accounts_.resize(count);
  c.limit_counterparties_.resize(count);
  c.account_index_.reserve(count);
  // Sized as open_account() sizes it: one flag per account, all clear between
  // commands. (The selection scratch needs nothing: selection_clear() sizes it
  // to the account count whenever that differs.)
  c.dirty_flags_.assign(count, 0);
  for (AccountId id = 0; id < count; ++id) {
    const std::string where = "account " + num(id);
    Account& a = c.accounts_[id];
    a.owner = in_.get<uint32_t>();
    a.currency = in_.get<uint16_t>();
    a.balance_minor = in_.get<int64_t>();
    a.credit_line_minor = in_.get<int64_t>();
    a.reserved_minor[0] = in_.get<int64_t>();
    a.reserved_minor[1] = in_.get<int64_t>();
    a.multilateral_limit_minor = in_.get<int64_t>();
    a.multilateral_position_minor = in_.get<int64_t>();
    a.balance_open_minor = in_.get<int64_t>();
    a.balance_min_minor = in_.get<int64_t>();
    a.queued_value_minor = in_.get<int64_t>();
    a.pending_value_minor = in_.get<int64_t>();
    for (QueueList& q : a.queues) {  // links are checked by link_queues()
      q.head = in_.get<uint32_t>();
      q.tail = in_.get<uint32_t>();
      q.length = in_.get<uint32_t>();
    }
    const auto limit_count = in_.get<uint32_t>();
    if (!in_.ok()) return truncated(where);

    if (a.owner >= c.participants_.size()) return fail(where + ": owner out of range");
    const ParticipantRecord& owner = c.participants_[a.owner];
    if (owner.kind == ParticipantKind::kIndirect) return fail(where + ": owned by an indirect");
    if (a.currency >= c.currencies_.size()) return fail(where + ": currency out of range");
    if (!c.account_index_.emplace(Core::account_key(a.owner, a.currency), id).second) {
      return fail(where + ": its owner has another account in its currency");
    }
    a.is_issuer = owner.kind == ParticipantKind::kCentralBank && owner.home_currency == a.currency;
    if (a.is_issuer != (c.currencies_[a.currency].issuer_account == id)) {
      return fail(where + ": out of step with its currency's issuer account");
    }
    if (a.currency < Core::kInlineCurrencies) {
      c.participant_hot_[a.owner].account_by_currency[a.currency] = id;
    }
    if (a.credit_line_minor < 0 || a.reserved_minor[0] < 0 || a.reserved_minor[1] < 0 ||
        (a.multilateral_limit_minor < 0 && a.multilateral_limit_minor != kNoLimit)) {
      return fail(where + ": negative credit line, reservation or limit");
    }
    // A credit line bounds a non-issuer's balances from below by -INT64_MAX
    // (the end-of-day report negates the lowest balance).
    if (!a.is_issuer && a.balance_min_minor == INT64_MIN) {
      return fail(where + ": lowest balance out of range");
    }

    if (limit_count > UINT16_MAX) return fail(where + ": too many bilateral limits");
    if (!fits(limit_count, kLimitBytes, where + " bilateral limits")) return false;
    a.bilateral_limit_count = static_cast<uint16_t>(limit_count);
    std::vector<AccountId>& counterparties = c.limit_counterparties_[id];
    counterparties.reserve(limit_count);
    for (uint32_t k = 0; k < limit_count; ++k) {
      const auto counterparty = in_.get<uint32_t>();
      BilateralLimit limit;
      limit.limit_minor = in_.get<int64_t>();
      limit.position_minor = in_.get<int64_t>();
      if (!in_.ok()) return truncated(where);
      if (counterparty >= count || counterparty == id) {
        return fail(where + ": bilateral limit towards account " + num(counterparty));
      }
      if (!counterparties.empty() && counterparty <= counterparties.back()) {
        return fail(where + ": bilateral limits not in increasing counterparty order");
      }
      if (limit.limit_minor < 0) return fail(where + ": negative bilateral limit");
      counterparties.push_back(counterparty);
      c.bilateral_limits_.emplace(Core::pair_key(id, counterparty), limit);
    }
  }
  for (AccountId id = 0; id < count; ++id) {
    for (AccountId counterparty : c.limit_counterparties_[id]) {
      if (c.accounts_[counterparty].currency != c.accounts_[id].currency) {
        return fail("account " + num(id) + ": bilateral limit towards another currency");
      }
    }
  }
  for (CurrencyId id = 0; id < c.currencies_.size(); ++id) {
    const AccountId issuer = c.currencies_[id].issuer_account;
    if (issuer != kNoId &&
        (issuer >= count || !c.accounts_[issuer].is_issuer || c.accounts_[issuer].currency != id)) {
      return fail("currency " + num(id) + ": issuer account is not its central bank's");
    }
  }
  return true;
}

bool StateImage::read_payments(Core& c) {
  const auto count = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("payments");
  const uint64_t max = std::min(c.config_.pending_payments_max, limits_.pending_payments_max);
  if (count > max) return fail("payments: " + num(count) + " slots, above the maximum " + num(max));
  if (!fits(count, kSlotBytesMin, "payment slots")) return false;
  c.payments_.resize(count);  // default records are free slots
  c.pending_index_.reserve(std::min<size_t>(count, in_.remaining() / kPaymentBytesMin));
  for (PaymentSlot slot = 0; slot < count; ++slot) {
    const auto place = in_.get<uint8_t>();
    if (!in_.ok()) return truncated("payment slot " + num(slot));
    if (place == static_cast<uint8_t>(PaymentPlace::kFree)) continue;
    Payment& p = c.payments_[slot];
    p.uetr.high = in_.get<uint64_t>();
    p.uetr.low = in_.get<uint64_t>();
    const auto id_length = in_.get<uint8_t>();
    const std::string_view instruction_id =
        in_.chars(std::min<size_t>(id_length, InstructionId::kLengthMax));
    p.amount_minor = in_.get<int64_t>();
    p.earliest_ns = in_.get<int64_t>();
    p.latest_ns = in_.get<int64_t>();
    p.submitted_ns = in_.get<int64_t>();
    p.entry_seq = in_.get<uint64_t>();
    p.debtor_account = in_.get<uint32_t>();
    p.creditor_account = in_.get<uint32_t>();
    p.debtor_agent = in_.get<uint32_t>();
    p.creditor_agent = in_.get<uint32_t>();
    p.prev = in_.get<uint32_t>();
    p.next = in_.get<uint32_t>();
    const auto priority = in_.get<uint8_t>();
    const auto type = in_.get<uint8_t>();
    const auto kind = in_.get<uint8_t>();
    SecondLeg leg;
    if (kind == static_cast<uint8_t>(PaymentKind::kPvp)) {
      leg.debtor_account = in_.get<uint32_t>();
      leg.creditor_account = in_.get<uint32_t>();
      leg.creditor_agent = in_.get<uint32_t>();
      leg.currency = in_.get<uint16_t>();
      leg.amount_minor = in_.get<int64_t>();
      leg.quote_id = in_.get<uint64_t>();
    }
    if (!in_.ok()) return truncated("payment slot " + num(slot));

    // Only failures build a message: this loop runs a million times per snapshot.
    auto bad = [&](std::string_view what) {
      return fail("payment slot " + num(slot) + ": " + std::string(what));
    };
    if (place > static_cast<uint8_t>(PaymentPlace::kInQueue)) return bad("place out of range");
    p.place = static_cast<PaymentPlace>(place);
    if (id_length > InstructionId::kLengthMax) return bad("instruction id too long");
    p.instruction_id.assign(instruction_id);
    if (!p.uetr.is_version4()) return bad("UETR is not a version-4 UUID");
    if (p.amount_minor <= 0) return bad("amount not positive");
    if (priority >= kPriorityCount) return bad("priority out of range");
    p.priority = static_cast<Priority>(priority);
    if (type >= static_cast<uint8_t>(PaymentType::kLiquidityTransfer)) {
      return bad("type out of range (liquidity transfers never wait)");
    }
    p.type = static_cast<PaymentType>(type);
    if (p.entry_seq == 0 || p.entry_seq >= c.entry_seq_next_) {
      return bad("entry sequence number out of range");
    }
    if (p.debtor_account >= c.accounts_.size() || p.creditor_account >= c.accounts_.size() ||
        p.debtor_account == p.creditor_account) {
      return bad("accounts out of range");
    }
    p.currency = c.accounts_[p.debtor_account].currency;
    if (c.accounts_[p.creditor_account].currency != p.currency) {
      return bad("accounts in different currencies");
    }
    if (p.debtor_agent >= c.participants_.size() || p.creditor_agent >= c.participants_.size() ||
        c.account_of(p.debtor_agent, p.currency) != p.debtor_account ||
        c.account_of(p.creditor_agent, p.currency) != p.creditor_account) {
      return bad("agents do not settle on its accounts");
    }
    if (kind > static_cast<uint8_t>(PaymentKind::kPvp)) return bad("kind out of range");
    p.kind = static_cast<PaymentKind>(kind);
    if (p.kind == PaymentKind::kPvp) {
      // The provider (the first leg's creditor) pays the second leg in another currency.
      if (leg.currency >= c.currencies_.size() || leg.currency == p.currency ||
          leg.creditor_agent >= c.participants_.size() || leg.amount_minor <= 0 ||
          c.account_of(p.creditor_agent, leg.currency) != leg.debtor_account ||
          c.account_of(leg.creditor_agent, leg.currency) != leg.creditor_account ||
          leg.debtor_account == leg.creditor_account) {
        return bad("second leg inconsistent");
      }
      c.second_legs_.emplace(slot, leg);
    }
    // Times as advance_clock() leaves them after every command.
    if (p.submitted_ns > c.now_ns_) return bad("submitted after the clock");
    if (p.earliest_ns != kNoTime && p.latest_ns != kNoTime && p.latest_ns < p.earliest_ns) {
      return bad("latest time before earliest time");
    }
    if (p.latest_ns != kNoTime && p.latest_ns < c.now_ns_) return bad("latest time passed");
    if (p.place == PaymentPlace::kWaiting) {
      if (p.earliest_ns == kNoTime || p.earliest_ns <= c.now_ns_) {
        return bad("waits, but its earliest time has come");
      }
      if (p.prev != kNoId || p.next != kNoId) return bad("waits, but is linked into a queue");
      ++waiting_count_;
    } else {
      ++in_queue_count_;
    }
    if (p.latest_ns != kNoTime) ++with_latest_count_;
    if (!c.pending_index_.emplace(p.uetr, slot).second) return bad("UETR pending twice");
    entry_seqs_.push_back(p.entry_seq);
    ++live_count_;
  }
  return true;
}

bool StateImage::read_free_slots(Core& c) {
  const auto count = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("free slots");
  if (count != c.payments_.size() - live_count_) {
    return fail("free slots: " + num(count) + " listed, but " +
                num(c.payments_.size() - live_count_) + " slots are free");
  }
  if (!fits(count, 4, "free slots")) return false;
  c.free_slots_.resize(count);
  std::vector<uint8_t> listed(c.payments_.size(), 0);
  for (PaymentSlot& slot : c.free_slots_) {
    slot = in_.get<uint32_t>();
    if (slot >= c.payments_.size() || c.payments_[slot].place != PaymentPlace::kFree ||
        listed[slot]) {
      return fail("free slots: slot " + num(slot) + " is not free, or listed twice");
    }
    listed[slot] = 1;
  }
  return in_.ok() || truncated("free slots");
}

// Walks every queue from its head, checking each link backwards too, so a
// corrupt link cannot send the walk round a cycle or out of the table. Then
// every queued payment must have been met exactly once.
bool StateImage::link_queues(Core& c) {
  const size_t slots = c.payments_.size();
  uint64_t linked = 0;
  for (AccountId id = 0; id < c.accounts_.size(); ++id) {
    Account& a = c.accounts_[id];
    for (int q = 0; q < kPriorityCount; ++q) {
      const QueueList& list = a.queues[q];
      const std::string where = "account " + num(id) + " queue " + num(q);
      uint32_t length = 0;
      PaymentSlot prev = kNoId;
      for (PaymentSlot slot = list.head; slot != kNoId; slot = c.payments_[slot].next) {
        if (slot >= slots) return fail(where + ": link to slot " + num(slot) + " out of range");
        const Payment& p = c.payments_[slot];
        if (p.place != PaymentPlace::kInQueue || p.debtor_account != id ||
            static_cast<int>(p.priority) != q || p.prev != prev) {
          return fail(where + ": slot " + num(slot) + " does not belong there");
        }
        if (++length > list.length) return fail(where + ": longer than its length");
        ++c.queued_by_pair_[Core::pair_key(p.debtor_account, p.creditor_account)];
        if (p.kind == PaymentKind::kPvp) {
          ++c.pairs_waiting_on_[Core::pair_key(c.second_legs_.at(slot).debtor_account, id)];
        }
        prev = slot;
      }
      if (length != list.length || list.tail != prev) {
        return fail(where + ": length or tail out of step with its links");
      }
      if (length > 0) a.queue_nonempty_bits |= static_cast<uint8_t>(1u << q);
      linked += length;
    }
  }
  if (linked != in_queue_count_) {
    return fail("queues: " + num(linked) + " payments linked, but " + num(in_queue_count_) +
                " marked as queued");
  }
  return true;
}

bool StateImage::read_counters(Core& c) {
  c.pending_count_ = in_.get<uint64_t>();
  c.queued_count_ = in_.get<uint64_t>();
  c.currency_pending_.resize(c.currencies_.size());  // bounded by the currency count
  for (Core::CurrencyPending& totals : c.currency_pending_) {
    totals.queued_value_minor = in_.get<int64_t>();
    totals.pending_value_minor = in_.get<int64_t>();
  }
  if (!in_.ok()) return truncated("counters");
  if (c.pending_count_ != live_count_ || c.queued_count_ != in_queue_count_) {
    return fail("counters: pending or queued count out of step with the payments");
  }
  return true;  // the values are checked by check_invariants()
}

bool StateImage::read_quotes(Core& c) {
  const auto count = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("quotes");
  if (count > Core::kQuotesMax) return fail("quotes: " + num(count) + ", above the maximum");
  if (!fits(count, kQuoteBytes, "quotes")) return false;
  uint64_t previous = 0;
  for (uint32_t i = 0; i < count; ++i) {
    FxQuote q;
    q.quote_id = in_.get<uint64_t>();
    q.provider = in_.get<uint32_t>();
    q.base_currency = in_.get<uint16_t>();
    q.quote_currency = in_.get<uint16_t>();
    q.rate_scale = in_.get<uint8_t>();
    q.rate_units = in_.get<int64_t>();
    q.valid_from_ns = in_.get<int64_t>();
    q.valid_to_ns = in_.get<int64_t>();
    q.max_base_amount_minor = in_.get<int64_t>();
    if (!in_.ok()) return truncated("quote " + num(i));
    if (i > 0 && q.quote_id <= previous) return fail("quotes: not in increasing id order");
    previous = q.quote_id;
    // The rest (ranges, rate, window) is checked by check_invariants().
    c.quotes_.emplace(q.quote_id, q);
  }
  return true;
}

bool StateImage::read_trades(Core& c) {
  const auto count = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("FX trades");
  if (count > Core::kUnmatchedTradesMax) return fail("FX trades: above the maximum");
  if (!fits(count, kTradeBytesMin, "FX trades")) return false;
  for (uint32_t i = 0; i < count; ++i) {
    UnmatchedTrade t;
    t.uetr.high = in_.get<uint64_t>();
    t.uetr.low = in_.get<uint64_t>();
    const auto length = in_.get<uint8_t>();
    const std::string_view reference =
        in_.chars(std::min<size_t>(length, InstructionId::kLengthMax));
    t.party = in_.get<uint32_t>();
    t.counterparty = in_.get<uint32_t>();
    t.sell_currency = in_.get<uint16_t>();
    t.buy_currency = in_.get<uint16_t>();
    t.sell_amount_minor = in_.get<int64_t>();
    t.buy_amount_minor = in_.get<int64_t>();
    t.settlement_deadline_ns = in_.get<int64_t>();
    if (!in_.ok()) return truncated("FX trade " + num(i));
    if (length > InstructionId::kLengthMax || !t.uetr.is_version4() ||
        t.party >= c.participants_.size() || t.counterparty >= c.participants_.size() ||
        t.settlement_deadline_ns < c.now_ns_) {  // expire_trades() leaves none overdue
      return fail("FX trade " + num(i) + ": malformed");
    }
    t.trade_reference.assign(reference);
    if (!c.unmatched_trades_.emplace(Core::trade_key(reference, t.party, t.counterparty), t)
             .second) {
      return fail("FX trade " + num(i) + ": listed twice");
    }
    c.next_trade_deadline_ns_ = std::min(c.next_trade_deadline_ns_, t.settlement_deadline_ns);
  }
  return true;  // the rest (currencies, amounts, UETR in the window) by check_invariants()
}

// Stale entries (payments since settled, their slots perhaps reused) are kept:
// advance_clock() skips them, and they are part of the heap's shape. Each
// live entry must be the one its payment was given.
bool StateImage::read_timed(Core& c, bool earliest) {
  const std::string_view name = earliest ? "earliest-time heap" : "latest-time heap";
  std::vector<Core::TimedEntry>& heap = earliest ? c.earliest_heap_ : c.latest_heap_;
  const auto count = in_.get<uint64_t>();
  if (!in_.ok()) return truncated(name);
  if (!fits(count, kTimedBytes, name)) return false;
  heap.resize(count);
  std::vector<uint8_t> timed(c.payments_.size(), 0);
  uint64_t live = 0;
  for (Core::TimedEntry& e : heap) {
    e.at_ns = in_.get<int64_t>();
    e.entry_seq = in_.get<uint64_t>();
    e.slot = in_.get<uint32_t>();
    if (!in_.ok()) return truncated(name);
    if (e.slot >= c.payments_.size() || e.entry_seq == 0 || e.entry_seq >= c.entry_seq_next_) {
      return fail(std::string(name) + ": entry out of range");
    }
    // advance_clock() has popped every entry due: earliest at or before now, latest before.
    if (earliest ? e.at_ns <= c.now_ns_ : e.at_ns < c.now_ns_) {
      return fail(std::string(name) + ": an entry is overdue");
    }
    const Payment& p = c.payments_[e.slot];
    if (p.place == PaymentPlace::kFree || p.entry_seq != e.entry_seq) continue;  // stale
    // A changed time (ModifyPayment) leaves the old entry behind, stale; a time
    // changed back leaves two equal entries, of which the first pop acts.
    if ((earliest ? p.earliest_ns : p.latest_ns) != e.at_ns) continue;
    if (earliest && p.place != PaymentPlace::kWaiting) {
      return fail(std::string(name) + ": entry for slot " + num(e.slot) + " not its payment's");
    }
    if (timed[e.slot]) continue;
    timed[e.slot] = 1;
    ++live;
  }
  if (!std::is_heap(heap.begin(), heap.end(), later)) {
    return fail(std::string(name) + ": not in heap order");
  }
  const uint64_t want = earliest ? waiting_count_ : with_latest_count_;
  if (live != want) {
    return fail(std::string(name) + ": " + num(live) + " payments timed, " + num(want) +
                " expected");
  }
  return true;
}

bool StateImage::read_uetrs(Core& c) {
  const auto count = in_.get<uint64_t>();
  if (!in_.ok()) return truncated("UETR window");
  if (!fits(count, kUetrBytes, "UETR window")) return false;
  c.dedupe_.reserve(count);
  // Each insert is a cache miss in a table of up to hundreds of MB: entries are
  // read and their slots prefetched kAhead inserts before they are inserted.
  constexpr uint64_t kAhead = 16;
  DedupeSet::Entry ahead[kAhead];
  for (uint64_t i = 0; i < count + kAhead; ++i) {
    if (i >= kAhead) {
      const uint64_t k = i - kAhead;
      if (!c.dedupe_.insert_entry(ahead[k % kAhead])) {
        return fail("UETR window: entry " + num(k) + " not a version-4 UUID, or listed twice");
      }
    }
    if (i >= count) continue;
    const auto high = in_.get<uint64_t>();
    const auto low = in_.get<uint64_t>();
    if (!in_.ok()) return truncated("UETR window");
    const auto day = static_cast<uint32_t>((high & kDayMask) >> kDayShift);
    const DedupeSet::Entry entry{Uetr{(high & ~kDayMask) | 0x4000, low}, day};
    // As keep_window() leaves the set: every UETR dated within the window.
    if ((c.business_day_ - day) % 16 >= c.window_days_) {
      return fail("UETR window: entry " + num(i) + " dated outside the window");
    }
    c.dedupe_.prefetch(entry.uetr);
    ahead[i % kAhead] = entry;
  }
  return true;
}

// Ranges and links here; positions against the payments, zero sums, the fund
// against the contributions and the UETRs against the window: check_invariants().
bool StateImage::read_dns(Core& c) {
  DnsState& dns = c.dns_;
  dns.currencies.resize(c.currencies_.size());  // bounded by the currency count
  const uint64_t max = std::min(c.config_.pending_payments_max, limits_.pending_payments_max);
  for (CurrencyId id = 0; id < dns.currencies.size(); ++id) {
    const std::string where = "DNS currency " + num(id);
    DnsCurrency& cycle = dns.currencies[id];
    cycle.cycles_settled = in_.get<uint64_t>();
    cycle.fund_minor = in_.get<int64_t>();
    const auto count = in_.get<uint32_t>();
    if (!in_.ok()) return truncated(where);
    if (count > max) return fail(where + ": " + num(count) + " payments, above the maximum");
    if (!fits(count, kDnsPaymentBytes, where)) return false;
    cycle.payments.resize(count);
    for (uint32_t i = 0; i < count; ++i) {
      DnsPayment& p = cycle.payments[i];
      p.uetr.high = in_.get<uint64_t>();
      p.uetr.low = in_.get<uint64_t>();
      p.amount_minor = in_.get<int64_t>();
      p.debtor_account = in_.get<uint32_t>();
      p.creditor_account = in_.get<uint32_t>();
      p.debtor_agent = in_.get<uint32_t>();
      p.creditor_agent = in_.get<uint32_t>();
      if (!in_.ok()) return truncated(where);
      if (!p.uetr.is_version4() || p.amount_minor <= 0 ||
          p.debtor_agent >= c.participants_.size() || p.creditor_agent >= c.participants_.size() ||
          c.account_of(p.debtor_agent, id) != p.debtor_account ||
          c.account_of(p.creditor_agent, id) != p.creditor_account ||
          p.debtor_account == p.creditor_account) {
        return fail(where + ": payment " + num(i) + " inconsistent");
      }
      if (!cycle.index.emplace(p.uetr, i).second) return fail(where + ": a UETR open twice");
    }
  }
  const auto accounts = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("DNS accounts");
  if (accounts > c.accounts_.size()) return fail("DNS accounts: more than accounts");
  if (!fits(accounts, kDnsAccountBytes, "DNS accounts")) return false;
  dns.accounts.resize(accounts == 0 ? 0 : c.accounts_.size());
  int64_t previous = -1;
  for (uint32_t i = 0; i < accounts; ++i) {
    const auto id = in_.get<uint32_t>();
    DnsAccount a;
    a.cap_minor = in_.get<int64_t>();
    a.position_minor = in_.get<int64_t>();
    a.peak_debit_minor = in_.get<int64_t>();
    a.contribution_minor = in_.get<int64_t>();
    if (!in_.ok()) return truncated("DNS accounts");
    if (id >= c.accounts_.size() || static_cast<int64_t>(id) <= previous) {
      return fail("DNS accounts: account " + num(id) + " out of range or out of order");
    }
    previous = id;
    dns.accounts[id] = a;
  }
  const auto claims = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("DNS claims");
  if (!fits(claims, kDnsClaimBytes, "DNS claims")) return false;
  for (uint32_t i = 0; i < claims; ++i) {
    const auto defaulter = in_.get<uint32_t>();
    const auto contributor = in_.get<uint32_t>();
    const auto amount = in_.get<int64_t>();
    if (!in_.ok()) return truncated("DNS claims");
    if (!dns.claims.emplace(std::make_pair(defaulter, contributor), amount).second) {
      return fail("DNS claims: listed twice");
    }
  }
  return true;
}

bool StateImage::read_settings(Core& c) {
  if (version_ < 5) return true;  // no settings part: the defaults (offsetting on)
  const auto entry_offsetting = in_.get<uint8_t>();
  if (!in_.ok()) return truncated("settings");
  if (entry_offsetting > 1) return fail("settings: entry offsetting " + num(entry_offsetting));
  c.entry_offsetting_ = entry_offsetting == 1;
  return true;
}

// Ranges, order and links here; the lines against the collateral and the
// floors against the balances: check_invariants().
bool StateImage::read_credit(Core& c) {
  CreditState& credit = c.credit_;
  for (uint16_t& bp : credit.haircut_bp) {
    bp = in_.get<uint16_t>();
    if (in_.ok() && bp > kHaircutBpMax) return fail("haircuts: " + num(bp) + " bp above 10000");
  }
  const auto rated = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("haircuts and ratings");
  if (rated > c.participants_.size()) return fail("ratings: more than participants");
  if (!fits(rated, kRatingBytes, "ratings")) return false;
  int64_t previous = -1;
  for (uint32_t i = 0; i < rated; ++i) {
    const auto id = in_.get<uint32_t>();
    const auto grade = static_cast<CreditGrade>(in_.get<uint8_t>());
    if (!in_.ok()) return truncated("ratings");
    if (id >= c.participants_.size() || static_cast<int64_t>(id) <= previous || !on_scale(grade)) {
      return fail("ratings: participant " + num(id) +
                  " out of range or order, or grade off the scale");
    }
    previous = id;
    credit.rating.resize(id + 1, CreditGrade::kUnrated);
    credit.rating[id] = grade;
  }
  const auto items = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("collateral");
  if (!fits(items, kCollateralBytes, "collateral")) return false;
  for (uint32_t i = 0; i < items; ++i) {
    const auto id = in_.get<uint64_t>();
    Collateral item;
    item.owner = in_.get<uint32_t>();
    item.account = in_.get<uint32_t>();
    item.value_minor = in_.get<int64_t>();
    if (!in_.ok()) return truncated("collateral");
    if (!credit.collateral.empty() && id <= credit.collateral.rbegin()->first) {
      return fail("collateral: id " + num(id) + " out of order");
    }
    credit.collateral.emplace_hint(credit.collateral.end(), id, item);
  }
  const auto cuts = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("line cuts");
  if (cuts > c.accounts_.size()) return fail("line cuts: more than accounts");
  if (!fits(cuts, kCutFloorBytes, "line cuts")) return false;
  previous = -1;
  for (uint32_t i = 0; i < cuts; ++i) {
    const auto account = in_.get<uint32_t>();
    const auto floor = in_.get<int64_t>();
    if (!in_.ok()) return truncated("line cuts");
    if (account >= c.accounts_.size() || static_cast<int64_t>(account) <= previous) {
      return fail("line cuts: account " + num(account) + " out of range or out of order");
    }
    previous = account;
    credit.cut_floor_minor.emplace_hint(credit.cut_floor_minor.end(), account, floor);
    c.accounts_[account].line_cut = true;
  }
  return true;
}

// Ranges, order and duplicates here; the drawn and provided sums are rebuilt
// from the open swaps; limits, conversions and times: check_invariants().
bool StateImage::read_reserve_pool(Core& c) {
  ReservePool& pool = c.pool_;
  const auto members = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("pool members");
  if (members > Core::kPoolMembersMax) return fail("pool members: above the maximum");
  if (!fits(members, kPoolMemberBytes, "pool members")) return false;
  int64_t previous = -1;
  for (uint32_t i = 0; i < members; ++i) {
    const auto id = in_.get<uint32_t>();
    ReservePoolMember m;
    m.currency = in_.get<uint16_t>();
    m.commitment_minor = in_.get<int64_t>();
    m.draw_multiple = in_.get<uint32_t>();
    if (!in_.ok()) return truncated("pool members");
    if (id >= c.participants_.size() || static_cast<int64_t>(id) <= previous ||
        m.currency >= c.currencies_.size()) {
      return fail("pool member " + num(i) + ": out of range or out of order");
    }
    previous = id;
    pool.members.emplace(id, m);
  }
  const auto swaps = in_.get<uint32_t>();
  if (!in_.ok()) return truncated("swaps");
  if (swaps > Core::kSwapsMax) return fail("swaps: above the maximum");
  if (!fits(swaps, kSwapBytes, "swaps")) return false;
  for (uint32_t i = 0; i < swaps; ++i) {
    Swap s;
    s.swap_id = in_.get<uint64_t>();
    s.drawer = in_.get<uint32_t>();
    s.provider = in_.get<uint32_t>();
    s.draw_currency = in_.get<uint16_t>();
    s.drawer_currency = in_.get<uint16_t>();
    s.draw_amount_minor = in_.get<int64_t>();
    s.counter_amount_minor = in_.get<int64_t>();
    s.rate_units = in_.get<int64_t>();
    s.rate_scale = in_.get<uint8_t>();
    const auto status = in_.get<uint8_t>();
    s.drawn_ns = in_.get<int64_t>();
    s.repay_at_ns = in_.get<int64_t>();
    s.repaid_ns = in_.get<int64_t>();
    if (!in_.ok()) return truncated("swaps");
    if (status > static_cast<uint8_t>(SwapStatus::kRepaid) || s.drawer >= c.participants_.size() ||
        s.provider >= c.participants_.size() || s.draw_currency >= c.currencies_.size() ||
        s.drawer_currency >= c.currencies_.size() ||
        (!pool.swaps.empty() && s.swap_id <= pool.swaps.rbegin()->first)) {
      return fail("swap " + num(i) + ": out of range or out of order");
    }
    s.status = static_cast<SwapStatus>(status);
    if (s.status != SwapStatus::kRepaid) {
      auto d = pool.members.find(s.drawer);
      auto p = pool.members.find(s.provider);
      if (d == pool.members.end() || p == pool.members.end() || s.counter_amount_minor <= 0 ||
          s.draw_amount_minor <= 0) {
        return fail("swap " + num(i) + ": open between parties that are not members");
      }
      // Bounded: the invariants check these sums against the commitments.
      if (__builtin_add_overflow(d->second.drawn_minor, s.counter_amount_minor,
                                 &d->second.drawn_minor) ||
          __builtin_add_overflow(p->second.provided_minor, s.draw_amount_minor,
                                 &p->second.provided_minor)) {
        return fail("swap " + num(i) + ": outstanding amounts overflow");
      }
      if (s.status == SwapStatus::kOpen) {
        c.next_swap_due_ns_ = std::min(c.next_swap_due_ns_, s.repay_at_ns);
      }
    }
    pool.swaps.emplace(s.swap_id, s);
  }
  return true;
}

// --- Core ----------------------------------------------------------------------------

void Core::save_state(std::vector<uint8_t>* out) const {
  StateImage::save(*this, out);
}

bool Core::load_state(std::span<const uint8_t> image, std::string* error) {
  return StateImage::load(image, this, error);
}

}  // namespace corridor::core
