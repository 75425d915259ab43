#!/usr/bin/env bats
# term-audit (终本审核): every term rule of every profile passes on a case
# built for it and fails on a case that breaks exactly that condition.
# The base case (fixtures/term-audit/base.jsonl) passes every profile; each
# test changes it with a jq filter.
load helper
bats_require_minimum_version 1.5.0

BASE="$FIX/term-audit/base.jsonl"

# audit PROFILE JQ [OPTION...]: term-audit -p PROFILE on the base case changed by JQ
audit() {
  local p=$1 f=$2
  shift 2
  run --separate-stderr bash -c 'jq -c "$1" "$2" | term-audit -p "$3" "${@:4}"' _ "$f" "$BASE" "$p" "$@"
}

# passes PROFILE RULE JQ [OPTION...]: verdict pass, nothing failed, RULE checked and ok
passes() {
  local p=$1 r=$2 f=$3
  shift 3
  audit "$p" "$f" "$@"
  assert_success
  assert_equal "$(jqo '.term_audit | [.verdict, .failed]')" '["pass",[]]'
  assert_equal "$(jqo --arg r "$r" '[.term_audit.checks[] | select(.rule == $r) | .ok]')" '[true]'
}

# fails_on PROFILE RULE JQ [OPTION...]: verdict fail, and RULE is the only failure
fails_on() {
  local p=$1 r=$2 f=$3
  shift 3
  audit "$p" "$f" "$@"
  assert_success
  assert_equal "$(jqo '.term_audit | [.verdict, .failed]')" "[\"fail\",[\"$r\"]]"
  assert_equal "$(jqo --arg r "$r" '[.term_audit.checks[] | select(.rule == $r) | .ok]')" '[false]'
}

# not_checked PROFILE RULE JQ: the rule does not apply (no check of that id)
not_checked() {
  audit "$1" "$3"
  assert_success
  assert_equal "$(jqo --arg r "$2" '[.term_audit.checks[] | select(.rule == $r)] | length')" 0
}

drop() { printf '.events |= map(select(.node != "%s"))' "$1"; }

# --- the base case --------------------------------------------------------

@test "the base case passes every profile, with the profile's rules as checks" {
  for p in spc xinmi reform2023 yindu shihe jianli; do
    audit $p .
    assert_success
    assert_equal "$(jqo '.term_audit | [.verdict, .failed, ([.checks[].ok] | all)]')" '["pass",[],true]'
  done
  audit spc .
  assert_equal "$(jqo '[.term_audit.checks[].rule]')" \
    '["spc.term.notice_report_order","spc.term.consumption_ban","spc.term.network_query","spc.term.offline_query","spc.term.no_disposable_property","spc.term.three_months","spc.term.interview"]'
  audit xinmi .
  assert_equal "$(jqo '[.term_audit.checks[].rule] | length')" 7
}

@test "a passed check's detail is the rule's name; a failed one adds what was found" {
  audit spc "$(drop consumption_ban)"
  assert_equal "$(jqo '.term_audit.checks[0]')" \
    '{"rule":"spc.term.notice_report_order","ok":true,"detail":"已向被执行人发出执行通知、责令被执行人报告财产"}'
  assert_equal "$(jqo '.term_audit.checks[1]')" \
    '{"rule":"spc.term.consumption_ban","ok":false,"detail":"已向被执行人发出限制消费令: has consumption_ban on_or_before audit_on: false"}'
}

# --- spc: 法〔2016〕373号 ---------------------------------------------------

@test "spc.term.notice_report_order: notice and asset report order issued" {
  passes spc spc.term.notice_report_order .
  fails_on spc spc.term.notice_report_order "$(drop notice)"
  fails_on spc spc.term.notice_report_order "$(drop asset_report_order)"
  # issued a day after the closure: not before it
  fails_on spc spc.term.notice_report_order '(.events[] | select(.node == "notice") | .at) = "2023-04-21"'
  passes spc spc.term.notice_report_order '(.events[] | select(.node == "notice") | .at) = "2023-04-20"'
}

@test "spc.term.consumption_ban: a consumption ban issued" {
  passes spc spc.term.consumption_ban .
  fails_on spc spc.term.consumption_ban "$(drop consumption_ban)"
}

@test "spc.term.blacklist: blacklisted where obstruction makes it required" {
  local both='.flags = ["obstruction"] | .events += [{"node":"detention","at":"2023-02-10","until":"2023-02-25"}]'
  passes spc spc.term.blacklist "$both | .events += [{\"node\":\"blacklist\",\"at\":\"2023-02-01\"}]"
  fails_on spc spc.term.blacklist "$both"
  not_checked spc spc.term.blacklist .
  not_checked spc spc.term.blacklist '.respondent_missing = true'
}

@test "spc.term.network_query: a network query, national or point-to-point" {
  passes spc spc.term.network_query "$(drop query_national)"
  passes spc spc.term.network_query "$(drop query_p2p)"
  fails_on spc spc.term.network_query "$(drop query_national) | $(drop query_p2p)"
}

@test "spc.term.offline_query: an offline investigation" {
  passes spc spc.term.offline_query .
  fails_on spc spc.term.offline_query "$(drop offline_query)"
}

@test "spc.term.no_disposable_property: property to dispose of needs a disposal outcome" {
  passes spc spc.term.no_disposable_property '.needs_disposal = false'
  for n in auction_notice sale_ruling delivered; do
    passes spc spc.term.no_disposable_property ".needs_disposal = true | .events += [{\"node\":\"$n\",\"at\":\"2023-03-01\"}]"
  done
  fails_on spc spc.term.no_disposable_property '.needs_disposal = true'
  fails_on spc spc.term.no_disposable_property '.needs_disposal = "是" | .events += [{"node":"auction_notice","at":"2023-04-21"}]'
  # deductible money found and not deducted (base: 20,000 recovered)
  passes spc spc.term.no_disposable_property '.assets_cash = 20000'
  fails_on spc spc.term.no_disposable_property '.assets_cash = 20000.01'
  fails_on spc spc.term.no_disposable_property '.assets_cash = 80000 | del(.recovered_amount)'
  # a ruling to auction is a disposal not yet tried (373号 第四条(一) 拍卖、变卖未成交)
  fails_on spc spc.term.no_disposable_property '.needs_disposal = true | .events += [{"node":"auction_ruling","at":"2023-03-01"}]'
}

@test "spc.term.three_months: three months exactly fails, three months and a day passes" {
  fails_on spc spc.term.three_months '.closed_on = "2023-04-10"'
  passes spc spc.term.three_months '.closed_on = "2023-04-11"'
  # filed on the 30th of November: three months end on 28 February
  local nov='.filed_on = "2022-11-30" | (.events[] | select(.node == "term_interview") | .at) = "2023-02-20"'
  fails_on spc spc.term.three_months "$nov | .closed_on = \"2023-02-28\""
  passes spc spc.term.three_months "$nov | .closed_on = \"2023-03-01\""
  assert_equal "$(jqo '.term_audit.checks[] | select(.rule == "spc.term.three_months") | .detail')" '"自执行案件立案之日起已超过三个月"'
}

@test "spc.term.three_months: a closure proposed without a date is judged on --as-of" {
  fails_on spc spc.term.three_months 'del(.closed_on)' --as-of 2023-04-10
  passes spc spc.term.three_months 'del(.closed_on)' --as-of 2023-04-11
}

@test "spc.term.missing_searched: a missing respondent searched for" {
  passes spc spc.term.missing_searched '.respondent_missing = true'
  fails_on spc spc.term.missing_searched ".respondent_missing = true | $(drop field_investigation)"
  not_checked spc spc.term.missing_searched "$(drop field_investigation)"
}

@test "spc.term.obstruction_sanctioned: obstruction met with detention" {
  local bl='.flags = ["拒执"] | .events += [{"node":"blacklist","at":"2023-02-01"}]'
  passes spc spc.term.obstruction_sanctioned "$bl | .events += [{\"node\":\"detention\",\"at\":\"2023-02-10\"}]"
  fails_on spc spc.term.obstruction_sanctioned "$bl"
  not_checked spc spc.term.obstruction_sanctioned .
}

@test "spc.term.obstruction_sanctioned: a fine (罚款) is a sanction too: the day before the closure, the day, not the day after" {
  local bl='.flags = ["拒执"] | .events += [{"node":"blacklist","at":"2023-02-01"}]'
  local closed; closed=$(jq -r .closed_on "$BASE")
  local before; before=$(date -u -d "$closed -1 day" +%F)
  local after; after=$(date -u -d "$closed +1 day" +%F)
  passes spc spc.term.obstruction_sanctioned "$bl | .events += [{\"node\":\"fine\",\"at\":\"$before\"}]"
  passes spc spc.term.obstruction_sanctioned "$bl | .events += [{\"node\":\"罚款\",\"at\":\"$closed\"}]"
  fails_on spc spc.term.obstruction_sanctioned "$bl | .events += [{\"node\":\"fine\",\"at\":\"$after\"}]"
}

@test "spc.term.interview: the applicant heard on or before the closure" {
  passes spc spc.term.interview '(.events[] | select(.node == "term_interview") | .at) = "2023-04-20"'
  fails_on spc spc.term.interview '(.events[] | select(.node == "term_interview") | .at) = "2023-04-21"'
  fails_on spc spc.term.interview "$(drop term_interview)"
}

# --- shihe: 浉法〔2023〕30号 二(五)4–5 ----------------------------------------

@test "shihe: the spc rules it restates are disabled, the others kept" {
  audit shihe .
  assert_equal "$(jqo '[.term_audit.checks[].rule | select(startswith("spc."))]')" \
    '["spc.term.notice_report_order","spc.term.network_query","spc.term.three_months"]'
}

@test "shihe.term.substantive: no property, or none that can be disposed of" {
  passes shihe shihe.term.substantive '.needs_disposal = true | .events += [{"node":"sale_ruling","at":"2023-03-01"}]'
  fails_on shihe shihe.term.substantive '.needs_disposal = true'
  passes shihe shihe.term.substantive '.assets_cash = 20000'
  fails_on shihe shihe.term.substantive '.assets_cash = 20000.01'
  fails_on shihe shihe.term.substantive '.needs_disposal = true | .events += [{"node":"auction_ruling","at":"2023-03-01"}]'
}

@test "shihe.term.requery_national: a national query again, on a later day than the first, on or before the closure" {
  local q='(.events[8].at)'
  # the first query is on 2023-01-11, the closure on 2023-04-20; the seed sets no window
  passes shihe shihe.term.requery_national "$q = \"2023-04-20\""
  fails_on shihe shihe.term.requery_national "$q = \"2023-04-21\""
  passes shihe shihe.term.requery_national "$q = \"2023-01-12\""
  fails_on shihe shihe.term.requery_national "$q = \"2023-01-11\""
  # the query at filing alone is not a second one
  fails_on shihe shihe.term.requery_national 'del(.events[8])'
}

@test "shihe.term.traditional_query: an offline query or a field investigation" {
  passes shihe shihe.term.traditional_query "$(drop offline_query)"
  passes shihe shihe.term.traditional_query "$(drop field_investigation)"
  fails_on shihe shihe.term.traditional_query "$(drop offline_query) | $(drop field_investigation)"
}

@test "shihe.term.interview: the 终本 interview" {
  passes shihe shihe.term.interview .
  fails_on shihe shihe.term.interview "$(drop term_interview)"
}

@test "shihe.term.consumption_ban: the consumption ban issued" {
  passes shihe shihe.term.consumption_ban .
  fails_on shihe shihe.term.consumption_ban "$(drop consumption_ban)"
}

@test "shihe.term.close_amounts_present: the four amounts" {
  passes shihe shihe.term.close_amounts_present .
  for k in amount closed_amount waived_amount recovered_amount; do
    fails_on shihe shihe.term.close_amounts_present "del(.$k)"
  done
  fails_on shihe shihe.term.close_amounts_present '.waived_amount = ""'
}

@test "shihe.term.close_info_present: closure date, method and reason" {
  passes shihe shihe.term.close_info_present .
  fails_on shihe shihe.term.close_info_present 'del(.close_reason)'
  fails_on shihe shihe.term.close_info_present 'del(.closed_on)' --as-of 2023-04-20
}

@test "shihe.term.amounts_within: recovered and waived within the closed amount (every closure)" {
  local end='.close_method = "终结执行"'
  passes shihe shihe.term.amounts_within "$end | .recovered_amount = 100000" --all-closures
  fails_on shihe shihe.term.amounts_within "$end | .recovered_amount = 100000.01" --all-closures
  fails_on shihe shihe.term.amounts_within "$end | .recovered_amount = 60000 | .waived_amount = \"4.00001万\"" --all-closures
}

@test "shihe.term.amounts_done: 执行完毕 covers the closed amount to the fen" {
  local done='.close_method = "执行完毕" | .funds[0].amount = 100000 | .funds[1].amount = 100000'
  passes shihe shihe.term.amounts_done "$done | .recovered_amount = 100000" --all-closures
  passes shihe shihe.term.amounts_done "$done | .recovered_amount = 80000 | .waived_amount = 20000 | .funds[0].amount = 80000 | .funds[1].amount = 80000" --all-closures
  fails_on shihe shihe.term.amounts_done "$done | .recovered_amount = 99999.99" --all-closures
  audit shihe "$done | .recovered_amount = 100000.01" --all-closures
  assert_equal "$(jqo '.term_audit | [.verdict, .failed]')" '["fail",["shihe.term.amounts_within","shihe.term.amounts_done"]]'
}

@test "shihe.term.amounts_term: a 终本 closure leaves something owed" {
  passes shihe shihe.term.amounts_term '.recovered_amount = 99999.99 | .funds[0].amount = 99999.99 | .funds[1].amount = 99999.99'
  fails_on shihe shihe.term.amounts_term '.recovered_amount = 100000 | .funds[0].amount = 100000 | .funds[1].amount = 100000'
  fails_on shihe shihe.term.amounts_term '.recovered_amount = 20000 | .waived_amount = 80000'
}

@test "shihe.term.funds_settled: funds paid out or refunded by the closure" {
  passes shihe shihe.term.funds_settled 'del(.funds)'
  fails_on shihe shihe.term.funds_settled '.funds[1].amount = 19999.99'
  passes shihe shihe.term.funds_settled '.funds[1].amount = 19999.99 | .funds += [{"kind":"refund","on":"2023-04-20","amount":0.01}]'
  fails_on shihe shihe.term.funds_settled '.funds[1].on = "2023-04-21"'
  fails_on shihe shihe.term.funds_settled '.funds[1].amount = 20000.01'
  # claims and holds move no money; kinds may be written in Chinese
  passes shihe shihe.term.funds_settled '.funds += [{"kind":"认领","on":"2023-03-02","amount":20000},{"kind":"hold","on":"2023-03-03","amount":5}]'
  assert_equal "$(jqo '.term_audit.checks[] | select(.rule == "shihe.term.funds_settled") | .ok')" true
  audit shihe '.funds[1].amount = 19999.99'
  assert_equal "$(jqo '.term_audit.checks[] | select(.rule == "shihe.term.funds_settled") | .detail')" \
    '"案款发放或退付完毕: fund_balance 0.01 == 0.00: false"'
}

@test "shihe 二(五)4: every closure is audited on the closure rules by default; --term-only restricts them to 终本" {
  local done='.close_method = "执行完毕" | .recovered_amount = 100000 | .funds[0].amount = 100000 | .funds[1].amount = 100000'
  # 浉河 二(五)4 reviews every closure (issue 17 item 8): before, this was n/a without --all-closures
  audit shihe "$done"
  assert_success
  assert_equal "$(jqo -c '[.term_audit.verdict, [.term_audit.checks[].rule]]')" \
    '["pass",["shihe.term.close_amounts_present","shihe.term.close_info_present","shihe.term.amounts_within","shihe.term.amounts_done","shihe.term.funds_settled"]]'
  audit shihe "$done" --all-closures
  assert_equal "$(jqo -c '[.term_audit.verdict, [.term_audit.checks[].rule]]')" \
    '["pass",["shihe.term.close_amounts_present","shihe.term.close_info_present","shihe.term.amounts_within","shihe.term.amounts_done","shihe.term.funds_settled"]]'
  audit shihe "$done" --term-only
  assert_equal "$(jqo -c '.term_audit')" '{"verdict":"n/a","failed":[],"checks":[]}'
  # a 终结执行 closure whose data does not add up fails by default, is n/a with --term-only
  audit shihe '.close_method = "终结执行" | .recovered_amount = 100000.01'
  assert_equal "$(jqo -c '.term_audit | [.verdict, .failed]')" '["fail",["shihe.term.amounts_within"]]'
  audit shihe '.close_method = "终结执行" | .recovered_amount = 100000.01' --term-only
  assert_equal "$(jqo -c '.term_audit')" '{"verdict":"n/a","failed":[],"checks":[]}'
  audit shihe '.close_method = "销案" | del(.close_reason)'
  assert_equal "$(jqo -c '.term_audit | [.verdict, .failed]')" '["fail",["shihe.term.close_info_present"]]'
  # a 终本 closure gets the closure rules under --term-only too
  fails_on shihe shihe.term.close_info_present 'del(.close_reason)' --term-only
  # a case not closed is never audited
  audit shihe 'del(.close_method, .closed_on)'
  assert_equal "$(jqo -c '.term_audit')" '{"verdict":"n/a","failed":[],"checks":[]}'
  audit shihe 'del(.close_method, .closed_on)' --all-closures
  assert_equal "$(jqo -c '.term_audit')" '{"verdict":"n/a","failed":[],"checks":[]}'
}

@test "a profile without closure rules (spc, jianli) leaves closures other than 终本 n/a, not passed" {
  for p in spc xinmi reform2023 yindu jianli; do
    audit $p '.close_method = "执行完毕"'
    assert_success
    assert_equal "$(jqo -c '.term_audit')" '{"verdict":"n/a","failed":[],"checks":[]}'
  done
}

@test "jianli passes a 终本 closure at two months where shihe fails it on the three-month rule" {
  local two='.closed_on = "2023-03-10" | .events[8].at = "2023-03-01" | (.events[] | select(.node == "term_interview") | .at) = "2023-03-05"'
  audit jianli "$two"
  assert_success
  assert_equal "$(jqo '.term_audit | [.verdict, .failed]')" '["pass",[]]'
  fails_on shihe spc.term.three_months "$two"
}

# --- jianli: 监法（2022）19号 第六组3 ------------------------------------------

@test "jianli: the spc rules its document list restates are disabled" {
  audit jianli '.flags = ["obstruction"] | .events += [{"node":"blacklist","at":"2023-02-01","served":"2023-02-03"},{"node":"detention","at":"2023-02-10"}]'
  assert_equal "$(jqo '[.term_audit.checks[].rule | select(startswith("spc."))]')" \
    '["spc.term.blacklist","spc.term.obstruction_sanctioned"]'
}

@test "jianli.term.notice_served / report_order_served / ban_served: service returns" {
  for x in notice:jianli.term.notice_served asset_report_order:jianli.term.report_order_served consumption_ban:jianli.term.ban_served; do
    n=${x%%:*} r=${x#*:}
    passes jianli $r .
    fails_on jianli $r "(.events[] | select(.node == \"$n\")) |= del(.served)"
    # a missing respondent: the field investigation record stands in for the return
    passes jianli $r ".respondent_missing = true | (.events[] | select(.node == \"$n\")) |= del(.served)"
    fails_on jianli $r "$(drop $n)"
    # the return must be in the file when the case closes (2023-04-20)
    passes jianli $r "(.events[] | select(.node == \"$n\")) |= (.served = \"2023-04-20\")"
    fails_on jianli $r "(.events[] | select(.node == \"$n\")) |= (.served = \"2023-04-21\")"
  done
}

@test "jianli.term.blacklist_served: the blacklist decision served, where one was made" {
  passes jianli jianli.term.blacklist_served '.events += [{"node":"blacklist","at":"2023-02-01","served":"2023-02-03"}]'
  fails_on jianli jianli.term.blacklist_served '.events += [{"node":"blacklist","at":"2023-02-01"}]'
  passes jianli jianli.term.blacklist_served '.respondent_missing = true | .events += [{"node":"blacklist","at":"2023-02-01"}]'
  not_checked jianli jianli.term.blacklist_served .
}

@test "jianli.term.online_records: the online group's 总对总 query records (第一组3); 点对点 alone is not one" {
  passes jianli jianli.term.online_records "$(drop query_p2p)"
  fails_on jianli jianli.term.online_records "$(drop query_national)"
  fails_on jianli jianli.term.online_records '(.events[] | select(.node == "query_national")) |= (.at = "2023-04-21")'
}

@test "jianli.term.offline_records: offline query records" {
  passes jianli jianli.term.offline_records .
  fails_on jianli jianli.term.offline_records "$(drop offline_query)"
}

@test "jianli.term.field_investigation: workplace, village committee and neighbours" {
  passes jianli jianli.term.field_investigation .
  fails_on jianli jianli.term.field_investigation "$(drop field_investigation)"
}

@test "jianli.term.disposal_records: disposal records where there was property to dispose of" {
  passes jianli jianli.term.disposal_records '.needs_disposal = true | .events += [{"node":"auction_notice","at":"2023-03-01"}]'
  fails_on jianli jianli.term.disposal_records '.needs_disposal = true'
  fails_on jianli jianli.term.disposal_records '.needs_disposal = true | .events += [{"node":"auction_ruling","at":"2023-03-01"}]'
  not_checked jianli jianli.term.disposal_records .
}

@test "jianli.term.cash_deducted: deductible money found must be recovered before 终本 (法〔2016〕373号 第一条(三))" {
  # base: 20,000 recovered
  passes jianli jianli.term.cash_deducted '.assets_cash = 20000'
  passes jianli jianli.term.cash_deducted '.assets_cash = 19999.99'
  fails_on jianli jianli.term.cash_deducted '.assets_cash = 20000.01'
  fails_on jianli jianli.term.cash_deducted '.assets_cash = 80000 | .recovered_amount = 0'
  fails_on jianli jianli.term.cash_deducted '.assets_cash = 80000 | del(.recovered_amount)'
  assert_equal "$(jqo -c '.term_audit.checks[] | select(.rule == "jianli.term.cash_deducted") | .detail')" \
    '"未发现被执行人有可供执行的财产：查控到的可扣划款项已扣划: assets_cash 80000.00 > 0.00: true; recovered_amount (absent) >= assets_cash 80000.00: false"'
  # no money found: the rule does not apply
  not_checked jianli jianli.term.cash_deducted '.assets_cash = 0'
  not_checked jianli jianli.term.cash_deducted .
  # at two months (第六组3: no three-month rule) it still fails on the money
  fails_on jianli jianli.term.cash_deducted '.closed_on = "2023-03-10" | .events[8].at = "2023-03-01" | (.events[] | select(.node == "term_interview") | .at) = "2023-03-05" | .assets_cash = 30000'
}

@test "jianli.term.bank_statement: the anti-evasion group's bank-statement check" {
  passes jianli jianli.term.bank_statement .
  fails_on jianli jianli.term.bank_statement "$(drop bank_statement)"
}

@test "jianli.term.interview: the 终本 interview" {
  passes jianli jianli.term.interview .
  fails_on jianli jianli.term.interview "$(drop term_interview)"
}

# --- yindu: 殷法【2022】34号 二(一) -------------------------------------------

@test "yindu.term.ban_after_query: the consumption ban after the first query" {
  passes yindu yindu.term.ban_after_query '(.events[] | select(.node == "consumption_ban") | .at) = "2023-01-10"'
  fails_on yindu yindu.term.ban_after_query '(.events[] | select(.node == "consumption_ban") | .at) = "2023-01-09"'
}

@test "yindu.term.blacklist_after_notice_served: blacklisting after the notice is served" {
  passes yindu yindu.term.blacklist_after_notice_served '.events += [{"node":"blacklist","at":"2023-01-15"}]'
  fails_on yindu yindu.term.blacklist_after_notice_served '.events += [{"node":"blacklist","at":"2023-01-14"}]'
  fails_on yindu yindu.term.blacklist_after_notice_served '.events += [{"node":"blacklist","at":"2023-01-20"}] | (.events[] | select(.node == "notice")) |= del(.served)'
  not_checked yindu yindu.term.blacklist_after_notice_served .
}

# --- reform2023: 一(一)1(1)B, --history ------------------------------------

SCREEN=reform2023.term.screen_recent_term
NEW='del(.close_method, .closed_on, .closed_amount, .waived_amount, .recovered_amount)'

@test "reform2023 screen: a closure on the day three months before filing is flagged, a day earlier not" {
  fails_on reform2023 $SCREEN "$NEW | .filed_on = \"2023-04-05\"" --history "$FIX/term-audit/history.jsonl"
  assert_equal "$(jqo '.term_audit.checks')" \
    '[{"rule":"reform2023.term.screen_recent_term","ok":false,"detail":"筛查三个月内同一被执行人终本案件: present filed_on: true; history_term_closed_on 2023-01-05 <= filed_on 2023-04-05 <= history_term_closed_on + 3m 2023-04-05: true; history_term_case_no （2022）豫1502执900号"}]'
  audit reform2023 "$NEW | .filed_on = \"2023-04-06\"" --history "$FIX/term-audit/history.jsonl"
  assert_success
  assert_equal "$(jqo -c '.term_audit')" \
    '{"verdict":"n/a","failed":[],"checks":[{"rule":"reform2023.term.screen_recent_term","ok":true,"detail":"筛查三个月内同一被执行人终本案件"}]}'
}

@test "reform2023 screen: a 终本 closure is audited and screened" {
  fails_on reform2023 $SCREEN . --history "$FIX/term-audit/history.jsonl"
  passes reform2023 $SCREEN '.respondent_id = "411502198001010099"' --history "$FIX/term-audit/history.jsonl"
}

@test "reform2023 screen: matches by id (letter case ignored), else by name; other respondents not" {
  local h="$FIX/term-audit/history.jsonl"
  fails_on reform2023 $SCREEN "$NEW | .filed_on = \"2023-05-20\" | .respondent = \"x\" | .respondent_id = \"41150219900101002X\"" --history "$h"
  fails_on reform2023 $SCREEN "$NEW | .filed_on = \"2023-05-10\" | .respondent = \"李四\" | del(.respondent_id)" --history "$h"
  audit reform2023 "$NEW | .filed_on = \"2023-05-11\" | .respondent = \"李四\" | del(.respondent_id)" --history "$h"
  assert_equal "$(jqo '.term_audit | [.verdict, .failed]')" '["n/a",[]]'
  # an id decides: the same name with an id the history does not hold is another person
  audit reform2023 "$NEW | .filed_on = \"2023-05-10\" | .respondent = \"李四\" | .respondent_id = \"411502199901010066\"" --history "$h"
  assert_equal "$(jqo '.term_audit | [.verdict, .failed]')" '["n/a",[]]'
  # 执行完毕 and undated closures are not 终本 closures of the index
  audit reform2023 "$NEW | .filed_on = \"2023-03-05\" | .respondent = \"赵六\" | .respondent_id = \"411502199201010033\"" --history "$h"
  assert_equal "$(jqo '.term_audit | [.verdict, .failed]')" '["n/a",[]]'
  # CSV history with Chinese headers and a GB-style date
  fails_on reform2023 $SCREEN "$NEW | .filed_on = \"2023-05-01\" | .respondent_id = \"411502199401010055\"" --history "$FIX/term-audit/history.csv"
}

@test "reform2023 screen: a respondent is compared as triage compares it (U+3000, full-width, court of no matter)" {
  printf '%s\n' '{"case_no":"（2022）豫0183执70号","respondent":"张　三","close_method":"终本","closed_on":"2023-01-05"}' \
    '{"case_no":"（2022）豫1502执71号","respondent":"x","respondent_id":"４１１５０２１９９５０１０１００７ｘ","close_method":"终本","closed_on":"2023-01-05"}' \
    '{"case_no":"unreadable","respondent":"钱八","close_method":"终本","closed_on":"2023-01-05"}' > "$BATS_TEST_TMPDIR/h.jsonl"
  fails_on reform2023 $SCREEN "$NEW | .filed_on = \"2023-04-05\" | .respondent = \"张三\" | del(.respondent_id)" --history "$BATS_TEST_TMPDIR/h.jsonl"
  [ -z "$stderr" ]
  audit reform2023 "$NEW | .filed_on = \"2023-04-06\" | .respondent = \"张三\" | del(.respondent_id)" --history "$BATS_TEST_TMPDIR/h.jsonl"
  assert_equal "$(jqo '.term_audit | [.verdict, .failed]')" '["n/a",[]]'
  fails_on reform2023 $SCREEN "$NEW | .filed_on = \"2023-04-05\" | .respondent_id = \"41150219950101007X\"" --history "$BATS_TEST_TMPDIR/h.jsonl"
  # a 终本 whose case number cannot be read still counts: this screen looks in every court
  fails_on reform2023 $SCREEN "$NEW | .filed_on = \"2023-04-05\" | .respondent = \"钱八\" | del(.respondent_id)" --history "$BATS_TEST_TMPDIR/h.jsonl"
}

@test "reform2023 screen: the latest closure before filing counts, later ones and the case itself do not" {
  local h="$FIX/term-audit/history.jsonl"
  # 孙七: closed 2022-10-01 and 2023-03-01; filed 2023-02-01 is within three months of the first
  fails_on reform2023 $SCREEN "$NEW | .filed_on = \"2023-01-01\" | .respondent_id = \"411502199301010044\"" --history "$h"
  audit reform2023 "$NEW | .filed_on = \"2023-02-01\" | .respondent_id = \"411502199301010044\"" --history "$h"
  assert_equal "$(jqo '.term_audit | [.verdict, .failed]')" '["n/a",[]]'
  # filed before the only closure
  audit reform2023 "$NEW | .filed_on = \"2023-01-04\"" --history "$h"
  assert_equal "$(jqo '.term_audit | [.verdict, .failed]')" '["n/a",[]]'
  # the case's own closure in the history is not a prior one
  audit reform2023 "$NEW | .filed_on = \"2023-04-05\" | .case_no = \"（2022）豫1502执900号\"" --history "$h"
  assert_equal "$(jqo '.term_audit | [.verdict, .failed]')" '["n/a",[]]'
}

@test "reform2023 screen: no --history, no screen; a skipped history row is a warning" {
  not_checked reform2023 $SCREEN "$NEW | .filed_on = \"2023-04-05\""
  audit reform2023 . --history "$FIX/term-audit/history.jsonl"
  [[ "$stderr" == *"history.jsonl:5: closed_on: missing; history closure skipped"* ]]
}

@test "reform2023 screen: an unreadable filing date is undecided, with an errors entry" {
  audit reform2023 "$NEW | .filed_on = \"2023-02-30\"" --history "$FIX/term-audit/history.jsonl"
  assert_failure 1
  assert_equal "$(jqo '.term_audit.checks[0].ok, .term_audit.verdict')" "$(printf 'null\n"n/a"')"
  assert_equal "$(jqo '.errors')" \
    '[{"tool":"term-audit","field":"filed_on","message":"rule reform2023.term.screen_recent_term cannot be decided: filed_on: invalid date '"'"'2023-02-30'"'"'"}]'
}

# --- records, options, errors ---------------------------------------------

@test "n/a: not a closure, or a closure other than 终本; 终本 written as an alias is one" {
  audit spc 'del(.close_method, .closed_on)'
  assert_equal "$(jqo -c '.term_audit')" '{"verdict":"n/a","failed":[],"checks":[]}'
  audit spc '.close_method = "终结执行"'
  assert_equal "$(jqo -c '.term_audit')" '{"verdict":"n/a","failed":[],"checks":[]}'
  audit spc '.close_method = "终本"'
  assert_equal "$(jqo '.term_audit.verdict')" '"pass"'
}

@test "--only-flagged writes the failed records only" {
  run --separate-stderr bash -c 'jq -c ". , (.case_no = \"F\" | .closed_on = \"2023-04-10\"), (.case_no = \"N\" | del(.close_method))" "$1" | term-audit --only-flagged' _ "$BASE"
  assert_success
  assert_equal "$(jqo '[.case_no, .term_audit.verdict]')" '["F","fail"]'
}

@test "an unreadable closure date: checks undecided, verdict n/a, errors, exit 1" {
  audit spc '.closed_on = "2023-13-45"'
  assert_failure 1
  assert_equal "$(jqo '.term_audit | [.verdict, .failed]')" '["n/a",[]]'
  # all but no_disposable_property, which holds without property to dispose of whatever the date
  assert_equal "$(jqo '[.term_audit.checks[] | select(.ok == null) | .rule] | length')" 6
  assert_equal "$(jqo '.term_audit.checks[] | select(.rule == "spc.term.no_disposable_property") | .ok')" true
  assert_equal "$(jqo '[.errors[] | select(.field == "closed_on" and (.message | startswith("rule spc.term.")))] | length')" 6
  [[ "$stderr" == *"<stdin>:1: closed_on: rule spc.term.notice_report_order cannot be decided: audit_on: invalid date '2023-13-45'"* ]]
}

@test "an unreadable amount: the amount checks undecided, a failure still fails" {
  audit shihe '.recovered_amount = "abc" | .closed_on = "2023-04-10"'
  assert_failure 1
  assert_equal "$(jqo '.term_audit | [.verdict, .failed]')" '["fail",["spc.term.three_months"]]'
  assert_equal "$(jqo -c '[.term_audit.checks[] | select(.ok == null) | .rule]')" '["shihe.term.amounts_within","shihe.term.amounts_term"]'
  audit shihe '.funds[1].amount = "abc"'
  assert_failure 1
  assert_equal "$(jqo -c '.term_audit.checks[] | select(.rule == "shihe.term.funds_settled")')" \
    "{\"rule\":\"shihe.term.funds_settled\",\"ok\":null,\"detail\":\"rule shihe.term.funds_settled cannot be decided: fund_balance: invalid money 'funds[1].amount: 'abc''\"}"
  assert_equal "$(jqo '.errors[0].field')" '"funds"'
}

@test "records in = records out, a broken line written through, exit 1" {
  run --separate-stderr bash -c '{ cat "$1"; echo "{broken"; cat "$1"; } | term-audit' _ "$BASE"
  assert_failure 1
  assert_equal "$(printf '%s\n' "$output" | wc -l)" 3
  assert_equal "$(jqo -s '[.[] | .term_audit.verdict // ._raw]')" '["pass","{broken","pass"]'
}

@test "CSV in, CSV out, node dates as flat columns" {
  run --separate-stderr term-audit -o csv "$FIX/term-audit/cases.csv"
  # no flags, needs_disposal, assets_cash, recovered_amount, respondent_missing
  # columns: the checks reading them are not decided, and a closure that
  # passed every other check is n/a, no longer pass (issue 18)
  assert_failure 1
  assert_equal "$(printf '%s\n' "$output" | head -1)" \
    'case_no,filed_on,closed_on,close_method,notice_at,asset_report_order_at,consumption_ban_at,query_national_at,offline_query_at,term_interview_at,term_audit,warnings,errors,_raw'
  [[ "${lines[1]}" == *'"{""verdict"":""n/a"",""failed"":[],'* ]]
  [[ "${lines[2]}" == *'"{""verdict"":""fail"",""failed"":[""spc.term.three_months""],'* ]]
}

@test "--explain adds term_explain, each check's trace; the checks carry none" {
  audit spc . --explain
  assert_equal "$(jqo -c '.term_audit.checks[5]')" \
    '{"rule":"spc.term.three_months","ok":true,"detail":"自执行案件立案之日起已超过三个月"}'
  assert_equal "$(jqo -c '.term_explain[] | select(.rule == "spc.term.three_months")')" \
    '{"rule":"spc.term.three_months","source":"法〔2016〕373号 第一条(四)","result":"ok","trace":["audit_on 2023-04-20 > filed_on + 3m 2023-04-10: true"]}'
}

@test "--explain: the whole term_explain of a closure with undecided checks (ok, failed, not applicable, undecided)" {
  audit spc '.closed_on = "2023-13-45"' --explain
  assert_failure 1
  diff -u - <(jqo -c '.term_explain[]') <<'EOF2'
{"rule":"spc.term.notice_report_order","source":"法〔2016〕373号 第一条(一)","result":"undecided","trace":["has notice on_or_before audit_on: unknown","has asset_report_order on_or_before audit_on: unknown","rule spc.term.notice_report_order cannot be decided: audit_on: invalid date '2023-13-45'"]}
{"rule":"spc.term.consumption_ban","source":"法〔2016〕373号 第一条(二)","result":"undecided","trace":["has consumption_ban on_or_before audit_on: unknown","rule spc.term.consumption_ban cannot be decided: audit_on: invalid date '2023-13-45'"]}
{"rule":"spc.term.blacklist","source":"法〔2016〕373号 第一条(二)","result":"not applicable","trace":["flag obstruction: false"]}
{"rule":"spc.term.network_query","source":"法〔2016〕373号 第三条第一款(二)","result":"undecided","trace":["has query_national on_or_before audit_on: unknown","has query_p2p on_or_before audit_on: unknown","rule spc.term.network_query cannot be decided: audit_on: invalid date '2023-13-45'"]}
{"rule":"spc.term.offline_query","source":"法〔2016〕373号 第三条第一款(三)","result":"undecided","trace":["has offline_query on_or_before audit_on: unknown","rule spc.term.offline_query cannot be decided: audit_on: invalid date '2023-13-45'"]}
{"rule":"spc.term.no_disposable_property","source":"法〔2016〕373号 第一条(三)、第四条","result":"ok","trace":["needs_disposal: false","assets_cash (absent) > 0.00: false"]}
{"rule":"spc.term.three_months","source":"法〔2016〕373号 第一条(四)","result":"undecided","trace":["audit_on invalid '2023-13-45' > filed_on + 3m 2023-04-10: unknown","rule spc.term.three_months cannot be decided: audit_on: invalid date '2023-13-45'"]}
{"rule":"spc.term.missing_searched","source":"法〔2016〕373号 第一条(五)","result":"not applicable","trace":["respondent_missing: false"]}
{"rule":"spc.term.obstruction_sanctioned","source":"法〔2016〕373号 第一条(五)","result":"not applicable","trace":["flag obstruction: false"]}
{"rule":"spc.term.interview","source":"法〔2016〕373号 第五条","result":"undecided","trace":["has term_interview on_or_before audit_on: unknown","rule spc.term.interview cannot be decided: audit_on: invalid date '2023-13-45'"]}
EOF2
  assert_equal "$(jqo -c '.term_audit.checks[] | select(.rule == "spc.term.interview")')" \
    "{\"rule\":\"spc.term.interview\",\"ok\":null,\"detail\":\"rule spc.term.interview cannot be decided: audit_on: invalid date '2023-13-45'\"}"
  audit spc '.closed_on = "2023-04-05"' --explain
  assert_equal "$(jqo -c '.term_explain[] | select(.rule == "spc.term.three_months")')" \
    '{"rule":"spc.term.three_months","source":"法〔2016〕373号 第一条(四)","result":"failed","trace":["audit_on 2023-04-05 > filed_on + 3m 2023-04-10: false"]}'
}

@test "without --explain the same closure has no term_explain and nothing else differs" {
  audit spc '.closed_on = "2023-13-45"' --explain
  local with="$(jqo -c 'del(.term_explain)')" with_err="$stderr"
  audit spc '.closed_on = "2023-13-45"'
  assert_failure 1
  assert_equal "$(jqo 'has("term_explain")')" false
  assert_equal "$(jqo -c .)" "$with"
  assert_equal "$stderr" "$with_err"
}

@test "profile errors: a term rule without check, an unknown scope, a missing history file (exit 2)" {
  run --separate-stderr term-audit -p "$FIX/term-audit/no-check.json" < /dev/null
  assert_failure 2
  assert_equal "$stderr" "term-audit: $FIX/term-audit/no-check.json: rule nocheck.term.x: a term rule needs a \"check\" condition"
  run --separate-stderr term-audit -p "$FIX/term-audit/bad-scope.json" < /dev/null
  assert_failure 2
  assert_equal "$stderr" "term-audit: $FIX/term-audit/bad-scope.json: rule badscope.term.x: \"scope\" must be \"term\", \"closure\" or \"history\""
  run --separate-stderr term-audit --history /nonexistent/h.jsonl < /dev/null
  assert_failure 2
  [[ "$stderr" == "term-audit: cannot open /nonexistent/h.jsonl"* ]]
  assert_equal "$output" ""
}

@test "--help lists the tool's options; the man page renders without warnings" {
  run term-audit --help
  assert_success
  assert_output --partial '--all-closures'
  assert_output --partial '--term-only'
  assert_output --partial '--history FILE'
  run bash -c 'LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$1" 2>&1 >/dev/null' _ "$ZX_ROOT/share/man/man1/term-audit.1"
  assert_success
  assert_output ''
}

@test "the man page lists every term rule of every profile" {
  for p in spc xinmi reform2023 yindu shihe jianli; do
    for id in $(term-audit -p $p --list-rules | awk -F'\t' '$2 == "term" { print $1 }'); do
      grep -qF "\\fB${id}\\fR" "$ZX_ROOT/share/man/man1/term-audit.1" || { echo "man page lacks $id"; false; }
    done
  done
}

@test "term-audit: an event whose date cannot be read leaves the checks on its node undecided, unless a readable one answers (SPEC 6)" {
  audit spc '.events = [.events[] | if .node == "notice" then .at = "xx" else . end]'
  assert_equal "$status" 1
  assert_equal "$(jq -c '[.term_audit.checks[] | select(.rule == "spc.term.notice_report_order")]' <<< "$output")" \
    '[{"rule":"spc.term.notice_report_order","ok":null,"detail":"rule spc.term.notice_report_order cannot be decided: events: a notice event'"'"'s date cannot be read"}]'
  # a second, readable notice decides "has"
  audit spc '.events = [.events[] | if .node == "notice" then .at = "xx" else . end] + [{"node":"notice","at":"2023-01-05"}]'
  assert_equal "$(jq -c '[.term_audit.checks[] | select(.rule == "spc.term.notice_report_order") | .ok]' <<< "$output")" '[true]'
}

@test "term-audit: CSV in and out with --explain: term_explain is a column (it used to be dropped or nested)" {
  printf 'case_no,amount,flags\n（2023）豫0505执1号,5,\n' > "$BATS_TEST_TMPDIR/a.csv"
  run --separate-stderr term-audit -p yindu --as-of 2024-01-01 --explain -o csv "$BATS_TEST_TMPDIR/a.csv"
  [ "${lines[0]}" = 'case_no,amount,flags,term_audit,term_explain,warnings,errors,_raw' ]
  [ "${lines[1]}" = '（2023）豫0505执1号,5,,"{""verdict"":""n/a"",""failed"":[],""checks"":[]}",[],,,' ]   # not a closure: no check tried
}
