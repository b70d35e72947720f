// The core is a deterministic state machine: the same commands give the same
// state, events and state_hash(); a different command gives a different hash.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <vector>

#include "scenario_helpers.h"

namespace corridor::core::scenario {
namespace {

SubmitPayment payment(uint64_t n, std::string_view from, std::string_view to, AmountMinor amount,
                      Priority priority = Priority::kNormal, TimestampNs earliest = kNoTime,
                      TimestampNs latest = kNoTime) {
  SubmitPayment p;
  p.uetr = uetr(n);
  p.debtor_agent = bic(from);
  p.creditor_agent = bic(to);
  p.currency = ccy("EUR");
  p.amount_minor = amount;
  p.priority = priority;
  p.earliest_ns = earliest;
  p.latest_ns = latest;
  return p;
}

AddParticipant direct(std::string_view b) {
  AddParticipant add;
  add.bic = bic(b);
  add.name = std::string(b);
  return add;
}

// A busy day touching most rules: reference data, funding, entry, queues,
// offsetting, limits, reservations, timed payments, cancellation, priority
// changes, gridlock, suspension and end of day.
std::vector<Command> busy_day() {
  const CurrencyCode eur = ccy("EUR");
  AddParticipant cb;
  cb.bic = bic(CB);
  cb.name = "central bank";
  cb.kind = ParticipantKind::kCentralBank;
  cb.home_currency = eur;
  AddParticipant indirect;
  indirect.bic = bic(I);
  indirect.name = "indirect";
  indirect.kind = ParticipantKind::kIndirect;
  indirect.settlement_bank = bic(A);

  TimestampNs t = kT0;
  std::vector<Command> commands;
  auto at = [&](TimestampNs dt, CommandBody body) {
    t += dt;
    commands.push_back(Command{t, std::move(body)});
  };
  at(0, DefineCurrency{eur, 2});
  at(0, cb);
  at(0, OpenAccount{bic(CB), eur});
  for (std::string_view b : {A, B, C, D}) {
    at(1, direct(b));
    at(0, OpenAccount{bic(b), eur});
  }
  at(1, indirect);
  at(1, LiquidityTransfer{lt_uetr(1), bic(CB), bic(A), eur, 1000});
  at(1, LiquidityTransfer{lt_uetr(2), bic(CB), bic(B), eur, 500});
  at(1, SetCreditLine{bic(C), eur, 300});
  at(1, ReserveLiquidity{bic(A), eur, Priority::kHighlyUrgent, 200});
  at(1, SetBilateralLimit{bic(B), bic(C), eur, 100, false});
  at(1, SetMultilateralLimit{bic(D), eur, 50, false});
  at(kSecond, payment(1, A, B, 300));
  at(kSecond, payment(2, B, C, 700, Priority::kUrgent));
  at(kSecond, payment(3, C, D, 900));
  at(kSecond, payment(4, D, A, 400, Priority::kHighlyUrgent));
  at(kSecond, payment(5, I, C, 50, Priority::kNormal, kT0 + kMinute));
  at(kSecond, payment(6, B, C, 5000));
  at(kSecond, payment(7, C, B, 60, Priority::kUrgent, kNoTime, kT0 + 30 * kSecond));
  at(kSecond, payment(8, D, C, 5000));
  at(kSecond, ChangePriority{uetr(6), Priority::kUrgent});
  at(kSecond, MoveInQueue{uetr(6), QueuePosition::kTop});
  at(kSecond, CancelPayment{uetr(8)});
  at(kSecond, SuspendParticipant{bic(D)});
  at(kSecond, RunGridlockResolution{GridlockAlgorithm::kBilateral});
  at(kSecond, ReactivateParticipant{bic(D)});
  at(kMinute, AdvanceTime{});
  at(kSecond, RunGridlockResolution{GridlockAlgorithm::kPartial});
  at(kSecond, payment(9, A, D, 10));
  at(kSecond, payment(9, A, D, 10));  // duplicate: rejected
  at(kSecond, RunGridlockResolution{GridlockAlgorithm::kAllOrNothing});
  at(kSecond, EndOfDay{20260102});
  at(kSecond, payment(10, B, A, 5));
  return commands;
}

struct Trace {
  std::vector<uint64_t> hashes;
  std::vector<Result> results;
  std::vector<std::vector<std::string>> events;
};

Trace run(const std::vector<Command>& commands) {
  Core core;
  Trace r;
  for (const Command& c : commands) {
    r.results.push_back(core.apply(c));
    r.hashes.push_back(core.state_hash());
    std::vector<std::string> events;
    for (const Event& e : core.events()) events.push_back(render(e));
    r.events.push_back(events);
    EXPECT_THAT(core.check_invariants(), ::testing::IsEmpty()) << command_name(c.body);
  }
  return r;
}

TEST(Determinism, SameCommandsGiveTheSameStateHashAndEvents) {
  const std::vector<Command> commands = busy_day();
  const Trace first = run(commands);
  const Trace second = run(commands);
  ASSERT_EQ(first.hashes.size(), commands.size());
  EXPECT_EQ(first.hashes, second.hashes);
  EXPECT_EQ(first.events, second.events);
  for (size_t i = 0; i < commands.size(); ++i) {
    EXPECT_EQ(first.results[i].outcome, second.results[i].outcome) << i;
    EXPECT_EQ(first.results[i].reason, second.results[i].reason) << i;
  }
}

TEST(Determinism, TheBusyDayExercisesTheCore) {
  const Trace r = run(busy_day());
  size_t settled = 0, queued = 0, rejected = 0;
  for (const Result& result : r.results) {
    settled += result.outcome == Outcome::kSettled;
    queued += result.outcome == Outcome::kQueued;
    rejected += result.outcome == Outcome::kRejected;
  }
  EXPECT_GT(settled, 0u);
  EXPECT_GT(queued, 0u);
  EXPECT_EQ(rejected, 1u) << "only the duplicate";
  for (size_t i = 0; i < r.results.size() && rejected != 1; ++i) {
    if (r.results[i].outcome == Outcome::kRejected) {
      ADD_FAILURE() << "command " << i << " rejected: " << iso_code(r.results[i].reason) << " "
                    << reason_text(r.results[i].reason);
    }
  }
}

TEST(Determinism, ADifferentAmountGivesADifferentHash) {
  std::vector<Command> commands = busy_day();
  const Trace original = run(commands);
  for (Command& c : commands) {
    if (auto* p = std::get_if<SubmitPayment>(&c.body); p && p->uetr == uetr(1)) {
      p->amount_minor += 1;
    }
  }
  const Trace changed = run(commands);
  EXPECT_NE(original.hashes.back(), changed.hashes.back());
}

TEST(Determinism, ADifferentTimestampGivesADifferentHash) {
  std::vector<Command> commands = busy_day();
  const Trace original = run(commands);
  commands.back().timestamp_ns += 1;
  const Trace changed = run(commands);
  EXPECT_NE(original.hashes.back(), changed.hashes.back());
}

TEST(Determinism, AnExtraCommandGivesADifferentHash) {
  std::vector<Command> commands = busy_day();
  const Trace original = run(commands);
  commands.push_back(Command{commands.back().timestamp_ns,
                             ReserveLiquidity{bic(B), ccy("EUR"), Priority::kUrgent, 1}});
  const Trace changed = run(commands);
  EXPECT_EQ(changed.results.back().outcome, Outcome::kApplied);
  EXPECT_NE(original.hashes.back(), changed.hashes.back());
}

TEST(Determinism, EveryStateChangeChangesTheHash) {
  Ledger l;
  l.banks({A, B});
  std::vector<uint64_t> seen = {l.hash()};
  auto expect_new_hash = [&](const char* what) {
    const uint64_t h = l.hash();
    for (uint64_t s : seen) EXPECT_NE(h, s) << what;
    seen.push_back(h);
  };
  l.fund(A, 100);
  expect_new_hash("balance");
  ASSERT_THAT(l.credit_line(A, 10), Applied());
  expect_new_hash("credit line");
  ASSERT_THAT(l.reserve(A, U, 10), Applied());
  expect_new_hash("reservation");
  ASSERT_THAT(l.bilateral_limit(A, B, 10), Applied());
  expect_new_hash("bilateral limit");
  ASSERT_THAT(l.multilateral_limit(A, 10), Applied());
  expect_new_hash("multilateral limit");
  ASSERT_THAT(l.pay(1, A, B, 500), Queued());
  expect_new_hash("queued payment");
  ASSERT_THAT(l.suspend(B), Applied());
  expect_new_hash("status");
  l.advance_by(1);
  expect_new_hash("clock");
  ASSERT_THAT(l.end_of_day(20260102), Applied());
  expect_new_hash("value date");
  ASSERT_THAT(l.apply(SetEntryOffsetting{false}), Applied());
  expect_new_hash("entry offsetting off");
  ASSERT_THAT(l.apply(SetRating{bic(B), CreditGrade::kA}), Applied());
  expect_new_hash("rating");
  ASSERT_THAT(l.apply(SetHaircut{CreditGrade::kA, 900}), Applied());
  expect_new_hash("haircut");
  ASSERT_THAT(l.apply(PledgeCollateral{1, bic(B), ccy("EUR"), 1'000}), Applied());
  expect_new_hash("collateral");
  ASSERT_THAT(l.apply(PledgeCollateral{1, bic(B), ccy("EUR"), 1'001}), Applied());
  expect_new_hash("collateral value");
}

// The busy day with offsetting on entry switched off before its payments:
// deterministic, and a different day (something that offset now queues).
TEST(Determinism, APlainRtgsDayIsDeterministicAndDiffersFromTheDefault) {
  const std::vector<Command> with_offsetting = busy_day();
  std::vector<Command> plain = with_offsetting;
  const auto first_payment = std::find_if(plain.begin(), plain.end(), [](const Command& c) {
    return std::holds_alternative<SubmitPayment>(c.body);
  });
  const TimestampNs at = std::prev(first_payment)->timestamp_ns;
  plain.insert(first_payment, Command{at, SetEntryOffsetting{false}});
  const Trace one = run(plain);
  const Trace two = run(plain);
  EXPECT_EQ(one.hashes, two.hashes);
  EXPECT_EQ(one.events, two.events);
  const Trace original = run(with_offsetting);
  EXPECT_NE(one.hashes.back(), original.hashes.back());
  size_t offset = 0;
  for (const auto& events : one.events) {
    for (const std::string& e : events) offset += e.find("offsetting") != std::string::npos;
  }
  EXPECT_EQ(offset, 0u);
}

// Rule 16 commands in a stream: two runs agree command by command.
TEST(Determinism, CreditCommandsGiveTheSameHashOnEveryRun) {
  const CurrencyCode eur = ccy("EUR");
  std::vector<Command> commands;
  TimestampNs t = kT0;
  for (const CommandBody& body : std::vector<CommandBody>{
           DefineCurrency{eur, 2},
           AddParticipant{bic(A), "A", ParticipantKind::kDirect, Bic(), CurrencyCode()},
           AddParticipant{bic(B), "B", ParticipantKind::kDirect, Bic(), CurrencyCode()},
           OpenAccount{bic(A), eur}, OpenAccount{bic(B), eur}, SetRating{bic(A), CreditGrade::kAA},
           PledgeCollateral{9, bic(A), eur, 10'000},
           SubmitPayment{uetr(1), {}, bic(A), bic(B), eur, 8'000},
           SetRating{bic(A), CreditGrade::kBB},
           SubmitPayment{uetr(2), {}, bic(B), bic(A), eur, 100}}) {
    commands.push_back(Command{t++, body});
  }
  const Trace first = run(commands);
  const Trace second = run(commands);
  EXPECT_EQ(first.hashes, second.hashes);
  EXPECT_EQ(first.events, second.events);
  // A at -8,000 + 100 with a line of 5,500: cut, its floor the balance.
  Core cut;
  for (const Command& c : commands) cut.apply(c);
  EXPECT_TRUE(cut.account(0).line_cut);
  EXPECT_EQ(cut.floor_minor(0), -7'900);
}

TEST(Determinism, IndependentOfHowTheCoreWasReached) {
  // Two ledgers built by the same helper calls agree at every step.
  Ledger one, two;
  for (Ledger* l : {&one, &two}) {
    l->banks({A, B, C});
    l->fund(A, 100);
    ASSERT_THAT(l->pay(1, B, C, 50), Queued());
    ASSERT_THAT(l->pay(2, A, B, 60), Settled());
  }
  EXPECT_EQ(one.hash(), two.hash());
  EXPECT_EQ(one.balance(C), 50);
}

}  // namespace
}  // namespace corridor::core::scenario
