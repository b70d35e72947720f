#include "receipt/signing.h"

#include <memory>

#include "receipt/hex.h"
#include "receipt/openssl_util.h"

namespace corridor::receipt {
namespace {

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

bool is_ed25519(EVP_PKEY* key) {
  return EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519;
}

std::string key_type_name(EVP_PKEY* key) {
  const char* name = EVP_PKEY_get0_type_name(key);
  return name != nullptr ? name : "unknown";
}

const uint8_t* data_of(const std::string& bytes) {
  return reinterpret_cast<const uint8_t*>(bytes.data());
}

}  // namespace

Sha256Digest certificate_sha256(X509* cert) {
  Sha256Digest digest{};
  unsigned int length = 0;
  if (X509_digest(cert, EVP_sha256(), digest.data(), &length) != 1 || length != digest.size()) {
    // Only an out-of-memory or broken certificate object gets here; a zero
    // digest never matches a receipt, so verification fails rather than passes.
    take_openssl_error();
    return Sha256Digest{};
  }
  return digest;
}

OrError<SignedReceipt> sign(const Receipt& receipt, EVP_PKEY* ed25519_private) {
  if (const std::string error = validation_error(receipt); !error.empty()) {
    return {{}, "cannot sign an invalid receipt: " + error};
  }
  if (ed25519_private == nullptr || !is_ed25519(ed25519_private)) {
    return {{},
            "the signing key is " +
                (ed25519_private ? key_type_name(ed25519_private) : std::string("missing")) +
                ", not Ed25519"};
  }
  const std::string message = canonical_bytes(receipt);
  SignedReceipt out{receipt, {}};
  size_t length = out.signature_ed25519.size();
  MdCtxPtr ctx(EVP_MD_CTX_new());
  // Ed25519 is one-shot: no digest (nullptr), EVP_DigestSign over the whole message.
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, ed25519_private) != 1 ||
      EVP_DigestSign(ctx.get(), out.signature_ed25519.data(), &length, data_of(message),
                     message.size()) != 1 ||
      length != out.signature_ed25519.size()) {
    return {{}, "signing failed: " + take_openssl_error()};
  }
  return {out, ""};
}

Verification verify(const SignedReceipt& signed_receipt, X509* operator_cert) {
  const Receipt& receipt = signed_receipt.receipt;
  if (const std::string error = validation_error(receipt); !error.empty()) {
    return {false, "invalid receipt: " + error};
  }
  if (operator_cert == nullptr) return {false, "no operator certificate"};
  // get0: the certificate keeps ownership of its key.
  EVP_PKEY* key = X509_get0_pubkey(operator_cert);
  if (key == nullptr) {
    return {false, "the operator certificate's public key cannot be read: " + take_openssl_error()};
  }
  if (!is_ed25519(key)) {
    return {false, "the operator certificate's key is " + key_type_name(key) +
                       ", not Ed25519: receipts are signed with Ed25519 only"};
  }
  const Sha256Digest fingerprint = certificate_sha256(operator_cert);
  if (fingerprint != receipt.operator_cert_sha256) {
    return {false, "the receipt names operator certificate " +
                       to_hex(receipt.operator_cert_sha256) + ", not this one (" +
                       to_hex(fingerprint) + ")"};
  }
  const std::string message = canonical_bytes(receipt);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1) {
    return {false, "cannot set up verification: " + take_openssl_error()};
  }
  const int verified =
      EVP_DigestVerify(ctx.get(), signed_receipt.signature_ed25519.data(),
                       signed_receipt.signature_ed25519.size(), data_of(message), message.size());
  if (verified != 1) {
    take_openssl_error();  // a bad signature queues an error; it says no more than this
    return {false,
            "the signature does not match the receipt's contents under the operator "
            "certificate's key: the receipt was altered or signed by another key"};
  }
  return {true, ""};
}

}  // namespace corridor::receipt
