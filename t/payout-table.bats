#!/usr/bin/env bats
# payout-check: every fund rule of every profile on its boundaries, from the
# table t/fixtures/payout/rules.tsv (verdicts and due dates written by hand
# from the clauses, see gen-rules.py; one payout-check run per batch of rows).
load helper
bats_require_minimum_version 1.5.0

D="$FIX/payout"
source "$D/check-rules.bash"

rows() { check_table payout-check "$D/rules.tsv" "$PAYOUT_PROJECTION" "$1"; }

@test "payout table: spc rules (法发〔2017〕6号) on their boundaries" {
  run rows spc; assert_success; assert_output ''
}
@test "payout table: reform2023's escalation (001 一(一)2(1)C) on its boundaries" {
  run rows reform2023; assert_success; assert_output ''
}
@test "payout table: yindu's 15 working days (殷都 二(二)) on their boundaries" {
  run rows yindu; assert_success; assert_output ''
}
@test "payout table: shihe rules (浉河 二(六), 二(五)4) on their boundaries" {
  run rows shihe; assert_success; assert_output ''
}
@test "payout table: xinmi and jianli have no fund rules of their own (the spc rules apply)" {
  for p in xinmi jianli; do
    run -0 payout-check -p "$p" --list-rules
    [ -z "$(printf '%s\n' "$output" | awk -F'\t' -v p="$p" '$2 == "fund" && index($1, p ".") == 1')" ]
  done
}

@test "payout table: every fund rule of every profile has a row" {
  for p in spc xinmi reform2023 yindu shihe jianli; do
    run -0 payout-check -p "$p" --list-rules
    for id in $(printf '%s\n' "$output" | awk -F'\t' -v p="$p" '$2 == "fund" && index($1, p ".") == 1 {print $1}'); do
      grep -q "^$p	$id	" "$D/rules.tsv" || { echo "no row for $id"; return 1; }
    done
  done
}
