// Finality receipts: what the operator signs when a payment settles
// (docs/receipts.md). A receipt binds the payment (UETR, amount, currency,
// agents), when and how it settled, and where that is recorded in the journal
// (the sequence number of the command that settled it and the hash of the
// batch holding that command), so a participant can later prove finality
// offline with nothing but the receipt and the operator's certificate.
//
// The signed bytes are the canonical encoding: one "name=value\n" line per
// field, in a fixed order, starting with the format line
// "format=corridor-finality-receipt/1" (a single-currency payment) or
// ".../2" (a cross-currency payment: /1's fields plus its second leg's, in a
// fixed place; docs/receipts.md). Every value has exactly one spelling
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

// The value of the first canonical line and of the JSON "format" field: /1
// for a single-currency payment, /2 for a cross-currency one (both legs).
inline constexpr std::string_view kFormat = "corridor-finality-receipt/1";
inline constexpr std::string_view kFormatCrossCurrency = "corridor-finality-receipt/2";

// How the payment settled: the core's ways (same numbering, core::SettledBy)
// and a deferred-net-settlement cycle, which the core does not report per
// payment (the cycle's SettleDnsCycle command settles every payment in it).
enum class SettledBy : uint8_t {
  kNone = 0,
  kEntry = 1,
  kOffsetting = 2,
  kQueueResolution = 3,
  kGridlockResolution = 4,
  kLiquidityTransfer = 5,
  kDnsCycle = 6,
};
SettledBy settled_by_of(core::SettledBy how);

// The second leg of a cross-currency (PvP) payment: fx_provider pays the
// creditor agent settlement_amount_minor in settlement_currency, at quote
// fx_quote_id; leg 1 (amount_minor in currency) is debtor agent -> fx_provider.
struct SecondLeg {
  core::Bic fx_provider;
  uint64_t fx_quote_id = 0;                       // >= 1
  core::AmountMinor settlement_amount_minor = 0;  // > 0
  core::CurrencyCode settlement_currency;         // not the receipt's currency

  friend bool operator==(const SecondLeg&, const SecondLeg&) = default;
};

struct Receipt {
  core::Uetr uetr;
  // The payment's amount; for a cross-currency payment, leg 1's (instructed).
  core::AmountMinor amount_minor = 0;  // > 0
  core::CurrencyCode currency;
  core::Bic debtor_agent;
  core::Bic creditor_agent;
  core::TimestampNs settled_at_ns = 0;      // > 0; the settling command's sequencer time
  SettledBy settled_by = SettledBy::kNone;  // anything but kNone
  uint64_t journal_seq = 0;  // >= 1: the command whose application settled the payment
  // batch_hash of the journal batch holding journal_seq (docs/journal-format.md).
  Sha256Digest chain_head_sha256{};
  core::Bic system_bic;
  Sha256Digest operator_cert_sha256{};  // SHA-256 of the operator certificate's DER
  // Present exactly for a cross-currency payment: its format is then /2.
  std::optional<SecondLeg> second_leg;

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

// The receipt's names for SettledBy ("entry", "offsetting", "queue_resolution",
// "gridlock_resolution", "liquidity_transfer", "dns_cycle"); nullptr for kNone.
const char* settled_by_name(SettledBy how);

// kFormat, or kFormatCrossCurrency when the receipt has a second leg.
std::string_view format_of(const Receipt& receipt);

// Empty when the receipt is complete and well-formed, else what is wrong.
std::string validation_error(const Receipt& receipt);

// The fields as (name, canonical text), in canonical order, "format" first
// (the order of its format: /2 adds the second leg's after creditor_agent).
// These are also the JSON fields (receipt_json.h). The receipt must be valid.
std::vector<std::pair<std::string_view, std::string>> canonical_fields(const Receipt& receipt);
// The bytes the operator signs. Throws std::invalid_argument for an invalid receipt.
std::string canonical_bytes(const Receipt& receipt);

// The inverse of canonical_fields: exactly the canonical names of the format
// the "format" field names, each value in its one canonical spelling;
// anything else (a /1 receipt with second-leg fields, a /2 one without them)
// is an error naming the field.
OrError<Receipt> receipt_from_fields(const std::map<std::string, std::string>& fields);
// The inverse of canonical_bytes (so two different receipts never encode equal).
OrError<Receipt> parse_canonical(std::string_view bytes);

}  // namespace corridor::receipt
