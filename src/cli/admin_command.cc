// `corridor admin ...`: a client of the service's operator API (/v1/admin/,
// docs/api.md "Operator API") over mutual TLS with the operator certificate.
// Readable output by default, the answer's JSON with --json. Exit codes: 0
// done; 1 bad arguments or refused by the service (4xx: its message on
// stderr); 3 the service could not be reached or failed (5xx).
#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/admin_output.h"
#include "cli/commands.h"
#include "gateway/https_client.h"

namespace corridor::cli {
namespace {

using nlohmann::json;

struct AdminOptions {
  std::string url = "https://127.0.0.1:8443";
  std::string host;   // overrides the URL's
  uint16_t port = 0;  // overrides the URL's when not 0
  std::string pki_dir;
  std::string ca;
  std::string cert;
  std::string key;
  bool json_output = false;
};

[[noreturn]] void fail(int code, const std::string& message) {
  fmt::print(stderr, "corridor admin: {}\n", message);
  throw CLI::RuntimeError(code);
}

struct Endpoint {
  std::string host;
  uint16_t port = 0;
};

// "https://HOST:PORT" (a trailing "/" allowed); HOST an IP address, "[v6]" or
// "localhost" (the client connects to addresses only).
Endpoint endpoint_of(const AdminOptions& options) {
  Endpoint endpoint;
  std::string rest = options.url;
  if (!rest.starts_with("https://")) fail(kExitBadInput, "--url must start with https://");
  rest = rest.substr(8);
  if (rest.ends_with('/')) rest.pop_back();
  std::string port_text;
  if (rest.starts_with('[')) {
    const size_t close = rest.find(']');
    if (close == std::string::npos) fail(kExitBadInput, "--url: unclosed [ in " + options.url);
    endpoint.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':') port_text = rest.substr(close + 2);
  } else {
    const size_t colon = rest.rfind(':');
    endpoint.host = rest.substr(0, colon);
    if (colon != std::string::npos) port_text = rest.substr(colon + 1);
  }
  endpoint.port = 443;
  if (!port_text.empty()) {
    try {
      size_t used = 0;
      const unsigned long port = std::stoul(port_text, &used);
      if (used != port_text.size() || port == 0 || port > 65535) throw std::out_of_range("port");
      endpoint.port = static_cast<uint16_t>(port);
    } catch (const std::exception&) {
      fail(kExitBadInput, "--url: bad port in " + options.url);
    }
  }
  if (!options.host.empty()) endpoint.host = options.host;
  if (options.port != 0) endpoint.port = options.port;
  if (endpoint.host == "localhost") endpoint.host = "127.0.0.1";
  return endpoint;
}

gateway::HttpsClientFiles files_of(const AdminOptions& options) {
  const std::string dir = options.pki_dir.empty() ? "" : options.pki_dir + "/";
  gateway::HttpsClientFiles files;
  files.ca_certificate_pem = !options.ca.empty() ? options.ca : dir.empty() ? "" : dir + "ca.pem";
  files.certificate_pem = !options.cert.empty() ? options.cert
                          : dir.empty()         ? ""
                                                : dir + "operator.pem";
  files.private_key_pem = !options.key.empty() ? options.key
                          : dir.empty()        ? ""
                                               : dir + "operator.key";
  if (files.ca_certificate_pem.empty() || files.certificate_pem.empty() ||
      files.private_key_pem.empty()) {
    fail(kExitBadInput, "give --pki-dir DIR, or --ca, --cert and --key");
  }
  return files;
}

// One request; the answer's JSON, or exits with the service's message.
json call(const AdminOptions& options, const std::string& method, const std::string& target,
          const std::optional<json>& body = std::nullopt) {
  const Endpoint endpoint = endpoint_of(options);
  std::optional<gateway::HttpsResponse> response;
  std::string error;
  try {
    gateway::HttpsClient client(endpoint.port, files_of(options), endpoint.host);
    if (client.connect())
      response = client.request(method, target, body ? body->dump() : "", "application/json");
    error = client.last_error;
  } catch (const std::exception& e) {  // unreadable certificate or key files
    fail(kExitBadInput, fmt::format("TLS files: {}", e.what()));
  }
  if (!response) {
    fail(kExitIoError,
         fmt::format("no answer from {}:{}: {}", endpoint.host, endpoint.port, error));
  }
  const json answer = json::parse(response->body, nullptr, false);
  if (response->status >= 400 || answer.is_discarded()) {
    const std::string message = answer.is_object() && answer.contains("error")
                                    ? answer["error"].get<std::string>()
                                    : response->body;
    // The whole answer still goes to stdout with --json: scripts may want its fields.
    if (options.json_output && !answer.is_discarded()) fmt::print("{}\n", answer.dump(2));
    fail(response->status >= 500 ? kExitIoError : kExitBadInput,
         fmt::format("{} {}: HTTP {}: {}", method, target, response->status, message));
  }
  return answer;
}

void show(const AdminOptions& options, const json& answer,
          const std::function<std::string(const json&)>& text) {
  if (options.json_output) {
    fmt::print("{}\n", answer.dump(2));
  } else {
    fmt::print("{}", text(answer));
  }
}

// Adds "request_id" when given.
json with_request_id(json body, const std::string& request_id) {
  if (!request_id.empty()) body["request_id"] = request_id;
  return body;
}

void add_request_id_option(CLI::App* command, std::string& request_id) {
  command->add_option("--request-id", request_id,
                      "Your id for this request (1-30 of A-Z a-z 0-9 - _ .): a retry with the "
                      "same id is applied at most once");
}

void add_participant_commands(CLI::App* admin, const std::shared_ptr<AdminOptions>& options) {
  CLI::App* participant = admin->add_subcommand("participant", "Admit, suspend, reactivate, close");
  participant->require_subcommand(1);

  struct Add {
    std::string bic, name, kind = "direct", settlement_bank, home_currency, request_id;
    std::vector<std::string> accounts;
  };
  auto add = std::make_shared<Add>();
  CLI::App* add_command =
      participant->add_subcommand("add", "Admit a participant and open its accounts");
  add_command->add_option("--bic", add->bic, "Its BIC")->required();
  add_command->add_option("--name", add->name, "Its name")->required();
  add_command->add_option("--kind", add->kind, "central_bank, direct or indirect")
      ->capture_default_str();
  add_command->add_option("--settlement-bank", add->settlement_bank,
                          "Indirect: the direct participant it settles through");
  add_command->add_option("--home-currency", add->home_currency,
                          "Central bank: the currency it issues");
  add_command->add_option("--account", add->accounts, "Open an account in this currency")
      ->take_all();
  add_request_id_option(add_command, add->request_id);
  add_command->callback([options, add] {
    json body = {{"bic", add->bic}, {"name", add->name}, {"kind", add->kind}};
    if (!add->settlement_bank.empty()) body["settlement_bank"] = add->settlement_bank;
    if (!add->home_currency.empty()) body["home_currency"] = add->home_currency;
    if (!add->accounts.empty()) body["accounts"] = add->accounts;
    show(*options,
         call(*options, "POST", "/v1/admin/participants", with_request_id(body, add->request_id)),
         outcome_text);
  });

  for (const char* action : {"suspend", "reactivate", "close"}) {
    struct Change {
      std::string bic, request_id;
    };
    auto change = std::make_shared<Change>();
    CLI::App* command = participant->add_subcommand(
        action, fmt::format("{} a participant", action == std::string("close")     ? "Close"
                                                : action == std::string("suspend") ? "Suspend"
                                                                                   : "Reactivate"));
    command->add_option("bic", change->bic, "Its BIC")->required();
    add_request_id_option(command, change->request_id);
    const std::string verb = action;
    command->callback([options, change, verb] {
      show(*options,
           call(*options, "POST", fmt::format("/v1/admin/participants/{}/{}", change->bic, verb),
                with_request_id(json::object(), change->request_id)),
           outcome_text);
    });
  }
}

void add_liquidity_commands(CLI::App* admin, const std::shared_ptr<AdminOptions>& options) {
  struct Args {
    std::string bic, counterparty, currency, amount, from, to, uetr, priority, request_id;
    bool remove = false;
  };

  auto credit = std::make_shared<Args>();
  CLI::App* credit_line = admin->add_subcommand("credit-line", "Set a credit line");
  credit_line->add_option("--bic", credit->bic, "The participant")->required();
  credit_line->add_option("--currency", credit->currency, "The account's currency")->required();
  credit_line->add_option("--amount", credit->amount, "The credit line, e.g. 1000.00")->required();
  add_request_id_option(credit_line, credit->request_id);
  credit_line->callback([options, credit] {
    show(*options,
         call(*options, "POST", "/v1/admin/credit-lines",
              with_request_id({{"bic", credit->bic},
                               {"currency", credit->currency},
                               {"credit_line", credit->amount}},
                              credit->request_id)),
         outcome_text);
  });

  auto limit = std::make_shared<Args>();
  CLI::App* limit_command = admin->add_subcommand(
      "limit", "Set or remove a limit: bilateral with --counterparty, else multilateral");
  limit_command->add_option("--bic", limit->bic, "The paying participant")->required();
  limit_command->add_option("--counterparty", limit->counterparty,
                            "Bilateral: the participant paid");
  limit_command->add_option("--currency", limit->currency, "The currency")->required();
  CLI::Option* amount = limit_command->add_option("--amount", limit->amount, "The limit");
  CLI::Option* remove = limit_command->add_flag("--remove", limit->remove, "Remove the limit");
  amount->excludes(remove);
  add_request_id_option(limit_command, limit->request_id);
  limit_command->callback([options, limit] {
    if (limit->amount.empty() != limit->remove) fail(kExitBadInput, "give --amount or --remove");
    json body = {{"bic", limit->bic}, {"currency", limit->currency}};
    if (limit->remove) {
      body["remove"] = true;
    } else {
      body["limit"] = limit->amount;
    }
    std::string target = "/v1/admin/limits/multilateral";
    if (!limit->counterparty.empty()) {
      body["counterparty"] = limit->counterparty;
      target = "/v1/admin/limits/bilateral";
    }
    show(*options, call(*options, "POST", target, with_request_id(body, limit->request_id)),
         outcome_text);
  });

  auto transfer = std::make_shared<Args>();
  CLI::App* transfer_command = admin->add_subcommand(
      "liquidity-transfer", "Move liquidity between two accounts in one currency");
  transfer_command->add_option("--from", transfer->from, "The paying participant")->required();
  transfer_command->add_option("--to", transfer->to, "The receiving participant")->required();
  transfer_command->add_option("--currency", transfer->currency, "The currency")->required();
  transfer_command->add_option("--amount", transfer->amount, "The amount, e.g. 250.00")->required();
  transfer_command->add_option("--uetr", transfer->uetr,
                               "Its UETR (made up by the service when absent)");
  add_request_id_option(transfer_command, transfer->request_id);
  transfer_command->callback([options, transfer] {
    json body = {{"from", transfer->from},
                 {"to", transfer->to},
                 {"currency", transfer->currency},
                 {"amount", transfer->amount}};
    if (!transfer->uetr.empty()) body["uetr"] = transfer->uetr;
    show(*options,
         call(*options, "POST", "/v1/admin/liquidity-transfers",
              with_request_id(body, transfer->request_id)),
         outcome_text);
  });

  auto reserve = std::make_shared<Args>();
  CLI::App* reserve_command = admin->add_subcommand(
      "reservation", "Reserve liquidity for highly urgent or urgent payments");
  reserve_command->add_option("--bic", reserve->bic, "The participant")->required();
  reserve_command->add_option("--currency", reserve->currency, "The currency")->required();
  reserve_command->add_option("--priority", reserve->priority, "highly_urgent or urgent")
      ->required();
  reserve_command->add_option("--amount", reserve->amount, "The amount reserved (sets, not adds)")
      ->required();
  add_request_id_option(reserve_command, reserve->request_id);
  reserve_command->callback([options, reserve] {
    show(*options,
         call(*options, "POST", "/v1/admin/reservations",
              with_request_id({{"bic", reserve->bic},
                               {"currency", reserve->currency},
                               {"priority", reserve->priority},
                               {"amount", reserve->amount}},
                              reserve->request_id)),
         outcome_text);
  });
}

void add_day_commands(CLI::App* admin, const std::shared_ptr<AdminOptions>& options) {
  CLI::App* day = admin->add_subcommand("day", "The business day");
  day->require_subcommand(1);
  day->add_subcommand("show", "The value date")->callback([options] {
    show(*options, call(*options, "GET", "/v1/admin/day"), day_text);
  });
  struct Close {
    std::string next_value_date, request_id;
  };
  auto close = std::make_shared<Close>();
  CLI::App* close_command = day->add_subcommand(
      "close",
      "Run end of day and roll the value date (entry stays as it was: after a cut-off, `day open` "
      "reopens it); prints the end-of-day report");
  close_command->add_option("--next-value-date", close->next_value_date,
                            "yyyy-mm-dd (default: the next Monday-to-Friday date)");
  add_request_id_option(close_command, close->request_id);
  close_command->callback([options, close] {
    json body = json::object();
    if (!close->next_value_date.empty()) body["next_value_date"] = close->next_value_date;
    show(*options,
         call(*options, "POST", "/v1/admin/day/close", with_request_id(body, close->request_id)),
         outcome_text);
  });
  // The entry window (settlement-rules.md, rule 10): cut-off, then close, then open.
  for (const auto& [name, help] :
       {std::pair<const char*, const char*>{"cutoff",
                                            "Cut-off: refuse new payment "
                                            "instructions (TM01); queued "
                                            "ones keep settling"},
        {"open", "Open entry again (after a cut-off)"}}) {
    auto request_id = std::make_shared<std::string>();
    CLI::App* command = day->add_subcommand(name, help);
    add_request_id_option(command, *request_id);
    const std::string path = fmt::format("/v1/admin/day/{}", name);
    command->callback([options, request_id, path] {
      show(*options, call(*options, "POST", path, with_request_id(json::object(), *request_id)),
           outcome_text);
    });
  }
  admin->add_subcommand("eod-report", "The last end-of-day report")->callback([options] {
    show(*options, call(*options, "GET", "/v1/admin/reports/eod"), eod_report_text);
  });
}

void add_fx_commands(CLI::App* admin, const std::shared_ptr<AdminOptions>& options) {
  CLI::App* fx = admin->add_subcommand("fx-quote", "FX quotes: publish, show, withdraw");
  fx->require_subcommand(1);
  struct Quote {
    std::string id, provider, base, quote, rate, valid_from, valid_to, max_amount, request_id;
  };
  auto q = std::make_shared<Quote>();
  CLI::App* publish = fx->add_subcommand("publish", "Publish a quote for a provider");
  publish->add_option("--id", q->id, "The quote id, a number from 1")->required();
  publish->add_option("--provider", q->provider, "The provider's BIC")->required();
  publish->add_option("--base", q->base, "The base currency, e.g. CNY")->required();
  publish->add_option("--quote", q->quote, "The quote currency, e.g. RUB")->required();
  publish->add_option("--rate", q->rate, "Quote currency units per base unit, e.g. 12.3456")
      ->required();
  publish->add_option("--valid-from", q->valid_from, "e.g. 2026-11-30T08:00:00Z")->required();
  publish->add_option("--valid-to", q->valid_to, "exclusive, e.g. 2026-11-30T18:00:00Z")
      ->required();
  publish
      ->add_option("--max-amount", q->max_amount, "The most in the base currency, e.g. 1000000.00")
      ->required();
  add_request_id_option(publish, q->request_id);
  publish->callback([options, q] {
    const json body = {{"quote_id", q->id},        {"provider", q->provider},
                       {"base_currency", q->base}, {"quote_currency", q->quote},
                       {"rate", q->rate},          {"valid_from", q->valid_from},
                       {"valid_to", q->valid_to},  {"max_base_amount", q->max_amount}};
    show(*options,
         call(*options, "POST", "/v1/admin/fx/quotes", with_request_id(body, q->request_id)),
         outcome_text);
  });
  auto id = std::make_shared<std::string>();
  CLI::App* show_command = fx->add_subcommand("show", "A published quote");
  show_command->add_option("id", *id, "The quote id")->required();
  show_command->callback([options, id] {
    show(*options, call(*options, "GET", "/v1/admin/fx/quotes/" + *id), [](const json& answer) {
      return fmt::format("quote {}: {} {}/{} at {} ({} per {}), valid {} to {} ns, at most {} {}\n",
                         answer.value("quote_id", ""), answer.value("provider", ""),
                         answer.value("base_currency", ""), answer.value("quote_currency", ""),
                         answer.value("rate", ""), answer.value("quote_currency", ""),
                         answer.value("base_currency", ""), answer.value("valid_from_ns", 0),
                         answer.value("valid_to_ns", 0), answer.value("max_base_amount", ""),
                         answer.value("base_currency", ""));
    });
  });
  auto withdraw_id = std::make_shared<Quote>();
  CLI::App* withdraw = fx->add_subcommand("withdraw", "Withdraw a quote");
  withdraw->add_option("id", withdraw_id->id, "The quote id")->required();
  add_request_id_option(withdraw, withdraw_id->request_id);
  withdraw->callback([options, withdraw_id] {
    show(*options,
         call(*options, "POST", "/v1/admin/fx/quotes/" + withdraw_id->id + "/withdraw",
              with_request_id(json::object(), withdraw_id->request_id)),
         outcome_text);
  });
}

// Rule 16: ratings, haircuts, collateral and a participant's credit.
void add_credit_commands(CLI::App* admin, const std::shared_ptr<AdminOptions>& options) {
  struct Credit {
    std::string bic, grade, haircut_bp, id, currency, value, request_id;
  };
  auto c = std::make_shared<Credit>();
  CLI::App* rating = admin->add_subcommand("rating", "Set a participant's credit rating");
  rating->add_option("--bic", c->bic, "The participant")->required();
  rating->add_option("--grade", c->grade, "AAA, AA+, ..., C, D, or unrated")->required();
  add_request_id_option(rating, c->request_id);
  rating->callback([options, c] {
    const json body = {{"bic", c->bic}, {"grade", c->grade}};
    show(*options,
         call(*options, "POST", "/v1/admin/ratings", with_request_id(body, c->request_id)),
         outcome_text);
  });
  CLI::App* haircut = admin->add_subcommand("haircut", "Set the haircut of one rating grade");
  haircut->add_option("--grade", c->grade, "AAA, AA+, ..., C, D")->required();
  haircut->add_option("--bp", c->haircut_bp, "Basis points of market value, 0 to 10000")
      ->required();
  add_request_id_option(haircut, c->request_id);
  haircut->callback([options, c] {
    const json body = {{"grade", c->grade}, {"haircut_bp", c->haircut_bp}};
    show(*options,
         call(*options, "POST", "/v1/admin/haircuts", with_request_id(body, c->request_id)),
         outcome_text);
  });
  CLI::App* collateral =
      admin->add_subcommand("collateral", "Pledge, revalue or (value 0) release collateral");
  collateral->add_option("--id", c->id, "The collateral id, a number")->required();
  collateral->add_option("--bic", c->bic, "The participant pledging it")->required();
  collateral->add_option("--currency", c->currency, "Its currency, e.g. CNY")->required();
  collateral->add_option("--value", c->value, "Its market value, e.g. 1000000.00; 0 releases it")
      ->required();
  add_request_id_option(collateral, c->request_id);
  collateral->callback([options, c] {
    const json body = {
        {"collateral_id", c->id}, {"bic", c->bic}, {"currency", c->currency}, {"value", c->value}};
    show(*options,
         call(*options, "POST", "/v1/admin/collateral", with_request_id(body, c->request_id)),
         outcome_text);
  });
  auto bic = std::make_shared<std::string>();
  CLI::App* credit =
      admin->add_subcommand("credit", "A participant's rating, collateral and credit lines");
  credit->add_option("bic", *bic, "The participant")->required();
  credit->callback([options, bic] {
    show(*options, call(*options, "GET", "/v1/admin/participants/" + *bic + "/credit"),
         [](const json& answer) {
           std::string text = fmt::format("{} {} (haircut {} bp)\n", answer.value("bic", ""),
                                          answer.value("grade", ""), answer.value("haircut_bp", 0));
           for (const json& a : answer.value("accounts", json::array())) {
             text += fmt::format("  {} line {}{}, used {}, collateral {} ({} items), floor {}{}\n",
                                 a.value("currency", ""), a.value("credit_line", ""),
                                 a.value("collateral_driven", false) ? " from collateral" : "",
                                 a.value("credit_used", ""), a.value("collateral_value", ""),
                                 a.value("collateral_items", 0), a.value("floor", "none"),
                                 a.value("line_cut", false) ? ", CUT below use: no debits" : "");
           }
           return text;
         });
  });
}

// A DNS cycle report (the settle answer's "report", or GET .../report) as lines.
std::string dns_report_text(const json& r) {
  std::string out =
      fmt::format("DNS cycle {} of {}: {} payments, gross {}; fund {} -> {} (required {})\n",
                  r.value("cycle", 0), r.value("currency", ""), r.value("payment_count", 0),
                  r.value("gross_value", ""), r.value("fund_before", ""), r.value("fund_after", ""),
                  r.value("fund_required", ""));
  for (const json& p : r.value("positions", json::array())) {
    out += fmt::format(
        "  {:<11} net {:>14} paid {:>14} shortfall {:>12} contribution {} -> {} "
        "(required {}, drawn {})\n",
        p.value("bic", ""), p.value("net", ""), p.value("paid", ""), p.value("shortfall", ""),
        p.value("contribution_before", ""), p.value("contribution_after", ""),
        p.value("contribution_required", ""), p.value("contribution_drawn", ""));
  }
  for (const json& d : r.value("draws", json::array())) {
    out += fmt::format("  draw: {} covered {} of {}'s shortfall\n", d.value("contributor", ""),
                       d.value("amount", ""), d.value("defaulter", ""));
  }
  for (const json& c : r.value("claims", json::array())) {
    out += fmt::format("  claim: {} owes {} {}\n", c.value("defaulter", ""),
                       c.value("contributor", ""), c.value("amount", ""));
  }
  return out;
}

void add_dns_commands(CLI::App* admin, const std::shared_ptr<AdminOptions>& options) {
  CLI::App* dns = admin->add_subcommand(
      "dns", "Deferred net settlement: net debit caps, cycles, the reserve fund");
  dns->require_subcommand(1);
  struct Cap {
    std::string bic, currency, amount, request_id;
  };
  auto cap = std::make_shared<Cap>();
  CLI::App* cap_command = dns->add_subcommand("cap", "Set a participant's net debit cap");
  cap_command->add_option("--bic", cap->bic, "The participant")->required();
  cap_command->add_option("--currency", cap->currency, "e.g. CNY")->required();
  cap_command->add_option("--amount", cap->amount, "The cap, e.g. 5000.00")->required();
  add_request_id_option(cap_command, cap->request_id);
  cap_command->callback([options, cap] {
    const json body = {{"bic", cap->bic}, {"currency", cap->currency}, {"cap", cap->amount}};
    show(*options,
         call(*options, "POST", "/v1/admin/dns/caps", with_request_id(body, cap->request_id)),
         outcome_text);
  });
  auto currency = std::make_shared<Cap>();
  CLI::App* show_command = dns->add_subcommand("show", "The open cycle of a currency");
  show_command->add_option("currency", currency->currency, "e.g. CNY")->required();
  show_command->callback([options, currency] {
    show(*options, call(*options, "GET", "/v1/admin/dns/" + currency->currency), [](const json& c) {
      std::string out = fmt::format("DNS {}: {} open payments, {} cycles settled, fund {}\n",
                                    c.value("currency", ""), c.value("open_payment_count", 0),
                                    c.value("cycles_settled", 0), c.value("fund", ""));
      for (const json& a : c.value("accounts", json::array())) {
        out += fmt::format(
            "  {:<11} cap {:>14} position {:>14} peak debit {:>14} "
            "contribution {}\n",
            a.value("bic", ""), a.value("cap", ""), a.value("position", ""),
            a.value("peak_debit", ""), a.value("contribution", ""));
      }
      for (const json& claim : c.value("claims", json::array())) {
        out += fmt::format("  claim: {} owes {} {}\n", claim.value("defaulter", ""),
                           claim.value("contributor", ""), claim.value("amount", ""));
      }
      return out;
    });
  });
  auto settle = std::make_shared<Cap>();
  CLI::App* settle_command = dns->add_subcommand("settle", "Net and settle a currency's cycle now");
  settle_command->add_option("currency", settle->currency, "e.g. CNY")->required();
  add_request_id_option(settle_command, settle->request_id);
  settle_command->callback([options, settle] {
    show(*options,
         call(*options, "POST", "/v1/admin/dns/" + settle->currency + "/settle",
              with_request_id(json::object(), settle->request_id)),
         [](const json& answer) {
           return outcome_text(answer) +
                  (answer.contains("report") ? dns_report_text(answer["report"]) : "");
         });
  });
  auto report = std::make_shared<Cap>();
  CLI::App* report_command = dns->add_subcommand("report", "The last settled cycle's report");
  report_command->add_option("currency", report->currency, "e.g. CNY")->required();
  report_command->callback([options, report] {
    show(*options, call(*options, "GET", "/v1/admin/dns/" + report->currency + "/report"),
         dns_report_text);
  });
}

// The central-bank reserve arrangement (rule 17): members, swap drawings, repayment.
std::string reserve_pool_text(const json& pool) {
  std::string out = "members:\n";
  for (const json& m : pool.value("members", json::array())) {
    out += fmt::format("  {:<11} {} commitment {:>16} x{} drawn {:>16} provided {:>16}\n",
                       m.value("bic", ""), m.value("currency", ""), m.value("commitment", ""),
                       m.value("draw_multiple", json()).dump(), m.value("drawn", ""),
                       m.value("provided", ""));
  }
  out += "swaps:\n";
  for (const json& w : pool.value("swaps", json::array())) {
    out += fmt::format("  #{} {} from {}: {} {} against {} {} at {} ({})\n", w.value("swap_id", ""),
                       w.value("drawer", ""), w.value("provider", ""), w.value("draw_amount", ""),
                       w.value("draw_currency", ""), w.value("counter_amount", ""),
                       w.value("counter_currency", ""), w.value("rate", ""), w.value("status", ""));
  }
  return out;
}

void add_reserve_pool_commands(CLI::App* admin, const std::shared_ptr<AdminOptions>& options) {
  CLI::App* pool = admin->add_subcommand(
      "reserve-pool", "The central-bank reserve pool: show it, admit or change a member");
  pool->require_subcommand(1);
  pool->add_subcommand("show", "Members and every swap")->callback([options] {
    show(*options, call(*options, "GET", "/v1/admin/reserve-pool"), reserve_pool_text);
  });
  struct Member {
    std::string bic, currency, commitment, multiple = "1", request_id;
  };
  auto m = std::make_shared<Member>();
  CLI::App* join = pool->add_subcommand("join", "Admit a member, or change its commitment");
  join->add_option("--bic", m->bic, "The member (a central bank or a direct participant)")
      ->required();
  join->add_option("--currency", m->currency, "Its commitment currency, e.g. CNY")->required();
  join->add_option("--commitment", m->commitment, "e.g. 1000000.00")->required();
  join->add_option("--draw-multiple", m->multiple, "1 to 10 (default 1)");
  add_request_id_option(join, m->request_id);
  join->callback([options, m] {
    const json body = {{"bic", m->bic},
                       {"currency", m->currency},
                       {"commitment", m->commitment},
                       {"draw_multiple", m->multiple}};
    show(*options,
         call(*options, "POST", "/v1/admin/reserve-pool/members",
              with_request_id(body, m->request_id)),
         outcome_text);
  });

  CLI::App* swap = admin->add_subcommand("swap", "Swap drawings: draw, repay");
  swap->require_subcommand(1);
  struct Draw {
    std::string id, drawer, provider, currency, amount, rate, repay_at, request_id;
  };
  auto d = std::make_shared<Draw>();
  CLI::App* draw = swap->add_subcommand("draw", "Draw a swap: both legs at once or neither");
  draw->add_option("--id", d->id, "The swap id, a number from 1")->required();
  draw->add_option("--drawer", d->drawer, "The member drawing")->required();
  draw->add_option("--provider", d->provider, "The member providing its currency")->required();
  draw->add_option("--currency", d->currency, "The drawn currency (the provider's)")->required();
  draw->add_option("--amount", d->amount, "The drawn amount, e.g. 400.00")->required();
  draw->add_option("--rate", d->rate, "Drawer's currency units per drawn unit, e.g. 1.25")
      ->required();
  draw->add_option("--repay-at", d->repay_at, "e.g. 2026-12-01T08:00:00Z")->required();
  add_request_id_option(draw, d->request_id);
  draw->callback([options, d] {
    const json body = {{"swap_id", d->id},         {"drawer", d->drawer},
                       {"provider", d->provider},  {"draw_currency", d->currency},
                       {"draw_amount", d->amount}, {"rate", d->rate},
                       {"repay_at", d->repay_at}};
    show(*options, call(*options, "POST", "/v1/admin/swaps", with_request_id(body, d->request_id)),
         outcome_text);
  });
  auto r = std::make_shared<Draw>();
  CLI::App* repay = swap->add_subcommand("repay", "Repay a swap now (early, or an overdue one)");
  repay->add_option("id", r->id, "The swap id")->required();
  add_request_id_option(repay, r->request_id);
  repay->callback([options, r] {
    show(*options,
         call(*options, "POST", "/v1/admin/swaps/" + r->id + "/repay",
              with_request_id(json::object(), r->request_id)),
         outcome_text);
  });
}

// Global options (--pki-dir, --json, ...) may follow any subcommand: each
// passes what it does not know up to its parent.
void fall_through(CLI::App* command) {
  command->fallthrough();
  for (CLI::App* sub : command->get_subcommands({})) fall_through(sub);
}

}  // namespace

void add_admin_command(CLI::App& app) {
  auto options = std::make_shared<AdminOptions>();
  CLI::App* admin = app.add_subcommand("admin", "Operate a running service (its operator API)");
  admin->require_subcommand(1);
  admin->add_option("--url", options->url, "The service")->capture_default_str();
  admin->add_option("--host", options->host, "Its IP address (overrides --url's)");
  admin->add_option("--port", options->port, "Its port (overrides --url's)");
  admin->add_option("--pki-dir", options->pki_dir,
                    "Uses DIR/ca.pem, DIR/operator.pem and DIR/operator.key");
  admin->add_option("--ca", options->ca, "CA certificate verifying the service");
  admin->add_option("--cert", options->cert, "The operator's certificate");
  admin->add_option("--key", options->key, "The operator's private key");
  admin->add_flag("--json", options->json_output, "Print the service's JSON answer");

  admin->add_subcommand("participants", "Participants and their accounts")->callback([options] {
    show(*options, call(*options, "GET", "/v1/admin/participants"), participants_text);
  });
  add_participant_commands(admin, options);
  add_liquidity_commands(admin, options);

  struct Gridlock {
    std::string algorithm = "partial";
    std::string request_id;
  };
  auto gridlock = std::make_shared<Gridlock>();
  CLI::App* gridlock_command = admin->add_subcommand("gridlock", "Run gridlock resolution now");
  gridlock_command
      ->add_option("--algorithm", gridlock->algorithm, "all_or_nothing, partial or bilateral")
      ->capture_default_str();
  add_request_id_option(gridlock_command, gridlock->request_id);
  gridlock_command->callback([options, gridlock] {
    show(*options,
         call(*options, "POST", "/v1/admin/gridlock",
              with_request_id({{"algorithm", gridlock->algorithm}}, gridlock->request_id)),
         outcome_text);
  });
  admin->add_subcommand("queues", "Queued payments per currency, account and priority")
      ->callback(
          [options] { show(*options, call(*options, "GET", "/v1/admin/queues"), queues_text); });
  add_day_commands(admin, options);
  add_fx_commands(admin, options);
  add_credit_commands(admin, options);
  add_dns_commands(admin, options);
  add_reserve_pool_commands(admin, options);
  fall_through(admin);
}

}  // namespace corridor::cli
