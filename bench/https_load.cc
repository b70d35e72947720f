#include "https_load.h"

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <memory>
#include <mutex>
#include <thread>

namespace corridor::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

struct Shared {
  Shared(const LoadOptions& o, const std::function<void(const std::string&)>& a)
      : options(o), on_answer(a) {}
  const LoadOptions& options;
  const std::function<void(const std::string&)>& on_answer;
  std::atomic<uint64_t> next{1};
  std::mutex mutex;
  LoadResult result;

  void fail(const std::string& what) {
    std::lock_guard lock(mutex);
    ++result.failed;
    if (result.first_error.empty()) result.first_error = what;
  }
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::io_context& io, asio::ssl::context& tls, Shared& shared)
      : stream_(io, tls), shared_(shared) {}
  ~Connection() {
    std::lock_guard lock(shared_.mutex);
    shared_.result.latencies_ns.insert(shared_.result.latencies_ns.end(), latencies_ns_.begin(),
                                       latencies_ns_.end());
  }

  void start() {
    auto& socket = beast::get_lowest_layer(stream_);
    socket.expires_after(std::chrono::seconds(10));
    const asio::ip::tcp::endpoint server(asio::ip::make_address("127.0.0.1"), shared_.options.port);
    socket.async_connect(server, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->shared_.fail("connect: " + ec.message());
      beast::error_code ignored;
      beast::get_lowest_layer(self->stream_)
          .socket()
          .set_option(asio::ip::tcp::no_delay(true), ignored);
      SSL_set_tlsext_host_name(self->stream_.native_handle(), "localhost");
      self->stream_.async_handshake(asio::ssl::stream_base::client, [self](beast::error_code ec2) {
        if (ec2) return self->shared_.fail("handshake: " + ec2.message());
        self->send();
      });
    });
  }

 private:
  void send() {
    if (Clock::now() >= shared_.options.until) return;  // done: the connection closes
    // The request is kept from one send to the next: its body is patched in place.
    request_.method(http::verb::post);
    request_.target(shared_.options.target);
    request_.version(11);
    request_.set(http::field::host, "localhost");
    request_.set(http::field::content_type, "application/xml");
    request_.keep_alive(true);
    shared_.options.body(shared_.next.fetch_add(1), &request_.body());
    request_.prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
    sent_ = Clock::now();
    http::async_write(stream_, request_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->shared_.fail("write: " + ec.message());
      self->receive();
    });
  }

  void receive() {
    response_ = {};
    // Reads of a whole TLS record, not of 512 bytes (as the server does).
    if (buffer_.capacity() < 16 * 1024 + 512) buffer_.reserve(16 * 1024 + 512);
    http::async_read(
        stream_, buffer_, response_, [self = shared_from_this()](beast::error_code ec, size_t) {
          if (ec) return self->shared_.fail("read: " + ec.message());
          if (self->response_.result_int() != 200) {
            return self->shared_.fail("status " + std::to_string(self->response_.result_int()));
          }
          if (self->sent_ >= self->shared_.options.measure_from) {
            self->latencies_ns_.push_back(
                std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - self->sent_)
                    .count());
            if (self->shared_.on_answer) self->shared_.on_answer(self->response_.body());
          }
          self->send();
        });
  }

  beast::ssl_stream<beast::tcp_stream> stream_;
  Shared& shared_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  Clock::time_point sent_;
  std::vector<int64_t> latencies_ns_;
};

}  // namespace

LoadResult run_load(const LoadOptions& options,
                    const std::function<void(const std::string&)>& on_answer) {
  Shared shared(options, on_answer);
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.load_verify_file(options.ca_certificate_pem);
  tls.set_verify_mode(asio::ssl::verify_peer);
  tls.use_certificate_chain_file(options.certificate_pem);
  tls.use_private_key_file(options.private_key_pem, asio::ssl::context::pem);
  const uint32_t threads = std::max<uint32_t>(1, options.threads);
  std::vector<std::unique_ptr<asio::io_context>> ios;
  for (uint32_t t = 0; t < threads; ++t) ios.push_back(std::make_unique<asio::io_context>(1));
  for (uint32_t c = 0; c < options.connections; ++c) {
    std::make_shared<Connection>(*ios[c % threads], tls, shared)->start();
  }
  std::vector<std::thread> runners;
  for (uint32_t t = 0; t < threads; ++t) runners.emplace_back([&, t] { ios[t]->run(); });
  for (std::thread& r : runners) r.join();
  return std::move(shared.result);
}

}  // namespace corridor::bench
