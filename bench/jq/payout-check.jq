# payout-check: balance = arrived - paid - refunded, flag when not zero on a closed case
((.funds // []) | map(if .kind == "arrival" then .amount elif .kind == "payout" or .kind == "refund" then -.amount else 0 end) | add // 0) as $b
| . + {payout: {verdict: (if (.funds // []) == [] then "n/a" elif $b != 0 and .closed_on != null then "flag" else "ok" end), balance: $b}}
