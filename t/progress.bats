#!/usr/bin/env bats
# --progress (issue 22): records done, MB/s and an ETA on stderr while a
# tool reads a file; on by itself only when stderr is a terminal; never
# in standard output.
load helper
bats_require_minimum_version 1.5.0

D="$FIX/deadline"

setup() {
  IN=$BATS_TEST_TMPDIR/in.jsonl
  for i in 1 2 3 4 5; do
    printf '{"case_no":"（2024）豫0183执%d号","filed_on":"2024-09-27","amount":%d}\n' "$i" "$((i * 50000))"
  done > "$IN"
}

@test "progress: --progress ends with a final line on stderr; stdout and the exit status are unchanged" {
  plain=$(deadline-check --as-of 2024-10-28 "$D/mixed.jsonl" 2>/dev/null) || true
  run -1 --separate-stderr deadline-check --as-of 2024-10-28 --progress "$D/mixed.jsonl"
  [ "$output" = "$plain" ]
  size=$(wc -c < "$D/mixed.jsonl")
  mb=$(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1e6 }')
  # the data errors come first, then the progress line
  [ "${#stderr_lines[@]}" -eq 3 ]
  [[ "${stderr_lines[2]}" =~ ^deadline-check:\ $D/mixed\.jsonl:\ 6\ records,\ $mb\ of\ $mb\ MB,\ [0-9]+\.[0-9]\ MB/s,\ [0-9]+\.[0-9]{2}\ s,\ done$ ]]
}

@test "progress: off when stderr is not a terminal (cron logs stay clean)" {
  run -0 --separate-stderr triage -p yindu "$IN"
  [ "$stderr" = "" ]
}

@test "progress: from a pipe the size is unknown: records and MB, no ETA" {
  run -0 --separate-stderr bash -c "cat '$IN' | triage --progress"
  n=$(wc -l < "$IN")
  [[ "$stderr" =~ ^triage:\ \<stdin\>:\ $n\ records,\ [0-9]+\.[0-9]\ MB,\ [0-9]+\.[0-9]\ MB/s,\ [0-9]+\.[0-9]{2}\ s,\ done$ ]]
  [ "$output" = "$(triage < "$IN")" ]
}

@test "progress: on a terminal it is drawn in place on stderr, and stdout (a file) is unchanged" {
  command -v script > /dev/null || skip "script(1) not installed"
  out=$BATS_TEST_TMPDIR/out.jsonl
  run -0 script -qec "triage --progress '$IN' > '$out'" /dev/null
  [[ "$output" == *$'\r'"triage: $IN: "*", done"$'\e[K'* ]]
  cmp "$out" <(triage "$IN")
}

@test "progress: on a terminal without --progress, a run shorter than a second leaves the terminal as it was" {
  command -v script > /dev/null || skip "script(1) not installed"
  out=$BATS_TEST_TMPDIR/out.jsonl
  run -0 script -qec "triage '$IN' > '$out'" /dev/null
  [ "$output" = "" ]
  cmp "$out" <(triage "$IN")
}

@test "progress: --progress is in every tool's --help" {
  for t in case-import triage assign deadline-check term-audit payout-check; do
    run -0 "$t" --help
    assert_line --partial '--progress          records done, MB/s and ETA on stderr'
  done
}
