#!/bin/sh
# RULES part of assign.1 from the profiles' assign.json files; run by
# tools/man-rules.sh, which puts it between the BEGIN/END RULES lines.
set -e
P="${1:-share/profiles}"
esc() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\\&'/" -e 's/-/\\-/g' |
  perl -CSD -pe 's/([\p{Han}\x{3000}-\x{303F}\x{FF00}-\x{FFEF}])(?=.)/$1\\:/g'; }
for p in spc xinmi reform2023 yindu shihe jianli; do
  printf '.SS %s\n' "$p"
  [ "$p" = spc ] || printf 'Its own rules, in order; then spc.route.by_track.\n'
  jq -r '.rules[] | [.id, .source, .name, .method,
      ((.tracks // []) | join(" ")),
      (if .team then .team elif .teams then (.teams | join(" → ")) elif .team_from == "track" then "of the track" elif .team_from then "the prior team" else "" end),
      (if .handler then .handler elif .handlers then (.handlers | join("、")) else "" end),
      ((.roles // []) | join(" ")), (.judge_role // ""), ((.prior_teams // []) | join(" ")),
      (if .when then (.when | tojson | gsub(","; ", ")) else "" end), (.note // "")] | join("\u001f")' "$P/$p/assign.json" |
  while IFS="$(printf '\037')" read -r id source name method tracks team handler roles judge prior when note; do
    printf '.TP\n.B %s\n' "$(printf '%s' "$id" | esc)"
    printf '%s: %s.\n' "$(printf '%s' "$source" | esc)" "$(printf '%s' "$name" | esc)"
    printf '.br\nMethod \\fB%s\\fR' "$method"
    [ -z "$tracks" ] || printf '; tracks %s' "$tracks"
    [ -z "$team" ] || printf '; team %s' "$(printf '%s' "$team" | esc)"
    [ -z "$handler" ] || printf '; handler %s' "$(printf '%s' "$handler" | esc)"
    [ -z "$roles" ] || printf '; roles %s' "$roles"
    [ -z "$judge" ] || printf '; judge role %s' "$judge"
    [ -z "$prior" ] || printf '; prior team one of %s' "$(printf '%s' "$prior" | esc)"
    printf '.\n'
    [ -z "$when" ] || printf '.br\nWhen: %s\n' "$(printf '%s' "$when" | esc)"
    [ -z "$note" ] || printf '.br\n%s\n' "$(printf '%s' "$note" | esc)"
  done
done
