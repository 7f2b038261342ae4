/// Decides whether a register dump's first line may open a report whose head was cut off
/// (``ReportStart/headless``): only where no report is open and no dump or task line came
/// shortly before, since a register dump that follows one belongs to it (an NMI backtrace's
/// interrupted context, a sysrq dump, x86's registers repeated after `---[ end trace`).
struct HeadlessGate {
    /// Lines after a dump line (or a report's last line) in which a headless start is refused.
    static let dumpReach = 12
    /// Lines after a task line (`CPU: … PID:`): a dump's registers can come many lines after it
    /// when other output interleaves (old kernels, caller ids).
    static let taskReach = 100

    private var lastDumpLine = Int.min / 2
    private var lastReportEnd = Int.min / 2
    /// The last task line (`CPU: …`) read, in a report or not.
    private(set) var lastTaskLine = Int.min / 2

    /// Notes any line, in or out of a report (`text`: its message, blanks skipped).
    @inline(__always)
    mutating func noteAnyLine(_ number: Int, _ text: UnsafeRawBufferPointer) {
        // (`task:kworker/u8:2 state:D …`: a task's dump in sysrq-t or a hung-task report,
        // whose stack may hold the stale return addresses of an earlier oops.)
        if ByteText.hasPrefix(text, "CPU: ") || ByteText.hasPrefix(text, "task:") { lastTaskLine = number }
    }

    /// Notes an ordinary line outside any report: indented lines with a number in hex (frames,
    /// registers, an abort's fields), stack sections, end markers and trace headers are what
    /// dumps are made of. The indented prose of a mail is not.
    @inline(__always)
    mutating func noteIdleLine(_ number: Int, _ message: UnsafeRawBufferPointer, _ startAt: Int) {
        guard startAt < message.count else { return }
        let text = UnsafeRawBufferPointer(rebasing: message[startAt...])
        if startAt > 0 && Self.holdsHex(text) || Self.isStackMarker(text) || ByteText.hasPrefix(text, "---[")
            || ByteText.hasPrefix(text, "Call ") {
            lastDumpLine = number
        }
    }

    /// `0x`, or eight hex digits in a row (a register's value, an address).
    static func holdsHex(_ text: UnsafeRawBufferPointer) -> Bool {
        var run = 0
        var previous: UInt8 = 0
        for c in text {
            if previous == UInt8(ascii: "0") && c == UInt8(ascii: "x") { return true }
            run = ByteText.isHexDigit(c) ? run + 1 : 0
            if run == 8 { return true }
            previous = c
        }
        return false
    }

    /// x86's stack section markers (`<TASK>`, `</IRQ>`, `<NMI>`), not a mail's `<name@host> wrote:`.
    @inline(__always)
    static func isStackMarker(_ text: UnsafeRawBufferPointer) -> Bool {
        text.count > 1 && text[0] == UInt8(ascii: "<") && (text[1] &- UInt8(ascii: "A") < 26 || text[1] == UInt8(ascii: "/"))
    }

    /// A report ended at `line`: what follows closely may be its own trailing dump.
    mutating func reportEnded(at line: Int) {
        lastDumpLine = max(lastDumpLine, line)
        lastReportEnd = max(lastReportEnd, line)
    }

    /// Whether a headless start on `line` may open a report. A WARN's message
    /// (``ReportStart/warnMessage``) is no register dump: a task line before it does not matter.
    func opens(_ line: Int, anyOpen: Bool, warnMessage: Bool = false) -> Bool {
        !anyOpen && line - lastDumpLine > Self.dumpReach && (warnMessage || line - lastTaskLine > Self.taskReach)
    }

    /// Whether a crash-path frame (``ReportStart/crashFrame``) on `line` may open a report:
    /// the frames before it are its own dump; a report (open or just ended) or a task line
    /// before it (a panic's dump_stack() after the report it ends, a task dump's stale frames)
    /// owns it. Timestamped or not: a console whose head was lost (a wrapped ring buffer, a
    /// quoted excerpt) still shows the crash path. (A triage chunk's warm-up that begins inside
    /// a report may open one too; it starts before the chunk and is dropped there.)
    func opensFromCrashFrame(_ line: Int, anyOpen: Bool) -> Bool {
        !anyOpen && line - lastReportEnd > Self.dumpReach && line - lastTaskLine > Self.taskReach
    }
}
