#include "gateway/receipt_signer.h"

#include <algorithm>
#include <stdexcept>

#include "receipt/pem.h"
#include "receipt/signing.h"

namespace corridor::gateway {

ReceiptSigner::ReceiptSigner(const std::string& operator_key_pem,
                             const std::string& operator_cert_pem, core::Bic system_bic)
    : system_bic_(system_bic) {
  receipt::OrError<receipt::PkeyPtr> key = receipt::load_private_key_pem(operator_key_pem);
  if (!key.ok()) throw std::runtime_error("operator key " + operator_key_pem + ": " + key.error);
  receipt::OrError<receipt::X509Ptr> cert = receipt::load_certificate_pem(operator_cert_pem);
  if (!cert.ok()) {
    throw std::runtime_error("operator certificate " + operator_cert_pem + ": " + cert.error);
  }
  key_ = std::move(*key.value);
  cert_sha256_ = receipt::certificate_sha256(cert.value->get());
  // A receipt the certificate cannot verify would be worse than none: check the pair now.
  receipt::Receipt probe;
  probe.uetr = *core::Uetr::parse("00000000-0000-4000-8000-000000000000");
  probe.amount_minor = 1;
  probe.currency = *core::CurrencyCode::parse("XXX");
  probe.debtor_agent = system_bic;
  probe.creditor_agent = system_bic;
  probe.settled_at_ns = 1;
  probe.settled_by = receipt::SettledBy::kEntry;
  probe.journal_seq = 1;
  probe.system_bic = system_bic;
  probe.operator_cert_sha256 = cert_sha256_;
  receipt::OrError<receipt::SignedReceipt> signed_probe = receipt::sign(probe, key_.get());
  if (!signed_probe.ok()) {
    throw std::runtime_error("operator key " + operator_key_pem +
                             " cannot sign receipts: " + signed_probe.error);
  }
  const receipt::Verification check = receipt::verify(*signed_probe.value, cert.value->get());
  if (!check.valid) {
    throw std::runtime_error("operator key " + operator_key_pem + " does not match certificate " +
                             operator_cert_pem + ": " + check.reason);
  }
}

receipt::OrError<receipt::SignedReceipt> ReceiptSigner::receipt_for(
    const PaymentRecord& payment) const {
  if (payment.state != PaymentState::kSettled) {
    return {std::nullopt, std::string("the payment is ") + to_string(payment.state) +
                              ", not settled: no finality receipt"};
  }
  receipt::Receipt r;
  r.uetr = payment.uetr;
  r.amount_minor = payment.amount_minor;
  r.currency = payment.currency;
  r.debtor_agent = payment.debtor_agent;
  r.creditor_agent = payment.creditor_agent;
  r.settled_at_ns = payment.settled_at_ns;
  // A DNS payment settles with its cycle: the views record the cycle's
  // SettleDnsCycle command as the settling one, and the core reports no way.
  r.settled_by =
      payment.dns ? receipt::SettledBy::kDnsCycle : receipt::settled_by_of(payment.settled_by);
  r.journal_seq = payment.settled_seq;
  std::copy(payment.settled_batch_hash.begin(), payment.settled_batch_hash.end(),
            r.chain_head_sha256.begin());
  r.system_bic = system_bic_;
  r.operator_cert_sha256 = cert_sha256_;
  if (payment.fx) {
    // Both legs settled together (PvP): the receipt binds the second one too.
    r.second_leg =
        receipt::SecondLeg{payment.fx->provider, payment.fx->quote_id,
                           payment.fx->settlement_amount_minor, payment.fx->settlement_currency};
  }
  return receipt::sign(r, key_.get());
}

}  // namespace corridor::gateway
