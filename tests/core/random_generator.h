// Seeded random command streams for the core's property tests.
//
// The generator is deterministic: the same seed and the same core behaviour
// (the results and events passed to observe(), and the balances it reads from
// the core it drives) give the same commands. It picks cancels, priority
// changes and moves from the payments it knows are still pending, and sizes
// some payments and reservations from the balances, so it needs that feedback.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/command.h"
#include "core/core.h"
#include "core/reason.h"
#include "core/result.h"
#include "random_prng.h"

namespace corridor::core::random_test {

struct Generated {
  Command command;
  // A deliberately invalid command: must be rejected (with `expected_reason`
  // unless kNone), emit no event and leave state_hash() unchanged.
  bool deliberate_invalid = false;
  Reason expected_reason = Reason::kNone;
  // Invalid commands come in bursts; state_hash() (O(state)) is compared
  // across the whole burst: before its first command and after its last.
  bool burst_first = false;
  bool burst_last = false;
};

// Reference-data commands change a parameter the queues depend on; the
// generator gives them the previous command's timestamp so no clock-driven
// event happens before the change within the same command.
bool is_reference_data(const CommandBody& body);

class Generator {
 public:
  // `core` is only read (balances), never changed; it must outlive the generator.
  Generator(uint64_t seed, uint64_t total_commands, const Core& core);

  Generated next();
  // The core's answer to the command next() returned last.
  void observe(const Command& command, const Result& result, std::span<const Event> events);

  static constexpr TimestampNs kStartNs = 1767225600LL * 1000000000LL;  // 2026-01-01T00:00Z

 private:
  struct Participant {
    Bic bic;
    ParticipantKind kind = ParticipantKind::kDirect;
    int bank = -1;  // settlement bank (self for direct and central banks)
    int home = -1;  // central banks: currency index
    bool has_account[2] = {false, false};
    bool added = false;
    bool suspended = false;
    bool closed = false;
    bool spare = false;  // never paid, closed during the run
  };

  Generated random_command();
  Generated payment();
  Generated tight_payment();
  void maybe_switch_regime();
  int pick_tight();
  Generated liquidity_transfer();
  // FX: quotes published and withdrawn, cross-currency (PvP) payments against them.
  Generated fx_command();
  Generated publish_quote();
  Generated cross_currency_payment();
  Generated fx_trade();
  Generated reference_data();
  Generated pending_operation();
  // Who asks to change the pending payment `u`: mostly its owner, sometimes
  // another bank (the core must answer NOOR and change nothing) or the operator.
  Bic requester_for(const Uetr& u);
  // Deferred net settlement (rule 14): DNS payments, caps, cancels and cycle settlements.
  Generated dns_command();
  // Ratings, haircuts and collateral (rule 16).
  Generated credit_command();
  // The reserve pool (rule 17): joins, swap drawings, early repayments, leaves.
  // At the previous command's time, so no clock event precedes the legs.
  Generated pool_command();
  Generated invalid();
  Generated invalid_one();
  Generated at(TimestampNs t, CommandBody body);
  Generated same_time(CommandBody body);
  Generated reject(CommandBody body, Reason reason, TimestampNs t = -1);
  // One deliberately invalid command at the current time, checked on its own.
  Generated reject_one(CommandBody body, Reason reason);
  void schedule_setup();
  void schedule_late_participant();

  TimestampNs step();
  int pick_currency();
  // The participant whose account `p` settles on.
  int owner(int p) const {
    return parts_[p].kind == ParticipantKind::kIndirect ? parts_[p].bank : p;
  }
  bool usable(int p, int currency) const;
  std::vector<int> usable_in(int currency, bool include_central_banks) const;
  int pick_weighted(const std::vector<int>& candidates);
  AmountMinor payment_amount(Priority priority);
  Uetr fresh_uetr();
  ValueDate next_date(ValueDate d) const;
  void remember_final(const Uetr& u);

  // Balance plus credit line of the account `p` settles on in currency `c` (0 if none).
  AmountMinor liquidity_of(int p, int c) const;

  const Core& core_;
  Rng rng_;
  uint64_t total_;
  uint64_t emitted_ = 0;
  TimestampNs now_ = kStartNs;
  ValueDate value_date_ = 20260101;
  uint64_t uetr_counter_ = 0;
  uint64_t instruction_counter_ = 0;

  CurrencyCode currencies_[2];
  std::vector<Participant> parts_;
  int late_ = -1;
  int spare_ = -1;

  std::deque<Generated> script_;

  std::vector<Uetr> pending_;
  absl::flat_hash_map<Uetr, size_t> pending_index_;
  absl::flat_hash_map<Uetr, int> pending_debtor_;  // pending payment -> its debtor agent's part
  std::vector<Uetr> today_;                 // accepted payment UETRs of this business day (bounded)
  std::deque<std::vector<Uetr>> old_days_;  // a few UETRs of each closed day, oldest first
  static constexpr int kDedupeWindowDays = 5;  // Config::dedupe_window_days default
  std::vector<Uetr> recent_final_;  // recently settled/rejected/cancelled UETRs (bounded ring)
  size_t recent_final_next_ = 0;

  uint64_t next_eod_ = 0;
  bool cut_off_ = false;
  Generated next_unchecked();  // a SetDayPhase(cut-off) was emitted; EndOfDay then reopens
  uint64_t next_suspension_ = 0;
  uint64_t reactivate_at_ = 0;
  int suspended_ = -1;
  uint64_t late_at_ = 0;
  uint64_t spare_close_at_ = 0;
  uint64_t next_close_attempt_ = 0;
  int invalid_burst_left_ = 0;
  uint64_t regime_until_ = 0;
  std::vector<int> tight_;  // banks of a tight spell (empty: normal regime)
  int tight_currency_ = 0;

  struct Quote {
    uint64_t id = 0;
    int provider = -1;
    int base = 0;  // currency index; the quote currency is the other
    int64_t rate_units = 0;
    uint8_t rate_scale = 0;
    TimestampNs valid_from_ns = 0;
    TimestampNs valid_to_ns = 0;
    AmountMinor max_minor = 0;
  };
  std::vector<Quote> quotes_;  // published and not known to be gone
  struct Trade {
    SubmitFxTrade instruction;
    int party = -1;
    int counterparty = -1;
  };
  std::vector<Trade> open_trades_;  // unmatched instructions as far as observed
  uint64_t trade_counter_ = 0;
  uint64_t quote_counter_ = 0;
  struct DnsOpen {
    Uetr uetr;
    int currency = 0;
    int debtor = -1;
  };
  std::vector<DnsOpen> dns_open_;  // DNS payments accepted into a still open cycle
  uint64_t swap_counter_ = 0;
};

}  // namespace corridor::core::random_test
