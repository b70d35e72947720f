// camt.005 get-transaction search criteria, and which payments they select.
//
// One PmtSch is a conjunction: a payment matches when it satisfies every kind
// of criterion given. Repeated criteria of one kind (two TxIds, two statuses)
// are alternatives. Several SchCrit are alternatives too. Amounts in ranges
// are fixed-point with 5 fraction digits (the most an ISO 20022 amount has),
// so they compare exactly with any currency's minor units.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"
#include "iso20022/render.h"

namespace corridor::iso20022 {

inline constexpr int kSearchAmountDecimals = 5;

// ImpliedCurrencyAmountRange1Choice, in units of 10^-5.
struct AmountRange {
  std::optional<int64_t> from_e5;  // FrAmt or FrToAmt/FrAmt
  bool from_inclusive = true;
  std::optional<int64_t> to_e5;  // ToAmt or FrToAmt/ToAmt
  bool to_inclusive = true;
  std::optional<int64_t> equal_e5;      // EQAmt
  std::optional<int64_t> not_equal_e5;  // NEQAmt
  std::string currency;                 // CcyAndAmtRg/Ccy; "" for any currency
};

struct PaymentSearch {
  std::string path;
  std::vector<std::string> message_ids;           // MsgId: the pacs.008/009 the payment came in
  std::vector<std::string> uetrs;                 // PmtId/LngBizId/UETR
  std::vector<std::string> transaction_ids;       // TxId, PmtId/TxId, PmtId/*BizId/TxId
  std::vector<std::string> end_to_end_ids;        // EndToEndId, PmtId/LngBizId/EndToEndId
  std::vector<TransactionState> states;           // Sts/PmtInstrSts
  std::vector<AmountRange> amounts;               // IntrBkSttlmAmt
  std::vector<std::string> currencies;            // IntrBkSttlmAmtCcy
  std::vector<core::Priority> priorities;         // Prty/Cd
  std::vector<core::ValueDate> settlement_dates;  // IntrBkSttlmDt
  std::string instructing_agent_bic;              // Pties/InstgAgt
  std::string instructed_agent_bic;               // Pties/InstdAgt
  bool identifies_payments() const {
    return !uetrs.empty() || !transaction_ids.empty() || !end_to_end_ids.empty();
  }
};

// Whether `payment` satisfies every criterion of `search`.
bool matches(const PaymentSearch& search, const TransactionStateInput& payment);

// Whether `amount_minor` of a currency with `minor_units` decimals is in `range`.
bool amount_in_range(const AmountRange& range, core::AmountMinor amount_minor, int minor_units);

// A decimal such as "1000.25" as units of 10^-5; nullopt when it is not a
// non-negative decimal of at most 18 digits with at most 5 after the point.
std::optional<int64_t> parse_decimal_e5(std::string_view text);

}  // namespace corridor::iso20022
