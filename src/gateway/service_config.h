// The network service's configuration (`corridor serve --config FILE`): where
// it listens, its TLS files, its resource limits and the reference data an
// empty journal starts from. Parsed from TOML and validated here, so the
// service can trust it. Every key, default and unit: docs/service.md.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/bic.h"
#include "core/currency.h"
#include "core/money.h"
#include "core/types.h"

namespace corridor::gateway {

// A configuration that cannot be used. The message names the file, line and
// key, e.g. "service.toml:12: participant[3].settlement_bank: ...".
class ServiceConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class TlsVersion : uint8_t { k1_2 = 0, k1_3 = 1 };
const char* to_string(TlsVersion version);  // "1.2", "1.3"

struct ServiceSection {
  core::Bic system_bic;  // Corridor's own BIC: the sender of what it reports
  std::string listen_address = "127.0.0.1";
  uint16_t listen_port = 8443;
  std::string journal_dir;
  core::ValueDate value_date = 0;  // of the first business day of an empty journal
  // Payments the exactly-once index holds before it grows (two keys each);
  // growing rehashes it all on the apply thread, a pause.
  uint64_t exactly_once_payments_reserved = uint64_t{1} << 20;
  // Payments the participant views and the message index have room for in
  // their per-payment indexes before those grow (rehash, a pause).
  uint64_t views_payments_reserved = uint64_t{1} << 18;
};

// Paths as configured: file names relative to pki_dir, pki_dir relative to
// the working directory (absolute paths are kept as they are).
struct TlsSection {
  std::string pki_dir = "build/demo-pki";
  std::string ca_cert = "ca.pem";
  std::string server_cert = "server.pem";
  std::string server_key = "server.key";
  std::string operator_cert = "operator.pem";
  std::string operator_key = "operator.key";
  TlsVersion tls_version_min = TlsVersion::k1_3;

  // `file` resolved against pki_dir.
  std::string path_of(const std::string& file) const;
};

struct LimitsSection {
  uint64_t request_bytes_max = 1 << 20;
  uint32_t header_timeout_ms = 5'000;
  uint32_t body_timeout_ms = 10'000;
  uint32_t idle_timeout_ms = 60'000;
  uint32_t rate_limit_per_second = 100;  // requests per participant, sustained
  uint32_t rate_limit_burst = 200;       // requests per participant, at once
  uint32_t queue_len_max = 4'096;        // commands waiting for the sequencer
  uint32_t inbox_page_limit_max = 500;   // messages per inbox page
};

struct CurrencyConfig {
  core::CurrencyCode code;
  int minor_units = 2;
};

// "The most this account may pay `counterparty` net" (core SetBilateralLimit).
struct BilateralLimitConfig {
  core::Bic counterparty;
  core::AmountMinor limit_minor = 0;
};

struct AccountConfig {
  core::CurrencyCode currency;
  core::AmountMinor opening_balance_minor = 0;  // central bank credit before the first day
  core::AmountMinor credit_line_minor = 0;
  std::optional<core::AmountMinor> multilateral_limit_minor;
  std::vector<BilateralLimitConfig> bilateral_limits;
};

struct ParticipantConfig {
  core::Bic bic;
  std::string bic_text;  // as configured (BIC8 or BIC11): the CN of its certificate
  std::string name;
  core::ParticipantKind kind = core::ParticipantKind::kDirect;
  core::Bic settlement_bank;  // indirect participants only
  // Central banks: the currency they issue (their one account). Others: their
  // domestic currency, optional, for the gateway's defaults.
  std::optional<core::CurrencyCode> home_currency;
  std::vector<AccountConfig> accounts;  // direct participants only
};

struct OperatorSection {
  std::string name = "Corridor operator";
};

struct ServiceConfig {
  ServiceSection service;
  TlsSection tls;
  LimitsSection limits;
  std::vector<CurrencyConfig> currencies;
  std::vector<ParticipantConfig> participants;
  OperatorSection operator_;  // [operator]

  const CurrencyConfig* find_currency(const core::CurrencyCode& code) const;
  const ParticipantConfig* find_participant(const core::Bic& bic) const;
  const ParticipantConfig* central_bank_of(const core::CurrencyCode& code) const;
};

// True for an IPv4 or IPv6 address literal ("127.0.0.1", "::1"), not a host name.
bool is_ip_literal(const std::string& text);

// Parses and validates TOML text; `source_name` prefixes error messages.
// Throws ServiceConfigError.
ServiceConfig parse_service_config(std::string_view toml_text, std::string_view source_name);
// Reads and parses a file; a missing or unreadable file is a ServiceConfigError too.
ServiceConfig load_service_config(const std::string& path);

}  // namespace corridor::gateway
