// Rule 1: reference data (currencies, participants, accounts, credit lines,
// reservations, available liquidity), and conservation of money (rule 11).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

using ::testing::ElementsAre;

// --- Currencies ---------------------------------------------------------------

TEST(Currencies, DefinedWithOfficialMinorUnits) {
  Ledger l = Ledger::bare();
  EXPECT_THAT(l.define_currency("EUR", 2), Applied());
  EXPECT_THAT(l.define_currency("JPY", 0), Applied());
  EXPECT_THAT(l.define_currency("KWD", 3), Applied());
  ASSERT_EQ(l.core().currency_count(), 3u);
  std::optional<CurrencyId> jpy = l.core().find_currency(ccy("JPY"));
  ASSERT_TRUE(jpy.has_value());
  EXPECT_EQ(l.core().currency(*jpy).minor_units, 0);
  EXPECT_EQ(l.core().currency(*jpy).code, ccy("JPY"));
  EXPECT_EQ(l.core().currency(*jpy).issuer_account, kNoId) << "no central bank account yet";
}

TEST(Currencies, WrongMinorUnitsForAnIsoCodeIsRejected) {
  Ledger l = Ledger::bare();
  EXPECT_THAT(l.define_currency("EUR", 3), Rejected("AM03"));
  EXPECT_THAT(l.define_currency("JPY", 2), Rejected("AM03"));
  EXPECT_THAT(l.define_currency("KWD", 2), Rejected("AM03"));
  EXPECT_EQ(l.core().currency_count(), 0u);
  EXPECT_FALSE(l.core().find_currency(ccy("EUR")).has_value());
}

TEST(Currencies, InvalidCodeIsRejected) {
  Ledger l = Ledger::bare();
  EXPECT_THAT(l.apply(DefineCurrency{CurrencyCode(), 2}), Rejected("AM03"));
  EXPECT_EQ(l.core().currency_count(), 0u);
}

TEST(Currencies, MinorUnitsOutOfRangeAreRejected) {
  Ledger l = Ledger::bare();
  EXPECT_THAT(l.define_currency("ZZZ", -1), Rejected("AM03"));
  EXPECT_THAT(l.define_currency("ZZZ", kMinorUnitsMax + 1), Rejected("AM03"));
  EXPECT_EQ(l.core().currency_count(), 0u);
}

TEST(Currencies, DuplicateIsRejected) {
  Ledger l;  // EUR defined
  EXPECT_THAT(l.define_currency("EUR", 2), Rejected("DUPL"));
  EXPECT_EQ(l.core().currency_count(), 1u);
}

// --- Participants -----------------------------------------------------------------

TEST(Participants, DirectParticipantIsAdmittedActive) {
  Ledger l;
  EXPECT_THAT(l.add_direct(A), Applied());
  std::optional<ParticipantId> id = l.core().find_participant(bic(A));
  ASSERT_TRUE(id.has_value());
  const ParticipantRecord& p = l.core().participant(*id);
  EXPECT_EQ(p.bic, bic(A));
  EXPECT_EQ(p.kind, ParticipantKind::kDirect);
  EXPECT_EQ(p.status, ParticipantStatus::kActive);
  EXPECT_EQ(p.settlement_bank, *id) << "a direct participant settles through itself";
}

TEST(Participants, DuplicateBicIsRejected) {
  Ledger l;
  ASSERT_THAT(l.add_direct(A), Applied());
  EXPECT_THAT(l.add_direct(A), Rejected("DUPL"));
}

TEST(Participants, Bic8AndBic11WithXXXAreTheSameParticipant) {
  Ledger l;
  ASSERT_THAT(l.add_direct("AAAADEFF"), Applied());
  EXPECT_THAT(l.add_direct("AAAADEFFXXX"), Rejected("DUPL"));
  EXPECT_EQ(l.core().find_participant(bic("AAAADEFFXXX")),
            l.core().find_participant(bic("AAAADEFF")));
  // A branch BIC is a different participant.
  EXPECT_THAT(l.add_direct("AAAADEFF001"), Applied());
}

TEST(Participants, EmptyBicIsRejected) {
  Ledger l;
  AddParticipant add;
  add.name = "nobody";
  EXPECT_THAT(l.apply(add), Rejected("RC01"));
}

TEST(Participants, IndirectNeedsAnAdmittedSettlementBank) {
  Ledger l;
  EXPECT_THAT(l.add_indirect(I, A), Rejected("RC01")) << "settlement bank not admitted";
  EXPECT_FALSE(l.core().find_participant(bic(I)).has_value());
}

TEST(Participants, IndirectCannotSettleThroughAnotherIndirect) {
  Ledger l;
  l.banks({A});
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  EXPECT_THAT(l.add_indirect("JJJJDEFF", I), Rejected("AG01"));
}

TEST(Participants, CentralBankMustIssueADefinedCurrency) {
  Ledger l;
  AddParticipant add;
  add.bic = bic("CBUSUSNY");
  add.name = "Fed";
  add.kind = ParticipantKind::kCentralBank;
  add.home_currency = ccy("USD");  // not defined
  EXPECT_THAT(l.apply(add), Rejected("AM03"));
}

// --- Accounts -------------------------------------------------------------------

TEST(Accounts, OpenedOncePerParticipantAndCurrency) {
  Ledger l;
  ASSERT_THAT(l.add_direct(A), Applied());
  EXPECT_THAT(l.open(A), Applied());
  EXPECT_THAT(l.open(A), Rejected("DUPL"));
  const Account& a = l.acct(A);
  EXPECT_EQ(a.balance_minor, 0);
  EXPECT_EQ(a.credit_line_minor, 0);
  EXPECT_FALSE(a.is_issuer);
  EXPECT_EQ(a.owner, *l.core().find_participant(bic(A)));
}

TEST(Accounts, UnknownParticipantIsRejected) {
  Ledger l;
  EXPECT_THAT(l.open(A), Rejected("RC01"));
}

TEST(Accounts, UndefinedCurrencyIsRejected) {
  Ledger l;
  ASSERT_THAT(l.add_direct(A), Applied());
  EXPECT_THAT(l.open(A, "USD"), Rejected("AM03"));
}

TEST(Accounts, IndirectParticipantCannotOpenAnAccount) {
  Ledger l;
  l.banks({A});
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  EXPECT_THAT(l.open(I), Rejected("AG01"));
}

TEST(Accounts, CentralBankAccountInItsOwnCurrencyIsTheIssuerAccount) {
  Ledger l;
  const Account& cb = l.acct(CB);
  EXPECT_TRUE(cb.is_issuer);
  std::optional<CurrencyId> eur = l.core().find_currency(ccy("EUR"));
  ASSERT_TRUE(eur.has_value());
  EXPECT_EQ(l.core().currency(*eur).issuer_account, l.account(CB));
}

TEST(Accounts, CentralBankAccountInAForeignCurrencyIsNotAnIssuerAccount) {
  Ledger l;
  ASSERT_THAT(l.define_currency("USD", 2), Applied());
  ASSERT_THAT(l.open(CB, "USD"), Applied());
  EXPECT_FALSE(l.acct(CB, "USD").is_issuer);
  std::optional<CurrencyId> usd = l.core().find_currency(ccy("USD"));
  EXPECT_EQ(l.core().currency(*usd).issuer_account, kNoId);
  // Like any other account it has a floor: it cannot pay what it does not have.
  l.banks({A});
  ASSERT_THAT(l.open(A, "USD"), Applied());
  EXPECT_THAT(l.transfer(CB, A, 1, "USD"), Rejected("AM04"));
}

// --- Indirect participants ---------------------------------------------------------

TEST(IndirectParticipant, SettlesOnItsSettlementBanksAccount) {
  Ledger l;
  l.banks({A, B});
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  EXPECT_EQ(l.core().find_account(bic(I), ccy("EUR")), l.core().find_account(bic(A), ccy("EUR")));
  l.fund(A, 1000);
  EXPECT_THAT(l.pay(1, I, B, 300), Settled());
  EXPECT_EQ(l.balance(A), 700);
  EXPECT_EQ(l.balance(B), 300);
  EXPECT_THAT(l.pay(2, B, I, 100), Settled());
  EXPECT_EQ(l.balance(A), 800);
  EXPECT_EQ(l.balance(B), 200);
}

TEST(IndirectParticipant, QueuesInItsSettlementBanksQueue) {
  Ledger l;
  l.banks({A, B});
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  EXPECT_THAT(l.pay(1, I, B, 300), Queued());
  EXPECT_THAT(l.queue(A, N), ElementsAre("1"));
  EXPECT_THAT(l.fund(A, 300), Ok());
  EXPECT_THAT(l.events(), ElementsAre("settled lt1 lt", "settled 1 queue"));
  EXPECT_EQ(l.balance(B), 300);
}

TEST(IndirectParticipant, PaymentToItsOwnSettlementBankIsSameAccount) {
  Ledger l;
  l.banks({A});
  ASSERT_THAT(l.add_indirect(I, A), Applied());
  l.fund(A, 1000);
  EXPECT_THAT(l.pay(1, I, A, 10), Rejected("AG01"));
  EXPECT_THAT(l.pay(2, A, I, 10), Rejected("AG01"));
}

// --- Issuance and conservation (rule 11) ---------------------------------------------

TEST(Issuance, CentralBankCreditDrivesTheIssuerAccountNegative) {
  Ledger l;
  l.banks({A, B});
  EXPECT_THAT(l.fund(A, 1000), Ok());
  EXPECT_THAT(l.fund(B, 250), Ok());
  EXPECT_EQ(l.balance(CB), -1250);
  EXPECT_EQ(l.balance(A), 1000);
  EXPECT_EQ(l.balance(B), 250);
  EXPECT_TRUE(l.sum_of_balances() == 0);
}

TEST(Issuance, CentralBankDebitWithdrawsLiquidity) {
  Ledger l;
  l.banks({A});
  l.fund(A, 1000);
  EXPECT_THAT(l.defund(A, 400), Ok());
  EXPECT_EQ(l.balance(CB), -600);
  EXPECT_EQ(l.balance(A), 600);
  EXPECT_THAT(l.defund(A, 601), Rejected("AM04"));
  EXPECT_THAT(l.defund(A, 600), Ok());
  EXPECT_EQ(l.balance(CB), 0);
}

TEST(Issuance, SumOfBalancesStaysZeroPerCurrency) {
  Ledger l;
  ASSERT_THAT(l.define_currency("JPY", 0), Applied());
  ASSERT_THAT(l.central_bank("CBJPJPJT", "JPY"), Applied());
  l.banks({A, B});
  ASSERT_THAT(l.open(A, "JPY"), Applied());
  ASSERT_THAT(l.open(B, "JPY"), Applied());
  l.fund(A, 500);
  l.fund(A, 70000, "JPY");
  EXPECT_THAT(l.pay(1, A, B, 200), Settled());
  EXPECT_THAT(l.pay(2, A, B, 30000, PayOptions{.currency = "JPY"}), Settled());
  EXPECT_TRUE(l.sum_of_balances("EUR") == 0);
  EXPECT_TRUE(l.sum_of_balances("JPY") == 0);
  EXPECT_EQ(l.balance(CB), -500);
  EXPECT_EQ(l.balance("CBJPJPJT", "JPY"), -70000);
  EXPECT_EQ(l.balance(B, "JPY"), 30000);
}

TEST(Issuance, BalanceOverflowIsRejected) {
  Ledger l;
  l.banks({A});
  ASSERT_THAT(l.fund(A, INT64_MAX), Ok());
  EXPECT_THAT(l.fund(A, 1), Rejected("AM02"));
  EXPECT_EQ(l.balance(A), INT64_MAX);
}

// --- Credit lines -------------------------------------------------------------------

TEST(CreditLine, LetsTheBalanceGoDownToMinusTheLine) {
  Ledger l;
  l.banks({A, B});
  EXPECT_THAT(l.credit_line(A, 500), Applied());
  EXPECT_EQ(l.acct(A).credit_line_minor, 500);
  EXPECT_THAT(l.pay(1, A, B, 500), Settled());
  EXPECT_EQ(l.balance(A), -500);
  EXPECT_THAT(l.pay(2, A, B, 1), Queued());
}

TEST(CreditLine, NegativeLineIsRejected) {
  Ledger l;
  l.banks({A});
  EXPECT_THAT(l.credit_line(A, -1), Rejected("AM02"));
}

TEST(CreditLine, CannotBeCutBelowTheCreditInUse) {
  Ledger l;
  l.banks({A, B});
  ASSERT_THAT(l.credit_line(A, 500), Applied());
  ASSERT_THAT(l.pay(1, A, B, 300), Settled());
  EXPECT_THAT(l.credit_line(A, 299), Rejected("AM04"));
  EXPECT_EQ(l.acct(A).credit_line_minor, 500);
  EXPECT_THAT(l.credit_line(A, 300), Applied());
}

TEST(CreditLine, UnknownParticipantAccountOrCurrencyIsRejected) {
  Ledger l;
  l.banks({A});
  EXPECT_THAT(l.credit_line(B, 10), Rejected("RC01"));
  ASSERT_THAT(l.add_direct(B), Applied());
  EXPECT_THAT(l.credit_line(B, 10), Rejected("AC01"));
}

TEST(ReferenceData, UndefinedCurrencyIsAM03ForAccountsAndPayments) {
  Ledger l;
  l.banks({A, B});
  EXPECT_THAT(l.open(A, "USD"), Rejected("AM03"));
  EXPECT_THAT(l.transfer(A, B, 10, "USD"), Rejected("AM03"));
  EXPECT_THAT(l.pay(1, A, B, 10, PayOptions{.currency = "USD"}), Rejected("AM03"));
}

// Spec rule 12: "invalid currency / currency not accepted" is AM03, as for
// OpenAccount, LiquidityTransfer and SubmitPayment.
TEST(ReferenceData, UndefinedCurrencyIsAM03ForAccountSettings) {
  Ledger l;
  l.banks({A, B});
  EXPECT_THAT(l.credit_line(A, 10, "USD"), Rejected("AM03"));
  EXPECT_THAT(l.reserve(A, HU, 10, "USD"), Rejected("AM03"));
  EXPECT_THAT(l.bilateral_limit(A, B, 10, "USD"), Rejected("AM03"));
  EXPECT_THAT(l.multilateral_limit(A, 10, "USD"), Rejected("AM03"));
}

TEST(ReferenceData, DefinedCurrencyWithoutAccountIsAC01ForEveryAccountCommand) {
  Ledger l;
  l.banks({A, B});
  ASSERT_THAT(l.define_currency("USD", 2), Applied());
  EXPECT_THAT(l.credit_line(A, 10, "USD"), Rejected("AC01"));
  EXPECT_THAT(l.reserve(A, HU, 10, "USD"), Rejected("AC01"));
  EXPECT_THAT(l.bilateral_limit(A, B, 10, "USD"), Rejected("AC01"));
  EXPECT_THAT(l.multilateral_limit(A, 10, "USD"), Rejected("AC01"));
  EXPECT_THAT(l.transfer(A, B, 10, "USD"), Rejected("AC01"));
  EXPECT_THAT(l.pay(1, A, B, 10, PayOptions{.currency = "USD"}), Rejected("AC01"));
}

// --- Reservations and available liquidity ----------------------------------------------

// Spec rule 1 example: balance 1,000, credit line 500, HU reserve 300,
// U reserve 200: an HU payment may use 1,500, a U payment 1,200, a normal one 1,000.
class AvailableLiquidityExample : public ::testing::Test {
 protected:
  void SetUp() override {
    l.banks({A, B});
    ASSERT_THAT(l.fund(A, 1000), Ok());
    ASSERT_THAT(l.credit_line(A, 500), Applied());
    ASSERT_THAT(l.reserve(A, HU, 300), Applied());
    ASSERT_THAT(l.reserve(A, U, 200), Applied());
  }
  Ledger l;
};

TEST_F(AvailableLiquidityExample, PerPriority) {
  EXPECT_EQ(l.available(A, HU), 1500);
  EXPECT_EQ(l.available(A, U), 1200);
  EXPECT_EQ(l.available(A, N), 1000);
  EXPECT_EQ(l.acct(A).reserved_minor[0], 300);
  EXPECT_EQ(l.acct(A).reserved_minor[1], 200);
}

TEST_F(AvailableLiquidityExample, HighlyUrgentMayUseEverything) {
  EXPECT_THAT(l.pay(1, A, B, 1501, HU), Queued());
  EXPECT_THAT(l.cancel(1), Applied());
  EXPECT_THAT(l.pay(2, A, B, 1500, HU), Settled());
  EXPECT_EQ(l.balance(A), -500);
}

TEST_F(AvailableLiquidityExample, UrgentMayNotUseTheHighlyUrgentReserve) {
  EXPECT_THAT(l.pay(1, A, B, 1201, U), Queued());
  EXPECT_THAT(l.cancel(1), Applied());
  EXPECT_THAT(l.pay(2, A, B, 1200, U), Settled());
  EXPECT_EQ(l.balance(A), -200);
}

TEST_F(AvailableLiquidityExample, NormalMayNotUseEitherReserve) {
  EXPECT_THAT(l.pay(1, A, B, 1001, N), Queued());
  EXPECT_THAT(l.pay(2, A, B, 1000, N), Settled()) << "normal payments bypass the N queue";
  EXPECT_EQ(l.balance(A), 0);
}

TEST_F(AvailableLiquidityExample, ReservationIsSetNotAdded) {
  ASSERT_THAT(l.reserve(A, HU, 100), Applied());
  EXPECT_EQ(l.acct(A).reserved_minor[0], 100);
  EXPECT_EQ(l.available(A, U), 1400);
  EXPECT_EQ(l.available(A, N), 1200);
}

TEST_F(AvailableLiquidityExample, ReservationsStandAfterPaymentsUseLiquidity) {
  ASSERT_THAT(l.pay(1, A, B, 600, HU), Settled());
  EXPECT_EQ(l.available(A, HU), 900);
  EXPECT_EQ(l.available(A, U), 600);
  EXPECT_EQ(l.available(A, N), 400);
}

TEST(Reservation, OnlyForHighlyUrgentOrUrgent) {
  Ledger l;
  l.banks({A});
  EXPECT_THAT(l.reserve(A, N, 100), Rejected("FF01"));
  EXPECT_THAT(l.reserve(A, static_cast<Priority>(7), 100), Rejected("FF01"));
}

TEST(Reservation, NegativeAmountIsRejected) {
  Ledger l;
  l.banks({A});
  EXPECT_THAT(l.reserve(A, HU, -1), Rejected("AM02"));
}

TEST(Reservation, MayExceedTheBalance) {
  Ledger l;
  l.banks({A, B});
  l.fund(A, 100);
  EXPECT_THAT(l.reserve(A, HU, 500), Applied());
  EXPECT_LE(l.available(A, N), 0);
  EXPECT_THAT(l.pay(1, A, B, 1, N), Queued());
  EXPECT_THAT(l.pay(2, A, B, 100, HU), Settled());
}

TEST(AvailableLiquidity, IssuerAccountIsUnbounded) {
  Ledger l;
  EXPECT_EQ(l.available(CB, HU), INT64_MAX);
  EXPECT_EQ(l.available(CB, N), INT64_MAX);
}

}  // namespace
}  // namespace corridor::core::scenario
