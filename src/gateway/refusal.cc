#include "gateway/refusal.h"

namespace corridor::gateway {

void refuse_logged(JsonLog& log, const HttpRequest& request, HttpResponse response,
                   const std::string& reason, const std::shared_ptr<Responder>& responder) {
  log.write("refused", {{"status", response.status},
                        {"remote", request.remote},
                        {"target", request.target},
                        {"peer_role", to_string(request.peer.identity.role)},
                        {"peer_bic", request.peer.identity.bic.to_string()},
                        {"certificate_sha256", request.peer.certificate_sha256},
                        {"reason", reason}});
  responder->respond(std::move(response));
}

}  // namespace corridor::gateway
