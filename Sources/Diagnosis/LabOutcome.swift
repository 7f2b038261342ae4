import KernelModel
import OopsCore

/// What a kernel run printed and what the path emulator predicts for it, reduced to the same
/// short form (`oops iommu_get_dma_domain @0x98`, `WARN iommu_dma_unmap_page`, `SMMU fault iova
/// top-down (32-bit)`, `no oops`) so the two can be compared: the model-vs-lab table and
/// `oopsy reproduce` both use it.
public enum LabOutcome {
    /// The reports of one run.
    public static func observed(_ reports: [Report]) -> String {
        if let oops = reports.first(where: { $0.kind.isMemoryFault || $0.kind == .kasan }) {
            let addr = (oops.fault?.far ?? oops.fault?.address).map { Hex64($0.value & 0x00ff_ffff_ffff_ffff).description } ?? "?"
            return "oops \(oops.pc?.baseSymbol ?? "?") @\(addr)"
        }
        if let smmu = reports.first(where: { $0.kind == .iommuFault }) {
            return "SMMU fault" + (smmu.iommu?.iova.map { " iova " + shape($0.value) } ?? "")
        }
        let warns = reports.filter { $0.kind == .warning }.compactMap { $0.site?.function.map(Frame.stripCompilerSuffixes) ?? $0.pc?.baseSymbol }
        if !warns.isEmpty { return "WARN " + warns.joined(separator: " + ") }
        if let other = reports.first { return "\(other.kind.rawValue) \(other.pc?.baseSymbol ?? "")" }
        return "no oops"
    }

    /// The emulator's outcome of one scenario on one profile.
    public static func predicted(_ r: EmulationResult) -> String {
        switch r.outcome {
        case .oops(let o): return "oops \(o.function) @\(Hex64(o.fault.address & 0x00ff_ffff_ffff_ffff))"
        case .smmuFault(let fs): return "SMMU fault" + (fs.first.map { " iova " + shape($0.iova) } ?? "")
        case .warning(let ws): return "WARN " + ws.map(\.function).joined(separator: " + ")
        case .silent: return "no oops"
        }
    }

    /// IOVAs compare by shape: the exact value depends on allocation history.
    static func shape(_ iova: UInt64) -> String {
        switch SMMUMatcher.shape(iova) {
        case .topDown(let bits): return "top-down (\(bits)-bit)"
        default: return "other"
        }
    }
}
