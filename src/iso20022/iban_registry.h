// IBAN lengths by country, from the SWIFT IBAN Registry (ISO 13616 registration
// authority), as of 2024. A country not listed is checked by mod 97 only, so an
// IBAN of a country registered later is not refused by an old table.
#pragma once

#include <optional>
#include <string_view>

namespace corridor::iso20022 {

// The IBAN length of `country` (two upper-case letters); nullopt when unlisted.
std::optional<int> iban_length_of(std::string_view country);

}  // namespace corridor::iso20022
