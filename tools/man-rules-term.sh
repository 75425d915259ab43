#!/bin/sh
# Prints the PROFILES section body of share/man/man1/term-audit.1 (man(7) text)
# from the term rules of every profile; run by tools/man-rules.sh, which puts
# it between the ".\" BEGIN RULES" and ".\" END RULES" lines.
# Han characters get a \: break point after them (groff cannot break CJK text otherwise).
cd "$(dirname "$0")/../share/profiles" || exit 1
for p in spc xinmi reform2023 yindu shihe jianli; do
  jq -r --arg p "$p" '
    def esc: gsub("\\\\"; "\\\\e") | gsub("-"; "\\-") | gsub("^\\."; "\\&.") | gsub("(?<c>[\\p{Han}、，；：（）〔〕“”])"; "\(.c)\\:");
    ".SS \($p)",
    (if (.disable // []) | length > 0 then
       "Disables " + ((.disable | map("\\fB" + esc + "\\fR") | join(", "))) + "."
     else empty end),
    (if (.rules | length) == 0 then "No rules of its own: the spc rules apply." else empty end),
    (.rules[] |
      ".TP", "\\fB\(.id | esc)\\fR" + (if .scope and .scope != "term" then " (scope \(.scope))" else "" end),
      "\(.source | esc): \(.name | esc).",
      (if .when then ".br", "Applies when: \(.when | tojson | gsub(","; ", ") | esc)." else empty end),
      ".br", "Check: \(.check | tojson | gsub(","; ", ") | esc).",
      (if .note then ".br", "Note: \(.note | esc)" else empty end))
  ' $p/term.json
done
