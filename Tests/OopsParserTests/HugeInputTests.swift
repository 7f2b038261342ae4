import Foundation
import Testing
import OopsCore
@testable import OopsParser
import Analysis

/// Inputs of a size no log should have, read the way the CLI reads them (a file descriptor,
/// streamed): a gigabyte with no newline, one report of a million trace lines, a million
/// reports in one stream. Each gives a result, with memory bounded by the reader's buffer and
/// the largest report (the peak RSS of the CLI on such inputs is `bench/memory.sh`'s job).
struct HugeInputTests {
    /// A file in a fresh temporary folder, removed by `done()`.
    struct TempFile {
        let url: URL
        init(_ name: String) throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oopsy-huge-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            url = dir.appendingPathComponent(name)
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        var path: String { url.path }
        func done() { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }

        /// Appends what `produce` writes, in blocks of about a megabyte.
        func write(_ produce: (BlockWriter) throws -> Void) throws {
            let writer = try BlockWriter(url)
            try produce(writer)
            try writer.close()
        }
    }

    final class BlockWriter {
        private let handle: FileHandle
        private var block: [UInt8] = []
        init(_ url: URL) throws {
            handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            block.reserveCapacity(1 << 21)
        }
        func append(_ text: String) { append(Array(text.utf8)) }
        func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
            block.append(contentsOf: bytes)
            if block.count >= 1 << 20 { handle.write(Data(block)); block.removeAll(keepingCapacity: true) }
        }
        func close() throws {
            handle.write(Data(block))
            try handle.close()
        }
    }

    /// Streams `path` through the whole pipeline; returns the reports and the problems.
    static func analyze(_ path: String, options: Analyzer.Options = Analyzer.Options(),
                        keep: @escaping (Report) -> Bool = { _ in true }) throws -> (reports: [Report], count: Int, problems: [InputProblem]) {
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        var kept: [Report] = []
        var count = 0
        let problems = try Analyzer(options: options).analyze(fileDescriptor: fd) { r in
            count += 1
            if keep(r) { kept.append(r) }
        }
        return (kept, count, problems)
    }

    /// 1 GiB and not one newline: a report header, then (sparse) NUL bytes, then the rest of
    /// an oops. One line, cut at the reader's cap and flagged; the header still opens a report.
    @Test func aGigabyteWithNoNewline() throws {
        let file = try TempFile("no-newline.log")
        defer { file.done() }
        let gib: Int = 1 << 30
        let head = Array("Unable to handle kernel NULL pointer dereference at virtual address 0000000000000038 ".utf8)
        let tail = Array(" Internal error: Oops: 96000005 [#1] SMP pc : f+0x0/0x4 Call trace: f+0x0/0x4".utf8)
        let fd = open(file.path, O_WRONLY)
        try #require(fd >= 0)
        #expect(pwrite(fd, head, head.count, 0) == head.count)
        #expect(pwrite(fd, tail, tail.count, off_t(gib - tail.count)) == tail.count)
        close(fd)
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int == gib)

        // The reader alone: one line, its first `maxLineLength` bytes, flagged.
        let rfd = open(file.path, O_RDONLY)
        defer { close(rfd) }
        var lines: [(Int, Int, Bool)] = []
        try LineReader(fileDescriptor: rfd).forEachLine { lines.append(($0.number, $0.bytes.count, $0.overlong)) }
        #expect(lines.count == 1)
        #expect(lines.first?.0 == 1)
        #expect(lines.first?.1 == LineReader.defaultMaxLineLength)
        #expect(lines.first?.2 == true)

        // The whole pipeline: one report from the line's head, the cut named as a problem.
        let (reports, _, problems) = try Self.analyze(file.path)
        #expect(reports.count == 1)
        #expect(reports.first?.lines.first == 1)
        #expect(reports.first?.kind == .nullPointerDereference)
        #expect(reports.first?.fault?.address == 0x38)
        #expect(problems.contains { $0.line == 1 && $0.message.contains("longer than") })
    }

    /// 200 MB of text without a newline, written for real (not sparse), through the reader in
    /// small chunks: the line is cut once, every byte is read, nothing is kept.
    @Test func twoHundredMegabytesOfTextWithNoNewline() throws {
        let file = try TempFile("text.log")
        defer { file.done() }
        let total = 200_000_000
        let pattern = Array("x0 : 0000000000000000 Call trace: ".utf8)
        try file.write { w in
            var written = 0
            while written < total {
                let n = min(pattern.count, total - written)
                w.append(pattern[..<n])
                written += n
            }
        }
        let fd = open(file.path, O_RDONLY)
        defer { close(fd) }
        var count = 0
        var overlong = false
        var longest = 0
        try LineReader(fileDescriptor: fd, chunkSize: 64 << 10).forEachLine { l in
            count += 1
            overlong = overlong || l.overlong
            longest = max(longest, l.bytes.count)
        }
        #expect(count == 1)
        #expect(overlong)
        #expect(longest == LineReader.defaultMaxLineLength)
        let (reports, _, problems) = try Self.analyze(file.path)
        #expect(reports.isEmpty)
        #expect(problems.count == 1)
    }

    /// One arm64 oops whose call trace has a million frames: the trace is kept up to the
    /// builder's cap with a note saying how many were not, the report is whole (its end marker
    /// is read) and spans every line.
    @Test func oneReportWithAMillionTraceLines() throws {
        let file = try TempFile("deep.log")
        defer { file.done() }
        let frames = 1_000_000
        let header = """
            Unable to handle kernel NULL pointer dereference at virtual address 0000000000000038
            Internal error: Oops: 96000005 [#1] PREEMPT SMP
            CPU: 7 PID: 70 Comm: kworker/7:1 Tainted: G W 4.19.3 #90
            pc : iommu_dma_map_sg+0x7c/0x2c8
            lr : iommu_dma_map_sg+0x40/0x2c8
            sp : ffffff80095eb4f0
            Call trace:

            """
        try file.write { w in
            w.append(header)
            for i in 0..<frames { w.append(" recurse_\(i % 977)+0x\(String(i % 4096, radix: 16))/0x1000\n") }
            w.append("Code: d2800004 91000725 6b17039f 5400048a (f9401f40)\n---[ end trace f22dda57f3648e2c ]---\n")
        }
        let (reports, count, _) = try Self.analyze(file.path)
        #expect(count == 1)
        let r = try #require(reports.first)
        #expect(r.lines.first == 1)
        #expect(r.lines.last == 7 + frames + 2)
        #expect(r.trace.count == ReportBuilder.maxFrames)
        #expect(r.trace.first?.symbol == "recurse_0")
        #expect(r.notes?.contains { $0.contains("\(frames - ReportBuilder.maxFrames) more") } == true)
        #expect(r.endTrace == "f22dda57f3648e2c")
        #expect(r.truncated == false)
        #expect(r.code?.words.count == 5)
        #expect(r.pc?.symbol == "iommu_dma_map_sg")
    }

    /// A million two-line reports back to back, streamed from a file through the reader and
    /// the scanner: every one is found, numbered in order, and handed over as it ends (none is
    /// held back until the end of the input). The scanner alone, to keep a debug test run
    /// short; `bench/memory.sh` runs the release CLI's whole pipeline over the same stream and
    /// prints its peak RSS.
    @Test func aMillionTinyReportsInOneStream() throws {
        let file = try TempFile("many.log")
        defer { file.done() }
        let n = 1_000_000
        try file.write { w in
            for i in 0..<n {
                w.append("WARNING: CPU: \(i & 7) PID: \(i) at mm/slab.c:\(i % 9973 + 1) kfree+0x\(String(i & 0xfff, radix: 16))/0x1000\n---[ end trace \(String(i, radix: 16)) ]---\n")
            }
        }
        let fd = open(file.path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        var count = 0
        var inOrder = true
        var lastLine = 0
        var pending = 0
        var scanner = ReportScanner { r in
            count += 1
            inOrder = inOrder && r.id == count && r.lines.first == lastLine + 1 && r.endTrace != nil
            lastLine = r.lines.last
        }
        var maxPending = 0
        try LineReader(fileDescriptor: fd).forEachLine { line in
            try scanner.feed(line)
            // Reports still held: the one being read, and those that printed no release (none
            // here do) waiting for their boot's, at most ReportScanner.maxHeldForRelease.
            pending = line.number / 2 - count
            maxPending = max(maxPending, pending)
        }
        try scanner.finish()
        #expect(count == n)
        #expect(inOrder)
        #expect(lastLine == 2 * n)
        #expect(maxPending <= ReportScanner.maxHeldForRelease + 1)
        #expect(scanner.problems.isEmpty)
    }
}
