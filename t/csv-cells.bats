#!/usr/bin/env bats
# CSV cells as spans (issue 22): a tool reading CSV notes each cell's bytes
# and builds a value only when asked.  What a user sees must not change:
# every cell its string, the nested columns JSON again, _more's fields put
# back, a 万元 column's unit, a row nothing changed written as it came and
# a changed one written from its cells.
load helper
bats_require_minimum_version 1.5.0

@test "csv cells: JSON lines from a CSV row: every cell its string; quotes, backslash, tab and newline escaped" {
  printf 'case_no,cause,applicant,note,amount\n（2024）豫0505执1号,"买卖合同纠纷","甲 ""乙"", 丙","a\\b\tc\nd",50000\n' > "$BATS_TEST_TMPDIR/a.csv"
  run -0 --separate-stderr triage "$BATS_TEST_TMPDIR/a.csv"
  assert_output '{"case_no":"（2024）豫0505执1号","cause":"买卖合同纠纷","applicant":"甲 \"乙\", 丙","note":"a\\b\tc\nd","amount":"50000","track":"first","track_rules":["spc.track.first"]}'
  [ "$stderr" = "" ]
}

@test "csv cells: nested columns: canonical JSON as it is, other JSON compact, text that does not parse a string, an empty one no field, an empty flags cell \"\"" {
  printf 'case_no,events,funds,flags,payout,term_audit\n（2024）豫0505执1号,"[{""node"":""notice"",""at"":""2024-01-05""}]","[ {""kind"": ""arrival"", ""on"": ""2024-01-06"", ""amount"": 5} ]",,[abc,\n（2024）豫0505执2号,,,[],,"{""verdict"":""pass""}"\n' > "$BATS_TEST_TMPDIR/n.csv"
  run -0 --separate-stderr triage "$BATS_TEST_TMPDIR/n.csv"
  assert_line -n 0 '{"case_no":"（2024）豫0505执1号","events":[{"node":"notice","at":"2024-01-05"}],"funds":[{"kind":"arrival","on":"2024-01-06","amount":5}],"flags":"","payout":"[abc","track":"first","track_rules":["spc.track.first"]}'
  assert_line -n 1 '{"case_no":"（2024）豫0505执2号","flags":[],"term_audit":{"verdict":"pass"},"track":"first","track_rules":["spc.track.first"]}'
  [ "${#lines[@]}" -eq 2 ]
  # CSV out: rows nothing changed are their input text, the added cells after
  run -0 triage -o csv "$BATS_TEST_TMPDIR/n.csv"
  assert_line -n 1 '（2024）豫0505执1号,"[{""node"":""notice"",""at"":""2024-01-05""}]","[ {""kind"": ""arrival"", ""on"": ""2024-01-06"", ""amount"": 5} ]",,[abc,,first,"[""spc.track.first""]",,,'
  assert_line -n 2 '（2024）豫0505执2号,,,[],,"{""verdict"":""pass""}",first,"[""spc.track.first""]",,,'
}

@test "csv cells: a nested cell is read when a rule asks: the events cell decides the notice deadline (a day before / the day / a day after / none)" {
  H='case_no,filed_on,cause,assets_cash,needs_disposal,closed_on,close_method,events'
  printf "$H"'\n（2024）豫0505执1号,2024-01-01,买卖合同纠纷,0,否,,,"[{""node"":""notice"",""at"":""2024-01-10""}]"\n（2024）豫0505执2号,2024-01-01,买卖合同纠纷,0,否,,,"[{""node"":""notice"",""at"":""2024-01-11""}]"\n（2024）豫0505执3号,2024-01-01,买卖合同纠纷,0,否,,,"[{""node"":""notice"",""at"":""2024-01-12""}]"\n（2024）豫0505执4号,2024-01-01,买卖合同纠纷,0,否,,,\n' > "$BATS_TEST_TMPDIR/e.csv"
  run -0 --separate-stderr deadline-check --as-of 2024-03-01 "$BATS_TEST_TMPDIR/e.csv"
  [ "$(jqo '[.deadlines[] | select(.rule == "spc.deadline.notice") | .due, .status, .days_over]')" = "$(printf '%s\n' '["2024-01-11","met",0]' '["2024-01-11","met",0]' '["2024-01-11","late",1]' '["2024-01-11","overdue",50]')" ]
  [ "$stderr" = "" ]
}

@test "csv cells: _more's fields go where the record has none; an empty events column takes _more's events, after the columns" {
  printf 'case_no,events,_more\n（2024）豫0505执1号,"[{""node"":""notice"",""at"":""2024-01-05""}]","{""x"":""1"",""case_no"":""no"",""events"":[]}"\n（2024）豫0505执2号,,"{""events"":[{""node"":""notice"",""at"":""2024-02-01""}],""y"":[1]}"\n（2024）豫0505执3号,,\n' > "$BATS_TEST_TMPDIR/m.csv"
  run -0 --separate-stderr triage "$BATS_TEST_TMPDIR/m.csv"
  assert_line -n 0 '{"case_no":"（2024）豫0505执1号","events":[{"node":"notice","at":"2024-01-05"}],"x":"1","track":"first","track_rules":["spc.track.first"]}'
  assert_line -n 1 '{"case_no":"（2024）豫0505执2号","events":[{"node":"notice","at":"2024-02-01"}],"y":[1],"track":"first","track_rules":["spc.track.first"]}'
  assert_line -n 2 '{"case_no":"（2024）豫0505执3号","track":"first","track_rules":["spc.track.first"]}'
}

@test "csv cells: a 万元 column's bare number is N万 in JSON lines (9.99999 / 10 / 10.00001 万元); CSV out keeps the cell as written" {
  printf 'case_no,标的额（万元）,note\n（2024）豫0505执1号,9.99999,x\n（2024）豫0505执2号,10 ,y\n（2024）豫0505执3号,10.00001,z\n（2024）豫0505执4号,3万,w\n' > "$BATS_TEST_TMPDIR/w.csv"
  run -0 --separate-stderr triage "$BATS_TEST_TMPDIR/w.csv"
  [ "$(jqo -r '.amount')" = "$(printf '%s\n' '9.99999万' '10万' '10.00001万' '3万')" ]
  run -0 triage -o csv "$BATS_TEST_TMPDIR/w.csv"
  assert_line -n 1 '（2024）豫0505执1号,9.99999,x,first,"[""spc.track.first""]",,,'
  assert_line -n 2 '（2024）豫0505执2号,10 ,y,first,"[""spc.track.first""]",,,'
  assert_line -n 4 '（2024）豫0505执4号,3万,w,first,"[""spc.track.first""]",,,'
}

@test "csv cells: a row a tool changed (an Excel date serial) is written from its cells: commas and quotes quoted again, a nested cell compact" {
  printf 'case_no,filed_on,applicant,funds\n（2024）豫0505执1号,45292,"甲,乙 ""丙""","[ {""kind"": ""arrival"", ""on"": ""2024-01-06"", ""amount"": 5.50} ]"\n（2024）豫0505执2号,2024-01-02,"丁,戊",\n' > "$BATS_TEST_TMPDIR/x.csv"
  run -0 --separate-stderr triage -o csv "$BATS_TEST_TMPDIR/x.csv"
  assert_line -n 1 '（2024）豫0505执1号,2024-01-01,"甲,乙 ""丙""","[{""kind"":""arrival"",""on"":""2024-01-06"",""amount"":5.5}]",first,"[""spc.track.first""]","[{""tool"":""triage"",""field"":""filed_on"",""message"":""Excel date serial '"'45292'"' read as 2024-01-01 (1900 date system)""}]",,'
  assert_line -n 2 '（2024）豫0505执2号,2024-01-02,"丁,戊",,first,"[""spc.track.first""]",,,'
  [ "$stderr" = "$BATS_TEST_TMPDIR/x.csv:2: filed_on: warning: Excel date serial '45292' read as 2024-01-01 (1900 date system)" ]
}

@test "csv cells: a tool's CSV read again: its deadlines cell is replaced in its column, the rest as it came" {
  H='case_no,filed_on,cause,assets_cash,needs_disposal,closed_on,close_method,events'
  printf "$H"'\n（2024）豫0505执1号,2024-01-01,买卖合同纠纷,0,否,,,"[{""node"":""notice"",""at"":""2024-01-11""}]"\n' > "$BATS_TEST_TMPDIR/d.csv"
  run -0 deadline-check --as-of 2024-01-05 -o csv "$BATS_TEST_TMPDIR/d.csv"
  printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/d1.csv"
  run -0 deadline-check --as-of 2024-01-05 -o csv "$BATS_TEST_TMPDIR/d1.csv"
  [ "$output" = "$(cat "$BATS_TEST_TMPDIR/d1.csv")" ]
  run -0 deadline-check --as-of 2024-01-05 "$BATS_TEST_TMPDIR/d1.csv"
  [ "$(jqo -c 'keys_unsorted')" = '["case_no","filed_on","cause","assets_cash","needs_disposal","closed_on","close_method","events","deadlines","overdue"]' ]
  [ "$(jqo -c '.deadlines[0]')" = '{"rule":"spc.deadline.notice","node":"notice","from":"2024-01-01","due":"2024-01-11","done":"2024-01-11","status":"met","days_over":0}' ]
  again="$output"
  run -0 deadline-check --as-of 2024-01-05 "$BATS_TEST_TMPDIR/d.csv"
  [ "$output" = "$again" ]
}
