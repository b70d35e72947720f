// The auditor of the randomised core tests: an independent reference model
// that follows every command and its events and checks the core after each.
//
// What it checks, after every command (docs/settlement-rules.md):
//  - conservation: per currency the balances (issuer account included) sum to 0;
//  - floors: no balance below -credit_line (issuer accounts exempt), except
//    after a rating or haircut change cut the line below its use (rule 16):
//    then the balance never falls until it is back within the line, and the
//    core's floor is exactly that balance (the ratchet);
//  - credit (rule 16): the model keeps ratings, haircuts and collateral and
//    recomputes each collateral-driven line; the core's lines, cuts and floors
//    must match, each pledge must be accepted exactly when the model allows it,
//    and SetCreditLine must be refused for collateral-driven accounts;
//  - every event names a payment the model knows and that is still pending;
//    no payment settles twice; each event agrees with the payment as submitted
//    (accounts, amount, currency, priority) and with the clock (earliest and
//    latest times, event time);
//  - the model's balances, credit lines, reservations, limits and limit
//    positions, moved only by the settled events, equal the core's;
//  - every normal payment settled on entry or by queue resolution left its
//    debtor within its limit; every payment settled that way left its debtor's
//    available liquidity for its priority >= 0; offsetting and gridlock
//    selections leave every paying account covered (conservative check on the
//    positions at the end of the selection);
//  - queue order: no HU or U payment settles behind a payment still queued,
//    not held, in the same queue (FIFO), and nothing settles while a more
//    urgent payment of the same debtor stays queued, not held;
//  - timed payments: none settles before its earliest or after its latest
//    time, and every payment whose latest time passed is rejected (TM01);
//  - PvP pairs (rule 13): every event of a pair is its first leg's immediately
//    followed by its second leg's (same UETR, kind, way of settling, reason),
//    never one leg alone; the second leg agrees with the pair as submitted and
//    moves the model's second-currency balances and positions like a payment;
//    an accepted pair's settlement amount is within half a minor unit of the
//    exact conversion (even on an exact half), at a quote valid at that time;
//    liquidity reaching a provider's account retries the queues of the pairs
//    whose second leg it pays;
//  - result/event consistency, pending counts, Core::check_invariants();
//  - deliberately invalid commands are rejected, emit nothing and leave
//    state_hash() unchanged;
//  - deferred net settlement (rule 14): the model keeps the open DNS payments;
//    each settled cycle's net positions must equal the model's netting of them
//    and sum to zero, its balance changes must add up (settlement, fund draws,
//    contributions) and to zero with the fund's change, and each DNS payment
//    settles at most once; the fund counts in conservation;
//  - reserve pool (rule 17): every swap drawn moves both legs in the model
//    (its counter amount within half a minor unit of the exact conversion),
//    every repayment reverses both at the original amounts, at most once and
//    never before its time unless on request; a refused draw moves nothing.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "core/core.h"
#include "random_generator.h"

namespace corridor::core::random_test {

struct AuditStats {
  uint64_t commands = 0;
  uint64_t rejected_commands = 0;
  uint64_t deliberate_invalid = 0;
  uint64_t submitted = 0;
  std::array<uint64_t, 6> settled_by{};  // by SettledBy
  uint64_t queued_events = 0;
  uint64_t rejected_events = 0;
  uint64_t cancelled_events = 0;
  uint64_t timing_changes = 0;           // ModifyPayment accepted
  uint64_t timing_changes_rejected = 0;  // ModifyPayment rejected (NOOR, TM01, DT01)
  uint64_t foreign_requests = 0;         // cancel/change of a pending payment by a non-owner (NOOR)
  uint64_t offsetting_groups_checked = 0;
  uint64_t offsetting_groups_skipped = 0;
  uint64_t gridlock_groups_checked = 0;
  uint64_t all_or_nothing_checked = 0;
  uint64_t fifo_accounts_checked = 0;
  uint64_t full_checks = 0;
  uint64_t quiescence_checks = 0;
  uint64_t invariant_checks = 0;
  uint64_t max_pending = 0;
  uint64_t max_queue = 0;  // longest HU or U queue seen
  uint64_t end_of_days = 0;
  uint64_t quotes_published = 0;
  uint64_t pvp_submitted = 0;          // cross-currency payments accepted
  uint64_t pvp_legs_settled = 0;       // second legs seen settling with their first
  uint64_t pvp_events_paired = 0;      // events of pairs checked leg by leg
  uint64_t trades_matched = 0;         // FX trades matched (rule 14)
  uint64_t trades_expired = 0;         // unmatched FX trade instructions expired
  uint64_t dns_submitted = 0;          // DNS payments accepted into a cycle
  uint64_t dns_cycles = 0;             // DNS cycles settled
  uint64_t dns_defaults = 0;           // settled cycles in which the reserve fund was drawn
  uint64_t dns_refused = 0;            // SettleDnsCycle refused (fund insufficient, empty)
  uint64_t credit_accepted = 0;        // SetHaircut, SetRating, PledgeCollateral accepted
  uint64_t line_cuts = 0;              // lines cut below their use (rule 16)
  uint64_t cuts_recovered = 0;         // cut accounts back within their line
  uint64_t cut_offs = 0;               // SetDayPhase(cut-off) accepted
  uint64_t refused_after_cut_off = 0;  // payment instructions refused TM01 after a cut-off
  uint64_t swaps_drawn = 0;            // reserve-pool swaps drawn (rule 17)
  uint64_t swaps_repaid = 0;
  uint64_t swaps_overdue = 0;  // swaps found overdue at their time
};

struct AuditOptions {
  // check_invariants() after every command while the core holds at most this
  // many pending payments; with n > granularity pending, every n/granularity
  // commands (UINT64_MAX: every command, whatever the size).
  uint64_t invariants_granularity = 16;
  // Full queue-membership cross-check (every queue of every account against
  // the model) every this many commands.
  uint64_t full_check_period = 256;
};

class Auditor {
 public:
  explicit Auditor(const Core& core, AuditOptions options = {});

  // Call before core.apply(g.command).
  void before(const Generated& g);
  // Call after; returns the violations found (empty when all hold).
  std::vector<std::string> after(const Generated& g, const Result& result,
                                 std::span<const Event> events);

  const AuditStats& stats() const { return stats_; }

 private:
  enum class State : uint8_t { kNew, kWaiting, kQueued, kSettled, kRejected, kCancelled };

  struct Payment {
    AccountId debtor = kNoId;
    AccountId creditor = kNoId;
    int debtor_part = -1;
    int creditor_part = -1;
    CurrencyId currency = kNoCurrency;
    AmountMinor amount = 0;
    Priority priority = Priority::kNormal;
    TimestampNs earliest = kNoTime;
    TimestampNs latest = kNoTime;
    State state = State::kNew;
    bool liquidity_transfer = false;
    // A cross-currency (PvP) pair: the fields above are its first leg (debtor
    // -> provider, instructed currency); these its second (provider -> creditor).
    bool pvp = false;
    AccountId debtor2 = kNoId;
    AccountId creditor2 = kNoId;
    int creditor2_part = -1;
    CurrencyId currency2 = kNoCurrency;
    AmountMinor amount2 = 0;
    bool queued_event = false;           // a kQueued event was seen for it this command
    uint64_t released_cmd = UINT64_MAX;  // command in which its earliest time came
    uint64_t settled_cmd = UINT64_MAX;
    uint64_t final_eod = 0;  // end-of-day count when it became final
  };

  struct Participant {
    Bic bic;
    ParticipantKind kind = ParticipantKind::kDirect;
    int bank = -1;
    ParticipantStatus status = ParticipantStatus::kActive;
    CurrencyId home = kNoCurrency;
    ParticipantId core_id = kNoId;
  };

  struct Account {
    int part = -1;
    CurrencyId currency = kNoCurrency;
    bool issuer = false;
    AmountMinor balance = 0;
    AmountMinor credit_line = 0;
    bool cut = false;           // line cut below use by a rating or haircut change (rule 16)
    AmountMinor cut_floor = 0;  // the balance when cut, then each higher one
    std::array<AmountMinor, 2> reserved{0, 0};
    AmountMinor mlimit = kNoLimit;
    AmountMinor mpos = 0;
    AmountMinor day_open = 0;
    uint32_t bilateral_count = 0;
  };

  struct Limit {
    AmountMinor limit = 0;
    AmountMinor position = 0;
  };

  // An offsetting or gridlock selection being checked as a whole.
  struct Group {
    bool open = false;
    SettledBy by = SettledBy::kNone;
    uint64_t key = 0;
    int new_payments = 0;
    struct Payer {
      AccountId account;
      Priority least_urgent;
      bool pays_normal;
      std::array<AmountMinor, 3> out{0, 0, 0};  // paid in the selection, by priority
    };
    std::vector<Payer> payers;
    std::vector<std::pair<AccountId, AmountMinor>> mpos_before;
    std::vector<std::pair<uint64_t, AmountMinor>> bilateral_before;
  };

  static uint64_t pair_key(AccountId from, AccountId to) { return (uint64_t{from} << 32) | to; }
  static uint64_t unordered_key(AccountId a, AccountId b) {
    return a < b ? pair_key(a, b) : pair_key(b, a);
  }

  void fail(std::string message);
  int find_part(const Bic& bic) const;
  int settling_part(int p) const;  // the participant whose account p settles on
  // Whether `requester` may cancel or change `p`: the operator (empty), its
  // debtor agent or the agent's settlement bank.
  bool may_manage(const Bic& requester, const Payment& p) const;
  std::optional<AccountId> account_of(int part, CurrencyId currency) const;
  std::optional<CurrencyId> currency_of(const CurrencyCode& code) const;
  bool can_settle(int p, const std::vector<ParticipantStatus>& status) const;
  bool held(const Payment& p, const std::vector<ParticipantStatus>& status) const;
  bool held_now(const Payment& p) const;  // with the participants' current statuses
  bool pending(const Payment& p) const {
    return p.state == State::kWaiting || p.state == State::kQueued;
  }
  AmountMinor reserved_above(const Account& a, Priority p) const;
  void set_pending(const Uetr& u, bool on);

  void advance_clock(TimestampNs t);
  void pre_command(const Command& command, const Result& result);
  Reason expected_timing_outcome(const ModifyPayment& c) const;
  void process_event(const Event& e, const Command& command);
  void settle(const Uetr& u, Payment& p, const Event& e);
  // The second-leg event of a pair: must follow its first leg's event at once.
  void process_second_leg(const Event& e);
  void settle_second_leg(Payment& p, const Event& e);
  // Whether an accepted cross-currency payment must have been rejected (why), from the model.
  std::string pvp_must_reject(const SubmitCrossCurrencyPayment& c, const Payment& p,
                              bool resolvable) const;
  bool leg_covered_now(AccountId debtor, AccountId creditor, Priority priority,
                       AmountMinor amount) const;
  void group_touch(AccountId a, AccountId counterparty);
  void close_group();
  void post_command(const Command& command, const Result& result, std::span<const Event> events);
  void check_fifo();
  void check_quiescence(const Command& command);
  void retry_due(AccountId a);
  // Rule 16: the model's credit bookkeeping (credit commands, lines, cuts).
  void credit_pre_command(const Command& command, bool ok);
  void model_lines(int part);  // recomputes the lines of part's accounts (-1: all)
  void model_set_line(AccountId a, AmountMinor line);
  bool model_collateral_driven(AccountId a) const;
  void check_credit(AccountId id);
  bool covered_now(AccountId a, const Payment& p) const;
  void check_state(const Command& command);
  void full_check();
  void refresh_snapshot(AccountId a);
  void mark_dirty(AccountId a);
  void check_end_of_day();
  // Deferred net settlement (rule 14).
  void dns_pre_command(const Command& command, const Result& result);
  bool dns_event(const Event& e);  // true if the event is about a DNS payment (handled)
  void dns_settled_cycle(CurrencyId currency);
  // Reserve pool: moves the model's balances by the command's swap events.
  void pool_pre_command(const Command& command, const Result& result);
  struct SwapModel {
    AccountId drawer_in = kNoId;   // receives the draw amount
    AccountId drawer_out = kNoId;  // pays the counter amount
    AccountId provider_out = kNoId;
    AccountId provider_in = kNoId;
    AmountMinor draw = 0;
    AmountMinor counter = 0;
    TimestampNs repay_at = 0;
    bool repaid = false;
  };
  absl::flat_hash_map<uint64_t, SwapModel> swaps_;

  const Core& core_;
  AuditOptions options_;
  AuditStats stats_;
  std::vector<std::string> failures_;

  // Model
  TimestampNs now_ = 0;
  ValueDate value_date_ = 0;
  uint64_t eod_count_ = 0;
  std::vector<CurrencyCode> currencies_;  // by core CurrencyId
  std::vector<Participant> parts_;
  absl::flat_hash_map<Bic, int> part_index_;
  std::vector<Account> accounts_;  // by core AccountId
  struct ModelCollateral {
    int part = -1;
    AccountId account = kNoId;
    AmountMinor value = 0;
  };
  std::array<uint16_t, kCreditGradeCount> haircut_bp_ = kDefaultHaircutsBp;
  std::vector<CreditGrade> rating_;                         // by part; missing: unrated
  std::map<uint64_t, ModelCollateral> collateral_;          // by collateral id
  absl::flat_hash_map<uint64_t, AccountId> account_index_;  // (part << 16 | currency)
  absl::flat_hash_map<uint64_t, Limit> limits_;             // pair_key(from, to)
  absl::flat_hash_map<Uetr, Payment> payments_;
  absl::flat_hash_set<Uetr> settled_;
  std::vector<Uetr> pending_list_;
  absl::flat_hash_map<Uetr, size_t> pending_index_;
  uint64_t queued_count_ = 0;  // pending and in a queue (not waiting)
  struct Timed {
    TimestampNs at;
    Uetr uetr;
    bool operator>(const Timed& o) const { return at > o.at; }
  };
  std::vector<Timed> earliest_heap_;
  std::vector<Timed> latest_heap_;
  // Day figures
  std::vector<uint64_t> day_settled_;   // by currency, payments and transfers
  std::vector<uint64_t> day_rejected_;  // by currency, queued payments rejected

  // Queue snapshots (HU, U) per account as of the end of the last command.
  std::vector<std::array<std::vector<Uetr>, 2>> snap_;
  std::vector<uint8_t> snap_dirty_;
  std::vector<AccountId> dirty_list_;

  // Per command
  uint64_t cmd_ = 0;
  TimestampNs t_ = 0;
  bool advanced_ = false;
  bool cut_off_ = false;  // entry closed by SetDayPhase (rule 10)
  void check_day_phase(const Command& command, const Result& result);
  bool rejected_backwards_ = false;
  bool per_event_checks_ = true;
  bool entry_offsetting_ = true;  // SetEntryOffsetting; off: nothing settles by offsetting
  uint64_t hash_before_ = 0;
  std::vector<ParticipantStatus> status_before_;
  std::vector<Uetr> expiring_;
  std::vector<Uetr> released_;
  std::vector<Uetr> settled_now_;
  std::vector<AccountId> settled_debtors_;
  std::vector<AccountId> settled_accounts_;
  std::vector<AccountId> retry_due_;  // accounts rule 4 says must have been retried
  std::vector<std::pair<AccountId, AmountMinor>>
      gridlock_net_;  // debtors and creditors of this command's settlements
  bool previous_invalid_ = false;
  bool hash_before_valid_ = false;
  AccountId skip_fifo_account_ = kNoId;
  std::optional<Uetr> new_uetr_;  // the submitted payment or transfer of this command
  bool new_is_provisional_ = false;
  Priority priority_before_ = Priority::kNormal;
  Reason timing_expected_ = Reason::kNone;  // a ModifyPayment's outcome, as the model sees it
  std::optional<Uetr> priority_change_;  // an accepted ChangePriority's target   // ChangePriority:
                                         // the target's old priority
  std::vector<uint32_t> all_or_nothing_expected_;  // by currency, before the command
  std::vector<uint32_t> gridlock_settled_;         // by currency, this command
  Group group_;

  // FX quotes as the model knows them.
  struct Quote {
    int provider = -1;
    CurrencyId base = kNoCurrency;
    CurrencyId quote = kNoCurrency;
    int64_t rate_units = 0;
    int rate_scale = 0;
    TimestampNs valid_from_ns = 0;
    TimestampNs valid_to_ns = 0;
    AmountMinor max_minor = 0;
  };
  absl::flat_hash_map<uint64_t, Quote> quotes_;
  // The first-leg event of a pair just processed; its second must come next.
  struct FirstLeg {
    Uetr uetr;
    EventKind kind = EventKind::kSettled;
    SettledBy by = SettledBy::kNone;
    Reason reason = Reason::kNone;
  };
  std::optional<FirstLeg> first_leg_;
  absl::flat_hash_set<Uetr> pvp_pending_;  // pending pairs (subset of pending_list_)
  // Unmatched FX trade instructions, by "reference|lower part|higher part".
  struct Trade {
    Uetr uetr;
    int party = -1;
    int counterparty = -1;
    CurrencyId sell = kNoCurrency;
    CurrencyId buy = kNoCurrency;
    AmountMinor sell_amount = 0;
    AmountMinor buy_amount = 0;
    TimestampNs deadline = 0;
  };
  absl::flat_hash_map<std::string, Trade> trades_;
  static std::string trade_key(std::string_view reference, int a, int b) {
    return std::string(reference) + "|" + std::to_string(std::min(a, b)) + "|" +
           std::to_string(std::max(a, b));
  }
  struct DnsOpen {
    AccountId debtor = kNoId;
    AccountId creditor = kNoId;
    CurrencyId currency = kNoCurrency;
    AmountMinor amount = 0;
    bool queued_event = false;
  };
  absl::flat_hash_map<Uetr, DnsOpen> dns_open_;
  absl::flat_hash_set<Uetr> dns_final_;    // settled, cancelled or rejected DNS payments
  std::vector<AmountMinor> dns_fund_;      // by currency, as the last settled cycle left it
  std::optional<Uetr> dns_cancel_target_;  // a CancelPayment of an open DNS payment
};

}  // namespace corridor::core::random_test
