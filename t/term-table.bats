#!/usr/bin/env bats
# term-audit: every term rule of every profile on its boundaries, from the
# table t/fixtures/term/rules.tsv (verdicts written by hand from the clauses,
# see gen-rules.py; one term-audit run per batch of rows).
load helper
bats_require_minimum_version 1.5.0

D="$FIX/term"
source "$D/check-rules.bash"

rows() { check_table term-audit "$D/rules.tsv" "$TERM_PROJECTION" "$1"; }

@test "term table: spc rules (法〔2016〕373号) on their boundaries" {
  run rows spc; assert_success; assert_output ''
}
@test "term table: reform2023's screen of recent 终本 closures (001 一(一)1(1)B) on its boundaries" {
  run rows reform2023; assert_success; assert_output ''
}
@test "term table: yindu rules (殷都 二(一)) on their boundaries" {
  run rows yindu; assert_success; assert_output ''
}
@test "term table: shihe rules (浉河 二(五)4-5) on their boundaries" {
  run rows shihe; assert_success; assert_output ''
}
@test "term table: jianli rules (监利 第六组3) on their boundaries" {
  run rows jianli; assert_success; assert_output ''
}
@test "term table: xinmi has no term rules of its own (the spc rules apply)" {
  run -0 term-audit -p xinmi --list-rules
  [ -z "$(printf '%s\n' "$output" | awk -F'\t' '$2 == "term" && index($1, "xinmi.") == 1')" ]
}

@test "term table: every term rule of every profile has a row" {
  for p in spc xinmi reform2023 yindu shihe jianli; do
    run -0 term-audit -p "$p" --list-rules
    for id in $(printf '%s\n' "$output" | awk -F'\t' -v p="$p" '$2 == "term" && index($1, p ".") == 1 {print $1}'); do
      grep -q "^$p	$id	" "$D/rules.tsv" || { echo "no row for $id"; return 1; }
    done
  done
}
