// Identifiers and enumerations shared by the settlement core.
//
// Internal ids are dense indices into the core's flat tables; they are
// assigned in command order, so they are the same on every replay.
#pragma once

#include <cstdint>
#include <limits>

namespace corridor::core {

using ParticipantId = uint32_t;
using AccountId = uint32_t;
using CurrencyId = uint16_t;
using PaymentSlot = uint32_t;  // index into the table of pending (queued) payments

inline constexpr uint32_t kNoId = std::numeric_limits<uint32_t>::max();
inline constexpr CurrencyId kNoCurrency = std::numeric_limits<CurrencyId>::max();

// Nanoseconds since the Unix epoch, stamped by the sequencer. The core never reads a clock.
using TimestampNs = int64_t;
inline constexpr TimestampNs kNoTime = 0;  // "not set" for optional earliest/latest times

// A business (value) date as yyyymmdd, e.g. 20261127. Calendars live outside the core.
using ValueDate = int32_t;

enum class ParticipantKind : uint8_t { kCentralBank = 0, kDirect = 1, kIndirect = 2 };
enum class ParticipantStatus : uint8_t { kActive = 0, kSuspended = 1, kClosed = 2 };

// Lower value = more urgent. The order matters: queues are checked from 0 upwards.
enum class Priority : uint8_t { kHighlyUrgent = 0, kUrgent = 1, kNormal = 2 };
inline constexpr int kPriorityCount = 3;

enum class PaymentType : uint8_t {
  kCustomerCreditTransfer = 0,  // pacs.008
  kFiCreditTransfer = 1,        // pacs.009
  kReturn = 2,                  // pacs.004
  kLiquidityTransfer = 3,       // camt.050; settles at once or is rejected, never queued
};

enum class PaymentStatus : uint8_t { kQueued = 0, kSettled = 1, kRejected = 2, kCancelled = 3 };

// The three gridlock-resolution algorithms (docs/settlement-rules.md).
enum class GridlockAlgorithm : uint8_t {
  kAllOrNothing = 0,  // (a) settle every queued payment at once, or none
  kPartial = 1,       // (b) drop payments of uncovered participants until the rest is covered
  kBilateral = 2,     // (c) pairwise offsetting of queues
};

const char* to_string(ParticipantKind kind);
const char* to_string(ParticipantStatus status);
const char* to_string(Priority priority);
const char* to_string(PaymentType type);
const char* to_string(PaymentStatus status);
const char* to_string(GridlockAlgorithm algorithm);

}  // namespace corridor::core
