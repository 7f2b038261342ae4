import Foundation
import Testing
import OopsCore
@testable import Triage

/// Triage over many inputs: deterministic whatever the job count, chunking of one big file
/// equal to reading it whole, merge of shards equal to one run, every input accounted for.
struct TriageTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus").path

    func run(_ paths: [String], jobs: Int, chunk: Int = 32 << 20) -> (TriageRunner.Result, TriageSummary) {
        var o = TriageRunner.Options()
        o.jobs = jobs
        o.chunkBytes = chunk
        let (inputs, failures) = InputWalker.expand(paths, jobs: jobs)
        let result = TriageRunner(options: o).run(inputs, failures: failures)
        return (result, result.summary(members: true))
    }

    func json(_ s: TriageSummary) throws -> String { String(decoding: try TriageJSONL.summaryLine(s), as: UTF8.self) }

    @Test func outputIsTheSameWhateverTheJobCount() throws {
        let (_, one) = run([Self.corpus], jobs: 1)
        let (_, two) = run([Self.corpus], jobs: 2)
        let (_, four) = run([Self.corpus], jobs: 4)
        #expect(one.reports > 100)
        #expect(try json(one) == json(two))
        #expect(try json(one) == json(four))
    }

    /// A walk on several threads lists the same inputs and failures, in the same order, as a
    /// walk on one: folders big enough to be split, nested folders, a name that is not UTF-8.
    @Test func parallelWalkEqualsSerialWalk() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oopsy-walk-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        for d in 0..<3 {
            let sub = dir.appendingPathComponent("d\(d)")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            for f in 0..<(d == 1 ? 5 : 90) { try Data("x\n".utf8).write(to: sub.appendingPathComponent("f\(f).log")) }
        }
        for f in 0..<70 { try Data("y\n".utf8).write(to: dir.appendingPathComponent("top\(f).log")) }
        let bad = dir.path + "/d0/bad-\u{1}"
        var raw = Array(bad.utf8.dropLast())
        raw += [0xff, 0]
        let fd = raw.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        #expect(fd >= 0)
        close(fd)
        let one = InputWalker.expand([dir.path])
        #expect(one.inputs.count == 90 + 5 + 90 + 70)
        #expect(one.failures.count == 1)
        for jobs in [2, 3, 8] {
            let many = InputWalker.expand([dir.path], jobs: jobs)
            #expect(many.inputs == one.inputs)
            #expect(many.failures == one.failures)
        }
    }

    /// A report held for a release printed later in the same log (cx23885: an AMD-Vi fault,
    /// then WARNINGs with their task lines) comes out of whichever chunk it begins in.
    @Test func aReportHeldForItsReleaseSurvivesEveryChunkCut() throws {
        let log = Self.corpus + "/real/x86_64/cx23885-amdvi-fault-unmap-warns-slub-bug-3.19.log"
        let whole = run([log], jobs: 1).0.reports.map(\.lines)
        for size in stride(from: 512, through: 8192, by: 512) {
            let chunked = run([log], jobs: 2, chunk: size).0.reports.map(\.lines)
            #expect(chunked == whole, "chunks of \(size) bytes")
        }
    }

    /// A paste that begins at its task line, cut by a chunk's end before its register dump:
    /// the chunk reads on until the paste's `pc :` line opens the report (a paste waiting for
    /// its registers is a report that may begin there).
    @Test func aPasteCutBeforeItsRegistersSurvivesEveryChunkCut() throws {
        let log = Self.corpus + "/real/arm64/lenovo-x13s-panel-edp-probe-unknown-panel-warn-headless-6.2.log"
        let whole = run([log], jobs: 1).0.reports.map(\.lines)
        #expect(!whole.isEmpty)
        for size in stride(from: 256, through: 8192, by: 256) {
            let chunked = run([log], jobs: 2, chunk: size).0.reports.map(\.lines)
            #expect(chunked == whole, "chunks of \(size) bytes")
        }
    }

    /// One file made of the whole corpus, cut into small chunks read in parallel, gives the
    /// reports of reading it in one piece, at the same line numbers.
    @Test func chunkedBigFileEqualsWholeFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oopsy-chunk-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var big = Data()
        let (inputs, _) = InputWalker.expand([Self.corpus])
        for i in inputs where i.path?.hasSuffix(".log") == true {
            big.append(try Data(contentsOf: URL(fileURLWithPath: i.path!)))
            big.append(contentsOf: Array("\n[ 9999.000000] unrelated line between logs\n".utf8))
        }
        let path = dir.appendingPathComponent("big.log").path
        try big.write(to: URL(fileURLWithPath: path))
        let (whole, _) = run([path], jobs: 1)
        let (chunked, _) = run([path], jobs: 2, chunk: 64 << 10)   // ~30 chunks with reports across their edges
        #expect(whole.reports.count > 100)
        #expect(chunked.reports.map(\.lines) == whole.reports.map(\.lines))
        #expect(chunked.reports.map(\.title) == whole.reports.map(\.title))
        #expect(chunked.reports.map(\.signature) == whole.reports.map(\.signature))
        // Ids as the whole file numbers them; a storm's repeats point at its first report
        // (unless it began in an earlier chunk).
        #expect(chunked.reports.map(\.id) == whole.reports.map(\.id))
        let byID = Dictionary(whole.reports.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for r in chunked.reports {
            if let root = r.repeatOf { #expect(byID[root]?.title == r.title && root < r.id, "report \(r.id) repeats \(root)") }
        }
    }

    /// Reports stream out in canonical order whatever the order of the paths, the job count,
    /// chunking, or the same file named twice; and what streams out equals one summary.
    @Test func reportsStreamInCanonicalOrder() throws {
        let real = Self.corpus + "/real", seed = Self.corpus + "/seed"
        for jobs in [1, 2] {
            var o = TriageRunner.Options()
            o.jobs = jobs
            o.chunkBytes = 4 << 10
            let (inputs, _) = InputWalker.expand([seed, real, seed, real + "/arm64"])
            var streamed: [Report] = []
            let totals = TriageRunner(options: o).run(inputs) { streamed.append($0) }
            #expect(totals.reports == streamed.count && streamed.count > 100)
            let keys = streamed.map { Occurrence(source: $0.source ?? "", line: $0.lines.first) }
            #expect(keys == keys.sorted(), "jobs \(jobs)")
            let summary = Clustering.summarize(streamed, inputs: totals.inputs, bytes: totals.bytes, unreadable: [], members: true)
            #expect(summary.reports == streamed.count)
        }
    }

    @Test func mergeOfShardsEqualsOneRun() throws {
        let (inputs, _) = InputWalker.expand([Self.corpus])
        let half = inputs.count / 2
        var o = TriageRunner.Options()
        o.jobs = 2
        let all = TriageRunner(options: o).run(inputs).summary(members: true)
        let a = TriageRunner(options: o).run(Array(inputs[..<half]))
        let b = TriageRunner(options: o).run(Array(inputs[half...]))
        // Round-trip each shard through its jsonl text, as `oopsy merge` reads it.
        func lines(_ r: TriageRunner.Result) throws -> Data {
            var d = Data()
            for rep in r.reports { d.append(contentsOf: try TriageJSONL.reportLine(rep)) }
            d.append(contentsOf: try TriageJSONL.summaryLine(r.summary(members: false)))
            return d
        }
        for order in [[a, b], [b, a]] {
            var shard = TriageJSONL.Shard()
            for r in order { try TriageJSONL.read(try lines(r), source: "shard", into: &shard) }
            let merged = Clustering.summarize(Clustering.canonicalOrder(shard.reports), inputs: shard.inputs, bytes: shard.bytes,
                                              unreadable: shard.failures, members: true)
            // The JSON contract compares equal (rawLines are not part of it).
            #expect(try json(merged) == json(all))
        }
    }

    @Test func everyInputIsAccountedFor() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oopsy-acct-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = try Data(contentsOf: URL(fileURLWithPath: Self.corpus + "/seed/seed-clean.log"))
        try seed.write(to: dir.appendingPathComponent("a.log"))
        let locked = dir.appendingPathComponent("b.log")
        try seed.write(to: locked)
        chmod(locked.path, 0)
        try Data("not gzip at all".utf8).write(to: dir.appendingPathComponent("c.log.gz"))
        // A real gzip file: compressed with the system's gzip.
        let gz = dir.appendingPathComponent("d.log")
        try seed.write(to: gz)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gzip", "-f", gz.path]
        try p.run()
        p.waitUntilExit()
        let (result, summary) = run([dir.path, dir.path + "/missing.log"], jobs: 2)
        let failed = Set(summary.unreadable.map { URL(fileURLWithPath: $0.source).lastPathComponent })
        #expect(failed.contains("missing.log"))
        #expect(failed.contains("c.log.gz"))
        if getuid() != 0 { #expect(failed.contains("b.log")) }   // root reads anything
        #expect(result.reports.contains { $0.source?.hasSuffix("d.log.gz") == true })
        #expect(result.reports.contains { $0.source?.hasSuffix("a.log") == true })
        #expect(summary.inputs == 4)
        // Bytes are what was analyzed: the seed log in full, twice (a.log and d.log.gz
        // decompressed), plus b.log when readable; never the compressed size.
        let readable = getuid() == 0 ? 3 : 2
        #expect(summary.bytes == readable * seed.count)
    }

    @Test func clustersSortByRootsThenCountThenTitle() throws {
        let (_, s) = run([Self.corpus], jobs: 2)
        for (a, b) in zip(s.clusters, s.clusters.dropFirst()) {
            #expect(a.roots > b.roots || (a.roots == b.roots && (a.count > b.count || (a.count == b.count && a.title <= b.title))))
        }
        #expect(s.clusters.reduce(0) { $0 + $1.count } == s.reports)
    }

    /// Echoes of an oops count under their cluster's `consequences`, and rank a crash below
    /// one whose reports follow from nothing (the same task's double fault after its oops).
    @Test func consequencesAreCountedAndRankedBelowRoots() throws {
        let path = Self.corpus + "/real/x86_64/syzbot-paging-request-then-double-fault-same-task-cascade-4.20.log"
        let (_, summary) = run([path], jobs: 1)
        #expect(summary.reports == 4)
        #expect(summary.clusters.map { $0.consequences ?? 0 }.reduce(0, +) == 3)
        let roots = summary.clusters.map(\.roots)
        #expect(roots == roots.sorted(by: >))
        #expect(summary.clusters.first?.title == "BUG: unable to handle kernel paging request in lookup_object")
        #expect(try json(summary).contains("\"consequences\":"))
        // The CSV carries them in the column before its last (counted from the end: a title
        // may hold a comma), summing to the same count.
        let rows = TriageCSV.render(summary).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.first?.dropLast().last == "consequences")
        #expect(rows.dropFirst().compactMap { $0.dropLast().last.flatMap { Int($0) } }.reduce(0, +) == 3)
    }

    /// Reports alike in their log may be diagnosed apart (the dm-bufio log's WALT BUG and its
    /// sleep-in-atomic share a signature): the cluster counts each cause, and the text, the CSV
    /// and the JSON say so, whatever the best diagnosis is.
    @Test func aClusterCountsTheCausesOfItsReports() throws {
        let path = Self.corpus + "/real/arm64/android-dm-bufio-sleep-in-atomic-walt-bug-6.6.log"
        let (_, summary) = run([path], jobs: 1)
        let mixed = try #require(summary.clusters.first { ($0.causes?.count ?? 0) > 1 })
        #expect(mixed.causes == [CauseCount(cause: "bug", count: 1), CauseCount(cause: "sleep-in-atomic", count: 1)])
        #expect(TriageText(color: false, width: 100).render(summary).contains("its reports' causes: bug ×1, sleep-in-atomic ×1"))
        let rows = TriageCSV.render(summary).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.first?.last == "causes")
        #expect(rows.dropFirst().contains { $0.last == "bug:1;sleep-in-atomic:1" })
        #expect(try json(summary).contains("\"causes\":[{\"cause\":\"bug\",\"count\":1},{\"cause\":\"sleep-in-atomic\",\"count\":1}]"))
    }

    /// The table fits 80, 100 and 120 columns, and a shortened title keeps the function it
    /// names (its middle gives way, never its `in FUNC`).
    @Test func theTableFitsTheWidthAndKeepsTheFunction() throws {
        let (_, summary) = run([Self.corpus + "/real/arm64"], jobs: 2)
        for width in [80, 100, 120] {
            let text = TriageText(color: false, width: width).render(summary)
            let lines = text.split(separator: "\n")
            #expect(lines.allSatisfy { $0.count <= width }, "width \(width): \(lines.filter { $0.count > width }.prefix(2))")
        }
        let title = "BUG: unable to handle kernel NULL pointer dereference in iommu_dma_map_sg"
        #expect(TriageText.clip(title, to: 40) == "BUG: unable to hand… in iommu_dma_map_sg")
        #expect(TriageText.clip(title, to: 100) == title)
    }
}
