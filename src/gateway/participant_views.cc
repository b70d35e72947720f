#include "gateway/participant_views.h"

#include <mutex>
#include <stdexcept>
#include <type_traits>
#include <variant>

namespace corridor::gateway {

const char* to_string(InboxKind kind) {
  switch (kind) {
    case InboxKind::kForwardedPayment:
      return "payment";
    case InboxKind::kDebitNotification:
      return "debit_notification";
    case InboxKind::kCreditNotification:
      return "credit_notification";
    case InboxKind::kStatusReport:
      return "status_report";
    case InboxKind::kResolution:
      return "resolution";
  }
  return "?";
}

const char* to_string(PaymentState state) {
  switch (state) {
    case PaymentState::kQueued:
      return "queued";
    case PaymentState::kSettled:
      return "settled";
    case PaymentState::kRejected:
      return "rejected";
    case PaymentState::kCancelled:
      return "cancelled";
  }
  return "?";
}

const char* to_string(StepKind kind) {
  switch (kind) {
    case StepKind::kAccepted:
      return "accepted";
    case StepKind::kQueued:
      return "queued";
    case StepKind::kSettled:
      return "settled";
    case StepKind::kRejected:
      return "rejected";
    case StepKind::kCancelled:
      return "cancelled";
    case StepKind::kPriorityChanged:
      return "priority_changed";
    case StepKind::kMoved:
      return "moved";
    case StepKind::kModified:
      return "modified";
  }
  return "?";
}

bool PaymentRecord::visible_to(const core::Bic& reader) const {
  if (reader.empty()) return false;
  if (fx && (reader == fx->provider || reader == fx->provider_holder_in ||
             reader == fx->provider_holder_out)) {
    return true;
  }
  return reader == submitter || reader == debtor_agent || reader == creditor_agent ||
         reader == debtor_account_holder || reader == creditor_account_holder;
}

LegView PaymentRecord::leg(core::Leg which) const {
  if (!fx) {
    return LegView{currency,     amount_minor,  debtor_account_holder, creditor_account_holder,
                   debtor_agent, creditor_agent};
  }
  if (which == core::Leg::kSecond) {
    return LegView{fx->settlement_currency,
                   fx->settlement_amount_minor,
                   fx->provider_holder_out,
                   creditor_account_holder,
                   fx->provider,
                   creditor_agent};
  }
  return LegView{currency,     amount_minor, debtor_account_holder, fx->provider_holder_in,
                 debtor_agent, fx->provider};
}

namespace {

// The views' record of a payment-like command (a cross-currency payment's leg
// 1, a DNS payment): its parties and ids, with this currency and amount.
template <typename Command>
core::SubmitPayment as_payment(const Command& command, const core::CurrencyCode& currency,
                               core::AmountMinor amount_minor) {
  core::SubmitPayment payment;
  payment.uetr = command.uetr;
  payment.instruction_id = command.instruction_id;
  payment.debtor_agent = command.debtor_agent;
  payment.creditor_agent = command.creditor_agent;
  payment.currency = currency;
  payment.amount_minor = amount_minor;
  return payment;
}

core::Bic holder_of(const journal::Machine& machine, core::AccountId account) {
  const core::Core& core = machine.core();
  if (account == core::kNoId || account >= core.account_count()) return core::Bic();
  const core::ParticipantId owner = core.account(account).owner;
  if (owner == core::kNoId || owner >= core.participant_count()) return core::Bic();
  return core.participant(owner).bic;
}

}  // namespace

PaymentRecord* ParticipantViews::find(const core::Uetr& uetr) {
  const auto it = payment_index_.find(uetr);
  return it == payment_index_.end() ? nullptr : &payments_[it->second];
}

const PaymentRecord* ParticipantViews::find(const core::Uetr& uetr) const {
  const auto it = payment_index_.find(uetr);
  return it == payment_index_.end() ? nullptr : &payments_[it->second];
}

void ParticipantViews::reserve(size_t payments) {
  std::unique_lock lock(mutex_);
  // Backed with memory now: the apply thread then takes no page fault for
  // these payments (a fault on fresh memory costs more than the insert).
  const PopulatingScope populating;
  payments_.reserve(payments);
  entries_.reserve(payments * kEntriesPerPayment);
  payment_index_.reserve(payments);
  by_instruction_.reserve(payments);
}

void ParticipantViews::prefetch(const journal::Submission& submission) const {
  // Only the apply thread changes the tables, and this runs on it: no lock.
  if (const auto* payment = std::get_if<core::SubmitPayment>(&submission.command.body)) {
    payment_index_.prefetch(payment->uetr);
    if (!payment->instruction_id.view().empty()) {
      by_instruction_.prefetch(fingerprint(submission.sender, payment->instruction_id));
    }
  }
}

void ParticipantViews::link_party(const core::Bic& party, uint32_t index,
                                  const PaymentRecord* before) {
  if (party.empty()) return;
  if (before != nullptr && before->visible_to(party)) return;  // listed already
  payments_by_party_[party].push_back(index);
}

void ParticipantViews::add_entry(const core::Bic& reader, const InboxEntry& entry,
                                 uint32_t payment) {
  if (reader.empty()) return;  // the operator has no inbox
  StoredEntry stored;
  stored.seq = entry.seq;
  stored.at_ns = entry.at_ns;
  stored.payment = payment;
  stored.value_date = entry.value_date;
  stored.kind = entry.kind;
  stored.state = entry.state;
  stored.reason = entry.reason;
  stored.flags = static_cast<uint8_t>((entry.accepted ? 1 : 0) | (entry.cancellation ? 2 : 0) |
                                      static_cast<uint8_t>(entry.leg) << 2);
  // Numbered in one list shared by every inbox: reserve() backs it with memory
  // up front, and an inbox grows by 4 bytes an entry instead of 32.
  if (entries_.size() >= kEntriesMax) throw std::length_error("inbox entries: more than 2^32");
  inboxes_[reader].push_back(static_cast<uint32_t>(entries_.size()));
  entries_.push_back(stored);
  added_entries_ = true;
}

InboxEntry ParticipantViews::entry_of(const StoredEntry& stored, uint64_t cursor) const {
  InboxEntry entry;
  entry.cursor = cursor;
  entry.seq = stored.seq;
  entry.at_ns = stored.at_ns;
  if (const PaymentRecord* p = payment_of(stored)) {
    entry.uetr = p->uetr;
  } else {
    entry.uetr = unknown_uetrs_[stored.payment & ~StoredEntry::kUnknownPayment];
  }
  entry.value_date = stored.value_date;
  entry.kind = stored.kind;
  entry.state = stored.state;
  entry.reason = stored.reason;
  entry.accepted = (stored.flags & 1) != 0;
  entry.cancellation = (stored.flags & 2) != 0;
  entry.leg = static_cast<core::Leg>(stored.flags >> 2);
  return entry;
}

const PaymentRecord* ParticipantViews::payment_of(const StoredEntry& stored) const {
  if ((stored.payment & StoredEntry::kUnknownPayment) != 0) return nullptr;
  return &payments_[stored.payment];
}

void ParticipantViews::add_booking(InboxEntry entry, uint32_t payment,
                                   const core::Bic& debtor_holder, const core::Bic& creditor_holder,
                                   bool forward) {
  entry.kind = InboxKind::kDebitNotification;
  add_entry(debtor_holder, entry, payment);
  if (forward) {
    entry.kind = InboxKind::kForwardedPayment;
    add_entry(creditor_holder, entry, payment);
  }
  entry.kind = InboxKind::kCreditNotification;
  add_entry(creditor_holder, entry, payment);
}

void ParticipantViews::observe(const journal::Submission& submission, const journal::Ack& ack,
                               const journal::Machine& machine) {
  added_entries_ = false;
  {
    std::unique_lock lock(mutex_);
    last_seq_ = ack.applied.seq;
    // A repeat changed nothing: its original already produced everything.
    if (!ack.applied.repeat) {
      const core::Result& result = ack.applied.result;
      const core::CommandBody& body = submission.command.body;
      bool end_of_day = false;
      if (const auto* payment = std::get_if<core::SubmitPayment>(&body)) {
        on_payment(submission, *payment, ack);
      } else if (const auto* cross = std::get_if<core::SubmitCrossCurrencyPayment>(&body)) {
        on_cross_currency(submission, *cross, ack, machine);
      } else if (const auto* dns = std::get_if<core::SubmitDnsPayment>(&body)) {
        on_dns_payment(submission, *dns, ack);
      } else if (const auto* quote = std::get_if<core::PublishFxQuote>(&body)) {
        if (result.ok()) {
          quotes_[quote->quote_id] =
              QuoteView{quote->provider, quote->base_currency, quote->quote_currency,
                        quote->rate_units, quote->rate_scale};
        }
      } else if (const auto* withdraw = std::get_if<core::WithdrawFxQuote>(&body)) {
        if (result.ok()) quotes_.erase(withdraw->quote_id);
      } else if (const auto* transfer = std::get_if<core::LiquidityTransfer>(&body)) {
        on_liquidity_transfer(submission, *transfer, ack);
      } else if (const auto* configure = std::get_if<core::Configure>(&body)) {
        if (result.ok()) value_date_ = configure->value_date_initial;
      } else if (std::holds_alternative<core::EndOfDay>(body)) {
        end_of_day = result.ok();
      }
      for (const core::Event& event : ack.events) on_event(event, ack, machine);
      // Requests after the events: a cancellation's step comes from its event.
      if (const auto* cancel = std::get_if<core::CancelPayment>(&body)) {
        on_request(cancel->uetr, cancel->requester, StepKind::kCancelled, ack, true,
                   core::Priority::kNormal);
      } else if (const auto* change = std::get_if<core::ChangePriority>(&body)) {
        on_request(change->uetr, change->requester, StepKind::kPriorityChanged, ack, false,
                   change->priority);
      } else if (const auto* modify = std::get_if<core::ModifyPayment>(&body)) {
        on_request(modify->uetr, modify->requester, StepKind::kModified, ack, false,
                   modify->priority_change ? modify->priority : core::Priority::kNormal);
        if (modify->priority_change && result.ok()) {
          if (PaymentRecord* p = find(modify->uetr)) p->priority = modify->priority;
        }
      } else if (const auto* move = std::get_if<core::MoveInQueue>(&body)) {
        on_request(move->uetr, move->requester, StepKind::kMoved, ack, false,
                   core::Priority::kNormal);
      }
      if (const auto* settle = std::get_if<core::SettleDnsCycle>(&body)) {
        if (result.ok()) on_dns_cycle_settled(settle->currency, ack);
      }
      if (end_of_day) on_end_of_day(ack, machine);
    }
  }
  if (added_entries_ && on_new_entries_) on_new_entries_();
}

void ParticipantViews::on_payment(const journal::Submission& submission,
                                  const core::SubmitPayment& payment, const journal::Ack& ack) {
  const core::Result& result = ack.applied.result;
  PaymentRecord* existing = find(payment.uetr);
  // A duplicate UETR is not a new payment: the one tracked stays as it is.
  // Only a payment refused before it took effect may be sent again.
  if (existing != nullptr && existing->state != PaymentState::kRejected) return;
  PaymentRecord record;
  record.uetr = payment.uetr;
  record.submitter = submission.sender;
  record.instruction_id = payment.instruction_id;
  record.debtor_agent = payment.debtor_agent;
  record.creditor_agent = payment.creditor_agent;
  record.currency = payment.currency;
  record.amount_minor = payment.amount_minor;
  record.type = payment.type;
  record.priority = payment.priority;
  record.accepted_seq = ack.applied.seq;
  record.accepted_at_ns = ack.timestamp_ns;
  record.value_date = value_date_;
  if (result.ok()) {
    record.state = PaymentState::kQueued;  // until its settlement event
    record.was_queued = result.outcome == core::Outcome::kQueued;
    record.history.push_back(TrackingStep{StepKind::kAccepted, ack.applied.seq, ack.timestamp_ns,
                                          core::Reason::kNone, core::SettledBy::kNone,
                                          payment.priority, submission.sender});
  } else {
    record.state = PaymentState::kRejected;
    record.reason = result.reason;
    record.history.push_back(TrackingStep{StepKind::kRejected, ack.applied.seq, ack.timestamp_ns,
                                          result.reason, core::SettledBy::kNone, payment.priority,
                                          submission.sender});
  }
  const uint32_t index = existing != nullptr ? payment_index_.find(payment.uetr)->second
                                             : static_cast<uint32_t>(payments_.size());
  // Each party once: `before` (not yet replaced) is who the lists already hold it for.
  const PaymentRecord* before = existing;
  link_party(record.submitter, index, before);
  if (record.debtor_agent != record.submitter) link_party(record.debtor_agent, index, before);
  if (record.creditor_agent != record.submitter && record.creditor_agent != record.debtor_agent) {
    link_party(record.creditor_agent, index, before);
  }
  if (!record.instruction_id.view().empty()) {
    by_instruction_[fingerprint(record.submitter, record.instruction_id)] = index;
  }
  if (existing != nullptr) {
    absl::InlinedVector<TrackingStep, 2> history = std::move(existing->history);
    history.insert(history.end(), record.history.begin(), record.history.end());
    record.history = std::move(history);
    *existing = std::move(record);
    return;
  }
  payment_index_.emplace(payment.uetr, index);
  payments_.push_back(std::move(record));
}

void ParticipantViews::on_cross_currency(const journal::Submission& submission,
                                         const core::SubmitCrossCurrencyPayment& payment,
                                         const journal::Ack& ack, const journal::Machine& machine) {
  core::SubmitPayment leg1 =
      as_payment(payment, payment.instructed_currency, payment.instructed_amount_minor);
  leg1.type = payment.type;
  leg1.priority = payment.priority;
  const PaymentRecord* before = find(payment.uetr);
  const bool was_new = before == nullptr;
  const PaymentState state_before = was_new ? PaymentState::kQueued : before->state;
  on_payment(submission, leg1, ack);
  PaymentRecord* p = find(payment.uetr);
  // Not taken over: a duplicate of a payment tracked already.
  if (p == nullptr || (!was_new && state_before != PaymentState::kRejected)) return;
  FxLegs fx;
  fx.quote_id = payment.quote_id;
  fx.settlement_currency = payment.settlement_currency;
  fx.settlement_amount_minor = payment.settlement_amount_minor;
  // The quote is in the core while the payment is accepted (a command cannot
  // withdraw it in between); a refused payment may name none.
  if (const core::FxQuote* q = machine.core().find_quote(payment.quote_id)) {
    fx.provider = machine.core().participant(q->provider).bic;
    fx.rate_units = q->rate_units;
    fx.rate_scale = q->rate_scale;
  }
  link_party(fx.provider, payment_index_.find(payment.uetr)->second, p);
  p->fx.get() = fx;
}

void ParticipantViews::on_dns_payment(const journal::Submission& submission,
                                      const core::SubmitDnsPayment& payment,
                                      const journal::Ack& ack) {
  const PaymentRecord* before = find(payment.uetr);
  if (before != nullptr && before->state != PaymentState::kRejected) return;  // a duplicate
  on_payment(submission, as_payment(payment, payment.currency, payment.amount_minor), ack);
  PaymentRecord* p = find(payment.uetr);
  if (p == nullptr) return;
  p->dns = true;
  if (ack.applied.result.ok()) dns_open_[payment.currency].push_back(payment.uetr);
}

void ParticipantViews::on_dns_cycle_settled(const core::CurrencyCode& currency,
                                            const journal::Ack& ack) {
  const auto open = dns_open_.find(currency);
  if (open == dns_open_.end()) return;
  const uint64_t seq = ack.applied.seq;
  for (const core::Uetr& uetr : open->second) {
    const auto at = payment_index_.find(uetr);
    if (at == payment_index_.end()) continue;
    const uint32_t index = at->second;
    PaymentRecord* p = &payments_[index];
    if (!p->dns || p->state != PaymentState::kQueued) continue;
    p->state = PaymentState::kSettled;
    p->settled_seq = seq;
    p->settled_at_ns = ack.timestamp_ns;
    p->settled_by = core::SettledBy::kNone;
    p->settled_batch_hash = ack.batch_hash;
    p->value_date = value_date_;
    p->history.push_back(TrackingStep{StepKind::kSettled, seq, ack.timestamp_ns,
                                      core::Reason::kNone, core::SettledBy::kNone, p->priority,
                                      core::Bic()});
    InboxEntry entry;
    entry.seq = seq;
    entry.at_ns = ack.timestamp_ns;
    entry.value_date = value_date_;
    entry.state = PaymentState::kSettled;
    add_booking(entry, index, p->debtor_account_holder, p->creditor_account_holder, true);
    entry.kind = InboxKind::kStatusReport;
    add_entry(p->submitter, entry, index);
  }
  dns_open_.erase(open);
}

void ParticipantViews::on_liquidity_transfer(const journal::Submission& submission,
                                             const core::LiquidityTransfer& transfer,
                                             const journal::Ack& ack) {
  core::SubmitPayment as_payment;
  as_payment.uetr = transfer.uetr;
  as_payment.debtor_agent = transfer.from;
  as_payment.creditor_agent = transfer.to;
  as_payment.currency = transfer.currency;
  as_payment.amount_minor = transfer.amount_minor;
  as_payment.type = core::PaymentType::kLiquidityTransfer;
  as_payment.priority = core::Priority::kHighlyUrgent;
  on_payment(submission, as_payment, ack);
}

void ParticipantViews::on_event(const core::Event& event, const journal::Ack& ack,
                                const journal::Machine& machine) {
  const auto found = payment_index_.find(event.uetr);
  // Not a payment this view saw accepted (cannot happen from seq 1).
  if (found == payment_index_.end()) return;
  const uint32_t index = found->second;
  PaymentRecord* p = &payments_[index];
  const uint64_t seq = ack.applied.seq;
  const core::TimestampNs at_ns = event.at_ns != 0 ? event.at_ns : ack.timestamp_ns;
  // A cross-currency payment's legs: leg 1 pays the FX provider, leg 2 is paid by it.
  const bool second = event.leg == core::Leg::kSecond && p->fx;
  const bool first = event.leg == core::Leg::kFirst && p->fx;
  if (event.debtor_account != core::kNoId) {
    const core::Bic holder = holder_of(machine, event.debtor_account);
    link_party(holder, index, p);
    (second ? p->fx.get().provider_holder_out : p->debtor_account_holder) = holder;
  }
  if (event.creditor_account != core::kNoId) {
    const core::Bic holder = holder_of(machine, event.creditor_account);
    link_party(holder, index, p);
    (first ? p->fx.get().provider_holder_in : p->creditor_account_holder) = holder;
  }
  InboxEntry entry;
  entry.seq = seq;
  entry.at_ns = at_ns;
  entry.value_date = value_date_;
  entry.leg = p->fx ? event.leg : core::Leg::kOnly;
  if (second) {
    // The payment's state and history moved with leg 1's event; leg 2 adds its
    // bookings: the provider's debit, the forwarded message and the creditor's credit.
    if (event.kind != core::EventKind::kSettled) return;
    entry.state = PaymentState::kSettled;
    add_booking(entry, index, p->fx->provider_holder_out, p->creditor_account_holder, true);
    return;
  }
  switch (event.kind) {
    case core::EventKind::kQueued:
      p->state = PaymentState::kQueued;
      p->was_queued = true;
      p->history.push_back(TrackingStep{StepKind::kQueued, seq, at_ns, core::Reason::kNone,
                                        core::SettledBy::kNone, event.priority, core::Bic()});
      return;
    case core::EventKind::kSettled: {
      p->state = PaymentState::kSettled;
      p->settled_seq = seq;
      p->settled_at_ns = at_ns;
      p->settled_by = event.settled_by;
      p->settled_batch_hash = ack.batch_hash;
      p->value_date = value_date_;
      p->history.push_back(TrackingStep{StepKind::kSettled, seq, at_ns, core::Reason::kNone,
                                        event.settled_by, event.priority, core::Bic()});
      entry.state = PaymentState::kSettled;
      if (first) {
        // Leg 1 credits the FX provider, in leg 1's currency; nothing is forwarded to it.
        add_booking(entry, index, p->debtor_account_holder, p->fx->provider_holder_in, false);
      } else {
        add_booking(entry, index, p->debtor_account_holder, p->creditor_account_holder,
                    p->type != core::PaymentType::kLiquidityTransfer);
      }
      entry.leg = core::Leg::kOnly;
      if (p->was_queued) {
        entry.kind = InboxKind::kStatusReport;
        add_entry(p->submitter, entry, index);
      }
      return;
    }
    case core::EventKind::kRejected:
    case core::EventKind::kCancelled: {
      const bool cancelled = event.kind == core::EventKind::kCancelled;
      p->state = cancelled ? PaymentState::kCancelled : PaymentState::kRejected;
      p->reason = event.reason;
      p->history.push_back(TrackingStep{cancelled ? StepKind::kCancelled : StepKind::kRejected, seq,
                                        at_ns, event.reason, core::SettledBy::kNone, event.priority,
                                        core::Bic()});
      entry.kind = InboxKind::kStatusReport;
      entry.leg = core::Leg::kOnly;
      entry.state = p->state;
      entry.reason = event.reason;
      add_entry(p->submitter, entry, index);
      return;
    }
  }
}

void ParticipantViews::on_request(const core::Uetr& uetr, const core::Bic& requester, StepKind step,
                                  const journal::Ack& ack, bool cancellation,
                                  core::Priority priority) {
  const core::Result& result = ack.applied.result;
  PaymentRecord* p = find(uetr);
  if (p != nullptr && result.ok() && step != StepKind::kCancelled) {
    if (step == StepKind::kPriorityChanged) p->priority = priority;
    p->history.push_back(TrackingStep{step, ack.applied.seq, ack.timestamp_ns, core::Reason::kNone,
                                      core::SettledBy::kNone, priority, requester});
  }
  if (p != nullptr && step == StepKind::kCancelled && result.ok() && !p->history.empty()) {
    p->history.back().by = requester;  // the cancellation event's step: say who asked
  }
  // camt.056 and camt.007 are answered with a camt.029, kept in the inbox too;
  // a move in the queue (JSON API) and the operator's requests are not.
  if (step == StepKind::kMoved || requester.empty()) return;
  InboxEntry entry;
  entry.seq = ack.applied.seq;
  entry.at_ns = ack.timestamp_ns;
  entry.kind = InboxKind::kResolution;
  entry.value_date = value_date_;
  entry.accepted = result.ok();
  entry.reason = result.reason;
  entry.cancellation = cancellation;
  uint32_t payment = 0;
  if (const auto at = payment_index_.find(uetr); at != payment_index_.end()) {
    payment = at->second;
  } else {
    payment = StoredEntry::kUnknownPayment | static_cast<uint32_t>(unknown_uetrs_.size());
    unknown_uetrs_.push_back(uetr);
  }
  add_entry(requester, entry, payment);
}

void ParticipantViews::on_end_of_day(const journal::Ack& ack, const journal::Machine& machine) {
  const core::Core& core = machine.core();
  const core::EodReport& report = core.last_eod_report();
  ClosedDay day;
  day.value_date = report.closed_value_date != 0 ? report.closed_value_date : value_date_;
  day.closed_at_ns = ack.timestamp_ns;
  day.closed_seq = ack.applied.seq;
  for (const core::AccountDayFigures& figures : report.accounts) {
    if (figures.account >= core.account_count()) continue;
    const core::Account& account = core.account(figures.account);
    day.accounts.push_back(ClosedDay::Account{holder_of(machine, figures.account),
                                              core.currency(account.currency).code, figures});
  }
  closed_days_[day.value_date] = std::move(day);
  dns_open_.clear();  // the end of day rejected what was still in open cycles (rule 15)
  value_date_ = report.next_value_date;
}

InboxPage ParticipantViews::inbox(const core::Bic& reader, uint64_t after, uint32_t limit) const {
  InboxPage page;
  std::shared_lock lock(mutex_);
  const auto it = inboxes_.find(reader);
  if (it == inboxes_.end()) return page;
  const StableVector<uint32_t>& inbox = it->second;
  page.size = inbox.size();
  for (uint64_t i = after; i < inbox.size() && page.items.size() < limit; ++i) {
    const StoredEntry& stored = entries_[inbox[i]];
    InboxItem item{entry_of(stored, i + 1), std::nullopt};
    if (const PaymentRecord* p = payment_of(stored)) {
      item.payment = *p;
      item.payment->history.clear();
    }
    page.items.push_back(std::move(item));
  }
  return page;
}

uint64_t ParticipantViews::inbox_size(const core::Bic& reader) const {
  std::shared_lock lock(mutex_);
  const auto it = inboxes_.find(reader);
  return it == inboxes_.end() ? 0 : it->second.size();
}

std::optional<PaymentRecord> ParticipantViews::payment(const core::Uetr& uetr) const {
  std::shared_lock lock(mutex_);
  const PaymentRecord* p = find(uetr);
  if (p == nullptr) return std::nullopt;
  return *p;
}

std::optional<PaymentRecord> ParticipantViews::payment_by_instruction(
    const core::Bic& submitter, const core::InstructionId& instruction_id) const {
  std::shared_lock lock(mutex_);
  const auto it = by_instruction_.find(fingerprint(submitter, instruction_id));
  if (it == by_instruction_.end()) return std::nullopt;
  const PaymentRecord& found = payments_[it->second];
  if (found.submitter != submitter || found.instruction_id != instruction_id) return std::nullopt;
  PaymentRecord out = found;
  out.history.clear();
  return out;
}

std::vector<PaymentRecord> ParticipantViews::payments_of(
    const core::Bic& reader, const std::function<bool(const PaymentRecord&)>& wanted,
    size_t limit) const {
  std::vector<PaymentRecord> out;
  std::shared_lock lock(mutex_);
  const auto it = payments_by_party_.find(reader);
  if (it == payments_by_party_.end()) return out;
  for (const uint32_t index : it->second) {
    if (out.size() >= limit) break;
    const PaymentRecord& p = payments_[index];
    // A replaced record (refused, then sent again by another) may no longer be the reader's.
    if (!p.visible_to(reader) || !wanted(p)) continue;
    PaymentRecord copy = p;
    // The last step only: when its state was reached (a query's status time).
    if (copy.history.size() > 1) copy.history.erase(copy.history.begin(), copy.history.end() - 1);
    out.push_back(std::move(copy));
  }
  return out;
}

std::optional<StatementDay> ParticipantViews::statement(const core::Bic& reader,
                                                        core::ValueDate date) const {
  std::shared_lock lock(mutex_);
  const auto day = closed_days_.find(date);
  if (day == closed_days_.end()) return std::nullopt;
  StatementDay out;
  out.value_date = date;
  out.closed_at_ns = day->second.closed_at_ns;
  out.closed_seq = day->second.closed_seq;
  for (const ClosedDay::Account& account : day->second.accounts) {
    if (account.holder != reader) continue;
    out.accounts.push_back(AccountDay{account.currency, account.figures,
                                      notifications_locked(reader, date, account.currency)});
  }
  return out;
}

std::vector<InboxItem> ParticipantViews::notifications(const core::Bic& reader,
                                                       core::ValueDate date,
                                                       const core::CurrencyCode& currency) const {
  std::shared_lock lock(mutex_);
  return notifications_locked(reader, date, currency);
}

std::vector<InboxItem> ParticipantViews::notifications_locked(
    const core::Bic& reader, core::ValueDate date, const core::CurrencyCode& currency) const {
  std::vector<InboxItem> items;
  const auto inbox = inboxes_.find(reader);
  if (inbox == inboxes_.end()) return items;
  uint64_t cursor = 0;
  for (const uint32_t number : inbox->second) {
    const StoredEntry& stored = entries_[number];
    ++cursor;
    if (stored.value_date != date || (stored.kind != InboxKind::kDebitNotification &&
                                      stored.kind != InboxKind::kCreditNotification)) {
      continue;
    }
    const PaymentRecord* p = payment_of(stored);
    const InboxEntry entry = entry_of(stored, cursor);
    if (p == nullptr || p->leg(entry.leg).currency != currency) continue;
    InboxItem item{entry, *p};
    item.payment->history.clear();
    items.push_back(std::move(item));
  }
  return items;
}

std::vector<core::ValueDate> ParticipantViews::closed_days() const {
  std::shared_lock lock(mutex_);
  std::vector<core::ValueDate> days;
  for (const auto& [date, day] : closed_days_) days.push_back(date);
  return days;
}

core::ValueDate ParticipantViews::value_date() const {
  std::shared_lock lock(mutex_);
  return value_date_;
}

std::optional<QuoteView> ParticipantViews::quote(uint64_t quote_id) const {
  std::shared_lock lock(mutex_);
  const auto it = quotes_.find(quote_id);
  if (it == quotes_.end()) return std::nullopt;
  return it->second;
}

uint64_t ParticipantViews::last_seq() const {
  std::shared_lock lock(mutex_);
  return last_seq_;
}

}  // namespace corridor::gateway
