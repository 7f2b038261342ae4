/// What a report's lines say about the machine and its decoding before the record can hold it
/// (issue 20: per-architecture scratch apart from the record under construction): whose dump
/// it is when the record has no name for it, an SMMUv3 event's words while they arrive, x86
/// KASAN's reading of a GPF address, the kernel's own decoding of its exception, a user-mode
/// register block. ``ReportBuilder/finish(interrupted:)`` folds it into the ``Report``.
public struct MachineScratch {
    /// The dump is 32-bit arm (`psr:`, `r0 :` registers, `SMP ARM`): never taken for arm64.
    public var isArm32 = false
    /// The dump is of an architecture the record does not name, whose lines look like another's
    /// (32-bit x86's `EIP:` or 8-digit page-fault address; RISC-V's `epc :`, which prints
    /// arm64's fault and overflow messages word for word): never taken for x86-64 or arm64.
    public var isUnnamedArch = false
    /// The raw words of an SMMUv3 event record being read.
    public var smmuEventWords: [UInt64]?
    /// x86 KASAN's reading of a GPF address (`null-ptr-deref`, `maybe wild-memory-access`).
    public var kasanRange: String?
    /// The kernel's own decoding of the exception (arm64's `EC = 0x25: …`, `WnR = 0`; x86's
    /// error code), name → value as printed.
    public var kernelDecoded: [(String, String)] = []
    /// The x86 register block being read is a user-mode one (`RIP: 0033:…`, which ends a
    /// syscall's trace): its pc, registers and code are the program's, not the report's.
    public var inUserRegisters = false

    /// The dump is of a machine the record must not name (arm32, or one that only looks
    /// like x86-64 or arm64).
    var namesNoArch: Bool { isArm32 || isUnnamedArch }
}
