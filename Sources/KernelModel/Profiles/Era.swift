/// A kernel era of the DMA-IOMMU model: the releases whose call paths and struct layouts the
/// model knows (docs/dma-iommu-model.md §0, measured trees 4.19.1 … 6.12.117).
public enum Era: String, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
    case v4_19 = "4.19"
    case v5_4 = "5.4"
    case v5_10 = "5.10"
    case v5_15 = "5.15"
    case v6_1 = "6.1"
    case v6_6 = "6.6"
    case v6_12 = "6.12"

    public var description: String { rawValue }

    /// Position in time.
    public var rank: Int { Era.allCases.firstIndex(of: self) ?? 0 }

    public static func < (a: Era, b: Era) -> Bool { a.rank < b.rank }

    /// `6.1/6.6`: eras for a sentence, oldest first.
    public static func span(_ eras: Set<Era>) -> String {
        eras.sorted().map(\.rawValue).joined(separator: "/")
    }

    /// The eras a release maps to (§6.1): 4.19 for ≤ 4.19, 5.4 for 4.20–5.9, 5.10 for 5.10,
    /// 5.10 and 5.15 for 5.11–5.14, 5.15 for 5.15 (and 6.1 from 5.15.33), 5.15 and 6.1 for
    /// 5.16–5.17, 6.1 for 5.18–6.1, 6.6 for 6.2–6.6, 6.12 for 6.10+.
    /// 6.7–6.9 were never measured (their `iommu_domain` lies between 6.6 and 6.12): both
    /// neighbours are returned.
    public static func eras(forRelease release: String) -> [Era] {
        guard let (major, minor) = KernelRelease.version(release) else { return allCases }
        switch (major, minor) {
        case (..<4, _): return [.v4_19]
        // 4.20 already looks the DMA domain up as 5.x does (6af588fed391).
        case (4, 20...): return [.v5_4]
        case (4, _): return [.v4_19]
        case (5, 0...9): return [.v5_4]
        case (5, 10): return [.v5_10]
        // 5.11 moved dma_unmap_page's check into the swiotlb helper as 5.15 has it (82612d66d51d),
        // 5.16 before the CPU sync as 6.1 has it (9b49bbc2c4df; 5.15.33 took it too): releases
        // between two measured eras whose paths differ get both.
        case (5, 11...14): return [.v5_10, .v5_15]
        case (5, 15): return (KernelRelease.stablePoint(release) ?? 0) >= 33 ? [.v5_15, .v6_1] : [.v5_15]
        case (5, 16...17): return [.v5_15, .v6_1]
        case (5, _): return [.v6_1]
        case (6, 0...1): return [.v6_1]
        case (6, 2...6): return [.v6_6]
        case (6, 7...9): return [.v6_6, .v6_12]
        default: return [.v6_12]
        }
    }

    /// Whether the model's tables for this era were measured on the release itself, or the
    /// release only maps to the era (then layouts are interpolated: §7).
    public static func isMeasured(_ release: String, as era: Era) -> Bool {
        guard let (major, minor) = KernelRelease.version(release) else { return false }
        return "\(major).\(minor)" == era.rawValue
    }
}

/// `4.19.3`, `6.1.0-56-arm64`, `5.9.0-12994-gf9893351acae`, `6.0.0-rc6-syzkaller-…`.
public enum KernelRelease {
    /// (major, minor) of a release string, nil when it does not start with `N.N`.
    public static func version(_ release: String) -> (Int, Int)? {
        let digits = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard digits.count == 2, release.first?.isNumber == true else { return nil }
        return (digits[0], digits[1])
    }

    /// The stable point release (`5.10.93` → 93, `6.9.0-rc4` → 0), nil when the string does
    /// not tell it: a distribution's `N.N.0-ABI-…` names its ABI, not the upstream point.
    public static func stablePoint(_ release: String) -> Int? {
        guard version(release) != nil else { return nil }
        let parts = release.split(separator: "-", maxSplits: 2)
        let numbers = parts[0].split(separator: ".")
        let point = numbers.count >= 3 ? Int(numbers[2].prefix(while: \.isNumber)) : 0
        if point == 0, parts.count > 1, parts[1].allSatisfy(\.isNumber) { return nil }
        return point
    }

    /// Debian's arm64 kernels name themselves `N.N.0-ABI-arm64` (`…+deb12-arm64` for backports).
    public static func isDebian(_ release: String, build: String?) -> Bool {
        guard release.hasSuffix("-arm64") else { return false }
        if release.contains("+deb") || build?.contains("Debian") == true { return true }
        // `6.1.0-56-arm64`: N.N.0, a numeric ABI, the flavour.
        let parts = release.dropLast("-arm64".count).split(separator: "-")
        return parts.count == 2 && parts[0].hasSuffix(".0") && parts[1].allSatisfy(\.isNumber)
    }
}
