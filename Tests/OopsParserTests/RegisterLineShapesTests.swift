import Testing
import OopsCore
@testable import OopsParser

/// pc and return-address lines as other architectures, other eras and decode_stacktrace.sh print
/// them (first-sight round 8's public logs, shortened): each names the function the CPU was in.
struct RegisterLineShapesTests {
    /// decode_stacktrace.sh rewrites `sym+off/size` as its source lines, with addr2line's
    /// `(discriminator N)` (o-02, s-10); a reply written into the wrapped list cuts it short.
    @Test func aDecodedPcNamesItsFunction() throws {
        let log = """
        [   19.368246] Unable to handle kernel paging request at virtual address 0000000000100111
        [   19.368300] Internal error: Oops: 0000000096000006 [#1] PREEMPT SMP
        [   19.368346] pc : vma_merge (mm/mmap.c:952 (discriminator 1))
        [   19.371917] lr : mprotect_fixup (mm/mprotect.c:600
        [   19.372000] Call trace:
        [   19.372010]  vma_merge (mm/mmap.c:952 (discriminator 1))
        [   19.372020]  mprotect_fixup (mm/mprotect.c:600)
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.pc?.symbol == "vma_merge")
        #expect(r.lr?.symbol == "mprotect_fixup")
        #expect(r.trace.map(\.symbol) == ["vma_merge", "mprotect_fixup"])
    }

    /// syzbot's decoded WARNs print the headline and the pc once per frame inlined at the
    /// address, the real one (`+off/size`) last; its mails quote the title on a line of its own
    /// (round 10's b-07, b-08). One report, from the real headline, with the real pc.
    @Test func decodedInlineHeadlinesAreOneReport() throws {
        let log = """
        syzbot has tested the proposed patch but the reproducer is still triggering an issue:
        WARNING: locking bug in evict

        ------------[ cut here ]------------
        WARNING: CPU: 1 PID: 3553 at kernel/locking/lockdep.c:466 lockdep_recursion_finish kernel/locking/lockdep.c:467 [inline]
        WARNING: CPU: 1 PID: 3553 at kernel/locking/lockdep.c:466 lock_acquire+0x1cc/0x1f8 kernel/locking/lockdep.c:5668
        Modules linked in:
        CPU: 1 PID: 3553 Comm: syz-executor.5 Not tainted 6.0.0-rc7-syzkaller-18095-gbbed346d5a96 #0
        pc : lockdep_recursion_finish kernel/locking/lockdep.c:467 [inline]
        pc : lock_acquire+0x1cc/0x1f8 kernel/locking/lockdep.c:5668
        lr : lockdep_recursion_finish kernel/locking/lockdep.c:466 [inline]
        lr : lock_acquire+0x10c/0x1f8 kernel/locking/lockdep.c:5668
        sp : ffff80001398b9f0
        Call trace:
         lockdep_recursion_finish kernel/locking/lockdep.c:467 [inline]
         lock_acquire+0x1cc/0x1f8 kernel/locking/lockdep.c:5668
         evict+0x6c/0x2d0 fs/inode.c:664
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 1)
        #expect(reports[0].pc?.symbol == "lock_acquire" && reports[0].pc?.offset == Hex64(0x1cc))
        #expect(reports[0].site?.function == "lock_acquire" && reports[0].site?.line == 466)
        // It begins at the first of them, and its headline is the real one.
        #expect(reports[0].lines.first == 5 && reports[0].message.hasSuffix("lock_acquire+0x1cc/0x1f8 kernel/locking/lockdep.c:5668"))
    }

    /// A log pasted into a Markdown page escapes its underscores (`nvme\_kthread`, round 10's
    /// b-09): the symbols read as the kernel printed them.
    @Test func markdownEscapedUnderscoresAreUndone() throws {
        let log = #"""
        [ 2.801962] Unhandled fault: synchronous external abort (0x96000210) at 0xffffff800936401c
        [ 2.805108] PC is at nvme\_kthread+0x84/0x1f8
        [ 2.805484] LR is at nvme\_kthread+0x60/0x1f8
        [ 2.805600] Call trace:
        [ 2.805700] [<ffffff80084a0f4c>] nvme\_kthread+0x84/0x1f8
        [ 2.805800] [<ffffff80080c5a68>] kthread+0xf8/0x100
        """#
        let r = try #require(Parsing.reports(log).first)
        #expect(r.pc?.symbol == "nvme_kthread" && r.trace.first?.symbol == "nvme_kthread")
        #expect(r.fault?.address == Hex64(0xffffff800936401c))
    }

    /// A WARN line and a KASAN headline decoded the same way are titled by their function (t-02).
    @Test(arguments: [
        ("WARNING: CPU: 1 PID: 1 at kernel/exit.c:816 do_exit (kernel/exit.c:816 (discriminator 1))", "WARNING in do_exit"),
        ("BUG: KASAN: use-after-free in pci_acpi_root_prepare_resources (include/linux/list.h:150 arch/x86/pci/acpi.c:361)",
         "KASAN: use-after-free Read in pci_acpi_root_prepare_resources"),
    ])
    func aDecodedHeadlineIsTitledByItsFunction(headline: String, title: String) throws {
        let log = """
        [    6.465459] \(headline)
        [    6.465460] Read of size 8 at addr ffff8881433c6190 by task swapper/0/1
        [    6.466537] CPU: 1 PID: 1 Comm: systemd Tainted: G      D            6.1.103-rc1 #1
        [    6.469612] Call trace:
        [    6.469613]  do_exit (kernel/exit.c:816 (discriminator 1))
        [    6.469614]  pci_acpi_root_prepare_resources (arch/x86/pci/acpi.c:361)
        """
        #expect(try #require(Parsing.reports(log).first).title == title)
    }

    /// MIPS (`epc   :`, `ra    :`) and LoongArch (`ERA:`, `ra:`) print an address and its
    /// symbol; `ERA:` is no x86 register line (v-05, v-06).
    @Test(arguments: [
        ("epc   : 80028fd4 r4k_blast_dcache_page_dc32+0x14/0xb8", "ra    : 80096240 generic_smp_call_function_single_interrupt+0x160/0x200",
         "r4k_blast_dcache_page_dc32", UInt64(0x80028fd4), "generic_smp_call_function_single_interrupt"),
        ("  ERA: 9000000004bf61d8 drm_gem_object_free+0x28/0x70", "   ra: 9000000004bf61d4 drm_gem_object_free+0x24/0x70",
         "drm_gem_object_free", 0x9000000004bf61d8, "drm_gem_object_free"),
    ])
    func mipsAndLoongArchNameTheirPc(pcLine: String, raLine: String, pc: String, address: UInt64, lr: String) throws {
        let log = """
        [    1.689913] CPU 0 Unable to handle kernel paging request at virtual address fffd7000, epc == 80028fd4, ra == 80096240
        [    1.700000] Oops[#1]:
        [    1.760209] \(pcLine)
        [    1.766299] \(raLine)
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.pc?.symbol == pc)
        #expect(r.pc?.address == Hex64(address))
        #expect(r.lr?.symbol == lr)
    }

    /// MIPS's `BadVA :` is the paging request's address where its own line was wrapped before
    /// it (u-08 of round 20).
    @Test func mipsBadVAIsTheRequestsAddress() throws {
        let log = """
        [   20.569959] CPU 0 Unable to handle kernel paging request at virtual
        address 675f6b6c, epc == 80403dec, ra == 804ae11c
        [   20.591060] Oops[#1]:
        [   20.702610] epc   : 80403dec glob_match+0x1c/0x240
        [   20.739576] BadVA : 675f6b6c
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.fault?.address == Hex64(0x675f_6b6c))
        #expect(r.registers?["badva"] == 0x675f_6b6c)
    }

    /// x86 before 4.9 printed its stacks from `dump_trace` on: reporting frames, not the
    /// function a WARNING is in, and no second stack (w-02 of round 20).
    @Test func anOldX86StackBeginsAtDumpTrace() throws {
        let log = """
        WARNING: CPU: 0 PID: 1889 at drivers/media/v4l2-core/videobuf2-dma-sg.c:107 vb2_dma_sg_alloc+0x284/0x4d0 [videobuf2_dma_sg]
        CPU: 0 PID: 1889 Comm: dvbstream Not tainted 4.8.0-rc1 #1
        Call Trace:
          [<ffffffff8102ef0e>] dump_trace+0x5e/0x310
          [<ffffffff8102f2db>] show_stack_log_lvl+0x11b/0x1a0
          [<ffffffff81030011>] show_stack+0x21/0x40
          [<ffffffff813a2792>] dump_stack+0x5c/0x7a
          [<ffffffff8107daee>] __warn+0xbe/0xe0
          [<ffffffffa02eddb4>] vb2_dma_sg_alloc+0x284/0x4d0 [videobuf2_dma_sg]
          [<ffffffffa0502a61>] __vb2_queue_alloc+0x161/0x3f0 [videobuf2_core]
        DWARF2 unwinder stuck at entry_SYSCALL_64_fastpath+0x1e/0xa8

        Leftover inexact backtrace:

        ---[ end trace 441c231b428d24a2 ]---
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.title == "WARNING in vb2_dma_sg_alloc")
        #expect(!r.corrupted)
    }

    /// powerpc 4.x prints its GPRs and `NIP [...]` as continuations of the record before, so
    /// they carry no timestamp in a stamped log; they are still the oops's (v-01).
    @Test func powerpcsUnstampedNipLineIsTheOopses() throws {
        let log = """
        [    0.082289] Unable to handle kernel paging request for data at address 0x00000000
        [    0.082338] Faulting instruction address: 0xc000000000302b88
        [    0.082377] Oops: Kernel access of bad area, sig: 11 [#1]
        [    0.082575] NIP: c000000000302b88 LR: c000000000270e04 CTR: c00000000016cfd0
        GPR00: c000000000270e04 c00000010d10b540 c00000000141a300 c00000010fff6300
        NIP [c000000000302b88] mem_cgroup_soft_limit_reclaim+0xf8/0x4f0
        [    0.083456] LR [c000000000270e04] do_try_to_free_pages+0x1b4/0x450
        [    0.083494] Call Trace:
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.pc?.symbol == "mem_cgroup_soft_limit_reclaim")
        #expect(r.pc?.offset == Hex64(0xf8))
        #expect(r.lr?.symbol == "do_try_to_free_pages")
    }

    /// 32-bit x86 before 4.x: `EIP:` gives the address, `EIP is at` the symbol (round 9's z-04).
    @Test func oldI386NamesItsPcOnALineOfItsOwn() throws {
        let log = """
        May 30 10:55:06 server kernel: [ 1702.612815] BUG: soft lockup - CPU#1 stuck for 22s! [kworker/u8:2:193]
        May 30 10:55:06 server kernel: [ 1702.612871] EIP: 0060:[<c165e148>] EFLAGS: 00000286 CPU: 1
        May 30 10:55:06 server kernel: [ 1702.612880] EIP is at _raw_spin_unlock_irqrestore+0x18/0x40
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.pc?.symbol == "_raw_spin_unlock_irqrestore")
        #expect(r.pc?.address == Hex64(0xc165e148))
    }

    /// Before 4.15 x86 printed a NULL fault address as `(null)` (round 9's x-02).
    @Test func aNullPrintedAsNullIsAddressZero() throws {
        let r = try #require(Parsing.reports("[  757.937260] BUG: unable to handle kernel NULL pointer dereference at           (null)").first)
        #expect(r.fault?.address == Hex64(0))
    }
}
