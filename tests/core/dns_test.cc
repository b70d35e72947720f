// Rule 14: deferred net settlement (DNS) and the reserve fund
// (docs/settlement-rules.md). The hand-worked examples of the rule are the
// tests named Example*. The Ledger checks invariants, conservation (the fund
// included) and that rejected commands change nothing after every command.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Result dns_pay(Ledger& l, uint64_t n, std::string_view from, std::string_view to,
               AmountMinor amount) {
  SubmitDnsPayment p;
  p.uetr = uetr(n);
  EXPECT_TRUE(p.instruction_id.assign("DNS-" + std::to_string(n)));
  p.debtor_agent = bic(from);
  p.creditor_agent = bic(to);
  p.currency = ccy("EUR");
  p.amount_minor = amount;
  return l.apply(p);
}
Result cap(Ledger& l, std::string_view b, AmountMinor cap_minor) {
  return l.apply(SetNetDebitCap{bic(b), ccy("EUR"), cap_minor});
}
Result settle(Ledger& l) {
  return l.apply(SettleDnsCycle{ccy("EUR")});
}
const DnsPosition* position_of(const Ledger& l, std::string_view b) {
  for (const DnsPosition& p : l.core().last_dns_report().positions) {
    if (p.account == l.account(b)) return &p;
  }
  return nullptr;
}
AmountMinor contribution(const Ledger& l, std::string_view b) {
  const DnsAccount* a = l.core().dns().account(l.account(b));
  return a == nullptr ? 0 : a->contribution_minor;
}
AmountMinor fund(const Ledger& l) {
  return l.core().dns_fund_minor(*l.core().find_currency(ccy("EUR")));
}
size_t open_count(const Ledger& l) {
  return l.core().dns_open_count(*l.core().find_currency(ccy("EUR")));
}

// Four banks with 1,000 each and a net debit cap of 1,000.
Ledger four_banks() {
  Ledger l;
  l.banks({A, B, C, D});
  for (std::string_view b : {A, B, C, D}) {
    EXPECT_THAT(l.fund(b, 1000), Settled());
    EXPECT_THAT(cap(l, b, 1000), Applied());
  }
  return l;
}

// --- Submission, caps and cancellation ---------------------------------------------

TEST(DnsSubmission, EntersTheCycleWithoutMovingBalances) {
  Ledger l = four_banks();
  EXPECT_THAT(dns_pay(l, 1, A, B, 300), Queued());
  EXPECT_THAT(l.events(), ElementsAre("queued 1"));
  EXPECT_EQ(l.balance(A), 1000);
  EXPECT_EQ(l.balance(B), 1000);
  EXPECT_EQ(open_count(l), 1u);
  EXPECT_EQ(l.core().dns().account(l.account(A))->position_minor, -300);
  EXPECT_EQ(l.core().dns().account(l.account(B))->position_minor, 300);
}

TEST(DnsSubmission, BeyondTheNetDebitCapIsRejectedNotHeld) {
  Ledger l = four_banks();
  EXPECT_THAT(cap(l, A, 500), Applied());
  EXPECT_THAT(dns_pay(l, 1, A, B, 400), Queued());
  EXPECT_THAT(dns_pay(l, 2, A, C, 101), RejectedBecause(Reason::kNetDebitCapExceeded));
  EXPECT_THAT(dns_pay(l, 2, A, C, 101), Rejected("AM14"));
  // What A receives in the cycle makes room: the cap is on the net debit.
  EXPECT_THAT(dns_pay(l, 3, C, A, 50), Queued());
  EXPECT_THAT(dns_pay(l, 2, A, C, 150), Queued());
  EXPECT_EQ(open_count(l), 3u);
}

TEST(DnsSubmission, WithoutACapOnlyWhatWasReceivedCanBePaid) {
  Ledger l;
  l.banks({A, B});
  EXPECT_THAT(dns_pay(l, 1, A, B, 1), RejectedBecause(Reason::kNetDebitCapExceeded));
  EXPECT_THAT(cap(l, B, 10), Applied());
  EXPECT_THAT(dns_pay(l, 2, B, A, 10), Queued());
  EXPECT_THAT(dns_pay(l, 1, A, B, 10), Queued());
  EXPECT_THAT(dns_pay(l, 3, A, B, 1), RejectedBecause(Reason::kNetDebitCapExceeded));
}

TEST(DnsSubmission, InvalidPaymentsAreRejectedAndChangeNothing) {
  Ledger l = four_banks();
  EXPECT_THAT(dns_pay(l, 1, A, B, 0), Rejected("AM01"));
  EXPECT_THAT(dns_pay(l, 1, A, B, -5), Rejected("AM02"));
  EXPECT_THAT(dns_pay(l, 1, A, "ZZZZDEFF", 5), Rejected("RC01"));
  EXPECT_THAT(dns_pay(l, 1, A, A, 5), RejectedBecause(Reason::kSameAccount));
  EXPECT_THAT(cap(l, A, -1), Rejected("AM02"));
  SubmitDnsPayment nil;
  nil.debtor_agent = bic(A);
  nil.creditor_agent = bic(B);
  nil.currency = ccy("EUR");
  nil.amount_minor = 5;
  EXPECT_THAT(l.apply(nil), RejectedBecause(Reason::kInvalidUetr));
  EXPECT_THAT(l.suspend(B), Applied());
  EXPECT_THAT(dns_pay(l, 1, A, B, 5), Rejected("AC06"));
  EXPECT_EQ(open_count(l), 0u);
}

TEST(DnsSubmission, AUetrIsUsedOnceAcrossRtgsAndDns) {
  Ledger l = four_banks();
  EXPECT_THAT(l.pay(1, A, B, 10), Settled());
  EXPECT_THAT(dns_pay(l, 1, A, B, 10), Rejected("DUPL"));
  EXPECT_THAT(dns_pay(l, 2, A, B, 10), Queued());
  EXPECT_THAT(dns_pay(l, 2, A, B, 10), Rejected("DUPL"));
  EXPECT_THAT(l.pay(2, A, B, 10), Rejected("DUPL"));
}

TEST(DnsCancellation, OwnerOrOperatorCancelsOthersSeeNothing) {
  Ledger l = four_banks();
  EXPECT_THAT(dns_pay(l, 1, A, B, 300), Queued());
  EXPECT_THAT(dns_pay(l, 2, A, C, 200), Queued());
  EXPECT_THAT(dns_pay(l, 3, B, C, 100), Queued());
  EXPECT_THAT(l.cancel_by(B, 1), Rejected("NOOR"));  // the creditor may not
  EXPECT_THAT(l.cancel(3), Applied());               // the operator
  EXPECT_THAT(l.events(), ElementsAre("cancelled 3 CUST"));
  EXPECT_THAT(l.cancel_by(A, 1), Applied());
  EXPECT_THAT(l.cancel_by(A, 1), Rejected("NOOR"));  // once
  EXPECT_EQ(open_count(l), 1u);
  EXPECT_EQ(l.core().dns().account(l.account(A))->position_minor, -200);
  EXPECT_EQ(l.core().dns().account(l.account(B))->position_minor, 0);
  // The peak stays: it was observed, and sizes the fund.
  EXPECT_EQ(l.core().dns().account(l.account(A))->peak_debit_minor, 500);
  ASSERT_THAT(settle(l), Applied());
  EXPECT_EQ(l.balance(A), 800 - l.core().last_dns_report().fund_required_minor);
  EXPECT_EQ(l.balance(C), 1200);
}

TEST(DnsCancellation, NotWhenItWouldTakeTheCreditorBeyondItsCap) {
  Ledger l = four_banks();
  EXPECT_THAT(cap(l, B, 100), Applied());
  EXPECT_THAT(dns_pay(l, 1, A, B, 300), Queued());
  EXPECT_THAT(dns_pay(l, 2, B, C, 350), Queued());  // B: +300 - 350 = -50, within 100
  EXPECT_THAT(l.cancel(1), RejectedBecause(Reason::kNetDebitCapExceeded));
  EXPECT_THAT(cap(l, B, 40), RejectedBecause(Reason::kCreditInUse));
  EXPECT_THAT(l.cancel(2), Applied());
  EXPECT_THAT(l.cancel(1), Applied());
  EXPECT_THAT(cap(l, B, 0), Applied());
}

TEST(DnsCancellation, AnIndirectsSettlementBankMayCancelForIt) {
  Ledger l = four_banks();
  EXPECT_THAT(l.add_indirect(I, A), Applied());
  EXPECT_THAT(dns_pay(l, 1, I, B, 10), Queued());
  EXPECT_THAT(l.cancel_by(A, 1), Applied());
}

// --- Cycle settlement --------------------------------------------------------------

TEST(DnsCycle, EmptyCycleIsNotSettled) {
  Ledger l = four_banks();
  EXPECT_THAT(settle(l), RejectedBecause(Reason::kDnsCycleEmpty));
  EXPECT_THAT(l.apply(SettleDnsCycle{ccy("USD")}), Rejected("AM03"));
}

// docs/settlement-rules.md, rule 15, example 1.
TEST(DnsCycle, ExampleNetPositionsOfACycle) {
  Ledger l = four_banks();
  EXPECT_THAT(dns_pay(l, 1, A, B, 300), Queued());
  EXPECT_THAT(dns_pay(l, 2, B, C, 200), Queued());
  EXPECT_THAT(dns_pay(l, 3, C, A, 100), Queued());
  EXPECT_THAT(dns_pay(l, 4, A, C, 250), Queued());
  EXPECT_THAT(dns_pay(l, 5, D, A, 50), Queued());
  EXPECT_THAT(dns_pay(l, 6, B, D, 120), Queued());
  ASSERT_THAT(settle(l), Applied());
  EXPECT_THAT(l.events(), IsEmpty());  // the report says what happened
  const DnsCycleReport& r = l.core().last_dns_report();
  EXPECT_EQ(r.cycle, 1u);
  EXPECT_EQ(r.payment_count, 6u);
  EXPECT_EQ(r.gross_value_minor, 1020);
  EXPECT_THAT(r.draws, IsEmpty());
  ASSERT_EQ(r.positions.size(), 4u);
  EXPECT_EQ(position_of(l, A)->net_minor, -400);
  EXPECT_EQ(position_of(l, B)->net_minor, -20);
  EXPECT_EQ(position_of(l, C)->net_minor, 350);
  EXPECT_EQ(position_of(l, D)->net_minor, 70);
  EXPECT_EQ(position_of(l, A)->paid_minor, 400);
  // Cover 1: the largest peak net debit is A's 450 (after payment 4); shares
  // pro rata to the peaks 450, 20, 0, 50: 389.42, 17.31, 0, 43.27 -> 389, 17,
  // 0, 43 and the remaining unit to A (first in account order).
  EXPECT_EQ(r.fund_required_minor, 450);
  EXPECT_EQ(position_of(l, A)->contribution_required_minor, 390);
  EXPECT_EQ(position_of(l, B)->contribution_required_minor, 17);
  EXPECT_EQ(position_of(l, C)->contribution_required_minor, 0);
  EXPECT_EQ(position_of(l, D)->contribution_required_minor, 43);
  EXPECT_EQ(contribution(l, A), 390);
  EXPECT_EQ(fund(l), 450);
  EXPECT_EQ(l.balance(A), 1000 - 400 - 390);
  EXPECT_EQ(l.balance(B), 1000 - 20 - 17);
  EXPECT_EQ(l.balance(C), 1000 + 350);
  EXPECT_EQ(l.balance(D), 1000 + 70 - 43);
  EXPECT_EQ(position_of(l, A)->balance_change_minor, -790);
  EXPECT_EQ(open_count(l), 0u);
}

TEST(DnsCycle, APaymentSettlesAtMostOnce) {
  Ledger l = four_banks();
  EXPECT_THAT(dns_pay(l, 1, A, B, 300), Queued());
  ASSERT_THAT(settle(l), Applied());
  EXPECT_THAT(settle(l), RejectedBecause(Reason::kDnsCycleEmpty));
  EXPECT_THAT(l.cancel(1), Rejected("NOOR"));
  EXPECT_THAT(dns_pay(l, 1, A, B, 300), Rejected("DUPL"));
  EXPECT_EQ(l.balance(B), 1300);
}

TEST(DnsCycle, CreditsReleaseQueuedRtgsPayments) {
  Ledger l = four_banks();
  EXPECT_THAT(l.pay(10, C, D, 1200), Queued());  // C has 1,000
  EXPECT_THAT(dns_pay(l, 1, A, C, 300), Queued());
  ASSERT_THAT(settle(l), Applied());
  EXPECT_THAT(l.events(), ElementsAre("settled 10 queue"));
  EXPECT_EQ(l.balance(C), 100);
}

TEST(DnsCycle, OpenPaymentsAreRejectedAtEndOfDay) {
  Ledger l = four_banks();
  EXPECT_THAT(dns_pay(l, 1, A, B, 300), Queued());
  EXPECT_THAT(l.end_of_day(20260102), Applied());
  EXPECT_THAT(l.events(), ElementsAre("rejected 1 TM01"));
  EXPECT_EQ(open_count(l), 0u);
  EXPECT_EQ(l.core().dns().account(l.account(A))->position_minor, 0);
}

TEST(DnsCycle, NoParticipantClosesWithOpenPaymentsOrAContribution) {
  Ledger l = four_banks();
  EXPECT_THAT(l.defund(D, 1000), Settled());
  EXPECT_THAT(dns_pay(l, 1, D, A, 0 + 5), Queued());
  EXPECT_THAT(l.close(D), Rejected("AG01"));
  ASSERT_THAT(settle(l), Rejected("AM04"));  // D defaults, the fund is empty
  EXPECT_THAT(l.cancel(1), Applied());
  EXPECT_THAT(l.close(D), Applied());
}

// --- The reserve fund ------------------------------------------------------------------

// Cycle 1 of example 2: A, B and C each pay D; contributions 360, 180, 60.
Ledger after_first_cycle() {
  Ledger l = four_banks();
  EXPECT_THAT(dns_pay(l, 1, A, D, 600), Queued());
  EXPECT_THAT(dns_pay(l, 2, B, D, 300), Queued());
  EXPECT_THAT(dns_pay(l, 3, C, D, 100), Queued());
  EXPECT_THAT(settle(l), Applied());
  EXPECT_EQ(contribution(l, A), 360);
  EXPECT_EQ(contribution(l, B), 180);
  EXPECT_EQ(contribution(l, C), 60);
  EXPECT_EQ(fund(l), 600);
  EXPECT_EQ(l.balance(A), 40);
  EXPECT_EQ(l.balance(B), 520);
  EXPECT_EQ(l.balance(C), 840);
  EXPECT_EQ(l.balance(D), 2000);
  return l;
}

// docs/settlement-rules.md, rule 15, example 2: the largest net debtor defaults.
TEST(DnsReserveFund, ExampleLargestNetDebtorDefaults) {
  Ledger l = after_first_cycle();
  EXPECT_THAT(dns_pay(l, 4, A, D, 500), Queued());
  EXPECT_THAT(dns_pay(l, 5, B, C, 200), Queued());
  ASSERT_THAT(settle(l), Applied());
  const DnsCycleReport& r = l.core().last_dns_report();
  EXPECT_EQ(r.cycle, 2u);
  // A owes 500 and has 40: 460 short. Its own 360 first, then 100 from B and C
  // pro rata to 180 and 60: 75 and 25.
  EXPECT_EQ(position_of(l, A)->paid_minor, 40);
  EXPECT_EQ(position_of(l, A)->shortfall_minor, 460);
  ASSERT_EQ(r.draws.size(), 3u);
  EXPECT_EQ(r.draws[0].defaulter, l.account(A));
  EXPECT_EQ(r.draws[0].contributor, l.account(A));
  EXPECT_EQ(r.draws[0].amount_minor, 360);
  EXPECT_EQ(r.draws[1].contributor, l.account(B));
  EXPECT_EQ(r.draws[1].amount_minor, 75);
  EXPECT_EQ(r.draws[2].contributor, l.account(C));
  EXPECT_EQ(r.draws[2].amount_minor, 25);
  EXPECT_EQ(l.core().dns_claim_minor(l.account(A), l.account(B)), 75);
  EXPECT_EQ(l.core().dns_claim_minor(l.account(A), l.account(C)), 25);
  EXPECT_EQ(l.core().dns_claim_minor(l.account(A), l.account(A)), 0);
  // D and C are paid in full.
  EXPECT_EQ(l.balance(D), 2500);
  // New requirement: peaks A 500, B 200: 357.14 + 142.86 -> 357 + 142, the
  // remaining unit to A: 358 and 142. A has nothing left to give; B tops its
  // 105 up to 142; C's 35 is refunded.
  EXPECT_EQ(r.fund_required_minor, 500);
  EXPECT_EQ(position_of(l, A)->contribution_required_minor, 358);
  EXPECT_EQ(position_of(l, A)->contribution_after_minor, 0);
  EXPECT_EQ(position_of(l, B)->contribution_required_minor, 142);
  EXPECT_EQ(contribution(l, B), 142);
  EXPECT_EQ(contribution(l, C), 0);
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(B), 520 - 200 - 37);
  EXPECT_EQ(l.balance(C), 840 + 200 + 35);
  EXPECT_EQ(fund(l), 142);
  EXPECT_EQ(r.fund_before_minor, 600);
  EXPECT_EQ(r.fund_after_minor, 142);
}

TEST(DnsReserveFund, DrawRemainderGoesToContributorsInAccountOrder) {
  Ledger l = after_first_cycle();
  EXPECT_THAT(dns_pay(l, 4, A, D, 501), Queued());
  ASSERT_THAT(settle(l), Applied());
  // 461 short: 360 own, then 101 from 180 and 60: 75.75 and 25.25 -> 75 + 25,
  // and the remaining unit to B (first in account order).
  EXPECT_EQ(l.core().dns_claim_minor(l.account(A), l.account(B)), 76);
  EXPECT_EQ(l.core().dns_claim_minor(l.account(A), l.account(C)), 25);
  EXPECT_EQ(l.balance(D), 2501);
}

TEST(DnsReserveFund, TwoDefaultersDrawInAccountOrderAndEachOwesItsOwn) {
  Ledger l = after_first_cycle();
  EXPECT_THAT(dns_pay(l, 4, A, D, 420), Queued());   // 380 short: 360 own + 20
  EXPECT_THAT(dns_pay(l, 5, C, D, 1000), Queued());  // 160 short: 60 own + 100
  ASSERT_THAT(settle(l), Applied());
  // Only B's 180 is left after the own contributions: it pays 20 for A, 100 for C.
  EXPECT_EQ(l.core().dns_claim_minor(l.account(A), l.account(B)), 20);
  EXPECT_EQ(l.core().dns_claim_minor(l.account(C), l.account(B)), 100);
  EXPECT_EQ(l.core().dns_claim_minor(l.account(A), l.account(C)), 0);
  EXPECT_EQ(l.balance(D), 2000 + 1420);
  EXPECT_EQ(l.balance(A), 0);
  EXPECT_EQ(l.balance(C), 0);
}

TEST(DnsReserveFund, ShortfallBeyondTheWholeFundSettlesNothing) {
  Ledger l = after_first_cycle();
  EXPECT_THAT(dns_pay(l, 4, A, D, 1000), Queued());
  EXPECT_THAT(dns_pay(l, 5, B, C, 200), Queued());
  const uint64_t before = l.core().state_hash();
  // 960 short: 360 of its own and 240 of the others' are not enough.
  EXPECT_THAT(settle(l), RejectedBecause(Reason::kDnsFundInsufficient));
  EXPECT_EQ(l.core().state_hash(), before);
  EXPECT_EQ(open_count(l), 2u);
  EXPECT_EQ(fund(l), 600);
  EXPECT_EQ(l.balance(A), 40);
  // Liquidity arrives; the same cycle then settles.
  EXPECT_THAT(l.fund(A, 400), Settled());
  EXPECT_THAT(settle(l), Applied());
  EXPECT_EQ(l.balance(D), 3000);
}

TEST(DnsReserveFund, RemainderUnitsGoInAccountOrder) {
  // Three equal peaks of 1 and a requirement of 1: shares 0, 0, 0 and the unit to the first.
  Ledger l = four_banks();
  EXPECT_THAT(dns_pay(l, 1, A, D, 1), Queued());
  EXPECT_THAT(dns_pay(l, 2, B, D, 1), Queued());
  EXPECT_THAT(dns_pay(l, 3, C, D, 1), Queued());
  ASSERT_THAT(settle(l), Applied());
  EXPECT_EQ(contribution(l, A), 1);
  EXPECT_EQ(contribution(l, B), 0);
  EXPECT_EQ(contribution(l, C), 0);
}

TEST(DnsReserveFund, SurvivesAStateImage) {
  Ledger l = after_first_cycle();
  EXPECT_THAT(dns_pay(l, 4, A, D, 500), Queued());
  EXPECT_THAT(dns_pay(l, 5, B, C, 200), Queued());
  ASSERT_THAT(settle(l), Applied());
  EXPECT_THAT(dns_pay(l, 6, C, B, 10), Queued());
  std::vector<uint8_t> image;
  l.core().save_state(&image);
  Core restored;
  std::string error;
  ASSERT_TRUE(restored.load_state(image, &error)) << error;
  EXPECT_EQ(restored.state_hash(), l.core().state_hash());
  EXPECT_EQ(restored.dns_claim_minor(l.account(A), l.account(B)), 75);
  // Both settle the open cycle the same way.
  const Command command{l.clock(), SettleDnsCycle{ccy("EUR")}};
  ASSERT_TRUE(restored.apply(command).ok());
  ASSERT_THAT(settle(l), Applied());
  EXPECT_EQ(restored.state_hash(), l.core().state_hash());
}

TEST(DnsReserveFund, StateHashCoversCapsPaymentsAndContributions) {
  Ledger one = four_banks();
  Ledger two = four_banks();
  EXPECT_EQ(one.core().state_hash(), two.core().state_hash());
  EXPECT_THAT(cap(two, A, 999), Applied());
  EXPECT_NE(one.core().state_hash(), two.core().state_hash());
  EXPECT_THAT(cap(two, A, 1000), Applied());
  EXPECT_EQ(one.core().state_hash(), two.core().state_hash());
  EXPECT_THAT(dns_pay(two, 1, A, B, 5), Queued());
  EXPECT_NE(one.core().state_hash(), two.core().state_hash());
}

}  // namespace
}  // namespace corridor::core::scenario
