// Core state images (Core::save_state / load_state, journal snapshots).
//
// A restored core is the same core: the same state_hash(), invariants that
// hold, and for every further command the same result, the same events and
// the same state_hash() as the original. An image that is truncated,
// corrupted or hostile is refused with a reason and leaves the target as it was.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "random_generator.h"
#include "random_prng.h"
#include "scenario_helpers.h"

namespace corridor::core {
namespace {

using scenario::kMinute;
using scenario::kSecond;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<uint8_t> image_of(const Core& core) {
  std::vector<uint8_t> image;
  core.save_state(&image);
  return image;
}

// A fresh core with its own hash seed (the duplicate index's layout differs
// from the original's), loaded from `image`.
std::unique_ptr<Core> restore(std::span<const uint8_t> image, uint64_t hash_seed = 0x5EED) {
  Config config;
  config.dedupe_hash_seed = hash_seed;
  auto core = std::make_unique<Core>(config);
  std::string error;
  EXPECT_TRUE(core->load_state(image, &error)) << error;
  return core;
}

// Every field of an event, so that two runs can be compared line by line.
std::string full(const Event& e) {
  return scenario::render(e) + " amount=" + std::to_string(e.amount_minor) +
         " at=" + std::to_string(e.at_ns) + " debtor=" + std::to_string(e.debtor_account) +
         " creditor=" + std::to_string(e.creditor_account) +
         " currency=" + std::to_string(e.currency) +
         " priority=" + std::to_string(static_cast<int>(e.priority)) +
         " reason=" + std::to_string(static_cast<int>(e.reason)) +
         " leg=" + std::to_string(static_cast<int>(e.leg));
}
std::vector<std::string> full(std::span<const Event> events) {
  std::vector<std::string> lines;
  for (const Event& e : events) lines.push_back(full(e));
  return lines;
}

std::vector<std::string> full(const EodReport& r) {
  std::vector<std::string> lines{std::to_string(r.closed_value_date) + " -> " +
                                 std::to_string(r.next_value_date)};
  for (const CurrencyDayTotals& t : r.currencies) {
    lines.push_back("currency " + std::to_string(t.currency) + " settled " +
                    std::to_string(t.settled_count) + "/" + std::to_string(t.settled_value_minor) +
                    " rejected " + std::to_string(t.rejected_count) + "/" +
                    std::to_string(t.rejected_value_minor));
  }
  for (const AccountDayFigures& f : r.accounts) {
    lines.push_back(
        "account " + std::to_string(f.account) + " open " + std::to_string(f.balance_open_minor) +
        " close " + std::to_string(f.balance_close_minor) + " min " +
        std::to_string(f.balance_min_minor) + " credit " + std::to_string(f.peak_credit_use_minor) +
        " liquidity " + std::to_string(f.peak_liquidity_use_minor));
  }
  return lines;
}

// Applies `command` to both cores; true if they agree on the result, the
// events and the state hash afterwards.
::testing::AssertionResult apply_both(Core& original, Core& copy, const Command& command) {
  const Result a = original.apply(command);
  const Result b = copy.apply(command);
  if (a.outcome != b.outcome || a.reason != b.reason) {
    return ::testing::AssertionFailure()
           << command_name(command.body) << ": results differ (" << static_cast<int>(a.outcome)
           << " " << iso_code(a.reason) << " vs " << static_cast<int>(b.outcome) << " "
           << iso_code(b.reason) << ")";
  }
  const std::vector<std::string> events_a = full(original.events());
  const std::vector<std::string> events_b = full(copy.events());
  if (events_a != events_b) {
    auto out = ::testing::AssertionFailure();
    out << command_name(command.body) << ": events differ\noriginal:\n";
    for (const std::string& e : events_a) out << "  " << e << "\n";
    out << "restored:\n";
    for (const std::string& e : events_b) out << "  " << e << "\n";
    return out;
  }
  if (original.state_hash() != copy.state_hash()) {
    return ::testing::AssertionFailure()
           << command_name(command.body) << ": state hashes differ afterwards";
  }
  return ::testing::AssertionSuccess();
}

// --- Round trips ----------------------------------------------------------------------

TEST(StateImage, DedupeSetRefillKeepsEachEntrysDay) {
  DedupeSet original(1);
  for (uint64_t n = 1; n <= 3000; ++n) ASSERT_TRUE(original.insert(scenario::uetr(n), n % 7));
  DedupeSet refilled(2);  // another layout
  refilled.reserve(original.size());
  original.for_each([&](const DedupeSet::Entry& e) { ASSERT_TRUE(refilled.insert_entry(e)); });
  auto sorted = [](std::vector<DedupeSet::Entry> entries) {
    std::vector<std::pair<Uetr, uint32_t>> out;
    for (const DedupeSet::Entry& e : entries) out.emplace_back(e.uetr, e.day_mod16);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(sorted(refilled.entries()), sorted(original.entries()));
  EXPECT_FALSE(refilled.insert_entry({scenario::uetr(5), 0})) << "already in";
  EXPECT_FALSE(refilled.insert_entry({Uetr{1, 2}, 0})) << "not version 4";
  EXPECT_FALSE(refilled.insert_entry({scenario::uetr(9999), 16})) << "day out of range";
  EXPECT_EQ(refilled.size(), 3000u);
}

TEST(StateImage, EmptyCoreRoundTrips) {
  Core original;
  const std::vector<uint8_t> image = image_of(original);
  std::unique_ptr<Core> copy = restore(image);
  EXPECT_EQ(copy->state_hash(), original.state_hash());
  EXPECT_THAT(copy->check_invariants(), IsEmpty());
  EXPECT_EQ(image_of(*copy), image) << "an empty core has one image";

  // And both grow alike from nothing.
  const TimestampNs t = scenario::kT0;
  AddParticipant cb;
  cb.bic = scenario::bic(scenario::CB);
  cb.name = "central bank";
  cb.kind = ParticipantKind::kCentralBank;
  cb.home_currency = scenario::ccy("EUR");
  for (const CommandBody& body :
       std::vector<CommandBody>{DefineCurrency{scenario::ccy("EUR"), 2}, cb,
                                OpenAccount{scenario::bic(scenario::CB), scenario::ccy("EUR")}}) {
    ASSERT_TRUE(apply_both(original, *copy, Command{t, body}));
  }
}

TEST(StateImage, ImageIsAppendedAfterWhatTheBufferHolds) {
  scenario::Ledger l;
  l.banks({scenario::A, scenario::B});
  std::vector<uint8_t> buffer = {1, 2, 3};
  l.core().save_state(&buffer);
  EXPECT_EQ(buffer[0], 1);
  const std::vector<uint8_t> image = image_of(l.core());
  ASSERT_EQ(buffer.size(), 3 + image.size());
  EXPECT_TRUE(std::equal(image.begin(), image.end(), buffer.begin() + 3));
}

// A day with every kind of pending state: queues in three priorities, waiting
// and expiring payments, limits, reservations, a suspended participant, an
// indirect participant, a second currency, free slots, and an end of day
// behind it (so the duplicate window spans two business days).
class StateImageScenario : public ::testing::Test {
 protected:
  static Config config() {
    Config c;
    c.dedupe_window_days = 2;  // the image must carry it: the loader's default is 5
    return c;
  }

  void SetUp() override {
    using namespace scenario;
    l.banks({A, B, C, D, E});
    ASSERT_THAT(l.add_indirect(I, A), Applied());
    ASSERT_THAT(l.define_currency("USD", 2), Applied());
    ASSERT_THAT(l.central_bank("CBKUUS33", "USD"), Applied());
    ASSERT_THAT(l.open(A, "USD"), Applied());
    ASSERT_THAT(l.open(B, "USD"), Applied());
    l.fund(A, 1000);
    l.fund(B, 500);
    l.fund(C, 200);
    l.fund(A, 700, "USD");
    ASSERT_THAT(l.credit_line(C, 300), Applied());
    ASSERT_THAT(l.reserve(A, HU, 200), Applied());
    ASSERT_THAT(l.reserve(A, U, 100), Applied());
    ASSERT_THAT(l.bilateral_limit(B, C, 100), Applied());
    ASSERT_THAT(l.bilateral_limit(B, D, 50), Applied());
    ASSERT_THAT(l.multilateral_limit(D, 50), Applied());

    // Day 1: payments that settle, one that queues and is rejected at the end of day.
    l.advance_by(kSecond);
    ASSERT_THAT(l.pay(1, A, B, 100), Settled());
    ASSERT_THAT(l.pay(2, B, C, 80), Settled());
    ASSERT_THAT(l.pay(3, C, D, 5000), Queued());
    ASSERT_THAT(l.pay(4, A, B, 50, PayOptions{.currency = "USD"}), Settled());
    l.advance_by(kMinute);
    ASSERT_THAT(l.end_of_day(20260102), Applied());

    // Day 2.
    l.advance_by(kMinute);
    ASSERT_THAT(l.pay(10, B, C, 150), Queued());  // bilateral limit 100
    ASSERT_THAT(l.pay(11, D, A, 400, HU), Queued());
    ASSERT_THAT(l.pay(12, D, B, 300, U), Queued());
    ASSERT_THAT(l.pay(13, D, C, 60), Queued());
    ASSERT_THAT(l.pay(14, C, A, 900, U), Queued());
    ASSERT_THAT(l.pay(15, A, C, 850), Settled());  // offsets 14 (A's reservations hold it back)
    ASSERT_THAT(l.pay(16, I, D, 30, PayOptions{.earliest_ns = l.clock() + 10 * kMinute}), Queued());
    ASSERT_THAT(l.pay(17, I, B, 20, PayOptions{.earliest_ns = l.clock() + 2 * kMinute}), Queued());
    ASSERT_THAT(l.pay(18, D, E, 70, PayOptions{.latest_ns = l.clock() + 5 * kMinute}), Queued());
    ASSERT_THAT(l.pay(19, B, A, 5000, PayOptions{.latest_ns = l.clock() + 20 * kMinute}), Queued());
    ASSERT_THAT(l.pay(20, A, B, 800, PayOptions{.priority = N, .currency = "USD"}), Queued());
    ASSERT_THAT(l.pay(21, D, A, 10, U), Queued());
    ASSERT_THAT(l.pay(22, D, A, 11, U), Queued());
    l.fund(E, 100);
    ASSERT_THAT(l.pay(23, E, B, 500), Queued());
    ASSERT_THAT(l.pay(24, B, E, 5, PayOptions{.priority = U, .earliest_ns = l.clock() + kMinute}),
                Queued());
    ASSERT_THAT(l.suspend(E), Applied());
    // Free slots in the middle of the table, and queue order changed by hand.
    ASSERT_THAT(l.cancel(13), Applied());
    ASSERT_THAT(l.cancel(21), Applied());
    ASSERT_THAT(l.change_priority(12, HU), Applied());
    ASSERT_THAT(l.move_to_top(22), Applied());
    // Changed times leave stale heap entries behind; 17's is changed and changed back.
    ASSERT_THAT(l.modify_payment(16, l.clock() + 12 * kMinute, kNoTime), Applied());
    const TimestampNs earliest_17 = l.pending(17)->earliest_ns;
    ASSERT_THAT(l.modify_payment(17, earliest_17 + kMinute, kNoTime), Applied());
    ASSERT_THAT(l.modify_payment(17, earliest_17, kNoTime), Applied());
    ASSERT_THAT(l.modify_payment(18, kNoTime, l.clock() + 9 * kMinute), Applied());
    // Queued: 11, 12 (HU), 22 (U), 10, 18, 19, 23 (N) and 20 (N, USD); waiting: 16, 17, 24.
    ASSERT_EQ(l.core().queued_count(), 8u);
    ASSERT_EQ(l.core().pending_count(), 11u);
  }

  // The next command's timestamp: `dt` after the last.
  Command at(TimestampNs dt, CommandBody body) {
    t_ = std::max(t_, l.core().now_ns()) + dt;
    return Command{t_, std::move(body)};
  }
  SubmitPayment payment(uint64_t n, std::string_view from, std::string_view to, AmountMinor amount,
                        Priority priority = Priority::kNormal) {
    SubmitPayment p;
    p.uetr = scenario::uetr(n);
    p.instruction_id.assign("X" + std::to_string(n));
    p.debtor_agent = scenario::bic(from);
    p.creditor_agent = scenario::bic(to);
    p.currency = scenario::ccy("EUR");
    p.amount_minor = amount;
    p.priority = priority;
    return p;
  }
  LiquidityTransfer fund(uint64_t k, std::string_view to, AmountMinor amount) {
    return LiquidityTransfer{Uetr::from_bits(7, k), scenario::bic(scenario::CB), scenario::bic(to),
                             scenario::ccy("EUR"), amount};
  }

  // Commands that exercise what the image must have carried.
  std::vector<Command> continuation() {
    using namespace scenario;
    std::vector<Command> c;
    c.push_back(at(0, payment(30, A, B, 1)));      // reuses a free slot (entry_seq goes on)
    c.push_back(at(0, payment(31, D, A, 12, U)));  // behind the queue: FIFO
    c.push_back(at(0, payment(1, A, B, 1)));       // day 1's UETR: still in the window
    c.push_back(at(0, payment(3, A, B, 1)));       // rejected at day 1's end: still known
    c.push_back(at(0, payment(11, A, B, 1)));      // pending: duplicate
    c.push_back(at(0, payment(32, B, D, 60)));     // bilateral limit B->D 50: queues
    c.push_back(at(0, ChangePriority{uetr(12), Priority::kNormal}));
    c.push_back(at(0, MoveInQueue{uetr(31), QueuePosition::kTop}));
    c.push_back(at(kMinute, AdvanceTime{}));
    c.push_back(at(kMinute, AdvanceTime{}));      // 17 and 24 are released
    c.push_back(at(3 * kMinute, AdvanceTime{}));  // 18 expires (TM01)
    c.push_back(at(0, fund(1, D, 250)));          // D's queues resolve
    c.push_back(at(0, ReactivateParticipant{bic(E)}));
    c.push_back(at(kSecond, RunGridlockResolution{GridlockAlgorithm::kBilateral}));
    c.push_back(at(kSecond, RunGridlockResolution{GridlockAlgorithm::kPartial}));
    c.push_back(at(kSecond, RunGridlockResolution{GridlockAlgorithm::kAllOrNothing}));
    c.push_back(at(0, fund(2, C, 2000)));
    c.push_back(at(kSecond, RunGridlockResolution{GridlockAlgorithm::kAllOrNothing}));
    c.push_back(at(0, CancelPayment{uetr(10)}));
    c.push_back(at(0, SetBilateralLimit{bic(B), bic(C), ccy("EUR"), 0, true}));
    c.push_back(at(0, SetMultilateralLimit{bic(D), ccy("EUR"), 0, true}));
    c.push_back(at(0, ReserveLiquidity{bic(A), ccy("EUR"), Priority::kUrgent, 0}));
    c.push_back(at(10 * kMinute, AdvanceTime{}));  // 16 is released
    for (uint64_t n = 40; n < 48; ++n) {
      c.push_back(at(kSecond, payment(n, n % 2 ? A : D, n % 3 ? B : C, 100 + n,
                                      static_cast<Priority>(n % 3))));
    }
    c.push_back(at(kMinute, EndOfDay{20260103}));   // rejects what is left; day figures
    c.push_back(at(kMinute, payment(1, A, B, 1)));  // day 1 is two days back: forgotten
    c.push_back(at(0, payment(14, A, B, 1)));       // day 2: still in the window
    c.push_back(at(0, payment(50, B, A, 5000)));
    c.push_back(at(kMinute, EndOfDay{20260104}));
    return c;
  }

  scenario::Ledger l{config()};
  TimestampNs t_ = 0;
};

TEST_F(StateImageScenario, RestoredCoreHasTheSameStateAndInvariantsHold) {
  const std::vector<uint8_t> image = image_of(l.core());
  std::unique_ptr<Core> copy = restore(image);
  EXPECT_EQ(copy->state_hash(), l.core().state_hash());
  EXPECT_THAT(copy->check_invariants(), IsEmpty());
  EXPECT_EQ(copy->config().dedupe_window_days, 2) << "the image's config is adopted";
  EXPECT_EQ(copy->config().dedupe_hash_seed, 0x5EEDu) << "the loading core keeps its seed";
  EXPECT_EQ(copy->pending_count(), l.core().pending_count());
  for (CurrencyId c = 0; c < l.core().currency_count(); ++c) {
    EXPECT_EQ(copy->queued_value_minor(c), l.core().queued_value_minor(c));
    EXPECT_EQ(copy->pending_value_minor(c), l.core().pending_value_minor(c));
  }
  EXPECT_THAT(copy->events(), IsEmpty());
  EXPECT_EQ(copy->last_eod_report().closed_value_date, 0) << "the last report is not restored";
  for (AccountId a = 0; a < l.core().account_count(); ++a) {
    for (Priority p : {scenario::HU, scenario::U, scenario::N}) {
      EXPECT_EQ(copy->queue_snapshot(a, p), l.core().queue_snapshot(a, p));
    }
  }
  // Saving the restored core and loading that gives the same state again.
  EXPECT_EQ(restore(image_of(*copy), 99)->state_hash(), l.core().state_hash());
}

TEST_F(StateImageScenario, RestoredCoreBehavesLikeTheOriginalForEveryFurtherCommand) {
  std::unique_ptr<Core> copy = restore(image_of(l.core()));
  for (const Command& command : continuation()) {
    ASSERT_TRUE(apply_both(l.core(), *copy, command));
    ASSERT_THAT(copy->check_invariants(), IsEmpty());
  }
  // The end-of-day reports used day figures (opening and lowest balances, day
  // totals) carried in the image.
  EXPECT_EQ(full(copy->last_eod_report()), full(l.core().last_eod_report()));
}

TEST_F(StateImageScenario, ContinuationReallyExercisesTheCarriedState) {
  // Guards the test above against a continuation that does nothing.
  std::vector<EventKind> kinds;
  std::vector<Reason> rejections;
  for (const Command& command : continuation()) {
    const Result r = l.core().apply(command);
    if (!r.ok()) rejections.push_back(r.reason);
    for (const Event& e : l.core().events()) kinds.push_back(e.kind);
  }
  EXPECT_THAT(rejections, ::testing::Contains(Reason::kDuplicate));
  EXPECT_THAT(kinds, ::testing::Contains(EventKind::kSettled));
  EXPECT_THAT(kinds, ::testing::Contains(EventKind::kRejected));
  EXPECT_EQ(l.core().pending_count(), 0u);
}

TEST_F(StateImageScenario, LoadReplacesTheWholeStateOfANonEmptyCore) {
  scenario::Ledger other;
  other.banks({scenario::E});
  ASSERT_TRUE(other.core().load_state(image_of(l.core()), nullptr));
  EXPECT_EQ(other.core().state_hash(), l.core().state_hash());
  EXPECT_THAT(other.core().check_invariants(), IsEmpty());
  for (const Command& command : continuation()) {
    ASSERT_TRUE(apply_both(l.core(), other.core(), command));
  }
}

TEST_F(StateImageScenario, SnapshotOfASnapshotBehavesLikeTheOriginal) {
  std::vector<Command> commands = continuation();
  std::unique_ptr<Core> copy = restore(image_of(l.core()));
  for (size_t i = 0; i < commands.size(); ++i) {
    if (i % 5 == 4) copy = restore(image_of(*copy), i);  // again, from the copy
    ASSERT_TRUE(apply_both(l.core(), *copy, commands[i])) << "command #" << i;
  }
}

// --- Refusals -------------------------------------------------------------------------

class StateImageRefusal : public StateImageScenario {
 protected:
  // A core holding some other state, which a refused image must leave alone.
  void SetUp() override {
    StateImageScenario::SetUp();
    image = image_of(l.core());
    target.banks({scenario::E});
    target.fund(scenario::E, 10);
    target_hash = target.core().state_hash();
  }
  bool load(std::span<const uint8_t> bytes, std::string* error) {
    return target.core().load_state(bytes, error);
  }

  std::vector<uint8_t> image;
  scenario::Ledger target;
  uint64_t target_hash = 0;
};

TEST_F(StateImageRefusal, EveryTruncationIsRefusedAndLeavesTheTargetUnchanged) {
  ASSERT_LT(image.size(), 20000u) << "keep this image small: the test loads every prefix";
  for (size_t length = 0; length < image.size(); ++length) {
    std::string error;
    ASSERT_FALSE(load(std::span(image.data(), length), &error)) << "prefix of " << length;
    ASSERT_FALSE(error.empty());
    ASSERT_EQ(target.core().state_hash(), target_hash) << "prefix of " << length;
  }
  EXPECT_THAT(target.core().check_invariants(), IsEmpty());
  std::string error;
  EXPECT_TRUE(load(image, &error)) << error;
}

TEST_F(StateImageRefusal, TrailingBytesAreRefused) {
  image.push_back(0);
  std::string error;
  EXPECT_FALSE(load(image, &error));
  EXPECT_THAT(error, HasSubstr("after the end"));
  EXPECT_EQ(target.core().state_hash(), target_hash);
}

TEST_F(StateImageRefusal, WrongMagicOrVersionIsRefused) {
  std::string error;
  std::vector<uint8_t> bad = image;
  bad[0] = 'X';
  EXPECT_FALSE(load(bad, &error));
  EXPECT_THAT(error, HasSubstr("magic"));
  bad = image;
  bad[4] = 1;  // version 1 (one queued value across currencies), little-endian
  EXPECT_FALSE(load(bad, &error));
  EXPECT_THAT(error, HasSubstr("version 1, but this build reads versions 4 to 5"));
  EXPECT_FALSE(load({}, &error));
  EXPECT_EQ(target.core().state_hash(), target_hash);
}

// Single corrupted bytes anywhere: the load either refuses, or gives a core
// whose invariants hold and that keeps working (no crash, no sanitizer report).
TEST_F(StateImageRefusal, CorruptedBytesAreRefusedOrLoadIntoASoundCore) {
  size_t refused = 0;
  size_t loaded = 0;
  for (size_t position = 0; position < image.size(); ++position) {
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xFF}}) {
      std::vector<uint8_t> bad = image;
      bad[position] ^= mask;
      std::string error;
      if (!load(bad, &error)) {
        ++refused;
        ASSERT_FALSE(error.empty());
        ASSERT_EQ(target.core().state_hash(), target_hash) << "byte " << position;
        continue;
      }
      ++loaded;
      Core& core = target.core();
      ASSERT_THAT(core.check_invariants(), IsEmpty()) << "byte " << position;
      // Drive it through timers, gridlock and an end of day (the clock and the
      // value date may be corrupted too: step them without overflowing).
      const TimestampNs now = core.now_ns();
      const TimestampNs t = now <= INT64_MAX - 30 * kMinute ? now + 30 * kMinute : now;
      const ValueDate next_date = core.value_date() + (core.value_date() < INT32_MAX);
      for (const CommandBody& body : std::vector<CommandBody>{
               AdvanceTime{}, RunGridlockResolution{GridlockAlgorithm::kPartial},
               RunGridlockResolution{GridlockAlgorithm::kBilateral},
               RunGridlockResolution{GridlockAlgorithm::kAllOrNothing}, EndOfDay{next_date}}) {
        core.apply(Command{t, body});
        ASSERT_THAT(core.check_invariants(), IsEmpty()) << "byte " << position;
      }
      ASSERT_TRUE(load(image, &error)) << error;  // back to a known target for the next round
      target_hash = core.state_hash();
    }
  }
  EXPECT_GT(refused, image.size());  // most corruptions are caught
  EXPECT_GT(loaded, 0u);             // names, balances' history and such cannot be
}

TEST(StateImageSettings, EntryOffsettingOffSurvivesTheImage) {
  scenario::Ledger l;
  l.banks({scenario::A, scenario::B});
  ASSERT_THAT(l.apply(SetEntryOffsetting{false}), scenario::Applied());
  const std::vector<uint8_t> image = image_of(l.core());
  const std::unique_ptr<Core> restored = restore(image);
  EXPECT_FALSE(restored->entry_offsetting());
  EXPECT_EQ(restored->state_hash(), l.core().state_hash());
}

// A version-4 image (before the switch existed) has no settings part: it loads
// with offsetting on, as every core had it then.
// The day phase byte in the clock part (version 5): magic, version, config,
// now_ns, value_date, business_day.
constexpr size_t kDayPhaseAt = 4 + 2 + 24 + 8 + 4 + 4;

TEST(StateImageSettings, AVersion4ImageLoadsWithEntryOffsettingOn) {
  scenario::Ledger l;
  l.banks({scenario::A, scenario::B});
  ASSERT_THAT(l.apply(SetEntryOffsetting{false}), scenario::Applied());
  std::vector<uint8_t> image = image_of(l.core());
  image[4] = 4;  // version 4, little-endian: without the credit part and the settings byte
  image.resize(image.size() - (kCreditGradeCount * 2 + 3 * 4 + 1 + 2 * 4));  // and the pool
  image.erase(image.begin() + kDayPhaseAt);  // and without the day phase
  const std::unique_ptr<Core> restored = restore(image);
  EXPECT_TRUE(restored->entry_offsetting());
  EXPECT_THAT(restored->check_invariants(), IsEmpty());
}

TEST(StateImageSettings, AnEntryOffsettingByteOtherThan0Or1IsRefused) {
  std::vector<uint8_t> image = image_of(Core());
  image[image.size() - 2 * 4 - 1] = 2;  // the settings byte, before the pool's two counts
  Core target;
  std::string error;
  EXPECT_FALSE(target.load_state(image, &error));
  EXPECT_THAT(error, HasSubstr("settings"));
}

// Offsets in the image of an empty core (see docs/journal-format.md).
constexpr size_t kCurrencyCountAt = 4 + 2 + 24 + 29;  // magic, version, config, clock

void put_u32(std::vector<uint8_t>* bytes, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i) (*bytes)[at + i] = static_cast<uint8_t>(value >> (8 * i));
}
void put_u64(std::vector<uint8_t>* bytes, size_t at, uint64_t value) {
  for (int i = 0; i < 8; ++i) (*bytes)[at + i] = static_cast<uint8_t>(value >> (8 * i));
}

TEST(StateImageHostile, HugeCountsAreRefusedBeforeAllocating) {
  const std::vector<uint8_t> empty = image_of(Core());
  // Empty core: currencies, participants, accounts, slots, free slots (u32 each),
  // two counters (no currency: no per-currency ones), quotes and FX trades (u32), two heaps and
  // the UETR window (u64 counts), the DNS accounts and claims (u32; no
  // currency: no DNS cycles), then the haircuts (22 u16) and the ratings,
  // collateral and line cuts (u32 counts), the settings (one byte), the reserve
  // pool's members and swaps (u32).
  ASSERT_EQ(empty.size(), kCurrencyCountAt + 5 * 4 + 2 * 8 + 4 + 4 + 3 * 8 + 2 * 4 +
                              kCreditGradeCount * 2 + 3 * 4 + 1 + 2 * 4);
  const size_t participants_at = kCurrencyCountAt + 4;
  const size_t accounts_at = participants_at + 4;
  const size_t slots_at = accounts_at + 4;
  const size_t quotes_at = slots_at + 4 + 4 + 2 * 8;
  const size_t trades_at = quotes_at + 4;
  const size_t earliest_at = trades_at + 4;
  const size_t uetrs_at = earliest_at + 16;
  const size_t dns_accounts_at = uetrs_at + 8;
  const size_t dns_claims_at = dns_accounts_at + 4;
  const size_t ratings_at = dns_claims_at + 4 + kCreditGradeCount * 2;
  const size_t collateral_at = ratings_at + 4;
  const size_t cuts_at = collateral_at + 4;
  const size_t pool_members_at = cuts_at + 4 + 1;  // after the settings byte
  const size_t swaps_at = pool_members_at + 4;
  Core target;
  const uint64_t hash = target.state_hash();
  for (size_t at : {kCurrencyCountAt, participants_at, accounts_at, slots_at, quotes_at, trades_at,
                    dns_accounts_at, dns_claims_at, ratings_at, collateral_at, cuts_at,
                    pool_members_at, swaps_at}) {
    for (uint32_t count : {1000u, 1u << 20, 0xFFFFFFFFu}) {
      std::vector<uint8_t> bad = empty;
      put_u32(&bad, at, count);
      std::string error;
      EXPECT_FALSE(target.load_state(bad, &error)) << at << " " << count;
      EXPECT_FALSE(error.empty());
    }
  }
  for (size_t at : {earliest_at, earliest_at + 8, uetrs_at}) {
    for (uint64_t count : {uint64_t{1} << 20, uint64_t{1} << 40, ~uint64_t{0}}) {
      std::vector<uint8_t> bad = empty;
      put_u64(&bad, at, count);
      std::string error;
      EXPECT_FALSE(target.load_state(bad, &error)) << at << " " << count;
      EXPECT_THAT(error, HasSubstr("cannot fit"));
    }
  }
  EXPECT_EQ(target.state_hash(), hash);
}

// Rule 16's state survives an image: a cut line, its floor, the collateral,
// ratings and haircuts; the restored core goes on exactly as the saved one.
TEST(StateImageCredit, ACutLineAndItsCollateralRoundTrip) {
  using namespace scenario;
  Ledger l;
  l.banks({A, B});
  ASSERT_TRUE(l.apply(SetRating{bic(A), CreditGrade::kAA}).ok());
  ASSERT_TRUE(l.apply(PledgeCollateral{7, bic(A), ccy("EUR"), 10'000}).ok());
  ASSERT_TRUE(l.pay(1, A, B, 8'000).ok());
  ASSERT_TRUE(l.apply(SetHaircut{CreditGrade::kAA, 5'000}).ok());  // line 5,000: cut at -8,000
  ASSERT_TRUE(l.pay(2, A, B, 10).ok());                            // queued
  Core restored;
  std::string error;
  ASSERT_TRUE(restored.load_state(image_of(l.core()), &error)) << error;
  EXPECT_EQ(restored.state_hash(), l.core().state_hash());
  const AccountId a = l.account(A);
  EXPECT_TRUE(restored.account(a).line_cut);
  EXPECT_EQ(restored.floor_minor(a), -8'000);
  EXPECT_EQ(restored.rating(*restored.find_participant(bic(A))), CreditGrade::kAA);
  EXPECT_EQ(restored.haircut_bp(CreditGrade::kAA), 5'000);
  const Command credit_in{l.core().now_ns(),
                          SubmitPayment{uetr(3), {}, bic(B), bic(A), ccy("EUR"), 3'100}};
  l.apply(credit_in.body);
  restored.apply(credit_in);
  EXPECT_EQ(restored.state_hash(), l.core().state_hash());
  EXPECT_FALSE(restored.account(a).line_cut);  // -4,900: within the line; 2 settled
  EXPECT_EQ(restored.account(a).balance_minor, -4'910);
}

// A version 4 image (before rule 16) is the same bytes without the credit
// section and the settings byte: it loads with the default haircuts and no
// ratings or collateral.
TEST(StateImageCredit, AVersion4ImageLoadsWithoutCreditState) {
  using namespace scenario;
  Ledger l;
  l.banks({A, B});
  ASSERT_TRUE(l.credit_line(A, 500).ok());
  ASSERT_TRUE(l.pay(1, A, B, 300).ok());
  std::vector<uint8_t> v4 = image_of(l.core());
  v4.resize(v4.size() - (kCreditGradeCount * 2 + 3 * 4 + 1 + 2 * 4));
  v4.erase(v4.begin() + kDayPhaseAt);
  v4[4] = 4;
  Core restored;
  std::string error;
  ASSERT_TRUE(restored.load_state(v4, &error)) << error;
  EXPECT_EQ(restored.state_hash(), l.core().state_hash());
  EXPECT_EQ(restored.haircut_bp(CreditGrade::kBBB), kDefaultHaircutsBp[8]);
  v4[4] = 5;  // the same bytes claiming version 5 lack the credit section
  EXPECT_FALSE(restored.load_state(v4, &error));
}

TEST(StateImageHostile, CountsAboveTheLoadingCoresMaximaAreRefused) {
  scenario::Ledger l;
  l.banks({scenario::A, scenario::B, scenario::C});
  const std::vector<uint8_t> image = image_of(l.core());
  Config small;
  small.accounts_max = 2;
  Core target(small);
  std::string error;
  EXPECT_FALSE(target.load_state(image, &error));
  EXPECT_THAT(error, HasSubstr("above the maximum"));
  Config enough;
  enough.accounts_max = 4;
  Core other(enough);
  EXPECT_TRUE(other.load_state(image, &error)) << error;
}

// --- Randomised: snapshots anywhere in long random runs ------------------------------

// For a few seeds, a random command stream (random_generator.h) drives the
// original core. At random points a snapshot is restored into a fresh core
// (with another hash seed), sometimes from an earlier restored core; every
// restored core then gets every further command and must agree with the
// original on the result and the events of each one. The state hash (O(state),
// the slow part under the sanitizers) is compared after each of the first
// kHashEveryCommandFor commands after a snapshot, then every kHashEvery, and at
// the end; a difference shows in the events soon after anyway.
TEST(StateImageRandom, RestoredCoresAgreeWithTheOriginalForTheRestOfTheRun) {
  constexpr uint64_t kCommands = 4000;
  constexpr int kSnapshots = 4;
  constexpr uint64_t kHashEveryCommandFor = 150;
  constexpr uint64_t kHashEvery = 50;
  constexpr int kCorruptionsPerSnapshot = 40;
  for (uint64_t seed : {11u, 12u, 13u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Core original;
    random_test::Generator generator(seed, kCommands, original);
    random_test::Rng rng(seed * 7919);
    std::vector<uint64_t> points;
    for (int i = 0; i < kSnapshots; ++i) points.push_back(rng.below(kCommands));
    std::sort(points.begin(), points.end());
    std::vector<std::unique_ptr<Core>> copies;
    uint64_t last_snapshot = 0;
    size_t pending_max = 0;
    size_t end_of_days = 0;
    for (uint64_t i = 0; i < kCommands; ++i) {
      for (uint64_t point : points) {
        if (point != i) continue;
        const Core& from = copies.empty() || rng.chance(500) ? original : *copies.back();
        const std::vector<uint8_t> image = image_of(from);
        copies.push_back(restore(image, rng.next()));
        ASSERT_EQ(copies.back()->state_hash(), original.state_hash()) << "snapshot at #" << i;
        ASSERT_THAT(copies.back()->check_invariants(), IsEmpty());
        last_snapshot = i;
        // A few corruptions of this larger image: refused, or sound.
        for (int k = 0; k < kCorruptionsPerSnapshot; ++k) {
          std::vector<uint8_t> bad = image;
          bad[rng.below(bad.size())] ^= static_cast<uint8_t>(1 + rng.below(255));
          Core target;
          if (target.load_state(bad, nullptr)) {
            ASSERT_THAT(target.check_invariants(), IsEmpty());
          } else {
            ASSERT_EQ(target.state_hash(), Core().state_hash());
          }
        }
      }
      const random_test::Generated g = generator.next();
      const Result r = original.apply(g.command);
      const std::vector<std::string> events = full(original.events());
      const bool compare_hash =
          i + 1 == kCommands || i - last_snapshot < kHashEveryCommandFor || i % kHashEvery == 0;
      const uint64_t hash = compare_hash && !copies.empty() ? original.state_hash() : 0;
      for (const std::unique_ptr<Core>& copy : copies) {
        const Result rc = copy->apply(g.command);
        ASSERT_TRUE(rc.outcome == r.outcome && rc.reason == r.reason)
            << "command #" << i << " " << command_name(g.command.body);
        ASSERT_EQ(full(copy->events()), events) << "command #" << i;
        if (compare_hash) {
          ASSERT_EQ(copy->state_hash(), hash) << "after command #" << i;
        }
      }
      generator.observe(g.command, r, original.events());
      pending_max = std::max<size_t>(pending_max, original.pending_count());
      if (std::holds_alternative<EndOfDay>(g.command.body) && r.ok()) ++end_of_days;
    }
    for (const std::unique_ptr<Core>& copy : copies) {
      EXPECT_THAT(copy->check_invariants(), IsEmpty());
    }
    EXPECT_EQ(copies.size(), static_cast<size_t>(kSnapshots));
    EXPECT_GT(pending_max, 5u) << "the run should have queued payments";
    EXPECT_GT(end_of_days, 0u) << "the run should cross an end of day";
  }
}

}  // namespace
}  // namespace corridor::core
