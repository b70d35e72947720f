// Small text forms the demo's display and summary share.
#pragma once

#include <cstdint>
#include <string>

#include "core/currency.h"
#include "core/money.h"

namespace corridor::demo {

// 1234567 -> "1,234,567"
std::string grouped(uint64_t n);

// (123456789, 2, CNY) -> "1,234,567.89 CNY": exact, from integer minor units.
std::string money(core::AmountMinor amount_minor, int minor_units, const core::CurrencyCode& code);

}  // namespace corridor::demo
