#!/bin/sh
# make demo: the nightly pipeline over samples/ (GB18030 CSV exports as
# Excel saves them), for one court profile, and a summary an analyst reads.
#   PROFILE=yindu AS_OF=2026-11-22 PERIOD=week make demo
set -u
P=${PROFILE:-shihe}
ASOF=${AS_OF:-2026-11-22}
OUT=build/demo
B=bin
mkdir -p "$OUT"
export ZHIXING_SHARE="$PWD/share"
rm -f "$OUT/assign.state"

echo "== zhixing demo: profile $P, as of $ASOF =="
echo "   input: samples/cases.csv ($(($(wc -l < samples/cases.csv) - 1)) rows, GB18030, CRLF), samples/nodes.csv, samples/funds.csv"
echo
# stage TOOL ARGS...: the tool when it is built, else a pass-through
stage() { t=$1; shift; if [ -x "$B/$t" ]; then "$B/$t" "$@"; else cat; fi; }
$B/case-import samples/cases.csv --events samples/nodes.csv --funds samples/funds.csv 2> "$OUT/import.err" \
  | stage triage -p "$P" 2> "$OUT/triage.err" \
  | stage assign -p "$P" --state "$OUT/assign.state" 2> "$OUT/assign.err" \
  | stage deadline-check -p "$P" --as-of "$ASOF" 2> "$OUT/deadline.err" \
  | stage term-audit -p "$P" --as-of "$ASOF" 2> "$OUT/term.err" \
  | stage payout-check -p "$P" --as-of "$ASOF" 2> "$OUT/payout.err" \
  > "$OUT/annotated.jsonl"
sed 's/^/   /' "$OUT/import.err" | head -8
echo "   ($(wc -l < "$OUT/import.err") input problems reported in all; every row is still in the output)"
echo
J="$OUT/annotated.jsonl"
echo "records out: $(wc -l < "$J")   with data errors: $(jq -s 'map(select(.errors != null and (.errors|length) > 0)) | length' "$J")"
echo
if [ -x $B/triage ]; then
  echo "-- 繁简分流 tracks --"
  jq -r 'select(.track) | .track' "$J" | sort | uniq -c | sort -rn | sed 's/^/  /'
  echo
fi
if [ -x $B/assign ]; then
  echo "-- 分案: cases per team --"
  jq -r 'select(.team) | .team' "$J" | sort | uniq -c | sort -rn | head -10 | sed 's/^/  /'
  echo
fi
if [ -x $B/deadline-check ]; then
  echo "-- 节点管控: deadlines by status --"
  jq -r '.deadlines[]? | .status' "$J" | sort | uniq -c | sort -rn | sed 's/^/  /'
  echo "   cases with an overdue node: $(jq -s 'map(select((.overdue // 0) > 0)) | length' "$J")"
  echo "   most overdue rules:"
  jq -r '.deadlines[]? | select(.status == "overdue") | .rule' "$J" | sort | uniq -c | sort -rn | head -5 | sed 's/^/     /'
  echo
fi
if [ -x $B/term-audit ]; then
  echo "-- 终本审核 --"
  jq -r 'select(.term_audit) | .term_audit.verdict' "$J" | sort | uniq -c | sed 's/^/  /'
  echo "   failed conditions:"
  jq -r '.term_audit.failed[]?' "$J" | sort | uniq -c | sort -rn | head -6 | sed 's/^/     /'
  echo
fi
if [ -x $B/payout-check ]; then
  echo "-- 执行案款 --"
  jq -r 'select(.payout) | .payout.verdict' "$J" | sort | uniq -c | sed 's/^/  /'
  jq -r '.payout.issues[]? | .kind' "$J" | sort | uniq -c | sort -rn | sed 's/^/     /'
  echo
fi
echo "one annotated case:"
jq -c 'select(.track != null and (.deadlines|length) > 0) | {case_no, track, team, handler, overdue, term: .term_audit.verdict, payout: .payout.verdict}' "$J" | head -1 | sed 's/^/  /'
echo
echo "full output: $J   (jq, mlr or -o csv for a spreadsheet)"
if [ -x $B/report ]; then
  # The bulletin (通报): the page and the workbook an analyst forwards, then
  # the same figures as text.  Data problems are counted in it, not fatal.
  R="$B/report -p $P --as-of $ASOF --period ${PERIOD:-month}"
  $R -o html -O "$OUT/report.html" "$J" 2> "$OUT/report.err"
  $R -o xlsx -O "$OUT/report.xlsx" "$J" 2>> "$OUT/report.err"
  echo
  echo "-- 通报: $OUT/report.html (a browser; prints on A4), $OUT/report.xlsx (Excel) --"
  $R -o text "$J" 2>> "$OUT/report.err"
  [ -s "$OUT/report.err" ] && echo "   ($(wc -l < "$OUT/report.err") report messages in $OUT/report.err)"
fi
