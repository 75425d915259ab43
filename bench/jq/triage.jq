# triage -p yindu, the same precedence (殷法【2022】34号 一(一)-(三), SPEC 5.3)
. + {track: (
  if ((.flags // []) | index("obstruction") or index("old_case")) then "special"
  elif .needs_disposal == true then "ordinary"
  elif .subject == "act" or .applicant_kind == "company" or .respondent_kind == "company"
       or .preserved == true or (.amount != null and (.assets_cash // 0) >= .amount)
       or (.amount != null and .amount <= 100000) then "fast"
  else "ordinary" end)}
