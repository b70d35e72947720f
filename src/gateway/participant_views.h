// What each participant can see, derived from the journal: its inbox (the
// messages addressed to it, in journal order), the tracking history of its
// payments, what a finality receipt needs, and its end-of-day figures.
//
// A pure function of the journal: fed on the engine's apply thread by the
// engine observer (live) or by journal::replay_observed (after a restart),
// one applied submission at a time, in sequence order. So an entry is in an
// inbox if and only if the command that caused it is in the journal, and a
// rebuilt inbox is the same as the one before the restart (docs/api.md,
// "Inbox"). Readers (I/O threads) copy what they need under a shared lock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "core/bic.h"
#include "core/command.h"
#include "core/result.h"
#include "core/uetr.h"
#include "gateway/instruction_key.h"
#include "gateway/large_pages.h"
#include "gateway/stable_vector.h"
#include "iso20022/boxed.h"
#include "journal/engine.h"
#include "journal/hash.h"
#include "journal/machine.h"

namespace corridor::gateway {

// What an inbox entry will be rendered as (inbox_render.h).
enum class InboxKind : uint8_t {
  kForwardedPayment = 0,    // the pacs.008 / pacs.009 / pacs.004, to the creditor's account holder
  kDebitNotification = 1,   // camt.054 DBIT, to the debtor's account holder
  kCreditNotification = 2,  // camt.054 CRDT, to the creditor's account holder
  // pacs.002 to the submitter of a payment that was queued (answered ACSP)
  // and later settled (ACSC), or was rejected or cancelled (RJCT).
  kStatusReport = 3,
  kResolution = 4,  // camt.029 to a participant that asked to cancel or modify a payment
};
const char* to_string(InboxKind kind);

enum class PaymentState : uint8_t { kQueued = 0, kSettled = 1, kRejected = 2, kCancelled = 3 };
const char* to_string(PaymentState state);

// One step of a payment's history (GET /v1/payments/{uetr}).
enum class StepKind : uint8_t {
  kAccepted = 0,  // journaled and validated by the core
  kQueued = 1,
  kSettled = 2,
  kRejected = 3,
  kCancelled = 4,
  kPriorityChanged = 5,
  kMoved = 6,     // to the top or bottom of its queue
  kModified = 7,  // earliest / latest time (camt.007)
};
const char* to_string(StepKind kind);

struct TrackingStep {
  StepKind kind = StepKind::kAccepted;
  uint64_t seq = 0;  // the journal command that caused it
  core::TimestampNs at_ns = 0;
  core::Reason reason = core::Reason::kNone;
  core::SettledBy settled_by = core::SettledBy::kNone;
  core::Priority priority = core::Priority::kNormal;
  core::Bic by{};  // who asked (a request), empty for the system or the operator
};

// The second leg of a cross-currency (PvP) payment and what it settled at.
struct FxLegs {
  uint64_t quote_id = 0;
  core::Bic provider;  // the quote's FX provider (empty: the quote was unknown)
  // The holders of the provider's accounts: receiving leg 1, paying leg 2
  // (the provider's or its settlement bank's).
  core::Bic provider_holder_in;
  core::Bic provider_holder_out;
  core::CurrencyCode settlement_currency;
  core::AmountMinor settlement_amount_minor = 0;
  int64_t rate_units = 0;  // the quote's rate: rate_units / 10^rate_scale (0: unknown)
  uint8_t rate_scale = 0;
};

// One leg as booked: its currency, amount and the holders of its two accounts.
struct LegView {
  core::CurrencyCode currency;
  core::AmountMinor amount_minor = 0;
  core::Bic debtor_holder;
  core::Bic creditor_holder;
  core::Bic debtor_agent;  // the party paying (leg 2: the FX provider)
  core::Bic creditor_agent;
};

struct PaymentRecord {
  core::Uetr uetr;
  core::Bic submitter;  // the journal submission's sender: who gets its status reports
  core::InstructionId instruction_id;
  core::Bic debtor_agent;
  core::Bic creditor_agent;
  // The holders of the settlement accounts (an indirect participant's
  // settlement bank): who gets the notifications and the forwarded message.
  core::Bic debtor_account_holder;
  core::Bic creditor_account_holder;
  core::CurrencyCode currency;
  core::AmountMinor amount_minor = 0;
  core::PaymentType type = core::PaymentType::kCustomerCreditTransfer;
  core::Priority priority = core::Priority::kNormal;
  PaymentState state = PaymentState::kQueued;
  core::Reason reason = core::Reason::kNone;  // rejected or cancelled
  uint64_t accepted_seq = 0;
  core::TimestampNs accepted_at_ns = 0;
  // Settled: the command whose application settled it, its batch's hash, how.
  uint64_t settled_seq = 0;
  core::TimestampNs settled_at_ns = 0;
  core::SettledBy settled_by = core::SettledBy::kNone;
  journal::Hash256 settled_batch_hash{};
  core::ValueDate value_date = 0;  // the business day it settled (or was accepted) on
  bool was_queued = false;         // answered ACSP: its outcome is reported later
  // Inline room for the usual two steps (accepted, settled): no allocation per payment.
  absl::InlinedVector<TrackingStep, 2> history;
  // A cross-currency payment: currency and amount_minor above are leg 1's
  // (debtor -> FX provider, instructed), leg 2 (FX provider -> creditor) is
  // here, on the heap: most payments have no second leg (8 bytes, not 120).
  iso20022::Boxed<FxLegs> fx;
  // A deferred-net-settlement payment (SubmitDnsPayment): it settles when its
  // currency's cycle does (settled_by stays kNone: the core reports no way; tracking
  // and its receipt say dns_cycle), its balances move by the net. settled_seq,
  // settled_at_ns and settled_batch_hash are then the SettleDnsCycle command's.
  bool dns = false;

  // May this participant see the payment (a party to it, the FX provider included)?
  bool visible_to(const core::Bic& reader) const;
  // Leg kOnly or kFirst: the payment (leg 1); kSecond: leg 2.
  LegView leg(core::Leg which) const;
};

// A published FX quote as the service last saw it (PublishFxQuote, not yet withdrawn).
struct QuoteView {
  core::Bic provider;
  core::CurrencyCode base_currency;
  core::CurrencyCode quote_currency;
  int64_t rate_units = 0;
  uint8_t rate_scale = 0;
};

struct InboxEntry {
  uint64_t cursor = 0;  // 1, 2, ... within this inbox
  uint64_t seq = 0;     // the journal command that caused it
  core::TimestampNs at_ns = 0;
  core::Uetr uetr;
  core::ValueDate value_date = 0;
  InboxKind kind = InboxKind::kForwardedPayment;  // beside the other bytes: 56 bytes, not 64
  PaymentState state = PaymentState::kSettled;    // kStatusReport: settled, rejected or cancelled
  core::Reason reason = core::Reason::kNone;      // kStatusReport / kResolution
  bool accepted = true;                           // kResolution
  bool cancellation = true;                       // kResolution: camt.056 (else camt.007)
  core::Leg leg = core::Leg::kOnly;               // notifications: which leg was booked
};

// An entry with the payment it is about (absent for a resolution about a UETR
// Corridor does not know).
struct InboxItem {
  InboxEntry entry;
  std::optional<PaymentRecord> payment;  // without history
};

struct InboxPage {
  std::vector<InboxItem> items;
  uint64_t size = 0;  // entries in the inbox in all
};

// One settlement account's day, for a camt.053.
struct AccountDay {
  core::CurrencyCode currency;
  core::AccountDayFigures figures;
  std::vector<InboxItem> entries;  // the day's notifications on this account
};

struct StatementDay {
  core::ValueDate value_date = 0;
  core::TimestampNs closed_at_ns = 0;
  uint64_t closed_seq = 0;
  std::vector<AccountDay> accounts;
};

class ParticipantViews {
 public:
  // The engine observer (apply thread) and the replay feed.
  void observe(const journal::Submission& submission, const journal::Ack& ack,
               const journal::Machine& machine);

  // What reserve() backs a payment with, besides its index slots.
  static constexpr size_t kEntriesPerPayment = 3;  // debit and credit notification, forward
  static constexpr size_t kEntryBytes = 32;
  static constexpr size_t kRecordBytes = sizeof(PaymentRecord);

  // Makes room for `payments` payments in the per-payment indexes (no rehash
  // until then), their records and their inbox entries, backed with memory now.
  void reserve(size_t payments);

  // Starts loading the index slots observe() will touch for `submission`
  // (the engine's observer_prefetch, on the apply thread). Changes nothing.
  void prefetch(const journal::Submission& submission) const;

  InboxPage inbox(const core::Bic& reader, uint64_t after, uint32_t limit) const;
  uint64_t inbox_size(const core::Bic& reader) const;
  std::optional<PaymentRecord> payment(const core::Uetr& uetr) const;
  // The payment its submitter sent under this instruction id (the journal's
  // exactly-once key; the latest one accepted under it), without history.
  std::optional<PaymentRecord> payment_by_instruction(
      const core::Bic& submitter, const core::InstructionId& instruction_id) const;
  // The payments the reader may see (PaymentRecord::visible_to), oldest
  // first, with only the last step of their history, that `wanted` selects: at most `limit` of
  // them. Scans only the reader's own list (payments_by_party_), not every payment.
  std::vector<PaymentRecord> payments_of(const core::Bic& reader,
                                         const std::function<bool(const PaymentRecord&)>& wanted,
                                         size_t limit) const;
  std::optional<StatementDay> statement(const core::Bic& reader, core::ValueDate date) const;
  // The reader's debit and credit notifications of one business day in one currency.
  std::vector<InboxItem> notifications(const core::Bic& reader, core::ValueDate date,
                                       const core::CurrencyCode& currency) const;
  std::vector<core::ValueDate> closed_days() const;
  core::ValueDate value_date() const;
  uint64_t last_seq() const;
  // The quote published under `quote_id`, unless withdrawn since (quotes the
  // core dropped at an end of day may still be here: the core answers for them).
  std::optional<QuoteView> quote(uint64_t quote_id) const;

  // Called (outside the lock, on the apply thread) after a submission added
  // inbox entries: wakes whoever waits for new messages (the stream).
  void set_on_new_entries(std::function<void()> notify) { on_new_entries_ = std::move(notify); }

 private:
  struct ClosedDay {
    core::ValueDate value_date = 0;
    core::TimestampNs closed_at_ns = 0;
    uint64_t closed_seq = 0;
    // Per account: its holder, currency and figures.
    struct Account {
      core::Bic holder;
      core::CurrencyCode currency;
      core::AccountDayFigures figures;
    };
    std::vector<Account> accounts;
  };

  void on_payment(const journal::Submission& submission, const core::SubmitPayment& payment,
                  const journal::Ack& ack);
  void on_cross_currency(const journal::Submission& submission,
                         const core::SubmitCrossCurrencyPayment& payment, const journal::Ack& ack,
                         const journal::Machine& machine);
  void on_dns_payment(const journal::Submission& submission, const core::SubmitDnsPayment& payment,
                      const journal::Ack& ack);
  // A settled cycle: every payment still open in it is settled by this command.
  void on_dns_cycle_settled(const core::CurrencyCode& currency, const journal::Ack& ack);
  void on_liquidity_transfer(const journal::Submission& submission,
                             const core::LiquidityTransfer& transfer, const journal::Ack& ack);
  void on_event(const core::Event& event, const journal::Ack& ack, const journal::Machine& machine);
  void on_request(const core::Uetr& uetr, const core::Bic& requester, StepKind step,
                  const journal::Ack& ack, bool cancellation, core::Priority priority);
  void on_end_of_day(const journal::Ack& ack, const journal::Machine& machine);
  // Adds `entry` about payments_[payment] (or an unknown UETR: kUnknownPayment) to the
  // reader's inbox. Its uetr and cursor are not read: the entry is kept by payment and place.
  void add_entry(const core::Bic& reader, const InboxEntry& entry, uint32_t payment);
  // A settled leg's bookings, in this order: the debit notification to the
  // debtor's account holder, the forwarded message to the creditor's (if
  // `forward`), the credit notification to the creditor's.
  void add_booking(InboxEntry entry, uint32_t payment, const core::Bic& debtor_holder,
                   const core::Bic& creditor_holder, bool forward);
  // Lists payments_[index] under `party` unless it is already a party of it.
  void link_party(const core::Bic& party, uint32_t index, const PaymentRecord* before);
  std::vector<InboxItem> notifications_locked(const core::Bic& reader, core::ValueDate date,
                                              const core::CurrencyCode& currency) const;
  PaymentRecord* find(const core::Uetr& uetr);
  const PaymentRecord* find(const core::Uetr& uetr) const;

  // An inbox entry as kept: 32 bytes instead of InboxEntry's 56, three a
  // settled payment. Its cursor is its place in the inbox; its UETR is its
  // payment's, which it names by number (an unknown UETR, only a camt.029
  // answer's, is kept aside in unknown_uetrs_).
  struct StoredEntry {
    static constexpr uint32_t kUnknownPayment = uint32_t{1} << 31;  // | index into unknown_uetrs_
    uint64_t seq = 0;
    core::TimestampNs at_ns = 0;
    uint32_t payment = 0;
    core::ValueDate value_date = 0;
    InboxKind kind = InboxKind::kForwardedPayment;
    PaymentState state = PaymentState::kSettled;
    core::Reason reason = core::Reason::kNone;
    uint8_t flags = 0;  // bit 0 accepted, bit 1 cancellation, bits 2-3 the leg
  };
  static_assert(sizeof(StoredEntry) == kEntryBytes);
  InboxEntry entry_of(const StoredEntry& stored, uint64_t cursor) const;
  // The payment an entry is about, nullptr for an unknown UETR.
  const PaymentRecord* payment_of(const StoredEntry& stored) const;

  // Per-payment indexes: their slot arrays get huge pages when large.
  template <typename K>
  using PaymentIndex = absl::flat_hash_map<K, uint32_t, absl::Hash<K>, std::equal_to<K>,
                                           LargePageAllocator<std::pair<const K, uint32_t>>>;

  mutable std::shared_mutex mutex_;
  // Growing never moves the records or entries (no pause on the apply thread).
  StableVector<PaymentRecord> payments_;
  PaymentIndex<core::Uetr> payment_index_;
  // Per participant: the payments it is a party to (submitter, debtor or
  // creditor agent, account holder), each once, in the order first seen; so
  // that a camt.005 reads one participant's payments, not everyone's.
  absl::flat_hash_map<core::Bic, StableVector<uint32_t>> payments_by_party_;
  // Submitter BIC + instruction id (fingerprinted; the record is checked on
  // lookup) -> payment (pacs.028 without a UETR).
  PaymentIndex<InstructionFingerprint> by_instruction_;
  // Every inbox entry, in the order added; an inbox lists its entries' numbers.
  StableVector<StoredEntry> entries_;
  static constexpr uint64_t kEntriesMax = uint64_t{1} << 32;
  absl::flat_hash_map<core::Bic, StableVector<uint32_t>> inboxes_;
  std::vector<core::Uetr> unknown_uetrs_;  // the UETRs of resolutions about unknown payments
  std::map<core::ValueDate, ClosedDay> closed_days_;
  absl::flat_hash_map<uint64_t, QuoteView> quotes_;  // by quote id
  // Per currency: the DNS payments accepted into its open cycle, in order
  // (cancelled and rejected ones are skipped when the cycle settles).
  std::map<core::CurrencyCode, std::vector<core::Uetr>> dns_open_;
  core::ValueDate value_date_ = 0;
  uint64_t last_seq_ = 0;
  bool added_entries_ = false;  // by the submission being observed
  std::function<void()> on_new_entries_;
};

}  // namespace corridor::gateway
