import Testing
import OopsCore
@testable import Arm64

/// The faulting instruction replayed in Unicorn. Hand-made cases, one per addressing form;
/// each instruction word is encoded by hand from the Arm ARM and the expected access is what
/// the architecture says it does with those registers.
struct ReplayTests {
    /// A minimal arm64 report: one code word (faulting), the given registers, fault address, ESR.
    func report(_ word: UInt32, regs: [Int: UInt64], sp: UInt64 = 0xffff_8000_0a00_0000, far: UInt64?, esr: UInt64?) -> Report {
        var r = Report(id: 1, lines: LineSpan(first: 1, last: 1), arch: .arm64, kind: .pagingRequest, message: "test")
        var file = RegisterFile()
        for n in 0...30 { file.set("x\(n)", regs[n] ?? 0x1111_0000 + UInt64(n)) }
        r.registers = file
        r.sp = Hex64(sp)
        r.code = CodeWindow(words: ["d503201f", String(word, radix: 16).leftPadded(8)], faultingIndex: 1)
        r.fault = Fault(address: far.map { Hex64($0) }, esr: esr.map { Hex64($0) })
        return r
    }

    func run(_ r: Report) -> Report {
        var r = r
        Arm64Decoding().run(&r)
        return r
    }

    @Test func seedLoad() {
        // f9401f40 = ldr x0, [x26, #56]
        let r = run(report(0xf940_1f40, regs: [26: 0], far: 0x38, esr: 0x9600_0005))
        let p = r.replay
        #expect(p?.status == .reproduced)
        #expect(p?.instruction == "ldr x0, [x26, #0x38]")
        #expect(p?.access == .read && p?.size == 8 && p?.address == 0x38)
        #expect(p?.baseRegister == "x26" && p?.baseValue == 0 && p?.offset == 0x38)
    }

    @Test func storeIsAWrite() {
        // STR x1, [x0, #0x10]: 0xf9000000 | imm12(2)<<10 | Rn(0)<<5 | Rt(1)
        let r = run(report(0xf900_0801, regs: [0: 0], far: 0x10, esr: 0x9600_0045))
        #expect(r.replay?.status == .reproduced)
        #expect(r.replay?.access == .write && r.replay?.size == 8)
        #expect(r.fault?.access == .write)
        #expect(r.replay?.note == nil)
    }

    @Test func pairLoad() {
        // LDP x2, x3, [x0, #0x20]: 0xa9400000 | imm7(4)<<15 | Rt2(3)<<10 | Rn(0)<<5 | Rt(2)
        let r = run(report(0xa942_0c02, regs: [0: 0xdead_0000], far: 0xdead_0020, esr: 0x9600_0007))
        #expect(r.replay?.instruction == "ldp x2, x3, [x0, #0x20]")
        #expect(r.replay?.status == .reproduced)
        #expect(r.replay?.address == 0xdead_0020 && r.replay?.size == 8)
    }

    @Test func lseAtomic() {
        // LDADD x1, x2, [x0]: size=11 0xf8200000 | Rs(1)<<16 | Rn(0)<<5 | Rt(2)
        let r = run(report(0xf821_0002, regs: [0: 0x40], far: 0x40, esr: 0x9600_0045))
        #expect(r.replay?.instruction == "ldadd x1, x2, [x0]")
        #expect(r.replay?.status == .reproduced)
        #expect(r.replay?.address == 0x40)
    }

    @Test func postIndexAccessesTheBase() {
        // LDR x1, [x0], #8: 0xf8400000 | imm9(8)<<12 | 01<<10 | Rn(0)<<5 | Rt(1)
        let r = run(report(0xf840_8401, regs: [0: 0x1000_0000], far: 0x1000_0000, esr: 0x9600_0006))
        #expect(r.replay?.status == .reproduced)
        #expect(r.replay?.offset == 0 && r.replay?.writeback == true)
    }

    @Test func preIndexAccessesBasePlusOffset() {
        // LDR x1, [x0, #8]!: 0xf8400000 | imm9(8)<<12 | 11<<10 | Rn(0)<<5 | Rt(1)
        let r = run(report(0xf840_8c01, regs: [0: 0x1000_0000], far: 0x1000_0008, esr: 0x9600_0006))
        #expect(r.replay?.status == .reproduced)
        #expect(r.replay?.offset == 8 && r.replay?.writeback == true)
    }

    @Test func negativeOffset() {
        // LDUR x1, [x0, #-16]: 0xf8400000 | imm9(0x1f0)<<12 | 00<<10 | Rn(0)<<5 | Rt(1)
        let r = run(report(0xf85f_0001, regs: [0: 0x1000_0010], far: 0x1000_0000, esr: 0x9600_0006))
        #expect(r.replay?.status == .reproduced)
        #expect(r.replay?.signedOffset == "-0x10")
    }

    @Test func brkBugIsNotAMemoryAccess() {
        // BRK #0x800: 0xd4200000 | imm16(0x800)<<5
        let r = run(report(0xd421_0000, regs: [:], far: nil, esr: 0xf200_0800))
        #expect(r.replay?.status == .notAMemoryAccess)
        #expect(r.replay?.note?.contains("BUG()/WARN()") == true)
        #expect(r.fault?.esrDecoded?.comment == 0x800)
    }

    @Test func cacheMaintenanceFaultsAtTheRegister() {
        // DC CIVAC, x0: SYS #3, C7, C14, #1, x0 = 0xd50b7e20
        let r = run(report(0xd50b_7e20, regs: [0: 0xffff_ffff_8000_0000], far: 0xffff_ffff_8000_0000, esr: 0x9600_0147))
        #expect(r.replay?.status == .reproduced)
        #expect(r.replay?.baseRegister == "x0")
        #expect(r.fault?.esrDecoded?.cm == true)
        #expect(r.replay?.note?.contains("cache maintenance") == true)
    }

    @Test func aWrongAddressIsAMismatch() {
        let r = run(report(0xf940_1f40, regs: [26: 0x100], far: 0x38, esr: 0x9600_0005))
        #expect(r.replay?.status == .mismatch)
        #expect(r.replay?.address == 0x138 && r.replay?.expectedAddress == 0x38)
    }

    @Test func tagBitsAboveTheAddressAreIgnored() {
        // SLUB poison through a pointer: FAR prints with the top byte cleared.
        let r = run(report(0xf940_1f40, regs: [26: 0x6b6b_6b6b_6b6b_6b6b], far: 0x006b_6b6b_6b6b_6ba3, esr: 0x9600_0004))
        #expect(r.replay?.status == .reproduced)
        #expect(r.replay?.note?.contains("top byte") == true)
    }

    @Test func missingRegistersIsInsufficientData() {
        var r = report(0xf940_1f40, regs: [:], far: 0x38, esr: 0x9600_0005)
        r.registers = nil
        #expect(run(r).replay?.status == .insufficientData)
    }

    @Test func dataFlowNamesTheLoadThatMadeTheBase() {
        // ldr x26, [x19, #8] ; nop ; ldr x0, [x26, #0x38]
        var r = report(0xf940_1f40, regs: [26: 0, 19: 0xffff_0000_1234_0000], far: 0x38, esr: 0x9600_0005)
        r.code = CodeWindow(words: ["f940067a", "d503201f", "f9401f40"], faultingIndex: 2)
        let p = run(r).replay
        #expect(p?.baseOrigin?.how == "load")
        #expect(p?.baseOrigin?.sourceRegister == "x19")
        #expect(p?.baseOrigin?.sourceOffset == 0x8)
        #expect(p?.baseOrigin?.sourceValue == 0xffff_0000_1234_0000)
        #expect(p?.baseOrigin?.relative == -8)
    }

    @Test func engineIsReusedAcrossReports() {
        let d = Arm64Decoding()
        for i in 0..<200 {
            var r = report(0xf940_1f40, regs: [26: UInt64(i) * 0x1000], far: UInt64(i) * 0x1000 + 0x38, esr: 0x9600_0005)
            d.run(&r)
            #expect(r.replay?.status == .reproduced)
        }
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
