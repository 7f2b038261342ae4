/// Why a report follows from an earlier one of the same boot (``Report/consequenceOf``): the
/// echo of a first oops, which triage counts under its root. Each case is a fact the log shows,
/// never a guess from timing alone.
public enum Consequence: String, Codable, Sendable, CaseIterable {
    /// `Kernel panic - not syncing: Fatal exception` (or `Oops: Fatal exception`, `… in
    /// interrupt`): the panic die() raises after an oops (panic_on_oops, or an oops in interrupt).
    case fatalException = "fatal-exception"
    /// `Attempted to kill init!` after init (pid 1) oopsed: the oops killed it.
    case initKilled = "init-killed"
    /// The task that oopsed, reporting again: after die() a task only exits, and its taint
    /// already carries `D` (an oops or BUG happened).
    case sameTask = "same-task"
    /// A report whose stack is a dying task's exit from die() (`make_task_dead`,
    /// `rewind_stack_and_make_dead`, `rewind_stack_do_exit`).
    case dyingTask = "dying-task"
    /// The panic a detector raises right after its report when told to (`hung_task: blocked
    /// tasks`, `softlockup: hung tasks`, `Hard LOCKUP`, `RCU Stall`, `panic_on_warn set`),
    /// printed with a dump of its own.
    case detectorPanic = "detector-panic"

    /// One sentence for a reader: `Follows from report 1: the same task (pid 42) reporting again after its oops.`
    public func sentence(root: Int, pid: Int?) -> String {
        let task = pid.map { " (pid \($0))" } ?? ""
        let why: String
        switch self {
        case .fatalException: why = "the panic the kernel raises after that oops"
        case .initKilled: why = "init was killed by that oops"
        case .sameTask: why = "the same task\(task) reporting again after its oops"
        case .dyingTask: why = "the task\(task) killed by that oops, on its way out"
        case .detectorPanic: why = "the panic the kernel was configured to raise after that report"
        }
        return "Follows from report \(root): \(why)."
    }
}
