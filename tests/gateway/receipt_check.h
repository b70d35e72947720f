// Finality receipts served by the service (GET /v1/receipts/{uetr}), checked
// as docs/receipts.md says a participant and an auditor check them: the
// signature against the operator certificate, and chain_head_sha256 against
// the batch of the journal that holds journal_seq.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "journal/journal_reader.h"
#include "receipt/pem.h"
#include "receipt/receipt_json.h"
#include "receipt/signing.h"

namespace corridor::gateway::service_testing {

// The receipt in `body`, or nullopt (with a test failure) when it does not
// parse or does not verify against the operator certificate in `pki_dir`.
inline std::optional<receipt::SignedReceipt> verified_receipt(const std::string& body,
                                                              const std::string& pki_dir) {
  const auto parsed = receipt::parse_json(body);
  EXPECT_TRUE(parsed.ok()) << parsed.error << "\n" << body;
  if (!parsed.ok()) return std::nullopt;
  const auto cert = receipt::load_certificate_pem(pki_dir + "/operator.pem");
  EXPECT_TRUE(cert.ok()) << cert.error;
  if (!cert.ok()) return std::nullopt;
  const receipt::Verification verification = receipt::verify(*parsed.value, cert.value->get());
  EXPECT_TRUE(verification.valid) << verification.reason;
  if (!verification.valid) return std::nullopt;
  return parsed.value;
}

// batch_hash of the journal batch holding `seq` (nullopt: no such batch).
inline std::optional<receipt::Sha256Digest> batch_hash_holding(const std::string& journal_dir,
                                                               uint64_t seq) {
  std::optional<receipt::Sha256Digest> found;
  journal::scan_journal(journal_dir, journal::ScanOptions{}, [&](const journal::BatchAt& at) {
    const journal::BatchHeader& h = at.batch.header;
    if (seq < h.first_seq || seq > h.last_seq()) return true;
    receipt::Sha256Digest hash{};
    std::copy(at.batch.batch_hash.begin(), at.batch.batch_hash.end(), hash.begin());
    found = hash;
    return false;
  });
  return found;
}

}  // namespace corridor::gateway::service_testing
