// Finality receipts for settled payments (GET /v1/receipts/{uetr},
// docs/receipts.md), signed with the operator's Ed25519 key when asked for:
// everything a receipt binds is in the participant views (from the journal),
// so a receipt issued today and one issued after a restart are the same.
#pragma once

#include <string>

#include "core/bic.h"
#include "gateway/participant_views.h"
#include "receipt/openssl_util.h"
#include "receipt/receipt.h"

namespace corridor::gateway {

class ReceiptSigner {
 public:
  // Loads the key and the certificate; throws std::runtime_error naming the
  // file when either cannot be read, or when they are not an Ed25519 pair.
  ReceiptSigner(const std::string& operator_key_pem, const std::string& operator_cert_pem,
                core::Bic system_bic);

  // The receipt of a settled payment; not ok for any other. A cross-currency
  // payment's is a corridor-finality-receipt/2 (both legs); a DNS payment's
  // names its cycle (settled_by dns_cycle).
  receipt::OrError<receipt::SignedReceipt> receipt_for(const PaymentRecord& payment) const;

 private:
  receipt::PkeyPtr key_;
  receipt::Sha256Digest cert_sha256_{};
  core::Bic system_bic_;
};

}  // namespace corridor::gateway
