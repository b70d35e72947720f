// Requests to handlers by method and path: 404 for an unknown path, 405 (with
// Allow) for a known path asked with another method. A gate (the rate limit)
// runs before every route added with RateLimited::kYes, before the route
// parses anything.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gateway/http_server.h"

namespace corridor::gateway {

class Router {
 public:
  using Route = std::function<void(const HttpRequest&, std::shared_ptr<Responder>)>;
  // Returns false after answering the request itself (a refusal): the route is not run.
  using Gate = std::function<bool(const HttpRequest&, const std::shared_ptr<Responder>&)>;
  enum class RateLimited : bool { kNo = false, kYes = true };
  // `path` is matched exactly, without the query string.
  void add(std::string method, std::string path, Route route,
           RateLimited limited = RateLimited::kYes);
  void set_gate(Gate gate) { gate_ = std::move(gate); }
  void dispatch(const HttpRequest& request, std::shared_ptr<Responder> responder) const;

 private:
  struct Entry {
    std::string method;
    std::string path;
    Route route;
    RateLimited limited;
  };
  std::vector<Entry> routes_;
  Gate gate_;
};

}  // namespace corridor::gateway
