/// The objects of the DMA-IOMMU path the model tracks (docs/dma-iommu-model.md §1), as state the
/// path emulator reads and writes. Names follow the kernel's structs.

/// `struct device`: what the DMA API looks at.
public final class Device {
    public var name: String
    /// `dev->dma_ops`: iommu-dma, dma-direct (nil ops, ≥5.0), or 4.19's dummy ops after teardown.
    public var dmaOps: DMAOps
    /// 6.12's `dev->dma_iommu` bit: the DMA API calls iommu-dma directly.
    public var dmaIOMMU = false
    public var group: Ptr<IOMMUGroup> = .null
    public var coherent = true
    public var dmaMask: UInt64 = 0xffff_ffff
    public var bound = true
    /// The CPU mappings of its coherent buffers, by DMA handle: iommu_dma_alloc vmaps a
    /// non-contiguous buffer for the CPU, and freeing it unmaps that (true: still mapped).
    /// A handle the model never allocated has no entry: its CPU address is not modelled.
    public var coherentRemaps: [UInt64: Bool] = [:]

    public init(name: String, dmaOps: DMAOps = .direct) {
        self.name = name
        self.dmaOps = dmaOps
    }
}

/// Which `dma_map_ops` a device uses.
public enum DMAOps: Sendable, Equatable {
    /// iommu-dma (`iommu_dma_ops`, arch ops in 4.19).
    case iommu
    /// dma-direct (`dev->dma_ops == NULL` from 5.0).
    case direct
    /// 4.19's `dummy_dma_ops` after arch_teardown_dma_ops: maps fail, nothing happens.
    case dummy
}

/// `struct iommu_group` (private to iommu.c).
public final class IOMMUGroup {
    public var defaultDomain: Ptr<IOMMUDomain> = .null
    public var domain: Ptr<IOMMUDomain> = .null
    public var devices: [Device] = []
    public init() {}
}

/// `iommu_domain.type`, a bit-set of PAGING=1, DMA_API=2, PT=4, DMA_FQ=8.
public enum DomainType: UInt32, Sendable {
    case blocked = 0, unmanaged = 1, dma = 3, identity = 4, dmaFQ = 0xb
    public var usesDMAAPI: Bool { rawValue & 2 != 0 }
}

/// `struct iommu_domain`.
public final class IOMMUDomain {
    public var type: DomainType
    public var cookie: Ptr<DMACookie> = .null
    /// IOVAs mapped in this domain's page tables (what the hardware translates when attached).
    public var mapped: Set<UInt64> = []
    public init(type: DomainType) { self.type = type }
}

/// `struct iommu_dma_cookie` (private to dma-iommu.c).
public final class DMACookie {
    /// IOVA_COOKIE (a DMA domain's allocator) or MSI_COOKIE (a driver-owned domain's MSI window).
    public enum Kind: Sendable { case iova, msi }
    public var kind: Kind
    /// `iovad.start_pfn != 0`: iommu_dma_init_domain ran.
    public var initialised = false
    public var granule: UInt64 = 0x1000
    public var flushQueue = false
    /// The next IOVA the top-down allocator hands out.
    public var nextIOVA: UInt64 = 0xffff_f000
    public init(kind: Kind) { self.kind = kind }
}

/// A pointer as the model sees it.
public enum Ptr<T: AnyObject> {
    case null
    case live(T)
    /// Freed: the memory is still mapped; its contents are poison (SLUB debug), stale, or
    /// trapped by KASAN, depending on the profile's memory debugging.
    case freed(T)
    /// A bad pointer value (poison read out of a freed object, garbage).
    case wild(UInt64)

    public var object: T? {
        switch self {
        case .live(let o), .freed(let o): return o
        default: return nil
        }
    }
    public var isNull: Bool { if case .null = self { return true }; return false }
}
