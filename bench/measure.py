#!/usr/bin/env python3
"""Runs a command ROUNDS times and prints its best wall time and peak memory as JSON.

  measure.py [--rounds N] -- CMD ARG...

The command's stdout goes to a pipe that is drained and discarded (not /dev/null: GNU grep
stops at the first match when its output is /dev/null, which would flatter the baseline).
Peak memory is the child's own ru_maxrss from wait4, in KiB.
"""
import json
import os
import subprocess
import sys
import time


def run_once(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    tail = b""
    while True:
        chunk = p.stdout.read(1 << 20)
        if not chunk:
            break
        tail = (tail + chunk)[-200:]
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss, p.returncode, tail


def main():
    args = sys.argv[1:]
    rounds = 3
    if args[:1] == ["--rounds"]:
        rounds, args = int(args[1]), args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit("usage: measure.py [--rounds N] -- CMD ARG...")
    results = [run_once(args) for _ in range(rounds)]
    print(json.dumps({
        "seconds": min(r[0] for r in results),
        "maxrss_kib": max(r[1] for r in results),
        "exit": results[-1][2],
        "tail": results[-1][3].decode("utf-8", "replace").strip().splitlines()[-1:] or [""],
    }))


if __name__ == "__main__":
    main()
