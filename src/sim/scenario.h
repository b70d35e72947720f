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

// An FX provider's quote, published (core::PublishFxQuote) at the start of the
// day and valid all day: the provider sells `quote` for `base` at rate_units /
// 10^rate_scale units of `quote` per unit of `base` (major units), at most
// max_per_payment_minor of `base` per payment (settlement rule 13). Its quote
// id is its position in the scenario + 1.
struct FxProviderSpec {
  core::Bic bic;             // a bank, or an indirect participant, settling in both currencies
  core::CurrencyCode base;   // the instructed currency of the payments it serves
  core::CurrencyCode quote;  // their settlement currency
  int64_t rate_units = 0;    // > 0
  int rate_scale = 0;        // 0 to core::PublishFxQuote::kRateScaleMax
  core::AmountMinor max_per_payment_minor = 0;  // > 0, minor units of `base`
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

// Who pays whom in generated payments. kWeights: parties drawn by their
// weights. kCorePeriphery: the same, but the first `core_banks` [[bank]]s are
// the core and a payment always has a core party (periphery banks, and their
// indirect participants, pay each other only through the core). kScaleFree:
// bank weights replaced by Zipf weights 1,000,000 / rank (rank = order in the
// scenario), so payment counts per bank follow a power law.
enum class Network : uint8_t { kWeights, kCorePeriphery, kScaleFree };

struct GenerationSpec {
  uint64_t count = 0;
  Network network = Network::kWeights;
  uint32_t core_banks = 0;  // kCorePeriphery
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
  // Share of the payments not in balanced cycles sent cross-currency through
  // an [[fx_provider]] quoting their currency, in parts per million (the
  // scenario gives a share 0..1). 0: no draw is made, so days without it are
  // exactly what they were.
  uint32_t cross_currency_ppm = 0;
};

inline constexpr uint32_t kPartsPerMillion = 1'000'000;

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
  std::string instruction_id;  // empty: the simulator numbers it (PAY0000000001, ...)
  // Set: a cross-currency payment; `to` receives in this currency, converted at
  // the first [[fx_provider]] quoting (currency, settlement_currency).
  std::optional<core::CurrencyCode> settlement_currency;
};

struct GridlockSpec {
  int64_t interval_minutes = 0;  // 0 = never run
  core::GridlockAlgorithm algorithm = core::GridlockAlgorithm::kPartial;
  friend bool operator==(const GridlockSpec&, const GridlockSpec&) = default;
};

// A settlement policy compared by the liquidity sweep. Every policy settles
// FIFO (settlement rules 1, 2 and 4); all but `rtgs` also offset on entry
// (rule 3); a gridlock policy also runs resolution at the sweep's interval;
// `dns` sends normal payments to deferred net settlement (rule 15).
struct PolicySpec {
  std::string key;  // "rtgs", "fifo", "all_or_nothing", "partial", "bilateral", "dns"
  bool gridlock = false;
  core::GridlockAlgorithm algorithm = core::GridlockAlgorithm::kPartial;
  bool entry_offsetting = true;  // false: plain RTGS (core::SetEntryOffsetting{false})
  bool dns = false;              // normal payments to DNS, cycles every dns_cycle_minutes
  friend bool operator==(const PolicySpec&, const PolicySpec&) = default;
};

// The liquidity sweep of `corridor sim --out DIR` (docs/simulator.md).
struct SweepSpec {
  uint32_t levels = 10;  // liquidity levels from the lower to the upper bound, inclusive
  int64_t gridlock_interval_minutes = 15;
  int64_t queue_sample_minutes = 5;  // step of the queue-value series
  int64_t dns_cycle_minutes = 60;    // how often the dns policy settles its cycles
  std::vector<PolicySpec> policies;  // default: default_policies()
  friend bool operator==(const SweepSpec&, const SweepSpec&) = default;
};

std::optional<PolicySpec> parse_policy(std::string_view key);
// Every policy the sweep knows: rtgs, fifo, all_or_nothing, partial, bilateral.
std::vector<PolicySpec> all_policies();
// The sweep's policies when [sweep] names none: rtgs (the baseline), fifo,
// all_or_nothing, partial. (dns is available, not a default.)
std::vector<PolicySpec> default_policies();

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
  std::vector<FxProviderSpec> fx_providers;
  GenerationSpec generation;
  std::vector<PaymentSpec> payments;
  GridlockSpec gridlock;
  // Offsetting on entry (settlement rule 3); off: plain RTGS. Set per run by the sweep.
  bool entry_offsetting = true;
  // > 0: deferred net settlement (rule 15) for normal, untimed, single-currency
  // payments, cycles settled every this many minutes from day_start and at
  // day_end; each bank account's net debit cap is its opening liquidity.
  // [dns] cycle_minutes; the sweep sets it per run (its dns policy only).
  int64_t dns_cycle_minutes = 0;
  SweepSpec sweep;

  const CurrencySpec* find_currency(const core::CurrencyCode& code) const;
  const BankSpec* find_bank(const core::Bic& bic) const;
  // A bank, or an indirect participant through its settlement bank, with an account in `code`.
  bool settles_in(const core::Bic& bic, const core::CurrencyCode& code) const;
  // The bank whose accounts `bic` settles on (itself, or an indirect's settlement bank).
  const BankSpec* settlement_bank_of(const core::Bic& bic) const;
  // The index of the first [[fx_provider]] quoting base -> quote, if any.
  std::optional<size_t> find_fx_provider(const core::CurrencyCode& base,
                                         const core::CurrencyCode& quote) const;
};

// Parses and validates TOML text; `source_name` prefixes error messages.
Scenario parse_scenario(std::string_view toml_text, std::string_view source_name);
// Reads and parses a file; a missing or unreadable file is a ScenarioError too.
Scenario load_scenario(const std::string& path);

const char* algorithm_key(core::GridlockAlgorithm algorithm);  // "partial", ...
std::optional<core::GridlockAlgorithm> parse_algorithm(std::string_view key);

}  // namespace corridor::sim
