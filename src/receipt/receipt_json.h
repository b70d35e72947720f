// Signed receipts as JSON files (docs/receipts.md, "JSON"): one flat object
// whose members are the canonical fields, in canonical order and with the
// same string values, plus "signature_ed25519" (128 lower-case hex digits).
// All values are strings: 64-bit integers stay exact in every JSON reader,
// and the canonical bytes can be rebuilt from the file character for character.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "receipt/receipt.h"

namespace corridor::receipt {

inline constexpr size_t kJsonBytesMax = 16 * 1024;  // a receipt is under 1 KiB

// Two-space indented, members in canonical order, ending with a newline.
// The receipt must be valid (canonical_fields).
std::string to_json(const SignedReceipt& signed_receipt);

// Refuses anything but exactly what to_json writes up to whitespace and member
// order: unknown, missing or repeated members, non-string values, values not
// in canonical form, a signature of the wrong length; the error names the member.
OrError<SignedReceipt> parse_json(std::string_view text);

}  // namespace corridor::receipt
