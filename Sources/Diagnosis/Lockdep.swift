import OopsCore

/// The headlines of lockdep and RCU-lockdep reports (kernel/locking/lockdep.c,
/// kernel/rcu/update.c), which the kernel prints as `WARNING: <headline>` without a WARN_ON()
/// (before 4.15 boxed, `[ BUG: <headline> ]` or `[ INFO: <headline> ]`).
enum Lockdep {
    static let headlines = [
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
    private static let lowercased = headlines.map { $0.lowercased() }

    /// What to do about most of its reports.
    static let readTheReport = "Read lockdep's report below the headline: it prints the locks held, the lock being taken and the stacks that took them (for a circular dependency, each link of the chain); fix the ordering, the missing lock or the unbalanced unlock it names."

    static let prefixes = ["WARNING: ", "[ WARNING: ", "BUG: ", "[ BUG: ", "INFO: ", "[ INFO: "]

    /// The headline `message` reports, lowercased as the title shows it; nil for other warnings.
    static func finding(in message: String) -> String? {
        guard prefixes.contains(where: { message.hasPrefix($0) }) else { return nil }
        let text = message.lowercased()
        return lowercased.first { text.includes($0) }
    }
}
