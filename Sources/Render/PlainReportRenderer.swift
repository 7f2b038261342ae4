import OopsCore

/// The mailing-list variant of a report: plain text, prose wrapped at 72 columns, no HTML or
/// Markdown, suitable for a reply on a kernel list. Log lines are quoted verbatim (after
/// control bytes are made visible, and without the mail quoting they all share), as kernel
/// people expect an oops to be posted.
public struct PlainReportRenderer {
    public var width = 72
    public init() {}

    public func render(_ reports: [Report], source: String) -> String {
        if reports.isEmpty { return "No kernel crash report was found in \(TerminalSafe.escape(source)).\n" }
        return Storms.group(reports).map { g in
            render(g.report, source: source) + (Storms.sentence(g.repeats).map { "\n" + wrap($0) + "\n" } ?? "")
        }.joined(separator: "\n\n")
    }

    public func render(_ r: Report, source: String) -> String {
        var out = wrap(TerminalSafe.escape(r.title)) + "\n\n"
        if let d = r.diagnoses.first {
            out += wrap("Diagnosis: \(d.cause) (\(d.model)\(d.catalogue.map { " " + $0 } ?? ""), \(Int((d.confidence * 100).rounded()))% confidence). " + InlineCode.plain(TerminalSafe.escape(d.summary))) + "\n\n"
            for e in d.evidence { out += wrap("- " + InlineCode.plain(TerminalSafe.escape(e.fact)), indent: "  ") + "\n" }
            if let rep = d.reproduced {
                let verb = ReproductionText.verb(rep)
                out += "\n" + wrap(verb.prefix(1).uppercased() + verb.dropFirst() + ": \(TerminalSafe.escape(rep.scenario)), \(counted(rep.matchedFrames, "frame")) matched" + (rep.faultOffset.map { ", fault offset \($0)" } ?? "") + ".") + "\n"
            }
            if let fix = d.fix { out += "\n" + wrap("Fix: " + InlineCode.plain(TerminalSafe.escape(fix))) + "\n" }
            out += "\n"
        }
        if let c = r.context {
            var k: [String] = []
            if let rel = c.kernel { k.append("kernel " + TerminalSafe.escape(rel)) }
            if let h = c.hardware { k.append("on " + TerminalSafe.escape(h)) }
            if let t = c.tainted { k.append("tainted " + TerminalSafe.escape(t) + " (" + TaintFlags.describe(t) + ")") }
            if !k.isEmpty { out += wrap(k.joined(separator: ", ") + ".") + "\n\n" }
        }
        if let insns = r.code?.disassembly, !insns.isEmpty {
            out += "Faulting instruction:\n"
            let width = insns.labelWidth
            for i in insns {
                out += (i.faulting ? "  => " : "     ") + i.label.padded(to: width) + "  " + i.text + "\n"
            }
            if let p = r.replay { out += wrap(ReplayText.verdict(p), indent: "     ") + "\n" }
            out += "\n"
        }
        if let lines = r.rawLines, !lines.isEmpty {
            out += "Report (lines \(r.lines.first)-\(r.lines.last) of \(TerminalSafe.escape(source))):\n\n"
            out += MailQuote.strip(lines).map { TerminalSafe.escape($0) }.joined(separator: "\n") + "\n"
        }
        return out
    }

    func wrap(_ text: String, indent: String = "") -> String {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if !current.isEmpty && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent
            }
            current += (current.isEmpty || current == indent ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }
}
