#!/bin/bash
# `corridor iso check` end to end. Usage: iso_check_cli_test.sh CASE CORRIDOR DATA_DIR
set -u
case_name=$1 corridor=$2 data=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
valid=$data/pacs008_two_transactions.xml
fail() { echo "FAIL: $*"; echo "$out"; exit 1; }

case $case_name in
  a_valid_message_exits_0_and_prints_valid)
    out=$("$corridor" iso check "$valid"); rc=$?
    [ $rc -eq 0 ] || fail "exit $rc"
    grep -q "^  valid$" <<<"$out" || fail "no 'valid'"
    grep -q "pacs.008.001.08" <<<"$out" || fail "no type"
    grep -q "BizMsgIdr BIZ-1" <<<"$out" || fail "no header id"
    grep -q "transaction 1: UETR eb6305c9-1f7f-49de-aed0-16487c27b42d 1000.25 EUR BANKGB2L -> BANKDEFF" <<<"$out" \
      || fail "no transaction line"
    ;;
  an_invalid_message_exits_1_naming_code_and_path)
    sed 's/GB82WEST12345698765432/GB28WEST12345698765432/' "$valid" >"$work/bad.xml"
    out=$("$corridor" iso check "$work/bad.xml"); rc=$?
    [ $rc -eq 1 ] || fail "exit $rc"
    grep -q "AC01 /Document/FIToFICstmrCdtTrf/CdtTrfTxInf\[1\]/DbtrAcct/Id/IBAN" <<<"$out" || fail "no AC01"
    grep -q "^  valid$" <<<"$out" && fail "printed valid"
    ;;
  one_invalid_among_valid_files_exits_1)
    sed 's/<NbOfTxs>2</<NbOfTxs>3</' "$valid" >"$work/bad.xml"
    out=$("$corridor" iso check "$valid" "$work/bad.xml"); rc=$?
    [ $rc -eq 1 ] || fail "exit $rc"
    grep -q "AM18" <<<"$out" || fail "no AM18"
    [ "$(grep -c '^  valid$' <<<"$out")" -eq 1 ] || fail "the valid file not reported valid"
    ;;
  an_unreadable_file_exits_1)
    out=$("$corridor" iso check "$work/missing.xml"); rc=$?
    [ $rc -eq 1 ] || fail "exit $rc"
    grep -q "unreadable" <<<"$out" || fail "not reported unreadable"
    ;;
  a_file_over_the_size_limit_is_not_read)
    out=$("$corridor" iso check --max-bytes 100 "$valid"); rc=$?
    [ $rc -eq 1 ] || fail "exit $rc"
    grep -q "exceeds the limit of 100" <<<"$out" || fail "no size rejection"
    ;;
  *) echo "unknown case $case_name"; exit 2 ;;
esac
echo PASS
