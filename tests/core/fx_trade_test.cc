// Rule 14: FX trades between two participants, matched and settled
// payment-versus-payment as in CLS (docs/settlement-rules.md). The hand-worked
// examples of the rule are the tests named Example*.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr std::string_view CBUSD = "CBKBUSNY";

// EUR and USD; A and B are direct participants with an account in each.
class FxTrade : public ::testing::Test {
 protected:
  FxTrade() {
    EXPECT_THAT(l.define_currency("USD", 2), Applied());
    EXPECT_THAT(l.central_bank(CBUSD, "USD"), Applied());
    l.banks({A, B, C});
    for (std::string_view b : {A, B}) EXPECT_THAT(l.open(b, "USD"), Applied());
    deadline = l.clock() + 10 * kMinute;
  }

  // `party` sells `sell` of `sell_ccy` to `counterparty` for `buy` of the other currency.
  SubmitFxTrade instruction(uint64_t n, std::string_view party, std::string_view counterparty,
                            AmountMinor sell, std::string_view sell_ccy, AmountMinor buy,
                            std::string_view buy_ccy, std::string_view reference = "T-1") {
    SubmitFxTrade t;
    t.uetr = uetr(n);
    EXPECT_TRUE(t.trade_reference.assign(reference));
    t.party = bic(party);
    t.counterparty = bic(counterparty);
    t.sell_currency = ccy(sell_ccy);
    t.sell_amount_minor = sell;
    t.buy_currency = ccy(buy_ccy);
    t.buy_amount_minor = buy;
    t.settlement_deadline_ns = deadline;
    return t;
  }
  // A sells 100.00 EUR to B for 108.00 USD, and B's mirror instruction.
  SubmitFxTrade a_side(uint64_t n = 1) {
    return instruction(n, A, B, 100'00, "EUR", 108'00, "USD");
  }
  SubmitFxTrade b_side(uint64_t n = 2) {
    return instruction(n, B, A, 108'00, "USD", 100'00, "EUR");
  }

  std::vector<std::string> legs() const {
    std::vector<std::string> out;
    for (const Event& e : l.raw_events()) {
      const char* leg = e.leg == Leg::kFirst ? "first" : e.leg == Leg::kSecond ? "second" : "only";
      out.push_back(render(e) + " " + leg + " " + l.core().currency(e.currency).code.to_string() +
                    " " + std::to_string(e.amount_minor));
    }
    return out;
  }

  Ledger l;
  TimestampNs deadline = 0;
};

TEST_F(FxTrade, ExampleMatchedTradeSettlesBothLegsAtOnce) {
  ASSERT_THAT(l.fund(A, 100'00), Settled());
  ASSERT_THAT(l.fund(B, 108'00, "USD"), Settled());
  EXPECT_THAT(l.apply(a_side()), Applied()) << "the first side waits for its counterpart";
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_EQ(l.core().unmatched_trade_count(), 1u);
  EXPECT_THAT(l.apply(b_side()), Settled());
  EXPECT_THAT(legs(),
              ElementsAre("settled 1 entry first EUR 10000", "settled 1 entry second USD 10800"));
  EXPECT_EQ(l.core().unmatched_trade_count(), 0u);
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 100'00);
  EXPECT_EQ(l.balance(A, "USD"), 108'00);
  EXPECT_EQ(l.balance(B, "USD"), 0);
  EXPECT_TRUE(l.core().knows_uetr(uetr(2)));
}

TEST_F(FxTrade, ExampleMatchedTradeQueuesAsOneUnitUntilBothLegsAreCovered) {
  ASSERT_THAT(l.fund(A, 100'00), Settled());
  ASSERT_THAT(l.apply(b_side()), Applied());  // either side may come first
  EXPECT_THAT(l.apply(a_side()), Queued()) << "B has no USD yet";
  EXPECT_THAT(legs(), ElementsAre("queued 2 first USD 10800", "queued 2 second EUR 10000"));
  EXPECT_EQ(l.balance(A), 100'00) << "no leg moved";
  EXPECT_THAT(l.queue(B, U, "USD"), ElementsAre("2")) << "the first side's leg, urgent";
  ASSERT_THAT(l.fund(B, 108'00, "USD"), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled lt2 lt", "settled 2 queue", "settled 2 queue"));
  EXPECT_EQ(l.balance(A, "USD"), 108'00);
  EXPECT_EQ(l.balance(B), 100'00);
}

TEST_F(FxTrade, MatchedTradeStillUncoveredAtItsDeadlineIsRejectedWholly) {
  ASSERT_THAT(l.apply(a_side()), Applied());
  ASSERT_THAT(l.apply(b_side()), Queued());
  ASSERT_THAT(l.advance_to(deadline), Applied());
  EXPECT_THAT(l.events(), IsEmpty()) << "settled by the deadline: still allowed at it";
  ASSERT_THAT(l.advance_to(deadline + 1), Applied());
  EXPECT_THAT(legs(),
              ElementsAre("rejected 1 TM01 first EUR 10000", "rejected 1 TM01 second USD 10800"));
  EXPECT_EQ(l.core().pending_count(), 0u);
}

TEST_F(FxTrade, ExampleUnmatchedInstructionExpiresAfterItsDeadline) {
  ASSERT_THAT(l.apply(a_side()), Applied());
  ASSERT_THAT(l.advance_to(deadline + 1), Applied());
  EXPECT_THAT(legs(), ElementsAre("rejected 1 TM01 only EUR 10000"));
  EXPECT_EQ(l.raw_events()[0].reason, Reason::kTradeUnmatched);
  EXPECT_EQ(l.core().unmatched_trade_count(), 0u);
  // A late counterpart finds nothing: its deadline has passed too.
  EXPECT_THAT(l.apply(b_side()), RejectedBecause(Reason::kLatestTimePassed));
}

TEST_F(FxTrade, MismatchedCounterpartIsRejectedAndTheFirstSideKeepsWaiting) {
  ASSERT_THAT(l.fund(A, 100'00), Settled());
  ASSERT_THAT(l.fund(B, 108'00, "USD"), Settled());
  ASSERT_THAT(l.apply(a_side()), Applied());
  EXPECT_THAT(l.apply(instruction(2, B, A, 107'99, "USD", 100'00, "EUR")),
              RejectedBecause(Reason::kTradeMismatch));
  EXPECT_THAT(l.apply(instruction(3, B, A, 108'00, "USD", 100'01, "EUR")), Rejected("NARR"));
  SubmitFxTrade late = b_side(4);
  late.settlement_deadline_ns = deadline + 1;
  EXPECT_THAT(l.apply(late), RejectedBecause(Reason::kTradeMismatch)) << "another deadline";
  EXPECT_THAT(l.apply(a_side(5)), RejectedBecause(Reason::kTradeExists)) << "A again";
  EXPECT_EQ(l.core().unmatched_trade_count(), 1u);
  EXPECT_THAT(l.apply(b_side(6)), Settled());
}

TEST_F(FxTrade, MalformedInstructionsAreRejectedAndChangeNothing) {
  EXPECT_THAT(l.apply(instruction(1, A, B, 100'00, "EUR", 108'00, "USD", "")),
              RejectedBecause(Reason::kInvalidTrade));
  EXPECT_THAT(l.apply(instruction(1, A, B, 100'00, "EUR", 108'00, "EUR")), Rejected("CURR"));
  EXPECT_THAT(l.apply(instruction(1, A, C, 100'00, "EUR", 108'00, "USD")),
              RejectedBecause(Reason::kUnknownAccount))
      << "C has no USD account";
  EXPECT_THAT(l.apply(instruction(1, A, A, 100'00, "EUR", 108'00, "USD")),
              RejectedBecause(Reason::kSameAccount));
  EXPECT_THAT(l.apply(instruction(1, A, B, 0, "EUR", 108'00, "USD")), Rejected("AM01"));
  EXPECT_THAT(l.apply(instruction(1, A, B, 100'00, "EUR", 108'00, "GBP")), Rejected("AM03"));
  SubmitFxTrade past = a_side();
  past.settlement_deadline_ns = l.clock() - 1;
  EXPECT_THAT(l.apply(past), RejectedBecause(Reason::kLatestTimePassed));
  EXPECT_EQ(l.core().unmatched_trade_count(), 0u);
  ASSERT_THAT(l.apply(a_side()), Applied());
  EXPECT_THAT(l.apply(instruction(1, B, A, 5, "USD", 5, "EUR", "T-2")), Rejected("DUPL"))
      << "UETR already used";
}

TEST_F(FxTrade, PartyOfAnUnmatchedTradeCannotClose) {
  ASSERT_THAT(l.apply(instruction(1, A, B, 100'00, "EUR", 108'00, "USD")), Applied());
  EXPECT_THAT(l.close(B), Rejected("AG01"));
}

TEST_F(FxTrade, RestoredCoreCarriesUnmatchedAndQueuedTrades) {
  ASSERT_THAT(l.apply(a_side()), Applied());
  ASSERT_THAT(l.apply(b_side()), Queued());
  ASSERT_THAT(l.apply(instruction(3, A, B, 5'00, "EUR", 6'00, "USD", "T-2")), Applied());
  std::vector<uint8_t> image;
  l.core().save_state(&image);
  Config config;
  config.dedupe_hash_seed = 0xBEEF;
  Core copy(config);
  std::string error;
  ASSERT_TRUE(copy.load_state(image, &error)) << error;
  EXPECT_EQ(copy.state_hash(), l.core().state_hash());
  EXPECT_EQ(copy.unmatched_trade_count(), 1u);
  const TimestampNs t = l.clock();
  const std::vector<Command> continuation = {
      {t, instruction(4, B, A, 6'00, "USD", 5'00, "EUR", "T-2")},
      {t, LiquidityTransfer{Uetr::from_bits(9, 1), bic(CB), bic(A), ccy("EUR"), 105'00}},
      {t, LiquidityTransfer{Uetr::from_bits(9, 2), bic(CBUSD), bic(B), ccy("USD"), 114'00}},
      {t, instruction(5, A, B, 1'00, "EUR", 1'00, "USD", "T-3")},
      {deadline + 1, AdvanceTime{}},
  };
  for (const Command& command : continuation) {
    const Result a = l.core().apply(command);
    std::vector<std::tuple<int, int, int64_t, int>> events_a;
    for (const Event& e : l.core().events()) {
      events_a.emplace_back(int(e.kind), int(e.leg), e.amount_minor, int(e.reason));
    }
    const Result b = copy.apply(command);
    std::vector<std::tuple<int, int, int64_t, int>> events_b;
    for (const Event& e : copy.events()) {
      events_b.emplace_back(int(e.kind), int(e.leg), e.amount_minor, int(e.reason));
    }
    EXPECT_EQ(a.outcome, b.outcome) << command_name(command.body);
    EXPECT_EQ(events_a, events_b) << command_name(command.body);
    EXPECT_EQ(l.core().state_hash(), copy.state_hash()) << command_name(command.body);
    EXPECT_THAT(copy.check_invariants(), IsEmpty());
  }
  EXPECT_EQ(copy.pending_count(), 0u);
  EXPECT_EQ(copy.unmatched_trade_count(), 0u) << "T-3 expired";
  EXPECT_EQ(copy.account(*copy.find_account(bic(A), ccy("USD"))).balance_minor, 114'00);
}

}  // namespace
}  // namespace corridor::core::scenario
