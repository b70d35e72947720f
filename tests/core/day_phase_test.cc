// Rule 10: the business day's cut-off. After SetDayPhase(cut-off) no new payment
// instruction enters (TM01) while what is queued keeps settling; EndOfDay does not
// reopen entry; SetDayPhase(open) does.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr ValueDate kDay2 = 20260102;

class DayPhaseTest : public ::testing::Test {
 protected:
  void SetUp() override { l.banks({A, B, C}); }
  Result cut_off() { return l.apply(SetDayPhase{DayPhase::kCutOff}); }
  Result open() { return l.apply(SetDayPhase{DayPhase::kOpen}); }
  Ledger l;
};

TEST_F(DayPhaseTest, EntryIsOpenUntilTheCutOff) {
  EXPECT_EQ(l.core().day_phase(), DayPhase::kOpen);
  l.fund(A, 100);
  EXPECT_THAT(l.pay(1, A, B, 100), Settled());
}

TEST_F(DayPhaseTest, PaymentAfterTheCutOffIsRefusedTM01AndChangesNothing) {
  l.fund(A, 1000);
  ASSERT_THAT(cut_off(), Applied());
  EXPECT_EQ(l.core().day_phase(), DayPhase::kCutOff);
  const uint64_t hash = l.core().state_hash();
  const Result r = l.pay(1, A, B, 100);
  EXPECT_THAT(r, Rejected("TM01"));
  EXPECT_EQ(r.reason, Reason::kAfterCutOff);
  EXPECT_THAT(l.events(), IsEmpty());
  EXPECT_EQ(l.core().state_hash(), hash);
  EXPECT_EQ(l.balance(A), 1000);
}

TEST_F(DayPhaseTest, RefusalComesBeforeValidation) {
  ASSERT_THAT(cut_off(), Applied());
  // Even an instruction that would fail for its content is refused for the time.
  EXPECT_THAT(l.pay(1, A, A, 0), RejectedBecause(Reason::kAfterCutOff));
}

TEST_F(DayPhaseTest, QueuedPaymentsKeepSettlingAfterTheCutOff) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  ASSERT_THAT(cut_off(), Applied());
  // Liquidity still moves in, and the queue resolves.
  EXPECT_THAT(l.fund(A, 100), Settled());
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 1 queue"));
  EXPECT_EQ(l.balance(B), 100);
}

TEST_F(DayPhaseTest, QueueManagementStillWorksAfterTheCutOff) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  ASSERT_THAT(l.pay(2, A, C, 100), Queued());
  ASSERT_THAT(cut_off(), Applied());
  EXPECT_THAT(l.move_to_top(2), Applied());
  EXPECT_THAT(l.cancel(1), Applied());
  EXPECT_THAT(l.queue(A, N), ElementsAre("2"));
}

TEST_F(DayPhaseTest, EndOfDayKeepsEntryClosedUntilOpened) {
  ASSERT_THAT(l.pay(1, A, B, 100), Queued());
  ASSERT_THAT(cut_off(), Applied());
  ASSERT_THAT(l.end_of_day(kDay2), Applied());
  EXPECT_THAT(l.events(), ElementsAre("rejected 1 TM01"));
  EXPECT_EQ(l.core().value_date(), kDay2);
  EXPECT_EQ(l.core().day_phase(), DayPhase::kCutOff);
  l.fund(A, 100);
  EXPECT_THAT(l.pay(2, A, B, 100), RejectedBecause(Reason::kAfterCutOff));
  ASSERT_THAT(open(), Applied());
  EXPECT_EQ(l.core().day_phase(), DayPhase::kOpen);
  EXPECT_THAT(l.pay(2, A, B, 100), Settled()) << "a refused instruction can be sent again";
}

TEST_F(DayPhaseTest, SettingTheCurrentPhaseAgainChangesNothing) {
  ASSERT_THAT(open(), Applied());
  EXPECT_EQ(l.core().day_phase(), DayPhase::kOpen);
  ASSERT_THAT(cut_off(), Applied());
  const uint64_t hash = l.core().state_hash();
  EXPECT_THAT(cut_off(), Applied());
  EXPECT_EQ(l.core().state_hash(), hash);
}

TEST_F(DayPhaseTest, UnknownPhaseIsRejected) {
  EXPECT_THAT(l.apply(SetDayPhase{static_cast<DayPhase>(7)}), Rejected("FF01"));
  EXPECT_EQ(l.core().day_phase(), DayPhase::kOpen);
}

TEST_F(DayPhaseTest, PhaseIsInTheStateHash) {
  const uint64_t open_hash = l.core().state_hash();
  ASSERT_THAT(cut_off(), Applied());
  EXPECT_NE(l.core().state_hash(), open_hash);
}

TEST_F(DayPhaseTest, DnsPaymentsAndFxTradesAreRefusedToo) {
  ASSERT_THAT(cut_off(), Applied());
  SubmitDnsPayment dns;
  dns.uetr = uetr(1);
  ASSERT_TRUE(dns.instruction_id.assign("DNS-1"));
  dns.debtor_agent = bic(A);
  dns.creditor_agent = bic(B);
  dns.currency = ccy("EUR");
  dns.amount_minor = 10;
  EXPECT_THAT(l.apply(dns), RejectedBecause(Reason::kAfterCutOff));
  EXPECT_THAT(l.apply(SubmitFxTrade{}), RejectedBecause(Reason::kAfterCutOff));
  EXPECT_THAT(l.apply(SubmitCrossCurrencyPayment{}), RejectedBecause(Reason::kAfterCutOff));
}

}  // namespace
}  // namespace corridor::core::scenario
