// The operator API's deferred net settlement (docs/api.md, "DNS cycles"): net
// debit caps, the open cycle of a currency, settling it, and the last cycle's
// report (fund, contributions, draws, claims). Amounts are decimal text.
#include <fmt/format.h>

#include "gateway/http_answers.h"
#include "gateway/operator_endpoint.h"
#include "gateway/operator_json.h"
#include "gateway/router.h"

namespace corridor::gateway {
namespace {

using nlohmann::json;

std::string holder(const core::Core& core, core::AccountId account) {
  if (account >= core.account_count()) return "";
  const core::ParticipantId owner = core.account(account).owner;
  return owner < core.participant_count() ? core.participant(owner).bic.to_string() : "";
}

// The claims on defaulters in one currency (both accounts are in it).
json claims_json(const core::Core& core, core::CurrencyId currency, int minor_units) {
  json claims = json::array();
  for (const auto& [pair, amount] : core.dns().claims) {
    if (pair.first >= core.account_count() || core.account(pair.first).currency != currency) {
      continue;
    }
    claims.push_back(json{{"defaulter", holder(core, pair.first)},
                          {"contributor", holder(core, pair.second)},
                          {"amount", format_amount(amount, minor_units)}});
  }
  return claims;
}

json report_json(const core::Core& core, const core::DnsCycleReport& r) {
  const core::CurrencyRecord& currency = core.currency(r.currency);
  const int mu = currency.minor_units;
  json positions = json::array();
  for (const core::DnsPosition& p : r.positions) {
    positions.push_back(
        json{{"bic", holder(core, p.account)},
             {"net", format_amount(p.net_minor, mu)},
             {"paid", format_amount(p.paid_minor, mu)},
             {"shortfall", format_amount(p.shortfall_minor, mu)},
             {"contribution_before", format_amount(p.contribution_before_minor, mu)},
             {"contribution_drawn", format_amount(p.contribution_drawn_minor, mu)},
             {"contribution_required", format_amount(p.contribution_required_minor, mu)},
             {"contribution_after", format_amount(p.contribution_after_minor, mu)},
             {"balance_change", format_amount(p.balance_change_minor, mu)}});
  }
  json draws = json::array();
  for (const core::DnsDraw& d : r.draws) {
    draws.push_back(json{{"defaulter", holder(core, d.defaulter)},
                         {"contributor", holder(core, d.contributor)},
                         {"amount", format_amount(d.amount_minor, mu)}});
  }
  return json{{"currency", currency.code.to_string()},
              {"cycle", r.cycle},
              {"payment_count", r.payment_count},
              {"gross_value", format_amount(r.gross_value_minor, mu)},
              {"fund_before", format_amount(r.fund_before_minor, mu)},
              {"fund_after", format_amount(r.fund_after_minor, mu)},
              {"fund_required", format_amount(r.fund_required_minor, mu)},
              {"positions", std::move(positions)},
              {"draws", std::move(draws)},
              {"claims", claims_json(core, r.currency, mu)}};
}

// The currency named in the path (segment 3 of /v1/admin/dns/{currency}...).
std::optional<core::CurrencyCode> path_currency(const HttpRequest& request, HttpResponse* error) {
  const std::string text = path_segment(request.target, 3);
  const std::optional<core::CurrencyCode> code = core::CurrencyCode::parse(text);
  if (!code) *error = json_error(400, fmt::format("\"{}\" is not a currency code", text));
  return code;
}

}  // namespace

HttpResponse OperatorEndpoint::set_net_debit_cap(const HttpRequest& request) {
  JsonBody body(request.body);
  core::SetNetDebitCap command;
  command.participant = body.bic("bic");
  command.currency = body.currency("currency");
  command.cap_minor = body.amount("cap", command.currency);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer("SetNetDebitCap", submit(command, request_id));
}

HttpResponse OperatorEndpoint::settle_dns_cycle(const HttpRequest& request) {
  HttpResponse error;
  const std::optional<core::CurrencyCode> code = path_currency(request, &error);
  if (!code) return error;
  JsonBody body(request.body);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  const journal::Engine::Outcome outcome = submit(core::SettleDnsCycle{*code}, request_id);
  json extra = json::object();
  if (outcome_status(outcome) == 200 && !outcome.applied.repeat) {
    // This thread is the operator API's only one: no other settlement came between.
    engine_.inspect([&](const journal::Machine& machine) {
      const core::Core& core = machine.core();
      extra["report"] = report_json(core, core.last_dns_report());
    });
  }
  return command_answer("SettleDnsCycle", outcome, std::move(extra));
}

HttpResponse OperatorEndpoint::show_dns_cycle(const HttpRequest& request) {
  HttpResponse error;
  const std::optional<core::CurrencyCode> code = path_currency(request, &error);
  if (!code) return error;
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  std::optional<json> view;
  engine_.inspect([&](const journal::Machine& machine) {
    const core::Core& core = machine.core();
    const std::optional<core::CurrencyId> id = core.find_currency(*code);
    if (!id) return;
    const int mu = core.currency(*id).minor_units;
    const core::DnsState& dns = core.dns();
    json accounts = json::array();
    for (core::AccountId a = 0; a < dns.accounts.size() && a < core.account_count(); ++a) {
      const core::DnsAccount& d = dns.accounts[a];
      if (core.account(a).currency != *id) continue;
      if (d.cap_minor == 0 && d.position_minor == 0 && d.peak_debit_minor == 0 &&
          d.contribution_minor == 0) {
        continue;  // takes no part
      }
      accounts.push_back(json{{"bic", holder(core, a)},
                              {"cap", format_amount(d.cap_minor, mu)},
                              {"position", format_amount(d.position_minor, mu)},
                              {"peak_debit", format_amount(d.peak_debit_minor, mu)},
                              {"contribution", format_amount(d.contribution_minor, mu)}});
    }
    const bool has = *id < dns.currencies.size();
    view = json{{"currency", code->to_string()},
                {"open_payment_count", core.dns_open_count(*id)},
                {"cycles_settled", has ? dns.currencies[*id].cycles_settled : 0},
                {"fund", format_amount(core.dns_fund_minor(*id), mu)},
                {"accounts", std::move(accounts)},
                {"claims", claims_json(core, *id, mu)}};
  });
  if (!view)
    return json_error(404, fmt::format("{} is not a currency of the system", code->to_string()));
  return json_answer(200, *view);
}

HttpResponse OperatorEndpoint::last_dns_report(const HttpRequest& request) {
  HttpResponse error;
  const std::optional<core::CurrencyCode> code = path_currency(request, &error);
  if (!code) return error;
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  std::optional<json> view;
  engine_.inspect([&](const journal::Machine& machine) {
    const core::Core& core = machine.core();
    const core::DnsCycleReport& r = core.last_dns_report();
    const std::optional<core::CurrencyId> id = core.find_currency(*code);
    if (r.cycle == 0 || !id || r.currency != *id) return;
    view = report_json(core, r);
  });
  if (!view) {
    return json_error(404,
                      fmt::format("the last DNS cycle settled is not one of {} (the core keeps "
                                  "the last report only, of any currency)",
                                  code->to_string()));
  }
  return json_answer(200, *view);
}

}  // namespace corridor::gateway
