import Foundation
import Testing
import OopsCore
@testable import OopsParser

/// powerpc's fault messages and die() header (arch/powerpc/mm/fault.c, kernel/traps.c), from
/// public reports: the fault's address and access, the die count, ELFv1's dot symbols.
struct PowerpcReportTests {
    /// A 5.5 pSeries report (big-endian, ELFv1: `.memset`), its frames wrapped after their
    /// addresses by a mail client, and the panic after a console line of another driver.
    @Test func aDataAccessFaultIsReadWhole() throws {
        let reports = Parsing.reports("""
        [    5.291347] BUG: Unable to handle kernel data access on read at 0x0488a000
        [    5.291360] Faulting instruction address: 0xc0000000000b3530
        [    5.291365] Oops: Kernel access of bad area, sig: 11 [#1]
        [    5.291370] BE PAGE_SIZE=64K MMU=Hash SMP NR_CPUS=2048 NUMA pSeries
        [    5.291392] CPU: 2 PID: 933 Comm: cryptomgr_test Not tainted 5.5.0 #1
        [    5.291461] NIP [c0000000000b3530] .memset+0x68/0x104
        [    5.291466] LR [c00000000036e84c] .kzfree+0x3c/0x60
        [    5.291469] Call Trace:
        [    5.291473] [c0000005f9bbb8b0] [c00000000036e83c] .kzfree+0x2c/0x60
        (unreliable)
        [    5.291482] [c0000005f9bbb930] [c008000001561a44]
        .nx_crypto_ctx_skcipher_exit+0x24/0x50 [nx_crypto]
        [    5.291490] [c0000005f9bbb9b0] [c0000000005b8e5c]
        .crypto_skcipher_exit_tfm+0x3c/0x60
        [    5.291551] ---[ end trace 06547fcdb2cf5b98 ]---
        """)
        try #require(reports.count == 1)
        let r = reports[0]
        #expect(r.format == .powerpcFault)
        #expect(r.kind == .pagingRequest)
        #expect(r.fault?.address == Hex64(0x0488a000) && r.fault?.access == .read)
        #expect(r.oops?.count == 1 && r.oops?.reason == "Kernel access of bad area")
        #expect(r.pc?.symbol == ".memset" && r.pc?.address == Hex64(0xc0000000000b3530))
        #expect(r.pc?.baseSymbol == "memset")
        #expect(r.trace.map(\.symbol).contains(".nx_crypto_ctx_skcipher_exit"))
        #expect(r.title == "BUG: unable to handle kernel paging request in kzfree")
    }

    /// 5.x's NULL message names the access; the die() header alone (its message cut off)
    /// still opens a report.
    static let faultLines: [(String, ReportFormat, CrashKind, UInt64?, Access?)] = [
        ("BUG: Kernel NULL pointer dereference on write at 0x00000000", .powerpcFault, .nullPointerDereference, 0, .write),
        ("Unable to handle kernel paging request for data at address 0x00000010", .unableToHandle, .pagingRequest, 0x10, nil),
        ("Oops: Kernel access of bad area, sig: 11 [#1]", .powerpcDie, .pagingRequest, nil, nil),
    ]

    @Test(arguments: faultLines)
    func theFaultLineGivesAddressAndAccess(headline: String, format: ReportFormat, kind: CrashKind, address: UInt64?, access: Access?) throws {
        let reports = Parsing.reports("""
        [ 1531.635242] \(headline)
        [ 1531.635285] Faulting instruction address: 0xc0000000005689e0
        [ 1531.635370] CPU: 16 PID: 4444 Comm: runc:[2:INIT] Not tainted 5.7.0-rc5-next-20200512+ #9
        [ 1531.635652] NIP [c0000000005689e0] umount_tree+0x250/0x470
        [ 1531.635672] LR [c0000000005689b0] umount_tree+0x220/0x470
        """)
        try #require(reports.count == 1)
        #expect(reports[0].format == format)
        #expect(reports[0].kind == kind)
        #expect(reports[0].fault?.address?.value == address)
        #expect(reports[0].fault?.access == access)
        #expect(reports[0].pc?.symbol == "umount_tree")
    }
}

/// Mail shapes seen with other architectures' reports in round 6.
struct MailShapeTests {
    /// A decode_stacktrace'd pc whose location list a mail client moved onto lines of its own
    /// (an LKFT report, 6.6): the symbol alone is the pc.
    @Test func aBarePcSymbolIsThePc() throws {
        let reports = Parsing.reports("""
        <1>[  188.520000] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000
        <4>[  188.524569] pc : percpu_ref_put_many.constprop.0
        (arch/arm64/include/asm/atomic_lse.h:169 (discriminator 1)
        include/linux/percpu-refcount.h:334 (discriminator 1))
        <4>[  188.525451] lr : percpu_ref_put_many.constprop.0
        <4>[  188.526230] sp : ffff8000803d3ca0
        """)
        try #require(reports.count == 1)
        #expect(reports[0].pc?.symbol == "percpu_ref_put_many.constprop.0")
        #expect(reports[0].pc?.offset == nil)
    }

    /// The same on x86 (a syzkaller-style report decoded and mailed, 6.14): the RIP names the
    /// function alone, and the title takes it.
    @Test func aBareRIPSymbolIsThePcAndTitlesTheReport() throws {
        let reports = Parsing.reports("""
        [ 90.201985][T12032] Oops: general protection fault, probably for non-canonical address 0xdffffc0000000198: 0000 [#1] SMP KASAN NOPTI
        [ 90.204525][T12032] KASAN: null-ptr-deref in range [0x0000000000000cc0-0x0000000000000cc7]
        [90.210452][T12032] RIP: 0010:addrconf_add_ifaddr
        (/data/linux/./include/net/netdev_lock.h:30
        /data/linux/./include/net/netdev_lock.h:41)
        [ 90.230303][T12032] Call Trace:
        [ 90.230937][T12032] <TASK>
        """)
        try #require(reports.count == 1)
        #expect(reports[0].pc?.symbol == "addrconf_add_ifaddr")
        #expect(reports[0].title == "general protection fault in addrconf_add_ifaddr")
    }

    /// powerpc's fault line wrapped before its address by a syslog-prefixed paste (an mpt3sas
    /// rmmod, 5.5): the address is read from the piece.
    @Test func aPowerpcFaultWrappedBeforeItsAddressIsRejoined() throws {
        let reports = Parsing.reports("""
        > kernel: BUG: Unable to handle kernel data access on write at
        > 0xc04a000000017c34
        > kernel: Faulting instruction address: 0xc0000000002f9c70
        > kernel: Oops: Kernel access of bad area, sig: 11 [#1]
        """)
        try #require(reports.count == 1)
        #expect(reports[0].fault?.address == Hex64(0xc04a000000017c34))
        #expect(reports[0].fault?.access == .write)
    }

    /// 4.x KASAN named the address in its headline and printed the access without it (an
    /// LS1043A board, 4.9).
    @Test func anOldKASANHeadlineGivesItsAddress() throws {
        let reports = Parsing.reports("""
        [  393.799778] BUG: KASAN: slab-out-of-bounds in jffs2_rtime_compress+0x214/0x2f0 at addr ffff800062e3b281
        [  393.809166] Write of size 1 by task tftp/2918
        """)
        try #require(reports.count == 1)
        #expect(reports[0].fault?.address == Hex64(0xffff800062e3b281))
        #expect(reports[0].fault?.access == .write)
        #expect(reports[0].title == "KASAN: slab-out-of-bounds Write in jffs2_rtime_compress")
    }

    /// powerpc names a module's pc after it (`NIP [e2d4ee30] device_change_handler+0x40/0x290
    /// [snd_powermac]`, 3.13).
    @Test func powerpcsNIPKeepsItsModule() throws {
        let reports = Parsing.reports("""
        [   33.752868] WARNING: at /build/buildd/linux-3.13.0/sound/ppc/tumbler.c:986
        [   33.753003] NIP: e2d4ee30 LR: c005e1fc CTR: e2d4edf0
        [   33.753103] NIP [e2d4ee30] device_change_handler+0x40/0x290 [snd_powermac]
        [   33.753121] LR [c005e1fc] process_one_work+0x158/0x3cc
        """)
        try #require(reports.count == 1)
        #expect(reports[0].pc?.module == "snd_powermac")
        #expect(reports[0].lr?.symbol == "process_one_work")
    }

    /// A mail quotes dma-debug's lone pre-5.14 line, then the writer's own log with the WARN
    /// it became: two reports, the quoted one never absorbing the unquoted WARNING (5.15).
    @Test func aQuotedLoneDMAAPILineDoesNotTakeTheNextPastesWarning() throws {
        let reports = Parsing.reports("""
        > > [  245.927062] DMA-API: cacheline tracking EEXIST, overlapping mappings aren't supported
        > >
        > > The first line is the dump of the dma_debug_entry which is already present

        [   85.858891] ------------[ cut here ]------------
        [   85.858893] DMA-API: fsl_dpaa2_eth dpni.3: cacheline tracking EEXIST, overlapping mappings aren't supported
        [   85.858901] WARNING: CPU: 13 PID: 1046 at kernel/dma/debug.c:571 add_dma_entry+0x330/0x390
        [   85.858915] CPU: 13 PID: 1046 Comm: iperf3 Not tainted 5.15.0-rc2-00478-g34286ba6a164-dirty #1275
        [   85.858920] pc : add_dma_entry+0x330/0x390
        """)
        try #require(reports.count == 2)
        #expect(reports[0].format == .dmaDebugLine)
        #expect(reports[1].format == .warning && reports[1].title == "WARNING in add_dma_entry")
    }
}

/// die()'s header (`Internal error: …`, `Oops: … [#N]`) comes before the registers and the
/// call trace: one after a report's trace begins the next oops.
struct DieHeaderOrderTests {
    @Test func aDieHeaderAfterTheTraceIsTheNextOops() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        // Two R-Car H3 s2ram logs (4.14, 5.8): an SError, then `Internal error: synchronous
        // external abort: 96000210 [#2]` after its call trace.
        let bytes = Array(try Data(contentsOf: root.appendingPathComponent("Corpus/real/arm64/salvator-x-rcar-h3-s2ram-ehci-resume-bad-mode-serror-and-sea-4.14-5.8.log")))
        let reports = Parsing.document(bytes).reports
        try #require(reports.count == 5)
        #expect(reports[4].lines.first == 330 && reports[4].oops?.count == 2)
        #expect(reports[3].oops == nil)
    }
}

/// s390's fault report (arch/s390/mm/fault.c) and MIPS/LoongArch's fault headline, from public
/// reports: the failing address, the pc from the PSW, the die count.
struct OtherArchFaultTests {
    @Test func s390ReadsItsPSWAndFailingAddress() throws {
        let reports = Parsing.reports("""
        [ 4525.432605] Unable to handle kernel pointer dereference in virtual kernel address space
        [ 4525.432612] Failing address: 0000000000000000 TEID: 0000000000000483
        [ 4525.432613] Fault in home space mode while using kernel ASCE.
        [ 4525.432640] Oops: 0004 ilc:3 [#1] SMP
        [ 4525.432691] CPU: 9 PID: 1050921 Comm: find Tainted: G           OE     5.9.0-20201011.rc8.git0.d67bc7812221.300.fc32.s390x+next #1
        [ 4525.432694] Krnl PSW : 0704d00180000000 00000000cde29f70 (__kernel_write+0x1a0/0x2a0)
        """)
        try #require(reports.count == 1)
        #expect(reports[0].fault?.address == Hex64(0))
        #expect(reports[0].pc?.symbol == "__kernel_write" && reports[0].pc?.address == Hex64(0xcde29f70))
        #expect(reports[0].oops?.count == 1)
        #expect(reports[0].title == "BUG: unable to handle kernel paging request in __kernel_write")
    }

    @Test func mipsAndLoongArchNameTheCPUFirst() throws {
        let reports = Parsing.reports("""
        [438588.129955][    C0] CPU 0 Unable to handle kernel paging request at virtual address 0000000000000010, era == 0000000000000010, ra == 90000001003b3c70
        [438588.130000][    C0] Oops[#1]:
        """)
        try #require(reports.count == 1)
        #expect(reports[0].fault?.address == Hex64(0x10))
    }
}
