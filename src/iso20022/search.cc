#include "iso20022/search.h"

#include <algorithm>

#include "core/currency.h"

namespace corridor::iso20022 {
namespace {

template <typename T, typename U>
bool any_of_or_empty(const std::vector<T>& wanted, const U& value) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

}  // namespace

std::optional<int64_t> parse_decimal_e5(std::string_view text) {
  int64_t value = 0;
  int digits = 0;
  int fraction = -1;  // digits after the point; -1 before it
  for (char c : text) {
    if (c == '.') {
      if (fraction >= 0 || digits == 0) return std::nullopt;
      fraction = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (++digits > 18) return std::nullopt;
    if (fraction >= 0 && ++fraction > kSearchAmountDecimals) return std::nullopt;
    value = value * 10 + (c - '0');  // at most 18 digits: no overflow
  }
  if (digits == 0 || fraction == 0) return std::nullopt;
  for (int i = std::max(fraction, 0); i < kSearchAmountDecimals; ++i) {
    if (value > INT64_MAX / 10) return std::nullopt;
    value *= 10;
  }
  return value;
}

bool amount_in_range(const AmountRange& range, core::AmountMinor amount_minor, int minor_units) {
  if (amount_minor < 0 || minor_units < 0 || minor_units > kSearchAmountDecimals) return false;
  int64_t amount_e5 = amount_minor;
  for (int i = minor_units; i < kSearchAmountDecimals; ++i) {
    if (amount_e5 > INT64_MAX / 10) return false;  // beyond any range an ISO amount can state
    amount_e5 *= 10;
  }
  if (range.equal_e5 && amount_e5 != *range.equal_e5) return false;
  if (range.not_equal_e5 && amount_e5 == *range.not_equal_e5) return false;
  if (range.from_e5 &&
      (range.from_inclusive ? amount_e5 < *range.from_e5 : amount_e5 <= *range.from_e5)) {
    return false;
  }
  if (range.to_e5 && (range.to_inclusive ? amount_e5 > *range.to_e5 : amount_e5 >= *range.to_e5)) {
    return false;
  }
  return true;
}

bool matches(const PaymentSearch& search, const TransactionStateInput& payment) {
  if (!any_of_or_empty(search.message_ids, payment.message_id)) return false;
  if (!any_of_or_empty(search.uetrs, payment.uetr)) return false;
  if (!any_of_or_empty(search.transaction_ids, payment.transaction_id)) return false;
  if (!any_of_or_empty(search.end_to_end_ids, payment.end_to_end_id)) return false;
  if (!any_of_or_empty(search.states, payment.state)) return false;
  if (!any_of_or_empty(search.currencies, payment.currency)) return false;
  if (!any_of_or_empty(search.priorities, payment.priority)) return false;
  if (!any_of_or_empty(search.settlement_dates, payment.settlement_date)) return false;
  if (!search.instructing_agent_bic.empty() &&
      search.instructing_agent_bic != payment.instructing_agent_bic) {
    return false;
  }
  if (!search.instructed_agent_bic.empty() &&
      search.instructed_agent_bic != payment.instructed_agent_bic) {
    return false;
  }
  if (!search.amounts.empty()) {
    const std::optional<int> minor_units = core::iso4217_minor_units(payment.currency);
    if (!minor_units) return false;
    const bool in_any =
        std::any_of(search.amounts.begin(), search.amounts.end(), [&](const auto& r) {
          return (r.currency.empty() || r.currency == payment.currency) &&
                 amount_in_range(r, payment.amount_minor, *minor_units);
        });
    if (!in_any) return false;
  }
  return true;
}

}  // namespace corridor::iso20022
