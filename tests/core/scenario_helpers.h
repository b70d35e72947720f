// A small DSL for settlement-core tests: scenarios read like a ledger.
//
//   Ledger l;                          // EUR (2 minor units), central bank CB
//   l.banks({A, B, C});                // direct participants with EUR accounts
//   l.fund(A, 100);                    // liquidity transfer CB -> A
//   EXPECT_THAT(l.pay(1, A, B, 80), Settled());
//   EXPECT_THAT(l.events(), ElementsAre("settled 1 entry"));
//   EXPECT_EQ(l.balance(B), 80);
//
// Payments are named by small numbers n (UETR = Uetr::from_bits(0, n));
// liquidity transfers made by fund()/transfer() get UETRs from_bits(1, k)
// and render as "lt<k>" in events.
//
// After every command the Ledger checks, independently of the test body:
//   - Core::check_invariants() is empty,
//   - per currency the sum of all balances is zero (rule 11),
//   - a rejected command left state_hash() unchanged (rule 0), when the
//     command carried the core's current timestamp.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/bic.h"
#include "core/command.h"
#include "core/core.h"
#include "core/currency.h"
#include "core/reason.h"
#include "core/result.h"
#include "core/state.h"
#include "core/types.h"
#include "core/uetr.h"

namespace corridor::core {

// Readable gtest output for core types (found by ADL).
inline void PrintTo(Outcome o, std::ostream* os) {
  switch (o) {
    case Outcome::kApplied:
      *os << "applied";
      return;
    case Outcome::kSettled:
      *os << "settled";
      return;
    case Outcome::kQueued:
      *os << "queued";
      return;
    case Outcome::kRejected:
      *os << "rejected";
      return;
  }
  *os << "outcome?" << static_cast<int>(o);
}

inline void PrintTo(Reason r, std::ostream* os) {
  *os << iso_code(r) << " (" << reason_text(r) << ")";
}

inline void PrintTo(const Result& r, std::ostream* os) {
  PrintTo(r.outcome, os);
  if (r.reason != Reason::kNone) {
    *os << " ";
    PrintTo(r.reason, os);
  }
}

inline void PrintTo(const Uetr& u, std::ostream* os) {
  *os << u.to_string();
}
inline void PrintTo(const Bic& b, std::ostream* os) {
  *os << "Bic(" << b.to_string() << ")";
}
inline void PrintTo(const CurrencyCode& c, std::ostream* os) {
  *os << c.to_string();
}

namespace scenario {

// 2026-01-01T00:00:00Z in ns since the epoch; the scenarios' clock starts here.
inline constexpr TimestampNs kT0 = 1'767'225'600'000'000'000;
inline constexpr TimestampNs kSecond = 1'000'000'000;
inline constexpr TimestampNs kMinute = 60 * kSecond;

// Banks used throughout the tests (all BIC8, Germany).
inline constexpr std::string_view CB = "CBKAEUFF";  // central bank issuing EUR
inline constexpr std::string_view A = "AAAADEFF";
inline constexpr std::string_view B = "BBBBDEFF";
inline constexpr std::string_view C = "CCCCDEFF";
inline constexpr std::string_view D = "DDDDDEFF";
inline constexpr std::string_view E = "EEEEDEFF";
inline constexpr std::string_view I = "IIIIDEFF";  // usually an indirect participant

inline constexpr Priority HU = Priority::kHighlyUrgent;
inline constexpr Priority U = Priority::kUrgent;
inline constexpr Priority N = Priority::kNormal;

inline Bic bic(std::string_view text) {
  std::optional<Bic> parsed = Bic::parse(text);
  EXPECT_TRUE(parsed.has_value()) << "test bug: bad BIC " << text;
  return parsed.value_or(Bic());
}

inline CurrencyCode ccy(std::string_view text) {
  std::optional<CurrencyCode> parsed = CurrencyCode::parse(text);
  EXPECT_TRUE(parsed.has_value()) << "test bug: bad currency " << text;
  return parsed.value_or(CurrencyCode());
}

// Payment n's UETR, and back.
inline Uetr uetr(uint64_t n) {
  return Uetr::from_bits(0, n);
}
// UETR of the k-th liquidity transfer made by Ledger::fund()/transfer().
inline Uetr lt_uetr(uint64_t k) {
  return Uetr::from_bits(1, k);
}

inline constexpr uint64_t kLowMask = (uint64_t{1} << 62) - 1;

// "7" for uetr(7), "lt3" for lt_uetr(3), the UUID text otherwise.
inline std::string uetr_name(const Uetr& u) {
  if (u == Uetr::from_bits(0, u.low & kLowMask)) return std::to_string(u.low & kLowMask);
  if (u == Uetr::from_bits(1, u.low & kLowMask)) return "lt" + std::to_string(u.low & kLowMask);
  return u.to_string();
}

inline std::string settled_by_name(SettledBy how) {
  switch (how) {
    case SettledBy::kNone:
      return "none";
    case SettledBy::kEntry:
      return "entry";
    case SettledBy::kOffsetting:
      return "offsetting";
    case SettledBy::kQueueResolution:
      return "queue";
    case SettledBy::kGridlockResolution:
      return "gridlock";
    case SettledBy::kLiquidityTransfer:
      return "lt";
  }
  return "how?";
}

// One line per event: "settled 1 entry", "queued 2", "rejected 3 TM01",
// "cancelled 4 CUST".
inline std::string render(const Event& e) {
  const std::string id = uetr_name(e.uetr);
  switch (e.kind) {
    case EventKind::kSettled:
      return "settled " + id + " " + settled_by_name(e.settled_by);
    case EventKind::kQueued:
      return "queued " + id;
    case EventKind::kRejected:
      return "rejected " + id + " " + std::string(iso_code(e.reason));
    case EventKind::kCancelled:
      return "cancelled " + id + " " + std::string(iso_code(e.reason));
  }
  return "event? " + id;
}

// --- Result matchers ------------------------------------------------------

MATCHER(Applied, "is applied") {
  *result_listener << "reason " << iso_code(arg.reason);
  return arg.outcome == Outcome::kApplied && arg.reason == Reason::kNone;
}
MATCHER(Settled, "settled at once") {
  return arg.outcome == Outcome::kSettled;
}
MATCHER(Queued, "is queued (or waits)") {
  return arg.outcome == Outcome::kQueued;
}
MATCHER(Ok, "is not rejected") {
  return arg.ok();
}
// Rejected with the given ISO 20022 code, e.g. Rejected("AM04").
MATCHER_P(Rejected, iso, std::string("is rejected with ") + std::string(iso)) {
  return arg.outcome == Outcome::kRejected && iso_code(arg.reason) == std::string_view(iso);
}
// Rejected with a precise Reason.
MATCHER_P(RejectedBecause, why, "is rejected with the given precise reason") {
  return arg.outcome == Outcome::kRejected && arg.reason == why;
}

struct PayOptions {
  Priority priority = Priority::kNormal;
  TimestampNs earliest_ns = kNoTime;
  TimestampNs latest_ns = kNoTime;
  std::string_view currency = {};  // default currency when empty
};

// --- The ledger -----------------------------------------------------------

class Ledger {
 public:
  // The usual start: EUR (2 minor units) and its central bank CB with its
  // issuer account; the clock at kT0. Ledger::bare() has no currency and no
  // participants.
  explicit Ledger(const Config& config = Config(), bool with_eur = true)
      : core_(config), clock_(kT0) {
    if (with_eur) {
      EXPECT_THAT(define_currency("EUR", 2), Applied());
      EXPECT_THAT(central_bank(CB, "EUR"), Applied());
    }
  }
  static Ledger bare(const Config& config = Config()) { return Ledger(config, false); }

  Core& core() { return core_; }
  const Core& core() const { return core_; }

  // --- Clock --------------------------------------------------------------
  // The timestamp the next command carries. The Ledger never moves it by itself.
  TimestampNs clock() const { return clock_; }
  void set_clock(TimestampNs t) { clock_ = t; }
  // Sends AdvanceTime at clock + dt / at t.
  Result advance_by(TimestampNs dt) { return advance_to(clock_ + dt); }
  Result advance_to(TimestampNs t) {
    clock_ = t;
    return apply(AdvanceTime{});
  }

  // --- Generic --------------------------------------------------------------
  Result apply(const CommandBody& body) { return apply_at(clock_, body); }
  Result apply_at(TimestampNs t, const CommandBody& body) {
    const bool same_time = t == core_.now_ns();
    const uint64_t hash_before = core_.state_hash();
    const Result r = core_.apply(Command{t, body});
    events_.clear();
    for (const Event& e : core_.events()) events_.push_back(render(e));
    EXPECT_THAT(core_.check_invariants(), ::testing::IsEmpty())
        << "invariants broken after " << command_name(body);
    check_conservation(body);
    if (!r.ok() && same_time) {
      EXPECT_EQ(core_.state_hash(), hash_before) << "rejected " << command_name(body) << " ("
                                                 << iso_code(r.reason) << ") changed the state";
    }
    return r;
  }

  // --- Reference data -------------------------------------------------------
  Result define_currency(std::string_view code, int minor_units) {
    if (default_currency_.empty()) default_currency_ = std::string(code);
    return apply(DefineCurrency{ccy(code), minor_units});
  }
  // Adds the central bank issuing `currency` and opens its issuer account.
  Result central_bank(std::string_view b, std::string_view currency) {
    AddParticipant add;
    add.bic = bic(b);
    add.name = "central bank " + std::string(b);
    add.kind = ParticipantKind::kCentralBank;
    add.home_currency = ccy(currency);
    const Result r = apply(add);
    if (!r.ok()) return r;
    central_banks_[std::string(currency)] = std::string(b);
    return open(b, currency);
  }
  Result add_direct(std::string_view b) {
    AddParticipant add;
    add.bic = bic(b);
    add.name = "bank " + std::string(b);
    add.kind = ParticipantKind::kDirect;
    return apply(add);
  }
  Result add_indirect(std::string_view b, std::string_view settlement_bank) {
    AddParticipant add;
    add.bic = bic(b);
    add.name = "indirect " + std::string(b);
    add.kind = ParticipantKind::kIndirect;
    add.settlement_bank = bic(settlement_bank);
    return apply(add);
  }
  Result open(std::string_view b, std::string_view currency = {}) {
    return apply(OpenAccount{bic(b), cur(currency)});
  }
  // A direct participant with an account in the default currency.
  Result bank(std::string_view b) {
    const Result r = add_direct(b);
    if (!r.ok()) return r;
    return open(b);
  }
  void banks(std::initializer_list<std::string_view> list) {
    for (std::string_view b : list) EXPECT_THAT(bank(b), Applied()) << b;
  }
  Result credit_line(std::string_view b, AmountMinor amount, std::string_view currency = {}) {
    return apply(SetCreditLine{bic(b), cur(currency), amount});
  }
  Result reserve(std::string_view b, Priority p, AmountMinor amount,
                 std::string_view currency = {}) {
    return apply(ReserveLiquidity{bic(b), cur(currency), p, amount});
  }
  Result bilateral_limit(std::string_view from, std::string_view to, AmountMinor limit,
                         std::string_view currency = {}) {
    return apply(SetBilateralLimit{bic(from), bic(to), cur(currency), limit, false});
  }
  Result remove_bilateral_limit(std::string_view from, std::string_view to,
                                std::string_view currency = {}) {
    return apply(SetBilateralLimit{bic(from), bic(to), cur(currency), 0, true});
  }
  Result multilateral_limit(std::string_view b, AmountMinor limit, std::string_view currency = {}) {
    return apply(SetMultilateralLimit{bic(b), cur(currency), limit, false});
  }
  Result remove_multilateral_limit(std::string_view b, std::string_view currency = {}) {
    return apply(SetMultilateralLimit{bic(b), cur(currency), 0, true});
  }
  Result suspend(std::string_view b) { return apply(SuspendParticipant{bic(b)}); }
  Result reactivate(std::string_view b) { return apply(ReactivateParticipant{bic(b)}); }
  Result close(std::string_view b) { return apply(CloseParticipant{bic(b)}); }

  // --- Money ----------------------------------------------------------------
  // Central bank credit: a liquidity transfer from the currency's central bank.
  Result fund(std::string_view b, AmountMinor amount, std::string_view currency = {}) {
    const std::string c(cur_text(currency));
    auto it = central_banks_.find(c);
    EXPECT_TRUE(it != central_banks_.end()) << "test bug: no central bank for " << c;
    if (it == central_banks_.end()) return Result::rejected(Reason::kUnknownParticipant);
    return transfer(it->second, b, amount, currency);
  }
  // Central bank debit: a liquidity transfer back to the central bank.
  Result defund(std::string_view b, AmountMinor amount, std::string_view currency = {}) {
    const std::string c(cur_text(currency));
    return transfer(b, central_banks_[c], amount, currency);
  }
  Result transfer(std::string_view from, std::string_view to, AmountMinor amount,
                  std::string_view currency = {}) {
    return apply(
        LiquidityTransfer{lt_uetr(++lt_count_), bic(from), bic(to), cur(currency), amount});
  }
  // The UETR the next fund()/transfer() will use.
  Uetr next_lt_uetr() const { return lt_uetr(lt_count_ + 1); }

  Result pay(uint64_t n, std::string_view from, std::string_view to, AmountMinor amount,
             Priority priority = Priority::kNormal) {
    return pay(n, from, to, amount, PayOptions{.priority = priority});
  }
  Result pay(uint64_t n, std::string_view from, std::string_view to, AmountMinor amount,
             const PayOptions& options) {
    SubmitPayment p;
    p.uetr = uetr(n);
    EXPECT_TRUE(p.instruction_id.assign("INSTR-" + std::to_string(n)));
    p.debtor_agent = bic(from);
    p.creditor_agent = bic(to);
    p.currency = cur(options.currency);
    p.amount_minor = amount;
    p.priority = options.priority;
    p.earliest_ns = options.earliest_ns;
    p.latest_ns = options.latest_ns;
    return apply(p);
  }
  Result cancel(uint64_t n) { return apply(CancelPayment{uetr(n)}); }
  Result change_priority(uint64_t n, Priority p) { return apply(ChangePriority{uetr(n), p}); }
  Result modify_payment(uint64_t n, TimestampNs earliest_ns, TimestampNs latest_ns) {
    return apply(ModifyPayment{uetr(n), earliest_ns, latest_ns});
  }
  Result modify_payment(uint64_t n, TimestampNs earliest_ns, TimestampNs latest_ns, Priority p) {
    return apply(ModifyPayment{uetr(n), earliest_ns, latest_ns, true, p});
  }
  Result move_to_top(uint64_t n) { return apply(MoveInQueue{uetr(n), QueuePosition::kTop}); }
  Result move_to_bottom(uint64_t n) { return apply(MoveInQueue{uetr(n), QueuePosition::kBottom}); }
  // The same, asked by a participant (`by`, a BIC) instead of the operator.
  Result cancel_by(std::string_view by, uint64_t n) {
    return apply(CancelPayment{uetr(n), bic(by)});
  }
  Result change_priority_by(std::string_view by, uint64_t n, Priority p) {
    return apply(ChangePriority{uetr(n), p, bic(by)});
  }
  Result modify_payment_by(std::string_view by, uint64_t n, TimestampNs earliest_ns,
                           TimestampNs latest_ns) {
    return apply(ModifyPayment{uetr(n), earliest_ns, latest_ns, false, Priority::kNormal, bic(by)});
  }
  Result move_to_top_by(std::string_view by, uint64_t n) {
    return apply(MoveInQueue{uetr(n), QueuePosition::kTop, bic(by)});
  }
  Result gridlock(GridlockAlgorithm algorithm) { return apply(RunGridlockResolution{algorithm}); }
  Result end_of_day(ValueDate next) { return apply(EndOfDay{next}); }

  // --- Reading --------------------------------------------------------------
  // Events of the last command, rendered (see render()).
  const std::vector<std::string>& events() const { return events_; }
  std::span<const Event> raw_events() const { return core_.events(); }

  AccountId account(std::string_view b, std::string_view currency = {}) const {
    std::optional<AccountId> id = core_.find_account(bic(b), cur(currency));
    EXPECT_TRUE(id.has_value()) << "no account for " << b;
    return id.value_or(kNoId);
  }
  const Account& acct(std::string_view b, std::string_view currency = {}) const {
    return core_.account(account(b, currency));
  }
  AmountMinor balance(std::string_view b, std::string_view currency = {}) const {
    std::optional<AccountId> id = core_.find_account(bic(b), cur(currency));
    EXPECT_TRUE(id.has_value()) << "no account for " << b;
    return id ? core_.account(*id).balance_minor : INT64_MIN;
  }
  AmountMinor available(std::string_view b, Priority p, std::string_view currency = {}) const {
    return core_.available_liquidity(account(b, currency), p);
  }
  // Payment numbers in `b`'s queue of priority p, head first.
  std::vector<std::string> queue(std::string_view b, Priority p,
                                 std::string_view currency = {}) const {
    std::vector<std::string> ids;
    for (const Uetr& u : core_.queue_snapshot(account(b, currency), p)) {
      ids.push_back(uetr_name(u));
    }
    return ids;
  }
  bool is_pending(uint64_t n) const { return core_.find_pending(uetr(n)) != nullptr; }
  const Payment* pending(uint64_t n) const { return core_.find_pending(uetr(n)); }
  uint64_t hash() const { return core_.state_hash(); }
  ParticipantStatus status(std::string_view b) const {
    std::optional<ParticipantId> id = core_.find_participant(bic(b));
    EXPECT_TRUE(id.has_value()) << "unknown participant " << b;
    return id ? core_.participant(*id).status : ParticipantStatus::kClosed;
  }
  // Sum of all balances in a currency (issuer account included), in 128 bits.
  __int128 sum_of_balances(std::string_view currency = {}) const {
    std::optional<CurrencyId> id = core_.find_currency(cur(currency));
    __int128 sum = 0;
    if (!id) return sum;
    for (AccountId a = 0; a < core_.account_count(); ++a) {
      if (core_.account(a).currency == *id) sum += core_.account(a).balance_minor;
    }
    return sum;
  }
  std::string_view default_currency() const { return default_currency_; }
  // The value queued in one currency (default: the default currency).
  AmountMinor queued_value(std::string_view currency = {}) const {
    std::optional<CurrencyId> id = core_.find_currency(cur(currency));
    EXPECT_TRUE(id.has_value()) << "no currency " << cur_text(currency);
    return id ? core_.queued_value_minor(*id) : INT64_MIN;
  }
  AmountMinor pending_value(std::string_view currency = {}) const {
    std::optional<CurrencyId> id = core_.find_currency(cur(currency));
    EXPECT_TRUE(id.has_value()) << "no currency " << cur_text(currency);
    return id ? core_.pending_value_minor(*id) : INT64_MIN;
  }

 private:
  std::string_view cur_text(std::string_view currency) const {
    return currency.empty() ? std::string_view(default_currency_) : currency;
  }
  CurrencyCode cur(std::string_view currency) const { return ccy(cur_text(currency)); }

  void check_conservation(const CommandBody& body) const {
    for (CurrencyId c = 0; c < core_.currency_count(); ++c) {
      __int128 sum = core_.dns_fund_minor(c);  // the reserve-fund account (rule 14)
      for (AccountId a = 0; a < core_.account_count(); ++a) {
        if (core_.account(a).currency == c) sum += core_.account(a).balance_minor;
      }
      EXPECT_TRUE(sum == 0) << "sum of balances in " << core_.currency(c).code.to_string() << " is "
                            << static_cast<long long>(sum) << " after " << command_name(body);
    }
  }

  Core core_;
  TimestampNs clock_;
  std::string default_currency_;
  std::map<std::string, std::string> central_banks_;  // currency -> central bank BIC
  uint64_t lt_count_ = 0;
  std::vector<std::string> events_;
};

}  // namespace scenario
}  // namespace corridor::core
