#!/usr/bin/env python3
"""Generates a corpus of console logs for the Spark tests and the benchmark.

The logs are the project's real crash logs (Corpus/**/*.log) copied under other names and
varied: some verbatim, some with boot noise before and after (so the same crash sits at other
line numbers), some with two crashes in one file, some with no report at all, a few gzip'd, an
empty file, and a hidden file (which triage skips). Deterministic for a given seed.

    python3 gen_corpus.py DEST [--files N] [--seed S]
"""

import argparse
import gzip
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

NOISE = [
    "usb {a}-{b}: new high-speed USB device number {c} using xhci_hcd",
    "systemd[1]: Started Journal Service.",
    "EXT4-fs (mmcblk0p{b}): mounted filesystem with ordered data mode. Opts: (null)",
    "random: crng init done",
    "cfg80211: Loading compiled-in X.509 certificates for regulatory database",
    "NET: Registered PF_INET6 protocol family",
    "audit: type=1400 audit({a}.{c}:{b}): apparmor=\"STATUS\" operation=\"profile_load\"",
    "r8169 0000:0{a}:00.0 eth0: Link is Up - 1Gbps/Full - flow control rx/tx",
    "zram: Added device: zram{b}",
    "Freeing unused kernel memory: {c}K",
]


def real_logs(corpus_root=None):
    """The real crash logs, as bytes, sorted by path."""
    root = corpus_root or os.path.join(REPO, "Corpus")
    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in sorted(filenames):
            if f.endswith(".log"):
                paths.append(os.path.join(dirpath, f))
    if not paths:
        raise SystemExit(f"no .log files under {root}")
    out = []
    for p in sorted(paths):
        with open(p, "rb") as fh:
            out.append(fh.read())
    return out


def noise(rng, lines, t0):
    out = []
    t = t0
    for _ in range(lines):
        t += rng.random() * 0.5
        text = rng.choice(NOISE).format(a=rng.randint(1, 9), b=rng.randint(1, 9), c=rng.randint(2, 999))
        out.append(f"[{t:12.6f}] {text}\n")
    return "".join(out).encode(), t


def make_corpus(dest, files=3000, seed=9, corpus_root=None, gz=3):
    """Writes `files` logs under dest (in nested folders); returns their paths."""
    rng = random.Random(seed)
    logs = real_logs(corpus_root)
    written = []
    for i in range(files):
        sub = os.path.join(dest, f"host-{i % 16:02d}")
        if i % 7 == 0:
            sub = os.path.join(sub, f"boot-{i % 5}")
        os.makedirs(sub, exist_ok=True)
        kind = rng.random()
        if kind < 0.15:
            body, _ = noise(rng, rng.randint(5, 60), 0.0)
        elif kind < 0.55:
            body = rng.choice(logs)
        elif kind < 0.85:
            head, t = noise(rng, rng.randint(1, 40), 0.0)
            tail, _ = noise(rng, rng.randint(0, 20), t + 100)
            body = head + rng.choice(logs) + tail
        else:
            middle, _ = noise(rng, rng.randint(1, 10), 50.0)
            body = rng.choice(logs) + middle + rng.choice(logs)
        path = os.path.join(sub, f"console-{i:05d}.log")
        if i < gz:
            path += ".gz"
            body = gzip.compress(body, mtime=0)
        with open(path, "wb") as fh:
            fh.write(body)
        written.append(path)
    # An empty log and a hidden one (triage skips names starting with '.').
    empty = os.path.join(dest, "host-00", "empty.log")
    open(empty, "wb").close()
    written.append(empty)
    with open(os.path.join(dest, "host-01", ".hidden.log"), "wb") as fh:
        fh.write(logs[0])
    return written


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dest")
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=9)
    a = ap.parse_args(argv)
    paths = make_corpus(a.dest, a.files, a.seed)
    size = sum(os.path.getsize(p) for p in paths)
    print(f"{len(paths)} files, {size} bytes under {a.dest}")


if __name__ == "__main__":
    sys.exit(main())
