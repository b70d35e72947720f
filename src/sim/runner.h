// Drives one simulated business day through the real settlement core, on a
// virtual clock, and collects the figures the report prints.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bic.h"
#include "core/command.h"
#include "core/currency.h"
#include "core/money.h"
#include "core/reason.h"
#include "core/result.h"
#include "core/types.h"
#include "sim/generator.h"
#include "sim/scenario.h"

namespace corridor::sim {

// The core refused a setup command the scenario implies (reference data,
// opening liquidity): the scenario and the core disagree about what is valid.
class SetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunOptions {
  // Check the core's invariants after every this many commands (0: only at the end).
  uint64_t check_every_commands = 0;
  // Sees every command, in order, just before the core applies it (setup
  // included): lets a caller record the run, e.g. to a journal, without the
  // simulator depending on where it goes. May throw; the run then ends with it.
  std::function<void(const core::Command&)> on_command;
  // The day's payments, planned by the caller (the sweep plans once for all its
  // runs); null: planned from the scenario.
  const std::vector<PlannedPayment>* payments = nullptr;
  // Step of the queue-value series in CurrencyFigures::queue_series (0: none).
  int64_t queue_sample_interval_ns = 0;
  // Sends AdvanceTime at every earliest and latest time of a waiting or queued
  // payment, so it is released or rejected at that very time rather than when
  // the next command happens to come (the sweep does, so that its delays and
  // its upper bound are exact). Off: the day's commands are the payments and
  // gridlock runs only, as journals of single runs have always held.
  bool advance_to_payment_times = false;
  // Called with the number of payments submitted so far, every
  // kProgressEveryPayments payments and once at the end of the day.
  std::function<void(uint64_t payments_done)> on_payments_done;
};

inline constexpr uint64_t kProgressEveryPayments = 16384;

struct CountValue {
  uint64_t count = 0;
  core::AmountMinor value_minor = 0;  // saturating: a statistic, not a balance
  void add(core::AmountMinor amount_minor);
  friend bool operator==(const CountValue&, const CountValue&) = default;
};

inline constexpr size_t kSettledByCount = 6;  // core::SettledBy values

// Settlement delay classes of the delay distribution: bucket i holds delays
// <= kDelayBucketUpperNs[i] (and above the previous bound); the last, the rest.
inline constexpr size_t kDelayBuckets = 9;
inline constexpr std::array<int64_t, kDelayBuckets - 1> kDelayBucketUpperNs = {0,
                                                                               60'000'000'000,
                                                                               300'000'000'000,
                                                                               900'000'000'000,
                                                                               1'800'000'000'000,
                                                                               3'600'000'000'000,
                                                                               7'200'000'000'000,
                                                                               14'400'000'000'000};

struct QueueSample {
  int64_t at_seconds = 0;  // second of the day; the queue just before commands at that instant
  uint64_t count = 0;
  core::AmountMinor value_minor = 0;  // saturating: a statistic
  friend bool operator==(const QueueSample&, const QueueSample&) = default;
};

struct CurrencyFigures {
  core::CurrencyCode code;
  int minor_units = 2;
  CountValue submitted;
  CountValue settled;                                  // payments only
  CountValue settled_dns;                              // of which in DNS cycles (rule 15)
  std::array<CountValue, kSettledByCount> settled_by;  // indexed by core::SettledBy
  CountValue rejected_on_submission;                   // refused at entry
  CountValue rejected_later;                           // queued, then latest time or end of day
  CountValue liquidity_transfers;                      // opening liquidity from the central bank
  CountValue peak_queue;                   // the day's largest queued value, with its count
  core::TimestampNs peak_queue_at_ns = 0;  // when it was reached
  CountValue peak_queue_by_count;          // the day's largest queued count, with its value
  core::TimestampNs peak_queue_by_count_at_ns = 0;
  // Delay from entering the queue (or the earliest time) to settlement, for
  // payments that did not settle on submission.
  uint64_t delayed_settled_count = 0;
  int64_t delay_total_ns = 0;
  int64_t delay_max_ns = 0;
  // Delay from submission (or the earliest time) to settlement, 0 when a
  // payment settled on submission; a payment that queued and never settled
  // counts until it was rejected (latest time or end of day). Weighted by
  // value: the mean, and the smallest delay within which 99% of the value was
  // settled or given up. Payments rejected on submission are not counted.
  int64_t delay_value_weighted_mean_ns = 0;
  int64_t delay_value_weighted_p99_ns = 0;
  std::array<CountValue, kDelayBuckets> delay_buckets{};  // settled payments only, by delay
  std::vector<QueueSample> queue_series;  // with RunOptions::queue_sample_interval_ns
  friend bool operator==(const CurrencyFigures&, const CurrencyFigures&) = default;
};

struct AccountFigures {
  core::Bic bic;
  std::string name;
  core::CurrencyCode currency;
  int minor_units = 2;
  core::AmountMinor credit_line_minor = 0;
  core::AmountMinor balance_open_minor = 0;
  core::AmountMinor balance_close_minor = 0;
  core::AmountMinor balance_min_minor = 0;
  core::AmountMinor peak_liquidity_use_minor = 0;
  core::AmountMinor peak_credit_use_minor = 0;
  friend bool operator==(const AccountFigures&, const AccountFigures&) = default;
};

struct GridlockFigures {
  uint64_t runs = 0;
  uint64_t runs_settling = 0;  // runs that settled at least one payment
  uint64_t payments_settled = 0;
  friend bool operator==(const GridlockFigures&, const GridlockFigures&) = default;
};

// Deferred net settlement (Scenario::dns_cycle_minutes > 0).
struct DnsFigures {
  int64_t cycle_minutes = 0;  // 0: no DNS
  uint64_t submitted = 0;     // payments accepted into a cycle
  uint64_t cycles_settled = 0;
  uint64_t cycles_refused = 0;  // SettleDnsCycle refused (AM04: shortfall beyond the fund)
  friend bool operator==(const DnsFigures&, const DnsFigures&) = default;
};

struct SimFigures {
  std::string scenario_name;
  uint64_t seed = 0;
  core::ValueDate value_date = 0;
  core::ValueDate next_value_date = 0;
  int64_t day_start_seconds = 0;
  int64_t day_end_seconds = 0;
  uint64_t payments_planned = 0;
  uint64_t commands_applied = 0;
  std::vector<CurrencyFigures> currencies;  // in scenario order
  // Payments rejected (on submission or later), by precise reason.
  std::array<uint64_t, static_cast<size_t>(core::Reason::kCount)> rejected_by_reason{};
  uint64_t cancelled = 0;
  GridlockSpec gridlock_spec;
  GridlockFigures gridlock;
  DnsFigures dns;
  std::vector<AccountFigures> accounts;  // banks' accounts, from the end-of-day report
  uint64_t invariant_checks = 0;
  std::vector<std::string> invariant_violations;  // empty when all held
  uint64_t violation_after_command = 0;           // 1-based command number, if any
  uint64_t state_hash = 0;
  friend bool operator==(const SimFigures&, const SimFigures&) = default;
};

// Runs the scenario's business day from setup to EndOfDay. Throws SetupError
// when the core rejects the scenario's reference data or opening liquidity.
// Stops early (with the violations in the figures) if an invariant check fails.
SimFigures run_scenario(const Scenario& scenario, const RunOptions& options = RunOptions());

}  // namespace corridor::sim
