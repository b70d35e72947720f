#include "gateway/websocket_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <utility>

namespace corridor::gateway {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;

// A client sends only small control messages (acknowledgements).
constexpr size_t kIncomingBytesMax = 64 * 1024;

class WebSocketSession final : public WebSocketChannel,
                               public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(beast::ssl_stream<beast::tcp_stream> stream, WebSocketAccept accept,
                   std::function<void()> on_destroyed, std::function<bool()> stopped)
      : ws_(std::move(stream)),
        accept_(std::move(accept)),
        on_destroyed_(std::move(on_destroyed)),
        stopped_(std::move(stopped)) {}
  ~WebSocketSession() override {
    if (on_destroyed_) on_destroyed_();
  }

  void run(http::request<http::string_body> upgrade) {
    // The WebSocket's own timeouts (with pings) replace the HTTP ones.
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& response) { response.set(http::field::server, "corridor"); }));
    ws_.read_message_max(kIncomingBytesMax);
    auto request = std::make_shared<http::request<http::string_body>>(std::move(upgrade));
    ws_.async_accept(*request, [self = shared_from_this(), request](beast::error_code ec) {
      if (ec) return self->finish();
      if (self->accept_.on_open) self->accept_.on_open(self);
      self->read();
    });
  }

  void send(std::string text, std::function<void(bool)> written) override {
    net::post(ws_.get_executor(), [self = shared_from_this(), text = std::move(text),
                                   written = std::move(written)]() mutable {
      if (self->finished_) {
        if (written) written(false);
        return;
      }
      self->queue_.push_back(Frame{std::move(text), std::move(written), false});
      if (!self->writing_) self->write_next();
    });
  }

  void post(std::function<void()> fn) override {
    net::post(ws_.get_executor(), [self = shared_from_this(), fn = std::move(fn)] { fn(); });
  }

  void close(std::string reason) override {
    net::post(ws_.get_executor(),
              [self = shared_from_this(), reason = std::move(reason)]() mutable {
                if (self->finished_) return;
                self->queue_.push_back(Frame{std::move(reason), nullptr, true});
                if (!self->writing_) self->write_next();
              });
  }

 private:
  struct Frame {
    std::string text;
    std::function<void(bool)> written;
    bool close = false;  // a close frame with `text` as its reason
  };

  void read() {
    if (stopped_()) return finish();
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->finish();
      if (self->ws_.got_text() && self->accept_.on_message) {
        self->accept_.on_message(beast::buffers_to_string(self->buffer_.data()));
      }
      self->buffer_.consume(self->buffer_.size());
      self->read();
    });
  }

  void write_next() {
    if (queue_.empty() || finished_) {
      writing_ = false;
      return;
    }
    writing_ = true;
    // Out of the queue while on the wire: finish() may clear the queue, and the
    // write still reads these bytes until it completes.
    current_ = std::move(queue_.front());
    queue_.pop_front();
    if (current_->close) {
      ws_.async_close(websocket::close_reason(websocket::close_code::normal, current_->text),
                      [self = shared_from_this()](beast::error_code) { self->finish(); });
      return;
    }
    ws_.text(true);
    ws_.async_write(net::buffer(current_->text),
                    [self = shared_from_this()](beast::error_code ec, size_t) {
                      Frame done = std::move(*self->current_);
                      self->current_.reset();
                      if (done.written) done.written(!ec);
                      if (ec) return self->finish();
                      self->write_next();
                    });
  }

  // However the connection ended: fail what is queued, tell the handler once,
  // and drop its callbacks (they may hold the handler's state).
  void finish() {
    if (finished_) return;
    finished_ = true;
    for (Frame& frame : queue_) {
      if (frame.written) frame.written(false);
    }
    queue_.clear();
    if (accept_.on_closed) accept_.on_closed();
    accept_ = WebSocketAccept{};
    beast::get_lowest_layer(ws_).cancel();
  }

  websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws_;
  WebSocketAccept accept_;
  std::function<void()> on_destroyed_;
  std::function<bool()> stopped_;
  beast::flat_buffer buffer_;
  std::deque<Frame> queue_;
  std::optional<Frame> current_;  // being written
  bool writing_ = false;
  bool finished_ = false;
};

}  // namespace

void start_websocket_session(beast::ssl_stream<beast::tcp_stream> stream,
                             http::request<http::string_body> upgrade, WebSocketAccept accept,
                             std::function<void()> on_destroyed, std::function<bool()> stopped) {
  auto session = std::make_shared<WebSocketSession>(std::move(stream), std::move(accept),
                                                    std::move(on_destroyed), std::move(stopped));
  session->run(std::move(upgrade));
}

}  // namespace corridor::gateway
