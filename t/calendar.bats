#!/usr/bin/env bats
# The working-day calendar and period arithmetic (t/unit/test_period.c), and
# the calendar checked day by day against its JSON files.
load helper
bats_require_minimum_version 1.5.0

@test "calendar: period and calendar unit checks pass" {
  run "$ZX_UNIT/test_period"
  assert_success
  assert_output --regexp '^ok [0-9]+ checks$'
}

@test "calendar: every day of 2016..2026 matches the holiday-cn files" {
  # Expected, from the JSON alone: a listed day is off when isOffDay, else
  # working; an unlisted day is working Monday to Friday.  Never estimated.
  jq -s -r '
    (map(.days[]) | map({(.date): (if .isOffDay then 0 else 1 end)}) | add) as $listed
    | range("2016-01-01T00:00:00Z" | fromdate; ("2026-12-31T00:00:00Z" | fromdate) + 1; 86400)
    | (todate[0:10]) as $d
    | "\($d) \($listed[$d] // (if (gmtime | strftime("%u") | tonumber) >= 6 then 0 else 1 end)) 0"
  ' "$ZHIXING_SHARE"/calendar/20[12][0-9].json > "$BATS_TEST_TMPDIR/want"
  [ "$(wc -l < "$BATS_TEST_TMPDIR/want")" -eq 4018 ]
  run "$ZX_UNIT/test_period" --dump 2016-01-01 2026-12-31
  assert_success
  printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/got"
  run diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
  assert_success
  assert_output ''
}

@test "calendar: National Day 2024 day by day" {
  run "$ZX_UNIT/test_period" --dump 2024-09-28 2024-10-13
  assert_success
  assert_output "2024-09-28 0 0
2024-09-29 1 0
2024-09-30 1 0
2024-10-01 0 0
2024-10-02 0 0
2024-10-03 0 0
2024-10-04 0 0
2024-10-05 0 0
2024-10-06 0 0
2024-10-07 0 0
2024-10-08 1 0
2024-10-09 1 0
2024-10-10 1 0
2024-10-11 1 0
2024-10-12 1 0
2024-10-13 0 0"
}

@test "calendar: beyond 2016..2026 weekends alone decide, marked estimated" {
  run "$ZX_UNIT/test_period" --dump 2015-12-30 2016-01-04
  assert_success
  assert_output "2015-12-30 1 1
2015-12-31 1 1
2016-01-01 0 0
2016-01-02 0 0
2016-01-03 0 0
2016-01-04 1 0"
  run "$ZX_UNIT/test_period" --dump 2026-12-31 2027-01-04
  assert_success
  assert_output "2026-12-31 1 0
2027-01-01 1 1
2027-01-02 0 1
2027-01-03 0 1
2027-01-04 1 1"
}

@test "calendar: share/calendar holds 2016..2026, the licence and a README" {
  for y in 2016 2017 2018 2019 2020 2021 2022 2023 2024 2025 2026; do
    run jq -e --argjson y "$y" '.year == $y and (.days | length) > 20' "$ZHIXING_SHARE/calendar/$y.json"
    assert_success
  done
  run grep -c 'MIT License' "$ZHIXING_SHARE/calendar/LICENSE"
  assert_output 1
  run grep -c 'holiday-cn' "$ZHIXING_SHARE/calendar/README"
  assert_success
}

# calendar.c reads a file in holiday-cn's plain form itself and leaves any
# other form to jansson: both must give the same days, and jansson's messages.
calendar_copy() {  # a copy of the share, for rewriting one year of its calendar
  cp -r "$ZHIXING_SHARE" "$BATS_TEST_TMPDIR/share"
}

@test "calendar: a year written with escapes, CRLF and a real number reads as the plain file" {
  calendar_copy
  run "$ZX_UNIT/test_period" --dump 2023-12-25 2025-01-05
  assert_success
  want=$output
  # jq writes the names as \u escapes, "weight": 1.5 is a number the quick
  # reading does not take, and the line ends become CRLF
  jq --ascii-output '. + {weight: 1.5}' "$ZHIXING_SHARE/calendar/2024.json" | sed 's/$/\r/' \
    > "$BATS_TEST_TMPDIR/share/calendar/2024.json"
  grep -q '\\u5143' "$BATS_TEST_TMPDIR/share/calendar/2024.json"
  ZHIXING_SHARE="$BATS_TEST_TMPDIR/share" run "$ZX_UNIT/test_period" --dump 2023-12-25 2025-01-05
  assert_success
  [ "$output" = "$want" ]
}

@test "calendar: a key given twice is read as jansson reads it, the last one" {
  calendar_copy
  # 2024-10-01 listed twice in one entry: first as a working day, then off
  jq -c '.days[0] |= {name, date: "2024-10-01", isOffDay: false} | .days[0].isOffDay = false' \
    "$ZHIXING_SHARE/calendar/2024.json" \
    | sed 's/"isOffDay":false}/"isOffDay":false,"isOffDay":true}/' > "$BATS_TEST_TMPDIR/share/calendar/2024.json"
  grep -q '"isOffDay":false,"isOffDay":true' "$BATS_TEST_TMPDIR/share/calendar/2024.json"
  ZHIXING_SHARE="$BATS_TEST_TMPDIR/share" run "$ZX_UNIT/test_period" --dump 2024-10-01 2024-10-01
  assert_success
  assert_output "2024-10-01 0 0"
}

@test "calendar: a broken year file is jansson's message, exit 2" {
  calendar_copy
  printf '{"year": 2024, "days": [{"date": "2024-01-01", "isOffDay": true},]}\n' \
    > "$BATS_TEST_TMPDIR/share/calendar/2024.json"
  ZHIXING_SHARE="$BATS_TEST_TMPDIR/share" run --separate-stderr triage -p spc --as-of 2026-11-22 /dev/null
  assert_failure 2
  [ "$stderr" = "triage: $BATS_TEST_TMPDIR/share/calendar/2024.json:1: unexpected token near ']'" ]
  printf '{"year": 2024, "days": [{"date": "2024-01-01 09:30", "isOffDay": true}]}\n' \
    > "$BATS_TEST_TMPDIR/share/calendar/2024.json"
  ZHIXING_SHARE="$BATS_TEST_TMPDIR/share" run --separate-stderr triage -p spc --as-of 2026-11-22 /dev/null
  assert_failure 2
  [ "$stderr" = "triage: $BATS_TEST_TMPDIR/share/calendar/2024.json: days[0].date: not a date: 2024-01-01 09:30" ]
}
