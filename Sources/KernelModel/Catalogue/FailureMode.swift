/// One entry of the DMA-IOMMU failure-mode catalogue (dma-iommu-model.md §4): the stable
/// cause id SCHEMA.md lists, what goes wrong, and how it was fixed.
public struct FailureMode: Sendable, Identifiable {
    /// `FM-1` … `FM-11`.
    public let id: String
    /// SCHEMA.md's cause id (`missing-iova-cookie`).
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
            summary: "The driver attached its own IOMMU domain to the device, but the DMA API still goes through iommu-dma, which in 4.19-era kernels follows group->domain to that domain and dereferences its NULL iova_cookie.",
            fix: "Keep the device off iommu-dma when the driver manages its own domain: upstream 6af588fed391 \"iommu: Add fast hook for getting DMA domains\" (v5.0) made iommu-dma use the group's default domain instead of group->domain; on 4.19 the posted \"of/device: add blacklist for iommu dma_ops\" (Rob Clark, 2018-12-01, carried by ChromeOS, not merged upstream) skips the IOMMU part of arch_setup_dma_ops for qcom,mdss/adreno; 5.10's qcom SMMU def_domain_type returns IDENTITY for those clients; or boot with iommu.passthrough=1; or stop using dma_map_sg for cache maintenance (use dma_sync_sg_*).",
            mechanismConfidence: 0.95, precedence: .init(oops: 0, warning: 3)),
        FailureMode(
            id: "FM-2a", cause: "null-domain",
            title: "iommu-dma with a NULL domain",
            summary: "iommu-dma looked up the device's domain and got NULL (the device left its group, or its group has no default domain) while its DMA ops still pointed at iommu-dma, and dereferenced the NULL domain.",
            fix: "Stop DMA-API use on the device before it leaves its IOMMU group (free DMA buffers at remove time); nothing in the core checks this by design.",
            mechanismConfidence: 0.9, precedence: .init(oops: 1, warning: 2)),
        FailureMode(
            id: "FM-2b", cause: "null-group",
            title: "iommu-dma with a NULL dev->iommu_group",
            summary: "A DMA-API call reached iommu_get_dma_domain after the device was removed from its IOMMU group (PCI remove, hot-unplug, a driver keeping DMA handles beyond remove); the fast lookup dereferences the NULL group without a check.",
            fix: "Drivers must stop DMA-API use before or at remove (free DMA buffers in the remove path; tenstorrent/tt-kmd#36 is an example); the core lookup has no NULL check by design, and 6.12 clears dev->dma_iommu on release so late calls fall to dma-direct instead.",
            mechanismConfidence: 0.95, precedence: .init(oops: 2, warning: 1)),
        FailureMode(
            id: "FM-3", cause: "msi-cookie",
            title: "MSI cookie where an IOVA cookie is expected",
            summary: "A domain with an MSI cookie (VFIO-style owner) was the group's current domain while the DMA API was used; 4.19's iommu-dma bump-allocates from the MSI window or computes with a zero granule.",
            fix: "Do not mix DMA-API use with a VFIO/iommufd-owned domain on the same device; ≥5.x setup rejects non-IOVA cookies.",
            mechanismConfidence: 0.3, precedence: .init(oops: 11, warning: 11)),
        FailureMode(
            id: "FM-4", cause: "use-after-free",
            title: "use after free of an IOMMU domain or its cookie",
            summary: "An IOMMU domain (with its IOVA cookie) was freed while it was still in use: a later access read its freed memory (SLUB poison 0x6b6b… as a pointer, or a KASAN use-after-free).",
            fix: "Lifetime discipline in the driver or teardown path: detach and stop all users (DMA API, IOMMU API, fault handlers) before iommu_domain_free; 6.x's iommu_detach_device WARNs when the detached domain is not the attached one.",
            mechanismConfidence: 0.8, precedence: .init(oops: 3, warning: 4)),
        FailureMode(
            id: "FM-5", cause: "flush-queue-after-free",
            title: "flush-queue timer running after the domain was freed (lazy mode)",
            summary: "In lazy (non-strict) IOMMU mode the flush-queue timer fired after the domain's IOVA domain had been torn down with a non-synchronous del_timer, and called through freed memory from softirq context.",
            fix: "d7061627d701 \"iommu/iova: Fix race between FQ timeout and teardown\" (stable 4.14+, Jan 2022: del_timer_sync); 5.17+ keeps the flush queue in the cookie and stops it with del_timer_sync; or boot with iommu.strict=1.",
            mechanismConfidence: 0.8, precedence: .init(oops: 8, warning: 8)),
        FailureMode(
            id: "FM-6", cause: "smmu-fault",
            title: "SMMU translation fault for a device",
            summary: "The SMMU refused a device access: the IOVA is not mapped in the domain the hardware is using (a bootloader-configured master, an unknown stream, a driver-owned domain attached while DMA-API addresses are used, or dma-direct while the stream translates).",
            fix: "Depends on the variant: keep bootloader mappings (qcom_smmu_cfg_probe, iommu-addresses / IORT RMR identity mappings), give the device its `iommus` entry, do not use DMA-API addresses with a driver-owned domain (map them into it), or fix the probe order so setup sees the SMMU.",
            mechanismConfidence: 0.7, precedence: .init(oops: 10, warning: 10)),
        FailureMode(
            id: "FM-7", cause: "unmap-unmapped",
            title: "unmap of an IOVA that was never mapped, already unmapped, or with the wrong size",
            summary: "The driver unmapped a DMA address that was not (or no longer) mapped: the IOMMU found nothing to unmap, and the IOVA is freed anyway, polluting the allocator.",
            fix: "Fix the driver's DMA bookkeeping (unmap each mapping exactly once with its mapped size); CONFIG_DMA_API_DEBUG names the offending driver and address.",
            mechanismConfidence: 0.9, precedence: .init(oops: 7, warning: 0)),
        FailureMode(
            id: "FM-8", cause: "dma-after-unbind",
            title: "DMA-API use after the driver was unbound",
            summary: "The driver's device was unbound (its DMA ops torn down to dma-direct) but a DMA handle from iommu-dma was still unmapped or synced, and dma-direct treated the IOVA as a physical address.",
            fix: "Unmap and free every DMA handle before the driver unbinds (devm_ or remove path); 6.12 keeps iommu-dma across unbind on arm64.",
            mechanismConfidence: 0.7, precedence: .init(oops: 6, warning: 7)),
        FailureMode(
            id: "FM-9", cause: "bad-cache-maintenance",
            title: "cache maintenance on a bogus address in a DMA sync path",
            summary: "A DMA sync or unmap of a non-coherent device did cache maintenance on the linear-map alias of a physical address that is not memory (a handle that was never mapped translates to phys 0, or an IOVA taken for a physical address).",
            fix: "Fix the handle the driver passes (never mapped, already unmapped, or used after the IOMMU went away).",
            mechanismConfidence: 0.6, precedence: .init(oops: 5, warning: 6)),
        FailureMode(
            id: "FM-10", cause: "iommu-gone",
            title: "IOMMU removed, shut down or unpowered under an active client",
            summary: "The SMMU was unbound, shut down or runtime-suspended while a client still mapped and unmapped through it; its register accesses (TLB sync) took a synchronous external abort.",
            fix: "Hold a runtime-PM reference around SMMU register access (arm_smmu_rpm_get) and do not unbind/shut down the SMMU under live clients (arm-smmu sets suppress_bind_attrs from 5.4).",
            mechanismConfidence: 0.5, precedence: .init(oops: 9, warning: 9)),
        FailureMode(
            id: "FM-11", cause: "bad-device",
            title: "NULL or freed struct device handed to the DMA API",
            summary: "The DMA API was called with a NULL or freed struct device and faulted reading its dma_ops or dma_mask.",
            fix: "Pass the right, live struct device (not a child device or one whose driver was removed); keep a reference for as long as DMA handles are used.",
            mechanismConfidence: 0.9, precedence: .init(oops: 4, warning: 5)),
    ]

    public static func mode(_ id: String) -> FailureMode? { all.first { $0.id == id } }
}
