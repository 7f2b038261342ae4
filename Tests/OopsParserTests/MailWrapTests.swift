import Testing
import OopsCore
@testable import OopsParser

/// Lines a mail client wrapped are rejoined; other programs' lines that share the console are
/// not glued onto kernel lines.
struct MailWrapTests {
    /// The seed's arm64 fault as a mail client wraps it, unquoted, at 72 columns.
    static let wrapped = """
    [   19.442078] Unable to handle kernel NULL pointer dereference at
    virtual address 0000000000000014
    [   19.457535] Mem abort info:
    [   19.465329]   ESR = 0x96000004
    [   19.489143] Internal error: Oops: 96000004 [#1] PREEMPT SMP
    [   19.500000] pc : mt7921_regd_notifier+0x180/0x290 [mt7921_common]
    [   19.500001] x1 : 0000000000000000 x0 : 0000000000000000
    Terminated
    [   19.500002] Call trace:
    [   19.500003]  mt7921_regd_notifier+0x180/0x290 [mt7921_common]
    [   19.500004]  wiphy_update_regulatory+0x2b0/0x588 [cfg80211]
    [   19.500005] ---[ end trace 0000000000000000 ]---
    """

    @Test func anUnquotedWrapAfterAnOpenEndingIsRejoined() throws {
        let reports = Parsing.reports(Self.wrapped)
        try #require(reports.count == 1)
        #expect(reports[0].fault?.address == Hex64(0x14))
        #expect(reports[0].trace.count == 2)
    }

    /// A task line wrapped before its release in an indented quote, 6.x's preemption model after
    /// the build number (round 10's d-02): the release is the report's, three words or not.
    @Test func aTaskLineCutBeforeItsReleaseIsRejoined() throws {
        let log = """
        >   kworker/7:1: page allocation failure: order:5, mode:0xcc0(GFP_KERNEL), nodemask=(null)
        >   CPU: 7 UID: 0 PID: 875159 Comm: kworker/7:1 Not tainted
        >   6.17.8-300.fc43.x86_64 #1 PREEMPT(lazy)
        >   Call Trace:
        >    dump_stack_lvl+0x5d/0x80
        >    warn_alloc+0x163/0x190
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.context?.kernel == "6.17.8-300.fc43.x86_64" && r.context?.build == "#1 PREEMPT(lazy)")
    }

    /// A module's name wrapped off its frame in a quoted log (a Librem 5 WARN, 5.12): the pc
    /// and lr keep it.
    @Test func aModuleWrappedOffItsFrameIsRejoined() throws {
        let text = """
        > > [   56.135596] WARNING: CPU: 3 PID: 1984 at drivers/media/common/videobuf2/videobuf2-core.c:1546 vb2_start_streaming+0xe4/0x160 [videobuf2_common]
        > > [   56.135613] pstate: 80000005 (Nzcv daif -PAN -UAO -TCO BTYPE=--)
        > > [   56.135623] pc : vb2_start_streaming+0xe4/0x160
        > > [videobuf2_common]
        > > [   56.135653] lr : vb2_start_streaming+0x74/0x160
        > > [videobuf2_common]
        > > [   56.135660] sp : ffff80001391bb60
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.pc?.module == "videobuf2_common")
        #expect(r.lr?.module == "videobuf2_common")
    }

    @Test func anotherProgramsLineIsNotGluedOn() throws {
        let r = try #require(Parsing.reports(Self.wrapped).first)
        #expect(r.registers?["x0"] == 0)
        #expect(r.rawLines?.contains { $0.contains("x0 : 0000000000000000 Terminated") } == false)
    }

    /// A client that wraps a quoted line after quoting it leaves the piece without `> `; the
    /// piece is taken only after a line the kernel always goes on from. A reply's prose after
    /// a complete quoted line stays prose.
    static let quotedLostMarker = """
    > [   19.442078] Unable to handle kernel NULL pointer dereference at virtual
    address 0000000000000014
    > [   19.457535] Mem abort info:
    > [   19.465329]   ESR = 0x96000004
    > [   19.489143] Internal error: Oops: 96000004 [#1] PREEMPT SMP
    > [   19.489150] CPU: 2 PID: 321 Comm: kworker/2:1 Not tainted 6.1.0-18-arm64 #1 Debian 6.1.76-1
    > [   19.500000] pc : mt7921_regd_notifier+0x180/0x290 [mt7921_common]
    > [   19.500002] Call trace:
    > [   19.500003]  mt7921_regd_notifier+0x180/0x290 [mt7921_common]
    > [   19.500004]  wiphy_update_regulatory+0x2b0/0x588 [cfg80211]
    > [   19.500005] ---[ end trace 0000000000000000 ]---
    Does this happen without the patch?
    """

    @Test func aQuotedPieceThatLostItsMarkerIsRejoined() throws {
        let r = try #require(Parsing.reports(Self.quotedLostMarker).first)
        #expect(r.fault?.address == Hex64(0x14))
        #expect(r.context?.kernel == "6.1.0-18-arm64")
        #expect(r.rawLines?.contains { $0.contains("Does this happen") } == false)
    }

    /// journalctl's lines pasted into a mail and wrapped (lore, a Bluetooth oops on 5.4): the
    /// journal's date marks each record as a timestamp does.
    static let journal = """
    Jan 07 15:54:53 robot kernel: Unable to handle kernel NULL pointer
    dereference at virtual address 0000000000000010
    Jan 07 15:54:53 robot kernel: Mem abort info:
    Jan 07 15:54:53 robot kernel:   ESR = 0x96000005
    Jan 07 15:54:54 robot kernel: Internal error: Oops: 96000005 [#1] PREEMPT SMP
    Jan 07 15:54:54 robot kernel: CPU: 1 PID: 1529 Comm: robot Tainted: G           O      5.4.215-yocto-standard #1
    Jan 07 15:54:54 robot kernel: pc : l2cap_chan_send+0x34c/0xf50 [bluetooth]
    Jan 07 15:54:54 robot kernel: lr : l2cap_chan_send+0x314/0xf50 [bluetooth]
    Jan 07 15:54:54 robot kernel: Call trace:
    Jan 07 15:54:54 robot kernel:  l2cap_chan_send+0x34c/0xf50 [bluetooth]
    Jan 07 15:54:54 robot kernel:  l2cap_sock_sendmsg+0xa8/0x120 [bluetooth]
    Jan 07 15:54:54 robot kernel: ---[ end trace 2b0b7e4a1f0e2f6d ]---
    """

    @Test func aWrappedJournalLineIsRejoined() throws {
        let r = try #require(Parsing.reports(Self.journal).first)
        #expect(r.fault?.address == Hex64(0x10))
        #expect(r.kind == .nullPointerDereference)
        #expect(r.title == "BUG: unable to handle kernel NULL pointer dereference in l2cap_chan_send")
    }

    /// Only a line that stops where the kernel always goes on waits for a piece.
    @Test(arguments: [
        ("[   19.442078] Unable to handle kernel NULL pointer dereference at", true),
        ("[    3.458523] Unable to handle kernel paging request at virtual address", true),
        ("[    3.496229] swapper pgtable: 4k pages, 39-bit VAs, pgdp =", true),
        ("[  100.389318] mt7921e 0000:05:00.0: AMD-Vi: Event logged", true),
        ("[   19.500001] x1 : 0000000000000000 x0 : 0000000000000000", false),
        ("[  501.875843][ T9186] ==================================================================", false),
        ("[   19.500002] Call trace:", false),
        // A fault message cut anywhere before its address; a CPU line before its release; a field list's comma.
        ("[    5.483399] Unable to handle kernel paging request at virtual", true),
        ("[    5.483399] Unable to handle kernel paging request at virtual address ffffffff80000000", false),
        ("Jun 26 04:25:18 v01d kernel: [ 2105.790361] BUG: unable to handle kernel", true),
        ("[    5.550162] CPU: 0 PID: 2807 Comm: systemd-udevd Not tainted", true),
        ("Jan 07 15:54:54 robot kernel: [0000000000000010] pgd=0000000000000000,", true),
        ("Jan 07 15:54:54 robot kernel: CPU: 0 PID: 446 Comm: agent-rt Tainted:", true),
        ("Jan 07 15:54:54 robot kernel: Code: f9004fe3 f94047e0 d2800001", true),
        ("[    5.800939] Code: 9ac32042 8b010001 d1000443 8a230000 (d50b7e20)", false),
        // Complete lines the wrap rules must not hold (from a review): x86's Code line, arm32's
        // `when read` ending, a `0x…` or `(null)` address.
        ("[   10.000001] Code: 48 8b 7c 24 10 <48> 8b 74 24 18", false),
        ("[   12.000000] Unable to handle kernel NULL pointer dereference at virtual address 00000010 when read", false),
        ("[   12.000000] Unable to handle kernel paging request for data at address 0x00000008", false),
        ("[   12.000000] BUG: unable to handle kernel NULL pointer dereference at (null)", false),
        // x86's pc line before its symbol and a register line before its last value; stack
        // headers and complete lines are not cut.
        ("[  110.139734] RIP: 0010:[<ffffffff810dbe47>] [<ffffffff810dbe47>]", true),
        ("[  110.139734] RIP: 0010:[<ffffffff810dbe47>] [<ffffffff810dbe47>] new_slab+0x8/0x1d3", false),
        ("[  110.141774] RAX: 0000000000000000 RBX: 0000000000000000 RCX:", true),
        ("[  110.146947] CR2: 00000000007d5278 CR3: 00000000b90f2000 CR4:", true),
        ("[  110.141774] RAX: 0000000000000000 RBX: 0000000000000000 RCX: 0000000000000004", false),
        ("[  110.154452] Call Trace:", false),
        ("[  110.150110] Stack:", false),
        // decode_stacktrace.sh's location list cut inside its parentheses.
        ("[ 2074.652716] pc : bio_iov_iter_get_pages (block/bio.c:1074", true),
        ("[ 2074.652716] pc : bio_iov_iter_get_pages (block/bio.c:1074 block/bio.c:1272 block/bio.c:1336)", false),
        ("[ 2074.652716] foo (see the mail)", false),
        // arm's fault message before its `at 0x…`.
        ("[   33.058257] Unhandled fault: external abort on non-linefetch (0x1808)", true),
        ("[   33.058257] Unhandled fault: external abort on non-linefetch (0x1808) at 0xf09c8000", false),
    ])
    func openEndings(line: String, open: Bool) {
        Array(line.utf8).withUnsafeBytes { #expect(MailWrapJoiner.endsOpen($0) == open) }
    }

    /// format=flowed (RFC 3676) breaks a line after a blank it keeps: a stamped line that ends
    /// in one blank and would have passed the wrap column goes on on the next, unstamped line
    /// (a die() header before its ESR, a register pair); a writer's `...` after it does not.
    @Test func aFlowedSoftBreakJoinsTheNextLine() throws {
        let log = "[   73.300176] Unable to handle kernel execute from non-executable memory at virtual address ffffaa213674cd88\n"
            + "[   73.353372] Internal error: Oops: 000000008600000f [#1] PREEMPT SMP Modules linked in: a b \n"
            + "c_d e_f\n"
            + "[   73.395962] x29: ffff80008000bec0 x28: ffffaa2134116b28 x27: ffffaa2136381840 \n"
            + "x26: 000000000000000a x25: ffff266077371b38\n"
            + "[   73.400000] watchdog: BUG: soft lockup - CPU#4 stuck for 354s! [iou-wrk-5307:5745] \n"
            + "...\n"
        let reports = Parsing.reports(log)
        try #require(reports.count == 2)
        #expect(reports[0].registers?["x26"] == 0xa)
        #expect(reports[1].message == "watchdog: BUG: soft lockup - CPU#4 stuck for 354s! [iou-wrk-5307:5745]")
    }

    /// arm64's die() header cut before its ESR: the ESR and `[#N]` come back.
    @Test func aDieHeaderCutBeforeItsESR() throws {
        let text = """
            [    9.480637][  T121] Internal error: BRK handler:
        00000000f2000001 [#1] PREEMPT SMP
            [    9.480644][  T121] Modules linked in: cpufreq_dt(E+)
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.oops?.esr?.value == 0xf2000001)
        #expect(r.oops?.count == 1)
    }
}
