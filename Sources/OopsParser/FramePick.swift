/// Which frame of a stack a title names, once generic frames are skipped.
///
/// Most reports are about their first meaningful frame. Stalls and hangs are not: the stack of a
/// stall shows a random point inside a loop, and a hung task sleeps wherever its victim waits,
/// so naming the top frame would split one bug into many titles. For those the title names a
/// frame that identifies the *operation* instead (syzbot's convention).
public enum FramePick: Sendable {
    /// The first frame.
    case first
    /// Stalls and lockups: the frame just above the first dispatch point (syscall entry, work
    /// item, softirq, timer …), i.e. the operation that was running when the CPU got stuck.
    case stall
    /// Hung tasks: the lock or RCU wait the task hangs on when it is a well-known one, else the
    /// first frame that is not scheduling, locking or waiting.
    case hungTask

    /// The chosen frame and its index in `frames`, or nil when the stack has none to offer.
    func pick(_ frames: [String], scratch: MatchScratch) -> (String, Int)? {
        guard !frames.isEmpty else { return nil }
        switch self {
        case .first:
            return (frames[0], 0)
        case .stall:
            var previous = (frames[0], 0)
            for (i, f) in frames.enumerated() {
                if StallAnchors.dispatch.matches(f, scratch: scratch) {
                    // Cross-CPU calls have many variants; they are one operation.
                    if f.includes("smp_call_function") { return ("smp_call_function", i) }
                    return previous
                }
                previous = (f, i)
            }
            return nil
        case .hungTask:
            for (i, f) in frames.enumerated() {
                for (anchor, name) in StallAnchors.hungWaits where f.includes(anchor) { return (name ?? f, i) }
            }
            for (i, f) in frames.enumerated() where !StallAnchors.hungPlumbing.contains(where: { f.includes($0) }) {
                return (f, i)
            }
            return nil
        }
    }
}

/// The frames ``FramePick`` looks for.
enum StallAnchors {
    /// Points where the kernel dispatches work on behalf of something else: the frame above one
    /// of them is the operation that ran. Callers of very generic entries (ioctl, read/write,
    /// sockets) are dispatch points too, so that the title names the driver or protocol.
    static let dispatch = Pattern([
        // Workqueues, syscall entry, softirqs, timers, kthreads and CPU bring-up.
        "process_one_work", "do_syscall_", "do_fast_syscall_", "sysenter_dispatch", "tracesys_phase2",
        "el0_svc_handler", "invoke_syscall", "ret_fast_syscall", "netif_receive_skb", "do_softirq",
        "call_timer_fn", "_run_timers", "run_timer_softirq", "hrtimer_run", "run_ksoftirqd",
        "smpboot_thread_fn", "^kthread$", "start_secondary", "cpu_startup_entry", "ret_from_fork",
        // File operations: the frame above names the file system or driver.
        "vfs_write", "vfs_read", "vfs_iter_read", "vfs_iter_write", "do_iter_read", "do_iter_write",
        "call_read_iter", "call_write_iter", "new_sync_read", "new_sync_write", "vfs_ioctl", "ksys_ioctl",
        "compat_ioctl", "compat_sys_ioctl", "blkdev_driver_ioctl", "blkdev_ioctl", "do_iter_readv_writev",
        "^call_mmap", "mmap_region", "do_mmap", "do_dentry_open", "vfs_open",
        // Socket operations: the frame above names the protocol.
        "^sock_sendmsg", "^sock_recvmsg", "^sock_release", "^__sock_release", "^setsockopt$",
        "kernel_setsockopt", "sock_common_setsockopt", "^listen$", "kernel_listen", "sk_common_release",
        "^sock_mmap", "^accept$", "kernel_accept", "^sock_do_ioctl", "^sock_ioctl", "^compat_sock_ioctl",
        "^nfnetlink_rcv_msg", "^rtnetlink_rcv_msg", "^netlink_dump", "^(?:sys_)?(?:socketpair|connect|ioctl)",
        // Page faults and the return-to-user work.
        "__do_fault", "do_page_fault", "^page_fault$", "__fput", "task_work_run", "exit_to_usermode",
        "smp_call_function", "tasklet_action", "tasklet_hi_action",
        // Driver probing (also run as work on another CPU): the frame above is the driver's probe.
        "^really_probe", "^call_driver_probe", "^platform_probe", "^local_pci_probe", "^work_for_cpu_fn",
    ].joined(separator: "|"))

    /// Waits that many unrelated hangs share: grouped under one name (nil keeps the frame).
    static let hungWaits: [(String, String?)] = [
        ("rtnl_lock", nil), ("synchronize_rcu", "synchronize_rcu"), ("synchronize_srcu", "synchronize_rcu"),
        ("synchronize_net", "synchronize_rcu"), ("synchronize_sched", "synchronize_rcu"),
    ]

    /// Substrings of frames a hung task sleeps in: scheduling, locks, waits.
    static let hungPlumbing = [
        "sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread", "wait", "synchronize",
        "context_switch", "__switch_to", "cancel_delayed_work", "rcu_barrier",
    ]
}
