import Foundation
import Testing
@testable import Render
import Analysis

/// Wrapping of the text views: lines fit the width and facts are not torn apart.
@Suite struct TextWrapTests {
    @Test func fieldsBreakOnlyBetweenFields() {
        let fields = ["crash.log:2-30", "3.10.12-100.fc18.x86_64", "CPU 0", "swapper/0[1]", "Hewlett-Packard HP Z600 Workstation/0B54h", "truncated"]
        for room in 12...120 {
            let lines = TextWrap.lines(fields: fields, room: room)
            // Every field shorter than the room appears whole on one line.
            for f in fields where f.count <= room {
                #expect(lines.contains { $0.contains(f) }, "room \(room): \(f) torn in \(lines)")
            }
            // A line is within the room unless it is one word wider than the room.
            #expect(lines.allSatisfy { $0.count <= room || !$0.contains(" ") }, "room \(room): \(lines)")
            // Nothing lost or added.
            let words = lines.joined(separator: " ").split(separator: " ").filter { $0 != "·" }
            #expect(words == fields.joined(separator: " ").split(separator: " "), "room \(room)")
        }
        #expect(TextWrap.lines(fields: fields, room: 200) == [fields.joined(separator: " · ")])
    }

    @Test func headerOfARealReportKeepsCPUAndNumberTogether() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let log = try Data(contentsOf: root.appendingPathComponent("Corpus/real/x86_64/intel-irq-remapping-erratum-warn-3.10.log"))
        let doc = Analyzer().analyze(bytes: Array(log), source: "x.log")
        let report = try #require(doc.reports.first)
        for width in [80, 100] {
            let text = TextRenderer(color: false, width: width).render(report, source: "x.log")
            #expect(!text.contains("CPU\n"), "width \(width)")
            #expect(text.split(separator: "\n").allSatisfy { $0.count <= width }, "width \(width)")
        }
    }
}
