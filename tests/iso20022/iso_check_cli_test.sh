#!/bin/bash
# `corridor iso check` end to end. Usage: iso_check_cli_test.sh CASE CORRIDOR DATA_DIR [SAMPLES_DIR]
set -u
case_name=$1 corridor=$2 data=$3 samples=${4:-}
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
  a_status_report_is_valid_with_its_ids_and_refused_as_an_instruction)
    out=$("$corridor" iso check "$samples"/pacs.002.001.10__fednow__MessageReject_Scenario2_Step4_pacs.002_BankA.xml); rc=$?
    [ $rc -eq 0 ] || fail "exit $rc"
    grep -q "pacs.002.001.10" <<<"$out" || fail "no type"
    grep -q "status report: MsgId 20230726021150706MRSc02Step4AMsgId 1 transaction(s)" <<<"$out" || fail "no ids"
    grep -q "TxSts RJCT reason E000" <<<"$out" || fail "no status"
    grep -q "valid (not an instruction; from a participant: FF01 Corridor does not accept pacs.002.001.10" <<<"$out" \
      || fail "no FF01 refusal"
    ;;
  every_report_sample_is_valid_with_its_amounts)
    files=("$samples"/camt.05[24].* "$samples"/camt.029.* "$samples"/admi.002.* "$samples"/head.001.*)
    out=$("$corridor" iso check "${files[@]}"); rc=$?
    [ $rc -eq 0 ] || fail "exit $rc"
    [ "$(grep -c '^  valid (not an instruction' <<<"$out")" -eq ${#files[@]} ] || fail "not all ${#files[@]} valid"
    grep -q "balance DLOD: 270458895930.79 USD" <<<"$out" || fail "no balance"
    grep -q "entry 1: CRDT 1692.22 CHF BOOK UETR b009c997-97b3-4a9c-803c-d645a7276bf0" <<<"$out" || fail "no entry"
    grep -q "resolved by 51.74 USD" <<<"$out" || fail "no resolution amount"
    grep -q "application header: from member 011104238 to member 021151080" <<<"$out" || fail "no header"
    ;;
  queries_and_group_cancellations_print_what_they_ask)
    out=$("$corridor" iso check "$data/camt005_search_criteria.xml" "$data/camt056_group_cancel.xml"); rc=$?
    [ $rc -eq 0 ] || fail "exit $rc"
    grep -q "search 1: status queued, amount \[100, 1000.5), currency EUR, priority urgent|normal, settlement date 2026-11-27, InstdAgt BANKDEFF" <<<"$out" \
      || fail "no search line"
    grep -q "search 2: TxId TX-9" <<<"$out" || fail "no second search"
    grep -q "request 1: every pending payment of OrgnlMsgId BATCH-77 (pacs.008.001.08) reason DUPL" <<<"$out" \
      || fail "no group cancellation"
    [ "$(grep -c '^  valid$' <<<"$out")" -eq 2 ] || fail "not both valid"
    ;;
  *) echo "unknown case $case_name"; exit 2 ;;
esac
echo PASS
