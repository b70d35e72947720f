// Credit ratings, collateral, haircuts and collateral-driven credit lines
// (docs/settlement-rules.md, rule 16): the scale, the default haircuts and the
// state the core keeps. The commands are in credit.cc.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/types.h"

namespace corridor::core {

// The long-term rating scale of the joint credit-rating agency, best first.
// The code is the grade's wire value (journal, API); 255 means unrated.
enum class CreditGrade : uint8_t {
  kAAA = 0,
  kAAPlus = 1,
  kAA = 2,
  kAAMinus = 3,
  kAPlus = 4,
  kA = 5,
  kAMinus = 6,
  kBBBPlus = 7,
  kBBB = 8,
  kBBBMinus = 9,
  kBBPlus = 10,
  kBB = 11,
  kBBMinus = 12,
  kBPlus = 13,
  kB = 14,
  kBMinus = 15,
  kCCCPlus = 16,
  kCCC = 17,
  kCCCMinus = 18,
  kCC = 19,
  kC = 20,
  kD = 21,  // in default
  kUnrated = 255,
};
inline constexpr int kCreditGradeCount = 22;
inline constexpr uint16_t kHaircutBpMax = 10000;  // 100%: the collateral counts for nothing

// "AAA", "AA+", ..., "D"; "unrated" for kUnrated; nullptr for a code off the scale.
const char* to_string(CreditGrade grade);
// The grade named `text` (as to_string() writes it, or "unrated"), if any.
std::optional<CreditGrade> credit_grade_from_string(std::string_view text);
inline bool on_scale(CreditGrade grade) {
  return static_cast<uint8_t>(grade) < kCreditGradeCount;
}

// The haircuts in force until the operator sets one (basis points of market value).
inline constexpr std::array<uint16_t, kCreditGradeCount> kDefaultHaircutsBp = {
    200,  300,  400,  500,  700,  800,   1000,  1500,  2000,  2500,  3500,
    4500, 5500, 7000, 7500, 8000, 10000, 10000, 10000, 10000, 10000, 10000};

// floor(value x (10000 - haircut) / 10000): what collateral worth `value_minor`
// adds to a credit line. Never more than the value, so it cannot overflow.
inline AmountMinor after_haircut(AmountMinor value_minor, uint16_t haircut_bp) {
  return static_cast<AmountMinor>(static_cast<__int128>(value_minor) *
                                  (kHaircutBpMax - haircut_bp) / kHaircutBpMax);
}

// One pledged collateral item, by its operator-chosen id.
struct Collateral {
  ParticipantId owner = kNoId;
  AccountId account = kNoId;    // the owner's account in the collateral's currency
  AmountMinor value_minor = 0;  // market value, > 0 (0 releases it: the record goes)
};

struct CreditState {
  std::array<uint16_t, kCreditGradeCount> haircut_bp = kDefaultHaircutsBp;
  std::vector<CreditGrade> rating;            // by participant; missing or kUnrated: unrated
  std::map<uint64_t, Collateral> collateral;  // by collateral id (ordered: hash, image)
  // Accounts whose line was cut below their use (Account::line_cut): the
  // lowest balance allowed, which ratchets up with the balance (rule 16).
  std::map<AccountId, AmountMinor> cut_floor_minor;

  CreditGrade rating_of(ParticipantId id) const {
    return id < rating.size() ? rating[id] : CreditGrade::kUnrated;
  }
  // Haircut of a participant's collateral: its grade's, 100% when unrated.
  uint16_t haircut_of(ParticipantId id) const {
    const CreditGrade grade = rating_of(id);
    return on_scale(grade) ? haircut_bp[static_cast<uint8_t>(grade)] : kHaircutBpMax;
  }
};

// What the operator sees of one account's credit (Core::credit_view).
struct CreditView {
  CreditGrade grade = CreditGrade::kUnrated;
  uint16_t haircut_bp = kHaircutBpMax;
  AmountMinor collateral_value_minor = 0;  // sum of market values (saturating)
  uint32_t collateral_count = 0;
  bool collateral_driven = false;  // line = collateral after haircuts (SetCreditLine refused)
  AmountMinor credit_line_minor = 0;
  AmountMinor credit_used_minor = 0;  // max(0, -balance)
  bool line_cut = false;              // used beyond the line after a cut: debits blocked
  AmountMinor floor_minor = 0;        // lowest balance allowed now
};

}  // namespace corridor::core
