#!/bin/sh
# Prints the RULES part of share/man/man1/deadline-check.1 from the
# profile files (share/profiles/*/deadline.json); tools/man-rules.sh puts
# it between the ".\" BEGIN RULES" and ".\" END RULES" lines.  Needs jq.
set -e
cd "$(dirname "$0")/../share/profiles"
for p in spc xinmi reform2023 yindu shihe jianli; do
  name=$(jq -r '.name' "$p.json")
  printf '.SS %s (%s)\n' "$p" "$name"
  jq -r '
    def esc: tostring | gsub("\\\\"; "\\e") | gsub("^(?<c>[.\u0027])"; "\\&\(.c)") | gsub("\n"; " ");
    def list: if type == "array" then join(", ") else . end;
    # a break point after every CJK character and comma, where groff finds none
    def brk: gsub("(?<c>[\u3000-\u9fff\uff00-\uffef,])"; "\(.c)\\:");
    .rules[] |
    ".TP\n.B \(.id)\n\(.name | esc | brk)\n.br\nSource: \(.source | esc)\n.br\n" +
    "From \(.from | list)" +
    (if .from_which == "each" then " (each)" else "" end) +
    (if .from_after then " on or after \(.from_after | list)" else "" end) +
    (if .to_track then " to \(.to_track | list)" else "" end) +
    " to \(.node | list)" +
    (if .done_attr then ".\(.done_attr)" else "" end) +
    (if .done_to_track then " (a handover to \(.done_to_track | list))" else "" end) +
    (if .if_done then " (judged only once done)" else "" end) +
    (if .by then ", due at \(.by)" elif .every then ", every \(.every) for \(.for)" else ", \(.period)" end) +
    (if .track then "; track \(.track | list)" else "" end) +
    (if .when then "; when \(.when | tojson | esc | brk)" else "" end) +
    (if .exempt_when then "; exempt when \(.exempt_when | tojson | esc | brk)" else "" end) +
    "." +
    (if .note then "\n.br\nNote: \(.note | esc | brk)" else "" end)
  ' "$p/deadline.json"
done
