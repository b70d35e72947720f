// The shapes of the service's answers: JSON errors and XML documents.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "gateway/http_server.h"

namespace corridor::gateway {

inline HttpResponse json_answer(unsigned status, const nlohmann::json& body) {
  return HttpResponse{status,
                      "application/json",
                      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                      {}};
}

// {"error": "..."}: every transport-level refusal (4xx/5xx) carries one.
inline HttpResponse json_error(unsigned status, std::string_view error) {
  return json_answer(status, nlohmann::json{{"error", std::string(error)}});
}

inline HttpResponse xml_answer(unsigned status, std::string body) {
  return HttpResponse{status, "application/xml", std::move(body), {}};
}

}  // namespace corridor::gateway
