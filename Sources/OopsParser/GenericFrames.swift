/// Frames that are plumbing, not the function a crash is about: skipped when a title or a
/// signature picks its function. One group per reason.
public enum GenericFrames {
    /// Stack dumping and the report machinery itself.
    static let reporting: Set<String> = [
        "dump_backtrace", "show_stack", "dump_stack", "dump_stack_lvl", "__dump_stack", "sched_show_task",
        "show_regs", "__show_regs", "show_trace_log_lvl", "print_address_description", "print_report",
        "printk", "vprintk", "vprintk_emit", "vprintk_default", "_printk", "nmi_cpu_backtrace",
        "nmi_trigger_cpumask_backtrace", "arch_trigger_cpumask_backtrace", "rcu_dump_cpu_stacks",
        "print_cpu_stall", "check_cpu_stall", "rcu_sched_clock_irq",
    ]
    /// BUG/WARN/panic helpers: the frame of interest is the one that called them.
    static let bugHelpers: Set<String> = [
        "panic", "__warn", "warn_slowpath_fmt", "warn_slowpath_null", "warn_slowpath_common", "report_bug",
        "bug_handler", "die", "__die", "die_kernel_fault", "do_trap", "do_error_trap", "handle_bug",
        "exc_invalid_op", "asm_exc_invalid_op", "invalid_op", "oops_end", "do_invalid_op",
        "__warn_printk", "__list_del_entry_valid", "__list_add_valid", "__list_del_entry_valid_or_report",
        "__list_add_valid_or_report", "__bug", "call_break_hook", "brk_handler", "do_debug_exception",
        "el1_dbg", "el1h_64_sync_handler", "el1_sync_handler", "el1h_64_sync", "el1_sync",
        "do_undefinstr", "bug_brk_handler", "early_brk64",
    ]
    /// Exception and fault entry: where the CPU trapped, not what went wrong.
    static let exceptionEntry: Set<String> = [
        "__do_kernel_fault", "do_page_fault", "do_translation_fault", "do_mem_abort", "el1_abort", "el1_da",
        "el1_ia", "el1_pc", "el1_sp_pc", "el1_undef", "el1_inv", "do_bad_area", "do_sea", "do_serror",
        "arm64_serror_panic", "__do_user_fault", "page_fault_oops", "kernelmode_fixup_or_oops",
        "no_context", "__bad_area_nosemaphore", "bad_area_nosemaphore", "exc_page_fault", "asm_exc_page_fault",
        "handle_page_fault", "page_fault", "do_user_addr_fault", "do_kern_addr_fault", "spurious_kernel_fault",
        "exc_general_protection", "asm_exc_general_protection", "general_protection", "do_general_protection",
        "handle_stack_overflow", "panic_bad_stack", "handle_bad_stack", "__panic_bad_stack",
        "el1h_64_error_handler", "el1_error", "el1h_64_error", "bad_mode", "do_el1_undef", "do_el1_fpac",
        "do_alignment_fault", "do_sp_pc_abort", "arm64_notify_die",
    ]
    /// Sanitizer internals.
    static let sanitizers: Set<String> = [
        "kasan_report", "__kasan_report", "kasan_report_invalid_free", "check_memory_region",
        "check_region_inline", "kasan_check_range", "__asan_load1", "__asan_load2", "__asan_load4",
        "__asan_load8", "__asan_load16", "__asan_loadN", "__asan_store1", "__asan_store2", "__asan_store4",
        "__asan_store8", "__asan_store16", "__asan_storeN", "__asan_report_load1_noabort",
        "__asan_report_load2_noabort", "__asan_report_load4_noabort", "__asan_report_load8_noabort",
        "__asan_report_load16_noabort", "__asan_report_store1_noabort", "__asan_report_store2_noabort",
        "__asan_report_store4_noabort", "__asan_report_store8_noabort", "__asan_report_store16_noabort",
        "__asan_report_load_n_noabort", "__asan_report_store_n_noabort", "__kasan_check_read",
        "__kasan_check_write", "kasan_check_read", "kasan_check_write", "__hwasan_load8_noabort",
        "__hwasan_store8_noabort", "__hwasan_tag_mismatch", "kasan_tag_mismatch", "ubsan_epilogue",
        "__ubsan_handle_out_of_bounds", "__ubsan_handle_shift_out_of_bounds", "__ubsan_handle_load_invalid_value",
        "__ubsan_handle_add_overflow", "__ubsan_handle_sub_overflow", "__ubsan_handle_mul_overflow",
        "__ubsan_handle_divrem_overflow", "__ubsan_handle_type_mismatch", "__ubsan_handle_type_mismatch_v1",
        "__ubsan_handle_negate_overflow", "__ubsan_handle_builtin_unreachable", "kmsan_report",
        "__msan_warning", "kfence_report_error", "kfence_handle_page_fault", "report_bug_entry",
    ]

    static let all: Set<String> = reporting.union(bugHelpers).union(exceptionEntry).union(sanitizers)

    public static func isGeneric(_ symbol: String) -> Bool { all.contains(symbol) }
}
