import Foundation
import Testing
import OopsCore

/// Every DMA/IOMMU report of the corpus (by Corpus/LABELS.tsv) gets its catalogue entry.
extension CalibrationTests {
    @Test func dmaIOMMUReportsGetTheirCatalogueEntry() throws {
        let dma = try Self.outcomes().filter { $0.want.hasPrefix("dma-iommu:") }
        let wrong = dma.filter { $0.got != $0.want }
        print("dma-iommu reports: \(dma.count - wrong.count)/\(dma.count) get the labelled catalogue entry")
        let describe = { (o: [Outcome]) in
            Comment(rawValue: o.map { "\($0.file)#\($0.index): label \($0.want), oopsy \($0.got ?? "nothing")" }.joined(separator: "\n"))
        }
        // A log the parser does not read right yet (Corpus/KNOWN-GAPS.tsv) is a known miss here too.
        let known = wrong.filter { Self.knownGaps.contains($0.file) }
        let unknown = wrong.filter { !Self.knownGaps.contains($0.file) }
        #expect(unknown.isEmpty, describe(unknown))
        if !known.isEmpty { withKnownIssue("known gaps: Corpus/KNOWN-GAPS.tsv") { #expect(known.isEmpty, describe(known)) } }
    }

    /// The logs Corpus/KNOWN-GAPS.tsv lists.
    static let knownGaps: Set<String> = {
        guard let text = try? String(contentsOf: corpus.appendingPathComponent("KNOWN-GAPS.tsv"), encoding: .utf8) else { return [] }
        return Set(text.split(separator: "\n").dropFirst().compactMap { $0.split(separator: "\t").first.map(String.init) })
    }()
}
