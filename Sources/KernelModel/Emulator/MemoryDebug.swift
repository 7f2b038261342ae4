import OopsCore

/// What freed memory looks like to a later access: part of a profile, because it decides
/// whether a use-after-free faults, where, and what the fault address looks like.
public enum MemoryDebug: String, CaseIterable, Sendable {
    /// No debugging: a freed object keeps its stale contents until reused (no oops to model).
    case none
    /// `slub_debug=P` / CONFIG_SLUB_DEBUG_ON: freed objects are filled with 0x6b; a pointer
    /// read from one is 0x6b6b6b6b6b6b6b6b and faults when dereferenced.
    case slubPoison = "slub-poison"
    /// KASAN: the access to the freed object itself is reported (`BUG: KASAN: use-after-free`).
    case kasan

    /// SLUB's free poison byte pattern as a 64-bit pointer.
    public static let slubPoisonPointer = KernelConstants.slubFreePoison
}
