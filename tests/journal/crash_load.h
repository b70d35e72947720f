// The load of the crash test (crash_child.cc, crash_test.cc): what the child
// engine is fed, derived from numbers alone, so that the test can tell what
// every journal entry should be and a restarted child can resubmit a payment
// with exactly the content it had before the crash.
//
// Payment n (n >= 1) belongs to cycle c = (n - 1) / 3: within a cycle bank A
// pays B, B pays C and C pays A the same amount, so the banks' positions net
// out cycle by cycle. Most amounts are small; one cycle in kBigCycleEvery pays
// more than any bank holds, which queues the three payments in a ring
// (gridlock), and everything after them queues behind (FIFO) until the next
// gridlock-resolution run settles the lot. After payment n the child also
// submits a RunGridlockResolution when n % kGridlockEvery == 0 and an EndOfDay
// when n % kEndOfDayEvery == 0 (which rejects what is still queued and lets
// the exactly-once index and the core's UETR window forget old payments, so
// the state and the snapshots stay small however long the test runs).
#pragma once

#include <algorithm>  // journal_fixture.h uses std::sort
#include <cstdint>
#include <string>
#include <vector>

#include "core/command.h"
#include "core/state.h"
#include "core/uetr.h"
#include "journal/submission.h"
#include "journal_fixture.h"

namespace corridor::journal::crash {

inline constexpr core::AmountMinor kFundingMinor = 1'000'000'00;  // per bank
inline constexpr core::AmountMinor kBigAmountMinor = kFundingMinor * 3 / 2;
inline constexpr uint64_t kBigCycleEvery = 100;
inline constexpr uint64_t kGridlockEvery = 250;
inline constexpr uint64_t kEndOfDayEvery = 5'000;
inline constexpr uint64_t kUetrHigh = 1;  // payment n has UETR from_bits(1, n)
// The child keeps at most this many submissions in flight, so a payment that
// was durable but never acknowledged is resubmitted, after the crash, with at
// most one end of day in between (a resubmitted end of day names the same
// date and is rejected), and the exactly-once window below still holds it.
inline constexpr uint64_t kInFlightMax = 4096;
static_assert(kInFlightMax < kEndOfDayEvery);

// The configuration the child gives the engine; a new journal records it in
// its first command, so a replay needs nothing else.
inline core::Config core_config() {
  core::Config config;
  // At most one end of day lies between a payment and its resubmission after
  // a crash (kInFlightMax); two days keep it known (the window counts the current day).
  config.dedupe_window_days = 2;
  return config;
}

inline core::AmountMinor payment_amount_minor(uint64_t n) {
  const uint64_t cycle = (n - 1) / 3;
  if (cycle % kBigCycleEvery == kBigCycleEvery / 2) return kBigAmountMinor;
  return static_cast<core::AmountMinor>(100 + (cycle * 7919) % 100'000);
}

inline Submission payment_submission(uint64_t n) {
  static const core::Bic kBanks[3] = {testing::kBankA, testing::kBankB, testing::kBankC};
  const uint64_t k = (n - 1) % 3;
  return testing::payment(n, kBanks[k], kBanks[(k + 1) % 3], payment_amount_minor(n));
}

// The payment number of a UETR built by payment_submission(), or 0.
inline uint64_t payment_number(const core::Uetr& uetr) {
  const uint64_t n = uetr.low & ((uint64_t{1} << 60) - 1);
  if (n == 0 || core::Uetr::from_bits(kUetrHigh, n) != uetr) return 0;
  return n;
}

inline Submission gridlock_submission(uint64_t after_n) {
  static constexpr core::GridlockAlgorithm kAlgorithms[3] = {core::GridlockAlgorithm::kAllOrNothing,
                                                             core::GridlockAlgorithm::kPartial,
                                                             core::GridlockAlgorithm::kBilateral};
  return testing::operator_command(
      core::RunGridlockResolution{kAlgorithms[(after_n / kGridlockEvery) % 3]});
}

// A resubmitted end of day names the same date, so the core rejects it (DT01).
inline Submission end_of_day_submission(uint64_t after_n) {
  return testing::operator_command(core::EndOfDay{
      core_config().value_date_initial + static_cast<core::ValueDate>(after_n / kEndOfDayEvery)});
}

// small_system() with a sender and message ids, so that a setup cut short by a
// crash can simply be submitted again: what was applied comes back as repeats.
inline std::vector<Submission> setup_submissions() {
  std::vector<Submission> out = testing::small_system(kFundingMinor);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].sender = testing::kCentralBank;
    out[i].message_id = testing::message_id("SETUP" + std::to_string(i + 1));
  }
  return out;
}

inline uint64_t content_digest(const Submission& submission) {
  std::vector<uint8_t> bytes;
  encode_submission(submission, &bytes);
  return submission_content_digest(bytes);
}

}  // namespace corridor::journal::crash
