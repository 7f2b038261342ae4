import Testing
import OopsCore
@testable import OopsParser

/// Header and headline lines as mail clients cut them, and the lines after them that are not
/// their pieces (first-sight round 15: t-04, w-11).
struct WrappedHeaderTests {
    /// die()'s counter wrapped off `Internal error:` is the line's piece; the ESR stands either way.
    @Test func aDieCounterWrappedOffIsRejoined() throws {
        let text = """
            [  153.637906] Internal error: synchronous external abort: 96000210
            [#1] PREEMPT SMP
            [  153.674333] pc : __memcpy_fromio+0x40/0x80
            [  153.767063] Call trace:
            [  153.769527]  __memcpy_fromio+0x40/0x80
            [  153.773307]  process_one_work+0x29c/0x718
            """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.oops?.esr == Hex64(0x96000210))
        #expect(r.oops?.count == 1)
        #expect(r.oops?.flags == ["PREEMPT", "SMP"])
        let cut = try #require(Parsing.reports("Internal error: synchronous external abort: 96000210\npc : f+0x1/0x2\n").first)
        #expect(cut.oops?.esr == Hex64(0x96000210))
        #expect(cut.oops?.reason == "synchronous external abort")
    }

    /// A writer's rule after a quoted headline is a line of its own, not the headline's piece;
    /// a KMSAN headline kept without its stack names its function itself.
    @Test func aRuleIsNoPieceOfTheHeadline() throws {
        let text = """
            > [  139.881268][ T2983] BUG: KMSAN: uninit-value in ima_add_template_entry+0x626/0xa80
            > ----------------------------------------
            >
            > #syz set subsystems: erofs
            """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.message == "BUG: KMSAN: uninit-value in ima_add_template_entry+0x626/0xa80")
        #expect(r.title == "KMSAN: uninit-value in ima_add_template_entry")
    }

    /// KASAN's own rule wrapped whole past its stamp is still that line's piece.
    @Test func theKernelsRuleWrappedPastItsStampIsAPiece() {
        let line = Array("> [  139.873777][ T2983] ".utf8), piece = Array("==================================================================".utf8)
        #expect(piece.withUnsafeBytes { MailWrapJoiner.isRule($0) })
        #expect(!line.withUnsafeBytes { MailWrapJoiner.isRule($0) })
    }

    /// ia64's fault and show_regs() lines (first-sight round 15, v-02/v-03).
    @Test func ia64GivesItsAddressAndIP() throws {
        let text = """
            Unable to handle kernel NULL pointer dereference (address 0000000000001688)
            systemd-udevd[419]: Oops 11012296146944 [1]
            psr : 00001210084a6010 ifs : 8000000000001734 ip  : [<a00000010017b901>]    Not tainted (5.1.0)
            ip is at __alloc_pages_nodemask+0x281/0x17a0
            Call Trace:
              [<a000000100013820>] show_stack+0x40/0x90
              [<a0000001000141a0>] show_regs+0x930/0x940
              [<a0000001000245e0>] die+0x1a0/0x2f0
              [<a00000010004bab0>] ia64_do_page_fault+0x7e0/0x9e0
              [<a00000010000c580>] ia64_leave_kernel+0x0/0x270
              [<a00000010017b900>] __alloc_pages_nodemask+0x280/0x17a0
              [<a00000010010eab0>] ahci_port_start+0x190/0x320
            """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.fault?.address == Hex64(0x1688))
        #expect(r.pc?.symbol == "__alloc_pages_nodemask")
        #expect(!r.title.hasSuffix("show_regs"))
    }

    /// x86 prints `instruction fetch` without the word `access` the other two carry.
    @Test func x86sInstructionFetchIsAnExecAccess() throws {
        let text = """
            BUG: kernel NULL pointer dereference, address: 0000000000000000
            #PF: supervisor instruction fetch in kernel mode
            #PF: error_code(0x0010) - not-present page
            Oops: 0010 [#1] SMP NOPTI
            RIP: 0010:0x0
            """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.fault?.access == .exec)
    }
}
