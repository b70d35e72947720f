#!/usr/bin/env bash
# `corridor admin` end to end against `corridor serve`: a fresh PKI, the
# service on a free port, the operator's commands (and curl as in
# docs/api.md), refusals and their exit codes, then a restart that keeps
# what was done.
#
#   admin_cli_test.sh CASE CORRIDOR EXAMPLES_DIR
set -euo pipefail

case_name=$1
corridor=$2
examples=$3

work=$(mktemp -d /tmp/corridor-admin-cli-test.XXXXXX)
server_pid=
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAILED: $*" >&2
  [[ -f $work/out ]] && { echo "--- last stdout:" >&2; cat "$work/out" >&2; }
  [[ -f $work/err ]] && { echo "--- last stderr:" >&2; cat "$work/err" >&2; }
  exit 1
}

sed -e 's|^listen_port = 8443|listen_port = 0|' \
    -e "s|^journal_dir = .*|journal_dir = \"$work/journal\"|" \
    "$examples/service.toml" >"$work/service.toml"
grep -q '^listen_port = 0' "$work/service.toml" || fail "could not set listen_port"
"$corridor" pki init "$work/pki" --config "$work/service.toml" >/dev/null

start_server() {
  : >"$work/stdout"
  "$corridor" serve --config "$work/service.toml" --pki-dir "$work/pki" \
    >"$work/stdout" 2>"$work/stderr" &
  server_pid=$!
  for _ in $(seq 1 300); do
    port=$(head -n 1 "$work/stdout" 2>/dev/null || true)
    [[ -n $port ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || fail "corridor serve exited before listening"
    sleep 0.1
  done
  fail "corridor serve did not print its port within 30 s"
}

stop_server() {
  kill -TERM "$server_pid"
  local code=0
  wait "$server_pid" || code=$?
  server_pid=
  [[ $code == 0 ]] || fail "corridor serve exited $code after SIGTERM"
}

# admin EXPECTED_EXIT ARGS...: runs `corridor admin` as the operator; stdout
# in $work/out, stderr in $work/err.
admin() {
  local expected=$1
  shift
  local code=0
  "$corridor" admin --url "https://127.0.0.1:$port" --pki-dir "$work/pki" "$@" \
    >"$work/out" 2>"$work/err" || code=$?
  [[ $code == "$expected" ]] || fail "corridor admin $* exited $code, expected $expected"
}

case $case_name in
  operates_a_running_service_and_what_it_did_survives_a_restart)
    start_server

    admin 0 participants
    grep -q '^LTSBCNB0  *direct  *active  *CNY  *50000000.00' "$work/out" ||
      fail "no Lotus line in participants"
    grep -q '^BAMBCNS0  *indirect  *active  *via JADECNS0' "$work/out" ||
      fail "no Bamboo line in participants"

    admin 0 participant add --bic ORCHCNB0 --name "Orchid Bank" --kind direct --account CNY
    grep -q '^AddParticipant applied (seq [0-9]*)$' "$work/out" || fail "not admitted"
    grep -q '^OpenAccount applied CNY (seq [0-9]*)$' "$work/out" || fail "no account opened"
    admin 0 credit-line --bic ORCHCNB0 --currency CNY --amount 100
    admin 0 liquidity-transfer --from CBCNCNB0 --to ORCHCNB0 --currency CNY --amount 250.50 \
      --uetr 0d7b4c1e-6a4f-4e0a-9d8c-2b1a3c4d5e6f
    grep -q '^uetr 0d7b4c1e-6a4f-4e0a-9d8c-2b1a3c4d5e6f$' "$work/out" || fail "no uetr line"
    admin 0 limit --bic ORCHCNB0 --currency CNY --amount 40
    admin 0 limit --bic ORCHCNB0 --counterparty LTSBCNB0 --currency CNY --amount 30
    admin 0 reservation --bic ORCHCNB0 --currency CNY --priority urgent --amount 5
    admin 0 participants --json
    orchid=$(jq -c '.participants[] | select(.bic == "ORCHCNB0") | .accounts[0]' "$work/out")
    [[ $(jq -r .balance <<<"$orchid") == 250.50 ]] || fail "balance: $orchid"
    [[ $(jq -r .credit_line <<<"$orchid") == 100.00 ]] || fail "credit line: $orchid"
    [[ $(jq -r .multilateral_limit <<<"$orchid") == 40.00 ]] || fail "multilateral: $orchid"
    [[ $(jq -r '.bilateral_limits[0].limit' <<<"$orchid") == 30.00 ]] || fail "bilateral: $orchid"
    [[ $(jq -r .reserved_urgent <<<"$orchid") == 5.00 ]] || fail "reservation: $orchid"
    admin 0 limit --bic ORCHCNB0 --counterparty LTSBCNB0 --currency CNY --remove
    admin 0 participant add --bic JASPCNB0 --name "Jasper FX" --kind direct --account CNY --account RUB
    admin 0 fx-quote publish --id 42 --provider JASPCNB0 --base CNY --quote RUB --rate 12.5 \
      --valid-from 2026-11-30T08:00:00Z --valid-to 2026-11-30T18:00:00Z --max-amount 1000000
    grep -q '^PublishFxQuote applied (seq [0-9]*)$' "$work/out" || fail "quote not published: $(cat "$work/out")"
    # The reserve pool (rule 17): Onyx commits CNY, Jasper RUB; Onyx draws 100 RUB.
    admin 0 participant add --bic ONYXCNB0 --name "Onyx Bank" --kind direct --account CNY --account RUB
    admin 0 liquidity-transfer --from CBCNCNB0 --to ONYXCNB0 --currency CNY --amount 50
    admin 0 liquidity-transfer --from CBRURUM0 --to JASPCNB0 --currency RUB --amount 200
    admin 0 reserve-pool join --bic ONYXCNB0 --currency CNY --commitment 100 --draw-multiple 2
    grep -q '^JoinReservePool applied (seq [0-9]*)$' "$work/out" || fail "join: $(cat "$work/out")"
    admin 0 reserve-pool join --bic JASPCNB0 --currency RUB --commitment 500
    admin 0 swap draw --id 7 --drawer ONYXCNB0 --provider JASPCNB0 --currency RUB --amount 100 \
      --rate 0.08 --repay-at 2099-01-01T00:00:00Z
    grep -q '^DrawSwap applied (seq [0-9]*)$' "$work/out" || fail "draw: $(cat "$work/out")"
    admin 0 reserve-pool show
    grep -q '^  #7 ONYXCNB0 from JASPCNB0: 100.00 RUB against 8.00 CNY at 0.08 (open)$' "$work/out" ||
      fail "pool show: $(cat "$work/out")"
    admin 0 swap repay 7
    grep -q '^RepaySwap applied (seq [0-9]*)$' "$work/out" || fail "repay: $(cat "$work/out")"
    admin 1 swap repay 7
    grep -q 'HTTP 422: RepaySwap rejected: NOOR' "$work/err" || fail "second repay: $(cat "$work/err")"
    admin 0 fx-quote show 42
    grep -q '^quote 42: JASPCNB0 CNY/RUB at 12.5 (RUB per CNY)' "$work/out" ||
      fail "quote not shown: $(cat "$work/out")"
    admin 1 fx-quote publish --id 43 --provider JASPCNB0 --base CNY --quote RUB --rate 1,5 \
      --valid-from 2026-11-30T08:00:00Z --valid-to 2026-11-30T18:00:00Z --max-amount 1
    grep -q 'HTTP 400' "$work/err" || fail "a bad rate was not refused: $(cat "$work/err")"
    admin 0 fx-quote withdraw 42
    admin 0 rating --bic ORCHCNB0 --grade A
    admin 0 collateral --id 7 --bic ORCHCNB0 --currency CNY --value 1000
    admin 0 credit ORCHCNB0
    grep -q '^ORCHCNB0 A (haircut 800 bp)$' "$work/out" || fail "rating not shown: $(cat "$work/out")"
    grep -q '^  CNY line 920.00 from collateral, used 0.00, collateral 1000.00 (1 items), floor -920.00$' \
      "$work/out" || fail "credit not shown: $(cat "$work/out")"
    admin 0 haircut --grade A --bp 10000
    admin 1 haircut --grade A --bp 10001
    grep -q 'HTTP 400' "$work/err" || fail "a bad haircut was not refused: $(cat "$work/err")"
    admin 0 collateral --id 7 --bic ORCHCNB0 --currency CNY --value 0
    admin 0 credit-line --bic ORCHCNB0 --currency CNY --amount 100
    admin 1 fx-quote show 42
    # DNS: a net debit cap, the open cycle, and an empty cycle that does not settle.
    admin 0 dns cap --bic ORCHCNB0 --currency CNY --amount 20
    grep -q '^SetNetDebitCap applied (seq [0-9]*)$' "$work/out" || fail "cap not set: $(cat "$work/out")"
    admin 0 dns show CNY
    grep -q '^DNS CNY: 0 open payments, 0 cycles settled, fund 0.00$' "$work/out" ||
      fail "cycle not shown: $(cat "$work/out")"
    grep -q '^  ORCHCNB0 *cap  *20.00 position  *0.00' "$work/out" ||
      fail "cap not shown: $(cat "$work/out")"
    admin 1 dns settle CNY
    grep -q 'HTTP 422: SettleDnsCycle rejected: NOOR' "$work/err" || fail "empty cycle: $(cat "$work/err")"
    admin 1 dns report CNY
    grep -q 'HTTP 404' "$work/err" || fail "a report without a cycle: $(cat "$work/err")"
    admin 0 participant suspend ORCHCNB0
    admin 0 participants --json
    [[ $(jq -r '.participants[] | select(.bic == "ORCHCNB0") | .status' "$work/out") == suspended ]] ||
      fail "not suspended"
    [[ $(jq -r '.participants[] | select(.bic == "ORCHCNB0") | .accounts[0].bilateral_limits | length' \
        "$work/out") == 0 ]] || fail "bilateral limit not removed"
    admin 0 participant reactivate ORCHCNB0
    admin 0 gridlock --algorithm bilateral
    grep -q '^RunGridlockResolution applied' "$work/out" || fail "gridlock not run"
    admin 0 queues
    grep -q '^0 queued' "$work/out" || fail "queues"

    # Refusals: a bad amount (400) and a business rejection (422) exit 1 with
    # the service's message; nothing changes.
    admin 1 liquidity-transfer --from CBCNCNB0 --to ORCHCNB0 --currency CNY --amount 1.234
    grep -q 'HTTP 400: "amount": "1.234" is not an amount in CNY' "$work/err" || fail "400 message"
    admin 1 liquidity-transfer --from ORCHCNB0 --to LTSBCNB0 --currency CNY --amount 1000000
    grep -q 'HTTP 422: LiquidityTransfer rejected: AM04' "$work/err" || fail "422 message"
    admin 1 participant suspend NOSUCHB0
    grep -q 'HTTP 422: SuspendParticipant rejected: RC01' "$work/err" || fail "RC01 message"
    # A participant's certificate: 403.
    code=0
    "$corridor" admin --url "https://127.0.0.1:$port" --ca "$work/pki/ca.pem" \
      --cert "$work/pki/LTSBCNB0.pem" --key "$work/pki/LTSBCNB0.key" participants \
      >"$work/out" 2>"$work/err" || code=$?
    [[ $code == 1 ]] || fail "participant certificate: exit $code"
    grep -q 'HTTP 403: a participant certificate may not use the operator API' "$work/err" ||
      fail "403 message"

    # curl as in docs/api.md.
    status=$(curl --silent --show-error --cacert "$work/pki/ca.pem" \
      --cert "$work/pki/operator.pem" --key "$work/pki/operator.key" \
      -H 'Content-Type: application/json' \
      --data '{"bic": "ORCHCNB0", "currency": "CNY", "credit_line": "150.00"}' \
      -o "$work/out" -w '%{http_code}' "https://localhost:$port/v1/admin/credit-lines")
    [[ $status == 200 ]] || fail "curl credit line: HTTP $status"
    [[ $(jq -r .outcome "$work/out") == applied ]] || fail "curl credit line not applied"

    admin 0 day cutoff
    grep -q '^SetDayPhase applied (seq [0-9]*)$' "$work/out" || fail "day cutoff: $(cat "$work/out")"
    admin 0 day show
    grep -q '^value date 2026-11-30 (after the cut-off: entry closed)$' "$work/out" ||
      fail "day show after the cut-off"
    admin 0 day close
    grep -q '^end of day 2026-11-30, next value date 2026-12-01$' "$work/out" || fail "no report"
    grep -q '^ORCHCNB0  *CNY  *0.00  *250.50' "$work/out" || fail "no Orchid line in the report"
    admin 0 eod-report --json
    [[ $(jq -r .next_value_date "$work/out") == 2026-12-01 ]] || fail "eod-report"
    grep -q '"event":"admin".*"path":"/v1/admin/credit-lines".*"status":200' "$work/stderr" ||
      fail "no admin log line for the credit line"
    grep -q '"event":"refused".*"status":403' "$work/stderr" || fail "the 403 was not logged"
    stop_server

    start_server
    admin 0 day show
    grep -q '^value date 2026-12-01 (after the cut-off: entry closed)$' "$work/out" ||
      fail "the value date and the cut-off did not survive"
    admin 0 day open
    admin 0 day show
    grep -q '^value date 2026-12-01 (open for entry)$' "$work/out" || fail "day open"
    admin 0 participants --json
    [[ $(jq -r '.participants[] | select(.bic == "ORCHCNB0") | .accounts[0].credit_line' \
        "$work/out") == 150.00 ]] || fail "the credit line did not survive"
    stop_server

    # Nobody listening: exit 3.
    admin 3 day show
    grep -q 'no answer from 127.0.0.1' "$work/err" || fail "unreachable message"
    ;;
  *)
    fail "unknown case $case_name"
    ;;
esac
echo "ok: $case_name"
