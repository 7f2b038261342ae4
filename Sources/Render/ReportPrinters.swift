import OopsCore

/// Where printers write: buffered bytes, flushed after each report so a pipe sees a crash as
/// it ends. The CLI's standard output is one; a test's buffer another.
public protocol PrinterSink: AnyObject {
    func write(_ text: String)
    func write(_ bytes: [UInt8])
    func flush() throws
}

/// Writes reports as they arrive, framing each input as its format needs (ripgrep's printers:
/// a library the CLI only wires).
public protocol ReportPrinter {
    func begin(source: String) throws
    func report(_ r: Report, source: String) throws
    func end(source: String, problems: [InputProblem]) throws
    func finish() throws
}

/// Text for a terminal or a pager, one block per report; a storm's repeats one line each, as
/// they arrive (`same fault again (×3, as report 1)`).
public final class TextPrinter: ReportPrinter {
    let sink: PrinterSink
    let renderer: TextRenderer
    /// Per storm (its first report's id): how many times its fault has been seen.
    private var times: [Int: Int] = [:]
    public init(sink: PrinterSink, renderer: TextRenderer) {
        self.sink = sink
        self.renderer = renderer
    }
    public func begin(source: String) throws { times.removeAll() }
    public func report(_ r: Report, source: String) throws {
        if let root = r.repeatOf {
            let n = (times[root] ?? 1) + 1
            times[root] = n
            sink.write(renderer.repeatLine(r, root: root, times: n))
        } else {
            sink.write(renderer.render(r, source: source))
        }
        try sink.flush()
    }
    public func end(source: String, problems: [InputProblem]) throws { try sink.flush() }
    public func finish() throws { try sink.flush() }
}

/// One JSON document per input (docs/SCHEMA.md), streamed: the header goes out first, each report
/// as it ends, the errors last. Several inputs give several documents one after another.
public final class JSONDocumentPrinter: ReportPrinter {
    let sink: PrinterSink
    private var count = 0
    private let writer = JSONWriter(pretty: true)
    public init(sink: PrinterSink) { self.sink = sink }

    public func begin(source: String) throws {
        count = 0
        sink.write("{\n  \"schema\": ")
        sink.write(JSONWriter.quoted(oopsySchema))
        sink.write(",\n  \"source\": ")
        sink.write(JSONWriter.quoted(source))
        sink.write(",\n  \"reports\": [")
    }

    public func report(_ r: Report, source: String) throws {
        var bytes: [UInt8] = Array((count == 0 ? "\n    " : ",\n    ").utf8)
        try writer.encode(r, into: &bytes, depth: 2)
        count += 1
        sink.write(bytes)
        try sink.flush()
    }

    public func end(source: String, problems: [InputProblem]) throws {
        sink.write(count == 0 ? "],\n  \"errors\": " : "\n  ],\n  \"errors\": ")
        var bytes: [UInt8] = []
        try writer.encode(problems, into: &bytes, depth: 1)
        sink.write(bytes)
        sink.write("\n}\n")
        try sink.flush()
    }

    public func finish() throws { try sink.flush() }
}

/// One REPORT per line with `source` (docs/SCHEMA.md), written the moment it ends: what
/// `analyze --format jsonl` and triage print, and what `oopsy merge` reads back.
public struct JSONLinesPrinter: ReportPrinter {
    let sink: PrinterSink
    public init(sink: PrinterSink) { self.sink = sink }

    /// `r` as one JSON line (its `source` as set).
    public static func line(_ r: Report) throws -> [UInt8] {
        var bytes = try JSONWriter(pretty: false).encode(r)
        bytes.append(0x0A)
        return bytes
    }

    public func begin(source: String) throws {}
    public func report(_ r: Report, source: String) throws {
        var r = r
        r.source = source
        sink.write(try Self.line(r))
        try sink.flush()
    }
    public func end(source: String, problems: [InputProblem]) throws {}
    public func finish() throws { try sink.flush() }
}

/// Markdown, one section per report as it ends; a storm's repeats one line each.
public final class MarkdownPrinter: ReportPrinter {
    let sink: PrinterSink
    private var count = 0
    private var times: [Int: Int] = [:]
    private let renderer: MarkdownRenderer
    public init(sink: PrinterSink, renderer: MarkdownRenderer = MarkdownRenderer()) {
        self.sink = sink
        self.renderer = renderer
    }
    public func begin(source: String) throws { times.removeAll() }
    public func report(_ r: Report, source: String) throws {
        if let root = r.repeatOf {
            let n = (times[root] ?? 1) + 1
            times[root] = n
            let what = Storms.changed(r).map { ", \($0.name) \(MarkdownSafe.code($0.value.description))" } ?? ""
            sink.write("\n*The same fault again (×\(n), as report \(root)): line \(r.lines.first)\(what).*\n")
        } else {
            if count > 0 { sink.write("\n---\n\n") }
            count += 1
            sink.write(renderer.render(r, source: source))
        }
        try sink.flush()
    }
    public func end(source: String, problems: [InputProblem]) throws {}
    public func finish() throws { try sink.flush() }
}
