import Testing
import OopsCore
import Analysis

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
    /// missing one a garbage pointer in the user half.
    @Test(arguments: [("0003", "user-address"), ("0002", "non-canonical")])
    func x86UserHalfFaultsFollowTheErrorCode(code: String, cause: String) throws {
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
        #expect(diagnose(text)?.cause == cause)
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
}
