/// The table of ways a kernel report begins. Order matters only where two rows share a
/// literal prefix: the more specific row comes first. Rows marked `interrupts: false` are
/// lines that also appear inside other reports (a panic, a trap line, a netdev wait); they
/// begin a report only when none is open.
public enum ReportStarts {
    /// Every report kind absorbs the panic that follows it (`panic_on_oops`, `panic_on_warn`,
    /// hung-task panic …): the oops and its `Kernel panic - not syncing:` are one report.
    static let panic: Set<String> = ["kernel-panic"]

    /// Functions only the crash path runs (``ReportStart/crashFrame``): die() and its helper,
    /// WARN's __warn(), KASAN's report.
    static let crashPathFrames = ["__die", "die", "__warn", "kasan_report"]

    public static let table: [ReportStart] = [
        // arm64 / arm fault messages (arch/arm64/mm/fault.c); show_pte's `[…] user address
        // but active_mm is swapper`, the `Internal error: Oops` and the panic after them belong
        // to the same report.
        ReportStart("unable-to-handle", "Unable to handle kernel ",
                    absorbs: ["user-address-swapper", "internal-error", "kernel-panic", "x86-oops"]),
        // 4.x arm64: a kernel thread (active_mm = swapper) faulted on a user-range address.
        ReportStart("user-address-swapper", "[", #"\[[0-9a-fA-F]+\] user address but active_mm is swapper"#,
                    absorbs: ["internal-error", "kernel-panic"]),
        // arm64 stack overflow (VMAP_STACK overflow handler).
        ReportStart("stack-overflow", "Insufficient stack space to handle exception",
                    absorbs: ["internal-error", "kernel-panic"]),
        ReportStart("internal-error", "Internal error: ", absorbs: panic, interrupts: false),
        ReportStart("serror", "SError Interrupt on CPU", absorbs: ["internal-error", "kernel-panic"]),
        ReportStart("bad-mode", "Bad mode in ", absorbs: ["internal-error", "kernel-panic"]),
        // arm (and arm64 4.x) faults without a handler: `Unhandled fault: page domain fault (0x81b) at 0x…`.
        ReportStart("unhandled-fault", "Unhandled fault", #"Unhandled fault:? "#, absorbs: ["internal-error", "kernel-panic"]),
        // lib/list_debug.c prints the corruption, then BUG()s or WARNs.
        ReportStart("list-corruption", "list_", #"list_(?:add|del)(?:_rcu)? corruption"#,
                    absorbs: ["kernel-bug", "warning", "internal-error", "x86-invalid-opcode", "kernel-panic"]),
        ReportStart("kernel-bug", "kernel BUG at ",
                    absorbs: ["internal-error", "x86-invalid-opcode", "riscv-die", "kernel-panic"]),
        ReportStart("kernel-bug", "Kernel BUG at ",
                    absorbs: ["internal-error", "x86-invalid-opcode", "riscv-die", "kernel-panic"]),
        // RISC-V's die() (`Oops - illegal instruction [#1]`, `Oops - load access fault [#1]`;
        // after a BUG() `Kernel BUG [#1]`).
        ReportStart("riscv-die", "Oops - ", #"Oops - [^\[\]]{3,60} \[#\d+\]"#, absorbs: panic),
        ReportStart("riscv-die", "Kernel BUG [#", absorbs: panic),
        ReportStart("kernel-panic", "Kernel panic - not syncing", interrupts: false),
        // Sanitizers and debug checkers print `BUG: <checker>:`.
        ReportStart("kasan", "BUG: KASAN: ", absorbs: panic),
        ReportStart("kfence", "BUG: KFENCE: ", absorbs: panic),
        ReportStart("kmsan", "BUG: KMSAN: ", absorbs: panic),
        ReportStart("soft-lockup", "watchdog: BUG: soft lockup", absorbs: panic),
        ReportStart("soft-lockup", "BUG: soft lockup", absorbs: panic),
        // x86 page faults: the `Oops: 0000 [#1]` line follows the message.
        ReportStart("x86-page-fault", "BUG: unable to handle ", absorbs: ["x86-oops", "kernel-panic"]),
        ReportStart("x86-page-fault", "BUG: kernel NULL pointer dereference", absorbs: ["x86-oops", "kernel-panic"]),
        // x86 VMAP_STACK: the guard page hit turns into a double fault, `kernel stack overflow`.
        ReportStart("stack-guard-page", "BUG: ", #"BUG: .*stack guard page was hit"#,
                    absorbs: ["stack-overflow", "x86-trap", "kernel-panic"]),
        // kernel/workqueue.c's watchdog: a pool without progress; it lists the busy
        // workqueues, not a stack.
        ReportStart("workqueue-lockup", "BUG: workqueue lockup", absorbs: panic),
        // (syzkaller's kmemleak reports: `BUG: memory leak`, then the object's record.)
        ReportStart("bug", "BUG: ", absorbs: panic.union(["kmemleak"]), unless: NotReports.bug),
        // SLUB debugging: `BUG kmalloc-64 (Not tainted): Poison overwritten`.
        ReportStart("slub", "BUG ", #"BUG [^ ]+ \((?:Not tainted|Tainted)"#, absorbs: panic),
        ReportStart("warning", "WARNING: ", absorbs: panic, unless: NotReports.warning),
        ReportStart("ubsan", "UBSAN: ", absorbs: panic),
        ReportStart("hard-lockup", "NMI watchdog: ", #"NMI watchdog: (?:Watchdog detected hard LOCKUP|BUG: soft lockup)"#, absorbs: panic),
        ReportStart("hard-lockup", "watchdog: Watchdog detected hard LOCKUP", absorbs: panic),
        ReportStart("rcu-stall", "rcu: INFO: ", #"rcu: INFO: \w+ (?:self-)?detected (?:stall|expedited stall)"#, absorbs: panic),
        ReportStart("rcu-stall", "INFO: rcu", #"INFO: rcu_\w+ (?:self-)?detected (?:stall|expedited stall)"#, absorbs: panic),
        // The task name may hold anything, a newline included (then the line ends after it).
        // A headline a mail client wrapped (`… blocked for more` / `than 122 seconds.`) still opens one.
        ReportStart("hung-task", "INFO: task ", #"INFO: task (?:.* blocked (?:in I/O wait )?for(?: more(?: than)?)? *$|.* blocked (?:in I/O wait )?for more than|.* can't die for more than|[^ ]*$)"#, absorbs: panic),
        // Lockdep and RCU-lockdep; old SLUB/KASAN `INFO: Freed in …`; an `INFO:` cut short.
        ReportStart("info", "INFO: ", #"INFO: (?:possible|trying to register non-static key|suspicious RCU usage|inconsistent lock state|(?:Freed|Allocated) in |\s*$)"#, absorbs: panic, unless: NotReports.info),
        ReportStart("info", "INFO:", #"INFO:\s*$"#, absorbs: panic),
        // Lockdep before 4.15 boxed its headline: `[ BUG: bad unlock balance detected! ]`.
        ReportStart("bug", "[ BUG: ", absorbs: panic),
        ReportStart("info", "[ INFO: ", absorbs: panic),
        ReportStart("warning", "[ WARNING: ", absorbs: panic),
        // The OOM killer often runs on another CPU while a report is printing: it does not cut it.
        ReportStart("oom", " invoked oom-killer: ", anywhere: true, absorbs: ["oom-kill", "kernel-panic"], interrupts: false),
        ReportStart("oom-kill", "Out of memory", #"Out of memory(?: and no killable processes|: Kill(?:ed)? process| \(oom_kill_allocating_task\))"#,
                    absorbs: panic, interrupts: false),
        // IOMMU translation faults reported for a device: not oopses, but reports (FM-6).
        ReportStart("smmu", "arm-smmu", #"arm-smmu(?:-v3)? [^ :]+: (?:Unhandled context fault|Blocked unknown Stream ID|event 0x[0-9a-fA-F]+ received|Unexpected global fault)"#,
                    absorbs: ["smmu-fsr", "kernel-panic"], mergesRepeats: true),
        // 6.x's decode line of a context fault, which a report holds under its headline; alone it
        // is a fault whose headline was rate-limited away (or left out of a paste).
        ReportStart("smmu-fsr", "arm-smmu", #"arm-smmu(?:-v3)? [^ :]+: FSR += [0-9a-fA-F]+ \["#, absorbs: ["kernel-panic"]),
        // swiotlb found no room for a bounce buffer: `<dev>: swiotlb buffer is full (sz: 294912
        // bytes), total 32768 (slots), used 0 (slots)`; 2.6/3.x: `DMA: Out of SW-IOMMU space for
        // 16384 bytes at device 08:00.0`.
        ReportStart("swiotlb-full", "swiotlb buffer is full", anywhere: true, absorbs: ["swiotlb-coherent"]),
        ReportStart("swiotlb-full", "DMA: Out of SW-IOMMU space for "),
        // 4.x's coherent allocation that swiotlb could not serve either, then a stack dump; right
        // after the device's 'swiotlb buffer is full' it is that failure's consequence.
        ReportStart("swiotlb-coherent", "swiotlb: coherent allocation failed for device "),
        // dma-debug's finding (`DMA-API: nvme 0000:85:00.0: device driver tries to free DMA
        // memory it has not allocated [device address=…]`; before 4.x the device comes first),
        // quoted without its WARNING line.
        ReportStart("dma-debug", "DMA-API: ", #"DMA-API: (?:\S+ \S+: )?device driver "#, anywhere: true,
                    absorbs: ["warning", "kernel-panic"], headless: true, warnMessage: true),
        ReportStart("dmar", "DMAR: ", #"DMAR: (?:\[(?:DMA|INTR)[^\]]*\]|DRHD: handling fault)"#, mergesRepeats: true),
        ReportStart("amd-vi", "AMD-Vi: Event logged", anywhere: true, mergesRepeats: true),
        // 5.x+ prints the event through dev_err() on the faulting device, without `AMD-Vi:`
        // (`amdgpu 0000:05:00.0: Event logged [IO_PAGE_FAULT domain=0x0000 address=0x… …]`).
        ReportStart("amd-vi", "Event logged [IO_PAGE_FAULT", #"\S+ [0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]: Event logged \[IO_PAGE_FAULT"#,
                    anywhere: true, mergesRepeats: true),
        // x86 oopses that carry their own `[#N]` header.
        ReportStart("x86-gpf", "general protection fault", absorbs: panic, unless: NotReports.generalProtectionFault),
        // Printed when the #GP error code names a segment selector.
        ReportStart("x86-gpf", "segment-related general protection fault", absorbs: panic),
        // Old KASAN printed its guess about a GPF without a newline; the die() header runs on.
        ReportStart("x86-gpf", "kasan: GPF could be caused by NULL-ptr deref or user memory accessgeneral protection fault", absorbs: panic),
        // 6.x prefixes every die() header with `Oops: `.
        ReportStart("x86-gpf", "Oops: general protection fault", absorbs: panic),
        ReportStart("x86-gpf", "Oops: segment-related general protection fault", absorbs: panic),
        ReportStart("x86-invalid-opcode", "Oops: invalid opcode: ", absorbs: panic, interrupts: false),
        ReportStart("x86-trap", "Oops: ", #"Oops: (?:int3|divide error|stack segment): "#, absorbs: panic),
        ReportStart("x86-oops", "Oops: ", #"Oops: (?:0x)?[0-9a-fA-F]+ \[#\d+\]"#, absorbs: panic),
        ReportStart("x86-invalid-opcode", "invalid opcode: ", #"invalid opcode: [0-9a-f]+ \[#\d+\]"#, absorbs: panic, interrupts: false),
        ReportStart("x86-trap", "divide error: ", absorbs: panic),
        // The same, misspelt by some kernels (the x86 IDTENTRY conversion).
        ReportStart("x86-trap", "divide_error: ", absorbs: panic),
        ReportStart("x86-trap", "PANIC: double fault", absorbs: panic, interrupts: false),
        ReportStart("x86-trap", "stack segment: ", absorbs: panic),
        ReportStart("x86-trap", "int3: ", absorbs: panic),
        ReportStart("x86-trap", "double fault: ", absorbs: panic, interrupts: false),
        ReportStart("x86-trap", "traps: PANIC: double fault", absorbs: panic, interrupts: false),
        ReportStart("stack-overflow", "kernel stack overflow", absorbs: panic),
        ReportStart("unregister-netdevice", "unregister_netdevice: waiting for ", absorbs: panic, interrupts: false),
        // drivers/of/dynamic.c's refcount check: `OF: ERROR: Bad of_node_put() on /path`, then a stack.
        ReportStart("of-node-put", "OF: ERROR: Bad of_node_put()", absorbs: panic),
        // kmemleak's record of a leaked object, as `cat /sys/kernel/debug/kmemleak` shows it.
        ReportStart("kmemleak", "unreferenced object 0x", #"unreferenced object 0x[0-9a-fA-F]+ \(size \d+\):"#),
        // Old VFS sanity checks that print a line and no stack.
        ReportStart("vfs", "VFS: Close: file count is 0", absorbs: panic),
        ReportStart("vfs", "VFS: Busy inodes after unmount", absorbs: panic),
        // The machine rebooted without a report: the firmware's boot banner reappears.
        ReportStart("reboot", "Booting the kernel", unless: NotReports.reboot),
        // Crashes of programs that share the console with the kernel (a fuzzer's executor, a Go
        // runtime): reported so that every crash on a console is accounted for.
        ReportStart("user-crash", "SYZFAIL:"),
        ReportStart("user-crash", "SYZFATAL:"),
        ReportStart("user-crash", "fatal error: ", unless: NotReports.fatalError),
        ReportStart("user-crash", "panic: ", unless: NotReports.panic),
        // A report pasted from its register dump on, its head cut off (``ReportStart/headless``).
        ReportStart("headless", "pc : ", #"pc : [^\s+\[]+\+0x[0-9a-fA-F]+/0x"#, headless: true),
        ReportStart("headless", "RIP: 0010:", #"RIP: 0010:[^\s+\[]+\+0x[0-9a-fA-F]+/0x"#, headless: true),
        // A trace pasted alone whose frames prove the crash (``ReportStart/crashFrame``): the
        // kernel's die(), WARN's __warn(), KASAN's report; bare or after `[<address>]`.
    ] + crashPathFrames.map { f in
        ReportStart("headless", f + "+0x", f + #"\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+\s*$"#, crashFrame: true)
    } + [
        ReportStart("headless", "[<", #"\[<[0-9a-fA-F]+>\] (?:"# + crashPathFrames.joined(separator: "|") + #")\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+\s*$"#,
                    crashFrame: true),
        // MediaTek's AEE (Android exception engine) summary of a kernel exception, as its tools
        // show it: `Exception Class: Kernel (KE)`, `PC is at [<…>] sym`, `Backtrace:`.
        ReportStart("mtk-aee", "Exception Class: Kernel (KE)", absorbs: panic),
        // A boot's banner: the release of the reports after it, opens none.
        ReportStart("release-banner", "Linux version ", releaseBanner: true),
        // Trusty, the TEE beside the kernel, panicking (its log is relayed to the console).
        ReportStart("trusty-panic", "trusty: panic", absorbs: ["warning", "kernel-panic"]),
    ]

    public static let detector = ReportStartDetector(table)
}
