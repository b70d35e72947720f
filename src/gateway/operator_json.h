// Reading the operator API's JSON requests and writing its values
// (docs/api.md, "Operator API"). Money is decimal text in major units, read
// and written exactly with the currency's ISO 4217 exponent: never a float.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/bic.h"
#include "core/command.h"
#include "core/currency.h"
#include "core/money.h"
#include "core/types.h"
#include "core/uetr.h"

namespace corridor::gateway {

// A request the operator API cannot read: answered 400 with what() as the error.
class BadRequest : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The fields of one JSON object body. Every read names its field in its
// error; finish() refuses fields nobody read, so a misspelt optional field is
// an error rather than silently ignored.
class JsonBody {
 public:
  // An empty body is {}; anything but a JSON object throws BadRequest.
  explicit JsonBody(std::string_view text);

  std::string text(std::string_view key);  // required, a non-empty string
  std::optional<std::string> optional_text(std::string_view key);
  core::Bic bic(std::string_view key);
  std::optional<core::Bic> optional_bic(std::string_view key);
  // An active ISO 4217 code (the core refuses the others, AM03, anyway).
  core::CurrencyCode currency(std::string_view key);
  // Decimal text in major units ("1000.50"), at most the currency's decimals,
  // not negative. A JSON number is refused: it may already have been rounded.
  core::AmountMinor amount(std::string_view key, const core::CurrencyCode& currency);
  bool flag(std::string_view key, bool fallback);
  bool has(std::string_view key) const;
  // A JSON array of strings.
  std::optional<std::vector<std::string>> optional_texts(std::string_view key);
  // "request_id": the operator's id for the request, made the journal's
  // message id so that a retry is applied at most once; empty when absent.
  std::string request_id();
  // Throws BadRequest naming the first field that was not read.
  void finish() const;

 private:
  const nlohmann::json* field(std::string_view key);
  nlohmann::json object_;
  std::set<std::string, std::less<>> read_;
};

// Longest request_id: the participants route appends ":<n>" per command
// and the journal's message ids hold 35 bytes (core::InstructionId).
inline constexpr size_t kRequestIdLengthMax = 30;

// 123456 with 2 minor units -> "1234.56"; -5 with 3 -> "-0.005"; 42 with 0 -> "42".
std::string format_amount(core::AmountMinor amount_minor, int minor_units);
// 20261130 -> "2026-11-30".
std::string format_value_date(core::ValueDate date);
// "2026-11-30" -> 20261130; nullopt unless a real date.
std::optional<core::ValueDate> parse_value_date(std::string_view text);
// The next Monday-to-Friday date after `date` (no holiday calendar yet).
core::ValueDate next_business_day(core::ValueDate date);
// A fresh random version-4 UETR (OpenSSL's RAND_bytes); throws if it fails.
core::Uetr random_uetr();

// "12.3456" -> 123456 with scale 4: digits, at most one point, more than zero,
// at most PublishFxQuote::kRateScaleMax decimals, fitting in an int64.
bool parse_rate(std::string_view text, int64_t* units, uint8_t* scale);
// 123456 with scale 4 -> "12.3456".
std::string format_rate(int64_t units, uint8_t scale);
// An ISO 8601 date and time field ("2026-11-30T08:00:00Z") in ns; BadRequest otherwise.
core::TimestampNs date_time(JsonBody& body, std::string_view key);
// A decimal id from 1 (quote and swap ids), or nullopt.
std::optional<uint64_t> positive_id_of(std::string_view text);

std::optional<core::ParticipantKind> parse_participant_kind(std::string_view text);
std::optional<core::Priority> parse_priority(std::string_view text);
std::optional<core::GridlockAlgorithm> parse_gridlock_algorithm(std::string_view text);

}  // namespace corridor::gateway
