import OopsCore

/// Frames that are plumbing, not the function a crash is about: skipped when a title or a
/// signature picks its function. One group per reason; each entry is a pattern searched in the
/// function name (so `memcpy` also skips `__memcpy` and `memcpy_erms`), as syzbot does, whose
/// titles kernel engineers already read on dashboards. A title format may add skips of its own
/// (``TitleFormat/skip``) for frames that are plumbing only for that kind of report.
public enum GenericFrames {
    /// Sanitizers and debug checkers: they detect the bad access; the caller made it.
    static let sanitizers = [
        "__sanitizer", "__asan", "kasan", "hwasan", "__msan", "kmsan", "kcsan_setup_watchpoint",
        "check_memory_region", "check_heap_object", "check_object", "read_word_at_a_time",
        "(?:read|write)_once_.*nocheck", "print_address_description", "print_report", "__fortify_report",
        "debug_object", "timer_is_static_object", "work_is_static_object",
    ]
    /// Printing the report itself: stack dumps, printk, the taint line.
    static let reporting = [
        // (x86 before 4.9 printed `dump_trace` and `show_stack_log_lvl` first where the
        // unwinder scanned the stack: SUSE's DWARF unwinder, kernels without frame pointers.)
        "show_stack", "dump_stack", "walk_stack", "dump_backtrace", "^dump_trace$", "^unwind_backtrace$", "stack_trace_consume_entry",
        "arch_stack_walk", "stack_trace_save", "print_tainted", "^get_taint$", "hex_dump_to_buffer",
        "print_hex_dump", "printk", "va_format", "dev_info", "dev_notice", "dev_warn", "dev_err",
        "dev_alert", "dev_crit", "dev_emerg", "print_unlock", "imbalance_bug", "print_usage_bug",
    ]
    /// BUG/WARN/panic machinery and trap handlers: the frame of interest called them.
    static let bugMachinery = [
        "panic", "invalid_op", "report_bug", "fixup_bug", "do_error", "_trap$|do_trap", "warn_slowpath",
        "warn_alloc", "warn_bogus", "__warn", "program_check_exception", "program_check_common", "assertfail",
    ]
    /// arm64 exception entry of a translation fault or an SError: where the CPU trapped, not
    /// what went wrong (an SError panic's trace runs through these up to the `(P)` frame).
    static let exceptionEntry = [
        "do_(?:kernel|translation)_fault", "do_mem_abort", "el1_abort", "el1h_64_sync(?:_handler)?",
        "do_serror", "arm64_serror_panic", "arm64_is_fatal_ras_serror", "el1h_64_error(?:_handler)?", "^el1_error$",
        "^abort$", "^add_taint$",
        // ia64's: its trace starts at the dump (`show_stack`, `show_regs`, `die`), then the
        // fault's entry before the faulting frame.
        "^show_regs$", "^die$", "ia64_do_page_fault", "ia64_leave_kernel",
    ]
    /// Allocators and page-cache lookups: a failure inside them is the caller's request.
    static let allocators = [
        "alloc_page", "k?v?(?:m|z|c)alloc", "krealloc", "kmem_cache", "allocate_slab",
        "__alloc_frozen_pages_noprof", "folio_(?:alloc|unlock)", "filemap_alloc_folio", "__filemap_get_folio",
        "find_or_create_page", "do_read_cache_folio", "read_cache_page", "pagecache_get_page",
        "grab_cache_page_write_begin", "slab_", "^kv?free$", "kfree_skb", "ida_free",
    ]
    /// Locking primitives and lockdep: the lock is taken or checked for its caller.
    static let locking = [
        "lockdep", "lock_acquire", "lock_release", "lock_class", "mark_lock", "(?:reacquire|mark)_held_locks",
        "raw_spin_rq", "spin_lock", "spin_trylock", "spin_unlock", "read_lock", "read_trylock", "write_lock",
        "write_trylock", "read_unlock", "write_unlock", "^down$", "down_read", "down_write", "down_read_trylock",
        "down_write_trylock", "down_trylock", "up_read", "up_write", "^mutex_", "^__mutex_", "^rt_mutex_",
        "owner_on_cpu", "osq_lock", "osq_unlock", "bh_enable", "bh_disable", "(?:trace|lockdep)_(?:hard|soft)irq",
        "^(?:un)?lock_page", "lock_timer_base", "seqprop_assert",
    ]
    /// Atomics, bit operations and reference counts: generic helpers every subsystem calls.
    static let atomics = [
        "atomic(?:64)?_(?:dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)",
        "(?:set|clear|change|test)_bit", "^refcount_", "^kref_", "ref_tracker",
    ]
    /// Waking, waiting and completions.
    static let waiting = [
        "__wake_up", "^complete$", "wait_for_completion", "finish_wait", "kthread_stop",
    ]
    /// String, memory and formatting helpers: they fault on the buffer their caller passed.
    static let stringHelpers = [
        "memcpy", "memcmp", "memset", "memchr", "memmove", "memdup", "strcmp", "strncmp", "strcpy", "strlcpy",
        "strncpy", "strscpy", "strlen", "strstr", "strnstr", "strnlen", "strchr", "strdup", "strndup",
        "string", "pointer", "snprintf", "scnprintf", "kasprintf", "kvasprintf",
    ]
    /// User-copy helpers and their sleep checks.
    static let userCopy = [
        "copy_to_user", "copy_from_user", "copy_to_iter", "copy_from_iter", "copy_page_to_iter",
        "copy_page_from_iter", "copy_folio_to_iter", "^copyin$", "^copyout$", "put_user", "get_user",
        "might_fault", "might_sleep", "__might_resched", "extract_(?:user|iter)_to_sg",
    ]
    /// Generic containers: list, rbtree, xarray and hash-table helpers.
    static let containers = [
        "list_add", "list_del", "list_replace", "list_move", "list_splice", "^rb_", "^__rb_", "^klist_",
        "xas_(?:start|load|find)", "find_lock_entries", "rhashtable_lookup",
    ]
    /// Timers and workqueues: queueing, cancelling and flushing on behalf of a caller.
    static let deferredWork = [
        "del_timer", "flush_work", "__cancel_work_timer", "cancel_work_sync", "try_to_grab_pending",
        "flush_workqueue", "drain_workqueue", "destroy_workqueue", "queue_work", "insert_work",
        "__queue_delayed_work", "queue_delayed_work_on", "__timer_delete_sync", "sk_stop_timer_sync",
        "__mod_timer", "cleanup_srcu_struct",
    ]
    /// Device-model registration and teardown: a bug there is in the driver that drives it.
    static let deviceModel = [
        "kobject_", "add_uevent_var", "get_device_parent", "device_add", "device_del", "device_unregister",
        "device_destroy", "device_release", "devres_release_all", "hwrng_unregister", "i2c_del_adapter",
        "__unregister_client", "device_for_each_child", "rollback_registered", "unregister_netdev",
        "sysfs_remove", "device_remove_file", "tty_unregister_device", "^put_device$",
    ]
    /// USB request plumbing: the driver that submitted the URB is the interesting frame.
    static let usb = [
        "dummy_urb_enqueue", "usb_kill_urb", "usb_kill_anchored_urbs", "usb_control_msg",
        "usb_hcd_submit_urb", "usb_submit_urb",
    ]
    /// MMIO and port accessors, checksums: leaf helpers.
    static let leafHelpers = [
        "readb$", "readw$", "readl$", "readq$", "writeb$", "writew$", "writel$", "writeq$", "logic_in",
        "logic_out", "^crc\\d+", "crc_itu_t", "__phys_addr",
    ]
    /// VFS reference and buffer helpers that only drop or mark what a caller holds.
    static let vfsReferences = [
        "^iput$", "^iput_final$", "^ihold$", "drop_nlink", "fast_dput", "dput", "mark_buffer_dirty",
        "truncate_inode_pages_range",
    ]
    /// Tracepoints and retpoline thunks: compiler and tracing glue.
    static let glue = ["perf_trace", "_indirect_thunk_"]

    static let groups: [[String]] = [
        sanitizers, reporting, bugMachinery, exceptionEntry, allocators, locking, atomics, waiting,
        stringHelpers, userCopy, containers, deferredWork, deviceModel, usb, leafHelpers, vfsReferences, glue,
    ]

    /// Every generic frame, as one pattern.
    static let pattern = Pattern(groups.joined().joined(separator: "|"))

    /// The kernel reporting a crash: what a trace begins with before the crash's own frames.
    static let reportingPattern = Pattern((sanitizers + reporting + bugMachinery + exceptionEntry).joined(separator: "|"))

    /// Marks the frames a trace begins with that are the kernel reporting the crash
    /// (``Frame/machinery``): up to the first frame that is none, unreliable ones included.
    static func markMachinery(_ trace: inout [Frame], scratch: MatchScratch) {
        var run = 0
        var last: Int?
        while run < trace.count {
            let f = trace[run]
            if f.reliable {
                guard reportingPattern.matches(f.baseSymbol, scratch: scratch) else { break }
                last = run
            }
            run += 1
        }
        guard let last else { return }
        for i in 0...last { trace[i].machinery = true }
    }

    /// Syscall wrappers print their entry under several prefixes (`__x64_sys_`, `__se_sys_`,
    /// `SyS_`, `ksys_` …): a title names the syscall the same on every architecture and build.
    static let syscallPrefixes = [
        "SYSC_", "SyS_", "sys_", "__x64_", "__ia32_", "__arm64_", "____sys_", "___sys_", "__sys_", "__se_",
        "__se_sys_", "__do_sys_", "compat_SYSC_", "compat_SyS_", "ksys_",
    ]

    /// Whether `symbol` is plumbing. Answers are remembered in the thread's scratch: the same
    /// few hundred functions (worker_thread, el0_svc …) end every stack, and the pattern is a
    /// search for a hundred substrings.
    public static func isGeneric(_ symbol: String, scratch: MatchScratch = MatchScratch()) -> Bool {
        if let known = scratch.genericFrames[symbol] { return known }
        let generic = pattern.matches(symbol, scratch: scratch)
        if scratch.genericFrames.count > 50_000 { scratch.genericFrames.removeAll(keepingCapacity: true) }
        scratch.genericFrames[symbol] = generic
        return generic
    }

    /// The name with the one syscall prefix removed that leaves it shortest.
    static func strippingSyscallPrefix(_ name: String) -> String {
        var best = name
        for p in syscallPrefixes where name.hasPrefix(p) && name.count - p.count < best.count {
            best = String(name.dropFirst(p.count))
        }
        return best
    }
}
