import OopsCore

/// Gives a report its `title` and `signature`, and flags it `corrupted` when the pieces its
/// title is read from are missing or mixed with other output.
///
/// Titles follow the conventions of ``TitleFormats`` (syzbot's, which kernel engineers already
/// read on dashboards); reports no format knows (IOMMU faults, OOM kills, SErrors without a
/// panic) get a title from their kind and first meaningful frame.
public enum ReportTitler {
    /// Titles `r` from its lines (prefixes stripped, in order, including lines the grammar did
    /// not know).
    public static func apply(_ r: inout Report, lines: [String], scratch: MatchScratch) {
        // An IOMMU's fault line is titled by its driver and device, never by a headline its
        // message happens to hold (ipmmu-vmsa's `Unhandled fault: status …` is not arm's).
        let iommuLine = r.kind == .iommuFault && r.iommu != nil
        if !iommuLine, let (at, group) = headline(in: lines, scratch: scratch) {
            var t = title(group, lines: lines, at: at, scratch: scratch)
            // No function where the format looks for one — a paste trimmed of its trace header,
            // or a register dump whose pc line another stream broke into: the frames the parser
            // read are the trace. Without a header nothing is missing; with one, the lines say
            // whether the report is corrupted. (Reports without registers keep syzbot's
            // `corrupted` where their stack holds only frames it skips.)
            var headerless = false
            if t.title.hasSuffix(" in corrupted"), r.pc == nil, !r.trace.isEmpty {
                let hasHeader = lines.contains(where: Self.isTraceHeader)
                // (x86's trace begins at the caller; only RIP names the faulting function.)
                let fromTrace = !hasHeader || r.registers != nil && r.arch != .x86_64 && t.corruption == Self.noFunction
                let frames = fromTrace ? Culprit.meaningfulFrames(in: r, scratch: scratch) : []
                if let f = frames.first {
                    headerless = !hasHeader
                    t.title = t.title.dropLast("corrupted".count) + f
                    t.frames = frames
                    t.corruption = nil
                }
            }
            r.title = TitleNormalizer.normalize(t.title, scratch: scratch)
            r.signature = signature(kind: r.kind, frames: belowCulprit(t.frames, in: r, scratch: scratch), title: r.title, fault: r.fault?.address)
            let reason = t.corruption ?? (headerless ? nil : t.format.map {
                Corruption.reason(title: r.title, lines: lines[at...], printsStack: $0.printsStack, readFrames: !r.trace.isEmpty, scratch: scratch)
            } ?? nil)
            if let reason, !r.corrupted {
                r.corrupted = true
                r.corruptedReason = reason
            }
        } else {
            let frames = Culprit.meaningfulFrames(in: r, scratch: scratch)
            let culprit = frames.first ?? r.site?.function.map { Frame.stripCompilerSuffixes($0) }
            // IOMMU and DMA-mapping titles name the device (`9050000.smmuv3`, `nvme 0000:00:01.0`):
            // a name, not an address to hide.
            let title = fallbackTitle(r, culprit: culprit)
            let namesDevice = r.kind == .iommuFault || r.kind == .dmaMappingFailure
            r.title = namesDevice ? TitleNormalizer.printable(title) : TitleNormalizer.normalize(title, scratch: scratch)
            r.signature = r.iommu.flatMap { r.kind == .iommuFault ? iommuSignature($0) : nil }
                ?? signature(kind: r.kind, frames: frames, title: r.title, fault: r.fault?.address)
        }
    }

    /// Titles `r` once its kind is settled, with `scratch`; a pattern that hit its match limit
    /// meanwhile is a problem at the report's first line (the pattern was skipped).
    public static func titleOnce(_ r: inout Report, scratch: MatchScratch) -> InputProblem? {
        let hitsBefore = scratch.limitHits
        apply(&r, scratch: scratch)
        guard scratch.limitHits != hitsBefore else { return nil }
        return InputProblem(line: r.lines.first,
                            message: "a pattern hit its match limit while titling the report that starts on this line; that pattern was skipped")
    }

    /// Titles a record from its raw lines, their messages where the parser found them. Run
    /// once, after decoding has settled the kind (``Analyzer``'s title stage).
    public static func apply(_ r: inout Report, scratch: MatchScratch = MatchScratch()) {
        let raws = r.rawLines ?? []
        let starts = r.rawMessageStarts.flatMap { $0.count == raws.count ? $0 : nil }
        let lines = raws.indices.map { i -> String in
            var raw = raws[i]
            return raw.withUTF8 { u in
                let bytes = UnsafeRawBufferPointer(u)
                // Where the parser found the message; a record built elsewhere is parsed again.
                let start = starts.map { min($0[i], bytes.count) } ?? LinePrefix.parse(bytes).messageStart
                return ByteText.string(UnsafeRawBufferPointer(rebasing: bytes[start...]))
            }
        }
        apply(&r, lines: lines, scratch: scratch)
    }

    static let noFunction = "no function where the report prints its stack"

    static func isTraceHeader(_ line: String) -> Bool {
        line.includes("Call trace:") || line.includes("Call Trace:") || line.includes("Backtrace:")
    }

    /// How far into a report its headline may be: reports that open with a line syzbot does not
    /// title (`SError Interrupt`, `Bad mode`) reach their panic line after the register dump.
    static let headlineWithin = 64

    /// The first line that holds a group's header (and is not one of its look-alikes).
    static func headline(in lines: [String], scratch: MatchScratch) -> (Int, TitleGroup)? {
        for (i, line) in lines.prefix(headlineWithin).enumerated() {
            // decode_stacktrace.sh's headline of a frame inlined at the address: the real one
            // (``ReportScanner``) follows it.
            if line.hasSuffix(" [inline]") { continue }
            // One JIT match rules out most lines; only a line with some header is searched
            // group by group (the first group in table order wins).
            guard TitleFormats.anyHeader.matches(line, scratch: scratch) else { continue }
            for g in TitleFormats.groups where line.includes(g.header) {
                if let n = g.notReports, n.matches(line, scratch: scratch) { continue }
                return (i, g)
            }
        }
        return nil
    }

    struct Titled {
        var title: String
        var frames: [String]
        var format: TitleFormat?
        var corruption: String?
    }

    /// The title the first matching format of `group` gives the report whose headline is
    /// `lines[at]`.
    static func title(_ group: TitleGroup, lines: [String], at: Int, scratch: MatchScratch) -> Titled {
        let line = lines[at]
        var headlineMatched = false
        formats: for f in group.formats {
            let text = f.spansLines && at + 1 < lines.count ? line + "\n" + lines[at + 1] : line
            guard let caps = f.headline.captures(in: text, scratch: scratch) else { continue }
            headlineMatched = true
            var args = caps.dropFirst().map { $0 ?? "" }
            var from = at
            for d in f.detail {
                guard let k = (from..<lines.count).first(where: { d.matches(lines[$0], scratch: scratch) }),
                      let c = d.captures(in: lines[k], scratch: scratch) else { continue formats }
                args += c.dropFirst().map { $0 ?? "" }
                from = k + 1
            }
            var found = Culprit.Found()
            var whole = true
            if let steps = f.frames {
                found = Culprit.find(steps, in: lines, from: at, skip: f.skip, pick: f.pick, scratch: scratch)
                whole = found.complete
                for fallback in f.fallbackFrames where !found.complete {
                    found = Culprit.find(fallback, in: lines, from: at, skip: f.skip, pick: f.pick, scratch: scratch)
                }
                if f.fallbackMends { whole = found.complete }
            }
            var title = fill(f.template, args: args, found: found)
            var corruption: String? = nil
            if f.corrupted {
                corruption = Report.startMissing
            } else if found.mixed {
                corruption = "frames of a fault-injection stack are mixed into the report"
            } else if f.frames != nil && !whole {
                corruption = noFunction
            }
            if title.isEmpty { title = line }
            return Titled(title: title, frames: found.meaningful, format: f, corruption: corruption)
        }
        // No format: the headline itself, from its header on.
        let start = line.suffix(fromFirst: group.header) ?? Substring(line)
        return Titled(title: String(start), frames: [], format: nil,
                      corruption: headlineMatched ? "a line the report always prints is missing" : nil)
    }

    /// `$N` → args[N-1]; `{FUNC}`, `{FUNC2}` → the chosen function of the first and second
    /// stack group, `corrupted` when there is none.
    static func fill(_ template: String, args: [String], found: Culprit.Found) -> String {
        // On bytes: templates are ASCII, and Character iteration (with Unicode digit values)
        // cost more than the rest of titling.
        var out: [UInt8] = []
        out.reserveCapacity(template.utf8.count + 48)
        let t = Array(template.utf8)
        var i = 0
        while i < t.count {
            let c = t[i]
            if c == UInt8(ascii: "$"), i + 1 < t.count, t[i + 1] &- 0x30 < 10 {
                let n = Int(t[i + 1] &- 0x30)
                if n >= 1 && n <= args.count { out += args[n - 1].utf8 }
                i += 2
            } else if c == UInt8(ascii: "{"), t[i...].starts(with: Self.func2) {
                out += (found.function(1) ?? "corrupted").utf8
                i += Self.func2.count
            } else if c == UInt8(ascii: "{"), t[i...].starts(with: Self.func1) {
                out += (found.function(0) ?? "corrupted").utf8
                i += Self.func1.count
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
    static let func1 = Array("{FUNC}".utf8)
    static let func2 = Array("{FUNC2}".utf8)

    /// The title's function and the frames under it: those the title's steps read, continued
    /// from the parsed call trace when they stop early (a WARN names its function from the
    /// pc line, printed before the trace).
    static func belowCulprit(_ frames: [String], in r: Report, scratch: MatchScratch) -> [String] {
        // A title that names no function (`… in corrupted`, a panic line) would group every such
        // report together: the stack's own frames tell them apart.
        guard let culprit = frames.first else { return Culprit.meaningfulFrames(in: r, scratch: scratch) }
        guard frames.count < signatureFrames else { return frames }
        let trace = Culprit.meaningfulFrames(in: r, scratch: scratch)
        let rest = trace.firstIndex(of: frames[frames.count - 1]).map { trace[($0 + 1)...] } ?? trace[...]
        return frames + rest.filter { $0 != culprit }
    }

    /// An IOMMU fault's signature: what the log says separates one fault from another — the
    /// IOMMU driver, the faulting device (or the IOMMU instance), the stream, the fault type —
    /// never the IOVA, which changes with every mapping (signature scheme 2).
    static func iommuSignature(_ f: IOMMUFault) -> String {
        [CrashKind.iommuFault.rawValue, f.driver, f.instance ?? "", f.streamID.map { "sid=" + $0.description } ?? "", f.type]
            .joined(separator: "|")
    }

    /// How many frames a signature keeps.
    static let signatureFrames = 3

    /// Kind + the first few meaningful frames (or the title when it names none): what triage
    /// groups by. Frames carry no offsets and no compiler suffixes.
    static func signature(kind: CrashKind, frames: [String], title: String, fault: Hex64?) -> String {
        var parts = [kind.rawValue]
        for f in frames where parts.count <= signatureFrames && parts.last != f { parts.append(f) }
        if parts.count == 1 {
            parts.append(title)
            // With no function at all, the offset of a NULL-page access is what still tells one
            // bug from another (it is the field's offset, the same on every boot); higher
            // addresses move with KASLR and would split one bug into many.
            if let fault, fault.value < KernelConstants.nullPageLimit { parts.append("@" + fault.description) }
        }
        return parts.joined(separator: "|")
    }

    // MARK: reports no title format knows

    /// Heads of titles by kind, for reports without a headline a format knows.
    static let fallbackHeads: [CrashKind: String] = [
        .nullPointerDereference: "BUG: unable to handle kernel NULL pointer dereference",
        .pagingRequest: "BUG: unable to handle kernel paging request",
        .userAccess: "BUG: unable to handle kernel access to user memory",
        .writeToReadonly: "BUG: unable to handle kernel write to read-only memory",
        .executeNonExecutable: "BUG: unable to handle kernel execute from non-executable memory",
        .alignment: "Internal error: alignment fault",
        .bug: "kernel BUG",
        .warning: "WARNING",
        .serror: "SError Interrupt",
        .undefinedInstruction: "Internal error: undefined instruction",
        .pointerAuthentication: "Internal error: pointer authentication failure",
        .stackOverflow: "kernel stack overflow",
        .softLockup: "BUG: soft lockup",
        .hardLockup: "watchdog: hard LOCKUP",
        .rcuStall: "INFO: rcu detected stall",
        .hungTask: "INFO: task hung",
        .outOfMemory: "out of memory",
        .kasan: "KASAN",
        .ubsan: "UBSAN",
    ]

    static func fallbackTitle(_ r: Report, culprit: String?) -> String {
        switch r.kind {
        case .panic: return "kernel panic: " + (r.panic ?? r.message)
        case .iommuFault: return iommuTitle(r)
        case .dmaMappingFailure:
            let s = SwiotlbFull(r.message)
            return (s?.coherent == true ? "swiotlb: coherent allocation failed" : "swiotlb buffer is full") + (s?.device.map { " for " + $0 } ?? "")
        // A report whose head was cut off (``ReportStart/headless``) has no headline to quote.
        case .unknown where r.format == .headless: return culprit.map { "unknown crash in " + $0 } ?? "unknown crash"
        case .pagingRequest where r.isHeadlessGeneralProtection:
            return culprit.map { "general protection fault in " + $0 } ?? "general protection fault"
        case .unknown: return culprit.map { r.message.prefix(80) + " in " + $0 } ?? String(r.message.prefix(80))
        default:
            let head = fallbackHeads[r.kind] ?? String(r.message.prefix(80))
            return culprit.map { head + " in " + $0 } ?? head
        }
    }

    static func iommuTitle(_ r: Report) -> String {
        guard let f = r.iommu else { return String(r.message.prefix(80)) }
        let what: String
        switch f.type {
        case "context-fault": what = "context fault"
        case "unknown-stream": what = "blocked unknown stream id"
        case "global-fault": what = "global fault"
        case "interrupt-remapping-fault": what = "interrupt-remapping fault"
        case "page-fault": what = "page fault"
        case "bus-error": what = "bus error"
        case "walk-abort": what = "page-table walk abort"
        case "tlb-multi-hit": what = "TLB multi-hit"
        default: what = "event \(f.eventName ?? f.event?.description ?? "?")"
        }
        return "\(f.driver): \(what)" + (f.instance.map { " on \($0)" } ?? "")
    }
}
