// The operator API's central-bank reserve arrangement (docs/api.md, "Reserve
// pool and swaps"; docs/settlement-rules.md, rule 17): admit a member or change
// its commitment, draw a swap, repay one, show the pool. Amounts and rates are
// decimal text; no floating point.
#include <fmt/format.h>

#include <charconv>

#include "gateway/http_answers.h"
#include "gateway/operator_endpoint.h"
#include "gateway/operator_json.h"
#include "gateway/router.h"

namespace corridor::gateway {
namespace {

const char* status_text(core::SwapStatus status) {
  switch (status) {
    case core::SwapStatus::kOpen:
      return "open";
    case core::SwapStatus::kOverdue:
      return "overdue";
    case core::SwapStatus::kRepaid:
      return "repaid";
  }
  return "?";
}

uint32_t draw_multiple(JsonBody& body) {
  const std::string text = body.text("draw_multiple");
  uint32_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1 ||
      value > core::JoinReservePool::kDrawMultipleMax) {
    throw BadRequest(fmt::format("\"draw_multiple\": \"{}\" is not a whole number from 1 to {}",
                                 text, core::JoinReservePool::kDrawMultipleMax));
  }
  return value;
}

}  // namespace

HttpResponse OperatorEndpoint::join_reserve_pool(const HttpRequest& request) {
  JsonBody body(request.body);
  core::JoinReservePool join;
  join.bic = body.bic("bic");
  join.currency = body.currency("currency");
  join.commitment_minor = body.amount("commitment", join.currency);
  join.draw_multiple = draw_multiple(body);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer("JoinReservePool", submit(join, request_id),
                        {{"bic", join.bic.to_string()}});
}

HttpResponse OperatorEndpoint::draw_swap(const HttpRequest& request) {
  JsonBody body(request.body);
  core::DrawSwap draw;
  const std::string id_text = body.text("swap_id");
  const std::optional<uint64_t> id = positive_id_of(id_text);
  if (!id) throw BadRequest(fmt::format("\"swap_id\": \"{}\" is not a number from 1", id_text));
  draw.swap_id = *id;
  draw.drawer = body.bic("drawer");
  draw.provider = body.bic("provider");
  draw.draw_currency = body.currency("draw_currency");
  draw.draw_amount_minor = body.amount("draw_amount", draw.draw_currency);
  const std::string rate = body.text("rate");
  if (!parse_rate(rate, &draw.rate_units, &draw.rate_scale)) {
    throw BadRequest(fmt::format(
        "\"rate\": \"{}\" is not a positive decimal with at most {} decimals (drawer's currency "
        "units per unit of the draw currency)",
        rate, core::PublishFxQuote::kRateScaleMax));
  }
  draw.repay_at_ns = date_time(body, "repay_at");
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer(
      "DrawSwap", submit(draw, request_id),
      {{"swap_id", id_text}, {"rate", format_rate(draw.rate_units, draw.rate_scale)}});
}

HttpResponse OperatorEndpoint::repay_swap(const HttpRequest& request) {
  // /v1/admin/swaps/{id}/repay
  const std::string id_text = path_segment(request.target, 3);
  const std::optional<uint64_t> id = positive_id_of(id_text);
  if (!id) return json_error(400, fmt::format("\"{}\" is not a swap id", id_text));
  JsonBody body(request.body);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer("RepaySwap", submit(core::RepaySwap{*id}, request_id),
                        {{"swap_id", id_text}});
}

HttpResponse OperatorEndpoint::show_reserve_pool(const HttpRequest&) {
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  nlohmann::json view;
  engine_.inspect([&](const journal::Machine& machine) {
    const core::Core& core = machine.core();
    const core::ReservePool& pool = core.reserve_pool();
    nlohmann::json members = nlohmann::json::array();
    for (const auto& [id, m] : pool.members) {
      const int units = core.currency(m.currency).minor_units;
      members.push_back({{"bic", core.participant(id).bic.to_string()},
                         {"currency", core.currency(m.currency).code.to_string()},
                         {"commitment", format_amount(m.commitment_minor, units)},
                         {"draw_multiple", m.draw_multiple},
                         {"drawn", format_amount(m.drawn_minor, units)},
                         {"provided", format_amount(m.provided_minor, units)}});
    }
    nlohmann::json swaps = nlohmann::json::array();
    for (const auto& [id, s] : pool.swaps) {
      const core::CurrencyRecord& drawn = core.currency(s.draw_currency);
      const core::CurrencyRecord& given = core.currency(s.drawer_currency);
      nlohmann::json swap = {
          {"swap_id", std::to_string(id)},
          {"drawer", core.participant(s.drawer).bic.to_string()},
          {"provider", core.participant(s.provider).bic.to_string()},
          {"draw_currency", drawn.code.to_string()},
          {"draw_amount", format_amount(s.draw_amount_minor, drawn.minor_units)},
          {"counter_currency", given.code.to_string()},
          {"counter_amount", format_amount(s.counter_amount_minor, given.minor_units)},
          {"rate", format_rate(s.rate_units, s.rate_scale)},
          {"status", status_text(s.status)},
          {"drawn_ns", s.drawn_ns},
          {"repay_at_ns", s.repay_at_ns}};
      if (s.status == core::SwapStatus::kRepaid) swap["repaid_ns"] = s.repaid_ns;
      swaps.push_back(std::move(swap));
    }
    view = {{"members", std::move(members)}, {"swaps", std::move(swaps)}};
  });
  return json_answer(200, view);
}

}  // namespace corridor::gateway
