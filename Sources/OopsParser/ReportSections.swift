/// Where in a report its builder is, and what the report's lines opened and closed so far: the
/// section and trace state machine, apart from the record under construction (issue 20).
/// Frames count only inside a call trace; after an end marker only trailer lines (panic,
/// `Kernel Offset`, …) still belong.
public struct ReportSections {
    public enum Section: Sendable { case body, trace, otherStack, trailer }

    public var section: Section = .body
    public var endMarkerSeen = false
    /// The report's body runs until a closing marker line (KASAN's `=====`): every line of its
    /// caller in between belongs.
    var untilMarker: [UInt8]? = nil
    /// Lines taken while ``untilMarker`` runs.
    var bodyLines = 0
    /// A `Modules linked in:` list is open (its continuation lines belong to it).
    var modulesOpen = false
    /// `Call trace:` headers seen.
    var traceHeaders = 0
    /// The call trace's header came without the stamps the report's lines carry (its frames
    /// may too: ``ReportScanner``'s unstamped-trace rule).
    var unstampedTrace = false
    /// Why the call trace is not one clean stack, when it is not.
    var interleavedTrace: String? = nil
    /// `<IRQ>`-style markers set the section of the frames that follow.
    public var currentStackSection: String? = nil
    /// Which of the checked object's stacks the frames that follow belong to.
    var objectStack: ReportBuilder.ObjectStackKind? = nil

    /// An end marker (`---[ end trace`, KASAN's closing `=====`): only trailer lines follow.
    mutating func markEnd() {
        endMarkerSeen = true
        section = .trailer
    }

    /// A body that runs until KASAN's or SLUB's closing `=====` line.
    mutating func runUntilRule() { untilMarker = Array("=====".utf8) }
}
