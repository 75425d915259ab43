#!/usr/bin/env bats
# Every EXAMPLES block of every man page runs as a test (after jq's
# docs/build_mantests.py).  The convention, in the man source:
#   - an example is an .EX/.EE block in the EXAMPLES section (not .nf), and
#     every such block holds at least one command;
#   - "$ " starts a command, "> " continues it (the shell's prompts);
#   - the lines after a command, up to the next "$ " or .EE, are exactly what
#     it prints on stdout (an empty line is written \&); a last line "\&..."
#     means more lines follow, not shown (the lines shown are the first ones);
#   - a command with no lines after it prints nothing (it writes a file);
#   - every command exits 0 and writes nothing on stderr.
# The commands of a page run in order, in a fresh copy of t/fixtures/man/,
# with the man escapes \- \e \(aq \(dq \& undone.
load helper
bats_require_minimum_version 1.5.0

# Splits the examples of PAGE into $W/ex/N.cmd, N.want and N.more (when
# elided); prints the number of commands.  Fails on a block with no command
# or output before a command.
extract() {
  mkdir -p "$W/ex"
  sed -n '/^\.SH EXAMPLES/,/^\.SH /p' "$1" |
    sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' -e 's/\\&//g' -e 's/\\e/\\/g' |
    awk -v d="$W/ex" '
      /^\.nf$/ { print "an .nf block: an example is an .EX block" > "/dev/stderr"; bad = 1; next }
      /^\.EX$/ { inex = 1; cmds = 0; out = 0; next }
      /^\.EE$/ { if (!cmds) { print "an .EX block with no \"$ \" command" > "/dev/stderr"; bad = 1 }
                 inex = 0; next }
      !inex { next }
      /^\$ / { n++; cmds++; out = 0; printf "%s\n", substr($0, 3) > (d "/" n ".cmd"); printf "" > (d "/" n ".want"); next }
      /^> / && n && !out { printf "%s\n", substr($0, 3) > (d "/" n ".cmd"); next }
      !n || !cmds { print "output before a command: " $0 > "/dev/stderr"; bad = 1; next }
      $0 == "..." { printf "" > (d "/" n ".more"); next }
      { out = 1; printf "%s\n", $0 > (d "/" n ".want") }
      END { if (bad) exit 1; print n + 0 }'
}

# Runs every example of share/man/man1/PAGE (or of the file PAGE when it
# names a path); needs at least one.
# (Not i or n: bats' run uses them.)
run_examples() {
  local W="$BATS_TEST_TMPDIR" page nex k cmd want got
  rm -rf "$W/work" "$W/ex"
  mkdir -p "$W/work"
  cp -R "$FIX/man/." "$W/work/"
  page="$ZX_ROOT/share/man/man1/$1"
  case "$1" in */*) page="$1" ;; esac
  nex="$(extract "$page")"
  [ "$nex" -ge 1 ] || { echo "$1: no example"; return 1; }
  for k in $(seq 1 "$nex"); do
    cmd="$(cat "$W/ex/$k.cmd")"
    run --separate-stderr sh -c "cd '$W/work' && $cmd"
    [ "$status" -eq 0 ] || { echo "$1: exit $status: $cmd"; echo "$stderr"; return 1; }
    [ -z "$stderr" ] || { echo "$1: stderr of: $cmd"; echo "$stderr"; return 1; }
    if [ -e "$W/ex/$k.more" ]; then
      want="$(cat "$W/ex/$k.want")"
      got="$(printf '%s\n' "$output" | head -n "$(wc -l < "$W/ex/$k.want")")"
    else
      want="$(cat "$W/ex/$k.want")"
      got="$output"
    fi
    [ "$got" = "$want" ] || { echo "$1: the output of: $cmd"; diff <(printf '%s\n' "$want") <(printf '%s\n' "$got"); return 1; }
  done
}

@test "man-examples: every man page has an EXAMPLES section" {
  for p in "$ZX_ROOT"/share/man/man1/*.1; do
    grep -q '^\.SH EXAMPLES' "$p" || { echo "$p"; false; }
  done
}

@test "man-examples: assign.1" { run_examples assign.1; }
@test "man-examples: case-import.1" { run_examples case-import.1; }
@test "man-examples: deadline-check.1" { run_examples deadline-check.1; }
@test "man-examples: payout-check.1" { run_examples payout-check.1; }
@test "man-examples: report.1" { run_examples report.1; }
@test "man-examples: term-audit.1" { run_examples term-audit.1; }
@test "man-examples: triage.1" { run_examples triage.1; }

@test "man-examples: a wrong output, an untested block and a failing command are caught" {
  W="$BATS_TEST_TMPDIR"
  printf '%s\n' '.SH EXAMPLES' '.EX' '$ echo a' 'b' '.EE' '.SH SEE ALSO' > "$W/x.1"
  run extract "$W/x.1"
  assert_success
  assert_output 1
  [ "$(cat "$W/ex/1.cmd")" = "echo a" ] && [ "$(cat "$W/ex/1.want")" = "b" ]
  printf '%s\n' '.SH EXAMPLES' '.EX' 'just text' '.EE' '.SH SEE ALSO' > "$W/y.1"
  run --separate-stderr extract "$W/y.1"
  assert_failure
  [ "$stderr" = 'output before a command: just text
an .EX block with no "$ " command' ]
  printf '%s\n' '.SH EXAMPLES' '.EX' '$ seq 3 \e' '> | head \-2' '1' '...' '.EE' > "$W/z.1"
  rm -rf "$W/ex"
  run extract "$W/z.1"
  assert_output 1
  [ "$(cat "$W/ex/1.cmd")" = "seq 3 \\
| head -2" ]
  [ "$(cat "$W/ex/1.want")" = "1" ]
  [ -e "$W/ex/1.more" ]
  run run_examples "$W/x.1"
  assert_failure
  assert_line --index 0 "$W/x.1: the output of: echo a"
  printf '%s\n' '.SH EXAMPLES' '.EX' '$ false' '.EE' > "$W/f.1"
  run run_examples "$W/f.1"
  assert_failure
  assert_line --index 0 "$W/f.1: exit 1: false"
  printf '%s\n' '.SH EXAMPLES' '.EX' '$ echo oops >&2' '.EE' > "$W/e.1"
  run run_examples "$W/e.1"
  assert_failure
  assert_line --index 0 "$W/e.1: stderr of: echo oops >&2"
  printf '%s\n' '.SH EXAMPLES' '.EX' '$ seq 3' '1' '2' '...' '.EE' > "$W/m.1"
  run run_examples "$W/m.1"
  assert_success
}
