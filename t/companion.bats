#!/usr/bin/env bats
# case-import's join of the 节点 and 案款 companion files by 案号
# (lib/io/companion.c): whatever the order of the companion rows (the
# cases' order, the reverse, interleaved, from a pipe), each case gets the
# same rows in the same output, a case without rows gets none, and a row
# whose case is not in the main file is reported at its own line.
load helper
bats_require_minimum_version 1.5.0

D="$FIX/companion"

expected() {
  cat <<'OUT'
{"case_no":"（2023）豫0183执1号","filed_on":"2023-03-01","kind":"执","events":[{"node":"notice","at":"2023-03-02"},{"node":"freeze","at":"2023-03-05"}],"funds":[{"kind":"arrival","on":"2023-04-01","amount":100},{"kind":"claim","on":"2023-04-02","amount":100}]}
{"case_no":"（2023）豫0183执2号","filed_on":"2023-03-02","kind":"执","events":[{"node":"notice","at":"2023-03-03"}]}
{"case_no":"（2023）豫0183执3号","filed_on":"2023-03-03","kind":"执"}
{"case_no":"（2023）豫0183执4号","filed_on":"2023-03-04","kind":"执","events":[{"node":"notice","at":"2023-03-05"},{"node":"asset_report_order","at":"2023-03-06"}],"funds":[{"kind":"arrival","on":"2023-04-03","amount":1000.5}]}
OUT
}

# join NODES FUNDS: runs case-import on the four cases with these companions
# and checks the records and the two orphan lines (each orphan is on line 5
# of its nodes file and line 4 of its funds file in every arrangement).
join() {
  run -1 --separate-stderr case-import "$D/cases.csv" --events "$1" --funds "$2"
  assert_output "$(expected)"
  [ "$stderr" = "$1:5: case_no: no case '(2023)豫0183执99号' in the main file for this events row
$2:4: case_no: no case '(2023)豫0183执77号' in the main file for this funds row" ]
}

@test "companion: rows in the cases' order; a case with no rows gets none; orphans reported" {
  join "$D/nodes-inorder.csv" "$D/funds-inorder.csv"
}

@test "companion: rows in the reverse of the cases' order: the same records" {
  join "$D/nodes-reversed.csv" "$D/funds-inorder.csv"
}

@test "companion: a case's rows interleaved with other cases': the same records, rows in file order" {
  join "$D/nodes-interleaved.csv" "$D/funds-interleaved.csv"
}

@test "companion: the main file in the reverse order of the companions: the same records, reversed" {
  { head -1 "$D/cases.csv"; tail -n +2 "$D/cases.csv" | tac; } > "$BATS_TEST_TMPDIR/cases-rev.csv"
  run -1 --separate-stderr case-import "$BATS_TEST_TMPDIR/cases-rev.csv" --events "$D/nodes-inorder.csv" --funds "$D/funds-inorder.csv"
  assert_output "$(expected | tac)"
  [ "$stderr" = "$D/nodes-inorder.csv:5: case_no: no case '(2023)豫0183执99号' in the main file for this events row
$D/funds-inorder.csv:4: case_no: no case '(2023)豫0183执77号' in the main file for this funds row" ]
}

@test "companion: companions from pipes (read once, whole): the same records and messages" {
  run -1 --separate-stderr case-import "$D/cases.csv" --events <(cat "$D/nodes-interleaved.csv") --funds <(cat "$D/funds-inorder.csv")
  assert_output "$(expected)"
  [ "${#stderr_lines[@]}" -eq 2 ]
  [[ "${stderr_lines[0]}" == *":5: case_no: no case '(2023)豫0183执99号' in the main file for this events row" ]]
  [[ "${stderr_lines[1]}" == *":4: case_no: no case '(2023)豫0183执77号' in the main file for this funds row" ]]
}

@test "companion: --orphans writes the same orphan rows whatever the order" {
  for v in inorder reversed interleaved; do
    run -1 --separate-stderr case-import "$D/cases.csv" --events "$D/nodes-$v.csv" --funds "$D/funds-inorder.csv" --orphans "$BATS_TEST_TMPDIR/o-$v.jsonl"
    assert_output "$(expected)"
    run cat "$BATS_TEST_TMPDIR/o-$v.jsonl"
    assert_output '{"case_no":"（2023）豫0183执99号","node":"执行通知书","at":"2023-03-09","_companion":"events","_line":5}
{"case_no":"（2023）豫0183执77号","kind":"到账","at":"2023-04-09","amount":"5","_companion":"funds","_line":4}'
  done
}

@test "companion: the counting pass reads case numbers quoted, Excel-marked, after a cell over two lines and past a ragged row as the join does" {
  # the counting pass keeps only the case number (split without libcsv
  # where a row is plain, by libcsv otherwise); a count it got wrong would
  # leave rows unjoined or hold a case's rows back
  run -1 --separate-stderr case-import "$D/cases.csv" --events "$D/nodes-quoting.csv" --funds "$D/funds-inorder.csv"
  assert_output '{"case_no":"（2023）豫0183执1号","filed_on":"2023-03-01","kind":"执","events":[{"node":"notice","at":"2023-03-02"},{"node":"freeze","at":"2023-03-05"}],"funds":[{"kind":"arrival","on":"2023-04-01","amount":100},{"kind":"claim","on":"2023-04-02","amount":100}]}
{"case_no":"（2023）豫0183执2号","filed_on":"2023-03-02","kind":"执","events":[{"node":"notice","at":"2023-03-03"}]}
{"case_no":"（2023）豫0183执3号","filed_on":"2023-03-03","kind":"执"}
{"case_no":"（2023）豫0183执4号","filed_on":"2023-03-04","kind":"执","events":[{"node":"notice","at":"2023-03-05","to":"a\nb"},{"node":"asset_report_order","at":"2023-03-06","to":"\""}],"funds":[{"kind":"arrival","on":"2023-04-03","amount":1000.5}]}'
  [ "$stderr" = "$D/nodes-quoting.csv:4: case_no: warning: Excel formula =\"...\" read as the text inside it
$D/nodes-quoting.csv:6: _raw: row has 2 fields, header has 4
$D/nodes-quoting.csv:5: case_no: no case '(2023)豫0183执99号' in the main file for this events row
$D/funds-inorder.csv:4: case_no: no case '(2023)豫0183执77号' in the main file for this funds row" ]
}

@test "companion: rows read lazily build each event and fund as before: quoted commas and quotes, an Excel-marked or blank-spaced case number, a held row, empty cells left out" {
  cd "$BATS_TEST_TMPDIR"
  printf '案号,立案日期\n（2023）豫0183执1号,2023-03-01\n（2023）豫0183执2号,2023-03-02\n' > c.csv
  # case 2's row comes first: taking case 1 holds it until case 2 is taken
  printf '案号,节点,时间,送达日期,期满日期,流转至\n="（2023）豫0183执2号",执行通知书,2023/3/3,,,"法警队,""二组"""\n（2023）豫0183执1号,冻结,2023-03-05,,,\n（2023） 豫0183执1号,执行通知书,2023-03-02,2023-03-04,,\n' > n.csv
  printf '案号,类型,日期,金额,账户,收款人,承办人提交,初审,批准,财务审核,支付,暂缓事由\n（2023）豫0183执1号,发放,2023-04-03,"1,000.50",本院主账户,"张三, 李四",2023/4/1,,2023-04-02,,2023-04-03,\n' > f.csv
  run -0 --separate-stderr case-import c.csv --events n.csv --funds f.csv
  assert_output '{"case_no":"（2023）豫0183执1号","filed_on":"2023-03-01","kind":"执","events":[{"node":"notice","at":"2023-03-02","served":"2023-03-04"},{"node":"freeze","at":"2023-03-05"}],"funds":[{"kind":"payout","on":"2023-04-03","amount":1000.5,"account":"main","payee":"张三, 李四","approvals":{"submitted":"2023-04-01","approved":"2023-04-02","paid":"2023-04-03"}}]}
{"case_no":"（2023）豫0183执2号","filed_on":"2023-03-02","kind":"执","events":[{"node":"notice","at":"2023-03-03","to":"法警队,\"二组\""}]}'
  [ "$stderr" = 'n.csv:2: case_no: warning: Excel formula ="..." read as the text inside it' ]
}
