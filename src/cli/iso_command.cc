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
#include "cli/iso_check_reports.h"
#include "cli/journal_text.h"
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

std::string agent_text(const iso20022::Agent& agent) {
  if (!agent.bic.empty()) return agent.bic;
  if (!agent.member_id.empty()) return "member " + agent.member_id;
  return "-";
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : "|") + item;
  return out;
}

std::string decimal_e5(int64_t value_e5) {
  std::string text = fmt::format("{}.{:05}", value_e5 / 100000, value_e5 % 100000);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string range_text(const iso20022::AmountRange& r) {
  std::string text;
  if (r.equal_e5) text = "= " + decimal_e5(*r.equal_e5);
  if (r.not_equal_e5) text = "!= " + decimal_e5(*r.not_equal_e5);
  if (r.from_e5 || r.to_e5) {
    text = std::string(r.from_e5 && r.from_inclusive ? "[" : "(") +
           (r.from_e5 ? decimal_e5(*r.from_e5) : "") + ", " +
           (r.to_e5 ? decimal_e5(*r.to_e5) : "") + (r.to_e5 && r.to_inclusive ? "]" : ")");
  }
  return r.currency.empty() ? text : text + " " + r.currency;
}

// One camt.005 PmtSch: every kind of criterion must hold; "|" separates alternatives.
std::string describe_search(const iso20022::PaymentSearch& search) {
  std::vector<std::string> parts;
  auto add = [&](const char* name, const std::vector<std::string>& values) {
    if (!values.empty()) parts.push_back(std::string(name) + " " + join(values));
  };
  add("MsgId", search.message_ids);
  add("UETR", search.uetrs);
  add("TxId", search.transaction_ids);
  add("EndToEndId", search.end_to_end_ids);
  std::vector<std::string> states;
  for (iso20022::TransactionState state : search.states) {
    states.push_back(state == iso20022::TransactionState::kQueued      ? "queued"
                     : state == iso20022::TransactionState::kSettled   ? "settled"
                     : state == iso20022::TransactionState::kRejected  ? "rejected"
                     : state == iso20022::TransactionState::kCancelled ? "cancelled"
                                                                       : "not found");
  }
  add("status", states);
  std::vector<std::string> ranges;
  for (const iso20022::AmountRange& r : search.amounts) ranges.push_back(range_text(r));
  add("amount", ranges);
  add("currency", search.currencies);
  std::vector<std::string> priorities;
  for (core::Priority p : search.priorities) priorities.push_back(core::to_string(p));
  add("priority", priorities);
  std::vector<std::string> dates;
  for (core::ValueDate d : search.settlement_dates) dates.push_back(format_value_date(d));
  add("settlement date", dates);
  if (!search.instructing_agent_bic.empty())
    parts.push_back("InstgAgt " + search.instructing_agent_bic);
  if (!search.instructed_agent_bic.empty())
    parts.push_back("InstdAgt " + search.instructed_agent_bic);
  if (parts.empty()) return "every payment the sender may see";
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
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
  // A type Corridor sends has its own lines (print_read_back): no group line.
  const bool read_back = message.type && (iso20022::corridor_sends(*message.type) ||
                                          *message.type == iso20022::MessageType::kHead001v02 ||
                                          *message.type == iso20022::MessageType::kHead001v03);
  if (!read_back && (!message.group.message_id.empty() || !message.transactions.empty() ||
                     !message.requests.empty())) {
    fmt::print("  group: MsgId {} settlement {} {} transaction(s) {} request(s)\n",
               message.group.message_id,
               message.group.settlement_method.empty() ? "-" : message.group.settlement_method,
               message.transactions.size(), message.requests.size());
  }
  for (size_t i = 0; i < message.transactions.size(); ++i) {
    const iso20022::Transaction& tx = message.transactions[i];
    const std::optional<core::Uetr> uetr = tx.uetr ? tx.uetr : tx.original_uetr;
    fmt::print("  transaction {}: {}{} {} {} -> {}\n", i + 1, tx.uetr ? "UETR " : "OrgnlUETR ",
               uetr ? uetr->to_string() : "-", format_amount(tx.amount_minor, tx.currency.view()),
               agent_text(tx.instructing_agent), agent_text(tx.instructed_agent));
  }
  for (size_t i = 0; i < message.requests.size(); ++i) {
    const iso20022::Request& request = message.requests[i];
    if (request.whole_group) {
      fmt::print("  request {}: every pending payment of OrgnlMsgId {} ({}){}\n", i + 1,
                 request.original_message_id, request.original_message_name_id,
                 request.reason.empty() ? "" : " reason " + request.reason);
      continue;
    }
    std::string changes;
    if (!request.new_priority.empty()) changes += " new priority " + request.new_priority;
    if (request.new_earliest_ns != core::kNoTime) {
      changes += " new earliest " + format_timestamp_utc(request.new_earliest_ns);
    }
    if (request.new_latest_ns != core::kNoTime) {
      changes += " new latest " + format_timestamp_utc(request.new_latest_ns);
    }
    fmt::print("  request {}: OrgnlUETR {}{}\n", i + 1,
               request.original_uetr ? request.original_uetr->to_string() : "-", changes);
  }
  for (size_t i = 0; i < message.searches.size(); ++i) {
    fmt::print("  search {}: {}\n", i + 1, describe_search(message.searches[i]));
  }
  print_read_back(message);
  if (!message.ok()) {
    fmt::print("  invalid\n");
    print_problems(message.problems);
    return false;
  }
  // A check is processed today: settlement times without a date apply on it.
  const iso20022::Mapping mapping = iso20022::map_to_commands(message, today_utc());
  if (read_back) {
    // Valid ISO 20022, but no instruction: from a participant mapping refuses
    // it (the FF01 printed here).
    fmt::print("  valid (not an instruction; from a participant: {} {})\n",
               mapping.problems.front().code, mapping.problems.front().text);
    return true;
  }
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
