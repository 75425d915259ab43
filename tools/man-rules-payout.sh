#!/bin/sh
# Prints the RULES section of share/man/man1/payout-check.1 from the
# profiles' payout.json files (each profile's own fund rules and the spc
# rules it disables), in man(7).
# Run by tools/man-rules.sh, which puts it between the BEGIN/END RULES lines.
set -e
P="${1:-share/profiles}"
esc() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\\&'/" -e 's/-/\\-/g' | cjk; }
# Chinese text has no blanks: allow a line break after every Han character
# and Chinese punctuation mark (\: is a break point that adds nothing).
# Not before closing punctuation, not after opening punctuation.
cjk() { perl -CSD -Mutf8 -pe 's/([\p{Han}，、；：。）”〕】])(?![，、；：。）”〕】]|$)/$1\\:/g'; }
# Left-adjusted: justifying Chinese lines leaves warnings.
printf '.ad l\n'
for p in spc xinmi reform2023 yindu shihe jianli; do
  f="$P/$p/payout.json"
  printf '.SS %s\n' "$p"
  if [ "$(jq '.rules | length' "$f")" = 0 ]; then
    jq -r '.note // "No fund rules of its own: the spc rules apply."' "$f" | esc
    continue
  fi
  dis="$(jq -r '(.disable // []) | join(", ")' "$f")"
  [ -z "$dis" ] || printf 'Disables %s; the other spc rules apply.\n' "$(printf '%s' "$dis" | esc)"
  jq -r '.rules[] | [.id, .test, .source, .name, (.period // ""), (.from // ""), (.limit_rule // ""),
      ((.steps // []) | join(" \\(-> ")),
      ((.levels // []) | map(.level + " " + .period) | join(", ")),
      ((.issues // []) | join(", ")), (if .open_issue then "yes" else "" end),
      (.note // "")] | join("\u001f")' "$f" |
  while IFS="$(printf '\037')" read -r id test source name period from limit steps levels issues open note; do
    printf '.TP\n.B %s\n' "$(printf '%s' "$id" | esc)"
    printf '%s; test \\fB%s\\fR' "$(printf '%s' "$source" | esc)" "$test"
    [ -z "$period" ] || printf ', period \\fB%s\\fR' "$period"
    [ -z "$from" ] || printf ' from \\fB%s\\fR' "$from"
    [ -z "$limit" ] || printf ' under \\fB%s\\fR' "$limit"
    printf '.\n%s.\n' "$(printf '%s' "$name" | esc)"
    [ -z "$steps" ] || printf 'Steps: %s.\n' "$steps"
    [ -z "$levels" ] || printf 'Levels: %s.\n' "$levels"
    [ -z "$issues" ] || printf 'Grades: %s%s.\n' "$issues" "${open:+; opens undisbursed issues}"
    [ -z "$note" ] || printf '%s\n' "$(printf '%s' "$note" | esc)"
  done
done
printf '.ad\n'
