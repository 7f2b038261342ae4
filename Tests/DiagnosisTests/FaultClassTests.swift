import Testing
import OopsCore
import Analysis
import Diagnosis

/// What a fault's own numbers say before any address arithmetic: the ESR's fault status, the
/// x86 error code's present bit, KASAN's shadow check, a replay that computes an address the
/// report did not print (issue 15 item 5).
struct FaultClassTests {
    func diagnose(_ text: String) -> Diagnosis? {
        Analyzer().analyze(text: text).reports.first?.diagnoses.first
    }

    /// arm64 calls any data abort it has no word for a paging request: DFSC 0x21 is an alignment
    /// fault, and the replayed LSE atomic shows the misaligned address.
    @Test func anAlignmentFaultIsToldByTheESR() throws {
        let text = """
        [ 1.0] Unable to handle kernel paging request at virtual address ffff07ff9c6dc004
        [ 1.0] Internal error: Oops: 0000000096000021 [#1] SMP
        [ 1.0] pc : ice_create_lag_recipe+0xbc/0x11c [ice]
        [ 1.0] lr : ice_create_lag_recipe+0x8c/0x11c [ice]
        [ 1.0] sp : ffff80008f1fb9b0
        [ 1.0] x29: ffff80008f1fb9b0 x28: 0000000000000000 x27: 0000000000000000
        [ 1.0] x26: 0000000000000000 x25: 0000000000000000 x24: 0000000000000000
        [ 1.0] x23: 0000000000000000 x22: 0000000000000000 x21: 0000000000000000
        [ 1.0] x20: 0000000000000000 x19: 0000000000000000 x18: 0000000000000000
        [ 1.0] x17: 0000000000000000 x16: 0000000000000000 x15: 0000000000000000
        [ 1.0] x14: 0000000000000000 x13: 0000000000000000 x12: 0000000000000000
        [ 1.0] x11: 0000000000000000 x10: 0000000000000000 x9 : 0000000000000000
        [ 1.0] x8 : 0000000000000000 x7 : 0000000000000000 x6 : 0000000000000000
        [ 1.0] x5 : 0000000000000000 x4 : 0000000000000000 x3 : 0000000000000000
        [ 1.0] x2 : 0000000000000000 x1 : 0000000000000001 x0 : ffff07ff9c6dc004
        [ 1.0] Call trace:
        [ 1.0]  ice_create_lag_recipe+0xbc/0x11c [ice]
        [ 1.0] Code: d503201f d503201f d503201f d503201f (f821301f)
        """
        let d = try #require(diagnose(text))
        #expect(d.cause == "alignment")
        #expect(d.summary.contains("not 8-byte aligned"))
        // The same odd address under NULL would not be NULL + a member offset either.
        let low = text.replacingOccurrences(of: "ffff07ff9c6dc004", with: "0000000000000013")
        #expect(diagnose(low)?.cause == "alignment")
    }

    /// x86's page-fault error code: a present page is a user page touched directly (SMAP), a
    /// missing one a garbage pointer in the user half — a user address either way (a canonical
    /// one: x86 raises #GP, not a page fault, for a non-canonical address).
    @Test(arguments: [("0003", "SMAP stopped it"), ("0002", "where nothing was mapped")])
    func x86UserHalfFaultsFollowTheErrorCode(code: String, says: String) throws {
        let text = """
        [ 1.0] BUG: unable to handle kernel paging request at 0000000001c000eb
        [ 1.0] IP: IntelFreq_init+0x185/0x1000 [intelfreq]
        [ 1.0] Oops: \(code) [#1] SMP
        [ 1.0] CPU: 1 PID: 7 Comm: insmod Tainted: G O 4.15.0 #1
        [ 1.0] RIP: 0010:IntelFreq_init+0x185/0x1000 [intelfreq]
        [ 1.0] Call Trace:
        [ 1.0]  do_one_initcall+0x52/0x1a0
        [ 1.0] ---[ end trace 0000000000000000 ]---
        """
        #expect(diagnose(text)?.cause == "user-address")
        #expect(diagnose(text)?.summary.contains(says) == true)
    }

    /// Under KASAN a #GP comes from the shadow check, whatever the pointer: no claim without the
    /// shadow decode; without KASAN it is a non-canonical pointer.
    @Test func aGeneralProtectionFaultUnderKASANClaimsNoPointer() throws {
        let gpf = """
        [ 1.0] general protection fault: 0000 [#1] SMP KASAN
        [ 1.0] CPU: 0 PID: 1 Comm: syz Not tainted 4.15.0+ #1
        [ 1.0] RIP: 0010:__call_rcu+0x28/0x300
        [ 1.0] Call Trace:
        [ 1.0]  kfree_skb+0x20/0x40
        [ 1.0] ---[ end trace 0000000000000000 ]---
        """
        #expect(diagnose(gpf)?.cause != "non-canonical")
        #expect(diagnose(gpf.replacingOccurrences(of: "SMP KASAN", with: "SMP"))?.cause == "non-canonical")
    }

    /// DEBUG_LOCKS_WARN_ON(c) prints its condition before the WARNING in the lock's code.
    @Test func aLockDebuggingWarnIsALockDebuggingFinding() throws {
        let text = """
        [   88.1] ------------[ cut here ]------------
        [   88.1] DEBUG_LOCKS_WARN_ON(lock->magic != lock)
        [   88.1] WARNING: CPU: 3 PID: 2308 at kernel/locking/mutex.c:582 __mutex_lock+0x1d6/0x960
        [   88.1] Call Trace:
        [   88.1]  nvme_tcp_stop_queue+0x22/0x60
        [   88.1] ---[ end trace 0000000000000000 ]---
        """
        #expect(diagnose(text)?.cause == "lock-debug")
    }

    /// KASAN's shadow check faulted on the shadow of the access: its range line, not the
    /// faulting address, says what was touched (lines of public reports: a 6.3 lkp GPF, a 6.12
    /// arm64 nfsd oops).
    @Test func kasanRangeNamesTheAccessBehindTheShadowFault() throws {
        let poison = """
        [  447.531710][    C7] general protection fault, probably for non-canonical address 0xed6d696d6d6d6d70: 0000 [#1] SMP KASAN PTI
        [  447.542997][    C7] KASAN: maybe wild-memory-access in range [0x6b6b6b6b6b6b6b80-0x6b6b6b6b6b6b6b87]
        [  447.552182][    C7] CPU: 7 PID: 0 Comm: swapper/7 Tainted: G S                 6.3.0-rc3-00830-gd288a162dd1c #1
        [  447.570461][    C7] RIP: 0010:__lock_acquire+0xc30/0x2390
        """
        #expect(diagnose(poison)?.cause == "slub-poison")
        let user = """
        [  198.625021] Unable to handle kernel paging request at virtual address dfff800020000000
        [  198.625870] KASAN: probably user-memory-access in range [0x0000000100000000-0x0000000100000007]
        [  198.626444] Mem abort info:
        [  198.626630]   ESR = 0x0000000096000005
        [  198.626882]   EC = 0x25: DABT (current EL), IL = 32 bits
        [  198.627627]   FSC = 0x05: level 1 translation fault
        [  198.628967] [dfff800020000000] address between user and kernel address ranges
        [  198.629438] Internal error: Oops: 0000000096000005 [#1] SMP
        [  198.635492] pc : nfsd4_sequence+0x5a0/0x1f60 [nfsd]
        """
        let d = try #require(diagnose(user))
        #expect(d.cause == "user-address" && d.summary.contains("0x100000000"))
    }

    /// x86 raises a page fault only for a canonical address: 5-level paging's direct map
    /// (`ff11…`) faulting in a kdump kernel is no garbage pointer (a 5.16 report).
    @Test func anX86PageFaultIsNeverNonCanonical() throws {
        let text = """
        [   13.396485] BUG: unable to handle page fault for address: ff110010c4237000
        [   13.396486] #PF: supervisor read access in kernel mode
        [   13.396487] #PF: error_code(0x0000) - not-present page
        [   13.396488] PGD 5d201067 P4D 5d202067 PUD 0
        [   13.396490] Oops: 0000 [#1] PREEMPT SMP NOPTI
        [   13.396491] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 5.16.0-rc6-next-20211224+ #6
        [   13.396494] RIP: 0010:dmar_fault_dump_ptes+0x13b/0x295
        """
        #expect(diagnose(text)?.cause != "non-canonical")
    }

    /// x86's #SS(0) is a non-canonical address reached through RSP or RBP (a 5.3 report, its
    /// registers elided by the reporter); under KASAN the shadow check may be what faulted.
    @Test func aStackSegmentFaultIsANonCanonicalPointer() throws {
        let text = """
        [   16.452974] stack segment: 0000 [#1] SMP PTI
        [   16.453688] CPU: 0 PID: 2038 Comm: rmmod Not tainted 5.3.0-rc2+ #36
        [   16.456191] RIP: 0010:kfree+0x4d/0x240
        [   16.469188] Call Trace:
        [   16.469188]  vimc_remove+0x28/0x60
        """
        #expect(diagnose(text)?.cause == "non-canonical")
        #expect(diagnose(text.replacingOccurrences(of: "SMP PTI", with: "SMP KASAN PTI"))?.cause != "non-canonical")
    }

    /// From 5.5, x86 says `maybe for address` when the address it decoded is canonical: the #GP
    /// had another cause, and no garbage pointer may be claimed (a 5.17 Xen PV guest).
    @Test func aGPFMaybeForAnAddressIsNoGarbagePointer() throws {
        let text = """
        [ 6.679020] general protection fault, maybe for address 0x8800: 0000 [#1] PREEMPT SMP NOPTI
        [ 6.679020] CPU: 0 PID: 0 Comm: swapper/0 Not tainted 5.17.6 #1
        [ 6.679020] RIP: e030:error_entry+0xaf/0xe0
        """
        #expect(diagnose(text)?.cause != "non-canonical")
        #expect(diagnose(text.replacingOccurrences(of: "maybe for address 0x8800", with: "probably for non-canonical address 0xdead000000000100"))?.cause != nil)
    }

    /// A list check that read SLUB's free poison names the use after free (a 6.8 KUnit run).
    @Test func aListCheckReadingFreePoisonIsSlubPoison() throws {
        let text = """
        [    6.420900] list_add corruption. prev->next should be next (ffffffff86d3e930), but was 6b6b6b6b6b6b6b6b. (prev=ffff8f3143621e20).
        [    6.420950] ------------[ cut here ]------------
        [    6.421000] kernel BUG at lib/list_debug.c:32!
        """
        #expect(diagnose(text)?.cause == "slub-poison")
    }

    /// arm32 has no replay: a register holding ERR_PTR(-ENODEV) that lands on the "NULL"
    /// address with a member offset is a rival reading, and the NULL claim drops below 0.8
    /// (a 5.5 Allwinner A20 oops, r6 = ffffffed, + 0x84 = 0x71).
    @Test func anErrPtrInARegisterIsARivalToNull() throws {
        let text = """
        [    3.029012] Unable to handle kernel NULL pointer dereference at virtual address 00000071
        [    3.043408] Internal error: Oops: 5 [#1] SMP ARM
        [    3.051078] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 5.5.0-rc1-00004-g5253fe05bb47 #24
        [    3.064297] PC is at device_link_add+0x68/0x4c8
        [    3.073348] pc : [<c04783ac>]    lr : [<c04783ac>]    psr: 60000013
        [    3.079605] sp : ef04dd68  ip : 60000013  fp : 00000007
        [    3.084822] r10: 00000000  r9 : eea8a740  r8 : ef0a5c10
        [    3.090039] r7 : ef0a5c10  r6 : ffffffed  r5 : 00000001  r4 : 00000001
        """
        let d = try #require(diagnose(text))
        #expect(d.cause == "null-pointer" && d.confidence < 0.8)
        #expect(d.evidence.contains { $0.kind == .rivalExplanation && $0.fact.contains("ERR_PTR(-ENODEV)") })
    }

    /// An address just below zero is ERR_PTR(-errno) plus a member offset only down to -530
    /// (no errno is larger): NULL - 0x230 is container_of() of a NULL list pointer, and the
    /// replay names the `sub` that made it (a 5.14 btrfs oops: x23 = 0, x26 = x23 - 0x230).
    /// -ENOMEM (0xfffffffffffffff4) is still an ERR_PTR.
    @Test func belowEveryErrnoIsContainerOfNull() throws {
        let text = """
        [ 2164.477113] Unable to handle kernel paging request at virtual address fffffffffffffdd0
        [ 2164.485300]   ESR = 0x96000004
        [ 2164.541000] Internal error: Oops: 96000004 [#1] SMP
        [ 2164.600000] CPU: 2 PID: 8910 Comm: kworker/u8:3 Not tainted 5.14.9-300.fc35.aarch64 #1
        [ 2164.620165] pc : submit_compressed_extents+0x38/0x3d0
        [ 2164.628056] lr : async_cow_submit+0x50/0xd0
        [ 2164.635000] sp : ffff800012a3bc90
        [ 2164.640000] x29: ffff800012a3bc90 x28: 0000000000000000 x27: 0000000000000000
        [ 2164.650000] x26: fffffffffffffdd0 x25: 0000000000000000 x24: 0000000000000000
        [ 2164.660000] x23: 0000000000000000 x22: 0000000000000000 x21: 0000000000000000
        [ 2164.670000] x20: 0000000000000000 x19: 0000000000000000 x18: 0000000000000000
        [ 2164.788343] Code: a9056bf9 f8428437 f9401400 d108c2fa (f9400356)
        """
        let d = try #require(diagnose(text))
        #expect(d.cause == "null-pointer" && d.summary.contains("NULL - 0x230"))
        #expect(d.evidence.contains { $0.kind == .nullMinusOffset })
        #expect(AddressClass.of(0xffff_ffff_ffff_fff4, arch: .arm64) == .errorPointer(errno: 12))
        #expect(AddressClass.of(0xffff_ffff_ffff_fdee, arch: .arm64) == .errorPointer(errno: 530))
        #expect(AddressClass.of(0xffff_ffff_ffff_fded, arch: .arm64) == .nullMinusOffset(531))
    }

    /// arm64's inline KASAN check (`lsr x2, x1, #3`, `ldrsb w0, [x2, x0]`, x0 =
    /// KASAN_SHADOW_OFFSET) faults on the shadow of LIST_POISON2: the checked address is x1, the
    /// poison itself (a 5.6 kretprobe oops; the code words are its own).
    @Test func arm64KasanCheckOfAPoisonIsListPoison() throws {
        let text = """
        [ 39.884522] Unable to handle kernel paging request at virtual address fbd5400000000024
        [ 39.885377]   ESR = 0x96000004
        [ 39.888991] Internal error: Oops: 96000004 [#1] SMP
        [ 39.893690] CPU: 6 PID: 251 Comm: DTS202001190821 Tainted: G B OE 5.6.0-rc4+ #8
        [ 39.895558] pc : pre_handler_kretprobe+0x130/0x6b8
        [ 39.895880] lr : pre_handler_kretprobe+0x678/0x6b8
        [ 39.896181] sp : ffff00002feef9b0
        [ 39.901389] x3 : ffffa0001016bc3c x2 : 1bd5a00000000024
        [ 39.901725] x1 : dead000000000122 x0 : dfffa00000000000
        [ 39.902600] Call trace:
        [ 39.902864]  pre_handler_kretprobe+0x130/0x6b8
        [ 39.903000] Code: f9400681 d2d40000 f2fbffe0 d343fc22 (38e06840)
        """
        let d = try #require(diagnose(text))
        #expect(d.cause == "list-poison" && d.summary.contains("LIST_POISON2"))
        #expect(d.evidence.contains { $0.kind == .listPoison && $0.fact.contains("KASAN's shadow check") && $0.fact.contains("0xdead000000000122") })
    }

    /// LIST_POISON1 and 2 lie 0x22 apart: an address is read against the nearer one
    /// (0xdead00000000012a is LIST_POISON2 + 8, a `str x9, [x8, #8]` through the prev pointer).
    @Test func theNearerListPoisonIsThePointer() {
        #expect(AddressClass.of(0xdead_0000_0000_012a, arch: .arm64) == .listPoison(which: 2, offset: 8))
        #expect(AddressClass.of(0xdead_0000_0000_0108, arch: .arm64) == .listPoison(which: 1, offset: 8))
        #expect(AddressClass.of(0xdead_0000_0000_0122, arch: .arm64) == .listPoison(which: 2, offset: 0))
    }

    /// s390 gives the failing address to its page: a NULL claim names the page, not a member
    /// offset (a 5.9 z14 report).
    @Test func s390NamesThePageNotTheMember() throws {
        let text = """
        [ 4525.432605] Unable to handle kernel pointer dereference in virtual kernel address space
        [ 4525.432612] Failing address: 0000000000000000 TEID: 0000000000000483
        [ 4525.432640] Oops: 0004 ilc:3 [#1] SMP
        [ 4525.432694] Krnl PSW : 0704d00180000000 00000000cde29f70 (__kernel_write+0x1a0/0x2a0)
        """
        let d = try #require(diagnose(text))
        #expect(d.cause == "null-pointer" && d.summary.contains("within the page at 0x0") && !d.summary.contains("member offset"))
    }
}
