// Ratings, haircuts, collateral and the credit lines they make
// (docs/settlement-rules.md, rule 16).
#include "core/credit.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>

#include "core/assert.h"
#include "core/core.h"

namespace corridor::core {
namespace {

constexpr std::array<const char*, kCreditGradeCount> kGradeNames = {
    "AAA", "AA+", "AA", "AA-", "A+", "A",    "A-",  "BBB+", "BBB", "BBB-", "BB+",
    "BB",  "BB-", "B+", "B",   "B-", "CCC+", "CCC", "CCC-", "CC",  "C",    "D"};

}  // namespace

const char* to_string(CreditGrade grade) {
  if (grade == CreditGrade::kUnrated) return "unrated";
  return on_scale(grade) ? kGradeNames[static_cast<uint8_t>(grade)] : nullptr;
}

std::optional<CreditGrade> credit_grade_from_string(std::string_view text) {
  if (text == "unrated") return CreditGrade::kUnrated;
  for (size_t i = 0; i < kGradeNames.size(); ++i) {
    if (text == kGradeNames[i]) return static_cast<CreditGrade>(i);
  }
  return std::nullopt;
}

// --- Commands ----------------------------------------------------------------------

Result Core::set_haircut(const SetHaircut& c) {
  if (!on_scale(c.grade) || c.haircut_bp > kHaircutBpMax) {
    return Result::rejected(Reason::kInvalidCreditTerms);
  }
  credit_.haircut_bp[static_cast<uint8_t>(c.grade)] = static_cast<uint16_t>(c.haircut_bp);
  recompute_credit_lines(kNoId);
  return Result{};
}

Result Core::set_rating(const SetRating& c) {
  const auto id = find_participant(c.participant);
  if (!id) return Result::rejected(Reason::kUnknownParticipant);
  if (!on_scale(c.grade) && c.grade != CreditGrade::kUnrated) {
    return Result::rejected(Reason::kInvalidCreditTerms);
  }
  if (credit_.rating.size() <= *id) credit_.rating.resize(*id + 1, CreditGrade::kUnrated);
  credit_.rating[*id] = c.grade;
  recompute_credit_lines(*id);
  return Result{};
}

Result Core::pledge_collateral(const PledgeCollateral& c) {
  if (c.value_minor < 0) return Result::rejected(Reason::kNegativeAmount);
  const AccountOrReason resolved = resolve_account(c.participant, c.currency);
  if (resolved.reason != Reason::kNone) return Result::rejected(resolved.reason);
  const ParticipantId owner = *find_participant(c.participant);
  // Collateral backs the account holder's own line: an indirect participant
  // settles on its bank's account and pledges nothing of its own here.
  if (participants_[owner].kind == ParticipantKind::kIndirect) {
    return Result::rejected(Reason::kInvalidParticipantKind);
  }
  const AccountId account = resolved.account;
  auto existing = credit_.collateral.find(c.collateral_id);
  if (existing != credit_.collateral.end() && existing->second.account != account) {
    return Result::rejected(Reason::kCollateralMismatch);
  }
  if (existing == credit_.collateral.end() && c.value_minor == 0) {
    return Result::rejected(Reason::kUnknownCollateral);
  }

  // The account's collateral after the change: its market values must sum
  // within int64 (so its line, never more, does too).
  const uint16_t haircut = credit_.haircut_of(owner);
  __int128 value_total = c.value_minor;
  __int128 line_after = after_haircut(c.value_minor, haircut);
  for (const auto& [id, item] : credit_.collateral) {
    if (item.account != account || id == c.collateral_id) continue;
    value_total += item.value_minor;
    line_after += after_haircut(item.value_minor, haircut);
  }
  if (value_total > INT64_MAX) return Result::rejected(Reason::kAmountOverflow);
  const Account& a = accounts_[account];
  const auto line = static_cast<AmountMinor>(line_after);
  // Only a rating or haircut change may push a line below its use: a release
  // or a lower valuation is the participant's own act, refused like a lower
  // SetCreditLine (AM04).
  if (line < a.credit_line_minor && !a.is_issuer && a.balance_minor < -line) {
    return Result::rejected(Reason::kCreditInUse);
  }

  if (c.value_minor == 0) {
    credit_.collateral.erase(existing);
  } else {
    credit_.collateral[c.collateral_id] = Collateral{owner, account, c.value_minor};
  }
  set_line(account, line);
  return Result{};
}

// --- Lines ---------------------------------------------------------------------------

void Core::recompute_credit_lines(ParticipantId owner) {
  std::map<AccountId, __int128> lines;
  for (const auto& [id, item] : credit_.collateral) {
    if (owner != kNoId && item.owner != owner) continue;
    lines[item.account] += after_haircut(item.value_minor, credit_.haircut_of(item.owner));
  }
  for (const auto& [account, line] : lines) {
    // Never above the sum of market values, which pledging keeps within int64.
    CORRIDOR_ASSERT(line >= 0 && line <= INT64_MAX);
    set_line(account, static_cast<AmountMinor>(line));
  }
}

void Core::set_line(AccountId account, AmountMinor credit_line_minor) {
  Account& a = accounts_[account];
  if (credit_line_minor > a.credit_line_minor) mark_dirty(account);
  a.credit_line_minor = credit_line_minor;
  update_line_cut(account);
}

void Core::update_line_cut(AccountId account) {
  Account& a = accounts_[account];
  if (a.is_issuer || a.balance_minor >= -a.credit_line_minor) {
    if (a.line_cut) {
      a.line_cut = false;
      credit_.cut_floor_minor.erase(account);
    }
    return;
  }
  // Below the line: the floor is the balance now, and never falls again (no
  // debit is allowed below the line, so the balance can only rise).
  auto [it, inserted] = credit_.cut_floor_minor.try_emplace(account, a.balance_minor);
  if (!inserted) it->second = std::max(it->second, a.balance_minor);
  a.line_cut = true;
}

bool Core::has_collateral(ParticipantId owner) const {
  for (const auto& [id, item] : credit_.collateral) {
    if (item.owner == owner) return true;
  }
  return false;
}

bool Core::collateral_driven(AccountId account) const {
  for (const auto& [id, item] : credit_.collateral) {
    if (item.account == account) return true;
  }
  return false;
}

CreditView Core::credit_view(AccountId account) const {
  const Account& a = accounts_[account];
  CreditView v;
  v.grade = credit_.rating_of(a.owner);
  v.haircut_bp = credit_.haircut_of(a.owner);
  for (const auto& [id, item] : credit_.collateral) {
    if (item.account != account) continue;
    v.collateral_value_minor = saturating_add(v.collateral_value_minor, item.value_minor);
    ++v.collateral_count;
  }
  v.collateral_driven = v.collateral_count > 0;
  v.credit_line_minor = a.credit_line_minor;
  v.credit_used_minor = a.is_issuer ? 0 : std::max<AmountMinor>(0, -a.balance_minor);
  v.line_cut = a.line_cut;
  v.floor_minor = floor_minor(account);
  return v;
}

// --- Invariants and hash -------------------------------------------------------------

void Core::check_credit_invariants(std::vector<std::string>* faults) const {
  auto fault = [&](std::string text) { faults->push_back(std::move(text)); };
  for (uint16_t bp : credit_.haircut_bp) {
    if (bp > kHaircutBpMax) fault("a haircut above 10000 bp");
  }
  if (credit_.rating.size() > participants_.size()) fault("ratings for unknown participants");
  for (CreditGrade grade : credit_.rating) {
    if (!on_scale(grade) && grade != CreditGrade::kUnrated) fault("a rating off the scale");
  }
  std::map<AccountId, __int128> values;
  std::map<AccountId, __int128> lines;
  for (const auto& [id, item] : credit_.collateral) {
    const bool ok = item.account < accounts_.size() && item.owner < participants_.size() &&
                    accounts_[item.account].owner == item.owner && item.value_minor > 0 &&
                    participants_[item.owner].kind != ParticipantKind::kIndirect;
    if (!ok) {
      fault("collateral " + std::to_string(id) + " malformed");
      continue;
    }
    values[item.account] += item.value_minor;
    lines[item.account] += after_haircut(item.value_minor, credit_.haircut_of(item.owner));
  }
  for (const auto& [account, value] : values) {
    if (value > INT64_MAX) fault("account " + std::to_string(account) + " collateral overflows");
    if (lines[account] != accounts_[account].credit_line_minor) {
      fault("account " + std::to_string(account) +
            " credit line not its collateral after haircuts");
    }
  }
  // A cut is recorded exactly while a non-issuer's balance is below its line,
  // with a floor at or below the balance (checked with every floor above).
  for (AccountId id = 0; id < accounts_.size(); ++id) {
    const Account& a = accounts_[id];
    const bool below = !a.is_issuer && a.balance_minor < -a.credit_line_minor;
    const bool recorded = credit_.cut_floor_minor.contains(id);
    if (a.line_cut != recorded || (a.line_cut && !below)) {
      fault("account " + std::to_string(id) + " line cut out of step with its balance");
    }
  }
  for (const auto& [id, floor] : credit_.cut_floor_minor) {
    if (id >= accounts_.size()) fault("a line cut on an unknown account");
  }
}

}  // namespace corridor::core
