// FX quotes and cross-currency payments settled payment-versus-payment
// (docs/settlement-rules.md, rule 13). A pair is one pending Payment (its first
// leg, debtor -> provider) with its second leg (provider -> creditor) beside it
// in second_legs_; settlement.cc and gridlock.cc move both legs or neither.
#include "core/assert.h"
#include "core/core.h"
#include "core/fx_rate.h"

namespace corridor::core {
namespace {

bool valid_priority(Priority p) {
  return static_cast<uint8_t>(p) < kPriorityCount;
}

}  // namespace

const SecondLeg* Core::find_second_leg(const Uetr& uetr) const {
  const PaymentSlot slot = pending_slot(uetr);
  if (slot == kNoId || payments_[slot].kind != PaymentKind::kPvp) return nullptr;
  return &second_leg(slot);
}

const FxQuote* Core::find_quote(uint64_t quote_id) const {
  auto it = quotes_.find(quote_id);
  return it == quotes_.end() ? nullptr : &it->second;
}

Result Core::publish_fx_quote(const PublishFxQuote& c) {
  if (c.rate_units <= 0 || c.rate_scale > PublishFxQuote::kRateScaleMax ||
      c.valid_to_ns <= c.valid_from_ns || c.max_base_amount_minor <= 0) {
    return Result::rejected(Reason::kInvalidQuote);
  }
  if (c.provider.empty()) return Result::rejected(Reason::kInvalidBic);
  const auto provider = find_participant(c.provider);
  if (!provider) return Result::rejected(Reason::kUnknownParticipant);
  const auto base = find_currency(c.base_currency);
  const auto quote = find_currency(c.quote_currency);
  if (!base || !quote) return Result::rejected(Reason::kCurrencyNotAccepted);
  if (*base == *quote) return Result::rejected(Reason::kInvalidQuote);
  if (const Reason why = party_block(*provider); why != Reason::kNone) {
    return Result::rejected(why);
  }
  if (!account_of(*provider, *base) || !account_of(*provider, *quote)) {
    return Result::rejected(Reason::kUnknownAccount);  // a provider settles in both currencies
  }
  if (quotes_.contains(c.quote_id)) return Result::rejected(Reason::kQuoteExists);
  if (quotes_.size() >= kQuotesMax) return Result::rejected(Reason::kTooMany);
  quotes_.emplace(c.quote_id,
                  FxQuote{c.quote_id, *provider, *base, *quote, c.rate_scale, c.rate_units,
                          c.valid_from_ns, c.valid_to_ns, c.max_base_amount_minor});
  return Result{};
}

Result Core::withdraw_fx_quote(const WithdrawFxQuote& c) {
  auto it = quotes_.find(c.quote_id);
  if (it == quotes_.end()) return Result::rejected(Reason::kUnknownQuote);
  if (!c.requester.empty()) {
    // As for payments: someone else's quote looks unknown.
    const auto requester = find_participant(c.requester);
    const ParticipantId provider = it->second.provider;
    if (!requester ||
        (*requester != provider && *requester != participant_hot_[provider].settlement_bank)) {
      return Result::rejected(Reason::kUnknownQuote);
    }
  }
  quotes_.erase(it);
  return Result{};
}

Result Core::submit_cross_currency_payment(const SubmitCrossCurrencyPayment& c) {
  if (c.instructed_amount_minor == 0 || c.settlement_amount_minor == 0) {
    return Result::rejected(Reason::kZeroAmount);
  }
  if (c.instructed_amount_minor < 0 || c.settlement_amount_minor < 0) {
    return Result::rejected(Reason::kNegativeAmount);
  }
  if (!c.uetr.is_version4()) return Result::rejected(Reason::kInvalidUetr);
  if (!valid_priority(c.priority) ||
      static_cast<uint8_t>(c.type) >= static_cast<uint8_t>(PaymentType::kLiquidityTransfer)) {
    return Result::rejected(Reason::kInvalidPriority);  // liquidity transfers are one currency
  }
  if (c.debtor_agent.empty() || c.creditor_agent.empty()) {
    return Result::rejected(Reason::kInvalidBic);
  }
  const auto from_currency = find_currency(c.instructed_currency);
  const auto to_currency = find_currency(c.settlement_currency);
  if (!from_currency || !to_currency) return Result::rejected(Reason::kCurrencyNotAccepted);
  if (*from_currency == *to_currency) return Result::rejected(Reason::kCurrencyMismatch);
  const auto debtor_agent = find_participant(c.debtor_agent);
  const auto creditor_agent = find_participant(c.creditor_agent);
  if (!debtor_agent || !creditor_agent) return Result::rejected(Reason::kUnknownParticipant);
  for (ParticipantId agent : {*debtor_agent, *creditor_agent}) {
    if (const Reason why = party_block(agent); why != Reason::kNone) return Result::rejected(why);
  }
  // The quote, at the payment's time (the command's timestamp).
  const FxQuote* quote = find_quote(c.quote_id);
  if (quote == nullptr) return Result::rejected(Reason::kUnknownQuote);
  if (quote->base_currency != *from_currency || quote->quote_currency != *to_currency) {
    return Result::rejected(Reason::kCurrencyMismatch);
  }
  if (now_ns_ < quote->valid_from_ns || now_ns_ >= quote->valid_to_ns) {
    return Result::rejected(Reason::kQuoteNotValid);
  }
  if (c.instructed_amount_minor > quote->max_base_amount_minor) {
    return Result::rejected(Reason::kQuoteAmountExceeded);
  }
  const ParticipantId provider = quote->provider;
  if (const Reason why = party_block(provider); why != Reason::kNone) {
    return Result::rejected(why);
  }
  const auto debtor = account_of(*debtor_agent, *from_currency);
  const auto provider_in = account_of(provider, *from_currency);
  const auto provider_out = account_of(provider, *to_currency);
  const auto creditor = account_of(*creditor_agent, *to_currency);
  if (!debtor || !provider_in || !provider_out || !creditor) {
    return Result::rejected(Reason::kUnknownAccount);
  }
  if (*debtor == *provider_in || *provider_out == *creditor) {
    return Result::rejected(Reason::kSameAccount);
  }
  const std::optional<AmountMinor> converted = convert_half_even(
      c.instructed_amount_minor, quote->rate_units, quote->rate_scale,
      currencies_[*from_currency].minor_units, currencies_[*to_currency].minor_units);
  if (!converted) return Result::rejected(Reason::kAmountOverflow);
  if (*converted != c.settlement_amount_minor) {
    return Result::rejected(Reason::kSettlementAmountMismatch);
  }
  if (c.earliest_ns != kNoTime && c.latest_ns != kNoTime && c.latest_ns < c.earliest_ns) {
    return Result::rejected(Reason::kInvalidTimeWindow);
  }
  if (c.latest_ns != kNoTime && c.latest_ns < now_ns_) {
    return Result::rejected(Reason::kLatestTimePassed);
  }
  AmountMinor unused;
  if (!checked_add(accounts_[*provider_in].balance_minor, c.instructed_amount_minor, &unused) ||
      !checked_add(accounts_[*creditor].balance_minor, c.settlement_amount_minor, &unused)) {
    return Result::rejected(Reason::kAmountOverflow);  // could never settle
  }
  const bool waits = c.earliest_ns != kNoTime && c.earliest_ns > now_ns_;
  const bool settles_now = !waits && !ahead_in_fifo(*debtor, c.priority) &&
                           covers(*debtor, *provider_in, c.priority, c.instructed_amount_minor) &&
                           covers(*provider_out, *creditor, c.priority, c.settlement_amount_minor);
  if (!settles_now) {
    if (pending_count_ >= config_.pending_payments_max) return Result::rejected(Reason::kTooMany);
    if (!checked_add(accounts_[*debtor].pending_value_minor, c.instructed_amount_minor, &unused) ||
        !checked_add(currency_pending_[*from_currency].pending_value_minor,
                     c.instructed_amount_minor, &unused)) {
      return Result::rejected(Reason::kAmountOverflow);
    }
  }
  // The duplicate check is last, so that its insertion is the first change.
  if (!dedupe_.insert(c.uetr, business_day_)) return Result::rejected(Reason::kDuplicate);

  if (settles_now) {
    post_transfer(*debtor, *provider_in, c.instructed_amount_minor, Flow::kPayment);
    post_transfer(*provider_out, *creditor, c.settlement_amount_minor, Flow::kPayment);
    events_.push_back(Event{c.uetr, c.instructed_amount_minor, now_ns_, *debtor, *provider_in,
                            *from_currency, EventKind::kSettled, SettledBy::kEntry, c.priority,
                            Reason::kNone, Leg::kFirst});
    events_.push_back(Event{c.uetr, c.settlement_amount_minor, now_ns_, *provider_out, *creditor,
                            *to_currency, EventKind::kSettled, SettledBy::kEntry, c.priority,
                            Reason::kNone, Leg::kSecond});
    return Result{Outcome::kSettled, Reason::kNone};
  }

  const auto slot = allocate_slot();
  CORRIDOR_ASSERT(slot.has_value());
  pending_index_.emplace(c.uetr, *slot);
  accounts_[*debtor].pending_value_minor += c.instructed_amount_minor;  // checked above
  currency_pending_[*from_currency].pending_value_minor += c.instructed_amount_minor;
  second_legs_[*slot] =
      SecondLeg{*provider_out, *creditor, *creditor_agent, *to_currency, c.settlement_amount_minor,
                c.quote_id};
  Payment& p = payments_[*slot];
  p.uetr = c.uetr;
  p.instruction_id = c.instruction_id;
  p.amount_minor = c.instructed_amount_minor;
  p.earliest_ns = c.earliest_ns;
  p.latest_ns = c.latest_ns;
  p.submitted_ns = now_ns_;
  p.entry_seq = entry_seq_next_++;
  p.debtor_account = *debtor;
  p.creditor_account = *provider_in;
  p.debtor_agent = *debtor_agent;
  p.creditor_agent = provider;
  p.currency = *from_currency;
  p.priority = c.priority;
  p.type = c.type;
  p.kind = PaymentKind::kPvp;
  p.prev = p.next = kNoId;
  p.place = PaymentPlace::kWaiting;
  if (c.latest_ns != kNoTime) {
    push_timed(latest_heap_, TimedEntry{c.latest_ns, p.entry_seq, *slot});
  }
  if (waits) {
    push_timed(earliest_heap_, TimedEntry{c.earliest_ns, p.entry_seq, *slot});
    emit(*slot, EventKind::kQueued, SettledBy::kNone, Reason::kNone);
    return Result{Outcome::kQueued, Reason::kNone};
  }
  return Result{dispose(*slot), Reason::kNone};
}

}  // namespace corridor::core
