import ArgumentParser
import Foundation
import Oopsy
import Triage
#if canImport(Glibc)
import Glibc
#endif

enum TriageFormat: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl, csv, html
}

/// `oopsy triage PATH…`: many logs in, the distinct crashes out.
struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Analyze many logs on every core and group the reports into distinct crashes.",
        discussion: """
        PATHs are files, folders (walked recursively) or '-' for standard input; .gz, .xz, .zst \
        and .bz2 files are decompressed with the system's tools. Every input is accounted for: \
        those that cannot be read are listed with the reason (exit status 3).

        Examples:
          oopsy triage /srv/ci/console-logs/
          oopsy triage --format html --output triage.html logs/
          oopsy triage --format jsonl shard1/ > shard1.jsonl
        """
    )

    @Argument(help: "Files, folders or '-' (standard input).")
    var paths: [String]

    @Option(help: "Output format: text, jsonl (every report, then a summary line), csv (one row per cluster), html.")
    var format: TriageFormat = .text

    @Option(name: .shortAndLong, help: "Parallel jobs (default: every core).")
    var jobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    @Flag(help: "List every occurrence of each cluster.")
    var members = false

    @Option(name: .shortAndLong, help: "Write the output to FILE instead of standard output.")
    var output: String?

    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto

    @Option(help: "Wrap the text table at N columns (default: the terminal's width, else COLUMNS, else 100).")
    var width: Int?

    @Flag(help: "No progress bar even on a terminal.")
    var quiet = false

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if paths.isEmpty { throw ValidationError("give at least one file or folder (or '-')") }
    }

    func run() throws {
        let (inputs, walkFailures) = InputWalker.expand(paths)
        var options = TriageRunner.Options()
        options.jobs = jobs
        options.members = members
        let runner = TriageRunner(options: options)
        let bar = ProgressBar(enabled: !quiet && isatty(2) == 1)
        runner.onProgress = { p in bar.update(p) }
        let started = Date()
        let result = runner.run(inputs, failures: walkFailures)
        bar.finish(result, seconds: Date().timeIntervalSince(started))
        let summary = result.summary(members: members)
        try TriageOutput.write(summary, reports: result.reports, format: format, to: output, color: color, width: width)
        for f in summary.unreadable.prefix(50) { Diagnostics.error("cannot read '\(TerminalSafe.escape(f.source))': \(TerminalSafe.escape(f.reason))") }
        throw Outcome.combine(foundReports: !result.reports.isEmpty, unreadable: !summary.unreadable.isEmpty)
    }
}

/// `oopsy merge FILE…`: several `triage --format jsonl` outputs → the summary one run over all
/// their inputs would give.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge 'oopsy triage --format jsonl' outputs into one triage.",
        discussion: """
        The merge is associative and commutative: shards merged in any order give the summary \
        one run over all their inputs gives.

        Examples:
          oopsy triage --format jsonl a/ > a.jsonl; oopsy triage --format jsonl b/ > b.jsonl
          oopsy merge a.jsonl b.jsonl
          oopsy merge --format html a.jsonl b.jsonl --output all.html
        """
    )

    @Argument(help: "jsonl files written by 'oopsy triage --format jsonl' (or 'oopsy merge --format jsonl').")
    var files: [String]

    @Option(help: "Output format: text, jsonl, csv, html.")
    var format: TriageFormat = .text

    @Flag(help: "List every occurrence of each cluster.")
    var members = false

    @Option(name: .shortAndLong, help: "Write the output to FILE.")
    var output: String?

    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto

    @Option(help: "Wrap the text table at N columns (default: the terminal's width, else COLUMNS, else 100).")
    var width: Int?

    func run() throws {
        var shard = TriageJSONL.Shard()
        var unreadable = false
        for file in files {
            do {
                let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
                try TriageJSONL.read(data, source: file, into: &shard)
            } catch let f as InputFailure {
                Diagnostics.error("\(TerminalSafe.escape(f.source)): \(TerminalSafe.escape(f.reason))")
                unreadable = true
            } catch {
                Diagnostics.error("cannot read '\(TerminalSafe.escape(file))': \((error as NSError).localizedDescription)")
                unreadable = true
            }
        }
        let reports = Clustering.canonicalOrder(shard.reports)
        let summary = Clustering.summarize(reports, inputs: shard.inputs, bytes: shard.bytes, unreadable: shard.failures, members: members)
        try TriageOutput.write(summary, reports: reports, format: format, to: output, color: color, width: width)
        throw Outcome.combine(foundReports: !reports.isEmpty, unreadable: unreadable || !summary.unreadable.isEmpty)
    }
}

/// Writes a triage (or merge) result in the chosen format.
enum TriageOutput {
    static func write(_ summary: TriageSummary, reports: [Report], format: TriageFormat, to path: String?, color: ColorChoice, width: Int?) throws {
        let sink = try OutputTarget(path: path)
        switch format {
        case .text:
            sink.write(TriageText(color: OutputOptions.colorEnabled(color, terminal: sink.isTerminal), width: TerminalWidth.columns(width)).render(summary))
        case .jsonl:
            for r in reports { sink.write(try TriageJSONL.reportLine(r)) }
            sink.write(try TriageJSONL.summaryLine(summary))
        case .csv:
            sink.write(TriageCSV.render(summary))
        case .html:
            sink.write(TriageHTML.render(summary))
        }
        do { try sink.flush() } catch is Output.BrokenPipe {}
    }
}

/// Files, MB/s, reports and an ETA on stderr, redrawn at most ten times a second.
final class ProgressBar: @unchecked Sendable {
    let enabled: Bool
    private var last = Date.distantPast
    private let started = Date()
    private let lock = NSLock()

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ p: TriageRunner.Progress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.1 else { return }
        last = now
        let secs = max(0.001, now.timeIntervalSince(started))
        let rate = Double(p.bytesDone) / secs
        let eta = rate > 0 && p.bytesTotal > p.bytesDone ? Int(Double(p.bytesTotal - p.bytesDone) / rate) : 0
        let line = "\r\u{1B}[K[\(p.inputsDone)/\(p.inputsTotal) inputs] \(Bytes.human(p.bytesDone)) at \(Bytes.human(Int(rate)))/s, \(p.reports) reports, ETA \(eta)s"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish(_ r: TriageRunner.Result, seconds: Double) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Standard output or a file given with --output (errors name the file).
final class OutputTarget {
    private let output: Output
    let isTerminal: Bool
    private let path: String?

    init(path: String?) throws {
        self.path = path
        if let path {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                Diagnostics.error("cannot write '\(TerminalSafe.escape(path))': \(String(cString: strerror(errno)))")
                throw Outcome.unreadable
            }
            output = Output(fd: fd)
            isTerminal = false
        } else {
            output = Output()
            isTerminal = output.isTerminal
        }
    }

    func write(_ s: String) { output.write(s) }
    func write(_ b: [UInt8]) { output.write(b) }

    func flush() throws {
        do { try output.flush() } catch let f as Output.WriteFailed {
            Diagnostics.error("cannot write '\(TerminalSafe.escape(path ?? "<stdout>"))': \(f.message)")
            throw Outcome.unreadable
        }
    }
}
