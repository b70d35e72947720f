// `corridor receipt verify FILE --operator-cert CERT`: checks a finality
// receipt offline (docs/receipts.md) and prints its fields and "valid", or the
// reason it is not (exit 1). `corridor receipt make` issues one by hand from
// the operator's key and certificate, for demonstrations and tests; in
// service, receipts are issued as payments settle.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "receipt/hex.h"
#include "receipt/pem.h"
#include "receipt/receipt.h"
#include "receipt/receipt_json.h"
#include "receipt/signing.h"
#include "receipt/utc_time.h"

namespace corridor::cli {
namespace {

[[noreturn]] void fail(const char* sub, const std::string& message) {
  fmt::print(stderr, "corridor receipt {}: error: {}\n", sub, message);
  throw CLI::RuntimeError(kExitBadInput);
}

// The file's text, refusing anything larger than a receipt can be before reading it.
std::string read_receipt_file(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) fail("verify", fmt::format("cannot read {}: {}", path, error.message()));
  if (size > receipt::kJsonBytesMax) {
    fail("verify", fmt::format("{}: {} bytes exceeds the limit of {} for a receipt", path, size,
                               receipt::kJsonBytesMax));
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) fail("verify", fmt::format("cannot read {}", path));
  return text;
}

void add_verify(CLI::App& receipt) {
  CLI::App* verify = receipt.add_subcommand(
      "verify", "Check a finality receipt against the operator's certificate, offline");
  auto file = std::make_shared<std::string>();
  auto cert_path = std::make_shared<std::string>();
  verify->add_option("FILE", *file, "the receipt (JSON)")->required();
  verify->add_option("--operator-cert", *cert_path, "the operator's certificate (PEM)")->required();
  verify->callback([file, cert_path] {
    const std::string text = read_receipt_file(*file);
    const auto cert = receipt::load_certificate_pem(*cert_path);
    if (!cert.ok()) fail("verify", cert.error);
    const auto parsed = receipt::parse_json(text);
    if (!parsed.ok()) {
      fmt::print("{}: not a receipt: {}\n", *file, parsed.error);
      throw CLI::RuntimeError(kExitBadInput);
    }
    // The fields first, so that the reason for a failure can be read against them.
    fmt::print("{}\n", *file);
    for (const auto& [name, value] : receipt::canonical_fields(parsed.value->receipt)) {
      fmt::print("  {}: {}\n", name, value);
    }
    const receipt::Verification result = receipt::verify(*parsed.value, cert.value->get());
    if (!result.valid) {
      fmt::print("INVALID: {}\n", result.reason);
      throw CLI::RuntimeError(kExitBadInput);
    }
    fmt::print("valid\n");
  });
}

void add_make(CLI::App& receipt) {
  CLI::App* make = receipt.add_subcommand(
      "make", "Sign a receipt for the given fields and print it (for demonstrations and tests)");
  auto key_path = std::make_shared<std::string>();
  auto cert_path = std::make_shared<std::string>();
  // Values are taken as text and checked by the receipt parser, so the errors
  // are the ones a receipt file would get.
  auto fields = std::make_shared<std::map<std::string, std::string>>();
  make->add_option("--key", *key_path, "the operator's Ed25519 private key (PEM)")->required();
  make->add_option("--cert", *cert_path, "the operator's certificate (PEM)")->required();
  for (const char* name :
       {"uetr", "amount_minor", "currency", "debtor_agent", "creditor_agent", "settled_at_ns",
        "settled_by", "journal_seq", "chain_head_sha256", "system_bic"}) {
    std::string option = std::string("--") + name;
    std::replace(option.begin(), option.end(), '_', '-');
    make->add_option(option, (*fields)[name])->required();
  }
  // A cross-currency payment's second leg: any of these makes a
  // corridor-finality-receipt/2, which needs all four (the parser names a missing one).
  auto second_leg = std::make_shared<std::map<std::string, std::string>>();
  auto second_leg_options = std::make_shared<std::vector<std::pair<std::string, CLI::Option*>>>();
  for (const char* name :
       {"fx_provider", "fx_quote_id", "settlement_amount_minor", "settlement_currency"}) {
    std::string option = std::string("--") + name;
    std::replace(option.begin(), option.end(), '_', '-');
    second_leg_options->emplace_back(
        name, make->add_option(option, (*second_leg)[name],
                               "cross-currency payments only: the second leg"));
  }
  make->callback([key_path, cert_path, fields, second_leg, second_leg_options] {
    const auto key = receipt::load_private_key_pem(*key_path);
    if (!key.ok()) fail("make", key.error);
    const auto cert = receipt::load_certificate_pem(*cert_path);
    if (!cert.ok()) fail("make", cert.error);
    std::map<std::string, std::string> all = *fields;
    all["format"] = std::string(receipt::kFormat);
    for (const auto& [name, option] : *second_leg_options) {
      if (option->count() == 0) continue;
      all[name] = second_leg->at(name);
      all["format"] = std::string(receipt::kFormatCrossCurrency);
    }
    all["operator_cert_sha256"] = receipt::to_hex(receipt::certificate_sha256(cert.value->get()));
    // settled_at follows from settled_at_ns; a bad settled_at_ns is reported by the parser.
    int64_t at_ns = 0;
    try {
      at_ns = std::stoll(all["settled_at_ns"]);
    } catch (const std::exception&) {
      // Not a number: receipt_from_fields names settled_at_ns, which it checks first.
    }
    all["settled_at"] = receipt::format_utc_ns(at_ns);
    const auto parsed = receipt::receipt_from_fields(all);
    if (!parsed.ok()) fail("make", parsed.error);
    const auto signed_receipt = receipt::sign(*parsed.value, key.value->get());
    if (!signed_receipt.ok()) fail("make", signed_receipt.error);
    // A key that does not match the certificate would issue receipts no one can verify.
    const receipt::Verification check = receipt::verify(*signed_receipt.value, cert.value->get());
    if (!check.valid) fail("make", "the key does not match the certificate: " + check.reason);
    const std::string json = receipt::to_json(*signed_receipt.value);
    std::fwrite(json.data(), 1, json.size(), stdout);
  });
}

}  // namespace

void add_receipt_command(CLI::App& app) {
  CLI::App* receipt = app.add_subcommand("receipt", "Finality receipts");
  receipt->require_subcommand(1);
  add_verify(*receipt);
  add_make(*receipt);
}

}  // namespace corridor::cli
