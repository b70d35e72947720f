#include "gateway/http_server.h"

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "gateway/websocket_session.h"

namespace corridor::gateway {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

std::string hex(const unsigned char* bytes, unsigned length) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned i = 0; i < length; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 15]);
  }
  return out;
}

PeerSubject peer_subject(SSL* ssl) {
  PeerSubject subject;
  X509* certificate = SSL_get1_peer_certificate(ssl);
  if (certificate == nullptr) return subject;
  subject.identity = identity_of(certificate);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  if (X509_digest(certificate, EVP_sha256(), digest, &length) == 1) {
    subject.certificate_sha256 = hex(digest, length);
  }
  X509_free(certificate);
  return subject;
}

void configure_tls(ssl::context& context, const TlsFiles& files) {
  context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                      ssl::context::single_dh_use);
  SSL_CTX* native = context.native_handle();
  SSL_CTX_set_min_proto_version(native, files.tls13_only ? TLS1_3_VERSION : TLS1_2_VERSION);
  // TLS 1.2: forward secrecy and AEAD only (TLS 1.3 suites are all of that).
  SSL_CTX_set_cipher_list(native,
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:"
                          "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305");
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  auto load = [](const std::string& what, const std::string& file, auto&& call) {
    boost::system::error_code ec;
    call(ec);
    if (ec)
      throw std::runtime_error("TLS: cannot load the " + what + " " + file + ": " + ec.message());
  };
  load("certificate", files.certificate_pem,
       [&](auto& ec) { context.use_certificate_chain_file(files.certificate_pem, ec); });
  load("private key", files.private_key_pem, [&](auto& ec) {
    context.use_private_key_file(files.private_key_pem, ssl::context::pem, ec);
  });
  load("CA certificate", files.ca_certificate_pem,
       [&](auto& ec) { context.load_verify_file(files.ca_certificate_pem, ec); });
  context.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
}

}  // namespace

// Owns the io_context; sessions live in its handlers (or in a Responder, which
// keeps the State alive), so they refer to the State by plain pointer.
struct HttpServer::State {
  ServerOptions options;
  Handler handler;
  WebSocketHandler websocket_handler;
  ssl::context tls{ssl::context::tls_server};
  std::vector<std::thread> threads;
  std::atomic<bool> accepting{false};
  std::atomic<bool> stopped{false};
  uint16_t bound_port = 0;

  // Requests handed to the handler whose response is not written yet.
  std::mutex drain_mutex;
  std::condition_variable drained;
  uint64_t in_flight = 0;

  std::atomic<uint64_t> connections_accepted{0}, connections_refused{0}, handshakes_failed{0},
      requests{0}, requests_too_large{0}, timeouts{0}, connections_open{0};

  // Last, and reset first by the destructor: destroying the io_context
  // destroys the sessions held by its handlers, which still use the members above.
  std::optional<net::io_context> io{std::in_place};
  std::optional<tcp::acceptor> acceptor{std::in_place, *io};
  // Keeps the I/O threads running while handlers hold requests and nothing
  // else is pending (after stop() closed the acceptor, answers still come).
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work{std::in_place,
                                                                               io->get_executor()};

  ~State() {
    work.reset();
    acceptor.reset();
    io.reset();
  }

  void begin_request() {
    std::lock_guard lock(drain_mutex);
    ++in_flight;
  }
  void end_request() {
    std::lock_guard lock(drain_mutex);
    if (--in_flight == 0) drained.notify_all();
  }
  void do_accept();
  std::weak_ptr<State> weak_self;  // set by HttpServer, handed to sessions
};

namespace {

// A TLS record's plaintext (16 KiB) and a request header's worth more.
constexpr size_t kReadBufferBytes = 16 * 1024 + 512;

class Session;

// Holds the session until the handler answers; answers 500 if it never does.
// It also keeps the server's State (and io_context) alive, so an answer that
// comes after stop() is dropped safely rather than touching freed memory.
class SessionResponder final : public Responder {
 public:
  SessionResponder(std::shared_ptr<HttpServer::State> state, std::shared_ptr<Session> session)
      : state_(std::move(state)), session_(std::move(session)) {}
  ~SessionResponder() override;
  void respond(HttpResponse response) override;
  void respond_with(std::function<HttpResponse()> make) override;

 private:
  std::shared_ptr<HttpServer::State> state_;  // declared first: outlives session_
  std::shared_ptr<Session> session_;
  std::atomic<bool> answered_{false};
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::State* state, std::weak_ptr<HttpServer::State> owner)
      : stream_(std::move(socket), state->tls), state_(state), owner_(std::move(owner)) {
    ++state_->connections_open;
  }
  ~Session() { --state_->connections_open; }

  void run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->handshake(); });
  }

  // From any thread: the handler's answer, built on this session's strand.
  void answer_with(std::function<HttpResponse()> make) {
    net::post(stream_.get_executor(), [self = shared_from_this(), make = std::move(make)] {
      HttpResponse response;
      try {
        response = make();
      } catch (const std::exception&) {
        response = HttpResponse{500, "application/json", R"({"error":"internal error"})", {}};
      }
      self->write(std::move(response), /*counted=*/true);
    });
  }

  // From any thread: the handler's answer.
  void answer(HttpResponse response) {
    net::post(stream_.get_executor(),
              [self = shared_from_this(), r = std::move(response)]() mutable {
                self->write(std::move(r), /*counted=*/true);
              });
  }

 private:
  const HttpLimits& limits() const { return state_->options.limits; }
  void expire_in(uint32_t ms) {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::milliseconds(ms));
  }

  void handshake() {
    expire_in(limits().handshake_timeout_ms);
    stream_.async_handshake(
        ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
          if (ec) {
            ++self->state_->handshakes_failed;
            return;  // the socket closes with the session
          }
          self->peer_ = peer_subject(self->stream_.native_handle());
          const auto endpoint = beast::get_lowest_layer(self->stream_).socket().remote_endpoint(ec);
          if (!ec) {
            self->remote_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
          }
          self->read_header();
        });
  }

  void read_header() {
    if (state_->stopped) return close();
    // Beast reads no more than the buffer's free capacity (at least 512
    // bytes): a fresh buffer would take a 64 KB body 512 bytes at a time, an
    // SSL_read and a pass through the async machinery each. A TLS record
    // holds at most 16 KiB: room for one is what one read can give.
    if (buffer_.capacity() < kReadBufferBytes) buffer_.reserve(kReadBufferBytes);
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(limits().header_bytes_max));
    parser_->body_limit(limits().body_bytes_max);
    expire_in(limits().header_timeout_ms);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec == http::error::header_limit) return refuse(431, "request header too large");
    // A Content-Length over the limit is known with the header.
    if (ec == http::error::body_limit) return refuse(413, "request body too large");
    if (ec == beast::error::timeout) ++state_->timeouts;
    if (ec) return close();
    expire_in(limits().body_timeout_ms);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec2, size_t) { self->on_body(ec2); });
  }

  void on_body(beast::error_code ec) {
    if (ec == http::error::body_limit) return refuse(413, "request body too large");
    if (ec == beast::error::timeout) ++state_->timeouts;
    if (ec) return close();
    ++state_->requests;
    http::request<http::string_body> message = parser_->release();
    keep_alive_ = message.keep_alive();
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.content_type = std::string(message[http::field::content_type]);
    request.body = std::move(message.body());
    request.peer = peer_;
    request.remote = remote_;
    if (state_->websocket_handler && beast::websocket::is_upgrade(message)) {
      return upgrade(std::move(message), request);
    }
    // No deadline while the handler works: the request is in the system now.
    beast::get_lowest_layer(stream_).expires_never();
    state_->begin_request();
    std::shared_ptr<HttpServer::State> owner = owner_.lock();
    if (!owner) return close();
    auto responder = std::make_shared<SessionResponder>(std::move(owner), shared_from_this());
    try {
      state_->handler(std::move(request), responder);
    } catch (const std::exception& e) {
      // A handler bug must not take the I/O thread down: the client gets a 500.
      HttpResponse response;
      response.status = 500;
      response.body = R"({"error":"internal error"})";
      responder->respond(std::move(response));
    }
  }

  // The connection becomes a WebSocket (websocket_session.h), or is answered
  // and closed when the handler refuses.
  void upgrade(http::request<http::string_body> message, const HttpRequest& request) {
    WebSocketAccept accept;
    try {
      accept = state_->websocket_handler(request);
    } catch (const std::exception&) {
      accept.refusal = HttpResponse{500, "application/json", R"({"error":"internal error"})", {}};
    }
    if (accept.refusal) {
      keep_alive_ = false;
      return write(std::move(*accept.refusal), /*counted=*/false);
    }
    ++state_->connections_open;  // the WebSocket session's; this session's ends now
    // The session is destroyed with the io_context at the latest, while State lives.
    start_websocket_session(
        std::move(stream_), std::move(message), std::move(accept),
        [state = state_] { --state->connections_open; },
        [state = state_] { return state->stopped.load(); });
  }

  void refuse(unsigned status, std::string text) {
    ++state_->requests_too_large;
    keep_alive_ = false;  // the rest of the request is not read
    HttpResponse response;
    response.status = status;
    response.body = R"({"error":")" + text + R"("})";
    write(std::move(response), /*counted=*/false);
  }

  void write(HttpResponse response, bool counted) {
    auto message = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(response.status), 11);
    message->set(http::field::server, "corridor");
    message->set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) message->set(name, value);
    message->body() = std::move(response.body);
    const bool keep = keep_alive_ && !state_->stopped;
    message->keep_alive(keep);
    message->prepare_payload();
    expire_in(limits().write_timeout_ms);
    http::async_write(
        stream_, *message,
        [self = shared_from_this(), message, counted, keep](beast::error_code ec, size_t) {
          if (counted) self->state_->end_request();
          if (ec || !keep) return self->close();
          self->read_header();
        });
  }

  void close() {
    if (closing_) return;
    closing_ = true;
    expire_in(1'000);
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
      beast::error_code ignored;
      beast::get_lowest_layer(self->stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    });
  }

  beast::ssl_stream<beast::tcp_stream> stream_;
  HttpServer::State* state_;
  std::weak_ptr<HttpServer::State> owner_;  // for responders
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  PeerSubject peer_;
  std::string remote_;
  bool keep_alive_ = true;
  bool closing_ = false;
};

SessionResponder::~SessionResponder() {
  if (!answered_) {
    HttpResponse response;
    response.status = 500;
    response.body = R"({"error":"internal error: the request was not answered"})";
    session_->answer(std::move(response));
  }
}

void SessionResponder::respond(HttpResponse response) {
  if (answered_.exchange(true)) return;  // only the first answer counts
  session_->answer(std::move(response));
}

void SessionResponder::respond_with(std::function<HttpResponse()> make) {
  if (answered_.exchange(true)) return;
  session_->answer_with(std::move(make));
}

}  // namespace

void HttpServer::State::do_accept() {
  acceptor->async_accept(
      net::make_strand(*io), [self = this](beast::error_code ec, tcp::socket socket) {
        if (!self->accepting) return;
        if (!ec) {
          if (self->connections_open >= self->options.limits.connections_max) {
            ++self->connections_refused;
            beast::error_code ignored;
            socket.close(ignored);
          } else {
            ++self->connections_accepted;
            // Answers are written whole: without this, Nagle's algorithm and
            // the peer's delayed ACK hold a multi-segment answer for ~40 ms.
            beast::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            std::make_shared<Session>(std::move(socket), self, self->weak_self)->run();
          }
        }
        self->do_accept();
      });
}

HttpServer::HttpServer(ServerOptions options, Handler handler, WebSocketHandler websocket_handler)
    : state_(std::make_shared<State>()) {
  state_->weak_self = state_;
  state_->options = std::move(options);
  state_->handler = std::move(handler);
  state_->websocket_handler = std::move(websocket_handler);
  configure_tls(state_->tls, state_->options.tls);
}

HttpServer::~HttpServer() {
  stop(0);
}

void HttpServer::start() {
  State& s = *state_;
  beast::error_code ec;
  const auto address = net::ip::make_address(s.options.listen_address, ec);
  if (ec)
    throw std::runtime_error("listen address " + s.options.listen_address + ": " + ec.message());
  const tcp::endpoint endpoint(address, s.options.port);
  s.acceptor->open(endpoint.protocol(), ec);
  if (!ec) s.acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor->bind(endpoint, ec);
  if (!ec) s.acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + s.options.listen_address + ":" +
                             std::to_string(s.options.port) + ": " + ec.message());
  }
  s.bound_port = s.acceptor->local_endpoint().port();
  s.accepting = true;
  s.do_accept();
  const uint32_t threads = std::max<uint32_t>(1, s.options.io_threads);
  for (uint32_t i = 0; i < threads; ++i) {
    s.threads.emplace_back([state = state_.get()] { state->io->run(); });
  }
}

uint16_t HttpServer::port() const {
  return state_->bound_port;
}

void HttpServer::stop(uint32_t drain_timeout_ms) {
  State& s = *state_;
  if (s.stopped.exchange(true)) return;
  s.accepting = false;
  net::post(s.acceptor->get_executor(), [state = state_.get()] {
    beast::error_code ignored;
    state->acceptor->close(ignored);
  });
  {
    std::unique_lock lock(s.drain_mutex);
    s.drained.wait_for(lock, std::chrono::milliseconds(drain_timeout_ms),
                       [&] { return s.in_flight == 0; });
  }
  s.work.reset();
  s.io->stop();
  for (std::thread& t : s.threads) t.join();
  s.threads.clear();
}

ServerStats HttpServer::stats() const {
  const State& s = *state_;
  return ServerStats{s.connections_accepted, s.connections_refused,
                     s.handshakes_failed,    s.requests,
                     s.requests_too_large,   s.timeouts,
                     s.connections_open};
}

}  // namespace corridor::gateway
