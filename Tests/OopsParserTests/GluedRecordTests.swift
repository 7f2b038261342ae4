import Foundation
import Testing
import OopsCore
@testable import OopsParser

/// Records glued into one line (a log that lost its newlines, a mail client that re-wrapped a
/// quoted log) are read one by one.
struct GluedRecordTests {
    /// A corpus log as it reads when its newlines became blanks (a paste through a web form):
    /// the same report, frame for frame.
    @Test func aLogThatLostItsNewlinesReadsAsTheLog() throws {
        let bytes = try SeedTests.corpus("real/arm64/kingoftown-spi-iommu-dma-sync-sg-null-6.9.log")
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("#") }
        let original = try #require(Parsing.reports(lines.joined(separator: "\n")).first)
        let flattened = try #require(Parsing.reports(lines.joined(separator: " ")).first)
        #expect(original.trace.count > 5)
        #expect(flattened.trace.map(\.symbol) == original.trace.map(\.symbol))
        #expect(flattened.pc == original.pc)
        #expect(flattened.fault?.address == original.fault?.address)
        #expect(flattened.title == original.title)
    }

    /// A quoted log re-wrapped by a mail client (lore, 2024-11, a kexec hang on 6.6): the
    /// headline is wrapped after `more`, its rest glued to the next record, and the next task's
    /// headline glued onto a wrapped piece. Each of khungtaskd's reports is its own.
    static let rewrapped = """
    > > [  243.214009][  T115] INFO: task kworker/0:1:10 blocked for more
    > > than 122 seconds. [  243.214810][  T115]       Not tainted 6.6.0+ #1
    > > [  243.217816][  T115] Call trace:
    > > [  243.218133][  T115]  __switch_to+0x130/0x1e8
    > > [  243.218568][  T115]  __schedule+0x660/0xcf8
    > > [  243.219013][  T115]  schedule+0x58/0xf0
    > > [  243.219402][  T115]  percpu_rwsem_wait+0xb0/0x1d0
    > > [  243.220795][  T115]  vmstat_shepherd+0x40/0x140
    > > [  243.222564][  T115]  ret_from_fork+0x10/0x20
    > > [  243.267755][  T115] Workqueue: events_freezable_power_
    > > disk_events_workfn [  243.268727][  T115] INFO: task kworker/15:2:639 blocked for more
    > > than 122 seconds. [  243.268800][  T115]       Not tainted 6.6.0+ #1
    > > [  243.269011][  T115] Call trace:
    > > [  243.269305][  T115]  __switch_to+0x130/0x1e8
    > > [  243.269707][  T115]  __schedule+0x660/0xcf8
    > > [  243.270100][  T115]  schedule+0x58/0xf0
    > > [  243.270501][  T115]  blk_execute_rq+0x11c/0x1c0
    """

    @Test func aRewrappedSeriesOfHungTasksIsTwoReports() throws {
        let reports = Parsing.reports(Self.rewrapped)
        try #require(reports.count == 2)
        #expect(reports.map(\.title) == ["INFO: task hung in vmstat_shepherd", "INFO: task hung in blk_execute_rq"])
        #expect(reports.map(\.trace.count) == [6, 4])
        #expect(reports[0].context?.kernel == "6.6.0+")
    }

    @Test(arguments: [
        ("0x1e4 [ 2052.051856][ T1668] el0_svc+0x28/0x98", 6),
        ("seconds. [  243.214810][  T115] Not tainted", 9),
        // Two CPUs' records glued at a byte (an nvidia-uvm UBSAN report printed twice at once).
        ("=================[  153.511688] ====", 17),
        // Not printk stamps: no six-digit fraction, not a number.
        ("fw [1.0] loaded", nil),
        ("sd 0:0:0:0: [sda] Synchronizing SCSI cache", nil),
    ] as [(String, Int?)])
    func findsAGluedStamp(line: String, at: Int?) {
        Array(line.utf8).withUnsafeBytes { #expect(GluedRecords.find(in: $0, from: 1) == at) }
    }
}
