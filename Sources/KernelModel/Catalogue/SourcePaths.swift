/// Kernel source files the model names, and the paths they had in older trees: a WARNING's
/// `at FILE:LINE` names the file as that kernel's tree had it.
public enum SourcePaths {
    /// (today's path, an older one).
    static let renames: [(String, String)] = [
        ("kernel/dma/debug.c", "lib/dma-debug.c"),                                   // moved in 4.17
        ("drivers/iommu/arm/arm-smmu/arm-smmu.c", "drivers/iommu/arm-smmu.c"),        // moved in 5.9
        ("drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c", "drivers/iommu/arm-smmu-v3.c"),
    ]

    /// Whether a printed path (possibly with a build prefix: `/build/linux-3.19/lib/dma-debug.c`)
    /// is the model's file, under any of its names.
    public static func same(printed: String, model: String) -> Bool {
        let names = [model] + renames.filter { $0.0 == model }.map(\.1)
        return names.contains { printed == $0 || printed.hasSuffix("/" + $0) || $0.hasSuffix("/" + printed) }
    }
}
