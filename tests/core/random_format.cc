#include "random_format.h"

#include <sstream>
#include <type_traits>

#include "core/reason.h"

namespace corridor::core::random_test {
namespace {

template <class>
inline constexpr bool kAlwaysFalse = false;

const char* priority_name(Priority p) {
  switch (p) {
    case Priority::kHighlyUrgent:
      return "HU";
    case Priority::kUrgent:
      return "U";
    case Priority::kNormal:
      return "N";
  }
  return "P?";
}

std::string priority_text(Priority p) {
  const char* name = priority_name(p);
  if (name[0] == 'P') return "P" + std::to_string(static_cast<int>(p));
  return name;
}

const char* algorithm_name(GridlockAlgorithm a) {
  switch (a) {
    case GridlockAlgorithm::kAllOrNothing:
      return "all-or-nothing";
    case GridlockAlgorithm::kPartial:
      return "partial";
    case GridlockAlgorithm::kBilateral:
      return "bilateral";
  }
  return "?";
}

const char* kind_name(ParticipantKind k) {
  switch (k) {
    case ParticipantKind::kCentralBank:
      return "central-bank";
    case ParticipantKind::kDirect:
      return "direct";
    case ParticipantKind::kIndirect:
      return "indirect";
  }
  return "?";
}

const char* settled_by_name(SettledBy s) {
  switch (s) {
    case SettledBy::kNone:
      return "none";
    case SettledBy::kEntry:
      return "entry";
    case SettledBy::kOffsetting:
      return "offsetting";
    case SettledBy::kQueueResolution:
      return "queue-resolution";
    case SettledBy::kGridlockResolution:
      return "gridlock";
    case SettledBy::kLiquidityTransfer:
      return "liquidity-transfer";
  }
  return "?";
}

const char* event_kind_name(EventKind k) {
  switch (k) {
    case EventKind::kSettled:
      return "settled";
    case EventKind::kQueued:
      return "queued";
    case EventKind::kRejected:
      return "rejected";
    case EventKind::kCancelled:
      return "cancelled";
  }
  return "?";
}

std::string bic(const Bic& b) {
  return b.empty() ? std::string("<empty>") : b.to_string();
}
// Queue management by the operator (no requester) reads as before.
std::string requester(const Bic& b) {
  return b.empty() ? std::string() : " by " + b.to_string();
}
std::string ccy(const CurrencyCode& c) {
  return "'" + c.to_string() + "'";
}
std::string uetr(const Uetr& u) {
  return u.to_string();
}

// FNV-1a over 64-bit words with a final avalanche.
class Mixer {
 public:
  void add(uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h_ ^= (v >> (8 * i)) & 0xFF;
      h_ *= 0x100000001B3ull;
    }
  }
  void add(std::string_view s) {
    add(s.size());
    for (char c : s) {
      h_ ^= static_cast<uint8_t>(c);
      h_ *= 0x100000001B3ull;
    }
  }
  void add(const Bic& b) { add(b.bic11()); }
  void add(const CurrencyCode& c) { add(c.view()); }
  void add(const Uetr& u) {
    add(u.high);
    add(u.low);
  }
  uint64_t value() const {
    uint64_t z = h_;
    z = (z ^ (z >> 33)) * 0xFF51AFD7ED558CCDull;
    return z ^ (z >> 33);
  }

 private:
  uint64_t h_ = 0xCBF29CE484222325ull;
};

}  // namespace

std::string describe(const Command& command) {
  std::ostringstream out;
  out << "t=" << command.timestamp_ns << " ";
  std::visit(
      [&out](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, DefineCurrency>) {
          out << "DefineCurrency " << ccy(c.code) << " minor_units=" << c.minor_units;
        } else if constexpr (std::is_same_v<T, AddParticipant>) {
          out << "AddParticipant " << bic(c.bic) << " '" << c.name << "' " << kind_name(c.kind);
          if (c.kind == ParticipantKind::kIndirect) out << " via " << bic(c.settlement_bank);
          if (c.kind == ParticipantKind::kCentralBank) out << " issues " << ccy(c.home_currency);
        } else if constexpr (std::is_same_v<T, OpenAccount>) {
          out << "OpenAccount " << bic(c.participant) << " " << ccy(c.currency);
        } else if constexpr (std::is_same_v<T, SetCreditLine>) {
          out << "SetCreditLine " << bic(c.participant) << " " << ccy(c.currency) << " "
              << c.credit_line_minor;
        } else if constexpr (std::is_same_v<T, SetBilateralLimit>) {
          out << "SetBilateralLimit " << bic(c.participant) << "->" << bic(c.counterparty) << " "
              << ccy(c.currency) << " "
              << (c.remove ? std::string("remove") : std::to_string(c.limit_minor));
        } else if constexpr (std::is_same_v<T, SetMultilateralLimit>) {
          out << "SetMultilateralLimit " << bic(c.participant) << " " << ccy(c.currency) << " "
              << (c.remove ? std::string("remove") : std::to_string(c.limit_minor));
        } else if constexpr (std::is_same_v<T, ReserveLiquidity>) {
          out << "ReserveLiquidity " << bic(c.participant) << " " << ccy(c.currency) << " "
              << priority_text(c.priority) << " " << c.amount_minor;
        } else if constexpr (std::is_same_v<T, SubmitPayment>) {
          out << "SubmitPayment " << uetr(c.uetr) << " " << bic(c.debtor_agent) << "->"
              << bic(c.creditor_agent) << " " << ccy(c.currency) << " " << c.amount_minor << " "
              << priority_text(c.priority) << " type=" << static_cast<int>(c.type);
          if (c.earliest_ns != kNoTime) out << " earliest=" << c.earliest_ns;
          if (c.latest_ns != kNoTime) out << " latest=" << c.latest_ns;
        } else if constexpr (std::is_same_v<T, LiquidityTransfer>) {
          out << "LiquidityTransfer " << uetr(c.uetr) << " " << bic(c.from) << "->" << bic(c.to)
              << " " << ccy(c.currency) << " " << c.amount_minor;
        } else if constexpr (std::is_same_v<T, CancelPayment>) {
          out << "CancelPayment " << uetr(c.uetr) << requester(c.requester);
        } else if constexpr (std::is_same_v<T, ChangePriority>) {
          out << "ChangePriority " << uetr(c.uetr) << " " << priority_text(c.priority)
              << requester(c.requester);
        } else if constexpr (std::is_same_v<T, MoveInQueue>) {
          out << "MoveInQueue " << uetr(c.uetr) << " "
              << (c.position == QueuePosition::kTop ? "top" : "bottom") << requester(c.requester);
        } else if constexpr (std::is_same_v<T, RunGridlockResolution>) {
          out << "RunGridlockResolution " << algorithm_name(c.algorithm);
        } else if constexpr (std::is_same_v<T, AdvanceTime>) {
          out << "AdvanceTime";
        } else if constexpr (std::is_same_v<T, SuspendParticipant>) {
          out << "SuspendParticipant " << bic(c.bic);
        } else if constexpr (std::is_same_v<T, ReactivateParticipant>) {
          out << "ReactivateParticipant " << bic(c.bic);
        } else if constexpr (std::is_same_v<T, CloseParticipant>) {
          out << "CloseParticipant " << bic(c.bic);
        } else if constexpr (std::is_same_v<T, EndOfDay>) {
          out << "EndOfDay next_value_date=" << c.next_value_date;
        } else if constexpr (std::is_same_v<T, Configure>) {
          out << "Configure value_date_initial=" << c.value_date_initial;
        } else if constexpr (std::is_same_v<T, ModifyPayment>) {
          out << "ModifyPayment " << uetr(c.uetr);
          if (c.earliest_ns != kNoTime) out << " earliest=" << c.earliest_ns;
          if (c.latest_ns != kNoTime) out << " latest=" << c.latest_ns;
          if (c.priority_change) out << " priority=" << priority_text(c.priority);
          out << requester(c.requester);
        } else if constexpr (std::is_same_v<T, PublishFxQuote>) {
          out << "PublishFxQuote " << c.quote_id << " " << bic(c.provider) << " "
              << c.base_currency.to_string() << "/" << c.quote_currency.to_string() << " "
              << c.rate_units << "e-" << static_cast<int>(c.rate_scale) << " [" << c.valid_from_ns
              << "," << c.valid_to_ns << ") max=" << c.max_base_amount_minor;
        } else if constexpr (std::is_same_v<T, WithdrawFxQuote>) {
          out << "WithdrawFxQuote " << c.quote_id << requester(c.requester);
        } else if constexpr (std::is_same_v<T, SubmitCrossCurrencyPayment>) {
          out << "SubmitCrossCurrencyPayment " << uetr(c.uetr) << " " << bic(c.debtor_agent) << "->"
              << bic(c.creditor_agent) << " " << c.instructed_amount_minor << " "
              << c.instructed_currency.to_string() << " -> " << c.settlement_amount_minor << " "
              << c.settlement_currency.to_string() << " quote=" << c.quote_id << " "
              << priority_text(c.priority);
          if (c.earliest_ns != kNoTime) out << " earliest=" << c.earliest_ns;
          if (c.latest_ns != kNoTime) out << " latest=" << c.latest_ns;
        } else if constexpr (std::is_same_v<T, SubmitFxTrade>) {
          out << "SubmitFxTrade " << uetr(c.uetr) << " ref=" << c.trade_reference.view() << " "
              << bic(c.party) << " sells " << c.sell_amount_minor << " "
              << c.sell_currency.to_string() << " to " << bic(c.counterparty) << " for "
              << c.buy_amount_minor << " " << c.buy_currency.to_string()
              << " by=" << c.settlement_deadline_ns;
        } else if constexpr (std::is_same_v<T, SetNetDebitCap>) {
          out << "SetNetDebitCap " << bic(c.participant) << " " << c.currency.to_string() << " "
              << c.cap_minor;
        } else if constexpr (std::is_same_v<T, SubmitDnsPayment>) {
          out << "SubmitDnsPayment " << uetr(c.uetr) << " " << bic(c.debtor_agent) << "->"
              << bic(c.creditor_agent) << " " << c.amount_minor << " " << c.currency.to_string();
        } else if constexpr (std::is_same_v<T, SettleDnsCycle>) {
          out << "SettleDnsCycle " << c.currency.to_string();
        } else if constexpr (std::is_same_v<T, SetEntryOffsetting>) {
          out << "SetEntryOffsetting " << (c.enabled ? "on" : "off");
        } else if constexpr (std::is_same_v<T, SetHaircut>) {
          out << "SetHaircut grade=" << static_cast<int>(c.grade) << " bp=" << c.haircut_bp;
        } else if constexpr (std::is_same_v<T, SetRating>) {
          out << "SetRating " << bic(c.participant) << " grade=" << static_cast<int>(c.grade);
        } else if constexpr (std::is_same_v<T, PledgeCollateral>) {
          out << "PledgeCollateral #" << c.collateral_id << " " << bic(c.participant) << " "
              << c.value_minor << " " << c.currency.to_string();
        } else if constexpr (std::is_same_v<T, SetDayPhase>) {
          out << "SetDayPhase " << (c.phase == DayPhase::kCutOff ? "cut_off" : "open");
        } else if constexpr (std::is_same_v<T, JoinReservePool>) {
          out << "JoinReservePool " << bic(c.bic) << " " << c.commitment_minor << " "
              << c.currency.to_string() << " x" << c.draw_multiple;
        } else if constexpr (std::is_same_v<T, DrawSwap>) {
          out << "DrawSwap " << c.swap_id << " " << bic(c.drawer) << "<-" << bic(c.provider) << " "
              << c.draw_amount_minor << " " << c.draw_currency.to_string() << " at " << c.rate_units
              << "e-" << static_cast<int>(c.rate_scale) << " repay=" << c.repay_at_ns;
        } else if constexpr (std::is_same_v<T, RepaySwap>) {
          out << "RepaySwap " << c.swap_id;
        } else if constexpr (std::is_same_v<T, LeaveReservePool>) {
          out << "LeaveReservePool " << bic(c.bic);
        } else {
          static_assert(kAlwaysFalse<T>, "unhandled command");
        }
      },
      command.body);
  return out.str();
}

std::string describe(const Event& e) {
  std::ostringstream out;
  out << event_kind_name(e.kind) << " " << uetr(e.uetr) << " acct " << e.debtor_account << "->"
      << e.creditor_account << " ccy " << e.currency << " " << e.amount_minor << " "
      << priority_text(e.priority);
  if (e.kind == EventKind::kSettled) out << " by " << settled_by_name(e.settled_by);
  if (e.reason != Reason::kNone) out << " reason " << reason_text(e.reason);
  if (e.leg == Leg::kFirst) out << " (first leg)";
  if (e.leg == Leg::kSecond) out << " (second leg)";
  out << " at " << e.at_ns;
  return out.str();
}

std::string describe(const Result& r) {
  switch (r.outcome) {
    case Outcome::kApplied:
      return "applied";
    case Outcome::kSettled:
      return "settled";
    case Outcome::kQueued:
      return "queued";
    case Outcome::kRejected:
      return std::string("rejected (") + std::string(iso_code(r.reason)) + " " +
             std::string(reason_text(r.reason)) + ")";
  }
  return "?";
}

uint64_t fingerprint(const Command& command) {
  Mixer m;
  m.add(static_cast<uint64_t>(command.timestamp_ns));
  m.add(command.body.index());
  std::visit(
      [&m](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, DefineCurrency>) {
          m.add(c.code);
          m.add(static_cast<uint64_t>(c.minor_units));
        } else if constexpr (std::is_same_v<T, AddParticipant>) {
          m.add(c.bic);
          m.add(c.name);
          m.add(static_cast<uint64_t>(c.kind));
          m.add(c.settlement_bank);
          m.add(c.home_currency);
        } else if constexpr (std::is_same_v<T, OpenAccount>) {
          m.add(c.participant);
          m.add(c.currency);
        } else if constexpr (std::is_same_v<T, SetCreditLine>) {
          m.add(c.participant);
          m.add(c.currency);
          m.add(static_cast<uint64_t>(c.credit_line_minor));
        } else if constexpr (std::is_same_v<T, SetBilateralLimit>) {
          m.add(c.participant);
          m.add(c.counterparty);
          m.add(c.currency);
          m.add(static_cast<uint64_t>(c.limit_minor));
          m.add(c.remove);
        } else if constexpr (std::is_same_v<T, SetMultilateralLimit>) {
          m.add(c.participant);
          m.add(c.currency);
          m.add(static_cast<uint64_t>(c.limit_minor));
          m.add(c.remove);
        } else if constexpr (std::is_same_v<T, ReserveLiquidity>) {
          m.add(c.participant);
          m.add(c.currency);
          m.add(static_cast<uint64_t>(c.priority));
          m.add(static_cast<uint64_t>(c.amount_minor));
        } else if constexpr (std::is_same_v<T, SubmitPayment>) {
          m.add(c.uetr);
          m.add(c.instruction_id.view());
          m.add(c.debtor_agent);
          m.add(c.creditor_agent);
          m.add(c.currency);
          m.add(static_cast<uint64_t>(c.amount_minor));
          m.add(static_cast<uint64_t>(c.priority));
          m.add(static_cast<uint64_t>(c.type));
          m.add(static_cast<uint64_t>(c.earliest_ns));
          m.add(static_cast<uint64_t>(c.latest_ns));
        } else if constexpr (std::is_same_v<T, LiquidityTransfer>) {
          m.add(c.uetr);
          m.add(c.from);
          m.add(c.to);
          m.add(c.currency);
          m.add(static_cast<uint64_t>(c.amount_minor));
        } else if constexpr (std::is_same_v<T, CancelPayment>) {
          m.add(c.uetr);
          m.add(c.requester);
        } else if constexpr (std::is_same_v<T, ChangePriority>) {
          m.add(c.uetr);
          m.add(static_cast<uint64_t>(c.priority));
          m.add(c.requester);
        } else if constexpr (std::is_same_v<T, MoveInQueue>) {
          m.add(c.uetr);
          m.add(static_cast<uint64_t>(c.position));
          m.add(c.requester);
        } else if constexpr (std::is_same_v<T, RunGridlockResolution>) {
          m.add(static_cast<uint64_t>(c.algorithm));
        } else if constexpr (std::is_same_v<T, AdvanceTime>) {
        } else if constexpr (std::is_same_v<T, SuspendParticipant> ||
                             std::is_same_v<T, ReactivateParticipant> ||
                             std::is_same_v<T, CloseParticipant>) {
          m.add(c.bic);
        } else if constexpr (std::is_same_v<T, EndOfDay>) {
          m.add(static_cast<uint64_t>(c.next_value_date));
        } else if constexpr (std::is_same_v<T, Configure>) {
          m.add(static_cast<uint64_t>(c.value_date_initial));
          m.add(static_cast<uint64_t>(c.dedupe_window_days));
          m.add(c.currencies_max);
          m.add(c.participants_max);
          m.add(c.accounts_max);
          m.add(c.pending_payments_max);
        } else if constexpr (std::is_same_v<T, ModifyPayment>) {
          m.add(c.uetr);
          m.add(static_cast<uint64_t>(c.earliest_ns));
          m.add(static_cast<uint64_t>(c.latest_ns));
          m.add(c.priority_change ? 1 + static_cast<uint64_t>(c.priority) : 0);
          m.add(c.requester);
        } else if constexpr (std::is_same_v<T, PublishFxQuote>) {
          m.add(c.quote_id);
          m.add(c.provider);
          m.add(c.base_currency);
          m.add(c.quote_currency);
          m.add(static_cast<uint64_t>(c.rate_units));
          m.add(c.rate_scale);
          m.add(static_cast<uint64_t>(c.valid_from_ns));
          m.add(static_cast<uint64_t>(c.valid_to_ns));
          m.add(static_cast<uint64_t>(c.max_base_amount_minor));
        } else if constexpr (std::is_same_v<T, WithdrawFxQuote>) {
          m.add(c.quote_id);
          m.add(c.requester);
        } else if constexpr (std::is_same_v<T, SubmitCrossCurrencyPayment>) {
          m.add(c.uetr);
          m.add(c.instruction_id.view());
          m.add(c.debtor_agent);
          m.add(c.creditor_agent);
          m.add(c.instructed_currency);
          m.add(static_cast<uint64_t>(c.instructed_amount_minor));
          m.add(c.settlement_currency);
          m.add(static_cast<uint64_t>(c.settlement_amount_minor));
          m.add(c.quote_id);
          m.add(static_cast<uint64_t>(c.priority));
          m.add(static_cast<uint64_t>(c.type));
          m.add(static_cast<uint64_t>(c.earliest_ns));
          m.add(static_cast<uint64_t>(c.latest_ns));
        } else if constexpr (std::is_same_v<T, SubmitFxTrade>) {
          m.add(c.uetr);
          m.add(c.trade_reference.view());
          m.add(c.party);
          m.add(c.counterparty);
          m.add(c.sell_currency);
          m.add(static_cast<uint64_t>(c.sell_amount_minor));
          m.add(c.buy_currency);
          m.add(static_cast<uint64_t>(c.buy_amount_minor));
          m.add(static_cast<uint64_t>(c.settlement_deadline_ns));
        } else if constexpr (std::is_same_v<T, SetNetDebitCap>) {
          m.add(c.participant);
          m.add(c.currency);
          m.add(static_cast<uint64_t>(c.cap_minor));
        } else if constexpr (std::is_same_v<T, SubmitDnsPayment>) {
          m.add(c.uetr);
          m.add(c.instruction_id.view());
          m.add(c.debtor_agent);
          m.add(c.creditor_agent);
          m.add(c.currency);
          m.add(static_cast<uint64_t>(c.amount_minor));
        } else if constexpr (std::is_same_v<T, SettleDnsCycle>) {
          m.add(c.currency);
        } else if constexpr (std::is_same_v<T, SetEntryOffsetting>) {
          m.add(uint64_t{c.enabled});
        } else if constexpr (std::is_same_v<T, SetHaircut>) {
          m.add(static_cast<uint64_t>(c.grade));
          m.add(c.haircut_bp);
        } else if constexpr (std::is_same_v<T, SetRating>) {
          m.add(c.participant);
          m.add(static_cast<uint64_t>(c.grade));
        } else if constexpr (std::is_same_v<T, PledgeCollateral>) {
          m.add(c.collateral_id);
          m.add(c.participant);
          m.add(c.currency);
          m.add(static_cast<uint64_t>(c.value_minor));
        } else if constexpr (std::is_same_v<T, SetDayPhase>) {
          m.add(static_cast<uint64_t>(c.phase));
        } else if constexpr (std::is_same_v<T, JoinReservePool>) {
          m.add(c.bic);
          m.add(c.currency);
          m.add(static_cast<uint64_t>(c.commitment_minor));
          m.add(c.draw_multiple);
        } else if constexpr (std::is_same_v<T, DrawSwap>) {
          m.add(c.swap_id);
          m.add(c.drawer);
          m.add(c.provider);
          m.add(c.draw_currency);
          m.add(static_cast<uint64_t>(c.draw_amount_minor));
          m.add(static_cast<uint64_t>(c.rate_units));
          m.add(c.rate_scale);
          m.add(static_cast<uint64_t>(c.repay_at_ns));
        } else if constexpr (std::is_same_v<T, RepaySwap>) {
          m.add(c.swap_id);
        } else if constexpr (std::is_same_v<T, LeaveReservePool>) {
          m.add(c.bic);
        } else {
          static_assert(kAlwaysFalse<T>, "unhandled command");
        }
      },
      command.body);
  return m.value();
}

uint64_t fingerprint(const Result& result, std::span<const Event> events) {
  Mixer m;
  m.add(static_cast<uint64_t>(result.outcome));
  m.add(static_cast<uint64_t>(result.reason));
  m.add(events.size());
  for (const Event& e : events) {
    m.add(e.uetr);
    m.add(static_cast<uint64_t>(e.amount_minor));
    m.add(static_cast<uint64_t>(e.at_ns));
    m.add(e.debtor_account);
    m.add(e.creditor_account);
    m.add(e.currency);
    m.add(static_cast<uint64_t>(e.kind));
    m.add(static_cast<uint64_t>(e.settled_by));
    m.add(static_cast<uint64_t>(e.priority));
    m.add(static_cast<uint64_t>(e.reason));
    m.add(static_cast<uint64_t>(e.leg));
  }
  return m.value();
}

}  // namespace corridor::core::random_test
