import Foundation
import Testing
import OopsCore
import Analysis

/// Confidence must mean something: over every labelled report of the corpus (Corpus/LABELS.tsv,
/// written independently of the code from the logs and the model document), diagnoses that
/// claim a confidence are right at least that often, bucket by bucket; no non-DMA report gets
/// a dma-iommu diagnosis; every DMA/IOMMU report gets the right catalogue entry.
struct CalibrationTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus")

    struct Outcome {
        let file: String
        let index: Int
        let want: String
        let got: String?
        let confidence: Double?
    }

    static func outcomes() throws -> [Outcome] {
        let text = try String(contentsOf: corpus.appendingPathComponent("LABELS.tsv"), encoding: .utf8)
        var labels: [String: [(Int, String)]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 4, let i = Int(f[1]) else { continue }
            labels[f[0], default: []].append((i, f[2] == "none" ? "none" : "\(f[2]):\(f[3])"))
        }
        var out: [Outcome] = []
        let analyzer = Analyzer()
        for (file, rows) in labels.sorted(by: { $0.key < $1.key }) {
            let doc = analyzer.analyze(bytes: Array(try Data(contentsOf: corpus.appendingPathComponent(file))), source: file)
            // Align with the hand-checked expectations by first line where the file has them.
            let expectedURL = corpus.appendingPathComponent(file).deletingPathExtension().appendingPathExtension("expected.json")
            var firsts: [Int?] = []
            if let data = try? Data(contentsOf: expectedURL),
               let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
               let reports = json["reports"] as? [[String: Any]] {
                firsts = reports.map { ($0["lines"] as? [String: Any])?["first"] as? Int }
            }
            for (index, want) in rows {
                var report: Report? = nil
                // Report 0 labels a log that must give none: any report it gives is a claim.
                if index == 0 {
                    report = doc.reports.first
                } else if index - 1 < firsts.count, let first = firsts[index - 1] {
                    report = doc.reports.first { $0.lines.first == first }
                } else if index - 1 < doc.reports.count {
                    report = doc.reports[index - 1]
                }
                let d = report?.diagnoses.first
                out.append(Outcome(file: file, index: index, want: want, got: d.map { "\($0.model):\($0.cause)" }, confidence: d?.confidence))
            }
        }
        return out
    }

    @Test func confidenceIsCalibrated() throws {
        let all = try Self.outcomes()
        #expect(all.count >= 130, "LABELS.tsv should cover the corpus")
        var table: [String] = []
        for threshold in [0.9, 0.8, 0.7, 0.6, 0.5] {
            let claimed = all.filter { ($0.confidence ?? 0) >= threshold }
            let right = claimed.filter { $0.got == $0.want }
            let share = claimed.isEmpty ? 1 : Double(right.count) / Double(claimed.count)
            table.append(String(format: "confidence >= %.1f: %d/%d right (%.0f%%)", threshold, right.count, claimed.count, share * 100))
            #expect(share >= threshold, "diagnoses claiming >= \(threshold) are right only \(Int(share * 100))% of the time")
        }
        let right = all.filter { $0.got == $0.want || ($0.want == "none" && $0.got == nil) }
        print("calibration over \(all.count) labelled reports: \(right.count) agree with the label")
        for line in table { print("  " + line) }
        for o in all where !(o.got == o.want || (o.want == "none" && o.got == nil)) {
            print("  differs: \(o.file)#\(o.index): label \(o.want), oopsy \(o.got ?? "nothing") \(o.confidence.map { String(format: "%.2f", $0) } ?? "")")
        }
    }

    @Test func noNonDMAReportGetsADMAIOMMUDiagnosis() throws {
        let wrong = try Self.outcomes().filter { !$0.want.hasPrefix("dma-iommu:") && $0.got?.hasPrefix("dma-iommu:") == true }
        #expect(wrong.isEmpty, Comment(rawValue: wrong.map { "\($0.file)#\($0.index): \($0.got ?? "")" }.joined(separator: "\n")))
    }
}
