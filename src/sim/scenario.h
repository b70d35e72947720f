// A simulation scenario: reference data, opening liquidity, how payments are
// generated, and when gridlock resolution runs. Loaded from TOML and
// validated here, so the runner can assume a consistent scenario.
// Keys and units: docs/simulator.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bic.h"
#include "core/currency.h"
#include "core/money.h"
#include "core/types.h"
#include "sim/scenario_error.h"

namespace corridor::sim {

struct CurrencySpec {
  core::CurrencyCode code;
  int minor_units = 2;
};

struct CentralBankSpec {
  core::Bic bic;
  std::string name;
  core::CurrencyCode currency;  // the one it issues; one central bank per currency
};

struct AccountSpec {
  core::CurrencyCode currency;
  core::AmountMinor opening_liquidity_minor = 0;  // central bank credit at the start of the day
  core::AmountMinor credit_line_minor = 0;
  core::AmountMinor reserve_highly_urgent_minor = 0;
  core::AmountMinor reserve_urgent_minor = 0;
};

struct BankSpec {
  core::Bic bic;
  std::string name;
  uint64_t weight = 1;  // relative share of payments it sends and receives
  std::vector<AccountSpec> accounts;
};

struct IndirectSpec {
  core::Bic bic;
  std::string name;
  core::Bic settlement_bank;  // a bank of the scenario; settles on its accounts
  uint64_t weight = 1;
};

// How generated payment amounts in one currency are drawn: a mantissa uniform
// in 1..9 times unit times 10^k, where k counts successive "go up a decade" draws
// (geometric, probability decade_up_percent each) and stops at decades_max.
struct CurrencyFlowSpec {
  core::CurrencyCode currency;
  uint64_t weight = 1;  // relative share of payments in this currency
  core::AmountMinor amount_unit_minor = 1;
  uint32_t decade_up_percent = 30;
  uint32_t decades_max = 4;
};

struct GenerationSpec {
  uint64_t count = 0;
  uint64_t seed = 1;
  uint32_t highly_urgent_percent = 0;
  uint32_t urgent_percent = 0;
  // Share of payments generated as balanced cycles: the same amount paid round
  // two or three participants (A->B->A, A->B->C->A), each leg at its own time.
  // Cycles leave net positions as they were, like two-way business between
  // banks, while their timing still needs liquidity; gridlocks grow from them.
  uint32_t cycle_percent = 0;
  // Share of payments with an earliest and/or a latest settlement time, within
  // timed_window_minutes after arrival.
  uint32_t timed_percent = 0;
  int64_t timed_window_minutes = 60;
  // Relative arrival weights per hour from the start of the business day
  // (uniform within the hour); empty = uniform over the whole day.
  std::vector<uint64_t> arrival_weights_per_hour;
  std::vector<CurrencyFlowSpec> flows;
};

// A payment spelled out in the scenario (e.g. the classic gridlock).
struct PaymentSpec {
  core::Bic from;
  core::Bic to;
  core::CurrencyCode currency;
  core::AmountMinor amount_minor = 0;
  int64_t at_seconds = 0;  // seconds of the day it is submitted
  core::Priority priority = core::Priority::kNormal;
  std::optional<int64_t> earliest_seconds;  // seconds of the day
  std::optional<int64_t> latest_seconds;
};

struct GridlockSpec {
  int64_t interval_minutes = 0;  // 0 = never run
  core::GridlockAlgorithm algorithm = core::GridlockAlgorithm::kPartial;
  friend bool operator==(const GridlockSpec&, const GridlockSpec&) = default;
};

struct Scenario {
  std::string name;
  core::ValueDate value_date = 20260101;
  core::ValueDate next_value_date = 0;   // after EndOfDay; 0 = the next weekday
  int64_t day_start_seconds = 7 * 3600;  // seconds of the day, UTC
  int64_t day_end_seconds = 18 * 3600;
  std::vector<CurrencySpec> currencies;
  std::vector<CentralBankSpec> central_banks;
  std::vector<BankSpec> banks;
  std::vector<IndirectSpec> indirects;
  GenerationSpec generation;
  std::vector<PaymentSpec> payments;
  GridlockSpec gridlock;

  const CurrencySpec* find_currency(const core::CurrencyCode& code) const;
  const BankSpec* find_bank(const core::Bic& bic) const;
};

// Parses and validates TOML text; `source_name` prefixes error messages.
Scenario parse_scenario(std::string_view toml_text, std::string_view source_name);
// Reads and parses a file; a missing or unreadable file is a ScenarioError too.
Scenario load_scenario(const std::string& path);

const char* algorithm_key(core::GridlockAlgorithm algorithm);  // "partial", ...
std::optional<core::GridlockAlgorithm> parse_algorithm(std::string_view key);

}  // namespace corridor::sim
