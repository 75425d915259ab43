#!/usr/bin/env bats
# Fuzzing regressions: every input under t/fuzz/<target>/ (the seeds written
# by hand and every crash `make fuzz` ever found) replayed through the
# harness fuzz/fuzz_<target>.c, built here WITHOUT libFuzzer: the harness
# plus fuzz/replay_main.c, linked against build/libzx.a (build-asan/libzx.a
# with ASan and UBSan under `make asan`).  A harness aborts
# when a library promise breaks, so a replay must exit 0.
# Under ZX_VALGRIND=1 each replay runs under valgrind (errors, leaks: 99).
load helper
bats_require_minimum_version 1.5.0

TARGETS="csv jsonl gb18030 money date caseno period profile expr"

setup_file() {
  local root lib dir t
  root="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
  # The library beside the unit tests: build/libzx.a, or build-asan/libzx.a
  # under `make asan` (then linked with the same sanitizers).
  lib="${ZX_LIBZX:-$(dirname "$ZX_UNIT")/libzx.a}"
  local cc=cc san=""
  case $lib in *asan*) cc=clang san="-fsanitize=address,undefined -fno-sanitize-recover=all" ;; esac
  dir="$BATS_FILE_TMPDIR/replay"
  mkdir -p "$dir"
  [ -f "$lib" ] || { echo "no $lib: run make all first" > "$dir/BUILD_ERROR"; return 0; }
  for t in $TARGETS; do
    $cc $san -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -O1 -g \
      $(find "$root/lib" -name '*.h' -exec dirname {} \; | sort -u | sed 's/^/-I/') -DZX_FUZZ_SHARE="\"$root/share\"" \
      -o "$dir/replay_$t" "$root/fuzz/replay_main.c" "$root/fuzz/fuzz_$t.c" "$lib" \
      -lcsv -ljansson -lpcre2-8 -lcrypto -lm 2>> "$dir/BUILD_ERROR" || echo "fuzz_$t failed to build" >> "$dir/BUILD_ERROR"
  done
  [ -s "$dir/BUILD_ERROR" ] || rm -f "$dir/BUILD_ERROR"
}

# replay TARGET: runs every regression input of the target; fails naming
# the first input whose replay does not exit 0.
replay() {
  local t=$1 dir="$BATS_FILE_TMPDIR/replay" f n=0 rc
  if [ -f "$dir/BUILD_ERROR" ]; then cat "$dir/BUILD_ERROR"; return 1; fi
  local vg=()
  [ "${ZX_VALGRIND:-0}" = 1 ] && vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect)
  for f in "$ZX_ROOT/t/fuzz/$t"/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    rc=0
    timeout 120 "${vg[@]}" "$dir/replay_$t" "$f" > /dev/null 2> "$BATS_TEST_TMPDIR/stderr" || rc=$?
    if [ "$rc" != 0 ]; then
      echo "replay_$t $f: exit $rc"
      tail -n 30 "$BATS_TEST_TMPDIR/stderr"
      return 1
    fi
  done
  # Each target keeps hand-written seeds: an empty folder would test nothing.
  [ "$n" -gt 0 ] || { echo "no inputs under t/fuzz/$t"; return 1; }
}

@test "fuzz regressions: CSV reader" { replay csv; }
@test "fuzz regressions: JSON-lines reader" { replay jsonl; }
@test "fuzz regressions: GB18030 reader" { replay gb18030; }
@test "fuzz regressions: money_parse" { replay money; }
@test "fuzz regressions: date_parse" { replay date; }
@test "fuzz regressions: caseno_parse" { replay caseno; }
@test "fuzz regressions: period_parse" { replay period; }
@test "fuzz regressions: profile_load" { replay profile; }
@test "fuzz regressions: expr_compile and expr_test" { replay expr; }

@test "fuzz: the replay driver fails on an unreadable input" {
  [ ! -f "$BATS_FILE_TMPDIR/replay/BUILD_ERROR" ] || { cat "$BATS_FILE_TMPDIR/replay/BUILD_ERROR"; false; }
  run -2 "$BATS_FILE_TMPDIR/replay/replay_money" "$BATS_TEST_TMPDIR/nosuch"
  assert_output "replay: cannot read $BATS_TEST_TMPDIR/nosuch"
}

@test "fuzz: a harness aborts when a promise breaks (the checks can fail)" {
  # A stand-in harness that aborts on "!": the driver must die with SIGABRT
  # (134), which replay() reports as a failure.
  [ ! -f "$BATS_FILE_TMPDIR/replay/BUILD_ERROR" ] || { cat "$BATS_FILE_TMPDIR/replay/BUILD_ERROR"; false; }
  printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n#include <stdlib.h>\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { if (n && d[0] == 0x21) abort(); return 0; }\n' > "$BATS_TEST_TMPDIR/h.c"
  cc -o "$BATS_TEST_TMPDIR/replay_h" "$ZX_ROOT/fuzz/replay_main.c" "$BATS_TEST_TMPDIR/h.c"
  printf '!' > "$BATS_TEST_TMPDIR/in"
  run "$BATS_TEST_TMPDIR/replay_h" "$BATS_TEST_TMPDIR/in"
  assert_equal "$status" 134
}
