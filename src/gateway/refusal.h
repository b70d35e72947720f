// Every refusal the service answers (any status but 200 for a request it
// read) is logged the same way: who was refused, for what and why.
#pragma once

#include <memory>
#include <string>

#include "gateway/http_server.h"
#include "gateway/json_log.h"

namespace corridor::gateway {

// Logs a "refused" line (status, remote address, target, certificate role,
// BIC and fingerprint, reason), then answers `response`.
void refuse_logged(JsonLog& log, const HttpRequest& request, HttpResponse response,
                   const std::string& reason, const std::shared_ptr<Responder>& responder);

}  // namespace corridor::gateway
