#include "gateway/inbox_stream.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "gateway/http_answers.h"
#include "gateway/inbox_render.h"
#include "gateway/router.h"

namespace corridor::gateway {

// State touched only on the connection's strand, except `wake_pending`.
struct InboxStream::Subscriber {
  core::Bic reader;
  uint64_t cursor = 0;  // the last entry written
  std::weak_ptr<WebSocketChannel> channel;
  bool page_in_flight = false;
  std::atomic<bool> wake_pending{false};
};

InboxStream::InboxStream(const ServiceConfig& config, const ParticipantViews& views,
                         const MessageLog& messages, InboxAcks& acks, JsonLog& log)
    : config_(config), views_(views), messages_(messages), acks_(acks), log_(log) {}

WebSocketAccept InboxStream::accept(const HttpRequest& request) {
  WebSocketAccept accept;
  if (path_of(request.target) != "/v1/stream") {
    accept.refusal = json_error(404, fmt::format("no WebSocket at {}", path_of(request.target)));
    return accept;
  }
  const PeerIdentity& peer = request.peer.identity;
  if (!peer.ok() || peer.role != PeerRole::kParticipant) {
    const std::string reason =
        peer.ok() ? fmt::format("/v1/stream is a participant's inbox; a {} certificate has none",
                                to_string(peer.role))
                  : "client certificate not usable: " + peer.error;
    log_.write("refused", {{"status", 403},
                           {"remote", request.remote},
                           {"target", request.target},
                           {"peer_role", to_string(peer.role)},
                           {"reason", reason}});
    accept.refusal = json_error(403, reason);
    return accept;
  }
  auto subscriber = std::make_shared<Subscriber>();
  subscriber->reader = peer.bic;
  subscriber->cursor = acks_.acknowledged(peer.bic);
  if (const auto text = query_param(request.target, "after")) {
    uint64_t after = 0;
    const char* last = text->data() + text->size();
    if (text->empty() || std::from_chars(text->data(), last, after).ptr != last) {
      accept.refusal = json_error(400, "after must be a cursor: a whole number (0: the start)");
      return accept;
    }
    subscriber->cursor = after;
  }
  accept.on_open = [this, subscriber](std::shared_ptr<WebSocketChannel> channel) {
    subscriber->channel = channel;
    {
      std::lock_guard lock(mutex_);
      // Forget streams that ended, then remember this one.
      std::erase_if(subscribers_, [](const std::weak_ptr<Subscriber>& s) { return s.expired(); });
      subscribers_.push_back(subscriber);
    }
    log_.write("stream_opened",
               {{"participant", subscriber->reader.to_string()}, {"after", subscriber->cursor}});
    pump(subscriber);
  };
  accept.on_message = [this, subscriber](const std::string& text) { on_message(subscriber, text); };
  // The subscriber lives as long as the connection's callbacks hold it.
  accept.on_closed = [this, reader = peer.bic] {
    log_.write("stream_closed", {{"participant", reader.to_string()}});
  };
  return accept;
}

void InboxStream::notify() {
  std::lock_guard lock(mutex_);
  for (const std::weak_ptr<Subscriber>& weak : subscribers_) {
    std::shared_ptr<Subscriber> subscriber = weak.lock();
    if (!subscriber || subscriber->wake_pending.exchange(true)) continue;
    if (std::shared_ptr<WebSocketChannel> channel = subscriber->channel.lock()) {
      channel->post([this, subscriber] {
        subscriber->wake_pending = false;
        pump(subscriber);
      });
    }
  }
}

// On the connection's strand: write the next page, if any and none is in flight.
void InboxStream::pump(const std::shared_ptr<Subscriber>& subscriber) {
  if (subscriber->page_in_flight) return;
  std::shared_ptr<WebSocketChannel> channel = subscriber->channel.lock();
  if (!channel) return;
  const uint32_t limit =
      std::max<uint32_t>(1, std::min<uint32_t>(100, config_.limits.inbox_page_limit_max));
  const InboxPage page = views_.inbox(subscriber->reader, subscriber->cursor, limit);
  if (page.items.empty()) return;
  const std::string system_bic = config_.service.system_bic.to_string();
  subscriber->page_in_flight = true;
  for (size_t i = 0; i < page.items.size(); ++i) {
    const InboxItem& item = page.items[i];
    std::string frame = inbox_item_json(item, subscriber->reader, system_bic, &messages_, log_)
                            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::function<void(bool)> written;
    if (i + 1 == page.items.size()) {
      written = [this, subscriber, cursor = item.entry.cursor](bool ok) {
        subscriber->page_in_flight = false;
        if (!ok) return;
        subscriber->cursor = cursor;
        pump(subscriber);
      };
    }
    channel->send(std::move(frame), std::move(written));
  }
}

void InboxStream::on_message(const std::shared_ptr<Subscriber>& subscriber,
                             const std::string& text) {
  std::shared_ptr<WebSocketChannel> channel = subscriber->channel.lock();
  if (!channel) return;
  const nlohmann::json message = nlohmann::json::parse(text, nullptr, false);
  if (message.is_discarded() || !message.is_object() || !message.contains("ack") ||
      !message["ack"].is_number_unsigned()) {
    channel->send(R"({"error":"send {\"ack\": N}, N a cursor you have processed"})", nullptr);
    return;
  }
  const uint64_t cursor = message["ack"].get<uint64_t>();
  if (cursor > views_.inbox_size(subscriber->reader)) {
    channel->send(
        nlohmann::json{{"error", fmt::format("cursor {} is beyond the inbox", cursor)}}.dump(),
        nullptr);
    return;
  }
  try {
    channel->send(
        nlohmann::json{{"acknowledged", acks_.acknowledge(subscriber->reader, cursor)}}.dump(),
        nullptr);
  } catch (const std::exception& e) {
    log_.write("error", {{"what", "inbox acknowledgement not durable"}, {"error", e.what()}});
    channel->send(R"({"error":"the acknowledgement could not be recorded, retry"})", nullptr);
  }
}

}  // namespace corridor::gateway
