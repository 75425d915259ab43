# term-audit: the five node checks of a 终本 closure (法〔2016〕373号 第一条)
if .close_method == "终结本次执行程序" then
  ((.events // []) | map(.node)) as $n
  | . + {term_audit: ([ "notice", "asset_report_order", "consumption_ban", "query_national", "term_interview" ]
        | map({rule: ., ok: (. as $x | $n | index($x) != null)})
        | {verdict: (if all(.ok) then "pass" else "fail" end), checks: .})}
else . + {term_audit: {verdict: "n/a"}} end
