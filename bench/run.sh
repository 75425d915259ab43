#!/bin/sh
# make bench [BENCH_N=50000] [BENCH_CHAIN_N=300000] [BENCH_REPS=3] [BENCH_PROFILE=yindu] [BENCH_WRITE=1]
#            [BENCH_BEFORE=DIR]   (another build's bin/: callgrind before/after)
# Generates a synthetic export, runs each tool against jq (JSON lines) and
# mlr (CSV) doing the same rule (bench/jq/*.jq, bench/mlr/*.mlr), with
# libcsv alone over the same file as the CSV floor, and prints for every
# tool its seconds, x jq, x mlr, x the floor and peak RSS; then the
# five-tool chain from the three CSV files and its x floor, the bytes per
# case after each stage, tools/run-sharded on every core, and callgrind's
# instructions per record on a small file.  Issue 22 gives the targets.
set -eu
N=${BENCH_N:-50000}
REPS=${BENCH_REPS:-3}
P=${BENCH_PROFILE:-yindu}
ASOF=2026-11-22
OUT=${BENCH_OUT:-bench/out}
B=${BENCH_BIN:-bin}   # BENCH_BIN: binaries elsewhere, so a rebuild does not disturb a run
FLOOR=${BENCH_FLOOR:-build/csvfloor}
mkdir -p "$OUT"
BABS=$(cd "$B" && pwd)
export LC_ALL=C ZHIXING_SHARE="$PWD/share"

echo "generating $N cases ..." >&2
${BENCH_GEN:-build/gen} -n "$N" -s 7 "$OUT" >&2
$B/case-import "$OUT/cases.csv" --events "$OUT/nodes.csv" --funds "$OUT/funds.csv" > "$OUT/cases.jsonl" 2>/dev/null || true
$B/case-import -o csv "$OUT/cases.jsonl" > "$OUT/flat.csv" 2>/dev/null || true
$B/triage -p "$P" "$OUT/cases.jsonl" > "$OUT/triaged.jsonl" 2>/dev/null || true
# assign and deadline-check read triaged cases (a track), from either format
$B/case-import -o csv "$OUT/triaged.jsonl" > "$OUT/triaged.csv" 2>/dev/null || true

# measure CMD: prints "seconds rss_kb", the best of BENCH_REPS runs
measure() {
  best=""; rss=0; i=0
  while [ $i -lt "$REPS" ]; do
    i=$((i + 1))
    /usr/bin/time -f '%e %M' -o "$OUT/time" sh -c "$1" > /dev/null 2>&1 || true
    # the last line: GNU time puts "Command exited with non-zero status" first
    t=$(tail -n 1 "$OUT/time" | cut -d' ' -f1); m=$(tail -n 1 "$OUT/time" | cut -d' ' -f2)
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    [ "$m" -gt "$rss" ] && rss=$m
  done
  echo "$best $rss"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a <= 0) a = 0.005; if (b <= 0) { print "-"; exit } printf "%.1f", a / b }'; }
floor_of() { set -- $(measure "for f in $*; do $FLOOR \$f; done"); echo "$1"; }

{
echo "zhixing benchmark: $N cases, profile $P, $(nproc) cores, best of $REPS, $(date -u +%Y-%m-%d)"
echo
echo "x jq, x mlr: how many times faster than jq (JSON lines) or mlr (CSV) doing the"
echo "same rule; x floor: how many times the time libcsv alone takes over the same CSV"
echo "file(s) (bench/csvfloor.c, callbacks that do nothing).  RSS: peak, MB."
echo
f_flat=$(floor_of "$OUT/flat.csv"); f_tri=$(floor_of "$OUT/triaged.csv")
f_three=$(floor_of "$OUT/cases.csv" "$OUT/nodes.csv" "$OUT/funds.csv")
echo "libcsv floor: flat.csv $f_flat s, triaged.csv $f_tri s, the three export files $f_three s"
echo
echo "| tool             | jsonl s |  x jq | RSS | csv s | x mlr | x floor | RSS |"
echo "|------------------|---------|-------|-----|-------|-------|---------|-----|"
for t in case-import triage assign deadline-check term-audit payout-check; do
  [ -x "$B/$t" ] || continue
  in="$OUT/cases.jsonl"; csv="$OUT/flat.csv"; fl=$f_flat
  if [ "$t" = deadline-check ] || [ "$t" = assign ]; then in="$OUT/triaged.jsonl"; csv="$OUT/triaged.csv"; fl=$f_tri; fi
  extra="-p $P --as-of $ASOF"; [ "$t" = case-import ] && extra=""
  [ "$t" = assign ] && extra="$extra --dry-run"
  set -- $(measure "jq -c -f bench/jq/$t.jq $in"); jq_s=$1
  set -- $(measure "$B/$t $extra $in"); js=$1; jrss=$2
  set -- $(measure "mlr --icsv --ocsv put -f bench/mlr/$t.mlr $csv"); mlr_s=$1
  set -- $(measure "$B/$t $extra -i csv -o csv $csv"); cs=$1; crss=$2
  printf '| %-16s | %7.2f | %5s | %3d | %5.2f | %5s | %7s | %3d |\n' "$t" "$js" "$(ratio "$jq_s" "$js")" $((jrss / 1024)) \
    "$cs" "$(ratio "$mlr_s" "$cs")" "$(ratio "$cs" "$fl")" $((crss / 1024))
done
set -- $(measure "$B/case-import $OUT/cases.csv --events $OUT/nodes.csv --funds $OUT/funds.csv")
printf '| %-16s | %7s | %5s | %3s | %5.2f | %5s | %7s | %3d |\n' "case-import +2" - - - "$1" - "$(ratio "$1" "$f_three")" $(($2 / 1024))
echo
echo "case-import +2: the export's three CSV files (cases, 节点, 案款) to JSON lines; its floor is libcsv over the three."

# the chain, from the three CSV files
CN=${BENCH_CHAIN_N:-300000}; CD=$OUT/chain
mkdir -p "$CD"
echo "generating $CN cases for the chain ..." >&2
${BENCH_GEN:-build/gen} -n "$CN" -s 11 "$CD" >&2
chain="$B/case-import $CD/cases.csv --events $CD/nodes.csv --funds $CD/funds.csv | $B/triage -p $P | $B/assign -p $P --dry-run | $B/deadline-check -p $P --as-of $ASOF | $B/term-audit -p $P --as-of $ASOF | $B/payout-check -p $P --as-of $ASOF"
fc=$(floor_of "$CD/cases.csv" "$CD/nodes.csv" "$CD/funds.csv")
/usr/bin/time -f '%e %M' -o "$OUT/time" sh -c "$chain" > /dev/null 2>&1 || true
set -- $(tail -n 1 "$OUT/time")
echo
echo "five-tool chain from the three CSV files, $CN cases, one run: $1 s wall, x floor $(ratio "$1" "$fc") (libcsv over the three files: $fc s), $(awk -v n="$CN" -v s="$1" 'BEGIN { printf "%.0f", n / s }') records/s, peak RSS of one stage $(($2 / 1024)) MB"

# bytes per case after each stage (on the N export)
echo
echo "bytes per case after each stage ($N cases; target at the end: 2,000):"
prev="$OUT/cases.csv --events $OUT/nodes.csv --funds $OUT/funds.csv"
for s in "case-import" "triage -p $P" "assign -p $P --dry-run" "deadline-check -p $P --as-of $ASOF" \
         "term-audit -p $P --as-of $ASOF" "payout-check -p $P --as-of $ASOF"; do
  name=${s%% *}
  $B/$s $prev > "$OUT/stage.$name" 2>/dev/null || true
  printf '  %-15s %6d\n' "$name" $(($(wc -c < "$OUT/stage.$name") / N))
  prev="$OUT/stage.$name"
done
printf '  %-15s %6d   (deadline-check --all-statuses, for comparison)\n' "" \
  $(($($B/deadline-check -p $P --as-of $ASOF --all-statuses "$OUT/stage.assign" 2>/dev/null | wc -c) / N))

# every core: tools/run-sharded over the chain's export
if command -v parallel > /dev/null; then
  rm -rf "$OUT/state" "$OUT/shards"
  /usr/bin/time -f '%e %M' -o "$OUT/time" sh -c "PATH=$BABS:\$PATH tools/run-sharded -p $P --as-of $ASOF --dry-run -j $(nproc) --work $OUT/shards $OUT/state $CD/cases.csv --events $CD/nodes.csv --funds $CD/funds.csv" > /dev/null 2>&1 || true
  set -- $(tail -n 1 "$OUT/time")
  echo
  echo "tools/run-sharded, $CN cases, $(ls "$OUT/shards/shards" | wc -l) courts, -j $(nproc): $1 s wall, $(awk -v n="$CN" -v s="$1" -v c="$(nproc)" 'BEGIN { printf "%.0f records/s, %.0f per core", n / s, n / s / c }')"
fi

if command -v valgrind > /dev/null; then
  head -1000 "$OUT/cases.jsonl" > "$OUT/small.jsonl"
  head -1000 "$OUT/triaged.jsonl" > "$OUT/small-triaged.jsonl"
  # ir BIN TOOL: instructions per record of TOOL on the small file
  ir() {
    extra="-p $P --as-of $ASOF"; in="$OUT/small.jsonl"
    [ "$2" = case-import ] && extra=""
    [ "$2" = assign ] && extra="$extra --dry-run"
    { [ "$2" = deadline-check ] || [ "$2" = assign ]; } && in="$OUT/small-triaged.jsonl"
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1/$2" $extra "$in" > /dev/null 2> "$OUT/cg.err" || true
    n=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$OUT/cg.err")
    echo $((${n:-0} / 1000))
  }
  echo
  echo "callgrind, instructions per record (1,000 records, JSON lines, profile $P):"
  for t in case-import triage assign deadline-check term-audit payout-check; do
    [ -x "$B/$t" ] || continue
    if [ -n "${BENCH_BEFORE:-}" ] && [ -x "$BENCH_BEFORE/$t" ]; then
      printf '  %-15s %7d  (before: %d)\n' "$t" "$(ir "$B" "$t")" "$(ir "$BENCH_BEFORE" "$t")"
    else
      printf '  %-15s %7d\n' "$t" "$(ir "$B" "$t")"
    fi
  done
fi
if [ -x $B/report ]; then
  # the sixth tool over the chain's output: one pass, memory by groups
  sh -c "$chain" > "$CD/annotated.jsonl" 2>/dev/null || true
  /usr/bin/time -f '%e %M' -o "$OUT/time" $B/report -p $P --as-of $ASOF --period year -o jsonl "$CD/annotated.jsonl" > /dev/null 2>&1 || true
  set -- $(tail -n 1 "$OUT/time")
  echo
  echo "report over the chain's output ($CN cases, $(($(wc -c < "$CD/annotated.jsonl") / 1000000)) MB): $1 s wall, peak RSS $(($2 / 1024)) MB"
  rm -f "$CD/annotated.jsonl"
fi
} | tee "$OUT/results.txt"
if [ "${BENCH_WRITE:-0}" = 1 ]; then cp "$OUT/results.txt" bench/results.md; fi
