"""Tests of the Spark job (contrib/spark/oopsy_spark.py) in Spark's local mode.

The reference everywhere is `oopsy triage` run on one machine over the same paths: the Spark
job must write the same reports (byte for byte, canonical order), the same summary object
(clusters, counts, first/last occurrences, diagnoses, unreadable inputs) and the same
text/csv/html renderings, and exit with the same status.

Run with `contrib/spark/run-tests.sh` (venv, pyspark, oopsy build), or directly:
    OOPSY=/path/to/oopsy python -m pytest contrib/spark/test_oopsy_spark.py
"""

import glob
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import gen_corpus  # noqa: E402
import oopsy_spark  # noqa: E402

OOPSY = os.environ.get("OOPSY") or os.path.join(REPO, ".build-spark", "release", "oopsy")
JOB = os.path.join(HERE, "oopsy_spark.py")
FILES = int(os.environ.get("OOPSY_SPARK_TEST_FILES", "3000"))

_tmp = None
# One environment for oopsy and the job (the text format's width follows COLUMNS, which some
# test runners put in the C-level environment only: os.environ is passed explicitly).
ENV = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}


def setUpModule():
    global _tmp
    if not os.access(OOPSY, os.X_OK):
        raise unittest.SkipTest(f"no oopsy binary at {OOPSY} (set OOPSY, or run run-tests.sh)")
    _tmp = tempfile.mkdtemp(prefix="oopsy-spark-test-")
    gen_corpus.make_corpus(os.path.join(_tmp, "corpus"), files=FILES, seed=9)


def tearDownModule():
    if _tmp:
        shutil.rmtree(_tmp, ignore_errors=True)


def triage(args, fmt="jsonl", cwd=None, oopsy=OOPSY):
    p = subprocess.run([oopsy, "triage", "--format", fmt, "--quiet", "--"] + list(args), cwd=cwd, env=ENV,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.returncode in (0, 1, 3), p.stderr
    return p.returncode, p.stdout


def spark(args, out, master="local[2]", cwd=None, env=None, oopsy=OOPSY, extra=()):
    cmd = [sys.executable, JOB, "--master", master, "--output", out] + list(extra)
    if oopsy:
        cmd += ["--oopsy", oopsy]
    full_env = dict(ENV, **(env or {}))
    p = subprocess.run(cmd + ["--"] + list(args), cwd=cwd, env=full_env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def read(path):
    with open(path, "rb") as fh:
        return fh.read()


def split_triage(jsonl):
    """triage's jsonl → (report lines, the summary object's bytes)."""
    body = jsonl.rstrip(b"\n")
    cut = body.rfind(b"\n") + 1
    last = body[cut:]
    assert last.startswith(b'{"summary":') and last.endswith(b"}"), last[:80]
    return body[:cut], last[len(b'{"summary":'):-1]


class SparkCase(unittest.TestCase):
    maxDiff = 4000

    def out_dir(self, name):
        d = os.path.join(_tmp, "out-" + name)
        shutil.rmtree(d, ignore_errors=True)
        return d

    def assertSameAsTriage(self, out, triage_args, cwd=None, rename=None, formats=True):
        """out/ holds what `oopsy triage triage_args` gives, byte for byte (after rename, a
        function applied to triage's bytes, e.g. to put file:// before the paths)."""
        rename = rename or (lambda b: b)
        rc, jsonl = triage(triage_args, cwd=cwd)
        reports, summary = split_triage(rename(jsonl))
        got_summary = read(os.path.join(out, "summary.json"))
        if got_summary != summary + b"\n":
            # Say what differs before failing on the bytes.
            a, b = json.loads(got_summary), json.loads(summary)
            for key in ("inputs", "bytes", "reports", "unreadable"):
                self.assertEqual(a[key], b[key], key)
            self.assertEqual([(c["signature"], c["count"], c["first"], c["last"]) for c in a["clusters"]],
                             [(c["signature"], c["count"], c["first"], c["last"]) for c in b["clusters"]])
            self.assertEqual(a, b)
        self.assertEqual(got_summary, summary + b"\n")
        self.assertEqual(read(os.path.join(out, "reports.jsonl")), reports)
        if formats:
            for ext, fmt in (("txt", "text"), ("csv", "csv")):
                _, want = triage(triage_args, fmt=fmt, cwd=cwd)
                self.assertEqual(read(os.path.join(out, f"summary.{ext}")), rename(want), fmt)
            # triage's html shows each cluster's raw log lines, which jsonl does not carry, so
            # `oopsy merge --format html` (the job's reduce) shows the rendered report instead:
            # the reference is merge over one machine's triage jsonl.
            shard = os.path.join(_tmp, "one-machine.jsonl")
            with open(shard, "wb") as fh:
                fh.write(rename(jsonl))
            p = subprocess.run([OOPSY, "merge", "--format", "html", shard], env=ENV, stdout=subprocess.PIPE)
            self.assertEqual(read(os.path.join(out, "summary.html")), p.stdout, "html")
        return rc, json.loads(summary)


class CorpusTests(SparkCase):
    """The generated corpus of a few thousand files, through the command line."""

    def test_corpus_equals_triage(self):
        """A folder, a glob and a single file, relative to the working directory."""
        corpus = os.path.join(_tmp, "corpus")
        args = ["corpus/host-00", "corpus/host-0[1-9]", "corpus/host-1*", "corpus/host-10/console-00010.log"]
        globbed = [os.path.relpath(p, _tmp) for pattern in ("host-0[1-9]", "host-1*")
                   for p in sorted(glob.glob(os.path.join(corpus, pattern)))]   # as a shell would
        shell_args = ["corpus/host-00"] + globbed + ["corpus/host-10/console-00010.log"]
        out = self.out_dir("corpus")
        rc, err = spark(args, out, cwd=_tmp)
        self.assertIn("userFiles", err, "the binary reached the tasks through SparkFiles (--oopsy)")
        want_rc, summary = self.assertSameAsTriage(out, shell_args, cwd=_tmp)
        self.assertEqual(rc, want_rc, err)
        self.assertEqual(rc, 1)
        # Not a vacuous equality: thousands of inputs, many clusters, diagnoses, compressed input.
        self.assertEqual(summary["inputs"], FILES + 2)    # + the one file given twice, + empty.log
        self.assertGreater(summary["reports"], FILES // 2)
        self.assertGreater(len(summary["clusters"]), 50)
        self.assertTrue(any(c.get("diagnosis") for c in summary["clusters"]))
        self.assertEqual(summary["unreadable"], [])
        sources = [json.loads(line)["source"] for line in read(os.path.join(out, "reports.jsonl")).splitlines()]
        self.assertTrue(all(s.startswith("corpus/") for s in sources), "named as given, no file: URIs")
        self.assertTrue(any(s.endswith(".gz") for s in sources))

    def test_unreadable_files_and_a_task_that_fails_once(self):
        """A corrupt .gz, a dangling symlink (a path that vanished), a missing path on the
        command line, and a task that raises once after yielding its output: Spark retries
        it (local[2,2]: two attempts per task); the answer is triage's, the bad files listed."""
        corpus = os.path.join(_tmp, "corpus")
        bad = os.path.join(_tmp, "bad")
        shutil.rmtree(bad, ignore_errors=True)
        os.makedirs(bad)
        corrupt = os.path.join(bad, "corrupt.log.gz")
        with open(corrupt, "wb") as fh:
            whole = gzip.compress(read(os.path.join(corpus, "host-02", "console-00018.log")))
            fh.write(whole[:len(whole) // 2])   # cut short
        vanished = os.path.join(bad, "vanished.log")
        os.symlink(os.path.join(bad, "gone.log"), vanished)
        shutil.copy(os.path.join(corpus, "host-02", "console-00018.log"), os.path.join(bad, "ok.log"))
        marker = os.path.join(_tmp, "failed-once")
        if os.path.exists(marker):
            os.remove(marker)
        out = self.out_dir("bad")
        args = [corpus, bad, os.path.join(_tmp, "no-such-folder")]
        rc, err = spark(args, out, master="local[2,2]",
                        env={oopsy_spark.FAIL_ONCE_ENV: marker, oopsy_spark.FAIL_MATCH_ENV: "console-01234"})
        self.assertTrue(os.path.exists(marker), "the hook made a task fail")
        self.assertIn("test hook: failing once", err)
        self.assertNotIn("re-running", err, "Spark's own retry recovered, not the job's fallback")
        want_rc, summary = self.assertSameAsTriage(out, args, formats=False)
        self.assertEqual((rc, want_rc), (3, 3))
        listed = {f["source"]: f["reason"] for f in summary["unreadable"]}
        self.assertEqual(set(listed), {corrupt, vanished, os.path.join(_tmp, "no-such-folder")})
        self.assertIn("gzip exited with status 1", listed[corrupt])
        self.assertEqual(listed[vanished], "No such file or directory")


class SmallCorpusTests(SparkCase):
    """The other ways in, on a few hundred files."""

    @classmethod
    def setUpClass(cls):
        cls.root = os.path.join(_tmp, "small")
        shutil.rmtree(cls.root, ignore_errors=True)
        os.makedirs(cls.root)
        for host in ("host-05", "host-06"):
            shutil.copytree(os.path.join(_tmp, "corpus", host), os.path.join(cls.root, host))
        with open(os.path.join(cls.root, "host-05", "corrupt.log.gz"), "wb") as fh:
            fh.write(b"not gzip at all\n")

    def test_oopsy_on_path(self):
        """No --oopsy: the executors (and the driver's merge) use oopsy on PATH. --formats csv:
        no other rendering is written (and a stale one is removed)."""
        bindir = os.path.join(_tmp, "bin")
        os.makedirs(bindir, exist_ok=True)
        target = os.path.join(bindir, "oopsy")
        if not os.path.exists(target):
            os.symlink(os.path.abspath(OOPSY), target)
        out = self.out_dir("path")
        os.makedirs(out)
        open(os.path.join(out, "summary.html"), "w").close()   # from an earlier run
        rc, err = spark([self.root], out, oopsy=None, env={"PATH": bindir + os.pathsep + os.environ["PATH"]},
                        extra=["--formats", "csv"])
        self.assertIn(f"executors ran {target}", err)
        self.assertEqual(sorted(os.listdir(out)), ["reports.jsonl", "summary.csv", "summary.json"])
        want_rc, _ = self.assertSameAsTriage(out, [self.root], formats=False)
        self.assertEqual(rc, want_rc)

    def test_spark_submit_with_files(self):
        """spark-submit --files .../oopsy, no --oopsy and no oopsy on PATH: the executors and
        the driver's merge use the shipped copy; the submitted master is kept."""
        bindir = os.path.dirname(sys.executable)
        submit = os.path.join(bindir, "spark-submit")
        if not os.path.exists(submit):
            self.skipTest("no spark-submit beside this python (pyspark not installed in a venv)")
        out = self.out_dir("submit")
        path = os.pathsep.join(p for p in ENV["PATH"].split(os.pathsep) if not os.path.exists(os.path.join(p, "oopsy")))
        env = dict(ENV, PATH=bindir + os.pathsep + path, PYSPARK_PYTHON=sys.executable)
        p = subprocess.run([submit, "--master", "local[2]", "--files", os.path.abspath(OOPSY), JOB,
                            "--output", out, self.root], env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        # spark-submit runs the Python driver with its stderr joined to stdout.
        err = (p.stdout + p.stderr).decode("utf-8", "replace")
        self.assertIn("on local[2]", err)
        self.assertRegex(err, r"executors ran \S*userFiles\S*/oopsy")
        want_rc, _ = self.assertSameAsTriage(out, [self.root], formats=False)
        self.assertEqual(p.returncode, want_rc, err[-3000:])

    def test_listed_and_read_through_hadoop(self):
        """--list-via hadoop --read-via spark: the path of hdfs:// and s3a:// inputs (Hadoop's
        FileSystem lists, binaryFiles reads, each task copies its files to a temporary folder),
        on file:// URIs, a glob among them: named as given, results as triage's."""
        out = self.out_dir("hadoop")
        uri = "file://" + self.root
        rc, err = spark([uri + "/host-05", uri + "/host-0[6]", uri + "/missing.log"], out,
                        extra=["--list-via", "hadoop", "--read-via", "spark"])
        self.assertIn("read through Spark", err)
        paths = [self.root + "/host-05", self.root + "/host-06", self.root + "/missing.log"]
        prefix = self.root.encode()   # a unique temporary folder: every occurrence is a path
        want_rc, summary = self.assertSameAsTriage(
            out, paths, rename=lambda b: b.replace(prefix, b"file://" + prefix), formats=False)
        self.assertEqual(rc, want_rc)
        self.assertEqual(sorted(f["source"] for f in summary["unreadable"]),
                         [uri + "/host-05/corrupt.log.gz", uri + "/missing.log"])

    def test_crashing_oopsy_and_a_failed_job_without_retries(self):
        """An oopsy that dies on one file: its batch is redone file by file, that file is listed
        with the signal, every other file's reports are kept. And without Spark retries
        (local[2]: one attempt per task) a task that fails once fails the Spark job: the job
        re-runs the failed work in halves and the answer is unchanged."""
        wrapper = os.path.join(_tmp, "crashy", "oopsy")
        os.makedirs(os.path.dirname(wrapper), exist_ok=True)
        with open(wrapper, "w") as fh:
            fh.write("#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in *CRASH*) kill -SEGV $$;; esac; done\n"
                     f"exec '{os.path.abspath(OOPSY)}' \"$@\"\n")
        os.chmod(wrapper, 0o755)
        root = os.path.join(_tmp, "crash")
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(self.root, root)
        crash = os.path.join(root, "host-06", "CRASH.log")
        shutil.copy(os.path.join(self.root, "host-05", "console-00005.log"), crash)
        marker = os.path.join(_tmp, "failed-once-halves")
        if os.path.exists(marker):
            os.remove(marker)
        out = self.out_dir("crash")
        rc, err = spark([root], out, oopsy=wrapper, master="local[2]",
                        env={oopsy_spark.FAIL_ONCE_ENV: marker, oopsy_spark.FAIL_MATCH_ENV: "console-00021"})
        self.assertTrue(os.path.exists(marker))
        self.assertIn("re-running it in halves", err)
        self.assertEqual(rc, 3, err)
        summary = json.loads(read(os.path.join(out, "summary.json")))
        os.remove(crash)
        _, jsonl = triage([root])
        reports, want = split_triage(jsonl)
        want = json.loads(want)
        self.assertEqual(read(os.path.join(out, "reports.jsonl")), reports)
        self.assertEqual(summary["unreadable"], want["unreadable"] + [{"source": crash, "reason": "oopsy was killed by signal 11"}])
        self.assertEqual(summary["reports"], want["reports"])
        self.assertEqual(summary["inputs"], want["inputs"] + 1)
        self.assertEqual(summary["clusters"], want["clusters"])

    def test_usage_errors(self):
        out = self.out_dir("usage")
        for args, extra in ((["-"], []), ([self.root], ["--batch-files", "0"])):
            rc, err = spark(args, out, extra=extra)
            self.assertEqual(rc, 2, err)
        rc, err = spark([self.root], out, oopsy=os.path.join(_tmp, "no-oopsy"))
        self.assertEqual(rc, 2, err)
        self.assertIn("not an executable file", err)


class InProcessTests(SparkCase):
    """Files that vanish between the listing and the read, through Job in this process."""

    @classmethod
    def setUpClass(cls):
        from pyspark import SparkConf, SparkContext
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        cls.sc = SparkContext.getOrCreate(SparkConf().setMaster("local[2]").setAppName("oopsy-spark-tests")
                                          .set("spark.ui.showConsoleProgress", "false"))
        cls.sc.setLogLevel("OFF")
        cls.sc.addPyFile(oopsy_spark.__file__)
        cls.sc.addFile(os.path.abspath(OOPSY))
        cls.cfg = {"shipped": os.path.basename(OOPSY), "jobs": 1, "batch_bytes": 64 << 20, "batch_files": 500}
        cls.files = sorted(glob.glob(os.path.join(_tmp, "corpus", "host-07", "*.log")))[:60]
        cls.gone = os.path.join(_tmp, "corpus", "host-07", "gone.log")

    @classmethod
    def tearDownClass(cls):
        cls.sc.stop()

    def inputs(self, scheme=""):
        ins = [oopsy_spark.Input(p, scheme + p, os.path.getsize(p)) for p in self.files]
        return ins + [oopsy_spark.Input(self.gone, scheme + self.gone, 1234)]   # listed, then gone

    def check(self, results, out):
        results = oopsy_spark.dedupe(results)
        summary = oopsy_spark.write_outputs(os.path.abspath(OOPSY), results, [], out, False)
        self.assertEqual(summary["unreadable"], [{"source": self.gone, "reason": "No such file or directory"}])
        self.assertSameAsTriage(out, self.files + [self.gone], formats=False)

    def test_vanished_file_read_in_place(self):
        job = oopsy_spark.Job(self.sc, self.cfg, lambda m: None)
        batches = oopsy_spark.plan_batches(self.inputs(), 2, batch_files=8)
        results = job.run_direct(batches)
        self.assertEqual(job.jobs, 1)
        # A retried or speculative copy of a unit delivers the same key: counted once.
        self.check(results + results[:3], self.out_dir("vanished-direct"))

    def test_vanished_file_read_through_spark(self):
        """binaryFiles fails the whole job on a missing file: the job is re-run in halves
        until the missing file is alone, and it becomes a row."""
        job = oopsy_spark.Job(self.sc, self.cfg, lambda m: None)
        results = job.run_spark_read(self.inputs("file:"))
        self.assertGreater(job.bisections, 0)
        self.check(results, self.out_dir("vanished-spark"))


class UnitTests(unittest.TestCase):
    """The driver's pieces, without Spark."""

    def test_walk_matches_triage(self):
        """expand() lists what `oopsy triage` reads: hidden names skipped, dangling links,
        nested folders, globs, file: URIs; the same inputs, bytes and failures."""
        root = tempfile.mkdtemp(dir=_tmp)
        os.makedirs(os.path.join(root, "a", "b", "c"))
        os.makedirs(os.path.join(root, ".hidden-dir"))
        for rel, body in (("a/x.log", b"one\n"), ("a/b/y.log", b"two\n" * 3), ("a/b/c/z.log.gz", gzip.compress(b"z\n")),
                          ("a/.h.log", b"hidden\n"), (".hidden-dir/w.log", b"w\n"), ("top.log", b""),
                          ("-dash.log", b"dash\n"), ("sp ace.log", b"space\n")):
            with open(os.path.join(root, rel), "wb") as fh:
                fh.write(body)
        os.symlink(os.path.join(root, "nowhere"), os.path.join(root, "a", "b", "dangling.log"))
        cases = [[root], [root + "/"], [os.path.join(root, "a")], [os.path.join(root, "*.log")],
                 ["file://" + os.path.join(root, "a")], [os.path.join(root, "missing")], [os.path.join(root, "none*")]]
        for args in cases:
            direct, via_spark, failures = oopsy_spark.expand(args)
            self.assertEqual(via_spark, [])
            plain = [a[len("file://"):] if a.startswith("file://") else a for a in args]
            plain = [m for a in plain for m in (sorted(glob.glob(a)) or [a])] if "*" in args[0] else plain
            _, jsonl = triage(plain)
            want = json.loads(split_triage(jsonl)[1])
            strip = (lambda s: s[len("file://"):]) if args[0].startswith("file://") else (lambda s: s)
            self.assertEqual(len(direct), want["inputs"], args)
            self.assertEqual(sum(i.size for i in direct), sum(os.path.getsize(i.path) for i in direct), args)
            # triage counts the bytes it analyzed: a .gz input counts decompressed.
            analyzed = sum(len(gzip.decompress(open(i.path, "rb").read())) if i.path.endswith(".gz")
                           else i.size for i in direct)
            self.assertEqual(analyzed, want["bytes"], args)
            self.assertEqual(sorted((strip(s), r) for s, r in failures),
                             [(f["source"], f["reason"]) for f in want["unreadable"]], args)

    def test_plan_batches(self):
        ins = [oopsy_spark.Input(f"f{i}", f"/p/f{i}", (i * 7919) % 100000) for i in range(1000)]
        ins.append(oopsy_spark.Input("big", "/p/big", 500 << 20))
        batches = oopsy_spark.plan_batches(ins, 2, batch_bytes=64 << 20, batch_files=300)
        names = [n for b in batches for n, _, _ in b]
        self.assertEqual(sorted(names), sorted(i.name for i in ins), "every input in exactly one batch")
        self.assertEqual(len(batches) % 2, 0, "whole rounds of the cores")
        self.assertTrue(all(len(b) <= 300 for b in batches))
        self.assertIn([("big", "/p/big", 500 << 20)], batches, "a big file is one task's, whole")
        self.assertEqual(oopsy_spark.plan_batches([], 2), [])
        # Many empty files beside a few huge ones: the file cap, not the bytes, bounds a batch.
        ins = [oopsy_spark.Input(f"e{i}", f"/p/e{i}", 0) for i in range(1000)]
        ins += [oopsy_spark.Input(f"h{i}", f"/p/h{i}", 100 << 20) for i in range(5)]
        batches = oopsy_spark.plan_batches(ins, 2, batch_bytes=64 << 20, batch_files=200)
        self.assertEqual(sum(len(b) for b in batches), 1005)
        self.assertTrue(all(len(b) <= 200 for b in batches), [len(b) for b in batches])

    def test_names_in_oopsy_output(self):
        """Paths oopsy read are renamed to the names given, in reports and in failures (the
        gzip message names the file too); a vanished file is triage's row."""
        src = os.path.join(_tmp, "corpus", "host-00", "boot-0", "console-00000.log.gz")
        bad = os.path.join(_tmp, "bad-names.gz")
        with open(bad, "wb") as fh:
            fh.write(b"garbage")
        items = [("logs/a.log.gz", src, os.path.getsize(src)), ("logs/b.gz", bad, 7),
                 ("logs/gone.log", os.path.join(_tmp, "gone.log"), 10)]
        lines = oopsy_spark.triage_items(os.path.abspath(OOPSY), items, 1)
        objs = [json.loads(line) for line in lines]
        reports = [o for o in objs if "summary" not in o]
        self.assertTrue(reports and all(o["source"] == "logs/a.log.gz" for o in reports))
        (summary,) = [o["summary"] for o in objs if "summary" in o]
        self.assertEqual(summary["inputs"], 2)
        _, jsonl = triage([bad, os.path.join(_tmp, "gone.log")])   # triage's own words, renamed
        want = json.loads(split_triage(jsonl)[1])["unreadable"]
        self.assertIn("logs/b.gz", summary["unreadable"][0]["reason"])   # gzip's message names it too
        self.assertEqual(summary["unreadable"], [
            {"source": "logs/b.gz", "reason": want[0]["reason"].replace(bad, "logs/b.gz")},
            {"source": "logs/gone.log", "reason": want[1]["reason"]}])

    def test_dedupe_keeps_one_result_per_unit(self):
        r = [(("direct", 0, 0), ["a"], b"x", None), (("direct", 0, 1), ["b"], b"y", None),
             (("direct", 0, 0), ["a"], b"x", None)]
        self.assertEqual(oopsy_spark.dedupe(r), r[:2])


if __name__ == "__main__":
    unittest.main()
