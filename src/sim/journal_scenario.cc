#include "sim/journal_scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "sim/virtual_time.h"

namespace corridor::sim {
namespace {

constexpr int64_t kSecondsPerHour = 3600;

int64_t second_of_day(core::TimestampNs at_ns) {
  const int64_t seconds = at_ns / kNsPerSecond;
  return ((seconds % kSecondsPerDay) + kSecondsPerDay) % kSecondsPerDay;
}

class Builder {
 public:
  explicit Builder(Scenario* s) : s_(*s) {}

  // Reference data and opening liquidity, up to the day's first payment.
  void setup(const core::CommandBody& body) {
    if (const auto* c = std::get_if<core::DefineCurrency>(&body)) {
      if (s_.find_currency(c->code) == nullptr) s_.currencies.push_back({c->code, c->minor_units});
    } else if (const auto* c = std::get_if<core::AddParticipant>(&body)) {
      add_participant(*c);
    } else if (const auto* c = std::get_if<core::OpenAccount>(&body)) {
      BankSpec* bank = find_bank(c->participant);
      if (bank != nullptr && s_.find_currency(c->currency) != nullptr &&
          account(bank, c->currency) == nullptr) {
        AccountSpec a;
        a.currency = c->currency;
        bank->accounts.push_back(a);
      }
    } else if (const auto* c = std::get_if<core::SetCreditLine>(&body)) {
      if (AccountSpec* a = account(find_bank(c->participant), c->currency)) {
        a->credit_line_minor = std::max<core::AmountMinor>(0, c->credit_line_minor);
      }
    } else if (const auto* c = std::get_if<core::ReserveLiquidity>(&body)) {
      if (AccountSpec* a = account(find_bank(c->participant), c->currency)) {
        const core::AmountMinor amount = std::max<core::AmountMinor>(0, c->amount_minor);
        (c->priority == core::Priority::kUrgent ? a->reserve_urgent_minor
                                                : a->reserve_highly_urgent_minor) = amount;
      }
    } else if (const auto* c = std::get_if<core::LiquidityTransfer>(&body)) {
      if (c->amount_minor <= 0) return;
      if (AccountSpec* a = account(find_bank(c->to), c->currency); a && is_central_bank(c->from)) {
        a->opening_liquidity_minor =
            core::saturating_add(a->opening_liquidity_minor, c->amount_minor);
      }
      if (AccountSpec* a = account(find_bank(c->from), c->currency); a && is_central_bank(c->to)) {
        a->opening_liquidity_minor =
            std::max<core::AmountMinor>(0, a->opening_liquidity_minor - c->amount_minor);
      }
    }
  }

  void payment(core::TimestampNs at_ns, const core::SubmitPayment& c) {
    // Only payments the scenario can express: known currency, parties settling in it.
    if (s_.find_currency(c.currency) == nullptr || c.amount_minor <= 0 ||
        !s_.settles_in(c.debtor_agent, c.currency) ||
        !s_.settles_in(c.creditor_agent, c.currency)) {
      ++skipped_;
      return;
    }
    PaymentSpec p;
    p.from = c.debtor_agent;
    p.to = c.creditor_agent;
    p.currency = c.currency;
    p.amount_minor = c.amount_minor;
    p.at_seconds = second_of_day(at_ns);
    p.priority = c.priority;
    if (c.earliest_ns != core::kNoTime) p.earliest_seconds = second_of_day(c.earliest_ns);
    if (c.latest_ns != core::kNoTime) p.latest_seconds = second_of_day(c.latest_ns);
    p.instruction_id = std::string(c.instruction_id.view());
    s_.payments.push_back(std::move(p));
  }

  uint64_t skipped() const { return skipped_; }

 private:
  void add_participant(const core::AddParticipant& c) {
    if (known(c.bic)) return;
    switch (c.kind) {
      case core::ParticipantKind::kCentralBank:
        if (s_.find_currency(c.home_currency) == nullptr) return;
        for (const CentralBankSpec& cb : s_.central_banks) {
          if (cb.currency == c.home_currency) return;
        }
        s_.central_banks.push_back({c.bic, c.name, c.home_currency});
        break;
      case core::ParticipantKind::kDirect: {
        BankSpec bank;
        bank.bic = c.bic;
        bank.name = c.name;
        s_.banks.push_back(std::move(bank));
        break;
      }
      case core::ParticipantKind::kIndirect:
        if (s_.find_bank(c.settlement_bank) == nullptr) return;
        s_.indirects.push_back({c.bic, c.name, c.settlement_bank, 1});
        break;
    }
  }

  bool known(const core::Bic& bic) const {
    if (s_.find_bank(bic) != nullptr || is_central_bank(bic)) return true;
    for (const IndirectSpec& i : s_.indirects) {
      if (i.bic == bic) return true;
    }
    return false;
  }

  bool is_central_bank(const core::Bic& bic) const {
    for (const CentralBankSpec& cb : s_.central_banks) {
      if (cb.bic == bic) return true;
    }
    return false;
  }

  BankSpec* find_bank(const core::Bic& bic) {
    for (BankSpec& b : s_.banks) {
      if (b.bic == bic) return &b;
    }
    return nullptr;
  }

  static AccountSpec* account(BankSpec* bank, const core::CurrencyCode& currency) {
    if (bank == nullptr) return nullptr;
    for (AccountSpec& a : bank->accounts) {
      if (a.currency == currency) return &a;
    }
    return nullptr;
  }

  Scenario& s_;
  uint64_t skipped_ = 0;
};

}  // namespace

Scenario scenario_from_commands(const std::vector<core::Command>& commands,
                                const JournalDayOptions& options) {
  // The value date of each command: Configure sets the first, each EndOfDay the next.
  std::vector<core::ValueDate> dates(commands.size());
  core::ValueDate date = 0;
  std::optional<size_t> first_payment;
  for (size_t i = 0; i < commands.size(); ++i) {
    if (const auto* c = std::get_if<core::Configure>(&commands[i].body))
      date = c->value_date_initial;
    dates[i] = date;
    if (std::holds_alternative<core::SubmitPayment>(commands[i].body) && !first_payment &&
        (!options.value_date || *options.value_date == date)) {
      first_payment = i;
    }
    if (const auto* c = std::get_if<core::EndOfDay>(&commands[i].body)) date = c->next_value_date;
  }
  if (!first_payment) {
    throw ScenarioError(options.value_date
                            ? fmt::format("the journal holds no payment on value date {}",
                                          format_date(*options.value_date))
                            : std::string("the journal holds no payment"));
  }
  Scenario s;
  s.name = options.name;
  s.value_date = dates[*first_payment];
  if (!is_valid_date(s.value_date)) {
    throw ScenarioError(fmt::format("the journal's value date {} is not a date", s.value_date));
  }
  Builder builder(&s);
  for (size_t i = 0; i < *first_payment; ++i) builder.setup(commands[i].body);
  for (size_t i = *first_payment; i < commands.size() && dates[i] == s.value_date; ++i) {
    if (const auto* p = std::get_if<core::SubmitPayment>(&commands[i].body)) {
      builder.payment(commands[i].timestamp_ns, *p);
    }
  }
  if (s.payments.empty()) throw ScenarioError("the journal's payments name no known account");
  int64_t first_s = kSecondsPerDay;
  int64_t last_s = 0;
  for (const PaymentSpec& p : s.payments) {
    first_s = std::min(first_s, p.at_seconds);
    last_s = std::max(last_s, p.at_seconds);
  }
  s.day_start_seconds = first_s / kSecondsPerHour * kSecondsPerHour;
  s.day_end_seconds =
      std::min(kSecondsPerDay - 1, (last_s / kSecondsPerHour + 1) * kSecondsPerHour);
  // Payments that crossed midnight would fall outside the day: keep them at its end.
  for (PaymentSpec& p : s.payments) {
    p.at_seconds = std::min(p.at_seconds, s.day_end_seconds - 1);
  }
  s.sweep.policies = default_policies();
  return s;
}

}  // namespace corridor::sim
