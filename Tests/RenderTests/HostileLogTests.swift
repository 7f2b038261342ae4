import Foundation
import Testing
import OopsCore
import Render
import Analysis

/// A log written to attack whoever renders it: code fences, HTML and script, @mentions and
/// #references, terminal escape sequences — in the fields oopsy prints (comm, hardware,
/// symbols, panic text) and in the raw lines. None of them may act in any output.
struct HostileLogTests {
    static let esc = "\u{1B}"
    static let hostile = """
    Unable to handle kernel NULL pointer dereference at virtual address 0000000000000010
    ```
    </details><script>alert(1)</script> @maintainer please look at #1 \(esc)[2J\(esc)]0;title\u{7}
    Internal error: Oops: 96000005 [#1] SMP
    Modules linked in: evil_mod(O)
    CPU: 1 PID: 42 Comm: <b>x</b>@root Tainted: G W 6.1.0 #1
    Hardware name: ````<img src=x onerror=alert(2)> #2 @team (DT)
    pstate: 60000005 (nZCv daif -PAN -UAO)
    pc : evil_`func`+0x10/0x20
    lr : caller+0x8/0x10
    sp : ffff800008003d00
    x1 : 0000000000000000 x0 : 0000000000000000
    Call trace:
     evil_`func`+0x10/0x20
     <script>+0x1/0x2
     caller+0x8/0x10
    Code: d503201f d503201f d503201f d503201f (f9400801)
    ---[ end trace 0000000000000000 ]---
    Kernel panic - not syncing: @everyone #42 <iframe> \(esc)[31mred
    """

    static let report: Report = {
        let doc = Analyzer().analyze(text: hostile, source: "hostile.log")
        return doc.reports.first ?? Report(id: 0, lines: LineSpan(first: 0, last: 0), message: "")
    }()

    @Test func theReportIsStillRead() {
        #expect(Self.report.id == 1)
        #expect(Self.report.pc?.symbol == "evil_`func`")
        #expect(Self.report.context?.comm?.contains("<b>") == true)
    }

    @Test func markdownLetsNothingAct() {
        let md = MarkdownRenderer().render([Self.report], source: "hostile.log")
        // Outside code spans and fences, no raw HTML, no mention, no issue reference.
        let prose = Self.outsideCode(md)
        #expect(!prose.contains("<script"))
        #expect(!prose.contains("<img"))
        #expect(!prose.contains("<iframe"))
        #expect(!prose.contains("<b>"))
        #expect(!Self.containsMentionOrReference(prose))
        // The only raw HTML is oopsy's own <details>/<summary>.
        let tags = prose.split(separator: "<").dropFirst().map { $0.prefix { $0 != ">" && $0 != " " } }
        #expect(Set(tags).isSubset(of: ["details", "/details", "summary", "/summary"]), "tags: \(Set(tags))")
        // No terminal escape survives, in any part.
        #expect(!md.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        // The raw report's fence is longer than the longest backtick run inside it.
        let fences = md.split(separator: "\n").filter { $0.hasPrefix("```") }
        #expect(fences.allSatisfy { $0.prefix { $0 == "`" }.count >= 5 || !$0.contains("text") }, "fences: \(fences)")
    }

    @Test func textModeShowsControlBytesEscaped() {
        let text = TextRenderer(color: false, width: 100).render(Self.report, source: "hostile.log")
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(!text.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) })
        #expect(text.contains("\\x1b"))
    }

    @Test func plainTextIsPlain() {
        let plain = PlainReportRenderer().render([Self.report], source: "hostile.log")
        #expect(!plain.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(!plain.contains("<details>"))
        for line in plain.split(separator: "\n") where !line.hasPrefix("[") && !Self.isRawLine(String(line)) {
            #expect(line.count <= 72, "prose line longer than 72 columns: \(line)")
        }
    }

    /// The report text outside inline code spans and fenced blocks.
    static func outsideCode(_ md: String) -> String {
        var out = ""
        var lines = md.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        while let line = lines.next() {
            if line.hasPrefix("```") {
                let fence = line.prefix { $0 == "`" }
                while let inner = lines.next(), !(inner.hasPrefix(fence) && inner.allSatisfy { $0 == "`" }) {}
                continue
            }
            // Drop inline code spans (delimited by equal backtick runs).
            var rest = Substring(line)
            while let start = rest.firstIndex(of: "`") {
                out += rest[..<start]
                let run = rest[start...].prefix { $0 == "`" }
                let after = rest[start...].dropFirst(run.count)
                guard let close = after.range(of: String(run)) else { rest = ""; break }
                rest = after[close.upperBound...]
            }
            out += rest + "\n"
        }
        return out
    }

    static func containsMentionOrReference(_ s: String) -> Bool {
        let scalars = Array(s.unicodeScalars)
        for (i, u) in scalars.enumerated() where (u == "@" || u == "#") && i + 1 < scalars.count {
            let next = scalars[i + 1]
            if u == "@" && (next.properties.isAlphabetic || next.properties.numericType != nil) { return true }
            if u == "#" && next.properties.numericType != nil { return true }
        }
        return false
    }

    static func isRawLine(_ line: String) -> Bool {
        HostileLogTests.hostile.split(separator: "\n").contains { TerminalSafe.escape(String($0)) == line }
    }
}
