#include "core/reason.h"

#include <iterator>

namespace corridor::core {
namespace {

struct ReasonEntry {
  std::string_view iso;
  std::string_view text;
};

constexpr ReasonEntry kReasons[] = {
    {"", ""},
    {"RC01", "BIC is not a valid ISO 9362 identifier"},
    {"RC01", "BIC is not a participant of the system"},
    {"AC01", "participant has no settlement account in this currency"},
    {"DUPL", "account already open"},
    {"DUPL", "participant already admitted"},
    {"AC06", "participant or its settlement bank is suspended"},
    {"AC04", "participant is closed"},
    {"AM03", "not an ISO 4217 currency code or wrong minor units"},
    {"AM03", "currency not accepted by the system"},
    {"DUPL", "currency already defined"},
    {"AG01", "system table full"},
    {"AG01", "participant kind or settlement bank not allowed"},
    {"AG01", "participant has non-zero balances or queued payments"},
    {"AM01", "amount is zero"},
    {"AM02", "amount or parameter is negative"},
    {"AM02", "amount would overflow a balance or position"},
    {"AM04", "insufficient funds"},
    {"AG01", "debtor and creditor settle on the same account"},
    {"DUPL", "duplicate UETR"},
    {"FF01", "UETR is not a version-4 UUID"},
    {"DT01", "latest settlement time is before the earliest"},
    {"TM01", "latest settlement time passed before the payment could settle"},
    {"TM01", "not settled by the end of the business day"},
    {"CUST", "cancelled on request"},
    {"NOOR", "no queued payment with this UETR"},
    {"NOOR", "payment is waiting for its earliest time and is not in a queue yet"},
    {"FF01", "command timestamp is older than the core clock"},
    {"DT01", "next value date must be after the current value date"},
    {"FF01", "priority or payment type out of range"},
    {"FF01", "text exceeds its length limit"},
    {"AM04", "new credit line is below the credit already in use"},
    {"DUPL", "message id or UETR already used for a different instruction"},
    {"AG01", "configuration must come before any reference data"},
    {"FF01", "configuration value out of range"},
    {"TM01", "payment already released to its queue: its earliest time can no longer change"},
    {"FF01", "exchange rate quote malformed (rate, scale, validity window, currencies, maximum)"},
    {"DUPL", "quote id already used"},
    {"FF01", "exchange rate quote unknown or withdrawn"},
    {"TM01", "exchange rate quote not valid at this time"},
    {"CURR", "currencies do not match the exchange rate quote"},
    {"AM14", "instructed amount above the quote's maximum amount"},
    {"AM09", "settlement amount is not the instructed amount converted at the quote's rate"},
    {"FF01", "FX trade instruction malformed (reference, parties, currencies or deadline)"},
    {"DUPL", "this side already instructed this trade reference"},
    {"NARR", "FX trade instruction does not mirror its counterpart's"},
    {"TM01", "FX trade instruction unmatched at its settlement deadline"},
    {"AM14", "payment would take the debtor beyond its net debit cap in the DNS cycle"},
    {"NOOR", "no payment in the open DNS cycle of this currency"},
    {"AM04", "net debtors' shortfall exceeds the reserve fund: DNS cycle not settled"},
    {"FF01", "credit grade off the rating scale, or haircut above 10000 basis points"},
    {"AG01", "collateral id already pledged by another participant or in another currency"},
    {"NOOR", "no collateral pledged under this id"},
    {"AG01", "credit line set by the account's collateral: pledge or release collateral instead"},
    {"TM01", "received after the business day's cut-off: entry reopens with the next day"},
    {"FF01", "reserve pool or swap terms malformed"},
    {"AG01", "participant is not a member of the reserve pool"},
    {"AM04", "commitment below what the member has drawn or provides"},
    {"DUPL", "swap id already used"},
    {"AM14", "swap beyond the drawer's limit or the provider's commitment"},
    {"NOOR", "no open swap with this id (unknown or already repaid)"},
    {"AG01", "reserve pool member still has open swaps"},
};
static_assert(std::size(kReasons) == static_cast<size_t>(Reason::kCount),
              "every Reason needs its ISO code and text");

}  // namespace

std::string_view iso_code(Reason reason) {
  return kReasons[static_cast<size_t>(reason)].iso;
}
std::string_view reason_text(Reason reason) {
  return kReasons[static_cast<size_t>(reason)].text;
}

}  // namespace corridor::core
