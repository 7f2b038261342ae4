import Testing
import OopsCore
@testable import OopsParser

/// A record the kernel printed as several lines (one printk with newlines in it) reaches the
/// log with a stamp on its first line only: `dmesg` and `journalctl` indent the others to the
/// column the message began at. A stamped report reads them; other unstamped text stays out.
struct RecordContinuationTests {
    private static let dump = [
        "CPU: 0 UID: 1000 PID: 1497409 Comm: mpv Not tainted 6.12.37-ncvm5+ #1",
        "Hardware name: Raspberry Pi 5 Model B Rev 1.0 (DT)",
        "pstate: 604000c9 (nZCv daIF +PAN -UAO -TCO -DIT -SSBS BTYPE=--)",
        "pc : v3d_job_update_stats+0x64/0x168 [v3d]",
        "lr : v3d_job_update_stats+0x40/0x168 [v3d]",
        "sp : ffffc00080003e60",
        "Call trace:",
    ]

    private static func log(indent: String, frameIndent: String) -> String {
        "[56120.512903] Unable to handle kernel paging request at virtual address 0000330a92b9688a\n"
            + "[56120.577975] Internal error: Oops: 0000000096000005 [#1] PREEMPT SMP\n"
            + dump.map { indent + $0 + "\n" }.joined()
            + frameIndent + "v3d_job_update_stats+0x64/0x168 [v3d]\n"
            + frameIndent + "v3d_irq+0x118/0x2e0 [v3d]\n"
    }

    @Test func dmesgIndentedLinesAreTheRecords() throws {
        let r = try #require(Parsing.reports(Self.log(indent: String(repeating: " ", count: 15),
                                                      frameIndent: String(repeating: " ", count: 16))).first)
        #expect(r.pc?.symbol == "v3d_job_update_stats")
        #expect(r.context?.kernel == "6.12.37-ncvm5+")
        #expect(r.trace.map(\.symbol) == ["v3d_job_update_stats", "v3d_irq"])
    }

    @Test func spacesFoldedIntoTabsStillCount() throws {
        // An editor folded the first eight columns into a tab: " \t       " is 15 columns.
        let r = try #require(Parsing.reports(Self.log(indent: " \t       ", frameIndent: "\t\t ")).first)
        #expect(r.pc?.symbol == "v3d_job_update_stats")
        #expect(r.trace.count == 2)
    }

    @Test func anotherIndentIsOtherOutput() throws {
        let r = try #require(Parsing.reports(Self.log(indent: "    ", frameIndent: "     ")).first)
        #expect(r.pc == nil)
        #expect(r.context?.kernel == nil)
    }

    @Test func codeAfterTheReportIsNotARecord() throws {
        // A patch after the log: the tab-indented code has the stamp's width but does not
        // follow a line of the report.
        let text = """
        [332706.556094]  do_syscall_64+0x55/0x100
        [332706.556196]  entry_SYSCALL_64_after_hwframe+0x78/0xe2
        [332706.556200] BUG: unable to handle page fault for address: ffffed1020a3ffa4

        Fixes: 3b3fa11bc700 ("x86/dumpstack: Print any pt_regs found on the stack")
        \t\t */
        \t\tshow_iret_regs(regs, log_lvl);
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.lines.last == 3)
    }

    @Test func journalIndentedLinesAreTheRecords() throws {
        let head = "Dec 07 10:00:00 pi5 kernel: "
        let pad = String(repeating: " ", count: head.count)
        let text = head + "Unable to handle kernel paging request at virtual address 0000330a92b9688a\n"
            + head + "Internal error: Oops: 0000000096000005 [#1] PREEMPT SMP\n"
            + Self.dump.map { pad + $0 + "\n" }.joined()
        let r = try #require(Parsing.reports(text).first)
        #expect(r.pc?.symbol == "v3d_job_update_stats")
    }
}
