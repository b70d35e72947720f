// Keys and self-signed certificates made in the test with OpenSSL, and a
// sample receipt, for the receipt tests.
#pragma once

#include <string>

#include "receipt/openssl_util.h"
#include "receipt/receipt.h"

namespace corridor::receipt::testing {

PkeyPtr make_ed25519_key();
PkeyPtr make_p256_key();
// Self-signed, subject CN=`common_name`, valid for a day.
X509Ptr make_self_signed_cert(EVP_PKEY* key, const std::string& common_name);

// A complete receipt naming `cert` as the operator certificate.
Receipt sample_receipt(X509* cert);
// The sample as a cross-currency payment: 10000 EUR to FXPRFFXX, which pays
// 1085000 JPY (quote 42) to the creditor agent (a corridor-finality-receipt/2).
Receipt sample_cross_currency_receipt(X509* cert);

// A fresh directory under /tmp, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

 private:
  std::string dir_;
};

void write_file(const std::string& path, const std::string& content);

}  // namespace corridor::receipt::testing
