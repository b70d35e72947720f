#include "gateway/operator_json.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <algorithm>
#include <charconv>

#include "iso20022/validate.h"
#include "sim/virtual_time.h"

namespace corridor::gateway {
namespace {

bool request_id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

}  // namespace

JsonBody::JsonBody(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    object_ = nlohmann::json::object();
    return;
  }
  try {
    object_ = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw BadRequest(fmt::format("the body is not JSON: {}", e.what()));
  }
  if (!object_.is_object()) throw BadRequest("the body must be a JSON object");
}

const nlohmann::json* JsonBody::field(std::string_view key) {
  read_.emplace(key);
  const auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  return &*it;
}

bool JsonBody::has(std::string_view key) const {
  const auto it = object_.find(key);
  return it != object_.end() && !it->is_null();
}

std::optional<std::string> JsonBody::optional_text(std::string_view key) {
  const nlohmann::json* value = field(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) throw BadRequest(fmt::format("\"{}\" must be a string", key));
  std::string text = value->get<std::string>();
  if (text.empty()) throw BadRequest(fmt::format("\"{}\" must not be empty", key));
  return text;
}

std::string JsonBody::text(std::string_view key) {
  std::optional<std::string> text = optional_text(key);
  if (!text) throw BadRequest(fmt::format("\"{}\" is required", key));
  return *text;
}

std::optional<core::Bic> JsonBody::optional_bic(std::string_view key) {
  const std::optional<std::string> text = optional_text(key);
  if (!text) return std::nullopt;
  const std::optional<core::Bic> bic = core::Bic::parse(*text);
  if (!bic) {
    throw BadRequest(
        fmt::format("\"{}\": \"{}\" is not a BIC (ISO 9362, 8 or 11 characters)", key, *text));
  }
  return bic;
}

core::Bic JsonBody::bic(std::string_view key) {
  std::optional<core::Bic> bic = optional_bic(key);
  if (!bic) throw BadRequest(fmt::format("\"{}\" is required", key));
  return *bic;
}

core::CurrencyCode JsonBody::currency(std::string_view key) {
  const std::string text = this->text(key);
  const std::optional<core::CurrencyCode> code = core::CurrencyCode::parse(text);
  if (!code || !core::iso4217_minor_units(text)) {
    throw BadRequest(fmt::format("\"{}\": \"{}\" is not an active ISO 4217 currency", key, text));
  }
  return *code;
}

core::AmountMinor JsonBody::amount(std::string_view key, const core::CurrencyCode& currency) {
  const nlohmann::json* value = field(key);
  if (value == nullptr) throw BadRequest(fmt::format("\"{}\" is required", key));
  if (!value->is_string()) {
    throw BadRequest(fmt::format(
        "\"{}\" must be decimal text in major units, e.g. \"1000.00\" (a JSON number may "
        "already have been rounded)",
        key));
  }
  const std::string text = value->get<std::string>();
  core::AmountMinor amount_minor = 0;
  core::CurrencyCode code;
  const iso20022::Check check = iso20022::parse_amount(text, currency.view(), &amount_minor, &code);
  if (!check.ok()) {
    throw BadRequest(fmt::format("\"{}\": \"{}\" is not an amount in {}: {} ({})", key, text,
                                 currency.view(), check.text, check.code));
  }
  return amount_minor;
}

bool JsonBody::flag(std::string_view key, bool fallback) {
  const nlohmann::json* value = field(key);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) throw BadRequest(fmt::format("\"{}\" must be true or false", key));
  return value->get<bool>();
}

std::optional<std::vector<std::string>> JsonBody::optional_texts(std::string_view key) {
  const nlohmann::json* value = field(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array()) throw BadRequest(fmt::format("\"{}\" must be an array of strings", key));
  std::vector<std::string> texts;
  for (const nlohmann::json& item : *value) {
    if (!item.is_string()) {
      throw BadRequest(fmt::format("\"{}\" must be an array of strings", key));
    }
    texts.push_back(item.get<std::string>());
  }
  return texts;
}

std::string JsonBody::request_id() {
  const std::optional<std::string> id = optional_text("request_id");
  if (!id) return "";
  if (id->size() > kRequestIdLengthMax || !std::all_of(id->begin(), id->end(), request_id_char)) {
    throw BadRequest(fmt::format("\"request_id\" must be 1 to {} letters, digits, '-', '_' or '.'",
                                 kRequestIdLengthMax));
  }
  return *id;
}

void JsonBody::finish() const {
  for (const auto& [key, value] : object_.items()) {
    if (!read_.contains(key)) throw BadRequest(fmt::format("unknown field \"{}\"", key));
  }
}

std::string format_amount(core::AmountMinor amount_minor, int minor_units) {
  // The magnitude as unsigned, so INT64_MIN has one too.
  const bool negative = amount_minor < 0;
  const uint64_t magnitude =
      negative ? uint64_t{0} - static_cast<uint64_t>(amount_minor) : uint64_t(amount_minor);
  uint64_t scale = 1;
  for (int i = 0; i < minor_units; ++i) scale *= 10;
  const std::string sign = negative ? "-" : "";
  if (minor_units <= 0) return fmt::format("{}{}", sign, magnitude);
  return fmt::format("{}{}.{:0{}}", sign, magnitude / scale, magnitude % scale, minor_units);
}

std::string format_value_date(core::ValueDate date) {
  return fmt::format("{:04}-{:02}-{:02}", date / 10000, date / 100 % 100, date % 100);
}

std::optional<core::ValueDate> parse_value_date(std::string_view text) {
  core::ValueDate date = 0;
  // xs:date allows a zone suffix; a value date has none.
  if (text.size() != 10 || !iso20022::parse_iso_date(text, &date).ok()) return std::nullopt;
  return date;
}

core::ValueDate next_business_day(core::ValueDate date) {
  return sim::next_weekday(date);  // the same minimal calendar as the simulator's
}

core::Uetr random_uetr() {
  uint64_t bits[2] = {0, 0};
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bits), sizeof bits) != 1) {
    throw std::runtime_error("no random UETR (RAND_bytes failed)");
  }
  return core::Uetr::from_bits(bits[0], bits[1]);
}

std::optional<core::ParticipantKind> parse_participant_kind(std::string_view text) {
  for (core::ParticipantKind kind :
       {core::ParticipantKind::kCentralBank, core::ParticipantKind::kDirect,
        core::ParticipantKind::kIndirect}) {
    if (text == core::to_string(kind)) return kind;
  }
  return std::nullopt;
}

std::optional<core::Priority> parse_priority(std::string_view text) {
  for (core::Priority priority :
       {core::Priority::kHighlyUrgent, core::Priority::kUrgent, core::Priority::kNormal}) {
    if (text == core::to_string(priority)) return priority;
  }
  return std::nullopt;
}

std::optional<core::GridlockAlgorithm> parse_gridlock_algorithm(std::string_view text) {
  for (core::GridlockAlgorithm algorithm :
       {core::GridlockAlgorithm::kAllOrNothing, core::GridlockAlgorithm::kPartial,
        core::GridlockAlgorithm::kBilateral}) {
    if (text == core::to_string(algorithm)) return algorithm;
  }
  return std::nullopt;
}

// "12.3456" -> 123456 with scale 4. Digits, at most one point, more than zero,
// at most PublishFxQuote::kRateScaleMax decimals, and fitting in an int64.
bool parse_rate(std::string_view text, int64_t* units, uint8_t* scale) {
  int64_t value = 0;
  int decimals = -1;  // -1: no point seen yet
  bool digits = false;
  for (const char c : text) {
    if (c == '.') {
      if (decimals >= 0) return false;
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return false;
    if (__builtin_mul_overflow(value, int64_t{10}, &value) ||
        __builtin_add_overflow(value, int64_t{c - '0'}, &value)) {
      return false;
    }
    digits = true;
    if (decimals >= 0) ++decimals;
  }
  if (!digits || value <= 0 || decimals > core::PublishFxQuote::kRateScaleMax) return false;
  *units = value;
  *scale = static_cast<uint8_t>(decimals < 0 ? 0 : decimals);
  return true;
}

std::string format_rate(int64_t units, uint8_t scale) {
  std::string digits = std::to_string(units);
  if (scale == 0) return digits;
  if (digits.size() <= scale) digits.insert(0, scale - digits.size() + 1, '0');
  digits.insert(digits.size() - scale, ".");
  return digits;
}

core::TimestampNs date_time(JsonBody& body, std::string_view key) {
  const std::string text = body.text(key);
  core::TimestampNs ns = 0;
  if (!iso20022::parse_iso_date_time(text, &ns).ok()) {
    throw BadRequest(fmt::format(
        "\"{}\": \"{}\" is not an ISO 8601 date and time (e.g. 2026-11-30T08:00:00Z)", key, text));
  }
  return ns;
}

std::optional<uint64_t> positive_id_of(std::string_view text) {
  uint64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id == 0) return std::nullopt;
  return id;
}

}  // namespace corridor::gateway
