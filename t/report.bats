#!/usr/bin/env bats
# report: the bulletin (通报) and assessments (考核) over the annotated stream
# (issue 21).  The expected files under fixtures/report/ were computed by
# hand from the fixture records (the comments in each test say how).
load helper
bats_require_minimum_version 1.5.0

D="$BATS_TEST_DIRNAME/fixtures/report"

# One line a row of -o jsonl: group (team, else handler, else "-"),
# indicator, value, numerator, denominator, short.
rows() {
  printf '%s\n' "$output" | jq -r '[(.group.team // .group.handler // "-"), .indicator,
      (.value|tostring), (.numerator|tostring), (.denominator|tostring), (.short|tostring)] | join("\t")'
}

UNKNOWN_SPC="report: 1 record not counted (unknown) in 9 indicators, spc.report.received … spc.report.within_6m_rate: filed_on: invalid date '2026-13-45'
report: 1 record not counted (unknown) in 2 indicators, spc.report.nodes_overdue … spc.report.overdue_rate: the value it sums is absent
report: 1 record not counted (unknown) in spc.report.term_pass_rate (终本审核合格率): filed_on: invalid date '2026-13-45'
report: 1 record not counted (unknown) in 3 indicators, spc.report.funds_overdue … spc.report.funds_unpaid: the value it sums is absent
report: 1 record not counted (unknown) in spc.report.funds_unpaid_n (有未发放余额案件数): payout_verdict: absent"

# The week 2026-11-16..22: 执101 filed on its first day (in), 执104 the day
# after its last (out), 执103 closed the day before it (neither closed nor
# 受理).  受理 = 旧存 + 新收: 一组 101, 102; 二组 105, 106, 108, 109.
@test "report -p spc: every spc indicator, by team and the court total, exact" {
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl"
  diff -u "$D/spc.expected" <(rows)
  [ "$stderr" = "$UNKNOWN_SPC" ]
}

@test "report -o jsonl: the machine contract, court total as group {}" {
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl"
  [ "$(printf '%s\n' "$output" | jq -c 'select(.group == {} and .indicator == "spc.report.term_pass_rate")')" = \
    '{"group":{},"indicator":"spc.report.term_pass_rate","name":"终本审核合格率","unit":"percent","value":0.5,"numerator":1,"denominator":2,"target":0.9,"short":true}' ]
  [ "$(printf '%s\n' "$output" | jq -c 'select(.group.team == "执行二组" and .indicator == "spc.report.recovery_rate")')" = \
    '{"group":{"team":"执行二组"},"indicator":"spc.report.recovery_rate","name":"执行到位率","unit":"percent","value":0.006667,"numerator":1000,"denominator":149999.99,"target":null,"short":true}' ]
  [ "$(printf '%s\n' "$output" | jq -c 'select(.group == {} and .indicator == "spc.report.funds_unpaid")')" = \
    '{"group":{},"indicator":"spc.report.funds_unpaid","name":"未发放案款余额","unit":"money","value":3000.5,"numerator":3000.5,"denominator":null,"target":null,"short":false}' ]
  # 4 groups (未填, 一组, 二组, court) x 20 indicators
  [ "${#lines[@]}" -eq 80 ]
}

@test "report: a zero denominator is null (jsonl) and '-' (text), never 0 or NaN" {
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl"
  # no team: 执107 alone, with no deadlines due (0/0); 一组 has no 终本 audited
  [ "$(printf '%s\n' "$output" | jq -c 'select(.group.team == "" and .indicator == "spc.report.overdue_rate") | [.value, .numerator, .denominator]')" = '[null,0,0]' ]
  [ "$(printf '%s\n' "$output" | jq -c 'select(.group.team == "执行一组" and .indicator == "spc.report.term_pass_rate") | [.value, .short]')" = '[null,false]' ]
  run ! grep -i nan <<< "$output"
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 "$D/annotated.jsonl"
  printf '%s\n' "$output" | grep -qx '（未填）           -                   -                          -           0           -               -'
}

@test "report: records without the fields an indicator needs are unknown, reported once, exit 1" {
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl"
  [ "$stderr" = "$UNKNOWN_SPC" ]
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 "$D/annotated.jsonl"
  [ "${lines[-1]}" = "有 2 件记录缺少指标所需字段，未计入相应指标（见标准错误输出）" ]
}

@test "report -o text: columns line up by display width (Chinese = 2 columns)" {
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 "$D/annotated.jsonl"
  diff -u "$D/spc.text" <(printf '%s\n' "$output")
  # every line of a block has the same display width up to its last figure
  w() { printf '%s' "$1" | iconv -f utf-8 -t utf-32le | od -An -v -tu4 | tr -s ' ' '\n' | grep -v '^$' |
        awk '{ n += ($1 >= 4352 && ($1 <= 4447 || ($1 >= 11904 && $1 <= 42191) || ($1 >= 65280 && $1 <= 65376))) ? 2 : 1 } END { print n }'; }
  [ "$(w "${lines[2]}")" -eq "$(w "${lines[5]}")" ]
  [ "$(w "${lines[3]}")" -eq "$(w "${lines[6]}")" ]
  [ "${lines[2]}" = "团队      收案数  结案数  未结数  结案率  执行完毕率  终本率" ]
  [ "${lines[5]}" = "执行二组       2       2       2   50.0%      0.0% *  100.0%" ]
}

@test "report -o md and -o csv" {
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 -o md "$D/annotated.jsonl"
  [ "${lines[0]}" = "# 最高人民法院（全国统一基准） 执行质效通报  2026-11-16 至 2026-11-22（截至 2026-11-22）" ]
  printf '%s\n' "$output" | grep -qx '| \*\*全院\*\* | \*\*3\*\* | \*\*3\*\* | \*\*3\*\* | \*\*50.0%\*\* | \*\*33.3%\*\* | \*\*66.7%\*\* | \*\*40.4%\*\* | \*\*98.7\*\* | \*\*66.7%\*\* | \*\*2\*\* | \*\*33.3%\*\* | \*\*50.0% \*\*\* | \*\*101,000.00\*\* | \*\*2\*\* | \*\*100,000.00\*\* | \*\*1\*\* | \*\*2,000.50\*\* | \*\*1\*\* | \*\*3,000.50\*\* | \*\*2\*\* |'
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 -o csv "$D/annotated.jsonl"
  [ "${lines[0]}" = "team,handler,stage,track,indicator,name,unit,value,numerator,denominator,target,short" ]
  printf '%s\n' "$output" | grep -qx ',,,,spc.report.term_pass_rate,终本审核合格率,percent,0.5,1,2,0.9,true'
  printf '%s\n' "$output" | grep -qx '执行二组,,,,spc.report.mean_days,平均结案用时（天）,days,45.5,91,2,,false'
  [ "${#lines[@]}" -eq 81 ]
}

@test "report -O FILE writes the file, not standard output" {
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 -o jsonl -O "$BATS_TEST_TMPDIR/r.jsonl" "$D/annotated.jsonl"
  [ -z "$output" ]
  [ "$(wc -l < "$BATS_TEST_TMPDIR/r.jsonl")" -eq 80 ]
  run -3 --separate-stderr report -p spc --as-of 2026-11-22 -O /nonexistent/dir/r.txt "$D/annotated.jsonl"
  [[ "$stderr" == *"report: cannot write /nonexistent/dir/r.txt: No such file or directory" ]]
}

@test "report --previous: the change of each figure against a previous jsonl" {
  printf '%s\n' '{"group":{"team":"执行一组"},"indicator":"spc.report.closure_rate","name":"结案率","unit":"percent","value":0.25,"numerator":1,"denominator":4,"target":null,"short":false}' \
    '{"group":{},"indicator":"spc.report.funds_arrived","name":"案款到账金额","unit":"money","value":1000.5,"numerator":1000.5,"denominator":null,"target":null,"short":false}' \
    '{"group":{},"indicator":"spc.report.term_pass_rate","name":"终本审核合格率","unit":"percent","value":null,"numerator":0,"denominator":0,"target":0.9,"short":false}' \
    > "$BATS_TEST_TMPDIR/prev.jsonl"
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 -o jsonl --previous "$BATS_TEST_TMPDIR/prev.jsonl" "$D/annotated.jsonl"
  [ "$(printf '%s\n' "$output" | jq -c 'select(.change != null) | [.group, .indicator, .change]')" = \
'[{"team":"执行一组"},"spc.report.closure_rate",0.25]
[{},"spc.report.funds_arrived",99999.5]' ]
  [ "$(printf '%s\n' "$output" | jq -c 'select(.change == null)' | wc -l)" -eq 78 ]
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 --previous "$BATS_TEST_TMPDIR/prev.jsonl" "$D/annotated.jsonl"
  [ "${lines[4]}" = "执行一组       1       1       1  50.0% (+25.0pt)      100.0%    0.0%" ]
  # the same run as its own previous: every change 0
  report -p spc --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl" > "$BATS_TEST_TMPDIR/same.jsonl" 2>/dev/null || true
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 -o jsonl --previous "$BATS_TEST_TMPDIR/same.jsonl" "$D/annotated.jsonl"
  [ "$(printf '%s\n' "$output" | jq -c 'select(.value != null) | .change' | sort -u)" = "0" ]
  printf 'not json\n' > "$BATS_TEST_TMPDIR/bad.jsonl"
  run -3 --separate-stderr report -p spc --previous "$BATS_TEST_TMPDIR/bad.jsonl" "$D/annotated.jsonl"
  [ "$stderr" = "report: --previous $BATS_TEST_TMPDIR/bad.jsonl:1: not a row of report -o jsonl" ]
}

@test "report -p reform2023: 网络查控发起率 (target 100%), 首执60天, 即日/三日/七日 cases" {
  # 网络查控: 首执 filed in the week: 101 (总对总 query, 一组), 109 (none, 二组).
  # 60 days: 102 (205 days), 105 (80), 108 (11).  Levels: 105 report, 109 notify and remind.
  run -1 --separate-stderr report -p reform2023 --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl"
  diff -u "$D/reform2023.expected" <(rows | grep reform2023)
}

@test "report: boundaries: 殷都 40/60 days, 001 60 days and the 180-day exemption, 6 months" {
  # closed after 39/40/41 days (fast), 59/60/61 (ordinary); 92/180/181/182
  # days with property (out of 殷都's 60 days and 001's 60 days); filed
  # 2026-01-01: 6 months end 07-01 (closed 06-30, 07-01 in; 07-02 out); filed
  # 2026-04-01: 6 months end 10-01, a holiday, so 10-08 (10-08 in, 10-09 out).
  # 001 60 days: 执1-6 and 执11-12 (no property), 5 within.  执13: 61 days
  # with an auction ruling (property under disposal: out of both 60 days).
  for p in yindu reform2023 spc; do
    run --separate-stderr report -p $p --from 2026-01-01 --to 2026-12-31 --as-of 2026-12-31 --by court -o jsonl "$D/boundary.jsonl"
    [ "$status" -eq 0 ]
    rows | grep -E '40d|60d|6m' | sed "s/^/$p\t/"
  done > "$BATS_TEST_TMPDIR/got"
  diff -u "$D/boundary.expected" "$BATS_TEST_TMPDIR/got"
}

@test "report -p jianli: 第三组2 线索查控 per handler, monthly, and the stages table" {
  run -0 --separate-stderr report -p jianli --as-of 2026-11-30 -o jsonl "$D/jianli.jsonl"
  diff -u "$D/jianli.expected" <(rows | grep jianli)
  run -0 --separate-stderr report -p jianli --as-of 2026-11-30 "$D/jianli.jsonl"
  [ "${lines[0]}" = "监利市人民法院 执行质效通报  2026-11-01 至 2026-11-30（截至 2026-11-30）" ]
  printf '%s\n' "$output" | grep -A6 '^各组案件' > "$BATS_TEST_TMPDIR/stages"
  diff -u - "$BATS_TEST_TMPDIR/stages" <<'T'
各组案件（按流程阶段）
阶段          名称                    收案  移交  结案  超期
online        第一组 线上查控（3周）     1     0     0     0
clue          第三组 线索查控（8周）     0     2     2     2
disposal      第四组 财产处置（1周）     1     0     0     0
anti_evasion  第五组 拒执打击（1周）     1     0     0     0
合计          -                          3     2     2     2
T
}

@test "report: every indicator of every profile has an expected figure" {
  for p in spc xinmi reform2023 yindu shihe jianli; do
    report -p $p --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl" 2>/dev/null | jq -r .indicator || true
  done | sort -u > "$BATS_TEST_TMPDIR/ids"
  cut -f2 "$D/spc.expected" "$D/reform2023.expected" "$D/jianli.expected" > "$BATS_TEST_TMPDIR/have"
  cut -f3 "$D/boundary.expected" >> "$BATS_TEST_TMPDIR/have"
  run comm -23 "$BATS_TEST_TMPDIR/ids" <(sort -u "$BATS_TEST_TMPDIR/have")
  [ -z "$output" ]
  [ "$(wc -l < "$BATS_TEST_TMPDIR/ids")" -eq 39 ]
}

@test "report: the tables: statuses, overdue rules ranked with their clause, 终本 failures, funds issues, tracks" {
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 "$D/annotated.jsonl"
  printf '%s\n' "$output" | grep -qx 'spc.deadline.notice  人民法院应当在收到申请执行书或者移交执行书后十日内发出执行通知  民诉法解释（2022） 第480条           2           6.5'
  printf '%s\n' "$output" | grep -qx 'spc.term.consumption_ban  已向被执行人发出限制消费令                                    法〔2016〕373号 第一条(二)             1'
  printf '%s\n' "$output" | grep -qx '超期未发放  通报     1  2,000.50'
  printf '%s\n' "$output" | grep -qx 'first   首次执行     2     3     2'
}

@test "report --period: week = the 7 days ending --as-of; month, quarter, year from their first day" {
  for a in "week 2026-11-16" "month 2026-11-01" "quarter 2026-10-01" "year 2026-01-01"; do
    set -- $a
    run -1 --separate-stderr report -p spc --period $1 --as-of 2026-11-22 "$D/annotated.jsonl"
    [ "${lines[0]}" = "最高人民法院（全国统一基准） 执行质效通报  $2 至 2026-11-22（截至 2026-11-22）" ]
  done
  run -1 --separate-stderr report -p spc --from 2026-11-17 --to 2026-11-22 --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl"
  # 执101 filed 11-16 is now outside: 一组 receives nothing
  [ "$(printf '%s\n' "$output" | jq -c 'select(.group.team == "执行一组" and .indicator == "spc.report.received") | .value')" = 0 ]
}

@test "report: usage errors exit 2 with one message; other tools keep -o jsonl|csv" {
  run -2 --separate-stderr report -o bogus "$D/annotated.jsonl"
  [ "${stderr%%$'\n'*}" = "report: invalid argument 'bogus' for option -o (text, md, csv, jsonl, html or xlsx)" ]
  run -2 --separate-stderr report --period week --from 2026-01-01 --to 2026-01-31 "$D/annotated.jsonl"
  [ "$stderr" = "report: --period and --from/--to exclude each other" ]
  run -2 --separate-stderr report --from 2026-01-01 "$D/annotated.jsonl"
  [ "$stderr" = "report: --from and --to go together" ]
  run -2 --separate-stderr report --from 2026-02-01 --to 2026-01-31 "$D/annotated.jsonl"
  [ "$stderr" = "report: --from is after --to" ]
  run -2 --separate-stderr report --by judge "$D/annotated.jsonl"
  [ "$stderr" = "report: invalid --by 'judge' (team, handler, stage, track, or court for none)" ]
  run -2 --separate-stderr report --period fortnight "$D/annotated.jsonl"
  run -2 --separate-stderr triage -o md "$D/annotated.jsonl"
  run -2 --separate-stderr triage -O x "$D/annotated.jsonl"
}

@test "report: a bad indicator in a profile is a clear message, exit 2" {
  printf '%s\n' '{"id": "bad", "extends": "spc", "report": [{"id": "bad.report.x", "name": "x", "source": "s", "unit": "count", "formula": "count", "when": {"var": "amout"}}]}' > "$BATS_TEST_TMPDIR/bad.json"
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/bad.json" "$D/annotated.jsonl"
  [ "$stderr" = "report: $BATS_TEST_TMPDIR/bad.json: report indicator bad.report.x: bad \"when\": unknown field 'amout'" ]
  printf '%s\n' '{"id": "bad", "extends": "spc", "report": [{"id": "bad.report.y", "name": "y", "source": "s", "unit": "percent", "formula": "rate", "numerator": {}}]}' > "$BATS_TEST_TMPDIR/bad.json"
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/bad.json" "$D/annotated.jsonl"
  [ "$stderr" = "report: $BATS_TEST_TMPDIR/bad.json: report indicator bad.report.y: a rate needs a \"numerator\" and a \"denominator\" object" ]
}

# --- strict indicator keys (issue 20): an unknown key in an indicator or in
# its numerator or denominator is an error naming the file, the indicator and
# the key, exit 2, nothing written, as a rule's unknown key is -------------

IND_COMMON='id, name, source, note, unit, formula, requires, target, better'

# indicator FORMULA UNIT 'BODY': a profile over spc whose report section has
# the one indicator {"id":"x.report.i","name":"i","source":"s",FORMULA,UNIT,BODY}
# (the file x.json, or the include FILE when $INC is set).
indicator() {
  local ind
  ind=$(printf '{"id":"x.report.i","name":"i","source":"s","formula":"%s","unit":"%s",%s}' "$1" "$2" "$3")
  if [ -n "${INC:-}" ]; then
    mkdir -p "$BATS_TEST_TMPDIR/x"
    printf '{"id":"x","extends":"spc","include":["x/report.json"]}' > "$BATS_TEST_TMPDIR/x.json"
    printf '{"report":[%s]}' "$ind" > "$BATS_TEST_TMPDIR/x/report.json"
  else
    printf '{"id":"x","extends":"spc","report":[%s]}' "$ind" > "$BATS_TEST_TMPDIR/x.json"
  fi
}

@test "report: an indicator with a misspelt key is refused, naming the file, the indicator and the key (issue 20)" {
  indicator count count '"wehn":{"==":[1,1]}'
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" "$D/annotated.jsonl"
  assert_equal "$output" ""
  assert_equal "$stderr" "report: $BATS_TEST_TMPDIR/x.json: report indicator x.report.i: unknown key 'wehn' (a count indicator takes when, and $IND_COMMON)"
  # a count sums nothing: its "value" is refused the same way
  indicator count count '"value":{"var":"amount"}'
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" "$D/annotated.jsonl"
  assert_equal "$stderr" "report: $BATS_TEST_TMPDIR/x.json: report indicator x.report.i: unknown key 'value' (a count indicator takes when, and $IND_COMMON)"
  indicator sum money '"value":{"var":"amount"},"requries":["filed_on"]'
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" "$D/annotated.jsonl"
  assert_equal "$stderr" "report: $BATS_TEST_TMPDIR/x.json: report indicator x.report.i: unknown key 'requries' (a sum indicator takes when, value, and $IND_COMMON)"
  indicator mean days '"value":{"var":"amount"},"numerator":{}'
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" "$D/annotated.jsonl"
  assert_equal "$stderr" "report: $BATS_TEST_TMPDIR/x.json: report indicator x.report.i: unknown key 'numerator' (a mean indicator takes when, value, and $IND_COMMON)"
}

@test "report: a rate's own when (read only in its numerator and denominator) and a misspelt key in a part are refused (issue 20)" {
  indicator rate percent '"when":{"==":[1,1]},"numerator":{},"denominator":{}'
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" "$D/annotated.jsonl"
  assert_equal "$output" ""
  assert_equal "$stderr" "report: $BATS_TEST_TMPDIR/x.json: report indicator x.report.i: unknown key 'when' (a rate indicator takes numerator, denominator, and $IND_COMMON)"
  indicator rate percent '"numerator":{"wen":{"==":[1,1]}},"denominator":{}'
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" "$D/annotated.jsonl"
  assert_equal "$stderr" "report: $BATS_TEST_TMPDIR/x.json: report indicator x.report.i: unknown key 'wen' (a \"numerator\" takes when, value)"
  indicator rate percent '"numerator":{},"denominator":{"when":{"==":[1,1]},"note":"n"}'
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" "$D/annotated.jsonl"
  assert_equal "$stderr" "report: $BATS_TEST_TMPDIR/x.json: report indicator x.report.i: unknown key 'note' (a \"denominator\" takes when, value)"
}

@test "report: an indicator's error names the include file that holds it (issue 20)" {
  INC=1 indicator count count '"wehn":{"==":[1,1]}'
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" "$D/annotated.jsonl"
  assert_equal "$stderr" "report: $BATS_TEST_TMPDIR/x/report.json: report indicator x.report.i: unknown key 'wehn' (a count indicator takes when, and $IND_COMMON)"
  # one that redefines spc's indicator by id: the file of the redefinition
  printf '{"id":"x","extends":"spc","report":[{"id":"spc.report.received","name":"i","source":"s","unit":"count","formula":"count","wen":1}]}' > "$BATS_TEST_TMPDIR/x.json"
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" "$D/annotated.jsonl"
  assert_equal "$stderr" "report: $BATS_TEST_TMPDIR/x.json: report indicator spc.report.received: unknown key 'wen' (a count indicator takes when, and $IND_COMMON)"
}

@test "report: every indicator key is accepted, for each formula and in a rate's parts (issue 20)" {
  local common='"note":"n","requires":["filed_on"],"target":1,"better":"higher"'
  indicator count count "$common"',"when":{"present":"filed_on"}'
  run -1 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl"
  # 9 cases with filed_on, one unreadable (2026-13-45): requires leaves it out
  assert_equal "$(jqo 'select(.indicator == "x.report.i" and .group == {}) | .value')" 8
  indicator sum money "$common"',"when":{"present":"filed_on"},"value":{"var":"amount"}'
  run -1 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl"
  assert_equal "$(jqo 'select(.indicator == "x.report.i" and .group == {}) | .value')" 276999.99
  indicator mean money "$common"',"when":{"present":"filed_on"},"value":{"var":"amount"}'
  run -1 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl"
  assert_equal "$(jqo 'select(.indicator == "x.report.i" and .group == {}) | .value')" 34625
  indicator rate percent "$common"',"numerator":{"when":{"present":"closed_on"},"value":{"var":"amount"}},"denominator":{"when":{"present":"filed_on"},"value":{"var":"amount"}}'
  run -1 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl"
  assert_equal "$(jqo 'select(.indicator == "x.report.i" and .group == {}) | [.numerator, .denominator]')" '[254999.99,276999.99]'
}

@test "report -o jsonl: a money mean's denominator is its count of records, not divided as fen (it was 0.08 for 8)" {
  indicator mean money '"when":{"present":"filed_on"},"requires":["filed_on"],"value":{"var":"amount"}'
  run -1 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl"
  # 8 readable filing dates; amounts 276,999.99 yuan in all (一组 3: 115,000; 二组 5: 161,999.99)
  assert_equal "$(jqo 'select(.indicator == "x.report.i")')" '{"group":{"team":""},"indicator":"x.report.i","name":"i","unit":"money","value":null,"numerator":0,"denominator":0,"target":null,"short":false}
{"group":{"team":"执行一组"},"indicator":"x.report.i","name":"i","unit":"money","value":38333.33,"numerator":115000,"denominator":3,"target":null,"short":false}
{"group":{"team":"执行二组"},"indicator":"x.report.i","name":"i","unit":"money","value":32400,"numerator":161999.99,"denominator":5,"target":null,"short":false}
{"group":{},"indicator":"x.report.i","name":"i","unit":"money","value":34625,"numerator":276999.99,"denominator":8,"target":null,"short":false}'
  # a money rate's numerator and denominator stay in yuan
  indicator rate percent '"requires":["filed_on"],"numerator":{"when":{"present":"closed_on"},"value":{"var":"amount"}},"denominator":{"when":{"present":"filed_on"},"value":{"var":"amount"}}'
  run -1 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl"
  assert_equal "$(jqo 'select(.indicator == "x.report.i" and .group == {}) | [.numerator, .denominator]')" '[254999.99,276999.99]'
  # a rate of counts: whole numbers
  indicator rate percent '"numerator":{"when":{"present":"closed_on"}},"denominator":{"when":{"present":"filed_on"}}'
  run -1 --separate-stderr report -p "$BATS_TEST_TMPDIR/x.json" --as-of 2026-11-22 -o jsonl "$D/annotated.jsonl"
  assert_equal "$(jqo 'select(.indicator == "x.report.i" and .group == {}) | [.value, .numerator, .denominator]')" '[0.444444,4,9]'
}

@test "report: --by team,handler and --by track group the rows" {
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 --by team,handler -o jsonl "$D/annotated.jsonl"
  [ "$(printf '%s\n' "$output" | jq -c 'select(.indicator == "spc.report.received") | [.group, .value]' | tr '\n' ' ')" = \
    '[{"team":"","handler":""},0] [{"team":"执行一组","handler":"张三"},1] [{"team":"执行一组","handler":"李四"},0] [{"team":"执行二组","handler":"王五"},1] [{"team":"执行二组","handler":"赵六"},1] [{},3] ' ]
  run -1 --separate-stderr report -p spc --as-of 2026-11-22 --by track -o jsonl "$D/annotated.jsonl"
  [ "$(printf '%s\n' "$output" | jq -c 'select(.indicator == "spc.report.closed") | [.group, .value]' | tr '\n' ' ')" = \
    '[{"track":""},0] [{"track":"first"},3] [{"track":"resume"},0] [{},3] ' ]
}

@test "report --by court: only the court total, labelled 全院; an empty input gives empty rates" {
  run -0 --separate-stderr report -p yindu --by court --from 2026-01-01 --to 2026-12-31 --as-of 2026-12-31 "$D/boundary.jsonl"
  [ "${lines[2]}" = "范围  收案数  结案数  未结数  结案率  执行完毕率  终本率" ]
  [ "${lines[3]}" = "全院      13      13       0  100.0%      100.0%    0.0%" ]
  run -0 --separate-stderr report -p spc --as-of 2026-11-22 -o jsonl < /dev/null
  [ "${#lines[@]}" -eq 20 ]
  [ "$(printf '%s\n' "$output" | jq -c 'select(.unit == "percent" or .unit == "days") | .value' | sort -u)" = "null" ]
}

@test "report: the indicators chart draws report_settings.chart (spc 节点超期率, reform2023 网络查控发起率); an unknown id is exit 2" {
  legend() {  # the first legend entry of the indicators chart
    report -p "$1" --as-of 2026-11-22 --period year -o html "$D/annotated.jsonl" 2>/dev/null \
      | sed -n '/data-chart="bar-vs"/,/<\/svg>/p' | grep -o '<text[^>]*>[^<]*</text>' | head -1 | sed 's/<[^>]*>//g'
  }
  [ "$(legend spc)" = "节点超期率" ]
  [ "$(legend yindu)" = "节点超期率" ]
  [ "$(legend reform2023)" = "网络查控发起率" ]
  printf '%s\n' '{"id": "bad", "extends": "spc", "report_settings": {"chart": "spc.report.nope"}}' > "$BATS_TEST_TMPDIR/bad.json"
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/bad.json" "$D/annotated.jsonl"
  [ "$output" = "" ]
  [ "$stderr" = "report: $BATS_TEST_TMPDIR/bad.json: report_settings.chart: no indicator 'spc.report.nope'" ]
}

@test "report: a profile-level error names the file, in the loader's FILE: form (issue 20)" {
  # report_settings.chart: the file that gives it, an include or a parent's
  mkdir -p "$BATS_TEST_TMPDIR/inc"
  printf '%s\n' '{"id": "bad2", "extends": "spc", "include": ["inc/r.json"]}' > "$BATS_TEST_TMPDIR/bad2.json"
  printf '%s\n' '{"report_settings": {"chart": 3}}' > "$BATS_TEST_TMPDIR/inc/r.json"
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/bad2.json" "$D/annotated.jsonl"
  [ "$output" = "" ]
  [ "$stderr" = "report: $BATS_TEST_TMPDIR/inc/r.json: report_settings.chart: not an indicator id" ]
  printf '%s\n' '{"id": "bad", "extends": "spc", "report_settings": {"chart": "spc.report.nope"}}' > "$BATS_TEST_TMPDIR/bad.json"
  printf '%s\n' '{"id": "bad3", "extends": "bad.json"}' > "$BATS_TEST_TMPDIR/bad3.json"
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/bad3.json" "$D/annotated.jsonl"
  [ "$stderr" = "report: $BATS_TEST_TMPDIR/bad.json: report_settings.chart: no indicator 'spc.report.nope'" ]
  # the child's chart wins, and is good
  printf '%s\n' '{"id": "bad3", "extends": "bad.json", "report_settings": {"chart": "spc.report.received"}}' > "$BATS_TEST_TMPDIR/bad3.json"
  run -1 --separate-stderr report -p "$BATS_TEST_TMPDIR/bad3.json" --as-of 2026-11-22 "$D/annotated.jsonl"
  [ -n "$output" ]
  # report_settings.period: not one of the four, or not a text (it was read as week)
  printf '%s\n' '{"id": "p1", "extends": "spc", "report_settings": {"period": "fortnight"}}' > "$BATS_TEST_TMPDIR/p1.json"
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/p1.json" "$D/annotated.jsonl"
  [ "$output" = "" ]
  [ "$stderr" = "report: $BATS_TEST_TMPDIR/p1.json: report_settings.period 'fortnight' is not week, month, quarter or year" ]
  printf '%s\n' '{"id": "p1", "extends": "spc", "report_settings": {"period": 3}}' > "$BATS_TEST_TMPDIR/p1.json"
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/p1.json" "$D/annotated.jsonl"
  [ "$stderr" = "report: $BATS_TEST_TMPDIR/p1.json: report_settings.period is not week, month, quarter or year" ]
  printf '%s\n' '{"id": "p1", "extends": "spc", "report_settings": {"period": "month"}}' > "$BATS_TEST_TMPDIR/p1.json"
  run -1 --separate-stderr report -p "$BATS_TEST_TMPDIR/p1.json" --as-of 2026-11-22 "$D/annotated.jsonl"
  [ "${lines[0]}" = "$(report -p spc --as-of 2026-11-22 --period month "$D/annotated.jsonl" 2>/dev/null | head -1)" ]
  # no "report" section: the profile's own file
  printf '%s\n' '{"id": "bare", "name": "b"}' > "$BATS_TEST_TMPDIR/bare.json"
  run -2 --separate-stderr report -p "$BATS_TEST_TMPDIR/bare.json" "$D/annotated.jsonl"
  [ "$output" = "" ]
  [ "$stderr" = "report: $BATS_TEST_TMPDIR/bare.json: profile bare has no \"report\" section (a list of indicators)" ]
}
