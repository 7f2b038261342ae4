import Foundation
import Testing
import OopsCore
@testable import OopsParser

/// A mail body still in quoted-printable is decoded once it shows the encoding, and only then.
struct QuotedPrintableTests {
    /// The seed's first lines as a raw mail archive stores them.
    static let encoded = """
    > [=C2=A0=C2=A0 12.470827] Unable to handle kernel paging request at virtu=
    al address 002df7b378917664
    > [=C2=A0=C2=A0 12.472471]=C2=A0=C2=A0 ESR =3D 0x0000000096000004
    > [=C2=A0=C2=A0 12.482421] Internal error: Oops: 0000000096000004 [#1]=C2=
    =A0 SMP
    > [=C2=A0=C2=A0 12.489539] pc : __clk_put+0x2c/0x138
    > [=C2=A0=C2=A0 12.490607] x29: ffff800080713b10 x28: ffff0001f001a120 x27=
    : 0000000000000000
    > [=C2=A0=C2=A0 12.497524] Call trace:
    > [=C2=A0=C2=A0 12.497776]=C2=A0 __clk_put+0x2c/0x138 (P)
    > [=C2=A0=C2=A0 12.498154]=C2=A0 clk_put+0x18/0x30
    """

    @Test func aSoftBrokenEncodedReportReadsLikeThePlainOne() throws {
        let r = try #require(Parsing.reports(Self.encoded).first)
        #expect(r.fault?.address == Hex64(0x2df7b378917664))
        #expect(r.oops?.esr == Hex64(0x96000004))
        #expect(r.registers?["x27"] == 0)
        #expect(r.trace.map(\.symbol) == ["__clk_put", "clk_put"])
        #expect(r.lines.first == 1)
    }

    /// A body without a single escape shows the encoding by its soft breaks at 76 columns
    /// (syslog lines from Message-ID <4bfd2811-69ec-e4ec-2957-7054a075aa50@web.de>).
    @Test func softBreaksAloneShowTheEncoding() throws {
        let text = """
            no, right at the first cold boot with the patched kernel the warning appea=
            red:

            May  2 21:50:27 xxx kernel: WARNING: CPU: 0 PID: 1 at drivers/iommu/amd/init.c:851 amd_=
            iommu_enable_interrupts+0x312/0x3f0
            May  2 21:50:27 xxx kernel: CPU: 0 PID: 1 Comm: swapper/0 Not tainted 5.17=
            .5 #2
            May  2 21:50:27 xxx kernel: RIP: 0010:amd_iommu_enable_interrupts+0x312/0x=
            3f0
            May  2 21:50:27 xxx kernel: Call Trace:
            May  2 21:50:27 xxx kernel:  <TASK>
            May  2 21:50:27 xxx kernel:  amd_iommu_init_pci+0x2f/0x50
            May  2 21:50:27 xxx kernel:  do_one_initcall+0x45/0x200
            """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.context?.kernel == "5.17.5")
        #expect(r.pc?.symbol == "amd_iommu_enable_interrupts")
        #expect(r.pc?.size == Hex64(0x3f0))
    }

    /// Logs `cat`ted after such a mail: their lines show no encoding and are left as they are.
    @Test func aPlainLogAfterAnEncodedMailIsNotDecoded() throws {
        let plain = """
        [    5.000000] Unable to handle kernel paging request at virtual address ffff000000001000
        [    5.000001] [ffff000000001000] pgd=0000000000000000, p4d=0000000000000000
        [    5.000002] Internal error: Oops: 96000005 [#1] SMP
        """
        let reports = Parsing.reports(Self.encoded + "\n" + plain)
        try #require(reports.count == 2)
        #expect(reports[1].rawLines?.contains { $0.hasSuffix("pgd=0000000000000000, p4d=0000000000000000") } == true)
        #expect(reports[1].fault?.address == Hex64(0xffff000000001000))
    }

    /// What plain logs print after an `=` is never taken for the encoding: a MAC address
    /// (`address=97:49:…`), a size (`size=2048`), a lone `mask=3D` is one sign, not two.
    @Test(arguments: ["local address=97:49:9a:96:d8:79", "size=2048 val=09", "x=C0 y=FF", "mask=3D"])
    func plainTextShowsNoEncoding(text: String) {
        Array(text.utf8).withUnsafeBytes { #expect(!QuotedPrintable.escapes(in: $0, atLeast: 2)) }
    }

    /// No log of the corpus but those archived in quoted-printable (named `…quoted-printable…`
    /// or `…-qp…`, or whose mail says so) shows its escapes.
    @Test func theCorpusIsPlain() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Corpus")
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".log") }
        #expect(files.count > 100)
        for f in files where !f.contains("quoted-printable") && !f.contains("-qp") {
            let file = try [UInt8](Data(contentsOf: root.appendingPathComponent(f)))
            if file.count < 1 << 20, String(decoding: file, as: UTF8.self).contains("Content-Transfer-Encoding: quoted-printable") { continue }
            let bytes = Self.body(file)
            bytes.withUnsafeBytes {
                #expect(!QuotedPrintable.escapes(in: $0, atLeast: 1), "\(f)")
                #expect(!QuotedPrintable.softBreaks(in: $0, atLeast: 3), "\(f)")
            }
        }
    }

    /// A saved mail without its header: the header's signatures (base64 that may hold `=20`)
    /// and RFC 2047 encoded words (`=?UTF-8?Q?K=C3=B6nig?=`) are not the body's encoding, and
    /// the decoder never looks at them (it starts only at a soft-broken line).
    static func body(_ file: [UInt8]) -> [UInt8] {
        let text = String(decoding: file, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { !$0.hasPrefix("#") }),
              let blank = lines[first...].firstIndex(where: { $0.isEmpty || $0 == "\r" }) else { return file }
        // A header from its start, or a stored copy that begins inside one (a folded `Cc:`
        // continuation) and names the mail's fields before its first blank line.
        let header = lines[first..<blank]
        let starts = lines[first].hasPrefix("From ") || lines[first].hasPrefix("Return-Path:") || lines[first].hasPrefix("Received:")
        let inside = (lines[first].hasPrefix(" ") || lines[first].hasPrefix("\t"))
            && header.contains { $0.hasPrefix("Subject: ") } && header.contains { $0.hasPrefix("Message-ID: ") || $0.hasPrefix("Message-Id: ") }
        guard starts || inside else { return file }
        return Array(lines[blank...].joined(separator: "\n").utf8)
    }

    /// A KASAN report `cat`ted right after such a mail: its `=====` rules are not soft breaks
    /// (the encoding writes `=3D`), so its first line is not glued onto the rule before it.
    @Test func aKASANRuleAfterAnEncodedMailIsNoSoftBreak() throws {
        let kasan = """
        [  501.875843][ T9186] ==================================================================
        [  501.876000][ T9186] BUG: KASAN: use-after-free in hiddev_read+0x1/0x2
        [  501.876100][ T9186] Read of size 4 at addr ffff8880a0d2a080 by task syz-executor/9186
        """
        let reports = Parsing.reports(Self.encoded + "\n" + kasan)
        try #require(reports.count == 2)
        #expect(reports[1].title.hasPrefix("KASAN: use-after-free"))
    }

    /// A plain log's `=` signs (`pgd=0000…`, a line ending in `=`) are left alone.
    @Test func aPlainLogIsNotDecoded() throws {
        let plain = """
        [    3.458523] Unable to handle kernel paging request at virtual address ffff000000001000
        [    3.496229] [ffff000000001000] pgd=0000000000000000, p4d=0000000000000000, pud=
        [    3.496230] Internal error: Oops: 96000005 [#1] SMP
        """
        let r = try #require(Parsing.reports(plain).first)
        #expect(r.rawLines?.contains { $0.hasSuffix("pud=") } == true)
        #expect(r.fault?.address == Hex64(0xffff000000001000))
    }
    /// A raw message quoted as it was, soft breaks and all: each continuation carries the quote
    /// marks too, and they are not part of the line.
    @Test func aQuotedRawMessageJoinsWithoutItsContinuationsQuoteMarks() throws {
        let log = """
        > [ma mrt 21 17:09:33 2022] amdgpu 0000:05:0=
        > 0.0: Event logged [IO_PAGE_FAULT domain=3D0x0000 address=3D0x1688011a0 flags=3D=
        > 0x0070]
        > [ma mrt 21 17:09:34 2022] amdgpu 0000:05:00.0: GPU reset begin!=20
        """
        let reports = Parsing.reports(log)
        try #require(reports.count >= 1)
        #expect(reports[0].iommu?.instance == "05:00.0")
        #expect(reports[0].iommu?.iova == Hex64(0x1688011a0))
    }
}
