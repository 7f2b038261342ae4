#!/usr/bin/env bash
# Opens `oopsy triage --format html` of Corpus/ in headless Chromium (Debian's `chromium`),
# checks that the page the browser built has the chart and the table with one row per
# cluster, and writes a screenshot. Usage: scripts/check-html.sh [SCREENSHOT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
shot="${1:-/tmp/oopsy-triage.png}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
swift build --product oopsy >/dev/null
bin="$(swift build --show-bin-path)/oopsy"
"$bin" triage --quiet --format html -o "$work/triage.html" Corpus/ || [ $? -eq 1 ]
clusters=$("$bin" triage --quiet --format jsonl Corpus/ | python3 -c 'import sys,json; print([json.loads(l) for l in sys.stdin][-1]["summary"]["clusters"].__len__())' || true)
browser=$(command -v chromium || command -v chromium-browser)
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars)
"$browser" "${flags[@]}" --dump-dom "file://$work/triage.html" 2>/dev/null > "$work/dom.html"
"$browser" "${flags[@]}" --screenshot="$shot" --window-size=1300,1000 "file://$work/triage.html" 2>/dev/null
python3 - "$work/dom.html" "$clusters" <<'PY'
import re, sys
dom = open(sys.argv[1]).read()
want = int(sys.argv[2])
rows = len(re.findall(r'<tr[^>]*>\s*<td class="n">', dom))
bars = len(re.findall(r'<rect', dom))
assert '<svg' in dom and bars > 0, "no chart"
assert '<table id="clusters"' in dom, "no table"
assert rows == want, f"{rows} table rows for {want} clusters"
assert '<script>alert' not in dom
print(f"triage.html in Chromium: chart with {bars} bars, table with {rows} rows = {want} clusters")
PY
echo "screenshot: $shot"
