#include "gateway/operator_views.h"

#include <vector>

#include "core/money.h"
#include "core/state.h"
#include "gateway/operator_json.h"

namespace corridor::gateway {
namespace {

using nlohmann::json;

struct Money {
  const core::Core& core;
  std::string operator()(core::AmountMinor amount_minor, core::CurrencyId currency) const {
    return format_amount(amount_minor, core.currency(currency).minor_units);
  }
};

uint32_t queued_count(const core::Account& account) {
  uint32_t count = 0;
  for (const core::QueueList& queue : account.queues) count += queue.length;
  return count;
}

std::vector<std::vector<core::AccountId>> accounts_by_currency(const core::Core& core) {
  std::vector<std::vector<core::AccountId>> by_currency(core.currency_count());
  for (core::AccountId id = 0; id < core.account_count(); ++id) {
    by_currency[core.account(id).currency].push_back(id);
  }
  return by_currency;
}

json account_json(const core::Core& core, core::AccountId id,
                  const std::vector<core::AccountId>& same_currency) {
  const Money money{core};
  const core::Account& a = core.account(id);
  json bilateral = json::array();
  // Only accounts that have limits pay for this scan of their currency's accounts.
  for (size_t i = 0; i < same_currency.size() && bilateral.size() < a.bilateral_limit_count; ++i) {
    const core::AccountId other = same_currency[i];
    if (other == id) continue;
    if (const auto limit = core.bilateral_limit(id, other)) {
      bilateral.push_back(
          {{"counterparty", core.participant(core.account(other).owner).bic.to_string()},
           {"limit", money(limit->limit_minor, a.currency)},
           {"position", money(limit->position_minor, a.currency)}});
    }
  }
  return {{"currency", core.currency(a.currency).code.to_string()},
          {"balance", money(a.balance_minor, a.currency)},
          {"balance_open", money(a.balance_open_minor, a.currency)},
          {"balance_min", money(a.balance_min_minor, a.currency)},
          {"credit_line", money(a.credit_line_minor, a.currency)},
          {"reserved_highly_urgent", money(a.reserved_minor[0], a.currency)},
          {"reserved_urgent", money(a.reserved_minor[1], a.currency)},
          {"multilateral_limit", a.multilateral_limit_minor == core::kNoLimit
                                     ? json(nullptr)
                                     : json(money(a.multilateral_limit_minor, a.currency))},
          {"bilateral_limits", std::move(bilateral)},
          {"issuer", a.is_issuer},
          {"queued_count", queued_count(a)},
          {"queued_value", money(a.queued_value_minor, a.currency)}};
}

}  // namespace

json participants_view(const core::Core& core) {
  const std::vector<std::vector<core::AccountId>> by_currency = accounts_by_currency(core);
  std::vector<json> accounts(core.participant_count(), json::array());
  for (core::AccountId id = 0; id < core.account_count(); ++id) {
    const core::Account& a = core.account(id);
    accounts[a.owner].push_back(account_json(core, id, by_currency[a.currency]));
  }
  json participants = json::array();
  for (core::ParticipantId id = 0; id < core.participant_count(); ++id) {
    const core::ParticipantRecord& p = core.participant(id);
    json entry = {{"bic", p.bic.to_string()},
                  {"name", p.name},
                  {"kind", core::to_string(p.kind)},
                  {"status", core::to_string(p.status)},
                  {"accounts", std::move(accounts[id])}};
    if (p.kind == core::ParticipantKind::kIndirect && p.settlement_bank != core::kNoId) {
      entry["settlement_bank"] = core.participant(p.settlement_bank).bic.to_string();
    }
    if (p.home_currency != core::kNoCurrency) {
      entry["home_currency"] = core.currency(p.home_currency).code.to_string();
    }
    participants.push_back(std::move(entry));
  }
  return {{"value_date", format_value_date(core.value_date())},
          {"participants", std::move(participants)}};
}

json queues_view(const core::Core& core) {
  const Money money{core};
  json currencies = json::array();
  const std::vector<std::vector<core::AccountId>> by_currency = accounts_by_currency(core);
  for (core::CurrencyId c = 0; c < core.currency_count(); ++c) {
    uint64_t count = 0;
    core::AmountMinor value_minor = 0;
    json accounts = json::array();
    for (core::AccountId id : by_currency[c]) {
      const core::Account& a = core.account(id);
      const uint32_t queued = queued_count(a);
      if (queued == 0) continue;
      count += queued;
      // A statistic across accounts: saturate rather than wrap.
      value_minor = core::saturating_add(value_minor, a.queued_value_minor);
      json by_priority = json::object();
      for (int q = 0; q < core::kPriorityCount; ++q) {
        by_priority[core::to_string(static_cast<core::Priority>(q))] = a.queues[q].length;
      }
      accounts.push_back({{"bic", core.participant(a.owner).bic.to_string()},
                          {"queued_count", queued},
                          {"queued_value", money(a.queued_value_minor, c)},
                          {"queued_count_by_priority", std::move(by_priority)}});
    }
    currencies.push_back({{"currency", core.currency(c).code.to_string()},
                          {"queued_count", count},
                          {"queued_value", money(value_minor, c)},
                          {"accounts", std::move(accounts)}});
  }
  return {{"queued_count", core.queued_count()},
          {"pending_count", core.pending_count()},
          {"currencies", std::move(currencies)}};
}

json day_view(const core::Core& core) {
  const core::ValueDate closed = core.last_eod_report().closed_value_date;
  return {{"value_date", format_value_date(core.value_date())},
          {"open", core.day_phase() == core::DayPhase::kOpen},
          {"phase", core.day_phase() == core::DayPhase::kOpen ? "open" : "cut_off"},
          {"now_ns", core.now_ns()},
          {"last_closed_value_date", closed == 0 ? json(nullptr) : json(format_value_date(closed))},
          {"queued_count", core.queued_count()},
          {"pending_count", core.pending_count()}};
}

json eod_report_view(const core::Core& core, const core::EodReport& report) {
  const Money money{core};
  json currencies = json::array();
  for (const core::CurrencyDayTotals& t : report.currencies) {
    if (t.currency == core::kNoCurrency || t.currency >= core.currency_count()) continue;
    currencies.push_back({{"currency", core.currency(t.currency).code.to_string()},
                          {"settled_count", t.settled_count},
                          {"settled_value", money(t.settled_value_minor, t.currency)},
                          {"rejected_count", t.rejected_count},
                          {"rejected_value", money(t.rejected_value_minor, t.currency)}});
  }
  json accounts = json::array();
  for (const core::AccountDayFigures& f : report.accounts) {
    if (f.account == core::kNoId || f.account >= core.account_count()) continue;
    const core::Account& a = core.account(f.account);
    accounts.push_back({{"bic", core.participant(a.owner).bic.to_string()},
                        {"currency", core.currency(a.currency).code.to_string()},
                        {"balance_open", money(f.balance_open_minor, a.currency)},
                        {"balance_close", money(f.balance_close_minor, a.currency)},
                        {"balance_min", money(f.balance_min_minor, a.currency)},
                        {"peak_credit_use", money(f.peak_credit_use_minor, a.currency)},
                        {"peak_liquidity_use", money(f.peak_liquidity_use_minor, a.currency)}});
  }
  return {{"closed_value_date", format_value_date(report.closed_value_date)},
          {"next_value_date", format_value_date(report.next_value_date)},
          {"currencies", std::move(currencies)},
          {"accounts", std::move(accounts)}};
}

}  // namespace corridor::gateway
