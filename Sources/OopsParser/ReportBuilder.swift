import OopsCore

/// Accumulates the lines of one report into a ``Report``. The scanner feeds it lines; grammar
/// rules call its small mutators; ``finish(interrupted:)`` returns the record.
public final class ReportBuilder {

    /// What happened to a line offered to the builder.
    public enum Verdict: Sendable, Equatable {
        /// Part of this report.
        case accepted
        /// Not part of it (another subsystem printing in between); the report goes on.
        case foreign
        /// Not part of it, and the report is over (a non-trailer line after the end marker).
        case ended
    }

    @exclusivity(unchecked) public var report: Report
    /// The match state of the scanner that owns this builder (one per thread).
    public let scratch: MatchScratch
    /// What the lines say about the machine before the record can hold it (``MachineScratch``).
    @exclusivity(unchecked) public var machine = MachineScratch()
    /// A repeated SMMUv3 event whose record is still arriving (``RepeatProbe``).
    @exclusivity(unchecked) var probe: RepeatProbe?
    var rawLineCountForProbe: Int { rawLines.count }
    /// The probed event turned out to be another fault: its lines, to be scanned again as a
    /// report of their own, and this report rolled back to before it.
    func takeSplitProbe() -> [(number: Int, bytes: [UInt8])]? {
        guard let p = probe, p.differs else { return nil }
        probe = nil
        rawLines.removeLast(rawLines.count - p.rawLineCount)
        rawMessageStarts.removeLast(rawMessageStarts.count - p.rawLineCount)
        rawLinesThroughLastAccepted = min(rawLinesThroughLastAccepted, rawLines.count)
        lastLine = p.lastLine
        return p.lines
    }
    /// The caller id of the report's first line; lines of other callers are not offered.
    public let caller: CallerID?
    /// The report's first line carried a printk timestamp.
    public let timestamped: Bool
    /// The column its first line's message began at, after any quoting: where `dmesg` and
    /// `journalctl` indent the later lines of a record of several lines.
    let messageColumn: Int
    /// How deep the report's first line was quoted (a log pasted into a mail and replied to).
    public let quoteDepth: Int
    /// Start formats this report opened with or absorbed, in order.
    @exclusivity(unchecked) public private(set) var formats: [ReportFormat]
    /// The section and trace state machine (``ReportSections``).
    @exclusivity(unchecked) public var sections = ReportSections()
    @exclusivity(unchecked) var absorbs: Set<ReportFormat>
    let mergesRepeats: Bool
    /// Consecutive lines that no rule knew.
    @exclusivity(unchecked) public private(set) var foreignRun = 0
    @exclusivity(unchecked) public private(set) var lastLine: Int
    /// The last line offered to the report, taken or not (a stamped blank line of the record).
    @exclusivity(unchecked) private(set) var lastConsumedLine = 0
    /// Records the function the report's first line names (`WARNING: … at f.c:1 func+0x…`,
    /// `BUG: KASAN: use-after-free in func`).
    public func setNamedFunction(_ name: String?) {
        guard let name, !name.isEmpty else { return }
        var site = report.site ?? SourceSite(file: nil, line: nil)
        if site.function == nil { site.function = Frame.parseSymbol(name) }
        report.site = site
    }
    /// Raw text of the report's lines (prefixes kept): every line of its caller from its first
    /// to its last accepted line, known to the grammar or not, as a reader sees the report in
    /// the log. Renderers show it; titles are read from it (``ReportTitler``).
    @exclusivity(unchecked) public private(set) var rawLines: [String] = []
    /// Where each raw line's message begins (``Report/rawMessageStarts``).
    @exclusivity(unchecked) private var rawMessageStarts: [Int] = []
    @exclusivity(unchecked) private var rawBytes = 0
    /// How many of `rawLines` run up to the last accepted line: lines of other output after it
    /// are not the report's.
    @exclusivity(unchecked) private var rawLinesThroughLastAccepted = 0
    static let maxFrames = 4096
    static let maxRawBytes = 1 << 20
    @exclusivity(unchecked) private var droppedFrames = 0

    init(start: ReportStart, firstLine: Int, caller: CallerID?, timestamp: String?, messageColumn: Int = 0,
         quoteDepth: Int = 0, id: Int, scratch: MatchScratch) {
        self.scratch = scratch
        self.caller = caller
        self.timestamped = timestamp != nil
        self.messageColumn = messageColumn
        self.quoteDepth = quoteDepth
        let row = start.format.row
        self.formats = [start.format]
        self.mayPrintLocks = row.listsLocks
        self.absorbs = row.absorbs
        self.mergesRepeats = row.mergesRepeats
        self.lastLine = firstLine
        self.report = Report(id: id, lines: LineSpan(first: firstLine, last: firstLine), message: "")
        self.report.format = start.format
        if caller != nil || timestamp != nil {
            var ctx = ExecutionContext()
            ctx.caller = caller?.description
            ctx.timestamp = timestamp
            report.context = ctx
        }
    }

    /// The report opened with a headline that lockdep, the hung-task detector or an RCU or
    /// lockup report prints its lock listings under (``FormatRow/listsLocks``).
    let mayPrintLocks: Bool

    /// Whether a newly detected start of `format` continues this report.
    func absorbs(_ start: ReportStart, message: UnsafeRawBufferPointer) -> Bool {
        // Only the same fault repeats: the same text (SMMUv3's event line says too little, and
        // its record is probed; see ``RepeatProbe``).
        if mergesRepeats && start.format == formats[0] {
            let text = ByteText.string(ByteText.trimTrailingBlanks(message))
            if text == report.message || ByteText.hasPrefix(message, "arm-smmu-v3 ") { return true }
            // Intel's handler announces its records (`DMAR: DRHD: handling fault status reg
            // 2`): the record after it (`DMAR: [DMA Read NO_PASID] Request device [0b:00.0]
            // fault addr …`) is the fault; another announcement, or the same record again, is
            // the storm going on.
            // AMD-Vi logs an event per faulting page: the same device's IO_PAGE_FAULTs in one
            // domain, one after another (`… domain=0x0002 address=0x3682ff000 flags=0x0000`, the
            // next page, …), are one fault going on; the first one's fields are kept.
            if start.format == .amdVi, let a = Self.beforeAddress(text), let b = Self.beforeAddress(report.message) {
                return a == b
            }
            if start.format == .dmar {
                return ByteText.hasPrefix(message, "DMAR: DRHD: ") || report.iommu == nil
                    || rawLines.suffix(8).contains { $0.hasSuffix(text) }   // a storm repeats its pair: bounded, not quadratic
            }
            return false
        }
        guard absorbs.contains(start.format), !formats.contains(start.format) else { return false }
        return !printedDieHeaderTooLate(start) && !isPanicWithItsOwnDump(start, message: message)
    }

    /// An AMD-Vi event line up to its address: the device and the domain.
    private static func beforeAddress(_ line: String) -> Substring? {
        guard let event = line.range(of: "Event logged [IO_PAGE_FAULT"),
              let address = line.range(of: " address=", range: event.upperBound..<line.endIndex) else { return nil }
        return line[line.startIndex..<address.lowerBound]
    }

    /// Whether `start`, arriving while this report prints, begins a report of its own: a row
    /// that always does, die()'s header after this report's call trace, or a detector's panic
    /// that dumps again.
    func isInterrupted(by start: ReportStart, message: UnsafeRawBufferPointer) -> Bool {
        start.interrupts || printedDieHeaderTooLate(start) || isPanicWithItsOwnDump(start, message: message)
    }

    /// A detector's panic (``DetectorPanic``) after a report that printed its trace; before it
    /// (pre-6.x panic_on_warn panics inside __warn()) its dump is the report's.
    func isPanicWithItsOwnDump(_ start: ReportStart, message: UnsafeRawBufferPointer) -> Bool {
        guard start.format == .kernelPanic, formats[0].row.panicDumpsAgain,
              !report.trace.isEmpty || formats[0].row.panicIsAnotherTasks else { return false }
        let text = ByteText.string(message)
        guard let r = text.range(of: "not syncing: ") else { return false }
        return DetectorPanic.isDetectorPanic(text[r.upperBound...])
    }

    /// die()'s header comes before the registers and the call trace: after the trace it is the
    /// next oops (an excerpt pasting one crash after another).
    private func printedDieHeaderTooLate(_ start: ReportStart) -> Bool {
        ReportFormats.dieHeaders.contains(start.format) && !report.trace.isEmpty
    }

    func absorb(_ start: ReportStart) {
        formats.append(start.format)
        absorbs.formUnion(start.format.row.absorbs)
        if start.format == .kernelPanic || sections.endMarkerSeen { return }
        // A start absorbed before the end marker keeps the body open (BUG after list_del).
        sections.section = .body
    }

    /// Offers one line. `message` is the line without prefixes.
    /// `interjection`: the line opens a report of its own that cannot interrupt this one (a
    /// netdev wait, a trap line of another CPU): it is kept for the record but read as foreign.
    /// `lessQuoted`: the line is quoted less deeply than the report's first line. When no rule
    /// knows it, it is the mail's own text (the writer's question between two quoted frames,
    /// the blank line around it): it neither ends the call trace nor joins the record, though a
    /// long run of such lines still ends the report.
    func consume(number: Int, raw: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer,
                 grammar: Grammar, scratch: MatchScratch, isStart: Bool, interjection: Bool = false,
                 lessQuoted: Bool = false) -> Verdict {
        lastConsumedLine = number
        let indent = ByteText.skipBlanks(message)
        let m = ByteText.trimTrailingBlanks(UnsafeRawBufferPointer(rebasing: message[indent...]))
        if m.isEmpty && lessQuoted {
            foreignRun += 1
            return .foreign
        }
        if m.isEmpty {
            // A blank line ends a trace, but not right under its header: there it is the
            // `<TASK>` marker that a web archive took for an HTML tag and removed.
            if sections.section == .trace && !report.trace.isEmpty { sections.section = .body }
            keepRaw(raw, message: message)
            return .foreign
        }
        if interjection {
            if sections.section == .trace && !report.trace.isEmpty {
                sections.interleavedTrace = "another report's line interrupts the call trace"
            }
            keepRaw(raw, message: message)
            foreignRun += 1
            return .foreign
        }
        let verdict = classify(number: number, raw: raw, m: m, indent: indent, grammar: grammar, scratch: scratch, isStart: isStart)
        if verdict == .foreign && lessQuoted { return verdict }
        if verdict != .ended {
            keepRaw(raw, message: message)
            outer?.mirror(raw, message: message, number: number, accepted: verdict == .accepted || isStart)
        }
        if verdict == .accepted || isStart { rawLinesThroughLastAccepted = rawLines.count }
        if probe != nil { probe!.lines.append((number, Array(raw))) }
        return verdict
    }

    private func classify(number: Int, raw: UnsafeRawBufferPointer, m: UnsafeRawBufferPointer, indent: Int,
                          grammar: Grammar, scratch: MatchScratch, isStart: Bool) -> Verdict {
        if report.message.isEmpty { report.message = ByteText.string(m) }
        let headersBefore = sections.traceHeaders
        var known = false
        if sections.endMarkerSeen && !isStart {
            guard let name = grammar.apply(m, indent: indent, to: self, scratch: scratch),
                  Self.trailerRules.contains(name) else { return .ended }
            known = true
        } else if frame(m, scratch: scratch, indent: indent) {
            known = true
        } else if sections.section == .otherStack, let f = FrameSyntax.parse(m, scratch: scratch) {
            if f.symbol.first != "0" { appendObjectFrame(f) }
            known = true
        } else if let name = grammar.apply(m, indent: indent, to: self, scratch: scratch) {
            // Another kind of line ends a trace, unless the rule itself just began one.
            if sections.section == .trace && !Self.traceNeutralRules.contains(name) && sections.traceHeaders == headersBefore {
                sections.section = .body
            }
            known = true
        } else if sections.modulesOpen, moduleContinuation(m) {
            known = true
        } else if sections.untilMarker != nil {
            known = true
            sections.bodyLines += 1
        }
        if known {
            foreignRun = 0
            lastLine = number
            return .accepted
        }
        sections.modulesOpen = false
        foreignRun += 1
        return .foreign
    }

    /// The report still owes its call trace (it began one, or its kind always prints one, and
    /// no frame nor end marker came yet), or is in the middle of it.
    var awaitsMore: Bool {
        if sections.endMarkerSeen { return false }
        if sections.section == .trace { return true }
        return report.trace.isEmpty && (sections.traceHeaders > 0 || formats.contains { $0.row.printsTrace })
    }

    /// The report this one is nested in (the same context began this one before the outer one
    /// printed its stack): it keeps this report's lines too, and ends with it.
    @exclusivity(unchecked) public var outer: ReportBuilder?

    /// A line of a nested report, kept as the outer report's text (not parsed into its record).
    func mirror(_ raw: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, number: Int, accepted: Bool) {
        keepRaw(raw, message: message)
        if accepted { rawLinesThroughLastAccepted = rawLines.count; lastLine = number }
        outer?.mirror(raw, message: message, number: number, accepted: accepted)
    }

    /// Rules that may appear inside a call trace without ending it.
    /// x86 prints the registers and code of an exception frame (a WARN's trap, an interrupt)
    /// inside the trace, and the frames go on after them.
    static let traceNeutralRules: Set<String> = [
        "stack-section", "exception-stack", "hexdump", "x86-rip", "x86-rsp", "x86-registers", "x86-segments",
        "x86-cr2", "code",
    ]

    /// The functions that print a stack: the top of every trace. One of them after other
    /// frames means a second stack was printed into this one.
    static let stackDumpers: Set<String> = ["dump_backtrace", "show_stack", "dump_stack", "dump_stack_lvl", "__dump_stack"]
    /// The dumper's own callees, printed above it (x86 before 4.9: `dump_trace`,
    /// `show_stack_log_lvl`, then `show_stack`; 32-bit arm's `unwind_backtrace`): a dumper
    /// after them restarts nothing.
    static let dumperCallees: Set<String> = ["dump_trace", "show_stack_log_lvl", "show_trace_log_lvl", "print_context_stack",
                                             "unwind_backtrace"]

    /// Rules whose lines still belong after `---[ end trace`.
    static let trailerRules: Set<String> = [
        "kernel-panic", "trailer", "end-trace", "end-panic",
        // x86 5.x+ repeats the faulting registers and code after the end marker.
        "x86-rip", "x86-rsp", "x86-registers", "x86-segments", "x86-cr2", "code",
    ]

    // MARK: trace

    /// Parses `m` as a frame of the current call trace, if a trace is being read. A stack
    /// dumper after other frames means a second stack was printed into this one.
    func frame(_ m: UnsafeRawBufferPointer, scratch: MatchScratch, indent: Int = 0) -> Bool {
        guard sections.section == .trace || beginsHeaderlessTrace(indent: indent, addressed: m.first == UInt8(ascii: "[") && m.count > 1 && m[1] == UInt8(ascii: "<")) else { return false }
        var parsed = FrameSyntax.parse(m, scratch: scratch)
        // 32-bit arm's `callee from caller+off/size`, only under a trace header (a driver's
        // `called from sym+0x1/0x2` is no frame): the first line's callee is the innermost
        // function (an oops's pc).
        if parsed == nil, sections.section == .trace, let arm = FrameSyntax.parseArm32From(m, scratch: scratch) {
            machine.isArm32 = true
            if report.trace.isEmpty { addFrame(Frame(symbol: arm.callee)) }
            parsed = arm.caller
        }
        guard let f = parsed else { return false }
        sections.section = .trace
        if FrameSyntax.hasNarrowAddress(m) && !machine.isArm32 { machine.isUnnamedArch = true }
        if f.reliable, Self.stackDumpers.contains(f.baseSymbol), let last = report.trace.last,
           !Self.stackDumpers.contains(last.baseSymbol), !Self.dumperCallees.contains(last.baseSymbol) {
            sections.interleavedTrace = "the call trace restarts in the middle (two stacks printed into one)"
        }
        addFrame(f)
        return true
    }

    /// A report pasted trimmed to its headline and frames: an indented frame before any
    /// register dump or trace. An arm64 fault prints no frame there (`Unable to handle kernel …`,
    /// `Mem abort info:`, then the frames without `Call trace:`); in another format that prints
    /// a trace, the line before the frame is the writer's elision (`[  ...]`), which cut the
    /// header. (Lockdep prints its chains' stacks before the trace, another CPU's dump may
    /// interleave: frames there are not the report's trace unless the writer said so.) Before
    /// 4.15 arm64's frames were not indented but led by their address (`[<ffffff90083a2158>]
    /// shrink_page_list+0x1998/0x3240`).
    private func beginsHeaderlessTrace(indent: Int, addressed: Bool) -> Bool {
        guard indent > 0 || addressed, sections.section == .body, report.trace.isEmpty, sections.traceHeaders == 0, !sections.endMarkerSeen else { return false }
        if report.pc == nil, report.registers == nil, formats[0] == .unableToHandle || formats[0] == .memAbortInfo { return true }
        // The writer's elision cut what came before the frames: the rest of a register dump too.
        return formats[0].row.printsTrace && rawLines.last.map { isElision($0) } == true
    }

    /// A line that is a writer's elision (`[  ...]`, `...`, `…`), whatever its prefix; `..`
    /// without a stamp in a timestamped report.
    private func isElision(_ line: String) -> Bool {
        var bytes = Array(line.utf8)
        return bytes.withUnsafeMutableBytes { raw in
            let b = UnsafeRawBufferPointer(raw)
            // (`[  ...]` can read as a blanked timestamp: then the quoted line is the elision.)
            let p = LinePrefix.parse(b)
            let m = ByteText.trimTrailingBlanks(UnsafeRawBufferPointer(rebasing: b[(p.messageStart < b.count ? p.messageStart : p.quoteEnd)...]))
            return MailWrapJoiner.isElision(UnsafeRawBufferPointer(rebasing: m[ByteText.skipBlanks(m)...]),
                                            dots: timestamped && p.timestamp == nil ? 2 : 3)
        }
    }

    public func addFrame(_ f: Frame) {
        guard report.trace.count < Self.maxFrames else { droppedFrames += 1; return }
        var f = f
        if f.section == nil { f.section = sections.currentStackSection }
        report.trace.append(f)
    }


    /// A `Call trace:` header. A second header after frames means two traces were printed into
    /// one report (another CPU's backtrace, a nested oops): only the first trace is the report's.
    public func beginTrace() {
        sections.objectStack = nil
        sections.traceHeaders += 1
        sections.section = report.trace.isEmpty ? .trace : .otherStack
    }

    /// A header of a secondary stack (KASAN `Allocated by task`, lockdep chains …): its frames
    /// are not the report's call trace.
    public func beginOtherStack() {
        sections.section = .otherStack
        sections.objectStack = nil
    }

    /// Which of the checked object's stacks the frames that follow belong to.
    public enum ObjectStackKind: Sendable { case allocated, freed }

    /// KASAN's `Allocated by task N:` / `Freed by task N:` (KFENCE's lower case): the frames
    /// that follow are the object's stack of that kind, not the report's trace.
    public func beginObjectStack(_ kind: ObjectStackKind, pid: Int?) {
        sections.section = .otherStack
        sections.objectStack = kind
        var o = report.object ?? CheckedObject()
        switch kind {
        case .allocated: o.allocated = ObjectStack(pid: pid)
        case .freed: o.freed = ObjectStack(pid: pid)
        }
        report.object = o
    }

    /// A frame of the object's stack being read. SLUB's track line names the function its
    /// stack then begins with: that frame once.
    func appendObjectFrame(_ f: Frame) {
        guard let kind = sections.objectStack else { return }
        withObject { o in
            func append(_ s: inout ObjectStack?) {
                if let only = s?.frames.first, s?.frames.count == 1, only.address == nil,
                   only.symbol == f.symbol, only.offset == f.offset { return }
                s?.frames.append(f)
            }
            switch kind {
            case .allocated: append(&o.allocated)
            case .freed: append(&o.freed)
            }
        }
    }

    /// The checked object, changed in place (created on first use).
    public func withObject(_ change: (inout CheckedObject) -> Void) {
        var o = report.object ?? CheckedObject()
        change(&o)
        report.object = o
    }

    // MARK: modules

    public func setModules(_ text: String) {
        let names = Self.moduleNames(text)
        report.modules = (report.modules ?? []) + names
        sections.modulesOpen = true
    }

    static func moduleNames(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { token in
            // `msm(O)` / `[last unloaded: foo]`: keep the name.
            var t = Substring(token)
            if let paren = t.firstIndex(of: "(") { t = t[..<paren] }
            return String(t)
        }.filter { !$0.isEmpty && $0 != "[last" && !$0.hasPrefix("unloaded:") && !$0.hasSuffix("]") }
    }

    private func moduleContinuation(_ m: UnsafeRawBufferPointer) -> Bool {
        // A wrapped `Modules linked in:` list: only module-name tokens on the line.
        for b in m {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
                 UInt8(ascii: " "), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "+"):
                continue
            default:
                sections.modulesOpen = false
                return false
            }
        }
        setModules(ByteText.string(m))
        return true
    }

    // MARK: context helpers

    public func withContext(_ body: (inout ExecutionContext) -> Void) {
        var c = report.context ?? ExecutionContext()
        body(&c)
        report.context = c
    }

    public func withFault(_ body: (inout Fault) -> Void) {
        var f = report.fault ?? Fault()
        body(&f)
        report.fault = f
    }

    public func setRegister(_ name: String, _ value: UInt64) {
        var r = report.registers ?? RegisterFile()
        r.set(name, value)
        report.registers = r
    }

    /// Sets a register unless the report already has it: x86 prints more register blocks
    /// after the faulting one (the user context at syscall entry inside `<TASK>`, the oops
    /// repeated after the end marker); the record keeps the first.
    public func setRegisterOnce(_ name: String, _ value: UInt64) {
        if report.registers?[name] == nil { setRegister(name, value) }
    }

    public func setArch(_ arch: Arch) {
        if report.arch == .unknown && !machine.namesNoArch { report.arch = arch }
    }

    /// Old arm64 prints the pc address and its symbol on different lines; merge them.
    public func mergeAddress(of frame: WritableKeyPath<Report, Frame?>, _ address: UInt64?) {
        guard let address else { return }
        var f = report[keyPath: frame] ?? Frame(symbol: Hex64(address).description)
        if f.address == nil { f.address = Hex64(address) }
        report[keyPath: frame] = f
    }

    public func mergeSymbol(of frame: WritableKeyPath<Report, Frame?>, _ symbolic: Frame) {
        var f = symbolic
        if let existing = report[keyPath: frame] {
            if existing.offset != nil { return }
            f.address = f.address ?? existing.address
        }
        report[keyPath: frame] = f
    }

    /// The lines of a paste before the line that opened the report (``PasteHead``: its task
    /// line and what follows it), read as the report's own; the opening line stays its message.
    func readHead(_ lines: [KeptLine], grammar: Grammar, scratch: MatchScratch) {
        for l in lines {
            l.raw.withUnsafeBytes { r in
                _ = consume(number: l.number, raw: r, message: UnsafeRawBufferPointer(rebasing: r[l.messageStart...]),
                            grammar: grammar, scratch: scratch, isStart: false)
            }
        }
        report.message = ""
    }

    /// A line of the report's text that is not parsed into its record (an inlined frame's
    /// headline before the real one).
    func keepLine(_ line: KeptLine) {
        line.raw.withUnsafeBytes { r in keepRaw(r, message: UnsafeRawBufferPointer(rebasing: r[line.messageStart...])) }
    }

    private func keepRaw(_ raw: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) {
        guard rawBytes < Self.maxRawBytes else { return }
        rawBytes += raw.count
        rawLines.append(ByteText.string(raw))
        // The message is a slice of the raw line, unless the line was rebuilt (a wrapped line
        // joined again): then its prefixes are read from the raw line.
        if let r = raw.baseAddress, let m = message.baseAddress, m >= r, m <= r + raw.count {
            rawMessageStarts.append(r.distance(to: m))
        } else {
            rawMessageStarts.append(LinePrefix.parse(raw).messageStart)
        }
    }


    // MARK: finish

    /// What the WARN printed before its `WARNING:` line (``WarnPreamble``).
    var warnMessage: String?

    /// The finished record. `interrupted` is true when the input ended or another report began
    /// before this one reached its end marker.
    func finish(interrupted: Bool) -> Report {
        var r = report
        r.lines.last = lastLine
        if droppedFrames > 0 {
            r.note("call trace cut at \(Self.maxFrames) frames; \(droppedFrames) more were not kept")
        }
        if !machine.kernelDecoded.isEmpty {
            var f = r.fault ?? Fault()
            f.kernelDecoded = machine.kernelDecoded.map { KernelDecodedField(name: $0.0, value: $0.1) }
            r.fault = f
        }
        // A decoded pc line names the function without its offset (`pc : qnoc_probe
        // (drivers/…/icc-rpmh.c:269)`); the trace's frame marked as the pc's (`(P)`) has it.
        if var pc = r.pc, pc.offset == nil,
           let f = r.trace.first(where: { $0.marker == "P" && $0.offset != nil && $0.baseSymbol == pc.baseSymbol }) {
            pc.offset = f.offset
            pc.size = f.size
            pc.module = pc.module ?? f.module
            r.pc = pc
        }
        if machine.namesNoArch { r.arch = .unknown } else if r.arch == .unknown, let arch = ArchEvidence.infer(r) { r.arch = arch }
        // (Before the kind: a headless dump's kind is read from its lines.)
        r.rawLines = Array(rawLines.prefix(rawLinesThroughLastAccepted))
        r.rawMessageStarts = Array(rawMessageStarts.prefix(rawLinesThroughLastAccepted))
        KindClassifier.classify(&r, format: formats.first)
        if formats.first == .x86GPF, machine.kasanRange == "null-ptr-deref" { r.kind = .nullPointerDereference }
        r.truncated = Completeness.isTruncated(r, formats: formats, endMarkerSeen: sections.endMarkerSeen,
                                                 interrupted: interrupted, traceHeaders: sections.traceHeaders)
        if let why = sections.interleavedTrace {
            r.corrupted = true
            r.corruptedReason = r.corruptedReason ?? why
        }
        GenericFrames.markMachinery(&r.trace, scratch: scratch)
        // kmemleak's backtrace is where the leaked object was allocated, by the task it names.
        if formats.contains(.kmemleak), var o = r.object, o.allocated == nil, !r.trace.isEmpty {
            o.allocated = ObjectStack(pid: r.context?.pid, frames: r.trace)
            r.object = o
        }
        if let m = warnMessage {
            var site = r.site ?? SourceSite(file: nil, line: nil)
            site.message = m
            r.site = site
        }
        return r
    }
}
