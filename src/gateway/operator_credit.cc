// The operator API's credit routes (docs/api.md, "Ratings, haircuts and
// collateral"; docs/settlement-rules.md, rule 16): a participant's rating, a
// grade's haircut, collateral pledged, revalued or released, and a
// participant's credit in each of its currencies.
#include <fmt/format.h>

#include <charconv>

#include "core/credit.h"
#include "gateway/http_answers.h"
#include "gateway/operator_endpoint.h"
#include "gateway/operator_json.h"
#include "gateway/router.h"

namespace corridor::gateway {
namespace {

core::CreditGrade grade_of(JsonBody& body, bool unrated_allowed) {
  const std::string text = body.text("grade");
  const std::optional<core::CreditGrade> grade = core::credit_grade_from_string(text);
  if (!grade || (!unrated_allowed && *grade == core::CreditGrade::kUnrated)) {
    throw BadRequest(
        fmt::format("\"grade\": \"{}\" is not a grade of the rating scale (AAA, AA+, "
                    "AA, AA-, A+, ..., CCC, CC, C, D{})",
                    text, unrated_allowed ? ", or unrated" : ""));
  }
  return *grade;
}

// Decimal digits only (a JSON number could have been rounded on the way).
std::optional<uint64_t> digits_of(std::string_view text) {
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

HttpResponse OperatorEndpoint::set_rating(const HttpRequest& request) {
  JsonBody body(request.body);
  core::SetRating command;
  command.participant = body.bic("bic");
  command.grade = grade_of(body, /*unrated_allowed=*/true);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer(
      "SetRating", submit(command, request_id),
      {{"bic", command.participant.to_string()}, {"grade", core::to_string(command.grade)}});
}

HttpResponse OperatorEndpoint::set_haircut(const HttpRequest& request) {
  JsonBody body(request.body);
  core::SetHaircut command;
  command.grade = grade_of(body, /*unrated_allowed=*/false);
  const std::string bp_text = body.text("haircut_bp");
  const std::optional<uint64_t> bp = digits_of(bp_text);
  if (!bp || *bp > core::kHaircutBpMax) {
    throw BadRequest(fmt::format(
        "\"haircut_bp\": \"{}\" is not a whole number of basis points from 0 to 10000", bp_text));
  }
  command.haircut_bp = static_cast<uint32_t>(*bp);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer("SetHaircut", submit(command, request_id),
                        {{"grade", core::to_string(command.grade)}, {"haircut_bp", bp_text}});
}

HttpResponse OperatorEndpoint::pledge_collateral(const HttpRequest& request) {
  JsonBody body(request.body);
  core::PledgeCollateral command;
  const std::string id_text = body.text("collateral_id");
  const std::optional<uint64_t> id = digits_of(id_text);
  if (!id) throw BadRequest(fmt::format("\"collateral_id\": \"{}\" is not a number", id_text));
  command.collateral_id = *id;
  command.participant = body.bic("bic");
  command.currency = body.currency("currency");
  command.value_minor = body.amount("value", command.currency);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer("PledgeCollateral", submit(command, request_id),
                        {{"collateral_id", id_text}, {"released", command.value_minor == 0}});
}

HttpResponse OperatorEndpoint::show_credit(const HttpRequest& request) {
  // /v1/admin/participants/{bic}/credit
  const std::string bic_text = path_segment(request.target, 3);
  const std::optional<core::Bic> bic = core::Bic::parse(bic_text);
  if (!bic) {
    throw BadRequest(fmt::format("\"{}\" is not a BIC (ISO 9362, 8 or 11 characters)", bic_text));
  }
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  std::optional<nlohmann::json> view;
  engine_.inspect([&](const journal::Machine& machine) {
    const core::Core& core = machine.core();
    const std::optional<core::ParticipantId> id = core.find_participant(*bic);
    if (!id) return;
    const core::CreditGrade grade = core.rating(*id);
    nlohmann::json accounts = nlohmann::json::array();
    for (core::AccountId a = 0; a < core.account_count(); ++a) {
      if (core.account(a).owner != *id) continue;
      const core::CreditView v = core.credit_view(a);
      const core::CurrencyRecord& currency = core.currency(core.account(a).currency);
      const auto amount = [&](core::AmountMinor minor) {
        return format_amount(minor, currency.minor_units);
      };
      nlohmann::json entry = {{"currency", currency.code.to_string()},
                              {"balance", amount(core.account(a).balance_minor)},
                              {"credit_line", amount(v.credit_line_minor)},
                              {"credit_used", amount(v.credit_used_minor)},
                              {"collateral_driven", v.collateral_driven},
                              {"collateral_value", amount(v.collateral_value_minor)},
                              {"collateral_items", v.collateral_count},
                              {"line_cut", v.line_cut}};
      // An issuer account has no floor.
      if (!core.account(a).is_issuer) entry["floor"] = amount(v.floor_minor);
      accounts.push_back(std::move(entry));
    }
    view = nlohmann::json{{"bic", core.participant(*id).bic.to_string()},
                          {"grade", core::to_string(grade)},
                          {"haircut_bp", core.haircut_bp(grade)},
                          {"accounts", std::move(accounts)}};
  });
  if (!view) return json_error(404, fmt::format("no participant {}", bic->to_string()));
  return json_answer(200, *view);
}

}  // namespace corridor::gateway
