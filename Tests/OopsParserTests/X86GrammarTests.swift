import Foundation
import Testing
import OopsCore
@testable import OopsParser
import Analysis

/// The x86_64 grammar on the two layouts kernels print: 6.x (`Oops: ` die headers, `<TASK>`,
/// registers before the trace, the oops repeated after the end marker) and 4.x (`IP:`, raw
/// stack words, `[<addr>] ? sym` frames, `RIP  [<…>]` after the trace).
struct X86GrammarTests {
    static func parse(_ text: String) -> [Report] { Parsing.reports(text) }

    static let modern = """
        [   89.184911][ T5827] Oops: general protection fault, probably for non-canonical address 0xdffffc0000000004: 0000 [#1] SMP KASAN PTI
        [   89.196849][ T5827] KASAN: null-ptr-deref in range [0x0000000000000020-0x0000000000000027]
        [   89.205390][ T5827] CPU: 1 UID: 0 PID: 5827 Comm: demo-task Not tainted 6.14.0 #0 PREEMPT(full)
        [   89.217482][ T5827] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)
        [   89.227562][ T5827] RIP: 0010:demo_remap+0x25fa/0x2c00
        [   89.233366][ T5827] Code: 0f 84 7b 01 00 00 e8 5b 99 ad ff e9 9e 00 00 00 <80> 78 04 00 74 0a bf 20 00
        [   89.252997][ T5827] RSP: 0018:ffffc9000414fb40 EFLAGS: 00010246
        [   89.259187][ T5827] RAX: dffffc0000000000 RBX: 0000000000000000 RCX: 1ffff92000829fca
        [   89.267167][ T5827] RDX: 0000000000000000 RSI: 0000000010000000 RDI: 0000000000000000
        [   89.275236][ T5827] RBP: ffffc9000414ff00 R08: ffffffff821a7ea4 R09: ffffffff8c1f2397
        [   89.283219][ T5827] R10: 0000000000000004 R11: ffff888030613c00 R12: 0000200000000000
        [   89.291202][ T5827] R13: ffff888077690780 R14: 00000000180000fa R15: ffffc9000414fcd0
        [   89.299274][ T5827] FS:  000055555d82a380(0000) GS:ffff8881250cf000(0000) knlGS:0000000000000000
        [   89.308208][ T5827] CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033
        [   89.314797][ T5827] CR2: 00002000000000c0 CR3: 0000000034a4a000 CR4: 00000000003526f0
        [   89.322812][ T5827] DR0: 0000000000000000 DR1: 0000000000000000 DR2: 0000000000000000
        [   89.330788][ T5827] DR3: 0000000000000000 DR6: 00000000fffe0ff0 DR7: 0000000000000400
        [   89.338872][ T5827] Call Trace:
        [   89.342342][ T5827]  <TASK>
        [   89.345285][ T5827]  ? __pfx_demo_remap+0x10/0x10
        [   89.350599][ T5827]  ? _raw_spin_lock_irq+0xdf/0x120
        [   89.381877][ T5827]  __x64_sys_mremap+0x20/0xc0
        [   89.386738][ T5827]  do_syscall_64+0xf3/0x230
        [   89.396018][ T5827]  entry_SYSCALL_64_after_hwframe+0x77/0x7f
        [   89.401919][ T5827] RIP: 0033:0x7f56a8c90369
        [   89.425960][ T5827] RSP: 002b:00007ffc63c1c6c8 EFLAGS: 00000246 ORIG_RAX: 0000000000000019
        [   89.434379][ T5827] RAX: ffffffffffffffda RBX: 0000200000000000 RCX: 00007f56a8c90369
        [   89.474461][ T5827]  </TASK>
        [   89.477490][ T5827] Modules linked in:
        [   89.481764][ T5827] ---[ end trace 0000000000000000 ]---
        [   89.488831][ T5827] RIP: 0010:demo_remap+0x25fa/0x2c00
        [   89.521416][ T5827] RAX: dffffc0000000000 RBX: 0000000000000000 RCX: 1ffff92000829fca
        [   89.601905][ T5827] Kernel panic - not syncing: Fatal exception
        [   89.608257][ T5827] Kernel Offset: disabled
        """

    @Test func modernGeneralProtectionFault() throws {
        let reports = Self.parse(Self.modern)
        try #require(reports.count == 1)
        let r = reports[0]
        #expect(r.arch == .x86_64)
        #expect(r.kind == .nullPointerDereference)      // KASAN's reading of the address
        #expect(r.title == "general protection fault in demo_remap")
        #expect(r.oops?.code == 0 && r.oops?.count == 1 && r.oops?.flags == ["SMP", "KASAN", "PTI"])
        #expect(r.fault?.address == 0xdffffc0000000004)
        #expect(r.fault?.cr2 == 0x2000000000c0)
        #expect(r.pc?.printed == "demo_remap+0x25fa/0x2c00")
        #expect(r.sp == 0xffffc9000414fb40)
        // The faulting context's registers, not the user ones at syscall entry.
        #expect(r.registers?["rax"] == 0xdffffc0000000000)
        #expect(r.registers?["rsp"] == 0xffffc9000414fb40)
        #expect(r.registers?["eflags"] == 0x10246)
        #expect(r.registers?["r15"] == 0xffffc9000414fcd0)
        #expect(r.registers?["cs"] == 0x10 && r.registers?["cr0"] == 0x80050033)
        #expect(r.registers?["cr3"] == 0x34a4a000 && r.registers?["cr4"] == 0x3526f0)
        #expect(r.registers?["fs"] == 0x55555d82a380 && r.registers?["knlgs"] == 0)
        #expect(r.registers?["dr6"] == 0xfffe0ff0 && r.registers?["dr7"] == 0x400)
        #expect(r.code?.faultingIndex == 16 && r.code?.words[16] == "80")
        #expect(r.trace.map(\.symbol) == ["__pfx_demo_remap", "_raw_spin_lock_irq", "__x64_sys_mremap", "do_syscall_64",
                                          "entry_SYSCALL_64_after_hwframe"])
        #expect(r.trace.map(\.reliable) == [false, false, true, true, true])
        #expect(r.trace.allSatisfy { $0.section == "task" })
        #expect(r.endTrace == "0000000000000000")
        #expect(r.panic == "Fatal exception")
        #expect(r.context?.pid == 5827 && r.context?.comm == "demo-task" && r.context?.kernel == "6.14.0")
        #expect(r.corrupted == false && r.truncated == false)
    }

    static let old = """
        [  123.456789] BUG: unable to handle kernel NULL pointer dereference at 0000000000000008
        [  123.456790] IP: [<ffffffff81234567>] demo_write+0x17/0x40
        [  123.456791] PGD 1d2a5c067 PUD 1d2a5d067 PMD 0
        [  123.456792] Oops: 0002 [#1] SMP KASAN
        [  123.456793] Modules linked in:
        [  123.456794] CPU: 0 PID: 4070 Comm: demo Not tainted 4.9.0 #1
        [  123.456795] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS Bochs 01/01/2011
        [  123.456796] task: ffff880066be2280 task.stack: ffff880066be8000
        [  123.456797] RIP: 0010:[<ffffffff81234567>]  [<ffffffff81234567>] demo_write+0x17/0x40
        [  123.456798] RSP: 0018:ffff880066befc88  EFLAGS: 00010006
        [  123.456799] RAX: 0000000000000000 RBX: ffff88006a3b1e00 RCX: 0000000000000000
        [  123.456800] CR2: 0000000000000008 CR3: 000000006a22c000 CR4: 00000000000006f0
        [  123.456801] Stack:
        [  123.456802]  ffff8800458dfa38 ffffffff82d383a9 ffffffff00000000 fffffbfff1097248
        [  123.456803] Call Trace:
        [  123.456804]  [<ffffffff81345678>] ? demo_helper+0x10/0x20
        [  123.456805]  [<ffffffff81456789>] vfs_write+0x1a2/0x500
        [  123.456806]  [<ffffffff81567890>] SyS_write+0xd5/0x1d0
        [  123.456807]  [<ffffffff81678901>] entry_SYSCALL_64_fastpath+0x1f/0xc2
        [  123.456808] Code: 48 89 e5 53 48 89 fb <48> c7 47 08 00 00 00 00 5b 5d c3
        [  123.456809] RIP  [<ffffffff81234567>] demo_write+0x17/0x40
        [  123.456810]  RSP <ffff880066befc88>
        [  123.456811] CR2: 0000000000000008
        [  123.456812] ---[ end trace 4f3c2b1a09e8d7c6 ]---
        """

    /// An excerpt from `#PF:` on (its `BUG:` headline left out; jailhouse on QEMU, 5.10): the
    /// page fault's `Oops: 0010` header leads, and page_fault_oops()'s summary `CR2:` line names
    /// the address, while the register dump's CR2 (stale here) does not.
    @Test func aPageFaultWithoutItsHeadlineTakesTheSummaryCR2() throws {
        let r = try #require(Self.parse("""
        [   41.849660] #PF: supervisor instruction fetch in kernel mode
        [   41.850301] #PF: error_code(0x0010) - not-present page
        [   41.851121] Oops: 0010 [#1] PREEMPT SMP PTI
        [   41.853207] RIP: 0010:0x0
        [   41.859738] CR2: ffffffffffffffd6 CR3: 000000000200a002 CR4: 0000000000350ee0
        [   41.860000] Call Trace:
        [   41.860001]  kvm_pv_disable_apf+0x45/0x50
        [   41.866836] CR2: 0000000000000000
        """).first)
        #expect(r.fault?.address == Hex64(0))
        #expect(r.fault?.cr2 == Hex64(0xffffffffffffffd6))
        #expect(r.kind == .nullPointerDereference)
    }

    /// The same summary line in a report that is no page fault (a WARN) names no fault address.
    @Test func aLoneCR2OutsideAPageFaultIsNoFaultAddress() throws {
        let r = try #require(Self.parse("""
        [   41.851121] WARNING: CPU: 0 PID: 1 at kernel/foo.c:10 foo+0x1/0x2
        [   41.853207] RIP: 0010:foo+0x1/0x2
        [   41.866836] CR2: 0000000000000000
        """).first)
        #expect(r.fault?.address == nil)
    }

    @Test func oldPageFault() throws {
        let reports = Self.parse(Self.old)
        try #require(reports.count == 1)
        let r = reports[0]
        #expect(r.arch == .x86_64)
        #expect(r.kind == .nullPointerDereference)
        #expect(r.title == "BUG: unable to handle kernel NULL pointer dereference in demo_write")
        #expect(r.fault?.address == 8 && r.fault?.cr2 == 8)
        #expect(r.oops?.code == 2)
        #expect(r.pc?.printed == "demo_write+0x17/0x40" && r.pc?.address == 0xffffffff81234567)
        #expect(r.trace.map(\.symbol) == ["demo_helper", "vfs_write", "SyS_write", "entry_SYSCALL_64_fastpath"])
        #expect(r.trace.first?.reliable == false)
        #expect(r.code?.words.count == 18 && r.code?.faultingIndex == 7)
        #expect(r.endTrace == "4f3c2b1a09e8d7c6")
        // `? ` frames are not meaningful; syscall wrappers lose their prefix.
        #expect(r.signature == "null-pointer-dereference|demo_write|vfs_write|write")
    }

    @Test func dieHeadersWithAndWithoutOopsPrefix() {
        for header in ["int3: 0000 [#1] SMP KASAN NOPTI", "Oops: int3: 0000 [#1] SMP KASAN NOPTI",
                       "invalid opcode: 0000 [#1] PREEMPT SMP", "Oops: invalid opcode: 0000 [#1] PREEMPT SMP",
                       "segment-related general protection fault: beec [#2] PREEMPT SMP KASAN PTI"] {
            let reports = Self.parse("[    1.000000] " + header + "\n[    1.000001] RIP: 0010:demo+0x1/0x2\n")
            #expect(reports.count == 1, "\(header)")
            #expect(reports.first?.oops?.count != nil, "\(header)")
            #expect(reports.first?.arch == .x86_64, "\(header)")
        }
    }

    /// Reports with no register dump still name their architecture from facts only one
    /// architecture prints; facts that disagree name none.
    @Test func architectureFromReleaseFramesAndStackMarkers() throws {
        func arch(_ text: String) -> Arch? { Self.parse(text).first?.arch }
        let warn = """
            WARNING: at net/demo.c:10 demo_fn+0x1/0x2()
            CPU: 1 PID: 1797 Comm: demo Not tainted 3.10.11-100.fc18.x86_64 #1
            Call Trace:
             <IRQ>  [<ffffffff81656735>] dump_stack+0x19/0x1b
             [<ffffffff8105d670>] warn_slowpath_common+0x70/0xa0
            ---[ end trace 1 ]---
            """
        let r = try #require(Self.parse(warn).first)
        #expect(r.arch == .x86_64)
        // The frame that shares the `<IRQ>` marker's line is the trace's first, in the irq section.
        #expect(r.trace.first?.symbol == "dump_stack" && r.trace.first?.section == "irq")
        #expect(r.trace.count == 2)
        let hung = """
            INFO: task demo:11 blocked for more than 122 seconds.
                  Not tainted 6.13.0-rc5+ #1
            Call Trace:
             <TASK>
             __schedule+0x443/0x16b0
             </TASK>
            """
        #expect(arch(hung) == .x86_64)
        let vendor = """
            Unable to handle kernel paging request at virtual address dead0000000000e0
            Backtrace:
            [<ffffff8960e2cd10>] demo_trigger+0x29c/0x47c
            [<ffffff8960282ad0>] el1_da+0x24/0x40
            """
        #expect(arch(vendor) == .arm64)
        let mixed = """
            INFO: task demo:11 blocked for more than 122 seconds.
                  Not tainted 6.1.0-13-amd64 #1
            Backtrace:
             el0_svc+0x1/0x2
            """
        #expect(arch(mixed) == .unknown)
        #expect(arch(mixed.replacingOccurrences(of: "el0_svc", with: "demo_wait")) == .x86_64)
    }

    /// An interrupt's exception frame prints its own RIP and Code inside the trace: the
    /// report's code is the one after its own RIP (a WARN in a timer interrupt over an idle CPU).
    @Test func theCodeIsThePcsNotAnExceptionFramesInTheTrace() throws {
        let text = """
        [10986.731559] WARNING: CPU: 2 PID: 0 at net/sched/sch_generic.c:465 dev_watchdog+0x212/0x220
        [10986.731745] RIP: 0010:dev_watchdog+0x212/0x220
        [10986.731763] Code: 63 74 24 e0 eb 8c 4c 89 f7 c6 05 e6 fd b8 00 01 <0f> 0b eb 8c
        [10986.731948] Call Trace:
        [10986.731968]  <IRQ>
        [10986.732012]  call_timer_fn+0x2b/0x130
        [10986.732256]  smp_apic_timer_interrupt+0x78/0x140
        [10986.732289]  </IRQ>
        [10986.732312] RIP: 0010:cpuidle_enter_state+0xfc/0x2c0
        [10986.732328] Code: e8 e9 9f 9c ff 80 7c 24 03 00 74 17 9c 58 <0f> 1f 44 00 00
        [10986.732473]  do_idle+0x1bf/0x240
        [10986.732551] ---[ end trace 50a63959e2687b98 ]---
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.pc?.symbol == "dev_watchdog")
        #expect(r.code?.words.first == "63")
        #expect(r.trace.map(\.symbol).contains("do_idle"))
    }
}
