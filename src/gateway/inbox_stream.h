// WebSocket /v1/stream (docs/api.md): the participant's inbox pushed as it
// fills, in the same order and the same JSON as GET /v1/inbox, from a cursor
// (?after=N, default the acknowledged one). The client may acknowledge on the
// same connection with {"ack": N}, answered {"acknowledged": N}.
//
// Flow control: one page is written at a time; the next is read from the
// views only when the last frame of the previous one is on the wire, so a slow
// reader holds at most a page in memory. New entries wake each stream once
// (a flag, however many entries arrive meanwhile).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "gateway/http_server.h"
#include "gateway/inbox_acks.h"
#include "gateway/json_log.h"
#include "gateway/message_log.h"
#include "gateway/participant_views.h"
#include "gateway/service_config.h"

namespace corridor::gateway {

class InboxStream {
 public:
  InboxStream(const ServiceConfig& config, const ParticipantViews& views,
              const MessageLog& messages, InboxAcks& acks, JsonLog& log);
  // The server's WebSocketHandler: /v1/stream for participants, refused otherwise.
  WebSocketAccept accept(const HttpRequest& request);
  // New inbox entries exist (any thread; cheap: it only posts wake-ups).
  void notify();

 private:
  struct Subscriber;
  void pump(const std::shared_ptr<Subscriber>& subscriber);
  void on_message(const std::shared_ptr<Subscriber>& subscriber, const std::string& text);

  const ServiceConfig& config_;
  const ParticipantViews& views_;
  const MessageLog& messages_;
  InboxAcks& acks_;
  JsonLog& log_;
  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<Subscriber>> subscribers_;
};

}  // namespace corridor::gateway
