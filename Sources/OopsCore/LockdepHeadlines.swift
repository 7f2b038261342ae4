/// The headlines of lockdep and RCU-lockdep reports (kernel/locking/lockdep.c,
/// kernel/rcu/update.c), which the kernel prints as `WARNING: <headline>` without a WARN_ON()
/// (before 4.15 boxed, `[ BUG: <headline> ]` or `[ INFO: <headline> ]`): the parser keeps a
/// report cut to such a headline, the diagnoser names its finding.
public enum LockdepHeadlines {
    public static let all = [
        "possible circular locking dependency detected",
        "possible recursive locking detected",
        "inconsistent lock state",
        "bad unlock balance detected",
        "suspicious RCU usage",
        "held lock freed",
        "lock held when returning to user space",
        "possible irq lock inversion dependency detected",
        "lock order detected",          // `HARDIRQ-safe -> HARDIRQ-unsafe lock order detected`
        "nested lock was not taken",
        "bad contention detected",
        "lock held at task exit time",
        "held lock released",
        "still has locks held",         // `[ BUG: syz-executor/31761 still has locks held! ]`
        "invalid wait context",
        "looking up invalid subclass",
        "trying to register non-static key",   // register_lock_class(): a lock never initialised
    ]

    /// The headlines as ``finding(in:)`` compares them (`suspicious RCU usage` has capitals).
    private static let lowercased = all.map { $0.lowercased() }

    public static let prefixes = ["WARNING: ", "[ WARNING: ", "BUG: ", "[ BUG: ", "INFO: ", "[ INFO: "]

    /// The headline `message` reports, lowercased as the title shows it; nil for other warnings.
    public static func finding(in message: String) -> String? {
        guard prefixes.contains(where: { message.hasPrefix($0) }) else { return nil }
        let text = message.lowercased()
        return lowercased.first { text.includes($0) }
    }
}
