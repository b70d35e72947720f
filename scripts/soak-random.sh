#!/usr/bin/env bash
# Long local runs of the randomised core tests (tests/core/random_*): many more
# seeds, and optionally more commands per seed, than `make test` runs, spread
# over every core. Failures print their reproduction (seed, command index,
# commands); set CORRIDOR_RANDOM_SHRINK=1 to have each one minimised too.
#
# Usage: scripts/soak-random.sh [seeds] [commands-per-seed] [first-seed]
#   seeds              how many seeds (default 500)
#   commands-per-seed  default 100000
#   first-seed         default 1001 (make test runs seeds 1-24)
# Environment:
#   JOBS        parallel shards (default: nproc)
#   BUILD_DIR   a configured debug build (default build/debug; built if missing)
#   LOG_DIR     where shard logs go (default build/soak-random/<timestamp>)
#   CORRIDOR_RANDOM_SHRINK, CORRIDOR_RANDOM_SHRINK_SECONDS
#               passed through (see tests/core/random_test.cc)
set -euo pipefail
cd "$(dirname "$0")/.."

seeds=${1:-500}
commands=${2:-100000}
first=${3:-1001}
jobs=${JOBS:-$(nproc)}
build=${BUILD_DIR:-build/debug}
logs=${LOG_DIR:-build/soak-random/$(date +%Y%m%d-%H%M%S)}
binary="$build/tests/core/core_random_tests"

if [ ! -f "$build/CMakeCache.txt" ]; then
  if [ "$build" != build/debug ]; then
    echo "soak-random: $build is not a configured build directory" >&2
    exit 2
  fi
  cmake --preset debug >/dev/null
fi
cmake --build "$build" --target core_random_tests -j "$jobs" >/dev/null

mkdir -p "$logs"
echo "soak-random: seeds $first..$((first + seeds - 1)), $commands commands each, $jobs shards, logs in $logs"
start=$(date +%s)
pids=()
for ((shard = 0; shard < jobs; ++shard)); do
  GTEST_TOTAL_SHARDS=$jobs GTEST_SHARD_INDEX=$shard \
    CORRIDOR_RANDOM_SEEDS=$seeds CORRIDOR_RANDOM_SEED_BASE=$first \
    CORRIDOR_RANDOM_COMMANDS=$commands \
    "$binary" --gtest_brief=1 >"$logs/shard-$shard.log" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done

passed=$(cat "$logs"/shard-*.log | grep -c '^\[seed ' || true)
failed=$(grep -h '^seed [0-9]*, command #' "$logs"/shard-*.log || true)
echo "soak-random: $passed seeds passed in $(( $(date +%s) - start )) s"
if [ -n "$failed" ] || [ "$status" -ne 0 ]; then
  echo "soak-random: FAILURES (details in $logs):"
  if [ -n "$failed" ]; then echo "$failed"; else grep -h -B2 -A10 'FAILED\|ERROR' "$logs"/shard-*.log | head -60; fi
  exit 1
fi
