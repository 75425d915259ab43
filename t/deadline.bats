#!/usr/bin/env bats
# deadline-check: node deadlines (节点管控).  Every rule of every profile is
# checked on its boundaries from t/fixtures/deadline/rules.tsv (due dates
# computed by hand there, see gen-rules.py); the rest are hand-written cases.
load helper
bats_require_minimum_version 1.5.0

D="$FIX/deadline"
source "$D/check-rules.bash"

# The first entry of a rule for one JSON record: `entry PROFILE RULE AS_OF JSON [OPTION...]`
entry() {
  local p=$1 r=$2 a=$3 j=$4; shift 4
  printf '%s\n' "$j" | deadline-check -p "$p" --as-of "$a" "$@" 2>/dev/null \
    | jq -c --arg r "$r" '[.deadlines[] | select(.rule == $r)][0] | del(.rule, .node)'
}

@test "deadline-check: spc rules: met on the due day, late by one day, overdue, due soon, pending, n/a" {
  run check_rule_rows spc; assert_success; assert_output ''
}
@test "deadline-check: xinmi rules on their boundaries" {
  run check_rule_rows xinmi; assert_success; assert_output ''
}
@test "deadline-check: reform2023 rules on their boundaries" {
  run check_rule_rows reform2023; assert_success; assert_output ''
}
@test "deadline-check: yindu rules on their boundaries" {
  run check_rule_rows yindu; assert_success; assert_output ''
}
@test "deadline-check: shihe rules on their boundaries" {
  run check_rule_rows shihe; assert_success; assert_output ''
}
@test "deadline-check: jianli stage budgets on their boundaries" {
  run check_rule_rows jianli; assert_success; assert_output ''
}
@test "deadline-check: jianli: only a handover to another stage ends a stage; 指挥监控组 does not" {
  local base='{"case_no":"（2024）鄂1088执1号","filed_on":"2024-09-27","events":[{"node":"handover","at":"2024-10-02","to":"指挥监控组"}'
  run entry jianli jianli.deadline.stage.online 2024-10-19 "$base]}"
  assert_output '{"from":"2024-09-27","due":"2024-10-18","done":null,"status":"overdue","days_over":1}'
  run entry jianli jianli.deadline.stage.online 2024-10-19 "$base"',{"node":"handover","at":"2024-10-18","to":"第二组"}]}'
  assert_output '{"from":"2024-09-27","due":"2024-10-18","done":"2024-10-18","status":"met","days_over":0}'
  run entry jianli jianli.deadline.stage.online 2024-10-20 "$base"',{"node":"handover","at":"2024-10-19","to":" 线下查控组组长 "}]}'
  assert_output '{"from":"2024-09-27","due":"2024-10-18","done":"2024-10-19","status":"late","days_over":1}'
  run entry jianli jianli.deadline.stage.offline 2024-10-20 "$base"',{"node":"handover","at":"2024-10-19","to":" 线下查控组组长 "}]}'
  assert_output '{"from":"2024-10-19","due":"2024-11-02","done":null,"status":"pending","days_over":0}'
}

@test "deadline-check: jianli: a handover into the stage a case is in starts nothing; a return from disposal starts the clue stage again" {
  local j='{"case_no":"（2024）鄂1088执1号","filed_on":"2024-09-27","events":[
    {"node":"handover","at":"2024-10-10","to":"线下查控组"},{"node":"handover","at":"2024-10-12","to":"线下查控组组长"},
    {"node":"handover","at":"2024-10-20","to":"线索查控组"},{"node":"handover","at":"2024-11-05","to":"财产处置组"},
    {"node":"handover","at":"2024-11-10","to":"第三组"}]}'
  run -0 bash -c 'printf "%s\n" "$1" | tr -d "\n" | deadline-check -p jianli --as-of 2024-12-01 \
    | jq -c "[.deadlines[] | select(.rule | test(\"offline|clue|disposal\")) | [.rule[22:], .from, .done, .status]]"' _ "$j"
  assert_output '[["offline","2024-10-10","2024-10-20","met"],["clue","2024-10-20","2024-11-05","met"],["clue","2024-11-10",null,"pending"],["disposal","2024-11-05","2024-11-10","met"]]'
}

@test "deadline-check: done_to_track names a track the profile lacks, if_done is not a truth, from_after names no node: exit 2, named" {
  mkdir -p "$BATS_TEST_TMPDIR/p"
  printf '%s' '{"id":"x","extends":"jianli","rules":[{"id":"x.d","kind":"deadline","source":"s","from":"filed","node":"handover","done_to_track":"nowhere","period":"1w"}]}' > "$BATS_TEST_TMPDIR/p/x.json"
  run --separate-stderr deadline-check -p "$BATS_TEST_TMPDIR/p/x.json" </dev/null
  assert_failure 2
  assert_equal "$stderr" "deadline-check: $BATS_TEST_TMPDIR/p/x.json: rule x.d: unknown track 'nowhere' in \"done_to_track\""
  printf '%s' '{"id":"x","extends":"jianli","rules":[{"id":"x.d","kind":"deadline","source":"s","from":"filed","node":"handover","if_done":"yes","period":"1w"}]}' > "$BATS_TEST_TMPDIR/p/x.json"
  run --separate-stderr deadline-check -p "$BATS_TEST_TMPDIR/p/x.json" </dev/null
  assert_failure 2
  assert_equal "$stderr" "deadline-check: $BATS_TEST_TMPDIR/p/x.json: rule x.d: \"if_done\" must be true or false"
  printf '%s' '{"id":"x","extends":"jianli","rules":[{"id":"x.d","kind":"deadline","source":"s","from":"scan","from_after":["notice","nowhere"],"node":"archive","period":"1w"}]}' > "$BATS_TEST_TMPDIR/p/x.json"
  run --separate-stderr deadline-check -p "$BATS_TEST_TMPDIR/p/x.json" </dev/null
  assert_failure 2
  assert_equal "$stderr" "deadline-check: $BATS_TEST_TMPDIR/p/x.json: rule x.d: unknown node 'nowhere' in \"from_after\""
}

@test "deadline-check: the 24-hour network queries are for 执, 执恢 and 执保 cases, not review or assistance cases" {
  for p in xinmi shihe; do
    for k in 执 执恢 执保; do
      run entry "$p" "$p.deadline.query_p2p" 2024-09-29 '{"case_no":"（2024）豫0183'"$k"'1号","filed_on":"2024-09-27"}'
      assert_output '{"from":"2024-09-27","due":"2024-09-28","done":null,"status":"overdue","days_over":1}'
    done
    for k in 执异 执协 执监; do
      run entry "$p" "$p.deadline.query_national" 2024-09-29 '{"case_no":"（2024）豫0183'"$k"'1号","filed_on":"2024-09-27"}' --all-statuses
      assert_output '{"from":null,"due":null,"done":null,"status":"n/a","days_over":0,"reason":"out of scope: 执行实施案件（执、执恢、执保）"}'
    done
  done
}

@test "deadline-check: reform2023: a case with property (a freeze, property found, needs_disposal) has 180 days, not 60" {
  for ev in '"events":[{"node":"freeze","at":"2024-09-28"}]' '"events":[{"node":"property_found","at":"2024-09-28"}]' '"needs_disposal":true'; do
    j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27",'"$ev"'}'
    run entry reform2023 reform2023.deadline.first_180d 2024-11-27 "$j"
    assert_output '{"from":"2024-09-27","due":"2025-03-26","done":null,"status":"pending","days_over":0}'
    run entry reform2023 reform2023.deadline.first_60d 2024-11-27 "$j" --all-statuses
    assert_output '{"from":null,"due":null,"done":null,"status":"n/a","days_over":0,"reason":"exempt: 有财产的案件，在首执案件法定审限180天内执结的，可以不受60天时限的要求"}'
  done
  run entry reform2023 reform2023.deadline.first_60d 2024-11-27 '{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27","assets_cash":0}'
  assert_output '{"from":"2024-09-27","due":"2024-11-26","done":null,"status":"overdue","days_over":1}'
}

@test "deadline-check: shihe: every network query's feedback, 点对点 or 总对总, is saved to the e-file that day" {
  run -0 bash -c 'echo "{\"case_no\":\"（2024）豫0183执1号\",\"filed_on\":\"2024-09-27\",\"events\":[{\"node\":\"query_p2p\",\"at\":\"2024-09-27\"},{\"node\":\"query_national\",\"at\":\"2024-09-28\"},{\"node\":\"scan\",\"at\":\"2024-09-28\"}]}" \
    | deadline-check -p shihe --as-of 2024-12-01 | jq -c "[.deadlines[] | select(.rule == \"shihe.deadline.query_scan\") | [.from, .done, .status]]"'
  assert_output '[["2024-09-27","2024-09-28","late"],["2024-09-28","2024-09-28","met"]]'
}

@test "deadline-check: xinmi 一(三): papers the day of every completed disposal task (reference price, auction notice, sale ruling, delivery), each its own entry" {
  for n in reference_price auction_notice sale_ruling delivered; do
    b='{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-01","events":[{"node":"'"$n"'","at":"2024-09-27"}'
    # the day itself is met, the day after late, nothing by the day after overdue
    run entry xinmi xinmi.deadline.disposal_docs 2024-09-28 "$b"',{"node":"docs_to_archive","at":"2024-09-27"}]}'
    assert_output '{"from":"2024-09-27","due":"2024-09-27","done":"2024-09-27","status":"met","days_over":0}'
    run entry xinmi xinmi.deadline.disposal_docs 2024-09-28 "$b"',{"node":"docs_to_archive","at":"2024-09-28"}]}'
    assert_output '{"from":"2024-09-27","due":"2024-09-27","done":"2024-09-28","status":"late","days_over":1}'
    run entry xinmi xinmi.deadline.disposal_docs 2024-09-28 "$b"']}'
    assert_output '{"from":"2024-09-27","due":"2024-09-27","done":null,"status":"overdue","days_over":1}'
    # papers moved that day are scanned by the 中间库 within one working day
    run entry xinmi xinmi.deadline.disposal_scan 2024-09-30 "$b"',{"node":"docs_to_archive","at":"2024-09-27"}]}'
    assert_output '{"from":"2024-09-27","due":"2024-09-29","done":null,"status":"overdue","days_over":1}'
  done
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-01","events":[{"node":"reference_price","at":"2024-09-27"},{"node":"docs_to_archive","at":"2024-09-27"},{"node":"auction_notice","at":"2024-10-08"},{"node":"docs_to_archive","at":"2024-10-09"},{"node":"sale_ruling","at":"2024-10-21"},{"node":"docs_to_archive","at":"2024-10-21"},{"node":"delivered","at":"2024-10-28"}]}'
  run -0 bash -c 'printf "%s\n" "$1" | deadline-check -p xinmi --as-of 2024-10-30 | jq -c "[.deadlines[] | select(.rule == \"xinmi.deadline.disposal_docs\") | [.from, .done, .status, .days_over]]"' _ "$j"
  assert_output '[["2024-09-27","2024-09-27","met",0],["2024-10-08","2024-10-09","late",1],["2024-10-21","2024-10-21","met",0],["2024-10-28",null,"overdue",2]]'
}

@test "deadline-check: a closed case's open deadline stops at the closure: n/a closed before or on the due day, overdue to the closure after it (SPEC 5.3)" {
  # 浉河 二(五)2: 10 working days from Friday 2024-09-27 is 2024-10-16
  b='{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27","close_method":"执行完毕","closed_on":'
  for c in 2024-09-30 2024-10-15 2024-10-16; do
    run entry shihe shihe.deadline.notice 2024-12-01 "$b\"$c\"}" --all-statuses
    assert_output '{"from":"2024-09-27","due":"2024-10-16","done":null,"status":"n/a","days_over":0,"reason":"closed before due"}'
  done
  run entry shihe shihe.deadline.notice 2024-12-01 "$b\"2024-10-17\"}" --all-statuses
  assert_output '{"from":"2024-09-27","due":"2024-10-16","done":null,"status":"overdue","days_over":1}'
  # done by the closing day: judged as before; done after it: not done when the case closed
  run entry shihe shihe.deadline.notice 2024-12-01 "$b\"2024-10-17\",\"events\":[{\"node\":\"notice\",\"at\":\"2024-10-17\"}]}" --all-statuses
  assert_output '{"from":"2024-09-27","due":"2024-10-16","done":"2024-10-17","status":"late","days_over":1}'
  run entry shihe shihe.deadline.notice 2024-12-01 "$b\"2024-10-15\",\"events\":[{\"node\":\"notice\",\"at\":\"2024-10-15\"}]}" --all-statuses
  assert_output '{"from":"2024-09-27","due":"2024-10-16","done":"2024-10-15","status":"met","days_over":0}'
  run entry shihe shihe.deadline.notice 2024-12-01 "$b\"2024-10-15\",\"events\":[{\"node\":\"notice\",\"at\":\"2024-10-16\"}]}" --all-statuses
  assert_output '{"from":"2024-09-27","due":"2024-10-16","done":null,"status":"n/a","days_over":0,"reason":"closed before due"}'
  # a 24-hour limit: closed the same day, the next day (the due day), the day after
  run entry shihe shihe.deadline.query_p2p 2024-12-01 "$b\"2024-09-27\"}" --all-statuses
  assert_output '{"from":"2024-09-27","due":"2024-09-28","done":null,"status":"n/a","days_over":0,"reason":"closed before due"}'
  run entry shihe shihe.deadline.query_p2p 2024-12-01 "$b\"2024-09-28\"}" --all-statuses
  assert_output '{"from":"2024-09-27","due":"2024-09-28","done":null,"status":"n/a","days_over":0,"reason":"closed before due"}'
  run entry shihe shihe.deadline.query_p2p 2024-12-01 "$b\"2024-09-29\"}" --all-statuses
  assert_output '{"from":"2024-09-27","due":"2024-09-28","done":null,"status":"overdue","days_over":1}'
}

@test "deadline-check: reform2023: a case settled in the affairs centre without a handover (实结) is exempt from 十日内流转 whenever it closed; an open case is not" {
  # issue 17 item 3: 一(一)1(1)D, 一(一)1(4)4; a 实结 case is never to be passed on
  b='{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27","close_method":"执行完毕","closed_on":'
  for c in 2024-09-27 2024-10-06 2024-10-07 2024-10-08 2024-11-30; do
    run -0 bash -c 'printf "%s\n" "$1" | deadline-check -p reform2023 --as-of 2024-12-01 --all-statuses | jq -c "[.deadlines[] | select(.rule | test(\"handover\")) | [.rule[20:], .due, .status, .days_over, .reason]]"' _ "$b\"$c\"}"
    assert_output '[["handover",null,"n/a",0,"exempt: 实结：在执行事务中心办结，不流转（一(一)1(1)D，二(二)1(1)）"],["offline_before_handover",null,"n/a",0,"closed before due"],["docs_before_handover",null,"n/a",0,"closed before due"],["docs_before_handover.asset_report_order",null,"n/a",0,"closed before due"]]'
  done
  # closed after a late handover: the limit applies (late), and open without one: overdue
  run entry reform2023 reform2023.deadline.handover 2024-12-01 "${b}\"2024-10-20\",\"events\":[{\"node\":\"handover\",\"at\":\"2024-10-08\",\"to\":\"首执一团队\"}]}" --all-statuses
  assert_output '{"from":"2024-09-27","due":"2024-10-07","done":"2024-10-08","status":"late","days_over":1}'
  run entry reform2023 reform2023.deadline.handover 2024-10-08 '{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27"}' --all-statuses
  assert_output '{"from":"2024-09-27","due":"2024-10-07","done":null,"status":"overdue","days_over":1}'
  run entry reform2023 reform2023.deadline.handover 2024-10-07 '{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27"}' --all-statuses
  assert_output '{"from":"2024-09-27","due":"2024-10-07","done":null,"status":"due_soon","days_over":0}'
}

@test "deadline-check: rules that start at the closure, or after it, run after it as before" {
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-01","close_method":"终本","closed_on":"2024-09-27","events":[{"node":"docs_to_archive","at":"2024-09-30"}]}'
  run entry reform2023 reform2023.deadline.archive_20d 2024-12-01 "$j"
  assert_output '{"from":"2024-09-27","due":"2024-10-17","done":null,"status":"overdue","days_over":45}'
  run entry spc spc.deadline.term_requery 2024-12-01 "$j"
  assert_output '{"from":"2024-09-27","due":"2025-03-27","done":null,"status":"pending","days_over":0,"seq":1}'
  run entry xinmi xinmi.deadline.scan 2024-12-01 "$j"
  assert_output '{"from":"2024-09-30","due":"2024-10-10","done":null,"status":"overdue","days_over":52}'
}

@test "deadline-check: an unreadable closed_on makes the open deadlines n/a, named in errors; done ones stand" {
  run -1 --separate-stderr deadline-check -p spc --as-of 2024-12-01 <<< '{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27","closed_on":"2024-13-45","assets_cash":5000,"events":[{"node":"notice","at":"2024-09-30"}]}'
  run jqo -c '[.deadlines[] | select(.rule | test("notice|handler")) | [.rule, .status, .reason]], .errors'
  assert_output $'[["spc.deadline.notice","met",null],["spc.deadline.handler","n/a","closed_on: invalid date \'2024-13-45\'"]]\n[{"tool":"deadline-check","field":"closed_on","message":"invalid date \'2024-13-45\' (n/a: spc.deadline.handler, spc.deadline.investigation, spc.deadline.close.property)"}]'
}

@test "deadline-check: every deadline rule of every profile has a row in rules.tsv" {
  for p in spc xinmi reform2023 yindu shihe jianli; do
    run -0 deadline-check -p "$p" --list-rules
    for id in $(printf '%s\n' "$output" | awk -F'\t' -v p="$p" '$2 == "deadline" && index($1, p ".") == 1 {print $1}'); do
      grep -q "^$p	$id	" "$D/rules.tsv" || { echo "no row for $id"; return 1; }
    done
  done
}

@test "deadline-check: 10 working days from Friday 2024-09-27 across National Day and 调休 is 2024-10-16, not 10-11" {
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27"}'
  run entry shihe shihe.deadline.notice 2024-10-12 "$j"
  assert_output '{"from":"2024-09-27","due":"2024-10-16","done":null,"status":"pending","days_over":0}'
  run entry shihe shihe.deadline.notice 2024-10-14 "$j"
  assert_output '{"from":"2024-09-27","due":"2024-10-16","done":null,"status":"due_soon","days_over":0}'
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27","events":[{"node":"notice","at":"2024-10-16"}]}'
  run entry shihe shihe.deadline.notice 2024-10-20 "$j"
  assert_output '{"from":"2024-09-27","due":"2024-10-16","done":"2024-10-16","status":"met","days_over":0}'
}

@test "deadline-check: a statutory 10-day limit ending in the holiday runs to the next working day" {
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27","events":[{"node":"notice","at":"2024-10-09"}]}'
  run entry spc spc.deadline.notice 2024-10-20 "$j"
  assert_output '{"from":"2024-09-27","due":"2024-10-08","done":"2024-10-09","status":"late","days_over":1}'
}

@test "deadline-check: due today is due_soon, not overdue; the day after is overdue by 1" {
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27"}'
  run entry spc spc.deadline.notice 2024-10-08 "$j"
  assert_output '{"from":"2024-09-27","due":"2024-10-08","done":null,"status":"due_soon","days_over":0}'
  run entry spc spc.deadline.notice 2024-10-09 "$j"
  assert_output '{"from":"2024-09-27","due":"2024-10-08","done":null,"status":"overdue","days_over":1}'
}

@test "deadline-check: --warn sets the window: 0 days, 5 days; a bad value is a usage error" {
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27"}'
  run entry spc spc.deadline.notice 2024-10-07 "$j" --warn 0
  assert_output --partial '"status":"pending"'
  run entry spc spc.deadline.notice 2024-10-08 "$j" --warn 0
  assert_output --partial '"status":"due_soon"'
  run entry spc spc.deadline.notice 2024-10-03 "$j" --warn 5
  assert_output --partial '"status":"due_soon"'
  run entry spc spc.deadline.notice 2024-10-02 "$j" --warn 5
  assert_output --partial '"status":"pending"'
  run -2 --separate-stderr deadline-check --warn x /dev/null
  [ "${stderr_lines[0]}" = "deadline-check: invalid argument 'x' for option --warn (days, 0 to 3660)" ]
  assert_output ''
}

@test "deadline-check: 24 hours from a time is to the minute; from a date, the end of the next day" {
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-03-01T10:30","events":[{"node":"query_p2p","at":"2024-03-02T10:30"}]}'
  run entry xinmi xinmi.deadline.query_p2p 2024-03-10 "$j"
  assert_output '{"from":"2024-03-01T10:30","due":"2024-03-02T10:30","done":"2024-03-02T10:30","status":"met","days_over":0}'
  run entry xinmi xinmi.deadline.query_p2p 2024-03-10 "${j/T10:30\"\}/T10:31\"\}}"
  assert_output '{"from":"2024-03-01T10:30","due":"2024-03-02T10:30","done":"2024-03-02T10:31","status":"late","days_over":1}'
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-03-01","events":[{"node":"query_p2p","at":"2024-03-02T23:59"}]}'
  run entry xinmi xinmi.deadline.query_p2p 2024-03-10 "$j"
  assert_output '{"from":"2024-03-01","due":"2024-03-02","done":"2024-03-02T23:59","status":"met","days_over":0}'
}

@test "deadline-check: one entry per instruction; each met by the first completion on or after it" {
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-03-01","events":[{"node":"offline_task","at":"2024-03-04"},{"node":"offline_query","at":"2024-03-19"},{"node":"offline_task","at":"2024-03-20"}]}'
  run -0 --separate-stderr deadline-check -p xinmi --as-of 2024-04-10 <<< "$j"
  run jqo '[.deadlines[] | select(.rule == "xinmi.deadline.offline") | [.from, .due, .done, .status, .days_over]]'
  assert_output '[["2024-03-04","2024-03-18","2024-03-19","late",1],["2024-03-20","2024-04-03",null,"overdue",7]]'
}

@test "deadline-check: detention: the investigation is due when the detention ends (殷都 一(三))" {
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-03-01","events":[{"node":"detention","at":"2024-05-01","until":"2024-05-15"},{"node":"bank_statement","at":"2024-05-10"},{"node":"detention","at":"2024-06-01","until":"2024-06-15"}]}'
  run -0 --separate-stderr deadline-check -p yindu --as-of 2024-06-13 <<< "$j"
  run jqo '[.deadlines[] | select(.rule == "yindu.deadline.detention_investigation") | [.from, .due, .done, .status]]'
  assert_output '[["2024-05-15","2024-05-15","2024-05-10","met"],["2024-06-15","2024-06-15",null,"due_soon"]]'
}

@test "deadline-check: after 终本 one network query each six months: one entry per window begun by --as-of" {
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-01-02","closed_on":"2024-09-27","close_method":"终本","events":[{"node":"query_national","at":"2024-09-27"},{"node":"query_national","at":"2025-01-10"}]}'
  run -0 --separate-stderr deadline-check --as-of 2025-10-01 <<< "$j"
  run jqo '[.deadlines[] | select(.rule == "spc.deadline.term_requery") | [.seq, .from, .due, .done, .status, .days_over]]'
  # window 2 ends Saturday 2025-09-27, runs to Sunday 09-28 (调休上班, a working day)
  assert_output '[[1,"2024-09-27","2025-03-27","2025-01-10","met",0],[2,"2025-03-27","2025-09-28",null,"overdue",3],[3,"2025-09-28","2026-03-27",null,"pending",0]]'
}

@test "deadline-check: after 终本 the six-monthly query (法〔2016〕373号 第九条) is met by a 点对点 query as well as a 总对总 one (SPEC 5.3)" {
  q() { printf '{"case_no":"（2024）豫0183执1号","filed_on":"2024-01-02","closed_on":"2024-09-27","close_method":"终本","events":[%s]}' "$1"; }
  sel='[.deadlines[] | select(.rule == "spc.deadline.term_requery") | [.seq, .node, .done, .status, .days_over]]'
  # the closure day itself does not open the window's query; the day after does
  run -0 --separate-stderr deadline-check --as-of 2025-04-10 <<< "$(q '{"node":"query_p2p","at":"2024-09-27"}')"
  assert_equal "$(jqo -c "$sel")" '[[1,"query_national|query_p2p",null,"overdue",14],[2,"query_national|query_p2p",null,"pending",0]]'
  run -0 --separate-stderr deadline-check --as-of 2025-04-10 <<< "$(q '{"node":"query_p2p","at":"2024-09-28"}')"
  assert_equal "$(jqo -c "$sel")" '[[1,"query_national|query_p2p","2024-09-28","met",0],[2,"query_national|query_p2p",null,"pending",0]]'
  # on the due day: met; a day after: late by one (and it meets the next window)
  run -0 --separate-stderr deadline-check --as-of 2025-04-10 <<< "$(q '{"node":"query_p2p","at":"2025-03-27"}')"
  assert_equal "$(jqo -c "$sel")" '[[1,"query_national|query_p2p","2025-03-27","met",0],[2,"query_national|query_p2p",null,"pending",0]]'
  run -0 --separate-stderr deadline-check --as-of 2025-04-10 <<< "$(q '{"node":"query_p2p","at":"2025-03-28"}')"
  assert_equal "$(jqo -c "$sel")" '[[1,"query_national|query_p2p","2025-03-28","late",1],[2,"query_national|query_p2p","2025-03-28","met",0]]'
  # either kind, window by window
  run -0 --separate-stderr deadline-check --as-of 2025-10-01 <<< "$(q '{"node":"query_national","at":"2025-01-10"},{"node":"query_p2p","at":"2025-06-01"}')"
  assert_equal "$(jqo -c "$sel")" '[[1,"query_national|query_p2p","2025-01-10","met",0],[2,"query_national|query_p2p","2025-06-01","met",0],[3,"query_national|query_p2p",null,"pending",0]]'
}

@test "deadline-check: 殷都 40/60 days need a track; without one the rule is n/a with the reason" {
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27"}'
  run entry yindu yindu.deadline.fast_40d 2024-10-01 "$j"
  assert_output '{"from":null,"due":null,"done":null,"status":"n/a","days_over":0,"reason":"no track: run triage first"}'
  run entry yindu yindu.deadline.ordinary_60d 2024-10-01 '{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27","track":"fast"}' --all-statuses
  assert_output '{"from":null,"due":null,"done":null,"status":"n/a","days_over":0,"reason":"track fast: the rule is for ordinary"}'
}

@test "deadline-check: a reason quoting a long value cut mid-character keeps whole characters" {
  # "track %.100s": 100 bytes of a 40-character track are 33 characters and a third
  t=$(printf '执%.0s' $(seq 40))
  run entry yindu yindu.deadline.ordinary_60d 2024-10-01 "{\"case_no\":\"（2024）豫0183执1号\",\"filed_on\":\"2024-09-27\",\"track\":\"$t\"}" --all-statuses
  assert_output '{"from":null,"due":null,"done":null,"status":"n/a","days_over":0,"reason":"track 执执执执执执执执执执执执执执执执执执执执执执执执执执执执执执执执执: the rule is for ordinary"}'
}

@test "deadline-check: a start after --as-of is pending; 线下调查 before 流转 is pending until the handover" {
  run entry spc spc.deadline.notice 2024-09-20 '{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27"}'
  assert_output '{"from":"2024-09-27","due":"2024-10-08","done":null,"status":"pending","days_over":0}'
  run entry reform2023 reform2023.deadline.offline_before_handover 2025-01-01 '{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27"}'
  assert_output '{"from":"2024-09-27","due":null,"done":null,"status":"pending","days_over":0}'
}

@test "deadline-check: beyond the calendar a due date is estimated, with one warning per run" {
  j='{"case_no":"（2026）豫0183执1号","filed_on":"2026-12-25"}'
  run -0 --separate-stderr deadline-check -p shihe --as-of 2026-12-28 <<< "$j"$'\n'"$j"
  [ "${#stderr_lines[@]}" -eq 1 ]
  [ "$stderr" = 'deadline-check: warning: a due date falls beyond the holiday calendar; working days there are counted on weekends alone (entries marked "estimated")' ]
  run jqo -s '[.[].deadlines[] | select(.rule == "shihe.deadline.notice") | [.due, .estimated]]'
  assert_output '[["2027-01-08",true],["2027-01-08",true]]'
}

@test "deadline-check: exact output on mixed input: records in = records out, errors name the rules they block, exit 1" {
  run -1 --separate-stderr deadline-check --as-of 2024-10-28 --all-statuses "$D/mixed.jsonl"
  diff -u "$D/expected-spc.jsonl" <(printf '%s\n' "$output")
  [ "${stderr_lines[0]}" = "$D/mixed.jsonl:2: _raw: invalid JSON at column 42: unexpected token near end of file" ]
  [ "${stderr_lines[1]}" = "$D/mixed.jsonl:3: filed_on: invalid date '2024-13-45' (n/a: spc.deadline.notice, spc.deadline.handler, spc.deadline.investigation)" ]
  [ "${#stderr_lines[@]}" -eq 2 ]
  [ "${#lines[@]}" -eq "$(wc -l < "$D/mixed.jsonl")" ]
}

@test "deadline-check: an unreadable amount in a condition makes the rule n/a with the reason" {
  run -1 --separate-stderr deadline-check -p xinmi --as-of 2024-04-01 <<< '{"case_no":"（2024）豫0183执1号","filed_on":"2024-03-01","assets_cash":"abc"}'
  run jqo '[.deadlines[] | select(.rule == "xinmi.deadline.freeze") | .status, .reason], .errors'
  assert_output $'["n/a","assets_cash: invalid money \'abc\'"]\n[{"tool":"deadline-check","field":"assets_cash","message":"invalid money \'abc\' (n/a: xinmi.deadline.freeze, spc.deadline.close.property)"}]'
}

@test "deadline-check: n/a entries are written only with --all-statuses or --explain, except where the check could not be made" {
  # the lean default (issue 22): rules that do not apply leave no entry; a
  # rule blocked by an unreadable value (SPEC 6) keeps its n/a entry, as
  # does a rule that needs a track when the record has none
  run -1 --separate-stderr deadline-check --as-of 2024-10-28 "$D/mixed.jsonl"
  run jqo -c '[.case_no, [.deadlines[]? | [.rule, .status]]]'
  assert_output '["（2024）豫0183执1号",[["spc.deadline.notice","met"],["spc.deadline.handler","late"],["spc.deadline.investigation","met"]]]
[null,[]]
["（2024）豫0183执3号",[["spc.deadline.notice","n/a"],["spc.deadline.handler","n/a"],["spc.deadline.investigation","n/a"]]]
["（2024）豫0183执4号",[["spc.deadline.notice","pending"],["spc.deadline.handler","pending"],["spc.deadline.investigation","pending"]]]
["（2024）豫0183执保5号",[["spc.deadline.handler","met"]]]
["（2024）豫0183执6号",[["spc.deadline.notice","overdue"],["spc.deadline.handler","overdue"],["spc.deadline.investigation","pending"]]]'
  # the same as --all-statuses with the n/a entries of rules that do not apply taken out
  all=$(deadline-check --as-of 2024-10-28 --all-statuses "$D/mixed.jsonl" 2>/dev/null \
    | jq -c 'if .deadlines then .deadlines |= map(select(.status != "n/a" or (.reason | test("^filed_on: ")))) else . end')
  diff -u <(printf '%s\n' "$all") <(deadline-check --as-of 2024-10-28 "$D/mixed.jsonl" 2>/dev/null | jq -c .)
  for opt in --all-statuses --explain; do
    run -1 --separate-stderr deadline-check --as-of 2024-10-28 "$opt" "$D/mixed.jsonl"
    run jqo -c '[.deadlines[]? | .status] | length'
    assert_output $'6\n0\n6\n6\n6\n6'
  done
  # no track: the fast/ordinary rules say so by default; with a track, the other track's rule leaves no entry
  j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27"}'
  run entry yindu yindu.deadline.fast_40d 2024-10-01 "$j"
  assert_output '{"from":null,"due":null,"done":null,"status":"n/a","days_over":0,"reason":"no track: run triage first"}'
  run entry yindu yindu.deadline.ordinary_60d 2024-10-01 '{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27","track":"fast"}'
  assert_output 'null'
  run entry yindu yindu.deadline.fast_40d 2024-10-01 '{"case_no":"（2024）豫0183执1号","filed_on":"2024-09-27","track":"fast"}'
  assert_output '{"from":"2024-09-27","due":"2024-11-06","done":null,"status":"pending","days_over":0}'
  # --summary still counts every status, n/a included (summary.expected unchanged)
}

@test "deadline-check: --only-flagged keeps late, overdue and due-soon cases (and bad records)" {
  run -1 --separate-stderr deadline-check --as-of 2024-10-28 --only-flagged "$D/mixed.jsonl"
  run jqo -r '.case_no // "raw"'
  assert_output $'（2024）豫0183执1号\nraw\n（2024）豫0183执3号\n（2024）豫0183执6号'
}

@test "deadline-check: --summary: one row per team and handler with counts of each status" {
  run -1 --separate-stderr deadline-check --as-of 2024-10-28 --summary "$D/mixed.jsonl"
  diff -u "$D/summary.expected" <(printf '%s\n' "$output")
}

@test "deadline-check: --summary --only-flagged counts the cases --only-flagged writes: flagged or with an errors entry" {
  run -1 --separate-stderr deadline-check --as-of 2024-10-28 --summary --only-flagged "$D/mixed.jsonl"
  diff -u - <(printf '%s\n' "$output") <<'EOF'
{"team":"乙团队","handler":"李四","cases":1,"met":0,"late":0,"overdue":2,"due_soon":0,"pending":1,"n/a":3}
{"team":"甲团队","handler":"张三","cases":2,"met":2,"late":1,"overdue":0,"due_soon":0,"pending":0,"n/a":9}
EOF
  # the same cases as written without --summary (less the unreadable line, which has no team)
  run -1 --separate-stderr deadline-check --as-of 2024-10-28 --only-flagged "$D/mixed.jsonl"
  [ "$(printf '%s\n' "$output" | jq -rc 'select(.case_no) | [.team, .handler] | join(" ")' | sort | uniq -c | tr -s ' ')" = "$(printf ' 1 乙团队 李四\n 2 甲团队 张三')" ]
}

@test "deadline-check: CSV output keeps the columns and puts the deadlines in one JSON cell" {
  printf 'case_no,filed_on\n（2024）豫0183执1号,2024-10-25\n' > "$BATS_TEST_TMPDIR/c.csv"
  run -1 --separate-stderr deadline-check --as-of 2024-10-28 -o csv "$BATS_TEST_TMPDIR/c.csv"
  assert_line -n 0 'case_no,filed_on,deadlines,overdue,warnings,errors,_raw'
  # no events column: whether the notice was sent is not known, so the
  # notice deadline is n/a with an error, not pending (issue 18)
  assert_line -n 1 --partial '（2024）豫0183执1号,2024-10-25,"[{""rule"":""spc.deadline.notice"",""node"":""notice"",""from"":null,""due"":null,""done"":null,""status"":""n/a"",""days_over"":0,""reason"":""events: no column in the input""}'
  # with the columns the rules read (empty: none), it is judged
  printf 'case_no,filed_on,events,assets_cash,needs_disposal,cause,closed_on,close_method\n（2024）豫0183执1号,2024-10-25,,,,,,\n' > "$BATS_TEST_TMPDIR/c.csv"
  run -0 --separate-stderr deadline-check --as-of 2024-10-28 -o csv "$BATS_TEST_TMPDIR/c.csv"
  assert_line -n 0 'case_no,filed_on,events,assets_cash,needs_disposal,cause,closed_on,close_method,deadlines,overdue,warnings,errors,_raw'
  assert_line -n 1 --partial '（2024）豫0183执1号,2024-10-25,,,,,,,"[{""rule"":""spc.deadline.notice"",""node"":""notice"",""from"":""2024-10-25"",""due"":""2024-11-04""'
  assert_line -n 1 --regexp ',0,,,$'
  [ "$stderr" = "" ]
}

@test "deadline-check: --explain adds deadline_explain, the trace of each rule's condition; the entries carry none" {
  run entry xinmi xinmi.deadline.freeze 2024-03-01 '{"case_no":"（2024）豫0183执1号","filed_on":"2024-03-01","assets_cash":999.99}' --explain
  assert_output '{"from":null,"due":null,"done":null,"status":"n/a","days_over":0,"reason":"out of scope: 网络查控反馈有1000元或价值1000元以上财产"}'
  run -0 --separate-stderr deadline-check -p xinmi --as-of 2024-03-01 --explain <<< '{"case_no":"（2024）豫0183执1号","filed_on":"2024-03-01","assets_cash":999.99}'
  [ "$(jqo '.deadline_explain[] | select(.rule == "xinmi.deadline.freeze")')" = '{"rule":"xinmi.deadline.freeze","source":"新密法〔2022〕66号 一(二)1(1)","result":"n/a","trace":["assets_cash 999.99 >= 1000.00: false","needs_disposal: false"]}' ]
}

@test "deadline-check --explain: the whole deadline_explain of a case with an undecided rule" {
  run -1 --separate-stderr deadline-check -p spc --as-of 2024-03-20 --explain <<< '{"case_no":"（2024）豫0183执1号","filed_on":"2024-03-01","assets_cash":"abc","events":[{"node":"notice","at":"2024-03-05"}]}'
  diff -u - <(jqo '.deadline_explain[]') <<'EOF2'
{"rule":"spc.deadline.notice","source":"民诉法解释（2022） 第480条","result":"met","trace":["kind 执 == 执: true"]}
{"rule":"spc.deadline.handler","source":"法发〔2006〕35号 第二条","result":"overdue","trace":[]}
{"rule":"spc.deadline.investigation","source":"法发〔2006〕35号 第六条","result":"pending","trace":["kind 执 in [执, 执恢]: true"]}
{"rule":"spc.deadline.close.property","source":"法发〔2006〕35号 第一条","result":"undecided","trace":["kind 执 in [执, 执恢]: true","assets_cash invalid 'abc' > 0.00: unknown","needs_disposal: false","has freeze: false","has property_found: false","cause (absent) match /非诉/: false","rule spc.deadline.close.property cannot be decided: assets_cash: invalid money 'abc'"]}
{"rule":"spc.deadline.close.nonlitigation","source":"法发〔2006〕35号 第一条","result":"n/a","trace":["cause (absent) match /非诉/: false"]}
{"rule":"spc.deadline.term_requery","source":"法〔2016〕373号 第九条","result":"n/a","trace":["close_method (absent) == 终结本次执行程序: false"]}
EOF2
  [ "$stderr" = "<stdin>:1: assets_cash: invalid money 'abc' (n/a: spc.deadline.close.property)" ]
}

@test "deadline-check --explain: a rule with several entries has their statuses, each once, in entry order" {
  run -0 --separate-stderr deadline-check -p spc --as-of 2025-03-20 --explain <<< '{"case_no":"（2023）豫0183执1号","filed_on":"2023-03-01","close_method":"终本","closed_on":"2023-06-01","events":[{"node":"query_national","at":"2023-11-05"}]}'
  [ "$(jqo '[.deadlines[] | select(.rule == "spc.deadline.term_requery") | .status]')" = '["met","overdue","overdue","pending"]' ]
  [ "$(jqo '.deadline_explain[] | select(.rule == "spc.deadline.term_requery")')" = '{"rule":"spc.deadline.term_requery","source":"法〔2016〕373号 第九条","result":"met, overdue, pending","trace":["close_method 终结本次执行程序 == 终结本次执行程序: true"]}' ]
}

@test "deadline-check: without --explain the same case has no deadline_explain; --explain differs from --all-statuses by it alone" {
  local j='{"case_no":"（2024）豫0183执1号","filed_on":"2024-03-01","assets_cash":"abc","events":[{"node":"notice","at":"2024-03-05"}]}'
  run -1 --separate-stderr deadline-check -p spc --as-of 2024-03-20 --explain <<< "$j"
  local with="$(jqo 'del(.deadline_explain)')" with_err="$stderr"
  run -1 --separate-stderr deadline-check -p spc --as-of 2024-03-20 --all-statuses <<< "$j"
  [ "$(jqo 'has("deadline_explain")')" = false ]
  [ "$(jqo .)" = "$with" ]
  [ "$stderr" = "$with_err" ]
  # without either, the n/a entries of rules that do not apply are left out (issue 22), as before
  run -1 --separate-stderr deadline-check -p spc --as-of 2024-03-20 <<< "$j"
  [ "$(jqo 'has("deadline_explain")')" = false ]
  [ "$(jqo .)" = "$(printf '%s\n' "$with" | jq -c '.deadlines |= map(select(.status != "n/a" or .rule == "spc.deadline.close.property"))')" ]
  [ "$stderr" = "$with_err" ]
}

@test "deadline-check: a deadline rule without a start node is a profile error, exit 2" {
  printf '{"id": "t", "extends": "spc", "rules": [{"id": "t.deadline.x", "kind": "deadline", "source": "test", "node": "notice", "period": "3d"}]}\n' > "$BATS_TEST_TMPDIR/t.json"
  run -2 --separate-stderr deadline-check -p "$BATS_TEST_TMPDIR/t.json" /dev/null
  [ "$stderr" = "deadline-check: $BATS_TEST_TMPDIR/t.json: rule t.deadline.x: no \"from\" (the start node)" ]
  assert_output ''
}

@test "deadline-check: the man page renders cleanly and lists every deadline rule with its source" {
  man=$ZX_ROOT/share/man/man1/deadline-check.1
  run -0 --separate-stderr env LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man"
  [ -z "$stderr" ]
  for p in spc xinmi reform2023 yindu shihe jianli; do
    while IFS=$'\t' read -r id kind source; do
      [ "$kind" = deadline ] || continue
      grep -qF "$id" "$man" || { echo "man page lacks $id"; return 1; }
      grep -qF "$source" "$man" || { echo "man page lacks source $source"; return 1; }
    done < <(deadline-check -p "$p" --list-rules)
  done
}

@test "deadline-check: an event whose date cannot be read blocks the rules reading its node (n/a, an error), not the others (SPEC 6)" {
  run -1 --separate-stderr deadline-check -p yindu --as-of 2023-12-31 <<< '{"case_no":"（2023）豫0505执1号","filed_on":"2023-03-01","events":[{"node":"reception","at":"2023-02-30"},{"node":"notice","at":"2023-03-05"}]}'
  assert_equal "$(jq -c '[.deadlines[] | select(.rule == "yindu.deadline.interview_upload" or .rule == "spc.deadline.notice") | [.rule, .status, .reason]]' <<< "$output")" \
    '[["yindu.deadline.interview_upload","n/a","events: a reception event'"'"'s date cannot be read"],["spc.deadline.notice","met",null]]'
  assert_equal "$stderr" "<stdin>:1: events: event 1 (reception): invalid date '2023-02-30'
<stdin>:1: events: a reception event's date cannot be read (n/a: yindu.deadline.interview_upload)"
  # the same record with the date readable: judged
  run -0 --separate-stderr deadline-check -p yindu --as-of 2023-12-31 <<< '{"case_no":"（2023）豫0505执1号","filed_on":"2023-03-01","events":[{"node":"reception","at":"2023-03-02"},{"node":"notice","at":"2023-03-05"}]}'
  assert_equal "$(jq -c '[.deadlines[] | select(.rule == "yindu.deadline.interview_upload") | .status]' <<< "$output")" '["met"]'
}

@test "deadline-check: reform2023 十日内流转 does not apply to an open case on the affairs track (二(二)1(1) 可以实结的案件在执行事务中心完成); other tracks are due on day 10" {
  local affairs='{"case_no":"（2023）豫0183执1号","filed_on":"2023-03-01","amount":5000,"assets_cash":6000,"kind":"执"}'
  local first='{"case_no":"（2023）豫0183执2号","filed_on":"2023-03-01","amount":500000,"assets_cash":0,"kind":"执"}'
  run -0 --separate-stderr bash -c "printf '%s\n' '$affairs' '$first' | triage -p reform2023 | deadline-check -p reform2023 --as-of 2023-03-12 --all-statuses"
  assert_equal "$(jq -c '[.track, (.deadlines[] | select(.rule == "reform2023.deadline.handover") | [.status, .due, .reason])]' <<< "$output")" \
    "$(printf '%s\n' '["affairs",["n/a",null,"exempt: 实结：在执行事务中心办结，不流转（一(一)1(1)D，二(二)1(1)）"]]' '["first",["overdue","2023-03-11",null]]')"
  # handed over after all (it could not be settled in the centre): the ten days apply
  run -0 --separate-stderr bash -c "printf '%s\n' '$affairs' | triage -p reform2023 | jq -c '.events = [{\"node\":\"handover\",\"at\":\"2023-03-12\"}]' | deadline-check -p reform2023 --as-of 2023-03-20"
  assert_equal "$(jq -c '[.deadlines[] | select(.rule == "reform2023.deadline.handover") | [.status, .days_over]]' <<< "$output")" '[["late",1]]'
}

@test "deadline-check: CSV in and out with --explain: deadline_explain is a column (it used to be dropped or nested)" {
  printf 'case_no,amount,flags\n（2023）豫0505执1号,5,\n' > "$BATS_TEST_TMPDIR/a.csv"
  run --separate-stderr deadline-check -p yindu --as-of 2024-01-01 --explain -o csv "$BATS_TEST_TMPDIR/a.csv"
  [ "${lines[0]}" = 'case_no,amount,flags,deadlines,overdue,deadline_explain,warnings,errors,_raw' ]
  [[ "${lines[1]}" == *'""result"":'* ]]
}

@test "deadline-check: jianli names the handler at filing (第一组3 全部分配给组长承办): no spc 7-day handler entry; spc keeps it" {
  local c='{"case_no":"（2023）鄂1023执1号","filed_on":"2023-03-01","events":[{"node":"handover","at":"2023-03-15","to":"线下查控组"}]}'
  run -0 --separate-stderr bash -c "printf '%s\n' '$c' | triage -p jianli | deadline-check -p jianli --as-of 2023-04-01 --all-statuses"
  assert_equal "$(jq -c '[.deadlines[] | select(.rule == "spc.deadline.handler")] | length' <<< "$output")" '0'
  run -0 --separate-stderr bash -c "printf '%s\n' '$c' | triage -p spc | deadline-check -p spc --as-of 2023-04-01"
  assert_equal "$(jq -c '[.deadlines[] | select(.rule == "spc.deadline.handler") | [.status, .due, .days_over]]' <<< "$output")" '[["late","2023-03-08",7]]'
}

@test "deadline-check: events read from their text (JSON lines and a CSV cell) give the same events, errors and order as the list built whole" {
  # escaped node name, a repeated key (the last wins), an element that is
  # no object, a missing node, a missing and an impossible date, blanks and
  # a member holding brackets in a string: each as jansson reads it
  local ev='[{"node":"rec\u0065ption","at":"2023-03-02"},{"node":"notice","at":"2023-03-05","node":"xx"},"notice",{"at":"2023-03-06"},{"node":"notice"},{"node":"notice","at":"2023-02-30"},{ "node" : "notice" , "at" : "2023-03-07" , "served" : "2023-03-09" , "x" : [1,{"a":"]}"}] }]'
  local errs='events: event 2: unknown node '"'xx'"'
events: event 3: unknown node '"''"'
events: event 4: unknown node '"''"'
events: event 5 (notice): invalid date '"''"'
events: event 6 (notice): invalid date '"'2023-02-30'"'
events: a notice event'"'"'s date cannot be read (n/a: spc.deadline.notice)'
  printf '%s\n' '{"case_no":"（2023）豫0505执1号","filed_on":"2023-03-01","events":'"$ev"',"notice_at":"2023-03-08"}' > "$BATS_TEST_TMPDIR/e.jsonl"
  run -1 --separate-stderr deadline-check -p yindu --as-of 2023-12-31 "$BATS_TEST_TMPDIR/e.jsonl"
  assert_equal "$(sed -n 's/^[^ ]*:1: //p' <<< "$stderr")" "$errs"
  assert_equal "$(jq -c '[.deadlines[] | select(.rule == "spc.deadline.notice" or .rule == "yindu.deadline.interview_upload") | [.rule, .status, .reason]]' <<< "$output")" \
    '[["yindu.deadline.interview_upload","met",null],["spc.deadline.notice","n/a","events: a notice event'"'"'s date cannot be read"]]'
  assert_equal "$(jq -c .events <<< "$output")" "$(jq -c .events "$BATS_TEST_TMPDIR/e.jsonl")"
  # the same list in a CSV cell
  { echo 'case_no,filed_on,events,notice_at'
    printf '%s,%s,"%s",%s\n' '（2023）豫0505执1号' 2023-03-01 "${ev//\"/\"\"}" 2023-03-08; } > "$BATS_TEST_TMPDIR/e.csv"
  run -1 --separate-stderr deadline-check -p yindu --as-of 2023-12-31 -i csv "$BATS_TEST_TMPDIR/e.csv"
  assert_equal "$(grep -v 'no column' <<< "$stderr" | sed -n 's/^[^ ]*:2: //p')" "$errs"
  assert_equal "$(jq -c '[.deadlines[] | select(.rule == "spc.deadline.notice" or .rule == "yindu.deadline.interview_upload") | [.rule, .status, .reason]]' <<< "$output")" \
    '[["yindu.deadline.interview_upload","met",null],["spc.deadline.notice","n/a","events: a notice event'"'"'s date cannot be read"]]'
  # a cell that is not a whole list: no event is read from it, and that is said
  { echo 'case_no,filed_on,events'
    printf '%s,%s,"%s"\n' '（2023）豫0505执2号' 2023-03-01 '[{""node"":""notice"",""at"":""2023-03-05""}'; } > "$BATS_TEST_TMPDIR/b.csv"
  run -1 --separate-stderr deadline-check -p yindu --as-of 2023-12-31 -i csv "$BATS_TEST_TMPDIR/b.csv"
  [[ "$stderr" == *":2: events: invalid list of node events '[{\"node\":\"notice\",\"at\":\"2023-03-05\"}'"* ]]
  assert_equal "$(jq -c '[.deadlines[] | select(.rule == "spc.deadline.notice") | .reason]' <<< "$output")" '["events: not a list of node events"]'
}
