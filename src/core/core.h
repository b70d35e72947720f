// The settlement core: a pure, deterministic RTGS state machine.
//
// Core::apply() takes one sequenced command and returns its result; the
// events it caused (payments settled, queued, rejected, cancelled) are in
// events() until the next apply(). The same commands always give the same
// state and the same state_hash(). No clock, no I/O, no threads: time comes
// in on each command, and the caller (sequencer, simulator, test) owns the rest.
//
// Rules: docs/settlement-rules.md. Thread safety: none; one thread owns a Core.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/command.h"
#include "core/dedupe_set.h"
#include "core/dns.h"
#include "core/reserve_pool.h"
#include "core/result.h"
#include "core/state.h"

namespace corridor::core {

// The Configure command that gives a fresh core `config` (except its hash seed).
Configure configure_command(const Config& config);

class Core {
 public:
  explicit Core(const Config& config = Config());

  Result apply(const Command& command);

  // A hint, no effect on state: starts loading the memory `command` will touch
  // (its UETR's slot in the duplicate index, its parties). A caller applying a
  // batch calls it a few commands ahead of apply() to overlap cache misses.
  void prefetch(const Command& command) const;

  // Events of the last apply(), in the order they happened.
  std::span<const Event> events() const { return events_; }
  // The report of the last EndOfDay command (empty before the first).
  const EodReport& last_eod_report() const { return eod_report_; }

  // A hash of the whole state (reference data, balances, limits, queues in
  // order, pending payments, duplicate-detection window, clock and value date).
  uint64_t state_hash() const;

  // --- Read-only views ----------------------------------------------------
  TimestampNs now_ns() const { return now_ns_; }
  ValueDate value_date() const { return value_date_; }
  DayPhase day_phase() const { return day_phase_; }
  const Config& config() const { return config_; }
  // Whether rule 3 (offsetting on entry) is applied; SetEntryOffsetting.
  bool entry_offsetting() const { return entry_offsetting_; }

  std::optional<CurrencyId> find_currency(const CurrencyCode& code) const;
  std::optional<ParticipantId> find_participant(const Bic& bic) const;
  // The account `bic` settles on in `currency`: its own, or for an indirect
  // participant its settlement bank's.
  std::optional<AccountId> find_account(const Bic& bic, const CurrencyCode& currency) const;

  size_t currency_count() const { return currencies_.size(); }
  size_t participant_count() const { return participants_.size(); }
  size_t account_count() const { return accounts_.size(); }
  const CurrencyRecord& currency(CurrencyId id) const { return currencies_[id]; }
  const ParticipantRecord& participant(ParticipantId id) const { return participants_[id]; }
  const Account& account(AccountId id) const { return accounts_[id]; }
  std::optional<BilateralLimit> bilateral_limit(AccountId from, AccountId to) const;

  // A payment still held by the core (queued or waiting), or nullptr.
  const Payment* find_pending(const Uetr& uetr) const;
  // The second leg of a pending cross-currency payment (kind kPvp), or nullptr.
  const SecondLeg* find_second_leg(const Uetr& uetr) const;
  // A published FX quote, or nullptr.
  const FxQuote* find_quote(uint64_t quote_id) const;
  size_t quote_count() const { return quotes_.size(); }
  size_t unmatched_trade_count() const { return unmatched_trades_.size(); }
  static constexpr size_t kUnmatchedTradesMax = 1u << 16;
  static constexpr size_t kQuotesMax = 1u << 16;
  // True if the UETR is known (pending, or final within the dedupe window).
  bool knows_uetr(const Uetr& uetr) const { return dedupe_.contains(uetr); }
  // The UETRs in an account's queue of one priority, head first.
  std::vector<Uetr> queue_snapshot(AccountId account, Priority priority) const;
  uint64_t pending_count() const { return pending_count_; }
  uint64_t queued_count() const { return queued_count_; }
  // The value of the payments queued (or pending: queued or waiting) in one
  // currency, in its minor units. Never summed across currencies.
  AmountMinor queued_value_minor(CurrencyId currency) const {
    return currency_pending_[currency].queued_value_minor;
  }
  AmountMinor pending_value_minor(CurrencyId currency) const {
    return currency_pending_[currency].pending_value_minor;
  }

  // Liquidity a payment of `priority` may use: balance + credit line minus
  // what is reserved for more urgent priorities. Saturates; issuers are unbounded.
  // Negative when a line was cut below its use (rule 16): nothing may be debited.
  AmountMinor available_liquidity(AccountId account, Priority priority) const;
  // The same for a non-issuer account `a` as if its balance were `balance_minor`
  // (gridlock and DNS settlement ask about balances after incoming money): the
  // one formula for liquidity in the core (rules 1 and 16).
  static __int128 liquidity_at(const Account& a, __int128 balance_minor, Priority priority);
  // The lowest balance the account may have now: -credit line; after a line cut
  // below its use, the lowest balance since the cut, which ratchets up with the
  // balance until it is back within the line (rule 16); unbounded for issuers.
  AmountMinor floor_minor(AccountId account) const;
  // True if neither the participant nor (for indirects) its settlement bank is suspended or closed.
  bool participant_can_settle(ParticipantId id) const;

  // Every violated invariant, one readable line each; empty when all hold.
  // O(accounts + pending payments): for tests and the simulator's checker.
  std::vector<std::string> check_invariants() const;

  // --- Deferred net settlement and the reserve fund (dns.cc, rule 14) -------
  // The report of the last settled DNS cycle (empty before the first).
  const DnsCycleReport& last_dns_report() const { return dns_report_; }
  // Open cycles, net debit caps, positions, contributions, fund balances and
  // the claims on defaulters: read-only.
  const DnsState& dns() const { return dns_; }
  // The payments in the open cycle of `currency`.
  size_t dns_open_count(CurrencyId currency) const {
    return currency < dns_.currencies.size() ? dns_.currencies[currency].payments.size() : 0;
  }
  // The reserve-fund account's balance in `currency` (held outside the RTGS accounts).
  AmountMinor dns_fund_minor(CurrencyId currency) const {
    return currency < dns_.currencies.size() ? dns_.currencies[currency].fund_minor : 0;
  }
  // What `defaulter` owes `contributor` for fund draws (0 if nothing).
  AmountMinor dns_claim_minor(AccountId defaulter, AccountId contributor) const;

  // --- Ratings, collateral and credit lines (credit.cc, rule 16) -----------
  const CreditState& credit() const { return credit_; }
  CreditGrade rating(ParticipantId id) const { return credit_.rating_of(id); }
  uint16_t haircut_bp(CreditGrade grade) const {
    return on_scale(grade) ? credit_.haircut_bp[static_cast<uint8_t>(grade)] : kHaircutBpMax;
  }
  // True while collateral is pledged for the account: its line is the
  // collateral after haircuts and SetCreditLine is refused for it.
  bool collateral_driven(AccountId account) const;
  // The account's rating, collateral, line, use and floor, for the operator.
  CreditView credit_view(AccountId account) const;

  // --- The central-bank reserve arrangement (reserve_pool.cc, rule 17) --------
  // Members, and every swap drawn (open, overdue or repaid): read-only.
  const ReservePool& reserve_pool() const { return pool_; }
  // What happened to swaps in the last apply() (drawn, repaid, overdue).
  std::span<const SwapEvent> swap_events() const { return swap_events_; }
  static constexpr size_t kPoolMembersMax = 1u << 10;
  static constexpr size_t kSwapsMax = 1u << 16;

  // --- State images (journal snapshots; state_image.cc) ---------------------
  // Appends a self-contained binary image of the whole state to `out`
  // (docs/journal-format.md, "Core state image"). The bytes depend on the
  // duplicate index's layout (its hash seed): compare states by state_hash(), not by image.
  void save_state(std::vector<uint8_t>* out) const;
  // Replaces this core's state with an image written by save_state(). On any
  // malformed, truncated or inconsistent image returns false with a readable
  // reason in *error (if not null) and leaves *this unchanged. Never trusts a length.
  // Afterwards the core behaves exactly as the saved one would: same results,
  // events and state_hash() for the same commands. Not restored: events() (empty)
  // and last_eod_report() (empty; the report was output of a command, not state).
  // The image's Config is adopted, except dedupe_hash_seed (layout only): this
  // core keeps its own. Counts above this core's own Config maxima are refused,
  // so that an image cannot make the loader allocate more than it is configured for.
  bool load_state(std::span<const uint8_t> image, std::string* error);

 private:
  friend class Settlement;
  friend class Gridlock;
  friend class StateImage;  // state_image.cc: reads and rebuilds every member

  // Reference data
  Result define_currency(const DefineCurrency& c);
  Result add_participant(const AddParticipant& c);
  Result open_account(const OpenAccount& c);
  Result set_credit_line(const SetCreditLine& c);
  Result set_bilateral_limit(const SetBilateralLimit& c);
  Result set_multilateral_limit(const SetMultilateralLimit& c);
  Result reserve_liquidity(const ReserveLiquidity& c);
  Result suspend_participant(const SuspendParticipant& c);
  Result reactivate_participant(const ReactivateParticipant& c);
  Result close_participant(const CloseParticipant& c);
  // Payments and queues
  Result submit_payment(const SubmitPayment& c);
  Result liquidity_transfer(const LiquidityTransfer& c);
  Result cancel_payment(const CancelPayment& c);
  Result change_priority(const ChangePriority& c);
  Result move_in_queue(const MoveInQueue& c);
  Result modify_payment(const ModifyPayment& c);
  // FX (fx.cc)
  Result publish_fx_quote(const PublishFxQuote& c);
  Result withdraw_fx_quote(const WithdrawFxQuote& c);
  Result submit_cross_currency_payment(const SubmitCrossCurrencyPayment& c);
  Result submit_fx_trade(const SubmitFxTrade& c);
  // Expires the unmatched trade instructions whose deadline has passed.
  void expire_trades();
  // DNS (dns.cc)
  Result set_net_debit_cap(const SetNetDebitCap& c);
  Result submit_dns_payment(const SubmitDnsPayment& c);
  Result settle_dns_cycle(const SettleDnsCycle& c);
  // Credit (credit.cc)
  Result set_haircut(const SetHaircut& c);
  Result set_rating(const SetRating& c);
  Result pledge_collateral(const PledgeCollateral& c);
  // Recomputes from the collateral the lines of `owner`'s accounts (kNoId: all).
  void recompute_credit_lines(ParticipantId owner);
  // Sets an account's line; raising it retries the queue, and a line below the
  // balance's use marks (or, back within it, clears) the cut.
  void set_line(AccountId account, AmountMinor credit_line_minor);
  // After a line change or a credit to a cut account: ratchets its floor up
  // to the balance, or clears the cut once the balance is within the line.
  void update_line_cut(AccountId account);
  bool has_collateral(ParticipantId owner) const;
  void check_credit_invariants(std::vector<std::string>* faults) const;
  uint64_t credit_state_hash() const;
  // CancelPayment of an open DNS payment: kNone, or why not (NOOR: none the
  // requester may cancel; AM14: its creditor would go beyond its cap).
  Reason cancel_dns_payment(const Uetr& uetr, const Bic& requester);
  void dns_end_of_day();                      // rejects what is still in open cycles
  bool dns_involves(ParticipantId id) const;  // open payments or a contribution
  DnsAccount& dns_account(AccountId id);      // grows the table on demand
  void check_dns_invariants(std::vector<std::string>* faults) const;
  uint64_t dns_state_hash() const;
  // Reserve pool (reserve_pool.cc)
  Result join_reserve_pool(const JoinReservePool& c);
  Result leave_reserve_pool(const LeaveReservePool& c);
  Result draw_swap(const DrawSwap& c);
  Result repay_swap(const RepaySwap& c);
  // Reverses both legs of an open or overdue swap, or says why not (moves nothing then).
  Reason try_repay(Swap& swap);
  // Moves one swap leg: liquidity, not a payment (no limit positions, no day totals).
  void move_swap_leg(AccountId from, AccountId to, AmountMinor amount_minor);
  // Repays the open swaps that fell due (clock), or all overdue ones (AdvanceTime).
  void repay_due_swaps(bool retry_overdue);
  void refresh_next_swap_due();
  bool pool_involves(ParticipantId id) const;  // a member, or a party to an open swap
  void check_reserve_pool_invariants(std::vector<std::string>* faults) const;
  uint64_t reserve_pool_state_hash() const;
  void set_priority(PaymentSlot slot, Priority priority);
  Result run_gridlock_resolution(const RunGridlockResolution& c);
  Result end_of_day(const EndOfDay& c);
  Result configure(const Configure& c);
  Result set_entry_offsetting(const SetEntryOffsetting& c);
  Result set_day_phase(const SetDayPhase& c);
  // The commands the cut-off refuses: new payment instructions of every kind.
  static bool is_payment_instruction(const CommandBody& body);

  // Clock: rejects payments whose latest time passed, releases those whose earliest time came.
  // AdvanceTime also retries overdue swaps (retry_overdue_swaps).
  void advance_clock(TimestampNs now_ns, bool retry_overdue_swaps);

  // --- Settlement machinery (settlement.cc) ---
  // Entry disposition of a payment already in slot `slot` (place kWaiting or fresh).
  Outcome dispose(PaymentSlot slot);
  bool ahead_in_fifo(AccountId debtor, Priority priority) const;
  bool covers(AccountId debtor, AccountId creditor, Priority priority, AmountMinor amount) const;
  bool limits_allow(AccountId debtor, AccountId creditor, AmountMinor amount) const;
  bool payment_can_settle_now(const Payment& p) const;  // parties active, not held
  // Both legs of a PvP pair covered (a single payment: its one leg).
  bool payment_covered(PaymentSlot slot) const;
  const SecondLeg& second_leg(PaymentSlot slot) const { return second_legs_.at(slot); }
  // Marks dirty the debtor accounts of queued PvP pairs whose second leg `account` pays.
  void wake_pairs_paid_from(AccountId account);
  // Moves money and records the event; the payment's slot is freed.
  void settle(PaymentSlot slot, SettledBy how);
  // Liquidity transfers do not move limit positions (limits govern payments).
  enum class Flow : uint8_t { kPayment, kLiquidityTransfer };
  void post_transfer(AccountId debtor, AccountId creditor, AmountMinor amount, Flow flow);
  // Limit positions and day totals of one settled payment (balances move elsewhere).
  void record_flow(AccountId debtor, AccountId creditor, AmountMinor amount, Flow flow);
  bool try_offsetting(PaymentSlot slot);
  void resolve_queue(AccountId account);
  void resolve_dirty_accounts();
  void mark_dirty(AccountId account);
  void finish_pending(PaymentSlot slot, EventKind kind, Reason reason);

  // --- Pending payment table and queues ---
  std::optional<PaymentSlot> allocate_slot();
  void free_slot(PaymentSlot slot);
  void queue_push_back(PaymentSlot slot);
  void queue_push_front(PaymentSlot slot);
  void queue_remove(PaymentSlot slot);
  void count_queued(PaymentSlot slot);
  void add_queued_value(Account& a, AmountMinor amount);

  // --- Atomic selections and gridlock resolution (gridlock.cc) ---
  void selection_clear();
  void selection_touch(AccountId account);
  // Appends `slot` to its debtor's group; payments of one debtor must be added
  // consecutively, in queue order (HU queue, then U, then N).
  void selection_add(PaymentSlot slot);
  void selection_unselect_last(AccountId debtor);
  // Adds (a negative amount: removes) one flow outside the debtors' runs (a second leg).
  void selection_flow(AccountId from, AccountId to, Priority priority, __int128 amount);
  // Unselects the last selected payment of `debtor` and puts the accounts
  // whose coverage that can worsen (its creditors) on the worklist.
  void selection_drop_last(AccountId debtor);
  // Drops the latest selected PvP pair whose second leg `provider_account`
  // pays (with everything its debtor selected after it); false if none.
  bool selection_drop_pair_paid_from(AccountId provider_account);
  bool selection_covers(AccountId account) const;
  // Shrinks the selection to a covered one (partial) or checks it (all-or-nothing).
  // Returns false if nothing covered remains.
  bool selection_solve(bool all_or_nothing);
  // Settles every selected payment at once. Returns how many settled.
  size_t selection_commit(SettledBy how);
  // Payments `from` may pay `to` now without breaking FIFO (rules 3 and 6c).
  void collect_takeable(AccountId from, AccountId to);
  bool is_held(const Payment& p) const { return !payment_can_settle_now(p); }
  size_t gridlock_currency(CurrencyId currency, GridlockAlgorithm algorithm);
  size_t gridlock_bilateral(CurrencyId currency);

  // --- Lookups ---
  // Why a party (or its settlement bank) may not pay or be paid: AC04 closed,
  // AC06 suspended; kNone if it may.
  Reason party_block(ParticipantId id) const;
  // The account a participant settles on in a currency, for account commands,
  // or why there is none (RC01, AM03, AC04, AC01 in that order of precedence).
  struct AccountOrReason {
    AccountId account = kNoId;
    Reason reason = Reason::kNone;
  };
  AccountOrReason resolve_account(const Bic& bic, const CurrencyCode& currency) const;
  std::optional<AccountId> account_of(ParticipantId participant, CurrencyId currency) const;
  static uint64_t account_key(ParticipantId participant, CurrencyId currency) {
    return (uint64_t{participant} << 16) | currency;
  }
  static uint64_t pair_key(AccountId from, AccountId to) { return (uint64_t{from} << 32) | to; }
  // The payment's event; a PvP pair's two (kFirst, then kSecond).
  void emit(PaymentSlot slot, EventKind kind, SettledBy how, Reason reason);

  Config config_;
  TimestampNs now_ns_ = 0;
  ValueDate value_date_ = 0;
  DayPhase day_phase_ = DayPhase::kOpen;
  uint64_t entry_seq_next_ = 1;
  bool entry_offsetting_ = true;  // rule 3; off: plain RTGS (SetEntryOffsetting)

  std::vector<CurrencyRecord> currencies_;
  std::vector<ParticipantRecord> participants_;
  std::vector<Account> accounts_;
  // CurrencyCode::index() -> currency: a 35 KB table, one load per lookup.
  std::vector<CurrencyId> currency_index_ =
      std::vector<CurrencyId>(CurrencyCode::kIndexCount + 1, kNoCurrency);
  absl::flat_hash_map<uint64_t, ParticipantId> participant_index_;  // Bic::packed() -> id
  // What the entry path needs of a participant, 32 bytes each so that the
  // table stays in cache; mirrors participants_ (checked by check_invariants()).
  static constexpr CurrencyId kInlineCurrencies = 6;
  struct ParticipantHot {
    ParticipantId settlement_bank = kNoId;
    ParticipantStatus status = ParticipantStatus::kActive;
    // Its own accounts in the first currencies, saving a hash lookup per payment.
    std::array<AccountId, kInlineCurrencies> account_by_currency = {kNoId, kNoId, kNoId,
                                                                    kNoId, kNoId, kNoId};
  };
  std::vector<ParticipantHot> participant_hot_;
  void set_participant_status(ParticipantId id, ParticipantStatus status) {
    participants_[id].status = status;
    participant_hot_[id].status = status;
  }
  absl::flat_hash_map<uint64_t, AccountId> account_index_;          // account_key -> account
  absl::flat_hash_map<uint64_t, BilateralLimit> bilateral_limits_;  // pair_key -> limit
  std::vector<std::vector<AccountId>> limit_counterparties_;        // by account, sorted

  std::vector<Payment> payments_;  // pending payments; slots reused through free_slots_
  std::vector<PaymentSlot> free_slots_;
  uint64_t pending_count_ = 0;
  uint64_t queued_count_ = 0;
  // Per currency (amounts of different currencies are never added): what is
  // queued, and what is pending (queued or waiting). Submissions that could
  // overflow a currency's pending value are rejected (AM02), so neither wraps.
  struct CurrencyPending {
    AmountMinor queued_value_minor = 0;
    AmountMinor pending_value_minor = 0;
  };
  std::vector<CurrencyPending> currency_pending_;  // by currency id
  // Cross-currency (PvP) payments: the second leg of each pending pair, by its
  // slot; and, per (provider account paying a second leg, debtor account whose
  // queue holds the pair), how many pairs are queued, so that liquidity
  // arriving on the provider's account retries those debtors' queues. Ordered
  // (std::map): the retry order must not depend on hash layout.
  absl::flat_hash_map<PaymentSlot, SecondLeg> second_legs_;
  std::map<uint64_t, uint32_t> pairs_waiting_on_;
  absl::flat_hash_map<uint64_t, FxQuote> quotes_;  // by quote id
  // Unmatched FX trade instructions by (reference, lower participant id, higher),
  // ordered so that hashing, images and expiry need no sort.
  struct TradeKey {
    std::string reference;
    ParticipantId low = kNoId;
    ParticipantId high = kNoId;
    friend bool operator<(const TradeKey& a, const TradeKey& b) {
      if (a.reference != b.reference) return a.reference < b.reference;
      if (a.low != b.low) return a.low < b.low;
      return a.high < b.high;
    }
  };
  static TradeKey trade_key(std::string_view reference, ParticipantId a, ParticipantId b) {
    return TradeKey{std::string(reference), std::min(a, b), std::max(a, b)};
  }
  std::map<TradeKey, UnmatchedTrade> unmatched_trades_;
  TimestampNs next_trade_deadline_ns_ = INT64_MAX;  // derived: the earliest deadline held
  DedupeSet dedupe_;  // every UETR of the window: the entry path's duplicate check
  absl::flat_hash_map<Uetr, PaymentSlot> pending_index_;  // pending payments only
  PaymentSlot pending_slot(const Uetr& uetr) const {
    auto it = pending_index_.find(uetr);
    return it == pending_index_.end() ? kNoId : it->second;
  }
  // Whether `requester` (empty: the operator) may cancel or change the pending
  // payment in `slot`: its debtor agent or the agent's settlement bank.
  bool may_manage(const Bic& requester, PaymentSlot slot) const;
  // pending_slot(), but kNoId also when the requester may not manage it.
  PaymentSlot owned_pending_slot(const Uetr& uetr, const Bic& requester) const;
  // Queued payments per (debtor account, creditor account): lets offsetting and
  // bilateral resolution skip pairs with nothing queued the other way, instead
  // of walking long queues. Derived from the queues; checked by check_invariants().
  absl::flat_hash_map<uint64_t, uint32_t> queued_by_pair_;
  uint32_t queued_between(AccountId from, AccountId to) const {
    auto it = queued_by_pair_.find(pair_key(from, to));
    return it == queued_by_pair_.end() ? 0 : it->second;
  }

  // Min-heaps of (time, entry_seq, slot); stale entries are skipped lazily.
  struct TimedEntry {
    TimestampNs at_ns;
    uint64_t entry_seq;
    PaymentSlot slot;
  };
  std::vector<TimedEntry> earliest_heap_;
  std::vector<TimedEntry> latest_heap_;
  // Heap order: the earliest time first, ties in entry order.
  static bool timed_later(const TimedEntry& a, const TimedEntry& b) {
    return a.at_ns != b.at_ns ? a.at_ns > b.at_ns : a.entry_seq > b.entry_seq;
  }
  static void push_timed(std::vector<TimedEntry>& heap, const TimedEntry& entry) {
    heap.push_back(entry);
    std::push_heap(heap.begin(), heap.end(), timed_later);
  }

  // Accounts whose liquidity rose or whose queue head changed this command.
  std::vector<AccountId> dirty_accounts_;
  std::vector<uint8_t> dirty_flags_;
  static constexpr uint8_t kDirtyChanged = 1;
  static constexpr uint8_t kDirtyWoken = 2;

  // Day figures
  std::vector<CurrencyDayTotals> day_totals_;
  uint32_t business_day_ = 0;  // +1 per end of day; dates UETRs for the dedupe window
  uint32_t window_days_ = 5;   // Config::dedupe_window_days, clamped

  // Scratch space for atomic multi-payment settlement (offsetting, gridlock).
  // Not state: cleared before each use, never hashed.
  struct Selection {
    std::vector<PaymentSlot> debits;  // grouped by debtor account, each group in queue order
    std::vector<AccountId> touched;   // accounts that pay or receive in the selection
    std::vector<__int128> in_minor;   // by account
    std::vector<std::array<__int128, kPriorityCount>> out_minor;  // by account and priority
    std::vector<uint32_t> debits_begin;
    std::vector<uint32_t> debits_count;
    std::vector<uint32_t> selected_count;  // selected = first selected_count of the group
    std::vector<uint8_t> is_touched;
    std::vector<uint8_t> on_worklist;
    std::vector<AccountId> worklist;
    absl::flat_hash_map<uint64_t, __int128> pair_delta_minor;  // net flow per limited pair
    // PvP pairs added, in order, with their position in `debits`.
    std::vector<std::pair<PaymentSlot, uint32_t>> pvp;
  };
  Selection selection_;
  std::vector<uint64_t> gridlock_pairs_;  // scratch for the bilateral algorithm

  DnsState dns_;
  CreditState credit_;
  ReservePool pool_;
  TimestampNs next_swap_due_ns_ = INT64_MAX;  // derived: the earliest repay time of an open swap
  std::vector<SwapEvent> swap_events_;

  std::vector<Event> events_;
  EodReport eod_report_;
  DnsCycleReport dns_report_;
};

}  // namespace corridor::core
