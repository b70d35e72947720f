// Why a command was rejected, or why a payment ended the way it did.
//
// Each reason maps to an ISO 20022 ExternalStatusReason1Code (the four-letter
// code a pacs.002 carries) and a readable text. Several precise reasons may
// share one ISO code; the precise reason is kept so operators and tests can
// tell them apart. The table lives in reason.cc and docs/settlement-rules.md.
#pragma once

#include <cstdint>
#include <string_view>

namespace corridor::core {

enum class Reason : uint8_t {
  kNone = 0,
  // Reference data
  kInvalidBic,              // RC01 BIC not ISO 9362
  kUnknownParticipant,      // RC01 BIC not admitted
  kUnknownAccount,          // AC01 no account for this participant in this currency
  kAccountExists,           // DUPL account already open
  kParticipantExists,       // DUPL BIC already admitted
  kParticipantSuspended,    // AC06 participant (or its settlement bank) suspended
  kParticipantClosed,       // AC04 participant closed
  kInvalidCurrency,         // AM03 not an ISO 4217 code, or wrong minor units
  kCurrencyNotAccepted,     // AM03 currency not defined in this system
  kCurrencyExists,          // DUPL currency already defined
  kTooMany,                 // AG01 a table is full (participants, accounts, currencies)
  kInvalidParticipantKind,  // AG01 kind or settlement bank not allowed here
  kNotClosable,             // AG01 accounts not empty or payments still queued
  // Amounts and liquidity
  kZeroAmount,         // AM01 amount zero
  kNegativeAmount,     // AM02 amount negative or parameter below zero
  kAmountOverflow,     // AM02 would overflow an int64 balance or position
  kInsufficientFunds,  // AM04 liquidity transfer not covered
  kSameAccount,        // AG01 debtor and creditor account identical
  // Payments
  kDuplicate,           // DUPL UETR already seen within the dedupe window
  kInvalidUetr,         // FF01 UETR nil or not a version-4 UUID
  kInvalidTimeWindow,   // DT01 latest time before earliest time
  kLatestTimePassed,    // TM01 latest (reject) time passed before settlement
  kEndOfDay,            // TM01 still queued at end of day
  kCancelledOnRequest,  // CUST cancelled at the debtor's or operator's request
  kNotQueued,           // NOOR payment not found among queued payments
  kNotInQueue,          // NOOR payment waits for its earliest time, not in a queue yet
  // Commands
  kTimestampBackwards,  // FF01 sequencer timestamp older than the core's clock
  kInvalidValueDate,    // DT01 next value date not after the current one
  kInvalidPriority,     // FF01 priority or type out of range
  kTextTooLong,         // FF01 a name or text exceeds its limit
  kCreditInUse,         // AM04 credit line below the credit already in use
  // Submissions (the journal's exactly-once check, before the core)
  kDuplicateInstruction,  // DUPL message id or UETR already used for a different instruction
  kAlreadyConfigured,     // AG01 configuration after reference data exists
  kInvalidConfiguration,  // FF01 a configuration value out of range
  kAlreadyReleased,       // TM01 earliest time changed after the payment entered its queue
  // FX and payment versus payment (rule 13)
  kInvalidQuote,              // FF01 quote malformed: rate, scale, window, currencies, maximum
  kQuoteExists,               // DUPL quote id already used
  kUnknownQuote,              // FF01 no such quote, withdrawn, or not the requester's
  kQuoteNotValid,             // TM01 the payment's time is outside the quote's validity window
  kCurrencyMismatch,          // CURR currencies do not match the quote's pair
  kQuoteAmountExceeded,       // AM14 instructed amount above the quote's maximum
  kSettlementAmountMismatch,  // AM09 settlement amount is not the converted instructed amount
  // FX trades (rule 14)
  kInvalidTrade,    // FF01 trade instruction malformed (reference, parties, currencies, deadline)
  kTradeExists,     // DUPL this side already instructed this trade reference
  kTradeMismatch,   // NARR counterpart instruction does not mirror this one
  kTradeUnmatched,  // TM01 no matching counterpart by the settlement deadline
  // Deferred net settlement and the reserve fund (rule 15)
  kNetDebitCapExceeded,  // AM14 the payment would take the debtor beyond its net debit cap
  kDnsCycleEmpty,        // NOOR no payment in the currency's open DNS cycle
  kDnsFundInsufficient,  // AM04 net debtors' shortfall exceeds the reserve fund: not settled
  // Ratings, collateral and credit lines (rule 16)
  kInvalidCreditTerms,  // FF01 grade off the rating scale, or haircut above 10000 bp
  kCollateralMismatch,  // AG01 collateral id pledged by another participant or in another currency
  kUnknownCollateral,   // NOOR no collateral pledged under this id
  kLineFromCollateral,  // AG01 the account's credit line is set by its collateral
  // Business day (rule 10)
  kAfterCutOff,  // TM01 new payment instruction after the day's cut-off
  // The central-bank reserve arrangement (rule 17)
  kInvalidSwapTerms,   // FF01 pool or swap terms malformed (multiple, rate, parties, repay time)
  kNotPoolMember,      // AG01 participant not a member of the reserve pool
  kCommitmentInUse,    // AM04 commitment below what the member has drawn or provides
  kSwapExists,         // DUPL swap id already used
  kSwapLimitExceeded,  // AM14 beyond the drawer's multiple or the provider's commitment
  kUnknownSwap,        // NOOR no open swap with this id (unknown or already repaid)
  kMemberHasSwaps,     // AG01 member still has open swaps, or its currency leg is in use
  kCount,
};

// The ISO 20022 external status reason code, e.g. "AM04".
std::string_view iso_code(Reason reason);
// A short readable text, e.g. "insufficient funds".
std::string_view reason_text(Reason reason);

}  // namespace corridor::core
