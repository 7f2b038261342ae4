import OopsCore

/// The report for a person in a terminal: the crash in one line, the cause, the evidence, then
/// the facts an engineer looks at first. Everything from the log passes through
/// ``TerminalSafe``; colour only when asked.
public struct TextRenderer {
    public var color: Bool
    public var width: Int
    /// How many call-trace frames to show before eliding the rest.
    public var maxFrames = 24

    public init(color: Bool = false, width: Int = 100) {
        self.color = color
        self.width = max(width, 40)
    }

    public func render(_ r: Report, source: String?) -> String {
        var out = TextBlock(style: Style(enabled: color), width: width)
        let where_ = [source.map { TerminalSafe.escape($0) }, "lines \(r.lines.first)–\(r.lines.last)"].compactMap { $0 }.joined(separator: ":")
        out.headline(TerminalSafe.escape(r.title), detail: where_)
        for d in r.diagnoses { diagnosis(d, into: &out) }
        facts(r, into: &out)
        out.blank()
        return out.text
    }

    private func diagnosis(_ d: Diagnosis, into out: inout TextBlock) {
        let pct = Int((d.confidence * 100).rounded())
        out.field("cause", out.style.bold(d.cause) + " (\(d.model), \(pct)% confidence)")
        out.wrapped("", d.summary)
        for e in d.evidence.prefix(8) { out.wrapped("", "• " + e.fact) }
        if let rep = d.reproduced {
            out.wrapped("", "reproduced by \(rep.by): \(rep.scenario), \(rep.matchedFrames) frames matched" +
                        (rep.faultOffset.map { ", fault offset \($0)" } ?? ""))
        }
        if let fix = d.fix { out.wrapped("fix", fix) }
    }

    private func facts(_ r: Report, into out: inout TextBlock) {
        var kindLine = r.kind.rawValue
        if let a = r.fault?.address { kindLine += " at " + a.description }
        if let acc = r.fault?.access { kindLine += " (\(acc.rawValue))" }
        if r.truncated { kindLine += " · truncated" }
        if r.corrupted { kindLine += " · corrupted" + (r.corruptedReason.map { ": \($0)" } ?? "") }
        out.field("kind", kindLine)
        if let esr = r.fault?.esr ?? r.oops?.esr {
            var s = "ESR " + esr.description
            if let d = r.fault?.esrDecoded {
                s += " · " + d.ecName
                if let n = d.dfscName ?? d.ifscName { s += ", " + n }
                if let w = d.wnr { s += w ? ", write" : ", read" }
                if d.cm == true { s += ", cache maintenance" }
                if let m = d.meaning { s += " · " + m }
            }
            out.field("esr", s)
        }
        if let c = r.context {
            var parts: [String] = []
            if let k = c.kernel { parts.append(TerminalSafe.escape(k + (c.build.map { " " + $0 } ?? ""))) }
            if let cpu = c.cpu { parts.append("CPU \(cpu)") }
            if let pid = c.pid { parts.append("PID \(pid)" + (c.comm.map { " " + TerminalSafe.escape($0) } ?? "")) }
            if let t = c.tainted { parts.append("tainted " + TerminalSafe.escape(t)) }
            if !parts.isEmpty { out.field("kernel", parts.joined(separator: " · ")) }
            if let h = c.hardware { out.field("hardware", TerminalSafe.escape(h)) }
            if let w = c.workqueue { out.field("workqueue", TerminalSafe.escape(w)) }
        }
        if let site = r.site, let file = site.file {
            out.field("site", TerminalSafe.escape(file + (site.line.map { ":\($0)" } ?? "")))
        }
        if let f = r.iommu {
            var s = TerminalSafe.escape(f.driver + (f.instance.map { " " + $0 } ?? "")) + " " + f.type
            if let iova = f.iova { s += " · iova " + iova.description }
            if let sid = f.streamID { s += " · sid " + sid.description }
            if let fsr = f.fsr { s += " · fsr " + fsr.description }
            if let e = f.eventName ?? f.event?.description { s += " · event " + e }
            if f.repeats > 1 { s += " · ×\(f.repeats)" }
            out.field("iommu", s)
        }
        if let p = r.panic { out.field("panic", TerminalSafe.escape(p)) }
        if let pc = r.pc { out.field("pc", TerminalSafe.escape(pc.printed)) }
        if let lr = r.lr { out.field("lr", TerminalSafe.escape(lr.printed)) }
        if let replay = r.replay { out.wrapped("replay", ReplayText.verdict(replay)) }
        if let code = r.code {
            if let insns = code.disassembly, !insns.isEmpty {
                var first = true
                for i in insns {
                    let mark = i.faulting ? out.style.red("→") : " "
                    let addr = i.address.map { $0.description } ?? (i.relative >= 0 ? "pc+\(i.relative)" : "pc\(i.relative)")
                    let line = "\(mark) \(addr.padding(18)) \(String(format8(i.word.value))) \(i.faulting ? out.style.bold(i.text) : i.text)"
                    out.field(first ? "code" : "", line)
                    first = false
                }
            } else if !code.words.isEmpty {
                let words = code.words.enumerated().map { $0.offset == code.faultingIndex ? "(\($0.element))" : $0.element }
                out.wrapped("code", words.joined(separator: " "))
            } else if let why = code.unavailable {
                out.field("code", TerminalSafe.escape(why))
            }
        }
        if !r.trace.isEmpty {
            for (i, f) in r.trace.prefix(maxFrames).enumerated() {
                var s = TerminalSafe.escape(f.printed)
                if !f.reliable { s = "? " + s }
                out.field(i == 0 ? "trace" : "", s)
            }
            if r.trace.count > maxFrames { out.field("", "… \(r.trace.count - maxFrames) more frames") }
        }
        for n in r.notes ?? [] { out.wrapped("note", TerminalSafe.escape(n)) }
    }

    private func format8(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 8 - s.count)) + s
    }
}

/// The replay verdict in one sentence (`reproduced: read of 8 bytes at 0x38 via x26 (0x0) + 0x38`).
public enum ReplayText {
    public static func verdict(_ r: Replay) -> String {
        switch r.status {
        case .reproduced, .mismatch:
            var s = r.status.rawValue + ": "
            s += "\(r.access?.rawValue ?? "access") of \(r.size.map(String.init) ?? "?") bytes at \(r.address?.description ?? "?")"
            if let base = r.baseRegister {
                s += " via \(base) (\(r.baseValue?.description ?? "?"))"
                if let off = r.signedOffset { s += " - " + off.dropFirst() } else if let off = r.offset { s += " + " + off.description }
                if let idx = r.indexRegister { s += " + " + idx }
            }
            if r.status == .mismatch, let e = r.expectedAddress { s += "; the kernel reported " + e.description }
            if let note = r.note { s += " (" + note + ")" }
            return s
        default:
            return r.status.rawValue + (r.note.map { ": " + $0 } ?? "")
        }
    }
}

/// Lines of `label  value` with a fixed label column, wrapped to the width.
struct TextBlock {
    let style: Style
    let width: Int
    var text = ""
    let labelWidth = 10

    mutating func headline(_ title: String, detail: String) {
        text += style.bold(style.red("● ") + title) + "  " + style.dim("[" + detail + "]") + "\n"
    }

    mutating func field(_ label: String, _ value: String) {
        text += "  " + style.dim(label.padding(labelWidth)) + value + "\n"
    }

    mutating func wrapped(_ label: String, _ value: String) {
        let room = max(20, width - labelWidth - 2)
        var lines: [String] = []
        var current = ""
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > room { lines.append(current); current = "" }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        for (i, l) in lines.enumerated() { field(i == 0 ? label : "", l) }
    }

    mutating func blank() { text += "\n" }
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

extension String {
    func padding(_ n: Int) -> String { count >= n ? self + " " : self + String(repeating: " ", count: n - count) }
}
