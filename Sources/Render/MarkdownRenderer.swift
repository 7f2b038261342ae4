import OopsCore

/// A report as Markdown for a bug tracker (GitHub, GitLab, Bugzilla, Launchpad): the
/// diagnosis first, its evidence, the faulting instruction, the registers that matter, the
/// call trace with the title's frame in bold, the context with taint decoded, and the raw
/// report folded in `<details>`. Everything from the log goes through ``MarkdownSafe``.
public struct MarkdownRenderer {
    /// Every frame of the trace, the kernel's reporting frames and `?` guesses included.
    public var full: Bool

    public init(full: Bool = false) { self.full = full }

    public func render(_ reports: [Report], source: String) -> String {
        if reports.isEmpty { return "No kernel crash report was found in \(MarkdownSafe.code(source)).\n" }
        return Storms.group(reports).map { g in
            render(g.report, source: source) + (Storms.sentence(g.repeats).map { "\n*" + MarkdownSafe.text($0) + "*\n" } ?? "")
        }.joined(separator: "\n---\n\n")
    }

    public func render(_ r: Report, source: String) -> String {
        var md = "### " + MarkdownSafe.text(r.title) + "\n\n"
        if let root = r.consequenceOf, let why = r.consequence {
            md += "*" + MarkdownSafe.text(why.sentence(root: root, pid: r.context?.pid)) + "*\n\n"
        }
        if let d = r.diagnoses.first {
            md += "**Diagnosis:** \(MarkdownSafe.code(d.cause)) (\(d.model == "dma-iommu" ? "DMA-IOMMU model" : "generic rules")"
            md += d.catalogue.map { " \(MarkdownSafe.text($0))" } ?? ""
            md += ", \(Int((d.confidence * 100).rounded()))% confidence). " + MarkdownSafe.textWithCode(d.summary) + "\n\n"
            if let fix = d.fix { md += "**Fix:** " + MarkdownSafe.textWithCode(fix) + "\n\n" }
            if !d.evidence.isEmpty {
                md += "| evidence | weight |\n|---|---|\n"
                for e in d.evidence { md += "| \(MarkdownSafe.cellWithCode(e.fact)) | \(String(format2: e.weight)) |\n" }
                md += "\n"
            }
            if let rep = d.reproduced {
                let verb = ReproductionText.verb(rep)
                md += "**\(MarkdownSafe.text(verb.prefix(1).uppercased() + verb.dropFirst()))**: \(MarkdownSafe.code(rep.scenario)), \(counted(rep.matchedFrames, "frame")) matched"
                md += rep.faultOffset.map { ", fault offset \(MarkdownSafe.code($0.description))" } ?? ""
                md += (d.layout.map { ", layout \(MarkdownSafe.code(([$0.kernel] + $0.config).joined(separator: " + ")))" } ?? "") + ".\n\n"
            }
            for other in r.diagnoses.dropFirst() {
                md += "Also: \(MarkdownSafe.code(other.cause)) (\(other.model), \(Int((other.confidence * 100).rounded()))%): \(MarkdownSafe.textWithCode(other.summary))\n\n"
            }
        } else {
            md += "No diagnosis beyond the crash class (\(MarkdownSafe.code(r.kind.rawValue))).\n\n"
        }
        md += facts(r)
        md += code(r)
        md += registers(r)
        md += trace(r)
        md += raw(r, source: source)
        return md
    }

    func facts(_ r: Report) -> String {
        var rows: [String] = []
        var what = MarkdownSafe.code(r.kind.rawValue)
        if let a = r.fault?.address { what += " at " + MarkdownSafe.code(a.description) }
        if let acc = r.fault?.access { what += " (\(acc.rawValue))" }
        rows.append("**Crash:** " + what)
        if let esr = r.fault?.esr ?? r.oops?.esr, let d = r.fault?.esrDecoded {
            rows.append("**ESR:** " + MarkdownSafe.code(esr.description) + " " + MarkdownSafe.text(d.ecName + ((d.dfscName ?? d.ifscName).map { ", " + $0 } ?? "")))
        }
        if let c = r.context {
            if let k = c.kernel { rows.append("**Kernel:** " + MarkdownSafe.code(k + (c.build.map { " " + $0 } ?? ""))) }
            if let h = c.hardware { rows.append("**Hardware:** " + MarkdownSafe.code(h)) }
            var task: [String] = []
            if let comm = c.comm { task.append(MarkdownSafe.code(comm)) }
            if let pid = c.pid { task.append("PID \(pid)") }
            if let cpu = c.cpu { task.append("CPU \(cpu)") }
            if !task.isEmpty { rows.append("**Task:** " + task.joined(separator: ", ")) }
            if let t = c.tainted { rows.append("**Taint:** " + MarkdownSafe.code(t) + " — " + MarkdownSafe.text(TaintFlags.describe(t))) }
            if let w = c.workqueue { rows.append("**Workqueue:** " + MarkdownSafe.code(w)) }
        }
        if let site = r.site, let file = site.file { rows.append("**Site:** " + MarkdownSafe.code(file + (site.line.map { ":\($0)" } ?? ""))) }
        if let o = r.object {
            if let place = ObjectText.place(o) { rows.append("**Object:** " + MarkdownSafe.text(place)) }
            if let a = o.allocated { rows.append("**Allocated by:** " + MarkdownSafe.text(ObjectText.stack(a))) }
            if let f = o.freed { rows.append("**Freed by:** " + MarkdownSafe.text(ObjectText.stack(f))) }
        }
        if r.truncated { rows.append("**Note:** the report is truncated") }
        if r.corrupted { rows.append("**Note:** the report is garbled" + (r.corruptedReason.map { ": " + MarkdownSafe.text($0) } ?? "")) }
        return rows.map { "- " + $0 }.joined(separator: "\n") + "\n\n"
    }

    func code(_ r: Report) -> String {
        guard let insns = r.code?.disassembly, !insns.isEmpty else { return "" }
        var lines: [String] = []
        let width = insns.labelWidth
        for i in insns {
            var line = (i.faulting ? "=> " : "   ") + i.label.padded(to: width) + "  " + i.word.value.hex8 + "  " + i.text
            if i.faulting, let p = r.replay { line += "    ; " + ReplayText.verdict(p) }
            lines.append(line)
        }
        return "**Faulting instruction:**\n\n" + MarkdownSafe.block(lines.joined(separator: "\n"), info: "asm") + "\n"
    }

    /// The base register of the faulting access, the register holding the fault address, lr.
    func registers(_ r: Report) -> String {
        var rows: [String] = []
        if let p = r.replay, let base = p.baseRegister, let v = p.baseValue {
            rows.append("\(MarkdownSafe.code(base + " = " + v.description)) (base of the faulting access)")
        }
        if let a = r.fault?.address, let regs = r.registers {
            for (name, value) in regs.ordered where value == a.value && name != r.replay?.baseRegister {
                rows.append("\(MarkdownSafe.code(name + " = " + Hex64(value).description)) (holds the fault address)")
            }
        }
        if let o = r.replay?.baseOrigin, let src = o.sourceRegister, let v = o.sourceValue {
            rows.append("\(MarkdownSafe.code(src + " = " + v.description)) (the object the base was loaded from)")
        }
        if let lr = r.lr { rows.append("\(MarkdownSafe.code("lr = " + lr.printed))") }
        if let sp = r.sp { rows.append(MarkdownSafe.code("sp = " + sp.description)) }
        guard !rows.isEmpty else { return "" }
        return "**Registers that matter:** " + rows.joined(separator: ", ") + "\n\n"
    }

    func trace(_ r: Report) -> String {
        guard !r.trace.isEmpty else { return "" }
        let culprit = r.title.pieces(separatedBy: " in ").last
        var md = "**Call trace:**\n\n"
        let view = TraceView(r.trace, full: full)
        for (i, f) in view.frames.prefix(64).enumerated() {
            let text = MarkdownSafe.code((f.reliable ? "" : "? ") + f.printed)
            md += "\(i + 1). " + (f.baseSymbol == culprit ? "**\(text)**" : text) + "\n"
        }
        if view.frames.count > 64 { md += "\n… \(view.frames.count - 64) more frames\n" }
        if let note = view.hiddenNote { md += "\n*" + MarkdownSafe.text(note) + "*\n" }
        return md + "\n"
    }

    func raw(_ r: Report, source: String) -> String {
        guard let lines = r.rawLines, !lines.isEmpty else { return "" }
        return "<details><summary>Raw report (lines \(r.lines.first)–\(r.lines.last) of \(MarkdownSafe.text(source)))</summary>\n\n"
            + MarkdownSafe.block(MailQuote.strip(lines).joined(separator: "\n")) + "\n</details>\n"
    }
}

extension String {
    init(format2 v: Double) { self = String((v * 100).rounded() / 100) }
}
