#!/usr/bin/env bats
# The report's drawn views (issue 21): report_write_html read back through
# headless Chromium, report_write_xlsx read back with openpyxl.  The report
# is hand-built in t/unit/test_report_views.c (figures chosen on the
# boundaries: 99,999.99 / 100,000.00 / 100,000.01 yuan, an empty rate, a
# court total, short marks, changes, a name that needs escaping).
load helper
bats_require_minimum_version 1.5.0

RV="$ZX_ROOT/t/fixtures/report-views"
PY=/usr/bin/python3   # Debian's python, which has python3-openpyxl

chrome() {
  chromium --headless --no-sandbox --disable-gpu --user-data-dir="$BATS_FILE_TMPDIR/chrome" "$@"
}

setup_file() {
  cd "$BATS_FILE_TMPDIR"
  "$ZX_UNIT/test_report_views" html r.html
  "$ZX_UNIT/test_report_views" xlsx r.xlsx
  if command -v chromium > /dev/null; then
    chrome --enable-logging=stderr --v=0 --dump-dom "file://$PWD/r.html" > dom.html 2> console.log
    chrome --screenshot="$PWD/r.png" --window-size=1240,1754 "file://$PWD/r.html" 2> /dev/null
    chrome --no-pdf-header-footer --print-to-pdf="$PWD/r.pdf" "file://$PWD/r.html" 2> /dev/null
    "$PY" "$RV/dom.py" dom.html > dom.txt
  fi
  "$PY" "$RV/xlsx.py" r.xlsx > xlsx.txt
}

need_chromium() {
  command -v chromium > /dev/null ||
    skip "chromium is not installed (Debian package chromium; make check installs it as root)"
}

@test "report-views: the HTML page is self-contained: no script, no external resource, UTF-8, A4, CJK fonts" {
  h="$BATS_FILE_TMPDIR/r.html"
  run -1 grep -Ei '<script|<link|<img|<iframe|src=|href=|@import|url\(' "$h"
  run -0 grep -c '<meta charset="utf-8">' "$h"
  assert_output 1
  run -0 grep -o '@page{size:A4;[^}]*}' "$h"
  assert_output '@page{size:A4;margin:14mm 12mm}'
  run -0 grep -o 'font-family:[^;]*;' "$h"
  assert_line -n 0 'font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","WenQuanYi Micro Hei","WenQuanYi Zen Hei","Microsoft YaHei","PingFang SC",sans-serif;'
  # one of the fonts it names is installed, so Chinese is not drawn as boxes
  run -0 bash -c "fc-list :lang=zh family | grep -E 'Noto Sans CJK SC|WenQuanYi Micro Hei'"
}

@test "report-views: text from the data is escaped in the page" {
  h="$BATS_FILE_TMPDIR/r.html"
  run -0 grep -c '速执&lt;团队&gt;&amp;&#39;&quot;' "$h"
  run -1 grep -F '速执<团队>' "$h"
  run -0 grep -o '<h1>[^<]*</h1>' "$h"
  assert_output '<h1>测试&lt;法院&gt;执行质效通报</h1>'
}

@test "report-views: Chromium renders the tables: money, percent, days, counts, empty cells, short marks, changes" {
  # figures read as -o text writes them (report_cell_text); 45.25 days is 45.2 as printf rounds
  need_chromium
  run cat "$BATS_FILE_TMPDIR/dom.txt"
  assert_line 'h1 测试<法院>执行质效通报'
  assert_line 'row indicators | 团队 | 收案 | 结案 | 结案率 | 执行到位金额（元） | 平均结案用时（天） | 网络查控发起率目标 100.0%'
  assert_line 'row indicators | 执行一团队 | 1234(+34) | 1000 | 81.0%(+1.2pt) | 99,999.99(+1,500.00) | 45.2 | 100.0%'
  assert_line 'row indicators | 执行二团队 | 20 | 12 | 60.0%短(-5.0pt) | 100,000.00 | 61.0 | 95.0%短'
  assert_line "row indicators | 速执<团队>&'\" | 0 | 0 | — | 100,000.01 | — | —"
  assert_line 'row indicators | 全院合计 | 1254(+30) | 1012 | 80.7%(+1.0pt) | 300,000.00(-25.00) | 45.5 | 97.5%'
  assert_line 'row overdue_by_team | 执行二团队 | 19短 | 19.0%短'
  assert_line 'row funds_issues | 未认领 | 七日 | 2 | 1,234,567,890.12'
  assert_line 'row funds_issues | 全院合计 |  | 6 | 1,234,767,890.11'
  assert_line 'row stages | 拒执打击组 | 20 | 0 | 12 | 4短'
  # the page's own words for the marks, the empty cells and the changes
  assert_line 'p - meta 统计期间：2026-11-16 至 2026-11-22 截至：2026-11-22 方案：spc'
  assert_line 'p - legend unknown 另有 2 条记录缺少指标所需的字段，未计入相应指标（明细见运行时的错误输出）。'
  assert_line 'p - legend 标短并着色的为短板（低于目标或低于全院数）；“—”为无数据或分母为零。括号内为较上期的变化，百分比的变化以百分点计。'
  assert_line 'p indicators notes 依据：收案——浉河 一(二)；网络查控发起率——001 一(一)1(4)5'
}

@test "report-views: a table of more than nine figures is printed turned, a line per figure" {
  need_chromium
  run cat "$BATS_FILE_TMPDIR/dom.txt"
  assert_line 'row wide | 指标 | 一队 | 二队'
  assert_line 'row wide | 指标十 | 50.0% | 25.0%短'
  assert_line 'row wide | 指标十一（元） | 1.00 | 2.00'
  assert_line 'row wide | 指标十二（天） | 1.5 | 2.5'
  run -0 grep -c '^row wide ' "$BATS_FILE_TMPDIR/dom.txt"
  assert_output 13
}

@test "report-views: Chromium finds the five SVG charts, drawn to scale" {
  need_chromium
  run -0 grep '^svg ' "$BATS_FILE_TMPDIR/dom.txt"
  assert_output "$(printf '%s\n' 'svg indicators bar-vs' 'svg overdue_by_team bar' 'svg deadline_status stacked' \
    'svg stages funnel' 'svg funds_issues bar')"
  run cat "$BATS_FILE_TMPDIR/dom.txt"
  # indicators against the court (97.5%) and the target (100%), scale 0..100%:
  # bars 420 units long at 100%, the short team's bar red
  assert_line 'rect indicators 176 52.0 420.0 14 #4e79a7'
  assert_line 'rect indicators 176 74.0 399.0 14 #e15759'
  assert_line 'line indicators court 585.5'
  assert_line 'line indicators target 596.0'
  assert_line 'text indicators 全院 97.5%'
  assert_line 'text indicators 目标 100.0%'
  # overdue nodes: 7 and 19 on a scale to 20; the court total is not a bar
  assert_line 'rect overdue_by_team 176 30.0 147.0 14 #4e79a7'
  assert_line 'rect overdue_by_team 176 52.0 399.0 14 #e15759'
  run -0 grep -c '^rect overdue_by_team ' "$BATS_FILE_TMPDIR/dom.txt"
  assert_output 3
  # statuses stacked: 80 met, 7 overdue, 10 open, 3 n/a on a scale to 100
  run -0 grep '^rect deadline_status .* 52.0 ' "$BATS_FILE_TMPDIR/dom.txt"
  assert_output "$(printf '%s\n' 'rect deadline_status 176.0 52.0 336.0 14 #59a14f' \
    'rect deadline_status 512.0 52.0 29.4 14 #e15759' 'rect deadline_status 541.4 52.0 42.0 14 #4e79a7' \
    'rect deadline_status 583.4 52.0 12.6 14 #bab0ac')"
  # the funnel: centred bars 120, 70, 20 wide in stage order
  run -0 grep '^rect stages ' "$BATS_FILE_TMPDIR/dom.txt"
  assert_output "$(printf '%s\n' 'rect stages 176.0 10.0 420.0 22 #4e79a7' \
    'rect stages 263.5 36.0 245.0 22 #4e79a7' 'rect stages 351.0 62.0 70.0 22 #4e79a7')"
  # money in yuan on a scale to 2,000,000,000 in round steps; a bar is
  # labelled by kind and level; the total row is not a bar
  run -0 grep -E '^(rect|text) funds_issues ' "$BATS_FILE_TMPDIR/dom.txt"
  assert_output "$(printf '%s\n' 'text funds_issues 0' 'text funds_issues 500,000,000' \
    'text funds_issues 1,000,000,000' 'text funds_issues 1,500,000,000' 'text funds_issues 2,000,000,000' \
    'text funds_issues 逾期未发放 / 即日' 'rect funds_issues 176 30.0 0.0 14 #4e79a7' 'text funds_issues 99,999.99' \
    'text funds_issues 逾期未发放 / 三日' 'rect funds_issues 176 52.0 0.0 14 #4e79a7' 'text funds_issues 100,000.00' \
    'text funds_issues 未认领 / 七日' 'rect funds_issues 176 74.0 259.3 14 #4e79a7' 'text funds_issues 1,234,567,890.12')"
  # a table without rows has no chart, and says so
  run -1 grep '^svg empty' "$BATS_FILE_TMPDIR/dom.txt"
  run -0 grep '^p empty ' "$BATS_FILE_TMPDIR/dom.txt"
  assert_output 'p empty notes 本期无数据。'
}

@test "report-views: the page renders with no console error, screenshots at A4 size and prints on A4 pages" {
  need_chromium
  run -1 grep -E ':CONSOLE|Uncaught|Failed to load' "$BATS_FILE_TMPDIR/console.log"
  png="$BATS_FILE_TMPDIR/r.png"
  [ -s "$png" ]
  # width and height from the PNG header: 1240 x 1754
  run -0 bash -c "od -An -tx1 -j16 -N8 '$png' | tr -d ' \n'"
  assert_output 000004d8000006da
  run -0 bash -c "grep -a -o 'MediaBox \[[^]]*\]' '$BATS_FILE_TMPDIR/r.pdf' | sort -u"
  assert_output 'MediaBox [0 0 594.95996 841.91998]'
}

@test "report-views: a write error on the HTML page is reported, exit 1" {
  [ -w /dev/full ] || skip "no /dev/full"
  run -1 --separate-stderr "$ZX_UNIT/test_report_views" html /dev/full
  assert_equal "$stderr" "test_report_views: /dev/full: write error"
}

@test "report-views: xlsx read back by openpyxl: a cover sheet, then a sheet per table, Chinese headers" {
  run cat "$BATS_FILE_TMPDIR/xlsx.txt"
  assert_line 'sheets 说明|各团队质效指标|各团队超期节点|节点状态（按团队）|各阶段案件|案款问题|空表|宽表'
  assert_line 'cell 说明 A1 测试<法院>执行质效通报 General'
  assert_line 'cell 说明 B3 2026-11-16 至 2026-11-22 General'
  assert_line 'cell 说明 B6 2 #,##0'
  assert_line 'cell 说明 C13 001 一(一)1(4)5 General'
  run -0 grep '^cell 各团队质效指标 [A-Z]1 ' "$BATS_FILE_TMPDIR/xlsx.txt"
  assert_output "$(printf '%s\n' 'cell 各团队质效指标 A1 团队 General' 'cell 各团队质效指标 B1 收案 General' \
    'cell 各团队质效指标 C1 收案 较上期 General' 'cell 各团队质效指标 D1 结案 General' \
    'cell 各团队质效指标 E1 结案率 General' 'cell 各团队质效指标 F1 结案率 较上期 General' \
    'cell 各团队质效指标 G1 执行到位金额（元） General' 'cell 各团队质效指标 H1 执行到位金额 较上期 General' \
    'cell 各团队质效指标 I1 平均结案用时（天） General' \
    "cell 各团队质效指标 J1 '网络查控发起率\\n目标 100.0%' General" \
    'cell 各团队质效指标 L1 图表：全院 General' 'cell 各团队质效指标 M1 图表：目标 General')"
}

@test "report-views: xlsx values and number formats: yuan #,##0.00, ratio 0.0%, days 0.0, counts #,##0, empty is blank" {
  run cat "$BATS_FILE_TMPDIR/xlsx.txt"
  assert_line 'cell 案款问题 D2 99999.99 #,##0.00'
  assert_line 'cell 案款问题 D3 100000 #,##0.00'
  assert_line 'cell 各团队质效指标 G4 100000.01 #,##0.00'
  assert_line 'cell 案款问题 D4 1234567890.12 #,##0.00'
  assert_line 'cell 各团队质效指标 E3 0.6 0.0%'
  assert_line 'cell 各团队质效指标 I2 45.25 0.0'
  assert_line 'cell 各团队质效指标 B2 1234 #,##0'
  assert_line 'cell 各团队质效指标 C2 34 +#,##0;-#,##0;0'
  assert_line 'cell 各团队质效指标 F3 -0.05 +0.0%;-0.0%;0.0%'
  assert_line 'cell 各团队质效指标 H5 -25 +#,##0.00;-#,##0.00;0.00'
  assert_line 'cell 各团队质效指标 A5 全院合计 @'
  # the empty rate, days and query rate of 速执 are blank cells, not 0
  run -1 grep -E '^cell 各团队质效指标 (E4|I4|J4) ' "$BATS_FILE_TMPDIR/xlsx.txt"
  run -0 grep -c '^cell 各团队质效指标 B4 0 #,##0$' "$BATS_FILE_TMPDIR/xlsx.txt"
}

@test "report-views: xlsx header row and label column frozen on every table sheet, short cells red, columns wide enough for Chinese" {
  run -0 grep '^freeze ' "$BATS_FILE_TMPDIR/xlsx.txt"
  assert_output "$(printf 'freeze %s\n' '说明 None' '各团队质效指标 B2' '各团队超期节点 B2' \
    '节点状态（按团队） B2' '各阶段案件 B2' '案款问题 B2' '空表 B2' '宽表 B2')"
  run -0 grep '^short ' "$BATS_FILE_TMPDIR/xlsx.txt"
  assert_output "$(printf 'short %s\n' '各团队质效指标 E3' '各团队质效指标 J3' '各团队超期节点 B3' \
    '各团队超期节点 C3' '各阶段案件 E4' '宽表 K3')"
  run cat "$BATS_FILE_TMPDIR/xlsx.txt"
  assert_line 'width 各团队质效指标 A 15.7109375'   # 速执<团队>&'" is 12 columns wide
  assert_line 'width 案款问题 D 14.7109375'
}

@test "report-views: xlsx has native charts: bar, column against court and target, stacked bar, funnel bar, money bar" {
  run -0 grep '^chart ' "$BATS_FILE_TMPDIR/xlsx.txt"
  assert_output "$(printf 'chart %s\n' '各团队质效指标 BarChart col clustered 3 0,6' \
    '各团队超期节点 BarChart bar clustered 1 0,6' '节点状态（按团队） BarChart bar stacked 4 0,5' \
    '各阶段案件 BarChart bar clustered 1 0,5' '案款问题 BarChart bar clustered 1 0,6')"
  run -0 bash -c "unzip -Z1 '$BATS_FILE_TMPDIR/r.xlsx' | grep -c '^xl/charts/chart[0-9]*.xml$'"
  assert_output 5
  # kind and level make two-level categories
  run -0 bash -c "unzip -p '$BATS_FILE_TMPDIR/r.xlsx' xl/charts/chart5.xml | grep -o '<c:f>[^<]*</c:f>'"
  assert_output "$(printf '%s\n' "<c:f>'案款问题'!\$D\$1</c:f>" "<c:f>'案款问题'!\$A\$2:\$B\$4</c:f>" \
    "<c:f>'案款问题'!\$D\$2:\$D\$4</c:f>")"
  # the series read the sheet's own cells: groups before the court total
  run -0 bash -c "unzip -p '$BATS_FILE_TMPDIR/r.xlsx' xl/charts/chart2.xml | grep -o '<c:f>[^<]*</c:f>'"
  assert_output "$(printf '%s\n' "<c:f>'各团队超期节点'!\$B\$1</c:f>" "<c:f>'各团队超期节点'!\$A\$2:\$A\$4</c:f>" \
    "<c:f>'各团队超期节点'!\$B\$2:\$B\$4</c:f>")"
  run -0 bash -c "unzip -p '$BATS_FILE_TMPDIR/r.xlsx' xl/charts/chart1.xml | grep -o '<c:f>[^<]*</c:f>' | sed -n '6p;9p'"
  assert_output "$(printf '%s\n' "<c:f>'各团队质效指标'!\$L\$2:\$L\$4</c:f>" "<c:f>'各团队质效指标'!\$M\$2:\$M\$4</c:f>")"
}

@test "report-views: xlsx to stdout is the same workbook, through a temporary file that is removed" {
  mkdir "$BATS_TEST_TMPDIR/tmp"
  run -0 bash -c "TMPDIR='$BATS_TEST_TMPDIR/tmp' '$ZX_UNIT/test_report_views' xlsx - > '$BATS_TEST_TMPDIR/so.xlsx'"
  cmp "$BATS_TEST_TMPDIR/so.xlsx" "$BATS_FILE_TMPDIR/r.xlsx"
  run -0 ls -A "$BATS_TEST_TMPDIR/tmp"
  assert_output ""
}

@test "report-views: xlsx is not written to a terminal, nor to a path that cannot be made (exit 1, one message)" {
  command -v script > /dev/null || skip "no script(1) to give a terminal"
  run -1 script -qec "'$ZX_UNIT/test_report_views' xlsx -" /dev/null
  assert_output --partial 'test_report_views: xlsx is a binary file: not written to a terminal; use -O FILE'
  run -1 --separate-stderr "$ZX_UNIT/test_report_views" xlsx "$BATS_TEST_TMPDIR/no/such/dir/r.xlsx"
  assert_equal "$stderr" "test_report_views: $BATS_TEST_TMPDIR/no/such/dir/r.xlsx: No such file or directory"
}

# Through the report command (t/fixtures/report/, the engine's fixtures).

@test "report-views: every profile's court figures, and their changes, are the same in -o xlsx and -o html as in -o jsonl" {
  for p in spc reform2023 xinmi yindu shihe jianli; do
    # the previous period: the week before
    report -p $p --as-of 2026-11-15 -o jsonl "$FIX/report/annotated.jsonl" > "$BATS_TEST_TMPDIR/prev.jsonl" 2> /dev/null || true
    for f in annotated jianli prev; do
      if [ $f = prev ]; then
        args="-p $p --as-of 2026-11-22 --previous $BATS_TEST_TMPDIR/prev.jsonl $FIX/report/annotated.jsonl"
      else
        args="-p $p --as-of 2026-11-30 --period month $FIX/report/$f.jsonl"
      fi
      report $args -o jsonl > "$BATS_TEST_TMPDIR/r.jsonl" 2> /dev/null || true
      report $args -o xlsx -O "$BATS_TEST_TMPDIR/r.xlsx" 2> /dev/null || true
      report $args -o html -O "$BATS_TEST_TMPDIR/r.html" 2> /dev/null || true
      "$PY" "$RV/dom.py" "$BATS_TEST_TMPDIR/r.html" > "$BATS_TEST_TMPDIR/r.dom"
      run -0 "$PY" "$RV/crosscheck.py" "$BATS_TEST_TMPDIR/r.jsonl" "$BATS_TEST_TMPDIR/r.xlsx" "$BATS_TEST_TMPDIR/r.dom"
      refute_line --partial DIFF
      # every court figure of the jsonl was found in both views
      n=$(jq -s 'map(select(.group == {})) | length' "$BATS_TEST_TMPDIR/r.jsonl")
      [ "$n" -ge 20 ]
      assert_output "$(printf 'xlsx %s\nhtml %s' "$n" "$n")"
      if [ $f = prev ]; then   # and there were changes to compare
        c=$(jq -s 'map(select(.group == {} and .change != null)) | length' "$BATS_TEST_TMPDIR/r.jsonl")
        [ "$c" -ge 10 ]
      fi
    done
  done
}

@test "report-views: report -p jianli -o html in Chromium: the stages funnel by Chinese name, the turned indicators" {
  need_chromium
  run -0 report -p jianli --as-of 2026-11-30 --period month -o html -O "$BATS_TEST_TMPDIR/j.html" "$FIX/report/jianli.jsonl"
  assert_output ""
  chrome --dump-dom "file://$BATS_TEST_TMPDIR/j.html" > "$BATS_TEST_TMPDIR/j.dom" 2> /dev/null
  run -0 "$PY" "$RV/dom.py" "$BATS_TEST_TMPDIR/j.dom"
  assert_line 'svg stages funnel'
  assert_line 'text stages 第一组 线上查控（3周）'
  assert_line 'text stages 第三组 线索查控（8周）'
  assert_line 'row stages | 阶段 | 名称 | 收案 | 移交 | 结案 | 超期'
  assert_line --regexp '^row indicators \| 指标 \| .* \| 全院$'
  assert_line --regexp '^row indicators \| 罚款数 \|'
}

@test "report-views: report -o xlsx without -O writes the workbook to a pipe" {
  run -0 bash -c "report -p jianli --as-of 2026-11-30 --period month -o xlsx '$FIX/report/jianli.jsonl' > '$BATS_TEST_TMPDIR/p.xlsx'"
  run -0 "$PY" "$RV/xlsx.py" "$BATS_TEST_TMPDIR/p.xlsx"
  assert_line 'sheets 说明|质效指标|节点状态（按组）|超期节点（按规则排序）|终本审核未通过（按条件）|案款问题（按类型、级别）|各组案件（按流程阶段）'
  assert_line 'chart 各组案件（按流程阶段） BarChart bar clustered 1 0,7'
  # the funnel's bars are named by the stages' Chinese names (column B)
  run -0 bash -c "unzip -p '$BATS_TEST_TMPDIR/p.xlsx' xl/charts/chart3.xml | grep -o '<c:f>[^<]*</c:f>'"
  assert_line "<c:f>'各组案件（按流程阶段）'!\$B\$2:\$B\$5</c:f>"
}

@test "report-views: report -o xlsx to a terminal, -O to a path that cannot be made, -o html to a full disk: one message, exit 3" {
  command -v script > /dev/null || skip "no script(1) to give a terminal"
  run -0 script -qec "report -p jianli --as-of 2026-11-30 -o xlsx '$FIX/report/jianli.jsonl'; echo \"exit \$?\"" /dev/null
  assert_output "$(printf 'report: xlsx is a binary file: not written to a terminal; use -O FILE\r\nexit 3\r')"
  run -3 --separate-stderr report -p jianli --as-of 2026-11-30 -o xlsx -O "$BATS_TEST_TMPDIR/no/r.xlsx" "$FIX/report/jianli.jsonl"
  assert_equal "$stderr" "report: $BATS_TEST_TMPDIR/no/r.xlsx: No such file or directory"
  [ -w /dev/full ] || skip "no /dev/full"
  run -3 --separate-stderr report -p jianli --as-of 2026-11-30 -o html -O /dev/full "$FIX/report/jianli.jsonl"
  assert_equal "$stderr" "report: cannot write /dev/full: No space left on device"
}
