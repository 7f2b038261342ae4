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

    /// `Internal error: <reason>:` texts (arm64 die()).
    /// RISC-V's die() reasons (arch/riscv/kernel/traps.c): an access fault is the bus or PMP
    /// refusing a physical access, as an external abort is on arm64.
    static let riscvDieReasons: [(String, CrashKind)] = [
        ("Kernel BUG", .bug), ("illegal instruction", .undefinedInstruction), ("misaligned", .alignment),
        ("access fault", .serror),
    ]

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

    static let nullPageLimit = KernelConstants.nullPageLimit

    /// Kinds that follow from the opening format alone.
    static let byFormat: [String: CrashKind] = [
        "stack-overflow": .stackOverflow, "serror": .serror, "list-corruption": .bug,
        "kernel-bug": .bug, "kasan": .kasan, "kfence": .kasan, "kmsan": .kasan,
        "soft-lockup": .softLockup, "workqueue-lockup": .softLockup, "slub": .bug, "warning": .warning, "ubsan": .ubsan,
        "rcu-stall": .rcuStall, "hung-task": .hungTask, "info": .warning, "oom": .outOfMemory,
        "oom-kill": .outOfMemory, "smmu": .iommuFault, "smmu-fsr": .iommuFault, "swiotlb-full": .dmaMappingFailure, "swiotlb-coherent": .dmaMappingFailure, "dma-debug": .warning, "of-node-put": .bug, "kmemleak": .bug, "dmar": .iommuFault, "amd-vi": .iommuFault,
        "x86-gpf": .pagingRequest, "vfs": .bug, "stack-guard-page": .stackOverflow, "trusty-panic": .panic,
    ]

    public static func classify(_ r: inout Report, formats: [String]) {
        let first = formats.first ?? ""
        let message = r.message
        switch first {
        case "unable-to-handle", "x86-page-fault":
            r.kind = phrase(in: message, faultPhrases) ?? .pagingRequest
            // Under PAN a NULL pointer plus offset reads as `access to user memory`, and fault.c
            // names a permission fault before it tests for the NULL page (`read from unreadable
            // memory`, 5.x): the same bug as the `NULL pointer dereference` other kernels print.
            if r.kind == .userAccess || message.includes("read from unreadable memory"),
               let a = r.fault?.address?.value, a < nullPageLimit {
                r.kind = .nullPointerDereference
            }
        case "unhandled-fault":
            r.kind = phrase(in: message, unhandledFaultPhrases) ?? .pagingRequest
        case "user-address-swapper":
            let addr = r.fault?.address?.value ?? 0
            r.kind = addr < nullPageLimit ? .nullPointerDereference : .userAccess
        case "internal-error":
            // The header's reason; a header cut before its ESR (`Internal error: Accessing user
            // space memory outside uaccess.h` / …) still names it.
            let cut = message.hasPrefix("Internal error: ") ? String(message.dropFirst("Internal error: ".count)) : nil
            r.kind = (r.oops?.reason ?? cut).flatMap { reason in
                internalErrorReasons.first { reason == $0.0 || reason.hasPrefix($0.0) }?.1
            } ?? .unknown
        case "kernel-panic":
            r.kind = phrase(in: r.panic ?? message, panicPhrases) ?? .panic
        case "bad-mode":
            r.kind = message.includes("SError") ? .serror : .unknown
        case "hard-lockup":
            r.kind = message.includes("soft lockup") ? .softLockup : .hardLockup
        case "bug":
            r.kind = message.includes("soft lockup") ? .softLockup
                : message.includes("stack guard page") ? .stackOverflow
                : .bug
        case "x86-invalid-opcode":
            r.kind = .undefinedInstruction
        case "riscv-die":
            r.kind = phrase(in: message, riscvDieReasons) ?? .unknown
        // A trace pasted alone (``ReportStart/crashFrame``): its crash path says what it was
        // only where it names the check (a fault's die() could be any fault: unknown).
        case "headless" where r.pc == nil:
            let names = Set(r.trace.prefix(24).map(\.baseSymbol))
            r.kind = names.contains("__warn") ? .warning
                : names.contains("kasan_report") ? .kasan
                : names.contains("bug_handler") && names.contains("die") ? .bug
                : .unknown
        default:
            r.kind = byFormat[first] ?? .unknown
        }
    }

    static func phrase(in text: String, _ table: [(String, CrashKind)]) -> CrashKind? {
        table.first { text.includes($0.0) }?.1
    }
}

/// Whether a report reached its end: the SCHEMA's `truncated`.
public enum Completeness {
    /// Formats printed by die()/__warn(), which always close with `---[ end trace … ]---`.
    static let endsWithEndTrace: Set<String> = [
        "internal-error", "x86-oops", "x86-gpf", "warning", "x86-invalid-opcode", "x86-trap", "riscv-die",
    ]
    /// Formats that always print a call trace.
    static let printsTrace: Set<String> = [
        "unable-to-handle", "user-address-swapper", "internal-error", "kernel-bug", "warning", "unhandled-fault",
        "stack-guard-page",
        "kasan", "kfence", "kmsan", "soft-lockup", "x86-page-fault", "x86-gpf", "x86-oops",
        "ubsan", "hung-task", "bug", "hard-lockup", "stack-overflow", "rcu-stall", "info", "x86-trap",
        "x86-invalid-opcode", "riscv-die",
    ]
    static func isTruncated(_ r: Report, formats: [String], endMarkerSeen: Bool, interrupted: Bool,
                            traceHeaders: Int) -> Bool {
        let set = Set(formats)
        // A report whose head was cut off (``ReportStart/headless``) is incomplete by definition.
        if formats.first == "headless" { return true }
        if !set.isDisjoint(with: endsWithEndTrace) && !endMarkerSeen { return true }
        if !set.isDisjoint(with: printsTrace) && r.trace.isEmpty { return true }
        return false
    }
}
