// `corridor journal verify|inspect|replay DIR`: the tools that let an
// operator or auditor check a journal, read it and rebuild the state from it
// (docs/journal-format.md, "Tools"). They only read: nothing in DIR changes.
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cli/commands.h"
#include "cli/journal_text.h"
#include "core/core.h"
#include "journal/hash.h"
#include "journal/journal_reader.h"
#include "journal/machine.h"
#include "journal/record_format.h"
#include "journal/recovery.h"
#include "journal/snapshot_store.h"
#include "journal/submission.h"

namespace corridor::cli {
namespace {

// A snapshot image carries its own configuration (the journal's Configure);
// the loading core only bounds the tables it accepts. The tools load images
// from engines configured for any size, so they accept the largest tables the
// core allows (a full replay applies the journal's own Configure anyway).
core::Config snapshot_loader_config() {
  core::Config config;
  config.currencies_max = core::kNoCurrency - 1;
  config.participants_max = 1u << 30;
  config.accounts_max = 1u << 30;
  config.pending_payments_max = 1u << 30;
  return config;
}

namespace fs = std::filesystem;
using journal::BatchAt;
using journal::BatchView;
using journal::Hash256;
using journal::ScanResult;

constexpr size_t kHashPrefixChars = 16;  // enough to tell batches apart in a listing

// Ends the program with `code` after a message on stderr (CLI::RuntimeError
// makes CLI11 exit with the code and print nothing itself).
[[noreturn]] void fail(std::string_view sub, int code, const std::string& message) {
  std::fflush(stdout);
  fmt::print(stderr, "corridor journal {}: error: {}\n", sub, message);
  throw CLI::RuntimeError(code);
}

void require_directory(std::string_view sub, const std::string& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  fail(sub, kExitBadInput,
       fmt::format("{}: {}", dir, fs::exists(dir, ec) ? "not a directory" : "no such directory"));
}

// A fault is the tool's finding, not a failure of the tool: it goes to stdout
// with what was read before it, and the exit code says the journal is bad.
[[noreturn]] void journal_fault(const std::string& where, const std::string& what) {
  fmt::print("FAULT: {}: {}\n", where, what);
  std::fflush(stdout);
  throw CLI::RuntimeError(kExitJournalFault);
}

std::string at_byte(const std::string& file, uint64_t offset) {
  return fmt::format("{} at byte {}", file, offset);
}

std::string torn_tail_line(const journal::TornTail& tail) {
  return fmt::format(
      "torn tail: {} ({} bytes): {} — an unacknowledged batch; the engine truncates it on start",
      at_byte(tail.file, tail.offset), tail.bytes, tail.what);
}

// A segment as the listing shows it: its name, under archive/ if archived.
std::string segment_name(const journal::SegmentInfo& segment) {
  const std::string name = fs::path(segment.path).filename().string();
  return segment.archived ? "archive/" + name : name;
}

// The file offset of an entry's length prefix, for faults inside a batch.
uint64_t entry_offset(const BatchAt& at, std::span<const uint8_t> encoded) {
  return at.offset + journal::kBatchHeaderBytes +
         static_cast<uint64_t>(encoded.data() - at.batch.payload.data()) - 4;
}

// The first entry of a checked batch that does not decode, as (offset, what).
struct EntryFault {
  std::string file;
  uint64_t offset = 0;
  std::string what;
};

// Decodes every entry of a batch, calling fn(seq, submission) for those in
// [from, to]; returns the first entry that does not decode. A batch whose
// checksums hold but whose content is not a command cannot be replayed.
template <typename Fn>
std::optional<EntryFault> decode_entries(const BatchAt& at, uint64_t from, uint64_t to, Fn&& fn) {
  std::optional<EntryFault> fault;
  journal::for_each_entry(at.batch, [&](uint32_t index, std::span<const uint8_t> encoded) {
    if (fault) return;
    const uint64_t seq = at.batch.header.first_seq + index;
    auto decoded = journal::decode_submission(encoded);
    if (auto* error = std::get_if<journal::DecodeError>(&decoded)) {
      fault = EntryFault{at.segment.path, entry_offset(at, encoded),
                         fmt::format("sequence {} does not decode: {}", seq, error->what)};
      return;
    }
    if (seq >= from && seq <= to) fn(seq, std::get<journal::Submission>(decoded));
  });
  return fault;
}

// --- verify ------------------------------------------------------------------

struct VerifyOptions {
  std::string dir;
  bool archive = false;
  bool strict = false;
};

// What verify concludes about one snapshot file.
struct SnapshotVerdict {
  std::string line;  // for the listing
  std::string bad;   // non-empty: why the snapshot cannot be used
};

SnapshotVerdict check_snapshot(const journal::SnapshotFile& file, const ScanResult& scan,
                               const std::map<uint64_t, Hash256>& batch_end_hashes,
                               const std::map<uint64_t, uint64_t>& inside_batch) {
  const std::string name = fs::path(file.path).filename().string();
  auto loaded = journal::load_snapshot(file);
  if (auto* error = std::get_if<std::string>(&loaded)) return {name + ": BAD: " + *error, *error};
  const journal::LoadedSnapshot& snapshot = std::get<journal::LoadedSnapshot>(loaded);
  const journal::SnapshotMeta& meta = snapshot.meta;
  const std::string head =
      fmt::format("{}: sequence {}, state hash {:016x}", name, meta.seq, meta.state_hash);
  auto bad = [&](const std::string& why) { return SnapshotVerdict{head + ": BAD: " + why, why}; };

  // The image must load and give the state hash recorded with it, or
  // recovery would pass the snapshot over.
  journal::Machine machine{snapshot_loader_config()};
  std::string error;
  if (!machine.load_state(snapshot.image, &error)) return bad("image does not load: " + error);
  if (machine.last_seq() != meta.seq) {
    return bad(
        fmt::format("image is at sequence {}, its header says {}", machine.last_seq(), meta.seq));
  }
  if (machine.state_hash() != meta.state_hash) {
    return bad(fmt::format("state hash after loading is {:016x}, not the recorded one",
                           machine.state_hash()));
  }

  // Its chain head must be the hash of the journal's batch that ends at its sequence.
  if (meta.seq > scan.last_seq) {
    return bad(
        fmt::format("covers sequence {} but the journal ends at {}", meta.seq, scan.last_seq));
  }
  std::optional<Hash256> expected;
  if (auto it = batch_end_hashes.find(meta.seq); it != batch_end_hashes.end()) {
    expected = it->second;
  } else if (auto inside = inside_batch.find(meta.seq); inside != inside_batch.end()) {
    return bad(fmt::format("sequence {} is inside the batch starting at {}, not at its end",
                           meta.seq, inside->second));
  } else if (scan.first_seq > 0 && meta.seq + 1 == scan.first_seq) {
    // The batch ending there is archived, but the first scanned one names its hash.
    expected = scan.start_prev_hash;
  } else if (scan.first_seq > 0 && meta.seq < scan.first_seq) {
    return {head + ": checksum and image OK; chain head not checked: batch archived", ""};
  }
  if (!expected) return bad(fmt::format("no batch of the journal ends at {}", meta.seq));
  if (*expected != meta.chain_head) {
    return bad(fmt::format("chain head {} is not the hash {} of the batch ending at {}",
                           journal::to_hex(meta.chain_head), journal::to_hex(*expected), meta.seq));
  }
  return {head + ": OK", ""};
}

void verify(const VerifyOptions& options) {
  constexpr std::string_view kSub = "verify";
  require_directory(kSub, options.dir);

  // Only the batches at the snapshots' sequence numbers are remembered: a
  // journal may hold millions of batches.
  const std::vector<journal::SnapshotFile> snapshots = journal::list_snapshots(options.dir);
  std::set<uint64_t> snapshot_seqs;
  for (const journal::SnapshotFile& s : snapshots) snapshot_seqs.insert(s.seq);
  std::map<uint64_t, Hash256> batch_end_hashes;  // snapshot seq -> hash of the batch ending there
  std::map<uint64_t, uint64_t> inside_batch;     // snapshot seq -> first seq of the batch around it

  uint64_t commands = 0;
  uint64_t attachments = 0, attachment_bytes = 0;
  std::optional<EntryFault> entry_fault;
  journal::ScanOptions scan_options;
  scan_options.verify_hash = true;
  scan_options.include_archive = options.archive;
  const ScanResult scan = journal::scan_journal(options.dir, scan_options, [&](const BatchAt& at) {
    const journal::BatchHeader& h = at.batch.header;
    commands += h.command_count;
    journal::for_each_attachment(at.batch, [&](uint32_t, std::span<const uint8_t> bytes, size_t) {
      ++attachments;
      attachment_bytes += bytes.size();
    });
    if (snapshot_seqs.contains(h.last_seq())) batch_end_hashes[h.last_seq()] = at.batch.batch_hash;
    for (auto it = snapshot_seqs.lower_bound(h.first_seq);
         it != snapshot_seqs.end() && *it < h.last_seq(); ++it) {
      inside_batch[*it] = h.first_seq;
    }
    // Every entry must decode, or a replay would stop there; none is shown.
    constexpr uint64_t kShowNoneFrom = 1, kShowNoneTo = 0;
    entry_fault =
        decode_entries(at, kShowNoneFrom, kShowNoneTo, [](uint64_t, const journal::Submission&) {});
    return !entry_fault;
  });

  fmt::print("journal {}\n", options.dir);
  fmt::print("segments: {}\n", scan.segments.size());
  for (const journal::SegmentInfo& s : scan.segments) {
    fmt::print("  {}  first sequence {}, {} bytes\n", segment_name(s), s.first_seq, s.valid_bytes);
  }
  if (scan.batch_count == 0) {
    fmt::print("batches: 0, commands: 0\n");
  } else {
    fmt::print("batches: {}, commands: {}, sequence {}..{}\n", scan.batch_count, commands,
               scan.first_seq, scan.last_seq);
  }
  // The service's messages, journaled with their payments (journal-format.md, "Attachments").
  if (attachments > 0) fmt::print("attachments: {} ({} bytes)\n", attachments, attachment_bytes);
  if (entry_fault)
    journal_fault(at_byte(entry_fault->file, entry_fault->offset), entry_fault->what);
  if (scan.fault) journal_fault(at_byte(scan.fault->file, scan.fault->offset), scan.fault->what);
  if (scan.batch_count > 0 && scan.first_seq != 1) {
    const std::string& first = scan.segments.front().path;
    if (options.archive) {
      journal_fault(at_byte(first, 0),
                    fmt::format("the journal starts at sequence {}: earlier segments are missing",
                                scan.first_seq));
    }
    fmt::print(
        "starts at sequence {}, continuing from hash {} (earlier segments archived; "
        "--archive checks them too)\n",
        scan.first_seq, journal::to_hex(scan.start_prev_hash));
  }
  fmt::print("head: {}\n", journal::to_hex(scan.head));

  fmt::print("snapshots: {}\n", snapshots.size());
  std::optional<std::string> bad_snapshot;
  for (const journal::SnapshotFile& s : snapshots) {
    const SnapshotVerdict verdict = check_snapshot(s, scan, batch_end_hashes, inside_batch);
    fmt::print("  {}\n", verdict.line);
    if (!verdict.bad.empty() && !bad_snapshot) bad_snapshot = s.path + ": " + verdict.bad;
  }
  if (scan.torn_tail) fmt::print("{}\n", torn_tail_line(*scan.torn_tail));
  if (bad_snapshot) journal_fault("snapshot " + *bad_snapshot, "it cannot be used");
  if (scan.torn_tail && options.strict) {
    fail(kSub, kExitJournalFault, "torn tail (--strict counts it as a fault)");
  }
  fmt::print("OK\n");
}

// --- inspect -----------------------------------------------------------------

struct InspectOptions {
  std::string dir;
  uint64_t from_seq = 1;
  uint64_t to_seq = std::numeric_limits<uint64_t>::max();
  bool archive = false;
};

std::string text_or_dash(std::string_view text) {
  return text.empty() ? std::string("-") : std::string(text);
}

void inspect(const InspectOptions& options) {
  constexpr std::string_view kSub = "inspect";
  require_directory(kSub, options.dir);
  if (options.from_seq > options.to_seq) {
    fail(kSub, kExitBadInput,
         fmt::format("--from {} is after --to {}", options.from_seq, options.to_seq));
  }

  std::string current_segment;
  uint64_t batches_shown = 0;
  bool stopped_early = false;
  std::optional<EntryFault> entry_fault;
  journal::ScanOptions scan_options;
  scan_options.verify_hash = true;
  scan_options.include_archive = options.archive;
  const ScanResult scan = journal::scan_journal(options.dir, scan_options, [&](const BatchAt& at) {
    const journal::BatchHeader& h = at.batch.header;
    if (h.first_seq > options.to_seq) {
      stopped_early = true;  // sequence numbers only grow: nothing after is in range
      return false;
    }
    if (h.last_seq() < options.from_seq) return true;
    if (at.segment.path != current_segment) {
      current_segment = at.segment.path;
      fmt::print("segment {}\n", segment_name(at.segment));
    }
    ++batches_shown;
    fmt::print("batch {}..{} at byte {}: {}, {} commands, {} bytes{}, hash {}\n", h.first_seq,
               h.last_seq(), at.offset, format_timestamp_utc(h.timestamp_ns), h.command_count,
               at.batch.record_bytes,
               at.batch.attachment_count > 0
                   ? fmt::format(" ({} attachments)", at.batch.attachment_count)
                   : std::string(),
               journal::to_hex(at.batch.batch_hash).substr(0, kHashPrefixChars));
    entry_fault = decode_entries(
        at, options.from_seq, options.to_seq, [](uint64_t seq, const journal::Submission& s) {
          fmt::print("  {} {} sender={} message_id={} {}\n", seq,
                     format_timestamp_utc(s.command.timestamp_ns),
                     s.sender.empty() ? std::string("-") : s.sender.to_string(),
                     text_or_dash(s.message_id.view()), describe_command(s.command.body));
        });
    return !entry_fault;
  });

  if (entry_fault)
    journal_fault(at_byte(entry_fault->file, entry_fault->offset), entry_fault->what);
  if (scan.fault) journal_fault(at_byte(scan.fault->file, scan.fault->offset), scan.fault->what);
  if (batches_shown == 0) {
    fmt::print("no batches in sequence {}..{} (the journal holds {})\n", options.from_seq,
               options.to_seq,
               scan.batch_count == 0 ? std::string("none")
                                     : fmt::format("{}..{}", scan.first_seq, scan.last_seq));
  }
  if (scan.torn_tail && !stopped_early) fmt::print("{}\n", torn_tail_line(*scan.torn_tail));
}

// --- replay ------------------------------------------------------------------

struct ReplayOptions {
  std::string dir;
  bool use_snapshots = false;
};

// Signed 128-bit integers have no fmt support on every fmt version.
std::string int128_text(__int128 value) {
  if (value == 0) return "0";
  const bool negative = value < 0;
  unsigned __int128 magnitude =
      negative ? -static_cast<unsigned __int128>(value) : static_cast<unsigned __int128>(value);
  std::string digits;
  while (magnitude > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  }
  return negative ? "-" + digits : digits;
}

// Totals of one currency over its accounts. Sums are 128-bit: a corrupt or
// hostile state must not overflow the tool that audits it.
struct CurrencyTotals {
  uint64_t accounts = 0;
  __int128 balance_sum_minor = 0;
  uint64_t queued_count = 0;
  __int128 queued_value_minor = 0;
  __int128 pending_value_minor = 0;
};

// Prints the state a replay reached; returns false if conservation or an
// invariant does not hold.
bool print_state(const journal::Machine& machine) {
  const core::Core& core = machine.core();
  fmt::print("state hash: {:016x}\n", core.state_hash());
  fmt::print("machine hash: {:016x}\n", machine.state_hash());
  fmt::print("value date: {}\n", format_value_date(core.value_date()));
  fmt::print("participants: {}, accounts: {}, currencies: {}\n", core.participant_count(),
             core.account_count(), core.currency_count());

  std::vector<CurrencyTotals> totals(core.currency_count());
  for (core::AccountId id = 0; id < core.account_count(); ++id) {
    const core::Account& a = core.account(id);
    if (a.currency >= totals.size()) continue;  // check_invariants() reports it
    CurrencyTotals& t = totals[a.currency];
    ++t.accounts;
    t.balance_sum_minor += a.balance_minor;
    for (const core::QueueList& q : a.queues) t.queued_count += q.length;
    t.queued_value_minor += a.queued_value_minor;
    t.pending_value_minor += a.pending_value_minor;
  }
  bool conserved = true;
  for (core::CurrencyId id = 0; id < core.currency_count(); ++id) {
    const CurrencyTotals& t = totals[id];
    // The DNS reserve fund is held outside the RTGS accounts: balances plus
    // the fund sum to zero (settlement-rules.md, rule 15).
    const core::AmountMinor fund_minor = core.dns_fund_minor(id);
    const bool zero = t.balance_sum_minor + fund_minor == 0;
    conserved = conserved && zero;
    fmt::print(
        "currency {}: {} accounts, balance sum {}{}{}, queued {} (value {}), pending value {}\n",
        core.currency(id).code.view(), t.accounts, int128_text(t.balance_sum_minor),
        fund_minor == 0 ? "" : fmt::format(" + DNS reserve fund {}", fund_minor),
        zero ? "" : " (NOT ZERO: money was created or destroyed)", t.queued_count,
        int128_text(t.queued_value_minor), int128_text(t.pending_value_minor));
  }
  fmt::print("pending payments: {} ({} queued)\n", core.pending_count(), core.queued_count());
  const std::vector<std::string> violations = core.check_invariants();
  if (violations.empty()) {
    fmt::print("invariants: all hold\n");
  } else {
    fmt::print("invariants: {} VIOLATED\n", violations.size());
    for (const std::string& v : violations) fmt::print("  {}\n", v);
  }
  return conserved && violations.empty();
}

void print_rate(uint64_t commands, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(commands) / seconds : 0;
  fmt::print("rate: {:.0f} commands/s ({} commands in {:.6f} s wall time)\n", rate, commands,
             seconds);
}

void replay(const ReplayOptions& options) {
  constexpr std::string_view kSub = "replay";
  require_directory(kSub, options.dir);
  const auto started = std::chrono::steady_clock::now();
  auto seconds_since_start = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };

  std::unique_ptr<journal::Machine> machine;
  if (options.use_snapshots) {
    journal::RecoveryOptions recovery_options;
    recovery_options.core_config = snapshot_loader_config();
    recovery_options.verify_hash = true;
    recovery_options.log = [](const std::string& line) { fmt::print("{}\n", line); };
    journal::Recovered recovered;
    try {
      recovered = journal::recover(options.dir, recovery_options);
    } catch (const journal::RecoveryError& e) {
      journal_fault("recovery", e.what());
    }
    const double seconds = seconds_since_start();
    const journal::RecoveryReport& r = recovered.report;
    for (const std::string& rejected : r.snapshots_rejected) {
      fmt::print("snapshot not used: {}\n", rejected);
    }
    if (r.snapshot_path.empty()) {
      fmt::print("snapshot: none used, replayed from sequence 1\n");
    } else {
      fmt::print("snapshot: {} (sequence {})\n", r.snapshot_path, r.snapshot_seq);
    }
    fmt::print("replayed: {} commands, last sequence {}\n", r.replayed_commands, r.last_seq);
    fmt::print("head: {}\n", journal::to_hex(r.head));
    print_rate(r.replayed_commands, seconds);
    if (r.torn_tail) fmt::print("{}\n", torn_tail_line(*r.torn_tail));
    machine = std::move(recovered.machine);
  } else {
    // Independent of snapshots and of recovery: every batch from sequence 1,
    // archived ones included, applied to a fresh machine.
    machine = std::make_unique<journal::Machine>(core::Config());
    uint64_t commands = 0;
    std::optional<EntryFault> apply_fault;
    journal::ScanOptions scan_options;
    scan_options.verify_hash = true;
    scan_options.include_archive = true;
    const ScanResult scan =
        journal::scan_journal(options.dir, scan_options, [&](const BatchAt& at) {
          if (machine->last_seq() == 0 && at.batch.header.first_seq != 1) {
            apply_fault = EntryFault{at.segment.path, at.offset,
                                     fmt::format("the journal starts at sequence {}: earlier "
                                                 "segments are missing, a full replay needs them",
                                                 at.batch.header.first_seq)};
            return false;
          }
          std::string error;
          if (!journal::apply_batch(*machine, at.batch, &error)) {
            apply_fault = EntryFault{at.segment.path, at.offset, error};
            return false;
          }
          commands += at.batch.header.command_count;
          return true;
        });
    const double seconds = seconds_since_start();
    fmt::print(
        "replayed: {} commands, {} batches, sequence {}..{}, from sequence 1 (no snapshot)\n",
        commands, scan.batch_count, scan.batch_count > 0 ? scan.first_seq : 0, machine->last_seq());
    if (apply_fault)
      journal_fault(at_byte(apply_fault->file, apply_fault->offset), apply_fault->what);
    if (scan.fault) journal_fault(at_byte(scan.fault->file, scan.fault->offset), scan.fault->what);
    fmt::print("head: {}\n", journal::to_hex(scan.head));
    print_rate(commands, seconds);
    if (scan.torn_tail) fmt::print("{}\n", torn_tail_line(*scan.torn_tail));
  }
  if (!print_state(*machine)) {
    fail(kSub, kExitInvariantViolated, "the replayed state breaks the core's invariants");
  }
}

}  // namespace

void add_journal_command(CLI::App& app) {
  CLI::App* journal =
      app.add_subcommand("journal", "Check, list and replay a journal directory (read only)");
  journal->require_subcommand(1);

  auto verify_options = std::make_shared<VerifyOptions>();
  CLI::App* verify_command = journal->add_subcommand(
      "verify", "Check every checksum, the hash chain and the snapshots; print the head hash");
  verify_command->add_option("dir", verify_options->dir, "Journal directory")->required();
  verify_command->add_flag("--archive", verify_options->archive,
                           "Check the archived segments (archive/) too");
  verify_command->add_flag("--strict", verify_options->strict,
                           "Count a torn tail (an unacknowledged last batch) as a fault");
  verify_command->callback([verify_options] { verify(*verify_options); });

  auto inspect_options = std::make_shared<InspectOptions>();
  CLI::App* inspect_command =
      journal->add_subcommand("inspect", "List batches and commands in readable form");
  inspect_command->add_option("dir", inspect_options->dir, "Journal directory")->required();
  inspect_command->add_option("--from", inspect_options->from_seq,
                              "First sequence number to list (default 1)");
  inspect_command->add_option("--to", inspect_options->to_seq,
                              "Last sequence number to list (default: the end)");
  inspect_command->add_flag("--archive", inspect_options->archive,
                            "Start from the archived segments (archive/)");
  inspect_command->callback([inspect_options] { inspect(*inspect_options); });

  auto replay_options = std::make_shared<ReplayOptions>();
  CLI::App* replay_command = journal->add_subcommand(
      "replay", "Rebuild the state from the journal; print its hashes and totals");
  replay_command->add_option("dir", replay_options->dir, "Journal directory")->required();
  replay_command->add_flag("--use-snapshots", replay_options->use_snapshots,
                           "Start from the newest valid snapshot, as recovery does "
                           "(default: replay every command from sequence 1)");
  replay_command->callback([replay_options] { replay(*replay_options); });
}

}  // namespace corridor::cli
