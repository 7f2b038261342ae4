/// The panics a detector raises right after its own report when the system is told to
/// (kernel/hung_task.c, kernel/watchdog.c and watchdog_perf.c, kernel/rcu/tree_stall.h,
/// kernel/panic.c): `Kernel panic - not syncing: <text>`. panic() prints a dump of its own
/// after them (it skips dump_stack() only after die()), so each is a report of its own that
/// follows from the one before (``Consequence/detectorPanic``).
public enum DetectorPanic {
    /// The panic's text (as its message begins, or after `kernel: ` for 6.x panic_on_warn),
    /// and the classes of report it follows.
    public static let rows: [(text: String, after: Set<CrashKind>)] = [
        ("hung_task: blocked tasks", [.hungTask]),
        ("softlockup: hung tasks", [.softLockup]),
        ("Hard LOCKUP", [.hardLockup]),
        ("hard LOCKUP", [.hardLockup]),
        ("RCU Stall", [.rcuStall]),
        ("panic_on_warn set", [.warning]),
    ]

    /// The row `panic` (the text after `Kernel panic - not syncing: `) begins with, if any.
    static func row<S: StringProtocol>(of panic: S) -> (text: String, after: Set<CrashKind>)? {
        let text = panic.hasPrefix("kernel: ") ? panic.dropFirst("kernel: ".count) : panic[...]
        return rows.first { text.hasPrefix($0.text) }
    }

    /// Whether `panic` is a detector's.
    public static func isDetectorPanic(_ panic: Substring) -> Bool { row(of: panic) != nil }

    /// Whether `panic` is the detector's panic after a report of class `kind`.
    public static func follows(_ panic: String, _ kind: CrashKind) -> Bool { row(of: panic)?.after.contains(kind) == true }
}
