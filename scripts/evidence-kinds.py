#!/usr/bin/env python3
"""Rewrites docs/SCHEMA.md's table of evidence kinds from Sources/OopsCore/Evidence.swift (each
case's doc comment is its row). EvidenceConsistencyTests fails when a kind has no row."""
import os, re
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
rows, doc = [], None
for line in open(os.path.join(root, "Sources/OopsCore/Evidence.swift")):
    l = line.strip()
    m = re.match(r"/// (.*)", l)
    if m:
        doc = (doc + " " + m.group(1)) if doc else m.group(1)
        continue
    m = re.match(r"case (\w+)(?: = \"([^\"]+)\")?", l)
    if m:
        rows.append((m.group(2) or m.group(1), doc or ""))
    doc = None
path = os.path.join(root, "docs/SCHEMA.md")
s = open(path).read()
head = "| kind | what the row states |\n|---|---|\n"
start = s.index(head) + len(head)
end = s.index("\n\n", start)
s = s[:start] + "\n".join(f"| `{k}` | {d} |" for k, d in rows) + s[end:]
open(path, "w").write(s)
print(f"{len(rows)} evidence kinds written to docs/SCHEMA.md")
