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
}
