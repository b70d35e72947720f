#!/usr/bin/env bash
# Runs the libFuzzer targets in fuzz/ (clang, ASan + UBSan), each for a given time.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 600 s, every target)
# Corpora grow in build/fuzz/corpus/<target>/, seeded from fuzz/make_seeds.cc and,
# for ISO 20022 targets, ../shared/iso20022/samples. Crashes are written to
# build/fuzz/artifacts/<target>/ and make the script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^corridor_fuzz_target(\([a-z0-9_]*\).*/\1/p' fuzz/CMakeLists.txt)
fi

need=()
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
scripts/install-deps.sh

build=build/fuzz
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DCORRIDOR_FUZZ=ON -DCORRIDOR_SANITIZE=ON > /dev/null
cmake --build "$build" -j2 --target fuzz_make_seeds "${targets[@]}"

seeds="$build/seeds"
rm -rf "$seeds"
"$build/fuzz/fuzz_make_seeds" "$seeds"
samples=../shared/iso20022/samples

status=0
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  artifacts="$build/artifacts/$t/"
  mkdir -p "$corpus" "$artifacts"
  [ -d "$seeds/$t" ] && cp -n "$seeds/$t"/* "$corpus"/ 2>/dev/null || true
  if [[ $t == iso* ]] && [ -d "$samples" ]; then cp -n "$samples"/*.xml "$corpus"/ 2>/dev/null || true; fi
  echo "== $t: ${seconds} s, corpus $(ls "$corpus" | wc -l) files"
  if ! "$build/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$artifacts" -print_final_stats=1 "$corpus" 2>&1 | tail -15; then
    status=1
  fi
  if [ -n "$(ls -A "$artifacts")" ]; then
    echo "!! $t: findings in $artifacts"; status=1
  fi
done
exit $status
