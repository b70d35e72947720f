// Keys and certificates read from PEM files, and the errors for files that are not.
#include "receipt/pem.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>

#include <cstdio>

#include "receipt/signing.h"
#include "test_pki.h"

namespace corridor::receipt {
namespace {

using testing::TempDir;

void write_pem(const std::string& path, EVP_PKEY* key, X509* cert) {
  FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  if (key != nullptr) {
    EXPECT_EQ(PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  }
  if (cert != nullptr) {
    EXPECT_EQ(PEM_write_X509(file, cert), 1);
  }
  std::fclose(file);
}

TEST(Pem, AKeyAndCertificateReadFromFilesSignAndVerify) {
  const TempDir dir;
  const PkeyPtr key = testing::make_ed25519_key();
  const X509Ptr cert = testing::make_self_signed_cert(key.get(), "operator");
  write_pem(dir.path("key.pem"), key.get(), nullptr);
  write_pem(dir.path("cert.pem"), nullptr, cert.get());

  OrError<PkeyPtr> loaded_key = load_private_key_pem(dir.path("key.pem"));
  ASSERT_TRUE(loaded_key.ok()) << loaded_key.error;
  OrError<X509Ptr> loaded_cert = load_certificate_pem(dir.path("cert.pem"));
  ASSERT_TRUE(loaded_cert.ok()) << loaded_cert.error;
  EXPECT_EQ(certificate_sha256(loaded_cert.value->get()), certificate_sha256(cert.get()));

  const OrError<SignedReceipt> signed_receipt =
      sign(testing::sample_receipt(cert.get()), loaded_key.value->get());
  ASSERT_TRUE(signed_receipt.ok()) << signed_receipt.error;
  EXPECT_TRUE(verify(*signed_receipt.value, loaded_cert.value->get()).valid);
}

TEST(Pem, AMissingFileIsNamedWithTheSystemError) {
  const TempDir dir;
  const OrError<X509Ptr> cert = load_certificate_pem(dir.path("absent.pem"));
  EXPECT_FALSE(cert.ok());
  EXPECT_EQ(cert.error, "cannot open " + dir.path("absent.pem") + ": No such file or directory");
  EXPECT_FALSE(load_private_key_pem(dir.path("absent.pem")).ok());
}

TEST(Pem, AFileWithoutTheExpectedPemBlockIsRefused) {
  const TempDir dir;
  testing::write_file(dir.path("junk.pem"), "not a PEM file\n");
  const OrError<X509Ptr> cert = load_certificate_pem(dir.path("junk.pem"));
  EXPECT_FALSE(cert.ok());
  EXPECT_NE(cert.error.find("no PEM certificate in " + dir.path("junk.pem")), std::string::npos)
      << cert.error;
  const OrError<PkeyPtr> key = load_private_key_pem(dir.path("junk.pem"));
  EXPECT_FALSE(key.ok());
  EXPECT_NE(key.error.find("no PEM private key in"), std::string::npos) << key.error;

  // A certificate is not a private key, nor the other way round.
  const PkeyPtr ed_key = testing::make_ed25519_key();
  const X509Ptr ed_cert = testing::make_self_signed_cert(ed_key.get(), "operator");
  write_pem(dir.path("cert.pem"), nullptr, ed_cert.get());
  write_pem(dir.path("key.pem"), ed_key.get(), nullptr);
  EXPECT_FALSE(load_private_key_pem(dir.path("cert.pem")).ok());
  EXPECT_FALSE(load_certificate_pem(dir.path("key.pem")).ok());
}

}  // namespace
}  // namespace corridor::receipt
