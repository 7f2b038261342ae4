import ArgumentParser
import Oopsy
import Triage

/// Formats of a triage summary.
enum TriageFormat: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl, csv, html
}

/// How `triage` and `merge` write their summary: the options they share and the writing.
struct SummaryOutputOptions: ParsableArguments {
    @Option(help: "Output format: text, jsonl (every report, then a summary line), csv (one row per cluster), html.")
    var format: TriageFormat = .text

    @Flag(help: "List every occurrence of each cluster.")
    var members = false

    @Option(name: .shortAndLong, help: "Write the output to FILE instead of standard output.")
    var output: String?

    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto

    @Option(help: "Wrap the text table at N columns (default: the terminal's width, else COLUMNS, else 100).")
    var width: Int?

    /// Opens the output (so a file that cannot be written is named before any work is done).
    func open() throws -> SummaryWriter { try SummaryWriter(self) }
}

/// Takes a triage's reports one at a time, in canonical order: jsonl report lines go out as
/// they come, the clusters are built as they come; the summary is written at the end.
final class SummaryWriter {
    let options: SummaryOutputOptions
    private let sink: OutputTarget
    private var clusters: ClusterBuilder
    /// Reports taken so far.
    var reports: Int { clusters.reports }

    init(_ options: SummaryOutputOptions) throws {
        self.options = options
        self.sink = try OutputTarget(path: options.output)
        self.clusters = ClusterBuilder(members: options.members)
    }

    func add(_ r: Report) {
        clusters.add(r)
        if options.format == .jsonl, let line = try? TriageJSONL.reportLine(r) {
            sink.write(line)
            sink.flushIfLarge()
        }
    }

    /// Writes the summary in the chosen format (after the report lines, for jsonl) and returns it.
    @discardableResult
    func finish(inputs: Int, bytes: Int, unreadable: [InputFailure]) throws -> TriageSummary {
        let summary = clusters.summary(inputs: inputs, bytes: bytes, unreadable: unreadable)
        switch options.format {
        case .text:
            sink.write(TriageText(color: OutputOptions.colorEnabled(options.color, terminal: sink.isTerminal),
                                  width: TerminalWidth.columns(options.width)).render(summary))
        case .jsonl:
            sink.write(try TriageJSONL.summaryLine(summary))
        case .csv:
            sink.write(TriageCSV.render(summary))
        case .html:
            sink.write(TriageHTML.render(summary))
        }
        do { try sink.flush() } catch is Output.BrokenPipe {}
        return summary
    }
}
