#!/usr/bin/env bats
# The fast JSON-lines parser gives exactly what jansson gives, or steps aside.
load helper

@test "json_fast: agrees with jansson on tricky cases and on every fixture line" {
  run "$ZX_UNIT/test_json_fast" "$FIX"/reader/*.jsonl "$FIX"/case-import/expected.jsonl
  assert_success
  assert_output --regexp '^ok [0-9]+ checks$'
}
