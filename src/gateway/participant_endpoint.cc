#include "gateway/participant_endpoint.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "gateway/http_answers.h"
#include "gateway/inbox_render.h"
#include "gateway/operator_json.h"
#include "gateway/refusal.h"
#include "iso20022/fx_reference.h"
#include "iso20022/render.h"
#include "iso20022/xml_writer.h"
#include "receipt/receipt_json.h"
#include "receipt/utc_time.h"

namespace corridor::gateway {
namespace {

using nlohmann::json;

std::optional<uint64_t> parse_count(const std::string& text) {
  uint64_t value = 0;
  const char* last = text.data() + text.size();
  if (text.empty() || std::from_chars(text.data(), last, value).ptr != last) return std::nullopt;
  return value;
}

// Decimal text without separators ("1000.50"), as the operator API writes it.
std::string money(core::AmountMinor amount_minor, int minor_units) {
  return format_amount(amount_minor, minor_units);
}

std::string bic_text(const core::Bic& bic) {
  return bic.empty() ? std::string() : bic.to_string();
}

// A cross-currency payment's two legs and the quote they settled at.
void add_fx_legs(const PaymentRecord& p, int minor_units, int settlement_minor_units, json* out) {
  const FxLegs& fx = *p.fx;
  json legs = json::array();
  for (const core::Leg which : {core::Leg::kFirst, core::Leg::kSecond}) {
    const LegView leg = p.leg(which);
    const bool second = which == core::Leg::kSecond;
    legs.push_back(
        json{{"leg", second ? 2 : 1},
             {"currency", std::string(leg.currency.view())},
             {"amount", money(leg.amount_minor, second ? settlement_minor_units : minor_units)},
             {"debtor", bic_text(leg.debtor_agent)},
             {"creditor", bic_text(leg.creditor_agent)},
             // Set once an event named the accounts (from acceptance on, unless refused).
             {"debtor_account_holder", bic_text(leg.debtor_holder)},
             {"creditor_account_holder", bic_text(leg.creditor_holder)}});
  }
  (*out)["fx"] =
      json{{"quote_id", std::to_string(fx.quote_id)},
           {"provider", bic_text(fx.provider)},
           {"rate", fx.rate_units > 0 ? iso20022::format_rate({fx.rate_units, fx.rate_scale}) : ""},
           {"instructed_currency", std::string(p.currency.view())},
           {"instructed_amount", money(p.amount_minor, minor_units)},
           {"settlement_currency", std::string(fx.settlement_currency.view())},
           {"settlement_amount", money(fx.settlement_amount_minor, settlement_minor_units)}};
  (*out)["legs"] = std::move(legs);
}

json payment_json(const PaymentRecord& p, int minor_units, int settlement_minor_units) {
  json history = json::array();
  for (const TrackingStep& step : p.history) {
    json s{{"step", to_string(step.kind)},
           {"journal_seq", step.seq},
           {"at", receipt::format_utc_ns(step.at_ns)}};
    if (step.reason != core::Reason::kNone) {
      s["reason"] = std::string(core::iso_code(step.reason));
      s["reason_text"] = std::string(core::reason_text(step.reason));
    }
    if (step.kind == StepKind::kSettled) {
      // The receipt's names, so that tracking and receipt say the same.
      const char* how = receipt::settled_by_name(p.dns ? receipt::SettledBy::kDnsCycle
                                                       : receipt::settled_by_of(step.settled_by));
      s["settled_by"] = how != nullptr ? how : "";
    }
    if (step.kind == StepKind::kPriorityChanged || step.kind == StepKind::kAccepted) {
      s["priority"] = std::string(core::to_string(step.priority));
    }
    if (!step.by.empty()) s["by"] = step.by.to_string();
    history.push_back(std::move(s));
  }
  json out{{"uetr", p.uetr.to_string()},
           {"instruction_id", std::string(p.instruction_id.view())},
           {"status", to_string(p.state)},
           {"amount", money(p.amount_minor, minor_units)},
           {"currency", std::string(p.currency.view())},
           {"debtor_agent", bic_text(p.debtor_agent)},
           {"creditor_agent", bic_text(p.creditor_agent)},
           {"submitted_by", bic_text(p.submitter)},
           {"priority", std::string(core::to_string(p.priority))},
           {"accepted_journal_seq", p.accepted_seq},
           {"history", std::move(history)}};
  if (p.state == PaymentState::kSettled) {
    out["settled_at"] = receipt::format_utc_ns(p.settled_at_ns);
    out["settled_journal_seq"] = p.settled_seq;
    out["value_date"] = format_value_date(p.value_date);
  }
  if (p.reason != core::Reason::kNone) {
    out["reason"] = std::string(core::iso_code(p.reason));
    out["reason_text"] = std::string(core::reason_text(p.reason));
  }
  if (p.fx) add_fx_legs(p, minor_units, settlement_minor_units, &out);
  if (p.dns) out["clearing_channel"] = "MPNS";  // deferred net settlement: final with its cycle
  return out;
}

// One of the reader's accounts as the core holds it now.
struct AccountNow {
  core::CurrencyCode currency;
  int minor_units = 2;
  core::AmountMinor balance_minor = 0;
  core::AmountMinor credit_line_minor = 0;
  core::AmountMinor reserved_highly_urgent_minor = 0;
  core::AmountMinor reserved_urgent_minor = 0;
  core::AmountMinor available_normal_minor = 0;
  core::AmountMinor queued_value_minor = 0;
  core::AmountMinor waiting_value_minor = 0;  // pending, not yet in a queue
  uint64_t queued_count = 0;
  core::AmountMinor balance_open_minor = 0;
  core::AmountMinor balance_min_minor = 0;
  core::AmountMinor multilateral_limit_minor = core::kNoLimit;
};

struct ParticipantNow {
  bool known = false;
  std::string status;
  core::ValueDate value_date = 0;
  core::TimestampNs now_ns = 0;
  uint64_t journal_seq = 0;
  std::vector<AccountNow> accounts;
};

ParticipantNow participant_now(const journal::Machine& machine, const core::Bic& reader) {
  ParticipantNow out;
  [&] {
    const core::Core& core = machine.core();
    out.value_date = core.value_date();
    out.now_ns = core.now_ns();
    out.journal_seq = machine.last_seq();
    const std::optional<core::ParticipantId> id = core.find_participant(reader);
    if (!id) return;
    out.known = true;
    out.status = core::to_string(core.participant(*id).status);
    for (core::AccountId a = 0; a < core.account_count(); ++a) {
      const core::Account& account = core.account(a);
      if (account.owner != *id) continue;
      AccountNow now;
      now.currency = core.currency(account.currency).code;
      now.minor_units = core.currency(account.currency).minor_units;
      now.balance_minor = account.balance_minor;
      now.credit_line_minor = account.credit_line_minor;
      now.reserved_highly_urgent_minor = account.reserved_minor[0];
      now.reserved_urgent_minor = account.reserved_minor[1];
      now.available_normal_minor = core.available_liquidity(a, core::Priority::kNormal);
      now.queued_value_minor = account.queued_value_minor;
      now.waiting_value_minor = account.pending_value_minor - account.queued_value_minor;
      for (const core::QueueList& queue : account.queues) now.queued_count += queue.length;
      now.balance_open_minor = account.balance_open_minor;
      now.balance_min_minor = account.balance_min_minor;
      now.multilateral_limit_minor = account.multilateral_limit_minor;
      out.accounts.push_back(now);
    }
  }();
  return out;
}

// The camt.052 of the chosen account (or a 400/404) from the core's figures
// and the day's notifications.
HttpResponse intraday_report(const ParticipantNow& now, const core::Bic& reader,
                             const std::optional<std::string>& currency,
                             const std::string& system_bic, const ParticipantViews& views) {
  const AccountNow* chosen = nullptr;
  std::string currencies;
  for (const AccountNow& a : now.accounts) {
    currencies += (currencies.empty() ? "" : ", ") + std::string(a.currency.view());
    if (currency ? a.currency.view() == *currency : now.accounts.size() == 1) chosen = &a;
  }
  if (chosen == nullptr) {
    return now.accounts.empty()
               ? json_error(404, "you have no account")
               : json_error(400, fmt::format("name the account's currency: ?currency= one of {}",
                                             currencies));
  }
  iso20022::ReportInput report;
  // Named after the journal position it shows: the same report for the same state.
  report.message_id = fmt::format("CRDR-CAMT052-{}-{}", now.journal_seq, chosen->currency.view());
  report.created_at_ns = now.now_ns;
  report.report_id = report.message_id;
  report.account =
      iso20022::AccountInput{fmt::format("{}-{}", reader.to_string(), chosen->currency.view()),
                             std::string(chosen->currency.view()), reader.to_string(), system_bic};
  report.balance_minor = chosen->balance_minor;
  report.balance_at_ns = now.now_ns;
  for (const InboxItem& item : views.notifications(reader, now.value_date, chosen->currency)) {
    if (item.entry.seq > now.journal_seq) break;  // settled after the balance was read
    report.entries.push_back(entry_input_of(item));
  }
  std::string xml;
  try {
    iso20022::render_camt052(iso20022::HeaderInput{system_bic, reader.to_string(),
                                                   report.message_id, report.created_at_ns, ""},
                             report, xml);
  } catch (const std::exception& e) {
    return json_error(500, std::string("cannot render the report: ") + e.what());
  }
  return xml_answer(200, std::move(xml));
}

// Answers with what `build` makes of the reader's accounts as the core holds
// them: read on the apply thread between batches (no I/O thread waits for
// it), built into an answer back on an I/O thread.
void answer_from_core(journal::Engine& engine, const core::Bic& reader,
                      const std::shared_ptr<Responder>& responder,
                      std::function<HttpResponse(const ParticipantNow&)> build) {
  engine.inspect_async([reader, responder, build = std::move(build)](const journal::Machine& m) {
    auto now = std::make_shared<const ParticipantNow>(participant_now(m, reader));
    responder->respond_with([now, build] { return build(*now); });
  });
}

}  // namespace

ParticipantEndpoint::ParticipantEndpoint(const ServiceConfig& config, const ParticipantViews& views,
                                         const MessageLog& messages, InboxAcks& acks,
                                         const ReceiptSigner& signer, journal::Engine& engine,
                                         JsonLog& log)
    : config_(config),
      views_(views),
      messages_(messages),
      acks_(acks),
      signer_(signer),
      engine_(engine),
      log_(log) {}

void ParticipantEndpoint::add_routes(Router& router) {
  auto route = [this](void (ParticipantEndpoint::*member)(const HttpRequest&,
                                                          const std::shared_ptr<Responder>&)) {
    return [this, member](const HttpRequest& request, std::shared_ptr<Responder> responder) {
      (this->*member)(request, responder);
    };
  };
  router.add("GET", "/v1/inbox", route(&ParticipantEndpoint::inbox));
  router.add("POST", "/v1/inbox/ack", route(&ParticipantEndpoint::acknowledge));
  router.add("GET", "/v1/payments/{uetr}", route(&ParticipantEndpoint::payment));
  router.add("GET", "/v1/receipts/{uetr}", route(&ParticipantEndpoint::receipt));
  router.add("GET", "/v1/statements/{date}", route(&ParticipantEndpoint::statement));
  router.add("GET", "/v1/accounts", route(&ParticipantEndpoint::accounts));
  router.add("GET", "/v1/reports/intraday", route(&ParticipantEndpoint::intraday));
}

void ParticipantEndpoint::refuse(const HttpRequest& request, HttpResponse response,
                                 const std::string& reason,
                                 const std::shared_ptr<Responder>& responder) {
  refuse_logged(log_, request, std::move(response), reason, responder);
}

std::optional<core::Bic> ParticipantEndpoint::participant(
    const HttpRequest& request, const std::shared_ptr<Responder>& responder) {
  const PeerIdentity& peer = request.peer.identity;
  if (peer.ok() && peer.role == PeerRole::kParticipant) return peer.bic;
  const std::string reason =
      peer.ok() ? fmt::format("{} is a participant's own data; a {} certificate has none",
                              path_of(request.target), to_string(peer.role))
                : "client certificate not usable: " + peer.error;
  refuse(request, json_error(403, reason), reason, responder);
  return std::nullopt;
}

void ParticipantEndpoint::inbox(const HttpRequest& request,
                                const std::shared_ptr<Responder>& responder) {
  const std::optional<core::Bic> reader = participant(request, responder);
  if (!reader) return;
  const uint64_t acknowledged = acks_.acknowledged(*reader);
  uint64_t after = acknowledged;
  uint64_t limit = std::min<uint64_t>(100, config_.limits.inbox_page_limit_max);
  if (const auto text = query_param(request.target, "after")) {
    const std::optional<uint64_t> value = parse_count(*text);
    if (!value) {
      responder->respond(json_error(400, "after must be a cursor: a whole number (0: the start)"));
      return;
    }
    after = *value;
  }
  if (const auto text = query_param(request.target, "limit")) {
    const std::optional<uint64_t> value = parse_count(*text);
    if (!value || *value == 0 || *value > config_.limits.inbox_page_limit_max) {
      responder->respond(json_error(
          400, fmt::format("limit must be 1 to {}", config_.limits.inbox_page_limit_max)));
      return;
    }
    limit = *value;
  }
  const InboxPage page = views_.inbox(*reader, after, static_cast<uint32_t>(limit));
  const std::string system_bic = config_.service.system_bic.to_string();
  json messages = json::array();
  for (const InboxItem& item : page.items) {
    messages.push_back(inbox_item_json(item, *reader, system_bic, &messages_, log_));
  }
  const uint64_t next_after = page.items.empty() ? after : page.items.back().entry.cursor;
  responder->respond(json_answer(200, {{"participant", reader->to_string()},
                                       {"after", after},
                                       {"next_after", next_after},
                                       {"acknowledged", acknowledged},
                                       {"size", page.size},
                                       {"more", next_after < page.size},
                                       {"messages", std::move(messages)}}));
}

void ParticipantEndpoint::acknowledge(const HttpRequest& request,
                                      const std::shared_ptr<Responder>& responder) {
  const std::optional<core::Bic> reader = participant(request, responder);
  if (!reader) return;
  const json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("cursor") ||
      !body["cursor"].is_number_unsigned() || body.size() != 1) {
    responder->respond(json_error(400, R"(the body must be {"cursor": N}, N a whole number)"));
    return;
  }
  const uint64_t cursor = body["cursor"].get<uint64_t>();
  const uint64_t size = views_.inbox_size(*reader);
  if (cursor > size) {
    responder->respond(json_error(
        422, fmt::format("cursor {} is beyond the inbox's last message ({})", cursor, size)));
    return;
  }
  try {
    const uint64_t recorded = acks_.acknowledge(*reader, cursor);
    responder->respond(json_answer(200, {{"acknowledged", recorded}, {"size", size}}));
  } catch (const std::exception& e) {
    log_.write("error", {{"what", "inbox acknowledgement not durable"}, {"error", e.what()}});
    responder->respond(json_error(503, "the acknowledgement could not be recorded, retry"));
  }
}

std::optional<PaymentRecord> ParticipantEndpoint::visible_payment(
    const HttpRequest& request, const core::Bic& reader,
    const std::shared_ptr<Responder>& responder) {
  const std::string text = path_segment(request.target, 2);
  const std::optional<core::Uetr> uetr = core::Uetr::parse(text);
  if (!uetr) {
    responder->respond(json_error(
        400, fmt::format("\"{}\" is not a UETR (a version-4 UUID)", text.substr(0, 64))));
    return std::nullopt;
  }
  std::optional<PaymentRecord> payment = views_.payment(*uetr);
  // Someone else's payment answers exactly like an unknown one: a participant
  // cannot learn that a UETR exists by asking for it.
  if (!payment || !payment->visible_to(reader)) {
    HttpResponse answer = json_error(404, fmt::format("no payment {} of yours", uetr->to_string()));
    if (payment) {
      // A refusal all the same: logged with its real reason, answered as unknown.
      refuse(request, std::move(answer),
             fmt::format("{} is not a party to payment {}", reader.to_string(), uetr->to_string()),
             responder);
    } else {
      responder->respond(std::move(answer));
    }
    return std::nullopt;
  }
  return payment;
}

void ParticipantEndpoint::payment(const HttpRequest& request,
                                  const std::shared_ptr<Responder>& responder) {
  const std::optional<core::Bic> reader = participant(request, responder);
  if (!reader) return;
  const std::optional<PaymentRecord> p = visible_payment(request, *reader, responder);
  if (!p) return;
  int minor_units = 2, settlement_minor_units = 2;
  for (const CurrencyConfig& c : config_.currencies) {
    if (c.code == p->currency) minor_units = c.minor_units;
    if (p->fx && c.code == p->fx->settlement_currency) settlement_minor_units = c.minor_units;
  }
  responder->respond(json_answer(200, payment_json(*p, minor_units, settlement_minor_units)));
}

void ParticipantEndpoint::receipt(const HttpRequest& request,
                                  const std::shared_ptr<Responder>& responder) {
  const std::optional<core::Bic> reader = participant(request, responder);
  if (!reader) return;
  const std::optional<PaymentRecord> p = visible_payment(request, *reader, responder);
  if (!p) return;
  receipt::OrError<receipt::SignedReceipt> signed_receipt = signer_.receipt_for(*p);
  if (!signed_receipt.ok()) {
    responder->respond(
        json_error(p->state == PaymentState::kSettled ? 500 : 409, signed_receipt.error));
    return;
  }
  responder->respond(
      HttpResponse{200, "application/json", receipt::to_json(*signed_receipt.value), {}});
}

void ParticipantEndpoint::statement(const HttpRequest& request,
                                    const std::shared_ptr<Responder>& responder) {
  const std::optional<core::Bic> reader = participant(request, responder);
  if (!reader) return;
  const std::string text = path_segment(request.target, 2);
  const std::optional<core::ValueDate> date = parse_value_date(text);
  if (!date) {
    responder->respond(json_error(400, "the date must be YYYY-MM-DD"));
    return;
  }
  const std::optional<StatementDay> day = views_.statement(*reader, *date);
  if (!day) {
    responder->respond(json_error(
        404, fmt::format("{} is not a closed business day (statements exist once the day is "
                         "closed; the current one is {})",
                         text, format_value_date(views_.value_date()))));
    return;
  }
  const std::optional<std::string> currency = query_param(request.target, "currency");
  const AccountDay* chosen = nullptr;
  std::string currencies;
  for (const AccountDay& account : day->accounts) {
    currencies += (currencies.empty() ? "" : ", ") + std::string(account.currency.view());
    if (currency ? account.currency.view() == *currency : day->accounts.size() == 1) {
      chosen = &account;
    }
  }
  if (chosen == nullptr) {
    responder->respond(json_error(
        day->accounts.empty() ? 404 : 400,
        day->accounts.empty()
            ? std::string("no account of yours on that day")
            : fmt::format("name the account's currency: ?currency= one of {}", currencies)));
    return;
  }
  const std::string system_bic = config_.service.system_bic.to_string();
  iso20022::StatementInput s;
  s.message_id = fmt::format("CRDR-CAMT053-{}-{}", day->closed_seq, chosen->currency.view());
  s.created_at_ns = day->closed_at_ns;
  s.statement_id = s.message_id;
  s.account =
      iso20022::AccountInput{fmt::format("{}-{}", reader->to_string(), chosen->currency.view()),
                             std::string(chosen->currency.view()), reader->to_string(), system_bic};
  s.value_date = day->value_date;
  s.figures = chosen->figures;
  for (const InboxItem& item : chosen->entries) {
    s.entries.push_back(entry_input_of(item));
  }
  std::string xml;
  try {
    iso20022::render_camt053(
        iso20022::HeaderInput{system_bic, reader->to_string(), s.message_id, s.created_at_ns, ""},
        s, xml);
  } catch (const std::exception& e) {
    responder->respond(json_error(500, std::string("cannot render the statement: ") + e.what()));
    return;
  }
  responder->respond(xml_answer(200, std::move(xml)));
}

void ParticipantEndpoint::accounts(const HttpRequest& request,
                                   const std::shared_ptr<Responder>& responder) {
  const std::optional<core::Bic> reader = participant(request, responder);
  if (!reader) return;
  answer_from_core(engine_, *reader, responder, [reader = *reader](const ParticipantNow& now) {
    if (!now.known) {
      return json_error(404, fmt::format("{} is not a participant", reader.to_string()));
    }
    json accounts = json::array();
    for (const AccountNow& a : now.accounts) {
      const int units = a.minor_units;
      json account{{"currency", std::string(a.currency.view())},
                   {"balance", money(a.balance_minor, units)},
                   {"credit_line", money(a.credit_line_minor, units)},
                   {"reserved_highly_urgent", money(a.reserved_highly_urgent_minor, units)},
                   {"reserved_urgent", money(a.reserved_urgent_minor, units)},
                   {"available_normal", money(a.available_normal_minor, units)},
                   {"queued_count", a.queued_count},
                   {"queued_value", money(a.queued_value_minor, units)},
                   {"waiting_value", money(a.waiting_value_minor, units)},
                   {"opening_balance", money(a.balance_open_minor, units)},
                   {"lowest_balance", money(a.balance_min_minor, units)}};
      if (a.multilateral_limit_minor != core::kNoLimit) {
        account["multilateral_limit"] = money(a.multilateral_limit_minor, units);
      }
      accounts.push_back(std::move(account));
    }
    return json_answer(200, {{"participant", reader.to_string()},
                             {"status", now.status},
                             {"value_date", format_value_date(now.value_date)},
                             {"journal_seq", now.journal_seq},
                             {"accounts", std::move(accounts)}});
  });
}

void ParticipantEndpoint::intraday(const HttpRequest& request,
                                   const std::shared_ptr<Responder>& responder) {
  const std::optional<core::Bic> reader = participant(request, responder);
  if (!reader) return;
  const std::optional<std::string> currency = query_param(request.target, "currency");
  answer_from_core(engine_, *reader, responder,
                   [this, reader = *reader, currency](const ParticipantNow& now) {
                     return intraday_report(now, reader, currency,
                                            config_.service.system_bic.to_string(), views_);
                   });
}

}  // namespace corridor::gateway
