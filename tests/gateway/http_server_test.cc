// The HTTPS front door over real TLS connections on loopback: mutual TLS,
// keep-alive, limits, time limits, asynchronous answers and draining.
#include "gateway/http_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iterator>
#include <mutex>
#include <thread>

#include "config_text.h"
#include "gateway/pki.h"
#include "temp_dir.h"
#include "tls_client.h"

namespace corridor::gateway {
namespace {

using testing::ClientFiles;
using testing::TempDir;
using testing::TlsClient;

// Answers "<role> <BIC> <method> <target> <body bytes>".
void echo(HttpRequest request, std::shared_ptr<Responder> responder) {
  HttpResponse response;
  response.content_type = "text/plain";
  response.body = std::string(to_string(request.peer.identity.role)) + " " +
                  request.peer.identity.bic.to_string() + " " + request.method + " " +
                  request.target + " " + std::to_string(request.body.size());
  responder->respond(std::move(response));
}

// The server counts an event on its own thread, maybe just after the client saw it.
template <typename Predicate>
bool eventually(Predicate predicate) {
  for (int i = 0; i < 500; ++i) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return predicate();
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = parse_service_config(testing::kSmallConfig, "test.toml");
    init_pki(pki_.path().string(), config_, false);
    options_.tls = TlsFiles{pki_.file("ca.pem"), pki_.file("server.pem"), pki_.file("server.key")};
  }
  void start(Handler handler = echo) {
    server_ = std::make_unique<HttpServer>(options_, std::move(handler));
    server_->start();
  }
  ClientFiles as(const std::string& stem) const {
    return ClientFiles{pki_.file("ca.pem"), pki_.file(stem + ".pem"), pki_.file(stem + ".key")};
  }

  TempDir pki_;
  ServiceConfig config_;
  ServerOptions options_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, AParticipantIsAnsweredAndNamedByItsCertificate) {
  start();
  TlsClient client(server_->port(), as("LTSBCNB0"));
  ASSERT_TRUE(client.connect()) << client.last_error;
  const auto response = client.request("POST", "/v1/messages", "<Document/>");
  ASSERT_TRUE(response) << client.last_error;
  EXPECT_EQ(response->status, 200u);
  EXPECT_EQ(response->body, "participant LTSBCNB0 POST /v1/messages 11");
}

TEST_F(HttpServerTest, TheOperatorIsNamedAsOperator) {
  start();
  TlsClient client(server_->port(), as("operator"));
  ASSERT_TRUE(client.connect()) << client.last_error;
  const auto response = client.request("GET", "/v1/admin/participants");
  ASSERT_TRUE(response) << client.last_error;
  EXPECT_EQ(response->body, "operator CRDRCHZ0 GET /v1/admin/participants 0");
}

TEST_F(HttpServerTest, AClientWithoutACertificateIsRefusedAtTheHandshake) {
  start();
  TlsClient client(server_->port(), ClientFiles{pki_.file("ca.pem"), "", ""});
  const bool connected = client.connect();
  // TLS 1.3: the refusal may only show on the first exchange.
  const bool answered = connected && client.request("GET", "/healthz").has_value();
  EXPECT_FALSE(answered);
  EXPECT_TRUE(eventually([&] { return server_->stats().handshakes_failed == 1; }));
  EXPECT_EQ(server_->stats().requests, 0u);
}

TEST_F(HttpServerTest, ACertificateFromAnotherCaIsRefused) {
  TempDir other;
  init_pki(other.path().string(), config_, false);
  start();
  TlsClient client(server_->port(), ClientFiles{pki_.file("ca.pem"), other.file("LTSBCNB0.pem"),
                                                other.file("LTSBCNB0.key")});
  const bool answered = client.connect() && client.request("GET", "/healthz").has_value();
  EXPECT_FALSE(answered);
  EXPECT_EQ(server_->stats().requests, 0u);
}

TEST_F(HttpServerTest, AConnectionIsKeptAliveForManyRequests) {
  start();
  TlsClient client(server_->port(), as("BERZRUM0XXX"));
  ASSERT_TRUE(client.connect()) << client.last_error;
  for (int i = 0; i < 20; ++i) {
    const auto response = client.request("GET", "/v1/inbox?after=" + std::to_string(i));
    ASSERT_TRUE(response) << i << ": " << client.last_error;
    EXPECT_EQ(response->body,
              "participant BERZRUM0 GET /v1/inbox?after=" + std::to_string(i) + " 0");
  }
  EXPECT_EQ(server_->stats().connections_accepted, 1u);
  EXPECT_EQ(server_->stats().requests, 20u);
}

TEST_F(HttpServerTest, ATooLargeBodyIs413AndNeverReachesTheHandler) {
  options_.limits.body_bytes_max = 1000;
  bool handled = false;
  start([&](HttpRequest r, std::shared_ptr<Responder> responder) {
    handled = true;
    echo(std::move(r), std::move(responder));
  });
  TlsClient client(server_->port(), as("LTSBCNB0"));
  ASSERT_TRUE(client.connect());
  const auto response = client.request("POST", "/v1/messages", std::string(1001, 'x'));
  ASSERT_TRUE(response) << client.last_error;
  EXPECT_EQ(response->status, 413u);
  EXPECT_FALSE(handled);
  EXPECT_EQ(server_->stats().requests_too_large, 1u);
  // At the limit exactly: accepted.
  TlsClient second(server_->port(), as("LTSBCNB0"));
  ASSERT_TRUE(second.connect());
  const auto at_limit = second.request("POST", "/v1/messages", std::string(1000, 'x'));
  ASSERT_TRUE(at_limit) << second.last_error;
  EXPECT_EQ(at_limit->status, 200u);
}

TEST_F(HttpServerTest, ATooLargeHeaderIs431) {
  options_.limits.header_bytes_max = 2048;
  start();
  TlsClient client(server_->port(), as("LTSBCNB0"));
  ASSERT_TRUE(client.connect());
  const auto response = client.request("GET", "/" + std::string(3000, 'a'));
  ASSERT_TRUE(response) << client.last_error;
  EXPECT_EQ(response->status, 431u);
}

TEST_F(HttpServerTest, ASlowClientIsCutOffAtTheHeaderTimeLimit) {
  options_.limits.header_timeout_ms = 300;
  start();
  TlsClient client(server_->port(), as("LTSBCNB0"));
  ASSERT_TRUE(client.connect());
  ASSERT_TRUE(client.write_raw("GET /v1/inbox HTTP/1.1\r\nHost: local"));  // never finished
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(client.read_some(), "");  // closed without an answer
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_LT(waited, std::chrono::seconds(20));
  EXPECT_TRUE(eventually([&] { return server_->stats().timeouts == 1; }));
  EXPECT_EQ(server_->stats().requests, 0u);
}

TEST_F(HttpServerTest, AnAnswerMayComeLaterFromAnotherThread) {
  std::vector<std::thread> workers;
  std::mutex mutex;
  start([&](HttpRequest r, std::shared_ptr<Responder> responder) {
    std::lock_guard lock(mutex);
    workers.emplace_back([r = std::move(r), responder]() mutable {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      echo(std::move(r), responder);
    });
  });
  TlsClient client(server_->port(), as("SILKCNB0"));
  ASSERT_TRUE(client.connect());
  for (int i = 0; i < 3; ++i) {
    const auto response = client.request("GET", "/later");
    ASSERT_TRUE(response) << client.last_error;
    EXPECT_EQ(response->body, "participant SILKCNB0 GET /later 0");
  }
  server_->stop();
  for (std::thread& t : workers) t.join();
}

TEST_F(HttpServerTest, AnAnswerMadeWithRespondWithIsBuiltOnAnIoThreadNotTheCallers) {
  std::thread::id built_on;
  std::thread::id caller;
  std::thread worker;
  start([&](HttpRequest, std::shared_ptr<Responder> responder) {
    worker = std::thread([&, responder] {
      caller = std::this_thread::get_id();
      responder->respond_with([&] {
        built_on = std::this_thread::get_id();
        return HttpResponse{201, "text/plain", "built", {}};
      });
      // A second answer does not count, made or not.
      responder->respond_with([] { return HttpResponse{500, "text/plain", "again", {}}; });
    });
  });
  TlsClient client(server_->port(), as("SILKCNB0"));
  ASSERT_TRUE(client.connect());
  const auto response = client.request("GET", "/made");
  ASSERT_TRUE(response) << client.last_error;
  EXPECT_EQ(response->status, 201u);
  EXPECT_EQ(response->body, "built");
  worker.join();
  EXPECT_NE(built_on, caller);
  EXPECT_NE(built_on, std::thread::id());
}

TEST_F(HttpServerTest, AMakerThatThrowsGives500AndTheConnectionStaysUsable) {
  start([](HttpRequest r, std::shared_ptr<Responder> responder) {
    if (r.target == "/throws") {
      responder->respond_with([]() -> HttpResponse { throw std::runtime_error("bug"); });
    } else {
      echo(std::move(r), responder);
    }
  });
  TlsClient client(server_->port(), as("SILKCNB0"));
  ASSERT_TRUE(client.connect());
  const auto response = client.request("GET", "/throws");
  ASSERT_TRUE(response) << client.last_error;
  EXPECT_EQ(response->status, 500u);
  EXPECT_TRUE(client.request("GET", "/again").has_value()) << client.last_error;
}

TEST_F(HttpServerTest, AHandlerThatNeverAnswersGives500) {
  start([](HttpRequest, std::shared_ptr<Responder>) {});
  TlsClient client(server_->port(), as("LTSBCNB0"));
  ASSERT_TRUE(client.connect());
  const auto response = client.request("GET", "/forgotten");
  ASSERT_TRUE(response) << client.last_error;
  EXPECT_EQ(response->status, 500u);
  // The connection stays usable.
  EXPECT_TRUE(client.request("GET", "/again").has_value()) << client.last_error;
}

TEST_F(HttpServerTest, AHandlerThatThrowsGives500AndTheServerGoesOn) {
  start([](HttpRequest request, std::shared_ptr<Responder> responder) {
    if (request.target == "/throw") throw std::runtime_error("bug");
    echo(std::move(request), std::move(responder));
  });
  TlsClient client(server_->port(), as("LTSBCNB0"));
  ASSERT_TRUE(client.connect());
  const auto response = client.request("GET", "/throw");
  ASSERT_TRUE(response) << client.last_error;
  EXPECT_EQ(response->status, 500u);
  const auto next = client.request("GET", "/fine");
  ASSERT_TRUE(next) << client.last_error;
  EXPECT_EQ(next->status, 200u);
}

TEST_F(HttpServerTest, StopWaitsForAnswersBeingPrepared) {
  std::promise<std::shared_ptr<Responder>> pending;
  start([&](HttpRequest, std::shared_ptr<Responder> responder) { pending.set_value(responder); });
  TlsClient client(server_->port(), as("LTSBCNB0"));
  ASSERT_TRUE(client.connect());
  auto reply = std::async(std::launch::async, [&] { return client.request("POST", "/slow", "x"); });
  std::shared_ptr<Responder> responder = pending.get_future().get();
  std::thread stopper([&] { server_->stop(10'000); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  HttpResponse late;
  late.body = "drained";
  responder->respond(late);
  responder.reset();
  stopper.join();
  const auto response = reply.get();
  ASSERT_TRUE(response) << client.last_error;
  EXPECT_EQ(response->body, "drained");
}

TEST_F(HttpServerTest, ConnectionsBeyondTheLimitAreClosed) {
  options_.limits.connections_max = 1;
  start();
  TlsClient first(server_->port(), as("LTSBCNB0"));
  ASSERT_TRUE(first.connect());
  ASSERT_TRUE(first.request("GET", "/one").has_value());
  TlsClient second(server_->port(), as("LTSBCNB0"));
  const bool answered = second.connect() && second.request("GET", "/two").has_value();
  EXPECT_FALSE(answered);
  EXPECT_TRUE(eventually([&] { return server_->stats().connections_refused == 1; }));
}

TEST_F(HttpServerTest, CurlIsARealClient) {
  start();
  const std::string out = pki_.file("curl.out");
  const std::string command =
      "curl -sS --fail --cacert " + pki_.file("ca.pem") + " --cert " + pki_.file("LTSBCNB0.pem") +
      " --key " + pki_.file("LTSBCNB0.key") +
      " --data-binary '<Document/>' https://localhost:" + std::to_string(server_->port()) +
      "/v1/messages -o " + out;
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(out);
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(body, "participant LTSBCNB0 POST /v1/messages 11");
}

}  // namespace
}  // namespace corridor::gateway
