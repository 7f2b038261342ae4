#!/usr/bin/env python3
"""Writes OopsyFuzz's seed corpus into DEST: every Corpus/ log, and for a sample of them the
variants hostile input takes (truncated at a line and mid-line, CRLF and lone-CR endings, NUL
bytes and invalid UTF-8 sprinkled in, mail quoting, no final newline, two reports run together).
Files are named by content hash, so running it again adds nothing new."""
import hashlib
import pathlib
import random
import sys

MAX = 32768  # run.sh passes the same -max_len


def variants(data: bytes, rng: random.Random):
    lines = data.split(b"\n")
    yield b"\n".join(lines[: len(lines) // 2])                              # cut at a line
    yield data[: len(data) // 3]                                           # cut mid-line
    yield data.replace(b"\n", b"\r\n")                                     # CRLF
    yield data.replace(b"\n", b"\r")                                       # lone CR
    yield data.rstrip(b"\n")                                               # no final newline
    yield b"\n".join(b"> " + l for l in lines)                             # mail quoting
    b = bytearray(data)
    for _ in range(max(1, len(b) // 200)):                                 # NUL and bad UTF-8
        b[rng.randrange(len(b))] = rng.choice([0x00, 0xFF, 0xC3, 0x80, 0x1B])
    yield bytes(b)


def main() -> int:
    root = pathlib.Path(__file__).resolve().parents[2]
    dest = pathlib.Path(sys.argv[1])
    dest.mkdir(parents=True, exist_ok=True)
    rng = random.Random(8)
    # Every real, lab and seed log; one in eight of the emulator's synthetic ones (they are
    # many and alike), so a 60 s run spends its time mutating, not replaying seeds.
    every = sorted(p for p in (root / "Corpus").rglob("*.log"))
    synthetic = [p for p in every if "synthetic" in p.parts]
    logs = [p for p in every if "synthetic" not in p.parts] + synthetic[::8]
    seeds = []
    for p in logs:
        data = p.read_bytes()[:MAX]
        seeds.append(data)
    # Variants of every sixth log (and always the seed crash), to keep the corpus small.
    for i, p in enumerate(logs):
        if i % 6 == 0 or p.name.startswith("seed-"):
            seeds.extend(variants(p.read_bytes()[:MAX], rng))
    # Two logs run together without a separator.
    for a, b in zip(logs[::9], logs[1::9]):
        seeds.append((a.read_bytes() + b.read_bytes())[:MAX])
    written = 0
    for s in seeds:
        if not s:
            continue
        name = dest / hashlib.sha1(s).hexdigest()
        if not name.exists():
            name.write_bytes(s)
            written += 1
    print(f"seeds: {len(logs)} Corpus logs, {written} new files in {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
