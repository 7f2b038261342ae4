/// A report pasted from its task line on, its headline left out (`This fixes the following
/// WARN_ON:` / a blank line / `[ 2.19] CPU: 5 PID: 186 Comm: kworker/u16:6 Not tainted 6.2.0 #26`
/// / `Hardware name: …` / `pc : panel_edp_probe+0x3d4/0x520`): the register dump's `pc :` or
/// `RIP:` line opens the report (``ReportStart/headless``), which begins at the task line and
/// takes its release and task from it. A paste that begins one line later, at the hardware
/// name, begins there (not where a task line just came, its piece wrapped off before it).
///
/// The kernel prints a task line before registers in dumps that are no report too (sysrq's
/// Show Regs, an NMI backtrace), but always right after its own timestamped line saying so. A
/// timestamped task line after a line without a timestamp (a blank line, the writer's prose, a
/// mail client's piece of a wrapped module list) is where a paste began; in a log without
/// timestamps nothing tells the two apart, and nothing is kept.
struct PasteHead {
    /// The most lines from the task line to the register dump's `pc :` / `RIP:` line (task,
    /// hardware name, workqueue, pstate, and their wrapped pieces).
    static let reach = 10

    private var previousStamped = false
    private(set) var lines: [KeptLine] = []

    /// Whether `text` (a message, blanks skipped) is a task line: `CPU: 5 PID: 186 Comm: …`
    /// (`CPU: 0 UID: 0 PID: 307` since 6.11).
    static func isTaskLine(_ text: UnsafeRawBufferPointer) -> Bool {
        ByteText.hasPrefix(text, "CPU: ") && ByteText.contains(text, pid)
    }
    private static let pid = Array(" PID: ".utf8)

    /// Whether a task line `stamped` (or not) on the next line would begin a paste.
    func wouldBegin(stamped: Bool) -> Bool { stamped && !previousStamped }

    /// Notes a line read while no report is open (`text`: its message, blanks skipped;
    /// `lastTaskLine`: the last task line before it, ``HeadlessGate/lastTaskLine``).
    mutating func note(_ number: Int, raw: UnsafeRawBufferPointer, messageStart: Int, text: UnsafeRawBufferPointer, stamped: Bool,
                       lastTaskLine: Int) {
        defer { previousStamped = stamped }
        if stamped && !previousStamped
            && (Self.isTaskLine(text) || ByteText.hasPrefix(text, "Hardware name: ") && number - lastTaskLine > Self.reach) {
            lines.removeAll(keepingCapacity: true)
        } else if lines.isEmpty || number - lines[0].number >= Self.reach {
            if !lines.isEmpty { lines.removeAll(keepingCapacity: true) }
            return
        }
        lines.append(KeptLine(number, raw, messageStart: messageStart))
    }

    /// Notes a line read inside a report: no paste begins there.
    mutating func noteInReport() {
        previousStamped = true
        if !lines.isEmpty { lines.removeAll(keepingCapacity: true) }
    }

    /// The paste's first line while it waits for its register dump: a report may begin there.
    var firstLine: Int? { lines.first?.number }

    /// Whether a register dump's first line on `line` follows a paste's task line closely.
    func reaches(_ line: Int) -> Bool {
        !lines.isEmpty && line - lines[0].number <= Self.reach
    }

    /// The lines from the task line up to `line`, which opens the report; forgotten after.
    mutating func take() -> [KeptLine] {
        defer { lines.removeAll() }
        return lines
    }
}
