import Foundation
import Testing

/// Every way a run can fail gives one clear line on stderr that names the file, and SCHEMA.md's
/// exit code (3 when an input cannot be read or the output cannot be written); a closed pipe
/// ends the run quietly.
struct ErrorPathTests {
    /// Runs `script` in bash with `$OOPSY` set to the binary, from the repository root.
    static func shell(_ script: String) throws -> CLITests.Run {
        var env = ProcessInfo.processInfo.environment
        env["OOPSY"] = CLITests.binary.path
        return try CLITests.launch(URL(fileURLWithPath: "/bin/bash"), ["-c", script], environment: env)
    }

    static func lines(_ s: String) -> [Substring] { s.split(separator: "\n") }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oopsy-errors-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aDirectoryGivenToAnalyze() throws {
        let r = try CLITests.run(["Corpus/seed"])
        #expect(r.status == 3)
        #expect(Self.lines(r.stderr) == ["oopsy: error: cannot read 'Corpus/seed': is a directory (use 'oopsy triage' for folders)"])
        #expect(r.stdout.isEmpty)
    }

    /// A file that opens but cannot be read (the kernel refuses `read` on it).
    @Test func aFileThatCannotBeRead() throws {
        let r = try CLITests.run(["--format", "jsonl", "/proc/self/mem", "Corpus/seed/seed-clean.log"])
        #expect(r.status == 3)
        let errs = Self.lines(r.stderr)
        #expect(errs.count == 1)
        #expect(errs.first?.hasPrefix("oopsy: error: cannot read '/proc/self/mem': ") == true)
        #expect(r.stdout.contains("\"source\":\"Corpus/seed/seed-clean.log\""))
    }

    /// Permission denied (not testable as root, who may read anything).
    @Test(.enabled(if: getuid() != 0)) func aFileWithoutReadPermission() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("secret.log")
        try Data("x\n".utf8).write(to: file)
        chmod(file.path, 0)
        let r = try CLITests.run([file.path])
        #expect(r.status == 3)
        #expect(Self.lines(r.stderr) == ["oopsy: error: cannot read '\(file.path)': Permission denied"])
    }

    @Test func aPathThroughAFile() throws {
        let r = try CLITests.run(["Corpus/seed/seed-clean.log/x"])
        #expect(r.status == 3)
        #expect(Self.lines(r.stderr) == ["oopsy: error: cannot read 'Corpus/seed/seed-clean.log/x': Not a directory"])
    }

    /// A file whose name is not UTF-8 is read under its real name; a missing one is named with
    /// its odd bytes spelled out.
    @Test func fileNamesThatAreNotUTF8() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ok = try Self.shell("""
            cp Corpus/seed/seed-clean.log "\(dir.path)/bad-$(printf '\\377').log" && \
            "$OOPSY" --format jsonl "\(dir.path)/bad-$(printf '\\377').log"
            """)
        #expect(ok.status == 1)
        #expect(ok.stderr.isEmpty)
        #expect(ok.stdout.contains("iommu_dma_map_sg"))
        let missing = try Self.shell(#""$OOPSY" "\#(dir.path)/gone-$(printf '\377\033').log""#)
        #expect(missing.status == 3)
        #expect(Self.lines(missing.stderr) == ["oopsy: error: cannot read '\(dir.path)/gone-\\xff\\x1b.log': No such file or directory"])
        // Triage cannot open such a name (it keeps paths as text): it says so and why.
        let triage = try Self.shell("""
            "$OOPSY" triage --quiet --format csv "\(dir.path)"
            """)
        #expect(triage.status == 3)
        #expect(Self.lines(triage.stderr) == ["oopsy: error: cannot read '\(dir.path)/bad-\\xff.log': cannot be opened by name (the file name is not valid UTF-8; rename it, or pipe it in with '-')"])
    }

    /// `oopsy … | head`: the reader leaves, oopsy stops writing and exits with the status of
    /// what it found, saying nothing.
    @Test(arguments: ["--format jsonl", "--format json", "--format text --color always"])
    func brokenPipeIsQuiet(format: String) throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.shell("""
            for i in $(seq 400); do cat Corpus/seed/seed-clean.log; done > "\(dir.path)/many.log"
            "$OOPSY" \(format) "\(dir.path)/many.log" | head -c 100 > /dev/null
            echo "status ${PIPESTATUS[0]}"
            """)
        #expect(r.stdout == "status 1\n")
        #expect(r.stderr.isEmpty)
    }

    /// `--output` on a full disk, and standard output on one: one line naming where, exit 3.
    @Test func diskFull() throws {
        let triage = try CLITests.run(["triage", "--quiet", "--output", "/dev/full", "Corpus/seed/seed-clean.log"])
        #expect(triage.status == 3)
        #expect(Self.lines(triage.stderr) == ["oopsy: error: cannot write '/dev/full': No space left on device"])
        let merge = try Self.shell(#""$OOPSY" triage --quiet --format jsonl Corpus/seed/seed-clean.log > "${TMPDIR:-/tmp}/oopsy-shard-$$.jsonl"; "$OOPSY" merge --output /dev/full "${TMPDIR:-/tmp}/oopsy-shard-$$.jsonl"; s=$?; rm -f "${TMPDIR:-/tmp}/oopsy-shard-$$.jsonl"; exit $s"#)
        #expect(merge.status == 3)
        #expect(Self.lines(merge.stderr) == ["oopsy: error: cannot write '/dev/full': No space left on device"])
        let analyze = try Self.shell(#""$OOPSY" --format json Corpus/seed/seed-clean.log > /dev/full"#)
        #expect(analyze.status == 3)
        #expect(Self.lines(analyze.stderr) == ["oopsy: error: cannot write output: No space left on device"])
    }

    /// `merge` reads compressed shards like plain ones; a missing or broken shard is one line
    /// naming it, exit 3, and the other shards are still merged.
    @Test func mergeReadsCompressedShardsAndNamesBrokenOnes() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = dir.path
        let r = try Self.shell("""
            "$OOPSY" triage --quiet --format jsonl Corpus/seed > "\(d)/a.jsonl"
            gzip -c "\(d)/a.jsonl" > "\(d)/a.jsonl.gz"
            head -c 20 "\(d)/a.jsonl.gz" > "\(d)/cut.jsonl.gz"
            "$OOPSY" merge --format jsonl "\(d)/a.jsonl" > "\(d)/plain.out"
            "$OOPSY" merge --format jsonl "\(d)/a.jsonl.gz" > "\(d)/gz.out"
            cmp -s "\(d)/plain.out" "\(d)/gz.out" && echo same
            "$OOPSY" merge --format jsonl "\(d)/a.jsonl.gz" "\(d)/missing.jsonl" "\(d)/cut.jsonl.gz" > "\(d)/partial.out"
            echo "status $?"
            cmp -s "\(d)/plain.out" "\(d)/partial.out" && echo still merged
            """)
        #expect(r.stdout == "same\nstatus 3\nstill merged\n")
        let errors = Self.lines(r.stderr)
        #expect(errors.count == 2)
        #expect(errors.first == "oopsy: error: cannot read '\(d)/missing.jsonl': No such file or directory")
        #expect(errors.last?.hasPrefix("oopsy: error: cannot read '\(d)/cut.jsonl.gz': gzip exited with status 1") == true)
    }

    /// A compressed log is read by its first bytes, whatever its name and however it arrives
    /// (gzip, xz, zstd, bzip2; a file, a file named otherwise, stdin), with the plain log's
    /// reports; `report` too. A cut archive gives the reports before the cut, one line naming
    /// it, exit 3.
    /// A pstore folder is read dump by dump, each dump's parts joined from the highest (the
    /// oldest text) down: a report cut across two parts is found whole, named after its dump;
    /// other files of the folder (console-ramoops) are not dumps.
    @Test func aPstoreFolderIsReadDumpByDump() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = dir.path
        let r = try Self.shell(Self.seedAsPstore(in: d) + """
            echo "console text" > "\(d)/console-ramoops-0"
            "$OOPSY" --format jsonl "$L" | sed 's/"source":"[^"]*"//' > "\(d)/plain.out"
            "$OOPSY" --format jsonl "\(d)" > "\(d)/pstore.out"; echo "status $?"
            sed 's/"source":"[^"]*"//' "\(d)/pstore.out" | cmp -s - "\(d)/plain.out" && echo same
            grep -c '"source":"\(d) \\[Oops#1\\]"' "\(d)/pstore.out"
            """)
        #expect(r.stdout.contains("status 1"))
        #expect(r.stdout.contains("same"))
        #expect(r.stdout.hasSuffix("1\n"))
    }

    /// Shell lines that cut the seed log ($L) into a pstore dump of two parts in `folder`, as
    /// ramoops writes them (Part1 the newest text).
    static func seedAsPstore(in folder: String) -> String {
        """
        L=Corpus/seed/seed-clean.log
        n=$(wc -l < "$L"); h=$((n / 2))
        { echo "Oops#1 Part1"; tail -n +$((h + 1)) "$L"; } > "\(folder)/dmesg-ramoops-0"
        { echo "Oops#1 Part2"; head -n $h "$L"; } > "\(folder)/dmesg-ramoops-1"

        """
    }

    /// Triage reads a pstore folder as analyze does (each dump's parts joined: the seed's oops
    /// keeps its trace, one report, not two halves); a kdump crash folder, of kexec-tools'
    /// layout or kdump-tools', is read through the log beside the dump, whose bytes (here
    /// random, as a vmcore's are to a text reader) are never read.
    @Test func triageJoinsPstoreDumpsAndCrashFoldersReadTheirLog() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = dir.path
        try FileManager.default.createDirectory(atPath: d + "/pstore", withIntermediateDirectories: false)
        let r = try Self.shell(Self.seedAsPstore(in: d + "/pstore") + """
            mkdir "\(d)/crash" "\(d)/crash/127.0.0.1-2026-12-08-02:50:00" "\(d)/crash/202612080250"
            "$OOPSY" triage --format jsonl "\(d)/pstore" | tail -n 1 | python3 -c 'import json, sys; s = json.load(sys.stdin)["summary"]; print(s["inputs"], s["reports"], s["clusters"][0]["first"]["source"].endswith("/pstore [Oops#1]"))'
            k="\(d)/crash/127.0.0.1-2026-12-08-02:50:00"; cp "$L" "$k/vmcore-dmesg.txt"; head -c 200000 /dev/urandom > "$k/vmcore"
            t="\(d)/crash/202612080250"; cp Corpus/lab/6.1/null-group.log "$t/dmesg.202612080250"; head -c 100000 /dev/urandom > "$t/dump.202612080250"
            "$OOPSY" --format jsonl "$k" | grep -c '"source":"'"$k"'/vmcore-dmesg.txt"'; echo "analyze ${PIPESTATUS[0]}"
            "$OOPSY" triage --format jsonl "\(d)/crash" | tail -n 1 | python3 -c 'import json, sys; s = json.load(sys.stdin)["summary"]; print(s["inputs"], s["reports"], s["bytes"] < 100000)'
            """)
        #expect(Self.lines(r.stdout) == ["1 1 True", "1", "analyze 1", "2 2 True"], "\(r.stdout)\(r.stderr)")
    }

    @Test func analyzeReadsCompressedLogsByTheirFirstBytes() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = dir.path
        let r = try Self.shell("""
            L=Corpus/real/x86_64/cx23885-amdvi-fault-unmap-warns-slub-bug-3.19.log
            strip() { sed 's/"source":"[^"]*"//'; }
            "$OOPSY" --format jsonl "$L" | strip > "\(d)/plain.out"
            gzip -c "$L" > "\(d)/kern.log.gz"; xz -c "$L" > "\(d)/kern.log.1"
            zstd -qc "$L" > "\(d)/kern.txt"; bzip2 -c "$L" > "\(d)/kern"
            for f in kern.log.gz kern.log.1 kern.txt kern; do
                "$OOPSY" --format jsonl "\(d)/$f" | strip | cmp -s - "\(d)/plain.out" && echo "same $f"
            done
            "$OOPSY" --format jsonl < "\(d)/kern.log.gz" | strip | cmp -s - "\(d)/plain.out" && echo "same stdin file"
            cat "\(d)/kern.log.1" | "$OOPSY" --format jsonl | strip | cmp -s - "\(d)/plain.out" && echo "same stdin pipe"
            "$OOPSY" report --plain "\(d)/kern.log.1" | grep -c '^WARNING in check_unmap'
            head -c $(( $(stat -c %s "\(d)/kern.log.gz") / 3 )) "\(d)/kern.log.gz" > "\(d)/cut.gz"
            n=$("$OOPSY" --format jsonl "\(d)/cut.gz" 2>/dev/null | grep -c '"title"')
            [ "$n" -ge 1 ] && [ "$n" -lt 4 ] && echo "reports before the cut"
            "$OOPSY" "\(d)/cut.gz" > /dev/null; echo "status $?"
            """)
        #expect(r.stdout == "same kern.log.gz\nsame kern.log.1\nsame kern.txt\nsame kern\nsame stdin file\nsame stdin pipe\n1\nreports before the cut\nstatus 3\n")
        let errors = Self.lines(r.stderr)
        #expect(errors == ["oopsy: error: cannot read '\(d)/cut.gz': gzip exited with status 1: gzip: stdin: unexpected end of file"])
    }

    /// `--exit-zero`: a completed run exits 0, reports found or an input unreadable (still
    /// named on stderr); a usage error and an unwritable output keep their status.
    @Test func exitZeroMasksWhatACompletedRunFound() throws {
        let r = try Self.shell("""
            "$OOPSY" Corpus/seed/seed-clean.log > /dev/null; echo "plain $?"
            "$OOPSY" --exit-zero Corpus/seed/seed-clean.log > /dev/null; echo "found $?"
            "$OOPSY" --exit-zero /nonexistent Corpus/seed/seed-clean.log > /dev/null 2>&1; echo "unreadable $?"
            "$OOPSY" triage --exit-zero --quiet Corpus/seed > /dev/null; echo "triage $?"
            "$OOPSY" report --exit-zero Corpus/seed/seed-clean.log > /dev/null; echo "report $?"
            "$OOPSY" --exit-zero --no-such-option > /dev/null 2>&1; echo "usage $?"
            "$OOPSY" --exit-zero Corpus/seed/seed-clean.log > /dev/full 2>/dev/null; echo "full $?"
            """)
        #expect(Self.lines(r.stdout) == ["plain 1", "found 0", "unreadable 0", "triage 0", "report 0", "usage 2", "full 3"])
    }

    /// A kernel the model does not cover is said so (exit 2), never emulated as the nearest
    /// era; a release between eras is emulated as one, and stderr says which.
    @Test func emulateRefusesAKernelTheModelDoesNotCover() throws {
        let r = try Self.shell("""
            "$OOPSY" model emulate FM-1/dma_map_sg --kernel 3.2 > /dev/null; echo "old $?"
            "$OOPSY" model emulate FM-1/dma_map_sg --kernel 5.11 > /dev/null; echo "between $?"
            "$OOPSY" model emulate FM-1/dma_map_sg --kernel 6.1.0-56-arm64 > /dev/null; echo "release $?"
            """)
        #expect(Self.lines(r.stdout) == ["old 2", "between 0", "release 0"])
        let errors = Self.lines(r.stderr)
        #expect(errors.first == "oopsy: error: the model covers kernels from 4.19 on; it has no 3.2 (its iommu-dma and DMA API differ) (see 'oopsy model emulate --help')")
        #expect(errors.contains("oopsy: kernel 5.11 is emulated as the 5.10 era, the nearest one modelled"))
        #expect(!errors.contains { $0.contains("6.1.0-56-arm64") })
    }

    /// A first word one or two letters off a command is named as the slip it is; on a terminal
    /// with nothing piped in, oopsy says it reads standard input (a pty, Ctrl-D sent); piped,
    /// it says nothing.
    @Test func aSlipAndAnEmptyTerminalGetAHint() throws {
        let r = try Self.shell("""
            "$OOPSY" triag Corpus/seed > /dev/null; echo "slip $?"
            "$OOPSY" < /dev/null; echo "piped $?"
            python3 -c 'import os, pty, subprocess, sys, time; m, s = pty.openpty(); p = subprocess.Popen([sys.argv[1]], stdin=s, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); os.close(s); time.sleep(0.3); os.write(m, bytes([4])); print("tty", p.wait(timeout=30), p.stderr.read().decode().strip())' "$OOPSY"
            """)
        let out = Self.lines(r.stdout)
        #expect(out.prefix(2) == ["slip 3", "piped 0"])
        #expect(out.last == "tty 0 oopsy: reading a kernel log from standard input (dmesg | oopsy, or name a file); Ctrl-D ends it")
        #expect(Self.lines(r.stderr).first == "oopsy: error: cannot read 'triag': No such file or directory (did you mean 'oopsy triage'?)")
    }

    /// A usage error is one line, as README promises, pointing at the help of the command that
    /// refused it; a binary input (here the first bytes of oopsy's own ELF) is named once, its
    /// text lines still read, and a text log beside it is not.
    @Test func aUsageErrorIsOneLineAndABinaryInputIsNamedOnce() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.shell("""
            "$OOPSY" triage --bogus logs/; echo "triage $?"
            "$OOPSY" model emulate; echo "model $?"
            head -c 20000 "$OOPSY" > '\(dir.path)/vmcore.log'
            "$OOPSY" '\(dir.path)/vmcore.log' Corpus/seed/seed-clean.log > /dev/null; echo "binary $?"
            """)
        #expect(Self.lines(r.stdout) == ["triage 2", "model 2", "binary 1"])
        let err = Self.lines(r.stderr)
        try #require(err.count == 3, "\(err)")
        #expect(err[0].hasPrefix("oopsy: error: Unknown option '--bogus'") && err[0].hasSuffix("(see 'oopsy triage --help')"))
        #expect(err[1] == "oopsy: error: Missing expected argument '<scenario>' (see 'oopsy model emulate --help')")
        #expect(err[2].hasPrefix("oopsy: \(dir.path)/vmcore.log: looks like binary data, not a text log ("))
    }

    /// `model list` filters by family, cause, era and word, wraps to the width, and says when
    /// nothing matches; an unknown era is a usage error.
    @Test func modelListFiltersAndWraps() throws {
        let r = try Self.shell("""
            "$OOPSY" model list --family FM-6 --kernel 6.1 --width 80 > "${TMPDIR:-/tmp}/oopsy-ml-$$"; echo "family $?"
            awk 'length($0) > 80' "${TMPDIR:-/tmp}/oopsy-ml-$$" | wc -l
            grep -c '^FM-' "${TMPDIR:-/tmp}/oopsy-ml-$$"; grep -c '^      6.1 ' "${TMPDIR:-/tmp}/oopsy-ml-$$"
            grep -c '^      5.4 ' "${TMPDIR:-/tmp}/oopsy-ml-$$"; rm -f "${TMPDIR:-/tmp}/oopsy-ml-$$"
            "$OOPSY" model list --cause missing-iova-cookie | grep -c '^FM-'
            "$OOPSY" model list no-such-word-anywhere; echo "none $?"
            "$OOPSY" model list --kernel 3.2 2>/dev/null; echo "era $?"
            """)
        let out = Self.lines(r.stdout).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(out == ["family 0", "0", "1", "4", "0", "1", "none 0", "era 2"])
        #expect(Self.lines(r.stderr) == ["oopsy: no failure mode matches"])
    }

    /// Piped into a pager, text wraps to the controlling terminal's width (a 70-column pty
    /// here), as git does, unless COLUMNS says otherwise; with no terminal at all, to 100.
    @Test func pipedTextFollowsTheControllingTerminal() throws {
        let r = try Self.shell("""
            unset COLUMNS
            python3 -c 'import os, pty, subprocess, struct, fcntl, termios, sys; m, s = pty.openpty(); fcntl.ioctl(s, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 70, 0, 0)); p = subprocess.Popen([sys.argv[1], "Corpus/seed/seed-quoted.log"], stdin=s, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, preexec_fn=lambda: (os.setsid(), fcntl.ioctl(s, termios.TIOCSCTTY, 0))); out = p.communicate(timeout=30)[0].decode(); print(max(len(l) for l in out.splitlines() if not l.lstrip().startswith("PC ")))' "$OOPSY"
            "$OOPSY" Corpus/seed/seed-quoted.log | python3 -c 'import sys; print(max(len(l.rstrip("\\n")) for l in sys.stdin))'
            COLUMNS=60 "$OOPSY" Corpus/seed/seed-quoted.log | python3 -c 'import sys; print(max(len(l.rstrip("\\n")) for l in sys.stdin if not l.lstrip().startswith("PC ")))'
            """)
        let widths = Self.lines(r.stdout).compactMap { Int($0) }
        try #require(widths.count == 3)
        #expect(widths[0] <= 70 && widths[0] > 60)
        #expect(widths[1] > 70 && widths[1] <= 100)
        #expect(widths[2] <= 60)
    }

    /// The same shard twice (named twice, or a copy) is refused before anything is merged,
    /// as a usage error naming both; a shard cut before its summary, or spliced so its report
    /// lines and summary disagree, is an unreadable input naming what is wrong.
    @Test func mergeRefusesTheSameShardTwiceAndCutOnes() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = dir.path
        let r = try Self.shell("""
            "$OOPSY" triage --quiet --format jsonl Corpus/real/arm64 > "\(d)/a.jsonl"
            cp "\(d)/a.jsonl" "\(d)/copy.jsonl"
            head -n 30 "\(d)/a.jsonl" > "\(d)/cut.jsonl"
            { head -n 2 "\(d)/a.jsonl"; tail -n 1 "\(d)/a.jsonl"; } > "\(d)/spliced.jsonl"
            "$OOPSY" merge --format jsonl "\(d)/a.jsonl" "\(d)/copy.jsonl" > "\(d)/twice.out"; echo "twice $?"
            "$OOPSY" merge --format jsonl "\(d)/cut.jsonl" "\(d)/spliced.jsonl" > /dev/null; echo "broken $?"
            wc -c < "\(d)/twice.out"
            """)
        let out = Self.lines(r.stdout)
        #expect(out.prefix(2) == ["twice 2", "broken 3"])
        #expect(out.last?.trimmingCharacters(in: .whitespaces) == "0")
        let errors = Self.lines(r.stderr)
        try #require(errors.count == 3)
        #expect(errors[0] == "oopsy: error: '\(d)/copy.jsonl' is the same shard as '\(d)/a.jsonl': merging it twice would count its reports twice")
        #expect(errors[1] == "oopsy: error: cannot read '\(d)/cut.jsonl': no summary line: the shard was cut off, or is not 'oopsy triage --format jsonl' output")
        #expect(errors[2].hasPrefix("oopsy: error: cannot read '\(d)/spliced.jsonl': it holds 2 report lines but its summary counts "))
    }

    /// A shard whose summary was written under another signature scheme (the first scheme's
    /// have none) is refused by name: its clusters would not meet this oopsy's.
    @Test func mergeRefusesAShardOfAnotherSignatureScheme() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = dir.path
        let r = try Self.shell("""
            "$OOPSY" triage --quiet --format jsonl Corpus/seed > "\(d)/a.jsonl"
            grep -c '"signature_scheme":2' "\(d)/a.jsonl"
            wc -l < "\(d)/a.jsonl"
            sed 's/"signature_scheme":2,//' "\(d)/a.jsonl" > "\(d)/old.jsonl"
            "$OOPSY" merge --format jsonl "\(d)/a.jsonl" "\(d)/old.jsonl" > /dev/null
            echo "status $?"
            """)
        let out = Self.lines(r.stdout)
        try #require(out.count == 3)
        #expect(out[0] == "1" && out[2] == "status 3")
        // The summary is the shard's last line.
        #expect(Self.lines(r.stderr) == ["oopsy: error: cannot read '\(d)/old.jsonl': line \(out[1]): its reports were grouped by signature scheme 1, this oopsy groups by scheme 2; triage those logs again"])
    }

    /// An output path that cannot be created.
    @Test func anOutputThatCannotBeCreated() throws {
        let r = try CLITests.run(["triage", "--quiet", "--output", "/no/such/dir/out.html", "Corpus/seed/seed-clean.log"])
        #expect(r.status == 3)
        #expect(Self.lines(r.stderr) == ["oopsy: error: cannot write '/no/such/dir/out.html': No such file or directory"])
    }
}
