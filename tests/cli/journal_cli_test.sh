#!/usr/bin/env bash
# End-to-end tests of `corridor sim --journal` and `corridor journal
# verify|inspect|replay`: exit codes and what a user reads. One case per ctest
# test (tests/cli/CMakeLists.txt):
#
#   journal_cli_test.sh CASE CORRIDOR MAKE_SNAPSHOTS EXAMPLES_DIR DATA_DIR
#
# Every case works in its own temporary directory, removed at the end.
set -euo pipefail

case_name=$1
corridor=$2
make_snapshots=$3
examples=$4
data=$5

work=$(mktemp -d /tmp/corridor-cli-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

# run EXPECTED_EXIT ARGS...: runs corridor, keeps stdout+stderr in $out, checks the exit code.
run() {
  local expected=$1
  shift
  local code=0
  out=$("$corridor" "$@" 2>&1) || code=$?
  if [[ $code != "$expected" ]]; then
    printf '%s\n' "$out" >&2
    fail "corridor $* exited $code, expected $expected"
  fi
}

# expect REGEX: $out has a line matching the extended regular expression.
expect() {
  grep -Eq -- "$1" <<<"$out" || {
    printf '%s\n' "$out" >&2
    fail "no line matches: $1"
  }
}
expect_not() {
  if grep -Eq -- "$1" <<<"$out"; then
    printf '%s\n' "$out" >&2
    fail "a line matches: $1"
  fi
}
# value PREFIX: the rest of the first line of $out that starts with PREFIX.
value() { grep -m1 -- "^$1" <<<"$out" | sed "s/^$1//"; }

flip_byte() {  # FILE OFFSET: inverts every bit of one byte
  local byte
  byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  # shellcheck disable=SC2059  # the format is the escaped byte
  printf "$(printf '\\%03o' $((byte ^ 0xff)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

seg() { printf '%s/journal-%020d.seg' "$1" "$2"; }

classic="$examples/classic-gridlock.toml"
generated="$data/small-generated.toml"

# sim_to_journal SCENARIO DIR [OPTIONS]: runs the simulation into a new journal;
# sets $sim_hash (the report's state hash) and $sim_head (the journal line's head).
sim_to_journal() {
  local scenario=$1 dir=$2
  shift 2
  run 0 sim "$scenario" --journal "$dir" "$@"
  sim_hash=$(value "State hash: ")
  [[ $sim_hash =~ ^[0-9a-f]{16}$ ]] || fail "no state hash in the sim report"
  expect "^journal: $dir, [0-9]+ commands, head [0-9a-f]{64}$"
  sim_head=$(grep -m1 '^journal: ' <<<"$out" | sed 's/.* head //')
}

# verify_replay_matches DIR: verify says OK with the sim's head, replay reaches the sim's state.
verify_replay_matches() {
  run 0 journal verify "$1"
  expect "^head: $sim_head$"
  [[ $(tail -n1 <<<"$out") == OK ]] || fail "verify's last line is not OK"
  run 0 journal replay "$1"
  expect "^head: $sim_head$"
  [[ $(value "state hash: ") == "$sim_hash" ]] || fail "replay state hash differs from the sim's"
  expect "^machine hash: [0-9a-f]{16}$"
  expect "^invariants: all hold$"
  expect_not "NOT ZERO"
}

case $case_name in

classic_day_verifies_and_replays_to_the_sim_state_hash)
  sim_to_journal "$classic" "$work/j" --journal-batch 4
  verify_replay_matches "$work/j"
  run 0 journal verify "$work/j"
  expect "^  journal-00000000000000000001.seg  first sequence 1, [0-9]+ bytes$"
  expect "^batches: 6, commands: 22, sequence 1\.\.22$"
  run 0 journal replay "$work/j"
  expect "^replayed: 22 commands, 6 batches, sequence 1\.\.22"
  expect "^value date: 2026-11-30$"
  expect "^currency EUR: 4 accounts, balance sum 0, queued 0 \(value 0\), pending value 0$"
  expect "^rate: [0-9]+ commands/s"
  ;;

generated_day_verifies_and_replays_to_the_sim_state_hash)
  sim_to_journal "$generated" "$work/j" --journal-batch 100 --journal-segment-bytes 100000
  [[ -f $(seg "$work/j" 2001) ]] || fail "expected several segments"
  verify_replay_matches "$work/j"
  expect "^currency JPY: 4 accounts, balance sum 0,"
  ;;

inspect_lists_the_commands_in_the_range)
  sim_to_journal "$classic" "$work/j" --journal-batch 4
  run 0 journal inspect "$work/j" --from 1 --to 5
  expect "^segment journal-00000000000000000001\.seg$"
  expect "^batch 1\.\.4 at byte 0: 2026-11-27T08:00:00\.000000000Z, 4 commands, [0-9]+ bytes, hash [0-9a-f]{16}$"
  expect "^  1 2026-11-27T08:00:00\.000000000Z sender=- message_id=- configure value_date_initial=2026-11-26 dedupe_window_days=5 "
  expect "^  2 2026-11-27T08:00:00\.000000000Z sender=- message_id=- define_currency code=EUR minor_units=2$"
  expect "^  3 .* add_participant bic=ECBKDEFF name=\"Central bank\" kind=central_bank home_currency=EUR$"
  expect "^  4 .* open_account participant=ECBKDEFF currency=EUR$"
  expect "^  5 .* add_participant bic=BANKAAFF "
  expect_not "^  6 "
  expect_not "^batch 9\.\."  # stopped reading once past --to
  # The payments: sender, amount in minor units with currency, UETR, priority.
  run 0 journal inspect "$work/j" --from 14 --to 16
  expect "^batch 13\.\.16 at byte [0-9]+: 2026-11-27T[0-9:.]+Z, 4 commands,"
  expect_not "^  17 "
  expect_not "^  13 "
  expect "^  14 2026-11-27T09:00:00\.000000000Z sender=BANKAAFF message_id=- submit_payment uetr=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12} instruction_id=\"[^\"]+\" debtor_agent=BANKAAFF creditor_agent=BANKBBFF amount=10000 EUR priority=normal"
  run 0 journal inspect "$work/j" --from 100 --to 200
  expect "^no batches in sequence 100\.\.200 \(the journal holds 1\.\.22\)$"
  run 1 journal inspect "$work/j" --from 5 --to 4
  expect "^corridor journal inspect: error: --from 5 is after --to 4$"
  ;;

verify_names_the_file_and_offset_of_a_flipped_byte)
  sim_to_journal "$generated" "$work/j" --journal-batch 100 --journal-segment-bytes 100000
  segment=$(seg "$work/j" 1001)
  size=$(stat -c %s "$segment")
  middle=$((size / 2))
  # The batch that holds the middle byte, from the listing of the intact journal.
  run 0 journal inspect "$work/j" --from 1001 --to 2000
  batch_start=$(awk -v m="$middle" '/^batch / {
      at = $5 + 0; bytes = $(NF - 3) + 0  # "batch A..B at byte AT: ..., BYTES bytes, hash H"
      if (m >= at && m < at + bytes) print at }' <<<"$out")
  [[ -n $batch_start ]] || fail "no batch holds byte $middle"
  flip_byte "$segment" "$middle"
  run 4 journal verify "$work/j"
  expect "^FAULT: $segment at byte $batch_start: "
  expect_not "^OK$"
  run 4 journal replay "$work/j"
  expect "^FAULT: $segment at byte $batch_start: "
  # inspect prints what it read before the fault, then the fault.
  run 4 journal inspect "$work/j"
  expect "^batch 1\.\.100 at byte 0"
  expect "^FAULT: $segment at byte $batch_start: "
  ;;

verify_reports_a_torn_tail_and_fails_only_with_strict)
  sim_to_journal "$classic" "$work/j" --journal-batch 4
  last=$(seg "$work/j" 1)
  size=$(stat -c %s "$last")
  truncate -s $((size - 10)) "$last"
  run 0 journal verify "$work/j"
  expect "^torn tail: $last at byte [0-9]+ \([0-9]+ bytes\): .* — an unacknowledged batch; the engine truncates it on start$"
  expect "^batches: 5, commands: 20, sequence 1\.\.20$"
  [[ $(tail -n1 <<<"$out") == OK ]] || fail "verify's last line is not OK"
  run 4 journal verify --strict "$work/j"
  expect "^torn tail: "
  expect "^corridor journal verify: error: torn tail"
  expect_not "^OK$"
  [[ $(stat -c %s "$last") == $((size - 10)) ]] || fail "verify changed the segment"
  ;;

sim_refuses_a_directory_that_already_holds_a_journal)
  sim_to_journal "$classic" "$work/j"
  before=$(md5sum "$(seg "$work/j" 1)")
  run 1 sim "$classic" --journal "$work/j"
  expect "^corridor sim: error: --journal: .*already holds a journal"
  [[ $(md5sum "$(seg "$work/j" 1)") == "$before" ]] || fail "the existing journal changed"
  : >"$work/file"
  run 1 sim "$classic" --journal "$work/file"
  expect "not a directory"
  ;;

tools_on_a_missing_directory_exit_1)
  for sub in verify inspect replay; do
    run 1 journal "$sub" "$work/missing"
    expect "^corridor journal $sub: error: $work/missing: no such directory$"
  done
  ;;

snapshots_verify_and_replay_from_a_snapshot_reaches_the_same_state)
  sim_to_journal "$generated" "$work/j" --journal-batch 100 --journal-segment-bytes 100000
  "$make_snapshots" "$work/j" 10 >/dev/null  # after sequences 1000, 2000 and 3000
  run 0 journal verify "$work/j"
  expect "^snapshots: 3$"
  expect "^  snapshot-00000000000000003000\.snap: sequence 3000, state hash [0-9a-f]{16}: OK$"
  expect "^  snapshot-00000000000000001000\.snap: sequence 1000, state hash [0-9a-f]{16}: OK$"
  run 0 journal replay --use-snapshots "$work/j"
  expect "^snapshot: $work/j/snapshot-00000000000000003000\.snap \(sequence 3000\)$"
  expect "^replayed: [0-9]+ commands, last sequence [0-9]+$"
  [[ $(value "state hash: ") == "$sim_hash" ]] || fail "state hash from the snapshot differs"
  ;;

a_corrupt_snapshot_fails_verify_and_replay_falls_back)
  sim_to_journal "$generated" "$work/j" --journal-batch 100 --journal-segment-bytes 100000
  "$make_snapshots" "$work/j" 10 >/dev/null
  snapshot="$work/j/snapshot-00000000000000003000.snap"
  flip_byte "$snapshot" 100
  run 4 journal verify "$work/j"
  expect "^  snapshot-00000000000000003000\.snap: BAD: "
  expect "^  snapshot-00000000000000002000\.snap: sequence 2000, .*: OK$"
  expect "^FAULT: snapshot $snapshot: "
  run 0 journal replay --use-snapshots "$work/j"
  expect "^snapshot not used: $snapshot: "
  expect "^snapshot: $work/j/snapshot-00000000000000002000\.snap \(sequence 2000\)$"
  [[ $(value "state hash: ") == "$sim_hash" ]] || fail "state hash after the fallback differs"
  ;;

a_snapshot_of_another_chain_fails_verify)
  sim_to_journal "$generated" "$work/j" --journal-batch 100 --journal-segment-bytes 100000
  "$make_snapshots" "$work/j" 10 --wrong-chain-head >/dev/null
  run 4 journal verify "$work/j"
  expect "^  snapshot-00000000000000002000\.snap: .*: BAD: chain head [0-9a-f]{64} is not the hash [0-9a-f]{64} of the batch ending at 2000$"
  expect "^FAULT: snapshot $work/j/snapshot-00000000000000003000\.snap: "
  ;;

archived_segments_are_checked_with_archive_and_replayed_in_full)
  sim_to_journal "$generated" "$work/j" --journal-batch 100 --journal-segment-bytes 100000
  "$make_snapshots" "$work/j" 5 >/dev/null  # after 500, 1000, ... 3000
  mkdir "$work/j/archive"
  mv "$(seg "$work/j" 1)" "$work/j/archive/"
  run 0 journal verify "$work/j"
  expect "^batches: [0-9]+, commands: [0-9]+, sequence 1001\.\.[0-9]+$"
  expect "^starts at sequence 1001, continuing from hash [0-9a-f]{64} \(earlier segments archived"
  expect "^  snapshot-00000000000000000500\.snap: .*: checksum and image OK; chain head not checked: batch archived$"
  expect "^  snapshot-00000000000000001000\.snap: .*: OK$"  # the first live batch names its hash
  expect "^head: $sim_head$"
  run 0 journal verify --archive "$work/j"
  expect "^  archive/journal-00000000000000000001\.seg  first sequence 1, [0-9]+ bytes$"
  expect "sequence 1\.\.[0-9]+$"
  expect "^  snapshot-00000000000000000500\.snap: sequence 500, .*: OK$"
  run 0 journal replay "$work/j"
  [[ $(value "state hash: ") == "$sim_hash" ]] || fail "full replay with archive/ differs"
  run 0 journal inspect --archive "$work/j" --to 1
  expect "^segment archive/journal-00000000000000000001\.seg$"
  # Without archive/, a full replay cannot start: it says so rather than guess.
  mv "$work/j/archive" "$work/elsewhere"
  run 4 journal replay "$work/j"
  expect "^FAULT: $(seg "$work/j" 1001) at byte 0: the journal starts at sequence 1001"
  ;;

*)
  fail "unknown case $case_name"
  ;;
esac
echo "passed: $case_name"
