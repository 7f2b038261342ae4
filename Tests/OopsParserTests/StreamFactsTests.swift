import Testing
import OopsCore
@testable import OopsParser

/// What a report takes from the rest of its stream: the release its boot's banner or an
/// earlier report printed, and the message its WARN printed before the `WARNING:` line.
struct StreamFactsTests {
    static let oops = """
    [   19.442078] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000014
    [   19.489143] Internal error: Oops: 96000004 [#1] PREEMPT SMP
    [   19.500000] pc : foo_probe+0x18/0x40
    [   19.500002] Call trace:
    [   19.500003]  foo_probe+0x18/0x40
    [   19.500004]  platform_probe+0x68/0xd8
    [   19.500005] ---[ end trace 0000000000000000 ]---
    """

    @Test func theBannerNamesTheReleaseOfALaterReportThatLostIt() throws {
        let text = "[    0.000000] Linux version 6.1.0-18-arm64 (debian-kernel@lists.debian.org) (gcc-12) #1 SMP Debian 6.1.76-1\n"
            + "[    1.000000] random: crng init done\n" + Self.oops
        let r = try #require(Parsing.reports(text).first)
        #expect(r.context?.kernel == "6.1.0-18-arm64")
        #expect(r.context?.kernelFrom?.contains("banner") == true)
    }

    @Test func anEarlierReportOfTheSameBootNamesIt() throws {
        let first = Self.oops.replacingOccurrences(of: "[   19.500000] pc :",
            with: "[   19.490000] CPU: 2 PID: 7 Comm: kworker/2:0 Not tainted 5.10.7 #1\n[   19.500000] pc :")
        let r = Parsing.reports(first + "\n" + Self.oops)
        try #require(r.count == 2)
        #expect(r[0].context?.kernelFrom == nil)
        #expect(r[1].context?.kernel == "5.10.7")
        #expect(r[1].context?.kernelFrom == "report 1 of the same boot")
    }

    /// A panic ends the boot: a report after it (a mail quoting a second crash, another
    /// kernel) does not inherit the release; nor does one before any banner or report.
    @Test func nothingCrossesAPanicNorComesFromNowhere() throws {
        let first = Self.oops.replacingOccurrences(of: "[   19.500000] pc :",
            with: "[   19.490000] CPU: 2 PID: 7 Comm: kworker/2:0 Not tainted 5.10.7 #1\n[   19.500000] pc :")
            + "\n[   19.500006] Kernel panic - not syncing: Oops: Fatal exception"
        let r = Parsing.reports(first + "\n" + Self.oops)
        try #require(r.count == 2)
        #expect(r[1].context?.kernel == nil)
        #expect(Parsing.reports(Self.oops).first?.context?.kernel == nil)
    }

    /// Reports that print no task line (a workqueue lockup) take the release of a later report
    /// of the same boot; not across a banner, which begins another boot.
    @Test func aLaterReportOfTheSameBootNamesItToo() throws {
        let lockup = "[   18.000000] BUG: workqueue lockup - pool cpus=1 node=0 flags=0x0 nice=0 stuck for 33s!\n"
        let withRelease = Self.oops.replacingOccurrences(of: "[   19.500000] pc :",
            with: "[   19.490000] CPU: 2 PID: 7 Comm: kworker/2:0 Not tainted 5.10.7 #1\n[   19.500000] pc :")
        let r = Parsing.reports(lockup + withRelease)
        try #require(r.count == 2)
        #expect(r[0].context?.kernel == "5.10.7")
        #expect(r[0].context?.kernelFrom == "report 2 of the same boot, printed after this one")
        let banner = "[    0.000000] Linux version 6.1.0-18-arm64 (debian-kernel@lists.debian.org) (gcc-12) #1 SMP Debian 6.1.76-1\n"
        let across = Parsing.reports(lockup + banner + withRelease)
        try #require(across.count == 2)
        #expect(across[0].context?.kernel == nil)
    }

    @Test func aWarnsMessageBeforeItsHeadlineIsKept() throws {
        let text = """
        [    2.588250] ------------[ cut here ]------------
        [    2.588251] Unmap of a partial large IOPTE is not allowed
        [    2.588256] WARNING: CPU: 4 PID: 659 at drivers/iommu/io-pgtable-arm.c:649 __arm_lpae_unmap+0x3cc/0x468
        [    2.588340] pstate: 61400005 (nZCv daif +PAN -UAO -TCO +DIT -SSBS BTYPE=--)
        [    2.588342] pc : __arm_lpae_unmap+0x3cc/0x468
        [    2.588372] Call trace:
        [    2.588373]  __arm_lpae_unmap+0x3cc/0x468
        [    2.588435] ---[ end trace 0000000000000000 ]---
        """
        #expect(Parsing.reports(text).first?.site?.message == "Unmap of a partial large IOPTE is not allowed")
        // A bare WARN_ON prints none; another CPU's lines in between are not it.
        let bare = text.replacingOccurrences(of: "Unmap of a partial large IOPTE is not allowed", with: "Hardware name: linux,dummy-virt (DT)")
        #expect(Parsing.reports(bare).first?.site?.message == nil)
        // With caller ids, only the WARNing task's lines count.
        let callers = text.replacingOccurrences(of: "[    2.588250] ", with: "[    2.588250][  T659] ")
            .replacingOccurrences(of: "[    2.588251] ", with: "[    2.588251][   T12] ")
            .replacingOccurrences(of: "[    2.588256] ", with: "[    2.588256][  T659] ")
        #expect(Parsing.reports(callers).first?.site?.message == nil)
    }

    /// A task line a mail client cut after its taint flags (the release on the next line),
    /// RHEL's `-------  ---` before the release, a release broken at a hyphen.
    @Test func taskLinesAsTheyArrive() throws {
        let wrapped = Self.oops.replacingOccurrences(of: "[   19.500000] pc :",
            with: "[   19.490000] CPU: 4 UID: 0 PID: 659 Comm: v4l_id Tainted: G        W\n         6.13.0-rc4-00092-g1bbe1a937cf6 #21\n[   19.500000] pc :")
        #expect(Parsing.reports(wrapped).first?.context?.kernel == "6.13.0-rc4-00092-g1bbe1a937cf6")
        let rhel = Self.oops.replacingOccurrences(of: "[   19.500000] pc :",
            with: "[   19.490000] CPU: 3 PID: 9 Comm: kworker/u32:0 Tainted: G        W L    -------  ---  6.2.0-0.rc0.fc38.x86_64 #1\n[   19.500000] pc :")
        let r = try #require(Parsing.reports(rhel).first)
        #expect(r.context?.kernel == "6.2.0-0.rc0.fc38.x86_64")
        #expect(r.context?.comm == "kworker/u32:0")
        let hyphen = Self.oops.replacingOccurrences(of: "[   19.500000] pc :",
            with: "[   19.490000] CPU: 0 PID: 1114 Comm: fio Not tainted 5.7.0-rc4-\ng6ef3717-dirty #146\n[   19.500000] pc :")
        #expect(Parsing.reports(hyphen).first?.context?.kernel == "5.7.0-rc4-g6ef3717-dirty")
    }

    /// In a log without timestamps only a headline cut where the kernel goes on waits for one
    /// short piece: the WARNING's function; the module list after it stays a line of its own.
    @Test func anUntimestampedWarningGetsItsFunctionBack() throws {
        let text = """
          ------------[ cut here ]------------
          WARNING: CPU: 1 PID: 6946 at drivers/iommu/amd_iommu.c:2637
        dma_ops_domain_unmap.part.12+0x55/0x72()
          Modules linked in: ip6table_filter ip6_tables act_police cls_basic
          CPU: 1 PID: 6946 Comm: w_scan Tainted: G        W 3.19.0-rc3-myrc01 #1
          Call Trace:
           [<ffffffffb0640fe8>] dump_stack+0x40/0x50
           [<ffffffffb00bcf46>] warn_slowpath_common+0x93/0xab
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.site?.function?.hasPrefix("dma_ops_domain_unmap") == true)
        #expect(!r.message.contains("Modules"))
        #expect(r.modules?.contains("ip6table_filter") == true)
    }
}
