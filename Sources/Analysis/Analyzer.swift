import Arm64
import Diagnosis
import OopsCore
import OopsParser

/// The one-source pipeline: bytes → reports, each decoded, replayed and diagnosed
/// (docs/DESIGN.md). One `Analyzer` per thread; it owns the per-thread engines (PCRE2 match data,
/// Capstone, Unicorn) and reuses them across reports.
public final class Analyzer {
    /// Which stages run after parsing.
    public struct Options: Sendable {
        /// Disassemble, decode and replay arm64 reports.
        public var decode = true
        /// Run the generic rules and the kernel models.
        public var diagnose = true
        public init() {}
    }

    public let options: Options
    /// Bytes the last `analyze(fileDescriptor:)` read (uncompressed, from a pipe too).
    public private(set) var bytesRead = 0
    private let scratch = MatchScratch()
    /// Reused by every input this analyzer streams (``ReadBuffer``).
    private lazy var readBuffer = ReadBuffer()
    private let stages: [any ReportStage]
    private let titles = TitleStage()

    public init(options: Options = Options()) {
        self.options = options
        self.stages = Stages.make(options, titles: titles)
    }

    /// The scanner's problems and the title stage's, in line order.
    /// A binary input's note first (it says why nothing may follow).
    private func problems(_ scanner: ReportScanner, sniff: TextSniff) -> [InputProblem] {
        (sniff.problem.map { [$0] } ?? []) + InputProblem.inLineOrder(scanner.problems, titles.takeProblems())
    }

    /// Every report in an in-memory input.
    public func analyze(bytes: UnsafeRawBufferPointer, source: String = "<memory>") -> AnalysisDocument {
        resetStream()
        var reports: [Report] = []
        var scanner = ReportScanner(scratch: scratch) { reports.append(self.enrich($0)) }
        do {
            try LineSplitter.feed(bytes, into: &scanner)
            try scanner.finish()
        } catch {
            // Only `emit` could throw, and it does not here.
        }
        var sniff = TextSniff()
        sniff.look(at: bytes)
        return AnalysisDocument(source: source, reports: reports, errors: problems(scanner, sniff: sniff))
    }

    /// Every report in an in-memory input.
    public func analyze(bytes: [UInt8], source: String = "<memory>") -> AnalysisDocument {
        bytes.withUnsafeBytes { analyze(bytes: $0, source: source) }
    }

    /// Every report in an in-memory input.
    public func analyze(text: String, source: String = "<memory>") -> AnalysisDocument {
        analyze(bytes: Array(text.utf8), source: source)
    }

    /// Streams a file descriptor: `onReport` gets each report as soon as it ends. Returns the
    /// problems met. Throws ``ReadFailure`` when the input cannot be read, and whatever
    /// `onReport` throws (a closed output, for instance).
    public func analyze(fileDescriptor fd: Int32, head: [UInt8] = [],
                        onReport: @escaping (Report) throws -> Void) throws -> [InputProblem] {
        resetStream()
        var scanner = ReportScanner(scratch: scratch) { try onReport(self.enrich($0)) }
        let reader = LineReader(fileDescriptor: fd, buffer: readBuffer, head: head)
        defer { bytesRead = reader.bytesRead }
        try reader.feed(into: &scanner)
        try scanner.finish()
        return problems(scanner, sniff: reader.sniff)
    }

    /// Starts a new input: stream state (the diagnoser's context) is forgotten.
    public func resetStream() {
        for stage in stages { stage.reset() }
    }

    /// A scanner whose reports go through this analyzer's stages, for callers that feed lines
    /// themselves (triage's chunked reading of one big file).
    public func makeScanner(emit: @escaping (Report) throws -> Void) -> ReportScanner {
        ReportScanner(scratch: scratch) { try emit(self.enrich($0)) }
    }

    /// Runs the stages after parsing on one report.
    public func enrich(_ report: Report) -> Report {
        var r = report
        for stage in stages { stage.run(&r) }
        return r
    }
}

/// A step of the pipeline after parsing: takes a report, returns it richer (docs/DESIGN.md: data
/// flows one way).
public protocol ReportStage {
    func run(_ report: inout Report)
    /// Forgets what earlier reports of the input taught the stage.
    func reset()
}

extension ReportStage {
    public func reset() {}
}

enum Stages {
    static func make(_ options: Analyzer.Options, titles: TitleStage) -> [any ReportStage] {
        var stages: [any ReportStage] = []
        if options.decode { stages.append(Arm64Stage()) }
        stages.append(titles)
        stages.append(StormStage())
        stages.append(CascadeStage())
        if options.diagnose { stages.append(DiagnosisStage()) }
        return stages
    }
}

/// ESR, PSTATE, disassembly and replay of arm64 reports. The ESR can name a kind the text
/// did not (a report cut before its headline), so titling comes after.
struct Arm64Stage: ReportStage {
    let decoding = Arm64Decoding()
    func run(_ report: inout Report) { decoding.run(&report) }
}

/// Title, signature and corruption, once, from the report's final kind. A match-limit hit
/// while titling is a problem of the report's first line (the input may have ended before).
final class TitleStage: ReportStage {
    private let scratch = MatchScratch()
    private var problems: [InputProblem] = []

    func run(_ report: inout Report) {
        if let p = ReportTitler.titleOnce(&report, scratch: scratch), problems.count < 1000 { problems.append(p) }
    }

    func takeProblems() -> [InputProblem] {
        defer { problems.removeAll() }
        return problems
    }

    func reset() { problems.removeAll() }
}

/// Generic rules and kernel models; one per stream (it keeps the stream's context).
struct DiagnosisStage: ReportStage {
    let diagnoser = Diagnoser()
    func run(_ report: inout Report) { diagnoser.run(&report) }
    func reset() { diagnoser.reset() }
}

