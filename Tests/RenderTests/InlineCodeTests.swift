import Foundation
import Testing
import OopsCore
@testable import Render
import Analysis

/// oopsy's sentences mark code with backticks; no printer shows a backtick for it (issue 18):
/// text and `report --plain` quote the code, Markdown makes it a code span.
struct InlineCodeTests {
    @Test func marksPairOrTheSentenceIsProse() {
        #expect(InlineCode.plain("replaying `ldr x0, [x1]` with `x1`") == "replaying 'ldr x0, [x1]' with 'x1'")
        #expect(InlineCode.plain("a comm called `evil") == "a comm called `evil")
        #expect(MarkdownSafe.textWithCode("at `ldr x0, [x1]` in a_b") == "at `ldr x0, [x1]` in a\\_b")
    }

    /// A real alignment fault, whose diagnosis the rules write with the instruction marked.
    @Test func noPrinterShowsTheMarks() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let log = try Data(contentsOf: root.appendingPathComponent("Corpus/real/arm64/ampere-ice-lag-recipe-alignment-fault-5.14.log"))
        let report = try #require(Analyzer().analyze(bytes: Array(log), source: "x.log").reports.first)
        let d = try #require(report.diagnoses.first)
        #expect(d.summary.contains("`stset x1, [x0]`"))
        let text = TextRenderer(color: false, width: 200).render(report, source: "x.log")
        let plain = PlainReportRenderer().render(report, source: "x.log")
        for printed in [text, plain] {
            let ownProse = printed.split(separator: "\n").filter { $0.contains("stset x1, [x0]") && !$0.contains("pc+") }
            #expect(!ownProse.isEmpty)
            for line in ownProse {
                #expect(!line.contains("`"), "\(line)")
                #expect(line.contains("'stset x1, [x0]'"), "\(line)")
            }
        }
        let markdown = MarkdownRenderer().render([report], source: "x.log")
        #expect(markdown.contains("`stset x1, [x0]` accesses"))
        #expect(!markdown.contains("\\`"))
    }
}
