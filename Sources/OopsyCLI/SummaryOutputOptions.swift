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

    /// Writes `summary` (and, for jsonl, every report before it) in the chosen format.
    func write(_ summary: TriageSummary, reports: [Report]) throws {
        let sink = try OutputTarget(path: output)
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
