#!/usr/bin/env bats
# Profiles: the condition language (t/unit/test_expr.c), loading and merging
# (t/unit/test_profile.c), every shipped profile, and each kind of broken
# profile in t/fixtures/profiles/ with its exact message and exit status 2.
load helper
bats_require_minimum_version 1.5.0

P="$FIX/profiles"

@test "profiles: condition language unit checks pass" {
  run "$ZX_UNIT/test_expr"
  assert_success
  assert_output --regexp '^ok [0-9]+ checks$'
}

@test "profiles: loading and merging unit checks pass" {
  run "$ZX_UNIT/test_profile"
  assert_success
  assert_output --regexp '^ok [0-9]+ checks$'
}

@test "profiles: every shipped profile loads" {
  for id in spc xinmi reform2023 yindu shihe jianli; do
    run "$ZX_UNIT/test_profile" load "$id"
    assert_success
    assert_output --regexp "^$id: [0-9]+ rules\$"
  done
}

@test "profiles: every shipped profile loads by path too" {
  for id in spc xinmi reform2023 yindu shihe jianli; do
    run "$ZX_UNIT/test_profile" load "$ZHIXING_SHARE/profiles/$id.json"
    assert_success
    assert_output --regexp "^$id: [0-9]+ rules\$"
  done
}

@test "profiles: every shipped rule id starts with its profile and cites a source" {
  for id in spc xinmi reform2023 yindu shihe jianli; do
    run "$ZX_UNIT/test_profile" list "$id"
    assert_success
    if [ -n "$output" ]; then
      run awk -F'\t' 'NF != 3 || $3 == "" || $1 !~ /^(spc|xinmi|reform2023|yindu|shihe|jianli)\.[^.]/' <<< "$output"
      assert_output ''
    fi
  done
}

@test "profiles: each court keeps its tracks and team names (SPEC 2)" {
  tracks() { jq -r '[.tracks[]? | "\(.id)=\(.team)"] | join(" ")' "$ZHIXING_SHARE/profiles/$1.json"; }
  [ "$(tracks spc)" = "first=首次执行团队 resume=恢复执行团队 preservation=保全执行团队 ruling=执行裁决团队" ]
  [ "$(tracks xinmi)" = "fast=快执团队 oneshot=一次性有效执行团队 ordinary=普通执行团队" ]
  [ "$(tracks yindu)" = "fast=快执团队 ordinary=普执团队 special=特执团队" ]
  [ "$(tracks reform2023)" = "affairs=执行事务中心案件组 first=首执团队 resume=执恢团队 preservation=保全团队 ruling=执行裁决团队" ]
  [ "$(tracks jianli)" = "online=线上查控组 offline=线下查控组 clue=线索查控组 disposal=财产处置组 anti_evasion=拒执打击组 termination=终本办理组" ]
  [ "$(tracks shihe)" = "" ]
}

@test "profiles: a good fixture over spc loads" {
  run "$ZX_UNIT/test_profile" list "$P/override_spc.json"
  assert_success
  assert_line --index 0 "bad.fast	track	s"
}

@test "profiles: unknown profile id" {
  run -2 "$ZX_UNIT/test_profile" load nosuch
  assert_output "$ZHIXING_SHARE/profiles/nosuch.json: unknown profile 'nosuch'"
}

@test "profiles: a missing profile file" {
  run -2 "$ZX_UNIT/test_profile" load "$P/nowhere.json"
  assert_output "$P/nowhere.json: No such file or directory"
}

@test "profiles: JSON syntax error gives FILE:LINE:COL" {
  run -2 "$ZX_UNIT/test_profile" load "$P/syntax.json"
  assert_output "$P/syntax.json:3:42: '}' expected near '\"source\"'"
}

@test "profiles: a rule without source" {
  run -2 "$ZX_UNIT/test_profile" load "$P/no_source.json"
  assert_output "$P/no_source.json: rule bad.nosource: no source"
  run -2 "$ZX_UNIT/test_profile" load "$P/empty_source.json"
  assert_output "$P/empty_source.json: rule bad.emptysource: no source"
}

@test "profiles: unknown field in a condition" {
  run -2 "$ZX_UNIT/test_profile" load "$P/unknown_field.json"
  assert_output "$P/unknown_field.json: rule bad.field: unknown field 'amout'"
}

@test "profiles: unknown node" {
  run -2 "$ZX_UNIT/test_profile" load "$P/unknown_node.json"
  assert_output "$P/unknown_node.json: rule bad.node: unknown node 'x' in \"node\""
}

@test "profiles: bad period" {
  run -2 "$ZX_UNIT/test_profile" load "$P/bad_period.json"
  assert_output "$P/bad_period.json: rule bad.period: bad period '3x' in \"period\""
}

@test "profiles: unknown track (own and spc kind tracks are fine)" {
  run -2 "$ZX_UNIT/test_profile" load "$P/unknown_track.json"
  assert_output "$P/unknown_track.json: rule bad.track: unknown track 'y'"
}

@test "profiles: unknown kind" {
  run -2 "$ZX_UNIT/test_profile" load "$P/unknown_kind.json"
  assert_output "$P/unknown_kind.json: rule bad.kind: unknown kind 'z'"
}

@test "profiles: duplicate id, named in the include that repeats it" {
  run -2 "$ZX_UNIT/test_profile" load "$P/duplicate.json"
  assert_output "$P/duplicate/more.json: rule bad.twice: duplicate id"
}

@test "profiles: extends cycle" {
  run -2 "$ZX_UNIT/test_profile" load "$P/cycle_a.json"
  assert_output "$P/cycle_b.json: extends cycle: a -> b -> a"
  run -2 "$ZX_UNIT/test_profile" load "$P/cycle_self.json"
  assert_output "$P/cycle_self.json: extends cycle: self -> self"
}

@test "profiles: extends an unknown profile" {
  run -2 "$ZX_UNIT/test_profile" load "$P/unknown_profile.json"
  assert_output "$P/unknown_profile.json: unknown profile 'nosuch'"
}

@test "profiles: bad regex" {
  run -2 "$ZX_UNIT/test_profile" load "$P/bad_regex.json"
  assert_output "$P/bad_regex.json: rule bad.regex: bad regex '(买卖': missing closing parenthesis at offset 7"
}

@test "profiles: rule id not under the profile's id" {
  run -2 "$ZX_UNIT/test_profile" load "$P/bad_prefix.json"
  assert_output "$P/bad_prefix.json: rule other.rule: id must start with 'bad.'"
}

@test "profiles: disabling a rule the parent does not have" {
  run -2 "$ZX_UNIT/test_profile" load "$P/bad_disable.json"
  assert_output "$P/bad_disable.json: unknown rule 'spc.nosuch' in \"disable\""
}

@test "profiles: a missing include" {
  run -2 "$ZX_UNIT/test_profile" load "$P/missing_include.json"
  assert_output "$P/missing_include.json: include 'nowhere/triage.json': No such file or directory"
}

@test "profiles: a check that is not a condition" {
  run -2 "$ZX_UNIT/test_profile" load "$P/not_condition.json"
  assert_output "$P/not_condition.json: rule bad.notcond: \"check\" is not a condition"
}

@test "profiles: a cause not in share/causes.tsv (民事案件案由规定 2020) is refused at load, exit 2" {
  run --separate-stderr triage -p "$P/unknown_cause.json" < /dev/null
  assert_failure 2
  assert_equal "$stderr" "triage: $P/unknown_cause.json: rule bad.cause: unknown cause '房屋买卖纠纷' (not in causes.tsv; \"=房屋买卖纠纷\" for that text exactly)"
  assert_equal "$output" ''
}

# --- strict rule keys (issue 20): a misspelt key is an error naming the file,
# the rule and the key, exit 2, nothing written, for every kind of rule --------

# misspelt TOOL KIND 'RULE-JSON-BODY' KEY: the rule {"id":"x.r","kind":KIND,
# "source":"s", BODY} in a profile extending spc refuses to load.
misspelt() {
  local tool=$1 kind=$2 body=$3 key=$4 takes=$5
  printf '{"id":"x","extends":"spc","rules":[{"id":"x.r","kind":"%s","source":"s",%s}]}' "$kind" "$body" > "$BATS_TEST_TMPDIR/x.json"
  run -2 --separate-stderr "$tool" -p "$BATS_TEST_TMPDIR/x.json" <<< '{"case_no":"（2023）豫0505执1号"}'
  assert_equal "$output" ""
  assert_equal "$stderr" "$tool: $BATS_TEST_TMPDIR/x.json: rule x.r: unknown key '$key' (a $kind rule takes $takes, and id, kind, source, name, note)"
}

@test "profiles: a track rule with a misspelt key is refused (kind, handover_too)" {
  local takes='track, kinds, handover_to, when'
  misspelt triage track '"track":"first","kind_list":["执"]' kind_list "$takes"
  misspelt triage track '"track":"first","handover_too":["x"]' handover_too "$takes"
  # the same keys spelt right load
  printf '{"id":"x","extends":"spc","rules":[{"id":"x.r","kind":"track","source":"s","track":"first","kinds":["执"],"when":{"==":[1,1]}}]}' > "$BATS_TEST_TMPDIR/x.json"
  run -0 triage -p "$BATS_TEST_TMPDIR/x.json" <<< '{"case_no":"（2023）豫0505执1号"}'
  assert_equal "$(jqo -c '.track_rules')" '["x.r"]'
}

@test "profiles: a route rule with a misspelt key is refused (team_form)" {
  misspelt assign route '"method":"least_loaded","team_form":"track"' team_form \
    'tracks, when, method, team, teams, team_from, handler, handlers, roles, judge_role, prior_teams, seed'
}

@test "profiles: a deadline rule with a misspelt key is refused (exempt_whn, perod)" {
  local takes='scope, when, exempt_when, exempt_reason, track, from, from_which, from_after, to_track, node, done_to_track, done_attr, if_done, by, period, every, for'
  misspelt deadline-check deadline '"from":"filed","node":"notice","period":"3d","exempt_whn":{"==":[1,1]}' exempt_whn "$takes"
  misspelt deadline-check deadline '"from":"filed","node":"notice","perod":"3d"' perod "$takes"
}

@test "profiles: a term rule with a misspelt key is refused (chek)" {
  misspelt term-audit term '"check":{"==":[1,1]},"chek":{"==":[1,2]}' chek 'scope, when, check, detail_vars'
}

@test "profiles: a fund rule with a misspelt key is refused (form, exempt_whn), and exempt_when, which payout-check does not read" {
  local takes='test, when, from, period, steps, levels, issues, open_issue, limit_rule'
  misspelt payout-check fund '"test":"claim","form":"claim","period":"5wd"' form "$takes"
  misspelt payout-check fund '"test":"claim","period":"5wd","exempt_whn":{"==":[1,1]}' exempt_whn "$takes"
  misspelt payout-check fund '"test":"claim","period":"5wd","exempt_when":{"==":[1,1]}' exempt_when "$takes"
}

@test "profiles: a condition inside a nested object (a fund rule's levels) is refused: no tool evaluates one (issue 20)" {
  printf '{"id":"x","extends":"spc","rules":[{"id":"x.r","kind":"fund","source":"s","test":"escalation","issues":["undisbursed"],"levels":[{"level":"notify","period":"0d","notify_when":{"==":[1,1]}}]}]}' > "$BATS_TEST_TMPDIR/x.json"
  run -2 --separate-stderr payout-check -p "$BATS_TEST_TMPDIR/x.json" <<< '{"case_no":"（2023）豫0505执1号"}'
  assert_equal "$output" ""
  assert_equal "$stderr" "payout-check: $BATS_TEST_TMPDIR/x.json: rule x.r: \"notify_when\" inside another key is a condition no tool evaluates (only a rule's own when, check and *_when are)"
  # the same condition as the rule's own "when" loads
  printf '{"id":"x","extends":"spc","rules":[{"id":"x.r","kind":"fund","source":"s","test":"escalation","issues":["undisbursed"],"when":{"==":[1,1]},"levels":[{"level":"notify","period":"0d"}]}]}' > "$BATS_TEST_TMPDIR/x.json"
  run -0 --separate-stderr payout-check -p "$BATS_TEST_TMPDIR/x.json" <<< '{"case_no":"（2023）豫0505执1号"}'
}

@test "profiles: an unknown key is refused by every tool, as the profile is (the file of an included rule named)" {
  mkdir -p "$BATS_TEST_TMPDIR/p/x"
  printf '{"id":"x","extends":"spc","include":["x/r.json"]}' > "$BATS_TEST_TMPDIR/p/x.json"
  printf '{"rules":[{"id":"x.r","kind":"term","source":"s","check":{"==":[1,1]},"wen":{"==":[1,1]}}]}' > "$BATS_TEST_TMPDIR/p/x/r.json"
  for tool in triage assign deadline-check term-audit payout-check report; do
    run -2 --separate-stderr "$tool" -p "$BATS_TEST_TMPDIR/p/x.json" < /dev/null
    assert_equal "$stderr" "$tool: $BATS_TEST_TMPDIR/p/x/r.json: rule x.r: unknown key 'wen' (a term rule takes scope, when, check, detail_vars, and id, kind, source, name, note)"
  done
}

# --- tool variables are bound to their tool (issue 20): a condition naming a
# variable the tool of its rule's kind does not supply fails to load, exit 2,
# in every tool (each loads every rule of the profile) ----------------------

# varprofile 'VARS-JSON' 'RULE-JSON': a profile over spc with that "vars"
# declaration and the one rule {"id":"x.r","source":"s", RULE}.
varprofile() {
  printf '{"id":"x","extends":"spc","vars":%s,"rules":[{"id":"x.r","source":"s",%s}]}' "$1" "$2" > "$BATS_TEST_TMPDIR/x.json"
}

PREV='"vars":{"previous_term_closed_on":"date"}'
PREV_WHEN='"when":{">=":[{"var":"filed_on"},{"add":[{"var":"previous_term_closed_on"},"6m"]}]}'

@test "profiles: a deadline rule naming triage's variable fails to load in every tool, exit 2, the message naming the tool (issue 20)" {
  varprofile '{"previous_term_closed_on":"date"}' '"kind":"deadline","from":"filed","node":"notice","period":"10d",'"$PREV_WHEN"
  for tool in triage assign deadline-check term-audit payout-check report; do
    run -2 --separate-stderr "$tool" -p "$BATS_TEST_TMPDIR/x.json" <<< '{"case_no":"（2023）豫0505执1号"}'
    assert_equal "$output" ""
    assert_equal "$stderr" "$tool: $BATS_TEST_TMPDIR/x.json: rule x.r: variable 'previous_term_closed_on' is not supplied by deadline-check (rules of kind deadline run in deadline-check; it supplies none)"
  done
}

@test "profiles: the same variable in a track rule loads, and triage supplies it (新密法〔2022〕66号 二(7)'s variable)" {
  varprofile '{"previous_term_closed_on":"date"}' '"kind":"track","track":"first",'"$PREV_WHEN"
  local rec='{"case_no":"（2023）豫0505执1号","filed_on":"%s","prior_case_no":"（2022）豫0505执9号","prior_close_method":"终本","prior_closed_on":"2022-11-30"}'
  # filed the day before, the day, the day after six months from the 终本 closure
  run -0 --separate-stderr triage -p "$BATS_TEST_TMPDIR/x.json" < <(printf "$rec\n$rec\n$rec\n" 2023-05-29 2023-05-30 2023-05-31)
  assert_equal "$(jqo '.track_rules | index("x.r") != null' | tr '\n' ' ')" 'false true true '
}

@test "profiles: a term-audit variable in a route rule is refused, listing what assign supplies (issue 20)" {
  varprofile '{}' '"kind":"route","method":"least_loaded","team":"执行一组","when":{"<=":[{"var":"audit_on"},"2023-01-01"]}'
  run -2 --separate-stderr assign -p "$BATS_TEST_TMPDIR/x.json" < /dev/null
  assert_equal "$stderr" "assign: $BATS_TEST_TMPDIR/x.json: rule x.r: variable 'audit_on' is not supplied by assign (rules of kind route run in assign; it supplies: prior_handler_on_roster)"
  # term-audit's own rules read it
  varprofile '{}' '"kind":"term","check":{"<=":[{"var":"audit_on"},"2023-01-01"]}'
  run -0 --separate-stderr term-audit -p "$BATS_TEST_TMPDIR/x.json" --list-rules
  assert_line 'x.r	term	s'
}

@test "profiles: a variable named in missing or present is bound the same way (issue 20)" {
  varprofile '{}' '"kind":"fund","test":"claim","period":"5wd","when":{"missing":["amount","fund_balance"]}'
  run -2 --separate-stderr payout-check -p "$BATS_TEST_TMPDIR/x.json" < /dev/null
  assert_equal "$stderr" "payout-check: $BATS_TEST_TMPDIR/x.json: rule x.r: variable 'fund_balance' is not supplied by payout-check (rules of kind fund run in payout-check; it supplies none)"
  varprofile '{"prior_handler_on_roster":"bool"}' '"kind":"track","track":"first","when":{"present":"prior_handler_on_roster"}'
  run -2 --separate-stderr triage -p "$BATS_TEST_TMPDIR/x.json" < /dev/null
  assert_equal "$stderr" "triage: $BATS_TEST_TMPDIR/x.json: rule x.r: variable 'prior_handler_on_roster' is not supplied by triage (rules of kind track run in triage; it supplies: previous_term_closed_on)"
}

@test "profiles: the engine's variables (kind, as_of, case_year, case_seq, court_code) stay allowed in every kind" {
  local when='"when":{"and":[{"==":[{"var":"kind"},"执"]},{"<=":[{"var":"filed_on"},{"var":"as_of"}]},{">":[{"var":"case_year"},2000]},{">":[{"var":"case_seq"},0]},{"==":[{"var":"court_code"},"豫0505"]}]}'
  varprofile '{}' '"kind":"deadline","from":"filed","node":"notice","period":"10d",'"$when"
  run -0 --separate-stderr deadline-check -p "$BATS_TEST_TMPDIR/x.json" --list-rules
  assert_line --partial 'x.r	deadline	s'
  varprofile '{}' '"kind":"fund","test":"claim","period":"5wd",'"$when"
  run -0 --separate-stderr payout-check -p "$BATS_TEST_TMPDIR/x.json" --list-rules
  assert_line --partial 'x.r	fund	s'
}

@test "profiles: \"vars\" declares only what a tool supplies, with its type (one meaning per name, issue 20)" {
  varprofile '{"previous_term_closed_on":"money"}' '"kind":"track","track":"first"'
  run -2 --separate-stderr triage -p "$BATS_TEST_TMPDIR/x.json" < /dev/null
  assert_equal "$stderr" "triage: $BATS_TEST_TMPDIR/x.json: vars: 'previous_term_closed_on' is supplied by triage as date, not money"
  varprofile '{"history_term_closed":"date"}' '"kind":"track","track":"first"'
  run -2 --separate-stderr triage -p "$BATS_TEST_TMPDIR/x.json" < /dev/null
  assert_equal "$stderr" "triage: $BATS_TEST_TMPDIR/x.json: vars: no tool supplies 'history_term_closed' (triage: previous_term_closed_on; assign: prior_handler_on_roster; term-audit: audit_on, fund_balance, history_term_closed_on, history_term_case_no)"
}

@test "profiles: a term rule's detail_vars names variables term-audit supplies (issue 20)" {
  varprofile '{}' '"kind":"term","scope":"history","check":{"==":[1,1]},"detail_vars":["history_term_caseno"]'
  run -2 --separate-stderr term-audit -p "$BATS_TEST_TMPDIR/x.json" < /dev/null
  assert_equal "$stderr" "term-audit: $BATS_TEST_TMPDIR/x.json: rule x.r: variable 'history_term_caseno' in \"detail_vars\" is not supplied by term-audit (rules of kind term run in term-audit; it supplies: audit_on, fund_balance, history_term_closed_on, history_term_case_no)"
  varprofile '{}' '"kind":"term","scope":"history","check":{"==":[1,1]},"detail_vars":["history_term_case_no"]'
  run -0 --separate-stderr term-audit -p "$BATS_TEST_TMPDIR/x.json" --list-rules
  assert_line 'x.r	term	s'
}
