#include "gateway/operator_endpoint.h"

#include <fmt/format.h>

#include <exception>
#include <utility>

#include "core/reason.h"
#include "gateway/http_answers.h"
#include "gateway/operator_json.h"
#include "gateway/operator_views.h"

namespace corridor::gateway {
namespace {

// Operator requests waiting for the operator thread; beyond this, 503.
constexpr size_t kOperatorJobsMax = 64;

}  // namespace

nlohmann::json outcome_json(const char* command, const journal::Engine::Outcome& outcome) {
  nlohmann::json body = {{"command", command}};
  if (outcome.status == journal::AckStatus::kFailed) {
    body["outcome"] = "unknown";
    return body;
  }
  const core::Result& result = outcome.applied.result;
  // A refused submission was never journaled: refused is never a success.
  const bool rejected = !result.ok() || outcome.status == journal::AckStatus::kRefused;
  body["outcome"] = rejected ? "rejected" : "applied";
  body["seq"] = outcome.applied.repeat ? outcome.applied.original_seq : outcome.applied.seq;
  body["repeat"] = outcome.applied.repeat;
  if (rejected) {
    const core::Reason reason = result.ok() ? core::Reason::kNone : result.reason;
    body["reason"] = std::string(core::iso_code(reason));
    body["reason_text"] = std::string(core::reason_text(reason));
    body["error"] = fmt::format("{} rejected: {} {}", command, core::iso_code(reason),
                                core::reason_text(reason));
  }
  return body;
}

unsigned outcome_status(const journal::Engine::Outcome& outcome) {
  if (outcome.status == journal::AckStatus::kFailed) return 503;
  if (outcome.status == journal::AckStatus::kRefused || !outcome.applied.result.ok()) return 422;
  return 200;
}

OperatorEndpoint::OperatorEndpoint(const ServiceConfig& config, journal::Engine& engine,
                                   JsonLog& log)
    : config_(config), engine_(engine), log_(log), worker_(kOperatorJobsMax) {}

void OperatorEndpoint::register_routes(Router& router) {
  add(router, "GET", "/v1/admin/participants", &OperatorEndpoint::list_participants);
  add(router, "POST", "/v1/admin/participants", &OperatorEndpoint::add_participant);
  for (const char* action : {"suspend", "reactivate", "close"}) {
    add(router, "POST", fmt::format("/v1/admin/participants/{{bic}}/{}", action).c_str(),
        &OperatorEndpoint::change_participant_status);
  }
  add(router, "POST", "/v1/admin/credit-lines", &OperatorEndpoint::set_credit_line);
  add(router, "POST", "/v1/admin/limits/bilateral", &OperatorEndpoint::set_bilateral_limit);
  add(router, "POST", "/v1/admin/limits/multilateral", &OperatorEndpoint::set_multilateral_limit);
  add(router, "POST", "/v1/admin/reservations", &OperatorEndpoint::reserve_liquidity);
  add(router, "POST", "/v1/admin/liquidity-transfers", &OperatorEndpoint::transfer_liquidity);
  add(router, "POST", "/v1/admin/gridlock", &OperatorEndpoint::run_gridlock_resolution);
  add(router, "GET", "/v1/admin/queues", &OperatorEndpoint::list_queues);
  add(router, "GET", "/v1/admin/day", &OperatorEndpoint::show_day);
  add(router, "POST", "/v1/admin/day/close", &OperatorEndpoint::close_day);
  add(router, "POST", "/v1/admin/day/cutoff", &OperatorEndpoint::set_day_phase);
  add(router, "POST", "/v1/admin/day/open", &OperatorEndpoint::set_day_phase);
  add(router, "GET", "/v1/admin/reports/eod", &OperatorEndpoint::last_eod_report);
  add(router, "POST", "/v1/admin/fx/quotes", &OperatorEndpoint::publish_fx_quote);
  add(router, "GET", "/v1/admin/fx/quotes/{id}", &OperatorEndpoint::show_fx_quote);
  add(router, "POST", "/v1/admin/fx/quotes/{id}/withdraw", &OperatorEndpoint::withdraw_fx_quote);
  add(router, "POST", "/v1/admin/ratings", &OperatorEndpoint::set_rating);
  add(router, "POST", "/v1/admin/haircuts", &OperatorEndpoint::set_haircut);
  add(router, "POST", "/v1/admin/collateral", &OperatorEndpoint::pledge_collateral);
  add(router, "GET", "/v1/admin/participants/{bic}/credit", &OperatorEndpoint::show_credit);
  add(router, "POST", "/v1/admin/dns/caps", &OperatorEndpoint::set_net_debit_cap);
  add(router, "GET", "/v1/admin/dns/{currency}", &OperatorEndpoint::show_dns_cycle);
  add(router, "POST", "/v1/admin/dns/{currency}/settle", &OperatorEndpoint::settle_dns_cycle);
  add(router, "GET", "/v1/admin/dns/{currency}/report", &OperatorEndpoint::last_dns_report);
  add(router, "GET", "/v1/admin/reserve-pool", &OperatorEndpoint::show_reserve_pool);
  add(router, "POST", "/v1/admin/reserve-pool/members", &OperatorEndpoint::join_reserve_pool);
  add(router, "POST", "/v1/admin/swaps", &OperatorEndpoint::draw_swap);
  add(router, "POST", "/v1/admin/swaps/{id}/repay", &OperatorEndpoint::repay_swap);
}

void OperatorEndpoint::add(Router& router, const char* method, const char* path, Handler handler) {
  router.add(method, path,
             [this, handler](const HttpRequest& request, std::shared_ptr<Responder> responder) {
               if (!authorize(request, responder)) return;
               auto job = [this, handler, request, responder] {
                 run(handler, request, *responder);
               };
               if (!worker_.post(std::move(job))) {
                 HttpResponse busy = json_error(503, "too many operator requests waiting, retry");
                 busy.headers.emplace_back("Retry-After", "1");
                 responder->respond(std::move(busy));
               }
             });
}

bool OperatorEndpoint::authorize(const HttpRequest& request,
                                 const std::shared_ptr<Responder>& responder) {
  const PeerIdentity& peer = request.peer.identity;
  if (peer.ok() && peer.role == PeerRole::kOperator) return true;
  const std::string reason =
      peer.ok() ? fmt::format("a {} certificate may not use the operator API; only the operator's",
                              to_string(peer.role))
                : "client certificate not usable: " + peer.error;
  log_.write("refused", {{"status", 403},
                         {"remote", request.remote},
                         {"peer_role", to_string(peer.role)},
                         {"peer_bic", peer.bic.to_string()},
                         {"certificate_sha256", request.peer.certificate_sha256},
                         {"reason", reason}});
  responder->respond(json_error(403, reason));
  return false;
}

void OperatorEndpoint::run(Handler handler, const HttpRequest& request, Responder& responder) {
  HttpResponse response;
  try {
    response = (this->*handler)(request);
  } catch (const BadRequest& e) {
    response = json_error(400, e.what());
  } catch (const std::exception& e) {
    response = json_error(500, e.what());
  }
  // Every change, and every refusal, leaves a line: the operator's audit trail.
  if (request.method != "GET" || response.status >= 300) {
    nlohmann::json fields = {{"method", request.method},
                             {"path", path_of(request.target)},
                             {"status", response.status},
                             {"remote", request.remote},
                             {"peer_bic", request.peer.identity.bic.to_string()},
                             {"certificate_sha256", request.peer.certificate_sha256}};
    if (response.status >= 300) {
      const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
      if (body.is_object() && body.contains("error")) fields["error"] = body["error"];
    }
    log_.write("admin", std::move(fields));
  }
  responder.respond(std::move(response));
}

journal::Engine::Outcome OperatorEndpoint::submit(core::CommandBody body,
                                                  const std::string& message_id) {
  journal::Submission submission{config_.service.system_bic, core::InstructionId(),
                                 core::Command{0, std::move(body)}};
  // request_id is at most 30 bytes plus ":n" (operator_json.h): it always fits.
  if (!submission.message_id.assign(message_id)) {
    throw BadRequest(fmt::format("request id \"{}\" is too long", message_id));
  }
  return engine_.submit_and_wait(std::move(submission));
}

bool OperatorEndpoint::engine_usable(HttpResponse* refusal) const {
  if (!engine_.failed()) return true;
  *refusal = json_error(503, "journal failure: the service must be restarted");
  return false;
}

std::string OperatorEndpoint::unknown_outcome_error() const {
  return engine_.failed() ? "journal failure, outcome unknown, resubmit"
                          : "the service is stopping, outcome unknown, resubmit";
}

HttpResponse OperatorEndpoint::command_answer(const char* command,
                                              const journal::Engine::Outcome& outcome,
                                              nlohmann::json extra) const {
  nlohmann::json body = outcome_json(command, outcome);
  const unsigned status = outcome_status(outcome);
  if (status == 503) body["error"] = unknown_outcome_error();
  for (auto& [key, value] : extra.items()) body[key] = value;
  return json_answer(status, body);
}

HttpResponse OperatorEndpoint::list_participants(const HttpRequest&) {
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  nlohmann::json view;
  engine_.inspect(
      [&](const journal::Machine& machine) { view = participants_view(machine.core()); });
  return json_answer(200, view);
}

HttpResponse OperatorEndpoint::list_queues(const HttpRequest&) {
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  nlohmann::json view;
  engine_.inspect([&](const journal::Machine& machine) { view = queues_view(machine.core()); });
  return json_answer(200, view);
}

HttpResponse OperatorEndpoint::show_day(const HttpRequest&) {
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  nlohmann::json view;
  engine_.inspect([&](const journal::Machine& machine) { view = day_view(machine.core()); });
  return json_answer(200, view);
}

HttpResponse OperatorEndpoint::last_eod_report(const HttpRequest&) {
  HttpResponse refusal;
  if (!engine_usable(&refusal)) return refusal;
  nlohmann::json view;
  engine_.inspect([&](const journal::Machine& machine) {
    const core::EodReport& report = machine.core().last_eod_report();
    if (report.closed_value_date != 0) view = eod_report_view(machine.core(), report);
  });
  if (view.is_null()) {
    return json_error(404,
                      "no end-of-day report: no business day was closed since the journal's last "
                      "snapshot (the report is output of its command, not state)");
  }
  return json_answer(200, view);
}

}  // namespace corridor::gateway
