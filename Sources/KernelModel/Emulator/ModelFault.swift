import OopsCore

/// A fault raised by the path emulator: a load or store through a NULL, freed or wild pointer,
/// at `base + offsetof(field)` for the profile's layout.
public struct ModelFault: Error, Sendable, Equatable {
    /// How the emulated kernel would notice the bad access.
    public enum Kind: Sendable, Equatable {
        /// A data abort (NULL, poison or garbage base).
        case memory
        /// KASAN caught the access to freed memory before it could fault.
        case kasan
        /// A call through a bad function pointer: an instruction abort at `address`.
        case exec
        /// Cache maintenance (`dc ivac` …) on an address that is not mapped: CM=1.
        case cacheMaintenance
        /// A register access the bus refused (unpowered/unclocked device): synchronous external abort.
        case externalAbort
    }

    public let kind: Kind
    public let address: UInt64
    public let access: Access
    /// The struct member whose read faulted (`iommu_dma_cookie.iovad.granule`).
    public let field: String?
    /// The bad base pointer (0 for NULL, 0x6b6b… for poison).
    public let base: UInt64
    public let offset: Int
}

/// A WARN_ON the path hits (the path goes on).
public struct ModelWarning: Sendable, Equatable {
    public let function: String
    public let file: String
    /// The condition as the kernel source writes it (`!phys`, `unmapped != size`).
    public let condition: String
    /// What the path does right after the WARN, in this era: what the report's reader needs
    /// to know about the damage ("returned: nothing was unmapped or freed").
    public let aftermath: String
    /// What the WARN prints before its `WARNING:` line (`WARN(cond, fmt)`); nil for a bare
    /// `WARN_ON(cond)`, which prints nothing there.
    public let message: String?
    /// Call trace as the kernel prints it, innermost first (driver entry frames included).
    public let trace: [String]
    /// The trace without the scenario's driver frames: what the model itself claims.
    public let modelFrames: [String]

    /// A WARN message's first six words: what a printed message must hold to be this one (a
    /// mail client's wrap further on still leaves them whole).
    public static func messageHead(_ message: String) -> String {
        message.split(separator: " ").prefix(6).joined(separator: " ")
    }
}

/// An SMMU translation fault the hardware would report (FM-6).
public struct ModelSMMUFault: Sendable, Equatable {
    public let iova: UInt64
    /// Why the IOVA is not mapped in the domain the hardware uses.
    public let reason: String
}
