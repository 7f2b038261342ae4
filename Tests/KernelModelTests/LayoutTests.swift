import Testing
@testable import KernelModel

/// The layout tables as data: every file loads, and the offsets the model's reasoning rests on
/// are the ones the model document measured (§3.1, checked here by hand against its table).
struct LayoutTests {
    @Test func everyLayoutFileLoads() {
        #expect(LayoutStore.shared.problems == [])
        #expect(LayoutStore.shared.profiles.count == KernelProfile.defconfig.count + KernelProfile.debian.count)
    }

    func offset(_ era: Era, _ v: LockDebug, _ path: String, distro: String? = nil) -> Int? {
        LayoutStore.shared.layout(for: KernelProfile(era: era, lockDebug: v, distro: distro))?.offset(path)
    }

    @Test(arguments: [
        // §3.1: cookie→iovad.granule 0x28 / 0x38 / lockdep 0x58 (4.19, 5.4) or 0x60 (5.10+).
        (Era.v4_19, LockDebug.base, "iommu_dma_cookie.iovad.granule", 0x28),
        (.v4_19, .debugSpinlock, "iommu_dma_cookie.iovad.granule", 0x38),
        (.v4_19, .lockdep, "iommu_dma_cookie.iovad.granule", 0x58),
        (.v5_4, .lockdep, "iommu_dma_cookie.iovad.granule", 0x58),
        (.v5_10, .lockdep, "iommu_dma_cookie.iovad.granule", 0x60),
        (.v6_12, .debugSpinlock, "iommu_dma_cookie.iovad.granule", 0x38),
        // iommu_domain.iova_cookie: 0x40 everywhere but 6.6 (0x30).
        (.v4_19, .base, "iommu_domain.iova_cookie", 0x40),
        (.v6_1, .lockdep, "iommu_domain.iova_cookie", 0x40),
        (.v6_6, .base, "iommu_domain.iova_cookie", 0x30),
        (.v6_12, .base, "iommu_domain.iova_cookie", 0x40),
        // iommu_group.default_domain (FM-2b offsets).
        (.v5_10, .base, "iommu_group.default_domain", 0xc8),
        (.v5_10, .debugSpinlock, "iommu_group.default_domain", 0x100),
        (.v5_15, .lockdep, "iommu_group.default_domain", 0x1a8),
        (.v6_1, .base, "iommu_group.default_domain", 0x98),
        (.v6_1, .debugSpinlock, "iommu_group.default_domain", 0xb8),
        (.v6_6, .base, "iommu_group.default_domain", 0xa8),
        (.v6_12, .lockdep, "iommu_group.default_domain", 0x158),
        // struct device → dma_ops (defconfig).
        (.v4_19, .base, "device.dma_ops", 0x210),
        (.v6_1, .base, "device.dma_ops", 0x238),
        (.v6_12, .base, "device.dma_ops", 0x248),
    ])
    func modelDocumentOffsets(era: Era, variant: LockDebug, path: String, expected: Int) {
        #expect(offset(era, variant, path) == expected)
    }

    /// Appendix C: the lab's Debian kernels, read from their BTF.
    @Test func debianProfiles() {
        #expect(offset(.v5_10, .base, "device.dma_ops", distro: "debian") == 0x250)
        #expect(offset(.v5_10, .base, "device.iommu_group", distro: "debian") == 0x2e8)
        #expect(offset(.v6_1, .base, "iommu_group.default_domain", distro: "debian") == 0x98)
        #expect(offset(.v6_12, .base, "iommu_group.default_domain", distro: "debian") == 0xa8)
        #expect(offset(.v6_12, .base, "iommu_dma_cookie.iovad.granule", distro: "debian") == 0x28)
    }

    @Test func overridesReplaceOffsets() throws {
        let base = try #require(LayoutStore.shared.layout(for: KernelProfile(era: .v6_1)))
        let vendor = base.overriding(["iommu_group.default_domain": 0xb0])
        #expect(vendor.offset("iommu_group.default_domain") == 0xb0)
        #expect(vendor.offset("iommu_domain.iova_cookie") == 0x40)
    }

    @Test(arguments: [("4.19.3", [Era.v4_19]), ("4.14.154-rc1", [.v4_19]), ("5.9.0-12994-gf9893351acae", [.v5_4]),
                      ("5.10.0-32-arm64", [.v5_10]), ("5.12.9", [.v5_10, .v5_15]), ("5.15.24", [.v5_15]),
                      ("5.15.40", [.v5_15, .v6_1]), ("5.16.0-g3813c61fbaad", [.v5_15, .v6_1]), ("5.18.1", [.v6_1]), ("6.1.0-56-arm64", [.v6_1]),
                      ("6.5.0", [.v6_6]), ("6.8.0-45-generic", [.v6_6, .v6_12]), ("6.12.117+deb12-arm64", [.v6_12]), ("6.14.0-rc3", [.v6_12])])
    func releasesMapToEras(release: String, eras: [Era]) {
        #expect(Era.eras(forRelease: release) == eras)
    }

    @Test func debianReleasesAreRecognised() {
        #expect(KernelRelease.isDebian("6.1.0-56-arm64", build: "#1 SMP Debian 6.1.192-2"))
        #expect(KernelRelease.isDebian("6.12.117+deb12-arm64", build: nil))
        #expect(!KernelRelease.isDebian("6.1.0-rc1-arm64-custom", build: nil))
        #expect(!KernelRelease.isDebian("6.8.0-45-generic", build: nil))
    }
}
