#!/usr/bin/env bash
# Fuzzes the whole analysis entry point (Sources/OopsyFuzz: bytes → reports → diagnoses → every
# renderer) with libFuzzer and AddressSanitizer for SECONDS (default 60).
#
#   scripts/fuzz/run.sh [SECONDS]
#
# Builds in .build-fuzz (release with -sanitize=fuzzer,address; the normal build is untouched),
# seeds the corpus from Corpus/ (scripts/fuzz/seeds.py) and the kept regression inputs, uses
# scripts/fuzz/oopsy.dict, and exits non-zero on any finding: a crash, a broken output property
# (FuzzEntry's checks abort), an input that takes longer than 10 s, more than 2 GiB of memory, or
# a leak at exit. Every finding is copied to Tests/FuzzTests/FuzzRegressions/ — commit it; the
# test there runs each through the same entry point.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-60}"
scratch=.build-fuzz
work="$scratch/fuzz"
regressions=Tests/FuzzTests/FuzzRegressions
flags=(-c release --product OopsyFuzz --scratch-path "$scratch"
       -Xswiftc -sanitize=fuzzer,address
       # SwiftPM links `main` to the module's @main; it finds libFuzzer's driver with dlsym.
       -Xlinker --export-dynamic-symbol=LLVMFuzzerRunDriver)

mkdir -p "$work/corpus" "$work/findings" "$regressions"
echo "fuzz: building OopsyFuzz (libFuzzer + ASan) in $scratch"
if ! swift build "${flags[@]}" > "$work/build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$work/build.log" | tail -40
    echo "fuzz: FAILED to build"
    exit 1
fi
grep -v "Cannot export local symbol" "$work/build.log" | tail -1 || true
bin="$(swift build "${flags[@]}" --show-bin-path)/OopsyFuzz"
rm -rf "$work/seeds"
python3 scripts/fuzz/seeds.py "$work/seeds"
rm -f "$work/findings"/*

# The Swift runtime's crash reporter would sit between libFuzzer and the crash: off.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=1:abort_on_error=0"
export LSAN_OPTIONS="suppressions=$PWD/scripts/fuzz/lsan.supp:print_suppressions=0"

# -detect_leaks=0 turns off libFuzzer's leak check after each input (a full heap scan whenever
# caches grow, which slows the run tenfold); LeakSanitizer still checks the whole run at exit.
set +e
"$bin" -max_total_time="$seconds" -max_len=32768 -timeout=10 -rss_limit_mb=2048 \
    -detect_leaks=0 -print_final_stats=1 -dict=scripts/fuzz/oopsy.dict \
    -artifact_prefix="$work/findings/" \
    "$work/corpus" "$work/seeds" "$regressions" > "$work/last-run.log" 2>&1
status=$?
set -e
# The log without the per-input progress lines.
grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)|^[[:space:]]+NEW_FUNC|^"|^INFO: (Loaded|Running with)' "$work/last-run.log" | tail -60

shopt -s nullglob
found=("$work/findings"/*)
if [ ${#found[@]} -gt 0 ]; then
    mkdir -p "$regressions"
    for f in "${found[@]}"; do
        cp "$f" "$regressions/$(basename "$f")"
        echo "fuzz: FINDING kept as $regressions/$(basename "$f")"
    done
    status=$(( status == 0 ? 1 : status ))
fi
if [ "$status" -ne 0 ]; then
    echo "fuzz: FAILED (exit $status); the log is $work/last-run.log"
    exit "$status"
fi
echo "fuzz: no finding in ${seconds} s"
