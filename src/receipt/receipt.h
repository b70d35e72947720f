// Finality receipts: what the operator signs when a payment settles
// (docs/receipts.md). A receipt binds the payment (UETR, amount, currency,
// agents), when and how it settled, and where that is recorded in the journal
// (the sequence number of the command that settled it and the hash of the
// batch holding that command), so a participant can later prove finality
// offline with nothing but the receipt and the operator's certificate.
//
// The signed bytes are the canonical encoding: one "name=value\n" line per
// field, in a fixed order, starting with the format line
// "format=corridor-finality-receipt/1". Every value has exactly one spelling
// (canonical UETR, BIC8 when the branch is XXX, decimal without sign or
// leading zeros, lower-case hex) and none can hold a newline, so the encoding
// is injective and anyone can rebuild it with printf and check it with openssl.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/bic.h"
#include "core/currency.h"
#include "core/money.h"
#include "core/result.h"
#include "core/types.h"
#include "core/uetr.h"

namespace corridor::receipt {

using Sha256Digest = std::array<uint8_t, 32>;
using Ed25519Signature = std::array<uint8_t, 64>;

// The value of the first canonical line and of the JSON "format" field.
inline constexpr std::string_view kFormat = "corridor-finality-receipt/1";

struct Receipt {
  core::Uetr uetr;
  core::AmountMinor amount_minor = 0;  // > 0
  core::CurrencyCode currency;
  core::Bic debtor_agent;
  core::Bic creditor_agent;
  core::TimestampNs settled_at_ns = 0;  // > 0; the settling command's sequencer time
  core::SettledBy settled_by = core::SettledBy::kNone;  // anything but kNone
  uint64_t journal_seq = 0;  // >= 1: the command whose application settled the payment
  // batch_hash of the journal batch holding journal_seq (docs/journal-format.md).
  Sha256Digest chain_head_sha256{};
  core::Bic system_bic;
  Sha256Digest operator_cert_sha256{};  // SHA-256 of the operator certificate's DER

  friend bool operator==(const Receipt&, const Receipt&) = default;
};

struct SignedReceipt {
  Receipt receipt;
  Ed25519Signature signature_ed25519{};  // over canonical_bytes(receipt)

  friend bool operator==(const SignedReceipt&, const SignedReceipt&) = default;
};

// A value, or why there is none.
template <typename T>
struct OrError {
  std::optional<T> value;
  std::string error;
  bool ok() const { return value.has_value(); }
};

// The receipt's names for core::SettledBy ("entry", "offsetting",
// "queue_resolution", "gridlock_resolution", "liquidity_transfer"); nullptr for kNone.
const char* settled_by_name(core::SettledBy how);

// Empty when the receipt is complete and well-formed, else what is wrong.
std::string validation_error(const Receipt& receipt);

// The fields as (name, canonical text), in canonical order, "format" first.
// These are also the JSON fields (receipt_json.h). The receipt must be valid.
std::vector<std::pair<std::string_view, std::string>> canonical_fields(const Receipt& receipt);
// The bytes the operator signs. Throws std::invalid_argument for an invalid receipt.
std::string canonical_bytes(const Receipt& receipt);

// The inverse of canonical_fields: exactly the canonical names, each value in
// its one canonical spelling; anything else is an error naming the field.
OrError<Receipt> receipt_from_fields(const std::map<std::string, std::string>& fields);
// The inverse of canonical_bytes (so two different receipts never encode equal).
OrError<Receipt> parse_canonical(std::string_view bytes);

}  // namespace corridor::receipt
