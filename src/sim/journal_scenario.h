// A business day recorded in a journal (by `corridor serve` or `corridor sim
// --journal`) turned back into a scenario, so that the real day can be re-run
// under other rules and liquidity (docs/simulator.md, "Replaying a journal").
// Pure: the caller reads and decodes the journal; this sees its commands.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/command.h"
#include "sim/scenario.h"

namespace corridor::sim {

struct JournalDayOptions {
  // The value date to take; nullopt: the first one with a payment.
  std::optional<core::ValueDate> value_date;
  std::string name;  // the scenario's name
};

// Reference data (currencies, central banks, banks and their accounts, credit
// lines, reservations, indirect participants) as set up before the day's
// first payment; opening liquidity = central bank liquidity transfers to a
// bank before that payment, net of transfers back; the day's payments with
// their times of day (UTC, from the commands' timestamps), priorities,
// earliest and latest times and instruction ids. The business day runs from
// the hour of the first payment to the hour after the last. Commands the core
// would have refused (a second AddParticipant of a BIC, an account of an
// unknown participant) are skipped. Throws ScenarioError when the journal
// holds no payment (on the given value date).
Scenario scenario_from_commands(const std::vector<core::Command>& commands,
                                const JournalDayOptions& options);

}  // namespace corridor::sim
