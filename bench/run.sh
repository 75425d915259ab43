#!/bin/sh
# make bench [BENCH_N=200000] [BENCH_CHAIN_N=1000000] [BENCH_PROFILE=yindu] [BENCH_WRITE=1]
# Generates a synthetic export, runs each tool against jq (JSON lines) and
# mlr (CSV) doing the same rule (bench/jq/*.jq, bench/mlr/*.mlr), with cat
# and wc -l as the floor, and prints wall time, MB/s, records/s, peak RSS
# and the ratios; then the five-tool chain end to end, and callgrind's
# instructions per record on a small file.
set -eu
N=${BENCH_N:-200000}
P=${BENCH_PROFILE:-yindu}
ASOF=2026-11-22
OUT=${BENCH_OUT:-bench/out}
B=${BENCH_BIN:-bin}   # BENCH_BIN: binaries elsewhere, so a rebuild does not disturb a run
mkdir -p "$OUT"
export LC_ALL=C ZHIXING_SHARE="$PWD/share"

echo "generating $N cases ..." >&2
${BENCH_GEN:-build/gen} -n "$N" -s 7 "$OUT" >&2
$B/case-import "$OUT/cases.csv" --events "$OUT/nodes.csv" --funds "$OUT/funds.csv" > "$OUT/cases.jsonl" 2>/dev/null || true
$B/case-import -o csv "$OUT/cases.jsonl" > "$OUT/flat.csv" 2>/dev/null || true
[ -x $B/triage ] && $B/triage -p "$P" "$OUT/cases.jsonl" > "$OUT/triaged.jsonl" 2>/dev/null || cp "$OUT/cases.jsonl" "$OUT/triaged.jsonl"
# assign and deadline-check read triaged cases (a track), from either format
$B/case-import -o csv "$OUT/triaged.jsonl" > "$OUT/triaged.csv" 2>/dev/null || cp "$OUT/flat.csv" "$OUT/triaged.csv"

bytes_j=$(wc -c < "$OUT/cases.jsonl"); bytes_c=$(wc -c < "$OUT/flat.csv")

# measure LABEL FILE CMD... : prints "seconds rss_kb" of one run (best of 3)
measure() {
  best=""; rss=0
  for i in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$OUT/time" sh -c "$1" > /dev/null 2>&1 || true
    # the last line: GNU time puts "Command exited with non-zero status" first
    t=$(tail -n 1 "$OUT/time" | cut -d' ' -f1); m=$(tail -n 1 "$OUT/time" | cut -d' ' -f2)
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    [ "$m" -gt "$rss" ] && rss=$m
  done
  echo "$best $rss"
}

row() {  # tool input secs rss bytes refsecs refname
  awk -v tool="$1" -v inp="$2" -v s="$3" -v rss="$4" -v bytes="$5" -v n="$N" -v rs="$6" -v rn="$7" 'BEGIN {
    if (s <= 0) s = 0.005
    ratio = (rs > 0) ? sprintf("%.1fx faster than %s", rs / s, rn) : ""
    printf "| %-14s | %-5s | %7.2f | %8.1f | %10.0f | %6.1f | %s |\n", tool, inp, s, bytes / s / 1e6, n / s, rss / 1024, ratio }'
}

{
echo "zhixing benchmark: $N cases, profile $P, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| tool           | input | seconds |     MB/s |  records/s | RSS MB | ratio |"
echo "|----------------|-------|---------|----------|------------|--------|-------|"
set -- $(measure "cat $OUT/cases.jsonl"); row cat jsonl "$1" "$2" "$bytes_j" 0 ""
set -- $(measure "wc -l $OUT/cases.jsonl"); row "wc -l" jsonl "$1" "$2" "$bytes_j" 0 ""
# libcsv alone (callbacks that do nothing): the floor for a CSV tool built on it
FLOOR=${BENCH_FLOOR:-build/csvfloor}
[ -x "$FLOOR" ] && { set -- $(measure "$FLOOR $OUT/flat.csv"); row "libcsv alone" csv "$1" "$2" "$bytes_c" 0 ""; }
for t in case-import triage assign deadline-check term-audit payout-check; do
  [ -x "$B/$t" ] || continue
  in="$OUT/cases.jsonl"; csv="$OUT/flat.csv"
  if [ "$t" = deadline-check ] || [ "$t" = assign ]; then in="$OUT/triaged.jsonl"; csv="$OUT/triaged.csv"; fi
  extra="-p $P --as-of $ASOF"; [ "$t" = case-import ] && extra=""
  [ "$t" = assign ] && extra="$extra --dry-run"
  set -- $(measure "jq -c -f bench/jq/$t.jq $in"); jq_s=$1
  set -- $(measure "$B/$t $extra $in"); row "$t" jsonl "$1" "$2" "$bytes_j" "$jq_s" jq
  set -- $(measure "mlr --icsv --ocsv put -f bench/mlr/$t.mlr $csv"); mlr_s=$1
  set -- $(measure "$B/$t $extra -i csv -o csv $csv"); row "$t" csv "$1" "$2" "$(wc -c < "$csv")" "$mlr_s" mlr
done
if [ -x $B/triage ] && [ -x $B/assign ] && [ -x $B/deadline-check ] && [ -x $B/term-audit ] && [ -x $B/payout-check ]; then
  # BENCH_CHAIN_N: the chain on an export of its own size (issue 9 asks for
  # 1,000,000), run once; by default on the N cases above, best of 3.
  CN=${BENCH_CHAIN_N:-$N}; CD=$OUT
  if [ "$CN" != "$N" ]; then
    CD=$OUT/chain; mkdir -p "$CD"
    echo "generating $CN cases for the chain ..." >&2
    ${BENCH_GEN:-build/gen} -n "$CN" -s 11 "$CD" >&2
  fi
  chain="$B/case-import $CD/cases.csv --events $CD/nodes.csv --funds $CD/funds.csv | $B/triage -p $P | $B/assign -p $P --dry-run | $B/deadline-check -p $P --as-of $ASOF | $B/term-audit -p $P | $B/payout-check -p $P --as-of $ASOF"
  if [ "$CN" != "$N" ]; then
    /usr/bin/time -f '%e %M' -o "$OUT/time" sh -c "$chain" > /dev/null 2>&1 || true
    set -- $(tail -n 1 "$OUT/time")
  else
    set -- $(measure "$chain")
  fi
  echo
  echo "five-tool chain from the CSV export, $CN cases: $1 s wall, peak RSS of one stage $(($2 / 1024)) MB"
  if [ -x $B/report ]; then
    # the sixth tool over the chain's output: one pass, memory by groups
    sh -c "$chain" > "$CD/annotated.jsonl" 2>/dev/null || true
    /usr/bin/time -f '%e %M' -o "$OUT/time" $B/report -p $P --as-of $ASOF --period year -o jsonl "$CD/annotated.jsonl" > /dev/null 2>&1 || true
    set -- $(tail -n 1 "$OUT/time")
    echo "report over the chain's output ($CN cases, $(($(wc -c < "$CD/annotated.jsonl") / 1000000)) MB): $1 s wall, peak RSS $(($2 / 1024)) MB"
    rm -f "$CD/annotated.jsonl"
  fi
fi
if command -v valgrind > /dev/null; then
  head -1000 "$OUT/cases.jsonl" > "$OUT/small.jsonl"
  echo
  echo "callgrind, instructions per record (1,000 records, profile $P):"
  for t in case-import triage deadline-check term-audit payout-check; do
    [ -x "$B/$t" ] || continue
    extra="-p $P --as-of $ASOF"; [ "$t" = case-import ] && extra=""
    valgrind --tool=callgrind --callgrind-out-file=/dev/null $B/$t $extra "$OUT/small.jsonl" > /dev/null 2> "$OUT/cg.err" || true
    ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$OUT/cg.err")
    [ -n "$ir" ] && echo "  $t: $((ir / 1000)) instructions/record"
  done
fi
} | tee "$OUT/results.txt"
if [ "${BENCH_WRITE:-0}" = 1 ]; then cp "$OUT/results.txt" bench/results.md; fi
