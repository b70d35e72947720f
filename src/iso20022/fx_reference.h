// Cross-currency pacs.008 (docs/api.md, "Cross-currency payments"): the
// exchange rate as a decimal with an explicit scale (no floating point), and
// the reference to the FX quote a transaction settles at.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace corridor::iso20022 {

// The quote reference: InstrForNxtAgt/InstrInf = "/FXQT/<quote id>". Corridor
// is the next agent of the debtor agent, and the instruction is for it.
inline constexpr std::string_view kQuoteReferencePrefix = "/FXQT/";

struct DecimalRate {
  int64_t units = 0;  // the rate is units / 10^scale
  uint8_t scale = 0;
};

// "1.0845" -> {10845, 4}. Digits with at most one point, more than zero, at most
// `scale_max` decimals, fitting an int64; nullopt otherwise.
std::optional<DecimalRate> parse_decimal_rate(std::string_view text, int scale_max);
// BaseOneRate (XchgRate): a positive decimal of at most 11 digits, 10 after the point.
std::optional<DecimalRate> parse_base_one_rate(std::string_view text);
// The same value without trailing zeros after the point: 1.08450 -> 1.0845.
DecimalRate normalized(DecimalRate rate);
// The two rates are the same number (1.0845 == 1.084500).
bool same_rate(DecimalRate a, DecimalRate b);
// "1.0845"; scale 0 gives an integer.
std::string format_rate(DecimalRate rate);

// The quote id of an InstrInf text: "/FXQT/17" -> 17. nullopt when the text
// does not start with the prefix; 0 when it does but no id from 1 follows.
std::optional<uint64_t> quote_reference(std::string_view instruction);

}  // namespace corridor::iso20022
