#include "sim/scenario.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/command.h"
#include "core/fx_rate.h"
#include "sim/money_format.h"
#include "sim/payments_csv.h"
#include "sim/toml_reader.h"
#include "sim/virtual_time.h"

namespace corridor::sim {
namespace {

constexpr int64_t kCountMax = int64_t{1} << 32;   // generated payments; bounds memory
constexpr int64_t kWeightMax = int64_t{1} << 32;  // keeps sums of weights far from overflow

core::Bic read_bic(TomlTable& t, std::string_view key) {
  const std::string text = t.required_string(key);
  std::optional<core::Bic> bic = core::Bic::parse(text);
  if (!bic) t.fail(key, fmt::format("\"{}\" is not an ISO 9362 BIC (8 or 11 characters)", text));
  return *bic;
}

core::CurrencyCode read_currency_code(TomlTable& t, std::string_view key) {
  const std::string text = t.required_string(key);
  std::optional<core::CurrencyCode> code = core::CurrencyCode::parse(text);
  if (!code)
    t.fail(key, fmt::format("\"{}\" is not a currency code (three capital letters)", text));
  return *code;
}

// A currency code that the scenario defines.
const CurrencySpec& read_defined_currency(TomlTable& t, std::string_view key,
                                          const Scenario& scenario) {
  const core::CurrencyCode code = read_currency_code(t, key);
  const CurrencySpec* currency = scenario.find_currency(code);
  if (currency == nullptr) {
    t.fail(key, fmt::format("\"{}\" is not a currency defined in [[currency]]", code.view()));
  }
  return *currency;
}

uint32_t read_percent(TomlTable& t, std::string_view key, uint32_t fallback) {
  return static_cast<uint32_t>(t.integer_or(key, fallback, 0, 100));
}

// An amount given as <base>_minor (minor units) or <base>_major (whole major
// units, scaled by the currency's exponent); at most one of the two.
std::optional<core::AmountMinor> read_amount(TomlTable& t, const std::string& base, int minor_units,
                                             core::AmountMinor min) {
  const std::string minor_key = base + "_minor";
  const std::string major_key = base + "_major";
  const std::optional<int64_t> minor = t.integer(minor_key);
  const std::optional<int64_t> major = t.integer(major_key);
  if (minor && major)
    t.fail(major_key, fmt::format("give either {} or {}, not both", minor_key, major_key));
  if (!minor && !major) return std::nullopt;
  const std::string& key = minor ? minor_key : major_key;
  std::optional<core::AmountMinor> amount = minor ? minor : major_to_minor(*major, minor_units);
  if (!amount) t.fail(key, "amount overflows int64 minor units");
  if (*amount < min) {
    t.fail(key, fmt::format("amount must be at least {} (minor units)", min));
  }
  return amount;
}

core::AmountMinor read_amount_or_zero(TomlTable& t, const std::string& base, int minor_units) {
  return read_amount(t, base, minor_units, 0).value_or(0);
}

std::optional<core::Priority> parse_priority(std::string_view text) {
  if (text == "normal") return core::Priority::kNormal;
  if (text == "urgent") return core::Priority::kUrgent;
  if (text == "highly_urgent") return core::Priority::kHighlyUrgent;
  return std::nullopt;
}

class Parser {
 public:
  Parser(Scenario* scenario, std::string_view source_name)
      : s_(*scenario), source_name_(source_name) {}

  void parse(TomlTable& root) {
    if (std::optional<TomlTable> header = root.table("scenario")) {
      parse_header(*header);
    } else {
      root.fail_table("missing required table [scenario]");
    }
    for (TomlTable& t : root.tables("currency")) parse_currency(t);
    if (s_.currencies.empty()) root.fail_table("no [[currency]] defined");
    for (TomlTable& t : root.tables("central_bank")) parse_central_bank(t);
    for (const CurrencySpec& c : s_.currencies) {
      if (find_central_bank(c.code) == nullptr) {
        root.fail_table(fmt::format("currency {} has no [[central_bank]]", c.code.view()));
      }
    }
    for (TomlTable& t : root.tables("bank")) parse_bank(t);
    for (TomlTable& t : root.tables("indirect")) parse_indirect(t);
    for (TomlTable& t : root.tables("fx_provider")) parse_fx_provider(t);
    if (std::optional<TomlTable> payments = root.table("payments")) parse_generation(*payments);
    for (TomlTable& t : root.tables("payment")) parse_payment(t);
    if (std::optional<TomlTable> gridlock = root.table("gridlock")) parse_gridlock(*gridlock);
    s_.sweep.gridlock_interval_minutes =
        s_.gridlock.interval_minutes > 0 ? s_.gridlock.interval_minutes : 15;
    if (std::optional<TomlTable> dns = root.table("dns")) {
      s_.dns_cycle_minutes = dns->integer_or("cycle_minutes", 0, 0, kSecondsPerDay / 60);
      dns->reject_unknown_keys();
    }
    s_.sweep.dns_cycle_minutes = s_.dns_cycle_minutes > 0 ? s_.dns_cycle_minutes : 60;
    s_.sweep.policies = default_policies();
    if (std::optional<TomlTable> sweep = root.table("sweep")) parse_sweep(*sweep);
    root.reject_unknown_keys();
  }

 private:
  void parse_header(TomlTable& t) {
    s_.name = t.string("name").value_or("");
    const std::optional<core::ValueDate> value_date = t.date("value_date");
    if (!value_date) t.fail_table("missing required key \"value_date\"");
    s_.value_date = *value_date;
    s_.next_value_date = t.date("next_value_date").value_or(0);
    if (s_.next_value_date != 0 && s_.next_value_date <= s_.value_date) {
      t.fail("next_value_date", "must be after value_date");
    }
    s_.day_start_seconds = t.time_of_day_seconds("day_start").value_or(s_.day_start_seconds);
    s_.day_end_seconds = t.time_of_day_seconds("day_end").value_or(s_.day_end_seconds);
    if (s_.day_end_seconds <= s_.day_start_seconds) t.fail("day_end", "must be after day_start");
    t.reject_unknown_keys();
  }

  void parse_currency(TomlTable& t) {
    CurrencySpec c;
    c.code = read_currency_code(t, "code");
    if (s_.find_currency(c.code) != nullptr) {
      t.fail("code", fmt::format("currency {} is defined twice", c.code.view()));
    }
    const std::optional<int> iso = core::iso4217_minor_units(c.code.view());
    const std::optional<int64_t> minor_units = t.integer("minor_units");
    if (!minor_units && !iso) {
      t.fail_table(fmt::format("{} is not in ISO 4217: give \"minor_units\"", c.code.view()));
    }
    c.minor_units =
        static_cast<int>(t.integer_or("minor_units", iso.value_or(2), 0, core::kMinorUnitsMax));
    if (iso && *iso != c.minor_units) {
      t.fail("minor_units", fmt::format("ISO 4217 gives {} {} minor units, not {}", c.code.view(),
                                        *iso, c.minor_units));
    }
    s_.currencies.push_back(c);
    t.reject_unknown_keys();
  }

  void parse_central_bank(TomlTable& t) {
    CentralBankSpec cb;
    cb.bic = read_unique_bic(t);
    cb.name = t.string("name").value_or(cb.bic.to_string());
    cb.currency = read_defined_currency(t, "currency", s_).code;
    if (find_central_bank(cb.currency) != nullptr) {
      t.fail("currency", fmt::format("currency {} already has a central bank", cb.currency.view()));
    }
    s_.central_banks.push_back(std::move(cb));
    t.reject_unknown_keys();
  }

  void parse_bank(TomlTable& t) {
    BankSpec bank;
    bank.bic = read_unique_bic(t);
    bank.name = t.string("name").value_or(bank.bic.to_string());
    bank.weight = static_cast<uint64_t>(t.integer_or("weight", 1, 0, kWeightMax));
    std::vector<TomlTable> accounts = t.tables("accounts");
    if (accounts.empty()) t.fail_table("a bank needs at least one entry in \"accounts\"");
    for (TomlTable& a : accounts) {
      AccountSpec account;
      const CurrencySpec& currency = read_defined_currency(a, "currency", s_);
      account.currency = currency.code;
      for (const AccountSpec& other : bank.accounts) {
        if (other.currency == account.currency) {
          a.fail("currency", fmt::format("second account in {}", account.currency.view()));
        }
      }
      const int mu = currency.minor_units;
      account.opening_liquidity_minor = read_amount_or_zero(a, "opening_liquidity", mu);
      account.credit_line_minor = read_amount_or_zero(a, "credit_line", mu);
      account.reserve_highly_urgent_minor = read_amount_or_zero(a, "reserve_highly_urgent", mu);
      account.reserve_urgent_minor = read_amount_or_zero(a, "reserve_urgent", mu);
      bank.accounts.push_back(account);
      a.reject_unknown_keys();
    }
    s_.banks.push_back(std::move(bank));
    t.reject_unknown_keys();
  }

  void parse_indirect(TomlTable& t) {
    IndirectSpec indirect;
    indirect.bic = read_unique_bic(t);
    indirect.name = t.string("name").value_or(indirect.bic.to_string());
    indirect.settlement_bank = read_bic(t, "settlement_bank");
    if (s_.find_bank(indirect.settlement_bank) == nullptr) {
      t.fail("settlement_bank", fmt::format("{} is not a [[bank]] of this scenario",
                                            indirect.settlement_bank.to_string()));
    }
    indirect.weight = static_cast<uint64_t>(t.integer_or("weight", 1, 0, kWeightMax));
    s_.indirects.push_back(std::move(indirect));
    t.reject_unknown_keys();
  }

  void parse_fx_provider(TomlTable& t) {
    FxProviderSpec fx;
    fx.bic = read_bic(t, "bic");
    const CurrencySpec& base = read_defined_currency(t, "base", s_);
    const CurrencySpec& quote = read_defined_currency(t, "quote", s_);
    fx.base = base.code;
    fx.quote = quote.code;
    if (fx.base == fx.quote) t.fail("quote", "must differ from base");
    for (const core::CurrencyCode& c : {fx.base, fx.quote}) {
      if (!settles_in(fx.bic, c)) {
        t.fail("bic",
               fmt::format("{} is not a participant settling in {}", fx.bic.to_string(), c.view()));
      }
    }
    fx.rate_units = t.required_integer("rate_units", 1, INT64_MAX);
    fx.rate_scale =
        static_cast<int>(t.integer_or("rate_scale", 0, 0, core::PublishFxQuote::kRateScaleMax));
    const std::optional<core::AmountMinor> max =
        read_amount(t, "max_per_payment", base.minor_units, 1);
    if (!max)
      t.fail_table("missing required key \"max_per_payment_minor\" or \"max_per_payment_major\"");
    fx.max_per_payment_minor = *max;
    // The rate must convert something: one minor unit of base at least must not overflow.
    if (!core::convert_half_even(fx.max_per_payment_minor, fx.rate_units, fx.rate_scale,
                                 base.minor_units, quote.minor_units)) {
      t.fail("rate_units", "converting max_per_payment at this rate overflows int64");
    }
    s_.fx_providers.push_back(fx);
    t.reject_unknown_keys();
  }

  void parse_generation(TomlTable& t) {
    GenerationSpec& g = s_.generation;
    g.count = static_cast<uint64_t>(t.integer_or("count", 0, 0, kCountMax));
    g.seed = static_cast<uint64_t>(t.integer_or("seed", 1, 0, INT64_MAX));
    g.highly_urgent_percent = read_percent(t, "highly_urgent_percent", 0);
    g.urgent_percent = read_percent(t, "urgent_percent", 0);
    if (g.highly_urgent_percent + g.urgent_percent > 100) {
      t.fail("urgent_percent", "highly_urgent_percent + urgent_percent exceeds 100");
    }
    const std::string network = t.string("network").value_or("weights");
    if (network == "weights") {
      g.network = Network::kWeights;
    } else if (network == "core_periphery") {
      g.network = Network::kCorePeriphery;
    } else if (network == "scale_free") {
      g.network = Network::kScaleFree;
    } else {
      t.fail("network",
             fmt::format("\"{}\" is not one of weights, core_periphery, scale_free", network));
    }
    if (g.network == Network::kCorePeriphery) {
      if (!t.has("core_banks")) t.fail_table("network = \"core_periphery\" needs \"core_banks\"");
      g.core_banks = static_cast<uint32_t>(
          t.required_integer("core_banks", 1, static_cast<int64_t>(s_.banks.size())));
    } else if (t.has("core_banks")) {
      t.fail("core_banks", "only with network = \"core_periphery\"");
    }
    g.cycle_percent = read_percent(t, "cycle_percent", 0);
    g.cross_currency_ppm = t.share_ppm("cross_currency_share").value_or(0);
    g.timed_percent = read_percent(t, "timed_percent", 0);
    g.timed_window_minutes = t.integer_or("timed_window_minutes", 60, 1, kSecondsPerDay / 60);
    g.arrival_weights_per_hour = t.unsigned_array("arrival_weights_per_hour");
    const int64_t day_hours = (s_.day_end_seconds - s_.day_start_seconds + 3599) / 3600;
    if (static_cast<int64_t>(g.arrival_weights_per_hour.size()) > day_hours) {
      t.fail("arrival_weights_per_hour",
             fmt::format("{} entries, but the business day has only {} hours",
                         g.arrival_weights_per_hour.size(), day_hours));
    }
    uint64_t arrival_total = 0;
    for (uint64_t w : g.arrival_weights_per_hour) {
      if (w > static_cast<uint64_t>(kWeightMax))
        t.fail("arrival_weights_per_hour", "weight too large");
      arrival_total += w;
    }
    if (!g.arrival_weights_per_hour.empty() && arrival_total == 0) {
      t.fail("arrival_weights_per_hour", "all weights are zero");
    }
    uint64_t flow_total = 0;
    for (TomlTable& f : t.tables("currency")) {
      CurrencyFlowSpec flow;
      const CurrencySpec& currency = read_defined_currency(f, "code", s_);
      flow.currency = currency.code;
      for (const CurrencyFlowSpec& other : g.flows) {
        if (other.currency == flow.currency) f.fail("code", "currency listed twice");
      }
      flow.weight = static_cast<uint64_t>(f.integer_or("weight", 1, 0, kWeightMax));
      flow_total += flow.weight;
      flow.amount_unit_minor = read_amount(f, "amount_unit", currency.minor_units, 1)
                                   .value_or(minor_per_major(currency.minor_units));
      flow.decade_up_percent = static_cast<uint32_t>(f.integer_or("decade_up_percent", 30, 0, 99));
      flow.decades_max = static_cast<uint32_t>(f.integer_or("decades_max", 4, 0, 18));
      // The largest amount, 9 * unit * 10^decades_max, must fit in int64.
      core::AmountMinor largest = 9;
      bool fits = !__builtin_mul_overflow(largest, flow.amount_unit_minor, &largest);
      for (uint32_t k = 0; fits && k < flow.decades_max; ++k) {
        fits = !__builtin_mul_overflow(largest, core::AmountMinor{10}, &largest);
      }
      if (!fits) f.fail("decades_max", "9 * amount_unit * 10^decades_max overflows int64");
      if (!has_two_participants(flow.currency)) {
        f.fail("code", fmt::format("fewer than two accounts with a positive weight settle in {}",
                                   flow.currency.view()));
      }
      if (g.network == Network::kCorePeriphery && !has_core_participant(flow.currency)) {
        f.fail("code", fmt::format("no core bank (of the first {}) with a positive weight "
                                   "settles in {}",
                                   g.core_banks, flow.currency.view()));
      }
      g.flows.push_back(flow);
      f.reject_unknown_keys();
    }
    if (g.cross_currency_ppm > 0) {
      bool quoted = false;
      for (const CurrencyFlowSpec& flow : g.flows) {
        for (const FxProviderSpec& fx : s_.fx_providers)
          quoted = quoted || fx.base == flow.currency;
      }
      if (!quoted) {
        t.fail("cross_currency_share",
               "no [[fx_provider]] quotes a currency of [[payments.currency]]");
      }
    }
    read_payments_file(t);
    if (g.count > 0 && flow_total == 0) {
      t.fail_table("payments need at least one [[payments.currency]] with a positive weight");
    }
    t.reject_unknown_keys();
  }

  void parse_payment(TomlTable& t) {
    PaymentSpec p;
    p.from = read_bic(t, "from");
    p.to = read_bic(t, "to");
    const CurrencySpec& currency = read_defined_currency(t, "currency", s_);
    p.currency = currency.code;
    if (!settles_in(p.from, p.currency)) {
      t.fail("from", fmt::format("{} is not a participant settling in {}", p.from.to_string(),
                                 p.currency.view()));
    }
    if (t.has("settlement_currency")) {
      p.settlement_currency = read_defined_currency(t, "settlement_currency", s_).code;
      if (*p.settlement_currency == p.currency) {
        p.settlement_currency.reset();  // the same currency: an ordinary payment
      } else if (!s_.find_fx_provider(p.currency, *p.settlement_currency)) {
        t.fail("settlement_currency",
               fmt::format("no [[fx_provider]] quotes {} -> {}", p.currency.view(),
                           p.settlement_currency->view()));
      }
    }
    const core::CurrencyCode received = p.settlement_currency.value_or(p.currency);
    if (!settles_in(p.to, received)) {
      t.fail("to", fmt::format("{} is not a participant settling in {}", p.to.to_string(),
                               received.view()));
    }
    std::optional<core::AmountMinor> amount = read_amount(t, "amount", currency.minor_units, 1);
    if (!amount) t.fail_table("missing required key \"amount_minor\" or \"amount_major\"");
    p.amount_minor = *amount;
    const std::optional<int64_t> at = t.time_of_day_seconds("at");
    if (!at) t.fail_table("missing required key \"at\"");
    if (*at < s_.day_start_seconds || *at >= s_.day_end_seconds) {
      t.fail("at", "must be within the business day (day_start <= at < day_end)");
    }
    p.at_seconds = *at;
    const std::string priority = t.string("priority").value_or("normal");
    const std::optional<core::Priority> parsed = parse_priority(priority);
    if (!parsed) {
      t.fail("priority",
             fmt::format("\"{}\" is not one of normal, urgent, highly_urgent", priority));
    }
    p.priority = *parsed;
    p.earliest_seconds = t.time_of_day_seconds("earliest");
    p.latest_seconds = t.time_of_day_seconds("latest");
    s_.payments.push_back(p);
    t.reject_unknown_keys();
  }

  void parse_gridlock(TomlTable& t) {
    s_.gridlock.interval_minutes = t.integer_or("interval_minutes", 0, 0, kSecondsPerDay / 60);
    const std::string algorithm = t.string("algorithm").value_or("partial");
    const std::optional<core::GridlockAlgorithm> parsed = parse_algorithm(algorithm);
    if (!parsed) {
      t.fail("algorithm",
             fmt::format("\"{}\" is not one of all_or_nothing, partial, bilateral", algorithm));
    }
    s_.gridlock.algorithm = *parsed;
    t.reject_unknown_keys();
  }

  void parse_sweep(TomlTable& t) {
    SweepSpec& w = s_.sweep;
    w.levels = static_cast<uint32_t>(t.integer_or("levels", w.levels, 2, 1000));
    w.gridlock_interval_minutes = t.integer_or("gridlock_interval_minutes",
                                               w.gridlock_interval_minutes, 1, kSecondsPerDay / 60);
    w.queue_sample_minutes =
        t.integer_or("queue_sample_minutes", w.queue_sample_minutes, 1, kSecondsPerDay / 60);
    w.dns_cycle_minutes =
        t.integer_or("dns_cycle_minutes", w.dns_cycle_minutes, 1, kSecondsPerDay / 60);
    if (t.has("policies")) {
      w.policies.clear();
      for (const std::string& key : t.string_array("policies")) {
        const std::optional<PolicySpec> policy = parse_policy(key);
        if (!policy) {
          t.fail("policies",
                 fmt::format("\"{}\" is not one of rtgs, fifo, all_or_nothing, partial, "
                             "bilateral, dns",
                             key));
        }
        for (const PolicySpec& other : w.policies) {
          if (other.key == key) t.fail("policies", fmt::format("\"{}\" listed twice", key));
        }
        w.policies.push_back(*policy);
      }
      if (w.policies.empty()) t.fail("policies", "name at least one policy");
    }
    t.reject_unknown_keys();
  }

  core::Bic read_unique_bic(TomlTable& t) {
    const core::Bic bic = read_bic(t, "bic");
    if (is_known(bic)) t.fail("bic", fmt::format("{} is used twice", bic.to_string()));
    return bic;
  }

  bool is_known(const core::Bic& bic) const {
    for (const auto& cb : s_.central_banks) {
      if (cb.bic == bic) return true;
    }
    for (const auto& i : s_.indirects) {
      if (i.bic == bic) return true;
    }
    return s_.find_bank(bic) != nullptr;
  }

  const CentralBankSpec* find_central_bank(const core::CurrencyCode& code) const {
    for (const auto& cb : s_.central_banks) {
      if (cb.currency == code) return &cb;
    }
    return nullptr;
  }

  bool settles_in(const core::Bic& bic, const core::CurrencyCode& code) const {
    return s_.settles_in(bic, code);
  }

  bool has_core_participant(const core::CurrencyCode& code) const {
    for (size_t b = 0; b < s_.banks.size() && b < s_.generation.core_banks; ++b) {
      if (s_.banks[b].weight > 0 && settles_in(s_.banks[b].bic, code)) return true;
    }
    return false;
  }

  // Payments need a debtor and a creditor on two different accounts, each with
  // a positive weight (its bank's plus its indirect participants').
  bool has_two_participants(const core::CurrencyCode& code) const {
    int accounts = 0;
    for (const auto& b : s_.banks) {
      if (!settles_in(b.bic, code)) continue;
      uint64_t weight = b.weight;
      for (const auto& i : s_.indirects) weight += i.settlement_bank == b.bic ? i.weight : 0;
      accounts += weight > 0 ? 1 : 0;
    }
    return accounts >= 2;
  }

  // [payments] file: a CSV of payments, relative to the scenario file's directory.
  void read_payments_file(TomlTable& t) {
    const std::optional<std::string> file = t.string("file");
    if (!file) return;
    const std::filesystem::path path =
        std::filesystem::path(source_name_).parent_path() / std::filesystem::path(*file);
    std::ifstream in(path, std::ios::binary);
    if (!in) t.fail("file", fmt::format("cannot open {}", path.string()));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) t.fail("file", fmt::format("cannot read {}", path.string()));
    std::vector<PaymentSpec> payments = parse_payments_csv(text.str(), path.string(), s_);
    s_.payments.insert(s_.payments.end(), std::make_move_iterator(payments.begin()),
                       std::make_move_iterator(payments.end()));
  }

  Scenario& s_;
  std::string source_name_;
};

}  // namespace

const CurrencySpec* Scenario::find_currency(const core::CurrencyCode& code) const {
  for (const auto& c : currencies) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const BankSpec* Scenario::find_bank(const core::Bic& bic) const {
  for (const auto& b : banks) {
    if (b.bic == bic) return &b;
  }
  return nullptr;
}

const BankSpec* Scenario::settlement_bank_of(const core::Bic& bic) const {
  const BankSpec* bank = find_bank(bic);
  if (bank == nullptr) {
    for (const auto& i : indirects) {
      if (i.bic == bic) bank = find_bank(i.settlement_bank);
    }
  }
  return bank;
}

std::optional<size_t> Scenario::find_fx_provider(const core::CurrencyCode& base,
                                                 const core::CurrencyCode& quote) const {
  for (size_t i = 0; i < fx_providers.size(); ++i) {
    if (fx_providers[i].base == base && fx_providers[i].quote == quote) return i;
  }
  return std::nullopt;
}

bool Scenario::settles_in(const core::Bic& bic, const core::CurrencyCode& code) const {
  const BankSpec* bank = settlement_bank_of(bic);
  if (bank == nullptr) return false;
  for (const auto& a : bank->accounts) {
    if (a.currency == code) return true;
  }
  return false;
}

Scenario parse_scenario(std::string_view toml_text, std::string_view source_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw ScenarioError(fmt::format("{}:{}:{}: TOML syntax error: {}", source_name,
                                    e.source().begin.line, e.source().begin.column,
                                    e.description()));
  }
  Scenario scenario;
  TomlTable reader(root, "", std::make_shared<const std::string>(source_name));
  Parser(&scenario, source_name).parse(reader);
  return scenario;
}

Scenario load_scenario(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw ScenarioError(fmt::format("{}: is a directory, not a scenario file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(fmt::format("{}: cannot open scenario file", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ScenarioError(fmt::format("{}: cannot read scenario file", path));
  return parse_scenario(text.str(), path);
}

const char* algorithm_key(core::GridlockAlgorithm algorithm) {
  switch (algorithm) {
    case core::GridlockAlgorithm::kAllOrNothing:
      return "all_or_nothing";
    case core::GridlockAlgorithm::kPartial:
      return "partial";
    case core::GridlockAlgorithm::kBilateral:
      return "bilateral";
  }
  return "?";
}

std::optional<PolicySpec> parse_policy(std::string_view key) {
  if (key == "rtgs") return PolicySpec{"rtgs", false, core::GridlockAlgorithm::kPartial, false};
  if (key == "fifo") return PolicySpec{"fifo", false, core::GridlockAlgorithm::kPartial};
  if (key == "dns") {
    return PolicySpec{"dns", false, core::GridlockAlgorithm::kPartial, true, /*dns=*/true};
  }
  const std::optional<core::GridlockAlgorithm> algorithm = parse_algorithm(key);
  if (!algorithm) return std::nullopt;
  return PolicySpec{std::string(key), true, *algorithm};
}

std::vector<PolicySpec> all_policies() {
  return {*parse_policy("rtgs"),    *parse_policy("fifo"),      *parse_policy("all_or_nothing"),
          *parse_policy("partial"), *parse_policy("bilateral"), *parse_policy("dns")};
}

std::vector<PolicySpec> default_policies() {
  return {*parse_policy("rtgs"), *parse_policy("fifo"), *parse_policy("all_or_nothing"),
          *parse_policy("partial")};
}

std::optional<core::GridlockAlgorithm> parse_algorithm(std::string_view key) {
  if (key == "all_or_nothing") return core::GridlockAlgorithm::kAllOrNothing;
  if (key == "partial") return core::GridlockAlgorithm::kPartial;
  if (key == "bilateral") return core::GridlockAlgorithm::kBilateral;
  return std::nullopt;
}

}  // namespace corridor::sim
