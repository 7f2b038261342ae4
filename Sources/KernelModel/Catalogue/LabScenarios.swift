/// The kernel lab's scenarios (lab/module/oopsy_lab.c, `scenario=` parameter) and the model
/// scenario each one drives: what the model predicts for an era is held against what that
/// era's real kernel printed (Corpus/lab/<era>/<scenario>.log).
public struct LabScenario: Sendable {
    /// The lab's name (`null-group`).
    public let name: String
    /// The model scenario it drives, nil for controls (not DMA bugs: no dma-iommu diagnosis).
    public let model: String?
    public let memoryDebug: MemoryDebug
    /// Why the lab cannot show what the model predicts, when it cannot.
    public let labLimitation: String?

    public static let all: [LabScenario] = [
        LabScenario(name: "null-group", model: "FM-2b/dma_map_page", memoryDebug: .none, labLimitation: nil),
        LabScenario(name: "null-domain", model: "FM-2a/dma_map_page", memoryDebug: .none, labLimitation: nil),
        LabScenario(name: "uaf-domain", model: "FM-4/iommu_map", memoryDebug: .slubPoison, labLimitation: nil),
        LabScenario(name: "uaf-cookie", model: "FM-4/iommu_iova_to_phys", memoryDebug: .slubPoison, labLimitation: nil),
        LabScenario(name: "smmu-fault", model: "FM-6c/driver-domain", memoryDebug: .none, labLimitation: nil),
        LabScenario(name: "unmap-unmapped", model: "FM-7/dma_unmap_page", memoryDebug: .none, labLimitation: nil),
        LabScenario(name: "unmap-twice", model: "FM-7/double-unmap", memoryDebug: .none, labLimitation: nil),
        LabScenario(name: "dma-after-unbind", model: "FM-8/coherent", memoryDebug: .none, labLimitation: nil),
        LabScenario(name: "dma-after-unbind-noncoherent", model: "FM-8/dma_unmap_page", memoryDebug: .none,
                    labLimitation: "QEMU's TCG treats data-cache invalidation as a no-op, so the fault a real non-coherent SoC takes cannot happen"),
        LabScenario(name: "null-device", model: "FM-11/null/dma_map_page", memoryDebug: .none, labLimitation: nil),
        LabScenario(name: "freed-device", model: "FM-11/freed/dma_map_page", memoryDebug: .slubPoison, labLimitation: nil),
        LabScenario(name: "null-deref", model: nil, memoryDebug: .none, labLimitation: nil),
        LabScenario(name: "bug", model: nil, memoryDebug: .none, labLimitation: nil),
        LabScenario(name: "warn", model: nil, memoryDebug: .none, labLimitation: nil),
        LabScenario(name: "list-corruption", model: nil, memoryDebug: .none, labLimitation: nil),
        LabScenario(name: "stack-overflow", model: nil, memoryDebug: .none, labLimitation: nil),
    ]

    public static func named(_ name: String) -> LabScenario? { all.first { $0.name == name } }

    /// The lab scenario that reproduces a model scenario (for `oopsy reproduce`).
    public static func reproducing(modelScenario id: String) -> LabScenario? {
        all.first { $0.model == id && $0.labLimitation == nil }
            ?? all.first { s in s.model.map { $0.split(separator: "/").first == id.split(separator: "/").first } == true && s.labLimitation == nil }
    }
}
