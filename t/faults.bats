#!/usr/bin/env bats
# Faults through the real binaries (SPEC 4 exit codes, SPEC 6 bad input):
# full disk, closed pipe, unreadable input, limits, bad bytes, a regex that
# backtracks catastrophically, and two bad-input corpora written for this
# project after csv-spectrum and JSONTestSuite (t/fixtures/csv-spectrum/,
# t/fixtures/json-suite/: NAME.csv or NAME.json in, NAME.out the exact
# case-import output).  Every input row or line gives exactly one record.
load helper
bats_require_minimum_version 1.5.0

F="$FIX/faults"
OTHER_TOOLS="triage assign deadline-check term-audit payout-check"

setup_file() {
  # 30,000 clean rows: more output than any pipe buffer, so `| head -1`
  # really closes the pipe under a tool that is still writing.
  local big="$BATS_FILE_TMPDIR/big.csv"
  {
    printf '案号,立案日期,申请执行标的金额\n'
    awk 'BEGIN { for (i = 1; i <= 30000; i++) printf "（2023）豫0183执%d号,2023-03-01,%d\n", i, i }'
  } > "$big"
  case-import "$big" > "$BATS_FILE_TMPDIR/big.jsonl"
}

# The tools of $OTHER_TOOLS that have been built.
other_tools() {
  local t
  for t in $OTHER_TOOLS; do [ -x "$ZX_BIN/$t" ] && echo "$t"; done
  return 0
}

# ---- exit codes ---------------------------------------------------------

@test "faults: output to /dev/full is exit 3 with 'write error' (case-import)" {
  run -3 --separate-stderr bash -c 'case-import "$1" > /dev/full' _ "$F/clean.csv"
  assert_equal "$stderr" "case-import: write error: No space left on device"
}

@test "faults: output to /dev/full is exit 3 with 'write error' (every other tool)" {
  local t
  for t in $(other_tools); do
    run --separate-stderr bash -c '"$1" --as-of 2023-06-01 "$2" > /dev/full' _ "$t" "$F/clean.jsonl"
    [ "$status" = 3 ] || { echo "$t: exit $status"; false; }
    assert_equal "$stderr" "$t: write error: No space left on device"
  done
}

@test "faults: CSV output to /dev/full is exit 3 too" {
  run -3 --separate-stderr bash -c 'case-import -o csv "$1" > /dev/full' _ "$F/clean.csv"
  assert_equal "$stderr" "case-import: write error: No space left on device"
}

@test "faults: a closed pipe (| head -1) ends case-import quietly with status 0" {
  run --separate-stderr bash -c 'set -o pipefail; case-import "$1" | head -1' _ "$BATS_FILE_TMPDIR/big.csv"
  assert_success
  assert_output '{"case_no":"（2023）豫0183执1号","filed_on":"2023-03-01","amount":1,"kind":"执"}'
  assert_equal "$stderr" ""
}

@test "faults: a closed pipe (| head -1) ends every other tool quietly with status 0" {
  local t
  for t in $(other_tools); do
    run --separate-stderr bash -c 'set -o pipefail; "$1" --as-of 2023-06-01 "$2" | head -1 > /dev/null' _ "$t" "$BATS_FILE_TMPDIR/big.jsonl"
    [ "$status" = 0 ] || { echo "$t: exit $status: $stderr"; false; }
    assert_equal "$stderr" ""
  done
}

@test "faults: a directory as input is exit 3 naming it, nothing written" {
  run -3 --separate-stderr case-import "$BATS_TEST_TMPDIR"
  assert_output ""
  assert_equal "$stderr" "case-import: cannot open $BATS_TEST_TMPDIR: Is a directory"
}

@test "faults: a nonexistent input is exit 3 naming it" {
  run -3 --separate-stderr case-import "$BATS_TEST_TMPDIR/nosuch.csv"
  assert_output ""
  assert_equal "$stderr" "case-import: cannot open $BATS_TEST_TMPDIR/nosuch.csv: No such file or directory"
}

@test "faults: a missing file among others: the others are read, exit 3" {
  run -3 --separate-stderr case-import "$F/clean.csv" "$BATS_TEST_TMPDIR/nosuch.csv" "$F/clean.csv"
  assert_equal "$(printf '%s\n' "$output" | wc -l)" 6
  assert_equal "$stderr" "case-import: cannot open $BATS_TEST_TMPDIR/nosuch.csv: No such file or directory"
}

@test "faults: unreadable inputs are exit 3 naming them (every other tool)" {
  local t
  for t in $(other_tools); do
    run --separate-stderr "$t" --as-of 2023-06-01 "$BATS_TEST_TMPDIR"
    [ "$status" = 3 ] || { echo "$t: exit $status"; false; }
    assert_equal "$stderr" "$t: cannot open $BATS_TEST_TMPDIR: Is a directory"
    run --separate-stderr "$t" --as-of 2023-06-01 "$BATS_TEST_TMPDIR/nosuch.jsonl"
    [ "$status" = 3 ] || { echo "$t: exit $status"; false; }
    assert_equal "$stderr" "$t: cannot open $BATS_TEST_TMPDIR/nosuch.jsonl: No such file or directory"
  done
}

# ---- limits: an error entry, never a crash, and the next row is read ----

# two_records FILE MESSAGE: case-import FILE gives exit 1, a broken first
# record with exactly that error, and the second row read normally.
two_records() {
  run --separate-stderr case-import "$1"
  assert_equal "$status" 1
  assert_equal "$(printf '%s\n' "$output" | wc -l)" 2
  assert_equal "$(printf '%s\n' "$output" | sed -n 1p | jq -c '[has("_raw"), .errors]')" \
    "[true,[{\"tool\":\"case-import\",\"field\":\"_raw\",\"message\":\"$2\"}]]"
  assert_equal "$(printf '%s\n' "$output" | sed -n 2p)" \
    '{"case_no":"（2023）豫0183执2号","note":"ok","kind":"执"}'
}

@test "faults: a 10 MB single CSV field is an errors entry and the next row is read" {
  local f="$BATS_TEST_TMPDIR/bigfield.csv"
  { printf '案号,备注\n（2023）豫0183执1号,'; head -c 10485760 /dev/zero | tr '\0' x; printf '\n（2023）豫0183执2号,ok\n'; } > "$f"
  two_records "$f" "line of 10485786 bytes (line end included) is longer than 8388608 bytes (ZX_MAX_RECORD_BYTES): _raw holds its first 8388608 bytes"
  assert_equal "$stderr" "$f:2: _raw: line of 10485786 bytes (line end included) is longer than 8388608 bytes (ZX_MAX_RECORD_BYTES): _raw holds its first 8388608 bytes"
}

@test "faults: a 10 MB quoted CSV field over many lines is an errors entry; every line gives a record" {
  # A quoted value open for 10 MB (20 lines of 512 KiB): its first line is
  # the broken record; the lines after it are read again (SPEC 6: nothing
  # lost): 19 one-field rows, then the lone closing quote, which opens a
  # value the end of input leaves open (broken), then the last row, read
  # again as a good record.  22 lines after the header, 22 records.
  local f="$BATS_TEST_TMPDIR/bigquoted.csv" out="$BATS_TEST_TMPDIR/bigquoted.out" i
  {
    printf '案号,备注\n（2023）豫0183执1号,"'
    for i in $(seq 20); do head -c 524288 /dev/zero | tr '\0' x; printf '\n'; done
    printf '"\n（2023）豫0183执2号,ok\n'
  } > "$f"
  run -1 --separate-stderr bash -c 'case-import "$1" > "$2"' _ "$f" "$out"
  assert_equal "$(wc -l < "$out")" 22
  assert_equal "$(head -n 1 "$out" | jq -r '.errors[0].message')" \
    "malformed CSV: quoted field not closed within 8388608 bytes (ZX_MAX_RECORD_BYTES)"
  assert_equal "$(sed -n 2p "$out" | jq -r '.errors[0].message')" "row has 1 fields, header has 2"
  assert_equal "$(tail -n 1 "$out")" '{"case_no":"（2023）豫0183执2号","note":"ok","kind":"执"}'
}

@test "faults: a 2 MB CSV field (over the field limit, under the line limit) is an errors entry" {
  local f="$BATS_TEST_TMPDIR/field2m.csv"
  { printf '案号,备注\n（2023）豫0183执1号,'; head -c 2097152 /dev/zero | tr '\0' x; printf '\n（2023）豫0183执2号,ok\n'; } > "$f"
  two_records "$f" "field 2 is longer than 1048576 bytes (ZX_MAX_FIELD_BYTES)"
}

@test "faults: a 100,000-column CSV row is an errors entry and the next row is read" {
  local f="$BATS_TEST_TMPDIR/wide.csv"
  { printf '案号,备注\n（2023）豫0183执1号'; head -c 99999 /dev/zero | tr '\0' ,; printf '\n（2023）豫0183执2号,ok\n'; } > "$f"
  two_records "$f" "row has more than 10000 fields (ZX_MAX_FIELDS)"
}

@test "faults: a 100,000-column CSV header is an errors entry, and the row after it still gives a record" {
  local f="$BATS_TEST_TMPDIR/widehdr.csv"
  { awk 'BEGIN { for (i = 0; i < 100000; i++) printf "%sc%d", (i ? "," : ""), i; print "" }'; printf '（2023）豫0183执1号,ok\n'; } > "$f"
  run --separate-stderr case-import "$f"
  assert_equal "$status" 1
  assert_equal "$(printf '%s\n' "$output" | wc -l)" 2
  assert_equal "$(jqo '.errors[0].message')" "$(printf '%s\n' '"header: row has more than 10000 fields (ZX_MAX_FIELDS)"' '"no usable header (line 1)"')"
  assert_equal "$(printf '%s\n' "$output" | sed -n 2p | jq -r ._raw)" '（2023）豫0183执1号,ok'
}

@test "faults: a 10 MB JSON line is an errors entry and the next line is read" {
  local f="$BATS_TEST_TMPDIR/big.jsonl"
  { printf '{"case_no":"（2023）豫0183执1号","note":"'; head -c 10485760 /dev/zero | tr '\0' x; printf '"}\n{"case_no":"（2023）豫0183执2号","note":"ok"}\n'; } > "$f"
  two_records "$f" "line of 10485809 bytes (line end included) is longer than 8388608 bytes (ZX_MAX_RECORD_BYTES): _raw holds its first 8388608 bytes"
}

# ---- bad bytes: errors with the byte offset -----------------------------

@test "faults: a NUL byte is an error with its byte offset" {
  run --separate-stderr case-import "$F/nul.csv"
  assert_equal "$status" 1
  assert_output - <<'EOF'
{"_raw":"（2023）豫0183执1号,a\\x00b","errors":[{"tool":"case-import","field":"_raw","message":"NUL byte at byte 40"}]}
{"case_no":"（2023）豫0183执2号","note":"ok","kind":"执"}
EOF
  assert_equal "$stderr" "$F/nul.csv:2: _raw: NUL byte at byte 40"
}

@test "faults: invalid UTF-8 in a CSV is an error with its byte offset" {
  run --separate-stderr case-import --encoding utf-8 "$F/invalid_utf8.csv"
  assert_equal "$status" 1
  assert_output - <<'EOF'
{"_raw":"（2023）豫0183执1号,a\\xFF\\xFEb","errors":[{"tool":"case-import","field":"_raw","message":"invalid UTF-8 at byte 40"}]}
{"case_no":"（2023）豫0183执2号","note":"ok","kind":"执"}
EOF
  assert_equal "$stderr" "$F/invalid_utf8.csv:2: _raw: invalid UTF-8 at byte 40"
}

@test "faults: invalid UTF-8 in JSON lines is an error with its byte offset (encoding auto)" {
  run --separate-stderr case-import "$F/invalid_utf8.jsonl"
  assert_equal "$status" 1
  assert_output - <<'EOF'
{"case_no":"（2023）豫0183执1号","note":"ok","kind":"执"}
{"_raw":"{\"case_no\":\"（2023）豫0183执2号\",\"note\":\"a\\xC3(b\"}","errors":[{"tool":"case-import","field":"_raw","message":"invalid UTF-8 at byte 98"}]}
{"case_no":"（2023）豫0183执3号","note":"ok","kind":"执"}
EOF
  assert_equal "$stderr" "$F/invalid_utf8.jsonl:2: _raw: invalid UTF-8 at byte 98"
}

@test "faults: an invalid GB18030 sequence is an error with its byte offset (auto and forced)" {
  local enc
  for enc in auto gb18030; do
    run --separate-stderr case-import --encoding "$enc" "$F/invalid_gb18030.csv"
    assert_equal "$status" 1
    assert_output - <<'EOF'
{"_raw":"(2023)豫0183执1号,a\\x81 b","errors":[{"tool":"case-import","field":"_raw","message":"invalid GB18030 at byte 30"}]}
{"case_no":"(2023)豫0183执2号","note":"ok","kind":"执"}
EOF
    assert_equal "$stderr" "$F/invalid_gb18030.csv:2: _raw: invalid GB18030 at byte 30"
  done
}

# ---- a profile regex that backtracks catastrophically -------------------

@test "faults: '(a+)+\$' on a long 'aaa…b' field is stopped by PCRE2's match limit with a clear error" {
  [ -x "$ZX_BIN/triage" ] || skip "bin/triage not built"
  local f="$BATS_TEST_TMPDIR/bomb.jsonl" a
  a=$(head -c 5000 /dev/zero | tr '\0' a)
  printf '{"case_no":"（2023）豫0183执1号","cause":"%sb"}\n{"case_no":"（2023）豫0183执2号","cause":"aaa"}\n' "$a" > "$f"
  run --separate-stderr timeout 60 triage -p "$F/regex_bomb.json" "$f"
  assert_equal "$status" 1
  local want='no track: rule bomb.track.first.match cannot be decided: regex match limit exceeded'
  assert_equal "$(printf '%s\n' "$output" | sed -n 1p | jq -c '[.track, .errors]')" \
    "[null,[{\"tool\":\"triage\",\"field\":\"cause\",\"message\":\"$want\"}]]"
  assert_equal "$(printf '%s\n' "$output" | sed -n 2p | jq -c '[.track, .track_rules]')" '["first",["bomb.track.first.match"]]'
  assert_equal "$stderr" "$f:1: cause: $want"
}

# ---- bad-input corpora --------------------------------------------------

# NAME:ROWS of t/fixtures/csv-spectrum (data rows in the input, blank lines
# not counted; each gives exactly one record).  cr_only_line_ends: bare CR
# line ends, as old Mac Excel writes them.
CSV_CASES="simple:2 simple_crlf:2 comma_in_quotes:1 escaped_quotes:1 newlines:2
  newlines_crlf:2 quotes_and_newlines:1 empty_fields:2 empty_crlf:1 json_in_field:1
  utf8:1 no_final_newline:1 blank_lines:2 quoted_header:1 bom:1 cr_only_line_ends:2
  bad_too_many_fields:2 bad_too_few_fields:2 bad_unterminated_quote:2
  bad_text_after_quote:2 bad_invalid_utf8:2 bad_nul:2
  i_quote_in_unquoted:1 i_space_around_quoted:1 i_header_only:0 i_duplicate_header:1"

@test "csv-spectrum: rows in = records out, exact records, bad rows with _raw and errors" {
  local c name rows n want_status
  for c in $CSV_CASES; do
    name=${c%%:*} rows=${c#*:}
    run --separate-stderr case-import -i csv --encoding utf-8 "$FIX/csv-spectrum/$name.csv"
    n=$(printf '%s' "$output" | grep -c '^' || true)
    [ "$n" = "$rows" ] || { echo "$name: $n records for $rows rows"; false; }
    [ "$output" = "$(cat "$FIX/csv-spectrum/$name.out")" ] || { echo "$name: got"; echo "$output"; false; }
    want_status=0
    printf '%s\n' "$output" | grep -q '"_raw":' && want_status=1
    [ "$status" = "$want_status" ] || { echo "$name: exit $status"; false; }
    case $name in
      bad_*) [ "$want_status" = 1 ] || { echo "$name: no broken record"; false; } ;;
      i_*) ;;
      *) [ "$want_status" = 0 ] || { echo "$name: broken record in a good case"; false; } ;;
    esac
  done
}

@test "csv-spectrum: a broken row's _raw is the row's text, the good ones' values exact" {
  assert_equal "$(jq -r '._raw' "$FIX/csv-spectrum/bad_too_many_fields.out" | head -1)" '(2023)豫0183执1号,a,b,extra'
  assert_equal "$(jq -r '.note' "$FIX/csv-spectrum/escaped_quotes.out")" '他说"还钱"'
  assert_equal "$(jq -r '.cause' "$FIX/csv-spectrum/escaped_quotes.out")" '"'
  assert_equal "$(jq -c '.note' "$FIX/csv-spectrum/newlines_crlf.out" | head -1)" '"第一行\r\n第二行"'
  assert_equal "$(jq -c '[.note, .note_2]' "$FIX/csv-spectrum/i_duplicate_header.out")" '["a","b"]'
}

@test "json-suite: every y_/n_/i_ line gives exactly one record, exact output" {
  local f name n want_status
  for f in "$FIX"/json-suite/*.json; do
    name=$(basename "$f" .json)
    run --separate-stderr case-import -i jsonl --encoding utf-8 "$f"
    n=$(printf '%s' "$output" | grep -c '^' || true)
    [ "$n" = 1 ] || { echo "$name: $n records"; false; }
    [ "$output" = "$(cat "$FIX/json-suite/$name.out")" ] || { echo "$name: got"; echo "$output"; false; }
    case $name in
      y_*) [ "$status" = 0 ] && ! jqo -e 'has("_raw") or has("errors")' > /dev/null ||
             { echo "$name: exit $status, $output"; false; } ;;
      n_*) [ "$status" = 1 ] && jqo -e 'has("_raw") and (.errors | length == 1)' > /dev/null ||
             { echo "$name: exit $status, $output"; false; } ;;
      i_*) want_status=0
           jqo -e 'has("_raw")' > /dev/null && want_status=1
           [ "$status" = "$want_status" ] || { echo "$name: exit $status"; false; } ;;
    esac
  done
}

@test "json-suite: all the lines in one stream: lines in = records out, in order" {
  # Every case but the two that depend on their place in a file (a BOM
  # first, no final newline last), one after another.
  local in="$BATS_TEST_TMPDIR/all.jsonl" want="$BATS_TEST_TMPDIR/all.out" f n nul_line=-1
  : > "$in"
  : > "$want"
  for f in "$FIX"/json-suite/*.json; do
    case $f in */y_bom.json|*/y_no_final_newline.json) continue ;; esac
    [ "${f##*/}" = n_raw_nul.json ] && nul_line=$(stat -c %s "$in")
    cat "$f" >> "$in"
    cat "${f%.json}.out" >> "$want"
  done
  n=$(wc -l < "$in")
  run --separate-stderr case-import -i jsonl --encoding utf-8 "$in"
  assert_equal "$status" 1
  assert_equal "$(printf '%s\n' "$output" | wc -l)" "$n"
  # Byte offsets are the file's, so they differ from the one-line files.
  assert_equal "$(printf '%s\n' "$output" | sed 's/ at byte [0-9]*"/ at byte N"/')" \
    "$(sed 's/ at byte [0-9]*"/ at byte N"/' "$want")"
  # ... and exact: the NUL of n_raw_nul is byte 43 of its own line.
  assert_output --partial "\"NUL byte at byte $((nul_line + 43))\""
}

@test "json-suite: exact values of the well-formed lines" {
  local J="$FIX/json-suite"
  assert_equal "$(jq -r '.note' "$J/y_string_unicode_escape.out")" '案号 é'
  assert_equal "$(jq -r '.note' "$J/y_string_surrogate_pair.out")" '𝄞'
  assert_equal "$(jq -c '.n' "$J/y_numbers.out")" '[0,0,100,0.0015,-12.25,9007199254740991]'
  assert_equal "$(jq -c '[.case_no, .note, .amount]' "$J/y_chinese_keys.out")" '["(2023)豫0183执1号","中文键",85000]'
  assert_equal "$(jq -c '[.filed_on, .amount, .respondent_local]' "$J/y_canonical_values.out")" '["2023-03-01",85000.5,true]'
  assert_equal "$(jq -c 'keys_unsorted' "$J/y_key_order_kept.out")" '["note","case_no","zz","aa","kind"]'
  assert_equal "$(jq -r '.note' "$J/i_duplicate_key.out")" 'b'
}
