// Reading the operator's Ed25519 private key and X.509 certificate from PEM files.
#pragma once

#include <string>

#include "receipt/openssl_util.h"
#include "receipt/receipt.h"

namespace corridor::receipt {

// The first private key in the file (unencrypted PEM: PKCS#8 or traditional).
OrError<PkeyPtr> load_private_key_pem(const std::string& path);
// The first certificate in the file.
OrError<X509Ptr> load_certificate_pem(const std::string& path);

}  // namespace corridor::receipt
