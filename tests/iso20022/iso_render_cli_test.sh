#!/usr/bin/env bash
# `corridor iso render` end to end: CASE CORRIDOR EXAMPLES_DIR XSD_DIR
set -euo pipefail
case_name=$1 corridor=$2 examples=$3 xsd=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

case $case_name in
every_example_prints_a_schema_valid_message)
  for json in "$examples"/*.json; do
    "$corridor" iso render "$json" > "$work/out.xml"
    id=$(xmllint --xpath "string(//*[local-name()='MsgDefIdr'])" "$work/out.xml")
    xmllint --xpath "(//*[local-name()='Document'])[1]" "$work/out.xml" > "$work/doc.xml"
    xmllint --xpath "(//*[local-name()='AppHdr'])[1]" "$work/out.xml" > "$work/hdr.xml"
    xmllint --noout --schema "$xsd/$id.xsd" "$work/doc.xml"
    xmllint --noout --schema "$xsd/head.001.001.02.xsd" "$work/hdr.xml"
  done
  ;;
standard_input_is_read_with_a_dash)
  "$corridor" iso render - < "$examples/camt054-credit.json" | grep -q '<Amt Ccy="EUR">123.45</Amt>'
  ;;
bad_json_exits_1_naming_the_field)
  printf '{"type": "pacs.002", "header": 5}' > "$work/bad.json"
  status=0
  "$corridor" iso render "$work/bad.json" > "$work/out" 2> "$work/err" || status=$?
  [ "$status" -eq 1 ]
  [ ! -s "$work/out" ]
  grep -q 'header: expected an object' "$work/err"
  ;;
a_missing_file_exits_1)
  status=0
  "$corridor" iso render "$work/none.json" 2> "$work/err" || status=$?
  [ "$status" -eq 1 ]
  grep -q 'cannot read' "$work/err"
  ;;
*)
  echo "unknown case $case_name" >&2
  exit 2
  ;;
esac
