/// One entry of the DMA-IOMMU failure-mode catalogue (docs/dma-iommu-model.md §4): the stable
/// cause id docs/SCHEMA.md lists, what goes wrong, and how it was fixed.
public struct FailureMode: Sendable, Identifiable {
    /// `FM-1` … `FM-11`.
    public let id: String
    /// docs/SCHEMA.md's cause id (`missing-iova-cookie`).
    public let cause: String
    public let title: String
    /// One sentence a kernel engineer would write in a bug report.
    public let summary: String
    public let fix: String
    /// How sure the model document is of the mechanism (§4 "Confidence"), 0…1.
    public let mechanismConfidence: Double
    /// Which entry is the more direct explanation when two explain a report equally well
    /// (lower first): in 4.19 a device without a group oopses on a NULL *domain* (FM-2a, §4),
    /// while the 6.12 WARN on group removal is the NULL-group path (FM-2b, Appendix C).
    public let precedence: Precedence

    /// The upstream commits the fix names (``KernelChanges``): a diagnosis says whether the
    /// report's kernel has them.
    public var changes: [String] = []

    /// Tie-break ranks, one for emulated oopses and one for emulated WARNs.
    public struct Precedence: Sendable {
        public let oops: Int
        public let warning: Int
    }
}

/// The catalogue as data.
public enum FailureModes {
    public static let all: [FailureMode] = [
        FailureMode(
            id: "FM-1", cause: "missing-iova-cookie",
            title: "driver-owned UNMANAGED domain while the DMA API still uses iommu-dma",
            summary: "The driver attached its own (UNMANAGED, cookie-less) IOMMU domain to the device while its DMA ops were still iommu-dma; up to v4.19 iommu-dma looks the domain up through group->domain, so it found the driver's domain and dereferenced its NULL iova_cookie.",
            fix: "Do not use the DMA API on a device whose IOMMU domain the driver owns. From v4.20 (6af588fed391 \"iommu: Add fast hook for getting DMA domains\" and the dma-iommu switch to it) iommu-dma uses the group's default domain and no longer oops here (the mappings then go to a domain the hardware is not using: FM-6c). On 4.19: boot with iommu.passthrough=1, keep the device off iommu-dma (Rob Clark's unmerged 2018 \"of/device: add blacklist for iommu dma_ops\"), or stop using dma_map_sg() for cache maintenance; on qcom SMMU-500 SoCs 5.10's def_domain_type gives the display and GPU clients an identity domain.",
            mechanismConfidence: 0.95, precedence: .init(oops: 0, warning: 3), changes: ["6af588fed391"]),
        FailureMode(
            id: "FM-2a", cause: "null-domain",
            title: "iommu-dma with a NULL domain",
            summary: "iommu-dma looked up the device's domain and got NULL while the device's DMA ops were still iommu-dma, and dereferenced it: up to 4.19 the lookup is group->domain (the device had left its group, or no domain was attached); from 4.20 it is the group's default domain (a group without one).",
            fix: "Stop DMA-API use on the device before it leaves its IOMMU group (free DMA buffers at remove time); the iommu-dma paths do not check for a missing domain.",
            mechanismConfidence: 0.9, precedence: .init(oops: 1, warning: 2)),
        FailureMode(
            id: "FM-2b", cause: "null-group",
            title: "iommu-dma with a NULL dev->iommu_group",
            summary: "The device was removed from its IOMMU group (PCI remove, hot-unplug, a driver keeping DMA handles beyond remove) while the DMA API was still used on it.",
            fix: "Drivers must stop DMA-API use before or at remove (free DMA buffers in the remove path; tenstorrent/tt-kmd#36 is an example); iommu_get_dma_domain() has no NULL check. Since 280e5a301005 \"iommu: Clear iommu-dma ops on cleanup\" (v6.15, backported to 6.12.y) a late call goes to dma-direct with the IOVA instead (see FM-9).",
            mechanismConfidence: 0.95, precedence: .init(oops: 2, warning: 1), changes: ["280e5a301005"]),
        FailureMode(
            id: "FM-3", cause: "msi-cookie",
            title: "MSI cookie where an IOVA cookie is expected",
            summary: "A domain with an MSI cookie (VFIO-style owner) was the group's current domain while the DMA API was used; 4.19's iommu-dma bump-allocates from the MSI window or computes with a zero granule.",
            fix: "Do not use the DMA API on a device while another owner's (VFIO/iommufd) domain is attached; from v4.20 iommu-dma uses the group's default domain and no longer sees that domain (iommu-dma setup rejects non-IOVA cookies in every era).",
            mechanismConfidence: 0.3, precedence: .init(oops: 11, warning: 11), changes: ["6af588fed391"]),
        FailureMode(
            id: "FM-4", cause: "use-after-free",
            title: "use after free of an IOMMU domain or its cookie",
            summary: "An IOMMU domain (and, for a DMA domain, its IOVA cookie) was freed while it was still in use: a later access read its freed memory (SLUB poison 0x6b6b… as a pointer, or a KASAN use-after-free).",
            fix: "Lifetime discipline in the driver or teardown path: detach and stop all users (DMA API, IOMMU API, fault handlers) before iommu_domain_free; 6.x's iommu_detach_device WARNs when the detached domain is not the attached one.",
            mechanismConfidence: 0.8, precedence: .init(oops: 3, warning: 4)),
        FailureMode(
            id: "FM-5", cause: "flush-queue-after-free",
            title: "flush-queue timer running after the domain was freed (lazy mode)",
            summary: "Lazy (non-strict) IOMMU mode: the flush-queue timeout handler was still running in softirq when the domain's flush queue was torn down with del_timer() instead of del_timer_sync(), and it used the freed queue or cookie.",
            fix: "Fixed by d7061627d701 \"iommu/iova: Fix race between FQ timeout and teardown\" (v5.17; backported to the 4.14, 4.19, 5.4, 5.10, 5.15 and 5.16 stable lines in late January 2022): update to a stable release that has it, or run strict (iommu.strict=1, the arm64 default).",
            mechanismConfidence: 0.8, precedence: .init(oops: 8, warning: 8), changes: ["d7061627d701"]),
        FailureMode(
            id: "FM-6", cause: "smmu-fault",
            title: "SMMU translation fault for a device",
            summary: "The SMMU blocked a device access: either the device's StreamID is not configured at all, or the address missed (or lacked permission in) the translation context its stream uses.",
            fix: "Depends on the variant: a master left running by the bootloader (keep its mappings: qcom_smmu_cfg_probe on qcom SMMU-500 from 5.10, IORT RMR from about 5.19, DT iommu-addresses from about 6.3); a device with no `iommus` entry; DMA after dma_unmap or past the mapped length (stop the device before unmapping, program the mapped length); DMA-API addresses used while a driver-owned domain is attached (map them into it); or dma-direct physical addresses while the stream translates.",
            mechanismConfidence: 0.7, precedence: .init(oops: 10, warning: 10)),
        FailureMode(
            id: "FM-7", cause: "unmap-unmapped",
            title: "unmap, free or sync of an IOVA that was never mapped, already unmapped, or with the wrong size",
            summary: "The driver unmapped, freed or synced a DMA address that was not mapped (never mapped, or already unmapped), or unmapped it with the wrong size.",
            fix: "Fix the driver's DMA bookkeeping (unmap or free each mapping exactly once with its mapped size, sync only what is mapped); CONFIG_DMA_API_DEBUG names the offending driver and address.",
            mechanismConfidence: 0.9, precedence: .init(oops: 7, warning: 0)),
        FailureMode(
            id: "FM-8", cause: "dma-after-unbind",
            title: "DMA-API use after the driver was unbound",
            summary: "The driver's device was unbound (on arm64 from 5.4 to 6.6 that resets its DMA ops to dma-direct), but a DMA handle from iommu-dma was still unmapped or synced, and dma-direct took the IOVA for a physical address.",
            fix: "Unmap and free every DMA handle before the driver unbinds (devm_ or the remove path); from about 6.10 (verified in 6.11) arm64 no longer tears the DMA ops down on unbind.",
            mechanismConfidence: 0.7, precedence: .init(oops: 6, warning: 7)),
        FailureMode(
            id: "FM-9", cause: "bad-cache-maintenance",
            title: "cache maintenance on a bogus address in a DMA sync path",
            summary: "Cache maintenance for a non-coherent device ran on the linear-map alias of a bogus physical address and faulted: a handle with no IOMMU mapping (iova_to_phys gives 0) or an IOVA that dma-direct took for a physical address.",
            fix: "Fix the handle the driver passes (never mapped, already unmapped, used after the driver was unbound or after the IOMMU went away).",
            mechanismConfidence: 0.6, precedence: .init(oops: 5, warning: 6)),
        FailureMode(
            id: "FM-10", cause: "iommu-gone",
            title: "IOMMU removed, shut down or unpowered under an active client",
            summary: "An SMMU register access (the TLB sync after an unmap, say) faulted because the SMMU was unclocked or powered down (a synchronous external abort), or its registers were already unmapped after the SMMU driver was unbound (4.19: a translation fault).",
            fix: "Find the SMMU register access made without a runtime-PM reference (upstream arm-smmu takes arm_smmu_rpm_get() around map and unmap from 5.x; vendor paths often do not), and do not remove the SMMU under live clients (arm-smmu sets suppress_bind_attrs from 5.4).",
            mechanismConfidence: 0.5, precedence: .init(oops: 9, warning: 9)),
        FailureMode(
            id: "FM-11", cause: "bad-device",
            title: "NULL or freed struct device handed to the DMA API",
            summary: "The DMA API was given a NULL or freed struct device: a NULL device faults reading dev->dma_ops or dev->dma_mask; a freed one yields poisoned dma_ops or dma_mask pointers whose use faults (or KASAN reports the read).",
            fix: "Pass the right, live struct device (not a child device or one whose driver was removed); keep a reference for as long as DMA handles are used.",
            mechanismConfidence: 0.9, precedence: .init(oops: 4, warning: 5)),
    ]

    public static func mode(_ id: String) -> FailureMode? { all.first { $0.id == id } }
}
