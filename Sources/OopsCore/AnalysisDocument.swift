/// The JSON schema string; bump it when a field is renamed or dropped (docs/SCHEMA.md).
public let oopsySchema = "oopsy/1"

/// `oopsy analyze --format json` output: one document per input (docs/SCHEMA.md).
public struct AnalysisDocument: Codable, Sendable, Equatable {
    public var schema: String
    /// A path, or `<stdin>`.
    public var source: String
    public var reports: [Report]
    public var errors: [InputProblem]

    public init(source: String, reports: [Report], errors: [InputProblem]) {
        self.schema = oopsySchema
        self.source = source
        self.reports = reports
        self.errors = errors
    }
}

/// A problem with the input that did not stop the run (an over-long line, a pattern that hit
/// its match limit), or one that did (an unreadable file), with where it happened.
public struct InputProblem: Codable, Sendable, Equatable, Error, CustomStringConvertible {
    public var line: Int?
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}

extension InputProblem {
    /// Problems of two sources of one input, in line order (a stable merge).
    public static func inLineOrder(_ a: [InputProblem], _ b: [InputProblem]) -> [InputProblem] {
        guard !b.isEmpty else { return a }
        return (a + b).enumerated()
            .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
    }
}
