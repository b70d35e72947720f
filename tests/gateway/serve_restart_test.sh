#!/usr/bin/env bash
# `corridor serve` restarted in the middle of traffic loses nothing it
# acknowledged (issue 5's end-to-end test). Several curl loops, one per paying
# bank, send pacs.008s without pause, each recording the UETR of every payment
# answered 200 with ACSC or ACSP; the server is stopped mid-traffic (SIGKILL,
# or SIGTERM for the graceful case) and started again on the same journal
# while the loops go on. Then, for every acknowledged payment:
#   - GET /v1/payments/{uetr} answers 200 (settled if it was answered ACSC);
#   - the creditor's inbox holds it exactly once (kind "payment") if settled,
#     not at all if still queued;
#   - a sample resent after the restart (the last ones acknowledged before
#     the stop among them) gets the same answer: same TxSts, same pacs.002 MsgId;
# and `corridor journal verify` accepts the journal.
#
#   serve_restart_test.sh CASE CORRIDOR EXAMPLES_DIR
#   CASE: survives_sigkill_mid_traffic | survives_sigterm_mid_traffic
set -euo pipefail

case_name=$1
corridor=$2
examples=$3

work=$(mktemp -d /tmp/corridor-serve-restart-test.XXXXXX)
server_pid=
loop_pids=()
cleanup() {
  touch "$work/stop"
  for pid in "${loop_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then kill -9 "$server_pid"; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAILED: $*" >&2
  [[ -f $work/stderr ]] && { echo "--- server stderr (last 30 lines):" >&2; tail -n 30 "$work/stderr" >&2; }
  exit 1
}

# The example configuration on any free port with its journal in $work. The
# rate limit is raised out of the way: this test is about durability, and it
# reads back every payment from one certificate.
sed -e 's|^listen_port = 8443|listen_port = 0|' \
    -e "s|^journal_dir = .*|journal_dir = \"$work/journal\"|" \
    -e 's|^rate_limit_per_second = .*|rate_limit_per_second = 1000000|' \
    -e 's|^rate_limit_burst = .*|rate_limit_burst = 1000000|' \
    "$examples/service.toml" >"$work/service.toml"
grep -q '^listen_port = 0' "$work/service.toml" || fail "could not set listen_port"
grep -q '^rate_limit_burst = 1000000' "$work/service.toml" || fail "could not raise the rate limit"
"$corridor" pki init "$work/pki" --config "$work/service.toml" >/dev/null
mkdir -p "$work/msgs" "$work/answers" "$work/pay"

start_server() {
  : >"$work/stdout"
  "$corridor" serve --config "$work/service.toml" --pki-dir "$work/pki" \
    >"$work/stdout" 2>>"$work/stderr" &
  server_pid=$!
  # The bound port is printed alone on stdout once listening.
  for _ in $(seq 1 300); do
    port=$(head -n 1 "$work/stdout" 2>/dev/null || true)
    if [[ -n $port ]]; then
      echo "$port" >"$work/port.tmp" && mv "$work/port.tmp" "$work/port"
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || fail "corridor serve exited before listening"
    sleep 0.1
  done
  fail "corridor serve did not print its port within 30 s"
}

stop_server_gracefully() {
  kill -TERM "$server_pid"
  local code=0
  wait "$server_pid" || code=$?
  server_pid=
  [[ $code == 0 ]] || fail "corridor serve exited $code after SIGTERM"
}

# curl as bank $1 (its certificate from the PKI), the remaining arguments after.
curl_as() {
  local bic=$1
  shift
  curl --silent --max-time 20 --cacert "$work/pki/ca.pem" \
    --cert "$work/pki/$bic.pem" --key "$work/pki/$bic.key" "$@"
}

uetr_of() {  # LOOP_NUMBER I
  printf 'e2e0%04x-0000-4000-8000-%012x' "$1" "$2"
}

# The example pacs.008 as payment I of loop N from FROM to TO of AMOUNT CCY.
message() {  # N FROM TO CCY AMOUNT I
  sed -e "s|LTSB-20261130-0001|E2E-$1-M$6|g" -e "s|LTSB-TX-0001|E2E-$1-T$6|g" \
      -e "s|3f1c2a9e-8b7d-4c5e-9f0a-1b2c3d4e5f60|$(uetr_of "$1" "$6")|" \
      -e 's|LTSBCNB0|@FROM@|g' -e 's|JADECNS0|@TO@|g' -e "s|@FROM@|$2|g" -e "s|@TO@|$3|g" -e "s|Ccy=\"CNY\">1000.00|Ccy=\"$4\">$5|" \
      "$examples/messages/pacs008_lotus_to_jade.xml"
}

# post BIC FILE ANSWER: prints the HTTP status (000 when there was no answer).
post() {
  local code
  code=$(curl_as "$1" -H 'Content-Type: application/xml' --data-binary @"$2" -o "$3" \
    -w '%{http_code}' "https://localhost:$(cat "$work/port")/v1/messages" 2>/dev/null) || true
  echo "${code:-000}"
}

# "TXSTS MSGID" of a pacs.002 answer: the payment's status and the report's id.
outcome_of() {
  local status id
  status=$(grep -o '<TxSts>[A-Z]*</TxSts>' "$1" | head -n 1 | sed 's/<[^>]*>//g') || true
  id=$(grep -o '<MsgId>[^<]*</MsgId>' "$1" | head -n 1 | sed 's/<[^>]*>//g') || true
  echo "${status:-none} ${id:-none}"
}

# One bank paying another without pause until $work/stop exists; every
# payment answered 200 ACSC/ACSP is appended to acked-N as "UETR I TXSTS MSGID".
send_loop() {  # N FROM TO CCY AMOUNT
  local n=$1 from=$2 to=$3 ccy=$4 amount=$5 i=0 code outcome
  while [[ ! -e $work/stop ]]; do
    i=$((i + 1))
    message "$n" "$from" "$to" "$ccy" "$amount" "$i" >"$work/msgs/$n-$i.xml"
    code=$(post "$from" "$work/msgs/$n-$i.xml" "$work/answers/$n-$i.xml")
    if [[ $code == 200 ]]; then
      outcome=$(outcome_of "$work/answers/$n-$i.xml")
      case $outcome in
        ACSC\ * | ACSP\ *) echo "$(uetr_of "$n" "$i") $i $outcome" >>"$work/acked-$n" ;;
      esac
    elif [[ $code == 000 ]]; then
      sleep 0.05  # the server is down: try again shortly
    fi
  done
}

# N FROM TO CCY AMOUNT: the paying banks, two per currency, paying small
# amounts that settle at once; and Peony Bank (12,500,000.50 CNY, no credit
# line) paying 4,000,000.00 at a time, whose payments queue after the third.
loops=("1 LTSBCNB0 JADECNS0 CNY 1.00" "2 JADECNS0 LTSBCNB0 CNY 1.00"
       "3 BERZRUM0 VOLGRUM0 RUB 1.00" "4 VOLGRUM0 SOKLRUS0 RUB 1.00"
       "5 PEONCNG0 SILKCNB0XXX CNY 4000000.00")

acked_count() { cat "$work"/acked-* 2>/dev/null | wc -l; }

wait_for_acks() {  # COUNT: until at least COUNT payments were acknowledged (20 s at most)
  for _ in $(seq 1 200); do
    (($(acked_count) >= $1)) && return 0
    sleep 0.1
  done
  fail "only $(acked_count) payments acknowledged, expected $1"
}

start_server
for loop in "${loops[@]}"; do
  read -r n from to ccy amount <<<"$loop"
  : >"$work/acked-$n"
  send_loop "$n" "$from" "$to" "$ccy" "$amount" &
  loop_pids+=($!)
done

wait_for_acks 40
case $case_name in
  survives_sigkill_mid_traffic)
    kill -9 "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=
    ;;
  survives_sigterm_mid_traffic)
    stop_server_gracefully
    grep -q '"event":"stopped"' "$work/stderr" || fail "no stopped log line after SIGTERM"
    ;;
  *)
    fail "unknown case $case_name"
    ;;
esac
# What was acknowledged before the stop; answers still being written are not
# acknowledged (curl saw no 200), so the count is final once the server is gone.
for loop in "${loops[@]}"; do
  read -r n _ <<<"$loop"
  cp "$work/acked-$n" "$work/before-$n"
done
before=$(cat "$work"/before-* | wc -l)
sleep 0.3  # the loops meet a closed port meanwhile
start_server
grep -q '"initialised_from_config":false' "$work/stderr" ||
  fail "the restart did not recover the journal"
wait_for_acks $((before + 40))
touch "$work/stop"
for pid in "${loop_pids[@]}"; do wait "$pid" || fail "a send loop failed"; done
loop_pids=()
total=$(acked_count)
echo "acknowledged: $before before the stop, $total in all"

port=$(cat "$work/port")
for loop in "${loops[@]}"; do
  read -r n from to _ <<<"$loop"
  # Every acknowledged payment is tracked: one keep-alive connection for all.
  : >"$work/curl-$n.cfg"
  while read -r uetr _; do
    printf 'url = "https://localhost:%s/v1/payments/%s"\noutput = "%s/pay/%s.json"\n' \
      "$port" "$uetr" "$work" "$uetr" >>"$work/curl-$n.cfg"
  done <"$work/acked-$n"
  curl_as "$from" -K "$work/curl-$n.cfg" -w '%{http_code}\n' >"$work/codes-$n" ||
    fail "tracking requests of loop $n failed"
  others=$(grep -cv '^200$' "$work/codes-$n" || true)
  [[ $others == 0 ]] || fail "loop $n: $others acknowledged payments not answered 200 by GET /v1/payments"
  [[ $(wc -l <"$work/codes-$n") == $(wc -l <"$work/acked-$n") ]] ||
    fail "loop $n: $(wc -l <"$work/codes-$n") answers for $(wc -l <"$work/acked-$n") payments"

  # The creditor's whole inbox, page by page: "KIND UETR" per message.
  : >"$work/inbox-$n"
  after=0
  for _ in $(seq 1 1000); do
    curl_as "$to" -o "$work/page.json" \
      "https://localhost:$port/v1/inbox?after=$after&limit=500" || fail "inbox of $to"
    jq -r '.messages[] | "\(.kind) \(.uetr)"' "$work/page.json" >>"$work/inbox-$n"
    [[ $(jq -r .more "$work/page.json") == true ]] || break
    after=$(jq -r .next_after "$work/page.json")
  done

  # Each acknowledged payment against what tracking and the inbox say, in one
  # pass: "UETR STATUS DEBTOR" per tracked payment, "KIND UETR" per inbox message.
  jq -r '"\(.uetr) \(.status) \(.debtor_agent)"' "$work/pay/$(uetr_of "$n" 0 | cut -c1-8)"-*.json \
    >"$work/tracked-$n"
  settled=$(awk -v from="$from" -v to="$to" '
    FILENAME == ARGV[1] { status[$1] = $2; debtor[$1] = $3; next }
    FILENAME == ARGV[2] { if ($1 == "payment") copies[$2]++; next }
    {
      uetr = $1; answered = $3; now = status[uetr]
      if (debtor[uetr] != from) { print uetr ": not tracked as a payment from " from; bad = 1 }
      if (!(answered == "ACSC" && now == "settled") &&
          !(answered == "ACSP" && (now == "settled" || now == "queued"))) {
        print uetr " was answered " answered " but is now \"" now "\""; bad = 1
      }
      # Forwarded to the creditor when it settles, not before.
      if (copies[uetr] + 0 != (now == "settled")) {
        print uetr " (" now ") is " copies[uetr] + 0 " times in the inbox of " to; bad = 1
      }
      settled += now == "settled"
    }
    END { if (bad) exit 1; print settled + 0 }' "$work/tracked-$n" "$work/inbox-$n" "$work/acked-$n") ||
    fail "loop $n: $settled"
  # And nothing is forwarded twice, acknowledged by us or not.
  duplicates=$({ grep '^payment ' "$work/inbox-$n" || true; } | sort | uniq -d | head -n 3)
  [[ -z $duplicates ]] || fail "forwarded twice to $to: $duplicates"

  # Exactly once: the last three acknowledged before the stop and three
  # others, resent now, get their first answer again.
  { tail -n 3 "$work/before-$n"; shuf -n 3 --random-source=<(yes) "$work/acked-$n"; } |
    while read -r uetr i txsts msgid; do
      code=$(post "$from" "$work/msgs/$n-$i.xml" "$work/resent.xml")
      [[ $code == 200 ]] || fail "resent $uetr answered $code"
      again=$(outcome_of "$work/resent.xml")
      [[ $again == "$txsts $msgid" ]] ||
        fail "resent $uetr answered '$again', first '$txsts $msgid'"
    done
  echo "loop $n: $(wc -l <"$work/acked-$n") acknowledged, $settled settled, each once in $to's inbox," \
    "$(grep -c ACSP "$work/acked-$n" || true) answered ACSP"
done

stop_server_gracefully
"$corridor" journal verify "$work/journal" >"$work/verify.out" 2>&1 ||
  fail "journal verify: $(cat "$work/verify.out")"
# The messages are in the journal, with their payments.
grep -q '^attachments: [1-9]' "$work/verify.out" ||
  fail "journal verify shows no attachments: $(cat "$work/verify.out")"
echo "ok: $case_name"
