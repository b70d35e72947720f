// WebSocket /v1/stream over mutual TLS: the inbox in order from a cursor,
// then new entries as they come; acknowledgement on the socket; exactly-once
// processing by cursor while the client keeps reconnecting during traffic.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "service_fixture.h"
#include "ws_client.h"

namespace corridor::gateway {
namespace {

using nlohmann::json;
using namespace service_testing;
using testing::WsClient;

class InboxStreamTest : public ServiceTest {
 protected:
  std::unique_ptr<WsClient> open(const std::string& stem, const std::string& target) {
    auto client = std::make_unique<WsClient>(service_->port(), as(stem));
    EXPECT_TRUE(client->connect(target)) << client->last_error;
    return client;
  }
  json next(WsClient& client) {
    const std::optional<std::string> text = client.read();
    EXPECT_TRUE(text.has_value()) << client.last_error;
    return text ? json::parse(*text) : json();
  }
  uint64_t inbox_size(const std::string& stem) {
    return json::parse(send(stem, "GET", "/v1/inbox?limit=1").body)["size"];
  }
  void pay(const std::string& from, const std::string& to, const std::string& amount,
           const std::string& id, int n) {
    const ClientResponse response =
        send(from, "POST", "/v1/messages", pacs008("M-" + id, {{from, to, amount, id, uetr(n)}}));
    EXPECT_EQ(response.status, 200u) << response.body;
  }
};

TEST_F(InboxStreamTest, TheStreamDeliversTheInboxInOrderThenNewEntriesAsTheyArrive) {
  const uint64_t before = inbox_size(kSilk);  // the opening-balance notifications
  ASSERT_GE(before, 1u);
  auto stream = open(kSilk, "/v1/stream?after=0");
  for (uint64_t cursor = 1; cursor <= before; ++cursor) {
    const json frame = next(*stream);
    EXPECT_EQ(frame["cursor"], cursor);
  }
  pay(kLotus, kSilk, "100.00", "W-1", 1);
  const json forwarded = next(*stream);
  EXPECT_EQ(forwarded["cursor"], before + 1);
  EXPECT_EQ(forwarded["kind"], "payment");
  EXPECT_EQ(forwarded["uetr"], uetr(1));
  // The same bytes as GET /v1/inbox gives for that cursor.
  const json page =
      json::parse(send(kSilk, "GET", "/v1/inbox?after=" + std::to_string(before)).body);
  EXPECT_EQ(page["messages"][0], forwarded);
  EXPECT_EQ(next(*stream)["kind"], "credit_notification");
  EXPECT_FALSE(stream->read(std::chrono::milliseconds(200)).has_value());  // nothing more
}

TEST_F(InboxStreamTest, AReconnectResumesAfterTheCursorAndAcknowledgementsWorkOnTheSocket) {
  pay(kLotus, kSilk, "1.00", "W-2", 2);
  pay(kLotus, kSilk, "1.00", "W-3", 3);
  {
    auto stream = open(kSilk, "/v1/stream?after=0");
    EXPECT_EQ(next(*stream)["cursor"], 1);
    EXPECT_EQ(next(*stream)["cursor"], 2);
    stream->close();
  }
  auto stream = open(kSilk, "/v1/stream?after=2");
  EXPECT_EQ(next(*stream)["cursor"], 3);
  ASSERT_TRUE(stream->write(R"({"ack": 3})"));
  // Frames already queued may come first: read until the answer.
  json answer;
  for (int i = 0; i < 20 && !answer.contains("acknowledged"); ++i) answer = next(*stream);
  EXPECT_EQ(answer["acknowledged"], 3);
  ASSERT_TRUE(stream->write("nonsense"));
  json error;
  for (int i = 0; i < 20 && !error.contains("error"); ++i) error = next(*stream);
  EXPECT_TRUE(error.contains("error"));
  stream->close();
  // Without a cursor, a stream starts after the acknowledged one.
  auto resumed = open(kSilk, "/v1/stream");
  EXPECT_EQ(next(*resumed)["cursor"], 4);
}

TEST_F(InboxStreamTest, OnlyParticipantsMayStreamAndTheCursorMustBeANumber) {
  WsClient operator_client(service_->port(), as("operator"));
  EXPECT_FALSE(operator_client.connect("/v1/stream"));
  // The refusal is an HTTP answer to the upgrade request: read it raw.
  auto upgrade_status = [&](const std::string& stem, const std::string& target) {
    TlsClient client(service_->port(), as(stem));
    EXPECT_TRUE(client.connect());
    EXPECT_TRUE(client.write_raw("GET " + target +
                                 " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                                 "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
    return client.read_some().substr(0, 12);
  };
  EXPECT_EQ(upgrade_status("operator", "/v1/stream"), "HTTP/1.1 403");
  EXPECT_EQ(upgrade_status(kSilk, "/v1/stream?after=-1"), "HTTP/1.1 400");
  EXPECT_EQ(upgrade_status(kSilk, "/v1/inbox"), "HTTP/1.1 404");
  EXPECT_EQ(upgrade_status(kSilk, "/v1/stream"), "HTTP/1.1 101");
}

TEST_F(InboxStreamTest, AClientReconnectingDuringTrafficProcessesEveryMessageExactlyOnce) {
  constexpr int kPayments = 40;
  std::thread traffic([&] {
    for (int i = 0; i < kPayments; ++i) {
      pay(kLotus, kSilk, "1.00", "X-" + std::to_string(i), 100 + i);
    }
  });
  // The client keeps only its cursor; it reconnects after every few frames
  // (sometimes mid-page), as a client that crashes and restarts would.
  uint64_t processed = 0;
  std::vector<uint64_t> cursors;
  std::set<std::string> uetrs_paid;
  int reconnects = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    auto stream = open(kSilk, "/v1/stream?after=" + std::to_string(processed));
    ++reconnects;
    for (int frames = 0; frames < 3 + reconnects % 5; ++frames) {
      const std::optional<std::string> text = stream->read(std::chrono::milliseconds(500));
      if (!text) break;
      const json frame = json::parse(*text);
      const uint64_t cursor = frame["cursor"];
      ASSERT_EQ(cursor, processed + 1) << "a gap or a repeat";
      processed = cursor;
      cursors.push_back(cursor);
      if (frame["kind"] == "payment") uetrs_paid.insert(frame["uetr"].get<std::string>());
    }
    if (uetrs_paid.size() == kPayments) break;
  }
  traffic.join();
  EXPECT_EQ(uetrs_paid.size(), static_cast<size_t>(kPayments));
  EXPECT_GT(reconnects, 10);
  for (size_t i = 0; i < cursors.size(); ++i) EXPECT_EQ(cursors[i], i + 1);
}

}  // namespace
}  // namespace corridor::gateway
