import Foundation
import OopsCore
import OopsParser
import Render

/// `--format jsonl` for triage: one REPORT per line (with `source`), then `{"summary": …}`.
/// The same lines are what `oopsy merge` reads back.
public enum TriageJSONL {
    public static func reportLine(_ r: Report) throws -> [UInt8] { try JSONLinesPrinter.line(r) }

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

    /// Reads jsonl text: report lines and summary lines; anything else is an error naming the
    /// line. Report lines are decoded on every core (JSON decoding is what a merge costs), in
    /// batches whose results keep the file's order.
    public static func read(_ data: Data, source: String, into shard: inout Shard) throws {
        let summaryPrefix = Array(#"{"summary""#.utf8)
        var reportLines: [(number: Int, range: Range<Int>)] = []
        var summaries: [(number: Int, range: Range<Int>)] = []
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            guard let base = bytes.baseAddress else { return }
            var start = 0
            var number = 0
            while start <= bytes.count {
                let end = memchr(base + start, 0x0A, bytes.count - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
                number += 1
                let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                if !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
                    if ByteText.hasPrefix(line, summaryPrefix) { summaries.append((number, start..<end)) }
                    else { reportLines.append((number, start..<end)) }
                }
                if end == bytes.count { break }
                start = end + 1
            }
        }
        // The summary is a shard's last line: without it the file was cut off (or is not
        // triage output), and its reports would be merged with no inputs to account for them.
        guard !summaries.isEmpty else {
            throw InputFailure(source: source, reason: "no summary line: the shard was cut off, or is not 'oopsy triage --format jsonl' output")
        }
        let decoder = JSONDecoder()
        var accounted: [TriageSummary] = []
        for s in summaries {
            let summary: TriageSummary
            do {
                summary = try decoder.decode(SummaryLine.self, from: data.subdata(in: s.range)).summary
            } catch {
                throw InputFailure(source: source, reason: "line \(s.number): not a triage summary (\(error))")
            }
            // (A summary that accounts for no report, such as a shard of unreadable inputs,
            // carries no signature to disagree with.)
            let scheme = summary.signatureScheme ?? 1
            guard scheme == TriageSummary.currentSignatureScheme || summary.reports == 0 else {
                throw InputFailure(source: source, reason: "line \(s.number): its reports were grouped by signature scheme \(scheme), this oopsy groups by scheme \(TriageSummary.currentSignatureScheme); triage those logs again")
            }
            accounted.append(summary)
        }
        // A shard cut between report lines and re-terminated, or two shards concatenated
        // without one's summary, hold another number of reports than they account for.
        let counted = accounted.reduce(0) { $0 + $1.reports }
        guard counted == reportLines.count else {
            throw InputFailure(source: source, reason: "it holds \(reportLines.count) report lines but its summary counts \(counted): the shard was cut or spliced")
        }
        for summary in accounted {
            shard.inputs += summary.inputs
            shard.bytes += summary.bytes
            shard.failures += summary.unreadable
        }
        let batch = 256
        let lines = reportLines
        let batches = (lines.count + batch - 1) / batch
        let results = DecodedBatches(count: batches)
        DispatchQueue.concurrentPerform(iterations: batches) { b in
            let decoder = JSONDecoder()
            var out: [Report] = []
            var failedLine: Int?
            for l in lines[(b * batch)..<min(lines.count, (b + 1) * batch)] {
                do { out.append(try decoder.decode(Report.self, from: data.subdata(in: l.range))) }
                catch { failedLine = l.number; break }
            }
            results.set(b, out, failedLine: failedLine)
        }
        if let line = results.firstFailedLine {
            throw InputFailure(source: source, reason: "line \(line): not an oopsy/1 report line")
        }
        shard.reports += results.reports
    }
}

/// Per-batch results of the parallel decode, joined in batch order.
private final class DecodedBatches: @unchecked Sendable {
    private var batches: [[Report]]
    private var failed: [Int?]
    private let lock = NSLock()

    init(count: Int) {
        batches = Array(repeating: [], count: count)
        failed = Array(repeating: nil, count: count)
    }

    func set(_ i: Int, _ reports: [Report], failedLine: Int?) {
        lock.withLock { batches[i] = reports; failed[i] = failedLine }
    }

    var firstFailedLine: Int? { failed.compactMap { $0 }.min() }
    var reports: [Report] { batches.flatMap { $0 } }
}
