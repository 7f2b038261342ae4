#!/usr/bin/env python3
"""Turn the layout tables of dma-iommu-model.md (Appendix A, pahole on arm64 defconfig in three
lock-debug variants) and the lab's BTF layouts (Corpus/lab/<era>/layouts.json, Debian's own
kernels) into the KernelModel data files under Sources/KernelModel/Data/layouts/.

Facts only: every number comes from those two sources; nothing is computed here except
flattening the markdown tables.

usage: scripts/extract-layouts.py ../shared/dma-iommu-model.md Corpus/lab Sources/KernelModel/Data/layouts
"""
import json, os, re, sys

VARIANTS = ["base", "debug-spinlock", "lockdep"]

def parse_appendix_a(text):
    eras = {}
    era = None
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^### A\. v([0-9.]+)", line)
        if m:
            era = m.group(1)
            eras[era] = {v: {} for v in VARIANTS}
            i += 1
            continue
        if line.startswith("## Appendix B"):
            break
        if era is None:
            i += 1
            continue
        # Tables: **struct NAME** (vX) — size: a / b / c bytes ...
        m = re.match(r"^\*\*struct (\w+)\*\* \(v[0-9.]+(?:, selected members; arm64 defconfig)?\) — size: (\d+) / (\d+) / (\d+) bytes", line)
        if m:
            name = m.group(1)
            sizes = [int(m.group(k)) for k in (2, 3, 4)]
            for v, s in zip(VARIANTS, sizes):
                eras[era][v][name] = {"size": s, "fields": {}}
            i += 1
            # skip to table rows
            while i < len(lines) and not lines[i].startswith("| field"):
                i += 1
            i += 2  # header + separator
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip("|").split("|")]
                field = cells[0].replace("&nbsp;", "").strip()
                offs = cells[2:5]
                for v, cell in zip(VARIANTS, offs):
                    mm = re.match(r"(\d+) \(0x[0-9a-f]+\)", cell)
                    if mm:
                        eras[era][v][name]["fields"][field] = int(mm.group(1))
                i += 1
            continue
        # Function-pointer tables: **struct NAME** (vX, size N; ...): a@0, b@8
        m = re.match(r"^\*\*struct (\w+)\*\* \(v[0-9.]+, size (\d+);[^)]*\): (.*)$", line)
        if m:
            name, size, body = m.group(1), int(m.group(2)), m.group(3)
            fields = {}
            for part in body.split(","):
                part = part.strip()
                fm = re.match(r"(\w+)@(\d+)", part)
                if fm:
                    fields[fm.group(1)] = int(fm.group(2))
            for v in VARIANTS:
                eras[era][v][name] = {"size": size, "fields": dict(fields)}
        i += 1
    return eras

def main():
    doc, lab, out = sys.argv[1], sys.argv[2], sys.argv[3]
    text = open(doc, encoding="utf-8").read()
    eras = parse_appendix_a(text)
    os.makedirs(out, exist_ok=True)
    for era, variants in eras.items():
        data = {
            "profile": era,
            "source": "pahole (dwarves 1.24) on objects built from the %s tree for ARCH=arm64 defconfig + DEBUG_INFO, "
                      "three lock-debug variants (dma-iommu-model.md, Appendix A)" % era,
            "variants": variants,
        }
        with open(os.path.join(out, "v%s.json" % era), "w") as f:
            json.dump(data, f, indent=1, sort_keys=True)
            f.write("\n")
    for era in sorted(os.listdir(lab)):
        path = os.path.join(lab, era, "layouts.json")
        btf = os.path.join(lab, era, "btf.json")
        if not os.path.exists(path):
            continue
        layouts = json.load(open(path))
        meta = json.load(open(btf)) if os.path.exists(btf) else {}
        structs = {k: {"size": v["size"], "fields": v["fields"]} for k, v in layouts.items()
                   if isinstance(v, dict) and "fields" in v}
        data = {
            "profile": "debian-%s" % era,
            "kernel": meta.get("kernel"),
            "source": "pahole %s on the BTF of Debian's %s kernel booted in the lab (Corpus/lab/%s/)"
                      % (meta.get("pahole", "?"), meta.get("kernel", era), era),
            "config": {k: v for k, v in (meta.get("config") or {}).items()},
            "variants": {"base": structs},
        }
        with open(os.path.join(out, "debian-%s.json" % era), "w") as f:
            json.dump(data, f, indent=1, sort_keys=True)
            f.write("\n")

main()
