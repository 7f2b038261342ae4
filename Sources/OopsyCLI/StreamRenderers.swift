import Oopsy
import Render

/// Writes reports as they arrive, framing each input as its format needs.
protocol StreamRenderer {
    func begin(source: String) throws
    func report(_ r: Report, source: String) throws
    func end(source: String, problems: [InputProblem]) throws
    func finish() throws
}

struct TextStream: StreamRenderer {
    let sink: Output
    let renderer: TextRenderer
    func begin(source: String) throws {}
    func report(_ r: Report, source: String) throws {
        sink.write(renderer.render(r, source: source))
        try sink.flush()
    }
    func end(source: String, problems: [InputProblem]) throws { try sink.flush() }
    func finish() throws { try sink.flush() }
}

/// One JSON document per input (docs/SCHEMA.md), streamed: the header goes out first, each report
/// as it ends, the errors last. Several inputs give several documents one after another.
final class JSONDocumentStream: StreamRenderer {
    let sink: Output
    private var count = 0
    private let writer = JSONWriter(pretty: true)
    init(sink: Output) { self.sink = sink }

    func begin(source: String) throws {
        count = 0
        sink.write("{\n  \"schema\": ")
        sink.write(JSONWriter.quoted(oopsySchema))
        sink.write(",\n  \"source\": ")
        sink.write(JSONWriter.quoted(source))
        sink.write(",\n  \"reports\": [")
    }

    func report(_ r: Report, source: String) throws {
        var bytes: [UInt8] = Array((count == 0 ? "\n    " : ",\n    ").utf8)
        try writer.encode(r, into: &bytes, depth: 2)
        count += 1
        sink.write(bytes)
        try sink.flush()
    }

    func end(source: String, problems: [InputProblem]) throws {
        sink.write(count == 0 ? "],\n  \"errors\": " : "\n  ],\n  \"errors\": ")
        var bytes: [UInt8] = []
        try writer.encode(problems, into: &bytes, depth: 1)
        sink.write(bytes)
        sink.write("\n}\n")
        try sink.flush()
    }

    func finish() throws { try sink.flush() }
}

/// One REPORT per line with `source` added (docs/SCHEMA.md), written the moment it ends.
struct JSONLinesStream: StreamRenderer {
    let sink: Output
    private let writer = JSONWriter(pretty: false)
    func begin(source: String) throws {}
    func report(_ r: Report, source: String) throws {
        var r = r
        r.source = source
        var bytes: [UInt8] = []
        try writer.encode(r, into: &bytes)
        bytes.append(0x0A)
        sink.write(bytes)
        try sink.flush()
    }
    func end(source: String, problems: [InputProblem]) throws {}
    func finish() throws { try sink.flush() }
}

/// Markdown, one section per report as it ends.
final class MarkdownStream: StreamRenderer {
    let sink: Output
    private var count = 0
    init(sink: Output) { self.sink = sink }
    func begin(source: String) throws {}
    func report(_ r: Report, source: String) throws {
        if count > 0 { sink.write("\n---\n\n") }
        count += 1
        sink.write(MarkdownRenderer().render(r, source: source))
        try sink.flush()
    }
    func end(source: String, problems: [InputProblem]) throws {}
    func finish() throws { try sink.flush() }
}
