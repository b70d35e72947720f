// A small, fast XML writer for the messages Corridor sends: it appends to a
// std::string and never builds a DOM, so rendering a status report costs a
// few hundred nanoseconds rather than the allocations of a tree.
//
// Everything it writes is well-formed XML 1.0 whatever the input: text is
// escaped, characters XML 1.0 forbids (C0 controls other than tab, line feed
// and carriage return; U+FFFE, U+FFFF) and invalid UTF-8 are replaced by '?',
// and texts are cut to the schema's length limit counted in characters, never
// in the middle of a UTF-8 sequence.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/money.h"
#include "core/types.h"

namespace corridor::iso20022 {

// A renderer's input cannot be expressed in the schema (unknown currency, a
// malformed BIC or UETR, an amount with more than 18 digits). Thrown before
// anything is appended to the caller's buffer only where noted; callers that
// reuse a buffer should clear it after catching.
class RenderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ISO 20022 text types by their maximum length in characters.
inline constexpr size_t kMax35 = 35;
inline constexpr size_t kMax34 = 34;
inline constexpr size_t kMax105 = 105;
inline constexpr size_t kMax140 = 140;
inline constexpr size_t kMax350 = 350;
inline constexpr size_t kMax500 = 500;
inline constexpr size_t kMax20000 = 20000;

// Appends `text` escaped for element content or attribute values, with
// forbidden characters and invalid UTF-8 replaced by '?', cut after
// `max_chars` characters. Returns the number of characters written.
size_t append_escaped(std::string& out, std::string_view text, size_t max_chars = SIZE_MAX);

// The minor-unit exponent of an ISO 4217 currency; RenderError when the code is
// not in the table (the schema would accept it, but we could not place the point).
int minor_units_of(std::string_view currency);
// Exact decimal text of a non-negative amount in minor units: 12345 with 2
// minor units is "123.45", 5 is "0.05", 100 with 0 is "100". RenderError for a
// negative amount or one with more than 18 digits (the schema's totalDigits).
void append_amount(std::string& out, core::AmountMinor amount_minor, int minor_units);
// The zone every rendered date-time and time carries: the CBPR+ usage
// guidelines require an explicit offset, so UTC is "+00:00", never "Z".
inline constexpr std::string_view kUtcOffset = "+00:00";
// ISO date-time in UTC with milliseconds, "2026-11-27T10:15:30.123+00:00".
void append_datetime(std::string& out, core::TimestampNs at_ns);
// "2026-11-27T10:15:30" for whole seconds since the Unix epoch (UTC), without
// fraction or zone: for callers that write their own.
void append_datetime_seconds(std::string& out, int64_t seconds);
// ISO date "2026-11-27" from yyyymmdd; RenderError when month or day are out of range.
void append_date(std::string& out, core::ValueDate date);

// ISO 9362 BIC (8 or 11 characters, the BICFIDec2014Identifier pattern).
bool is_bic(std::string_view text);
// UUIDv4Identifier pattern (lower-case, version 4, variant 8-b).
bool is_uetr(std::string_view text);

class XmlWriter {
 public:
  explicit XmlWriter(std::string& out) : out_(out) {}

  void declaration() { out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"; }
  // <name>
  void open(std::string_view name);
  // <name xmlns="uri">
  void open_with_namespace(std::string_view name, std::string_view uri);
  // </name>
  void close(std::string_view name);

  // <name>escaped text</name>; an empty text writes "NOTPROVIDED" because every
  // ISO text type has minLength 1 and the element was asked for.
  void text(std::string_view name, std::string_view text, size_t max_chars);
  // Like text(), but writes nothing for an empty text (an optional element).
  void optional_text(std::string_view name, std::string_view text, size_t max_chars) {
    if (!text.empty()) this->text(name, text, max_chars);
  }
  // <name>code</name> for texts the renderer itself chose (codes, numbers):
  // not escaped, the caller guarantees they need none.
  void code(std::string_view name, std::string_view code);
  void number(std::string_view name, uint64_t value);
  // <name Ccy="EUR">123.45</name>
  void amount(std::string_view name, core::AmountMinor amount_minor, std::string_view currency);
  // <name>123.45</name> without a currency (DecimalNumber sums in statements).
  void decimal(std::string_view name, core::AmountMinor amount_minor, int minor_units);
  void datetime(std::string_view name, core::TimestampNs at_ns);
  void date(std::string_view name, core::ValueDate date);

  // <FinInstnId><BICFI>bic</BICFI></FinInstnId> inside `name`
  // (BranchAndFinancialInstitutionIdentification6); RenderError for a bad BIC.
  void agent(std::string_view name, std::string_view bic);

  std::string& buffer() { return out_; }

 private:
  std::string& out_;
  // The date part of the last date-time written ("2026-11-27", up to 3 + 20
  // year digits and 6 more), by days since the Unix epoch.
  bool date_cached_ = false;
  int64_t cached_days_ = 0;
  size_t cached_date_size_ = 0;
  std::array<char, 32> cached_date_{};
};

}  // namespace corridor::iso20022
