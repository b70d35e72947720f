// The development PKI used as the gateway will use it: a mutual TLS 1.3
// handshake in memory (a BIO pair, no sockets), then identity_of on the
// certificate the server received.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "config_text.h"
#include "gateway/pki.h"
#include "temp_dir.h"

namespace corridor::gateway {
namespace {

namespace fs = std::filesystem;

struct SslFree {
  void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
  void operator()(SSL* p) const { SSL_free(p); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslFree>;
using SslPtr = std::unique_ptr<SSL, SslFree>;

using testing::TempDir;

// A context that presents `stem`.pem/.key and requires a peer certificate from `ca`.
SslCtxPtr make_context(bool server, const TempDir& pki, const std::string& stem,
                       const std::string& ca_path) {
  SslCtxPtr ctx(SSL_CTX_new(server ? TLS_server_method() : TLS_client_method()));
  EXPECT_EQ(SSL_CTX_set_min_proto_version(ctx.get(), TLS1_3_VERSION), 1);
  EXPECT_EQ(
      SSL_CTX_use_certificate_file(ctx.get(), pki.file(stem + ".pem").c_str(), SSL_FILETYPE_PEM),
      1);
  EXPECT_EQ(
      SSL_CTX_use_PrivateKey_file(ctx.get(), pki.file(stem + ".key").c_str(), SSL_FILETYPE_PEM), 1);
  EXPECT_EQ(SSL_CTX_load_verify_locations(ctx.get(), ca_path.c_str(), nullptr), 1);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  return ctx;
}

struct Handshake {
  bool ok = false;
  PeerIdentity client;  // as the server sees it
};

// Runs both ends of the handshake over a BIO pair until both finish or one fails.
Handshake handshake(SSL_CTX* server_ctx, SSL_CTX* client_ctx) {
  SslPtr server(SSL_new(server_ctx));
  SslPtr client(SSL_new(client_ctx));
  BIO* server_bio = nullptr;
  BIO* client_bio = nullptr;
  BIO_new_bio_pair(&server_bio, 0, &client_bio, 0);
  SSL_set_bio(server.get(), server_bio, server_bio);
  SSL_set_bio(client.get(), client_bio, client_bio);
  SSL_set_accept_state(server.get());
  SSL_set_connect_state(client.get());
  SSL_set1_host(client.get(), "localhost");  // the client checks the server's name too
  bool server_done = false;
  bool client_done = false;
  for (int round = 0; round < 100 && !(server_done && client_done); ++round) {
    for (auto [ssl, done] : {std::pair{client.get(), &client_done}, {server.get(), &server_done}}) {
      if (*done) continue;
      const int rc = SSL_do_handshake(ssl);
      if (rc == 1) {
        *done = true;
      } else {
        const int error = SSL_get_error(ssl, rc);
        if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) return {};
      }
    }
  }
  Handshake result;
  result.ok = server_done && client_done;
  X509Ptr peer(SSL_get1_peer_certificate(server.get()));
  result.client = identity_of(peer.get());
  return result;
}

class MutualTls : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = parse_service_config(testing::kSmallConfig, "test.toml");
    init_pki(pki_.path().string(), config_, false);
  }
  TempDir pki_;
  ServiceConfig config_;
};

TEST_F(MutualTls, ParticipantCertificateCompletesTheHandshakeAndNamesItsBic) {
  SslCtxPtr server = make_context(true, pki_, "server", pki_.file("ca.pem"));
  SslCtxPtr client = make_context(false, pki_, "SILKCNB0", pki_.file("ca.pem"));
  const Handshake result = handshake(server.get(), client.get());
  ASSERT_TRUE(result.ok);
  ASSERT_TRUE(result.client.ok()) << result.client.error;
  EXPECT_EQ(result.client.role, PeerRole::kParticipant);
  EXPECT_EQ(result.client.bic, *core::Bic::parse("SILKCNB0"));
}

TEST_F(MutualTls, OperatorCertificateCompletesTheHandshakeAsOperator) {
  SslCtxPtr server = make_context(true, pki_, "server", pki_.file("ca.pem"));
  SslCtxPtr client = make_context(false, pki_, "operator", pki_.file("ca.pem"));
  const Handshake result = handshake(server.get(), client.get());
  ASSERT_TRUE(result.ok);
  ASSERT_TRUE(result.client.ok()) << result.client.error;
  EXPECT_EQ(result.client.role, PeerRole::kOperator);
  EXPECT_EQ(result.client.bic, config_.service.system_bic);
}

TEST_F(MutualTls, ClientCertificateOfAnotherCaIsRefused) {
  TempDir other;
  init_pki(other.path().string(), config_, false);
  SslCtxPtr server = make_context(true, pki_, "server", pki_.file("ca.pem"));
  // The client trusts the server's CA but presents a certificate from another one.
  SslCtxPtr client = make_context(false, other, "SILKCNB0", pki_.file("ca.pem"));
  EXPECT_FALSE(handshake(server.get(), client.get()).ok);
}

}  // namespace
}  // namespace corridor::gateway
