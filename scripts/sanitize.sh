#!/usr/bin/env bash
# The test suite under AddressSanitizer and ThreadSanitizer (issue 8).
#
#   scripts/sanitize.sh [address|thread]...     (default: both)
#
# Each sanitizer builds in its own scratch path (.build-asan, .build-tsan), so the normal
# .build is untouched. LeakSanitizer runs with ASan; scripts/sanitizers/lsan.supp names the
# toolchain's own leaks it should not report. Exits non-zero if either run fails.
set -euo pipefail
cd "$(dirname "$0")/.."

export SWIFT_BACKTRACE=enable=no   # the sanitizer's report, not the runtime's backtracer
export LSAN_OPTIONS="suppressions=$PWD/scripts/sanitizers/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="halt_on_error=0:second_deadlock_stack=1"

status=0
for s in "${@:-address thread}"; do
    for sanitizer in $s; do
        scratch=.build-${sanitizer:0:1}san
        echo "== swift test --sanitize=$sanitizer (scratch $scratch)"
        started=$(date +%s)
        mkdir -p "$scratch"
        if swift test --sanitize="$sanitizer" --scratch-path "$scratch" > "$scratch/sanitize.log" 2>&1; then result=passed; else result=FAILED; status=1; fi
        grep -E "^(WARNING: ThreadSanitizer|==[0-9]+==ERROR|SUMMARY: )|Test run with|Executed [0-9]+ tests" "$scratch/sanitize.log" | sort | uniq -c | tail -20
        echo "== $sanitizer: $result in $(( $(date +%s) - started )) s (log: $scratch/sanitize.log)"
    done
done
exit $status
