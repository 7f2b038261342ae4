import Foundation
import Testing
import OopsCore
import Analysis
import Diagnosis

/// Every diagnosis over the whole corpus (real, lab, seed, synthetic logs) says only what its
/// evidence shows: its confidence is its rows' sum under the weight table, its rows do not
/// contradict each other or its reproduction, "reproduced" stands on the observable itself,
/// and none of the emulator's scaffolding (the scenario's made-up driver frames) reaches it.
struct EvidenceConsistencyTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus")

    static func diagnosed() throws -> [(file: String, report: Report)] {
        let walker = FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let url = walker?.nextObject() as? URL { if url.pathExtension == "log" { files.append(url) } }
        let analyzer = Analyzer()
        var out: [(String, Report)] = []
        for url in files.sorted(by: { $0.path < $1.path }) {
            let name = String(url.path.dropFirst(corpus.path.count + 1))
            for r in analyzer.analyze(bytes: Array(try Data(contentsOf: url)), source: name).reports where !r.diagnoses.isEmpty {
                out.append((name, r))
            }
        }
        return out
    }

    @Test func diagnosesSayOnlyWhatTheirEvidenceShows() throws {
        let all = try Self.diagnosed()
        #expect(all.count > 500, "the corpus should give hundreds of diagnoses")
        var problems: [String] = []
        var reproduced = 0, consistent = 0
        for (file, r) in all {
            for d in r.diagnoses {
                let at = "\(file)#\(r.id) \(d.cause)"
                // Weights come from the table, confidence from the weights.
                for e in d.evidence where abs(e.weight) > abs(EvidenceWeights.weight(of: e.kind)) + 1e-9 {
                    problems.append("\(at): row \(e.kind.rawValue) weighs \(e.weight), more than its kind's \(EvidenceWeights.weight(of: e.kind))")
                }
                let sum = d.evidence.reduce(0) { $0 + $1.weight }
                if d.confidence > max(0.3, (sum * 100).rounded() / 100) + 1e-9 {
                    problems.append("\(at): confidence \(d.confidence) above its evidence (\(sum))")
                }
                let kinds = d.evidence.map(\.kind)
                if Set(kinds).count != kinds.count { problems.append("\(at): an evidence kind twice: \(kinds.map(\.rawValue))") }
                // The emulator's stand-in driver never shows in what the model claims (a
                // synthetic log's own frames may name it; those rows quote the report).
                let modelText = (d.evidence.filter { [.framesInOrder, .warnSite, .faultSite].contains($0.kind) }.map(\.fact)
                                 + (d.reproduced?.trace ?? [])).joined(separator: " ")
                if d.model == "dma-iommu", modelText.contains("oopsy_example") {
                    problems.append("\(at): the scenario's placeholder driver frames are shown")
                }
                guard let rep = d.reproduced else { continue }
                if rep.status == .reproduced { reproduced += 1 } else { consistent += 1 }
                // One frame count: the row and the reproduction say the same.
                if let row = d.evidence.first(where: { $0.kind == .framesInOrder }),
                   !row.fact.hasPrefix("\(rep.matchedFrames) of the ") {
                    problems.append("\(at): frames row '\(row.fact)' but the reproduction matched \(rep.matchedFrames)")
                }
                if let t = rep.trace, rep.matchedFrames > t.count, rep.by == "path-emulator" {
                    problems.append("\(at): \(rep.matchedFrames) frames matched of an emulated trace of \(t.count)")
                }
                // "Reproduced" stands on the observable: the fault at its member offset, or the
                // WARN's function and file with a caller.
                if rep.status == .reproduced {
                    let oops = kinds.contains(.faultSite) && kinds.contains(.offsetInLayout)
                    let warn = kinds.contains(.warnSite) && kinds.contains(.warnFile) && kinds.contains(.framesInOrder)
                    if !(oops || warn) { problems.append("\(at): reproduced without the observable: \(kinds.map(\.rawValue))") }
                }
                // A layout only where an offset was matched in one.
                if d.layout != nil && !kinds.contains(.offsetInLayout) {
                    problems.append("\(at): a layout is claimed without a fault offset")
                }
                // An unknown release never sits beside a claim about it.
                if r.context?.kernel == nil && kinds.contains(.eraMapped) { problems.append("\(at): era mapped for an unknown release") }
                if r.context?.kernel != nil && kinds.contains(.eraUnknown) { problems.append("\(at): release \(r.context?.kernel ?? "") called unknown") }
            }
        }
        print("evidence consistency: \(all.count) diagnosed reports; model reproductions \(reproduced) reproduced, \(consistent) consistent")
        #expect(reproduced > 0 && consistent > 0)
        #expect(problems.isEmpty, Comment(rawValue: problems.prefix(30).joined(separator: "\n")))
    }

    /// Every evidence kind has a row in docs/SCHEMA.md, where JSON consumers look them up.
    @Test func everyEvidenceKindIsDocumented() throws {
        let schema = try String(contentsOf: Self.corpus.deletingLastPathComponent().appendingPathComponent("docs/SCHEMA.md"), encoding: .utf8)
        let missing = EvidenceKind.allCases.filter { !schema.contains("`\($0.rawValue)`") }
        #expect(missing.isEmpty, Comment(rawValue: "undocumented evidence kinds: \(missing.map(\.rawValue))"))
    }
}
