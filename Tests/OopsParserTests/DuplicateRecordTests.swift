import Foundation
import Testing
import OopsCore
@testable import OopsParser

/// Two copies of the kernel's output merged into one log (netconsole beside the local console)
/// read as one; the same excerpt pasted twice, and repeated lines of one dump, do not.
struct DuplicateRecordTests {
    static let path = "real/arm64/kingoftown-spi-iommu-dma-sync-sg-null-6.9.log"

    /// `lines` merged with a second copy of themselves that lags `lag` lines behind.
    static func doubled(_ lines: [Substring], lag: Int) -> String {
        var out: [Substring] = []
        for i in 0..<(lines.count + lag) {
            if i < lines.count { out.append(lines[i]) }
            if i >= lag { out.append(lines[i - lag]) }
        }
        return out.joined(separator: "\n")
    }

    @Test(arguments: [3, 12, 40])
    func aDoubledLogReadsAsTheLog(lag: Int) throws {
        let lines = try ReflowedParagraphTests.logLines(Self.path)
        let original = Parsing.reports(lines.joined(separator: "\n"))
        let doubled = Parsing.reports(Self.doubled(lines, lag: lag))
        #expect(original.count == 1)
        #expect(doubled.count == original.count)
        let o = try #require(original.first), d = try #require(doubled.first)
        #expect(d.trace.map(\.symbol) == o.trace.map(\.symbol))
        #expect(d.pc == o.pc)
        #expect(d.code?.words == o.code?.words)
        #expect(d.truncated == o.truncated)
    }

    /// The same excerpt twice (a mail pasting it again, syzkaller's report after its console
    /// log) is two reports, with or without text between.
    @Test func anExcerptPastedAgainIsReadAgain() throws {
        let lines = try ReflowedParagraphTests.logLines(Self.path)
        let once = lines.joined(separator: "\n")
        #expect(Parsing.reports(once + "\n" + once).count == 2)
        #expect(Parsing.reports(once + "\n\nAnd again:\n\n" + once).count == 2)
    }

    /// A dump prints the same unreliable frame twice under one stamp: both are frames.
    @Test func aLineRepeatedInOrderIsKept() throws {
        let text = """
        [    9.691329][   T21] general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] PREEMPT SMP KASAN
        [    9.691329][   T21] RIP: 0010:dma_direct_max_mapping_size+0x40/0x100
        [    9.691329][   T21] Call Trace:
        [    9.691329][   T21]  dma_max_mapping_size+0xba/0x100
        [    9.730932][   T21]  ? __pm_runtime_resume+0x11b/0x180
        [    9.704875][    T1] kobject: 'sr' (00000000e7d12427): fill_kobj_path: path = '/devices/virtual/block/sr0'
        [    9.730932][   T21]  ? __pm_runtime_resume+0x11b/0x180
        [    9.730932][   T21]  __scsi_scan_target+0x29a/0xfa0
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.trace.filter { $0.symbol == "__pm_runtime_resume" }.count == 2)
    }

    /// The stamp reader takes printk's six-digit fraction only; a longer one (a fuzz finding:
    /// twenty digits overflowed) is another clock.
    @Test(arguments: [("[ 5.000001", UInt64(5_000_001)), (" 12.345678", 12_345_678), ("+0.000003", nil),
                      ("[ 5.0001", nil), ("[ 5.99999999999999999999999", nil)] as [(String, UInt64?)])
    func stampsAreReadAsMicroseconds(stamp: String, micros: UInt64?) {
        let read = Array(stamp.utf8).withUnsafeBytes { DuplicateRecords.microseconds($0) }
        #expect(read == micros)
    }
}
