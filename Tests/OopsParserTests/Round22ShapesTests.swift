import Testing
import OopsCore
@testable import OopsParser

/// Shapes first-sight round 22's public logs showed (shortened): a program's `WARNING:` notice
/// is no report, and a stamped report's trace pasted without stamps is still its trace.
struct Round22ShapesTests {
    /// pip's notices in a build log beside boot logs (f-01): `WARNING: …` lines nothing
    /// followed. The kernel's own WARNING lines stay reports even cut to their first line, and
    /// the ids of the reports after a notice close up.
    @Test func aProgramsWarningNoticeIsNoReport() throws {
        let log = """
          WARNING: The scripts pip3 and pip3.10 are installed in '//bin' which is not on PATH.
        Successfully installed pip-23.0.1
        WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager.
        [    2.000000] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008
        [    2.000100] Internal error: Oops: 0000000096000004 [#1] SMP
        [    2.000200] pc : foo_probe+0x10/0x40
        [    2.000300] Call trace:
        [    2.000400]  foo_probe+0x10/0x40
        [    2.000500]  platform_probe+0x68/0xe0
        """
        let reports = Parsing.reports(log)
        #expect(reports.map(\.id) == [1])
        #expect(reports.first?.pc?.symbol == "foo_probe")
        for headline in ["WARNING: CPU: 3 PID: 1 at drivers/base/dd.c:12 really_probe+0x10/0x40",
                         "WARNING: possible circular locking dependency detected",
                         "WARNING: kernel stack regs at ffff8801d100fea8 in syz-executor1:16059 has bad 'bp' value ffff8801d100ff28"] {
            #expect(Parsing.reports("[   10.000000] " + headline + "\n").count == 1, "\(headline)")
        }
    }

    /// A stable patch's "Sample panic info" (e-02): the fault block stamped, its call trace
    /// without stamps right under it.
    @Test func anUnstampedTraceUnderAStampedFaultIsItsTrace() throws {
        let log = """
        Sample panic info:
        [  253.298819] Unable to handle kernel paging request at virtual address ffff000129ba5cce
        [  253.300900] Mem abort info:
        [  253.301760]   ESR = 0x0000000096000021
        [  253.306103]   FSC = 0x21: alignment fault
        Call trace:
         __skb_clone+0xfc/0x198
         skb_clone+0x78/0xe0
         raw6_local_deliver+0xfc/0x228
        unrelated text after it
         0x12/0x30
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.trace.map(\.symbol) == ["__skb_clone", "skb_clone", "raw6_local_deliver"])
    }
}
