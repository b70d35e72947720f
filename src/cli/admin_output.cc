#include "cli/admin_output.h"

#include <fmt/format.h>

#include <algorithm>

namespace corridor::cli {
namespace {

using nlohmann::json;

// A JSON value as a table cell: strings as they are, null as "-".
std::string cell(const json& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

std::string field(const json& object, const char* key) {
  return object.is_object() && object.contains(key) ? cell(object[key]) : "-";
}

}  // namespace

std::string render_table(const std::vector<std::string>& headers,
                         const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::string> names;
  std::vector<bool> right;
  for (const std::string& h : headers) {
    right.push_back(!h.empty() && h.front() == '>');
    names.push_back(right.back() ? h.substr(1) : h);
  }
  std::vector<size_t> widths(names.size(), 0);
  for (size_t c = 0; c < names.size(); ++c) widths[c] = names[c].size();
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], row[c].size());
    }
  }
  std::string out;
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (size_t c = 0; c < widths.size(); ++c) {
      const std::string& value = c < cells.size() ? cells[c] : std::string();
      if (c > 0) text += "  ";
      text += right[c] ? fmt::format("{:>{}}", value, widths[c])
                       : fmt::format("{:<{}}", value, widths[c]);
    }
    text.erase(text.find_last_not_of(' ') + 1);
    out += text + "\n";
  };
  line(names);
  for (const auto& row : rows) line(row);
  return out;
}

std::string participants_text(const json& answer) {
  std::vector<std::vector<std::string>> rows;
  for (const json& p : answer.value("participants", json::array())) {
    const std::string bic = field(p, "bic");
    const std::string kind = field(p, "kind");
    const std::string status = field(p, "status");
    const json accounts = p.value("accounts", json::array());
    if (accounts.empty()) {
      const std::string via =
          p.contains("settlement_bank") ? "via " + field(p, "settlement_bank") : "-";
      rows.push_back({bic, kind, status, via});
      continue;
    }
    for (const json& a : accounts) {
      rows.push_back({bic, kind, status, field(a, "currency"), field(a, "balance"),
                      field(a, "credit_line"), field(a, "reserved_highly_urgent"),
                      field(a, "reserved_urgent"), field(a, "multilateral_limit"),
                      std::to_string(a.value("bilateral_limits", json::array()).size()),
                      field(a, "queued_count"), field(a, "queued_value")});
    }
  }
  return fmt::format("value date {}\n", field(answer, "value_date")) +
         render_table({"BIC", "KIND", "STATUS", "CCY", ">BALANCE", ">CREDIT LINE", ">RESERVED HU",
                       ">RESERVED U", ">MULTILATERAL", ">BILATERAL", ">QUEUED", ">QUEUED VALUE"},
                      rows);
}

std::string queues_text(const json& answer) {
  std::vector<std::vector<std::string>> rows;
  for (const json& c : answer.value("currencies", json::array())) {
    const std::string currency = field(c, "currency");
    for (const json& a : c.value("accounts", json::array())) {
      const json by_priority = a.value("queued_count_by_priority", json::object());
      rows.push_back({currency, field(a, "bic"), field(by_priority, "highly_urgent"),
                      field(by_priority, "urgent"), field(by_priority, "normal"),
                      field(a, "queued_count"), field(a, "queued_value")});
    }
    rows.push_back(
        {currency, "(total)", "", "", "", field(c, "queued_count"), field(c, "queued_value")});
  }
  return fmt::format("{} queued, {} pending (queued or waiting for their time)\n",
                     field(answer, "queued_count"), field(answer, "pending_count")) +
         render_table({"CCY", "BIC", ">HU", ">U", ">N", ">QUEUED", ">VALUE"}, rows);
}

std::string day_text(const json& answer) {
  return fmt::format(
      "value date {} ({})\nlast closed {}\n{} queued, {} pending\n", field(answer, "value_date"),
      answer.value("open", false) ? "open for entry" : "after the cut-off: entry closed",
      field(answer, "last_closed_value_date"), field(answer, "queued_count"),
      field(answer, "pending_count"));
}

std::string eod_report_text(const json& report) {
  std::vector<std::vector<std::string>> totals;
  for (const json& c : report.value("currencies", json::array())) {
    totals.push_back({field(c, "currency"), field(c, "settled_count"), field(c, "settled_value"),
                      field(c, "rejected_count"), field(c, "rejected_value")});
  }
  std::vector<std::vector<std::string>> accounts;
  for (const json& a : report.value("accounts", json::array())) {
    accounts.push_back({field(a, "bic"), field(a, "currency"), field(a, "balance_open"),
                        field(a, "balance_close"), field(a, "balance_min"),
                        field(a, "peak_credit_use"), field(a, "peak_liquidity_use")});
  }
  return fmt::format("end of day {}, next value date {}\n\n", field(report, "closed_value_date"),
                     field(report, "next_value_date")) +
         render_table({"CCY", ">SETTLED", ">SETTLED VALUE", ">REJECTED", ">REJECTED VALUE"},
                      totals) +
         "\n" +
         render_table(
             {"BIC", "CCY", ">OPEN", ">CLOSE", ">MIN", ">PEAK CREDIT USE", ">PEAK LIQUIDITY USE"},
             accounts);
}

std::string outcome_text(const json& answer) {
  const auto one = [](const json& o) {
    std::string text = fmt::format("{} {}", field(o, "command"), field(o, "outcome"));
    if (o.contains("currency")) text += " " + field(o, "currency");
    if (o.contains("seq")) {
      text += o.value("repeat", false) ? fmt::format(" (repeat of seq {})", field(o, "seq"))
                                       : fmt::format(" (seq {})", field(o, "seq"));
    }
    if (o.contains("reason"))
      text += fmt::format(": {} {}", field(o, "reason"), field(o, "reason_text"));
    return text + "\n";
  };
  std::string out;
  if (answer.contains("results")) {
    for (const json& o : answer["results"]) out += one(o);
  } else {
    out = one(answer);
  }
  if (answer.contains("uetr")) out += "uetr " + field(answer, "uetr") + "\n";
  if (answer.contains("settled")) {
    for (const json& s : answer["settled"]) {
      out += fmt::format("settled {} payments, {} {}\n", field(s, "settled_count"),
                         field(s, "settled_value"), field(s, "currency"));
    }
    if (answer["settled"].empty()) out += "settled nothing\n";
  }
  if (answer.contains("report") && answer["report"].is_object()) {
    out += "\n" + eod_report_text(answer["report"]);
  }
  return out;
}

}  // namespace corridor::cli
