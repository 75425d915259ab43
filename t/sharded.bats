#!/usr/bin/env bats
# tools/run-sharded (issue 22, SPEC 8): an export split by court code, the
# chain run per court with GNU parallel, each court with its own assign
# state.  Its output, sorted, is the serial run's: the same chain run court
# by court with the same state files, written independently below (the
# whole export imported once, the courts picked out with jq).
load helper
bats_require_minimum_version 1.5.0

RS="$ZX_ROOT/tools/run-sharded"
A=2026-11-22

setup() {
  command -v parallel > /dev/null || skip "GNU parallel not installed (make deps)"
}

# serial PROFILE STATE_DIR JSONL: the chain court by court, in one process
# at a time; the courts' outputs concatenated
serial() {
  local p=$1 st=$2 in=$3 c
  mkdir -p "$st"
  for c in $(jq -r '(.case_no // "") | (capture("[）)](?<c>[^执]+)执").c // "unnumbered")' "$in" | LC_ALL=C sort -u); do
    jq -c --arg c "$c" 'select(((.case_no // "") | (capture("[）)](?<c>[^执]+)执").c // "unnumbered")) == $c)' "$in" \
      | triage -p "$p" | assign -p "$p" --state "$st/$c.state" \
      | deadline-check -p "$p" --as-of $A | term-audit -p "$p" --as-of $A | payout-check -p "$p" --as-of $A
  done 2> /dev/null
}

@test "run-sharded: a multi-court CSV export gives the serial run's records and states, sorted by case number" {
  g=$BATS_TEST_TMPDIR/g
  mkdir -p "$g"
  "$ZX_ROOT/build/gen" -n 400 -s 7 "$g" > /dev/null 2>&1
  run -0 --separate-stderr "$RS" -p yindu --as-of $A -j 3 "$BATS_TEST_TMPDIR/st" "$g/cases.csv" --events "$g/nodes.csv" --funds "$g/funds.csv"
  sharded=$output
  [ "$(printf '%s\n' "$sharded" | wc -l)" -eq 400 ]
  # four courts, each its own state
  run ls "$BATS_TEST_TMPDIR/st"
  assert_output $'豫0183.state\n豫0183.state.lock\n豫0505.state\n豫0505.state.lock\n豫1502.state\n豫1502.state.lock\n鄂1088.state\n鄂1088.state.lock'
  case-import "$g/cases.csv" --events "$g/nodes.csv" --funds "$g/funds.csv" > "$BATS_TEST_TMPDIR/all.jsonl" 2> /dev/null
  serial yindu "$BATS_TEST_TMPDIR/ref" "$BATS_TEST_TMPDIR/all.jsonl" > "$BATS_TEST_TMPDIR/serial.jsonl"
  diff <(LC_ALL=C sort "$BATS_TEST_TMPDIR/serial.jsonl") <(printf '%s\n' "$sharded" | LC_ALL=C sort)
  for c in 豫0183 豫0505 豫1502 鄂1088; do
    cmp "$BATS_TEST_TMPDIR/ref/$c.state" "$BATS_TEST_TMPDIR/st/$c.state"
  done
  # the courts' outputs one after the other, each in its input order
  diff <(printf '%s\n' "$sharded" | jq -r '.case_no | capture("[）)](?<c>[^执]+)执").c' | uniq) \
       <(printf '%s\n' 豫0183 豫0505 豫1502 鄂1088)
  # every verdict but the assignment is the one-pipeline run's (one state for all courts)
  drop='del(.team, .handler, .judge, .assign_rule)'
  cases=$g/cases.csv
  diff <(case-import "$cases" --events "$g/nodes.csv" --funds "$g/funds.csv" 2> /dev/null | triage -p yindu \
           | assign -p yindu --dry-run | deadline-check -p yindu --as-of $A | term-audit -p yindu --as-of $A \
           | payout-check -p yindu --as-of $A 2> /dev/null | jq -c "$drop" | LC_ALL=C sort) \
       <(printf '%s\n' "$sharded" | jq -c "$drop" | LC_ALL=C sort)
}

@test "run-sharded: a second night goes on from each court's state, as the serial run does" {
  g=$BATS_TEST_TMPDIR/g
  mkdir -p "$g"
  "$ZX_ROOT/build/gen" -n 120 -s 3 "$g" > /dev/null 2>&1
  "$RS" -p xinmi --as-of $A "$BATS_TEST_TMPDIR/st" "$g/cases.csv" --events "$g/nodes.csv" > /dev/null 2>&1
  run -0 --separate-stderr "$RS" -p xinmi --as-of $A "$BATS_TEST_TMPDIR/st" "$g/cases.csv" --events "$g/nodes.csv"
  sharded=$output
  case-import "$g/cases.csv" --events "$g/nodes.csv" > "$BATS_TEST_TMPDIR/all.jsonl" 2> /dev/null
  serial xinmi "$BATS_TEST_TMPDIR/ref" "$BATS_TEST_TMPDIR/all.jsonl" > /dev/null
  serial xinmi "$BATS_TEST_TMPDIR/ref" "$BATS_TEST_TMPDIR/all.jsonl" > "$BATS_TEST_TMPDIR/serial.jsonl"
  diff <(LC_ALL=C sort "$BATS_TEST_TMPDIR/serial.jsonl") <(printf '%s\n' "$sharded" | LC_ALL=C sort)
  # --dry-run leaves the states as they were
  before=$(cat "$BATS_TEST_TMPDIR"/st/*.state | md5sum)
  "$RS" -p xinmi --as-of $A --dry-run "$BATS_TEST_TMPDIR/st" "$g/cases.csv" --events "$g/nodes.csv" > /dev/null 2>&1
  [ "$(cat "$BATS_TEST_TMPDIR"/st/*.state | md5sum)" = "$before" ]
}

@test "run-sharded: GB18030 CRLF samples with broken rows: same records as the serial run, exit 1, stderr by court" {
  S=$ZX_ROOT/samples
  run -1 --separate-stderr "$RS" -p shihe --as-of $A "$BATS_TEST_TMPDIR/st" "$S/cases.csv" --events "$S/nodes.csv" --funds "$S/funds.csv"
  sharded=$output
  [ "$(printf '%s\n' "$sharded" | wc -l)" -eq 240 ]
  [[ "${stderr_lines[0]}" =~ ^(豫0183|豫0505|豫1502|鄂1088):\  ]]
  case-import "$S/cases.csv" --events "$S/nodes.csv" --funds "$S/funds.csv" > "$BATS_TEST_TMPDIR/all.jsonl" 2> /dev/null || true
  serial shihe "$BATS_TEST_TMPDIR/ref" "$BATS_TEST_TMPDIR/all.jsonl" > "$BATS_TEST_TMPDIR/serial.jsonl"
  diff <(LC_ALL=C sort "$BATS_TEST_TMPDIR/serial.jsonl") <(printf '%s\n' "$sharded" | LC_ALL=C sort)
}

@test "run-sharded: JSON lines in: the same output as from the CSV export" {
  g=$BATS_TEST_TMPDIR/g
  mkdir -p "$g"
  "$ZX_ROOT/build/gen" -n 200 -s 5 "$g" > /dev/null 2>&1
  case-import "$g/cases.csv" --events "$g/nodes.csv" --funds "$g/funds.csv" > "$g/all.jsonl" 2> /dev/null
  run -0 --separate-stderr "$RS" -p reform2023 --as-of $A --dry-run "$BATS_TEST_TMPDIR/st" "$g/all.jsonl"
  from_json=$output
  run -0 --separate-stderr "$RS" -p reform2023 --as-of $A --dry-run "$BATS_TEST_TMPDIR/st" "$g/cases.csv" --events "$g/nodes.csv" --funds "$g/funds.csv"
  [ "$output" = "$from_json" ]
  [ "$(printf '%s\n' "$output" | wc -l)" -eq 200 ]
}

@test "run-sharded: usage errors: exit 2; an unreadable input: exit 3" {
  run -2 --separate-stderr "$RS"
  [[ "$stderr" == *"STATE_DIR CASES"* ]]
  run -2 --separate-stderr "$RS" --bogus st x.csv
  [ "${stderr_lines[0]}" = "run-sharded: unknown option '--bogus'" ]
  run -3 --separate-stderr "$RS" "$BATS_TEST_TMPDIR/st" "$BATS_TEST_TMPDIR/none.csv"
  [ "$stderr" = "run-sharded: cannot read $BATS_TEST_TMPDIR/none.csv" ]
  printf 'x,y\n1,2\n' > "$BATS_TEST_TMPDIR/nocase.csv"
  run -3 --separate-stderr "$RS" "$BATS_TEST_TMPDIR/st" "$BATS_TEST_TMPDIR/nocase.csv"
  [ "$stderr" = "run-sharded: cases: no case-number column (案号, case_no)" ]
}
