#!/usr/bin/env bats
# --mask: keyed, stable pseudonyms for personal data (SPEC 7).
load helper
bats_require_minimum_version 1.5.0

setup() {
  printf '%s\n' \
    '{"case_no":"（2023）豫0183执1号","respondent":"王某","respondent_kind":"person","respondent_id":"410182199207257476","applicant":"河南中原商贸有限公司","funds":[{"kind":"payout","payee":"李某"}]}' \
    '{"case_no":"（2023）豫0183执2号","respondent":"王某","applicant":"李某","applicant_kind":"自然人"}' > "$BATS_TEST_TMPDIR/c.jsonl"
}

# Expected tokens: the first 32 hex digits of HMAC-SHA256 over the class, 0x1F, the value
# (and 0x1F and the same party's id number for a name), e.g.
#   printf 'name\x1f王某\x1f410182199207257476' | openssl dgst -sha256 -hmac court-secret-1
# A name with an id number is P (an identity), without one PN (a name only).
@test "mask: names and ids become 128-bit tokens; organisations stay; a name without an id is PN" {
  ZHIXING_MASK_KEY=court-secret-1 run -0 case-import --mask "$BATS_TEST_TMPDIR/c.jsonl"
  assert_line -n 0 '{"case_no":"（2023）豫0183执1号","respondent":"P293e376ba6d54e98368960f90d1497ce","respondent_kind":"person","respondent_id":"IDca8a936e7cbaf9f08e919f6ffe66f63e","applicant":"河南中原商贸有限公司","funds":[{"kind":"payout","payee":"PN6620824d6185751d5129252bc8d2a17a"}],"kind":"执"}'
  assert_line -n 1 '{"case_no":"（2023）豫0183执2号","respondent":"PN1db09408bccc8f00e2a8040abfaf0e08","applicant":"PN6620824d6185751d5129252bc8d2a17a","applicant_kind":"person","kind":"执"}'
  refute_output --partial '王某'
  refute_output --partial '410182199207257476'
}

@test "mask: stable across runs with the same key, different with another key" {
  a=$(ZHIXING_MASK_KEY=court-secret-1 case-import --mask "$BATS_TEST_TMPDIR/c.jsonl")
  b=$(ZHIXING_MASK_KEY=court-secret-1 case-import --mask "$BATS_TEST_TMPDIR/c.jsonl")
  c=$(ZHIXING_MASK_KEY=court-secret-2 case-import --mask "$BATS_TEST_TMPDIR/c.jsonl")
  [ "$a" = "$b" ]
  [ "$a" != "$c" ]
}

@test "mask: the key can come from a file" {
  printf 'court-secret-1\n' > "$BATS_TEST_TMPDIR/key"
  a=$(ZHIXING_MASK_KEY=court-secret-1 case-import --mask "$BATS_TEST_TMPDIR/c.jsonl")
  b=$(case-import --mask --mask-key-file "$BATS_TEST_TMPDIR/key" "$BATS_TEST_TMPDIR/c.jsonl")
  [ "$a" = "$b" ]
}

@test "mask: refuses to run without a key (exit 2, nothing written)" {
  run -2 --separate-stderr env -u ZHIXING_MASK_KEY case-import --mask "$BATS_TEST_TMPDIR/c.jsonl"
  assert_equal "$output" ""
  assert_equal "$stderr" "case-import: --mask needs a key of at least 8 bytes: --mask-key-file FILE or ZHIXING_MASK_KEY"
}

# ---- issue 19: every personal column, known or not, in a GB18030 export ----

# make_export DIR: DIR/export.csv (GB18030) with one column per header of
# share/personal.tsv (a pattern as the header; the canonical fields under
# their Chinese headers) and the real headers of the national system's
# exports, each holding values no other column holds; DIR/values lists
# every personal value, one a line.
make_export() {
  local dir=$1 i=0 h cls tel1= hdr="案号,立案日期,申请执行标的金额,结案方式,结案事由,备注" row1 row2 v1 v2
  : > "$dir/values"
  row1='（2023）豫0183执1号,2023-03-01,85000,终结本次执行程序,,'
  row2='（2023）豫0183执2号,2023-03-02,120000,,,'
  add() {   # add HEADER VALUE1 VALUE2
    hdr="$hdr,$1"; row1="$row1,$2"; row2="$row2,$3"
    [ "$1" = 电话 ] && tel1=$2
    printf '%s\n%s\n' "$2" "$3" >> "$dir/values"
  }
  value() {   # value CLASS N
    case $1 in
      name|person) printf '姓%s名' "$2" ;;
      id) printf '4101821992072%05d' "$2" ;;
      phone) printf '1380013%04d' "$2" ;;
      address) printf '青屏街%s号' "$2" ;;
      account) printf '6222%015d' "$2" ;;
    esac
  }
  add 被执行人 "$(value name 1)" "$(value name 2)"
  add 被执行人证件号码 "$(value id 1)" "$(value id 2)"
  add 申请执行人 "$(value name 3)" "$(value name 4)"
  i=10
  while IFS=$'\t' read -r h cls _; do
    case $h in ''|'#'*|=*) continue ;; esac
    [ "$cls" = '?' ] && continue
    add "$h" "$(value "$cls" $i)" "$(value "$cls" $((i + 1)))"
    i=$((i + 2))
  done < "$ZX_ROOT/share/personal.tsv"
  for h in 被执行人姓名/名称 身份证号码/组织机构代码 被执行人名称 申请执行人姓名 法定代表人或者负责人姓名 \
           被执行人联系电话 申请执行人手机号码 被执行人住址 送达地址 收款人账号; do
    case $h in
      *电话*|*手机*) cls=phone ;; *住址*|*地址*) cls=address ;; *账号*) cls=account ;;
      身份证*) cls=id ;; *) cls=name ;;
    esac
    add "$h" "$(value "$cls" $i)" "$(value "$cls" $((i + 1)))"
    i=$((i + 2))
  done
  # names met again in free text, and a cut-off row kept as _raw
  row1=$(printf '%s' "$row1" | sed "s/,终结本次执行程序,,/,终结本次执行程序,$(value name 1)无财产可供执行,$(value name 1)与$(value name 3)和解 电话$tel1/")
  printf '%s\n%s\n%s\n%s\n' "$hdr" "$row1" "$row2" "（2023）豫0183执3号,$(value name 99),$(value id 99)" |
    iconv -f UTF-8 -t GB18030 > "$dir/export.csv"
  printf '%s\n%s\n' "$(value name 99)" "$(value id 99)" >> "$dir/values"
}

# no_personal_data FILE: fails naming any input value found in FILE, byte for byte.
no_personal_data() {
  local v found=0
  while IFS= read -r v; do
    [ -n "$v" ] || continue
    if grep -qF -- "$v" "$1"; then echo "found in clear: $v"; found=1; fi
  done < "$BATS_TEST_TMPDIR/values"
  [ "$found" = 0 ]
}

@test "mask: the GB18030 export holds every personal header; no name or id is left under any tool" {
  make_export "$BATS_TEST_TMPDIR"
  export ZHIXING_MASK_KEY=court-secret-1
  # the export itself holds them all (the check can fail)
  iconv -f GB18030 -t UTF-8 "$BATS_TEST_TMPDIR/export.csv" > "$BATS_TEST_TMPDIR/utf8.csv"
  run no_personal_data "$BATS_TEST_TMPDIR/utf8.csv"
  assert_failure
  local t
  for t in case-import triage "assign -p yindu --state $BATS_TEST_TMPDIR/a.state" "deadline-check --as-of 2026-11-22" \
           term-audit payout-check; do
    run -1 --separate-stderr $t --mask "$BATS_TEST_TMPDIR/export.csv"
    printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/out"
    run no_personal_data "$BATS_TEST_TMPDIR/out"
    [ "$status" = 0 ] || { echo "$t: $output"; false; }
    printf '%s\n' "$stderr" > "$BATS_TEST_TMPDIR/err"
    run no_personal_data "$BATS_TEST_TMPDIR/err"
    [ "$status" = 0 ] || { echo "$t (stderr): $output"; false; }
    run -1 --separate-stderr $t --mask -o csv "$BATS_TEST_TMPDIR/export.csv"
    printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/out"
    run no_personal_data "$BATS_TEST_TMPDIR/out"
    [ "$status" = 0 ] || { echo "$t -o csv: $output"; false; }
  done
}

@test "mask: through the whole pipeline, masked at every stage or only at the end, no name or id is left" {
  make_export "$BATS_TEST_TMPDIR"
  export ZHIXING_MASK_KEY=court-secret-1
  local d=$BATS_TEST_TMPDIR
  case-import --mask "$d/export.csv" 2>/dev/null | triage -p yindu --mask 2>/dev/null \
    | assign -p yindu --state "$d/s1" --mask 2>/dev/null | deadline-check -p yindu --as-of 2026-11-22 --mask 2>/dev/null \
    | term-audit -p yindu --mask 2>/dev/null | payout-check -p yindu --mask > "$d/every" 2>/dev/null || true
  case-import "$d/export.csv" 2>/dev/null | triage -p yindu 2>/dev/null \
    | assign -p yindu --state "$d/s2" 2>/dev/null | deadline-check -p yindu --as-of 2026-11-22 2>/dev/null \
    | term-audit -p yindu 2>/dev/null | payout-check -p yindu --mask > "$d/last" 2>/dev/null || true
  assert_equal "$(wc -l < "$d/every")" 3
  assert_equal "$(wc -l < "$d/last")" 3
  run no_personal_data "$d/every"
  assert_success
  run no_personal_data "$d/last"
  assert_success
  # the same people get the same tokens either way
  assert_equal "$(jq -c '[.respondent, .respondent_id, .["被执行人姓名/名称"]]' "$d/every")" \
               "$(jq -c '[.respondent, .respondent_id, .["被执行人姓名/名称"]]' "$d/last")"
}

@test "mask: each class gets its token, names in free text too; the cut-off row's _raw is withheld" {
  make_export "$BATS_TEST_TMPDIR"
  ZHIXING_MASK_KEY=court-secret-1 run -1 --separate-stderr case-import --mask "$BATS_TEST_TMPDIR/export.csv"
  local tok='[0-9a-f]{32}'
  assert_equal "$(jqo -r "select(.case_no) | .respondent | test(\"^P$tok\$\")")" "$(printf 'true\ntrue')"
  assert_equal "$(jqo -r "select(.case_no) | .respondent_id | test(\"^ID$tok\$\")")" "$(printf 'true\ntrue')"
  assert_equal "$(jqo -r 'select(.case_no) | .["被执行人联系电话"] | test("^TEL[0-9a-f]{32}$")')" "$(printf 'true\ntrue')"
  assert_equal "$(jqo -r 'select(.case_no) | .["被执行人住址"] | test("^ADDR[0-9a-f]{32}$")')" "$(printf 'true\ntrue')"
  assert_equal "$(jqo -r 'select(.case_no) | .["收款人账号"] | test("^ACCT[0-9a-f]{32}$")')" "$(printf 'true\ntrue')"
  assert_equal "$(jqo -r 'select(.case_no) | .["法定代表人或者负责人姓名"] | test("^PN[0-9a-f]{32}$")')" "$(printf 'true\ntrue')"
  # free text: the names and the phone of the same record, as their tokens
  local p1 p3 tel
  p1=$(jqo -r 'select(.case_no == "（2023）豫0183执1号") | .respondent')
  p3=$(jqo -r 'select(.case_no == "（2023）豫0183执1号") | .applicant')
  tel=$(jqo -r 'select(.case_no == "（2023）豫0183执1号") | .["电话"]')
  assert_equal "$(jqo -r 'select(.case_no == "（2023）豫0183执1号") | .note')" "${p1}与${p3}和解 电话${tel}"
  assert_equal "$(jqo -r 'select(.case_no == "（2023）豫0183执1号") | .close_reason')" "${p1}无财产可供执行"
  assert_equal "$(jqo -c 'select(._raw) | ._raw')" '"[withheld under --mask]"'
}

@test "mask: two people of one name get two tokens; one person (name and id) the same token in any record" {
  printf '%s\n' \
    '{"case_no":"（2023）豫0183执1号","respondent":"王伟","respondent_id":"410182199207257476"}' \
    '{"case_no":"（2023）豫0183执2号","respondent":"王伟","respondent_id":"410182198801011234"}' \
    '{"case_no":"（2023）豫0183执3号","respondent":"王 伟","respondent_id":"410182199207257476"}' > "$BATS_TEST_TMPDIR/p.jsonl"
  ZHIXING_MASK_KEY=court-secret-1 run -0 triage --mask "$BATS_TEST_TMPDIR/p.jsonl"
  local a b c
  a=$(jqo -r 'select(.case_no | endswith("执1号")) | .respondent')
  b=$(jqo -r 'select(.case_no | endswith("执2号")) | .respondent')
  c=$(jqo -r 'select(.case_no | endswith("执3号")) | .respondent')
  [ "$a" != "$b" ]
  assert_equal "$a" "$c"   # blanks are not part of a name
}

@test "mask: an id mangled by Excel is an error, masked as ID-MANGLED, never a token two people share" {
  printf '%s\n' '案号,被执行人,被执行人证件号码' \
    '（2023）豫0183执1号,王伟,4.10182E+17' '（2023）豫0183执2号,李娜,4.10182E+17' \
    '（2023）豫0183执3号,张敏,410182199207257476' > "$BATS_TEST_TMPDIR/x.csv"
  # without --mask: an error on the field, the value kept as it came
  run -1 --separate-stderr case-import "$BATS_TEST_TMPDIR/x.csv"
  assert_equal "$(jqo -c 'select(.errors) | [.respondent_id, .errors[0].field]' | head -1)" '["4.10182E+17","respondent_id"]'
  assert_equal "$(printf '%s\n' "$stderr" | head -1)" "$BATS_TEST_TMPDIR/x.csv:2: respondent_id: '4.10182E+17' is in scientific notation: Excel has dropped the digits of this number; export the column as text"
  ZHIXING_MASK_KEY=court-secret-1 run -1 --separate-stderr triage --mask "$BATS_TEST_TMPDIR/x.csv"
  assert_equal "$(jqo -r '.respondent_id')" "$(printf 'ID-MANGLED\nID-MANGLED\nID[0-9a-f]*' | head -2; jqo -r '.respondent_id' | tail -1)"
  jqo -r '.respondent_id' | tail -1 | grep -qE '^ID[0-9a-f]{32}$'
  # the names of the two are not keyed on the mangled id: PN, and different
  assert_equal "$(jqo -r '.respondent[0:2]' | tr '\n' ' ')" "PN PN P1 "  || jqo -r '.respondent[0:2]' | tr '\n' ' ' | grep -q '^PN PN P[0-9a-f] $'
  [ "$(jqo -r '.respondent' | sed -n 1p)" != "$(jqo -r '.respondent' | sed -n 2p)" ]
  assert_equal "$(jqo -c '[.errors[]?.field]' | head -2 | tr '\n' ' ')" '["respondent_id"] ["respondent_id"] '
  refute_output --partial '4.10182'
}

@test "mask: a header saying personal data that the table cannot classify stops the run (exit 2) unless --mask-allow" {
  local h
  for h in 联系方式 个人信息 出生日期 电话/地址 被执行人电话及住址; do
    printf '%s\n%s\n' "案号,$h" '（2023）豫0183执1号,秘密值' > "$BATS_TEST_TMPDIR/u.csv"
    ZHIXING_MASK_KEY=court-secret-1 run -2 --separate-stderr triage --mask "$BATS_TEST_TMPDIR/u.csv"
    assert_equal "$output" ""
    [[ $stderr == "triage: --mask: the column \"$h\" looks like personal data (share/personal.tsv) that cannot be classified"* ]] ||
      { echo "$h: $stderr"; false; }
    [[ $stderr == *"--mask-allow \"$h\" to write it as it is" ]]
    ZHIXING_MASK_KEY=court-secret-1 run -0 --separate-stderr triage --mask --mask-allow "$h" "$BATS_TEST_TMPDIR/u.csv"
    assert_equal "$(jqo -r ".[\"$h\"]")" 秘密值
  done
  # two kinds in one header are named as such
  printf '%s\n%s\n' '案号,电话/地址' '（2023）豫0183执1号,x' > "$BATS_TEST_TMPDIR/u.csv"
  ZHIXING_MASK_KEY=court-secret-1 run -2 --separate-stderr triage --mask "$BATS_TEST_TMPDIR/u.csv"
  assert_equal "$stderr" 'triage: --mask: the column "电话/地址" looks like personal data (share/personal.tsv) that cannot be classified (it names two kinds of data); nothing is passed through in clear: add its header to personal.tsv, or name it with --mask-allow "电话/地址" to write it as it is'
}

@test "mask: ids and phones written as JSON numbers are masked too; a 20-digit account as well" {
  printf '%s\n' '{"case_no":"（2023）豫0183执1号","respondent_id":410182199207257476,"被执行人电话":13800138000,"收款人账号":62220000000000000001}' > "$BATS_TEST_TMPDIR/n.jsonl"
  ZHIXING_MASK_KEY=court-secret-1 run -0 triage --mask "$BATS_TEST_TMPDIR/n.jsonl"
  refute_output --partial 410182199207257476
  refute_output --partial 13800138000
  refute_output --partial 62220000000000000001
  assert_equal "$(jqo -r '.respondent_id')" "$(ZHIXING_MASK_KEY=court-secret-1 triage --mask <<< '{"case_no":"（2023）豫0183执1号","respondent_id":"410182199207257476"}' | jq -r .respondent_id)"
}

@test "mask: an unreadable line's _raw is withheld, and so is the piece of it an error message quotes" {
  printf '{"case_no":"（2023）豫0183执1号","respondent":王某}\n' > "$BATS_TEST_TMPDIR/b.jsonl"
  run -1 --separate-stderr triage "$BATS_TEST_TMPDIR/b.jsonl"
  assert_equal "$(jqo -r '.errors[0].message')" "invalid JSON at column 42: invalid token near '王'"
  ZHIXING_MASK_KEY=court-secret-1 run -1 --separate-stderr triage --mask "$BATS_TEST_TMPDIR/b.jsonl"
  assert_output '{"_raw":"[withheld under --mask]","errors":[{"tool":"triage","field":"_raw","message":"invalid JSON at column 42: invalid token near [withheld under --mask]"}]}'
  # passed down the pipeline unmasked, then masked at the end: the same
  run -0 --separate-stderr sh -c "triage '$BATS_TEST_TMPDIR/b.jsonl' 2>/dev/null | ZHIXING_MASK_KEY=court-secret-1 term-audit --mask"
  refute_output --partial 王
  assert_equal "$(jqo -c '[._raw, .errors[0].message]')" '["[withheld under --mask]","invalid JSON at column 42: invalid token near [withheld under --mask]"]'
}

@test "mask: a message that quotes a personal value is masked on standard error as in the record" {
  printf '%s\n' 'case_no,filed_on,respondent,respondent_id,amount,respondent_local' \
    '（2025）豫0183执1号,2025-01-01,张三丰,410183199108131904,100,张三丰' > "$BATS_TEST_TMPDIR/m.csv"
  # without --mask the message quotes the cell as written (the check can fail)
  run -1 --separate-stderr case-import "$BATS_TEST_TMPDIR/m.csv"
  assert_equal "$stderr" "$BATS_TEST_TMPDIR/m.csv:2: respondent_local: invalid boolean '张三丰'"
  export ZHIXING_MASK_KEY=court-secret-1
  run -1 --separate-stderr case-import --mask "$BATS_TEST_TMPDIR/m.csv"
  tok=$(printf '%s\n' "$output" | jq -r .respondent)
  assert_equal "$(printf '%s\n' "$output" | jq -r '.errors[0].message')" "invalid boolean '$tok'"
  assert_equal "$stderr" "$BATS_TEST_TMPDIR/m.csv:2: respondent_local: invalid boolean '$tok'"
}
