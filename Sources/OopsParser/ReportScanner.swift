import OopsCore

/// Finds every report in a stream of lines and its extent, and hands each finished record to
/// `emit` in input order as soon as it (and every report before it) has ended.
///
/// Boundaries: a report starts at a line of the ``ReportStarts`` table and ends at its end
/// marker (plus the panic lines that follow it), at the start of the next report, or after
/// `foreignLimit` lines in a row that no rule of the grammar knows. Where lines carry printk
/// caller ids, a report only takes lines of its own caller, so two CPUs printing at once yield
/// two clean reports.
public struct ReportScanner: LineConsumer {
    /// Receives each finished report, in input order.
    public typealias Emit = (Report) throws -> Void

    /// Consecutive unknown lines (of the report's own caller) after which it is over.
    public static let foreignLimit = 12
    /// The same, while the report still owes its call trace: on SMP, other CPUs' output can
    /// separate a report's header from its stack by dozens of lines.
    public static let patientForeignLimit = 200
    /// Lines of other callers after which a report whose caller went quiet is over.
    public static let otherCallerLimit = 400

    private let detector: ReportStartDetector
    private let cursor: AnywhereCursor
    private let wraps = MailWrapJoiner()
    private let reflow = ReflowedParagraph()
    private let learned = LearnedPrefix()
    private var duplicates = DuplicateRecords()
    private let transfer = QuotedPrintable()
    private let grammar: Grammar
    private let scratch: MatchScratch
    private let emit: Emit
    private var open: [ReportBuilder] = []
    private var finished: [Int: Report] = [:]
    private var nextID = 1
    private var nextToEmit = 1
    /// A report ended by a detector's panic, held until the panic shows whether it dumps.
    private var panicTail: PanicTail?
    /// Reports that printed no release and had none from the stream, held in order with every
    /// report after them until a later report of the same boot prints one, another boot
    /// begins, the input ends or goes quiet (``StreamRelease/backfill(_:from:)``).
    private var heldForRelease: [Report] = []
    public static let maxHeldForRelease = 256
    private var idleRounds = 0
    private var headless = HeadlessGate()
    private var echoes = EchoedStamps()
    private var release = StreamRelease()
    private var preamble = WarnPreamble()
    private var pasteHead = PasteHead()
    private var firmware = FirmwareLog()
    /// decode_stacktrace.sh's headlines of the frames inlined at the address, waiting for the
    /// real headline right after them, whose report they begin.
    private var inlineHeadlines: [KeptLine] = []
    /// First lines of the reports still open, and of lines held that may yet begin one (a
    /// wrapped line waiting for its pieces, a paragraph, lines waiting to show a learned
    /// prefix, a paste's task line waiting for its registers, decode_stacktrace.sh's inline
    /// headlines): a chunked reader keeps going past its chunk's end until the reports that began
    /// inside it are finished.
    public var openReportFirstLines: [Int] {
        open.map { $0.report.lines.first }
            + [wraps.heldLine, reflow.heldLine, learned.firstHeldLine, pasteHead.firstLine, inlineHeadlines.first?.number].compactMap { $0 }
    }

    /// Problems met in the input that did not stop the scan.
    public private(set) var problems: [InputProblem] = []
    private var lastLimitHits = 0

    public init(detector: ReportStartDetector = ReportStarts.detector, grammar: Grammar = Grammars.all,
                scratch: MatchScratch = MatchScratch(), emit: @escaping Emit) {
        self.detector = detector
        self.cursor = detector.makeCursor()
        self.grammar = grammar
        self.scratch = scratch
        self.emit = emit
    }

    public mutating func chunk(_ bytes: UnsafeRawBufferPointer) {
        cursor.begin(bytes)
        transfer.chunk(bytes)
        learned.chunk(bytes)
    }

    /// Offers one input line.
    public mutating func feed(_ line: InputLine) throws {
        guard transfer.applies(to: line) else { return try feedDecoded(line) }
        try feedDecoded(transfer.decode(line), overlong: line.overlong)
    }

    /// The quoted-printable soft break that still holds a line, at the end of input.
    private mutating func flushTransfer() throws {
        try feedDecoded(transfer.flush(), overlong: false)
    }

    /// A line ``QuotedPrintable`` decoded, if it completed one.
    private mutating func feedDecoded(_ decoded: (bytes: [UInt8], number: Int)?, overlong: Bool) throws {
        guard let decoded else { return }
        try decoded.bytes.withUnsafeBytes { try feedDecoded(InputLine(number: decoded.number, bytes: $0, overlong: overlong)) }
    }

    private mutating func feedDecoded(_ line: InputLine) throws {
        // A log pasted into Markdown (`nvme\_kthread+0x84/0x1f8`).
        if let plain = MarkdownEscapes.unescape(line.bytes) {
            return try plain.withUnsafeBytes { try feedUnescaped(InputLine(number: line.number, bytes: $0, overlong: line.overlong)) }
        }
        try feedUnescaped(line)
    }

    /// A line's head of a shape the log taught (``LearnedPrefix``) is cut before anything else.
    private mutating func feedUnescaped(_ line: InputLine) throws {
        let prefix = LinePrefix.parse(line.bytes)
        guard learned.concerns(line, prefix) else { return try feedPrefixed(line, prefix) }
        try learned.offer(line, prefix) { try feedLearned($0, $1) }
    }

    /// A line ``LearnedPrefix`` hands back: its prefix parsed again where a head was cut.
    private mutating func feedLearned(_ line: InputLine, _ prefix: LinePrefix?) throws {
        try feedPrefixed(line, prefix ?? LinePrefix.parse(line.bytes))
    }

    private mutating func feedPrefixed(_ line: InputLine, _ prefix: LinePrefix) throws {
        // A mail client's bold around the line that matters (`*RIP: 0010:f*+0x10/0x20`).
        if prefix.messageStart < line.bytes.count, line.bytes[prefix.messageStart] == UInt8(ascii: "*"),
           let plain = EmphasisMarks.strip(line.bytes, messageStart: prefix.messageStart) {
            return try plain.withUnsafeBytes { try feedPrefixed(InputLine(number: line.number, bytes: $0, overlong: line.overlong), LinePrefix.parse($0)) }
        }
        // A quoted log re-flowed into paragraphs: its records are cut out of the joined lines.
        // A line with a record glued into it waits for the next, which shows whether a
        // paragraph goes on; if not, it is read as any line.
        if reflow.holding {
            if try reflow.continues(line.bytes, prefix, number: line.number, feed: { try feedReflowed($0, $1) }) { return }
            try endParagraph()
        }
        if ReflowedParagraph.begins(line.bytes, prefix), !line.overlong {
            return reflow.hold(line.bytes, prefix, number: line.number)
        }
        try feedLine(line, prefix)
    }

    /// A line as it is (no paragraph joined it), its records glued into it cut apart.
    private mutating func feedLine(_ line: InputLine, _ prefix: LinePrefix) throws {
        // Records glued into one line are fed one by one; searched where a report may be (an
        // open report, a line too long to be one record), the same quoted or not: a quoted log
        // reads as the log does. A held line is only ever one of a report (open, or opened by
        // it), not yet scanned.
        if !open.isEmpty || wraps.holding || line.bytes.count - prefix.quoteEnd > GluedRecords.longLine,
           let cut = GluedRecords.find(in: line.bytes, from: prefix.messageStart + 1) {
            return try feedGlued(line, prefix, at: cut)
        }
        // Console text before a kernel record on a line of its own (a shell prompt `/ # `,
        // systemd's `Starting Securi` cut short by the kernel's line): the record starts at its
        // stamp, within the line's first bytes.
        if prefix.timestamp == nil, line.bytes.count > prefix.messageStart + 14,
           let cut = GluedRecords.find(in: UnsafeRawBufferPointer(rebasing: line.bytes.prefix(prefix.messageStart + GluedRecords.promptLength)),
                                       from: prefix.messageStart + 1) {
            return try feedGlued(line, prefix, at: cut)
        }
        // A report flattened into a line of prose without stamps (a CVE record).
        if prefix.timestamp == nil, let cuts = FlattenedReport.cuts(line.bytes, from: prefix.messageStart), !cuts.isEmpty {
            return try feedCut(line, prefix, at: cuts)
        }
        try feedRecord(line, prefix)
    }

    /// A flattened report's pieces (``FlattenedReport``): a paste of its own, not console
    /// output, so a report printed with timestamps (which takes no line without one) has ended
    /// before it.
    private mutating func feedCut(_ line: InputLine, _ prefix: LinePrefix, at cuts: [Int]) throws {
        try releaseHeldLine()
        for b in open where b.timestamped { try close(b, interrupted: false) }
        try feedPieces(line, prefix, at: cuts)
    }

    /// Feeds the record before `cut`, then each record glued after it, every one under the
    /// line's quote marks.
    private mutating func feedGlued(_ line: InputLine, _ prefix: LinePrefix, at cut: Int) throws {
        var cuts = [cut]
        while let last = cuts.last,
              let next = GluedRecords.find(in: line.bytes, from: last + LinePrefix.parse(UnsafeRawBufferPointer(rebasing: line.bytes[last...])).messageStart + 1) {
            cuts.append(next)
        }
        try feedPieces(line, prefix, at: cuts)
    }

    /// Feeds the text before the first cut, then each piece between cuts, every one under the
    /// line's quote marks (the last keeps the line's overlong flag).
    private mutating func feedPieces(_ line: InputLine, _ prefix: LinePrefix, at cuts: [Int]) throws {
        let bytes = line.bytes
        // (Parsed again: trimming can leave the head shorter than the line's prefix.)
        let head = ByteText.trimTrailingBlanks(UnsafeRawBufferPointer(rebasing: bytes[..<cuts[0]]))
        try feedRecord(InputLine(number: line.number, bytes: head, overlong: false), LinePrefix.parse(head))
        var piece: [UInt8] = []
        for (i, start) in cuts.enumerated() {
            let last = i + 1 == cuts.count
            piece.removeAll(keepingCapacity: true)
            piece += bytes[..<prefix.quoteEnd]
            piece += ByteText.trimTrailingBlanks(UnsafeRawBufferPointer(rebasing: bytes[start..<(last ? bytes.count : cuts[i + 1])]))
            try piece.withUnsafeBytes { p in
                try feedRecord(InputLine(number: line.number, bytes: p, overlong: last && line.overlong), LinePrefix.parse(p))
            }
        }
    }

    private mutating func feedReflowed(_ record: UnsafeRawBufferPointer, _ number: Int) throws {
        try feedRecord(InputLine(number: number, bytes: record, overlong: false), LinePrefix.parse(record))
    }

    /// The paragraph ends: its last record is complete, or the line held was no paragraph's.
    private mutating func endParagraph() throws {
        guard let held = try reflow.end(feed: { try feedReflowed($0, $1) }) else { return }
        try held.bytes.withUnsafeBytes { try feedLine(InputLine(number: held.number, bytes: $0, overlong: false), LinePrefix.parse($0)) }
    }

    private mutating func feedRecord(_ line: InputLine, _ prefix: LinePrefix) throws {
        // Quoted logs may be wrapped: their timestamped lines wait one line for their pieces.
        if prefix.quoteDepth > 0 || wraps.holding {
            // A line that begins a report is never a piece of the line before it (a quoted log
            // whose records were glued, then split again at their CRs).
            let opens = wraps.holding && detector.detect(UnsafeRawBufferPointer(rebasing: line.bytes[prefix.messageStart...]),
                                                         scratch: scratch) != nil
            if !opens, wraps.join(line, prefix) { return }
            try releaseHeldLine()
            // As unquoted: only a report's line waits for its pieces (one that opens a report,
            // or a line while one is open), so a quoted log reads as the log itself does.
            if prefix.quoteDepth > 0, MailWrapJoiner.holds(line, prefix),
               !open.isEmpty || detector.detect(UnsafeRawBufferPointer(rebasing: line.bytes[prefix.messageStart...]), scratch: scratch) != nil {
                wraps.hold(line, prefix)
                return
            }
        }
        try scan(line, prefix)
    }

    private mutating func releaseHeldLine() throws {
        guard let held = wraps.take() else { return }
        try held.bytes.withUnsafeBytes { bytes in
            try scan(InputLine(number: held.number, bytes: bytes, overlong: false), LinePrefix.parse(bytes), mayHold: false)
        }
    }

    /// Register-dump lines powerpc kernels print as continuations of the record before them,
    /// so they carry no timestamp in a stamped log (4.x show_regs(): `GPR00: …`, and `NIP [c…]
    /// sym+0x…/0x…` after them): the kernel's own, not another program's output.
    static func isUnstampedDumpLine(_ m: UnsafeRawBufferPointer) -> Bool {
        if ByteText.hasPrefix(m, "NIP [") || ByteText.hasPrefix(m, "LR [") { return true }
        return m.count > 6 && ByteText.hasPrefix(m, "GPR") && m[3] &- 0x30 < 10 && m[4] &- 0x30 < 10 && m[5] == UInt8(ascii: ":")
    }

    /// A stamped report's call trace pasted without stamps right under it (a writer who kept
    /// the stamps of the fault's lines only, a log whose stamps stop): its `Call trace:` header
    /// while the report has no trace yet, then its frames line by line. Only a line right after
    /// the report's last one: other programs' unstamped output stays out.
    static func continuesTraceUnstamped(_ t: ReportBuilder, _ m: UnsafeRawBufferPointer) -> Bool {
        let text = ByteText.trimTrailingBlanks(UnsafeRawBufferPointer(rebasing: m[ByteText.skipBlanks(m)...]))
        if t.report.trace.isEmpty, t.sections.section != .trace {
            let header = text.count == 11 && (ByteText.hasPrefix(text, "Call trace:") || ByteText.hasPrefix(text, "Call Trace:"))
            if header { t.sections.unstampedTrace = true }
            return header
        }
        // Only under a header taken so: a stamped trace's unstamped lines are another writer's.
        return t.sections.unstampedTrace && t.sections.section == .trace && FrameSyntax.parse(text, scratch: t.scratch) != nil
    }

    /// A later line of a record the kernel printed as several (one printk with newlines in it):
    /// `dmesg` and `journalctl` print it right after the record's first line, without a stamp,
    /// indented to the column the record's message began at (a frame: a column or two further,
    /// its own indent). Only that indent counts (tabs at every eighth column, as an editor or a
    /// mail client may have folded the spaces into), so other programs' output, a patch's code,
    /// stays out.
    static func isRecordContinuation(_ afterQuote: UnsafeRawBufferPointer, messageColumn: Int, scratch: MatchScratch) -> Bool {
        guard messageColumn > 0 else { return false }
        let i = ByteText.skipBlanks(afterQuote)
        guard i < afterQuote.count else { return false }
        let indent = ByteText.columns(UnsafeRawBufferPointer(rebasing: afterQuote[0..<i]))
        if indent == messageColumn { return true }
        return indent > messageColumn && indent <= messageColumn + 2
            && FrameSyntax.parse(UnsafeRawBufferPointer(rebasing: afterQuote[i...]), scratch: scratch) != nil
    }

    /// `mayHold`: an unquoted timestamped line of a report may wait for the pieces a mail
    /// client wrapped off it (not a line that was held already). `rereading`: the line was
    /// read before, in a report it turned out not to belong to.
    private mutating func scan(_ line: InputLine, _ prefix: LinePrefix, mayHold: Bool = true, rereading: Bool = false) throws {
        let raw = line.bytes
        let message = UnsafeRawBufferPointer(rebasing: raw[prefix.messageStart...])
        let startAt = ByteText.skipBlanks(message)
        let text = UnsafeRawBufferPointer(rebasing: message[startAt...])
        var startIndex = detector.detect(text, scratch: scratch, cursor: cursor)
        if let s = startIndex, detector.starts[s].releaseBanner {
            release.banner(text, line: line.number)
            startIndex = nil
        }
        // A paste's task line cut before its release waits for its piece (``PasteHead``).
        if mayHold, startIndex == nil, open.isEmpty, !line.overlong, PasteHead.isTaskLine(text),
           pasteHead.wouldBegin(stamped: prefix.timestamp != nil), MailWrapJoiner.headlineEndsOpen(text) {
            wraps.hold(line, prefix)
            return
        }
        headless.noteAnyLine(line.number, text)
        echoes.noteHeader(line.number, text)
        firmware.note(line.number, text)
        if let s = startIndex, detector.starts[s].format == .warning, firmware.owns(line.number),
           !ByteText.hasPrefix(text, "WARNING: CPU: ") {
            startIndex = nil
        }
        if prefix.timestamp != nil { duplicates.noteStamped() } else { duplicates.noteUnstamped() }
        // (Report lines only: a log without reports pays nothing.)
        if !rereading, startIndex != nil || !open.isEmpty, let stamp = prefix.timestamp,
           let time = DuplicateRecords.microseconds(UnsafeRawBufferPointer(rebasing: raw[stamp])) {
            if startIndex != nil, echoes.isEcho(time, line: line.number) {
                startIndex = nil
            } else {
                echoes.note(reportLine: time)
            }
        }
        // decode_stacktrace.sh prints a headline once per frame inlined at its address, the
        // real one (`… lock_acquire+0x1cc/0x1f8 f.c:5668`) last: an `[inline]` one opens no
        // report; it is the first line of the real one's.
        if startIndex != nil, ByteText.hasSuffix(ByteText.trimTrailingBlanks(text), " [inline]") {
            inlineHeadlines.append(KeptLine(line.number, raw, messageStart: prefix.messageStart))
            return
        }
        // (Kept while the real headline waits for a wrapped piece, and scanned again.)
        if startIndex == nil, !inlineHeadlines.isEmpty { inlineHeadlines.removeAll() }
        // A WARN's message just after its `cut here` marker is the next WARNING's message.
        if let s = startIndex, detector.starts[s].warnMessage, preamble.isArmed(at: line.number, caller: prefix.caller) {
            startIndex = nil
        }
        if startIndex == nil { preamble.note(line.number, text, caller: prefix.caller, raw: raw, messageStart: prefix.messageStart) }
        // A WARN whose `WARNING:` line a writer cut: its marker and message, then its dump's
        // task line. The report begins at the message.
        if startIndex == nil, open.isEmpty, PasteHead.isTaskLine(text), let cut = preamble.cutHead(at: line.number, caller: prefix.caller),
           let warning = detector.starts.first(where: { $0.format == .warning }) {
            let b = openReport(warning, firstLine: cut.lines[0].number, prefix, raw)
            b.readHead(cut.lines, grammar: grammar, scratch: scratch)
            b.warnMessage = cut.message
            _ = b.consume(number: line.number, raw: raw, message: message, grammar: grammar, scratch: scratch, isStart: true)
            b.report.message = cut.message
            return
        }
        var pasted = false
        if let s = startIndex, detector.starts[s].headless {
            // A paste's task line before it begins the report (and would refuse it otherwise).
            pasted = open.isEmpty && !detector.starts[s].warnMessage && pasteHead.reaches(line.number)
            if !pasted && !(detector.starts[s].crashFrame
                            ? headless.opensFromCrashFrame(line.number, anyOpen: !open.isEmpty)
                            : headless.opens(line.number, anyOpen: !open.isEmpty, warnMessage: detector.starts[s].warnMessage)) {
                startIndex = nil
            }
        }
        if !open.isEmpty {
            pasteHead.noteInReport()
        } else if !pasted {
            pasteHead.note(line.number, raw: raw, messageStart: prefix.messageStart, text: text, stamped: prefix.timestamp != nil,
                           lastTaskLine: headless.lastTaskLine)
        }
        // The common case: an ordinary log line while no report is open.
        if startIndex == nil && open.isEmpty && !line.overlong {
            headless.noteIdleLine(line.number, message, startAt)
            return
        }
        // Logs pasted into a mail unquoted are wrapped too (`… dereference at` / `virtual
        // address 0000000000000014`): a report's timestamped line waits one line for its
        // pieces. Ordinary log lines never wait, so a log without reports pays nothing.
        if mayHold, prefix.quoteDepth == 0, MailWrapJoiner.holds(line, prefix) {
            wraps.hold(line, prefix)
            return
        }
        // The same record again: the second copy of a log that holds two (``DuplicateRecords``),
        // breaking into the report its first copy is printing. (A probed repeat's lines are
        // read a second time on purpose.)
        if !duplicates.copying && !open.contains(where: { !$0.sections.endMarkerSeen }) { duplicates.forget() }
        if !rereading, let stamp = prefix.timestamp,
           duplicates.isCopy(UnsafeRawBufferPointer(rebasing: raw[prefix.quoteEnd...]), stamp: UnsafeRawBufferPointer(rebasing: raw[max(stamp.lowerBound - 1, 0)..<stamp.upperBound]),
                             caller: prefix.caller) { return }
        idleRounds = 0
        if line.overlong {
            problem(line.number, "line longer than \(LineReader.defaultMaxLineLength) bytes; the rest of it was skipped")
        }
        let target = route(prefix.caller)
        // A start that the open report prints as one of its lines is an ordinary line of it.
        if let s = startIndex, let t = target, t.formats[0].row.continuedBy.contains(detector.starts[s].format) {
            startIndex = nil
        }
        // A report printed with timestamps takes no lines without one, and is not interrupted
        // by one: those come from whatever else writes to the same console (a fuzzer's log, a
        // shell), not the kernel. A report's start quoted otherwise than the open report is not
        // such a line: it is another paste (a mail quoting an earlier crash, then the new one).
        // The writer's elision (`[  ...]`) is kept: it says what follows lost its header.
        if let t = target, t.timestamped, prefix.timestamp == nil, startIndex == nil || prefix.quoteDepth == t.quoteDepth,
           !Self.isUnstampedDumpLine(UnsafeRawBufferPointer(rebasing: message[startAt...])),
           !(line.number == t.lastConsumedLine + 1 && Self.continuesTraceUnstamped(t, UnsafeRawBufferPointer(rebasing: message[startAt...]))),
           !(line.number == t.lastConsumedLine + 1
             && Self.isRecordContinuation(UnsafeRawBufferPointer(rebasing: raw[prefix.quoteEnd...]), messageColumn: t.messageColumn,
                                       scratch: scratch)),
           !MailWrapJoiner.isElision(ByteText.trimTrailingBlanks(UnsafeRawBufferPointer(rebasing: raw[prefix.quoteEnd...])), dots: 2) { return }
        // Some starts also appear inside other reports (a panic, `invalid opcode`, a netdev
        // refcount wait): while a report is still printing they are its lines, not a new report.
        let start = startIndex.map { detector.starts[$0] }
        let startMessage = UnsafeRawBufferPointer(rebasing: message[startAt...])
        // A report's headline printed twice in a row, byte for byte under one stamp (two
        // consoles on one capture, a writer pasting the line twice): one report.
        if start != nil, prefix.timestamp != nil, let t = target, t.rawLines.count == 1, line.number == t.lastConsumedLine + 1,
           t.rawLines[0].utf8.elementsEqual(raw) { return }
        if let start, let t = target, !t.isInterrupted(by: start, message: startMessage), !t.absorbs(start, message: startMessage), t.awaitsMore {
            try offer(line, raw: raw, message: message, to: t, interjection: true)
        } else if let start {
            // A start quoted otherwise, after other text, is another paste's.
            let samePaste = { (t: ReportBuilder) in t.quoteDepth == prefix.quoteDepth || line.number - t.lastLine <= 3 }
            let absorber = target.flatMap { $0.absorbs(start, message: startMessage) && samePaste($0) ? $0 : nil }
                ?? (start.format == .kernelPanic && open.count == 1 && open[0].absorbs(start, message: startMessage) && samePaste(open[0]) ? open[0] : nil)
            if let t = absorber {
                t.absorb(start)
                _ = t.consume(number: line.number, raw: raw, message: message, grammar: grammar, scratch: scratch, isStart: true)
                try splitProbe(t)
            } else {
                // The same task or CPU starting a report before the open one printed its stack
                // crashed while printing it: the new report is nested, and the open one reads
                // on through it (its function is often only in the nested report's dump). A
                // report of the same format after the open one's frames is the next in a series
                // (khungtaskd prints every hung task from one thread).
                // A detector's panic after the open report's trace is the next report too.
                let nestsIn = target.flatMap { t in
                    t.caller != nil && t.caller == prefix.caller && t.awaitsMore
                        && !(t.formats.first == start.format && !t.report.trace.isEmpty)
                        && !t.isPanicWithItsOwnDump(start, message: startMessage) ? t : nil
                }
                // A detector's panic after the report it ends dumps again, and is a report of
                // its own; a paste cut right after the panic line shows no dump: then the line
                // is that report's tail (``PanicTail``). The report waits to see which.
                if let t = target, nestsIn == nil {
                    if t.isPanicWithItsOwnDump(start, message: startMessage) {
                        panicTail = PanicTail(owner: t.report.id, panic: nextID)
                    }
                    try close(t, interrupted: true)
                }
                let inlined = inlineHeadlines
                inlineHeadlines.removeAll()
                let head = pasted ? pasteHead.take() : []
                let b = openReport(start, firstLine: head.first?.number ?? inlined.first?.number ?? line.number, prefix, raw)
                for h in inlined { b.keepLine(h) }
                if !head.isEmpty { b.readHead(head, grammar: grammar, scratch: scratch) }
                b.outer = nestsIn
                if start.format == .warning || start.format == .kernelBug {
                    b.warnMessage = preamble.take(before: line.number, caller: prefix.caller)
                }
                // A trace pasted alone: its first frame opened it, the rest follow (a paste's
                // head read its `Call trace:` already).
                if start.crashFrame && head.isEmpty { b.beginTrace() }
                _ = b.consume(number: line.number, raw: raw, message: message, grammar: grammar, scratch: scratch, isStart: true)
            }
        } else if let t = target {
            try offer(line, raw: raw, message: message, to: t, lessQuoted: prefix.quoteDepth < t.quoteDepth)
        }
        if let caller = prefix.caller { try ageOtherCallers(than: caller) }
        if scratch.limitHits != lastLimitHits {
            lastLimitHits = scratch.limitHits
            problem(line.number, "a pattern hit its match limit on this line; the line was skipped")
        }
    }

    /// A new report of `start`'s format beginning on `firstLine`, open from now on (`prefix`
    /// and `raw`: the line that opened it, whose caller, stamp and quoting it keeps).
    private mutating func openReport(_ start: ReportStart, firstLine: Int, _ prefix: LinePrefix, _ raw: UnsafeRawBufferPointer) -> ReportBuilder {
        let b = ReportBuilder(start: start, firstLine: firstLine, caller: prefix.caller,
                              timestamp: prefix.timestamp.map { ByteText.string(UnsafeRawBufferPointer(rebasing: raw[$0])) },
                              messageColumn: ByteText.columns(UnsafeRawBufferPointer(rebasing: raw[prefix.quoteEnd..<max(prefix.quoteEnd, prefix.messageStart)])),
                              quoteDepth: prefix.quoteDepth, id: nextID, scratch: scratch)
        nextID += 1
        open.append(b)
        return b
    }

    /// No input for a while (a pipe or terminal): emit reports that have visibly ended.
    public mutating func idle() throws {
        // A live stream that paused: lines waiting to show a learned prefix are read as they are.
        try learned.flush { try feedLearned($0, $1) }
        try releaseHeldLine()
        idleRounds += 1
        for b in open where b.sections.endMarkerSeen || idleRounds >= 5 { try close(b, interrupted: false) }
        // A live stream that went quiet shows what it has, release or not.
        if idleRounds >= 5 { try flushHeldForRelease() }
    }

    /// A nested report ran on the same task of the same machine: its architecture, the
    /// kernel's release and the task are the outer report's where that printed none (its own
    /// task line often comes only after the nested report's).
    private func inherit(from nested: Report, into outer: ReportBuilder) {
        if nested.arch != .unknown { outer.setArch(nested.arch) }
        guard let n = nested.context else { return }
        outer.withContext { c in
            if c.kernel == nil { c.kernel = n.kernel; c.build = c.build ?? n.build }
            c.hardware = c.hardware ?? n.hardware
            c.cpu = c.cpu ?? n.cpu
            c.pid = c.pid ?? n.pid
            c.comm = c.comm ?? n.comm
        }
    }

    /// End of input: every open report is finished (flagged truncated where it is).
    public mutating func finish() throws {
        try flushTransfer()
        try learned.flush { try feedLearned($0, $1) }
        try endParagraph()
        try releaseHeldLine()
        for b in open { try close(b, interrupted: true) }
        try flushHeldForRelease()
    }

    // MARK: -

    /// Offers an ordinary line to an open report, closing the report when the line ends it.
    private mutating func offer(_ line: InputLine, raw: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer,
                                to t: ReportBuilder, interjection: Bool = false, lessQuoted: Bool = false) throws {
        switch t.consume(number: line.number, raw: raw, message: message, grammar: grammar, scratch: scratch,
                         isStart: false, interjection: interjection, lessQuoted: lessQuoted) {
        case .accepted: try splitProbe(t)
        case .ended: try close(t, interrupted: false)
        case .foreign: if t.foreignRun > (t.awaitsMore ? Self.patientForeignLimit : Self.foreignLimit) { try close(t, interrupted: false) }
        }
    }

    /// A probed repeat turned out to be another fault (``RepeatProbe``): the report ends before
    /// it, and its lines are read again, opening a report of their own.
    private mutating func splitProbe(_ t: ReportBuilder) throws {
        guard let lines = t.takeSplitProbe() else { return }
        try close(t, interrupted: false)
        for l in lines {
            try l.bytes.withUnsafeBytes { bytes in
                try scan(InputLine(number: l.number, bytes: bytes, overlong: false), LinePrefix.parse(bytes), mayHold: false, rereading: true)
            }
        }
    }

    private func route(_ caller: CallerID?) -> ReportBuilder? {
        guard let caller else { return open.last }
        return open.last { $0.caller == caller || $0.caller == nil }
    }

    private var otherCallerLines: [ObjectIdentifier: Int] = [:]

    private mutating func ageOtherCallers(than caller: CallerID) throws {
        for b in open where b.caller != nil && b.caller != caller {
            let k = ObjectIdentifier(b)
            let n = (otherCallerLines[k] ?? 0) + 1
            otherCallerLines[k] = n
            if n > Self.otherCallerLimit { try close(b, interrupted: false) }
        }
        for b in open where b.caller == caller { otherCallerLines[ObjectIdentifier(b)] = 0 }
    }

    private mutating func close(_ b: ReportBuilder, interrupted: Bool) throws {
        // A report nested in this one ends first (the input ended, say, with both open): what
        // it learnt reaches this one before this one is finished.
        for inner in open where inner.outer === b {
            inner.outer = nil
            try close(inner, interrupted: true)
            if let r = finished[inner.report.id] { inherit(from: r, into: b) }
        }
        guard let i = open.firstIndex(where: { $0 === b }) else { return }
        open.remove(at: i)
        headless.reportEnded(at: b.report.lines.last)
        otherCallerLines[ObjectIdentifier(b)] = nil
        // Untitled: the title depends on the kind, which decoding may still refine
        // (``ReportTitler``, after the arm64 stage).
        let r = b.finish(interrupted: interrupted)
        if let tail = panicTail, tail.panic == r.id {
            panicTail = nil
            if PanicTail.isBare(r), var owner = finished[tail.owner], nextID == r.id + 1 {
                PanicTail.append(r, to: &owner)
                finished[tail.owner] = owner
                nextID = r.id
            } else {
                finished[r.id] = r
            }
        } else {
            finished[r.id] = r
        }
        if let o = b.outer {
            inherit(from: r, into: o)
            try close(o, interrupted: true)
        }
        // Emit in input order: a report waits for every report that started before it.
        let lowestOpen = open.map { $0.report.id }.min() ?? Int.max
        while nextToEmit < lowestOpen, panicTail?.owner != nextToEmit, var ready = finished.removeValue(forKey: nextToEmit) {
            nextToEmit += 1
            release.apply(to: &ready)
            try deliver(ready)
        }
    }

    /// Emits `r`, or holds it (and what follows) until the boot's release is known.
    private mutating func deliver(_ r: Report) throws {
        if r.context?.kernel == nil && r.panic == nil && heldForRelease.count < Self.maxHeldForRelease {
            heldForRelease.append(r)
            return
        }
        release.backfill(&heldForRelease, from: r)
        try flushHeldForRelease()
        try publish(r)
    }

    private mutating func flushHeldForRelease() throws {
        let held = heldForRelease
        heldForRelease.removeAll()
        for r in held { try publish(r) }
    }

    /// Reports a ``LoneNotice`` turned out not to be, so far: the ids after them close up.
    private var notices = 0

    /// Hands `r` on, unless it is a notice rather than a report; ids stay consecutive (reports
    /// arrive here in id order, and nothing links ids before this point).
    private mutating func publish(_ r: Report) throws {
        if LoneNotice.isNotice(r) {
            notices += 1
            return
        }
        var r = r
        r.id -= notices
        try emit(r)
    }

    private mutating func problem(_ line: Int, _ message: String) {
        guard problems.count < 1000 else { return }
        problems.append(InputProblem(line: line, message: message))
    }
}

/// The grammars of every architecture, merged: a report's lines are recognised whatever the
/// architecture turns out to be.
public enum Grammars {
    public static let all = Grammar(CheckedObjectRules.rules + CommonRules.rules + Arm64Rules.rules + MipsLoongArchRules.rules + X86Rules.rules + IOMMURules.rules + IOMMUDriverFault.rules
                                    + LockdepRules.rules + MemoryDebugRules.rules + RiscvRules.rules + PowerpcRules.rules + S390Rules.rules + Ia64Rules.rules + CommonRules.fallbacks)
}
