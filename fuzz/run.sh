#!/bin/sh
# fuzz/run.sh [SECONDS [TARGET ...]]: builds every harness fuzz/fuzz_<target>.c
# with libFuzzer, ASan and UBSan against lib/'s sources (lib/LAYERS' folders,
# same flags) into build-fuzz/,
# runs each for SECONDS (default 60) with its corpus build-fuzz/corpus/<target>
# (seeded from t/fixtures, samples/, share/profiles and t/fuzz/<target>),
# FUZZ_JOBS (default 2) at a time, niced.  Any crash, leak, timeout or
# out-of-memory input is copied to t/fuzz/<target>/ and the run fails.
# Run from the top of the source tree (make fuzz does).
set -eu

secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-"csv jsonl gb18030 money date caseno period profile expr"}
jobs=${FUZZ_JOBS:-2}
out=${FUZZ_BUILD:-build-fuzz}
cc=${FUZZ_CC:-clang}
root=$(pwd)
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# No blanks inside a flag: $cflags is split on blanks, quotes stay literal.
# The library without -Werror (make all enforces it; a warning that only
# clang gives must not stop a fuzzing run), the harnesses with it.
# Every folder of lib/ that holds a header is on the include path (as in the Makefile).
incs=$(find lib -name '*.h' -exec dirname {} \; | sort -u | sed 's/^/-I/' | tr '\n' ' ')
cflags="-std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wstrict-prototypes -O1 -g $incs"
cflags="$cflags -DZX_VERSION=\"fuzz\" -DZX_SHAREDIR=\"$root/share\""
libs="-lcsv -ljansson -lpcre2-8 -lcrypto -lm"

[ -f fuzz/run.sh ] || { echo "fuzz/run.sh: run from the source tree's top" >&2; exit 2; }
mkdir -p "$out/lib" "$out/bin" "$out/corpus" "$out/artifacts" "$out/logs"

# The library, instrumented (rebuilt when a source is newer than its object).
hdrs=$(find lib -name '*.h' | sort)
for c in $(find lib -name '*.c' | sort); do
  o="$out/lib/$(basename "$c" .c).o"
  newest=$(ls -t "$c" $hdrs "$o" 2>/dev/null | head -1)
  [ "$newest" = "$o" ] && continue
  # A library file that does not compile (work in progress) is left out:
  # the archive below only pulls in what a harness needs.
  nice $cc $cflags $san -fsanitize=fuzzer-no-link -c -o "$o" "$c" ||
    { rm -f "$o"; echo "fuzz/run.sh: $c left out" >&2; }
done
rm -f "$out/libzx.a"
ar rcs "$out/libzx.a" "$out"/lib/*.o
for t in $targets; do
  nice $cc $cflags -Werror $san -fsanitize=fuzzer -DZX_FUZZ_SHARE=\"$root/share\" \
    -o "$out/bin/fuzz_$t" "fuzz/fuzz_$t.c" "$out/libzx.a" $libs
done

# seed TARGET FILE...: copies existing files into the target's corpus.
seed() {
  t=$1; shift
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$out/corpus/$t/" || true; done
}
# seed_words TARGET WORD...: one corpus file per word.
seed_words() {
  t=$1; shift; i=0
  for w in "$@"; do i=$((i + 1)); printf '%s' "$w" > "$out/corpus/$t/word$i"; done
}

for t in $targets; do
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  [ -d "t/fuzz/$t" ] && seed "$t" t/fuzz/"$t"/*
  case $t in
    csv|gb18030)
      seed "$t" t/fixtures/*/*.csv t/fixtures/csv-spectrum/*.csv samples/*.csv ;;
    jsonl)
      seed "$t" t/fixtures/*/*.jsonl t/fixtures/json-suite/*.json ;;
    profile)
      seed "$t" share/profiles/*.json share/profiles/*/*.json t/fixtures/profiles/*.json t/fixtures/faults/*.json ;;
    expr)
      i=0
      for f in share/profiles/*.json share/profiles/*/*.json; do
        jq -c '.. | objects | to_entries[] | select(.key == "when" or .key == "check" or (.key | endswith("_when"))) | .value' "$f" 2>/dev/null
      done | sort -u | while IFS= read -r line; do
        i=$((i + 1)); printf '%s' "$line" > "$out/corpus/expr/cond$i"
      done ;;
    money)
      seed_words money 85000 85,000.50 85000.5元 8.5万 8.5万元 -12.3 ￥1，234．50 '  100 ' 1.23456万 0.01 ;;
    date)
      seed_words date 2023-03-01 2023/3/1 2023.3.1 20230301 2023年3月1日 '2023-03-01 09:30' \
        2023-03-01T09:30:59 2024-02-29 2023-13-45 ;;
    caseno)
      seed_words caseno '（2023）豫0183执1234号' '(2023)豫0183执恢12号之一' '(2015)密执字第00123号' \
        '（2022）最高法执监5号' '(2023)鄂1088执保3号之十' ;;
    period)
      seed_words period 10d 10wd 24h 0d same_day 6m 3w 10d! 15wd! ;;
  esac
done

# run TARGET: one fuzzing session; prints libFuzzer's final figures.
run() {
  t=$1
  log="$out/logs/$t.log"
  max_len=4096
  case $t in csv|jsonl|gb18030) max_len=16384 ;; profile) max_len=65536 ;; esac
  dict=""
  [ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
  nice "$out/bin/fuzz_$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
    -max_len=$max_len -close_fd_mask=3 -print_final_stats=1 $dict \
    -artifact_prefix="$out/artifacts/$t/" "$out/corpus/$t" > "$log" 2>&1 || true
  figures=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 | sed 's/^#\([0-9]*\)[[:space:]]*[A-Z]*/execs \1/')
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  echo "fuzz $t: ${secs}s, total execs ${execs:-?}, exec/s ${rate:-?}; last: $figures"
}

export out secs
pids=""
n=0
for t in $targets; do
  run "$t" &
  pids="$pids $!"
  n=$((n + 1))
  if [ $n -ge "$jobs" ]; then wait; n=0; fi
done
wait

status=0
for t in $targets; do
  for a in "$out/artifacts/$t"/crash-* "$out/artifacts/$t"/leak-* "$out/artifacts/$t"/timeout-* \
           "$out/artifacts/$t"/oom-* "$out/artifacts/$t"/slow-unit-*; do
    [ -f "$a" ] || continue
    case $a in */slow-unit-*) continue ;; esac
    mkdir -p "t/fuzz/$t"
    cp "$a" "t/fuzz/$t/"
    echo "fuzz $t: FAILED: $(basename "$a") copied to t/fuzz/$t/ (log: $out/logs/$t.log)" >&2
    status=1
  done
done
exit $status
