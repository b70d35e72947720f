#include "sim/payments_csv.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <optional>
#include <string>

#include "core/command.h"
#include "sim/money_format.h"

namespace corridor::sim {
namespace {

enum Column : size_t {
  kTime,
  kDebtor,
  kCreditor,
  kAmount,
  kAmountMinor,
  kCurrency,
  kPriority,
  kEarliest,
  kLatest,
  kId,
  kSettlementCurrency,
  kColumns
};
constexpr std::array<std::string_view, kColumns> kNames = {
    "time",     "debtor",   "creditor", "amount", "amount_minor",       "currency",
    "priority", "earliest", "latest",   "id",     "settlement_currency"};
constexpr size_t kAbsent = static_cast<size_t>(-1);

class CsvReader {
 public:
  CsvReader(std::string_view source, const Scenario& scenario) : source_(source), s_(scenario) {}

  std::vector<PaymentSpec> read(std::string_view text) {
    std::vector<PaymentSpec> out;
    bool header_seen = false;
    size_t pos = 0;
    while (pos <= text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(pos, end - pos);
      pos = end + 1;
      ++line_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line.front() == '#') continue;
      std::optional<std::vector<std::string>> fields = split_csv_line(line);
      if (!fields) fail("unbalanced quote");
      if (!header_seen) {
        header(*fields);
        header_seen = true;
        continue;
      }
      out.push_back(payment(*fields));
    }
    if (!header_seen) fail("no header row (time,debtor,creditor,amount,currency,priority,...)");
    return out;
  }

 private:
  [[noreturn]] void fail(std::string_view message) const {
    throw ScenarioError(fmt::format("{}:{}: {}", source_, line_, message));
  }
  [[noreturn]] void fail(Column column, std::string_view message) const {
    throw ScenarioError(fmt::format("{}:{}: {}: {}", source_, line_, kNames[column], message));
  }

  void header(const std::vector<std::string>& fields) {
    index_.fill(kAbsent);
    for (size_t i = 0; i < fields.size(); ++i) {
      size_t c = 0;
      while (c < kColumns && kNames[c] != fields[i]) ++c;
      if (c == kColumns) fail(fmt::format("unknown column \"{}\"", fields[i]));
      if (index_[c] != kAbsent) fail(fmt::format("column \"{}\" given twice", fields[i]));
      index_[c] = i;
    }
    columns_ = fields.size();
    for (Column c : {kTime, kDebtor, kCreditor, kCurrency}) {
      if (index_[c] == kAbsent) fail(fmt::format("missing required column \"{}\"", kNames[c]));
    }
    if ((index_[kAmount] == kAbsent) == (index_[kAmountMinor] == kAbsent)) {
      fail("give exactly one of the columns \"amount\" and \"amount_minor\"");
    }
  }

  std::string_view cell(const std::vector<std::string>& fields, Column c) const {
    return index_[c] == kAbsent ? std::string_view() : std::string_view(fields[index_[c]]);
  }

  PaymentSpec payment(const std::vector<std::string>& fields) {
    if (fields.size() != columns_) {
      fail(fmt::format("{} fields, the header has {}", fields.size(), columns_));
    }
    PaymentSpec p;
    const std::optional<core::CurrencyCode> code =
        core::CurrencyCode::parse(cell(fields, kCurrency));
    const CurrencySpec* currency = code ? s_.find_currency(*code) : nullptr;
    if (currency == nullptr) {
      fail(kCurrency, fmt::format("\"{}\" is not a currency defined in [[currency]]",
                                  cell(fields, kCurrency)));
    }
    p.currency = currency->code;
    const std::string_view settlement = cell(fields, kSettlementCurrency);
    if (!settlement.empty()) {
      const std::optional<core::CurrencyCode> to_code = core::CurrencyCode::parse(settlement);
      if (!to_code || s_.find_currency(*to_code) == nullptr) {
        fail(kSettlementCurrency,
             fmt::format("\"{}\" is not a currency defined in [[currency]]", settlement));
      }
      if (*to_code != p.currency) {
        if (!s_.find_fx_provider(p.currency, *to_code)) {
          fail(kSettlementCurrency, fmt::format("no [[fx_provider]] quotes {} -> {}",
                                                p.currency.view(), to_code->view()));
        }
        p.settlement_currency = *to_code;
      }
    }
    p.from = party(fields, kDebtor, p.currency);
    p.to = party(fields, kCreditor, p.settlement_currency.value_or(p.currency));
    p.amount_minor = index_[kAmount] != kAbsent
                         ? decimal_amount(cell(fields, kAmount), currency->minor_units)
                         : minor_amount(cell(fields, kAmountMinor));
    const int64_t at = time(cell(fields, kTime), kTime);
    if (at < s_.day_start_seconds || at >= s_.day_end_seconds) {
      fail(kTime, "must be within the business day (day_start <= time < day_end)");
    }
    p.at_seconds = at;
    const std::string_view priority = cell(fields, kPriority);
    if (priority.empty() || priority == "normal") {
      p.priority = core::Priority::kNormal;
    } else if (priority == "urgent") {
      p.priority = core::Priority::kUrgent;
    } else if (priority == "highly_urgent") {
      p.priority = core::Priority::kHighlyUrgent;
    } else {
      fail(kPriority, fmt::format("\"{}\" is not one of normal, urgent, highly_urgent", priority));
    }
    if (!cell(fields, kEarliest).empty())
      p.earliest_seconds = time(cell(fields, kEarliest), kEarliest);
    if (!cell(fields, kLatest).empty()) p.latest_seconds = time(cell(fields, kLatest), kLatest);
    if (p.earliest_seconds && p.latest_seconds && *p.latest_seconds < *p.earliest_seconds) {
      fail(kLatest, "is before earliest");
    }
    const std::string_view id = cell(fields, kId);
    if (id.size() > core::InstructionId::kLengthMax) {
      fail(kId, fmt::format("longer than {} characters", core::InstructionId::kLengthMax));
    }
    p.instruction_id = std::string(id);
    return p;
  }

  core::Bic party(const std::vector<std::string>& fields, Column c,
                  const core::CurrencyCode& currency) const {
    const std::string_view text = cell(fields, c);
    const std::optional<core::Bic> bic = core::Bic::parse(text);
    if (!bic) fail(c, fmt::format("\"{}\" is not an ISO 9362 BIC (8 or 11 characters)", text));
    if (!s_.settles_in(*bic, currency)) {
      fail(c, fmt::format("{} is not a participant settling in {}", text, currency.view()));
    }
    return *bic;
  }

  // "HH:MM" or "HH:MM:SS", seconds of the day.
  int64_t time(std::string_view text, Column c) const {
    int h = -1, m = -1, s = 0;
    const bool short_form = text.size() == 5 && text[2] == ':';
    const bool long_form = text.size() == 8 && text[2] == ':' && text[5] == ':';
    if ((short_form || long_form) && number(text.substr(0, 2), &h) &&
        number(text.substr(3, 2), &m) && (short_form || number(text.substr(6, 2), &s)) && h < 24 &&
        m < 60 && s < 60) {
      return int64_t{h} * 3600 + m * 60 + s;
    }
    fail(c, fmt::format("\"{}\" is not a time of day (HH:MM or HH:MM:SS)", text));
  }

  static bool number(std::string_view text, int* out) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    return std::from_chars(text.data(), text.data() + text.size(), *out).ec == std::errc();
  }

  // Major units with at most `minor_units` decimals ("1234.5" -> 123450 for 2), exactly.
  core::AmountMinor decimal_amount(std::string_view text, int minor_units) const {
    const size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    int64_t major = 0;
    const bool digits = !whole.empty() &&
                        whole.find_first_not_of("0123456789") == std::string_view::npos &&
                        fraction.find_first_not_of("0123456789") == std::string_view::npos &&
                        (dot == std::string_view::npos || !fraction.empty());
    if (!digits ||
        std::from_chars(whole.data(), whole.data() + whole.size(), major).ec != std::errc()) {
      fail(kAmount, fmt::format("\"{}\" is not a positive decimal amount", text));
    }
    if (static_cast<int>(fraction.size()) > minor_units) {
      fail(kAmount, fmt::format("\"{}\" has more than {} decimals", text, minor_units));
    }
    std::optional<core::AmountMinor> amount = major_to_minor(major, minor_units);
    int64_t fraction_minor = 0;
    for (size_t i = 0; i < static_cast<size_t>(minor_units); ++i) {
      fraction_minor = fraction_minor * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
    }
    if (!amount || __builtin_add_overflow(*amount, fraction_minor, &*amount)) {
      fail(kAmount, "amount overflows int64 minor units");
    }
    if (*amount <= 0) fail(kAmount, "must be positive");
    return *amount;
  }

  core::AmountMinor minor_amount(std::string_view text) const {
    int64_t amount = 0;
    if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos ||
        std::from_chars(text.data(), text.data() + text.size(), amount).ec != std::errc() ||
        amount <= 0) {
      fail(kAmountMinor, fmt::format("\"{}\" is not a positive integer of minor units", text));
    }
    return amount;
  }

  std::string_view source_;
  const Scenario& s_;
  size_t line_ = 0;
  size_t columns_ = 0;
  std::array<size_t, kColumns> index_{};
};

}  // namespace

std::optional<std::vector<std::string>> split_csv_line(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        fields.back() += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      fields.emplace_back();
    } else {
      fields.back() += ch;
    }
  }
  if (quoted) return std::nullopt;
  return fields;
}

std::vector<PaymentSpec> parse_payments_csv(std::string_view text, std::string_view source_name,
                                            const Scenario& scenario) {
  return CsvReader(source_name, scenario).read(text);
}

}  // namespace corridor::sim
