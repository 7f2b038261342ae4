import Testing
import OopsCore
@testable import OopsParser

/// syslogd's and journald's wall broadcasts repeat the console's emergency lines under their
/// printk stamps: a copy of a line a report holds opens no report; a broadcast alone (a
/// terminal's paste) is the only record of its crash and does.
struct WallBroadcastTests {
    /// A TQMa8XQP console with a shell on it (linux-media, 2020; 4.19, quoted-printable undone).
    static let console = """
    [   60.835312] kernel BUG at drivers/media/mc/mc-entity.c:178!
    [   60.841451] Internal error: Oops - BUG: 0 [#1] PREEMPT SMP
    [   60.847002] Modules linked in: ov5640
    [   60.851563] Process insmod (pid: 4227, stack limit = 0x(____ptrval____))
    [   60.859001] CPU: 1 PID: 4227 Comm: insmod Not tainted 4.19.35 #1
    [   60.866010] pc : media_gobj_create+0x54/0x100
    [   60.871001] Call trace:
    [   60.872001]  media_gobj_create+0x54/0x100
    [   60.873001]  media_device_register_entity+0x98/0x240
    [   61.066581] Code: f9405001 91000421 f9005001 d65f03c0 (d4210000)
    [   61.072001] ---[ end trace 5a8e3b2f1b0a1c11 ]---

    Message from syslogd@imx8qxpmek at Tue Feb 11 17:59:18 2020 ...
    imx8qxpmek kernel: [ 60.841451] Internal error: Oops - BUG: 0 [#1] PREEMPT SMP

    Message from syslogd@imx8qxpmek at Tue Feb 11 17:59:18 2020 ...
    imx8qxpmek kernel: [ 61.066581] Code: f9405001 91000421 f9005001 d65f03c0 (d4210000)
    Segmentation fault
    """

    @Test func aBroadcastCopyOfAReportLineOpensNoReport() {
        let reports = Parsing.reports(Self.console)
        #expect(reports.count == 1)
        #expect(reports.first?.title == "kernel BUG in media_gobj_create")
    }

    @Test func aBroadcastAloneIsItsCrashsRecord() {
        let alone = """
        Message from syslogd@TheBlackMonster at Aug  9 00:12:14 ...
         kernel:[  622.405154] Internal error: Oops: 96000004 [#1] SMP
        """
        #expect(Parsing.reports(alone).count == 1)
    }
}
