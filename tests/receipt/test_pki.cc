#include "test_pki.h"

#include <openssl/x509.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "receipt/signing.h"

namespace corridor::receipt::testing {
namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + take_openssl_error());
}

}  // namespace

PkeyPtr make_ed25519_key() {
  PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) fail("Ed25519 key generation");
  return key;
}

PkeyPtr make_p256_key() {
  PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) fail("P-256 key generation");
  return key;
}

X509Ptr make_self_signed_cert(EVP_PKEY* key, const std::string& common_name) {
  X509Ptr cert(X509_new());
  if (!cert) fail("X509_new");
  X509_set_version(cert.get(), 2);  // v3
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86'400);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), name);
  if (X509_set_pubkey(cert.get(), key) != 1) fail("X509_set_pubkey");
  // Ed25519 signs without a separate digest; EC needs one.
  const EVP_MD* digest = EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
  if (X509_sign(cert.get(), key, digest) <= 0) fail("X509_sign");
  return cert;
}

Receipt sample_receipt(X509* cert) {
  Receipt r;
  r.uetr = *core::Uetr::parse("058512c6-0d9c-4041-bc90-ec5371343601");
  r.amount_minor = 10000;
  r.currency = *core::CurrencyCode::parse("EUR");
  r.debtor_agent = *core::Bic::parse("BANKAAFF");
  r.creditor_agent = *core::Bic::parse("BANKBBFF");
  r.settled_at_ns = 1'795'770'000'123'456'789;
  r.settled_by = SettledBy::kEntry;
  r.journal_seq = 13;
  for (size_t i = 0; i < r.chain_head_sha256.size(); ++i) {
    r.chain_head_sha256[i] = static_cast<uint8_t>(i * 7 + 1);
  }
  r.system_bic = *core::Bic::parse("CORRXXFFRTG");
  if (cert != nullptr) r.operator_cert_sha256 = certificate_sha256(cert);
  return r;
}

Receipt sample_cross_currency_receipt(X509* cert) {
  Receipt r = sample_receipt(cert);
  r.second_leg =
      SecondLeg{*core::Bic::parse("FXPRFFXX"), 42, 1'085'000, *core::CurrencyCode::parse("JPY")};
  return r;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "corridor-receipt-XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace corridor::receipt::testing
