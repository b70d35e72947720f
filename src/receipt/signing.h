// Signing receipts with the operator's Ed25519 key, and verifying them
// against the operator's certificate.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <string>

#include "receipt/receipt.h"

namespace corridor::receipt {

// SHA-256 of the certificate's DER encoding: what
// `openssl x509 -noout -fingerprint -sha256` prints (there in upper case with colons).
Sha256Digest certificate_sha256(X509* cert);

// Signs canonical_bytes(receipt) (pure Ed25519, no pre-hash). Fails for an
// invalid receipt, a key that is not an Ed25519 private key, or an OpenSSL error.
OrError<SignedReceipt> sign(const Receipt& receipt, EVP_PKEY* ed25519_private);

struct Verification {
  bool valid = false;
  std::string reason;  // why not, when !valid
};

// Valid when the certificate's key is Ed25519, the receipt names this
// certificate (operator_cert_sha256), and the signature over the canonical
// bytes verifies with the certificate's key. Does not check the certificate's
// validity period or issuer: receipts must stay verifiable after the
// certificate expires, and trusting the certificate is the verifier's choice.
Verification verify(const SignedReceipt& signed_receipt, X509* operator_cert);

}  // namespace corridor::receipt
