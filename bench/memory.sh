#!/usr/bin/env bash
# Peak memory of `oopsy analyze --format json` on the two inputs of issue 8 (hardening):
#
#   1. a 1 GiB dmesg-like log with an arm64 oops every ~100 KB (bench/corpus.py biglog)
#      target: peak RSS < 64 MB
#   2. a stream of 1,000,000 tiny reports (two lines each, back to back)
#      target: peak RSS < 128 MB
#
# Memory is bounded by design, not by dropping reports: the script prints how many reports
# oopsy wrote next to how many the input holds, and fails if one is missing.
#
#   bench/memory.sh             (OOPSY_MEMORY_BYTES, OOPSY_MEMORY_REPORTS shrink the inputs)
#
# Builds the release binary in .build-bench (its own scratch path); inputs are generated once
# into $OOPSY_BENCH_DIR/memory (default /tmp/oopsy-bench/memory) and reused. Peak RSS is GNU
# time's "Maximum resident set size" (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."

bytes="${OOPSY_MEMORY_BYTES:-$((1 << 30))}"
tiny="${OOPSY_MEMORY_REPORTS:-1000000}"
work="${OOPSY_BENCH_DIR:-/tmp/oopsy-bench}/memory"
scratch=.build-bench
mkdir -p "$work"

echo "building oopsy (release) in $scratch"
swift build -c release --product oopsy --scratch-path "$scratch" > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
oopsy="$(swift build -c release --product oopsy --scratch-path "$scratch" --show-bin-path)/oopsy"

big="$work/big-$bytes.log"
if [ ! -f "$big" ]; then
    python3 bench/corpus.py biglog "$bytes" "$big.tmp" 2> "$work/big.gen" && mv "$big.tmp" "$big"
    cat "$work/big.gen"
fi
many="$work/tiny-$tiny.log"
if [ ! -f "$many" ]; then
    python3 - "$tiny" "$many.tmp" <<'PY'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
with open(out, "w") as f:
    for i in range(n):
        f.write(f"WARNING: CPU: {i & 7} PID: {i} at mm/slab.c:{i % 9973 + 1} kfree+0x{i & 0xfff:x}/0x1000\n"
                f"---[ end trace {i:x} ]---\n")
PY
    mv "$many.tmp" "$many"
fi

# One measured run: oopsy's JSON goes to a counter of report objects (a report opens at
# depth 2 of the pretty document), never to disk or memory.
measure() {   # NAME FILE EXPECTED TARGET_MB
    local name=$1 file=$2 expected=$3 target=$4
    cat "$file" > /dev/null   # warm the page cache, so the run measures oopsy and not the disk
    local start end count rss status
    start=$(date +%s.%N)
    set +e
    count=$(/usr/bin/time -v -o "$work/$name.time" "$oopsy" --format json "$file" | grep -c '^    {$')
    status=${PIPESTATUS[0]}
    set -e
    end=$(date +%s.%N)
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/$name.time")
    local mib ok
    mib=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
    ok=$(awk -v k="$rss" -v t="$target" 'BEGIN { print (k < t * 1000 * 1000 / 1024) ? "ok" : "OVER" }')
    printf '%-22s %6.1f s  peak RSS %7s MiB (target < %s MB: %s)  reports %s of %s  exit %s\n' \
        "$name" "$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" "$mib" "$target" "$ok" "$count" "$expected" "$status"
    [ "$count" = "$expected" ] || { echo "  $name: reports were dropped"; failed=1; }
    [ "$ok" = ok ] || failed=1
}

failed=0
size=$(stat -c %s "$big")
# What the big log holds: the reports of a parse-only pass writing JSON lines (the generator
# embeds whole crash logs, some with several reports); the measured run must write each one.
expected_big=$( { "$oopsy" --format jsonl --no-decode --no-diagnose "$big" || true; } | grep -c '"id":')   # exit 1: reports found
echo "inputs: $big ($size bytes, $expected_big reports by a parse-only pass), $many ($(stat -c %s "$many") bytes, $tiny reports)"
measure "1 GiB log" "$big" "$expected_big" 64
measure "1e6 tiny reports" "$many" "$tiny" 128
exit $failed
