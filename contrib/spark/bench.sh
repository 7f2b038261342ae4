#!/usr/bin/env bash
# The Spark job in local mode against `oopsy triage --jobs 2` on the same generated corpus:
# files/s and MB/s for each, and the Spark overhead per file. Also checks that both give the
# same summary.
#   bench.sh [FILES] [MASTER]     (default 20000 files, local[2])
# OOPSY and OOPSY_SPARK_VENV as for run-tests.sh.
set -euo pipefail
files="${1:-20000}"
master="${2:-local[2]}"
. "$(dirname "$0")/env.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$VENV_PYTHON" "$spark_here/gen_corpus.py" "$work/corpus" --files "$files"
PYTHONDONTWRITEBYTECODE=1 "$VENV_PYTHON" - "$work" "$master" "$spark_here/oopsy_spark.py" <<'PY'
import os, re, subprocess, sys, time
work, master, job = sys.argv[1:4]
oopsy = os.environ["OOPSY"]
corpus = os.path.join(work, "corpus")
one = os.path.join(work, "one")
os.makedirs(one)
first = sorted(os.listdir(os.path.join(corpus, "host-01")))[0]
os.link(os.path.join(corpus, "host-01", first), os.path.join(one, first))

n = size = 0
for d, _, fs in os.walk(corpus):
    for f in fs:
        if not f.startswith("."):
            n += 1
            size += os.path.getsize(os.path.join(d, f))
mb = size / 1e6

def timed(cmd):
    t = time.monotonic()
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode not in (0, 1, 3):
        sys.exit(f"{cmd[:3]} failed: {p.stderr.decode()[-2000:]}")
    return time.monotonic() - t, p

def triage(path):
    return timed([oopsy, "triage", "--jobs", "2", "--quiet", "--format", "jsonl", path])

def spark(path, out, *extra):
    return timed([sys.executable, job, "--master", master, "--oopsy", oopsy, "--output", out, *extra, path])

triage(corpus)                                   # warm the page cache
t_runs = [triage(corpus) for _ in range(3)]
t_triage, p_triage = min(t_runs, key=lambda r: r[0])
t_triage_one = min(triage(one)[0] for _ in range(3))
s_runs = [spark(corpus, os.path.join(work, f"out{k}")) for k in range(2)]
t_spark, p_spark = min(s_runs, key=lambda r: r[0])
t_spark_one = min(spark(one, os.path.join(work, "out-one"))[0] for _ in range(2))
t_bare, p_bare = spark(corpus, os.path.join(work, "out-bare"), "--formats", "none")
stages = dict(re.findall(r"(listed|triaged|merged) in ([0-9.]+)s", p_spark.stderr.decode()))

want = p_triage.stdout.rstrip(b"\n").rsplit(b"\n", 1)[-1][len(b'{"summary":'):-1] + b"\n"
got = open(os.path.join(work, "out0", "summary.json"), "rb").read()
same = "the same summary" if got == want else "DIFFERENT SUMMARIES"

print(f"\ncorpus: {n} files, {mb:.1f} MB (generated from Corpus/), Spark master {master}, {os.cpu_count()} cores")
print(f"{'':34}{'seconds':>9}{'files/s':>10}{'MB/s':>8}")
def row(label, t):
    print(f"{label:34}{t:9.2f}{n / t:10.0f}{mb / t:8.2f}")
row("oopsy triage --jobs 2", t_triage)
row("spark job, end to end", t_spark)
t_stage = float(stages.get("triaged", "nan"))
row("spark job, the triage stage only", t_stage)
row("spark job, --formats none", t_bare)
fixed = t_spark_one - t_triage_one
print(f"\nspark fixed cost (1 file, JVM + context + merge): {fixed:.2f} s")
print(f"spark overhead per file: {(t_spark - t_triage) / n * 1e3:.2f} ms end to end,"
      f" {((t_spark - t_spark_one) - (t_triage - t_triage_one)) / n * 1e3:.2f} ms past the fixed cost")
print(f"spark stages: listed {stages.get('listed')} s, triaged {stages.get('triaged')} s, merged {stages.get('merged')} s"
      f" (jsonl only: {dict(re.findall(r'(merged) in ([0-9.]+)s', p_bare.stderr.decode())).get('merged')} s)")
print(f"check: spark and triage give {same}")
if got != want:
    sys.exit(1)
PY
