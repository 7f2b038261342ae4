/// The table of title conventions: for each kind of report headline, what its title looks like
/// and where its function is found. The conventions are syzbot's (the titles kernel engineers
/// read on dashboards and in bug reports: `KASAN: use-after-free Read in FUNC`, `WARNING in
/// FUNC`, `INFO: task hung in FUNC` …), plus a few of oopsy's own for reports syzbot does not
/// title (arm64 4.x swapper faults). A report is titled by the first of its lines that holds a
/// group's header; within a group the first format whose headline matches wins.
///
/// Templates: `$N` is the N-th capture (headline first, then detail lines), `{FUNC}` the
/// function the frame steps found. Patterns are unanchored searches in one line.
public enum TitleFormats {
    /// A function name followed by its offset or a compiler suffix.
    static let fn = StackText.function
    /// The function a headline names, also as decode_stacktrace.sh rewrites it (`do_exit
    /// (kernel/exit.c:816 (discriminator 1))`, its offset gone).
    static let headlineFn = StackText.frameFunction
    /// A printed address, `[<ffffffff81234567>]`.
    static let pc = StackText.address
    /// A source location, `net/core/dev.c:123`.
    static let src = #"([A-Za-z0-9_/.-]+\.[a-z]+:[0-9]+)"#
    /// Lockdep's `(&lock){+.+.}, at: [<…>] func+0x…` lines.
    static let lockdepAt = #"at: (?:"# + pc + #" +)?"# + fn

    /// Where WARN()'s function is: the trapping pc (WARN traps on newer kernels, so the
    /// register dump comes first; powerpc prints `--- interrupt:` instead), or on older kernels
    /// the call trace.
    static let warningFrames: [FrameStep] = [
        .after(#"(?:"# + StackText.pcLine.source + #"|--- interrupt: [0-9]+ at "# + fn + ")"), .stack,
    ]
    static let warningFallback: [FrameStep] = [.callTrace, .stack]
    /// Last, the function the WARN line itself names (`… at lib/dma-debug.c:1093
    /// check_unmap+0x180/0x7c6()`): the WARN's own site, when every frame of an old trace is a
    /// `?` guess.
    static let warningHeadlineFunction: [FrameStep] = [.line(Pattern(#"WARNING: .* at\s+[A-Za-z0-9_/.-]+\.[a-z]+:[0-9]+\s+"# + headlineFn))]
    /// Faults: the faulting pc, then the call trace.
    static let faultFrames: [FrameStep] = [.pc, .callTrace, .stack]
    static let traceFrames: [FrameStep] = [.callTrace, .stack]
    /// RISC-V prints its stack with no header, right after the `status: … badaddr: … cause:` line.
    static let riscvFaultFrames: [FrameStep] = [.pc, .after(#"status: [0-9a-f]{16} badaddr: [0-9a-f]{16} cause: "#), .stack]

    /// kmemleak's record: the allocation backtrace, allocators skipped.
    static let leakFrames: [FrameStep] = [.after(#"backtrace(?: \(crc [0-9a-f]*\))?:"#), .stack]
    static let leakSkip = ["kmemleak", "mmap", "kmem", "slab", "alloc", "create_object", "idr_get", "list_lru_init",
                           "kasprintf", "kvasprintf", "pcpu_create", "strdup", "strndup", "memdup"]

    static func warning(_ headline: String, _ template: String, skip: [String] = []) -> TitleFormat {
        TitleFormat(headline, template, frames: warningFrames, fallback: [warningFallback, warningHeadlineFunction], skip: skip)
    }

    /// Lockdep before 4.15 boxed its headline (`[ INFO: … ]`) and named the lock's taker on an
    /// `at:` line after the line that says what the task did.
    static func oldLockdep(_ what: String, _ did: String, _ template: String) -> TitleFormat {
        TitleFormat("INFO: " + what, detail: [#"INFO: "# + what + #" \]"#, did, "at: " + pc + " +" + fn], template)
    }

    /// Any group's header, as one pattern (`\Q…\E` literals).
    static let anyHeader = Pattern(groups.map { #"\Q"# + $0.header + #"\E"# }.joined(separator: "|"))

    public static let groups: [TitleGroup] = [
        TitleGroup("BUG:", [
            // Sanitizers name the bad access; the title adds its direction from the next lines.
            TitleFormat(#"BUG: KASAN: ([a-z-]+) in "# + headlineFn, detail: [#"(Read|Write) (?:of size|at addr) [0-9a-f]+"#],
                        "KASAN: $1 $3 in {FUNC}",
                        frames: [.after(#"BUG: KASAN: [a-z-]+ in "# + headlineFn), .callTrace, .stack],
                        skip: ["kernel_fault", "tag_check", "mem_abort", "^el1_", "^el1h_"]),
            TitleFormat(#"BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in "# + headlineFn,
                        "KASAN: invalid-free in {FUNC}",
                        frames: [.after(#"BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in "# + headlineFn), .callTrace, .stack],
                        skip: ["slab_", "kfree", "vunmap", "vfree"]),
            TitleFormat(#"BUG: KASAN: ([a-z-]+) on address"#, detail: [#"(Read|Write) of size ([0-9]+)"#], "KASAN: $1 $2"),
            TitleFormat(#"BUG: KASAN: (.*)"#, "KASAN: $1", corrupted: true),
            // KMSAN prints the use first, then where the uninitialised value came from.
            TitleFormat(#"BUG: KMSAN: kernel-usb-infoleak in "# + fn, "KMSAN: kernel-usb-infoleak in {FUNC}",
                        frames: [.stack, .after(#"Local variable .* created at:|Uninit was created at:"#), .stack],
                        skip: ["alloc_skb", "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg"],
                        printsStack: false),
            TitleFormat(#"BUG: KMSAN: ([a-z-]+) in "# + fn, "KMSAN: $1 in {FUNC}",
                        frames: [.stack, .after(#"Local variable .* created at:|Uninit was created at:"#), .stack],
                        // A headline kept without its stack names the use's function itself.
                        fallback: [[.after(#"BUG: KMSAN: [a-z-]+ in "# + headlineFn)]], fallbackMends: false,
                        // Generic crypto and netlink code is where the value is used, rarely the bug.
                        skip: ["alloc_skb", "netlink_ack", "netlink_rcv_skb", "_encrypt$", "^(?:crypto|cipher|drbg|rng)_"],
                        printsStack: false),
            TitleFormat(#"BUG: KCSAN: (.*)"#, "KCSAN: $1", printsStack: false),
            TitleFormat(#"BUG: KFENCE: (use-after-free|out-of-bounds) (read|write) in "# + fn, "KFENCE: $1 $2 in {FUNC}",
                        frames: [.after(#"BUG: KFENCE: [a-z -]+ in "# + fn), .stack]),
            TitleFormat(#"BUG: KFENCE: invalid free in "# + fn, "KFENCE: invalid free in {FUNC}",
                        frames: [.after(#"BUG: KFENCE: [a-z -]+ in "# + fn), .stack], printsStack: false),
            TitleFormat(#"BUG: KFENCE: invalid (read|write) in "# + fn, "KFENCE: invalid $1 in {FUNC}",
                        frames: [.after(#"BUG: KFENCE: [a-z -]+ in "# + fn), .stack]),
            TitleFormat(#"BUG: KFENCE: memory corruption in "# + fn, "KFENCE: memory corruption in {FUNC}",
                        frames: [.after(#"BUG: KFENCE: [a-z -]+ in "# + fn), .stack], printsStack: false),
            // Page faults: every wording of every kernel version titles alike.
            TitleFormat(#"BUG: (?:unable to handle kernel paging request|unable to handle page fault for address|Unable to handle kernel data access)"#,
                        "BUG: unable to handle kernel paging request in {FUNC}", frames: faultFrames),
            TitleFormat(#"BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)"#,
                        "BUG: unable to handle kernel NULL pointer dereference in {FUNC}", frames: faultFrames),
            // The second half of the message is a separate printk; without it the report is garbled.
            TitleFormat(#"BUG: (?:unable to handle kernel|Unable to handle kernel)"#, "BUG: unable to handle kernel", corrupted: true),
            TitleFormat(#"BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)"#,
                        "BUG: $1 $2 in {FUNC}", frames: traceFrames, skip: ["spin_", "_lock", "_unlock"]),
            TitleFormat(#"BUG: soft lockup"#, "BUG: soft lockup in {FUNC}", frames: faultFrames, pick: .stall),
            TitleFormat(#"BUG: .*still has locks held!"#, detail: [pc + " +" + fn], "BUG: still has locks held in $1"),
            TitleFormat(#"BUG: scheduling while atomic"#, "BUG: scheduling while atomic in {FUNC}", frames: traceFrames, skip: ["schedule"]),
            TitleFormat(#"BUG: lock held when returning to user space"#,
                        detail: [#"leaving the kernel with locks still held"#, lockdepAt],
                        "BUG: lock held when returning to user space in $1", printsStack: false),
            TitleFormat(#"BUG: bad unlock balance detected!"#, "BUG: bad unlock balance in {FUNC}",
                        frames: [.after(pc + " +" + fn), .callTrace, .stack]),
            TitleFormat(#"BUG: held lock freed!"#, detail: [pc + " +" + fn], "BUG: held lock freed in $1"),
            TitleFormat(#"BUG: Bad rss-counter state"#, "BUG: Bad rss-counter state", printsStack: false),
            TitleFormat(#"BUG: non-zero nr_ptes on freeing mm"#, "BUG: non-zero nr_ptes on freeing mm", printsStack: false),
            TitleFormat(#"BUG: non-zero nr_pmds on freeing mm"#, "BUG: non-zero nr_pmds on freeing mm", printsStack: false),
            // The file system and block device (loop0, loop1 …) would split one bug into many.
            TitleFormat(#"BUG: Dentry .* still in use"#, detail: [#"BUG: Dentry .* still in use \([0-9]+\) \[(unmount) of ([^\]]+)\]"#],
                        "BUG: Dentry still in use in $1"),
            // A bad page is about who allocated it (page_owner's stack); without page_owner,
            // the path that met it past the report (`check_new_pages`; on a free, who freed it).
            TitleFormat(#"BUG: Bad page (state|cache)"#, "BUG: Bad page $1 in {FUNC}",
                        frames: [.after("page last allocated"), .stack], fallback: [traceFrames],
                        skip: ["(?:free|put|get|update|release)_page", "free_unref", "^_*folio", "truncate_inode_pages",
                               "page_frag_free", "alloc", "vmap", "page_owner", "^bad_page", "^dump_page"]),
            TitleFormat(#"BUG: Bad page map"#, "BUG: Bad page map"),
            TitleFormat(#"BUG: workqueue lockup"#, "BUG: workqueue lockup", printsStack: false),
            TitleFormat(#"BUG: sleeping function called from invalid context at (.*)"#,
                        "BUG: sleeping function called from invalid context in {FUNC}", frames: traceFrames),
            TitleFormat(#"BUG: using ([a-z_]+)\(\) in preemptible"#, "BUG: using $1() in preemptible code in {FUNC}",
                        frames: traceFrames, skip: ["dump_stack", "preemption", "preempt", "debug_", "processor_id", "this_cpu"]),
            TitleFormat(#"BUG: workqueue leaked lock or atomic"#, detail: [#"last function: ([A-Za-z0-9_]+)$"#],
                        "BUG: workqueue leaked lock or atomic in $1", printsStack: false),
            // A leak is about who allocated the object: the allocation stack, allocators skipped.
            TitleFormat(#"BUG: memory leak"#, "memory leak in {FUNC}", frames: leakFrames, skip: leakSkip),
            TitleFormat(#"BUG: .*stack guard page was hit at"#, "BUG: stack guard page was hit in {FUNC}", frames: faultFrames, pick: .stall),
            // arm64 and x86 word this lockdep report differently; one title for both.
            TitleFormat(#"BUG: Invalid wait context"#, "WARNING: locking bug in {FUNC}", frames: traceFrames, skip: ["lock_sock", "release_sock"]),
            TitleFormat(#"BUG:\s*$"#, "BUG: corrupted", corrupted: true),
        ], notReports: NotReports.bug),

        TitleGroup("WARNING:", [
            // Warnings raised by a generic checker are titled by the checker and the caller.
            warning(#"WARNING: .*lib/debugobjects\.c.* (?:debug_print|debug_check|at)"#, "WARNING: ODEBUG bug in {FUNC}",
                    skip: ["debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_", "vunmap", "vfree", "__free_", "debug_check", "kobject_"]),
            warning(#"WARNING: .*mm/usercopy\.c.* (?:usercopy_warn|at)"#, "WARNING: bad usercopy in {FUNC}", skip: ["usercopy", "__check"]),
            warning(#"WARNING: .*lib/kobject\.c.* (?:kobject_|at)"#, "WARNING: kobject bug in {FUNC}", skip: ["kobject_"]),
            warning(#"WARNING: .*fs/proc/generic\.c.* (?:proc_register|at)"#, "WARNING: proc registration bug in {FUNC}", skip: ["proc_"]),
            warning(#"WARNING: .*lib/refcount\.c.* (?:refcount_|at)"#, "WARNING: refcount bug in {FUNC}", skip: ["refcount", "kobject_"]),
            warning(#"WARNING: .*kernel/locking/lockdep\.c.*lock_"#, "WARNING: locking bug in {FUNC}", skip: ["lock_sock", "release_sock"]),
            TitleFormat(#"WARNING: .*still has locks held!"#, detail: [#"at: "# + fn], "WARNING: still has locks held in $1"),
            warning(#"WARNING: Nested lock was not taken"#, "WARNING: nested lock was not taken in {FUNC}"),
            TitleFormat(#"WARNING: lock held when returning to user space"#,
                        detail: [#"leaving the kernel with locks still held"#, lockdepAt],
                        "WARNING: lock held when returning to user space in $1", printsStack: false),
            warning(#"WARNING: .*mm/.*\.c.* k?.?malloc"#, "WARNING: kmalloc bug in {FUNC}", skip: ["kmalloc", "krealloc", "slab", "kmem"]),
            warning(#"WARNING: .*mm/vmalloc.c.*__vmalloc_node"#, "WARNING: zero-size vmalloc in {FUNC}"),
            warning(#"WARNING: .* usb_submit_urb"#, "WARNING in {FUNC}/usb_submit_urb",
                    skip: ["usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg"]),
            // Every layout of the WARN line (by kernel version) gives `WARNING in FUNC`.
            warning(#"WARNING: "# + src + #" at 0x\d+, CPU#\d+"#, "WARNING in {FUNC}"),
            // (Mail encodings and wraps can leave two blanks where the kernel printed one.)
            warning(#"WARNING: .* at\s+"# + src + #"\s+"# + headlineFn, "WARNING in {FUNC}"),
            warning(#"WARNING: "# + src + " at " + fn, "WARNING in {FUNC}"),
            warning(#"WARNING: \[.*\] "# + src + " at " + fn, "WARNING in {FUNC}"),
            // The WARN line wrapped (a mail, a narrow console) right after `at`, or inside the
            // function's name (`:585 set` / `up_sgio_components+0x394/0x3a8`): the pc names it.
            warning(#"WARNING: CPU: \d+ PID: \d+ at(?:\s+"# + src + #"(?:\s+[^\s+]*)?)?\s*$"#, "WARNING in {FUNC}"),
            // 6.16+ (`WARNING: file.c:1232 at func+0xc4/0xe8, CPU#13: comm/0`), wrapped the same way.
            warning(#"WARNING: "# + src + #" at\s*$"#, "WARNING in {FUNC}"),
            // Lockdep: a deadlock is titled by the lock acquisition that closes the cycle.
            TitleFormat(#"WARNING: possible circular locking dependency detected"#, detail: ["is trying to acquire lock"],
                        "possible deadlock in {FUNC}", frames: [.after(lockdepAt), .after(lockdepAt), .stack],
                        // Workqueue functions take locks of the work items: the cycle is the work item's.
                        skip: ["process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue"]),
            TitleFormat(#"WARNING: possible irq lock inversion dependency detected"#,
                        detail: ["just changed the state of lock", lockdepAt], "possible deadlock in $1"),
            TitleFormat(#"WARNING: .*-safe -> .*-unsafe lock order detected"#, "possible deadlock in {FUNC}",
                        frames: [.after("which became (?:.*) at:"), .stack]),
            TitleFormat(#"WARNING: possible recursive locking detected"#,
                        detail: ["is trying to acquire lock", lockdepAt], "possible deadlock in $1"),
            TitleFormat(#"WARNING: inconsistent lock state"#, detail: ["takes", lockdepAt],
                        "inconsistent lock state in {FUNC}", frames: traceFrames,
                        // A report cut before its stack: the function that took the lock.
                        fallback: [[.after("takes"), .after(lockdepAt)]], fallbackMends: false),
            TitleFormat(#"WARNING: suspicious RCU usage"#, detail: [src], "WARNING: suspicious RCU usage in {FUNC}",
                        frames: traceFrames, skip: ["rcu", "kmem", "slab"]),
            TitleFormat(#"WARNING: kernel stack regs at [0-9a-f]+ in [^ ]* has bad '([^']+)' value"#,
                        "WARNING: kernel stack regs has bad '$1' value", printsStack: false),
            TitleFormat(#"WARNING: kernel stack frame pointer at [0-9a-f]+ in [^ ]* has bad value"#,
                        "WARNING: kernel stack frame pointer has bad value", printsStack: false),
            TitleFormat(#"WARNING: bad unlock balance detected!"#, "WARNING: bad unlock balance in {FUNC}",
                        frames: [.after(pc + " +" + fn), .callTrace, .stack]),
            TitleFormat(#"WARNING: held lock freed!"#, detail: [#"at:(?: "# + pc + ")? +" + fn], "WARNING: held lock freed in $1"),
            TitleFormat(#"WARNING: kernel stack regs .* has bad 'bp' value"#, "WARNING: kernel stack regs has bad value", printsStack: false),
            TitleFormat(#"WARNING: kernel stack frame pointer .* has bad value"#, "WARNING: kernel stack regs has bad value", printsStack: false),
            TitleFormat(#"WARNING:\s*$"#, "WARNING: corrupted", corrupted: true),
        ], notReports: NotReports.warning),

        TitleGroup("INFO:", [
            // Old lockdep (`[ INFO: … ]`): titled by the acquisition that closes the cycle.
            oldLockdep("possible circular locking dependency detected", "is trying to acquire lock", "possible deadlock in $1"),
            oldLockdep("possible irq lock inversion dependency detected", "just changed the state of lock", "possible deadlock in $1"),
            oldLockdep("SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected", "is trying to acquire", "possible deadlock in $1"),
            oldLockdep("possible recursive locking detected", "is trying to acquire lock", "possible deadlock in $1"),
            oldLockdep("inconsistent lock state", "takes", "inconsistent lock state in $1"),
            // A stall names what the stuck CPU was running: the frames of the interrupted context.
            TitleFormat(#"INFO: rcu_(?:preempt|sched|bh|tasks) (?:self-)?detected(?: expedited)? stall"#,
                        "INFO: rcu detected stall in {FUNC}",
                        frames: [.after("apic_timer_interrupt"), .pc, .stack],
                        fallback: [[.after("apic_timer_interrupt|Exception stack|el1h_64_irq|el1_irq\\b"), .stack],
                                   // arm64 6.x prints the interrupted context alone: its registers
                                   // and its `Call trace:` (no interrupt frames above it).
                                   [.after("Call trace:"), .stack]],
                        // The timer interrupt that found the stall is not what stalled.
                        skip: ["apic_timer_interrupt", "rcu", "tick_sched", "hrtimer_interrupt", "__hrtimer_run_queues",
                               "update_process_times", "arch_timer_handler", "handle_percpu_devid_irq", "gic_handle_irq",
                               "handle_domain_irq", "generic_handle_", "^el1_irq", "^el1h_64_irq", "^el1_interrupt",
                               "^irq_exit", "__irq_exit_rcu", "call_on_irq_stack", "do_interrupt_handler"],
                        pick: .stall),
            TitleFormat(#"INFO: trying to register non-static key"#, "INFO: trying to register non-static key in {FUNC}",
                        frames: traceFrames, skip: ["stack", "lock", "IRQ"]),
            TitleFormat(#"INFO: suspicious RCU usage"#, detail: [src], "INFO: suspicious RCU usage in {FUNC}",
                        frames: traceFrames, skip: ["rcu", "kmem", "slab"]),
            TitleFormat(#"INFO: task [\s\S]{0,100}? blocked\s+(?:in I/O wait\s+)?for\s+more\s+than\s+[0-9]+ seconds"#, "INFO: task hung in {FUNC}",
                        frames: traceFrames, pick: .hungTask, spansLines: true),
            TitleFormat(#"INFO: task [\s\S]{0,100}? can't die for more than .* seconds"#, "INFO: task can't die in {FUNC}",
                        frames: traceFrames, skip: ["schedule"], spansLines: true),
            // Old KASAN printed these as its first lines; alone they mean the report was cut.
            TitleFormat(#"INFO: (Freed|Allocated) in (.*)"#, "INFO: $1 in $2", corrupted: true),
            TitleFormat(#"INFO:\s*$"#, "INFO: corrupted", corrupted: true),
        ], notReports: NotReports.info),

        // oopsy's own: arm64 4.x prints this for a kernel thread faulting on a user address, where
        // newer kernels print `Unable to handle kernel NULL pointer dereference` (below 64 KiB)
        // or `… access to user memory`. One title for the same fault on every kernel.
        TitleGroup("user address but active_mm is swapper", [
            TitleFormat(#"\[0*[0-9a-fA-F]{1,4}\] user address but active_mm is swapper"#,
                        "BUG: unable to handle kernel NULL pointer dereference in {FUNC}", frames: faultFrames),
            TitleFormat(#"user address but active_mm is swapper"#,
                        "BUG: unable to handle kernel access to user memory in {FUNC}", frames: faultFrames),
        ]),

        TitleGroup("Unable to handle kernel", [
            // arm64 fault.c's die_kernel_fault() messages.
            // A paste trimmed above the trace keeps its first frame (recent kernels mark the pc's `(P)`).
            TitleFormat(#"Unable to handle kernel (paging request|NULL pointer dereference|access to user memory|write to read-only memory|execute from non-executable memory|read from unreadable memory)"#,
                        "BUG: unable to handle kernel $1 in {FUNC}", frames: faultFrames, fallback: [traceFrames]),
            // die_kernel_fault() given the fault's own name by do_mem_abort() (fault_info in
            // arm64's fault.c: `level 3 address size fault`, `synchronous parity or ECC error`).
            TitleFormat(#"Unable to handle kernel (?:level -?\d )?([a-z][a-z ]*[a-z]) at virtual address"#,
                        "BUG: unable to handle kernel $1 in {FUNC}", frames: faultFrames, fallback: [traceFrames]),
            // s390's do_no_context(): `… pointer dereference in virtual kernel address space`
            // (or `… user address space`), the pc in `Krnl PSW : … (sym+0x…/0x…)`.
            TitleFormat(#"Unable to handle kernel pointer dereference in virtual (?:kernel|user) address space"#,
                        "BUG: unable to handle kernel paging request in {FUNC}", frames: faultFrames, fallback: [traceFrames]),
        ]),
        TitleGroup("general protection fault", [
            TitleFormat(#"general protection fault.*:"#, "general protection fault in {FUNC}", frames: faultFrames),
        ], notReports: NotReports.generalProtectionFault),
        // arm64's SError handler: the pc is where the CPU was when the asynchronous abort
        // arrived, which is the best the report knows of where the bad access happened.
        TitleGroup("SError Interrupt on CPU", [
            TitleFormat(#"SError Interrupt on CPU"#, "SError Interrupt in {FUNC}", frames: faultFrames, fallback: [traceFrames]),
        ]),
        // Named by the requester whose flags do not match (its handler's name: a driver's
        // frames are not always reliable where this is printed, m68k's stack scans).
        TitleGroup("genirq: Flags mismatch irq ", [
            TitleFormat(#"genirq: Flags mismatch irq \d+\. [0-9a-fA-F]+ \(([^()\s]+)\)"#, "genirq: flags mismatch for $1"),
        ]),
        TitleGroup("OF: ERROR: Bad of_node_put()", [
            TitleFormat(#"OF: ERROR: Bad of_node_put\(\)"#, "OF: bad of_node_put() in {FUNC}", frames: traceFrames,
                        skip: ["of_node_put", "of_node_release", "kobject_"]),
        ]),
        // dma-debug's finding without its WARNING line (a WARNING's title wins where it came first).
        TitleGroup("DMA-API: ", [
            TitleFormat(#"DMA-API: (?:\S+ \S+: )?device driver ([^\[]*[^\[ ])"#, "DMA-API: device driver $1", printsStack: false),
        ]),
        TitleGroup("stack segment: ", [
            TitleFormat(#"stack segment: "#, "stack segment fault in {FUNC}", frames: faultFrames),
        ]),

        TitleGroup("Kernel panic", [
            // Stack corruption: the kernel may not manage to name or unwind the function.
            TitleFormat(#"Kernel panic - not syncing: stack-protector:"#,
                        detail: [#"Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: "# + fn],
                        "kernel panic: stack is corrupted in $1", printsStack: false),
            TitleFormat(#"Kernel panic - not syncing: stack-protector:"#,
                        detail: [#"Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: [a-f0-9]+"#],
                        "kernel panic: stack is corrupted in {FUNC}", frames: traceFrames, skip: ["stack_chk"]),
            TitleFormat(#"Kernel panic - not syncing: corrupted stack end"#,
                        detail: [#"Kernel panic - not syncing: corrupted stack end detected inside scheduler"#],
                        "kernel panic: corrupted stack end in {FUNC}", frames: traceFrames,
                        skip: ["schedule", "retint_kernel"], pick: .stall),
            TitleFormat(#"Kernel panic - not syncing: kernel stack overflow"#, "kernel stack overflow in {FUNC}",
                        frames: traceFrames, skip: ["bad_stack"], pick: .stall),
            TitleFormat(#"Kernel panic - not syncing: Asynchronous SError Interrupt"#,
                        "kernel panic: Asynchronous SError Interrupt in {FUNC}", frames: faultFrames, fallback: [traceFrames]),
            TitleFormat(#"Kernel panic - not syncing: Attempted to kill init!"#, "kernel panic: Attempted to kill init!"),
            TitleFormat(#"Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]+ --- error -[0-9]+"#,
                        "kernel panic: Couldn't open N_TTY ldisc"),
            // These panics follow an oops, a WARN or a hung task: as a first line they mean the
            // report before them was lost.
            TitleFormat(#"Kernel panic - not syncing: Fatal exception"#, "kernel panic: Fatal exception", corrupted: true),
            TitleFormat(#"Kernel panic - not syncing: panic_on_warn set"#, "kernel panic: panic_on_warn set", corrupted: true),
            TitleFormat(#"Kernel panic - not syncing: hung_task: blocked tasks"#, "kernel panic: hung_task: blocked tasks", corrupted: true),
            TitleFormat(#"Kernel panic - not syncing: (.*)"#, "kernel panic: $1"),
        ]),
        TitleGroup("PANIC: double fault", [
            TitleFormat(#"PANIC: double fault"#, "PANIC: double fault in {FUNC}", frames: [.pc]),
        ]),
        TitleGroup("rust_kernel: panicked", [
            TitleFormat(#"rust_kernel: panicked"#, detail: ["rust_kernel: panicked at ", "(.+)"], "$1 in {FUNC}",
                        frames: traceFrames, skip: [#"__rustc::rust_begin_unwind"#]),
        ]),
        TitleGroup("kernel BUG", [
            TitleFormat(#"kernel BUG at mm/usercopy.c"#, "BUG: bad usercopy in {FUNC}", frames: traceFrames, skip: ["usercopy", "__check"]),
            TitleFormat(#"kernel BUG at lib/list_debug.c"#, "BUG: corrupted list in {FUNC}", frames: traceFrames),
            // skb helpers BUG_ON their arguments: the bug is in the caller.
            TitleFormat(#"kernel BUG at (.*)"#, "kernel BUG in {FUNC}", frames: faultFrames, skip: ["^skb_"]),
        ]),
        TitleGroup("Kernel BUG", [
            // RISC-V's die() after a BUG() without its `kernel BUG at` line.
            TitleFormat(#"Kernel BUG \[#"#, "kernel BUG in {FUNC}", frames: faultFrames),
            TitleFormat(#"Kernel BUG (.*)"#, "kernel BUG $1"),
        ]),
        TitleGroup("BUG kmalloc-", [TitleFormat(#"BUG kmalloc-.*: Object already free"#, "BUG: Object already free")]),
        TitleGroup("divide error:", [TitleFormat(#"divide error: "#, "divide error in {FUNC}", frames: [.pc])]),
        // A misspelling some kernels print (x86 IDTENTRY conversion).
        TitleGroup("divide_error:", [TitleFormat(#"divide_error: "#, "divide error in {FUNC}", frames: [.pc])]),
        TitleGroup("invalid opcode:", [TitleFormat(#"invalid opcode: "#, "invalid opcode in {FUNC}", frames: [.pc])]),
        TitleGroup("int3:", [TitleFormat(#"int3: "#, "int3 in {FUNC}", frames: faultFrames)]),
        TitleGroup("UBSAN:", [
            TitleFormat(#"UBSAN:"#, detail: ["UBSAN: Undefined behaviour in"], "UBSAN: undefined-behaviour in {FUNC}",
                        frames: traceFrames, skip: ["ubsan", "overflow"]),
            TitleFormat(#"UBSAN: array-index-out-of-bounds in"#, "UBSAN: array-index-out-of-bounds in {FUNC}",
                        frames: traceFrames, skip: ["ubsan", "overflow"]),
            TitleFormat(#"UBSAN:"#, detail: ["UBSAN: (.*?) in"], "UBSAN: $1 in {FUNC}", frames: traceFrames, skip: ["ubsan", "overflow"]),
        ]),
        TitleGroup("Booting the kernel.", [
            TitleFormat(#"^Booting the kernel"#, "unexpected kernel reboot", printsStack: false),
        ], notReports: NotReports.reboot),
        TitleGroup("unregister_netdevice: waiting for", [
            // The device name (lo, bond0 …) varies for one leak.
            TitleFormat(#"unregister_netdevice: waiting for (?:.*) to become free"#,
                        "unregister_netdevice: waiting for DEV to become free", printsStack: false),
        ]),
        TitleGroup("VFS: Close: file count is 0", [
            TitleFormat(#"VFS: Close: file count is 0"#, "VFS: Close: file count is zero (use-after-free)", printsStack: false),
        ]),
        TitleGroup("VFS: Busy inodes after unmount", [
            TitleFormat(#"VFS: Busy inodes after unmount"#, "VFS: Busy inodes after unmount (use-after-free)", printsStack: false),
        ]),
        // arm prints `Internal error: synchronous external abort` where arm32 says `Unable to handle
        // kernel paging request`; `Unhandled fault:` where x86 says general protection fault.
        // The record itself, as the debugfs file shows it (syzkaller prints `BUG: memory leak`).
        TitleGroup("unreferenced object 0x", [TitleFormat(#"unreferenced object 0x"#, "memory leak in {FUNC}", frames: leakFrames, skip: leakSkip)]),
        TitleGroup("Internal error:", [TitleFormat(#"Internal error:"#, "Internal error in {FUNC}", frames: faultFrames)]),
        // RISC-V's die(): `Oops - illegal instruction [#1]` (after `Internal error:`, whose
        // arm reasons read `Oops - undefined instruction`).
        TitleGroup("Oops - ", [TitleFormat(#"^\s*Oops - ([^\[\]]+?) \[#\d+\]"#, "Oops - $1 in {FUNC}", frames: riscvFaultFrames)]),
        TitleGroup("Unhandled fault:", [TitleFormat(#"Unhandled fault:"#, "Unhandled fault in {FUNC}", frames: faultFrames)]),
        TitleGroup("Synchronous External Abort:", [TitleFormat(#"Synchronous External Abort:"#, "synchronous external abort in {FUNC}", frames: faultFrames)]),
        TitleGroup("Unhandled exception: IPSR", [TitleFormat(#"Unhandled exception: IPSR = "#, "Unhandled exception in {FUNC}", frames: faultFrames)]),
        TitleGroup("Alignment trap:", [TitleFormat(#"Alignment trap:"#, "Alignment trap in {FUNC}", frames: faultFrames)]),
        // oopsy's own: warn_alloc()'s report is named after the caller of the allocator, its
        // machinery skipped by name prefix (a caller may have `page` or `alloc` inside its
        // name: print_page_owner(), ttm_pool_alloc()); the DMA allocators are machinery too: the
        // driver that asked is named.
        TitleGroup(" page allocation ", [
            TitleFormat(#" page allocation (failure|stalls)"#, "page allocation $1 in {FUNC}", frames: traceFrames,
                        skip: [#"^_*(?:warn_alloc|alloc_pages|alloc_page_|alloc_slab_page|alloc_frozen_pages|get_page_from_freelist|get_free_page|get_zeroed_page|page_cache_alloc|page_frag|kmalloc|kmem|do_kmalloc|kvmalloc|vmalloc|vzalloc|vm_area_alloc_pages|krealloc|kstrdup|kstrndup|kvasprintf|mempool_alloc|pcpu_|folio_alloc|vma_alloc_folio|slab|new_slab|allocate_slab|cache_alloc|cache_grow|fallback_alloc|dma_direct_alloc|dma_alloc|dmam_alloc|dma_pool_alloc|pool_alloc_page|iommu_dma_alloc|cma_alloc|dump_stack|show_stack)"#]),
        ]),
        // oopsy's own: the OOM killer's report is named after the allocation that ran out,
        // past the OOM and memcg-charge machinery that printed it.
        TitleGroup(" invoked oom-killer: ", [
            TitleFormat(#" invoked oom-killer: "#, "out of memory in {FUNC}", frames: traceFrames,
                        skip: ["oom", "dump_header", "out_of_memory", "charge", "srso_", "return_thunk",
                               "try_to_free", "reclaim", "shrink_", "__alloc_pages", "__folio_alloc"]),
        ]),
        // oopsy's own: MediaTek AEE's summary names no fault, only that the kernel took an exception.
        TitleGroup("Exception Class: Kernel (KE)", [
            TitleFormat(#"Exception Class: Kernel \(KE\)"#, "kernel exception in {FUNC}", frames: faultFrames),
        ]),
        TitleGroup("trusty: panic", [
            TitleFormat(#"trusty: panic.* ASSERT FAILED"#, detail: [#"trusty: panic \(.*?\):(?: DEBUG)? ASSERT FAILED at \(.*?\): (.+)"#],
                        "trusty: ASSERT FAILED: $1", printsStack: false),
            TitleFormat(#"trusty: panic.* ASSERT FAILED.*: *(.*)"#, "trusty: ASSERT FAILED: $1", corrupted: true),
            TitleFormat(#"trusty: panic"#, detail: [#"trusty: panic \(.*?\): (.+)"#], "trusty: panic: $1", printsStack: false),
        ]),
        // Failures of a Go runtime or of syzkaller's executor printed on the same console.
        TitleGroup("fatal error:", [TitleFormat(#"fatal error:"#, "go runtime error", printsStack: false)],
                   notReports: NotReports.fatalError),
        TitleGroup("SYZFAIL:", [TitleFormat(#"SYZFAIL:(.*)"#, "SYZFAIL:$1", printsStack: false)]),
        TitleGroup("SYZFATAL:", [TitleFormat(#"SYZFATAL:(.*)"#, "SYZFATAL:$1", printsStack: false)]),
        TitleGroup("panic:", [
            TitleFormat(#"panic: Sentry detected .* stuck task"#, "panic: Sentry detected stuck tasks", printsStack: false),
            TitleFormat(#"panic:(.*)"#, "panic:$1", printsStack: false),
        ], notReports: NotReports.panic),
    ]
}
