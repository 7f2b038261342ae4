import Testing
import OopsCore
@testable import OopsParser
import Analysis

/// Titles and signatures: syzbot's conventions, stable across builds and runs.
struct TitleTests {
    static func parse(_ text: String) -> [Report] { Parsing.reports(text) }

    static func warning(pid: Int, line: Int, offset: String, suffix: String) -> String {
        """
        [  10.0][ T\(pid)] WARNING: CPU: 1 PID: \(pid) at net/core/demo.c:\(line) demo_check\(suffix)+\(offset)/0x90
        [  10.0][ T\(pid)] Modules linked in:
        [  10.0][ T\(pid)] CPU: 1 PID: \(pid) Comm: syz-executor.\(pid % 7) Not tainted 6.1.0 #1
        [  10.0][ T\(pid)] RIP: 0010:demo_check\(suffix)+\(offset)/0x90
        [  10.0][ T\(pid)] Call Trace:
        [  10.0][ T\(pid)]  <TASK>
        [  10.0][ T\(pid)]  demo_caller\(suffix)+0x1\(offset.suffix(1))/0x40
        [  10.0][ T\(pid)]  __sys_sendmsg+0x55/0x90
        [  10.0][ T\(pid)]  __x64_sys_sendmsg+0x10/0x20
        [  10.0][ T\(pid)]  do_syscall_64+0x3d/0x90
        [  10.0][ T\(pid)]  </TASK>
        [  10.0][ T\(pid)] ---[ end trace 0000000000000000 ]---
        """
    }

    /// An inconsistent-lock-state report cut before its stack is named by the function that
    /// took the lock, and stays corrupted (first-sight round 16, k-03, k-05).
    @Test func aCutInconsistentLockStateIsNamedByItsTaker() throws {
        let text = """
            [  366.325036] WARNING: inconsistent lock state
            [  366.330615] 5.2.0-0.rc2.git1.2.fc31.x86_64 #1 Tainted: G        W
            [  366.336202] --------------------------------
            [  366.341788] inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage.
            [  366.347423] swapper/4/0 [HC0[0]:SC1[1]:HE1:SE0] takes:
            [  366.353042] 000000006070e818 (&(&wsm.lock)->rlock){+.?.}, at: zstd_reclaim_timer_fn+0x26/0x170 [btrfs]
            """
        let r = try #require(Self.parse(text).first)
        #expect(r.title == "inconsistent lock state in zstd_reclaim_timer_fn")
        #expect(r.corrupted)
    }

    @Test func titleAndSignatureAreStableAcrossBuildsAndRuns() throws {
        let a = try #require(Self.parse(Self.warning(pid: 4101, line: 77, offset: "0x4c", suffix: "")).first)
        let b = try #require(Self.parse(Self.warning(pid: 9, line: 81, offset: "0x3a", suffix: ".isra.0")).first)
        #expect(a.title == "WARNING in demo_check")
        #expect(a.title == b.title)
        #expect(a.signature == "warning|demo_check|demo_caller|sendmsg")
        #expect(a.signature == b.signature)
        #expect(a.corrupted == false)
    }

    @Test func normalizerReplacesWhatDiffersBetweenOccurrences() {
        let s = MatchScratch()
        #expect(TitleNormalizer.normalize("BUG: Bad rss-counter state mm:ffff88005fac4300 idx:0 val:15", scratch: s)
                == "BUG: Bad rss-counter state mm:ADDR idx:NUM val:NUM")
        #expect(TitleNormalizer.normalize("WARNING: kernel/foo.c:123 at bar+0x1/0x2, CPU#3: syz-executor.4/555", scratch: s)
                == "WARNING: kernel/foo.c:LINE at bar, CPU: syz-executor")
        #expect(TitleNormalizer.normalize("BUG: workqueue lockup in cfg80211_netdev_notifier_call", scratch: s)
                == "BUG: workqueue lockup in cfg80211_netdev_notifier_call")
    }

    @Test func plumbingIsSkippedByGroup() {
        for generic in ["__memcpy", "memcpy_erms", "kasan_report", "__kmalloc", "mutex_lock_nested", "refcount_warn_saturate",
                        "__warn", "dump_stack_lvl", "_raw_spin_lock_irqsave", "lock_acquire"] {
            #expect(GenericFrames.isGeneric(generic), "\(generic)")
        }
        for meaningful in ["iommu_dma_map_sg", "ext4_writepages", "tcp_sendmsg", "demo_check"] {
            #expect(!GenericFrames.isGeneric(meaningful), "\(meaningful)")
        }
        #expect(GenericFrames.strippingSyscallPrefix("__x64_sys_mremap") == "sys_mremap")
        #expect(GenericFrames.strippingSyscallPrefix("__se_sys_mremap") == "mremap")
        #expect(GenericFrames.strippingSyscallPrefix("ksys_write") == "write")
    }

    @Test func stallsAndHangsNameTheOperation() {
        let s = MatchScratch()
        // The frame above the first dispatch point (here a file operation).
        #expect(FramePick.stall.pick(["hash_walk", "demo_write", "vfs_write", "ksys_write"], scratch: s)?.0 == "demo_write")
        #expect(FramePick.stall.pick(["csd_lock_wait", "smp_call_function_many_cond", "on_each_cpu"], scratch: s)?.0 == "smp_call_function")
        #expect(FramePick.stall.pick(["a", "b"], scratch: s) == nil)
        // Hung tasks: well-known waits group together, else the first frame that is not a wait.
        #expect(FramePick.hungTask.pick(["schedule", "synchronize_srcu", "demo_teardown"], scratch: s)?.0 == "synchronize_rcu")
        #expect(FramePick.hungTask.pick(["schedule", "rwsem_down_write_slowpath", "demo_ioctl"], scratch: s)?.0 == "demo_ioctl")
    }

    /// The same task starting a report before the first printed its stack crashed while
    /// printing it: the first report reads on through the nested one.
    @Test func aNestedReportGivesTheOuterOneItsFunction() throws {
        let log = """
            [ 1078.04][ T3315] WARNING: Nested lock was not taken
            [ 1078.04][ T3316] ntfs3: loop5: Failed to load $Extend.
            [ 1078.05][ T3315] demo-task/3315 is trying to lock:
            [ 1078.05][ T3315] ffff0000c495a9d8 (&s->s_inode_list_lock){+.+.}-{2:2}, at: evict+0x90/0x334
            [ 1078.05][ T3315] but this task is not holding:
            [ 1078.05][ T3315] Unable to handle kernel paging request at virtual address 0000000100000017
            [ 1078.06][ T3315] Internal error: Oops: 0000000096000005 [#1] PREEMPT SMP
            [ 1078.06][ T3315] pc : __lock_acquire+0x7cc/0x30a4
            [ 1078.06][ T3315] lr : lock_acquire+0x100/0x1f8
            [ 1078.10][ T3315] Call trace:
            [ 1078.10][ T3315]  __lock_acquire+0x7cc/0x30a4
            [ 1078.10][ T3315]  lock_acquire+0x100/0x1f8
            [ 1078.10][ T3315]  _raw_spin_lock+0x54/0x6c
            [ 1078.10][ T3315]  evict+0x90/0x334
            [ 1078.10][ T3315]  iput+0x2c4/0x324
            [ 1078.12][ T3315] Code: 94f84769 f94002e8 d0024dc0 91168400 (f9400d01)
            [ 1078.12][ T3315] ---[ end trace 0000000000000000 ]---
            """
        let reports = Self.parse(log)
        try #require(reports.count == 2)
        #expect(reports[0].title == "WARNING: nested lock was not taken in evict")
        #expect(reports[1].title == "BUG: unable to handle kernel paging request in evict")
        #expect(reports[1].arch == .arm64 && reports[1].pc?.symbol == "__lock_acquire")
        #expect(reports[0].lines.last == reports[1].lines.last)
    }

    @Test func aReportWithoutItsStackIsCorrupted() throws {
        let log = """
            [  772.918915] BUG: unable to handle kernel paging request at ffff88002bde1e40
            [  772.919010] IP: [<ffffffff82d4e304>] __memset+0x24/0x30
            [  772.919010] Oops: 0002 [#1] SMP DEBUG_PAGEALLOC KASAN
            [  772.919010] RIP: 0010:[<ffffffff82d4e304>]  [<ffffffff82d4e304>] __memset+0x24/0x30
            """
        let r = try #require(Self.parse(log).first)
        // memset is plumbing; the function that called it was never printed.
        #expect(r.title == "BUG: unable to handle kernel paging request in corrupted")
        #expect(r.corrupted)
        #expect(r.truncated)
    }

    @Test func functionlessReportsAreToldApartByTheirNullOffsetOnly() throws {
        func report(_ address: String) throws -> Report {
            try #require(Self.parse("""
                [    3.418996] Unable to handle kernel NULL pointer dereference at virtual address \(address)
                [    3.478571] Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP
                """).first)
        }
        let a = try report("000000000000001c"), b = try report("00000000000000a8"), c = try report("00000000000000a8")
        #expect(a.title == b.title && a.title.hasSuffix("in corrupted"))
        #expect(a.signature != b.signature)
        #expect(b.signature == c.signature && b.signature.hasSuffix("|@0xa8"))
        // A high address moves with KASLR: it stays out of the signature.
        let high = Self.parse("""
            [    3.418996] Unable to handle kernel paging request at virtual address ffff80001234abcd
            [    3.478571] Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP
            """).first
        #expect(high.map { !$0.signature.contains("@") } == true)
    }
}

/// arm64's fault messages all title as `BUG: unable to handle kernel <what> in FUNC`.
struct Arm64FaultTitleTests {
    @Test(arguments: [
        ("write to read-only memory", "BUG: unable to handle kernel write to read-only memory in demo_walk"),
        ("execute from non-executable memory", "BUG: unable to handle kernel execute from non-executable memory in demo_walk"),
        ("paging request", "BUG: unable to handle kernel paging request in demo_walk"),
    ])
    func eachFaultMessageTitles(what: String, title: String) throws {
        let text = """
            [    6.768889] Unable to handle kernel \(what) at virtual address ffffbd2fe97a3ba0
            [    6.770102] Internal error: Oops: 000000008600000e [#1] SMP
            [    6.770103] pc : demo_walk+0x29c/0x47c
            [    6.770104] lr : demo_caller+0x94/0x26c
            [    6.770105] Call trace:
            [    6.770106]  demo_walk+0x29c/0x47c
            [    6.770107]  demo_caller+0x94/0x26c
            [    6.770108] ---[ end trace 0000000000000000 ]---
            """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.title == title)
    }
}

/// WARN lines as mails leave them still title by their function.
struct WrappedWarningTitleTests {
    @Test(arguments: [
        // Two blanks where a quoted-printable soft break joined the line (lore, X13s, 6.10).
        "WARNING: CPU: 5 PID: 95 at drivers/iommu/io-pgtable-arm.c:304  __arm_lpae_map+0x2d0/0x3f0",
        // Hard-wrapped at 80 columns inside the function's name (lore, OcteonTX, 5.6).
        "WARNING: CPU: 2 PID: 473 at drivers/iommu/io-pgtable-arm.c:655 ar",
    ])
    func aMangledWarnLineTitlesByItsFunction(line: String) throws {
        let text = """
            [    1.479233] \(line)
            [    1.480858] CPU: 5 PID: 95 Comm: kworker/u32:4 Not tainted 6.10.0-rc1 #17
            [    1.481000] pc : __arm_lpae_map+0x2d0/0x3f0
            [    1.481001] lr : __arm_lpae_map+0x98/0x3f0
            [    1.481002] Call trace:
            [    1.481003]  __arm_lpae_map+0x2d0/0x3f0
            [    1.481004]  arm_lpae_map_pages+0xf0/0x168
            [    1.481005] ---[ end trace 0000000000000000 ]---
            """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.title == "WARNING in __arm_lpae_map")
    }

    /// The OOM killer's report is named after the allocation, past the OOM and memcg machinery
    /// (an AKS node's memcg OOM, 5.15).
    @Test func anOOMKillIsNamedAfterTheAllocation() throws {
        let text = """
            [ 4032.118203] bash invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=1000
            [ 4032.118210] CPU: 1 PID: 3124 Comm: bash Not tainted 5.15.0-1087-azure #96-Ubuntu
            [ 4032.118213] Call Trace:
            [ 4032.118214]  <TASK>
            [ 4032.118215]  dump_stack_lvl+0x37/0x50
            [ 4032.118220]  dump_header+0x4a/0x210
            [ 4032.118223]  oom_kill_process.cold+0xb/0x10
            [ 4032.118225]  out_of_memory+0x112/0x2d0
            [ 4032.118228]  mem_cgroup_out_of_memory+0x13b/0x160
            [ 4032.118231]  try_charge_memcg+0x6f3/0x7b0
            [ 4032.118233]  charge_memcg+0x45/0xa0
            [ 4032.118235]  __mem_cgroup_charge+0x2d/0x90
            [ 4032.118237]  do_anonymous_page+0x122/0x3c0
            [ 4032.118240]  __handle_mm_fault+0x7a2/0xa10
            [ 4032.118243]  </TASK>
            """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.title == "out of memory in do_anonymous_page")
    }

    /// A register dump whose pc line another stream broke into (a syslogd broadcast written
    /// over the console) is named by the first frame of the trace the parser read.
    @Test func aDumpWithABrokenPcLineIsNamedByItsTrace() throws {
        let text = """
            [  387.853162] Internal error: synchronous external abort: 96000610 [#1] PREEMPT SMP
            [  387.888725] CPU: 0 PID: 940 Comm: kworker/0:3 Tainted: G           O      5.5.0-rc4 #1
            [  387.914098] pstate: 80c00009 (Nzcv daif +PAN +UAO)
             s[yslogd@localho  387.918867] pc : lsu_inj_ue+0x58/0x70 [l1l2_inject]
            [  387.930132] sp : ffff800020af3d90
            [  387.933435] x29: ffff800020af3d90 x28: 0000000000000000
            [  388.021037] Call trace:
            EEMPT SMP
            [  388.023475]  lsu_inj_ue+0x58/0x70 [l1l2_inject]
            [  388.029019]  error_inject+0x64/0xb0 [l1l2_inject]
            [  388.033707]  process_one_work+0x158/0x4b8
            """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.title.hasSuffix(" in lsu_inj_ue"))
    }
    /// An allocation failure is named after the caller of the allocator, its machinery skipped
    /// by name prefix: a caller whose name holds `page` is no allocator (4.2's page_owner
    /// reading its records with an order-5 kmalloc).
    @Test func anAllocationFailureIsNamedAfterTheCallerWhateverItsName() throws {
        let text = """
        [18410.829060] cat: page allocation failure: order:5, mode:0x2040d0
        [18410.829068] CPU: 3 PID: 1732 Comm: cat Not tainted 4.2.0-rc7+ #1907
        [18410.829085] Call Trace:
        [18410.829091]  [<ffffffff815a554d>] dump_stack+0x4f/0x7b
        [18410.829096]  [<ffffffff8115dedc>] warn_alloc_failed+0xdc/0x130
        [18410.829101]  [<ffffffff81161b31>] __alloc_pages_nodemask+0x891/0xb00
        [18410.829107]  [<ffffffff811ad53b>] cache_alloc_refill+0x33b/0x5b0
        [18410.829112]  [<ffffffff811adc7e>] __kmalloc+0x1be/0x330
        [18410.829114]  [<ffffffff811c1764>] print_page_owner+0x54/0x350
        [18410.829131]  [<ffffffff811c1bbf>] read_page_owner+0x15f/0x180
        [18410.829134]  [<ffffffff811c6ba3>] __vfs_read+0x23/0xd0
        [18410.829151] Mem-Info:
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.title == "page allocation failure in print_page_owner")
    }
    /// A driver's own function whose name begins like the allocator's is the caller.
    @Test func aDriversAllocatingFunctionIsTheCaller() throws {
        let text = """
        [   12.100000] modprobe: page allocation failure: order:9, mode:0x40dc0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO), nodemask=(null)
        [   12.100010] CPU: 2 PID: 311 Comm: modprobe Not tainted 6.6.0 #1
        [   12.100030] Call Trace:
        [   12.100031]  <TASK>
        [   12.100032]  dump_stack_lvl+0x48/0x70
        [   12.100033]  warn_alloc+0x165/0x1e0
        [   12.100034]  __alloc_pages_slowpath.constprop.0+0xcba/0xd90
        [   12.100035]  __alloc_pages+0x302/0x330
        [   12.100036]  __kmalloc_large_node+0x6f/0x130
        [   12.100037]  __kmalloc_node_track_caller+0x1a5/0x1f0
        [   12.100038]  alloc_rx_ring+0x33/0xd0 [foo]
        [   12.100039]  foo_probe+0x7e/0x300 [foo]
        [   12.100042]  </TASK>
        [   12.100050] Mem-Info:
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.title == "page allocation failure in alloc_rx_ring")
    }
}
