#!/usr/bin/env bats
# Dates: parsing every accepted form, rejecting bad ones, formatting,
# day arithmetic (t/unit/test_dates.c holds the cases).
load helper

@test "dates: the unit checks pass" {
  run "$ZX_UNIT/test_dates"
  assert_success
  assert_output --regexp '^ok [0-9]+ checks$'
}
