// Requests to handlers by method and path: 404 for an unknown path, 405 (with
// Allow) for a known path asked with another method.
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
  // `path` is matched exactly, without the query string.
  void add(std::string method, std::string path, Route route);
  void dispatch(const HttpRequest& request, std::shared_ptr<Responder> responder) const;

 private:
  struct Entry {
    std::string method;
    std::string path;
    Route route;
  };
  std::vector<Entry> routes_;
};

}  // namespace corridor::gateway
