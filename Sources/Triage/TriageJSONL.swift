import Foundation
import OopsCore
import Render

/// `--format jsonl` for triage: one REPORT per line (with `source`), then `{"summary": …}`.
/// The same lines are what `oopsy merge` reads back.
public enum TriageJSONL {
    public static func reportLine(_ r: Report) throws -> [UInt8] {
        var bytes = try JSONWriter(pretty: false).encode(r)
        bytes.append(0x0A)
        return bytes
    }

    public static func summaryLine(_ s: TriageSummary) throws -> [UInt8] {
        var bytes = try JSONWriter(pretty: false).encode(["summary": s])
        bytes.append(0x0A)
        return bytes
    }

    /// What a set of jsonl outputs holds: every report, and the inputs/bytes/failures their
    /// summary lines account for.
    public struct Shard {
        public var reports: [Report] = []
        public var inputs = 0
        public var bytes = 0
        public var failures: [InputFailure] = []
        public init() {}
    }

    struct SummaryLine: Decodable { let summary: TriageSummary }

    /// Reads jsonl text: report lines and summary lines; anything else is an error naming the line.
    public static func read(_ data: Data, source: String, into shard: inout Shard) throws {
        var lineNumber = 0
        let decoder = JSONDecoder()
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
            let chunk = Data(line)
            if line.starts(with: Array(#"{"summary""#.utf8)) {
                do {
                    let s = try decoder.decode(SummaryLine.self, from: chunk).summary
                    shard.inputs += s.inputs
                    shard.bytes += s.bytes
                    shard.failures += s.unreadable
                } catch {
                    throw InputFailure(source: source, reason: "line \(lineNumber): not a triage summary (\(error))")
                }
                continue
            }
            do {
                shard.reports.append(try decoder.decode(Report.self, from: chunk))
            } catch {
                throw InputFailure(source: source, reason: "line \(lineNumber): not an oopsy/1 report line")
            }
        }
    }
}
