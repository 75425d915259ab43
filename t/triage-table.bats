#!/usr/bin/env bats
# triage: every track rule of every profile on its boundaries, from the table
# t/fixtures/triage/rules.tsv (verdicts written by hand from the clauses, see
# gen-rules.py; the runner is check-rules.bash: one triage run per batch).
load helper
bats_require_minimum_version 1.5.0

D="$FIX/triage"
source "$D/check-rules.bash"

rows() { check_table triage "$D/rules.tsv" "$TRIAGE_PROJECTION" "$1"; }

@test "triage table: spc rules by case kind" {
  run rows spc; assert_success; assert_output ''
}
@test "triage table: xinmi rules (新密 二–四) on their boundaries" {
  run rows xinmi; assert_success; assert_output ''
}
@test "triage table: reform2023 rules (001 一(一)1(1)D) on their boundaries" {
  run rows reform2023; assert_success; assert_output ''
}
@test "triage table: yindu rules (殷都 一(一)–(三)) on their boundaries" {
  run rows yindu; assert_success; assert_output ''
}
@test "triage table: jianli stage rules (监利 第一组–第六组) on their boundaries" {
  run rows jianli; assert_success; assert_output ''
}
@test "triage table: shihe has no track rules of its own (spc rules by kind)" {
  run -0 triage -p shihe --list-rules
  [ -z "$(printf '%s\n' "$output" | awk -F'\t' '$2 == "track" && index($1, "shihe.") == 1')" ]
}

@test "triage table: every track rule of every profile has a row" {
  for p in spc xinmi reform2023 yindu shihe jianli; do
    run -0 triage -p "$p" --list-rules
    for id in $(printf '%s\n' "$output" | awk -F'\t' -v p="$p" '$2 == "track" && index($1, p ".") == 1 {print $1}'); do
      grep -q "^$p	$id	" "$D/rules.tsv" || { echo "no row for $id"; return 1; }
    done
  done
}
