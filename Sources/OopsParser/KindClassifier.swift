import OopsCore

/// The crash class of a report from the format it opened with and its message. The arm64
/// stage refines `unknown` from the ESR when only `Internal error: Oops` was printed.
public enum KindClassifier {
    /// Message fragments of `Unable to handle kernel …` (arm64/arm fault.c) and x86 page
    /// faults, most specific first.
    static let faultPhrases: [(String, CrashKind)] = [
        ("NULL pointer dereference", .nullPointerDereference),
        ("write to read-only memory", .writeToReadonly),
        ("execute from non-executable memory", .executeNonExecutable),
        ("access to user memory outside uaccess routines", .userAccess),
        ("paging request", .pagingRequest),
        ("read from unreadable memory", .pagingRequest),
        ("page fault", .pagingRequest),
    ]

    /// `Unhandled fault: <name> (0x…) at 0x…`: arm's fault_info names.
    static let unhandledFaultPhrases: [(String, CrashKind)] = [
        ("alignment", .alignment),
        ("external abort", .serror),
        ("translation fault", .pagingRequest),
        ("domain fault", .pagingRequest),
        ("permission fault", .pagingRequest),
    ]

    /// `Kernel panic - not syncing: …` texts that name a more specific class.
    static let panicPhrases: [(String, CrashKind)] = [
        ("Asynchronous SError Interrupt", .serror),
        ("softlockup: hung tasks", .softLockup),
        ("hung_task: blocked tasks", .hungTask),
        ("Hard LOCKUP", .hardLockup),
        ("Out of memory", .outOfMemory),
        ("System is deadlocked on memory", .outOfMemory),
        ("kernel stack overflow", .stackOverflow),
        ("corrupted stack end", .stackOverflow),
        ("stack-protector", .stackOverflow),
    ]

    /// RISC-V's die() reasons (arch/riscv/kernel/traps.c): an access fault is the bus or PMP
    /// refusing a physical access, as an external abort is on arm64.
    static let riscvDieReasons: [(String, CrashKind)] = [
        ("Kernel BUG", .bug), ("illegal instruction", .undefinedInstruction), ("misaligned", .alignment),
        ("access fault", .serror),
    ]

    /// powerpc's die() reasons (arch/powerpc/kernel/traps.c, mm/fault.c): a program check in
    /// kernel mode is a BUG() or WARN's trap.
    static let powerpcDieReasons: [(String, CrashKind)] = [
        ("Kernel access of bad area", .pagingRequest), ("Exception in kernel mode", .bug),
        ("Machine check", .serror), ("Kernel bad stack", .stackOverflow),
    ]

    /// `Internal error: <reason>:` texts (arm64 die()).
    static let internalErrorReasons: [(String, CrashKind)] = [
        ("Oops - BUG", .bug),
        ("BUG", .bug),
        ("Oops - undefined instruction", .undefinedInstruction),
        ("undefined instruction", .undefinedInstruction),
        ("Oops - FPAC", .pointerAuthentication),
        ("Oops - PAC", .pointerAuthentication),
        ("synchronous external abort", .serror),
        ("Oops - SP/PC alignment exception", .alignment),
        ("SP/PC alignment exception", .alignment),
        ("Oops - bad mode", .serror),
        ("Oops - KASAN", .kasan),
        ("Oops - UBSAN", .ubsan),
        ("Oops - CFI", .bug),
        ("Oops - BTI", .executeNonExecutable),
        // 4.x's PAN fault (do_page_fault: `die("Accessing user space memory outside uaccess.h routines")`).
        ("Accessing user space memory", .userAccess),
        ("Oops - Undefined instruction", .undefinedInstruction),
    ]


    /// The class of report `r`, which opened with `format` (its row's ``KindRule``).
    public static func classify(_ r: inout Report, format: ReportFormat?) {
        guard let format else { r.kind = .unknown; return }
        switch format.row.kind {
        case .fixed(let k): r.kind = k
        case .computed(let f): r.kind = f(r)
        }
    }

    /// `Unable to handle kernel …` (arm64, arm) and x86's page faults.
    @Sendable static func faultKind(_ r: Report) -> CrashKind {
        let message = r.message
        let kind = phrase(in: message, faultPhrases) ?? .pagingRequest
        // Under PAN a NULL pointer plus offset reads as `access to user memory`, and fault.c
        // names a permission fault before it tests for the NULL page (`read from unreadable
        // memory`, 5.x): the same bug as the `NULL pointer dereference` other kernels print.
        if kind == .userAccess || message.includes("read from unreadable memory"),
           let a = r.fault?.address?.value, a < KernelConstants.nullPageLimit {
            return .nullPointerDereference
        }
        return kind
    }

    /// An instruction fetch x86 refused: through NULL (a call through a NULL function
    /// pointer), from a non-executable kernel page, or from user memory under SMEP.
    @Sendable static func fetchFaultKind(_ r: Report) -> CrashKind {
        if let a = r.fault?.address?.value, a < KernelConstants.nullPageLimit { return .nullPointerDereference }
        return r.message.includes("SMEP") ? .userAccess : .executeNonExecutable
    }

    /// x86's `Oops: 0010 [#1]` header with no headline above it: page_fault_oops() prints it
    /// (its number is the page fault's error code); the address, from `CR2:`'s summary line or
    /// the `#PF:` decoding, says which fault.
    @Sendable static func x86OopsKind(_ r: Report) -> CrashKind {
        guard let a = r.fault?.address?.value else { return .unknown }
        return a < KernelConstants.nullPageLimit ? .nullPointerDereference : .pagingRequest
    }

    @Sendable static func unhandledFaultKind(_ r: Report) -> CrashKind {
        phrase(in: r.message, unhandledFaultPhrases) ?? .pagingRequest
    }

    @Sendable static func swapperUserAddressKind(_ r: Report) -> CrashKind {
        (r.fault?.address?.value ?? 0) < KernelConstants.nullPageLimit ? .nullPointerDereference : .userAccess
    }

    /// The header's reason; a header cut before its ESR (`Internal error: Accessing user space
    /// memory outside uaccess.h` / …) still names it.
    @Sendable static func internalErrorKind(_ r: Report) -> CrashKind {
        let message = r.message
        let cut = message.hasPrefix("Internal error: ") ? String(message.dropFirst("Internal error: ".count)) : nil
        return (r.oops?.reason ?? cut).flatMap { reason in
            internalErrorReasons.first { reason == $0.0 || reason.hasPrefix($0.0) }?.1
        } ?? .unknown
    }

    @Sendable static func panicKind(_ r: Report) -> CrashKind {
        phrase(in: r.panic ?? r.message, panicPhrases) ?? .panic
    }

    @Sendable static func bugKind(_ r: Report) -> CrashKind {
        r.message.includes("soft lockup") ? .softLockup : r.message.includes("stack guard page") ? .stackOverflow : .bug
    }

    /// A trace pasted alone (``ReportStart/crashFrame``): its crash path says what it was only
    /// where it names the check (a fault's die() could be any fault: unknown).
    @Sendable static func headlessKind(_ r: Report) -> CrashKind {
        guard r.pc == nil else {
            // A register dump pasted without its headline: __warn() prints lockdep's irq trace
            // (`irq event stamp: 55940`) after the registers, die() never does.
            let warned = r.fault == nil && r.oops == nil && (r.rawLines ?? []).contains { $0.includes("irq event stamp: ") }
            return warned ? .warning : .unknown
        }
        let names = Set(r.trace.prefix(24).map(\.baseSymbol))
        return names.contains("__warn") || names.contains("warn_slowpath_common") ? .warning
            : names.contains("kasan_report") ? .kasan
            : names.contains("bug_handler") && names.contains("die") ? .bug
            : names.contains("arm64_serror_panic") ? .serror
            // x86's #GP handler under die_addr(): a general protection fault, as x86GPF's kind.
            : r.isHeadlessGeneralProtection ? .pagingRequest
            // warn_alloc() prints an allocation failure's (or stall's) headline, then this stack.
            : names.contains("warn_alloc") ? .outOfMemory
            : .unknown
    }

    static func phrase(in text: String, _ table: [(String, CrashKind)]) -> CrashKind? {
        table.first { text.includes($0.0) }?.1
    }
}

/// Whether a report reached its end: the SCHEMA's `truncated`.
public enum Completeness {
    static func isTruncated(_ r: Report, formats: [ReportFormat], endMarkerSeen: Bool, interrupted: Bool,
                            traceHeaders: Int) -> Bool {
        // A report whose head was cut off (``ReportStart/headless``) is incomplete by definition.
        if formats.first == .headless { return true }
        if formats.contains(where: { $0.row.endsWithEndTrace }) && !endMarkerSeen { return true }
        if formats.contains(where: { $0.row.printsTrace }) && r.trace.isEmpty { return true }
        return false
    }
}
