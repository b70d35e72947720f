// Randomised (property) tests of the settlement core.
//
// Each seed drives a random command stream (random_generator.h) through a
// fresh Core; the auditor (random_auditor.h) checks every property after every
// command. Then the same seed is generated again against a second fresh Core:
// the commands, results, events and state_hash() checkpoints must be identical.
//
// Environment (for long local runs, see scripts/soak-random.sh):
//   CORRIDOR_RANDOM_SEEDS       number of seeds (default 24)
//   CORRIDOR_RANDOM_SEED_BASE   first seed (default 1)
//   CORRIDOR_RANDOM_SEED        run this one seed only
//   CORRIDOR_RANDOM_COMMANDS    commands per seed (default 100000)
//   CORRIDOR_RANDOM_SHRINK      1: on failure, shrink the command list and print it
//   CORRIDOR_RANDOM_SHRINK_SECONDS  time budget of the shrinker (default 300)
//   CORRIDOR_RANDOM_QUIET       1: no per-seed summary line
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "random_auditor.h"
#include "random_format.h"
#include "random_generator.h"

namespace corridor::core::random_test {
namespace {

uint64_t env_u64(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  char* end = nullptr;
  const unsigned long long x = std::strtoull(v, &end, 10);
  return (end != nullptr && *end == '\0') ? x : fallback;
}

uint64_t commands_per_seed() {
  return env_u64("CORRIDOR_RANDOM_COMMANDS", 100000);
}

AuditOptions audit_options() {
  return AuditOptions{};
}

std::vector<uint64_t> seed_list() {
  if (const char* one = std::getenv("CORRIDOR_RANDOM_SEED"); one != nullptr && *one != '\0') {
    return {env_u64("CORRIDOR_RANDOM_SEED", 1)};
  }
  const uint64_t count = env_u64("CORRIDOR_RANDOM_SEEDS", 24);
  const uint64_t base = env_u64("CORRIDOR_RANDOM_SEED_BASE", 1);
  std::vector<uint64_t> seeds;
  for (uint64_t i = 0; i < count; ++i) seeds.push_back(base + i);
  return seeds;
}

constexpr uint64_t kCheckpointEvery = 10000;

struct Failure {
  size_t index = 0;  // command index (0-based)
  std::vector<std::string> messages;
};

// Replays `commands` into a fresh Core under a fresh Auditor; the first failure, if any.
std::optional<Failure> audit(const std::vector<Generated>& commands) {
  Core core;
  Auditor auditor(core, audit_options());
  for (size_t i = 0; i < commands.size(); ++i) {
    const Generated& g = commands[i];
    auditor.before(g);
    const Result r = core.apply(g.command);
    std::vector<std::string> failures = auditor.after(g, r, core.events());
    if (!failures.empty()) return Failure{i, std::move(failures)};
  }
  return std::nullopt;
}

std::string category(const Failure& f) {
  const std::string& m = f.messages.front();
  return m.substr(0, std::min<size_t>(m.size(), 24));
}

// Reference-data commands run without a clock step in generated streams; keep
// that true after commands are removed.
std::vector<Generated> normalised(std::vector<Generated> commands) {
  for (size_t i = 1; i < commands.size(); ++i) {
    if (is_reference_data(commands[i].command.body) && !commands[i].deliberate_invalid &&
        commands[i].command.timestamp_ns > commands[i - 1].command.timestamp_ns) {
      commands[i].command.timestamp_ns = commands[i - 1].command.timestamp_ns;
    }
  }
  return commands;
}

// Greedy chunk removal (ddmin-like) keeping a failure of the same category.
std::vector<Generated> shrink(std::vector<Generated> commands, const std::string& want) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::seconds(env_u64("CORRIDOR_RANDOM_SHRINK_SECONDS", 300));
  size_t chunk = commands.size() / 2;
  while (chunk >= 1 && std::chrono::steady_clock::now() < deadline) {
    size_t i = 0;
    while (i < commands.size() && std::chrono::steady_clock::now() < deadline) {
      std::vector<Generated> candidate;
      candidate.reserve(commands.size());
      for (size_t j = 0; j < commands.size(); ++j) {
        if (j < i || j >= i + chunk) candidate.push_back(commands[j]);
      }
      candidate = normalised(std::move(candidate));
      const std::optional<Failure> f = audit(candidate);
      if (f && category(*f) == want) {
        candidate.resize(f->index + 1);
        commands = std::move(candidate);
      } else {
        i += chunk;
      }
    }
    chunk /= 2;
  }
  return commands;
}

std::string report(uint64_t seed, const std::vector<Generated>& commands, const Failure& f) {
  std::ostringstream out;
  out << "seed " << seed << ", command #" << f.index << ": " << describe(commands[f.index].command)
      << "\n";
  for (const std::string& m : f.messages) out << "  VIOLATION: " << m << "\n";
  out << "reproduce: CORRIDOR_RANDOM_SEED=" << seed << " CORRIDOR_RANDOM_COMMANDS=" << f.index + 1
      << " ./core_random_tests   (CORRIDOR_RANDOM_SHRINK=1 to minimise)\n";
  // The failing command's result and events, from a replay of the prefix.
  {
    Core core;
    for (size_t i = 0; i < f.index; ++i) core.apply(commands[i].command);
    const Result r = core.apply(commands[f.index].command);
    out << "result: " << describe(r) << "\n";
    for (const Event& e : core.events()) out << "  event: " << describe(e) << "\n";
  }
  const size_t from = f.index >= 40 ? f.index - 40 : 0;
  out << "last commands:\n";
  for (size_t i = from; i <= f.index; ++i) {
    out << "  #" << i << (commands[i].deliberate_invalid ? " (invalid) " : " ")
        << describe(commands[i].command) << "\n";
  }
  return out.str();
}

std::string summary(const AuditStats& s) {
  std::ostringstream out;
  out << s.commands << " commands (" << s.rejected_commands << " rejected, " << s.deliberate_invalid
      << " deliberately invalid), " << s.submitted << " payments submitted; settled: entry "
      << s.settled_by[1] << ", offsetting " << s.settled_by[2] << ", queue " << s.settled_by[3]
      << ", gridlock " << s.settled_by[4] << ", transfers " << s.settled_by[5] << "; queued "
      << s.queued_events << ", rejected " << s.rejected_events << ", cancelled "
      << s.cancelled_events << "; timing changes " << s.timing_changes << " (rejected "
      << s.timing_changes_rejected << "); non-owner requests " << s.foreign_requests
      << "; max pending " << s.max_pending << ", max HU/U queue " << s.max_queue
      << "; groups checked: offsetting " << s.offsetting_groups_checked << " (skipped "
      << s.offsetting_groups_skipped << "), gridlock " << s.gridlock_groups_checked
      << ", all-or-nothing " << s.all_or_nothing_checked << "; FIFO checks "
      << s.fifo_accounts_checked << "; quiescence " << s.quiescence_checks << "; check_invariants "
      << s.invariant_checks << "; full checks " << s.full_checks << "; end of days "
      << s.end_of_days << "; FX: quotes " << s.quotes_published << ", PvP accepted "
      << s.pvp_submitted << ", pair events checked " << s.pvp_events_paired
      << ", second legs settled " << s.pvp_legs_settled << ", trades matched " << s.trades_matched
      << ", expired " << s.trades_expired << "; DNS payments " << s.dns_submitted
      << ", cycles settled " << s.dns_cycles << " (with fund draws " << s.dns_defaults
      << "), refused " << s.dns_refused << "; credit commands " << s.credit_accepted
      << ", line cuts " << s.line_cuts << " (recovered " << s.cuts_recovered << ")"
      << "; cut-offs " << s.cut_offs << ", instructions refused after them "
      << s.refused_after_cut_off << "; swaps drawn " << s.swaps_drawn << ", repaid "
      << s.swaps_repaid << ", overdue " << s.swaps_overdue;
  return out.str();
}

class CoreRandom : public ::testing::TestWithParam<uint64_t> {};

TEST_P(CoreRandom, PropertiesHoldAfterEveryCommand) {
  const uint64_t seed = GetParam();
  const uint64_t n = commands_per_seed();
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const std::clock_t c0 = std::clock();

  // Run 1: generate against a core, auditing after every command.
  std::vector<Generated> commands;
  commands.reserve(n);
  std::vector<uint64_t> outcomes;
  outcomes.reserve(n);
  std::vector<uint64_t> checkpoints;
  AuditStats stats;
  std::optional<Failure> failure;
  uint64_t final_hash = 0;
  {
    Core core;
    Generator generator(seed, n, core);
    Auditor auditor(core, audit_options());
    for (uint64_t i = 0; i < n; ++i) {
      Generated g = generator.next();
      auditor.before(g);
      const Result r = core.apply(g.command);
      std::vector<std::string> failures = auditor.after(g, r, core.events());
      generator.observe(g.command, r, core.events());
      outcomes.push_back(fingerprint(r, core.events()));
      commands.push_back(std::move(g));
      if ((i + 1) % kCheckpointEvery == 0) checkpoints.push_back(core.state_hash());
      if (!failures.empty()) {
        failure = Failure{static_cast<size_t>(i), std::move(failures)};
        break;
      }
    }
    stats = auditor.stats();
    final_hash = core.state_hash();
  }
  const auto t1 = Clock::now();
  const std::clock_t c1 = std::clock();
  if (failure) {
    std::string text = report(seed, commands, *failure);
    if (env_u64("CORRIDOR_RANDOM_SHRINK", 0) != 0) {
      commands.resize(failure->index + 1);
      std::vector<Generated> small = shrink(commands, category(*failure));
      std::optional<Failure> again = audit(small);
      std::ostringstream out;
      out << "\nshrunk to " << small.size() << " commands:\n";
      for (size_t i = 0; i < small.size(); ++i) {
        out << "  #" << i << (small[i].deliberate_invalid ? " (invalid) " : " ")
            << describe(small[i].command) << "\n";
      }
      if (again) {
        for (const std::string& m : again->messages) out << "  VIOLATION: " << m << "\n";
        Core core;
        for (size_t i = 0; i + 1 < small.size(); ++i) core.apply(small[i].command);
        const Result r = core.apply(small.back().command);
        out << "  result: " << describe(r) << "\n";
        for (const Event& e : core.events()) out << "  event: " << describe(e) << "\n";
      }
      text += out.str();
    }
    FAIL() << text;
  }

  // Run 2: the same seed again, against a fresh core: same commands, same
  // results and events, same state hashes.
  {
    Core core;
    Generator generator(seed, n, core);
    for (uint64_t i = 0; i < n; ++i) {
      Generated g = generator.next();
      ASSERT_EQ(fingerprint(g.command), fingerprint(commands[i].command))
          << "seed " << seed << ": the generator is not deterministic at command #" << i << ": "
          << describe(g.command) << " vs " << describe(commands[i].command);
      const Result r = core.apply(g.command);
      ASSERT_EQ(fingerprint(r, core.events()), outcomes[i])
          << "seed " << seed << ": replay of command #" << i << " (" << describe(g.command)
          << ") gave a different result or events: " << describe(r);
      generator.observe(g.command, r, core.events());
      if ((i + 1) % kCheckpointEvery == 0) {
        ASSERT_EQ(core.state_hash(), checkpoints[(i + 1) / kCheckpointEvery - 1])
            << "seed " << seed << ": state_hash differs on replay after command #" << i;
      }
    }
    ASSERT_EQ(core.state_hash(), final_hash) << "seed " << seed << ": final state_hash differs";
  }
  const auto t2 = Clock::now();
  const std::clock_t c2 = std::clock();
  if (env_u64("CORRIDOR_RANDOM_QUIET", 0) == 0) {
    const double audit_s = std::chrono::duration<double>(t1 - t0).count();
    const double replay_s = std::chrono::duration<double>(t2 - t1).count();
    const double audit_cpu = double(c1 - c0) / CLOCKS_PER_SEC;
    const double replay_cpu = double(c2 - c1) / CLOCKS_PER_SEC;
    std::printf("[seed %llu] audited run %.2f s (cpu %.2f s), replay %.2f s (cpu %.2f s); %s\n",
                static_cast<unsigned long long>(seed), audit_s, audit_cpu, replay_s, replay_cpu,
                summary(stats).c_str());
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, CoreRandom, ::testing::ValuesIn(seed_list()),
                         [](const ::testing::TestParamInfo<uint64_t>& info) {
                           return "seed_" + std::to_string(info.param);
                         });

}  // namespace
}  // namespace corridor::core::random_test
