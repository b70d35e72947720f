// `corridor iso check FILE...`: reads each file as an incoming ISO 20022
// message, validates it and its mapping to core commands, and prints its
// type, ids, transactions and "valid", or each problem with its ISO code.
// (`iso render`, the output side, is wired into the same `iso` subcommand by
// the lead: add it to add_iso_command below.)
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "iso20022/mapping.h"
#include "iso20022/parse.h"

namespace corridor::cli {
namespace {

using iso20022::Message;

// Today's date in UTC as yyyymmdd.
core::ValueDate today_utc() {
  const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day date{day};
  return static_cast<int>(date.year()) * 10000 + static_cast<int>(unsigned(date.month())) * 100 +
         static_cast<int>(unsigned(date.day()));
}

std::string format_amount(core::AmountMinor amount_minor, const core::CurrencyCode& currency) {
  const int minor_units = core::iso4217_minor_units(currency.view()).value_or(0);
  std::string digits = std::to_string(amount_minor);
  if (minor_units == 0) return digits + " " + currency.to_string();
  if (static_cast<int>(digits.size()) <= minor_units) {
    digits.insert(0, static_cast<size_t>(minor_units + 1) - digits.size(), '0');
  }
  digits.insert(digits.size() - static_cast<size_t>(minor_units), ".");
  return digits + " " + currency.to_string();
}

std::string agent_text(const iso20022::Agent& agent) {
  if (!agent.bic.empty()) return agent.bic;
  if (!agent.member_id.empty()) return "member " + agent.member_id;
  return "-";
}

void print_problems(const iso20022::Problems& problems) {
  for (const iso20022::Problem& p : problems) {
    fmt::print("  {} {}: {}\n", p.code, p.path.empty() ? "(message)" : p.path, p.text);
  }
}

// True when the file is a valid message that maps to core commands.
bool check_file(const std::string& file, const iso20022::Limits& limits) {
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  if (error) {
    fmt::print("{}: unreadable: {}\n", file, error.message());
    return false;
  }
  std::string bytes;
  if (size <= limits.message_bytes_max) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) {
      fmt::print("{}: unreadable\n", file);
      return false;
    }
    bytes = std::move(content).str();
  } else {
    // Not read at all: the size alone rejects it. A placeholder of the right
    // length would cost the memory we refuse to spend, so report directly.
    fmt::print("{}: invalid\n  FF01 (message): message of {} bytes exceeds the limit of {}\n", file,
               size, limits.message_bytes_max);
    return false;
  }
  const Message message = iso20022::parse_message(bytes, limits);
  fmt::print("{}: {}\n", file,
             message.type ? std::string(iso20022::message_id(*message.type)) : "unknown type");
  if (message.header.present) {
    fmt::print("  header: from {} to {} BizMsgIdr {}\n", message.header.from_bic,
               message.header.to_bic, message.header.business_message_id);
  }
  if (!message.group.message_id.empty() || !message.transactions.empty() ||
      !message.requests.empty()) {
    fmt::print("  group: MsgId {} settlement {} {} transaction(s) {} request(s)\n",
               message.group.message_id,
               message.group.settlement_method.empty() ? "-" : message.group.settlement_method,
               message.transactions.size(), message.requests.size());
  }
  for (size_t i = 0; i < message.transactions.size(); ++i) {
    const iso20022::Transaction& tx = message.transactions[i];
    const std::optional<core::Uetr> uetr = tx.uetr ? tx.uetr : tx.original_uetr;
    fmt::print("  transaction {}: {}{} {} {} -> {}\n", i + 1, tx.uetr ? "UETR " : "OrgnlUETR ",
               uetr ? uetr->to_string() : "-", format_amount(tx.amount_minor, tx.currency),
               agent_text(tx.instructing_agent), agent_text(tx.instructed_agent));
  }
  for (size_t i = 0; i < message.requests.size(); ++i) {
    const iso20022::Request& request = message.requests[i];
    fmt::print("  request {}: OrgnlUETR {}{}\n", i + 1,
               request.original_uetr ? request.original_uetr->to_string() : "-",
               request.new_priority.empty() ? "" : " new priority " + request.new_priority);
  }
  if (!message.ok()) {
    fmt::print("  invalid\n");
    print_problems(message.problems);
    return false;
  }
  // A check is processed today: settlement times without a date apply on it.
  const iso20022::Mapping mapping = iso20022::map_to_commands(message, today_utc());
  if (!mapping.ok()) {
    fmt::print("  invalid (valid ISO 20022, but Corridor cannot settle it)\n");
    print_problems(mapping.problems);
    return false;
  }
  fmt::print("  valid\n");
  return true;
}

}  // namespace

void add_iso_command(CLI::App& app) {
  CLI::App* iso = app.add_subcommand("iso", "ISO 20022 messages");
  iso->require_subcommand(1);
  add_iso_render_command(*iso);

  CLI::App* check = iso->add_subcommand("check", "Validate incoming ISO 20022 messages");
  auto files = std::make_shared<std::vector<std::string>>();
  auto limits = std::make_shared<iso20022::Limits>();
  check->add_option("files", *files, "Message files")->required();
  check->add_option("--max-bytes", limits->message_bytes_max, "Largest message accepted");
  check->add_option("--max-depth", limits->element_depth_max, "Deepest element nesting accepted");
  check->add_option("--max-transactions", limits->transactions_max,
                    "Most transactions per message");
  check->callback([files, limits] {
    bool all_valid = true;
    for (const std::string& file : *files) all_valid = check_file(file, *limits) && all_valid;
    if (!all_valid) throw CLI::RuntimeError(kExitBadInput);
  });
}

}  // namespace corridor::cli
