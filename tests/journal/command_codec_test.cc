// The journal's binary command encoding: canonical round trips and strict decoding.
#include "journal/command_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

namespace corridor::journal {
namespace {

using namespace corridor::core;

Bic bic(const char* text) {
  return *Bic::parse(text);
}
CurrencyCode ccy(const char* text) {
  return *CurrencyCode::parse(text);
}

std::vector<uint8_t> encode(const Command& c) {
  std::vector<uint8_t> out;
  encode_command(c, &out);
  return out;
}

Command decode_ok(const std::vector<uint8_t>& bytes) {
  auto decoded = decode_command(bytes);
  if (auto* error = std::get_if<DecodeError>(&decoded)) {
    ADD_FAILURE() << error->what;
    return Command{};
  }
  return std::get<Command>(decoded);
}

std::string decode_error(const std::vector<uint8_t>& bytes) {
  auto decoded = decode_command(bytes);
  auto* error = std::get_if<DecodeError>(&decoded);
  return error ? error->what : std::string("(decoded)");
}

SubmitPayment sample_payment() {
  SubmitPayment p;
  p.uetr = Uetr::from_bits(0x0123456789ABCDEFull, 0xFEDCBA9876543210ull);
  EXPECT_TRUE(p.instruction_id.assign("INSTR-0001"));
  p.debtor_agent = bic("BANKDEFFXXX");
  p.creditor_agent = bic("BANKFRPP123");
  p.currency = ccy("EUR");
  p.amount_minor = 123456789012;
  p.priority = Priority::kUrgent;
  p.type = PaymentType::kFiCreditTransfer;
  p.earliest_ns = 1'700'000'000'000'000'001;
  p.latest_ns = 1'700'000'000'000'000'999;
  return p;
}

PublishFxQuote sample_quote();
InstructionId trade_reference(const char* text) {
  InstructionId id;
  EXPECT_TRUE(id.assign(text));
  return id;
}
SubmitCrossCurrencyPayment sample_cross_currency_payment();
SubmitDnsPayment sample_dns_payment();

// One command of every type, with non-default values in every field.
std::vector<Command> every_command() {
  const TimestampNs t = 1'767'225'600'000'000'123;
  AddParticipant indirect{bic("SMALDEFF"), "Small Bank AG", ParticipantKind::kIndirect,
                          bic("BANKDEFF"), CurrencyCode()};
  return {
      {t, DefineCurrency{ccy("JPY"), 0}},
      {t, AddParticipant{bic("ECBXDEFF"), "Central Bank", ParticipantKind::kCentralBank, Bic(),
                         ccy("EUR")}},
      {t, indirect},
      {t, OpenAccount{bic("BANKDEFF"), ccy("EUR")}},
      {t, SetCreditLine{bic("BANKDEFF"), ccy("EUR"), 5'000'000}},
      {t, SetBilateralLimit{bic("BANKDEFF"), bic("BANKFRPP"), ccy("EUR"), 700, true}},
      {t, SetMultilateralLimit{bic("BANKDEFF"), ccy("EUR"), 900, false}},
      {t, ReserveLiquidity{bic("BANKDEFF"), ccy("EUR"), Priority::kUrgent, 300}},
      {t, sample_payment()},
      {t,
       LiquidityTransfer{Uetr::from_bits(7, 8), bic("ECBXDEFF"), bic("BANKDEFF"), ccy("EUR"), 1}},
      {t, CancelPayment{Uetr::from_bits(9, 10), bic("BANKDEFF")}},
      {t, ChangePriority{Uetr::from_bits(11, 12), Priority::kHighlyUrgent, bic("SMALDEFF")}},
      {t, MoveInQueue{Uetr::from_bits(13, 14), QueuePosition::kBottom, bic("BANKFRPP")}},
      {t, RunGridlockResolution{GridlockAlgorithm::kBilateral}},
      {t, AdvanceTime{}},
      {t, SuspendParticipant{bic("BANKDEFF")}},
      {t, ReactivateParticipant{bic("BANKDEFF")}},
      {t, CloseParticipant{bic("BANKDEFF")}},
      {t, EndOfDay{20261130}},
      {t, Configure{20261127, 7, 32, 5000, 9000, 1u << 20}},
      {t, ModifyPayment{Uetr::from_bits(15, 16), 1'700'000'000'000'000'000, 0, true,
                        Priority::kUrgent, bic("BANKDEFF")}},
      {t, sample_quote()},
      {t, WithdrawFxQuote{0xFFFF'FFFF'FFFF'FFF0ull, bic("FXPRGB2L")}},
      {t, sample_cross_currency_payment()},
      {t, SubmitFxTrade{Uetr::from_bits(17, 18), trade_reference("CLS-2026-0001"), bic("BANKDEFF"),
                        bic("BANKJPJT"), ccy("EUR"), 1'000'000'00, ccy("JPY"), 162'345'000,
                        1'767'230'000'000'000'000}},
      {t, SetNetDebitCap{bic("BANKDEFF"), ccy("EUR"), 5'000'000'00}},
      {t, sample_dns_payment()},
      {t, SettleDnsCycle{ccy("EUR")}},
      {t, SetEntryOffsetting{false}},
      {t, SetHaircut{CreditGrade::kBBBMinus, 2'750}},
      {t, SetRating{bic("BANKDEFF"), CreditGrade::kAPlus}},
      {t, PledgeCollateral{0xC011'A7E2'0000'0001ull, bic("BANKDEFF"), ccy("EUR"), 25'000'000'00}},
      {t, SetDayPhase{DayPhase::kCutOff}},
      {t, JoinReservePool{bic("ECBXDEFF"), ccy("EUR"), 500'000'00, 3}},
      {t, DrawSwap{0x8000'0000'0000'0002ull, bic("ECBXDEFF"), bic("BOJXJPJT"), ccy("JPY"),
                   123'456'789, 61597, 7, 1'767'229'200'000'000'000}},
      {t, RepaySwap{0x8000'0000'0000'0002ull}},
      {t, LeaveReservePool{bic("BOJXJPJT")}},
  };
}

SubmitDnsPayment sample_dns_payment() {
  SubmitDnsPayment p;
  p.uetr = Uetr::from_bits(0x3333, 0x4444);
  EXPECT_TRUE(p.instruction_id.assign("DNS-0001"));
  p.debtor_agent = bic("BANKDEFF");
  p.creditor_agent = bic("BANKFRPPXYZ");
  p.currency = ccy("EUR");
  p.amount_minor = 12'34;
  return p;
}

PublishFxQuote sample_quote() {
  PublishFxQuote q;
  q.quote_id = 0x8000'0000'0000'0001ull;  // the top bit: ids are unsigned 64-bit
  q.provider = bic("FXPRGB2LXXX");
  q.base_currency = ccy("EUR");
  q.quote_currency = ccy("JPY");
  q.rate_units = 16'234'567;
  q.rate_scale = 5;
  q.valid_from_ns = 1'767'225'600'000'000'000;
  q.valid_to_ns = 1'767'229'200'000'000'000;
  q.max_base_amount_minor = 1'000'000'00;
  return q;
}

SubmitCrossCurrencyPayment sample_cross_currency_payment() {
  SubmitCrossCurrencyPayment p;
  p.uetr = Uetr::from_bits(0x1111, 0x2222);
  EXPECT_TRUE(p.instruction_id.assign("FX-0001"));
  p.debtor_agent = bic("BANKDEFF");
  p.creditor_agent = bic("BANKJPJT");
  p.instructed_currency = ccy("EUR");
  p.instructed_amount_minor = 100'00;
  p.settlement_currency = ccy("JPY");
  p.settlement_amount_minor = 16'235;
  p.quote_id = 0x8000'0000'0000'0001ull;
  p.priority = Priority::kHighlyUrgent;
  p.type = PaymentType::kFiCreditTransfer;
  p.earliest_ns = 5;
  p.latest_ns = 6;
  return p;
}

TEST(CommandCodec, EveryCommandTypeRoundTripsToTheSameBytes) {
  const std::vector<Command> commands = every_command();
  std::set<size_t> types;
  for (const Command& c : commands) types.insert(c.body.index());
  ASSERT_EQ(types.size(), std::variant_size_v<CommandBody>) << "a command type is missing here";
  for (const Command& c : commands) {
    const std::vector<uint8_t> bytes = encode(c);
    const Command back = decode_ok(bytes);
    EXPECT_EQ(back.body.index(), c.body.index()) << command_name(c.body);
    EXPECT_EQ(back.timestamp_ns, c.timestamp_ns);
    EXPECT_EQ(encode(back), bytes) << command_name(c.body);
  }
}

TEST(CommandCodec, SubmitPaymentKeepsEveryField) {
  const SubmitPayment p = sample_payment();
  const Command back = decode_ok(encode(Command{42, p}));
  const auto& q = std::get<SubmitPayment>(back.body);
  EXPECT_EQ(q.uetr, p.uetr);
  EXPECT_EQ(q.instruction_id.view(), "INSTR-0001");
  EXPECT_EQ(q.debtor_agent, p.debtor_agent);
  EXPECT_EQ(q.creditor_agent.to_string(), "BANKFRPP123");
  EXPECT_EQ(q.currency, p.currency);
  EXPECT_EQ(q.amount_minor, p.amount_minor);
  EXPECT_EQ(q.priority, Priority::kUrgent);
  EXPECT_EQ(q.type, PaymentType::kFiCreditTransfer);
  EXPECT_EQ(q.earliest_ns, p.earliest_ns);
  EXPECT_EQ(q.latest_ns, p.latest_ns);
}

TEST(CommandCodec, ReferenceDataKeepsNamesEmptyBicsAndFlags) {
  const std::vector<Command> commands = every_command();
  const Command cb_command = decode_ok(encode(commands[1]));
  const auto& cb = std::get<AddParticipant>(cb_command.body);
  EXPECT_EQ(cb.name, "Central Bank");
  EXPECT_EQ(cb.kind, ParticipantKind::kCentralBank);
  EXPECT_TRUE(cb.settlement_bank.empty());
  EXPECT_EQ(cb.home_currency, ccy("EUR"));
  const Command limit_command = decode_ok(encode(commands[5]));
  const auto& limit = std::get<SetBilateralLimit>(limit_command.body);
  EXPECT_EQ(limit.counterparty, bic("BANKFRPP"));
  EXPECT_EQ(limit.limit_minor, 700);
  EXPECT_TRUE(limit.remove);
  const Command eod = decode_ok(encode(commands[18]));
  EXPECT_EQ(std::get<EndOfDay>(eod.body).next_value_date, 20261130);
  const Command configure = decode_ok(encode(commands[19]));
  const auto& c = std::get<Configure>(configure.body);
  EXPECT_EQ(c.value_date_initial, 20261127);
  EXPECT_EQ(c.dedupe_window_days, 7);
  EXPECT_EQ(c.pending_payments_max, 1u << 20);
  const Command timing = decode_ok(encode(commands[20]));
  const auto& t = std::get<ModifyPayment>(timing.body);
  EXPECT_EQ(t.earliest_ns, 1'700'000'000'000'000'000);
  EXPECT_EQ(t.latest_ns, kNoTime);
  EXPECT_TRUE(t.priority_change);
  EXPECT_EQ(t.priority, Priority::kUrgent);
  EXPECT_EQ(t.requester, bic("BANKDEFF"));
}

TEST(CommandCodec, FxCommandsKeepEveryField) {
  const Command quote_back = decode_ok(encode(Command{1, sample_quote()}));
  const auto& q = std::get<PublishFxQuote>(quote_back.body);
  EXPECT_EQ(q.quote_id, 0x8000'0000'0000'0001ull);
  EXPECT_EQ(q.provider, bic("FXPRGB2L"));
  EXPECT_EQ(q.base_currency, ccy("EUR"));
  EXPECT_EQ(q.quote_currency, ccy("JPY"));
  EXPECT_EQ(q.rate_units, 16'234'567);
  EXPECT_EQ(q.rate_scale, 5);
  EXPECT_EQ(q.valid_from_ns, 1'767'225'600'000'000'000);
  EXPECT_EQ(q.valid_to_ns, 1'767'229'200'000'000'000);
  EXPECT_EQ(q.max_base_amount_minor, 1'000'000'00);

  const Command withdraw_back = decode_ok(encode(Command{1, WithdrawFxQuote{77}}));
  EXPECT_EQ(std::get<WithdrawFxQuote>(withdraw_back.body).quote_id, 77u);
  EXPECT_TRUE(std::get<WithdrawFxQuote>(withdraw_back.body).requester.empty());

  const SubmitCrossCurrencyPayment p = sample_cross_currency_payment();
  const Command payment_back = decode_ok(encode(Command{1, p}));
  const auto& x = std::get<SubmitCrossCurrencyPayment>(payment_back.body);
  EXPECT_EQ(x.uetr, p.uetr);
  EXPECT_EQ(x.instruction_id.view(), "FX-0001");
  EXPECT_EQ(x.debtor_agent, p.debtor_agent);
  EXPECT_EQ(x.creditor_agent, p.creditor_agent);
  EXPECT_EQ(x.instructed_currency, ccy("EUR"));
  EXPECT_EQ(x.instructed_amount_minor, 100'00);
  EXPECT_EQ(x.settlement_currency, ccy("JPY"));
  EXPECT_EQ(x.settlement_amount_minor, 16'235);
  EXPECT_EQ(x.quote_id, p.quote_id);
  EXPECT_EQ(x.priority, Priority::kHighlyUrgent);
  EXPECT_EQ(x.type, PaymentType::kFiCreditTransfer);
  EXPECT_EQ(x.earliest_ns, 5);
  EXPECT_EQ(x.latest_ns, 6);
}

TEST(CommandCodec, FxCommandsHaveTheDocumentedLayout) {
  // type 20, timestamp, quote_id u64, provider 11 bytes, two currencies, rate i64,
  // scale u8, two times and the maximum (i64): 1 + 8 + 8 + 11 + 3 + 3 + 8 + 1 + 3 * 8.
  const std::vector<uint8_t> quote = encode(Command{1, sample_quote()});
  ASSERT_EQ(quote.size(), 1u + 8 + 8 + 11 + 3 + 3 + 8 + 1 + 3 * 8);
  EXPECT_EQ(quote[0], 20);
  EXPECT_EQ(quote[1 + 8 + 7], 0x80) << "quote id little-endian";
  EXPECT_EQ(quote[1 + 8 + 8 + 11 + 3 + 3 + 8], 5) << "rate scale";
  EXPECT_EQ(encode(Command{1, WithdrawFxQuote{1}})[0], 21);
  EXPECT_EQ(encode(Command{1, WithdrawFxQuote{1}}).size(), 1u + 8 + 8 + 11);
  const std::vector<uint8_t> payment = encode(Command{1, sample_cross_currency_payment()});
  EXPECT_EQ(payment[0], 22);
  // uetr, instruction id (4 + 7), two BICs, currency + amount twice, quote id,
  // priority, type, two times.
  EXPECT_EQ(payment.size(), 1u + 8 + 16 + 4 + 7 + 11 + 11 + 3 + 8 + 3 + 8 + 8 + 1 + 1 + 8 + 8);
  std::vector<uint8_t> bad_currency = payment;
  bad_currency[1 + 8 + 16 + 4 + 7 + 11 + 11] = '1';
  EXPECT_EQ(decode_error(bad_currency),
            "SubmitCrossCurrencyPayment.instructed_currency: not a currency code");
  std::vector<uint8_t> bad_type = payment;
  bad_type[1 + 8 + 16 + 4 + 7 + 11 + 11 + 3 + 8 + 3 + 8 + 8 + 1] = 4;
  EXPECT_EQ(decode_error(bad_type), "SubmitCrossCurrencyPayment.type: value out of range");
}

TEST(CommandCodec, FxTradeKeepsEveryFieldAndHasTheDocumentedLayout) {
  const std::vector<Command> all = every_command();
  const auto trade = std::find_if(all.begin(), all.end(), [](const Command& x) {
    return std::holds_alternative<SubmitFxTrade>(x.body);
  });
  ASSERT_NE(trade, all.end());
  const Command c = *trade;
  const std::vector<uint8_t> bytes = encode(c);
  EXPECT_EQ(bytes[0], 23);
  // uetr, reference (4 + 13), two BICs, currency + amount twice, deadline.
  EXPECT_EQ(bytes.size(), 1u + 8 + 16 + 4 + 13 + 11 + 11 + 3 + 8 + 3 + 8 + 8);
  const Command back = decode_ok(bytes);
  const auto& t = std::get<SubmitFxTrade>(back.body);
  EXPECT_EQ(t.trade_reference.view(), "CLS-2026-0001");
  EXPECT_EQ(t.party, bic("BANKDEFF"));
  EXPECT_EQ(t.counterparty, bic("BANKJPJT"));
  EXPECT_EQ(t.sell_currency, ccy("EUR"));
  EXPECT_EQ(t.sell_amount_minor, 1'000'000'00);
  EXPECT_EQ(t.buy_currency, ccy("JPY"));
  EXPECT_EQ(t.buy_amount_minor, 162'345'000);
  EXPECT_EQ(t.settlement_deadline_ns, 1'767'230'000'000'000'000);
}

TEST(CommandCodec, DnsCommandsKeepEveryField) {
  const Command cap_back =
      decode_ok(encode(Command{1, SetNetDebitCap{bic("BANKDEFF"), ccy("EUR"), 777}}));
  const auto& cap = std::get<SetNetDebitCap>(cap_back.body);
  EXPECT_EQ(cap.participant, bic("BANKDEFF"));
  EXPECT_EQ(cap.currency, ccy("EUR"));
  EXPECT_EQ(cap.cap_minor, 777);
  const SubmitDnsPayment p = sample_dns_payment();
  const Command payment_back = decode_ok(encode(Command{1, p}));
  const auto& x = std::get<SubmitDnsPayment>(payment_back.body);
  EXPECT_EQ(x.uetr, p.uetr);
  EXPECT_EQ(x.instruction_id.view(), "DNS-0001");
  EXPECT_EQ(x.debtor_agent, p.debtor_agent);
  EXPECT_EQ(x.creditor_agent, bic("BANKFRPPXYZ"));
  EXPECT_EQ(x.currency, ccy("EUR"));
  EXPECT_EQ(x.amount_minor, 12'34);
  const Command settle_back = decode_ok(encode(Command{1, SettleDnsCycle{ccy("JPY")}}));
  EXPECT_EQ(std::get<SettleDnsCycle>(settle_back.body).currency, ccy("JPY"));
}

TEST(CommandCodec, DnsCommandsHaveTheDocumentedLayout) {
  // SetNetDebitCap: type 24, timestamp, BIC, currency, cap i64.
  const std::vector<uint8_t> cap =
      encode(Command{1, SetNetDebitCap{bic("BANKDEFF"), ccy("EUR"), 1}});
  ASSERT_EQ(cap.size(), 1u + 8 + 11 + 3 + 8);
  EXPECT_EQ(cap[0], 24);
  // SubmitDnsPayment: type 25, uetr, instruction id (4 + 8), two BICs, currency, amount.
  const std::vector<uint8_t> payment = encode(Command{1, sample_dns_payment()});
  ASSERT_EQ(payment.size(), 1u + 8 + 16 + 4 + 8 + 11 + 11 + 3 + 8);
  EXPECT_EQ(payment[0], 25);
  std::vector<uint8_t> bad_bic = payment;
  bad_bic[1 + 8 + 16 + 4 + 8 + 11] = '!';
  EXPECT_EQ(decode_error(bad_bic), "SubmitDnsPayment.creditor_agent: not a BIC");
  std::vector<uint8_t> short_payment(payment.begin(), payment.end() - 1);
  EXPECT_EQ(decode_error(short_payment), "SubmitDnsPayment.amount_minor: record ends early");
  // SettleDnsCycle: type 26, timestamp, currency.
  const std::vector<uint8_t> settle = encode(Command{1, SettleDnsCycle{ccy("EUR")}});
  ASSERT_EQ(settle.size(), 1u + 8 + 3);
  EXPECT_EQ(settle[0], 26);
  std::vector<uint8_t> bad_currency = settle;
  bad_currency[9] = 'e';
  EXPECT_EQ(decode_error(bad_currency), "SettleDnsCycle.currency: not a currency code");
  std::vector<uint8_t> long_settle = settle;
  long_settle.push_back(0);
  EXPECT_EQ(decode_error(long_settle), "record: bytes left after the command");
}

TEST(CommandCodec, SetEntryOffsettingIsType27WithOneFlagByte) {
  const std::vector<uint8_t> off = encode(Command{1, SetEntryOffsetting{false}});
  ASSERT_EQ(off.size(), 1u + 8 + 1);
  EXPECT_EQ(off[0], 27);
  EXPECT_EQ(off[9], 0);
  EXPECT_FALSE(std::get<SetEntryOffsetting>(decode_ok(off).body).enabled);
  const std::vector<uint8_t> on = encode(Command{1, SetEntryOffsetting{true}});
  EXPECT_EQ(on[9], 1);
  EXPECT_TRUE(std::get<SetEntryOffsetting>(decode_ok(on).body).enabled);
  std::vector<uint8_t> bad = off;
  bad[9] = 2;
  EXPECT_FALSE(decode_error(bad).empty());
  std::vector<uint8_t> short_record(off.begin(), off.end() - 1);
  EXPECT_EQ(decode_error(short_record), "SetEntryOffsetting.enabled: record ends early");
}

TEST(CommandCodec, CreditCommandsHaveTheDocumentedTypesAndLayout) {
  // SetHaircut: type 28, timestamp, grade u8, haircut_bp u32.
  const std::vector<uint8_t> haircut = encode(Command{1, SetHaircut{CreditGrade::kBB, 4'500}});
  ASSERT_EQ(haircut.size(), 1u + 8 + 1 + 4);
  EXPECT_EQ(haircut[0], 28);
  EXPECT_EQ(haircut[9], 11);  // BB
  std::vector<uint8_t> bad_grade = haircut;
  bad_grade[9] = 22;  // one past D
  EXPECT_EQ(decode_error(bad_grade), "SetHaircut.grade: not a credit grade");
  // SetRating: type 29, timestamp, BIC, grade u8 (255: unrated).
  const std::vector<uint8_t> rating =
      encode(Command{1, SetRating{bic("BANKDEFF"), CreditGrade::kUnrated}});
  ASSERT_EQ(rating.size(), 1u + 8 + 11 + 1);
  EXPECT_EQ(rating[0], 29);
  EXPECT_EQ(rating[20], 255);
  EXPECT_EQ(std::get<SetRating>(decode_ok(rating).body).grade, CreditGrade::kUnrated);
  // PledgeCollateral: type 30, timestamp, id u64, BIC, currency, value i64.
  const std::vector<uint8_t> pledge =
      encode(Command{1, PledgeCollateral{77, bic("BANKDEFF"), ccy("EUR"), 5}});
  ASSERT_EQ(pledge.size(), 1u + 8 + 8 + 11 + 3 + 8);
  EXPECT_EQ(pledge[0], 30);
  const Command pledge_back = decode_ok(pledge);
  const auto& back = std::get<PledgeCollateral>(pledge_back.body);
  EXPECT_EQ(back.collateral_id, 77u);
  EXPECT_EQ(back.participant, bic("BANKDEFF"));
  EXPECT_EQ(back.currency, ccy("EUR"));
  EXPECT_EQ(back.value_minor, 5);
  // Types beyond the last command are unknown.
  for (uint8_t type : {36, 200}) {
    std::vector<uint8_t> other = haircut;
    other[0] = type;
    EXPECT_EQ(decode_error(other), "type: unknown command type " + std::to_string(type));
  }
}

TEST(CommandCodec, DayPhaseHasTheDocumentedLayout) {
  // SetDayPhase: type 31, timestamp, phase u8 (0 open, 1 cut-off).
  const std::vector<uint8_t> cut_off = encode(Command{1, SetDayPhase{DayPhase::kCutOff}});
  ASSERT_EQ(cut_off.size(), 1u + 8 + 1);
  EXPECT_EQ(cut_off[0], 31);
  EXPECT_EQ(cut_off[9], 1);
  EXPECT_EQ(std::get<SetDayPhase>(decode_ok(cut_off).body).phase, DayPhase::kCutOff);
  std::vector<uint8_t> bad_phase = cut_off;
  bad_phase[9] = 2;
  EXPECT_NE(decode_error(bad_phase).find("SetDayPhase.phase"), std::string::npos);
}

TEST(CommandCodec, ReservePoolCommandsKeepTheirTypeNumbersAndEveryField) {
  // Types 32 to 35.
  const std::vector<uint8_t> join =
      encode(Command{1, JoinReservePool{bic("ECBXDEFF"), ccy("EUR"), 7, 2}});
  ASSERT_EQ(join.size(), 1u + 8 + 11 + 3 + 8 + 4);
  EXPECT_EQ(join[0], 32);
  const DrawSwap sample{99, bic("ECBXDEFF"), bic("BOJXJPJT"), ccy("JPY"), 1'000, 61597, 7, 5};
  const std::vector<uint8_t> draw = encode(Command{1, sample});
  ASSERT_EQ(draw.size(), 1u + 8 + 8 + 11 + 11 + 3 + 8 + 8 + 1 + 8);
  EXPECT_EQ(draw[0], 33);
  EXPECT_EQ(encode(Command{1, RepaySwap{99}})[0], 34);
  EXPECT_EQ(encode(Command{1, LeaveReservePool{bic("ECBXDEFF")}})[0], 35);
  const Command draw_back = decode_ok(draw);
  const auto& back = std::get<DrawSwap>(draw_back.body);
  EXPECT_EQ(back.swap_id, 99u);
  EXPECT_EQ(back.drawer, bic("ECBXDEFF"));
  EXPECT_EQ(back.provider, bic("BOJXJPJT"));
  EXPECT_EQ(back.draw_currency, ccy("JPY"));
  EXPECT_EQ(back.draw_amount_minor, 1'000);
  EXPECT_EQ(back.rate_units, 61597);
  EXPECT_EQ(back.rate_scale, 7);
  EXPECT_EQ(back.repay_at_ns, 5);
  const Command join_back = decode_ok(join);
  const auto& joined = std::get<JoinReservePool>(join_back.body);
  EXPECT_EQ(joined.commitment_minor, 7);
  EXPECT_EQ(joined.draw_multiple, 2u);
  // Numbers beyond the last command are unknown.
  for (uint8_t unassigned : {36, 37, 255}) {
    std::vector<uint8_t> bytes = encode(Command{1, RepaySwap{99}});
    bytes[0] = unassigned;
    EXPECT_EQ(decode_error(bytes), "type: unknown command type " + std::to_string(unassigned));
  }
}

TEST(CommandCodec, QueueManagementKeepsTheRequesterAndTheOperatorsEmptyOne) {
  const std::vector<Command> commands = every_command();
  const auto back = [](const Command& c) { return decode_ok(encode(c)); };
  EXPECT_EQ(std::get<CancelPayment>(back(commands[10]).body).requester, bic("BANKDEFF"));
  const Command priority = back(commands[11]);
  EXPECT_EQ(std::get<ChangePriority>(priority.body).requester, bic("SMALDEFF"));
  EXPECT_EQ(std::get<ChangePriority>(priority.body).priority, Priority::kHighlyUrgent);
  EXPECT_EQ(std::get<MoveInQueue>(back(commands[12]).body).requester, bic("BANKFRPP"));
  // The operator's command: no requester, written as 11 spaces.
  const Command by_operator = back(Command{7, CancelPayment{Uetr::from_bits(1, 2)}});
  EXPECT_TRUE(std::get<CancelPayment>(by_operator.body).requester.empty());
  EXPECT_EQ(std::get<CancelPayment>(by_operator.body).uetr, Uetr::from_bits(1, 2));
}

TEST(CommandCodec, EveryTruncationIsAnErrorNotACrash) {
  for (const Command& c : every_command()) {
    const std::vector<uint8_t> bytes = encode(c);
    for (size_t length = 0; length < bytes.size(); ++length) {
      const std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(length));
      EXPECT_NE(decode_error(cut), "(decoded)") << command_name(c.body) << " cut at " << length;
    }
  }
}

TEST(CommandCodec, TrailingBytesAreRejected) {
  std::vector<uint8_t> bytes = encode(Command{1, AdvanceTime{}});
  bytes.push_back(0);
  EXPECT_EQ(decode_error(bytes), "record: bytes left after the command");
}

TEST(CommandCodec, UnknownTypeIsRejected) {
  std::vector<uint8_t> bytes = encode(Command{1, AdvanceTime{}});
  bytes[0] = 200;
  EXPECT_EQ(decode_error(bytes), "type: unknown command type 200");
}

TEST(CommandCodec, MalformedFieldsAreNamed) {
  std::vector<uint8_t> bytes = encode(Command{1, sample_payment()});
  // type (1) + timestamp (8) + uetr (16) + instruction id (4 + 10) = offset of debtor_agent.
  std::vector<uint8_t> bad_bic = bytes;
  bad_bic[1 + 8 + 16 + 4 + 10] = 'a';  // lower case is not a BIC
  EXPECT_EQ(decode_error(bad_bic), "SubmitPayment.debtor_agent: not a BIC");

  std::vector<uint8_t> bad_priority = bytes;
  const size_t priority_at = 1 + 8 + 16 + 4 + 10 + 11 + 11 + 3 + 8;
  bad_priority[priority_at] = 3;
  EXPECT_EQ(decode_error(bad_priority), "SubmitPayment.priority: value out of range");

  std::vector<uint8_t> long_id = bytes;
  long_id[1 + 8 + 16] = 36;  // instruction id length beyond Max35Text (and beyond the record)
  EXPECT_NE(decode_error(long_id), "(decoded)");
}

TEST(CommandCodec, HugeTextLengthIsRejectedWithoutAllocating) {
  std::vector<uint8_t> bytes = encode(every_command()[1]);
  // type (1) + timestamp (8) + bic (11): the name's u32 length follows.
  bytes[1 + 8 + 11 + 3] = 0xFF;
  EXPECT_EQ(decode_error(bytes), "AddParticipant.name: text longer than 65,536 bytes");
}

}  // namespace
}  // namespace corridor::journal
