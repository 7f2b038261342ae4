import OopsCore

/// The report for a person in a terminal: the crash in one line, where and on what, then the
/// cause with its evidence and fix, then the facts an engineer checks (fault, ESR, pc/lr, the
/// replay and the code window, the call trace). Everything from the log passes through
/// ``TerminalSafe``; colour only when asked; lines wrap to the width.
public struct TextRenderer {
    public var color: Bool
    public var width: Int
    /// How many call-trace frames to show before eliding the rest.
    public var maxFrames = 24
    /// Every frame of the trace, the kernel's reporting frames and `?` guesses included.
    public var full: Bool

    public init(color: Bool = false, width: Int = 100, full: Bool = false) {
        self.color = color
        self.width = max(width, 40)
        self.full = full
    }

    /// A repeat of a storm (``Report/repeatOf``) as one line: which time it is, where, and
    /// what changed (an IOMMU fault's IOVA, a fault address).
    public func repeatLine(_ r: Report, root: Int, times: Int) -> String {
        let style = Style(enabled: color)
        var parts = ["line \(r.lines.first)"]
        if let c = Storms.changed(r) { parts.append("\(c.name) \(c.value)") }
        let line = "  ↻ report \(r.id): same fault again (×\(times), as report \(root)) · " + parts.joined(separator: " · ")
        return style.dim(String(line.prefix(max(width, 40)))) + "\n"
    }

    public func render(_ r: Report, source: String?) -> String {
        var out = TextBlock(style: Style(enabled: color), width: width)
        out.headline(TerminalSafe.escape(r.title))
        out.sublines(TextWrap.lines(fields: where_(r, source: source), room: out.width - 2))
        if let root = r.consequenceOf, let why = r.consequence {
            out.sublines(TextWrap.lines(fields: [why.sentence(root: root, pid: r.context?.pid)], room: out.width - 2))
        }
        out.blank()
        if let d = r.diagnoses.first { diagnosis(d, into: &out) }
        facts(r, into: &out)
        for d in r.diagnoses.dropFirst() {
            out.wrapped("also", "\(out.style.bold(d.cause)) (\(d.model), \(percent(d.confidence))): " + InlineCode.plain(TerminalSafe.escape(d.summary)))
        }
        for n in r.notes ?? [] { out.wrapped("note", TerminalSafe.escape(n)) }
        out.blank()
        return out.text
    }

    /// Where and on what the report was seen, a field each (wrapped between fields).
    /// Where the report is, its number (what "follows from report N" and a repeat's "as report
    /// N" name), the task and the machine.
    func where_(_ r: Report, source: String?) -> [String] {
        var parts: [String] = []
        parts.append((source.map { TerminalSafe.escape($0) + ":" } ?? "line ") + "\(r.lines.first)" + (r.lines.last > r.lines.first ? "-\(r.lines.last)" : "")
                     + " (report\u{a0}\(r.id))")   // (one word: the wrap never parts them)
        if let c = r.context {
            if let k = c.kernel { parts.append(TerminalSafe.escape(k)) }
            if let cpu = c.cpu { parts.append("CPU \(cpu)") }
            if let comm = c.comm { parts.append(TerminalSafe.escape(comm) + (c.pid.map { "[\($0)]" } ?? "")) }
            if let w = c.workqueue { parts.append("workqueue " + TerminalSafe.escape(w)) }
            if let t = c.tainted { parts.append("tainted " + TerminalSafe.escape(t)) }
            if let h = c.hardware { parts.append(TerminalSafe.escape(h)) }
        }
        if r.truncated { parts.append("truncated") }
        if r.corrupted { parts.append("garbled" + (r.corruptedReason.map { ": " + TerminalSafe.escape($0) } ?? "")) }
        return parts
    }

    func percent(_ c: Double) -> String { "\(Int((c * 100).rounded()))%" }

    private func diagnosis(_ d: Diagnosis, into out: inout TextBlock) {
        let model = d.model == "dma-iommu" ? "DMA-IOMMU model" + (d.catalogue.map { " " + $0 } ?? "") : "generic rules"
        out.field("cause", out.style.yellow(out.style.bold(d.cause)) + " (\(model), \(percent(d.confidence)))")
        out.wrapped("", InlineCode.plain(TerminalSafe.escape(d.summary)))
        for e in d.evidence.filter({ $0.weight > 0 }).sorted(by: { $0.weight > $1.weight }).prefix(4) {
            out.wrapped("", out.style.dim("• ") + InlineCode.plain(TerminalSafe.escape(e.fact)), hanging: 2)
        }
        if let rep = d.reproduced {
            var fields = ["\(ReproductionText.verb(rep)): \(TerminalSafe.escape(rep.scenario))"]
            if rep.matchedFrames > 0 { fields.append(counted(rep.matchedFrames, "frame") + " matched") }
            if let off = rep.faultOffset { fields.append("offset \(off)") }
            out.wrapped("", fields: fields, style: out.style.dim)
        }
        if let fix = d.fix { out.wrapped("fix", InlineCode.plain(TerminalSafe.escape(fix))) }
        out.blank()
    }

    private func facts(_ r: Report, into out: inout TextBlock) {
        var fault = r.kind.rawValue
        if let acc = r.fault?.access { fault += " · \(acc.rawValue)" }
        if let a = r.fault?.address { fault += " at \(a)" }
        if let esr = r.fault?.esr ?? r.oops?.esr, esr.value != 0 {
            fault += " · ESR \(esr)"
            if let d = r.fault?.esrDecoded { fault += " " + d.ecName + ((d.dfscName ?? d.ifscName).map { ", " + $0 } ?? "") }
            if r.fault?.esrDecoded?.cm == true { fault += ", cache maintenance" }
            if let m = r.fault?.esrDecoded?.meaning { fault += " · " + m }
        }
        out.wrapped("fault", fault)
        if let site = r.site, let file = site.file { out.field("site", TerminalSafe.escape(file + (site.line.map { ":\($0)" } ?? ""))) }
        if let o = r.object {
            if let place = ObjectText.place(o) { out.wrapped("object", TerminalSafe.escape(place)) }
            if let a = o.allocated { out.wrapped("alloc", TerminalSafe.escape(ObjectText.stack(a))) }
            if let f = o.freed { out.wrapped("freed", TerminalSafe.escape(ObjectText.stack(f))) }
        }
        if let f = r.iommu {
            var s = TerminalSafe.escape(f.driver + (f.instance.map { " " + $0 } ?? ""))
            if let e = f.eventName ?? f.event?.description { s += " · event " + TerminalSafe.escape(e) } else { s += " · " + f.type }
            if let iova = f.iova { s += " · iova \(iova)" }
            if let sid = f.streamID { s += " · sid \(sid)" }
            if let fsr = f.fsr { s += " · fsr \(fsr)" }
            if f.repeats > 1 { s += " · ×\(f.repeats)" }
            out.wrapped("iommu", s)
        }
        if let p = r.panic { out.wrapped("panic", TerminalSafe.escape(p)) }
        if let pc = r.pc {
            var s = TerminalSafe.escape(pc.printed)
            if let lr = r.lr { s += out.style.dim("   lr ") + TerminalSafe.escape(lr.printed) }
            out.field("pc", s)
        }
        if let replay = r.replay {
            var s = ReplayText.verdict(replay)
            if let o = replay.baseOrigin, let base = replay.baseRegister {
                s += "; \(base) ← " + TerminalSafe.escape(o.instruction) + " at pc\(o.relative)"
            }
            out.wrapped("replay", s)
        }
        code(r, into: &out)
        if !r.trace.isEmpty {
            let culprit = r.title.pieces(separatedBy: " in ").last
            let view = TraceView(r.trace, full: full)
            for (i, f) in view.frames.prefix(maxFrames).enumerated() {
                var s = TerminalSafe.escape(f.printed)
                if !f.reliable { s = out.style.dim("? " + s) } else if f.baseSymbol == culprit { s = out.style.bold(s) }
                out.field(i == 0 ? "trace" : "", s)
            }
            if view.frames.count > maxFrames { out.field("", out.style.dim("… \(view.frames.count - maxFrames) more frames")) }
            if let note = view.hiddenNote { out.wrapped(view.frames.isEmpty ? "trace" : "", "(" + note + ")") }
        }
    }

    private func code(_ r: Report, into out: inout TextBlock) {
        guard let code = r.code else { return }
        if let insns = code.disassembly, !insns.isEmpty {
            let w = insns.labelWidth
            for (i, insn) in insns.enumerated() {
                let mark = insn.faulting ? out.style.red("→ ") : "  "
                let text = insn.faulting ? out.style.bold(insn.text) : insn.text
                out.field(i == 0 ? "code" : "", mark + insn.label.padded(to: w) + "  " + out.style.dim(insn.word.value.hex8) + "  " + text)
            }
        } else if !code.words.isEmpty {
            let words = code.words.enumerated().map { $0.offset == code.faultingIndex ? "(\($0.element))" : $0.element }
            out.wrapped("code", words.joined(separator: " "))
        } else if let why = code.unavailable {
            out.field("code", TerminalSafe.escape(why))
        }
    }

}

/// The replay verdict in one sentence (`reproduced: read of 8 bytes at 0x38 via x26 (0x0) + 0x38`).
public enum ReplayText {
    public static func verdict(_ r: Replay) -> String {
        switch r.status {
        case .reproduced, .mismatch:
            var s = r.status.rawValue + ": "
            // Cache maintenance has no access size: `access at 0x…`.
            s += (r.access?.rawValue ?? "access") + (r.size.map { " of \($0) bytes" } ?? "") + " at \(r.address?.description ?? "?")"
            if let base = r.baseRegister {
                s += " via \(base) (\(r.baseValue?.description ?? "?"))"
                if let off = r.signedOffset { s += " - " + off.dropFirst() } else if let off = r.offset { s += " + " + off.description }
                if let idx = r.indexRegister { s += " + " + idx }
            }
            if r.status == .mismatch, let e = r.expectedAddress { s += "; the kernel reported " + e.description }
            if let note = r.note { s += " (" + TerminalSafe.escape(note) + ")" }
            return s
        default:
            // The note can quote the log (a `Code:` line that did not parse): escaped.
            return r.status.rawValue + (r.note.map { ": " + TerminalSafe.escape($0) } ?? "")
        }
    }
}

/// Lines of `label  value` with a fixed label column, wrapped to the width.
struct TextBlock {
    let style: Style
    let width: Int
    var text = ""
    let labelWidth = 9

    mutating func headline(_ title: String) {
        let lines = wrap(title, room: width - 2)
        for (i, l) in lines.enumerated() {
            text += (i == 0 ? style.red("● ") : "  ") + style.bold(l) + "\n"
        }
    }

    mutating func sublines(_ lines: [String]) {
        for l in lines { text += "  " + style.dim(l) + "\n" }
    }

    mutating func field(_ label: String, _ value: String) {
        text += "  " + style.dim(label.uppercased().padded(to: labelWidth - 1) + " ") + value + "\n"
    }

    mutating func wrapped(_ label: String, _ value: String, hanging: Int = 0) {
        let lines = wrap(value, room: max(20, width - labelWidth - 2), hanging: hanging)
        for (i, l) in lines.enumerated() { field(i == 0 ? label : "", l) }
    }

    /// Fields joined by " · ", wrapped between fields, each line styled.
    mutating func wrapped(_ label: String, fields: [String], style: (String) -> String) {
        let lines = TextWrap.lines(fields: fields, room: max(20, width - labelWidth - 2))
        for (i, l) in lines.enumerated() { field(i == 0 ? label : "", style(l)) }
    }

    func wrap(_ value: String, room: Int, hanging: Int = 0) -> [String] {
        TextWrap.lines(value, room: room, hanging: hanging)
    }

    mutating func blank() {
        if !text.hasSuffix("\n\n") { text += "\n" }
    }
}

/// ANSI styling, or none.
public struct Style: Sendable {
    public let enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }
    func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m" + s + "\u{1B}[0m" : s }
    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
}


