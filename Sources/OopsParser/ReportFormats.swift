import OopsCore

/// What the parser knows of one report format, in one row: its crash class, whether it always
/// prints a call trace and closes with `---[ end trace … ]---`, whether lock listings follow it,
/// which formats arriving while it is open continue it, and whether its repeats are one report.
/// The lines a format begins with are ``ReportStarts/table``'s rows; its titles ``TitleFormats``'.
struct FormatRow: Sendable {
    let kind: KindRule
    /// The format always prints a call trace (a report without one was cut).
    var printsTrace = false
    /// die() and __warn() formats close with `---[ end trace … ]---`.
    var endsWithEndTrace = false
    /// Lockdep, the hung-task detector, RCU and lockup reports list held locks under it
    /// (oopses and IOMMU faults never do).
    var listsLocks = false
    /// Formats that, starting while a report of this one is open, continue it instead of
    /// opening a new one (`Internal error:` after `Unable to handle kernel …`).
    var absorbs: Set<ReportFormat> = []
    /// Another start of the same format may be the same fault again (a storm of SMMU context
    /// faults is one report with a repeat count).
    var mergesRepeats = false
    /// The panic a detector raises after this format's report (``DetectorPanic``: hung_task_panic,
    /// softlockup_panic, panic_on_rcu_stall, 6.x panic_on_warn) prints a dump of its own:
    /// panic() skips dump_stack() only after die(). Once this report printed its trace, that
    /// panic is a report of its own (``ReportBuilder/isInterrupted(by:message:)``).
    var panicDumpsAgain = false
    /// That panic runs in another task than the one the report is about (khungtaskd, not the
    /// blocked task): its dump is never this report's trace, printed or not.
    var panicIsAnotherTasks = false
    /// Formats whose starts, while a report of this one is open, are its own lines and read as
    /// such, however often they come (SLUB's `INFO: Allocated in …` and `INFO: Freed in …`).
    var continuedBy: Set<ReportFormat> = []
}

/// How a format's crash class is found.
enum KindRule: Sendable {
    case fixed(CrashKind)
    /// From the report (its message, fault address, trace): ``KindClassifier``'s functions.
    case computed(@Sendable (Report) -> CrashKind)
}

/// The table of report formats: one row per ``ReportFormat``, written as an exhaustive switch
/// so that a new format cannot lack its row.
enum ReportFormats {
    /// Every report kind absorbs the panic that follows it (`panic_on_oops`, `panic_on_warn`,
    /// hung-task panic …): the oops and its `Kernel panic - not syncing:` are one report.
    static let panic: Set<ReportFormat> = [.kernelPanic]
    /// What follows a fault message: show_pte's line, die()'s header and the panic.
    static let faultTail: Set<ReportFormat> = [.internalError, .powerpcDie, .kernelPanic]
    /// What follows a BUG(): the die() header of each architecture and the panic.
    static let bugTail: Set<ReportFormat> = [.internalError, .x86InvalidOpcode, .riscvDie, .powerpcDie, .kernelPanic]
    /// die()'s headers: printed before the registers and the call trace, never after them.
    static let dieHeaders: Set<ReportFormat> = [.internalError, .x86Oops, .x86InvalidOpcode, .riscvDie, .powerpcDie]

    static func row(_ f: ReportFormat) -> FormatRow {
        switch f {
        case .unableToHandle:
            return FormatRow(kind: .computed(KindClassifier.faultKind), printsTrace: true,
                             absorbs: faultTail.union([.userAddressSwapper, .x86Oops]))
        case .debugException:
            // The die() header after it names the handler (`Internal error: BRK handler: …`).
            return FormatRow(kind: .computed(KindClassifier.internalErrorKind), printsTrace: true, endsWithEndTrace: true,
                             absorbs: [.internalError, .kernelPanic])
        case .memAbortInfo:
            // The fault's class is the ESR's (decoding settles it); the die() header follows.
            return FormatRow(kind: .fixed(.pagingRequest), printsTrace: true, absorbs: faultTail.union([.userAddressSwapper]))
        case .userAddressSwapper:
            return FormatRow(kind: .computed(KindClassifier.swapperUserAddressKind), printsTrace: true, absorbs: faultTail)
        case .stackOverflow:
            return FormatRow(kind: .fixed(.stackOverflow), printsTrace: true, absorbs: faultTail)
        case .internalError:
            return FormatRow(kind: .computed(KindClassifier.internalErrorKind), printsTrace: true, endsWithEndTrace: true, absorbs: panic)
        case .serror:
            return FormatRow(kind: .fixed(.serror), absorbs: faultTail)
        case .badMode:
            return FormatRow(kind: .computed { $0.message.includes("SError") ? .serror : .unknown }, absorbs: faultTail)
        case .unhandledFault:
            return FormatRow(kind: .computed(KindClassifier.unhandledFaultKind), printsTrace: true, absorbs: faultTail)
        case .listCorruption:
            // lib/list_debug.c prints the corruption, then BUG()s or WARNs.
            return FormatRow(kind: .fixed(.bug), absorbs: bugTail.union([.kernelBug, .warning]))
        case .kernelBug:
            return FormatRow(kind: .fixed(.bug), printsTrace: true, absorbs: bugTail)
        case .kernelPanic:
            return FormatRow(kind: .computed(KindClassifier.panicKind))
        case .kasan, .kfence, .kmsan:
            // 4.x KASAN printed a SLUB object's record with SLUB's own lines (object_err()).
            return FormatRow(kind: .fixed(.kasan), printsTrace: true, absorbs: panic, continuedBy: [.slubTrack])
        case .softLockup:
            return FormatRow(kind: .fixed(.softLockup), printsTrace: true, listsLocks: true, absorbs: panic, panicDumpsAgain: true)
        case .workqueueLockup:
            // It lists the busy workqueues, not a stack.
            return FormatRow(kind: .fixed(.softLockup), absorbs: panic)
        case .bug:
            // (syzkaller's kmemleak reports: `BUG: memory leak`, then the object's record.)
            return FormatRow(kind: .computed(KindClassifier.bugKind), printsTrace: true, listsLocks: true,
                             absorbs: panic.union([.kmemleak]))
        case .slub:
            return FormatRow(kind: .fixed(.bug), absorbs: panic, continuedBy: [.slubTrack])
        case .slubTrack:
            // Alone it says where an object was allocated or freed, not what went wrong.
            return FormatRow(kind: .fixed(.unknown))
        case .warning:
            return FormatRow(kind: .fixed(.warning), printsTrace: true, endsWithEndTrace: true, listsLocks: true, absorbs: panic,
                             panicDumpsAgain: true)
        case .ubsan:
            return FormatRow(kind: .fixed(.ubsan), printsTrace: true, absorbs: panic)
        case .hardLockup:
            return FormatRow(kind: .computed { $0.message.includes("soft lockup") ? .softLockup : .hardLockup },
                             printsTrace: true, listsLocks: true, absorbs: panic, panicDumpsAgain: true)
        case .rcuStall:
            return FormatRow(kind: .fixed(.rcuStall), printsTrace: true, listsLocks: true, absorbs: panic, panicDumpsAgain: true)
        case .hungTask:
            return FormatRow(kind: .fixed(.hungTask), printsTrace: true, listsLocks: true, absorbs: panic, panicDumpsAgain: true,
                             panicIsAnotherTasks: true)
        case .info:
            return FormatRow(kind: .fixed(.warning), printsTrace: true, listsLocks: true, absorbs: panic)
        case .oom:
            return FormatRow(kind: .fixed(.outOfMemory), absorbs: [.oomKill, .kernelPanic])
        case .oomKill:
            return FormatRow(kind: .fixed(.outOfMemory), absorbs: panic)
        case .ofNodePut:
            return FormatRow(kind: .fixed(.bug), absorbs: panic)
        case .irqFlagsMismatch:
            // A refused request_irq() panics nothing: a panic after it is another event's.
            return FormatRow(kind: .fixed(.unknown), printsTrace: true)
        case .kmemleak:
            return FormatRow(kind: .fixed(.bug))
        case .vfs:
            return FormatRow(kind: .fixed(.bug), absorbs: panic)
        case .unregisterNetdevice:
            return FormatRow(kind: .fixed(.unknown), absorbs: panic)
        case .allocWarning:
            // The Mem-Info and OOM lines after it are its own; an OOM kill that follows is not.
            return FormatRow(kind: .fixed(.outOfMemory), printsTrace: true, absorbs: panic)
        case .smmu:
            return FormatRow(kind: .fixed(.iommuFault), absorbs: [.smmuFSR, .kernelPanic], mergesRepeats: true)
        case .smmuFSR:
            return FormatRow(kind: .fixed(.iommuFault), absorbs: panic)
        case .swiotlbFull:
            return FormatRow(kind: .fixed(.dmaMappingFailure), absorbs: [.swiotlbCoherent])
        case .swiotlbCoherent:
            return FormatRow(kind: .fixed(.dmaMappingFailure))
        case .dmaDebug:
            return FormatRow(kind: .fixed(.warning), absorbs: [.warning, .kernelPanic])
        case .dmaDebugLine:
            // A pr_err() of its own: a WARNING after it is another report.
            return FormatRow(kind: .fixed(.warning))
        case .dmar, .amdVi, .iommuDriverFault:
            return FormatRow(kind: .fixed(.iommuFault), mergesRepeats: true)
        case .x86PageFault:
            return FormatRow(kind: .computed(KindClassifier.faultKind), printsTrace: true, absorbs: [.x86Oops, .kernelPanic])
        case .x86FetchFault:
            // The page fault's headline follows (and may be missing from a paste).
            return FormatRow(kind: .computed(KindClassifier.fetchFaultKind), printsTrace: true, absorbs: [.x86PageFault, .x86Oops, .kernelPanic])
        case .stackGuardPage:
            return FormatRow(kind: .fixed(.stackOverflow), printsTrace: true, absorbs: [.stackOverflow, .x86Trap, .kernelPanic])
        case .x86GPF:
            return FormatRow(kind: .fixed(.pagingRequest), printsTrace: true, endsWithEndTrace: true, absorbs: panic)
        case .x86InvalidOpcode:
            return FormatRow(kind: .fixed(.undefinedInstruction), printsTrace: true, endsWithEndTrace: true, absorbs: panic)
        case .x86Trap:
            return FormatRow(kind: .fixed(.unknown), printsTrace: true, endsWithEndTrace: true, absorbs: panic)
        case .x86Oops:
            // Leading only where an excerpt left the page fault's headline out.
            return FormatRow(kind: .computed(KindClassifier.x86OopsKind), printsTrace: true, endsWithEndTrace: true, absorbs: panic)
        case .riscvDie:
            return FormatRow(kind: .computed { KindClassifier.phrase(in: $0.message, KindClassifier.riscvDieReasons) ?? .unknown },
                             printsTrace: true, endsWithEndTrace: true, absorbs: panic)
        case .powerpcFault:
            return FormatRow(kind: .computed(KindClassifier.faultKind), printsTrace: true, absorbs: faultTail)
        case .powerpcDie:
            // Alone (its fault message cut off): only the reason says what it was.
            return FormatRow(kind: .computed { KindClassifier.phrase(in: $0.message, KindClassifier.powerpcDieReasons) ?? .unknown },
                             printsTrace: true, absorbs: panic)
        case .headless:
            // Its head was cut off, not its tail: the panic after its dump is its own.
            return FormatRow(kind: .computed(KindClassifier.headlessKind), absorbs: panic)
        case .reboot, .userCrash, .releaseBanner:
            return FormatRow(kind: .fixed(.unknown))
        case .mtkAEE:
            return FormatRow(kind: .fixed(.unknown), absorbs: panic)
        case .trustyPanic:
            return FormatRow(kind: .fixed(.panic), absorbs: [.warning, .kernelPanic])
        }
    }

    /// The rows, built once.
    static let rows: [ReportFormat: FormatRow] = Dictionary(uniqueKeysWithValues: ReportFormat.allCases.map { ($0, row($0)) })
}

extension ReportFormat {
    /// This format's row of ``ReportFormats``.
    var row: FormatRow { ReportFormats.rows[self] ?? ReportFormats.row(self) }
}
