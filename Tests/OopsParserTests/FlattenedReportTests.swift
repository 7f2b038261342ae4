import Foundation
import Testing
import OopsCore
@testable import OopsParser

/// A report quoted in one paragraph of prose without its timestamps (a CVE record) reads as the
/// report does; prose naming a crash, and a mail's HTML copy of its text, are not cut.
struct FlattenedReportTests {
    static func unstamped(_ path: String) throws -> [String] {
        try ReflowedParagraphTests.logLines(path).map { line in
            guard line.hasPrefix("["), let end = line.firstIndex(of: "]") else { return String(line) }
            return String(line[line.index(after: end)...]).trimmingCharacters(in: " ")
        }
    }

    @Test(arguments: ["real/x86_64/ice-netif-queue-set-napi-kasan-oob-reltime-6.10.log", "real/arm64/kingoftown-spi-iommu-dma-sync-sg-null-6.9.log"])
    func aReportInAParagraphReadsAsTheReport(path: String) throws {
        let lines = try Self.unstamped(path)
        let original = try #require(Parsing.reports(lines.joined(separator: "\n")).first)
        let paragraph = "In the Linux kernel, the following vulnerability has been resolved: this fixes the following crash: "
            + lines.joined(separator: " ")
        let flat = try #require(Parsing.reports(paragraph).first)
        #expect(original.trace.count > 5)
        #expect(flat.title == original.title)
        #expect(flat.trace.map(\.symbol) == original.trace.map(\.symbol))
        #expect(flat.context?.kernel == original.context?.kernel)
    }

    @Test func proseAndMarkupAreNotCut() {
        let prose = String(repeating: "The BUG: KASAN report named foo+0x1/0x2 and bar+0x3/0x4 in passing, ", count: 4)
        #expect(Parsing.reports(prose).isEmpty)
        let html = "<div dir=\"ltr\">BUG: unable to handle kernel paging request at 0000000000001000<br>IP: foo+0x1/0x2<br>"
            + "Call Trace:<br> a+0x1/0x2<br> b+0x3/0x4<br> c+0x5/0x6<br> d+0x7/0x8<br></div>"
        #expect(FlattenedReport.cuts(Array(html.utf8).withUnsafeBytes { $0 }, from: 0) == nil)
    }
}
