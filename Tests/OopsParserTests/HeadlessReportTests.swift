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

    /// A WARN pasted from its task line on (lore, 2023-01, a Lenovo X13s): the report begins at
    /// the task line and takes the release and task from it.
    static let fromTaskLine = """
    This fixes the following WARN_ON on my X13s:

    [    2.194973] CPU: 5 PID: 186 Comm: kworker/u16:6 Not tainted 6.2.0-rc1-00075-g5136d9aa278f-dirty #26
    [    2.195409] Hardware name: LENOVO 21BX000WRI/21BX000WRI, BIOS N3HET44W (1.16 ) 05/27/2022
    [    2.195820] Workqueue: events_unbound deferred_probe_work_func
    [    2.196234] pstate: 80400005 (Nzcv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)
    [    2.196639] pc : panel_edp_probe+0x3d4/0x520 [panel_edp]
    [    2.197036] lr : panel_edp_probe+0x37c/0x520 [panel_edp]
    [    2.201888] Call trace:
    [    2.202030]  panel_edp_probe+0x3d4/0x520 [panel_edp]
    [    2.202181]  panel_edp_dp_aux_ep_probe+0x38/0x50 [panel_edp]
    [    2.202332]  dp_aux_ep_probe+0x34/0xf4 [drm_dp_aux_bus]
    """

    @Test func aPasteFromItsTaskLineBeginsThere() throws {
        let r = try #require(Parsing.reports(Self.fromTaskLine).first)
        #expect(r.lines.first == 3)
        #expect(r.context?.kernel == "6.2.0-rc1-00075-g5136d9aa278f-dirty")
        #expect(r.context?.comm == "kworker/u16:6")
        #expect(r.pc?.symbol == "panel_edp_probe")
        #expect(r.message.hasPrefix("pc : "))
        #expect(r.trace.count == 3)
    }

    /// The same lines right after a timestamped line of the kernel's (sysrq's Show Regs, an
    /// NMI backtrace's header) are a live CPU's dump; without timestamps nothing tells.
    @Test(arguments: ["[    2.194970] sysrq: Show Regs", "[    2.194970] NMI backtrace for cpu 5"])
    func aTaskLineAfterTheKernelsOwnLineBeginsNoPaste(header: String) {
        let text = Self.fromTaskLine.replacingOccurrences(of: "WARN_ON on my X13s:\n\n", with: "WARN_ON on my X13s:\n" + header + "\n")
        #expect(text.contains(header))
        #expect(Parsing.reports(text).isEmpty)
        let unstamped = Self.fromTaskLine.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("[") ? $0.drop { $0 != "]" }.dropFirst(2) : $0 }.joined(separator: "\n")
        #expect(Parsing.reports(unstamped).isEmpty)
    }

    /// A quoted paste whose task line a mail client wrapped before its release (lore, 2020-07,
    /// a Dragonboard 845c): the release is read from the piece.
    @Test func aWrappedTaskLineOfAPasteKeepsItsRelease() throws {
        let text = """
        > That CPU is trying to get drvdata->spinlock in cti_cpu_pm_notify().
        >
        > [  988.335937] CPU: 6 PID: 10258 Comm: sh Tainted: G        W    L
        > 5.8.0-rc6-mainline-16783-gc38daa79b26b-dirty #1
        > [  988.346364] Hardware name: Thundercomm Dragonboard 845c (DT)
        > [  988.352073] pstate: 20400005 (nzCv daif +PAN -UAO BTYPE=--)
        > [  988.357689] pc : smp_call_function_single+0x158/0x1b8
        > [  988.362782] lr : smp_call_function_single+0x124/0x1b8
        > ...
        > [  988.451638] Call trace:
        > [  988.454119]  smp_call_function_single+0x158/0x1b8
        > [  988.458866]  cti_enable+0xb4/0xf8 [coresight_cti]
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.lines.first == 3)
        #expect(r.context?.kernel == "5.8.0-rc6-mainline-16783-gc38daa79b26b-dirty")
        #expect(r.pc?.symbol == "smp_call_function_single")
    }

    /// A paste that begins at the hardware name, right under the writer's indented prose (a
    /// reply on netdev, 2026-03, a Lemans Ride board): the prose is no dump that would own the
    /// registers, and the report begins at the hardware name.
    @Test func aPasteFromItsHardwareNameUnderIndentedProseBeginsThere() throws {
        let text = """
        > 1. On QCS9100 Ride R3, the mdio subnode is only defined for ethernet0
        >    (see lemans-ride-ethernet-aqr115c.dtsi). ethernet1 uses ethernet0's
        >    MDIO bus, so plat_dat->mdio_bus_data is NULL for ethernet1. Therefore,
        >    we get:
        > 	[    9.205979] Hardware name: Qualcomm Technologies, Inc. Lemans Ride Rev3 (DT)
        > 	[    9.221071] pc : qcom_ethqos_probe+0xc4/0x478 [dwmac_qcom_ethqos]
        > 	[    9.221078] lr : qcom_ethqos_probe+0x7c/0x478 [dwmac_qcom_ethqos]
        > 	[    9.236991] Call trace:
        > 	[    9.236991]  qcom_ethqos_probe+0xc4/0x478 [dwmac_qcom_ethqos] (P)
        > 	[    9.236994]  platform_probe+0x5c/0xac
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.lines.first == 5)
        #expect(r.context?.hardware == "Qualcomm Technologies, Inc. Lemans Ride Rev3 (DT)")
        #expect(r.pc?.symbol == "qcom_ethqos_probe")
    }

    /// A WARN pasted from its task line on (its `WARNING:` line left out): __warn() prints
    /// lockdep's irq trace (`irq event stamp:`) after the registers, die() never does, so the
    /// dump is a WARN's (first-sight round 18, g-08).
    @Test func aHeadlessDumpWithAnIrqEventStampIsAWarn() throws {
        let text = """
        Here is the warning:

        [ 3092.600000] CPU: 2 PID: 18579 Comm: DrmThread Tainted: G        W         5.17.0-rc2 #1
        [ 3092.610000] Hardware name: Google Lazor Limozeen without Touchscreen (rev5 - rev8) (DT)
        [ 3092.637664] pc : dpu_crtc_atomic_flush+0x9c/0x144
        [ 3092.640000] lr : dpu_crtc_atomic_flush+0x60/0x144
        [ 3092.700000] Call trace:
        [ 3092.710000]  dpu_crtc_atomic_flush+0x9c/0x144
        [ 3092.720000]  drm_atomic_helper_commit_planes+0x1bc/0x1c4
        [ 3092.818701] irq event stamp: 55940
        [ 3092.857022] ---[ end trace 0000000000000000 ]---
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.kind == .warning)
        // Without the stamp nothing says which exception it was.
        let die = text.replacingOccurrences(of: "[ 3092.818701] irq event stamp: 55940\n", with: "")
        #expect(Parsing.reports(die).first?.kind == .unknown)
    }

    /// A task line whose release a mail client wrapped onto the next line: the hardware name
    /// after that piece is no paste's beginning (a sysrq Show Regs dump stays no report).
    @Test func aHardwareNameAfterAWrappedTaskLineBeginsNoPaste() {
        let text = """
        [  252.998756] sysrq: Show Regs
        [  253.002434] CPU: 10 PID: 0 Comm: swapper/10 Kdump: loaded Tainted: G           OE     martins3-4.19.x86
        _64 #1
        [  253.014003] Hardware name: Suma R6240H0/62DB32, BIOS CXYH051029 09/06/2023
        [  253.021573] RIP: 0010:native_safe_halt+0xe/0x10
        [  253.026796] RSP: 0018:ffffb4de0c8e3ea0 EFLAGS: 00000246
        """
        #expect(Parsing.reports(text).isEmpty)
    }

    /// A 4.14 arm64 BUG quoted with its register dump cut at the writer's `..` (an unstamped
    /// line inside a timestamped report) and its frames, printed unindented after their
    /// address, following: they are the trace, and the report is not garbled for lack of a
    /// `Call trace:` line.
    @Test func framesAfterAWritersElisionAreTheTrace() throws {
        let text = """
        [  680.592466] kernel BUG at mm/vmscan.c:1350!
        [  680.603663] Internal error: Oops - BUG: 0 [#1] PREEMPT SMP
        [  680.641917] PC is at shrink_page_list+0x1998/0x3240
        [  680.656303] pc : [<ffffff90083a2158>] lr : [<ffffff90083a2158>] pstate: 60400045
        [  680.666086] sp : ffffffc009b05940
        ..
        [  681.671308] [<ffffff90083a2158>] shrink_page_list+0x1998/0x3240
        [  681.679567] [<ffffff90083a3dc0>] reclaim_clean_pages_from_list+0x3c0/0x4f0
        [  681.717421] [<ffffff90084925cc>] cma_alloc+0x214/0x668
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.trace.map(\.symbol) == ["shrink_page_list", "reclaim_clean_pages_from_list", "cma_alloc"])
        #expect(!r.corrupted)
    }

    /// lockdep prints a `..` line of its own before a lock's stack: in a log without
    /// timestamps it is no elision, and the stack under it is not the report's trace.
    @Test func lockdepsOwnTwoDotsAreNoElision() throws {
        let text = """
        WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected
        .. which became HARDIRQ-irq-unsafe at:
        ..
          lock_acquire+0x1b1/0x560 kernel/locking/lockdep.c:5719
          sock_hash_free+0x130/0x820 net/core/sock_map.c:1154
        stack backtrace:
        Call Trace:
         <IRQ>
         dump_stack_lvl+0x116/0x1b0
         check_irq_usage+0x5c4/0x650
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.trace.first?.symbol == "dump_stack_lvl")
    }

    /// A refcount WARN whose `WARNING:` line the writer cut (ice, 6.8): the marker, the
    /// message, then the dump's task line. The report begins at the message.
    @Test func aWarnWhoseWarningLineWasCutBeginsAtItsMessage() throws {
        let text = """
        [  597.658325] ------------[ cut here ]------------
        [  597.658329] refcount_t: underflow; use-after-free.
        [  597.658430] CPU: 18 PID: 1926 Comm: devlink Not tainted 6.8.0-rc5-dirty #1
        [  ...]
        [  597.658506]  ? refcount_warn_saturate+0xbe/0x110
        [  597.658509]  ice_devlink_port_get_vf_fn_mac+0x39/0x70 [ice]
        [  597.658676]  devlink_nl_port_fill+0x314/0xa30
        [  597.658835] ---[ end trace 0000000000000000 ]---
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.lines.first == 2)
        #expect(r.kind == .warning)
        #expect(r.message == "refcount_t: underflow; use-after-free.")
        #expect(r.context?.kernel == "6.8.0-rc5-dirty")
        #expect(r.trace.contains { $0.symbol == "ice_devlink_port_get_vf_fn_mac" })
    }

    /// A page allocator's dump pasted from its task line on (its `page allocation failure`
    /// headline cut; a Saber arm64 board, 5.4): warn_alloc() in the trace makes it a report.
    @Test func anAllocationDumpPastedFromItsTaskLineIsAReport() throws {
        let text = """
        > But the sas driver still fails :
        >
        > [   12.092769] CPU: 0 PID: 149 Comm: kworker/0:13 Not tainted 5.4.17-4-uek6m_ol8-jpdonnel+ #2
        > [   12.101019] Hardware name: To be filled by O.E.M. Saber/Saber, BIOS 0ACKL028 09/09/2019
        > [   12.109019] Workqueue: events work_for_cpu_fn
        > [   12.113363] Call trace:
        > [   12.115803]  dump_backtrace+0x0/0x19c
        > [   12.119453]  show_stack+0x24/0x2c
        > [   12.122769]  dump_stack+0xcc/0xf8
        > [   12.126078]  warn_alloc+0x108/0x11c
        > [   12.129554]  __alloc_pages_slowpath+0x8fc/0xa10
        > [   12.134071]  __alloc_pages_nodemask+0x2ec/0x334
        > [   12.138597]  __dma_direct_alloc_pages+0x19c/0x238
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.lines.first == 3)
        #expect(r.kind == .outOfMemory)
        #expect(r.context?.kernel == "5.4.17-4-uek6m_ol8-jpdonnel+")
        #expect(r.trace.first?.symbol == "dump_backtrace")
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
    /// An x86 #GP's trace quoted alone in a reply (qemu-devel, 2025-03; mlx5e under 6.14-rc6),
    /// timestamped, quoted deeper than the earlier-boot panic the same mail quotes later: the
    /// unreliable die path (`? die_addr`) opens a report, the frame after the exception entry
    /// is where it faulted, and the later panic is a report of its own.
    @Test func aQuotedGeneralProtectionTraceIsAReportOfItsOwn() throws {
        let text = """
        > > > >> [ 3256.256707] Call Trace:
        > > > >> [ 3256.256708]  <IRQ>
        > > > >> [ 3256.256709]  ? show_trace_log_lvl+0x1c4/0x2df
        > > > >> [ 3256.256715]  ? __build_skb+0x4a/0x60
        > > > >> [ 3256.256719]  ? __die_body.cold+0x8/0xd
        > > > >> [ 3256.256720]  ? die_addr+0x39/0x60
        > > > >> [ 3256.256725]  ? exc_general_protection+0x1ec/0x420
        > > > >> [ 3256.256729]  ? asm_exc_general_protection+0x22/0x30
        > > > >> [ 3256.256736]  ? __build_skb_around+0x8c/0xf0
        > > > >> [ 3256.256738]  __build_skb+0x4a/0x60
        > > > >> [ 3256.256740]  build_skb+0x11/0xa0
        > > > >> [ 3256.257226]  __napi_poll+0x29/0x170
        > > > >> [ 3256.257229]  net_rx_action+0x29c/0x370
        > > > >>
        > > > > Then I also tried to test it with the net.git tree, but it will hit
        > > > > the host kernel panic after compiling when rebooting the host.
        > > > > [    9.909248] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)
        > > > > [    9.921335] CPU: 16 UID: 0 PID: 1 Comm: swapper/0 Not tainted 6.14.0-rc6+ #3
        > > > > [    9.938398] Call Trace:
        > > > > [    9.938399]  <TASK>
        > > > > [    9.938400]  panic+0x356/0x380
        > > > > [    9.938401]  mount_root_generic+0x2e7/0x300
        """
        let reports = Parsing.reports(text)
        #expect(reports.count == 2)
        let gp = try #require(reports.first)
        #expect(gp.format == .headless)
        #expect(gp.kind == .pagingRequest)
        #expect(gp.title == "general protection fault in __build_skb_around")
        #expect(reports.last?.kind == .panic)
    }

    /// A panic's own dump_stack() shows a user page fault's entry (`page_fault`) under a task
    /// that was exiting: the frame after it is no faulting function of the report.
    @Test func anExceptionEntryInAPanicsStackDoesNotTitleIt() throws {
        let text = """
        [   19.171696] Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b
        [   19.171696] CPU: 1 PID: 1 Comm: init Not tainted 4.15.0-rc3-next-20171214+ #67
        [   19.171696] Call Trace:
        [   19.171696]  dump_stack+0xe9/0x14b
        [   19.171696]  panic+0x10e/0x2f8
        [   19.171696]  do_exit+0x1045/0x1050
        [   19.171696]  do_group_exit+0x60/0x100
        [   19.171696]  get_signal+0x36c/0xad0
        [   19.171696]  do_signal+0x23/0x670
        [   19.171696]  ? page_fault+0x36/0x60
        [   19.171696]  retint_user+0x8/0x18
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.signature.contains("do_exit"))
    }
    /// A WARN's trace quoted alone from a 4.x kernel, whose WARN path was
    /// warn_slowpath_common() (before 4.6's __warn()): a warning, named after the frame below.
    @Test func anOldWarnTraceQuotedAloneIsAWarning() throws {
        let text = """
        > Call Trace:
        > [<ffffffff817c4584>] dump_stack+0x45/0x57
        > [<ffffffff81076df7>] warn_slowpath_common+0x97/0xe0
        > [<ffffffff81076ef6>] warn_slowpath_fmt+0x46/0x50
        > [<ffffffff815aff0b>] usb_hcd_map_urb_for_dma+0x4eb/0x500
        > [<ffffffff815b0bd5>] usb_hcd_submit_urb+0x135/0x1c0
        > [<ffffffff815b2465>] usb_submit_urb+0x35/0x80
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.kind == .warning)
        #expect(r.title == "WARNING in usb_hcd_map_urb_for_dma")
    }
    /// A dying task's stack keeps the oops's return addresses: a later sysrq-t dump of it shows
    /// them as `? ` frames under its task line, which is no report.
    @Test func staleDieFramesInATaskDumpOpenNoReport() {
        let text = """
        [ 5000.100000] sysrq: Show State
        [ 5000.100100] task:kworker/u8:2    state:D stack:0     pid:123   ppid:2      flags:0x00004000
        [ 5000.100300] Call Trace:
        [ 5000.100301]  <TASK>
        [ 5000.100302]  __schedule+0x2f0/0x950
        [ 5000.100305]  __mutex_lock.constprop.0+0x3a1/0x6b0
        [ 5000.100306]  ? __die_body+0x1a/0x60
        [ 5000.100307]  ? page_fault_oops+0x1ea/0x550
        [ 5000.100308]  do_exit+0x2c3/0xb10
        [ 5000.100309]  make_task_dead+0x81/0x160
        [ 5000.100311]  </TASK>
        """
        #expect(Parsing.reports(text).isEmpty)
    }

    /// Below the exception entry the unwinder prints saved register values that are text
    /// addresses (one at a function's very end) before the reliable frames: with several such
    /// guesses none is taken for the interrupted ip.
    @Test func severalGuessesBelowTheEntryNameNoIP() throws {
        let text = """
        Here is the trace I get, the top got lost:

        [ 1248.422900]  <TASK>
        [ 1248.422910]  ? __die_body+0x1a/0x60
        [ 1248.422920]  ? die_addr+0x38/0x60
        [ 1248.422930]  ? exc_general_protection+0x1c5/0x410
        [ 1248.422943]  ? asm_exc_general_protection+0x26/0x30
        [ 1248.422954]  ? iwl_trans_pcie_read_mem+0x1d0/0x1d0 [iwlwifi]
        [ 1248.423132]  ? kasan_set_track+0x21/0x30
        [ 1248.423150]  iwl_mvm_mld_rm_sta+0x5c/0x90 [iwlmvm]
        [ 1248.423160]  drv_sta_state+0x1f0/0x6a0 [mac80211]
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.title == "general protection fault in iwl_mvm_mld_rm_sta")
    }
}
