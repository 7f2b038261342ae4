/// How each kernel function of the path shows up in an arm64 call trace, per era: as a frame
/// of its own or inlined into its caller, and whether it is a leaf (no frame record: the
/// unwinder then skips its caller, which appears only as `lr`). Facts from §2.2 of the model
/// document and from the lab's real traces (Corpus/lab/<era>/).
struct FrameTable {
    struct Entry {
        /// First era where the function has a frame of its own (nil: always).
        var frameFrom: Era? = nil
        /// Last era where it exists at all (nil: still there).
        var until: Era? = nil
        /// Eras in which it is a leaf function.
        var leafIn: Set<Era> = []
    }

    static let entries: [String: Entry] = [
        // DMA API entry points: inline in include/linux/dma-mapping.h until 5.10 (§2.2).
        "dma_map_page_attrs": Entry(frameFrom: .v5_10),
        "dma_unmap_page_attrs": Entry(frameFrom: .v5_10),
        "dma_map_sg_attrs": Entry(frameFrom: .v5_10),
        "__dma_map_sg_attrs": Entry(frameFrom: .v5_15),
        "dma_unmap_sg_attrs": Entry(frameFrom: .v5_10),
        "dma_alloc_attrs": Entry(frameFrom: .v5_4),
        "dma_free_attrs": Entry(frameFrom: .v5_4),
        "dma_sync_single_for_cpu": Entry(frameFrom: .v5_10),
        "dma_sync_single_for_device": Entry(frameFrom: .v5_10),
        // 4.19's arch ops (arch/arm64/mm/dma-mapping.c).
        "__iommu_map_sg_attrs": Entry(until: .v4_19),
        "__iommu_unmap_sg_attrs": Entry(until: .v4_19),
        "__iommu_map_page": Entry(until: .v4_19),
        "__iommu_unmap_page": Entry(until: .v4_19),
        "__iommu_alloc_attrs": Entry(until: .v4_19),
        "__iommu_free_attrs": Entry(until: .v4_19),
        "__iommu_sync_single_for_cpu": Entry(until: .v4_19),
        "__iommu_sync_single_for_device": Entry(until: .v4_19),
        // iommu-dma.
        "iommu_dma_map_sg": Entry(),
        "iommu_dma_unmap_sg": Entry(),
        "iommu_dma_map_page": Entry(),
        "iommu_dma_unmap_page": Entry(),
        "__iommu_dma_map": Entry(),
        "__iommu_dma_unmap": Entry(),
        "iommu_dma_alloc": Entry(),
        "iommu_dma_free": Entry(),
        "iommu_dma_sync_single_for_cpu": Entry(frameFrom: .v5_4),
        // IOMMU core. iommu_get_dma_domain is a leaf (lab: 5.10 and 6.1 traces skip its caller).
        "iommu_get_dma_domain": Entry(frameFrom: .v5_4, leafIn: Set(Era.allCases)),
        "iommu_get_domain_for_dev": Entry(),
        // Lab: on 5.10 iommu_iova_to_phys is a leaf (its caller is missing from the trace); 6.1+ not.
        "iommu_iova_to_phys": Entry(leafIn: [.v4_19, .v5_4, .v5_10, .v5_15]),
        "iommu_map": Entry(),
        "__iommu_map": Entry(),
        "iommu_unmap": Entry(),
        // Cache maintenance (arch/arm64/mm/cache.S): __dma_inv_area until 5.15, dcache_inval_poc after.
        "arch_sync_dma_for_cpu": Entry(frameFrom: .v5_4),
        "__dma_unmap_area": Entry(until: .v4_19),
        // dma-direct's sync: out of line in 5.4, inlined from 5.10; 4.19 uses arm64's swiotlb ops.
        "dma_direct_sync_single_for_cpu": Entry(until: .v5_4),
        "__swiotlb_unmap_page": Entry(until: .v4_19),
        "__swiotlb_sync_single_for_cpu": Entry(until: .v4_19),
        // CONFIG_DMA_API_DEBUG.
        "debug_dma_unmap_page": Entry(),
        "check_unmap": Entry(),
        // dma-direct's unmap: out of line in 5.4, inlined into dma_unmap_page_attrs from 5.10.
        "dma_direct_unmap_page": Entry(until: .v5_4),
        "__dma_inv_area": Entry(until: .v5_15, leafIn: Set(Era.allCases)),
        "dcache_inval_poc": Entry(frameFrom: .v6_1, leafIn: Set(Era.allCases)),
        // The clean for the device: __clean_dcache_area_poc until 5.13, dcache_clean_poc from
        // 5.14; dma_sync_sg_for_device is inline (ops or dma-direct) until 5.10 moved it out of line.
        "__clean_dcache_area_poc": Entry(until: .v5_10, leafIn: Set(Era.allCases)),
        "dcache_clean_poc": Entry(frameFrom: .v5_15, leafIn: Set(Era.allCases)),
        "arch_sync_dma_for_device": Entry(frameFrom: .v5_4),
        "__swiotlb_sync_sg_for_device": Entry(until: .v4_19),
        "dma_sync_sg_for_device": Entry(frameFrom: .v5_10),
        // Flush-queue timer (iova.c ≤5.16, dma-iommu.c ≥5.17).
        "fq_flush_timeout": Entry(),
        "iova_domain_flush": Entry(until: .v5_15),
        "fq_flush_iotlb": Entry(frameFrom: .v6_1),
        "call_timer_fn": Entry(),
        "__run_timers": Entry(),
        "run_timer_softirq": Entry(),
        "__do_softirq": Entry(),
    ]

    static func hasFrame(_ name: String, in era: Era) -> Bool {
        guard let e = entries[name] else { return true }
        if let from = e.frameFrom, era < from { return false }
        if let until = e.until, era > until { return false }
        return true
    }

    static func isLeaf(_ name: String, in era: Era) -> Bool {
        entries[name]?.leafIn.contains(era) ?? false
    }
}
