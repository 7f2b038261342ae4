import Foundation
import Testing
import OopsCore
@testable import Render
import Analysis

/// A report quoted in a mail is posted again without the quoting its lines share.
struct MailQuoteTests {
    @Test func theSharedQuotingGoesTheRestStays() {
        #expect(MailQuote.strip(["> > [ 1.0] a", ">> [ 1.1] b", "> >> [ 1.2] c", ""]) == ["[ 1.0] a", "[ 1.1] b", "> [ 1.2] c", ""])
        #expect(MailQuote.strip(["[ 1.0] a", "> b"]) == ["[ 1.0] a", "> b"])
        #expect(MailQuote.strip([">>>>>>"]) == [""])
    }

    /// A corpus report quoted in a reply: `report --plain` and Markdown post its lines as the
    /// kernel printed them.
    @Test func aQuotedReportIsPostedUnquoted() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let log = try Data(contentsOf: root.appendingPathComponent("Corpus/real/x86_64/ehl-i915-intel-unmap-bug-after-device-remove-quoted-x86-5.7.log"))
        let report = try #require(Analyzer().analyze(bytes: Array(log), source: "x.log").reports.first)
        #expect(report.rawLines?.first?.hasPrefix("> > ") == true)
        let plain = PlainReportRenderer().render(report, source: "x.log")
        let markdown = MarkdownRenderer().render([report], source: "x.log")
        for text in [plain, markdown] {
            #expect(text.contains("\n[36.901005] kernel BUG at drivers/iommu/intel-iommu.c:3717!"))
            #expect(!text.contains("> > ["))
        }
    }
}
