#!/usr/bin/env bats
# Real exports, the header half (issue 18): the header row found under a
# title, footers, headers as courts and credit reports write them, units in
# brackets, file kinds, two columns for one field, --columns, and a missing
# column that leaves its rules undecided instead of silently false.
load helper
bats_require_minimum_version 1.5.0

E="$BATS_TEST_DIRNAME/fixtures/exports"

@test "exports: a title and an export time above the header are reported once, not records; footers reported, not written" {
  run -0 --separate-stderr case-import "$E/hdr-title.csv"
  [ "${#lines[@]}" -eq 2 ]
  assert_line -n 0 '{"case_no":"（2024）豫0505执1号","respondent":"张三","respondent_id":"410500199001010011","applicant":"甲公司","amount":50000,"cause":"买卖合同纠纷","closed_on":"2024-03-01","status":"终本","kind":"执"}'
  assert_line -n 1 '{"case_no":"（2024）豫0505执2号","respondent":"李四","respondent_id":"410500199001010022","applicant":"乙","amount":100000.01,"cause":"民间借贷纠纷","closed_on":"","status":"在办","kind":"执"}'
  [ "${stderr_lines[0]}" = "$E/hdr-title.csv:1: not a record: above the header (line 4): 执行案件信息列表" ]
  [ "${stderr_lines[1]}" = "$E/hdr-title.csv:2: not a record: above the header (line 4): 导出时间：2024-01-05 09:30" ]
  [ "${stderr_lines[2]}" = "$E/hdr-title.csv:7: footer row (合计), not a case: not written: 合计,,,,\"150,000.01\",,," ]
  [ "${stderr_lines[3]}" = "$E/hdr-title.csv:8: footer row (制表人), not a case: not written: 制表人：王五,,,,,,," ]
  [ "${stderr_lines[4]}" = "$E/hdr-title.csv:9: footer row (打印时间), not a case: not written: 打印时间：2024-01-05,,,,,,," ]
  [ "${#stderr_lines[@]}" -eq 5 ]
}

@test "exports: every tool reading CSV finds the same header (triage on the titled export)" {
  run -0 --separate-stderr triage "$E/hdr-title.csv"
  assert_equal "$(jqo '[.case_no, .track]' | paste -sd' ')" '["（2024）豫0505执1号","first"] ["（2024）豫0505执2号","first"]'
  [ "${stderr_lines[0]}" = "$E/hdr-title.csv:1: not a record: above the header (line 4): 执行案件信息列表" ]
}

@test "exports: --header-row N names the header line when no line has a known case-number column" {
  run -1 --separate-stderr case-import "$E/hdr-norecognised.csv"
  assert_line -n 0 '{"_raw":"编号,当事人","errors":[{"tool":"case-import","field":"_raw","message":"row has 2 fields, header has 1"}]}'
  run -1 --separate-stderr case-import --header-row 2 "$E/hdr-norecognised.csv"
  assert_output '{"编号":"1","当事人":"张三","errors":[{"tool":"case-import","field":"case_no","message":"missing case number"}]}'
  [ "${stderr_lines[0]}" = "$E/hdr-norecognised.csv:1: not a record: above the header (line 2): 执行案件统计表" ]
  [ "${stderr_lines[1]}" = "$E/hdr-norecognised.csv:3: case_no: missing case number" ]
}

@test "exports: --header-row overrides the line detection would pick; a bad value is a usage error" {
  printf '案号,金额\n案号,申请执行标的金额,立案日期\n（2024）豫0505执1号,5,2024-01-02\n' > "$BATS_TEST_TMPDIR/two.csv"
  run -0 --separate-stderr case-import "$BATS_TEST_TMPDIR/two.csv"
  assert_output '{"case_no":"（2024）豫0505执1号","amount":5,"filed_on":"2024-01-02","kind":"执"}'
  [ "$stderr" = "$BATS_TEST_TMPDIR/two.csv:1: not a record: above the header (line 2): 案号,金额" ]
  run -1 --separate-stderr case-import --header-row 1 "$BATS_TEST_TMPDIR/two.csv"
  assert_line -n 0 '{"_raw":"案号,申请执行标的金额,立案日期","errors":[{"tool":"case-import","field":"_raw","message":"row has 3 fields, header has 2"}]}'
  run -2 --separate-stderr case-import --header-row 0 "$BATS_TEST_TMPDIR/two.csv"
  [ "${stderr_lines[0]}" = "case-import: invalid argument '0' for option --header-row" ]
}

@test "exports: 申请执行标的金额（元） is the amount: yindu puts 50,000 on fast, exit 0, no warning (boundary 99,999.99 / 100,000 / 100,000.01)" {
  run -0 --separate-stderr triage -p yindu "$E/hdr-yindu-yuan.csv"
  [ "$stderr" = "" ]
  assert_equal "$(jqo '[.amount, .track, .track_rules]' | paste -sd' ')" \
    '["50000","fast",["yindu.track.fast.amount"]] ["99999.99","fast",["yindu.track.fast.amount"]] ["100000","fast",["yindu.track.fast.amount"]] ["100000.01","ordinary",["yindu.track.ordinary.amount"]]'
}

@test "exports: a （万元） column is read as yuan x 10,000 (9.999999 / 10 / 10.000001 万元 at yindu's 100,000 boundary)" {
  run -0 --separate-stderr case-import "$E/hdr-yindu-wan.csv"
  assert_equal "$(jqo '.amount' | paste -sd' ')" '50000 99999.99 100000 100000.01'
  run -0 --separate-stderr triage -p yindu "$E/hdr-yindu-wan.csv"
  assert_equal "$(jqo '.track' | paste -sd' ')" '"fast" "fast" "fast" "ordinary"'
  # a cell that writes its own unit keeps it; a blank cell stays blank
  printf '案号,标的额（万元）\n（2024）豫0505执1号,50000元\n（2024）豫0505执2号,\n（2024）豫0505执3号,3万\n' > "$BATS_TEST_TMPDIR/w.csv"
  run -0 --separate-stderr case-import "$BATS_TEST_TMPDIR/w.csv"
  assert_equal "$(jqo '.amount' | paste -sd' ')" '50000 "" 30000'
}

@test "exports: no amount column: triage warns once naming the field and its rules; the rule is undecided, not false" {
  run -1 --separate-stderr triage -p yindu "$E/hdr-yindu-noamount.csv"
  assert_line -n 0 '{"case_no":"（2024）豫0505执1号","flags":"","needs_disposal":"","subject":"","applicant_kind":"","respondent_kind":"","preserved":"","assets_cash":"","track":null,"track_rules":[],"errors":[{"tool":"triage","field":"amount","message":"no track: rule yindu.track.fast.amount cannot be decided: amount: no column in the input"}]}'
  # an act case is fast whatever its amount: the missing column does not matter
  assert_equal "$(jqo -s '.[1] | [.track, .track_rules]')" '["fast",["yindu.track.fast.act"]]'
  [ "${stderr_lines[0]}" = "triage: $E/hdr-yindu-noamount.csv: no column for amount (申请执行标的金额): rules yindu.track.fast.found, yindu.track.fast.amount, yindu.track.ordinary.amount cannot be decided; add the column (an empty cell means none)" ]
  [ "${stderr_lines[1]}" = "$E/hdr-yindu-noamount.csv:2: amount: no track: rule yindu.track.fast.amount cannot be decided: amount: no column in the input" ]
  [ "${#stderr_lines[@]}" -eq 2 ]
}

@test "exports: the missing-column warning is once per run, not per record or per file" {
  run -1 --separate-stderr triage -p yindu "$E/hdr-yindu-noamount.csv" "$E/hdr-yindu-noamount.csv"
  [ "$(printf '%s\n' "${stderr_lines[@]}" | grep -c 'no column for amount')" -eq 1 ]
  [ "${#lines[@]}" -eq 4 ]
}

@test "exports: an empty column is a known 'none': the same case with the column present and blank is decided" {
  printf '案号,申请执行标的金额,标注,有财产需处置拍卖,执行内容,申请执行人类型,被执行人类型,已采取保全措施,查控到的存款\n（2024）豫0505执1号,,,,,,,,\n' > "$BATS_TEST_TMPDIR/blank.csv"
  run -0 --separate-stderr triage -p yindu "$BATS_TEST_TMPDIR/blank.csv"
  assert_equal "$(jqo '[.track, .track_rules]')" '["ordinary",["yindu.track.ordinary.other"]]'
  [ "$stderr" = "" ]
}

@test "exports: JSON lines have no columns: a field missing from a line is absent, as before (no warning)" {
  run -0 --separate-stderr triage -p yindu <<< '{"case_no":"（2024）豫0505执1号","amount":50000}'
  assert_equal "$(jqo '.track')" '"fast"'
  [ "$stderr" = "" ]
}

@test "exports: a funds header in a case file is not the case's amount; a duplicate header is warned of" {
  run -0 --separate-stderr case-import "$E/hdr-scope.csv"
  assert_output '{"case_no":"（2024）豫0505执1号","到账金额":"300","amount":50000,"note":"a","备注":"b","kind":"执"}'
  [ "$stderr" = "$E/hdr-scope.csv:1: header: columns 4 and 5 are both '备注'" ]
}

@test "exports: in a --funds file the same headers (到账时间, 到账金额, 缴款人) are the fund's date, amount and payer" {
  printf '案号,申请执行标的金额\n（2024）豫0505执1号,50000\n' > "$BATS_TEST_TMPDIR/c.csv"
  run -0 --separate-stderr case-import "$BATS_TEST_TMPDIR/c.csv" --funds "$E/hdr-funds.csv"
  assert_output '{"case_no":"（2024）豫0505执1号","amount":50000,"kind":"执","funds":[{"on":"2024-02-01","amount":300,"payer":"张三","kind":"arrival"}]}'
}

@test "exports: two columns for one field: the exact alias wins over a folded match, a warning names both" {
  run -0 --separate-stderr case-import "$E/hdr-exact.csv"
  assert_output '{"case_no":"（2024）豫0505执1号","申请执行标的金额（元）":"50000","amount":7,"filed_on":"2024-01-02","立案 时间":"2024-01-03","kind":"执"}'
  [ "${stderr_lines[0]}" = "$E/hdr-exact.csv:1: header: columns 2 '申请执行标的金额（元）' and 3 '执行标的' both name amount; it is read from column 3 (the exact alias), column 2 is kept as it is" ]
  [ "${stderr_lines[1]}" = "$E/hdr-exact.csv:1: header: columns 4 '立案日期' and 5 '立案 时间' both name filed_on; it is read from column 4 (the exact alias), column 5 is kept as it is" ]
  # two exact aliases: the first column, with the same warning
  printf '案号,执行标的,标的额\n（2024）豫0505执1号,1,2\n' > "$BATS_TEST_TMPDIR/x.csv"
  run -0 --separate-stderr case-import "$BATS_TEST_TMPDIR/x.csv"
  assert_output '{"case_no":"（2024）豫0505执1号","amount":1,"标的额":"2","kind":"执"}'
  [ "$stderr" = "$BATS_TEST_TMPDIR/x.csv:1: header: columns 2 '执行标的' and 3 '标的额' both name amount; it is read from column 2 (the first), column 3 is kept as it is" ]
}

@test "exports: headers fold full-width forms, U+3000, blanks and slashes; units after a slash" {
  run -0 --separate-stderr case-import "$E/hdr-fold.csv"
  assert_output '{"case_no":"（2024）豫0505执1号","respondent":"张三","amount":50000,"cause":"买卖合同纠纷","closed_amount":100,"kind":"执"}'
  [ "$stderr" = "" ]
}

@test "exports: court-site and credit-report headers of issue 18 are recognised" {
  hdrs='被执行人姓名/名称 身份证号码/组织机构代码 被执行人名称 申请执行人姓名 执行依据文号 终本日期 未履行金额 已履行金额 实际到位金额 结案标的 立案案由 案件状态'
  want='respondent respondent_id respondent applicant basis_no closed_on unpaid_amount recovered_amount recovered_amount closed_amount cause status'
  got=''
  for h in $hdrs; do
    printf '案号,%s\n（2024）豫0505执1号,1\n' "$h" > "$BATS_TEST_TMPDIR/h.csv"
    got="$got $(case-import "$BATS_TEST_TMPDIR/h.csv" | jq -r 'keys_unsorted[1]')"
  done
  assert_equal "${got# }" "$want"
  # 到账时间, 发放时间, 缴款人 are funds-file headers: in a funds file
  for h in 到账时间 发放时间; do
    printf '案号,%s,类型\n（2024）豫0505执1号,2024-01-02,到账\n' "$h" > "$BATS_TEST_TMPDIR/f.csv"
    printf '案号\n（2024）豫0505执1号\n' > "$BATS_TEST_TMPDIR/c.csv"
    assert_equal "$(case-import "$BATS_TEST_TMPDIR/c.csv" --funds "$BATS_TEST_TMPDIR/f.csv" | jq -c '.funds[0].on')" '"2024-01-02"'
  done
}

@test "exports: case-import --columns says how each column is read and which fields the profile's rules lack" {
  run -0 --separate-stderr case-import --columns -p yindu "$E/hdr-exact.csv"
  assert_line -n 0 "# $E/hdr-exact.csv: 1 rows"
  assert_line -n 1 "$(printf 'col\theader\tfield\talias\tunit\tfilled\tsample\tread as')"
  assert_line -n 2 "$(printf '1\t案号\tcase_no\t案号\t\t1\t（2024）豫0505执1号\t')"
  assert_line -n 3 "$(printf '2\t申请执行标的金额（元）\t-\t\t\t1\t50000\tnot read: column 3 supplies amount')"
  assert_line -n 4 "$(printf '3\t执行标的\tamount\t执行标的\t\t1\t7\t7 yuan')"
  assert_line -n 5 "$(printf '4\t立案日期\tfiled_on\t立案日期\t\t1\t2024-01-02\t2024-01-02')"
  assert_line -n 6 "$(printf '5\t立案 时间\t-\t\t\t1\t2024-01-03\tnot read: column 4 supplies filed_on')"
  assert_line -n 7 '# no column for these fields the rules of profile yindu read (those rules cannot be decided):'
  assert_line -n 8 "$(printf 'flags\t标注\tyindu.track.special.obstruction, yindu.track.special.old_case, yindu.route.entrusted, spc.term.blacklist, spc.term.obstruction_sanctioned')"
  assert_line "$(printf 'needs_disposal\t有财产需处置拍卖\tyindu.track.ordinary.disposal, yindu.deadline.ordinary_60d, spc.deadline.close.property, spc.term.no_disposable_property')"
}

@test "exports: --columns shows the unit, the scale and how a value reads; a funds header in a case file; an unknown column" {
  printf '案号,标的额(万元),到账金额,自定义列\n（2024）豫0505执1号,1.5,,x\n（2024）豫0505执2号,2,300,\n' > "$BATS_TEST_TMPDIR/c.csv"
  run -0 --separate-stderr case-import --columns "$BATS_TEST_TMPDIR/c.csv"
  assert_line -n 2 "$(printf '1\t案号\tcase_no\t案号\t\t2\t（2024）豫0505执1号\t')"
  assert_line -n 3 "$(printf '2\t标的额(万元)\tamount\t标的额 (folded)\t万元 (x10000)\t2\t1.5万\t15000 yuan')"
  assert_line -n 4 "$(printf '3\t到账金额\t-\t\t\t1\t300\tnot read: amount of another file kind (--events, --funds)')"
  assert_line -n 5 "$(printf '4\t自定义列\t-\t\t\t1\tx\tnot recognised: kept as it is')"
  assert_line -n 6 '# no column for these fields the rules of profile spc read (those rules cannot be decided):'
}

# The alias test: one export, its headers written under every alias of every
# case field of share/fields.tsv (and, for money, with a unit in brackets),
# gives the same records and the same verdicts.
@test "exports: no verdict changes when a header is spelled another accepted way (every alias of every case field)" {
  fields="$ZX_ROOT/share/fields.tsv"
  # the case fields and their aliases (scope empty or naming case)
  awk -F'\t' '!/^#/ && NF >= 3 && $2 != "events" && $2 != "funds" && ($4 == "" || $4 ~ /case/)' "$fields" > "$BATS_TEST_TMPDIR/case.tsv"
  cols=$(cut -f1 "$BATS_TEST_TMPDIR/case.tsv" | awk '!seen[$0]++' | paste -sd,)
  value() {   # field, type, row
    case "$1" in
      case_no) echo "（2024）豫0505执$3号" ;;
      prior_case_no) echo "（2023）豫0505执$3号" ;;
      amount) case $3 in 1) echo 50000 ;; 2) echo 100000.01 ;; *) echo 99999.99 ;; esac ;;
      flags) [ "$3" = 3 ] && echo 拒执 || echo '' ;;
      subject) echo 金钱给付 ;;
      kind) echo 执 ;;
      close_method) [ "$3" = 2 ] && echo 终结本次执行程序 || echo '' ;;
      closed_on) [ "$3" = 2 ] && echo 2024-05-01 || echo '' ;;
      *) case "$2" in money) echo 100 ;; date) echo 2024-01-0$3 ;; bool) echo 否 ;; *) echo "v$3" ;; esac ;;
    esac
  }
  {
    echo "$cols"
    for r in 1 2 3; do
      row=''
      for c in ${cols//,/ }; do
        t=$(awk -F'\t' -v f="$c" '$1 == f { print $2; exit }' "$BATS_TEST_TMPDIR/case.tsv")
        row="$row,$(value "$c" "$t" "$r")"
      done
      echo "${row#,}"
    done
  } > "$BATS_TEST_TMPDIR/base.csv"
  verdicts() {
    { case-import "$1" | triage -p yindu | term-audit -p yindu --as-of 2024-06-01; triage -p yindu "$1"; } 2>/dev/null
  }
  verdicts "$BATS_TEST_TMPDIR/base.csv" > "$BATS_TEST_TMPDIR/base.out"
  # the base itself decides: tracks fast, ordinary, special
  assert_equal "$(jq -r 'select(.term_audit == null) | .track' "$BATS_TEST_TMPDIR/base.out" | paste -sd' ')" 'fast ordinary special'
  n=0
  while IFS=$'\t' read -r canon type aliases scope; do
    for a in ${aliases//|/ } $([ "$type" = money ] && for x in ${aliases//|/ }; do printf '%s（元） ' "$x"; done); do
      header=$(printf '%s\n' "$cols" | awk -F, -v OFS=, -v f="$canon" -v a="$a" '{ for (i = 1; i <= NF; i++) if ($i == f) $i = a; print }')
      { echo "$header"; tail -n +2 "$BATS_TEST_TMPDIR/base.csv"; } > "$BATS_TEST_TMPDIR/alias.csv"
      verdicts "$BATS_TEST_TMPDIR/alias.csv" > "$BATS_TEST_TMPDIR/alias.out"
      if ! cmp -s "$BATS_TEST_TMPDIR/base.out" "$BATS_TEST_TMPDIR/alias.out"; then
        echo "header '$a' for $canon changes the output:"
        diff "$BATS_TEST_TMPDIR/base.out" "$BATS_TEST_TMPDIR/alias.out" | head -5
        return 1
      fi
      n=$((n + 1))
    done
  done < "$BATS_TEST_TMPDIR/case.tsv"
  [ "$n" -gt 150 ]
}

@test "exports: deadline-check on a CSV without events: the node deadlines are n/a with an error, warned once, not pending" {
  printf 'case_no,filed_on,assets_cash,needs_disposal,cause,closed_on,close_method\n（2024）豫0183执1号,2024-10-25,,,,,\n（2024）豫0183执2号,2024-10-24,,,,,\n' > "$BATS_TEST_TMPDIR/c.csv"
  run -1 --separate-stderr deadline-check --as-of 2024-10-28 --all-statuses "$BATS_TEST_TMPDIR/c.csv"
  assert_equal "$(jqo -s '[.[0].deadlines[] | [.rule, .status, .reason]]')" \
    '[["spc.deadline.notice","n/a","events: no column in the input"],["spc.deadline.handler","n/a","events: no column in the input"],["spc.deadline.investigation","n/a","events: no column in the input"],["spc.deadline.close.property","n/a","events: no column in the input"],["spc.deadline.close.nonlitigation","n/a","out of scope: 非诉执行案件（案由含“非诉”）"],["spc.deadline.term_requery","n/a","out of scope: 以终结本次执行程序结案的案件"]]'
  [ "${stderr_lines[0]}" = "deadline-check: $BATS_TEST_TMPDIR/c.csv: no column for events (节点, or <node>_at columns): rules spc.deadline.notice, spc.deadline.handler, spc.deadline.investigation, spc.deadline.close.property, spc.deadline.term_requery cannot be decided; add the column (an empty cell means none)" ]
  [ "${stderr_lines[1]}" = "$BATS_TEST_TMPDIR/c.csv:2: events: no column in the input (n/a: spc.deadline.notice, spc.deadline.handler, spc.deadline.investigation, spc.deadline.close.property)" ]
  [ "${#stderr_lines[@]}" -eq 3 ]
}

@test "exports: case-import -p warns of a missing column for any tool's rules; without -p it reads no profile and says nothing" {
  run -0 --separate-stderr case-import -p yindu "$E/hdr-yindu-noamount.csv"
  [ "${stderr_lines[0]}" = "case-import: $E/hdr-yindu-noamount.csv: no column for amount (申请执行标的金额): rules yindu.track.fast.found, yindu.track.fast.amount, yindu.track.ordinary.amount cannot be decided; add the column (an empty cell means none)" ]
  run -0 --separate-stderr case-import "$E/hdr-yindu-noamount.csv"
  [ "$stderr" = "" ]
}

@test "exports: a title row above a tab- or semicolon-separated header: the header row tells the delimiter (UTF-8, Excel's UTF-16 text, ;)" {
  printf '执行案件信息列表\n导出时间：2024-01-05\n\n案号\t立案日期\t申请执行标的金额（元）\t被执行人\n（2024）豫0502执1号\t2024-01-02\t50000\t张三\n' > "$BATS_TEST_TMPDIR/t.txt"
  iconv -f UTF-8 -t UTF-16 "$BATS_TEST_TMPDIR/t.txt" > "$BATS_TEST_TMPDIR/u16.txt"
  for f in t.txt u16.txt; do
    run -0 --separate-stderr case-import "$BATS_TEST_TMPDIR/$f"
    assert_equal "$output" '{"case_no":"（2024）豫0502执1号","filed_on":"2024-01-02","amount":50000,"respondent":"张三","kind":"执"}'
    assert_equal "$stderr" "$BATS_TEST_TMPDIR/$f:1: not a record: above the header (line 4): 执行案件信息列表"$'\n'"$BATS_TEST_TMPDIR/$f:2: not a record: above the header (line 4): 导出时间：2024-01-05"
  done
  printf '执行案件信息列表\n案号;立案日期;金额\n（2024）豫0502执1号;2024-01-02;50000\n' > "$BATS_TEST_TMPDIR/s.csv"
  run -0 --separate-stderr case-import "$BATS_TEST_TMPDIR/s.csv"
  assert_equal "$output" '{"case_no":"（2024）豫0502执1号","filed_on":"2024-01-02","amount":50000,"kind":"执"}'
  assert_equal "$stderr" "$BATS_TEST_TMPDIR/s.csv:1: not a record: above the header (line 2): 执行案件信息列表"
  # --delimiter still decides: with ',' no line has a case-number column
  run -1 --separate-stderr case-import --delimiter , "$BATS_TEST_TMPDIR/s.csv"
  assert_equal "$(printf '%s\n' "$output" | jq -c '.errors[0].message' | sort -u)" '"missing case number"'
}

@test "exports: case-import -p with --events: the companion file supplies events, no missing-column warning for it" {
  printf '案号,立案日期\n（2024）豫0183执1号,2024-10-25\n' > "$BATS_TEST_TMPDIR/c.csv"
  printf '案号,节点,时间\n（2024）豫0183执1号,执行通知书,2024-10-26\n' > "$BATS_TEST_TMPDIR/n.csv"
  run -0 --separate-stderr case-import -p spc "$BATS_TEST_TMPDIR/c.csv" --events "$BATS_TEST_TMPDIR/n.csv"
  assert_equal "$output" '{"case_no":"（2024）豫0183执1号","filed_on":"2024-10-25","kind":"执","events":[{"node":"notice","at":"2024-10-26"}]}'
  [[ "$stderr" != *"no column for events"* ]]
  [[ "$stderr" == *"no column for assets_cash"* ]]
  run -0 --separate-stderr case-import -p spc "$BATS_TEST_TMPDIR/c.csv"
  [[ "$stderr" == *"no column for events"* ]]
  run -0 case-import --columns -p spc "$BATS_TEST_TMPDIR/c.csv" --events "$BATS_TEST_TMPDIR/n.csv"
  refute_line --regexp '^events	'
  assert_line --regexp '^assets_cash	'
}
