#include "journal/command_codec.h"

#include <cstdint>
#include <cstring>
#include <iterator>
#include <type_traits>

namespace corridor::journal {
namespace {

using namespace corridor::core;

// No command field holds more text than this; a longer length is corruption.
constexpr uint32_t kTextLengthMax = 65536;

class Writer {
 public:
  explicit Writer(std::vector<uint8_t>* out) : out_(out) {}
  void u8(uint8_t v) { out_->push_back(v); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void i64(int64_t v) { put(static_cast<uint64_t>(v), 8); }
  void chars(std::string_view text) {
    const size_t at = out_->size();
    out_->resize(at + text.size());
    std::memcpy(out_->data() + at, text.data(), text.size());
  }
  void text(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    chars(s);
  }
  void bic(const Bic& b) { chars(b.empty() ? std::string_view("           ") : b.bic11()); }
  void currency(const CurrencyCode& c) { chars(c.view()); }
  void uetr(const Uetr& u) {
    u64(u.high);
    u64(u.low);
  }

 private:
  // One resize and plain stores per field, not a push_back per byte: the
  // sequencer encodes every submission on its one thread.
  void put(uint64_t v, int bytes) {
    const size_t at = out_->size();
    out_->resize(at + static_cast<size_t>(bytes));
    uint8_t* p = out_->data() + at;
    for (int i = 0; i < bytes; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
  }
  std::vector<uint8_t>* out_;
};

// Reads fields in order; the first failure is kept and later reads return zeros.
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  bool at_end() const { return position_ == bytes_.size(); }
  void fail(std::string_view field, std::string_view what) {
    if (ok()) error_ = std::string(field) + ": " + std::string(what);
  }

  uint64_t get(std::string_view field, int count) {
    if (!ok()) return 0;
    if (bytes_.size() - position_ < static_cast<size_t>(count)) {
      fail(field, "record ends early");
      return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < count; ++i) v |= uint64_t{bytes_[position_ + i]} << (8 * i);
    position_ += static_cast<size_t>(count);
    return v;
  }
  uint8_t u8(std::string_view f) { return static_cast<uint8_t>(get(f, 1)); }
  int64_t i64(std::string_view f) { return static_cast<int64_t>(get(f, 8)); }
  std::string chars(std::string_view field, size_t count) {
    if (!ok()) return std::string();
    if (bytes_.size() - position_ < count) {
      fail(field, "record ends early");
      return std::string();
    }
    std::string s(reinterpret_cast<const char*>(bytes_.data() + position_), count);
    position_ += count;
    return s;
  }
  std::string text(std::string_view field) {
    const auto length = static_cast<uint32_t>(get(field, 4));
    if (length > kTextLengthMax) {
      fail(field, "text longer than 65,536 bytes");
      return std::string();
    }
    return chars(field, length);
  }
  Bic bic(std::string_view field) {
    const std::string s = chars(field, 11);
    if (!ok() || s == "           ") return Bic();
    auto b = Bic::parse(s);
    if (!b) fail(field, "not a BIC");
    return b.value_or(Bic());
  }
  CurrencyCode currency(std::string_view field) {
    const std::string s = chars(field, 3);
    if (!ok() || s == "   ") return CurrencyCode();
    auto c = CurrencyCode::parse(s);
    if (!c) fail(field, "not a currency code");
    return c.value_or(CurrencyCode());
  }
  Uetr uetr(std::string_view field) {
    Uetr u;
    u.high = get(field, 8);
    u.low = get(field, 8);
    return u;
  }
  bool flag(std::string_view field) {
    const uint8_t v = u8(field);
    if (v > 1) fail(field, "not 0 or 1");
    return v == 1;
  }
  template <typename E>
  E enumeration(std::string_view field, uint8_t max) {
    const uint8_t v = u8(field);
    if (v > max) fail(field, "value out of range");
    return static_cast<E>(v);
  }

 private:
  std::span<const uint8_t> bytes_;
  size_t position_ = 0;
  std::string error_;
};

constexpr uint8_t kPriorityMax = 2;
constexpr uint8_t kPaymentTypeMax = 3;
constexpr uint8_t kKindMax = 2;
constexpr uint8_t kAlgorithmMax = 2;
constexpr uint8_t kPositionMax = 1;

// Field lists, shared by encode and decode so the two cannot drift apart.
template <typename Io>
void fields(Io& io, DefineCurrency& c) {
  io(c.code, "DefineCurrency.code");
  io(c.minor_units, "DefineCurrency.minor_units");
}
template <typename Io>
void fields(Io& io, AddParticipant& c) {
  io(c.bic, "AddParticipant.bic");
  io(c.name, "AddParticipant.name");
  io.enumeration(c.kind, "AddParticipant.kind", kKindMax);
  io(c.settlement_bank, "AddParticipant.settlement_bank");
  io(c.home_currency, "AddParticipant.home_currency");
}
template <typename Io>
void fields(Io& io, OpenAccount& c) {
  io(c.participant, "OpenAccount.participant");
  io(c.currency, "OpenAccount.currency");
}
template <typename Io>
void fields(Io& io, SetCreditLine& c) {
  io(c.participant, "SetCreditLine.participant");
  io(c.currency, "SetCreditLine.currency");
  io(c.credit_line_minor, "SetCreditLine.credit_line_minor");
}
template <typename Io>
void fields(Io& io, SetBilateralLimit& c) {
  io(c.participant, "SetBilateralLimit.participant");
  io(c.counterparty, "SetBilateralLimit.counterparty");
  io(c.currency, "SetBilateralLimit.currency");
  io(c.limit_minor, "SetBilateralLimit.limit_minor");
  io(c.remove, "SetBilateralLimit.remove");
}
template <typename Io>
void fields(Io& io, SetMultilateralLimit& c) {
  io(c.participant, "SetMultilateralLimit.participant");
  io(c.currency, "SetMultilateralLimit.currency");
  io(c.limit_minor, "SetMultilateralLimit.limit_minor");
  io(c.remove, "SetMultilateralLimit.remove");
}
template <typename Io>
void fields(Io& io, ReserveLiquidity& c) {
  io(c.participant, "ReserveLiquidity.participant");
  io(c.currency, "ReserveLiquidity.currency");
  io.enumeration(c.priority, "ReserveLiquidity.priority", kPriorityMax);
  io(c.amount_minor, "ReserveLiquidity.amount_minor");
}
template <typename Io>
void fields(Io& io, SubmitPayment& c) {
  io(c.uetr, "SubmitPayment.uetr");
  io(c.instruction_id, "SubmitPayment.instruction_id");
  io(c.debtor_agent, "SubmitPayment.debtor_agent");
  io(c.creditor_agent, "SubmitPayment.creditor_agent");
  io(c.currency, "SubmitPayment.currency");
  io(c.amount_minor, "SubmitPayment.amount_minor");
  io.enumeration(c.priority, "SubmitPayment.priority", kPriorityMax);
  io.enumeration(c.type, "SubmitPayment.type", kPaymentTypeMax);
  io(c.earliest_ns, "SubmitPayment.earliest_ns");
  io(c.latest_ns, "SubmitPayment.latest_ns");
}
template <typename Io>
void fields(Io& io, LiquidityTransfer& c) {
  io(c.uetr, "LiquidityTransfer.uetr");
  io(c.from, "LiquidityTransfer.from");
  io(c.to, "LiquidityTransfer.to");
  io(c.currency, "LiquidityTransfer.currency");
  io(c.amount_minor, "LiquidityTransfer.amount_minor");
}
template <typename Io>
void fields(Io& io, CancelPayment& c) {
  io(c.uetr, "CancelPayment.uetr");
  io(c.requester, "CancelPayment.requester");
}
template <typename Io>
void fields(Io& io, ChangePriority& c) {
  io(c.uetr, "ChangePriority.uetr");
  io.enumeration(c.priority, "ChangePriority.priority", kPriorityMax);
  io(c.requester, "ChangePriority.requester");
}
template <typename Io>
void fields(Io& io, MoveInQueue& c) {
  io(c.uetr, "MoveInQueue.uetr");
  io.enumeration(c.position, "MoveInQueue.position", kPositionMax);
  io(c.requester, "MoveInQueue.requester");
}
template <typename Io>
void fields(Io& io, RunGridlockResolution& c) {
  io.enumeration(c.algorithm, "RunGridlockResolution.algorithm", kAlgorithmMax);
}
template <typename Io>
void fields(Io&, AdvanceTime&) {}
template <typename Io>
void fields(Io& io, SuspendParticipant& c) {
  io(c.bic, "SuspendParticipant.bic");
}
template <typename Io>
void fields(Io& io, ReactivateParticipant& c) {
  io(c.bic, "ReactivateParticipant.bic");
}
template <typename Io>
void fields(Io& io, CloseParticipant& c) {
  io(c.bic, "CloseParticipant.bic");
}
template <typename Io>
void fields(Io& io, EndOfDay& c) {
  io(c.next_value_date, "EndOfDay.next_value_date");
}

template <typename Io>
void fields(Io& io, Configure& c) {
  io(c.value_date_initial, "Configure.value_date_initial");
  io(c.dedupe_window_days, "Configure.dedupe_window_days");
  io(c.currencies_max, "Configure.currencies_max");
  io(c.participants_max, "Configure.participants_max");
  io(c.accounts_max, "Configure.accounts_max");
  io(c.pending_payments_max, "Configure.pending_payments_max");
}
template <typename Io>
void fields(Io& io, ModifyPayment& c) {
  io(c.uetr, "ModifyPayment.uetr");
  io(c.earliest_ns, "ModifyPayment.earliest_ns");
  io(c.latest_ns, "ModifyPayment.latest_ns");
  io(c.priority_change, "ModifyPayment.priority_change");
  io.enumeration(c.priority, "ModifyPayment.priority", kPriorityMax);
  io(c.requester, "ModifyPayment.requester");
}

template <typename Io>
void fields(Io& io, PublishFxQuote& c) {
  io(c.quote_id, "PublishFxQuote.quote_id");
  io(c.provider, "PublishFxQuote.provider");
  io(c.base_currency, "PublishFxQuote.base_currency");
  io(c.quote_currency, "PublishFxQuote.quote_currency");
  io(c.rate_units, "PublishFxQuote.rate_units");
  io(c.rate_scale, "PublishFxQuote.rate_scale");
  io(c.valid_from_ns, "PublishFxQuote.valid_from_ns");
  io(c.valid_to_ns, "PublishFxQuote.valid_to_ns");
  io(c.max_base_amount_minor, "PublishFxQuote.max_base_amount_minor");
}
template <typename Io>
void fields(Io& io, WithdrawFxQuote& c) {
  io(c.quote_id, "WithdrawFxQuote.quote_id");
  io(c.requester, "WithdrawFxQuote.requester");
}
template <typename Io>
void fields(Io& io, SubmitCrossCurrencyPayment& c) {
  io(c.uetr, "SubmitCrossCurrencyPayment.uetr");
  io(c.instruction_id, "SubmitCrossCurrencyPayment.instruction_id");
  io(c.debtor_agent, "SubmitCrossCurrencyPayment.debtor_agent");
  io(c.creditor_agent, "SubmitCrossCurrencyPayment.creditor_agent");
  io(c.instructed_currency, "SubmitCrossCurrencyPayment.instructed_currency");
  io(c.instructed_amount_minor, "SubmitCrossCurrencyPayment.instructed_amount_minor");
  io(c.settlement_currency, "SubmitCrossCurrencyPayment.settlement_currency");
  io(c.settlement_amount_minor, "SubmitCrossCurrencyPayment.settlement_amount_minor");
  io(c.quote_id, "SubmitCrossCurrencyPayment.quote_id");
  io.enumeration(c.priority, "SubmitCrossCurrencyPayment.priority", kPriorityMax);
  io.enumeration(c.type, "SubmitCrossCurrencyPayment.type", kPaymentTypeMax);
  io(c.earliest_ns, "SubmitCrossCurrencyPayment.earliest_ns");
  io(c.latest_ns, "SubmitCrossCurrencyPayment.latest_ns");
}

template <typename Io>
void fields(Io& io, SubmitFxTrade& c) {
  io(c.uetr, "SubmitFxTrade.uetr");
  io(c.trade_reference, "SubmitFxTrade.trade_reference");
  io(c.party, "SubmitFxTrade.party");
  io(c.counterparty, "SubmitFxTrade.counterparty");
  io(c.sell_currency, "SubmitFxTrade.sell_currency");
  io(c.sell_amount_minor, "SubmitFxTrade.sell_amount_minor");
  io(c.buy_currency, "SubmitFxTrade.buy_currency");
  io(c.buy_amount_minor, "SubmitFxTrade.buy_amount_minor");
  io(c.settlement_deadline_ns, "SubmitFxTrade.settlement_deadline_ns");
}
template <typename Io>
void fields(Io& io, SetNetDebitCap& c) {
  io(c.participant, "SetNetDebitCap.participant");
  io(c.currency, "SetNetDebitCap.currency");
  io(c.cap_minor, "SetNetDebitCap.cap_minor");
}
template <typename Io>
void fields(Io& io, SubmitDnsPayment& c) {
  io(c.uetr, "SubmitDnsPayment.uetr");
  io(c.instruction_id, "SubmitDnsPayment.instruction_id");
  io(c.debtor_agent, "SubmitDnsPayment.debtor_agent");
  io(c.creditor_agent, "SubmitDnsPayment.creditor_agent");
  io(c.currency, "SubmitDnsPayment.currency");
  io(c.amount_minor, "SubmitDnsPayment.amount_minor");
}
template <typename Io>
void fields(Io& io, SettleDnsCycle& c) {
  io(c.currency, "SettleDnsCycle.currency");
}
template <typename Io>
void fields(Io& io, SetEntryOffsetting& c) {
  io(c.enabled, "SetEntryOffsetting.enabled");
}

template <typename Io>
void fields(Io& io, SetHaircut& c) {
  io.grade(c.grade, "SetHaircut.grade");
  io(c.haircut_bp, "SetHaircut.haircut_bp");
}
template <typename Io>
void fields(Io& io, SetRating& c) {
  io(c.participant, "SetRating.participant");
  io.grade(c.grade, "SetRating.grade");
}
template <typename Io>
void fields(Io& io, PledgeCollateral& c) {
  io(c.collateral_id, "PledgeCollateral.collateral_id");
  io(c.participant, "PledgeCollateral.participant");
  io(c.currency, "PledgeCollateral.currency");
  io(c.value_minor, "PledgeCollateral.value_minor");
}
template <typename Io>
void fields(Io& io, SetDayPhase& c) {
  io.enumeration(c.phase, "SetDayPhase.phase", static_cast<uint8_t>(DayPhase::kCutOff));
}

template <typename Io>
void fields(Io& io, JoinReservePool& c) {
  io(c.bic, "JoinReservePool.bic");
  io(c.currency, "JoinReservePool.currency");
  io(c.commitment_minor, "JoinReservePool.commitment_minor");
  io(c.draw_multiple, "JoinReservePool.draw_multiple");
}
template <typename Io>
void fields(Io& io, DrawSwap& c) {
  io(c.swap_id, "DrawSwap.swap_id");
  io(c.drawer, "DrawSwap.drawer");
  io(c.provider, "DrawSwap.provider");
  io(c.draw_currency, "DrawSwap.draw_currency");
  io(c.draw_amount_minor, "DrawSwap.draw_amount_minor");
  io(c.rate_units, "DrawSwap.rate_units");
  io(c.rate_scale, "DrawSwap.rate_scale");
  io(c.repay_at_ns, "DrawSwap.repay_at_ns");
}
template <typename Io>
void fields(Io& io, RepaySwap& c) {
  io(c.swap_id, "RepaySwap.swap_id");
}
template <typename Io>
void fields(Io& io, LeaveReservePool& c) {
  io(c.bic, "LeaveReservePool.bic");
}

static_assert(std::is_same_v<int, int32_t>, "DefineCurrency::minor_units encodes as 32 bits");

// The type byte of each command, by its index in CommandBody. Fixed forever:
// a journal written once is read the same way by every later build (today the
// identity: commands were only ever appended).
constexpr uint8_t kJournalTypes[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                     12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                                     24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35};
static_assert(std::size(kJournalTypes) == std::variant_size_v<CommandBody>,
              "every command needs its journal type");
static_assert(std::is_same_v<std::variant_alternative_t<27, CommandBody>, SetEntryOffsetting> &&
                  std::is_same_v<std::variant_alternative_t<28, CommandBody>, SetHaircut> &&
                  std::is_same_v<std::variant_alternative_t<31, CommandBody>, SetDayPhase> &&
                  std::is_same_v<std::variant_alternative_t<32, CommandBody>, JoinReservePool>,
              "journal types 27, 28, 31 and 32 are SetEntryOffsetting, SetHaircut, SetDayPhase "
              "and JoinReservePool");

// The CommandBody index of journal type `type`, or the variant's size if none.
size_t command_index(uint8_t type) {
  for (size_t i = 0; i < std::size(kJournalTypes); ++i) {
    if (kJournalTypes[i] == type) return i;
  }
  return std::variant_size_v<CommandBody>;
}

struct Encoder {
  Writer& w;
  void operator()(const Bic& v, std::string_view) { w.bic(v); }
  void operator()(const CurrencyCode& v, std::string_view) { w.currency(v); }
  void operator()(const Uetr& v, std::string_view) { w.uetr(v); }
  void operator()(const std::string& v, std::string_view) { w.text(v); }
  void operator()(const InstructionId& v, std::string_view) { w.text(v.view()); }
  void operator()(int64_t v, std::string_view) { w.i64(v); }
  void operator()(uint64_t v, std::string_view) { w.u64(v); }
  void operator()(uint8_t v, std::string_view) { w.u8(v); }
  void operator()(int32_t v, std::string_view) { w.u32(static_cast<uint32_t>(v)); }
  void operator()(uint32_t v, std::string_view) { w.u32(v); }
  void operator()(bool v, std::string_view) { w.u8(v ? 1 : 0); }
  void grade(CreditGrade v, std::string_view) { w.u8(static_cast<uint8_t>(v)); }
  template <typename E>
  void enumeration(E v, std::string_view, uint8_t) {
    w.u8(static_cast<uint8_t>(v));
  }
};

struct Decoder {
  Reader& r;
  void operator()(Bic& v, std::string_view f) { v = r.bic(f); }
  void operator()(CurrencyCode& v, std::string_view f) { v = r.currency(f); }
  void operator()(Uetr& v, std::string_view f) { v = r.uetr(f); }
  void operator()(std::string& v, std::string_view f) { v = r.text(f); }
  void operator()(InstructionId& v, std::string_view f) {
    if (!v.assign(r.text(f))) r.fail(f, "longer than 35 characters");
  }
  void operator()(int64_t& v, std::string_view f) { v = r.i64(f); }
  void operator()(uint64_t& v, std::string_view f) { v = r.get(f, 8); }
  void operator()(uint8_t& v, std::string_view f) { v = r.u8(f); }
  void operator()(int32_t& v, std::string_view f) { v = static_cast<int32_t>(r.get(f, 4)); }
  void operator()(uint32_t& v, std::string_view f) { v = static_cast<uint32_t>(r.get(f, 4)); }
  void operator()(bool& v, std::string_view f) { v = r.flag(f); }
  // A grade on the scale (0 to 21) or 255, unrated.
  void grade(CreditGrade& v, std::string_view f) {
    v = static_cast<CreditGrade>(r.u8(f));
    if (!on_scale(v) && v != CreditGrade::kUnrated) r.fail(f, "not a credit grade");
  }
  template <typename E>
  void enumeration(E& v, std::string_view f, uint8_t max) {
    v = r.enumeration<E>(f, max);
  }
};

template <size_t I = 0>
bool decode_body(size_t index, Reader& reader, CommandBody* body) {
  if constexpr (I < std::variant_size_v<CommandBody>) {
    if (index == I) {
      std::variant_alternative_t<I, CommandBody> value{};
      Decoder decoder{reader};
      fields(decoder, value);
      *body = std::move(value);
      return true;
    }
    return decode_body<I + 1>(index, reader, body);
  } else {
    return false;
  }
}

}  // namespace

void encode_command(const Command& command, std::vector<uint8_t>* out) {
  Writer writer(out);
  writer.u8(kJournalTypes[command.body.index()]);
  writer.i64(command.timestamp_ns);
  std::visit(
      [&](const auto& body) {
        auto copy = body;  // fields() takes a mutable reference for decoding's sake
        Encoder encoder{writer};
        fields(encoder, copy);
      },
      command.body);
}

std::variant<Command, DecodeError> decode_command(std::span<const uint8_t> bytes) {
  Reader reader(bytes);
  const uint8_t type = reader.u8("type");
  Command command;
  command.timestamp_ns = reader.i64("timestamp_ns");
  if (!reader.ok()) return DecodeError{reader.error()};
  if (!decode_body(command_index(type), reader, &command.body)) {
    return DecodeError{"type: unknown command type " + std::to_string(type)};
  }
  if (reader.ok() && !reader.at_end()) reader.fail("record", "bytes left after the command");
  if (!reader.ok()) return DecodeError{reader.error()};
  return command;
}

}  // namespace corridor::journal
