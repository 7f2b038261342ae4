/// How a report began: the typed id of a row of the parser's format table
/// (`OopsParser.ReportFormats`), written as its raw value in JSON (`"format": "amd-vi"`). One
/// format may begin with several lines (`kernel BUG at` and `Kernel BUG at`).
public enum ReportFormat: String, Codable, Sendable, Hashable, CaseIterable {
    // arm64 and arm: fault.c's messages and die()'s header.
    case unableToHandle = "unable-to-handle"
    case userAddressSwapper = "user-address-swapper"
    case stackOverflow = "stack-overflow"
    case internalError = "internal-error"
    case serror
    case badMode = "bad-mode"
    case unhandledFault = "unhandled-fault"
    /// arm64's `Mem abort info:` block pasted without the `Unable to handle …` line above it.
    case memAbortInfo = "mem-abort-info"
    /// arm64's `Unexpected kernel BRK exception at EL1` (or single-step): a debug exception no
    /// hook claimed (a compiler's trap, `brk #0x1` / `#0x3e8`), the line before its die() header.
    case debugException = "debug-exception"
    // BUG(), checkers and sanitizers.
    case listCorruption = "list-corruption"
    case kernelBug = "kernel-bug"
    case kernelPanic = "kernel-panic"
    case kasan, kfence, kmsan
    case softLockup = "soft-lockup"
    case workqueueLockup = "workqueue-lockup"
    case bug
    case slub
    /// SLUB's object track (`INFO: Allocated in f+0x58/0x100 age=1 cpu=0 pid=503`, `INFO: Freed
    /// in …`, 4.x–5.x): a line of the `slub` report open above it; a report of its own only where
    /// that report's head was lost (a log that dropped printk messages).
    case slubTrack = "slub-track"
    case warning
    case ubsan
    case hardLockup = "hard-lockup"
    case rcuStall = "rcu-stall"
    case hungTask = "hung-task"
    case info
    case oom
    case oomKill = "oom-kill"
    case ofNodePut = "of-node-put"
    /// genirq's `Flags mismatch irq 4. 00200000 (new) vs. 00200000 (old)` (kernel/irq/manage.c
    /// __setup_irq()): a driver requested a shared IRQ with flags its holder's do not match; a
    /// stack follows. Kind `unknown`: the record names no cause of its own.
    case irqFlagsMismatch = "irq-flags-mismatch"
    case kmemleak
    case vfs
    case unregisterNetdevice = "unregister-netdevice"
    case allocWarning = "alloc-warning"
    // The DMA-mapping layer and IOMMUs.
    case smmu
    case smmuFSR = "smmu-fsr"
    case swiotlbFull = "swiotlb-full"
    case swiotlbCoherent = "swiotlb-coherent"
    case dmaDebug = "dma-debug"
    case dmaDebugLine = "dma-debug-line"
    case dmar
    case amdVi = "amd-vi"
    /// Another IOMMU driver's fault line (rockchip, mediatek, ipmmu-vmsa, exynos, …).
    case iommuDriverFault = "iommu-driver-fault"
    // x86's die() headers and page faults.
    case x86PageFault = "x86-page-fault"
    /// The line x86 prints before a page fault's headline when the CPU fetched an instruction
    /// (`kernel tried to execute NX-protected page …`, `unable to execute userspace code (SMEP?)`).
    case x86FetchFault = "x86-fetch-fault"
    case stackGuardPage = "stack-guard-page"
    case x86GPF = "x86-gpf"
    case x86InvalidOpcode = "x86-invalid-opcode"
    case x86Trap = "x86-trap"
    case x86Oops = "x86-oops"
    // RISC-V's die().
    case riscvDie = "riscv-die"
    // powerpc's fault messages (`BUG: Kernel NULL pointer dereference on read at 0x…`) and die().
    case powerpcFault = "powerpc-fault"
    case powerpcDie = "powerpc-die"
    // A report whose head was cut off: it begins at a register dump or a crash-path frame.
    case headless
    // Not the kernel's own reports, or not reports.
    case reboot
    case userCrash = "user-crash"
    case mtkAEE = "mtk-aee"
    case trustyPanic = "trusty-panic"
    case releaseBanner = "release-banner"
}
