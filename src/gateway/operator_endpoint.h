// The operator API: JSON routes under /v1/admin/ for the holder of the
// operator certificate (docs/api.md, "Operator API"). Participants and
// accounts, credit lines, limits, reservations, liquidity transfers, suspend,
// reactivate and close, gridlock resolution, queues, the business day and its
// end-of-day report.
//
// Who asks is checked on the I/O thread (anyone but the operator: 403,
// logged); the request then runs on the operator's own thread
// (operator_worker.h). Each change is one journal submission per core
// command, from the system BIC, keyed by the request's optional request_id
// for exactly-once; reads run on the engine's apply thread (Engine::inspect).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/command.h"
#include "gateway/http_server.h"
#include "gateway/json_log.h"
#include "gateway/operator_worker.h"
#include "gateway/router.h"
#include "gateway/service_config.h"
#include "journal/engine.h"

namespace corridor::gateway {

class OperatorEndpoint {
 public:
  OperatorEndpoint(const ServiceConfig& config, journal::Engine& engine, JsonLog& log);
  // Adds every /v1/admin/ route to `router` (rate limited: the operator's bucket).
  void register_routes(Router& router);

 private:
  using Handler = HttpResponse (OperatorEndpoint::*)(const HttpRequest&);
  void add(Router& router, const char* method, const char* path, Handler handler);
  // On the I/O thread: false after answering 403 (logged) to anyone but the operator.
  bool authorize(const HttpRequest& request, const std::shared_ptr<Responder>& responder);
  // On the operator thread: runs the handler, maps BadRequest to 400, logs, answers.
  void run(Handler handler, const HttpRequest& request, Responder& responder);

  // One core command, journaled from the system BIC under `message_id` (may be empty).
  journal::Engine::Outcome submit(core::CommandBody body, const std::string& message_id);
  // 503 unless the engine can still be asked.
  bool engine_usable(HttpResponse* refusal) const;
  // The error of a 503 whose outcome is unknown: the journal failed, or the service is stopping.
  std::string unknown_outcome_error() const;

  // Reads (operator_endpoint.cc)
  HttpResponse list_participants(const HttpRequest& request);
  HttpResponse list_queues(const HttpRequest& request);
  HttpResponse show_day(const HttpRequest& request);
  HttpResponse last_eod_report(const HttpRequest& request);
  // Changes (operator_commands.cc)
  HttpResponse add_participant(const HttpRequest& request);
  HttpResponse change_participant_status(const HttpRequest& request);
  HttpResponse set_credit_line(const HttpRequest& request);
  HttpResponse set_bilateral_limit(const HttpRequest& request);
  HttpResponse set_multilateral_limit(const HttpRequest& request);
  HttpResponse reserve_liquidity(const HttpRequest& request);
  HttpResponse transfer_liquidity(const HttpRequest& request);
  HttpResponse run_gridlock_resolution(const HttpRequest& request);
  HttpResponse close_day(const HttpRequest& request);
  // POST /v1/admin/day/cutoff and /v1/admin/day/open (rule 10's entry window).
  HttpResponse set_day_phase(const HttpRequest& request);
  // FX quotes (operator_fx.cc)
  HttpResponse publish_fx_quote(const HttpRequest& request);
  HttpResponse withdraw_fx_quote(const HttpRequest& request);
  HttpResponse show_fx_quote(const HttpRequest& request);
  // Ratings, haircuts and collateral (operator_credit.cc, rule 16)
  HttpResponse set_rating(const HttpRequest& request);
  HttpResponse set_haircut(const HttpRequest& request);
  HttpResponse pledge_collateral(const HttpRequest& request);
  HttpResponse show_credit(const HttpRequest& request);
  // Deferred net settlement (operator_dns.cc)
  HttpResponse set_net_debit_cap(const HttpRequest& request);
  HttpResponse settle_dns_cycle(const HttpRequest& request);
  HttpResponse show_dns_cycle(const HttpRequest& request);
  HttpResponse last_dns_report(const HttpRequest& request);
  // The central-bank reserve arrangement (operator_reserve_pool.cc)
  HttpResponse join_reserve_pool(const HttpRequest& request);
  HttpResponse draw_swap(const HttpRequest& request);
  HttpResponse repay_swap(const HttpRequest& request);
  HttpResponse show_reserve_pool(const HttpRequest& request);
  // The answer to one command: 200 applied, 422 rejected (with the core's
  // reason), 503 when the journal failed or the service is stopping.
  HttpResponse command_answer(const char* command, const journal::Engine::Outcome& outcome,
                              nlohmann::json extra = nlohmann::json::object()) const;

  const ServiceConfig& config_;
  journal::Engine& engine_;
  JsonLog& log_;
  // Last: destroyed first, so that its queued requests still find the rest.
  OperatorWorker worker_;
};

// The body of one command's outcome: {"command", "outcome", "seq", "repeat"}
// plus "reason", "reason_text" and "error" when rejected.
nlohmann::json outcome_json(const char* command, const journal::Engine::Outcome& outcome);
// The HTTP status of an outcome: 200, 422 or 503.
unsigned outcome_status(const journal::Engine::Outcome& outcome);

}  // namespace corridor::gateway
