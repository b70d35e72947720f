#include "gateway/service_config.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "iso20022/validate.h"
#include "sim/toml_reader.h"

namespace corridor::gateway {
namespace {

using sim::TomlTable;

// X.509 caps organizationName at 64 characters (RFC 5280 ub-organization-name);
// names go into certificates, so the config enforces it (in bytes, to be safe).
constexpr size_t kNameBytesMax = 64;
constexpr int64_t kTimeoutMsMax = 3'600'000;  // an hour: anything longer is a typo

core::Bic read_bic(TomlTable& t, std::string_view key, std::string* text_out = nullptr) {
  const std::string text = t.required_string(key);
  const std::optional<core::Bic> bic = core::Bic::parse(text);
  if (!bic) t.fail(key, fmt::format("\"{}\" is not an ISO 9362 BIC (8 or 11 characters)", text));
  if (text_out != nullptr) *text_out = text;
  return *bic;
}

core::CurrencyCode read_currency_code(TomlTable& t, std::string_view key) {
  const std::string text = t.required_string(key);
  const std::optional<core::CurrencyCode> code = core::CurrencyCode::parse(text);
  if (!code)
    t.fail(key, fmt::format("\"{}\" is not a currency code (three capital letters)", text));
  return *code;
}

std::string read_name(TomlTable& t, std::string_view key, std::optional<std::string> fallback) {
  std::optional<std::string> name = t.string(key);
  if (!name && !fallback) t.fail_table(fmt::format("missing required key \"{}\"", key));
  if (!name) name = fallback;
  if (name->empty()) t.fail(key, "must not be empty");
  if (name->size() > kNameBytesMax) {
    t.fail(key, fmt::format("is {} bytes; at most {} (it becomes a certificate's O=)", name->size(),
                            kNameBytesMax));
  }
  return *name;
}

std::string read_path(TomlTable& t, std::string_view key, std::string fallback) {
  std::string path = t.string(key).value_or(std::move(fallback));
  if (path.empty()) t.fail(key, "must not be empty");
  return path;
}

// Amounts are decimal text in major units ("1000000.00"), parsed exactly into
// minor units: TOML floats would round, so they are refused.
core::AmountMinor read_amount(TomlTable& t, std::string_view key, const CurrencyConfig& currency) {
  const std::optional<std::string> text = t.string(key);
  if (!text) return 0;
  core::AmountMinor amount = 0;
  core::CurrencyCode code;
  const iso20022::Check check = iso20022::parse_amount(*text, currency.code.view(), &amount, &code);
  if (!check.ok()) t.fail(key, check.text);
  return amount;
}

bool is_host_name(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return text.front() != '-' && text.front() != '.';
}

std::optional<core::ParticipantKind> parse_kind(std::string_view text) {
  if (text == "central_bank") return core::ParticipantKind::kCentralBank;
  if (text == "direct") return core::ParticipantKind::kDirect;
  if (text == "indirect") return core::ParticipantKind::kIndirect;
  return std::nullopt;
}

class Parser {
 public:
  explicit Parser(ServiceConfig* config) : c_(*config) {}

  void parse(TomlTable& root) {
    std::optional<TomlTable> service = root.table("service");
    if (!service) root.fail_table("missing required table [service]");
    parse_service(*service);
    if (std::optional<TomlTable> tls = root.table("tls")) parse_tls(*tls);
    if (std::optional<TomlTable> limits = root.table("limits")) parse_limits(*limits);
    if (std::optional<TomlTable> op = root.table("operator")) parse_operator(*op);
    for (TomlTable& t : root.tables("currency")) parse_currency(t);
    if (c_.currencies.empty()) root.fail_table("no [[currency]] defined");
    participant_tables_ = root.tables("participant");
    for (TomlTable& t : participant_tables_) parse_participant(t);
    // Cross-references, once every participant is known (order in the file is free).
    for (size_t i = 0; i < participant_tables_.size(); ++i) check_settlement_bank(i);
    for (LimitRef& ref : limit_refs_) check_counterparty(ref);
    for (const CurrencyConfig& currency : c_.currencies) {
      if (c_.central_bank_of(currency.code) == nullptr) {
        root.fail_table(fmt::format(
            "currency {} has no central bank: add a [[participant]] with kind = \"central_bank\" "
            "and home_currency = \"{}\"",
            currency.code.view(), currency.code.view()));
      }
    }
    root.reject_unknown_keys();
  }

 private:
  // A bilateral limit, checked once all participants are parsed.
  struct LimitRef {
    TomlTable table;
    size_t participant;
    core::CurrencyCode currency;
  };

  void parse_service(TomlTable& t) {
    ServiceSection& s = c_.service;
    s.system_bic = read_bic(t, "system_bic");
    s.listen_address = t.string("listen_address").value_or(s.listen_address);
    if (!is_ip_literal(s.listen_address) && !is_host_name(s.listen_address)) {
      t.fail("listen_address",
             fmt::format("\"{}\" is neither an IP address nor a host name", s.listen_address));
    }
    s.listen_port = static_cast<uint16_t>(t.integer_or("listen_port", s.listen_port, 0, 65535));
    s.journal_dir = t.required_string("journal_dir");
    if (s.journal_dir.empty()) t.fail("journal_dir", "must not be empty");
    // Up to 2^28 payments: a 16 GiB table, as much as anyone should map.
    s.exactly_once_payments_reserved = static_cast<uint64_t>(
        t.integer_or("exactly_once_payments_reserved",
                     static_cast<int64_t>(s.exactly_once_payments_reserved), 1, int64_t{1} << 28));
    s.views_payments_reserved = static_cast<uint64_t>(
        t.integer_or("views_payments_reserved", static_cast<int64_t>(s.views_payments_reserved), 1,
                     int64_t{1} << 28));
    const std::optional<core::ValueDate> value_date = t.date("value_date");
    if (!value_date) t.fail_table("missing required key \"value_date\"");
    s.value_date = *value_date;
    t.reject_unknown_keys();
  }

  void parse_tls(TomlTable& t) {
    TlsSection& tls = c_.tls;
    tls.pki_dir = read_path(t, "pki_dir", tls.pki_dir);
    tls.ca_cert = read_path(t, "ca_cert", tls.ca_cert);
    tls.server_cert = read_path(t, "server_cert", tls.server_cert);
    tls.server_key = read_path(t, "server_key", tls.server_key);
    tls.operator_cert = read_path(t, "operator_cert", tls.operator_cert);
    tls.operator_key = read_path(t, "operator_key", tls.operator_key);
    const std::string version =
        t.string("tls_version_min").value_or(to_string(tls.tls_version_min));
    if (version == "1.2") {
      tls.tls_version_min = TlsVersion::k1_2;
    } else if (version == "1.3") {
      tls.tls_version_min = TlsVersion::k1_3;
    } else {
      t.fail("tls_version_min", fmt::format("\"{}\" is not \"1.2\" or \"1.3\"", version));
    }
    t.reject_unknown_keys();
  }

  void parse_limits(TomlTable& t) {
    LimitsSection& l = c_.limits;
    l.request_bytes_max = static_cast<uint64_t>(t.integer_or(
        "request_bytes_max", static_cast<int64_t>(l.request_bytes_max), 1024, 1 << 26));
    l.header_timeout_ms = static_cast<uint32_t>(
        t.integer_or("header_timeout_ms", l.header_timeout_ms, 1, kTimeoutMsMax));
    l.body_timeout_ms =
        static_cast<uint32_t>(t.integer_or("body_timeout_ms", l.body_timeout_ms, 1, kTimeoutMsMax));
    l.idle_timeout_ms =
        static_cast<uint32_t>(t.integer_or("idle_timeout_ms", l.idle_timeout_ms, 1, kTimeoutMsMax));
    l.rate_limit_per_second = static_cast<uint32_t>(
        t.integer_or("rate_limit_per_second", l.rate_limit_per_second, 1, 1'000'000));
    l.rate_limit_burst =
        static_cast<uint32_t>(t.integer_or("rate_limit_burst", l.rate_limit_burst, 1, 1'000'000));
    l.queue_len_max =
        static_cast<uint32_t>(t.integer_or("queue_len_max", l.queue_len_max, 1, 1 << 20));
    l.inbox_page_limit_max = static_cast<uint32_t>(
        t.integer_or("inbox_page_limit_max", l.inbox_page_limit_max, 1, 10'000));
    t.reject_unknown_keys();
  }

  void parse_operator(TomlTable& t) {
    c_.operator_.name = read_name(t, "name", c_.operator_.name);
    t.reject_unknown_keys();
  }

  void parse_currency(TomlTable& t) {
    CurrencyConfig currency;
    currency.code = read_currency_code(t, "code");
    if (c_.find_currency(currency.code) != nullptr) {
      t.fail("code", fmt::format("currency {} is defined twice", currency.code.view()));
    }
    const std::optional<int> iso = core::iso4217_minor_units(currency.code.view());
    if (!iso) {
      t.fail("code",
             fmt::format("\"{}\" is not an active ISO 4217 currency", currency.code.view()));
    }
    currency.minor_units =
        static_cast<int>(t.integer_or("minor_units", *iso, 0, core::kMinorUnitsMax));
    if (currency.minor_units != *iso) {
      t.fail("minor_units", fmt::format("ISO 4217 gives {} {} minor units, not {}",
                                        currency.code.view(), *iso, currency.minor_units));
    }
    c_.currencies.push_back(currency);
    t.reject_unknown_keys();
  }

  const CurrencyConfig& read_defined_currency(TomlTable& t, std::string_view key) {
    const core::CurrencyCode code = read_currency_code(t, key);
    const CurrencyConfig* currency = c_.find_currency(code);
    if (currency == nullptr) {
      t.fail(key, fmt::format("\"{}\" is not a currency defined in [[currency]]", code.view()));
    }
    return *currency;
  }

  void parse_participant(TomlTable& t) {
    ParticipantConfig p;
    p.bic = read_bic(t, "bic", &p.bic_text);
    if (p.bic == c_.service.system_bic) {
      t.fail("bic", fmt::format("{} is the system BIC ([service] system_bic), not a participant",
                                p.bic_text));
    }
    if (const ParticipantConfig* other = c_.find_participant(p.bic)) {
      t.fail("bic", fmt::format("{} is defined twice (also as {})", p.bic_text, other->bic_text));
    }
    p.name = read_name(t, "name", std::nullopt);
    const std::string kind = t.required_string("kind");
    const std::optional<core::ParticipantKind> parsed_kind = parse_kind(kind);
    if (!parsed_kind) {
      t.fail("kind", fmt::format("\"{}\" is not one of central_bank, direct, indirect", kind));
    }
    p.kind = *parsed_kind;
    if (t.has("home_currency")) p.home_currency = read_defined_currency(t, "home_currency").code;
    const size_t index = c_.participants.size();
    switch (p.kind) {
      case core::ParticipantKind::kCentralBank:
        if (!p.home_currency) {
          t.fail_table("a central bank needs \"home_currency\" (the currency it issues)");
        }
        if (const ParticipantConfig* other = c_.central_bank_of(*p.home_currency)) {
          t.fail("home_currency", fmt::format("currency {} already has a central bank ({})",
                                              p.home_currency->view(), other->bic_text));
        }
        if (t.has("accounts")) {
          t.fail("accounts",
                 "a central bank has one account, in its home currency, opened "
                 "for it: give no \"accounts\"");
        }
        if (t.has("settlement_bank")) {
          t.fail("settlement_bank", "only an indirect participant has a settlement bank");
        }
        break;
      case core::ParticipantKind::kDirect:
        parse_accounts(t, index, &p);
        if (p.accounts.empty()) t.fail_table("a direct participant needs at least one account");
        if (p.home_currency && find_account(p, *p.home_currency) == nullptr) {
          t.fail("home_currency",
                 fmt::format("{} has no account in {}", p.bic_text, p.home_currency->view()));
        }
        if (t.has("settlement_bank")) {
          t.fail("settlement_bank", "only an indirect participant has a settlement bank");
        }
        break;
      case core::ParticipantKind::kIndirect:
        p.settlement_bank = read_bic(t, "settlement_bank");
        if (t.has("accounts")) {
          t.fail("accounts",
                 "an indirect participant settles on its settlement bank's accounts: give no "
                 "\"accounts\"");
        }
        break;
    }
    c_.participants.push_back(std::move(p));
    t.reject_unknown_keys();
  }

  void parse_accounts(TomlTable& t, size_t participant, ParticipantConfig* p) {
    for (TomlTable& a : t.tables("accounts")) {
      AccountConfig account;
      const CurrencyConfig& currency = read_defined_currency(a, "currency");
      account.currency = currency.code;
      if (find_account(*p, account.currency) != nullptr) {
        a.fail("currency", fmt::format("second account in {}", account.currency.view()));
      }
      account.opening_balance_minor = read_amount(a, "opening_balance", currency);
      account.credit_line_minor = read_amount(a, "credit_line", currency);
      if (a.has("multilateral_limit")) {
        account.multilateral_limit_minor = read_amount(a, "multilateral_limit", currency);
      }
      for (TomlTable& l : a.tables("bilateral_limits")) {
        BilateralLimitConfig limit;
        limit.counterparty = read_bic(l, "counterparty");
        for (const BilateralLimitConfig& other : account.bilateral_limits) {
          if (other.counterparty == limit.counterparty) {
            l.fail("counterparty",
                   fmt::format("second limit towards {}", limit.counterparty.to_string()));
          }
        }
        if (!l.has("limit")) l.fail_table("missing required key \"limit\"");
        limit.limit_minor = read_amount(l, "limit", currency);
        account.bilateral_limits.push_back(limit);
        l.reject_unknown_keys();
        limit_refs_.push_back(LimitRef{l, participant, account.currency});
      }
      p->accounts.push_back(std::move(account));
      a.reject_unknown_keys();
    }
  }

  void check_settlement_bank(size_t index) {
    const ParticipantConfig& p = c_.participants[index];
    if (p.kind != core::ParticipantKind::kIndirect) return;
    TomlTable& t = participant_tables_[index];
    const ParticipantConfig* bank = c_.find_participant(p.settlement_bank);
    if (bank == nullptr) {
      t.fail("settlement_bank",
             fmt::format("{} is not a [[participant]]", p.settlement_bank.to_string()));
    }
    if (bank->kind != core::ParticipantKind::kDirect) {
      t.fail("settlement_bank",
             fmt::format("{} is a {} participant; a settlement bank must be direct", bank->bic_text,
                         core::to_string(bank->kind)));
    }
    if (p.home_currency && find_account(*bank, *p.home_currency) == nullptr) {
      t.fail("home_currency", fmt::format("its settlement bank {} has no account in {}",
                                          bank->bic_text, p.home_currency->view()));
    }
  }

  // The counterparty must settle in the currency, on another account than the limit's owner.
  void check_counterparty(LimitRef& ref) {
    const ParticipantConfig& owner = c_.participants[ref.participant];
    const core::Bic counterparty = read_bic(ref.table, "counterparty");
    const ParticipantConfig* other = c_.find_participant(counterparty);
    if (other == nullptr) {
      ref.table.fail("counterparty",
                     fmt::format("{} is not a [[participant]]", counterparty.to_string()));
    }
    const ParticipantConfig* settles_on = other;
    if (other->kind == core::ParticipantKind::kIndirect) {
      settles_on = c_.find_participant(other->settlement_bank);
    }
    const bool settles_in_currency = settles_on->kind == core::ParticipantKind::kCentralBank
                                         ? settles_on->home_currency == ref.currency
                                         : find_account(*settles_on, ref.currency) != nullptr;
    if (!settles_in_currency) {
      ref.table.fail("counterparty",
                     fmt::format("{} does not settle in {}", other->bic_text, ref.currency.view()));
    }
    if (settles_on->bic == owner.bic) {
      ref.table.fail("counterparty", fmt::format("{} settles on {}'s own account", other->bic_text,
                                                 owner.bic_text));
    }
  }

  static const AccountConfig* find_account(const ParticipantConfig& p,
                                           const core::CurrencyCode& currency) {
    for (const AccountConfig& a : p.accounts) {
      if (a.currency == currency) return &a;
    }
    return nullptr;
  }

  ServiceConfig& c_;
  std::vector<TomlTable> participant_tables_;
  std::vector<LimitRef> limit_refs_;
};

}  // namespace

bool is_ip_literal(const std::string& text) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

const char* to_string(TlsVersion version) {
  return version == TlsVersion::k1_2 ? "1.2" : "1.3";
}

std::string TlsSection::path_of(const std::string& file) const {
  return (std::filesystem::path(pki_dir) / file).string();
}

const CurrencyConfig* ServiceConfig::find_currency(const core::CurrencyCode& code) const {
  for (const CurrencyConfig& c : currencies) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const ParticipantConfig* ServiceConfig::find_participant(const core::Bic& bic) const {
  for (const ParticipantConfig& p : participants) {
    if (p.bic == bic) return &p;
  }
  return nullptr;
}

const ParticipantConfig* ServiceConfig::central_bank_of(const core::CurrencyCode& code) const {
  for (const ParticipantConfig& p : participants) {
    if (p.kind == core::ParticipantKind::kCentralBank && p.home_currency == code) return &p;
  }
  return nullptr;
}

ServiceConfig parse_service_config(std::string_view toml_text, std::string_view source_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    throw ServiceConfigError(fmt::format("{}:{}:{}: TOML syntax error: {}", source_name,
                                         e.source().begin.line, e.source().begin.column,
                                         e.description()));
  }
  ServiceConfig config;
  try {
    TomlTable reader(root, "", std::make_shared<const std::string>(source_name));
    Parser(&config).parse(reader);
  } catch (const sim::ScenarioError& e) {
    // The TOML reader is shared with the simulator; its messages already name file, line and key.
    throw ServiceConfigError(e.what());
  }
  return config;
}

ServiceConfig load_service_config(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw ServiceConfigError(fmt::format("{}: is a directory, not a configuration file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ServiceConfigError(fmt::format("{}: cannot open configuration file", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ServiceConfigError(fmt::format("{}: cannot read configuration file", path));
  return parse_service_config(text.str(), path);
}

}  // namespace corridor::gateway
