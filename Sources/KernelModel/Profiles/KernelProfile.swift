import OopsCore

/// The lock-debugging configuration a layout was measured under (docs/dma-iommu-model.md §0).
/// Struct offsets of the DMA-IOMMU objects depend on it through the sizes of spinlock_t and
/// struct mutex.
public enum LockDebug: String, CaseIterable, Codable, Sendable {
    /// No lock debugging: distro and Android production kernels.
    case base
    /// CONFIG_DEBUG_SPINLOCK + CONFIG_DEBUG_MUTEXES, no lockdep.
    case debugSpinlock = "debug-spinlock"
    /// The above plus DEBUG_LOCK_ALLOC / PROVE_LOCKING (lockdep).
    case lockdep

    /// The options the variant switches on, as docs/SCHEMA.md's `layout.config`.
    public var options: [String] {
        switch self {
        case .base: return []
        case .debugSpinlock: return ["DEBUG_SPINLOCK", "DEBUG_MUTEXES"]
        case .lockdep: return ["DEBUG_SPINLOCK", "DEBUG_MUTEXES", "DEBUG_LOCK_ALLOC", "PROVE_LOCKING"]
        }
    }
}

/// One kernel build the model can reason about: an era, a lock-debug variant, and optionally
/// a distribution whose own layouts (read from its BTF in the lab) replace the defconfig ones.
public struct KernelProfile: Hashable, Sendable, CustomStringConvertible {
    public let era: Era
    public let lockDebug: LockDebug
    /// `debian` for the lab's Debian kernels; nil for the defconfig measurements.
    public let distro: String?

    public init(era: Era, lockDebug: LockDebug = .base, distro: String? = nil) {
        self.era = era
        self.lockDebug = lockDebug
        self.distro = distro
    }

    /// `4.19 + DEBUG_SPINLOCK + DEBUG_MUTEXES`, `debian 6.1`.
    public var description: String {
        let head = distro.map { "\($0) \(era)" } ?? era.rawValue
        return ([head] + lockDebug.options).joined(separator: " + ")
    }

    /// The name of the layout data file variant.
    var layoutKey: String { distro.map { "\($0)-\(era.rawValue)" } ?? "v\(era.rawValue)" }

    /// Every defconfig profile (7 eras × 3 variants).
    public static let defconfig: [KernelProfile] = Era.allCases.flatMap { era in
        LockDebug.allCases.map { KernelProfile(era: era, lockDebug: $0) }
    }

    /// The lab's Debian profiles (base configs, layouts from BTF).
    public static let debian: [KernelProfile] = [.v5_10, .v6_1, .v6_12].map { KernelProfile(era: $0, distro: "debian") }

    /// Profiles a report's kernel release allows: the release's era(s) in every variant, plus
    /// the Debian profile when the release is a Debian build; everything when unknown.
    public static func candidates(release: String?, build: String?) -> [KernelProfile] {
        guard let release, KernelRelease.version(release) != nil else { return defconfig + debian }
        let eras = Era.eras(forRelease: release)
        var out = eras.flatMap { era in LockDebug.allCases.map { KernelProfile(era: era, lockDebug: $0) } }
        if KernelRelease.isDebian(release, build: build) {
            out.insert(contentsOf: debian.filter { eras.contains($0.era) }, at: 0)
        }
        return out
    }
}
