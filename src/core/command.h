// Commands: the only way state changes. Each carries the sequencer's timestamp.
//
// Commands name participants by BIC and currencies by ISO code (external,
// stable identities), so a command log means the same thing on every replay.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/bic.h"
#include "core/credit.h"
#include "core/currency.h"
#include "core/money.h"
#include "core/types.h"
#include "core/uetr.h"

namespace corridor::core {

// ISO 20022 Max35Text instruction identification, stored inline (no heap).
class InstructionId {
 public:
  static constexpr size_t kLengthMax = 35;
  InstructionId() = default;
  // Truncates nothing: returns false (and stays empty) when `text` is too long.
  bool assign(std::string_view text);
  std::string_view view() const { return std::string_view(chars_.data(), length_); }
  friend bool operator==(const InstructionId& a, const InstructionId& b) {
    return a.view() == b.view();
  }

 private:
  std::array<char, kLengthMax> chars_{};
  uint8_t length_ = 0;
};

struct DefineCurrency {
  CurrencyCode code;
  int minor_units = 2;  // must match ISO 4217 when the code is in the table
};

struct AddParticipant {
  Bic bic;
  std::string name;
  ParticipantKind kind = ParticipantKind::kDirect;
  Bic settlement_bank;         // kIndirect only: the direct participant it settles through
  CurrencyCode home_currency;  // kCentralBank only: the currency it issues
};

struct OpenAccount {
  Bic participant;
  CurrencyCode currency;
};

struct SetCreditLine {
  Bic participant;
  CurrencyCode currency;
  AmountMinor credit_line_minor = 0;  // how far below zero the balance may go
};

// The most `participant` may pay `counterparty` net in normal payments.
struct SetBilateralLimit {
  Bic participant;
  Bic counterparty;
  CurrencyCode currency;
  AmountMinor limit_minor = 0;
  bool remove = false;
};

// The most `participant` may pay net, in normal payments, to all participants
// towards which it has no bilateral limit.
struct SetMultilateralLimit {
  Bic participant;
  CurrencyCode currency;
  AmountMinor limit_minor = 0;
  bool remove = false;
};

// Sets (not adds to) the liquidity reserved for highly urgent or urgent payments.
struct ReserveLiquidity {
  Bic participant;
  CurrencyCode currency;
  Priority priority = Priority::kHighlyUrgent;  // kHighlyUrgent or kUrgent
  AmountMinor amount_minor = 0;
};

struct SubmitPayment {
  Uetr uetr;
  InstructionId instruction_id;
  Bic debtor_agent;
  Bic creditor_agent;
  CurrencyCode currency;
  AmountMinor amount_minor = 0;
  Priority priority = Priority::kNormal;
  PaymentType type = PaymentType::kCustomerCreditTransfer;
  TimestampNs earliest_ns = kNoTime;  // never settled before this
  TimestampNs latest_ns = kNoTime;    // rejected if still queued after this
};

// Central bank credit (from the central bank's account), central bank debit
// (to it) or any transfer between two accounts in one currency. Settles at
// once from all the debtor's liquidity, or is rejected; never queued.
struct LiquidityTransfer {
  Uetr uetr;
  Bic from;
  Bic to;
  CurrencyCode currency;
  AmountMinor amount_minor = 0;
};

// The payment's owner: its debtor agent (the instructing participant) or that
// agent's settlement bank. The core answers anyone else as for an unknown
// payment (NOOR), so a bank cannot learn whether another bank's UETR exists.
// An empty requester is the operator, allowed everything. Always the last
// field, so that `CancelPayment{uetr}` names the operator.
struct CancelPayment {
  Uetr uetr;
  Bic requester{};  // empty: the operator
};

struct ChangePriority {
  Uetr uetr;
  Priority priority = Priority::kNormal;
  Bic requester{};  // empty: the operator; see CancelPayment
};

// Several changes to one pending payment at once, all or nothing (camt.007:
// NewPmtValSet/Prty and PrcgVldtyTm). The earliest time can change only while
// the payment still waits for it, the latest while it is pending. kNoTime
// leaves a time as it is; a time once set cannot be removed, so a payment never
// loses its reject time by accident. The priority changes as ChangePriority does.
struct ModifyPayment {
  Uetr uetr;
  TimestampNs earliest_ns = kNoTime;
  TimestampNs latest_ns = kNoTime;
  bool priority_change = false;
  Priority priority = Priority::kNormal;  // when priority_change
  Bic requester{};                        // empty: the operator; see CancelPayment
};

enum class QueuePosition : uint8_t { kTop = 0, kBottom = 1 };
struct MoveInQueue {
  Uetr uetr;
  QueuePosition position = QueuePosition::kTop;
  Bic requester{};  // empty: the operator; see CancelPayment
};

struct RunGridlockResolution {
  GridlockAlgorithm algorithm = GridlockAlgorithm::kPartial;
};

// Only moves the clock: earliest times reached release payments, latest times
// passed reject them. Every command does this first; this one does nothing else.
struct AdvanceTime {};

struct SuspendParticipant {
  Bic bic;
};
struct ReactivateParticipant {
  Bic bic;
};
// Allowed only when every account of the participant is at zero with nothing queued.
struct CloseParticipant {
  Bic bic;
};

struct EndOfDay {
  ValueDate next_value_date = 0;  // the business calendar lives outside the core
};

// The system's configuration, as the first command of a journal, so that a
// replay needs nothing but the journal. Accepted only while the core is still
// empty (no currency or participant yet); it replaces the Config the core was
// built with, except dedupe_hash_seed (a per-process layout secret, not state).
struct Configure {
  ValueDate value_date_initial = 0;
  int32_t dedupe_window_days = 5;  // 1 to 15
  uint32_t currencies_max = 0;     // each at least 1
  uint32_t participants_max = 0;
  uint32_t accounts_max = 0;
  uint32_t pending_payments_max = 0;
};

// An FX provider's quote (docs/settlement-rules.md, rule 13): it sells
// `quote_currency` for `base_currency` at rate_units / 10^rate_scale units of
// the quote currency per unit of the base currency (major units; e.g. EUR/USD
// 1.0845 is rate_units 10845, rate_scale 4). Usable by cross-currency payments
// from the base into the quote currency while now is in [valid_from_ns,
// valid_to_ns), for at most max_base_amount_minor (base-currency minor units)
// per payment. Quote ids are chosen by the provider and unique in the system.
struct PublishFxQuote {
  uint64_t quote_id = 0;
  Bic provider;
  CurrencyCode base_currency;
  CurrencyCode quote_currency;
  int64_t rate_units = 0;  // > 0
  uint8_t rate_scale = 0;  // 0 to kRateScaleMax
  TimestampNs valid_from_ns = 0;
  TimestampNs valid_to_ns = 0;  // exclusive, after valid_from_ns
  AmountMinor max_base_amount_minor = 0;
  static constexpr uint8_t kRateScaleMax = 18;
};

// Withdraws a quote: no payment accepted afterwards may use it (payments
// already accepted keep their amounts). Requester as for CancelPayment: the
// provider (or its settlement bank), or empty for the operator; anyone else is
// answered as for an unknown quote.
struct WithdrawFxQuote {
  uint64_t quote_id = 0;
  Bic requester{};
};

// A payment-versus-payment cross-currency payment: the debtor agent pays
// instructed_amount_minor in instructed_currency; the creditor agent receives
// settlement_amount_minor in settlement_currency, which must be the instructed
// amount converted at quote `quote_id`'s rate, rounded half-even. It settles as
// two legs, debtor -> provider (instructed currency) and provider -> creditor
// (settlement currency), both or neither, and queues as one unit in the
// debtor's queue.
struct SubmitCrossCurrencyPayment {
  Uetr uetr;
  InstructionId instruction_id;
  Bic debtor_agent;
  Bic creditor_agent;
  CurrencyCode instructed_currency;
  AmountMinor instructed_amount_minor = 0;
  CurrencyCode settlement_currency;
  AmountMinor settlement_amount_minor = 0;
  uint64_t quote_id = 0;
  Priority priority = Priority::kNormal;
  PaymentType type = PaymentType::kCustomerCreditTransfer;
  TimestampNs earliest_ns = kNoTime;
  TimestampNs latest_ns = kNoTime;
};

// One side of an FX trade between two participants, settled as in CLS (rule
// 14): each side instructs what it sells to and buys from the other under a
// shared trade reference. The second instruction that mirrors the first
// (parties swapped, sold = bought, same deadline) matches it, and the trade
// settles both legs at once or queues as one unit until the deadline; an
// instruction still unmatched after its deadline expires.
struct SubmitFxTrade {
  Uetr uetr;                      // this instruction's
  InstructionId trade_reference;  // shared by both sides, not empty
  Bic party;                      // the instructing side
  Bic counterparty;
  CurrencyCode sell_currency;  // the party pays this ...
  AmountMinor sell_amount_minor = 0;
  CurrencyCode buy_currency;  // ... and receives this
  AmountMinor buy_amount_minor = 0;
  TimestampNs settlement_deadline_ns = 0;  // settled by then, or rejected (TM01)
};

// Deferred net settlement (rule 15): the operator's net debit cap of a
// participant in a currency (on the account it settles on). 0 until set: a
// participant without a cap can pay in a cycle only what it receives in it.
struct SetNetDebitCap {
  Bic participant;
  CurrencyCode currency;
  AmountMinor cap_minor = 0;  // >= 0
};

// A low-value payment for the DNS service: enters the open clearing cycle of its
// currency; no RTGS balance moves until the cycle settles. Cancelled with
// CancelPayment (owner or operator) while its cycle is open.
struct SubmitDnsPayment {
  Uetr uetr;
  InstructionId instruction_id;
  Bic debtor_agent;
  Bic creditor_agent;
  CurrencyCode currency;
  AmountMinor amount_minor = 0;
};

// Nets the open cycle of `currency` and settles the net positions all or
// nothing, with the reserve fund behind any net debtor that cannot pay. Run by
// the operator or at scheduled times chosen by the caller (the core has no clock).
struct SettleDnsCycle {
  CurrencyCode currency;
};

// Operator: whether a payment that cannot settle alone on entry is offset
// against the creditor's queued payments to the debtor (rule 3). On by default;
// off gives plain RTGS with FIFO queues (a payment that cannot settle queues).
struct SetEntryOffsetting {
  bool enabled = true;
};

// Rule 16: the haircut, in basis points of market value (0 to 10000), taken
// off the collateral of every participant rated `grade`. Until set, the
// grade's default (kDefaultHaircutsBp) applies. Every line it touches is
// recomputed; a line may fall below its use (new debits are then blocked).
struct SetHaircut {
  CreditGrade grade = CreditGrade::kAAA;  // on the scale (not kUnrated)
  uint32_t haircut_bp = 0;
};

// Rule 16: the participant's rating from the joint credit-rating agency;
// kUnrated withdraws it (its collateral then counts for nothing).
struct SetRating {
  Bic participant;
  CreditGrade grade = CreditGrade::kUnrated;
};

// Rule 16: collateral `collateral_id` (chosen by the operator, unique in the
// system) of market value `value_minor` in `currency`, pledged by a direct
// participant or central bank for its account in that currency. Pledging an id
// again revalues it (same participant and currency only); value 0 releases it.
// A release or revaluation that would leave the line below its use: AM04.
struct PledgeCollateral {
  uint64_t collateral_id = 0;
  Bic participant;
  CurrencyCode currency;
  AmountMinor value_minor = 0;  // >= 0
};

// The business day's entry window (rule 10): at the cut-off the system stops
// taking new payment instructions (RTGS, cross-currency, FX trades, DNS;
// refused TM01) while what is already queued keeps settling and liquidity can
// still move; EndOfDay then ends the day without reopening entry, and kOpen
// opens it again, e.g. the next morning. Setting the current phase again is
// accepted and changes nothing (an operator's retry).
enum class DayPhase : uint8_t { kOpen = 0, kCutOff = 1 };
struct SetDayPhase {
  DayPhase phase = DayPhase::kOpen;
};

// The central-bank reserve arrangement (docs/settlement-rules.md, rule 17).
// The operator admits `bic` to the reserve pool, committing commitment_minor of
// `currency` (a central bank's: the currency it issues; any other member's: a
// currency it has an account in). The member may draw swaps worth up to
// draw_multiple x its commitment (valued in that currency) and provides, in
// that currency, at most its commitment. Re-issuing changes the commitment and
// multiple (never below what is drawn or provided); the currency never changes.
struct JoinReservePool {
  Bic bic;
  CurrencyCode currency;
  AmountMinor commitment_minor = 0;  // > 0
  uint32_t draw_multiple = 1;        // 1 to kDrawMultipleMax
  static constexpr uint32_t kDrawMultipleMax = 10;
};

// A swap drawing (rule 17): `provider` (a member whose commitment currency is
// draw_currency) pays draw_amount_minor to `drawer`, and the drawer pays the
// equivalent in its own commitment currency to the provider, converted at
// rate_units / 10^rate_scale drawer-currency units per draw-currency unit
// (major units), rounded half-even. Both legs or neither, at once or refused.
// Repaid at repay_at_ns (both legs reversed at the original amounts), or
// earlier with RepaySwap. Swap ids are chosen by the operator, unique for ever.
struct DrawSwap {
  uint64_t swap_id = 0;
  Bic drawer;
  Bic provider;
  CurrencyCode draw_currency;
  AmountMinor draw_amount_minor = 0;
  int64_t rate_units = 0;       // > 0
  uint8_t rate_scale = 0;       // 0 to PublishFxQuote::kRateScaleMax
  TimestampNs repay_at_ns = 0;  // after the command's time
};

// Repays an open (or overdue) swap now, both legs at their original amounts.
struct RepaySwap {
  uint64_t swap_id = 0;
};

// Takes a participant out of the reserve pool; refused while it has open swaps.
struct LeaveReservePool {
  Bic bic;
};

using CommandBody =
    std::variant<DefineCurrency, AddParticipant, OpenAccount, SetCreditLine, SetBilateralLimit,
                 SetMultilateralLimit, ReserveLiquidity, SubmitPayment, LiquidityTransfer,
                 CancelPayment, ChangePriority, MoveInQueue, RunGridlockResolution, AdvanceTime,
                 SuspendParticipant, ReactivateParticipant, CloseParticipant, EndOfDay, Configure,
                 ModifyPayment, PublishFxQuote, WithdrawFxQuote, SubmitCrossCurrencyPayment,
                 SubmitFxTrade, SetNetDebitCap, SubmitDnsPayment, SettleDnsCycle,
                 SetEntryOffsetting, SetHaircut, SetRating, PledgeCollateral, SetDayPhase,
                 JoinReservePool, DrawSwap, RepaySwap, LeaveReservePool>;

struct Command {
  TimestampNs timestamp_ns = 0;
  CommandBody body;
};

const char* command_name(const CommandBody& body);

}  // namespace corridor::core
