#include "iso20022/render_json.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "iso20022/render.h"

namespace corridor::iso20022 {
namespace {

using nlohmann::json;

// Reads the fields of one JSON object, remembering which it used so that a
// misspelt key is an error rather than a silently missing element.
class Fields {
 public:
  Fields(const json& object, std::string path) : object_(object), path_(std::move(path)) {
    if (!object_.is_object()) fail(path_, "expected an object");
  }

  [[noreturn]] static void fail(const std::string& path, const std::string& what) {
    throw RenderError((path.empty() ? std::string("(top)") : path) + ": " + what);
  }
  std::string at(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  const json* find(std::string_view key) {
    used_.insert(std::string(key));
    const auto it = object_.find(std::string(key));
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }
  const json& require(std::string_view key) {
    const json* value = find(key);
    if (value == nullptr) fail(at(key), "missing");
    return *value;
  }

  void text(std::string_view key, std::string* out, bool required = false) {
    const json* value = required ? &require(key) : find(key);
    if (value == nullptr) return;
    if (!value->is_string()) fail(at(key), "expected a string");
    *out = value->get<std::string>();
  }
  template <size_t N>
  void text(std::string_view key, SmallText<N>* out, bool required = false) {
    const json* value = required ? &require(key) : find(key);
    if (value == nullptr) return;
    if (!value->is_string()) fail(at(key), "expected a string");
    *out = value->get_ref<const std::string&>();
  }
  void integer(std::string_view key, int64_t* out, bool required = false) {
    const json* value = required ? &require(key) : find(key);
    if (value == nullptr) return;
    if (!value->is_number_integer()) fail(at(key), "expected an integer (no fraction, no quotes)");
    *out = value->get<int64_t>();
  }
  template <typename T>
  void integer_as(std::string_view key, T* out, bool required = false) {
    int64_t value = static_cast<int64_t>(*out);
    integer(key, &value, required);
    if (!std::in_range<T>(value)) {
      fail(at(key), "out of range (" + std::to_string(std::numeric_limits<T>::min()) + " to " +
                        std::to_string(std::numeric_limits<T>::max()) + ")");
    }
    *out = static_cast<T>(value);
  }
  void boolean(std::string_view key, bool* out) {
    const json* value = find(key);
    if (value == nullptr) return;
    if (!value->is_boolean()) fail(at(key), "expected true or false");
    *out = value->get<bool>();
  }
  const json* array(std::string_view key) {
    const json* value = find(key);
    if (value != nullptr && !value->is_array()) fail(at(key), "expected an array");
    return value;
  }

  // Every key of the object was read.
  void finish() const {
    for (const auto& [key, value] : object_.items()) {
      if (used_.count(key) == 0) fail(at(key), "unknown field");
    }
  }

 private:
  const json& object_;
  std::string path_;
  std::set<std::string> used_;
};

// A reason by its text ("insufficient funds") or its ISO code ("AM04", the
// first reason with that code).
core::Reason reason_of(const std::string& path, const std::string& text) {
  for (int r = 1; r < static_cast<int>(core::Reason::kCount); ++r) {
    if (core::reason_text(static_cast<core::Reason>(r)) == text)
      return static_cast<core::Reason>(r);
  }
  for (int r = 1; r < static_cast<int>(core::Reason::kCount); ++r) {
    if (core::iso_code(static_cast<core::Reason>(r)) == text) return static_cast<core::Reason>(r);
  }
  Fields::fail(path, "'" + text + "' is neither a reason text nor an ISO reason code");
}

void reason_field(Fields& f, std::string_view key, core::Reason* out) {
  std::string text;
  f.text(key, &text);
  if (!text.empty()) *out = reason_of(f.at(key), text);
}

HeaderInput read_header(Fields& top) {
  Fields f(top.require("header"), top.at("header"));
  HeaderInput h;
  f.text("from_bic", &h.from_bic, true);
  f.text("to_bic", &h.to_bic, true);
  f.text("business_message_id", &h.business_message_id, true);
  f.integer("created_at_ns", &h.created_at_ns, true);
  f.text("business_service", &h.business_service);
  f.finish();
  return h;
}

AccountInput read_account(Fields& parent) {
  Fields f(parent.require("account"), parent.at("account"));
  AccountInput a;
  f.text("id", &a.id, true);
  f.text("currency", &a.currency, true);
  f.text("owner_bic", &a.owner_bic);
  f.text("servicer_bic", &a.servicer_bic);
  f.finish();
  return a;
}

std::vector<EntryInput> read_entries(Fields& parent) {
  std::vector<EntryInput> entries;
  const json* list = parent.array("entries");
  if (list == nullptr) return entries;
  for (size_t i = 0; i < list->size(); ++i) {
    Fields f((*list)[i], parent.at("entries") + "[" + std::to_string(i) + "]");
    EntryInput e;
    f.integer("amount_minor", &e.amount_minor, true);
    f.text("currency", &e.currency, true);
    std::string direction;
    f.text("direction", &direction, true);
    if (direction == "credit") {
      e.direction = CreditDebit::kCredit;
    } else if (direction == "debit") {
      e.direction = CreditDebit::kDebit;
    } else {
      Fields::fail(f.at("direction"), "expected \"credit\" or \"debit\"");
    }
    f.text("entry_reference", &e.entry_reference);
    f.integer("booked_at_ns", &e.booked_at_ns);
    f.integer_as("value_date", &e.value_date, true);
    f.text("account_servicer_reference", &e.account_servicer_reference);
    f.text("bank_transaction_subfamily", &e.bank_transaction_subfamily);
    f.text("message_id", &e.message_id);
    f.text("instruction_id", &e.instruction_id);
    f.text("end_to_end_id", &e.end_to_end_id);
    f.text("transaction_id", &e.transaction_id);
    f.text("uetr", &e.uetr);
    f.text("debtor_agent_bic", &e.debtor_agent_bic);
    f.text("creditor_agent_bic", &e.creditor_agent_bic);
    f.finish();
    entries.push_back(std::move(e));
  }
  return entries;
}

void render_status_report(Fields& f, const HeaderInput& header, std::string& out) {
  StatusReportInput r;
  f.text("message_id", &r.message_id, true);
  f.integer("created_at_ns", &r.created_at_ns, true);
  f.text("instructing_agent_bic", &r.instructing_agent_bic);
  f.text("instructed_agent_bic", &r.instructed_agent_bic);
  f.text("original_message_id", &r.original_message_id);
  f.text("original_message_name_id", &r.original_message_name_id);
  f.integer("original_created_at_ns", &r.original_created_at_ns);
  const json* list = f.array("transactions");
  if (list == nullptr || list->empty()) Fields::fail(f.at("transactions"), "at least one needed");
  for (size_t i = 0; i < list->size(); ++i) {
    Fields t((*list)[i], f.at("transactions") + "[" + std::to_string(i) + "]");
    StatusTransaction tx;
    t.text("original_message_id", &tx.original_message_id);
    t.text("original_instruction_id", &tx.original_instruction_id);
    t.text("original_end_to_end_id", &tx.original_end_to_end_id);
    t.text("original_transaction_id", &tx.original_transaction_id);
    t.text("uetr", &tx.uetr);
    std::string status;
    t.text("status", &status, true);
    if (status == "settled") {
      tx.status = PaymentStatus::kSettled;
    } else if (status == "queued") {
      tx.status = PaymentStatus::kQueued;
    } else if (status == "rejected") {
      tx.status = PaymentStatus::kRejected;
    } else {
      Fields::fail(t.at("status"), "expected \"settled\", \"queued\" or \"rejected\"");
    }
    reason_field(t, "reason", &tx.reason);
    t.text("reason_detail", &tx.reason_detail);
    t.integer("accepted_at_ns", &tx.accepted_at_ns);
    t.integer("settled_at_ns", &tx.settled_at_ns);
    t.text("clearing_system_reference", &tx.clearing_system_reference);
    t.finish();
    r.transactions.push_back(std::move(tx));
  }
  f.finish();
  render_pacs002(header, r, out);
}

void render_message_reject(Fields& f, const HeaderInput& header, std::string& out) {
  MessageRejectInput r;
  f.text("related_reference", &r.related_reference);
  f.text("reason_code", &r.reason_code);
  f.integer("rejected_at_ns", &r.rejected_at_ns);
  f.text("element_path", &r.element_path);
  f.text("description", &r.description);
  f.text("additional_data", &r.additional_data);
  f.finish();
  render_admi002(header, r, out);
}

void render_notification(Fields& f, const HeaderInput& header, std::string& out) {
  NotificationInput n;
  f.text("message_id", &n.message_id, true);
  f.integer("created_at_ns", &n.created_at_ns, true);
  f.text("notification_id", &n.notification_id, true);
  n.account = read_account(f);
  n.entries = read_entries(f);
  f.finish();
  render_camt054(header, n, out);
}

void render_statement(Fields& f, const HeaderInput& header, std::string& out) {
  StatementInput s;
  f.text("message_id", &s.message_id, true);
  f.integer("created_at_ns", &s.created_at_ns, true);
  f.text("statement_id", &s.statement_id, true);
  f.integer_as("sequence_number", &s.sequence_number);
  s.account = read_account(f);
  f.integer_as("value_date", &s.value_date, true);
  f.integer("balance_open_minor", &s.figures.balance_open_minor, true);
  f.integer("balance_close_minor", &s.figures.balance_close_minor, true);
  s.entries = read_entries(f);
  f.finish();
  render_camt053(header, s, out);
}

void render_report(Fields& f, const HeaderInput& header, std::string& out) {
  ReportInput r;
  f.text("message_id", &r.message_id, true);
  f.integer("created_at_ns", &r.created_at_ns, true);
  f.text("report_id", &r.report_id, true);
  r.account = read_account(f);
  f.integer("balance_minor", &r.balance_minor, true);
  f.integer("balance_at_ns", &r.balance_at_ns, true);
  r.entries = read_entries(f);
  f.finish();
  render_camt052(header, r, out);
}

void render_resolution(Fields& f, const HeaderInput& header, std::string& out) {
  ResolutionInput r;
  f.text("assignment_id", &r.assignment_id, true);
  f.text("assigner_bic", &r.assigner_bic, true);
  f.text("assignee_bic", &r.assignee_bic, true);
  f.integer("created_at_ns", &r.created_at_ns, true);
  f.text("case_id", &r.case_id);
  f.text("case_creator_bic", &r.case_creator_bic);
  f.boolean("accepted", &r.accepted);
  reason_field(f, "reason", &r.reason);
  f.text("reason_detail", &r.reason_detail);
  f.text("original_message_id", &r.original_message_id, true);
  f.text("original_message_name_id", &r.original_message_name_id);
  f.text("original_instruction_id", &r.original_instruction_id);
  f.text("original_end_to_end_id", &r.original_end_to_end_id);
  f.text("original_transaction_id", &r.original_transaction_id);
  f.text("uetr", &r.uetr);
  f.integer("original_amount_minor", &r.original_amount_minor);
  f.text("original_currency", &r.original_currency);
  f.integer_as("original_settlement_date", &r.original_settlement_date);
  f.finish();
  render_camt029(header, r, out);
}

void render_receipt(Fields& f, const HeaderInput& header, std::string& out) {
  ReceiptInput r;
  f.text("message_id", &r.message_id, true);
  f.integer("created_at_ns", &r.created_at_ns, true);
  f.text("original_message_id", &r.original_message_id, true);
  f.text("original_message_name_id", &r.original_message_name_id);
  std::string status;
  f.text("status", &status, true);
  if (status == "completed") {
    r.status = ReceiptStatus::kCompleted;
  } else if (status == "queued") {
    r.status = ReceiptStatus::kQueued;
  } else if (status == "rejected") {
    r.status = ReceiptStatus::kRejected;
  } else {
    Fields::fail(f.at("status"), "expected \"completed\", \"queued\" or \"rejected\"");
  }
  reason_field(f, "reason", &r.reason);
  f.text("reason_detail", &r.reason_detail);
  f.finish();
  render_camt025(header, r, out);
}

void render_return_transaction(Fields& f, const HeaderInput& header, std::string& out) {
  ReturnTransactionInput r;
  f.text("message_id", &r.message_id, true);
  f.integer("created_at_ns", &r.created_at_ns, true);
  f.text("query_message_id", &r.query_message_id, true);
  f.text("query_message_name_id", &r.query_message_name_id);
  const json* list = f.array("transactions");
  if (list == nullptr || list->empty()) Fields::fail(f.at("transactions"), "at least one needed");
  for (size_t i = 0; i < list->size(); ++i) {
    Fields t((*list)[i], f.at("transactions") + "[" + std::to_string(i) + "]");
    TransactionStateInput tx;
    std::string state;
    t.text("state", &state, true);
    if (state == "queued") {
      tx.state = TransactionState::kQueued;
    } else if (state == "settled") {
      tx.state = TransactionState::kSettled;
    } else if (state == "rejected") {
      tx.state = TransactionState::kRejected;
    } else if (state == "cancelled") {
      tx.state = TransactionState::kCancelled;
    } else if (state == "not_found") {
      tx.state = TransactionState::kNotFound;
    } else {
      Fields::fail(t.at("state"),
                   "expected \"queued\", \"settled\", \"rejected\", \"cancelled\" or "
                   "\"not_found\"");
    }
    const bool found = tx.state != TransactionState::kNotFound;
    t.text("uetr", &tx.uetr, !found);
    t.text("end_to_end_id", &tx.end_to_end_id);
    t.text("transaction_id", &tx.transaction_id);
    t.text("message_id", &tx.message_id);
    t.integer("amount_minor", &tx.amount_minor, found);
    t.text("currency", &tx.currency, found);
    t.integer_as("settlement_date", &tx.settlement_date, found);
    t.text("instructing_agent_bic", &tx.instructing_agent_bic, found);
    t.text("instructed_agent_bic", &tx.instructed_agent_bic, found);
    std::string priority;
    t.text("priority", &priority);
    if (priority == "highly_urgent") {
      tx.priority = core::Priority::kHighlyUrgent;
    } else if (priority == "urgent") {
      tx.priority = core::Priority::kUrgent;
    } else if (priority.empty() || priority == "normal") {
      tx.priority = core::Priority::kNormal;
    } else {
      Fields::fail(t.at("priority"), "expected \"highly_urgent\", \"urgent\" or \"normal\"");
    }
    t.integer("status_at_ns", &tx.status_at_ns);
    reason_field(t, "reason", &tx.reason);
    t.finish();
    r.transactions.push_back(std::move(tx));
  }
  f.finish();
  render_camt006(header, r, out);
}

}  // namespace

std::string render_from_json(std::string_view json_text) {
  json document;
  try {
    document = json::parse(json_text);
  } catch (const json::parse_error& error) {
    throw RenderError(std::string("not valid JSON: ") + error.what());
  }
  Fields top(document, "");
  std::string type;
  top.text("type", &type, true);
  const HeaderInput header = read_header(top);
  std::string out;
  // "pacs.002" or the full id "pacs.002.001.10": one version of each is rendered.
  const auto is = [&](std::string_view id) { return type == id.substr(0, 8) || type == id; };
  if (is("pacs.002.001.10")) {
    render_status_report(top, header, out);
  } else if (is("admi.002.001.01")) {
    render_message_reject(top, header, out);
  } else if (is("camt.054.001.08")) {
    render_notification(top, header, out);
  } else if (is("camt.053.001.08")) {
    render_statement(top, header, out);
  } else if (is("camt.052.001.08")) {
    render_report(top, header, out);
  } else if (is("camt.029.001.09")) {
    render_resolution(top, header, out);
  } else if (is("camt.025.001.05")) {
    render_receipt(top, header, out);
  } else if (is("camt.006.001.08")) {
    render_return_transaction(top, header, out);
  } else {
    Fields::fail("type", "'" + type +
                             "' is not rendered; expected pacs.002, admi.002, camt.054, "
                             "camt.053, camt.052, camt.029, camt.025 or camt.006");
  }
  return out;
}

}  // namespace corridor::iso20022
