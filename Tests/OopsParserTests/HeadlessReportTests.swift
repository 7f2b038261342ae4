import Testing
import OopsCore
@testable import OopsParser

/// A report pasted from its register dump on (its head cut off) is still a report; the
/// register dumps of live CPUs and the registers x86 repeats after `---[ end trace` are not.
struct HeadlessReportTests {
    /// A Tegra QSPI fault as a patch mail quotes it (lore, 2025-06): from `pc :` on.
    static let trimmed = """
    The following crash was observed:

    [    7.818017] pc : dcache_inval_poc+0x40/0x58
    [    7.822128] lr : arch_sync_dma_for_cpu+0x2c/0x4c
    [    7.826854] sp : ffff80008193bcf0
    [    7.895892] x2 : 0000000000000040 x1 : ffff000086dbe000 x0 : ffff000086db0000
    [    7.903155] Call trace:
    [    7.905606]  dcache_inval_poc+0x40/0x58 (P)
    [    7.909804]  iommu_dma_sync_single_for_cpu+0xb4/0xb8
    [    7.914617]  __dma_sync_single_for_cpu+0x158/0x194
    [    7.925291]  irq_thread_fn+0x2c/0xc0
    """

    @Test func aTrimmedPasteIsAReportWithoutAHead() throws {
        let r = try #require(Parsing.reports(Self.trimmed).first)
        #expect(r.title == "unknown crash in dcache_inval_poc")
        #expect(r.kind == .unknown)
        #expect(r.truncated)
        #expect(r.pc?.symbol == "dcache_inval_poc")
        #expect(r.trace.count == 4)
    }

    /// sysrq's or an NMI backtrace's dump of a live CPU: a task line, then its registers.
    @Test func aLiveCPUsRegisterDumpIsNoReport() {
        let dump = """
        [  312.110201] sysrq: Show backtrace of all active CPUs
        [  312.110300] NMI backtrace for cpu 1
        [  312.110301] CPU: 1 PID: 0 Comm: swapper/1 Not tainted 6.1.0 #1
        [  312.110302] Hardware name: linux,dummy-virt (DT)
        [  312.110303] pstate: 60400005 (nZCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)
        [  312.110304] pc : cpu_do_idle+0x14/0x20
        [  312.110305] lr : default_idle_call+0x4c/0x1a0
        [  312.110306] Call trace:
        [  312.110307]  cpu_do_idle+0x14/0x20
        [  312.110308]  do_idle+0x230/0x2a0
        """
        #expect(Parsing.reports(dump).isEmpty)
    }

    /// x86 repeats the faulting RIP and registers after the end marker (syzkaller's test
    /// report 324): they close the oops, they do not open another.
    @Test func registersRepeatedAfterTheEndMarkerStayWithTheOops() throws {
        let text = """
        [  947.160001] BUG: unable to handle kernel paging request at 000000fe840fc4b9
        [  947.160002] Oops: 0000 [#1] SMP
        [  947.160003] RIP: 0010:lookup_object+0x11/0x80
        [  947.160004] Call Trace:
        [  947.160005]  find_and_get_object+0x2c/0x60
        [  947.160006]  kmemleak_free+0x27/0x50
        [  947.358723] ---[ end trace d847ed588e530688 ]---
        [  947.363464] RIP: 0010:lookup_object+0x11/0x80
        [  947.386824] RSP: 0018:ffffc90001c53c50 EFLAGS: 00010002
        """
        let reports = Parsing.reports(text)
        #expect(reports.count == 1)
        #expect(reports.first?.format != .headless)
    }
}
