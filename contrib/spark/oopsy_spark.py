#!/usr/bin/env python3
"""oopsy triage on a Spark cluster: oopsy is the map step, `oopsy merge` the reduce.

    python3 oopsy_spark.py --output DIR PATH...           # local[*] when no master is set
    spark-submit [--master URL] [--files /path/to/oopsy] oopsy_spark.py --output DIR PATH...

PATHs are files, folders (walked recursively, hidden names skipped, as `oopsy triage` walks
them), globs, or Hadoop URIs (hdfs://, s3a://, ... anything the cluster's Hadoop reads; a glob
in a URI is expanded by Hadoop). Each Spark task runs `oopsy triage --format jsonl` on its
share of the files; the driver merges the shards with `oopsy merge` and writes into DIR:

    reports.jsonl   every REPORT, `source` = the path as given, in canonical order (source,
                    line): byte for byte the report lines of `oopsy triage --format jsonl`
    summary.json    the `summary` object that `oopsy triage --format jsonl` ends with
    summary.txt     `oopsy merge --format text`   (and .csv, .html likewise; --formats). The
                    html is merge's: it shows each cluster's report rendered, where triage's
                    shows the raw log lines, which jsonl does not carry.

How files reach the tasks: local paths (and file: URIs) are read by the tasks in place, so
they must be visible under the same path on every executor (a shared or replicated file
system; always true in local mode). Other URIs are read through Spark (`binaryFiles`): each
task copies its files into a local temporary folder and runs oopsy there; names in the output
are the URIs. `--read-via spark` sends local paths that way too, and `--list-via hadoop`
lists them through Hadoop's FileSystem as well (the hdfs:// code path, testable locally).

Large single files are not split: a file is read whole by one task (oopsy cannot be asked to
analyze a byte range of a file), so one huge log is one task's work.

How the binary reaches the executors: `--oopsy PATH` ships that binary with the job
(SparkContext.addFile, the same as `spark-submit --files PATH`); without it, a shipped file
named `oopsy` is used if there is one, else `oopsy` on each executor's PATH.

Failures never fail the job and are never lost: an input oopsy cannot read is listed in
summary.json's `unreadable` exactly as triage lists it; an oopsy run that crashes is retried
file by file and the file that crashes it is listed ("oopsy was killed by signal 11"); a Spark
job that fails is re-run in halves until the failing file is isolated and listed. Results are
keyed by work unit, so a task that Spark retries (or runs speculatively) is counted once.

Exit status as oopsy's: 0 no report, 1 reports found, 2 usage error, 3 some input unreadable
(`--exit-zero`: 0 whenever the job completed).
"""

import argparse
import gzip
import heapq
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SCHEMA = "oopsy/1"
SUMMARY_PREFIX = '{"summary":'
# Test hook: the task holding a file whose name contains $OOPSY_SPARK_TEST_FAIL_MATCH raises
# once (after yielding its output), creating $OOPSY_SPARK_TEST_FAIL_ONCE; the retry succeeds.
FAIL_ONCE_ENV = "OOPSY_SPARK_TEST_FAIL_ONCE"
FAIL_MATCH_ENV = "OOPSY_SPARK_TEST_FAIL_MATCH"
NOT_FOUND_TAG = "OopsyBinaryNotFound"
MAX_ARG_BYTES = 96 << 10
URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
LOCAL_GLOB_RE = re.compile(r"[*?[]")
HADOOP_GLOB_RE = re.compile(r"[*?[{\\]")


class UsageError(Exception):
    pass


class Input:
    """One file to triage: `name` as the output names it, `path` where the task reads it (a
    local path, or a URI read through Spark), `size` in bytes."""
    __slots__ = ("name", "path", "size")

    def __init__(self, name, path, size):
        self.name, self.path, self.size = name, path, size

    def tuple(self):
        return (self.name, self.path, self.size)

    def __repr__(self):
        return f"Input({self.name!r}, {self.path!r}, {self.size})"


# ---------------------------------------------------------------------------------------------
# Inputs: the driver expands the command line the way `oopsy triage` does.

def strerror(e):
    if isinstance(e, OSError) and e.errno:
        return os.strerror(e.errno)
    return str(e)


def walk_local(path, name, inputs, failures, depth=0):
    """InputWalker's walk: files as given, folders recursively (entries sorted, names starting
    with '.' skipped, at most 64 deep), a non-regular file only when named directly; whatever
    cannot be stat'ed or listed is a failure (name, reason)."""
    import stat as st_mod
    try:
        st = os.stat(path)
    except (OSError, ValueError) as e:
        failures.append((name, strerror(e) if isinstance(e, OSError) else "Invalid argument"))
        return
    if st_mod.S_ISDIR(st.st_mode):
        if depth >= 64:
            failures.append((name, "folders nested too deep"))
            return
        try:
            entries = os.listdir(path)
        except OSError as e:
            failures.append((name, strerror(e)))
            return
        base = name if name.endswith("/") else name + "/"
        pbase = path if path.endswith("/") else path + "/"
        for entry in sorted(e for e in entries if not e.startswith(".")):
            walk_local(pbase + entry, base + entry, inputs, failures, depth + 1)
        return
    if not st_mod.S_ISREG(st.st_mode):
        if depth == 0:
            inputs.append(Input(name, os.path.abspath(path), 0))
        return
    inputs.append(Input(name, os.path.abspath(path), st.st_size))


def file_uri_path(uri):
    """The local path of a file: URI (file:///a, file:/a, file://localhost/a)."""
    rest = uri[len("file:"):]
    if rest.startswith("//"):
        rest = rest[2:]
        host, slash, tail = rest.partition("/")
        if host not in ("", "localhost"):
            raise UsageError(f"'{uri}': a file: URI names a path on this machine, not on '{host}'")
        rest = slash + tail
    return rest or "/"


def expand_local(arg, inputs, failures, name_of=lambda p: p):
    """A plain path or a glob (expanded like a shell would, sorted; one that matches nothing
    is named as given and fails like a missing file)."""
    import glob
    path = name_of(arg)
    if LOCAL_GLOB_RE.search(path) and not os.path.lexists(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            failures.append((arg, os.strerror(2)))
            return
        prefix = arg[: len(arg) - len(path)]
        for m in matches:
            walk_local(m, prefix + m, inputs, failures)
        return
    walk_local(path, arg, inputs, failures)


def java_reason(err):
    """The innermost cause of a Py4J error, as one line."""
    try:
        j = err.java_exception
        while j.getCause() is not None:
            j = j.getCause()
        cls, msg = j.getClass().getName(), j.getMessage() or ""
    except Exception:
        text = str(err).strip().splitlines()
        return text[0] if text else "unknown error"
    if cls.endswith("FileNotFoundException") or "does not exist" in msg:
        return os.strerror(2)
    if cls.endswith("AccessControlException"):
        return os.strerror(13)
    return f"{cls.rsplit('.', 1)[-1]}: {msg}".strip().splitlines()[0]


def expand_hadoop(sc, arg, inputs, failures):
    """A URI listed through Hadoop's FileSystem on the driver (globs expanded by Hadoop)."""
    from py4j.protocol import Py4JJavaError
    jvm = sc._jvm
    conf = sc._jsc.hadoopConfiguration()
    try:
        p = jvm.org.apache.hadoop.fs.Path(arg)
        fs = p.getFileSystem(conf)
        statuses = fs.globStatus(p)
    except Py4JJavaError as e:
        failures.append((arg, java_reason(e)))
        return
    if statuses is None or len(statuses) == 0:
        failures.append((arg, os.strerror(2)))
        return
    magic = HADOOP_GLOB_RE.search(arg)
    user_dir, qualified_dir = None, None
    if magic:
        # Name each match as the user would have written it: the pattern's folder as given,
        # then the rest of the match (Hadoop returns qualified paths: hdfs://nn:8020/...).
        head = arg[:magic.start()]
        cut = head.rfind("/")
        user_dir = head[:cut + 1] if cut >= 0 else ""
        try:
            qualified_dir = (fs.makeQualified(jvm.org.apache.hadoop.fs.Path(user_dir)) if user_dir
                             else fs.getWorkingDirectory()).toString()
        except Py4JJavaError:
            qualified_dir = None

    def match_name(status):
        q = status.getPath().toString()
        if qualified_dir is None or not q.startswith(qualified_dir):
            return q
        rest = q[len(qualified_dir):].lstrip("/")
        return (user_dir.rstrip("/") + "/" + rest) if user_dir else rest

    def walk(status, name, depth):
        if status.isDirectory():
            if depth >= 64:
                failures.append((name, "folders nested too deep"))
                return
            try:
                children = fs.listStatus(status.getPath())
            except Py4JJavaError as e:
                failures.append((name, java_reason(e)))
                return
            base = name if name.endswith("/") else name + "/"
            named = sorted((c.getPath().getName(), c) for c in children)
            for child_name, child in named:
                if not child_name.startswith("."):
                    walk(child, base + child_name, depth + 1)
        elif status.isFile():
            inputs.append(Input(name, status.getPath().toString(), int(status.getLen())))
        elif depth == 0:
            failures.append((name, "not a file or folder"))

    for s in statuses:
        walk(s, match_name(s) if magic else arg, 0)


def expand(args, read_via="auto", list_via="auto", sc=None):
    """(inputs read in place, inputs read through Spark, failures) for the command line.
    Local paths and file: URIs are walked here as `oopsy triage` walks them; other URIs (and
    everything with list_via="hadoop") are listed through Hadoop's FileSystem."""
    direct, via_spark, failures = [], [], []
    for arg in args:
        if arg == "-":
            raise UsageError("standard input ('-') cannot be spread over a cluster: give files or folders")
        is_uri = bool(URI_RE.match(arg))
        if (is_uri and not arg.startswith("file:")) or list_via == "hadoop":
            if sc is None:
                raise UsageError(f"'{arg}': listing through Hadoop needs Spark")
            expand_hadoop(sc, arg, via_spark, failures)
            continue
        found = []
        expand_local(arg, found, failures, name_of=file_uri_path if is_uri else (lambda p: p))
        if read_via == "spark":
            for i in found:
                i.path = "file:" + i.path
            via_spark += found
        else:
            direct += found
    return direct, via_spark, failures


# ---------------------------------------------------------------------------------------------
# Work units: the driver packs files into batches; each task runs oopsy once per batch.

def plan_batches(inputs, parallelism, batch_bytes=64 << 20, batch_files=500, per_file_cost=16 << 10):
    """Packs inputs into batches of similar cost (bytes + a per-file cost), at least
    3 × parallelism of them (whole rounds of the cores) so the cores stay busy to the end,
    enough that they average at most batch_bytes, none over batch_files. Largest first onto
    the lightest batch. Each input is in exactly one batch; a file is never split (one of
    batch_bytes or more is, in effect, a batch of its own, read whole by one task)."""
    if not inputs:
        return []
    total = sum(i.size for i in inputs)
    k = max(3 * max(1, parallelism), -(-total // batch_bytes), -(-len(inputs) // batch_files))
    k = -(-k // max(1, parallelism)) * max(1, parallelism)   # whole rounds of the cores
    k = min(k, len(inputs))
    heap = [(0, b) for b in range(k)]
    batches = [[] for _ in range(k)]
    order = sorted(range(len(inputs)), key=lambda n: (-inputs[n].size, n))
    for n in order:
        load, b = heapq.heappop(heap)
        batches[b].append(n)
        if len(batches[b]) < batch_files:   # a full batch leaves the heap (k × batch_files ≥ n)
            heapq.heappush(heap, (load + inputs[n].size + per_file_cost, b))
    return [[inputs[n].tuple() for n in sorted(b)] for b in batches if b]


# ---------------------------------------------------------------------------------------------
# The task side: run oopsy, name the results as the user named the inputs.

def find_oopsy(shipped_name):
    """The oopsy binary on this executor: the one shipped with the job, else PATH's."""
    tried = []
    try:
        from pyspark import SparkFiles
        for name in ([shipped_name] if shipped_name else []) + ["oopsy"]:
            p = os.path.join(SparkFiles.getRootDirectory(), name)
            tried.append(p)
            if os.path.isfile(p):
                if not os.access(p, os.X_OK):
                    os.chmod(p, 0o755)
                return p
    except Exception:
        pass
    p = shutil.which("oopsy")
    if p:
        return p
    raise RuntimeError(f"{NOT_FOUND_TAG}: no oopsy binary on this executor (looked at {', '.join(tried) or 'SparkFiles'}"
                       " and PATH); ship one with --oopsy PATH or spark-submit --files PATH, or install it")


def describe_status(rc):
    return f"oopsy was killed by signal {-rc}" if rc < 0 else f"oopsy exited with status {rc}"


def run_oopsy(binary, items, jobs):
    """Runs `oopsy triage --format jsonl` on items [(name, local path, size)]: (lines, None)
    with the output's lines renamed to the items' names, or (None, reason) if oopsy failed."""
    cmd = [binary, "triage", "--format", "jsonl", "--quiet", "--jobs", str(jobs), "--"]
    cmd += [p for _, p, _ in items]
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        return None, f"cannot run oopsy: {strerror(e)}"
    if proc.returncode not in (0, 1, 3):
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        return None, describe_status(proc.returncode) + (f": {err[-1]}" if err else "")
    names = {p: n for n, p, _ in items}
    lines, summaries = [], 0
    try:
        for raw in proc.stdout.decode("utf-8").splitlines():
            if not raw.strip():
                continue
            obj = json.loads(raw)   # every line is checked: a garbled run is redone file by file
            if raw.startswith(SUMMARY_PREFIX):
                s = obj["summary"]
                failures = []
                for f in s.get("unreadable", []):
                    path = f["source"]
                    name = names.get(path, path)
                    failures.append({"source": name, "reason": f["reason"].replace(path, name) if path else f["reason"]})
                summary = {"schema": s.get("schema", SCHEMA)}
                if "signature_scheme" in s:   # oopsy merge refuses reports grouped by another scheme
                    summary["signature_scheme"] = s["signature_scheme"]
                summary.update({"inputs": s["inputs"], "bytes": s["bytes"], "reports": s["reports"],
                                "unreadable": failures, "clusters": []})
                obj = {"summary": summary}
                summaries += 1
                lines.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
            else:
                lines.append(renamed(raw, obj, names))
    except (ValueError, KeyError, TypeError) as e:
        return None, f"oopsy wrote output that is not triage jsonl ({e})"
    if summaries != 1:
        return None, "oopsy's output has no summary line"
    return lines, None


SOURCE_FIRST = re.compile(r'^\{"source":("(?:[^"\\]|\\.)*")')


def renamed(raw, obj, names):
    """A report line (already parsed as obj, so known to be JSON) with `source` renamed from
    the path oopsy read to the input's name. oopsy writes `source` first: that key is replaced
    in the text; any other line is written again from obj (oopsy merge re-encodes every report
    anyway, so the bytes of these intermediate lines do not matter, only their values)."""
    src = obj.get("source")
    name = names.get(src)
    if name is None or name == src:
        return raw
    m = SOURCE_FIRST.match(raw)
    if m and json.loads(m.group(1)) == src:
        return '{"source":' + json.dumps(name, ensure_ascii=False) + raw[m.end():]
    obj["source"] = name
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def failure_line(name, reason, inputs=0, size=0):
    return json.dumps({"summary": {"schema": SCHEMA, "inputs": inputs, "bytes": size, "reports": 0,
                                   "unreadable": [{"source": name, "reason": reason}], "clusters": []}},
                      ensure_ascii=False, separators=(",", ":"))


def triage_items(binary, items, jobs):
    """oopsy over items in runs of bounded command length; a run that fails is redone file by
    file, and a file that oopsy still fails on becomes an unreadable row (counted as read, as
    triage counts a file it opened but could not analyze)."""
    out = []
    runs, run, length = [], [], 0
    for it in items:
        n = len(it[1].encode()) + 1
        if run and length + n > MAX_ARG_BYTES:
            runs.append(run)
            run, length = [], 0
        run.append(it)
        length += n
    if run:
        runs.append(run)
    for run in runs:
        lines, reason = run_oopsy(binary, run, jobs)
        if lines is not None:
            out += lines
            continue
        for it in run:
            lines, reason = run_oopsy(binary, [it], jobs) if len(run) > 1 else (None, reason)
            out += lines if lines is not None else [failure_line(it[0], reason, 1, it[2])]
    return out


def maybe_fail_once(names):
    marker, match = os.environ.get(FAIL_ONCE_ENV), os.environ.get(FAIL_MATCH_ENV)
    if marker and match and any(match in n for n in names) and not os.path.exists(marker):
        with open(marker, "w") as fh:
            fh.write("failed once\n")
        raise RuntimeError(f"test hook: failing once on a batch holding '{match}'")


def pack(key, names, lines, binary):
    data = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    return (key, names, gzip.compress(data, compresslevel=1), binary)


def direct_task(cfg):
    """mapPartitions function over (key, [(name, path, size)]) batches read in place."""
    def run(records):
        binary = find_oopsy(cfg["shipped"])
        for key, items in records:
            names = [n for n, _, _ in items]
            yield pack(key, names, triage_items(binary, items, cfg["jobs"]), binary)
            maybe_fail_once(names)
    return run


def spark_read_task(cfg, names_bc, tag):
    """mapPartitionsWithIndex function over binaryFiles' (uri, bytes): each file is copied into
    a local temporary folder under its own base name (so .gz stays .gz), then triaged."""
    def run(index, records):
        binary = find_oopsy(cfg["shipped"])
        table = names_bc.value
        tmp = tempfile.mkdtemp(prefix="oopsy-spark-")
        try:
            items = []
            for k, (uri, content) in enumerate(records):
                name = table.get(uri) or table.get(normalize_uri(uri)) or uri
                d = os.path.join(tmp, str(k))
                os.mkdir(d)
                path = os.path.join(d, name.rstrip("/").rsplit("/", 1)[-1] or "input")
                with open(path, "wb") as fh:
                    fh.write(content)
                items.append((name, path, len(content)))
            names = [n for n, _, _ in items]
            yield pack((tag, index), names, triage_items(binary, items, cfg["jobs"]), binary)
            maybe_fail_once(names)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return run


def normalize_uri(uri):
    """file:/a, file:///a → file:/a (the form Hadoop prints)."""
    if uri.startswith("file://"):
        return "file:" + file_uri_path(uri)
    return uri


def hadoop_escape(path):
    """A path for FileInputFormat's comma-separated, glob-expanding list: glob characters
    escaped. (A comma in a name cannot be escaped there: such files fail and are isolated.)"""
    return re.sub(r"([\\*?\[\]{}])", r"\\\1", path)


# ---------------------------------------------------------------------------------------------
# The driver.

class Job:
    """Runs the work units as Spark jobs and collects (key, names, gzip'd jsonl, binary) per
    unit; keys are unique per unit and job, so a unit delivered twice is counted once."""

    def __init__(self, sc, cfg, log):
        self.sc, self.cfg, self.log = sc, cfg, log
        self.jobs = 0          # Spark jobs run (part of every work unit's key)
        self.bisections = 0

    def _collect(self, rdd):
        self.jobs += 1
        return rdd.collect()

    def run_direct(self, batches):
        """Results of the batches; a failing Spark job is re-run in halves (a lone batch file
        by file) until what fails is one file, which is then listed as unreadable."""
        if not batches:
            return []
        from py4j.protocol import Py4JJavaError
        keyed = [(("direct", self.jobs, n), b) for n, b in enumerate(batches)]
        rdd = self.sc.parallelize(keyed, len(keyed)).mapPartitions(direct_task(self.cfg))
        try:
            return self._collect(rdd)
        except Py4JJavaError as e:
            reason = self._task_failure(e)
        return self._split(batches, reason)

    def run_spark_read(self, inputs):
        if not inputs:
            return []
        from py4j.protocol import Py4JJavaError
        tag = ("spark", self.jobs)
        table = {}
        for i in inputs:
            table[i.path] = i.name
            table[normalize_uri(i.path)] = i.name
        names_bc = self.sc.broadcast(table)
        paths = ",".join(hadoop_escape(i.path) for i in inputs)
        parts = min(len(inputs), max(3 * self.sc.defaultParallelism,
                                     -(-sum(i.size for i in inputs) // self.cfg["batch_bytes"]),
                                     -(-len(inputs) // self.cfg["batch_files"])))
        try:
            rdd = self.sc.binaryFiles(paths, minPartitions=parts).mapPartitionsWithIndex(
                spark_read_task(self.cfg, names_bc, tag))
            results = self._collect(rdd)
        except Py4JJavaError as e:
            reason = java_reason(e) if "PythonException" not in str(e) else self._task_failure(e)
            if len(inputs) == 1:
                return [(("failed", self.jobs, inputs[0].name), [inputs[0].name],
                         gzip.compress((failure_line(inputs[0].name, reason) + "\n").encode()), None)]
            self.bisections += 1
            self.log(f"a Spark job over {len(inputs)} files failed ({reason}); re-running it in halves")
            half = len(inputs) // 2
            return self.run_spark_read(inputs[:half]) + self.run_spark_read(inputs[half:])
        finally:
            names_bc.unpersist()
        # Every file Spark was given must come back (named); any that did not is listed.
        seen = set()
        for _, names, _, _ in results:
            seen.update(names)
        for i in inputs:
            if i.name not in seen:
                results.append((("missing", self.jobs, i.name), [i.name],
                                gzip.compress((failure_line(i.name, "Spark returned no data for it") + "\n").encode()), None))
        return results

    def _task_failure(self, err):
        text = str(err)
        if NOT_FOUND_TAG in text:
            m = re.search(NOT_FOUND_TAG + r": ([^\n]*)", text)
            raise UsageError(m.group(1) if m else "no oopsy binary on the executors")
        found = re.findall(r"^(\w+(?:Error|Exception): .*)$", text, re.M)
        found = [f for f in found if not f.startswith(("Py4JJavaError", "SparkException", "PythonException"))]
        return "Spark task failed: " + (found[-1] if found else text.strip().splitlines()[0])

    def _split(self, batches, reason):
        """After a failed job over batches: its halves, a lone batch's files one by one, or
        for a lone file the row that lists it."""
        self.bisections += 1
        if len(batches) > 1:
            self.log(f"a Spark job over {len(batches)} batches failed ({reason}); re-running it in halves")
            half = len(batches) // 2
            return self.run_direct(batches[:half]) + self.run_direct(batches[half:])
        items = batches[0]
        if len(items) > 1:
            self.log(f"a batch of {len(items)} files failed ({reason}); re-running it file by file")
            return self.run_direct([[it] for it in items])
        name, _, size = items[0]
        return [(("failed", self.jobs, name), [name],
                 gzip.compress((failure_line(name, reason, 1, size) + "\n").encode()), None)]


def dedupe(results):
    """One result per work unit: a unit Spark ran twice (a retry, a speculative copy) counts once."""
    seen, out = set(), []
    for r in results:
        key = r[0]
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    return out


def start_merge(oopsy, shards_path, fmt, members, out_path):
    """Starts `oopsy merge --format FMT SHARDS > out_path`."""
    cmd = [oopsy, "merge", "--format", fmt] + (["--members"] if members else []) + ["--", shards_path]
    with open(out_path, "wb") as out:
        return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE)


def finish_merge(proc, fmt):
    _, err = proc.communicate()
    if proc.returncode not in (0, 1, 3) or err.strip():
        raise RuntimeError(f"oopsy merge --format {fmt} failed ({describe_status(proc.returncode)}): "
                           + err.decode("utf-8", "replace").strip())


RENDERINGS = {"txt": "text", "csv": "csv", "html": "html"}


def last_line_cut(path):
    """(offset where the file's last line starts, that line) — read from the end."""
    with open(path, "rb") as fh:
        end = fh.seek(0, os.SEEK_END)
        pos, tail = end, b""
        while pos > 0:
            step = min(1 << 16, pos)
            pos -= step
            fh.seek(pos)
            tail = fh.read(step) + tail
            nl = tail.rstrip(b"\n").rfind(b"\n")
            if nl >= 0:
                return pos + nl + 1, tail[nl + 1:].rstrip(b"\n")
        return 0, tail.rstrip(b"\n")


def write_outputs(oopsy, results, walk_failures, out_dir, members, renderings=("txt", "csv", "html")):
    """Merges the shards with `oopsy merge` (jsonl and the renderings at once) and writes
    DIR/reports.jsonl, summary.json and summary.{txt,csv,html}, each through a .part file
    renamed into place. Returns the summary (parsed)."""
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="oopsy-spark-merge-") as tmp:
        shards = os.path.join(tmp, "shards.jsonl")
        with open(shards, "wb") as fh:
            for _, _, data, _ in results:
                fh.write(gzip.decompress(data))
            if walk_failures:
                fh.write(json.dumps({"summary": {"schema": SCHEMA, "inputs": 0, "bytes": 0, "reports": 0,
                                                 "unreadable": [{"source": s, "reason": r} for s, r in walk_failures],
                                                 "clusters": []}}, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
        formats = [("jsonl", "jsonl")] + [(ext, RENDERINGS[ext]) for ext in renderings]
        procs = [(fmt, start_merge(oopsy, shards, fmt, members, os.path.join(tmp, "out." + ext))) for ext, fmt in formats]
        for fmt, proc in procs:
            finish_merge(proc, fmt)
        merged = os.path.join(tmp, "out.jsonl")
        cut, last = last_line_cut(merged)
        if not last.startswith(SUMMARY_PREFIX.encode()) or not last.endswith(b"}"):
            raise RuntimeError("oopsy merge did not end with a summary line")
        summary = last[len(SUMMARY_PREFIX):-1]
        os.truncate(merged, cut)   # the report lines, byte for byte
        with open(os.path.join(tmp, "summary.json"), "wb") as fh:
            fh.write(summary + b"\n")
        outputs = [("reports.jsonl", "out.jsonl"), ("summary.json", "summary.json")]
        outputs += [(f"summary.{ext}", f"out.{ext}") for ext in renderings]
        for name, src in outputs:
            dest = os.path.join(out_dir, name)
            shutil.move(os.path.join(tmp, src), dest + ".part")
            os.replace(dest + ".part", dest)
    for ext in RENDERINGS:   # a rendering from an earlier run would no longer match
        if ext not in renderings and os.path.exists(os.path.join(out_dir, f"summary.{ext}")):
            os.remove(os.path.join(out_dir, f"summary.{ext}"))
    return json.loads(summary)


def driver_oopsy(path, sc=None):
    """The binary the driver runs `oopsy merge` with: --oopsy, else oopsy on PATH, else one
    shipped with `spark-submit --files .../oopsy` (once the context is up)."""
    if path:
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise UsageError(f"--oopsy '{path}': not an executable file")
        return os.path.abspath(path)
    found = shutil.which("oopsy")
    if found:
        return found
    if sc is not None:
        from pyspark import SparkFiles
        shipped = os.path.join(SparkFiles.getRootDirectory(), "oopsy")
        if os.path.isfile(shipped):
            if not os.access(shipped, os.X_OK):
                os.chmod(shipped, 0o755)
            return shipped
        for entry in (sc.getConf().get("spark.files", "") or "").split(","):
            local = file_uri_path(entry) if entry.startswith("file:") else entry
            if os.path.basename(local) == "oopsy" and os.access(local, os.X_OK):
                return os.path.abspath(local)
        raise UsageError("no oopsy binary for the driver: give it with --oopsy PATH (or put oopsy on PATH)")
    return None


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="oopsy_spark.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, globs or URIs")
    ap.add_argument("--output", "-o", required=True, metavar="DIR", help="folder for reports.jsonl, summary.*")
    ap.add_argument("--oopsy", metavar="PATH",
                    help="the oopsy binary: shipped to the executors and used by the driver (default: oopsy on PATH)")
    ap.add_argument("--master", help="Spark master URL (default: the submitted one, else local[*])")
    ap.add_argument("--members", action="store_true", help="list every occurrence of each cluster (as triage --members)")
    ap.add_argument("--read-via", choices=("auto", "spark"), default="auto",
                    help="auto: local paths in place, URIs through Spark; spark: everything through Spark")
    ap.add_argument("--list-via", choices=("auto", "hadoop"), default="auto",
                    help="auto: local paths walked as triage walks them, URIs through Hadoop; hadoop: every"
                         " path listed (and read) through Hadoop's FileSystem, the code path of hdfs:// and s3a://")
    ap.add_argument("--batch-mb", type=int, default=64, help="about this many MB per batch, at most (default 64)")
    ap.add_argument("--batch-files", type=int, default=500, help="at most this many files per batch (default 500)")
    ap.add_argument("--formats", default="txt,csv,html", metavar="LIST",
                    help="renderings of the summary beside reports.jsonl and summary.json: any of txt,csv,html,"
                         " comma-separated, or 'none' (each is one more oopsy merge over every report; default all)")
    ap.add_argument("--exit-zero", action="store_true", help="exit 0 whenever the job completed")
    ap.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")
    a = ap.parse_args(argv)
    if a.batch_mb < 1 or a.batch_files < 1:
        ap.error("--batch-mb and --batch-files must be at least 1")
    a.renderings = [] if a.formats.strip() == "none" else [f.strip() for f in a.formats.split(",") if f.strip()]
    if any(f not in RENDERINGS for f in a.renderings):
        ap.error("--formats takes txt, csv, html (comma-separated) or none")
    return a


def main(argv=None):
    try:
        a = parse_args(argv)
    except SystemExit as e:
        return 2 if e.code else 0
    started = time.time()

    def log(msg):
        if not a.quiet:
            print(f"oopsy-spark: {msg}", file=sys.stderr, flush=True)

    try:
        driver_oopsy(a.oopsy)   # a bad --oopsy is a usage error before Spark starts
        if "-" in a.paths:
            raise UsageError("standard input ('-') cannot be spread over a cluster: give files or folders")
        try:
            from pyspark import SparkConf, SparkContext
        except ImportError:
            raise UsageError("pyspark is not installed: pip install -r contrib/spark/requirements.txt")
        # The JVM first, so that SparkConf sees what spark-submit (or spark-defaults.conf) set.
        SparkContext._ensure_initialized()
        conf = SparkConf()
        if not conf.contains("spark.app.name"):
            conf.setAppName("oopsy-triage")
        if a.master:
            conf.setMaster(a.master)
        elif not conf.contains("spark.master"):
            conf.setMaster(os.environ.get("MASTER", "local[*]"))
        if conf.get("spark.master", "").startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        if not sys.stderr.isatty() or a.quiet:
            conf.set("spark.ui.showConsoleProgress", "false")
        sc = SparkContext.getOrCreate(conf)
        sc.setLogLevel("ERROR")
    except UsageError as e:
        print(f"oopsy-spark: error: {e}", file=sys.stderr)
        return 2
    try:
        return run(sc, a, driver_oopsy(a.oopsy, sc), log, started)
    except UsageError as e:
        print(f"oopsy-spark: error: {e}", file=sys.stderr)
        return 2
    finally:
        sc.stop()


def run(sc, a, oopsy, log, started):
    shipped = None
    if a.oopsy:
        sc.addFile(oopsy)
        shipped = os.path.basename(oopsy)
    t0 = time.time()
    direct, via_spark, walk_failures = expand(a.paths, a.read_via, a.list_via, sc)
    n_inputs = len(direct) + len(via_spark)
    size = sum(i.size for i in direct) + sum(i.size for i in via_spark)
    cfg = {"shipped": shipped, "jobs": int(sc.getConf().get("spark.task.cpus", "1")),
           "batch_bytes": a.batch_mb << 20, "batch_files": a.batch_files}
    batches = plan_batches(direct, sc.defaultParallelism, a.batch_mb << 20, a.batch_files)
    how = ([f"{len(direct)} in {len(batches)} batches read in place"] if direct else []) + \
          ([f"{len(via_spark)} read through Spark"] if via_spark else [])
    log(f"{n_inputs} files ({size / 1e6:.1f} MB): {' + '.join(how) or 'nothing to read'}"
        f" on {sc.master}; listed in {time.time() - t0:.1f}s")
    job = Job(sc, cfg, log)
    t1 = time.time()
    results = job.run_direct(batches) + job.run_spark_read(via_spark)
    results = dedupe(results)
    binaries = sorted({r[3] for r in results if r[3]})
    log(f"triaged in {time.time() - t1:.1f}s ({job.jobs} Spark job{'s' if job.jobs != 1 else ''});"
        f" executors ran {', '.join(binaries) or 'no oopsy'}")
    t2 = time.time()
    summary = write_outputs(oopsy, results, walk_failures, a.output, a.members, a.renderings)
    log(f"{summary['inputs']} inputs, {summary['reports']} reports in {len(summary['clusters'])} clusters,"
        f" {len(summary['unreadable'])} unreadable; merged in {time.time() - t2:.1f}s; wrote {a.output}/;"
        f" {time.time() - started:.1f}s in all")
    for f in summary["unreadable"][:50]:
        print(f"oopsy-spark: cannot read '{f['source']}': {f['reason']}", file=sys.stderr)
    if a.exit_zero:
        return 0
    return 3 if summary["unreadable"] else 1 if summary["reports"] else 0


if __name__ == "__main__":
    sys.exit(main())
