import Testing
import OopsCore
@testable import OopsParser

/// A detector's panic after its report: a report of its own when it dumps again (panic()
/// does), the tail of the report it ended when the log stops at its line.
struct PanicTailTests {
    /// A soft lockup pasted into a mail up to its panic line (6.10-rc4 under QEMU, 2024).
    static let lockup = """
    [   65.207001] watchdog: BUG: soft lockup - CPU#0 stuck for 26s! [kworker/0:3:374]
    [   65.231015] CPU: 0 PID: 374 Comm: kworker/0:3 Not tainted 6.10.0-rc4-00010-g1f2a3b4c5d6e #1
    [   65.240001] RIP: 0010:collect_percpu_times+0xff/0x310
    [   65.300001] Call Trace:
    [   65.300002]  <TASK>
    [   65.313153]  psi_avgs_work+0x3c/0xb0
    [   65.314864]  process_one_work+0x1fe/0x700
    [   65.320571]  worker_thread+0x1c7/0x3b0
    [   65.322626]  kthread+0xe0/0x110
    [   65.331073]  </TASK>
    [   65.332119] Kernel panic - not syncing: softlockup: hung tasks
    """

    @Test func aPanicLineWithNoDumpEndsTheReportBeforeIt() throws {
        let reports = Parsing.reports(Self.lockup + "\n\nWhere collect_percpu_times+0xff/0x310 is the seqlock loop.\n")
        #expect(reports.count == 1)
        let r = try #require(reports.first)
        #expect(r.kind == .softLockup)
        #expect(r.panic == "softlockup: hung tasks")
        #expect(r.lines.last == 11)
    }

    @Test func aPanicWithItsOwnDumpIsItsOwnReport() {
        let dumped = Self.lockup + """

        [   65.333001] CPU: 0 PID: 374 Comm: kworker/0:3 Tainted: G             L     6.10.0-rc4-00010-g1f2a3b4c5d6e #1
        [   65.334001] Call Trace:
        [   65.334002]  <IRQ>
        [   65.334003]  panic+0x349/0x370
        [   65.334004]  watchdog_timer_fn+0x1e2/0x250
        """
        let reports = Parsing.reports(dumped)
        #expect(reports.count == 2)
        #expect(reports.map(\.id) == [1, 2])
        #expect(reports.last?.kind == .panic || reports.last?.kind == .softLockup)
    }

    /// Reports after a merged panic line keep consecutive ids.
    @Test func idsStayConsecutiveAfterAMergedTail() {
        let text = Self.lockup + "\n" + """
        [   70.000001] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008
        [   70.000002] Internal error: Oops: 96000005 [#1] SMP
        """
        let reports = Parsing.reports(text)
        #expect(reports.map(\.id) == [1, 2])
    }
}
