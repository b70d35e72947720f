#include "iso20022/validate.h"

#include <array>
#include <cstdint>

#include "core/bic.h"
#include "core/uetr.h"
#include "iso20022/iban_registry.h"

namespace corridor::iso20022 {
namespace {

constexpr int kTotalDigitsMax = 18;    // ActiveCurrencyAndAmount totalDigits
constexpr int kFractionDigitsMax = 5;  // ActiveCurrencyAndAmount fractionDigits

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// An IBAN character's value in the mod-97 check: digits 0..9, capital
// letters 10..35, anything else kNotIban.
constexpr uint8_t kNotIban = 0xFF;
constexpr std::array<uint8_t, 256> kIbanValues = [] {
  std::array<uint8_t, 256> values{};
  for (uint8_t& v : values) v = kNotIban;
  for (int d = 0; d < 10; ++d) values[static_cast<size_t>('0' + d)] = static_cast<uint8_t>(d);
  for (int l = 0; l < 26; ++l) values[static_cast<size_t>('A' + l)] = static_cast<uint8_t>(10 + l);
  return values;
}();

std::string_view trim(std::string_view text) {
  // xs:decimal, xs:date etc. collapse whitespace, so surrounding blanks are allowed.
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' ||
                           text.front() == '\r'))
    text.remove_prefix(1);
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

// Reads exactly `count` digits at `*pos`.
bool read_digits(std::string_view text, size_t* pos, int count, int* value) {
  if (*pos + count > text.size()) return false;
  int v = 0;
  for (int i = 0; i < count; ++i) {
    const char c = text[*pos + i];
    if (!is_digit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *pos += count;
  *value = v;
  return true;
}

bool leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 (H. Hinnant's days_from_civil).
int64_t days_from_civil(int year, int month, int day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t yoe = year - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool read_date(std::string_view text, size_t* pos, int* year, int* month, int* day) {
  if (!read_digits(text, pos, 4, year)) return false;
  if (*pos >= text.size() || text[(*pos)++] != '-') return false;
  if (!read_digits(text, pos, 2, month)) return false;
  if (*pos >= text.size() || text[(*pos)++] != '-') return false;
  if (!read_digits(text, pos, 2, day)) return false;
  return *year >= 1 && *month >= 1 && *month <= 12 && *day >= 1 &&
         *day <= days_in_month(*year, *month);
}

// hh:mm:ss(.f+)? then an optional zone; the offset east of UTC in seconds.
bool read_time(std::string_view text, size_t* pos, int64_t* ns_of_day, int64_t* zone_s) {
  int hour, minute, second;
  if (!read_digits(text, pos, 2, &hour)) return false;
  if (*pos >= text.size() || text[(*pos)++] != ':') return false;
  if (!read_digits(text, pos, 2, &minute)) return false;
  if (*pos >= text.size() || text[(*pos)++] != ':') return false;
  if (!read_digits(text, pos, 2, &second)) return false;
  if (hour > 23 || minute > 59 || second > 59) return false;  // no leap seconds in settlement
  int64_t fraction_ns = 0;
  if (*pos < text.size() && text[*pos] == '.') {
    ++*pos;
    int digits = 0;
    int64_t scale = 100'000'000;
    while (*pos < text.size() && is_digit(text[*pos])) {
      if (digits < 9) fraction_ns += (text[*pos] - '0') * scale, scale /= 10;
      ++digits, ++*pos;
    }
    if (digits == 0) return false;
  }
  *ns_of_day = ((hour * 60 + minute) * 60 + second) * 1'000'000'000LL + fraction_ns;
  *zone_s = 0;
  if (*pos == text.size()) return true;
  if (text[*pos] == 'Z') return ++*pos == text.size();
  if (text[*pos] != '+' && text[*pos] != '-') return false;
  const int sign = text[(*pos)++] == '+' ? 1 : -1;
  int zone_hour, zone_minute;
  if (!read_digits(text, pos, 2, &zone_hour)) return false;
  if (*pos >= text.size() || text[(*pos)++] != ':') return false;
  if (!read_digits(text, pos, 2, &zone_minute)) return false;
  if (zone_hour > 14 || zone_minute > 59) return false;
  *zone_s = sign * (zone_hour * 3600 + zone_minute * 60);
  return *pos == text.size();
}

Check fail(std::string_view code, std::string text) {
  return Check{code, std::move(text)};
}

}  // namespace

Check check_bic(std::string_view text) {
  if (core::Bic::valid(trim(text))) return {};
  return fail("RC01", "\"" + std::string(text) + "\" is not an ISO 9362 BIC");
}

Check check_iban(std::string_view text) {
  text = trim(text);
  const auto bad = [&](const char* why) {
    return fail("AC01", "\"" + std::string(text) + "\" is not an IBAN: " + why);
  };
  if (text.size() < 5 || text.size() > 34) return bad("length");
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (!upper(text[0]) || !upper(text[1])) return bad("country code");
  if (!is_digit(text[2]) || !is_digit(text[3])) return bad("check digits");
  // Mod 97 over BBAN + country + check digits, letters as 10..35, each
  // character's value from one table look-up. The remainder is reduced only
  // when it nears the top of 64 bits, and the rotation is two loops rather
  // than an index modulo the length.
  uint64_t remainder = 0;
  const auto add = [&remainder](uint8_t value) {
    remainder = value < 10 ? remainder * 10 + value : remainder * 100 + value;
    if (remainder >= 100'000'000'000'000'000ULL) remainder %= 97;
  };
  for (size_t k = 4; k < text.size(); ++k) {
    const uint8_t value = kIbanValues[static_cast<unsigned char>(text[k])];
    if (value == kNotIban) return bad("character");
    add(value);
  }
  for (size_t k = 0; k < 4; ++k) add(kIbanValues[static_cast<unsigned char>(text[k])]);
  remainder %= 97;
  if (remainder != 1) return bad("check digits do not match (mod 97)");
  const std::optional<int> registered = iban_length_of(text.substr(0, 2));
  if (registered && static_cast<size_t>(*registered) != text.size()) {
    return fail("AC01", "\"" + std::string(text) +
                            "\" is not an IBAN: " + std::string(text.substr(0, 2)) +
                            " IBANs have " + std::to_string(*registered) + " characters, not " +
                            std::to_string(text.size()));
  }
  return {};
}

Check check_uetr(std::string_view text) {
  if (core::Uetr::parse(trim(text))) return {};
  return fail("FF01", "\"" + std::string(text) + "\" is not a UUID v4 UETR");
}

Check parse_amount(std::string_view text, std::string_view currency,
                   core::AmountMinor* amount_minor, core::CurrencyCode* code) {
  const std::optional<core::CurrencyCode> parsed = core::CurrencyCode::parse(currency);
  const std::optional<int> minor_units = core::iso4217_minor_units(currency);
  if (!parsed || !minor_units) {
    return fail("AM03", "\"" + std::string(currency) + "\" is not an active ISO 4217 currency");
  }
  *code = *parsed;
  // As sent, for the problem texts (copied only when there is a problem).
  const std::string_view shown = text;
  text = trim(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  const size_t point = text.find('.');
  std::string_view integer = text.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? "" : text.substr(point + 1);
  if (integer.empty() && fraction.empty())
    return fail("AM12", "\"" + std::string(shown) + "\" is not an amount");
  for (char c : integer)
    if (!is_digit(c)) return fail("AM12", "\"" + std::string(shown) + "\" is not an amount");
  for (char c : fraction)
    if (!is_digit(c)) return fail("AM12", "\"" + std::string(shown) + "\" is not an amount");
  // The schema counts significant digits: leading and trailing zeros do not count.
  while (!integer.empty() && integer.front() == '0') integer.remove_prefix(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  if (static_cast<int>(fraction.size()) > kFractionDigitsMax ||
      static_cast<int>(integer.size() + fraction.size()) > kTotalDigitsMax) {
    return fail("AM12", "\"" + std::string(shown) + "\" has more than 18 digits or 5 decimals");
  }
  if (negative && !(integer.empty() && fraction.empty())) {
    return fail("AM02", "\"" + std::string(shown) + "\" is negative");
  }
  if (static_cast<int>(fraction.size()) > *minor_units) {
    return fail("CH20", "\"" + std::string(shown) + "\" has more decimals than " +
                            std::string(currency) + " allows (" + std::to_string(*minor_units) +
                            ")");
  }
  // At most 18 significant digits: the integer part fits in int64 before scaling.
  int64_t value = 0;
  for (char c : integer) value = value * 10 + (c - '0');
  for (int i = 0; i < *minor_units; ++i) {
    const int64_t digit = i < static_cast<int>(fraction.size()) ? fraction[i] - '0' : 0;
    if (__builtin_mul_overflow(value, int64_t{10}, &value) ||
        __builtin_add_overflow(value, digit, &value)) {
      return fail("AM02", "\"" + std::string(shown) + "\" is too large");
    }
  }
  *amount_minor = value;
  return {};
}

// Timestamps are int64 nanoseconds since 1970: they end in April 2262. A date
// outside these years cannot become a timestamp (and must not overflow one).
constexpr int kTimestampYearMin = 1970;
constexpr int kTimestampYearMax = 2261;

bool timestamp_year(int year) {
  return year >= kTimestampYearMin && year <= kTimestampYearMax;
}

core::TimestampNs midnight_ns(core::ValueDate date) {
  const int year = date / 10000, month = date / 100 % 100, day = date % 100;
  return days_from_civil(year, month, day) * 86'400LL * 1'000'000'000LL;
}

Check parse_iso_date(std::string_view text, core::ValueDate* value_date) {
  text = trim(text);
  size_t pos = 0;
  int year, month, day;
  bool ok = read_date(text, &pos, &year, &month, &day);
  if (ok && pos != text.size()) {
    // A zone on a date does not move it: the settlement date is the stated one.
    int64_t ns, zone;
    const std::string suffix = "00:00:00" + std::string(text.substr(pos));
    size_t zpos = 0;
    ok = read_time(suffix, &zpos, &ns, &zone);
  }
  if (!ok) return fail("DT01", "\"" + std::string(text) + "\" is not an ISO date");
  *value_date = year * 10000 + month * 100 + day;
  return {};
}

Check parse_iso_date_time(std::string_view text, core::TimestampNs* ns) {
  text = trim(text);
  size_t pos = 0;
  int year, month, day;
  int64_t ns_of_day, zone_s;
  if (!read_date(text, &pos, &year, &month, &day) || pos >= text.size() || text[pos++] != 'T' ||
      !read_time(text, &pos, &ns_of_day, &zone_s) || !timestamp_year(year)) {
    return fail("DT01", "\"" + std::string(text) + "\" is not an ISO date-time in 1970..2261");
  }
  *ns = days_from_civil(year, month, day) * 86'400'000'000'000LL + ns_of_day -
        zone_s * 1'000'000'000LL;
  return {};
}

Check parse_iso_time_on(std::string_view text, core::ValueDate date, core::TimestampNs* ns) {
  text = trim(text);
  size_t pos = 0;
  int64_t ns_of_day, zone_s;
  if (!read_time(text, &pos, &ns_of_day, &zone_s)) {
    return fail("DT01", "\"" + std::string(text) + "\" is not an ISO time");
  }
  if (!timestamp_year(date / 10000)) {
    return fail("DT01", "a time on " + std::to_string(date) + ": outside 1970..2261");
  }
  *ns = midnight_ns(date) + ns_of_day - zone_s * 1'000'000'000LL;
  return {};
}

Check parse_iso_time_of_day(std::string_view text, core::TimestampNs* ns) {
  text = trim(text);
  size_t pos = 0;
  int64_t ns_of_day, zone_s;
  if (!read_time(text, &pos, &ns_of_day, &zone_s)) {
    return fail("DT01", "\"" + std::string(text) + "\" is not an ISO time");
  }
  *ns = ns_of_day - zone_s * 1'000'000'000LL;
  return {};
}

std::optional<uint64_t> parse_count(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 15) return std::nullopt;  // Max15NumericText
  uint64_t value = 0;
  for (char c : text) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

}  // namespace corridor::iso20022
