#!/usr/bin/env bash
# A journal written by `corridor sim --journal` re-run as a scenario: one day,
# and the liquidity sweep (`corridor sim JOURNAL_DIR [--out DIR]`).
# Usage: replay_journal.sh CORRIDOR_EXE SCENARIO WORK_DIR
set -euo pipefail
exe=$1
scenario=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
fail() { echo "replay_journal: $*" >&2; exit 1; }
"$exe" sim "$scenario" --journal "$work/journal" > "$work/original.txt"
"$exe" sim "$work/journal" > "$work/replayed.txt"
# The same payments were submitted (count and value).
grep -E '^  submitted ' "$work/original.txt" > "$work/a"
grep -E '^  submitted ' "$work/replayed.txt" > "$work/b"
cmp "$work/a" "$work/b" || fail "submitted differs: $(cat "$work/a") vs $(cat "$work/b")"
"$exe" sim "$work/journal" --out "$work/sweep" --levels 3 --quiet > /dev/null
# 4 policies x 3 levels x 2 currencies, and the header.
[ "$(wc -l < "$work/sweep/runs.csv")" -eq 25 ] || fail "runs.csv: expected 24 rows"
[ -s "$work/sweep/report.html" ] || fail "no report.html"
# A day without payments is refused.
if "$exe" sim "$work/journal" --value-date 20300101 > "$work/none.txt" 2>&1; then
  fail "--value-date without payments was accepted"
fi
grep -q "holds no payment on value date 2030-01-01" "$work/none.txt" || fail "$(cat "$work/none.txt")"
echo "replay_journal: ok"
