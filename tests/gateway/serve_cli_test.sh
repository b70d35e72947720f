#!/usr/bin/env bash
# `corridor serve` end to end: a fresh PKI, the service on a free port, one
# pacs.008 over mutual TLS with curl, then SIGTERM and a clean exit.
#
#   serve_cli_test.sh CASE CORRIDOR EXAMPLES_DIR
set -euo pipefail

case_name=$1
corridor=$2
examples=$3

work=$(mktemp -d /tmp/corridor-serve-cli-test.XXXXXX)
server_pid=
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAILED: $*" >&2
  [[ -f $work/stderr ]] && cat "$work/stderr" >&2
  exit 1
}

# The demo configuration on port 0 (any free port) with the journal in $work.
sed -e 's|^listen_port = 8443|listen_port = 0|' \
    -e "s|^journal_dir = .*|journal_dir = \"$work/journal\"|" \
    "$examples/service.toml" >"$work/service.toml"
grep -q '^listen_port = 0' "$work/service.toml" || fail "could not set listen_port"
"$corridor" pki init "$work/pki" --config "$work/service.toml" >/dev/null

start_server() {
  "$corridor" serve --config "$work/service.toml" --pki-dir "$work/pki" \
    >"$work/stdout" 2>"$work/stderr" &
  server_pid=$!
  # The bound port is printed alone on stdout once listening.
  for _ in $(seq 1 300); do
    port=$(head -n 1 "$work/stdout" 2>/dev/null || true)
    [[ -n $port ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || fail "corridor serve exited before listening"
    sleep 0.1
  done
  fail "corridor serve did not print its port within 30 s"
}

post() {
  curl --silent --show-error --cacert "$work/pki/ca.pem" \
    --cert "$work/pki/LTSBCNB0.pem" --key "$work/pki/LTSBCNB0.key" \
    -H 'Content-Type: application/xml' --data-binary @"$1" \
    -o "$work/answer.xml" -w '%{http_code}' "https://localhost:$port/v1/messages"
}

stop_server() {
  kill -TERM "$server_pid"
  local code=0
  wait "$server_pid" || code=$?
  server_pid=
  [[ $code == 0 ]] || fail "corridor serve exited $code after SIGTERM"
}

case $case_name in
  creditor_reads_its_inbox_tracking_and_a_receipt_with_curl)
    # docs/api.md, "Inbox, tracking, receipts and reports": the commands as written.
    start_server
    status=$(post "$examples/messages/pacs008_lotus_to_jade.xml")
    [[ $status == 200 ]] || fail "POST answered $status"
    jade=(--silent --show-error --cacert "$work/pki/ca.pem" --cert "$work/pki/JADECNS0.pem"
          --key "$work/pki/JADECNS0.key")
    base="https://localhost:$port"
    uetr=3f1c2a9e-8b7d-4c5e-9f0a-1b2c3d4e5f60
    curl "${jade[@]}" "$base/v1/inbox?after=0&limit=10" >"$work/inbox.json"
    jq -e --arg u "$uetr" '[.messages[] | select(.uetr == $u) | .kind] == ["payment","credit_notification"]' \
      "$work/inbox.json" >/dev/null || fail "inbox: $(cat "$work/inbox.json")"
    jq -r --arg u "$uetr" '.messages[] | select(.uetr == $u and .kind == "payment") | .xml' \
      "$work/inbox.json" | grep -q '<Nm>' || fail "the forwarded pacs.008 lost the parties' names"
    size=$(jq .size "$work/inbox.json")
    curl "${jade[@]}" -H 'Content-Type: application/json' -d "{\"cursor\": $size}" \
      "$base/v1/inbox/ack" | jq -e ".acknowledged == $size" >/dev/null || fail "ack"
    curl "${jade[@]}" "$base/v1/inbox" | jq -e ".after == $size and (.messages | length) == 0" \
      >/dev/null || fail "the inbox does not start after the acknowledged cursor"
    curl "${jade[@]}" "$base/v1/payments/$uetr" | jq -e '.status == "settled" and .amount == "1000.00"' \
      >/dev/null || fail "tracking"
    curl "${jade[@]}" "$base/v1/receipts/$uetr" >"$work/receipt.json"
    "$corridor" receipt verify "$work/receipt.json" --operator-cert "$work/pki/operator.pem" \
      >/dev/null || fail "the receipt does not verify: $(cat "$work/receipt.json")"
    curl "${jade[@]}" "$base/v1/accounts" | jq -e '.accounts[0].currency == "CNY"' >/dev/null ||
      fail "accounts"
    curl "${jade[@]}" "$base/v1/reports/intraday" | grep -q "$uetr" || fail "intraday report"
    # Another bank learns nothing about the payment.
    code=$(curl --silent --cacert "$work/pki/ca.pem" --cert "$work/pki/VOLGRUM0.pem" \
      --key "$work/pki/VOLGRUM0.key" -o /dev/null -w '%{http_code}' "$base/v1/payments/$uetr")
    [[ $code == 404 ]] || fail "a third party got $code"
    stop_server
    ;;
  settles_a_pacs008_over_mutual_tls_and_exits_0_on_sigterm)
    start_server
    status=$(post "$examples/messages/pacs008_lotus_to_jade.xml")
    [[ $status == 200 ]] || fail "POST answered $status: $(cat "$work/answer.xml")"
    grep -q '<TxSts>ACSC</TxSts>' "$work/answer.xml" || fail "no ACSC in: $(cat "$work/answer.xml")"
    stop_server
    grep -q '"event":"listening"' "$work/stderr" || fail "no listening log line"
    grep -q '"event":"recovery"' "$work/stderr" || fail "no recovery log line"
    grep -q '"event":"stopped"' "$work/stderr" || fail "no stopped log line"
    # Restarted on the same journal, the resubmission is a repeat with the same answer.
    start_server
    status=$(post "$examples/messages/pacs008_lotus_to_jade.xml")
    [[ $status == 200 ]] || fail "second POST answered $status"
    grep -q '<TxSts>ACSC</TxSts>' "$work/answer.xml" || fail "no ACSC after restart"
    grep -q '"initialised_from_config":false' "$work/stderr" ||
      fail "the restart applied the reference data again"
    stop_server
    ;;
  *)
    fail "unknown case $case_name"
    ;;
esac
echo "ok: $case_name"
