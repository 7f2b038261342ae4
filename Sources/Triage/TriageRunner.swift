#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Analysis
import OopsCore
import OopsParser

/// Runs the analysis over many inputs on every core: files in parallel, and one big plain
/// file in chunks cut at report boundaries. Output is deterministic: reports in canonical
/// order (source, line) whatever the job count.
public final class TriageRunner: @unchecked Sendable {
    /// How a run reads its inputs.
    public struct Options: Sendable {
        public var jobs = max(1, ProcessInfo.processInfo.activeProcessorCount)
        public var members = false
        /// Plain files at least twice this size are cut into chunks of it when jobs > 1.
        public var chunkBytes = 32 << 20
        public var analyzer = Analyzer.Options()
        public init() {}
    }

    /// What a run found.
    public struct Result: Sendable {
        public var reports: [Report]
        public var failures: [InputFailure]
        public var inputs: Int
        public var bytes: Int
        public func summary(members: Bool) -> TriageSummary {
            Clustering.summarize(reports, inputs: inputs, bytes: bytes, unreadable: failures, members: members)
        }
    }

    /// Progress while running (for the progress bar).
    public struct Progress: Sendable {
        public var inputsDone = 0
        public var inputsTotal = 0
        public var bytesDone = 0
        public var bytesTotal = 0
        public var reports = 0
    }

    public let options: Options
    private let lock = NSLock()
    private var progress = Progress()
    public var onProgress: (@Sendable (Progress) -> Void)?

    public init(options: Options = Options()) { self.options = options }

    /// A unit of work: a whole input, or a byte range of a big plain file.
    enum Item {
        case whole(Int)
        case chunk(Int, start: Int, end: Int, index: Int)
    }

    public func run(_ inputs: [TriageInput], failures initial: [InputFailure] = []) -> Result {
        let items = plan(inputs)
        lock.withLock {
            progress = Progress(inputsTotal: inputs.count, bytesTotal: inputs.reduce(0) { $0 + $1.size })
        }
        let slots = Slots(count: items.count)
        let next = ManagedAtomicCounter()
        let workers = min(options.jobs, max(1, items.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let analyzer = Analyzer(options: options.analyzer)
            while true {
                let k = next.increment()
                guard k < items.count else { break }
                let out = process(items[k], inputs: inputs, analyzer: analyzer)
                slots.set(k, out)
                lock.withLock {
                    progress.bytesDone += out.bytes
                    progress.reports += out.reports.count
                    if out.completesInput { progress.inputsDone += 1 }
                    let p = progress
                    onProgress?(p)
                }
            }
        }
        return assemble(items, slots.values, initial: initial, inputs: inputs)
    }

    /// Work items: whole inputs, and chunks of big plain files when there is more than one job.
    func plan(_ inputs: [TriageInput]) -> [Item] {
        var items: [Item] = []
        for (i, input) in inputs.enumerated() {
            if options.jobs > 1, input.compression == nil, input.path != nil, input.size >= 2 * options.chunkBytes {
                var start = 0
                var k = 0
                while start < input.size {
                    items.append(.chunk(i, start: start, end: min(input.size, start + options.chunkBytes), index: k))
                    start += options.chunkBytes
                    k += 1
                }
            } else {
                items.append(.whole(i))
            }
        }
        return items
    }

    /// Puts the items' outputs together in order. Chunks counted line numbers from their own
    /// start: the lines of the chunks before them are added.
    func assemble(_ items: [Item], _ outputs: [ItemOutput?], initial: [InputFailure], inputs: [TriageInput]) -> Result {
        var reports: [Report] = []
        var failures = initial
        var bytes = 0
        var linesBefore: [Int: Int] = [:]   // input → lines in the chunks seen so far
        for (k, item) in items.enumerated() {
            guard let out = outputs[k] else { continue }
            bytes += out.bytes
            failures += out.failures
            switch item {
            case .whole:
                reports += out.reports
            case .chunk(let i, _, _, _):
                let offset = linesBefore[i] ?? 0
                reports += out.reports.map { r in
                    var r = r
                    r.lines.first += offset
                    r.lines.last += offset
                    return r
                }
                linesBefore[i] = offset + out.lines
            }
        }
        return Result(reports: Clustering.canonicalOrder(reports), failures: failures.sorted(), inputs: inputs.count, bytes: bytes)
    }

    struct ItemOutput {
        var reports: [Report] = []
        var failures: [InputFailure] = []
        var bytes = 0
        /// Newlines in the chunk proper (for chunks).
        var lines = 0
        var completesInput = true
    }

    func process(_ item: Item, inputs: [TriageInput], analyzer: Analyzer) -> ItemOutput {
        switch item {
        case .whole(let i):
            return whole(inputs[i], analyzer: analyzer)
        case .chunk(let i, let start, let end, let index):
            var out = chunk(inputs[i], start: start, end: end, analyzer: analyzer)
            out.completesInput = end >= inputs[i].size
            _ = index
            return out
        }
    }

    /// A whole input through a LineReader (decompressed by the system tool when compressed).
    func whole(_ input: TriageInput, analyzer: Analyzer) -> ItemOutput {
        var out = ItemOutput()
        let source = SourceStream(input)
        do {
            let fd = try source.open()
            defer { source.close() }
            _ = try analyzer.analyze(fileDescriptor: fd) { r in
                var r = r
                r.source = input.name
                out.reports.append(r)
            }
            out.bytes = analyzer.bytesRead
            if let failure = source.finish() { out.failures.append(InputFailure(source: input.name, reason: failure)) }
        } catch let e as ReadFailure {
            out.failures.append(InputFailure(source: input.name, reason: e.message))
        } catch let e as InputFailure {
            out.failures.append(e)
        } catch {
            out.failures.append(InputFailure(source: input.name, reason: "\(error)"))
        }
        return out
    }

    /// Bytes of overlap read before a chunk so a report that began just before it is
    /// recognised as such (its continuation lines are not mistaken for new reports).
    static let warmup = 256 << 10

    /// One chunk [start, end) of a big plain file: reads from a little before `start`, keeps
    /// only reports that begin inside the chunk, and reads past `end` until those are finished.
    func chunk(_ input: TriageInput, start: Int, end: Int, analyzer: Analyzer) -> ItemOutput {
        var out = ItemOutput()
        guard let path = input.path else { return out }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if start == 0 { out.failures.append(InputFailure(source: input.name, reason: String(cString: strerror(errno)))) }
            return out
        }
        defer { Glibc.close(fd) }
        analyzer.resetStream()
        let warmStart = max(0, start - Self.warmup)
        var reader = ChunkConsumer(analyzer: analyzer, source: input.name, chunkStart: start, chunkEnd: end,
                                   fileStart: warmStart)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var splitter = LineSplitter()
        var offset = warmStart
        var carry: [UInt8] = []
        do {
            while true {
                let n = pread(fd, buffer, 1 << 20, off_t(offset))
                if n <= 0 { break }
                var bytes = carry
                bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: n))
                let bufferStart = offset - carry.count
                reader.bufferStart = bufferStart
                let consumed = try bytes.withUnsafeBytes { raw -> Int in
                    reader.base = raw.baseAddress
                    return try splitter.split(raw, from: 0, into: &reader)
                }
                carry = Array(bytes[consumed...])
                offset += n
                if reader.done { break }
            }
            if !reader.done {
                try bytes(carry) { raw in
                    reader.base = raw.baseAddress
                    reader.bufferStart = offset - carry.count
                    try splitter.finish(raw, from: 0, into: &reader)
                }
            }
        } catch is ChunkConsumer.Stop {
        } catch {
            out.failures.append(InputFailure(source: input.name, reason: "\(error)"))
        }
        try? reader.scanner.finish()
        out.reports = reader.reportsInChunk
        out.lines = reader.chunkLines
        out.bytes = end - start
        return out
    }

    private func bytes(_ a: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try a.withUnsafeBytes { try body($0) }
    }
}

/// Feeds a chunk's lines to a scanner, tracking byte offsets and line numbers relative to the
/// chunk's start; stops once past the end with no report of the chunk still open.
struct ChunkConsumer: LineConsumer {
    struct Stop: Error {}
    var scanner: ReportScanner
    let chunkStart: Int
    let chunkEnd: Int
    /// Where the current buffer starts in the file, and its base address.
    var bufferStart = 0
    var base: UnsafeRawPointer?
    /// Lines seen before the chunk's start (the warm-up), to make numbers chunk-relative.
    var warmupLines = 0
    var inChunk = false
    var lastNumber = 0
    /// Newlines inside [chunkStart, chunkEnd).
    var chunkLines = 0
    var done = false
    /// The number of the first line at or past the chunk's end: reports from there on belong
    /// to the next chunk even when this reader sees them while finishing its own.
    var endLine: Int? = nil
    let collector: Collector

    final class Collector { var reports: [Report] = [] }

    init(analyzer: Analyzer, source: String, chunkStart: Int, chunkEnd: Int, fileStart: Int) {
        let collector = Collector()
        self.collector = collector
        self.chunkStart = chunkStart
        self.chunkEnd = chunkEnd
        self.inChunk = fileStart == chunkStart
        self.scanner = analyzer.makeScanner { r in
            var r = r
            r.source = source
            collector.reports.append(r)
        }
    }

    mutating func feed(_ line: InputLine) throws {
        let at = base.map { bufferStart + $0.distance(to: line.bytes.baseAddress ?? $0) } ?? bufferStart
        if !inChunk {
            if at < chunkStart {
                if line.number != lastNumber { warmupLines = line.number; lastNumber = line.number }
                try scanner.feed(line)
                return
            }
            inChunk = true
        }
        if at >= chunkEnd {
            if endLine == nil { endLine = line.number }
            let chunkFirst = warmupLines + 1
            if !scanner.openReportFirstLines.contains(where: { $0 >= chunkFirst }) { done = true; throw Stop() }
        } else if line.number != lastNumber {
            chunkLines += 1
        }
        lastNumber = line.number
        try scanner.feed(line)
    }

    mutating func idle() throws {}

    /// Reports that began inside the chunk, with line numbers relative to its start.
    var reportsInChunk: [Report] {
        collector.reports.compactMap { r in
            guard r.lines.first > warmupLines, endLine.map({ r.lines.first < $0 }) ?? true else { return nil }
            var r = r
            r.lines.first -= warmupLines
            r.lines.last -= warmupLines
            return r
        }
    }
}

/// Per-item outputs, written by the workers.
final class Slots: @unchecked Sendable {
    private var items: [TriageRunner.ItemOutput?]
    private let lock = NSLock()
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ v: TriageRunner.ItemOutput) { lock.withLock { items[k] = v } }
    var values: [TriageRunner.ItemOutput?] { lock.withLock { items } }
}

/// An input opened for reading: the file, stdin, or a decompressor's output pipe.
final class SourceStream {
    let input: TriageInput
    private var fd: Int32 = -1
    private var process: Process?
    private var errorPipe: Pipe?

    init(_ input: TriageInput) { self.input = input }

    func open() throws -> Int32 {
        guard let path = input.path else { return 0 }
        if let tool = input.decompressor {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = tool + [path]
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            do { try p.run() } catch {
                throw InputFailure(source: input.name, reason: "cannot run \(tool[0]): \(error.localizedDescription)")
            }
            process = p
            errorPipe = err
            fd = out.fileHandleForReading.fileDescriptor
            return fd
        }
        fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputFailure(source: input.name, reason: String(cString: strerror(errno))) }
        return fd
    }

    /// Waits for a decompressor; its failure (corrupt archive, missing tool) is the input's.
    func finish() -> String? {
        guard let p = process else { return nil }
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            let msg = String(decoding: errorPipe?.fileHandleForReading.readDataToEndOfFile() ?? Data(), as: UTF8.self)
                .split(separator: "\n").first.map(String.init) ?? ""
            return "\(input.decompressor?.first ?? "decompressor") exited with status \(p.terminationStatus)" + (msg.isEmpty ? "" : ": \(msg)")
        }
        return nil
    }

    func close() {
        if process == nil, fd > 0 { Glibc.close(fd) }
    }
}

/// Bytes read through a descriptor (its offset after reading, for plain files).
/// A shared work index.
final class ManagedAtomicCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int { lock.withLock { let v = value; value += 1; return v } }
}

extension InputFailure: Error {}
