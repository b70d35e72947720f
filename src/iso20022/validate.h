// Field validation primitives. Each returns the ISO 20022 external status
// reason code of what is wrong ("" when valid) so callers can attach a path;
// docs/iso20022.md has the table. Money is parsed as decimal text into int64
// minor units: no floating point anywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/currency.h"
#include "core/money.h"
#include "core/types.h"

namespace corridor::iso20022 {

struct Check {
  std::string_view code;  // "" when valid
  std::string text;
  bool ok() const { return code.empty(); }
};

// ISO 9362 BIC (8 or 11 characters): RC01.
Check check_bic(std::string_view text);
// ISO 13616 IBAN: 2 letters, 2 check digits, up to 30 alphanumerics, mod 97 == 1: AC01.
Check check_iban(std::string_view text);
// UUID v4 in ISO 20022's lower-case form: FF01.
Check check_uetr(std::string_view text);

// An ActiveCurrencyAndAmount: the Ccy attribute and the decimal text.
// AM03 unknown currency; AM12 not a decimal or beyond the schema's 18 total /
// 5 fraction digits; AM02 negative or too large for int64 minor units;
// CH20 more decimals than the currency has (100.5 JPY). Zero is accepted here
// (charges may be zero); callers that need a positive amount check AM01.
Check parse_amount(std::string_view text, std::string_view currency,
                   core::AmountMinor* amount_minor, core::CurrencyCode* code);

// xs:date "2026-11-27" (an optional zone suffix is accepted and ignored):
// *value_date = 20261127. DT01 when invalid.
Check parse_iso_date(std::string_view text, core::ValueDate* value_date);
// xs:dateTime "2026-11-27T10:40:00.123+01:00": nanoseconds since the Unix epoch
// (UTC; a time without a zone is taken as UTC). DT01 when invalid.
Check parse_iso_date_time(std::string_view text, core::TimestampNs* ns);
// xs:time "10:40:00(.fff)(zone)": nanoseconds after midnight UTC of `date`.
Check parse_iso_time_on(std::string_view text, core::ValueDate date, core::TimestampNs* ns);

// xs:time without a date: nanoseconds after midnight UTC of whatever day it
// is applied to (negative, or past a day, when the zone moves it there).
Check parse_iso_time_of_day(std::string_view text, core::TimestampNs* ns);

// Nanoseconds since the Unix epoch at midnight UTC of a yyyymmdd date.
core::TimestampNs midnight_ns(core::ValueDate date);

// xs:decimal count (NbOfTxs is Max15NumericText): digits only.
std::optional<uint64_t> parse_count(std::string_view text);

}  // namespace corridor::iso20022
