// Requests to handlers by method and path: 404 for an unknown path, 405 (with
// Allow) for a known path asked with another method. A gate (the rate limit)
// runs before every route added with RateLimited::kYes, before the route
// parses anything.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/http_server.h"

namespace corridor::gateway {

class Router {
 public:
  using Route = std::function<void(const HttpRequest&, std::shared_ptr<Responder>)>;
  // Returns false after answering the request itself (a refusal): the route is not run.
  using Gate = std::function<bool(const HttpRequest&, const std::shared_ptr<Responder>&)>;
  enum class RateLimited : bool { kNo = false, kYes = true };
  // `path` is matched without the query string, segment by segment; a segment
  // written "{name}" matches any one non-empty segment (read it with
  // path_segment()): "/v1/payments/{uetr}".
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

// The path of a request target, without the query string.
std::string path_of(const std::string& target);
// Segment `index` of the target's path, percent-decoded ("/v1/payments/abc": 0
// "v1", 1 "payments", 2 "abc"); "" when there is no such segment.
std::string path_segment(const std::string& target, size_t index);
// The value of query parameter `name`, percent-decoded (and '+' as a space);
// nullopt when absent. "?a=1&b" gives b = "".
std::optional<std::string> query_param(const std::string& target, std::string_view name);

}  // namespace corridor::gateway
