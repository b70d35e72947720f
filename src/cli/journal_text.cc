#include "cli/journal_text.h"

#include <fmt/format.h>

#include <string_view>
#include <type_traits>
#include <variant>

#include "sim/virtual_time.h"

namespace corridor::cli {
namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

// Division rounding towards minus infinity, so that times before the epoch
// land on the day they belong to.
int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Journaled text is whatever a submitter sent: quote it and escape anything
// that is not printable ASCII, so that one field cannot forge the rest of a line.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte >= 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string bic_text(const core::Bic& bic) {
  return bic.empty() ? "-" : bic.to_string();
}

// A code the journal could hold but that names nothing is written as spaces.
std::string currency_text(const core::CurrencyCode& code) {
  return code == core::CurrencyCode() ? "-" : code.to_string();
}

std::string optional_time(core::TimestampNs at_ns) {
  return at_ns == core::kNoTime ? "-" : format_timestamp_utc(at_ns);
}

std::string amount(core::AmountMinor minor, const core::CurrencyCode& currency) {
  return fmt::format("{} {}", minor, currency_text(currency));
}

std::string limit(core::AmountMinor minor, bool remove, const core::CurrencyCode& currency) {
  return remove ? std::string("removed") : amount(minor, currency);
}

const char* position_name(core::QueuePosition position) {
  switch (position) {
    case core::QueuePosition::kTop:
      return "top";
    case core::QueuePosition::kBottom:
      return "bottom";
  }
  return "?";
}

std::string fields(const core::DefineCurrency& c) {
  return fmt::format("code={} minor_units={}", currency_text(c.code), c.minor_units);
}
std::string fields(const core::AddParticipant& c) {
  std::string text = fmt::format("bic={} name={} kind={}", bic_text(c.bic), quoted(c.name),
                                 core::to_string(c.kind));
  // Only one of these means anything for a given kind; show them when set.
  if (!c.settlement_bank.empty()) text += " settlement_bank=" + bic_text(c.settlement_bank);
  if (c.home_currency != core::CurrencyCode()) {
    text += " home_currency=" + currency_text(c.home_currency);
  }
  return text;
}
std::string fields(const core::OpenAccount& c) {
  return fmt::format("participant={} currency={}", bic_text(c.participant),
                     currency_text(c.currency));
}
std::string fields(const core::SetCreditLine& c) {
  return fmt::format("participant={} credit_line={}", bic_text(c.participant),
                     amount(c.credit_line_minor, c.currency));
}
std::string fields(const core::SetBilateralLimit& c) {
  return fmt::format("participant={} counterparty={} limit={}", bic_text(c.participant),
                     bic_text(c.counterparty), limit(c.limit_minor, c.remove, c.currency));
}
std::string fields(const core::SetMultilateralLimit& c) {
  return fmt::format("participant={} limit={}", bic_text(c.participant),
                     limit(c.limit_minor, c.remove, c.currency));
}
std::string fields(const core::ReserveLiquidity& c) {
  return fmt::format("participant={} priority={} amount={}", bic_text(c.participant),
                     core::to_string(c.priority), amount(c.amount_minor, c.currency));
}
std::string fields(const core::SubmitPayment& c) {
  return fmt::format(
      "uetr={} instruction_id={} debtor_agent={} creditor_agent={} amount={} priority={} "
      "type={} earliest={} latest={}",
      c.uetr.to_string(), quoted(c.instruction_id.view()), bic_text(c.debtor_agent),
      bic_text(c.creditor_agent), amount(c.amount_minor, c.currency), core::to_string(c.priority),
      core::to_string(c.type), optional_time(c.earliest_ns), optional_time(c.latest_ns));
}
std::string fields(const core::LiquidityTransfer& c) {
  return fmt::format("uetr={} from={} to={} amount={}", c.uetr.to_string(), bic_text(c.from),
                     bic_text(c.to), amount(c.amount_minor, c.currency));
}
std::string fields(const core::CancelPayment& c) {
  return fmt::format("uetr={} requester={}", c.uetr.to_string(), bic_text(c.requester));
}
std::string fields(const core::ChangePriority& c) {
  return fmt::format("uetr={} priority={} requester={}", c.uetr.to_string(),
                     core::to_string(c.priority), bic_text(c.requester));
}
std::string fields(const core::ModifyPayment& c) {
  return fmt::format("uetr={} earliest={} latest={} priority={} requester={}", c.uetr.to_string(),
                     optional_time(c.earliest_ns), optional_time(c.latest_ns),
                     c.priority_change ? core::to_string(c.priority) : "unchanged",
                     bic_text(c.requester));
}
std::string fields(const core::MoveInQueue& c) {
  return fmt::format("uetr={} position={} requester={}", c.uetr.to_string(),
                     position_name(c.position), bic_text(c.requester));
}
std::string fields(const core::RunGridlockResolution& c) {
  return fmt::format("algorithm={}", core::to_string(c.algorithm));
}
std::string fields(const core::AdvanceTime&) {
  return "";
}
std::string fields(const core::SuspendParticipant& c) {
  return "bic=" + bic_text(c.bic);
}
std::string fields(const core::ReactivateParticipant& c) {
  return "bic=" + bic_text(c.bic);
}
std::string fields(const core::CloseParticipant& c) {
  return "bic=" + bic_text(c.bic);
}
std::string fields(const core::EndOfDay& c) {
  return "next_value_date=" + format_value_date(c.next_value_date);
}
std::string fields(const core::Configure& c) {
  return fmt::format(
      "value_date_initial={} dedupe_window_days={} currencies_max={} participants_max={} "
      "accounts_max={} pending_payments_max={}",
      format_value_date(c.value_date_initial), c.dedupe_window_days, c.currencies_max,
      c.participants_max, c.accounts_max, c.pending_payments_max);
}

std::string fields(const core::PublishFxQuote& c) {
  return fmt::format(
      "quote_id={} provider={} pair={}/{} rate={}e-{} valid_from={} valid_to={} max={}", c.quote_id,
      bic_text(c.provider), c.base_currency.view(), c.quote_currency.view(), c.rate_units,
      static_cast<int>(c.rate_scale), optional_time(c.valid_from_ns), optional_time(c.valid_to_ns),
      amount(c.max_base_amount_minor, c.base_currency));
}
std::string fields(const core::WithdrawFxQuote& c) {
  return fmt::format("quote_id={} requester={}", c.quote_id, bic_text(c.requester));
}
std::string fields(const core::SubmitCrossCurrencyPayment& c) {
  return fmt::format(
      "uetr={} instruction_id={} debtor_agent={} creditor_agent={} instructed={} settlement={} "
      "quote_id={} priority={} type={} earliest={} latest={}",
      c.uetr.to_string(), quoted(c.instruction_id.view()), bic_text(c.debtor_agent),
      bic_text(c.creditor_agent), amount(c.instructed_amount_minor, c.instructed_currency),
      amount(c.settlement_amount_minor, c.settlement_currency), c.quote_id,
      core::to_string(c.priority), core::to_string(c.type), optional_time(c.earliest_ns),
      optional_time(c.latest_ns));
}

std::string fields(const core::SubmitFxTrade& c) {
  return fmt::format(
      "uetr={} trade_reference={} party={} counterparty={} sell={} buy={} deadline={}",
      c.uetr.to_string(), quoted(c.trade_reference.view()), bic_text(c.party),
      bic_text(c.counterparty), amount(c.sell_amount_minor, c.sell_currency),
      amount(c.buy_amount_minor, c.buy_currency), optional_time(c.settlement_deadline_ns));
}
std::string fields(const core::SetNetDebitCap& c) {
  return fmt::format("participant={} cap={}", bic_text(c.participant),
                     amount(c.cap_minor, c.currency));
}
std::string fields(const core::SubmitDnsPayment& c) {
  return fmt::format("uetr={} instruction_id={} debtor_agent={} creditor_agent={} amount={}",
                     c.uetr.to_string(), quoted(c.instruction_id.view()), bic_text(c.debtor_agent),
                     bic_text(c.creditor_agent), amount(c.amount_minor, c.currency));
}
std::string fields(const core::SettleDnsCycle& c) {
  return fmt::format("currency={}", c.currency.view());
}
std::string fields(const core::SetEntryOffsetting& c) {
  return fmt::format("enabled={}", c.enabled ? "true" : "false");
}
std::string fields(const core::SetHaircut& c) {
  const char* grade = core::to_string(c.grade);
  return fmt::format("grade={} haircut_bp={}", grade ? grade : "?", c.haircut_bp);
}
std::string fields(const core::SetRating& c) {
  const char* grade = core::to_string(c.grade);
  return fmt::format("participant={} grade={}", bic_text(c.participant), grade ? grade : "?");
}
std::string fields(const core::PledgeCollateral& c) {
  return fmt::format("collateral_id={} participant={} value={}", c.collateral_id,
                     bic_text(c.participant), amount(c.value_minor, c.currency));
}
std::string fields(const core::SetDayPhase& c) {
  return c.phase == core::DayPhase::kCutOff ? "phase=cut_off" : "phase=open";
}
std::string fields(const core::JoinReservePool& c) {
  return fmt::format("bic={} commitment={} draw_multiple={}", bic_text(c.bic),
                     amount(c.commitment_minor, c.currency), c.draw_multiple);
}
std::string fields(const core::DrawSwap& c) {
  return fmt::format("swap_id={} drawer={} provider={} draw={} rate={}e-{} repay_at={}", c.swap_id,
                     bic_text(c.drawer), bic_text(c.provider),
                     amount(c.draw_amount_minor, c.draw_currency), c.rate_units,
                     static_cast<int>(c.rate_scale), optional_time(c.repay_at_ns));
}
std::string fields(const core::RepaySwap& c) {
  return fmt::format("swap_id={}", c.swap_id);
}
std::string fields(const core::LeaveReservePool& c) {
  return fmt::format("bic={}", bic_text(c.bic));
}

}  // namespace

std::string format_timestamp_utc(core::TimestampNs timestamp_ns) {
  const int64_t seconds = floor_div(timestamp_ns, kNsPerSecond);
  const int64_t ns = timestamp_ns - seconds * kNsPerSecond;
  const int64_t days = floor_div(seconds, kSecondsPerDay);
  const int64_t second_of_day = seconds - days * kSecondsPerDay;
  return fmt::format("{}T{:02}:{:02}:{:02}.{:09}Z", sim::format_date(sim::date_from_days(days)),
                     second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60, ns);
}

std::string format_value_date(core::ValueDate date) {
  return sim::is_valid_date(date) ? sim::format_date(date) : std::to_string(date);
}

std::string describe_command(const core::CommandBody& body) {
  const std::string text = std::visit([](const auto& c) { return fields(c); }, body);
  return text.empty() ? std::string(core::command_name(body))
                      : fmt::format("{} {}", core::command_name(body), text);
}

}  // namespace corridor::cli
