// The operator API's changes: each reads its JSON body completely (400 on
// anything malformed or unknown, before anything is submitted), then submits
// one core command per change and answers its outcome.
#include <fmt/format.h>

#include <vector>

#include "gateway/http_answers.h"
#include "gateway/operator_endpoint.h"
#include "gateway/operator_json.h"
#include "gateway/operator_views.h"
#include "gateway/router.h"

namespace corridor::gateway {

HttpResponse OperatorEndpoint::add_participant(const HttpRequest& request) {
  JsonBody body(request.body);
  core::AddParticipant add;
  add.bic = body.bic("bic");
  add.name = body.text("name");
  const std::string kind_text = body.text("kind");
  const std::optional<core::ParticipantKind> kind = parse_participant_kind(kind_text);
  if (!kind) {
    throw BadRequest(fmt::format(
        "\"kind\": \"{}\" is not one of \"central_bank\", \"direct\", \"indirect\"", kind_text));
  }
  add.kind = *kind;
  if (const std::optional<core::Bic> bank = body.optional_bic("settlement_bank")) {
    add.settlement_bank = *bank;
  }
  if (body.has("home_currency")) add.home_currency = body.currency("home_currency");
  std::vector<core::CurrencyCode> accounts;
  if (const auto codes = body.optional_texts("accounts")) {
    for (const std::string& code : *codes) {
      const std::optional<core::CurrencyCode> currency = core::CurrencyCode::parse(code);
      if (!currency || !core::iso4217_minor_units(code)) {
        throw BadRequest(
            fmt::format("\"accounts\": \"{}\" is not an active ISO 4217 currency", code));
      }
      accounts.push_back(*currency);
    }
  } else if (add.kind == core::ParticipantKind::kCentralBank && body.has("home_currency")) {
    accounts.push_back(add.home_currency);  // a central bank's one account: its issuing account
  }
  const std::string request_id = body.request_id();
  body.finish();
  if (add.bic == config_.service.system_bic) {
    return json_error(
        422, fmt::format("{} is the system BIC; it cannot be a participant", add.bic.to_string()));
  }
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;

  // One submission per command, in order, each keyed request_id:n; the first
  // that is not applied ends the request (later ones would only be rejected).
  nlohmann::json results = nlohmann::json::array();
  const auto id_of = [&request_id](size_t n) {
    return request_id.empty() ? std::string() : fmt::format("{}:{}", request_id, n);
  };
  const std::string bic = add.bic.to_string();
  journal::Engine::Outcome outcome = submit(add, id_of(0));
  results.push_back(outcome_json("AddParticipant", outcome));
  for (size_t i = 0; i < accounts.size() && outcome_status(outcome) == 200; ++i) {
    outcome = submit(core::OpenAccount{add.bic, accounts[i]}, id_of(i + 1));
    nlohmann::json result = outcome_json("OpenAccount", outcome);
    result["currency"] = accounts[i].to_string();
    results.push_back(std::move(result));
  }
  const unsigned status = outcome_status(outcome);
  nlohmann::json answer = {{"bic", bic}, {"results", results}};
  if (status != 200) {
    const nlohmann::json& last = results.back();
    answer["error"] = status == 503 ? nlohmann::json(unknown_outcome_error()) : last["error"];
  }
  return json_answer(status, answer);
}

HttpResponse OperatorEndpoint::change_participant_status(const HttpRequest& request) {
  // /v1/admin/participants/{bic}/{action}
  const std::string bic_text = path_segment(request.target, 3);
  const std::string action = path_segment(request.target, 4);
  const std::optional<core::Bic> bic = core::Bic::parse(bic_text);
  if (!bic) {
    throw BadRequest(fmt::format("\"{}\" is not a BIC (ISO 9362, 8 or 11 characters)", bic_text));
  }
  JsonBody body(request.body);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  const nlohmann::json extra = {{"bic", bic->to_string()}};
  if (action == "suspend") {
    return command_answer("SuspendParticipant", submit(core::SuspendParticipant{*bic}, request_id),
                          extra);
  }
  if (action == "reactivate") {
    return command_answer("ReactivateParticipant",
                          submit(core::ReactivateParticipant{*bic}, request_id), extra);
  }
  return command_answer("CloseParticipant", submit(core::CloseParticipant{*bic}, request_id),
                        extra);
}

HttpResponse OperatorEndpoint::set_credit_line(const HttpRequest& request) {
  JsonBody body(request.body);
  core::SetCreditLine command;
  command.participant = body.bic("bic");
  command.currency = body.currency("currency");
  command.credit_line_minor = body.amount("credit_line", command.currency);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer("SetCreditLine", submit(command, request_id));
}

namespace {

// "limit": "25.00" sets a limit, "remove": true removes it; exactly one.
void read_limit(JsonBody& body, const core::CurrencyCode& currency, core::AmountMinor* limit_minor,
                bool* remove) {
  *remove = body.flag("remove", false);
  if (*remove == body.has("limit")) {
    throw BadRequest("give either \"limit\" (decimal text) or \"remove\": true");
  }
  if (!*remove) *limit_minor = body.amount("limit", currency);
}

}  // namespace

HttpResponse OperatorEndpoint::set_bilateral_limit(const HttpRequest& request) {
  JsonBody body(request.body);
  core::SetBilateralLimit command;
  command.participant = body.bic("bic");
  command.counterparty = body.bic("counterparty");
  command.currency = body.currency("currency");
  read_limit(body, command.currency, &command.limit_minor, &command.remove);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer("SetBilateralLimit", submit(command, request_id));
}

HttpResponse OperatorEndpoint::set_multilateral_limit(const HttpRequest& request) {
  JsonBody body(request.body);
  core::SetMultilateralLimit command;
  command.participant = body.bic("bic");
  command.currency = body.currency("currency");
  read_limit(body, command.currency, &command.limit_minor, &command.remove);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer("SetMultilateralLimit", submit(command, request_id));
}

HttpResponse OperatorEndpoint::reserve_liquidity(const HttpRequest& request) {
  JsonBody body(request.body);
  core::ReserveLiquidity command;
  command.participant = body.bic("bic");
  command.currency = body.currency("currency");
  const std::string priority = body.text("priority");
  const std::optional<core::Priority> parsed = parse_priority(priority);
  if (!parsed || *parsed == core::Priority::kNormal) {
    throw BadRequest(fmt::format(
        "\"priority\": \"{}\" is not \"highly_urgent\" or \"urgent\" (what may be reserved for)",
        priority));
  }
  command.priority = *parsed;
  command.amount_minor = body.amount("amount", command.currency);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer("ReserveLiquidity", submit(command, request_id));
}

HttpResponse OperatorEndpoint::transfer_liquidity(const HttpRequest& request) {
  JsonBody body(request.body);
  core::LiquidityTransfer command;
  command.from = body.bic("from");
  command.to = body.bic("to");
  command.currency = body.currency("currency");
  command.amount_minor = body.amount("amount", command.currency);
  if (const std::optional<std::string> uetr = body.optional_text("uetr")) {
    const std::optional<core::Uetr> parsed = core::Uetr::parse(*uetr);
    if (!parsed) {
      throw BadRequest(
          fmt::format("\"uetr\": \"{}\" is not a UUID version 4 in lower case", *uetr));
    }
    command.uetr = *parsed;
  } else {
    // Made up here: a retry without the UETR (or a request_id) is a new transfer.
    command.uetr = random_uetr();
  }
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer("LiquidityTransfer", submit(command, request_id),
                        {{"uetr", command.uetr.to_string()}});
}

HttpResponse OperatorEndpoint::run_gridlock_resolution(const HttpRequest& request) {
  JsonBody body(request.body);
  core::RunGridlockResolution command;
  if (const std::optional<std::string> name = body.optional_text("algorithm")) {
    const std::optional<core::GridlockAlgorithm> algorithm = parse_gridlock_algorithm(*name);
    if (!algorithm) {
      throw BadRequest(fmt::format(
          "\"algorithm\": \"{}\" is not \"all_or_nothing\", \"partial\" or \"bilateral\"", *name));
    }
    command.algorithm = *algorithm;
  }
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  const journal::Engine::Outcome outcome = submit(command, request_id);
  // What the run settled, per currency (currency ids are stable: read their codes).
  nlohmann::json settled = nlohmann::json::array();
  engine_.inspect([&](const journal::Machine& machine) {
    const core::Core& core = machine.core();
    std::vector<uint64_t> count(core.currency_count(), 0);
    std::vector<core::AmountMinor> value_minor(core.currency_count(), 0);
    for (const core::Event& event : outcome.events) {
      if (event.kind != core::EventKind::kSettled || event.currency >= core.currency_count()) {
        continue;
      }
      ++count[event.currency];
      value_minor[event.currency] =
          core::saturating_add(value_minor[event.currency], event.amount_minor);
    }
    for (core::CurrencyId c = 0; c < core.currency_count(); ++c) {
      if (count[c] == 0) continue;
      settled.push_back(
          {{"currency", core.currency(c).code.to_string()},
           {"settled_count", count[c]},
           {"settled_value", format_amount(value_minor[c], core.currency(c).minor_units)}});
    }
  });
  return command_answer("RunGridlockResolution", outcome,
                        {{"algorithm", core::to_string(command.algorithm)}, {"settled", settled}});
}

HttpResponse OperatorEndpoint::set_day_phase(const HttpRequest& request) {
  // /v1/admin/day/{cutoff|open}
  const bool cut_off = path_segment(request.target, 3) == "cutoff";
  JsonBody body(request.body);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  const core::SetDayPhase command{cut_off ? core::DayPhase::kCutOff : core::DayPhase::kOpen};
  return command_answer("SetDayPhase", submit(command, request_id),
                        {{"phase", cut_off ? "cut_off" : "open"}});
}

HttpResponse OperatorEndpoint::close_day(const HttpRequest& request) {
  JsonBody body(request.body);
  std::optional<core::ValueDate> next;
  if (const std::optional<std::string> text = body.optional_text("next_value_date")) {
    next = parse_value_date(*text);
    if (!next)
      throw BadRequest(fmt::format("\"next_value_date\": \"{}\" is not a date yyyy-mm-dd", *text));
  }
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  if (!next) {
    core::ValueDate current = 0;
    engine_.inspect(
        [&](const journal::Machine& machine) { current = machine.core().value_date(); });
    next = next_business_day(current);
  }
  const journal::Engine::Outcome outcome = submit(core::EndOfDay{*next}, request_id);
  if (outcome_status(outcome) != 200) return command_answer("EndOfDay", outcome);
  // The operator thread is the only one that closes days, and it waits here:
  // the last report is this command's (or, for a repeat, the latest one).
  nlohmann::json report;
  engine_.inspect([&](const journal::Machine& machine) {
    const core::EodReport& last = machine.core().last_eod_report();
    if (last.closed_value_date != 0) report = eod_report_view(machine.core(), last);
  });
  return command_answer("EndOfDay", outcome, {{"report", report}});
}

}  // namespace corridor::gateway
