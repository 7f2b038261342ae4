import Testing
import OopsCore
@testable import OopsParser

/// RISC-V's die() reports (arch/riscv/kernel/traps.c): `Oops - <reason> [#N]` and, after a
/// BUG(), `Kernel BUG [#N]`, with the `epc :`/`ra :` register dump.
struct RiscvReportTests {
    @Test(arguments: [
        ("Oops - illegal instruction [#1]", CrashKind.undefinedInstruction, "Oops - illegal instruction in riscv_sched_clock"),
        ("Oops - load access fault [#1]", CrashKind.serror, "Oops - load access fault in riscv_sched_clock"),
        ("Oops - store (or AMO) address misaligned [#2]", CrashKind.alignment, "Oops - store (or AMO) address misaligned in riscv_sched_clock"),
        ("Kernel BUG [#1]", CrashKind.bug, "kernel BUG in riscv_sched_clock"),
    ])
    func aDieReportIsFound(headline: String, kind: CrashKind, title: String) throws {
        let log = """
        [    0.000000] \(headline)
        [    0.000000] CPU: 0 PID: 0 Comm: swapper Not tainted 6.6.50 #7
        [    0.000000] epc : riscv_sched_clock+0x0/0x12
        [    0.000000]  ra : sched_clock_register+0xe2/0x236
        [    0.000000] Kernel panic - not syncing: Fatal exception in interrupt
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 1)
        #expect(reports[0].kind == kind)
        #expect(reports[0].title == title)
        #expect(reports[0].pc?.symbol == "riscv_sched_clock")
        #expect(reports[0].context?.kernel == "6.6.50")
    }

    /// RV32 prints its status line 8 digits wide; a load access fault's stval is its address.
    @Test func anRV32StatusLineGivesTheFaultAddress() throws {
        let log = """
        [    0.151451] Oops - load access fault [#1]
        [    0.152827] epc : __vmap_pages_range_noflush+0xc0/0x176
        [    0.153719]  ra : vmap+0x6c/0xc8
        [    0.154525] epc : c00994a6 ra : c009a040 sp : 81837de0
        [    0.159945] status: 00000120 badaddr: a0000000 cause: 00000005
        [    0.161444] [<c009a040>] vmap+0x6c/0xc8
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.fault?.address == Hex64(0xa000_0000))
        #expect(r.registers?["cause"] == 5)
    }

    /// arm's `Internal error: Oops - undefined instruction` keeps its own title.
    @Test func armsInternalErrorIsNotRiscv() throws {
        let reports = Parsing.reports("""
        [    1.000000] Internal error: Oops - undefined instruction: 0 [#1] ARM
        [    1.000000] PC is at foo+0x4/0x10
        """)
        try #require(reports.count == 1)
        #expect(reports[0].title == "Internal error in foo")
    }
    /// RISC-V prints arm64's paging-request message and its stack-overflow line word for word
    /// (a Sv39 kernel overflowing its boot stack on recursive faults, 6.6): its `epc :` dump
    /// says it is not arm64, and the faults before it of the same boot are not made arm64 either.
    @Test func riscvsStackOverflowIsNotArm64() throws {
        let reports = Parsing.reports("""
        [    0.000000] Unable to handle kernel paging request at virtual address 000000d97fdfaff0
        [    0.000000] [000000d97fdfaff0] pgd=000000407ff7e801, p4d=000000407ff7e801, pud=000000407ff7e801
        [    0.000000] Insufficient stack space to handle exception!
        [    0.000000] Task stack:     [0xffffffff81400000..0xffffffff81404000]
        [    0.000000] Overflow stack: [0xffffffff80c67370..0xffffffff80c68370]
        [    0.000000] CPU: 0 PID: 0 Comm: swapper Tainted: G        W          6.6.3-00133-g60497fad461d-dirty #71
        [    0.000000] epc : die_kernel_fault+0x158/0x1c8
        [    0.000000]  ra : die_kernel_fault+0x12a/0x1c8
        [    0.000000] status: 0000000200000100 badaddr: 000000d97fdfaff0 cause: 000000000000000d
        [    0.000000] Kernel panic - not syncing: Kernel stack overflow
        """)
        try #require(reports.count == 2)
        #expect(reports.allSatisfy { $0.arch == .unknown })
        #expect(reports[1].pc?.symbol == "die_kernel_fault")
    }

    /// A load or store fault's stval (`badaddr:`) is its data address; the stack follows the
    /// `status:` line with no header (RZ/Five, 6.12).
    @Test func aStoreAccessFaultGivesItsAddressAndStack() throws {
        let reports = Parsing.reports("""
            Oops - store (or AMO) access fault [#1]
            CPU: 0 UID: 0 PID: 1 Comm: swapper Not tainted 6.12.0-rc1 #201
            epc : __memset+0x60/0x100
             ra : __dma_alloc_from_coherent+0x150/0x17a
            status: 0000000200000120 badaddr: ffffffc6000d0000 cause: 0000000000000007
            [<ffffffff8062d2bc>] __memset+0x60/0x100
            [<ffffffff80053e1a>] dma_alloc_from_global_coherent+0x1c/0x28
            [<ffffffff80053056>] dma_direct_alloc+0x98/0x112
        """)
        try #require(reports.count == 1)
        #expect(reports[0].fault?.address == Hex64(0xffffffc6000d0000))
        #expect(reports[0].title == "Oops - store (or AMO) access fault in dma_alloc_from_global_coherent")
    }

    /// A writer's excerpt keeps only the status line's `badaddr:` (LiteX, a markdown note): the
    /// die() reason names a store, so it is the fault address.
    @Test func aLoneBadaddrOfAStoreFaultIsItsAddress() throws {
        let reports = Parsing.reports("""
        Oops - store (or AMO) access fault [#1]
        epc : liteeth_open+0x20/0x176
        badaddr: ffffffc800405010
        """)
        try #require(reports.count == 1)
        #expect(reports[0].fault?.address == Hex64(0xffffffc800405010))
        #expect(reports[0].arch == .unknown)
    }

    /// An illegal instruction's stval holds the instruction, not an address.
    @Test func anIllegalInstructionHasNoFaultAddress() throws {
        let reports = Parsing.reports("""
            Oops - illegal instruction [#1]
            epc : riscv_sched_clock+0x0/0x12
            status: 0000000200000120 badaddr: 00000000c0102573 cause: 0000000000000002
        """)
        try #require(reports.count == 1)
        #expect(reports[0].fault?.address == nil)
    }
}
