#!/usr/bin/env bats
# payout-check: case funds (执行案款) against each profile's fund rules:
# 浉河 二(六) and 二(五)4 (shihe), 殷都 二(二) (yindu), 001 一(一)2(1)C
# (reform2023), 法发〔2017〕6号 (spc, and xinmi and jianli, which add none).
# Boundaries are the day before, the day, and the day after each due date,
# across the May Day and National Day holidays of 2024.
load helper
bats_require_minimum_version 1.5.0

D="$FIX/payout-check"

# Approvals complete and in order for any payout on or after 2024-05-06.
AP='"approvals":{"submitted":"2024-05-06","reviewed":"2024-05-06","approved":"2024-05-06","finance_checked":"2024-05-06","paid":"2024-05-06"}'
# An arrival on Tuesday 2024-04-30 into the case account (一案一账号).
ARR='{"kind":"arrival","on":"2024-04-30","amount":1000,"account":"case"}'

# One case of applicant 张三 with the funds list $1 and extra fields $2.
kase() { printf '{"case_no":"（2024）豫1502执1号","applicant":"张三"%s,"funds":%s}\n' "${2:+,$2}" "$1"; }
# A payout of $2 yuan on $1 to 张三 with complete approvals.
pay() { printf '{"kind":"payout","on":"%s","amount":%s,"payee":"张三",%s}' "$1" "$2" "$AP"; }
# The issues of each output line as [rule, kind, due, amount, level].
issues() { printf '%s\n' "$output" | jq -c '[.payout.issues[] | [.rule, .kind, .due, .amount, .level]]'; }
verdict() { printf '%s\n' "$output" | jq -r '.payout.verdict'; }

# ---------------------------------------------------------------- whole files

@test "payout-check: shihe fixture, exact output" {
  run -0 --separate-stderr payout-check -p shihe --as-of 2024-05-20 "$D/shihe.jsonl"
  diff -u "$D/shihe.expected.jsonl" <(printf '%s\n' "$output")
  [ -z "$stderr" ]
}

@test "payout-check: reform2023 fixture with --explain, exact output" {
  run -0 --separate-stderr payout-check -p reform2023 --as-of 2024-05-03 --explain "$D/reform2023.jsonl"
  diff -u "$D/reform2023.expected.jsonl" <(printf '%s\n' "$output")
}

@test "payout-check: no funds is n/a with balance 0; records in = records out" {
  printf '{"case_no":"a"}\n{"case_no":"b","funds":[]}\n{"case_no":"c","funds":null}\n' > "$BATS_TEST_TMPDIR/in.jsonl"
  run -0 payout-check -p shihe --as-of 2024-05-20 "$BATS_TEST_TMPDIR/in.jsonl"
  [ "${#lines[@]}" -eq 3 ]
  run -0 jq -c '.payout' <<< "$output"
  assert_output "$(printf '%s\n' '{"verdict":"n/a","balance":0,"issues":[]}' '{"verdict":"n/a","balance":0,"issues":[]}' '{"verdict":"n/a","balance":0,"issues":[]}')"
}

@test "payout-check: a CSV with no 案款 column: the fund rules cannot be decided (balance null, an error, exit 1); an empty cell is no funds" {
  printf '%s\n' 'case_no,filed_on' '（2024）豫0183执1号,2024-03-01' > "$BATS_TEST_TMPDIR/no.csv"
  run -1 --separate-stderr payout-check -p spc --as-of 2024-05-20 "$BATS_TEST_TMPDIR/no.csv"
  assert_equal "$(jq -c '[.payout, .errors]' <<< "$output")" \
    '[{"verdict":"n/a","balance":null,"issues":[]},[{"tool":"payout-check","field":"funds","message":"no column in the input (blocks spc.payout.limit, spc.payout.overpaid)"}]]'
  assert_equal "$stderr" "payout-check: $BATS_TEST_TMPDIR/no.csv: no column for funds (案款): rules spc.payout.limit, spc.payout.overpaid cannot be decided; add the column (an empty cell means none)
$BATS_TEST_TMPDIR/no.csv:2: funds: no column in the input (blocks spc.payout.limit, spc.payout.overpaid)"
  printf '%s\n' 'case_no,filed_on,案款' '（2024）豫0183执1号,2024-03-01,' > "$BATS_TEST_TMPDIR/empty.csv"
  run -0 --separate-stderr payout-check -p spc --as-of 2024-05-20 "$BATS_TEST_TMPDIR/empty.csv"
  assert_equal "$(jq -c '.payout' <<< "$output")" '{"verdict":"n/a","balance":0,"issues":[]}'
  assert_equal "$stderr" ""
}

# ---------------------------------------------------------------- shihe 二(六)5(2): 3 working days

@test "payout-check: shihe payout limit, arrival Tue 2024-04-30 is due 2024-05-08 across May Day" {
  # on the due day the money is about to be overdue (二(六)5(2) 即将超期): due_soon
  run -0 payout-check -p shihe --as-of 2024-05-08 <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[["shihe.payout.due_soon","due_soon","2024-05-08",1000,"report"]]'
  run -0 payout-check -p shihe --as-of 2024-05-09 <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[["shihe.payout.limit","undisbursed","2024-05-08",1000,"report"]]'
  assert_equal "$(verdict)" flag
}

@test "payout-check: shihe paid the day before, the day, the day after the due date" {
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(pay 2024-05-07 1000)]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(pay 2024-05-08 1000)]")"
  assert_equal "$(issues)" '[]'
  assert_equal "$(verdict)" ok
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(pay 2024-05-09 1000)]")"
  assert_equal "$(issues)" '[["shihe.payout.limit","late_payout","2024-05-08",1000,"report"]]'
  run -0 jq -c '.payout.issues[0] | [.on, .done, .fund]' <<< "$output"
  assert_output '["2024-04-30","2024-05-09",0]'
}

@test "payout-check: shihe main-account money counts from its claim; unpaid and unclaimed is the claim's finding only" {
  main='{"kind":"arrival","on":"2024-04-30","amount":1000,"account":"本院主账户"}'
  claim='{"kind":"认领","on":"2024-05-06","amount":1000}'
  # claimed Mon 05-06: payout due 05-09; 05-11 is an adjusted working Saturday
  run -0 payout-check -p shihe --as-of 2024-05-09 <<< "$(kase "[$main,$claim]")"
  assert_equal "$(issues)" '[["shihe.payout.due_soon","due_soon","2024-05-09",1000,"report"]]'
  run -0 payout-check -p shihe --as-of 2024-05-10 <<< "$(kase "[$main,$claim]")"
  assert_equal "$(issues)" '[["shihe.payout.limit","undisbursed","2024-05-09",1000,"report"]]'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$main]")"
  assert_equal "$(issues)" '[["shihe.payout.claim","unclaimed","2024-05-08",1000,"report"]]'
}

# ---------------------------------------------------------------- shihe 二(六)5(2), 二(五)2: due soon (即将超期)

@test "payout-check: shihe due_soon: unpaid money due within --warn days (default 2); the day after due it is undisbursed" {
  # arrival Tue 04-30, due Wed 05-08; a window of 2 days starts on 05-06
  run -0 payout-check -p shihe --as-of 2024-05-05 <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[]'
  assert_equal "$(verdict)" ok
  for d in 2024-05-06 2024-05-07 2024-05-08; do
    run -0 payout-check -p shihe --as-of "$d" <<< "$(kase "[$ARR]")"
    assert_equal "$(issues)" '[["shihe.payout.due_soon","due_soon","2024-05-08",1000,"report"]]'
    assert_equal "$(verdict)" flag
  done
  run -0 jq -c '.payout.issues[0] | [.on, .fund]' <<< "$output"
  assert_output '["2024-04-30",0]'
  run -0 payout-check -p shihe --as-of 2024-05-09 <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[["shihe.payout.limit","undisbursed","2024-05-08",1000,"report"]]'
}

@test "payout-check: --warn sets the due_soon window as in deadline-check: 0 days, 5 days; a bad value is a usage error" {
  run -0 payout-check -p shihe --as-of 2024-05-07 --warn 0 <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p shihe --as-of 2024-05-08 --warn 0 <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[["shihe.payout.due_soon","due_soon","2024-05-08",1000,"report"]]'
  run -0 payout-check -p shihe --as-of 2024-05-02 --warn 5 <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p shihe --as-of 2024-05-03 --warn 5 <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[["shihe.payout.due_soon","due_soon","2024-05-08",1000,"report"]]'
  run -2 --separate-stderr payout-check --warn x /dev/null
  assert_equal "${stderr_lines[0]}" "payout-check: invalid argument 'x' for option --warn (days, 0 to 3660)"
  assert_output ''
  run -2 --separate-stderr payout-check --warn 3661 /dev/null
  assert_equal "${stderr_lines[0]}" "payout-check: invalid argument '3661' for option --warn (days, 0 to 3660)"
}

@test "payout-check: no due_soon for money paid, held (暂缓发放手续), or in the main account not yet claimed; only the part left" {
  run -0 payout-check -p shihe --as-of 2024-05-07 <<< "$(kase "[$ARR,$(pay 2024-05-07 1000)]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p shihe --as-of 2024-05-07 <<< "$(kase "[$ARR,$(pay 2024-05-07 600)]")"
  assert_equal "$(issues)" '[["shihe.payout.due_soon","due_soon","2024-05-08",400,"report"]]'
  run -0 payout-check -p shihe --as-of 2024-05-07 <<< "$(kase "[$ARR,{\"kind\":\"hold\",\"on\":\"2024-05-01\",\"reason\":\"案外人异议\"}]")"
  assert_equal "$(issues)" '[]'
  # a hold that ended before the check day does not
  run -0 payout-check -p shihe --as-of 2024-05-07 <<< "$(kase "[$ARR,{\"kind\":\"hold\",\"on\":\"2024-05-01\",\"until\":\"2024-05-06\",\"reason\":\"案外人异议\"}]")"
  assert_equal "$(issues)" '[["shihe.payout.due_soon","due_soon","2024-05-08",1000,"report"]]'
  run -0 payout-check -p shihe --as-of 2024-05-07 <<< "$(kase '[{"kind":"arrival","on":"2024-04-30","amount":1000,"account":"main"}]')"
  assert_equal "$(issues)" '[]'
}

@test "payout-check: due_soon only under the profiles whose clauses ask for it (shihe)" {
  # yindu 15 working days from 04-30 is 05-23; spc 30 days is 05-30
  run -0 payout-check -p yindu --as-of 2024-05-22 <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[]'
  for p in spc xinmi jianli; do
    run -0 payout-check -p "$p" --as-of 2024-05-29 <<< "$(kase "[$ARR]")"
    assert_equal "$(issues)" '[]'
  done
  run -0 bash -c 'payout-check -p reform2023 --as-of 2024-05-29 <<< "$1" | jq -c "[.payout.issues[].kind]"' _ "$(kase "[$ARR]")"
  assert_output '["undisbursed"]'
}

@test "payout-check: a due_soon rule whose limit_rule is not a payout rule of the profile: exit 2, named" {
  printf '%s' '{"id":"x","extends":"shihe","rules":[{"id":"x.d","kind":"fund","source":"s","test":"due_soon","limit_rule":"shihe.payout.claim"}]}' > "$BATS_TEST_TMPDIR/x.json"
  run -2 --separate-stderr payout-check -p "$BATS_TEST_TMPDIR/x.json" </dev/null
  assert_equal "$stderr" "payout-check: $BATS_TEST_TMPDIR/x.json: rule x.d: \"limit_rule\" must be the id of a payout rule of the profile, not 'shihe.payout.claim'"
  assert_output ''
}

# ---------------------------------------------------------------- shihe 二(六)4(2): claims

@test "payout-check: shihe unclaimed main-account arrival: claimed on the due day, a day late, never" {
  main='{"kind":"arrival","on":"2024-04-30","amount":1000,"account":"main"}'
  run -0 payout-check -p shihe --as-of 2024-05-08 <<< "$(kase "[$main]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p shihe --as-of 2024-05-09 <<< "$(kase "[$main]")"
  assert_equal "$(issues)" '[["shihe.payout.claim","unclaimed","2024-05-08",1000,"report"]]'
  run -0 jq -c '.payout.issues[0].done' <<< "$output"
  assert_output 'null'
  run -0 payout-check -p shihe --as-of 2024-05-08 <<< "$(kase "[$main,{\"kind\":\"claim\",\"on\":\"2024-05-08\",\"amount\":1000}]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p shihe --as-of 2024-05-09 <<< "$(kase "[$main,{\"kind\":\"claim\",\"on\":\"2024-05-09\",\"amount\":1000}]")"
  assert_equal "$(issues)" '[["shihe.payout.claim","unclaimed","2024-05-08",1000,"report"]]'
  run -0 jq -c '.payout.issues[0].done' <<< "$output"
  assert_output '"2024-05-09"'
}

@test "payout-check: a claim short by one fen leaves the arrival unclaimed for 0.01" {
  main='{"kind":"arrival","on":"2024-04-30","amount":1000,"account":"main"}'
  run -0 payout-check -p shihe --as-of 2024-05-09 <<< "$(kase "[$main,{\"kind\":\"claim\",\"on\":\"2024-05-06\",\"amount\":\"999.99\"}]")"
  assert_equal "$(issues)" '[["shihe.payout.claim","unclaimed","2024-05-08",0.01,"report"]]'
}

@test "payout-check: case-account arrivals need no claim (no unclaimed issue)" {
  # (due on the check day: due_soon, the payout limit's reminder, not a claim's finding)
  run -0 payout-check -p shihe --as-of 2024-05-08 <<< "$(kase "[{\"kind\":\"arrival\",\"on\":\"2024-04-30\",\"amount\":1000}]")"
  assert_equal "$(issues)" '[["shihe.payout.due_soon","due_soon","2024-05-08",1000,"report"]]'
}

# ---------------------------------------------------------------- holds (暂缓发放)

@test "payout-check: a hold with a reason covers; without a reason it does not" {
  hold='{"kind":"hold","on":"2024-05-06","reason":"需要进行案款分配"}'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$hold]")"
  assert_equal "$(issues)" '[]'
  assert_equal "$(verdict)" ok
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,{\"kind\":\"暂缓发放\",\"on\":\"2024-05-06\",\"reason\":\" \"}]")"
  assert_equal "$(issues)" '[["shihe.payout.limit","undisbursed","2024-05-08",1000,"report"]]'
}

@test "payout-check: a hold until the check day covers; one that ended the day before has expired" {
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,{\"kind\":\"hold\",\"on\":\"2024-05-06\",\"reason\":\"申请执行人经通知未领取\",\"until\":\"2024-05-20\"}]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,{\"kind\":\"hold\",\"on\":\"2024-05-06\",\"reason\":\"申请执行人经通知未领取\",\"until\":\"2024-05-19\"}]")"
  assert_equal "$(issues)" '[["shihe.payout.limit","undisbursed","2024-05-08",1000,"report"]]'
  run -0 payout-check -p yindu --as-of 2024-06-20 <<< "$(kase "[$ARR,{\"kind\":\"hold\",\"on\":\"2024-05-06\",\"reason\":\"案件被依法中止\",\"until\":\"2024-06-19\"}]")"
  assert_equal "$(issues)" '[["yindu.payout.limit","undisbursed","2024-05-23",1000,null]]'
}

@test "payout-check: a late payout made under a hold is not late; a hold that ended by the due date does not excuse it" {
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,{\"kind\":\"hold\",\"on\":\"2024-05-09\",\"reason\":\"执行异议审查中\"},$(pay 2024-05-13 1000)]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,{\"kind\":\"hold\",\"on\":\"2024-05-06\",\"reason\":\"执行异议审查中\",\"until\":\"2024-05-08\"},$(pay 2024-05-13 1000)]")"
  assert_equal "$(issues)" '[["shihe.payout.limit","late_payout","2024-05-08",1000,"report"]]'
}

@test "payout-check: a hold excuses a late payout only if it covered every unpaid day after the due date" {
  H() { printf '{"kind":"hold","on":"%s","reason":"执行异议审查中"%s}' "$1" "${2:+,\"until\":\"$2\"}"; }
  # due 2024-05-08 (shihe, 3 working days); paid 05-13: the unpaid days are 05-09 to 05-12
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(H 2024-05-09 2024-05-12),$(pay 2024-05-13 1000)]")"
  assert_equal "$(issues)" '[]'
  # ended a day early: 05-12 unpaid and unheld
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(H 2024-05-09 2024-05-11),$(pay 2024-05-13 1000)]")"
  assert_equal "$(issues)" '[["shihe.payout.limit","late_payout","2024-05-08",1000,"report"]]'
  # began a day late: 05-09 unpaid and unheld
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(H 2024-05-10),$(pay 2024-05-13 1000)]")"
  assert_equal "$(issues)" '[["shihe.payout.limit","late_payout","2024-05-08",1000,"report"]]'
  # two holds end to end cover it
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(H 2024-05-09 2024-05-10),$(H 2024-05-11 2024-05-12),$(pay 2024-05-13 1000)]")"
  assert_equal "$(issues)" '[]'
  # a hold entered on the payment day, long after the due date, excuses nothing
  run -0 payout-check -p spc --as-of 2024-08-01 <<< "$(kase '[{"kind":"arrival","on":"2024-01-02","amount":1000,"account":"case"},'"$(H 2024-04-01),$(pay 2024-04-01 1000)]")"
  assert_equal "$(issues)" '[["spc.payout.limit","late_payout","2024-02-01",1000,null]]'
  # paid the day after the due date: excused only by a hold in force that day
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(H 2024-05-09),$(pay 2024-05-09 1000)]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(pay 2024-05-09 1000)]")"
  assert_equal "$(issues)" '[["shihe.payout.limit","late_payout","2024-05-08",1000,"report"]]'
}

# ---------------------------------------------------------------- shihe 二(六)2: approvals

@test "payout-check: approval chain complete and in order is ok; a step missing is approval_missing" {
  full='"approvals":{"submitted":"2024-05-02","reviewed":"2024-05-06","approved":"2024-05-06","finance_checked":"2024-05-07","paid":"2024-05-07"}'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,{\"kind\":\"payout\",\"on\":\"2024-05-07\",\"amount\":1000,\"payee\":\"张三\",$full}]")"
  assert_equal "$(issues)" '[]'
  part='"approvals":{"submitted":"2024-05-02","approved":"2024-05-06","paid":"2024-05-07"}'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,{\"kind\":\"payout\",\"on\":\"2024-05-07\",\"amount\":1000,\"payee\":\"张三\",$part}]")"
  assert_equal "$(issues)" '[["shihe.payout.approvals","approval_missing","2024-05-07",1000,"report"]]'
  run -0 jq -c '.payout.issues[0].steps' <<< "$output"
  assert_output '["reviewed","finance_checked"]'
}

@test "payout-check: approvals out of order, and a step dated after the payment, are approval_order" {
  bad='"approvals":{"submitted":"2024-05-06","reviewed":"2024-05-02","approved":"2024-05-06","finance_checked":"2024-05-07","paid":"2024-05-08"}'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,{\"kind\":\"payout\",\"on\":\"2024-05-07\",\"amount\":1000,\"payee\":\"张三\",$bad}]")"
  assert_equal "$(issues)" '[["shihe.payout.approval_order","approval_order","2024-05-07",1000,"report"]]'
  run -0 jq -c '.payout.issues[0].steps' <<< "$output"
  assert_output '["reviewed","paid"]'
}

@test "payout-check: shihe 二(六)2 each approval step is compared with the step before it (SPEC 5.3), not with every earlier one" {
  ap() { printf '{"kind":"payout","on":"2024-05-07","amount":1000,"payee":"张三","approvals":{"submitted":"%s","reviewed":"%s","approved":"%s","finance_checked":"2024-05-07","paid":"2024-05-07"}}' "$1" "$2" "$3"; }
  # reviewed before submitted; approved after reviewed though before submitted: only reviewed
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(ap 2024-05-06T10:00 2024-05-06T09:00 2024-05-06T09:30)]")"
  assert_equal "$(jq -c '.payout.issues[0].steps' <<< "$output")" '["reviewed"]'
  # reviewed without a time: compared by date with both neighbours, so the chain is in order
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(ap 2024-05-06T10:00 2024-05-06 2024-05-06T09:30)]")"
  assert_equal "$(issues)" '[]'
  # approved a minute before reviewed: approved
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(ap 2024-05-06T08:00 2024-05-06T09:00 2024-05-06T08:59)]")"
  assert_equal "$(jq -c '.payout.issues[0].steps' <<< "$output")" '["approved"]'
}

@test "payout-check: shihe 二(六)2 approvals compared by date-time when both steps have one, else by date" {
  # approved at 11:00; the finance check a minute before, at the same minute, a minute after
  ap() { printf '{"kind":"payout","on":"2024-05-07","amount":1000,"payee":"张三","approvals":{"submitted":"2024-05-06","reviewed":"2024-05-06","approved":"2024-05-07T11:00","finance_checked":"%s","paid":"2024-05-07"}}' "$1"; }
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(ap 2024-05-07T10:59)]")"
  assert_equal "$(issues)" '[["shihe.payout.approval_order","approval_order","2024-05-07",1000,"report"]]'
  run -0 jq -c '.payout.issues[0].steps' <<< "$output"
  assert_output '["finance_checked"]'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(ap 2024-05-07T11:00)]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(ap 2024-05-07T11:01)]")"
  assert_equal "$(issues)" '[]'
  # either without a time: the dates are compared (the same day is in order, the day before is not)
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(ap 2024-05-07)]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(ap 2024-05-06T23:59)]")"
  assert_equal "$(issues)" '[["shihe.payout.approval_order","approval_order","2024-05-07",1000,"report"]]'
  # a step after the payment's time, the same day, is out of order
  pay_t='{"kind":"payout","on":"2024-05-07T15:00","amount":1000,"payee":"张三","approvals":{"submitted":"2024-05-06","reviewed":"2024-05-06","approved":"2024-05-07T11:00","finance_checked":"2024-05-07T15:01","paid":"2024-05-07"}}'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$pay_t]")"
  run -0 jq -c '.payout.issues[0].steps' <<< "$output"
  assert_output '["finance_checked"]'
}

@test "payout-check: approvals are checked under shihe only" {
  run -0 payout-check -p yindu --as-of 2024-05-20 <<< "$(kase "[$ARR,{\"kind\":\"payout\",\"on\":\"2024-05-07\",\"amount\":1000}]")"
  assert_equal "$(issues)" '[]'
}

@test "payout-check: a payee other than the applicant needs a mandate (委托手续)" {
  other='{"kind":"payout","on":"2024-05-07","amount":1000,"payee":"王五",'"$AP"'}'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$other]")"
  assert_equal "$(issues)" '[["shihe.payout.mandate","approval_missing","2024-05-07",1000,"report"]]'
  run -0 jq -c '.payout.issues[0].steps' <<< "$output"
  assert_output '["mandate"]'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,${other%\}},\"mandate\":\"是\"}]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$other]" '"flags":"委托手续"')"
  assert_equal "$(issues)" '[]'
  # the second "applicant" wins, with a warning on stderr (a key given twice, issue 19)
  run -0 --separate-stderr payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$other]" '"applicant":"张三、王五"')"
  assert_equal "$(issues)" '[]'
  assert_equal "$stderr" '<stdin>:1: applicant: warning: key given more than once: the last value is kept'
}

# ---------------------------------------------------------------- balances

@test "payout-check: overpaid by one fen, on every profile; paid exactly is not" {
  for p in spc xinmi reform2023 yindu shihe jianli; do
    run -0 payout-check -p "$p" --as-of 2024-05-07 <<< "$(kase "[$ARR,$(pay 2024-05-07 1000.01)]")"
    assert_equal "$(printf '%s\n' "$output" | jq -c '[.payout.balance, [.payout.issues[] | [.rule, .kind, .due, .amount]]]')" \
      '[-0.01,[["spc.payout.overpaid","overpaid","2024-05-07",0.01]]]'
    run -0 payout-check -p "$p" --as-of 2024-05-07 <<< "$(kase "[$ARR,$(pay 2024-05-07 1000)]")"
    assert_equal "$(printf '%s\n' "$output" | jq -c '[.payout.balance, .payout.issues]')" '[0,[]]'
  done
}

@test "payout-check: a refund counts as money out; overpaid is dated by the first outflow no arrival covered" {
  run -0 payout-check -p spc --as-of 2024-05-20 <<< "$(kase "[$ARR,$(pay 2024-05-07 600),{\"kind\":\"退付\",\"on\":\"2024-05-10\",\"amount\":400.5}]")"
  assert_equal "$(issues)" '[["spc.payout.overpaid","overpaid","2024-05-10",0.5,null]]'
  run -0 jq -c '.payout.balance' <<< "$output"
  assert_output '-0.5'
}

@test "payout-check: shihe closed_with_balance: a fen left, none left, not closed" {
  # (the fen left, due on the check day, is also due_soon)
  run -0 payout-check -p shihe --as-of 2024-05-08 <<< "$(kase "[$ARR,$(pay 2024-05-07 999.99)]" '"closed_on":"2024-05-08"')"
  assert_equal "$(issues)" '[["shihe.payout.closed_with_balance","closed_with_balance","2024-05-08",0.01,"report"],["shihe.payout.due_soon","due_soon","2024-05-08",0.01,"report"]]'
  # the fen left is also undisbursed once its due date has passed
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(pay 2024-05-07 999.99)]" '"closed_on":"2024-05-10"')"
  assert_equal "$(issues)" '[["shihe.payout.limit","undisbursed","2024-05-08",0.01,"report"],["shihe.payout.closed_with_balance","closed_with_balance","2024-05-10",0.01,"report"]]'
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(pay 2024-05-07 1000)]" '"closed_on":"2024-05-10"')"
  assert_equal "$(issues)" '[]'
  # not closed: no closed_with_balance (the fen, due tomorrow, is due_soon)
  run -0 payout-check -p shihe --as-of 2024-05-07 <<< "$(kase "[$ARR,$(pay 2024-05-07 999.99)]")"
  assert_equal "$(issues)" '[["shihe.payout.due_soon","due_soon","2024-05-08",0.01,"report"]]'
  run -0 payout-check -p yindu --as-of 2024-05-20 <<< "$(kase "[$ARR,$(pay 2024-05-07 999.99)]" '"closed_on":"2024-05-10"')"
  assert_equal "$(issues)" '[]'
}

# ---------------------------------------------------------------- several arrivals and payouts

@test "payout-check: several arrivals and payouts on one case match first in, first out" {
  funds="[{\"kind\":\"arrival\",\"on\":\"2024-05-06\",\"amount\":200},$ARR,{\"kind\":\"arrival\",\"on\":\"2024-05-20\",\"amount\":50},$(pay 2024-05-08 1050),$(pay 2024-05-14 100)]"
  # 04-30 1000 due 05-08 paid 05-08; 05-06 200 due 05-09: 50 paid 05-08, 100 paid 05-14 (late), 50 open (overdue);
  # 05-20 50 due 05-23, not yet due but within the 2-day window (due_soon)
  run -0 payout-check -p shihe --as-of 2024-05-21 <<< "$(kase "$funds")"
  assert_equal "$(issues)" '[["shihe.payout.limit","late_payout","2024-05-09",100,"report"],["shihe.payout.limit","undisbursed","2024-05-09",50,"report"],["shihe.payout.due_soon","due_soon","2024-05-23",50,"report"]]'
  run -0 jq -c '[.payout.balance, [.payout.issues[] | [.on, .fund, .done]]]' <<< "$output"
  assert_output '[100,[["2024-05-06",0,"2024-05-14"],["2024-05-06",0,null],["2024-05-20",2,null]]]'
}

# ---------------------------------------------------------------- yindu 二(二): 15 working days

@test "payout-check: yindu 15 working days from Tue 2024-04-30 is 2024-05-23 (May Day, adjusted Saturday 05-11)" {
  run -0 payout-check -p yindu --as-of 2024-05-23 <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p yindu --as-of 2024-05-24 <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[["yindu.payout.limit","undisbursed","2024-05-23",1000,null]]'
  run -0 payout-check -p yindu --as-of 2024-06-30 <<< "$(kase "[$ARR,$(pay 2024-05-23 1000)]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p yindu --as-of 2024-06-30 <<< "$(kase "[$ARR,$(pay 2024-05-24 1000)]")"
  assert_equal "$(issues)" '[["yindu.payout.limit","late_payout","2024-05-23",1000,null]]'
}

@test "payout-check: yindu replaces the spc limit, a hold with a reason (法定事由) exempts" {
  run -0 payout-check -p yindu --as-of 2024-07-01 <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[["yindu.payout.limit","undisbursed","2024-05-23",1000,null]]'
  run -0 payout-check -p yindu --as-of 2024-07-01 <<< "$(kase "[$ARR,{\"kind\":\"hold\",\"on\":\"2024-05-20\",\"reason\":\"需要进行案款分配\"}]")"
  assert_equal "$(issues)" '[]'
}

# ---------------------------------------------------------------- spc 30 days (xinmi, jianli)

@test "payout-check: spc 30 days, statutory: 2024-09-01 + 30 = 10-01 (National Day) runs to 10-08" {
  sep='[{"kind":"arrival","on":"2024-09-01","amount":1000}]'
  for p in spc xinmi jianli; do
    run -0 payout-check -p "$p" --as-of 2024-10-08 <<< "$(kase "$sep")"
    assert_equal "$(issues)" '[]'
    run -0 payout-check -p "$p" --as-of 2024-10-09 <<< "$(kase "$sep")"
    assert_equal "$(issues)" '[["spc.payout.limit","undisbursed","2024-10-08",1000,null]]'
  done
}

@test "payout-check: spc paid on day 30, on day 31; a hold with a reason exempts" {
  for p in spc xinmi jianli; do
    run -0 payout-check -p "$p" --as-of 2024-07-01 <<< "$(kase "[$ARR,$(pay 2024-05-30 1000)]")"
    assert_equal "$(issues)" '[]'
    run -0 payout-check -p "$p" --as-of 2024-07-01 <<< "$(kase "[$ARR,$(pay 2024-05-31 1000)]")"
    assert_equal "$(issues)" '[["spc.payout.limit","late_payout","2024-05-30",1000,null]]'
    run -0 payout-check -p "$p" --as-of 2024-07-01 <<< "$(kase "[$ARR,{\"kind\":\"hold\",\"on\":\"2024-05-20\",\"reason\":\"另案保全冻结\"}]")"
    assert_equal "$(issues)" '[]'
  done
}

# ---------------------------------------------------------------- reform2023 一(一)2(1)C: levels

@test "payout-check: reform2023 levels: notify on the arrival day, remind from day 3, report from day 7" {
  want() { # as-of rule due level
    run -0 payout-check -p reform2023 --as-of "$1" <<< "$(kase "[$ARR]")"
    assert_equal "$(issues)" "[[\"$2\",\"undisbursed\",\"$3\",1000,\"$4\"]]"
  }
  run -0 payout-check -p reform2023 --as-of 2024-04-29 <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[]'
  want 2024-04-30 reform2023.payout.escalation 2024-04-30 notify
  want 2024-05-02 reform2023.payout.escalation 2024-04-30 notify
  want 2024-05-03 reform2023.payout.escalation 2024-05-03 remind
  want 2024-05-06 reform2023.payout.escalation 2024-05-03 remind
  want 2024-05-07 reform2023.payout.escalation 2024-05-07 report
  want 2024-05-30 reform2023.payout.escalation 2024-05-07 report
  want 2024-05-31 spc.payout.limit 2024-05-30 report
}

@test "payout-check: reform2023 paid, or held with a reason: no level" {
  run -0 payout-check -p reform2023 --as-of 2024-05-10 <<< "$(kase "[$ARR,$(pay 2024-05-06 1000)]")"
  assert_equal "$(issues)" '[]'
  assert_equal "$(verdict)" ok
  run -0 payout-check -p reform2023 --as-of 2024-05-10 <<< "$(kase "[$ARR,{\"kind\":\"hold\",\"on\":\"2024-05-01\",\"reason\":\"案件被依法暂缓执行\"}]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p reform2023 --as-of 2024-05-10 <<< "$(kase "[$ARR,$(pay 2024-05-06 999.99)]")"
  assert_equal "$(issues)" '[["reform2023.payout.escalation","undisbursed","2024-05-07",0.01,"report"]]'
}

@test "payout-check: reform2023 keeps the spc 30 days: paid on day 30 is in time, day 31 late (levels grade undisbursed only)" {
  run -0 payout-check -p reform2023 --as-of 2024-07-01 <<< "$(kase "[$ARR,$(pay 2024-05-30 1000)]")"
  assert_equal "$(issues)" '[]'
  run -0 payout-check -p reform2023 --as-of 2024-07-01 <<< "$(kase "[$ARR,$(pay 2024-05-31 1000)]")"
  assert_equal "$(issues)" '[["spc.payout.limit","late_payout","2024-05-30",1000,null]]'
}

# ---------------------------------------------------------------- options

@test "payout-check: --only-flagged writes only cases with an issue" {
  run -0 payout-check -p shihe --as-of 2024-05-20 --only-flagged "$D/shihe.jsonl"
  run -0 jq -r '.case_no' <<< "$output"
  assert_output "$(jq -r 'select(.payout.verdict == "flag") | .case_no' "$D/shihe.expected.jsonl")"
  [ "${#lines[@]}" -ge 3 ]
}

@test "payout-check: --summary, one row per team and handler, sorted" {
  run -0 --separate-stderr payout-check -p shihe --as-of 2024-05-20 --summary "$D/summary.jsonl"
  diff -u "$D/summary.expected.jsonl" <(printf '%s\n' "$output")
}

@test "payout-check: --summary --only-flagged counts the cases --only-flagged writes, as deadline-check does (issue 20)" {
  # it used to be ignored: every case was counted
  { cat "$D/summary.jsonl"
    echo '{"case_no":"（2024）豫1502执26号","team":"普执团队","handler":"丁","funds":[{"kind":"arrival","on":"2024-05-15","amount":"abc"}]}'
  } > "$BATS_TEST_TMPDIR/s.jsonl"
  run -1 --separate-stderr payout-check -p shihe --as-of 2024-05-20 --summary --only-flagged "$BATS_TEST_TMPDIR/s.jsonl"
  diff -u - <(printf '%s\n' "$output") <<'EOF'
{"team":"快执团队","handler":"乙","cases":1,"flagged":1,"balance":50,"undisbursed_amount":50,"unclaimed":0,"late_payout":1,"undisbursed":1,"approval_missing":0,"approval_order":0,"overpaid":0,"closed_with_balance":0,"due_soon":0}
{"team":"快执团队","handler":"甲","cases":1,"flagged":1,"balance":1000,"undisbursed_amount":1000,"unclaimed":0,"late_payout":0,"undisbursed":1,"approval_missing":0,"approval_order":0,"overpaid":0,"closed_with_balance":0,"due_soon":0}
{"team":"普执团队","handler":"丁","cases":1,"flagged":0,"balance":0,"undisbursed_amount":0,"unclaimed":0,"late_payout":0,"undisbursed":0,"approval_missing":0,"approval_order":0,"overpaid":0,"closed_with_balance":0,"due_soon":0}
EOF
  run -1 --separate-stderr payout-check -p shihe --as-of 2024-05-20 --only-flagged "$BATS_TEST_TMPDIR/s.jsonl"
  [ "$(printf '%s\n' "$output" | jq -rc '.case_no[-3:]' | tr '\n' ' ')" = "21号 23号 26号 " ]
}

@test "payout-check: --summary -o csv has a header row" {
  run -0 payout-check -p shihe --as-of 2024-05-20 --summary -o csv "$D/summary.jsonl"
  # (the writer appends the tool's added field "payout" to free-standing rows too: reported)
  assert_line -n 0 --regexp '^team,handler,cases,flagged,balance,undisbursed_amount,unclaimed,late_payout,undisbursed,approval_missing,approval_order,overpaid,closed_with_balance,due_soon(,payout)?$'
  assert_line -n 1 --regexp '^,,1,0,0,0,0,0,0,0,0,0,0,0,?$'
  assert_line -n 3 --partial '快执团队,甲,2,1,1000,1000,0,0,1,0,0,0,0,0'
}

@test "payout-check: CSV output puts payout into one cell" {
  run -0 payout-check -p spc --as-of 2024-05-20 -o csv <<< "$(kase "[$ARR]")"
  assert_line -n 0 'case_no,applicant,funds,payout,warnings,errors,_raw,_more'
  assert_line -n 1 --partial ',"{""verdict"":""ok"",""balance"":1000,""issues"":[]}",,,'
}

@test "payout-check: CSV output writes a list the tool never read (events) as canonical JSON" {
  run -0 payout-check -p spc --as-of 2024-05-20 -o csv <<< '{"case_no":"（2024）豫1502执1号","events":[ {"node":"notice", "at":"2024-03-01"} ],"funds":[]}'
  assert_line -n 0 'case_no,events,funds,payout,warnings,errors,_raw,_more'
  assert_line -n 1 '（2024）豫1502执1号,"[{""node"":""notice"",""at"":""2024-03-01""}]",[],"{""verdict"":""n/a"",""balance"":0,""issues"":[]}",,,,'
}

@test "payout-check: funds written as JSON text in a CSV cell are read (a -o csv round trip)" {
  run -0 bash -c "payout-check -p shihe --as-of 2024-05-09 -o csv | payout-check -p shihe --as-of 2024-05-09 -i csv" <<< "$(kase "[$ARR]")"
  assert_equal "$(issues)" '[["shihe.payout.limit","undisbursed","2024-05-08",1000,"report"]]'
}

@test "payout-check: Chinese kinds, text amounts, dates in any SPEC form" {
  run -0 payout-check -p shihe --as-of 2024-05-20 <<< "$(kase '[{"kind":"案款到账","on":"2024年4月30日","amount":"8.5万元","account":"一案一账号"},{"kind":"案款发放","on":"2024/5/9","amount":"85,000.00","payee":"张三","approvals":{"submitted":"20240506","reviewed":"2024.5.6","approved":"2024-05-06","finance_checked":"2024-05-06 10:00","paid":"2024-05-09"}}]')"
  assert_equal "$(issues)" '[["shihe.payout.limit","late_payout","2024-05-08",85000,"report"]]'
}

# ---------------------------------------------------------------- bad input

@test "payout-check: an unreadable amount: error naming the blocked rules, n/a, exit 1, records kept" {
  run -1 --separate-stderr payout-check -p yindu --as-of 2024-05-20 "$D/bad.jsonl"
  [ "${#lines[@]}" -eq 5 ]
  run -0 jq -c '[.case_no, .payout.verdict, .payout.balance]' <<< "$output"
  assert_line -n 0 '["（2024）豫0505执1号","n/a",null]'
  assert_line -n 1 '["（2024）豫0505执2号","n/a",null]'
  assert_line -n 2 '[null,null,null]'
  assert_line -n 3 '["（2024）豫0505执4号","ok",1000]'
  assert_line -n 4 '["（2024）豫0505执5号","n/a",null]'
  [ "${stderr_lines[0]}" = "$D/bad.jsonl:1: funds: funds[1] amount: invalid money 'abc' (blocks yindu.payout.limit, spc.payout.overpaid)" ]
  [ "${stderr_lines[1]}" = "$D/bad.jsonl:2: funds: funds[0] on: invalid date '2024-13-45' (blocks yindu.payout.limit, spc.payout.overpaid)" ]
  [ "${stderr_lines[2]}" = "$D/bad.jsonl:3: _raw: invalid JSON at column 55: string or '}' expected near end of file" ]
  [ "${stderr_lines[3]}" = "$D/bad.jsonl:5: funds: funds[0] kind: invalid fund kind 'gift' (blocks yindu.payout.limit, spc.payout.overpaid)" ]
}

@test "payout-check: an unreadable approval date or closed_on names its rule" {
  run -1 --separate-stderr payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,{\"kind\":\"payout\",\"on\":\"2024-05-07\",\"amount\":1000,\"approvals\":{\"approved\":\"昨天\"}}]")"
  assert_equal "$stderr" "<stdin>:1: funds: funds[1] approvals.approved: invalid date '昨天' (blocks shihe.payout.claim, shihe.payout.limit, shihe.payout.due_soon, shihe.payout.approvals, shihe.payout.approval_order, shihe.payout.mandate, shihe.payout.closed_with_balance, shihe.payout.report_overdue, shihe.payout.report_anomaly, spc.payout.overpaid)"
  run -1 --separate-stderr payout-check -p shihe --as-of 2024-05-20 <<< "$(kase "[$ARR,$(pay 2024-05-07 1000)]" '"closed_on":"2024-02-30"')"
  assert_equal "$stderr" "<stdin>:1: closed_on: rule shihe.payout.closed_with_balance cannot be decided: closed_on: invalid date '2024-02-30'"
  assert_equal "$(verdict)" n/a
}

@test "payout-check: a working-day due date beyond the calendar is estimated, with one warning per run" {
  k=$(kase '[{"kind":"arrival","on":"2030-12-31","amount":1}]')
  run -0 --separate-stderr payout-check -p shihe --as-of 2031-01-10 <<< "$k"
  assert_equal "$(issues)" '[["shihe.payout.limit","undisbursed","2031-01-03",1,"report"]]'
  run -0 jq -c '[.payout.estimated, .warnings]' <<< "$output"
  assert_output '[true,null]'
  run -0 --separate-stderr payout-check -p shihe --as-of 2031-01-10 <<< "$k"$'\n'"$k"
  assert_equal "$stderr" 'payout-check: warning: a due date falls beyond the holiday calendar; working days there are counted on weekends alone (cases marked "estimated")'
  run -0 jq -c '.payout.estimated' <<< "$output"
  assert_output $'true\ntrue'
}

@test "payout-check: a due date within the calendar is not marked estimated" {
  run -0 --separate-stderr payout-check -p shihe --as-of 2024-05-20 <<< "$(kase '[{"kind":"arrival","on":"2024-05-07","amount":1}]')"
  assert_equal "$stderr" ''
  run -0 jq -c '.payout | has("estimated")' <<< "$output"
  assert_output false
}

@test "payout-check: a fund rule with an unknown test is a profile error, exit 2, nothing written" {
  run -2 --separate-stderr payout-check -p "$D/bad-test.json" <<< "$(kase "[$ARR]")"
  assert_equal "$output" ""
  assert_equal "$stderr" "payout-check: $D/bad-test.json: rule badtest.payout.x: unknown test 'nope'"
}

@test "payout-check: --help names --summary; the man page renders without warnings" {
  run -0 payout-check --help
  assert_output --partial '--summary'
  # a UTF-8 locale: the page is Chinese (helper.bash sets LC_ALL=C)
  run -0 --separate-stderr env LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$ZX_ROOT/share/man/man1/payout-check.1"
  [ -z "$stderr" ]
}

# ---------------------------------------------------------------- --explain

# A profile with a fund rule that has a condition ("when"): the overpaid
# test for cases of 100,000 yuan or more.
when_profile() {
  printf '%s' '{"id":"whentest","name":"a fund rule with a condition","extends":"spc","rules":[{"id":"whentest.payout.big","kind":"fund","source":"t/payout-check.bats","name":"big cases","test":"overpaid","when":{">=":[{"var":"amount"},100000]}}]}' > "$BATS_TEST_TMPDIR/w.json"
}
# A case of amount $1 with 1000 yuan arrived and 1200 paid out (overpaid).
OVER='[{"kind":"arrival","on":"2024-04-30","amount":1000,"account":"case"},{"kind":"payout","on":"2024-05-07","amount":1200}]'
wcase() { printf '{"case_no":"（2024）豫1502执1号","amount":%s,"funds":%s}\n' "$1" "$OVER"; }

@test "payout-check --explain: the whole payout_explain of a case whose rule condition is undecided" {
  when_profile
  run -1 --separate-stderr payout-check -p "$BATS_TEST_TMPDIR/w.json" --as-of 2024-05-20 --explain <<< "$(wcase '"abc"')"
  diff -u - <(jqo '.payout_explain[]') <<'EOF2'
{"rule":"whentest.payout.big","source":"t/payout-check.bats","result":"undecided","trace":["amount invalid 'abc' >= 100000.00: unknown","rule whentest.payout.big cannot be decided: amount: invalid money 'abc'"]}
{"rule":"spc.payout.limit","source":"法发〔2017〕6号 最高人民法院关于执行款物管理工作的规定（执行款发放期限）","result":"ok","trace":["funds[0] arrival 2024-04-30 1000.00, payout due 2024-05-30 (30d!): paid in time"]}
{"rule":"spc.payout.overpaid","source":"法发〔2017〕6号 最高人民法院关于执行款物管理工作的规定（专项管理、独立核算、专款专付）","result":"overpaid","trace":["balance -200.00: overpaid"]}
EOF2
  [ "$stderr" = "<stdin>:1: amount: rule whentest.payout.big cannot be decided: amount: invalid money 'abc'" ]
  [ "$(jqo '.payout | has("trace")')" = false ]
}

@test "payout-check --explain: a rule's condition on both sides of its boundary: 99,999.99 not applicable, 100,000 and 100,000.01 the issue kind" {
  when_profile
  local a want
  for a in 99999.99 100000 100000.01; do
    run -0 --separate-stderr payout-check -p "$BATS_TEST_TMPDIR/w.json" --as-of 2024-05-20 --explain <<< "$(wcase $a)"
    want='{"rule":"whentest.payout.big","source":"t/payout-check.bats","result":"overpaid","trace":["amount '$(printf '%.2f' $a)' >= 100000.00: true","balance -200.00: overpaid"]}'
    [ $a = 99999.99 ] && want='{"rule":"whentest.payout.big","source":"t/payout-check.bats","result":"not applicable","trace":["amount 99999.99 >= 100000.00: false"]}'
    [ "$(jqo '.payout_explain[0]')" = "$want" ]
  done
}

@test "payout-check --explain: unreadable funds leave every rule undecided; closed_on unreadable, its rule" {
  run -1 --separate-stderr payout-check -p yindu --as-of 2024-05-20 --explain "$D/bad.jsonl"
  [ "$(printf '%s\n' "${lines[0]}" | jq -c '.payout_explain[]')" = "$(printf '%s\n' \
    '{"rule":"yindu.payout.limit","source":"殷法【2022】34号 二(二)","result":"undecided","trace":["rule yindu.payout.limit cannot be decided: funds[1] amount: invalid money '"'abc'"'"]}' \
    '{"rule":"spc.payout.overpaid","source":"法发〔2017〕6号 最高人民法院关于执行款物管理工作的规定（专项管理、独立核算、专款专付）","result":"undecided","trace":["rule spc.payout.overpaid cannot be decided: funds[1] amount: invalid money '"'abc'"'"]}')" ]
  run -1 --separate-stderr payout-check -p shihe --as-of 2024-05-20 --explain <<< "$(kase "[$ARR,$(pay 2024-05-07 1000)]" '"closed_on":"2024-02-30"')"
  [ "$(jqo '.payout_explain[] | select(.result != "ok")')" = '{"rule":"shihe.payout.closed_with_balance","source":"浉法〔2023〕30号 二(五)4","result":"undecided","trace":["rule shihe.payout.closed_with_balance cannot be decided: closed_on: invalid date '"'2024-02-30'"'"]}' ]
}

# shihe with its payout limit (the due_soon rule's limit_rule) only for cases of
# 100,000 yuan or more; a case of amount $1 with 1000 yuan arrived 2024-04-30,
# due 2024-05-08, checked 2024-05-07 (within the due_soon window).
lim_profile() {
  printf '%s' '{"id":"limtest","name":"a limit rule with a condition","extends":"shihe","rules":[{"id":"shihe.payout.limit","kind":"fund","source":"t/payout-check.bats","name":"big cases","test":"payout","from":"claim","period":"3wd","when":{">=":[{"var":"amount"},100000]}}]}' > "$BATS_TEST_TMPDIR/lim.json"
}
lcase() { printf '{"case_no":"（2024）豫1502执1号","applicant":"张三","amount":%s,"funds":[%s]}\n' "$1" "$ARR"; }

@test "payout-check --explain: a due_soon rule whose limit_rule is undecided is undecided, in the one wording (it was ok, with an empty trace)" {
  lim_profile
  run -1 --separate-stderr payout-check -p "$BATS_TEST_TMPDIR/lim.json" --as-of 2024-05-07 --explain <<< "$(lcase '"abc"')"
  [ "$(jqo '.payout_explain[] | select(.rule == "shihe.payout.due_soon")')" = '{"rule":"shihe.payout.due_soon","source":"浉法〔2023〕30号 二(六)5(2)、二(五)2","result":"undecided","trace":["rule shihe.payout.due_soon cannot be decided: rule shihe.payout.limit cannot be decided: amount: invalid money '"'abc'"'"]}' ]
  [ "$(jqo '.payout_explain[] | select(.rule == "shihe.payout.limit") | .result')" = '"undecided"' ]
  [ "$(jqo '.payout.issues')" = '[]' ]
  # the error is the limit rule's, once
  [ "$stderr" = "<stdin>:1: amount: rule shihe.payout.limit cannot be decided: amount: invalid money 'abc'" ]
  [ "$(jqo '[.errors[].message]')" = '["rule shihe.payout.limit cannot be decided: amount: invalid money '"'abc'"'"]' ]
}

@test "payout-check --explain: due_soon on both sides of its limit_rule's boundary: 99,999.99 not applicable (no due date), 100,000 and 100,000.01 due_soon" {
  lim_profile
  local a
  run -0 --separate-stderr payout-check -p "$BATS_TEST_TMPDIR/lim.json" --as-of 2024-05-07 --explain <<< "$(lcase 99999.99)"
  [ "$(jqo '.payout_explain[] | select(.rule == "shihe.payout.due_soon")')" = '{"rule":"shihe.payout.due_soon","source":"浉法〔2023〕30号 二(六)5(2)、二(五)2","result":"not applicable","trace":["limit_rule shihe.payout.limit does not apply: no due date"]}' ]
  [ "$(jqo '.payout.issues')" = '[]' ]
  [ -z "$stderr" ]
  for a in 100000 100000.01; do
    run -0 --separate-stderr payout-check -p "$BATS_TEST_TMPDIR/lim.json" --as-of 2024-05-07 --explain <<< "$(lcase $a)"
    [ "$(jqo '.payout_explain[] | select(.rule == "shihe.payout.due_soon")')" = '{"rule":"shihe.payout.due_soon","source":"浉法〔2023〕30号 二(六)5(2)、二(五)2","result":"due_soon","trace":["funds[0] arrival 2024-04-30, 1000.00 not paid out, due 2024-05-08 under shihe.payout.limit, warning window 2 days: due soon"]}' ]
    [ "$(jqo '[.payout.issues[] | [.rule, .kind, .due]]')" = '[["shihe.payout.due_soon","due_soon","2024-05-08"]]' ]
  done
}

@test "payout-check: without --explain the same case has no payout_explain and nothing else differs" {
  when_profile
  run -1 --separate-stderr payout-check -p "$BATS_TEST_TMPDIR/w.json" --as-of 2024-05-20 --explain <<< "$(wcase '"abc"')"
  local with="$(jqo 'del(.payout_explain)')" with_err="$stderr"
  run -1 --separate-stderr payout-check -p "$BATS_TEST_TMPDIR/w.json" --as-of 2024-05-20 <<< "$(wcase '"abc"')"
  [ "$(jqo 'has("payout_explain")')" = false ]
  [ "$(jqo .)" = "$with" ]
  [ "$stderr" = "$with_err" ]
}

@test "payout-check: CSV in and out with --explain: payout_explain is a column (it used to be dropped or nested)" {
  printf 'case_no,amount,flags,funds\n（2023）豫0505执1号,5,,\n' > "$BATS_TEST_TMPDIR/a.csv"
  run --separate-stderr payout-check -p yindu --as-of 2024-01-01 --explain -o csv "$BATS_TEST_TMPDIR/a.csv"
  [ "${lines[0]}" = 'case_no,amount,flags,funds,payout,payout_explain,warnings,errors,_raw' ]
  [ "${lines[1]}" = '（2023）豫0505执1号,5,,,"{""verdict"":""n/a"",""balance"":0,""issues"":[]}",[],,,' ]   # no funds: no rule tried
}
