#include "receipt/receipt.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "receipt/hex.h"
#include "receipt/utc_time.h"

namespace corridor::receipt {
namespace {

// The canonical orders. Adding, removing or renaming a field is a new format version.
constexpr std::array<std::string_view, 13> kFieldNames = {"format",
                                                          "uetr",
                                                          "amount_minor",
                                                          "currency",
                                                          "debtor_agent",
                                                          "creditor_agent",
                                                          "settled_at_ns",
                                                          "settled_at",
                                                          "settled_by",
                                                          "journal_seq",
                                                          "chain_head_sha256",
                                                          "system_bic",
                                                          "operator_cert_sha256"};
// /2: /1's, with the second leg's after creditor_agent (the parties and
// amounts together, before how and when it settled).
constexpr size_t kSecondLegAt = 6;
constexpr std::array<std::string_view, 4> kSecondLegNames = {
    "fx_provider", "fx_quote_id", "settlement_amount_minor", "settlement_currency"};

std::vector<std::string_view> field_names(bool cross_currency) {
  std::vector<std::string_view> names(kFieldNames.begin(), kFieldNames.end());
  if (cross_currency) {
    names.insert(names.begin() + kSecondLegAt, kSecondLegNames.begin(), kSecondLegNames.end());
  }
  return names;
}

constexpr SettledBy kSettledByValues[] = {SettledBy::kEntry,
                                          SettledBy::kOffsetting,
                                          SettledBy::kQueueResolution,
                                          SettledBy::kGridlockResolution,
                                          SettledBy::kLiquidityTransfer,
                                          SettledBy::kDnsCycle};

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// A value from the input, quoted, when it is short printable ASCII; otherwise
// described, so that a hostile file can neither flood an error nor put control
// characters on the reader's terminal.
std::string shown(std::string_view text, const char* otherwise) {
  if (text.size() > 80) return otherwise;
  for (const char c : text) {
    if (c < 0x20 || c > 0x7E) return otherwise;
  }
  return quoted(text);
}

// Digits only, no leading zero, at least 1: every numeric field is positive,
// and one spelling per value keeps the encoding injective.
bool parse_positive(std::string_view text, uint64_t max, uint64_t* value) {
  if (text.empty() || text[0] == '0') return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size() && *value <= max;
}

// Parses one field; returns the error text, or "" on success.
class FieldReader {
 public:
  explicit FieldReader(const std::map<std::string, std::string>& fields) : fields_(fields) {}

  const std::string& text(std::string_view name) { return fields_.at(std::string(name)); }

  std::string bic(std::string_view name, core::Bic* out) {
    const std::string& value = text(name);
    const auto bic = core::Bic::parse(value);
    if (!bic) return fmt(name, value, "is not a BIC (8 or 11 upper-case letters and digits)");
    if (bic->to_string() != value) {
      return fmt(name, value, "is not in canonical form; write " + quoted(bic->to_string()));
    }
    *out = *bic;
    return "";
  }

  std::string positive(std::string_view name, uint64_t max, uint64_t* out) {
    const std::string& value = text(name);
    if (!parse_positive(value, max, out)) {
      return fmt(name, value,
                 "is not a decimal integer from 1 to " + std::to_string(max) +
                     " (digits only, no sign or leading zeros)");
    }
    return "";
  }

  std::string digest(std::string_view name, Sha256Digest* out) {
    const std::string& value = text(name);
    const auto bytes = from_hex(value, out->size());
    if (!bytes) return fmt(name, value, "is not 64 lower-case hex digits (a SHA-256 digest)");
    std::copy(bytes->begin(), bytes->end(), out->begin());
    return "";
  }

  static std::string fmt(std::string_view name, std::string_view value, const std::string& what) {
    return "field " + std::string(name) + ": " + shown(value, "the value") + " " + what;
  }

 private:
  const std::map<std::string, std::string>& fields_;
};

}  // namespace

SettledBy settled_by_of(core::SettledBy how) {
  switch (how) {
    case core::SettledBy::kNone:
      return SettledBy::kNone;
    case core::SettledBy::kEntry:
      return SettledBy::kEntry;
    case core::SettledBy::kOffsetting:
      return SettledBy::kOffsetting;
    case core::SettledBy::kQueueResolution:
      return SettledBy::kQueueResolution;
    case core::SettledBy::kGridlockResolution:
      return SettledBy::kGridlockResolution;
    case core::SettledBy::kLiquidityTransfer:
      return SettledBy::kLiquidityTransfer;
  }
  return SettledBy::kNone;
}

const char* settled_by_name(SettledBy how) {
  switch (how) {
    case SettledBy::kNone:
      return nullptr;
    case SettledBy::kEntry:
      return "entry";
    case SettledBy::kOffsetting:
      return "offsetting";
    case SettledBy::kQueueResolution:
      return "queue_resolution";
    case SettledBy::kGridlockResolution:
      return "gridlock_resolution";
    case SettledBy::kLiquidityTransfer:
      return "liquidity_transfer";
    case SettledBy::kDnsCycle:
      return "dns_cycle";
  }
  return nullptr;
}

std::string_view format_of(const Receipt& receipt) {
  return receipt.second_leg ? kFormatCrossCurrency : kFormat;
}

std::string validation_error(const Receipt& r) {
  if (r.uetr.is_nil() || !r.uetr.is_version4()) return "uetr is not a version 4 UUID";
  if (r.amount_minor <= 0) return "amount_minor must be positive";
  if (!core::CurrencyCode::parse(r.currency.view())) return "currency is not set";
  if (r.debtor_agent.empty()) return "debtor_agent is not set";
  if (r.creditor_agent.empty()) return "creditor_agent is not set";
  if (r.settled_at_ns <= 0) return "settled_at_ns must be positive";
  if (settled_by_name(r.settled_by) == nullptr) return "settled_by is not a way of settling";
  if (r.journal_seq == 0) return "journal_seq must be at least 1";
  if (r.system_bic.empty()) return "system_bic is not set";
  if (r.second_leg) {
    const SecondLeg& leg = *r.second_leg;
    if (leg.fx_provider.empty()) return "fx_provider is not set";
    if (leg.fx_quote_id == 0) return "fx_quote_id must be at least 1";
    if (leg.settlement_amount_minor <= 0) return "settlement_amount_minor must be positive";
    if (!core::CurrencyCode::parse(leg.settlement_currency.view())) {
      return "settlement_currency is not set";
    }
    // A quote converts between two different currencies (core rule for PublishFxQuote).
    if (leg.settlement_currency == r.currency)
      return "settlement_currency must differ from currency";
  }
  return "";
}

std::vector<std::pair<std::string_view, std::string>> canonical_fields(const Receipt& r) {
  const std::string error = validation_error(r);
  if (!error.empty()) throw std::invalid_argument("invalid receipt: " + error);
  std::vector<std::pair<std::string_view, std::string>> fields = {
      {kFieldNames[0], std::string(format_of(r))},
      {kFieldNames[1], r.uetr.to_string()},
      {kFieldNames[2], std::to_string(r.amount_minor)},
      {kFieldNames[3], r.currency.to_string()},
      {kFieldNames[4], r.debtor_agent.to_string()},
      {kFieldNames[5], r.creditor_agent.to_string()},
      {kFieldNames[6], std::to_string(r.settled_at_ns)},
      {kFieldNames[7], format_utc_ns(r.settled_at_ns)},
      {kFieldNames[8], settled_by_name(r.settled_by)},
      {kFieldNames[9], std::to_string(r.journal_seq)},
      {kFieldNames[10], to_hex(r.chain_head_sha256)},
      {kFieldNames[11], r.system_bic.to_string()},
      {kFieldNames[12], to_hex(r.operator_cert_sha256)},
  };
  if (r.second_leg) {
    const SecondLeg& leg = *r.second_leg;
    const std::pair<std::string_view, std::string> second[] = {
        {kSecondLegNames[0], leg.fx_provider.to_string()},
        {kSecondLegNames[1], std::to_string(leg.fx_quote_id)},
        {kSecondLegNames[2], std::to_string(leg.settlement_amount_minor)},
        {kSecondLegNames[3], leg.settlement_currency.to_string()},
    };
    fields.insert(fields.begin() + kSecondLegAt, std::begin(second), std::end(second));
  }
  return fields;
}

std::string canonical_bytes(const Receipt& receipt) {
  std::string bytes;
  for (const auto& [name, value] : canonical_fields(receipt)) {
    bytes.append(name).append("=").append(value).append("\n");
  }
  return bytes;
}

OrError<Receipt> receipt_from_fields(const std::map<std::string, std::string>& fields) {
  // The format first: it says which fields the receipt has.
  const auto format = fields.find("format");
  if (format == fields.end()) return {{}, "missing field format"};
  if (format->second != kFormat && format->second != kFormatCrossCurrency) {
    return {{},
            FieldReader::fmt("format", format->second,
                             "is not a known receipt format (expected " + quoted(kFormat) + " or " +
                                 quoted(kFormatCrossCurrency) + ")")};
  }
  const bool cross_currency = format->second == kFormatCrossCurrency;
  const std::vector<std::string_view> names = field_names(cross_currency);
  for (const std::string_view name : names) {
    if (fields.contains(std::string(name))) continue;
    if (cross_currency &&
        std::find(kSecondLegNames.begin(), kSecondLegNames.end(), name) != kSecondLegNames.end()) {
      return {{},
              "missing field " + std::string(name) + ": a " + std::string(kFormatCrossCurrency) +
                  " receipt states the second leg (fx_provider, fx_quote_id, "
                  "settlement_amount_minor, settlement_currency)"};
    }
    return {{}, "missing field " + std::string(name)};
  }
  for (const auto& [name, value] : fields) {
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    if (std::find(kSecondLegNames.begin(), kSecondLegNames.end(), name) != kSecondLegNames.end()) {
      return {{},
              "field " + name + " is not part of a " + std::string(kFormat) +
                  " (single-currency) receipt; a cross-currency receipt is " +
                  std::string(kFormatCrossCurrency)};
    }
    return {{}, "unknown field " + shown(name, "(a long or unprintable name)")};
  }
  FieldReader in(fields);
  Receipt r;
  std::string error;

  const std::string& uetr_text = in.text("uetr");
  const auto uetr = core::Uetr::parse(uetr_text);
  if (!uetr || uetr->to_string() != uetr_text) {
    return {{}, FieldReader::fmt("uetr", uetr_text, "is not a lower-case version 4 UUID")};
  }
  r.uetr = *uetr;

  uint64_t number = 0;
  if (error = in.positive("amount_minor", INT64_MAX, &number); !error.empty()) return {{}, error};
  r.amount_minor = static_cast<core::AmountMinor>(number);

  const std::string& currency_text = in.text("currency");
  const auto currency = core::CurrencyCode::parse(currency_text);
  if (!currency) {
    return {{}, FieldReader::fmt("currency", currency_text, "is not three upper-case letters")};
  }
  r.currency = *currency;

  if (error = in.bic("debtor_agent", &r.debtor_agent); !error.empty()) return {{}, error};
  if (error = in.bic("creditor_agent", &r.creditor_agent); !error.empty()) return {{}, error};

  if (error = in.positive("settled_at_ns", INT64_MAX, &number); !error.empty()) return {{}, error};
  r.settled_at_ns = static_cast<core::TimestampNs>(number);
  // Redundant with settled_at_ns, for readers; it must say the same instant.
  const std::string expected_time = format_utc_ns(r.settled_at_ns);
  if (in.text("settled_at") != expected_time) {
    return {
        {},
        FieldReader::fmt("settled_at", in.text("settled_at"),
                         "does not match settled_at_ns (expected " + quoted(expected_time) + ")")};
  }

  const std::string& how = in.text("settled_by");
  r.settled_by = SettledBy::kNone;
  for (const SettledBy value : kSettledByValues) {
    if (how == settled_by_name(value)) r.settled_by = value;
  }
  if (r.settled_by == SettledBy::kNone) {
    return {{},
            FieldReader::fmt("settled_by", how,
                             "is not one of entry, offsetting, queue_resolution, "
                             "gridlock_resolution, liquidity_transfer, dns_cycle")};
  }

  if (error = in.positive("journal_seq", UINT64_MAX, &r.journal_seq); !error.empty()) {
    return {{}, error};
  }
  if (error = in.digest("chain_head_sha256", &r.chain_head_sha256); !error.empty()) {
    return {{}, error};
  }
  if (error = in.bic("system_bic", &r.system_bic); !error.empty()) return {{}, error};
  if (error = in.digest("operator_cert_sha256", &r.operator_cert_sha256); !error.empty()) {
    return {{}, error};
  }
  if (cross_currency) {
    SecondLeg leg;
    if (error = in.bic("fx_provider", &leg.fx_provider); !error.empty()) return {{}, error};
    if (error = in.positive("fx_quote_id", UINT64_MAX, &leg.fx_quote_id); !error.empty()) {
      return {{}, error};
    }
    if (error = in.positive("settlement_amount_minor", INT64_MAX, &number); !error.empty()) {
      return {{}, error};
    }
    leg.settlement_amount_minor = static_cast<core::AmountMinor>(number);
    const std::string& settlement_text = in.text("settlement_currency");
    const auto settlement = core::CurrencyCode::parse(settlement_text);
    if (!settlement) {
      return {{},
              FieldReader::fmt("settlement_currency", settlement_text,
                               "is not three upper-case letters")};
    }
    if (*settlement == r.currency) {
      return {{},
              FieldReader::fmt("settlement_currency", settlement_text,
                               "is the same as currency: a cross-currency payment's legs are "
                               "in two different currencies")};
    }
    leg.settlement_currency = *settlement;
    r.second_leg = leg;
  }
  return {r, ""};
}

OrError<Receipt> parse_canonical(std::string_view bytes) {
  // The first line names the format, and with it the lines that follow.
  const std::string_view first_line = bytes.substr(0, bytes.find('\n'));
  constexpr std::string_view kFormatKey = "format=";
  const std::string_view format = first_line.substr(0, kFormatKey.size()) == kFormatKey
                                      ? first_line.substr(kFormatKey.size())
                                      : std::string_view();
  if (!format.empty() && format != kFormat && format != kFormatCrossCurrency) {
    return receipt_from_fields({{"format", std::string(format)}});  // names the unknown format
  }
  const bool cross_currency = format == kFormatCrossCurrency;
  std::map<std::string, std::string> fields;
  size_t at = 0;
  for (const std::string_view name : field_names(cross_currency)) {
    const size_t end = bytes.find('\n', at);
    if (end == std::string_view::npos) {
      return {{}, "canonical receipt: line for " + std::string(name) + " missing or unterminated"};
    }
    const std::string_view line = bytes.substr(at, end - at);
    if (line.size() <= name.size() || line.substr(0, name.size()) != name ||
        line[name.size()] != '=') {
      return {{}, "canonical receipt: expected the line " + std::string(name) + "=..."};
    }
    fields.emplace(name, line.substr(name.size() + 1));
    at = end + 1;
  }
  if (at != bytes.size()) return {{}, "canonical receipt: bytes after the last field"};
  return receipt_from_fields(fields);
}

}  // namespace corridor::receipt
