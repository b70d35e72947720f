// The central-bank reserve arrangement: the records the core keeps for the
// reserve pool and its swap drawings (docs/settlement-rules.md, rule 17). The
// logic is in reserve_pool.cc.
//
// A member commits an amount of its own currency. It may draw another member's
// currency in a swap, giving its own in exchange, up to a multiple of its
// commitment; it provides its currency to drawers up to its commitment. A swap
// is two liquidity moves at once (both or neither), reversed at the original
// amounts when it is repaid.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "core/money.h"
#include "core/reason.h"
#include "core/types.h"

namespace corridor::core {

struct ReservePoolMember {
  CurrencyId currency = kNoCurrency;  // its commitment currency: drawings are valued in it
  AmountMinor commitment_minor = 0;
  uint32_t draw_multiple = 1;
  // Derived from the open swaps (rebuilt on load, checked by check_invariants()):
  AmountMinor drawn_minor = 0;     // its own-currency legs of the swaps it drew
  AmountMinor provided_minor = 0;  // the draw amounts of the swaps it provides
};

enum class SwapStatus : uint8_t {
  kOpen = 0,     // drawn, not yet due
  kOverdue = 1,  // due, but a party lacked liquidity: retried on each AdvanceTime
  kRepaid = 2,   // final: both legs reversed, never again
};

struct Swap {
  uint64_t swap_id = 0;
  ParticipantId drawer = kNoId;
  ParticipantId provider = kNoId;
  CurrencyId draw_currency = kNoCurrency;    // the provider's: provider -> drawer
  CurrencyId drawer_currency = kNoCurrency;  // the drawer's: drawer -> provider
  AmountMinor draw_amount_minor = 0;
  AmountMinor counter_amount_minor = 0;  // draw amount converted, half-even
  int64_t rate_units = 0;
  uint8_t rate_scale = 0;
  SwapStatus status = SwapStatus::kOpen;
  TimestampNs drawn_ns = 0;
  TimestampNs repay_at_ns = 0;
  TimestampNs repaid_ns = kNoTime;  // when repaid
};

struct ReservePool {
  std::map<ParticipantId, ReservePoolMember> members;  // ordered: hashed and imaged in order
  // Every swap ever drawn, open or repaid (a repaid swap's id stays taken), by id.
  std::map<uint64_t, Swap> swaps;
};

// What happened to a swap in the last command (Core::swap_events()).
enum class SwapEventKind : uint8_t {
  kDrawn = 0,
  kRepaid = 1,
  kOverdue = 2,  // due, not repaid: `reason` says why (AM04, AC06, AC04)
};
struct SwapEvent {
  uint64_t swap_id = 0;
  SwapEventKind kind = SwapEventKind::kDrawn;
  Reason reason = Reason::kNone;
};

}  // namespace corridor::core
