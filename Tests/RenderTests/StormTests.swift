import Testing
import OopsCore
@testable import Render
import Analysis

/// One SMMU context bank faulting again and again (the IOVA changing) is one storm: every
/// report is kept, the later ones with `repeat_of`, and the text printer shows them one line
/// each; a different fault, or the same one far later, starts anew.
struct StormTests {
    static func contextFault(_ t: Int, iova: String) -> String {
        "[  \(t).000000] arm-smmu 15000000.iommu: Unhandled context fault: fsr=0x402, iova=\(iova), fsynr=0x3b0001, cbfrsynra=0x1c03, cb=5"
    }

    @Test func repeatsOfOneContextBankAreOneStorm() throws {
        var lines = (0..<4).map { Self.contextFault(1, iova: "0xffbf\($0)000") }
        lines.append("[  2.000000] arm-smmu 15000000.iommu: Unhandled context fault: fsr=0x402, iova=0xffbfe000, fsynr=0x3b0001, cbfrsynra=0x1c03, cb=6")
        lines += Array(repeating: "[  3.000000] unrelated", count: 1200)
        lines.append(Self.contextFault(9, iova: "0xffbf0000"))
        let reports = Analyzer().analyze(text: lines.joined(separator: "\n")).reports
        try #require(reports.count == 6)
        #expect(reports.map(\.repeatOf) == [nil, 1, 1, 1, nil, nil])

        final class Buffer: PrinterSink {
            var text = ""
            func write(_ t: String) { text += t }
            func write(_ b: [UInt8]) { text += String(decoding: b, as: UTF8.self) }
            func flush() throws {}
        }
        let sink = Buffer()
        let printer = TextPrinter(sink: sink, renderer: TextRenderer(color: false, width: 100))
        try printer.begin(source: "s.log")
        for r in reports { try printer.report(r, source: "s.log") }
        #expect(sink.text.components(separatedBy: "same fault again").count - 1 == 3)
        #expect(sink.text.contains("↻ report 4: same fault again (×4, as report 1) · line 4 · IOVA 0xffbf3000"))
    }

    @Test func aStormReadsAsOneSentenceInAReport() {
        let reports = Analyzer().analyze(text: (0..<3).map { Self.contextFault(1, iova: "0xffbf\($0)000") }.joined(separator: "\n")).reports
        let md = MarkdownRenderer().render(reports, source: "s.log")
        #expect(md.components(separatedBy: "### ").count - 1 == 1)
        #expect(md.contains("The same fault again 2 more times: lines 2, 3 (IOVAs 0xffbf1000, 0xffbf2000)."))
    }
    /// Triage's signature for an IOMMU fault separates what the log separates — the stream
    /// (cbfrsynra's SID), the device — and ignores the IOVA.
    @Test func iommuSignaturesSeparateStreamsNotIOVAs() {
        let reports = Analyzer().analyze(text: [
            Self.contextFault(1, iova: "0xffbf1000"),
            "[  5.000000] unrelated",
            Self.contextFault(9, iova: "0xffbf2000"),
            "[ 19.000000] arm-smmu 15000000.iommu: Unhandled context fault: fsr=0x402, iova=0xffbf1000, fsynr=0x3b0001, cbfrsynra=0x80, cb=2",
        ].joined(separator: "\n")).reports
        #expect(reports.map(\.signature) == [
            "iommu-fault|arm-smmu|15000000.iommu|sid=0x1c03|context-fault",
            "iommu-fault|arm-smmu|15000000.iommu|sid=0x1c03|context-fault",
            "iommu-fault|arm-smmu|15000000.iommu|sid=0x80|context-fault",
        ])
    }
}
