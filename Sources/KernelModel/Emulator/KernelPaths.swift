import OopsCore

/// The kernel code of the DMA-IOMMU path, per era (docs/dma-iommu-model.md §2), written as code
/// that runs on a ``Machine``: each function enters a frame, reads the members the real one
/// reads in the order it reads them, and calls what it calls. A NULL, freed or wild pointer
/// on the way raises the fault the real kernel would take, at the profile's offset.
public struct KernelPaths {
    public let m: Machine
    var era: Era { m.era }

    public init(_ m: Machine) { self.m = m }

    // MARK: - phys_to_virt of arm64's linear map (for cache maintenance on a bad phys)

    /// The linear-map alias of `phys` (§4 FM-7): (phys − PHYS_OFFSET) | PAGE_OFFSET on
    /// 4.19 and 5.10+, PAGE_OFFSET − PHYS_OFFSET + phys on 5.4; DRAM at 0x80000000, 48-bit VA.
    func physToVirt(_ phys: UInt64) -> UInt64 {
        let physOffset: UInt64 = 0x8000_0000
        if era == .v5_4 { return 0xffff_0000_0000_0000 &- physOffset &+ phys }
        return (phys &- physOffset) | 0xffff_0000_0000_0000
    }

    /// Whether a linear-map address is backed (the model's DRAM: 0x80000000 … +4 GiB).
    func isMapped(linear va: UInt64) -> Bool {
        let base = physToVirt(0x8000_0000)
        return va >= base && va < base &+ 0x1_0000_0000
    }

    // MARK: - struct device reads

    /// The ops a device's DMA API calls go to, read the way the era reads them.
    enum Route { case iommu, direct, dummy, wild(UInt64) }

    func dmaOps(_ dev: Ptr<Device>) throws(ModelFault) -> Route {
        let ops: Route = try m.read(dev, "device.dma_ops", poison: .wild(MemoryDebug.slubPoisonPointer)) { d in
            switch d.dmaOps { case .iommu: return .iommu; case .direct: return .direct; case .dummy: return .dummy }
        }
        if era == .v6_12, case .direct = ops {
            // 6.12: use_dma_iommu(dev) picks iommu-dma without consulting dma_ops.
            let viaIOMMU = try m.read(dev, "device.dma_iommu", poison: true) { $0.dmaIOMMU }
            return viaIOMMU ? .iommu : .direct
        }
        return ops
    }

    /// `WARN_ON_ONCE(!dev->dma_mask)`: 5.10/5.15 check it before the ops, 6.x after (lab).
    func checkMask(_ dev: Ptr<Device>) throws(ModelFault) {
        _ = try m.read(dev, "device.dma_mask", poison: UInt64.max) { $0.dmaMask }
    }

    /// Calls `ops->slot` through a wild ops pointer: the slot read faults.
    func throughWildOps(_ route: Route, slot: String) throws(ModelFault) {
        if case .wild(let base) = route { try m.callThrough(base, slot: "dma_map_ops." + slot) }
    }

    // MARK: - domain lookup

    /// 5.0+: `dev->iommu_group->default_domain`, no NULL check (FM-2b).
    func iommuGetDMADomain(_ dev: Ptr<Device>) throws(ModelFault) -> Ptr<IOMMUDomain> {
        try m.call("iommu_get_dma_domain") { () throws(ModelFault) -> Ptr<IOMMUDomain> in
            let group = try m.readPointer(dev, "device.iommu_group") { $0.group }
            return try m.readPointer(group, "iommu_group.default_domain") { $0.defaultDomain }
        }
    }

    /// `group->domain` through the refcounted lookup (NULL group → NULL domain).
    func iommuGetDomainForDev(_ dev: Ptr<Device>) throws(ModelFault) -> Ptr<IOMMUDomain> {
        try m.call("iommu_get_domain_for_dev") { () throws(ModelFault) -> Ptr<IOMMUDomain> in
            let group = try m.readPointer(dev, "device.iommu_group") { $0.group }
            if group.isNull { return .null }
            return try m.readPointer(group, "iommu_group.domain") { $0.domain }
        }
    }

    /// The domain iommu-dma works on: `group->domain` in 4.19 (§2.3), the default domain after.
    func dmaDomain(_ dev: Ptr<Device>) throws(ModelFault) -> Ptr<IOMMUDomain> {
        era == .v4_19 ? try iommuGetDomainForDev(dev) : try iommuGetDMADomain(dev)
    }

    func cookie(of domain: Ptr<IOMMUDomain>) throws(ModelFault) -> Ptr<DMACookie> {
        try m.readPointer(domain, "iommu_domain.iova_cookie") { $0.cookie }
    }

    /// `iova_offset(iovad, x)` / `iova_align`: reads `cookie->iovad.granule`.
    func granule(_ cookie: Ptr<DMACookie>) throws(ModelFault) -> UInt64 {
        try m.read(cookie, "iommu_dma_cookie.iovad.granule", poison: MemoryDebug.slubPoisonPointer) { $0.granule }
    }

    // MARK: - map

    /// `__iommu_dma_map`: allocate an IOVA, map it into the domain.
    func iommuDMAMapCore(_ dev: Ptr<Device>) throws(ModelFault) -> UInt64? {
        try m.call("__iommu_dma_map") { () throws(ModelFault) -> UInt64? in
            let domain = try dmaDomain(dev)
            let c = try cookie(of: domain)
            if era == .v4_19 {
                // 4.19 tests cookie->type first (§2.3: NULL cookie faults at 0x0 here).
                let kind = try m.read(c, "iommu_dma_cookie.type", poison: DMACookie.Kind.iova) { $0.kind }
                if kind == .msi { return 0x800_0000 }   // FM-3: bump allocation in the MSI window
            }
            _ = try granule(c)
            return allocateAndMap(domain, c)
        }
    }

    func allocateAndMap(_ domain: Ptr<IOMMUDomain>, _ c: Ptr<DMACookie>) -> UInt64? {
        guard case .live(let d) = domain, case .live(let cookie) = c else { return nil }
        let iova = cookie.nextIOVA
        cookie.nextIOVA -= 0x1000
        d.mapped.insert(iova)
        return iova
    }

    /// `dma_map_page_attrs` / `dma_map_single`.
    public func dmaMapPage(_ dev: Ptr<Device>) throws(ModelFault) -> UInt64? {
        try m.call("dma_map_page_attrs") { () throws(ModelFault) -> UInt64? in
            if era == .v5_10 || era == .v5_15 { try checkMask(dev) }
            let route = try dmaOps(dev)
            if era >= .v6_1 { try checkMask(dev) }
            try throughWildOps(route, slot: "map_page")
            switch route {
            case .dummy: return nil
            case .direct, .wild: return 0x8800_0000   // dma-direct: the physical address
            case .iommu:
                if era == .v4_19 {
                    return try m.call("__iommu_map_page") { () throws(ModelFault) -> UInt64? in
                        try m.call("iommu_dma_map_page") { () throws(ModelFault) -> UInt64? in try iommuDMAMapCore(dev) }
                    }
                }
                return try m.call("iommu_dma_map_page") { () throws(ModelFault) -> UInt64? in
                    if era >= .v6_1 {
                        // 6.x reads the domain's cookie up front (for the swiotlb bounce check).
                        let domain = try iommuGetDMADomain(dev)
                        _ = try cookie(of: domain)
                    }
                    return try iommuDMAMapCore(dev)
                }
            }
        }
    }

    /// `dma_map_sg_attrs` → `iommu_dma_map_sg`.
    public func dmaMapSG(_ dev: Ptr<Device>) throws(ModelFault) -> UInt64? {
        try m.call("dma_map_sg_attrs") { () throws(ModelFault) -> UInt64? in
            if era == .v5_10 || era == .v5_15 { try checkMask(dev) }
            let route = try dmaOps(dev)
            try throughWildOps(route, slot: "map_sg")
            guard case .iommu = route else { return nil }
            let body = { () throws(ModelFault) -> UInt64? in
                try m.call("iommu_dma_map_sg") { () throws(ModelFault) -> UInt64? in
                    let domain = try dmaDomain(dev)
                    let c = try cookie(of: domain)
                    _ = try granule(c)   // iova_offset(iovad, s->offset) for each segment
                    return allocateAndMap(domain, c)
                }
            }
            if era == .v4_19 { return try m.call("__iommu_map_sg_attrs", body) }
            if era >= .v5_15 { return try m.call("__dma_map_sg_attrs", body) }
            return try body()
        }
    }

    /// `dma_alloc_attrs` → `iommu_dma_alloc` (blocking, non-contiguous: reads the granule first).
    public func dmaAlloc(_ dev: Ptr<Device>) throws(ModelFault) -> UInt64? {
        try m.call("dma_alloc_attrs") { () throws(ModelFault) -> UInt64? in
            let route = try dmaOps(dev)
            try throughWildOps(route, slot: "alloc")
            guard case .iommu = route else { return nil }
            let body = { () throws(ModelFault) -> UInt64? in
                try m.call("iommu_dma_alloc") { () throws(ModelFault) -> UInt64? in
                    let domain = try dmaDomain(dev)
                    let c = try cookie(of: domain)
                    _ = try granule(c)
                    return allocateAndMap(domain, c)
                }
            }
            let handle = era == .v4_19 ? try m.call("__iommu_alloc_attrs", body) : try body()
            if let handle, case .live(let d) = dev { d.coherentRemaps[handle] = true }
            return handle
        }
    }

    // MARK: - unmap

    /// `__iommu_dma_unmap`: granule, unmap from the page tables, free the IOVA.
    func iommuDMAUnmapCore(_ dev: Ptr<Device>, _ iova: UInt64) throws(ModelFault) {
        try m.call("__iommu_dma_unmap") { () throws(ModelFault) in
            let domain = try dmaDomain(dev)
            let c = try cookie(of: domain)
            _ = try granule(c)
            guard case .live(let d) = domain else { return }
            if d.mapped.remove(iova) == nil {
                // io-pgtable finds an empty PTE (`WARN_ON(!pte)`, every era), then
                // `WARN_ON(unmapped != size)`, and the IOVA is freed regardless (§4 FM-7).
                // 5.15 replaced the unmap callbacks with their `_pages` forms.
                let pages = era >= .v5_15
                m.call2("iommu_unmap_fast") {
                    m.call2("__iommu_unmap") { m.call2(pages ? "arm_smmu_unmap_pages" : "arm_smmu_unmap") { m.call2(pages ? "arm_lpae_unmap_pages" : "arm_lpae_unmap") { m.call2("__arm_lpae_unmap") {
                        m.warn("!pte", file: "drivers/iommu/io-pgtable-arm.c",
                               then: "io-pgtable found no page-table entry for the IOVA and unmapped nothing")
                    } } } }
                }
                m.warn("unmapped != size", file: "drivers/iommu/dma-iommu.c",
                       then: "iommu-dma freed the IOVA range anyway, so the allocator can hand it out again while the device may still use it")
            }
        }
    }

    /// `iommu_iova_to_phys`: `domain->ops->iova_to_phys` (5.15+ tests the type first: absent in
    /// 5.12.9, present in 5.15.24).
    public func iommuIOVAToPhys(_ domain: Ptr<IOMMUDomain>, _ iova: UInt64) throws(ModelFault) -> UInt64 {
        try m.call("iommu_iova_to_phys") { () throws(ModelFault) -> UInt64 in
            if era >= .v5_15 { _ = try m.read(domain, "iommu_domain.type", poison: DomainType.dma) { $0.type } }
            let ops = try m.read(domain, "iommu_domain.ops", poison: MemoryDebug.slubPoisonPointer as UInt64?) { _ in nil }
            try m.callThrough(ops, slot: (era >= .v6_1 ? "iommu_domain_ops" : "iommu_ops") + ".iova_to_phys")
            guard case .live(let d) = domain else { return 0 }
            return d.mapped.contains(iova) ? 0x9000_0000 : 0
        }
    }

    /// Cache maintenance for the CPU on a buffer being unmapped (non-coherent devices).
    func syncForCPU(phys: UInt64) throws(ModelFault) {
        let va = physToVirt(phys)
        let inv = era >= .v6_1 ? "dcache_inval_poc" : "__dma_inv_area"
        if era == .v4_19 {
            try m.call("__dma_unmap_area") { () throws(ModelFault) in
                try m.call(inv) { () throws(ModelFault) in try m.cacheMaintenance(at: va, mapped: isMapped(linear: va)) }
            }
        } else {
            try m.call("arch_sync_dma_for_cpu") { () throws(ModelFault) in
                try m.call(inv) { () throws(ModelFault) in try m.cacheMaintenance(at: va, mapped: isMapped(linear: va)) }
            }
        }
    }

    /// Cache maintenance for the device on a buffer being handed to it (non-coherent devices):
    /// clean the linear alias. arch/arm64/mm/cache.S names the clean `__clean_dcache_area_poc`
    /// (which `__dma_map_area` branches into) until 5.13 and `dcache_clean_poc` from 5.14; 4.19
    /// calls it from arm64's swiotlb ops, 5.4 on from `arch_sync_dma_for_device`.
    func syncForDevice(phys: UInt64) throws(ModelFault) {
        let va = physToVirt(phys)
        let clean = era >= .v5_15 ? "dcache_clean_poc" : "__clean_dcache_area_poc"
        try m.call(era == .v4_19 ? "__swiotlb_sync_sg_for_device" : "arch_sync_dma_for_device") { () throws(ModelFault) in
            try m.call(clean) { () throws(ModelFault) in try m.cacheMaintenance(at: va, mapped: isMapped(linear: va)) }
        }
    }

    /// `dma_sync_sg_for_device` on a dma-direct device: each entry's DMA address is taken for
    /// its physical address (an entry that was never mapped has 0 there).
    public func dmaSyncSGForDevice(_ dev: Ptr<Device>, dmaAddress: UInt64) throws(ModelFault) {
        try m.call("dma_sync_sg_for_device") { () throws(ModelFault) in
            let route = try dmaOps(dev)
            let coherent = (try? m.read(dev, "device.dma_coherent", poison: true) { $0.coherent }) ?? true
            guard case .direct = route, !coherent else { return }
            if era == .v4_19 {
                try syncForDevice(phys: dmaAddress)
            } else {
                try m.call("dma_direct_sync_sg_for_device") { () throws(ModelFault) in try syncForDevice(phys: dmaAddress) }
            }
        }
    }

    /// dma-direct's sync for the CPU: invalidate the linear alias of the handle.
    func directSyncForCPU(phys: UInt64, coherent: Bool) throws(ModelFault) {
        try m.call("dma_direct_sync_single_for_cpu") { () throws(ModelFault) in
            if !coherent { try syncForCPU(phys: phys) }
        }
    }

    /// `dma_sync_single_for_cpu` on a dma-direct device.
    public func dmaSyncSingleForCPU(_ dev: Ptr<Device>, _ handle: UInt64) throws(ModelFault) {
        try m.call("dma_sync_single_for_cpu") { () throws(ModelFault) in
            let route = try dmaOps(dev)
            let coherent = (try? m.read(dev, "device.dma_coherent", poison: true) { $0.coherent }) ?? true
            guard case .direct = route else { return }
            if era == .v4_19 {
                try m.call("__swiotlb_sync_single_for_cpu") { () throws(ModelFault) in if !coherent { try syncForCPU(phys: handle) } }
            } else {
                try directSyncForCPU(phys: handle, coherent: coherent)
            }
        }
    }

    /// Whether dma-debug holds a record of `iova` for the device (it was mapped and not unmapped).
    func debugHasEntry(_ dev: Ptr<Device>, _ iova: UInt64) -> Bool {
        if case .live(let d) = dev, case .live(let g) = d.group, case .live(let dom) = g.defaultDomain { return dom.mapped.contains(iova) }
        return false
    }

    /// CONFIG_DMA_API_DEBUG's `hook` → `check` of a handle against what the driver mapped:
    /// no record of it, and err_printk WARNs with `message`.
    func debugCheck(_ dev: Ptr<Device>, _ iova: UInt64, hook: String, check: String, message: String, then aftermath: String) {
        guard m.dmaAPIDebug else { return }
        m.call2(hook) { m.call2(check) {
            if debugHasEntry(dev, iova) { return }
            m.warn("!entry: no record of the mapping", file: "kernel/dma/debug.c", message: message, then: aftermath)
        } }
    }

    /// CONFIG_DMA_API_DEBUG's check of an unmap against what the driver mapped.
    func debugUnmap(_ dev: Ptr<Device>, _ iova: UInt64) {
        debugCheck(dev, iova, hook: "debug_dma_unmap_page", check: "check_unmap",
                   message: "device driver tries to free DMA memory it has not allocated",
                   then: "the DMA-API checker only reports; the unmap goes on to the DMA ops")
    }

    /// `dma_sync_single_for_device` on a coherent device: the ops have nothing to do, and
    /// CONFIG_DMA_API_DEBUG checks the handle against what the driver mapped afterwards.
    public func dmaSyncSingleForDevice(_ dev: Ptr<Device>, _ handle: UInt64) throws(ModelFault) {
        try m.call("dma_sync_single_for_device") { () throws(ModelFault) in
            _ = try dmaOps(dev)
            debugCheck(dev, handle, hook: "debug_dma_sync_single_for_device", check: "check_sync",
                       message: "device driver tries to sync DMA memory it has not allocated",
                       then: "the DMA-API checker only reports; the sync itself already ran")
        }
    }

    /// `dma_unmap_page_attrs` / `dma_unmap_single`.
    public func dmaUnmapPage(_ dev: Ptr<Device>, _ iova: UInt64) throws(ModelFault) {
        debugUnmap(dev, iova)
        try m.call("dma_unmap_page_attrs") { () throws(ModelFault) in
            let route = try dmaOps(dev)
            try throughWildOps(route, slot: "unmap_page")
            let coherent = (try? m.read(dev, "device.dma_coherent", poison: true) { $0.coherent }) ?? true
            switch route {
            case .dummy, .wild: return
            case .direct:
                // dma-direct takes the handle for a physical address (FM-8, FM-9).
                if era == .v4_19 {
                    try m.call("__swiotlb_unmap_page") { () throws(ModelFault) in if !coherent { try syncForCPU(phys: iova) } }
                } else {
                    try m.call("dma_direct_unmap_page") { () throws(ModelFault) in try directSyncForCPU(phys: iova, coherent: coherent) }
                }
            case .iommu:
                if era == .v4_19 {
                    try m.call("__iommu_unmap_page") { () throws(ModelFault) in
                        if !coherent {
                            try m.call("__iommu_sync_single_for_cpu") { () throws(ModelFault) in
                                let phys = try iommuIOVAToPhys(try iommuGetDomainForDev(dev), iova)
                                try syncForCPU(phys: phys)
                            }
                        }
                        try m.call("iommu_dma_unmap_page") { () throws(ModelFault) in try iommuDMAUnmapCore(dev, iova) }
                    }
                    return
                }
                try m.call("iommu_dma_unmap_page") { () throws(ModelFault) in
                    if era >= .v6_1 {
                        // 5.16+ (9b49bbc2c4df, ee9d4097cc14; 5.15.33+): the check comes first.
                        let domain = try iommuGetDMADomain(dev)
                        let phys = try iommuIOVAToPhys(domain, iova)
                        if phys == 0 {
                            m.warn("!phys", file: "drivers/iommu/dma-iommu.c",
                                   then: "iommu-dma returned right after the WARN: nothing was synced, unmapped or freed")
                            return
                        }
                        if !coherent { try syncForCPU(phys: phys) }
                    } else if era == .v5_15 {
                        // 5.11–5.15.32 (82612d66d51d): sync for the CPU first, then the swiotlb
                        // helper looks the IOVA up and returns on nothing mapped.
                        if !coherent {
                            try m.call("iommu_dma_sync_single_for_cpu") { () throws(ModelFault) in
                                let phys = try iommuIOVAToPhys(try iommuGetDMADomain(dev), iova)
                                try syncForCPU(phys: phys)
                            }
                        }
                        try m.call("__iommu_dma_unmap_swiotlb") { () throws(ModelFault) in
                            let phys = try iommuIOVAToPhys(try iommuGetDMADomain(dev), iova)
                            if phys == 0 {
                                m.warn("!phys", file: "drivers/iommu/dma-iommu.c",
                                       then: "iommu-dma returned right after the WARN: nothing was unmapped or freed" + (coherent ? "" : " (the CPU-cache sync before it ran on physical address 0)"))
                                return
                            }
                            try iommuDMAUnmapCore(dev, iova)
                        }
                        return
                    } else if !coherent {
                        try m.call("iommu_dma_sync_single_for_cpu") { () throws(ModelFault) in
                            let phys = try iommuIOVAToPhys(try iommuGetDMADomain(dev), iova)
                            try syncForCPU(phys: phys)
                        }
                    }
                    try iommuDMAUnmapCore(dev, iova)
                }
            }
        }
    }

    /// `dma_unmap_sg_attrs` → `iommu_dma_unmap_sg` → `__iommu_dma_unmap`.
    public func dmaUnmapSG(_ dev: Ptr<Device>, _ iova: UInt64) throws(ModelFault) {
        try unmapThroughIOMMUDMA(dev, iova, api: "dma_unmap_sg_attrs", slot: "unmap_sg",
                                 legacy: "__iommu_unmap_sg_attrs", iommuDMA: "iommu_dma_unmap_sg")
    }

    /// `dma_free_attrs` / `dma_free_coherent` → `iommu_dma_free` → `__iommu_dma_unmap` (no
    /// lookup of the IOVA first in any era: a wrong handle or size reaches the page tables).
    /// The buffer's CPU mapping goes after its IOVA: 4.19's arch wrapper first finds the vmap
    /// area (`WARN_ON(!area || !area->pages)` and return), 5.x–6.x's `__iommu_dma_free`
    /// afterwards (`dma_common_free_remap`: `WARN(1, "trying to free invalid coherent area")`).
    public func dmaFree(_ dev: Ptr<Device>, _ iova: UInt64) throws(ModelFault) {
        let remap = dev.object?.coherentRemaps[iova]
        try m.call("dma_free_attrs") { () throws(ModelFault) in
            let route = try dmaOps(dev)
            try throughWildOps(route, slot: "free")
            guard case .iommu = route else { return }
            if era == .v4_19 {
                try m.call("__iommu_free_attrs") { () throws(ModelFault) in
                    if remap == false {
                        m.warn("!area || !area->pages", file: "arch/arm64/mm/dma-mapping.c",
                               then: "the arch wrapper returned right after the WARN: nothing was unmapped or freed")
                        return
                    }
                    try m.call("iommu_dma_free") { () throws(ModelFault) in try iommuDMAUnmapCore(dev, iova) }
                    dev.object?.coherentRemaps[iova] = remap.map { _ in false }
                }
                return
            }
            try m.call("iommu_dma_free") { () throws(ModelFault) in
                try iommuDMAUnmapCore(dev, iova)
                guard let remap else { return }
                m.call2("__iommu_dma_free") {
                    m.call2("dma_common_free_remap") {
                        if !remap {
                            m.warn("!area", file: "kernel/dma/remap.c", message: "trying to free invalid coherent area",
                                   then: "dma_common_free_remap unmapped nothing: the buffer's CPU mapping was already gone")
                        }
                    }
                }
                dev.object?.coherentRemaps[iova] = false
            }
        }
    }

    /// A DMA-API call that, on an iommu-dma device, goes straight to `__iommu_dma_unmap`:
    /// `api` → (4.19: arm64's `legacy` wrapper) → `iommuDMA` → `__iommu_dma_unmap`.
    func unmapThroughIOMMUDMA(_ dev: Ptr<Device>, _ iova: UInt64, api: String, slot: String,
                              legacy: String, iommuDMA: String) throws(ModelFault) {
        try m.call(api) { () throws(ModelFault) in
            let route = try dmaOps(dev)
            try throughWildOps(route, slot: slot)
            guard case .iommu = route else { return }
            let body = { () throws(ModelFault) in
                try m.call(iommuDMA) { () throws(ModelFault) in try iommuDMAUnmapCore(dev, iova) }
            }
            if era == .v4_19 { try m.call(legacy, body) } else { try body() }
        }
    }

    // MARK: - IOMMU API used by drivers

    /// `iommu_map` → `__iommu_map`: `domain->ops`, then the map slot (§4 FM-4 on a freed domain).
    public func iommuMap(_ domain: Ptr<IOMMUDomain>, _ iova: UInt64) throws(ModelFault) {
        try m.call("iommu_map") { () throws(ModelFault) in
            try m.call("__iommu_map") { () throws(ModelFault) in
                let ops = try m.read(domain, "iommu_domain.ops", poison: MemoryDebug.slubPoisonPointer as UInt64?) { _ in nil }
                let slot: String
                switch era {
                case .v6_12: slot = "iommu_domain_ops.map_pages"
                case .v6_1, .v6_6: slot = "iommu_domain_ops.map"
                default: slot = "iommu_ops.map"
                }
                try m.callThrough(ops, slot: slot)
                if case .live(let d) = domain { d.mapped.insert(iova) }
            }
        }
    }

    // MARK: - flush-queue timer (FM-5)

    /// The flush-queue timer fires on a domain whose cookie/iovad was freed without
    /// `del_timer_sync`: the flush callback pointer read from freed memory is poison.
    public func flushQueueTimer(_ cookie: Ptr<DMACookie>) throws(ModelFault) {
        try m.call("call_timer_fn") { () throws(ModelFault) in
            try m.call("fq_flush_timeout") { () throws(ModelFault) in
                if era <= .v5_15 {
                    try m.call("iova_domain_flush") { () throws(ModelFault) in
                        let cb = try m.read(cookie, "iommu_dma_cookie.iovad.flush_cb", poison: MemoryDebug.slubPoisonPointer as UInt64?) { _ in nil }
                        if let cb { try m.branch(to: cb) }
                    }
                } else {
                    try m.call("fq_flush_iotlb") { () throws(ModelFault) in
                        let d = try m.read(cookie, "iommu_dma_cookie.fq_domain", poison: MemoryDebug.slubPoisonPointer as UInt64?) { _ in nil }
                        if let d { try m.callThrough(d, slot: "iommu_domain.ops") }
                    }
                }
            }
        }
    }

    // MARK: - the device itself doing DMA (SMMU translation, FM-6)

    /// The device issues a transaction at `iova`: the SMMU translates through the domain the
    /// hardware is attached to (`group->domain`).
    public func deviceDMA(_ dev: Device, at iova: UInt64) {
        guard case .live(let group) = dev.group else {
            m.smmuFault(iova: iova, reason: "the device is not attached to any domain (unknown stream)")
            return
        }
        guard case .live(let domain) = group.domain else {
            m.smmuFault(iova: iova, reason: "the group has no domain attached")
            return
        }
        if !domain.mapped.contains(iova) {
            m.smmuFault(iova: iova, reason: domain.type == .unmanaged
                        ? "the IOVA is not mapped in the driver-owned domain the hardware is using"
                        : "the IOVA is not mapped in the attached domain")
        }
    }
}

extension Machine {
    /// A call that cannot fault (the model does not look inside it) but shows in traces.
    func call2(_ name: String, _ body: () -> Void) {
        _ = try? call(name) { () throws(ModelFault) in body() }
    }
}
