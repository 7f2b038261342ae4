#!/usr/bin/env python3
"""First-sight accuracy (issue 15 item 8): oopsy against the hand labels of a FirstSight round.

    scripts/first-sight.py round-1 [--oopsy PATH] [--misses]

Reads FirstSight/ROUND/LABELS*.tsv (columns in FirstSight/README.md), runs oopsy once per log
(--format json), pairs each labelled report with the report oopsy found for it, and prints:
found, fields right, cause right, wrong at >= 0.8, and the confidence buckets; --misses lists
every miss. Nothing here knows a log: the pairing and the comparisons are the same for all.
"""
import argparse, csv, glob, json, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Causes that restate the report's class: what a `generic-only` label allows.
CLASS_CAUSES = {"bug", "warning", "kasan", "ubsan", "soft-lockup", "workqueue-lockup", "hard-lockup", "rcu-stall", "hung-task",
                "out-of-memory", "undefined-instruction", "pointer-authentication", "stack-overflow",
                "alignment", "external-abort", "iommu-fault", "dma-mapping-failure"}
FIELDS = ["pc", "fault_address", "esr", "kernel", "function"]


def norm_hex(s):
    s = s.strip().lower()
    if s in ("", "-"):
        return None
    try:
        return int(s, 16)
    except ValueError:
        return None


def base_symbol(s):
    s = s.strip()
    s = re.sub(r"\s*\[.*\]$", "", s)          # module
    s = s.split("+")[0]
    s = re.sub(r"^\.(?=[A-Za-z_])", "", s)     # powerpc64 ELFv1's `.memset` is memset
    return re.sub(r"\.(constprop|isra|part|cold|llvm)(\.\d+)*", "", s.split(".cold")[0])


def norm_frame(s):
    s = re.sub(r"\s*\[[^\]]*\]\s*$", "", s.strip())
    s = re.sub(r"^\s*[a-z]+:", "", s) if s.startswith("0010:") else s
    return s.lower()


def squash(s):
    return re.sub(r"\s+", " ", s).strip()


def load_labels(round_dir):
    rows = []
    for path in sorted(glob.glob(os.path.join(round_dir, "LABELS*.tsv"))):
        with open(path, newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                if not r.get("file"):
                    continue
                r["report"] = int(r["report"])
                rows.append(r)
    return rows


def run_oopsy(oopsy, path):
    p = subprocess.run([oopsy, "--format", "json", "--color", "never", path], capture_output=True)
    if p.returncode not in (0, 1):
        return None, p.stderr.decode(errors="replace").strip()
    return json.loads(p.stdout), None


def report_functions(r):
    """Every function a report names for itself: its title's, its pc's, its site's."""
    out = set()
    t = r.get("title", "")
    if " in " in t:
        out.add(base_symbol(t.rsplit(" in ", 1)[1]))
    for k in ("pc",):
        if r.get(k):
            out.add(base_symbol(r[k]["symbol"]))
    site = r.get("site") or {}
    if site.get("function"):
        out.add(base_symbol(site["function"]))
    # A leak report is about where its object was allocated (oopsy prints it as ALLOC); so is
    # SLUB's report on an object, whose only function is where the object came from.
    if r.get("format") in ("kmemleak", "slub") or r.get("message", "").startswith("BUG: memory leak"):
        caller = ((r.get("object") or {}).get("allocated") or {}).get("caller")
        if caller:
            out.add(base_symbol(caller))
    return {f for f in out if f and f != "corrupted"}


def headline_lines(log_lines, head):
    """Line numbers (1-based) whose text holds the headline's first 40 characters."""
    key = head[:40]
    return [i + 1 for i, l in enumerate(log_lines) if key and key in squash(l)]


def pair(labels, reports, log_lines):
    """Labels (in log order) to reports (in log order), greedily and in order: a report pairs with
    a label when its message is the label's headline, it names the label's function or pc, or it
    starts within three lines of the headline: after it (a finding printed before the report's
    first line: a WARN's message, FORTIFY's `detected buffer overflow`) or before it (a finding
    that opens the report the label heads by its BUG line: `list_del corruption` before `kernel
    BUG at lib/list_debug.c`)."""
    used = set()
    out = {}
    start = 0
    for lab in labels:
        head = squash(lab["headline"])
        near = headline_lines(log_lines, head)
        fn = base_symbol(lab["function"]) if lab["function"] not in ("", "-") else None
        pc = base_symbol(lab["pc"]) if lab["pc"] not in ("", "-") else None
        best = None
        for i in range(start, len(reports)):
            if i in used:
                continue
            r = reports[i]
            msg = squash(r.get("message", ""))
            names = report_functions(r)
            if msg and (msg == head or head.startswith(msg[:60]) or msg.startswith(head[:60])):
                best = i
                break
            if (fn and fn in names) or (pc and pc in names):
                best = i
                break
            first = (r.get("lines") or {}).get("first", 0)
            if any(0 < abs(first - h) <= 3 for h in near):
                best = i
                break
        if best is not None:
            used.add(best)
            out[id(lab)] = reports[best]
            start = best + 1
    return out


def field_checks(lab, r):
    """(field, labelled value, oopsy's value, right?) for each field the label gives."""
    checks = []
    if lab["pc"] not in ("", "-"):
        got = r.get("pc")
        got_s = None
        if got:
            got_s = got["symbol"] + ("+" + got["offset"] if got.get("offset") else "") + ("/" + got["size"] if got.get("size") else "")
        checks.append(("pc", lab["pc"], got_s, got_s is not None and norm_frame(got_s) == norm_frame(lab["pc"].split(" ")[0])))
    if lab["fault_address"] not in ("", "-"):
        want = norm_hex(lab["fault_address"])
        got = norm_hex((r.get("fault") or {}).get("address") or "")
        checks.append(("fault_address", lab["fault_address"], hex(got) if got is not None else None, got == want))
    if lab["esr"] not in ("", "-"):
        want = norm_hex(lab["esr"])
        f = r.get("fault") or {}
        got = norm_hex(f.get("esr") or (r.get("oops") or {}).get("esr") or "")
        checks.append(("esr", lab["esr"], hex(got) if got is not None else None, got == want))
    if lab["kernel"] not in ("", "-"):
        got = (r.get("context") or {}).get("kernel")
        checks.append(("kernel", lab["kernel"], got, got == lab["kernel"].strip()))
    if lab["function"] not in ("", "-"):
        names = report_functions(r)
        checks.append(("function", lab["function"], ",".join(sorted(names)) or None, base_symbol(lab["function"]) in names))
    return checks


def cause_verdict(lab, d):
    """`right`: oopsy names the labelled cause (or, for a `generic-only` label, nothing beyond
    the class); `unspecific`: it restates the class where the label names a cause; `wrong`: it
    names another cause than the label's, or any cause where the label says nothing more
    can be told."""
    want = lab["cause"].strip()
    got = d["cause"] if d else None
    if want == "generic-only":
        return "right" if got is None or got in CLASS_CAUSES else "wrong"
    if got == want:
        return "right"
    return "unspecific" if got is None or got in CLASS_CAUSES else "wrong"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("round")
    ap.add_argument("--oopsy", default=os.path.join(ROOT, ".build/release/oopsy"))
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    round_dir = a.round if os.path.isdir(a.round) else os.path.join(ROOT, "FirstSight", a.round)
    labels = load_labels(round_dir)
    by_file = {}
    for lab in labels:
        by_file.setdefault(lab["file"], []).append(lab)

    stats = {"reports": 0, "found": 0, "fields": 0, "fields_right": 0, "negatives": 0, "negatives_right": 0,
             "specific": 0, "specific_right": 0, "cause_right": 0, "cause_wrong": 0, "cause_unspecific": 0,
             "wrong_at_08": 0, "unspecific_at_08": 0, "extra": 0,
             "arm64": [0, 0], "dma": [0, 0]}
    per_field = {f: [0, 0] for f in FIELDS}
    buckets = {t: [0, 0] for t in (0.9, 0.8, 0.7, 0.6, 0.5)}
    misses = []
    for file, labs in sorted(by_file.items()):
        doc, err = run_oopsy(a.oopsy, os.path.join(round_dir, "logs", file))
        if doc is None:
            misses.append(f"{file}: oopsy failed: {err}")
            continue
        reports = doc["reports"]
        real = [l for l in labs if l["report"] > 0]
        for neg in (l for l in labs if l["report"] == 0):
            stats["negatives"] += 1
            if not reports:
                stats["negatives_right"] += 1
            else:
                misses.append(f"{file}: negative, but oopsy found {len(reports)}: {reports[0]['title']}")
        with open(os.path.join(round_dir, "logs", file), encoding="utf-8", errors="replace") as f:
            log_lines = f.read().split("\n")
        pairs = pair(real, reports, log_lines)
        if real:
            paired = {id(r) for r in pairs.values()}
            for r in reports:
                if id(r) not in paired:
                    stats["extra"] += 1
                    misses.append(f"{file}: extra report at line {r['lines']['first']}: {r['title'][:70]}")
        for lab in real:
            stats["reports"] += 1
            arm = lab["arch"] == "arm64"
            dma = lab["dma"].strip() == "y"
            r = pairs.get(id(lab))
            if r is None:
                misses.append(f"{file}#{lab['report']}: not found ({lab['headline'][:70]})")
                continue
            stats["found"] += 1
            if arm: stats["arm64"][0] += 1
            if dma: stats["dma"][0] += 1
            ok_all = True
            for name, want, got, ok in field_checks(lab, r):
                stats["fields"] += 1
                per_field[name][0] += 1
                if ok:
                    stats["fields_right"] += 1
                    per_field[name][1] += 1
                else:
                    ok_all = False
                    misses.append(f"{file}#{lab['report']}: {name} labelled {want!r}, oopsy {got!r}")
            d = (r.get("diagnoses") or [None])[0]
            verdict = cause_verdict(lab, d)
            right = verdict == "right"
            conf = d["confidence"] if d else 0
            if right:
                stats["cause_right"] += 1
            else:
                stats["cause_" + verdict] += 1
                misses.append(f"{file}#{lab['report']}: cause labelled {lab['cause']}, oopsy {d['cause'] if d else 'none'} {conf if d else ''} ({verdict})")
            if lab["cause"] not in ("generic-only", "none"):
                stats["specific"] += 1
                if d and d["cause"] == lab["cause"]:
                    stats["specific_right"] += 1
            if d and conf >= 0.8 and verdict == "wrong":
                stats["wrong_at_08"] += 1
            if d and conf >= 0.8 and verdict == "unspecific":
                stats["unspecific_at_08"] += 1
            for t in buckets:
                if d and conf >= t:
                    buckets[t][0] += 1
                    buckets[t][1] += verdict != "wrong"
            if arm and right and ok_all: stats["arm64"][1] += 1
            if dma and right and ok_all: stats["dma"][1] += 1

    def pct(n, d):
        return f"{n}/{d} ({100 * n / d:.0f}%)" if d else f"{n}/0"

    if a.json:
        print(json.dumps({"stats": stats, "fields": per_field, "buckets": {str(k): v for k, v in buckets.items()}}, indent=1))
    else:
        files = len(by_file)
        print(f"first sight, {os.path.basename(round_dir.rstrip('/'))}: {files} logs, {stats['reports']} labelled reports, {stats['negatives']} negatives")
        print(f"  reports found        {pct(stats['found'], stats['reports'])}")
        print(f"  fields right         {pct(stats['fields_right'], stats['fields'])}  (" +
              ", ".join(f"{k} {v[1]}/{v[0]}" for k, v in per_field.items()) + ")")
        print(f"  cause right          {pct(stats['cause_right'], stats['found'])}; wrong {stats['cause_wrong']}, only the class {stats['cause_unspecific']}")
        print(f"  specific cause named {pct(stats['specific_right'], stats['specific'])}")
        print(f"  wrong at >= 0.8      {stats['wrong_at_08']} (and {stats['unspecific_at_08']} that restate the class where the label names a cause)")
        print(f"  negatives right      {pct(stats['negatives_right'], stats['negatives'])}; reports no label pairs with: {stats['extra']}")
        print("  by confidence (not wrong): " + "; ".join(f">= {t}: {pct(v[1], v[0])}" for t, v in buckets.items()))
        if a.misses:
            print("misses:")
            for m in misses:
                print("  " + m)


if __name__ == "__main__":
    main()
