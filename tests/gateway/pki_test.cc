#include "gateway/pki.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "config_text.h"
#include "temp_dir.h"

namespace corridor::gateway {
namespace {

namespace fs = std::filesystem;

using testing::TempDir;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

EvpPkeyPtr load_key(const fs::path& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) return nullptr;
  return EvpPkeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

// X509_verify_cert of `cert` against `ca` for `purpose` (X509_PURPOSE_SSL_CLIENT...).
int verify_against(X509* ca, X509* cert, int purpose) {
  X509StorePtr store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), ca);
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), cert, nullptr);
  X509_STORE_CTX_set_purpose(ctx.get(), purpose);
  if (X509_verify_cert(ctx.get()) == 1) return X509_V_OK;
  return X509_STORE_CTX_get_error(ctx.get());
}

// A certificate with only a subject (identity_of reads nothing else).
X509Ptr with_subject(std::initializer_list<std::pair<const char*, const char*>> entries) {
  X509Ptr cert(X509_new());
  X509_NAME* name = X509_get_subject_name(cert.get());
  for (const auto& [field, value] : entries) {
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value), -1, -1, 0);
  }
  return cert;
}

class Pki : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = parse_service_config(testing::kSmallConfig, "test.toml");
    written_ = init_pki(dir_.path().string(), config_, false);
  }
  fs::path file(const std::string& name) const { return dir_.path() / name; }

  TempDir dir_;
  ServiceConfig config_;
  std::vector<std::string> written_;
};

TEST_F(Pki, InitWritesEveryFileWithKeysReadableByTheOwnerOnly) {
  std::vector<std::string> names = {"ca",       "server",      "operator", "CBCNCNB0", "CBRURUM0",
                                    "LTSBCNB0", "BERZRUM0XXX", "SILKCNB0", "BAMBCNS0"};
  EXPECT_EQ(written_.size(), names.size() * 2);
  for (const std::string& name : names) {
    struct stat cert_stat {};
    struct stat key_stat {};
    ASSERT_EQ(stat(file(name + ".pem").c_str(), &cert_stat), 0) << name;
    ASSERT_EQ(stat(file(name + ".key").c_str(), &key_stat), 0) << name;
    EXPECT_EQ(key_stat.st_mode & 0777, 0600u) << name;
    EXPECT_EQ(cert_stat.st_mode & 0777, 0644u) << name;
    EXPECT_NE(read_text(file(name + ".pem")).find("-----BEGIN CERTIFICATE-----"),
              std::string::npos);
  }
  for (const auto& entry : fs::directory_iterator(dir_.path())) {
    EXPECT_NE(entry.path().extension(), ".tmp") << "left behind: " << entry.path();
  }
}

TEST_F(Pki, EveryKeyIsEd25519AndMatchesItsCertificate) {
  for (const std::string name : {"ca", "server", "operator", "LTSBCNB0", "BAMBCNS0"}) {
    const EvpPkeyPtr key = load_key(file(name + ".key"));
    ASSERT_NE(key, nullptr) << name;
    EXPECT_EQ(EVP_PKEY_get_id(key.get()), EVP_PKEY_ED25519) << name;
    const X509Ptr cert = load_certificate(file(name + ".pem").string());
    EXPECT_EQ(X509_check_private_key(cert.get(), key.get()), 1) << name;
  }
}

TEST_F(Pki, EveryClientCertificateVerifiesAgainstTheCa) {
  const X509Ptr ca = load_certificate(file("ca.pem").string());
  for (const ParticipantConfig& p : config_.participants) {
    const X509Ptr cert = load_certificate(file(p.bic_text + ".pem").string());
    EXPECT_EQ(verify_against(ca.get(), cert.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK)
        << p.bic_text;
  }
  const X509Ptr op = load_certificate(file("operator.pem").string());
  EXPECT_EQ(verify_against(ca.get(), op.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
}

TEST_F(Pki, ServerCertificateVerifiesForLocalhostAndTheListenAddressButNotAsAClient) {
  const X509Ptr ca = load_certificate(file("ca.pem").string());
  const X509Ptr server = load_certificate(file("server.pem").string());
  EXPECT_EQ(verify_against(ca.get(), server.get(), X509_PURPOSE_SSL_SERVER), X509_V_OK);
  EXPECT_NE(verify_against(ca.get(), server.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
  EXPECT_EQ(X509_check_host(server.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(server.get(), "127.0.0.1", 0), 1);
  EXPECT_NE(X509_check_host(server.get(), "example.com", 0, 0, nullptr), 1);
}

TEST_F(Pki, ACertificateFromAnotherCaDoesNotVerify) {
  TempDir other;
  init_pki(other.path().string(), config_, false);
  const X509Ptr ca = load_certificate(file("ca.pem").string());
  const X509Ptr foreign = load_certificate((other.path() / "LTSBCNB0.pem").string());
  EXPECT_NE(verify_against(ca.get(), foreign.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
}

TEST_F(Pki, IdentityOfReadsBackBicAndRole) {
  for (const ParticipantConfig& p : config_.participants) {
    const X509Ptr cert = load_certificate(file(p.bic_text + ".pem").string());
    const PeerIdentity identity = identity_of(cert.get());
    ASSERT_TRUE(identity.ok()) << identity.error;
    EXPECT_EQ(identity.role, PeerRole::kParticipant);
    EXPECT_EQ(identity.bic, p.bic);
  }
  const X509Ptr op = load_certificate(file("operator.pem").string());
  const PeerIdentity identity = identity_of(op.get());
  ASSERT_TRUE(identity.ok()) << identity.error;
  EXPECT_EQ(identity.role, PeerRole::kOperator);
  EXPECT_EQ(identity.bic, config_.service.system_bic);
}

TEST_F(Pki, IdentityOfRefusesTheServerAndCaCertificates) {
  const X509Ptr server = load_certificate(file("server.pem").string());
  EXPECT_EQ(identity_of(server.get()).error,
            "OU=\"server\" is not a client role (participant or operator)");
  const X509Ptr ca = load_certificate(file("ca.pem").string());
  EXPECT_EQ(identity_of(ca.get()).error,
            "OU=\"ca\" is not a client role (participant or operator)");
}

TEST(PeerIdentity, SubjectsOutsideTheConventionAreErrors) {
  EXPECT_EQ(identity_of(nullptr).error, "no client certificate");
  EXPECT_FALSE(PeerIdentity().ok());
  EXPECT_EQ(identity_of(with_subject({{"CN", "LTSBCNB0"}}).get()).error, "the subject has no OU");
  EXPECT_EQ(identity_of(with_subject({{"OU", "participant"}}).get()).error,
            "the subject has no CN");
  EXPECT_EQ(identity_of(with_subject({{"CN", "Lotus"}, {"OU", "participant"}}).get()).error,
            "CN=\"Lotus\" is not an ISO 9362 BIC");
  EXPECT_EQ(identity_of(
                with_subject({{"CN", "LTSBCNB0"}, {"OU", "participant"}, {"OU", "operator"}}).get())
                .error,
            "the subject has more than one OU");
  EXPECT_EQ(identity_of(
                with_subject({{"CN", "LTSBCNB0"}, {"CN", "SILKCNB0"}, {"OU", "participant"}}).get())
                .error,
            "the subject has more than one CN");
  const PeerIdentity ok =
      identity_of(with_subject({{"CN", "SILKCNB0XXX"}, {"OU", "participant"}}).get());
  EXPECT_TRUE(ok.ok()) << ok.error;
  EXPECT_EQ(ok.bic, *core::Bic::parse("SILKCNB0"));
}

TEST_F(Pki, SecondInitRefusesWithoutForceAndChangesNothing) {
  const std::string ca_before = read_text(file("ca.pem"));
  const std::string key_before = read_text(file("LTSBCNB0.key"));
  EXPECT_THROW(init_pki(dir_.path().string(), config_, false), PkiExistsError);
  EXPECT_EQ(read_text(file("ca.pem")), ca_before);
  EXPECT_EQ(read_text(file("LTSBCNB0.key")), key_before);
}

TEST_F(Pki, SecondInitWithForceReplacesThePki) {
  const std::string ca_before = read_text(file("ca.pem"));
  init_pki(dir_.path().string(), config_, true);
  EXPECT_NE(read_text(file("ca.pem")), ca_before);
  const X509Ptr ca = load_certificate(file("ca.pem").string());
  const X509Ptr cert = load_certificate(file("LTSBCNB0.pem").string());
  EXPECT_EQ(verify_against(ca.get(), cert.get(), X509_PURPOSE_SSL_CLIENT), X509_V_OK);
}

TEST_F(Pki, AFailedWriteWithForceLeavesThePreviousPkiAndNoTemporaryFiles) {
  const std::string ca_before = read_text(file("ca.pem"));
  // A directory where a temporary file must go makes that one write fail.
  fs::create_directory(file("SILKCNB0.pem.tmp"));
  EXPECT_THROW(init_pki(dir_.path().string(), config_, true), PkiError);
  EXPECT_EQ(read_text(file("ca.pem")), ca_before);
  fs::remove(file("SILKCNB0.pem.tmp"));
  for (const auto& entry : fs::directory_iterator(dir_.path())) {
    EXPECT_NE(entry.path().extension(), ".tmp") << "left behind: " << entry.path();
  }
}

TEST(PkiInit, ServerCertificateNamesAHostNameListenAddress) {
  TempDir dir;
  const ServiceConfig config =
      parse_service_config(testing::replaced(testing::kSmallConfig, "journal_dir",
                                             "listen_address = \"rtgs.example.test\"\njournal_dir"),
                           "test.toml");
  init_pki(dir.path().string(), config, false);
  const X509Ptr server = load_certificate((dir.path() / "server.pem").string());
  EXPECT_EQ(X509_check_host(server.get(), "rtgs.example.test", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(server.get(), "localhost", 0, 0, nullptr), 1);
}

TEST(PkiInit, AWildcardListenAddressIsNotPutInTheServerCertificate) {
  TempDir dir;
  const ServiceConfig config =
      parse_service_config(testing::replaced(testing::kSmallConfig, "journal_dir",
                                             "listen_address = \"0.0.0.0\"\njournal_dir"),
                           "test.toml");
  init_pki(dir.path().string(), config, false);
  const X509Ptr server = load_certificate((dir.path() / "server.pem").string());
  EXPECT_NE(X509_check_ip_asc(server.get(), "0.0.0.0", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(server.get(), "127.0.0.1", 0), 1);
}

TEST(PkiInit, APathThatIsAFileIsRefused) {
  TempDir dir;
  const fs::path path = dir.path() / "file";
  std::ofstream(path) << "x";
  const ServiceConfig config = parse_service_config(testing::kSmallConfig, "test.toml");
  EXPECT_THROW(init_pki(path.string(), config, false), PkiError);
}

}  // namespace
}  // namespace corridor::gateway
