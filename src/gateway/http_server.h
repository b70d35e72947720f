// The HTTPS front door: Boost.Beast over OpenSSL with mutual TLS.
//
// Every connection must present a client certificate signed by the configured
// CA (refused at the handshake otherwise). The server reads one request at a
// time per connection (keep-alive), within a byte limit and a time limit, and
// hands it with the peer certificate's subject to the Handler. The handler
// answers through `respond`, from any thread and at any later time: the I/O
// threads never wait for settlement, and never touch core state themselves.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gateway/pki.h"

namespace corridor::gateway {

struct TlsFiles {
  std::string ca_certificate_pem;  // verifies client certificates
  std::string certificate_pem;     // the server's own certificate (chain)
  std::string private_key_pem;
  bool tls13_only = false;  // else TLS 1.2 is the minimum and 1.3 preferred
};

struct HttpLimits {
  uint64_t header_bytes_max = 16 * 1024;
  uint64_t body_bytes_max = 4 * 1024 * 1024;
  // From the moment the server waits for a request (also between requests on a
  // kept-alive connection) until its header is complete: idle and slow clients
  // cannot hold a connection.
  uint32_t header_timeout_ms = 10'000;
  uint32_t body_timeout_ms = 30'000;  // from the end of the header to the end of the body
  uint32_t handshake_timeout_ms = 10'000;
  uint32_t write_timeout_ms = 30'000;
  uint32_t connections_max = 1024;  // more are accepted and closed at once
};

struct ServerOptions {
  std::string listen_address = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port (tests); HttpServer::port() tells which
  uint32_t io_threads = 1;
  TlsFiles tls;
  HttpLimits limits;
};

// Who the verified client certificate says the peer is (pki.h's convention:
// role in OU, BIC in CN), and which certificate it was.
struct PeerSubject {
  PeerIdentity identity;           // not ok() when the subject breaks the convention
  std::string certificate_sha256;  // hex fingerprint of the DER certificate
};

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, as sent
  std::string content_type;
  std::string body;
  PeerSubject peer;
  std::string remote;  // address:port
};

struct HttpResponse {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Answers one request. Must be called exactly once; if the handler drops it
// unanswered, the client gets a 500 (so a bug cannot hang a connection).
class Responder {
 public:
  virtual ~Responder() = default;
  virtual void respond(HttpResponse response) = 0;
  // Answers with what `make` returns, calling it on an I/O thread: for an
  // answer decided elsewhere (the engine's apply thread) but costly to build,
  // so the thread that decided it can go on. Counts as the one answer.
  virtual void respond_with(std::function<HttpResponse()> make) { respond(make()); }
};
using Handler = std::function<void(HttpRequest request, std::shared_ptr<Responder> responder)>;

// A WebSocket connection the server accepted (an upgraded request), for a
// handler to push text frames to. Every member is thread-safe; callbacks run
// on the connection's own strand, one at a time.
class WebSocketChannel {
 public:
  virtual ~WebSocketChannel() = default;
  // Queues a text frame; frames are written in the order sent. `written` (may
  // be empty) runs once it is written, with false if the connection failed or
  // closed first.
  virtual void send(std::string text, std::function<void(bool ok)> written) = 0;
  // Runs `fn` on the connection's strand.
  virtual void post(std::function<void()> fn) = 0;
  // A normal close (status 1000) with a reason, after the frames queued so far.
  virtual void close(std::string reason) = 0;
};

// What to do with an upgrade request (read from the I/O thread, quickly).
struct WebSocketAccept {
  std::optional<HttpResponse> refusal;  // set: answered with this instead of upgraded
  // The channel is held weakly by whoever keeps it (the connection owns itself
  // while open): a closed connection is never kept alive by its handler.
  std::function<void(std::shared_ptr<WebSocketChannel>)> on_open;
  std::function<void(const std::string& text)> on_message;  // a text frame from the client
  std::function<void()> on_closed;                          // once, however it ended
};
// Called for every request with `Upgrade: websocket`; absent: such requests
// go to the Handler like any other.
using WebSocketHandler = std::function<WebSocketAccept(const HttpRequest& request)>;

struct ServerStats {
  uint64_t connections_accepted = 0;
  uint64_t connections_refused = 0;  // over connections_max
  uint64_t handshakes_failed = 0;    // no certificate, wrong CA, not TLS
  uint64_t requests = 0;
  uint64_t requests_too_large = 0;  // 413 / 431
  uint64_t timeouts = 0;
  uint64_t connections_open = 0;
};

class HttpServer {
 public:
  // Loads the TLS files; throws std::runtime_error naming the file on failure.
  HttpServer(ServerOptions options, Handler handler, WebSocketHandler websocket_handler = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the I/O threads; throws std::runtime_error if the address
  // cannot be bound.
  void start();
  uint16_t port() const;
  // Stops accepting, lets requests being handled finish (their responses are
  // written) for up to drain_timeout_ms, then closes every connection and joins
  // the I/O threads. Idempotent.
  void stop(uint32_t drain_timeout_ms = 5'000);
  ServerStats stats() const;

  struct State;  // the implementation's (http_server.cc)

 private:
  std::shared_ptr<State> state_;
};

}  // namespace corridor::gateway
