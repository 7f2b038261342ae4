import OopsCore

/// The body of lockdep's reports (circular and recursive locking, irq-safety inversions,
/// inconsistent lock state, bad unlock balance, locks held on return to user space …) and
/// of the lock listings hung-task reports print: the lines between the headline and
/// `stack backtrace:`. Without them a lockdep report would end at its first prose line.
enum LockdepRules {
    /// What lockdep says between its lock descriptions, as searched phrases.
    static let phrases = [
        "is trying to acquire", "is trying to release", "is trying to lock:", "but task is already holding lock:",
        "and this task is already holding:", "but this task is not holding:", "which lock already depends on the new lock",
        "the existing dependency chain", "other info that might help us debug this", "Possible unsafe locking scenario:",
        "Possible interrupt unsafe locking scenario:", "Chain exists of:", #"\d+ locks? held by "#, "no locks held by ",
        "Showing all locks held in the system:", "which would create a new lock dependency:",
        "but this new dependency connects a", "irq-unsafe lock:", "the dependencies between", "the shortest dependencies between",
        "is leaving the kernel with locks still held", "inconsistent \\{", "state was registered at:", "rcu_scheduler_active = ",
        "but there are no more locks to release", "is freeing memory", "turning off the locking correctness validator",
        "the code is fine but needs lockdep annotation", "just changed the state of lock", " takes:",
        "RCU used illegally from", "suspicious rcu_dereference", "still has locks held", "is exiting with locks still held",
        "held lock freed", "This could be a false positive", "lock(s) held", "is not held", "Please report this",
    ]

    static let rules: [LineRule] = [
        LineRule("lockdep", "", "(?=.*?(?:" + phrases.joined(separator: "|") + "))", lockText: true) { _, _ in true },
        // `(&pipe->mutex/1){+.+.+.}, at: [<…>] pipe_lock+0x5b/0x70`, `#0: ffff… (&fi->mutex){+.+.}-{3:3}, at: …`.
        LineRule("lockdep", "", #"(?:#\d+:\s+)?(?:[0-9a-f]{8,16} )?\(.+?\)\{[^}]*\}"#, lockText: true) { _, _ in true },
        // `... key at: [<…>] __key.12345+0x0/0x40`, `... which became HARDIRQ-irq-safe at:`.
        LineRule("lockdep", "... ", lockText: true) { b, _ in b.beginOtherStack(); return true },
        LineRule("lockdep", "-> (", lockText: true) { _, _ in true },
        // The usage states of a lock, each followed by where it was first used so.
        LineRule("lockdep", "", #"(?:(?:IN-)?(?:HARD|SOFT)IRQ-[A-Z-]+|INITIAL(?: READ)? USE) at:"#, lockText: true) { b, _ in b.beginOtherStack(); return true },
        // The brace that closes a lock's usage block, alone on its line.
        LineRule("lockdep", "", #"^[{}]\s*$"#, lockText: true) { _, _ in true },
        // The scenario table: `CPU0    CPU1`, `----    ----`, `lock(&foo);`, `<Interrupt>`, `*** DEADLOCK ***`.
        // (Only the header row: `CPU0: Booted secondary processor` is boot chatter.)
        LineRule("lockdep", "CPU0", #"CPU0(?:\s+CPU1)?\s*$"#, lockText: true) { _, _ in true },
        LineRule("lockdep", "----", #"-{4}(?:\s+-{4})*\s*$"#, lockText: true) { _, _ in true },
        LineRule("lockdep", "", #"[rw]?(?:un)?lock(?:_nested)?\(.*\);\s*$"#, lockText: true) { _, _ in true },
        LineRule("lockdep", "<Interrupt>", lockText: true) { _, _ in true },
        LineRule("lockdep", "*** DEADLOCK ***", lockText: true) { _, _ in true },
        // The box around the headline and the release line under it, which names the kernel:
        // `6.0.0-rc6-syzkaller-17742-gc194837ebb57 #0 Not tainted`.
        LineRule("lockdep", "----------", lockText: true) { _, _ in true },
        LineRule("lockdep", "", #"(\S+) (#\d+) (?:Not tainted|Tainted: (.*?))\s*$"#, lockText: true) { b, m in
            b.withContext { c in
                if c.kernel == nil { c.kernel = m.string(1); c.build = m.string(2); c.tainted = m.string(3).map(Taint.normalize) }
            }
            return true
        },
    ]
}
