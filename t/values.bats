#!/usr/bin/env bats
# Value parsers: money (integer fen), booleans, case numbers (案号).
# The checks themselves are in t/unit/test_values.c, one group per test.

load helper
bats_require_minimum_version 1.5.0

@test "money: parse to integer fen and format the shortest exact text" {
  run "$ZX_UNIT/test_values" money
  assert_success
  assert_output --regexp '^ok [0-9]+ checks$'
}

@test "bool: true/false, 1/0, 是/否, 有/无, Y/N, yes/no, 真/假" {
  run "$ZX_UNIT/test_values" bool
  assert_success
  assert_output --regexp '^ok [0-9]+ checks$'
}

@test "caseno: parse 案号 and order by year, court, kind, seq, sub" {
  run "$ZX_UNIT/test_values" caseno
  assert_success
  assert_output --regexp '^ok [0-9]+ checks$'
}

@test "values: an unknown group is a usage error" {
  run -2 "$ZX_UNIT/test_values" nosuch
}
