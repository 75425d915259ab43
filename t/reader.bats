#!/usr/bin/env bats
# The record reader (lib/io/reader*.c, lib/io/encoding.c): CSV, JSON lines,
# encodings and bad input, through the driver build/t/test_reader, which
# prints each record as {"line","broken","nerrors","obj","raw"}.
# Expected outputs are t/fixtures/reader/NAME.out (stdout) and NAME.err
# (the diagnostics on stderr).
load helper
bats_require_minimum_version 1.5.0

R="$FIX/reader"

# fixture FILE EXPECTED-BASENAME [driver options]
fixture() {
  local file=$1 want=$2
  shift 2
  cd "$R"
  run --separate-stderr "$ZX_UNIT/test_reader" "$@" --raw "$file"
  assert_success
  assert_equal "$output" "$(cat "$want.out")"
  assert_equal "$stderr" "$(cat "$want.err")"
}

@test "reader: unit checks" {
  run --separate-stderr "$ZX_UNIT/test_reader"
  assert_success
  assert_output --regexp '^ok [0-9]+ checks$'
}

@test "csv: quoted commas, doubled quotes and newlines (LF and CRLF) are values" {
  fixture quoted.csv quoted
}

@test "csv: CRLF line ends, blank line skipped" {
  fixture crlf.csv crlf
}

@test "csv: UTF-8 BOM before a quoted Chinese header" {
  fixture bom_quoted_header.csv bom_quoted_header
}

@test "csv: last line without a newline" {
  fixture no_final_newline.csv no_final_newline
}

@test "csv: ragged rows and stray quotes are broken; the rows after them are read" {
  fixture ragged.csv ragged
  # 7 records in, 7 out
  [ "$(printf '%s\n' "$output" | wc -l)" -eq 7 ]
}

@test "csv: an unterminated quote at the end swallows no rows" {
  fixture unterminated.csv unterminated
}

@test "csv: an unclosed quote before a quoted row breaks only its own line" {
  fixture unterminated_mid.csv unterminated_mid
}

@test "csv: GB18030 file with Chinese headers gives the same records as its UTF-8 twin" {
  fixture cases_gb18030.csv cases_gb18030
  cmp "$R/cases_gb18030.out" "$R/cases_utf8.out"
  fixture cases_utf8.csv cases_utf8
}

@test "csv: GB18030 read as forced UTF-8 is broken, bytes kept as \\xHH" {
  fixture cases_gb18030.csv gb_as_utf8 --utf8
}

@test "csv: invalid UTF-8 names the byte offset" {
  fixture invalid_utf8.csv invalid_utf8
}

@test "csv: invalid GB18030 names the byte offset" {
  fixture invalid_gb18030.csv invalid_gb18030
}

@test "csv: a NUL byte names the byte offset" {
  fixture nul.csv nul
}

@test "csv: standard input is <stdin> in diagnostics" {
  cd "$R"
  run --separate-stderr bash -c "'$ZX_UNIT/test_reader' --raw - < ragged.csv"
  assert_success
  assert_equal "$output" "$(cat ragged.out)"
  assert_equal "$stderr" "$(sed 's/^ragged\.csv:/<stdin>:/' ragged.err)"
}

@test "jsonl: broken JSON, non-objects, trailing text, bad UTF-8; blank lines skipped; aliases renamed" {
  fixture broken.jsonl broken
}

@test "jsonl: nesting deeper than 64 is broken, 64 is read; brackets in strings do not count" {
  fixture deep.jsonl deep
}

@test "jsonl: GB18030 JSON lines give the same records as UTF-8" {
  fixture cases_gb18030.jsonl cases_gb18030_jsonl
  cmp "$R/cases_gb18030_jsonl.out" "$R/cases_utf8_jsonl.out"
  fixture cases_utf8.jsonl cases_utf8_jsonl
}

@test "jsonl: forced on a CSV file, every line is broken JSON" {
  cd "$R"
  run --separate-stderr "$ZX_UNIT/test_reader" --jsonl --count crlf.csv
  assert_success
  assert_output "records 4 broken 4"
}

@test "limits: a 2 MB cell is an error entry, not a crash" {
  f="$BATS_TEST_TMPDIR/cell.csv"
  { printf 'a,b\n1,"'; head -c 2097152 /dev/zero | tr '\0' x; printf '"\n2,ok\n'; } > "$f"
  run --separate-stderr "$ZX_UNIT/test_reader" --count "$f"
  assert_success
  assert_output "records 2 broken 1"
  assert_equal "$stderr" "$f:2: _raw: field 2 is longer than 1048576 bytes (ZX_MAX_FIELD_BYTES)"
}

@test "limits: a cell of exactly 1 MiB is read" {
  f="$BATS_TEST_TMPDIR/cell.csv"
  { printf 'a,b\n1,"'; head -c 1048576 /dev/zero | tr '\0' x; printf '"\n'; } > "$f"
  run --separate-stderr "$ZX_UNIT/test_reader" --count "$f"
  assert_success
  assert_output "records 1 broken 0"
}

@test "limits: a 20,000-column row is an error entry; 10,000 columns are read" {
  f="$BATS_TEST_TMPDIR/wide.csv"
  { echo a,b,c; awk 'BEGIN { for (i = 1; i < 20000; i++) printf "v,"; print "v" }'; echo 1,2,3; } > "$f"
  run --separate-stderr "$ZX_UNIT/test_reader" --count "$f"
  assert_success
  assert_output "records 2 broken 1"
  assert_equal "$stderr" "$f:2: _raw: row has more than 10000 fields (ZX_MAX_FIELDS)"
  awk 'BEGIN { for (r = 0; r < 2; r++) { for (i = 1; i < 10000; i++) printf "c%d,", i; print "c10000" } }' > "$f"
  run --separate-stderr "$ZX_UNIT/test_reader" --count "$f"
  assert_output "records 1 broken 0"
}

@test "limits: a 9 MiB line is broken and cut, the next row is read" {
  f="$BATS_TEST_TMPDIR/long.csv"
  { printf 'a,b\n1,'; head -c 9437184 /dev/zero | tr '\0' y; printf '\n2,ok\n'; } > "$f"
  run --separate-stderr "$ZX_UNIT/test_reader" "$f"
  assert_success
  assert_equal "$stderr" "$f:2: _raw: line of 9437187 bytes (line end included) is longer than 8388608 bytes (ZX_MAX_RECORD_BYTES): _raw holds its first 8388608 bytes"
  [ "$(printf '%s\n' "$output" | sed -n 1p | jq -r '.obj._raw | length')" -eq 8388608 ]
  assert_equal "$(printf '%s\n' "$output" | sed -n 2p)" '{"line":3,"broken":0,"nerrors":0,"obj":{"a":"2","b":"ok"}}'
}

@test "limits: a quote left open for more than 8 MiB breaks only its first line" {
  f="$BATS_TEST_TMPDIR/open.csv"
  { printf 'a,b\n1,"never closed\n'; awk 'BEGIN { for (i = 0; i < 300000; i++) print i ",abcdefghijklmnopqrstuvwxyz" }'; } > "$f"
  run --separate-stderr "$ZX_UNIT/test_reader" --count "$f"
  assert_success
  assert_output "records 300001 broken 1"
  assert_equal "$stderr" "$f:2: _raw: malformed CSV: quoted field not closed within 8388608 bytes (ZX_MAX_RECORD_BYTES)"
}

@test "limits: a JSON string over 1 MiB is broken" {
  f="$BATS_TEST_TMPDIR/long.jsonl"
  { printf '{"a":"'; head -c 1048577 /dev/zero | tr '\0' y; printf '"}\n{"b":1}\n'; } > "$f"
  run --separate-stderr "$ZX_UNIT/test_reader" --count "$f"
  assert_output "records 2 broken 1"
  assert_equal "$stderr" "$f:1: _raw: string longer than 1048576 bytes (ZX_MAX_FIELD_BYTES)"
}

@test "scale: 100,000 rows with broken rows mixed in give 100,000 records" {
  f="$BATS_TEST_TMPDIR/mixed.csv"
  awk 'BEGIN {
    print "case_no,amount,note"
    for (i = 0; i < 100000; i++) {
      if (i % 1000 == 7) print i ",1"                             # ragged
      else if (i % 1000 == 500) print i ",x\"y,z"                 # stray quote
      else if (i % 1000 == 900) print i ",\"multi\nline\",z"      # valid, two lines
      else print i "," i * 10 ",\"note, " i "\""
    }
  }' > "$f"
  run --separate-stderr "$ZX_UNIT/test_reader" --count "$f"
  assert_success
  assert_output "records 100000 broken 200"
  [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 200 ]
  run --separate-stderr "$ZX_UNIT/test_reader" "$f"
  assert_equal "$(printf '%s\n' "$output" | sed -n 100000p)" \
    '{"line":100101,"broken":0,"nerrors":0,"obj":{"case_no":"99999","amount":"999990","note":"note, 99999"}}'
}

# ---- key-only reading (reader_only_keys; assign's first reading, case-import's counting pass) ----

# keyonly FILE KEYS PROJ [driver options]: the records read keeping KEYS are
# the records read whole, PROJ kept of each record that is not broken
# (line, broken, errors, raw alike), with the same diagnostics; and read
# again whole (--again) they are the records read whole, byte for byte.
keyonly() {
  local file=$1 keys=$2 proj=$3
  shift 3
  local p="if .broken == 1 then . else .obj |= with_entries(select(.key | IN($proj))) end"
  run --separate-stderr "$ZX_UNIT/test_reader" "$@" --raw "$file"
  assert_success
  local whole=$output whole_err=$stderr
  [ -n "$whole" ]
  run --separate-stderr "$ZX_UNIT/test_reader" "$@" --only "$keys" --raw "$file"
  assert_success
  assert_equal "$(jq -c "$p" <<< "$output")" "$(jq -c "$p" <<< "$whole")"
  assert_equal "$stderr" "$whole_err"
  run --separate-stderr "$ZX_UNIT/test_reader" "$@" --only "$keys" --again --raw "$file"
  assert_success
  assert_equal "$output" "$whole"
  assert_equal "$stderr" "$whole_err"
}

@test "csv key-only: kept cells, broken rows, footers and line numbers are those of the whole reading" {
  cd "$R"
  keyonly keyonly.csv amount,note '"case_no","amount","note"'
  keyonly keyonly.csv amount,note '"case_no","amount","note"' --lazy
  # what a user sees of each row, spelled out: the case number is kept too
  run --separate-stderr "$ZX_UNIT/test_reader" --only note "keyonly.csv"
  assert_equal "$(jq -c 'select(.broken == 0) | .obj' <<< "$output" | head -4)" \
'{"case_no":"(2024)豫0183执1号","note":"a, \"b\""}
{"case_no":"(2024)豫0183执2号","note":""}
{"case_no":"(2024)豫0183执3号","note":"multi\nline"}
{"case_no":"(2024)豫0183执8号","note":"note"}'
  assert_equal "$(jq -c 'select(.broken == 0) | .obj.note' <<< "$output" | tail -4 | tr '\n' ' ')" \
    '"he said \"hi\"" "after" "cr\rinside" " blank " '
  assert_equal "$(jq -c 'select(.broken == 1) | [.line, .obj.errors[0].message]' <<< "$output")" \
'[6,"malformed CSV: stray quote in an unquoted field at column 21"]
[7,"malformed CSV: text after a closing quote at column 19"]
[8,"row has 5 fields, header has 4"]
[9,"row has 3 fields, header has 4"]
[14,"malformed CSV: quoted field not closed properly (bad quoting on line 16)"]'
  [ "${stderr_lines[4]}" = "keyonly.csv:12: footer row (合计), not a case: not written: 合计,11,," ]
}

@test "csv and JSON lines key-only: every reader fixture reads as it does whole" {
  cd "$R"
  for f in *.csv; do
    keyonly "$f" amount,note '"case_no","amount","note"'
    keyonly "$f" amount '"case_no","amount"' --lazy
  done
  for f in *.jsonl; do
    keyonly "$f" case_no,amount '"case_no","amount"' --lazy
  done
}
