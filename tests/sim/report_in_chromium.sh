#!/usr/bin/env bash
# The sweep's report.html opens in headless Chromium without errors and shows
# its charts: `corridor sim SCENARIO --out DIR`, then a screenshot and the DOM
# as Chromium built it.
# Usage: report_in_chromium.sh CORRIDOR_EXE SCENARIO WORK_DIR
set -euo pipefail
exe=$1
scenario=$2
work=$3
chromium=${CHROMIUM:-/usr/bin/chromium}
rm -rf "$work"
mkdir -p "$work"

fail() { echo "report_in_chromium: $*" >&2; exit 1; }

[ -x "$chromium" ] || fail "$chromium not found: run scripts/install-deps.sh"
"$exe" sim "$scenario" --out "$work/out" --levels 3 --quiet > "$work/sim.log" 2>&1 ||
  fail "corridor sim failed: $(cat "$work/sim.log")"
report="$work/out/report.html"
[ -s "$report" ] || fail "no report.html"

# Self-contained: no scripts and nothing fetched from elsewhere.
if grep -Eiq '<script|<link|src=|href=|url\(|@import|https?:' "$report"; then
  fail "report.html references something outside itself"
fi

flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions
       --user-data-dir="$work/profile" --enable-logging=stderr --v=0)
"$chromium" "${flags[@]}" --dump-dom "file://$report" > "$work/dom.html" 2> "$work/dom.err" ||
  fail "chromium --dump-dom failed: $(tail -5 "$work/dom.err")"
# Page errors are reported as console messages.
if grep -E 'CONSOLE|Uncaught|ERR_FILE' "$work/dom.err" | grep -v 'dbus' > "$work/console.txt"; then
  if [ -s "$work/console.txt" ]; then fail "the page logged errors: $(cat "$work/console.txt")"; fi
fi
charts=$(grep -o '<svg class="chart"' "$work/dom.html" | wc -l)
[ "$charts" -eq 4 ] || fail "expected 4 charts in the DOM, found $charts"
lines=$(grep -o '<polyline class="series"' "$work/dom.html" | wc -l)
[ "$lines" -ge 8 ] || fail "expected the policies' curves in the DOM, found $lines lines"
grep -q '<table class="summary">' "$work/dom.html" || fail "no summary table in the DOM"

"$chromium" "${flags[@]}" --hide-scrollbars --screenshot="$work/report.png" \
  --window-size=1200,2000 "file://$report" > "$work/shot.log" 2>&1 ||
  fail "chromium --screenshot failed: $(tail -5 "$work/shot.log")"
[ -s "$work/report.png" ] || fail "no screenshot"
# A PNG of 1200 x 2000 whose pixels are not all alike: the charts were drawn.
python3 - "$work/report.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
if data[:8] != b'\x89PNG\r\n\x1a\n':
    sys.exit('not a PNG')
width, height = struct.unpack('>II', data[16:24])
if (width, height) != (1200, 2000):
    sys.exit(f'screenshot is {width}x{height}, expected 1200x2000')
pos, idat = 8, b''
while pos < len(data):
    length, kind = struct.unpack('>I4s', data[pos:pos + 8])
    if kind == b'IDAT':
        idat += data[pos + 8:pos + 8 + length]
    pos += 12 + length
raw = zlib.decompress(idat)
# Count rows that are not one flat colour (filtered scanlines: a flat row is all zeros after its filter byte).
stride = len(raw) // height
busy = sum(1 for r in range(height) if len(set(raw[r * stride + 1:(r + 1) * stride])) > 2)
if busy < 300:
    sys.exit(f'only {busy} rows of the screenshot show anything')
print(f'screenshot {width}x{height}, {busy} rows with content')
PY
echo "report_in_chromium: ok ($charts charts)"
