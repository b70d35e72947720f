// Owning pointers for OpenSSL objects, so that every early return frees them.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>
#include <string>

namespace corridor::gateway {

struct OpensslFree {
  void operator()(X509* p) const { X509_free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(BIO* p) const { BIO_free_all(p); }
  void operator()(X509_STORE* p) const { X509_STORE_free(p); }
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(ASN1_INTEGER* p) const { ASN1_INTEGER_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
};

using X509Ptr = std::unique_ptr<X509, OpensslFree>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpensslFree>;
using BioPtr = std::unique_ptr<BIO, OpensslFree>;
using X509StorePtr = std::unique_ptr<X509_STORE, OpensslFree>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OpensslFree>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, OpensslFree>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, OpensslFree>;
using BignumPtr = std::unique_ptr<BIGNUM, OpensslFree>;

// The oldest error on OpenSSL's thread-local queue, as text (the queue is cleared).
std::string openssl_error_text();

}  // namespace corridor::gateway
