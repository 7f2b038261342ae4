import Foundation
import Testing
import OopsCore
import Render
import Analysis

extension MarkdownRenderer {
    /// python3 with markdown-it-py can be run.
    static let available: Bool = (try? RenderedMarkdownTests.python(["-c", "import markdown_it"]).status) == 0
}

/// `oopsy report` Markdown through a real renderer (markdown-it-py, CommonMark + GFM tables,
/// raw HTML on as on GitHub; scripts/render-markdown.py): the structure a reader sees, and
/// nothing from a hostile log turned into markup. Skipped, saying so, without markdown-it-py
/// (`apt-get install python3-markdown-it`; .ci/run installs it).
@Suite(.enabled(if: MarkdownRenderer.available, "python3 with markdown-it-py is not installed"))
struct RenderedMarkdownTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func python(_ args: [String], stdin: String = "") throws -> (status: Int32, stdout: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let out = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardInput = input
        p.standardError = FileHandle.nullDevice
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func rendered(_ log: String, source: String) throws -> String {
        let doc = Analyzer().analyze(text: log, source: source)
        let md = MarkdownRenderer().render(doc.reports, source: source)
        let r = try python([repo.appendingPathComponent("scripts/render-markdown.py").path], stdin: md)
        #expect(r.status == 0)
        return r.stdout
    }

    /// The HTML without the contents of `<pre>` and `<code>` elements.
    static func outsideCode(_ html: String) -> String {
        var out = ""
        var rest = Substring(html)
        while let open = rest.firstRange(of: "<code") ?? rest.firstRange(of: "<pre") {
            out += rest[..<open.lowerBound]
            let closer = rest[open.lowerBound...].hasPrefix("<code") ? "</code>" : "</pre>"
            guard let close = rest[open.upperBound...].firstRange(of: closer) else { return out }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    @Test func seedReportRendersItsParts() throws {
        let log = try String(contentsOf: Self.repo.appendingPathComponent("Corpus/seed/seed-quoted.log"), encoding: .utf8)
        let html = try Self.rendered(log, source: "seed-quoted.log")
        // Title, diagnosis and fix as prose; the evidence as a real table.
        #expect(html.contains("<h3>BUG: unable to handle kernel NULL pointer dereference in iommu_dma_map_sg</h3>"))
        #expect(html.contains("<strong>Diagnosis:</strong> <code>missing-iova-cookie</code>"))
        #expect(html.contains("<strong>Fix:</strong>"))
        #expect(html.contains("<table>") && html.contains("<th>evidence</th>"))
        #expect(html.contains("<td>the replayed <code>ldr x0, [x26, #0x38]</code> reads through x26 = 0x0"))
        // The code window in a block, the faulting line marked with the replay's verdict.
        #expect(html.contains("<pre><code class=\"language-asm\">"))
        #expect(html.contains("=&gt; pc+0   f9401f40  ldr x0, [x26, #0x38]    ; reproduced: read of 8 bytes at 0x38"))
        // The trace as a list, the title's frame in bold; the raw report folded.
        #expect(html.contains("<li><strong><code>iommu_dma_map_sg+0x7c/0x2c8</code></strong></li>"))
        #expect(html.contains("<details><summary>Raw report"))
        #expect(html.contains("<pre><code class=\"language-text\">&gt; &gt; &gt; &gt; &gt; &gt; [0000000000000038] user address"))
        // Every fence closed: the document ends outside a code block.
        #expect(html.hasSuffix("</details>\n"))
    }

    @Test func hostileLogActsNowhere() throws {
        let html = try Self.rendered(HostileLogTests.hostile, source: "hostile.log")
        let tags = Set(html.split(separator: "<").dropFirst().map { String($0.prefix { $0 != ">" && $0 != " " }) })
        let allowed: Set<String> = ["h3", "/h3", "p", "/p", "strong", "/strong", "code", "/code", "pre", "/pre",
                                    "ul", "/ul", "ol", "/ol", "li", "/li", "table", "/table", "thead", "/thead",
                                    "tbody", "/tbody", "tr", "/tr", "th", "/th", "td", "/td", "details", "/details",
                                    "summary", "/summary", "em", "/em"]
        #expect(tags.isSubset(of: allowed), "unexpected tags: \(tags.subtracting(allowed))")
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<iframe"))
        // The log's own </details> did not close ours: exactly one pair.
        #expect(html.components(separatedBy: "<details>").count == 2)
        #expect(html.components(separatedBy: "</details>").count == 2)
        // Mentions and references stay inert: in code (trackers do not link there) or, in
        // prose, broken by a zero-width space.
        let prose = Self.outsideCode(html)
        #expect(!prose.contains("@maintainer") && !prose.contains("#1 ") && !prose.contains("@everyone") && !prose.contains("@team"))
        #expect(html.contains("@maintainer please look at #1"), "the raw report keeps the text as it was")
        #expect(!html.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }
}
