#!/usr/bin/env bats
# A value passes through as it came (issue 19): JSON lines that are valid
# JSON are read as such by every tool, numbers keep their text, \u0000 stays
# escaped, a key given twice keeps its last value with one warning, input
# fields named as the tools' own are renamed, and a line that is not JSON
# is _raw with an error whose message is valid UTF-8.
load helper
bats_require_minimum_version 1.5.0

TOOLS=(case-import triage assign "deadline-check --as-of 2026-11-22" term-audit payout-check)
CN='（2023）豫0183执1号'

# first_fields N: the first N keys and values of each output line, compact
first() { jqo "to_entries | .[0:$1] | from_entries"; }

@test "fidelity: an invalid escape before a Chinese character is _raw with an error; every message is valid UTF-8" {
  printf '{"case_no":"%s","note":"C:\\文件"}\n' "$CN" > "$BATS_TEST_TMPDIR/e.jsonl"
  local t
  for t in "${TOOLS[@]}"; do
    run -1 --separate-stderr $t "$BATS_TEST_TMPDIR/e.jsonl"
    local tool=${t%% *}
    assert_equal "$(jqo -r '._raw')" "{\"case_no\":\"$CN\",\"note\":\"C:\\文件\"}"
    assert_equal "$(jqo -c '.errors')" "[{\"tool\":\"$tool\",\"field\":\"_raw\",\"message\":\"invalid JSON at column 40: invalid escape near '\\\"C:\\\\\\\\xE6'\"}]"
    assert_equal "$stderr" "$BATS_TEST_TMPDIR/e.jsonl:1: _raw: invalid JSON at column 40: invalid escape near '\"C:\\\\xE6'"
    printf '%s\n%s\n' "$output" "$stderr" | iconv -f UTF-8 -t UTF-8 > /dev/null
  done
}

@test "fidelity: integers beyond 64 bits and numbers beyond a double are kept as written, in every tool" {
  printf '{"case_no":"%s","acct":12345678901234567890,"x":1e400,"l":[-1E999,123456789012345678901234567890.5],"o":{"a":9223372036854775808}}\n' "$CN" > "$BATS_TEST_TMPDIR/n.jsonl"
  local t want="{\"case_no\":\"$CN\",\"acct\":12345678901234567890,\"x\":1e400,\"l\":[-1E999,123456789012345678901234567890.5],\"o\":{\"a\":9223372036854775808}"
  for t in "${TOOLS[@]}"; do
    run -0 --separate-stderr $t "$BATS_TEST_TMPDIR/n.jsonl"
    [[ $output == "$want"* ]] || { echo "$t: $output"; false; }
    assert_equal "$stderr" ""
    run -0 --separate-stderr $t -o csv "$BATS_TEST_TMPDIR/n.jsonl"
    assert_equal "$(printf '%s\n' "$output" | sed -n 2p | cut -d, -f1-3)" "$CN,12345678901234567890,1e400"
  done
  # one past int64 is kept; int64's own limits are numbers as before
  printf '{"case_no":"%s","a":9223372036854775807,"b":-9223372036854775808,"c":-9223372036854775809}\n' "$CN" |
    case-import -o csv > "$BATS_TEST_TMPDIR/o.csv"
  assert_equal "$(sed -n 2p "$BATS_TEST_TMPDIR/o.csv" | cut -d, -f2-4)" "9223372036854775807,-9223372036854775808,-9223372036854775809"
}

@test "fidelity: a big amount is not a silent zero: money fields beyond a double are an error" {
  printf '{"case_no":"%s","amount":1e400}\n' "$CN" > "$BATS_TEST_TMPDIR/a.jsonl"
  run -1 --separate-stderr case-import "$BATS_TEST_TMPDIR/a.jsonl"
  assert_output "{\"case_no\":\"$CN\",\"amount\":1e400,\"errors\":[{\"tool\":\"case-import\",\"field\":\"amount\",\"message\":\"invalid money '1e400'\"}],\"kind\":\"执\"}"
}

@test "fidelity: \\u0000 in a string or a key is accepted and written escaped" {
  printf '{"case_no":"%s","note":"a\\u0000b","k\\u0000":"\\u0000"}\n' "$CN" > "$BATS_TEST_TMPDIR/z.jsonl"
  local t
  for t in "${TOOLS[@]}"; do
    run -0 --separate-stderr $t "$BATS_TEST_TMPDIR/z.jsonl"
    [[ $output == "{\"case_no\":\"$CN\",\"note\":\"a\\u0000b\",\"k\\u0000\":\"\\u0000\""* ]] || { echo "$t: $output"; false; }
  done
  # CSV cannot hold a NUL: the cell has the six characters \u0000
  run -0 triage -o csv "$BATS_TEST_TMPDIR/z.jsonl"
  assert_equal "$(printf '%s\n' "$output" | sed -n 2p | cut -d, -f1-2)" "$CN,a\\u0000b"
}

@test "fidelity: -o csv writes a number nothing changed as its input text" {
  printf '{"case_no":"%s","n":123456789.123456789,"m":-0,"k":1E2,"r":1.50,"amount":1E5}\n' "$CN" > "$BATS_TEST_TMPDIR/c.jsonl"
  run -0 triage -p yindu -o csv "$BATS_TEST_TMPDIR/c.jsonl"
  assert_line -n 0 'case_no,n,m,k,r,amount,track,track_rules,warnings,errors,_raw,_more'
  assert_line -n 1 "$CN,123456789.123456789,-0,1E2,1.50,1E5,fast,\"[\"\"yindu.track.fast.amount\"\"]\",,,,"
  # a record written anew (an alias renamed) keeps them in JSON lines too
  printf '{"案号":"%s","n":123456789.123456789,"m":-0,"k":1E2}\n' "$CN" | triage > "$BATS_TEST_TMPDIR/o"
  assert_equal "$(cut -c1-200 "$BATS_TEST_TMPDIR/o" | grep -o '"n":[^,]*,"m":[^,]*,"k":[^,]*')" '"n":123456789.123456789,"m":-0,"k":1E2'
  # case-import writes the amount it read anew, as a canonical number
  printf '{"case_no":"%s","amount":1E5}\n' "$CN" | case-import > "$BATS_TEST_TMPDIR/o"
  assert_equal "$(jq -c .amount "$BATS_TEST_TMPDIR/o")" 100000
}

@test "fidelity: a key given twice keeps its last value in its first place, with one warning, in every tool" {
  printf '{"case_no":"%s","d":1,"m":3,"d":2,"d":4}\n' "$CN" > "$BATS_TEST_TMPDIR/d.jsonl"
  local t
  for t in "${TOOLS[@]}"; do
    local tool=${t%% *}
    run -0 --separate-stderr $t "$BATS_TEST_TMPDIR/d.jsonl"
    assert_equal "$(first 4)" "{\"case_no\":\"$CN\",\"d\":4,\"m\":3,\"warnings\":[{\"tool\":\"$tool\",\"field\":\"d\",\"message\":\"key given more than once: the last value is kept\"}]}"
    assert_equal "$stderr" "$BATS_TEST_TMPDIR/d.jsonl:1: d: warning: key given more than once: the last value is kept"
    run -0 --separate-stderr $t -o csv "$BATS_TEST_TMPDIR/d.jsonl"
    assert_equal "$(printf '%s\n' "$output" | head -1 | cut -d, -f1-3)" "case_no,d,m"
    assert_equal "$(printf '%s\n' "$output" | sed -n 2p | cut -d, -f1-3)" "$CN,4,3"
  done
  # through the pipeline: one warning, from the first tool
  run -0 --separate-stderr sh -c "case-import '$BATS_TEST_TMPDIR/d.jsonl' | triage | term-audit"
  assert_equal "$(jqo -c '[.d, (.warnings | length)]')" '[4,1]'
}

@test "fidelity: input fields named errors, warnings, _raw are renamed input_* with a warning; the tools' own pass" {
  printf '{"case_no":"%s","errors":"x","warnings":[1],"_raw":"y"}\n' "$CN" > "$BATS_TEST_TMPDIR/r.jsonl"
  local t
  for t in "${TOOLS[@]}"; do
    local tool=${t%% *}
    run -0 --separate-stderr $t "$BATS_TEST_TMPDIR/r.jsonl"
    assert_equal "$(first 5)" "{\"case_no\":\"$CN\",\"input_errors\":\"x\",\"input_warnings\":[1],\"input_raw\":\"y\",\"warnings\":[{\"tool\":\"$tool\",\"field\":\"input_errors\",\"message\":\"the input field \\\"errors\\\" is renamed \\\"input_errors\\\" (\\\"errors\\\" is the tools' own)\"},{\"tool\":\"$tool\",\"field\":\"input_warnings\",\"message\":\"the input field \\\"warnings\\\" is renamed \\\"input_warnings\\\" (\\\"warnings\\\" is the tools' own)\"},{\"tool\":\"$tool\",\"field\":\"input_raw\",\"message\":\"the input field \\\"_raw\\\" is renamed \\\"input_raw\\\" (\\\"_raw\\\" is the tools' own)\"}]}"
    jqo -e 'has("errors") | not' > /dev/null
  done
  # a name taken already: the next free one
  printf '{"case_no":"%s","errors":"x","input_errors":"y"}\n' "$CN" | triage 2>/dev/null > "$BATS_TEST_TMPDIR/o"
  assert_equal "$(jq -c '[.input_errors_2, .input_errors, .warnings[0].field]' "$BATS_TEST_TMPDIR/o")" '["x","y","input_errors_2"]'
  # the tools' own errors, warnings and a broken record's _raw go down the pipeline as they are
  printf '{"case_no":"x","amount":"abc"}\n{"case_no":"%s","note":"C:\\x"}\n' "$CN" > "$BATS_TEST_TMPDIR/p.jsonl"
  run -0 --separate-stderr sh -c "case-import '$BATS_TEST_TMPDIR/p.jsonl' 2>/dev/null | triage 2>/dev/null | assign | term-audit"
  assert_equal "$(jqo -c '[(.errors | map(.tool)), has("input_errors"), has("input_raw"), has("_raw")]')" \
    "$(printf '%s\n' '[["case-import","case-import","triage","assign"],false,false,false]' '[["case-import"],false,false,true]')"
}

@test "fidelity: CSV columns named errors, warnings, _raw are the input's unless they end a tool's CSV" {
  printf '案号,errors,备注,_raw,warnings\n%s,x,n,y,\n（2023）豫0183执2号,,n,,\n' "$CN" > "$BATS_TEST_TMPDIR/r.csv"
  run -0 --separate-stderr triage "$BATS_TEST_TMPDIR/r.csv"
  assert_equal "$(jqo -c '[.input_errors, .input_raw, .input_warnings, (.warnings // [] | map(.field)), has("errors")]')" \
    "$(printf '%s\n' '["x","y","",["input_errors","input_raw"],false]' '["","","",[],false]')"
  assert_equal "$stderr" "$(printf '%s\n' \
    "$BATS_TEST_TMPDIR/r.csv:2: input_errors: warning: the input field \"errors\" is renamed \"input_errors\" (\"errors\" is the tools' own)" \
    "$BATS_TEST_TMPDIR/r.csv:2: input_raw: warning: the input field \"_raw\" is renamed \"input_raw\" (\"_raw\" is the tools' own)")"
  run -0 --separate-stderr triage -o csv "$BATS_TEST_TMPDIR/r.csv"
  assert_line -n 0 '案号,input_errors,备注,input_raw,input_warnings,track,track_rules,warnings,errors,_raw'
  # a tool's own CSV read again: its tail columns are the tools', nothing renamed, no new warning
  triage -o csv "$BATS_TEST_TMPDIR/r.csv" 2>/dev/null > "$BATS_TEST_TMPDIR/t.csv"
  run -0 --separate-stderr triage -i csv -o csv "$BATS_TEST_TMPDIR/t.csv"
  assert_equal "$stderr" ""
  assert_equal "$output" "$(cat "$BATS_TEST_TMPDIR/t.csv")"
}

@test "jsonl: a key is renamed only by an alias of its file's kind: a case's 到账金额 is not its amount" {
  printf '%s\n' '{"case_no":"（2025）豫0183执1号","filed_on":"2025-01-01","到账金额":5000}' > "$BATS_TEST_TMPDIR/c.jsonl"
  printf '%s\n' '{"案号":"（2025）豫0183执1号","款项类型":"到账","到账金额":5000,"到账日期":"2025-02-01"}' > "$BATS_TEST_TMPDIR/f.jsonl"
  run -0 --separate-stderr case-import "$BATS_TEST_TMPDIR/c.jsonl"
  assert_output '{"case_no":"（2025）豫0183执1号","filed_on":"2025-01-01","到账金额":5000,"kind":"执"}'
  # the same key in a funds file is the fund's amount
  run -0 --separate-stderr case-import "$BATS_TEST_TMPDIR/c.jsonl" --funds "$BATS_TEST_TMPDIR/f.jsonl"
  assert_equal "$(jq -c '[.amount, .funds]' <<< "$output")" '[null,[{"kind":"arrival","amount":5000,"on":"2025-02-01"}]]'
  # and a case alias still names the case's field
  run -0 --separate-stderr case-import <<< '{"case_no":"（2025）豫0183执1号","申请执行标的金额":7}'
  assert_output '{"case_no":"（2025）豫0183执1号","amount":7,"kind":"执"}'
}

@test "fidelity: the checker's fast paths (issue 22): integers about 18 digits, escapes and control bytes by a 16-byte block, a long escaped key" {
  # 18 digits (taken where they stand), 19 (int64), 20 (beyond: kept as written), -0, 0, 10.50: all as written
  printf '{"case_no":"%s","a":123456789012345678,"b":-123456789012345678,"c":1234567890123456789,"d":-0,"e":12345678901234567890,"f":0,"g":10.50}\n' "$CN" > "$BATS_TEST_TMPDIR/i.jsonl"
  run -0 --separate-stderr triage "$BATS_TEST_TMPDIR/i.jsonl"
  assert_output "{\"case_no\":\"$CN\",\"a\":123456789012345678,\"b\":-123456789012345678,\"c\":1234567890123456789,\"d\":-0,\"e\":12345678901234567890,\"f\":0,\"g\":10.50,\"track\":\"first\",\"track_rules\":[\"spc.track.first\"]}"
  assert_equal "$stderr" ""
  run -0 triage -o csv "$BATS_TEST_TMPDIR/i.jsonl"
  assert_equal "$(printf '%s\n' "$output" | sed -n 2p | cut -d, -f2-8)" "123456789012345678,-123456789012345678,1234567890123456789,-0,12345678901234567890,0,10.50"
  # a key of 301 bytes with an escape, then a value with an escape; an escaped quote at byte 16 of a string
  local k; k=$(printf 'k%.0s' $(seq 1 300))
  printf '{"case_no":"%s","\\u006b%s":"x\\ty","note":"0123456789abcde\\"z"}\n' "$CN" "$k" > "$BATS_TEST_TMPDIR/k.jsonl"
  run -0 --separate-stderr term-audit --as-of 2026-11-22 "$BATS_TEST_TMPDIR/k.jsonl"
  assert_equal "$(jqo -c "{note, x: .[\"k$k\"]}")" '{"note":"0123456789abcde\"z","x":"x\ty"}'
  assert_equal "$stderr" ""
  # a control byte at bytes 16, 17 and 18 of a string: broken, with jansson's message
  printf '{"case_no":"%s","note":"0123456789abcde\tz"}\n{"case_no":"%s","note":"0123456789abcdef\001"}\n{"case_no":"%s","note":"0123456789abcdefg\037"}\n' "$CN" "$CN" "$CN" > "$BATS_TEST_TMPDIR/c.jsonl"
  run -1 --separate-stderr triage "$BATS_TEST_TMPDIR/c.jsonl"
  assert_equal "$(jqo -c '.errors[0].message')" "$(printf '%s\n' '"invalid JSON at column 51: control character 0x9 near '"'"'\"0123456789abcde'"'"'"' '"invalid JSON at column 52: control character 0x1 near '"'"'\"0123456789abcdef'"'"'"' '"invalid JSON at column 53: control character 0x1f near '"'"'\"0123456789abcdefg'"'"'"')"
  assert_equal "$stderr" "$(printf '%s\n' "$BATS_TEST_TMPDIR/c.jsonl:1: _raw: invalid JSON at column 51: control character 0x9 near '\"0123456789abcde'" "$BATS_TEST_TMPDIR/c.jsonl:2: _raw: invalid JSON at column 52: control character 0x1 near '\"0123456789abcdef'" "$BATS_TEST_TMPDIR/c.jsonl:3: _raw: invalid JSON at column 53: control character 0x1f near '\"0123456789abcdefg'")"
}

@test "jsonl: with more distinct keys in a file than the alias cache holds, an alias is still renamed on every line (issue 22)" {
  # 1,200 keys in all (the cache has 1,024 slots): slots are shared and given over
  awk -v cn="$CN" 'BEGIN { for (i = 0; i < 40; i++) { printf "{\"案号\":\"%s\"", cn; for (j = 0; j < 30; j++) printf ",\"k%d\":%d", i * 30 + j, j; print "}" } }' > "$BATS_TEST_TMPDIR/m.jsonl"
  run -0 --separate-stderr triage "$BATS_TEST_TMPDIR/m.jsonl"
  assert_equal "$(jqo -c 'keys_unsorted[0]' | sort | uniq -c | sed 's/^ *//')" '40 "case_no"'
  assert_equal "$(jqo -c '[.case_no, .track, (keys | length)]' | sort -u)" "[\"$CN\",\"first\",33]"
  assert_equal "$stderr" ""
}
