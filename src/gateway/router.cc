#include "gateway/router.h"

#include <fmt/format.h>

#include "gateway/http_answers.h"

namespace corridor::gateway {

void Router::add(std::string method, std::string path, Route route, RateLimited limited) {
  routes_.push_back(Entry{std::move(method), std::move(path), std::move(route), limited});
}

void Router::dispatch(const HttpRequest& request, std::shared_ptr<Responder> responder) const {
  const std::string path = request.target.substr(0, request.target.find('?'));
  std::string allowed;  // methods this path answers, for 405's Allow header
  for (const Entry& entry : routes_) {
    if (entry.path != path) continue;
    if (entry.method == request.method) {
      if (entry.limited == RateLimited::kYes && gate_ && !gate_(request, responder)) return;
      entry.route(request, std::move(responder));
      return;
    }
    allowed += allowed.empty() ? entry.method : ", " + entry.method;
  }
  if (allowed.empty()) {
    responder->respond(json_error(404, fmt::format("no such path: {}", path)));
    return;
  }
  HttpResponse response = json_error(
      405, fmt::format("{} is not allowed on {}; use {}", request.method, path, allowed));
  response.headers.emplace_back("Allow", allowed);
  responder->respond(std::move(response));
}

}  // namespace corridor::gateway
