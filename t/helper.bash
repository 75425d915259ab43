# Loaded by every Bats file: the fresh build first on PATH, fixed locale,
# the source tree's share/ data, bats-support and bats-assert.
ZX_ROOT="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
ZX_BIN="${ZX_BIN:-$ZX_ROOT/bin}"
ZX_UNIT="${ZX_UNIT:-$ZX_ROOT/build/t}"
FIX="$ZX_ROOT/t/fixtures"
export LC_ALL=C
export ZHIXING_SHARE="$ZX_ROOT/share"
if [ "${ZX_VALGRIND:-0}" = 1 ]; then
  # Each tool runs under valgrind, with glibc malloc for jansson too
  # (lib/record/jalloc.h); any error or leak makes it exit 99.
  vg="$BATS_RUN_TMPDIR/vg-bin"
  if [ ! -d "$vg" ]; then
    mkdir -p "$vg"
    for t in "$ZX_BIN"/*; do
      printf '#!/bin/sh\nZHIXING_SYSTEM_MALLOC=1 exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "%s" "$@"\n' "$t" > "$vg/${t##*/}"
      chmod +x "$vg/${t##*/}"
    done
  fi
  ZX_BIN="$vg"
fi
export PATH="$ZX_BIN:$PATH"
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

# jq over the last command's output, compact: `jqo '.track'`
jqo() { printf '%s\n' "$output" | jq -c "$@"; }
