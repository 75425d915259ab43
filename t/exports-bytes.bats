#!/usr/bin/env bats
# Exports as courts have them, the byte half of issue 18: encodings decided
# per line, UTF-16 with a BOM, the delimiter, Excel's damage to cells,
# money as written, text under events/funds, --orphans.  Fixtures:
# t/fixtures/exports/bytes-* (bytes-make.sh makes the binary ones).
load helper
bats_require_minimum_version 1.5.0

X="$BATS_TEST_DIRNAME/fixtures/exports"

# The two records every encoding/delimiter twin of the base export gives.
BASE1='{"case_no":"（2023）豫0183执1号","amount":50000,"respondent":"张三","filed_on":"2023-03-01","kind":"执"}'
BASE2='{"case_no":"（2023）豫0183执2号","amount":100000,"respondent":"李四","filed_on":"2023-03-02","kind":"执"}'

base_twin() {
  run --separate-stderr case-import "$@"
  assert_equal "$status" 0
  assert_equal "$output" "$BASE1"$'\n'"$BASE2"
  assert_equal "$stderr" ""
}

@test "bytes: GB18030 with CRLF reads as its UTF-8 twin" { base_twin "$X/bytes-gb18030-crlf.csv"; }
@test "bytes: UTF-8 with a BOM and CRLF reads as its twin" { base_twin "$X/bytes-utf8-bom-crlf.csv"; }
@test "bytes: Excel's Unicode text (UTF-16LE, BOM, tabs, CRLF) reads as columns" { base_twin "$X/bytes-utf16le-tab.txt"; }
@test "bytes: UTF-16BE with a BOM, tab-separated, reads as columns" { base_twin "$X/bytes-utf16be-tab.txt"; }
@test "bytes: a tab-separated UTF-8 file reads as columns, not one" { base_twin "$X/bytes-utf8-tab.tsv"; }
@test "bytes: --delimiter tab on the tab file gives the same" { base_twin --delimiter tab "$X/bytes-utf8-tab.tsv"; }

@test "bytes: semicolon-separated: detected; a comma stays inside its cell" {
  run --separate-stderr case-import "$X/bytes-semicolon.csv"
  assert_equal "$status" 0
  assert_equal "${lines[0]}" '{"case_no":"（2023）豫0183执1号","amount":50000,"respondent":"张三,张四","filed_on":"2023-03-01","kind":"执"}'
  assert_equal "${lines[1]}" "$BASE2"
}

@test "bytes: delimiter tie in the header (one ',' one ';'): the delimiter that gives a case-number column wins; --delimiter overrides" {
  printf '案号;金额,备注\n（2023）豫0183执1号;5万,x\n' > "$BATS_TEST_TMPDIR/tie.csv"
  run --separate-stderr case-import "$BATS_TEST_TMPDIR/tie.csv"
  assert_equal "$status" 0
  assert_equal "$output" '{"case_no":"（2023）豫0183执1号","金额,备注":"5万,x","kind":"执"}'
  run --separate-stderr case-import --delimiter comma "$BATS_TEST_TMPDIR/tie.csv"
  assert_equal "$status" 1
  assert_equal "$output" '{"案号;金额":"（2023）豫0183执1号;5万","note":"x","errors":[{"tool":"case-import","field":"case_no","message":"missing case number"}]}'
  run --separate-stderr case-import --delimiter semicolon "$BATS_TEST_TMPDIR/tie.csv"
  assert_equal "$status" 0
  assert_equal "$output" '{"case_no":"（2023）豫0183执1号","金额,备注":"5万,x","kind":"执"}'
  printf '案号;金额;备注,x\n（2023）豫0183执1号;5万;y,z\n' > "$BATS_TEST_TMPDIR/semi2.csv"
  run --separate-stderr case-import "$BATS_TEST_TMPDIR/semi2.csv"
  assert_equal "$output" '{"case_no":"（2023）豫0183执1号","amount":50000,"备注,x":"y,z","kind":"执"}'
}

@test "bytes: --delimiter with a bad value is a usage error, exit 2, nothing written" {
  run --separate-stderr case-import --delimiter pipe "$X/bytes-utf8-tab.tsv"
  assert_equal "$status" 2
  assert_equal "$output" ""
  assert_equal "$stderr" "case-import: invalid argument 'pipe' for option --delimiter"$'\n'"Try 'case-import --help' for more information."
}

@test "bytes: a UTF-8 character cut in the first row flags only that row; later UTF-8 rows are read" {
  run --separate-stderr case-import "$X/bytes-truncated-utf8.csv"
  assert_equal "$status" 1
  assert_equal "${lines[0]}" '{"_raw":"（2023）豫0183执1号,\\xE5\\xBC,5万","errors":[{"tool":"case-import","field":"_raw","message":"invalid UTF-8 at byte 51"}]}'
  assert_equal "${lines[1]}" '{"case_no":"（2023）豫0183执2号","respondent":"李四","amount":60000,"kind":"执"}'
  assert_equal "${lines[2]}" '{"case_no":"（2023）豫0183执3号","respondent":"王五","amount":70000,"kind":"执"}'
  assert_equal "${#lines[@]}" 3
  assert_equal "$stderr" "$X/bytes-truncated-utf8.csv:2: _raw: invalid UTF-8 at byte 51"
}

@test "bytes: a GB18030 row pasted into a UTF-8 file is 'invalid UTF-8' on that row only" {
  run --separate-stderr case-import "$X/bytes-mixed.csv"
  assert_equal "$status" 1
  assert_equal "${lines[0]}" '{"case_no":"（2023）豫0183执1号","respondent":"张三","kind":"执"}'
  assert_equal "${lines[1]}" '{"_raw":"（2023）豫0183执2号,\\xCD\\xF5\\xCE\\xE5","errors":[{"tool":"case-import","field":"_raw","message":"invalid UTF-8 at byte 77"}]}'
  assert_equal "${lines[2]}" '{"case_no":"（2023）豫0183执3号","respondent":"李四","kind":"执"}'
  assert_equal "$stderr" "$X/bytes-mixed.csv:3: _raw: invalid UTF-8 at byte 77"
}

@test "bytes: a GB18030 file keeps reading as GB18030 row after row (forced and auto agree)" {
  run --separate-stderr case-import --encoding gb18030 "$X/bytes-gb18030-crlf.csv"
  assert_equal "$output" "$BASE1"$'\n'"$BASE2"
}

@test "bytes: UTF-16 that cannot be converted is 'invalid UTF-16' on its own row" {
  run --separate-stderr case-import "$X/bytes-utf16le-bad.txt"
  assert_equal "$status" 1
  assert_equal "${lines[0]}" '{"_raw":"（2023）豫0183执1号,\\xFFx","errors":[{"tool":"case-import","field":"_raw","message":"invalid UTF-16 on this line"}]}'
  assert_equal "${lines[1]}" '{"case_no":"（2023）豫0183执2号","note":"ok","kind":"执"}'
  assert_equal "${lines[2]}" '{"_raw":"\\xFF","errors":[{"tool":"case-import","field":"_raw","message":"invalid UTF-16 on this line"}]}'
  assert_equal "$stderr" "$X/bytes-utf16le-bad.txt:2: _raw: invalid UTF-16 on this line"$'\n'"$X/bytes-utf16le-bad.txt:4: _raw: invalid UTF-16 on this line"
}

@test "bytes: Excel damage: unwrapped or converted with a warning, lost digits an error" {
  run --separate-stderr case-import "$X/bytes-excel.csv"
  assert_equal "$status" 1
  assert_equal "${lines[0]}" '{"case_no":"（2023）豫0183执1号","respondent_id":"4.10182E+17","filed_on":"2024-01-01","closed_on":"2024-01-01T12:00","amount":50000,"respondent":"张三","note":"4.1E+17","warnings":[{"tool":"case-import","field":"case_no","message":"Excel formula =\"...\" read as the text inside it"},{"tool":"case-import","field":"filed_on","message":"Excel date serial '"'45292'"' read as 2024-01-01 (1900 date system)"},{"tool":"case-import","field":"closed_on","message":"Excel date serial '"'45292.5'"' read as 2024-01-01T12:00 (1900 date system)"},{"tool":"case-import","field":"respondent","message":"leading apostrophe (Excel'"'"'s text mark) dropped"}],"errors":[{"tool":"case-import","field":"respondent_id","message":"'"'4.10182E+17'"' is in scientific notation: Excel has dropped the digits of this number; export the column as text"}],"kind":"执"}'
  assert_equal "${lines[1]}" '{"case_no":"（2023）豫0183执2号","respondent_id":"410182199001011234","filed_on":"2023-12-31","closed_on":"","amount":60000,"respondent":"李四","note":"","warnings":[{"tool":"case-import","field":"case_no","message":"Excel formula =\"...\" read as the text inside it"},{"tool":"case-import","field":"respondent_id","message":"leading tab (Excel'"'"'s text mark) dropped"},{"tool":"case-import","field":"filed_on","message":"Excel date serial '"'45291'"' read as 2023-12-31 (1900 date system)"}],"kind":"执"}'
  assert_equal "${lines[2]}" '{"case_no":"（2023）豫0183执3号","respondent_id":"410182199001011234","filed_on":"2024-01-02","closed_on":"2024-01-31","amount":70000,"respondent":"王五","note":"'"'"'","warnings":[{"tool":"case-import","field":"filed_on","message":"Excel date serial '"'45293'"' read as 2024-01-02 (1900 date system)"}],"kind":"执"}'
  assert_equal "${lines[3]}" '{"case_no":"4.10183E+17","respondent_id":"410182199001011234","filed_on":"25568","closed_on":"1970-01-01","amount":80000,"respondent":"赵六","note":"","errors":[{"tool":"case-import","field":"case_no","message":"'"'4.10183E+17'"' is in scientific notation: Excel has dropped the digits of this number; export the column as text"},{"tool":"case-import","field":"filed_on","message":"invalid date '"'25568'"'"}],"warnings":[{"tool":"case-import","field":"closed_on","message":"Excel date serial '"'25569'"' read as 1970-01-01 (1900 date system)"}]}'
  assert_equal "${lines[4]}" '{"case_no":"（2023）豫0183执5号","respondent_id":"410182199001011234","filed_on":"2099-12-31","closed_on":"73051","amount":90000,"respondent":"钱七","note":"","warnings":[{"tool":"case-import","field":"filed_on","message":"Excel date serial '"'73050'"' read as 2099-12-31 (1900 date system)"}],"errors":[{"tool":"case-import","field":"closed_on","message":"invalid date '"'73051'"'"}],"kind":"执"}'
  assert_equal "${#lines[@]}" 5
  assert_equal "${stderr_lines[0]}" "$X/bytes-excel.csv:2: case_no: warning: Excel formula =\"...\" read as the text inside it"
  assert_equal "${stderr_lines[1]}" "$X/bytes-excel.csv:2: respondent_id: '4.10182E+17' is in scientific notation: Excel has dropped the digits of this number; export the column as text"
  assert_equal "${#stderr_lines[@]}" 14
}

@test "bytes: a value in apostrophes ('急') is quoting, not Excel's mark: kept, no warning" {
  printf "案号,备注\n（2023）豫0183执1号,'急'\n" > "$BATS_TEST_TMPDIR/q.csv"
  run --separate-stderr case-import "$BATS_TEST_TMPDIR/q.csv"
  assert_equal "$status" 0
  assert_equal "$output" '{"case_no":"（2023）豫0183执1号","note":"'"'急'"'","kind":"执"}'
  assert_equal "$stderr" ""
}

@test "bytes: an unquoted =\"...\" cell is read (not a broken row), with a warning" {
  printf '案号,金额,备注\n="（2023）豫0183执1号",5万,="a""b"\n' > "$BATS_TEST_TMPDIR/f.csv"
  run --separate-stderr case-import "$BATS_TEST_TMPDIR/f.csv"
  assert_equal "$status" 0
  assert_equal "$output" '{"case_no":"（2023）豫0183执1号","amount":50000,"note":"a\"b","warnings":[{"tool":"case-import","field":"case_no","message":"Excel formula =\"...\" read as the text inside it"},{"tool":"case-import","field":"note","message":"Excel formula =\"...\" read as the text inside it"}],"kind":"执"}'
}

@test "bytes: Excel damage is reported by every tool reading CSV (triage)" {
  run --separate-stderr triage -p yindu --as-of 2024-02-01 "$X/bytes-excel.csv"
  assert_equal "$status" 1
  assert_equal "$(jqo -s '[.[0].filed_on, .[0].respondent_id, (.[0].errors | map(.field))]')" '["2024-01-01","4.10182E+17",["respondent_id","flags"]]'
  # flags: the export has no 标注 column, which yindu's rules read (issue 18: a missing column is never silent)
}

@test "bytes: money: 亿 on both sides of 100,000; ￥/¥ and full-width digits; a dash alone is no amount" {
  run --separate-stderr case-import "$X/bytes-money.csv"
  assert_equal "$status" 1
  assert_equal "${lines[0]}" '{"case_no":"（2023）豫0183执1号","amount":99999.99,"assets_cash":"-","warnings":[{"tool":"case-import","field":"assets_cash","message":"'"'-'"' read as no amount, as an empty cell (not as 0)"}],"kind":"执"}'
  assert_equal "${lines[1]}" '{"case_no":"（2023）豫0183执2号","amount":100000,"assets_cash":"－","warnings":[{"tool":"case-import","field":"assets_cash","message":"'"'－'"' read as no amount, as an empty cell (not as 0)"}],"kind":"执"}'
  assert_equal "${lines[2]}" '{"case_no":"（2023）豫0183执3号","amount":100000.01,"assets_cash":"—","warnings":[{"tool":"case-import","field":"assets_cash","message":"'"'—'"' read as no amount, as an empty cell (not as 0)"}],"kind":"执"}'
  assert_equal "${lines[3]}" '{"case_no":"（2023）豫0183执4号","amount":99999.99,"assets_cash":0,"kind":"执"}'
  assert_equal "${lines[4]}" '{"case_no":"（2023）豫0183执5号","amount":100000.01,"assets_cash":"--","errors":[{"tool":"case-import","field":"assets_cash","message":"invalid money '"'--'"'"}],"kind":"执"}'
  assert_equal "${lines[5]}" '{"case_no":"（2023）豫0183执6号","amount":150000000,"assets_cash":"1万亿","errors":[{"tool":"case-import","field":"assets_cash","message":"invalid money '"'1万亿'"'"}],"kind":"执"}'
  assert_equal "${stderr_lines[0]}" "$X/bytes-money.csv:2: assets_cash: warning: '-' read as no amount, as an empty cell (not as 0)"
  assert_equal "${stderr_lines[3]}" "$X/bytes-money.csv:6: assets_cash: invalid money '--'"
  assert_equal "${stderr_lines[4]}" "$X/bytes-money.csv:7: assets_cash: invalid money '1万亿'"
  assert_equal "${#stderr_lines[@]}" 5
}

@test "bytes: text under 流程节点/案款 is kept with an error, never dropped to []" {
  run --separate-stderr case-import "$X/bytes-events-text.csv"
  assert_equal "$status" 1
  assert_equal "${lines[0]}" '{"case_no":"（2023）豫0183执1号","events":"已发执行通知书","funds":"已到账5万","kind":"执","errors":[{"tool":"case-import","field":"events","message":"'"'已发执行通知书'"' is not a list of node events: kept as written (give them as a JSON list, or in a companion file with --events)"},{"tool":"case-import","field":"funds","message":"'"'已到账5万'"' is not a list of fund movements: kept as written (give them as a JSON list, or in a companion file with --funds)"}]}'
  assert_equal "${lines[1]}" '{"case_no":"（2023）豫0183执2号","kind":"执"}'
  assert_equal "${lines[2]}" '{"case_no":"（2023）豫0183执3号","events":[{"node":"notice","at":"2023-03-02"}],"funds":[{"kind":"arrival","on":"2023-03-05","amount":50000}],"kind":"执"}'
  assert_equal "${#stderr_lines[@]}" 2
}

@test "bytes: events text beside companion rows: the rows win, the text stays in the error" {
  printf '案号,流程节点\n（2023）豫0183执1号,已发通知\n' > "$BATS_TEST_TMPDIR/c.csv"
  printf '案号,节点,时间\n（2023）豫0183执1号,执行通知书,2023-03-02\n' > "$BATS_TEST_TMPDIR/n.csv"
  run --separate-stderr case-import "$BATS_TEST_TMPDIR/c.csv" --events "$BATS_TEST_TMPDIR/n.csv"
  assert_equal "$status" 1
  assert_equal "$output" '{"case_no":"（2023）豫0183执1号","events":[{"node":"notice","at":"2023-03-02"}],"kind":"执","errors":[{"tool":"case-import","field":"events","message":"'"'已发通知'"' is not a list of node events: replaced by the rows found for this case (give them as a JSON list, or in a companion file with --events)"}]}'
}

@test "bytes: --orphans to a path that cannot be written: the reason, exit 3, before any output" {
  run --separate-stderr case-import --orphans "$BATS_TEST_TMPDIR/no/such/dir/o.jsonl" "$X/bytes-events-text.csv"
  assert_equal "$status" 3
  assert_equal "$output" ""
  assert_equal "$stderr" "case-import: cannot write $BATS_TEST_TMPDIR/no/such/dir/o.jsonl: No such file or directory"
}

# row CASE LAST END: a row of CASE and 8 cells (7 of 1 MiB, the last LAST bytes), ended by END
big_row() {
  printf '%s' "$1"
  for i in 1 2 3 4 5 6 7; do printf ','; head -c 1048576 /dev/zero | tr '\0' x; done
  printf ','; head -c "$2" /dev/zero | tr '\0' y; printf "$3"
}

@test "bytes: a cut line says its real size and that _raw holds its start; 8388608 bytes with the line end fit" {
  # row 1: 25 + 7 x (1 + 1048576) + 1 + 1048544 + LF = 8388609 bytes, one over;
  # row 2: the same with 1048542 and CRLF = 8388608, at the limit.  _raw: 8388608
  # bytes are 8388598 characters (five of them 3 bytes)
  local f="$BATS_TEST_TMPDIR/long.csv"
  { printf '案号,a,b,c,d,e,f,g,h\n'; big_row '（2023）豫0183执1号' 1048544 '\n'; big_row '（2023）豫0183执2号' 1048542 '\r\n'; } > "$f"
  run --separate-stderr case-import "$f"
  assert_equal "$status" 1
  assert_equal "$(printf '%s\n' "$output" | sed -n 1p | jq -c '[(._raw | length), .errors]')" '[8388598,[{"tool":"case-import","field":"_raw","message":"line of 8388609 bytes (line end included) is longer than 8388608 bytes (ZX_MAX_RECORD_BYTES): _raw holds its first 8388608 bytes"}]]'
  assert_equal "$(printf '%s\n' "$output" | sed -n 2p | jq -c '[.case_no, (.h | length), has("errors")]')" '["（2023）豫0183执2号",1048542,false]'
  assert_equal "$stderr" "$f:2: _raw: line of 8388609 bytes (line end included) is longer than 8388608 bytes (ZX_MAX_RECORD_BYTES): _raw holds its first 8388608 bytes"
}

@test "bytes: more than 16 damaged cells in one row are all unwrapped (the reader's list overflows to a full look)" {
  local f="$BATS_TEST_TMPDIR/many.csv" h="案号" r="（2023）豫0183执1号" i
  for i in $(seq 1 17); do h="$h,c$i"; r="$r,'v$i"; done
  printf '%s\n%s\n' "$h" "$r" > "$f"
  run --separate-stderr case-import "$f"
  assert_equal "$status" 0
  assert_equal "$(jqo '[.c1, .c16, .c17, (.warnings | length)]')" '["v1","v16","v17",17]'
}

@test "bytes: companion files are detected and repaired too: UTF-16LE tab-separated nodes, a serial, =\"...\"" {
  printf '案号\t节点\t时间\r\n="（2023）豫0183执1号"\t执行通知书\t45352\r\n（2023）豫0183执1号\t报告财产令\t2024-03-05\r\n' |
    iconv -f UTF-8 -t UTF-16LE > "$BATS_TEST_TMPDIR/n.body"
  { printf '\377\376'; cat "$BATS_TEST_TMPDIR/n.body"; } > "$BATS_TEST_TMPDIR/n.txt"
  run --separate-stderr case-import "$X/bytes-utf8-tab.tsv" --events "$BATS_TEST_TMPDIR/n.txt"
  assert_equal "$status" 0
  assert_equal "${lines[0]}" '{"case_no":"（2023）豫0183执1号","amount":50000,"respondent":"张三","filed_on":"2023-03-01","kind":"执","events":[{"node":"notice","at":"2024-03-01"},{"node":"asset_report_order","at":"2024-03-05"}]}'
  assert_equal "${lines[1]}" "$BASE2"
  assert_equal "$stderr" "$BATS_TEST_TMPDIR/n.txt:2: case_no: warning: Excel formula =\"...\" read as the text inside it"$'\n'"$BATS_TEST_TMPDIR/n.txt:2: at: warning: Excel date serial '45352' read as 2024-03-01 (1900 date system)"
}

@test "bytes: a tool reading events finds text there: an error, not silently no events" {
  # with (empty) columns for every other field spc's deadline rules read, so that only the events text is at fault
  printf '案号,流程节点,立案日期,查控存款,有财产需处置拍卖,案由,结案日期,结案方式\n（2023）豫0183执1号,已发通知,2023-03-01,,,,,\n（2023）豫0183执2号,,2023-03-01,,,,,\n' > "$BATS_TEST_TMPDIR/c.csv"
  run --separate-stderr deadline-check -p spc --as-of 2023-05-01 "$BATS_TEST_TMPDIR/c.csv"
  assert_equal "$status" 1
  # the rules reading events are n/a, not judged as if no event had happened (SPEC 6)
  local blocked='spc.deadline.notice, spc.deadline.handler, spc.deadline.investigation, spc.deadline.close.property'
  assert_equal "$(jqo -s '[.[] | .errors]')" '[[{"tool":"deadline-check","field":"events","message":"invalid list of node events '"'已发通知'"'"},{"tool":"deadline-check","field":"events","message":"not a list of node events (n/a: '"$blocked"')"}],null]'
  assert_equal "$(jqo -s -c '.[0] | [.deadlines[] | [.rule, .status, .reason]]')" '[["spc.deadline.notice","n/a","events: not a list of node events"],["spc.deadline.handler","n/a","events: not a list of node events"],["spc.deadline.investigation","n/a","events: not a list of node events"],["spc.deadline.close.property","n/a","events: not a list of node events"]]'
  assert_equal "$stderr" "$BATS_TEST_TMPDIR/c.csv:2: events: invalid list of node events '已发通知'
$BATS_TEST_TMPDIR/c.csv:2: events: not a list of node events (n/a: $blocked)"
}

@test "bytes: a GB18030 file with a cut character: only that row is 'invalid GB18030'" {
  local f="$BATS_TEST_TMPDIR/gb.csv"
  { printf '案号,被执行人\n（2023）豫0183执1号,张三\n（2023）豫0183执2号,' | iconv -f UTF-8 -t GB18030
    printf '\325\n'   # the lead byte of 张 (D5 C5) alone; it is byte 59 of the file (0-based)
    printf '（2023）豫0183执3号,李四\n' | iconv -f UTF-8 -t GB18030; } > "$f"
  run --separate-stderr case-import "$f"
  assert_equal "$status" 1
  assert_equal "${lines[0]}" '{"case_no":"（2023）豫0183执1号","respondent":"张三","kind":"执"}'
  assert_equal "${lines[1]}" '{"_raw":"（2023）豫0183执2号,\\xD5","errors":[{"tool":"case-import","field":"_raw","message":"invalid GB18030 at byte 59"}]}'
  assert_equal "${lines[2]}" '{"case_no":"（2023）豫0183执3号","respondent":"李四","kind":"执"}'
}

@test "bytes: with a UTF-8 BOM every line is UTF-8: a GB18030 row is 'invalid UTF-8'" {
  local f="$BATS_TEST_TMPDIR/bom.csv"
  { printf '\357\273\277案号,被执行人\n（2023）豫0183执1号,'; printf '张三' | iconv -f UTF-8 -t GB18030; printf '\n（2023）豫0183执2号,李四\n'; } > "$f"
  run --separate-stderr case-import "$f"
  assert_equal "$status" 1
  assert_equal "${lines[0]}" '{"_raw":"（2023）豫0183执1号,\\xD5\\xC5\\xC8\\xFD","errors":[{"tool":"case-import","field":"_raw","message":"invalid UTF-8 at byte 48"}]}'
  assert_equal "${lines[1]}" '{"case_no":"（2023）豫0183执2号","respondent":"李四","kind":"执"}'
}
