/// The objects a scenario acts on and the events that change them (probe, attach, free,
/// removal, unbind), with each era's semantics (docs/dma-iommu-model.md §2.1, §2.4–§2.6).
public final class World {
    public let era: Era
    let m: Machine

    /// Every group this world made: a group lists its devices and each device points back at
    /// its group, a cycle ``dismantle()`` breaks when the scenario is over.
    private var groups: [IOMMUGroup] = []

    init(_ m: Machine) {
        self.m = m
        self.era = m.era
    }

    /// Ends the world: breaks the device ↔ group cycles so its objects are freed (an emulation
    /// otherwise leaks them all; found by LeakSanitizer, issue 8).
    func dismantle() {
        for g in groups { g.devices.removeAll() }
        groups.removeAll()
    }

    /// A device probed behind an SMMU: its group got a DMA default domain with an initialised
    /// IOVA cookie, and setup pointed the DMA API at iommu-dma (`dev->dma_iommu` in 6.12).
    public func probedDevice(coherent: Bool = true, dmaMask: UInt64 = 0xffff_ffff) -> Device {
        let dev = Device(name: "dev", dmaOps: era == .v6_12 ? .direct : .iommu)
        dev.dmaIOMMU = era == .v6_12
        dev.coherent = coherent
        dev.dmaMask = dmaMask
        let group = IOMMUGroup()
        groups.append(group)
        let domain = IOMMUDomain(type: .dma)
        let cookie = DMACookie(kind: .iova)
        cookie.initialised = true
        cookie.nextIOVA = (dmaMask == 0xffff_ffff ? 0x1_0000_0000 : 0x1_0000_0000_0000) - 0x1000
        domain.cookie = .live(cookie)
        group.defaultDomain = .live(domain)
        group.domain = .live(domain)
        group.devices = [dev]
        dev.group = .live(group)
        return dev
    }

    /// `iommu_domain_alloc(bus)` / `iommu_paging_domain_alloc(dev)`: an UNMANAGED domain with no
    /// IOVA cookie (the owner may add one; FM-3 gives it an MSI cookie).
    public func driverDomain(msiCookie: Bool = false) -> IOMMUDomain {
        let d = IOMMUDomain(type: .unmanaged)
        if msiCookie { d.cookie = .live(DMACookie(kind: .msi)) }
        return d
    }

    /// `iommu_attach_device`: single-device group, current domain default (or blocking): the
    /// group's current domain becomes the driver's. dma_ops are never touched (§2.4).
    @discardableResult
    public func attach(_ d: IOMMUDomain, to dev: Device) -> Bool {
        guard case .live(let group) = dev.group, group.devices.count == 1 else { return false }
        if case .live(let current) = group.domain, case .live(let def) = group.defaultDomain, current !== def { return false }
        group.domain = .live(d)
        return true
    }

    /// `iommu_domain_free`: the domain (and its cookie) is freed; pointers to it go stale.
    public func free(_ d: IOMMUDomain, in dev: Device? = nil) {
        if let dev, case .live(let g) = dev.group {
            if case .live(let x) = g.domain, x === d { g.domain = .freed(d) }
            if case .live(let x) = g.defaultDomain, x === d { g.defaultDomain = .freed(d) }
        }
        if case .live(let c) = d.cookie { d.cookie = .freed(c) }
    }

    /// `iommu_group_remove_device` (hot-unplug, SMMU remove_device, driver cleanup): the device
    /// leaves its group. 4.19–6.6 keep `dev->dma_ops`; 6.12 clears `dev->dma_iommu` and WARNs
    /// when a DMA owner's domain is still attached (lab: iommu.c `__iommu_group_free_device`).
    public func removeFromGroup(_ dev: Device) {
        if era == .v6_12 {
            m.call2("iommu_group_remove_device") { m.call2("__iommu_group_remove_device") { m.call2("__iommu_group_free_device") {
                m.warn("group->owner_cnt || group->domain != group->default_domain", file: "drivers/iommu/iommu.c",
                       then: "the group lost its last device while a DMA owner or a non-default domain was attached; 6.12.y with 280e5a301005 (v6.15) also clears dev->dma_iommu, so later DMA calls go to dma-direct, while kernels without it dereference the NULL group in iommu_get_dma_domain")
            } } }
            dev.dmaIOMMU = false
        }
        dev.group = .null
    }

    /// Moves the device into a new group that has no default domain (VFIO/mdev-style).
    public func moveToEmptyGroup(_ dev: Device) {
        removeFromGroup(dev)
        let g = IOMMUGroup()
        groups.append(g)
        g.devices = [dev]
        dev.group = .live(g)
    }

    /// Driver unbind / failed probe: arch_teardown_dma_ops (§2.6).
    public func unbind(_ dev: Device) {
        dev.bound = false
        switch era {
        case .v4_19: dev.dmaOps = .dummy
        case .v6_12: break   // arm64 6.12 no longer tears DMA ops down
        default: dev.dmaOps = .direct
        }
    }
}
