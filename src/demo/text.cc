#include "demo/text.h"

#include "sim/money_format.h"

namespace corridor::demo {

std::string grouped(uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string money(core::AmountMinor amount_minor, int minor_units, const core::CurrencyCode& code) {
  return sim::format_minor(amount_minor, minor_units) + " " + code.to_string();
}

}  // namespace corridor::demo
