/// The catalogue's scenarios (docs/dma-iommu-model.md §4), one program per failure mode and DMA
/// call that trips it.
public enum Scenarios {
    /// A DMA-API call a scenario can end with.
    enum Call: String, CaseIterable {
        case mapSG = "dma_map_sg", mapPage = "dma_map_page", unmapPage = "dma_unmap_page",
             unmapSG = "dma_unmap_sg", alloc = "dma_alloc_coherent"

        func run(_ k: KernelPaths, _ dev: Ptr<Device>, handle: UInt64) throws(ModelFault) {
            switch self {
            case .mapSG: _ = try k.dmaMapSG(dev)
            case .mapPage: _ = try k.dmaMapPage(dev)
            case .unmapPage: try k.dmaUnmapPage(dev, handle)
            case .unmapSG: try k.dmaUnmapSG(dev, handle)
            case .alloc: _ = try k.dmaAlloc(dev)
            }
        }

        var isUnmap: Bool { self == .unmapPage || self == .unmapSG }
    }

    public static let all: [Scenario] = missingCookie + nullDomain + nullGroup + msiCookie + useAfterFree
        + flushQueue + smmuFaults + unmapUnmapped + afterUnbind + cacheMaintenance + iommuGone + badDevice

    public static func scenario(_ id: String) -> Scenario? { all.first { $0.id == id } }

    // FM-1: the driver attaches its own UNMANAGED domain (no cookie); the DMA API goes on.
    static let missingCookie: [Scenario] = Call.allCases.map { call in
        Scenario("FM-1/\(call.rawValue)", mode: "FM-1",
                 "driver attaches its own UNMANAGED domain, then calls \(call.rawValue) on the same device") { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            var handle: UInt64 = 0xffff_f000
            if call.isUnmap { handle = try k.dmaMapPage(.live(dev)) ?? handle }
            w.attach(w.driverDomain(), to: dev)
            try call.run(k, .live(dev), handle: handle)
        }
    }

    // FM-2a: the device's domain lookup yields NULL (4.19: no group; 5.x/6.x: a group without a default domain).
    static let nullDomain: [Scenario] = [Call.mapPage, .mapSG, .unmapPage].map { call in
        Scenario("FM-2a/\(call.rawValue)", mode: "FM-2a",
                 "the device ends up without a domain (no group in 4.19, a group with no default domain later) and calls \(call.rawValue)") { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            let handle = call.isUnmap ? (try k.dmaMapPage(.live(dev)) ?? 0xffff_f000) : 0xffff_f000
            if w.era == .v4_19 { w.removeFromGroup(dev) } else { w.moveToEmptyGroup(dev) }
            try call.run(k, .live(dev), handle: handle)
        }
    }

    // FM-2b: the device left its IOMMU group; a late DMA-API call follows the NULL group.
    static let nullGroup: [Scenario] = [Call.mapPage, .unmapPage, .mapSG, .unmapSG].map { call in
        Scenario("FM-2b/\(call.rawValue)", mode: "FM-2b",
                 "the device is removed from its IOMMU group, then the driver calls \(call.rawValue)") { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            let handle = call.isUnmap ? (try k.dmaMapPage(.live(dev)) ?? 0xffff_f000) : 0xffff_f000
            w.removeFromGroup(dev)
            try call.run(k, .live(dev), handle: handle)
        }
    }

    // FM-3: a VFIO-style owner's domain with an MSI cookie is current while the DMA API is used.
    static let msiCookie: [Scenario] = [
        Scenario("FM-3/dma_map_page", mode: "FM-3",
                 "a domain with an MSI cookie is attached to the device, which then calls dma_map_page") { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            w.attach(w.driverDomain(msiCookie: true), to: dev)
            _ = try k.dmaMapPage(.live(dev))
        },
    ]

    // FM-4: a freed domain (and cookie) is used again.
    static let useAfterFree: [Scenario] = [
        Scenario("FM-4/iommu_map", mode: "FM-4", "the driver frees its domain, then maps into it with iommu_map",
                 memoryDebug: [.slubPoison, .kasan]) { w, k throws(ModelFault) in
            let d = w.driverDomain()
            w.free(d)
            try k.iommuMap(.freed(d), 0x10_0000)
        },
        Scenario("FM-4/iommu_iova_to_phys", mode: "FM-4",
                 "the default domain is freed (the device left its group) while the driver still translates through it",
                 memoryDebug: [.slubPoison, .kasan]) { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            guard case .live(let g) = dev.group, case .live(let d) = g.defaultDomain else { return }
            w.free(d, in: dev)
            _ = try k.iommuIOVAToPhys(.freed(d), 0xffff_f000)
        },
        Scenario("FM-4/dma_unmap_page", mode: "FM-4",
                 "the default domain is freed by teardown while another CPU is unmapping through it",
                 memoryDebug: [.slubPoison, .kasan]) { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            let handle = try k.dmaMapPage(.live(dev)) ?? 0xffff_f000
            guard case .live(let g) = dev.group, case .live(let d) = g.defaultDomain else { return }
            w.free(d, in: dev)
            try k.dmaUnmapPage(.live(dev), handle)
        },
    ]

    // FM-5: lazy mode; the domain is torn down while its flush-queue timer is pending.
    static let flushQueue: [Scenario] = [
        Scenario("FM-5/fq_timer", mode: "FM-5",
                 "iommu.strict=0; the device's domain is freed while its flush-queue timer is pending",
                 memoryDebug: [.slubPoison], driverFrames: ["run_timer_softirq", "__do_softirq", "irq_exit", "gic_handle_irq"],
                 softirq: true) { w, k throws(ModelFault) in
            // arm-smmu never uses a flush queue in 4.19; the teardown race was fixed with
            // del_timer_sync (d7061627d701; present in the measured 5.15.24 and in 6.x).
            guard w.era == .v5_4 || w.era == .v5_10 else { return }
            let dev = w.probedDevice()
            guard case .live(let g) = dev.group, case .live(let d) = g.defaultDomain, case .live(let c) = d.cookie else { return }
            c.flushQueue = true
            w.free(d, in: dev)
            try k.flushQueueTimer(.freed(c))
        },
    ]

    // FM-6: the SMMU refuses device DMA.
    static let smmuFaults: [Scenario] = [
        Scenario("FM-6a/bootloader-scanout", mode: "FM-6",
                 "a master the bootloader left running (display scanout) keeps DMAing to a physical address once the SMMU translates") { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            k.deviceDMA(dev, at: 0x9c4b_9000)
        },
        Scenario("FM-6b/unknown-stream", mode: "FM-6",
                 "a device with no IOMMU configuration (no iommus entry, or the SMMU reset under it) issues DMA") { w, k throws(ModelFault) in
            let dev = Device(name: "dev")
            k.deviceDMA(dev, at: 0x8800_0000)
        },
        Scenario("FM-6c/driver-domain", mode: "FM-6",
                 "the driver attaches its own domain but keeps using DMA-API addresses for real DMA") { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            w.attach(w.driverDomain(), to: dev)
            if let iova = try k.dmaMapPage(.live(dev)) { k.deviceDMA(dev, at: iova) }
        },
        Scenario("FM-6d/direct-while-translating", mode: "FM-6",
                 "setup gave the device dma-direct while its stream translates; it DMAs to a physical address") { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            dev.dmaOps = .direct
            dev.dmaIOMMU = false
            if let phys = try k.dmaMapPage(.live(dev)) { k.deviceDMA(dev, at: phys) }
        },
    ]

    // FM-7: unmap of an IOVA never mapped (coherent device: the WARN sites).
    static let unmapUnmapped: [Scenario] = [
        Scenario("FM-7/dma_unmap_page", mode: "FM-7", "the driver unmaps a DMA address it never mapped (coherent device)") { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            try k.dmaUnmapPage(.live(dev), 0xdead_0000)
        },
        Scenario("FM-7/double-unmap", mode: "FM-7", "the driver unmaps the same DMA address twice (coherent device)") { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            let h = try k.dmaMapPage(.live(dev)) ?? 0xffff_f000
            try k.dmaUnmapPage(.live(dev), h)
            try k.dmaUnmapPage(.live(dev), h)
        },
        // unmap_sg and free reach __iommu_dma_unmap without an iova_to_phys check in every era.
        Scenario("FM-7/dma_unmap_sg", mode: "FM-7", "the driver unmaps a scatterlist at a DMA address it never mapped (coherent device)") { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            try k.dmaUnmapSG(.live(dev), 0xdead_0000)
        },
        Scenario("FM-7/dma_free", mode: "FM-7", "the driver frees coherent DMA memory at a DMA address it was not given") { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            try k.dmaFree(.live(dev), 0xdead_0000)
        },
        Scenario("FM-7/double-free", mode: "FM-7", "the driver frees the same coherent DMA buffer twice (coherent device)") { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            let h = try k.dmaAlloc(.live(dev)) ?? 0xffff_f000
            try k.dmaFree(.live(dev), h)
            try k.dmaFree(.live(dev), h)
        },
        Scenario("FM-7/dma-api-debug-sync", mode: "FM-7", "with CONFIG_DMA_API_DEBUG, the driver syncs a DMA address it never mapped (coherent device)",
                 dmaAPIDebug: true) { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            try k.dmaSyncSingleForDevice(.live(dev), 0xdead_0000)
        },
        Scenario("FM-7/dma-api-debug", mode: "FM-7", "with CONFIG_DMA_API_DEBUG, the driver unmaps a DMA address it never mapped",
                 dmaAPIDebug: true) { w, k throws(ModelFault) in
            let dev = w.probedDevice()
            try k.dmaUnmapPage(.live(dev), 0xdead_0000)
        },
    ]

    // FM-8: the driver was unbound; a late unmap goes to dma-direct with an IOVA.
    static let afterUnbind: [Scenario] = [
        Scenario("FM-8/coherent", mode: "FM-8",
                 "a coherent device is unbound, then a kept handle is unmapped") { w, k throws(ModelFault) in
            let dev = w.probedDevice(dmaMask: ~0)
            let h = try k.dmaMapPage(.live(dev)) ?? 0xffff_ffff_f000
            w.unbind(dev)
            try k.dmaUnmapPage(.live(dev), h)
        },
        Scenario("FM-8/dma_unmap_page", mode: "FM-8",
                 "a non-coherent device with a 64-bit DMA mask is unbound, then a kept handle is unmapped") { w, k throws(ModelFault) in
            let dev = w.probedDevice(coherent: false, dmaMask: ~0)
            let h = try k.dmaMapPage(.live(dev)) ?? 0xffff_ffff_f000
            w.unbind(dev)
            try k.dmaUnmapPage(.live(dev), h)
        },
    ]

    // FM-9: cache maintenance on phys_to_virt of a bogus physical address (non-coherent device).
    static let cacheMaintenance: [Scenario] = [
        Scenario("FM-9a/dma_unmap_page", mode: "FM-9",
                 "a non-coherent device unmaps a handle that was never mapped: iova_to_phys gives 0") { w, k throws(ModelFault) in
            let dev = w.probedDevice(coherent: false)
            try k.dmaUnmapPage(.live(dev), 0xdead_0000)
        },
        Scenario("FM-9/direct-bad-handle", mode: "FM-9",
                 "a non-coherent dma-direct device syncs a handle that is not one of its DMA addresses (an IOVA, a stale or corrupted handle)") { w, k throws(ModelFault) in
            let dev = Device(name: "dev", dmaOps: .direct)
            dev.coherent = false
            try k.dmaSyncSingleForCPU(.live(dev), 0xffff_ffff_f000)
        },
        Scenario("FM-9/direct-bad-unmap", mode: "FM-9",
                 "a non-coherent dma-direct device unmaps a handle that is not one of its DMA addresses") { w, k throws(ModelFault) in
            let dev = Device(name: "dev", dmaOps: .direct)
            dev.coherent = false
            try k.dmaUnmapPage(.live(dev), 0xffff_ffff_f000)
        },
        Scenario("FM-9a/sync-sg-unmapped", mode: "FM-9",
                 "a non-coherent dma-direct device syncs for the device a scatterlist that was never mapped for it: its DMA address 0 is taken for a physical address") { w, k throws(ModelFault) in
            let dev = Device(name: "dev", dmaOps: .direct)
            dev.coherent = false
            try k.dmaSyncSGForDevice(.live(dev), dmaAddress: 0)
        },
        Scenario("FM-9c/after-release", mode: "FM-9",
                 "a non-coherent device is released from the IOMMU; a late unmap goes to dma-direct with the IOVA") { w, k throws(ModelFault) in
            let dev = w.probedDevice(coherent: false, dmaMask: ~0)
            let h = try k.dmaMapPage(.live(dev)) ?? 0xffff_ffff_f000
            w.removeFromGroup(dev)
            if w.era == .v6_12 { try k.dmaUnmapPage(.live(dev), h) }
        },
    ]

    // FM-10: the SMMU is gone or unpowered while a client unmaps (TLB sync register access).
    static let iommuGone: [Scenario] = [
        Scenario("FM-10/tlb-sync", mode: "FM-10",
                 "the SMMU is runtime-suspended or unbound while a client unmaps; the TLB sync reads a register of an unclocked device") { w, k throws(ModelFault) in
            try k.m.call("iommu_unmap") { () throws(ModelFault) in
                try k.m.call("arm_smmu_unmap") { () throws(ModelFault) in
                    try k.m.call("arm_smmu_tlb_sync_context") { () throws(ModelFault) in
                        try k.m.call("__arm_smmu_tlb_sync") { () throws(ModelFault) in try k.m.externalAbort() }
                    }
                }
            }
        },
    ]

    // FM-11: a NULL or freed struct device reaches the DMA API.
    static let badDevice: [Scenario] = [Call.mapPage, .mapSG].flatMap { call -> [Scenario] in
        [
            Scenario("FM-11/null/\(call.rawValue)", mode: "FM-11", "the driver calls \(call.rawValue) with a NULL struct device") { _, k throws(ModelFault) in
                try call.run(k, .null, handle: 0)
            },
            Scenario("FM-11/freed/\(call.rawValue)", mode: "FM-11", "the driver calls \(call.rawValue) with a freed struct device",
                     memoryDebug: [.slubPoison, .kasan]) { _, k throws(ModelFault) in
                try call.run(k, .freed(Device(name: "freed", dmaOps: .iommu)), handle: 0)
            },
        ]
    }
}
