// What a command did: its result, and the events it caused.
#pragma once

#include <cstdint>
#include <vector>

#include "core/money.h"
#include "core/reason.h"
#include "core/types.h"
#include "core/uetr.h"

namespace corridor::core {

enum class Outcome : uint8_t {
  kApplied = 0,   // a non-payment command took effect
  kSettled = 1,   // the submitted payment settled at once
  kQueued = 2,    // the submitted payment waits (in a queue, or for its earliest time)
  kRejected = 3,  // nothing changed; `reason` says why
};

struct Result {
  Outcome outcome = Outcome::kApplied;
  Reason reason = Reason::kNone;

  bool ok() const { return outcome != Outcome::kRejected; }
  static Result rejected(Reason why) { return Result{Outcome::kRejected, why}; }
};

enum class EventKind : uint8_t {
  kSettled = 0,
  kQueued = 1,     // entered a settlement queue or the wait for its earliest time
  kRejected = 2,   // a queued payment was rejected (latest time, end of day)
  kCancelled = 3,  // a queued payment was cancelled on request
};

// How a payment came to settle; the simulator and reports count these.
enum class SettledBy : uint8_t {
  kNone = 0,
  kEntry = 1,               // on submission, from available liquidity
  kOffsetting = 2,          // on submission, against the creditor's queued payments
  kQueueResolution = 3,     // from a queue, after the debtor's liquidity rose
  kGridlockResolution = 4,  // by a gridlock-resolution run
  kLiquidityTransfer = 5,   // a liquidity transfer
};

// Which leg of a payment an event is about. A cross-currency (PvP) payment has
// two legs that always share their fate: each of its events comes as a pair,
// kFirst (debtor -> FX provider, instructed currency) immediately followed by
// kSecond (FX provider -> creditor, settlement currency), with the same UETR.
enum class Leg : uint8_t { kOnly = 0, kFirst = 1, kSecond = 2 };

// A plain, fixed-size record; the core reuses one buffer of them per command.
struct Event {
  Uetr uetr;
  AmountMinor amount_minor = 0;
  TimestampNs at_ns = 0;
  AccountId debtor_account = kNoId;
  AccountId creditor_account = kNoId;
  CurrencyId currency = kNoCurrency;
  EventKind kind = EventKind::kSettled;
  SettledBy settled_by = SettledBy::kNone;
  Priority priority = Priority::kNormal;
  Reason reason = Reason::kNone;
  Leg leg = Leg::kOnly;
};

struct CurrencyDayTotals {
  CurrencyId currency = kNoCurrency;
  uint64_t settled_count = 0;
  AmountMinor settled_value_minor = 0;  // saturates at INT64_MAX (a statistic, not a balance)
  uint64_t rejected_count = 0;          // queued payments rejected during the day and at its end
  AmountMinor rejected_value_minor = 0;
};

struct AccountDayFigures {
  AccountId account = kNoId;
  AmountMinor balance_open_minor = 0;  // at the start of the business day
  AmountMinor balance_close_minor = 0;
  AmountMinor balance_min_minor = 0;         // lowest intraday balance
  AmountMinor peak_credit_use_minor = 0;     // max(0, -lowest balance)
  AmountMinor peak_liquidity_use_minor = 0;  // opening balance - lowest balance, at least 0
};

struct EodReport {
  ValueDate closed_value_date = 0;
  ValueDate next_value_date = 0;
  std::vector<CurrencyDayTotals> currencies;  // by currency id
  std::vector<AccountDayFigures> accounts;    // by account id
};

}  // namespace corridor::core
