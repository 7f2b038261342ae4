/// The crash class of a report (docs/SCHEMA.md `kind`). One value per kind of kernel complaint a
/// triager tells apart; `unknown` when nothing more specific is known.
public enum CrashKind: String, Codable, Sendable, CaseIterable {
    case nullPointerDereference = "null-pointer-dereference"
    case pagingRequest = "paging-request"
    case userAccess = "user-access"
    case writeToReadonly = "write-to-readonly"
    case executeNonExecutable = "execute-non-executable"
    case alignment
    case bug
    case warning
    case kasan
    case ubsan
    case serror
    case undefinedInstruction = "undefined-instruction"
    case pointerAuthentication = "pointer-authentication"
    case stackOverflow = "stack-overflow"
    case softLockup = "soft-lockup"
    case hardLockup = "hard-lockup"
    case rcuStall = "rcu-stall"
    case hungTask = "hung-task"
    case outOfMemory = "out-of-memory"
    case panic
    case iommuFault = "iommu-fault"
    /// The DMA layer refused a mapping (swiotlb had no room for the bounce buffer): the driver
    /// gets a mapping error, no oops.
    case dmaMappingFailure = "dma-mapping-failure"
    case unknown

    /// Kinds that are memory-access faults, where a fault address and an ESR are expected.
    public var isMemoryFault: Bool {
        switch self {
        case .nullPointerDereference, .pagingRequest, .userAccess, .writeToReadonly,
             .executeNonExecutable, .alignment:
            return true
        default:
            return false
        }
    }
}
