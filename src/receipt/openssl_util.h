// Owning pointers for OpenSSL objects, and OpenSSL's error queue as text.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace corridor::receipt {

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;

// The oldest queued OpenSSL error as text ("" when none), and clears the queue
// so that a later failure is not blamed on an earlier one.
std::string take_openssl_error();

}  // namespace corridor::receipt
