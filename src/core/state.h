// The records the core keeps. Plain fixed-size structs in flat tables.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/bic.h"
#include "core/command.h"
#include "core/currency.h"
#include "core/money.h"
#include "core/types.h"
#include "core/uetr.h"

namespace corridor::core {

inline constexpr AmountMinor kNoLimit = -1;

struct CurrencyRecord {
  CurrencyCode code;
  int minor_units = 2;
  AccountId issuer_account = kNoId;  // the central bank's account, once opened
};

struct ParticipantRecord {
  Bic bic;
  std::string name;
  ParticipantKind kind = ParticipantKind::kDirect;
  ParticipantStatus status = ParticipantStatus::kActive;
  ParticipantId settlement_bank = kNoId;   // self for direct participants and central banks
  CurrencyId home_currency = kNoCurrency;  // central banks only
};

// An intrusive FIFO of pending payments (slots linked through Payment::prev/next).
struct QueueList {
  PaymentSlot head = kNoId;
  PaymentSlot tail = kNoId;
  uint32_t length = 0;
};

// Fields the entry path reads come first and fit in the first 64-byte cache
// line (asserted below); the rest is touched only when payments queue.
struct alignas(64) Account {
  // --- hot: the first cache line ---
  AmountMinor balance_minor = 0;
  AmountMinor credit_line_minor = 0;
  std::array<AmountMinor, 2> reserved_minor = {0, 0};  // [kHighlyUrgent], [kUrgent]
  AmountMinor multilateral_limit_minor = kNoLimit;
  AmountMinor multilateral_position_minor =
      0;                              // net flow with counterparties without bilateral limit
  AmountMinor balance_min_minor = 0;  // lowest balance of the business day
  CurrencyId currency = kNoCurrency;
  uint16_t bilateral_limit_count = 0;
  bool is_issuer = false;           // central bank's account in its own currency: no floor
  uint8_t queue_nonempty_bits = 0;  // bit q set while queues[q] is not empty
  bool line_cut = false;            // balance below -credit line after a cut (rule 16): no debits
  // --- cold ---
  AmountMinor queued_value_minor = 0;   // in this account's queues
  AmountMinor pending_value_minor = 0;  // queued or waiting; bounds queued_value_minor
  AmountMinor balance_open_minor = 0;   // at the start of the business day
  std::array<QueueList, kPriorityCount> queues;
  ParticipantId owner = kNoId;
};
static_assert(offsetof(Account, line_cut) < 64, "entry-path fields share one cache line");
static_assert(sizeof(Account) == 128, "an account is two cache lines");

struct BilateralLimit {
  AmountMinor limit_minor = 0;
  AmountMinor position_minor = 0;  // received minus paid since the limit was set or the day began
};

enum class PaymentPlace : uint8_t {
  kFree = 0,     // slot unused
  kWaiting = 1,  // waiting for its earliest time
  kInQueue = 2,  // in its debtor account's queue of its priority
};

enum class PaymentKind : uint8_t {
  kSingle = 0,  // one currency, one leg
  kPvp = 1,     // cross-currency: this record is the first leg; Core::second_legs_ the second
};

// A payment the core still holds: queued, or waiting for its earliest time.
// Settled and rejected payments leave the table; only their UETR is remembered.
struct Payment {
  Uetr uetr;
  InstructionId instruction_id;
  AmountMinor amount_minor = 0;
  TimestampNs earliest_ns = kNoTime;
  TimestampNs latest_ns = kNoTime;
  TimestampNs submitted_ns = 0;
  uint64_t entry_seq = 0;  // submission order, unique; breaks ties deterministically
  AccountId debtor_account = kNoId;
  AccountId creditor_account = kNoId;
  ParticipantId debtor_agent = kNoId;
  ParticipantId creditor_agent = kNoId;
  PaymentSlot prev = kNoId;
  PaymentSlot next = kNoId;
  CurrencyId currency = kNoCurrency;
  Priority priority = Priority::kNormal;
  PaymentType type = PaymentType::kCustomerCreditTransfer;
  PaymentPlace place = PaymentPlace::kFree;
  PaymentKind kind = PaymentKind::kSingle;
};
static_assert(sizeof(Payment) <= 136, "Payment is a hot, compact record");

// The second leg of a pending cross-currency (PvP) payment: the FX provider
// pays the creditor in the settlement currency. The first leg is the Payment
// record itself (debtor -> provider, instructed currency), in whose debtor's
// queue the pair waits as one unit.
struct SecondLeg {
  AccountId debtor_account = kNoId;  // the provider's account in the settlement currency
  AccountId creditor_account = kNoId;
  ParticipantId creditor_agent = kNoId;
  CurrencyId currency = kNoCurrency;
  AmountMinor amount_minor = 0;
  uint64_t quote_id = 0;
};

// A published FX quote (PublishFxQuote), kept until withdrawn or, once its
// validity has ended, until the end of the business day.
struct FxQuote {
  uint64_t quote_id = 0;
  ParticipantId provider = kNoId;
  CurrencyId base_currency = kNoCurrency;
  CurrencyId quote_currency = kNoCurrency;
  uint8_t rate_scale = 0;
  int64_t rate_units = 0;
  TimestampNs valid_from_ns = 0;
  TimestampNs valid_to_ns = 0;
  AmountMinor max_base_amount_minor = 0;
};

// An FX trade instruction waiting for its counterpart's (rule 14).
struct UnmatchedTrade {
  Uetr uetr;
  InstructionId trade_reference;
  ParticipantId party = kNoId;
  ParticipantId counterparty = kNoId;
  CurrencyId sell_currency = kNoCurrency;
  CurrencyId buy_currency = kNoCurrency;
  AmountMinor sell_amount_minor = 0;
  AmountMinor buy_amount_minor = 0;
  TimestampNs settlement_deadline_ns = 0;
};

struct Config {
  ValueDate value_date_initial = 20260101;
  // Business days a final payment's UETR is remembered to reject duplicates,
  // 1 to 15 (DedupeSet::kWindowDaysMax); values outside are clamped.
  int dedupe_window_days = 5;
  // Layout of the duplicate index only (no effect on state or state_hash): a
  // network service passes a secret random value (see DedupeSet).
  uint64_t dedupe_hash_seed = 0;
  // Layout only, like the seed: room for this many UETRs before the duplicate
  // index first grows (growing rehashes it, a pause). 0: start small.
  size_t uetrs_reserved = 0;
  uint32_t currencies_max = 64;
  uint32_t participants_max = 1u << 20;
  uint32_t accounts_max = 1u << 20;
  uint32_t pending_payments_max = 1u << 24;  // bounded memory: beyond this, AG01
};

}  // namespace corridor::core
