#!/bin/sh
# Prints the RULES section of share/man/man1/triage.1 from the profiles'
# triage.json files (each profile's own track rules, then spc's), in man(7).
# Run by tools/man-rules.sh, which puts it between the BEGIN/END RULES lines.
set -e
P="${1:-share/profiles}"
# man(7) escapes; a break point (\:) after each CJK character, which groff
# cannot otherwise break between.
esc() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\\&'/" -e 's/-/\\-/g' |
  perl -CSD -pe 's/([\p{Han}\x{3000}-\x{303F}\x{FF00}-\x{FFEF}])(?=.)/$1\\:/g'; }
for p in spc xinmi reform2023 yindu shihe jianli; do
  printf '.SS %s\n' "$p"
  files="$P/$p/triage.json"
  if [ "$(jq '.rules | length' "$files")" = 0 ]; then
    printf 'No rules of its own: the spc rules, by case kind.\n'
  elif [ "$p" != spc ]; then
    printf 'Its own rules, in order; then the spc rules, by case kind.\n'
  fi
  jq -r -s '.[].rules[] | [.id, .track, .source, .name, ((.kinds // []) | join(" ")),
      ((.handover_to // []) | join(" ")), (.note // "")] | join("\u001f")' $files |
  while IFS="$(printf '\037')" read -r id track source name kinds handover note; do
    printf '.TP\n.B %s\n' "$(printf '%s' "$id" | esc)"
    printf '%s \\(-> \\fB%s\\fR.\n' "$(printf '%s' "$source" | esc)" "$track"
    printf '%s.\n' "$(printf '%s' "$name" | esc)"
    [ -z "$kinds" ] || printf 'Kinds: %s.\n' "$kinds"
    [ -z "$handover" ] || printf 'Last handover to: %s.\n' "$(printf '%s' "$handover" | esc)"
    [ -z "$note" ] || printf '%s\n' "$(printf '%s' "$note" | esc)"
  done
done
