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
        /// Plain files at least twice this size are cut into chunks of it: read in parallel,
        /// and (with one job too) their reports go out chunk by chunk instead of being held
        /// until the whole file is read.
        public var chunkBytes = 32 << 20
        public var analyzer = Analyzer.Options()
        public init() {}
    }

    /// What a run read: everything but the reports, which went to `onReport`.
    public struct Totals: Sendable {
        public var failures: [InputFailure]
        public var inputs: Int
        public var bytes: Int
        public var reports: Int
    }

    /// What a run found, reports included (for callers that want them all in memory).
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

    /// Every report of `inputs`, all in memory, in canonical order.
    public func run(_ inputs: [TriageInput], failures initial: [InputFailure] = []) -> Result {
        var reports: [Report] = []
        let totals = run(inputs, failures: initial) { reports.append($0) }
        return Result(reports: reports, failures: totals.failures, inputs: totals.inputs, bytes: totals.bytes)
    }

    /// Analyzes `inputs` on `options.jobs` threads and hands every report to `onReport` in
    /// canonical order (source name, then line), one call at a time, as soon as the reports
    /// before it are known: a run holds only the outputs that wait for an earlier item.
    public func run(_ inputs: [TriageInput], failures initial: [InputFailure] = [], onReport: (Report) -> Void) -> Totals {
        // Inputs by name (a stable sort: the same name twice keeps its order), so emitting
        // items in plan order is emitting in canonical order.
        let sorted = inputs.indices.sorted { (inputs[$0].name, $0) < (inputs[$1].name, $1) }.map { inputs[$0] }
        let items = plan(sorted)
        lock.withLock {
            progress = Progress(inputsTotal: inputs.count, bytesTotal: inputs.reduce(0) { $0 + $1.size })
        }
        return withoutActuallyEscaping(onReport) { onReport in
            let emitter = Emitter(items: items, inputs: sorted, onReport: onReport)
            let next = ManagedAtomicCounter()
            let workers = min(options.jobs, max(1, items.count))
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let analyzer = Analyzer(options: options.analyzer)
                while true {
                    let k = next.increment()
                    guard k < items.count else { break }
                    let out = process(items[k], inputs: sorted, analyzer: analyzer)
                    lock.withLock {
                        progress.bytesDone += out.bytes
                        progress.reports += out.reports.count
                        if out.completesInput { progress.inputsDone += 1 }
                        let p = progress
                        onProgress?(p)
                    }
                    emitter.complete(k, out)
                }
            }
            return emitter.totals(initial: initial, inputs: inputs.count)
        }
    }

    /// Work items: whole inputs, and chunks of big plain files.
    func plan(_ inputs: [TriageInput]) -> [Item] {
        var items: [Item] = []
        for (i, input) in inputs.enumerated() {
            if input.compression == nil, let path = input.path, input.size >= 2 * options.chunkBytes,
               TriageInput.compression(ofContent: path) == nil {
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
        if let parts = input.pstoreParts {
            do {
                let text = try Pstore.text(ofParts: parts)
                out.reports = analyzer.analyze(bytes: text, source: input.name).reports.map { var r = $0; r.source = input.name; return r }
                out.bytes = text.count
            } catch {
                out.failures.append(InputFailure(source: input.name, reason: "\(error.localizedDescription)"))
            }
            return out
        }
        let source = SourceStream(input)
        do {
            let (fd, head) = try source.open()
            defer { source.close() }
            _ = try analyzer.analyze(fileDescriptor: fd, head: head) { r in
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

    mutating func chunk(_ bytes: UnsafeRawBufferPointer) { scanner.chunk(bytes) }

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

/// Hands the items' reports on in plan order as the items complete: an item's reports go out
/// once every item before it has. Chunks counted line numbers from their own start; the lines
/// of the chunks before them are added here. Inputs that share a name are one group, their
/// reports merged by line.
final class Emitter: @unchecked Sendable {
    private let items: [TriageRunner.Item]
    private let onReport: (Report) -> Void
    private let lock = NSLock()
    private var waiting: [Int: TriageRunner.ItemOutput] = [:]
    private var next = 0
    private var linesBefore: [Int: Int] = [:]   // input → lines in its chunks emitted so far
    private var reportsBefore: [Int: Int] = [:] // input → reports of its chunks emitted so far
    private var failures: [InputFailure] = []
    private var bytes = 0
    private var reports = 0
    private let groupEnd: [Int]
    /// A thread is handing reports on.
    private var draining = false

    init(items: [TriageRunner.Item], inputs: [TriageInput], onReport: @escaping (Report) -> Void) {
        self.items = items
        self.onReport = onReport
        self.groupEnd = Self.groupEnds(items, inputs: inputs)
    }

    /// Takes item `k`'s output and hands on whatever is now ready. One thread at a time hands
    /// reports on (that keeps their order), outside the lock: a worker that finishes an item
    /// while another is handing on (encoding jsonl, say) leaves its output and goes on working.
    func complete(_ k: Int, _ out: TriageRunner.ItemOutput) {
        let drains = lock.withLock { () -> Bool in
            waiting[k] = out
            if draining { return false }
            draining = true
            return true
        }
        guard drains else { return }
        while let batch = lock.withLock({ () -> [Report]? in
            guard let b = takeReady() else { draining = false; return nil }
            return b
        }) {
            for r in batch { onReport(r) }
        }
    }

    /// The next group's reports in canonical order once all its items are in (under the lock).
    private func takeReady() -> [Report]? {
        guard next < items.count else { return nil }
        // The items of one name: all of them must be in before any goes out.
        let group = groupEnd[next]
        guard (next..<group).allSatisfy({ waiting[$0] != nil }) else { return nil }
        var batch: [Report] = []
        for j in next..<group {
            guard let out = waiting.removeValue(forKey: j) else { continue }
            bytes += out.bytes
            failures += out.failures
            batch += shifted(out, item: items[j])
        }
        next = group
        reports += batch.count
        // Reports end (and are emitted by the scanner) out of line order when they
        // interleave; the canonical order is by line.
        return batch.count > 1 ? batch.sorted { $0.lines.first < $1.lines.first } : batch
    }

    /// Where the group that starts at item `k` ends: an item alone, unless its input shares
    /// its name with another input, in which case every item of those inputs.
    private static func groupEnds(_ items: [TriageRunner.Item], inputs: [TriageInput]) -> [Int] {
        let inputOf = items.map { item -> Int in
            switch item { case .whole(let i), .chunk(let i, _, _, _): return i }
        }
        var ends = Array(repeating: 0, count: items.count)
        var k = 0
        while k < items.count {
            var end = k + 1
            while end < items.count, inputs[inputOf[end]].name == inputs[inputOf[k]].name { end += 1 }
            let shared = inputOf[end - 1] != inputOf[k]
            if shared {
                for j in k..<end { ends[j] = end }
            } else {
                for j in k..<end { ends[j] = j + 1 }
            }
            k = end
        }
        return ends
    }

    /// A chunk's reports as reading the whole file numbers them: lines counted from the file's
    /// start, ids continuing the chunks before (a chunk's scanner counted from 1, warm-up
    /// included). A storm whose first report lay in an earlier chunk loses its link.
    private func shifted(_ out: TriageRunner.ItemOutput, item: TriageRunner.Item) -> [Report] {
        guard case .chunk(let i, _, _, _) = item else { return out.reports }
        let offset = linesBefore[i] ?? 0
        linesBefore[i] = offset + out.lines
        let first = reportsBefore[i] ?? 0
        reportsBefore[i] = first + out.reports.count
        var ids: [Int: Int] = [:]
        for (k, r) in out.reports.enumerated() { ids[r.id] = first + k + 1 }
        return out.reports.map { r in
            var r = r
            r.lines.first += offset
            r.lines.last += offset
            r.id = ids[r.id] ?? r.id
            r.repeatOf = r.repeatOf.flatMap { ids[$0] }
            r.consequenceOf = r.consequenceOf.flatMap { ids[$0] }
            if r.consequenceOf == nil { r.consequence = nil }
            return r
        }
    }

    func totals(initial: [InputFailure], inputs: Int) -> TriageRunner.Totals {
        lock.withLock {
            TriageRunner.Totals(failures: (initial + failures).sorted(), inputs: inputs, bytes: bytes, reports: reports)
        }
    }
}

/// An input opened for reading: the file or stdin, through its decompressor when its name or
/// its first bytes say it is compressed.
final class SourceStream {
    let input: TriageInput
    private var fd: Int32 = -1
    private var opened: DecompressedInput?

    init(_ input: TriageInput) { self.input = input }

    /// The descriptor to read, and the bytes taken from it that come first.
    func open() throws -> (fd: Int32, head: [UInt8]) {
        if let path = input.path {
            fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw InputFailure(source: input.name, reason: String(cString: strerror(errno))) }
        } else {
            fd = 0
        }
        do {
            let d = try DecompressedInput(fd: fd, path: input.path, known: input.compression)
            opened = d
            return (d.fd, d.head)
        } catch let e as ReadFailure {
            throw InputFailure(source: input.name, reason: e.message)
        }
    }

    /// Waits for a decompressor; its failure (corrupt archive, missing tool) is the input's.
    func finish() -> String? { opened?.finish() }

    func close() {
        if fd > 0 { Glibc.close(fd) }
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
