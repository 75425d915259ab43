#!/usr/bin/env bats
# The condition language as data: every case of t/expr.test (condition,
# record, expected result) run by build/t/run_expr_test; the checks that are
# not such triplets stay in t/unit/test_expr.c (run by t/profiles.bats).
load helper
bats_require_minimum_version 1.5.0

R() { "$ZX_UNIT/run_expr_test" "$@"; }

# A one-case file in the test's temp dir.
case_file() { printf '%s\n' "$@" > "$BATS_TEST_TMPDIR/c.test"; }

@test "expr: every case of t/expr.test passes (and none is lost: at least the 197 carried over from C)" {
  run --separate-stderr R "$ZX_ROOT/t/expr.test"
  assert_success
  assert_output --regexp '^ok [0-9]+ checks in [0-9]+ cases$'
  [ "$stderr" = "" ]
  n="${output##* in }"; n="${n% cases}"
  [ "$n" -ge 197 ]
}

@test "expr: a wrong truth fails, naming the file, line, got and want (exit 1)" {
  case_file '# comment' '{"<=": [{"var": "amount"}, 100000]}' '{"amount": "10万"}' false
  run --separate-stderr R "$BATS_TEST_TMPDIR/c.test"
  assert_failure 1
  assert_output "not ok $BATS_TEST_TMPDIR/c.test:2: truth of {\"<=\": [{\"var\": \"amount\"}, 100000]} (got true, want false)
FAILED 1 of 1 checks"
}

@test "expr: wrong dates, fen, compile errors, reasons and trace lines fail" {
  case_file '{"add": ["2023-01-31", "1m"]}' '{}' 'date: 2023-03-01' '' \
    '{"var": "amount"}' '{"amount": "10万"}' 'fen: 10000001' '' \
    '{"var": "amout"}' 'compiles' '' \
    '{"<=": [{"var": "amount"}, 1]}' '{"amount": "abc"}' unknown 'why: amount: bad' 'why_field: amount' '' \
    '{"var": "preserved"}' '{"preserved": true}' true 'trace: preserved: true' 'trace: more'
  run --separate-stderr R "$BATS_TEST_TMPDIR/c.test"
  assert_failure 1
  f="$BATS_TEST_TMPDIR/c.test"
  assert_output "not ok $f:1: date of {\"add\": [\"2023-01-31\", \"1m\"]} (got 2023-02-28, want 2023-03-01)
not ok $f:5: fen of {\"var\": \"amount\"} (got 10000000, want 10000001)
not ok $f:9: compile {\"var\": \"amout\"} (got unknown field 'amout', want compiles)
not ok $f:12: why of {\"<=\": [{\"var\": \"amount\"}, 1]} (got amount: invalid money 'abc', want amount: bad)
not ok $f:18: trace line 2 of {\"var\": \"preserved\"} (got (none), want more)
FAILED 5 of 9 checks"
}

@test "expr: a malformed case is an error naming its line (exit 2)" {
  case_file '{"var": "amount"}' '{"amount": 1}' maybe
  run --separate-stderr R "$BATS_TEST_TMPDIR/c.test"
  assert_failure 2
  [ "$stderr" = "$BATS_TEST_TMPDIR/c.test:3: unknown expected result 'maybe'" ]
  case_file '{"var": "amount"' '{}' true
  run --separate-stderr R "$BATS_TEST_TMPDIR/c.test"
  assert_failure 2
  [ "$stderr" = "$BATS_TEST_TMPDIR/c.test:1: bad JSON in the test: {\"var\": \"amount\": '}' expected near end of file" ]
  case_file '{"var": "amount"}' '{}' 'error: x'
  run --separate-stderr R "$BATS_TEST_TMPDIR/c.test"
  assert_failure 2
  [ "$stderr" = "$BATS_TEST_TMPDIR/c.test:1: a compile result takes no record" ]
  case_file '{"var": "amount"}' true
  run --separate-stderr R "$BATS_TEST_TMPDIR/c.test"
  assert_failure 2
  [ "$stderr" = "$BATS_TEST_TMPDIR/c.test:1: the case needs a record (a JSON object)" ]
}
