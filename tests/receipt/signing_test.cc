// Signing and verifying: every field is bound by the signature, and only the
// named Ed25519 operator certificate verifies a receipt.
#include "receipt/signing.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "test_pki.h"

namespace corridor::receipt {
namespace {

using testing::make_ed25519_key;
using testing::make_p256_key;
using testing::make_self_signed_cert;
using testing::sample_receipt;

class SigningTest : public ::testing::Test {
 protected:
  SigningTest()
      : key_(make_ed25519_key()),
        cert_(make_self_signed_cert(key_.get(), "operator")),
        other_key_(make_ed25519_key()),
        other_cert_(make_self_signed_cert(other_key_.get(), "operator")) {}

  SignedReceipt signed_sample() {
    OrError<SignedReceipt> signed_receipt = sign(sample_receipt(cert_.get()), key_.get());
    EXPECT_TRUE(signed_receipt.ok()) << signed_receipt.error;
    return *signed_receipt.value;
  }

  PkeyPtr key_;
  X509Ptr cert_;
  PkeyPtr other_key_;
  X509Ptr other_cert_;
};

TEST_F(SigningTest, ASignedReceiptVerifiesAgainstTheOperatorCertificate) {
  const Verification result = verify(signed_sample(), cert_.get());
  EXPECT_TRUE(result.valid) << result.reason;
  EXPECT_EQ(result.reason, "");
}

TEST_F(SigningTest, SigningTheSameReceiptTwiceGivesTheSameSignature) {
  // Ed25519 is deterministic: a receipt re-issued later is byte-identical.
  EXPECT_EQ(signed_sample(), signed_sample());
}

struct Change {
  const char* field;
  std::function<void(Receipt&)> apply;
};

TEST_F(SigningTest, ChangingAnySignedFieldMakesVerificationFail) {
  const std::vector<Change> changes = {
      {"amount_minor one minor unit more", [](Receipt& r) { r.amount_minor += 1; }},
      {"amount_minor one minor unit less", [](Receipt& r) { r.amount_minor -= 1; }},
      {"uetr", [](Receipt& r) { r.uetr = core::Uetr::from_bits(r.uetr.high, r.uetr.low + 1); }},
      {"currency", [](Receipt& r) { r.currency = *core::CurrencyCode::parse("EUS"); }},
      {"debtor_agent", [](Receipt& r) { r.debtor_agent = *core::Bic::parse("BANKAAFG"); }},
      {"creditor_agent", [](Receipt& r) { r.creditor_agent = *core::Bic::parse("BANKBBFFXXY"); }},
      {"agents swapped", [](Receipt& r) { std::swap(r.debtor_agent, r.creditor_agent); }},
      {"settled_at_ns", [](Receipt& r) { r.settled_at_ns += 1; }},
      {"settled_by", [](Receipt& r) { r.settled_by = SettledBy::kGridlockResolution; }},
      {"journal_seq", [](Receipt& r) { r.journal_seq += 1; }},
      {"chain_head_sha256", [](Receipt& r) { r.chain_head_sha256[31] ^= 1; }},
      {"system_bic", [](Receipt& r) { r.system_bic = *core::Bic::parse("CORRXXFF"); }},
  };
  const SignedReceipt original = signed_sample();
  for (const Change& change : changes) {
    SignedReceipt tampered = original;
    change.apply(tampered.receipt);
    ASSERT_NE(tampered.receipt, original.receipt) << change.field;
    const Verification result = verify(tampered, cert_.get());
    EXPECT_FALSE(result.valid) << change.field;
    EXPECT_NE(result.reason.find("signature does not match"), std::string::npos)
        << change.field << ": " << result.reason;
  }
}

TEST_F(SigningTest, ACrossCurrencyReceiptVerifiesAndBindsEverySecondLegField) {
  const OrError<SignedReceipt> signed_receipt =
      sign(testing::sample_cross_currency_receipt(cert_.get()), key_.get());
  ASSERT_TRUE(signed_receipt.ok()) << signed_receipt.error;
  const Verification valid = verify(*signed_receipt.value, cert_.get());
  EXPECT_TRUE(valid.valid) << valid.reason;
  const std::vector<Change> changes = {
      {"fx_provider",
       [](Receipt& r) { r.second_leg->fx_provider = *core::Bic::parse("FXPRFFXY"); }},
      {"fx_quote_id", [](Receipt& r) { r.second_leg->fx_quote_id += 1; }},
      {"settlement_amount_minor one more",
       [](Receipt& r) { r.second_leg->settlement_amount_minor += 1; }},
      {"settlement_amount_minor one less",
       [](Receipt& r) { r.second_leg->settlement_amount_minor -= 1; }},
      {"settlement_currency",
       [](Receipt& r) { r.second_leg->settlement_currency = *core::CurrencyCode::parse("USD"); }},
      {"amounts swapped",
       [](Receipt& r) { std::swap(r.amount_minor, r.second_leg->settlement_amount_minor); }},
      {"currencies swapped",
       [](Receipt& r) { std::swap(r.currency, r.second_leg->settlement_currency); }},
      // Dropping the second leg makes it a /1 receipt of leg 1 alone: not what was signed.
      {"second leg dropped", [](Receipt& r) { r.second_leg.reset(); }},
  };
  for (const Change& change : changes) {
    SignedReceipt tampered = *signed_receipt.value;
    change.apply(tampered.receipt);
    ASSERT_NE(tampered.receipt, signed_receipt.value->receipt) << change.field;
    const Verification result = verify(tampered, cert_.get());
    EXPECT_FALSE(result.valid) << change.field;
    EXPECT_NE(result.reason.find("signature does not match"), std::string::npos)
        << change.field << ": " << result.reason;
  }
}

TEST_F(SigningTest, ChangingOneBitOfTheSignatureMakesVerificationFail) {
  for (size_t byte : {size_t{0}, size_t{31}, size_t{32}, size_t{63}}) {
    SignedReceipt tampered = signed_sample();
    tampered.signature_ed25519[byte] ^= 0x10;
    EXPECT_FALSE(verify(tampered, cert_.get()).valid) << "byte " << byte;
  }
}

TEST_F(SigningTest, AReceiptCheckedAgainstAnotherCertificateFailsOnTheFingerprint) {
  const Verification result = verify(signed_sample(), other_cert_.get());
  EXPECT_FALSE(result.valid);
  EXPECT_NE(result.reason.find("names operator certificate"), std::string::npos) << result.reason;
}

TEST_F(SigningTest, AReceiptSignedByAnotherKeyButNamingThisCertificateFailsOnTheSignature) {
  const OrError<SignedReceipt> forged = sign(sample_receipt(cert_.get()), other_key_.get());
  ASSERT_TRUE(forged.ok()) << forged.error;
  const Verification result = verify(*forged.value, cert_.get());
  EXPECT_FALSE(result.valid);
  EXPECT_NE(result.reason.find("signature does not match"), std::string::npos) << result.reason;
}

TEST_F(SigningTest, ChangingTheNamedCertificateFailsEvenWithThatCertificate) {
  // The fingerprint is signed too: pointing a receipt at another certificate breaks it.
  SignedReceipt moved = signed_sample();
  moved.receipt.operator_cert_sha256 = certificate_sha256(other_cert_.get());
  const Verification result = verify(moved, other_cert_.get());
  EXPECT_FALSE(result.valid);
  EXPECT_NE(result.reason.find("signature does not match"), std::string::npos) << result.reason;
}

TEST_F(SigningTest, ACertificateWithAnEcP256KeyIsRefused) {
  const PkeyPtr ec_key = make_p256_key();
  const X509Ptr ec_cert = make_self_signed_cert(ec_key.get(), "operator");
  SignedReceipt receipt = signed_sample();
  receipt.receipt.operator_cert_sha256 = certificate_sha256(ec_cert.get());
  const Verification result = verify(receipt, ec_cert.get());
  EXPECT_FALSE(result.valid);
  EXPECT_NE(result.reason.find("key is EC, not Ed25519"), std::string::npos) << result.reason;
}

TEST_F(SigningTest, SigningWithAnEcKeyIsRefused) {
  const PkeyPtr ec_key = make_p256_key();
  const OrError<SignedReceipt> result = sign(sample_receipt(cert_.get()), ec_key.get());
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.error.find("EC, not Ed25519"), std::string::npos) << result.error;
}

TEST_F(SigningTest, SigningWithOnlyAPublicKeyFails) {
  // Through DER, as a verifier would hold it: the certificate's own key object
  // may still carry the private half it was made from.
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key_.get(), &der);
  ASSERT_GT(length, 0);
  const unsigned char* at = der;
  const PkeyPtr public_only(d2i_PUBKEY(nullptr, &at, length));
  OPENSSL_free(der);
  ASSERT_TRUE(public_only);
  const OrError<SignedReceipt> result = sign(sample_receipt(cert_.get()), public_only.get());
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.error.find("signing failed"), std::string::npos) << result.error;
}

TEST_F(SigningTest, AnIncompleteReceiptIsNeitherSignedNorVerified) {
  Receipt incomplete = sample_receipt(cert_.get());
  incomplete.amount_minor = -5;
  const OrError<SignedReceipt> signed_receipt = sign(incomplete, key_.get());
  EXPECT_FALSE(signed_receipt.ok());
  EXPECT_NE(signed_receipt.error.find("amount_minor"), std::string::npos) << signed_receipt.error;
  SignedReceipt with_bad_amount = signed_sample();
  with_bad_amount.receipt.amount_minor = -5;
  const Verification result = verify(with_bad_amount, cert_.get());
  EXPECT_FALSE(result.valid);
  EXPECT_NE(result.reason.find("amount_minor"), std::string::npos) << result.reason;
}

TEST_F(SigningTest, TheFingerprintIsTheSha256OfTheCertificateDer) {
  unsigned char* der = nullptr;
  const int length = i2d_X509(cert_.get(), &der);
  ASSERT_GT(length, 0);
  Sha256Digest expected{};
  SHA256(der, static_cast<size_t>(length), expected.data());
  OPENSSL_free(der);
  EXPECT_EQ(certificate_sha256(cert_.get()), expected);
  EXPECT_NE(certificate_sha256(cert_.get()), certificate_sha256(other_cert_.get()));
}

}  // namespace
}  // namespace corridor::receipt
