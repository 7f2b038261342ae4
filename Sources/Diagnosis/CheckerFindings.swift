import OopsCore

/// What the kernel's run-time checkers mean by the headlines they print: one row per headline,
/// like `arch/arm64/mm/fault.c`'s table. Most print `BUG:` yet none is a BUG() assertion: the
/// kernel found the problem and went on (the scheduler's atomic-sleep check, spinlock and
/// page-allocator debugging, SLUB's object checks, lockdep's capacity limits, kmemleak, KCSAN).
/// `kernel BUG at FILE` rows are BUG()s whose site says which check it was.
enum CheckerFindings {
    enum Match: Sendable {
        /// The report's message contains this (its headline without the variable parts).
        case headline(String)
        /// `kernel BUG at` a path ending with this file.
        case bugSite(String)
        /// The same, and the report's lines or frames also show this (the file holds other
        /// BUG()s: lib/string.c's strlcat() asserts its own arguments).
        case bugSiteShowing(String, String)
        /// The message a WARN printed before its WARNING line (``SourceSite/message``) starts so.
        case warnMessage(String)
        /// `kernel BUG at` a path ending with this file, and the pc or a frame is one of these
        /// functions (the file's BUG()s guard different things on different paths).
        case bugSiteOnPath(String, Set<String>)
        /// A report whose headline was cut (a paste from its task line on): this function
        /// dumped its stack (a top frame, below dump_stack()).
        case dumpedBy(String)
    }

    struct Row: Sendable {
        let match: Match
        let cause: String
        /// A sentence on what the check found, without the function (the rule adds it).
        let finding: String
        let fix: String?

        init(_ match: Match, _ cause: String, _ finding: String, fix: String? = nil) {
            self.match = match
            self.cause = cause
            self.finding = finding
            self.fix = fix
        }

        /// The fix for a report that printed where its object was allocated or freed: SLUB's
        /// advice to turn that record on is moot.
        var fixWhenTracked: String? { fix == slabFix ? slabFixTracked : fix }
    }

    static let leakFinding = "kmemleak found an allocated object nothing points to any more: a memory leak (the trace is where it was allocated)"
    static let atomicFix = "Move the sleeping call out of the atomic section (or use a variant that does not sleep); the report lists what made the context atomic (a held lock, IRQs off, preemption disabled at)."
    static let listFinding = "The list debugging checks (CONFIG_DEBUG_LIST) found a corrupted linked list: an entry freed, re-initialised or overwritten while still linked, or added or deleted twice"
    static let listFix = "The check's message names the pointers that disagree; look for a missing lock, or a list_del() without list_del_init() on a path that reuses the entry."
    static let fortifyFinding = "FORTIFY_SOURCE stopped a string or memory function that would have read or written past the end of a buffer"
    static let fortifyFix = "The preceding `detected buffer overflow in` line names the function; check the length against the destination's size."
    static let slabFix = "Run with KASAN (or KFENCE) to catch the bad access where it happens: SLUB's checks run only when the object is allocated, freed or validated; slub_debug=U adds the allocation and free stacks to its report."
    static let slabFixTracked = "Run with KASAN (or KFENCE) to catch the bad access where it happens: SLUB's checks run only when the object is allocated, freed or validated. The object's allocation and free sites the report printed say whose buffer it was."

    /// SLUB's free path, as frames name it from 4.x to 6.x.
    static let slubFreePath: Set<String> = ["kfree", "kmem_cache_free", "__slab_free", "do_slab_free", "slab_free", "set_freepointer",
                                            "__kmem_cache_free", "___cache_free", "kfree_sensitive", "kzfree", "kvfree", "kmem_cache_free_bulk",
                                            "slab_free_freelist_hook", "free_to_partial_list"]

    static let dmaOverflow = "dma-direct could not map a buffer for the device: its bus address lies beyond the device's DMA mask or bus limit, and no bounce buffer took it (swiotlb full, too small for it, or not in use), so the mapping failed with DMA_MAPPING_ERROR"
    static let dmaOverflowFix = "Give the device the DMA mask it can really address (dma_set_mask_and_coherent()) and check dma_mapping_error() in the driver; where it cannot reach all memory, keep swiotlb large enough for what is in flight (swiotlb=)."

    static let rows: [Row] = [
        // kernel/sched/core.c: __might_resched() and __schedule_bug().
        Row(.headline("BUG: sleeping function called from invalid context"), "sleep-in-atomic",
            "A function that may sleep was called in atomic context (a spinlock held, interrupts or preemption disabled, or inside an RCU read-side section)", fix: atomicFix),
        Row(.headline("BUG: scheduling while atomic"), "sleep-in-atomic",
            "The task blocked (scheduled) while atomic: preemption was disabled, typically by a held spinlock or interrupt context, across a call that sleeps", fix: atomicFix),
        // lib/smp_processor_id.c: check_preemption_disabled().
        Row(.headline("BUG: using smp_processor_id() in preemptible"), "preemptible-percpu",
            "smp_processor_id() was used with preemption enabled: the task can migrate and act on another CPU's data",
            fix: "Disable preemption around the per-CPU section (get_cpu()/put_cpu(), preempt_disable()), or use raw_smp_processor_id() where any CPU will do."),
        Row(.headline("in preemptible ["), "preemptible-percpu",
            "A __this_cpu_*() per-CPU operation ran with preemption enabled: the task can migrate between reading and writing another CPU's data",
            fix: "Use this_cpu_*() (preemption-safe) or disable preemption around the per-CPU section."),
        // kernel/dma/direct.c report_addr() (to 5.9: the WARN_ON_ONCE after its `overflow … of
        // DMA mask` line) and kernel/dma/direct.h dma_direct_map_page() (5.10+: `DMA addr …
        // overflow (mask …, bus limit …)`): dma-direct met a buffer the device cannot address
        // and nothing bounced it.
        Row(.bugSiteOnPath("dma/direct.c", ["report_addr"]), "dma-mapping-failure", dmaOverflow, fix: dmaOverflowFix),
        Row(.bugSiteOnPath("dma/direct.h", ["dma_direct_map_page"]), "dma-mapping-failure", dmaOverflow, fix: dmaOverflowFix),
        // include/linux/debug_locks.h: DEBUG_LOCKS_WARN_ON(c) prints its condition, then WARNs in
        // the lock's own code (mutex, rwsem, lockdep).
        Row(.warnMessage("DEBUG_LOCKS_WARN_ON("), "lock-debug",
            "A lock-debugging check fired: the lock was used uninitialised, after its memory was freed or overwritten (a wrong magic), or by a task that does not own it"),
        // kernel/locking/spinlock_debug.c: spin_dump() and rwlock_bug().
        Row(.headline("lock bad magic"), "lock-debug",
            "A lock was used that was never initialised, or whose memory was freed or overwritten (its magic value is wrong)"),
        Row(.headline("lock recursion"), "lock-debug",
            "A CPU took a lock it already holds: a self-deadlock"),
        Row(.headline("lock already unlocked"), "lock-debug",
            "A lock was released that was not held (an unbalanced unlock)"),
        Row(.headline("lock wrong owner"), "lock-debug",
            "A lock was released by a task that did not take it"),
        Row(.headline("lock wrong CPU"), "lock-debug",
            "A lock was released on another CPU than the one that took it"),
        Row(.headline("lock lockup suspected"), "lock-debug",
            "A spinning CPU waited about a second for a lock: a deadlock, or a holder that never released it"),
        // lockdep's own limits (kernel/locking/lockdep.c). A task holding MAX_LOCK_DEPTH (48)
        // locks is a lock leak or runaway nesting; MAX_LOCKDEP_KEYS (8192, fixed) usually keys
        // leaked by code that registers one per object; the other tables are a debug-kernel limit.
        Row(.headline("BUG: MAX_LOCK_DEPTH too low"), "lockdep",
            "A task held more locks than lockdep tracks (MAX_LOCK_DEPTH, 48): a lock that is never released, or nesting that runs away",
            fix: "lockdep prints the locks the task holds: look for the one taken over and over (a loop over objects, each locked and never unlocked)."),
        Row(.headline("BUG: MAX_LOCKDEP_KEYS too low"), "lockdep-capacity",
            "lockdep ran out of lock classes (MAX_LOCKDEP_KEYS = 8192) and turned itself off: too many distinct lock classes, often keys registered dynamically (one per object) and never unregistered",
            fix: "Find the dynamically registered keys that are never unregistered (lockdep_register_key() without lockdep_unregister_key())."),
        // (`BUG: MAX_STACK_TRACE_ENTRIES too low!`, `BUG: MAX_LOCKDEP_CHAINS too low!`, …).
        Row(.headline("BUG: MAX_"), "lockdep-capacity",
            "lockdep ran out of one of its static tables and turned itself off: a limit of the debug kernel, not a bug in the code that was running",
            fix: "Raise the table's size (CONFIG_LOCKDEP_*_BITS, from 5.13); on a fuzzing kernel this usually means lockdep saw very many lock classes."),
        // kernel/workqueue.c: process_one_work().
        Row(.headline("BUG: workqueue leaked lock or atomic"), "workqueue-leak",
            "A work item returned with a lock still held or preemption still disabled (the lock depth or preempt count changed across it)",
            fix: "Find the error path of the work function that skips its unlock (the report names the function)."),
        // kernel/workqueue.c: wq_watchdog_timer_fn(). Not the soft-lockup detector: no CPU
        // needs to be spinning for a pool to make no progress.
        Row(.headline("BUG: workqueue lockup"), "workqueue-lockup",
            "A workqueue's worker pool made no progress for the time the watchdog allows (workqueue.watchdog_thresh): a work item on it did not return (blocked or looping), or its worker was never scheduled",
            fix: "The busy workqueues the report lists next (`Showing busy workqueues and worker pools:`) name the work items in flight; look at what the stuck worker's stack is waiting on."),
        // mm/page_alloc.c warn_alloc(): not the OOM killer, which did not run.
        Row(.headline(": page allocation failure: order:"), "out-of-memory",
            "The page allocator could not satisfy an allocation of the order and GFP mode the report names (free memory too low, or too fragmented for that order) and the caller got NULL; the OOM killer did not run for it",
            fix: "Check that the caller handles the failure; for a large order, allocate smaller pieces, use kvmalloc() or a preallocated pool, or add __GFP_NOWARN where failure is expected."),
        Row(.headline(": page allocation stalls for "), "out-of-memory",
            "An allocation stalled in direct reclaim for the time the report names (memory pressure; it had not failed yet)",
            fix: "Look at the Mem-Info that follows for what holds the memory; the allocation itself went on."),
        Row(.dumpedBy("warn_alloc"), "out-of-memory",
            "warn_alloc() dumped this stack (the headline that says whether the allocation failed or stalled, with its order and GFP mode, was cut off): the page allocator could not promptly serve an allocation",
            fix: "The full log's `page allocation failure` or `page allocation stalls` line says which; check that the caller handles a failed allocation."),
        // mm/page_alloc.c bad_page(), mm/memory.c print_bad_pte(), kernel/fork.c check_mm().
        Row(.headline("BUG: Bad page state"), "bad-page",
            "The page allocator found a page in a state it must never be in when freed or allocated (a reference, mapping or flag left over): a page refcount bug or memory corruption"),
        Row(.headline("BUG: Bad page map"), "bad-page",
            "A page-table entry points at a page in an invalid state: page-table corruption or a page refcount bug"),
        // mm/filemap.c filemap_unaccount_folio() (unaccount_page_cache_page() before 5.16).
        Row(.headline("BUG: Bad page cache in process"), "bad-page",
            "A page was removed from the page cache while a process still mapped it (its mapcount not zero): a page-table or refcount bug, often in a file system's or driver's mmap or truncate path"),
        // check_mm() counts, it finds no page: the class is all it shows.
        Row(.headline("BUG: Bad rss-counter state"), "bug",
            "An address space's page counters did not return to zero when it was torn down: a page-table or accounting bug"),
        Row(.headline("BUG: non-zero pgtables_bytes"), "bug",
            "An address space still counted page tables when it was freed: page tables leaked or were mis-accounted"),
        // fs/dcache.c umount_check(), fs/super.c generic_shutdown_super().
        Row(.headline("still in use ("), "busy-at-unmount",
            "A dentry was still referenced when its file system was unmounted: a reference leak that becomes a use-after-free once the superblock is gone"),
        Row(.headline("VFS: Busy inodes after unmount"), "busy-at-unmount",
            "Inodes were still referenced when their file system was unmounted: a reference leak that becomes a use-after-free once the superblock is gone"),
        // mm/kmemleak.c (syzkaller prints its reports as `BUG: memory leak`).
        Row(.headline("BUG: memory leak"), "memory-leak",
            leakFinding),
        // The record itself, as `cat /sys/kernel/debug/kmemleak` shows it.
        Row(.headline("unreferenced object 0x"), "memory-leak",
            leakFinding),
        // kernel/kcsan/report.c.
        Row(.headline("BUG: KCSAN: assert: race"), "data-race",
            "KCSAN saw a concurrent access to memory the code asserts it accesses exclusively (ASSERT_EXCLUSIVE_*()): a data race",
            fix: "The assertion names the access that must be exclusive; find the concurrent path (the other stack) that skips the lock."),
        Row(.headline("BUG: KCSAN: data-race"), "data-race",
            "KCSAN saw two unsynchronised accesses to the same memory at once, at least one a write: a data race",
            fix: "Protect the shared data with the lock its other users hold, or mark intentional lock-free accesses with READ_ONCE()/WRITE_ONCE() (data_race() for diagnostics)."),
        // mm/slub.c: check_bytes_and_report(), on_freelist(), free_debug_processing().
        Row(.headline("Redzone overwritten"), "slab-corruption",
            "SLUB found the red zone around an object overwritten: a write past the object's bounds (a buffer overflow)", fix: slabFix),
        Row(.headline("Poison overwritten"), "slab-corruption",
            "SLUB found a freed object's poison overwritten: a write after kfree() (use-after-free)", fix: slabFix),
        Row(.headline("Object already free"), "slab-corruption",
            "SLUB was asked to free an object that was already free: a double free", fix: slabFix),
        Row(.headline("Freepointer corrupt"), "slab-corruption",
            "SLUB found a free object's freelist pointer overwritten: a write after kfree() or past a neighbouring object", fix: slabFix),
        Row(.headline("Freechain corrupt"), "slab-corruption",
            "SLUB found a slab's chain of free objects corrupted: a write after kfree() or past a neighbouring object", fix: slabFix),
        Row(.headline("Padding overwritten"), "slab-corruption",
            "SLUB found a slab's padding overwritten: a write past the end of its last object", fix: slabFix),
        Row(.headline("Objects remaining"), "memory-leak",
            "A slab cache was destroyed while objects of it were still allocated: a leak, usually on module unload"),
        // lib/list_debug.c: __list_add_valid() and __list_del_entry_valid() (a BUG() or a WARN()).
        Row(.headline("list_add corruption"), "list-corruption", listFinding, fix: listFix),
        Row(.headline("list_del corruption"), "list-corruption", listFinding, fix: listFix),
        // BUG()s whose site names the check.
        Row(.bugSite("lib/list_debug.c"), "list-corruption", listFinding, fix: listFix),
        // mm/slub.c's BUG()s (and WARN()s) on the free path guard its freelists and the pointers kfree() is
        // given (set_freepointer()'s naive double-free check, a kfree() of a page SLUB does not
        // own); on the allocation path they check the caller's GFP flags, which is no corruption.
        Row(.bugSiteOnPath("mm/slub.c", slubFreePath), "slab-corruption",
            "A check on SLUB's free path fired (a BUG(), or a WARN() where the kernel goes on): it guards its freelists and the pointers kfree() is given, so an object was freed twice, a pointer SLUB does not own was freed, or a freelist was overwritten", fix: slabFix),
        Row(.bugSite("mm/usercopy.c"), "usercopy",
            "Hardened usercopy stopped a copy between user space and a kernel object that ran outside the object's bounds (or touched memory that must never be copied)",
            fix: "Check the length passed to copy_to_user()/copy_from_user() against the object's size (the preceding `usercopy:` line names the object and the offset)."),
        Row(.bugSiteShowing("lib/string.c", "fortify_panic"), "fortify",
            fortifyFinding, fix: fortifyFix),
        Row(.bugSiteShowing("lib/string.c", "detected buffer overflow"), "fortify",
            fortifyFinding, fix: fortifyFix),
        Row(.bugSite("lib/string_helpers.c"), "fortify",
            fortifyFinding, fix: fortifyFix),
    ]

    /// The row that names what `r`'s check found, or nil.
    static func finding(for r: Report) -> Row? {
        func atSite(_ file: String) -> Bool { r.site?.file.map { $0 == file || $0.hasSuffix("/" + file) } == true }
        return rows.first { row in
            switch row.match {
            case .headline(let text): return r.message.includes(text)
            case .dumpedBy(let function): return r.format == .headless && r.trace.prefix(6).contains { $0.baseSymbol == function }
            case .bugSite(let file): return atSite(file)
            case .warnMessage(let text): return r.site?.message?.hasPrefix(text) == true
            case .bugSiteOnPath(let file, let functions):
                let pc = r.pc.map { Frame.stripCompilerSuffixes($0.baseSymbol) }
                return atSite(file) && (pc.map(functions.contains) == true
                                        || r.trace.prefix(6).contains { functions.contains(Frame.stripCompilerSuffixes($0.baseSymbol)) })
            case .bugSiteShowing(let file, let text):
                return atSite(file) && (r.trace.contains { $0.baseSymbol == text } || r.site?.message?.includes(text) == true
                                        || (r.rawLines ?? []).contains { $0.includes(text) })
            }
        }
    }
}
