// A blocking WebSocket client over mutual TLS for the stream tests.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "gateway/https_client.h"

namespace corridor::gateway::testing {

class WsClient {
 public:
  WsClient(uint16_t port, const HttpsClientFiles& files)
      : tls_(boost::asio::ssl::context::tls_client), port_(port) {
    tls_.load_verify_file(files.ca_certificate_pem);
    tls_.set_verify_mode(boost::asio::ssl::verify_peer);
    tls_.use_certificate_chain_file(files.certificate_pem);
    tls_.use_private_key_file(files.private_key_pem, boost::asio::ssl::context::pem);
    ws_.emplace(io_, tls_);
  }

  // TCP, TLS and the WebSocket handshake on `target`; false with last_error when refused.
  bool connect(const std::string& target) {
    namespace beast = boost::beast;
    beast::error_code ec;
    auto& tcp = beast::get_lowest_layer(*ws_);
    tcp.expires_after(std::chrono::seconds(10));
    tcp.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_),
                ec);
    if (!ec) ws_->next_layer().handshake(boost::asio::ssl::stream_base::client, ec);
    if (!ec) {
      tcp.expires_never();
      ws_->set_option(beast::websocket::stream_base::timeout::suggested(beast::role_type::client));
      ws_->handshake(response_, "localhost", target, ec);
    }
    if (ec) last_error = ec.message();
    return !ec;
  }

  // The next text frame, or nullopt when the connection ended or nothing came in time.
  std::optional<std::string> read(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    namespace beast = boost::beast;
    std::optional<std::string> text;
    beast::flat_buffer buffer;
    bool done = false;
    ws_->async_read(buffer, [&](beast::error_code ec, size_t) {
      done = true;
      if (ec) {
        last_error = ec.message();
        return;
      }
      text = beast::buffers_to_string(buffer.data());
    });
    io_.restart();
    io_.run_for(timeout);
    if (!done) {
      // Abandon the read: cancel it and let its handler run.
      beast::get_lowest_layer(*ws_).cancel();
      io_.restart();
      io_.run();
      last_error = "timeout";
      return std::nullopt;
    }
    return text;
  }

  bool write(const std::string& text) {
    boost::beast::error_code ec;
    ws_->text(true);
    ws_->write(boost::asio::buffer(text), ec);
    if (ec) last_error = ec.message();
    return !ec;
  }

  void close() {
    boost::beast::error_code ec;
    ws_->close(boost::beast::websocket::close_code::normal, ec);
  }

  std::string last_error;

 private:
  boost::asio::io_context io_;
  boost::asio::ssl::context tls_;
  std::optional<boost::beast::websocket::stream<boost::beast::ssl_stream<boost::beast::tcp_stream>>>
      ws_;
  boost::beast::websocket::response_type response_;
  uint16_t port_ = 0;
};

}  // namespace corridor::gateway::testing
