import OopsCore

/// What earlier reports in the same input say about later ones: SMMU faults that precede an
/// oops are evidence for the DMA-IOMMU model (docs/dma-iommu-model.md §6.5).
public struct StreamContext: Sendable {
    /// IOMMU fault reports seen so far: where, and at which IOVA.
    public private(set) var iommuFaults: [(line: Int, iova: Hex64?, title: String)] = []

    public init() {}

    public mutating func observe(_ r: Report) {
        guard r.kind == .iommuFault else { return }
        iommuFaults.append((r.lines.first, r.iommu?.iova, r.title))
        if iommuFaults.count > 64 { iommuFaults.removeFirst() }
    }
}
