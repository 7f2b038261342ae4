/// Offsets of the members of one struct in one kernel build, as measured (pahole on DWARF or
/// BTF). Member paths may be dotted (`iovad.granule`) when the source lists nested members.
public struct StructLayout: Codable, Sendable, Equatable {
    public var size: Int?
    public var fields: [String: Int]

    public init(size: Int?, fields: [String: Int]) {
        self.size = size
        self.fields = fields
    }
}

/// Every struct layout of one kernel profile, with dotted-path resolution through embedded
/// members (`iommu_dma_cookie.iovad.granule` = cookie's `iovad` + iova_domain's `granule`).
public struct Layout: Sendable {
    public let profile: KernelProfile
    public let source: String
    public private(set) var structs: [String: StructLayout]
    /// The exact release the layouts were read from, for distro profiles (`6.1.0-56-arm64`).
    public let release: String?

    /// Embedded (not pointed-to) members and their struct types, for path resolution.
    static let embedded: [String: String] = [
        "iommu_dma_cookie.iovad": "iova_domain",
        "iommu_domain.geometry": "iommu_domain_geometry",
        "iova_domain.iova_rbtree_lock": "raw_spinlock",
        "iommu_group.mutex": "mutex",
        "arm_smmu_domain.domain": "iommu_domain",
    ]

    public init(profile: KernelProfile, source: String, structs: [String: StructLayout], release: String? = nil) {
        self.profile = profile
        self.source = source
        self.structs = structs
        self.release = release
    }

    /// Offset of `struct.member[.member…]` from the start of `struct`, nil when not measured.
    public func offset(_ path: String) -> Int? {
        let parts = path.split(separator: ".").map(String.init)
        guard parts.count >= 2, let s = structs[parts[0]] else { return nil }
        let member = parts.dropFirst().joined(separator: ".")
        if let direct = s.fields[member] { return direct }
        // Walk embedded members: cookie.iovad + iova_domain.granule.
        guard let head = s.fields[parts[1]], let type = Layout.embedded[parts[0] + "." + parts[1]] else { return nil }
        guard let rest = offset(([type] + parts.dropFirst(2)).joined(separator: ".")) else { return nil }
        return head + rest
    }

    public func size(of name: String) -> Int? { structs[name]?.size }

    /// The layout with some offsets replaced (vendor kernels pad structs: Android KABI
    /// reserve fields, ChromeOS, RHEL).
    public func overriding(_ overrides: [String: Int]) -> Layout {
        var copy = self
        for (path, offset) in overrides {
            let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            var s = copy.structs[parts[0]] ?? StructLayout(size: nil, fields: [:])
            s.fields[parts[1]] = offset
            copy.structs[parts[0]] = s
        }
        return copy
    }
}
