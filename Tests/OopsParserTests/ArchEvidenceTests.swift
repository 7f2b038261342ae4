import Testing
import OopsCore
@testable import OopsParser

/// A fragment with no register dump still names arm64 where it prints what only arm64 prints:
/// die()'s code as an ESR, or die_kernel_fault()'s kind of access.
struct ArchEvidenceTests {
    @Test(arguments: [
        "Internal error: Oops: 96000004 [#1] SMP",
        "Internal error: synchronous external abort: 96000210 [#1] SMP",
        "Internal error: Oops: 0000000096000005 [#1] PREEMPT SMP",
        "Unable to handle kernel read from unreadable memory at virtual address 0000000000000ca8",
        "Unable to handle kernel execute from non-executable memory at virtual address ffff00003f87bdc0",
        "Unable to handle kernel write to read-only memory at virtual address ffff800010a3c000",
    ])
    func arm64sOwnWordsNameIt(line: String) throws {
        let r = try #require(Parsing.reports("[  622.405154] " + line + "\n").first)
        #expect(r.arch == .arm64)
    }

    /// arm32 prints a fault status, not an ESR, and "paging request" is said by several.
    @Test(arguments: [
        "Internal error: Oops: 17 [#1] SMP ARM",
        "Internal error: Oops: 817 [#1] PREEMPT SMP ARM",
        "Unable to handle kernel paging request at virtual address ffff800001396008",
    ])
    func othersDoNot(line: String) throws {
        let r = try #require(Parsing.reports("[  622.405154] " + line + "\n").first)
        #expect(r.arch != .arm64)
    }

    /// `Call trace:` is arm64's header, and OpenRISC's and sh's: their frames print `[<%p>]`,
    /// 8 digits or `(ptrval)` early in boot, which no 64-bit kernel prints.
    @Test(arguments: ["[<(ptrval)>]", "[<8558de7f>]"])
    func aNarrowFrameAddressIsNotArm64s(address: String) throws {
        let log = """
            [    4.310000] BUG: failure at include/linux/mmap_lock.h:81/mmap_assert_locked()!
            [    4.310000] CPU: 0 PID: 1 Comm: swapper Tainted: G        W         5.8.0-rc1 #140
            [    4.310000] Call trace:
            [    4.320000] \(address) dump_stack+0x34/0x48
            [    4.320000] \(address) walk_page_range+0x230/0x244
            [    4.320000] \(address) arch_dma_set_uncached+0x38/0x60

            """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.arch == .unknown)
        #expect(r.trace.map(\.symbol) == ["dump_stack", "walk_page_range", "arch_dma_set_uncached"])
        let wide = try #require(Parsing.reports(log.replacingOccurrences(of: address, with: "[<ffffff8008085d8c>]")).first)
        #expect(wide.arch == .arm64)
    }

    /// 32-bit arm since 5.x: `Call trace:` then `callee from caller+off/size`; the frames are
    /// the callers' return sites, and the report is not arm64's.
    @Test func arm32sFromFramesAreNotArm64s() throws {
        let log = """
            [   15.468376] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)
            [   15.529803] CPU: 0 UID: 0 PID: 1 Comm: swapper/0 Not tainted 6.17.5 #1 NONE
            [   15.548732] Call trace:
            [   15.564334]  unwind_backtrace from show_stack+0x10/0x14
            [   15.575432]  show_stack from dump_stack_lvl+0x50/0x64
            [   15.576609]  dump_stack_lvl from vpanic+0xf4/0x314

            """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.arch == .unknown)
        #expect(r.trace.map(\.symbol) == ["unwind_backtrace", "show_stack", "dump_stack_lvl", "vpanic"])
        // Outside a trace, a `called from sym+off/size` is a driver's words, not arm32's frame.
        let x86 = try #require(Parsing.reports("""
            BUG: kernel NULL pointer dereference, address: 0000000000000008
            Oops: 0000 [#1] PREEMPT SMP NOPTI
            RIP: 0010:demo_fn+0x12/0x40
            drm_warn from drm_helper+0x10/0x14
            """).first)
        #expect(x86.arch == .x86_64)
    }
}
