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

    @Test func anotherProgramsLineIsNotGluedOn() throws {
        let r = try #require(Parsing.reports(Self.wrapped).first)
        #expect(r.registers?["x0"] == 0)
        #expect(r.rawLines?.contains { $0.contains("x0 : 0000000000000000 Terminated") } == false)
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
    ])
    func openEndings(line: String, open: Bool) {
        Array(line.utf8).withUnsafeBytes { #expect(MailWrapJoiner.endsOpen($0) == open) }
    }
}
