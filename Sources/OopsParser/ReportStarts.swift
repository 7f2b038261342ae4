/// The table of ways a kernel report begins, each row naming its ``ReportFormat`` (whose other
/// facts are ``ReportFormats``' row). Order matters only where two rows share a literal prefix:
/// the more specific row comes first. Rows marked `interrupts: false` are lines that also
/// appear inside other reports (a panic, a trap line, a netdev wait); they begin a report only
/// when none is open.
public enum ReportStarts {
    /// Functions only the crash path runs (``ReportStart/crashFrame``): die() and its helpers
    /// (x86's die_addr() for a #GP and __die_body(), 5.8+), x86's page_fault_oops() (5.13+),
    /// WARN's __warn() (warn_slowpath_common() before 4.6), KASAN's report, arm64's fatal SError
    /// (arm64_serror_panic(), 4.16+).
    static let crashPathFrames = ["__die", "die", "__die_body", "die_addr", "page_fault_oops", "__warn", "warn_slowpath_common",
                                  "kasan_report", "arm64_serror_panic", "warn_alloc"]
    /// Those of them that prove a crash even as x86's unreliable `? f+0x…` frame (a return
    /// address left on the stack): only an oops calls them, and x86 kernels of about 6.1 to 6.9
    /// print them so at the top of an oops's trace (a task dump's line before them makes them
    /// stale, ``HeadlessGate``). A stale `? __warn` may be an earlier, reported WARN.
    static let staleCrashPathFrames = ["__die", "__die_body", "die_addr", "page_fault_oops"]

    public static let table: [ReportStart] = [
        // arm64 / arm fault messages (arch/arm64/mm/fault.c); show_pte's `[…] user address
        // but active_mm is swapper`, the `Internal error: Oops` and the panic after them belong
        // to the same report.
        ReportStart(.unableToHandle, "Unable to handle kernel", #"Unable to handle kernel(?: |\s*$)"#),
        // MIPS and LoongArch name the CPU first (`CPU 0 Unable to handle kernel paging request at
        // virtual address 0000000000000010, era == 9000000000274bd8, ra == …`).
        ReportStart(.unableToHandle, "CPU ", #"CPU \d+ Unable to handle kernel "#),
        // The abort's decode (`Mem abort info:`, its ESR and FAR lines, the page-table walk)
        // pasted without the headline above it: the oops still begins there.
        ReportStart(.memAbortInfo, "Mem abort info:", #"Mem abort info:\s*$"#, headless: true),
        // debug-monitors.c's brk_handler() / single_step_handler(): printed before die()'s header.
        ReportStart(.debugException, "Unexpected kernel ", #"Unexpected kernel (?:BRK|single-step) exception at EL1"#),
        // 4.x arm64: a kernel thread (active_mm = swapper) faulted on a user-range address.
        ReportStart(.userAddressSwapper, "[", #"\[[0-9a-fA-F]+\] user address but active_mm is swapper"#),
        // arm64 stack overflow (VMAP_STACK overflow handler).
        ReportStart(.stackOverflow, "Insufficient stack space to handle exception"),
        ReportStart(.internalError, "Internal error: ", interrupts: false),
        ReportStart(.serror, "SError Interrupt on CPU"),
        ReportStart(.badMode, "Bad mode in "),
        // ARMv7-M (no MMU): an exception with no handler, by its number (`Unhandled exception:
        // IPSR = 00000005 LR = fffffff1`: 3 HardFault, 4 MemManage, 5 BusFault, 6 UsageFault).
        ReportStart(.badMode, "Unhandled exception: IPSR = "),
        // arm (and arm64 4.x) faults without a handler: `Unhandled fault: page domain fault (0x81b) at 0x…`.
        ReportStart(.unhandledFault, "Unhandled fault", #"Unhandled fault:? "#),
        // arm64 4.11–4.17 do_sea(): `Synchronous External Abort: synchronous external abort
        // (0x96000050) at 0xffff00000f800000`, before `Internal error: : 96000050 [#1]`. It is
        // printed for user-mode aborts too (the task gets a SIGBUS): only an abort taken from
        // EL1 (ESR class 0x25 or 0x21: 0x94…–0x97…, 0x84…–0x87…) is a kernel report.
        ReportStart(.unhandledFault, "Synchronous External Abort: ", #"Synchronous External Abort: .+ \((?:0x)?(?:9[4-7]|8[4-7])[0-9a-fA-F]{6}\) at "#),
        // lib/list_debug.c prints the corruption, then BUG()s or WARNs.
        ReportStart(.listCorruption, "list_", #"list_(?:add|del)(?:_rcu)? corruption"#),
        ReportStart(.kernelBug, "kernel BUG at "),
        ReportStart(.kernelBug, "Kernel BUG at "),
        // RISC-V's die() (`Oops - illegal instruction [#1]`, `Oops - load access fault [#1]`;
        // after a BUG() `Kernel BUG [#1]`).
        ReportStart(.riscvDie, "Oops - ", #"Oops - [^\[\]]{3,60} \[#\d+\]"#),
        ReportStart(.riscvDie, "Kernel BUG [#"),
        // powerpc's fault messages (5.x+; ≤4.x's `Unable to handle kernel paging request for
        // data at address …` is the row above), and its die() header, which follows them or a
        // BUG() and opens a report only when its head was cut off.
        ReportStart(.powerpcFault, "BUG: Kernel NULL pointer dereference on "),
        ReportStart(.powerpcFault, "BUG: Unable to handle "),
        ReportStart(.powerpcDie, "Oops: ", PowerpcRules.die, interrupts: false),
        ReportStart(.kernelPanic, "Kernel panic - not syncing", interrupts: false),
        // Sanitizers and debug checkers print `BUG: <checker>:`.
        ReportStart(.kasan, "BUG: KASAN: "),
        ReportStart(.kfence, "BUG: KFENCE: "),
        ReportStart(.kmsan, "BUG: KMSAN: "),
        ReportStart(.softLockup, "watchdog: BUG: soft lockup"),
        ReportStart(.softLockup, "BUG: soft lockup"),
        // x86 page faults: the `Oops: 0000 [#1]` line follows the message.
        ReportStart(.x86PageFault, "BUG: unable to handle "),
        // show_fault_oops() names an instruction fetch before the headline.
        ReportStart(.x86FetchFault, "kernel tried to execute NX-protected page"),
        ReportStart(.x86FetchFault, "unable to execute userspace code (SMEP?)"),
        ReportStart(.x86PageFault, "BUG: kernel NULL pointer dereference"),
        // x86 VMAP_STACK: the guard page hit turns into a double fault, `kernel stack overflow`.
        ReportStart(.stackGuardPage, "BUG: ", #"BUG: .*stack guard page was hit"#),
        // kernel/workqueue.c's watchdog: a pool without progress; it lists the busy
        // workqueues, not a stack.
        ReportStart(.workqueueLockup, "BUG: workqueue lockup"),
        // (syzkaller's kmemleak reports: `BUG: memory leak`, then the object's record.)
        ReportStart(.bug, "BUG: ", unless: NotReports.bug),
        // SLUB debugging: `BUG kmalloc-64 (Not tainted): Poison overwritten`.
        ReportStart(.slub, "BUG ", #"BUG [^ ]+ \((?:Not tainted|Tainted)"#),
        ReportStart(.warning, "WARNING: ", unless: NotReports.warning),
        ReportStart(.ubsan, "UBSAN: "),
        ReportStart(.hardLockup, "NMI watchdog: ", #"NMI watchdog: (?:Watchdog detected hard LOCKUP|BUG: soft lockup)"#),
        ReportStart(.hardLockup, "watchdog: Watchdog detected hard LOCKUP"),
        ReportStart(.rcuStall, "rcu: INFO: ", #"rcu: INFO: \w+ (?:self-)?detected (?:stall|expedited stall)"#),
        ReportStart(.rcuStall, "INFO: rcu", #"INFO: rcu_\w+ (?:self-)?detected (?:stall|expedited stall)"#),
        // The task name may hold anything, a newline included (then the line ends after it).
        // A headline a mail client wrapped (`… blocked for more` / `than 122 seconds.`) still opens one.
        ReportStart(.hungTask, "INFO: task ", #"INFO: task (?:.* blocked (?:in I/O wait )?for(?: more(?: than)?)? *$|.* blocked (?:in I/O wait )?for more than|.* can't die for more than|[^ ]*$)"#),
        // Lockdep and RCU-lockdep; an `INFO:` cut short.
        ReportStart(.info, "INFO: ", #"INFO: (?:possible|trying to register non-static key|suspicious RCU usage|inconsistent lock state|\s*$)"#, unless: NotReports.info),
        ReportStart(.slubTrack, "INFO: ", #"INFO: (?:Freed|Allocated) in "#),
        ReportStart(.info, "INFO:", #"INFO:\s*$"#),
        // Lockdep before 4.15 boxed its headline: `[ BUG: bad unlock balance detected! ]`.
        ReportStart(.bug, "[ BUG: "),
        ReportStart(.info, "[ INFO: "),
        ReportStart(.warning, "[ WARNING: "),
        // The OOM killer often runs on another CPU while a report is printing: it does not cut it.
        ReportStart(.oom, " invoked oom-killer: ", anywhere: true, interrupts: false),
        ReportStart(.oomKill, "Out of memory", #"Out of memory(?: and no killable processes|: Kill(?:ed)? process| \(oom_kill_allocating_task\))"#, interrupts: false),
        // A memory cgroup over its limit (mm/oom_kill.c, 4.x: `Memory cgroup out of memory: Kill
        // process N (comm) score … or sacrifice child`; 5.x+ `… Killed process …`).
        ReportStart(.oomKill, "Memory cgroup out of memory: Kill", interrupts: false),
        // IOMMU translation faults reported for a device: not oopses, but reports (FM-6).
        ReportStart(.smmu, "arm-smmu", #"arm-smmu(?:-v3)? [^ :]+: (?:Unhandled context fault|Blocked unknown Stream ID|event 0x[0-9a-fA-F]+ received|Unexpected global fault)"#),
        // 6.x's decode line of a context fault, which a report holds under its headline; alone it
        // is a fault whose headline was rate-limited away (or left out of a paste).
        ReportStart(.smmuFSR, "arm-smmu", #"arm-smmu(?:-v3)? [^ :]+: FSR += [0-9a-fA-F]+ \["#),
        // swiotlb found no room for a bounce buffer: `<dev>: swiotlb buffer is full (sz: 294912
        // bytes), total 32768 (slots), used 0 (slots)`; 2.6/3.x: `DMA: Out of SW-IOMMU space for
        // 16384 bytes at device 08:00.0`.
        ReportStart(.swiotlbFull, "swiotlb buffer is full", anywhere: true),
        ReportStart(.swiotlbFull, "DMA: Out of SW-IOMMU space for "),
        // 4.x's coherent allocation that swiotlb could not serve either, then a stack dump; right
        // after the device's 'swiotlb buffer is full' it is that failure's consequence.
        ReportStart(.swiotlbCoherent, "swiotlb: coherent allocation failed for device "),
        // dma-debug's finding (`DMA-API: nvme 0000:85:00.0: device driver tries to free DMA
        // memory it has not allocated [device address=…]`; before 4.x the device comes first),
        // quoted without its WARNING line.
        ReportStart(.dmaDebug, "DMA-API: ", #"DMA-API: (?:\S+ \S+: )?device driver "#, anywhere: true, headless: true, warnMessage: true,
                    unless: NotReports.dmaDebug),
        // Its cacheline checks printed as a line of their own, no WARN after them (`cacheline
        // tracking EEXIST, overlapping mappings aren't supported` before 5.14, which then made
        // it a WARN naming the device; `exceeded 7 overlapping mappings of cacheline 0x…`).
        ReportStart(.dmaDebugLine, "DMA-API: ", #"DMA-API: (?:cacheline tracking EEXIST|exceeded \d+ overlapping mappings of cacheline)"#,
                    anywhere: true, headless: true, warnMessage: true, unless: NotReports.dmaDebug),
        ReportStart(.dmar, "DMAR: ", #"DMAR: (?:\[(?:DMA|INTR)[^\]]*\]|DRHD: handling fault)"#),
        ReportStart(.amdVi, "AMD-Vi: Event logged", anywhere: true),
        // 5.x+ prints the event through dev_err() on the faulting device, without `AMD-Vi:`
        // (`amdgpu 0000:05:00.0: Event logged [IO_PAGE_FAULT domain=0x0000 address=0x… …]`).
        ReportStart(.amdVi, "Event logged [IO_PAGE_FAULT", #"\S+ [0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]: Event logged \[IO_PAGE_FAULT"#,
                    anywhere: true),
        // x86 oopses that carry their own `[#N]` header.
        ReportStart(.x86GPF, "general protection fault", unless: NotReports.generalProtectionFault),
        // Printed when the #GP error code names a segment selector.
        ReportStart(.x86GPF, "segment-related general protection fault"),
        // Old KASAN printed its guess about a GPF without a newline; the die() header runs on.
        ReportStart(.x86GPF, "kasan: GPF could be caused by NULL-ptr deref or user memory accessgeneral protection fault"),
        // 6.x prefixes every die() header with `Oops: `.
        ReportStart(.x86GPF, "Oops: general protection fault"),
        ReportStart(.x86GPF, "Oops: segment-related general protection fault"),
        ReportStart(.x86InvalidOpcode, "Oops: invalid opcode: ", interrupts: false),
        ReportStart(.x86Trap, "Oops: ", #"Oops: (?:int3|divide error|stack segment): "#),
        // 6.x names the page fault's die() string too: `Oops: Oops: 0000 [#1]`.
        ReportStart(.x86Oops, "Oops: ", #"Oops: (?:Oops: )?(?:0x)?[0-9a-fA-F]+ \[#\d+\]"#),
        ReportStart(.x86InvalidOpcode, "invalid opcode: ", #"invalid opcode: [0-9a-f]+ \[#\d+\]"#, interrupts: false),
        ReportStart(.x86Trap, "divide error: "),
        // The same, misspelt by some kernels (the x86 IDTENTRY conversion).
        ReportStart(.x86Trap, "divide_error: "),
        ReportStart(.x86Trap, "PANIC: double fault", interrupts: false),
        ReportStart(.x86Trap, "stack segment: "),
        ReportStart(.x86Trap, "int3: "),
        ReportStart(.x86Trap, "double fault: ", interrupts: false),
        ReportStart(.x86Trap, "traps: PANIC: double fault", interrupts: false),
        ReportStart(.stackOverflow, "kernel stack overflow"),
        ReportStart(.unregisterNetdevice, "unregister_netdevice: waiting for ", interrupts: false),
        // mm/page_alloc.c's warn_alloc(): an allocation that failed or stalled in reclaim
        // (`kworker/0:1: page allocation failure: order:5, mode:0x40cc0(…)`), then a stack. Often
        // printed from another CPU while a report is printing: it does not cut that report.
        ReportStart(.allocWarning, "page allocation ", #"\S+: page allocation (?:failure: order:|stalls for \d+ms, order:)"#,
                    anywhere: true, interrupts: false),
        // drivers/of/dynamic.c's refcount check: `OF: ERROR: Bad of_node_put() on /path`, then a stack.
        ReportStart(.ofNodePut, "OF: ERROR: Bad of_node_put()"),
        // kernel/irq/manage.c: a shared IRQ requested with mismatching flags, then dump_stack().
        ReportStart(.irqFlagsMismatch, "genirq: Flags mismatch irq "),
        // kmemleak's record of a leaked object, as `cat /sys/kernel/debug/kmemleak` shows it.
        ReportStart(.kmemleak, "unreferenced object 0x", #"unreferenced object 0x[0-9a-fA-F]+ \(size \d+\):"#),
        // Old VFS sanity checks that print a line and no stack.
        ReportStart(.vfs, "VFS: Close: file count is 0"),
        ReportStart(.vfs, "VFS: Busy inodes after unmount"),
        // The machine rebooted without a report: the firmware's boot banner reappears.
        ReportStart(.reboot, "Booting the kernel", unless: NotReports.reboot),
        // Crashes of programs that share the console with the kernel (a fuzzer's executor, a Go
        // runtime): reported so that every crash on a console is accounted for.
        ReportStart(.userCrash, "SYZFAIL:"),
        ReportStart(.userCrash, "SYZFATAL:"),
        ReportStart(.userCrash, "fatal error: ", unless: NotReports.fatalError),
        ReportStart(.userCrash, "panic: ", unless: NotReports.panic),
        // A report pasted from its register dump on, its head cut off (``ReportStart/headless``).
        ReportStart(.headless, "pc : ", #"pc : [^\s+\[]+\+0x[0-9a-fA-F]+/0x"#, headless: true),
        ReportStart(.headless, "RIP: 0010:", #"RIP: 0010:[^\s+\[]+\+0x[0-9a-fA-F]+/0x"#, headless: true),
        // A trace pasted alone whose frames prove the crash (``ReportStart/crashFrame``): the
        // kernel's die(), WARN's __warn(), KASAN's report; bare or after `[<address>]`.
    ] + crashPathFrames.map { f in
        ReportStart(.headless, f + "+0x", f + #"\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+\s*$"#, crashFrame: true)
    } + [
        ReportStart(.headless, "[<", #"\[<[0-9a-fA-F]+>\] (?:"# + crashPathFrames.joined(separator: "|") + #")\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+\s*$"#,
                    crashFrame: true),
        ReportStart(.headless, "? ", #"\? (?:"# + staleCrashPathFrames.joined(separator: "|") + #")(?:\.cold)?\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+\s*$"#,
                    crashFrame: true),
        // MediaTek's AEE (Android exception engine) summary of a kernel exception, as its tools
        // show it: `Exception Class: Kernel (KE)`, `PC is at [<…>] sym`, `Backtrace:`.
        ReportStart(.mtkAEE, "Exception Class: Kernel (KE)"),
        // A boot's banner: the release of the reports after it, opens none.
        ReportStart(.releaseBanner, "Linux version ", releaseBanner: true),
        // Trusty, the TEE beside the kernel, panicking (its log is relayed to the console).
        ReportStart(.trustyPanic, "trusty: panic"),
        // Other IOMMU drivers' fault lines: a row each in ``IOMMUDriverFault``.
    ] + IOMMUDriverFault.starts

    public static let detector = ReportStartDetector(table)
}
