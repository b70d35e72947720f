#!/bin/bash
# `corridor receipt verify` and `make` end to end, with keys and certificates made by
# the openssl command; and the openssl-only verification docs/receipts.md describes.
# Usage: receipt_cli_test.sh CASE CORRIDOR
set -u
case_name=$1 corridor=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=
fail() { echo "FAIL: $*"; echo "$out"; exit 1; }
command -v openssl >/dev/null || fail "the openssl command is needed"
cd "$work" || exit 1

# make_pki NAME [ALGORITHM OPTIONS...]: NAME.key and a self-signed NAME.crt.
make_pki() {
  local name=$1; shift
  [ $# -gt 0 ] || set -- -algorithm ed25519
  openssl genpkey "$@" -out "$name.key" 2>/dev/null || fail "genpkey $name"
  openssl req -new -x509 -key "$name.key" -subj "/CN=$name" -days 2 -out "$name.crt" 2>/dev/null \
    || fail "req $name"
}
fingerprint() {  # lower-case hex SHA-256 of the certificate's DER, as receipts name it
  openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f'
}
make_receipt() {  # a receipt for the sample payment, signed by corridor with KEY and CERT
  "$corridor" receipt make --key "$1" --cert "$2" --uetr 058512c6-0d9c-4041-bc90-ec5371343601 \
    --amount-minor 10000 --currency EUR --debtor-agent BANKAAFF --creditor-agent BANKBBFF \
    --settled-at-ns 1795770000123456789 --settled-by entry --journal-seq 13 \
    --chain-head-sha256 829fb870e7b7dc72a7686e6fa7032d39837baa17d8d297a96d0da995e7521986 \
    --system-bic CORRXXFFRTG "${@:3}"
}
make_cross_currency_receipt() {  # the sample as a cross-currency payment (format /2)
  make_receipt "$1" "$2" --fx-provider FXPRFFXX --fx-quote-id 42 \
    --settlement-amount-minor 1085000 --settlement-currency JPY
}
# The canonical bytes from a receipt file, with jq only (docs/receipts.md): every member
# but the signature, in file order, as name=value lines.
canonical_with_jq() {
  jq -j 'to_entries[] | select(.key != "signature_ed25519") | "\(.key)=\(.value)\n"' "$1"
}
signature_bytes_with_jq() { jq -j .signature_ed25519 "$1" | xxd -r -p; }

make_pki operator

case $case_name in
  a_receipt_signed_by_openssl_over_printf_bytes_is_valid)
    # Built without corridor: if corridor's canonical bytes differed from these lines
    # by one byte, the signature would not verify.
    fp=$(fingerprint operator.crt)
    printf '%s\n' "format=corridor-finality-receipt/1" \
      "uetr=058512c6-0d9c-4041-bc90-ec5371343601" "amount_minor=10000" "currency=EUR" \
      "debtor_agent=BANKAAFF" "creditor_agent=BANKBBFF" "settled_at_ns=1795770000123456789" \
      "settled_at=2026-11-27T09:00:00.123456789Z" "settled_by=entry" "journal_seq=13" \
      "chain_head_sha256=829fb870e7b7dc72a7686e6fa7032d39837baa17d8d297a96d0da995e7521986" \
      "system_bic=CORRXXFFRTG" "operator_cert_sha256=$fp" >canonical.txt
    openssl pkeyutl -sign -inkey operator.key -rawin -in canonical.txt -out sig.bin || fail "sign"
    sig=$(od -An -tx1 -v sig.bin | tr -d ' \n')
    { echo "{"; sed 's/^\([a-z_0-9]*\)=\(.*\)$/  "\1": "\2",/' canonical.txt
      echo "  \"signature_ed25519\": \"$sig\""; echo "}"; } >receipt.json
    out=$("$corridor" receipt verify receipt.json --operator-cert operator.crt); rc=$?
    [ $rc -eq 0 ] || fail "exit $rc"
    [ "$(tail -1 <<<"$out")" = "valid" ] || fail "last line is not 'valid'"
    grep -q "^  amount_minor: 10000$" <<<"$out" || fail "no amount line"
    grep -q "^  settled_at: 2026-11-27T09:00:00.123456789Z$" <<<"$out" || fail "no time line"
    # corridor's own file for the same receipt is the same file, signature included
    # (Ed25519 signatures are deterministic).
    make_receipt operator.key operator.crt >made.json || fail "make"
    cmp -s made.json receipt.json || fail "corridor's receipt differs: $(diff made.json receipt.json)"
    ;;
  openssl_alone_verifies_a_receipt_made_by_corridor)
    make_receipt operator.key operator.crt >receipt.json || fail "make"
    canonical_with_jq receipt.json >canonical.txt
    signature_bytes_with_jq receipt.json >sig.bin
    [ "$(stat -c %s sig.bin)" -eq 64 ] || fail "signature is not 64 bytes"
    [ "$(jq -r .operator_cert_sha256 receipt.json)" = "$(fingerprint operator.crt)" ] \
      || fail "fingerprint differs from openssl's"
    out=$(openssl pkeyutl -verify -certin -inkey operator.crt -rawin -in canonical.txt \
      -sigfile sig.bin 2>&1); rc=$?
    [ $rc -eq 0 ] || fail "openssl verify exit $rc"
    grep -q "Signature Verified Successfully" <<<"$out" || fail "openssl did not verify"
    sed -i 's/^amount_minor=10000$/amount_minor=10001/' canonical.txt
    out=$(openssl pkeyutl -verify -certin -inkey operator.crt -rawin -in canonical.txt \
      -sigfile sig.bin 2>&1); rc=$?
    [ $rc -ne 0 ] || fail "openssl verified a tampered amount"
    ;;
  a_tampered_receipt_exits_1_naming_the_signature)
    make_receipt operator.key operator.crt >receipt.json || fail "make"
    sed 's/"amount_minor": "10000"/"amount_minor": "10001"/' receipt.json >tampered.json
    cmp -s receipt.json tampered.json && fail "sed changed nothing"
    out=$("$corridor" receipt verify tampered.json --operator-cert operator.crt); rc=$?
    [ $rc -eq 1 ] || fail "exit $rc"
    grep -q "^INVALID: the signature does not match" <<<"$out" || fail "no signature reason"
    grep -q "^valid$" <<<"$out" && fail "printed valid"
    ;;
  another_operator_certificate_exits_1_naming_the_fingerprint)
    make_pki other
    make_receipt operator.key operator.crt >receipt.json || fail "make"
    out=$("$corridor" receipt verify receipt.json --operator-cert other.crt); rc=$?
    [ $rc -eq 1 ] || fail "exit $rc"
    grep -q "^INVALID: the receipt names operator certificate $(fingerprint operator.crt), not this one ($(fingerprint other.crt))" \
      <<<"$out" || fail "no fingerprint reason"
    ;;
  an_ec_p256_certificate_is_refused)
    make_pki ec -algorithm EC -pkeyopt ec_paramgen_curve:P-256
    make_receipt operator.key operator.crt >receipt.json || fail "make"
    out=$("$corridor" receipt verify receipt.json --operator-cert ec.crt); rc=$?
    [ $rc -eq 1 ] || fail "exit $rc"
    grep -q "^INVALID: the operator certificate's key is EC, not Ed25519" <<<"$out" || fail "no key reason"
    out=$(make_receipt ec.key ec.crt 2>&1); rc=$?
    [ $rc -eq 1 ] || fail "make with an EC key: exit $rc"
    grep -q "EC, not Ed25519" <<<"$out" || fail "make: no key reason"
    ;;
  a_malformed_receipt_exits_1_naming_the_field)
    make_receipt operator.key operator.crt >receipt.json || fail "make"
    grep -v '"journal_seq"' receipt.json >missing.json
    out=$("$corridor" receipt verify missing.json --operator-cert operator.crt); rc=$?
    [ $rc -eq 1 ] || fail "missing field: exit $rc"
    grep -q "missing.json: not a receipt: missing field journal_seq" <<<"$out" || fail "no missing field"
    sed 's/"chain_head_sha256": "829f/"chain_head_sha256": "829g/' receipt.json >badhex.json
    out=$("$corridor" receipt verify badhex.json --operator-cert operator.crt); rc=$?
    [ $rc -eq 1 ] || fail "bad hex: exit $rc"
    grep -q "field chain_head_sha256: .* is not 64 lower-case hex digits" <<<"$out" || fail "no bad hex"
    head -c 300 receipt.json >truncated.json
    out=$("$corridor" receipt verify truncated.json --operator-cert operator.crt); rc=$?
    [ $rc -eq 1 ] || fail "truncated: exit $rc"
    grep -q "not a receipt: receipt is not valid JSON" <<<"$out" || fail "no JSON error"
    ;;
  missing_files_exit_1_naming_them)
    make_receipt operator.key operator.crt >receipt.json || fail "make"
    out=$("$corridor" receipt verify absent.json --operator-cert operator.crt 2>&1); rc=$?
    [ $rc -eq 1 ] || fail "missing receipt: exit $rc"
    grep -q "corridor receipt verify: error: cannot read absent.json" <<<"$out" || fail "no receipt error"
    out=$("$corridor" receipt verify receipt.json --operator-cert absent.crt 2>&1); rc=$?
    [ $rc -eq 1 ] || fail "missing certificate: exit $rc"
    grep -q "corridor receipt verify: error: cannot open absent.crt" <<<"$out" || fail "no cert error"
    ;;
  make_refuses_a_key_that_does_not_match_the_certificate)
    make_pki other
    out=$(make_receipt other.key operator.crt 2>&1); rc=$?
    [ $rc -eq 1 ] || fail "exit $rc"
    grep -q "the key does not match the certificate" <<<"$out" || fail "no mismatch error"
    ;;
  a_cross_currency_receipt_signed_by_openssl_over_printf_bytes_is_valid)
    # Format /2: /1's lines with the second leg's after creditor_agent (docs/receipts.md).
    fp=$(fingerprint operator.crt)
    printf '%s\n' "format=corridor-finality-receipt/2" \
      "uetr=058512c6-0d9c-4041-bc90-ec5371343601" "amount_minor=10000" "currency=EUR" \
      "debtor_agent=BANKAAFF" "creditor_agent=BANKBBFF" "fx_provider=FXPRFFXX" "fx_quote_id=42" \
      "settlement_amount_minor=1085000" "settlement_currency=JPY" \
      "settled_at_ns=1795770000123456789" \
      "settled_at=2026-11-27T09:00:00.123456789Z" "settled_by=entry" "journal_seq=13" \
      "chain_head_sha256=829fb870e7b7dc72a7686e6fa7032d39837baa17d8d297a96d0da995e7521986" \
      "system_bic=CORRXXFFRTG" "operator_cert_sha256=$fp" >canonical.txt
    openssl pkeyutl -sign -inkey operator.key -rawin -in canonical.txt -out sig.bin || fail "sign"
    sig=$(od -An -tx1 -v sig.bin | tr -d ' \n')
    { echo "{"; sed 's/^\([a-z_0-9]*\)=\(.*\)$/  "\1": "\2",/' canonical.txt
      echo "  \"signature_ed25519\": \"$sig\""; echo "}"; } >receipt.json
    out=$("$corridor" receipt verify receipt.json --operator-cert operator.crt); rc=$?
    [ $rc -eq 0 ] || fail "exit $rc"
    [ "$(tail -1 <<<"$out")" = "valid" ] || fail "last line is not 'valid'"
    grep -q "^  format: corridor-finality-receipt/2$" <<<"$out" || fail "no format line"
    grep -q "^  settlement_amount_minor: 1085000$" <<<"$out" || fail "no second leg amount line"
    grep -q "^  fx_provider: FXPRFFXX$" <<<"$out" || fail "no provider line"
    make_cross_currency_receipt operator.key operator.crt >made.json || fail "make"
    cmp -s made.json receipt.json || fail "corridor's receipt differs: $(diff made.json receipt.json)"
    ;;
  openssl_alone_verifies_a_cross_currency_receipt_but_not_a_changed_second_leg)
    make_cross_currency_receipt operator.key operator.crt >receipt.json || fail "make"
    canonical_with_jq receipt.json >canonical.txt
    signature_bytes_with_jq receipt.json >sig.bin
    out=$(openssl pkeyutl -verify -certin -inkey operator.crt -rawin -in canonical.txt \
      -sigfile sig.bin 2>&1); rc=$?
    [ $rc -eq 0 ] || fail "openssl verify exit $rc"
    grep -q "Signature Verified Successfully" <<<"$out" || fail "openssl did not verify"
    sed -i 's/^settlement_amount_minor=1085000$/settlement_amount_minor=1085001/' canonical.txt
    out=$(openssl pkeyutl -verify -certin -inkey operator.crt -rawin -in canonical.txt \
      -sigfile sig.bin 2>&1); rc=$?
    [ $rc -ne 0 ] || fail "openssl verified a tampered second leg"
    ;;
  a_tampered_second_leg_exits_1_naming_the_signature)
    make_cross_currency_receipt operator.key operator.crt >receipt.json || fail "make"
    for change in 's/"settlement_amount_minor": "1085000"/"settlement_amount_minor": "1085001"/' \
      's/"settlement_currency": "JPY"/"settlement_currency": "USD"/' \
      's/"fx_provider": "FXPRFFXX"/"fx_provider": "FXPRFFXY"/' \
      's/"fx_quote_id": "42"/"fx_quote_id": "43"/'; do
      sed "$change" receipt.json >tampered.json
      cmp -s receipt.json tampered.json && fail "sed changed nothing: $change"
      out=$("$corridor" receipt verify tampered.json --operator-cert operator.crt); rc=$?
      [ $rc -eq 1 ] || fail "$change: exit $rc"
      grep -q "^INVALID: the signature does not match" <<<"$out" || fail "$change: no signature reason"
    done
    ;;
  a_mixed_format_receipt_exits_1_naming_the_field)
    make_cross_currency_receipt operator.key operator.crt >receipt.json || fail "make"
    # /1 with the second leg's fields: the leg is not dropped silently, the file is refused.
    sed 's|corridor-finality-receipt/2|corridor-finality-receipt/1|' receipt.json >v1_with_leg.json
    out=$("$corridor" receipt verify v1_with_leg.json --operator-cert operator.crt); rc=$?
    [ $rc -eq 1 ] || fail "v1 with a second leg: exit $rc"
    grep -q "not a receipt: field fx_provider is not part of a corridor-finality-receipt/1" \
      <<<"$out" || fail "no v1 reason"
    grep -v '"fx_quote_id"' receipt.json >missing.json
    out=$("$corridor" receipt verify missing.json --operator-cert operator.crt); rc=$?
    [ $rc -eq 1 ] || fail "v2 without fx_quote_id: exit $rc"
    grep -q "not a receipt: missing field fx_quote_id" <<<"$out" || fail "no missing field"
    out=$(make_receipt operator.key operator.crt --fx-provider FXPRFFXX 2>&1); rc=$?
    [ $rc -eq 1 ] || fail "make with part of a second leg: exit $rc"
    grep -q "missing field fx_quote_id" <<<"$out" || fail "make: no missing field"
    ;;
  a_dns_cycle_receipt_is_valid)
    "$corridor" receipt make --key operator.key --cert operator.crt \
      --uetr 058512c6-0d9c-4041-bc90-ec5371343601 --amount-minor 10000 --currency CNY \
      --debtor-agent BANKAAFF --creditor-agent BANKBBFF --settled-at-ns 1795770000123456789 \
      --settled-by dns_cycle --journal-seq 21 \
      --chain-head-sha256 829fb870e7b7dc72a7686e6fa7032d39837baa17d8d297a96d0da995e7521986 \
      --system-bic CORRXXFFRTG >receipt.json || fail "make"
    out=$("$corridor" receipt verify receipt.json --operator-cert operator.crt); rc=$?
    [ $rc -eq 0 ] || fail "exit $rc"
    grep -q "^  settled_by: dns_cycle$" <<<"$out" || fail "no dns_cycle line"
    grep -q "^  format: corridor-finality-receipt/1$" <<<"$out" || fail "not format /1"
    ;;
  *) fail "unknown case $case_name" ;;
esac
echo "PASS: $case_name"
