#!/usr/bin/env bash
# `corridor pki init` end to end: files, modes, exit codes and messages.
#
#   pki_cli_test.sh CASE CORRIDOR EXAMPLES_DIR
#
# Every case works in its own temporary directory, removed at the end.
set -euo pipefail

case_name=$1
corridor=$2
examples=$3
config=$examples/service.toml

work=$(mktemp -d /tmp/corridor-pki-cli-test.XXXXXX)
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

expect() {
  grep -Eq -- "$1" <<<"$out" || {
    printf '%s\n' "$out" >&2
    fail "no line matches: $1"
  }
}

mode_of() { stat -c '%a' "$1"; }

case $case_name in
  creates_a_pki_that_verifies_with_private_keys)
    run 0 pki init "$work/pki" --config "$config"
    expect "^wrote $work/pki/ca.pem$"
    expect "^PKI for 11 participants in $work/pki$"
    for name in ca server operator CBCNCNB0 CBRURUM0 LTSBCNB0 SILKCNB0XXX BAMBCNS0; do
      [[ -f $work/pki/$name.pem ]] || fail "no $name.pem"
      [[ $(mode_of "$work/pki/$name.key") == 600 ]] || fail "$name.key is not 0600"
    done
    [[ $(ls "$work/pki" | wc -l) == 28 ]] || fail "expected 28 files (14 certificates and keys)"
    # Independent check with the openssl tool, when it is installed.
    if command -v openssl >/dev/null; then
      openssl verify -CAfile "$work/pki/ca.pem" -purpose sslclient "$work/pki/SILKCNB0XXX.pem" \
        >/dev/null || fail "openssl verify failed"
      subject=$(openssl x509 -in "$work/pki/SILKCNB0XXX.pem" -noout -subject -nameopt RFC2253)
      [[ $subject == "subject=OU=participant,O=Silk Road Bank (test),CN=SILKCNB0XXX" ]] ||
        fail "unexpected subject: $subject"
    fi
    ;;
  refuses_an_existing_pki_without_force_and_replaces_it_with_force)
    run 0 pki init "$work/pki" --config "$config"
    before=$(cat "$work/pki/ca.pem")
    run 1 pki init "$work/pki" --config "$config"
    expect "a PKI already exists here \(ca.pem found\); pass --force to replace it"
    [[ $(cat "$work/pki/ca.pem") == "$before" ]] || fail "ca.pem changed without --force"
    run 0 pki init "$work/pki" --config "$config" --force
    [[ $(cat "$work/pki/ca.pem") != "$before" ]] || fail "--force did not replace ca.pem"
    ;;
  a_bad_config_exits_1_naming_the_key_and_writes_nothing)
    sed 's/^listen_port = 8443$/listen_port = 70000/' "$config" >"$work/bad.toml"
    run 1 pki init "$work/pki" --config "$work/bad.toml"
    expect "bad.toml:[0-9]+: service.listen_port: 70000 is out of range \[0, 65535\]"
    [[ ! -e $work/pki ]] || fail "created $work/pki for a bad configuration"
    run 1 pki init "$work/pki" --config "$work/missing.toml"
    expect "missing.toml: cannot open configuration file"
    ;;
  *)
    fail "unknown case $case_name"
    ;;
esac
