import Testing
import OopsCore
@testable import OopsParser

/// Reports whose first line is not the headline oopsy used to wait for (first-sight round 8's
/// public logs, shortened).
struct ReportStartShapesTests {
    /// arm64's abort decode pasted without the `Unable to handle` line above it opens the oops,
    /// and its page-table walk gives the fault address (s-02). A mail's `<name@host> wrote:`
    /// line before it is no stack marker of a dump.
    @Test func aMemAbortBlockWithoutItsHeadlineOpensTheOops() throws {
        let log = """
        On Thu, 27 Nov 2025 at 16:03, A Developer
        <a.developer@example.com> wrote:
        > The register layout is not handled, causing a memory abort:
        >
        > [   90.052296] Mem abort info:
        > [   90.055420]   ESR = 0x0000000096000007
        > [   90.059553]   EC = 0x25: DABT (current EL), IL = 32 bits
        > [   90.099008] swapper pgtable: 4k pages, 48-bit VAs, pgdp=00000000c60b4000
        > [   90.106756] [ffff800082816318] pgd=0000000000000000, p4d=10000000c69ef003
        > [   90.120727] Internal error: Oops: 0000000096000007 [#1]  SMP
        > [   90.145201] CPU: 0 UID: 0 PID: 307 Comm: sh Not tainted 6.18.0-rc1-next-20251016+ #47 PREEMPT
        > [   90.170777] pc : cpg_mssr_suspend_noirq+0x4c/0xc0
        > [   90.175983] lr : device_suspend_noirq+0x6c/0x22c
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 1)
        #expect(reports[0].format == .memAbortInfo)
        #expect(reports[0].lines.first == 5)
        #expect(reports[0].fault?.address == Hex64(0xffff800082816318))
        #expect(reports[0].pc?.symbol == "cpg_mssr_suspend_noirq")
    }

    /// x86 names an instruction fetch before the page fault's headline: the report begins
    /// there, and a fragment that keeps only that line is still one (u-05, u-07).
    @Test func anX86FetchFaultBeginsAtItsFirstLine() throws {
        let log = """
        [   30.862501] kernel tried to execute NX-protected page - exploit attempt? (uid: 1000)
        [   30.865603] BUG: unable to handle page fault for address: ffffffffc0002448
        [   30.868374] #PF: supervisor instruction fetch in kernel mode
        [   30.870000] Oops: 0011 [#1] SMP NOPTI
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 1)
        #expect(reports[0].lines.first == 1)
        #expect(reports[0].kind == .executeNonExecutable)
        #expect(reports[0].fault?.address == Hex64(0xffffffffc0002448))
        let fragment = Parsing.reports("[   63.0] unable to execute userspace code (SMEP?) (uid: 0)\n[   63.1] #PF: supervisor instruction fetch in kernel mode")
        try #require(fragment.count == 1)
        #expect(fragment[0].kind == .userAccess)
    }

    /// A memory cgroup's OOM kill, 4.x's wording (v-09).
    @Test func aMemcgOOMKillIsAReport() throws {
        let log = "Aug 25 18:21:35 host kernel: Memory cgroup out of memory: Kill process 76756 (java) score 1001 or sacrifice child"
        let r = try #require(Parsing.reports(log).first)
        #expect(r.kind == .outOfMemory)
    }

    /// ARMv7-M's exception with no handler (round 9's w-08) is a report, titled by its pc.
    @Test func anUnhandledV7MExceptionIsAReport() throws {
        let log = """
        [    9.719414] Unhandled exception: IPSR = 00000005 LR = fffffff1
        [    9.726937] CPU: 0 PID: 49 Comm: sh Not tainted 5.13.0-rc5 #9
        [    9.738296] PC is at clk_gate_is_enabled+0x0/0x28
        [    9.743426] LR is at stm32f4_pll_div_set_rate+0xf/0x38
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.title == "Unhandled exception in clk_gate_is_enabled")
    }

    /// format=flowed breaks a line after a blank (`Unable to handle kernel ` / `execute from …`):
    /// the headline waits for its piece (round 9's w2-05).
    @Test func aFlowedHeadlineIsJoined() throws {
        let log = "[   73.300176] Unable to handle kernel \nexecute from non-executable memory at virtual address ffffaa213674cd88\n[   73.310124] Mem abort info:\n"
        let r = try #require(Parsing.reports(log).first)
        #expect(r.kind == .executeNonExecutable)
        #expect(r.fault?.address == Hex64(0xffffaa213674cd88))
    }

    /// The same break under a serial tool's own prefix on every line (`23-09-22 10:49:44 R
    /// SERIAL-CPU> `), the piece without it (round 9's w2-05).
    @Test func aFlowedHeadlineUnderAToolPrefixIsJoined() throws {
        let log = "23-09-22 10:49:44 R SERIAL-CPU> [   73.300176] Unable to handle kernel \nexecute from non-executable memory at virtual address ffffaa213674cd88\n"
        let r = try #require(Parsing.reports(log).first)
        #expect(r.fault?.address == Hex64(0xffffaa213674cd88))
        #expect(r.kind == .executeNonExecutable)
    }

    /// genirq's refusal of a shared IRQ requested with other flags, and its stack (Hatari's
    /// Falcon, m68k, 6.14): a report titled by the requester.
    @Test func anIRQFlagsMismatchIsAReportOfItsOwn() throws {
        let log = """
        genirq: Flags mismatch irq 4. 00200000 (framebuffer:modeswitch) vs. 00200000 (framebuffer:modeswitch)
        CPU: 0 UID: 0 PID: 1 Comm: swapper Not tainted 6.14.0hatari-00001-g1d98935cdfd7-dirty #4
        Call Trace: [<000088b0>] dump_stack+0x10/0x16
          [<0005852a>] __setup_irq+0x264/0x4a4
          [<00058876>] request_threaded_irq+0x10c/0x142
          [<00449cfe>] atari_drm_probe+0x8ba/0xe28
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 1)
        #expect(reports[0].format == .irqFlagsMismatch)
        #expect(reports[0].title == "genirq: flags mismatch for framebuffer:modeswitch")
        #expect(reports[0].kind == .unknown)
        #expect(reports[0].trace.map(\.symbol).contains("atari_drm_probe"))
    }
}
