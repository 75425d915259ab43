#!/usr/bin/env bats
# The nightly pipeline over samples/, for every profile: every row comes
# through every tool, in order; the chain is deterministic.
load helper
bats_require_minimum_version 1.5.0

S="$BATS_TEST_DIRNAME/../samples"

pipeline() {
  local p=$1 out=$2
  case-import "$S/cases.csv" --events "$S/nodes.csv" --funds "$S/funds.csv" 2>/dev/null \
    | triage -p "$p" 2>/dev/null \
    | assign -p "$p" --state "$BATS_TEST_TMPDIR/$p.state" 2>/dev/null \
    | deadline-check -p "$p" --as-of 2024-12-31 2>/dev/null \
    | term-audit -p "$p" 2>/dev/null \
    | payout-check -p "$p" --as-of 2024-12-31 2>/dev/null > "$out"
}

@test "pipeline: every profile keeps all 240 sample rows, in input order" {
  rows=$(($(wc -l < "$S/cases.csv") - 1))
  [ "$rows" -eq 240 ]
  for p in spc xinmi reform2023 yindu shihe jianli; do
    pipeline "$p" "$BATS_TEST_TMPDIR/$p.jsonl"
    run wc -l < "$BATS_TEST_TMPDIR/$p.jsonl"
    assert_output "$rows"
    # same case order as the import alone
    diff <(case-import "$S/cases.csv" 2>/dev/null | jq -r '.case_no // ._raw') \
         <(jq -r '.case_no // ._raw' "$BATS_TEST_TMPDIR/$p.jsonl")
  done
}

@test "pipeline: every record carries every tool's fields (broken rows pass through)" {
  pipeline yindu "$BATS_TEST_TMPDIR/y.jsonl"
  run jq -c 'select(._raw == null) | [has("track"), has("team"), has("deadlines"), has("term_audit"), has("payout")] | all' "$BATS_TEST_TMPDIR/y.jsonl"
  refute_output --partial false
  run jq -c 'select(._raw != null) | has("errors")' "$BATS_TEST_TMPDIR/y.jsonl"
  [ "${#lines[@]}" -ge 1 ]
  refute_output --partial false
}

@test "pipeline: the same input, state and --as-of give the same output" {
  pipeline shihe "$BATS_TEST_TMPDIR/a.jsonl"
  rm -f "$BATS_TEST_TMPDIR/shihe.state"
  pipeline shihe "$BATS_TEST_TMPDIR/b.jsonl"
  cmp "$BATS_TEST_TMPDIR/a.jsonl" "$BATS_TEST_TMPDIR/b.jsonl"
}
