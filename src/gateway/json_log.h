// Structured log lines: one JSON object a line ({"ts":..., "event":..., ...}),
// so that operators can grep and machines can parse what the service did.
#pragma once

#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace corridor::gateway {

class JsonLog {
 public:
  using Sink = std::function<void(const std::string& line)>;  // the line without '\n'
  // An empty sink writes to stderr.
  explicit JsonLog(Sink sink = {});
  // Thread-safe: lines from several threads never interleave.
  void write(std::string_view event, nlohmann::json fields = nlohmann::json::object());

 private:
  Sink sink_;
  std::mutex mutex_;
};

}  // namespace corridor::gateway
