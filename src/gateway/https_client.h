// A blocking HTTPS client: one TLS connection (with or without a client
// certificate), several requests on it (keep-alive). For `corridor admin`,
// `corridor demo`, the benchmarks and the tests; not for the service's hot path.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace corridor::gateway {

struct HttpsClientFiles {
  std::string ca_certificate_pem;  // verifies the server
  std::string certificate_pem;     // "" for no client certificate
  std::string private_key_pem;
};

struct HttpsResponse {
  unsigned status = 0;
  std::string body;
  std::string content_type;
  std::string retry_after;  // the Retry-After header, "" when absent
};

class HttpsClient {
 public:
  // `host`: an IPv4 or IPv6 address (the server's certificate is checked
  // against the CA only; its name is not checked, as for a loopback service).
  HttpsClient(uint16_t port, const HttpsClientFiles& files, std::string host = "127.0.0.1")
      : tls_(boost::asio::ssl::context::tls_client), host_(std::move(host)) {
    tls_.load_verify_file(files.ca_certificate_pem);
    tls_.set_verify_mode(boost::asio::ssl::verify_peer);
    if (!files.certificate_pem.empty()) {
      tls_.use_certificate_chain_file(files.certificate_pem);
      tls_.use_private_key_file(files.private_key_pem, boost::asio::ssl::context::pem);
    }
    port_ = port;
    // After the context is complete: an SSL object copies the context's
    // certificate when it is made.
    stream_.emplace(io_, tls_);
  }

  // The TLS handshake; false (with the error in last_error) when refused.
  bool connect() {
    boost::beast::error_code ec;
    auto& socket = boost::beast::get_lowest_layer(*stream_);
    socket.expires_after(std::chrono::seconds(10));
    const boost::asio::ip::address address = boost::asio::ip::make_address(host_, ec);
    if (ec) {
      last_error = "not an IP address: " + host_;
      return false;
    }
    socket.connect(boost::asio::ip::tcp::endpoint(address, port_), ec);
    if (ec) {
      last_error = ec.message();
      return false;
    }
    socket.socket().set_option(boost::asio::ip::tcp::no_delay(true), ec);
    SSL_set_tlsext_host_name(stream_->native_handle(), "localhost");
    stream_->handshake(boost::asio::ssl::stream_base::client, ec);
    if (ec) {
      last_error = ec.message();
      return false;
    }
    // With TLS 1.3 the server checks the client certificate after the client's
    // handshake has finished: a refusal shows on the first read.
    return true;
  }

  std::optional<HttpsResponse> request(const std::string& method, const std::string& target,
                                       const std::string& body = "",
                                       const std::string& content_type = "application/xml") {
    namespace http = boost::beast::http;
    boost::beast::error_code ec;
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, "localhost");
    req.set(http::field::content_type, content_type);
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();
    boost::beast::get_lowest_layer(*stream_).expires_after(std::chrono::seconds(30));
    http::write(*stream_, req, ec);
    if (ec) {
      last_error = ec.message();
      return std::nullopt;
    }
    http::response<http::string_body> res;
    http::read(*stream_, buffer_, res, ec);
    if (ec) {
      last_error = ec.message();
      return std::nullopt;
    }
    return HttpsResponse{res.result_int(), res.body(), std::string(res[http::field::content_type]),
                         std::string(res[http::field::retry_after])};
  }

  // Raw bytes on the TLS stream, for slow or malformed clients.
  bool write_raw(const std::string& bytes) {
    boost::beast::error_code ec;
    boost::asio::write(*stream_, boost::asio::buffer(bytes), ec);
    if (ec) last_error = ec.message();
    return !ec;
  }
  // Reads until the server closes or answers; "" when closed without an answer.
  std::string read_some() {
    boost::beast::error_code ec;
    char data[4096];
    boost::beast::get_lowest_layer(*stream_).expires_after(std::chrono::seconds(30));
    const size_t n = stream_->read_some(boost::asio::buffer(data), ec);
    if (ec) last_error = ec.message();
    return std::string(data, n);
  }

  std::string last_error;

 private:
  boost::asio::io_context io_;
  boost::asio::ssl::context tls_;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> stream_;
  boost::beast::flat_buffer buffer_;
  std::string host_;
  uint16_t port_ = 0;
};

}  // namespace corridor::gateway
