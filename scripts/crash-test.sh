#!/usr/bin/env bash
# Long local runs of the journal crash test (tests/journal/crash_test.cc): the
# engine runs as a child process under load and is SIGKILLed KILLS times,
# restarted and checked against an independent replay of its journal
# (docs/journal-format.md, "Crash testing"). `make test` runs 50 kills.
#
# Usage: scripts/crash-test.sh [KILLS] [BUILD_DIR]
#   KILLS      how many SIGKILLs (default 2000)
#   BUILD_DIR  a configured build directory (default build/debug, ASan+UBSan;
#              configured with the debug preset if missing). A release build
#              (build/release) runs several times more load per kill.
# Environment:
#   CORRIDOR_CRASH_SEED  the test's seed (default: a new one from the clock, printed)
#   CORRIDOR_CRASH_KEEP  1: keep the journal directory even when the test passes
#   JOBS                 build parallelism (default: nproc)
set -euo pipefail
cd "$(dirname "$0")/.."

kills=${1:-2000}
build=${2:-build/debug}
jobs=${JOBS:-$(nproc)}
seed=${CORRIDOR_CRASH_SEED:-$(date +%s)}

if [ ! -f "$build/CMakeCache.txt" ]; then
  if [ "$build" != build/debug ]; then
    echo "crash-test: $build is not a configured build directory" >&2
    exit 2
  fi
  cmake --preset debug >/dev/null
fi
cmake --build "$build" --target journal_crash_tests journal_crash_child -j "$jobs" >/dev/null

echo "crash-test: $kills kills, seed $seed, build $build"
start=$(date +%s)
status=0
CORRIDOR_CRASH_KILLS=$kills CORRIDOR_CRASH_SEED=$seed \
  "$build/tests/journal/journal_crash_tests" --gtest_brief=1 || status=$?
echo "crash-test: $(( $(date +%s) - start )) s, $([ "$status" -eq 0 ] && echo passed || echo FAILED)" \
  "(reproduce with CORRIDOR_CRASH_SEED=$seed; timings differ, so a rerun kills at other moments)"
exit "$status"
