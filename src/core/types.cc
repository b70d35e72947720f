#include "core/types.h"

namespace corridor::core {

const char* to_string(ParticipantKind kind) {
  switch (kind) {
    case ParticipantKind::kCentralBank:
      return "central_bank";
    case ParticipantKind::kDirect:
      return "direct";
    case ParticipantKind::kIndirect:
      return "indirect";
  }
  return "?";
}

const char* to_string(ParticipantStatus status) {
  switch (status) {
    case ParticipantStatus::kActive:
      return "active";
    case ParticipantStatus::kSuspended:
      return "suspended";
    case ParticipantStatus::kClosed:
      return "closed";
  }
  return "?";
}

const char* to_string(Priority priority) {
  switch (priority) {
    case Priority::kHighlyUrgent:
      return "highly_urgent";
    case Priority::kUrgent:
      return "urgent";
    case Priority::kNormal:
      return "normal";
  }
  return "?";
}

const char* to_string(PaymentType type) {
  switch (type) {
    case PaymentType::kCustomerCreditTransfer:
      return "customer_credit_transfer";
    case PaymentType::kFiCreditTransfer:
      return "fi_credit_transfer";
    case PaymentType::kReturn:
      return "return";
    case PaymentType::kLiquidityTransfer:
      return "liquidity_transfer";
  }
  return "?";
}

const char* to_string(PaymentStatus status) {
  switch (status) {
    case PaymentStatus::kQueued:
      return "queued";
    case PaymentStatus::kSettled:
      return "settled";
    case PaymentStatus::kRejected:
      return "rejected";
    case PaymentStatus::kCancelled:
      return "cancelled";
  }
  return "?";
}

const char* to_string(GridlockAlgorithm algorithm) {
  switch (algorithm) {
    case GridlockAlgorithm::kAllOrNothing:
      return "all_or_nothing";
    case GridlockAlgorithm::kPartial:
      return "partial";
    case GridlockAlgorithm::kBilateral:
      return "bilateral";
  }
  return "?";
}

}  // namespace corridor::core
