import Foundation
import Testing
import OopsCore
@testable import OopsParser

/// A quoted log that a mail client re-flowed into paragraphs (its newlines turned into blanks,
/// new ones at the wrap column, stamps split across lines) reads as the log does.
struct ReflowedParagraphTests {
    /// `lines` quoted and re-flowed at `width` columns, as a client re-flows a paragraph.
    static func reflowed(_ lines: [Substring], width: Int = 72) -> String {
        var out: [String] = []
        var current = ">"
        for word in lines.joined(separator: " ").split(separator: " ", omittingEmptySubsequences: true) {
            if current.count + 1 + word.count > width && current != ">" {
                out.append(current)
                current = ">"
            }
            current += " " + word
        }
        out.append(current)
        return out.joined(separator: "\n")
    }

    static func logLines(_ path: String) throws -> [Substring] {
        let bytes = try SeedTests.corpus(path)
        // Split as bytes: the lab's serial captures end their lines in CRLF, one Character.
        return bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { Substring(String(decoding: $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0, as: UTF8.self)) }
            .filter { !$0.hasPrefix("#") }
    }

    /// Corpus logs re-flowed at the columns clients use: the same report, frame for frame.
    @Test(arguments: [("real/arm64/kingoftown-spi-iommu-dma-sync-sg-null-6.9.log", 72), ("real/arm64/kingoftown-spi-iommu-dma-sync-sg-null-6.9.log", 78),
                      ("lab/6.1/null-group.log", 76)])
    func aReflowedLogReadsAsTheLog(path: String, width: Int) throws {
        let lines = try Self.logLines(path)
        let original = try #require(Parsing.reports(lines.joined(separator: "\n")).first)
        let text = Self.reflowed(lines, width: width)
        // The premise: records really were glued into lines and cut mid-record.
        let out = text.split(separator: "\n")
        #expect(out.contains { !$0.hasPrefix("> [") })
        #expect(out.filter { $0.dropFirst(3).contains("] ") }.count > out.count / 2)
        let reflowed = try #require(Parsing.reports(text).first)
        #expect(original.trace.count > 5)
        #expect(reflowed.trace.map(\.symbol) == original.trace.map(\.symbol))
        #expect(reflowed.pc == original.pc)
        #expect(reflowed.fault?.address == original.fault?.address)
        #expect(reflowed.code?.words == original.code?.words)
        #expect(reflowed.context?.kernel == original.context?.kernel)
    }

    /// A quoted line with a record glued into it and a record of its own after it is no
    /// paragraph: both lines read as they always did (a log level before the stamp included).
    @Test func aGluedLineBeforeWholeRecordsIsReadAsItIs() throws {
        let text = """
        > > <4> [36.900985] ------------[ cut here ]------------
        > > <2> [36.901005] kernel BUG at drivers/iommu/intel-iommu.c:3717!
        > > <4> [36.901105] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI
        > > <4> [36.901264] RIP: 0010:intel_unmap+0x1f5/0x230
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.message == "kernel BUG at drivers/iommu/intel-iommu.c:3717!")
        #expect(r.pc?.symbol == "intel_unmap")
    }
}
