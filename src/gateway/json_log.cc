#include "gateway/json_log.h"

#include <fmt/format.h>

#include <cstdio>
#include <ctime>

namespace corridor::gateway {
namespace {

// "2026-11-27T13:05:01.123Z": UTC with milliseconds.
std::string utc_now_text() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  tm parts{};
  gmtime_r(&now.tv_sec, &parts);
  char date[32];
  strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &parts);
  return fmt::format("{}.{:03d}Z", date, static_cast<int>(now.tv_nsec / 1'000'000));
}

}  // namespace

JsonLog::JsonLog(Sink sink) : sink_(std::move(sink)) {}

void JsonLog::write(std::string_view event, nlohmann::json fields) {
  // Ordered, so that every line starts with its time and event.
  nlohmann::ordered_json line = nlohmann::ordered_json::object();
  line["ts"] = utc_now_text();
  line["event"] = std::string(event);
  for (auto& [key, value] : fields.items()) line[key] = value;
  // Replace invalid UTF-8 rather than throw: a log line must never take the service down.
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::lock_guard<std::mutex> lock(mutex_);
  if (sink_) {
    sink_(text);
  } else {
    std::fputs((text + "\n").c_str(), stderr);
  }
}

}  // namespace corridor::gateway
