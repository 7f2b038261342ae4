import Testing
import OopsCore

/// Every DMA/IOMMU report of the corpus (by Corpus/LABELS.tsv) gets its catalogue entry.
extension CalibrationTests {
    @Test func dmaIOMMUReportsGetTheirCatalogueEntry() throws {
        let dma = try Self.outcomes().filter { $0.want.hasPrefix("dma-iommu:") }
        let wrong = dma.filter { $0.got != $0.want }
        print("dma-iommu reports: \(dma.count - wrong.count)/\(dma.count) get the labelled catalogue entry")
        #expect(wrong.isEmpty, Comment(rawValue: wrong.map { "\($0.file)#\($0.index): label \($0.want), oopsy \($0.got ?? "nothing")" }.joined(separator: "\n")))
    }

}
