// The operator API's FX quotes (docs/api.md, "FX quotes"): publish a quote for
// a provider, withdraw one, show one. Rates are decimal text, kept as integer
// units and a scale (core::PublishFxQuote); no floating point.
#include <fmt/format.h>

#include "gateway/http_answers.h"
#include "gateway/operator_endpoint.h"
#include "gateway/operator_json.h"
#include "gateway/router.h"

namespace corridor::gateway {

HttpResponse OperatorEndpoint::publish_fx_quote(const HttpRequest& request) {
  JsonBody body(request.body);
  core::PublishFxQuote quote;
  const std::string id_text = body.text("quote_id");
  const std::optional<uint64_t> id = positive_id_of(id_text);
  if (!id) throw BadRequest(fmt::format("\"quote_id\": \"{}\" is not a number from 1", id_text));
  quote.quote_id = *id;
  quote.provider = body.bic("provider");
  quote.base_currency = body.currency("base_currency");
  quote.quote_currency = body.currency("quote_currency");
  const std::string rate = body.text("rate");
  if (!parse_rate(rate, &quote.rate_units, &quote.rate_scale)) {
    throw BadRequest(fmt::format(
        "\"rate\": \"{}\" is not a positive decimal with at most {} decimals (quote currency "
        "units per base currency unit)",
        rate, core::PublishFxQuote::kRateScaleMax));
  }
  quote.valid_from_ns = date_time(body, "valid_from");
  quote.valid_to_ns = date_time(body, "valid_to");
  quote.max_base_amount_minor = body.amount("max_base_amount", quote.base_currency);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer(
      "PublishFxQuote", submit(quote, request_id),
      {{"quote_id", id_text}, {"rate", format_rate(quote.rate_units, quote.rate_scale)}});
}

HttpResponse OperatorEndpoint::withdraw_fx_quote(const HttpRequest& request) {
  // /v1/admin/fx/quotes/{id}/withdraw
  const std::string id_text = path_segment(request.target, 4);
  const std::optional<uint64_t> id = positive_id_of(id_text);
  if (!id) return json_error(400, fmt::format("\"{}\" is not a quote id", id_text));
  JsonBody body(request.body);
  const std::string request_id = body.request_id();
  body.finish();
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  return command_answer("WithdrawFxQuote",
                        submit(core::WithdrawFxQuote{*id, core::Bic()}, request_id),
                        {{"quote_id", id_text}});
}

HttpResponse OperatorEndpoint::show_fx_quote(const HttpRequest& request) {
  const std::string id_text = path_segment(request.target, 4);
  const std::optional<uint64_t> id = positive_id_of(id_text);
  if (!id) return json_error(400, fmt::format("\"{}\" is not a quote id", id_text));
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  std::optional<nlohmann::json> view;
  engine_.inspect([&](const journal::Machine& machine) {
    const core::Core& core = machine.core();
    const core::FxQuote* q = core.find_quote(*id);
    if (q == nullptr) return;
    const core::CurrencyRecord& base = core.currency(q->base_currency);
    const core::CurrencyRecord& quoted = core.currency(q->quote_currency);
    view = nlohmann::json{
        {"quote_id", id_text},
        {"provider", core.participant(q->provider).bic.to_string()},
        {"base_currency", base.code.to_string()},
        {"quote_currency", quoted.code.to_string()},
        {"rate", format_rate(q->rate_units, q->rate_scale)},
        {"valid_from_ns", q->valid_from_ns},
        {"valid_to_ns", q->valid_to_ns},
        {"max_base_amount", format_amount(q->max_base_amount_minor, base.minor_units)}};
  });
  if (!view)
    return json_error(404, fmt::format("no quote {} (never published, or withdrawn)", id_text));
  return json_answer(200, *view);
}

}  // namespace corridor::gateway
