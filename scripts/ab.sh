#!/usr/bin/env bash
# A/B: is a change behaviour-neutral? Builds BASE (a commit, default HEAD~1) in a git worktree
# and the working tree, runs both release binaries over every log of Corpus/ (real, seed,
# synthetic, lab) and, when present, the peer suite in ../shared/peer-tests, in the formats
# users read (json and text), and compares the outputs byte for byte.
#
#   scripts/ab.sh [BASE]            exit 0: identical; 1: outputs differ (a diff summary is
#                                   printed, the full outputs are kept under .build-ab/out)
#
# The base is built in .build-ab/tree (a detached worktree, reused between runs).
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-HEAD~1}"
top="$PWD"
work="$top/.build-ab"
mkdir -p "$work"
rev=$(git rev-parse --verify "$base^{commit}")

if [ -d "$work/tree" ]; then
    git -C "$work/tree" checkout -q --detach "$rev"
else
    git worktree add -q --detach "$work/tree" "$rev"
fi
# Both from scratch (the packages stay): an incremental build after a stored property changed
# in one module can link stale layouts into another and crash at run time.
echo "building base $(git log -1 --format='%h %s' "$rev" | cut -c1-90)" >&2
(cd "$work/tree" && rm -rf "$(swift build -c release --show-bin-path)" && swift build -c release --product oopsy >/dev/null)
echo "building working tree" >&2
rm -rf "$(swift build -c release --show-bin-path)"
swift build -c release --product oopsy >/dev/null

inputs="$work/inputs.txt"
# The peer suite's files are headers, a blank line, then the log: the logs alone are compared.
peer="../shared/peer-tests/syzkaller-linux-report"
rm -rf "$work/peer"
if [ -d "$peer" ]; then
    mkdir -p "$work/peer"
    for f in "$peer"/*; do awk 'found { print } /^$/ && !found { found = 1 }' "$f" > "$work/peer/$(basename "$f")"; done
fi
{
    find Corpus -name '*.log' | sort
    [ -d "$work/peer" ] && find "$work/peer" -type f | sort
} > "$inputs"

run() {  # binary, output folder
    local bin="$1" out="$2"
    rm -rf "$out"; mkdir -p "$out"
    # Relative names, so the two runs print the same source paths.
    xargs -a "$inputs" -d '\n' -n 200 "$bin" --format jsonl --color never > "$out/all.jsonl" 2>"$out/stderr" || true
    xargs -a "$inputs" -d '\n' -n 200 "$bin" --format text --color never --width 100 > "$out/all.txt" 2>>"$out/stderr" || true
}
run "$work/tree/.build/release/oopsy" "$work/out/base"
run "$top/.build/release/oopsy" "$work/out/head"

status=0
for f in all.jsonl all.txt stderr; do
    if ! cmp -s "$work/out/base/$f" "$work/out/head/$f"; then
        status=1
        echo "DIFFERENT: $f ($(diff "$work/out/base/$f" "$work/out/head/$f" | grep -c '^[<>]') lines)"
        diff "$work/out/base/$f" "$work/out/head/$f" | head -40
    fi
done
n=$(wc -l < "$inputs")
[ $status = 0 ] && echo "identical over $n inputs: $(wc -l < "$work/out/head/all.jsonl") report lines, $(wc -c < "$work/out/head/all.txt") bytes of text"
exit $status
