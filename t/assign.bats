#!/usr/bin/env bats
# assign (分案): teams, handlers and judges by the profiles' route rules,
# with rotation state kept between runs.
load helper
bats_require_minimum_version 1.5.0

D="$BATS_TEST_DIRNAME/fixtures/assign"
P='[.case_no,.team,.handler,(.judge//""),(.assign_rule//"")]|@tsv'

# tsv projection of the last run's output
proj() { printf '%s\n' "$output" | jq -r "$P"; }

# The records of the files sorted by case number (SPEC 3.2: year, court,
# kind, seq as a number, 之N), one compact JSON line each.
by_case_no() {
  jq -sc 'sort_by(.case_no | capture("[（(](?<y>[0-9]+)[）)](?<c>[^执]+)执(?<k>[^0-9]*)(?<n>[0-9]+)号(之(?<s>.))?")
            | [(.y | tonumber), .c, .k, (.n | tonumber), (.s // "")]) | .[]' "$@"
}

# The reform2023 roster as JSON lines (team, member, role, active), with
# the members named in $1 (space separated) marked inactive.
reform_roster() {
  jq -c --arg off "$1" '($off | split(" ")) as $o | .teams[] | .id as $t | .members[] |
    {team: $t, member: .name, role: .role, active: ((.name | IN($o[])) | not)}' \
    "$ZHIXING_SHARE/profiles/reform2023/assign.json"
}

@test "assign: every profile loads its route rules (counts per profile)" {
  for p in spc:1 shihe:2 xinmi:5 yindu:4 jianli:10 reform2023:22; do
    run -0 assign -p "${p%%:*}" --list-rules
    [ "$(printf '%s\n' "$output" | awk -F'\t' '$2 == "route"' | wc -l)" -eq "${p##*:}" ]
  done
}

# ---- reform2023 (执行权运行机制改革方案（试行） 二) ----

@test "assign reform2023 二(二)1(2): 首执 cases round-robin 一→二→三, handlers in turn within each team" {
  run -0 --separate-stderr assign -p reform2023 "$D/first7.jsonl"
  diff -u "$D/first7.expected.tsv" <(proj)
}

@test "assign reform2023 二(二)1(3)(4), 二(二)3, 二(二)4: named routing, criminal, ruling, preservation, entrusted, affairs" {
  run -0 --separate-stderr assign -p reform2023 "$D/named.jsonl"
  diff -u "$D/named.expected.tsv" <(proj)
  # fire / not fire, spelled out
  [ "$(proj | sed -n 1p | cut -f3)" = 刘旭 ]           # party_gov
  [ "$(proj | sed -n 2p | cut -f3)" = 刘旭 ]           # 涉信用社清收 (Chinese flag)
  [ "$(proj | sed -n 3p | cut -f3)" = 张欣 ]           # bank
  [ "$(proj | sed -n 4p | cut -f5)" = reform2023.route.bank ]   # bank wins over the five causes
  [ "$(proj | sed -n 5p | cut -f3)" = 刘旭 ]           # a credit union applying: 涉信用社清收, not 其他银行
  [ "$(proj | sed -n 6,10p | cut -f3 | tr '\n' ' ')" = "彭帅 孟令源 张婷婷 彭帅 孟令源 " ]
  [ "$(proj | sed -n 11p | cut -f5)" = reform2023.route.first ] # 民间借贷纠纷: not one of the five
  [ "$(proj | sed -n 12p | cut -f5)" = reform2023.route.first ] # 信用卡纠纷
  [ "$(proj | sed -n 13,15p | cut -f2 | sort -u)" = 执恢第一团队 ]  # gang, duty_crime, illegal_fundraising
  [ "$(proj | sed -n 16p | cut -f5)" = reform2023.route.first ] # criminal alone: not 1(4)
  [ "$(proj | sed -n 17,18p | cut -f5 | sort -u)" = reform2023.route.ruling ]   # 执异, 执监
  [ "$(proj | sed -n 19p | cut -f5)" = spc.route.by_track ]     # 执复: not named by 二(二)3
  [ "$(proj | sed -n 20,22p | cut -f2 | sort -u)" = 保全团队 ]       # 执保, 执协, entrusted
  [ "$(proj | sed -n 23,26p | cut -f3 | tr '\n' ' ')" = "宋治国 张婷婷 孟令源 宋治国 " ]
}

@test "assign reform2023 二(二)1(3): a government party goes to 刘旭; a sub-cause of the five contracts to the three" {
  run -0 --separate-stderr assign -p reform2023 <<'EOF'
{"case_no":"（2023）豫0183执31号","track":"first","respondent_kind":"government"}
{"case_no":"（2023）豫0183执32号","track":"first","applicant_kind":"党政机关"}
{"case_no":"（2023）豫0183执33号","track":"first","respondent_kind":"company"}
{"case_no":"（2023）豫0183执34号","track":"first","cause":"分期付款买卖合同纠纷"}
{"case_no":"（2023）豫0183执35号","track":"first","cause":"融资租赁合同纠纷"}
{"case_no":"（2023）豫0183执36号","track":"first","cause":"民间借贷纠纷"}
EOF
  assert_equal "$(proj | cut -f3,5 | tr '\t\n' ': ')" "刘旭:reform2023.route.party_gov 刘旭:reform2023.route.party_gov 谭猛:reform2023.route.first 彭帅:reform2023.route.business_contracts 孟令源:reform2023.route.business_contracts 吴志勇:reform2023.route.first "
}

@test "assign reform2023 二(二)1(3) over 一(一)1(1)D: a five-contract case on the affairs track goes to the three named; 房屋买卖合同纠纷 is not one" {
  run -0 --separate-stderr assign -p reform2023 <<'EOF'
{"case_no":"（2023）豫0183执41号","track":"affairs","applicant_kind":"company","cause":"买卖合同纠纷"}
{"case_no":"（2023）豫0183执42号","track":"affairs","cause":"信用卡纠纷"}
{"case_no":"（2023）豫0183执43号","track":"first","cause":"金融借款合同纠纷"}
{"case_no":"（2023）豫0183执44号","track":"affairs","respondent_kind":"company","cause":"分期付款买卖合同纠纷"}
{"case_no":"（2023）豫0183执45号","track":"first","applicant_kind":"company","cause":"房屋买卖合同纠纷"}
{"case_no":"（2023）豫0183执46号","track":"affairs","subject":"transfer","cause":"房屋买卖合同纠纷"}
{"case_no":"（2023）豫0183执47号","track":"first","cause":"委托理财合同纠纷"}
{"case_no":"（2023）豫0183执48号","track":"first","cause":"加工合同纠纷"}
EOF
  # one cursor over both tracks: 彭帅, 孟令源, 张婷婷, 彭帅 ...
  assert_equal "$(proj | cut -f2,3,5 | tr '\t\n' ': ')" \
    "执行事务中心案件组:彭帅:reform2023.route.business_contracts 执行事务中心案件组:宋治国:reform2023.route.affairs 执行事务中心案件组:孟令源:reform2023.route.business_contracts 执行事务中心案件组:张婷婷:reform2023.route.business_contracts 首执第一团队:谭猛:reform2023.route.first 执行事务中心案件组:张婷婷:reform2023.route.affairs 首执第二团队:吴志勇:reform2023.route.first 执行事务中心案件组:彭帅:reform2023.route.business_contracts "
  assert_equal "$stderr" ''
}

@test "triage | assign reform2023: a 买卖合同纠纷 with a company party is triaged to affairs and assigned to the named three (二(二)1(3)); 房屋买卖合同纠纷 goes the 首执 way" {
  run -0 --separate-stderr bash -c 'triage -p reform2023 | assign -p reform2023' <<'EOF'
{"case_no":"（2023）豫0183执51号","amount":500000,"applicant_kind":"company","cause":"买卖合同纠纷"}
{"case_no":"（2023）豫0183执52号","amount":500000,"applicant_kind":"company","cause":"房屋买卖合同纠纷"}
{"case_no":"（2023）豫0183执53号","amount":500000,"cause":"信用卡纠纷"}
EOF
  assert_equal "$(printf '%s\n' "$output" | jq -r '[.track, .handler, .assign_rule] | @tsv' | tr '\t\n' ': ')" \
    "affairs:彭帅:reform2023.route.business_contracts first:谭猛:reform2023.route.first affairs:宋治国:reform2023.route.affairs "
}

@test "assign reform2023 二(二)2: 执恢 by handler status, property, 推磨 and the 2022-01-01 cut-off" {
  run -0 --separate-stderr assign -p reform2023 "$D/resume.jsonl"
  diff -u "$D/resume.expected.tsv" <(proj)
}

@test "assign reform2023 二(二)2(3): 推磨 一→二, 二→三, 三→一 (alias 首执三团队), not from a 执恢 team" {
  run -0 --separate-stderr assign -p reform2023 "$D/resume.jsonl"
  [ "$(proj | sed -n 7p | cut -f2,5)" = "首执第二团队	reform2023.route.resume.terminated.rotate" ]
  [ "$(proj | sed -n 8p | cut -f2,5)" = "首执第三团队	reform2023.route.resume.terminated.rotate" ]
  [ "$(proj | sed -n 9p | cut -f2,5)" = "首执第一团队	reform2023.route.resume.terminated.rotate" ]
  # exception: property to dispose of -> the original handler
  [ "$(proj | sed -n 10p | cut -f2,3,5)" = "首执第三团队	王满	reform2023.route.resume.terminated.original" ]
  [ "$(proj | sed -n 11p | cut -f5)" = reform2023.route.resume.other.no_property ]
}

@test "assign reform2023 二(二)2(2): 2021-12-31 is before the cut-off, 2022-01-01 and 2022-01-02 after" {
  run -0 --separate-stderr assign -p reform2023 "$D/resume.jsonl"
  # 2021-12-31, property to dispose of: the original handler
  [ "$(proj | sed -n 12p | cut -f3,5)" = "吴志勇	reform2023.route.resume.term_before_2022.property" ]
  # 2022-01-01, same facts: another handler of the same team
  [ "$(proj | sed -n 13p | cut -f2,5)" = "首执第二团队	reform2023.route.resume.term_after_2022" ]
  [ "$(proj | sed -n 13p | cut -f3)" != 吴志勇 ]
  # 2021-12-31 without property: 执恢一; with deposits: 执恢二
  [ "$(proj | sed -n 14p | cut -f2,5)" = "执恢第一团队	reform2023.route.resume.term_before_2022.other.no_property" ]
  [ "$(proj | sed -n 15p | cut -f2,5)" = "执恢第二团队	reform2023.route.resume.term_before_2022.other.property" ]
  for n in 16 17; do
    [ "$(proj | sed -n ${n}p | cut -f2,5)" = "首执第二团队	reform2023.route.resume.term_after_2022" ]
    [ "$(proj | sed -n ${n}p | cut -f3)" != 吴志勇 ]
  done
}

@test "assign reform2023 二(二)2(1): transferred handler, no property 执恢一; 0.01 yuan found or property 执恢二" {
  run -0 --separate-stderr assign -p reform2023 "$D/resume.jsonl"
  [ "$(proj | sed -n 1p | cut -f2)" = 执恢第一团队 ]
  [ "$(proj | sed -n 2p | cut -f2)" = 执恢第二团队 ]
  [ "$(proj | sed -n 3p | cut -f2)" = 执恢第二团队 ]
  [ "$(proj | sed -n 4p | cut -f2)" = 执恢第一团队 ]
  # 二(二)2(4): the four named handlers' cases go to the 执恢 teams
  [ "$(proj | sed -n 5p | cut -f5)" = reform2023.route.resume.named.no_property ]
  [ "$(proj | sed -n 6p | cut -f5)" = reform2023.route.resume.named.property ]
}

@test "assign: roster with an inactive member: he gets no new cases, the original-handler exception passes on" {
  reform_roster "范鑫 王满" > "$BATS_TEST_TMPDIR/roster.jsonl"
  run -0 --separate-stderr assign -p reform2023 --roster "$BATS_TEST_TMPDIR/roster.jsonl" "$D/first7.jsonl"
  [ "$(proj | cut -f3 | tr '\n' ' ')" = "谭猛 吴志勇 靳志刚 李涛 徐启明 魏拥军 谭猛 " ]
  # 执恢10: 终结执行 with property, original handler 王满 inactive -> 推磨 from 首执三 to 首执一
  run -0 --separate-stderr assign -p reform2023 --roster "$BATS_TEST_TMPDIR/roster.jsonl" "$D/resume.jsonl"
  [ "$(proj | sed -n 10p | cut -f2,5)" = "首执第一团队	reform2023.route.resume.terminated.rotate" ]
  ! proj | cut -f3 | grep -qx -e 范鑫 -e 王满
  # 执恢18, 19: no prior_handler_active; the roster has 范鑫 inactive, so he left (二(二)2(1)), by property
  [ "$(proj | sed -n 18,19p | cut -f2,5 | tr '\t\n' ': ')" = "执恢第一团队:reform2023.route.resume.transferred.no_property 执恢第二团队:reform2023.route.resume.transferred.property " ]
}

@test "assign reform2023 二(二)2(2): without prior_handler_active, the roster tells whether the prior handler is still here" {
  run -0 --separate-stderr assign -p reform2023 "$D/resume.jsonl"
  # 执恢18, 19: 范鑫 active on the roster, 终本 on 2022-06-01: another handler of his team
  [ "$(proj | sed -n 18,19p | cut -f2,5 | tr '\t\n' ': ')" = "首执第一团队:reform2023.route.resume.term_after_2022 首执第一团队:reform2023.route.resume.term_after_2022 " ]
  ! proj | sed -n 18,19p | cut -f3 | grep -qx 范鑫
  # a prior handler the roster does not list decides nothing: by property (二(二)2(1) as the fallback)
  run -0 --separate-stderr assign -p reform2023 <<< '{"case_no":"（2023）豫0183执恢40号","track":"resume","prior_handler":"无名氏","prior_team":"首执第一团队","prior_close_method":"终本","prior_closed_on":"2022-06-01"}'
  [ "$(proj | cut -f5)" = reform2023.route.resume.other.no_property ]
}

@test "assign: a CSV roster in Chinese headers; 调出 is inactive; teams it lacks give a warning, not a guess" {
  run -0 --separate-stderr assign -p xinmi --roster "$D/roster-xinmi.csv" "$D/xinmi.jsonl"
  [ "$(proj | sed -n 1,3p | cut -f3 | tr '\n' ' ')" = "王伟红 李新 王伟红 " ]
  [ "$(proj | sed -n 4p | cut -f2,3,5)" = "		" ]
  [ "${stderr_lines[0]}" = "$D/xinmi.jsonl:4: handler: warning: no route rule assigned a handler (track oneshot); last tried spc.route.by_track: team '一次性有效执行团队' is not in the roster" ]
}

@test "assign: a roster without a person a rule names is a configuration error (exit 2)" {
  run -2 --separate-stderr assign -p reform2023 --roster "$D/roster-xinmi.csv" "$D/first7.jsonl"
  [ "$output" = "" ]
  [ "$stderr" = "assign: $ZHIXING_SHARE/profiles/reform2023/assign.json: rule reform2023.route.affairs: team '执行事务中心案件组' is not in the roster (roster $D/roster-xinmi.csv)" ]
}

# ---- the other profiles ----

@test "assign yindu 一(五): every case an 执行员 and a 员额法官 of its team (placeholder roster)" {
  run -0 --separate-stderr assign -p yindu "$D/yindu.jsonl"
  diff -u - <(proj) <<'EOF'
（2022）豫0505执1号	快执团队	快执执行员1	快执法官1	yindu.route.pair
（2022）豫0505执2号	快执团队	快执执行员2	快执法官2	yindu.route.pair
（2022）豫0505执3号	快执团队	快执执行员3	快执法官1	yindu.route.pair
（2022）豫0505执4号	普执团队	普执执行员1	普执法官1	yindu.route.pair
（2022）豫0505执5号	特执团队	特执执行员1	特执法官1	yindu.route.pair
（2022）豫0505执保6号	事务集约团队	事务集约执行员2		yindu.route.preservation
（2022）豫0505执7号	事务集约团队	事务集约执行员1		yindu.route.entrusted
EOF
  # in case-number order 执7号 (kind 执) comes before 执保6号: it is given the first officer
}

@test "assign xinmi 二–四, 一(五): team by track, officers in turn (马伟峰、王伟红), 执恢 to 终本案件管理组" {
  run -0 --separate-stderr assign -p xinmi "$D/xinmi.jsonl"
  diff -u - <(proj) <<'EOF'
（2022）豫0183执1号	快执团队	马伟峰		xinmi.route.fast
（2022）豫0183执2号	快执团队	王伟红		xinmi.route.fast
（2022）豫0183执3号	快执团队	马伟峰		xinmi.route.fast
（2022）豫0183执4号	一次性有效执行团队	一次性执行员1		xinmi.route.oneshot
（2022）豫0183执5号	一次性有效执行团队	一次性执行员2		xinmi.route.oneshot
（2022）豫0183执6号	普通执行团队	普通执行员1		xinmi.route.ordinary
（2022）豫0183执7号	普通执行团队	普通执行员2		xinmi.route.ordinary
（2022）豫0183执恢8号	终本案件管理组	司宏伟		xinmi.route.resume
（2022）豫0183执保9号	保全执行团队	保全承办人1		spc.route.by_track
EOF
}

@test "assign jianli 第一组3 and the stage groups: leaders take new cases; 第七组, 第二组6" {
  run -0 --separate-stderr assign -p jianli "$D/jianli.jsonl"
  diff -u - <(proj) <<'EOF'
（2022）鄂1023执1号	线上查控组	杨琼		jianli.route.online
（2022）鄂1023执2号	线上查控组	杨琼		jianli.route.online
（2022）鄂1023执3号	线下查控组	平俊		jianli.route.offline
（2022）鄂1023执4号	财产处置组	段德志		jianli.route.disposal
（2022）鄂1023执5号	财产处置组	冯兰		jianli.route.disposal
（2022）鄂1023执6号	拒执打击组	瞿年生		jianli.route.anti_evasion
（2022）鄂1023执7号	终本办理组	崔义明		jianli.route.termination
（2022）鄂1023执8号	终本办理组	孙小庆		jianli.route.termination
（2022）鄂1023执异9号	指挥监控组	吴小敏		jianli.route.ruling
（2022）鄂1023执保10号	线下查控组	黄振		jianli.route.preservation
（2022）鄂1023执11号	指挥监控组	吴敦辉		jianli.route.entrusted
EOF
  # case-number order: 执11号 (kind 执) before 执异9号, so 执11号 gets the group's first member
}

@test "assign jianli 第三组1: random-even over the clue group's four officers (not the leader), the same from the seed every time" {
  run -0 --separate-stderr assign -p jianli "$D/clue10.jsonl"
  diff -u "$D/clue10.expected.tsv" <(proj)
  [ "$(proj | cut -f3 | sort | uniq -c | awk '{print $1}' | sort -u | tr '\n' ' ')" = "2 3 " ]
  [ "$(proj | sed -n 1,4p | cut -f3 | sort | uniq | wc -l)" -eq 4 ]   # a full round before any repeats
  [ "$(proj | sed -n 9,10p | cut -f3 | sort | uniq | wc -l)" -eq 2 ]  # the third round's two differ
  ! proj | cut -f3 | grep -q 唐崇廉                                    # the leader hands out, draws none
  # 4 then 6 cases over two runs with a state file: the same ten
  S="$BATS_TEST_TMPDIR/j.state"
  head -4 "$D/clue10.jsonl" > "$BATS_TEST_TMPDIR/a"; tail -6 "$D/clue10.jsonl" > "$BATS_TEST_TMPDIR/b"
  run -0 assign -p jianli --state "$S" "$BATS_TEST_TMPDIR/a"; a=$(proj)
  run -0 assign -p jianli --state "$S" "$BATS_TEST_TMPDIR/b"; b=$(proj)
  diff -u "$D/clue10.expected.tsv" <(printf '%s\n%s\n' "$a" "$b")
  [ "$(jq -r '.bags["rule:jianli.route.clue"].rng' "$S")" = 8ff347857ad2e530 ]
}

@test "assign spc and shihe 二(五)1: team by track, least-loaded handler, ties in roster order, loads from the state" {
  for p in spc shihe; do
    run -0 --separate-stderr assign -p $p "$D/spc.jsonl"
    [ "$(proj | sed -n 1,4p | cut -f3 | tr '\n' ' ')" = "首执承办人1 首执承办人2 首执承办人3 首执承办人1 " ]
    [ "$(proj | sed -n 5,7p | cut -f2 | tr '\n' ' ')" = "恢复执行团队 保全执行团队 执行裁决团队 " ]
    [ "$(proj | sed -n 1p | cut -f5)" = $p.route.by_track ]
  done
  printf '{"version":1,"profile":"spc","cursors":{},"loads":{"首执承办人1":5,"首执承办人2":3,"首执承办人3":3},"bags":{}}\n' > "$BATS_TEST_TMPDIR/s"
  run -0 assign -p spc --state "$BATS_TEST_TMPDIR/s" "$D/spc.jsonl"
  [ "$(proj | sed -n 1,4p | cut -f3 | tr '\n' ' ')" = "首执承办人2 首执承办人3 首执承办人2 首执承办人3 " ]
}

# ---- state ----

@test "assign --state: three nights continue the rotation: the same as one run per case, in case-number order" {
  S="$BATS_TEST_TMPDIR/night.state"
  out=""
  for n in 1 2 3; do
    run -0 --separate-stderr assign -p reform2023 --state "$S" "$D/night$n.jsonl"
    out="$out$output"$'\n'
  done
  diff -u "$D/nights.expected.tsv" <(printf '%s' "$out" | jq -r "$P")
  # each night's cases one run each, in case-number order: the same people, the same state
  one="$BATS_TEST_TMPDIR/one.state"
  for n in 1 2 3; do
    by_case_no "$D/night$n.jsonl" | while IFS= read -r c; do
      printf '%s\n' "$c" | assign -p reform2023 --state "$one" | jq -r "$P"
    done
  done | sort > "$BATS_TEST_TMPDIR/one.tsv"
  diff -u <(sort "$D/nights.expected.tsv") "$BATS_TEST_TMPDIR/one.tsv"
  cmp "$S" "$one"
  # one run over the three nights orders all their cases together (执 before
  # 执保 before 执恢): the same as one run per case in that order
  run -0 --separate-stderr assign -p reform2023 --state "$BATS_TEST_TMPDIR/once.state" "$D/night1.jsonl" "$D/night2.jsonl" "$D/night3.jsonl"
  all="$BATS_TEST_TMPDIR/all.state"
  by_case_no "$D"/night[123].jsonl | while IFS= read -r c; do
    printf '%s\n' "$c" | assign -p reform2023 --state "$all" | jq -r "$P"
  done | sort > "$BATS_TEST_TMPDIR/all.tsv"
  diff -u "$BATS_TEST_TMPDIR/all.tsv" <(proj | sort)
  cmp "$all" "$BATS_TEST_TMPDIR/once.state"
  ! diff -q "$BATS_TEST_TMPDIR/all.tsv" <(sort "$D/nights.expected.tsv")
  # and without the state the second night starts over (first team again)
  run -0 assign -p reform2023 "$D/night2.jsonl"
  [ "$(proj | sed -n 1p | cut -f2)" = 首执第一团队 ]
  run -0 assign -p reform2023 --state "$BATS_TEST_TMPDIR/n2.state" "$D/night1.jsonl"
  run -0 assign -p reform2023 --state "$BATS_TEST_TMPDIR/n2.state" "$D/night2.jsonl"
  [ "$(proj | sed -n 1p | cut -f2)" = 首执第三团队 ]
  [ "$(jq -r '.loads["谭猛"]' "$S")" = 2 ]
}

@test "assign --state: same input and same state give the same bytes (output and state)" {
  run -0 assign -p reform2023 --state "$BATS_TEST_TMPDIR/x" "$D/night1.jsonl"
  cp "$BATS_TEST_TMPDIR/x" "$BATS_TEST_TMPDIR/y"
  run -0 assign -p reform2023 --state "$BATS_TEST_TMPDIR/x" "$D/named.jsonl" "$D/resume.jsonl"
  o1=$output
  run -0 assign -p reform2023 --state "$BATS_TEST_TMPDIR/y" "$D/named.jsonl" "$D/resume.jsonl"
  [ "$output" = "$o1" ]
  cmp "$BATS_TEST_TMPDIR/x" "$BATS_TEST_TMPDIR/y"
}

@test "assign --dry-run reads the state and leaves it untouched" {
  S="$BATS_TEST_TMPDIR/d.state"
  run -0 assign -p reform2023 --state "$S" "$D/night1.jsonl"
  cp "$S" "$BATS_TEST_TMPDIR/before"
  run -0 assign -p reform2023 --state "$S" --dry-run "$D/night2.jsonl"
  [ "$(proj | sed -n 1p | cut -f2)" = 首执第三团队 ]
  cmp "$S" "$BATS_TEST_TMPDIR/before"
  run -0 assign -p reform2023 --state "$BATS_TEST_TMPDIR/none" --dry-run "$D/night2.jsonl"
  [ ! -e "$BATS_TEST_TMPDIR/none" ]
}

@test "assign --state: a missing file is a fresh state and is created; its shape" {
  S="$BATS_TEST_TMPDIR/new.state"
  run -0 assign -p reform2023 --state "$S" "$D/first7.jsonl"
  run jq -c '{version, profile, c: .cursors["rule:reform2023.route.first"], t1: .cursors["team:首执第一团队"], l: .loads["谭猛"], bags}' "$S"
  assert_output '{"version":1,"profile":"reform2023","c":"首执第一团队","t1":"李涛","l":1,"bags":{}}'
}

@test "assign --state: a corrupt or foreign state file is exit 2, named, nothing written" {
  S="$BATS_TEST_TMPDIR/bad.state"
  printf '{"version":1,"profile":"reform2023","cursors":{' > "$S"
  run -2 --separate-stderr assign -p reform2023 --state "$S" "$D/first7.jsonl"
  [ "$output" = "" ]
  [[ "$stderr" == "assign: state file $S: "* ]]
  printf '{"version":1,"profile":"reform2023","cursors":{},"loads":{"谭猛":"x"},"bags":{}}' > "$S"
  run -2 --separate-stderr assign -p reform2023 --state "$S" "$D/first7.jsonl"
  [ "$stderr" = "assign: state file $S: a load is not a count" ]
  run -0 assign -p jianli --state "$BATS_TEST_TMPDIR/j" "$D/clue10.jsonl"
  run -2 --separate-stderr assign -p reform2023 --state "$BATS_TEST_TMPDIR/j" "$D/first7.jsonl"
  [ "$stderr" = "assign: state file $BATS_TEST_TMPDIR/j: written for profile 'jianli', not 'reform2023'" ]
  run -2 --separate-stderr assign -p reform2023 --state "$BATS_TEST_TMPDIR/no/such/dir/s" "$D/first7.jsonl"
  [[ "$stderr" == "assign: state file $BATS_TEST_TMPDIR/no/such/dir/s: directory "* ]]
}

@test "assign: SIGKILL during a 200,000-case run leaves the old state, valid JSON" {
  T="$BATS_TEST_TMPDIR"
  awk 'BEGIN { for (i = 1; i <= 200000; i++) printf "{\"case_no\":\"（2023）豫0183执%d号\",\"track\":\"first\"}\n", i }' > "$T/big.jsonl"
  run -0 assign -p reform2023 --state "$T/s" "$D/night1.jsonl"
  cp "$T/s" "$T/old"
  # the whole input is read, the end of it never comes: killed mid-run for sure
  mkfifo "$T/in"
  assign -p reform2023 --state "$T/s" < "$T/in" > "$T/out" 2>/dev/null 3>&- &
  pid=$!
  exec 4>"$T/in"
  cat "$T/big.jsonl" >&4
  kill -9 $pid
  exec 4>&-
  wait $pid || true
  cmp "$T/s" "$T/old"
  jq -e '.version == 1' "$T/s"
}

@test "assign: SIGKILL at any moment of a large run leaves the old state or the new one, never a broken one" {
  T="$BATS_TEST_TMPDIR"
  awk 'BEGIN { for (i = 1; i <= 200000; i++) printf "{\"case_no\":\"（2023）豫0183执%d号\",\"track\":\"first\"}\n", i }' > "$T/big.jsonl"
  run -0 assign -p reform2023 --state "$T/old" "$D/night1.jsonl"
  cp "$T/old" "$T/new"
  assign -p reform2023 --state "$T/new" "$T/big.jsonl" > /dev/null
  olds=0 news=0
  for d in 0.01 0.1 0.2 0.4 0.6 0.8 1.0 1.3 1.6 2.0 3 5; do
    cp "$T/old" "$T/s"
    assign -p reform2023 --state "$T/s" "$T/big.jsonl" > /dev/null 2>&1 3>&- &
    pid=$!
    sleep $d
    kill -9 $pid 2>/dev/null || true
    wait $pid || true
    jq -e '.version == 1' "$T/s" > /dev/null
    if cmp -s "$T/s" "$T/old"; then olds=$((olds + 1)); else cmp "$T/s" "$T/new"; news=$((news + 1)); fi
  done
  [ $((olds + news)) -eq 12 ]
  [ "$olds" -ge 1 ]
}

# ---- overlapping runs (one lock on the state, FILE.lock) ----

# Waits (up to 5 s) until the lock file $1 names process $2.
wait_for_lock() {
  local i
  for i in $(seq 100); do
    [ "$(cat "$1" 2>/dev/null)" = "$2" ] && return 0
    sleep 0.05
  done
  return 1
}

@test "assign --state: a run that cannot get the lock in --wait exits 3, names the state and the holder, writes nothing" {
  T="$BATS_TEST_TMPDIR"
  S="$T/s.json"
  run -0 assign -p reform2023 --state "$S" "$D/night1.jsonl"
  cp "$S" "$T/before"
  # the lock held by flock(1)'s way, on a descriptor of this shell
  exec 8>>"$S.lock"
  flock -x 8
  : > "$S.lock"
  SECONDS=0
  run -3 --separate-stderr assign -p reform2023 --state "$S" --wait 1 "$D/night2.jsonl" 8>&-
  [ "$SECONDS" -le 3 ]
  [ "$output" = "" ]
  [ "$stderr" = "assign: state file $S: another run holds its lock; gave up after waiting 1 s (--wait); lock file $S.lock" ]
  # with a live holder's pid in the lock file, it is named
  echo $$ > "$S.lock"
  run -3 --separate-stderr assign -p reform2023 --state "$S" --wait 0 "$D/night2.jsonl" 8>&-
  [ "$output" = "" ]
  [ "$stderr" = "assign: state file $S: another run holds its lock (pid $$); gave up after waiting 0 s (--wait); lock file $S.lock" ]
  flock -u 8
  exec 8>&-
  cmp "$S" "$T/before"
  # released: the same run goes through, and continues the state
  run -0 --separate-stderr assign -p reform2023 --state "$S" --wait 0 "$D/night2.jsonl"
  [ "$(proj | sed -n 1p | cut -f2)" = 首执第三团队 ]
  [ "$(cat "$S.lock")" = "" ]   # emptied by the run that held it
}

@test "assign --wait: not a number of seconds is a usage error" {
  run -2 --separate-stderr assign -p reform2023 --state "$BATS_TEST_TMPDIR/s" --wait soon "$D/night1.jsonl"
  [ "$output" = "" ]
  [ "${stderr_lines[0]}" = "assign: invalid argument 'soon' for option --wait (seconds, 0 to 86400)" ]
  run -2 --separate-stderr assign -p reform2023 --wait -1 "$D/night1.jsonl"
  run -0 --separate-stderr assign -p reform2023 --wait 0.5 "$D/night1.jsonl"
}

@test "assign --state: a run killed with SIGKILL while holding the lock does not block the next; the holder is named while alive" {
  T="$BATS_TEST_TMPDIR"
  S="$T/s.json"
  run -0 assign -p reform2023 --state "$S" "$D/night1.jsonl"
  cp "$S" "$T/before"
  # a run holding the lock and waiting for input that has not come
  mkfifo "$T/in"
  exec 7<>"$T/in"
  assign -p reform2023 --state "$S" "$T/in" > /dev/null 2>&1 3>&- 7>&- &
  pid=$!
  wait_for_lock "$S.lock" "$pid"
  run -3 --separate-stderr assign -p reform2023 --state "$S" --wait 0 "$D/night2.jsonl" 7>&-
  [ "$stderr" = "assign: state file $S: another run holds its lock (pid $pid); gave up after waiting 0 s (--wait); lock file $S.lock" ]
  kill -9 "$pid"
  wait "$pid" || true
  exec 7>&-
  cmp "$S" "$T/before"
  SECONDS=0
  run -0 --separate-stderr assign -p reform2023 --state "$S" --wait 5 "$D/night2.jsonl"
  [ "$SECONDS" -le 2 ]
  [ "$(proj | sed -n 1p | cut -f2)" = 首执第三团队 ]
}

@test "assign --state: two runs at once give the same assignments and state as the two one after the other" {
  T="$BATS_TEST_TMPDIR"
  cat "$D/night1.jsonl" "$D/named.jsonl" > "$T/a"
  cat "$D/night2.jsonl" "$D/night3.jsonl" "$D/resume.jsonl" > "$T/b"
  # one after the other, either way
  assign -p reform2023 --state "$T/ab" "$T/a" > "$T/ab.a"; assign -p reform2023 --state "$T/ab" "$T/b" > "$T/ab.b"
  assign -p reform2023 --state "$T/ba" "$T/b" > "$T/ba.b"; assign -p reform2023 --state "$T/ba" "$T/a" > "$T/ba.a"
  ! cmp -s "$T/ab.a" "$T/ba.a"
  for round in 1 2 3; do
    S="$T/s$round"
    # both start while the lock is held, so both wait, then race for it
    exec 8>>"$S.lock"
    flock -x 8
    assign -p reform2023 --state "$S" "$T/a" > "$T/c.a" 2>/dev/null 3>&- 8>&- &
    pa=$!
    assign -p reform2023 --state "$S" "$T/b" > "$T/c.b" 2>/dev/null 3>&- 8>&- &
    pb=$!
    sleep 0.3
    flock -u 8
    exec 8>&-
    wait $pa
    wait $pb
    if cmp -s "$T/c.a" "$T/ab.a"; then w=ab; else w=ba; fi
    cmp "$T/c.a" "$T/$w.a"
    cmp "$T/c.b" "$T/$w.b"
    cmp "$S" "$T/$w"
    [ "$(jq '[.loads[]] | add' "$S")" -eq $(($(wc -l < "$T/a") + $(wc -l < "$T/b"))) ]
  done
}

@test "assign --dry-run takes no lock: it runs while a real run holds the lock, and never holds up a real run" {
  T="$BATS_TEST_TMPDIR"
  S="$T/s.json"
  run -0 assign -p reform2023 --state "$S" "$D/night1.jsonl"
  exec 8>>"$S.lock"
  flock -x 8
  run -0 --separate-stderr assign -p reform2023 --state "$S" --dry-run --wait 0 "$D/night2.jsonl" 8>&-
  [ "$(proj | sed -n 1p | cut -f2)" = 首执第三团队 ]
  flock -u 8
  exec 8>&-
  # a dry run waiting for its input holds nothing
  mkfifo "$T/in"
  exec 7<>"$T/in"
  assign -p reform2023 --state "$S" --dry-run "$T/in" > /dev/null 2>&1 3>&- 7>&- &
  pid=$!
  sleep 0.2
  run -0 --separate-stderr assign -p reform2023 --state "$S" --wait 0 "$D/night2.jsonl" 7>&-
  kill -9 "$pid"
  wait "$pid" || true
  exec 7>&-
  [ "$(jq '[.loads[]] | add' "$S")" -eq 9 ]   # night1's 4 cases and night2's 5
}

# ---- records ----

@test "assign: a case with a team or handler keeps them; --reassign assigns it anew" {
  run -0 --separate-stderr assign -p reform2023 "$D/kept.jsonl"
  assert_line -n 0 '{"case_no":"（2023）豫0183执201号","track":"first","team":"首执第三团队","handler":"王满","assign_rule":null}'
  assert_line -n 1 '{"case_no":"（2023）豫0183执202号","track":"first","handler":"王满","assign_rule":null}'
  [ "$(proj | sed -n 3p | cut -f2,3)" = "首执第一团队	谭猛" ]   # empty team and handler: not assigned yet
  run -0 --separate-stderr assign -p reform2023 --reassign "$D/kept.jsonl"
  [ "$(proj | cut -f3 | tr '\n' ' ')" = "谭猛 吴志勇 靳志刚 " ]
}

@test "assign: an unreadable value blocks its rule: error naming the rule, no guess, records in = out, exit 1" {
  run -1 --separate-stderr assign -p reform2023 "$D/bad.jsonl"
  [ "${#lines[@]}" -eq 3 ]
  [ "$(printf '%s\n' "${lines[0]}" | jq -c '[.team, .handler, .assign_rule, .errors[0].field]')" = '[null,null,null,"assets_cash"]' ]
  [ "${stderr_lines[0]}" = "$D/bad.jsonl:1: assets_cash: not assigned: rule reform2023.route.resume.transferred.no_property cannot be decided: assets_cash: invalid money 'abc'" ]
  [ "$(printf '%s\n' "${lines[1]}" | jq -r '._raw | length > 0')" = true ]
  [ "$(printf '%s\n' "${lines[2]}" | jq -r .handler)" = 谭猛 ]
}

@test "assign: a case without a track is triaged first (track written), then assigned" {
  printf '{"case_no":"（2023）豫0183执保1号"}\n{"case_no":"（2023）豫0183执异2号"}\n' > "$BATS_TEST_TMPDIR/n.jsonl"
  run -0 --separate-stderr assign -p reform2023 "$BATS_TEST_TMPDIR/n.jsonl"
  [ "$(printf '%s\n' "${lines[0]}" | jq -r '[.track, .team] | @tsv')" = "preservation	保全团队" ]
  [ "$(printf '%s\n' "${lines[1]}" | jq -r '[.track, .team] | @tsv')" = "ruling	执行裁决团队" ]
}

# ---- case-number order (SPEC 5.3; 001 二(一)2 按案号排序分案, 二(二)1(2) 按案号依次分案) ----

@test "assign 二(二)1(2): cases out of order are distributed by case number, written in input order, no warning" {
  printf '%s\n' '{"case_no":"（2023）豫0183执10号","track":"first"}' '{"case_no":"（2023）豫0183执9号","track":"first"}' > "$BATS_TEST_TMPDIR/o.jsonl"
  run -0 --separate-stderr assign -p reform2023 "$BATS_TEST_TMPDIR/o.jsonl"
  [ "$stderr" = "" ]
  assert_equal "$(proj | cut -f1,2 | tr '\t\n' ': ')" "（2023）豫0183执10号:首执第二团队 （2023）豫0183执9号:首执第一团队 "
}

@test "assign 二(二)1(2): seq is a number (9 / 10 / 11), then 之一; year before court before kind before seq" {
  printf '%s\n' \
    '{"case_no":"（2023）豫0183执11号","track":"first"}' \
    '{"case_no":"（2023）豫0183执10号之一","track":"first"}' \
    '{"case_no":"（2023）豫0183执10号","track":"first"}' \
    '{"case_no":"(2023)豫0183执9号","track":"first"}' > "$BATS_TEST_TMPDIR/s.jsonl"
  run -0 --separate-stderr assign -p reform2023 "$BATS_TEST_TMPDIR/s.jsonl"
  # 9 -> 一, 10 -> 二, 10之一 -> 三, 11 -> 一
  assert_equal "$(proj | cut -f2 | tr '\n' ' ')" "首执第一团队 首执第三团队 首执第二团队 首执第一团队 "
  printf '%s\n' \
    '{"case_no":"（2023）豫0183执1号","track":"first"}' \
    '{"case_no":"（2023）豫0182执2号","track":"first"}' \
    '{"case_no":"（2022）豫0183执3号","track":"first"}' > "$BATS_TEST_TMPDIR/y.jsonl"
  run -0 --separate-stderr assign -p reform2023 "$BATS_TEST_TMPDIR/y.jsonl"
  # (2022)…执3 -> 一, (2023)豫0182执2 -> 二, (2023)豫0183执1 -> 三
  assert_equal "$(proj | cut -f2 | tr '\n' ' ')" "首执第三团队 首执第二团队 首执第一团队 "
}

@test "assign: the same cases shuffled give every case the same team, handler, judge and rule, and the same state" {
  T="$BATS_TEST_TMPDIR"
  for p in reform2023:"named resume first7 night1 night2 night3" jianli:"jianli clue10" yindu:yindu xinmi:xinmi spc:spc; do
    prof=${p%%:*}
    files=""
    for f in ${p#*:}; do files="$files $D/$f.jsonl"; done
    cat $files > "$T/in.jsonl"
    by_case_no "$T/in.jsonl" > "$T/sorted.jsonl"
    tac "$T/in.jsonl" > "$T/rev.jsonl"
    shuf --random-source=<(yes) "$T/in.jsonl" > "$T/shuf.jsonl"
    rm -f "$T"/st.*
    for v in in sorted rev shuf; do
      assign -p "$prof" --state "$T/st.$v" "$T/$v.jsonl" 2>/dev/null > "$T/out.$v"
      # records in input order
      diff <(jq -r .case_no "$T/$v.jsonl") <(jq -r .case_no "$T/out.$v")
      jq -r "$P" "$T/out.$v" | sort > "$T/tsv.$v"
    done
    for v in in rev shuf; do
      diff -u "$T/tsv.sorted" "$T/tsv.$v"
      cmp "$T/st.sorted" "$T/st.$v"
    done
  done
}

@test "assign: standard input (file, pipe, '-'), a FIFO, <(...) and CSV agree with the file read twice" {
  T="$BATS_TEST_TMPDIR"
  cat "$D/first7.jsonl" "$D/named.jsonl" | tac > "$T/in.jsonl"
  run -0 --separate-stderr assign -p reform2023 "$T/in.jsonl"
  want=$output
  run -0 --separate-stderr assign -p reform2023 < "$T/in.jsonl"
  [ "$output" = "$want" ]
  run -0 --separate-stderr bash -c 'cat "$1" | assign -p reform2023 -' _ "$T/in.jsonl"
  [ "$output" = "$want" ]
  run -0 --separate-stderr bash -c 'assign -p reform2023 <(cat "$1")' _ "$T/in.jsonl"
  [ "$output" = "$want" ]
  mkfifo "$T/fifo"
  cat "$T/in.jsonl" > "$T/fifo" &
  run -0 --separate-stderr assign -p reform2023 "$T/fifo"
  [ "$output" = "$want" ]
  # two inputs, the first on standard input: the order is the run's
  head -10 "$T/in.jsonl" > "$T/a"; tail -n +11 "$T/in.jsonl" > "$T/b"
  run -0 --separate-stderr bash -c 'cat "$1" | assign -p reform2023 - "$2"' _ "$T/a" "$T/b"
  [ "$output" = "$want" ]
  # CSV on a pipe, a quoted newline in a cell; with (empty) columns for the
  # fields the route rules read: a missing column would leave them undecided
  # (issue 18)
  { echo 'case_no,track,note,cause,flags,applicant_kind,respondent_kind,prior_handler_active,needs_disposal,assets_cash,prior_handler,prior_close_method,prior_closed_on'
    tac "$D/first7.jsonl" | jq -r '[.case_no, (.track // ""), "a\nb", "", "", "", "", "", "", "", "", "", ""] | @csv'; } > "$T/in.csv"
  run -0 --separate-stderr assign -p reform2023 "$T/in.csv"
  csv=$output
  [ "$(jq -r "$P" <<< "$csv" | sort)" = "$(sort "$D/first7.expected.tsv")" ]
  run -0 --separate-stderr bash -c 'cat "$1" | assign -p reform2023' _ "$T/in.csv"
  [ "$output" = "$csv" ]
}

@test "assign: diagnostics of standard input keep their line numbers; a case without a readable number goes last, with a warning" {
  printf '%s\n' '{"track":"first"}' '{"case_no":"（2023）豫0183执2号","track":"first"}' '{"case_no":"第3号","track":"first"}' '{"case_no":"（2023）豫0183执1号","track":"first"}' > "$BATS_TEST_TMPDIR/u.jsonl"
  run -0 --separate-stderr assign -p reform2023 < "$BATS_TEST_TMPDIR/u.jsonl"
  # 执1 -> 一, 执2 -> 二, then the two without a number in input order: 三, 一
  assert_equal "$(proj | cut -f2 | tr '\n' ' ')" "首执第三团队 首执第二团队 首执第一团队 首执第一团队 "
  [ "${stderr_lines[0]}" = "<stdin>:1: case_no: warning: no readable case number: distributed after the run's numbered cases, in input order" ]
  [ "${stderr_lines[1]}" = "<stdin>:3: case_no: warning: no readable case number: distributed after the run's numbered cases, in input order" ]
  [ "${#stderr_lines[@]}" -eq 2 ]
  [ "$(printf '%s\n' "${lines[0]}" | jq -c '.warnings[0].field')" = '"case_no"' ]
}

@test "assign --explain: each rule tried, with its trace" {
  run -0 --separate-stderr assign -p reform2023 --explain "$D/resume.jsonl"
  run jq -c '.assign_explain[-1]' <<< "${lines[12]}"
  assert_output '{"rule":"reform2023.route.resume.term_after_2022","source":"执行权运行机制改革方案（试行） 二(二)2(2)","result":"assigned","trace":["prior_handler_active true == true: true","prior_close_method 终结本次执行程序 == 终结本次执行程序: true","prior_closed_on 2022-01-01 >= 2022-01-01: true"]}'
}

@test "assign --explain: the whole assign_explain of a case whose route rule is undecided" {
  run -1 --separate-stderr assign -p reform2023 --explain "$D/bad.jsonl"
  diff -u - <(printf '%s\n' "${lines[0]}" | jq -c '.assign_explain[]') <<'EOF2'
{"rule":"reform2023.route.entrusted","source":"执行权运行机制改革方案（试行） 二(二)4","result":"not applicable","trace":["flag entrusted: false"]}
{"rule":"reform2023.route.criminal","source":"执行权运行机制改革方案（试行） 二(二)1(4)；一(三)1(1)","result":"not applicable","trace":["flag gang: false","flag duty_crime: false","flag illegal_fundraising: false"]}
{"rule":"reform2023.route.resume.transferred.no_property","source":"执行权运行机制改革方案（试行） 二(二)2(1)","result":"undecided","trace":["prior_handler_active false == false: true","needs_disposal: false","assets_cash invalid 'abc' > 0.00: unknown","rule reform2023.route.resume.transferred.no_property cannot be decided: assets_cash: invalid money 'abc'"]}
EOF2
  [ "${stderr_lines[0]}" = "$D/bad.jsonl:1: assets_cash: not assigned: rule reform2023.route.resume.transferred.no_property cannot be decided: assets_cash: invalid money 'abc'" ]
}

@test "assign --explain: a rule whose method finds nobody has the reason as its result" {
  run -0 --separate-stderr assign -p reform2023 --explain "$D/resume.jsonl"
  [ "$(jqo -c '[.assign_explain[] | select(.result | IN("assigned", "not applicable") | not) | [.rule, .result]]' | jq -sc add)" = '[["reform2023.route.resume.terminated.rotate","prior team 执恢第一团队 is not in the rotation"]]' ]
}

@test "assign: without --explain the same input has no assign_explain and nothing else differs" {
  run -1 --separate-stderr assign -p reform2023 --explain "$D/bad.jsonl"
  local with="$(jqo 'del(.assign_explain)')" with_err="$stderr"
  run -1 --separate-stderr assign -p reform2023 "$D/bad.jsonl"
  [ "$(jqo 'has("assign_explain")' | sort -u)" = false ]
  [ "$(jqo .)" = "$with" ]
  [ "$stderr" = "$with_err" ]
}

@test "assign: CSV output appends team, handler, judge, assign_rule" {
  run -0 --separate-stderr assign -p yindu -o csv "$D/yindu.jsonl"
  assert_line -n 0 'case_no,track,team,handler,judge,assign_rule,warnings,errors,_raw,_more'
  assert_line -n 1 '（2022）豫0505执1号,fast,快执团队,快执执行员1,快执法官1,yindu.route.pair,,,,'
  assert_line -n 6 '（2022）豫0505执保6号,preservation,事务集约团队,事务集约执行员2,,yindu.route.preservation,,,,'
}

@test "assign --help and the man page" {
  run -0 assign --help
  assert_output --partial '--state FILE'
  run -0 sh -c "LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l '$ZX_ROOT/share/man/man1/assign.1' 2>&1 >/dev/null"
  [ "$output" = "" ]
}

@test "assign: CSV in and out with --explain: assign_explain is a column (it used to be dropped or nested)" {
  printf 'case_no,amount,flags\n（2023）豫0505执1号,5,\n' > "$BATS_TEST_TMPDIR/a.csv"
  run --separate-stderr assign -p yindu --as-of 2024-01-01 --explain -o csv "$BATS_TEST_TMPDIR/a.csv"
  [ "${lines[0]}" = 'case_no,amount,flags,team,handler,judge,assign_rule,assign_explain,warnings,errors,_raw' ]
  [[ "${lines[1]}" == *'""result"":'* ]]
}

# A profile over xinmi (tracks fast, oneshot, ordinary) with one route
# whose "tracks" is $1.
route_tracks() {
  printf '{"id":"rt","extends":"xinmi","rules":[{"id":"rt.route.x","kind":"route","source":"s","method":"least_loaded","team_from":"track","tracks":%s}]}' "$1" > "$BATS_TEST_TMPDIR/rt.json"
}

@test "assign: a route's tracks are checked by the profile loader, as every rule's track: an unknown one fails to load in every tool (issue 20)" {
  route_tracks '["fast","nowhere"]'
  run -2 --separate-stderr assign -p "$BATS_TEST_TMPDIR/rt.json" --dry-run </dev/null
  assert_output ''
  assert_equal "$stderr" "assign: $BATS_TEST_TMPDIR/rt.json: rule rt.route.x: unknown track 'nowhere'"
  # it used to load in the other tools and fail only in assign
  run -2 --separate-stderr triage -p "$BATS_TEST_TMPDIR/rt.json" </dev/null
  assert_equal "$stderr" "triage: $BATS_TEST_TMPDIR/rt.json: rule rt.route.x: unknown track 'nowhere'"
  route_tracks '[3]'
  run -2 --separate-stderr assign -p "$BATS_TEST_TMPDIR/rt.json" --dry-run </dev/null
  assert_equal "$stderr" "assign: $BATS_TEST_TMPDIR/rt.json: rule rt.route.x: unknown track '3'"
  route_tracks '"fast"'
  run -2 --separate-stderr assign -p "$BATS_TEST_TMPDIR/rt.json" --dry-run </dev/null
  assert_equal "$stderr" "assign: $BATS_TEST_TMPDIR/rt.json: rule rt.route.x: \"tracks\" is not a list of track ids"
  # the profile's own tracks and the spc kind tracks are known
  route_tracks '["fast","oneshot","ordinary","first","resume","preservation","ruling"]'
  run -0 --separate-stderr assign -p "$BATS_TEST_TMPDIR/rt.json" --dry-run </dev/null
  [ -z "$stderr" ]
}

@test "assign: CSV read twice (the first reading keeps the route fields): quoted cells, a cell over two lines, Excel's =\"…\", rows without a track and a ragged row give the JSON lines' picks and state" {
  T="$BATS_TEST_TMPDIR"
  # every third case without a track (triage, built in, reads it whole: 执7号's
  # subject, which no route rule reads, puts it on the affairs track)
  cat "$D/named.jsonl" "$D/resume.jsonl" "$D/first7.jsonl" | tac |
    jq -sc 'to_entries[] | if .key % 3 == 0 then .value | del(.track) else .value end
      | if .case_no == "（2023）豫0183执7号" then .subject = "transfer" else . end' > "$T/in.jsonl"
  # the same as CSV: a column for each field the rules read (issue 18), cells
  # quoted by @csv, and a note column: a cell over two lines, an Excel
  # formula, doubled quotes and a comma
  jq -rs '(map(keys_unsorted) | add + ["respondent_kind", "subject", "amount", "kind", "events", "filed_on",
      "respondent_missing", "respondent_local", "respondent_employed", "preserved", "applicant", "respondent",
      "closed_on"] | unique) as $k | ($k + ["note"] | @csv),
    (to_entries[] | .key as $i | .value | [.[$k[]] | if type == "array" or type == "object" then tojson else . end]
      | @csv + "," + (if $i == 4 then "\"a\nb\"" elif $i == 7 then "=\"12\"" elif $i == 10 then "\"he said \"\"hi\"\", ok\"" else "" end))' \
    "$T/in.jsonl" > "$T/in.csv"
  sed -i '8a "（2023）豫0183执999号",first' "$T/in.csv"   # a ragged row: broken in both readings
  run -0 --separate-stderr assign -p reform2023 --state "$T/st.j" "$T/in.jsonl"
  want=$(proj)
  [ "$(wc -l <<< "$want")" -eq 53 ]
  run -1 --separate-stderr assign -p reform2023 --state "$T/st.c" "$T/in.csv"
  assert_equal "$(printf '%s\n' "$output" | jq -r "select(has(\"_raw\") | not) | $P")" "$want"
  cmp "$T/st.j" "$T/st.c"
  assert_equal "$(printf '%s\n' "$output" | jq -c 'select(has("_raw")) | [.errors[0].message, has("team")]')" '["row has 2 fields, header has 26",false]'
  assert_equal "${stderr_lines[0]}" "$T/in.csv:9: _raw: row has 2 fields, header has 26"
  assert_equal "${stderr_lines[1]}" "$T/in.csv:11: note: warning: Excel formula =\"...\" read as the text inside it"
  # cases without a track in the input: triage's track, then the rule, in case-number order
  assert_equal "$(printf '%s\n' "$output" | jq -r 'select(.case_no | IN("（2023）豫0183执恢9号", "（2023）豫0183执7号", "（2023）豫0183执4号")) | [.case_no, .track, .team, .handler, .assign_rule] | @tsv')" \
"（2023）豫0183执7号	affairs	执行事务中心案件组	宋治国	reform2023.route.affairs
（2023）豫0183执4号	first	首执第一团队	范鑫	reform2023.route.first
（2023）豫0183执恢9号	resume	首执第一团队	范鑫	reform2023.route.resume.terminated.rotate"
}
