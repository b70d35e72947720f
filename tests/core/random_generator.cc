#include "random_generator.h"

#include <string>
#include <type_traits>

#include "core/fx_rate.h"

namespace corridor::core::random_test {
namespace {

Bic bic_of(const char* text) {
  return *Bic::parse(text);
}
CurrencyCode ccy_of(const char* text) {
  return *CurrencyCode::parse(text);
}

constexpr const char* kDirectBics[] = {"BKAADEFF", "BKBBFRPP", "BKCCITMM", "BKDDESMM",
                                       "BKEEJPJT", "BKFFJPJT", "BKGGGB2L", "BKHHUS33"};
constexpr const char* kIndirectBics[] = {"BKIIDEFF100", "BKJJFRPPABC"};

}  // namespace

bool is_reference_data(const CommandBody& body) {
  return std::holds_alternative<DefineCurrency>(body) ||
         std::holds_alternative<AddParticipant>(body) ||
         std::holds_alternative<OpenAccount>(body) || std::holds_alternative<SetCreditLine>(body) ||
         std::holds_alternative<SetBilateralLimit>(body) ||
         std::holds_alternative<SetMultilateralLimit>(body) ||
         std::holds_alternative<ReserveLiquidity>(body) ||
         std::holds_alternative<SuspendParticipant>(body) ||
         std::holds_alternative<ReactivateParticipant>(body) ||
         std::holds_alternative<CloseParticipant>(body) ||
         std::holds_alternative<SetHaircut>(body) || std::holds_alternative<SetRating>(body) ||
         std::holds_alternative<PledgeCollateral>(body);
}

Generator::Generator(uint64_t seed, uint64_t total_commands, const Core& core)
    : core_(core), rng_(seed), total_(total_commands) {
  currencies_[0] = ccy_of("EUR");
  currencies_[1] = ccy_of("JPY");
  schedule_setup();
  next_eod_ = static_cast<uint64_t>(rng_.range(800, 2500));
  next_suspension_ = static_cast<uint64_t>(rng_.range(1000, 5000));
  late_at_ = total_ / 5;
  spare_close_at_ = total_ / 3;
  next_close_attempt_ = static_cast<uint64_t>(rng_.range(3000, 12000));
}

void Generator::schedule_setup() {
  auto add = [this](CommandBody body) { script_.push_back(Generated{Command{now_, body}}); };
  add(DefineCurrency{currencies_[0], 2});
  add(DefineCurrency{currencies_[1], 0});

  // Central banks: 0 issues EUR (and holds a JPY account), 1 issues JPY.
  parts_.push_back(Participant{bic_of("EUCBDEFF"), ParticipantKind::kCentralBank, 0, 0});
  parts_.push_back(Participant{bic_of("JPCBJPJT"), ParticipantKind::kCentralBank, 1, 1});
  for (const char* b : kDirectBics) {
    Participant p{bic_of(b), ParticipantKind::kDirect};
    p.bank = static_cast<int>(parts_.size());
    parts_.push_back(p);
  }
  const int first_direct = 2;
  const int direct_count = static_cast<int>(std::size(kDirectBics));
  for (const char* b : kIndirectBics) {
    Participant p{bic_of(b), ParticipantKind::kIndirect};
    p.bank = first_direct + static_cast<int>(rng_.below(direct_count));
    parts_.push_back(p);
  }
  spare_ = static_cast<int>(parts_.size());
  {
    Participant p{bic_of("SPARNL2A"), ParticipantKind::kDirect};
    p.bank = spare_;
    p.spare = true;
    parts_.push_back(p);
  }

  for (int i = 0; i < static_cast<int>(parts_.size()); ++i) {
    const Participant& p = parts_[i];
    AddParticipant a;
    a.bic = p.bic;
    a.name = "Bank " + std::to_string(i);
    a.kind = p.kind;
    if (p.kind == ParticipantKind::kIndirect) a.settlement_bank = parts_[p.bank].bic;
    if (p.kind == ParticipantKind::kCentralBank) a.home_currency = currencies_[p.home];
    add(a);
  }

  // Accounts: central banks in their own currency (issuer), EUR's also in JPY.
  add(OpenAccount{parts_[0].bic, currencies_[0]});
  add(OpenAccount{parts_[1].bic, currencies_[1]});
  add(OpenAccount{parts_[0].bic, currencies_[1]});
  int holders[2] = {0, 0};
  for (int i = first_direct; i < first_direct + direct_count; ++i) {
    bool eur = rng_.chance(750), jpy = rng_.chance(500);
    if (!eur && !jpy) (rng_.chance(500) ? eur : jpy) = true;
    // Keep at least three holders per currency among the last directs.
    if (i >= first_direct + direct_count - 3) {
      if (holders[0] < 3 + (i - (first_direct + direct_count - 3))) eur = true;
      if (holders[1] < 3 + (i - (first_direct + direct_count - 3))) jpy = true;
    }
    if (eur) add(OpenAccount{parts_[i].bic, currencies_[0]}), ++holders[0];
    if (jpy) add(OpenAccount{parts_[i].bic, currencies_[1]}), ++holders[1];
  }
  add(OpenAccount{parts_[spare_].bic, currencies_[0]});

  // Funding, credit lines, reservations and limits come through the same
  // generator paths as later commands, but a fixed number of each.
  for (int i = first_direct; i < first_direct + direct_count; ++i) {
    for (int c = 0; c < 2; ++c) {
      // Whether the account exists is known only after observe(); fund
      // optimistically: a transfer to a missing account is simply rejected.
      LiquidityTransfer t;
      t.uetr = fresh_uetr();
      t.from = parts_[c].bic;
      t.to = parts_[i].bic;
      t.currency = currencies_[c];
      t.amount_minor = rng_.skewed(6, 8);
      add(t);
      if (rng_.chance(500)) {
        add(SetCreditLine{parts_[i].bic, currencies_[c], rng_.skewed(4, 7)});
      }
    }
  }
  {
    LiquidityTransfer t;
    t.uetr = fresh_uetr();
    t.from = parts_[1].bic;
    t.to = parts_[0].bic;
    t.currency = currencies_[1];
    t.amount_minor = rng_.skewed(6, 8);
    add(t);
  }
}

void Generator::schedule_late_participant() {
  late_ = static_cast<int>(parts_.size());
  Participant p{bic_of("LATEBEBB"), ParticipantKind::kDirect};
  p.bank = late_;
  parts_.push_back(p);
  AddParticipant a;
  a.bic = p.bic;
  a.name = "Late Bank";
  a.kind = ParticipantKind::kDirect;
  const TimestampNs t = now_;
  script_.push_back(Generated{Command{t, a}});
  script_.push_back(Generated{Command{t, OpenAccount{p.bic, currencies_[0]}}});
  if (rng_.chance(500))
    script_.push_back(Generated{Command{t, OpenAccount{p.bic, currencies_[1]}}});
  for (int c = 0; c < 2; ++c) {
    LiquidityTransfer lt;
    lt.uetr = fresh_uetr();
    lt.from = parts_[c].bic;
    lt.to = p.bic;
    lt.currency = currencies_[c];
    lt.amount_minor = rng_.skewed(5, 7);
    script_.push_back(Generated{Command{t, lt}});
  }
}

Generated Generator::next() {
  Generated g = next_unchecked();
  if (const auto* phase = std::get_if<SetDayPhase>(&g.command.body)) {
    cut_off_ = phase->phase == DayPhase::kCutOff;  // as emitted: the core follows
  }
  // After a cut-off a deliberately invalid instruction is refused for the time
  // before its content is looked at (rule 10).
  const CommandBody& b = g.command.body;
  const bool instruction = std::holds_alternative<SubmitPayment>(b) ||
                           std::holds_alternative<SubmitDnsPayment>(b) ||
                           std::holds_alternative<SubmitCrossCurrencyPayment>(b) ||
                           std::holds_alternative<SubmitFxTrade>(b);
  // (Only a timestamp behind the clock is refused before that.)
  if (cut_off_ && g.deliberate_invalid && instruction &&
      g.expected_reason != Reason::kTimestampBackwards) {
    g.expected_reason = Reason::kAfterCutOff;
  }
  return g;
}

Generated Generator::next_unchecked() {
  ++emitted_;
  if (invalid_burst_left_ > 0) return invalid();
  if (!script_.empty()) {
    Generated g = script_.front();
    script_.pop_front();
    g.command.timestamp_ns = now_;  // scripted steps share the current time
    return g;
  }
  if (emitted_ >= late_at_ && late_ < 0) {
    schedule_late_participant();
    Generated g = script_.front();
    script_.pop_front();
    return g;
  }
  if (emitted_ >= spare_close_at_ && !parts_[spare_].closed && spare_close_at_ != 0) {
    spare_close_at_ = 0;  // once
    return same_time(CloseParticipant{parts_[spare_].bic});
  }
  if (emitted_ >= next_eod_) {
    // A third of the days end with a cut-off first (rule 10): for a while
    // new instructions are refused while queues keep settling, then the day
    // ends and entry reopens.
    if (!cut_off_ && rng_.chance(333)) {
      next_eod_ = emitted_ + static_cast<uint64_t>(rng_.range(5, 150));
      return same_time(SetDayPhase{DayPhase::kCutOff});
    }
    next_eod_ = emitted_ + static_cast<uint64_t>(rng_.range(800, 2500));
    if (cut_off_) script_.push_back(Generated{Command{0, SetDayPhase{DayPhase::kOpen}}});
    return at(now_ + rng_.range(1, 5'000'000), EndOfDay{next_date(value_date_)});
  }
  if (suspended_ >= 0 && emitted_ >= reactivate_at_) {
    return same_time(ReactivateParticipant{parts_[suspended_].bic});
  }
  if (suspended_ < 0 && emitted_ >= next_suspension_) {
    next_suspension_ = emitted_ + static_cast<uint64_t>(rng_.range(2000, 6000));
    std::vector<int> candidates;
    for (int i = 2; i < static_cast<int>(parts_.size()); ++i) {
      if (parts_[i].added && !parts_[i].closed && !parts_[i].spare) candidates.push_back(i);
    }
    if (!candidates.empty()) {
      const int p = candidates[rng_.below(candidates.size())];
      reactivate_at_ = emitted_ + static_cast<uint64_t>(rng_.range(50, 1500));
      return same_time(SuspendParticipant{parts_[p].bic});
    }
  }
  if (emitted_ >= next_close_attempt_) {
    next_close_attempt_ = emitted_ + static_cast<uint64_t>(rng_.range(3000, 12000));
    const int p = static_cast<int>(rng_.range(2, static_cast<int64_t>(parts_.size()) - 1));
    return same_time(CloseParticipant{parts_[p].bic});
  }
  return random_command();
}

void Generator::maybe_switch_regime() {
  if (emitted_ < regime_until_) return;
  regime_until_ = emitted_ + static_cast<uint64_t>(rng_.range(300, 1500));
  tight_.clear();
  if (!rng_.chance(400)) return;
  // A tight spell: a few banks of one currency pay each other amounts near
  // their liquidity, with reservations and limits, so that queues, offsetting
  // and gridlocks form among them.
  tight_currency_ = pick_currency();
  std::vector<int> banks = usable_in(tight_currency_, false);
  std::erase_if(banks, [this](int p) { return parts_[p].kind != ParticipantKind::kDirect; });
  const size_t want = static_cast<size_t>(rng_.range(2, 4));
  while (!banks.empty() && tight_.size() < want) {
    const size_t i = rng_.below(banks.size());
    tight_.push_back(banks[i]);
    banks.erase(banks.begin() + static_cast<std::ptrdiff_t>(i));
  }
  if (tight_.size() < 2) {
    tight_.clear();
    return;
  }
  // Drain most of their liquidity back to the central bank first, so the
  // spell's payments, sized on what is left, queue and offset.
  for (int p : tight_) {
    const auto id = core_.find_account(parts_[p].bic, currencies_[tight_currency_]);
    if (!id) continue;
    const Account* a = &core_.account(*id);
    if (a->balance_minor <= 0) continue;
    LiquidityTransfer t;
    t.uetr = fresh_uetr();
    t.from = parts_[p].bic;
    t.to = parts_[tight_currency_].bic;
    t.currency = currencies_[tight_currency_];
    t.amount_minor = std::max<AmountMinor>(1, a->balance_minor / 100 * rng_.range(60, 98));
    script_.push_back(Generated{Command{now_, t}});
  }
}

AmountMinor Generator::liquidity_of(int p, int c) const {
  const auto id = core_.find_account(parts_[p].bic, currencies_[c]);
  if (!id) return 0;
  const Account& a = core_.account(*id);
  return a.balance_minor + a.credit_line_minor;
}

int Generator::pick_tight() {
  std::vector<int> usable_now;
  for (int p : tight_) {
    if (usable(p, tight_currency_)) usable_now.push_back(p);
  }
  if (usable_now.empty()) return -1;
  return usable_now[rng_.below(usable_now.size())];
}

Generated Generator::random_command() {
  maybe_switch_regime();
  if (rng_.chance(60)) return dns_command();
  if (rng_.chance(25)) return credit_command();
  if (rng_.chance(20)) return pool_command();
  const uint64_t r = rng_.below(1000);
  if (!tight_.empty()) {
    if (r < 450) return tight_payment();
    if (r < 480) return reference_data();
    if (r < 490)
      return at(step(), RunGridlockResolution{static_cast<GridlockAlgorithm>(rng_.below(3))});
  }
  if (r < 560) return payment();
  if (r < 600) return fx_command();
  if (r < 680) return liquidity_transfer();
  if (r < 770) return pending_operation();
  if (r < 795) return at(now_ + rng_.range(500'000, 10'000'000), AdvanceTime{});
  if (r < 865) return reference_data();
  if (r < 885) {
    const auto algorithm = static_cast<GridlockAlgorithm>(rng_.below(3));
    // Half the runs at the same time as the previous command, so all-or-nothing
    // can be checked exactly; half after a clock step.
    if (rng_.chance(500)) return same_time(RunGridlockResolution{algorithm});
    return at(step(), RunGridlockResolution{algorithm});
  }
  if (r < 886 && rng_.chance(250)) return invalid();  // bursts of 4-11
  // Spells of plain RTGS: offsetting on entry off, then on again.
  if (r < 888) return same_time(SetEntryOffsetting{!rng_.chance(500)});
  return payment();
}

TimestampNs Generator::step() {
  const uint64_t r = rng_.below(100);
  if (r < 35) return now_;
  if (r < 95) return now_ + rng_.range(1, 200'000);
  return now_ + rng_.range(200'000, 20'000'000);
}

Generated Generator::at(TimestampNs t, CommandBody body) {
  now_ = t;
  return Generated{Command{t, std::move(body)}};
}

Generated Generator::same_time(CommandBody body) {
  return Generated{Command{now_, std::move(body)}};
}

Generated Generator::reject(CommandBody body, Reason reason, TimestampNs t) {
  Generated g{Command{t < 0 ? now_ : t, std::move(body)}};
  g.deliberate_invalid = true;
  g.expected_reason = reason;
  return g;
}

Generated Generator::reject_one(CommandBody body, Reason reason) {
  Generated g = reject(std::move(body), reason, now_);
  g.burst_first = g.burst_last = true;  // a burst of one: state_hash() is compared
  return g;
}

int Generator::pick_currency() {
  return rng_.chance(600) ? 0 : 1;
}

bool Generator::usable(int p, int currency) const {
  const Participant& x = parts_[p];
  if (!x.added || x.closed || x.suspended || x.spare) return false;
  const Participant& o = parts_[owner(p)];
  if (!o.added || o.closed || o.suspended) return false;
  return o.has_account[currency];
}

std::vector<int> Generator::usable_in(int currency, bool include_central_banks) const {
  std::vector<int> out;
  for (int i = 0; i < static_cast<int>(parts_.size()); ++i) {
    if (!include_central_banks && parts_[i].kind == ParticipantKind::kCentralBank) continue;
    if (usable(i, currency)) out.push_back(i);
  }
  return out;
}

int Generator::pick_weighted(const std::vector<int>& candidates) {
  // Central banks are picked a quarter as often as commercial banks.
  uint64_t total = 0;
  for (int p : candidates) total += parts_[p].kind == ParticipantKind::kCentralBank ? 1 : 4;
  uint64_t r = rng_.below(total);
  for (int p : candidates) {
    const uint64_t w = parts_[p].kind == ParticipantKind::kCentralBank ? 1 : 4;
    if (r < w) return p;
    r -= w;
  }
  return candidates.back();
}

AmountMinor Generator::payment_amount(Priority priority) {
  // Skewed: mostly small, some large enough to queue. Huge amounts only for
  // normal payments (they may be bypassed); an HU or U payment that can never
  // settle would block its debtor's HU/U/N queues for the rest of the day.
  const uint64_t r = rng_.below(100);
  if (priority != Priority::kNormal) {
    if (r < 60) return rng_.skewed(1, 4);
    if (r < 95) return rng_.skewed(4, 6);
    return rng_.skewed(6, 7);
  }
  if (r < 50) return rng_.skewed(1, 4);
  if (r < 80) return rng_.skewed(4, 6);
  if (r < 96) return rng_.skewed(6, 7);
  return rng_.skewed(8, 9);
}

Uetr Generator::fresh_uetr() {
  ++uetr_counter_;
  return Uetr::from_bits(rng_.next(), rng_.next() ^ uetr_counter_);
}

ValueDate Generator::next_date(ValueDate d) const {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int year = d / 10000, month = d / 100 % 100, day = d % 100;
  int days = kDays[month - 1];
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) days = 29;
  if (++day > days) {
    day = 1;
    if (++month > 12) {
      month = 1;
      ++year;
    }
  }
  return year * 10000 + month * 100 + day;
}

Generated Generator::payment() {
  const int c = pick_currency();
  const std::vector<int> candidates = usable_in(c, true);
  if (candidates.size() < 2) return at(step(), AdvanceTime{});
  const int debtor = pick_weighted(candidates);
  int creditor = debtor;
  for (int tries = 0; tries < 8 && owner(creditor) == owner(debtor); ++tries) {
    creditor = pick_weighted(candidates);
  }
  if (owner(creditor) == owner(debtor)) return at(step(), AdvanceTime{});

  SubmitPayment s;
  s.uetr = fresh_uetr();
  s.instruction_id.assign("I" + std::to_string(++instruction_counter_));
  s.debtor_agent = parts_[debtor].bic;
  s.creditor_agent = parts_[creditor].bic;
  s.currency = currencies_[c];
  const uint64_t pr = rng_.below(100);
  s.priority = pr < 10 ? Priority::kHighlyUrgent : pr < 35 ? Priority::kUrgent : Priority::kNormal;
  s.amount_minor = payment_amount(s.priority);
  s.type = static_cast<PaymentType>(rng_.below(3));
  // A liquidity transfer submitted as a payment (camt.050 type): settles at
  // once or is rejected, never queued.
  if (rng_.chance(10)) s.type = PaymentType::kLiquidityTransfer;
  // A UETR last used more than the dedupe window ago is forgotten: reusable.
  if (old_days_.size() >= static_cast<size_t>(kDedupeWindowDays) && rng_.chance(20)) {
    // old_days_[i] closed old_days_.size() - i days ago; >= the window: forgotten.
    std::vector<Uetr>& day = old_days_[rng_.below(old_days_.size() - kDedupeWindowDays + 1)];
    if (!day.empty()) {
      s.uetr = day.back();
      day.pop_back();
    }
  }
  const TimestampNs t = step();
  const uint64_t timing = rng_.below(100);
  if (timing < 8) {
    s.earliest_ns = t + rng_.range(1, 3'000'000);
  } else if (timing < 16) {
    s.latest_ns = t + rng_.range(0, 5'000'000);
  } else if (timing < 19) {
    s.earliest_ns = t + rng_.range(1, 3'000'000);
    s.latest_ns = s.earliest_ns + rng_.range(0, 3'000'000);
  } else if (timing < 20) {
    s.earliest_ns = t;  // earliest reached already: enters at once
  }
  return at(t, s);
}

Generated Generator::fx_command() {
  // Drop quotes past their validity (the core forgets them at the end of day).
  std::erase_if(quotes_, [this](const Quote& q) { return q.valid_to_ns <= now_; });
  const uint64_t r = rng_.below(100);
  if (r >= 80) return fx_trade();
  if (quotes_.size() < 2 || r < 10) return publish_quote();
  if (r < 14) {
    // Withdraw one: by its provider, the operator, or (deliberately wrong) another bank.
    const Quote q = quotes_[rng_.below(quotes_.size())];
    const uint64_t who = rng_.below(10);
    if (who < 2) {
      const int other = 2 + static_cast<int>(rng_.below(8));
      if (owner(other) != owner(q.provider)) {
        return reject_one(WithdrawFxQuote{q.id, parts_[other].bic}, Reason::kUnknownQuote);
      }
    }
    return same_time(WithdrawFxQuote{q.id, who < 6 ? parts_[q.provider].bic : Bic()});
  }
  return cross_currency_payment();
}

Generated Generator::publish_quote() {
  // A direct participant with accounts in both currencies provides.
  std::vector<int> providers;
  for (int p = 2; p < static_cast<int>(parts_.size()); ++p) {
    if (parts_[p].kind == ParticipantKind::kDirect && usable(p, 0) && usable(p, 1)) {
      providers.push_back(p);
    }
  }
  if (providers.empty()) return at(step(), AdvanceTime{});
  PublishFxQuote q;
  q.quote_id = ++quote_counter_;
  const int provider = providers[rng_.below(providers.size())];
  q.provider = parts_[provider].bic;
  const int base = static_cast<int>(rng_.below(2));
  q.base_currency = currencies_[base];
  q.quote_currency = currencies_[1 - base];
  // EUR (2 minor units) -> JPY (0): 150 to 170 JPY per EUR; JPY -> EUR: the inverse.
  if (base == 0) {
    q.rate_units = rng_.range(1'500'000, 1'700'000);
    q.rate_scale = 4;
  } else {
    q.rate_units = rng_.range(58'000, 68'000);
    q.rate_scale = 7;
  }
  const TimestampNs t = step();
  q.valid_from_ns = t - static_cast<TimestampNs>(rng_.below(1'000'000));
  q.valid_to_ns = t + rng_.range(2'000'000, 2'000'000'000);
  q.max_base_amount_minor = rng_.skewed(5, 9);
  const uint64_t bad = rng_.below(100);
  if (bad < 3) {
    q.rate_units = -static_cast<int64_t>(rng_.below(3));
    return reject_one(q, Reason::kInvalidQuote);
  }
  if (bad < 5 && !quotes_.empty()) {
    q.quote_id = quotes_[rng_.below(quotes_.size())].id;
    return reject_one(q, Reason::kQuoteExists);
  }
  return at(t, q);
}

Generated Generator::cross_currency_payment() {
  const Quote& q = quotes_[rng_.below(quotes_.size())];
  const int from = q.base;
  const int to = 1 - q.base;
  const std::vector<int> debtors = usable_in(from, false);
  const std::vector<int> creditors = usable_in(to, false);
  if (debtors.empty() || creditors.empty()) return at(step(), AdvanceTime{});
  const int debtor = pick_weighted(debtors);
  const int creditor = pick_weighted(creditors);
  if (owner(debtor) == owner(q.provider) || owner(creditor) == owner(q.provider)) {
    return at(step(), AdvanceTime{});
  }
  SubmitCrossCurrencyPayment s;
  s.uetr = fresh_uetr();
  s.instruction_id.assign("X" + std::to_string(++instruction_counter_));
  s.debtor_agent = parts_[debtor].bic;
  s.creditor_agent = parts_[creditor].bic;
  s.instructed_currency = currencies_[from];
  s.settlement_currency = currencies_[to];
  s.quote_id = q.id;
  const uint64_t pr = rng_.below(100);
  s.priority = pr < 10 ? Priority::kHighlyUrgent : pr < 35 ? Priority::kUrgent : Priority::kNormal;
  s.type = static_cast<PaymentType>(rng_.below(3));
  s.instructed_amount_minor = std::min(payment_amount(s.priority), q.max_minor);
  const std::optional<AmountMinor> converted = convert_half_even(
      s.instructed_amount_minor, q.rate_units, q.rate_scale, from == 0 ? 2 : 0, to == 0 ? 2 : 0);
  if (!converted || *converted <= 0) return at(step(), AdvanceTime{});
  s.settlement_amount_minor = *converted;
  const uint64_t timing = rng_.below(100);
  // Deliberately wrong (at the same time: a clock step could emit events): one minor unit off the
  // converted amount, or above the maximum.
  const uint64_t bad = rng_.below(100);
  if (bad < 4) {
    s.settlement_amount_minor += rng_.chance(500) ? 1 : -1;
    if (s.settlement_amount_minor <= 0) s.settlement_amount_minor = *converted + 1;
    return reject_one(s, Reason::kNone);  // AM09, unless an earlier check fails first
  }
  if (bad < 6 && q.max_minor < INT64_MAX / 2) {
    s.instructed_amount_minor = q.max_minor + 1;
    return reject_one(s, Reason::kNone);  // AM14, unless an earlier check fails first
  }
  const TimestampNs t = std::min(step(), q.valid_to_ns - 1);
  if (t < now_) return at(step(), AdvanceTime{});
  if (timing < 6) {
    s.latest_ns = t + rng_.range(0, 5'000'000);
  } else if (timing < 10) {
    s.earliest_ns = t + rng_.range(1, 3'000'000);
  }
  return at(t, s);
}

Generated Generator::fx_trade() {
  std::erase_if(open_trades_,
                [this](const Trade& t) { return t.instruction.settlement_deadline_ns < now_; });
  if (!open_trades_.empty() && rng_.chance(600)) {
    // The counterpart: mostly the mirror, sometimes not quite (rejected, NARR).
    const Trade& t = open_trades_[rng_.below(open_trades_.size())];
    SubmitFxTrade m = t.instruction;
    m.uetr = fresh_uetr();
    std::swap(m.party, m.counterparty);
    std::swap(m.sell_currency, m.buy_currency);
    std::swap(m.sell_amount_minor, m.buy_amount_minor);
    if (rng_.chance(100)) {
      const uint64_t which = rng_.below(3);
      if (which == 0) m.buy_amount_minor += 1;
      if (which == 1) m.sell_amount_minor += 1;
      if (which == 2) m.settlement_deadline_ns += 1;
      return reject_one(m, Reason::kNone);  // NARR, unless an earlier check fails first
    }
    return at(std::min(step(), t.instruction.settlement_deadline_ns), m);
  }
  std::vector<int> both;
  for (int p = 2; p < static_cast<int>(parts_.size()); ++p) {
    if (parts_[p].kind != ParticipantKind::kCentralBank && usable(p, 0) && usable(p, 1)) {
      both.push_back(p);
    }
  }
  if (both.size() < 2) return at(step(), AdvanceTime{});
  const int party = both[rng_.below(both.size())];
  const int counterparty = both[rng_.below(both.size())];
  if (owner(party) == owner(counterparty)) return at(step(), AdvanceTime{});
  SubmitFxTrade t;
  t.uetr = fresh_uetr();
  t.trade_reference.assign("TR" + std::to_string(++trade_counter_));
  t.party = parts_[party].bic;
  t.counterparty = parts_[counterparty].bic;
  const int sell = static_cast<int>(rng_.below(2));
  t.sell_currency = currencies_[sell];
  t.buy_currency = currencies_[1 - sell];
  t.sell_amount_minor = payment_amount(Priority::kUrgent);
  t.buy_amount_minor = payment_amount(Priority::kUrgent);
  const TimestampNs at_ns = step();
  t.settlement_deadline_ns = at_ns + rng_.range(100'000, 100'000'000);
  return at(at_ns, t);
}

Generated Generator::liquidity_transfer() {
  const int c = pick_currency();
  const std::vector<int> banks = usable_in(c, false);
  LiquidityTransfer t;
  t.uetr = fresh_uetr();
  t.currency = currencies_[c];
  const uint64_t r = rng_.below(100);
  if (banks.empty()) return at(step(), AdvanceTime{});
  const int b = banks[rng_.below(banks.size())];
  if (r < 50) {  // central bank credit
    t.from = parts_[c].bic;
    t.to = parts_[b].bic;
    t.amount_minor = rng_.skewed(4, 7);
  } else if (r < 75) {  // central bank debit
    t.from = parts_[b].bic;
    t.to = parts_[c].bic;
    t.amount_minor = rng_.skewed(3, 7);
  } else {  // between two banks
    const int other = banks[rng_.below(banks.size())];
    if (owner(other) == owner(b)) return at(step(), AdvanceTime{});
    t.from = parts_[b].bic;
    t.to = parts_[other].bic;
    t.amount_minor = rng_.skewed(3, 7);
  }
  return at(step(), t);
}

Bic Generator::requester_for(const Uetr& u) {
  auto it = pending_debtor_.find(u);
  if (it == pending_debtor_.end() || it->second < 0) return Bic();
  const int debtor = it->second;
  const uint64_t r = rng_.below(100);
  if (r < 70) return parts_[debtor].bic;
  if (r < 80) return parts_[owner(debtor)].bic;  // itself for a direct participant
  if (r < 90) {
    // Any other participant, also one not added yet (unknown to the core).
    const int other = static_cast<int>(rng_.below(parts_.size()));
    if (other == debtor || other == owner(debtor)) return parts_[debtor].bic;
    return parts_[other].bic;
  }
  return Bic();  // the operator
}

Generated Generator::pending_operation() {
  if (pending_.empty()) return payment();
  const Uetr u = pending_[rng_.below(pending_.size())];
  const Bic requester = requester_for(u);
  const uint64_t r = rng_.below(4);
  if (r == 3) {
    // At the current time, so that the auditor knows the payment's state exactly.
    ModifyPayment change{u, kNoTime, kNoTime};
    change.requester = requester;
    const uint64_t which = rng_.below(3);
    if (which != 1)
      change.earliest_ns = now_ + static_cast<TimestampNs>(rng_.range(0, 3'000'000)) - 500'000;
    if (which != 0)
      change.latest_ns = now_ + static_cast<TimestampNs>(rng_.range(0, 40'000'000)) - 1'000'000;
    return same_time(change);
  }
  if (r == 0) return at(step(), CancelPayment{u, requester});
  if (r == 1) {
    return at(step(), ChangePriority{u, static_cast<Priority>(rng_.below(3)), requester});
  }
  return at(step(), MoveInQueue{u, rng_.chance(500) ? QueuePosition::kTop : QueuePosition::kBottom,
                                requester});
}

Generated Generator::tight_payment() {
  const int debtor = pick_tight();
  const int creditor = pick_tight();
  if (debtor < 0 || creditor < 0 || debtor == creditor) return payment();
  SubmitPayment s;
  s.uetr = fresh_uetr();
  s.instruction_id.assign("T" + std::to_string(++instruction_counter_));
  s.debtor_agent = parts_[debtor].bic;
  s.creditor_agent = parts_[creditor].bic;
  s.currency = currencies_[tight_currency_];
  const uint64_t pr = rng_.below(100);
  s.priority = pr < 25 ? Priority::kHighlyUrgent : pr < 50 ? Priority::kUrgent : Priority::kNormal;
  // Near the debtor's liquidity: some settle, many queue, pairs offset.
  const AmountMinor liquidity = liquidity_of(debtor, tight_currency_);
  s.amount_minor = liquidity > 100 ? std::max<AmountMinor>(1, liquidity / 100 * rng_.range(10, 150))
                                   : rng_.skewed(2, 5);
  return at(step(), s);
}

Generated Generator::dns_command() {
  const int c = pick_currency();
  const uint64_t r = rng_.below(100);
  if (r < 70) {
    const std::vector<int> candidates = usable_in(c, false);
    if (candidates.size() < 2) return at(step(), AdvanceTime{});
    const int debtor = pick_weighted(candidates);
    const int creditor = candidates[rng_.below(candidates.size())];
    if (owner(creditor) == owner(debtor)) return at(step(), AdvanceTime{});
    SubmitDnsPayment p;
    p.uetr = fresh_uetr();
    p.instruction_id.assign("D" + std::to_string(++instruction_counter_));
    p.debtor_agent = parts_[debtor].bic;
    p.creditor_agent = parts_[creditor].bic;
    p.currency = currencies_[c];
    p.amount_minor = rng_.skewed(1, 5);
    return at(step(), p);
  }
  if (r < 85) {
    std::vector<int> banks = usable_in(c, false);
    std::erase_if(banks, [this](int p) { return parts_[p].kind != ParticipantKind::kDirect; });
    if (banks.empty()) return at(step(), AdvanceTime{});
    const int b = banks[rng_.below(banks.size())];
    const AmountMinor cap = rng_.chance(100) ? 0 : rng_.skewed(3, 7);
    return same_time(SetNetDebitCap{parts_[b].bic, currencies_[c], cap});
  }
  if (r < 95 && !dns_open_.empty()) {
    const DnsOpen& open = dns_open_[rng_.below(dns_open_.size())];
    const uint64_t who = rng_.below(10);
    Bic requester;  // the operator
    if (open.debtor < 0) return at(step(), CancelPayment{open.uetr});
    if (who < 5) requester = parts_[open.debtor].bic;
    if (who == 5) requester = parts_[owner(open.debtor)].bic;
    if (who == 6) requester = parts_[rng_.below(parts_.size())].bic;  // maybe not the owner
    return at(step(), CancelPayment{open.uetr, requester});
  }
  return at(step(), SettleDnsCycle{currencies_[c]});
}

// Rule 16: ratings (now and then withdrawn), haircuts (mostly near the
// defaults, sometimes 100%: lines cut below their use) and collateral pledged,
// revalued and released under a small pool of ids (so that ids clash).
Generated Generator::credit_command() {
  const uint64_t r = rng_.below(100);
  if (r < 20) {
    // A downgrade of a bank using collateral-driven credit: often cuts its line below its use.
    const int c = pick_currency();
    std::vector<int> users;
    for (int p : usable_in(c, false)) {
      if (parts_[p].kind != ParticipantKind::kDirect) continue;
      const auto a = core_.find_account(parts_[p].bic, currencies_[c]);
      if (a && core_.account(*a).balance_minor < 0 && core_.collateral_driven(*a)) {
        users.push_back(p);
      }
    }
    if (!users.empty()) {
      const int p = users[rng_.below(users.size())];
      const CreditGrade grade =
          rng_.chance(200) ? CreditGrade::kUnrated
                           : static_cast<CreditGrade>(rng_.range(static_cast<int>(CreditGrade::kBB),
                                                                 kCreditGradeCount - 1));
      return same_time(SetRating{parts_[p].bic, grade});
    }
  }
  if (r < 40) {
    const int p = static_cast<int>(rng_.below(parts_.size()));
    if (!parts_[p].added) return at(step(), AdvanceTime{});
    // Mostly investment grade, so that collateral gives lines that get used.
    const CreditGrade grade = rng_.chance(100) ? CreditGrade::kUnrated
                              : rng_.chance(800)
                                  ? static_cast<CreditGrade>(rng_.below(10))
                                  : static_cast<CreditGrade>(rng_.below(kCreditGradeCount));
    return same_time(SetRating{parts_[p].bic, grade});
  }
  if (r < 55) {
    const auto grade = static_cast<CreditGrade>(rng_.below(kCreditGradeCount));
    const uint32_t bp = rng_.chance(150)   ? 10'000
                        : rng_.chance(300) ? static_cast<uint32_t>(rng_.range(0, 10'000))
                                           : kDefaultHaircutsBp[static_cast<uint8_t>(grade)];
    return same_time(SetHaircut{grade, bp});
  }
  const int c = pick_currency();
  std::vector<int> banks = usable_in(c, true);
  std::erase_if(banks, [this](int p) { return parts_[p].kind == ParticipantKind::kIndirect; });
  if (banks.empty()) return at(step(), AdvanceTime{});
  int b = banks[rng_.below(banks.size())];
  AmountMinor value = rng_.chance(200) ? 0 : rng_.skewed(3, 7);
  if (rng_.chance(500)) {
    // Collateral for a bank in debit, worth more than its use: its line is
    // then collateral-driven and in use, ready for a downgrade to cut it.
    std::vector<int> debtors;
    for (int p : banks) {
      const auto a = core_.find_account(parts_[p].bic, currencies_[c]);
      if (a && !core_.account(*a).is_issuer && core_.account(*a).balance_minor < 0) {
        debtors.push_back(p);
      }
    }
    if (!debtors.empty()) {
      b = debtors[rng_.below(debtors.size())];
      const AmountMinor used =
          -core_.account(*core_.find_account(parts_[b].bic, currencies_[c])).balance_minor;
      value = used <= INT64_MAX / 3 ? used * 3 : used;
    }
  }
  const uint64_t id = rng_.range(1, 16);
  return same_time(PledgeCollateral{id, parts_[b].bic, currencies_[c], value});
}

Generated Generator::pool_command() {
  const ReservePool& pool = core_.reserve_pool();
  const uint64_t r = rng_.below(100);
  // Members: the EUR central bank (in EUR) and direct banks (in either currency;
  // one without an account there is refused AC01, a central bank in the other AG01).
  if (r < 25 || pool.members.size() < 2) {
    const int p = rng_.chance(200) ? 0 : 2 + static_cast<int>(rng_.below(parts_.size() - 2));
    if (parts_[p].kind == ParticipantKind::kIndirect || !parts_[p].added || parts_[p].spare) {
      return at(step(), AdvanceTime{});
    }
    const int c = p == 0 && rng_.chance(900) ? 0 : static_cast<int>(rng_.below(2));
    return same_time(JoinReservePool{parts_[p].bic, currencies_[c], rng_.skewed(4, 8),
                                     static_cast<uint32_t>(rng_.range(1, 3))});
  }
  std::vector<ParticipantId> members;
  for (const auto& [id, m] : pool.members) members.push_back(id);
  if (r < 75) {
    const ParticipantId drawer = members[rng_.below(members.size())];
    const ParticipantId provider = members[rng_.below(members.size())];
    DrawSwap d;
    // Now and then an id already used (DUPL).
    d.swap_id = swap_counter_ > 0 && rng_.chance(30)
                    ? static_cast<uint64_t>(rng_.range(1, static_cast<int64_t>(swap_counter_)))
                    : ++swap_counter_;
    d.drawer = core_.participant(drawer).bic;
    d.provider = core_.participant(provider).bic;
    d.draw_currency = core_.currency(pool.members.at(provider).currency).code;
    d.draw_amount_minor = rng_.skewed(2, 6);
    // Any positive rate is valid; mostly small ones, so that drawings fit the limits.
    d.rate_units = rng_.range(1, 2'000);
    d.rate_scale = static_cast<uint8_t>(rng_.range(1, 4));
    d.repay_at_ns = now_ + rng_.range(1'000'000, 400'000'000);
    return same_time(d);
  }
  if (r < 93) {
    std::vector<uint64_t> open;
    for (const auto& [id, s] : pool.swaps) {
      if (s.status != SwapStatus::kRepaid) open.push_back(id);
    }
    if (open.empty() || rng_.chance(100)) {
      const auto id = static_cast<uint64_t>(rng_.range(1, static_cast<int64_t>(swap_counter_) + 2));
      return same_time(RepaySwap{id});
    }
    return same_time(RepaySwap{open[rng_.below(open.size())]});
  }
  if (r < 97) {
    // A drawer spends what it drew (back to the issuing central bank), so that
    // its swap may fall due without the liquidity to repay it (overdue).
    for (const auto& [id, s] : pool.swaps) {
      if (s.status != SwapStatus::kOpen || !rng_.chance(500)) continue;
      const int c = core_.currency(s.draw_currency).code == currencies_[0] ? 0 : 1;
      const auto account = core_.find_account(core_.participant(s.drawer).bic, currencies_[c]);
      if (!account || core_.account(*account).is_issuer) continue;
      const AmountMinor balance = core_.account(*account).balance_minor;
      if (balance <= 0) continue;
      return same_time(LiquidityTransfer{fresh_uetr(), core_.participant(s.drawer).bic,
                                         parts_[c].bic, currencies_[c],
                                         std::max<AmountMinor>(1, balance / 10 * 9)});
    }
    return at(step(), AdvanceTime{});
  }
  return same_time(LeaveReservePool{core_.participant(members[rng_.below(members.size())]).bic});
}

Generated Generator::reference_data() {
  int c = pick_currency();
  std::vector<int> banks = usable_in(c, false);
  // Reference data on an indirect participant's account is its settlement
  // bank's business: use direct participants only.
  std::erase_if(banks, [this](int p) { return parts_[p].kind != ParticipantKind::kDirect; });
  if (banks.size() < 2) return at(step(), AdvanceTime{});
  int b = banks[rng_.below(banks.size())];
  const bool tight = !tight_.empty() && rng_.chance(700);
  if (tight) {
    const int t = pick_tight();
    if (t >= 0) {
      b = t;
      c = tight_currency_;
      banks = usable_in(c, false);
      std::erase_if(banks, [this](int p) { return parts_[p].kind != ParticipantKind::kDirect; });
    }
  }
  const uint64_t r = rng_.below(7);
  if (r < 2) {
    const AmountMinor line = rng_.chance(150) ? 0 : rng_.skewed(3, 7);
    return same_time(SetCreditLine{parts_[b].bic, currencies_[c], line});
  }
  if (r < 4) {
    const Priority p = rng_.chance(500) ? Priority::kHighlyUrgent : Priority::kUrgent;
    AmountMinor amount = rng_.chance(300) ? 0 : rng_.skewed(3, 6);
    if (tight) {
      // A reservation that binds: a good part of what the account holds.
      const AmountMinor liquidity = liquidity_of(b, c);
      if (liquidity > 100) amount = liquidity / 100 * rng_.range(10, 90);
    }
    return same_time(ReserveLiquidity{parts_[b].bic, currencies_[c], p, amount});
  }
  if (r < 6) {
    int other = banks[rng_.below(banks.size())];
    if (other == b) other = c;  // the central bank of the currency
    SetBilateralLimit l;
    l.participant = parts_[b].bic;
    l.counterparty = parts_[other].bic;
    l.currency = currencies_[c];
    l.remove = rng_.chance(250);
    if (!l.remove) l.limit_minor = rng_.chance(50) ? 0 : rng_.skewed(3, 7);
    return same_time(l);
  }
  SetMultilateralLimit l;
  l.participant = parts_[b].bic;
  l.currency = currencies_[c];
  l.remove = rng_.chance(250);
  if (!l.remove) l.limit_minor = rng_.skewed(4, 7);
  return same_time(l);
}

Generated Generator::invalid() {
  const bool first = invalid_burst_left_ == 0;
  if (first) invalid_burst_left_ = static_cast<int>(rng_.range(4, 12));
  Generated g = invalid_one();
  g.burst_first = first;
  g.burst_last = --invalid_burst_left_ == 0;
  return g;
}

Generated Generator::invalid_one() {
  const int c = pick_currency();
  const std::vector<int> candidates = usable_in(c, true);
  if (candidates.size() < 2) return reject(CancelPayment{fresh_uetr()}, Reason::kNotQueued);
  const int debtor = pick_weighted(candidates);
  int creditor = candidates[rng_.below(candidates.size())];
  for (int tries = 0; tries < 8 && owner(creditor) == owner(debtor); ++tries) {
    creditor = candidates[rng_.below(candidates.size())];
  }
  if (owner(creditor) == owner(debtor)) {
    return reject(CancelPayment{fresh_uetr()}, Reason::kNotQueued);
  }
  SubmitPayment s;
  s.uetr = fresh_uetr();
  s.instruction_id.assign("X" + std::to_string(++instruction_counter_));
  s.debtor_agent = parts_[debtor].bic;
  s.creditor_agent = parts_[creditor].bic;
  s.currency = currencies_[c];
  s.amount_minor = rng_.skewed(1, 5);
  s.priority = static_cast<Priority>(rng_.below(3));

  switch (rng_.below(29)) {
    case 0:
      s.debtor_agent = bic_of("ZZZZDEFF");
      return reject(s, Reason::kUnknownParticipant);
    case 1:
      s.creditor_agent = bic_of("ZZZZFRPPXYZ");
      return reject(s, Reason::kUnknownParticipant);
    case 2:
      s.amount_minor = 0;
      return reject(s, Reason::kZeroAmount);
    case 3:
      s.amount_minor = -rng_.skewed(1, 6);
      return reject(s, Reason::kNegativeAmount);
    case 4:
    case 5: {
      std::vector<Uetr>& from = (!pending_.empty() && rng_.chance(500)) ? pending_ : today_;
      if (from.empty()) return reject(CancelPayment{s.uetr}, Reason::kNotQueued);
      s.uetr = from[rng_.below(from.size())];
      return reject(s, Reason::kDuplicate);
    }
    case 6:
    case 7: {
      const TimestampNs back = now_ - rng_.range(1, 1'000'000);
      if (rng_.chance(500)) return reject(s, Reason::kTimestampBackwards, back);
      return reject(RunGridlockResolution{GridlockAlgorithm::kPartial}, Reason::kTimestampBackwards,
                    back);
    }
    case 8:
      s.earliest_ns = now_ + rng_.range(1000, 2000);
      s.latest_ns = s.earliest_ns - rng_.range(1, 999);
      return reject(s, Reason::kInvalidTimeWindow);
    case 9:
      s.latest_ns = now_ - rng_.range(1, 1'000'000);
      return reject(s, Reason::kLatestTimePassed);
    case 10:
      s.currency = ccy_of("GBP");
      return reject(s, Reason::kCurrencyNotAccepted);
    case 11:
      return reject(CancelPayment{fresh_uetr()}, Reason::kNotQueued);
    case 12:
      if (rng_.chance(500))
        return reject(ChangePriority{fresh_uetr(), Priority::kUrgent}, Reason::kNotQueued);
      return reject(MoveInQueue{fresh_uetr(), QueuePosition::kTop}, Reason::kNotQueued);
    case 13: {
      LiquidityTransfer t{s.uetr, parts_[c].bic, s.creditor_agent, s.currency, 0};
      return reject(t, Reason::kZeroAmount);
    }
    case 14: {
      const ValueDate d = rng_.chance(500) ? value_date_ : value_date_ - 1;
      return reject(EndOfDay{d}, Reason::kInvalidValueDate);
    }
    case 15:
      return reject(SetCreditLine{parts_[owner(debtor)].bic, s.currency, -rng_.skewed(1, 6)},
                    Reason::kNegativeAmount);
    case 16:
      if (rng_.chance(500)) {
        return reject(OpenAccount{parts_[c].bic, currencies_[c]}, Reason::kAccountExists);
      }
      if (rng_.chance(500)) {
        AddParticipant a;
        a.bic = parts_[owner(debtor)].bic;
        a.name = "again";
        return reject(a, Reason::kParticipantExists);
      }
      return reject(DefineCurrency{currencies_[c], c == 0 ? 2 : 0}, Reason::kCurrencyExists);
    case 17:
      s.creditor_agent = parts_[owner(debtor)].bic;
      if (s.creditor_agent == s.debtor_agent) {
        // An indirect participant's settlement bank shares its account.
        for (size_t i = 0; i < parts_.size(); ++i) {
          if (parts_[i].kind == ParticipantKind::kIndirect && usable(static_cast<int>(i), c)) {
            s.debtor_agent = parts_[i].bic;
            s.creditor_agent = parts_[parts_[i].bank].bic;
            break;
          }
        }
      }
      return reject(s, Reason::kSameAccount);
    case 18:
      s.uetr = Uetr{};
      return reject(s, Reason::kInvalidUetr);
    case 19:
      if (parts_[spare_].closed) {
        if (rng_.chance(500))
          s.creditor_agent = parts_[spare_].bic;
        else
          s.debtor_agent = parts_[spare_].bic;
        s.currency = currencies_[0];
        return reject(s, Reason::kParticipantClosed);
      }
      if (suspended_ >= 0) {
        s.creditor_agent = parts_[suspended_].bic;
        return reject(s, Reason::kParticipantSuspended);
      }
      s.debtor_agent = Bic();
      return reject(s, Reason::kNone);  // empty BIC: invalid, any reason
    case 20:
      return reject(ReserveLiquidity{parts_[owner(debtor)].bic, s.currency, Priority::kNormal, 100},
                    Reason::kInvalidPriority);
    case 21:
      s.priority = static_cast<Priority>(3 + rng_.below(250));
      return reject(s, Reason::kInvalidPriority);
    case 22:
      return reject(DefineCurrency{ccy_of("USD"), 3}, Reason::kInvalidCurrency);
    case 23: {
      // A direct participant without an account in the other currency.
      const int other = 1 - c;
      for (size_t i = 2; i < parts_.size(); ++i) {
        const Participant& x = parts_[i];
        if (x.kind == ParticipantKind::kDirect && x.added && !x.closed && !x.suspended &&
            !x.spare && x.has_account[c] && !x.has_account[other]) {
          s.debtor_agent = x.bic;
          s.currency = currencies_[other];
          return reject(s, Reason::kUnknownAccount);
        }
      }
      s.amount_minor = 0;
      return reject(s, Reason::kZeroAmount);
    }
    case 24:
      // A UETR of one of the last dedupe-window days (not today): still a duplicate.
      if (!old_days_.empty() && rng_.chance(500)) {
        const size_t back =
            1 + rng_.below(std::min<size_t>(old_days_.size(), kDedupeWindowDays - 1));
        const std::vector<Uetr>& day = old_days_[old_days_.size() - back];
        if (!day.empty()) {
          s.uetr = day[rng_.below(day.size())];
          return reject(s, Reason::kDuplicate);
        }
      }
      if (!recent_final_.empty()) {
        const Uetr u = recent_final_[rng_.below(recent_final_.size())];
        if (rng_.chance(500)) return reject(CancelPayment{u}, Reason::kNotQueued);
        s.uetr = u;
        return reject(s, Reason::kDuplicate);
      }
      return reject(CancelPayment{fresh_uetr()}, Reason::kNotQueued);
    case 25: {
      SubmitDnsPayment p;
      p.uetr = s.uetr;
      p.debtor_agent = s.debtor_agent;
      p.creditor_agent = s.creditor_agent;
      p.currency = s.currency;
      p.amount_minor = rng_.chance(500) ? 0 : -rng_.skewed(1, 6);
      return reject(p, p.amount_minor == 0 ? Reason::kZeroAmount : Reason::kNegativeAmount);
    }
    case 26:
      if (rng_.chance(500)) {
        return reject(SetNetDebitCap{parts_[owner(debtor)].bic, s.currency, -rng_.skewed(1, 6)},
                      Reason::kNegativeAmount);
      }
      return reject(SettleDnsCycle{ccy_of("GBP")}, Reason::kCurrencyNotAccepted);
    case 27:
      if (rng_.chance(300)) {
        return reject(SetHaircut{static_cast<CreditGrade>(rng_.range(kCreditGradeCount, 254)), 0},
                      Reason::kInvalidCreditTerms);
      }
      if (rng_.chance(500)) {
        return reject(
            SetHaircut{CreditGrade::kA, static_cast<uint32_t>(rng_.range(10'001, 99'999))},
            Reason::kInvalidCreditTerms);
      }
      return reject(PledgeCollateral{static_cast<uint64_t>(rng_.range(1, 16)),
                                     parts_[owner(debtor)].bic, s.currency, -rng_.skewed(1, 6)},
                    Reason::kNegativeAmount);
    default: {
      const int b = owner(debtor);
      if (parts_[b].kind == ParticipantKind::kCentralBank && parts_[b].home == c) {
        return reject(ReserveLiquidity{parts_[b].bic, s.currency, Priority::kUrgent, -1},
                      Reason::kNegativeAmount);
      }
      LiquidityTransfer t{s.uetr, parts_[b].bic, parts_[c].bic, s.currency,
                          4'000'000'000'000'000'000LL};
      return reject(t, Reason::kInsufficientFunds);
    }
  }
}

void Generator::remember_final(const Uetr& u) {
  constexpr size_t kKeep = 64;
  if (recent_final_.size() < kKeep) {
    recent_final_.push_back(u);
  } else {
    recent_final_[recent_final_next_] = u;
    recent_final_next_ = (recent_final_next_ + 1) % kKeep;
  }
}

void Generator::observe(const Command& command, const Result& result,
                        std::span<const Event> events) {
  auto find = [this](const Bic& b) {
    for (size_t i = 0; i < parts_.size(); ++i) {
      if (parts_[i].bic == b) return static_cast<int>(i);
    }
    return -1;
  };
  auto currency_index = [this](const CurrencyCode& c) { return c == currencies_[0] ? 0 : 1; };
  auto remove_pending = [this](const Uetr& u) {
    auto it = pending_index_.find(u);
    if (it == pending_index_.end()) return;
    const size_t i = it->second;
    pending_index_.erase(it);
    pending_debtor_.erase(u);
    if (i + 1 != pending_.size()) {
      pending_[i] = pending_.back();
      pending_index_[pending_[i]] = i;
    }
    pending_.pop_back();
  };

  if (result.ok()) {
    std::visit(
        [&](const auto& c) {
          using T = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<T, AddParticipant>) {
            if (const int p = find(c.bic); p >= 0) parts_[p].added = true;
          } else if constexpr (std::is_same_v<T, OpenAccount>) {
            if (const int p = find(c.participant); p >= 0) {
              parts_[p].has_account[currency_index(c.currency)] = true;
            }
          } else if constexpr (std::is_same_v<T, SuspendParticipant>) {
            if (const int p = find(c.bic); p >= 0) {
              parts_[p].suspended = true;
              suspended_ = p;
            }
          } else if constexpr (std::is_same_v<T, ReactivateParticipant>) {
            if (const int p = find(c.bic); p >= 0) {
              parts_[p].suspended = false;
              if (suspended_ == p) suspended_ = -1;
            }
          } else if constexpr (std::is_same_v<T, CloseParticipant>) {
            if (const int p = find(c.bic); p >= 0) parts_[p].closed = true;
          } else if constexpr (std::is_same_v<T, SubmitPayment>) {
            if (today_.size() < 4096) today_.push_back(c.uetr);
            if (result.outcome == Outcome::kQueued && !pending_index_.contains(c.uetr)) {
              pending_index_[c.uetr] = pending_.size();
              pending_.push_back(c.uetr);
              pending_debtor_[c.uetr] = find(c.debtor_agent);
            }
          } else if constexpr (std::is_same_v<T, SubmitCrossCurrencyPayment>) {
            if (today_.size() < 4096) today_.push_back(c.uetr);
            if (result.outcome == Outcome::kQueued && !pending_index_.contains(c.uetr)) {
              pending_index_[c.uetr] = pending_.size();
              pending_.push_back(c.uetr);
              pending_debtor_[c.uetr] = find(c.debtor_agent);
            }
          } else if constexpr (std::is_same_v<T, SubmitFxTrade>) {
            const std::string_view ref = c.trade_reference.view();
            if (result.outcome == Outcome::kApplied) {
              open_trades_.push_back(Trade{c, find(c.party), find(c.counterparty)});
            } else {
              // Matched: the pair goes by the first instruction's UETR.
              for (size_t i = 0; i < open_trades_.size(); ++i) {
                const SubmitFxTrade& first = open_trades_[i].instruction;
                if (first.trade_reference.view() != ref || first.party != c.counterparty) continue;
                if (result.outcome == Outcome::kQueued && !pending_index_.contains(first.uetr)) {
                  pending_index_[first.uetr] = pending_.size();
                  pending_.push_back(first.uetr);
                  pending_debtor_[first.uetr] = open_trades_[i].party;
                }
                open_trades_.erase(open_trades_.begin() + static_cast<std::ptrdiff_t>(i));
                break;
              }
            }
          } else if constexpr (std::is_same_v<T, PublishFxQuote>) {
            Quote q;
            q.id = c.quote_id;
            q.provider = find(c.provider);
            q.base = currency_index(c.base_currency);
            q.rate_units = c.rate_units;
            q.rate_scale = c.rate_scale;
            q.valid_from_ns = c.valid_from_ns;
            q.valid_to_ns = c.valid_to_ns;
            q.max_minor = c.max_base_amount_minor;
            if (q.provider >= 0) quotes_.push_back(q);
          } else if constexpr (std::is_same_v<T, WithdrawFxQuote>) {
            std::erase_if(quotes_, [&](const Quote& q) { return q.id == c.quote_id; });
          } else if constexpr (std::is_same_v<T, SubmitDnsPayment>) {
            dns_open_.push_back(DnsOpen{c.uetr, currency_index(c.currency), find(c.debtor_agent)});
          } else if constexpr (std::is_same_v<T, SettleDnsCycle>) {
            const int settled = currency_index(c.currency);
            std::erase_if(dns_open_, [&](const DnsOpen& o) { return o.currency == settled; });
          } else if constexpr (std::is_same_v<T, EndOfDay>) {
            dns_open_.clear();
            value_date_ = c.next_value_date;
            // Keep a few UETRs of each closed day: within the dedupe window
            // they are duplicates, beyond it reusable.
            old_days_.emplace_back(
                today_.begin(),
                today_.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(today_.size(), 16)));
            if (old_days_.size() > 12) old_days_.pop_front();
            today_.clear();
          }
        },
        command.body);
  } else if (std::holds_alternative<ReactivateParticipant>(command.body) && suspended_ >= 0) {
    // Never retry forever: give up on this suspension.
    parts_[suspended_].suspended = false;
    suspended_ = -1;
  }
  for (const Event& e : events) {
    if (e.kind == EventKind::kQueued || e.leg == Leg::kSecond) continue;
    if (e.kind == EventKind::kCancelled && !dns_open_.empty()) {
      std::erase_if(dns_open_, [&](const DnsOpen& o) { return o.uetr == e.uetr; });
    }
    remove_pending(e.uetr);
    remember_final(e.uetr);
  }
}

}  // namespace corridor::core::random_test
