#include "iso20022/xml_writer.h"

#include <array>
#include <cstring>
#include <string>

#include "core/currency.h"

namespace corridor::iso20022 {
namespace {

// Length of the valid UTF-8 sequence at text[i] and its code point, or 0 when
// the bytes there are not valid UTF-8 (overlong forms and surrogates included).
size_t decode_utf8(std::string_view text, size_t i, uint32_t* code_point) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  size_t length = 0;
  uint32_t cp = 0;
  uint32_t min_cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, cp = lead & 0x1Fu, min_cp = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, cp = lead & 0x0Fu, min_cp = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, cp = lead & 0x07u, min_cp = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    const unsigned char next = byte(i + k);
    if ((next & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (next & 0x3Fu);
  }
  if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *code_point = cp;
  return length;
}

// The decimal digits of `value`, least significant first, into `digits` (room
// for 20); returns how many.
size_t reversed_digits(uint64_t value, char* digits) {
  size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  return n;
}

void append_uint(std::string& out, uint64_t value) {
  std::array<char, 20> digits{};
  size_t n = reversed_digits(value, digits.data());
  while (n > 0) out += digits[--n];
}

void append_two(std::string& out, unsigned value) {
  out += static_cast<char>('0' + value / 10);
  out += static_cast<char>('0' + value % 10);
}

// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm), valid for
// every int64 timestamp in nanoseconds.
void civil_from_days(int64_t days, int64_t* year, unsigned* month, unsigned* day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int64_t>(yoe) + era * 400 + (*month <= 2 ? 1 : 0);
}

void append_year(std::string& out, int64_t year) {
  // xs:dateTime needs at least four digits; years before 1 cannot come from
  // an int64 of nanoseconds after 1677, so only the padding matters.
  if (year < 1000) out.append(year < 10 ? 3 : year < 100 ? 2 : 1, '0');
  append_uint(out, static_cast<uint64_t>(year));
}

}  // namespace

size_t append_escaped(std::string& out, std::string_view text, size_t max_chars) {
  size_t chars = 0;
  size_t i = 0;
  size_t run_start = 0;  // plain ASCII is appended in runs, not byte by byte
  const auto flush = [&](size_t end) {
    if (end > run_start) out.append(text.data() + run_start, end - run_start);
  };
  while (i < text.size() && chars < max_chars) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'') {
      ++i, ++chars;
      continue;
    }
    flush(i);
    size_t length = 1;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
        out += "&#9;";
        break;  // as references, so that a parser's
      case '\n':
        out += "&#10;";
        break;  // attribute and line-end normalisation
      case '\r':
        out += "&#13;";
        break;  // gives back exactly what we had
      default:
        if (c < 0x20) {
          out += '?';  // forbidden in XML 1.0, even as a character reference
        } else {
          uint32_t cp = 0;
          length = decode_utf8(text, i, &cp);
          if (length == 0) {
            length = 1;
            out += '?';
          } else if (cp == 0xFFFE || cp == 0xFFFF) {
            out += '?';
          } else {
            out.append(text.data() + i, length);
          }
        }
    }
    i += length;
    ++chars;
    run_start = i;
  }
  flush(i);
  return chars;
}

int minor_units_of(std::string_view currency) {
  const std::optional<int> units = core::iso4217_minor_units(currency);
  if (!units) throw RenderError("currency '" + std::string(currency) + "' is not an ISO 4217 code");
  return *units;
}

void append_amount(std::string& out, core::AmountMinor amount_minor, int minor_units) {
  constexpr core::AmountMinor kEighteenDigits = 999'999'999'999'999'999;
  if (amount_minor < 0) throw RenderError("amount below zero");
  if (amount_minor > kEighteenDigits) throw RenderError("amount has more than 18 digits");
  std::array<char, 24> digits{};
  size_t n = reversed_digits(static_cast<uint64_t>(amount_minor), digits.data());
  const auto fraction = static_cast<size_t>(minor_units);
  while (n <= fraction) digits[n++] = '0';  // "0.05": a leading zero before the point
  while (n > fraction) out += digits[--n];
  if (fraction == 0) return;
  out += '.';
  while (n > 0) out += digits[--n];
}

namespace {

// Writes two digits at p.
char* put_two(char* p, unsigned value) {
  p[0] = static_cast<char>('0' + value / 10);
  p[1] = static_cast<char>('0' + value % 10);
  return p + 2;
}

// Splits seconds since the Unix epoch into whole days and the second of the day.
void split_days(int64_t seconds, int64_t* days, unsigned* second_of_day) {
  constexpr int64_t kSecondsPerDay = 86'400;
  *days = seconds / kSecondsPerDay;
  int64_t rest = seconds % kSecondsPerDay;
  if (rest < 0) rest += kSecondsPerDay, --*days;
  *second_of_day = static_cast<unsigned>(rest);
}

// "2026-11-27" for days since the Unix epoch, at p (at least four year
// digits, padded exactly as append_year pads them).
char* put_date_of_days(char* p, int64_t days) {
  int64_t year = 0;
  unsigned month = 0;
  unsigned day = 0;
  civil_from_days(days, &year, &month, &day);
  if (year < 1000) {
    const int pad = year < 10 ? 3 : year < 100 ? 2 : 1;
    for (int i = 0; i < pad; ++i) *p++ = '0';
  }
  std::array<char, 20> digits{};
  size_t n = reversed_digits(static_cast<uint64_t>(year), digits.data());
  while (n > 0) *p++ = digits[--n];
  *p++ = '-';
  p = put_two(p, month);
  *p++ = '-';
  return put_two(p, day);
}

// "T10:15:30" at p.
char* put_time_of_day(char* p, unsigned second_of_day) {
  *p++ = 'T';
  p = put_two(p, second_of_day / 3600);
  *p++ = ':';
  p = put_two(p, second_of_day / 60 % 60);
  *p++ = ':';
  return put_two(p, second_of_day % 60);
}

// ".123+00:00" at p.
char* put_milliseconds_utc(char* p, unsigned ms) {
  *p++ = '.';
  *p++ = static_cast<char>('0' + ms / 100);
  p = put_two(p, ms % 100);
  std::memcpy(p, kUtcOffset.data(), kUtcOffset.size());
  return p + kUtcOffset.size();
}

// Seconds and milliseconds of a timestamp (the milliseconds never negative).
void split_ns(core::TimestampNs at_ns, int64_t* seconds, unsigned* ms) {
  constexpr int64_t kNsPerSecond = 1'000'000'000;
  *seconds = at_ns / kNsPerSecond;
  int64_t ns = at_ns % kNsPerSecond;
  if (ns < 0) ns += kNsPerSecond, --*seconds;
  *ms = static_cast<unsigned>(ns / 1'000'000);
}

// "2026-11-27T10:15:30" at p: formatted on the stack and appended once by
// the callers, since a 100-transaction pacs.002 writes two hundred of them.
char* put_datetime_seconds(char* p, int64_t seconds) {
  int64_t days = 0;
  unsigned second_of_day = 0;
  split_days(seconds, &days, &second_of_day);
  return put_time_of_day(put_date_of_days(p, days), second_of_day);
}

// Room for the longest date-time put_datetime_seconds writes (3 + 20 year
// digits and 15 more) and the milliseconds and zone after it (10).
constexpr size_t kDatetimeMax = 64;

}  // namespace

void append_datetime_seconds(std::string& out, int64_t seconds) {
  char text[kDatetimeMax];
  const char* end = put_datetime_seconds(text, seconds);
  out.append(text, static_cast<size_t>(end - text));
}

void append_datetime(std::string& out, core::TimestampNs at_ns) {
  int64_t seconds = 0;
  unsigned ms = 0;
  split_ns(at_ns, &seconds, &ms);
  char text[kDatetimeMax];
  char* p = put_datetime_seconds(text, seconds);
  p = put_milliseconds_utc(p, ms);
  out.append(text, static_cast<size_t>(p - text));
}

void append_date(std::string& out, core::ValueDate date) {
  const int year = date / 10000;
  const int month = date / 100 % 100;
  const int day = date % 100;
  // xs:date has no year 0 and knows the calendar: 2026-02-30 fails the schema.
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  static constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30,
                                                       31, 31, 30, 31, 30, 31};
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > kDaysInMonth[static_cast<size_t>(month - 1)] + (month == 2 && leap ? 1 : 0)) {
    throw RenderError("value date " + std::to_string(date) + " is not a yyyymmdd date");
  }
  append_year(out, year);
  out += '-';
  append_two(out, static_cast<unsigned>(month));
  out += '-';
  append_two(out, static_cast<unsigned>(day));
}

bool is_bic(std::string_view text) {
  if (text.size() != 8 && text.size() != 11) return false;
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto upper_or_digit = [&](char c) { return upper(c) || (c >= '0' && c <= '9'); };
  for (size_t i = 0; i < text.size(); ++i) {
    const bool ok = (i == 4 || i == 5) ? upper(text[i]) : upper_or_digit(text[i]);
    if (!ok) return false;
  }
  return true;
}

namespace {

// Per position of a UETR's 36 characters, which characters it allows: one
// table look-up per character instead of comparisons (the pacs.002 answering
// 100 transactions checks 100 UETRs).
enum UetrClass : uint8_t { kUetrDash = 1, kUetrHex = 2, kUetrFour = 4, kUetrVariant = 8 };
constexpr std::array<uint8_t, 256> kUetrClasses = [] {
  std::array<uint8_t, 256> classes{};
  classes['-'] = kUetrDash;
  for (char c = '0'; c <= '9'; ++c) classes[static_cast<unsigned char>(c)] |= kUetrHex;
  for (char c = 'a'; c <= 'f'; ++c) classes[static_cast<unsigned char>(c)] |= kUetrHex;
  classes['4'] |= kUetrFour;
  for (char c : {'8', '9', 'a', 'b'}) classes[static_cast<unsigned char>(c)] |= kUetrVariant;
  return classes;
}();
constexpr std::array<uint8_t, 36> kUetrPattern = [] {
  std::array<uint8_t, 36> pattern{};
  for (size_t i = 0; i < pattern.size(); ++i) pattern[i] = kUetrHex;
  for (size_t i : {8, 13, 18, 23}) pattern[i] = kUetrDash;
  pattern[14] = kUetrFour;     // version 4
  pattern[19] = kUetrVariant;  // variant 10xx
  return pattern;
}();

}  // namespace

bool is_uetr(std::string_view text) {
  if (text.size() != kUetrPattern.size()) return false;
  bool ok = true;
  for (size_t i = 0; i < kUetrPattern.size(); ++i) {
    ok &= (kUetrClasses[static_cast<unsigned char>(text[i])] & kUetrPattern[i]) != 0;
  }
  return ok;
}

void XmlWriter::open(std::string_view name) {
  out_ += '<';
  out_ += name;
  out_ += '>';
}

void XmlWriter::open_with_namespace(std::string_view name, std::string_view uri) {
  out_ += '<';
  out_ += name;
  out_ += " xmlns=\"";
  append_escaped(out_, uri);
  out_ += "\">";
}

void XmlWriter::close(std::string_view name) {
  out_ += "</";
  out_ += name;
  out_ += '>';
}

void XmlWriter::text(std::string_view name, std::string_view text, size_t max_chars) {
  open(name);
  if (text.empty() || append_escaped(out_, text, max_chars) == 0) out_ += "NOTPROVIDED";
  close(name);
}

void XmlWriter::code(std::string_view name, std::string_view code) {
  open(name);
  out_ += code;
  close(name);
}

void XmlWriter::number(std::string_view name, uint64_t value) {
  open(name);
  append_uint(out_, value);
  close(name);
}

void XmlWriter::amount(std::string_view name, core::AmountMinor amount_minor,
                       std::string_view currency) {
  const int units = minor_units_of(currency);
  out_ += '<';
  out_ += name;
  out_ += " Ccy=\"";
  out_ += currency;  // checked against the ISO 4217 table: three letters
  out_ += "\">";
  append_amount(out_, amount_minor, units);
  close(name);
}

void XmlWriter::decimal(std::string_view name, core::AmountMinor amount_minor, int minor_units) {
  open(name);
  append_amount(out_, amount_minor, minor_units);
  close(name);
}

void XmlWriter::datetime(std::string_view name, core::TimestampNs at_ns) {
  int64_t seconds = 0;
  unsigned ms = 0;
  split_ns(at_ns, &seconds, &ms);
  int64_t days = 0;
  unsigned second_of_day = 0;
  split_days(seconds, &days, &second_of_day);
  // A report's times nearly all fall on one day: its date is worked out once.
  if (!date_cached_ || days != cached_days_) {
    cached_date_size_ =
        static_cast<size_t>(put_date_of_days(cached_date_.data(), days) - cached_date_.data());
    cached_days_ = days;
    date_cached_ = true;
  }
  char text[kDatetimeMax];
  std::memcpy(text, cached_date_.data(), cached_date_size_);
  char* p = put_time_of_day(text + cached_date_size_, second_of_day);
  p = put_milliseconds_utc(p, ms);
  open(name);
  out_.append(text, static_cast<size_t>(p - text));
  close(name);
}

void XmlWriter::date(std::string_view name, core::ValueDate date) {
  open(name);
  append_date(out_, date);
  close(name);
}

void XmlWriter::agent(std::string_view name, std::string_view bic) {
  if (!is_bic(bic)) throw RenderError("'" + std::string(bic) + "' is not a BIC (ISO 9362)");
  open(name);
  out_ += "<FinInstnId><BICFI>";
  out_ += bic;
  out_ += "</BICFI></FinInstnId>";
  close(name);
}

}  // namespace corridor::iso20022
