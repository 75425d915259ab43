# deadline-check, one rule: execution notice within 10 days of filing (民诉法解释 第480条)
. as $c
| (($c.events // []) | map(select(.node == "notice")) | first | .at) as $done
| ((($c.filed_on // "")[0:10] | strptime("%Y-%m-%d") | mktime) + 10*86400 | strftime("%Y-%m-%d")) as $due
| . + {deadlines: [{rule: "spc.deadline.notice", node: "notice", due: $due, done: $done,
        status: (if $done == null then (if $due < "2026-11-22" then "overdue" else "pending" end)
                 elif $done[0:10] <= $due then "met" else "late" end)}]}
