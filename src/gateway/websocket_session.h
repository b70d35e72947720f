// A WebSocket connection over the TLS stream of an upgraded HTTPS request
// (http_server.h's WebSocketChannel). The session owns itself while the
// connection is open; its handler holds it weakly.
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <functional>

#include "gateway/http_server.h"

namespace corridor::gateway {

// Accepts the upgrade (the handshake answer), then runs accept.on_open with
// the channel. `on_destroyed` runs when the session is gone; `stopped` says
// whether the server is stopping (no new reads then).
void start_websocket_session(boost::beast::ssl_stream<boost::beast::tcp_stream> stream,
                             boost::beast::http::request<boost::beast::http::string_body> upgrade,
                             WebSocketAccept accept, std::function<void()> on_destroyed,
                             std::function<bool()> stopped);

}  // namespace corridor::gateway
