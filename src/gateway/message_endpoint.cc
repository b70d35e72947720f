#include "gateway/message_endpoint.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/reason.h"
#include "gateway/authorization.h"
#include "gateway/http_answers.h"
#include "gateway/refusal.h"
#include "gateway/wall_clock.h"
#include "iso20022/fx_reference.h"
#include "iso20022/mapping.h"
#include "iso20022/message_type.h"
#include "iso20022/parse.h"
#include "iso20022/render.h"
#include "iso20022/status_report.h"

namespace corridor::gateway {
namespace {

// The media type without parameters, lower case: "Application/XML; charset=utf-8" ->
// "application/xml".
std::string media_type(std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  type.erase(
      std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }),
      type.end());
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

bool is_investigation(iso20022::MessageType type) {
  return type == iso20022::MessageType::kCamt056v08 || type == iso20022::MessageType::kCamt007v08;
}

bool is_query(iso20022::MessageType type) {
  return type == iso20022::MessageType::kPacs028v03 || type == iso20022::MessageType::kCamt005v08;
}

bool is_payment_message(iso20022::MessageType type) {
  using iso20022::MessageType;
  return type == MessageType::kPacs008v08 || type == MessageType::kPacs009v08 ||
         type == MessageType::kPacs004v09 || type == MessageType::kPacs004v10;
}

// The id the sender gave its message, for RltdRef; "NONREF" when it gave none readable.
std::string related_reference(const iso20022::Message& message) {
  if (!message.header.business_message_id.empty()) return message.header.business_message_id;
  if (!message.group.message_id.empty()) return message.group.message_id;
  return "NONREF";
}

// One message's payments on their way through the engine. Completions write
// their own slot; the one that brings `remaining` to zero renders the answer
// (acq_rel on the count makes every slot visible to it).
struct PendingAnswer {
  iso20022::Message message;
  iso20022::Mapping mapping;
  std::vector<iso20022::TransactionOutcome> outcomes;
  std::vector<uint64_t> answer_seqs;  // per payment: its seq, or the original's for a repeat
  std::vector<uint8_t> failed;        // per payment: the journal failed, outcome unknown
  std::atomic<size_t> remaining{0};
  std::string system_bic;
  std::string peer_bic;
  std::shared_ptr<Responder> responder;
  ServiceMetrics* metrics = nullptr;
  std::shared_ptr<std::atomic<uint64_t>> in_flight;
  // The answer keeps itself alive until its last payment completes: each
  // completion then holds a plain pointer and an index (small enough for
  // std::function's inline storage: no allocation and no reference count per payment).
  std::shared_ptr<PendingAnswer> self;
};

void answer(const std::shared_ptr<PendingAnswer>& shared, core::TimestampNs now_ns) {
  PendingAnswer& pending = *shared;
  pending.in_flight->fetch_sub(pending.outcomes.size());
  if (std::any_of(pending.failed.begin(), pending.failed.end(), [](uint8_t f) { return f != 0; })) {
    pending.responder->respond(json_error(503, "journal failure, outcome unknown, resubmit"));
    return;
  }
  for (const iso20022::TransactionOutcome& outcome : pending.outcomes) {
    pending.metrics->count_payment(outcome.result.outcome);
  }
  // Named after the first payment's sequence number: a resubmission (a
  // repeat) gets the same answer id as the original. Without one (nothing
  // journaled: every transaction rejected before the core), after the time.
  const uint64_t first_seq = pending.answer_seqs.empty() ? 0 : pending.answer_seqs.front();
  std::string answer_id = first_seq > 0 ? fmt::format("CRDR-PACS002-{}", first_seq)
                                        : fmt::format("CRDR-PACS002-T{}", now_ns);
  // Built on an I/O thread: the outcomes are final, and the apply thread
  // (usually the caller) has the next completions to run.
  pending.responder->respond_with([shared, answer_id = std::move(answer_id), now_ns] {
    const PendingAnswer& p = *shared;
    const iso20022::AnswerIdentity identity{answer_id, now_ns, p.system_bic};
    const iso20022::StatusReportInput report =
        iso20022::status_report_for(p.message, p.mapping, p.outcomes, identity);
    std::string body;
    iso20022::render_pacs002(iso20022::HeaderInput{p.system_bic, p.peer_bic, answer_id, now_ns, ""},
                             report, body);
    return xml_answer(200, std::move(body));
  });
}

// A cross-currency payment's XchgRate must be its quote's rate (AM09 with
// both rates): the core checks only the amounts, which a wrong rate can
// still match after rounding. A quote the service does not know is left to
// the core (FF01). Refused payments leave the mapping with their problem.
void check_exchange_rates(const iso20022::Message& message, const ParticipantViews& views,
                          iso20022::Mapping* mapping) {
  std::vector<iso20022::MappedPayment>& payments = mapping->payments;
  const auto refused = [&](const iso20022::MappedPayment& payment) {
    if (!payment.cross_currency) return false;
    const std::optional<QuoteView> quote = views.quote(payment.cross_currency->quote_id);
    if (!quote) return false;
    const iso20022::DecimalRate quoted{quote->rate_units, quote->rate_scale};
    if (iso20022::same_rate(quoted, payment.exchange_rate)) return false;
    mapping->problems.push_back(iso20022::Problem{
        message.transactions[payment.transaction_index].path, "AM09",
        fmt::format("XchgRate {} is not the rate of FX quote {}, {}",
                    iso20022::format_rate(payment.exchange_rate), payment.cross_currency->quote_id,
                    iso20022::format_rate(quoted)),
        false});
    return true;
  };
  payments.erase(std::remove_if(payments.begin(), payments.end(), refused), payments.end());
}

}  // namespace

MessageEndpoint::MessageEndpoint(const ServiceConfig& config, journal::Engine& engine,
                                 MessageLog& message_log, const ParticipantViews& views,
                                 ServiceMetrics& metrics, JsonLog& log)
    : config_(config),
      engine_(engine),
      views_(views),
      metrics_(metrics),
      log_(log),
      payments_in_flight_(std::make_shared<std::atomic<uint64_t>>(0)),
      investigations_(config, engine, views, message_log, payments_in_flight_),
      queries_(config, views, message_log) {}

void MessageEndpoint::refuse(const HttpRequest& request, HttpResponse response,
                             const std::string& reason,
                             const std::shared_ptr<Responder>& responder) {
  refuse_logged(log_, request, std::move(response), reason, responder);
}

void MessageEndpoint::handle(const HttpRequest& request, std::shared_ptr<Responder> responder) {
  const std::string type = media_type(request.content_type);
  if (type != "application/xml" && type != "text/xml") {
    const std::string reason = fmt::format(
        "Content-Type must be application/xml or text/xml, not \"{}\"", request.content_type);
    refuse(request, json_error(415, reason), reason, responder);
    return;
  }
  // Who is asking comes first: an operator or a broken certificate learns
  // nothing about how its message would have been read.
  const PeerIdentity& peer = request.peer.identity;
  if (!peer.ok() || peer.role != PeerRole::kParticipant) {
    const std::string reason =
        peer.ok() ? fmt::format("a {} certificate may not send payment messages; only participants",
                                to_string(peer.role))
                  : "client certificate not usable: " + peer.error;
    refuse(request, json_error(403, reason), reason, responder);
    return;
  }
  const std::string system_bic = config_.service.system_bic.to_string();
  const std::string peer_bic = peer.bic.to_string();

  iso20022::Message message = iso20022::parse_message(request.body);
  const auto structural = std::find_if(message.problems.begin(), message.problems.end(),
                                       [](const iso20022::Problem& p) { return p.structural; });
  if (structural != message.problems.end() || !message.type) {
    const core::TimestampNs now_ns = realtime_ns();
    iso20022::MessageRejectInput reject;
    reject.related_reference = related_reference(message);
    reject.rejected_at_ns = now_ns;
    if (structural != message.problems.end()) {
      reject.reason_code = structural->code;
      reject.element_path = structural->path;
      reject.description = structural->text;
    } else {
      reject.reason_code = "FF01";
      reject.description = "the message type could not be determined";
    }
    if (message.problems.size() > 1) {
      reject.additional_data = fmt::format("{} problems in all", message.problems.size());
    }
    const std::string answer_id =
        fmt::format("CRDR-ADMI002-{}-{}", now_ns, reject_serial_.fetch_add(1));
    std::string body;
    iso20022::render_admi002(iso20022::HeaderInput{system_bic, peer_bic, answer_id, now_ns, ""},
                             reject, body);
    refuse(request, xml_answer(400, std::move(body)),
           fmt::format("{} {}{}", reject.reason_code, reject.description,
                       reject.element_path.empty() ? "" : " (at " + reject.element_path + ")"),
           responder);
    return;
  }
  if (!is_payment_message(*message.type) && !is_investigation(*message.type) &&
      !is_query(*message.type)) {
    const std::string reason = fmt::format(
        "{} is not accepted on /v1/messages: only pacs.008, pacs.009, pacs.004, camt.056, "
        "camt.007, pacs.028 and camt.005",
        iso20022::message_id(*message.type));
    refuse(request, json_error(422, reason), reason, responder);
    return;
  }

  // Times without a date (SttlmTmReq) are placed on the business day the
  // journal is on now: the operator's end of day moves it (ParticipantViews
  // follows Configure and EndOfDay), the configuration's value_date does not.
  iso20022::Mapping mapping = iso20022::map_to_commands(message, views_.value_date());
  const AuthorizationVerdict verdict = authorize_payments(peer, config_, mapping);
  if (!verdict.allowed) {
    refuse(request, json_error(403, verdict.reason), verdict.reason, responder);
    return;
  }
  auto refuse_this = [this, &request, &responder](HttpResponse response,
                                                  const std::string& reason) {
    refuse(request, std::move(response), reason, responder);
  };
  if (is_query(*message.type)) {
    queries_.handle(peer, message, responder, refuse_this);
    return;
  }
  if (is_investigation(*message.type)) {
    investigations_.handle(peer, std::move(message), std::move(mapping), responder, refuse_this);
    return;
  }

  check_exchange_rates(message, views_, &mapping);
  const size_t count = mapping.payments.size();
  if (payments_in_flight_->fetch_add(count) + count > config_.limits.queue_len_max && count > 0) {
    payments_in_flight_->fetch_sub(count);
    const std::string reason = "too many payments waiting for the journal, retry";
    HttpResponse busy = json_error(503, reason);
    busy.headers.emplace_back("Retry-After", "1");
    refuse(request, std::move(busy), reason, responder);
    return;
  }

  auto pending = std::make_shared<PendingAnswer>();
  pending->outcomes.resize(count);
  pending->answer_seqs.resize(count);
  pending->failed.resize(count);
  pending->remaining.store(count);
  pending->system_bic = system_bic;
  pending->peer_bic = peer_bic;
  pending->responder = std::move(responder);
  pending->metrics = &metrics_;
  pending->in_flight = payments_in_flight_;
  std::vector<journal::Submission> submissions;
  submissions.reserve(count);
  std::vector<MessageKey> keys;
  keys.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const iso20022::MappedPayment& payment = mapping.payments[i];
    MessageKey key{payment.command.instruction_id, core::InstructionId(),
                   static_cast<uint32_t>(payment.transaction_index), payment.command.uetr};
    // Kept for camt.005 / pacs.028 searches by EndToEndId (a Max35Text, so it fits).
    if (payment.transaction_index < message.transactions.size()) {
      key.end_to_end_id.assign(message.transactions[payment.transaction_index].end_to_end_id);
    }
    keys.push_back(key);
    pending->outcomes[i].transaction_index = payment.transaction_index;
    submissions.push_back(journal::Submission{peer.bic, payment.command.instruction_id,
                                              core::Command{0, payment.body()}});
  }
  const std::string group_message_id = message.group.message_id;
  pending->message = std::move(message);
  pending->mapping = std::move(mapping);
  if (count == 0) {  // every transaction had a mapping problem: RJCT each, nothing to journal
    answer(pending, realtime_ns());
    return;
  }
  // The message travels with its first payment, in the same journal batch
  // record (message_log.h): the creditor agent is forwarded what the debtor
  // agent sent, and it is durable exactly when that payment is.
  submissions.front().attachment =
      MessageLog::attachment(peer.bic, group_message_id, keys, request.body);
  pending->self = pending;
  PendingAnswer* const waiting = pending.get();
  std::vector<journal::Completion> completions;
  completions.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    completions.emplace_back([waiting, i](const journal::Ack& ack) {
      iso20022::TransactionOutcome& outcome = waiting->outcomes[i];
      outcome.result = ack.applied.result;
      outcome.at_ns = ack.timestamp_ns;
      waiting->failed[i] = ack.status == journal::AckStatus::kFailed ? 1 : 0;
      if (ack.status == journal::AckStatus::kRefused && outcome.result.ok()) {
        outcome.result = core::Result::rejected(core::Reason::kNone);  // refused is never a success
      }
      waiting->answer_seqs[i] = ack.applied.repeat ? ack.applied.original_seq : ack.applied.seq;
      if (waiting->remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        const std::shared_ptr<PendingAnswer> last = std::move(waiting->self);
        answer(last, ack.timestamp_ns > 0 ? ack.timestamp_ns : realtime_ns());
      }
    });
  }
  pending.reset();
  engine_.submit_all(std::move(submissions), std::move(completions));
}

}  // namespace corridor::gateway
