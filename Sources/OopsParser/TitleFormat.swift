/// One convention for titling a kind of report, as data (the shape of syzbot's titles, which
/// kernel engineers read on dashboards): which headline it applies to, which later line adds
/// to it, what the title looks like, and where in the report its function is found.
public struct TitleFormat: Sendable {
    /// Searched in the headline; its captures are `$1`, `$2` … of ``template``.
    let headline: Pattern
    /// The headline may run on into the next line (it prints a task name, which can hold a
    /// newline): the pattern is also searched in the two lines joined by `\n`.
    let spansLines: Bool
    /// Searched in turn from the headline on, each from the line after the previous one's; their
    /// captures follow the headline's. A report whose detail lines are missing is corrupted
    /// (the kernel always prints them).
    let detail: [Pattern]
    /// The title: `$N` captures, `{FUNC}` the function found by ``frames``, `{FUNC2}` the one
    /// found by its second stack.
    let template: String
    /// Where the function is; nil when the title names none.
    let frames: [FrameStep]?
    /// Tried in turn when ``frames`` finds nothing (other layouts of the same report).
    let fallbackFrames: [[FrameStep]]
    /// Whether a function a fallback found makes the report whole again (a WARN's site); not
    /// when the fallback only names what the headline says and the stack stays lost.
    let fallbackMends: Bool
    /// Frames that are plumbing for this kind of report only, on top of ``GenericFrames``.
    let skip: Pattern?
    let pick: FramePick
    /// The report always prints a stack (the default); one without is corrupted.
    let printsStack: Bool
    /// The headline alone means the report is garbled (its real first line was lost).
    let corrupted: Bool

    init(_ headline: String, detail: [String] = [], _ template: String, frames: [FrameStep]? = nil,
         fallback: [[FrameStep]] = [], fallbackMends: Bool = true, skip: [String] = [], pick: FramePick = .first,
         printsStack: Bool? = nil, corrupted: Bool = false, spansLines: Bool = false) {
        self.headline = Pattern(headline)
        self.spansLines = spansLines
        self.detail = detail.map { Pattern($0) }
        self.template = template
        self.frames = frames
        self.fallbackFrames = fallback
        self.fallbackMends = fallbackMends
        self.skip = skip.isEmpty ? nil : Pattern(skip.joined(separator: "|"))
        self.pick = pick
        self.printsStack = printsStack ?? true
        self.corrupted = corrupted
    }
}

/// A step of finding a title's function in the lines of a report, taken in order from the
/// headline on.
public enum FrameStep: Sendable {
    /// Go to the next line that matches; its first capture, if any, is a candidate function.
    case line(Pattern)
    /// Read frames up to the next stack header. Each `stack` after the first starts a new
    /// group (`{FUNC2}`); a `line` step right after a `stack` ends that stack where it matches.
    case stack

    /// The faulting pc (`RIP:`, `pc :`, `PC is at`).
    static let pc = FrameStep.line(StackText.pcLine)
    /// A `Call Trace:` header.
    static let callTrace = FrameStep.line(StackText.callTrace)
    static func after(_ pattern: String) -> FrameStep { .line(Pattern(pattern)) }
}

/// Report headlines that share a header word, with the formats that title them (most specific
/// first) and the lines that carry the word without being reports.
public struct TitleGroup: Sendable {
    /// The headline contains this.
    let header: String
    let formats: [TitleFormat]
    /// Lines with the header that are not reports (`ODEBUG:` contains `DEBUG:` …).
    let notReports: Pattern?

    init(_ header: String, _ formats: [TitleFormat], notReports: [String] = []) {
        self.header = header
        self.formats = formats
        self.notReports = notReports.isEmpty ? nil : NotReports.pattern(notReports)
    }
}
