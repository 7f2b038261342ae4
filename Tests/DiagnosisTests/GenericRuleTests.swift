import Foundation
import Testing
import OopsCore
import Analysis
@testable import Diagnosis

/// The generic rules' sentences say what the numbers say.
struct GenericRuleTests {
    func diagnose(_ text: String) -> Diagnosis? {
        Analyzer().analyze(text: text).reports.first?.diagnoses.first
    }

    static func oops(at address: String, pc: String = "demo_walk+0x29c/0x47c") -> String {
        """
        Unable to handle kernel paging request at virtual address \(address)
        Internal error: Oops: 96000004 [#1] PREEMPT SMP
        pc : \(pc)
        lr : demo_caller+0x94/0x26c
        Call trace:
         \(pc)
         demo_caller+0x94/0x26c
        ---[ end trace 0000000000000000 ]---
        """
    }

    /// container_of() on a poisoned next pointer lands below LIST_POISON1; above it, a member.
    @Test func listPoisonOffsetsKeepTheirSign() throws {
        let below = try #require(diagnose(Self.oops(at: "dead0000000000e0")))
        #expect(below.cause == "list-poison")
        #expect(below.evidence.contains { $0.fact.hasSuffix("(0xdead000000000100) - 0x20") })
        #expect(below.summary.contains("0x20 below it"))
        let above = try #require(diagnose(Self.oops(at: "dead000000000108")))
        #expect(above.evidence.contains { $0.fact.hasSuffix("(0xdead000000000100) + 0x8") })
        #expect(above.summary.contains("at offset 0x8 in demo_walk"))
    }

    /// A title that names no function (`… in corrupted`) does not lend the sentence that word.
    @Test func aFunctionlessTitleFallsBackToThePC() throws {
        let text = """
            Unable to handle kernel paging request at virtual address dead0000000000e0
            pc=<> [<ffffff8960e2cd10>] dpcm_be_dai_trigger+0x29c/0x47c
            """
        let report = try #require(Analyzer().analyze(text: text).reports.first)
        let d = try #require(report.diagnoses.first)
        #expect(report.title.hasSuffix("in corrupted"))
        #expect(d.summary.hasSuffix("in dpcm_be_dai_trigger."))
        // With no pc either, the sentence names no function rather than "the kernel" or "corrupted".
        let bare = try #require(Analyzer().analyze(text: "Unable to handle kernel paging request at virtual address dead0000000000e0\n").reports.first?.diagnoses.first)
        #expect(bare.summary.hasSuffix("(container_of() of the poisoned pointer)."))
    }

    /// Old WARNs name their function only at the site (`WARNING: at file:line func+0x…()`).
    @Test func anOldWarningIsPinnedOnItsSiteFunction() throws {
        let text = """
            WARNING: at net/ipv4/tcp_input.c:2776 tcp_fastretrans_alert+0xc7a/0xd10()
            Call Trace:
             [<ffffffff81656735>] dump_stack+0x19/0x1b
            ---[ end trace 1 ]---
            """
        let d = try #require(diagnose(text))
        #expect(d.summary == "A WARN_ON() fired at net/ipv4/tcp_input.c:2776 in tcp_fastretrans_alert; the kernel went on.")
    }

    /// KASAN's shadow check faults on the shadow address; its range line names the access.
    @Test func kasanRangesAreNullOffsets() throws {
        let tagged = """
            Unable to handle kernel paging request at virtual address efff800000000137
            KASAN: probably user-memory-access in range [0x0000000000001370-0x000000000000137f]
            Internal error: Oops: 0000000096000005 [#1] PREEMPT SMP
            pc : __hwasan_check_x0_67043363+0x4/0x30
            lr : vgic_mmio_write_invlpi+0xb0/0x174
            """
        let d = try #require(diagnose(tagged))
        #expect(d.cause == "null-pointer")
        #expect(d.summary.hasPrefix("A NULL pointer was dereferenced at member offset 0x1370–0x137f"))
        // A range far from NULL is no NULL dereference.
        let wild = tagged.replacingOccurrences(of: "[0x0000000000001370-0x000000000000137f]", with: "[0x0000100000001370-0x000010000000137f]")
        #expect(diagnose(wild)?.cause != "null-pointer")
    }

    /// An arm64 oops pasted without its pc line (the commit message of Message-Id
    /// <20250703-hdmi-cec-helper-unreg-fix-v1-1-7e7b0eb578bb@collabora.com>, 6.16): the sentence
    /// names the function its trace starts at, the frame the kernel marks `(P)`.
    @Test func aTrimmedArm64OopsIsNamedByItsTrace() throws {
        let text = """
            [   47.515950] Unable to handle kernel paging request at virtual address 0020072007200778
            [...]
            [   47.521707] Internal error: Oops: 0000000096000004 [#1]  SMP
            [...]
            [   47.537597] Call trace:
            [   47.537815]  klist_next+0x20/0x1b8 (P)
            [   47.538152]  device_reorder_to_tail+0x74/0x120
            [   47.539747]  process_one_work+0x328/0x638
            """
        let d = try #require(diagnose(text))
        #expect(d.summary.contains("dereferenced in klist_next"))
    }

    /// A stack overflow names the function that recursed, not only where the task came from.
    @Test func aStackOverflowNamesTheRecursion() throws {
        var lines = ["Insufficient stack space to handle exception!", "Call trace:", " handle_bad_stack+0x34/0x38"]
        lines += Array(repeating: " walk_tree+0x8c/0xa8", count: 12)
        lines += [" demo_init+0x1c/0x40", " do_one_initcall+0x50/0x1d0", "Kernel panic - not syncing: kernel stack overflow"]
        let d = try #require(diagnose(lines.joined(separator: "\n")))
        #expect(d.cause == "stack-overflow")
        #expect(d.summary.contains("walk_tree recursed without bound (12 of its frames in the trace)"))
        #expect(d.evidence.contains { $0.fact == "walk_tree appears 12 times in the call trace" })
        // A deep but non-recursive chain claims no recursion.
        let flat = ["Insufficient stack space to handle exception!", "Call trace:"] + (1...8).map { " f\($0)+0x8/0x10" }
        #expect(diagnose(flat.joined(separator: "\n")).map { !$0.summary.contains("recursed") } == true)
    }

    /// 6.15+ hung-task reports name the lock and its likely owner; the diagnosis passes it on.
    @Test(arguments: [
        ("INFO: task cat:1803 blocked on a semaphore likely last held by task cat:1802", "a semaphore", "cat:1802"),
        ("INFO: task cat:115 is blocked on a mutex likely owned by task kworker/0:1:12.", "a mutex", "kworker/0:1:12"),
    ])
    func aHungTaskNamesItsBlocker(line: String, lock: String, owner: String) throws {
        let text = """
            INFO: task cat:1803 blocked for more than 122 seconds.
                  Tainted: G           OE      6.14.0-rc3+ #14
            Call trace:
             __switch_to+0x1ec/0x380 (T)
             schedule+0xb8/0x3b0
             read_dummy+0x3c/0xa0 [hung_task_sem]
            \(line)
            """
        let d = try #require(diagnose(text))
        #expect(d.cause == "hung-task")
        #expect(d.summary.contains("waiting on \(lock) that task \(owner) likely holds"))
    }

    /// Before 5.8 x86 KASAN printed no range: the shadow check at the faulting byte and the
    /// registers give it (`cmp byte ptr [rdx + rax], 0` with rax = KASAN_SHADOW_OFFSET).
    @Test(arguments: [
        ("48 89 fa 48 c1 ea 03 <80> 3c 02 00 75 4f", "RAX: dffffc0000000000 RBX: 0000000000004060 RCX: 0000000000000000\nRDX: 000000000000080d RSI: ffffffff812ed5ab RDI: 0000000000004068", "0x4068–0x406f"),
        // REX.X + REX.B: movzx eax, byte ptr [r12 + r13]
        ("4c 89 e2 48 c1 ea 03 <43> 0f b6 04 2c 84 c0", "RAX: 0000000000000000 RBX: 0000000000000000 RCX: 0000000000000000\nR12: 0000000000000003 R13: dffffc0000000000 R14: 0000000000000000", "0x18–0x1f"),
    ])
    func anOldKasanCheckGivesTheNullOffset(code: String, registers: String, offsets: String) throws {
        let text = """
            general protection fault: 0000 [#1] PREEMPT SMP KASAN
            CPU: 0 PID: 1713 Comm: demo Not tainted 5.4.0-rc6 #0
            RIP: 0010:demo_fn+0x20/0x90
            Code: \(code)
            RSP: 0018:ffff8881d0397af8 EFLAGS: 00010002
            \(registers)
            Call Trace:
             demo_caller+0x1f9/0x2f0
            ---[ end trace 1 ]---
            """
        let d = try #require(diagnose(text))
        #expect(d.cause == "null-pointer")
        #expect(d.summary.hasPrefix("A NULL pointer was dereferenced at member offset \(offsets)"))
        // The same bytes without the shadow offset in a register are no KASAN check.
        let plain = text.replacingOccurrences(of: "dffffc0000000000", with: "ffff888000000000")
        #expect(diagnose(plain)?.cause != "null-pointer")
    }

    /// An x86-64 fault in the guard hole below the direct map is a garbage pointer; one in the
    /// direct map is not called that.
    @Test func anX86GuardHoleAddressIsAGarbagePointer() throws {
        func text(_ address: String) -> String {
            """
            BUG: unable to handle page fault for address: \(address)
            #PF: supervisor read access in kernel mode
            Oops: 0000 [#1] PREEMPT SMP KASAN
            CPU: 0 PID: 102 Comm: kworker/0:2 Not tainted 5.4.0 #0
            RIP: 0010:kobject_put+0x4b/0x2e0
            ---[ end trace 1 ]---
            """
        }
        let hole = try #require(diagnose(text("ffff8801d386d964")))
        #expect(hole.cause == "non-canonical" && hole.summary.contains("guard hole"))
        #expect(diagnose(text("ffff8881d386d964"))?.summary.contains("guard hole") != true)
    }

    /// arm64: a permission fault on a user address is PAN stopping a direct access; a
    /// translation fault there is a garbage pointer that lands in the user half.
    @Test(arguments: [("96000005", "non-canonical"), ("9600000f", "user-address")])
    func aUserHalfAddressIsPANOrGarbageByItsFaultStatus(esr: String, cause: String) throws {
        let text = """
            Unable to handle kernel paging request at virtual address 0000000100000017
            Mem abort info:
              ESR = 0x00000000\(esr)
            Internal error: Oops: 00000000\(esr) [#1] PREEMPT SMP
            pc : __lock_acquire+0x7cc/0x30a4
            lr : __lock_acquire+0x7c0/0x30a4
            """
        #expect(diagnose(text)?.cause == cause)
    }

    /// lockdep's `WARNING: <headline>` reports are no WARN_ON(): the sentence says what lockdep found.
    @Test func lockdepWarningsSayWhatLockdepFound() throws {
        let text = """
            ======================================================
            WARNING: possible circular locking dependency detected
            6.0.0-rc6-syzkaller #0 Not tainted
            ------------------------------------------------------
            syz-executor.0/3315 is trying to acquire lock:
            ffff0000c495a9d8 (&s->s_inode_list_lock){+.+.}-{2:2}, at: evict+0x90/0x334
            """
        let d = try #require(diagnose(text))
        #expect(d.cause == "lockdep")
        #expect(d.summary.hasPrefix("lockdep (the kernel's lock validator) found a locking bug: possible circular locking dependency detected"))
        let plain = try #require(diagnose("WARNING: CPU: 0 PID: 1 at drivers/demo.c:10 demo_fn+0x1/0x2\nCall trace:\n demo_fn+0x1/0x2\n---[ end trace 1 ]---\n"))
        #expect(plain.summary.hasPrefix("A WARN_ON() fired at drivers/demo.c:10"))
    }

    /// lockdep's RCU checker prints `WARNING: suspicious RCU usage` with no WARN_ON() (its
    /// headline has capitals the lookup once missed: first-sight round 15, w-05/w-06).
    @Test func suspiciousRCUUsageIsLockdepsNotAWarnOn() throws {
        let d = try #require(diagnose("""
            =============================
            WARNING: suspicious RCU usage
            6.15.0-rc4 #0 Not tainted
            -----------------------------
            net/ipv6/ip6_fib.c:2023 suspicious rcu_dereference_protected() usage!
            """))
        #expect(d.cause == "lockdep")
        #expect(d.summary.hasPrefix("lockdep's RCU checker found suspicious rcu usage"))
        #expect(!d.summary.contains("WARN_ON"))
    }

    /// lockdep's `INFO: trying to register non-static key.` (assign_lock_key()) is its finding
    /// about an uninitialised lock, not a WARN_ON() (first-sight round 17, f-08–f-10).
    @Test func aNonStaticKeyIsLockdepsUninitialisedLock() throws {
        let d = try #require(diagnose("""
            INFO: trying to register non-static key.
            The code is fine but needs lockdep annotation, or maybe
            you didn't initialize this object before use?
            turning off the locking correctness validator.
            CPU: 2 PID: 1819 Comm: bash Not tainted 7.1.0-rc5 #1
            Call Trace:
             <TASK>
             dump_stack_lvl+0x5d/0x80
             register_lock_class+0x7af/0x7c0
             __lock_acquire+0x416/0x2610
             lock_acquire+0xcf/0x310
             _raw_spin_lock_irqsave+0x3f/0x60
             demo_disable_all+0x3b/0xf0
            """))
        #expect(d.cause == "lockdep")
        #expect(d.summary.hasPrefix("lockdep met a lock whose key is not static in demo_disable_all"))
        #expect(d.summary.contains("lockdep turned itself off"))
        #expect(!d.summary.contains("WARN_ON"))
    }

    /// A paste that begins at its register dump (no headline, no ESR): the instruction at the
    /// pc stores through a NULL register. Consistent with a NULL dereference, below 0.8, and
    /// the sentence says nothing confirmed it (first-sight round 17, c-02).
    @Test func aHeadlessPasteStoringThroughNullIsConsistentWithANullDereference() throws {
        let regs = (0...29).map { String(format: "x%d : %016llx", $0, $0 == 1 ? 0 : 0xffff0000b4577c80 + UInt64($0) * 8) }
        let text = (["Hardware name: Qualcomm Technologies, Inc. Lemans Ride Rev3 (DT)",
                     "pc : qcom_ethqos_probe+0xc4/0x478 [dwmac_qcom_ethqos]",
                     "lr : qcom_ethqos_probe+0x7c/0x478 [dwmac_qcom_ethqos]",
                     "sp : ffff800081aa37f0"] + regs + [
                     "Call trace:",
                     " qcom_ethqos_probe+0xc4/0x478 [dwmac_qcom_ethqos]",
                     " platform_probe+0x5c/0xac",
                     "Code: 910a7000 f9400b21 f9010320 52800020 (39005420)",
                     "---[ end trace 0000000000000000 ]---"]).joined(separator: "\n")
        let d = try #require(diagnose(text))
        #expect(d.cause == "null-pointer")
        #expect(d.confidence < 0.8)
        #expect(d.summary.hasPrefix("Consistent with a NULL pointer dereference in qcom_ethqos_probe"))
        #expect(d.summary.contains("writes 0x15 through x1 = NULL"))
    }

    /// arm64's do_undefinstr() BUG()s on an undefined instruction in kernel mode (before 6.5):
    /// the cause is the instruction, at the frame the exception interrupted (first-sight round
    /// 19, n-04).
    @Test func aBugInDoUndefinstrIsAnUndefinedInstruction() throws {
        let d = try #require(diagnose("""
            kernel BUG at arch/arm64/kernel/traps.c:497!
            Internal error: Oops - BUG: 0 [#1] PREEMPT SMP
            pc : do_undefinstr+0x284/0x2b4
            lr : do_undefinstr+0x150/0x2b4
            Call trace:
             do_undefinstr+0x284/0x2b4
             el1_undef+0x30/0x60
             el1h_64_sync_handler+0x84/0xd0
             el1h_64_sync+0x64/0x68
             net_sysctl_init+0x8/0x7c
             do_one_initcall+0x50/0x2b0
            """))
        #expect(d.cause == "undefined-instruction")
        #expect(d.summary.hasPrefix("The CPU executed an undefined instruction in kernel mode at net_sysctl_init+0x8/0x7c"))
    }

    /// An instruction fetch in the NULL page: at 0 a NULL function pointer was called (named
    /// from its caller); elsewhere in the page the pc is a garbage value, not NULL + an offset
    /// (first-sight round 15, u-14: `pc : 0x1000`, `lr : arm_smmu_dma_sync+0x40/0x70`).
    @Test(arguments: [("0000000000000000", "0x0", "null-pointer", "A NULL function pointer was called from demo_caller"),
                      ("0000000000001000", "0x1000", "non-canonical", "The CPU jumped to 0x1000 from demo_caller")])
    func anInstructionFetchInTheNullPageIsACodePointer(address: String, pc: String, cause: String, summary: String) throws {
        let text = """
            Unable to handle kernel paging request at virtual address \(address)
            Mem abort info:
              ESR = 0x86000004
              EC = 0x21: IABT (current EL), IL = 32 bits
            Internal error: Oops: 86000004 [#1] PREEMPT SMP
            pc : \(pc)
            lr : demo_caller+0x40/0x70
            Call trace:
             \(pc)
             demo_caller+0x40/0x70
            ---[ end trace 0000000000000000 ]---
            """
        let d = try #require(diagnose(text))
        #expect(d.cause == cause)
        #expect(d.summary.hasPrefix(summary))
        #expect(!d.summary.contains("member offset"))
    }

    /// A pointer-aligned value in the ERR_PTR range is also container_of() of a NULL member
    /// pointer: both readings are given, below 0.8 (first-sight round 15, u-02: x19 = -8).
    @Test func anAlignedErrPtrValueNamesContainerOfNullToo() throws {
        let aligned = try #require(diagnose(Self.oops(at: "fffffffffffffff0")))
        #expect(aligned.cause == "error-pointer")
        #expect(aligned.summary.contains("or container_of() of a NULL member pointer"))
        #expect(aligned.confidence < 0.8)
        let odd = try #require(diagnose(Self.oops(at: "fffffffffffffff4")))
        #expect(odd.cause == "error-pointer")
        #expect(!odd.summary.contains("container_of"))
    }

    /// A fault happened in the pc's function; where the title names a caller past a generic
    /// helper, the sentence says both (first-sight round 15, v-03: a NULL dereference in
    /// __alloc_pages_nodemask was said to be in arch_dma_alloc).
    @Test func aFaultInAHelperIsSaidWhereItHappened() throws {
        let d = try #require(diagnose(Self.oops(at: "0000000000000010", pc: "memcpy+0x10/0x80")))
        #expect(d.cause == "null-pointer")
        #expect(d.summary.contains("in memcpy (reached from demo_caller)"))
        let own = try #require(diagnose(Self.oops(at: "0000000000000010")))
        #expect(own.summary.contains("in demo_walk"))
        #expect(!own.summary.contains("reached from"))
    }

    /// An atomic's alignment fault at an odd NULL-page address: the pointer was bad too, and no
    /// member of a NULL structure; a register holding ERR_PTR(-ENODEV) + 0x3e0 lands on it
    /// (first-sight round 16, x-03, whose log is in Corpus).
    @Test func anAtomicsOddNullPageAddressIsABadPointer() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Corpus/real/arm64/jetson-xavier-lm90-hwmon-notify-mutex-lock-alignment-fault-null-page-quoted-wrapped-5.16.log")
        let d = try #require(diagnose(try String(contentsOf: url, encoding: .utf8)))
        #expect(d.cause == "alignment")
        #expect(d.summary.contains("no member of a NULL structure"))
        #expect(d.evidence.contains { $0.kind == .rivalExplanation && $0.fact.hasPrefix("x19 = 0xffffffffffffffed is ERR_PTR(-ENODEV), and + 0x3e0 lands on 0x3cd") })
        #expect(d.confidence < 0.9)
    }

    /// kfree() of a poisoned pointer faults at the poison's struct page, not at the poison
    /// (first-sight round 22's f-04 and f-03, whose logs are in Corpus): 0x6b6b… is a use after
    /// free, 0x5a5a… an uninitialised field; a non-canonical address that is no poison's page
    /// stays non-canonical.
    @Test func aPoisonsStructPageIsSlubPoison() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for (log, poison) in [("kbox-a230-ls-qoriq-tmu-devm-thermal-of-zone-release-kfree-slub-poison-paging-patch-5.19-next.log", "0x6b6b6b6b6b6b6b6b"),
                              ("qemu-virt-jffs2-free-inode-kfree-uninit-target-0x5a-paging-stable-patch-5.15.log", "0x5a5a5a5a5a5a5a5a")] {
            let d = try #require(diagnose(try String(contentsOf: root.appendingPathComponent("Corpus/real/arm64/" + log), encoding: .utf8)))
            #expect(d.cause == "slub-poison", "\(log)")
            #expect(d.evidence.contains { $0.fact.contains("is the struct page of \(poison)") }, "\(log)")
            #expect(d.summary.contains("passed to kfree() or another page lookup in kfree"))
        }
        // SLUB's free path WARNs as well as BUG()s (free_large_kmalloc(), round 22's c-05):
        // the sentence names neither as the other.
        let warned = try #require(diagnose(try String(contentsOf: root.appendingPathComponent(
            "Corpus/real/arm64/qualcomm-crd-hamoa-mhi-reset-chan-kfree-free-large-kmalloc-warn-6.16-rc2.log"), encoding: .utf8)))
        #expect(warned.summary.hasPrefix("A check on SLUB's free path fired (a BUG(), or a WARN() where the kernel goes on)"))
        #expect(PoisonPage.of(0x1ada_dada_dada_dd88) == nil)
        #expect(PoisonPage.of(0x01ad_adad_adad_ad88)?.offset == 8)
    }

    /// check_mm()'s counters name no bad page: the class only (first-sight round 8, s-08).
    @Test func aBadRssCounterIsTheClassOnly() throws {
        let d = try #require(diagnose("[ 1760.5] BUG: Bad rss-counter state mm:00000000ed4ce266 type:MM_FILEPAGES val:1"))
        #expect(d.cause == "bug")
        #expect(d.summary.contains("page counters did not return to zero"))
    }

    /// SLUB's BUG() on the free path is a bad free or a corrupted freelist; on the allocation
    /// path (new_slab()'s GFP check) it is not (round 8's s-12; the corpus's cx23885 log).
    @Test(arguments: [
        ("__slab_free+0x2b0/0x2c0", "kfree+0x2c8/0x2d0", "slab-corruption"),
        ("new_slab+0x5c/0x64", "__kmalloc+0x90/0x1d0", "bug"),
    ])
    func slubsBugIsCorruptionOnlyOnTheFreePath(pc: String, caller: String, cause: String) throws {
        let log = """
        [ 2045.1] kernel BUG at mm/slub.c:435!
        [ 2045.1] Internal error: Oops - BUG: 00000000f2000800 [#1] PREEMPT SMP
        [ 2045.1] pc : \(pc)
        [ 2045.1] lr : \(caller)
        [ 2045.1] Call trace:
        [ 2045.1]  \(pc)
        [ 2045.1]  \(caller)
        [ 2045.1]  edac_device_ctrl_master_release+0x20/0x30
        """
        #expect(try #require(diagnose(log)).cause == cause)
    }

    /// A lone NULL headline at address 0 (a NULL pointer handed to strcmp(), first-sight round
    /// 9's w-09) is no catalogue scenario: offset 0 is every structure's first member.
    @Test func addressZeroAloneNamesNoModelScenario() throws {
        let log = """
        [    0.0] Linux version 5.14.0-rc7+ (wkf@host) (gcc 10.3.1) #1 SMP Tue Aug 31 2021
        [    3.1] 8<--- cut here ---
        [    3.1] Unable to handle kernel NULL pointer dereference at virtual address 00000000
        """
        let ds = Analyzer().analyze(text: log).reports.first?.diagnoses ?? []
        #expect(!ds.isEmpty)
        #expect(!ds.contains { $0.model == "dma-iommu" })
    }

    /// A paste that begins at its registers, its pc on clang's UBSAN trap (`brk #0x5512`): the
    /// report is UBSAN's, and the immediate names the check (s-08 of round 20).
    @Test func aHeadlessUBSANTrapNamesItsCheck() throws {
        let text = """
            Hardware name: Texas Instruments AM62P5 SK (DT)
            pc : wave5_vpu_dec_get_output_info+0x300/0x308 [wave5]
            lr : wave5_vpu_dec_get_output_info+0x80/0x308 [wave5]
            sp : ffff80008a6bbc90
            x1 : 0000000000000000 x0 : 0000000000000000
            Call trace:
             wave5_vpu_dec_get_output_info+0x300/0x308 [wave5]
             wave5_vpu_dec_finish_decode+0x6c/0x3dc [wave5]
            Code: 2a1f03ea 2a1f03eb 35ffef2c 17ffff74 (d42aa240)
            ---[ end trace 0000000000000000 ]---
            Kernel panic - not syncing: BRK handler: Fatal exception
            """
        let d = try #require(diagnose(text))
        #expect(d.cause == "ubsan")
        #expect(d.summary.contains("`brk #0x5512`") && d.summary.contains("out_of_bounds (check type 18)"))
    }

    /// arm64's table-walk and parity aborts are synchronous (their ESR's class says a data
    /// abort), never an SError; a headless `brk #0x800` is BUG()'s or WARN()'s, unsaid which.
    @Test func aWalkAbortIsSynchronousAndABareBugBrkIsNoBug() throws {
        let walk = Self.oops(at: "ffff000012345678").replacingOccurrences(of: "Oops: 96000004", with: "Oops: 96000015")
            .replacingOccurrences(of: "Unable to handle kernel paging request at virtual address ffff000012345678\n", with: "")
        let d = try #require(diagnose(walk))
        #expect(d.cause == "external-abort" && d.summary.hasPrefix("A synchronous external abort"), "\(d.summary)")
        let brk = """
            Hardware name: demo board (DT)
            pc : demo_check+0x30/0x48
            lr : demo_caller+0x94/0x26c
            sp : ffff80008a6bbc90
            x1 : 0000000000000000 x0 : 0000000000000000
            Call trace:
             demo_check+0x30/0x48
             demo_caller+0x94/0x26c
            Code: 2a1f03ea 2a1f03eb 35ffef2c 17ffff74 (d4210000)
            ---[ end trace 0000000000000000 ]---
            """
        #expect(Analyzer().analyze(text: brk).reports.first?.kind != .bug)
    }

    /// x86's #SS names a non-canonical address based on RSP or RBP: RBP holding SLUB's free
    /// poison is a pointer read from a freed object; any other RBP says only non-canonical.
    @Test(arguments: [("6b6b6b6b6b6b6b6b", "slub-poison"), ("4b6b6b6b6b6b6b6b", "non-canonical")])
    func aStackSegmentFaultOnPoisonIsAFreedPointer(rbp: String, cause: String) throws {
        let text = """
            stack segment: 0000 [#2] PREEMPT SMP NOPTI
            CPU: 0 PID: 1854 Comm: demo Tainted: G      D          N 6.1.0 #11
            RIP: 0010:kthread_stop+0x5a/0x270
            RSP: 0018:ffffc90004493a00 EFLAGS: 00010202
            RAX: 000000006b6b6b6b RBX: ffff88810db30040 RCX: 0000000000000000
            RBP: \(rbp) R08: 00000000fffeffff R09: 00000000fffeffff
            Call Trace:
             <TASK>
             demo_exit+0x2a/0x40
             </TASK>
            """
        let d = try #require(diagnose(text))
        #expect(d.cause == cause)
        #expect(d.summary.contains("in kthread_stop"))
    }

    /// NULL indexed below zero (`add x1, x0, w1, sxtw #3`, x0 = NULL, w1 = -1) lands in the
    /// last page, where ERR_PTRs live, but the code says how it got there.
    @Test func aNullArrayIndexedBelowZeroIsNoErrPtr() throws {
        let text = """
            Unable to handle kernel NULL pointer dereference at virtual address 0000000000000398
            Internal error: Oops: 96000006 [#1] PREEMPT SMP
            pc : mdiobus_get_phy+0x4/0x20
            lr : stmmac_open+0x780/0xa78 [stmmac]
            x3 : 0000000000000000 x2 : 0000000000000000
            x1 : fffffffffffffff8 x0 : 0000000000000000
            Call trace:
             mdiobus_get_phy+0x4/0x20
             stmmac_open+0x780/0xa78 [stmmac]
            Code: 97ffffb0 a8c17bfd d65f03c0 8b21cc01 (f941d020)
            ---[ end trace 0000000000000000 ]---
            """
        let d = try #require(diagnose(text))
        #expect(d.cause == "null-pointer")
        #expect(d.summary.contains("computed from x0 = NULL"))
        #expect(d.evidence.contains { $0.kind == .pointerOrigin })
    }

    /// A WARN fires in the function its headline names; the title's function, past generic
    /// helpers such as refcount's, is where that was reached from.
    @Test func aWarningFiresWhereItsHeadlineSays() throws {
        let text = """
            WARNING: CPU: 1 PID: 9 at lib/refcount.c:28 refcount_warn_saturate+0xf4/0x148
            Modules linked in:
            CPU: 1 PID: 9 Comm: kworker/1:0 Not tainted 6.1.0 #1
            pc : refcount_warn_saturate+0xf4/0x148
            lr : refcount_warn_saturate+0xf4/0x148
            Call trace:
             refcount_warn_saturate+0xf4/0x148
             demo_release+0x5c/0x90
             process_one_work+0x1f4/0x490
            ---[ end trace 0000000000000000 ]---
            """
        let d = try #require(diagnose(text))
        #expect(d.cause == "warning")
        #expect(d.summary.hasPrefix("A WARN_ON() fired at lib/refcount.c:28 in refcount_warn_saturate (reached from demo_release)"))
    }

    /// A tag in the top byte (KASAN SW_TAGS, MTE) is no garbage when the walk reached level 3:
    /// the CPU ignored the byte. At the walk's first level the same number is non-canonical.
    @Test(arguments: [("96000007", nil), ("96000004", "non-canonical"), ("9600000f", nil)] as [(String, String?)])
    func aTaggedPointerIsNonCanonicalOnlyWhereTheWalkStopped(esr: String, cause: String?) throws {
        let text = Self.oops(at: "2bff808aa4856d48").replacingOccurrences(of: "Oops: 96000004", with: "Oops: \(esr)")
        let d = diagnose(text)
        #expect(d?.cause == cause)
    }

    /// An external abort says nothing of whether a device or RAM answered with the error (page
    /// copies of core mm take them from bad RAM too); an SError's pc is not the access's.
    @Test func anExternalAbortNamesNeitherADeviceNorRAMAlone() throws {
        let sync = """
            Internal error: synchronous external abort: 96000210 [#1] SMP
            pc : copy_page_range+0x124/0x3d0
            lr : copy_page_range+0x70/0x3d0
            Call trace:
             copy_page_range+0x124/0x3d0
             dup_mm+0x2f0/0x4a0
            """
        let s = try #require(diagnose(sync))
        #expect(s.cause == "external-abort")
        #expect(s.summary.contains("in copy_page_range") && s.summary.contains("for RAM, an uncorrectable memory error"))
        #expect(s.fix?.contains("EDAC") == true)
        let serror = """
            SError Interrupt on CPU1, code 0xbf000002 -- SError
            CPU: 1 PID: 7 Comm: kworker/1:0 Not tainted 5.10.0 #1
            pc : __memcpy+0x118/0x180
            Kernel panic - not syncing: Asynchronous SError Interrupt
            """
        let a = try #require(diagnose(serror))
        #expect(a.cause == "external-abort")
        #expect(a.summary.contains("need not be what made the access"))
        // arm32's precise abort is synchronous, its imprecise one not; RISC-V's access fault is
        // refused outside the page tables.
        for (headline, start) in [("Unhandled fault: external abort on non-linefetch (0x1808) at 0xf09c8000", "A synchronous external abort"),
                                  ("Unhandled fault: imprecise external abort (0x1406) at 0x00000000", "An SError"),
                                  ("Unhandled fault: asynchronous external abort (0x211) at 0x00000000", "An SError"),
                                  ("Oops - load access fault [#1]", "An access fault")] {
            let text = headline + "\nInternal error: : 1808 [#1] ARM\npc : [<bf0a2d3c>]    lr : [<bf0a2d20>]    psr: 60000013\n"
            let d = try #require(diagnose(text), "\(headline)")
            #expect(d.cause == "external-abort" && d.summary.hasPrefix(start), "\(headline): \(d.summary)")
        }
    }
}


/// Where the replayed pointer came from reads as a kernel engineer says it: a stack slot is the
/// stack, not "the object in sp" (a gmail-wrapped journal oops in l2cap_chan_send, 5.4).
struct LoadSourceWordingTests {
    @Test func aPointerLoadedFromTheStackIsSaidToBe() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Corpus/real/arm64/yocto-l2cap-null-journal-wrapped-5.4.log")
        let d = try #require(Analyzer().analyze(bytes: Array(try Data(contentsOf: url)), source: "yocto").reports.first?.diagnoses.first)
        #expect(d.summary.hasSuffix("The pointer was loaded from the stack (sp + 0x88)."))
        #expect(!d.summary.contains("object in sp"))
    }

}
