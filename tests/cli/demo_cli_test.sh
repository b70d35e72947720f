#!/usr/bin/env bash
# `corridor demo` end to end: a short run on a free port, its summary, its
# progress lines when stderr is not a terminal, and a journal that verifies
# to the head the summary printed; --keep-running keeps the service up for
# curl until SIGTERM.
#
#   demo_cli_test.sh CASE CORRIDOR EXAMPLES_DIR
set -euo pipefail

case_name=$1
corridor=$2
examples=$3

work=$(mktemp -d /tmp/corridor-demo-cli-test.XXXXXX)
demo_pid=
cleanup() {
  if [[ -n $demo_pid ]] && kill -0 "$demo_pid" 2>/dev/null; then kill "$demo_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAILED: $*" >&2
  for f in stdout stderr; do
    [[ -f $work/$f ]] && { echo "--- $f" >&2; cat "$work/$f" >&2; }
  done
  exit 1
}

# The number after a summary label, without its thousands separators.
figure() {
  sed -n "s/^  $1 *\([0-9,]*\).*/\1/p" "$work/stdout" | head -n 1 | tr -d ,
}

case $case_name in
  a_short_run_settles_prints_its_summary_and_leaves_a_journal_that_verifies)
    code=0
    "$corridor" demo --config "$examples/service.toml" --seconds 3 --port 0 --dir "$work/demo" \
      >"$work/stdout" 2>"$work/stderr" </dev/null || code=$?
    [[ $code == 0 ]] || fail "corridor demo exited $code"
    settled=$(figure settled)
    [[ -n $settled && $settled -gt 0 ]] || fail "no settled payments in the summary"
    sent=$(sed -n 's/^  sent *\([0-9,]*\) payments, \([0-9,]*\) answered.*/\1 \2/p' "$work/stdout" | tr -d ,)
    read -r sent_count answered_count <<<"$sent"
    [[ $sent_count -gt 0 && $sent_count == "$answered_count" ]] ||
      fail "sent and answered differ: $sent"
    for label in 'queued at end' rejected 'peak queue' throughput latency journal; do
      grep -q "^  $label" "$work/stdout" || fail "no '$label' line in the summary"
    done
    # Cross-currency traffic through the FX provider's quotes, and a settled DNS cycle.
    cross=$(sed -n 's/^  cross-currency *\([0-9,]*\) settled at once.*/\1/p' "$work/stdout" | tr -d ,)
    [[ -n $cross && $cross -gt 0 ]] || fail "no cross-currency payment settled"
    cycles=$(sed -n 's/^  DNS .*; \([0-9,]*\) cycles settled with \([0-9,]*\) payments$/\1 \2/p' "$work/stdout" | tr -d ,)
    read -r cycle_count dns_count <<<"$cycles"
    [[ -n $cycle_count && $cycle_count -ge 1 && $dns_count -gt 0 ]] ||
      fail "no DNS cycle settled: $cycles"
    grep -q 'journal verify' "$work/stdout" || fail "no journal verify command printed"
    grep -q 'curl --cacert .*/healthz' "$work/stdout" || fail "no curl command for /healthz"
    # Not a terminal: plain progress lines (at least the closing one), no carriage returns.
    grep -Eq '^ *[0-9]+\.[0-9]/3 s  sent [0-9,]+  settled [0-9,]+  queued [0-9,]+  rejected [0-9,]+  [0-9]+ payments/s  p50 [0-9.]+ ms  p99 [0-9.]+ ms$' \
      "$work/stderr" || fail "no progress line on stderr"
    if grep -q $'\r' "$work/stderr"; then fail "carriage returns in a non-terminal progress"; fi
    # The journal verifies, to the head the summary printed.
    "$corridor" journal verify "$work/demo/journal" >"$work/verify" || fail "journal verify failed"
    head=$(sed -n 's/^head: //p' "$work/verify")
    grep -q "head $head" "$work/stdout" || fail "the summary's head is not the journal's ($head)"
    seq=$(sed -n 's/^  journal *seq \([0-9,]*\).*/\1/p' "$work/stdout" | tr -d ,)
    grep -q "sequence 1..$seq\$" "$work/verify" || fail "the summary's seq $seq is not the journal's last"
    ;;
  keep_running_serves_curl_until_sigterm_then_exits_0)
    "$corridor" demo --config "$examples/service.toml" --seconds 2 --port 0 --dir "$work/demo" \
      --keep-running >"$work/stdout" 2>"$work/stderr" </dev/null &
    demo_pid=$!
    for _ in $(seq 1 300); do
      grep -q 'The service stays up at' "$work/stdout" && break
      kill -0 "$demo_pid" 2>/dev/null || fail "corridor demo exited before its summary"
      sleep 0.1
    done
    grep -q 'The service stays up at' "$work/stdout" || fail "no 'stays up' line within 30 s"
    port=$(sed -n 's|.*stays up at https://127.0.0.1:\([0-9]*\).*|\1|p' "$work/stdout")
    pki=$work/demo/pki
    answer=$(curl --silent --show-error --cacert "$pki/ca.pem" --cert "$pki/LTSBCNB0.pem" \
      --key "$pki/LTSBCNB0.key" "https://localhost:$port/healthz") || fail "curl /healthz failed"
    [[ $answer == *'"status":"ok"'* ]] || fail "healthz answered $answer"
    status=$(curl --silent --show-error --cacert "$pki/ca.pem" --cert "$pki/LTSBCNB0.pem" \
      --key "$pki/LTSBCNB0.key" -H 'Content-Type: application/xml' \
      --data-binary @"$examples/messages/pacs008_lotus_to_jade.xml" -o "$work/answer.xml" \
      -w '%{http_code}' "https://localhost:$port/v1/messages") || fail "curl POST failed"
    [[ $status == 200 ]] || fail "POST answered $status"
    grep -q '<TxSts>ACSC</TxSts>' "$work/answer.xml" || fail "the example did not settle"
    kill -TERM "$demo_pid"
    code=0
    wait "$demo_pid" || code=$?
    demo_pid=
    [[ $code == 0 ]] || fail "corridor demo exited $code after SIGTERM"
    grep -q 'Stopping the service' "$work/stdout" || fail "no 'Stopping' line"
    "$corridor" journal verify "$work/demo/journal" >/dev/null || fail "journal verify failed"
    ;;
  keep_journal_with_another_seed_continues_the_journal)
    "$corridor" demo --config "$examples/service.toml" --seconds 2 --port 0 --dir "$work/demo" \
      >"$work/stdout" 2>"$work/stderr" </dev/null || fail "the first run failed"
    first_seq=$(sed -n 's/^  journal *seq \([0-9,]*\).*/\1/p' "$work/stdout" | tr -d ,)
    "$corridor" demo --config "$examples/service.toml" --seconds 2 --port 0 --dir "$work/demo" \
      --keep-journal --seed 2 >"$work/stdout" 2>"$work/stderr" </dev/null ||
      fail "the second run failed"
    second_seq=$(sed -n 's/^  journal *seq \([0-9,]*\).*/\1/p' "$work/stdout" | tr -d ,)
    sent=$(sed -n 's/^  sent *\([0-9,]*\) payments.*/\1/p' "$work/stdout" | tr -d ,)
    # The demo's own commands: quotes (none again: the kept journal has them),
    # net debit caps, and one DNS settlement per cycle.
    read -r quotes caps <<<"$(sed -n 's/^setup: \([0-9]*\) FX quotes published, \([0-9]*\) net debit caps set$/\1 \2/p' "$work/stdout")"
    [[ $quotes == 0 && $caps -gt 0 ]] || fail "setup of the second run: $quotes quotes, $caps caps"
    cycles=$(sed -n 's/^  DNS .*; \([0-9,]*\) cycles settled.*/\1/p' "$work/stdout" | tr -d ,)
    # Every payment of the second run is a new submission: the journal grew by
    # one command per payment, none was refused as a reused id (DUPL).
    [[ $second_seq == $((first_seq + sent + caps + cycles)) ]] ||
      fail "journal seq $first_seq + $sent payments + $caps caps + $cycles cycles != $second_seq"
    if grep -q DUPL "$work/stdout"; then fail "payments refused as duplicates"; fi
    "$corridor" journal verify "$work/demo/journal" >/dev/null || fail "journal verify failed"
    ;;
  sigint_ends_the_traffic_early_with_a_summary_and_exit_0)
    "$corridor" demo --config "$examples/service.toml" --seconds 60 --port 0 --dir "$work/demo" \
      >"$work/stdout" 2>"$work/stderr" </dev/null &
    demo_pid=$!
    for _ in $(seq 1 300); do
      grep -q '^Corridor demo: the service at' "$work/stdout" && break
      sleep 0.1
    done
    sleep 1
    kill -INT "$demo_pid"
    code=0
    wait "$demo_pid" || code=$?
    demo_pid=
    [[ $code == 0 ]] || fail "corridor demo exited $code after SIGINT"
    grep -q '^Summary: .* (interrupted: 60 s planned)' "$work/stdout" || fail "no interrupted summary"
    settled=$(figure settled)
    [[ -n $settled && $settled -gt 0 ]] || fail "no settled payments in the summary"
    "$corridor" journal verify "$work/demo/journal" >/dev/null || fail "journal verify failed"
    ;;
  the_printed_serve_command_serves_the_demos_journal)
    "$corridor" demo --config "$examples/service.toml" --seconds 2 --port 0 --dir "$work/demo" \
      >"$work/stdout" 2>"$work/stderr" </dev/null || fail "corridor demo failed"
    seq=$(sed -n 's/^  journal *seq \([0-9,]*\).*/\1/p' "$work/stdout" | tr -d ,)
    # The printed command as it is, but on any free port (the demo's may be taken by now).
    command=$(sed -n 's/^  \(.* serve --config .*\) &$/\1/p' "$work/stdout")
    [[ -n $command ]] || fail "no serve command printed"
    read -r -a words <<<"$command"
    words[0]=$corridor
    [[ ${words[-2]} == --port ]] || fail "the serve command does not end with --port: $command"
    words[-1]=0
    "${words[@]}" >"$work/serve.stdout" 2>"$work/serve.stderr" &
    demo_pid=$!
    port=
    for _ in $(seq 1 300); do
      port=$(head -n 1 "$work/serve.stdout" 2>/dev/null || true)
      [[ -n $port ]] && break
      kill -0 "$demo_pid" 2>/dev/null || fail "corridor serve exited: $(cat "$work/serve.stderr")"
      sleep 0.1
    done
    [[ -n $port ]] || fail "corridor serve did not print its port"
    pki=$work/demo/pki
    answer=$(curl --silent --show-error --cacert "$pki/ca.pem" --cert "$pki/LTSBCNB0.pem" \
      --key "$pki/LTSBCNB0.key" "https://localhost:$port/healthz") || fail "curl /healthz failed"
    [[ $answer == "{\"journal_seq\":$seq,\"status\":\"ok\"}" ]] ||
      fail "healthz answered $answer, not the demo's journal at seq $seq"
    kill -TERM "$demo_pid"
    wait "$demo_pid" || fail "corridor serve did not exit 0"
    demo_pid=
    ;;
  a_bad_configuration_exits_1_naming_the_file)
    echo 'not toml [' >"$work/bad.toml"
    code=0
    "$corridor" demo --config "$work/bad.toml" --seconds 1 --port 0 --dir "$work/demo" \
      >"$work/stdout" 2>"$work/stderr" || code=$?
    [[ $code == 1 ]] || fail "exited $code, not 1"
    grep -q 'bad.toml' "$work/stderr" || fail "the error does not name the file"
    ;;
  *)
    fail "unknown case $case_name"
    ;;
esac
echo "ok: $case_name"
