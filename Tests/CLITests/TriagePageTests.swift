import Foundation
import Testing

/// The triage page (`oopsy triage --format html`) over the lab's logs of three eras: what it
/// shows is each cluster's own facts (checked against the same run's JSON summary), and a
/// reader can filter, sort and unfold it in a real browser (issue 18).
struct TriagePageTests {
    static let folder = "Corpus/lab"

    static func page() throws -> String {
        let r = try CLITests.run(["triage", "--format", "html", folder])
        #expect(r.status == 1)
        return r.stdout
    }

    static func clusters() throws -> [[String: Any]] {
        let r = try CLITests.run(["triage", "--format", "jsonl", folder])
        let last = try #require(r.stdout.split(separator: "\n").last)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        return try #require((summary["summary"] as? [String: Any])?["clusters"] as? [[String: Any]])
    }

    /// The HTML escaping the page uses for text, so expectations compare like with like.
    static func esc(_ s: String) -> String {
        s.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
            .replacing("\"", with: "&quot;").replacing("'", with: "&#39;")
    }

    /// A crash's row names its first and last occurrence with their folder (the lab's three
    /// `null-group.log` are three eras); its unfolded report is the representative's own
    /// diagnosis over the representative's own log; its causes cell counts its members'.
    @Test func eachClusterShowsItsOwnFacts() throws {
        let html = try Self.page()
        let clusters = try Self.clusters()
        #expect(clusters.count >= 10)
        let plain = html.replacing("<wbr>", with: "")
        for (i, c) in clusters.enumerated() {
            let rank = i + 1
            let row = try #require(plain.range(of: "<tr class=\"cluster\" data-rank=\"\(rank)\"").map { plain[$0.lowerBound...] })
            let detailStart = try #require(row.range(of: "<tr class=\"detail\" id=\"detail-\(rank)\""))
            let cells = row[..<detailStart.lowerBound]
            let detail = row[detailStart.lowerBound...].prefix { _ in true }
            let detailRow = detail[..<(detail.range(of: "</tr>")?.upperBound ?? detail.endIndex)]
            for key in ["first", "last"] {
                let o = try #require(c[key] as? [String: Any])
                let source = try #require(o["source"] as? String), line = try #require(o["line"] as? Int)
                let parts = source.split(separator: "/")
                #expect(cells.contains(">\(Self.esc(parts.suffix(2).joined(separator: "/"))):\(line)</td>"), "rank \(rank) \(key): \(source):\(line)")
            }
            let representative = try #require(c["representative"] as? [String: Any])
            if let own = (representative["diagnoses"] as? [[String: Any]])?.first?["cause"] as? String {
                #expect(detailRow.contains("<span class=\"cause\">\(Self.esc(own))</span> ("), "rank \(rank): the unfolded report is not its own diagnosis \(own)")
            }
            if let first = (representative["raw_lines"] as? [String])?.first {
                #expect(detailRow.contains(Self.esc(first)), "rank \(rank): the unfolded log is not the representative's")
            }
            for cause in (c["causes"] as? [[String: Any]]) ?? [] {
                let name = try #require(cause["cause"] as? String), count = try #require(cause["count"] as? Int)
                #expect(cells.contains("<span class=\"cause\">\(Self.esc(count > 1 ? "\(name) ×\(count)" : name))</span>"), "rank \(rank): cause \(name)")
            }
        }
        // (6.12 prints nothing for null-group: it clears dev->dma_iommu; two eras remain.)
        #expect(plain.contains(">5.10/null-group.log:") && plain.contains(">6.1/null-group.log:"))
    }

    /// The chart's labels keep the function a title names; a long title gives way in its middle.
    @Test func chartLabelsKeepTheFunction() throws {
        let html = try Self.page()
        var labels = 0
        var rest = Substring(html)
        while let t = rest.range(of: "text-anchor=\"end\"><title>") {
            let after = rest[t.upperBound...]
            let end = try #require(after.range(of: "</title>"))
            let title = String(after[..<end.lowerBound])
            let close = try #require(after.range(of: "</text>"))
            let label = String(after[end.upperBound..<close.lowerBound])
            if let cut = title.range(of: " in ", options: .backwards) {
                #expect(label.hasSuffix(String(title[cut.lowerBound...])), "\(label) lost the function of \(title)")
            }
            #expect(label.count <= 64)
            labels += 1
            rest = after[close.upperBound...]
        }
        #expect(labels == 10)
        #expect(html.contains("…"), "no label of the lab's needed shortening; the check above would be vacuous")
    }

    /// Headless Chromium filters, sorts and unfolds the page, at 1400 and 800 px
    /// (scripts/browser/triage-page.py; Debian's chromium, chromium-driver, python3-selenium,
    /// which .ci/run installs).
    @Test func aBrowserFiltersSortsAndUnfoldsIt() throws {
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
            try #require(FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing: apt-get install chromium chromium-driver python3-selenium")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oopsy-page-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("triage.html")
        try Self.page().write(to: page, atomically: true, encoding: .utf8)
        let r = try CLITests.launch(URL(fileURLWithPath: "/usr/bin/python3"),
                                    [CLITests.repo.appendingPathComponent("scripts/browser/triage-page.py").path, page.path, dir.path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr.suffix(2000))")
        for shot in ["triage-1400.png", "triage-800.png"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(shot).path))
        }
    }
}
