import OopsCore
import Render

/// The triage summary as a table a person reads in a terminal.
public struct TriageText {
    public var color: Bool
    public var width: Int
    public init(color: Bool, width: Int) {
        self.color = color
        self.width = max(60, width)
    }

    public func render(_ s: TriageSummary) -> String {
        let st = Style(enabled: color)
        var out = st.bold("oopsy triage") + ": " + counted(s.inputs, "input") + " (\(Bytes.human(s.bytes))), "
            + counted(s.reports, "report") + " in " + counted(s.clusters.count, "distinct crash", plural: "distinct crashes")
        if !s.unreadable.isEmpty { out += ", " + st.red("\(s.unreadable.count) unreadable") }
        out += "\n\n"
        // `#`, count and kind take 40 columns before the title.
        let titleWidth = max(20, width - 40)
        out += st.dim("   #  count  kind                       title") + "\n"
        let sharedTitles = Dictionary(grouping: s.clusters, by: \.title).filter { $0.value.count > 1 }
        for (i, c) in s.clusters.enumerated() {
            // Clusters that share a title differ below it: name the callers down to the one
            // that tells them apart.
            var title = TerminalSafe.escape(c.title)
            if let group = sharedTitles[c.title] {
                title += TerminalSafe.escape(Self.distinction(c.signature, among: group.map(\.signature)))
            }
            let clipped = Self.clip(title, to: titleWidth)
            out += String(i + 1).leftPadded(to: 4) + "  " + String(c.count).leftPadded(to: 5) + "  "
                + c.kind.rawValue.padded(to: 25) + "  " + st.bold(clipped) + "\n"
            var facts: [String] = []
            if !c.kernels.isEmpty { facts.append("kernels " + c.kernels.prefix(4).map { TerminalSafe.escape($0) }.joined(separator: ", ") + (c.kernels.count > 4 ? " +\(c.kernels.count - 4)" : "")) }
            if !c.hardware.isEmpty { facts.append("on " + c.hardware.prefix(2).map { TerminalSafe.escape($0) }.joined(separator: "; ") + (c.hardware.count > 2 ? " +\(c.hardware.count - 2)" : "")) }
            if let n = c.consequences { facts.append("\(n) follow\(n == 1 ? "s" : "") from an earlier crash") }
            if c.first == c.last {
                facts.append("in " + loc(c.first))
            } else {
                facts.append("first " + loc(c.first))
                facts.append("last " + loc(c.last))
            }
            for line in TextWrap.lines(fields: facts.map { Self.clipPath($0, to: width - 13) }, room: width - 13) {
                out += String(repeating: " ", count: 13) + st.dim(line) + "\n"
            }
            if let d = c.diagnosis {
                out += String(repeating: " ", count: 13) + "cause: " + st.yellow(d.cause) + " (\(d.model), \(Int((d.confidence * 100).rounded()))%)" + "\n"
            }
            // Reports alike in their log may be diagnosed apart: the cluster says so.
            if let causes = c.causes, causes.count > 1 {
                let counted = causes.map { "\($0.cause) ×\($0.count)" }.joined(separator: ", ")
                out += String(repeating: " ", count: 13) + st.dim("its reports' causes: " + counted) + "\n"
            }
            if let m = c.members, m.count > 1 {
                for o in m { out += String(repeating: " ", count: 15) + st.dim(Self.clipPath(loc(o), to: width - 15)) + "\n" }
            }
        }
        if !s.unreadable.isEmpty {
            out += "\n" + st.red("unreadable inputs:") + "\n"
            for f in s.unreadable { out += "  \(TerminalSafe.escape(f.source)): \(TerminalSafe.escape(f.reason))\n" }
        }
        return out
    }

    /// The callers below the title's function in a signature (`kind|func|caller|…`), down to
    /// the one that tells it apart from every other signature of `group`.
    /// What follows a shared title to tell its cluster apart: ` ← caller ← …`, or ` at 0x1c`
    /// for a function-less report told apart by the NULL offset its signature keeps.
    static func distinction(_ signature: String, among group: [String]) -> String {
        distinguishingCallers(signature, among: group).map { $0.hasPrefix("@") ? " at " + $0.dropFirst() : " ← " + $0 }.joined()
    }

    static func distinguishingCallers(_ signature: String, among group: [String]) -> [String] {
        let callers = { (s: String) in s.split(separator: "|").dropFirst(2).map(String.init) }
        let mine = callers(signature)
        guard !mine.isEmpty else { return [] }
        // Deep enough to differ from each other cluster of the group.
        var depth = 0
        for other in group.filter({ $0 != signature }).map(callers) {
            if let j = mine.indices.first(where: { $0 >= other.count || mine[$0] != other[$0] }) { depth = max(depth, j) }
        }
        return Array(mine[...depth])
    }

    func loc(_ o: Occurrence) -> String { TerminalSafe.escape(o.source) + ":\(o.line)" }

    /// A title within `room` columns, shortened in its middle: the function it names (what
    /// follows its last ` in `, with the callers that tell a shared title apart) is kept whole,
    /// the head gives way (`BUG: unable to handle kernel NULL poi… in iommu_dma_map_sg`).
    static func clip(_ title: String, to room: Int) -> String {
        guard title.count > room else { return title }
        if let cut = title.range(of: " in ", options: .backwards) {
            let tail = String(title[cut.lowerBound...])
            let head = room - tail.count - 1
            if head >= 8 { return String(title[..<cut.lowerBound].prefix(head)) + "…" + tail }
        }
        return String(title.prefix(room - 1)) + "…"
    }

    /// A fact holding a path wider than `room`: the path's middle gives way, its start (the
    /// folder) and end (the file's last characters and the line) stay.
    static func clipPath(_ fact: String, to room: Int) -> String {
        guard fact.count > room, room > 20 else { return fact }
        let keepEnd = room / 2, keepStart = room - keepEnd - 1
        return String(fact.prefix(keepStart)) + "…" + String(fact.suffix(keepEnd))
    }
}

/// Human-readable byte counts.
public enum Bytes {
    public static func human(_ n: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var v = Double(n)
        var u = 0
        while v >= 1000 && u < units.count - 1 { v /= 1000; u += 1 }
        return u == 0 ? "\(n) B" : (v >= 100 ? String(Int(v.rounded())) : String((v * 10).rounded() / 10)) + " " + units[u]
    }
}
