#!/usr/bin/env bats
# case-import: exports to canonical JSON lines (issue: Foundation).
load helper
bats_require_minimum_version 1.5.0

D="$BATS_TEST_DIRNAME/fixtures/case-import"

@test "case-import: Chinese headers, companions joined, values canonical, exact output" {
  run -1 --separate-stderr case-import "$D/cases.csv" --events "$D/nodes.csv" --funds "$D/funds.csv"
  diff -u "$D/expected.jsonl" <(printf '%s\n' "$output")
}

@test "case-import: the GB18030 twin gives the same output as UTF-8" {
  run -1 --separate-stderr case-import "$D/cases-gb18030.csv" --events "$D/nodes.csv" --funds "$D/funds.csv"
  diff -u "$D/expected.jsonl" <(printf '%s\n' "$output")
}

@test "case-import: diagnostics name file, line and field; orphan companion row reported" {
  run -1 --separate-stderr case-import "$D/cases.csv" --events "$D/nodes.csv" --funds "$D/funds.csv"
  [ "${stderr_lines[0]}" = "$D/cases.csv:5: filed_on: invalid date '2023-13-45'" ]
  [ "${stderr_lines[1]}" = "$D/cases.csv:5: amount: invalid money 'abc'" ]
  [ "${stderr_lines[2]}" = "$D/cases.csv:5: respondent_local: invalid boolean '也许'" ]
  [ "${stderr_lines[3]}" = "$D/cases.csv:6: _raw: row has 9 fields, header has 10" ]
  [ "${stderr_lines[4]}" = "$D/nodes.csv:5: case_no: no case '(2023)豫0183执99号' in the main file for this events row" ]
  [ "${#stderr_lines[@]}" -eq 5 ]
}

@test "case-import: --orphans keeps the companion rows no case claimed" {
  run -1 --separate-stderr case-import "$D/cases.csv" --events "$D/nodes.csv" --orphans "$BATS_TEST_TMPDIR/o.jsonl"
  run cat "$BATS_TEST_TMPDIR/o.jsonl"
  assert_output '{"case_no":"（2023）豫0183执99号","node":"执行通知书","at":"2023-03-03","served":"","_companion":"events","_line":5}'
}

@test "case-import: 8.5万 is 85000, 85,000.50 is 85000.5, 2023年3月1日 is 2023-03-01" {
  printf 'case_no,amount,filed_on\n（2023）豫0183执1号,8.5万,2023年3月1日\n（2023）豫0183执2号,"85,000.50",2023/3/1 9:05\n（2023）豫0183执3号,0.1,20230301\n' > "$BATS_TEST_TMPDIR/c.csv"
  run -0 case-import "$BATS_TEST_TMPDIR/c.csv"
  assert_line -n 0 '{"case_no":"（2023）豫0183执1号","amount":85000,"filed_on":"2023-03-01","kind":"执"}'
  assert_line -n 1 '{"case_no":"（2023）豫0183执2号","amount":85000.5,"filed_on":"2023-03-01T09:05","kind":"执"}'
  assert_line -n 2 '{"case_no":"（2023）豫0183执3号","amount":0.1,"filed_on":"2023-03-01","kind":"执"}'
}

@test "case-import: flat <node>_at columns become events" {
  printf 'case_no,notice_at,执行通知书时间\n（2023）豫0183执1号,2023-03-02,\n' > "$BATS_TEST_TMPDIR/c.csv"
  run -0 case-import "$BATS_TEST_TMPDIR/c.csv"
  assert_output '{"case_no":"（2023）豫0183执1号","执行通知书时间":"","kind":"执","events":[{"node":"notice","at":"2023-03-02"}]}'
}

@test "case-import: a missing case number is an error, the record is kept" {
  printf 'case_no,amount\n,100\n' > "$BATS_TEST_TMPDIR/c.csv"
  run -1 --separate-stderr case-import "$BATS_TEST_TMPDIR/c.csv"
  assert_output '{"case_no":"","amount":100,"errors":[{"tool":"case-import","field":"case_no","message":"missing case number"}]}'
}

@test "case-import: CSV output keeps input columns in order and appends added ones" {
  printf 'x,案号,申请执行标的金额\n1,（2023）豫0183执1号,8.5万\n' > "$BATS_TEST_TMPDIR/c.csv"
  run -0 case-import -o csv "$BATS_TEST_TMPDIR/c.csv"
  assert_line -n 0 'x,案号,申请执行标的金额,kind,events,funds,warnings,errors,_raw'
  assert_line -n 1 '1,（2023）豫0183执1号,85000,执,,,,,'
}

@test "case-import: --bom writes a UTF-8 BOM and CRLF for Excel" {
  printf 'case_no\n（2023）豫0183执1号\n' > "$BATS_TEST_TMPDIR/c.csv"
  case-import -o csv --bom "$BATS_TEST_TMPDIR/c.csv" > "$BATS_TEST_TMPDIR/out.csv"
  run od -An -c -N 3 "$BATS_TEST_TMPDIR/out.csv"
  assert_output --partial '357 273 277'
  grep -q $'\r$' "$BATS_TEST_TMPDIR/out.csv"
}

@test "case-import: JSON lines in, written back in canonical form" {
  printf '{"case_no":"（2023）豫0183执1号","x": 1.50}\n' > "$BATS_TEST_TMPDIR/c.jsonl"
  run -0 case-import "$BATS_TEST_TMPDIR/c.jsonl"
  assert_output '{"case_no":"（2023）豫0183执1号","x":1.5,"kind":"执"}'
}

@test "case-import: usage errors exit 2 with a hint; --help exits 0; --version" {
  run -2 --separate-stderr case-import --nosuch
  [ "${stderr_lines[0]}" = "case-import: unrecognized option '--nosuch'" ]
  [ "${stderr_lines[1]}" = "Try 'case-import --help' for more information." ]
  run -0 case-import --help
  assert_line -n 0 'Usage: case-import [OPTION]... [FILE]...'
  run -0 case-import --version
  assert_output 'case-import (zhixing) 0.1.0'
  run -2 --separate-stderr case-import -i xml
  [ "${stderr_lines[0]}" = "case-import: invalid argument 'xml' for option -i" ]
}

@test "case-import: unreadable input exits 3 naming it" {
  run -3 --separate-stderr case-import /nonexistent/cases.csv
  [ "$stderr" = "case-import: cannot open /nonexistent/cases.csv: No such file or directory" ]
}

@test "case-import: write error (disk full) exits 3; closed pipe is a quiet 0" {
  printf 'case_no\n（2023）豫0183执1号\n' > "$BATS_TEST_TMPDIR/c.csv"
  run -3 --separate-stderr bash -c "case-import '$BATS_TEST_TMPDIR/c.csv' > /dev/full"
  assert_equal "$stderr" "case-import: write error: No space left on device"
  yes '{"case_no":"（2023）豫0183执1号"}' | head -200000 > "$BATS_TEST_TMPDIR/many.jsonl" || true
  run -0 --separate-stderr bash -c "set -o pipefail; case-import '$BATS_TEST_TMPDIR/many.jsonl' | head -1 >/dev/null"
  assert_equal "$stderr" ""
}

@test "case-import: 100,000 rows in, 100,000 records out, broken rows mixed in" {
  awk 'BEGIN { print "案号,申请执行标的金额,立案日期";
               for (i = 1; i <= 100000; i++) {
                 if (i % 1000 == 7) print "（2023）豫0183执" i "号,1";              # ragged
                 else if (i % 1000 == 9) print "（2023）豫0183执" i "号,abc,2023-13-45"; # bad fields
                 else print "（2023）豫0183执" i "号," i ",2023-03-01" } }' > "$BATS_TEST_TMPDIR/big.csv"
  run -1 --separate-stderr bash -c "set -o pipefail; case-import '$BATS_TEST_TMPDIR/big.csv' | wc -l"
  assert_output 100000
}

@test "case-import: companion rows in any order join as if sorted (rows read ahead are held)" {
  { head -1 "$D/nodes.csv"; tail -n +2 "$D/nodes.csv" | tac; } > "$BATS_TEST_TMPDIR/nodes-rev.csv"
  { head -1 "$D/funds.csv"; tail -n +2 "$D/funds.csv" | tac; } > "$BATS_TEST_TMPDIR/funds-rev.csv"
  run -1 --separate-stderr case-import "$D/cases.csv" --events "$BATS_TEST_TMPDIR/nodes-rev.csv" --funds "$BATS_TEST_TMPDIR/funds-rev.csv"
  # same events (sorted by time, so the file order does not show) ...
  diff -u <(jq -c '{case_no, events}' "$D/expected.jsonl") <(printf '%s\n' "$output" | jq -c '{case_no, events}')
  # ... funds in the order of the funds file, which was reversed
  [ "$(printf '%s\n' "$output" | jq -c 'select(.funds) | [.funds[].kind]')" = '["payout","arrival"]' ]
  # the orphan is still found, at its line in the reversed file
  [ "${stderr_lines[4]}" = "$BATS_TEST_TMPDIR/nodes-rev.csv:2: case_no: no case '(2023)豫0183执99号' in the main file for this events row" ]
}

@test "case-import: a companion file from a pipe (read once) joins the same" {
  run -1 --separate-stderr case-import "$D/cases.csv" --events <(cat "$D/nodes.csv") --funds <(cat "$D/funds.csv")
  diff -u "$D/expected.jsonl" <(printf '%s\n' "$output")
  [ "${#stderr_lines[@]}" -eq 5 ]
}

@test "case-import: a repeated case number gets the companion rows once, the repeat a warning" {
  printf 'case_no,filed_on\n（2023）豫0183执9号,2023-03-01\n（2023）豫0183执9号,2023-03-01\n' > "$BATS_TEST_TMPDIR/c.csv"
  printf '案号,节点,时间\n（2023）豫0183执9号,执行通知书,2023-03-03\n' > "$BATS_TEST_TMPDIR/n.csv"
  run -0 --separate-stderr case-import "$BATS_TEST_TMPDIR/c.csv" --events "$BATS_TEST_TMPDIR/n.csv"
  assert_line -n 0 '{"case_no":"（2023）豫0183执9号","filed_on":"2023-03-01","kind":"执","events":[{"node":"notice","at":"2023-03-03"}]}'
  assert_line -n 1 '{"case_no":"（2023）豫0183执9号","filed_on":"2023-03-01","kind":"执","warnings":[{"tool":"case-import","field":"events","message":"case number repeats an earlier record'"'"'s; its events rows went to that record"}]}'
  [ "$stderr" = "$BATS_TEST_TMPDIR/c.csv:3: events: warning: case number repeats an earlier record's; its events rows went to that record" ]
}

@test "case-import: an unreadable companion file exits 3 naming it" {
  run -3 --separate-stderr case-import "$D/cases.csv" --events "$BATS_TEST_TMPDIR/none.csv"
  [[ "$stderr" == *"cannot open $BATS_TEST_TMPDIR/none.csv"* ]]
}

@test "case-import: a JSON-lines companion keeps its nested values (approvals object, lists)" {
  printf 'case_no,filed_on\n（2023）豫0183执9号,2023-03-01\n' > "$BATS_TEST_TMPDIR/c.csv"
  printf '%s\n' '{"case_no":"（2023）豫0183执9号","kind":"发放","on":"2023-04-03","amount":100,"approvals":{"submitted":"2023/4/1","paid":"2023-04-03"}}' > "$BATS_TEST_TMPDIR/f.jsonl"
  run -0 --separate-stderr case-import "$BATS_TEST_TMPDIR/c.csv" --funds "$BATS_TEST_TMPDIR/f.jsonl"
  assert_output '{"case_no":"（2023）豫0183执9号","filed_on":"2023-03-01","kind":"执","funds":[{"kind":"payout","on":"2023-04-03","amount":100,"approvals":{"submitted":"2023-04-01","paid":"2023-04-03"}}]}'
}

@test "case-import: JSON lines with nested values in any spacing come out canonical, values unchanged" {
  printf '%s\n' '{"case_no":"（2023）豫0183执9号", "events": [ {"node":"执行通知书", "at":"2023/3/3"} ], "flags" : ["拒执"]}' > "$BATS_TEST_TMPDIR/c.jsonl"
  run -0 --separate-stderr case-import "$BATS_TEST_TMPDIR/c.jsonl"
  assert_output '{"case_no":"（2023）豫0183执9号","events":[{"node":"notice","at":"2023-03-03"}],"flags":["obstruction"],"kind":"执"}'
}

@test "case-import: a bad event or fund row is one error naming the item, not two" {
  printf '%s\n' '{"case_no":"（2023）豫0183执9号","events":[{"node":"xx","at":"2023-03-03"},{"node":"notice","at":"2023-13-03"}],"funds":[{"kind":"到账","on":"2023-04-01","amount":"abc"}]}' > "$BATS_TEST_TMPDIR/c.jsonl"
  run -1 --separate-stderr case-import "$BATS_TEST_TMPDIR/c.jsonl"
  [ "${#stderr_lines[@]}" -eq 3 ]
  [ "${stderr_lines[0]}" = "$BATS_TEST_TMPDIR/c.jsonl:1: events: event 1: unknown node 'xx'" ]
  [ "${stderr_lines[1]}" = "$BATS_TEST_TMPDIR/c.jsonl:1: events: event 2 (notice): invalid date '2023-13-03' in at" ]
  [ "${stderr_lines[2]}" = "$BATS_TEST_TMPDIR/c.jsonl:1: funds: fund 1 (arrival): invalid money 'abc' in amount" ]
  [ "$(printf '%s\n' "$output" | jq '.errors | length')" -eq 3 ]
}

@test "case-import: records whose members come in different orders are each read by their names" {
  printf '%s\n' '{"case_no":"（2023）豫0183执1号","amount":"8.5万","filed_on":"2023/3/1","preserved":"是"}' \
    '{"preserved":"否","filed_on":"20230302","amount":"85,000.50","case_no":"（2023）豫0183执2号"}' \
    '{"filed_on":"2023年3月3日","case_no":"（2023）豫0183执3号","x_amount":"1万","preserved":"1"}' > "$BATS_TEST_TMPDIR/c.jsonl"
  run -0 --separate-stderr case-import "$BATS_TEST_TMPDIR/c.jsonl"
  assert_output '{"case_no":"（2023）豫0183执1号","amount":85000,"filed_on":"2023-03-01","preserved":true,"kind":"执"}
{"preserved":false,"filed_on":"2023-03-02","amount":85000.5,"case_no":"（2023）豫0183执2号","kind":"执"}
{"filed_on":"2023-03-03","case_no":"（2023）豫0183执3号","x_amount":"1万","preserved":true,"kind":"执"}'
  [ "$stderr" = "" ]
}
