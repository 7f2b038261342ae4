import OopsCore

/// Marks the echoes of an oops: reports of the same boot that follow from a task's death in
/// an earlier one (``Consequence``), so triage counts the root and a reader sees why the second
/// report is there. Only what the log shows links two reports: the panic die() raises, init
/// killed after init oopsed, the oopsed task itself (its pid, its `D` taint, its exit path),
/// and the panic a detector raises right after its own report.
final class CascadeStage: ReportStage {
    /// A report whose task was killed by die(): its id, task and boot.
    private struct Death {
        let id: Int
        let pid: Int?
        let kernel: String?
        let timestamp: Double?
    }

    /// The deaths of the current boot, oldest first.
    private var deaths: [Death] = []
    /// The echoes of the current boot, by id (for their storms' repeats).
    private var echoes: [Int: (root: Int, why: Consequence)] = [:]
    /// The report before this one in the same boot: a detector's panic follows it.
    private var previous: (id: Int, kind: CrashKind, kernel: String?, timestamp: Double?)?

    /// Frames only a task on its way out of die() runs (5.17+ `make_task_dead`; x86's
    /// `rewind_stack_*` before and after).
    static let dyingFrames: Set<String> = ["make_task_dead", "rewind_stack_and_make_dead", "rewind_stack_do_exit"]

    func run(_ report: inout Report) {
        let kernel = report.context?.kernel
        let timestamp = report.context?.timestamp.flatMap(Double.init)
        // Another boot (another release, or the clock went back): its deaths are not this one's.
        if let last = deaths.last, Self.anotherBoot(kernel: kernel, timestamp: timestamp, than: (last.kernel, last.timestamp)) {
            deaths.removeAll()
            echoes.removeAll()
        }
        // A storm's repeat follows from what its first report follows from.
        if let p = previous, report.repeatOf == nil, Self.isDetectorPanic(report, after: p.kind),
           !Self.anotherBoot(kernel: kernel, timestamp: timestamp, than: (p.kernel, p.timestamp)) {
            report.consequenceOf = p.id
            report.consequence = .detectorPanic
            echoes[report.id] = (p.id, .detectorPanic)
            Self.foundItsStart(&report)
        } else if let first = report.repeatOf {
            if let link = echoes[first] { (report.consequenceOf, report.consequence) = (link.root, link.why) }
        } else if let (root, why) = Self.root(of: report, among: deaths) {
            report.consequenceOf = root
            report.consequence = why
            echoes[report.id] = (root, why)
            Self.foundItsStart(&report)
        }
        if report.oops?.count != nil {
            deaths.append(Death(id: report.id, pid: report.context?.pid, kernel: kernel, timestamp: timestamp))
        }
        previous = (report.id, report.kind, kernel, timestamp)
    }

    /// A panic titled as a tail whose start is missing: its start is the report it follows.
    private static func foundItsStart(_ r: inout Report) {
        guard r.corruptedReason == Report.startMissing else { return }
        r.corrupted = false
        r.corruptedReason = nil
    }

    private static func isDetectorPanic(_ r: Report, after kind: CrashKind) -> Bool {
        guard r.format == .kernelPanic, let panic = r.panic else { return false }
        return DetectorPanic.follows(panic, kind)
    }

    /// Whether a report of `kernel` at `timestamp` is of another boot than an earlier one.
    private static func anotherBoot(kernel: String?, timestamp: Double?, than earlier: (kernel: String?, timestamp: Double?)) -> Bool {
        if let k = kernel, let dk = earlier.kernel, k != dk { return true }
        if let t = timestamp, let dt = earlier.timestamp, t < dt { return true }
        return false
    }

    func reset() {
        deaths.removeAll()
        echoes.removeAll()
        previous = nil
    }

    /// The death `r` follows from, and how; nil when the log does not show one.
    private static func root(of r: Report, among deaths: [Death]) -> (Int, Consequence)? {
        guard let latest = deaths.last else { return nil }
        let pid = r.context?.pid
        // A panic report of its own (a report that ends in a panic printed it for itself).
        if r.kind == .panic, let panic = r.panic {
            if panic.contains("Fatal exception") { return (latest.id, .fatalException) }
            if panic.hasPrefix("Attempted to kill init!"), let d = deaths.last(where: { $0.pid == 1 }) {
                return (d.id, .initKilled)
            }
        }
        let sameTask = pid.flatMap { p in p > 0 ? deaths.last(where: { $0.pid == p }) : nil }
        if r.trace.contains(where: { dyingFrames.contains($0.symbol) }) {
            // The task of a death in the log (or, when the report names none, the latest).
            if let d = sameTask { return (d.id, .dyingTask) }
            if pid == nil { return (latest.id, .dyingTask) }
            return nil
        }
        // The same pid after its oops, printing the `D` taint die() set: pid reuse within a
        // boot would not carry it.
        if let d = sameTask, let taint = r.context?.tainted, taint.split(separator: " ").contains(where: { $0.contains("D") }) {
            return (d.id, .sameTask)
        }
        return nil
    }
}
